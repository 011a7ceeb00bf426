"""Parse a rule-of-law work plan (法治政府建设工作计划/要点/方案) into numbered tasks and their units.

Works on text from read_document(): scraped web pages, PDF text with hard line breaks, docx with tables
(one tab-separated line per row). Two layouts: numbered paragraphs ("一、…" / "1.…" / "(一)…" with the
units in brackets or on label lines) and tables with a 工作任务/牵头单位 header.
"""
import datetime
import re
from dataclasses import asdict, dataclass, field

from .text import normalize
from .units import looks_like_unit, split_units


class PlanParseError(ValueError):
    pass


@dataclass
class ParsedTask:
    number: int
    section: str
    title: str
    text: str
    lead_units: list[str]
    responsible_units: list[str]
    due_text: str = ""


@dataclass
class ParsedPlan:
    title: str
    doc_number: str
    issuer: str
    written_on: datetime.date | None
    year: int | None
    sections: list[str] = field(default_factory=list)
    tasks: list[ParsedTask] = field(default_factory=list)

    def to_dict(self) -> dict:
        plan = {"title": self.title, "doc_number": self.doc_number, "issuer": self.issuer,
                "written_on": self.written_on.isoformat() if self.written_on else None, "year": self.year}
        return {"plan": plan, "tasks": [asdict(t) for t in self.tasks]}


# ---------------------------------------------------------------- labels and roles
# Labels are matched loosely: PDF text puts spaces inside words (牵头单 位) and scraped pages carry typos (责任单住).
_S = r"\s*"
_UNIT_WORD = rf"(?:单{_S}[位住]|部{_S}门|处{_S}室|科{_S}室)"
_LEAD = rf"牵{_S}头{_S}(?:{_UNIT_WORD}|责{_S}任{_S}{_UNIT_WORD})?|主{_S}[办责]{_S}{_UNIT_WORD}"
_RESP = (rf"(?:责{_S}任|配{_S}合|参{_S}与|参{_S}加|协{_S}办|协{_S}助|协{_S}同|落{_S}实){_S}{_UNIT_WORD}"
         rf"|责{_S}任{_S}主{_S}体")
_DUE = (rf"完{_S}成{_S}(?:时{_S}限|时{_S}间|期{_S}限)|时{_S}间{_S}节{_S}点|时{_S}限{_S}要{_S}求"
        rf"|时{_S}间{_S}要{_S}求|进{_S}度{_S}安{_S}排|时{_S}限")
_OTHER = rf"(?:责{_S}任|牵{_S}头|分{_S}管){_S}领{_S}导|责{_S}任{_S}人|联{_S}系{_S}人"
_LABEL = re.compile(rf"(?:(?P<lead>{_LEAD})|(?P<resp>{_RESP})|(?P<due>{_DUE})|(?P<other>{_OTHER})){_S}[:：]")
_LABEL_BOUNDARY = set(" \t\n。;；,，.)]")

# Inline roles without labels: "市司法局牵头", "各县(市、区)人民政府配合", "市直各部门按职责分工负责".
_ROLE = re.compile(r"(?:(?P<lead>牵头(?:负责|落实|抓总)?)|(?P<help>配合|参与|参加|协助|协办|协同)"
                   r"|(?P<duty>(?:按职责分工|按职责|按职能分工|分工|分别|共同)?(?:负责|落实)))$")
_DUE_PHRASE = re.compile(r"^(?:于)?[^,，;；]{0,14}(?:年|月|季度)[^,，;；]{0,8}(?:前|底|内|完成)|^(?:长期坚持|持续推进|长期|持续)$")


@dataclass
class _Roles:
    lead: list[str] = field(default_factory=list)
    resp: list[str] = field(default_factory=list)
    due: list[str] = field(default_factory=list)

    def add(self, other: "_Roles") -> None:
        self.lead += [u for u in other.lead if u not in self.lead]
        self.resp += [u for u in other.resp if u not in self.resp]
        self.due += other.due

    def __bool__(self) -> bool:
        return bool(self.lead or self.resp or self.due)


def _find_labels(text: str) -> list[re.Match]:
    """Labels in a units clause; the first must start a phrase, not sit inside a sentence."""
    found = []
    for m in _LABEL.finditer(text):
        if found or m.start() == 0 or text[m.start() - 1] in _LABEL_BOUNDARY:
            found.append(m)
    return found


def _labelled(clause: str, labels: list[re.Match]) -> _Roles:
    roles = _Roles()
    for i, m in enumerate(labels):
        end = labels[i + 1].start() if i + 1 < len(labels) else len(clause)
        value = clause[m.end():end].strip(" \t\n;；,，。.")
        if m.group("due"):
            roles.due.append(_tidy(value))
        elif not m.group("other"):
            inline = _inline(value)
            if inline and inline.lead:
                roles.add(inline)  # "责任单位：市司法局牵头，各部门配合"
            else:
                getattr(roles, "lead" if m.group("lead") else "resp").extend(split_units(value))
    return roles


def _inline(text: str, need_lead: bool = False) -> _Roles | None:
    """Roles written as verbs after the names; None unless every part is a unit list (or a deadline).

    Outside brackets a sentence such as "…行政执法部门配合" is prose, so there a 牵头 is required."""
    kinds: list[tuple[str, list[str]]] = []
    for part in re.split(r"[,，;；]", text.strip(" 。.")):
        part = part.strip()
        if not part:
            continue
        if _DUE_PHRASE.search(part):
            kinds.append(("due", [part]))
            continue
        m = _ROLE.search(part)
        names = split_units(part)
        if not names or not all(looks_like_unit(n) for n in names):
            return None
        kinds.append((m.lastgroup if m else "none", names))
    if not any(k in ("lead", "help", "duty") for k, _ in kinds) or (need_lead and not any(k == "lead" for k, _ in kinds)):
        return None
    has_lead, has_help = any(k == "lead" for k, _ in kinds), any(k == "help" for k, _ in kinds)
    roles = _Roles()
    for kind, names in kinds:
        if kind == "due":
            roles.due += names
        elif kind == "lead" or (kind == "duty" and has_help and not has_lead):
            roles.add(_Roles(lead=names))  # "市司法局负责，各区配合": the one in charge leads
        else:
            roles.add(_Roles(resp=names))
    return roles


def _bracket_roles(inner: str, at_end: bool) -> _Roles | None:
    labels = _find_labels(inner.strip())
    if labels and labels[0].start() == 0:
        return _labelled(inner.strip(), labels)
    roles = _inline(inner)
    if roles:
        return roles
    if at_end and _DUE_PHRASE.search(inner.strip()) and len(inner) <= 20:
        return _Roles(due=[inner.strip()])
    names = split_units(inner)
    if at_end and names and all(looks_like_unit(n) for n in names):
        return _Roles(resp=names)  # "(市司法局、市发改委)" at the end of a task: the units, roles unstated
    return None


def _bracket_groups(text: str):
    """(start, end, inner) of each top-level bracket group; an unclosed one runs to the end."""
    depth, start = 0, 0
    for i, ch in enumerate(text):
        if ch in "([":
            if depth == 0:
                start = i
            depth += 1
        elif ch in ")]" and depth:
            depth -= 1
            if depth == 0:
                yield start, i + 1, text[start + 1:i]
    if depth:
        yield start, len(text), text[start + 1:]


def _extract_units(raw: str) -> tuple[str, _Roles]:
    """Split a task's raw text into (text without the units clause, roles)."""
    roles, body, pos = _Roles(), [], 0
    for start, end, inner in list(_bracket_groups(raw)):
        found = _bracket_roles(inner, at_end=not raw[end:].strip(" \t\n。.;；"))
        if found:
            roles.add(found)
            body.append(raw[pos:start])
            pos = end
    rest = "".join(body) + raw[pos:]
    labels = _find_labels(rest)
    if labels:
        roles.add(_labelled(rest, labels))
        rest = rest[:labels[0].start()]
    elif not roles:
        # an unbracketed last sentence: "…。市司法局牵头，市直各部门按职责分工负责。"
        head, _, last = rest.rstrip(" 。\n").rpartition("。")
        found = _inline(last.replace("\n", ""), need_lead=True) if head else None
        if found:
            roles.add(found)
            rest = head + "。"
    return rest, roles


def _is_units_line(line: str) -> bool:
    labels = _find_labels(line.lstrip("(["))
    if labels and labels[0].start() == 0:
        return True
    if line[:1] in "([" and line.rstrip("。;；")[-1:] in ")]":
        return bool(_bracket_roles(line.rstrip("。;；")[1:-1], at_end=True))
    return bool(_inline(line, need_lead=True))


# ---------------------------------------------------------------- lines and numbering
_CN_DIGITS = "一二三四五六七八九十百零〇两"
_MARKERS = [
    ("part", re.compile(rf"^第([{_CN_DIGITS}\d]+)(?:部分|章|篇)\s*")),
    ("cn", re.compile(rf"^([{_CN_DIGITS}]+)\s*[、.．](?!\d)\s*")),
    ("pcn", re.compile(rf"^\(\s*([{_CN_DIGITS}]+)\s*\)\s*[、.．]?\s*")),
    ("ar", re.compile(r"^(\d{1,3})\s*[、.．](?!\d)\s*")),
    ("par", re.compile(r"^\(\s*(\d{1,3})\s*\)\s*[、.．]?\s*")),
    ("arp", re.compile(r"^(\d{1,3})\s*\)\s*")),
    ("circ", re.compile(r"^([①-⑳])\s*")),
]
_PAGE_NUMBER = re.compile(r"^(?:[-—–－―\s]*\d{1,3}[-—–－―\s]*|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$")
_TRAILER = re.compile(r"^(?:解读|下载|附件|附[:：]|抄送|来源|扫一扫|打印|关闭|上一篇|下一篇|相关链接|分享到)"
                      r"|^[(\[]此件|^(?:\d{4}|[〇零一二三四五六七八九]{4})年[\d〇零一二三四五六七八九十]{1,2}月[\d〇零一二三四五六七八九十]{1,3}日$")
_SENTENCE_END = re.compile(r"[。;；!！?？]")
# Verbs that start the work itself; a title without a full stop is cut before one of them.
_ACTION = re.compile(r"全面|深入|加快|建立|健全|完善|严格|推进|推动|加强|落实|持续|进一步|积极|认真|切实|不断|坚持|开展")


def _cn_number(text: str) -> int | None:
    if not text:
        return None
    if text.isdigit():
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
        if m and line[m.end():].strip():
            return kind, _cn_number(m.group(1)), line[:m.end()].strip(), line[m.end():]
    return None


def _tidy(text: str) -> str:
    """One line, no spaces next to Chinese characters or punctuation (they come from PDF extraction)."""
    text = re.sub(r"\s+", " ", text).strip()
    cjk = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’—…·"
    return re.sub(rf"(?<=[{cjk}])\s+|\s+(?=[{cjk}])", "", text)


def _join(lines: list[str]) -> str:
    """PDF lines break anywhere: join without a space, but keep a newline before a label line."""
    out = ""
    for line in lines:
        if not out:
            out = line
        elif _is_units_line(line):
            out += "\n" + line
        elif re.match(r"[A-Za-z0-9]", line) and re.search(r"[A-Za-z0-9%]$", out):
            out += " " + line
        else:
            out += line
    return out


def _clean_lines(text: str) -> list[str]:
    lines = []
    for line in normalize(text).split("\n"):
        line = line.rstrip(" \t") if "\t" in line.strip(" \t") else line.strip()
        line = line.lstrip(" ")
        if line.strip() and not _PAGE_NUMBER.match(line.strip()):
            lines.append(line)
    return lines


def _title(text: str) -> str:
    """The task's first sentence; a long one is cut to its first clause or before its first action verb."""
    first = _SENTENCE_END.split(text, 1)[0].strip()
    colon = re.match(r"(.{4,}?)[:：]", first)
    if colon and "《" not in colon.group(1):
        first = colon.group(1)
    if len(first) <= 30:
        return first
    clause = re.split(r"[,，]", first, 1)[0]
    verb = _ACTION.search(clause, 6)
    if verb:
        return clause[:verb.start()]
    return clause if len(clause) <= 40 else clause[:30]


# ---------------------------------------------------------------- numbered paragraphs
@dataclass
class _Item:
    kind: str
    number: int | None
    marker: str
    lines: list[str]


def _items(lines: list[str]) -> list[_Item]:
    items: list[_Item] = []
    for line in lines:
        line = line.replace("\t", " ").strip()
        found = _marker(line)
        if found:
            kind, number, marker, rest = found
            items.append(_Item(kind, number, marker, [rest.strip()]))
        elif items:
            items[-1].lines.append(line)
    return items


def _task_kind(items: list[_Item]) -> str:
    """The numbering level that carries the units; without units anywhere, the most frequent one."""
    rank = {}
    for item in items:
        rank.setdefault(item.kind, len(rank))  # the first kind printed is the top level
    has_units = [bool(_extract_units(_join(item.lines))[1]) for item in items]
    score = dict.fromkeys(rank, 0)
    for i, item in enumerate(items):
        j = i + 1
        while j < len(items) and rank[items[j].kind] > rank[item.kind]:
            j += 1
        score[item.kind] += any(has_units[i:j])  # units of an item's sub-items count for it
    if not any(score.values()):
        score = {k: sum(1 for it in items if it.kind == k) - rank[k] / 100 for k in rank}
        return max(score, key=score.get)
    return max(rank, key=lambda k: (score[k], rank[k]))


def _task_lines(item: _Item) -> list[str]:
    """The task's own lines: after its units clause only more units lines belong to it (the rest is closing text)."""
    kept = [item.lines[0]]
    for i, line in enumerate(item.lines[1:], start=2):
        joined = _join(kept)
        if joined.count("(") + joined.count("[") > joined.count(")") + joined.count("]"):
            kept.append(line)
        elif _TRAILER.search(line) or (i < len(item.lines) and _is_date_line(item.lines[i])):
            break  # closing lines, or the signature above the date
        elif not _extract_units(joined)[1] or _is_units_line(line):
            kept.append(line)
        elif _is_units_line(kept[-1]) and _continues_units(kept[-1], line):
            kept.append(line)
        else:
            break
    return kept


def _continues_units(previous: str, line: str) -> bool:
    if re.search(r"[、,，]$", previous):
        return True
    # the PDF may cut a name in two ("县发改" / "委、县商务局"): the first piece may be a fragment
    names = split_units(line)
    return (len(line) <= 30 and not re.search(r"[。，,：:]", line) and bool(names)
            and all(looks_like_unit(n) for n in names[1:]) and (looks_like_unit(names[-1]) or len(line) <= 4))


def _heading(item: _Item) -> str:
    text = item.lines[0]
    if len(item.lines) > 1 and not _SENTENCE_END.search(text) and len(item.lines[1]) <= 12 \
            and not re.search(r"[。，,；;：:]", item.lines[1]):
        text += item.lines[1]  # a heading wrapped by the PDF
    return _tidy(item.marker + _SENTENCE_END.split(text, 1)[0])


def _parse_numbered(lines: list[str]) -> tuple[list[str], list[tuple]]:
    items = _items(lines)
    if not items:
        return [], []
    task_kind = _task_kind(items)
    order = list(dict.fromkeys(it.kind for it in items))
    task_rank = order.index(task_kind)
    headings: dict[int, str] = {}
    sections: list[str] = []
    tasks: list[list] = []  # [number, section, lines]
    for item in items:
        rank = order.index(item.kind)
        if rank < task_rank:
            headings = {r: h for r, h in headings.items() if r < rank}
            headings[rank] = _heading(item)
            if headings[rank] not in sections:
                sections.append(headings[rank])
        elif rank == task_rank:
            section = headings[max(headings)] if headings else ""
            tasks.append([item.number, section, _task_lines(item)])
        elif tasks:
            tasks[-1][2] += [item.marker + item.lines[0]] + item.lines[1:]  # sub-items belong to the task
    out = []
    for number, section, task_lines in tasks:
        body, roles = _extract_units(_join(task_lines))
        out.append((number, section, _tidy(body), roles))
    return sections, out


# ---------------------------------------------------------------- tables
_COLUMNS = [
    ("number", re.compile(r"^(?:序号|编号|序)$")),
    ("lead", re.compile(r"牵头|主办|主责")),
    ("resp", re.compile(r"责任|配合|参与|协办|负责")),
    ("due", re.compile(r"时限|时间|期限|进度")),
    ("task", re.compile(r"任务|内容|措施|事项|举措|重点工作")),
    ("section", re.compile(r"类别|领域|方面|板块|分类|项目")),
]


def _header(cells: list[str]) -> dict[str, int] | None:
    columns: dict[str, int] = {}
    tasks = []
    for i, cell in enumerate(cells):
        cell = _tidy(cell)
        for name, pattern in _COLUMNS:
            if cell and pattern.search(cell) and len(cell) <= 12:
                if name == "task":
                    tasks.append(i)
                elif name not in columns:
                    columns[name] = i
                break
    if not tasks or not ({"lead", "resp"} & columns.keys()):
        return None
    if len(tasks) > 1 and "section" not in columns:
        columns["section"] = tasks[0]  # "重点任务 | 具体措施": the first is the category
    columns["task"] = tasks[-1]
    return columns


def _cell_roles(cell: str, default: str) -> _Roles:
    """A units cell: plain names take the column's role; "市审计局牵头，各部门配合" says its own."""
    found = _inline(cell) or _extract_units(cell)[1]
    if found and (found.lead or default == "resp"):
        return found
    return _Roles(**{default: split_units(cell)})


def _parse_table(lines: list[str]) -> tuple[list[str], list[tuple]]:
    columns, section, sections, out = None, "", [], []
    for line in lines:
        cells = line.split("\t")
        if len(cells) < 2:
            found = _marker(line.strip())
            if found and found[0] in ("part", "cn", "pcn"):
                section = _tidy(line.strip())  # a heading paragraph between tables
            continue
        header = _header(cells)
        if header:
            columns = header
            continue
        filled = [_tidy(c) for c in cells if c.strip()]
        if not columns or not filled:
            continue
        if len(set(filled)) == 1 and (len(filled) > 1 or not filled[0].isdigit()):
            section = filled[0]  # a merged row across the table: a heading
            continue

        def cell(name):
            i = columns.get(name)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        body, roles = _extract_units(cell("task"))
        if not _tidy(body):
            continue
        roles.add(_cell_roles(cell("lead"), "lead"))
        roles.add(_cell_roles(cell("resp"), "resp"))
        if cell("due"):
            roles.due.insert(0, _tidy(cell("due")))
        row_section = _tidy(cell("section")) or section
        if row_section and row_section not in sections:
            sections.append(row_section)
        out.append((_cn_number(_tidy(cell("number")).rstrip("、.．")) if cell("number") else None,
                    row_section, _tidy(body), roles))
    return sections, out


# ---------------------------------------------------------------- document metadata
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[(\[]\s*(?:19|20)\d{2}\s*[)\]]\s*第?\s*\d{1,4}\s*号")
_DATE = re.compile(r"((?:19|20)\d{2})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?")
_CN_DATE = re.compile(r"^([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日$")
_TITLE_WORDS = r"(?:计划|方案|要点|安排|清单|规划|任务|措施|纲要|意见)"
_TITLE = re.compile(rf"^(?!下载|附件|解读).{{4,60}}{_TITLE_WORDS}(?:\([^()]{{1,15}}\))?$")
_ORG_END = r"(?:人民政府|政府|办公室|办公厅|委员会|领导小组|局|委)"


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


def _is_date_line(line: str) -> bool:
    line = _tidy(line)
    return len(line) <= 12 and _date(line) is not None


def _plan_title(head: list[str]) -> str:
    flat = [_tidy(line) for line in head]
    bad = re.compile(r"关于|通知|[:：。，,]|日期|索引|当前位置|\d号")
    for line in flat:
        if not bad.search(line) and _TITLE.match(line) and len(line) >= 8:
            return line
    for line, following in zip(flat, flat[1:]):
        if not bad.search(line + following) and _TITLE.match(line + following) \
                and not re.search(f"{_TITLE_WORDS}$", line):
            return line + following  # a title wrapped over two lines
    for line in flat:
        m = re.search(r"关于印发《(.+?)》", line)
        if m:
            return m.group(1)
    return ""


def _metadata(lines: list[str], head: list[str]) -> dict:
    text = "\n".join(lines)
    m = re.search(r"文\s*号[:：]?\s*(\S+?号)", text)
    number = m.group(1) if m else ""
    if not number:
        m = _DOC_NUMBER.search("\n".join(head))
        number = re.sub(r"\s+", "", m.group(0)) if m else ""
    m = re.search(r"(?:发布机构|发文机关|发文单位|制发机关)[:：]?\s*(\S+)", text)
    issuer = m.group(1) if m else ""
    if not issuer:
        m = re.search(rf"^(\S{{2,40}}?{_ORG_END})关于印发", "\n".join(_tidy(h) for h in head), re.M)
        issuer = m.group(1) if m else ""
    m = re.search(r"成文日期[:：]?\s*(\S+)", text)
    written = _date(m.group(1)) if m else None
    dated = [i for i, line in enumerate(lines) if _is_date_line(line)]
    if not written and dated:
        written = _date(_tidy(lines[dated[-1]]))  # the date under the signature
    if not issuer and dated and dated[-1] > 0:
        signer = _tidy(lines[dated[-1] - 1])
        issuer = signer if re.fullmatch(rf"\S{{2,30}}{_ORG_END}", signer) else ""
    title = _plan_title(head)
    year = None
    for source in (title, number):
        m = re.search(r"(?:19|20)\d{2}", source)
        if m:
            year = int(m.group(0))
            break
    if year is None and written:
        year = written.year
    return {"title": title, "doc_number": number, "issuer": issuer, "written_on": written, "year": year}


# ---------------------------------------------------------------- entry point
def parse_plan_text(text: str) -> ParsedPlan:
    lines = _clean_lines(text or "")
    if not lines:
        raise PlanParseError("文件内容为空，未找到任何文字。")
    sections, rows = _parse_table(lines)
    if not rows:
        sections, rows = _parse_numbered(lines)
    if not rows:
        raise PlanParseError("未在文件中找到任何编号任务。请确认上传的是工作计划：任务应以“一、”“1.”“(一)”等编号，"
                             "或放在带“工作任务”“牵头单位”表头的表格中。")
    first = next(i for i, line in enumerate(lines) if "\t" in line.strip() or _marker(line.strip()))
    plan = ParsedPlan(sections=sections, **_metadata(lines, lines[:first]))
    printed = [number for number, *_ in rows]
    # printed numbers are kept when they run strictly upward; numbering restarting per section is renumbered
    keep = all(n is not None for n in printed) and all(a < b for a, b in zip(printed, printed[1:]))
    for i, (number, section, body, roles) in enumerate(rows, start=1):
        plan.tasks.append(ParsedTask(
            number=number if keep else i, section=section, title=_title(body), text=body,
            lead_units=roles.lead, responsible_units=roles.resp, due_text="；".join(roles.due)))
    return plan
