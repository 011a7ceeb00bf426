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
def _matcher(candidates: tuple, background: tuple = (), **params) -> Matcher:
    # Building the index is the costly part; a worker reuses it for every report of the same scope.
    return Matcher(list(candidates), background=background, **params)


def analyse(text: str, scope: Scope) -> ReportAnalysis:
    segmented = split_report(text)
    tasks = tuple(c for c in scope.candidates if c.kind == "task")
    indicators = tuple(c for c in scope.candidates if c.kind == "indicator")
    task_matcher = _matcher(tasks)
    # Indicators weigh words against the tasks too: a partly loaded system has too few texts for idf. The
    # report rule (each candidate on its nearest passage) was measured on tasks only; with a few indicators
    # loaded it would hand each one a passage, so indicators go without it.
    indicator_matcher = _matcher(indicators, tuple(c.text for c in tasks), REPORT_RANK=0)
    texts = [(p.norm, p.heading) for p in segmented.passages]
    task_verdicts = task_matcher.judge_report(texts, top=TOP_MATCHES)
    indicator_verdicts = indicator_matcher.judge_report(texts, top=TOP_MATCHES)
    out = []
    for p, by_task, by_indicator in zip(segmented.passages, task_verdicts, indicator_verdicts):
        facts = [_shift(f, p.start) for f in extract_facts(p.text)]
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
