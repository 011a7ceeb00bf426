"""Small builders for the gap, reminder and gap-admin tests: just the rows each test needs."""
import datetime
from decimal import Decimal

from checklist.models import Indicator, IndicatorSystem, OrgUnit, Plan, Region, Task, TaskLeadUnit, TaskStatus
from reports.models import AnnualReport, Evidence, EvidenceKind, EvidenceState, Fact, Passage

TODAY = datetime.date(2025, 6, 30)  # with the default 3 years the assessment period starts in 2022


def default_rule_settings(settings) -> None:
    """The defaults the tests are written for, whatever the machine's environment says."""
    settings.LAWGOV_GAP_PERIOD_YEARS = 3
    settings.LAWGOV_GAP_PERIOD_START = None
    settings.LAWGOV_UNIT_OVERDUE_LIMIT = 3
    settings.LAWGOV_FACT_TARGETS = {
        "行政机关负责人出庭应诉率": 100,
        "法律顾问覆盖率": 100,
        "规范性文件备案审查率": 100,
        "合法性审核率": 100,
    }


def region(name="东河区", parent=None) -> Region:
    return Region.objects.create(name=name, parent=parent)


def unit(region, name, email="", contact="", collective=False) -> OrgUnit:
    return OrgUnit.objects.create(
        region=region, name=name, contact_email=email, contact_name=contact, is_collective=collective
    )


def plan(region, year=2024, title=None, system=None) -> Plan:
    return Plan.objects.create(
        region=region, year=year, title=title or f"{region.name}{year}年度法治政府建设工作计划", indicator_system=system
    )


def task(plan, number, title=None, leads=(), due=None, status=TaskStatus.IN_PROGRESS, indicators=()) -> Task:
    task = Task.objects.create(
        plan=plan, number=number, title=title or f"第{number}项工作任务", due_date=due, status=status
    )
    for position, lead in enumerate(leads):
        TaskLeadUnit.objects.create(task=task, unit=lead, position=position)
    if indicators:
        task.indicators.set(indicators)
    return task


def system(leaves=2, name="市县法治政府建设示范指标体系", version="2021") -> tuple[IndicatorSystem, list[Indicator]]:
    """A system with one 一级 and one 二级 indicator above `leaves` 三级 indicators."""
    system = IndicatorSystem.objects.create(name=name, version=version)
    top = Indicator.objects.create(system=system, code=f"{version}-L1-01", level=1, number="一", name="政府职能依法全面履行", position=0)
    mid = Indicator.objects.create(system=system, parent=top, code=f"{version}-L2-01", level=2, number="1", name="依法全面履行政府职能", position=1)
    items = [
        Indicator.objects.create(
            system=system, parent=mid, code=f"{version}-L3-{i:03d}", level=3, number=str(i),
            name=f"三级指标{i}", expected_materials="权责清单文件" if i == 1 else "", position=1 + i,
        )
        for i in range(1, leaves + 1)
    ]  # fmt: skip
    return system, items


def report(region, year, title=None, text="全年工作情况。") -> AnnualReport:
    return AnnualReport.objects.create(region=region, year=year, title=title if title is not None else f"{region.name}{year}年法治政府建设情况报告", text=text)


def passage(report, index=1, text="全年工作情况。") -> Passage:
    return Passage.objects.create(report=report, index=index, text=text, start=0, end=len(text))


def evidence(task=None, indicator=None, year=2024, state=EvidenceState.SUGGESTED, report=None, kind=EvidenceKind.PASSAGE) -> Evidence:
    return Evidence.objects.create(task=task, indicator=indicator, year=year, state=state, report=report, kind=kind)


def fact(report, metric, value, quote=None, is_rate=True, index=1) -> Fact:
    quote = quote or f"{metric}达到{value}%"
    found = passage(report, index=index, text=quote)
    return Fact.objects.create(
        report=report, passage=found, metric=metric, value=Decimal(str(value)), unit="%" if is_rate else "件",
        is_rate=is_rate, quote=quote, start=0, end=len(quote),
    )  # fmt: skip
