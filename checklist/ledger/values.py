"""Cell parsers for task ledgers (台账).

Every parser takes the cell text as the reader gives it and answers ``(value, error)``;
``error`` is ``None`` or a Chinese sentence telling the user what was expected.
Pure Python: no Django, no openpyxl (unit names are read as the plan parser reads them).
"""
import calendar
import re
import unicodedata
from datetime import date, datetime, timedelta
from functools import lru_cache

from checklist.parsing.text import normalize
from checklist.parsing.units import assign_units, bracket_roles

# --- 序号 ---------------------------------------------------------------------

NUMBER_ERROR = "序号应为正整数，例如 1、2、3"
_CN_DIGITS = {"一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def _chinese_number(text: str) -> int | None:
    """一 … 九十九 (序号 such as 十二); anything else → None."""
    match = re.fullmatch(r"([一二三四五六七八九]?)(十?)([一二三四五六七八九]?)", text)
    if not text or not match:
        return None
    tens, ten, ones = match.groups()
    if tens and not ten:  # 二三 is not a number
        return None if ones else _CN_DIGITS[tens]
    value = (_CN_DIGITS[tens] if tens else 1) * 10 if ten else 0
    return value + (_CN_DIGITS[ones] if ones else 0)


def parse_number(text) -> tuple[int | None, str | None]:
    """'1', '01', '1.', '1.0', '(1)', '一' → 1; empty, zero or anything else → error."""
    s = unicodedata.normalize("NFKC", str(text or "")).strip()
    s = re.sub(r"^[(（]\s*(.+?)\s*[)）]$", r"\1", s).rstrip(".、)）").strip()
    match = re.fullmatch(r"(\d+)(?:\.0+)?", s)
    value = int(match.group(1)) if match else _chinese_number(s)
    if not value:
        return None, NUMBER_ERROR
    return value, None


# --- 完成时限 -------------------------------------------------------------------

_EXCEL_EPOCH = date(1899, 12, 30)
# Plausible deadlines typed into a General-formatted cell arrive as serial numbers.
_SERIAL_RANGE = (36526, 73051)  # 2000-01-01 … 2099-12-31
_YEARS = range(2000, 2100)
_QUARTER = {"一": 1, "二": 2, "三": 3, "四": 4, "1": 1, "2": 2, "3": 3, "4": 4}

_DATE_PATTERNS = (
    # 2021-12-31, 2021/12/31, 2021.12.31, 2021-12 (→ month end)
    re.compile(r"(?<!\d)(?P<y>\d{4})[-/.](?P<m>\d{1,2})(?:[-/.](?P<d>\d{1,2}))?(?!\d)"),
    # 2021年12月31日, 2021年12月底(前), 2021年6月 (→ month end)
    re.compile(r"(?<!\d)(?P<y>\d{4})年(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})(?!\d))?"),
    # 2021年第三季度, 2021年三季度
    re.compile(r"(?<!\d)(?P<y>\d{4})年度?第?(?P<q>[一二三四1-4])季度"),
    # 2021年上半年 / 下半年
    re.compile(r"(?<!\d)(?P<y>\d{4})年度?(?P<h>[上下])半年"),
    # 2021年底, 2021年末, 2021年内, 2021年度(内)
    re.compile(r"(?<!\d)(?P<y>\d{4})年(?:度内|度(?![第一二三四1-4上下])|底|末|内)"),
)


def _due_error(text: str) -> str:
    return f"无法识别的日期“{text}”：请填写如 2021-12-31 或 2021年12月底"


def _match_date(match: re.Match) -> date | None:
    """The deadline a pattern match stands for; None when it cannot exist (2021-02-30)."""
    g = {k: v for k, v in match.groupdict().items() if v is not None}
    year = int(g["y"])
    if year not in _YEARS:
        return None
    if "q" in g:
        month = _QUARTER[g["q"]] * 3
    elif "h" in g:
        month = 6 if g["h"] == "上" else 12
    else:
        month = int(g.get("m", 12))
    if not 1 <= month <= 12:
        return None
    last = calendar.monthrange(year, month)[1]
    day = int(g["d"]) if "d" in g else last
    return date(year, month, day) if 1 <= day <= last else None


def parse_due(raw, text, year: int | None = None) -> tuple[date | None, str, str | None]:
    """(deadline or None, the text to keep as written, error or None).

    Excel date cells and serial numbers are used as they are. In text, every date found is
    read (2021-12-31, 2021年12月底前, 2021年底, 2021年第三季度, 二〇二一年六月底 …) and the latest
    one is the deadline, so '2021年6月底前完成，长期坚持' gives 2021-06-30. A month written
    without its year takes the year written before it ('2021年10月-12月' → 2021-12-31), or
    ``year`` (the plan's) when the text names no year at all ('6月30日前', '年底前').
    A bare year or span of years ('2022', '2021-2022年') means the end of the last year.
    Text with no date at all (每季度, 持续推进) is accepted as written with no deadline.
    """
    if isinstance(raw, datetime):
        return raw.date(), raw.date().isoformat(), None
    if isinstance(raw, date):
        return raw, raw.isoformat(), None
    if isinstance(raw, (int, float)) and not isinstance(raw, bool):
        if _SERIAL_RANGE[0] <= raw <= _SERIAL_RANGE[1] and float(raw).is_integer():
            day = _EXCEL_EPOCH + timedelta(days=int(raw))
            return day, day.isoformat(), None
    written = str(text if text is not None else ("" if raw is None else raw)).strip()
    return _parse_due_text(written, year)


_CN_DATE_DIGITS = str.maketrans("〇零一二三四五六七八九", "00123456789")
_CN_YEAR = re.compile(r"[〇零一二三四五六七八九]{4}(?=年)")
_CN_MONTH_DAY = re.compile(r"(?<=[年月])[一二三四五六七八九十]{1,3}(?=[月日号])")
_YEAR_ONLY = re.compile(r"(?:\d{4}年?度?[-~—至到]+)?(?P<y>\d{4})年?度?")
_YEAR_ANCHOR = re.compile(r"(?<!\d)(\d{4})(?:年|[-/.]\d)")
# A month without its year: "12月31日", the "12月" of "2021年10月-12月"; not the "6月" of "2021年6月".
_MONTH_NO_YEAR = re.compile(r"(?<![\d年])(?P<m>\d{1,2})月(?:(?P<d>\d{1,2})(?!\d))?")


def _arabic_date(s: str) -> str:
    """二〇二一年十二月三十一日 → 2021年12月31日 (numerals next to 年/月/日 only)."""
    s = _CN_YEAR.sub(lambda m: m.group().translate(_CN_DATE_DIGITS), s)
    return _CN_MONTH_DAY.sub(lambda m: str(_chinese_number(m.group()) or m.group()), s)


@lru_cache(maxsize=4096)  # a ledger repeats a handful of deadlines over thousands of rows
def _parse_due_text(written: str, year: int | None = None) -> tuple[date | None, str, str | None]:
    s = _arabic_date(re.sub(r"\s+", "", unicodedata.normalize("NFKC", written)))
    if year and not re.search(r"\d{4}", s) and s:
        s = f"{year}{s}" if s.startswith("年") else f"{year}年{s}"
    only = _YEAR_ONLY.fullmatch(s)
    if only:
        s = only.group("y") + "年底"
    found = []
    for pattern in _DATE_PATTERNS:
        for match in pattern.finditer(s):
            day = _match_date(match)
            if day is None:
                return None, written, _due_error(written)
            found.append(day)
    anchors = [(m.start(), m.group(1)) for m in _YEAR_ANCHOR.finditer(s)]
    for match in _MONTH_NO_YEAR.finditer(s):
        before = [y for position, y in anchors if position < match.start()]
        if not before:
            continue  # no year to give it: "12月底前" alone stays text
        day = _match_date(_YearMatch(before[-1], match))
        if day is None:
            return None, written, _due_error(written)
        found.append(day)
    return (max(found) if found else None), written, None


class _YearMatch:
    """A month match lent the year written before it, read like a match of _DATE_PATTERNS."""

    def __init__(self, year: str, match: re.Match):
        self._groups = {"y": year, **match.groupdict()}

    def groupdict(self):
        return self._groups


# --- 状态 ----------------------------------------------------------------------

STATUS_LABELS = {"not_started": "未开始", "in_progress": "进行中", "done": "已完成", "not_applicable": "不适用"}
STATUS_ERROR = "状态应为：未开始、进行中、已完成、不适用"
_STATUS_WORDS = {
    "not_started": ("未开始", "尚未开始", "未启动", "尚未启动", "未开展", "尚未开展", "暂未开展"),
    "in_progress": ("进行中", "推进中", "正在推进", "正在进行", "正在落实", "持续推进", "序时推进", "按序时推进",
                    "有序推进", "稳步推进", "部分完成", "基本完成"),
    "done": ("已完成", "完成", "已办结", "办结", "已落实", "按时完成", "已按时完成", "全面完成", "已全面完成"),
    "not_applicable": ("不适用",),
}
_STATUS = {word: key for key, words in _STATUS_WORDS.items() for word in (key, *words)}


def parse_status(text) -> tuple[str | None, str | None]:
    """Chinese label (or the status key itself) → key; empty → (None, None): leave as is.

    A remark in brackets after the label is not part of it: '已完成(长期坚持)' is 已完成.
    """
    s = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(text or ""))).rstrip("。.")
    if not s:
        return None, None
    key = _STATUS.get(s) or _STATUS.get(re.sub(r"[(\[【][^()\[\]【】]*[)\]】]$", "", s))
    return (key, None) if key else (None, STATUS_ERROR)


# --- 单位、指标 -------------------------------------------------------------------

def _unique(items) -> list[str]:
    return list(dict.fromkeys(item for item in items if item))


def split_unit_roles(text) -> tuple[list[str], list[str]]:
    """(units marked as leading, the other units) of a units cell, names as written.

    Separators are 、，；/, spaces between full names and line ends, never inside brackets; role words,
    labels and "等" tails are not part of a name: '区司法局(牵头)、区财政局等' → (['区司法局'], ['区财政局']),
    '牵头单位：区司法局\n配合单位：区财政局' and '区司法局牵头，区财政局配合' the same. '无' or '/' is no unit.
    """
    text = normalize(str(text or "")).strip()
    if not text:
        return [], []
    roles = bracket_roles(text, at_end=False) or assign_units(text, "resp")
    lead = _unique(roles.lead)
    return lead, [name for name in _unique(roles.resp) if name not in lead]


def split_unit_cell(text) -> list[str]:
    """Every unit named in a units cell, in order (see split_unit_roles)."""
    lead, rest = split_unit_roles(text)
    return lead + rest


def split_codes(text) -> list[str]:
    """Indicator numbers: '1.1、1.2；3' → ['1.1', '1.2', '3']."""
    return _unique(re.split(r"[、，,；;\s]+", str(text or "").strip()))


# --- 公式注入 ---------------------------------------------------------------------

FORMULA_PREFIXES = ("=", "+", "-", "@")


def _needs_quote(value: str) -> bool:
    # A leading "'" is escaped too, so that restore_neutralized(neutralize_formula(v)) == v for every v.
    return bool(value) and (
        value[0] in "\t\r'" or value.lstrip().startswith(FORMULA_PREFIXES)
    )


def neutralize_formula(value):
    """'=1+1' → \"'=1+1\": exported text can never be taken for a formula by Excel/WPS."""
    return "'" + value if isinstance(value, str) and _needs_quote(value) else value


def restore_neutralized(value):
    """Inverse of neutralize_formula (an "'" that neutralize_formula would have added is removed)."""
    if isinstance(value, str) and value.startswith("'") and _needs_quote(value[1:]):
        return value[1:]
    return value
