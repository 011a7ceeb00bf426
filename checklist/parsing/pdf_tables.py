"""Text of a PDF whose pages hold ruled tables: each table row becomes one line of tab-separated cells.

Work plans are often published as a PDF of a task table (序号 | 重点任务 | 牵头单位 | 责任单位 | 完成时限). Plain text
extraction reads such a table column by column, with every cell broken at its width, and the tasks cannot be put
back together. Here the tables are found from their ruling lines (pdfplumber), a row's cells are read whole, and
the text around the tables is kept in page order, so the plan parser sees the same rows as from a Word table.
A merged cell is repeated in every row and column it covers, as read_document does for Word tables.
A row that a page end cuts in two is put back together.
"""
import re
from dataclasses import dataclass

_CJK_OR_PUNCT = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’、，。；：！？（）《》"
# a line break inside a cell: none between Chinese characters ("区政务\n服务中心"), a space between words
_CELL_BREAK = re.compile(rf"(?<=[{_CJK_OR_PUNCT}])\s*\n\s*|\s*\n\s*(?=[{_CJK_OR_PUNCT}])")
_TOLERANCE = 2  # points: rules and text of one table line up to within this
# a space only for a gap of half a character: official documents spread their characters over a line grid
_TEXT = {"x_tolerance_ratio": 0.5}


def _cell_line(cell: str | None) -> str:
    """One table cell on one line; a cell covered by a merge (None) is empty."""
    if not cell:
        return ""
    return " ".join(_CELL_BREAK.sub("", cell).split())


@dataclass
class Row:
    cells: list[str]
    continued: bool = False  # the rest of the row the previous page ended with (no rule between them)

    def key(self) -> tuple:
        """The cells without their line breaks, which depend on the column widths."""
        return tuple("".join(cell.split()) for cell in self.cells)


def table_pages(pdf) -> list[list] | None:
    """Each page's lines outside its tables (str) and its table rows (Row), top to bottom; None when no page
    has a ruled table (plain extraction reads such a PDF better). `pdf` is an open pdfplumber document."""
    pages = []
    found = False
    for page in pdf.pages:
        # a frame around text (a box, the 版记 of an official document) is a one-column table: no table
        tables = [t for t in page.find_tables() if _columns(t) > 1] or _tables_ruled_between_rows(page)
        found = found or bool(tables)
        pages.append(_page_lines(page, tables))
    return pages if found else None


def table_lines(pages: list[list]) -> list[str]:
    """The pages' lines, each table row as one line of tab-separated cells; a row cut by a page end is joined
    with its rest at the top of the next page (the pages' running heads and feet must be gone)."""
    return [item if isinstance(item, str) else "\t".join(map(_cell_line, item.cells))
            for item in _rows_across_pages(pages)]


def _columns(table) -> int:
    return len({cell[0] for cell in table.cells})


def _rows_across_pages(pages: list[list]) -> list:
    """One list; a row cut by the page end is joined with its rest at the top of the next page."""
    out: list = []
    seen: set[tuple] = set()
    for items in pages:
        before = out[-1] if out and isinstance(out[-1], Row) else None  # the row the last page ended with
        if before and items and isinstance(items[0], Row) and items[0].key() in seen:
            out.append(items[0])  # the header row repeated on every page: the rest of a row comes below it
            items = items[1:]
        for i, item in enumerate(items):
            if i == 0 and before and isinstance(item, Row) and _rest_of(before, item):
                before.cells = [f"{a}\n{b}" if a and b else a or b for a, b in zip(before.cells, item.cells)]
                continue
            if isinstance(item, Row):
                seen.add(item.key())
            out.append(item)
    return out


_SENTENCE_END = re.compile(r"[。；;！!？?）)]\s*$")


def _rest_of(before: Row, row: Row) -> bool:
    """Is the first row of a page the rest of the row the page before ended with? Without a rule between them
    (row.continued) it is; a PDF from Word closes both parts: then the rest has no number (first cell), and
    text only in columns where the row before has text that stops mid-sentence (a task's text, cut unit names)."""
    if len(before.cells) != len(row.cells):
        return False
    if row.continued:
        return True
    filled = [k for k, cell in enumerate(row.cells) if cell.strip()]
    return bool(filled) and filled[0] > 0 and all(
        before.cells[k].strip() and not _SENTENCE_END.search(before.cells[k]) for k in filled)


def _page_lines(page, tables) -> list:
    """Lines outside the tables and the tables' rows (Row), top to bottom."""
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    placed = []
    for table in tables:
        for row, cells in zip(table.rows, _cells(page, table)):
            if any(cells):
                placed.append((row.bbox[1], Row([c or "" for c in cells])))
    for (x0, top, x1, bottom), cells in _open_rows(page, tables):
        boxes.append((x0, top, x1, bottom))
        placed.append((top, Row(cells, continued=top < min(t.bbox[1] for t in tables))))
    placed += [(line["top"], line["text"]) for line in page.filter(outside).extract_text_lines(**_TEXT)]
    return [item for _, item in sorted(placed, key=lambda item: item[0])]


def _cells(page, table) -> list[list[str | None]]:
    """The table's cells, a merged cell's text in every row and column it covers. A cell whose ruling is not
    closed (a merged cell cut by the page end has no bottom line) is not found as a cell, so the text standing in
    its row and column is read from there."""
    rows = table.extract(**_TEXT)
    found = [cell for row in table.rows for cell in row.cells if cell]
    origin = {cell: (r, c) for r, row in enumerate(table.rows) for c, cell in enumerate(row.cells) if cell}

    def loose(obj) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in found)

    columns, lines = _spans(table, 0), _spans(table, 1)
    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            if cell is None and c < len(columns):
                x0, x1 = columns[c]
                cover = _covering(found, ((x0 + x1) / 2, sum(lines[r]) / 2))
                if cover:
                    rows[r][c] = rows[origin[cover][0]][origin[cover][1]]
                else:
                    region = page.crop((x0, row.bbox[1], x1, row.bbox[3]), strict=False).filter(loose)
                    rows[r][c] = region.extract_text(**_TEXT) or None
    return rows


def _spans(table, axis: int) -> list[tuple[float, float]]:
    """Where each grid column (axis 0) or row (axis 1) starts and ends: a cell may be merged across the next
    ones, so a row's or column's own bbox can be wider."""
    starts = sorted({cell[axis] for cell in table.cells})
    return list(zip(starts, starts[1:] + [table.bbox[axis + 2]]))


def _covering(cells, point):
    x, y = point
    return next((cell for cell in cells if cell[0] < x < cell[2] and cell[1] < y < cell[3]), None)


# ---------------------------------------------------------------- rows cut by the page end
def _open_rows(page, tables) -> list[tuple[tuple, list[str]]]:
    """A row that runs over a page end has no rule at the cut: below the last table and above the first one,
    column rules that go on past the table mark that part of the row. (bbox, cells) of each."""
    if not tables:
        return []
    last = max(tables, key=lambda t: t.bbox[3])
    first = min(tables, key=lambda t: t.bbox[1])
    verticals = [e for e in page.edges if e["orientation"] == "v"]
    out = []
    below = [e["bottom"] for e in verticals if _on_columns(e, last) and abs(e["top"] - last.bbox[3]) <= _TOLERANCE]
    if len(below) >= 2 and max(below) - last.bbox[3] > _TOLERANCE:
        out.append(_band(page, last, last.bbox[3], max(below)))
    above = [e["top"] for e in verticals if _on_columns(e, first) and abs(e["bottom"] - first.bbox[1]) <= _TOLERANCE]
    if len(above) >= 2 and first.bbox[1] - min(above) > _TOLERANCE:
        out.append(_band(page, first, min(above), first.bbox[1]))
    return [row for row in out if any(row[1])]


def _on_columns(edge, table) -> bool:
    x0, _, x1, _ = table.bbox
    return x0 - _TOLERANCE <= edge["x0"] <= x1 + _TOLERANCE


def _band(page, table, top: float, bottom: float) -> tuple[tuple, list[str]]:
    cells = []
    for x0, x1 in _spans(table, 0):
        cells.append(page.crop((x0, top, x1, bottom), strict=False).extract_text(**_TEXT) or "")
    return (table.bbox[0], top, table.bbox[2], bottom), cells


# ---------------------------------------------------------------- tables ruled between rows only
def _tables_ruled_between_rows(page) -> list:
    """Some 分工表 are drawn with horizontal rules only, which pdfplumber does not take for cells. Their columns
    are found from the text that lines up in them; the header and last rows, whose text lines up less, are
    taken in as long as no text crosses a column."""
    if sum(1 for e in page.edges if e["orientation"] == "h") < 3:
        return []
    out = []
    for guess in page.find_tables({"vertical_strategy": "text", "horizontal_strategy": "lines"}):
        inner = sorted({cell[0] for cell in guess.cells})[1:]
        rules = _rules_across(page, guess.bbox)
        if not inner or len(rules) < 3 or _crossed(page, guess.bbox, inner):
            continue
        top, bottom = _extend(page, rules, inner, guess.bbox[1], -1), _extend(page, rules, inner, guess.bbox[3], 1)
        x0, x1 = min(r[1] for r in rules), max(r[2] for r in rules)
        region = page.crop((x0 - 1, top - 1, x1 + 1, bottom + 1), strict=False)
        found = region.find_tables({"vertical_strategy": "explicit", "explicit_vertical_lines": [x0, *inner, x1],
                                    "horizontal_strategy": "lines"})
        out += [t for t in found if len(t.rows) >= 2]
    return out


def _rules_across(page, bbox) -> list[tuple[float, float, float]]:
    """(y, x0, x1) of the horizontal rules under the table's columns; the edges of one rule (a thin filled
    rectangle has two, a rule drawn cell by cell many) are one."""
    x0, _, x1, _ = bbox
    edges = sorted((e["top"], e["x0"], e["x1"]) for e in page.edges
                   if e["orientation"] == "h" and e["x0"] < x1 and e["x1"] > x0)
    rules: list[tuple[float, float, float]] = []
    for y, lo, hi in edges:
        if rules and y - rules[-1][0] <= _TOLERANCE:
            first, low, high = rules[-1]
            rules[-1] = (first, min(low, lo), max(high, hi))
        else:
            rules.append((y, lo, hi))
    return rules


def _extend(page, rules, inner: list[float], edge: float, step: int) -> float:
    """From the table's top (step -1) or bottom (+1), the farthest rule reached band by band."""
    ys = [r[0] for r in rules]
    i = min(range(len(ys)), key=lambda k: abs(ys[k] - edge))
    while 0 <= i + step < len(ys):
        top, bottom = sorted((ys[i], ys[i + step]))
        if _crossed(page, (page.bbox[0], top, page.bbox[2], bottom), inner, empty=True):
            break
        i += step
    return ys[i]


def _crossed(page, bbox, inner: list[float], empty: bool = False) -> bool:
    """Does text in bbox run across a column boundary (prose, not a row)? `empty`: the answer for no text."""
    words = page.crop(bbox, strict=False).extract_words()
    if not words:
        return empty
    return any(w["x0"] < x - _TOLERANCE and w["x1"] > x + _TOLERANCE for w in words for x in inner)
