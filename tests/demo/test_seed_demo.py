"""`manage.py seed_demo`: the demo organisation and the region benchmark set follow the
§2/§3 rules (全员入委, one committee at a time, leaders), and every demo login works."""

from __future__ import annotations

from collections import Counter

import pytest
from django.core.management.base import CommandError
from django.urls import reverse
from django.utils import timezone

from demo import org_data as demo_data
from members.models import CommitteeMembership, Member, MemberTerm
from members.selectors import active_on
from organisation.models import Body, PartyGroup
from portal.models import Role, RoleAssignment, User

from ..seeding import TERM_5_DAY, assert_org_rules, assert_seats_inside_terms, seed


def test_it_seeds_the_municipal_body_with_288_members(municipal):
    assert Member.objects.filter(body=municipal).count() == 288
    assert municipal.children.count() == 9
    assert not Member.objects.exclude(body=municipal).exists()
    assert set(municipal.terms.values_list("name", flat=True)) == {"第四届", "第五届"}
    assert municipal.committees.count() == 9
    assert municipal.sectors.count() == 30
    assert municipal.departments.count() >= 60
    standing = Member.objects.filter(body=municipal, is_standing=True).count()
    assert 55 <= standing <= 70
    seats = MemberTerm.objects.filter(member__body=municipal)
    assert 10 <= seats.filter(start_date__gt=demo_data.TERM_5.start).count() <= 20
    assert 3 <= seats.filter(end_date__isnull=False).exclude(end_reason="").count() <= 8


def test_it_follows_the_committee_rules(municipal):
    for day in {TERM_5_DAY, min(timezone.localdate(), demo_data.TERM_5.end)}:
        assert_org_rules(municipal, day)
    assert_seats_inside_terms(municipal)
    on_day = CommitteeMembership.objects.filter(active_on(TERM_5_DAY), member__body=municipal)
    open_seats = Counter(on_day.values_list("committee__kind", flat=True))
    assert 20 <= open_seats["proposals"] <= 30
    assert 10 <= open_seats["culture_history"] <= 20
    for committee in municipal.committees.all():
        deputies = committee.memberships.filter(active_on(TERM_5_DAY), role="deputy").count()
        assert 2 <= deputies <= 3
        assert committee.counterpart_departments.count() in range(2, 5)
        assert RoleAssignment.objects.filter(committee=committee, role="vice_chair").count() == 1


def test_party_groups_are_led_by_cpc_members(municipal):
    groups = PartyGroup.objects.filter(sector_group__body=municipal).select_related(
        "leader", "sector_group"
    )
    assert groups.count() == municipal.sector_groups.count() == 11
    for group in groups:
        assert group.leader is not None and group.leader.affiliation == "cpc"
        directs = group.leader.memberships.filter(
            active_on(TERM_5_DAY), committee=group.sector_group.committee, role="director"
        ).exists()
        assert directs or group.leader_appointed_by_chair_meeting
    assert groups.filter(leader_appointed_by_chair_meeting=False).count() >= 8


# username -> (role, the committees or department it is held on; the body if empty)
EXPECTED_ROLES = {
    "office": (Role.OFFICE, set()),
    "staff": (Role.COMMITTEE_STAFF, {"经济委员会"}),
    "vicechair": (Role.VICE_CHAIR, {"经济委员会", "农业和农村委员会"}),
    "unit": (Role.HANDLING_UNIT, {"市发展和改革委员会"}),
    "reviewer": (Role.REVIEWER, set()),
    "editor": (Role.ARCHIVES_EDITOR, set()),
}


def test_each_demo_login_logs_in_and_holds_its_role(municipal, client):
    for username in [*EXPECTED_ROLES, "member", "admin"]:
        user = User.objects.get(username=username)
        response = client.post(
            reverse("login"), {"username": username, "password": demo_data.DEMO_PASSWORD}
        )
        assert response.status_code == 302, username
        assert client.session["_auth_user_id"] == str(user.pk)
        client.logout()
        if username in EXPECTED_ROLES:
            role, targets = EXPECTED_ROLES[username]
            assignments = RoleAssignment.objects.filter(user=user)
            assert {a.role for a in assignments} == {role}
            assert {a.body for a in assignments} == {municipal}
            scopes = {a.committee or a.department for a in assignments}
            assert {s.name for s in scopes if s is not None} == targets
        elif username == "member":
            seat = user.member.memberships.get(active_on(TERM_5_DAY))
            assert seat.committee.name == "经济委员会"
            assert user.has_perm("members.change_member", user.member)
        else:
            assert user.is_superuser


def test_member_accounts_are_named_after_phones(municipal):
    members = Member.objects.filter(body=municipal, user__isnull=False).select_related("user")
    assert members.count() == 1 + demo_data.EXTRA_MEMBER_ACCOUNTS
    assert all(m.user.username in (m.phone, "member") for m in members)
    phones = list(Member.objects.filter(body=municipal).values_list("phone", flat=True))
    assert len(set(phones)) == len(phones)


def test_the_vice_chair_oversees_his_committees_only(municipal):
    vice_chair = User.objects.get(username="vicechair")
    for committee in municipal.committees.all():
        expected = committee.kind in ("economy", "agriculture")
        assert vice_chair.has_perm("organisation.oversee_committee", committee) is expected


def test_it_refuses_to_seed_twice_without_reset(municipal):
    with pytest.raises(CommandError, match="--reset"):
        seed()
    assert Member.objects.count() == 288


def test_reset_rebuilds_the_same_data(municipal):
    names = list(Member.objects.order_by("code").values_list("name", "phone"))
    seed("--reset")
    assert Body.objects.count() == 10
    assert list(Member.objects.order_by("code").values_list("name", "phone")) == names
    body = Body.objects.get(name=demo_data.MUNICIPAL.name)
    assert_org_rules(body, TERM_5_DAY)
    assert User.objects.filter(username__in=demo_data.FIXED_USERNAMES).count() == len(
        demo_data.FIXED_USERNAMES
    )


def test_members_per_body_is_for_the_region_scale_only(db):
    with pytest.raises(CommandError):
        seed("--members-per-body", "10")


def test_the_demo_board_equals_an_independent_count(municipal):
    """Issue 9: the board's SQL for Q1–Q6, Q9, Q13 and Q14 recomputed row by row in
    Python from the demo's records, with the rules written out again here."""
    from committees.models import Activity
    from committees.models.types import WITHOUT_OUTPUT
    from evaluation.selectors import body_board
    from proposals.models import Proposal

    day = timezone.localdate()
    board = body_board(municipal, day)
    year, term = board.periods["year"], board.periods["term"]
    activities = list(
        Activity.objects.filter(body=municipal).prefetch_related(
            "invitations", "outputs", "sector_groups"
        )
    )
    seats = list(CommitteeMembership.objects.filter(member__body=municipal))
    terms = list(MemberTerm.objects.filter(member__body=municipal))

    def on(activity):
        return timezone.localtime(activity.starts_at).date()

    def present(activity):
        return {i.member_id for i in activity.invitations.all() if i.attendance == "present"}

    def done(activity):
        return (
            activity.status == "held"
            and bool(present(activity))
            and (activity.type in WITHOUT_OUTPUT or bool(activity.outputs.all()))
        )

    def covers(row, when):
        return row.start_date <= when and (row.end_date is None or row.end_date >= when)

    quotas = {q.code: q for q in board.quotas}
    for unit in board.committees:
        for code in ("Q1", "Q2", "Q3", "Q4", "Q5"):
            quota = quotas[code]
            expected = sum(
                1
                for a in activities
                if a.owner_committee_id == unit.pk
                and a.type in quota.activity_types
                and year.start <= on(a) <= year.end
                and done(a)
            )
            assert unit.progress[code].value == expected, (unit.name, code)
        good = [
            a
            for a in activities
            if a.owner_committee_id == unit.pk
            and a.type in quotas["Q9"].activity_types
            and term.start <= on(a) <= term.end
            and done(a)
            and any(o.kind in ("minutes", "report", "speech") for o in a.outputs.all())
            and any(
                m.sector.group_id in {g.pk for g in a.sector_groups.all()}
                for m in Member.objects.filter(pk__in=present(a)).select_related("sector")
            )
        ]
        assert unit.progress["Q9"].value == len(good), unit.name
        when = min(day, term.end)
        members = {s.member_id for s in seats if s.committee_id == unit.pk and covers(s, when)} & {
            t.member_id for t in terms if covers(t, when)
        }
        visited = set()
        for a in activities:
            if (
                a.owner_committee_id == unit.pk
                and a.type in quotas["Q6"].activity_types
                and a.status == "held"
                and term.start <= on(a) <= term.end
            ):
                leaders = {
                    s.member_id
                    for s in seats
                    if s.committee_id == unit.pk
                    and s.role in ("director", "deputy")
                    and covers(s, on(a))
                }
                if present(a) & leaders:
                    visited |= present(a)
        q6 = unit.progress["Q6"]
        assert (q6.numerator, q6.denominator) == (len(members & visited), len(members)), unit.name
    filed = [
        p
        for p in Proposal.objects.filter(body=municipal, kind="collective")
        if p.status in Proposal.FILED_STATES
        and year.start <= timezone.localtime(p.submitted_at).date() <= year.end
    ]
    for unit in board.committees:
        expected = sum(1 for p in filed if p.organiser_committee_id == unit.pk)
        assert unit.progress["Q13"].value == expected, unit.name
    for unit in board.sector_groups:
        expected = sum(1 for p in filed if p.organiser_sector_group_id == unit.pk)
        assert unit.progress["Q14"].value == expected, unit.name
    # Q7: key consultation topics the committee led that were held (the 协商 module).
    from consultations.models import Consultation

    held_key = [
        c
        for c in Consultation.objects.filter(body=municipal, is_key=True, status="held")
        if year.start <= timezone.localtime(c.held_at).date() <= year.end
    ]
    for unit in board.committees:
        expected = sum(1 for c in held_key if c.committee_id == unit.pk)
        assert unit.progress["Q7"].value == expected, unit.name
    # Q11 / Q12, the proposals committee: meetings it or the office organised (Q11), its
    # full meetings of the half-year (Q12).
    half = board.periods["half_year"]
    proposals_unit = next(u for u in board.committees if u.extra["kind"] == "proposals")
    types = {
        a.type
        for a in activities
        if a.type in quotas["Q11"].activity_types
        and a.owner_committee_id in (proposals_unit.pk, None)
        and year.start <= on(a) <= year.end
        and done(a)
    }
    assert proposals_unit.progress["Q11"].value == len(types)
    plenaries = [
        a
        for a in activities
        if a.owner_committee_id == proposals_unit.pk
        and a.type in quotas["Q12"].activity_types
        and half.start <= on(a) <= half.end
        and done(a)
    ]
    assert proposals_unit.progress["Q12"].value == len(plenaries)
    # Q8: sectors with a member present at a held 界别协商 of the term.
    from organisation.models import Sector

    present_sectors = {
        m.sector_id
        for a in activities
        if a.type in quotas["Q8"].activity_types
        and a.status == "held"
        and term.start <= on(a) <= term.end
        for m in Member.objects.filter(pk__in=present(a))
    }
    q8 = board.body_unit.progress["Q8"]
    assert (q8.numerator, q8.denominator) == (
        len(present_sectors),
        Sector.objects.filter(body=municipal).count(),
    )
    # Q10: owed by those seated today and by those who left after being trained.
    trained = {
        m
        for a in activities
        if a.type in quotas["Q10"].activity_types
        and a.status == "held"
        and term.start <= on(a) <= term.end
        for m in present(a)
    }
    when = min(day, term.end)
    seated_in_term = {
        t.member_id
        for t in terms
        if t.start_date <= when and (t.end_date is None or t.end_date >= term.start)
    }
    seated_now = {t.member_id for t in terms if covers(t, when)}
    owed = seated_in_term & (seated_now | trained)
    q10 = board.body_unit.progress["Q10"]
    assert (q10.numerator, q10.denominator) == (len(owed & trained), len(owed))
    # The demo shows the rule at work: some held activities are not counted.
    assert any("未登记考勤/成果" in p.note for u in board.committees for p in u.progress.values())


def test_the_demo_history_holds_only_moves_the_workflow_tables_allow(municipal):
    """The demo drives states through the services, and bulk-loads older history: every
    logged move, of either kind, must be one the model's workflow table allows (issue 8)."""
    from portal.models import TransitionLog

    from ..workflow_tables_data import TABLES

    allowed: dict[str, set[tuple[str, str]]] = {}
    for param in TABLES:
        _module, _table, models, model, moves = param.values
        label = f"{models.split('.')[0]}.{model}".lower()
        allowed.setdefault(label, set()).update((a, b) for a, b, _action in moves)
    logged = TransitionLog.objects.values_list(
        "content_type__app_label", "content_type__model", "from_state", "to_state"
    ).distinct()
    refused = [
        (f"{app}.{model}", a, b)
        for app, model, a, b in logged
        if (a, b) not in allowed.get(f"{app}.{model}", set())
    ]
    assert len(logged) > 20  # every module's demo logged moves
    assert not refused, refused


def test_every_page_of_every_role_reads_in_chinese(municipal):
    """Issue 10, defect 4: every page each demo role reaches by links, with no server
    error and no English or raw value in its visible text (see tests/page_scan.py)."""
    from ..page_scan import scan

    pages, failures, found = scan()
    assert pages > 150
    assert not failures, failures
    assert not found, "\n".join(f"{page}: {sorted(words)}" for page, words in found.items())
