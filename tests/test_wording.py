"""The portal speaks the language of CPPCC documents (issue 9, terms and wording): state
names, 提出方式, 提案者, 反映未沟通, 调出专委会 / 现有委员, and the 政治面貌 of members."""

from __future__ import annotations

import pytest
from django.urls import reverse

from members.models import CommitteeMembership, Member
from members.services import member_create
from proposals.models import Communication, Proposal

from . import proposals_helpers as h


def test_proposal_states_are_named_as_documents_name_them():
    S = Proposal.Status
    names = {s: str(s.label) for s in S}
    assert names[S.FILED] == "已立案"
    assert names[S.MERGED] == "已并案"
    assert names[S.WITHDRAWN] == "已撤回"
    assert names[S.CLOSED] == "已办结"
    assert names[S.REHANDLING] == "重新办理中"
    assert names[S.ASSIGNED] == "已交办" and names[S.REPLIED] == "已答复"
    assert str(Proposal._meta.get_field("kind").verbose_name) == "提出方式"
    assert str(Communication.Answer.DISPUTED.label) == "反映未沟通"


def test_members_may_be_masses_or_youth_league_members():
    labels = {str(label) for _value, label in Member.Affiliation.choices}
    assert {"群众", "共青团员", "中共党员", "民主党派", "无党派人士"} <= labels
    assert str(CommitteeMembership._meta.get_field("end_date").verbose_name) == "调出日期"


@pytest.mark.django_db
def test_a_member_recorded_as_masses_is_kept(org):
    member = member_create(
        body_id=org.body.pk,
        data={
            "code": "W0300",
            "name": "郑委员",
            "gender": "female",
            "affiliation": Member.Affiliation.MASSES,
            "sector": org.economy_sector,
        },
        term=org.term,
        by=org.office,
    )
    member.refresh_from_db()
    assert member.get_affiliation_display() == "群众"


@pytest.mark.django_db
def test_committee_pages_say_current_members_and_transfer_out(org, client):
    client.force_login(org.office)
    page = client.get(reverse("members:committee_detail", args=[org.economy.pk])).content.decode()
    assert "现有委员" in page and "调出专委会" in page
    assert "在委委员" not in page and "离委" not in page
    seat = org.member.memberships.get()
    end = client.get(reverse("members:membership_end", args=[seat.pk])).content.decode()
    assert "调出专委会" in end and "调出日期" in end and "离委" not in end


@pytest.mark.django_db
def test_a_proposal_page_uses_the_documents_words(org, client):
    proposal = h.filed(org)
    client.force_login(org.member_user)
    page = client.get(reverse("proposals:proposal_detail", args=[proposal.pk])).content.decode()
    assert "已立案" in page and "提出方式" in page and "提案方式" not in page
    collective = h.submitted(
        org, by=org.staff, kind=Proposal.Kind.COLLECTIVE, organiser=org.economy
    )
    client.force_login(org.staff)
    page = client.get(reverse("proposals:proposal_detail", args=[collective.pk])).content.decode()
    assert "提案者" in page and "提案集体" not in page


@pytest.mark.django_db
def test_the_proposals_export_says_how_it_was_proposed(org, client):
    import io

    from openpyxl import load_workbook

    h.filed(org)
    client.force_login(org.office)
    response = client.get(reverse("proposals:proposal_export", args=["xlsx"]))
    content = b"".join(response.streaming_content) if response.streaming else response.content
    sheet = load_workbook(io.BytesIO(content)).active
    header = [cell.value for cell in next(sheet.iter_rows(max_row=1))]
    assert "提出方式" in header and "提案方式" not in header
    assert any(row[header.index("状态")] == "已立案" for row in sheet.iter_rows(values_only=True))
