"""Ledger imports that run as background jobs, so that a large file shows its progress on the page."""
from django.conf import settings
from django.db import models

from .plans import Plan


class ImportJob(models.Model):
    class State(models.TextChoices):
        QUEUED = "queued", "排队中"
        RUNNING = "running", "导入中"
        DONE = "done", "已完成"
        REFUSED = "refused", "已拒绝（有错误行，未写入任何数据）"
        FAILED = "failed", "失败"

    plan = models.ForeignKey(Plan, on_delete=models.CASCADE, related_name="import_jobs", verbose_name="工作计划")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, on_delete=models.SET_NULL, verbose_name="导入人")
    file = models.FileField("台账文件", upload_to="ledgers/")
    file_name = models.CharField("原文件名", max_length=255)
    create_units = models.BooleanField("自动创建新单位", default=False)
    state = models.CharField("状态", max_length=20, choices=State.choices, default=State.QUEUED)
    done = models.PositiveIntegerField("已处理行数", default=0)
    total = models.PositiveIntegerField("总行数", default=0)
    result = models.JSONField("结果", default=dict, blank=True)
    message = models.TextField("说明", blank=True)
    created_at = models.DateTimeField("提交时间", auto_now_add=True)
    finished_at = models.DateTimeField("完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "台账导入任务"
        verbose_name_plural = "台账导入任务"
        ordering = ["-created_at"]

    def __str__(self):
        return f"{self.file_name}（{self.get_state_display()}）"

    @property
    def percent(self) -> int:
        return int(self.done * 100 / self.total) if self.total else 0

    @property
    def finished(self) -> bool:
        return self.state in (self.State.DONE, self.State.REFUSED, self.State.FAILED)
