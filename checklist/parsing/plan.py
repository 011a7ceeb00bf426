"""Parse a rule-of-law work plan (法治政府建设工作计划/要点/方案) into numbered tasks and their units.

Works on text from read_document(): scraped web pages, PDF text with hard line breaks, docx with tables
(one tab-separated line per row). Two layouts: numbered paragraphs ("一、…" / "1.…" / "(一)…" with the
units in brackets or on label lines) and tables with a 工作任务/牵头单位 header.
"""
import datetime
import re
from dataclasses import asdict, dataclass, field

from .text import normalize, tidy
from .units import UnitRoles, assign_units, extract_units, is_units_line, looks_like_unit, parse_inline, split_units


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
        if m and (line[m.end():].strip() or kind in ("part", "cn", "pcn", "ar", "par")):
            return kind, _cn_number(m.group(1)), line[:m.end()].strip(), line[m.end():]
    return None


def _join(lines: list[str]) -> str:
    """PDF lines break anywhere: join without a space, but keep a newline before a label line."""
    out = ""
    for line in lines:
        if not out:
            out = line
        elif is_units_line(line):
            out += "\n" + line
        elif re.match(r"[A-Za-z]", line) and re.search(r"[A-Za-z]$", out):
            out += " " + line  # an English word boundary; digits and Chinese join directly
        else:
            out += line
    return out


def _clean_lines(text: str) -> list[str]:
    lines = []
    for line in normalize(text).split("\n"):
        stripped = line.strip()
        if stripped and not _PAGE_NUMBER.match(stripped):
            # a table row keeps its leading tabs: they are the empty first cells
            lines.append(line.strip(" ").rstrip("\t") if "\t" in stripped else stripped)
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
        elif items and items[-1].lines == [""]:
            items[-1].lines = [line]  # the PDF put the number on a line of its own
        elif items:
            items[-1].lines.append(line)
    return [item for item in items if item.lines != [""]]


def _task_kind(items: list[_Item]) -> str:
    """The numbering level that carries the units; without units anywhere, the most frequent one."""
    rank = {}
    for item in items:
        rank.setdefault(item.kind, len(rank))  # the first kind printed is the top level
    has_units = [bool(extract_units(_join(item.lines))[1]) for item in items]
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
        elif not extract_units(joined)[1] or is_units_line(line):
            kept.append(line)
        elif is_units_line(kept[-1]) and _continues_units(kept[-1], line):
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
    return tidy(item.marker + _SENTENCE_END.split(text, 1)[0])


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
        body, roles = extract_units(_join(task_lines))
        out.append((number, section, tidy(body), roles))
    # Framework sections at the start and end (总体要求, 保障措施) number their paragraphs like tasks but
    # name no units; in a plan that names units they hold no tasks.
    section_order = list(dict.fromkeys(row[1] for row in out))
    with_units = {row[1] for row in out if row[3].lead or row[3].resp}
    if with_units:
        framework = set(section_order[:min(section_order.index(s) for s in with_units)])
        framework |= set(section_order[max(section_order.index(s) for s in with_units) + 1:])
        out = [row for row in out if row[1] not in framework]
        sections = [s for s in sections if s not in framework]
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
        cell = tidy(cell)
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


def _cell_roles(cell: str, default: str) -> UnitRoles:
    """A units cell: plain names take the column's role; "市审计局牵头，各部门配合" says its own."""
    found = parse_inline(cell) or extract_units(cell)[1]
    if found and (found.lead or default == "resp"):
        return found
    return assign_units(cell, default)


def _parse_table(lines: list[str]) -> tuple[list[str], list[tuple]]:
    columns, section, sections, out = None, "", [], []
    for line in lines:
        cells = line.split("\t")
        if len(cells) < 2:
            found = _marker(line.strip())
            if found and found[0] in ("part", "cn", "pcn"):
                section = tidy(line.strip())  # a heading paragraph between tables
            continue
        header = _header(cells)
        if header:
            columns = header
            continue
        filled = [tidy(c) for c in cells if c.strip()]
        if not columns or not filled:
            continue
        if len(set(filled)) == 1 and (len(filled) > 1 or not filled[0].isdigit()):
            section = filled[0]  # a merged row across the table: a heading
            continue

        def cell(name):
            i = columns.get(name)
            return cells[i].strip() if i is not None and i < len(cells) else ""

        body, roles = extract_units(cell("task"))
        if not tidy(body):
            continue
        roles.add(_cell_roles(cell("lead"), "lead"))
        roles.add(_cell_roles(cell("resp"), "resp"))
        if cell("due"):
            roles.due.insert(0, tidy(cell("due")))
        row_section = tidy(cell("section")) or section
        if row_section and row_section not in sections:
            sections.append(row_section)
        out.append((_cn_number(tidy(cell("number")).rstrip("、.．")) if cell("number") else None,
                    row_section, tidy(body), roles))
    return sections, out


# ---------------------------------------------------------------- document metadata
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[(\[]\s*(?:19|20)\d{2}\s*[)\]]\s*第?\s*\d{1,4}\s*号")
_DATE = re.compile(r"((?:19|20)\d{2})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?")
_CN_DATE = re.compile(r"^([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日$")
_TITLE_WORDS = r"(?:计划|方案|要点|安排|清单|规划|任务|措施|纲要|意见|分工|分解)"
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
    line = tidy(line)
    return len(line) <= 12 and _date(line) is not None


def _plan_title(head: list[str]) -> str:
    flat = [tidy(line) for line in head]
    bad = re.compile(r"关于|通知|[:：。，,]|日期|索引|当前位置|\d号")
    for line in flat:
        if not bad.search(line) and _TITLE.match(line) and len(line) >= 8:
            return line
    for line, following in zip(flat, flat[1:]):
        if not bad.search(line + following) and _TITLE.match(line + following) \
                and not re.search(f"{_TITLE_WORDS}$", line):
            return line + following  # a title wrapped over two lines
    m = re.search(r"关于印发《(.+?)》", "".join(flat)) or re.search(r"关于印发(.+?)的通知", "".join(flat))
    return m.group(1) if m else ""


def _metadata(lines: list[str], head: list[str]) -> dict:
    text = "\n".join(lines)
    m = re.search(r"文\s*号[:：]?\s*(\S+?号)", text)
    number = m.group(1) if m else ""
    if not number:
        m = _DOC_NUMBER.search("\n".join(head))
        number = re.sub(r"\s+", "", m.group(0)) if m else ""
    # normalize() turned 〔〕 into []; official document numbers write the year in 〔〕 (GB/T 9704).
    number = number.replace("[", "〔").replace("]", "〕")
    m = re.search(r"(?:发布机构|发文机关|发文单位|制发机关)[:：]?\s*(\S+)", text)
    issuer = m.group(1) if m else ""
    if not issuer:
        m = re.search(rf"^(\S{{2,40}}?{_ORG_END})关于印发", "\n".join(tidy(h) for h in head), re.M)
        issuer = m.group(1) if m else ""
    m = re.search(r"成文日期[:：]?\s*(\S+)", text)
    written = _date(m.group(1)) if m else None
    dated = [i for i, line in enumerate(lines) if _is_date_line(line)]
    if not written and dated:
        written = _date(tidy(lines[dated[-1]]))  # the date under the signature
    if not issuer and dated and dated[-1] > 0:
        signer = tidy(lines[dated[-1] - 1])
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
    first = next((i for i, line in enumerate(lines) if _marker(line.strip()) or _header(line.split("\t"))), 0)
    plan = ParsedPlan(sections=sections, **_metadata(lines, lines[:first]))
    # "排在第一位的为牵头单位": the lead is named first instead of labelled
    lead_first = re.search(r"(?:第一位|第一个|首位)[^。\n]{0,8}为牵头", "".join(lines).replace(" ", ""))
    printed = [number for number, *_ in rows]
    # printed numbers are kept when they run strictly upward; numbering restarting per section is renumbered
    keep = all(n is not None for n in printed) and all(a < b for a, b in zip(printed, printed[1:]))
    for i, (number, section, body, roles) in enumerate(rows, start=1):
        if lead_first and roles.resp and not roles.lead:
            roles.lead, roles.resp = roles.resp[:1], roles.resp[1:]
        plan.tasks.append(ParsedTask(
            number=number if keep else i, section=section, title=_title(body), text=body,
            lead_units=roles.lead, responsible_units=roles.resp, due_text="；".join(roles.due)))
    return plan
