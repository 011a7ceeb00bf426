"""What a report is split into: passages that follow its structure, and the figures found in them."""
from django.db import models

from .reports import AnnualReport


class Passage(models.Model):
    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="passages", verbose_name="报告")
    index = models.PositiveIntegerField("序号")
    heading = models.CharField("所属标题", max_length=500, blank=True, help_text="各级标题，以“ > ”分隔")
    text = models.TextField("原文")
    start = models.PositiveIntegerField("起始位置")
    end = models.PositiveIntegerField("结束位置")

    class Meta:
        verbose_name = "报告段落"
        verbose_name_plural = "报告段落"
        ordering = ["report", "index"]
        constraints = [models.UniqueConstraint(fields=["report", "index"], name="uniq_passage_index")]

    def __str__(self):
        return f"{self.report} 第{self.index + 1}段"


class Fact(models.Model):
    """A figure assessors look for, e.g. 行政机关负责人出庭应诉率 100%."""

    report = models.ForeignKey(AnnualReport, on_delete=models.CASCADE, related_name="facts", verbose_name="报告")
    passage = models.ForeignKey(Passage, on_delete=models.CASCADE, related_name="facts", verbose_name="段落")
    metric = models.CharField("指标项", max_length=100, help_text="所计量的事项，如“行政机关负责人出庭应诉率”")
    value = models.DecimalField("数值", max_digits=16, decimal_places=4)
    unit = models.CharField("单位", max_length=10, blank=True, help_text="如 %、件、个")
    is_rate = models.BooleanField("比率", default=False)
    quote = models.CharField("原文", max_length=300)
    start = models.PositiveIntegerField("起始位置")
    end = models.PositiveIntegerField("结束位置")

    class Meta:
        verbose_name = "数据事实"
        verbose_name_plural = "数据事实"
        ordering = ["report", "start"]

    def __str__(self):
        return f"{self.metric} {self.value.normalize():f}{self.unit}"
