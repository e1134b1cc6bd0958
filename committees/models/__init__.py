"""Models of the committees app, split by subdomain; everything is re-exported here so
``from committees.models import Committee`` keeps working."""

from committees.models.activities import (
    Activity,
    ActivityInvitation,
    ActivityOutput,
    ActivityParticipant,
    CalendarFeed,
)
from committees.models.org import (
    Body,
    BodyUserObjectPermission,
    Committee,
    CommitteeUserObjectPermission,
    Department,
    DepartmentUserObjectPermission,
    PartyGroup,
    Sector,
    SectorGroup,
    Term,
)
from committees.models.plans import OfficePlan, PlanItem, WorkPlan
from committees.models.types import ActivityType

__all__ = [
    "Activity",
    "ActivityInvitation",
    "ActivityOutput",
    "ActivityParticipant",
    "ActivityType",
    "Body",
    "BodyUserObjectPermission",
    "CalendarFeed",
    "Committee",
    "CommitteeUserObjectPermission",
    "Department",
    "DepartmentUserObjectPermission",
    "OfficePlan",
    "PartyGroup",
    "PlanItem",
    "Sector",
    "SectorGroup",
    "Term",
    "WorkPlan",
]
