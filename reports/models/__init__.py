from .evidence import Evidence, EvidenceKind, EvidenceState
from .gaps import Gap, GapState, Reminder
from .passages import Fact, Passage
from .reports import AnnualReport, ReportStatus

__all__ = [
    "AnnualReport",
    "Evidence",
    "EvidenceKind",
    "EvidenceState",
    "Fact",
    "Gap",
    "GapState",
    "Passage",
    "Reminder",
    "ReportStatus",
]
