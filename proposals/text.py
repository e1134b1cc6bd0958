"""Text helpers for similar-proposal detection.

Titles of proposals share their boilerplate — 关于…的建议, 关于…的提案 — which would
dominate any similarity measure (STACK.md measured it), so both sides are compared
without it, and without punctuation and spaces."""

from __future__ import annotations

import re
import unicodedata

PREFIXES = ("关于进一步", "关于", "建议", "对于")
SUFFIXES = ("的建议案", "的建议", "的提案", "的意见", "建议", "提案", "的思考", "问题")
# Everything that is not a letter or a digit (Chinese characters are letters).
NOISE = re.compile(r"[\W_]+", re.UNICODE)


def normalise_title(title: str) -> str:
    text = NOISE.sub("", unicodedata.normalize("NFKC", title or "")).lower()
    changed = True
    while changed and text:
        changed = False
        for prefix in PREFIXES:
            if text.startswith(prefix) and len(text) > len(prefix):
                text, changed = text[len(prefix) :], True
        for suffix in SUFFIXES:
            if text.endswith(suffix) and len(text) > len(suffix):
                text, changed = text[: -len(suffix)], True
    return text[:200]


def normalise_text(*parts: str, length: int = 300) -> str:
    """The start of the proposal's text without punctuation, for the text comparison."""
    text = "".join(NOISE.sub("", unicodedata.normalize("NFKC", p or "")) for p in parts)
    return text.lower()[:length]


def bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or ({text} if text else set())


def bigram_similarity(a: str, b: str) -> float:
    """Shared character pairs over all pairs (Jaccard): the SQLite stand-in for pg_trgm's
    similarity(); a Chinese word is mostly two characters, so pairs carry the meaning."""
    first, second = bigrams(a), bigrams(b)
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)
