"""Text clean-up shared by every parser: real documents are scraped, OCRed or pulled out of PDFs."""
import re
import unicodedata
from functools import lru_cache
from pathlib import Path

# Full-width forms that carry no meaning of their own in names and numbers. Chinese
# punctuation that does carry meaning (、。；：) is kept; parsers match both widths.
_WIDTH = str.maketrans({
    "（": "(", "）": ")", "【": "[", "】": "]", "〔": "[", "〕": "]",
    "［": "[", "］": "]", "　": " ", "\u00a0": " ", "\u200b": "", "\ufeff": "",
})


@lru_cache(maxsize=1)
def _converter():
    import opencc  # imported lazily: building the dictionary takes a moment

    return opencc.OpenCC("t2s")


@lru_cache(maxsize=1)
def _traditional_chars() -> frozenset:
    """Every character the converter may change; text without any of them is already simplified."""
    import opencc

    path = Path(opencc.__file__).parent / "dictionary" / "TSCharacters.txt"
    with open(path, encoding="utf-8") as fh:
        return frozenset(line.split("\t", 1)[0] for line in fh if line.strip())


def to_simplified(text: str) -> str:
    """Traditional → simplified characters (十堰-style scraped reports, Taiwan/HK style plans)."""
    # The converter is slow (phrase lookups per character); most cells are already simplified.
    if _traditional_chars().isdisjoint(text):
        return text
    return _converter().convert(text)


def normalize(text: str) -> str:
    """Simplified characters, NFC, half-width brackets, no zero-width characters, \\n line ends."""
    if text.isascii():  # nothing to convert but line ends (numbers, codes, dates)
        return text.replace("\r\n", "\n").replace("\r", "\n")
    text = unicodedata.normalize("NFC", text).replace("\r\n", "\n").replace("\r", "\n")
    return to_simplified(text.translate(_WIDTH))


_CJK = r"\u3400-\u9fff"
_INNER_SPACE = re.compile(rf"(?<=[{_CJK}])[ \t]+(?=[{_CJK}])")


def squeeze_cjk_spaces(text: str) -> str:
    """Remove spaces between two CJK characters (市司法 局 → 市司法局); they come from PDF extraction."""
    return _INNER_SPACE.sub("", text)


def compact(text: str) -> str:
    """A key for comparing names: normalized, every whitespace removed."""
    return re.sub(r"\s+", "", normalize(text))


_CJK_OR_PUNCT = r"\u3000-\u303f\u3400-\u9fff\uff00-\uffef“”‘’—…·"
_SPACE_BY_CJK = re.compile(rf"(?<=[{_CJK_OR_PUNCT}])\s+|\s+(?=[{_CJK_OR_PUNCT}])")


def tidy(text: str) -> str:
    """One line without spaces next to Chinese characters or punctuation (PDF: "达到 95% 以上" → "达到95%以上")."""
    return _SPACE_BY_CJK.sub("", re.sub(r"\s+", " ", text).strip())
