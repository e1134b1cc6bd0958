"""The form renderer (portal.renderers): selects, checkbox lists and radios written in Python
exactly as Django's templates write them — options, groups, selection, attributes and
escaping — and the member choices of the meeting and awards pages."""

from __future__ import annotations

import pytest
from django import forms
from django.forms.renderers import DjangoTemplates
from django.urls import reverse

from evaluation.models import Speech
from portal.renderers import Renderer

from .scoring_helpers import day, meeting

CHOICES = [("", "---------"), (1, "甲 <b>"), (2, '乙 "二" & 丙')]
GROUPED = [("", "—"), ("第一组 <i>", [(1, "一"), (2, "二")]), (3, "三")]


class _Form(forms.Form):
    one = forms.ChoiceField(choices=CHOICES, required=False)
    grouped = forms.ChoiceField(choices=GROUPED, required=False)
    many = forms.MultipleChoiceField(choices=CHOICES[1:], required=False)
    boxes = forms.MultipleChoiceField(
        choices=CHOICES[1:], widget=forms.CheckboxSelectMultiple, required=False
    )
    radio = forms.ChoiceField(choices=CHOICES[1:], widget=forms.RadioSelect, required=False)
    plain = forms.CharField(required=False)


def _rendered(renderer, data) -> dict[str, list[str]]:
    form = _Form(data, renderer=renderer)
    form.fields["one"].widget.attrs.update({"class": "form-select", "disabled": True})
    return {
        name: [
            str(form[name].as_widget()),
            *(str(option.tag()) for option in form[name] if name in ("boxes", "radio")),
            *(str(option) for option in form[name] if name in ("boxes", "radio")),
        ]
        for name in form.fields
    }


@pytest.mark.parametrize(
    "data",
    [
        None,
        {"one": "2", "grouped": "2", "many": ["1", "2"], "boxes": ["2"], "radio": "1"},
        {"one": "<x>", "plain": 'a "b" <c>'},
    ],
)
def test_widgets_read_as_djangos_templates_write_them(data):
    assert _rendered(Renderer(), data) == _rendered(DjangoTemplates(), data)


def test_the_project_renders_forms_with_it():
    assert isinstance(_Form().renderer, Renderer)
    html = str(_Form({"one": "2"})["one"])
    assert '<option value="2" selected>乙 &quot;二&quot; &amp; 丙</option>' in html
    assert "甲 &lt;b&gt;" in html


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
