"""read_document on plan files as offices make them: Word lists, content controls, smart tags, UTF-16 text."""
import docx
import pytest
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from checklist.parsing.documents import DocumentError, read_document
from checklist.parsing.plan import parse_plan_text

TASKS = [  # (section, task)
    ("加强党的领导", "深入学习贯彻习近平法治思想。（牵头单位：区委依法治区办；责任单位：区司法局）"),
    ("加强党的领导", "落实第一责任人职责。（牵头单位：区委组织部；责任单位：区政府各部门）"),
    ("完善制度体系", "严格规范性文件管理。（牵头单位：区司法局；责任单位：各街道办事处）"),
]
WANT = [(1, "加强党的领导", ["区委依法治区办"], ["区司法局"]), (2, "加强党的领导", ["区委组织部"], ["区政府各部门"]),
        (3, "完善制度体系", ["区司法局"], ["各街道办事处"])]
PLAN_TXT = "东河区2022年法治政府建设工作计划\n一、加强党的领导\n1.{}\n2.{}\n二、完善制度体系\n3.{}\n".format(
    *(task for _, task in TASKS))


def found(plan):
    return [(t.number, t.section.split("、", 1)[-1], t.lead_units, t.responsible_units) for t in plan.tasks]


def _save(document, tmp_path, name="plan.docx"):
    path = tmp_path / name
    document.save(path)
    return path


# ---------------------------------------------------------------- Word automatic numbering


def _list(document, levels: list[tuple[str, str]]) -> int:
    """A numbering definition with one (numFmt, lvlText) per level; returns its numId."""
    numbering = document.part.numbering_part.element
    abstract_id = 90 + len(numbering.findall(qn("w:abstractNum")))
    lvls = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:lvlText w:val="{text}"/>'
                   f"</w:lvl>" for i, (fmt, text) in enumerate(levels))
    abstract = parse_xml(f'<w:abstractNum {nsdecls("w")} w:abstractNumId="{abstract_id}">{lvls}</w:abstractNum>')
    first_num = numbering.find(qn("w:num"))
    if first_num is not None:  # the schema puts every abstractNum before the nums
        first_num.addprevious(abstract)
    else:
        numbering.append(abstract)
    return numbering.add_num(abstract_id).numId


def _numbered(document, text: str, num_id: int, ilvl: int = 0):
    numpr = document.add_paragraph(text)._p.get_or_add_pPr().get_or_add_numPr()
    numpr.get_or_add_numId().val = num_id
    numpr.get_or_add_ilvl().val = ilvl


@pytest.mark.parametrize("lists", ["one multilevel list", "a list for headings, one for tasks"])
def test_word_list_numbering_gives_the_task_numbers(tmp_path, lists):
    document = docx.Document()
    document.add_paragraph("东河区2022年法治政府建设工作计划")
    if lists == "one multilevel list":  # task numbers restart in each section: the parser renumbers them
        heading = task = _list(document, [("chineseCounting", "%1、"), ("decimal", "%2.")])
        task_level = 1
    else:
        heading, task = _list(document, [("chineseCounting", "%1、")]), _list(document, [("decimal", "%1.")])
        task_level = 0
    previous = None
    for section, text in TASKS:
        if section != previous:
            _numbered(document, section, heading)
            previous = section
        _numbered(document, text, task, task_level)
    text = read_document(_save(document, tmp_path))
    assert "一、加强党的领导" in text and "二、完善制度体系" in text
    assert found(parse_plan_text(text)) == WANT


# ---------------------------------------------------------------- text python-docx does not see


def _add_xml(document, xml: str):
    anchor = document.add_paragraph()._p  # before the section properties that end the body
    anchor.addprevious(parse_xml(xml))
    anchor.getparent().remove(anchor)


def _run(text: str) -> str:
    return f"<w:r><w:t>{text}</w:t></w:r>"


def test_tasks_in_content_controls_and_smart_tags_keep_their_text(tmp_path):
    w = nsdecls("w")
    document = docx.Document()
    document.add_paragraph("东河区2022年法治政府建设工作计划")
    document.add_paragraph("一、加强党的领导")
    # a form field (block content control) holding a whole task
    _add_xml(document, f"<w:sdt {w}><w:sdtPr><w:alias w:val=\"任务\"/></w:sdtPr><w:sdtContent>"
                       f"<w:p>{_run('1.' + TASKS[0][1])}</w:p></w:sdtContent></w:sdt>")
    # a smart tag (from a converted .doc) and a tracked change inside the task
    lead, rest = TASKS[1][1].split("区委组织部")
    _add_xml(document, f"<w:p {w}>{_run('2.' + lead)}<w:smartTag w:uri=\"urn:schemas-microsoft-com:office:smarttags\" "
                       f"w:element=\"PersonName\">{_run('区委')}</w:smartTag><w:ins w:id=\"1\" w:author=\"a\">"
                       f"{_run('组织部')}</w:ins><w:del w:id=\"2\" w:author=\"a\"><w:r><w:delText>宣传部</w:delText>"
                       f"</w:r></w:del>{_run(rest)}</w:p>")
    document.add_paragraph("二、完善制度体系")
    # an inline content control around the task's text
    _add_xml(document, f"<w:p {w}>{_run('3.')}<w:sdt><w:sdtContent>{_run(TASKS[2][1])}</w:sdtContent></w:sdt></w:p>")
    text = read_document(_save(document, tmp_path))
    assert text == PLAN_TXT.rstrip("\n")
    assert found(parse_plan_text(text)) == WANT


def test_smart_tag_in_a_table_cell_keeps_its_text(tmp_path):
    document = docx.Document()
    table = document.add_table(rows=2, cols=4)
    for cell, value in zip(table.rows[0].cells, ("序号", "工作任务", "牵头单位", "责任单位")):
        cell.text = value
    for cell, value in zip(table.rows[1].cells, ("1", "推进“一网通办”。", "", "区政府各部门")):
        cell.text = value
    table.cell(1, 2).paragraphs[0]._p.append(parse_xml(
        f"<w:smartTag {nsdecls('w')} w:element=\"place\">{_run('区政务服务局')}</w:smartTag>"))
    text = read_document(_save(document, tmp_path))
    assert text.split("\n")[1] == "1\t推进“一网通办”。\t区政务服务局\t区政府各部门"
    assert [(t.number, t.lead_units) for t in parse_plan_text(text).tasks] == [(1, ["区政务服务局"])]


# ---------------------------------------------------------------- txt encodings


@pytest.mark.parametrize("encoding", ["utf-16", "gbk"])  # utf-16: with BOM, as Notepad saves "Unicode"
def test_txt_plan_encodings(tmp_path, encoding):
    path = tmp_path / "plan.txt"
    path.write_bytes(PLAN_TXT.encode(encoding))
    assert read_document(path) == PLAN_TXT
    assert found(parse_plan_text(read_document(path))) == WANT


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize("name, content, message", [
    ("plan.xyz", b"x", "不支持的文件类型：.xyz，请上传 .txt、.docx 或 .pdf 文件"),
    ("plan.docx", b"not a zip", "无法读取 Word 文件“plan.docx”：文件已损坏或不是 .docx 格式"),
    ("plan.pdf", b"%PDF-1.4 garbage", "无法读取 PDF 文件“plan.pdf”"),
    ("plan.txt", b"\xff\xfe\xfa abc \x81", "无法识别文件“plan.txt”的文字编码"),  # odd-length UTF-16
    ("plan.txt", b"", "文件“plan.txt”是空的，请检查后重新上传"),
    ("plan.txt", b" \r\n\t", "文件“plan.txt”是空的"),
    ("plan.docx", b"", "文件“plan.docx”是空的"),
    ("plan.txt", "\n".encode("utf-16"), "文件“plan.txt”中没有文字内容"),
    ("plan.doc", b"\xd0\xcf\x11\xe0", "不支持旧版 Word 文件“plan.doc”：请在 Word 中另存为 .docx 后上传，或上传 .txt、.pdf 文件"),
    ("plan.wps", b"\xd0\xcf\x11\xe0", "不支持 WPS 文字文件“plan.wps”：请在 WPS 中另存为 .docx 后上传，或上传 .txt、.pdf 文件"),
    ("PLAN.DOC", b"\xd0\xcf\x11\xe0", "另存为 .docx"),
])
def test_refusals(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(DocumentError, match=message.replace(".", r"\.")):
        read_document(path)


def test_word_file_without_text_is_refused(tmp_path):
    document = docx.Document()
    document.add_paragraph("")
    with pytest.raises(DocumentError, match="中没有文字内容"):
        read_document(_save(document, tmp_path))


def test_missing_file(tmp_path):
    with pytest.raises(DocumentError, match="找不到文件"):
        read_document(tmp_path / "none.txt")


# ---------------------------------------------------------------- real files: 公文 layout, heading styles, tables
def tasks(plan):
    return [(t.number, t.section, t.title, t.lead_units, t.responsible_units, t.due_text) for t in plan.tasks]


def _official(document, *runs: tuple[str, str], center=False):
    """A paragraph typed run by run in the fonts of 公文 (黑体 for "一、", 楷体 for "(一)", 仿宋 for the text)."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Pt

    paragraph = document.add_paragraph()
    paragraph.paragraph_format.first_line_indent = None if center else Pt(32)
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER if center else None
    for text, font in runs:
        run = paragraph.add_run(text)
        run.font.name = font
        run._element.get_or_add_rPr().get_or_add_rFonts().set(qn("w:eastAsia"), font)
    return paragraph


def test_official_document_layout_with_typed_numbers_in_runs_and_page_header(tmp_path):
    from docx.enum.text import WD_BREAK
    from docx.shared import RGBColor

    document = docx.Document()
    section = document.sections[0]
    section.header.paragraphs[0].text = "东河区人民政府办公室文件"  # not body text: must not reach a task
    section.footer.paragraphs[0].text = "— 1 —"
    _official(document, ("东河区人民政府办公室文件", "方正小标宋简体"), center=True).runs[0].font.color.rgb = RGBColor(255, 0, 0)
    _official(document, ("东府办发〔2023〕12号", "仿宋_GB2312"), center=True)
    _official(document, ("关于印发《东河区2023年法治政府建设工作要点》的通知", "方正小标宋简体"), center=True)
    _official(document, ("各街道办事处，区政府各部门：", "仿宋_GB2312"))
    _official(document, ("《东河区2023年法治政府建设工作要点》已经区政府同意，现印发给你们，请认真贯彻落实。", "仿宋_GB2312"))
    _official(document, ("东河区人民政府办公室", "仿宋_GB2312"))
    _official(document, ("2023年3月15日", "仿宋_GB2312"))
    _official(document, ("（此件公开发布）", "仿宋_GB2312")).add_run().add_break(WD_BREAK.PAGE)
    _official(document, ("东河区2023年法治政府建设工作要点", "方正小标宋简体"), center=True)
    _official(document, ("2023年是全面贯彻落实党的二十大精神的开局之年。", "仿宋_GB2312"))
    _official(document, ("一、", "黑体"), ("深入学习贯彻习近平法治思想", "黑体"))
    _official(document, ("（一）", "楷体_GB2312"), ("加强理论武装", "楷体_GB2312"), ("。", "楷体_GB2312"))
    _official(document, ("1.", "仿宋_GB2312"), ("深入开展习近平法治思想学习宣传。", "仿宋_GB2312"),
              ("全年组织集中学法不少于4次。", "仿宋_GB2312"),
              ("（牵头单位：区司法局；责任单位：区政府各部门；完成时限：2023年12月底）", "仿宋_GB2312"))
    _official(document, ("2.", "仿宋_GB2312"), ("落实党政主要负责人履行推进法治建设第一责任人职责。", "仿宋_GB2312"),
              ("（牵头单位：区委组织部、区司法局；责任单位：各街道办事处）", "仿宋_GB2312"))
    _official(document, ("二、", "黑体"), ("依法全面履行政府职能", "黑体"))
    _official(document, ("（一）", "楷体_GB2312"), ("深化“放管服”改革", "楷体_GB2312"))
    task = _official(document, ("3.", "仿宋_GB2312"), ("全面实行政府权责清单制度", "仿宋_GB2312"))
    task._p.append(parse_xml(f'<w:r {nsdecls("w")}><w:rPr><w:vertAlign w:val="superscript"/></w:rPr>'
                             f'<w:footnoteReference w:id="1"/></w:r>'))  # the note's text is not in the body
    task.add_run("。（牵头单位：区委编办；完成时限：2023年6月底前）")
    _official(document, ("三、", "黑体"), ("保障措施", "黑体"))
    _official(document, ("（一）", "楷体_GB2312"), ("加强组织领导。", "楷体_GB2312"), ("各单位要高度重视。", "仿宋_GB2312"))
    _official(document, ("抄送：区委办公室，区人大常委会办公室。", "仿宋_GB2312"))
    _official(document, ("东河区人民政府办公室　　　　2023年3月15日印发", "仿宋_GB2312"))
    text = read_document(_save(document, tmp_path))
    assert "— 1 —" not in text and text.count("东河区人民政府办公室文件") == 1
    plan = parse_plan_text(text)
    assert (plan.title, plan.doc_number, plan.issuer, plan.written_on.isoformat()) == (
        "东河区2023年法治政府建设工作要点", "东府办发〔2023〕12号", "东河区人民政府办公室", "2023-03-15")
    assert plan.sections == ["一、深入学习贯彻习近平法治思想", "(一)加强理论武装", "二、依法全面履行政府职能", "(一)深化“放管服”改革"]
    assert tasks(plan) == [
        (1, "(一)加强理论武装", "深入开展习近平法治思想学习宣传", ["区司法局"], ["区政府各部门"], "2023年12月底"),
        (2, "(一)加强理论武装", "落实党政主要负责人履行推进法治建设第一责任人职责", ["区委组织部", "区司法局"], ["各街道办事处"], ""),
        (3, "(一)深化“放管服”改革", "全面实行政府权责清单制度", ["区委编办"], [], "2023年6月底前")]


def _style_numbering(document, style: str, num_id: int, ilvl: int | None):
    numpr = document.styles[style].element.get_or_add_pPr().get_or_add_numPr()
    if ilvl is not None:
        numpr.get_or_add_ilvl().val = ilvl
    numpr.get_or_add_numId().val = num_id


def _link_levels(document, num_id: int, styles: list[str]):
    """Link the list's levels to paragraph styles (w:lvl/w:pStyle), as Word does for numbered headings."""
    numbering = document.part.numbering_part.element
    num = next(n for n in numbering.findall(qn("w:num")) if n.numId == num_id)
    abstract = next(a for a in numbering.findall(qn("w:abstractNum"))
                    if a.get(qn("w:abstractNumId")) == str(num.abstractNumId.val))
    for lvl, style in zip(abstract.findall(qn("w:lvl")), styles):
        lvl.find(qn("w:numFmt")).addnext(parse_xml(f'<w:pStyle {nsdecls("w")} w:val="{style}"/>'))


@pytest.mark.parametrize("tasks_as", ["third level", "List Number style", "headings linked by level only"])
def test_heading_styles_numbered_by_a_multilevel_list(tmp_path, tasks_as):
    document = docx.Document()
    document.add_paragraph("XX县2024年法治政府建设工作要点", style="Title")
    document.add_paragraph("为深入推进法治政府建设，结合我县实际，制定本要点。")
    num = _list(document, [("chineseCounting", "%1、"), ("chineseCounting", "（%2）"), ("decimal", "%3.")])
    _link_levels(document, num, ["Heading1", "Heading2"])
    _style_numbering(document, "Heading 1", num, None)
    # Word names the level in the style; some editors leave it to the list's link to the style
    _style_numbering(document, "Heading 2", num, None if tasks_as == "headings linked by level only" else 1)

    def task(text):
        if tasks_as == "List Number style":  # numbered on through the plan
            document.add_paragraph(text, style="List Number")
        else:
            _numbered(document, text, num, 2)

    document.add_heading("加强党对法治政府建设的领导", 1)
    document.add_heading("压实法治建设责任", 2)
    task("严格落实党政主要负责人履行推进法治建设第一责任人职责规定。（牵头单位：县委组织部；责任单位：县直各部门）")
    task("健全县政府常务会议学法制度，全年学法不少于4次。（牵头单位：县司法局；完成时限：2024年12月）")
    document.add_heading("依法全面履行政府职能", 1)
    document.add_heading("推进政府机构职能优化", 2)
    task("动态调整权责清单。（牵头单位：县委编办；责任单位：县直各部门）")
    document.add_heading("优化法治化营商环境", 2)
    task("清理涉及市场主体的规范性文件。（牵头单位：县司法局；责任单位：各乡镇人民政府；完成时限：2024年9月底前）")
    document.add_heading("保障措施", 1)
    document.add_paragraph("各乡镇、各部门要高度重视，确保各项任务落到实处。")
    text = read_document(_save(document, tmp_path))
    assert "二、依法全面履行政府职能\n（一）推进政府机构职能优化" in text
    plan = parse_plan_text(text)
    assert plan.sections == ["一、加强党对法治政府建设的领导", "(一)压实法治建设责任", "二、依法全面履行政府职能",
                             "(一)推进政府机构职能优化", "(二)优化法治化营商环境"]
    assert tasks(plan) == [
        (1, "(一)压实法治建设责任", "严格落实党政主要负责人履行推进法治建设第一责任人职责规定", ["县委组织部"], ["县直各部门"], ""),
        (2, "(一)压实法治建设责任", "健全县政府常务会议学法制度，全年学法不少于4次", ["县司法局"], [], "2024年12月"),
        (3, "(一)推进政府机构职能优化", "动态调整权责清单", ["县委编办"], ["县直各部门"], ""),
        (4, "(二)优化法治化营商环境", "清理涉及市场主体的规范性文件", ["县司法局"], ["各乡镇人民政府"], "2024年9月底前")]


DIVISION_HEADER = ["序号", "重点任务", "具体措施", "牵头单位", "责任单位", "完成时限"]


def _division_table(document, header: bool):
    table = document.add_table(rows=0, cols=len(DIVISION_HEADER))
    table.style = "Table Grid"
    if header:
        cells = table.add_row()
        for cell, name in zip(cells.cells, DIVISION_HEADER):
            cell.text = name
        cells._tr.get_or_add_trPr().append(parse_xml(f"<w:tblHeader {nsdecls('w')}/>"))  # repeated on every page
    return table


def _category(table, name: str):
    cells = table.add_row().cells
    cells[0].merge(cells[-1]).text = name  # across the table


def _task_rows(table, number: str, task: str, measures: list[tuple[str, str, str, str]]):
    """One 重点任务 over its 具体措施 rows, its number and name merged down them."""
    first = len(table.rows)
    for k, measure in enumerate(measures):
        for cell, value in zip(table.add_row().cells, (number if k == 0 else "", task if k == 0 else "", *measure)):
            cell.text = value
    for column in (0, 1):
        top = table.cell(first, column)
        text = top.text
        top.merge(table.cell(first + len(measures) - 1, column)).text = text


@pytest.mark.parametrize("numbers", ["1", "1.", "（1）"])
@pytest.mark.parametrize("continued", ["header repeated", "no header"])
def test_task_table_with_merged_cells_split_by_a_page_break(tmp_path, numbers, continued):
    from docx.enum.text import WD_BREAK

    label = {"1": str, "1.": lambda n: f"{n}.", "（1）": lambda n: f"（{n}）"}[numbers]
    document = docx.Document()
    document.add_paragraph("附件")
    document.add_paragraph("东河区2023年法治政府建设重点任务分工方案")
    table = _division_table(document, header=True)
    _category(table, "一、依法全面履行政府职能")
    _task_rows(table, label(1), "深化“放管服”改革", [
        ("全面推行证明事项告知承诺制。", "区司法局", "区政府各部门", "2023年12月底前"),
        ("推进政务服务“一网通办”。", "区政务服务中心", "区大数据局", "2023年10月底前")])
    _task_rows(table, label(2), "优化法治化营商环境", [("开展涉企规范性文件清理。", "区司法局", "区发改委、区市场监管局", "2023年6月底前")])
    document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)  # the table goes on as a second one
    table = _division_table(document, header=continued == "header repeated")
    _category(table, "二、严格规范公正文明执法")
    _task_rows(table, label(3), "全面落实行政执法三项制度", [("开展行政执法案卷评查。", "区司法局", "区城管局", "2023年11月底前")])
    document.add_paragraph("注：各责任单位请于每季度末将工作进展报区司法局。")
    plan = parse_plan_text(read_document(_save(document, tmp_path)))
    assert plan.title == "东河区2023年法治政府建设重点任务分工方案"
    assert plan.sections == ["一、依法全面履行政府职能", "深化“放管服”改革", "优化法治化营商环境",
                             "二、严格规范公正文明执法", "全面落实行政执法三项制度"]
    assert tasks(plan) == [  # each 具体措施 is a task: the printed numbers repeat, so they are counted anew
        (1, "深化“放管服”改革", "全面推行证明事项告知承诺制", ["区司法局"], ["区政府各部门"], "2023年12月底前"),
        (2, "深化“放管服”改革", "推进政务服务“一网通办”", ["区政务服务中心"], ["区大数据局"], "2023年10月底前"),
        (3, "优化法治化营商环境", "开展涉企规范性文件清理", ["区司法局"], ["区发改委", "区市场监管局"], "2023年6月底前"),
        (4, "全面落实行政执法三项制度", "开展行政执法案卷评查", ["区司法局"], ["区城管局"], "2023年11月底前")]


def test_plan_attached_to_its_notice_with_tasks_under_subsections(tmp_path):
    document = docx.Document()
    for line in [
        "东河区人民政府办公室文件", "东府办发〔2023〕8号",
        "东河区人民政府办公室关于印发东河区2023年法治政府建设示范创建实施方案的通知", "各镇人民政府、街道办事处，区政府各部门：",
        "经区政府同意，现将《东河区2023年法治政府建设示范创建实施方案》印发给你们，并就有关事项通知如下：",
        "一、提高思想认识。各单位要充分认识示范创建工作的重要意义。",
        "二、落实工作责任。各牵头单位要制定具体措施，于4月底前报区司法局备案。",
        "附件：东河区2023年法治政府建设示范创建实施方案", "东河区人民政府办公室", "2023年3月20日",
        "附件", "东河区2023年法治政府建设", "示范创建实施方案",  # the title on two lines
        "为全面推进法治政府建设示范创建工作，制定本方案。", "一、指导思想", "以习近平新时代中国特色社会主义思想为指导。",
        "二、主要任务", "（一）依法全面履行政府职能", "1.深化行政审批制度改革，全面推行证明事项告知承诺制。",
        "牵头单位：区政务服务局", "责任单位：区政府各部门", "完成时限：2023年6月底前",
        "2.加强市场监管，全面推行“双随机、一公开”监管。", "牵头单位：区市场监管局", "责任单位：区发改委、区商务局",
        "（二）严格规范公正文明执法", "1.全面落实行政执法“三项制度”。", "牵头单位：区司法局",
        "责任单位：区城管执法局、区市场监管局", "完成时限：长期坚持", "三、工作步骤",
        "（一）动员部署阶段（2023年3月）。制定实施方案，召开动员会议。", "四、保障措施", "（一）加强组织领导。成立领导小组。",
    ]:
        document.add_paragraph(line)
    plan = parse_plan_text(read_document(_save(document, tmp_path)))
    assert (plan.title, plan.doc_number, plan.issuer) == (
        "东河区2023年法治政府建设示范创建实施方案", "东府办发〔2023〕8号", "东河区人民政府办公室")
    assert plan.sections == ["二、主要任务", "(一)依法全面履行政府职能", "(二)严格规范公正文明执法"]
    assert tasks(plan) == [
        (1, "(一)依法全面履行政府职能", "深化行政审批制度改革，全面推行证明事项告知承诺制", ["区政务服务局"], ["区政府各部门"],
         "2023年6月底前"),
        (2, "(一)依法全面履行政府职能", "加强市场监管，全面推行“双随机、一公开”监管", ["区市场监管局"], ["区发改委", "区商务局"], ""),
        (3, "(二)严格规范公正文明执法", "全面落实行政执法“三项制度”", ["区司法局"], ["区城管执法局", "区市场监管局"], "长期坚持")]


def test_plan_pasted_from_a_web_page_into_a_one_column_table(tmp_path):
    document = docx.Document()
    cell = document.add_table(rows=1, cols=1).cell(0, 0)
    cell.paragraphs[0].text = "东河区2022年法治政府建设工作计划"
    for line in PLAN_TXT.strip().split("\n")[1:]:
        cell.add_paragraph(line)
    plan = parse_plan_text(read_document(_save(document, tmp_path)))
    assert plan.title == "东河区2022年法治政府建设工作计划"
    assert found(plan) == WANT


# ---------------------------------------------------------------- Word numbering in table cells


def _number_cell(cell, num_id: int, ilvl: int = 0):
    """The cell's first paragraph numbered by a Word list, as a 序号 column is when its numbers are not typed."""
    numpr = cell.paragraphs[0]._p.get_or_add_pPr().get_or_add_numPr()
    numpr.get_or_add_ilvl().val = ilvl
    numpr.get_or_add_numId().val = num_id


def test_task_table_numbered_by_word_lists_in_its_cells(tmp_path):
    document = docx.Document()
    document.add_paragraph("东河区2024年法治政府建设重点任务分工方案")
    categories, numbers = _list(document, [("chineseCounting", "%1")]), _list(document, [("decimal", "%1")])
    table = document.add_table(rows=1, cols=4)
    for cell, name in zip(table.rows[0].cells, ("序号", "工作任务", "牵头单位", "责任单位")):
        cell.text = name
    rows = [("依法全面履行政府职能", None, None), ("全面推行证明事项告知承诺制。", "区司法局", "区政府各部门"),
            ("开展法治宣传“八五”普法中期评估。", "", ""),  # units still to be settled: the cells are empty
            ("推进政务服务“一网通办”。", "区政务服务中心", "区大数据局"),
            ("严格规范公正文明执法", None, None), ("落实行政执法“三项制度”。", "区司法局", "区城管局")]
    for task, lead, resp in rows:
        cells = table.add_row().cells
        if lead is None:  # a category row: numbered "一", its name across the other columns
            _number_cell(cells[0], categories)
            cells[1].merge(cells[3]).text = task
        else:
            _number_cell(cells[0], numbers)
            for cell, value in zip(cells[1:], (task, lead, resp)):
                cell.text = value
    next_table = document.add_table(rows=1, cols=4)  # the list goes on in a table after a page break
    _number_cell(next_table.rows[0].cells[0], numbers)
    for cell, value in zip(next_table.rows[0].cells[1:], ("健全行政复议案件审理机制。", "区司法局", "区行政复议局")):
        cell.text = value
    text = read_document(_save(document, tmp_path))
    assert "二\t严格规范公正文明执法\t严格规范公正文明执法\t严格规范公正文明执法" in text
    assert "3\t推进政务服务“一网通办”。\t区政务服务中心\t区大数据局" in text
    assert "\n5\t健全行政复议案件审理机制。" in text
    plan = parse_plan_text(text)
    assert plan.sections == ["一、依法全面履行政府职能", "二、严格规范公正文明执法"]
    assert [(t.number, t.section, t.title, t.lead_units) for t in plan.tasks] == [
        (1, "一、依法全面履行政府职能", "全面推行证明事项告知承诺制", ["区司法局"]),
        (2, "一、依法全面履行政府职能", "开展法治宣传“八五”普法中期评估", []),  # a task, not a heading
        (3, "一、依法全面履行政府职能", "推进政务服务“一网通办”", ["区政务服务中心"]),
        (4, "二、严格规范公正文明执法", "落实行政执法“三项制度”", ["区司法局"]),
        (5, "二、严格规范公正文明执法", "健全行政复议案件审理机制", ["区司法局"])]


def test_numbered_task_cells_merged_down_count_once(tmp_path):
    from docx.table import _Cell

    document = docx.Document()
    document.add_paragraph("东河区2023年法治政府建设重点任务分工方案")
    numbers = _list(document, [("decimal", "%1.")])
    table = _division_table(document, header=True)
    for task, measures in [
            ("深化“放管服”改革", [("全面推行证明事项告知承诺制。", "区司法局", "区政府各部门", "2023年12月底前"),
                              ("推进政务服务“一网通办”。", "区政务服务中心", "区大数据局", "2023年10月底前")]),
            ("优化法治化营商环境", [("开展涉企规范性文件清理。", "区司法局", "区发改委", "2023年6月底前")])]:
        first = len(table.rows)
        _task_rows(table, "", task, measures)
        # Word keeps the lower part of a merged 序号 cell as an empty paragraph of the list: not shown, not counted
        for tr in table._tbl.tr_lst[first:]:  # table.cell() would give the top cell for each row
            _number_cell(_Cell(tr.tc_lst[0], table), numbers)
    text = read_document(_save(document, tmp_path))
    assert [line.split("\t")[0] for line in text.split("\n")[2:]] == ["1.", "1.", "2."]
    assert [(t.title, t.lead_units) for t in parse_plan_text(text).tasks] == [
        ("全面推行证明事项告知承诺制", ["区司法局"]), ("推进政务服务“一网通办”", ["区政务服务中心"]),
        ("开展涉企规范性文件清理", ["区司法局"])]


def test_word_file_with_an_embedded_body_is_refused(tmp_path):
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part

    document = docx.Document()  # as some office systems export: the body is an HTML part only Word converts
    html = "<html><body><p>一、加强党的领导</p><p>1.落实第一责任人职责。（牵头单位：区委组织部）</p></body></html>"
    part = Part(PackURI("/word/afchunk.htm"), "text/html", html.encode("utf-8"), document.part.package)
    rid = document.part.relate_to(part, RELATIONSHIP_TYPE.A_F_CHUNK)
    document.element.body.insert(0, parse_xml(f'<w:altChunk {nsdecls("w", "r")} r:id="{rid}"/>'))
    with pytest.raises(DocumentError, match="请用 Word 打开该文件，另存为 .docx 后重新上传"):
        read_document(_save(document, tmp_path))


def test_bulleted_measures_in_a_task_cell_keep_a_plain_title(tmp_path):
    document = docx.Document()
    document.add_paragraph("东河区2023年法治政府建设重点任务分工方案")
    bullets = _list(document, [("bullet", "\uf06c")])
    table = document.add_table(rows=2, cols=3)
    for cell, name in zip(table.rows[0].cells, ("工作任务", "牵头单位", "责任单位")):
        cell.text = name
    cell = table.cell(1, 0)
    cell.text = "全面推行证明事项告知承诺制。"
    cell.add_paragraph("推进政务服务“一网通办”。")
    for paragraph in cell.paragraphs:
        numpr = paragraph._p.get_or_add_pPr().get_or_add_numPr()
        numpr.get_or_add_ilvl().val = 0
        numpr.get_or_add_numId().val = bullets
    table.cell(1, 1).text, table.cell(1, 2).text = "区司法局", "区政府各部门"
    text = read_document(_save(document, tmp_path))
    assert text.split("\n")[2] == "全面推行证明事项告知承诺制。 推进政务服务“一网通办”。\t区司法局\t区政府各部门"
    assert [t.title for t in parse_plan_text(text).tasks] == ["全面推行证明事项告知承诺制"]
