"""§2/§3 organisation rules: 全员入委, one committee at a time, dated memberships."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction

from members.models import CommitteeMembership
from members.selectors import committee_roster, committee_seats_in_period, members_in_office_on
from members.services import (
    member_create,
    member_update,
    membership_end,
    membership_start,
    membership_transfer,
)


def test_it_enrols_a_new_member_in_his_sector_groups_committee(org):
    seat = org.member.memberships.get()
    assert seat.committee == org.economy
    assert seat.start_date == org.term.start_date
    assert seat.end_date is None


def test_it_refuses_a_committee_other_than_the_groups(org):
    org.member.memberships.update(end_date=dt.date(2023, 12, 31))
    with pytest.raises(ValidationError) as error:
        membership_start(
            member=org.member,
            committee=org.education,
            start_date=dt.date(2024, 1, 1),
            by=org.office,
        )
    assert "全员入委" in error.value.messages[0]
    assert "经济委员会" in error.value.messages[0]


@pytest.mark.parametrize("open_kind", ["proposals", "culture"])
def test_open_committees_take_members_from_any_group(org, open_kind):
    committee = getattr(org, open_kind)
    seat = membership_transfer(
        member=org.member,
        committee=committee,
        on_date=dt.date(2024, 3, 1),
        reason="工作需要",
        by=org.office,
    )
    assert seat.committee == committee
    old = org.member.memberships.get(committee=org.economy)
    assert old.end_date == dt.date(2024, 2, 29)


def test_a_member_of_an_open_committee_sits_in_no_other(org):
    membership_transfer(
        member=org.member,
        committee=org.proposals,
        on_date=dt.date(2024, 3, 1),
        reason="工作需要",
        by=org.office,
    )
    with pytest.raises(ValidationError) as error:
        membership_start(
            member=org.member, committee=org.economy, start_date=dt.date(2024, 6, 1), by=org.office
        )
    assert "只能编入一个专门委员会" in error.value.messages[0]


def test_overlapping_memberships_are_refused_by_the_database_too(org):
    # Bypass the service: the PostgreSQL exclusion constraint still refuses.
    with pytest.raises(IntegrityError), transaction.atomic():
        CommitteeMembership.objects.create(
            member=org.member, committee=org.proposals, start_date=dt.date(2024, 1, 1)
        )


def test_a_membership_cannot_start_outside_the_members_term(org):
    org.member.memberships.all().delete()
    with pytest.raises(ValidationError) as error:
        membership_start(
            member=org.member, committee=org.economy, start_date=dt.date(2021, 6, 1), by=org.office
        )
    assert "任期" in error.value.messages[0]


def test_ending_a_membership_needs_a_reason_and_a_sane_date(org):
    seat = org.member.memberships.get()
    with pytest.raises(ValidationError):
        membership_end(membership=seat, end_date=dt.date(2021, 1, 1), reason="调离", by=None)
    with pytest.raises(ValidationError):
        membership_end(membership=seat, end_date=dt.date(2024, 1, 1), reason=" ", by=None)
    membership_end(membership=seat, end_date=dt.date(2024, 1, 1), reason="调离", by=None)
    with pytest.raises(ValidationError):
        membership_end(membership=seat, end_date=dt.date(2024, 2, 1), reason="再次", by=None)


def test_a_member_who_joined_mid_term_is_counted_only_from_that_day(org):
    late = member_create(
        body_id=org.body.pk,
        data={
            "code": "W0100",
            "name": "郑委员",
            "gender": "female",
            "affiliation": "cpc",
            "sector": org.economy_sector,
        },
        term=org.term,
        joined_on=dt.date(2024, 6, 15),
        by=org.office,
    )
    assert late not in members_in_office_on(org.body.pk, dt.date(2024, 3, 1))
    assert late in members_in_office_on(org.body.pk, dt.date(2024, 6, 15))
    roster_march = [s.member for s in committee_roster(org.economy, dt.date(2024, 3, 1))]
    roster_july = [s.member for s in committee_roster(org.economy, dt.date(2024, 7, 1))]
    assert late not in roster_march and late in roster_july
    seats = {
        s.member_id: s
        for s in committee_seats_in_period(org.economy, dt.date(2024, 1, 1), dt.date(2024, 12, 31))
    }
    assert seats[late.pk].counted_from == dt.date(2024, 6, 15)
    assert seats[late.pk].counted_to == dt.date(2024, 12, 31)
    assert seats[org.member.pk].counted_from == dt.date(2024, 1, 1)


def test_joined_on_outside_the_term_is_refused(org):
    with pytest.raises(ValidationError):
        member_create(
            body_id=org.body.pk,
            data={
                "code": "W0101",
                "name": "孙委员",
                "gender": "male",
                "affiliation": "non_party",
                "sector": org.economy_sector,
            },
            term=org.term,
            joined_on=dt.date(2030, 1, 1),
            by=org.office,
        )


def test_changing_sector_moves_the_member_to_the_new_groups_committee(org):
    member_update(
        member=org.member,
        data={"sector": org.education_sector},
        expected_version=org.member.version,
        by=org.office,
    )
    current = org.member.memberships.get(end_date__isnull=True)
    assert current.committee == org.education


def test_a_stale_edit_is_refused_and_loses_nothing(org):
    version = org.member.version
    member_update(
        member=org.member, data={"employer": "甲公司"}, expected_version=version, by=org.office
    )
    with pytest.raises(ValidationError) as error:
        member_update(
            member=org.member,
            data={"employer": "乙公司"},
            expected_version=version,
            by=org.member_user,
        )
    assert "已被他人修改" in error.value.messages[0]
    org.member.refresh_from_db()
    assert org.member.employer == "甲公司"


def test_history_records_who_changed_a_member(org):
    member_update(
        member=org.member,
        data={"employer": "甲公司"},
        expected_version=org.member.version,
        by=org.office,
    )
    latest = org.member.history.first()
    assert latest.history_user == org.office
    assert latest.employer == "甲公司"


def test_the_office_creates_a_district_body_and_links_counterpart_committees(org, client):
    from django.urls import reverse

    from organisation.models import Body, Committee

    client.force_login(org.office)
    response = client.post(
        reverse("organisation:body_create"),
        {"name": "东胜区政协", "short_name": "东胜", "level": "municipal"},
    )
    assert response.status_code == 302
    district = Body.objects.get(name="东胜区政协")
    assert (district.parent, district.level) == (org.body, "district")  # not from the form
    counterpart = Committee.objects.create(body=district, name="东胜区政协经济委", kind="economy")
    form = client.get(reverse("organisation:committee_edit", args=[org.economy.pk])).context["form"]
    assert counterpart in form.fields["counterparts"].queryset
    assert org.education not in form.fields["counterparts"].queryset
