"""How reports number their items: the markers that open a numbered or bulleted line ("一、" "(一)" "1." "①"
"——" "●" "【…】"…) and the inline enumerations inside a paragraph ("一是…二是…", "第一，…第二，…", "①…②…",
"(1)…(2)…", "首先，…其次，…").
"""
import re

_CN = "一二三四五六七八九十"
_CN_NUMERALS = ["一", "二", "三", "四", "五", "六", "七", "八", "九", "十"] + [
    "十" + c for c in "一二三四五六七八九"] + ["二十"]
_MARKERS = [
    ("part", re.compile(rf"第[{_CN}\d]{{1,3}}(?:部分|章|篇|节)[、.，：\s]*")),
    # "一、2023年工作成效": after "、" a digit starts the title; after "." it may be a decimal
    ("cn", re.compile(rf"[{_CN}]{{1,3}}\s*(?:、|[.，](?!\d))")),
    ("pcn", re.compile(rf"\(\s*[{_CN}]{{1,3}}\s*\)[、.，]?|[{_CN}]{{1,3}}\)|[\u3220-\u3229]")),
    ("num", re.compile(r"\d{1,2}\s*(?:、|\.(?!\d))")),
    ("pnum", re.compile(r"\(\s*\d{1,2}\s*\)[、.]?|\d{1,2}\)(?!\d)")),
    ("circ", re.compile("[\u2460-\u2473\u2776-\u277f\u3251-\u325f]")),
    ("shi", re.compile(rf"[{_CN}]{{1,3}}是(?=[^，。；：\s])")),
    ("di", re.compile(rf"第[{_CN}]{{1,3}}[，、：]")),
    ("dash", re.compile(r"—{1,2}|―{1,2}|-{2}")),
    ("bullet", re.compile(r"[●•·▪■□◆◇★☆▲►◎○❖➢]")),
    ("bracket", re.compile(r"\[(?!\d+\])[^\[\]，。；：]{2,30}\]\s*")),  # 【坚持党的全面领导】…
]
_BULLET_KINDS = {"dash", "bullet"}  # their marker carries no number: left out of heading labels


def _marker(text: str) -> tuple[str, int] | None:
    for kind, pattern in _MARKERS:
        m = pattern.match(text)
        if m and m.end() < len(text):
            return kind, m.end()
    return None


# ---------------------------------------------------------------- inline enumerations

_INLINE_AFTER = set("。；;！？!?：:，, \n")
_INLINE_FAMILIES = {
    "shi": re.compile(rf"([{_CN}]{{1,3}})是(?=[^，。；：\s])"),  # 一是…二是…
    "di": re.compile(rf"第([{_CN}]{{1,3}})[，、：]"),  # 第一，…第二，…
    "circ": re.compile("([\u2460-\u2473])"),  # ①…②…
    "pnum": re.compile(r"\((\d{1,2})\)"),  # (1)…(2)…
    "order": re.compile(r"(首先|其次|再次|最后)(?=[，是])"),  # 首先，…其次，…最后，…
}
_ORDER = {"首先": 1, "其次": 2, "再次": 3}
_LAST = -1  # "最后": the next number, and the end of the list


def _inline_number(family: str, token: str) -> int:
    if family in ("shi", "di"):
        return _CN_NUMERALS.index(token) + 1 if token in _CN_NUMERALS else 0
    if family == "circ":
        return ord(token) - 0x2460 + 1
    if family == "order":
        return _ORDER.get(token, _LAST)
    return int(token)


def _inline_series(text: str, begin: int) -> list[list[int]]:
    """Start positions of inline items in text[begin:]: "一是…二是…", "第一，…第二，…", "①…②…", "(1)…(2)…",
    "首先，…其次，…".
    A series counts from one without gaps and has at least two items; series do not overlap (a list
    nested inside an item is left to that item)."""
    found: list[list[int]] = []
    for family, pattern in _INLINE_FAMILIES.items():
        current, expect = [], 1
        for m in pattern.finditer(text, begin):
            at = m.start()
            if family != "circ" and at and text[at - 1] not in _INLINE_AFTER:
                continue
            number = _inline_number(family, m.group(1))
            if number == 1:
                if len(current) >= 2:
                    found.append(current)
                current, expect = [at], 2
            elif current and number in (expect, _LAST):
                current.append(at)
                expect = expect + 1 if number == expect else -2  # nothing follows "最后"
        if len(current) >= 2:
            found.append(current)
    found.sort()
    series: list[list[int]] = []
    for s in found:
        if not series or s[0] >= series[-1][-1]:
            series.append(s)
    return series


def _starts_item(text: str, at: int) -> bool:
    for family, pattern in _INLINE_FAMILIES.items():
        m = pattern.match(text, at)
        if m and _inline_number(family, m.group(1)) not in (0, 1):  # "二是", "②", "其次", "最后"…
            return True
    return False
