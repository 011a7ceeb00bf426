"""Plan task tables (a 工作任务/牵头单位 header over one row a task): from docx/tab-separated rows, from
space-aligned PDF text, or from one cell per line (web pages, some Word exports).

The layouts that lost their tabs are first turned back into tab-separated rows (_from_space_columns,
_from_cell_lines); _parse_table reads those rows into tasks.
"""
import re
import unicodedata

from .plan_numbers import _CN_DIGITS, _cn_number, _date, _marker
from .text import tidy
from .units import (_DUE_PHRASE, UnitRoles, assign_units, extract_units, is_collective, looks_like_unit, parse_inline,
                    split_units)


# ---------------------------------------------------------------- tables
_COLUMNS = [
    # people, not units: "责任领导" is no 责任单位 (but "责任单位及责任人" is)
    ("person", re.compile(r"^(?!.*(?:单位|部门)).*(?:领导|责任人|联系人|联络员|姓名)")),
    ("number", re.compile(r"^(?:序号|编号|序)$")),
    ("lead", re.compile(r"牵头|主办|主责")),
    ("resp", re.compile(r"责任|配合|参与|协办|负责")),
    ("due", re.compile(r"时限|时间|期限|进度")),
    ("task", re.compile(r"任务|内容|措施|事项|举措|重点工作")),
    ("section", re.compile(r"类别|领域|方面|板块|分类|项目")),
    ("note", re.compile(r"指标|备注")),
]


_TASK_HEADER = next(pattern for name, pattern in _COLUMNS if name == "task")


def _header(cells: list[str]) -> dict[str, int] | None:
    columns: dict[str, int] = {}
    tasks = []
    for i, cell in enumerate(cells):
        cell = tidy(cell)
        for name, pattern in _COLUMNS:
            if cell and pattern.search(cell) and len(cell) <= 12:
                if name == "task":
                    tasks.append(i)
                elif name not in columns:
                    columns[name] = i
                break
    if not tasks or not ({"lead", "resp"} & columns.keys()):
        return None
    if len(tasks) > 1 and "section" not in columns:
        columns["section"] = tasks[0]  # "重点任务 | 具体措施": the first is the category
    columns["task"] = tasks[-1]
    return columns


def _cell_roles(cell: str, default: str) -> UnitRoles:
    """A units cell: plain names take the column's role; "市审计局牵头，各部门配合" says its own."""
    found = parse_inline(cell) or extract_units(cell)[1]
    if found and (found.lead or default == "resp"):
        return found
    return assign_units(cell, default)


def _numbered_heading_row(cells: list[str], columns: dict[str, int]) -> str:
    """"一 | 依法全面履行政府职能 | (same, merged) …": a category row numbered in the 序号 column."""
    i = columns.get("number")
    number = tidy(cells[i]) if i is not None and i < len(cells) else ""
    rest = {tidy(c) for k, c in enumerate(cells) if k != i and c.strip()}
    if not (len(rest) == 1 and re.fullmatch(rf"\(?[{_CN_DIGITS}]+\)?[、.．]?", number)):
        return ""
    return number + ("" if re.search(r"[、.．)]$", number) else "、") + rest.pop()


def _parse_table(lines: list[str]) -> tuple[list[str], list[tuple]]:
    columns, header_cells, section, heading, sections, out = None, [], "", "", [], []
    own_cells = []  # per row: its section cell as written, and the heading it stands under
    for line in lines:
        cells = line.split("\t")
        if len(cells) < 2:
            found = _marker(line.strip())
            if found and found[0] in ("part", "cn", "pcn"):
                section = heading = tidy(line.strip())  # a heading paragraph between tables
            continue
        header = _header(cells)
        if header:
            columns, header_cells = header, cells
            continue
        filled = [tidy(c) for c in cells if c.strip()]
        if not columns or not filled:
            continue
        if len(set(filled)) == 1 and (len(filled) > 1 or not filled[0].isdigit()):
            section = heading = filled[0]  # a merged row across the table: a heading
            continue
        numbered = _numbered_heading_row(cells, columns)
        if numbered:
            section = heading = numbered
            continue

        def cell(name):
            i = columns.get(name)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        body, roles = extract_units(cell("task"))
        if not tidy(body):
            continue
        roles.add(_cell_roles(cell("lead"), "lead"))
        roles.add(_cell_roles(cell("resp"), "resp"))
        if cell("due"):
            roles.due.insert(0, tidy(cell("due")))
        if tidy(cell("note")):  # the 对应指标 column stays with the task, as in the numbered layout
            body = f"{tidy(body)}({tidy(header_cells[columns['note']])}：{tidy(cell('note'))})"
        # a category cell merged over several rows comes out empty (PDF, web) below its first row
        section = row_section = tidy(cell("section")) or section
        # a category row across the table over a 重点任务 column: both are sections, as nested headings are
        for name in (heading, row_section):
            if name and name not in sections:
                sections.append(name)
        own_cells.append((tidy(cell("section")), heading))
        out.append((_cn_number(tidy(cell("number")).rstrip("、.．")) if cell("number") else None,
                    row_section, tidy(body), roles))
    if columns and _names_each_task(columns, header_cells, own_cells):
        out = [(number, outer, f"{name}。{body}", roles)
               for (number, _, body, roles), (name, outer) in zip(out, own_cells)]
        sections = list(dict.fromkeys(outer for _, outer in own_cells if outer))
    return sections, out


def _names_each_task(columns: dict[str, int], header_cells: list[str], own_cells: list[tuple[str, str]]) -> bool:
    """"重点任务 | 具体措施" with a different 重点任务 on every row: that column names each task, it does not
    group them (a category merged over several rows repeats, or is empty below its first row)."""
    i = columns.get("section")
    if i is None or i >= len(header_cells) or not _TASK_HEADER.search(header_cells[i]) or len(own_cells) < 2:
        return False
    names = [name for name, _ in own_cells]
    return all(names) and len(set(names)) == len(names)


# ---------------------------------------------------------------- tables that lost their tabs
# PDF text keeps a table's columns as runs of spaces; web pages and some Word exports put every cell on a
# line of its own. Both are turned back into tab-separated rows for _parse_table.
_CELL_RUN = re.compile(r"\S+(?: \S+)*")  # a cell: words separated by single spaces
_ROW_NUMBER = re.compile(rf"^(?:\d{{1,3}}|[{_CN_DIGITS}]{{1,4}})[、.．]?$")


def _space_cells(line: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of each cell, measured in display columns: a Chinese character is two columns wide."""
    if "\t" in line:
        return []
    widths = [0]
    for ch in line:
        widths.append(widths[-1] + (2 if unicodedata.east_asian_width(ch) in "WF" else 1))
    return [(widths[m.start()], widths[m.end()], m.group()) for m in _CELL_RUN.finditer(line)]


def _from_space_columns(lines: list[str]) -> list[str]:
    out: list[str] = []
    starts: list[int] = []  # where each column starts; empty outside a table
    number_col, row, table = None, None, {}

    def flush():
        nonlocal row
        if row is not None:
            out.append("\t".join(row))
            row = None

    for line in lines:
        cells = _space_cells(line)
        columns = _header([c[2] for c in cells]) if len(cells) >= 3 else None
        if columns:
            flush()
            starts, number_col, table = [c[0] for c in cells], columns.get("number"), columns
            out.append("\t".join(c[2] for c in cells))
            continue
        if not starts or not cells:
            out.append(line)
            continue
        if len(cells) == len(starts):
            placed = [c[2] for c in cells]
            starts = [c[0] for c in cells]  # a full row shows where the data sits (headers are often centred)
        else:
            placed = [""] * len(starts)
            for start, _, text in cells:
                col = min(range(len(starts)), key=lambda i: abs(starts[i] - start))
                placed[col] += text
        first = placed.index(next(c for c in placed if c))
        number = placed[number_col] if number_col is not None else ""
        if len(cells) == 1 and _marker(cells[0][2]) and not _ROW_NUMBER.match(cells[0][2]):
            flush()
            out.append(cells[0][2])  # a heading between the rows: "二、强化监督"
        elif number and _ROW_NUMBER.match(number) or (number_col is None and len(cells) >= 2):
            flush()
            row = placed
        elif number or row is None or (len(cells) == 1 and cells[0][1] - cells[0][0] > _column_width(starts, first) + 4):
            flush()
            starts = []
            out.append(line)  # prose across the columns, or where the numbers were: the table has ended
        elif _starts_sub_row(row, placed, table):
            sub = _split_sub_row(row, placed, table["task"])
            flush()
            row = sub
        else:
            for i, text in enumerate(placed):  # cells wrapped onto the next line
                # names cut by the wrap are rejoined by split_units; a space keeps two whole names apart
                row[i] += " " + text if row[i] and text and i in (table.get("lead"), table.get("resp")) else text
    flush()
    return out


def _starts_sub_row(row: list[str], placed: list[str], columns: dict[str, int]) -> bool:
    """A line below a row that is a row of its own, under number and category cells merged over both: the
    row's task text has ended and this line has its own task text and lead unit."""
    task, unit = columns["task"], columns.get("lead", columns.get("resp"))
    return bool(placed[task] and placed[unit] and re.search(r"[。；;]$", row[task])
                and not re.search(r"[、，,；;]$", row[unit]) and looks_like_unit(placed[unit]))


def _split_sub_row(row: list[str], placed: list[str], task: int) -> list[str]:
    """The cells before the task column wrap the merged cells above; the rest starts the new row."""
    for i in range(task):
        row[i] += placed[i]
    return [""] * task + placed[task:]


def _column_width(starts: list[int], i: int) -> int:
    return starts[i + 1] - starts[i] if i + 1 < len(starts) else 200


def _is_column_name(line: str) -> bool:
    line = tidy(line)
    # a label line ("责任单位：各乡镇") is no column name
    return 2 <= len(line) <= 8 and not re.search(r"[\t:：,，。;；、]", line) and any(p.search(line) for _, p in _COLUMNS)


def _is_unit_cell(line: str) -> bool:
    names = split_units(line)
    return bool(names) and not _DUE_PHRASE.search(tidy(line)) and all(
        looks_like_unit(n) or is_collective(n) for n in names)


def _is_due_cell(line: str) -> bool:
    line = tidy(line)
    return len(line) <= 20 and bool(_DUE_PHRASE.search(line) or _date(line))


def _from_cell_lines(lines: list[str]) -> list[str]:
    out, i = [], 0
    while i < len(lines):
        j = i
        while j < len(lines) and _is_column_name(lines[j]):
            j += 1
        names = [tidy(line) for line in lines[i:j]]
        columns = _header(names) if j - i >= 3 else None
        if not columns:
            out.append(lines[i])
            i += 1
            continue
        out.append("\t".join(names))
        rows, i = _cell_rows(lines, j, names, columns)
        out += rows
    return out


def _cell_rows(lines: list[str], i: int, names: list[str], columns: dict[str, int]) -> tuple[list[str], int]:
    """Rows of a one-cell-per-line table from line i; returns the rows and where the table ends."""
    width, rows = len(names), []
    if columns.get("number") != 0:
        # no number to start each row: whole rows of cells, as long as their units columns hold units
        while i + width <= len(lines):
            cells = [tidy(c) for c in lines[i:i + width]]
            if any(not _is_unit_cell(cells[columns[k]]) for k in ("lead", "resp") if k in columns):
                break
            rows.append("\t".join(cells))
            i += width
        return rows, i
    expected = 1
    while i < len(lines):
        line = tidy(lines[i])
        found = _marker(line)
        if found and found[0] in ("part", "cn", "pcn") and not _ROW_NUMBER.match(line):
            rows.append(line)  # a heading between the rows
            i += 1
            continue
        if _category_row(lines, i, expected):
            rows.append(line.rstrip("、.．") + "、" + tidy(lines[i + 1]))  # "一" over "依法行政" over "1": a heading
            i += 2
            continue
        if not _ROW_NUMBER.match(line) or _cn_number(line.rstrip("、.．")) not in (expected, 1):
            break
        j = i + 1
        while j < len(lines) and not (_ROW_NUMBER.match(tidy(lines[j]))
                                      and _cn_number(tidy(lines[j]).rstrip("、.．")) == expected + 1):
            j += 1
        cells = [tidy(c) for c in lines[i + 1:j]]
        while cells and (found := _marker(cells[-1])) and found[0] in ("part", "cn", "pcn") and len(cells[-1]) <= 30:
            j -= 1  # a heading before the next row, not a cell of this one
            cells.pop()
        if j < len(lines) and _category_row(lines, j - 2, expected + 1):
            j -= 2
            del cells[-2:]
        groups = _merged_rows(cells)
        if len(groups) > 1 and j == len(lines) and not _has_units(groups[-1]):
            j -= len(groups.pop())  # the closing text after the last row
        elif len(groups) > 1 and not _has_units(groups[-1]):
            note = groups.pop()
            groups[-1] += note  # a note column after the deadline
        if len(groups) == 1 and len(cells) > width - 1 and j == len(lines):
            # the last row: what follows its cells is the closing text, or a heading of the next table
            j = i + width
            groups = [cells[:width - 1]]
        rows += ["\t".join(_row_cells(line if k == 0 else "", group, names, columns)) for k, group in enumerate(groups)]
        expected = (_cn_number(line.rstrip("、.．")) or 0) + 1
        i = j
    return rows, i


def _category_row(lines: list[str], i: int, expected: int) -> bool:
    """A Chinese-numbered category row (number and name cells) before Arabic-numbered task rows."""
    if i + 2 >= len(lines) or not re.fullmatch(rf"[{_CN_DIGITS}]+[、.．]?", tidy(lines[i])):
        return False
    after = tidy(lines[i + 2]).rstrip("、.．")
    return after.isdecimal() and int(after) in (expected, 1)


def _has_units(cells: list[str]) -> bool:
    return any(_is_unit_cell(c) for c in cells)


def _merged_rows(cells: list[str]) -> list[list[str]]:
    """The lines up to the next row number, split where a task's text follows units and a deadline: one 重点任务
    over several 具体措施 rows, its number and category cells merged and printed once."""
    groups: list[list[str]] = [[]]
    for cell in cells:
        last = groups[-1][-1] if groups[-1] else ""
        tail = _is_unit_cell(last) or _is_due_cell(last)
        if tail and _has_units(groups[-1]) and not (_is_unit_cell(cell) or _is_due_cell(cell)):
            groups.append([])
        groups[-1].append(cell)
    return groups


def _row_cells(number: str, cells: list[str], names: list[str], columns: dict[str, int]) -> list[str]:
    """Cells in header order; an empty cell has no line of its own, so a short row is sorted by what its lines are."""
    unit_cells = [cells[columns[k] - 1] for k in ("lead", "resp") if k in columns] if len(cells) == len(names) - 1 else []
    if len(cells) == len(names) - 1 and all(_is_unit_cell(c) for c in unit_cells):
        return [number] + cells
    row = [""] * len(names)
    row[0] = number
    unit_columns = [columns[k] for k in ("lead", "resp") if k in columns]
    task: list[str] = []
    for cell in cells:
        if task and _is_unit_cell(cell) and unit_columns:
            row[unit_columns.pop(0)] = cell
        elif task and "due" in columns and not row[columns["due"]] and _is_due_cell(cell):
            row[columns["due"]] = cell
        elif not any(row[k] for k in range(1, len(row)) if k != columns["task"]):
            task.append(cell)  # a task cell of several paragraphs
    row[columns["task"]] = "".join(task)
    return row


# ---------------------------------------------------------------- tab-separated rows broken inside a cell
def _rejoin_wrapped_rows(lines: list[str]) -> list[str]:
    """A table copied from Word as text breaks a cell of several paragraphs onto the next line: "2\t推进…\t落实…，"
    over "开展案卷评查\t区司法局\t…". A row short of the header's cells is joined with the lines below it when
    they complete it to exactly the header's width (empty cells keep their tabs until the lines are cleaned)."""
    out, width, task, i = [], 0, 0, 0
    while i < len(lines):
        cells = lines[i].split("\t")
        header = _header([c.strip() for c in cells]) if len(cells) >= 2 else None
        if header:
            width, task = len(cells), header["task"]
        elif 2 <= len(cells) < width and cells[0].strip():
            joined, j = _complete_row(cells, lines, i + 1, width, task)
            if joined:
                out.append(joined)
                i = j
                continue
        out.append(lines[i])
        i += 1
    return out


def _complete_row(cells: list[str], lines: list[str], j: int, width: int, task: int) -> tuple[str, int]:
    """(the row completed from lines j…, the index after them), or ("", j) when they do not complete it."""
    cells, start = list(cells), j
    while len(cells) < width and j < min(len(lines), start + 12):
        more = lines[j].split("\t")
        first = more[0].strip()
        if len(more) == width and len(cells) - 1 <= task and not "".join(more[:len(cells) - 1]).strip():
            # the task text went on below empty cells, as a pasted merged-cell row is laid out
            cells[-1] = cells[-1].rstrip() + more[len(cells) - 1].strip()
            return "\t".join(cells + more[len(cells):]), j + 1
        # a new row, a row continuing merged cells, a header: the short row was whole
        if (len(more) > 1 and (not first or _ROW_NUMBER.match(first))) or _header([c.strip() for c in more]) \
                or len(cells) + len(more) - 1 > width:
            break
        cells[-1] = cells[-1].rstrip() + first
        cells += more[1:]
        j += 1
    return ("\t".join(cells), j) if len(cells) == width else ("", j)
