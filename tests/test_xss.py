"""QUALITY.md item 9: script payloads in free-text fields are neutralised on every page
that shows them and in the HTML that becomes a PDF."""

import pytest
from django.urls import reverse

from members.services import member_update
from organisation.services import org_record_save
from portal.services import notify

PAYLOADS = [
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "javascript:alert(1)",
    "<svg/onload=alert(1)>",
]


@pytest.fixture
def hostile(org):
    payload = " ".join(PAYLOADS)
    member_update(
        member=org.member,
        data={"employer": payload, "position": payload, "address": payload},
        expected_version=org.member.version,
        by=org.office,
    )
    org.economy.description = payload
    org_record_save(instance=org.economy, by=org.office)
    org.department.contact_person = payload[:50]
    org.department.address = payload
    org_record_save(instance=org.department, by=org.office)
    notify(recipients=[org.member_user], title=PAYLOADS[0], body=payload, url="/", email=False)
    return payload


def _assert_neutralised(html: str) -> None:
    assert "<script>alert(1)</script>" not in html
    assert "<img src=x onerror" not in html
    assert "<svg/onload" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html


@pytest.mark.parametrize(
    "who,url",
    [
        ("office", lambda o: reverse("members:member_detail", args=[o.member.pk])),
        ("office", lambda o: reverse("members:member_list")),
        ("member", lambda o: reverse("members:member_detail", args=[o.member.pk])),
        ("staff", lambda o: reverse("members:committee_detail", args=[o.economy.pk])),
        ("member", lambda o: reverse("members:committee_detail", args=[o.economy.pk])),
        ("office", lambda o: reverse("organisation:department_detail", args=[o.department.pk])),
        ("office", lambda o: reverse("portal:history")),
        ("member", lambda o: reverse("portal:notification_list")),
        ("member", lambda o: reverse("portal:home")),
    ],
)
def test_payloads_are_escaped_on_pages(org, client, hostile, who, url):
    client.force_login(org.login_of(who))
    response = client.get(url(org))
    assert response.status_code == 200
    _assert_neutralised(response.content.decode())


def test_payloads_are_escaped_in_the_roster_pdf_html(org, hostile):
    from django.template.loader import render_to_string
    from django.utils import timezone

    from members.selectors import committee_roster

    html = render_to_string(
        "members/roster_pdf.html",
        {
            "committee": org.economy,
            "roster": committee_roster(org.economy, timezone.localdate()),
            "today": timezone.localdate(),
        },
    )
    _assert_neutralised(html)
