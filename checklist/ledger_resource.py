"""The ledger seen through django-import-export: file formats and the Task resource used by the admin.

The admin keeps django-import-export's flow (choose file → preview → confirm) while the reading,
checking and writing are this project's (checklist.ledger, checklist.ledger_import): header found below
title rows, merged cells filled, all-or-nothing writes in bulk, history by the importing user.
"""
import io
from datetime import date

import tablib
from django.core.exceptions import ValidationError
from django.utils.html import format_html
from import_export import fields, resources
from import_export.formats.base_formats import Format
from import_export.results import Result, RowResult

from .ledger import COLUMNS, LedgerRow, open_ledger
from .ledger_export import HEADERS, ledger_queryset, task_row, write_csv, write_xlsx
from .ledger_import import LedgerCheck, apply_ledger, check_ledger
from .models import Task
from .signals import notify_tasks_changed

ROW_HEADER = "行号"  # the Excel row number travels with each row so that messages can name it
_KEY_BY_HEADER = {label: key for key, label in COLUMNS.items()}


class LedgerFile(Format):
    """Import format: .xlsx or .csv task ledger, read by checklist.ledger (content decides which)."""

    def __init__(self, encoding=None):  # the confirm step instantiates import formats with an encoding
        self.encoding = encoding

    def get_title(self):
        return "Excel 台账（.xlsx / .csv）"

    def create_dataset(self, in_stream):
        with open_ledger(io.BytesIO(in_stream) if isinstance(in_stream, bytes) else in_stream) as ledger:
            headers = [COLUMNS[key] for key in ledger.columns]
            data = tablib.Dataset(headers=[ROW_HEADER, *headers])
            for row in ledger.rows():
                due = row.raw_due if isinstance(row.raw_due, date) else None
                data.append([row.row, *(due if key == "due" and due else row.values.get(key, "") for key in ledger.columns)])
        return data

    def get_extension(self):
        return "xlsx"

    def can_import(self):
        return True


class LedgerXLSX(Format):
    def get_title(self):
        return "xlsx"

    def export_data(self, dataset, **kwargs):
        buffer = io.BytesIO()
        write_xlsx(dataset, buffer)
        return buffer.getvalue()

    def get_extension(self):
        return "xlsx"

    def get_content_type(self):
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"

    def can_export(self):
        return True


class LedgerCSV(LedgerXLSX):
    def get_title(self):
        return "csv"

    def export_data(self, dataset, **kwargs):
        buffer = io.BytesIO()
        write_csv(dataset, buffer)
        return buffer.getvalue()

    def get_extension(self):
        return "csv"

    def get_content_type(self):
        return "text/csv; charset=utf-8"


class DatasetLedger:
    """A tablib Dataset made by LedgerFile, seen as the ledger the importer reads."""

    def __init__(self, dataset: tablib.Dataset):
        self.dataset = dataset
        self.columns = {_KEY_BY_HEADER[h]: i for i, h in enumerate(dataset.headers) if h in _KEY_BY_HEADER}

    def __len__(self):
        return len(self.dataset)

    def rows(self):
        for values in self.dataset:
            cells = {key: values[index] for key, index in self.columns.items()}
            raw_due = cells.get("due")
            text = {k: (v.isoformat() if isinstance(v, date) else v) for k, v in cells.items()}
            yield LedgerRow(values[0], text, raw_due)


class TaskLedgerResource(resources.ModelResource):
    """Columns of the task ledger; import and export go through this project's ledger code."""

    number = fields.Field(column_name="序号")
    title = fields.Field(column_name="任务名称")
    text = fields.Field(column_name="具体内容")
    lead_units = fields.Field(column_name="牵头单位")
    responsible_units = fields.Field(column_name="责任单位")
    due = fields.Field(column_name="完成时限")
    status = fields.Field(column_name="状态")
    progress = fields.Field(column_name="进展情况")
    indicators = fields.Field(column_name="对应指标")

    class Meta:
        model = Task
        fields = ("number", "title", "text", "lead_units", "responsible_units", "due", "status", "progress", "indicators")
        name = "任务台账"

    def export(self, queryset=None, **kwargs):
        tasks = queryset if queryset is not None else Task.objects.none()
        data = tablib.Dataset(headers=HEADERS)
        for task in ledger_queryset(tasks):
            data.append(task_row(task))
        return data

    def import_data(self, dataset, dry_run=False, raise_errors=False, plan=None, create_units=False, user=None, **kwargs):
        check = check_ledger(DatasetLedger(dataset), plan, create_units=create_units)
        if not dry_run and not check.errors:
            apply_ledger(check, user=user)
            notify_tasks_changed(Task, plan_ids=[plan.pk])  # the gaps of the plan's region, at once
        return ledger_result(check, dataset)


def ledger_result(check: LedgerCheck, dataset: tablib.Dataset) -> Result:
    """django-import-export's Result for the preview page: one line per row, refused rows with reasons."""
    result = Result()
    result.diff_headers = list(dataset.headers)
    result.ledger_check = check
    by_row = {values[0]: dict(zip(dataset.headers, values)) for values in dataset}
    errors: dict[int, dict[str, list[str]]] = {}
    for e in check.errors:
        errors.setdefault(e.row, {}).setdefault(e.column, []).append(f"“{e.value}”：{e.message}")
    for row, messages in errors.items():
        result.append_invalid_row(row, by_row.get(row, {}), ValidationError(messages))
        result.totals[RowResult.IMPORT_TYPE_INVALID] += 1
    changed_headers = {"lead_units": "牵头单位", "responsible_units": "责任单位", "due_date": "完成时限",
                       "due_text": "完成时限"}
    for outcome in check.outcomes:
        row_result = RowResult()
        row_result.import_type = outcome.action
        marked = {changed_headers.get(k, COLUMNS.get(k)) for k in outcome.changed}
        values = by_row.get(outcome.row, {})
        row_result.diff = [
            format_html("<ins>{}</ins>", values.get(h, "")) if h in marked and outcome.action == "update" else values.get(h, "")
            for h in result.diff_headers
        ]
        if outcome.task is not None:
            row_result.object_id, row_result.object_repr = outcome.task.pk, str(outcome.task)
        result.append_row_result(row_result)
        result.increment_row_result_total(row_result)
    result.total_rows = len(dataset)
    return result
