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


# ---------------------------------------------------------------- real files: running text, pages, rules
def tasks(plan):
    return [(t.number, t.section, t.title, t.lead_units, t.responsible_units, t.due_text) for t in plan.tasks]


POINTS = [  # (section, text, lead, responsible, deadline) of a 工作要点 typed as numbered paragraphs
    ("一、深入学习贯彻习近平法治思想", "深入开展习近平法治思想学习宣传。将习近平法治思想作为区政府常务会议会前学法、领导干部应知应会"
     "法律法规清单的重要内容，全年组织集中学法不少于4次，推动领导干部带头尊法学法守法用法。",
     ["区司法局"], ["区政府各部门"], "2023年12月底前"),
    ("一、深入学习贯彻习近平法治思想", "严格落实党政主要负责人履行推进法治建设第一责任人职责规定，将履行推进法治建设第一责任人职责"
     "情况列入年终述职内容。", ["区委组织部", "区委依法治区办"], ["各街道办事处", "区政府各部门"], ""),
    ("二、依法全面履行政府职能", "深化“放管服”改革。全面实行行政许可事项清单管理，动态调整区级权责清单，推进政务服务事项标准化、"
     "规范化、便利化，提升“一网通办”水平，政务服务事项网上可办率达到95%以上。",
     ["区政务服务局"], ["区委编办", "区发改委", "区大数据中心"], "2023年10月底前"),
    ("二、依法全面履行政府职能", "持续优化法治化营商环境。全面落实公平竞争审查制度，开展涉企规范性文件清理，依法平等保护各类市场"
     "主体产权和合法权益。", ["区发改委", "区市场监管局"], ["区司法局", "区工信局"], ""),
    ("二、依法全面履行政府职能", "加强和规范事中事后监管，全面推行“双随机、一公开”监管，推进跨部门联合监管常态化。",
     ["区市场监管局"], ["区政府各有关部门"], "长期坚持"),
    ("三、严格规范公正文明执法", "全面落实行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度，开展行政执法案卷评查，"
     "评查结果纳入法治建设考核。", ["区司法局"], ["各行政执法部门"], ""),
    ("三、严格规范公正文明执法", "深化综合行政执法体制改革，推进街道综合行政执法规范化建设。",
     ["区委编办", "区司法局"], ["各街道办事处"], "2023年9月底前"),
]
POINT_TITLES = ["深入开展习近平法治思想学习宣传", "严格落实党政主要负责人履行推进法治建设第一责任人职责规定",
                "深化“放管服”改革", "持续优化法治化营商环境", "加强和规范事中事后监管",
                "全面落实行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度",
                "深化综合行政执法体制改革，推进街道综合行政执法规范化建设"]
WANT_POINTS = [(n, section, title, lead, resp, due)
               for n, ((section, _, lead, resp, due), title) in enumerate(zip(POINTS, POINT_TITLES), start=1)]


def _units(lead, resp, due) -> str:
    parts = [f"牵头单位：{'、'.join(lead)}"] + ([f"责任单位：{'、'.join(resp)}"] if resp else [])
    return "（" + "；".join(parts + ([f"完成时限：{due}"] if due else [])) + "）"


def _official_page(head: str, foot: str, spacing: str = "0") -> str:
    """公文 page: wide margins, running head and foot, indented justified paragraphs in a large type."""
    return (f"<style>@page{{size:A4;margin:37mm 26mm 35mm 28mm;@top-right{{content:'{head}';font-size:9pt}}"
            f"@bottom-center{{content:{foot}}}}} p{{text-indent:2em;text-align:justify;line-height:1.6;margin:0;"
            f"font-size:16pt;letter-spacing:{spacing}}} .c{{text-align:center;text-indent:0}}</style>")


# 4pt: characters spread over the line grid of 公文; a small ruled table has the PDF read by the table reader
@pytest.mark.parametrize("spacing, steps", [("0", False), ("4pt", False), ("4pt", True)])
def test_numbered_paragraphs_over_pages_keep_running_heads_and_page_numbers_out(tmp_path, spacing, steps):
    body = _official_page("东河区人民政府办公室", "'— ' counter(page) ' —'", spacing)
    body += "<p class='c'>东河区2023年法治政府建设工作要点</p><p>2023年是全面贯彻落实党的二十大精神的开局之年。</p>"
    if steps:
        body += table(["阶段", "时间安排"], [row("动员部署", "2023年3月"), row("组织实施", "2023年4月至10月")])
    section = ""
    for n, (heading, text, lead, resp, due) in enumerate(POINTS * 2, start=1):
        if heading != section:
            body += f"<p>{heading}</p>"
            section = heading
        body += f"<p>{n}.{text}{_units(lead, resp, due)}</p>"
    body += "<p>四、保障措施</p><p>各街道、各部门要于每季度末将工作进展情况报区委依法治区办。</p>"
    plan = pdf_plan(tmp_path, body)
    assert plan.title == "东河区2023年法治政府建设工作要点"
    assert tasks(plan) == [(n + 7 * k, *rest) for k in (0, 1) for n, *rest in WANT_POINTS]
    assert [t.text for t in plan.tasks] == [text for _, text, *_ in POINTS * 2]  # no running head inside a task


def test_label_lines_under_a_running_head_that_repeats_the_title(tmp_path):
    body = _official_page("东河区法治政府建设示范创建实施方案", "'第 ' counter(page) ' 页 共 ' counter(pages) ' 页'")
    body += "<p class='c'>东河区法治政府建设示范创建实施方案</p><p>一、工作目标</p><p>力争创建成为法治政府建设示范区。</p>"
    body += "<p>二、重点任务</p>"
    for n, (_, text, lead, resp, due) in enumerate(POINTS, start=1):
        body += f"<p>{n}.{text}</p><p>牵头单位：{'、'.join(lead)}</p><p>责任单位：{'、'.join(resp)}</p>"
        body += f"<p>完成时限：{due}</p>" if due else ""
    plan = pdf_plan(tmp_path, body)
    assert plan.title == "东河区法治政府建设示范创建实施方案"  # a running head is dropped, the title under it kept
    assert plan.sections == ["二、重点任务"]
    assert [(t.number, t.text, t.lead_units, t.responsible_units, t.due_text) for t in plan.tasks] == [
        (n, text, lead, resp, due) for n, (_, text, lead, resp, due) in enumerate(POINTS, start=1)]


def test_notice_with_the_plan_attached_and_the_imprint_box(tmp_path):
    body = _official_page("", "'— ' counter(page) ' —'")
    body += ("<style>.imprint{border-top:1.5px solid #000;border-bottom:1.5px solid #000}"
             ".imprint p{border-bottom:0.5px solid #000;text-indent:0}</style>")
    body += "".join(f"<p class='c'>{line}</p>" for line in [
        "东河区人民政府办公室文件", "东府办发〔2023〕8号", "东河区人民政府办公室关于印发东河区2023年法治政府建设工作要点的通知"])
    body += ("<p>各镇人民政府、街道办事处，区政府各部门：</p><p>现将《东河区2023年法治政府建设工作要点》印发给你们，请认真贯彻落实。</p>"
             "<p class='c'>东河区人民政府办公室</p><p class='c'>2023年3月20日</p><div style='break-before:page'></div>"
             "<p>附件</p><p class='c'>东河区2023年法治政府建设工作要点</p><p>一、依法全面履行政府职能</p>")
    for n, (_, text, lead, resp, due) in enumerate(POINTS[2:5], start=1):
        body += f"<p>{n}.{text}{_units(lead, resp, due)}</p>"
    body += "<p>二、严格规范公正文明执法</p>"
    for n, (_, text, lead, resp, due) in enumerate(POINTS[5:], start=1):  # numbering restarts in each part
        body += f"<p>{n}.{text}{_units(lead, resp, due)}</p>"
    body += ("<p>三、保障措施</p><p>各单位要加强组织领导。</p><div class='imprint'><p>抄送：区委办公室，区人大常委会办公室。</p>"
             "<p>东河区人民政府办公室　　2023年3月20日印发</p></div>")
    plan = pdf_plan(tmp_path, body)
    assert (plan.title, plan.doc_number, plan.issuer, plan.written_on.isoformat()) == (
        "东河区2023年法治政府建设工作要点", "东府办发〔2023〕8号", "东河区人民政府办公室", "2023-03-20")
    assert plan.sections == ["一、依法全面履行政府职能", "二、严格规范公正文明执法"]
    assert [(t.number, t.title, t.lead_units, t.responsible_units, t.due_text) for t in plan.tasks] == [
        (n, title, lead, resp, due) for n, (_, _, title, lead, resp, due) in enumerate(WANT_POINTS[2:], start=1)]
    assert plan.tasks[-1].text == POINTS[-1][1]  # 保障措施 and the imprint are no part of the last task


HEADER = ["序号", "工作任务", "牵头单位", "责任单位", "完成时限"]
ROWS = [
    ("1", "深化行政审批制度改革，全面推行证明事项告知承诺制，动态调整权责清单。", "区政务服务局", "区司法局、区发改委", "2023年12月底前"),
    ("2", "加强行政规范性文件管理，严格落实合法性审核机制，备案审查率达到100%。", "区司法局", "区政府各部门", "持续推进"),
    ("3", "推进严格规范公正文明执法，全面落实行政执法三项制度，开展行政执法案卷评查。", "区司法局",
     "区市场监管局、区城管局、区生态环境分局", "2023年11月底前"),
    ("4", "健全重大行政决策程序，制定年度重大行政决策事项目录并向社会公布。", "区政府办公室", "区司法局", "2023年3月底前"),
]
WANT_ROWS = [(1, ["区政务服务局"], ["区司法局", "区发改委"], "2023年12月底前"), (2, ["区司法局"], ["区政府各部门"], "持续推进"),
             (3, ["区司法局"], ["区市场监管局", "区城管局", "区生态环境分局"], "2023年11月底前"),
             (4, ["区政府办公室"], ["区司法局"], "2023年3月底前")]


def roles(plan):
    return [(t.number, t.lead_units, t.responsible_units, t.due_text) for t in plan.tasks]


def test_a_table_ruled_between_rows_only(tmp_path):
    """No vertical rules: pdfplumber finds no cells; the columns come from the text lined up in them."""
    style = ("<style>td,th{border:none!important;border-top:1px solid #000!important;"
             "border-bottom:1px solid #000!important}</style>")
    plan = pdf_plan(tmp_path, style + "<h2>东河区2023年法治政府建设重点任务分工表</h2>" + table(HEADER, [row(*r) for r in ROWS])
                    + "<p>注：各责任单位于每季度末报送进展。</p>")
    assert roles(plan) == WANT_ROWS
    assert [t.text for t in plan.tasks] == [r[1] for r in ROWS]


LONG = "细化工作措施，明确责任分工，强化督促检查，"


@pytest.mark.parametrize("header", ["repeated", "once"])
def test_a_row_cut_by_the_page_end_is_one_task(tmp_path, header):
    """The row's rules stay open at the cut (as drawn here): the parts are joined by where they stand."""
    head = "".join(f"<th>{h}</th>" for h in HEADER)
    head = f"<thead><tr>{head}</tr></thead>" if header == "repeated" else f"<tr>{head}</tr>"
    rows = "".join(row(str(n), f"推进第{n}项重点工作，完善相关工作机制，{LONG * (9 if n in (5, 11) else 1)}确保各项措施落地见效。",
                       "区司法局", "区政府各部门、各街道办事处", f"2023年{n % 12 + 1}月底前") for n in range(1, 15))
    style = "<style>tr,td{break-inside:auto!important} td{font-size:14pt}</style>"
    plan = pdf_plan(tmp_path, f"{style}<h2>东河区2023年法治政府建设重点任务台账</h2><table>{head}{rows}</table>")
    assert [t.number for t in plan.tasks] == list(range(1, 15))
    assert all(t.lead_units == ["区司法局"] and t.responsible_units == ["区政府各部门", "各街道办事处"] for t in plan.tasks)
    assert [t.due_text for t in plan.tasks] == [f"2023年{n % 12 + 1}月底前" for n in range(1, 15)]
    assert all(t.text.endswith("确保各项措施落地见效。") for t in plan.tasks)


@pytest.mark.parametrize("header", ["repeated", "once"])
def test_a_row_cut_by_the_page_end_with_both_parts_ruled(tmp_path, header):
    """Word closes both parts of a cut row with a rule: the rest is a row without number, below a header or not."""
    rows = [row(str(n), f"推进第{n}项工作，完善相关工作机制。", "区司法局", "区政府各部门", "2023年12月底前") for n in (1, 2, 3)]
    first = table(HEADER, rows + [row("4", "深化行政执法体制改革，推进综合行政执法，", "区委编办", "区司法局、区城", "2023年9月底前")])
    rest = [row("", "完善执法协调机制，严格执法责任。", "", "管局", ""),
            row("5", "加强行政复议工作，提升复议质效。", "区司法局", "区政府各部门", "持续推进")]
    second = table(HEADER, rest) if header == "repeated" else f"<table><tbody>{''.join(rest)}</tbody></table>"
    plan = pdf_plan(tmp_path, f"<h2>东河区2023年法治政府建设任务分工表</h2>{first}<div style='break-before:page'></div>{second}")
    assert [(t.number, t.text) for t in plan.tasks][3:] == [
        (4, "深化行政执法体制改革，推进综合行政执法，完善执法协调机制，严格执法责任。"), (5, "加强行政复议工作，提升复议质效。")]
    assert plan.tasks[3].responsible_units == ["区司法局", "区城管局"]


def test_merged_cells_hold_for_every_row_they_span(tmp_path):
    head = ("<thead><tr><th rowspan='2'>序号</th><th rowspan='2'>重点任务</th><th rowspan='2'>具体措施</th>"
            "<th colspan='2'>责任单位</th><th rowspan='2'>完成时限</th></tr><tr><th>牵头单位</th><th>配合单位</th></tr></thead>")
    rows = [row('<td colspan="6">一、依法全面履行政府职能</td>'),
            row('<td rowspan="2">1</td>', '<td rowspan="2">深化“放管服”改革</td>', "全面推行证明事项告知承诺制。",
                '<td rowspan="2">区政务服务局</td>', "区司法局", "2023年6月底前"),
            row(None, None, "推进政务服务“一网通办”。", None, "区大数据中心", "2023年10月底前"),
            row("2", "优化营商环境", "开展涉企规范性文件清理。", "区发改委", "区市场监管局", '<td rowspan="2">2023年12月底前</td>'),
            row("3", "规范执法", "开展行政执法案卷评查。", "区司法局", "各行政执法部门", None)]
    plan = pdf_plan(tmp_path, f"<h2>东河区2023年法治政府建设重点任务分工表</h2><table>{head}<tbody>{''.join(rows)}</tbody></table>")
    assert plan.sections == ["一、依法全面履行政府职能", "深化“放管服”改革", "优化营商环境", "规范执法"]
    assert [(t.section, t.text, t.lead_units, t.responsible_units, t.due_text) for t in plan.tasks] == [
        ("深化“放管服”改革", "全面推行证明事项告知承诺制。", ["区政务服务局"], ["区司法局"], "2023年6月底前"),
        ("深化“放管服”改革", "推进政务服务“一网通办”。", ["区政务服务局"], ["区大数据中心"], "2023年10月底前"),
        ("优化营商环境", "开展涉企规范性文件清理。", ["区发改委"], ["区市场监管局"], "2023年12月底前"),
        ("规范执法", "开展行政执法案卷评查。", ["区司法局"], ["各行政执法部门"], "2023年12月底前")]


INDICATOR_HEADER = ["序号", "工作任务", "对应指标", "牵头单位", "责任单位", "完成时限"]
INDICATOR_ROWS = [
    ("1", "健全依法决策机制，严格落实重大行政决策程序规定，制定并公布年度重大行政决策事项目录。", "指标4.1、4.2",
     "区政府办公室", "区司法局", "2023年3月底前"),
    ("2", "加强行政规范性文件制定监督管理，规范性文件合法性审核率达到100%。", "指标3.2（第12项）", "区司法局",
     "区政府各部门", "持续推进"),
]


@pytest.mark.parametrize("page", ["landscape", "sideways, turned by the viewer", "sideways, rising",
                                  "sideways, falling"])
def test_a_landscape_table_with_an_indicator_column(tmp_path, page):
    body = "<h2>东河区法治政府建设示范创建任务清单</h2>" + table(INDICATOR_HEADER, [row(*r) for r in INDICATOR_ROWS])
    if page == "landscape":
        body = "<style>@page{size:A4 landscape}</style>" + body
    else:  # drawn a quarter turn round on a portrait sheet, as some converters put a landscape section
        falling = page == "sideways, falling"
        turn = "translate(180mm,0) rotate(90deg)" if falling else "translate(0,257mm) rotate(-90deg)"
        body = (f"<style>@page{{size:A4;margin:15mm}} "
                f".turned{{width:257mm;transform-origin:0 0;transform:{turn}}}</style>"
                f"<div class='turned'>{body}</div>")
    path = pdf_from_html(tmp_path / "plan.pdf", body)
    if page == "sideways, turned by the viewer":  # the page's /Rotate shows it upright
        import pypdfium2

        document = pypdfium2.PdfDocument(path)
        document[0].set_rotation(90)
        document.save(tmp_path / "turned.pdf")
        document.close()
        path = tmp_path / "turned.pdf"
    plan = parse_plan_text(read_document(path))
    assert [(t.number, t.text, t.lead_units, t.responsible_units, t.due_text) for t in plan.tasks] == [
        (1, "健全依法决策机制，严格落实重大行政决策程序规定，制定并公布年度重大行政决策事项目录。(对应指标：指标4.1、4.2)",
         ["区政府办公室"], ["区司法局"], "2023年3月底前"),
        (2, "加强行政规范性文件制定监督管理，规范性文件合法性审核率达到100%。(对应指标：指标3.2(第12项))",
         ["区司法局"], ["区政府各部门"], "持续推进")]
