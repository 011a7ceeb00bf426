"""Character units of normalised Chinese text: bigrams and sentences.

Chinese has no spaces between words and a word segmenter (jieba) did not match better than plain
character bigrams on the gold labels, so every unit here is cut from runs of Chinese characters.
Punctuation, digits and Latin letters end a run: a bigram never spans "、" or a number.
"""
import re

CJK_RUN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]+")
# Sentence ends of the normalised text (normalize_for_matching keeps ，；：！？ wide and 。 as is).
_SENTENCE = re.compile(r"[^。；;！？!?\n]+[。；;！？!?]*")


def bigrams(text: str) -> list[str]:
    """Every pair of adjacent Chinese characters, in order, repeats kept."""
    out = []
    for m in CJK_RUN.finditer(text):
        run = m.group()
        out.extend(run[i:i + 2] for i in range(len(run) - 1))
    return out


def bigram_spans(text: str) -> list[tuple[int, str]]:
    """(offset, bigram) for every bigram of the text; offsets index the text itself."""
    out = []
    for m in CJK_RUN.finditer(text):
        run, start = m.group(), m.start()
        out.extend((start + i, run[i:i + 2]) for i in range(len(run) - 1))
    return out


def sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence: up to and including 。；！？ or a line end."""
    return [m.span() for m in _SENTENCE.finditer(text) if m.group().strip()]
