"""Numbers as plans print them: Chinese numerals, the markers of numbered lines ("一、" "(一)" "1." "①"…), dates.

Shared by the numbered paragraphs (plan.py) and the tables (plan_tables.py).
"""
import datetime
import re

_CN_DIGITS = "一二三四五六七八九十百零〇两"
_MARKERS = [
    ("part", re.compile(rf"^第([{_CN_DIGITS}\d]+)(?:部分|章|篇)\s*")),
    ("art", re.compile(rf"^第([{_CN_DIGITS}\d]+)条(?![的之规款中])[、.．:：]?\s*")),  # not "第三条规定…" wrapped by a PDF
    ("cn", re.compile(rf"^([{_CN_DIGITS}]+)\s*[、.．](?!\d)\s*")),
    ("pcn", re.compile(rf"^\(\s*([{_CN_DIGITS}]+)\s*\)\s*[、.．]?\s*")),
    ("ar", re.compile(r"^(\d{1,3})\s*[、.．](?!\d)\s*")),
    ("par", re.compile(r"^\(\s*(\d{1,3})\s*\)\s*[、.．]?\s*")),
    ("arp", re.compile(r"^(\d{1,3})\s*\)\s*")),
    ("circ", re.compile(r"^([①-⑳])\s*")),
]


def _cn_number(text: str) -> int | None:
    if not text:
        return None
    if text.isdecimal():  # not isdigit(): "①".isdigit() is true and int() fails on it
        return int(text)
    if text in "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳":
        return "①②③④⑤⑥⑦⑧⑨⑩⑪⑫⑬⑭⑮⑯⑰⑱⑲⑳".index(text) + 1
    digits = {c: i for i, c in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
    if "百" in text:
        head, _, tail = text.partition("百")
        return digits.get(head, 1) * 100 + (_cn_number(tail.lstrip("零〇")) or 0)
    if "十" in text:
        tens, _, ones = text.partition("十")
        return digits.get(tens, 1) * 10 + digits.get(ones, 0)
    return digits.get(text)


def _marker(line: str) -> tuple[str, int | None, str, str] | None:
    """(kind, number, marker as printed, rest of the line) for a numbered line."""
    for kind, pattern in _MARKERS:
        m = pattern.match(line)
        if m and (line[m.end():].strip() or kind in ("part", "cn", "pcn", "ar", "par")):
            return kind, _cn_number(m.group(1)), line[:m.end()].strip(), line[m.end():]
    return None


_DATE = re.compile(r"((?:19|20)\d{2})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?")
_CN_DATE = re.compile(r"^([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日$")


def _date(text: str) -> datetime.date | None:
    m = _DATE.search(text)
    if m:
        nums = [int(g) for g in m.groups()]
    else:
        m = _CN_DATE.match(text)
        if not m:
            return None
        year = int("".join(str("〇一二三四五六七八九".index(c)) if c != "零" else "0" for c in m.group(1)))
        nums = [year, _cn_number(m.group(2)), _cn_number(m.group(3))]
    try:
        return datetime.date(*nums)
    except (TypeError, ValueError):
        return None
