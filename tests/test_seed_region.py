"""`seed_demo --scale region` at a small size: the benchmark set's organisation follows the
same §2/§3 rules as the demo, and every module writes its records for every body, in
proportion to the members per body."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management.base import CommandError
from django.db.models import F

from committees.models import Activity, ActivityInvitation
from demo import org_data as demo_data
from members.models import Member, MemberTerm
from notices.models import Notice, Receipt
from organisation.models import Body, Committee
from portal.models import User
from proposals.models import Proposal

from .seeding import TERM_4_DAY, TERM_5_DAY, assert_org_rules, assert_seats_inside_terms
from .seeding import seed as run_seed

PER_BODY = 40


def test_members_per_body_has_a_floor(db):
    with pytest.raises(CommandError, match="至少为 40"):
        run_seed("--scale", "region", "--members-per-body", "39")


def test_a_small_region_follows_the_rules_and_fills_every_module(db):
    output = run_seed("--scale", "region", "--members-per-body", str(PER_BODY))
    assert "合计" in output
    bodies = list(Body.objects.all())
    assert len(bodies) == 12
    assert Body.objects.filter(level="municipal").count() == 2
    for body in bodies:
        assert Member.objects.filter(body=body).count() == PER_BODY
        assert body.terms.count() == 2
        assert body.departments.count() >= 60
        assert_org_rules(body, TERM_5_DAY, every_committee_led=False)
        assert_org_rules(body, TERM_4_DAY, every_committee_led=False)
        assert_seats_inside_terms(body)
        # Both terms' seats: 60 % sat in the 4th term, 70 % sit in the 5th.
        assert MemberTerm.objects.filter(member__body=body, term__number=4).count() == 24
        assert MemberTerm.objects.filter(member__body=body, term__number=5).count() == 28
        assert not MemberTerm.objects.filter(
            member__body=body, term__number=4, end_date__isnull=True
        ).exists()
    district = Committee.objects.get(body__name="准格尔旗政协", kind="economy")
    assert list(district.counterparts.values_list("body__name", flat=True)) == ["鄂尔多斯市政协"]
    assert User.objects.get(username="vicechair").has_perm(
        "organisation.oversee_committee",
        Committee.objects.get(body__name=demo_data.MUNICIPAL.name, kind="economy"),
    )

    # Proposals: 500 a year per body in the full set (500 members); here 40, ten years.
    per_body = Counter(Proposal.objects.values_list("body__name", flat=True))
    assert len(per_body) == 12 and set(per_body.values()) == {400}
    assert Proposal.objects.values("year").distinct().count() == 10

    # Committee work: 2,500 activities a year per body in the full set; here about 200.
    activities = Counter(Activity.objects.values_list("body__name", flat=True))
    assert len(activities) == 12
    assert all(1500 <= n <= 2000 for n in activities.values()), activities
    invited = ActivityInvitation.objects.values_list("member__body_id", "activity__body_id")
    assert all(member == activity for member, activity in invited.iterator())
    assert ActivityInvitation.objects.filter(attendance="present").exists()

    # Notices: one a month per body for two years in the full set, with receipts.
    assert Notice.objects.values("body").distinct().count() == 12
    assert Receipt.objects.filter(response="attend").exists()
    assert not Receipt.objects.exclude(member__body=F("notice__body")).exists()
