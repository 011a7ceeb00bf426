"""Writing task ledgers: the same columns the importer reads, so export → import changes nothing."""
import csv
import io
from collections.abc import Iterable, Iterator

from django.db.models import Prefetch, QuerySet
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from .ledger import COLUMNS, STATUS_LABELS, neutralize_formula
from .models import Indicator, OrgUnit, Task

HEADERS = list(COLUMNS.values())
# Character widths that fit typical content: short numbers and dates, long task texts.
WIDTHS = {"序号": 6, "任务名称": 30, "具体内容": 60, "牵头单位": 24, "责任单位": 24, "完成时限": 14, "状态": 10,
          "进展情况": 40, "对应指标": 16}
STATUS_COLUMN = get_column_letter(HEADERS.index("状态") + 1)
NUMBER_COLUMN = get_column_letter(HEADERS.index("序号") + 1)
DUE_COLUMN = get_column_letter(HEADERS.index("完成时限") + 1)
MAX_TEMPLATE_ROWS = 5000  # rows covered by the status drop-down


def ledger_queryset(tasks: QuerySet) -> QuerySet:
    """The tasks with everything a ledger row shows, in a fixed number of queries.

    Prefetches the caller made are dropped first: the admin's list already prefetches lead_units
    (with another ordering), and Django refuses the same lookup twice with different querysets.
    """
    return tasks.prefetch_related(None).order_by("plan_id", "number").prefetch_related(
        Prefetch("lead_units", queryset=OrgUnit.objects.order_by("taskleadunit__position")),
        Prefetch("responsible_units", queryset=OrgUnit.objects.order_by("taskresponsibleunit__position")),
        Prefetch("indicators", queryset=Indicator.objects.order_by("position")),
    )


def task_row(task: Task) -> list:
    """One ledger row; text cells are neutralised so that no cell can run as a formula in Excel."""
    due = task.due_text or task.due_date  # the deadline as written wins; a bare date stays a real Excel date
    cells = [
        task.number,
        task.title,
        task.text,
        "、".join(u.name for u in task.lead_units.all()),
        "、".join(u.name for u in task.responsible_units.all()),
        due if due else "",
        STATUS_LABELS.get(task.status, task.status),
        task.progress,
        "、".join(i.code for i in task.indicators.all()),
    ]
    return [neutralize_formula(c) if isinstance(c, str) else c for c in cells]


def task_rows(tasks: QuerySet) -> Iterator[list]:
    for task in ledger_queryset(tasks).iterator(chunk_size=2000):
        yield task_row(task)


def write_xlsx(rows: Iterable[list], stream, title: str = "任务台账") -> None:
    """An xlsx with a frozen, bold header, sensible widths and a status drop-down."""
    wb = Workbook()
    ws = wb.active
    ws.title = title[:31]
    ws.append(HEADERS)
    for cell in ws[1]:
        cell.font = Font(bold=True)
        cell.fill = PatternFill("solid", fgColor="DDEBF7")
        cell.alignment = Alignment(horizontal="center", vertical="center")
    ws.freeze_panes = "A2"
    for index, header in enumerate(HEADERS, start=1):
        ws.column_dimensions[get_column_letter(index)].width = WIDTHS[header]
    count = 0
    for row in rows:
        ws.append(row)
        count += 1
    choices = ",".join(STATUS_LABELS.values())
    validation = DataValidation(type="list", formula1=f'"{choices}"', allow_blank=True)
    validation.error = "请从下拉列表中选择：" + "、".join(STATUS_LABELS.values())
    validation.errorTitle = "状态不正确"
    validation.showErrorMessage = True
    validation.add(f"{STATUS_COLUMN}2:{STATUS_COLUMN}{max(count + 1, MAX_TEMPLATE_ROWS)}")
    ws.add_data_validation(validation)
    for column in (NUMBER_COLUMN, DUE_COLUMN):
        for cell in ws[column][1:]:
            cell.alignment = Alignment(horizontal="center")
    for cell in ws[DUE_COLUMN][1:]:
        if not isinstance(cell.value, str):
            cell.number_format = "yyyy-mm-dd"
    wb.save(stream)


def write_csv(rows: Iterable[list], stream) -> None:
    """UTF-8 with BOM, which Excel opens with the Chinese intact."""
    text = io.TextIOWrapper(stream, encoding="utf-8-sig", newline="")
    writer = csv.writer(text)
    writer.writerow(HEADERS)
    for row in rows:
        writer.writerow([c.isoformat() if hasattr(c, "isoformat") else c for c in row])
    text.flush()
    text.detach()


def template_bytes() -> bytes:
    buffer = io.BytesIO()
    write_xlsx([], buffer, title="任务台账模板")
    return buffer.getvalue()
