"""parse_plan_text / read_document on the Donghe seed and on small plans in every layout seen in the wild."""
import datetime

import pytest

from checklist.parsing.documents import read_document
from checklist.parsing.plan import PlanParseError, parse_plan_text
from tests.helpers import DONGHE_GOLD, DONGHE_PLAN


def units(plan):
    return [(t.number, t.lead_units, t.responsible_units) for t in plan.tasks]


# ---------------------------------------------------------------- the Donghe seed
def test_donghe_matches_gold():
    plan = parse_plan_text(read_document(DONGHE_PLAN))
    got = [(t["number"], t["section"], t["lead_units"], t["responsible_units"]) for t in plan.to_dict()["tasks"]]
    want = [(t["number"], t["section"], t["lead_units"], t["responsible_units"]) for t in DONGHE_GOLD["tasks"]]
    assert got == want
    assert plan.tasks[0].title == DONGHE_GOLD["tasks"][0]["title"]
    assert len(plan.sections) == 8


def test_donghe_metadata():
    plan = parse_plan_text(read_document(DONGHE_PLAN))
    assert plan.to_dict()["plan"] == {
        "title": "东河区2021年度法治政府建设工作计划", "doc_number": "包东政办发(2021)48号",
        "issuer": "包头市东河区人民政府办公室", "written_on": "2021-08-09", "year": 2021}


def test_donghe_task_text_title_and_closing_paragraph():
    tasks = parse_plan_text(read_document(DONGHE_PLAN)).tasks
    assert tasks[4].title == "营造公平竞争的法治环境"  # no full stop after the title
    assert all("牵头单位" not in t.text and "责任单" not in t.text for t in tasks)
    assert tasks[8].text.startswith("严格行政规范性文件制定。严格落实《内蒙古自治区规范性文件制定")  # "规范 性" squeezed
    assert tasks[18].text.endswith("落实《行政事业单位内部控制规范(试行)》,推进行政机关内部控制管理。")
    assert tasks[-1].text.endswith("培育法治政府建设先进典型。")  # closing paragraph and 解读/下载 lines left out
    assert all(t.due_text == "" for t in tasks)


# ---------------------------------------------------------------- numbered layouts
NOTICE = """XX市人民政府办公室关于印发《XX市2022年法治政府建设工作要点》的通知
京政办发〔2022〕15号
各县（市、区）人民政府，市直各有关单位：
现将《XX市2022年法治政府建设工作要点》印发给你们，请认真贯彻落实。
XX市人民政府办公室
2022年3月5日
（此件公开发布）
一、加强党的领导
1．深入学习贯彻习近平法治思想。把习近平法治思想贯彻落实到法治政府建设全过程。
牵头单位：市委依法治市办
责任单位：市司法局、市发改委
完成时限：2022年12月底前
2．落实第一责任人职责。党政主要负责人切实履行推进法治建设第一责任人职责。
牵头单位：市委组织部、市司法局
责任单位：各县(市、区)人民政府、
市直各部门
二、完善制度体系
3、加强立法工作。制定年度立法计划。
责任单位：市司法局
各地各部门要高度重视，确保各项任务落到实处。
"""


def test_units_on_their_own_lines_and_notice_metadata():
    plan = parse_plan_text(NOTICE)
    assert (plan.title, plan.doc_number, plan.issuer) == ("XX市2022年法治政府建设工作要点", "京政办发〔2022〕15号", "XX市人民政府办公室")
    assert (plan.written_on, plan.year) == (datetime.date(2022, 3, 5), 2022)
    assert plan.sections == ["一、加强党的领导", "二、完善制度体系"]
    assert units(plan) == [
        (1, ["市委依法治市办"], ["市司法局", "市发改委"]),
        (2, ["市委组织部", "市司法局"], ["各县(市、区)人民政府", "市直各部门"]),
        (3, [], ["市司法局"]),
    ]
    assert plan.tasks[0].due_text == "2022年12月底前"
    assert plan.tasks[0].text == "深入学习贯彻习近平法治思想。把习近平法治思想贯彻落实到法治政府建设全过程。"
    assert plan.tasks[2].text == "加强立法工作。制定年度立法计划。"  # closing sentence not swallowed
    assert [t.section for t in plan.tasks] == ["一、加强党的领导"] * 2 + ["二、完善制度体系"]


def test_inline_roles_without_labels_in_traditional_characters():
    plan = parse_plan_text("""二〇二二年法治政府建設工作計劃
一、優化營商環境
（一）深化“放管服”改革。推進審批制度改革。（市政務服務局、市發改委牽頭，市直各部門按職責分工負責）
（二）加強公正監管。推行“雙隨機、一公開”。（市司法局牽頭，各縣（市、區）人民政府配合）
二、加強監督
（三）強化審計監督。開展專項審計。（市審計局負責，各有關單位配合，2022年底前完成）
（四）加強行政復議。（市司法局負責）
""")
    assert plan.title == "二〇二二年法治政府建设工作计划"
    assert units(plan) == [
        (1, ["市政务服务局", "市发改委"], ["市直各部门"]),
        (2, ["市司法局"], ["各县(市、区)人民政府"]),
        (3, ["市审计局"], ["各有关单位"]),
        (4, ["市司法局"], []),
    ]
    assert plan.tasks[2].due_text == "2022年底前完成"
    assert plan.tasks[0].section == "一、优化营商环境" and plan.tasks[0].title == "深化“放管服”改革"


def test_chinese_numbered_tasks_without_sections_and_other_brackets():
    plan = parse_plan_text("""某区2023年法治政府建设工作安排
一、健全依法决策机制。严格落实重大行政决策程序。〔牵头单位：区司法局；配合单位：区政府各部门〕
二、严格规范执法。全面落实行政执法三项制度。【牵头部门：区司法局；参与单位：各街道办事处；时间节点：2023年6月】
三、加强队伍建设。开展执法培训。(区司法局、区人社局)
四、强化监督。健全监督机制。牵头单位：区审计局；协办单位：区财政局。
""")
    assert plan.sections == [] and {t.section for t in plan.tasks} == {""}
    assert units(plan) == [
        (1, ["区司法局"], ["区政府各部门"]),
        (2, ["区司法局"], ["各街道办事处"]),
        (3, [], ["区司法局", "区人社局"]),
        (4, ["区审计局"], ["区财政局"]),
    ]
    assert plan.tasks[1].due_text == "2023年6月"
    assert plan.tasks[3].text == "强化监督。健全监督机制。"
    assert plan.year == 2023


def test_subsections_and_numbering_restarting_per_section():
    plan = parse_plan_text("""一、总体要求
(一)加强党的领导
1.学习贯彻习近平法治思想。组织专题学习。(牵头单位:市委宣传部)
2.落实述法制度。开展述法工作。(牵头单位:市委组织部)
(二)完善制度。各部门要完善制度。
1.加强规范性文件管理。开展清理工作。(牵头单位:市司法局;协办单位:市直各部门)
二、保障措施
(三)强化考核
1.纳入绩效考核。(牵头单位:市考核办)
""")
    assert [t.number for t in plan.tasks] == [1, 2, 3, 4]  # unique, in document order
    assert [t.section for t in plan.tasks] == ["(一)加强党的领导", "(一)加强党的领导", "(二)完善制度", "(三)强化考核"]
    assert plan.sections == ["一、总体要求", "(一)加强党的领导", "(二)完善制度", "二、保障措施", "(三)强化考核"]
    assert units(plan)[2] == (3, ["市司法局"], ["市直各部门"])


def test_parenthesised_arabic_tasks_under_sections():
    plan = parse_plan_text("""一、依法行政
（1）推进政务公开。（责任单位：市政府办公室）
（2）加强行政复议。（责任单位：市司法局）
二、执法
（3）规范执法行为。（牵头单位：市司法局）
""")
    assert units(plan) == [(1, [], ["市政府办公室"]), (2, [], ["市司法局"]), (3, ["市司法局"], [])]
    assert plan.tasks[2].section == "二、执法"


def test_sub_items_belong_to_their_task():
    plan = parse_plan_text("""一、加强执法
1.规范执法行为。
(1)推行执法公示。
(2)落实全过程记录。
(牵头单位:市司法局;责任单位:市直各行政执法部门)
2.加强执法监督。(牵头单位:市司法局)
""")
    assert units(plan) == [(1, ["市司法局"], ["市直各行政执法部门"]), (2, ["市司法局"], [])]
    assert "(2)落实全过程记录。" in plan.tasks[0].text


def test_plan_without_units_uses_the_most_frequent_numbering():
    plan = parse_plan_text("一、依法决策\n1.完善决策程序。\n2.推行法律顾问制度。\n二、规范执法\n3.落实三项制度。\n")
    assert [(t.number, t.section, t.title) for t in plan.tasks] == [
        (1, "一、依法决策", "完善决策程序"), (2, "一、依法决策", "推行法律顾问制度"), (3, "二、规范执法", "落实三项制度")]


# ---------------------------------------------------------------- text pulled out of a PDF
PDF_TEXT = """XX县人民政府办公室
XX县2021年度法治政府建设工作
计划
一、深入推进依法行政
1.健全行政规范性文件合法性审核机制。严格落实规范性文
件 合 法性审核制度，实现审核全覆盖。（牵头单 位：县司法
局；责任单位：县政府各部门）
— 3 —
2.加强行政执法监督。开展行政执法案卷评查，案卷合格率达到9
5% 以上。
（牵头单位：县司法局、县
市场监管局；责任单位：各乡镇人民政府）
- 4 -
3.规范涉企检查。全面推行“双随机、一公开”监管。
牵头单位：县市场监管局、县发改
委、县商务局
4.
推进执法公示。
责任单位：县政府各行政执法部门
XX县人民政府办公室
2021年5月20日
"""


def test_pdf_line_breaks_spaces_and_page_numbers():
    plan = parse_plan_text(PDF_TEXT)
    assert plan.title == "XX县2021年度法治政府建设工作计划"
    assert (plan.issuer, plan.written_on) == ("XX县人民政府办公室", datetime.date(2021, 5, 20))
    assert units(plan) == [
        (1, ["县司法局"], ["县政府各部门"]),
        (2, ["县司法局", "县市场监管局"], ["各乡镇人民政府"]),
        (3, ["县市场监管局", "县发改委", "县商务局"], []),
        (4, [], ["县政府各行政执法部门"]),
    ]
    assert plan.tasks[0].text == "健全行政规范性文件合法性审核机制。严格落实规范性文件合法性审核制度，实现审核全覆盖。"
    assert plan.tasks[1].text == "加强行政执法监督。开展行政执法案卷评查，案卷合格率达到95%以上。"
    assert "—" not in plan.tasks[0].text and "4" not in plan.tasks[2].text


# ---------------------------------------------------------------- tables
TABLE = "\n".join([
    "XX区2022年法治政府建设工作计划",
    "序号\t工作任务\t牵头单位\t责任单位\t完成时限",
    "一、深化改革\t一、深化改革\t一、深化改革\t一、深化改革\t一、深化改革",
    "1\t推进“一网通办”。扩大网上办事范围。\t区政务服务局\t区政府各部门\t2022年12月底前",
    "2\t深化综合执法改革\t区委编办、区司法局\t各街道办事处 区政府各相关行政执法部门\t长期坚持",
    "二、强化监督",
    "序号\t工作任务\t牵头单位\t责任单位\t完成时限",
    "3\t加强行政复议\t区司法局\t区司法局\t2022年底",
    "4\t强化审计监督\t\t区审计局牵头，各部门配合\t",
])


def test_table_rows_map_columns_by_header():
    plan = parse_plan_text(TABLE)
    assert plan.title == "XX区2022年法治政府建设工作计划"
    assert plan.sections == ["一、深化改革", "二、强化监督"]
    assert [(t.number, t.section, t.title, t.due_text) for t in plan.tasks] == [
        (1, "一、深化改革", "推进“一网通办”", "2022年12月底前"),
        (2, "一、深化改革", "深化综合执法改革", "长期坚持"),
        (3, "二、强化监督", "加强行政复议", "2022年底"),
        (4, "二、强化监督", "强化审计监督", ""),
    ]
    assert units(plan) == [
        (1, ["区政务服务局"], ["区政府各部门"]),
        (2, ["区委编办", "区司法局"], ["各街道办事处", "区政府各相关行政执法部门"]),
        (3, ["区司法局"], ["区司法局"]),
        (4, ["区审计局"], ["各部门"]),
    ]


def test_table_with_category_column():
    plan = parse_plan_text("重点任务\t具体措施\t责任单位\n依法决策\t完善决策程序。\t市司法局\n依法决策\t推行法律顾问制度。\t市司法局、市政府办公室\n")
    assert [(t.number, t.section, t.title, t.responsible_units) for t in plan.tasks] == [
        (1, "依法决策", "完善决策程序", ["市司法局"]), (2, "依法决策", "推行法律顾问制度", ["市司法局", "市政府办公室"])]


# ---------------------------------------------------------------- metadata, titles, errors
@pytest.mark.parametrize("number, expected", [
    ("京政办发〔2021〕12号", "京政办发〔2021〕12号"), ("京政办发[2021]12号", "京政办发〔2021〕12号"),
    ("京政办发（2021）12号", "京政办发(2021)12号"), ("京政办发 ( 2021 ) 12 号", "京政办发(2021)12号"),
])
def test_document_number_forms(number, expected):
    plan = parse_plan_text(f"{number}\nXX市2021年法治政府建设工作方案\n一、推进依法行政。(牵头单位:市司法局)\n")
    assert plan.doc_number == expected
    assert plan.title == "XX市2021年法治政府建设工作方案" and plan.year == 2021


def test_metadata_missing_is_empty():
    plan = parse_plan_text("1.推进依法行政。(牵头单位:市司法局)\n")
    assert (plan.title, plan.doc_number, plan.issuer, plan.written_on, plan.year) == ("", "", "", None, None)


def test_title_from_notice_heading_wrapped_without_quotes():
    plan = parse_plan_text("XX市人民政府办公室关于印发XX市2021年法治政府\n建设工作要点的通知\n1.推进依法行政。(牵头单位:市司法局)\n")
    assert (plan.title, plan.issuer) == ("XX市2021年法治政府建设工作要点", "XX市人民政府办公室")


def test_chinese_date_line_and_title_in_notice_heading():
    plan = parse_plan_text("某县司法局关于印发《某县2024年法治政府建设工作要点》的通知\n1.推进依法行政。(牵头单位:县司法局)\n某县司法局\n二〇二四年三月十二日\n")
    assert (plan.title, plan.issuer, plan.written_on, plan.year) == (
        "某县2024年法治政府建设工作要点", "某县司法局", datetime.date(2024, 3, 12), 2024)


def test_long_title_without_full_stop_is_cut():
    plan = parse_plan_text("1.营造公平竞争的法治环境全面清理规范性文件及其他政策性文件,有序废除妨碍统一市场的政策措施。(牵头单位:区司法局)\n"
                           "2.深入学习贯彻习近平法治思想，把习近平法治思想贯彻落实到法治政府建设全过程和各方面。\n")
    assert [t.title for t in plan.tasks] == ["营造公平竞争的法治环境", "深入学习贯彻习近平法治思想"]


@pytest.mark.parametrize("text", ["", "关于召开会议的通知\n\n请各单位准时参加。\n", "一是加强学习。二是强化监督。"])
def test_no_task_is_refused_with_a_chinese_message(text):
    with pytest.raises(PlanParseError, match="未|为空"):
        parse_plan_text(text)


def test_to_dict_shape():
    d = parse_plan_text(NOTICE).to_dict()
    assert set(d) == {"plan", "tasks"}
    assert d["plan"]["written_on"] == "2022-03-05"
    assert set(d["tasks"][0]) == {"number", "section", "title", "text", "lead_units", "responsible_units", "due_text"}


# ---------------------------------------------------------------- read_document (refusals: test_plan_documents.py)
def test_read_txt_in_utf8_bom_gbk_and_broken_bytes(tmp_path):
    (tmp_path / "a.txt").write_bytes("\ufeff一、任务".encode("utf-8"))
    (tmp_path / "b.txt").write_bytes("一、任务（牵头单位：市司法局）".encode("gb18030"))
    # a scraped UTF-8 page with a broken byte stays UTF-8 (the byte becomes U+FFFD), not GBK mojibake
    task = "1.推进严格规范公正文明执法，全面落实行政执法三项制度。（牵头单位：区司法局）\n"
    (tmp_path / "c.txt").write_bytes(b"\x81" + (task * 3).encode("utf-8"))
    assert read_document(tmp_path / "a.txt") == "一、任务"
    assert read_document(tmp_path / "b.txt") == "一、任务（牵头单位：市司法局）"
    assert read_document(str(tmp_path / "c.txt")) == "\ufffd" + task * 3


def test_read_docx_keeps_paragraphs_and_table_rows_in_order(tmp_path):
    import docx

    document = docx.Document()
    document.add_paragraph("XX区2022年法治政府建设工作计划")
    document.add_paragraph("一、深化改革")
    table = document.add_table(rows=4, cols=4)
    for row, values in zip(table.rows, [("序号", "工作任务", "牵头单位", "责任单位"),
                                        ("1", "推进“一网通办”。", "区政务服务局", "区政府各部门"),
                                        ("2", "深化综合执法改革。", "区司法局", ""),
                                        ("", "", "", "")]):
        for cell, value in zip(row.cells, values):
            cell.text = value
    table.rows[2].cells[3].add_paragraph("各街道办事处")  # a second paragraph in one cell
    table.rows[2].cells[3].paragraphs[0].text = "区委编办"
    table.rows[3].cells[0].merge(table.rows[3].cells[3]).text = "二、强化监督"  # a heading row across the table
    table.add_row()
    for cell, value in zip(table.rows[4].cells, ("3", "加强行政复议。", "区司法局", "区政府各部门")):
        cell.text = value
    document.add_paragraph("附件：任务分工表")
    path = tmp_path / "plan.docx"
    document.save(path)

    text = read_document(path)
    assert text.split("\n") == [
        "XX区2022年法治政府建设工作计划", "一、深化改革", "序号\t工作任务\t牵头单位\t责任单位",
        "1\t推进“一网通办”。\t区政务服务局\t区政府各部门", "2\t深化综合执法改革。\t区司法局\t区委编办 各街道办事处",
        "\t".join(["二、强化监督"] * 4), "3\t加强行政复议。\t区司法局\t区政府各部门", "附件：任务分工表"]
    plan = parse_plan_text(text)
    assert units(plan) == [(1, ["区政务服务局"], ["区政府各部门"]), (2, ["区司法局"], ["区委编办", "各街道办事处"]),
                           (3, ["区司法局"], ["区政府各部门"])]
    assert [t.section for t in plan.tasks] == ["一、深化改革", "一、深化改革", "二、强化监督"]


def _tiny_pdf(text: str) -> bytes:
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
               b"/Resources << /Font << /F1 5 0 R >> >> >>",
               b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
               b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>"]
    out, offsets = bytearray(b"%PDF-1.4\n"), []
    for i, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % i + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def test_read_pdf(tmp_path):
    (tmp_path / "plan.pdf").write_bytes(_tiny_pdf("Plan 2021"))
    assert "Plan 2021" in read_document(tmp_path / "plan.pdf")


# ---------------------------------------------------------------- conventions of real plans
def test_framework_sections_without_units_are_not_tasks():
    plan = parse_plan_text("""一、总体要求
(一)指导思想。以习近平法治思想为指导。
(二)工作目标。法治政府建设取得新成效。
二、主要任务
(三)完善决策程序。落实重大行政决策程序规定。(牵头单位:市司法局)
(四)规范行政执法。全面推行三项制度。(牵头单位:市司法局;责任单位:市直各部门)
三、保障措施
(五)加强组织领导。各部门要高度重视。
""")
    assert [(t.number, t.section, t.title) for t in plan.tasks] == [
        (3, "二、主要任务", "完善决策程序"), (4, "二、主要任务", "规范行政执法")]
    assert plan.sections == ["二、主要任务"]


def test_unit_marked_as_lead_and_lead_named_first_convention():
    marked = parse_plan_text("1.完善决策程序。\n责任单位：市司法局（牵头）、市发改委\n")
    assert units(marked) == [(1, ["市司法局"], ["市发改委"])]
    first = parse_plan_text("（排在第一位的为牵头单位）\n1.完善决策程序。（市司法局、市发改委）\n2.规范执法。（市直各部门）\n")
    assert units(first) == [(1, ["市司法局"], ["市发改委"]), (2, ["市直各部门"], [])]
