"""Text helpers for the similar-item lookup: titles of 社情民意 share boilerplate (关于…的
建议, …问题亟待解决) that would dominate any similarity measure, so both sides are compared
without it, and without punctuation and spaces."""

from __future__ import annotations

import re
import unicodedata

PREFIXES = ("关于进一步", "关于", "建议", "对于")
SUFFIXES = ("亟待解决", "亟需解决", "的建议", "的问题", "问题", "建议", "的思考")
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
    text = "".join(NOISE.sub("", unicodedata.normalize("NFKC", p or "")) for p in parts)
    return text.lower()[:length]


def bigrams(text: str) -> set[str]:
    return {text[i : i + 2] for i in range(len(text) - 1)} or ({text} if text else set())


def bigram_similarity(a: str, b: str) -> float:
    """Shared character pairs over all pairs (Jaccard): the SQLite stand-in for pg_trgm."""
    first, second = bigrams(a), bigrams(b)
    if not first or not second:
        return 0.0
    return len(first & second) / len(first | second)
