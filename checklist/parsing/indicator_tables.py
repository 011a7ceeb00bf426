"""Indicator systems printed as tables: xlsx sheets, and docx/text tables flattened to tab-separated rows.

_TableReader turns table rows into a ParsedSystem; the data classes, labels and shared helpers live in
indicators.py, which dispatches files here.
"""
from __future__ import annotations

import re

from .indicators import (
    _ASCII_DIGITS, _COLUMNS, _DEBRIS, _DOTTED_NUMBER, _FIELD, _FIELD_ATTR, _HEADER_WORDS, _LEVEL_KEYS, _NOTE, _TOTAL,
    IndicatorParseError, ParsedIndicator, ParsedSystem, _decimal, _finish, _heading_like, _join, _read_front, _stated_counts,
    _strip_weight, _ws, level_label, numeral_value, split_number,
)
from .text import compact, normalize


# ---------------------------------------------------------------- tables (xlsx, tab-separated text)

def _header_map(cells: list[str]) -> dict[str, int]:
    """Column key → index. A second 评分标准-like or 佐证材料-like column (评分标准 and 考评方式 side by side) is kept
    under "method:考评方式": its cells join the first column's text under their label."""
    found = {}
    for col, cell in enumerate(cells):
        key = compact(cell or "")
        for name, labels in _COLUMNS.items():
            if any(key.startswith(label) for label in labels):
                if name not in found:
                    found[name] = col
                elif name in ("method", "materials") and len(key) <= 12:
                    found.setdefault(f"{name}:{key}", col)
                break
    return found


def _with_extra(cols: dict[str, int], key: str, first: str, cell) -> str:
    """The first column's text, then each further column of that kind as "考评方式：查阅资料"."""
    extra = [f"{col_key.split(':', 1)[1]}：{value}" for col_key in cols
             if col_key.startswith(f"{key}:") and (value := cell(col_key))]
    return "\n".join(filter(None, [first, *extra]))


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
        extra = {"score": _decimal(cell("score") or None),
                 "assessment_method": _with_extra(self.cols, "method", cell("method"), cell),
                 "expected_materials": _with_extra(self.cols, "materials", cell("materials"), cell),
                 "description": cell("content")}
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
        arabic = numbers[0].replace(".", "").isdigit()
        if not (repeated or not arabic or own and numeral_value(own) != numeral_value(numbers[0])):
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
    numbers = []
    for part in cell.translate(_ASCII_DIGITS).split():
        dotted = _DOTTED_NUMBER.fullmatch(part.rstrip(".．、"))  # 1.2.1 keeps its dots
        numbers.append(dotted.group().replace("．", ".") if dotted else re.sub(r"[^\d一-龥①-⑳]", "", part))
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
        raise IndicatorParseError("无法读取 Excel 文件：文件已损坏或不是 .xlsx 格式（.xls 请另存为 .xlsx）") from exc
    cover: list[list[str]] = []  # sheets before the table (封面, 说明): title and stated counts, no indicators
    try:
        for sheet in book.worksheets:
            rows = [[_cell(v) for v in row] for row in sheet.iter_rows(values_only=True)]
            h = next((h for h, cells in enumerate(rows[:30]) if _is_header(cells)), None)
            if h is not None:
                return _sheet_system(rows, h, cover)
            cover += [row for row in rows if any(row)]
    finally:
        book.close()
    if not cover:
        raise IndicatorParseError("Excel 文件中没有内容，请检查后重新上传")
    return _headerless_sheets(cover)


def _headerless_sheets(rows: list[list[str]]) -> ParsedSystem:
    """Sheets without a column header: a list typed down one column (一、… / 1.…) reads as text."""
    from .indicator_text import parse_indicator_text  # imports this module: loaded on use

    try:
        return parse_indicator_text("\n".join(" ".join(filter(None, row)) for row in rows))
    except IndicatorParseError:
        raise IndicatorParseError("未找到表头：表格需有列标题行，如 一级指标、二级指标、三级指标、分值、评分标准；"
                                  "或在一列中按 一、… / 1.… 编号列出指标") from None


def _sheet_system(rows: list[list[str]], h: int, cover: list[list[str]] = ()) -> ParsedSystem:
    system, cols, header = ParsedSystem(), _header_map(rows[h]), [rows[h]]
    front = rows[:h]
    if front and _header_map(front[-1]):  # the upper row of a two-row header
        header.append(front.pop())
        _complete_columns(cols, header[-1])
    lines = [" ".join(filter(None, r)) for r in [*cover, *front]]
    _read_front(system, lines)
    notes, remarks = _table_indicators(system, rows[h + 1:], cols, header)
    system.expected_counts = _stated_counts("\n".join([*lines, *notes]))  # said above the table or in its notes
    return _finish(system, [*notes, *remarks])


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
