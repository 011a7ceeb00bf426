"""A report's text turned into passages, facts and ranked matches, before anything is written."""
from dataclasses import dataclass, field
from functools import lru_cache

from .candidates import Scope
from .matching import Matcher
from .parsing.facts import extract_facts
from .parsing.segment import split_report

TOP_MATCHES = 5


@dataclass
class PassageAnalysis:
    passage: object  # reports.parsing.segment.ParsedPassage
    facts: list  # ParsedFact with offsets into the report text
    tasks: list  # Match, best first
    indicators: list
    attached: frozenset = field(default_factory=frozenset)


@dataclass
class ReportAnalysis:
    title: str
    passages: list[PassageAnalysis]
    method: str
    method_version: str


@lru_cache(maxsize=8)
def _matcher(candidates: tuple, background: tuple = ()) -> Matcher:
    # Building the index is the costly part; a worker reuses it for every report of the same scope.
    return Matcher(list(candidates), background=background)


def analyse(text: str, scope: Scope) -> ReportAnalysis:
    segmented = split_report(text)
    tasks = tuple(c for c in scope.candidates if c.kind == "task")
    indicators = tuple(c for c in scope.candidates if c.kind == "indicator")
    task_matcher = _matcher(tasks)
    # Indicators weigh words against the tasks too: a partly loaded system has too few texts for idf.
    indicator_matcher = _matcher(indicators, tuple(c.text for c in tasks))
    out = []
    for p in segmented.passages:
        facts = [_shift(f, p.start) for f in extract_facts(p.text)]
        by_task = task_matcher.judge(p.norm, p.heading, top=TOP_MATCHES)
        by_indicator = indicator_matcher.judge(p.norm, p.heading, top=TOP_MATCHES)
        out.append(
            PassageAnalysis(
                passage=p,
                facts=facts,
                tasks=list(by_task.matches),
                indicators=list(by_indicator.matches),
                attached=frozenset(by_task.attached) | frozenset(by_indicator.attached),
            )
        )
    return ReportAnalysis(segmented.title, out, Matcher.METHOD, str(Matcher.VERSION))


def _shift(fact, offset: int):
    from dataclasses import replace

    return replace(fact, start=fact.start + offset, end=fact.end + offset)
