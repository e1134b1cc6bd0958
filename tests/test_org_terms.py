"""Terms begin on the opening day of their first plenary session (SPEC §2), the demo's
Ordos terms are the right ones, and plenary sessions belong to their term."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from demo import org_data
from organisation.models import Body, PlenarySession, Term, chinese_numeral
from organisation.services import org_record_save

SOURCE_DOCUMENT_DAY = dt.date(2021, 5, 14)  # 鄂政协发〔2021〕2号, to 四届市政协全体委员


def test_the_source_document_falls_in_the_demos_fourth_term():
    fourth, fifth = org_data.TERM_4, org_data.TERM_5
    assert (fourth.number, fourth.name, fifth.number, fifth.name) == (4, "第四届", 5, "第五届")
    assert fourth.start <= SOURCE_DOCUMENT_DAY <= fourth.end
    # Each opened at its first plenary session in January, not on 1 January...
    assert (fourth.start.year, fourth.start.month) == (2017, 1) and fourth.start.day != 1
    assert (fifth.start.year, fifth.start.month) == (2022, 1) and fifth.start.day != 1
    # ...and ends the day before the next one opens.
    assert fourth.end == fifth.start - dt.timedelta(days=1)


def test_chinese_numerals_as_documents_write_them():
    assert [chinese_numeral(n) for n in (1, 4, 10, 14, 20, 25)] == [
        "一",
        "四",
        "十",
        "十四",
        "二十",
        "二十五",
    ]


@pytest.mark.django_db
def test_terms_of_a_body_do_not_overlap(org):
    before = Term(body=org.body, number=3, name="第三届", start_date=dt.date(2017, 1, 10))
    before.end_date = org.term.start_date  # one day too many
    with pytest.raises(ValidationError) as error:
        org_record_save(instance=before, by=org.office)
    assert "第四届" in error.value.messages[0]
    before.end_date = org.term.start_date - dt.timedelta(days=1)
    org_record_save(instance=before, by=org.office)
    # Another body's terms are its own business.
    district = Body.objects.create(name="东胜区政协", short_name="东胜区", level="district")
    same_days = Term(
        body=district,
        number=9,
        name="第九届",
        start_date=dt.date(2017, 1, 10),
        end_date=org.term.start_date,
    )
    org_record_save(instance=same_days, by=org.office)
    assert Term.objects.filter(start_date=dt.date(2017, 1, 10)).count() == 2


@pytest.mark.django_db
def test_the_first_session_opens_the_term_and_sessions_stay_inside_it(org):
    term = org.term
    wrong = PlenarySession(
        term=term,
        number=1,
        start_date=term.start_date + dt.timedelta(days=3),
        end_date=term.start_date + dt.timedelta(days=6),
    )
    with pytest.raises(ValidationError) as error:
        org_record_save(instance=wrong, by=org.office)
    assert "一次会议开幕之日即本届开始日期" in str(error.value)
    first = PlenarySession(
        term=term,
        number=1,
        start_date=term.start_date,
        end_date=term.start_date + dt.timedelta(days=3),
    )
    org_record_save(instance=first, by=org.office)
    assert str(first) == "四届一次会议"
    outside = PlenarySession(
        term=term,
        number=2,
        start_date=term.end_date + dt.timedelta(days=1),
        end_date=term.end_date + dt.timedelta(days=3),
    )
    with pytest.raises(ValidationError):
        org_record_save(instance=outside, by=org.office)
    clash = PlenarySession(
        term=term,
        number=2,
        start_date=term.start_date + dt.timedelta(days=30),
        end_date=term.start_date + dt.timedelta(days=33),
        proposals_from=term.start_date + dt.timedelta(days=2),
    )
    with pytest.raises(ValidationError) as error:
        org_record_save(instance=clash, by=org.office)
    assert "四届一次会议" in error.value.messages[0]
    assert PlenarySession.objects.count() == 1


@pytest.mark.django_db
def test_the_office_adds_a_session_on_the_terms_page(org, client):
    client.force_login(org.office)
    page = client.get(reverse("organisation:session_create", args=[org.term.pk]))
    assert page.context["form"]["start_date"].value() == org.term.start_date
    data = {
        "number": 1,
        "start_date": org.term.start_date.isoformat(),
        "end_date": (org.term.start_date + dt.timedelta(days=3)).isoformat(),
        "proposals_from": "",
    }
    response = client.post(reverse("organisation:session_create", args=[org.term.pk]), data)
    assert response.status_code == 302
    session = PlenarySession.objects.get()
    listing = client.get(reverse("organisation:term_list")).content.decode()
    assert "四届一次会议" in listing and "第一次全体会议" in listing
    response = client.post(
        reverse("organisation:session_edit", args=[session.pk]),
        {**data, "start_date": (org.term.start_date + dt.timedelta(days=1)).isoformat()},
    )
    assert response.status_code == 200  # refused, the form keeps what was typed
    session.refresh_from_db()
    assert session.start_date == org.term.start_date


@pytest.mark.django_db
def test_sessions_of_another_body_are_not_found(org, other_org, client):
    session = PlenarySession.objects.create(
        term=other_org.term,
        number=1,
        start_date=other_org.term.start_date,
        end_date=other_org.term.start_date + dt.timedelta(days=3),
    )
    client.force_login(org.office)
    assert client.get(reverse("organisation:session_edit", args=[session.pk])).status_code == 404
    url = reverse("organisation:session_create", args=[other_org.term.pk])
    assert client.post(url, {"number": 2}).status_code == 404
    assert PlenarySession.objects.count() == 1


@pytest.mark.django_db
def test_the_office_sets_the_bodys_proposal_numbering(org, client):
    client.force_login(org.office)
    url = reverse("organisation:body_edit", args=[org.body.pk])
    response = client.post(
        url, {"name": org.body.name, "short_name": "鄂尔多斯", "proposal_numbering": "session"}
    )
    assert response.status_code == 302
    org.body.refresh_from_db()
    assert org.body.proposal_numbering == Body.ProposalNumbering.SESSION
    page = client.get(reverse("organisation:body_list")).content.decode()
    assert "按会议编号" in page
