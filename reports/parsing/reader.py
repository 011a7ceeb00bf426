"""Plain text out of an uploaded annual report (.txt, .docx, .pdf), laid out one paragraph per line.

The segmenter works on paragraphs, so every format is brought to the same shape: a report gives the same
passages whichever form it arrives in.

- txt: UTF-8 (with or without BOM), UTF-16 with BOM, GBK and GB18030 are recognised. A UTF-8 file with a few
  broken bytes (scraped pages) stays UTF-8, the bytes become U+FFFD.
- docx: body paragraphs and tables in document order; a table row is one line, its cells joined with a tab
  (the matching text drops the tab between Chinese characters, so a row reads as one phrase), a merged cell
  read once; a one-column table is a frame around paragraphs (a web page pasted into Word) and read as them.
  Automatic numbering (Word lists, heading styles) is written out ("一、", "(一)", "1.") because it carries
  the report's structure. Page headers and footers, notes, comments, text boxes and hidden text are left out.
- pdf: the text layer, with lines that were broken at the page width joined back into paragraphs, page
  numbers and running headers/footers dropped and the spaces PDF extraction puts between Chinese characters
  (or, for a letter-spaced text layer, between all characters) removed. A ruled table is read row by row
  (pdfplumber), its cells joined with a tab as from Word, a header row repeated on the next page once.

The txt decoding and the Word paragraph text are shared with the plan reader (checklist.parsing.file_text).
"""
import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass

from checklist.parsing.file_text import EmbeddedBody, UnknownEncoding, decode_text, docx_lines
from checklist.parsing.text import squeeze_cjk_spaces

from .lines import HEADING_MAX_CHARS
from .numbering import _INLINE_FAMILIES, _inline_number

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
    if suffix in (".wps", ".wpt"):
        raise ReportReadError(f"不支持 WPS 文字文件“{name}”：请在 WPS 中另存为 .docx 后上传，或上传 .txt、.pdf 文件")
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
        return "\n".join(docx_lines(io.BytesIO(data), _table_rows, frames=True))
    except EmbeddedBody as exc:
        raise ReportReadError(f"Word 文件“{name}”的正文是其他系统导出时嵌入的内容，无法直接读取：请用 Word 打开该文件，"
                              "另存为 .docx 后重新上传") from exc
    except Exception as exc:  # python-docx raises zip, XML and package errors alike
        raise ReportReadError(
            f"无法读取 Word 文件“{name}”：文件已损坏或不是 .docx 格式（.doc 文件请在 Word 中另存为 .docx）") from exc


def _table_rows(table, cell_text) -> list[str]:
    """One line a row, its cells joined with a tab (cell_text(w:tc) from docx_lines, list numbers included).
    A merged cell is read once: a cell spanning columns is one cell, one spanning rows is read in its first
    row and empty below (as Word saves a table as text and as a PDF's table is read)."""
    rows = []
    for tr in table._tbl.tr_lst:
        rows.append("\t".join("" if tc.vMerge == "continue" else cell_text(tc) for tc in tr.tc_lst))
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
    row: bool = False  # a row of a ruled table, its cells joined with a tab


def _read_pdf(data: bytes, name: str) -> str:
    try:
        import pdfplumber

        # pdfplumber's layout is pdfminer's (the same text lines); its ruling lines give the tables
        with pdfplumber.open(io.BytesIO(data), laparams={}) as pdf:
            pages = [_page(page, page_no) for page_no, page in enumerate(pdf.pages)]
    except Exception as exc:  # pdfminer raises many unrelated types for damaged or encrypted files
        raise ReportReadError(f"无法读取 PDF 文件“{name}”：文件已损坏或已加密，请上传未加密的文字版 PDF") from exc
    text = _pdf_paragraphs(pages) if any(lines for _, _, lines in pages) else ""
    # a scan may still carry a page number or a stamp as text: too little text per page is no text layer
    if len(re.sub(r"\s", "", text)) < MIN_PDF_CHARS_PER_PAGE * max(1, len(pages)):
        raise ReportReadError(
            f"PDF 文件“{name}”中没有可提取的文字，看起来是扫描件或图片：请上传文字版 PDF、.docx 或 .txt 文件")
    return text


def _page(page, page_no: int) -> tuple[float, float, list[_PdfLine]]:
    """Width, height and lines of a pdfplumber page, top to bottom: text lines, and table rows in their place."""
    layout = page.layout
    tables = _tables(page, layout)
    dx, dy = page.mediabox[0], page.mediabox[1]  # pdfplumber measures from the media box's corner
    lines = [line for line in _text_lines(layout, page_no) if not _in_table(line, tables, dx, dy)]
    lines += [row for table in tables for row in _table_lines(page, table, page_no, dx, dy)]
    lines.sort(key=lambda line: (round(line.top), line.x0))
    return layout.width, layout.height, lines


def _text_lines(layout, page_no: int) -> list[_PdfLine]:
    from pdfminer.layout import LTTextLine

    lines = []

    def walk(obj):
        if isinstance(obj, LTTextLine):
            text = _unspaced(obj.get_text().strip())
            if text:
                chars = [c for c in obj if hasattr(c, "size")]
                size = statistics.median(c.size for c in chars) if chars else obj.height
                # an indent typed as full-width spaces is an indent too: the line starts at its first mark
                x0 = next((c.x0 for c in chars if c.get_text().strip()), obj.x0)
                lines.append(_PdfLine(page_no, x0, obj.x1, layout.height - obj.y1, layout.height - obj.y0,
                                      text, size))
            return
        for child in getattr(obj, "_objs", ()) or ():
            walk(child)

    walk(layout)
    return lines


_SINGLE_SPACE = re.compile(r"(?<=\S) (?=\S)")
SPACED_OUT_SHARE = 0.8  # this share of the gaps between characters a single space: the line is letter-spaced


def _unspaced(text: str) -> str:
    """A line whose text layer puts a space after every character ("2 0 2 3 年 ， 在 市 委", from letter
    spacing or some exporters) without those spaces: they would cut figures ("1 8 3 件") and names."""
    visible = len(text) - text.count(" ")
    if visible < 4 or len(_SINGLE_SPACE.findall(text)) < SPACED_OUT_SHARE * (visible - 1):
        return text
    return " ".join(_SINGLE_SPACE.sub("", text).split())  # a wider gap was a word space


def _tables(page, layout) -> list:
    """The page's ruled tables of two columns or more (a box around text is a frame, not a table). A page
    without drawn lines has none, and is not searched: that costs as much as reading it."""
    from pdfminer.layout import LTCurve, LTFigure

    def ruled(objs) -> bool:
        return any(isinstance(o, LTCurve) or (isinstance(o, LTFigure) and ruled(o)) for o in objs)

    if not ruled(layout):
        return []
    return [t for t in page.find_tables() if any(sum(c is not None for c in row.cells) > 1 for row in t.rows)]


def _in_table(line: _PdfLine, tables, dx: float, dy: float) -> bool:
    x, y = (line.x0 + line.x1) / 2 + dx, (line.top + line.bottom) / 2 + dy
    return any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in (t.bbox for t in tables))


# a line break inside a cell: none between Chinese characters, a space between words
_CELL_BREAK = re.compile(r"(?<=[^\x00-\x7f])\s*\n\s*|\s*\n\s*(?=[^\x00-\x7f])")


def _table_lines(page, table, page_no: int, dx: float, dy: float) -> list[_PdfLine]:
    """A ruled table as rows of cells joined with a tab, as a Word table is read; a merged cell once, in its
    first row."""
    cells = table.extract()
    found = [c for row in table.rows for c in row.cells if c]
    lines = []
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            if cell is None and c < len(table.columns):
                cells[r][c] = _loose_text(page, table.columns[c].bbox, row.bbox, found)
        texts = [squeeze_cjk_spaces(" ".join(_CELL_BREAK.sub("", cell or "").split())) for cell in cells[r]]
        if any(texts):
            x0, top, x1, bottom = row.bbox
            lines.append(_PdfLine(page_no, x0 - dx, x1 - dx, top - dy, bottom - dy, "\t".join(texts), 0, row=True))
    return lines


def _loose_text(page, column, row, found) -> str:
    """The text standing in a row and column that is no cell: a merged cell cut by the page end has no closing
    rule, so its text would be lost; the part of a merged cell found as such is not read again."""
    def loose(obj) -> bool:
        x, y = (obj["x0"] + obj["x1"]) / 2, (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in found)

    return page.crop((column[0], row[1], column[2], row[3]), strict=False).filter(loose).extract_text() or ""


def _running_lines(pages) -> set[str]:
    """Headers and footers: the same text (digits aside) at the top or bottom of most pages."""
    if len(pages) < 2:
        return set()
    seen = Counter()
    for _, height, lines in pages:
        # a header stays at the top, a footer at the bottom: the title atop page one and the issuer signing
        # at the foot of the last page are not one running line
        edge = {(line.top < height * 0.12, re.sub(r"\d+", "#", line.text)) for line in lines
                if line.top < height * 0.12 or line.bottom > height * 0.88}
        seen.update(edge)
    return {key for (_, key), n in seen.items() if n >= max(2, len(pages) * 0.6)}


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
    body = _without_furniture(pages)
    text_lines = [line for line in body if not line.row]  # the layout is measured on the running text
    if not text_lines:
        return "\n".join(line.text for line in body)
    measure = _measure(body, text_lines)
    paragraphs: list[str] = []
    previous: _PdfLine | None = None
    head = ""  # the first row of the table being read
    for line in body:
        if line.row and previous and previous.row and previous.page < line.page and line.text == head:
            continue  # the header row repeated at the top of the next page
        if line.row and not (previous and previous.row):
            head = line.text
        text = line.text if line.row else squeeze_cjk_spaces(line.text)
        if previous and not (previous.row or line.row) and _continues(previous, line, *measure, paragraphs[-1]):
            paragraphs[-1] = _join(paragraphs[-1], text)
        else:
            paragraphs.append(text)
        previous = line
    return "\n".join(p if "\t" in p else squeeze_cjk_spaces(p) for p in paragraphs if p.strip())


def _without_furniture(pages) -> list[_PdfLine]:
    """The lines of all pages without page numbers and running headers and footers."""
    pages = [(width, height, _same_row(lines)) for width, height, lines in pages]
    running = _running_lines(pages)  # on whole printed lines: a date and a title side by side in a header
    body: list[_PdfLine] = []
    for _, height, lines in pages:
        for line in lines:
            at_edge = (line.top < height * 0.12 or line.bottom > height * 0.88) and not line.row
            if at_edge and (_PAGE_NUMBER.match(line.text) or re.sub(r"\d+", "#", line.text) in running):
                continue
            body.append(line)
    return body


def _measure(body: list[_PdfLine], text_lines: list[_PdfLine]) -> tuple[float, float, float, float]:
    """left and right margin, body font size and the largest gap between lines of one paragraph."""
    size = statistics.median(line.size for line in text_lines) or 10
    left = _left_margin([line.x0 for line in text_lines])
    right = max(line.x1 for line in text_lines if line.x0 < left + size * 4)
    gaps = [b.top - a.bottom for a, b in zip(body, body[1:]) if a.page == b.page and not (a.row or b.row)]
    return left, right, size, (statistics.median(gaps) if gaps else size) + size * 0.25


def _left_margin(values: list[float]) -> float:
    """Where lines start: the leftmost of the frequent line starts (in a short report of short paragraphs the
    indented first lines may outnumber the lines that start at the margin), not a stray line further left."""
    counts = Counter(round(v) for v in values)
    best = max(counts.values())
    return min(v for v, n in counts.items() if n >= max(2, best / 4) or n == best)


def _continues(previous: _PdfLine, line: _PdfLine, left: float, right: float, size: float, gap_limit: float,
               paragraph: str = "") -> bool:
    """Whether line carries on the paragraph (so far) that previous ended (the layout decides; the text when
    unclear)."""
    if line.page == previous.page and line.top - previous.bottom > gap_limit:
        return False  # paragraph spacing
    if line.x0 > left + size * 1.2:
        return False  # first-line indent, or a centred title
    if previous.x0 > left + size * 4:
        return False  # a centred or right-aligned line (title, signature, date) stands alone
    ends_sentence = bool(_SENTENCE_END.search(previous.text))
    slack = right - previous.x1
    if _ITEM_START.match(line.text):
        if slack <= size * 2 and _inline_sibling(paragraph, line.text):
            return True  # "…表现在：一是…。" ran to the margin and "二是…" goes on with its list
        if ends_sentence or slack > size * 2 or _HEADING_ONLY.match(paragraph):
            return False
    if _HEADING_ONLY.match(paragraph) and (len(paragraph) + len(line.text) > HEADING_MAX_CHARS
                                           or _CLAUSE_MARK.search(line.text)):
        return False  # a heading that filled the line: a sentence after it is no rest of the heading
    if slack <= size * 2:
        return True  # ran to the right margin: broken at the page width
    if slack > size * 6:
        return False  # a short line ends its paragraph (no word is that long)
    return not ends_sentence  # ragged right margin: an unfinished sentence goes on


# a numbered heading alone on its line, no clause in it ("一、全面加强党的领导"): an item after it is no continuation
_CLAUSE_MARK = re.compile(r"[，；,;]")
_HEADING_ONLY = re.compile(r"^\s*(?:[一二三四五六七八九十]{1,3}\s*、|[(（]\s*[一二三四五六七八九十]{1,3}\s*[)）])[^，。；：,;:！？!?]+$")


def _inline_sibling(paragraph: str, text: str) -> bool:
    """text opens the next item of a list that the paragraph holds ("…：一是…。" + "二是…"). Joined, the
    segmenter still makes a passage of each substantial item; cut, "二是…三是…" would no longer be a list."""
    for family, pattern in _INLINE_FAMILIES.items():
        m = pattern.match(text)
        if m:
            n = _inline_number(family, m.group(1))
            return n >= 2 and any(_inline_number(family, p.group(1)) == n - 1 for p in pattern.finditer(paragraph))
    return False


def _join(paragraph: str, text: str) -> str:
    """Lines of a paragraph joined: a space between words, none in a figure broken after a digit ("1" + "2场次",
    where the text layer spaced its characters out) nor between Chinese characters."""
    last, first = paragraph[-1:], text[:1]
    if last.isascii() and last.isalnum() and first.isascii() and first.isalnum() and not (last + first).isdigit():
        return paragraph + " " + text
    return paragraph + text
