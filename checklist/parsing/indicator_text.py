"""Indicator systems in text as published (txt, docx, pdf): numbered lines grouped into blocks, then nested.

A text holding a tab-separated table is handed to indicator_tables.py; the data classes, labels and shared
helpers live in indicators.py.
"""
from __future__ import annotations

import re
from dataclasses import dataclass, field

from .indicator_tables import _is_header, _parse_tab_table
from .indicators import (
    _DEBRIS, _FIELD, _FIELD_ATTR, _HEADINGS, _NOTE, _NOTE_LABEL, _RANK, ParsedSystem, _finish, _header_words,
    _heading_like, _join, _read_front, _stated_counts, _strip_weight, _without_colophon, _ws, numeral_value,
    split_number,
)
from .text import normalize


# ---------------------------------------------------------------- text as published

@dataclass
class _Block:
    """A numbered line with the plain lines that follow it."""
    style: str
    number: str
    first: str
    body: list[str] = field(default_factory=list)
    fields: dict[str, list[str]] = field(default_factory=dict)


# A numbered line in a 评分标准 paragraph that is a scoring rule (扣2分, 不得分), not an indicator.
_SCORING = re.compile(r"[扣减加得]\s*\d+(?:\.\d+)?\s*分|不得分|不扣分|满分")


@dataclass
class _Lines:
    """Lines grouped as read: front matter, numbered blocks, notes; where plain lines go now (sink), and the last
    number of a list inside a labelled paragraph or the notes (None: no list open there)."""
    front: list[str] = field(default_factory=list)
    blocks: list[_Block] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    sink: list[str] | None = None
    kind: str = "front"  # front, body, field or note: what the sink belongs to
    listed: int | None = None

    def open_list(self, kind: str, sink: list[str], rest: str) -> None:
        """After a 评分标准: / 说明 label a list may follow: when the label ends its line or starts one ("1.…")."""
        self.kind, self.sink = kind, sink
        style, number, _ = split_number(rest)
        self.listed = numeral_value(number) if style else (0 if not rest or rest[-1] in ":：" else None)

    def in_list(self, style: str, number: str, rest: str) -> bool:
        """Does a numbered line go on the list of the open paragraph or note? A heading never does. An item does
        when its number follows (1 after the label, then 2, …) and the list is not closed (its last line ends in
        ；), or is a scoring rule (扣1分) of a 评分标准 paragraph; a scoring rule numbered 1 may also start a list."""
        n = numeral_value(number)
        if self.kind not in ("field", "note") or style in ("part", "cn", "cn_paren") or "." in number or n is None:
            return False
        last = self.sink[-1] if self.sink and self.sink[-1] else ""
        scoring = self.kind == "field" and bool(_SCORING.search(rest))
        follows = n == (self.listed if self.listed is not None else 0 if scoring else -1) + 1
        if not (follows and (scoring or self.kind == "note" or not last or last[-1] in ":：；;")):
            return False
        self.listed = n
        return True


def _blocks(lines: list[str]) -> tuple[list[str], list[_Block], list[str]]:
    """Group lines: front matter, numbered blocks (with their continuation lines and labelled fields), notes."""
    doc = _Lines()
    doc.sink = doc.front
    tops = _outline_tops(lines)
    for i, line in enumerate(lines):
        if not line or _DEBRIS.match(line):
            continue
        style, number, rest = ("arabic", *tops[i]) if i in tops else split_number(line)
        if style and doc.in_list(style, number, rest):
            doc.sink.append(line)
        elif style:
            doc.blocks.append(_Block(style, number, rest))
            doc.sink, doc.kind, doc.listed = doc.blocks[-1].body, "body", None
        else:
            _plain_line(doc, line)
    return doc.front, doc.blocks, doc.notes


_BARE_NUMBER = re.compile(r"^(\d{1,2})\s+(\S.*)$")


def _outline_tops(lines: list[str]) -> dict[int, tuple[str, str]]:
    """Line index → (number, text) of the top lines of an outline (1 测试… over 1.1 测试…): a number followed by a
    space only is no indicator number by itself (a wrapped "30 日内…"), but it is when the next numbered line
    is the first of its outline numbers."""
    tops, last = {}, None
    for i, line in enumerate(lines):
        match = _BARE_NUMBER.match(line or "")
        style, number, _ = split_number(line or "")
        if match and not style:
            last = (i, match)
        elif style:
            if last and number == f"{last[1].group(1)}.1":
                tops[last[0]] = (last[1].group(1), last[1].group(2).strip())
            last = None
    return tops


def _plain_line(doc: _Lines, line: str) -> None:
    field_match = _FIELD.match(line) if doc.blocks else None
    if field_match:
        attr = _FIELD_ATTR.get(field_match.group(1), "assessment_method")
        doc.open_list("field", doc.blocks[-1].fields.setdefault(attr, []), field_match.group(2) or "")
        doc.sink.append(field_match.group(2) or "")
    elif doc.blocks and _NOTE.match(line):
        doc.open_list("note", doc.notes, _NOTE_LABEL.sub("", line))
        doc.notes.append(line)
    elif not _header_words(line):  # flattened table headers and empty cells are no text
        doc.sink.append(line)


def _two_tier(blocks: list[_Block]) -> bool:
    """Does the document number headings and items in two separate arabic sequences (national 2021 style)?

    Decided by which reading gives fewer numbering breaks: one sequence per section (provincial), or
    headings and items counted apart (二级 1, 2, … and 三级 1, 2, … continuing across the document).
    """
    arabic = [b for b in blocks if b.style in ("arabic", "part", "cn", "cn_paren")]
    heads = {id(b) for b in arabic if b.style == "arabic" and _heading_like(_strip_weight(_join([b.first, *b.body]))[0])}
    if not heads or all(id(b) in heads for b in arabic if b.style == "arabic"):
        return False

    def breaks(split: bool) -> int:
        count, last, reset = 0, {}, {"head": True, "item": True}
        for b in arabic:
            if b.style != "arabic":
                reset = {"head": True, "item": True}  # a higher heading may restart numbering
                continue
            kind = "head" if split and id(b) in heads else "item"
            n = numeral_value(b.number)
            if not (n == last.get(kind, 0) + 1 or (n == 1 and reset[kind])):
                count += 1
            last[kind], reset[kind] = n, False
            if kind == "head":
                reset["item"] = True
        return count

    return breaks(True) < breaks(False)


def parse_indicator_text(text: str) -> ParsedSystem:
    text = normalize(text)
    raw = _without_colophon(text.split("\n"))
    for h, line in enumerate(raw):
        if "\t" in line and _is_header(line.split("\t")):
            return _parse_tab_table(raw, h)
    front, blocks, notes = _blocks([_ws(line) for line in raw])
    system = ParsedSystem()
    _read_front(system, front)
    system.expected_counts = _stated_counts(text)
    dropped = [b.number for b in blocks if not b.first and not b.body]
    blocks = [b for b in blocks if b.first or b.body]
    two_tier = _two_tier(blocks)
    stack: list[tuple[int, int]] = []  # (rank, index) of the open headings above the current line
    for b in blocks:
        style = b.style
        if style in ("part", "cn", "cn_paren"):
            content = b.first or b.body.pop(0)  # heading text; plain lines under it are its description
            description = _join(b.body)
        else:
            content, description = _join([b.first, *b.body]), ""
            if style == "arabic" and two_tier and _heading_like(_strip_weight(content)[0]):
                style = "arabic_head"
        while stack and stack[-1][0] >= _RANK[style]:
            stack.pop()
        name, score = _strip_weight(content)
        if style not in _HEADINGS and not _heading_like(name):
            name = ""  # a requirement sentence: its wording lives in text only
        extra = {attr: _join(lines) for attr, lines in b.fields.items()}
        extra["description"] = _join([description, extra.get("description", "")])
        idx = system.add(len(stack) + 1, b.number, name, content, stack[-1][1] if stack else None, score=score, **extra)
        stack.append((_RANK[style], idx))
    notes = [*notes, *(f"编号“{n}”后没有指标正文，未载入" for n in dropped)]
    return _finish(system, notes)
