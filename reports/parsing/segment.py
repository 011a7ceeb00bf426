"""Split an annual report (法治政府建设情况报告) into passages: the units evidence is looked for in.

A passage is one numbered or bulleted item, or one paragraph where the report has no items. The layouts
seen in government reports, all handled the same way whatever their nesting:

- numbering on its own line as a heading: "一、工作进展和成效" / "(一)加强党的领导 健全…体系" / "一、…体系。"
  → not a passage; its text goes into the heading path of what follows;
- run-in headings: "(一)深学笃行习近平法治思想。市县各级…" / "——简政放权动真格。严格…" / "1.…" / "(1)…" /
  "①…" / "第一，…" / "●…" / "【坚持党的领导】…" → one passage, the title (first sentence, if short, or the
  words before a wide space: "(一)坚持党的领导　县委…") ends its heading path;
- inline enumerations "一是…。二是…", "第一，…第二，…", "①…②…", "(1)…(2)…", "首先，…其次，…最后，…" → one
  passage per item when
  the paragraph starts with the first item (after its run-in title, if any), the items are substantial
  (MIN_INLINE_ITEM_MEAN) or most of them have a run-in title ("一是强化组织领导。成立…"). The text before the
  first item (a lead) is a passage of its own when it says more than a title; a short lead ("主要是：")
  goes with the first item; a run-in title alone goes into the heading path. Short lists inside a
  paragraph ("存在问题…：一是…；二是…") stay one passage with the paragraph;
- tables (docx rows joined with tabs, columns lined up with spaces, or one cell a line) → one passage,
  like a paragraph; an attachment ("附件2" alone on its line) starts afresh under its own heading;
- long passages (> MAX_PASSAGE_CHARS) are cut at sentence ends (a table between rows) into parts of similar size.

- lines broken inside a paragraph (a plain-text copy of a printed report: a fixed width, or a sentence that
  goes on after a page number or running header) are joined back first (lines._unwrap); a paragraph that
  swallowed its structure ("…如下：一、主要举措(一)加强领导。…(二)…") is cut at its numbering (lines._split_runs).

Not passages: the title lines, letterhead, addressee, issuer/signature (with or without "(盖章)"), dates,
document numbers, page numbers, running headers, 抄送/印发/联系人 lines, the list of attachments, web-page
furniture (and everything after the links that end a page: the site's footer), the subtitle, date and speaker
of a report read to a congress, and paragraphs that say nothing ("无。").
Numbering nests in the usual order 第一部分 > 一、 > (一) > 1. > (1) > ①; bullets, dashes, "一是" and
unnumbered headings nest where they appear. A paragraph right after an item goes on with that item when the
next numbering is its sibling or child; otherwise it concludes the list's section (the heading path of the
level above), or the report when no numbering follows. A passage's heading path ends with its own
run-in title, if it has one. Everything is detected on the matching text (normalize_with_map, so
traditional characters, full-width brackets and pinyin annotations do not matter) and mapped back to
offsets into the text passed in.
"""
import math
from bisect import bisect_left
from dataclasses import dataclass, field
from functools import lru_cache

from .lines import (TITLE_MAX_CHARS, _ANY_PUNCT, _SENTENCE_END, _TITLE_END, _Line, _body, _front_matter, _read_lines,
                    _without)
from .normalize import normalize_with_map, original_span
from .numbering import _inline_series, _starts_item

MAX_PASSAGE_CHARS = 500  # longer items are cut at sentence ends: matching works on topics, not whole sections
MIN_INLINE_ITEM_MEAN = 80  # "一是…二是…" inside a paragraph: shorter items are a list, not separate work items
MIN_LEAD_CHARS = 10  # text before "一是" shorter than this is a title or a connective, not a passage
MIN_PARAGRAPH_CHARS = 4  # a paragraph shorter than this (without punctuation) says nothing: "无。"


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
class _Entry:
    kind: str
    label: str
    heading: bool


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
    if not ends:  # a table: cut between its rows
        ends = [at + 1 for at in range(start, end - 1) if text[at] == "\n"]
    if not ends:
        return [start, end]
    parts = math.ceil(length / MAX_PASSAGE_CHARS)
    # a sentence end before "二是"/"②" is a better cut than one inside an item
    before_item = [e for e in ends if _starts_item(text, e)]
    bonus = set(before_item)
    cuts = [start]
    for k in range(1, parts):
        target = start + length * k / parts
        # the best cut is next to the target among all ends or among those before an item: look only there
        near = sorted({e for pool in (ends, before_item) for e in _neighbours(pool, target)})
        best = min(near, key=lambda e: abs(e - target) - (length / parts / 4 if e in bonus else 0))
        if best > cuts[-1]:
            cuts.append(best)
    cuts.append(end)
    return cuts


def _neighbours(ordered: list[int], target: float) -> list[int]:
    at = bisect_left(ordered, target)
    return ordered[max(0, at - 1):at + 1]


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


@lru_cache(maxsize=2)  # taking a report in reads its title, and matching splits the same text right after
def split_report(text: str) -> SegmentedReport:
    norm, index = normalize_with_map(text)
    gaps: list[tuple[int, int]] = []  # line breaks (and page furniture) inside a paragraph broken at the page width
    lines = _read_lines(text, norm, index, gaps)
    title_parts, title_lines_in_order, body_from = _front_matter(lines, text, index)
    title_lines = set(title_lines_in_order)
    # running headers repeat the title (or another title-like line) on every page of a printed report
    title_lines.add("".join(title_lines_in_order))
    body = _body(lines, body_from, title_lines, norm)

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
        if line.kind == "annex":  # an attachment starts afresh, under its own heading
            stack, previous_role = [_Entry("annex", line.label, True)], "heading"
            leaf_kinds.clear()
            continue
        if line.kind is None:
            role = "para"
            if previous_role == "item" and stack:
                after = _after_item(stack, body[i + 1:])
                if after == "continues":
                    role = "item"  # the item's further paragraphs: under its title, like its first
                elif after == "closes":
                    stack.pop()  # a conclusion of the section the list is in
                else:
                    del stack[max(0, len(stack) - 2):]  # the report's concluding paragraph
            if len(_ANY_PUNCT.sub("", line.text)) >= MIN_PARAGRAPH_CHARS:  # not "无。" (nothing to report)
                _emit_line(line, [e.label for e in stack if e.label], "", "paragraph", emit)
            previous_role = role
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
        label = line.label if heading or not _sentence_item(line) else ""
        stack = enclosing + [_Entry(line.kind, label, heading)]
        if heading:
            leaf_kinds.discard(line.kind)
            previous_role = "heading"
        else:
            leaf_kinds.add(line.kind)
            _emit_line(line, [e.label for e in enclosing if e.label], label, "item", emit)
            previous_role = "item"
    return SegmentedReport("".join(title_parts), passages)


def _sentence_item(line: _Line) -> bool:
    """An item of one long sentence ("①深入学习…，把…，推动…。"): it has no title, as when it is inline ("…。②…")."""
    return line.title_end == len(line.text) and len(line.text) - line.marker_end > TITLE_MAX_CHARS + 2


def _after_item(stack: list[_Entry], rest: list[_Line]) -> str:
    """What a paragraph right after an item is: the item's next paragraph ("continues") when the numbering
    that follows is the item's sibling or child, a conclusion of the list's section ("closes") when it is of
    a higher level, the report's conclusion ("ends") when no numbering follows."""
    nxt = next((line for line in rest if line.kind is not None), None)
    if nxt is None or nxt.kind == "annex":
        return "ends"
    if nxt.kind != "U" and len(_nest(stack, nxt.kind)) >= len(stack) - 1:
        return "continues"
    return "closes"


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
    # (start, end, title, lead) relative to the line; title None: the text before the first list, not an item
    pieces: list[tuple[int, int, str | None, str]] = []
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
            pieces.append((previous_end, series[0], None, ""))  # the text before the list: no item
        lead = _lead_sentence(text, begin, series[0])
        for a, b in zip(series, bounds[1:]):
            m = _TITLE_END.search(text, a, b)
            # "一是学法的系统性不够，二是…": a one-clause item is its own title
            title_end = m.start() if m else len(text[a:b].rstrip(" ，,")) + a
            title = text[a: title_end] if title_end - a <= TITLE_MAX_CHARS + 2 else ""
            pieces.append((a, b, title, lead))
    if not pieces:
        emit(base, line.end, " > ".join(own), kind)
        return
    # a later series cuts the previous item where it starts; the text between (its lead) stays with that item
    merged: list[tuple[int, int, str | None, str]] = []
    for a, b, title, lead in pieces:
        if merged and merged[-1][1] > a:
            merged[-1] = (merged[-1][0], a, merged[-1][2], merged[-1][3])
        merged.append((a, b, title, lead))
    first_item = True
    lead_start = 0
    for a, b, title, lead in merged:
        if title is None and first_item:
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
