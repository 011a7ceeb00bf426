"""Writing an analysis to the database so that a re-run leaves the same rows.

Passages are keyed by the span of text they cover, facts by their span, evidence by (passage, target).
Staff decisions win: a confirmed pair is never removed, a rejected pair is never suggested again.
"""
from dataclasses import dataclass

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from checklist.bulk import insert_rows

from .analysis import ReportAnalysis
from .models import AnnualReport, Evidence, EvidenceKind, EvidenceState, Fact, Passage

PASSAGE_FIELDS = ("index", "heading", "text")
NEW_PASSAGE_FIELDS = ["report", "index", "heading", "text", "start", "end"]
RENUMBER_OFFSET = 1_000_000
FACT_FIELDS = ["report", "passage", "metric", "value", "unit", "is_rate", "quote", "start", "end"]
NEW_EVIDENCE_FIELDS = [
    "task", "indicator", "kind", "report", "passage", "year", "start", "end", "file", "note",
    "method", "method_version", "score", "matched_terms", "basis", "state", "created_at",
]


@dataclass
class SyncResult:
    passages_created: int = 0
    passages_updated: int = 0
    passages_deleted: int = 0
    facts_written: int = 0
    evidence_created: int = 0
    evidence_updated: int = 0
    evidence_deleted: int = 0

    @property
    def changed(self) -> bool:
        return any(vars(self).values())


@transaction.atomic(savepoint=False)  # inside the caller's transaction, if any: all or nothing with it
def write_analysis(report: AnnualReport, analysis: ReportAnalysis) -> SyncResult:
    """Passages, facts and evidence of one report, in one transaction."""
    # one writer per report at a time (only the row is locked, and nothing of it read)
    list(AnnualReport.objects.select_for_update().filter(pk=report.pk).order_by().values_list("pk", flat=True))
    result = SyncResult()
    passages = _sync_passages(report, analysis, result)
    # a fact hangs on a passage and goes with it: when no passage was kept, the report has none to read
    kept = result.passages_created < len(passages)
    _sync_facts(report, analysis, passages, result, kept)
    _sync_evidence(report, analysis, passages, result)
    return result


def _sync_passages(report, analysis, result) -> dict[int, Passage]:
    """Passages are known by their place in the text: a passage that still covers the same span keeps its
    row, and the evidence on it, even when a new way of splitting gives it another number."""
    existing = {(p.start, p.end): p for p in Passage.objects.filter(report=report).order_by()}
    wanted = {(a.passage.start, a.passage.end): a.passage for a in analysis.passages}
    gone = [row for span, row in existing.items() if span not in wanted]
    if gone:
        _keep_reviewed_evidence(gone)
        Passage.objects.filter(pk__in=[r.pk for r in gone]).delete()
    rows, to_create, to_update = {}, [], []
    for span, parsed in wanted.items():
        values = {"index": parsed.index, "heading": parsed.heading[:500], "text": parsed.text}
        row = existing.get(span)
        if row is None:
            row = Passage(report=report, start=parsed.start, end=parsed.end, **values)
            to_create.append(row)
        elif any(getattr(row, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(row, k, v)
            to_update.append(row)
        rows[parsed.index] = row
    if to_update:
        # numbers are unique per report: move the renumbered rows out of the way first
        Passage.objects.filter(pk__in=[r.pk for r in to_update]).update(index=F("index") + RENUMBER_OFFSET)
        Passage.objects.bulk_update(to_update, PASSAGE_FIELDS)
    if to_create:  # plain multi-row INSERT (COPY on PostgreSQL), then the new ids: bulk_create costs more
        new_rows = [(report.pk, r.index, r.heading, r.text, r.start, r.end) for r in to_create]
        insert_rows(Passage, NEW_PASSAGE_FIELDS, new_rows)
        ids = dict(Passage.objects.filter(report=report).order_by().values_list("index", "pk"))
        for row in to_create:
            row.pk = ids[row.index]  # numbers are unique per report
    result.passages_created, result.passages_updated, result.passages_deleted = len(to_create), len(to_update), len(gone)
    return rows


def _keep_reviewed_evidence(gone) -> None:
    """Before a passage disappears (the text was split differently), keep staff decisions on the report
    with their offsets; _sync_evidence attaches them to the passage that now covers that place."""
    Evidence.objects.filter(passage__in=gone).exclude(state=EvidenceState.SUGGESTED).update(passage=None)


def _sync_facts(report, analysis, passages, result, kept: bool = True):
    wanted = {}
    for a in analysis.passages:
        row = passages[a.passage.index]
        for f in a.facts:
            wanted[(row.pk, f.start, f.end, f.metric[:100])] = (
                report.pk, row.pk, f.metric[:100], f.value, f.unit[:10], f.is_rate, f.quote[:300], f.start, f.end,
            )
    rows = Fact.objects.filter(report=report).order_by() if kept else ()
    existing = {(f.passage_id, f.start, f.end, f.metric): f for f in rows}
    stale = [
        f.pk for k, f in existing.items()
        if k not in wanted or (f.value, f.unit, f.is_rate, f.quote) != _fact_values(wanted[k])
    ]
    fresh = [
        f for k, f in wanted.items() if k not in existing or existing[k].pk in stale
    ]
    if stale:
        Fact.objects.filter(pk__in=stale).delete()
    if fresh:
        insert_rows(Fact, FACT_FIELDS, fresh)
    result.facts_written = len(stale) + len(fresh)


def _fact_values(row: tuple) -> tuple:
    return (row[3], row[4], row[5], row[6])


def _sync_evidence(report, analysis, passages, result):
    now = timezone.now()
    rows = list(Evidence.objects.filter(report=report, kind=EvidenceKind.PASSAGE))
    existing = {(ev.passage_id, _target_key(ev)): ev for ev in rows if ev.passage_id is not None}
    for ev in rows:  # reviewed evidence whose passage was split differently: re-attach by position
        row = _passage_at(passages, ev.start) if ev.passage_id is None else None
        if row is not None and (row.pk, _target_key(ev)) not in existing:
            ev.passage = row
            ev.save(update_fields=["passage"])
            existing[(row.pk, _target_key(ev))] = ev
    keep = set()
    to_create, to_update = [], []
    for a in analysis.passages:
        row = passages[a.passage.index]
        for m in a.tasks + a.indicators:
            if m.key not in a.attached:
                continue
            keep.add((row.pk, m.key))
            ev = existing.get((row.pk, m.key))
            terms = list(m.terms)
            score = round(float(m.score), 4)
            if ev is None:
                kind, _, pk = m.key.partition(":")
                to_create.append((
                    int(pk) if kind == "task" else None, int(pk) if kind == "indicator" else None,
                    EvidenceKind.PASSAGE.value, report.pk, row.pk, report.year, row.start, row.end, "", "",
                    analysis.method, analysis.method_version, score, terms, m.basis, EvidenceState.SUGGESTED.value, now,
                ))
            elif ev.state == EvidenceState.SUGGESTED and (ev.score, ev.matched_terms, ev.basis, ev.method_version) != (
                score, terms, m.basis, analysis.method_version
            ):
                ev.score, ev.matched_terms, ev.basis = score, terms, m.basis
                ev.method, ev.method_version = analysis.method, analysis.method_version
                to_update.append(ev)
    # Suggestions the matcher no longer makes go; staff decisions stay.
    dropped = [
        ev.pk for k, ev in existing.items() if k not in keep and ev.state == EvidenceState.SUGGESTED
    ]
    if dropped:
        Evidence.objects.filter(pk__in=dropped).delete()
    if to_update:
        Evidence.objects.bulk_update(to_update, ["score", "matched_terms", "basis", "method", "method_version"])
    if to_create:  # plain multi-row INSERT (COPY on PostgreSQL): a report may bring hundreds of suggestions
        insert_rows(Evidence, NEW_EVIDENCE_FIELDS, to_create)
    result.evidence_created, result.evidence_updated, result.evidence_deleted = len(to_create), len(to_update), len(dropped)


def _target_key(ev) -> str:
    return f"task:{ev.task_id}" if ev.task_id else f"indicator:{ev.indicator_id}"


def _passage_at(passages, offset):
    if offset is None:
        return None
    for row in passages.values():
        if row.start <= offset < row.end:
            return row
    return None
