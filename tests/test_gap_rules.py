"""Each gap rule, firing and not firing, on rows built for it (and on the Donghe plan where it helps)."""
import datetime

import pytest

from checklist.models import TaskStatus
from reports.gaps import RULE_LABELS
from reports.gaps import rules
from reports.gaps.rules import GapContext, metric_pattern
from reports.models import EvidenceKind, EvidenceState
from tests import gap_factories as make
from tests.gap_factories import TODAY
from tests.helpers import import_donghe

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _rule_settings(settings):
    make.default_rule_settings(settings)


def run(rule, region, today=TODAY):
    return rule(GapContext.build(region, today))


def keys(findings):
    return sorted(f.key for f in findings)


@pytest.fixture
def donghe():
    r = make.region()
    return r, make.plan(r), make.unit(r, "区司法局"), make.unit(r, "区发改委")


def test_every_rule_code_has_a_rule_and_a_label():
    assert set(rules.RULES) == set(RULE_LABELS)


# --- task_no_evidence ---------------------------------------------------------------------------


def test_task_without_evidence_fires_with_a_specific_message(donghe):
    region, plan, justice, reform = donghe
    t = make.task(plan, 12, "推进行政执法“三项制度”", leads=[justice, reform])
    [finding] = run(rules.task_no_evidence, region)
    assert finding.rule == "task_no_evidence" and finding.key == f"task:{t.pk}"
    assert (finding.task_id, finding.plan_id) == (t.pk, plan.pk)
    assert finding.message == (
        "《东河区2024年度法治政府建设工作计划》任务“12. 推进行政执法“三项制度””（牵头单位：区司法局、区发改委）"
        "在评估期内（2022年以来）没有已确认或建议的佐证。"
    )
    assert finding.remedy == "上传2022年以来的年度报告或补充佐证材料，并在佐证列表中确认。"


def test_task_with_suggested_or_confirmed_evidence_in_the_period_does_not_fire(donghe):
    region, plan, justice, _ = donghe
    suggested = make.task(plan, 1, leads=[justice])
    confirmed = make.task(plan, 2, leads=[justice])
    make.evidence(task=suggested, year=2022, state=EvidenceState.SUGGESTED)
    make.evidence(task=confirmed, year=2025, state=EvidenceState.CONFIRMED)
    assert run(rules.task_no_evidence, region) == []


def test_rejected_or_old_evidence_does_not_count(donghe):
    region, plan, justice, _ = donghe
    rejected = make.task(plan, 1, leads=[justice])
    old = make.task(plan, 2, leads=[justice])
    make.evidence(task=rejected, year=2024, state=EvidenceState.REJECTED)
    make.evidence(task=old, year=2021, state=EvidenceState.CONFIRMED)
    assert keys(run(rules.task_no_evidence, region)) == sorted([f"task:{rejected.pk}", f"task:{old.pk}"])
    # A longer period takes the old evidence in.
    ctx = GapContext.build(region, TODAY, period_years=4)
    assert keys(rules.task_no_evidence(ctx)) == [f"task:{rejected.pk}"]


def test_fixed_first_year_of_the_period(donghe, settings):
    region, plan, justice, _ = donghe
    make.evidence(task=make.task(plan, 1, leads=[justice]), year=2021)
    settings.LAWGOV_GAP_PERIOD_START = 2021
    assert run(rules.task_no_evidence, region) == []
    settings.LAWGOV_GAP_PERIOD_START = 2022
    [finding] = run(rules.task_no_evidence, region, today=datetime.date(2030, 1, 1))
    assert "（2022年以来）" in finding.message


def test_evidence_without_a_year_takes_its_reports_year_or_counts_when_uploaded_by_hand(donghe):
    region, plan, justice, _ = donghe
    from_report = make.task(plan, 1, leads=[justice])
    from_old_report = make.task(plan, 2, leads=[justice])
    uploaded = make.task(plan, 3, leads=[justice])
    make.evidence(task=from_report, year=None, report=make.report(region, 2023))
    make.evidence(task=from_old_report, year=None, report=make.report(region, 2020))
    make.evidence(task=uploaded, year=None, kind=EvidenceKind.FILE)
    assert keys(run(rules.task_no_evidence, region)) == [f"task:{from_old_report.pk}"]


def test_tasks_marked_not_applicable_and_other_regions_tasks_are_not_checked(donghe):
    region, plan, justice, _ = donghe
    make.task(plan, 1, leads=[justice], status=TaskStatus.NOT_APPLICABLE)
    elsewhere = make.region("青山区")
    make.task(make.plan(elsewhere), 1)
    assert run(rules.task_no_evidence, region) == []
    assert len(run(rules.task_no_evidence, elsewhere)) == 1


# --- task_overdue -------------------------------------------------------------------------------


def test_open_task_past_its_due_date_fires(donghe):
    region, plan, justice, _ = donghe
    t = make.task(plan, 3, "清理证明事项", leads=[justice], due=datetime.date(2025, 3, 31), status=TaskStatus.NOT_STARTED)
    [finding] = run(rules.task_overdue, region)
    assert finding.key == f"task:{t.pk}"
    assert "完成时限为2025年3月31日，已逾期，状态仍为“未开始”" in finding.message
    assert "牵头单位：区司法局" in finding.message and "更新完成时限" in finding.remedy


@pytest.mark.parametrize(
    "due, status",
    [
        (datetime.date(2025, 3, 31), TaskStatus.DONE),
        (datetime.date(2025, 3, 31), TaskStatus.NOT_APPLICABLE),
        (TODAY, TaskStatus.IN_PROGRESS),  # due today is not late yet
        (datetime.date(2025, 12, 31), TaskStatus.IN_PROGRESS),
        (None, TaskStatus.IN_PROGRESS),  # 持续推进: no date to miss
    ],
)
def test_task_done_or_not_yet_due_does_not_fire(donghe, due, status):
    region, plan, justice, _ = donghe
    make.task(plan, 3, leads=[justice], due=due, status=status)
    assert run(rules.task_overdue, region) == []


def test_overdue_message_does_not_change_from_day_to_day(donghe):
    region, plan, justice, _ = donghe
    make.task(plan, 3, leads=[justice], due=datetime.date(2025, 3, 31))
    first = run(rules.task_overdue, region)
    later = run(rules.task_overdue, region, today=TODAY + datetime.timedelta(days=30))
    assert first == later


# --- task_no_lead_unit --------------------------------------------------------------------------


def test_task_without_lead_unit_fires_on_the_donghe_plan():
    plan = import_donghe().plan
    findings = run(rules.task_no_lead_unit, plan.region)
    assert [f.task_id for f in findings] == list(plan.tasks.filter(number=18).values_list("pk", flat=True))
    assert findings[0].message.startswith("《东河区2021年度法治政府建设工作计划》任务“18. ")
    assert findings[0].message.endswith("没有牵头单位，无人对其负责。")


def test_task_with_lead_unit_does_not_fire(donghe):
    region, plan, justice, _ = donghe
    make.task(plan, 1, leads=[justice])
    assert run(rules.task_no_lead_unit, region) == []


# --- task_no_indicator --------------------------------------------------------------------------


def test_task_serving_no_indicator_fires_and_one_serving_an_indicator_does_not(donghe):
    region, plan, justice, _ = donghe
    _, (leaf, _) = make.system()
    lone = make.task(plan, 1, leads=[justice])
    make.task(plan, 2, leads=[justice], indicators=[leaf])
    [finding] = run(rules.task_no_indicator, region)
    assert finding.key == f"task:{lone.pk}"
    assert "没有对应任何示范指标" in finding.message and "对应指标" in finding.remedy


# --- indicator_no_task --------------------------------------------------------------------------


def test_leaf_indicator_no_task_serves_fires(donghe):
    region, _, justice, _ = donghe
    system, (served, unserved) = make.system()
    plan = make.plan(region, 2023, system=system)
    make.task(plan, 1, leads=[justice], indicators=[served])
    make.task(plan, 2, leads=[justice], indicators=[unserved], status=TaskStatus.NOT_APPLICABLE)
    [finding] = run(rules.indicator_no_task, region)
    assert (finding.key, finding.indicator_id) == (f"indicator:{unserved.pk}", unserved.pk)
    assert finding.message == "指标“2021-L3-002 三级指标2”没有本地区工作计划中的任务承接。"


def test_every_leaf_served_or_no_system_in_use_does_not_fire(donghe):
    region, plan, justice, _ = donghe
    system, leaves = make.system()
    assert run(rules.indicator_no_task, region) == []  # no plan uses the system
    plan.indicator_system = system
    plan.save()
    make.task(plan, 1, leads=[justice], indicators=leaves)
    assert run(rules.indicator_no_task, region) == []


def test_plan_without_a_system_is_checked_against_the_systems_its_tasks_use(donghe):
    region, plan, justice, _ = donghe
    _, (first, second) = make.system()
    make.system(version="2023")  # used by no plan or task: not checked
    make.task(plan, 1, leads=[justice], indicators=[first])
    assert keys(run(rules.indicator_no_task, region)) == [f"indicator:{second.pk}"]


def test_a_parent_indicator_link_does_not_serve_its_leaves(donghe):
    region, _, justice, _ = donghe
    system, leaves = make.system()
    plan = make.plan(region, 2023, system=system)
    make.task(plan, 1, leads=[justice], indicators=[leaves[0].parent])
    assert keys(run(rules.indicator_no_task, region)) == sorted(f"indicator:{leaf.pk}" for leaf in leaves)


# --- indicator_no_evidence ----------------------------------------------------------------------


def test_leaf_indicator_without_evidence_fires_and_names_the_expected_materials(donghe):
    region, _, justice, _ = donghe
    system, (first, second) = make.system()
    plan = make.plan(region, 2023, system=system)
    make.task(plan, 1, leads=[justice], indicators=[first])
    findings = run(rules.indicator_no_evidence, region)
    assert keys(findings) == sorted([f"indicator:{first.pk}", f"indicator:{second.pk}"])
    assert findings[0].message.startswith("指标“2021-L3-001 三级指标1”在评估期内（2022年以来）没有佐证")
    assert "应备材料：权责清单文件" in findings[0].remedy


def test_evidence_on_the_indicator_or_on_a_serving_task_closes_it(donghe):
    region, _, justice, _ = donghe
    system, (first, second) = make.system()
    plan = make.plan(region, 2023, system=system)
    serving = make.task(plan, 1, leads=[justice], indicators=[first])
    make.evidence(task=serving, year=2024)
    make.evidence(indicator=second, year=None, report=make.report(region, 2024), state=EvidenceState.CONFIRMED)
    assert run(rules.indicator_no_evidence, region) == []


def test_rejected_or_other_regions_indicator_evidence_does_not_count(donghe):
    region, _, justice, _ = donghe
    system, (first, second) = make.system()
    make.plan(region, 2023, system=system)
    make.evidence(indicator=first, year=2024, state=EvidenceState.REJECTED)
    make.evidence(indicator=second, year=2024, report=make.report(make.region("青山区"), 2024))
    assert keys(run(rules.indicator_no_evidence, region)) == sorted([f"indicator:{first.pk}", f"indicator:{second.pk}"])


# --- unit_overdue -------------------------------------------------------------------------------


def test_unit_leading_more_overdue_tasks_than_the_limit_fires(donghe, settings):
    settings.LAWGOV_UNIT_OVERDUE_LIMIT = 2
    region, plan, justice, reform = donghe
    late = datetime.date(2025, 1, 31)
    for number in (4, 2, 9):
        make.task(plan, number, leads=[justice], due=late)
    for number in (5, 6):
        make.task(plan, number, leads=[reform], due=late)
    make.task(plan, 7, leads=[reform], due=late, status=TaskStatus.DONE)
    [finding] = run(rules.unit_overdue, region)
    assert (finding.key, finding.unit_id) == (f"unit:{justice.pk}", justice.pk)
    assert finding.message == "区司法局牵头的任务中有3项已逾期未完成，超过2项：《东河区2024年度法治政府建设工作计划》第2、4、9项。"
    assert finding.remedy.startswith("督促区司法局")


def test_units_at_the_limit_or_collective_names_do_not_fire(donghe, settings):
    settings.LAWGOV_UNIT_OVERDUE_LIMIT = 2
    region, plan, justice, _ = donghe
    everyone = make.unit(region, "区政府各部门", collective=True)
    late = datetime.date(2025, 1, 31)
    for number in (1, 2):
        make.task(plan, number, leads=[justice, everyone], due=late)
    make.task(plan, 3, leads=[everyone], due=late)
    assert run(rules.unit_overdue, region) == []


# --- fact_below_target --------------------------------------------------------------------------


def test_rate_below_target_fires_citing_the_figure_and_passage(donghe):
    region = donghe[0]
    report = make.report(region, 2023, title="东河区2023年法治政府建设情况报告")
    below = make.fact(report, "全市行政机关负责人出庭应诉率", 95.5, quote="行政机关负责人出庭应诉率为95.5%", index=7)
    [finding] = run(rules.fact_below_target, region)
    assert (finding.key, finding.fact_id) == ("fact:行政机关负责人出庭应诉率", below.pk)
    assert finding.message == (
        "2023年度报告《东河区2023年法治政府建设情况报告》中，全市行政机关负责人出庭应诉率为95.5%，"
        "未达到100%（第7段原文：“行政机关负责人出庭应诉率为95.5%”）。"
    )
    assert "达到100%" in finding.remedy


def test_an_untitled_report_is_cited_by_region_and_year_not_a_made_up_title(donghe):
    region = donghe[0]
    make.fact(make.report(region, 2023, title=""), "法律顾问覆盖率", 95.5, index=3)
    [finding] = run(rules.fact_below_target, region)
    assert finding.message.startswith("2023年度报告《东河区 2023年报告》中，")


def test_a_later_report_at_target_closes_it_and_the_latest_years_lowest_figure_decides(donghe):
    region = donghe[0]
    make.fact(make.report(region, 2022), "行政机关负责人出庭应诉率", 90)
    make.fact(make.report(region, 2023), "行政机关负责人出庭应诉率", 100)
    assert run(rules.fact_below_target, region) == []
    latest = make.report(region, 2024)
    make.fact(latest, "行政机关负责人出庭应诉率", 100, index=1)
    low = make.fact(latest, "行政机关负责人出庭应诉率", 98, index=2)
    assert [f.fact_id for f in run(rules.fact_below_target, region)] == [low.pk]


def test_names_written_differently_still_match(donghe):
    region = donghe[0]
    report = make.report(region, 2024)
    counsel = make.fact(report, "政府法律顾问工作覆盖率", 90, index=1)
    filing = make.fact(report, "规范性文件 备案审查率", 99, index=2)
    review = make.fact(report, "重大行政决策合法性审查率", 96, index=3)
    findings = run(rules.fact_below_target, region)
    assert {(f.key, f.fact_id) for f in findings} == {
        ("fact:法律顾问覆盖率", counsel.pk),
        ("fact:规范性文件备案审查率", filing.pk),
        ("fact:合法性审核率", review.pk),
    }


def test_counts_rates_at_target_and_other_regions_do_not_fire(donghe):
    region = donghe[0]
    report = make.report(region, 2024)
    make.fact(report, "行政机关负责人出庭应诉率", 100, index=1)
    make.fact(report, "法律顾问覆盖率", 80, is_rate=False, index=2)  # a count, not a rate
    make.fact(report, "政务公开满意率", 60, index=3)  # no target for it
    make.fact(make.report(make.region("青山区"), 2024), "法律顾问覆盖率", 50)
    assert run(rules.fact_below_target, region) == []


def test_targets_come_from_settings(donghe, settings):
    region = donghe[0]
    make.fact(make.report(region, 2024), "政务公开满意率", 60)
    settings.LAWGOV_FACT_TARGETS = {"政务公开满意率": 90}
    assert [f.key for f in run(rules.fact_below_target, region)] == ["fact:政务公开满意率"]


def test_figures_read_from_a_report_open_no_gap_for_last_year_a_target_or_a_change(donghe):
    from reports.models import Fact
    from reports.parsing.facts import extract_facts

    region = donghe[0]
    report = make.report(region, 2023)
    text = ("2022年出庭应诉率为92%，2023年为100%。行政机关负责人出庭应诉率较上年提高8%。"
            "规范性文件备案审查率100%，高于全省平均水平（85.6%）。到2025年，合法性审核率不低于95%。")
    found = make.passage(report, text=text)
    for f in extract_facts(text):
        Fact.objects.create(report=report, passage=found, metric=f.metric, value=f.value, unit=f.unit,
                            is_rate=f.is_rate, quote=f.quote, start=f.start, end=f.end)  # fmt: skip
    assert run(rules.fact_below_target, region) == []
    Fact.objects.all().delete()
    for f in extract_facts("2023年出庭应诉率为92%。"):  # this year's own figure still opens it
        Fact.objects.create(report=report, passage=found, metric=f.metric, value=f.value, unit=f.unit,
                            is_rate=f.is_rate, quote=f.quote, start=f.start, end=f.end)  # fmt: skip
    assert keys(run(rules.fact_below_target, region)) == ["fact:行政机关负责人出庭应诉率"]


@pytest.mark.parametrize(
    "target, metric, matches",
    [
        ("法律顾问覆盖率", "法律顾问覆盖率", True),
        ("法律顾问覆盖率", "党政机关法律顾问工作覆盖率", True),
        ("法律顾问…覆盖率", "法律顾问参与决策覆盖率", True),
        ("行政机关负责人出庭应诉率", "全市行政机关负责人出庭应诉率", True),
        ("行政机关负责人出庭应诉率", "行政诉讼败诉率", False),
        ("法律顾问覆盖率", "法律顾问覆盖", False),
    ],
)
def test_metric_pattern(target, metric, matches):
    assert bool(metric_pattern(target).search(metric)) is matches
