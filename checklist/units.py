"""Resolving unit names as written in documents to the organisation units of a region."""
from django.db import transaction

from .models import OrgUnit, Region, TaskLeadUnit, TaskResponsibleUnit, UnitAlias
from .parsing.text import compact
from .parsing.units import is_collective

# The level word a local document uses for its own region: 区司法局 in 东河区 means 东河区司法局.
_LEVEL_CHARS = "区县市旗州盟"


def canonical_key(name: str, region: Region) -> str:
    """A comparison key in which 东河区司法局, 包头市东河区司法局 and 区司法局 coincide in 东河区."""
    key = compact(name)
    for ancestor in _ancestors(region):
        if key.startswith(ancestor.name) and len(key) > len(ancestor.name):
            key = key[len(ancestor.name):]
    if key.startswith(region.name) and len(key) > len(region.name):
        key = region.name[-1] + key[len(region.name):]
    return key


def _ancestors(region: Region) -> list[Region]:
    chain, node = [], region.parent
    while node is not None:
        chain.append(node)
        node = node.parent
    return chain


def full_name(name: str, region: Region) -> str | None:
    """区司法局 → 东河区司法局 (recorded as an alias so that both spellings show in the admin)."""
    if name and name[0] in _LEVEL_CHARS and region.name.endswith(name[0]) and not name.startswith(region.name):
        return region.name + name[1:]
    return None


class UnitResolver:
    """Finds or creates the units of one region; loads the region's units once."""

    def __init__(self, region: Region):
        self.region = region
        self._by_key: dict[str, OrgUnit] = {}
        units = {u.pk: u for u in OrgUnit.objects.filter(region=region)}
        for unit in units.values():
            self._by_key.setdefault(canonical_key(unit.name, region), unit)
        for alias in UnitAlias.objects.filter(unit__region=region):
            self._by_key.setdefault(canonical_key(alias.name, region), units[alias.unit_id])

    def find(self, name: str) -> OrgUnit | None:
        return self._by_key.get(canonical_key(name, self.region))

    def get_or_create(self, name: str) -> OrgUnit:
        unit = self.find(name)
        if unit is None:
            name = compact(name)
            unit = OrgUnit.objects.create(region=self.region, name=name, is_collective=is_collective(name))
            alias = full_name(name, self.region)
            if alias:
                UnitAlias.objects.create(unit=unit, name=alias)
            self._by_key[canonical_key(name, self.region)] = unit
        return unit


@transaction.atomic
def merge_units(target: OrgUnit, duplicates) -> int:
    """Fold duplicate units into `target`: their tasks, aliases and names move to it. Returns how many merged."""
    merged = 0
    for dup in duplicates:
        if dup.pk == target.pk:
            continue
        for link_model in (TaskLeadUnit, TaskResponsibleUnit):
            taken = set(link_model.objects.filter(unit=target).values_list("task_id", flat=True))
            link_model.objects.filter(unit=dup, task_id__in=taken).delete()
            link_model.objects.filter(unit=dup).update(unit=target)
        known = {a.key for a in target.aliases.all()} | {compact(target.name)}
        for alias in list(dup.aliases.all()) + [UnitAlias(name=dup.name)]:
            if compact(alias.name) not in known:
                UnitAlias.objects.create(unit=target, name=alias.name)
                known.add(compact(alias.name))
        dup.aliases.all().delete()
        dup.delete()
        merged += 1
    return merged
