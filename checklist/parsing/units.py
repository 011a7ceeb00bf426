"""Unit names in plan documents: splitting a 牵头单位/责任单位 field, telling collective names apart."""
import re

from .text import normalize

_SEPARATORS = set("、，,；;/／\n\t")
_OPEN, _CLOSE = "([", ")]"

# Words that say what a unit does, not who it is: "市司法局牵头", "市直各部门按职责分工负责".
_ROLE_TAIL = re.compile(
    r"(?:牵头(?:负责|落实|抓总)?|(?:按职责分工|按职责|按职能分工|分工|分别|共同)?(?:负责|落实)"
    r"|配合|参与|参加|协助|协办|协同|等(?:有关|相关)?(?:部门|单位)?)$"
)

# How the name of an office ends. Used to tell a real unit from prose and to split names joined by spaces.
_UNIT_END = re.compile(
    r"(?:[局委办府厅院部会室所队处站社团联馆行组司署校镇乡区县市旗]|中心|公司|单位|部门|机关|机构|街道|苏木|嘎查|集团)"
    r"(?:\([^()]*\))?$"
)

# "各" as a quantifier, "有关/相关", enumerations such as "县(市、区)": all name a class of units.
_COLLECTIVE = re.compile(r"各|有关|相关|所属|直属|下属|全体|成员单位|\([^()]*、[^()]*\)|(?:部门|单位)(?:\([^()]*\))?$")
# Administrative levels without a proper name before them: "乡镇人民政府", "旗县区政府", "市直部门".
_GENERIC_START = re.compile(r"^(?:乡镇|街道|苏木|镇街|县区|县市区|旗县区|旗县|市直|区直|县直|旗直)")


def split_units(text: str) -> list[str]:
    """Unit names in a field, in order, without duplicates; separators inside brackets are kept."""
    units: list[str] = []
    for piece in _split_top_level(normalize(text or "")):
        for name in _split_spaces(piece):
            name = clean_unit(name)
            if name and name not in units:
                units.append(name)
    return units


def clean_unit(name: str) -> str:
    """One unit name without spaces, leading 由, trailing role words (牵头, 配合, 等) or stray punctuation."""
    name = re.sub(r"\s+", "", name).strip("。.:：\"“”'‘’")
    name = re.sub(r"^(?:由|其他|及|和)", "", name)
    while True:
        stripped = _ROLE_TAIL.sub("", name)
        if stripped == name or len(stripped) < 2:
            break
        name = stripped
    # a bracket cut in half by the caller: "区政府各部门)" → "区政府各部门"
    while name and name[-1] in _CLOSE and name.count("(") + name.count("[") < name.count(")") + name.count("]"):
        name = name[:-1]
    while name and name[0] in _OPEN and name.count("(") + name.count("[") > name.count(")") + name.count("]"):
        name = name[1:]
    if name in ("无", "暂无", "—", "-") or not re.search(r"[\u3400-\u9fffA-Za-z0-9]", name):
        return ""
    return name


def looks_like_unit(name: str) -> bool:
    """Does this read as the name of an office (and not a piece of prose)?"""
    name = clean_unit(name)
    return 2 <= len(name) <= 40 and not re.search(r"[。，,；;：:]", name) and bool(_UNIT_END.search(name))


def is_collective(name: str) -> bool:
    """A class of units (区政府各部门, 各县(市、区)人民政府, 各有关单位) rather than one office."""
    name = re.sub(r"\s+", "", normalize(name))
    return bool(_COLLECTIVE.search(name) or _GENERIC_START.search(name))


def _split_top_level(text: str) -> list[str]:
    pieces, current, depth = [], [], 0
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
        if ch in _SEPARATORS and depth == 0:
            pieces.append("".join(current))
            current = []
        else:
            current.append(ch)
    pieces.append("".join(current))
    return [p.strip() for p in pieces if p.strip()]


def _split_spaces(piece: str) -> list[str]:
    """Spaces separate names ("市司法局 市发改委") or sit inside one (PDF: "市司法 局"): split only after a full name."""
    tokens = piece.split()
    if not tokens:
        return []
    names, current = [], tokens[0]
    for token in tokens[1:]:
        if _UNIT_END.search(current) and len(token) >= 2 and current.count("(") <= current.count(")"):
            names.append(current)
            current = token
        else:
            current += token
    names.append(current)
    return names
