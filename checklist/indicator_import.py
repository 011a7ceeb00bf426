"""Loading a parsed indicator system: updates in place by stable code, never invents text."""
from dataclasses import dataclass

from django.db import transaction

from .models import Indicator, IndicatorSystem
from .parsing.indicators import ParsedSystem

_FIELDS = ("level", "number", "name", "text", "description", "score", "assessment_method", "expected_materials", "source")


@dataclass
class IndicatorImportResult:
    system: IndicatorSystem
    system_created: bool
    created: int = 0
    updated: int = 0
    unchanged: int = 0

    def summary(self) -> str:
        verb = "已创建" if self.system_created else "已更新"
        return (
            f"{verb}指标体系《{self.system.name}》（{self.system.version}）：新增 {self.created} 条，"
            f"更新 {self.updated} 条，未变 {self.unchanged} 条。完整度：{self.system.completeness_text()}"
        )


@transaction.atomic
def import_system(parsed: ParsedSystem) -> IndicatorImportResult:
    system, created = IndicatorSystem.objects.get_or_create(name=parsed.name, version=parsed.version)
    system.issuer = parsed.issuer or system.issuer
    system.sources = parsed.sources or system.sources
    system.preamble = parsed.preamble or system.preamble
    system.notes = parsed.notes or system.notes
    if parsed.expected_counts:
        system.expected_counts = {str(k): v for k, v in parsed.expected_counts.items()}
    system.save()

    result = IndicatorImportResult(system=system, system_created=created)
    existing = {i.code: i for i in system.indicators.all()}
    saved: list[Indicator] = []  # by index in parsed.indicators, so children find their parent
    for position, item in enumerate(parsed.indicators):
        values = {f: getattr(item, f) for f in _FIELDS}
        values["parent_id"] = saved[item.parent].pk if item.parent is not None else None
        values["position"] = position
        indicator = existing.get(item.code)
        if indicator is None:
            indicator = Indicator.objects.create(system=system, code=item.code, **values)
            result.created += 1
        elif any(getattr(indicator, k) != v for k, v in values.items()):
            for k, v in values.items():
                setattr(indicator, k, v)
            indicator.save()
            result.updated += 1
        else:
            result.unchanged += 1
        saved.append(indicator)
    return result

