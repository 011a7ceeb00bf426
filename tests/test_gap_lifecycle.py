"""The life of a gap: found, acknowledged with a note, resolved on its own, reopened; re-runs change nothing."""
import datetime

import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from checklist.models import Task, TaskStatus
from reports.gaps.flagging import NoteRequired, acknowledge, flag_all_regions, flag_gaps
from reports.gaps.rules import GapContext, collect_findings
from reports.models import EvidenceState, Gap, GapState
from tests import gap_factories as make
from tests.gap_factories import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _rule_settings(settings):
    make.default_rule_settings(settings)


@pytest.fixture
def region():
    return make.region()


@pytest.fixture
def setup(region):
    """A task lacking evidence and an indicator, a covered task, and a leaf indicator nobody serves."""
    justice = make.unit(region, "区司法局")
    system, (first, second, unserved) = make.system(leaves=3)
    plan = make.plan(region, system=system)
    bare = make.task(plan, 1, "建立行政执法案卷评查制度", leads=[justice])
    covered = make.task(plan, 2, leads=[justice], indicators=[first, second])
    make.evidence(task=covered, year=2024)
    return {"plan": plan, "bare": bare, "covered": covered, "justice": justice, "unserved": unserved}


def rows(region):
    return list(Gap.objects.filter(region=region).order_by("pk").values())


def gap(region, rule, obj):
    prefix = type(obj).__name__.lower()
    return Gap.objects.get(region=region, rule=rule, key=f"{prefix}:{obj.pk}")


def test_first_run_creates_open_gaps(region, setup):
    before = timezone.now()
    result = flag_gaps(region, TODAY)
    assert (result.created, result.reopened, result.resolved, result.unchanged, result.open_total) == (4, 0, 0, 0, 4)
    bare, unserved = setup["bare"], setup["unserved"]
    assert set(Gap.objects.values_list("rule", "key")) == {
        ("task_no_evidence", f"task:{bare.pk}"),
        ("task_no_indicator", f"task:{bare.pk}"),
        ("indicator_no_task", f"indicator:{unserved.pk}"),
        ("indicator_no_evidence", f"indicator:{unserved.pk}"),
    }
    for g in Gap.objects.all():
        assert g.state == GapState.OPEN and g.region == region and g.reopened_count == 0
        assert g.first_flagged_at >= before and g.last_flagged_at >= before and g.resolved_at is None
    evidence_gap = gap(region, "task_no_evidence", bare)
    assert (evidence_gap.task, evidence_gap.plan) == (bare, setup["plan"])
    assert "建立行政执法案卷评查制度" in evidence_gap.message and evidence_gap.remedy
    assert gap(region, "indicator_no_task", unserved).indicator == unserved


def test_second_run_changes_nothing(region, setup):
    flag_gaps(region, TODAY)
    before = rows(region)
    result = flag_gaps(region, TODAY)
    assert (result.created, result.reopened, result.updated, result.resolved) == (0, 0, 0, 0)
    assert result.unchanged == len(before) == result.open_total
    assert rows(region) == before


def test_gap_resolves_itself_with_a_timestamp_when_the_rule_stops_firing(region, setup):
    flag_gaps(region, TODAY)
    make.evidence(task=setup["bare"], year=2025)
    before = timezone.now()
    result = flag_gaps(region, TODAY)
    assert (result.resolved, result.unchanged, result.open_total) == (1, 3, 3)
    resolved = gap(region, "task_no_evidence", setup["bare"])
    assert resolved.state == GapState.RESOLVED and resolved.resolved_at >= before
    # Resolved stays resolved, untouched, on the next run.
    after = rows(region)
    assert flag_gaps(region, TODAY).resolved == 0
    assert rows(region) == after


def test_a_run_of_some_rules_leaves_the_gaps_of_the_others_alone(region, setup):
    from reports.gaps.rules import EVIDENCE_RULES

    flag_gaps(region, TODAY)
    make.evidence(task=setup["bare"], year=2025)
    Task.objects.filter(pk=setup["bare"].pk).update(status=TaskStatus.NOT_APPLICABLE)  # other rules would resolve

    result = flag_gaps(region, TODAY, rules=EVIDENCE_RULES)

    assert gap(region, "task_no_evidence", setup["bare"]).state == GapState.RESOLVED
    assert gap(region, "task_no_indicator", setup["bare"]).state == GapState.OPEN  # not its rule: untouched
    assert result.resolved == 1 and result.open_total == 1  # the unserved indicator still has no evidence


def test_a_run_limited_to_some_tasks_checks_only_their_gaps(region, setup):
    from reports.gaps.rules import EVIDENCE_RULES

    flag_gaps(region, TODAY)
    make.evidence(task=setup["bare"], year=2025)
    indicator_gap = gap(region, "indicator_no_evidence", setup["unserved"])
    make.evidence(indicator=setup["unserved"], year=2025)

    result = flag_gaps(region, TODAY, rules=EVIDENCE_RULES, only_tasks=[setup["covered"].pk], only_indicators=[])

    assert result.resolved == 0  # the task and indicator that now have evidence were not among those checked
    assert gap(region, "task_no_evidence", setup["bare"]).state == GapState.OPEN
    flag_gaps(region, TODAY, rules=EVIDENCE_RULES, only_tasks=[setup["bare"].pk], only_indicators=[indicator_gap.indicator_id])
    assert gap(region, "task_no_evidence", setup["bare"]).state == GapState.RESOLVED
    assert gap(region, "indicator_no_evidence", setup["unserved"]).state == GapState.RESOLVED


def test_gap_reopens_when_the_rule_fires_again(region, setup, admin_user):
    flag_gaps(region, TODAY)
    found = gap(region, "task_no_evidence", setup["bare"])
    acknowledge([found.pk], admin_user, "已要求区司法局补充材料")
    evidence = make.evidence(task=setup["bare"], year=2025)
    flag_gaps(region, TODAY)
    evidence.state = EvidenceState.REJECTED
    evidence.save()
    result = flag_gaps(region, TODAY)
    assert (result.reopened, result.created) == (1, 0)
    found.refresh_from_db()
    assert found.state == GapState.OPEN and found.resolved_at is None and found.reopened_count == 1
    assert found.note == "已要求区司法局补充材料"  # what was said before stays visible
    # A reopened gap, too, is left alone by the next run.
    after = rows(region)
    flag_gaps(region, TODAY)
    assert rows(region) == after


def test_acknowledged_gap_keeps_its_state_and_gets_the_new_wording(region, setup, admin_user):
    flag_gaps(region, TODAY)
    found = gap(region, "task_no_evidence", setup["bare"])
    assert acknowledge(Gap.objects.filter(pk=found.pk), admin_user, "  年底前补齐  ") == 1
    found.refresh_from_db()
    assert (found.state, found.note, found.acknowledged_by) == (GapState.ACKNOWLEDGED, "年底前补齐", admin_user)
    assert found.acknowledged_at is not None
    setup["bare"].lead_units.add(make.unit(region, "区发改委"), through_defaults={"position": 1})
    result = flag_gaps(region, TODAY)
    assert result.updated == 2  # the two task gaps that name the lead units
    found.refresh_from_db()
    assert found.state == GapState.ACKNOWLEDGED and "区司法局、区发改委" in found.message
    assert found.last_flagged_at > found.first_flagged_at
    # Then the rule stops firing: an acknowledged gap is resolved like an open one.
    make.evidence(task=setup["bare"], year=2025)
    flag_gaps(region, TODAY)
    found.refresh_from_db()
    assert found.state == GapState.RESOLVED and found.resolved_at is not None


def test_acknowledge_without_a_note_is_refused_and_writes_nothing(region, setup, admin_user):
    flag_gaps(region, TODAY)
    before = rows(region)
    for note in ("", "   ", None):
        with pytest.raises(NoteRequired, match="请填写处理说明"):
            acknowledge(Gap.objects.filter(region=region), admin_user, note)
    assert rows(region) == before


def test_acknowledge_leaves_resolved_gaps_alone(region, setup, admin_user):
    flag_gaps(region, TODAY)
    make.evidence(task=setup["bare"], year=2025)
    flag_gaps(region, TODAY)
    assert acknowledge(Gap.objects.filter(region=region), admin_user, "已知悉") == 3
    assert gap(region, "task_no_evidence", setup["bare"]).state == GapState.RESOLVED


def test_overdue_gap_appears_when_the_date_passes(region, setup):
    bare = setup["bare"]
    bare.due_date = datetime.date(2025, 7, 15)
    bare.save()
    assert flag_gaps(region, TODAY).created == 4  # not overdue yet
    assert flag_gaps(region, datetime.date(2025, 7, 16)).created == 1
    assert gap(region, "task_overdue", bare).state == GapState.OPEN
    bare.status = TaskStatus.DONE
    bare.save()
    assert flag_gaps(region, datetime.date(2025, 7, 16)).resolved == 1


def test_fact_gap_closes_when_a_later_report_shows_the_target(region):
    make.fact(make.report(region, 2023), "行政机关负责人出庭应诉率", 96)
    assert flag_gaps(region, TODAY).created == 1
    make.fact(make.report(region, 2024), "行政机关负责人出庭应诉率", 100)
    assert flag_gaps(region, TODAY).resolved == 1


def test_regions_are_kept_apart_and_all_regions_are_flagged(region, setup):
    other = make.region("青山区")
    make.task(make.plan(other), 1)
    make.region("昆都仑区")  # nothing to check there
    results = flag_all_regions(TODAY)
    assert sorted(r.region.name for r in results) == ["东河区", "青山区"]
    assert Gap.objects.filter(region=other).count() == 3  # no evidence, no lead unit, no indicator
    assert Gap.objects.filter(region=region).count() == 4


def _bulk_region(name: str, tasks: int):
    region = make.region(name)
    units = [make.unit(region, f"{name}第{i}局") for i in range(5)]
    system, leaves = make.system(leaves=8, name=f"{name}指标体系")
    plan = make.plan(region, system=system)
    for number in range(1, tasks + 1):
        task = make.task(
            plan, number, leads=[units[number % 5]] if number % 7 else [], due=datetime.date(2025, 1, 1),
            indicators=[leaves[number % 8]] if number % 3 else [],
        )  # fmt: skip
        if number % 4 == 0:
            make.evidence(task=task, year=2024)
    make.fact(make.report(region, 2024), "法律顾问覆盖率", 90)
    return region


def test_query_count_does_not_grow_with_the_number_of_tasks():
    small, large = _bulk_region("小区", 30), _bulk_region("大区", 300)

    def count(fn):
        with CaptureQueriesContext(connection) as ctx:
            fn()
        return [q["sql"] for q in ctx.captured_queries]

    def not_insert(queries):
        return [q for q in queries if not q.startswith("INSERT")]

    # The rules: the same queries for 30 tasks as for 300, a couple per rule.
    rules_small = count(lambda: collect_findings(GapContext.build(small, TODAY)))
    assert len(rules_small) == len(count(lambda: collect_findings(GapContext.build(large, TODAY)))) <= 20
    # The first run: the same apart from the batches of new rows.
    first_small, first_large = count(lambda: flag_gaps(small, TODAY)), count(lambda: flag_gaps(large, TODAY))
    assert Gap.objects.filter(region=large).count() > 500
    assert len(not_insert(first_small)) == len(not_insert(first_large))
    # Re-runs and resolving many gaps at once: the same.
    assert len(count(lambda: flag_gaps(small, TODAY))) == len(count(lambda: flag_gaps(large, TODAY)))
    # Finishing every task resolves the overdue gaps, hundreds at once for the large region.
    Task.objects.filter(plan__region__in=[small, large]).update(status=TaskStatus.DONE)
    resolve_small, resolve_large = count(lambda: flag_gaps(small, TODAY)), count(lambda: flag_gaps(large, TODAY))
    assert Gap.objects.filter(region=large, rule="task_overdue", state=GapState.RESOLVED).count() == 300
    assert len(resolve_small) == len(resolve_large)


def test_flag_gaps_command_prints_counts_in_chinese(region, setup, capsys):
    call_command("flag_gaps", "--region", "东河区", "--today", "2025-06-30")
    out = capsys.readouterr().out
    assert "东河区：新发现差距 4 项" in out and "现有未解决差距 4 项" in out
    call_command("flag_gaps", "--today", "2025-06-30")
    assert "未变 4 项" in capsys.readouterr().out
    with pytest.raises(CommandError, match="未找到地区"):
        call_command("flag_gaps", "--region", "不存在区")


def test_celery_jobs_flag_gaps(region, setup):
    from lawgov.celery import app
    from reports.tasks import flag_gaps_for_region, nightly

    assert flag_gaps_for_region.delay(region.pk, "2025-06-30").get()["created"] == 4
    summary = nightly.delay("2025-06-30").get()
    assert summary["regions"][0]["unchanged"] == 4 and summary["reminders"]["sent"] == 0
    schedule = app.conf.beat_schedule["reports-nightly"]
    assert schedule["task"] == "reports.nightly" and schedule["schedule"].hour == {2}
