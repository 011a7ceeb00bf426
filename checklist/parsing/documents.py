"""Plain text out of an uploaded plan document (.txt, .docx, .pdf).

The txt decoding and the Word paragraph text (automatic list numbers included, which is how many plans
number their tasks) come from file_text, shared with the annual report reader. Tables and PDF are read
here, the way the plan parser expects them. In a PDF, pages printed sideways are turned upright first, and
the running heads and feet (office name, page numbers) are left out.
"""
import io
import re
from pathlib import Path

from .file_text import EmbeddedBody, UnknownEncoding, decode_text, docx_lines
from .pdf_tables import table_lines, table_pages


class DocumentError(ValueError):
    pass


def read_document(path) -> str:
    path = Path(path)
    suffix = path.suffix.lower()
    readers = {".txt": _read_txt, ".text": _read_txt, ".docx": _read_docx, ".pdf": _read_pdf}
    if suffix == ".doc":
        raise DocumentError(f"不支持旧版 Word 文件“{path.name}”：请在 Word 中另存为 .docx 后上传，或上传 .txt、.pdf 文件")
    if suffix in (".wps", ".wpt"):
        raise DocumentError(f"不支持 WPS 文字文件“{path.name}”：请在 WPS 中另存为 .docx 后上传，或上传 .txt、.pdf 文件")
    if suffix not in readers:
        raise DocumentError(f"不支持的文件类型：{suffix or path.name}，请上传 .txt、.docx 或 .pdf 文件")
    if not path.is_file():
        raise DocumentError(f"找不到文件：{path.name}")
    data = path.read_bytes()
    if not data.strip():
        raise DocumentError(f"文件“{path.name}”是空的，请检查后重新上传")
    text = readers[suffix](data, path.name)
    if not text.strip():
        raise DocumentError(f"文件“{path.name}”中没有文字内容，请检查后重新上传")
    return text


def _read_txt(data: bytes, name: str) -> str:
    try:
        return decode_text(data)[0]
    except UnknownEncoding as exc:
        raise DocumentError(f"无法识别文件“{name}”的文字编码：请另存为 UTF-8 编码的 .txt 文件，或上传 .docx、.pdf 文件") from exc


def _read_docx(data: bytes, name: str) -> str:
    try:
        # frames: a plan pasted from a web page may sit in a one-column table, one cell per paragraph block
        return "\n".join(docx_lines(io.BytesIO(data), _table_rows, frames=True))
    except EmbeddedBody as exc:
        raise DocumentError(f"Word 文件“{name}”的正文是其他系统导出时嵌入的内容，无法直接读取：请用 Word 打开该文件，"
                            "另存为 .docx 后重新上传") from exc
    except Exception as exc:  # python-docx raises zip, XML and package errors alike
        raise DocumentError(f"无法读取 Word 文件“{name}”：文件已损坏或不是 .docx 格式（.doc 请另存为 .docx）") from exc


def _table_rows(table, cell_text) -> list[str]:
    """cell_text(w:tc): a cell's text with its list numbers (docx_lines)."""
    rows = []
    for row in table.rows:
        # leading grid positions a row skips still count as (empty) cells, so columns stay aligned
        cells = [""] * (getattr(row, "grid_cols_before", 0) or 0)
        # a merged cell comes once per grid column and row it spans: the plan parser maps columns by the header
        cells += [cell_text(c._tc) for c in row.cells]
        rows.append("\t".join(cells))
    return rows


def _read_pdf(data: bytes, name: str) -> str:
    try:
        text = "\n".join(_pdf_lines(data))
    except Exception as exc:  # pdfminer raises many unrelated types for damaged files
        raise DocumentError(f"无法读取 PDF 文件“{name}”：文件已损坏或已加密") from exc
    if not text.strip():
        raise DocumentError(f"PDF 文件“{name}”中没有可提取的文字（可能是扫描件），请上传文字版 PDF、.docx 或 .txt 文件")
    return text


# ---------------------------------------------------------------- PDF
def _pdf_lines(data: bytes) -> list[str]:
    import pdfplumber

    with pdfplumber.open(io.BytesIO(data)) as pdf:
        turns = _sideways_pages(pdf)
        if not turns:
            return _lines_of(pdf, data)
    data = _turned(data, turns)
    with pdfplumber.open(io.BytesIO(data)) as pdf:
        return _lines_of(pdf, data)


def _lines_of(pdf, data: bytes) -> list[str]:
    """Ruled tables row by row (pdf_tables), else pdfminer's reading order of running text; without the
    running heads and feet, which would end up inside a task that runs over a page end."""
    running = _running_lines(pdf)
    pages = table_pages(pdf)
    if pages is None:
        from pdfminer.high_level import extract_text
        from pdfminer.layout import LAParams

        # a space only for a gap of half a character (as pdf_tables): official documents spread their
        # characters over a line grid, and pdfminer's default put a space between every two of them
        text = extract_text(io.BytesIO(data), laparams=LAParams(word_margin=0.5))
        pages = [page.split("\n") for page in text.split("\f")]
    return table_lines(_without_running(pages, running))


_MAX_RUNNING = 40  # characters: a running head is a name or a title, not a line of text
_EDGE = 2  # lines at the top and at the bottom of a page that may be running heads or feet
_SAME_PLACE = 3  # points


def _running_key(text: str) -> str:
    text = re.sub(r"\s+", "", text)
    return re.sub(r"\d+", "#", text) if len(text) <= _MAX_RUNNING else ""


def _edges(lines: list) -> list:
    return lines[:_EDGE] + lines[_EDGE:][-_EDGE:]


def _running_lines(pdf) -> list[set[str]]:
    """Per page, the running heads and feet on it: lines at the top or bottom printed at the same height on
    most pages ("东河区人民政府办公室", "第 2 页 共 9 页"). The height tells a head from the title of the same
    words under it."""
    places: dict[str, list[tuple[int, float]]] = {}
    for number, page in enumerate(pdf.pages):
        for line in _edges(page.extract_text_lines()):
            if _running_key(line["text"]):
                places.setdefault(_running_key(line["text"]), []).append((number, line["top"]))
    running: list[set[str]] = [set() for _ in pdf.pages]
    for key, found in places.items():
        for top in {top for _, top in found}:
            pages = {number for number, other in found if abs(other - top) <= _SAME_PLACE}
            if len(pages) >= max(2, (len(pdf.pages) + 1) // 2):
                for number in pages:
                    running[number].add(key)
    return running


def _without_running(pages: list[list], running: list[set[str]]) -> list[list]:
    """The pages without their running lines: once each, among the first and last lines of text."""
    out = []
    for number, items in enumerate(pages):
        left = set(running[number]) if number < len(running) else set()
        drop = set()
        for i in _edges([i for i, item in enumerate(items) if isinstance(item, str) and item.strip()]):
            if _running_key(items[i]) in left:
                left.discard(_running_key(items[i]))
                drop.add(i)
        out.append([item for i, item in enumerate(items) if i not in drop])
    return out


def _sideways_pages(pdf) -> dict[int, int]:
    """{page index: quarter turn in degrees} for pages whose text runs up or down the sheet (a landscape table
    put on a portrait page without turning the page): read as they are, their lines come out as columns."""
    turns = {}
    for i, page in enumerate(pdf.pages):
        chars = page.chars
        turned = [c for c in chars if not c["upright"]]
        if chars and len(turned) * 2 > len(chars):
            rising = sum(1 for c in turned if c["matrix"][1] > 0) * 2 > len(turned)
            turns[i] = 90 if rising else 270  # text read bottom to top is turned clockwise
    return turns


def _turned(data: bytes, turns: dict[int, int]) -> bytes:
    """The PDF with those pages turned (their /Rotate changed; the text stays as it is)."""
    import pypdfium2

    document = pypdfium2.PdfDocument(data)
    try:
        for i, turn in turns.items():
            page = document[i]
            page.set_rotation((page.get_rotation() + turn) % 360)
        out = io.BytesIO()
        document.save(out)
        return out.getvalue()
    finally:
        document.close()
