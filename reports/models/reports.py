"""Annual reports (法治政府建设情况报告) and their processing state."""
from django.db import models
from django.db.models import Q

from checklist.models import Plan, Region


class ReportStatus(models.TextChoices):
    PENDING = "pending", "待处理"
    PROCESSING = "processing", "处理中"
    DONE = "done", "已完成"
    FAILED = "failed", "失败"


class AnnualReport(models.Model):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="reports", verbose_name="地区")
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("标题", max_length=300, blank=True)
    source_file = models.FileField("原文件", upload_to="reports/", blank=True)
    original_name = models.CharField("上传文件名", max_length=300, blank=True)
    plans = models.ManyToManyField(
        Plan,
        blank=True,
        related_name="matched_reports",
        verbose_name="比对的工作计划",
        help_text="不选时，与本地区及上级地区的全部工作计划比对",
    )
    text = models.TextField("原文", blank=True, help_text="解码后的原文；段落的起止位置以此为准")
    text_format = models.CharField("文件格式", max_length=10, blank=True)
    encoding = models.CharField("编码", max_length=20, blank=True)
    content_hash = models.CharField("内容指纹", max_length=64, blank=True, db_index=True, editable=False)
    status = models.CharField("处理状态", max_length=20, choices=ReportStatus.choices, default=ReportStatus.PENDING)
    stage = models.CharField("当前步骤", max_length=50, blank=True)
    progress = models.PositiveSmallIntegerField("进度（%）", default=0)
    error = models.TextField("失败原因", blank=True)
    method_version = models.CharField("比对方法版本", max_length=50, blank=True)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)
    processed_at = models.DateTimeField("处理完成时间", null=True, blank=True)

    class Meta:
        verbose_name = "年度报告"
        verbose_name_plural = "年度报告"
        ordering = ["-year", "region__name"]
        constraints = [
            # The same text uploaded twice (even as txt and then docx) is one report, not two.
            models.UniqueConstraint(
                fields=["region", "year", "content_hash"], condition=~Q(content_hash=""), name="uniq_report_content"
            )
        ]

    def __str__(self):
        return self.title or f"{self.region} {self.year}年报告"
