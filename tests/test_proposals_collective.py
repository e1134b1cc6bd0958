"""Collective proposals of democratic parties, people's organisations and sectors (条例
§14), registered by the office: the proposer (提案者) is recorded by kind and name, and the
proposal then follows the one path of every proposal (proposals.workflow)."""

from __future__ import annotations

import pytest
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.urls import reverse

from portal.models import Notification
from proposals import permissions as can
from proposals import services
from proposals.models import Proposal

from . import proposals_helpers as h

Org_ = Proposal.Organiser


def registered(org, **draft) -> Proposal:
    return h.submitted(org, by=org.office, kind=Proposal.Kind.COLLECTIVE, **draft)


def test_the_office_registers_a_democratic_partys_proposal_which_is_then_filed(org):
    proposal = registered(org, organiser_kind=Org_.PARTY, organiser_name=" 民盟鄂尔多斯市委员会 ")
    assert proposal.status == Proposal.Status.SUBMITTED
    assert (proposal.organiser_kind, proposal.organiser_name) == ("party", "民盟鄂尔多斯市委员会")
    assert proposal.proposer_label == "民盟鄂尔多斯市委员会"
    assert proposal.first_proposer_id is None and proposal.committee_id is None
    # The office speaks for it (evaluates the reply); it does not review its own entry.
    assert can.is_lead_proposer(proposal, org.office)
    assert not can.reviews(proposal, org.office)
    services.proposal_decide(proposal=proposal, by=org.reviewer, review=services.Review("file"))
    proposal.refresh_from_db()
    assert proposal.status == Proposal.Status.FILED and proposal.number
    told = Notification.objects.filter(recipient=org.office, title__contains="已立案")
    assert told.count() == 1


def test_a_peoples_organisation_and_a_sector_are_proposers_too(org):
    union = registered(org, organiser_kind=Org_.ORGANISATION, organiser_name="市总工会")
    assert union.get_organiser_kind_display() == "人民团体"
    sector = registered(org, organiser=org.education_sector)
    assert sector.organiser_kind == Org_.SECTOR
    assert sector.proposer_label == "教育界"
    # Counted for the sector and for the committee its group is linked to.
    assert (sector.sector_id, sector.committee_id) == (org.education_sector.pk, org.education.pk)


def test_only_the_office_registers_them(org):
    with pytest.raises(ValidationError) as error:
        h.draft(
            org,
            by=org.staff,
            kind=Proposal.Kind.COLLECTIVE,
            organiser_kind=Org_.PARTY,
            organiser_name="民盟鄂尔多斯市委员会",
        )
    assert "由办公室登记" in error.value.messages[0]
    with pytest.raises(ValidationError):
        h.draft(
            org, by=org.member_user, kind=Proposal.Kind.COLLECTIVE, organiser=org.economy_sector
        )
    assert not Proposal.objects.exists()


def test_a_party_proposal_needs_a_name_and_a_sector_of_the_body(org, other_org):
    with pytest.raises(ValidationError) as error:
        h.draft(org, by=org.office, kind=Proposal.Kind.COLLECTIVE, organiser_kind=Org_.PARTY)
    assert "提案者名称" in error.value.messages[0]
    with pytest.raises(ValidationError):
        h.draft(
            org, by=org.office, kind=Proposal.Kind.COLLECTIVE, organiser=other_org.economy_sector
        )
    assert not Proposal.objects.exists()


def test_the_database_refuses_a_collective_proposal_without_its_proposer(org):
    proposal = registered(org, organiser_kind=Org_.PARTY, organiser_name="民建鄂尔多斯市委员会")
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.filter(pk=proposal.pk).update(organiser_name="")
    with pytest.raises(IntegrityError), transaction.atomic():
        Proposal.objects.filter(pk=proposal.pk).update(organiser_sector=org.economy_sector)


def test_committee_and_group_proposals_keep_their_kind(org):
    by_committee = h.submitted(
        org, by=org.staff, kind=Proposal.Kind.COLLECTIVE, organiser=org.economy
    )
    by_group = h.submitted(
        org, by=org.staff, kind=Proposal.Kind.COLLECTIVE, organiser=org.economy_group
    )
    assert (by_committee.organiser_kind, by_group.organiser_kind) == ("committee", "sector_group")
    assert by_group.committee_id == org.economy.pk


def test_the_office_registers_one_in_the_browser_form(org, client):
    client.force_login(org.office)
    page = client.get(reverse("proposals:proposal_create"))
    form = page.context["form"]
    assert [c[0] for c in form.fields["kind"].choices] == ["collective"]
    assert "提案者" in page.content.decode()
    data = {
        "kind": "collective",
        "organiser": "party",
        "organiser_name": "",
        "title": "关于完善民营企业融资服务的建议",
        "category": "economy",
        "reasons": "民营企业融资难。",
        "suggestions": "建立融资服务平台。",
    }
    response = client.post(reverse("proposals:proposal_create"), data)
    assert response.status_code == 200
    assert "请填写提案者名称" in response.content.decode()
    assert "关于完善民营企业融资服务的建议" in response.content.decode()
    assert not Proposal.objects.exists()
    response = client.post(
        reverse("proposals:proposal_create"), {**data, "organiser_name": "民建鄂尔多斯市委员会"}
    )
    proposal = Proposal.objects.get()
    assert response.status_code == 302
    assert (proposal.organiser_kind, proposal.organiser_name) == ("party", "民建鄂尔多斯市委员会")
    response = client.post(
        reverse("proposals:proposal_edit", args=[proposal.pk]),
        {
            **data,
            "organiser": f"sector:{org.economy_sector.pk}",
            "version": proposal.version,
        },
    )
    proposal.refresh_from_db()
    assert (proposal.organiser_kind, proposal.organiser_sector, proposal.organiser_name) == (
        "sector",
        org.economy_sector,
        "",
    )
    detail = client.get(reverse("proposals:proposal_detail", args=[proposal.pk])).content.decode()
    assert "提案者" in detail and "经济界" in detail and "提出方式" in detail
