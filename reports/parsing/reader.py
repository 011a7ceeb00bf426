"""Plain text out of an uploaded annual report (.txt, .docx, .pdf), laid out one paragraph per line.

The segmenter works on paragraphs, so every format is brought to the same shape: a report gives the same
passages whichever form it arrives in.

- txt: UTF-8 (with or without BOM), UTF-16 with BOM, GBK and GB18030 are recognised. A UTF-8 file with a few
  broken bytes (scraped pages) stays UTF-8, the bytes become U+FFFD.
- docx: body paragraphs and tables in document order; a table row is one line, its cells joined with a tab
  (the matching text drops the tab between Chinese characters, so a row reads as one phrase). Automatic
  numbering (Word lists) is written out ("一、", "(一)", "1.") because it carries the report's structure.
- pdf: the text layer, with lines that were broken at the page width joined back into paragraphs, page
  numbers and running headers/footers dropped and the spaces PDF extraction puts between Chinese characters
  removed.

The txt decoding and the Word paragraph text are shared with the plan reader (checklist.parsing.file_text).
"""
import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from checklist.parsing.file_text import UnknownEncoding, cell_text, decode_text, docx_lines
from checklist.parsing.text import squeeze_cjk_spaces

ALLOWED = (".txt", ".docx", ".pdf")
MIN_PDF_CHARS_PER_PAGE = 20  # less text than this per page: a scan without a text layer


class ReportReadError(ValueError):
    pass


@dataclass
class ReportText:
    text: str
    format: str  # "txt", "docx" or "pdf"
    encoding: str  # "UTF-8", "UTF-16", "GBK", "GB18030"; "" for docx and pdf


def read_report(data: bytes, filename: str) -> ReportText:
    name = (filename or "").strip()
    suffix = ("." + name.rsplit(".", 1)[-1].lower()) if "." in name else ""
    if suffix == ".doc":
        raise ReportReadError(f"不支持旧版 Word 文件“{name}”：请在 Word 中另存为 .docx 后上传，或上传 .txt、.pdf 文件")
    if suffix not in ALLOWED:
        raise ReportReadError(f"不支持的文件类型：{suffix or name or '（无扩展名）'}，请上传 .txt、.docx 或 .pdf 文件")
    if not data or not data.strip():
        raise ReportReadError(f"文件“{name}”是空的，请检查后重新上传")
    if suffix == ".txt":
        text, encoding = _decode_txt(data, name)
        result = ReportText(_line_ends(text), "txt", encoding)
    elif suffix == ".docx":
        result = ReportText(_line_ends(_read_docx(data, name)), "docx", "")
    else:
        result = ReportText(_read_pdf(data, name), "pdf", "")
    if not result.text.strip():
        raise ReportReadError(f"文件“{name}”中没有文字内容，请检查后重新上传")
    return result


def _line_ends(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n")


# ---------------------------------------------------------------- txt


def _decode_txt(data: bytes, name: str) -> tuple[str, str]:
    try:
        return decode_text(data)
    except UnknownEncoding as exc:
        raise ReportReadError(
            f"无法识别文件“{name}”的文字编码：请另存为 UTF-8 编码的 .txt 文件，或上传 .docx、.pdf 文件") from exc


# ---------------------------------------------------------------- docx


def _read_docx(data: bytes, name: str) -> str:
    try:
        return "\n".join(docx_lines(io.BytesIO(data), _table_rows))
    except Exception as exc:  # python-docx raises zip, XML and package errors alike
        raise ReportReadError(
            f"无法读取 Word 文件“{name}”：文件已损坏或不是 .docx 格式（.doc 文件请在 Word 中另存为 .docx）") from exc


def _table_rows(table) -> list[str]:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        seen = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is returned once per grid column it spans
                continue
            seen.add(id(cell._tc))
            cells.append(cell_text(cell._tc))
        rows.append("\t".join(cells))
    return rows


# ---------------------------------------------------------------- pdf

_PAGE_NUMBER = re.compile(
    r"^\s*(?:[-—–－―]\s*\d{1,3}\s*[-—–－―]|\d{1,3}|第\s*\d{1,3}\s*[页頁](?:\s*[,，/]?\s*共\s*\d{1,3}\s*[页頁])?|"
    r"\d{1,3}\s*/\s*\d{1,3}|[Pp]age\s*\d{1,3}(?:\s*of\s*\d{1,3})?)\s*$")
_SENTENCE_END = re.compile(r"(?:[。！？；：!?;:]|(?<=[\u3400-\u9fff])\.)[”’」』）)]?\s*$")  # a line ending so may end its paragraph
_ITEM_START = re.compile(
    r"^\s*(?:[一二三四五六七八九十]{1,3}\s*[、.．]|[(（]\s*[一二三四五六七八九十\d]{1,3}\s*[)）]|"
    r"\d{1,2}\s*(?:、|[.．](?!\d))|[一二三四五六七八九十\d]{1,3}[)）]|[①-⑳]|[一二三四五六七八九十]{1,3}是|"
    r"第[一二三四五六七八九十]{1,3}[，,、]|——|[●•▪■◆★]|【)")


@dataclass
class _PdfLine:
    page: int
    x0: float
    x1: float
    top: float
    bottom: float
    text: str
    size: float


def _read_pdf(data: bytes, name: str) -> str:
    try:
        from pdfminer.high_level import extract_pages
        from pdfminer.layout import LAParams, LTTextLine

        pages = []
        for page_no, page in enumerate(extract_pages(io.BytesIO(data), laparams=LAParams())):
            lines = []

            def walk(obj):
                if isinstance(obj, LTTextLine):
                    text = obj.get_text().strip()
                    if text:
                        chars = [c for c in obj if hasattr(c, "size")]
                        size = statistics.median(c.size for c in chars) if chars else obj.height
                        lines.append(_PdfLine(page_no, obj.x0, obj.x1, page.height - obj.y1,
                                              page.height - obj.y0, text, size))
                    return
                for child in getattr(obj, "_objs", ()) or ():
                    walk(child)

            walk(page)
            lines.sort(key=lambda line: (round(line.top), line.x0))
            pages.append((page.width, page.height, lines))
    except Exception as exc:  # pdfminer raises many unrelated types for damaged or encrypted files
        raise ReportReadError(f"无法读取 PDF 文件“{name}”：文件已损坏或已加密，请上传未加密的文字版 PDF") from exc
    text = _pdf_paragraphs(pages) if any(lines for _, _, lines in pages) else ""
    # a scan may still carry a page number or a stamp as text: too little text per page is no text layer
    if len(re.sub(r"\s", "", text)) < MIN_PDF_CHARS_PER_PAGE * max(1, len(pages)):
        raise ReportReadError(
            f"PDF 文件“{name}”中没有可提取的文字，看起来是扫描件或图片：请上传文字版 PDF、.docx 或 .txt 文件")
    return text


def _running_lines(pages) -> set[str]:
    """Headers and footers: the same text (digits aside) at the top or bottom of most pages."""
    if len(pages) < 2:
        return set()
    seen = Counter()
    for _, height, lines in pages:
        edge = {re.sub(r"\d+", "#", line.text) for line in lines
                if line.top < height * 0.12 or line.bottom > height * 0.88}
        seen.update(edge)
    return {key for key, n in seen.items() if n >= max(2, len(pages) * 0.6)}


def _same_row(lines: list[_PdfLine]) -> list[_PdfLine]:
    """pdfminer may cut one printed line in two (wide justification, table cells): put them back together."""
    rows: list[_PdfLine] = []
    for line in lines:
        last = rows[-1] if rows else None
        if last and abs(line.top - last.top) < min(line.size, last.size) * 0.5 and line.x0 >= last.x1 - 1:
            gap = " " if line.x0 - last.x1 > last.size else ""
            rows[-1] = _PdfLine(last.page, last.x0, line.x1, min(last.top, line.top), max(last.bottom, line.bottom),
                                last.text + gap + line.text, last.size)
        else:
            rows.append(line)
    return rows


def _pdf_paragraphs(pages) -> str:
    running = _running_lines(pages)
    body: list[_PdfLine] = []
    for _, height, lines in pages:
        for line in _same_row(lines):
            at_edge = line.top < height * 0.12 or line.bottom > height * 0.88
            if _PAGE_NUMBER.match(line.text) and at_edge:
                continue
            if at_edge and re.sub(r"\d+", "#", line.text) in running:
                continue
            body.append(line)
    if not body:
        return ""
    size = statistics.median(line.size for line in body) or 10
    left = _mode([line.x0 for line in body])
    right = max(line.x1 for line in body if line.x0 < left + size * 4)
    gaps = [b.top - a.bottom for a, b in zip(body, body[1:]) if a.page == b.page]
    gap_limit = (statistics.median(gaps) if gaps else size) + size * 0.25
    paragraphs: list[str] = []
    current = ""
    previous: _PdfLine | None = None
    for line in body:
        text = squeeze_cjk_spaces(line.text)
        if previous is not None and _continues(previous, line, left, right, size, gap_limit):
            current = _join(current, text)
        else:
            if current:
                paragraphs.append(current)
            current = text
        previous = line
    paragraphs.append(current)
    return "\n".join(squeeze_cjk_spaces(p) for p in paragraphs if p.strip())


def _mode(values: list[float]) -> float:
    counts = Counter(round(v) for v in values)
    best = max(counts.values())
    return min(v for v, n in counts.items() if n == best)


def _continues(previous: _PdfLine, line: _PdfLine, left: float, right: float, size: float, gap_limit: float) -> bool:
    """Whether line carries on the paragraph that previous ended (the layout decides; the text when unclear)."""
    if line.page == previous.page and line.top - previous.bottom > gap_limit:
        return False  # paragraph spacing
    if line.x0 > left + size * 1.2:
        return False  # first-line indent, or a centred title
    ends_sentence = bool(_SENTENCE_END.search(previous.text))
    slack = right - previous.x1
    if _ITEM_START.match(line.text) and (ends_sentence or slack > size * 2):
        return False
    if slack <= size * 2:
        return True  # ran to the right margin: broken at the page width
    if slack > size * 6:
        return False  # a short line ends its paragraph (no word is that long)
    return not ends_sentence  # ragged right margin: an unfinished sentence goes on


def _join(paragraph: str, text: str) -> str:
    if paragraph and paragraph[-1].isascii() and paragraph[-1].isalnum() and text[:1].isascii() and text[:1].isalnum():
        return paragraph + " " + text
    return paragraph + text
