"""The gap report as an Excel workbook: 概览, (下辖地区 for a city,) 按任务, 按指标, 按单位, 差距清单, 证据.

Each sheet has one bold, frozen, filterable header row and widths that fit its content. Text that
Excel could take for a formula (= + - @ at the start) is neutralised as in the task ledger export.
Rates are numbers formatted as percentages, so they sort and filter as numbers.
"""
import datetime

from django.utils import timezone
from openpyxl import Workbook
from openpyxl.cell import WriteOnlyCell
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from checklist.ledger import neutralize_formula

SHEETS = ("概览", "下辖地区", "按任务", "按指标", "按单位", "差距清单", "证据")  # 下辖地区 only for a city
HEADER_FONT = Font(bold=True)
HEADER_FILL = PatternFill("solid", fgColor="DDEBF7")
BLOCK_FONT = Font(bold=True, color="1F4E79")
WRAP = Alignment(wrap_text=True, vertical="top")
NOTICE_FONT = Font(bold=True, color="B3261E")


class Percent:
    """A rate of 0–100 (or None: nothing to divide by) that becomes a percentage cell."""

    def __init__(self, value: int | None):
        self.value = value


def _value(value):
    if isinstance(value, str):
        return neutralize_formula(value)
    if isinstance(value, datetime.datetime):
        # Excel has no time zones: local time, as staff read it.
        return timezone.localtime(value).replace(tzinfo=None) if timezone.is_aware(value) else value
    if isinstance(value, bool):
        return "是" if value else "否"
    if isinstance(value, (list, tuple)):
        return neutralize_formula("、".join(str(v) for v in value))
    return value


class _Sheet:
    def __init__(self, wb: Workbook, title: str, columns: list[tuple[str, int]], wrap: set[str] = frozenset()):
        self.ws = wb.create_sheet(title)
        self.ws.freeze_panes = "A2"
        self.wrap = [name in wrap for name, _ in columns]
        for index, (_, width) in enumerate(columns, start=1):
            self.ws.column_dimensions[get_column_letter(index)].width = width
        header = []
        for name, _ in columns:
            cell = WriteOnlyCell(self.ws, value=name)
            cell.font, cell.fill = HEADER_FONT, HEADER_FILL
            cell.alignment = Alignment(horizontal="center", vertical="center")
            header.append(cell)
        self.ws.append(header)
        self.ws.auto_filter.ref = f"A1:{get_column_letter(len(columns))}1"

    def row(self, values: list, font: Font | None = None) -> None:
        """Plain values stay plain (fast); only wrapped text, dates and emphasised rows get a styled cell."""
        cells = []
        for value, wrap in zip(values, self.wrap + [False] * (len(values) - len(self.wrap))):
            if isinstance(value, Percent):
                if value.value is None:
                    cells.append("—")
                    continue
                cell = WriteOnlyCell(self.ws, value=value.value / 100)
                cell.number_format = "0%"
                cells.append(cell)
                continue
            value = _value(value)
            is_date = isinstance(value, datetime.date)
            if not (wrap or is_date or font):
                cells.append(value)
                continue
            cell = WriteOnlyCell(self.ws, value=value)
            if wrap:
                cell.alignment = WRAP
            if is_date:
                cell.number_format = "yyyy-mm-dd hh:mm" if isinstance(value, datetime.datetime) else "yyyy-mm-dd"
            if font is not None:
                cell.font = font
            cells.append(cell)
        self.ws.append(cells)


def _rate(value) -> str:
    return "—" if value is None else f"{value}%"


def _overview(wb, report: dict) -> None:
    s = report["summary"]
    sheet = _Sheet(wb, "概览", [("项目", 34), ("数值", 16), ("说明", 70)], wrap={"说明"})
    sheet.row([f"{report['region']['label']}法治政府建设差距报告"], BLOCK_FONT)
    for label, value in (
        ("地区", report["region"]["label"]),
        ("工作计划", report["scope"]),
        ("佐证年度", report["period"]),
        ("统计日期", report["today"]),
        ("生成时间", report["generated_at"]),
        ("指标体系", [x["label"] for x in report["indicator_systems"]] or "—"),
    ):
        sheet.row([label, value])
    for notice in report["notices"]:
        sheet.row(["请注意", "", notice], NOTICE_FONT)
    sheet.row([])
    sheet.row(["主要数据"], BLOCK_FONT)
    for label, value, note in (
        ("任务总数", s["tasks"], f"进行中 {s['in_progress']}，未开始 {s['not_started']}，不适用 {s['not_applicable']}"),
        ("已完成", s["done"], f"完成率 {_rate(s['done_rate'])}"),
        ("逾期未完成", s["overdue"], "完成时限早于统计日期且状态为未开始或进行中"),
        ("有佐证任务", s["with_evidence"], f"已确认或建议的佐证；其中 {s['suggested_only']} 项仅有建议佐证；佐证覆盖 {_rate(s['evidence_rate'])}"),
        ("无佐证任务", s["without_evidence"], "不含不适用的任务"),
        ("末级指标", s["indicators"], "工作计划对应指标体系的末级指标"),
        ("有任务承接的末级指标", s["indicators_with_tasks"], ""),
        ("有佐证的末级指标", s["indicators_covered"], f"覆盖率 {_rate(s['indicator_rate'])}"),
        ("佐证：已确认", s["evidence"]["confirmed"], ""),
        ("佐证：建议（待确认）", s["evidence"]["suggested"], ""),
        ("佐证：已驳回", s["evidence"]["rejected"], ""),
        ("待处理差距", s["open_gaps"], ""),
        ("已知悉差距", s["acknowledged_gaps"], ""),
        ("已解决差距", s["resolved_gaps"], "此前发现、现已解决的差距，不列入差距清单"),
    ):
        sheet.row([label, value, note])
    sheet.row([])
    sheet.row(["差距概况（按规则）", "待处理", "已知悉"], BLOCK_FONT)
    for r in s["gaps_by_rule"]:
        sheet.row([r["label"], r["open"], r["acknowledged"]])
    if report["districts"]:
        sheet.row([])
        sheet.row(["下辖地区对比", "任务 / 已完成 / 逾期", "无佐证 / 佐证覆盖 / 末级指标有佐证 / 待处理差距"], BLOCK_FONT)
        for d in report["districts"]:
            sheet.row([
                d["name"], f"{d['tasks']} / {d['done']} / {d['overdue']}",
                f"{d['without_evidence']} / {_rate(d['evidence_rate'])} / {d['indicators_covered']}/{d['indicators']} / {d['open_gaps']}",
            ])
    if report["sections"]:
        sheet.row([])
        sheet.row(["按计划章节", "有佐证 / 应有", "已完成 / 任务"], BLOCK_FONT)
        for r in report["sections"]:
            sheet.row([r["title"], f"{r['with_evidence']}/{r['applicable']}（{_rate(r['evidence_rate'])}）",
                       f"{r['done']}/{r['tasks']}（{_rate(r['done_rate'])}）"])
    if report["indicator_groups"]:
        sheet.row([])
        sheet.row(["按一级指标", "有佐证 / 末级指标", "有任务承接 / 末级指标"], BLOCK_FONT)
        for r in report["indicator_groups"]:
            sheet.row([r["title"], f"{r['covered']}/{r['indicators']}（{_rate(r['covered_rate'])}）",
                       f"{r['with_tasks']}/{r['indicators']}（{_rate(r['task_rate'])}）"])


def _districts(wb, report: dict) -> None:
    """The districts side by side, one number per cell, so they can be sorted in Excel."""
    sheet = _Sheet(wb, "下辖地区", [
        ("地区", 20), ("工作计划", 9), ("任务", 7), ("已完成", 8), ("完成率", 8), ("逾期", 6), ("有佐证", 8), ("无佐证", 8),
        ("佐证覆盖", 9), ("末级指标", 9), ("有任务承接的末级指标", 12), ("有佐证的末级指标", 12), ("末级指标覆盖率", 9),
        ("待处理差距", 10),
    ])
    for d in report["districts"]:
        sheet.row([
            d["name"], d["plans"], d["tasks"], d["done"], Percent(d["done_rate"]), d["overdue"], d["with_evidence"],
            d["without_evidence"], Percent(d["evidence_rate"]), d["indicators"], d["indicators_with_tasks"],
            d["indicators_covered"], Percent(d["indicator_rate"]), d["open_gaps"],
        ])


def _tasks(wb, report: dict) -> None:
    several = len(report["plans"]) > 1
    columns = [("工作计划", 30)] if several else []
    columns += [
        ("序号", 6), ("任务名称", 36), ("章节", 24), ("牵头单位", 24), ("责任单位", 24), ("完成时限", 14), ("状态", 8),
        ("逾期", 6), ("已确认佐证", 10), ("建议佐证", 9), ("已驳回佐证", 10), ("对应指标", 16), ("差距", 40), ("进展情况", 40),
    ]
    sheet = _Sheet(wb, "按任务", columns, wrap={"任务名称", "章节", "牵头单位", "责任单位", "差距", "进展情况"})
    for t in report["tasks"]:
        row = [t["plan"]] if several else []
        row += [
            t["number"], t["title"], t["section"], t["lead_units"], t["responsible_units"], t["due_text"] or t["due"] or "",
            t["status_label"], t["overdue"], t["evidence"]["confirmed"], t["evidence"]["suggested"], t["evidence"]["rejected"],
            t["indicators"], "；".join(f"{g['rule_label']}（{g['state_label']}）" for g in t["gaps"]), t["progress"],
        ]
        sheet.row(row)


def _indicators(wb, report: dict) -> None:
    sheet = _Sheet(wb, "按指标", [
        ("编码", 14), ("层级", 9), ("序号", 6), ("指标", 50), ("一级指标", 14), ("末级", 6), ("承接任务数", 10),
        ("承接任务", 36), ("有佐证的承接任务", 14), ("指标已确认佐证", 13), ("指标建议佐证", 12), ("有佐证", 7),
        ("末级指标有佐证", 14), ("差距", 36),
    ], wrap={"指标", "承接任务", "差距"})
    for i in report["indicators"]:
        sheet.row([
            i["code"], i["level_label"], i["number"], i["name"], i["first_level"], i["is_leaf"], len(i["tasks"]),
            [f"{t['number']}. {t['title']}" for t in i["tasks"]], i["tasks_with_evidence"], i["evidence"]["confirmed"],
            i["evidence"]["suggested"], i["covered"], f"{i['leaves_covered']}/{i['leaves']}",
            "；".join(f"{g['rule_label']}（{g['state_label']}）" for g in i["gaps"]),
        ])


def _units(wb, report: dict) -> None:
    sheet = _Sheet(wb, "按单位", [
        ("单位", 30), ("统称", 6), ("牵头任务", 9), ("已完成", 8), ("完成率", 8), ("逾期", 6), ("无佐证", 8), ("配合任务", 9),
        ("待处理差距", 10),
    ])
    for u in report["units"]:
        sheet.row([
            u["name"], u["is_collective"], u["lead_tasks"], u["done"], Percent(u["done_rate"]), u["overdue"],
            u["without_evidence"], u["responsible_tasks"], u["open_gaps"],
        ])


def _gaps(wb, report: dict) -> None:
    sheet = _Sheet(wb, "差距清单", [
        ("序号", 6), ("差距规则", 16), ("规则代码", 18), ("对象类型", 9), ("对象", 36), ("差距说明", 48), ("整改建议", 40),
        ("状态", 8), ("首次发现", 16), ("最近发现", 16),
    ], wrap={"对象", "差距说明", "整改建议"})
    for n, g in enumerate(report["gaps"], start=1):
        sheet.row([
            n, g["rule_label"], g["rule"], g["object"]["type_label"], g["object"]["label"], g["message"], g["remedy"],
            g["state_label"], g["first_flagged_at"], g["last_flagged_at"],
        ])


def _evidence(wb, report: dict) -> None:
    sheet = _Sheet(wb, "证据", [
        ("对象", 36), ("对应指标", 14), ("类型", 9), ("状态", 8), ("年度", 6), ("报告", 30), ("所属标题", 30),
        ("原文摘录", 60), ("说明", 30), ("附件", 20), ("得分", 7), ("命中词语", 24), ("审核时间", 16),
    ], wrap={"对象", "所属标题", "原文摘录", "说明"})
    for e in report["evidence"]:
        sheet.row([
            e["target"]["label"], e["indicator"] or "", e["kind_label"], e["state_label"], e["year"], e["report"],
            e["heading"], e["excerpt"], e["note"], e["file"], round(e["score"], 3) if e["score"] is not None else None,
            e["matched_terms"], e["reviewed_at"],
        ])


def write_xlsx(report: dict, stream) -> None:
    wb = Workbook(write_only=True)
    _overview(wb, report)
    if report["districts"]:
        _districts(wb, report)
    _tasks(wb, report)
    _indicators(wb, report)
    _units(wb, report)
    _gaps(wb, report)
    _evidence(wb, report)
    wb.save(stream)
