"""What each output of the gap report holds: the xlsx read back sheet by sheet, the PDF's text and fonts, the JSON, the HTML."""
import datetime
import io
import json

import pytest
from django.core.management import CommandError, call_command
from openpyxl import load_workbook
from pdfminer.high_level import extract_text
from pdfminer.pdfdocument import PDFDocument
from pdfminer.pdfpage import PDFPage
from pdfminer.pdfparser import PDFParser
from pdfminer.pdftypes import resolve1

from reports.gap_report import build_gap_report, filename, render_output
from reports.gap_report.chart import bar_chart
from tests.test_gap_report_data import TODAY, build_sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample():
    return build_sample()


@pytest.fixture
def report(sample):
    return build_gap_report(sample["donghe"], plan=sample["plan"], today=TODAY)


def rows(ws) -> list[list]:
    return [list(r) for r in ws.iter_rows(values_only=True)]


# --- xlsx ------------------------------------------------------------------------------------


def test_xlsx_has_the_six_sheets_with_frozen_chinese_headers(report):
    wb = load_workbook(io.BytesIO(render_output(report, "xlsx")))
    assert wb.sheetnames == ["概览", "按任务", "按指标", "按单位", "差距清单", "证据"]
    for ws in wb.worksheets:
        assert ws.freeze_panes == "A2", ws.title
        assert ws["A1"].font.b, ws.title
        assert ws.column_dimensions["A"].width >= 6, ws.title
    assert rows(wb["按任务"])[0] == [
        "序号", "任务名称", "章节", "牵头单位", "责任单位", "完成时限", "状态", "逾期", "已确认佐证", "建议佐证", "已驳回佐证",
        "对应指标", "差距", "进展情况",
    ]
    assert rows(wb["差距清单"])[0][:8] == ["序号", "差距规则", "规则代码", "对象类型", "对象", "差距说明", "整改建议", "状态"]


def test_xlsx_sheets_hold_the_report(report):
    wb = load_workbook(io.BytesIO(render_output(report, "xlsx")))
    overview = {r[0]: r[1] for r in rows(wb["概览"]) if r and r[0]}
    assert overview["地区"] == "包头市 东河区"
    assert overview["工作计划"] == "东河区2024年度法治政府建设工作计划"
    assert (overview["任务总数"], overview["逾期未完成"], overview["无佐证任务"], overview["待处理差距"]) == (5, 2, 1, 5)
    assert overview["有佐证的末级指标"] == 3
    assert "包头市 东河区法治政府建设差距报告" in overview

    tasks = {r[0]: r for r in rows(wb["按任务"])[1:]}
    assert tasks[1][:9] == [1, "实施统一的市场准入负面清单制度", "一、深入推进法治化营商环境建设", "区发改委", "区政府各部门",
                            datetime.datetime(2025, 3, 31), "进行中", "是", 1]
    assert tasks[1][11] == "2021-L3-001"
    assert tasks[1][12] == "任务逾期未完成（待处理）"
    assert tasks[2][3] == "区司法局、区政务服务局"
    # A title that starts like a formula stays text in Excel.
    assert tasks[4][1] == "'=SUM(A1)测试公式"

    indicators = rows(wb["按指标"])
    assert len(indicators) == 1 + 9  # two first-level, two second-level, five last-level indicators
    leaf3 = next(r for r in indicators if r[0] == "2021-L3-003")
    assert leaf3[3] == "三级指标3" and leaf3[11] == "是" and leaf3[13] == "指标无任务承接（待处理）"

    units = {r[0]: r for r in rows(wb["按单位"])[1:]}
    # The rate is a number shown as a percentage, so the column sorts as numbers.
    assert units["区司法局"][2:8] == [2, 1, 0.5, 0, 1, 0]
    rate_cell = next(r for r in wb["按单位"].iter_rows(min_row=2) if r[0].value == "区司法局")[4]
    assert rate_cell.number_format == "0%"
    assert units["区政府各部门"][1] == "是"

    gaps = rows(wb["差距清单"])[1:]
    assert len(gaps) == 6
    assert gaps[0][1:6] == ["任务缺少佐证", "task_no_evidence", "任务", "3. 规范行政审批中介服务", "'=任务缺少佐证（以等号开头）"]
    assert [g[7] for g in gaps].count("已知悉") == 1

    evidence = rows(wb["证据"])
    assert len(evidence) == 1 + 5
    assert evidence[1][:6] == ["1. 实施统一的市场准入负面清单制度", None, "报告段落", "已确认", 2024, "东河区2024年法治政府建设情况报告"]


def test_xlsx_of_a_city_lists_its_districts(sample):
    report = build_gap_report(sample["city"], today=TODAY)
    wb = load_workbook(io.BytesIO(render_output(report, "xlsx")))
    overview = rows(wb["概览"])
    names = [r[0] for r in overview]
    assert "下辖地区对比" in names
    assert overview[names.index("东河区")][1] == "6 / 1 / 2"


# --- PDF -------------------------------------------------------------------------------------


def pdf_text(data: bytes) -> str:
    """The PDF's text without spaces and line breaks: table cells wrap wherever their width ends."""
    return "".join(extract_text(io.BytesIO(data)).split())


def pdf_fonts(data: bytes) -> set[str]:
    fonts = set()
    doc = PDFDocument(PDFParser(io.BytesIO(data)))
    for page in PDFPage.create_pages(doc):
        for font in resolve1(resolve1(page.resources).get("Font", {})).values():
            fonts.add(resolve1(font)["BaseFont"].name)
    return fonts


def test_pdf_is_a4_with_chinese_text_and_an_embedded_cjk_font(report):
    data = render_output(report, "pdf")
    assert data.startswith(b"%PDF")
    raw = extract_text(io.BytesIO(data))
    text = "".join(raw.split())
    for expected in (
        "包头市东河区法治政府建设差距报告", "差距概况（按规则）", "按计划章节：佐证与完成情况", "按一级指标：承接与佐证情况",
        "各单位情况", "差距清单（6项）", "1.实施统一的市场准入负面清单制度", "区发改委", "任务逾期未完成", "督促牵头单位完成任务",
    ):
        assert expected in text, expected
    # The charts are drawn into the PDF: their labels and legends are text in it.
    assert "一、深入推进法治化营商环境建设" in text and "有佐证的任务" in text and "有任务承接的末级指标" in text
    assert "(cid:" not in raw  # every glyph maps back to its character
    fonts = pdf_fonts(data)
    assert any("WenQuanYi" in f for f in fonts), fonts
    doc = PDFDocument(PDFParser(io.BytesIO(data)))
    for page in PDFPage.create_pages(doc):
        width, height = page.mediabox[2] - page.mediabox[0], page.mediabox[3] - page.mediabox[1]
        assert (round(width), round(height)) == (595, 842)  # A4 in points


def test_pdf_of_a_city_compares_its_districts(sample):
    text = pdf_text(render_output(build_gap_report(sample["city"], today=TODAY), "pdf"))
    assert "下辖地区对比" in text and "东河区" in text and "青山区" in text
    assert "本级暂无工作计划" in text


# --- JSON and HTML -----------------------------------------------------------------------------


def test_json_holds_summary_tasks_indicators_units_and_gaps(report):
    data = json.loads(render_output(report, "json"))
    assert {"summary", "tasks", "indicators", "units", "gaps", "region", "plan", "year", "generated_at"} <= set(data)
    assert data["summary"]["tasks"] == 5 and data["summary"]["open_gaps"] == 5
    first = data["tasks"][0]
    assert (first["number"], first["title"], first["status"], first["status_label"]) == (
        1, "实施统一的市场准入负面清单制度", "in_progress", "进行中")
    assert first["due"] == "2025-03-31"
    assert first["lead_units"] == ["区发改委"]
    assert first["evidence"] == {"suggested": 0, "confirmed": 1, "rejected": 0}
    assert first["gaps"] == [{"rule": "task_overdue", "rule_label": "任务逾期未完成", "state": "open", "state_label": "待处理",
                              "message": f"task_overdue task:{first['id']}"}]
    gap = data["gaps"][0]
    assert {k: gap[k] for k in ("rule", "state", "state_label", "message")} == {
        "rule": "task_no_evidence", "state": "open", "state_label": "待处理", "message": "=任务缺少佐证（以等号开头）"}
    assert gap["object"]["type"] == "task" and gap["object"]["label"] == "3. 规范行政审批中介服务"
    assert {i["code"] for i in data["indicators"]} >= {"2021-L1-01", "2021-L3-005"}
    assert {u["name"] for u in data["units"]} == {"区发改委", "区司法局", "区政务服务局", "区政府各部门"}
    assert data["plan"]["year"] == 2024 and data["year"] is None
    datetime.datetime.fromisoformat(data["generated_at"])
    assert data["today"] == "2025-06-30"


def test_html_file_stands_alone(report):
    html = render_output(report, "html").decode()
    assert html.startswith("<!DOCTYPE html>")
    assert "<svg" in html and "@page" in html and "WenQuanYi Micro Hei" in html
    assert "实施统一的市场准入负面清单制度" in html
    assert "/admin/" not in html  # links would lead nowhere from a file


def test_filenames():
    report = {"region": {"name": "东河区"}, "plan": {"year": 2024}, "year": 2025}
    assert filename(report, "xlsx") == "东河区差距报告-2024年计划-2025年度.xlsx"
    assert filename({"region": {"name": "包头市"}, "plan": None, "year": None}, "pdf") == "包头市差距报告.pdf"


# --- the command -------------------------------------------------------------------------------


@pytest.mark.parametrize("fmt", ["html", "xlsx", "pdf", "json"])
def test_command_writes_each_format(sample, tmp_path, fmt):
    out = tmp_path / f"report.{fmt}"
    stdout = io.StringIO()
    call_command("gap_report", "--region", "包头市/东河区", "--plan", "东河区:2024", "--year", "2024", "--format", fmt,
                 "-o", str(out), stdout=stdout)
    data = out.read_bytes()
    assert "已生成" in stdout.getvalue()
    if fmt == "json":
        parsed = json.loads(data)
        assert parsed["year"] == 2024 and parsed["plan"]["title"] == "东河区2024年度法治政府建设工作计划"
        assert parsed["summary"]["with_evidence"] == 1
    elif fmt == "xlsx":
        assert load_workbook(io.BytesIO(data)).sheetnames[0] == "概览"
    elif fmt == "pdf":
        assert "佐证年度：2024年度" in pdf_text(data)
    else:
        assert "佐证年度：2024年度" in data.decode()


def test_command_refuses_unknown_regions_and_foreign_plans(sample, tmp_path):
    with pytest.raises(CommandError, match="未找到地区"):
        call_command("gap_report", "--region", "不存在区", "--format", "json", "-o", str(tmp_path / "x.json"))
    with pytest.raises(CommandError, match="不属于"):
        call_command("gap_report", "--region", "青山区", "--plan", "东河区:2024", "--format", "json", "-o", str(tmp_path / "x.json"))
    assert not (tmp_path / "x.json").exists()


# --- the chart -----------------------------------------------------------------------------------


def test_chart_is_plain_svg_with_one_bar_per_series():
    rows_ = [{"title": "一、深入推进法治化营商环境建设（很长的章节标题需要截断）", "a": 1, "b": 4}, {"title": "二、短标题", "a": 0, "b": 0}]
    svg = str(bar_chart(rows_, [{"part": "a", "whole": "b", "label": "有佐证", "color": "#2e7d32"}]))
    assert svg.startswith("<svg") and svg.endswith("</svg>") and "<script" not in svg
    assert "1/4（25%）" in svg and "—" in svg  # no tasks: no percentage
    assert "…" in svg and "<title>一、深入推进法治化营商环境建设（很长的章节标题需要截断）</title>" in svg
    assert 'font-family="WenQuanYi Micro Hei' in svg
    assert "暂无数据" in str(bar_chart([], []))


# --- edge cases a district meets -------------------------------------------------------------------


def test_notices_are_in_every_output(sample):
    sample["system"].expected_counts = {"3": 100}
    sample["system"].save()
    report = build_gap_report(sample["donghe"], plan=sample["plan"], year=2025, today=TODAY)
    assert len(report["notices"]) == 2  # the system is partly loaded; no 2025 annual report
    text = pdf_text(render_output(report, "pdf"))
    assert "请注意" in text and "三级指标已导入5项、应有100项" in text and "尚未导入东河区2025年度法治政府建设情况报告" in text
    assert "三级指标已导入 5 项、应有 100 项" in render_output(report, "html").decode()
    assert json.loads(render_output(report, "json"))["notices"] == report["notices"]
    overview = rows(load_workbook(io.BytesIO(render_output(report, "xlsx")))["概览"])
    assert [r[2] for r in overview if r[0] == "请注意"] == report["notices"]


def test_all_gaps_resolved_is_said_plainly(sample):
    from reports.models import Gap

    Gap.objects.filter(region=sample["qingshan"]).update(state="resolved")
    report = build_gap_report(sample["qingshan"], today=TODAY)
    text = pdf_text(render_output(report, "pdf"))
    assert "此前发现的2项差距均已解决" in text and "已解决2项" in text
    overview = {r[0]: r[1] for r in rows(load_workbook(io.BytesIO(render_output(report, "xlsx")))["概览"]) if r and r[0]}
    assert overview["已解决差距"] == 2
    # With no gap ever recorded, the report does not claim the region was checked and found clean.
    Gap.objects.filter(region=sample["qingshan"]).delete()
    html = render_output(build_gap_report(sample["qingshan"], today=TODAY), "html").decode()
    assert "暂无差距记录（未发现差距，或差距检查尚未运行）" in html


def test_districts_without_plans_or_tasks_are_marked(sample):
    from checklist.models import Plan, Region

    Region.objects.create(name="九原区", parent=sample["city"])
    Plan.objects.create(region=Region.objects.create(name="石拐区", parent=sample["city"]), year=2024, title="石拐区工作要点")
    text = pdf_text(render_output(build_gap_report(sample["city"], today=TODAY), "pdf"))
    assert "九原区暂无工作计划" in text and "石拐区计划尚无任务" in text


def test_xlsx_of_a_city_has_a_sortable_district_sheet(sample):
    wb = load_workbook(io.BytesIO(render_output(build_gap_report(sample["city"], today=TODAY), "xlsx")))
    assert wb.sheetnames == ["概览", "下辖地区", "按任务", "按指标", "按单位", "差距清单", "证据"]
    ws = wb["下辖地区"]
    assert ws.freeze_panes == "A2" and ws["A1"].value == "地区"
    table = {r[0]: r for r in rows(ws)[1:]}
    assert table["东河区"][:4] == ["东河区", 2, 6, 1]
    rate = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "东河区")[4]
    assert (round(rate.value, 2), rate.number_format) == (0.17, "0%")


def test_names_with_markup_characters_are_escaped_and_kept(sample):
    sample["donghe"].name = "东河区<试点>&“示范”"
    sample["donghe"].save()
    report = build_gap_report(sample["donghe"], plan=sample["plan"], today=TODAY)
    html = render_output(report, "html").decode()
    assert "东河区&lt;试点&gt;&amp;“示范”法治政府建设差距报告" in html and "<试点>" not in html
    # The page footer (a CSS string) keeps the name as written, escaped for CSS.
    footer = html.split("@bottom-right", 1)[1].split(";", 1)[0]
    assert "\\00003c试点\\00003e\\000026“示范”差距报告" in footer
    assert "包头市东河区<试点>&“示范”差距报告" in pdf_text(render_output(report, "pdf"))


def test_command_refuses_a_year_without_data_and_bad_values(sample, tmp_path):
    out = tmp_path / "x.json"
    base = ["gap_report", "--region", "东河区", "-o", str(out)]
    with pytest.raises(CommandError, match="东河区没有 1999 年度的报告、计划或佐证（已有年度：2025、2024、2023）"):
        call_command(*base, "--format", "json", "--year", "1999")
    with pytest.raises(CommandError, match="佐证年度应为四位数字的年份"):
        call_command(*base, "--format", "json", "--year", "二〇二四")
    with pytest.raises(CommandError, match="不支持的格式“docx”"):
        call_command(*base, "--format", "docx")
    with pytest.raises(CommandError, match="东河区没有 2019 年度的计划"):
        call_command(*base, "--format", "json", "--plan", "东河区:2019")
    with pytest.raises(CommandError, match="输出目录不存在"):
        call_command("gap_report", "--region", "东河区", "--format", "json", "-o", str(tmp_path / "无此目录" / "x.json"))
    assert list(tmp_path.iterdir()) == []
    # “2024年度” is read as 2024; a year of the city's districts is one of the city's.
    call_command(*base, "--format", "json", "--year", "2024年度", stdout=io.StringIO())
    assert json.loads(out.read_bytes())["year"] == 2024
    call_command("gap_report", "--region", "包头市", "--format", "json", "--year", "2023", "-o", str(out), stdout=io.StringIO())
