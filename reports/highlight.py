"""Showing staff why a passage matched: the matched terms marked in the passage as it was written.

Matched terms are stored in normalised form (simplified characters, no pinyin annotations, folded
widths), while staff must see the original text, e.g. 十堰's report in traditional characters. So the
terms are looked for in the normalised text and the hits are mapped back to the original spans.
"""
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from .parsing.normalize import normalize_with_map, original_span

ELLIPSIS = "…"


def highlight_html(original_text: str, terms, around: int | None = None) -> SafeString:
    """The text, HTML-escaped, with each span whose normalised form is one of `terms` in <mark>.

    Overlapping or adjacent hits become one mark. With `around`, only the marks and `around`
    characters either side of them are kept (… between), so a long passage stays readable in a list.
    """
    original_text = original_text or ""
    spans = _merge(_find_spans(original_text, terms or ()))
    if around is None:
        return mark_safe(_render(original_text, spans, 0, len(original_text)))
    return mark_safe(_excerpt(original_text, spans, around))


def _comparable(text: str) -> tuple[str, list[int], list[int]]:
    """Normalised text without whitespace, in lower case; per character its index in the normalised text.

    Whitespace is dropped because PDF extraction and scraping break phrases across spaces and lines.
    Also returns the map from normalised index to original index.
    """
    norm, index_map = normalize_with_map(text)
    chars, norm_index = [], []
    for i, ch in enumerate(norm):
        if ch.isspace():
            continue
        low = ch.lower()
        chars.append(low if len(low) == 1 else ch)  # one character per position keeps the map aligned
        norm_index.append(i)
    return "".join(chars), norm_index, index_map


def _find_spans(text: str, terms) -> list[tuple[int, int]]:
    if not text:
        return []
    haystack, norm_index, index_map = _comparable(text)
    spans = []
    for term in {t for t in terms if isinstance(t, str) and t.strip()}:
        needle = _comparable(term)[0]  # stored terms are normalised already; this forgives older ones
        if not needle:
            continue
        at = haystack.find(needle)
        while at != -1:
            first, last = norm_index[at], norm_index[at + len(needle) - 1]
            # Pinyin annotations after the last character (報(bào)) stay inside the mark.
            spans.append(original_span(index_map, first, last + 1, len(text)))
            at = haystack.find(needle, at + 1)
    return spans


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[list[int]] = []
    for start, end in sorted(spans):
        if merged and start <= merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end])
    return [(s, e) for s, e in merged]


def _render(text: str, spans, lo: int, hi: int) -> str:
    out, pos = [], lo
    for start, end in spans:
        if end <= lo or start >= hi:
            continue
        start, end = max(start, lo), min(end, hi)
        out.append(escape(text[pos:start]))
        out.append(f"<mark>{escape(text[start:end])}</mark>")
        pos = end
    out.append(escape(text[pos:hi]))
    return "".join(out)


def _excerpt(text: str, spans, around: int) -> str:
    around = max(around, 0)
    if not spans:
        cut = 2 * around
        return escape(text[:cut]) + (ELLIPSIS if len(text) > cut else "")
    windows: list[list[int]] = []
    for start, end in spans:
        lo, hi = max(start - around, 0), min(end + around, len(text))
        if windows and lo <= windows[-1][1]:
            windows[-1][1] = max(windows[-1][1], hi)
        else:
            windows.append([lo, hi])
    parts = [_render(text, spans, lo, hi) for lo, hi in windows]
    head = ELLIPSIS if windows[0][0] > 0 else ""
    tail = ELLIPSIS if windows[-1][1] < len(text) else ""
    return head + ELLIPSIS.join(parts) + tail
