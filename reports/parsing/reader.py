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
"""
import io
import re
import statistics
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from checklist.parsing.text import squeeze_cjk_spaces

ALLOWED = (".txt", ".docx", ".pdf")
MAX_BAD_UTF8_SHARE = 0.01  # more broken bytes than this and the file is not UTF-8 after all
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
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "UTF-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as exc:
            raise _undecodable(name) from exc
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    # a scraped UTF-8 page with a few broken bytes must not turn into GBK mojibake
    loose = data.decode("utf-8", errors="replace")
    if loose.count("\ufffd") <= MAX_BAD_UTF8_SHARE * len(loose):
        return loose, "UTF-8"
    try:
        return data.decode("gbk"), "GBK"
    except UnicodeDecodeError:
        pass
    try:
        return data.decode("gb18030"), "GB18030"
    except UnicodeDecodeError:
        pass
    # UTF-16 without BOM: every other byte of Latin text and line ends is NUL
    if data.count(b"\x00") > len(data) // 4:
        for codec in ("utf-16-le", "utf-16-be"):
            try:
                return data.decode(codec), "UTF-16"
            except UnicodeDecodeError:
                pass
    raise _undecodable(name)


def _undecodable(name: str) -> ReportReadError:
    return ReportReadError(f"无法识别文件“{name}”的文字编码：请另存为 UTF-8 编码的 .txt 文件，或上传 .docx、.pdf 文件")


# ---------------------------------------------------------------- docx

_CN_DIGITS = "零一二三四五六七八九"


def _chinese_counting(n: int) -> str:
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    return str(n)


def _format_number(n: int, fmt: str) -> str:
    if fmt in ("chineseCounting", "chineseCountingThousand", "ideographTraditional", "taiwaneseCounting",
               "taiwaneseCountingThousand", "chineseLegalSimplified"):
        return _chinese_counting(n)
    if fmt == "decimalEnclosedCircle" or fmt == "decimalEnclosedCircleChinese":
        return chr(0x2460 + n - 1) if 1 <= n <= 20 else str(n)
    if fmt in ("lowerLetter", "upperLetter"):
        letter = chr(ord("a") + (n - 1) % 26)
        return letter.upper() if fmt == "upperLetter" else letter
    if fmt in ("lowerRoman", "upperRoman"):
        roman = ""
        for value, numeral in ((10, "x"), (9, "ix"), (5, "v"), (4, "iv"), (1, "i")):
            while n >= value:
                roman, n = roman + numeral, n - value
        return roman.upper() if fmt == "upperRoman" else roman
    return str(n)


class _Numbering:
    """Word list numbering (numbering.xml) written out as text, enough for "一、", "(一)", "1." lists."""

    def __init__(self, document):
        from docx.oxml.ns import qn

        self.qn = qn
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}  # (numId, ilvl) → (numFmt, lvlText, start)
        self.abstract_of: dict[str, str] = {}
        self.counters: dict[tuple[str, int], int] = {}
        try:
            root = document.part.numbering_part.element
        except Exception:  # no numbering part: nothing is auto-numbered
            return
        abstract = {}
        for a in root.findall(qn("w:abstractNum")):
            levels = {}
            for lvl in a.findall(qn("w:lvl")):
                fmt = lvl.find(qn("w:numFmt"))
                text = lvl.find(qn("w:lvlText"))
                start = lvl.find(qn("w:start"))
                levels[int(lvl.get(qn("w:ilvl"), "0"))] = (
                    fmt.get(qn("w:val"), "decimal") if fmt is not None else "decimal",
                    text.get(qn("w:val"), "") if text is not None else "",
                    int(start.get(qn("w:val"), "1")) if start is not None else 1,
                )
            abstract[a.get(qn("w:abstractNumId"))] = levels
        for num in root.findall(qn("w:num")):
            ref = num.find(qn("w:abstractNumId"))
            if ref is None:
                continue
            abstract_id = ref.get(qn("w:val"))
            num_id = num.get(qn("w:numId"))
            self.abstract_of[num_id] = abstract_id
            for ilvl, spec in abstract.get(abstract_id, {}).items():
                self.levels[(num_id, ilvl)] = spec

    def _numpr(self, element):
        ppr = element.find(self.qn("w:pPr"))
        return ppr.find(self.qn("w:numPr")) if ppr is not None else None

    def label(self, paragraph) -> str:
        qn = self.qn
        numpr = self._numpr(paragraph._p)
        style = paragraph.style if numpr is None and self.levels else None
        while numpr is None and style is not None:  # list styles ("List Number") carry the numbering
            numpr = self._numpr(style.element)
            style = style.base_style
        if numpr is None:
            return ""
        num_el, lvl_el = numpr.find(qn("w:numId")), numpr.find(qn("w:ilvl"))
        num_id = num_el.get(qn("w:val")) if num_el is not None else None
        ilvl = int(lvl_el.get(qn("w:val"), "0")) if lvl_el is not None else 0
        spec = self.levels.get((num_id, ilvl))
        if not spec or num_id == "0":
            return ""
        fmt, text, start = spec
        abstract_id = self.abstract_of.get(num_id)
        key = (abstract_id, ilvl)
        self.counters[key] = self.counters.get(key, start - 1) + 1
        for deeper in [k for k in self.counters if k[0] == abstract_id and k[1] > ilvl]:
            del self.counters[deeper]  # a new item restarts the levels below it
        if fmt == "bullet":
            return "●"
        if fmt == "none":
            return ""

        def level_value(m: re.Match) -> str:
            level = int(m.group(1)) - 1
            level_fmt = self.levels.get((num_id, level), (fmt, "", 1))[0]
            count = self.counters.get((abstract_id, level), self.levels.get((num_id, level), ("", "", 1))[2])
            return _format_number(count, level_fmt)

        return re.sub(r"%(\d)", level_value, text)


_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {"w": _W, "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006"}
# python-docx reads only a paragraph's direct runs and hyperlinks: text in tracked insertions (w:ins), smart
# tags (dates and places in documents converted from .doc), content controls and simple fields was lost.
# Deleted text, the fallback copy of alternate content, text boxes and tab stops are not the paragraph's text.
_TEXT_NODES = ("(.//w:t | .//w:tab | .//w:br | .//w:cr)[not(ancestor::w:del or ancestor::w:moveFrom "
               "or ancestor::mc:Fallback or ancestor::w:txbxContent or ancestor::w:pPr)]")


def _local(element) -> str:
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


@lru_cache(maxsize=1)
def _text_nodes():
    from lxml import etree

    return etree.XPath(_TEXT_NODES, namespaces=_NS)


def _paragraph_text(p) -> str:
    parts = []
    for node in _text_nodes()(p):
        tag = _local(node)
        if tag == "t":
            parts.append(node.text or "")
        elif tag == "tab":
            parts.append("\t")
        elif node.get(f"{{{_W}}}type") in (None, "textWrapping"):  # a line break; not a page or column break
            parts.append("\n")
    return "".join(parts)


def _blocks(container):
    """Paragraphs and tables in document order, also those inside block content controls (w:sdt)."""
    for element in container.iterchildren():
        tag = _local(element)
        if tag in ("p", "tbl"):
            yield tag, element
        elif tag in ("sdt", "sdtContent", "customXml"):
            yield from _blocks(element)


def _read_docx(data: bytes, name: str) -> str:
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(io.BytesIO(data))
        numbering = _Numbering(document)
        lines = []
        # body order, so headings stay in place around tables
        for tag, element in _blocks(document.element.body):
            if tag == "p":
                lines.append(numbering.label(Paragraph(element, document)) + _paragraph_text(element))
            else:
                lines.extend(_table_rows(Table(element, document)))
    except Exception as exc:  # python-docx raises zip, XML and package errors alike
        raise ReportReadError(
            f"无法读取 Word 文件“{name}”：文件已损坏或不是 .docx 格式（.doc 文件请在 Word 中另存为 .docx）") from exc
    return "\n".join(lines)


def _table_rows(table) -> list[str]:
    rows = []
    for row in table.rows:
        cells: list[str] = []
        seen = set()
        for cell in row.cells:
            if id(cell._tc) in seen:  # a merged cell is returned once per grid column it spans
                continue
            seen.add(id(cell._tc))
            # every paragraph of the cell, also those of a table nested in it
            text = " ".join(_paragraph_text(p) for p in cell._tc.xpath(".//w:p[not(ancestor::w:txbxContent)]"))
            cells.append(" ".join(text.split()))
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
