"""The member's own section of the home page (members.hooks.home_me): his current
committees only, in one query for the seats and their committees."""

from __future__ import annotations

import datetime as dt

from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from members.hooks import home_me
from members.models import CommitteeMembership
from portal.access import roles_of


def test_the_member_section_names_his_current_committees_only(org, client):
    CommitteeMembership.objects.filter(member=org.member).delete()
    CommitteeMembership.objects.create(
        member=org.member, committee=org.economy, start_date=dt.date(2023, 1, 2)
    )
    CommitteeMembership.objects.create(
        member=org.member,
        committee=org.education,
        start_date=dt.date(2022, 1, 1),
        end_date=dt.date(2023, 1, 1),
    )
    request = RequestFactory().get("/")
    request.user = org.member_user
    roles_of(org.member_user)
    with CaptureQueriesContext(connection) as captured:
        context = home_me(request)
    assert len(captured) == 2  # the member with his sector; his seats with their committees
    html = render_to_string("members/home_me.html", context)
    assert org.economy.name in html and org.education.name not in html
    client.force_login(org.member_user)
    page = client.get(reverse("portal:home")).content.decode()
    section = page.split('id="member-section"')[1].split("</section>")[0]
    assert org.economy.name in section and org.education.name not in section
    CommitteeMembership.objects.filter(member=org.member, end_date__isnull=True).delete()
    section = client.get(reverse("portal:home")).content.decode().split('id="member-section"')[1]
    assert "所在专委会：无" in section.split("</section>")[0].replace("\n", "")
