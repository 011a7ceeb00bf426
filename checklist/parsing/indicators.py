"""Read an indicator system (指标体系) from the file a user holds: reference JSON, xlsx, text, docx or pdf.

Pure Python, no Django: the importer turns a ParsedSystem into rows. Nothing here invents or rewrites
wording. Names and texts come from the file with only whitespace normalised, and whatever the file
lacks shows up in completeness() and notes. That is how the product shows honestly how complete a
loaded system is.

Tables (xlsx, tab-separated rows) are read in indicator_tables.py, text as published in indicator_text.py; both
use the data classes and helpers here, and load_indicator_file dispatches to them.
"""
from __future__ import annotations

import json
import re
import unicodedata
from collections import Counter, defaultdict
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation
from pathlib import Path

from .text import squeeze_cjk_spaces

_CN_DIGITS = {"零": 0, "〇": 0, "一": 1, "二": 2, "两": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}
_CN_UNITS = {"十": 10, "百": 100}
_CN_NUM = "".join(_CN_DIGITS) + "".join(_CN_UNITS)
_CIRCLED = "".join(chr(c) for c in range(0x2460, 0x2474))  # ①..⑳
_DOTTED_NUMBER = re.compile(r"[1-9]\d?(?:[.．]\d{1,2}){1,3}")  # outline numbers 1.1 / 2.3.1


class IndicatorParseError(ValueError):
    """The file cannot be read as an indicator system; the message is shown to the user as is."""


@dataclass
class ParsedIndicator:
    level: int
    number: str
    name: str
    text: str
    parent: int | None
    code: str = ""
    score: Decimal | None = None
    assessment_method: str = ""
    expected_materials: str = ""
    description: str = ""
    source: str = ""


@dataclass
class ParsedSystem:
    name: str = ""
    version: str = ""
    issuer: str = ""
    sources: list[str] = field(default_factory=list)
    preamble: str = ""
    expected_counts: dict[int, int] = field(default_factory=dict)
    notes: str = ""
    indicators: list[ParsedIndicator] = field(default_factory=list)

    def add(self, level: int, number: str, name: str, text: str, parent: int | None, **extra) -> int:
        self.indicators.append(ParsedIndicator(level, number, name, text, parent, **extra))
        return len(self.indicators) - 1

    def completeness(self) -> dict:
        loaded = Counter(ind.level for ind in self.indicators)
        levels = [
            {"level": lvl, "label": level_label(lvl), "loaded": loaded.get(lvl, 0), "expected": self.expected_counts.get(lvl)}
            for lvl in sorted(set(loaded) | set(self.expected_counts))
        ]
        # Unknown expectations count as incomplete: we cannot claim a file is whole without knowing its size;
        # more items than stated is no proof either (something that is no indicator may have been read as one).
        complete = bool(levels) and all(l["expected"] is not None and l["loaded"] == l["expected"] for l in levels)
        return {"levels": levels, "complete": complete}

    def to_dict(self) -> dict:
        codes = [ind.code for ind in self.indicators]
        return {
            "system": {"name": self.name, "version": self.version, "issuer": self.issuer, "sources": list(self.sources),
                       "expected_counts": dict(self.expected_counts), "preamble": self.preamble, "notes": self.notes},
            "indicators": [
                {"code": ind.code, "level": ind.level, "number": ind.number, "name": ind.name, "text": ind.text,
                 "score": str(ind.score) if ind.score is not None else None,
                 "parent": codes[ind.parent] if ind.parent is not None else None,
                 "description": ind.description, "assessment_method": ind.assessment_method,
                 "expected_materials": ind.expected_materials, "source": ind.source}
                for ind in self.indicators
            ],
            "completeness": self.completeness(),
        }


# ---------------------------------------------------------------- small helpers

def level_label(level: int) -> str:
    return f"{'一二三四五六七八九十'[level - 1]}级指标" if 1 <= level <= 10 else f"{level}级指标"


def numeral_value(number: str) -> int | None:
    """'27' → 27, '二十七' → 27, '①' → 1; None when it is not a numeral."""
    if not number:
        return None
    if number.isdecimal():
        return int(number)
    if _DOTTED_NUMBER.fullmatch(number):  # 1.2.3: its place among its siblings, the parents are in the tree
        return int(re.split(r"[.．]", number)[-1])
    if len(number) == 1 and number in _CIRCLED:
        return int(unicodedata.numeric(number))
    total = digit = 0
    for ch in number:
        if ch in _CN_DIGITS:
            digit = _CN_DIGITS[ch]
        elif ch in _CN_UNITS:
            total, digit = total + (digit or 1) * _CN_UNITS[ch], 0  # 十一: a bare 十 means 一十
        else:
            return None
    return total + digit


def _ws(text) -> str:
    """Whitespace only: runs collapse to one space, spaces between CJK characters (PDF debris) go."""
    return squeeze_cjk_spaces(re.sub(r"\s+", " ", str(text or ""))).strip()


_CJKISH = re.compile(r"[\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’]")


def _join(parts) -> str:
    """Join wrapped lines: Chinese lines are glued without a space, Latin words keep one."""
    out = ""
    for part in filter(None, parts):
        glue = "" if not out or _CJKISH.match(out[-1]) or _CJKISH.match(part[0]) else " "
        out += glue + part
    return out


def _decimal(value) -> Decimal | None:
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, (int, float)):
        return Decimal(int(value)) if float(value).is_integer() else Decimal(str(value))
    match = re.search(r"\d+(?:\.\d+)?", str(value))
    try:
        return Decimal(match.group()) if match else None
    except InvalidOperation:
        return None


# A weight printed at the end of a heading: (占总分值的15%) / (占总分值15%) / (15分) / (分值：15分).
_WEIGHT = re.compile(r"\s*\(\s*(?:占总分值的?|占总分的?|占|权重|分值|满分|共)?\s*[:：]?\s*(\d+(?:\.\d+)?)\s*(?:%|分)\s*\)\s*$")


def _strip_weight(text: str) -> tuple[str, Decimal | None]:
    match = _WEIGHT.search(text)
    return (text[:match.start()].strip(), Decimal(match.group(1))) if match else (text, None)


def _heading_like(text: str) -> bool:
    """Short and without sentence punctuation: a heading such as 加大简政放权力度, not a requirement."""
    return 0 < len(text) <= 30 and not re.search(r"[。；;，,：:！？!?]", text)


def _guess_version(text: str) -> str:
    match = re.search(r"(\d{4})\s*年版", text or "") or re.search(r"(\d{4})\s*年", text or "")
    return match.group(1) if match else ""


# ---------------------------------------------------------------- numbering styles

_SEP = r"\s*[、.．]"
# (style, pattern) in the order they must be tried: bracketed numbers before bare ones.
_NUMBERED = [
    ("part", re.compile(rf"^第([{_CN_NUM}]+)(?:部分|篇)\s*[、.．:：]?\s*(.*)$")),  # 第一部分 测试…
    ("cn_paren", re.compile(rf"^\(([{_CN_NUM}]+)\)(?:{_SEP})?\s*(.*)$")),
    ("arabic_paren", re.compile(rf"^\((\d{{1,3}})\)(?:{_SEP})?\s*(.*)$")),
    ("circled", re.compile(rf"^([{_CIRCLED}])\s*(.*)$")),
    ("cn", re.compile(rf"^([{_CN_NUM}]+){_SEP}\s*(.*)$")),
    ("arabic", re.compile(r"^(\d{1,3})(?:\s*[、．]|\s*\.(?!\d)|$)\s*(.*)$")),  # "1." "1、" or a bare "1"; not "1.5%"
    # outline numbers 1.1 / 1.1.1 (style dotted2, dotted3, …); not a decimal such as "2.5万元" or "1.5%"
    ("dotted", re.compile(rf"^({_DOTTED_NUMBER.pattern})(?![\d.．%％‰])\s*[、.．]?(?!\s*(?:[%％‰分倍万亿元个项次人天日年件条家]"
                          r"|小时|公里|平方))\s*(.*)$")),
]
# Nesting order of the styles. arabic_head is an arabic number used for a heading (national 二级 1.加大简政放权力度)
# when the document numbers its headings and its items in two separate arabic sequences.
_RANK = {"part": 0, "cn": 1, "cn_paren": 2, "arabic_head": 3, "arabic": 4, "dotted2": 4.2, "dotted3": 4.3,
         "dotted4": 4.4, "arabic_paren": 5, "circled": 6}
_HEADINGS = {"part", "cn", "cn_paren", "arabic_head"}


_ASCII_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")


def split_number(cell: str) -> tuple[str, str, str]:
    """'一、政府职能依法全面履行' → ('cn', '一', '政府职能依法全面履行'); no number → ('', '', cell).
    A full-width number (１．) is kept as printed in the text but given in ASCII digits."""
    for style, pattern in _NUMBERED:
        match = pattern.match(cell)
        if match:
            number = match.group(1).translate(_ASCII_DIGITS)
            if style == "dotted":  # its depth is its rank: 1.1 under 1., 1.1.1 under 1.1
                number = number.replace("．", ".")
                style = f"dotted{number.count('.') + 1}"
            return style, number, match.group(2).strip()
    return "", "", cell


# Column headings of a table and labels of a paragraph under an indicator, the same words in both.
_METHOD_LABELS = ("评估方法", "评分标准", "评分方法", "评分细则", "评分办法", "考核方式", "考核方法", "考核标准", "考核要点",
                  "评测方式", "测评方法", "测评方式", "测评要点", "测评标准", "评价标准", "评估标准", "考评方法",
                  "考评方式", "考评标准", "考评办法", "评价方法", "评价方式", "评估方式")
_MATERIAL_LABELS = ("佐证材料", "印证材料", "证明材料", "佐证资料", "台账资料", "备查资料")
_COLUMNS = {
    "l1": ("一级指标",), "l2": ("二级指标",), "l3": ("三级指标",), "number": ("序号", "编号"),
    "score": ("分值", "分数", "标准分", "权重", "赋分"), "method": _METHOD_LABELS, "materials": _MATERIAL_LABELS,
    "content": ("指标内容", "测评内容", "考核内容", "评价内容", "评估内容", "具体内容"),
}
_LEVEL_KEYS = {"l1": 1, "l2": 2, "l3": 3}
_HEADER_WORDS = {label for labels in _COLUMNS.values() for label in labels} | {"四级指标", "指标内容", "指标名称", "备注"}
_FIELD = re.compile(rf"^(基本要求|{'|'.join(_METHOD_LABELS + _MATERIAL_LABELS)})\s*(?:[:：]\s*(.*))?$")
# every other label is an assessment method
_FIELD_ATTR = {"基本要求": "description", **{label: "expected_materials" for label in _MATERIAL_LABELS}}
_NOTE_LABEL = re.compile(r"^(?:注|说明|备注|附注)\s*\d*\s*[:：]?\s*")
_NOTE = re.compile(r"^(注|说明|备注|附注)\s*(?:[:：]|\d|$)")  # also a bare 说明 heading the notes at the end
_COUNT = re.compile(rf"(\d+|[{_CN_NUM}]+)\s*个\s*([一二三四五])级指标")


# ---------------------------------------------------------------- title block and the lines that are no indicators

# A 文号 such as 测政办发〔2023〕18号 (normalize turns 〔〕 into []), an issue date, an 附件 line.
_DOC_NUMBER = re.compile(r"^[^\s。，,]{1,12}\[\s*(\d{4})\s*\]\s*\d+\s*号$")  # a line of its own, not a citation
_DATE_LINE = re.compile(r"^\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日$")
_ATTACHMENT = re.compile(r"^附\s*件\s*\d*(?:\s*[:：]|\s+|$)\s*")
# A title: ends with 指标体系 / 指标 / 细则 (and a bracket such as (2021年版)), or names one in 《》 (关于印发《…》的通知).
_TITLE = re.compile(r"(指标体系|指标|细则)(\([^)]*\))?$")
_QUOTED_TITLE = re.compile(r"《([^》]*(?:指标|细则)[^》]*)》")
# The 版记 that ends an official document: 抄送 list, "XX办公厅 2023年6月2日印发".
_COPIED_TO = re.compile(r"^(抄送|抄报)\s*[:：]")
_PRINTED = re.compile(r"^[^\s，。、；：,;:]{0,30}\s*\d{4}\s*年\s*\d{1,2}\s*月\s*\d{1,2}\s*日\s*印发$")
# Page furniture: 续表, page numbers (— 3 —, 第3页 共9页), the unit line over a table (单位：分).
_DEBRIS = re.compile(r"^(\(?续表\d*\)?|续上表|[-—－–]+\s*\d+\s*[-—－–]+|第\s*\d+\s*页(\s*[,，/]?\s*共\s*\d+\s*页)?"
                     r"|单位\s*[:：]\s*\S{1,4})$")
_TOTAL = re.compile(r"^(合计|总计|总分|小计|共计)")  # a table's sum row


def _without_colophon(lines: list[str]) -> list[str]:
    """The lines before the 版记: its 抄送 line, or a "…印发" line that is the last of the document (a wrapped line of
    text may end in 印发 too)."""
    text = [i for i, line in enumerate(lines) if line.strip()]
    end = max((i for i in text if _COPIED_TO.match(_ws(lines[i]))), default=len(lines))
    if end == len(lines) and text and _PRINTED.match(_ws(lines[text[-1]])):
        end = text[-1]
    return lines[:end]


def _header_words(line: str) -> bool:
    return all(word in _HEADER_WORDS for word in line.split())


def _title(line: str) -> str:
    """The system's name if the line is a title: 关于印发《…》的通知 names it in 《》."""
    quoted = _QUOTED_TITLE.search(line)
    if quoted and "印发" in line:
        return quoted.group(1)
    line = re.sub(r"[《》]", "", line)
    if len(line) > 60 or re.search(r"[。，,；;：:]", line) or _COUNT.search(line):
        return ""  # a sentence, or "共9个一级指标…" said without a full stop
    return line if "指标体系" in line or _TITLE.search(line) else ""


def _read_front(system: ParsedSystem, lines: list[str]) -> None:
    """Lines before the first indicator: the title and the preamble under it. Above the title there may be a
    cover notice (发文机关, 文号, 关于印发《…》的通知, date, 附件): it gives the issuer and the year, not preamble."""
    lines = [_ATTACHMENT.sub("", line) if _ATTACHMENT.match(line) else line for line in lines]
    lines = [line for line in lines if line and not _header_words(line) and not _DEBRIS.match(line)]
    _read_issuer(system, lines)
    year = _doc_year(lines)
    titles = [i for i, line in enumerate(lines) if _title(line)]
    if titles:  # the last one: a notice names the system before the attachment's own title
        system.name = _title(lines[titles[-1]])
        lines = lines[titles[-1] + 1:]
        if lines and re.fullmatch(r"\(?\d{4}年版?\)?", lines[0]):
            system.name += lines.pop(0)  # "(2021年版)" printed on its own line under the title
    system.preamble = "\n".join(line for line in lines if not _cover_line(line))
    system.version = system.version or _guess_version(system.name) or year


def _cover_line(line: str) -> bool:
    return bool(_DOC_NUMBER.match(line) or _DATE_LINE.match(line))


def _read_issuer(system: ParsedSystem, lines: list[str]) -> None:
    """The issuer of a notice is the line over its 文号 (测试省人民政府办公厅, or …办公厅文件)."""
    for i, line in enumerate(lines[1:], 1):
        issuer = lines[i - 1]
        if _DOC_NUMBER.match(line) and len(issuer) <= 30 and not re.search(r"[。，,：:\d]", issuer):
            system.issuer = system.issuer or re.sub(r"文件$", "", issuer)
            return


def _doc_year(lines: list[str]) -> str:
    match = next(filter(None, map(_DOC_NUMBER.match, lines)), None)
    return match.group(1) if match else ""


# ---------------------------------------------------------------- codes

def assign_codes(system: ParsedSystem) -> None:
    """Codes follow the printed numbers so a re-import of the same (or a fuller) document keeps them."""
    prefix = f"{system.version}-" if system.version else ""
    inds = system.indicators
    values = [numeral_value(ind.number) for ind in inds]
    position, siblings = [], Counter()
    for ind in inds:  # fallback for unnumbered items: position within the parent
        siblings[ind.parent] += 1
        position.append(siblings[ind.parent])
    by_level = defaultdict(list)
    for i, ind in enumerate(inds):
        by_level[ind.level].append(i)
    seen = set()
    for level, idxs in sorted(by_level.items()):
        nums = [values[i] for i in idxs]
        # National numbering runs through the whole system (三级 1..100): the number alone identifies the item.
        # An outline number (1.2) restarts under each parent even when this file holds one parent only.
        dotted = any("." in inds[i].number for i in idxs)
        global_numbers = None not in nums and len(set(nums)) == len(nums) and not dotted
        for i in idxs:
            if global_numbers:
                code = f"{prefix}L{level}-{values[i]:03d}"
            else:  # numbering restarts under each parent, as in provincial systems: use the path
                path, j = [], i
                while j is not None:
                    path.append(values[j] or position[j])
                    j = inds[j].parent
                code = f"{prefix}L{level}-" + ".".join(f"{n:02d}" for n in reversed(path))
            base, k = code, 1
            while code in seen:  # a duplicated number in a messy file must not break uniqueness
                k += 1
                code = f"{base}-{k}"
            seen.add(code)
            inds[i].code = code


def _gap_notes(system: ParsedSystem) -> list[str]:
    """Report holes in numbering that runs through a level (e.g. 三级 1..100): missing items, said plainly."""
    notes = []
    for level in sorted({ind.level for ind in system.indicators}):
        numbers = [ind.number for ind in system.indicators if ind.level == level]
        nums = [numeral_value(number) for number in numbers]
        if None in nums or len(set(nums)) != len(nums) or any("." in number for number in numbers):
            continue
        missing = sorted(set(range(1, max(nums) + 1)) - set(nums))
        if missing:
            notes.append(f"{level_label(level)}编号不连续，文件中缺少：{_ranges(missing)}")
    return notes


def _ranges(numbers: list[int]) -> str:
    runs = []
    for n in numbers:
        if runs and n == runs[-1][1] + 1:
            runs[-1][1] = n
        else:
            runs.append([n, n])
    return "、".join(str(a) if a == b else f"{a}-{b}" for a, b in runs)


def _finish(system: ParsedSystem, notes: list[str]) -> ParsedSystem:
    if not system.indicators:
        raise IndicatorParseError("未找到任何指标：请确认文件为指标体系原文（一、… / 1.… 编号格式）")
    system.notes = "\n".join(filter(None, [system.notes, *notes, *_gap_notes(system), *_surplus_notes(system)]))
    assign_codes(system)
    return system


def _surplus_notes(system: ParsedSystem) -> list[str]:
    loaded = Counter(ind.level for ind in system.indicators)
    return [f"{level_label(lvl)}载入 {loaded[lvl]} 条，多于文件所称 {n} 条，请核对"
            for lvl, n in sorted(system.expected_counts.items()) if loaded[lvl] > n]


def _stated_counts(text: str) -> dict[int, int]:
    """"共9个一级指标、32个二级指标、100个三级指标" → {1: 9, 2: 32, 3: 100}, only when the file says so."""
    counts = {}
    for number, level in _COUNT.findall(text):
        counts.setdefault(numeral_value(level), numeral_value(number))
    return {k: v for k, v in counts.items() if v}


# ---------------------------------------------------------------- JSON (reference data)

def parse_indicator_json(data: dict) -> ParsedSystem:
    """The shape of fixtures/indicators-2021.json; unplaced_candidates are reported, never loaded."""
    if not isinstance(data, dict) or not isinstance(data.get("level1"), list):
        raise IndicatorParseError("JSON 格式不符：需要 title 和 level1[].level2[].level3[] 结构")
    title = _ws(data.get("title") or data.get("name"))
    system = ParsedSystem(
        name=title, version=str(data.get("version") or "") or _guess_version(title), issuer=_ws(data.get("issuer")),
        sources=[str(s) for s in data.get("sources") or []], preamble=_ws(data.get("preamble")),
        expected_counts={int(k): int(v) for k, v in (data.get("expected_counts") or {}).items()},
    )
    notes = [_ws(data.get("completeness")), *(_ws(g) for g in data.get("gaps") or [])]
    unplaced = data.get("unplaced_candidates") or []
    if unplaced:
        numbers = "、".join(str(c.get("number", "?")) for c in unplaced)
        notes.append(f"未载入 {len(unplaced)} 条位置未核实的候选指标（编号 {numbers}），需以正式文本核对")
    _json_items(system, data["level1"], 1, None, notes)
    return _finish(system, notes)


def _json_items(system: ParsedSystem, items: list, level: int, parent: int | None, notes: list[str]) -> None:
    for item in items:
        number = str(item.get("number") or "")
        if not number and numeral_value(str(item.get("code") or "")) is not None:
            number = str(item["code"])  # level1 prints its numeral under "code" ("一")
        name, text = _ws(item.get("name")), _ws(item.get("text"))
        if not (name or text):
            notes.append(f"{level_label(level)} {number} 没有文本，未载入")
            continue
        if item.get("complete") is False:
            notes.append(f"{level_label(level)} {number} 文本不完整")
        idx = system.add(level, number, name, text or name, parent, score=_decimal(item.get("score")),
                         source=_ws(item.get("source")), description=_ws(item.get("description")),
                         assessment_method=_ws(item.get("assessment_method")),
                         expected_materials=_ws(item.get("expected_materials")))
        _json_items(system, item.get(f"level{level + 1}") or [], level + 1, idx, notes)


# ---------------------------------------------------------------- files

_SUPPORTED = (".json", ".xlsx", ".xlsm", ".csv", ".txt", ".docx", ".pdf")


def _read_json(path: Path) -> dict:
    raw = path.read_bytes()
    if not raw.strip():
        raise IndicatorParseError(f"文件“{path.name}”是空的，请检查后重新上传")
    try:
        return json.loads(raw.decode("utf-8-sig"))
    except UnicodeDecodeError as exc:
        raise IndicatorParseError("JSON 文件无法解析：请使用 UTF-8 编码保存") from exc
    except json.JSONDecodeError as exc:
        raise IndicatorParseError(f"JSON 文件无法解析：第 {exc.lineno} 行第 {exc.colno} 列格式有误") from exc


def _csv_as_tab_rows(path: Path) -> str:
    """A table saved as CSV (Excel's 另存为, often GBK): rows of tab-separated cells, as a docx table reads."""
    import csv
    import io

    from .file_text import UnknownEncoding, decode_text

    raw = path.read_bytes()
    if not raw.strip():
        raise IndicatorParseError(f"文件“{path.name}”是空的，请检查后重新上传")
    try:
        text = decode_text(raw)[0]
    except UnknownEncoding as exc:
        raise IndicatorParseError(f"无法识别文件“{path.name}”的文字编码：请另存为 UTF-8 编码的 .csv 文件") from exc
    # a tab inside a cell would split it; a line break inside one stays a line of the cell
    rows = csv.reader(io.StringIO(text))
    return "\n".join("\t".join(cell.replace("\t", " ") for cell in row) for row in rows)


def load_indicator_file(path, name: str | None = None, version: str | None = None) -> ParsedSystem:
    path = Path(path)
    suffix = path.suffix.lower()
    if suffix in _SUPPORTED and not path.is_file():
        raise IndicatorParseError(f"找不到文件：{path.name}")
    if suffix == ".json":
        system = parse_indicator_json(_read_json(path))
    elif suffix == ".csv":
        from .indicator_text import parse_indicator_text  # imports this module: loaded on use

        system = parse_indicator_text(_csv_as_tab_rows(path))
    elif suffix in (".xlsx", ".xlsm"):
        from .indicator_tables import parse_indicator_xlsx  # imports this module: loaded on use

        system = parse_indicator_xlsx(path)
    elif suffix in (".txt", ".docx", ".pdf"):
        from .documents import read_document  # txt encodings, docx tables as tab-separated rows, pdf text
        from .indicator_text import parse_indicator_text  # imports this module: loaded on use

        try:
            content = read_document(path)
        except ValueError as exc:  # DocumentError: already a Chinese message for the user
            raise IndicatorParseError(str(exc)) from exc
        system = parse_indicator_text(content)
    else:
        hint = "（.doc/.xls 请另存为 .docx/.xlsx）" if suffix in (".doc", ".xls", ".wps", ".et") else ""
        raise IndicatorParseError(f"不支持的文件类型：{suffix or path.name}，请上传 {' / '.join(_SUPPORTED)}{hint}")
    if name:
        system.name = name
    system.version = version or system.version or _guess_version(system.name) or _guess_version(path.stem)
    assign_codes(system)  # the version is part of every code
    return system
