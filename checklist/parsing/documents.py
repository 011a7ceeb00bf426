"""Plain text out of an uploaded plan document (.txt, .docx, .pdf)."""
from pathlib import Path


class DocumentError(ValueError):
    pass


def read_document(path) -> str:
    path = Path(path)
    suffix = path.suffix.lower()
    readers = {".txt": _read_txt, ".text": _read_txt, ".docx": _read_docx, ".pdf": _read_pdf}
    if suffix not in readers:
        raise DocumentError(f"不支持的文件类型：{suffix or path.name}，请上传 .txt、.docx 或 .pdf 文件")
    if not path.is_file():
        raise DocumentError(f"找不到文件：{path.name}")
    return readers[suffix](path)


def _read_txt(path: Path) -> str:
    raw = path.read_bytes()
    for encoding in ("utf-8-sig", "gb18030"):  # government .txt files are often GBK
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            pass
    return raw.decode("utf-8", errors="replace")


def _read_docx(path: Path) -> str:
    try:
        import docx
        from docx.table import Table
        from docx.text.paragraph import Paragraph

        document = docx.Document(str(path))
    except Exception as exc:  # python-docx raises zip, XML and package errors alike
        raise DocumentError(f"无法读取 Word 文件“{path.name}”：文件已损坏或不是 .docx 格式（.doc 请另存为 .docx）") from exc
    lines = []
    # walk the body in order so that headings stay in place around the tables
    for element in document.element.body.iterchildren():
        tag = element.tag.rsplit("}", 1)[-1]
        if tag == "p":
            lines.append(Paragraph(element, document).text)
        elif tag == "tbl":
            lines.extend(_table_rows(Table(element, document)))
    return "\n".join(lines)


def _table_rows(table) -> list[str]:
    rows = []
    for row in table.rows:
        # leading grid positions a row skips still count as (empty) cells, so columns stay aligned
        cells = [""] * (getattr(row, "grid_cols_before", 0) or 0)
        cells += [" ".join(c.text.split()) for c in row.cells]  # a cell's own paragraphs and tabs → spaces
        rows.append("\t".join(cells))
    return rows


def _read_pdf(path: Path) -> str:
    try:
        from pdfminer.high_level import extract_text

        text = extract_text(str(path))
    except Exception as exc:  # pdfminer raises many unrelated types for damaged files
        raise DocumentError(f"无法读取 PDF 文件“{path.name}”：文件已损坏或已加密") from exc
    if not text.strip():
        raise DocumentError(f"PDF 文件“{path.name}”中没有可提取的文字（可能是扫描件），请上传文字版 PDF、.docx 或 .txt 文件")
    return text
