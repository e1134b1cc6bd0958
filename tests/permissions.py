"""The vocabulary of the permission matrix (tests/test_permission_matrix.py).

Each module adds the expectations of its own URLs in `tests/matrix_<app>.py`, as a dict
`TABLE: dict[str, Case]` keyed by URL name; the matrix test merges them all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from .conftest import Org

ROLES = [
    "anon",
    "member",
    "staff",
    "vice_chair",
    "unit",
    "reviewer",
    "editor",
    "office",
    "outsider",
]

# Shorthands for the common shapes of access.
LOGIN = 302  # anonymous: redirected to the login page
OK = 200
DONE = 302  # a POST that succeeded and redirected back
NO = 403
GONE = 404


def office_only(ok: int = OK, outsider: int = OK) -> dict[str, int]:
    """Pages of the office; `outsider` is the office of another body."""
    table = {role: NO for role in ROLES}
    table.update(anon=LOGIN, office=ok, outsider=outsider)
    return table


def everyone(ok: int = OK) -> dict[str, int]:
    table = {role: ok for role in ROLES}
    table["anon"] = LOGIN
    return table


@dataclass
class Case:
    args: Callable[[Org], list] = field(default=lambda org: [])
    expect: dict[str, int] = field(default_factory=dict)
    method: str = "get"
    data: Callable[[Org], dict] = field(default=lambda org: {})
    query: str = ""
