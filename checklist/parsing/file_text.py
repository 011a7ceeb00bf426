"""Text out of uploaded .txt and .docx files, shared by the plan reader and the annual report reader.

- decode_text: the encoding of a .txt file (UTF-8 with or without BOM, UTF-16, GBK, GB18030), a few broken
  bytes in a UTF-8 file tolerated.
- docx_lines: a Word file's body paragraphs and tables in document order, also those inside block content
  controls (and, if the caller asks, inside one-column tables: frames). A paragraph's text includes its
  automatic list number ("一、", "(一)", "1.", also of heading styles linked to a list; in table cells too,
  a 序号 column numbered by Word), smart tags, inline content controls, tracked insertions and simple
  fields, not hidden text. How a table becomes lines is the caller's choice: the plan and report readers
  lay out merged cells differently. A body Word keeps as an embedded part (altChunk) is refused.

The callers turn the errors raised here into their own messages for the user.
"""
import re
from functools import lru_cache

MAX_BAD_UTF8_SHARE = 0.01  # more broken bytes than this and the file is not UTF-8 after all


class UnknownEncoding(ValueError):
    """The bytes are none of the encodings Chinese .txt files come in."""


# ---------------------------------------------------------------- txt


def decode_text(data: bytes) -> tuple[str, str]:
    """The text and the name of its encoding: "UTF-8", "UTF-16", "GBK" or "GB18030"."""
    if data.startswith(b"\xef\xbb\xbf"):
        return data[3:].decode("utf-8", errors="replace"), "UTF-8"
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            return data.decode("utf-16"), "UTF-16"
        except UnicodeDecodeError as exc:
            raise UnknownEncoding("UTF-16") from exc
    try:
        return data.decode("utf-8"), "UTF-8"
    except UnicodeDecodeError:
        pass
    # a scraped UTF-8 page with a few broken bytes must not turn into GBK mojibake
    loose = data.decode("utf-8", errors="replace")
    if loose.count("\ufffd") <= MAX_BAD_UTF8_SHARE * len(loose):
        return loose, "UTF-8"
    for codec, name in (("gbk", "GBK"), ("gb18030", "GB18030")):
        try:
            return data.decode(codec), name
        except UnicodeDecodeError:
            pass
    # UTF-16 without BOM: every other byte of Latin text and line ends is NUL
    if data.count(b"\x00") > len(data) // 4:
        for codec in ("utf-16-le", "utf-16-be"):
            try:
                return data.decode(codec), "UTF-16"
            except UnicodeDecodeError:
                pass
    raise UnknownEncoding()


# ---------------------------------------------------------------- docx list numbering

_CN_DIGITS = "零一二三四五六七八九"


def _chinese_counting(n: int) -> str:
    if n < 10:
        return _CN_DIGITS[n]
    if n < 20:
        return "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    if n < 100:
        return _CN_DIGITS[n // 10] + "十" + (_CN_DIGITS[n % 10] if n % 10 else "")
    return str(n)


_LEGAL = str.maketrans("一二三四五六七八九十", "壹贰叁肆伍陆柒捌玖拾")
_STEMS = "甲乙丙丁戊己庚辛壬癸"


def format_number(n: int, fmt: str) -> str:
    """The number n in a Word numbering format (w:numFmt)."""
    if fmt in ("chineseCounting", "chineseCountingThousand", "taiwaneseCounting", "taiwaneseCountingThousand"):
        return _chinese_counting(n)
    if fmt == "chineseLegalSimplified":  # 壹、贰、
        return _chinese_counting(n).translate(_LEGAL)
    if fmt == "ideographTraditional" and 1 <= n <= 10:  # 甲、乙、
        return _STEMS[n - 1]
    if fmt in ("ideographDigital", "taiwaneseDigital"):  # digit by digit: 一〇
        return "".join("〇一二三四五六七八九"[int(d)] for d in str(n))
    if fmt == "decimalZero":
        return f"{n:02d}"
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


_BULLET = "●"  # any bullet character: the readers know this one


class ListNumbering:
    """Word list numbering (numbering.xml) written out as text, enough for "一、", "(一)", "1." lists."""

    def __init__(self, document):
        from docx.oxml.ns import qn

        self.qn = qn
        self.levels: dict[tuple[str, int], tuple[str, str, int]] = {}  # (numId, ilvl) → (numFmt, lvlText, start)
        self.abstract_of: dict[str, str] = {}
        self.counters: dict[tuple[str, int], int] = {}
        self.style_level: dict[tuple[str, str], int] = {}  # (abstractNumId, styleId) → ilvl
        self.restarts: dict[tuple[str, int], int] = {}  # (numId, ilvl) → start override, until first used
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
                ilvl = int(lvl.get(qn("w:ilvl"), "0"))
                levels[ilvl] = (
                    fmt.get(qn("w:val"), "decimal") if fmt is not None else "decimal",
                    text.get(qn("w:val"), "") if text is not None else "",
                    int(start.get(qn("w:val"), "1")) if start is not None else 1,
                )
                style = lvl.find(qn("w:pStyle"))
                if style is not None:  # a heading style linked to this level of a multilevel list
                    self.style_level[(a.get(qn("w:abstractNumId")), style.get(qn("w:val")))] = ilvl
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
            # lists share their abstract list's count; Word's "restart at 1" is a new list with a start override
            for override in num.findall(qn("w:lvlOverride")):
                start = override.find(qn("w:startOverride"))
                if start is not None:
                    self.restarts[(num_id, int(override.get(qn("w:ilvl"), "0")))] = int(start.get(qn("w:val"), "1"))

    def _numpr(self, element):
        ppr = element.find(self.qn("w:pPr"))
        return ppr.find(self.qn("w:numPr")) if ppr is not None else None

    def _list_level(self, paragraph) -> tuple[str | None, int]:
        """The paragraph's list and level: its own w:numPr, else its style's (heading and list styles carry
        the numbering), each part from the nearest that names it. A style linked to a level of a multilevel
        list (w:lvl/w:pStyle) often names only the list: the level is the one linked to the style."""
        qn = self.qn
        num_id = ilvl = None
        style_ids = []
        elements = [paragraph._p]
        style = paragraph.style
        while style is not None:
            elements.append(style.element)
            style_ids.append(style.style_id)
            style = style.base_style
        for element in elements:
            numpr = self._numpr(element)
            if numpr is None:
                continue
            num_el, lvl_el = numpr.find(qn("w:numId")), numpr.find(qn("w:ilvl"))
            if num_id is None and num_el is not None:
                num_id = num_el.get(qn("w:val"))
            if ilvl is None and lvl_el is not None:
                ilvl = int(lvl_el.get(qn("w:val"), "0"))
        if ilvl is None:
            abstract_id = self.abstract_of.get(num_id)
            ilvl = next((self.style_level[(abstract_id, s)] for s in style_ids
                         if (abstract_id, s) in self.style_level), 0)
        return num_id, ilvl

    def label(self, paragraph) -> str:
        """The number of a python-docx paragraph, counting it; paragraphs must come in document order."""
        if not self.levels:
            return ""
        num_id, ilvl = self._list_level(paragraph)
        spec = self.levels.get((num_id, ilvl))
        if not spec or num_id == "0":
            return ""
        fmt, text, start = spec
        abstract_id = self.abstract_of.get(num_id)
        key = (abstract_id, ilvl)
        restart = self.restarts.pop((num_id, ilvl), None)  # at the list's first paragraph of that level
        self.counters[key] = (restart if restart is not None else self.counters.get(key, start - 1) + 1)
        for deeper in [k for k in self.counters if k[0] == abstract_id and k[1] > ilvl]:
            del self.counters[deeper]  # a new item restarts the levels below it
        if fmt == "bullet":
            return _BULLET
        if fmt == "none":
            return ""

        def level_value(m: re.Match) -> str:
            level = int(m.group(1)) - 1
            level_fmt = self.levels.get((num_id, level), (fmt, "", 1))[0]
            count = self.counters.get((abstract_id, level), self.levels.get((num_id, level), ("", "", 1))[2])
            return format_number(count, level_fmt)

        return re.sub(r"%(\d)", level_value, text)


# ---------------------------------------------------------------- docx text

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_NS = {"w": _W, "mc": "http://schemas.openxmlformats.org/markup-compatibility/2006"}
# python-docx reads only a paragraph's direct runs and hyperlinks: text in tracked insertions (w:ins), smart
# tags (dates and places in documents converted from .doc), content controls and simple fields was lost.
# Deleted text, the fallback copy of alternate content, text boxes, tab stops and hidden text (w:vanish: not
# shown nor printed) are not the paragraph's text.
_TEXT_NODES = ("(.//w:t | .//w:tab | .//w:br | .//w:cr)[not(ancestor::w:del or ancestor::w:moveFrom "
               "or ancestor::mc:Fallback or ancestor::w:txbxContent or ancestor::w:pPr "
               "or ancestor::w:r/w:rPr/w:vanish[not(@w:val='0' or @w:val='false')])]")


def _local(element) -> str:
    return element.tag.rsplit("}", 1)[-1] if isinstance(element.tag, str) else ""


@lru_cache(maxsize=1)
def _text_nodes():
    from lxml import etree

    return etree.XPath(_TEXT_NODES, namespaces=_NS)


def paragraph_text(p) -> str:
    """The text of a w:p element, without its list number."""
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


def cell_text(tc, labels: dict | None = None) -> str:
    """A table cell (w:tc) on one line: every paragraph of it, also those of a table nested in it; with
    labels (list_labels), each paragraph after its list number; not after a bullet, which in a cell read on
    one line marks nothing and would start a task's title."""
    labels = labels or {}
    text = " ".join((labels.get(p, "") if labels.get(p) != _BULLET else "") + paragraph_text(p)
                    for p in tc.xpath(".//w:p[not(ancestor::w:txbxContent)]"))
    return " ".join(text.split())


# Word numbers every paragraph of the body in order, table cells included (a 序号 column is often a list),
# each once: not the copies in text boxes' fallback, nor the hidden paragraphs of a cell merged into the one
# above it (w:vMerge without "restart"). python-docx repeats merged cells, so the count is taken on the XML.
_NUMBERED = (".//w:p[not(ancestor::w:txbxContent or ancestor::mc:Fallback "
             "or ancestor::w:tc[w:tcPr/w:vMerge[not(@w:val='restart')]])]")


def list_labels(document, numbering: ListNumbering) -> dict:
    """{w:p element: its list number} for the numbered paragraphs of the body, counted in document order."""
    from docx.text.paragraph import Paragraph

    if not numbering.levels:
        return {}
    labels = {}
    for p in _numbered_paragraphs()(document.element.body):
        label = numbering.label(Paragraph(p, document))
        if label:
            labels[p] = label
    return labels


@lru_cache(maxsize=1)
def _numbered_paragraphs():
    from lxml import etree

    return etree.XPath(_NUMBERED, namespaces=_NS)


class EmbeddedBody(ValueError):
    """The body is (partly) an embedded part (w:altChunk: HTML, RTF, another .docx), which only Word turns
    into paragraphs: some systems export their documents so."""


def _blocks(container, frames: bool = False):
    """Paragraphs and tables in document order, also those inside block content controls (w:sdt). With
    frames, a one-column table is a frame around paragraphs (a web page pasted into Word): its cells' blocks."""
    for element in container.iterchildren():
        tag = _local(element)
        if tag == "tbl" and frames and _one_column(element):
            for tc in element.iterfind(f"{{{_W}}}tr/{{{_W}}}tc"):
                yield from _blocks(tc, frames)
        elif tag in ("p", "tbl"):
            yield tag, element
        elif tag in ("sdt", "sdtContent", "customXml"):
            yield from _blocks(element, frames)


def _one_column(tbl) -> bool:
    rows = tbl.findall(f"{{{_W}}}tr")
    return bool(rows) and all(len(tr.findall(f"{{{_W}}}tc")) == 1 for tr in rows)


def docx_lines(source, table_rows, frames: bool = False) -> list[str]:
    """A .docx file (path or file object) as lines: one a paragraph, numbered; table_rows(Table, cell) for
    tables, cell(w:tc) giving a cell's text with its list numbers; frames: one-column tables read as the
    paragraphs they hold (_blocks).

    EmbeddedBody for a body Word has yet to convert (w:altChunk). python-docx raises zip, XML and package
    errors alike for a damaged file: callers catch Exception after EmbeddedBody.
    """
    import docx
    from docx.table import Table

    document = docx.Document(source)
    if document.element.body.find(f".//{{{_W}}}altChunk") is not None:
        raise EmbeddedBody()  # its text would be missing, and the rest read as if it were all
    labels = list_labels(document, ListNumbering(document))

    def cell(tc) -> str:
        return cell_text(tc, labels)

    lines = []
    # body order, so headings stay in place around tables
    for tag, element in _blocks(document.element.body, frames):
        if tag == "p":
            lines.append(labels.get(element, "") + paragraph_text(element))
        else:
            lines.extend(table_rows(Table(element, document), cell))
    return lines
