"""The steps a report goes through: read → match → flag gaps. Celery jobs and the command call these.

Each step is idempotent and records where the report stands, so staff see progress and, on failure,
the reason; a failed report keeps no half-written passages (they are written in one transaction).
"""
from django.db import transaction
from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

from .analysis import analyse
from .candidates import build_scope
from .evidence_sync import write_analysis
from .intake import load_text
from .models import AnnualReport, ReportStatus


def _mark(report_id: int, **fields) -> None:
    AnnualReport.objects.filter(pk=report_id).update(**fields)


MATCHING = {"stage": "比对任务与指标", "progress": 50}


def read_step(report_id: int) -> AnnualReport:
    report = AnnualReport.objects.select_related("region").get(pk=report_id)
    # A report taken in by register_report holds its text already: with nothing to read, the first mark
    # says what comes next, and match_step needs no mark of its own.
    fields = {"status": ReportStatus.PROCESSING, "error": "", "stage": "读取原文", "progress": 10}
    if report.text:
        fields.update(MATCHING)
    _mark(report_id, **fields)
    for name, value in fields.items():
        setattr(report, name, value)
    load_text(report)
    return report


def match_step(report_id: int, report: AnnualReport | None = None):
    """Split, match and write passages, facts and evidence. Returns (analysis, scope, sync result).

    `report` is the one read_step returned, when both run in one process (saves reading its text again)."""
    if report is None:
        report = AnnualReport.objects.select_related("region").get(pk=report_id)
    if report.stage != MATCHING["stage"]:  # read_step marked it already when there was nothing to read
        _mark(report_id, **MATCHING)
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
    """Re-check what the report can change: the open evidence gaps its evidence can close (new evidence can
    only close such gaps), in whichever region they are (a city's report may prove a district's tasks), and
    its own region's figures. Everything else is re-checked every night."""
    from checklist.models import Region

    from .gaps.flagging import flag_gaps
    from .gaps.rules import EVIDENCE_RULES
    from .models import Fact

    report = (
        AnnualReport.objects.only("region", "status", "processed_at")
        .annotate(with_facts=Exists(Fact.objects.filter(report=OuterRef("pk"))))
        .get(pk=report_id)
    )
    by_region = _open_evidence_gaps(report_id)
    with_facts = report.with_facts  # figures count in the report's own region
    if with_facts:
        by_region.setdefault(report.region_id, (set(), set()))
    # with its parent: the run's summary names the region with its parent
    for region in Region.objects.filter(pk__in=by_region).select_related("parent"):
        only_tasks, only_indicators = by_region[region.pk]
        facts_too = with_facts and region.pk == report.region_id
        rules = EVIDENCE_RULES if facts_too else tuple(r for r in EVIDENCE_RULES if r != "fact_below_target")
        flag_gaps(region, rules=rules, only_tasks=only_tasks, only_indicators=only_indicators)
    done = {"status": ReportStatus.DONE, "stage": "", "progress": 100, "error": ""}
    if report.status != ReportStatus.DONE or report.processed_at is None:
        done["processed_at"] = timezone.now()
    _mark(report_id, **done)


def _open_evidence_gaps(report_id: int) -> dict[int, tuple[set, set]]:
    """Region id → (task ids, indicator ids) of the open evidence gaps the report's evidence can close
    (where it counts: reports.gaps.recheck.where_evidence_counts). Gaps elsewhere on the same indicators
    cannot change; the nightly run checks them."""
    from .gaps.flagging import ACTIVE
    from .gaps.recheck import evidence_targets, where_evidence_counts
    from .gaps.rules import EVIDENCE_RULES
    from .models import Evidence, Gap

    counts = where_evidence_counts(evidence_targets(Evidence.objects.filter(report_id=report_id)))
    tasks = {t for region_tasks, _ in counts.values() for t in region_tasks}
    indicators = {i for _, region_indicators in counts.values() for i in region_indicators}
    if not tasks and not indicators:
        return {}
    # Led by the gaps' task and indicator indexes; the regions are sorted out here, not joined in the query.
    open_gaps = Gap.objects.filter(rule__in=EVIDENCE_RULES, state__in=ACTIVE).filter(
        Q(task_id__in=tasks) | Q(indicator_id__in=indicators)
    ).order_by().values_list("region_id", "task_id", "indicator_id")
    by_region: dict[int, tuple[set, set]] = {}
    for region_id, task_id, indicator_id in open_gaps:
        there_tasks, there_indicators = counts.get(region_id, ((), ()))
        if task_id in there_tasks or indicator_id in there_indicators:
            only_tasks, only_indicators = by_region.setdefault(region_id, (set(), set()))
            (only_tasks.add(task_id) if task_id else only_indicators.add(indicator_id))
    return by_region


def mark_failed(report_id: int, reason: str) -> None:
    _mark(report_id, status=ReportStatus.FAILED, error=reason[:2000])


def process_report(report_id: int, flag: bool = True):
    """The whole chain in this process (the ingest_report command, and the demo without a worker)."""
    try:
        report = read_step(report_id)
        result = match_step(report_id, report)
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
