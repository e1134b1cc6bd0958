"""Reads of the committees app, with permissions applied, split by subdomain: `org`
(organisation), `plans`, `activities` and `calendar`. The organisation selectors stay
importable from here."""

from committees.selectors.home import home_context
from committees.selectors.org import (
    CommitteeAccess,
    committee_access,
    committee_list,
    get_committee_for,
    get_department_for,
)

__all__ = [
    "CommitteeAccess",
    "committee_access",
    "committee_list",
    "get_committee_for",
    "get_department_for",
    "home_context",
]
