"""Issue 10, defect 7: figure cards that look clickable are links to where the work is done
(被退回的计划 for the committee staff, 未入委的在任委员 for the office); every figure card
on their home pages is a link that opens."""

from __future__ import annotations

import re

from django.urls import reverse

from committees.services import plans as plan_services
from organisation.models import Sector

from . import committee_work_helpers as h

CARD = re.compile(r"<(a|div)\b([^>]*\bcard-stat\b[^>]*)>(.*?)</\1>", re.S)


def _cards(html: str) -> dict[str, tuple[str, str]]:
    """label → (tag, href) of every figure card on the page."""
    cards = {}
    for tag, attrs, inner in CARD.findall(html):
        label = re.findall(r'<div class="[^"]*small[^"]*">([^<]+)</div>', inner)
        href = re.search(r'href="([^"]+)"', attrs)
        cards[label[-1].strip() if label else inner] = (tag, href.group(1) if href else "")
    return cards


def _home_cards(client, user) -> dict[str, tuple[str, str]]:
    client.force_login(user)
    return _cards(client.get(reverse("portal:home")).content.decode())


def test_the_returned_plans_card_leads_to_the_returned_plans(client, org):
    plan = h.plan(org)
    plan = plan_services.plan_submit(plan=plan, by=org.staff)
    plan_services.plan_decide(plan=plan, approve=False, comment="请补充调研安排", by=org.vice_chair)
    cards = _home_cards(client, org.staff)
    tag, href = cards["被退回的计划"]
    assert tag == "a" and href
    page = client.get(href.replace("&amp;", "&"))
    assert page.status_code == 200
    assert reverse("committees:plan_detail", args=[plan.pk]) in page.content.decode()


def test_the_unseated_members_card_leads_to_them(client, org):
    loose = Sector.objects.create(body=org.body, name="特邀界")  # no sector group: no committee
    member = h.new_member(org, name="未入委的冯委员", sector=loose)
    cards = _home_cards(client, org.office)
    tag, href = cards["未入委的在任委员"]
    assert tag == "a" and href
    page = client.get(href)
    assert page.status_code == 200
    text = page.content.decode()
    assert member.name in text
    assert reverse("members:member_detail", args=[member.pk]) in text


def test_every_figure_card_of_the_staff_and_office_homes_is_a_link_that_opens(client, org):
    for user in (org.staff, org.office):
        cards = _home_cards(client, user)
        assert cards, user
        for label, (tag, href) in cards.items():
            assert tag == "a" and href, (user, label)
            assert client.get(href.replace("&amp;", "&")).status_code == 200, (user, label)
