"""Text for matching, with a map back to the original so highlights and figures point at the report as written.

Scraped reports come with traditional characters, pinyin after characters (關(guān)於), full-width digits,
spaces from PDF extraction and bytes that no longer decode. The matching text irons all of that out; the map
says, for each character of the matching text, where it came from in the original.
"""
import re
from bisect import bisect_right
from functools import lru_cache
from pathlib import Path

from checklist.parsing.text import _traditional_chars

CJK = "\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\U00020000-\U0003134f"
# Chinese punctuation, full-width forms and quotes: a space next to one of these is layout, not a word gap.
CJK_PUNCT = "\u3000-\u303f\uff01-\uff0f\uff1a-\uff20\uff3b-\uff40\uff5b-\uff65“”‘’—…·《》「」『』【】〔〕"

# Length-preserving folds (the map stays one to one): full-width ASCII to half width, except the Chinese
# sentence punctuation ，。；：！？ that the segmenter relies on; brackets as in checklist.parsing.text.normalize.
_KEEP_WIDE = set("，；：！？")
_FOLD = {cp: cp - 0xFEE0 for cp in range(0xFF01, 0xFF5F) if chr(cp) not in _KEEP_WIDE}
_FOLD.update({ord(k): v for k, v in {
    "【": "[", "】": "]", "〔": "[", "〕": "]", "\u3000": " ", "\u00a0": " ", "\t": " ",
    "\u2028": "\n", "\u2029": "\n", "\u2002": " ", "\u2003": " ", "\u2009": " ", "\u202f": " ",
    "─": "—",  # box drawing, typed for the dash before an item ("──深化简政放权") in some Word files
}.items()})

_TONED = "āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜüńňǹḿ"
# One pinyin syllable; used when the annotation has no tone mark (neutral tone: 們(men)).
_SYLLABLE = re.compile(
    r"(?:[bpmfdtnlgkhjqxrzcsyw]|zh|ch|sh)?"
    r"(?:a|ai|an|ang|ao|e|ei|en|eng|er|o|ong|ou|i|ia|ian|iang|iao|ie|in|ing|iong|iu|"
    r"u|ua|uai|uan|uang|ui|un|uo|v|ve|ue|ü|üe)"
)
_TONE_BASE = str.maketrans("āáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜ", "aaaaeeeeiiiioooouuuuvvvv")

_SPACE = "[ \u2000-\u200a\u205f]+"
_JUNK = "[\ufffd\u200b-\u200f\u2060\ufeff\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\ue000-\uf8ff]+"
_PINYIN = rf"[(]([a-z{_TONED}\u0300-\u036f]{{1,7}})[)]"
_PATTERN = re.compile(rf"(?P<crlf>\r\n?)|(?P<pinyin>{_PINYIN})|(?P<junk>{_JUNK})|(?P<space>{_SPACE})")
_TO_FOLD = re.compile("[" + "".join(re.escape(chr(c)) for c in sorted(_FOLD)) + "]+")
# ASCII , ; : in Chinese text → ，；： (length-preserving); not between ASCII letters or digits (1,000; A:B)
_WIDENED = re.compile(r"(?<=[0-9A-Za-z])[，；：](?=[0-9A-Za-z ])")
_IS_CJK = re.compile(f"[{CJK}]")
_IS_CJK_OR_PUNCT = re.compile(f"[{CJK}{CJK_PUNCT}\n]")
_WIDE_PUNCT = {",": "，", ";": "；", ":": "："}
# A full stop typed as "." after Chinese text (English punctuation on, or lost in conversion); not 3.5, 1., www.x
_HALF_STOP = re.compile(r"(?<=[\u3400-\u9fff\uf900-\ufaff”’）)》」』])\.(?![0-9A-Za-z.])")


def _is_pinyin(word: str) -> bool:
    if any(c in _TONED or "\u0300" <= c <= "\u036f" for c in word):
        return True
    return bool(_SYLLABLE.fullmatch(word.translate(_TONE_BASE)))


# Separators the OpenCC converter splits its input on before converting; no dictionary entry spans one.
_SEPARATOR = re.compile(
    r"[\s\-,.?!*　，。、；：？！…“”‘’『』「」﹁﹂—－（）《》〈〉～．／＼︒︑︔︓︿﹀︹︺︙︐［﹇］﹈︕︖︰︳︴︽︾︵︶｛︷｝︸﹃﹄【︻】︼]")


_CLAUSE = re.compile(rf"[^{_SEPARATOR.pattern[1:-1]}]+")


@lru_cache(maxsize=1)
def _t2s_tables() -> tuple[dict, dict, dict, frozenset]:
    """OpenCC's t2s dictionaries: characters (as a str.translate table) and phrases, first candidate each."""
    import opencc

    folder = Path(opencc.__file__).parent / "dictionary"

    def load(name: str) -> dict[str, str]:
        with open(folder / name, encoding="utf-8") as fh:
            pairs = (line.strip().split("\t") for line in fh if line.strip())
            return {key: value.split(" ")[0] for key, value in pairs}

    chars = {ord(k): v for k, v in load("TSCharacters.txt").items() if len(k) == 1}
    phrases = load("TSPhrases.txt")
    lengths: dict[str, set[int]] = {}  # first character → lengths of the phrases it starts
    for key in phrases:
        lengths.setdefault(key[0], set()).add(len(key))
    # phrases without a convertible character that still change (沈默 → 沉默): their clauses need a look too
    plain = frozenset("".join(k for k, v in phrases.items() if k != v and _traditional_chars().isdisjoint(k)))
    return chars, phrases, lengths, plain


def _phrases_in(clause: str, phrases: dict, lengths: dict) -> list[tuple[int, int]]:
    """OpenCC's choice of phrases in one clause: the longest anywhere first (leftmost if tied), then the
    same in the text left and right of it."""
    found = [(i, n) for i, c in enumerate(clause) if c in lengths for n in lengths[c] if clause[i:i + n] in phrases]
    chosen: list[tuple[int, int]] = []

    def pick(a: int, b: int) -> None:
        best = None
        for i, n in found:
            if a <= i and i + n <= b and (best is None or n > best[1] or (n == best[1] and i < best[0])):
                best = (i, n)
        if best:
            pick(a, best[0])
            chosen.append(best)
            pick(best[0] + best[1], b)

    pick(0, len(clause))
    return chosen


def _positions(text: str, char: str) -> list[int]:
    found, at = [], text.find(char)
    while at >= 0:
        found.append(at)
        at = text.find(char, at + 1)
    return found


def _simplified(text: str) -> str:
    """to_simplified(text), computed the same way OpenCC does but with a translate table for characters: the
    converter is slow (~3 ms per 1,000 characters) and scraped reports may be wholly traditional."""
    hits = _traditional_chars().intersection(text)
    if not hits:
        return text
    chars, phrases, lengths, plain = _t2s_tables()
    if len(hits) > 20:
        converted = text.translate(chars)
    else:  # a simplified text with a few convertible characters (覆): replacing them is much faster
        converted = text
        for char in hits:
            converted = converted.replace(char, chars.get(ord(char), char))
    # phrases can only apply in clauses with a convertible character (or one of the few plain phrases)
    triggers = hits | plain.intersection(text)
    if len(triggers) > 20:
        clauses = [(m.start(), m.end()) for m in _CLAUSE.finditer(text)]
    else:
        seps = [m.start() for m in _SEPARATOR.finditer(text)]
        clauses = []
        for at in sorted(at for c in triggers for at in _positions(text, c)):
            if clauses and at < clauses[-1][1]:
                continue
            i = bisect_right(seps, at)
            clauses.append((seps[i - 1] + 1 if i else 0, seps[i] if i < len(seps) else len(text)))
    pieces, pos = [], 0
    for start, end in clauses:
        clause = text[start:end]
        if lengths.keys().isdisjoint(clause):
            continue
        for i, n in _phrases_in(clause, phrases, lengths):
            pieces += [converted[pos:start + i], phrases[clause[i:i + n]]]
            pos = start + i + n
    pieces.append(converted[pos:])
    result = "".join(pieces)
    # every t2s entry maps to one of the same length, which keeps the map one to one; if a dictionary
    # update ever breaks that, fall back to the unconverted characters
    return result if len(result) == len(text) else text


@lru_cache(maxsize=2)  # a report is fingerprinted and then split: its text is normalised once (read-only result)
def normalize_with_map(text: str) -> tuple[str, list[int]]:
    """Matching text and, for each of its characters, the index of the original character it came from.

    Folds full width to half width (not ，。；：！？), traditional to simplified, drops pinyin annotations
    (關(guān)於 → 关于), replacement and control characters, spaces next to Chinese characters or punctuation;
    other runs of spaces become one space; line ends become \\n; "," ";" ":" in Chinese text become
    ，；： (not between ASCII letters or digits: 1,000), and "." after Chinese text becomes 。 (not 3.5 or 1.).
    """
    if not text:
        return "", []
    folded = _TO_FOLD.sub(lambda m: m.group().translate(_FOLD), text)
    if "," in folded or ";" in folded or ":" in folded:
        source = folded
        for ascii_mark, wide in _WIDE_PUNCT.items():
            folded = folded.replace(ascii_mark, wide)
        folded = _WIDENED.sub(lambda m: source[m.start()], folded)
    if "." in folded:
        folded = _HALF_STOP.sub("。", folded)
    folded = _simplified(folded)
    out: list[str] = []
    index: list[int] = []
    pos = 0
    n = len(folded)
    for m in _PATTERN.finditer(folded):
        start, end = m.span()
        kind = m.lastgroup
        before = folded[start - 1] if start else "\n"
        after = folded[end] if end < n else "\n"
        if kind == "crlf":
            repl = "\n"
        elif kind == "pinyin":
            # 關(guān): after a Chinese character, or any syllable with a tone mark (garbled character + pinyin)
            word = m.group(2)
            if not ((_IS_CJK.match(before) and _is_pinyin(word)) or any(c in _TONED for c in word)):
                continue
            repl = ""
        elif kind == "junk":
            repl = ""
        else:  # space
            repl = "" if (_IS_CJK_OR_PUNCT.match(before) or _IS_CJK_OR_PUNCT.match(after)) else " "
        if start > pos:
            out.append(folded[pos:start])
            index.extend(range(pos, start))
        if repl:
            out.append(repl)
            index.extend([start] * len(repl))
        pos = end
    if pos < n:
        out.append(folded[pos:])
        index.extend(range(pos, n))
    return "".join(out), index


def normalize_for_matching(text: str) -> str:
    """normalize_with_map without the map: the text that passages, tasks and indicators are compared in."""
    return normalize_with_map(text)[0]


def original_span(index: list[int], start: int, end: int, original_length: int) -> tuple[int, int]:
    """Original [start, end) of the matching-text slice [start, end); annotations after the last character
    (報(bào)) stay with it, because the end is where the next kept character begins."""
    if start >= end:
        at = index[start] if start < len(index) else original_length
        return at, at
    o_start = index[start]
    o_end = index[end] if end < len(index) else original_length
    return o_start, max(o_end, index[end - 1] + 1)
