"""Plain text out of an uploaded plan document (.txt, .docx, .pdf).

The txt decoding and the Word paragraph text (automatic list numbers included, which is how many plans
number their tasks) come from file_text, shared with the annual report reader. Tables and PDF are read
here, the way the plan parser expects them.
"""
import io
from pathlib import Path

from .file_text import UnknownEncoding, cell_text, decode_text, docx_lines
from .pdf_tables import pdf_lines_with_tables


class DocumentError(ValueError):
    pass


def read_document(path) -> str:
    path = Path(path)
    suffix = path.suffix.lower()
    readers = {".txt": _read_txt, ".text": _read_txt, ".docx": _read_docx, ".pdf": _read_pdf}
    if suffix == ".doc":
        raise DocumentError(f"不支持旧版 Word 文件“{path.name}”：请在 Word 中另存为 .docx 后上传，或上传 .txt、.pdf 文件")
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
        return "\n".join(docx_lines(io.BytesIO(data), _table_rows))
    except Exception as exc:  # python-docx raises zip, XML and package errors alike
        raise DocumentError(f"无法读取 Word 文件“{name}”：文件已损坏或不是 .docx 格式（.doc 请另存为 .docx）") from exc


def _table_rows(table) -> list[str]:
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
        import pdfplumber
        from pdfminer.high_level import extract_text

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            lines = pdf_lines_with_tables(pdf)  # a task table, row by row
        text = "\n".join(lines) if lines is not None else extract_text(io.BytesIO(data))
    except Exception as exc:  # pdfminer raises many unrelated types for damaged files
        raise DocumentError(f"无法读取 PDF 文件“{name}”：文件已损坏或已加密") from exc
    if not text.strip():
        raise DocumentError(f"PDF 文件“{name}”中没有可提取的文字（可能是扫描件），请上传文字版 PDF、.docx 或 .txt 文件")
    return text
