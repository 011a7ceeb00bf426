"""read_report: encodings, docx and PDF give the same passages as the .txt, and clear refusals."""
import io
import re
from pathlib import Path

import docx
import pytest

from checklist.parsing.file_text import format_number
from reports.parsing.reader import ReportReadError, ReportText, read_report
from reports.parsing.segment import split_report

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
    assert format_number(4, "decimal") == "4"


# ---------------------------------------------------------------- pdf


def test_pdf_gives_the_same_passages_as_txt():
    # official layout: 16pt, justified, first-line indent, "- 1 -" page numbers, 3 pages
    got = read_report((DATA / "report-yuanbaoshan-2024.pdf").read_bytes(), "report-yuanbaoshan-2024.pdf")
    assert (got.format, got.encoding) == ("pdf", "")
    assert passages(got.text) == passages(seed("report-yuanbaoshan-2024.txt"))
    assert not re.search(r"^\s*-\s*\d+\s*-\s*$", got.text, re.M)  # page numbers dropped
    assert len(got.text.splitlines()) == len(seed("report-yuanbaoshan-2024.txt").splitlines())


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
