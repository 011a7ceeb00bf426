"""Split an annual report (法治政府建设情况报告) into passages: the units evidence is looked for in.

A passage is one numbered or bulleted item, or one paragraph where the report has no items. The layouts
seen in government reports, all handled the same way whatever their nesting:

- numbering on its own line as a heading: "一、工作进展和成效" / "(一)加强党的领导 健全…体系" / "一、…体系。"
  → not a passage; its text goes into the heading path of what follows;
- run-in headings: "(一)深学笃行习近平法治思想。市县各级…" / "——简政放权动真格。严格…" / "1.…" / "(1)…" /
  "①…" / "第一，…" / "●…" → one passage, the title (first sentence, if short) ends its heading path;
- inline enumerations "一是…。二是…", "第一，…第二，…", "①…②…", "(1)…(2)…" → one passage per item when
  the paragraph starts with the first item (after its run-in title, if any), the items are substantial
  (MIN_INLINE_ITEM_MEAN) or most of them have a run-in title ("一是强化组织领导。成立…"). The text before the
  first item (a lead) is a passage of its own when it says more than a title; a short lead ("主要是：")
  goes with the first item; a run-in title alone goes into the heading path. Short lists inside a
  paragraph ("存在问题…：一是…；二是…") stay one passage with the paragraph;
- long passages (> MAX_PASSAGE_CHARS) are cut at sentence ends into parts of similar size.

- lines broken inside a paragraph (a plain-text copy of a printed report: a fixed width, or a sentence that
  goes on after a page number or running header) are joined back first (_unwrap); a paragraph that swallowed
  its structure ("…如下：一、主要举措(一)加强领导。…(二)…") is cut at its numbering (_split_runs).

Not passages: the title lines, addressee, issuer/signature (with or without "(盖章)"), dates, document numbers,
page numbers, running headers, 抄送/印发/联系人 lines, the list of attachments and web-page furniture.
Numbering nests in the usual order 第一部分 > 一、 > (一) > 1. > (1) > ①; bullets, dashes, "一是" and
unnumbered headings nest where they appear. A paragraph right after a run of items closes their section
(concluding paragraphs get the heading path of the level above). A passage's heading path ends with its own
run-in title, if it has one. Everything is detected on the matching text (normalize_with_map, so
traditional characters, full-width brackets and pinyin annotations do not matter) and mapped back to
offsets into the text passed in.
"""
import math
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from .normalize import normalize_with_map, original_span

MAX_PASSAGE_CHARS = 500  # longer items are cut at sentence ends: matching works on topics, not whole sections
MIN_INLINE_ITEM_MEAN = 80  # "一是…二是…" inside a paragraph: shorter items are a list, not separate work items
MIN_EMBEDDED_ITEM_MEAN = 40  # "(一)…(二)…" after sentence ends: shorter items are a list, not the report's sections
MIN_LEAD_CHARS = 10  # text before "一是" shorter than this is a title or a connective, not a passage
HEADING_MAX_CHARS = 60  # a numbered line without a body and longer than this is an item, not a heading
TITLE_MAX_CHARS = 40  # first sentence of an item that may serve as its run-in title
UNNUMBERED_HEADING_MAX_CHARS = 25
DOC_TITLE_MAX_CHARS = 60
RUNNING_MIN_CHARS = 8  # a title-like line this long seen twice is a running header, not a heading

_CN = "一二三四五六七八九十"
_CN_NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"] + [
    "十" + c for c in "一二三四五六七八九"] + ["二十"]
_MARKERS = [
    ("part", re.compile(rf"第[{_CN}\d]{{1,3}}(?:部分|章|篇|节)[、.，：\s]*")),
    # "一、2023年工作成效": after "、" a digit starts the title; after "." it may be a decimal
    ("cn", re.compile(rf"[{_CN}]{{1,3}}\s*(?:、|[.，](?!\d))")),
    ("pcn", re.compile(rf"\(\s*[{_CN}]{{1,3}}\s*\)[、.，]?|[{_CN}]{{1,3}}\)|[\u3220-\u3229]")),
    ("num", re.compile(r"\d{1,2}\s*(?:、|\.(?!\d))")),
    ("pnum", re.compile(r"\(\s*\d{1,2}\s*\)[、.]?|\d{1,2}\)(?!\d)")),
    ("circ", re.compile("[\u2460-\u2473\u2776-\u277f\u3251-\u325f]")),
    ("shi", re.compile(rf"[{_CN}]{{1,3}}是(?=[^，。；：\s])")),
    ("di", re.compile(rf"第[{_CN}]{{1,3}}[，、：]")),
    ("dash", re.compile(r"—{1,2}|―{1,2}|-{2}")),
    ("bullet", re.compile(r"[●•·▪■□◆◇★☆▲►◎○❖➢]")),
]
_BULLET_KINDS = {"dash", "bullet"}  # their marker carries no number: left out of heading labels

_SENTENCE_END = re.compile(r"[。！？；!?;]")
_TITLE_END = re.compile(r"[。！？；：!?;:]")
_ANY_PUNCT = re.compile(r"[，。；：！？、,;:!?]")

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－―\s]*\d{1,3}[-—–－―\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d{1,3}\s*/\s*\d{1,3})$")
_FURNITURE = re.compile(
    r"^(?:当前位置|您的位置|索引号|主题分类|发布机构|发文机关|发文字号|文号[:：]|成文日期|发布日期|发布时间|来源[:：]|"
    r"日期[:：]|时间[:：]|访问次数|浏览量|"
    r"信息来源|作者[:：]|浏览次数|阅读次数|点击[数量率]|访问量[:：]|字号[:：]|\[?字体|打印|关闭|分享到|扫一扫|上一篇|下一篇|"
    r"相关链接|相关文档|附件[:：]|解读|下载|欢迎(?:来到|访问)|首页\s*>|特此报告|"
    r"抄送[:：]|抄报[:：]|主送[:：]|联系人[:：]|联系电话[:：]|公开方式[:：]|签发人[:：])|^[(\[]此件|"
    r"^[^，。；！？\s]{1,12}[(\[]\d{4}[)\]]\s*\d{1,4}\s*号$|"  # document number: X政报〔2024〕5号
    r"^(?:\[[^\]]{1,10}\]\s*)+$")  # [打印本页][关闭窗口]
_DATE = (r"(?:\d{4}|[〇零○Ｏ一二三四五六七八九]{4})\s*年\s*[\d一二三四五六七八九十]{1,2}\s*月"
         r"(?:\s*[\d一二三四五六七八九十]{1,3}\s*日)?")
_ORG_END = r"(?:人民政府|政府|办公室|办公厅|委员会|领导小组|党组|司法局|局|委|院|厅)"
_DATE_LINE = re.compile(
    rf"^(?:[^，。；！？]{{2,30}}{_ORG_END}\s*)?[(\[]?\s*(?:{_DATE}|\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}})\s*[)\]]?"
    r"(?:印发|发布)?$")  # "XX县人民政府办公室 2024年3月28日印发"
_SIGNATURE = re.compile(rf"^[^，。；：！？、,;:!?\s]{{2,30}}{_ORG_END}(?:\s*[(\[](?:盖章|印章|章)[)\]])?$")
_ADDRESSEE = re.compile(r"^[^，。；！？]{2,30}[:：]$")
_CJK = re.compile(r"[\u3400-\u9fff]")


@dataclass
class ParsedPassage:
    index: int
    heading: str  # enclosing headings, matching text, " > " between levels; ends with the item's own title
    text: str  # text[start:end] of the report as passed in, stripped
    start: int
    end: int
    norm: str  # normalize_for_matching(text)
    kind: str  # "item" (numbered or bulleted) or "paragraph"


@dataclass
class SegmentedReport:
    title: str  # as written (traditional characters kept), title lines joined
    passages: list[ParsedPassage] = field(default_factory=list)


@dataclass
class _Line:
    start: int  # in the matching text
    end: int
    text: str
    kind: str | None = None  # numbering kind, "U" for an unnumbered heading
    marker_end: int = 0  # end of the numbering in text
    title_end: int = 0  # end of the run-in title (incl. its punctuation) in text; 0 if none
    label: str = ""  # heading label: numbering + title
    skip: bool = False
    table: bool = False  # a table row (docx: cells joined with tabs)
    heading_candidate: bool = False


@dataclass
class _Entry:
    kind: str
    label: str
    heading: bool


def _marker(text: str) -> tuple[str, int] | None:
    for kind, pattern in _MARKERS:
        m = pattern.match(text)
        if m and m.end() < len(text):
            return kind, m.end()
    return None


def _is_skip(text: str) -> bool:
    return bool(_PAGE_NUMBER.match(text) or _FURNITURE.match(text) or _DATE_LINE.match(text))


def _classify(start: int, end: int, text: str) -> _Line:
    line = _Line(start, end, text)
    if _is_skip(text):
        line.skip = True
        return line
    found = _marker(text)
    if not found:
        if len(text) <= UNNUMBERED_HEADING_MAX_CHARS and not _ANY_PUNCT.search(text.rstrip("：:")):
            line.heading_candidate = True
            line.kind = "U"
            line.label = text.rstrip("：:")
        return line
    kind, marker_end = found
    if kind in _INLINE_FAMILIES and any(series[0] == 0 for series in _inline_series(text, 0)):
        return line  # "一是…。二是…。" in one paragraph: a paragraph of inline items, not one item
    line.kind, line.marker_end = kind, marker_end
    rest = text[marker_end:].lstrip()
    offset = len(text) - len(rest)
    m = _TITLE_END.search(rest)
    marker = "" if kind in _BULLET_KINDS else text[:marker_end].strip()
    if m is None or not rest[m.end():].strip():
        # one clause: a heading if it has children (decided later), else a short item
        title = rest[: m.start()] if m else rest
        line.heading_candidate = len(title) <= HEADING_MAX_CHARS
        line.label = marker + title
        line.title_end = len(text)
        return line
    if m.start() <= TITLE_MAX_CHARS:
        line.title_end = offset + m.end()
        line.label = marker + rest[: m.start()]
    return line


def _title_like(line: _Line) -> bool:
    t = line.text
    return (line.kind in (None, "U") and len(t) <= DOC_TITLE_MAX_CHARS and not _SENTENCE_END.search(t)
            and not t.endswith(("：", ":")) and bool(_CJK.search(t)))


# ---------------------------------------------------------------- inline enumerations

_INLINE_AFTER = set("。；;！？!?：:，, \n")
_INLINE_FAMILIES = {
    "shi": re.compile(rf"([{_CN}]{{1,3}})是(?=[^，。；：\s])"),  # 一是…二是…
    "di": re.compile(rf"第([{_CN}]{{1,3}})[，、：]"),  # 第一，…第二，…
    "circ": re.compile("([\u2460-\u2473])"),  # ①…②…
    "pnum": re.compile(r"\((\d{1,2})\)"),  # (1)…(2)…
}


def _inline_number(family: str, token: str) -> int:
    if family in ("shi", "di"):
        return _CN_NUMERALS.index(token) + 1 if token in _CN_NUMERALS else 0
    if family == "circ":
        return ord(token) - 0x2460 + 1
    return int(token)


def _inline_series(text: str, begin: int) -> list[list[int]]:
    """Start positions of inline items in text[begin:]: "一是…二是…", "第一，…第二，…", "①…②…", "(1)…(2)…".
    A series counts from one without gaps and has at least two items; series do not overlap (a list
    nested inside an item is left to that item)."""
    found: list[list[int]] = []
    for family, pattern in _INLINE_FAMILIES.items():
        current, expect = [], 1
        for m in pattern.finditer(text, begin):
            at = m.start()
            if family != "circ" and at and text[at - 1] not in _INLINE_AFTER:
                continue
            number = _inline_number(family, m.group(1))
            if number == 1:
                if len(current) >= 2:
                    found.append(current)
                current, expect = [at], 2
            elif current and number == expect:
                current.append(at)
                expect += 1
        if len(current) >= 2:
            found.append(current)
    found.sort()
    series: list[list[int]] = []
    for s in found:
        if not series or s[0] >= series[-1][-1]:
            series.append(s)
    return series


def _starts_item(text: str, at: int) -> bool:
    for family, pattern in _INLINE_FAMILIES.items():
        m = pattern.match(text, at)
        if m and _inline_number(family, m.group(1)) > 1:
            return True
    return False


def _titled(text: str, start: int, end: int) -> bool:
    """An inline item with a run-in title: "一是强化组织领导。成立…" (a work item, not a one-line list entry)."""
    m = _TITLE_END.search(text, start, min(end, start + TITLE_MAX_CHARS // 2 + 2))
    return bool(m) and end - m.end() >= MIN_LEAD_CHARS


def _sentence_cuts(text: str, start: int, end: int) -> list[int]:
    """Cut [start, end) of text at sentence ends into parts of similar size, none over MAX_PASSAGE_CHARS if
    the sentences allow."""
    length = end - start
    if length <= MAX_PASSAGE_CHARS:
        return [start, end]
    ends = [m.end() for m in _SENTENCE_END.finditer(text, start, end) if m.end() < end - 1]
    if not ends:
        return [start, end]
    parts = math.ceil(length / MAX_PASSAGE_CHARS)
    # a sentence end before "二是"/"②" is a better cut than one inside an item
    before_item = {e for e in ends if _starts_item(text, e)}
    cuts = [start]
    for k in range(1, parts):
        target = start + length * k / parts
        best = min(ends, key=lambda e: abs(e - target) - (length / parts / 4 if e in before_item else 0))
        if best > cuts[-1]:
            cuts.append(best)
    cuts.append(end)
    return cuts


# ---------------------------------------------------------------- nesting

# Usual order of numbering levels; bullets, "一是" and unnumbered headings nest where they appear.
_RANK = {"part": 0, "cn": 1, "pcn": 2, "num": 3, "pnum": 4, "circ": 5}


def _nest(stack: list[_Entry], kind: str) -> list[_Entry]:
    """The enclosing entries for a new line of this numbering kind."""
    kinds = [e.kind for e in stack]
    if kind in kinds:  # a sibling: back to its level
        return stack[: kinds.index(kind)]
    rank = _RANK.get(kind)
    if rank is None:
        return stack
    stack = list(stack)
    # "一、" after "(一)…" closes the (一) level; a bullet item before "第一部分" does not hold it
    while stack and (_RANK.get(stack[-1].kind, -1) >= rank or (stack[-1].kind not in _RANK and not stack[-1].heading)):
        stack.pop()
    return stack


_ATTACHMENTS = re.compile(r"^附\s*件\s*\d{0,2}\s*[:：]?")
_ATTACHMENT_ENTRY = re.compile(r"^(?:\d{1,2}\s*[.、]|\(\d{1,2}\))?\s*[^。；！？]{2,60}$")
_ENDS_SENTENCE = re.compile(r"[。！？；：!?;:…][”’」』)\]]?$")
_CONTINUES = set("，。、；：！？)]”’%‰")
WRAP_MIN_LINES = 5  # this many lines of one width make a text broken at a fixed width
WRAP_SHARE = 0.35  # … and this share of its longer lines
WRAP_SLACK = 4  # display columns (two Chinese characters) short of the width still count as a full line


def _attachment_entry(text: str) -> bool:
    return bool(_ATTACHMENT_ENTRY.match(text))


def _without(norm: str, a: int, b: int, gaps: list[tuple[int, int]]) -> str:
    """norm[a:b] without the line breaks and page furniture inside paragraphs: the matching text reads on."""
    pieces, at = [], a
    for gs, ge in gaps:
        if a <= gs and ge <= b:
            pieces.append(norm[at:gs])
            at = ge
    pieces.append(norm[at:b])
    return "".join(pieces).strip()


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _unwrap(raw: list[tuple[int, int]], norm: str, index: list[int], text: str,
            gaps: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Lines of the matching text joined back into paragraphs where a plain-text copy of a printed report
    broke them: at a fixed width (every full line as wide as the page), or mid-sentence before a line that
    carries on. Page numbers and running headers between the two halves are passed over (gaps)."""
    if len(raw) < 2:
        return raw
    widths = []
    indented = []
    for start, end in raw:
        s, e = original_span(index, start, end, len(text))
        line_start = max(text.rfind(c, 0, s) for c in "\n\r\u2028") + 1
        widths.append(_width(text[line_start:e]))
        indented.append(s > line_start)  # the original line starts with spaces: a first-line indent
    long_widths = [w for w in widths if w >= 20]
    best, count = 0, 0
    for w in set(long_widths):
        n = sum(w - WRAP_SLACK <= x <= w for x in long_widths)
        if n > count or (n == count and w > best):
            best, count = w, n
    fixed = (count >= WRAP_MIN_LINES and count >= WRAP_SHARE * len(long_widths)
             and sum(x > best + 2 for x in long_widths) <= 0.1 * len(long_widths))
    uses_indent = sum(indented) >= 3
    seen = Counter(norm[s:e] for s, e in raw)
    # page numbers, and running headers (a title-like line seen twice), do not end a paragraph
    skip = [_is_skip(norm[s:e]) or (seen[norm[s:e]] > 1 and e - s >= RUNNING_MIN_CHARS
                                    and _title_like(_Line(0, 0, norm[s:e]))) for s, e in raw]
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(raw):
        start, end = raw[i]
        j = i
        while True:
            k = j + 1
            while k < len(raw) and skip[k]:
                k += 1
            if k >= len(raw) or skip[j]:
                break
            line, nxt = norm[raw[j][0]:raw[j][1]], norm[raw[k][0]:raw[k][1]]
            if nxt[0] in _CONTINUES:
                joins = True  # no paragraph starts with "，" or "%": the line was broken before it
            elif _marker(nxt) or (uses_indent and indented[k]):
                break
            elif fixed and widths[j] >= best - WRAP_SLACK:
                joins = not _ENDS_SENTENCE.search(line) or (uses_indent and not indented[k])
            else:
                # a line that stops mid-sentence after a full sentence (not a heading) goes on in the next one
                joins = (not _ENDS_SENTENCE.search(line) and line[-1] not in "”’)]" and bool(_SENTENCE_END.search(line))
                         and bool(_ANY_PUNCT.search(nxt)) and not _title_like(_Line(0, 0, nxt)))
            if not joins:
                break
            gaps.append((raw[j][1], raw[k][0]))
            end, j = raw[k][1], k
        out.append((start, end))
        i = j + 1
    return out


# numbering that may start a heading or an item inside a paragraph that swallowed the report's line breaks
_EMBEDDED = {
    "part": re.compile(rf"第([{_CN}]{{1,3}})(?:部分|章)"),
    "cn": re.compile(rf"([{_CN}]{{1,3}})\s*、"),
    "pcn": re.compile(rf"\(([{_CN}]{{1,3}})\)"),
}
_BREAK_AFTER = set("。！？；：")
_HEADING_RUN = re.compile(
    rf"(?:第[{_CN}]{{1,3}}(?:部分|章)|[{_CN}]{{1,3}}\s*、|\([{_CN}]{{1,3}}\))[^，。；：！？]{{2,{HEADING_MAX_CHARS}}}$")
_LIST_AFTER_HEADING = re.compile(
    rf"(?:第[{_CN}]{{1,3}}(?:部分|章)|[{_CN}]{{1,3}}\s*、|\([{_CN}]{{1,3}}\))[^，。；：！？]{{2,{UNNUMBERED_HEADING_MAX_CHARS}}}?"
    r"(?=一是|\(一\))")


def _embedded_breaks(text: str) -> list[int]:
    """Where a paragraph that swallowed the report's structure (a web page without its line breaks:
    "…报告如下：一、主要举措(一)加强领导。…(二)深化改革。…二、存在问题一是…") starts a heading or an item.
    Numbering counts: a run of consecutive numbers of one kind, each after a sentence end or a heading
    ("一、主要举措(一)"), with substantial items: a short list inside a sentence stays in it."""
    cuts: set[int] = set()
    for kind, pattern in _EMBEDDED.items():
        marks: list[tuple[int, int]] = []
        for m in pattern.finditer(text):
            at = m.start()
            number = _CN_NUMERALS.index(m.group(1)) + 1 if m.group(1) in _CN_NUMERALS else 0
            if not number or (at and text[at - 1] in "第条款项"):
                continue
            if at == 0 or text[at - 1] in _BREAK_AFTER:
                marks.append((at, number))
                continue
            last = max(text.rfind(c, 0, at) for c in _BREAK_AFTER) + 1
            if kind == "pcn" and _HEADING_RUN.match(text, last, at):
                marks.append((at, number))  # "一、主要举措和成效(一)…": right after a heading
        run: list[tuple[int, int]] = []
        for at, number in marks + [(len(text), 0)]:
            if run and number == run[-1][1] + 1:
                run.append((at, number))
                continue
            if len(run) >= 2:
                mean = (run[-1][0] - run[0][0]) / (len(run) - 1)
                if mean >= MIN_EMBEDDED_ITEM_MEAN or run[0][0] == 0:  # a line opening with "(一)": its items
                    cuts.update(a for a, _ in run if a)
            run = [(at, number)]
    # "二、存在的问题一是…；二是…", "三、工作打算(一)…(二)…": the heading ends where its list starts
    for at in sorted(cuts | {0}):
        m = _LIST_AFTER_HEADING.match(text, at)
        if m and ("二是" if text.startswith("一是", m.end()) else "(二)") in text[m.end():]:
            cuts.add(m.end())
    return sorted(c for c in cuts if c)


def _split_runs(lines: list[tuple[int, int]], norm: str) -> list[tuple[int, int]]:
    out: list[tuple[int, int]] = []
    for start, end in lines:
        at = start
        for cut in _embedded_breaks(norm[start:end]) + [end - start]:
            piece = (at, start + cut)
            # a piece that now opens with "(一)" may hold its siblings: "三、工作打算(一)…。(二)…。"
            inner = _embedded_breaks(norm[at:start + cut]) if at > start else []
            for sub in inner:
                out.append((piece[0], at + sub))
                piece = (at + sub, piece[1])
            out.append(piece)
            at = start + cut
    return out


@lru_cache(maxsize=2)  # taking a report in reads its title, and matching splits the same text right after
def split_report(text: str) -> SegmentedReport:
    norm, index = normalize_with_map(text)
    raw_lines: list[tuple[int, int]] = []
    for m in re.finditer(r"[^\n]+", norm):
        raw = m.group()
        stripped = raw.strip()
        if stripped:
            start = m.start() + (len(raw) - len(raw.lstrip()))
            raw_lines.append((start, start + len(stripped)))
    gaps: list[tuple[int, int]] = []  # line breaks (and page furniture) inside a paragraph broken at the page width
    lines: list[_Line] = []
    for start, end in _split_runs(_unwrap(raw_lines, norm, index, text, gaps), norm):
        line = _classify(start, end, norm[start:end])
        if "\t" in text and text.find("\t", index[start], index[line.end - 1]) >= 0 and not line.skip:
            # a table row: never a heading; consecutive rows make one passage, like a paragraph
            if lines and lines[-1].table:
                lines[-1].end = line.end
                lines[-1].text = norm[lines[-1].start:line.end]
                continue
            line = _Line(line.start, line.end, line.text, table=True)
        lines.append(line)

    # the title: leading short lines without sentence punctuation (issuer + "关于…的报告" joined)
    title_parts: list[str] = []
    title_lines_in_order: list[str] = []  # matching text of the title lines
    body_from = 0
    for i, line in enumerate(lines):
        if line.skip or (line.kind in (None, "U") and _ADDRESSEE.match(line.text)):
            body_from = i + 1
            continue
        if not _title_like(line):
            break
        s, e = original_span(index, line.start, line.end, len(text))
        title_parts.append(text[s:e].strip())
        title_lines_in_order.append(line.text)
        body_from = i + 1
    title_lines = set(title_lines_in_order)
    # running headers repeat the title (or another title-like line) on every page of a printed report
    title_lines.add("".join(title_lines_in_order))
    repeated = Counter(line.text for line in lines if _title_like(line) and len(line.text) >= RUNNING_MIN_CHARS)
    body: list[_Line] = []
    in_attachments = False
    for line in lines[body_from:]:
        if in_attachments and _attachment_entry(line.text):
            continue  # "附件：1.…" goes on with "2.…统计表": the list of attachments, not the report
        in_attachments = bool(_ATTACHMENTS.match(line.text))
        if line.skip or in_attachments or _SIGNATURE.match(line.text) or line.text in title_lines:
            continue
        if repeated[line.text] > 1 and line.kind in (None, "U"):
            continue
        body.append(line)

    passages: list[ParsedPassage] = []

    def emit(ns: int, ne: int, heading: str, kind: str) -> None:
        seg = norm[ns:ne]
        ns += len(seg) - len(seg.lstrip())
        ne -= len(seg) - len(seg.rstrip())
        if ns >= ne:
            return
        heading = heading.replace("\n", "")  # a title broken across lines (_unwrap) reads on
        cuts = _sentence_cuts(norm, ns, ne)
        for a, b in zip(cuts, cuts[1:]):
            s, e = original_span(index, a, b, len(text))
            original = text[s:e]
            s, e = s + len(original) - len(original.lstrip()), s + len(original.rstrip())
            passages.append(ParsedPassage(len(passages), heading, text[s:e], s, e, _without(norm, a, b, gaps), kind))

    stack: list[_Entry] = []
    leaf_kinds: set[str] = set()  # kinds whose last line was an item, not a heading
    previous_role = ""
    for i, line in enumerate(body):
        if line.kind is None:
            if previous_role == "item" and stack:
                # a paragraph after a run of items closes that list's section (concluding paragraphs)
                del stack[max(0, len(stack) - 2):]
            _emit_line(line, [e.label for e in stack if e.label], "", "paragraph", emit)
            previous_role = "para"
            continue
        enclosing = _nest(stack, line.kind)
        for popped in stack[len(enclosing):]:
            if popped.kind != line.kind:
                leaf_kinds.discard(popped.kind)  # deeper levels start afresh under a new parent
        heading = False
        if line.heading_candidate:
            # a heading when what follows is nested under it
            nxt = body[i + 1] if i + 1 < len(body) else None
            if nxt is None:
                heading = False
            elif nxt.kind is None or nxt.kind == "U":
                heading = line.kind == "U" or line.kind not in leaf_kinds
            else:
                me = _Entry(line.kind, line.label, True)
                heading = me in _nest(enclosing + [me], nxt.kind)
        if line.kind == "U" and not heading:
            _emit_line(line, [e.label for e in stack if e.label], "", "paragraph", emit)
            previous_role = "para"
            continue
        stack = enclosing + [_Entry(line.kind, line.label, heading)]
        if heading:
            leaf_kinds.discard(line.kind)
            previous_role = "heading"
        else:
            leaf_kinds.add(line.kind)
            _emit_line(line, [e.label for e in enclosing if e.label], line.label, "item", emit)
            previous_role = "item"
    return SegmentedReport("".join(title_parts), passages)


LEAD_MAX_CHARS = 40  # its opening words say who does what and when ("2024年，市政府将全面贯彻…")


def _lead_sentence(text: str, begin: int, first: int) -> str:
    """The last sentence before a list's first item, when it introduces the list (not an item of its own)."""
    before = text[begin:first].rstrip(" ：:，,")
    cut = max(before.rfind(c, 0, len(before) - 1) for c in "。；;！？")
    sentence = before[cut + 1:].strip(" 。")
    return sentence if len(sentence) <= LEAD_MAX_CHARS else sentence[:LEAD_MAX_CHARS] + "…"


def _emit_line(line: _Line, path: list[str], label: str, kind: str, emit) -> None:
    text, base = line.text, line.start
    own = path + [label] if label else path
    begin = line.title_end if line.title_end else line.marker_end
    pieces: list[tuple[int, int, str]] = []  # (start, end, label) relative to the line
    for series in _inline_series(text, begin):
        bounds = series + [len(text)]
        # the last item runs to the paragraph's end, which may hold more than the item: leave it out
        mean = (series[-1] - series[0]) / (len(series) - 1)
        titled = sum(_titled(text, a, b) for a, b in zip(series, bounds[1:]))
        at_start = not text[begin: series[0]].strip(" ：:，,。")
        if not (at_start or mean >= MIN_INLINE_ITEM_MEAN or titled * 2 >= len(series)):
            continue
        previous_end = pieces[-1][1] if pieces else 0
        if previous_end < series[0]:
            pieces.append((previous_end, series[0], "", ""))
        lead = _lead_sentence(text, begin, series[0])
        for a, b in zip(series, bounds[1:]):
            m = _TITLE_END.search(text, a, b)
            title = text[a: m.start()] if m and m.start() - a <= TITLE_MAX_CHARS + 2 else ""
            pieces.append((a, b, title, lead))
    if not pieces:
        emit(base, line.end, " > ".join(own), kind)
        return
    # a later series cuts the previous item where it starts; the text between (its lead) stays with that item
    merged: list[tuple[int, int, str, str]] = []
    for a, b, title, lead in pieces:
        if merged and merged[-1][1] > a:
            merged[-1] = (merged[-1][0], a, merged[-1][2], merged[-1][3])
        merged.append((a, b, title, lead))
    first_item = True
    lead_start = 0
    for a, b, title, lead in merged:
        if not title and first_item and a == 0:
            # lead: its own passage when it says more than the item's title
            lead_body = text[begin:b].strip(" ：:，,。")
            if len(lead_body) >= MIN_LEAD_CHARS:
                emit(base, base + b, " > ".join(own), kind)
                lead_start = b
            elif lead_body:
                lead_start = 0  # a short lead ("主要是：") stays with the first item
            else:
                lead_start = b  # only the numbering and title, which are in the heading path
            continue
        start = lead_start if first_item else a
        first_item = False
        # the sentence that opens the list belongs to the item's context ("2024年，我们将…。一是…")
        item_path = own + ([lead] if lead and start >= a else []) + ([title] if title else [])
        emit(base + start, base + b, " > ".join(item_path), "item")
