"""Evidence: what shows that a task or an indicator was worked on, with where it came from."""
from django.conf import settings
from django.db import models
from django.db.models import Q

from checklist.models import Indicator, Task

from .passages import Passage
from .reports import AnnualReport


class EvidenceState(models.TextChoices):
    SUGGESTED = "suggested", "建议"
    CONFIRMED = "confirmed", "已确认"
    REJECTED = "rejected", "已驳回"


class EvidenceKind(models.TextChoices):
    PASSAGE = "passage", "报告段落"
    FILE = "file", "上传文件"
    NOTE = "note", "情况说明"


class EvidenceBasis(models.TextChoices):
    """Why the matcher attached a passage (the codes of reports.matching.matcher.BASIS_*)."""

    SCORE = "score", "整段内容与该项相符"
    SENTENCE = "sentence", "有一句话明确写到该项"
    CLAUSE = "clause", "有一句话写到其中一项工作"
    REPORT = "report", "本报告中与该项最接近的一段"
    TITLE = "title", "有一句话写到该项的名称"


class Evidence(models.Model):
    task = models.ForeignKey(
        Task, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence", verbose_name="任务"
    )
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence", verbose_name="指标"
    )
    kind = models.CharField("类型", max_length=10, choices=EvidenceKind.choices, default=EvidenceKind.PASSAGE)
    report = models.ForeignKey(
        AnnualReport, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence", verbose_name="报告"
    )
    passage = models.ForeignKey(
        Passage, null=True, blank=True, on_delete=models.CASCADE, related_name="evidence", verbose_name="段落"
    )
    year = models.PositiveSmallIntegerField("年度", null=True, blank=True)
    start = models.PositiveIntegerField("起始位置", null=True, blank=True)
    end = models.PositiveIntegerField("结束位置", null=True, blank=True)
    file = models.FileField("附件", upload_to="evidence/", blank=True)
    note = models.TextField("说明", blank=True)
    method = models.CharField("比对方法", max_length=50, blank=True)
    method_version = models.CharField("方法版本", max_length=50, blank=True)
    score = models.FloatField("得分", null=True, blank=True)
    matched_terms = models.JSONField("命中词语", default=list, blank=True)
    basis = models.CharField("附加依据", max_length=10, choices=EvidenceBasis.choices, blank=True)
    state = models.CharField("状态", max_length=10, choices=EvidenceState.choices, default=EvidenceState.SUGGESTED)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="审核人"
    )
    reviewed_at = models.DateTimeField("审核时间", null=True, blank=True)
    created_at = models.DateTimeField("创建时间", auto_now_add=True)

    class Meta:
        verbose_name = "佐证"
        verbose_name_plural = "佐证"
        ordering = ["-created_at"]
        constraints = [
            models.CheckConstraint(
                condition=Q(task__isnull=False) | Q(indicator__isnull=False), name="evidence_has_target"
            ),
            # One row per passage and target: a re-run finds it again instead of adding a second one,
            # and a rejected row stays to stop the pair from being suggested again.
            models.UniqueConstraint(
                fields=["passage", "task"], condition=Q(passage__isnull=False, task__isnull=False), name="uniq_passage_task"
            ),
            models.UniqueConstraint(
                fields=["passage", "indicator"],
                condition=Q(passage__isnull=False, indicator__isnull=False),
                name="uniq_passage_indicator",
            ),
        ]

    def __str__(self):
        target = self.task or self.indicator
        return f"{target} ← {self.get_kind_display()}"
