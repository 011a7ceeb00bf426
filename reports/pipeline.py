"""The steps a report goes through: read → match → flag gaps. Celery jobs and the command call these.

Each step is idempotent and records where the report stands, so staff see progress and, on failure,
the reason; a failed report keeps no half-written passages (they are written in one transaction).
"""
from django.db import connection, transaction
from django.db.models import Exists, OuterRef
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
    by_region: dict[int, tuple[set, set]] = {}
    for region_id, task_id, indicator_id in _open_evidence_gaps(report_id):
        only_tasks, only_indicators = by_region.setdefault(region_id, (set(), set()))
        (only_tasks.add(task_id) if task_id else only_indicators.add(indicator_id))
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


def _open_evidence_gaps(report_id: int) -> list[tuple]:
    """(region, task, indicator) of the open evidence gaps the report's evidence can close: those of the
    tasks it brought evidence to, and those of indicators where that evidence counts (an indicator's own
    evidence in the report's region; a task's evidence for the indicators the task serves, in the task's
    region). Gaps elsewhere on the same indicators cannot change; the nightly run checks them.

    Two plain queries, each led by an index (the report's evidence, then the gaps of those tasks and
    indicators): built through the ORM they took several times what the database needs, and one joined
    query let PostgreSQL pick a plan that walked every task of every region (30–80 ms a report)."""
    from checklist.models import Plan, Task

    from .gaps.flagging import ACTIVE
    from .gaps.rules import EVIDENCE_RULES
    from .models import Evidence, Gap

    tables = {"evidence": Evidence._meta.db_table, "task": Task._meta.db_table, "plan": Plan._meta.db_table,
              "link": Task.indicators.through._meta.db_table, "report": AnnualReport._meta.db_table}
    with connection.cursor() as cursor:
        cursor.execute(_REPORT_EVIDENCE.format(**tables), [report_id])
        tasks, counts_in = set(), set()  # counts_in: (region, indicator) pairs where the evidence counts
        for task_id, indicator_id, task_region, served, report_region in cursor.fetchall():
            if task_id:
                tasks.add(task_id)
                if served:
                    counts_in.add((task_region, served))
            elif indicator_id:
                counts_in.add((report_region, indicator_id))
        if not tasks and not counts_in:
            return []
        indicators = {indicator for _, indicator in counts_in}
        cursor.execute(
            f"SELECT region_id, task_id, indicator_id FROM {Gap._meta.db_table}"
            f" WHERE rule IN ({_marks(EVIDENCE_RULES)}) AND state IN ({_marks(ACTIVE)})"
            f" AND (task_id IN ({_marks(tasks)}) OR indicator_id IN ({_marks(indicators)}))",
            [*EVIDENCE_RULES, *(s.value for s in ACTIVE), *(tasks or [None]), *(indicators or [None])],
        )
        return [(region, task, indicator) for region, task, indicator in cursor.fetchall()
                if task in tasks or (region, indicator) in counts_in]


# Each evidence row of the report, with the region of its task, the indicators that task serves (one row
# each) and the report's region.
_REPORT_EVIDENCE = """SELECT ev.task_id, ev.indicator_id, p.region_id, link.indicator_id, r.region_id
FROM {evidence} ev
JOIN {report} r ON r.id = ev.report_id
LEFT JOIN {task} t ON t.id = ev.task_id
LEFT JOIN {plan} p ON p.id = t.plan_id
LEFT JOIN {link} link ON link.task_id = ev.task_id
WHERE ev.report_id = %s"""


def _marks(values) -> str:
    return ", ".join(["%s"] * max(1, len(values)))


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
