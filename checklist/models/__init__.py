from .jobs import ImportJob
from .indicators import Indicator, IndicatorSystem
from .plans import Plan, PlanSection, Task, TaskLeadUnit, TaskResponsibleUnit, TaskStatus
from .regions import OrgUnit, Region, UnitAlias

__all__ = [
    "ImportJob",
    "Indicator",
    "IndicatorSystem",
    "OrgUnit",
    "Plan",
    "PlanSection",
    "Region",
    "Task",
    "TaskLeadUnit",
    "TaskResponsibleUnit",
    "TaskStatus",
    "UnitAlias",
]
