"""Q16/Q17 from 社情民意 (public_opinion.counting): which states count, co-authors, and
collective items for committees and sector groups, on a hand-built set; and the score
source rows."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from portal.registry import quota_counters, score_sources
from public_opinion import services
from public_opinion.models import AdoptionLevel, Author, RejectionReason

from .public_opinion_helpers import (
    accepted_report,
    draft,
    info_editor,
    joint_report,
    member_report,
    submitted_report,
)

pytestmark = pytest.mark.django_db


def _year(day: dt.date | None = None):
    day = day or timezone.localdate()
    tz = timezone.get_current_timezone()
    start = dt.datetime(day.year, 1, 1, tzinfo=tz)
    return start, dt.datetime(day.year + 1, 1, 1, tzinfo=tz), day


def test_returned_rejected_and_pending_items_do_not_count(org):
    editor = info_editor(org)
    member_report(org)  # draft
    submitted_report(org)  # waiting in the queue
    returned = submitted_report(org, title="退回")
    services.report_return(report=returned, comment="请修改", by=editor)
    rejected = submitted_report(org, title="不采用")
    services.report_reject(
        report=rejected, reason=RejectionReason.objects.filter(body=org.body).first(), by=editor
    )
    counts = quota_counters.get("social_opinion_reports").count(org.body.pk, *_year())
    assert counts.get(("member", org.member.pk), 0) == 0


def test_accepted_items_count_for_each_confirmed_author(org):
    editor = info_editor(org)
    accepted_report(org)
    joint = joint_report(org, [org.other_member])
    services.report_accept(report=joint, by=editor)
    declined = member_report(org, coauthors=[org.other_member], title="谢绝的联名")
    services.report_submit(report=declined, by=org.member_user)
    services.coauthor_answer(
        author=Author.objects.get(report=declined, member=org.other_member),
        confirm=False,
        by=org.other_member_user,
    )
    services.report_accept(report=declined, by=editor)
    counts = quota_counters.get("social_opinion_reports").count(org.body.pk, *_year())
    assert counts[("member", org.member.pk)] == 3
    assert counts[("member", org.other_member.pk)] == 1  # the declined one is not his


def test_merged_items_count_once_for_their_authors(org):
    a = submitted_report(org)
    b = submitted_report(org, title="同题")
    services.reports_merge(
        reports=[a, b], title="综合", situation="s", analysis="", suggestions="g",
        topic="other", by=info_editor(org),
    )  # fmt: skip
    counts = quota_counters.get("social_opinion_reports").count(org.body.pk, *_year())
    assert counts[("member", org.member.pk)] == 2


def test_collective_items_count_for_committee_and_group(org):
    editor = info_editor(org)
    by_committee = services.report_create(
        body_id=org.body.pk, draft=draft(organiser_committee=org.economy), by=org.staff
    )
    by_group = services.report_create(
        body_id=org.body.pk, draft=draft(organiser_sector_group=org.economy_group), by=org.staff
    )
    for report in (by_committee, by_group):
        services.report_submit(report=report, by=org.staff)
        services.report_accept(report=report, by=editor)
    counts = quota_counters.get("social_opinion_reports").count(org.body.pk, *_year())
    assert counts[("committee", org.economy.pk)] == 2
    assert counts[("sector_group", org.economy_group.pk)] == 1
    assert ("committee", org.education.pk) not in counts


def test_items_of_another_year_do_not_count(org):
    accepted_report(org)
    start, end, day = _year()
    counts = quota_counters.get("social_opinion_reports").count(
        org.body.pk, start.replace(year=start.year - 1), start, day
    )
    assert counts == {}


def test_score_rows_credit_authors_roles_and_adoptions(org, other_org):
    editor = info_editor(org)
    joint = joint_report(org, [org.other_member])
    services.report_accept(report=joint, by=editor)
    level = AdoptionLevel.objects.get(body=org.body, code="city_party_gov")
    services.adoption_record(report=joint, level=level, adopted_on=timezone.localdate(), by=editor)
    # Forwarded up and adopted there: credited back to the same authors.
    org.body.parent = other_org.body
    org.body.save()
    forwarding = services.report_forward(report=joint, to_body=other_org.body, by=editor)
    copy = services.forwarding_accept(forwarding=forwarding, by=info_editor(other_org))
    copy = services.report_accept(report=copy, by=info_editor(other_org))
    region = AdoptionLevel.objects.get(body=other_org.body, code="region")
    services.adoption_record(
        report=copy, level=region, adopted_on=timezone.localdate(), by=info_editor(other_org)
    )
    source = score_sources.get("public_opinion")
    rows = sorted(
        (r["member_id"], r["role"], r["record_id"])
        for r in source.rows(org.body.pk, timezone.localdate().year)
    )
    m, o = org.member.pk, org.other_member.pk
    assert rows == sorted(
        [
            (m, "first", joint.pk), (o, "co", joint.pk),
            (m, "adopted_city_party_gov", joint.pk), (o, "adopted_city_party_gov", joint.pk),
            (m, "adopted_region", joint.pk), (o, "adopted_region", joint.pk),
        ]
    )  # fmt: skip
    # The higher body's own scoring does not credit our members.
    assert list(source.rows(other_org.body.pk, timezone.localdate().year)) == []
    assert source.url(joint.pk).endswith(f"/{joint.pk}/")


def test_the_quota_board_reads_this_counter(org):
    """Q16/Q17 on the board (evaluation) from a hand-built set: the member's accepted item
    makes his Q17 met; the other member's returned item does not; the economy committee's
    collective item meets Q16."""
    from evaluation.periods import Light
    from evaluation.selectors import body_board

    editor = info_editor(org)
    accepted_report(org)
    returned = submitted_report(org, user=org.other_member_user, title="退回的")
    services.report_return(report=returned, comment="请补充", by=editor)
    collective = services.report_create(
        body_id=org.body.pk, draft=draft(organiser_committee=org.economy), by=org.staff
    )
    services.report_submit(report=collective, by=org.staff)
    services.report_accept(report=collective, by=editor)
    board = body_board(org.body, timezone.localdate())
    mine = next(u for u in board.members if u.pk == org.member.pk)
    other = next(u for u in board.members if u.pk == org.other_member.pk)
    assert (mine.progress["Q17"].value, mine.progress["Q17"].light) == (1, Light.MET)
    assert other.progress["Q17"].value == 0 and other.progress["Q17"].light != Light.MET
    economy = next(c for c in board.committees if c.pk == org.economy.pk)
    assert economy.progress["Q16"].value == 1


def test_the_members_dossier_lists_his_items_and_adoptions(org):
    """evaluation's 履职档案 reads the score source as SQL (member_id, role, record_id, at,
    title, kind)."""
    from evaluation.dossier import member_dossier

    editor = info_editor(org)
    report = accepted_report(org)
    level = AdoptionLevel.objects.get(body=org.body, code="region")
    services.adoption_record(report=report, level=level, adopted_on=timezone.localdate(), by=editor)
    dossier = member_dossier(org.member, timezone.localdate().year, with_score=False)
    section = next(s for s in dossier.sections if s.key == "public_opinion")
    assert sorted(e.role for e in section.entries) == ["adopted_region", "first"]
    assert {e.role_label for e in section.entries} == {"第一作者", "自治区政协采用"}
