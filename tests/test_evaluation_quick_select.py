"""The office's member choices on the meeting and awards pages (portal.widgets.SelectWidget):
the same options, selection and escaping as Django's Select, rendered without a template
per option."""

from __future__ import annotations

from django import forms
from django.urls import reverse

from evaluation.models import Speech
from portal.widgets import SelectWidget

from .scoring_helpers import day, meeting


def _options(html: str) -> list[str]:
    return [part.split("</option>")[0] for part in html.split("<option")[1:]]


def test_quick_select_renders_what_djangos_select_renders():
    choices = [("", "---------"), (1, "甲 <b>"), (2, '乙 "二"')]
    for value in (None, 2, "2"):
        quick = SelectWidget(choices=choices).render("member", value, {"id": "id_member"})
        plain = forms.Select(choices=choices).render("member", value, {"id": "id_member"})
        assert [o.strip() for o in _options(quick)] == [o.strip() for o in _options(plain)]
        assert 'name="member"' in quick and 'id="id_member"' in quick
    assert "&lt;b&gt;" in quick and 'value="2" selected>' in quick


def test_the_meeting_page_offers_every_member_and_records_a_speech(org, client):
    record = meeting(org, day(1), attendance={org.member: "present"})
    client.force_login(org.office)
    url = reverse("evaluation:meeting_detail", args=[record.pk])
    page = client.get(url).content.decode()
    for member in (org.member, org.other_member):
        assert f'<option value="{member.pk}">{member.name}</option>' in page
    response = client.post(
        reverse("evaluation:speech_add", args=[record.pk]),
        {"member": org.other_member.pk, "kind": "oral", "title": "关于生态保护的发言"},
    )
    assert response.status_code == 302
    assert Speech.objects.get(meeting=record).member == org.other_member


def test_the_awards_page_offers_members_by_name_and_code(org, client):
    client.force_login(org.office)
    page = client.get(reverse("evaluation:award_list")).content.decode()
    label = f"{org.member.name}（{org.member.code}）"
    assert f'<option value="{org.member.pk}">{label}</option>' in page
    assert f'<option value="{org.economy.pk}">{org.economy.name}</option>' in page
