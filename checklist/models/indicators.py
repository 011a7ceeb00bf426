"""The reference catalogue: indicator systems as published, kept apart from the work done against them."""
from django.db import models

LEVEL_LABELS = {1: "一级指标", 2: "二级指标", 3: "三级指标", 4: "四级指标", 5: "五级指标"}


def level_label(level: int) -> str:
    return LEVEL_LABELS.get(level, f"{level}级指标")


def completeness_levels(loaded: dict[int, int], expected_counts) -> list[dict]:
    """Per level, what is loaded against what the document states (None where it states nothing)."""
    expected = {int(k): v for k, v in (expected_counts or {}).items() if str(k).isdigit() and isinstance(v, int)}
    return [
        {"level": lvl, "label": level_label(lvl), "loaded": loaded.get(lvl, 0), "expected": expected.get(lvl)}
        for lvl in sorted(set(loaded) | set(expected))
    ]


class IndicatorSystem(models.Model):
    name = models.CharField("名称", max_length=200)
    version = models.CharField("版本", max_length=20, help_text="如 2019、2021、2023")
    issuer = models.CharField("发布机关", max_length=200, blank=True)
    sources = models.JSONField("来源", default=list, blank=True)
    preamble = models.TextField("说明", blank=True)
    expected_counts = models.JSONField(
        "各级应有条数", default=dict, blank=True, help_text='已知时填写，如 {"1": 9, "2": 32, "3": 100}'
    )
    notes = models.TextField("缺失与存疑", blank=True)
    imported_at = models.DateTimeField("导入时间", auto_now=True)

    class Meta:
        verbose_name = "指标体系"
        verbose_name_plural = "指标体系"
        ordering = ["-version", "name"]
        constraints = [models.UniqueConstraint(fields=["name", "version"], name="uniq_system_name_version")]

    def __str__(self):
        return f"{self.name}（{self.version}）" if self.version not in self.name else self.name

    def completeness(self) -> list[dict]:
        """Loaded and expected items per level, e.g. [{"level": 3, "label": "三级指标", "loaded": 3, "expected": 100}]."""
        loaded = dict(
            self.indicators.values_list("level").annotate(n=models.Count("id")).values_list("level", "n")
        )
        return completeness_levels(loaded, self.expected_counts)

    def completeness_text(self) -> str:
        return "；".join(
            f"{c['label']} {c['loaded']}/{c['expected'] if c['expected'] is not None else '?'}"
            for c in self.completeness()
        )


class Indicator(models.Model):
    system = models.ForeignKey(IndicatorSystem, on_delete=models.CASCADE, related_name="indicators", verbose_name="指标体系")
    parent = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.CASCADE, related_name="children", verbose_name="上级指标"
    )
    code = models.CharField("编码", max_length=40, help_text="稳定编码，重新导入时保持不变，如 2021-L3-027")
    level = models.PositiveSmallIntegerField("层级")
    number = models.CharField("序号", max_length=20, help_text="原文中的编号")
    name = models.CharField("名称", max_length=300, blank=True)
    text = models.TextField("指标内容", blank=True)
    description = models.TextField("基本要求", blank=True)
    score = models.DecimalField("分值", max_digits=7, decimal_places=2, null=True, blank=True)
    assessment_method = models.TextField("评估方法", blank=True)
    expected_materials = models.TextField("佐证材料", blank=True)
    source = models.CharField("出处", max_length=500, blank=True)
    position = models.PositiveIntegerField("顺序", default=0)

    class Meta:
        verbose_name = "指标"
        verbose_name_plural = "指标"
        ordering = ["system", "position"]
        constraints = [models.UniqueConstraint(fields=["system", "code"], name="uniq_indicator_code")]

    def __str__(self):
        label = self.name or self.text
        return f"{self.code} {label[:30]}"
