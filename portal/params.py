"""Numbers, years and dates read from a query string (`?year=2025&committee=3`), one way
for every view (issue 11): blank or missing gives the default, a value that is malformed
or out of range answers 400 with a Chinese page that says which parameter and why
(`django.core.exceptions.BadRequest`, shown by portal.errors.bad_request) — never a 500
from `int('１e9')`, `date(10000, 1, 1)` or an integer the database cannot hold.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping

from django.core.exceptions import BadRequest
from django.utils.translation import gettext as _

# The years a page may be asked about: the CPPCC's founding to far beyond any plan.
MIN_YEAR = 1949
MAX_YEAR = 2100
# A record id fits PostgreSQL's bigint; no real one comes near.
MAX_ID = 2**63 - 1


class BadParameter(BadRequest):
    """A query parameter that cannot be read; its message is shown to the person."""


def _raw(query: Mapping[str, str], name: str) -> str:
    value = query.get(name, "")
    return value.strip() if isinstance(value, str) else ""


def int_param(
    query: Mapping[str, str],
    name: str,
    default: int | None = None,
    *,
    min_value: int = 0,
    max_value: int = MAX_ID,
) -> int | None:
    """The whole number `query[name]` (ASCII digits only), `default` when blank."""
    raw = _raw(query, name)
    if not raw:
        return default
    sign, digits = ("-", raw[1:]) if raw.startswith("-") else ("", raw)
    if not (digits.isascii() and digits.isdigit()) or len(digits) > 19:
        raise BadParameter(_("参数“%(name)s”应为整数。") % {"name": name})
    value = int(sign + digits)
    if not min_value <= value <= max_value:
        raise BadParameter(
            _("参数“%(name)s”应在 %(low)s 至 %(high)s 之间。")
            % {"name": name, "low": min_value, "high": max_value}
        )
    return value


def as_id(text: object) -> int | None:
    """`text` as a record id when it is one (ASCII digits, fits a bigint), else None: for
    values read by hand from a form (`report=3&report=5`) where an odd one is skipped."""
    if not isinstance(text, str) or not (text.isascii() and text.isdigit()) or len(text) > 19:
        return None
    value = int(text)
    return value if 0 < value <= MAX_ID else None


def id_param(query: Mapping[str, str], name: str) -> int | None:
    """A record id (a positive whole number) or None when blank."""
    return int_param(query, name, None, min_value=1)


def year_param(
    query: Mapping[str, str], name: str = "year", default: int | None = None
) -> int | None:
    """A year between MIN_YEAR and MAX_YEAR, `default` when blank."""
    raw = _raw(query, name)
    if not raw:
        return default
    try:
        return int_param(query, name, default, min_value=MIN_YEAR, max_value=MAX_YEAR)
    except BadParameter:
        raise BadParameter(
            _("年度应为 %(low)s 至 %(high)s 之间的四位数字。") % {"low": MIN_YEAR, "high": MAX_YEAR}
        ) from None


def date_param(
    query: Mapping[str, str], name: str, default: dt.date | None = None
) -> dt.date | None:
    """A day written YYYY-MM-DD, inside the years a page may be asked about."""
    raw = _raw(query, name)
    if not raw:
        return default
    try:
        day = dt.date.fromisoformat(raw) if raw.isascii() and len(raw) == 10 else None
    except ValueError:
        day = None
    if day is None or not MIN_YEAR <= day.year <= MAX_YEAR:
        raise BadParameter(_("日期“%(name)s”应写作“年-月-日”，如 2025-03-01。") % {"name": name})
    return day


# The query parameters whose name means the same on every page of the portal: checked
# before any view runs (portal.middleware), so that a view reading them by hand never
# meets `year=10000`, `committee=²` or a 30-digit id. A new page that uses these names
# is covered without doing anything.
QUERY_RULES = {
    "year": year_param,
    "committee": id_param,
    "sector": id_param,
    "plan": id_param,
    "plan_item": id_param,
    "exclude": id_param,
    "against": id_param,
    "r": id_param,  # repeated: ?r=3&r=5
}


def check_query(query) -> None:
    """Raise BadParameter when a parameter of QUERY_RULES is malformed or out of range."""
    for name, rule in QUERY_RULES.items():
        for value in query.getlist(name) if name in query else ():
            rule({name: value}, name)


class YearConverter:
    """`<year:year>` in a URL pattern: four digits between MIN_YEAR and MAX_YEAR; any other
    year is no page (404) instead of `date(0, 1, 1)`'s ValueError in the view."""

    regex = "[0-9]{4}"

    def to_python(self, value: str) -> int:
        year = int(value)
        if not MIN_YEAR <= year <= MAX_YEAR:
            raise ValueError(value)  # Django: the pattern does not match
        return year

    def to_url(self, value: int) -> str:
        return f"{int(value):04d}"
