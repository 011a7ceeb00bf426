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
