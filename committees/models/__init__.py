"""Models of committee work, split by subdomain (`plans`, `activities`, `types`; `approval`
is the abstract model that plans and major activities share); all re-exported here. The
organisation (bodies, committees, sectors …) is `organisation`."""

from committees.models.activities import (
    Activity,
    ActivityInvitation,
    ActivityOutput,
    ActivityParticipant,
    CalendarFeed,
)
from committees.models.plans import OfficePlan, PlanItem, WorkPlan
from committees.models.types import ActivityType

__all__ = [
    "Activity",
    "ActivityInvitation",
    "ActivityOutput",
    "ActivityParticipant",
    "ActivityType",
    "CalendarFeed",
    "OfficePlan",
    "PlanItem",
    "WorkPlan",
]
