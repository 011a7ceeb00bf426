"""The work done against the catalogue: a region's yearly plans and their tasks."""
import datetime

from django.db import models
from django.utils import timezone
from simple_history.models import HistoricalRecords

from .indicators import Indicator, IndicatorSystem
from .regions import OrgUnit, Region


class Plan(models.Model):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="plans", verbose_name="地区")
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("标题", max_length=300)
    doc_number = models.CharField("文号", max_length=100, blank=True)
    issuer = models.CharField("发文机关", max_length=200, blank=True)
    written_on = models.DateField("成文日期", null=True, blank=True)
    source_file = models.CharField("来源文件", max_length=300, blank=True)
    indicator_system = models.ForeignKey(
        IndicatorSystem, null=True, blank=True, on_delete=models.SET_NULL, related_name="plans", verbose_name="对应指标体系"
    )

    class Meta:
        verbose_name = "工作计划"
        verbose_name_plural = "工作计划"
        ordering = ["-year", "region__name"]
        constraints = [models.UniqueConstraint(fields=["region", "year", "title"], name="uniq_plan")]

    def __str__(self):
        return self.title


class PlanSection(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="sections", verbose_name="工作计划")
    title = models.CharField("标题", max_length=300)
    position = models.PositiveSmallIntegerField("顺序")

    class Meta:
        verbose_name = "计划章节"
        verbose_name_plural = "计划章节"
        ordering = ["plan", "position"]
        constraints = [models.UniqueConstraint(fields=["plan", "position"], name="uniq_section_position")]

    def __str__(self):
        return self.title


class TaskStatus(models.TextChoices):
    NOT_STARTED = "not_started", "未开始"
    IN_PROGRESS = "in_progress", "进行中"
    DONE = "done", "已完成"
    NOT_APPLICABLE = "not_applicable", "不适用"


OPEN_STATUSES = (TaskStatus.NOT_STARTED, TaskStatus.IN_PROGRESS)


class TaskQuerySet(models.QuerySet):
    def overdue(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.filter(due_date__lt=today, status__in=OPEN_STATUSES)

    def not_overdue(self, today: datetime.date | None = None):
        today = today or timezone.localdate()
        return self.exclude(due_date__lt=today, status__in=OPEN_STATUSES)


class _TaskUnit(models.Model):
    """An ordered link: units are listed in the order the plan writes them."""

    task = models.ForeignKey("checklist.Task", on_delete=models.CASCADE, verbose_name="任务")
    unit = models.ForeignKey(OrgUnit, on_delete=models.PROTECT, verbose_name="单位")
    position = models.PositiveSmallIntegerField("顺序", default=0)

    class Meta:
        abstract = True
        ordering = ["position"]

    def __str__(self):
        return str(self.unit)


class TaskLeadUnit(_TaskUnit):
    class Meta(_TaskUnit.Meta):
        verbose_name = "牵头单位"
        verbose_name_plural = "牵头单位"
        constraints = [models.UniqueConstraint(fields=["task", "unit"], name="uniq_task_lead_unit")]


class TaskResponsibleUnit(_TaskUnit):
    class Meta(_TaskUnit.Meta):
        verbose_name = "责任单位"
        verbose_name_plural = "责任单位"
        constraints = [models.UniqueConstraint(fields=["task", "unit"], name="uniq_task_responsible_unit")]


# Kept at module level so that importers can write one history entry after the units are attached
# (the units live in through tables that are written after the task row itself).
TASK_HISTORY = HistoricalRecords(
    verbose_name="任务修改记录",
    m2m_fields=["lead_units", "responsible_units"],
    excluded_fields=["updated_at"],
)


class Task(models.Model):
    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="tasks", verbose_name="工作计划")
    section = models.ForeignKey(
        PlanSection, null=True, blank=True, on_delete=models.SET_NULL, related_name="tasks", verbose_name="章节"
    )
    number = models.PositiveIntegerField("序号")
    title = models.CharField("任务名称", max_length=300)
    text = models.TextField("具体内容", blank=True)
    lead_units = models.ManyToManyField(
        OrgUnit, through=TaskLeadUnit, related_name="led_tasks", blank=True, verbose_name="牵头单位"
    )
    responsible_units = models.ManyToManyField(
        OrgUnit, through=TaskResponsibleUnit, related_name="responsible_tasks", blank=True, verbose_name="责任单位"
    )
    indicators = models.ManyToManyField(Indicator, related_name="tasks", blank=True, verbose_name="对应指标")
    due_date = models.DateField("完成时限", null=True, blank=True)
    due_text = models.CharField("时限原文", max_length=100, blank=True, help_text="文件中写法，如“2026年6月底前”“持续推进”")
    status = models.CharField("状态", max_length=20, choices=TaskStatus.choices, default=TaskStatus.NOT_STARTED)
    progress = models.TextField("进展情况", blank=True)
    updated_at = models.DateTimeField("最近修改", auto_now=True)

    history = TASK_HISTORY
    objects = TaskQuerySet.as_manager()

    class Meta:
        verbose_name = "任务"
        verbose_name_plural = "任务"
        ordering = ["plan", "number"]
        constraints = [models.UniqueConstraint(fields=["plan", "number"], name="uniq_task_number")]

    def __str__(self):
        return f"{self.number}. {self.title}"

    @property
    def is_overdue(self) -> bool:
        return bool(self.due_date and self.status in OPEN_STATUSES and self.due_date < timezone.localdate())
