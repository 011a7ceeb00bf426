"""Read an indicator system (指标体系) from the file a user holds: reference JSON, xlsx, text, docx or pdf.

Pure Python, no Django: the importer turns a ParsedSystem into rows. Nothing here invents or rewrites
wording. Names and texts come from the file with only whitespace normalised, and whatever the file
lacks shows up in completeness() and notes. That is how the product shows honestly how complete a
loaded system is.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .text import compact, normalize, squeeze_cjk_spaces

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100}
_CN_NUM = "".join(_CN_DIGITS) + "".join(_CN_UNITS)
_CIRCLED = "".join(chr(c) for c in range(0x2460, 0x2474))  # ①..⑳


class IndicatorParseError(ValueError):
    """The file cannot be read as an indicator system; the message is shown to the user as is."""


@dataclass
class ParsedIndicator:
    level: int
    number: str
    name: str
    text: str
    parent: int | None
    code: str = ""
    score: Decimal | None = None
    assessment_method: str = ""
    expected_materials: str = ""
    description: str = ""
    source: str = ""


@dataclass
class ParsedSystem:
    name: str = ""
    version: str = ""
    issuer: str = ""
    sources: list[str] = field(default_factory=list)
    preamble: str = ""
    expected_counts: dict[int, int] = field(default_factory=dict)
    notes: str = ""
    indicators: list[ParsedIndicator] = field(default_factory=list)

    def add(self, level: int, number: str, name: str, text: str, parent: int | None, **extra) -> int:
        self.indicators.append(ParsedIndicator(level, number, name, text, parent, **extra))
        return len(self.indicators) - 1

    def completeness(self) -> dict:
        loaded = Counter(ind.level for ind in self.indicators)
        levels = [
            {"level": lvl, "label": level_label(lvl), "loaded": loaded.get(lvl, 0), "expected": self.expected_counts.get(lvl)}
            for lvl in sorted(set(loaded) | set(self.expected_counts))
        ]
        # Unknown expectations count as incomplete: we cannot claim a file is whole without knowing its size;
        # more items than stated is no proof either (something that is no indicator may have been read as one).
        complete = bool(levels) and all(l["expected"] is not None and l["loaded"] == l["expected"] for l in levels)
        return {"levels": levels, "complete": complete}

    def to_dict(self) -> dict:
        codes = [ind.code for ind in self.indicators]
        return {
            "system": {"name": self.name, "version": self.version, "issuer": self.issuer, "sources": list(self.sources),
                       "expected_counts": dict(self.expected_counts), "preamble": self.preamble, "notes": self.notes},
            "indicators": [
                {"code": ind.code, "level": ind.level, "number": ind.number, "name": ind.name, "text": ind.text,
                 "score": str(ind.score) if ind.score is not None else None,
                 "parent": codes[ind.parent] if ind.parent is not None else None,
                 "description": ind.description, "assessment_method": ind.assessment_method,
                 "expected_materials": ind.expected_materials, "source": ind.source}
                for ind in self.indicators
            ],
            "completeness": self.completeness(),
        }


# ---------------------------------------------------------------- small helpers

def level_label(level: int) -> str:
    return f"{'一二三四五六七八九十'[level - 1]}级指标" if 1 <= level <= 10 else f"{level}级指标"


def numeral_value(number: str) -> int | None:
    """'27' → 27, '二十七' → 27, '①' → 1; None when it is not a numeral."""
    if not number:
        return None
    if number.isdecimal():
        return int(number)
    if len(number) == 1 and number in _CIRCLED:
        return int(unicodedata.numeric(number))
    total = digit = 0
    for ch in number:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total, digit = total + (digit or 1) * _CN_UNITS[ch], 0  # 十一: a bare 十 means 一十
        else:
            return None
    return total + digit


def _ws(text) -> str:
    """Whitespace only: runs collapse to one space, spaces between CJK characters (PDF debris) go."""
    return squeeze_cjk_spaces(re.sub(r"\s+", " ", str(text or ""))).strip()


_CJKISH = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’]")


def _join(parts) -> str:
    """Join wrapped lines: Chinese lines are glued without a space, Latin words keep one."""
    out = ""
    for part in filter(None, parts):
        glue = "" if not out or _CJKISH.match(out[-1]) or _CJKISH.match(part[0]) else " "
        out += glue + part
    return out


def _decimal(value) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return Decimal(int(value)) if float(value).is_integer() else Decimal(str(value))
    match = re.search(r"\d+(?:\.\d+)?", str(value))
    try:
        return Decimal(match.group()) if match else None
    except InvalidOperation:
        return None


# A weight printed at the end of a heading: (占总分值的15%) / (占总分值15%) / (15分) / (分值：15分).
_WEIGHT = re.compile(r"\s*\(\s*(?:占总分值的?|占总分的?|占|权重|分值|满分|共)?\s*[:：]?\s*(\d+(?:\.\d+)?)\s*(?:%|分)\s*\)\s*$")


def _strip_weight(text: str) -> tuple[str, Decimal | None]:
    match = _WEIGHT.search(text)
    return (text[:match.start()].strip(), Decimal(match.group(1))) if match else (text, None)


def _heading_like(text: str) -> bool:
    """Short and without sentence punctuation: a heading such as 加大简政放权力度, not a requirement."""
    return 0 < len(text) <= 30 and not re.search(r"[。；;，,：:！？!?]", text)


def _guess_version(text: str) -> str:
    match = re.search(r"(\d{4})\s*年版", text or "") or re.search(r"(\d{4})\s*年", text or "")
    return match.group(1) if match else ""


# ---------------------------------------------------------------- numbering styles

_SEP = r"\s*[、.．]"
# (style, pattern) in the order they must be tried: bracketed numbers before bare ones.
_NUMBERED = [
    ("cn_paren", re.compile(rf"^\(([{_CN_NUM}]+)\)(?:{_SEP})?\s*(.*)$")),
    ("arabic_paren", re.compile(rf"^\((\d{{1,3}})\)(?:{_SEP})?\s*(.*)$")),
    ("circled", re.compile(rf"^([{_CIRCLED}])\s*(.*)$")),
    ("cn", re.compile(rf"^([{_CN_NUM}]+){_SEP}\s*(.*)$")),
    ("arabic", re.compile(r"^(\d{1,3})(?:\s*[、．]|\s*\.(?!\d)|$)\s*(.*)$")),  # "1." "1、" or a bare "1"; not "1.5%"
]
# Nesting order of the styles. arabic_head is an arabic number used for a heading (national 二级 1.加大简政放权力度)
# when the document numbers its headings and its items in two separate arabic sequences.
_RANK = {"cn": 1, "cn_paren": 2, "arabic_head": 3, "arabic": 4, "arabic_paren": 5, "circled": 6}
_HEADINGS = {"cn", "cn_paren", "arabic_head"}


def split_number(cell: str) -> tuple[str, str, str]:
    """'一、政府职能依法全面履行' → ('cn', '一', '政府职能依法全面履行'); no number → ('', '', cell)."""
    for style, pattern in _NUMBERED:
        match = pattern.match(cell)
        if match:
            return style, match.group(1), match.group(2).strip()
    return "", "", cell


# Column headings of a table and labels of a paragraph under an indicator, the same words in both.
_METHOD_LABELS = ("评估方法", "评分标准", "评分方法", "评分细则", "评分办法", "考核方式", "考核方法", "考核标准", "考核要点",
                  "评测方式", "测评方法", "测评方式", "测评要点", "测评标准", "评价标准", "评估标准", "考评方法")
_MATERIAL_LABELS = ("佐证材料", "印证材料", "证明材料", "佐证资料", "台账资料", "备查资料")
_COLUMNS = {
    "l1": ("一级指标",), "l2": ("二级指标",), "l3": ("三级指标",), "number": ("序号", "编号"),
    "score": ("分值", "分数", "标准分", "权重", "赋分"), "method": _METHOD_LABELS, "materials": _MATERIAL_LABELS,
    "content": ("指标内容", "测评内容", "考核内容", "评价内容", "评估内容", "具体内容"),
}
_LEVEL_KEYS = {"l1": 1, "l2": 2, "l3": 3}
_HEADER_WORDS = {label for labels in _COLUMNS.values() for label in labels} | {"四级指标", "指标内容", "指标名称", "备注"}
_FIELD = re.compile(rf"^(基本要求|{'|'.join(_METHOD_LABELS + _MATERIAL_LABELS)})\s*(?:[:：]\s*(.*))?$")
# every other label is an assessment method
_FIELD_ATTR = {"基本要求": "description", **{label: "expected_materials" for label in _MATERIAL_LABELS}}
_NOTE_LABEL = re.compile(r"^(?:注|说明|备注|附注)\s*\d*\s*[:：]?\s*")
_NOTE = re.compile(r"^(注|说明|备注|附注)\s*(?:[:：]|\d|$)")  # also a bare 说明 heading the notes at the end
_COUNT = re.compile(rf"(\d+|[{_CN_NUM}]+)\s*个\s*([一二三四五])级指标")


# ---------------------------------------------------------------- title block and the lines that are no indicators

# A 文号 such as 测政办发〔2023〕18号 (normalize turns 〔〕 into []), an issue date, an 附件 line.
_DOC_NUMBER = re.compile(r"^[^\s。，,]{1,12}\[\s*(\d{4})\s*\]\s*\d+\s*号$")  # a line of its own, not a citation
_DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_ATTACHMENT = re.compile(r"^附\s*件\s*\d*(?:\s*[:：]|\s+|$)\s*")
# A title: ends with 指标体系 / 指标 / 细则 (and a bracket such as (2021年版)), or names one in 《》 (关于印发《…》的通知).
_TITLE = re.compile(r"(指标体系|指标|细则)(\([^)]*\))?$")
_QUOTED_TITLE = re.compile(r"《([^》]*(?:指标|细则)[^》]*)》")
# The 版记 that ends an official document: 抄送 list, "XX办公厅 2023年6月2日印发".
_COPIED_TO = re.compile(r"^(抄送|抄报)\s*[:：]")
_PRINTED = re.compile(r"^[^\s，。、；：,;:]{0,30}\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发$")
# Page furniture: 续表, page numbers (— 3 —, 第3页 共9页), the unit line over a table (单位：分).
_DEBRIS = re.compile(r"^(\(?续表\d*\)?|续上表|[-—－–]+\s*\d+\s*[-—－–]+|第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?"
                     r"|单位\s*[:：]\s*\S{1,4})$")
_TOTAL = re.compile(r"^(合计|总计|总分|小计|共计)")  # a table's sum row


def _without_colophon(lines: list[str]) -> list[str]:
    """The lines before the 版记: its 抄送 line, or a "…印发" line that is the last of the document (a wrapped line of
    text may end in 印发 too)."""
    text = [i for i, line in enumerate(lines) if line.strip()]
    end = max((i for i in text if _COPIED_TO.match(_ws(lines[i]))), default=len(lines))
    if end == len(lines) and text and _PRINTED.match(_ws(lines[text[-1]])):
        end = text[-1]
    return lines[:end]


def _header_words(line: str) -> bool:
    return all(word in _HEADER_WORDS for word in line.split())


def _title(line: str) -> str:
    """The system's name if the line is a title: 关于印发《…》的通知 names it in 《》."""
    quoted = _QUOTED_TITLE.search(line)
    if quoted and "印发" in line:
        return quoted.group(1)
    line = re.sub(r"[《》]", "", line)
    if len(line) > 60 or re.search(r"[。，,；;：:]", line) or _COUNT.search(line):
        return ""  # a sentence, or "共9个一级指标…" said without a full stop
    return line if "指标体系" in line or _TITLE.search(line) else ""


def _read_front(system: ParsedSystem, lines: list[str]) -> None:
    """Lines before the first indicator: the title and the preamble under it. Above the title there may be a
    cover notice (发文机关, 文号, 关于印发《…》的通知, date, 附件): it gives the issuer and the year, not preamble."""
    lines = [_ATTACHMENT.sub("", line) if _ATTACHMENT.match(line) else line for line in lines]
    lines = [line for line in lines if line and not _header_words(line) and not _DEBRIS.match(line)]
    _read_issuer(system, lines)
    year = _doc_year(lines)
    titles = [i for i, line in enumerate(lines) if _title(line)]
    if titles:  # the last one: a notice names the system before the attachment's own title
        system.name = _title(lines[titles[-1]])
        lines = lines[titles[-1] + 1:]
        if lines and re.fullmatch(r"\(?\d{4}年版?\)?", lines[0]):
            system.name += lines.pop(0)  # "(2021年版)" printed on its own line under the title
    system.preamble = "\n".join(line for line in lines if not _cover_line(line))
    system.version = system.version or _guess_version(system.name) or year


def _cover_line(line: str) -> bool:
    return bool(_DOC_NUMBER.match(line) or _DATE_LINE.match(line))


def _read_issuer(system: ParsedSystem, lines: list[str]) -> None:
    """The issuer of a notice is the line over its 文号 (测试省人民政府办公厅, or …办公厅文件)."""
    for i, line in enumerate(lines[1:], 1):
        issuer = lines[i - 1]
        if _DOC_NUMBER.match(line) and len(issuer) <= 30 and not re.search(r"[。，,：:\d]", issuer):
            system.issuer = system.issuer or re.sub(r"文件$", "", issuer)
            return


def _doc_year(lines: list[str]) -> str:
    match = next(filter(None, map(_DOC_NUMBER.match, lines)), None)
    return match.group(1) if match else ""


# ---------------------------------------------------------------- codes

def assign_codes(system: ParsedSystem) -> None:
    """Codes follow the printed numbers so a re-import of the same (or a fuller) document keeps them."""
    prefix = f"{system.version}-" if system.version else ""
    inds = system.indicators
    values = [numeral_value(ind.number) for ind in inds]
    position, siblings = [], Counter()
    for ind in inds:  # fallback for unnumbered items: position within the parent
        siblings[ind.parent] += 1
        position.append(siblings[ind.parent])
    by_level = defaultdict(list)
    for i, ind in enumerate(inds):
        by_level[ind.level].append(i)
    seen = set()
    for level, idxs in sorted(by_level.items()):
        nums = [values[i] for i in idxs]
        # National numbering runs through the whole system (三级 1..100): the number alone identifies the item.
        global_numbers = None not in nums and len(set(nums)) == len(nums)
        for i in idxs:
            if global_numbers:
                code = f"{prefix}L{level}-{values[i]:03d}"
            else:  # numbering restarts under each parent, as in provincial systems: use the path
                path, j = [], i
                while j is not None:
                    path.append(values[j] or position[j])
                    j = inds[j].parent
                code = f"{prefix}L{level}-" + ".".join(f"{n:02d}" for n in reversed(path))
            base, k = code, 1
            while code in seen:  # a duplicated number in a messy file must not break uniqueness
                k += 1
                code = f"{base}-{k}"
            seen.add(code)
            inds[i].code = code


def _gap_notes(system: ParsedSystem) -> list[str]:
    """Report holes in numbering that runs through a level (e.g. 三级 1..100): missing items, said plainly."""
    notes = []
    for level in sorted({ind.level for ind in system.indicators}):
        nums = [numeral_value(ind.number) for ind in system.indicators if ind.level == level]
        if None in nums or len(set(nums)) != len(nums):
            continue
        missing = sorted(set(range(1, max(nums) + 1)) - set(nums))
        if missing:
            notes.append(f"{level_label(level)}编号不连续，文件中缺少：{_ranges(missing)}")
    return notes


def _ranges(numbers: list[int]) -> str:
    runs = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return "、".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def _finish(system: ParsedSystem, notes: list[str]) -> ParsedSystem:
    if not system.indicators:
        raise IndicatorParseError("未找到任何指标：请确认文件为指标体系原文（一、… / 1.… 编号格式）")
    system.notes = "\n".join(filter(None, [system.notes, *notes, *_gap_notes(system), *_surplus_notes(system)]))
    assign_codes(system)
    return system


def _surplus_notes(system: ParsedSystem) -> list[str]:
    loaded = Counter(ind.level for ind in system.indicators)
    return [f"{level_label(lvl)}载入 {loaded[lvl]} 条，多于文件所称 {n} 条，请核对"
            for lvl, n in sorted(system.expected_counts.items()) if loaded[lvl] > n]


# ---------------------------------------------------------------- JSON (reference data)

def parse_indicator_json(data: dict) -> ParsedSystem:
    """The shape of fixtures/indicators-2021.json; unplaced_candidates are reported, never loaded."""
    if not isinstance(data, dict) or not isinstance(data.get("level1"), list):
        raise IndicatorParseError("JSON 格式不符：需要 title 和 level1[].level2[].level3[] 结构")
    title = _ws(data.get("title") or data.get("name"))
    system = ParsedSystem(
        name=title, version=str(data.get("version") or "") or _guess_version(title), issuer=_ws(data.get("issuer")),
        sources=[str(s) for s in data.get("sources") or []], preamble=_ws(data.get("preamble")),
        expected_counts={int(k): int(v) for k, v in (data.get("expected_counts") or {}).items()},
    )
    notes = [_ws(data.get("completeness")), *(_ws(g) for g in data.get("gaps") or [])]
    unplaced = data.get("unplaced_candidates") or []
    if unplaced:
        numbers = "、".join(str(c.get("number", "?")) for c in unplaced)
        notes.append(f"未载入 {len(unplaced)} 条位置未核实的候选指标（编号 {numbers}），需以正式文本核对")
    _json_items(system, data["level1"], 1, None, notes)
    return _finish(system, notes)


def _json_items(system: ParsedSystem, items: list, level: int, parent: int | None, notes: list[str]) -> None:
    for item in items:
        number = str(item.get("number") or "")
        if not number and numeral_value(str(item.get("code") or "")) is not None:
            number = str(item["code"])  # level1 prints its numeral under "code" ("一")
        name, text = _ws(item.get("name")), _ws(item.get("text"))
        if not (name or text):
            notes.append(f"{level_label(level)} {number} 没有文本，未载入")
            continue
        if item.get("complete") is False:
            notes.append(f"{level_label(level)} {number} 文本不完整")
        idx = system.add(level, number, name, text or name, parent, score=_decimal(item.get("score")),
                         source=_ws(item.get("source")), description=_ws(item.get("description")),
                         assessment_method=_ws(item.get("assessment_method")),
                         expected_materials=_ws(item.get("expected_materials")))
        _json_items(system, item.get(f"level{level + 1}") or [], level + 1, idx, notes)


# ---------------------------------------------------------------- tables (xlsx, tab-separated text)

def _header_map(cells: list[str]) -> dict[str, int]:
    found = {}
    for col, cell in enumerate(cells):
        key = compact(cell or "")
        for name, labels in _COLUMNS.items():
            if name not in found and any(key.startswith(label) for label in labels):
                found[name] = col
                break
    return found


def _is_header(cells: list[str]) -> bool:
    cols = _header_map(cells)
    return len(cols) >= 2 and any(key in cols for key in _LEVEL_KEYS)


def _only_labels(cells: list[str]) -> bool:
    """A header row of its own: every filled cell a column label (the second row of a two-row header)."""
    filled = [compact(c) for c in cells if c and c.strip()]
    return bool(filled) and all(c in _HEADER_WORDS or _header_map([c]) and len(c) <= 12 for c in filled)


def _complete_columns(cols: dict[str, int], cells: list[str]) -> None:
    """Labels from the other row of a header printed over two rows (分值 / 评分标准 beside a merged 指标 label)."""
    for key, col in _header_map(cells).items():
        if key not in cols and col not in cols.values():
            cols[key] = col


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 序号 typed as a number
    return _join(_ws(line) for line in normalize(str(value)).split("\n"))


# Several leaf items in one cell, each numbered ("1.…。2.…。3.…"): an item starts the cell or follows a
# sentence end or a line break; any number token counts when checking they run on (1, 2, 3).
_ITEM_START = re.compile(r"(?:^|(?<=[。；;！？!?\s]))(\d{1,3})\s*[.．、](?!\d)")
_NUMBER_TOKEN = re.compile(r"(?<![\d.．])(\d{1,3})\s*[.．、](?!\d)")


def _cell_items(text: str) -> list[tuple[str, str]]:
    """[(number, text)] of a leaf cell. Numbers split the cell only when the cell starts with one and every
    number in it continues the run (a list inside one requirement, "第1、2项" or "1.5%" keep the cell whole)."""
    starts = list(_ITEM_START.finditer(text))
    tokens = [int(m.group(1)) for m in _NUMBER_TOKEN.finditer(text)]
    run = list(range(tokens[0], tokens[0] + len(tokens))) if tokens else []
    if len(starts) < 2 or starts[0].start() != 0 or [int(m.group(1)) for m in starts] != tokens or tokens != run:
        _, number, rest = split_number(text)
        return [(number, rest if number else text)]
    ends = [m.start() for m in starts[1:]] + [len(text)]
    return [(m.group(1), text[m.end():end].strip()) for m, end in zip(starts, ends)]


class _TableReader:
    """Table rows to indicators: one leaf per row (or per numbered item of its leaf cell). A blank or repeated
    (merged) cell of an upper level means "same as above". Headings merged over the whole row, sum rows
    (合计), repeated headers and notes are recognised; a row a page end cut from its text is put back."""

    def __init__(self, system: ParsedSystem, cols: dict[str, int], header_rows: list[list[str]]):
        self.system, self.cols = system, cols
        self.header_keys = {_row_key(cells) for cells in header_rows}  # a header repeated on every page
        self.levels = sorted(_LEVEL_KEYS[k] for k in cols if k in _LEVEL_KEYS)
        if "content" in cols and self.levels[-1] < 3:  # 测评内容 under 一级/二级 columns: the items of the level below
            self.levels.append(self.levels[-1] + 1)
            cols[f"l{self.levels[-1]}"] = cols.pop("content")
        gap = [lvl for lvl in range(self.levels[0], self.levels[-1]) if lvl not in self.levels]
        if gap:
            raise IndicatorParseError("缺少列：" + "、".join(level_label(lvl) for lvl in gap))
        self.top, self.leaf = self.levels[0], self.levels[-1]
        self.current: dict[int, int] = {}  # level → index of the indicator open at that level
        self.seen: dict[int, str] = {}  # level → the cell text that opened it
        self.notes: list[str] = []  # the table's own notes (注：…)
        self.remarks: list[str] = []  # what the reader could not load, said plainly
        self.in_notes = False
        self.pending: dict | None = None  # number and score of a row whose text the next row holds
        self.last_number = ""  # the 序号 cell of the row before: a merged 序号 repeats it

    def read(self, rows: list[list[str]]) -> tuple[list[str], list[str]]:
        for cells in rows:
            self.row(cells)
        self._drop_pending()
        return self.notes, self.remarks

    def get(self, cells: list[str], key: str) -> str:
        col = self.cols.get(key)
        return cells[col] if col is not None and col < len(cells) else ""

    def row(self, cells: list[str]) -> None:
        filled = [c for c in cells if c]
        if not filled or _is_header(cells) or _only_labels(cells) or _row_key(cells) in self.header_keys:
            if filled and not self.system.indicators:
                _complete_columns(self.cols, cells)  # the second row of a two-row header
            return
        if _TOTAL.match(compact(filled[0])):
            return  # 合计 / 总分: a sum, not an indicator
        labelled = _FIELD.match(filled[0]) if len(set(filled)) == 1 and self.system.indicators else None
        if labelled:  # 基本要求：… in a row (or paragraph) of its own describes the heading over it
            attr = _FIELD_ATTR.get(labelled.group(1), "assessment_method")
            self._fill(self.system.indicators[-1], {attr: labelled.group(2) or ""})
            return
        self.in_notes = bool(_NOTE.match(filled[0])) or self.in_notes and _note_line(filled)
        if self.in_notes:  # a note, or the note's next line in a row of its own
            self.notes.append(filled[0])
            return
        values = self._level_values(cells)
        banner = self._banner_level(cells, values)
        if banner:
            self._open(banner, filled[0], self.get(cells, "score"))
            return
        opened = [self._open(lvl, values[lvl]) for lvl in self.levels[:-1]
                  if values[lvl] and compact(values[lvl]) != self.seen.get(lvl)]
        self._leaf_row(cells, values, opened)

    def _level_values(self, cells: list[str]) -> dict[int, str]:
        """The level cells; a cell repeating the one on its left is the same cell merged across, not a level."""
        values, left = {}, None
        for lvl in self.levels:
            value = self.get(cells, f"l{lvl}")
            values[lvl] = "" if value and value == left else value
            left = value or left
        return values

    def _banner_level(self, cells: list[str], values: dict[int, str]) -> int | None:
        """A heading merged over the whole row (一、依法全面履行政府职能(20分)): the level above the table's level
        columns. It is the row's only text, standing in the first column outside the level columns, or in the
        top level column when that is not 一级 (repeated across the row, or numbered 一、)."""
        filled = {c for c in cells if c}
        if len(filled) != 1:
            return None
        text = filled.pop()
        heading = split_number(text)[0] == "cn"
        level_cols = {self.cols[f"l{lvl}"] for lvl in self.levels}
        if heading and cells[0] == text and 0 not in level_cols:
            return max(self.top - 1, 1)
        across = sum(1 for c in cells if c == text) >= 2
        return self.top - 1 if self.top > 1 and values[self.top] == text and (across or heading) else None

    def _open(self, level: int, value: str, score_cell: str = "") -> int:
        _, number, rest = split_number(value)
        name, weight = _strip_weight(rest)
        score = _decimal(score_cell) if score_cell and score_cell != value else None
        idx = self.system.add(level, number, name, rest, self._parent(level), score=score or weight)
        for deeper in [lvl for lvl in self.current if lvl >= level]:
            self.current.pop(deeper)
            self.seen.pop(deeper, None)
        self.current[level], self.seen[level] = idx, compact(value)
        return idx

    def _parent(self, level: int) -> int | None:
        above = [lvl for lvl in self.current if lvl < level]
        return self.current[max(above)] if above else None

    def _leaf_row(self, cells: list[str], values: dict[int, str], opened: list[int]) -> None:
        text, numbers = values[self.leaf], self._leaf_numbers(cells, values[self.leaf], opened)
        merged = set(values.values())  # a level cell merged across the row is not a score or a method
        cell = lambda key: "" if self.get(cells, key) in merged else self.get(cells, key)  # noqa: E731
        extra = {"score": _decimal(cell("score") or None), "assessment_method": cell("method"),
                 "expected_materials": cell("materials"), "description": cell("content")}
        if not text:
            if opened:  # an upper indicator without leaves: the row's score and method are its own
                self._fill(self.system.indicators[opened[-1]], extra)
            elif numbers:
                self._drop_pending()
                self.pending = {"number": numbers[0], **extra}
            return
        if self.pending and not numbers:  # the rest of the row cut by the page end
            numbers, extra = [self.pending["number"]], self._merged(self.pending, extra)
            self.pending = None
        self._drop_pending()
        self._add_leaves(self._items(text, numbers), extra)

    def _leaf_numbers(self, cells: list[str], text: str, opened: list[int]) -> list[str]:
        """The 序号 cell's numbers, when they number the leaf. A 序号 merged down over a group (repeated), a
        Chinese numeral, or one other than the number the leaf text carries numbers the heading opened in the
        row (一 beside 测试一级指标A) instead."""
        cell, repeated = self.get(cells, "number"), self.get(cells, "number") == self.last_number
        self.last_number = cell
        numbers = _numbers(cell)
        if len(numbers) != 1:
            return numbers
        own = split_number(text)[1]
        if not (repeated or not numbers[0].isdigit() or own and numeral_value(own) != numeral_value(numbers[0])):
            return numbers
        heading = next((i for i in opened if not self.system.indicators[i].number), None)
        if heading is not None and not repeated:
            self.system.indicators[heading].number = numbers[0]
        return []

    def _items(self, text: str, numbers: list[str]) -> list[tuple[str, str]]:
        """The leaf cell's items: numbered inside the cell, or by the 序号 cell (several numbers in it go with
        as many paragraphs or sentences of the text, else the row stays one item and it is said)."""
        if not numbers:
            return _cell_items(text)
        if len(numbers) == 1:
            return [(numbers[0], _without_number(text, numbers[0]))]
        for sep in (r"(?<=[。；;！？!?])\s+", r"(?<=[。；;！？!?])"):
            parts = [part for part in re.split(sep, text) if part.strip()]
            if len(parts) == len(numbers):
                return list(zip(numbers, parts))
        self.remarks.append(f"序号“{' '.join(numbers)}”同在一个单元格，正文未能逐项分开，按一条载入")
        return [(numbers[0], text)]

    def _add_leaves(self, items: list[tuple[str, str]], extra: dict) -> None:
        if len(items) > 1 and extra["score"] is not None:
            self.remarks.append(f"{level_label(self.leaf)} {items[0][0]}-{items[-1][0]} 同在一个单元格，"
                              f"共用分值 {extra['score']} 分，未分到各项")
            extra = {**extra, "score": None}
        for number, text in items:
            name, weight = _strip_weight(text)
            self.system.add(self.leaf, number, name if _heading_like(text) else "", text, self._parent(self.leaf),
                            **{**extra, "score": extra["score"] if extra["score"] is not None else weight})

    @staticmethod
    def _fill(indicator: ParsedIndicator, extra: dict) -> None:
        for attr, value in extra.items():
            if value not in (None, "") and getattr(indicator, attr) in (None, ""):
                setattr(indicator, attr, value)

    @staticmethod
    def _merged(first: dict, second: dict) -> dict:
        return {k: second[k] if second[k] not in (None, "") else first.get(k) for k in second}

    def _drop_pending(self) -> None:
        if self.pending:
            self.remarks.append(f"编号“{self.pending['number']}”后没有指标正文，未载入")
        self.pending = None


def _note_line(filled: list[str]) -> bool:
    """A row under a note holding one text (merged across), not a heading: the note goes on."""
    return len(set(filled)) == 1 and split_number(filled[0])[0] != "cn"


def _row_key(cells: list[str]) -> tuple:
    return tuple(compact(cell or "") for cell in cells)


def _numbers(cell: str) -> list[str]:
    """The 序号 cell's numbers: "1." / "(1)" → ["1"]; a cell of several paragraphs "1 2 3" → ["1", "2", "3"]."""
    numbers = [re.sub(r"[^\d一-龥①-⑳]", "", part) for part in cell.split()]
    return [n for n in numbers if numeral_value(n) is not None]


def _without_number(text: str, number: str) -> str:
    """The leaf text without its own copy of the 序号 ("1.…" in a table that also has a 序号 column)."""
    _, own, rest = split_number(text)
    return rest if own and numeral_value(own) == numeral_value(number) else text


def _table_indicators(system: ParsedSystem, rows: list[list[str]], cols: dict[str, int],
                      header_rows: list[list[str]]) -> tuple[list, list]:
    """Indicators from the rows under the header; returns the table's notes and the reader's remarks."""
    return _TableReader(system, dict(cols), header_rows).read(rows)


def parse_indicator_xlsx(path) -> ParsedSystem:
    import openpyxl  # only needed for this format

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a non-xlsx file
        raise IndicatorParseError(f"无法读取 Excel 文件：{exc}") from exc
    try:
        for sheet in book.worksheets:
            rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            h = next((h for h, cells in enumerate(rows[:30]) if _is_header(cells)), None)
            if h is not None:
                return _sheet_system(rows, h)
    finally:
        book.close()
    raise IndicatorParseError("未找到表头：表格需有列标题行，如 一级指标、二级指标、三级指标、分值、评分标准")


def _sheet_system(rows: list[list[str]], h: int) -> ParsedSystem:
    system, cols, header = ParsedSystem(), _header_map(rows[h]), [rows[h]]
    front = rows[:h]
    if front and _header_map(front[-1]):  # the upper row of a two-row header
        header.append(front.pop())
        _complete_columns(cols, header[-1])
    lines = [" ".join(filter(None, r)) for r in front]
    _read_front(system, lines)
    notes, remarks = _table_indicators(system, rows[h + 1:], cols, header)
    system.expected_counts = _stated_counts("\n".join([*lines, *notes]))  # said above the table or in its notes
    return _finish(system, [*notes, *remarks])


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
        if self.kind not in ("field", "note") or style in ("cn", "cn_paren") or n is None:
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
    for line in lines:
        if not line or _DEBRIS.match(line):
            continue
        style, number, rest = split_number(line)
        if style and doc.in_list(style, number, rest):
            doc.sink.append(line)
        elif style:
            doc.blocks.append(_Block(style, number, rest))
            doc.sink, doc.kind, doc.listed = doc.blocks[-1].body, "body", None
        else:
            _plain_line(doc, line)
    return doc.front, doc.blocks, doc.notes


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
    arabic = [b for b in blocks if b.style in ("arabic", "cn", "cn_paren")]
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
        if style in ("cn", "cn_paren"):
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


def _stated_counts(text: str) -> dict[int, int]:
    """"共9个一级指标、32个二级指标、100个三级指标" → {1: 9, 2: 32, 3: 100}, only when the file says so."""
    counts = {}
    for number, level in _COUNT.findall(text):
        counts.setdefault(numeral_value(level), numeral_value(number))
    return {k: v for k, v in counts.items() if v}


def _parse_tab_table(lines: list[str], h: int) -> ParsedSystem:
    """A docx/text table flattened to rows of tab-separated cells, header row at index h."""
    system, cols, header = ParsedSystem(), _header_map(lines[h].split("\t")), [lines[h].split("\t")]
    front = lines[:h]
    if front and "\t" in front[-1] and _header_map(front[-1].split("\t")):  # the upper row of a two-row header
        header.append(front.pop().split("\t"))
        _complete_columns(cols, header[-1])
    lead = _leading_rows(front)
    _read_front(system, [_ws(line) for line in front[:lead]])
    rows, tail = _tab_rows(lines[h + 1:], lines[h].count("\t"))
    rows[:0] = [[_cell(line)] for line in front[lead:] if line.strip()]
    notes, remarks = _table_indicators(system, rows, cols, header)
    system.expected_counts = _stated_counts("\n".join([*front, *notes, *tail]))  # said above the table or under it
    return _finish(system, [*notes, *tail, *remarks])


def _tab_rows(lines: list[str], tabs: int) -> tuple[list[list[str]], list[str]]:
    """Rebuild table rows. A docx cell holding several paragraphs spreads one row over several lines, so a
    row is gathered until it has as many tabs as the header. Tab-less lines after a complete row continue
    its last cell when the next line is a complete row itself, else they begin the next row's first cell;
    paragraphs between two tables are no part of a cell (_between_tables). Tab-less lines at the end go to the
    last cell up to a note (注：…, 说明) or a numbered paragraph under the table."""
    rows, row, pending, between = [], [], [], []
    count = lambda block: sum(line.count("\t") for line in block)  # noqa: E731

    def emit(block):
        if block:
            rows.append([_cell(cell) for cell in "\n".join(block).split("\t")])

    for line in lines:
        if _DEBRIS.match(_ws(line)):
            continue  # 续表 between the parts of a table, page numbers
        if row and count(row) < tabs and count(row) + line.count("\t") <= tabs:
            row.append(line)  # the row is not complete yet
        elif "\t" not in line:
            pending.append(line)
        elif line.count("\t") >= tabs:  # a complete row on its own: pending lines ended the previous one
            cut = _between_tables(pending, _is_header(line.split("\t")))
            emit(row + pending[:cut])
            _paragraph_rows(pending[cut:], rows, between)
            row, pending = [line], []
        else:  # an incomplete row: pending lines are the start of its first cell
            emit(row)
            row, pending = pending + [line], []
    tail = [_ws(line) for line in pending if line.strip()]
    under = [i for i, line in enumerate(tail) if _NOTE.match(line) or split_number(line)[0]]
    cut = under[0] if under else len(tail) if row else 0
    emit(row + tail[:cut])
    return rows, [*between, *tail[cut:]]


def _heading_paragraph(line: str) -> bool:
    return split_number(_ws(line))[0] == "cn"


def _between_tables(pending: list[str], header_follows: bool) -> int:
    """Where paragraphs between two tables begin among the tab-less lines before a complete row: at once when
    a header follows (a new table), else at a heading (二、…); lines before them end the last row's cell."""
    heads = [i for i, line in enumerate(pending) if _heading_paragraph(line)]
    return 0 if header_follows else heads[0] if heads else len(pending)


def _paragraph_rows(lines: list[str], rows: list[list[str]], notes: list[str]) -> None:
    """Paragraphs between tables: a heading (二、测试…) and a labelled paragraph under it (基本要求：…) are rows
    of their own for the table reader to place; any other paragraph is kept as a note."""
    for line in filter(None, map(_ws, lines)):
        if _heading_paragraph(line) or _FIELD.match(line):
            rows.append([_cell(line)])
        else:
            notes.append(line)


def _leading_rows(front: list[str]) -> int:
    """Where a heading over the first table begins (一、测试…, maybe with its 基本要求：…): it is a row, no preamble."""
    heads = [i for i, line in enumerate(front) if _heading_paragraph(line)]
    if heads and all(_FIELD.match(_ws(line)) or not line.strip() for line in front[heads[-1] + 1:]):
        return heads[-1]
    return len(front)


# ---------------------------------------------------------------- files

def load_indicator_file(path, name: str | None = None, version: str | None = None) -> ParsedSystem:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix == ".json":
        try:
            data = json.loads(path.read_text(encoding="utf-8-sig"))
        except (json.JSONDecodeError, UnicodeDecodeError) as exc:
            raise IndicatorParseError(f"JSON 文件无法解析：{exc}") from exc
        system = parse_indicator_json(data)
    elif suffix in (".xlsx", ".xlsm"):
        system = parse_indicator_xlsx(path)
    elif suffix in (".txt", ".docx", ".pdf"):
        from .documents import read_document  # txt encodings, docx tables as tab-separated rows, pdf text

        try:
            content = read_document(path)
        except ValueError as exc:  # DocumentError: already a Chinese message for the user
            raise IndicatorParseError(str(exc)) from exc
        system = parse_indicator_text(content)
    else:
        hint = "（.doc/.xls 请另存为 .docx/.xlsx）" if suffix in (".doc", ".xls", ".wps", ".et") else ""
        raise IndicatorParseError(f"不支持的文件类型：{suffix or path.name}，请上传 .json / .xlsx / .txt / .docx{hint}")
    if name:
        system.name = name
    system.version = version or system.version or _guess_version(system.name) or _guess_version(path.stem)
    assign_codes(system)  # the version is part of every code
    return system
