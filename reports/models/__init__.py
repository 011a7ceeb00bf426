from .evidence import Evidence, EvidenceBasis, EvidenceKind, EvidenceState
from .gaps import Gap, GapState, Reminder
from .passages import Fact, Passage
from .reports import AnnualReport, ReportStatus

__all__ = [
    "AnnualReport",
    "Evidence",
    "EvidenceBasis",
    "EvidenceKind",
    "EvidenceState",
    "Fact",
    "Gap",
    "GapState",
    "Passage",
    "Reminder",
    "ReportStatus",
]
