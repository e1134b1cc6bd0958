"""Issue 10, defect 10: on the activity form the staff's own committee is chosen for them,
and the organising sector groups are the committee's own, offered as checkboxes (no
Ctrl-click <select multiple>), with a filter box when there are many."""

from __future__ import annotations

import datetime as dt
import re

from django.urls import reverse
from django.utils import timezone

from committees.models import Activity
from organisation.models import SectorGroup

from . import committee_work_helpers as h


def _form_html(client, user) -> str:
    client.force_login(user)
    response = client.get(reverse("committees:activity_create"))
    assert response.status_code == 200
    return response.content.decode()


def _post(client, **fields):
    start = timezone.localtime(timezone.now() + dt.timedelta(days=5)).replace(second=0)
    data = {
        "type": Activity.Type.RESEARCH,
        "topic": "能源产业专题调研",
        "starts_at": start.strftime("%Y-%m-%dT%H:%M"),
        "ends_at": (start + dt.timedelta(hours=2)).strftime("%Y-%m-%dT%H:%M"),
        "place": "市政协三楼会议室",
    } | fields
    return client.post(reverse("committees:activity_create"), data)


def test_the_staffs_own_committee_is_chosen_and_the_first_save_works(client, org):
    html = _form_html(client, org.staff)
    select = re.search(r'<select name="committee".*?</select>', html, re.S).group(0)
    assert re.search(rf'<option value="{org.economy.pk}" selected>', select)
    # What the browser sends back with the committee as offered.
    response = _post(client, committee=org.economy.pk)
    assert response.status_code == 302
    assert Activity.objects.get(topic="能源产业专题调研").owner_committee == org.economy


def test_sector_groups_are_the_committees_own_as_checkboxes(client, org):
    html = _form_html(client, org.staff)
    assert not re.search(r'<select[^>]*name="sector_groups"', html)
    boxes = re.findall(r'<input type="checkbox" name="sector_groups" value="(\d+)"', html)
    assert boxes == [str(org.economy_group.pk)]
    assert org.education_group.name not in html


def test_a_group_of_another_committee_is_refused(client, org):
    client.force_login(org.staff)
    response = _post(client, committee=org.economy.pk, sector_groups=[org.education_group.pk])
    assert response.status_code == 200
    assert not Activity.objects.filter(topic="能源产业专题调研").exists()
    response = _post(client, committee=org.economy.pk, sector_groups=[org.economy_group.pk])
    assert response.status_code == 302
    activity = Activity.objects.get(topic="能源产业专题调研")
    assert list(activity.sector_groups.all()) == [org.economy_group]


def test_the_office_chooses_among_all_groups_and_many_get_a_filter_box(client, org):
    html = _form_html(client, org.office)
    boxes = set(re.findall(r'<input type="checkbox" name="sector_groups" value="(\d+)"', html))
    assert boxes == {str(org.economy_group.pk), str(org.education_group.pk)}
    assert "data-checklist-filter" not in html
    for n in range(10):
        SectorGroup.objects.create(body=org.body, name=f"第{n}活动组", committee=org.economy)
    assert "data-checklist-filter" in _form_html(client, org.office)
    assert "data-checklist-filter" in _form_html(client, org.staff)


def test_plan_items_offer_the_plans_committees_groups_as_checkboxes(client, org):
    plan = h.plan(org, items=0)
    client.force_login(org.staff)
    html = client.get(reverse("committees:plan_item_create", args=[plan.pk])).content.decode()
    boxes = re.findall(r'<input type="checkbox" name="sector_groups" value="(\d+)"', html)
    assert boxes == [str(org.economy_group.pk)]
