"""§9: the office scores a closed consultation on data-defined indicators with weights;
the plan and each outcome print as PDF."""

from __future__ import annotations

import pytest
from django.core.exceptions import PermissionDenied, ValidationError
from django.urls import reverse

from consultations import services
from consultations.models import Outcome, QualityIndicator, QualityScore

from .consultations_helpers import recommendation, sent_outcome

pytestmark = pytest.mark.django_db


def _indicators() -> list[QualityIndicator]:
    from importlib import import_module

    seeds = import_module("consultations.migrations.0004_quality_indicators").INDICATORS
    for order, (code, name, description, weight) in enumerate(seeds, start=1):
        QualityIndicator.objects.get_or_create(
            code=code,
            defaults={"name": name, "description": description, "weight": weight, "order": order},
        )
    return services.quality_indicators()


def _closed(org, outcome: Outcome | None = None) -> Outcome:
    outcome = outcome or sent_outcome(org)
    for n in (1, 2):
        services.recommendation_answer(
            recommendation=recommendation(outcome, n), status="adopted", answer="好", by=org.staff
        )
    return services.outcome_move(outcome=outcome, target=Outcome.Status.CLOSED, by=org.staff)


def test_the_office_scores_a_closed_consultation_with_weights(org):
    indicators = _indicators()
    outcome = sent_outcome(org)
    c = outcome.consultation
    scores = {i.pk: (80, "") for i in indicators}
    with pytest.raises(ValidationError, match="办结"):
        services.quality_score(consultation=c, scores=scores, by=org.office)
    _closed(org, outcome)
    with pytest.raises(PermissionDenied):
        services.quality_score(consultation=c, scores=scores, by=org.staff)
    with pytest.raises(ValidationError, match="每一项"):
        services.quality_score(consultation=c, scores={indicators[0].pk: (80, "")}, by=org.office)
    with pytest.raises(ValidationError, match="0 至 100"):
        services.quality_score(
            consultation=c, scores=scores | {indicators[0].pk: (101, "")}, by=org.office
        )
    assert not QualityScore.objects.exists()
    # Weights are data: the adoption indicator counts double.
    QualityIndicator.objects.filter(code="adoption").update(weight=40)
    adoption = QualityIndicator.objects.get(code="adoption").pk
    scores = {i.pk: (60, "一般") for i in indicators} | {adoption: (90, "采纳率高")}
    total = services.quality_score(consultation=c, scores=scores, by=org.office)
    assert total == round((60 * 80 + 90 * 40) / 120)
    # Scoring again replaces the scores, kept in the history.
    services.quality_score(consultation=c, scores=scores | {adoption: (100, "")}, by=org.office)
    assert QualityScore.objects.filter(consultation=c).count() == 5
    assert QualityScore.objects.get(consultation=c, indicator_id=adoption).history.count() == 2


def test_the_quality_page_and_the_pdfs(org, client):
    indicators = _indicators()
    outcome = _closed(org)
    c = outcome.consultation
    client.force_login(org.office)
    url = reverse("consultations:quality", args=[c.pk])
    data = {f"s{i.pk}": "85" for i in indicators}
    response = client.post(url, data | {f"s{indicators[0].pk}": "abc"})
    assert response.status_code == 422 and not QualityScore.objects.exists()
    assert client.post(url, data).status_code == 302
    page = client.get(reverse("consultations:consultation_detail", args=[c.pk])).content.decode()
    assert "加权得分" in page and "<strong>85</strong>" in page
    pdf = client.get(reverse("consultations:outcome_pdf", args=[c.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    plan = c.plan_item.plan
    pdf = client.get(reverse("consultations:plan_pdf", args=[plan.pk]))
    assert pdf["Content-Type"] == "application/pdf" and pdf.content.startswith(b"%PDF")
    client.force_login(org.member_user)
    assert client.get(reverse("consultations:outcome_pdf", args=[c.pk])).status_code == 403
