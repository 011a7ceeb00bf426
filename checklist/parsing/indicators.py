"""Read an indicator system (指标体系) from the file a user holds: reference JSON, xlsx, text or docx.

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
        # Unknown expectations count as incomplete: we cannot claim a file is whole without knowing its size.
        complete = bool(levels) and all(l["expected"] is not None and l["loaded"] >= l["expected"] for l in levels)
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


# A weight printed at the end of a heading: (占总分值的15%) / (占总分值15%) / (15分).
_WEIGHT = re.compile(r"\s*\(\s*(?:占总分值的?|占总分的?|占|权重|分值)?\s*(\d+(?:\.\d+)?)\s*(?:%|分)\s*\)\s*$")


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


_HEADER_WORDS = {"一级指标", "二级指标", "三级指标", "四级指标", "序号", "编号", "分值", "权重", "评估方法", "评分标准",
                 "评分方法", "考核方式", "佐证材料", "印证材料", "指标内容", "备注"}
_FIELD = re.compile(r"^(基本要求|评估方法|评分标准|评分方法|考核方式|评测方式|佐证材料|印证材料|证明材料)\s*[:：]\s*(.*)$")
_FIELD_ATTR = {"基本要求": "description", "佐证材料": "expected_materials", "印证材料": "expected_materials",
               "证明材料": "expected_materials"}  # every other label is an assessment method
_NOTE = re.compile(r"^(注|说明|备注)\s*[:：\d]")
_COUNT = re.compile(rf"(\d+|[{_CN_NUM}]+)\s*个\s*([一二三四五])级指标")


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
    system.notes = "\n".join(filter(None, [system.notes, *notes, *_gap_notes(system)]))
    assign_codes(system)
    return system


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

_COLUMNS = {
    "l1": ("一级指标",), "l2": ("二级指标",), "l3": ("三级指标",), "number": ("序号", "编号"),
    "score": ("分值", "分数", "标准分", "权重"), "method": ("评估方法", "评分标准", "评分方法", "考核方式", "评测方式"),
    "materials": ("佐证材料", "印证材料", "证明材料"),
}
_REQUIRED = {"l1": "一级指标", "l2": "二级指标", "l3": "三级指标"}


def _header_map(cells: list[str]) -> dict[str, int]:
    found = {}
    for col, cell in enumerate(cells):
        key = compact(cell)
        for name, labels in _COLUMNS.items():
            if name not in found and any(key.startswith(label) for label in labels):
                found[name] = col
                break
    return found


def _cell(value) -> str:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        value = int(value)  # 序号 typed as a number
    return _join(_ws(line) for line in normalize(str(value)).split("\n"))


def _table_indicators(system: ParsedSystem, rows: list[list[str]], cols: dict[str, int]) -> None:
    """One row per leaf; a blank (merged) 一级/二级 cell means "same as above"."""
    missing = [label for key, label in _REQUIRED.items() if key not in cols]
    if missing:
        raise IndicatorParseError("缺少列：" + "、".join(missing))
    current, seen = {1: None, 2: None}, {1: "", 2: ""}
    for cells in rows:
        get = lambda key: cells[cols[key]] if key in cols and cols[key] < len(cells) else ""  # noqa: E731
        if compact(get("l1")) == "一级指标":
            continue  # header repeated on every page of a long docx table
        for level, key in ((1, "l1"), (2, "l2")):
            value = get(key)
            if value and compact(value) != seen[level]:
                _, number, rest = split_number(value)
                name, score = _strip_weight(rest)
                current[level] = system.add(level, number, name, rest, current[1] if level == 2 else None, score=score)
                seen[level] = compact(value)
                if level == 1:
                    current[2], seen[2] = None, ""
        text = get("l3")
        number = re.sub(r"[^\d一-龥①-⑳]", "", get("number"))  # "1." / "(1)" → "1"
        if not number:
            _, number, text = split_number(text)
        if not text:
            continue  # a number without text (or an empty row) is not an indicator
        parent = current[2] if current[2] is not None else current[1]
        system.add(3, number, _strip_weight(text)[0] if _heading_like(text) else "", text, parent,
                   score=_decimal(get("score") or None), assessment_method=get("method"),
                   expected_materials=get("materials"))


def parse_indicator_xlsx(path) -> ParsedSystem:
    import openpyxl  # only needed for this format

    try:
        book = openpyxl.load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many types for a non-xlsx file
        raise IndicatorParseError(f"无法读取 Excel 文件：{exc}") from exc
    try:
        for sheet in book.worksheets:
            rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            for h, cells in enumerate(rows[:30]):
                cols = _header_map(cells)
                if len(cols) >= 2 and ("l1" in cols or "l3" in cols):
                    system = ParsedSystem()
                    _read_front(system, [" ".join(filter(None, r)) for r in rows[:h]])
                    _table_indicators(system, rows[h + 1:], cols)
                    return _finish(system, [])
    finally:
        book.close()
    raise IndicatorParseError("未找到表头：表格需包含 一级指标、二级指标、三级指标 列")


# ---------------------------------------------------------------- text as published

@dataclass
class _Block:
    """A numbered line with the plain lines that follow it."""
    style: str
    number: str
    first: str
    body: list[str] = field(default_factory=list)
    fields: dict[str, list[str]] = field(default_factory=dict)


def _read_front(system: ParsedSystem, lines: list[str]) -> None:
    """Lines before the first indicator: a title (containing 指标体系) and the preamble."""
    paragraphs = []
    for line in lines:
        if not line or _header_words(line):
            continue
        if not system.name and "指标体系" in line and len(line) <= 60 and "。" not in line:
            system.name = re.sub(r"[《》]", "", line)
        elif system.name and not paragraphs and re.fullmatch(r"\(?\d{4}年版?\)?", line):
            system.name += line  # "(2021年版)" printed on its own line under the title
        else:
            paragraphs.append(line)
    system.preamble = "\n".join(paragraphs)
    system.version = system.version or _guess_version(system.name)


def _header_words(line: str) -> bool:
    return all(word in _HEADER_WORDS for word in line.split())


def _blocks(lines: list[str]) -> tuple[list[str], list[_Block], list[str]]:
    """Group lines: front matter, numbered blocks (with their continuation lines and labelled fields), notes."""
    front, blocks, notes = [], [], []
    sink = front
    for line in lines:
        if not line or _header_words(line):
            continue  # blank lines and flattened table headers / empty cells
        style, number, rest = split_number(line)
        field_match = _FIELD.match(line)
        if style:
            blocks.append(_Block(style, number, rest))
            sink = blocks[-1].body
        elif field_match and blocks:
            attr = _FIELD_ATTR.get(field_match.group(1), "assessment_method")
            sink = blocks[-1].fields.setdefault(attr, [])
            sink.append(field_match.group(2))
        elif _NOTE.match(line) and blocks:
            notes.append(line)
            sink = notes
        else:
            sink.append(line)
    return front, blocks, notes


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
    raw = text.split("\n")
    for h, line in enumerate(raw):
        if "\t" in line and len(_header_map(line.split("\t"))) >= 2:
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
    system = ParsedSystem()
    _read_front(system, [_ws(line) for line in lines[:h]])
    system.expected_counts = _stated_counts("\n".join(lines[:h]))
    rows, notes = _tab_rows(lines[h + 1:], lines[h].count("\t"))
    _table_indicators(system, rows, _header_map(lines[h].split("\t")))
    return _finish(system, notes)


def _tab_rows(lines: list[str], tabs: int) -> tuple[list[list[str]], list[str]]:
    """Rebuild table rows. A docx cell holding several paragraphs spreads one row over several lines, so a
    row is gathered until it has as many tabs as the header. Tab-less lines after a complete row continue
    its last cell when the next line is a complete row itself, else they begin the next row's first cell.
    Tab-less lines at the end go to the last cell, unless they are a note (注：…)."""
    rows, row, pending = [], [], []
    count = lambda block: sum(line.count("\t") for line in block)  # noqa: E731

    def emit(block):
        if block:
            rows.append([_cell(cell) for cell in "\n".join(block).split("\t")])

    for line in lines:
        if row and count(row) < tabs and count(row) + line.count("\t") <= tabs:
            row.append(line)  # the row is not complete yet
        elif "\t" not in line:
            pending.append(line)
        elif line.count("\t") >= tabs:  # a complete row on its own: pending lines ended the previous one
            emit(row + pending)
            row, pending = [line], []
        else:  # an incomplete row: pending lines are the start of its first cell
            emit(row)
            row, pending = pending + [line], []
    tail = [_ws(line) for line in pending if line.strip()]
    cut = next((i for i, line in enumerate(tail) if _NOTE.match(line)), len(tail) if row else 0)
    emit(row + tail[:cut])
    return rows, tail[cut:]


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
