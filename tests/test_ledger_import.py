"""Task ledgers (台账) through the commands and the import engine: what staff see when they export,
edit in Excel and import again, and what the database holds afterwards."""
import csv
import datetime
import io
import json

import pytest
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.core.management.base import CommandError
from openpyxl import Workbook, load_workbook

from checklist.indicator_import import import_system
from checklist.ledger import open_ledger
from checklist.ledger_export import template_bytes
from checklist.ledger_import import apply_ledger, check_ledger
from checklist.models import OrgUnit, Task, TaskLeadUnit, TaskResponsibleUnit, UnitAlias
from checklist.parsing.indicators import load_indicator_file
from reports.models import Gap
from tests.helpers import INDICATORS_2021, import_donghe

pytestmark = pytest.mark.django_db

PLAN = "东河区:2021"
TITLE_ROW = "附件1：东河区2021年度法治政府建设任务清单"
HEADERS = ["序号", "任务名称", "具体内容", "牵头单位", "责任单位", "完成时限", "状态", "进展情况", "对应指标"]
SHORT_HEADERS = ["序号", "任务名称", "牵头单位", "完成时限", "状态", "对应指标"]
SYSTEM_NAME = "市县法治政府建设示范指标体系(2021年版)"


@pytest.fixture
def plan():
    return import_donghe().plan


@pytest.fixture
def indicator_plan(plan):
    plan.indicator_system = import_system(load_indicator_file(INDICATORS_2021)).system
    plan.save()
    return plan


@pytest.fixture
def clerk():
    return get_user_model().objects.create_user("clerk", password="x")


# --- helpers ---------------------------------------------------------------------------------


def write_book(path, rows, title=None, merges=()):
    """An xlsx as staff make them: optional title row above the header, then the rows as given."""
    wb = Workbook()
    ws = wb.active
    if title:
        ws.append([title])
    for row in rows:
        ws.append(list(row))
    for cells in merges:
        ws.merge_cells(cells)
    wb.save(path)
    return path


def run_import(path, *args, plan=PLAN):
    """import_tasks as from a shell: (exit status, stdout, stderr)."""
    out, err = io.StringIO(), io.StringIO()
    try:
        call_command("import_tasks", str(path), "--plan", plan, *args, stdout=out, stderr=err)
    except SystemExit as exc:
        return exc.code, out.getvalue(), err.getvalue()
    return 0, out.getvalue(), err.getvalue()


def run_json(path, *args):
    status, out, _ = run_import(path, "--json", *args)
    return status, json.loads(out)


def export(path, plan=PLAN):
    call_command("export_tasks", "--plan", plan, "-o", str(path), stdout=io.StringIO())
    return path


def state():
    """Everything an import could write, to prove that nothing was."""
    return {
        "tasks": list(Task.objects.order_by("plan_id", "number").values_list(
            "number", "title", "text", "status", "progress", "due_date", "due_text", "updated_at")),
        "history": Task.history.count(),
        "units": sorted(OrgUnit.objects.values_list("region_id", "name")),
        "aliases": UnitAlias.objects.count(),
        "lead": sorted(TaskLeadUnit.objects.values_list("task_id", "unit_id", "position")),
        "responsible": sorted(TaskResponsibleUnit.objects.values_list("task_id", "unit_id", "position")),
        "indicators": sorted(Task.indicators.through.objects.values_list("task_id", "indicator_id")),
    }


def unit_names(task, field="lead_units"):
    through = task.taskleadunit_set if field == "lead_units" else task.taskresponsibleunit_set
    return [link.unit.name for link in through.order_by("position").select_related("unit")]


def refusal_file(tmp_path, *rows, headers=SHORT_HEADERS, name="台账-修改.xlsx"):
    return write_book(tmp_path / name, [headers, *rows], title=TITLE_ROW)


def edit_export(path, number, **columns):
    """Open an exported workbook in "Excel", change the cells of task `number`, save it."""
    wb = load_workbook(path)
    ws = wb.active
    row = next(r for r in range(2, ws.max_row + 1) if ws.cell(r, 1).value == number)
    for header, value in columns.items():
        ws.cell(row, HEADERS.index(header) + 1).value = value
    wb.save(path)
    return path


# --- round trip ------------------------------------------------------------------------------


@pytest.fixture
def varied_plan(plan):
    """Tasks with the kinds of values a ledger carries: dates, deadlines as written, statuses, progress."""
    Task.objects.filter(number=1).update(due_date=datetime.date(2021, 12, 31), due_text="", status="done",
                                         progress="已完成负面清单梳理")
    Task.objects.filter(number=2).update(due_date=datetime.date(2026, 6, 30), due_text="2026年6月底前",
                                         status="in_progress", progress="第一行\n第二行")
    Task.objects.filter(number=3).update(due_text="持续推进", status="not_applicable")
    return plan


@pytest.mark.parametrize("suffix", ["xlsx", "csv"])
def test_export_then_import_changes_nothing(tmp_path, varied_plan, suffix):
    path = export(tmp_path / f"台账.{suffix}")
    before = state()

    status, report = run_json(path)

    assert status == 0
    assert report == {"created": 0, "updated": 0, "unchanged": 26, "errors": []}
    assert state() == before  # no history rows, not even updated_at touched


def test_edited_export_updates_one_task_with_history_by_the_importing_user(tmp_path, plan, clerk):
    path = edit_export(export(tmp_path / "台账.xlsx"), 5, 状态="已完成", 进展情况="已全面清理规范性文件 12 件")
    before = state()
    other = Task.objects.get(plan=plan, number=4)
    other_history = other.history.count()

    status, report = run_json(path, "--dry-run")
    assert (status, report) == (0, {"created": 0, "updated": 1, "unchanged": 25, "errors": []})
    assert state() == before

    with open_ledger(path) as ledger:
        check = check_ledger(ledger, plan)
    apply_ledger(check, user=clerk)

    task = Task.objects.get(plan=plan, number=5)
    assert (task.status, task.progress) == ("done", "已全面清理规范性文件 12 件")
    assert Task.history.count() == before["history"] + 1
    entry = task.history.first()
    assert (entry.history_type, entry.history_user, entry.history_change_reason) == ("~", clerk, "台账导入")
    assert (entry.status, entry.progress) == ("done", "已全面清理规范性文件 12 件")
    assert entry.prev_record.status == "not_started"
    # the entry keeps the units as they are (nothing lost from the history's unit lists)
    assert sorted(m.unit.name for m in entry.lead_units.all()) == sorted(unit_names(task))
    assert other.history.count() == other_history
    assert unit_names(task) == ["区人大常委会法工委", "区政府办公室", "区司法局", "区市场监督管理局"]


def test_command_import_reports_and_writes_the_edit(tmp_path, plan):
    path = edit_export(export(tmp_path / "台账.xlsx"), 7, 状态="进行中", 完成时限="2021年12月底前")
    history = Task.history.count()

    status, out, err = run_import(path)

    assert (status, err) == (0, "")
    summary, gaps = out.strip().splitlines()
    assert summary == "已导入：新增 0 项，更新 1 项，未变 25 项，拒绝 0 行"
    # the region's gaps are checked right after the import (none had been flagged before)
    assert gaps.startswith("差距清单已随之更新：新出现差距")
    assert Gap.objects.filter(region=plan.region, rule="task_overdue", task__number=7).exists()
    task = Task.objects.get(plan=plan, number=7)
    assert (task.status, task.due_date, task.due_text) == ("in_progress", datetime.date(2021, 12, 31), "2021年12月底前")
    assert Task.history.count() == history + 1
    assert task.history.first().history_change_reason == "台账导入"


def test_command_records_the_named_user_in_the_history(tmp_path, plan, clerk):
    path = edit_export(export(tmp_path / "台账.xlsx"), 7, 状态="已完成")
    status, _, err = run_import(path, "--user", clerk.username)
    assert (status, err) == (0, "")
    assert Task.objects.get(plan=plan, number=7).history.first().history_user == clerk


def test_command_refuses_an_unknown_user_and_writes_nothing(tmp_path, plan):
    path = edit_export(export(tmp_path / "台账.xlsx"), 7, 状态="已完成")
    before = state()
    with pytest.raises(CommandError, match="未找到用户“nobody”"):
        run_import(path, "--user", "nobody")
    assert state() == before


def test_new_rows_are_created_with_units_resolved_through_aliases(tmp_path, plan):
    path = write_book(tmp_path / "新增.xlsx", [
        SHORT_HEADERS[:-1] + ["责任单位", "进展情况"],
        [27, "推进法治政府建设示范创建", "东河区司法局", "2021年12月31日", "进行中", "包头市东河区政府各部门、东河区财政局", "已启动"],
    ], title=TITLE_ROW)
    units = OrgUnit.objects.count()
    history = Task.history.count()

    status, report = run_json(path)

    assert (status, report) == (0, {"created": 1, "updated": 0, "unchanged": 0, "errors": []})
    task = Task.objects.get(plan=plan, number=27)
    assert (task.title, task.status, task.progress) == ("推进法治政府建设示范创建", "in_progress", "已启动")
    assert (task.due_date, task.due_text) == (datetime.date(2021, 12, 31), "2021年12月31日")
    assert unit_names(task) == ["区司法局"]
    assert unit_names(task, "responsible_units") == ["区政府各部门", "区财政局"]
    assert OrgUnit.objects.count() == units  # aliases found the units: none created
    assert Task.objects.filter(plan=plan).count() == 27  # the other tasks are not in the file and stay
    assert Task.history.count() == history + 1
    assert task.history.get().history_type == "+"


# --- refused rows -------------------------------------------------------------------------------

UNIT_MESSAGE = "未找到单位“{}”：请先在“单位”中添加该单位或别名，或选择“自动创建新单位”"
GOOD = [27, "新增任务", "区司法局", "2021-12-31", "进行中", ""]


def _row(**changes):
    row = dict(zip(SHORT_HEADERS, GOOD))
    row.update(changes)
    return [row[h] for h in SHORT_HEADERS]


REFUSALS = {
    "bad number": (
        [_row(序号="第一")],
        [{"row": 3, "column": "序号", "value": "第一", "message": "序号应为正整数，例如 1、2、3"}],
    ),
    "empty title": (
        [_row(任务名称="")],
        [{"row": 3, "column": "任务名称", "value": "", "message": "任务名称不能为空"}],
    ),
    "duplicate number": (
        [_row(), _row(任务名称="另一项任务")],
        [{"row": 4, "column": "序号", "value": "27", "message": "序号重复：第 3 行已使用序号 27"}],
    ),
    "unknown unit": (
        [_row(牵头单位="区司法局、区数据局")],
        [{"row": 3, "column": "牵头单位", "value": "区数据局", "message": UNIT_MESSAGE.format("区数据局")}],
    ),
    "impossible date": (
        [_row(完成时限="2021-02-30")],
        [{"row": 3, "column": "完成时限", "value": "2021-02-30",
          "message": "无法识别的日期“2021-02-30”：请填写如 2021-12-31 或 2021年12月底"}],
    ),
    "bad status": (
        [_row(状态="搁置")],
        [{"row": 3, "column": "状态", "value": "搁置", "message": "状态应为：未开始、进行中、已完成、不适用"}],
    ),
    "indicator without system": (
        [_row(对应指标="2021-L3-001")],
        [{"row": 3, "column": "对应指标", "value": "2021-L3-001",
          "message": "该计划未关联指标体系，无法识别对应指标；请先在计划中选择指标体系"}],
    ),
}


@pytest.mark.parametrize("case", list(REFUSALS))
def test_refused_rows_are_reported_and_nothing_is_written(tmp_path, plan, case):
    rows, errors = REFUSALS[case]
    path = refusal_file(tmp_path, *rows)
    before = state()

    status, report = run_json(path)

    assert status == 1
    assert report["errors"] == errors
    assert report["created"] == (1 if case == "duplicate number" else 0)  # the first 27 was fine
    assert state() == before


def test_unknown_indicator_code_is_refused(tmp_path, indicator_plan):
    path = refusal_file(tmp_path, _row(对应指标="2021-L3-001、2021-L3-099"), _row(序号=28, 对应指标="9.9"))
    before = state()

    status, report = run_json(path)

    message = "指标“{}”不在《" + SYSTEM_NAME + "》中，请填写该体系的指标序号或编码"
    assert status == 1
    assert report["errors"] == [
        {"row": 3, "column": "对应指标", "value": "2021-L3-099", "message": message.format("2021-L3-099")},
        {"row": 4, "column": "对应指标", "value": "9.9", "message": message.format("9.9")},
    ]
    assert state() == before


def test_indicators_by_code_or_number_are_linked(tmp_path, indicator_plan):
    path = refusal_file(tmp_path, _row(对应指标="2021-L3-001；2"))

    status, report = run_json(path)

    assert (status, report["created"], report["errors"]) == (0, 1, [])
    task = Task.objects.get(plan=indicator_plan, number=27)
    assert sorted(task.indicators.values_list("code", flat=True)) == ["2021-L3-001", "2021-L3-002"]


def test_refusals_in_text_output_name_row_column_and_value(tmp_path, plan):
    path = refusal_file(tmp_path, _row(序号="abc"), _row(序号=28, 状态="搁置", 完成时限="2021-13-01"))

    status, out, err = run_import(path)

    assert status == 1
    assert err.splitlines() == [
        "第 3 行 序号“abc”：序号应为正整数，例如 1、2、3",
        "第 4 行 完成时限“2021-13-01”：无法识别的日期“2021-13-01”：请填写如 2021-12-31 或 2021年12月底",
        "第 4 行 状态“搁置”：状态应为：未开始、进行中、已完成、不适用",
    ]
    assert out.strip() == "检查结果（未写入）：新增 0 项，更新 0 项，未变 0 项，拒绝 2 行"


def test_create_units_accepts_unknown_units_and_creates_each_once(tmp_path, plan):
    path = refusal_file(tmp_path, _row(牵头单位="区司法局、区数据局"), _row(序号=28, 牵头单位="东河区数据局"))
    units = OrgUnit.objects.count()

    status, report = run_json(path, "--create-units")

    assert (status, report) == (0, {"created": 2, "updated": 0, "unchanged": 0, "errors": []})
    assert OrgUnit.objects.count() == units + 1
    created = OrgUnit.objects.get(name="区数据局")
    assert created.region == plan.region
    assert list(created.aliases.values_list("name", flat=True)) == ["东河区数据局"]
    assert unit_names(Task.objects.get(plan=plan, number=27)) == ["区司法局", "区数据局"]
    assert unit_names(Task.objects.get(plan=plan, number=28)) == ["区数据局"]
    task = Task.objects.get(plan=plan, number=27)
    assert (task.due_date, task.due_text, task.status) == (datetime.date(2021, 12, 31), "", "in_progress")


def test_one_bad_row_refuses_the_whole_file(tmp_path, plan):
    task5 = Task.objects.get(plan=plan, number=5)
    path = refusal_file(
        tmp_path,
        [5, task5.title, "、".join(unit_names(task5)), "", "已完成", ""],  # an update
        _row(牵头单位="区数据局"),  # a new task with a new unit
        _row(序号=28, 任务名称="第二项新增任务"),
        _row(序号=29, 任务名称="第三项新增任务", 完成时限="2021-02-30"),  # the bad row
    )
    before = state()

    status, report = run_json(path, "--create-units")

    assert status == 1
    assert report == {
        "created": 2, "updated": 1, "unchanged": 0,
        "errors": [{"row": 6, "column": "完成时限", "value": "2021-02-30",
                    "message": "无法识别的日期“2021-02-30”：请填写如 2021-12-31 或 2021年12月底"}],
    }
    assert state() == before
    assert not OrgUnit.objects.filter(name="区数据局").exists()
    assert Task.objects.get(pk=task5.pk).status == "not_started"


def test_dry_run_reports_and_writes_nothing(tmp_path, plan):
    path = edit_export(export(tmp_path / "台账.xlsx"), 9, 状态="已完成")
    path2 = refusal_file(tmp_path, _row(牵头单位="区数据局"))
    before = state()

    status, out, err = run_import(path, "--dry-run")
    assert (status, err) == (0, "")
    assert out.strip() == "检查结果（未写入）：新增 0 项，更新 1 项，未变 25 项，拒绝 0 行"

    status, report = run_json(path2, "--dry-run", "--create-units")
    assert (status, report) == (0, {"created": 1, "updated": 0, "unchanged": 0, "errors": []})

    assert state() == before


def test_json_output_has_exactly_the_documented_shape(tmp_path, plan):
    path = refusal_file(tmp_path, _row(), _row(序号=28, 状态="搁置"))

    status, out, err = run_import(path, "--json")

    assert status == 1
    assert err == ""
    assert json.loads(out) == {
        "created": 1,
        "updated": 0,
        "unchanged": 0,
        "errors": [{"row": 4, "column": "状态", "value": "搁置", "message": "状态应为：未开始、进行中、已完成、不适用"}],
    }


# --- a realistic ledger -----------------------------------------------------------------------


def test_messy_ledger_as_staff_make_it(tmp_path, plan):
    rows = [
        ["序號：", "任務名稱", "完成時限（年月日）", "牽頭單位", "責任單位", "狀態", "進展情況"],
        [27, "推进“八五”普法规划实施", "2026年6月底前", "东河区司法局", "区政府各部门", "进行中", "已制定方案"],
        [28, "开展行政执法案卷评查", "每季度", None, "区政府各行政执法部门", "未开始", ""],
        [29, "深化法治宣传教育", "持续推进", None, "区委宣传部，区司法局", "進行中", ""],
        [],
        [30, "落实行政复议体制改革", datetime.datetime(2021, 9, 30), "区司法局", "", "已完成", "已完成"],
        ["３１、", "编制权责清单", "2021年12月底", "区政务服务局", "区政府各部门", "", ""],
        [32, "开展规范性文件清理", "2021/12/31", "区政府办公室", "", "未开始", ""],
        [33, "公布重大行政决策目录", "2021年12月31日", "区政府办公室", "", "未开始", ""],
    ]
    path = write_book(tmp_path / "东河区台账.xlsx", rows, title=TITLE_ROW, merges=["A1:G1", "D3:D5"])

    status, report = run_json(path)

    assert (status, report) == (0, {"created": 7, "updated": 0, "unchanged": 0, "errors": []})
    tasks = {t.number: t for t in Task.objects.filter(plan=plan, number__gt=26)}
    assert sorted(tasks) == [27, 28, 29, 30, 31, 32, 33]
    assert {n: (t.due_date, t.due_text) for n, t in tasks.items()} == {
        27: (datetime.date(2026, 6, 30), "2026年6月底前"),
        28: (None, "每季度"),
        29: (None, "持续推进"),
        30: (datetime.date(2021, 9, 30), ""),
        31: (datetime.date(2021, 12, 31), "2021年12月底"),
        32: (datetime.date(2021, 12, 31), "2021/12/31"),
        33: (datetime.date(2021, 12, 31), "2021年12月31日"),
    }
    # the merged unit cell applies to all three rows
    assert {n: unit_names(tasks[n]) for n in (27, 28, 29)} == {27: ["区司法局"], 28: ["区司法局"], 29: ["区司法局"]}
    assert unit_names(tasks[29], "responsible_units") == ["区委宣传部", "区司法局"]
    assert {n: t.status for n, t in tasks.items()} == {
        27: "in_progress", 28: "not_started", 29: "in_progress", 30: "done", 31: "not_started",
        32: "not_started", 33: "not_started",
    }
    assert tasks[27].title == "推进“八五”普法规划实施"
    assert tasks[27].progress == "已制定方案"


# --- bad files ----------------------------------------------------------------------------------


def _not_excel(path):
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(64))


def _encrypted(path):
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))


def _no_headers(path):
    write_book(path, [["项目", "单位", "时间"], ["推进依法行政", "区司法局", "2021-12-31"]], title=TITLE_ROW)


def _no_title_column(path):
    write_book(path, [["编号", "牵头单位", "完成时限"], [1, "区司法局", "2021-12-31"]])


BAD_FILES = {
    "not excel": (_not_excel, "不是有效的 Excel 文件（.xlsx）或 CSV 文件"),
    "encrypted": (_encrypted, "文件已加密或为旧版 .xls 格式，请在 Excel 中取消密码并另存为 .xlsx 后再导入"),
    "no headers": (_no_headers, "未找到表头：缺少列“序号”“任务名称”，请确认第一张工作表包含这些列标题"),
    "no title column": (_no_title_column, "未找到表头：缺少列“任务名称”，请确认第一张工作表包含这些列标题"),
}


@pytest.mark.parametrize("case", list(BAD_FILES))
def test_bad_files_are_refused_with_a_message(tmp_path, plan, case):
    make, message = BAD_FILES[case]
    path = tmp_path / "台账.xlsx"
    make(path)
    before = state()

    with pytest.raises(CommandError) as raised:
        run_import(path)

    assert str(raised.value) == message
    assert state() == before


def test_unknown_plan_is_refused(tmp_path, plan):
    path = refusal_file(tmp_path, _row())
    with pytest.raises(CommandError) as raised:
        run_import(path, plan="东河区:2030")
    assert str(raised.value) == "东河区没有 2030 年度的计划"


# --- formulas and the exported workbook ---------------------------------------------------------

FORMULAS = {
    (1, "title"): '=HYPERLINK("http://x")',
    (2, "progress"): "+86 项已完成",
    (3, "progress"): "-5 项未完成",
    (4, "progress"): "@张三 负责",
}


@pytest.fixture
def formula_plan(plan):
    for (number, field), value in FORMULAS.items():
        Task.objects.filter(plan=plan, number=number).update(**{field: value})
    return plan


def test_exported_xlsx_cells_cannot_run_as_formulas_and_reimport_restores_them(tmp_path, formula_plan):
    path = export(tmp_path / "台账.xlsx")
    ws = load_workbook(path).active
    column = {"title": HEADERS.index("任务名称") + 1, "progress": HEADERS.index("进展情况") + 1}
    for (number, field), value in FORMULAS.items():
        cell = ws.cell(number + 1, column[field])
        assert (cell.value, cell.data_type) == ("'" + value, "s")
    before = state()

    status, report = run_json(path)

    assert (status, report) == (0, {"created": 0, "updated": 0, "unchanged": 26, "errors": []})
    assert state() == before
    assert Task.objects.get(plan=formula_plan, number=1).title == '=HYPERLINK("http://x")'


def test_exported_csv_cells_cannot_run_as_formulas_and_reimport_restores_them(tmp_path, formula_plan):
    path = export(tmp_path / "台账.csv")
    raw = path.read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")  # BOM: Excel opens the Chinese intact
    rows = list(csv.reader(io.StringIO(raw.decode("utf-8-sig"))))
    assert rows[0] == HEADERS
    assert rows[1][1] == "'=HYPERLINK(\"http://x\")"
    assert [rows[n][7] for n in (2, 3, 4)] == ["'+86 项已完成", "'-5 项未完成", "'@张三 负责"]
    before = state()

    status, report = run_json(path)

    assert (status, report) == (0, {"created": 0, "updated": 0, "unchanged": 26, "errors": []})
    assert state() == before


WIDTHS = {"A": 6, "B": 30, "C": 60, "D": 24, "E": 24, "F": 14, "G": 10, "H": 40, "I": 16}


def _check_layout(ws):
    assert [c.value for c in ws[1]] == HEADERS
    assert ws.freeze_panes == "A2"
    assert {col: ws.column_dimensions[col].width for col in WIDTHS} == WIDTHS
    validations = ws.data_validations.dataValidation
    assert len(validations) == 1
    status = validations[0]
    assert (status.type, status.formula1) == ("list", '"未开始,进行中,已完成,不适用"')
    assert str(status.sqref) == "G2:G5000"
    assert status.showErrorMessage


def test_exported_workbook_layout(tmp_path, varied_plan):
    path = export(tmp_path / "台账.xlsx")
    ws = load_workbook(path).active

    _check_layout(ws)
    assert ws.max_row == 27
    assert [ws.cell(r, 1).value for r in range(2, 28)] == list(range(1, 27))
    assert [ws.cell(r, 7).value for r in (2, 3, 4, 5)] == ["已完成", "进行中", "不适用", "未开始"]
    due = ws["F2"]  # a bare date stays a real Excel date
    assert (due.value, due.number_format) == (datetime.datetime(2021, 12, 31), "yyyy-mm-dd")
    assert [ws["F3"].value, ws["F4"].value, ws["F5"].value] == ["2026年6月底前", "持续推进", None]


def test_template_has_the_layout_and_no_rows(tmp_path):
    path = tmp_path / "模板.xlsx"
    path.write_bytes(template_bytes())
    wb = load_workbook(path)

    assert wb.active.title == "任务台账模板"
    _check_layout(wb.active)
    assert wb.active.max_row == 1


# --- ledgers from other counties ------------------------------------------------------------------


def test_ledger_of_another_county_with_sections_notes_and_units_as_written(tmp_path, plan):
    rows = [
        ["填报单位：东河区司法局", None, None, None, "填报日期：2021年7月1日"],
        ["编号", "工作任务", "工作措施", "主责单位", "协同单位", "时间节点", "完成状态", "推进情况"],
        ["一、依法全面履行政府职能"],
        [27, "深化放管服改革", "精简审批事项", None, "区司法局（牵头）、区财政局等部门", "6月30日前", "序时推进", ""],
        ["二", "完善依法行政制度体系", None, None, None, None, None, None],
        [28, "加强规范性文件管理", "开展清理", "区司法局、东河区司法局", "无", "2021年10月-12月", "已完成（长期坚持）", "已清理"],
        [29, "推进重大行政决策规范化", "", "区政府办公室", "区司法局 区财政局", "二〇二一年十二月底", "", ""],
        [30], [31],
        ["合计", None, None, None, None, None, None, "3项"],
        ["备注：各单位于每月25日前报送。"],
    ]
    path = write_book(tmp_path / "外县台账.xlsx", rows, title=TITLE_ROW, merges=["A1:H1", "A4:H4", "A13:H13"])

    status, report = run_json(path)

    assert (status, report) == (0, {"created": 3, "updated": 0, "unchanged": 0, "errors": []})
    tasks = {t.number: t for t in Task.objects.filter(plan=plan, number__gt=26)}
    assert sorted(tasks) == [27, 28, 29]
    # (牵头) in the 协同单位 cell names the lead; 等部门 is no unit; two spellings of one unit link it once
    assert (unit_names(tasks[27]), unit_names(tasks[27], "responsible_units")) == (["区司法局"], ["区财政局"])
    assert (unit_names(tasks[28]), unit_names(tasks[28], "responsible_units")) == (["区司法局"], [])
    assert unit_names(tasks[29], "responsible_units") == ["区司法局", "区财政局"]
    # a deadline without its year is in the plan's year
    assert {n: (t.due_date, t.due_text) for n, t in tasks.items()} == {
        27: (datetime.date(2021, 6, 30), "6月30日前"),
        28: (datetime.date(2021, 12, 31), "2021年10月-12月"),
        29: (datetime.date(2021, 12, 31), "二〇二一年十二月底"),
    }
    assert {n: t.status for n, t in tasks.items()} == {27: "in_progress", 28: "done", 29: "not_started"}


def test_gbk_csv_with_a_section_row_and_a_total(tmp_path, plan):
    path = tmp_path / "台账.csv"
    path.write_bytes((
        "东河区2021年法治政府建设任务台账\n"
        "序号,任务名称,牵头部门,配合部门,完成时间,状态\n"
        "一、总体要求,,,,,\n"
        "27,推进依法行政,区司法局,区财政局 区发改委,2021.06.30,进行中\n"
        "28,深化法治宣传,\"区司法局\n区委宣传部\",,长期,\n"
        "合计,,,,,\n"
    ).encode("gbk"))

    status, report = run_json(path)

    assert (status, report) == (0, {"created": 2, "updated": 0, "unchanged": 0, "errors": []})
    task27, task28 = Task.objects.filter(plan=plan, number__in=[27, 28]).order_by("number")
    assert unit_names(task27, "responsible_units") == ["区财政局", "区发改委"]
    assert task27.due_date == datetime.date(2021, 6, 30)
    assert unit_names(task28) == ["区司法局", "区委宣传部"]


def test_task_merged_over_several_rows_is_one_task(tmp_path, plan):
    rows = [
        ["序号", "重点任务", "具体措施", "牵头单位", "完成时限", "状态"],
        [27, "推进行政执法规范化", "全面推行三项制度", "区司法局", datetime.datetime(2021, 6, 30), "进行中"],
        [None, None, "开展案卷评查", "区财政局", "2021年12月底前", None],
        [28, "深化普法", "落实普法责任制", "区司法局", "长期", "未开始"],
    ]
    path = write_book(tmp_path / "台账.xlsx", rows, merges=["A2:A3", "B2:B3", "F2:F3"])

    status, report = run_json(path)

    assert (status, report) == (0, {"created": 2, "updated": 0, "unchanged": 0, "errors": []})
    task = Task.objects.get(plan=plan, number=27)
    assert (task.text, task.due_date, task.status) == ("全面推行三项制度\n开展案卷评查", datetime.date(2021, 12, 31), "in_progress")
    assert unit_names(task) == ["区司法局", "区财政局"]


def test_merged_task_with_two_statuses_is_refused_on_its_first_row(tmp_path, plan):
    rows = [
        ["序号", "重点任务", "具体措施", "牵头单位", "状态"],
        [27, "推进行政执法规范化", "全面推行三项制度", "区司法局", "已完成"],
        [None, None, "开展案卷评查", "区司法局", "进行中"],
    ]
    path = write_book(tmp_path / "台账.xlsx", rows, title=TITLE_ROW, merges=["A3:A4", "B3:B4"])
    before = state()

    status, report = run_json(path)

    assert status == 1
    assert report["errors"] == [{"row": 3, "column": "状态", "value": "已完成；进行中",
                                 "message": "状态应为：未开始、进行中、已完成、不适用"}]
    assert state() == before
