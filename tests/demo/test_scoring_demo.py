"""The scoring part of `seed_demo`: the demo has last year frozen and this year in 公示;
every member's 履职档案 lists exactly his records of each score source (counts per kind
equal the underlying tables); a member's score is the sum of his lines; the demo logins
open the scoring pages."""

from __future__ import annotations

from django.db.models import Count, Sum
from django.urls import reverse
from django.utils import timezone

from committees.models import Activity, ActivityInvitation
from evaluation.dossier import member_dossier
from evaluation.models import MeetingAttendance, MemberScore, ScoreLine, ScoringRun, Speech
from members.models import Member
from portal.models import User
from proposals.models import Proposal, ProposalSigner
from proposals.scores import SUBMITTED_STATES


def test_the_demo_has_a_frozen_and_a_public_year(municipal):
    year = timezone.localdate().year
    runs = dict(ScoringRun.objects.filter(body=municipal).values_list("year", "status"))
    assert runs == {year - 1: "frozen", year: "public"}
    run = ScoringRun.objects.get(body=municipal, year=year - 1)
    totals = dict(MemberScore.objects.filter(run=run).values_list("member_id", "total"))
    sums = dict(
        ScoreLine.objects.filter(run=run)
        .values("member_id")
        .annotate(s=Sum("points"))
        .values_list("member_id", "s")
    )
    assert totals == sums and len(totals) > 200
    assert set(MemberScore.objects.filter(run=run).values_list("grade", flat=True)) >= {
        "excellent",
        "competent",
    }


def test_the_dossier_lines_equal_the_records(municipal):
    year = timezone.localdate().year - 1
    members = list(Member.objects.filter(body=municipal).order_by("pk")[:25])
    for member in members:
        dossier = member_dossier(member, year, with_score=True)
        counts = {s.key: {} for s in dossier.sections}
        for section in dossier.sections:
            for entry in section.entries:
                counts[section.key][entry.role] = counts[section.key].get(entry.role, 0) + 1
        attendance = dict(
            ActivityInvitation.objects.filter(
                member=member,
                activity__body=municipal,
                activity__starts_at__year=year,
                activity__status=Activity.Status.HELD,
                attendance__in=["present", "excused", "absent"],
            )
            .values_list("attendance")
            .annotate(n=Count("pk"))
        )
        expected = {"excused" if k == "leave" else k: v for k, v in counts["activities"].items()}
        assert expected == attendance, member
        meetings = dict(
            MeetingAttendance.objects.filter(member=member, meeting__starts_at__year=year)
            .values_list("status")
            .annotate(n=Count("pk"))
        )
        assert counts["meetings"] == meetings
        speeches = Speech.objects.filter(member=member, meeting__starts_at__year=year).count()
        assert sum(counts["speeches"].values()) == speeches
        first = Proposal.objects.filter(
            first_proposer=member, year=year, status__in=SUBMITTED_STATES
        ).count()
        co = ProposalSigner.objects.filter(
            member=member, proposal__year=year, proposal__status__in=SUBMITTED_STATES,
            status="confirmed",
        ).count()  # fmt: skip
        assert (counts["proposals"].get("first", 0), counts["proposals"].get("co", 0)) == (
            first,
            co,
        )


def test_the_demo_logins_open_the_scoring_pages(municipal, client):
    year = timezone.localdate().year
    member = User.objects.get(username="member")
    client.force_login(member)
    for url in (
        reverse("evaluation:my_score"),
        reverse("evaluation:member_score", args=[year, member.member.pk]),
        reverse("evaluation:dossier", args=[member.member.pk, year - 1]),
    ):
        assert client.get(url).status_code == 200, url
    client.force_login(User.objects.get(username="office"))
    for url in (
        reverse("evaluation:scoring_home"),
        reverse("evaluation:run_detail", args=[year]),
        reverse("evaluation:run_detail", args=[year - 1]),
        reverse("evaluation:meeting_list"),
    ):
        assert client.get(url).status_code == 200, url
    client.force_login(User.objects.get(username="staff"))
    assert client.get(reverse("evaluation:run_detail", args=[year])).status_code == 200


def test_the_demo_ranks_its_committees_and_records_awards(municipal):
    """Last year's committee evaluation is frozen with its awards, this year's computed;
    each committee's lines sum to its total."""
    from evaluation.models import Award, CommitteeRun, CommitteeScore, CommitteeScoreLine

    year = timezone.localdate().year
    runs = dict(CommitteeRun.objects.filter(body=municipal).values_list("year", "status"))
    assert runs == {year - 1: "frozen", year: "computed"}
    run = CommitteeRun.objects.get(body=municipal, year=year - 1)
    totals = dict(CommitteeScore.objects.filter(run=run).values_list("committee_id", "total"))
    sums = dict(
        CommitteeScoreLine.objects.filter(run=run)
        .values("committee_id")
        .annotate(s=Sum("points"))
        .values_list("committee_id", "s")
    )
    assert totals == sums and len(totals) >= 5
    assert max(totals.values()) > 0
    kinds = Award.objects.filter(body=municipal, year=year - 1).values_list("kind", flat=True)
    assert sorted(kinds) == ["excellent_committee"] + ["excellent_member"] * 3
