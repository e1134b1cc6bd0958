"""Clash detection (§13) on a hand-built set, on PostgreSQL and on SQLite (the demo's
database): the same answer on both, and the same answer as the query it replaced
(bench/clash_reference.py), which compared every pair of the body's activities."""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connections
from django.utils import timezone

from bench.clash_reference import legacy_clashes
from committees.models import Activity, ActivityInvitation
from committees.selectors.plans import OFFICE_PLAN_TYPES, find_clashes, year_bounds
from members.models import Member
from organisation.models import Body, Sector
from portal.models import User
from portal.sql import sql_param

pytestmark = pytest.mark.django_db(databases=["default", "sqlite"])

T = Activity.Type
TZ = timezone.get_current_timezone()
YEAR = timezone.localdate().year + 1
DAY = dt.date(YEAR, 5, 12)


def at(day: dt.date, hour: int, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=TZ)


NEXT = DAY + dt.timedelta(days=1)
BEFORE = DAY - dt.timedelta(days=1)
# label: (starts, ends, place, type, status, invited members, body)
ACTIVITIES = {
    "A": (at(DAY, 9), at(DAY, 11), "三楼会议室", T.INSPECTION, "draft", "12", "ours"),
    "B": (at(DAY, 10), at(DAY, 12), " 三楼会议室 ", T.RESEARCH, "published", "2", "ours"),
    # Back to back with A (no clash), overlapping B (same place).
    "C": (at(DAY, 11), at(DAY, 13), "三楼会议室", T.INSPECTION, "approved", "", "ours"),
    # A whole day elsewhere: shares member 1 with A, member 3 with nobody.
    "D": (at(DAY, 9), at(DAY, 17), "甲地", T.SYMPOSIUM, "held", "13", "ours"),
    # Cancelled, or of another body: never clash.
    "E": (at(DAY, 9), at(DAY, 11), "三楼会议室", T.INSPECTION, "cancelled", "12", "ours"),
    "F": (at(DAY, 9), at(DAY, 11), "三楼会议室", T.INSPECTION, "draft", "", "theirs"),
    # Starts the evening before the window, overlaps A in the morning (same place).
    "G": (at(BEFORE, 20), at(DAY, 10), "三楼会议室", T.STUDY_TOUR, "published", "", "ours"),
    # In the night: starts in the window, its partner K starts the next day (member 4).
    "J": (at(DAY, 23), at(NEXT, 10), "乙地", T.TRAINING, "published", "4", "ours"),
    "K": (at(NEXT, 9), at(NEXT, 10), "丙地", T.TRAINING, "published", "4", "ours"),
    # Just after local midnight (the day before in UTC), same room: clash with each other.
    "L": (at(DAY, 0, 30), at(DAY, 1, 30), "Room 3", T.THEORY_STUDY, "draft", "", "ours"),
    "M": (at(DAY, 1), at(DAY, 2), "room 3", T.THEORY_STUDY, "draft", "", "ours"),
    # The next week: nothing overlaps it.
    "N": (at(DAY + dt.timedelta(days=7), 9), at(DAY + dt.timedelta(days=7), 11), "三楼会议室",
          T.INSPECTION, "draft", "1234", "ours"),
}  # fmt: skip


def build(using: str) -> tuple[Body, dict[str, Activity], dict[str, Member]]:
    """The set above in database `using`, written with the ORM (no services: they write
    to the default database)."""
    bodies = {
        key: Body.objects.using(using).create(name=name, short_name=name[:3], level="municipal")
        for key, name in (("ours", "鄂尔多斯市政协"), ("theirs", "康巴什区政协"))
    }
    body = bodies["ours"]
    user = User.objects.db_manager(using).create(username=f"staff-{using}", body=body)
    sector = Sector.objects.using(using).create(body=body, name="经济界")
    members = {
        str(n): Member.objects.using(using).create(
            body=body,
            code=f"W000{n}",
            name=f"委员{n}",
            gender="male",
            affiliation="non_party",
            sector=sector,
        )  # fmt: skip
        for n in range(1, 5)
    }
    activities = {}
    for label, (starts, ends, place, type_, status, invited, owner) in ACTIVITIES.items():
        activities[label] = Activity.objects.using(using).create(
            body=bodies[owner], type=type_, topic=label, starts_at=starts, ends_at=ends,
            place=place, status=status, created_by=user,
        )  # fmt: skip
        ActivityInvitation.objects.using(using).bulk_create(
            ActivityInvitation(activity=activities[label], member=members[n]) for n in invited
        )
    return body, activities, members


def labelled(clashes, activities, members) -> set[tuple[str, str, bool, str]]:
    label = {a.pk: key for key, a in activities.items()}
    member_label = {m.pk: key for key, m in members.items()}
    return {
        (label[c.first.pk], label[c.second.pk], c.same_place,
         "".join(member_label[m.pk] for m in c.members))
        for c in clashes
    }  # fmt: skip


def legacy_labelled(rows, activities, members) -> set[tuple[str, str, bool, str]]:
    label = {a.pk: key for key, a in activities.items()}
    member_label = {m.pk: key for key, m in members.items()}
    return {
        (label[a], label[b], same, "".join(sorted(member_label[m] for m in shared)))
        for a, b, same, shared in rows
    }


def windows(activities: dict[str, Activity]) -> dict[str, dict]:
    day = (at(DAY, 0), at(NEXT, 0))
    a, j = activities["A"], activities["J"]
    return {
        "day": {"start": day[0], "end": day[1]},
        "day, inspection plan types": {
            "start": day[0], "end": day[1], "types": OFFICE_PLAN_TYPES["inspection"],
        },
        "the year": dict(zip(("start", "end"), year_bounds(YEAR), strict=True)),
        "activity A's page": {"start": a.starts_at, "end": a.ends_at, "activity_id": a.pk},
        "activity J's page": {"start": j.starts_at, "end": j.ends_at, "activity_id": j.pk},
    }  # fmt: skip


EXPECTED = {
    "day": {
        ("A", "B", True, "2"), ("A", "D", False, "1"), ("A", "G", True, ""),
        ("B", "C", True, ""), ("J", "K", False, "4"), ("L", "M", True, ""),
    },
    "day, inspection plan types": {
        ("A", "B", True, "2"), ("A", "D", False, "1"), ("A", "G", True, ""),
        ("B", "C", True, ""),
    },
    "the year": {
        ("A", "B", True, "2"), ("A", "D", False, "1"), ("A", "G", True, ""),
        ("B", "C", True, ""), ("J", "K", False, "4"), ("L", "M", True, ""),
    },
    "activity A's page": {("A", "B", True, "2"), ("A", "D", False, "1"), ("A", "G", True, "")},
    "activity J's page": {("J", "K", False, "4")},
}  # fmt: skip


@pytest.mark.parametrize("using", ["default", "sqlite"])
def test_it_finds_the_clashes_the_old_query_found_on_both_databases(using):
    assert {"default": "postgresql", "sqlite": "sqlite"}[using] == connections[using].vendor
    body, activities, members = build(using)
    for name, window in windows(activities).items():
        found = labelled(find_clashes(body_id=body.pk, using=using, **window), activities, members)
        old = legacy_labelled(legacy_clashes(using=using, body_id=body.pk, **window),
                              activities, members)  # fmt: skip
        assert found == EXPECTED[name], name
        assert old == EXPECTED[name], name


def test_raw_datetimes_unadapted_miss_clashes_on_sqlite():
    """The defect of issue 10 (2): the old code sent aware datetimes to SQLite as text
    with an offset, compared as text with the stored UTC values."""
    body, activities, members = build("sqlite")
    a = activities["A"]
    page = {"start": a.starts_at, "end": a.ends_at, "activity_id": a.pk}
    unadapted = legacy_clashes(using="sqlite", adapt=False, body_id=body.pk, **page)
    assert unadapted == set()
    assert (
        legacy_labelled(
            legacy_clashes(using="sqlite", body_id=body.pk, **page), activities, members
        )
        == EXPECTED["activity A's page"]
    )


def test_sql_param_sends_what_the_orm_stores():
    moment = at(DAY, 9)
    assert sql_param(connections["sqlite"], moment) == f"{DAY.isoformat()} 01:00:00"
    assert sql_param(connections["default"], moment) == moment
    assert sql_param(connections["sqlite"], DAY) == DAY.isoformat()
