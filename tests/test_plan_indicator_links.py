"""对应指标 in a plan document: references read from the task text, linked to the plan's indicator system."""
import json
from io import StringIO
from types import SimpleNamespace

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.urls import reverse

from checklist.indicator_import import import_system
from checklist.models import Indicator, IndicatorSystem, Plan, Task
from checklist.parsing.indicator_refs import IndicatorIndex, IndicatorRef, find_indicator_refs, parse_indicator_ref
from checklist.parsing.indicators import load_indicator_file
from checklist.parsing.plan import parse_plan_text
from checklist.plan_import import import_plan, resolve_region
from reports.gaps import rules
from reports.gaps.rules import GapContext
from reports.models import Gap, GapState
from tests import gap_factories as make
from tests.helpers import INDICATORS_2021

SYSTEM_NAME = "市县法治政府建设示范指标体系(2021年版)"

# Numbered paragraphs: the reference inside the units bracket, on a line of its own, in full-width digits,
# as 一级/二级/三级 numbers, as a code. Task 5's "完成指标8项" is a count, not a reference.
POINTS = """XX区2021年法治政府建设示范创建工作方案
一、依法全面履行政府职能
1.全面推行审批服务“马上办、网上办”，压缩办理时限。（牵头单位：区政务服务局；责任单位：区直各部门；2021年6月底前完成；对应指标：第1项、第２项）
2.全面清理行政审批中介服务。（区发改委牵头，区直各部门配合）
对应指标：1.1.3
3.清理变相许可事项。（牵头单位：区司法局）
对应指标：一级指标1 二级指标1 三级指标2
4.推进行政执法“三项制度”。（牵头单位：区司法局；对应指标：2021-L3-003、第108项）
5.开展第3次执法检查，完成指标8项。（牵头单位：区司法局）
"""

# The same plan before its 对应指标 were written in.
PLAIN = (POINTS.replace("；对应指标：第1项、第２项", "").replace("对应指标：1.1.3\n", "")
         .replace("对应指标：一级指标1 二级指标1 三级指标2\n", "").replace("；对应指标：2021-L3-003、第108项", ""))

# A table with a 对应指标 column.
TABLE = (
    "XX区2021年法治政府建设示范创建任务分解表\n"
    "序号\t工作任务\t牵头单位\t责任单位\t完成时限\t对应指标\n"
    "1\t全面推行审批服务马上办。\t区政务服务局\t区直各部门\t2021年底前\t1、2\n"
    "2\t清理行政审批中介服务。\t区发改委\t区直各部门\t长期坚持\t2021-L3-003\n"
    "3\t清理变相许可事项。\t区司法局\t\t年底前\t1-3\n"
    "4\t推进政务公开。\t区政府办\t\t年底前\t\n"
)


def codes(task_or_number, plan=None):
    task = task_or_number if isinstance(task_or_number, Task) else Task.objects.get(plan=plan, number=task_or_number)
    return sorted(task.indicators.values_list("code", flat=True))


def links():
    return sorted(Task.indicators.through.objects.values_list("task_id", "indicator_id"))


def run(text, year=2021, region="包头市/东河区", user=None):
    return import_plan(parse_plan_text(text), resolve_region(region), year, source_file="plan.txt", user=user)


@pytest.fixture
def system(db):
    return import_system(load_indicator_file(INDICATORS_2021)).system


@pytest.fixture
def plan(system):
    """The plan as a first import made it, then given the 2021 system by staff."""
    plan = run(PLAIN).plan
    plan.indicator_system = system
    plan.save()
    return plan


# --- finding references in text ------------------------------------------------------------------


def refs(text):
    return [(r.kind, r.value or r.levels or "", r.written) for r in find_indicator_refs(text)]


@pytest.mark.parametrize("text, expected", [
    ("（对应指标：第8项、第12项）", [("number", "8", "第8项"), ("number", "12", "第12项")]),
    ("对应指标：3.2.1", [("path", "3.2.1", "3.2.1")]),
    ("对应指标：一级指标2 二级指标5 三级指标17",
     [("levels", ((1, 2), (2, 5), (3, 17)), "一级指标2 二级指标5 三级指标17")]),
    ("（对应指标8、9）", [("number", "8", "8"), ("number", "9", "9")]),
    ("(对应指标：2021-L3-008，2021-l3-009)",
     [("code", "2021-L3-008", "2021-L3-008"), ("code", "2021-L3-009", "2021-l3-009")]),
    ("（对应指标：第８项和第１２项）", [("number", "8", "第８项"), ("number", "12", "第１２项")]),
    ("对应指标：３．２．１", [("path", "3.2.1", "３．２．１")]),
    ("(对应指标：第八项及第十二项)", [("number", "8", "第八项"), ("number", "12", "第十二项")]),
    ("(指标序号：5；7)", [("number", "5", "5"), ("number", "7", "7")]),
    ("(对应示范指标：5/7)", [("number", "5", "5"), ("number", "7", "7")]),
    ("（三级指标17、三级指标18）", [("levels", ((3, 17),), "三级指标17"), ("levels", ((3, 18),), "三级指标18")]),
    ("对应三级指标：17", [("levels", ((3, 17),), "三级指标：17")]),
    ("对应指标为第8项。", [("number", "8", "第8项")]),
    ("(对应指标8、9等)", [("number", "8", "8"), ("number", "9", "9")]),
    ("(对应指标：8、8、第8项)", [("number", "8", "8")]),  # each once
])
def test_references_after_a_label_are_found_as_written(text, expected):
    assert refs(text) == expected


def test_ranges_are_expanded_only_when_small():
    assert refs("（对应指标：8-10）") == [("number", str(n), "8-10") for n in (8, 9, 10)]
    assert [r.value for r in find_indicator_refs("(对应指标第8至10项)")] == ["8", "9", "10"]
    assert find_indicator_refs("(对应指标：8至10)")[2].display == "“8至10”中的 10"
    # 93 indicators from one dash is likelier a slip: reported as written, never expanded
    assert refs("（对应指标：8-100）") == [("unknown", "", "8-100")]
    assert refs("（对应指标：10-8）") == [("unknown", "", "10-8")]


@pytest.mark.parametrize("text", [
    "开展第3次执法检查，完成指标8项。",  # a count of indicators, no label
    "考核指标：达到95%以上",  # a figure, not a reference
    "对照《市县法治政府建设示范指标体系》，主动查短板",
    "行政复议纠错率等12项指标全部达标",
    "对应指标：8、完成任务",  # the clause goes on with words: not a list of references
    "(备注：第8项)",  # no 指标 label
    "对应指标：无",
    "主要指标2个",
    "全面完成2021年度3.2.1号文件要求的8项工作",  # numbers with no label at all
])
def test_numbers_without_an_explicit_label_or_followed_by_words_are_no_references(text):
    assert find_indicator_refs(text) == []


def test_a_single_token_parses_like_a_list_item():
    assert parse_indicator_ref("第8项") == IndicatorRef("第8项", "number", "8")
    assert parse_indicator_ref(" 2021-L3-001 ") == IndicatorRef("2021-L3-001", "code", "2021-L3-001")
    assert parse_indicator_ref("三级指标17").levels == ((3, 17),)
    assert parse_indicator_ref("8-10") is None and parse_indicator_ref("abc") is None


def test_the_parser_keeps_the_indicator_column_and_lines_in_the_text():
    numbered = [find_indicator_refs(t.text) for t in parse_plan_text(POINTS).tasks]
    assert [[r.written for r in found] for found in numbered] == [
        ["第1项", "第２项"], ["1.1.3"], ["一级指标1二级指标1三级指标2"], ["2021-L3-003", "第108项"], [],
    ]
    table = [find_indicator_refs(t.text) for t in parse_plan_text(TABLE).tasks]
    assert [[r.value for r in found] for found in table] == [["1", "2"], ["2021-L3-003"], ["1", "2", "3"], []]


# --- resolving against a system (no database: any objects with the model's attributes) -------------


def node(pk, code, level, number, parent=None, position=0):
    return SimpleNamespace(pk=pk, code=code, level=level, number=number, parent_id=parent, position=position)


# Numbering through the system, as the national one: 二级 3 is the first child of 一级 二.
THROUGH = [
    node(1, "X-L1-001", 1, "一"), node(2, "X-L2-001", 2, "1", 1, 1), node(3, "X-L2-002", 2, "2", 1, 2),
    node(4, "X-L3-001", 3, "1", 2, 3), node(5, "X-L3-002", 3, "2", 3, 4),
    node(6, "X-L1-002", 1, "二", position=5), node(7, "X-L2-003", 2, "3", 6, 6), node(8, "X-L3-003", 3, "3", 7, 7),
]
# Numbering restarting under each parent, as provincial systems do: 三级 1 twice.
RESTART = [
    node(1, "P-L1-01", 1, "一"), node(2, "P-L2-01.01", 2, "1", 1, 1), node(3, "P-L3-01.01.01", 3, "1", 2, 2),
    node(4, "P-L1-02", 1, "二", position=3), node(5, "P-L2-02.01", 2, "1", 4, 4),
    node(6, "P-L3-02.01.01", 3, "(1)", 5, 5),
]


def pks(index, ref):
    return [i.pk for i in index.resolve(find_indicator_refs(f"对应指标：{ref}")[0])]


def test_resolution_by_code_leaf_number_path_and_levels():
    index = IndicatorIndex(THROUGH)
    assert pks(index, "x-l3-002") == [5]
    assert pks(index, "第3项") == [8]
    assert pks(index, "1.2.1") == [5]  # by place: the 2nd 二级 of 一级 一, its 1st 三级
    assert pks(index, "2.3.3") == [8]  # by the numbers printed
    assert pks(index, "2.1.1") == [8]  # by place again
    assert pks(index, "一级指标2二级指标3三级指标3") == [8]
    assert pks(index, "一级指标1三级指标3") == []  # 三级 3 is not under 一级 一
    assert pks(index, "1.2") == [3]  # a 二级 indicator may be named too
    assert pks(index, "第9项") == pks(index, "4.1.1") == []


def test_ambiguous_references_return_every_candidate():
    index = IndicatorIndex(RESTART)
    assert pks(index, "第1项") == [3, 6]  # 三级 1 under both parents: the ledger asks for a code
    assert pks(index, "2.1.1") == [6]  # "(1)" is the number 1
    assert pks(index, "一级指标2二级指标1三级指标1") == [6]
    assert IndicatorIndex(THROUGH).resolve("1.2") != [] and IndicatorIndex([]).resolve("1") == []
    # 二级 2 holding 三级 2 and 4: 1.2.2 by the printed numbers (三级 2) and by place (its 2nd child, 三级 4)
    # name different indicators, so neither is linked; 1.2.1 can only be its 1st child.
    tricky = IndicatorIndex(THROUGH + [node(9, "X-L3-004", 3, "4", 3, 4.5)])
    assert pks(tricky, "1.2.2") == [5, 9]
    assert pks(tricky, "1.2.1") == [5]


def test_ledger_tokens_resolve_as_the_ledger_always_did(system):
    index = IndicatorIndex(Indicator.objects.filter(system=system))
    assert [i.code for i in index.resolve("2021-l3-002")] == ["2021-L3-002"]
    assert [i.code for i in index.resolve("3.")] == ["2021-L3-003"]  # a leaf's number, a stray full stop
    assert [i.code for i in index.resolve("第3项")] == ["2021-L3-003"]
    assert [i.code for i in index.resolve("1.1.2")] == ["2021-L3-002"]
    assert index.resolve("9.9") == index.resolve("2021-L3-099") == index.resolve("8-10") == []


# --- importing a plan document --------------------------------------------------------------------


def test_references_are_linked_to_the_plans_system(plan, admin_user):
    before = Task.history.count()
    result = run(POINTS, user=admin_user)
    assert [codes(n, plan) for n in range(1, 6)] == [
        ["2021-L3-001", "2021-L3-002"], ["2021-L3-003"], ["2021-L3-002"], ["2021-L3-003"], [],
    ]
    assert (result.created, result.updated, result.unchanged) == (0, 4, 1)
    assert (result.refs_found, result.links_added) == (6, 5)
    assert result.summary() == (
        "已更新计划《XX区2021年法治政府建设示范创建工作方案》：新增任务 0 项，更新 4 项，未变 1 项。"
        f"按《{SYSTEM_NAME}》识别对应指标 6 处，新建任务与指标的关联 5 处。"
        "对应指标未能识别 1 处：任务 4“第108项”。原文仍保留在任务内容中，可核对后在任务页面手工选择对应指标。"
    )
    # one history entry per linked task, by the importing user, as for every other change of a task
    entries = Task.history.order_by("history_id")[before:]
    assert sorted(e.number for e in entries) == [1, 2, 3, 4]
    assert {(e.history_type, e.history_user) for e in entries} == {("~", admin_user)}


def test_new_tasks_get_their_links_and_one_creation_entry(system):
    result = run(TABLE)
    plan = result.plan
    assert plan.indicator_system == system and result.created == 4
    assert [codes(n, plan) for n in range(1, 5)] == [
        ["2021-L3-001", "2021-L3-002"], ["2021-L3-003"], ["2021-L3-001", "2021-L3-002", "2021-L3-003"], [],
    ]
    assert Task.history.count() == 4 and set(Task.history.values_list("history_type", flat=True)) == {"+"}


def test_reimport_changes_nothing(plan):
    run(POINTS)
    state = (links(), Task.history.count(), Plan.objects.get().indicator_system_id)
    again = run(POINTS)
    assert (again.created, again.updated, again.unchanged) == (0, 0, 5)
    assert (again.refs_found, again.links_added) == (6, 0)
    assert (links(), Task.history.count(), Plan.objects.get().indicator_system_id) == state
    assert "新建任务与指标的关联 0 处" in again.summary()


def test_links_staff_added_or_an_older_file_made_are_kept(plan, system):
    run(POINTS)
    by_hand = Indicator.objects.get(system=system, code="2021-L3-001")
    Task.objects.get(plan=plan, number=5).indicators.add(by_hand)  # staff decided task 5 serves it
    Task.objects.get(plan=plan, number=2).indicators.add(by_hand)
    result = run(POINTS)
    assert (result.updated, result.links_added) == (0, 0)
    assert codes(5, plan) == ["2021-L3-001"] and codes(2, plan) == ["2021-L3-001", "2021-L3-003"]
    # a later version of the file names another indicator: it is added, the old link stays
    before = Task.history.count()
    result = run(POINTS.replace("对应指标：1.1.3", "对应指标：1.1.2"))
    assert (result.updated, result.links_added) == (1, 1)
    assert codes(2, plan) == ["2021-L3-001", "2021-L3-002", "2021-L3-003"]
    assert Task.history.count() == before + 1


def test_unresolved_references_are_listed_and_nothing_else_is_lost(plan):
    text = POINTS.replace("对应指标：1.1.3", "对应指标：1.1.9、8-100").replace("第1项、第２项", "第1项至第3项、第99项")
    result = run(text)
    assert result.summary().endswith(
        "对应指标未能识别 4 处：任务 1“第99项”、任务 2“1.1.9”、任务 2“8-100”（无法识别的写法）、任务 4“第108项”。"
        "原文仍保留在任务内容中，可核对后在任务页面手工选择对应指标。"
    )
    assert result.needs_attention
    assert [r.text() for r in result.unresolved][1] == "任务 2“1.1.9”"
    assert Task.objects.filter(plan=plan).count() == 5
    assert codes(1, plan) == ["2021-L3-001", "2021-L3-002", "2021-L3-003"] and codes(2, plan) == []
    task = Task.objects.get(plan=plan, number=2)
    assert task.text == "全面清理行政审批中介服务。(对应指标：1.1.9、8-100)"
    assert [u.name for u in task.lead_units.all()] == ["区发改委"]


def test_an_ambiguous_reference_asks_for_a_code_and_links_nothing(db):
    system = IndicatorSystem.objects.create(name="某省法治政府建设示范指标", version="2021")
    for top, code in ((1, "一"), (2, "二")):
        parent = Indicator.objects.create(system=system, code=f"2021-L1-{top:02d}", level=1, number=code,
                                          position=top * 10)
        Indicator.objects.create(system=system, parent=parent, code=f"2021-L2-{top:02d}.01", level=2, number="1",
                                 position=top * 10 + 1)
    result = run(POINTS.replace("第1项、第２项", "第1项").replace("1.1.3", "2.1"))
    assert "任务 1“第1项”（对应多条指标，请写指标编码，如 2021-L2-01.01）" in result.summary()
    assert links() == [(Task.objects.get(number=2).pk, Indicator.objects.get(code="2021-L2-02.01").pk)]


# --- a plan without an indicator system -------------------------------------------------------------


def test_the_only_system_loaded_is_chosen_and_the_summary_says_so(system):
    result = run(POINTS)
    plan = Plan.objects.get()
    assert plan.indicator_system == system
    assert f"计划原未关联指标体系，系统中只有《{SYSTEM_NAME}》，已将其设为本计划的对应指标体系。" in result.summary()
    assert codes(1, plan) == ["2021-L3-001", "2021-L3-002"]
    assert "计划原未关联" not in run(POINTS).summary()  # the plan has its system now


def test_the_newest_system_not_later_than_the_plans_year_is_chosen(system):
    make.system(version="2019", name="旧版示范指标体系")
    make.system(version="2023", name="新版示范指标体系")
    result = run(POINTS)
    assert Plan.objects.get().indicator_system == system
    assert f"已按计划年度选用《{SYSTEM_NAME}》（2021年及以前的最新版本）" in result.summary()
    run(POINTS.replace("2021年", "2024年"), year=2024)
    assert Plan.objects.get(year=2024).indicator_system.version == "2023"


def test_no_clear_system_links_nothing_and_says_what_to_do(db):
    make.system(version="2021", name="甲省示范指标体系")
    make.system(version="2021", name="乙省示范指标体系")
    result = run(POINTS)
    plan = Plan.objects.get()
    assert plan.indicator_system is None and links() == []
    assert result.needs_attention
    assert result.summary().endswith(
        "文件中写有对应指标 6 处，但计划未关联指标体系，且无法确定应使用哪一个（《甲省示范指标体系（2021）》、"
        "《乙省示范指标体系（2021）》），未建立任务与指标的关联；请先在计划中选择指标体系，再重新导入本文件。"
    )
    assert (result.created, Task.objects.count()) == (5, 5)  # the plan itself is imported in full
    # once staff chose the system, importing the same file again makes the links
    plan.indicator_system = IndicatorSystem.objects.get(name="甲省示范指标体系")
    plan.save()
    before = Task.history.count()
    again = run(POINTS)
    assert again.links_added == 3  # 第1项, 第２项 and 三级指标2: the small system has two leaves
    assert (again.updated, Task.history.count()) == (2, before + 2)  # only the links changed: still an entry each


def test_no_system_at_all(db):
    result = run(POINTS)
    assert "但系统中还没有指标体系，未建立任务与指标的关联；请先导入指标体系并在计划中选择，再重新导入本文件。" in result.summary()
    assert Plan.objects.get().indicator_system is None and links() == []


def test_a_plan_without_references_is_not_given_a_system(system):
    result = run(PLAIN)
    assert Plan.objects.get().indicator_system is None
    assert result.summary() == "已创建计划《XX区2021年法治政府建设示范创建工作方案》：新增任务 5 项，更新 0 项，未变 0 项。"
    assert not result.needs_attention


# --- gaps, the command and the admin --------------------------------------------------------------


@pytest.fixture
def rule_settings(settings):
    make.default_rule_settings(settings)


def test_a_linked_task_no_longer_serves_no_indicator(plan, rule_settings):
    unlinked = {f"task:{t.pk}" for t in plan.tasks.all()}
    assert {f.key for f in rules.task_no_indicator(GapContext.build(plan.region, make.TODAY))} == unlinked
    run(POINTS)
    findings = rules.task_no_indicator(GapContext.build(plan.region, make.TODAY))
    assert [f.key for f in findings] == [f"task:{Task.objects.get(plan=plan, number=5).pk}"]


def test_the_command_reports_links_and_the_gaps_follow(system, rule_settings, tmp_path):
    doc = tmp_path / "plan.txt"
    doc.write_text(POINTS, encoding="utf-8")
    out = StringIO()
    call_command("import_plan", str(doc), region="包头市/东河区", year=2021, stdout=out)
    assert "新建任务与指标的关联 5 处" in out.getvalue() and "任务 4“第108项”" in out.getvalue()
    open_gaps = Gap.objects.filter(rule="task_no_indicator", state=GapState.OPEN)
    assert [g.task.number for g in open_gaps] == [5]  # tasks_changed re-checked the region with the links
    out = StringIO()
    call_command("import_plan", str(doc), region="包头市/东河区", year=2021, json=True, stdout=out, stderr=StringIO())
    result = json.loads(out.getvalue())["result"]
    assert result["indicators"] == {
        "system": SYSTEM_NAME, "found": 6, "linked": 0, "note": "",
        "unresolved": [{"task": 4, "written": "第108项", "value": "108", "reason": ""}],
    }


def test_admin_upload_warns_about_unresolved_references(admin_client, system):
    upload = SimpleUploadedFile("plan.txt", POINTS.encode())
    response = admin_client.post(
        reverse("admin:checklist_plan_upload"), {"file": upload, "region": "包头市/东河区", "year": 2021}, follow=True
    )
    page = response.content.decode()
    assert "对应指标未能识别 1 处：任务 4“第108项”" in page
    assert [m.level_tag for m in response.context["messages"]] == ["warning"]
    assert Task.indicators.through.objects.count() == 5
