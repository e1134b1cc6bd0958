"""Full-text search in Chinese, in the database.

PostgreSQL's parsers do not segment Chinese: to them a sentence is one long word. So each
searchable text is indexed as its overlapping character bigrams (“文史资料” → 文史 史资 资料),
with their positions, in a stored generated `search` tsvector column and a GIN index
(migration 0002, function `archives_bigrams`): title weighted A, people and places C, the
body text B. A query is cut the same way and becomes a phrase of bigrams
(`'文史' <-> '史资' <-> '资料'`): a two-character word is one bigram, a longer one must
appear with its characters adjacent, a single character matches any bigram it starts.
Several words separated by spaces must all appear. Results are ranked by `ts_rank_cd`
(cover density: title hits and close, repeated hits first).

The tsvector and tsquery are built as literals, not through a parser, so the result does
not depend on the database's locale. On SQLite (the one-command demo) the search falls back
to `icontains` on the same fields."""

from __future__ import annotations

from django.db import connection
from django.db.models import BooleanField, FloatField, Q, QuerySet, Value
from django.db.models.expressions import RawSQL

MAX_TERMS = 8
MAX_TERM_CHARS = 40


def terms(query: str) -> list[str]:
    """The words of a query: letters and digits, lower-cased, split at anything else."""
    cleaned = "".join(ch if ch.isalnum() else " " for ch in (query or "").lower())
    return [word[:MAX_TERM_CHARS] for word in cleaned.split()][:MAX_TERMS]


def _lexeme(text: str) -> str:
    return "'" + text.replace("\\", "\\\\").replace("'", "''") + "'"


def tsquery(query: str) -> str:
    """The tsquery literal of a query ('' when it has no letters or digits)."""
    parts = []
    for word in terms(query):
        if len(word) == 1:
            parts.append(_lexeme(word) + ":*")
        else:
            bigrams = [word[i : i + 2] for i in range(len(word) - 1)]
            parts.append("(" + " <-> ".join(_lexeme(b) for b in bigrams) + ")")
    return " & ".join(parts)


def uses_index() -> bool:
    return connection.vendor == "postgresql"


def search(qs: QuerySet, query: str, fallback_fields: tuple[str, ...]) -> QuerySet:
    """`qs` narrowed to the rows matching `query`, annotated with `rank`, best first.
    The rows' table must have the `search` column (migration 0002)."""
    literal = tsquery(query)
    if not literal:
        return qs.none()
    if not uses_index():
        condition = Q()
        for word in terms(query):
            any_field = Q()
            for field in fallback_fields:
                any_field |= Q(**{f"{field}__icontains": word})
            condition &= any_field
        return qs.filter(condition).annotate(rank=Value(1.0, output_field=FloatField()))
    table = qs.model._meta.db_table
    column = f'"{table}"."search"'
    return (
        qs.filter(RawSQL(f"{column} @@ %s::tsquery", (literal,), output_field=BooleanField()))
        .annotate(
            rank=RawSQL(f"ts_rank_cd({column}, %s::tsquery)", (literal,), output_field=FloatField())
        )
        .order_by("-rank", "-pk")
    )
