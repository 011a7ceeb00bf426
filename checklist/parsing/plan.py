"""Parse a rule-of-law work plan (法治政府建设工作计划/要点/方案) into numbered tasks and their units.

Works on text from read_document(): scraped web pages, PDF text with hard line breaks, docx with tables
(one tab-separated line per row). Two layouts: numbered paragraphs ("一、…" / "1.…" / "(一)…" with the
units in brackets or on label lines) and tables with a 工作任务/牵头单位 header.
"""
import datetime
import re
import unicodedata
from dataclasses import asdict, dataclass, field

from .text import normalize, tidy
from .units import (_DUE_PHRASE, UnitRoles, assign_units, extract_units, is_collective, is_units_line, looks_like_unit,
                    parse_inline, split_units)


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
# A title cannot end on a verb waiting for its object or on a linking word.
_DANGLING = re.compile(r"(?:履行|执行|实施|作为|开展|组织|推进|推动|加强|落实|建立|健全|完善|坚持|深化|强化|提升|提高|"
                       r"[把将对的和及与在为并等、向按以由从使让])$")


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


def _title(text: str) -> str:
    """The task's first sentence; a long one is cut to its first clause or before its first action verb."""
    first = _SENTENCE_END.split(text, 1)[0].strip()
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


# ---------------------------------------------------------------- tables
_COLUMNS = [
    # people, not units: "责任领导" is no 责任单位 (but "责任单位及责任人" is)
    ("person", re.compile(r"^(?!.*(?:单位|部门)).*(?:领导|责任人|联系人|联络员|姓名)")),
    ("number", re.compile(r"^(?:序号|编号|序)$")),
    ("lead", re.compile(r"牵头|主办|主责")),
    ("resp", re.compile(r"责任|配合|参与|协办|负责")),
    ("due", re.compile(r"时限|时间|期限|进度")),
    ("task", re.compile(r"任务|内容|措施|事项|举措|重点工作")),
    ("section", re.compile(r"类别|领域|方面|板块|分类|项目")),
    ("note", re.compile(r"指标|备注")),
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


def _numbered_heading_row(cells: list[str], columns: dict[str, int]) -> str:
    """"一 | 依法全面履行政府职能 | (same, merged) …": a category row numbered in the 序号 column."""
    i = columns.get("number")
    number = tidy(cells[i]) if i is not None and i < len(cells) else ""
    rest = {tidy(c) for k, c in enumerate(cells) if k != i and c.strip()}
    if not (len(rest) == 1 and re.fullmatch(rf"\(?[{_CN_DIGITS}]+\)?[、.．]?", number)):
        return ""
    return number + ("" if re.search(r"[、.．)]$", number) else "、") + rest.pop()


def _parse_table(lines: list[str]) -> tuple[list[str], list[tuple]]:
    columns, header_cells, section, sections, out = None, [], "", [], []
    for line in lines:
        cells = line.split("\t")
        if len(cells) < 2:
            found = _marker(line.strip())
            if found and found[0] in ("part", "cn", "pcn"):
                section = tidy(line.strip())  # a heading paragraph between tables
            continue
        header = _header(cells)
        if header:
            columns, header_cells = header, cells
            continue
        filled = [tidy(c) for c in cells if c.strip()]
        if not columns or not filled:
            continue
        if len(set(filled)) == 1 and (len(filled) > 1 or not filled[0].isdigit()):
            section = filled[0]  # a merged row across the table: a heading
            continue
        heading = _numbered_heading_row(cells, columns)
        if heading:
            section = heading
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
        if tidy(cell("note")):  # the 对应指标 column stays with the task, as in the numbered layout
            body = f"{tidy(body)}({tidy(header_cells[columns['note']])}：{tidy(cell('note'))})"
        # a category cell merged over several rows comes out empty (PDF, web) below its first row
        section = row_section = tidy(cell("section")) or section
        if row_section and row_section not in sections:
            sections.append(row_section)
        out.append((_cn_number(tidy(cell("number")).rstrip("、.．")) if cell("number") else None,
                    row_section, tidy(body), roles))
    return sections, out


# ---------------------------------------------------------------- tables that lost their tabs
# PDF text keeps a table's columns as runs of spaces; web pages and some Word exports put every cell on a
# line of its own. Both are turned back into tab-separated rows for _parse_table.
_CELL_RUN = re.compile(r"\S+(?: \S+)*")  # a cell: words separated by single spaces
_ROW_NUMBER = re.compile(rf"^(?:\d{{1,3}}|[{_CN_DIGITS}]{{1,4}})[、.．]?$")


def _space_cells(line: str) -> list[tuple[int, int, str]]:
    """(start, end, text) of each cell, measured in display columns: a Chinese character is two columns wide."""
    if "\t" in line:
        return []
    widths = [0]
    for ch in line:
        widths.append(widths[-1] + (2 if unicodedata.east_asian_width(ch) in "WF" else 1))
    return [(widths[m.start()], widths[m.end()], m.group()) for m in _CELL_RUN.finditer(line)]


def _from_space_columns(lines: list[str]) -> list[str]:
    out: list[str] = []
    starts: list[int] = []  # where each column starts; empty outside a table
    number_col, row, table = None, None, {}

    def flush():
        nonlocal row
        if row is not None:
            out.append("\t".join(row))
            row = None

    for line in lines:
        cells = _space_cells(line)
        columns = _header([c[2] for c in cells]) if len(cells) >= 3 else None
        if columns:
            flush()
            starts, number_col, table = [c[0] for c in cells], columns.get("number"), columns
            out.append("\t".join(c[2] for c in cells))
            continue
        if not starts or not cells:
            out.append(line)
            continue
        if len(cells) == len(starts):
            placed = [c[2] for c in cells]
            starts = [c[0] for c in cells]  # a full row shows where the data sits (headers are often centred)
        else:
            placed = [""] * len(starts)
            for start, _, text in cells:
                col = min(range(len(starts)), key=lambda i: abs(starts[i] - start))
                placed[col] += text
        first = placed.index(next(c for c in placed if c))
        number = placed[number_col] if number_col is not None else ""
        if len(cells) == 1 and _marker(cells[0][2]) and not _ROW_NUMBER.match(cells[0][2]):
            flush()
            out.append(cells[0][2])  # a heading between the rows: "二、强化监督"
        elif number and _ROW_NUMBER.match(number) or (number_col is None and len(cells) >= 2):
            flush()
            row = placed
        elif number or row is None or (len(cells) == 1 and cells[0][1] - cells[0][0] > _column_width(starts, first) + 4):
            flush()
            starts = []
            out.append(line)  # prose across the columns, or where the numbers were: the table has ended
        elif _starts_sub_row(row, placed, table):
            sub = _split_sub_row(row, placed, table["task"])
            flush()
            row = sub
        else:
            for i, text in enumerate(placed):  # cells wrapped onto the next line
                # names cut by the wrap are rejoined by split_units; a space keeps two whole names apart
                row[i] += " " + text if row[i] and text and i in (table.get("lead"), table.get("resp")) else text
    flush()
    return out


def _starts_sub_row(row: list[str], placed: list[str], columns: dict[str, int]) -> bool:
    """A line below a row that is a row of its own, under number and category cells merged over both: the
    row's task text has ended and this line has its own task text and lead unit."""
    task, unit = columns["task"], columns.get("lead", columns.get("resp"))
    return bool(placed[task] and placed[unit] and re.search(r"[。；;]$", row[task])
                and not re.search(r"[、，,；;]$", row[unit]) and looks_like_unit(placed[unit]))


def _split_sub_row(row: list[str], placed: list[str], task: int) -> list[str]:
    """The cells before the task column wrap the merged cells above; the rest starts the new row."""
    for i in range(task):
        row[i] += placed[i]
    return [""] * task + placed[task:]


def _column_width(starts: list[int], i: int) -> int:
    return starts[i + 1] - starts[i] if i + 1 < len(starts) else 200


def _is_column_name(line: str) -> bool:
    line = tidy(line)
    # a label line ("责任单位：各乡镇") is no column name
    return 2 <= len(line) <= 8 and not re.search(r"[\t:：,，。;；、]", line) and any(p.search(line) for _, p in _COLUMNS)


def _is_unit_cell(line: str) -> bool:
    names = split_units(line)
    return bool(names) and not _DUE_PHRASE.search(tidy(line)) and all(
        looks_like_unit(n) or is_collective(n) for n in names)


def _is_due_cell(line: str) -> bool:
    line = tidy(line)
    return len(line) <= 20 and bool(_DUE_PHRASE.search(line) or _date(line))


def _from_cell_lines(lines: list[str]) -> list[str]:
    out, i = [], 0
    while i < len(lines):
        j = i
        while j < len(lines) and _is_column_name(lines[j]):
            j += 1
        names = [tidy(line) for line in lines[i:j]]
        columns = _header(names) if j - i >= 3 else None
        if not columns:
            out.append(lines[i])
            i += 1
            continue
        out.append("\t".join(names))
        rows, i = _cell_rows(lines, j, names, columns)
        out += rows
    return out


def _cell_rows(lines: list[str], i: int, names: list[str], columns: dict[str, int]) -> tuple[list[str], int]:
    """Rows of a one-cell-per-line table from line i; returns the rows and where the table ends."""
    width, rows = len(names), []
    if columns.get("number") != 0:
        # no number to start each row: whole rows of cells, as long as their units columns hold units
        while i + width <= len(lines):
            cells = [tidy(c) for c in lines[i:i + width]]
            if any(not _is_unit_cell(cells[columns[k]]) for k in ("lead", "resp") if k in columns):
                break
            rows.append("\t".join(cells))
            i += width
        return rows, i
    expected = 1
    while i < len(lines):
        line = tidy(lines[i])
        found = _marker(line)
        if found and found[0] in ("part", "cn", "pcn") and not _ROW_NUMBER.match(line):
            rows.append(line)  # a heading between the rows
            i += 1
            continue
        if _category_row(lines, i, expected):
            rows.append(line.rstrip("、.．") + "、" + tidy(lines[i + 1]))  # "一" over "依法行政" over "1": a heading
            i += 2
            continue
        if not _ROW_NUMBER.match(line) or _cn_number(line.rstrip("、.．")) not in (expected, 1):
            break
        j = i + 1
        while j < len(lines) and not (_ROW_NUMBER.match(tidy(lines[j]))
                                      and _cn_number(tidy(lines[j]).rstrip("、.．")) == expected + 1):
            j += 1
        cells = [tidy(c) for c in lines[i + 1:j]]
        while cells and (found := _marker(cells[-1])) and found[0] in ("part", "cn", "pcn") and len(cells[-1]) <= 30:
            j -= 1  # a heading before the next row, not a cell of this one
            cells.pop()
        if j < len(lines) and _category_row(lines, j - 2, expected + 1):
            j -= 2
            del cells[-2:]
        groups = _merged_rows(cells)
        if len(groups) > 1 and j == len(lines) and not _has_units(groups[-1]):
            j -= len(groups.pop())  # the closing text after the last row
        elif len(groups) > 1 and not _has_units(groups[-1]):
            note = groups.pop()
            groups[-1] += note  # a note column after the deadline
        if len(groups) == 1 and len(cells) > width - 1 and j == len(lines):
            # the last row: what follows its cells is the closing text, or a heading of the next table
            j = i + width
            groups = [cells[:width - 1]]
        rows += ["\t".join(_row_cells(line if k == 0 else "", group, names, columns)) for k, group in enumerate(groups)]
        expected = (_cn_number(line.rstrip("、.．")) or 0) + 1
        i = j
    return rows, i


def _category_row(lines: list[str], i: int, expected: int) -> bool:
    """A Chinese-numbered category row (number and name cells) before Arabic-numbered task rows."""
    if i + 2 >= len(lines) or not re.fullmatch(rf"[{_CN_DIGITS}]+[、.．]?", tidy(lines[i])):
        return False
    after = tidy(lines[i + 2]).rstrip("、.．")
    return after.isdecimal() and int(after) in (expected, 1)


def _has_units(cells: list[str]) -> bool:
    return any(_is_unit_cell(c) for c in cells)


def _merged_rows(cells: list[str]) -> list[list[str]]:
    """The lines up to the next row number, split where a task's text follows units and a deadline: one 重点任务
    over several 具体措施 rows, its number and category cells merged and printed once."""
    groups: list[list[str]] = [[]]
    for cell in cells:
        last = groups[-1][-1] if groups[-1] else ""
        tail = _is_unit_cell(last) or _is_due_cell(last)
        if tail and _has_units(groups[-1]) and not (_is_unit_cell(cell) or _is_due_cell(cell)):
            groups.append([])
        groups[-1].append(cell)
    return groups


def _row_cells(number: str, cells: list[str], names: list[str], columns: dict[str, int]) -> list[str]:
    """Cells in header order; an empty cell has no line of its own, so a short row is sorted by what its lines are."""
    unit_cells = [cells[columns[k] - 1] for k in ("lead", "resp") if k in columns] if len(cells) == len(names) - 1 else []
    if len(cells) == len(names) - 1 and all(_is_unit_cell(c) for c in unit_cells):
        return [number] + cells
    row = [""] * len(names)
    row[0] = number
    unit_columns = [columns[k] for k in ("lead", "resp") if k in columns]
    task: list[str] = []
    for cell in cells:
        if task and _is_unit_cell(cell) and unit_columns:
            row[unit_columns.pop(0)] = cell
        elif task and "due" in columns and not row[columns["due"]] and _is_due_cell(cell):
            row[columns["due"]] = cell
        elif not any(row[k] for k in range(1, len(row)) if k != columns["task"]):
            task.append(cell)  # a task cell of several paragraphs
    row[columns["task"]] = "".join(task)
    return row


# ---------------------------------------------------------------- document metadata
_DOC_NUMBER = re.compile(r"[\u4e00-\u9fff]{1,12}\s*[(\[]\s*(?:19|20)\d{2}\s*[)\]]\s*第?\s*\d{1,4}\s*号")
_DATE = re.compile(r"((?:19|20)\d{2})\s*[年.\-/]\s*(\d{1,2})\s*[月.\-/]\s*(\d{1,2})\s*日?")
_CN_DATE = re.compile(r"^([〇零一二三四五六七八九]{4})年([一二三四五六七八九十]{1,2})月([一二三四五六七八九十]{1,3})日$")
_TITLE_WORDS = r"(?:(?:计划|方案|要点|安排|清单|规划|任务|措施|纲要|意见|分工|分解)表?|台账)"
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


def parse_plan_text(text: str) -> ParsedPlan:
    # tables that lost their tabs are rebuilt first: a row number alone on a line would pass for a page number
    raw = [line for line in _from_space_columns(normalize(text or "").split("\n")) if line.strip()]
    lines = _clean_lines("\n".join(_from_cell_lines(raw)))
    if not lines:
        raise PlanParseError("文件内容为空，未找到任何文字。")
    first = next((i for i, line in enumerate(lines) if _marker(line.strip()) or _header(line.split("\t"))), 0)
    metadata = _metadata(lines, lines[:first])
    body = _plan_body(lines, metadata["title"])
    sections, rows = _parse_table(body)
    if not rows:
        sections, rows = _parse_numbered(body)
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
