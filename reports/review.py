"""Staff decisions on evidence: confirming or rejecting suggestions, and adding evidence by hand.

Every decision records who made it and when, so an assessor can see that a person, not the
matcher, vouched for the evidence. Staff may change their mind: the latest decision wins.
"""
from dataclasses import dataclass, field

from django.db import transaction
from django.utils import timezone

from checklist.models import Indicator, Task

from .gaps.recheck import evidence_targets, recheck_targets
from .models import Evidence, EvidenceKind, EvidenceState

MANUAL_METHOD = "manual"  # method of evidence staff added themselves (shown as 人工添加)
MAX_FILE_BYTES = 50 * 1024 * 1024


@dataclass(frozen=True)
class ReviewCount:
    changed: int  # rows whose state this decision changed
    unchanged: int  # rows already in that state, left as they were
    gap_results: list = field(default_factory=list)  # what re-checking the gaps concerned changed

    @property
    def total(self) -> int:
        return self.changed + self.unchanged


def confirm(evidence_qs, user) -> ReviewCount:
    return _set_state(evidence_qs, EvidenceState.CONFIRMED, user)


def reject(evidence_qs, user) -> ReviewCount:
    return _set_state(evidence_qs, EvidenceState.REJECTED, user)


def _set_state(evidence_qs, state: str, user) -> ReviewCount:
    # By primary key: the admin hands over querysets with joins and annotations that update() refuses.
    ids = list(evidence_qs.order_by().values_list("pk", flat=True).distinct())
    rows = Evidence.objects.filter(pk__in=ids)
    with transaction.atomic():
        # Rows already in the state keep their reviewer: re-confirming does not take over someone's decision.
        to_change = rows.exclude(state=state)
        targets = evidence_targets(to_change)
        changed = to_change.update(state=state, reviewed_by=user, reviewed_at=timezone.now())
    gap_results = recheck_targets(targets) if changed else []
    return ReviewCount(changed=changed, unchanged=len(ids) - changed, gap_results=gap_results)


def record_review(evidence: Evidence, user) -> None:
    evidence.reviewed_by = user
    evidence.reviewed_at = timezone.now()


def save_decision(evidence: Evidence, user, changed_fields) -> list:
    """Save the evidence form. A new state records its reviewer; a new state or year (whether the
    evidence falls in the assessment period) re-checks the gaps concerned: returned, for the message."""
    changed_fields = set(changed_fields)
    if "state" in changed_fields:
        record_review(evidence, user)
    evidence.save()
    if not changed_fields & {"state", "year"}:
        return []
    return recheck_targets(evidence_targets(Evidence.objects.filter(pk=evidence.pk)))


def delete_evidence(evidence_qs) -> tuple[int, list]:
    """Delete evidence rows and re-check the gaps they may have kept closed: (rows deleted, re-check results)."""
    targets = evidence_targets(evidence_qs)
    with transaction.atomic():
        deleted = evidence_qs.delete()[1].get(Evidence._meta.label, 0)
    return deleted, recheck_targets(targets) if deleted else []


def check_manual(task=None, indicator=None, kind: str = "", file=None, note: str = "") -> None:
    """Raise ValueError (message for staff) unless this is valid evidence added by hand."""
    if task is None and indicator is None:
        raise ValueError("请选择这条佐证对应的任务或指标")
    if task is not None and indicator is not None:
        raise ValueError("一条佐证只能对应一项任务或一项指标，请分别添加")
    if task is not None and not isinstance(task, Task):
        raise ValueError("所选任务无效")
    if indicator is not None and not isinstance(indicator, Indicator):
        raise ValueError("所选指标无效")
    if kind == EvidenceKind.PASSAGE:
        raise ValueError("报告段落类佐证只能由上传的年度报告比对产生，不能手工添加；请上传文件或填写情况说明")
    if kind not in (EvidenceKind.FILE, EvidenceKind.NOTE):
        raise ValueError("请选择佐证类型：上传文件或情况说明")
    note = (note or "").strip()
    if not file and not note:
        raise ValueError("请上传文件或填写情况说明")
    if kind == EvidenceKind.FILE:
        if not file:
            raise ValueError("类型为“上传文件”时请选择要上传的文件；只有文字说明时请选择“情况说明”类型")
        size = getattr(file, "size", None)
        if size == 0:
            raise ValueError(f"上传的文件“{_file_name(file)}”是空文件")
        if size is not None and size > MAX_FILE_BYTES:
            raise ValueError(f"上传的文件“{_file_name(file)}”超过 {MAX_FILE_BYTES // 1024 // 1024} MB")
    elif file:
        raise ValueError("类型为“情况说明”时不能附文件；附文件请选择“上传文件”类型")


def save_manual(evidence: Evidence, user) -> list:
    """Check and save evidence staff added by hand (the admin form builds the row, this keeps the rules);
    returns what re-checking the gaps of its task or indicator changed."""
    check_manual(evidence.task, evidence.indicator, evidence.kind, evidence.file, evidence.note)
    evidence.note = (evidence.note or "").strip()
    evidence.report = evidence.passage = None
    evidence.start = evidence.end = evidence.score = None
    evidence.matched_terms = []
    evidence.method, evidence.method_version = MANUAL_METHOD, ""
    if evidence.year is None and evidence.task is not None:
        evidence.year = evidence.task.plan.year
    # Added by a person who vouches for it: nothing left to review.
    evidence.state = EvidenceState.CONFIRMED
    record_review(evidence, user)
    evidence.save()
    return recheck_targets(evidence_targets(Evidence.objects.filter(pk=evidence.pk)))


def add_file_evidence(target, file, note: str, user, year: int | None = None) -> Evidence:
    """An uploaded file (with an optional note) as evidence for a task or an indicator."""
    task, indicator = _split_target(target)
    evidence = Evidence(task=task, indicator=indicator, kind=EvidenceKind.FILE, file=file, note=note or "", year=year)
    save_manual(evidence, user)
    return evidence


def add_note_evidence(target, note: str, user, year: int | None = None) -> Evidence:
    """A written account (情况说明) as evidence for a task or an indicator."""
    task, indicator = _split_target(target)
    evidence = Evidence(task=task, indicator=indicator, kind=EvidenceKind.NOTE, note=note or "", year=year)
    save_manual(evidence, user)
    return evidence


def _split_target(target):
    if isinstance(target, Task):
        return target, None
    if isinstance(target, Indicator):
        return None, target
    if target is None:
        raise ValueError("请选择这条佐证对应的任务或指标")
    raise ValueError("佐证只能对应任务或指标")


def _file_name(file) -> str:
    return str(getattr(file, "name", "") or "").replace("\\", "/").rsplit("/", 1)[-1]
