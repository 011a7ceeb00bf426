"""Which tasks (or indicators) a report passage is evidence for.

    matcher = Matcher([Candidate("task:12", "task", "提高科学民主依法决策水平。严格执行…"), …])
    verdict = matcher.judge(passage.norm, passage.heading)
    verdict.matches    # best first: key, score, the matched phrases of the passage (for highlighting)
    verdict.attached   # the keys the matcher attaches evidence to on its own
    verdict.is_evidence, verdict.cues   # does the passage report work done, and why (not)
    verdicts = matcher.judge_report([(p.norm, p.heading) for p in passages])   # a whole report: what ingest uses

The index is built once per batch (one Matcher per candidate kind); judge() takes text already
normalised for matching (reports.parsing.normalize) and never looks at the segmenter's internals.

Ranking: character-bigram TF-IDF cosine of the passage with each candidate, plus a fifth of the cosine
of its section headings (the heading path without the item's own title), which name the area of work
in words close to the plan's. Only sentences that may report work count: goals, plans and shortcomings
are left out (evidence_cues).

Attaching is a separate, stricter decision, because most passages are close to several tasks:
  * nothing when the passage does not report work (a plan, a list of shortcomings, a preamble);
  * the best candidate when its score clears an absolute floor (MIN_TOP), or when a work sentence on
    its own points at it (as below): a short item may report one concrete piece of work in a few words
    of the task's, among sentences that say little;
  * further candidates only when they come close to the best one (CLOSE), or when a work sentence of
    the passage points at them: its own best match with a clear cosine (SENTENCE), and with it what that
    sentence scores close to its best (CLOSE again). Long items cover several tasks, one sentence each;
  * one of the passage's best two candidates when a work sentence holds most of one clause of it (COVER
    of the clause's idf mass): a task lists several pieces of work, a passage often reports one of them,
    and the rest of the task's words pull its cosine down;
  * one of the passage's best five candidates when a work sentence states its title (TITLE of the title's
    idf mass): the title is the plan's own name for the work, and a report that names it, among other
    work in the same item, reports it;
  * with the whole report at hand (judge_report): each candidate on the report's passage most like it,
    when it ranks among that passage's best five and scores there what a close candidate needs at the
    floor (CLOSE × MIN_TOP). A report accounts for the plan's work item by item, so the passage that
    comes nearest to a task is, more often than not, where it is reported.
Only passages that report work get anything, and at most MAX_ATTACHED candidates each.
"""
import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache

from .evidence_cues import evidence_cues, section_path
from .tfidf import BigramIndex
from .tokens import CJK_RUN, bigram_spans, bigrams


@dataclass(frozen=True)
class Candidate:
    key: str  # "task:12", "indicator:2021-L3-001"
    kind: str  # "task" | "indicator"
    text: str  # normalised title + body


# Why a candidate was attached, as stored on the evidence (reports.models.EvidenceBasis has the labels).
BASIS_SCORE = "score"  # the passage as a whole scores it clearly (MIN_TOP, or close to the best: CLOSE)
BASIS_SENTENCE = "sentence"  # a work sentence points at it (SENTENCE)
BASIS_CLAUSE = "clause"  # a work sentence holds one of its clauses (COVER)
BASIS_REPORT = "report"  # the passage of the report nearest to it (judge_report)
BASIS_TITLE = "title"  # a work sentence states its title (TITLE)


@dataclass(frozen=True)
class Match:
    key: str
    score: float
    terms: tuple[str, ...]  # phrases of the passage text that matched, most specific first
    basis: str = ""  # why it was attached (BASIS_*); "" when it was not


@dataclass(frozen=True)
class PassageVerdict:
    matches: list[Match]  # best first, at most `top`
    attached: frozenset[str]
    is_evidence: bool
    cues: tuple[str, ...]  # why the passage does or does not report work


_PINYIN = re.compile(r"(?<=[\u3400-\u9fff])\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]{1,7}\)")


@lru_cache(maxsize=512)
def _heading_text(heading: str) -> str:
    """Headings may come as written (traditional, 關(guān)): bring them to the matching form of the text."""
    from checklist.parsing.text import to_simplified

    return to_simplified(_PINYIN.sub("", heading or ""))


@lru_cache(maxsize=256)  # the task and the indicator matcher read the same passages, a whole report each
def _passage_bigrams(norm_text: str, heading: str):
    """What scoring needs of a passage, whatever the candidates: its cues, the spans that count, their
    bigram counts (all, and per work sentence) and where each bigram starts. Read-only once made."""
    cues = evidence_cues(norm_text, heading)
    # A plan or a list of shortcomings is still ranked (for review), on all of its sentences.
    spans = cues.matching_spans() or [(0, len(norm_text))]
    work = {(s.start, s.end) for s in cues.sentences if s.kind == "work"}
    body = Counter()
    work_counts = []
    positions: dict[str, list[int]] = {}  # where each bigram starts: for the matched terms
    for start, end in spans:
        found = bigram_spans(norm_text[start:end])
        counts = Counter(g for _, g in found)
        body.update(counts)
        for pos, g in found:
            positions.setdefault(g, []).append(start + pos)
        if (start, end) in work and counts:
            work_counts.append(counts)
    return cues, spans, body, work_counts, positions


@dataclass
class _Scored:
    total: dict[int, float]  # ranking score per candidate index
    cosine: dict[int, float]  # the passage's own part of it (without its headings)
    sentence_bigrams: list[frozenset]  # per work sentence (or the whole passage when none): its bigrams
    sentence: list[dict[int, float]]  # per work sentence: its scores with the passage's best candidates
    spans: list[tuple[int, int]]  # the sentences that may support a match
    is_evidence: bool
    cues: tuple[str, ...]
    positions: dict[str, list[int]]  # bigram → where it starts in the matching sentences


class Matcher:
    METHOD = "bigram-tfidf-cues"
    VERSION = "4"

    # The few numbers the decisions rest on; bench/evidence_quality.py measures them, also leave-one-out.
    HEADING_WEIGHT = 0.2  # the heading path names the area, the passage the work
    MIN_TOP = 0.24  # cosine the best candidate needs before anything is attached, unless a sentence points at it
    CLOSE = 0.6  # another candidate is attached from this share of the best score on (passage or sentence)
    SENTENCE = 0.25  # …or when a work sentence on its own points at it with this cosine
    COVER = 0.5  # …or when a work sentence holds this share of one of its clauses (by idf)
    TITLE = 0.6  # …or when a work sentence holds this share of its title (by idf), among the best SENTENCE_POOL
    MAX_ATTACHED = 4
    COVER_RANK = 2  # the clause rule looks at the passage's best candidates only
    REPORT_RANK = 5  # the report rule attaches a candidate among the passage's best five (0: rule off)
    SENTENCE_POOL = 5  # a sentence's best match is looked for among the passage's best candidates
    MAX_TERMS = 8
    PARAMS = ("HEADING_WEIGHT", "MIN_TOP", "CLOSE", "SENTENCE", "COVER", "TITLE", "MAX_ATTACHED", "REPORT_RANK")

    def __init__(self, candidates: list[Candidate], background: tuple[str, ...] = (), **params):
        self.candidates = list(candidates)
        self.index = BigramIndex([c.text for c in self.candidates], tuple(background))
        self._set(params)

    def _set(self, params: dict) -> None:
        for name, value in params.items():
            if name not in self.PARAMS:
                raise TypeError(f"unknown parameter {name}")
            setattr(self, name, value)

    def tuned(self, **params) -> "Matcher":
        """The same index with other decision parameters (for measuring them)."""
        other = object.__new__(type(self))
        other.__dict__.update(self.__dict__)
        other._set(params)
        return other

    # ------------------------------------------------------------------ scoring
    def _score(self, norm_text: str, heading: str = "") -> _Scored:
        cues, spans, body, work_counts, positions = _passage_bigrams(norm_text, heading)
        index = self.index
        query = index.query(body)
        among = index.candidates(query[0])
        section = section_path(heading, norm_text) if heading and self.HEADING_WEIGHT else ""
        cosine = {i: index.cosine(query, i) for i in among}
        if section:  # the item's own title is in the text already: only the sections above it add context
            by_heading = self._heading_scores(section, among)
            weight = self.HEADING_WEIGHT
            total = {i: cosine[i] + weight * by_heading[i] for i in among}
        else:
            total = cosine
        total = {i: s for i, s in total.items() if s > 0.0}
        # Long items cover several tasks: each work sentence scored with the passage's best few.
        sentence: list[dict[int, float]] = []
        if work_counts and total:
            best_few = sorted(total, key=total.__getitem__, reverse=True)[: self.SENTENCE_POOL]
            for counts in work_counts:
                scores = index.scores(index.query(counts), best_few)
                if scores:
                    sentence.append(scores)
        sentence_bigrams = [frozenset(c) for c in work_counts] or [frozenset(body)]
        return _Scored(total, cosine, sentence_bigrams, sentence, spans, cues.is_evidence, cues.cues, positions)

    def _heading_scores(self, section: str, among) -> dict[int, float]:
        """Cosine of the section headings with the candidates; the passages of a section share them."""
        cache = self.__dict__.setdefault("_heading_cache", {})
        entry = cache.get(section)
        if entry is None:
            if len(cache) > 256:
                cache.clear()
            entry = cache[section] = (self.index.query(Counter(bigrams(_heading_text(section)))), {})
        query, scores = entry
        for i in among:
            if i not in scores:
                scores[i] = self.index.cosine(query, i)
        return scores

    def _attach(self, scored: _Scored, ranked: list[int], also: set[int] = frozenset()) -> list[int]:
        return list(self._attach_with_basis(scored, ranked, also))

    def _attach_with_basis(self, scored: _Scored, ranked: list[int], also: set[int] = frozenset()) -> dict[int, str]:
        """What one passage gets, in order, each with why (BASIS_*): the rules above; `also`, what the
        report rule adds."""
        if not scored.is_evidence or not ranked:
            return {}
        out = self._attach_by_score(scored, ranked)
        covered = {i for i in ranked[: self.COVER_RANK] if self._covers(scored, i)}
        titled = {i for i in ranked[: self.SENTENCE_POOL] if i not in out and self._states_title(scored, i)}
        for i in ranked:  # in the passage's own order, after what the scores attached
            if len(out) >= self.MAX_ATTACHED:
                break
            if i in out:
                continue
            if i in covered:
                out[i] = BASIS_CLAUSE
            elif i in titled:
                out[i] = BASIS_TITLE
            elif i in also:
                out[i] = BASIS_REPORT
        return out

    def _attach_by_score(self, scored: _Scored, ranked: list[int]) -> dict[int, str]:
        # what the work sentences point at on their own: each one's best match with a clear cosine, and
        # what that sentence scores close to its best
        pointed: set[int] = set()
        for scores in scored.sentence:
            top = max(scores.values())
            if top >= self.SENTENCE:
                pointed.update(i for i, s in scores.items() if s == top or s >= self.CLOSE * top)
        best = scored.total[ranked[0]]
        if best < self.MIN_TOP and ranked[0] not in pointed:
            return {}
        out = {ranked[0]: BASIS_SCORE if best >= self.MIN_TOP else BASIS_SENTENCE}
        for i in ranked[1:]:
            if len(out) >= self.MAX_ATTACHED:
                break
            if scored.total[i] >= self.CLOSE * best:
                out[i] = BASIS_SCORE
            elif i in pointed:
                out[i] = BASIS_SENTENCE
        return out

    def _clauses(self, i: int) -> list[tuple[frozenset, float]]:
        """Candidate i cut at 。；，： (not at 、: a list of items is one clause): each clause's bigrams and their
        idf mass. Made on first use: most candidates never rank among a passage's best two."""
        cache = self.__dict__.setdefault("_clause_cache", {})
        if i not in cache:
            idf, seen, out = self.index.idf, set(), []
            for part in _CLAUSE_END.split(self.candidates[i].text):
                grams = frozenset(g for g in bigrams(part) if g in idf)
                if len(grams) >= 2 and grams not in seen:
                    seen.add(grams)
                    out.append((grams, sum(idf[g] for g in grams)))
            cache[i] = out
        return cache[i]

    def _covers(self, scored: _Scored, i: int) -> bool:
        """A work sentence holds at least COVER of the idf mass of one clause of candidate i."""
        idf = self.index.idf
        for grams, mass in self._clauses(i):
            for sentence in scored.sentence_bigrams:
                shared = grams & sentence
                if shared and sum(map(idf.__getitem__, shared)) >= self.COVER * mass:
                    return True
        return False

    def _title(self, i: int) -> tuple[frozenset, float]:
        """Candidate i's title (its text up to the first 。: candidates are written "title。text"): its bigrams
        and their idf mass."""
        cache = self.__dict__.setdefault("_title_cache", {})
        if i not in cache:
            idf = self.index.idf
            grams = frozenset(g for g in bigrams(self.candidates[i].text.split("。", 1)[0]) if g in idf)
            cache[i] = (grams, sum(idf[g] for g in grams))
        return cache[i]

    def _states_title(self, scored: _Scored, i: int) -> bool:
        """A work sentence holds at least TITLE of the idf mass of candidate i's title."""
        grams, mass = self._title(i)
        if len(grams) < 2:
            return False
        idf = self.index.idf
        for sentence in scored.sentence_bigrams:
            shared = grams & sentence
            if shared and sum(map(idf.__getitem__, shared)) >= self.TITLE * mass:
                return True
        return False

    def _report_extras(self, scored: list[_Scored]) -> list[set[int]]:
        """The report rule: per passage, the candidates for which it is the report's nearest passage."""
        extras: list[set[int]] = [set() for _ in scored]
        if not self.REPORT_RANK:
            return extras
        nearest: dict[int, tuple[float, int]] = {}  # candidate → (cosine, passage) of its nearest work passage
        for k, s in enumerate(scored):
            if not s.is_evidence:
                continue
            for i in s.total:
                if s.cosine[i] > nearest.get(i, (0.0, -1))[0]:
                    nearest[i] = (s.cosine[i], k)
        floor = self.CLOSE * self.MIN_TOP
        best_few: dict[int, set[int]] = {}  # passage → its best REPORT_RANK candidates, ranked once
        for i, (_, k) in nearest.items():
            if k not in best_few:
                best_few[k] = set(_ranked(scored[k])[: self.REPORT_RANK])
            if scored[k].total[i] >= floor and i in best_few[k]:
                extras[k].add(i)
        return extras

    # ------------------------------------------------------------------ terms
    def _terms(self, norm_text: str, i: int, positions: dict[str, list[int]]) -> tuple[str, ...]:
        """Maximal phrases of the passage whose every bigram occurs in candidate i, most specific first.

        Overlapping matched bigrams make one phrase (人大 + 大代 + 代表 → 人大代表); a phrase weighs
        the idf of its bigrams, so the words every candidate has (推进, 建设) come last or drop out."""
        idf = self.index.idf
        shared = self.index.vocab[i] & positions.keys()
        if not shared:
            return ()
        starts = sorted([(pos, g) for g in shared for pos in positions[g]])
        phrases: dict[str, float] = {}
        run_start = run_end = -1
        weight = 0.0
        for pos, g in starts + [(-9, "")]:
            if pos == run_end - 1:  # overlaps the run by one character: extend it
                run_end, weight = pos + 2, weight + idf[g]
                continue
            if run_start >= 0:
                phrase = norm_text[run_start:run_end]
                phrases[phrase] = max(phrases.get(phrase, 0.0), weight)
            if g:
                run_start, run_end, weight = pos, pos + 2, idf[g]
        if not phrases:
            return ()
        ranked = sorted(phrases.items(), key=lambda kv: (-kv[1], kv[0]))
        floor = ranked[0][1] * 0.25  # a generic two-character overlap next to a real phrase is noise
        return tuple(p for p, w in ranked[: self.MAX_TERMS] if w >= floor)

    # ------------------------------------------------------------------ API
    def judge(self, norm_text: str, heading: str = "", top: int = 5) -> PassageVerdict:
        """One passage on its own (the report rule needs the whole report: judge_report)."""
        return self.judge_report([(norm_text, heading)], top=top, whole_report=False)[0]

    def judge_report(self, passages: list[tuple[str, str]], top: int = 5, whole_report: bool = True
                     ) -> list[PassageVerdict]:
        """Every passage of a report, given as (normalised text, heading), in the report's order."""
        texts = [(norm_text or "", heading) for norm_text, heading in passages]
        scored = [self._score(t, h) if self.candidates and CJK_RUN.search(t) else None for t, h in texts]
        kept = [s for s in scored if s is not None]
        extras = iter(self._report_extras(kept) if whole_report else [set() for _ in kept])
        return [self._verdict(t, s, next(extras), top) if s is not None else self._empty()
                for (t, _), s in zip(texts, scored)]

    def decide(self, scored: list[_Scored]) -> list[list[int]]:
        """What judge_report attaches, from scores already made (the benchmark measures parameters this way)."""
        extras = self._report_extras(scored)
        return [self._attach(s, _ranked(s), also) for s, also in zip(scored, extras)]

    def _empty(self) -> PassageVerdict:
        return PassageVerdict([], frozenset(), False, ("无中文内容",) if self.candidates else ())

    def _verdict(self, norm_text: str, scored: _Scored, also: set[int], top: int) -> PassageVerdict:
        ranked = _ranked(scored)
        attached = self._attach_with_basis(scored, ranked, also)
        keep = set(ranked[:top]) | set(attached)
        shown = [i for i in ranked if i in keep]
        matches = [Match(self.candidates[i].key, round(scored.total[i], 4), self._terms(norm_text, i, scored.positions),
                         attached.get(i, "")) for i in shown]
        return PassageVerdict(
            matches=matches,
            attached=frozenset(self.candidates[i].key for i in attached),
            is_evidence=scored.is_evidence,
            cues=scored.cues,
        )


_CLAUSE_END = re.compile(r"[。；，：;,:]")


def _ranked(scored: _Scored) -> list[int]:
    return sorted(scored.total, key=lambda i: (-scored.total[i], i))
