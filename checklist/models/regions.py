"""Regions and the organisation units that lead or carry out tasks."""
from django.db import models

from ..parsing.text import compact


class Region(models.Model):
    name = models.CharField("名称", max_length=100)
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name="上级地区"
    )

    class Meta:
        verbose_name = "地区"
        verbose_name_plural = "地区"
        ordering = ["name"]
        constraints = [models.UniqueConstraint(fields=["parent", "name"], name="uniq_region_name")]

    def __str__(self):
        return f"{self.parent.name} {self.name}" if self.parent_id else self.name


class OrgUnit(models.Model):
    region = models.ForeignKey(Region, on_delete=models.PROTECT, related_name="units", verbose_name="地区")
    name = models.CharField("名称", max_length=200)
    is_collective = models.BooleanField(
        "统称", default=False, help_text="如“区政府各部门”“区政府各相关行政执法部门”，指一类单位而非某一个单位"
    )
    contact_name = models.CharField("联系人", max_length=50, blank=True)
    contact_email = models.EmailField("联系人邮箱", blank=True, help_text="到期提醒发往此邮箱")

    class Meta:
        verbose_name = "单位"
        verbose_name_plural = "单位"
        ordering = ["region", "name"]
        constraints = [models.UniqueConstraint(fields=["region", "name"], name="uniq_unit_name")]

    def __str__(self):
        return self.name


class UnitAlias(models.Model):
    unit = models.ForeignKey(OrgUnit, on_delete=models.CASCADE, related_name="aliases", verbose_name="单位")
    name = models.CharField("别名", max_length=200)
    key = models.CharField("比对键", max_length=200, editable=False, db_index=True)

    class Meta:
        verbose_name = "单位别名"
        verbose_name_plural = "单位别名"
        constraints = [models.UniqueConstraint(fields=["unit", "key"], name="uniq_unit_alias")]

    def __str__(self):
        return self.name

    def save(self, *args, **kwargs):
        self.key = compact(self.name)
        super().save(*args, **kwargs)
