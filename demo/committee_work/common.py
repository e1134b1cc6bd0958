"""What the committee-work demo shares: sizes, placeholder files, the staff's names, who sits
where and when, dates and places."""

from __future__ import annotations

import datetime as dt
import random
from collections import defaultdict
from dataclasses import dataclass, field

from django.utils import timezone

from committees.models.types import ActivityType as T
from members.models import CommitteeMembership, Member, MemberTerm

from .. import committee_work_data as text

EARLIER_PER_YEAR = 150
REGION_PER_BODY_YEAR = 2500
BATCH = 5000
TZ = timezone.get_current_timezone()
PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"  # noqa: E501
PNG = bytes.fromhex(
    "89504e470d0a1a0a0000000d4948445200000001000000010806000000"
    "1f15c4890000000d49444154789c6360000002000100e221bc330000000049454e44ae426082"
)
PLACEHOLDER = "activities/demo/placeholder.pdf"
STAFF_NAMES = ("王丽娜", "张建华", "乌日娜", "刘志刚", "高晓燕", "白玉龙", "赵敏", "孟和")


# ---- who sits where, when -------------------------------------------------------------------


@dataclass
class Seats:
    """One body's seats, loaded once (three queries): who may be invited on a day."""

    terms: dict[int, list[tuple[dt.date, dt.date | None]]] = field(default_factory=dict)
    committee: dict[int, list[tuple[int, dt.date, dt.date | None]]] = field(
        default_factory=lambda: defaultdict(list)
    )
    sector_group: dict[int, int] = field(default_factory=dict)  # member -> group

    @classmethod
    def load(cls, body_id: int) -> Seats:
        seats = cls(terms=defaultdict(list))
        for member_id, start, end in MemberTerm.objects.filter(member__body_id=body_id).values_list(
            "member_id", "start_date", "end_date"
        ):
            seats.terms[member_id].append((start, end))
        for member_id, committee_id, start, end in CommitteeMembership.objects.filter(
            member__body_id=body_id
        ).values_list("member_id", "committee_id", "start_date", "end_date"):
            seats.committee[committee_id].append((member_id, start, end))
        seats.sector_group = dict(
            Member.objects.filter(body_id=body_id).values_list("pk", "sector__group_id")
        )
        return seats

    def in_office(self, member_id: int, day: dt.date) -> bool:
        return any(s <= day and (e is None or day <= e) for s, e in self.terms.get(member_id, ()))

    def of_committee(self, committee_id: int, day: dt.date) -> list[int]:
        return [
            m
            for m, s, e in self.committee.get(committee_id, ())
            if s <= day and (e is None or day <= e) and self.in_office(m, day)
        ]

    def everyone(self, day: dt.date) -> list[int]:
        return [m for m in self.terms if self.in_office(m, day)]


def _at(day: dt.date, hour: int) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, 0), tzinfo=TZ)


def _topic(rng: random.Random, kind: str, type_: str) -> str:
    return text.TITLES[type_].format(topic=rng.choice(text.TOPICS.get(kind, ("履职工作",))))


def _place(rng: random.Random, type_: str) -> str:
    field_work = (T.RESEARCH, T.INSPECTION, T.STUDY_TOUR, T.MEMBER_VISIT, T.SECTOR_ACTIVITY)
    return rng.choice(text.FIELD_PLACES if type_ in field_work else text.ROOMS)


def _weekday(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    for _ in range(20):
        day = start + dt.timedelta(days=rng.randrange(max((end - start).days, 1)))
        if day.weekday() < 5:
            return day
    return start
