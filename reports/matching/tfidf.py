"""Character-bigram TF-IDF vectors of the candidates, and their cosine with a passage, computed sparsely.

Cosine similarity rather than BM25: its scores are bounded (0..1) and do not grow with the passage's
length, so one threshold means the same for a two-line item and a half-page one; on the gold labels it
also ranked better (see bench/README.md, "Evidence quality").

Speed (500 tasks, a passage of 300 characters, pure Python): the bigrams that many tasks share (推进,
建设, 行政) would make every passage touch every candidate. So candidates are first screened on the
uncommon bigrams alone (found in at most RARE of them, short postings), and only the SHORTLIST best of
that screen get their exact cosine, a set intersection and a sum over it, both done in C.
"""
import heapq
import math
from collections import Counter

from .tokens import bigrams

RARE = 0.05  # share of the candidates: a bigram found in more of them does not make a candidate worth scoring
SHORTLIST = 20  # candidates scored exactly per query; far more than are ever shown or attached


class BigramIndex:
    def __init__(self, texts: list[str], background: tuple[str, ...] = ()):
        """`background`: more texts of the same kind that count for idf only. A handful of candidates (an
        indicator system only partly loaded) cannot tell 行政 from 中介服务 on its own."""
        self.size = len(texts)
        counts = [Counter(bigrams(t)) for t in texts]
        df = Counter(g for c in counts for g in c)
        df.update(g for t in background for g in set(bigrams(t)))
        total = self.size + len(background)
        # log(1 + N/df): a bigram in every text still weighs log 2, one in a single text log(1 + N)
        self.idf = {g: math.log(1 + total / n) for g, n in df.items()}
        limit = max(3, RARE * self.size)
        # uncommon bigram → [(candidate, weight)]: the screen
        self.rare: dict[str, list[tuple[int, float]]] = {}
        # per candidate: bigram → idf × (its unit-vector weight), so that a cosine is one sum over shared bigrams
        self.weights: list[dict[str, float]] = []
        self.vocab: list[frozenset[str]] = []
        for i, c in enumerate(counts):
            vec = {g: (1 + math.log(f)) * self.idf[g] for g, f in c.items()}
            norm = math.sqrt(sum(v * v for v in vec.values())) or 1.0
            weights = {g: self.idf[g] * v / norm for g, v in vec.items()}
            self.weights.append(weights)
            self.vocab.append(frozenset(c))
            for g, w in weights.items():
                if df[g] <= limit:
                    self.rare.setdefault(g, []).append((i, w))

    def query(self, counts: Counter) -> tuple[frozenset, dict[str, float], float]:
        """(bigrams known to the candidates, extra weight of repeated ones, 1/|query vector|)."""
        idf = self.idf
        known = frozenset(counts.keys() & idf.keys())
        extra = {g: math.log(counts[g]) for g in known if counts[g] > 1}
        norm = math.sqrt(sum(((1 + extra.get(g, 0.0)) * idf[g]) ** 2 for g in known))
        return known, extra, (1 / norm if norm else 0.0)

    def candidates(self, known: frozenset, shortlist: int = SHORTLIST) -> set[int]:
        """The candidates worth an exact score: the best by their uncommon bigrams shared with the query."""
        rare = self.rare
        acc: dict[int, float] = {}
        get = acc.get
        for g in known & rare.keys():
            for i, w in rare[g]:
                acc[i] = get(i, 0.0) + w
        if len(acc) <= shortlist:
            return set(acc)
        return set(heapq.nlargest(shortlist, acc, key=acc.__getitem__))

    def cosine(self, query, i: int) -> float:
        known, extra, inv = query
        shared = known & self.vocab[i]
        if not shared:
            return 0.0
        w = self.weights[i]
        total = sum(map(w.__getitem__, shared))
        if extra:
            total += sum(extra[g] * w[g] for g in shared & extra.keys())
        return total * inv

    def scores(self, query, among) -> dict[int, float]:
        cosine = self.cosine
        out = {}
        for i in among:
            s = cosine(query, i)
            if s > 0.0:
                out[i] = s
        return out
