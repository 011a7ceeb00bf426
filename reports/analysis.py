"""A report's text turned into passages, facts and ranked matches, before anything is written."""
from dataclasses import dataclass, field
from collections import OrderedDict

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


# Building a matcher's index is the costly part (~75 ms for 500 tasks), so a worker keeps the matchers of
# the scopes it has seen, least recently used dropped first, up to this many candidates in all: an index
# takes ~25 KB a candidate, so ~150 MB at most, room for a city's districts sending reports in turn.
MATCHER_CACHE_CANDIDATES = 6000
_MATCHERS: OrderedDict = OrderedDict()


def _matcher(candidates: tuple, background: tuple = (), **params) -> Matcher:
    key = (candidates, background, tuple(sorted(params.items())))
    matcher = _MATCHERS.get(key)
    if matcher is not None:
        _MATCHERS.move_to_end(key)
        return matcher
    matcher = _MATCHERS[key] = Matcher(list(candidates), background=background, **params)
    held = sum(len(k[0]) for k in _MATCHERS)
    while held > MATCHER_CACHE_CANDIDATES and len(_MATCHERS) > 1:
        dropped, _ = _MATCHERS.popitem(last=False)
        held -= len(dropped[0])
    return matcher


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
