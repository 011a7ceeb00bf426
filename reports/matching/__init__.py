"""Matching report passages to plan tasks and indicators (pure Python, no database)."""
from .matcher import Candidate, Match, Matcher, PassageVerdict

__all__ = ["Candidate", "Match", "Matcher", "PassageVerdict"]
