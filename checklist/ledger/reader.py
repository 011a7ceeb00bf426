"""Read a task ledger (台账) from an .xlsx or .csv file, row by row.

open_ledger() checks the file (size, type, zip bomb, row count) and finds the header row;
Ledger.rows() then streams the task rows as text. Whole-file problems raise LedgerError with
a Chinese message for the user; judging single cells is the job of values.py.

- Only the first worksheet is read. Formulas give their cached values (data_only).
- Headers are found by name, in any order, in the first HEADER_SCAN_ROWS rows; title rows
  above them are skipped. A second header row right below (两级表头: 责任分工 over
  牵头单位 | 责任单位) is merged in when all of its cells are known headers.
- Cells merged over several rows (a unit or deadline shared by several tasks) are filled down:
  every row of the range gets the value of the range's top cell in the same column. A range
  merged across columns is not copied sideways.
- Rows without text in any known column are skipped, and so are the rows among the tasks that are
  not tasks: section headings (一、… merged across, or 一 | title with nothing else), notes and totals
  (备注：…, 合计), the header repeated, numbered rows left empty. Values that export escaped with a
  leading "'" (values.neutralize_formula) are restored here: do not restore them again.
"""
import csv
import io
import os
import re
import unicodedata
import warnings
import zipfile
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import lru_cache
from typing import Iterator

from checklist.parsing.text import normalize, squeeze_cjk_spaces

from .values import parse_number, restore_neutralized

COLUMNS = {
    "number": "序号", "title": "任务名称", "text": "具体内容", "lead_units": "牵头单位",
    "responsible_units": "责任单位", "due": "完成时限", "status": "状态", "progress": "进展情况",
    "indicators": "对应指标",
}
REQUIRED = ("number", "title")
HEADER_ALIASES = {
    "编号": "number", "序": "number", "任务序号": "number", "任务编号": "number",
    "工作任务": "title", "任务": "title", "重点任务": "title", "主要任务": "title", "任务事项": "title",
    "工作事项": "title", "目标任务": "title", "改革任务": "title", "重点工作": "title",
    "主要内容": "text", "工作内容": "text", "任务内容": "text", "具体措施": "text", "工作措施": "text",
    "主要措施": "text", "主要举措": "text", "工作举措": "text", "具体举措": "text", "具体工作": "text",
    "工作要求": "text", "具体要求": "text", "任务要求": "text",
    "牵头部门": "lead_units", "牵头": "lead_units", "主责单位": "lead_units", "主责部门": "lead_units",
    "牵头责任单位": "lead_units", "主办单位": "lead_units",
    "责任部门": "responsible_units", "配合单位": "responsible_units", "配合部门": "responsible_units",
    "协同单位": "responsible_units", "协同部门": "responsible_units", "协办单位": "responsible_units",
    "参与单位": "responsible_units", "配合责任单位": "responsible_units", "协作单位": "responsible_units",
    "完成时间": "due", "时间节点": "due", "时限": "due", "完成期限": "due", "时限要求": "due",
    "时间要求": "due", "时间安排": "due", "截止时间": "due", "截止日期": "due", "办结时限": "due",
    "完成情况": "progress", "进展": "progress", "工作进展": "progress", "推进情况": "progress",
    "落实情况": "progress", "工作推进情况": "progress", "办理情况": "progress", "完成进度": "progress",
    "进度": "progress",
    "完成状态": "status", "任务状态": "status", "推进状态": "status", "办理状态": "status",
    "指标": "indicators", "指标编号": "indicators",
}
MULTILINE = {"text", "progress", "lead_units", "responsible_units", "indicators"}

MAX_ROWS = 20000
MAX_UNCOMPRESSED_BYTES = 200 * 1024 * 1024
MAX_FILE_BYTES = 20 * 1024 * 1024
HEADER_SCAN_ROWS = 20
HEADER_SCAN_COLUMNS = 200

NOT_A_LEDGER = "不是有效的 Excel 文件（.xlsx）或 CSV 文件"
ENCRYPTED_OR_XLS = "文件已加密或为旧版 .xls 格式，请在 Excel 中取消密码并另存为 .xlsx 后再导入"
NOT_A_WORKBOOK = "压缩文件中没有 Excel 工作簿，请上传 .xlsx 格式的台账"
HTML_FILE = "文件是网页（HTML/XML）格式而非真正的 Excel 文件，请在 Excel 中打开并另存为 .xlsx 后再导入"
CORRUPT = "Excel 文件已损坏或无法读取，请在 Excel 中打开并另存为 .xlsx 后再导入"
EMPTY_FILE = "文件为空"
NO_SHEET = "工作簿中没有工作表"


class LedgerError(ValueError):
    """The whole file is refused; str(error) is the Chinese message for the user."""


def _too_many_rows() -> LedgerError:
    return LedgerError(f"工作表行数超过上限 {MAX_ROWS} 行，请拆分为多个文件后分批导入")


@dataclass
class LedgerRow:
    row: int                      # row number as Excel shows it
    values: dict[str, str]        # canonical key -> text, for the columns the sheet has
    raw_due: object = None        # the due cell as stored (datetime, number, str …)


@dataclass
class Ledger:
    header_row: int
    columns: dict[str, int]       # canonical key -> 1-based column
    missing: list[str]            # Chinese names of the optional columns the sheet lacks
    filename: str | None = None
    _source: object = field(default=None, repr=False)
    _data_start: int = field(default=0, repr=False)

    def rows(self) -> Iterator[LedgerRow]:
        """Task rows below the header; may raise LedgerError while streaming (row limit, damage)."""
        width = max(self.columns.values())
        fills = self._source.merged_fills(set(self.columns.values()), self._data_start)
        anchors = {}  # (row, column) -> raw value of the top cell of a merged range
        needed = set(fills.values())
        number_col = self.columns.get("number")
        task = None  # a task whose 序号 is merged over several rows (one row per 具体措施), while it is read
        for number, cells in self._source.iter_rows(self._data_start, max_col=width):
            if number > MAX_ROWS:
                raise _too_many_rows()
            raw = {key: cells[col - 1] if col <= len(cells) else None for key, col in self.columns.items()}
            values = {key: _column_text(key, value) for key, value in raw.items()}
            if fills:  # most ledgers have no merged cells: skip the per-cell look-ups
                for key, col in self.columns.items():
                    if (number, col) in needed:
                        anchors[number, col] = raw[key]
            if not any(values.values()):
                continue
            if fills:
                for key, col in self.columns.items():
                    anchor = fills.get((number, col))
                    if anchor and not values[key]:
                        raw[key] = anchors.get(anchor)
                        values[key] = _column_text(key, raw[key])
            if not _is_task_row(values):
                continue
            row = LedgerRow(number, values, raw.get("due"))
            if task is not None and fills.get((number, number_col)) == (task.row, number_col):
                _merge_rows(task, row)
                continue
            if task is not None:
                yield task
                task = None
            if (number, number_col) in needed:
                task = row
            else:
                yield row
        if task is not None:
            yield task

    def __iter__(self):
        return self.rows()

    def __len__(self) -> int:
        """Rough number of rows below the header (from the sheet's dimension), for progress bars."""
        return max(self._source.size - self._data_start + 1, 0)

    def close(self):
        self._source.close()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()


# --- cells and headers ----------------------------------------------------------

@lru_cache(maxsize=8192)  # unit names and deadlines repeat; normalize() is not cheap
def _normalized(text: str) -> str:
    return normalize(text)


def cell_text(value, multiline: bool = False) -> str:
    """Text of one cell: dates as YYYY-MM-DD, 1.0 as '1', normalized; single-line unless multiline."""
    if value is None:
        return ""
    if type(value) is str:  # most cells: skip the type checks below
        return _clean_text(value, multiline)
    if isinstance(value, datetime):
        value = value.date()
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return _clean_text(str(value), multiline)


def _clean_text(text: str, multiline: bool) -> str:
    if text[:1] == "'":
        text = restore_neutralized(text)
    text = _normalized(text)
    # The common cases (one line, no spaces) skip the clean-up: a 10,000-row ledger has 90,000 cells.
    if multiline:
        if "\n" in text:
            return "\n".join(line.strip() for line in text.split("\n")).strip()
        return text.strip()
    parts = text.split()
    if len(parts) == 1 and parts[0] == text:
        return text
    return squeeze_cjk_spaces(" ".join(parts))


def _column_text(key: str, value) -> str:
    text = cell_text(value, key in MULTILINE)
    if key == "number" and not text.isdigit():  # １. → 1 (whether it is a number is judged by values.parse_number)
        text = re.sub(r"(?<=\d)[.、]$", "", unicodedata.normalize("NFKC", text))
    return text


def _header_key(value) -> str | None:
    name = re.sub(r"\s+", "", cell_text(value))
    name = re.sub(r"\(.*?\)$", "", name).strip("*:：")  # 完成时限(年月日), 序号*
    return _HEADERS.get(name)


_HEADERS = {name: key for key, name in COLUMNS.items()} | HEADER_ALIASES


def _header_columns(cells) -> dict[str, int]:
    columns = {}
    for index, value in enumerate(cells, start=1):
        key = _header_key(value)
        if key and key not in columns:  # the first of two 责任单位-like columns wins
            columns[key] = index
    return columns


def _find_header(head: list[tuple[int, tuple]]) -> tuple[int, dict[str, int], int]:
    """(header row, columns, first data row) from the first rows of the sheet."""
    found = [(number, _header_columns(cells)) for number, cells in head]
    usable = [(len(cols), -i) for i, (_, cols) in enumerate(found) if all(k in cols for k in REQUIRED)]
    if not usable:
        best = max((cols for _, cols in found), key=len, default={})
        names = "".join(f"“{COLUMNS[k]}”" for k in REQUIRED if k not in best)
        raise LedgerError(f"未找到表头：缺少列{names}，请确认第一张工作表包含这些列标题")
    index = -max(usable)[1]
    header_row, columns = found[index]
    data_start = header_row + 1
    if index + 1 < len(found) and found[index + 1][0] == data_start:
        cells = [c for c in head[index + 1][1] if cell_text(c)]
        sub = found[index + 1][1]
        if cells and len(cells) == sum(1 for c in cells if _header_key(c)) and set(sub) - set(columns):
            columns = {**sub, **columns}
            data_start += 1
    return header_row, columns, data_start


def _merge_rows(task: LedgerRow, row: LedgerRow) -> None:
    """Add a row of a task merged over several rows to it: each text once, joined by line (by "；" in a
    one-line column); the deadline of several rows is read from their texts (the latest one counts)."""
    for key, text in row.values.items():
        before = task.values.get(key, "")
        parts = before.split("\n") if key in MULTILINE else before.split("；")
        if text and text not in parts:
            task.values[key] = f"{before}{chr(10) if key in MULTILINE else '；'}{text}" if before else text
            if key == "due":
                task.raw_due = task.values[key]


# --- rows that are not tasks -------------------------------------------------------

# Notes under (or between) the rows: 备注：…, 注：…, 填报单位：…, 合计 26 项; "注重…" is a task.
_NOTE_ROW = re.compile(
    r"^(?:备注|注|说明|填表说明|填报说明|附注|填报单位|填报人|填表人|制表人|制表|审核人|联系人|联系电话|负责人|单位负责人"
    r"|分管领导|填报日期|报送日期)\s*[:：]|^(?:合计|小计|总计)(?![\u3400-\u9fff])")
# How a section is numbered: 一、 (一) 第一部分 (a task of a ledger numbered 1, 2, 3 never is).
_SECTION_NUMBER = re.compile(r"^(?:第?[一二三四五六七八九十]+(?:部分|项|类|章|节)?[、.．]?|[(（][一二三四五六七八九十]+[)）][、.]?)$")


def _is_task_row(values: dict[str, str]) -> bool:
    """False for what sits among the task rows without being a task: a section heading (一、… merged
    across, or 一 | 依法全面履行政府职能 with nothing else), a note or total row, a repeated header row,
    a numbered row of a template that was never filled in."""
    number, title = values.get("number", ""), values.get("title", "")
    rest = any(text for key, text in values.items() if key not in ("number", "title"))
    first = number or title
    is_number = parse_number(number)[1] is None
    if not is_number and _NOTE_ROW.match(first):
        return False
    if sum(1 for key, text in values.items() if text and _header_key(text) == key) >= 2:
        return False  # the header again (a table pasted together from several sheets or pages)
    if not rest and not title:  # 1 | (empty) …: nothing to import; 一、依法全面履行政府职能 merged across: a heading
        return False
    # 一 | 依法全面履行政府职能 | (nothing else): a heading, when the sheet has columns to tell
    return not (not rest and len(values) > 2 and _SECTION_NUMBER.match(number))


# --- sources ---------------------------------------------------------------------

class _CsvSource:
    def __init__(self, text: str):
        sample = text[:8192]
        self._delimiter = "\t" if sample.count("\t") > sample.count(",") else ","
        self._text = text
        self.size = sum(1 for _ in self._reader())
        if self.size > MAX_ROWS:
            raise _too_many_rows()

    def _reader(self):
        try:
            yield from csv.reader(io.StringIO(self._text, newline=""), delimiter=self._delimiter)
        except csv.Error as exc:
            raise LedgerError(f"CSV 文件格式有误：{exc}") from exc

    def iter_rows(self, min_row=1, max_row=None, max_col=None):
        for number, cells in enumerate(self._reader(), start=1):
            if max_row and number > max_row:
                return
            if number >= min_row:
                yield number, tuple(cells[:max_col] if max_col else cells)

    def merged_fills(self, columns, data_start):
        return {}

    def close(self):
        pass


class _XlsxSource:
    def __init__(self, data: bytes):
        from openpyxl import load_workbook

        self._zip = zipfile.ZipFile(io.BytesIO(data))
        infos = self._zip.infolist()
        if sum(info.file_size for info in infos) > MAX_UNCOMPRESSED_BYTES:
            raise LedgerError(
                f"文件解压后超过 {MAX_UNCOMPRESSED_BYTES // (1024 * 1024)} MB，可能不是正常的台账文件，已拒绝导入")
        types = next((i for i in infos if i.filename == "[Content_Types].xml"), None)
        if types is None or types.file_size > 1024 * 1024 or not re.search(
                rb"(spreadsheetml\.(sheet|template)|ms-excel\.(sheet|template)\.macroEnabled)\.main\+xml",
                self._zip.read(types)):
            raise LedgerError(NOT_A_WORKBOOK)
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "no default style" and similar noise
            self._wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
        if not self._wb.worksheets:
            raise LedgerError(NO_SHEET)
        self._ws = self._wb.worksheets[0]
        self.size = self._ws.max_row or 0  # from <dimension>, without reading the rows
        if self.size > MAX_ROWS:
            raise _too_many_rows()
        # A wrong <dimension> (some exporters write A1) would cut rows off: read what is there,
        # the row limit is enforced while streaming.
        self._ws.reset_dimensions()

    def iter_rows(self, min_row=1, max_row=None, max_col=None):
        try:
            rows = self._ws.iter_rows(min_row=min_row, max_row=max_row, max_col=max_col, values_only=True)
            yield from enumerate(rows, start=min_row)
        except LedgerError:
            raise
        except Exception as exc:  # openpyxl/zipfile/XML errors of a damaged file
            raise LedgerError(CORRUPT) from exc

    def merged_fills(self, columns, data_start) -> dict[tuple[int, int], tuple[int, int]]:
        """(row, column) -> (top row, column) for the cells below the top of merged ranges."""
        from openpyxl.utils.cell import range_boundaries

        fills = {}
        path = getattr(self._ws, "_worksheet_path", None)
        if path is None:  # openpyxl internals changed: no filling rather than failure
            return fills
        try:
            refs = _merge_refs(self._zip, path)
        except Exception as exc:
            raise LedgerError(CORRUPT) from exc
        for ref in refs:
            min_col, min_row, _, max_row = range_boundaries(ref)
            if min_col in columns and min_row >= data_start:
                for row in range(min_row + 1, min(max_row, MAX_ROWS) + 1):
                    fills[row, min_col] = (min_row, min_col)
        return fills

    def close(self):
        self._wb.close()


_MERGE_CELL = re.compile(rb'<(?:\w+:)?mergeCell\s[^>]*?ref="([A-Z]+[0-9]+:[A-Z]+[0-9]+)"')


def _merge_refs(archive: zipfile.ZipFile, path: str) -> list[str]:
    """The ref="E5:E9" of every <mergeCell>, found by scanning the sheet's bytes in chunks.

    Cheaper than a second XML parse of the whole sheet (most ledgers have few or no merged cells).
    """
    refs, tail = [], b""
    with archive.open(path) as source:
        while chunk := source.read(1 << 20):
            data = tail + chunk
            cut = data.rfind(b"<")  # a tag cut by the chunk boundary is scanned with the next chunk
            cut = cut if cut > len(data) - 200 else len(data)
            refs += [m.decode() for m in _MERGE_CELL.findall(data, 0, cut)]
            tail = data[cut:]
    refs += [m.decode() for m in _MERGE_CELL.findall(tail)]
    return refs


# --- opening -----------------------------------------------------------------------

def _read_bytes(path_or_file) -> bytes:
    if isinstance(path_or_file, (bytes, bytearray)):
        data = bytes(path_or_file)
    elif isinstance(path_or_file, (str, os.PathLike)):
        with open(path_or_file, "rb") as handle:
            data = handle.read(MAX_FILE_BYTES + 1)
    else:
        if hasattr(path_or_file, "seek"):
            path_or_file.seek(0)
        data = path_or_file.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise LedgerError(f"文件超过 {MAX_FILE_BYTES // (1024 * 1024)} MB 上限，请拆分后分批导入")
    if not data:
        raise LedgerError(EMPTY_FILE)
    return data


def _decode_text(data: bytes) -> str:
    if data.startswith((b"\xff\xfe", b"\xfe\xff")):  # Excel's "Unicode 文本"
        encodings = ("utf-16",)
    elif b"\x00" in data[:8192]:
        raise LedgerError(NOT_A_LEDGER)
    else:
        encodings = ("utf-8-sig", "gb18030")
    for encoding in encodings:
        try:
            text = data.decode(encoding)
        except UnicodeDecodeError:
            continue
        if text.lstrip().startswith("<"):
            raise LedgerError(HTML_FILE)
        return text
    raise LedgerError(NOT_A_LEDGER)


def _open_source(data: bytes):
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise LedgerError(ENCRYPTED_OR_XLS)
    if not data.startswith(b"PK"):
        return _CsvSource(_decode_text(data))
    try:
        return _XlsxSource(data)
    except LedgerError:
        raise
    except Exception as exc:  # zipfile/openpyxl raise many kinds of errors on damaged files
        raise LedgerError(CORRUPT) from exc


def open_ledger(path_or_file, filename: str | None = None) -> Ledger:
    """Open a ledger from a path, bytes or a binary file object; the type is told by content.

    ``filename`` is only kept on the Ledger (for messages and logs).
    """
    if filename is None and isinstance(path_or_file, (str, os.PathLike)):
        filename = os.path.basename(path_or_file)
    source = _open_source(_read_bytes(path_or_file))
    try:
        head = list(source.iter_rows(1, max_row=HEADER_SCAN_ROWS, max_col=HEADER_SCAN_COLUMNS))
        header_row, columns, data_start = _find_header(head)
    except BaseException:
        source.close()
        raise
    missing = [name for key, name in COLUMNS.items() if key not in columns]
    return Ledger(header_row, columns, missing, filename, source, data_start)
