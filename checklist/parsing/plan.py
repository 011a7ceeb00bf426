"""Parse a rule-of-law work plan (法治政府建设工作计划/要点/方案) into numbered tasks and their units.

Works on text from read_document(): scraped web pages, PDF text with hard line breaks, docx with tables
(one tab-separated line per row). Two layouts: numbered paragraphs ("一、…" / "1.…" / "(一)…" with the
units in brackets or on label lines) and tables with a 工作任务/牵头单位 header (read in plan_tables.py).
"""
import datetime
import re
from dataclasses import asdict, dataclass, field

from .plan_numbers import _date, _marker
from .plan_tables import _from_cell_lines, _from_space_columns, _header, _parse_table, _rejoin_wrapped_rows
from .text import normalize, tidy
from .units import UnitRoles, extract_units, is_units_line, looks_like_unit, split_units


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


# ---------------------------------------------------------------- lines
_PAGE_NUMBER = re.compile(r"^(?:[-—–－―\s]*\d{1,3}[-—–－―\s]*|第\s*\d+\s*页(?:\s*共\s*\d+\s*页)?|\d+\s*/\s*\d+)$")
_TRAILER = re.compile(r"^(?:解读|下载|附件|附[:：]|抄送|来源|扫一扫|打印|关闭|上一篇|下一篇|相关链接|分享到)"
                      r"|^[(\[]此件|^(?:\d{4}|[〇零一二三四五六七八九]{4})年[\d〇零一二三四五六七八九十]{1,2}月[\d〇零一二三四五六七八九十]{1,3}日$")
# 。 or a "." typed after Chinese text (not 3.5, not the "1." of numbering)
_SENTENCE_END = re.compile(r"[。;；!！?？]|(?<=[\u3400-\u9fff”’)》])\.(?![0-9A-Za-z.])")
# Verbs that start the work itself; a title without a full stop is cut before one of them.
_ACTION = re.compile(r"全面|深入|加快|建立|健全|完善|严格|推进|推动|加强|落实|持续|进一步|积极|认真|切实|不断|坚持|开展")
# A title cannot end on a verb waiting for its object or on a linking word.
_DANGLING = re.compile(r"(?:履行|执行|实施|作为|开展|组织|推进|推动|加强|落实|建立|健全|完善|坚持|深化|强化|提升|提高|"
                       r"[把将对的和及与在为并等、向按以由从使让])$")


def _join(lines: list[str]) -> str:
    """PDF lines break anywhere: join without a space, but keep a newline before a label line."""
    out = ""
    for line in lines:
        if not out:
            out = line
        elif is_units_line(line):
            out += "\n" + line
        elif out == lines[0] and _is_bare_title(out) and re.match(r"[\u4e00-\u9fff]{2,6}[:：]", line):
            out += "。" + line  # "1.规范性文件备案审查" over "工作措施：…": a title line, not a broken one
        elif re.match(r"[A-Za-z]", line) and re.search(r"[A-Za-z]$", out):
            out += " " + line  # an English word boundary; digits and Chinese join directly
        else:
            out += line
    return out


def _is_bare_title(line: str) -> bool:
    return len(line) <= 30 and not re.search(r"[。，,；;：:!！?？]", line)


def _clean_lines(text: str) -> list[str]:
    lines = []
    for line in normalize(text).split("\n"):
        stripped = line.strip()
        if stripped and not _PAGE_NUMBER.match(stripped):
            # a table row keeps its leading tabs: they are the empty first cells
            lines.append(line.strip(" ").rstrip("\t") if "\t" in stripped else stripped)
    return lines


# a measure's own number at the start of a task's text ("1.全面推行…。2.推进…" in a table cell): not the title's
_MEASURE_NUMBER = re.compile(r"^(?:\d{1,2}[.．、](?!\d)|[（(]\d{1,2}[)）]|[①-⑳]|[一二三四五六七八九十]是)\s*")


def _title(text: str) -> str:
    """The task's first sentence; a long one is cut to its first clause or before its first action verb."""
    first = _SENTENCE_END.split(_MEASURE_NUMBER.sub("", text.strip(), 1), 1)[0].strip()
    colon = re.match(r"(.{4,}?)[:：]", first)
    if colon and "《" not in colon.group(1):
        first = colon.group(1)
    if len(first) <= 30:
        return first
    clause = re.split(r"[,，]", first, 1)[0]
    for verb in _ACTION.finditer(clause, 6):
        # "营造…法治环境|全面清理…" is a heading run into the text; "…负责人履行|推进…" is one phrase
        if not _DANGLING.search(clause[:verb.start()]):
            return clause[:verb.start()]
    return clause if len(clause) <= 40 else clause[:30]


# ---------------------------------------------------------------- numbered paragraphs
@dataclass
class _Item:
    kind: str
    number: int | None
    marker: str
    lines: list[str]


_ATTACHMENTS = re.compile(r"^附\s*件\s*[:：]?\s*(?=\d)")  # "附件：1．…任务分工表", more names below it


def _items(lines: list[str]) -> list[_Item]:
    items: list[_Item] = []
    attachments = False
    for line in lines:
        line = line.replace("\t", " ").strip()
        found = _marker(line)
        attachments = bool(_ATTACHMENTS.match(line) or (attachments and found and _is_attachment_name(found[3])))
        if attachments and found:
            continue  # "2．联络员名单": the name of an attached file, not a task
        if found:
            kind, number, marker, rest = found
            items.append(_Item(kind, number, marker, [rest.strip()]))
        elif items and items[-1].lines == [""]:
            items[-1].lines = [line]  # the PDF put the number on a line of its own
        elif items:
            items[-1].lines.append(line)
    return [item for item in items if item.lines != [""]]


def _is_attachment_name(text: str) -> bool:
    return len(text) <= 60 and not re.search(r"[。，,；;：:]", text)


def _task_kind(items: list[_Item]) -> str:
    """The numbering level that carries the units; without units anywhere, the most frequent one."""
    rank = {}
    for item in items:
        rank.setdefault(item.kind, len(rank))  # the first kind printed is the top level
    has_units = [bool(extract_units(_join(item.lines))[1]) for item in items]
    ends = [_subtree_end(items, i, rank) for i in range(len(items))]
    # "(一)深化“放管服”改革(牵头单位：区发改局)" over "1." items: the units hold for each of them, unless
    # other items of that level carry units without sub-items (then it is a task with its sub-items)
    heads = {i for i, item in enumerate(items) if has_units[i] and ends[i] > i + 1 and _is_units_heading(item)}
    tasks = {items[i].kind for i in range(len(items)) if has_units[i] and i not in heads}
    for i in heads:
        if items[i].kind not in tasks:
            has_units[i + 1:ends[i]] = [True] * (ends[i] - i - 1)
    score = dict.fromkeys(rank, 0)
    for i, item in enumerate(items):
        score[item.kind] += any(has_units[i:ends[i]])  # units of an item's sub-items count for it
    if not any(score.values()):
        score = {k: sum(1 for it in items if it.kind == k) - rank[k] / 100 for k in rank}
        return max(score, key=score.get)
    return max(rank, key=lambda k: (score[k], rank[k]))


def _subtree_end(items: list[_Item], i: int, rank: dict[str, int]) -> int:
    """Index after item i's sub-items."""
    j = i + 1
    while j < len(items) and rank[items[j].kind] > rank[items[i].kind]:
        j += 1
    return j


def _is_units_heading(item: _Item) -> bool:
    """A short heading line with its units clause and nothing else (no text of a task of its own)."""
    kept = _task_lines(item)
    body = extract_units(_join(kept))[0].strip().rstrip("。")
    return len(kept) == len(item.lines) and len(body) <= 40 and not _SENTENCE_END.search(body)


def _task_lines(item: _Item) -> list[str]:
    """The task's own lines: after its units clause only more units lines belong to it (the rest is closing text)."""
    kept = [item.lines[0]]
    for i, line in enumerate(item.lines[1:], start=2):
        joined = _join(kept)
        if joined.count("(") + joined.count("[") > joined.count(")") + joined.count("]"):
            kept.append(line)
        elif _TRAILER.search(line) or (i < len(item.lines) and _is_date_line(item.lines[i])):
            break  # closing lines, or the signature above the date
        elif _is_closing(kept[-1], item.lines[i - 1:]):
            break  # a task whose units are stated at its heading: nothing marks where its text ends
        elif not extract_units(joined)[1] or is_units_line(line):
            kept.append(line)
        elif is_units_line(kept[-1]) and _continues_units(kept[-1], line):
            kept.append(line)
        else:
            break
    return kept


# "各责任单位要于每季度末…", "请各部门于…报送": the closing paragraph addresses everyone
_CLOSING = re.compile(r"^(?:请|全[区县市省旗])?各[^。，,；;]{0,20}?(?:要|于)")


def _is_closing(previous: str, rest: list[str]) -> bool:
    """A new paragraph addressed to all units, with no units clause after it."""
    return bool(re.search(r"[。;；]$", previous) and _CLOSING.match(rest[0])) and not any(map(is_units_line, rest))


def _continues_units(previous: str, line: str) -> bool:
    if re.search(r"[、,，]$", previous):
        return True
    # the PDF may cut a name in two ("县发改" / "委、县商务局"): the first piece may be a fragment
    names = split_units(line)
    return (len(line) <= 30 and not re.search(r"[。，,：:]", line) and bool(names)
            and all(looks_like_unit(n) for n in names[1:]) and (looks_like_unit(names[-1]) or len(line) <= 4))


def _heading(item: _Item) -> str:
    text = extract_units(item.lines[0])[0]  # units stated at the heading are inherited, not part of its name
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
    heading_roles: dict[int, UnitRoles] = {}
    sections: list[str] = []
    tasks: list[list] = []  # [number, section, lines, the headings above it]
    open_task = False
    for item in items:
        rank = order.index(item.kind)
        if rank < task_rank:
            headings = {r: h for r, h in headings.items() if r < rank}
            heading_roles = {r: h for r, h in heading_roles.items() if r < rank}
            headings[rank] = _heading(item)
            heading_roles[rank] = extract_units(_join(_task_lines(item)))[1]
            if headings[rank] not in sections:
                sections.append(headings[rank])
            open_task = False  # "四、保障措施" then "(一)加强组织领导": not a sub-item of the last task
        elif rank == task_rank:
            section = headings[max(headings)] if headings else ""
            tasks.append([item.number, section, _task_lines(item), set(headings.values()), dict(heading_roles)])
            open_task = True
        elif open_task:
            tasks[-1][2] += [item.marker + item.lines[0]] + item.lines[1:]  # sub-items belong to the task
    out, above = [], {}
    for number, section, task_lines, parents, inherited in tasks:
        body, roles = extract_units(_join(task_lines))
        out.append((number, section, tidy(body), _inherit(roles, inherited)))
        above.setdefault(section, set()).update(parents)
    # Framework sections at the start and end (总体要求, 保障措施) number their paragraphs like tasks but
    # name no units; in a plan that names units they hold no tasks.
    section_order = list(dict.fromkeys(row[1] for row in out))
    with_units = {row[1] for row in out if row[3].lead or row[3].resp}
    if with_units:
        framework = set(section_order[:min(section_order.index(s) for s in with_units)])
        framework |= set(section_order[max(section_order.index(s) for s in with_units) + 1:])
        out = [row for row in out if row[1] not in framework]
    # A heading is a section only if tasks sit under it (directly or deeper): "第三部分 保障措施" and its
    # paragraphs hold none and would show up as empty sections.
    used = set()
    for row in out:
        used |= above.get(row[1], set()) | {row[1]}
    sections = [s for s in sections if s in used]
    return sections, out


def _inherit(roles: UnitRoles, headings: dict[int, UnitRoles]) -> UnitRoles:
    """A role the task does not state itself comes from the nearest heading above that states it."""
    for rank in sorted(headings, reverse=True):
        for role in ("lead", "resp", "due"):
            if not getattr(roles, role):
                setattr(roles, role, list(getattr(headings[rank], role)))
    return roles


# ---------------------------------------------------------------- document metadata
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[(\[]\s*(?:19|20)\d{2}\s*[)\]]\s*第?\s*\d{1,4}\s*号")
_TITLE_WORDS = r"(?:(?:计划|方案|要点|安排|清单|规划|任务|措施|纲要|意见|分工|分解)表?|台账)"
_TITLE = re.compile(rf"^(?!下载|附件|解读).{{4,60}}{_TITLE_WORDS}(?:\([^()]{{1,15}}\))?$")
_ORG_END = r"(?:人民政府|政府|办公室|办公厅|委员会|领导小组|局|委)"


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
def _plan_body(lines: list[str], title: str) -> list[str]:
    """The plan without the notice that wraps it: "关于印发…的通知" may number its own requests ("一、高度重视"),
    and the plan starts where its title is printed again (on one line or wrapped over two)."""
    if not title:
        return lines
    for k in range(1, len(lines)):
        here = tidy(lines[k])
        wrapped = k + 1 < len(lines) and here + tidy(lines[k + 1]) == title
        if (here == title or wrapped) and any("印发" in line for line in lines[:k]):
            return lines[k + 1 + wrapped:]
    return lines


def _with_units(rows: list[tuple]) -> int:
    return sum(1 for *_, roles in rows if roles.lead or roles.resp)


def parse_plan_text(text: str) -> ParsedPlan:
    # tables that lost their tabs are rebuilt first: a row number alone on a line would pass for a page number
    raw = [line for line in _from_space_columns(normalize(text or "").split("\n")) if line.strip()]
    lines = _clean_lines("\n".join(_rejoin_wrapped_rows(_from_cell_lines(raw))))
    if not lines:
        raise PlanParseError("文件内容为空，未找到任何文字。")
    first = next((i for i, line in enumerate(lines) if _marker(line.strip()) or _header(line.split("\t"))), 0)
    metadata = _metadata(lines, lines[:first])
    body = _plan_body(lines, metadata["title"])
    sections, rows = _parse_table(body)
    numbered = _parse_numbered(body)
    # a table attached after numbered tasks (附件：重点任务台账) is not the plan when the text names units for more tasks
    if not rows or _with_units(numbered[1]) > _with_units(rows):
        sections, rows = numbered
    if not rows:
        raise PlanParseError("未在文件中找到任何编号任务。请确认上传的是工作计划：任务应以“一、”“1.”“(一)”等编号，"
                             "或放在带“工作任务”“牵头单位”表头的表格中。")
    plan = ParsedPlan(sections=sections, **metadata)
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
