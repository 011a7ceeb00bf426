"""Plans published as PDF task tables: the rows come back whole, as from a Word table.

The PDFs are drawn here from HTML tables (WeasyPrint, as the gap report's PDF), ruled as real 分工方案 are."""
import pytest

from checklist.parsing.documents import read_document
from checklist.parsing.plan import parse_plan_text
from tests.helpers import pdf_from_html


def pdf_plan(tmp_path, body: str):
    return parse_plan_text(read_document(pdf_from_html(tmp_path / "plan.pdf", body)))


def table(header: list[str], rows: list[list[str]]) -> str:
    head = "".join(f"<th>{h}</th>" for h in header)
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>"


def row(*cells: str | None) -> str:
    """A table row; None leaves out a cell that a merged cell above covers."""
    return "<tr>" + "".join(c if c.startswith("<td") else f"<td>{c}</td>" for c in cells if c is not None) + "</tr>"


def test_a_task_table_reads_row_by_row_with_its_wrapped_cells_joined(tmp_path):
    plan = pdf_plan(tmp_path, "<h2>XX区2023年法治政府建设重点任务分工表</h2>" + table(
        ["序号", "重点任务", "具体措施", "牵头单位", "责任单位", "完成时限"], [
            row("1", "深化行政审批制度改革", "全面推行证明事项告知承诺制，动态调整权责清单，年底前完成清单公布。",
                "区政务服务中心", "区司法局、区发改委", "2023年12月底"),
            row("2", "加强行政规范性文件管理", "严格落实合法性审核机制，规范性文件备案审查率达到100%。",
                "区司法局", "区政府各部门", "持续推进"),
            row("3", "推进严格规范公正文明执法", "全面落实行政执法三项制度，开展行政执法案卷评查。",
                "区司法局", "区市场监管局、区城管局、区生态环境分局", "2023年11月底"),
        ]))
    assert plan.title == "XX区2023年法治政府建设重点任务分工表"
    assert [(t.number, t.title, t.lead_units, t.responsible_units, t.due_text) for t in plan.tasks] == [
        (1, "深化行政审批制度改革", ["区政务服务中心"], ["区司法局", "区发改委"], "2023年12月底"),
        (2, "加强行政规范性文件管理", ["区司法局"], ["区政府各部门"], "持续推进"),
        (3, "推进严格规范公正文明执法", ["区司法局"], ["区市场监管局", "区城管局", "区生态环境分局"], "2023年11月底"),
    ]
    assert plan.tasks[0].text == "深化行政审批制度改革。全面推行证明事项告知承诺制，动态调整权责清单，年底前完成清单公布。"


def test_a_table_over_several_pages_keeps_every_task_under_its_merged_category(tmp_path):
    categories = ["依法全面履行政府职能", "健全依法行政制度体系", "严格规范公正文明执法"]
    rows, n = [], 0
    for category in categories:
        for k in range(12):  # twelve rows each: the second category's cell is cut by the page end
            n += 1
            merged = f'<td rowspan="12">{category}</td>' if k == 0 else None
            rows.append(row(str(n), merged, f"推进第{n}项工作，完善相关工作机制，确保各项措施落地见效。",
                            "县司法局", "县政府各部门", f"2023年{n % 12 + 1}月底"))
    plan = pdf_plan(tmp_path, "<p>附件</p><h2>XX县2023年法治政府建设工作任务分解表</h2>" + table(
        ["序号", "类别", "工作任务", "牵头单位", "责任单位", "完成时限"], rows))
    assert [t.number for t in plan.tasks] == list(range(1, 37))
    assert plan.sections == categories
    assert [t.section for t in plan.tasks] == [c for c in categories for _ in range(12)]
    assert all(t.lead_units == ["县司法局"] and t.responsible_units == ["县政府各部门"] for t in plan.tasks)


def test_headings_between_tables_are_sections(tmp_path):
    header = ["序号", "工作任务", "牵头单位", "完成时限"]
    plan = pdf_plan(tmp_path, "<h2>XX区2024年法治政府建设工作要点</h2>"
                    "<p>一、加强党对法治政府建设的领导</p>"
                    + table(header, [row("1", "严格落实党政主要负责人履行推进法治建设第一责任人职责。", "区委依法治区办", "全年")])
                    + "<p>二、依法全面履行政府职能</p>"
                    + table(header, [row("2", "深化“放管服”改革，编制公布政务服务事项目录。", "区政务服务中心", "2024年6月底")]))
    assert [(t.number, t.section, t.lead_units) for t in plan.tasks] == [
        (1, "一、加强党对法治政府建设的领导", ["区委依法治区办"]),
        (2, "二、依法全面履行政府职能", ["区政务服务中心"]),
    ]


def test_a_pdf_without_tables_is_read_as_before(tmp_path):
    plan = pdf_plan(tmp_path, "<h2>XX区2023年法治政府建设工作要点</h2>"
                    "<p>一、依法全面履行政府职能</p>"
                    "<p>1.深化行政审批制度改革。全面推行证明事项告知承诺制。（牵头单位：区司法局）</p>"
                    "<p>2.加强行政规范性文件管理。严格落实合法性审核机制。（牵头单位：区司法局；责任单位：区政府各部门）</p>")
    assert [(t.number, t.title, t.responsible_units) for t in plan.tasks] == [
        (1, "深化行政审批制度改革", []), (2, "加强行政规范性文件管理", ["区政府各部门"])]


@pytest.mark.parametrize("names, sections", [
    (["深化行政审批制度改革", "加强行政规范性文件管理"], []),  # a name on every row: the task's own
    (["依法全面履行政府职能", "依法全面履行政府职能"], ["依法全面履行政府职能"]),  # repeated: a category
])
def test_a_first_task_column_names_each_task_only_when_every_row_has_its_own(names, sections):
    text = "\n".join(["序号\t重点任务\t具体措施\t牵头单位"] + [
        f"{i}\t{name}\t开展第{i}项工作。\t区司法局" for i, name in enumerate(names, start=1)])
    plan = parse_plan_text(text)
    assert plan.sections == sections
    assert [t.title for t in plan.tasks] == (names if not sections else ["开展第1项工作", "开展第2项工作"])
