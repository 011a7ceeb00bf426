"""The gap report's figures (reports.gap_report.build_gap_report) on a small city whose every number is known."""
import datetime

import pytest

from checklist.models import Indicator, IndicatorSystem, OrgUnit, Plan, PlanSection, Region, Task, TaskLeadUnit, TaskResponsibleUnit
from reports.gap_report import build_gap_report
from reports.models import AnnualReport, Evidence, EvidenceKind, Gap

pytestmark = pytest.mark.django_db

TODAY = datetime.date(2025, 6, 30)


def build_sample() -> dict:
    """包头市 with 东河区 (5 tasks in its 2024 plan, 1 in its 2025 plan) and 青山区 (2 tasks); the city has no plan.

    东河区, 2024 plan, on TODAY:
      1 实施统一的市场准入负面清单制度  §1  区发改委          in progress, due 2025-03-31 (overdue)  confirmed 2024  → leaf 1
      2 落实清单管理制度              §1  区司法局、区政务服务局  done                                 suggested 2023  → leaf 2
      3 规范行政审批中介服务          §2  区司法局          not started, due 2025-12-31            rejected 2024
      4 =SUM(A1)测试公式             §2  —                 不适用
      5 健全依法决策机制              —   —                 in progress, due 2025-01-31 (overdue)  confirmed 2023
    Responsible unit of 1–3: 区政府各部门 (a collective name). Leaf 3 has confirmed evidence of its own (2024 report).
    """
    city = Region.objects.create(name="包头市")
    donghe = Region.objects.create(name="东河区", parent=city)
    qingshan = Region.objects.create(name="青山区", parent=city)

    system = IndicatorSystem.objects.create(name="市县法治政府建设示范指标体系", version="2021")
    top1 = Indicator.objects.create(system=system, code="2021-L1-01", level=1, number="一", name="政府职能依法全面履行", position=0)
    mid1 = Indicator.objects.create(system=system, parent=top1, code="2021-L2-01", level=2, number="1", name="依法全面履行政府职能", position=1)
    top2 = Indicator.objects.create(system=system, code="2021-L1-02", level=1, number="二", name="依法行政制度体系完善", position=10)
    mid2 = Indicator.objects.create(system=system, parent=top2, code="2021-L2-02", level=2, number="2", name="加强制度建设", position=11)
    leaves = [
        Indicator.objects.create(system=system, parent=mid1 if i <= 3 else mid2, code=f"2021-L3-{i:03d}", level=3,
                                 number=str(i), name=f"三级指标{i}", position=1 + i if i <= 3 else 11 + i)
        for i in range(1, 6)
    ]

    units = {name: OrgUnit.objects.create(region=donghe, name=name) for name in ("区发改委", "区司法局", "区政务服务局")}
    units["区政府各部门"] = OrgUnit.objects.create(region=donghe, name="区政府各部门", is_collective=True)
    plan = Plan.objects.create(region=donghe, year=2024, title="东河区2024年度法治政府建设工作计划", indicator_system=system)
    plan25 = Plan.objects.create(region=donghe, year=2025, title="东河区2025年度法治政府建设工作计划", indicator_system=system)
    s1 = PlanSection.objects.create(plan=plan, title="一、深入推进法治化营商环境建设", position=1)
    s2 = PlanSection.objects.create(plan=plan, title="二、健全依法行政制度体系", position=2)

    def task(number, title, section, status, due=None, leads=(), indicators=(), plan=plan):
        t = Task.objects.create(plan=plan, number=number, title=title, section=section, status=status, due_date=due)
        for pos, name in enumerate(leads):
            TaskLeadUnit.objects.create(task=t, unit=units[name], position=pos)
        t.indicators.set(indicators)
        return t

    tasks = {
        1: task(1, "实施统一的市场准入负面清单制度", s1, "in_progress", datetime.date(2025, 3, 31), ["区发改委"], [leaves[0]]),
        2: task(2, "落实清单管理制度", s1, "done", None, ["区司法局", "区政务服务局"], [leaves[1]]),
        3: task(3, "规范行政审批中介服务", s2, "not_started", datetime.date(2025, 12, 31), ["区司法局"]),
        4: task(4, "=SUM(A1)测试公式", s2, "not_applicable"),
        5: task(5, "健全依法决策机制", None, "in_progress", datetime.date(2025, 1, 31)),
    }
    for n in (1, 2, 3):
        TaskResponsibleUnit.objects.create(task=tasks[n], unit=units["区政府各部门"], position=0)
    later = task(1, "推进行政执法三项制度", None, "not_started", datetime.date(2025, 12, 31), ["区司法局"], plan=plan25)

    r23 = AnnualReport.objects.create(region=donghe, year=2023, title="东河区2023年法治政府建设情况报告")
    r24 = AnnualReport.objects.create(region=donghe, year=2024, title="东河区2024年法治政府建设情况报告")
    Evidence.objects.create(task=tasks[1], report=r24, year=2024, state="confirmed", note="负面清单落实情况")
    Evidence.objects.create(task=tasks[2], report=r23, year=2023, state="suggested")
    Evidence.objects.create(task=tasks[3], report=r24, year=2024, state="rejected")
    Evidence.objects.create(task=tasks[5], report=r23, state="confirmed")  # no year of its own: its report's
    Evidence.objects.create(indicator=leaves[2], report=r24, year=2024, state="confirmed")

    def gap(rule, key, state="open", **kw):
        return Gap.objects.create(rule=rule, key=key, region=kw.pop("region", donghe), state=state,
                                  message=kw.pop("message", f"{rule} {key}"), remedy=kw.pop("remedy", "整改"), **kw)

    gap("task_overdue", f"task:{tasks[1].pk}", plan=plan, task=tasks[1], remedy="督促牵头单位完成任务")
    gap("task_overdue", f"task:{tasks[5].pk}", plan=plan, task=tasks[5], remedy="督促牵头单位完成任务")
    gap("task_no_evidence", f"task:{tasks[3].pk}", plan=plan, task=tasks[3], message="=任务缺少佐证（以等号开头）")
    gap("task_no_lead_unit", f"task:{tasks[5].pk}", state="acknowledged", plan=plan, task=tasks[5])
    gap("indicator_no_task", f"indicator:{leaves[2].pk}", indicator=leaves[2])
    gap("unit_overdue", f"unit:{units['区发改委'].pk}", unit=units["区发改委"])
    gap("task_no_evidence", f"task:{later.pk}", plan=plan25, task=later)
    gap("task_no_indicator", f"task:{tasks[2].pk}", state="resolved", plan=plan, task=tasks[2])

    qs_plan = Plan.objects.create(region=qingshan, year=2024, title="青山区2024年度法治政府建设工作计划", indicator_system=system)
    q1 = Task.objects.create(plan=qs_plan, number=1, title="青山区任务一", status="done")
    q1.indicators.set([leaves[0]])
    Task.objects.create(plan=qs_plan, number=2, title="青山区任务二", status="in_progress", due_date=datetime.date(2025, 5, 1))
    q_report = AnnualReport.objects.create(region=qingshan, year=2024)
    Evidence.objects.create(task=q1, report=q_report, year=2024, state="confirmed")
    gap("task_overdue", "task:q2", region=qingshan)
    gap("task_no_evidence", "task:q2", region=qingshan, state="acknowledged")
    return {"city": city, "donghe": donghe, "qingshan": qingshan, "plan": plan, "plan25": plan25, "tasks": tasks,
            "later": later, "leaves": leaves, "units": units, "system": system, "r24": r24}


@pytest.fixture
def sample():
    return build_sample()


def test_headline_figures_of_a_district(sample):
    report = build_gap_report(sample["donghe"], plan=sample["plan"], today=TODAY)
    s = report["summary"]
    assert (s["tasks"], s["done"], s["in_progress"], s["not_started"], s["not_applicable"]) == (5, 1, 2, 1, 1)
    assert s["overdue"] == 2
    # Confirmed or suggested evidence counts, as in the gap rules; 不适用 tasks are left out.
    assert (s["with_evidence"], s["without_evidence"], s["suggested_only"], s["evidence_rate"]) == (3, 1, 1, 75)
    assert s["evidence"] == {"suggested": 1, "confirmed": 2, "rejected": 1}
    assert (s["indicators"], s["indicators_with_tasks"], s["indicators_covered"], s["indicator_rate"]) == (5, 2, 3, 60)
    assert (s["open_gaps"], s["acknowledged_gaps"]) == (5, 1)
    by_rule = {r["rule"]: (r["open"], r["acknowledged"]) for r in s["gaps_by_rule"]}
    assert by_rule["task_overdue"] == (2, 0)
    assert by_rule["task_no_lead_unit"] == (0, 1)
    assert by_rule["fact_below_target"] == (0, 0)  # every rule is listed, with its label
    assert [r["label"] for r in s["gaps_by_rule"]][:2] == ["任务缺少佐证", "任务逾期未完成"]
    assert report["region"] == {"id": sample["donghe"].pk, "name": "东河区", "label": "包头市 东河区", "parent": "包头市",
                                "is_city": False}
    assert report["scope"] == "东河区2024年度法治政府建设工作计划"
    assert report["period"] == "全部年度"
    assert report["districts"] == []


def test_year_selects_the_evidence_of_that_year(sample):
    report = build_gap_report(sample["donghe"], plan=sample["plan"], year=2024, today=TODAY)
    s = report["summary"]
    assert (s["with_evidence"], s["without_evidence"]) == (1, 3)  # only task 1's 2024 evidence
    assert s["evidence"] == {"suggested": 0, "confirmed": 1, "rejected": 1}
    assert s["indicators_covered"] == 2  # leaf 1 through task 1, leaf 3 by its own evidence
    assert report["period"] == "2024年度"
    # Task 5's evidence has no year of its own: its report's year (2023) decides.
    assert build_gap_report(sample["donghe"], plan=sample["plan"], year=2023, today=TODAY)["summary"]["with_evidence"] == 2


def test_undated_uploads_count_in_every_year(sample):
    Evidence.objects.create(task=sample["tasks"][3], kind=EvidenceKind.NOTE, note="情况说明", state="confirmed")
    for year in (2023, 2024, None):
        report = build_gap_report(sample["donghe"], plan=sample["plan"], year=year, today=TODAY)
        assert next(t for t in report["tasks"] if t["number"] == 3)["has_evidence"], year


def test_without_a_plan_all_the_regions_plans(sample):
    report = build_gap_report(sample["donghe"], today=TODAY)
    assert report["summary"]["tasks"] == 6
    assert report["scope"] == "全部工作计划"
    assert [p["year"] for p in report["plans"]] == [2025, 2024]
    assert {g["object"]["label"] for g in report["gaps"]} >= {"1. 推进行政执法三项制度"}
    # With one plan chosen, the other plan's gaps are left out; gaps about the region as a whole stay.
    chosen = build_gap_report(sample["donghe"], plan=sample["plan"], today=TODAY)
    labels = {g["object"]["label"] for g in chosen["gaps"]}
    assert "1. 推进行政执法三项制度" not in labels
    assert {"区发改委", "2021-L3-003 三级指标3"} <= labels
    assert [p["title"] for p in chosen["plan_choices"]] == ["东河区2025年度法治政府建设工作计划", "东河区2024年度法治政府建设工作计划"]


def test_a_plan_of_another_region_is_refused(sample):
    with pytest.raises(ValueError):
        build_gap_report(sample["qingshan"], plan=sample["plan"], today=TODAY)


def test_tasks_rows(sample):
    report = build_gap_report(sample["donghe"], plan=sample["plan"], today=TODAY)
    rows = {t["number"]: t for t in report["tasks"]}
    first = rows[1]
    assert first["title"] == "实施统一的市场准入负面清单制度"
    assert (first["status"], first["status_label"], first["overdue"]) == ("in_progress", "进行中", True)
    assert first["due"] == datetime.date(2025, 3, 31)
    assert first["lead_units"] == ["区发改委"]
    assert first["responsible_units"] == ["区政府各部门"]
    assert first["indicators"] == ["2021-L3-001"]
    assert first["evidence"] == {"suggested": 0, "confirmed": 1, "rejected": 0}
    assert first["section"] == "一、深入推进法治化营商环境建设"
    assert [(g["rule"], g["state"]) for g in first["gaps"]] == [("task_overdue", "open")]
    assert rows[2]["lead_units"] == ["区司法局", "区政务服务局"]  # in the plan's order
    assert not rows[3]["has_evidence"]  # rejected evidence never counts
    assert {(g["rule"], g["state"]) for g in rows[5]["gaps"]} == {("task_overdue", "open"), ("task_no_lead_unit", "acknowledged")}
    assert rows[2]["gaps"] == []  # its only gap is resolved


def test_sections_and_first_level_indicators(sample):
    report = build_gap_report(sample["donghe"], plan=sample["plan"], today=TODAY)
    sections = [(r["title"], r["tasks"], r["applicable"], r["with_evidence"], r["done"]) for r in report["sections"]]
    assert sections == [
        ("一、深入推进法治化营商环境建设", 2, 2, 2, 1),
        ("二、健全依法行政制度体系", 2, 1, 0, 0),
        ("未分章节", 1, 1, 1, 0),
    ]
    groups = [(g["title"], g["indicators"], g["with_tasks"], g["covered"]) for g in report["indicator_groups"]]
    assert groups == [("一、政府职能依法全面履行", 3, 2, 3), ("二、依法行政制度体系完善", 2, 0, 0)]
    indicators = {i["code"]: i for i in report["indicators"]}
    assert indicators["2021-L3-003"]["covered"] and indicators["2021-L3-003"]["tasks"] == []
    assert indicators["2021-L3-003"]["evidence"]["confirmed"] == 1
    assert [g["rule"] for g in indicators["2021-L3-003"]["gaps"]] == ["indicator_no_task"]
    assert (indicators["2021-L1-01"]["leaves"], indicators["2021-L1-01"]["leaves_covered"]) == (3, 3)
    assert indicators["2021-L3-001"]["tasks"][0]["title"] == "实施统一的市场准入负面清单制度"
    system = report["indicator_systems"][0]
    assert len(report["indicator_systems"]) == 1
    assert (system["id"], system["name"], system["label"]) == (sample["system"].pk, "市县法治政府建设示范指标体系",
                                                               "市县法治政府建设示范指标体系（2021）")
    assert system["complete"] is None  # nobody said how many indicators it should have
    assert report["notices"] == []


def test_a_plan_without_a_system_takes_the_systems_its_tasks_are_mapped_to(sample):
    Plan.objects.filter(pk=sample["plan"].pk).update(indicator_system=None)
    report = build_gap_report(sample["donghe"], plan=Plan.objects.get(pk=sample["plan"].pk), today=TODAY)
    assert report["summary"]["indicators"] == 5
    Task.indicators.through.objects.filter(task__plan=sample["plan"]).delete()
    report = build_gap_report(sample["donghe"], plan=Plan.objects.get(pk=sample["plan"].pk), today=TODAY)
    assert (report["summary"]["indicators"], report["indicator_groups"], report["indicators"]) == (0, [], [])


def test_units_table(sample):
    report = build_gap_report(sample["donghe"], plan=sample["plan"], today=TODAY)
    units = {u["name"]: u for u in report["units"]}
    justice = units["区司法局"]
    assert (justice["lead_tasks"], justice["done"], justice["overdue"], justice["without_evidence"]) == (2, 1, 0, 1)
    assert justice["open_gaps"] == 1  # task 3's missing evidence
    reform = units["区发改委"]
    assert (reform["lead_tasks"], reform["overdue"], reform["open_gaps"]) == (1, 1, 2)  # task 1 overdue + the unit's own gap
    assert units["区政府各部门"]["is_collective"] and units["区政府各部门"]["responsible_tasks"] == 3
    assert report["units"][0]["name"] == "区发改委"  # the unit with overdue tasks comes first


def test_gaps_list_open_and_acknowledged_by_rule(sample):
    report = build_gap_report(sample["donghe"], plan=sample["plan"], today=TODAY)
    gaps = report["gaps"]
    assert [g["rule"] for g in gaps] == [
        "task_no_evidence", "task_overdue", "task_overdue", "task_no_lead_unit", "indicator_no_task", "unit_overdue",
    ]
    assert "resolved" not in {g["state"] for g in gaps}
    first = gaps[0]
    assert first["object"] == {"type": "task", "id": sample["tasks"][3].pk, "label": "3. 规范行政审批中介服务", "type_label": "任务"}
    assert (first["rule_label"], first["state_label"]) == ("任务缺少佐证", "待处理")
    assert gaps[4]["object"]["type"] == "indicator" and gaps[4]["object"]["label"] == "2021-L3-003 三级指标3"
    assert gaps[5]["object"] == {"type": "unit", "id": sample["units"]["区发改委"].pk, "label": "区发改委", "type_label": "单位"}
    groups = {g["rule"]: g for g in report["gap_groups"]}
    assert groups["task_overdue"]["remedy"] == "督促牵头单位完成任务"  # shared by the group, printed once
    assert (groups["task_overdue"]["open"], len(groups["task_overdue"]["gaps"])) == (2, 2)


def test_evidence_rows(sample):
    report = build_gap_report(sample["donghe"], plan=sample["plan"], today=TODAY)
    rows = report["evidence"]
    assert len(rows) == 5  # four on tasks, one on an indicator from the region's report
    first = rows[0]
    assert first["target"]["label"] == "1. 实施统一的市场准入负面清单制度"
    assert (first["state_label"], first["kind_label"], first["year"], first["report"]) == (
        "已确认", "报告段落", 2024, "东河区2024年法治政府建设情况报告")
    assert next(r for r in rows if r["target"]["type"] == "indicator")["target"]["label"] == "2021-L3-003 三级指标3"
    assert next(r for r in rows if r["target"]["label"].startswith("5."))["year"] == 2023
    assert build_gap_report(sample["donghe"], today=TODAY, evidence_list=False)["evidence"] == []
    AnnualReport.objects.filter(year=2024, region=sample["donghe"]).update(title="")
    rows = build_gap_report(sample["donghe"], plan=sample["plan"], today=TODAY)["evidence"]
    assert rows[0]["report"] == "东河区 2024年报告"  # untitled: named by region and year, as in the admin


def test_a_city_sees_its_districts_side_by_side(sample):
    report = build_gap_report(sample["city"], today=TODAY)
    assert report["region"]["is_city"]
    assert report["plans"] == [] and report["scope"] == "本级暂无工作计划"
    assert report["summary"]["tasks"] == 0
    rows = {d["name"]: d for d in report["districts"]}
    assert list(rows) == ["东河区", "青山区"]
    donghe = rows["东河区"]
    assert (donghe["tasks"], donghe["done"], donghe["overdue"], donghe["without_evidence"]) == (6, 1, 2, 2)
    assert (donghe["indicators"], donghe["indicators_covered"], donghe["open_gaps"]) == (5, 3, 6)
    qingshan = rows["青山区"]
    assert (qingshan["tasks"], qingshan["done"], qingshan["overdue"], qingshan["without_evidence"]) == (2, 1, 1, 1)
    assert (qingshan["indicators"], qingshan["indicators_covered"], qingshan["open_gaps"]) == (5, 1, 1)
    # The year applies to the districts' figures too.
    by_year = {d["name"]: d for d in build_gap_report(sample["city"], year=2023, today=TODAY)["districts"]}
    assert by_year["青山区"]["without_evidence"] == 2


def test_a_city_with_its_own_plan_shows_it_with_the_districts(sample):
    plan = Plan.objects.create(region=sample["city"], year=2024, title="包头市2024年度法治政府建设工作计划")
    Task.objects.create(plan=plan, number=1, title="市级统筹推进法治政府建设示范创建", status="in_progress")
    report = build_gap_report(sample["city"], today=TODAY)
    assert report["summary"]["tasks"] == 1
    assert [t["title"] for t in report["tasks"]] == ["市级统筹推进法治政府建设示范创建"]
    assert [d["tasks"] for d in report["districts"]] == [6, 2]
    assert report["year_choices"] == [2025, 2024, 2023]  # report years and plan years


# --- what the reader must be told: data not loaded is not work done --------------------------------


def test_a_partly_loaded_indicator_system_is_reported_as_such(sample):
    sample["system"].expected_counts = {"1": 2, "2": 2, "3": 100}
    sample["system"].save()
    report = build_gap_report(sample["donghe"], plan=sample["plan"], today=TODAY)
    assert report["summary"]["indicators"] == 5  # counted over what is loaded …
    system = report["indicator_systems"][0]
    assert system["complete"] is False
    assert {lv["label"]: (lv["loaded"], lv["expected"]) for lv in system["levels"]}["三级指标"] == (5, 100)
    # … and the reader is told how much of the system that is.
    assert len(report["notices"]) == 1
    assert "三级指标已导入 5 项、应有 100 项" in report["notices"][0]
    # A city's comparison table uses its districts' systems: the notice is there too.
    assert any("应有 100 项" in n for n in build_gap_report(sample["city"], today=TODAY)["notices"])


def test_a_system_with_nothing_loaded_is_still_named(sample):
    from checklist.models import IndicatorSystem

    empty = IndicatorSystem.objects.create(name="法治政府建设示范指标体系", version="2023", expected_counts={"3": 100})
    plan = Plan.objects.create(region=sample["qingshan"], year=2025, title="青山区2025年度工作计划", indicator_system=empty)
    report = build_gap_report(sample["qingshan"], plan=plan, today=TODAY)
    assert [s["label"] for s in report["indicator_systems"]] == ["法治政府建设示范指标体系（2023）"]
    assert any("三级指标已导入 0 项、应有 100 项" in n for n in report["notices"])


def test_a_plan_without_tasks_says_so(sample):
    empty = Plan.objects.create(region=sample["qingshan"], year=2025, title="青山区2025年度工作要点")
    report = build_gap_report(sample["qingshan"], plan=empty, today=TODAY)
    assert report["summary"]["tasks"] == 0
    assert report["notices"] == ["青山区2025年度工作要点尚无任务（任务清单可能尚未导入），以下数字均为 0，不表示没有差距。"]


def test_a_year_without_an_annual_report_says_so(sample):
    report = build_gap_report(sample["donghe"], year=2025, today=TODAY)
    assert any("尚未导入东河区2025年度法治政府建设情况报告" in n for n in report["notices"])
    assert not any("情况报告" in n for n in build_gap_report(sample["donghe"], year=2024, today=TODAY)["notices"])
    # A year chosen outside the usual ones is still offered, so the selector shows what is on the page.
    assert 1999 in build_gap_report(sample["donghe"], year=1999, today=TODAY)["year_choices"]


def test_resolved_gaps_are_counted(sample):
    Gap.objects.filter(region=sample["qingshan"]).update(state="resolved")
    report = build_gap_report(sample["qingshan"], today=TODAY)
    assert report["gaps"] == [] and report["summary"]["open_gaps"] == 0
    assert report["summary"]["resolved_gaps"] == 2
    # Of one plan: only that plan's and the region-wide gaps.
    assert build_gap_report(sample["donghe"], plan=sample["plan"], today=TODAY)["summary"]["resolved_gaps"] == 1
