"""Plain character-bigram BM25 (passage as query, candidates as documents): the baseline the matcher is
measured against in bench/evidence_quality.py. Not used by the product."""
import math
from collections import Counter

from .tokens import bigrams


class BM25:
    def __init__(self, texts: list[str], k1: float = 1.2, b: float = 0.75):
        counts = [Counter(bigrams(t)) for t in texts]
        self.size = len(texts)
        df = Counter(g for c in counts for g in c)
        avg = sum(sum(c.values()) for c in counts) / max(self.size, 1) or 1.0
        idf = {g: math.log((self.size - n + 0.5) / (n + 0.5) + 1) for g, n in df.items()}
        self.postings: dict[str, list[tuple[int, float]]] = {}
        for i, c in enumerate(counts):
            norm = k1 * (1 - b + b * sum(c.values()) / avg)
            for g, f in c.items():
                self.postings.setdefault(g, []).append((i, idf[g] * f * (k1 + 1) / (f + norm)))

    def scores(self, text: str) -> dict[int, float]:
        acc: dict[int, float] = {}
        for g in set(bigrams(text)):
            for i, w in self.postings.get(g, ()):
                acc[i] = acc.get(i, 0.0) + w
        return acc
