"""The 文史资料 part of `seed_demo`: every role of the Ordos demo finds its work — the
editor his queue and a volume being compiled, the culture committee's staff a returned
manuscript of an outside author, the vice-chair a plan to approve, the member his
manuscript — and every page of the module answers for the demo logins."""

from __future__ import annotations

from django.urls import reverse

from archives.models import CollectionPlan, Manuscript, Volume
from portal.models import User
from portal.todos import counts


def test_the_demo_has_archives_work_in_every_step(municipal):
    states = set(Manuscript.objects.filter(body=municipal).values_list("status", flat=True))
    assert {"published", "selected", "second_review", "returned", "first_review", "draft"} <= states
    assert set(Volume.objects.filter(body=municipal).values_list("status", flat=True)) == {
        "published",
        "editing",
    }
    assert set(CollectionPlan.objects.filter(body=municipal).values_list("status", flat=True)) == {
        "open",
        "submitted",
    }
    kinds = {k.key: n for k, n in counts(User.objects.get(username="editor")).kinds}
    assert kinds["archives_review"] == 3  # 登记, 初审 (the member's), 复审
    kinds = {k.key: n for k, n in counts(User.objects.get(username="staff_culture_history")).kinds}
    assert kinds["archives_returned"] == 1


def test_every_archives_page_answers_for_the_demo_logins(municipal, client):
    manuscripts = list(Manuscript.objects.filter(body=municipal))
    volumes = list(Volume.objects.filter(body=municipal))
    for username in ("office", "editor", "staff_culture_history", "vicechair5", "member", "staff"):
        client.force_login(User.objects.get(username=username))
        for name in (
            "archives:home",
            "archives:my_manuscripts",
            "archives:plan_list",
            "archives:volume_list",
            "archives:item_list",
        ):
            assert client.get(reverse(name)).status_code == 200, (username, name)
        assert client.get(reverse("archives:home"), {"q": "乌兰牧骑"}).status_code == 200
        for m in manuscripts:
            status = client.get(reverse("archives:manuscript_detail", args=[m.pk])).status_code
            assert status in (200, 404), (username, m.title, status)
        for v in volumes:
            status = client.get(reverse("archives:volume_detail", args=[v.pk])).status_code
            assert status in (200, 404), (username, v.title, status)
    client.force_login(User.objects.get(username="member"))
    page = client.get(reverse("archives:home"), {"q": "乌兰牧骑"}).content.decode()
    assert "草原上的红色文艺轻骑兵" in page
    page = client.get(reverse("archives:my_manuscripts")).content.decode()
    assert "我所经历的乡镇企业改制" in page
