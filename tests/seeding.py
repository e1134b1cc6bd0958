"""What the demo tests (tests/demo/) and the region seed's tests share: running
`seed_demo`, and the §2/§3 organisation rules its data must follow."""

from __future__ import annotations

import datetime as dt
import io
from collections import Counter

from django.core.management import call_command

from demo import org_data as demo_data
from members.models import CommitteeMembership, MemberTerm
from members.selectors import active_on, members_in_office_on
from organisation.models import Body, Committee

# Inside the 5th (current) term, after every mid-term join, move and departure of the plan.
TERM_5_DAY = dt.date(2025, 11, 30)
TERM_4_DAY = dt.date(2020, 6, 30)


def seed(*args: str) -> str:
    out = io.StringIO()
    call_command("seed_demo", *args, stdout=out)
    return out.getvalue()


def assert_org_rules(body: Body, day: dt.date, *, every_committee_led: bool = True) -> None:
    """§3 on `day`: each member in office sits in exactly one committee — his sector
    group's, or one of the two open committees — and nobody else sits anywhere; each
    committee has one director."""
    in_office = set(members_in_office_on(body.pk, day).values_list("pk", flat=True))
    seats = list(
        CommitteeMembership.objects.filter(active_on(day), member__body=body).select_related(
            "committee", "member__sector__group"
        )
    )
    per_member = Counter(seat.member_id for seat in seats)
    assert set(per_member) == in_office
    assert set(per_member.values()) == {1}
    for seat in seats:
        assert seat.committee.body_id == body.pk
        if not seat.committee.takes_members_from_any_group:
            assert seat.member.sector.group.committee_id == seat.committee_id, seat
    directors = Counter(seat.committee_id for seat in seats if seat.role == "director")
    seated = {seat.committee_id for seat in seats}
    led = set(Committee.objects.filter(body=body).values_list("pk", flat=True))
    if not every_committee_led:
        led = seated
    assert set(directors) == led
    assert set(directors.values()) == {1}


def assert_seats_inside_terms(body: Body) -> None:
    """Every committee seat lies inside one of the member's term seats."""
    terms: dict[int, list[tuple[dt.date, dt.date]]] = {}
    for seat in MemberTerm.objects.filter(member__body=body).select_related("term"):
        terms.setdefault(seat.member_id, []).append(
            (seat.start_date, seat.end_date or seat.term.end_date)
        )
    memberships = CommitteeMembership.objects.filter(member__body=body)
    for seat in memberships.values("member_id", "start_date", "end_date"):
        end = seat["end_date"] or demo_data.TERM_5.end
        assert any(s <= seat["start_date"] and end <= e for s, e in terms[seat["member_id"]])
