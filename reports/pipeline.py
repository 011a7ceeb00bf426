"""The steps a report goes through: read → match → flag gaps. Celery jobs and the command call these.

Each step is idempotent and records where the report stands, so staff see progress and, on failure,
the reason; a failed report keeps no half-written passages (they are written in one transaction).
"""
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from .analysis import analyse
from .candidates import build_scope
from .evidence_sync import write_analysis
from .intake import load_text
from .models import AnnualReport, ReportStatus


def _mark(report_id: int, **fields) -> None:
    AnnualReport.objects.filter(pk=report_id).update(**fields)


def read_step(report_id: int) -> AnnualReport:
    _mark(report_id, status=ReportStatus.PROCESSING, stage="读取原文", progress=10, error="")
    report = AnnualReport.objects.select_related("region").get(pk=report_id)
    load_text(report)
    return report


def match_step(report_id: int):
    """Split, match and write passages, facts and evidence. Returns (analysis, scope, sync result)."""
    report = AnnualReport.objects.select_related("region").get(pk=report_id)
    _mark(report_id, stage="比对任务与指标", progress=50)
    scope = build_scope(report)
    analysis = analyse(report.text, scope)
    with transaction.atomic():
        sync = write_analysis(report, analysis)
        updates = {"stage": "查找差距", "progress": 90, "method_version": f"{analysis.method} {analysis.method_version}"}
        if not report.title and analysis.title:
            from .intake import display_title

            updates["title"] = display_title(report.text)
        _mark(report_id, **updates)
    return analysis, scope, sync


def gaps_step(report_id: int) -> None:
    """Re-check what the report can change: the open evidence gaps of the tasks and indicators it brought
    evidence to (new evidence can only close such gaps), in whichever region they are (a city's report may
    prove a district's tasks), and its own region's figures. Everything else is re-checked every night."""
    from checklist.models import Region, Task

    from .gaps.flagging import ACTIVE, flag_gaps
    from .gaps.rules import EVIDENCE_RULES
    from .models import Evidence, Fact, Gap

    report = AnnualReport.objects.get(pk=report_id)
    touched = list(Evidence.objects.filter(report=report).values_list("task_id", "indicator_id"))
    tasks = {t for t, _ in touched if t}
    # an indicator's evidence comes from itself or from the tasks serving it
    indicators = {i for _, i in touched if i}
    if tasks:
        indicators |= set(Task.indicators.through.objects.filter(task_id__in=tasks).values_list("indicator_id", flat=True))
    still_open = Gap.objects.filter(rule__in=EVIDENCE_RULES, state__in=ACTIVE).filter(
        Q(task_id__in=tasks) | Q(indicator_id__in=indicators)
    ).values_list("region_id", "task_id", "indicator_id")
    by_region: dict[int, tuple[set, set]] = {}
    for region_id, task_id, indicator_id in still_open:
        only_tasks, only_indicators = by_region.setdefault(region_id, (set(), set()))
        (only_tasks.add(task_id) if task_id else only_indicators.add(indicator_id))
    with_facts = Fact.objects.filter(report=report).exists()  # figures count in the report's own region
    if with_facts:
        by_region.setdefault(report.region_id, (set(), set()))
    for region in Region.objects.filter(pk__in=by_region):
        only_tasks, only_indicators = by_region[region.pk]
        facts_too = with_facts and region.pk == report.region_id
        rules = EVIDENCE_RULES if facts_too else tuple(r for r in EVIDENCE_RULES if r != "fact_below_target")
        flag_gaps(region, rules=rules, only_tasks=only_tasks, only_indicators=only_indicators)
    done = {"status": ReportStatus.DONE, "stage": "", "progress": 100, "error": ""}
    if report.status != ReportStatus.DONE or report.processed_at is None:
        done["processed_at"] = timezone.now()
    _mark(report_id, **done)


def mark_failed(report_id: int, reason: str) -> None:
    _mark(report_id, status=ReportStatus.FAILED, error=reason[:2000])


def process_report(report_id: int, flag: bool = True):
    """The whole chain in this process (the ingest_report command, and the demo without a worker)."""
    try:
        read_step(report_id)
        result = match_step(report_id)
        if flag:
            gaps_step(report_id)
        else:
            _mark(report_id, status=ReportStatus.DONE, stage="", progress=100, processed_at=timezone.now())
    except Exception as exc:
        mark_failed(report_id, failure_reason(exc))
        raise
    return result


def failure_reason(exc: Exception) -> str:
    from .parsing.reader import ReportReadError

    if isinstance(exc, ReportReadError):
        return str(exc)
    return f"处理时出错（{type(exc).__name__}）：{exc}"
