"""Annual reports (法治政府建设情况报告) whose passages become evidence for tasks."""
from django.db import models

from checklist.models import Region


class AnnualReport(models.Model):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="reports", verbose_name="地区")
    year = models.PositiveSmallIntegerField("年度")
    title = models.CharField("标题", max_length=300)
    source_file = models.FileField("原文件", upload_to="reports/", blank=True)
    uploaded_at = models.DateTimeField("上传时间", auto_now_add=True)

    class Meta:
        verbose_name = "年度报告"
        verbose_name_plural = "年度报告"
        ordering = ["-year"]

    def __str__(self):
        return self.title
