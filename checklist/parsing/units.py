"""Units in plan documents: the 牵头单位/责任单位 clause of a task, the names in it, collective names."""
import re
from dataclasses import dataclass, field

from .text import normalize, tidy

_SEPARATORS = set("、，,；;/／\n\t")
_OPEN, _CLOSE = "([", ")]"

# Words that say what a unit does, not who it is: "市司法局牵头", "市直各部门按职责分工负责".
_ROLE_TAIL = re.compile(
    r"(?:牵头(?:负责|落实|抓总|指导)?|统筹|指导|督导|(?:按职责分工|按职责|按职能分工|分工|分别|共同)?(?:负责|落实)"
    r"|配合|参与|参加|协助|协办|协同|等(?:有关|相关)?(?:部门|单位)?)$"
)
# How the name of an office ends. Tells a real unit from prose and splits names joined by spaces.
_UNIT_END = re.compile(
    r"(?:[局委办府厅院部会室所队处站社团联协馆行组司署校镇乡区县市旗]|中心|公司|单位|部门|机关|机构|街道|苏木|嘎查|集团|人大)"
    r"(?:\([^()]*\))?$"
)
# "各" as a quantifier, "有关/相关", enumerations such as "县(市、区)": all name a class of units.
_COLLECTIVE = re.compile(r"各|有关|相关|所属|直属|下属|全体|成员单位|\([^()]*、[^()]*\)|(?:部门|单位)(?:\([^()]*\))?$")
# Administrative levels without a proper name before them: "乡镇人民政府", "旗县区政府", "市直部门".
_GENERIC_START = re.compile(r"^(?:乡镇|街道|苏木|镇街|县区|县市区|旗县区|旗县|市直|区直|县直|旗直)")
# A level named bare after an "各" name: "各镇、街道" means every 街道 too.
_BARE_LEVEL = re.compile(r"^(?:街道|乡镇|镇街|镇|乡|苏木|社区|村)(?:办事处|人民政府|政府)?$")


def split_units(text: str) -> list[str]:
    """Unit names in a field, in order, without duplicates; separators inside brackets are kept."""
    units: list[str] = []
    for piece in _split_top_level(normalize(text or "")):
        for spaced in _split_spaces(piece):
            for name in _split_conjunctions(spaced):
                name = clean_unit(name)
                if units and units[-1].startswith("各") and _BARE_LEVEL.match(name):
                    name = "各" + name  # "各镇、街道": 各 holds for both
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
    if name in ("无", "暂无") or not re.search(r"[\u3400-\u9fffA-Za-z0-9]", name):
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


def _split_top_level(text: str, separators=_SEPARATORS) -> list[str]:
    pieces, current, depth = [], [], 0
    for ch in text:
        if ch in _OPEN:
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
        if ch in separators and depth == 0:
            pieces.append("".join(current))
            current = []
        else:
            current.append(ch)
    pieces.append("".join(current))
    return [p.strip() for p in pieces if p.strip()]


def _split_conjunctions(name: str) -> list[str]:
    """"县妇联和团县委", "县检察院及各乡镇": split only where both sides are names ("区住房和城乡建设局" is one)."""
    for m in re.finditer(r"[和及与等]|会同", name):
        left, right = name[:m.start()], name[m.end():]
        if m.group() == "等" and re.fullmatch(r"(?:有关|相关)?(?:部门|单位)", right):
            continue  # "区司法局等有关部门": 等 closes the list (a role tail); "…等区普法领导小组成员单位" names more
        if _UNIT_END.search(left) and looks_like_unit(right) and not right.startswith("其") \
                and left.count("(") == left.count(")"):  # "区民政局及其所属单位" is one name
            return [left] + _split_conjunctions(right)
    return [name]


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


# ---------------------------------------------------------------- the units clause of a task
# Labels are matched loosely: PDF text puts spaces inside words (牵头单 位) and scraped pages carry typos (责任单住).
_S = r"\s*"
_UNIT_WORD = rf"(?:单{_S}[位住]|部{_S}门|处{_S}室|科{_S}室)"
_LEAD = rf"牵{_S}头{_S}(?:{_UNIT_WORD}|责{_S}任{_S}{_UNIT_WORD})?|主{_S}[办责]{_S}{_UNIT_WORD}"
_RESP = (rf"(?:责{_S}任|配{_S}合|参{_S}与|参{_S}加|协{_S}办|协{_S}助|协{_S}同|协{_S}作|落{_S}实){_S}{_UNIT_WORD}"
         rf"|责{_S}任{_S}主{_S}体|配{_S}合|协{_S}办|责{_S}任")  # short forms: "(牵头：…；配合：…)"
_DUE = (rf"完{_S}成{_S}(?:时{_S}限|时{_S}间|期{_S}限)|时{_S}间{_S}节{_S}点|时{_S}[限间]{_S}要{_S}求"
        rf"|进{_S}度{_S}安{_S}排|时{_S}限|时{_S}间")
_OTHER = rf"(?:责{_S}任|牵{_S}头|分{_S}管){_S}领{_S}导|责{_S}任{_S}人|联{_S}系{_S}人"  # people, not units
# What the task is measured by: not a unit, but the user wants it kept with the task's text.
_NOTE = rf"(?:对{_S}应|考{_S}核|评{_S}价)?{_S}指{_S}标(?:{_S}编{_S}号|{_S}序{_S}号)?|备{_S}注"
# "牵头单位：" or, in some plans, "【牵头单位】" (normalize() made it "[牵头单位]")
_LABEL = re.compile(rf"(?P<open>\[)?{_S}"
                    rf"(?:(?P<lead>{_LEAD})|(?P<resp>{_RESP})|(?P<due>{_DUE})|(?P<other>{_OTHER})|(?P<note>{_NOTE}))"
                    rf"{_S}(?(open)\]{_S}[:：]?|[:：])")
_LABEL_BOUNDARY = set(" \t\n。;；,，.)]")
# Roles written as verbs: "市司法局牵头", "各县(市、区)人民政府配合", "市直各部门按职责分工负责".
# "区委政法委统筹" / "区司法局指导，各镇落实": the office that steers leads, the others carry it out.
_ROLE = re.compile(r"(?:(?P<lead>牵头(?:负责|落实|抓总|指导)?|统筹|指导|督导)|(?P<help>配合|参与|参加|协助|协办|协同)"
                   r"|(?P<duty>(?:按职责分工|按职责|按职能分工|分工|分别|共同)?(?:负责|落实)))$")
_DUE_PHRASE = re.compile(
    r"^(?:于)?[^,，;；]{0,14}(?:年|月|季度)[^,，;；]{0,8}(?:前|底|内|完成)"
    r"|^(?:(?:19|20)\d{2}年(?:度)?(?:全年|上半年|下半年)?|全年|年内|上半年|下半年|每年|每季度|每月|每半年|常态化|长期|持续)"
    r"(?:坚持|推进|开展|落实|实施)?$")
_MARKED_LEAD = re.compile(r"\(牵头(?:单位)?\)$")  # "责任单位：市司法局(牵头)、市发改委"


@dataclass
class UnitRoles:
    lead: list[str] = field(default_factory=list)
    resp: list[str] = field(default_factory=list)
    due: list[str] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # "对应指标：…" found among the units: goes back into the text

    def add(self, other: "UnitRoles") -> "UnitRoles":
        self.lead += [u for u in other.lead if u not in self.lead]
        self.resp += [u for u in other.resp if u not in self.resp]
        self.due += [d for d in other.due if d not in self.due]
        self.notes += [n for n in other.notes if n not in self.notes]
        return self

    def __bool__(self) -> bool:
        return bool(self.lead or self.resp or self.due)


def assign_units(text: str, role: str) -> UnitRoles:
    """Names from a field that has one role; a name marked "(牵头)" leads whatever the field."""
    roles = UnitRoles()
    for name in split_units(text):
        if _MARKED_LEAD.search(name):
            roles.lead.append(_MARKED_LEAD.sub("", name))
        else:
            getattr(roles, role).append(name)
    return roles


def find_labels(text: str) -> list[re.Match]:
    """Labels (牵头单位：…) in text; the first must start a phrase, not sit inside a sentence."""
    found = []
    for m in _LABEL.finditer(text):
        if found or m.start() == 0 or text[m.start() - 1] in _LABEL_BOUNDARY:
            found.append(m)
    return found


def _labelled(text: str, labels: list[re.Match]) -> UnitRoles:
    roles = UnitRoles()
    for i, m in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else len(text)
        value = text[m.end():end].strip(" \t\n;；,，。.")
        if m.group("due"):
            roles.due.append(tidy(value))
        elif m.group("note"):
            if value:
                label = re.sub(r"[\[\]:：\s]", "", m.group(0))
                roles.notes.append(tidy(f"{label}：{value}"))
        elif not m.group("other"):
            inline = parse_inline(value)
            if inline and inline.lead:
                roles.add(inline)
                continue
            # "责任单位：市司法局、各街道，2023年6月底前完成": a deadline written among the names is no unit
            parts = _split_top_level(value, set(",，;；。"))
            dues = [p for p in parts if _DUE_PHRASE.search(p) and not looks_like_unit(p)]
            names = "、".join(p for p in parts if p not in dues)
            roles.due += [tidy(d) for d in dues if tidy(d) not in roles.due]
            roles.add(assign_units(names, "lead" if m.group("lead") else "resp"))
    return roles


def parse_inline(text: str, need_lead: bool = False) -> UnitRoles | None:
    """Roles written after the names; None unless every part is a unit list (or a deadline).

    Outside brackets a sentence such as "…行政执法部门配合" may be prose, so there someone must lead or a named
    office be in charge ("市司法局牵头" / "市司法局负责，市府办配合")."""
    kinds: list[tuple[str, list[str]]] = []
    for part in _split_top_level(text.strip(" 。."), set(",，;；。")):  # "…分工负责。长期坚持"
        if _DUE_PHRASE.search(part):
            kinds.append(("due", [part]))
            continue
        lead = []
        if "会同" in part:  # "市发改委会同市市场监管局负责": the first leads, the others work with it
            head, part = part.split("会同", 1)
            lead = split_units(head)
        names = split_units(part)
        if not names or not all(looks_like_unit(n) for n in names + lead):
            return None
        if lead:
            kinds.append(("lead", lead))
        m = _ROLE.search(part)
        kind = m.lastgroup if m else "none"
        if kind == "duty" and m.group() == "负责" and not all(is_collective(n) for n in names):
            kind = "charge"  # "(区司法局负责)": the office in charge, unlike 按职责分工负责 / 共同负责 / 落实
        kinds.append((kind, names))
    found = {kind for kind, _ in kinds}
    # "各部门按职责分工负责" alone closes many a paragraph of prose; a named office in charge does not
    in_charge = any(kind in ("duty", "charge") and not all(is_collective(n) for n in names) for kind, names in kinds)
    if not found & {"lead", "help", "duty", "charge"} or (need_lead and "lead" not in found and not in_charge):
        return None
    roles = UnitRoles()
    for kind, names in kinds:
        if kind == "due":
            roles.due += names
        elif kind == "lead" or (kind in ("duty", "charge") and "lead" not in found and ("help" in found or kind == "charge")):
            roles.add(UnitRoles(lead=names))  # "市司法局负责，各区配合", "(区司法局负责)": the one in charge leads
        else:
            roles.add(UnitRoles(resp=names))
    return roles


def bracket_roles(inner: str, at_end: bool) -> UnitRoles | None:
    """Roles in a bracket group: labelled, inline, or (at the end of a task) a deadline or a bare unit list."""
    inner = inner.strip()
    labels = find_labels(inner)
    if labels and labels[0].start() == 0:
        return _labelled(inner, labels)
    roles = parse_inline(inner)
    if roles or not at_end:
        return roles
    if _DUE_PHRASE.search(inner) and len(inner) <= 20:
        return UnitRoles(due=[inner])
    names = split_units(inner)
    if names and all(looks_like_unit(n) for n in names):
        return assign_units(inner, "resp")  # "(市司法局、市发改委)": the units, roles unstated
    # "(区司法局，2023年6月底前)": the units and the deadline, roles unstated
    parts = _split_top_level(inner, set(",，;；"))
    dues = [p for p in parts if _DUE_PHRASE.search(p) and not looks_like_unit(p)]
    names = split_units("、".join(p for p in parts if p not in dues))
    if dues and names and all(looks_like_unit(n) for n in names):
        return UnitRoles(resp=names, due=[tidy(d) for d in dues])
    return None


def _bracket_groups(text: str):
    """(start, end, inner) of each top-level bracket group; an unclosed one runs to the end."""
    depth, start = 0, 0
    for i, ch in enumerate(text):
        if ch in _OPEN:
            start = i if depth == 0 else start
            depth += 1
        elif ch in _CLOSE and depth:
            depth -= 1
            if depth == 0:
                yield start, i + 1, text[start + 1:i]
    if depth:
        yield start, len(text), text[start + 1:]


def _is_name_part(before: str, inner: str) -> bool:
    """"各镇(街道)", "各县(市、区)": a bracket of level names glued to the name before it."""
    levels = [p for p in inner.split("、") if p]
    return bool(re.search(r"[\u3400-\u9fff]$", before) and levels
                and all(_BARE_LEVEL.match(p) or re.fullmatch(r"[市区县旗乡镇]", p) for p in levels))


def extract_units(raw: str) -> tuple[str, UnitRoles]:
    """Split a task's text into (text without its units clauses, roles)."""
    roles, body, pos = UnitRoles(), [], 0
    for start, end, inner in list(_bracket_groups(raw)):
        if _is_name_part(raw[:start], inner):
            continue  # "责任单位：区司法局，各镇(街道)": the bracket ends a name
        found = bracket_roles(inner, at_end=not raw[end:].strip(" \t\n。.;；"))
        if found:
            roles.add(found)
            body.append(raw[pos:start])
            pos = end
    rest = "".join(body) + raw[pos:]
    labels = find_labels(rest)
    if labels:
        roles.add(_labelled(rest, labels))
        rest = rest[:labels[0].start()]
    elif not roles:
        # an unbracketed last sentence: "…。市司法局牵头，市直各部门按职责分工负责。"
        head, _, last = rest.rstrip(" 。\n").rpartition("。")
        found = parse_inline(last.replace("\n", ""), need_lead=True) if head else None
        if found:
            roles.add(found)
            rest = head + "。"
    if roles.notes:  # "对应指标：…" was cut out with the units clause; it describes the task, so it stays in the text
        rest = rest.rstrip(" \t\n;；,，") + "".join(f"({n})" for n in roles.notes if n not in rest)
    return rest, roles


def is_units_line(line: str) -> bool:
    """A line that holds only units: "责任单位：…", "(牵头单位：…)", "市司法局牵头，各部门配合"."""
    for head in (line, line.lstrip("([")):
        labels = find_labels(head)
        if labels and labels[0].start() == 0:
            return True
    bare = line.rstrip("。;；")
    if bare[:1] in _OPEN and bare[-1:] in _CLOSE:
        return bool(bracket_roles(bare[1:-1], at_end=True))
    return bool(parse_inline(line, need_lead=True))
