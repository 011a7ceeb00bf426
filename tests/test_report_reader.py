"""read_report: encodings, docx and PDF give the same passages as the .txt, and clear refusals."""
import io
import re
from pathlib import Path

import docx
import pytest

from checklist.parsing.file_text import format_number
from reports.parsing.reader import ReportReadError, ReportText, read_report
from reports.parsing.segment import split_report
from tests.helpers import pdf_from_html

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "fixtures" / "documents"
DATA = Path(__file__).parent / "data" / "reports"  # PDFs made by make_pdfs.py from the seed reports


def seed(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


def passages(text: str) -> list[tuple[str, str]]:
    """What must not depend on the file format: each passage's heading and its text, whitespace aside."""
    return [(p.heading, re.sub(r"\s+", "", p.norm)) for p in split_report(text).passages]


# ---------------------------------------------------------------- txt encodings

TEXT = "十堰市人民政府关于2023年法治政府建设情况的报告\n一、全面加强党的领导\n（一）深学笃行习近平法治思想。"


@pytest.mark.parametrize("data, encoding", [
    (TEXT.encode("utf-8"), "UTF-8"),
    (b"\xef\xbb\xbf" + TEXT.encode("utf-8"), "UTF-8"),
    (TEXT.encode("utf-16"), "UTF-16"),  # with BOM
    (b"\xfe\xff" + TEXT.encode("utf-16-be"), "UTF-16"),
    (TEXT.encode("gbk"), "GBK"),
    ((TEXT + "㐀").encode("gb18030"), "GB18030"),  # 㐀 (CJK extension A) is not in GBK
])
def test_txt_encodings(data, encoding):
    got = read_report(data, "报告.txt")
    assert got == ReportText(got.text, "txt", encoding)
    assert got.text.startswith(TEXT)


@pytest.mark.parametrize("newline", ["\r\n", "\r", "\n"])
def test_txt_line_ends(newline):
    got = read_report(TEXT.replace("\n", newline).encode("gbk"), "a.TXT")
    assert got.text == TEXT


def test_utf8_with_a_few_broken_bytes_stays_utf8():
    raw = (DOCS / "report-shiyan-2023.txt").read_bytes()
    a, b = raw.index(b"\n", 3000) + 1, raw.index(b"\n", 9000) + 1  # at line starts: no character is cut
    broken = raw[:a] + b"\xff\xfe\x80" + raw[a:b] + b"\xc3" + raw[b:]
    got = read_report(broken, "shiyan.txt")
    assert got.encoding == "UTF-8"
    assert got.text.count("\ufffd") == 4
    assert "十堰市人民政府" in got.text  # not GBK mojibake
    assert len(split_report(got.text).passages) == len(split_report(seed("report-shiyan-2023.txt")).passages)


def test_gbk_report_is_not_taken_for_broken_utf8():
    got = read_report(seed("report-ordos-2023.txt").encode("gbk"), "ordos.txt")
    assert got.encoding == "GBK"
    assert got.text == seed("report-ordos-2023.txt")


# ---------------------------------------------------------------- refusals


@pytest.mark.parametrize("filename, data, message", [
    ("report.xlsx", b"PK\x03\x04", "不支持的文件类型：.xlsx，请上传 .txt、.docx 或 .pdf 文件"),
    ("report", b"abc", "不支持的文件类型"),
    ("report.doc", b"\xd0\xcf\x11\xe0", "另存为 .docx"),
    ("报告.wps", b"\xd0\xcf\x11\xe0", "不支持 WPS 文字文件“报告.wps”：请在 WPS 中另存为 .docx 后上传"),
    ("report.txt", b"", "是空的"),
    ("report.txt", b"  \r\n\t ", "是空的"),
    ("report.docx", b"this is not a zip file", "无法读取 Word 文件“report.docx”：文件已损坏或不是 .docx 格式（.doc 文件请在 Word 中另存为 .docx）"),
    ("report.pdf", b"%PDF-1.4\nnot really a pdf", "无法读取 PDF 文件“report.pdf”：文件已损坏或已加密"),
    ("report.txt", b"\xff\xff\xff abc \xff\x80\x80 \xfe\xfe\xff", "无法识别文件“report.txt”的文字编码"),
])
def test_refusals(filename, data, message):
    with pytest.raises(ReportReadError, match=re.escape(message)):
        read_report(data, filename)


def _pdf_without_text() -> bytes:
    """A one-page A4 PDF with a drawing and no text, as a scanner without OCR makes."""
    drawing = b"0 0 1 rg 100 100 400 600 re f"
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Contents 4 0 R /Resources << >> >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(drawing), drawing),
    ]
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(out.tell())
        out.write(b"%d 0 obj\n%s\nendobj\n" % (number, body))
    xref = out.tell()
    out.write(b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1))
    for offset in offsets:
        out.write(b"%010d 00000 n \n" % offset)
    out.write(b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref))
    return out.getvalue()


def test_scanned_pdf_is_refused():
    with pytest.raises(ReportReadError, match="看起来是扫描件.*请上传文字版 PDF"):
        read_report(_pdf_without_text(), "扫描件.pdf")


# ---------------------------------------------------------------- docx


def _docx(lines: list[str]) -> bytes:
    document = docx.Document()
    for line in lines:
        document.add_paragraph(line)
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@pytest.mark.parametrize("name", ["report-baotou.txt", "report-shiyan-2023.txt", "report-ordos-2023.txt",
                                  "report-yuanbaoshan-2024.txt"])
def test_docx_gives_the_same_passages_as_txt(name):
    text = seed(name)
    got = read_report(_docx(text.splitlines()), name.replace(".txt", ".docx"))
    assert (got.format, got.encoding) == ("docx", "")
    assert passages(got.text) == passages(text)
    assert split_report(got.text).title == split_report(text).title


def test_docx_tables_and_list_numbering():
    document = docx.Document()
    document.add_paragraph("一、主要工作")
    document.add_paragraph("加强执法监督。", style="List Number")  # Word's own numbering: not in the text
    document.add_paragraph("规范行政决策。", style="List Number")
    table = document.add_table(rows=2, cols=3)
    for cell, value in zip(table.rows[0].cells, ["指标", "2023年", "备注"]):
        cell.text = value
    merged = table.cell(1, 0).merge(table.cell(1, 1))
    merged.text = "行政复议案件120件"
    table.cell(1, 2).text = "全部办结"
    document.add_paragraph("二、存在问题")
    out = io.BytesIO()
    document.save(out)
    got = read_report(out.getvalue(), "report.docx")
    # one line per row, cells joined with a tab, a merged cell once
    assert got.text == "一、主要工作\n1.加强执法监督。\n2.规范行政决策。\n指标\t2023年\t备注\n行政复议案件120件\t全部办结\n二、存在问题"


def test_chinese_list_numbers():
    assert [format_number(n, "chineseCounting") for n in (1, 9, 10, 11, 20, 23)] == ["一", "九", "十", "十一", "二十", "二十三"]
    assert format_number(3, "decimalEnclosedCircle") == "③"
    assert [format_number(n, "chineseLegalSimplified") for n in (1, 10, 12)] == ["壹", "拾", "拾贰"]
    assert [format_number(n, "ideographTraditional") for n in (1, 10)] == ["甲", "癸"]
    assert [format_number(n, "ideographDigital") for n in (3, 10)] == ["三", "一〇"]
    assert format_number(7, "decimalZero") == "07"
    assert format_number(4, "decimal") == "4"


# ---------------------------------------------------------------- pdf


def test_pdf_gives_the_same_passages_as_txt():
    # official layout: 16pt, justified, first-line indent, "- 1 -" page numbers, 3 pages
    got = read_report((DATA / "report-yuanbaoshan-2024.pdf").read_bytes(), "report-yuanbaoshan-2024.pdf")
    assert (got.format, got.encoding) == ("pdf", "")
    assert passages(got.text) == passages(seed("report-yuanbaoshan-2024.txt"))
    assert not re.search(r"^\s*-\s*\d+\s*-\s*$", got.text, re.M)  # page numbers dropped
    assert len(got.text.splitlines()) == len(seed("report-yuanbaoshan-2024.txt").splitlines())
    assert "趋势,2022年为28.12%" in got.text  # a justified line the text layer spaced out: read without the spaces


def test_pdf_left_aligned_with_running_header_and_pinyin():
    # the traditional-character report (first sections): 12pt, ragged right margin, no indent, a header on
    # every page and "第 1 頁 共 2 頁" footers; lines break between a character and its pinyin
    text = "\n".join(seed("report-shiyan-2023.txt").splitlines()[:11])
    got = read_report((DATA / "report-shiyan-2023-part.pdf").read_bytes(), "shiyan.pdf")
    assert passages(got.text) == passages(text)
    assert split_report(got.text).title == split_report(text).title
    assert "門戶網站" not in got.text and "頁" not in got.text


def test_pdf_line_ending_with_an_english_full_stop_ends_its_paragraph():
    from reports.parsing.reader import _continues, _PdfLine

    def line(text, x1, top):
        return _PdfLine(page=1, x0=90, x1=x1, top=top, bottom=top + 12, text=text, size=12)

    # the previous line stops 4 characters short of the right margin (500): only its last mark decides
    nxt = line("开展行政复议案件评查。", 300, 120)
    assert not _continues(line("全年办理行政复议案件95件.", 452, 100), nxt, 90, 500, 12, 10)
    assert _continues(line("全年办理行政复议案件95件，其中", 452, 100), nxt, 90, 500, 12, 10)


# ---------------------------------------------------------------- real file layouts
# The same report as a government office sends it: a 公文 typed in Word, saved as PDF, printed from a web page.
# Each file is compared with the report typed as plain text: same passages, same title, same figures.

OFFICIAL = """XX区人民政府文件
X政发〔2024〕12号
XX区人民政府关于2023年度法治政府建设情况的报告
市人民政府：
2023年，在市委、市政府的坚强领导下，我区坚持以习近平新时代中国特色社会主义思想为指导，深入学习贯彻习近平法治思想，全面推进法治政府建设，各项工作取得积极成效。现将有关情况报告如下：
一、主要举措和成效
（一）加强党的领导，压实法治建设责任。区委常委会会议专题研究法治政府建设工作4次，区政府常务会议集体学法12次，将法治建设纳入全区高质量发展综合绩效考核，考核权重提高到5%。严格落实党政主要负责人履行推进法治建设第一责任人职责，年底前组织述法工作，实现区直部门和街道全覆盖。
（二）深化“放管服”改革，依法全面履行政府职能。全面推行行政许可事项清单管理，公布区级行政许可事项268项，政务服务事项网上可办率达到99.5%。持续推进证明事项告知承诺制，取消证明事项23项，企业开办时间压缩至1个工作日以内。
（三）严格规范公正文明执法，提升执法质量。组织开展行政执法案卷评查，共评查案卷1260卷，发现问题并督促整改，全区行政执法案卷合格率达到98%。开展执法人员培训12场次，培训执法人员1500余人次，执法人员持证上岗率达到100%。
（四）强化行政权力监督，依法化解矛盾纠纷。全年收到行政复议申请218件，受理196件，审结183件，直接纠错率为12.1%。行政机关负责人出庭应诉率达到100%，人民调解组织调处矛盾纠纷3215件，调解成功率98.6%。
二、存在的问题
一是部分领导干部运用法治思维和法治方式推动工作的能力还需提升；二是行政执法规范化水平有待进一步提高，基层执法力量相对薄弱；三是法治宣传教育的针对性和实效性还不够强。
三、2024年工作安排
（一）持续深化习近平法治思想学习宣传贯彻。把习近平法治思想纳入区政府常务会议学法和干部教育培训重要内容，全年组织专题学习不少于4次。
（二）全面提升行政执法质量和效能。深入实施提升行政执法质量三年行动，开展行政执法案卷评查和执法监督检查，全面推行行政执法“三项制度”。
XX区人民政府
2024年1月25日
"""
BODY = OFFICIAL.splitlines()[4:-2]  # from the preamble to the last item


def same_report(got: str, typed: str) -> None:
    from reports.parsing.facts import extract_facts

    assert passages(got) == passages(typed)
    assert split_report(got).title == split_report(typed).title
    assert [(f.metric, f.value) for f in extract_facts(got)] == [(f.metric, f.value) for f in extract_facts(typed)]


def _saved(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


def _xml(parent, xml: str) -> None:
    """Append WordprocessingML (w: prefix, declared here) to a python-docx element."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    parent.append(parse_xml(re.sub(r"^<([\w:]+)", lambda m: f"<{m.group(1)} {nsdecls('w')}", xml, count=1)))


def _official_docx() -> bytes:
    """A 公文 as typed in Word: red letterhead, number, rule, title over two lines (a soft break), addressee,
    headings in several bold runs, a tab after one number, first-line indents, a page header and footer,
    notes, a comment, hidden text, a link, a text box, a line break and a page break inside a sentence,
    the date as a field, signature and date aligned right."""
    from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
    from docx.shared import Pt, RGBColor

    document = docx.Document()
    document.sections[0].header.paragraphs[0].text = "XX区人民政府"
    document.sections[0].footer.paragraphs[0].text = "— 1 —"
    head = document.add_paragraph().add_run("XX区人民政府文件")
    head.font.size, head.font.color.rgb, head.bold = Pt(36), RGBColor(255, 0, 0), True
    document.add_paragraph("X政发〔2024〕12号").alignment = WD_ALIGN_PARAGRAPH.CENTER
    _xml(document.add_paragraph()._p.get_or_add_pPr(), '<w:pBdr><w:bottom w:val="single" w:sz="12"/></w:pBdr>')
    title = document.add_paragraph()
    title.add_run("XX区人民政府").add_break()
    title.add_run("关于2023年度法治政府建设情况的报告")
    document.add_paragraph()
    document.add_paragraph("市人民政府：")
    for line in BODY:
        p = document.add_paragraph()
        p.paragraph_format.first_line_indent = Pt(32)
        if line[1] == "、":  # "一、" + "主要举措" + "和成效", all bold
            for piece in (line[:2], line[2:6], line[6:]):
                p.add_run(piece).bold = True
            continue
        if not line.startswith("（"):
            p.add_run(line)
            if line.startswith("一是"):  # a note drawn in a text box (and its VML fallback): not the text
                _xml(p._p, '<w:r xmlns:wps="http://schemas.microsoft.com/office/word/2010/wordprocessingShape" '
                        'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><mc:AlternateContent>'
                        '<mc:Choice Requires="wps"><w:drawing><wps:txbx><w:txbxContent><w:p><w:r><w:t>批注文本框</w:t>'
                        '</w:r></w:p></w:txbxContent></wps:txbx></w:drawing></mc:Choice><mc:Fallback><w:pict><w:p><w:r>'
                        '<w:t>批注文本框</w:t></w:r></w:p></w:pict></mc:Fallback></mc:AlternateContent></w:r>')
            continue
        number, title_end = line[:3], line.index("。") + 1
        p.add_run(number).bold = True
        if "执法" in line[:title_end]:
            p.add_run("\t")  # typed after the number to line the titles up
        p.add_run(line[3:title_end]).bold = True
        rest = line[title_end:]
        if "述法工作" in rest:  # a footnote and an endnote: their marks have no text, their text stays out
            a, b = rest.split("述法工作")
            p.add_run(a + "述法工作")
            _xml(p._p, '<w:r><w:footnoteReference w:id="1"/></w:r>')
            _xml(p._p, '<w:r><w:endnoteReference w:id="2"/></w:r>')
            p.add_run(b)
        elif "公布区级行政" in rest:  # pasted from a PDF: a line break inside the sentence
            a, b = rest.split("公布区级行政")
            p.add_run(a + "公布区级行政").add_break()
            p.add_run(b)
        elif "发现问题" in rest:  # the paragraph cut in two at a page break, mid-sentence
            a, b = rest.split("发现问题")
            p.add_run(a + "发现问题")
            document.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            document.paragraphs[-1].add_run(b)
        elif "出庭应诉率" in rest:  # a comment on hidden text, a link
            a, b = rest.split("出庭应诉率")
            _xml(p._p, '<w:commentRangeStart w:id="5"/>')
            p.add_run(a)
            _xml(p._p, '<w:commentRangeEnd w:id="5"/>')
            _xml(p._p, '<w:r><w:commentReference w:id="5"/></w:r>')
            _xml(p._p, '<w:r><w:rPr><w:vanish/></w:rPr><w:t>（待核实）</w:t></w:r>')
            _xml(p._p, '<w:hyperlink w:anchor="a"><w:r><w:t>出庭应诉率</w:t></w:r></w:hyperlink>')
            p.add_run(b)
        else:
            p.add_run(rest)
    document.add_paragraph("XX区人民政府").alignment = WD_ALIGN_PARAGRAPH.RIGHT
    date = document.add_paragraph()
    date.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for xml in ('<w:r><w:fldChar w:fldCharType="begin"/></w:r>',
                '<w:r><w:instrText xml:space="preserve"> DATE \\@ "yyyy年M月d日" </w:instrText></w:r>',
                '<w:r><w:fldChar w:fldCharType="separate"/></w:r>', '<w:r><w:t>2024年1月25日</w:t></w:r>',
                '<w:r><w:fldChar w:fldCharType="end"/></w:r>'):
        _xml(date._p, xml)
    document.add_paragraph("（此件公开发布）")
    return _saved(document)


def test_an_official_document_typed_in_word():
    got = read_report(_official_docx(), "公文.docx").text
    same_report(got, OFFICIAL)
    for hidden in ("批注文本框", "待核实", "DATE", "— 1 —"):
        assert hidden not in got  # text boxes, hidden text, field codes, page header and footer stay out
    assert "XX区人民政府\n关于2023年度" in got  # the line break in the title


def _multilevel(document, style_level: bool) -> None:
    """A multilevel list "一、" / "（一）" / "1." linked to Heading 1-3. Word writes the level into the
    heading styles; other editors leave it to the list's link back to the style (w:lvl/w:pStyle)."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    w = nsdecls("w")
    styles = ("Heading1", "Heading2", "Heading3")
    levels = "".join(f'<w:lvl w:ilvl="{i}"><w:start w:val="1"/><w:numFmt w:val="{fmt}"/><w:pStyle w:val="{styles[i]}"/>'
                     f'<w:lvlText w:val="{text}"/></w:lvl>'
                     for i, (fmt, text) in enumerate([("chineseCounting", "%1、"), ("chineseCounting", "（%2）"),
                                                      ("decimal", "%3.")]))
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(f'<w:abstractNum {w} w:abstractNumId="90">{levels}</w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {w} w:numId="90"><w:abstractNumId w:val="90"/></w:num>'))
    for i, style_id in enumerate(styles):
        style = document.styles.element.xpath(f'w:style[@w:styleId="{style_id}"]')[0]
        level = f'<w:ilvl w:val="{i}"/>' if style_level and i else ""
        style.get_or_add_pPr().insert(0, parse_xml(f'<w:numPr {w}>{level}<w:numId w:val="90"/></w:numPr>'))


@pytest.mark.parametrize("style_level", [True, False])
@pytest.mark.parametrize("name", ["report-yuanbaoshan-2024.txt", "report-baotou.txt"])
def test_headings_numbered_by_word_give_the_passages_of_typed_numbers(name, style_level):
    typed = seed(name).replace("(", "（").replace(")", "）")
    document = docx.Document()
    _multilevel(document, style_level)
    for line in typed.splitlines():
        m = re.match(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)", line)
        level = 1 if m and m.group().endswith("、") else 2
        document.add_paragraph(line[m.end():], style=f"Heading {level}") if m else document.add_paragraph(line)
    got = read_report(_saved(document), "auto.docx").text
    same_report(got, typed)
    numbers = re.compile(r"^(?:[一二三四五六七八九十]+、|（[一二三四五六七八九十]+）)", re.M)
    assert numbers.findall(got) == numbers.findall(typed)  # written out as they were typed


def test_a_list_restarted_at_one_counts_from_one():
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    w = nsdecls("w")
    document = docx.Document()
    numbering = document.part.numbering_part.element
    numbering.insert(0, parse_xml(f'<w:abstractNum {w} w:abstractNumId="77"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                                  '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1."/></w:lvl></w:abstractNum>'))
    numbering.append(parse_xml(f'<w:num {w} w:numId="77"><w:abstractNumId w:val="77"/></w:num>'))
    # Word's "restart at 1": another list of the same definition, with a start override
    numbering.append(parse_xml(f'<w:num {w} w:numId="78"><w:abstractNumId w:val="77"/>'
                               '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride></w:num>'))
    for line, num in [("（一）规范行政执法", 0), ("开展案卷评查。", 77), ("加强执法培训。", 77), ("（二）化解矛盾纠纷", 0),
                      ("加强人民调解。", 78), ("推进行政复议。", 78), ("健全调解组织。", 77)]:
        p = document.add_paragraph(line)
        if num:
            numpr = f'<w:numPr {w}><w:ilvl w:val="0"/><w:numId w:val="{num}"/></w:numPr>'
            p._p.get_or_add_pPr().insert(0, parse_xml(numpr))
    got = read_report(_saved(document), "restart.docx").text
    assert re.findall(r"\d\.", got) == ["1.", "2.", "1.", "2.", "3."]  # the first list goes on where it was


STATISTICS = [["类别", "项目", "2022年", "2023年"], ["行政复议", "收到申请（件）", "186", "218"],
              ["", "审结（件）", "170", "183"], ["行政诉讼", "一审应诉（件）", "95", "102"],
              ["", "负责人出庭率", "98%", "100%"]]  # the category cell merged down over two rows
CAPTION = "表1　2023年行政复议和行政诉讼情况"
AFTER = BODY.index(next(line for line in BODY if line.startswith("（四）"))) + 1


def _with_table(rows: list[list[str]]) -> str:
    """The typed report with the table in section (四), a row a line, cells joined with tabs."""
    lines = OFFICIAL.splitlines()
    at = 4 + AFTER
    return "\n".join(lines[:at] + [CAPTION] + ["\t".join(row) for row in rows] + lines[at:])


def test_a_statistics_table_with_merged_cells_in_word():
    document = docx.Document()
    for line in OFFICIAL.splitlines()[:4 + AFTER]:
        document.add_paragraph(line)
    document.add_paragraph(CAPTION)
    table = document.add_table(rows=len(STATISTICS), cols=4)
    for r, row in enumerate(STATISTICS):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    for r in (1, 3):
        table.cell(r, 0).merge(table.cell(r + 1, 0))
    for line in OFFICIAL.splitlines()[4 + AFTER:]:
        document.add_paragraph(line)
    got = read_report(_saved(document), "table.docx").text
    same_report(got, _with_table(STATISTICS))
    assert "行政复议\t收到申请（件）\t186\t218\n\t审结（件）\t170\t183" in got  # a merged cell once, as in a PDF



def _cell_list(document, starts_again: bool = False) -> int:
    """A "1、2、3" list for a 序号 column; starts_again: Word's "restart at 1", another list of the same
    definition with a start override."""
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    w = nsdecls("w")
    numbering = document.part.numbering_part.element
    if not starts_again:
        numbering.insert(0, parse_xml(f'<w:abstractNum {w} w:abstractNumId="66"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                                      '<w:numFmt w:val="decimal"/><w:lvlText w:val="%1"/></w:lvl></w:abstractNum>'))
    num = numbering.add_num(66)
    if starts_again:
        num.append(parse_xml(f'<w:lvlOverride {w} w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'))
    return num.numId


def _numbered_table(document, num_id: int, header: list[str], rows: list[list[str]]):
    """A table whose first column is numbered by the Word list, the numbers not typed."""
    table = document.add_table(rows=0, cols=len(header) + 1)
    for r, values in enumerate([header] + rows):
        cells = table.add_row().cells
        for cell, value in zip(cells, (["序号"] if r == 0 else [""]) + values):
            cell.text = value
        if r:
            numpr = cells[0].paragraphs[0]._p.get_or_add_pPr().get_or_add_numPr()
            numpr.get_or_add_ilvl().val = 0
            numpr.get_or_add_numId().val = num_id
    return table


def test_statistics_tables_numbered_by_word_lists():
    document = docx.Document()
    for line in OFFICIAL.splitlines()[:4 + AFTER]:
        document.add_paragraph(line)
    numbers = _cell_list(document)
    document.add_paragraph("表1　2023年行政复议案件情况")
    table = _numbered_table(document, numbers, ["项目", "件数"], [["收到申请", "218"], ["审结", "183"], ["纠错", "21"],
                                                                   ["撤回申请", "12"]])
    # 序号 merged down over two rows: the lower part keeps an empty paragraph of the list, not shown nor counted
    top = table.cell(2, 0).merge(table.cell(3, 0))
    for moved in top._tc.xpath("w:p")[1:]:
        top._tc.remove(moved)
    numpr = table._tbl.tr_lst[3].tc_lst[0].p_lst[0].get_or_add_pPr().get_or_add_numPr()  # row.cells gives the top
    numpr.get_or_add_numId().val = numbers
    document.add_paragraph("表2　2023年行政诉讼案件情况")  # the numbering starts again in the next table
    _numbered_table(document, _cell_list(document, starts_again=True), ["项目", "件数"], [["一审应诉", "102"],
                                                                                      ["负责人出庭", "102"]])
    for line in OFFICIAL.splitlines()[4 + AFTER:]:
        document.add_paragraph(line)
    got = read_report(_saved(document), "numbered.docx").text
    assert "序号\t项目\t件数\n1\t收到申请\t218\n2\t审结\t183\n\t纠错\t21\n3\t撤回申请\t12\n表2" in got  # merged: once
    assert "表2　2023年行政诉讼案件情况\n序号\t项目\t件数\n1\t一审应诉\t102\n2\t负责人出庭\t102" in got



def test_a_word_file_whose_body_is_an_embedded_web_page_is_refused():
    from docx.opc.constants import RELATIONSHIP_TYPE
    from docx.opc.packuri import PackURI
    from docx.opc.part import Part
    from docx.oxml import parse_xml
    from docx.oxml.ns import nsdecls

    document = docx.Document()  # exported by an office system: a heading, then the report as an HTML part
    document.add_paragraph(OFFICIAL.splitlines()[2])
    html = "".join(f"<p>{line}</p>" for line in BODY).encode("utf-8")
    rid = document.part.relate_to(Part(PackURI("/word/report.htm"), "text/html", html, document.part.package),
                                  RELATIONSHIP_TYPE.A_F_CHUNK)
    document.element.body.insert(1, parse_xml(f'<w:altChunk {nsdecls("w", "r")} r:id="{rid}"/>'))
    with pytest.raises(ReportReadError, match="请用 Word 打开该文件，另存为 .docx 后重新上传"):
        read_report(_saved(document), "exported.docx")


def test_a_report_pasted_into_one_table_cell_reads_as_paragraphs():
    document = docx.Document()
    cell = document.add_table(rows=1, cols=1).cell(0, 0)  # a web page's layout frame, pasted into Word
    cell.text = OFFICIAL.splitlines()[0]
    for line in OFFICIAL.splitlines()[1:]:
        cell.add_paragraph(line)
    same_report(read_report(_saved(document), "frame.docx").text, OFFICIAL)


# PDF: drawn from HTML with WeasyPrint as an office's 公文 is printed (A4, 16pt, justified, first-line indent)

OFFICIAL_CSS = """<style>
@page { size: A4; margin: 37mm 26mm 35mm 28mm;
  @top-center { content: "XX区人民政府关于2023年度法治政府建设情况的报告"; font: 10pt 'WenQuanYi Micro Hei'; }
  @bottom-center { content: "— " counter(page) " —"; font: 14pt 'WenQuanYi Micro Hei'; } }
body { font: 16pt/1.6 'WenQuanYi Micro Hei'; }
p { margin: 0; text-indent: 2em; text-align: justify; }
.head { color: red; font-size: 30pt; text-align: center; text-indent: 0; letter-spacing: 0.2em; }
.center { text-align: center; text-indent: 0; } .title { font-size: 22pt; margin: 12pt 0; }
.right { text-align: right; padding-right: 2em; } .b { font-weight: bold; } td { font-size: 12pt; }
</style>"""
IMPRINT = ('<div style="margin-top:40pt;border-top:1px solid;border-bottom:1px solid"><p style="text-indent:0">'
           '抄送：市司法局，区委办公室，区人大常委会办公室。</p></div><div style="border-bottom:1px solid;overflow:hidden">'
           '<span style="float:left">XX区人民政府办公室</span><span style="float:right">2024年1月25日印发</span>&nbsp;</div>')


def _p(text: str, css: str = "") -> str:
    from html import escape

    return f'<p class="{css}">{escape(text)}</p>'


def _official_html(lines: list[str], before_second: str = "", after_fourth: str = "") -> str:
    """Letterhead (letter-spaced), number, a title in a larger font on two lines, addressee, the body, signature
    and date aligned right and the imprint (抄送, 印发) between rules."""
    html = [OFFICIAL_CSS, _p("XX区人民政府文件", "head"), _p("X政发〔2024〕12号", "center"),
            '<p class="center title">XX区人民政府<br>关于2023年度法治政府建设情况的报告</p>', _p("市人民政府：", "b")]
    for line in lines:
        html.append(before_second if line.startswith("二、") else "")
        html.append(_p(line, "b" if line[1] == "、" else ""))
        html.append(after_fourth if line.startswith("（四）") else "")
    return "".join(html + [_p("XX区人民政府", "right"), _p("2024年1月25日", "right"), IMPRINT])


def _page_lines(path) -> list[list[str]]:
    import pdfplumber

    with pdfplumber.open(path) as pdf:
        return [[line["text"] for line in page.extract_text_lines()] for page in pdf.pages]


@pytest.mark.parametrize("space", [0, 350])
def test_an_official_document_as_pdf(tmp_path, space):
    # a spacer moves the text down: at 350pt "二、存在的问题" is the last line of a page, its body on the next
    path = pdf_from_html(tmp_path / "公文.pdf", _official_html(BODY, f'<div style="height:{space}pt"></div>'))
    if space:
        assert any(lines[-2].startswith("二、存在的问题") for lines in _page_lines(path))  # above the page number
    got = read_report(path.read_bytes(), "公文.pdf").text
    same_report(got, OFFICIAL)
    assert "—" not in got and "印发" not in got.splitlines()[-2]


@pytest.mark.parametrize("merged", [False, True])
def test_a_ruled_table_in_a_pdf_reads_row_by_row(tmp_path, merged):
    from html import escape

    rows = STATISTICS if merged else [[row[0] or STATISTICS[r - 1][0]] + row[1:] for r, row in enumerate(STATISTICS)]
    cells = []
    for r, row in enumerate(rows):
        spans = {0: ' rowspan="2"'} if merged and r in (1, 3) else {}
        cells.append("<tr>" + "".join(f"<td{spans.get(c, '')}>{escape(v)}</td>" for c, v in enumerate(row)
                                      if not (merged and c == 0 and r in (2, 4))) + "</tr>")
    table = _p(CAPTION, "center") + "<table>" + "".join(cells) + "</table>"
    got = read_report(pdf_from_html(tmp_path / "table.pdf", _official_html(BODY, after_fourth=table)).read_bytes(),
                      "table.pdf").text
    same_report(got, _with_table(rows))
    assert "\t".join(rows[2]) in got.splitlines()  # the cells of a row, not the text around the table


def test_a_long_table_over_two_pages_has_its_header_once(tmp_path):
    from html import escape

    header = ["序号", "执法部门", "行政处罚（件）", "行政许可（件）"]
    rows = [[str(i), f"第{i}执法大队", str(100 + 7 * i), str(30 + 3 * i)] for i in range(1, 29)]
    cells = "".join("<tr>" + "".join(f"<td>{escape(c)}</td>" for c in row) + "</tr>" for row in rows)
    table = (_p(CAPTION, "center") + "<table><thead><tr>" + "".join(f"<th>{h}</th>" for h in header)
             + "</tr></thead>" + cells + "</table>")
    path = pdf_from_html(tmp_path / "long.pdf", _official_html(BODY, after_fourth=table))
    assert sum("序号" in " ".join(lines) for lines in _page_lines(path)) == 2  # printed at the top of each page
    got = read_report(path.read_bytes(), "long.pdf").text
    same_report(got, _with_table([header] + rows))


@pytest.mark.parametrize("spacing", ["spaces in the text", "letter-spacing"])
def test_a_pdf_text_layer_with_a_space_after_every_character(tmp_path, spacing):
    css = "<style>p{text-indent:2em;text-align:justify;font-size:14pt}%s</style>" % (
        "p{letter-spacing:0.3em}" if spacing == "letter-spacing" else "")
    spaced = spacing == "spaces in the text"
    body = css + "".join(_p(" ".join(line) if spaced else line) for line in OFFICIAL.splitlines())
    got = read_report(pdf_from_html(tmp_path / "spaced.pdf", body).read_bytes(), "spaced.pdf").text
    same_report(got, OFFICIAL)
    assert "审结183件" in got and "2 0" not in got  # figures whole


FULL_LINES = """XX区司法局2023年法治政府建设工作报告
一、主要工作
全年共办理行政复议案件一百二十件，其中维持八十件，撤销十五件，确认违法五件，驳回申请二十件，行政复议案件办结率达到百分之百。
行政机关负责人出庭应诉工作持续加强，全年出庭应诉案件九十五件，负责人出庭应诉率百分之百，较上年有明显提高，工作效果良好。
我局还组织开展了行政执法案卷评查工作，共评查案卷三百卷，发现并整改问题四十六个。
二、存在的问题
执法人员专业素质有待提高。
"""


def test_a_pdf_indented_with_full_width_spaces(tmp_path):
    # left aligned, the indent typed as two full-width spaces: the second paragraph's last line is full, so
    # only the indent of the next line says a new paragraph starts
    body = ("<style>p{font-size:14pt;text-align:left;white-space:pre-wrap}@page{margin:30mm 25mm}</style>"
            + "".join(_p("\u3000\u3000" + line) for line in FULL_LINES.splitlines()))
    path = pdf_from_html(tmp_path / "indent.pdf", body)
    lines = [line for page in _page_lines(path) for line in page]
    assert any(line.endswith("工作效果良好。") and len(line) == max(map(len, lines)) for line in lines)  # full
    same_report(read_report(path.read_bytes(), "indent.pdf").text, FULL_LINES)


def test_a_web_page_printed_to_pdf(tmp_path):
    # the browser's header (date, page title) and footer (address, "1/2") on every page, the site's own header
    css = ("<style>@page{margin:20mm 15mm;@top-left{content:'2024/3/28 10:15';font-size:8pt}"
           "@top-center{content:'XX区人民政府关于2023年度法治政府建设情况的报告_政务公开_XX区人民政府';font-size:8pt}"
           "@bottom-left{content:'https://www.xxq.gov.cn/zwgk/202403/t20240328_123456.html';font-size:8pt}"
           "@bottom-right{content:counter(page) '/' counter(pages);font-size:8pt}}"
           "p{font-size:12pt;line-height:1.8;margin:0 0 6pt 0;text-indent:2em}.m{font-size:9pt;text-indent:0}</style>")
    lines = OFFICIAL.splitlines()[2:]
    body = (css + _p("首页 > 政务公开 > 法治政府建设", "m") + f"<h1>{lines[0]}</h1>"
            + _p("来源：XX区司法局　发布时间：2024-03-28 10:15　浏览次数：1234", "m")
            + "".join(_p(line) for line in lines[1:]) + _p("【打印本页】　【关闭窗口】", "m"))
    got = read_report(pdf_from_html(tmp_path / "web.pdf", body).read_bytes(), "web.pdf").text
    same_report(got, "\n".join(lines))
    assert "https" not in got and "2024/3/28" not in got


@pytest.mark.parametrize("name", ["report-yuanbaoshan-2024.txt", "report-shiyan-2023.txt"])
def test_a_pdf_without_indents_or_paragraph_spacing(tmp_path, name):
    # left aligned, no indent, no space between paragraphs: where a line runs to the margin only the text says
    # whether the paragraph goes on ("…提高。" + "二是…" of the same list) or not ("一、…领导" + "(一)…")
    text = seed(name)
    body = "<style>p{font-size:15pt;line-height:1.5;margin:0;text-align:left}@page{margin:30mm 22mm}</style>"
    body += "".join(_p(line) for line in text.splitlines() if line.strip())
    got = read_report(pdf_from_html(tmp_path / "plain.pdf", body).read_bytes(), "plain.pdf").text
    same_report(got, text)


def test_the_issuer_atop_page_one_signing_at_the_foot_of_the_last_is_no_running_line(tmp_path):
    # in a two-page report the title's first line and the signature are the same words at the two edges:
    # a running header stays at the top of its pages, a footer at the bottom
    css = "<style>@page{size:A4;margin:30mm 25mm} p{font-size:15pt;line-height:1.6;margin:0 0 4pt 0;text-indent:2em}</style>"
    first = ["XX县人民政府", "关于2023年度法治政府建设情况的报告", "一、主要举措和成效"] + [
        f"（{c}）推进第{c}项重点工作。全年开展专项行动{n}次，办理相关案件{n * 7}件，各项任务全面完成。"
        for n, c in enumerate("一二三四五六七八", 1)]
    body = (css + "".join(_p(line) for line in first) + '<div style="page-break-before:always"></div>'
            + _p("二、下一步工作打算") + _p("持续推进法治政府建设示范创建，全面提升依法行政水平。")
            + '<div style="height:580pt"></div>'  # the signature lands at the foot of page two
            + "<p style='text-align:right'>XX县人民政府</p><p style='text-align:right'>2024年1月20日</p>")
    path = pdf_from_html(tmp_path / "two.pdf", body)
    assert _page_lines(path)[1][-1] == "XX县人民政府"  # the date went on to a third page
    got = read_report(path.read_bytes(), "two.pdf").text
    assert split_report(got).title == "XX县人民政府关于2023年度法治政府建设情况的报告"


def test_a_pdf_heading_that_fills_its_line_is_not_joined_to_the_sentence_under_it(tmp_path):
    # left aligned, no indent, no paragraph spacing: the heading runs to the right margin like a broken line
    text = """XX区2023年法治政府建设年度报告
一、主要举措
（一）深化行政执法改革。整合执法队伍5支，组建区综合行政执法局，下沉执法人员160名。
二、党政主要负责人履行推进法治建设第一责任人职责情况
区委书记、区长带头学法讲法，全年主持召开法治建设专题会议3次，批示法治建设工作6次。
三、存在的不足和原因
部分部门对法治政府建设重视不够，工作推进不平衡。"""
    body = "<style>p{font-size:15pt;line-height:1.5;margin:0;text-align:left}@page{margin:30mm 22mm}</style>"
    body += "".join(_p(line) for line in text.splitlines())
    path = pdf_from_html(tmp_path / "plain.pdf", body)
    assert "二、党政主要负责人履行推进法治建设第一责任人职责情况" in _page_lines(path)[0]  # one full line
    same_report(read_report(path.read_bytes(), "plain.pdf").text, text)
