"""Indicator references in a task's text ("对应指标：第8项、第12项") and their resolution against one system.

find_indicator_refs() reads only what follows an explicit label (对应指标, 指标序号, 三级指标17 …), and only
when the whole clause after the label is references: "完成指标8项" or "考核指标：达到95%" yield nothing,
since a wrong link is worse than a missing one. IndicatorIndex resolves those references, and the tokens
of a ledger's 对应指标 cell, against the indicators of one system; it reads no database itself.
"""
import re
from collections.abc import Iterable
from dataclasses import dataclass

from .indicators import numeral_value

MAX_RANGE = 30  # "8-100" is likelier a slip than 93 indicators: it is reported, not expanded

# Full-width ASCII (８，：（－．) folded one character for one, so positions in the folded text are positions
# in the text as written.
_FOLD = {c: c - 0xFEE0 for c in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}

_CN = "一二三四五六七八九十百零〇两"
_LEVEL = "一二三四五1-5"
_NUM = r"\d{1,3}"
_SIMPLE = rf"(?:第\s*)?{_NUM}(?:\s*[项条号])?"  # 8, 第8, 8项, 第8项
_NUMBER = rf"(?:第\s*[{_CN}]{{1,4}}\s*[项条号]|{_SIMPLE})"  # and 第八项
_CODE = r"(?:[0-9A-Za-z]{1,10}-)?[Ll]\d{1,2}-\d{1,4}(?:\.\d{1,4})*(?:-\d{1,3})?"  # 2021-L3-008, 2021-L3-01.02.03
_STEP = rf"[{_LEVEL}]级指标\s*:?\s*{_NUMBER}"  # 三级指标17
_LEVELS = rf"{_STEP}(?:\s*{_STEP})*"  # 一级指标2二级指标5三级指标17
_PATH = rf"{_NUM}(?:\.{_NUM}){{1,4}}"  # 3.2.1
_RANGE = rf"{_SIMPLE}\s*(?:-|–|—|~|〜|至|到)\s*{_SIMPLE}"  # 8-10, 第8至10项
_ITEM = rf"(?:{_CODE}|{_LEVELS}|{_PATH}|{_RANGE}|{_NUMBER})"
_SEP = r"(?:\s*(?:[、,;/]|以及|及|和|与)\s*|\s+)"
_END = r"\s*(?:$|[)\]】」』。;,\n]|\.(?!\d))"

_QUALIFIER = "(?:示范|评估|考核|创建)?"
_SUFFIX = "(?:序号|编号|编码|代码)?"
# 对应指标 anywhere; a bare 指标 / 三级指标 only at the start of a clause (so not 完成指标8项).
_LABEL = (
    rf"(?:(?:对应|涉及|关联|承接)的?{_QUALIFIER}|(?<![^\s(\[【:;,、。])(?:示范)?)"
    rf"(?:指标{_SUFFIX}|(?=[{_LEVEL}]级指标))"
)
_CLAUSE = re.compile(rf"{_LABEL}\s*(?::|为|是)?\s*(?P<list>{_ITEM}(?:{_SEP}{_ITEM})*)(?:\s*等)?(?={_END})")
_ITEM_RE = re.compile(_ITEM)
_SEP_RE = re.compile(_SEP)
_KINDS = [(kind, re.compile(pattern)) for kind, pattern in
          (("code", _CODE), ("levels", _LEVELS), ("path", _PATH), ("range", _RANGE), ("number", _NUMBER))]
_STEP_RE = re.compile(rf"([{_LEVEL}])级指标\s*:?\s*({_NUMBER})")
_RANGE_RE = re.compile(rf"({_SIMPLE})\s*(?:-|–|—|~|〜|至|到)\s*({_SIMPLE})")


@dataclass(frozen=True)
class IndicatorRef:
    written: str  # as in the text: "第8项", "2021-L3-008", "3.2.1", "三级指标17", "8至10"
    kind: str  # "code", "number" (a leaf's number), "path", "levels", or "unknown" (a range too wide)
    value: str = ""  # "2021-L3-008", "8", "3.2.1"
    levels: tuple[tuple[int, int], ...] = ()  # 一级指标2二级指标5三级指标17 → ((1, 2), (2, 5), (3, 17))
    in_range: bool = False  # one number of a range such as 8至10

    @property
    def display(self) -> str:
        """How a message quotes it: “第108项”, or “8至10”中的 10 for one number of a range."""
        return f"“{self.written}”中的 {self.value}" if self.in_range else f"“{self.written}”"


def _fold(text: str) -> str:
    return text.translate(_FOLD)


def _numeral(text: str) -> int | None:
    return numeral_value(re.sub(r"[第项条号\s]", "", text))


def find_indicator_refs(text: str) -> list[IndicatorRef]:
    """Every indicator reference written after an explicit label, in order, each once."""
    folded = _fold(text or "")
    out: list[IndicatorRef] = []
    for clause in _CLAUSE.finditer(folded):
        pos, end = clause.span("list")
        while pos < end:  # item, separator, item …: the list the clause matched
            item = _ITEM_RE.match(folded, pos, end)
            if item is None:
                break
            for ref in _item_refs(item.group(), text[item.start():item.end()]):
                if all(_key(ref) != _key(r) for r in out):
                    out.append(ref)
            sep = _SEP_RE.match(folded, item.end(), end)
            pos = sep.end() if sep else end
    return out


def parse_indicator_ref(token: str) -> IndicatorRef | None:
    """One reference standing alone (a token of a ledger cell): 2021-L3-008, 8, 第8项, 3.2.1, 三级指标17."""
    token = (token or "").strip()
    refs = _item_refs(_fold(token), token) if _ITEM_RE.fullmatch(_fold(token)) else []
    return refs[0] if len(refs) == 1 else None


def _key(ref: IndicatorRef) -> tuple:
    return ref.kind, ref.value.upper(), ref.levels, ref.written if ref.kind == "unknown" else ""


def _item_refs(folded: str, written: str) -> list[IndicatorRef]:
    written = written.strip()
    kind = next(k for k, pattern in _KINDS if pattern.fullmatch(folded))
    if kind == "code":
        return [IndicatorRef(written, "code", folded.upper())]
    if kind == "path":
        return [IndicatorRef(written, "path", folded)]
    if kind == "number":
        value = _numeral(folded)
        return [IndicatorRef(written, "number", str(value))] if value else [IndicatorRef(written, "unknown")]
    if kind == "range":
        low, high = (_numeral(g) for g in _RANGE_RE.fullmatch(folded).groups())
        if low is None or high is None or not 0 < low < high <= low + MAX_RANGE:
            return [IndicatorRef(written, "unknown")]
        return [IndicatorRef(written, "number", str(n), in_range=True) for n in range(low, high + 1)]
    # Levels: a new group starts where the level does not go deeper ("三级指标17三级指标18").
    groups: list[list[tuple[int, int, int, int]]] = []
    for step in _STEP_RE.finditer(folded):
        level, number = _numeral(step.group(1)), _numeral(step.group(2))
        if not groups or level <= groups[-1][-1][0]:
            groups.append([])
        groups[-1].append((level, number, step.start(), step.end()))
    return [
        IndicatorRef(written[g[0][2]:g[-1][3]].strip(), "levels", levels=tuple((lv, n) for lv, n, _, _ in g))
        for g in groups
    ]


# ---------------------------------------------------------------- resolution


def _item_value(item) -> int | None:
    """An indicator's printed number as a value: "一" → 1, "(8)" → 8, "1.1" → None."""
    return _numeral(_fold(item.number).strip("().、 "))


class IndicatorIndex:
    """The indicators of one system, for looking references up. Give them in the system's order."""

    def __init__(self, indicators: Iterable):
        self.items = list(indicators)
        self.deepest = max((i.level for i in self.items), default=0)
        self.by_code = {i.code.upper(): i for i in self.items}
        self.by_pk = {i.pk: i for i in self.items}
        self.leaf_numbers: dict[str, list] = {}  # the number as stored: what the ledger always matched
        self.leaf_values: dict[int, list] = {}  # its value, so 8 finds a leaf stored as "(8)" or "八"
        self.children: dict[int | None, list] = {}
        for item in self.items:
            if item.level == self.deepest:
                self.leaf_numbers.setdefault(item.number, []).append(item)
                value = _item_value(item)
                if value is not None:
                    self.leaf_values.setdefault(value, []).append(item)
            self.children.setdefault(item.parent_id, []).append(item)
        for siblings in self.children.values():
            siblings.sort(key=lambda i: i.position)

    def resolve(self, ref: "IndicatorRef | str") -> list:
        """The indicators a reference names: one when found, several when it is ambiguous, none when not found.

        A string is a ledger token: its code, then a leaf's number as stored (as the ledger always did), then
        the forms find_indicator_refs knows (第8项, 3.2.1, 三级指标17).
        """
        if isinstance(ref, str):
            token = ref.strip()
            if token.upper() in self.by_code:
                return [self.by_code[token.upper()]]
            if token.rstrip(".") in self.leaf_numbers:
                return list(self.leaf_numbers[token.rstrip(".")])
            parsed = parse_indicator_ref(token)
            return self.resolve(parsed) if parsed else []
        if ref.kind == "code":
            return [self.by_code[ref.value]] if ref.value in self.by_code else []
        if ref.kind == "number":
            found = {id(i) for i in self.leaf_numbers.get(ref.value, []) + self.leaf_values.get(int(ref.value), [])}
            return [i for i in self.items if id(i) in found]  # each once, in the system's order
        if ref.kind == "path":
            if ref.value in self.leaf_numbers:  # a system numbering its leaves 1.1.1, 1.1.2 …
                return list(self.leaf_numbers[ref.value])
            return self._path(tuple(int(n) for n in ref.value.split(".")))
        if ref.kind == "levels":
            return self._levels(dict(ref.levels))
        return []

    def _path(self, path: tuple[int, ...]) -> list:
        """3.2.1 read two ways: by the numbers printed (systems numbering under each parent) and by place
        (the 2nd 二级 of the 3rd 一级, for systems numbering through). Two different answers: ambiguous."""
        by_number = by_place = None
        siblings = self.children.get(None, [])
        for n in path:
            hits = [i for i in siblings if _item_value(i) == n]
            by_number = hits[0] if len(hits) == 1 else None
            if by_number is None:
                break
            siblings = self.children.get(by_number.pk, [])
        siblings = self.children.get(None, [])
        for n in path:
            by_place = siblings[n - 1] if 0 < n <= len(siblings) else None
            if by_place is None:
                break
            siblings = self.children.get(by_place.pk, [])
        found = [i for i in (by_number, by_place) if i is not None]
        return found[:1] if len(found) == 2 and found[0] is found[1] else found

    def _levels(self, levels: dict[int, int]) -> list:
        """一级指标2二级指标5三级指标17: the item of the deepest level named, whose ancestors carry the other numbers."""
        level = max(levels)
        out = []
        for item in self.items:
            if item.level != level or _item_value(item) != levels[level]:
                continue
            parent, ok = self.by_pk.get(item.parent_id), True
            while parent is not None and ok:
                ok = parent.level not in levels or _item_value(parent) == levels[parent.level]
                parent = self.by_pk.get(parent.parent_id)
            if ok:
                out.append(item)
        return out
