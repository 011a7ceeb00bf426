"""Text of a PDF whose pages hold ruled tables: each table row becomes one line of tab-separated cells.

Work plans are often published as a PDF of a task table (序号 | 重点任务 | 牵头单位 | 责任单位 | 完成时限). Plain text
extraction reads such a table column by column, with every cell broken at its width, and the tasks cannot be put
back together. Here the tables are found from their ruling lines (pdfplumber), a row's cells are read whole, and
the text around the tables is kept in page order, so the plan parser sees the same rows as from a Word table.
"""
import re

_CJK_OR_PUNCT = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’、，。；：！？（）《》"
# a line break inside a cell: none between Chinese characters ("区政务\n服务中心"), a space between words
_CELL_BREAK = re.compile(rf"(?<=[{_CJK_OR_PUNCT}])\s*\n\s*|\s*\n\s*(?=[{_CJK_OR_PUNCT}])")


def _cell_line(cell: str | None) -> str:
    """One table cell on one line; a cell covered by a merge (None) is empty."""
    if not cell:
        return ""
    return " ".join(_CELL_BREAK.sub("", cell).split())


def pdf_lines_with_tables(pdf) -> list[str] | None:
    """The document's lines with its tables as tab-separated rows, or None when no page has a ruled table
    (the caller's plain extraction then applies unchanged). `pdf` is an open pdfplumber document."""
    pages = []
    found = False
    for page in pdf.pages:
        tables = page.find_tables()
        found = found or bool(tables)
        pages.append(_page_lines(page, tables))
    return [line for lines in pages for line in lines] if found else None


def _page_lines(page, tables) -> list[str]:
    """Lines outside the tables and the tables' rows, top to bottom."""
    boxes = [t.bbox for t in tables]

    def outside(obj) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in boxes)

    placed = [(line["top"], line["text"]) for line in page.filter(outside).extract_text_lines()]
    for table in tables:
        for row, cells in zip(table.rows, _cells(page, table)):
            if any(cells):
                placed.append((row.bbox[1], "\t".join(_cell_line(c) for c in cells)))
    return [text for _, text in sorted(placed, key=lambda item: item[0])]


def _cells(page, table) -> list[list[str | None]]:
    """The table's cells; a cell whose ruling is not closed (a merged cell cut by the page end has no bottom
    line) is not found as a cell, so the text standing in its row and column is read from there."""
    rows = table.extract()
    found = [cell for row in table.rows for cell in row.cells if cell]

    def loose(obj) -> bool:
        x = (obj["x0"] + obj["x1"]) / 2
        y = (obj["top"] + obj["bottom"]) / 2
        return not any(x0 <= x <= x1 and top <= y <= bottom for x0, top, x1, bottom in found)

    for r, row in enumerate(table.rows):
        for c, cell in enumerate(row.cells):
            if cell is None and c < len(table.columns):
                x0, _, x1, _ = table.columns[c].bbox
                region = page.crop((x0, row.bbox[1], x1, row.bbox[3]), strict=False).filter(loose)
                rows[r][c] = region.extract_text() or None
    return rows
