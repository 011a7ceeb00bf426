"""Gaps found by the gap rules, kept until dealt with, and the deadline reminders already sent."""
from django.conf import settings
from django.db import models

from checklist.models import Indicator, OrgUnit, Plan, Region, Task

from .passages import Fact


class GapState(models.TextChoices):
    OPEN = "open", "待处理"
    ACKNOWLEDGED = "acknowledged", "已知悉"
    RESOLVED = "resolved", "已解决"


class Gap(models.Model):
    rule = models.CharField("规则", max_length=50, db_index=True)
    key = models.CharField("对象键", max_length=100, help_text="规则内唯一标识对象，如 task:12")
    region = models.ForeignKey(Region, on_delete=models.CASCADE, related_name="gaps", verbose_name="地区")
    plan = models.ForeignKey(Plan, null=True, blank=True, on_delete=models.CASCADE, related_name="gaps", verbose_name="工作计划")
    task = models.ForeignKey(Task, null=True, blank=True, on_delete=models.CASCADE, related_name="gaps", verbose_name="任务")
    indicator = models.ForeignKey(
        Indicator, null=True, blank=True, on_delete=models.CASCADE, related_name="gaps", verbose_name="指标"
    )
    unit = models.ForeignKey(OrgUnit, null=True, blank=True, on_delete=models.CASCADE, related_name="gaps", verbose_name="单位")
    fact = models.ForeignKey(Fact, null=True, blank=True, on_delete=models.SET_NULL, related_name="gaps", verbose_name="数据事实")
    message = models.TextField("差距说明")
    remedy = models.TextField("整改建议", blank=True)
    state = models.CharField("状态", max_length=20, choices=GapState.choices, default=GapState.OPEN)
    note = models.TextField("处理说明", blank=True)
    acknowledged_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+", verbose_name="知悉人"
    )
    acknowledged_at = models.DateTimeField("知悉时间", null=True, blank=True)
    first_flagged_at = models.DateTimeField("首次发现", auto_now_add=True)
    last_flagged_at = models.DateTimeField("最近发现", null=True, blank=True)
    resolved_at = models.DateTimeField("解决时间", null=True, blank=True)
    reopened_count = models.PositiveIntegerField("重新出现次数", default=0)

    class Meta:
        verbose_name = "差距"
        verbose_name_plural = "差距"
        ordering = ["region", "rule", "key"]
        constraints = [models.UniqueConstraint(fields=["region", "rule", "key"], name="uniq_gap")]

    def __str__(self):
        return self.message[:60]


class Reminder(models.Model):
    """One row per reminder sent, so that the nightly job never sends the same one twice."""

    class Kind(models.TextChoices):
        DUE_SOON = "due_soon", "即将到期"
        OVERDUE = "overdue", "已逾期"

    task = models.ForeignKey(Task, on_delete=models.CASCADE, related_name="reminders", verbose_name="任务")
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="reminders", verbose_name="单位")
    kind = models.CharField("类型", max_length=20, choices=Kind.choices)
    due_date = models.DateField("完成时限")
    recipient = models.EmailField("收件人")
    sent_at = models.DateTimeField("发送时间", auto_now_add=True)

    class Meta:
        verbose_name = "提醒记录"
        verbose_name_plural = "提醒记录"
        ordering = ["-sent_at"]
        constraints = [
            models.UniqueConstraint(fields=["task", "unit", "kind", "due_date"], name="uniq_reminder")
        ]

    def __str__(self):
        return f"{self.task} → {self.unit}（{self.get_kind_display()}）"
