"""Forms of the committees app, split by subdomain: `org`, `plans`, `activities`. The
organisation forms stay importable from here."""

from committees.forms.org import (
    BodyForm,
    BodyScopedForm,
    CommitteeForm,
    CommitteeProfileForm,
    DepartmentForm,
    PartyGroupForm,
    SectorForm,
    SectorGroupForm,
    TermForm,
)

__all__ = [
    "BodyForm",
    "BodyScopedForm",
    "CommitteeForm",
    "CommitteeProfileForm",
    "DepartmentForm",
    "PartyGroupForm",
    "SectorForm",
    "SectorGroupForm",
    "TermForm",
]
