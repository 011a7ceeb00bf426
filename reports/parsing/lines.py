"""From decoded text to the report's logical lines, each classified by its numbering (_classify):

- lines broken inside a paragraph (at the page width, or mid-sentence over a page number or running header)
  joined back (_unwrap), and a paragraph that swallowed the report's structure cut at its numbering (_split_runs);
- table rows (docx cells joined with tabs, columns lined up with spaces, one cell a line) kept as one line;
  a tab typed after a number or before a run-in title's text is no column (_tab_row);
- web-page chrome run into the first line cut off (_without_chrome); a wide space that sets a run-in title
  apart found (_wide_gap);
- the title and front matter read off (_front_matter), and the body kept without the list of attachments,
  signatures, running headers, page furniture and the web page's footer (_body).

segment.split_report builds the report's structure from these lines.
"""
import re
import unicodedata
from bisect import bisect_left
from collections import Counter
from dataclasses import dataclass

from .normalize import original_span
from .numbering import _BULLET_KINDS, _CN, _CN_NUMERALS, _INLINE_FAMILIES, _inline_series, _marker

MIN_EMBEDDED_ITEM_MEAN = 40  # "(一)…(二)…" after sentence ends: shorter items are a list, not the report's sections
HEADING_MAX_CHARS = 60  # a numbered line without a body and longer than this is an item, not a heading
TITLE_MAX_CHARS = 40  # first sentence of an item that may serve as its run-in title
UNNUMBERED_HEADING_MAX_CHARS = 25
DOC_TITLE_MAX_CHARS = 60
RUNNING_MIN_CHARS = 8  # a title-like line this long seen twice is a running header, not a heading

_SENTENCE_END = re.compile(r"[。！？；!?;]")
_TITLE_END = re.compile(r"[。！？；：!?;:]")
_ANY_PUNCT = re.compile(r"[，。；：！？、,;:!?]")
_CLAUSE_END = re.compile(r"[，。；！？]")

_PAGE_NUMBER = re.compile(
    r"^(?:[-—–－―·•\s]*\d{1,3}[-—–－―·•\s]*|第\s*\d+\s*页(?:\s*[,，/]?\s*共\s*\d+\s*页)?|\d{1,3}\s*/\s*\d{1,3}|"
    r"共\s*\d+\s*页\s*[,，/]?\s*第\s*\d+\s*页|(?i:page)\s*\d{1,3}(?:\s*(?i:of)\s*\d{1,3})?)$")
_FURNITURE = re.compile(
    r"^(?:当前位置|您的位置|索引号|主题分类|发布机构|发文机关|发文字号|文号[:：]|成文日期|发布日期|发布时间|来源[:：]|"
    r"日期[:：]|时间[:：]|访问次数|浏览量|"
    r"信息来源|作者[:：]|浏览次数|阅读次数|点击[数量率]|访问量[:：]|字号[:：]|\[?字体|"
    r"附件[:：]|欢迎(?:来到|访问)|首页\s*>|特此报告|以上报告[，。]?(?:请|$)|"
    r"主办单位|主办[:：]|承办单位|承办[:：]|网站标识码|技术支持|版权所有|(?i:copyright)|©|网站地图|"
    r"抄送[:：]|抄报[:：]|主送[:：]|联系人[:：]|联系电话[:：]|公开方式[:：]|签发人[:：]|"
    r"[(\[]?(?:责任编辑|编辑|审核|审校|校对|初审|终审|分享)[:：])|^[(\[]此[件页]|"  # a web page's editor lines
    # web-page links and buttons: short, unlike a sentence that starts "关闭…企业23家，…"
    r"^(?:打印|关闭|分享到|扫一扫|上一篇|下一篇|相关链接|相关文档|解读|下载)[^，。；]{0,80}$|"
    r"^[^，。；！？\s]{1,12}[(\[]\d{4}[)\]]\s*\d{1,4}\s*号$|"  # document number: X政报〔2024〕5号
    r"^(?:\[[^\]]{1,10}\]\s*)+$")  # [打印本页][关闭窗口]
_PAGE_HEADER = re.compile(r"(?:当前位置|您的位置|首页\s*>|发布时间|发布日期|来源[:：]|信息来源|[浏阅]览次数|访问次数|"
                          r"作者[:：]|字号[:：]|\[?字体|日期[:：]|时间[:：])")
# the end of a web page's text: what follows is the site's footer (主办单位, 网站标识码, ICP备…)
_PAGE_END = re.compile(r"^(?:扫一扫|分享到|\[?打印本?页|\[?关闭窗口|上一篇|下一篇|\[打印\]\s*\[关闭\])")
# "二〇二四年元月十五日", a zero typed as a digit or a letter ("二0二四年"), "15号" for "15日"
_DATE = (r"(?:\d{4}|[〇零○Ｏ0Oo一二三四五六七八九]{4})\s*年\s*(?:[\d一二三四五六七八九十]{1,2}|元)\s*月"
         r"(?:\s*[\d一二三四五六七八九十]{1,3}\s*[日号])?")
_ORG_END = r"(?:人民政府|政府|办公室|办公厅|委员会|管委会|领导小组|党组|办事处|司法局|局|委|院|厅)"
_DATE_LINE = re.compile(
    rf"^(?:[^，。；！？]{{2,30}}{_ORG_END}\s*)?[(\[]?\s*(?:{_DATE}|\d{{4}}[-/.]\d{{1,2}}[-/.]\d{{1,2}})\s*[)\]]?"
    r"(?:印发|发布)?$")  # "XX县人民政府办公室 2024年3月28日印发"
_SIGNATURE = re.compile(rf"^[^，。；：！？、,;:!?\s]{{2,30}}{_ORG_END}(?:\s*[(\[](?:盖章|印章|代章|章)[)\]])?$")
_ADDRESSEE = re.compile(r"^[^，。；！？]{2,30}[:：]$")
_CJK = re.compile(r"[\u3400-\u9fff]")
_WORD = re.compile(r"[^\W_]")  # a letter, digit or Chinese character


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


def _is_skip(text: str) -> bool:
    # a line without a word ("————————" under a letterhead, "※※※") is a rule or an ornament
    return bool(_PAGE_NUMBER.match(text) or _FURNITURE.match(text) or _DATE_LINE.match(text)
                or not _WORD.search(text))


def _classify(start: int, end: int, text: str, gap: int = 0) -> _Line:
    """gap: where text goes on after a wide space in the original (0 if none), which may end a run-in title."""
    line = _Line(start, end, text)
    if _ATTACHMENT_START.match(text):
        line.kind, line.label = "annex", text.rstrip("：:")
        return line
    if _is_skip(text):
        line.skip = True
        return line
    found = _marker(text)
    if not found:
        if len(text) <= UNNUMBERED_HEADING_MAX_CHARS and not _ANY_PUNCT.search(text.rstrip("：:")):
            line.heading_candidate = True
            line.kind = "U"
            line.label = text.rstrip("：:").strip("[]")  # "【坚持党的全面领导】" on its own line
        return line
    kind, marker_end = found
    if kind == "bracket":  # the bracketed words are the item's title
        line.kind, line.marker_end, line.title_end = kind, marker_end, marker_end
        line.label = text[:marker_end].strip(" []")
        return line
    if kind in _INLINE_FAMILIES and any(series[0] == 0 for series in _inline_series(text, 0)):
        return line  # "一是…。二是…。" in one paragraph: a paragraph of inline items, not one item
    line.kind, line.marker_end = kind, marker_end
    rest = text[marker_end:].lstrip()
    offset = len(text) - len(rest)
    m = _TITLE_END.search(rest)
    marker = "" if kind in _BULLET_KINDS else text[:marker_end].strip()
    if offset < gap <= offset + min(m.start() if m else len(rest), TITLE_MAX_CHARS) and _SENTENCE_END.search(text, gap):
        # "(一)坚持党的领导　县委常委会…。": a title set apart by a wide space instead of punctuation
        line.title_end = gap
        line.label = marker + text[offset:gap]
        return line
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


_ATTACHMENTS = re.compile(r"^附\s*件\s*\d{0,2}\s*[:：]?")
# "附件", "附件2：" alone on its line: the attachment itself follows (after "附件：" comes the list of them)
_ATTACHMENT_START = re.compile(r"^附\s*[件表]\s*(?:\d{0,2}|\d{1,2}\s*[:：])$")
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


_LINE_BREAK = re.compile("[\n\r\u2028]")


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def _unwrap(raw: list[tuple[int, int]], norm: str, index: list[int], text: str,
            gaps: list[tuple[int, int]], rows: set[tuple[int, int]]) -> list[tuple[int, int]]:
    """Lines of the matching text joined back into paragraphs where a plain-text copy of a printed report
    broke them: at a fixed width (every full line as wide as the page), or mid-sentence before a line that
    carries on. Page numbers and running headers between the two halves are passed over (gaps)."""
    if len(raw) < 2:
        return raw
    widths = []
    indented = []
    breaks = [m.start() for m in _LINE_BREAK.finditer(text)]  # looked up, not searched for: long texts stay linear
    for start, end in raw:
        s, e = original_span(index, start, end, len(text))
        before = bisect_left(breaks, s)
        line_start = breaks[before - 1] + 1 if before else 0
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
    following = [len(raw)] * len(raw)  # the next line that is not skipped, found once: long texts stay linear
    for n in range(len(raw) - 2, -1, -1):
        following[n] = n + 1 if not skip[n + 1] else following[n + 1]
    out: list[tuple[int, int]] = []
    i = 0
    while i < len(raw):
        start, end = raw[i]
        j = i
        while True:
            k = following[j]
            if k >= len(raw) or skip[j] or raw[j] in rows or raw[k] in rows:
                break  # table rows stand alone
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
    headed: dict[int, int] = {}  # "(一)" right after a heading → where that heading starts
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
                headed[at] = last
        run: list[tuple[int, int]] = []
        for at, number in marks + [(len(text), 0)]:
            if run and number == run[-1][1] + 1:
                run.append((at, number))
                continue
            if len(run) >= 2:
                mean = (run[-1][0] - run[0][0]) / (len(run) - 1)
                if mean >= MIN_EMBEDDED_ITEM_MEAN or run[0][0] == 0:  # a line opening with "(一)": its items
                    cuts.update(a for a, _ in run if a)
                    cuts.add(headed.get(run[0][0], 0))  # "…建设。一、主要举措(一)…": the heading, too
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


_COLUMN_GAP = re.compile(r"\S[ \u3000\u00a0]{2,}(?=\S)")
_FIGURE_CELL = re.compile(r"^[-+]?\d[\d,.]*\s*(?:%|‰|[^\d\s，。；：]{1,3})?$")  # "2860", "98.5%", "120件"
CELL_RUN_MIN = 4  # this many short lines in a row, figures among them, are a table laid out one cell a line


_TABS = re.compile(r"[ \u3000]*\t[\t \u3000]*")


def _table_row(text: str, norm: str, index: list[int], start: int, end: int) -> bool:
    """A table row in the original: docx cells joined with a tab, or columns lined up with runs of spaces
    (not a sentence with stray double spaces)."""
    original = text[index[start]:index[end - 1] + 1]
    if "\t" in original:
        return _tab_row(original, norm, index, start, end)
    if _SENTENCE_END.search(norm, start, end):
        return False
    return len(_COLUMN_GAP.findall(original)) >= 2 or _figure_row(original, norm[start:end])


def _figure_row(original: str, norm: str) -> bool:
    """Columns one space apart, as a PDF's unruled table or a web page's reads: "行政处罚案件（件） 3210 3566 11.1%"
    (figures half the cells and no clause punctuation: not text typed with spaces around its figures,
    "全年检查 12 次 查处 3 件")."""
    cells = original.split()
    figures = sum(bool(_FIGURE_CELL.match(c)) for c in cells)
    return len(cells) >= 3 and figures >= 2 and figures * 2 >= len(cells) and not _ANY_PUNCT.search(norm.replace("、", ""))


def _pair_row(text: str, norm: str, index: list[int], start: int, end: int) -> bool:
    """A label and a figure one space apart, without numbering or punctuation: "负责人出庭应诉率 100%"."""
    cells = text[index[start]:index[end - 1] + 1].split()
    return (len(cells) == 2 and bool(_FIGURE_CELL.match(cells[1])) and not _FIGURE_CELL.match(cells[0])
            and not _marker(norm[start:end]) and not _ANY_PUNCT.search(norm, start, end)
            and not _ATTACHMENT_START.match(norm, start, end))


def _tab_row(original: str, norm: str, index: list[int], start: int, end: int) -> bool:
    """Cells joined with tabs; not the tabs a Word paragraph is typed with: after its numbering ("（三）\t严格…")
    or setting a run-in title apart from its sentences ("（一）加强领导\t区委…。"), like a wide space."""
    found = _marker(norm[start:end])
    skip_to = index[start + found[1]] - index[start] if found else 0  # a tab right after the numbering
    tabs = [m for m in _TABS.finditer(original) if m.start() > skip_to]  # several tabs align one column
    if len(tabs) != 1:
        return len(tabs) > 1
    before, after = original[:tabs[0].start()], original[tabs[0].end():]
    return not (_CJK.search(before) and len(before) <= TITLE_MAX_CHARS and not _ANY_PUNCT.search(before)
                and _SENTENCE_END.search(after))


def _without_chrome(line: tuple[int, int], norm: str, index: list[int], text: str) -> list[tuple[int, int]]:
    """A web page that lost its line breaks may run its header into the report ("发布时间：2023-02-15 来源：
    市司法局 2022年，我市…"): the report starts after the last space before its first sentence."""
    start, end = line
    first = _CLAUSE_END.search(norm, start, end)
    if not (first and "。" in norm[first.start():end] and _PAGE_HEADER.match(norm, start, end)):
        return [line]
    space = max(text.rfind(c, index[start], index[first.start()]) for c in " \u3000\u00a0\t")
    cut = next((k for k in range(start, first.start()) if index[k] > space), start) if space >= 0 else start
    return [(start, cut), (cut, end)] if start < cut else [line]


_WIDE_GAP = re.compile(r"(?<=\S)(?:[\u3000\t]|[ \u00a0]{2,})[ \u3000\u00a0\t]*(?=\S)")


def _wide_gap(text: str, index: list[int], start: int, end: int) -> int:
    """Where the line goes on after its first wide space (a full-width space, a tab or several spaces) in the original,
    relative to the line's matching text; 0 if it has none."""
    m = _WIDE_GAP.search(text, index[start], index[end - 1] + 1)
    return bisect_left(index, m.end(), start, end) - start if m else 0


def _read_lines(text: str, norm: str, index: list[int], gaps: list[tuple[int, int]]) -> list[_Line]:
    """The report's lines (paragraphs), classified; consecutive table rows make one line."""
    raw_lines: list[tuple[int, int]] = []
    for m in re.finditer(r"[^\n]+", norm):
        raw = m.group()
        stripped = raw.strip()
        if stripped:
            start = m.start() + (len(raw) - len(raw.lstrip()))
            raw_lines.append((start, start + len(stripped)))
    raw_lines = [piece for line in raw_lines for piece in _without_chrome(line, norm, index, text)]
    rows = {line for line in raw_lines if _table_row(text, norm, index, *line)}
    # a two-column table one space apart ("行政复议案件 126件"): rows only in a run, not one "第一部分 2024年…"
    pairs = [_pair_row(text, norm, index, *line) for line in raw_lines]
    rows.update(line for n, line in enumerate(raw_lines) if pairs[n] and any(
        0 <= k < len(raw_lines) and (pairs[k] or raw_lines[k] in rows) for k in (n - 1, n + 1)))
    lines: list[_Line] = []
    for start, end in _split_runs(_unwrap(raw_lines, norm, index, text, gaps, rows), norm):
        line = _classify(start, end, norm[start:end], _wide_gap(text, index, start, end))
        if (start, end) in rows and not line.skip:
            # a table row: never a heading; consecutive rows make one passage, like a paragraph
            if lines and lines[-1].table:
                lines[-1].end = line.end
                lines[-1].text = norm[lines[-1].start:line.end]
                continue
            line = _Line(line.start, line.end, line.text, table=True)
        lines.append(line)
    return lines


def _is_cell(line: _Line) -> bool:
    return not line.table and (line.kind == "U" or bool(_FIGURE_CELL.match(line.text)))


def _join_cells(lines: list[_Line], norm: str) -> list[_Line]:
    """A table copied one cell a line (a docx table pasted as text): short lines without punctuation,
    figures among them, are one table line instead of a run of headings."""
    out: list[_Line] = []
    i = 0
    while i < len(lines):
        j = i
        while j < len(lines) and _is_cell(lines[j]):
            j += 1
        figures = sum(bool(_FIGURE_CELL.match(line.text)) and not line.skip for line in lines[i:j])
        if j - i >= CELL_RUN_MIN and figures >= 2:
            out.append(_Line(lines[i].start, lines[j - 1].end, norm[lines[i].start:lines[j - 1].end], table=True))
            i = j
        else:
            out.append(lines[i])
            i += 1
    return out


_REPORT_TITLE_END = re.compile(r"报告(?:书)?$")
_LETTERHEAD = re.compile(r"^[^，。；：！？]{2,30}文件$")  # "XX县人民政府文件" (letter-spaced: "X X 县…") above a document
_BRACKETED = re.compile(r"\(.+\)")


def _front_matter(lines: list[_Line], text: str, index: list[int]) -> tuple[list[str], list[str], int]:
    """The title (leading short lines without sentence punctuation: issuer + "关于…的报告"), the matching
    text of the title lines, and where the body starts. After "…报告" a report read to a congress has a
    subtitle ("——在…会议上"), a date and the speaker ("副市长 张某某"): front matter, not title."""
    title_parts: list[str] = []
    title_lines: list[str] = []
    body_from = 0
    complete = False  # the title has ended with "报告"
    dashes = sum(line.kind == "dash" for line in lines)  # a dash heading has siblings; a subtitle has none
    for i, line in enumerate(lines):
        if line.skip or (line.kind in (None, "U") and (_ADDRESSEE.match(line.text) or _LETTERHEAD.match(line.text))):
            body_from = i + 1
            continue
        subtitle = (line.kind == "dash" and dashes == 1 and complete
                    and _title_like(_Line(0, 0, line.text[line.marker_end:])))
        if not (_title_like(line) or subtitle):
            break
        if (complete and not subtitle and line.kind == "U" and not _BRACKETED.fullmatch(line.text)
                and not _SIGNATURE.match(line.text) and _numbered_next(lines, i)):
            break  # "一年来的主要工作" over "第一，…": the body's first heading, not a subtitle or the speaker
        if not subtitle and (not complete or _BRACKETED.fullmatch(line.text)):  # "(2023年度)" is title
            s, e = original_span(index, line.start, line.end, len(text))
            title_parts.append(text[s:e].strip())
            title_lines.append(line.text)
            complete = bool(_REPORT_TITLE_END.search(line.text))
        body_from = i + 1
    return title_parts, title_lines, body_from


def _numbered_next(lines: list[_Line], i: int) -> bool:
    nxt = next((line for line in lines[i + 1:] if not line.skip), None)
    return nxt is not None and nxt.kind not in (None, "U", "annex")


def _body(lines: list[_Line], body_from: int, title_lines: set[str], norm: str) -> list[_Line]:
    """The lines that are the report: without the list of attachments, signatures, running headers and
    page furniture, and without the web page's footer."""
    repeated = Counter(line.text for line in lines if _title_like(line) and len(line.text) >= RUNNING_MIN_CHARS)
    body: list[_Line] = []
    in_attachments = False
    for line in _join_cells(lines[body_from:], norm):
        if body and _PAGE_END.match(line.text):
            break
        if line.kind == "annex":
            in_attachments = False
        elif in_attachments and not line.table and _attachment_entry(line.text):
            continue  # "附件：1.…" goes on with "2.…统计表": the list of attachments, not the report
        in_attachments = line.kind != "annex" and bool(_ATTACHMENTS.match(line.text))
        if line.skip or in_attachments or _SIGNATURE.match(line.text) or line.text in title_lines:
            continue
        if repeated[line.text] > 1 and line.kind in (None, "U"):
            continue
        body.append(line)
    return body
