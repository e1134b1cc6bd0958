"""协商 quality review: the indicators, a meeting's score, the weighted total."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.models import User

from ..access import office_of
from ..models import (
    Consultation,
    Outcome,
    QualityIndicator,
    QualityScore,
)
from .common import _locked, _save

# ---- quality evaluation (§9) --------------------------------------------------------------------


def quality_indicators() -> list[QualityIndicator]:
    return list(QualityIndicator.objects.filter(is_active=True).order_by("order", "pk"))


@transaction.atomic
def quality_score(
    *, consultation: Consultation, scores: dict[int, tuple[int, str]], by: User
) -> int:
    """The office scores a closed consultation on every active indicator (0–100 each, a
    short comment); scoring again replaces the scores. Returns the weighted total."""
    consultation = _locked(consultation)
    if not office_of(consultation, by):
        raise PermissionDenied
    outcome = Outcome.objects.filter(consultation=consultation).first()
    if outcome is None or outcome.status != Outcome.Status.CLOSED:
        raise ValidationError(_("协商成果反馈完毕（办结）后才能评价协商质量。"))
    indicators = quality_indicators()
    if {i.pk for i in indicators} != set(scores):
        raise ValidationError(_("请为每一项指标打分。"))
    for indicator in indicators:
        score, comment = scores[indicator.pk]
        if not 0 <= score <= 100:
            raise ValidationError(
                _("「%(name)s」的得分须在 0 至 100 之间。") % {"name": indicator.name}
            )
        row = QualityScore.objects.filter(consultation=consultation, indicator=indicator).first()
        row = row or QualityScore(consultation=consultation, indicator=indicator)
        row.score, row.comment = score, comment.strip()[:200]
        row.scored_by, row.scored_at = by, timezone.now()
        _save(row, by)
    return weighted_total(consultation)


def weighted_total(consultation: Consultation) -> int | None:
    """The weighted score of a consultation (None before it is scored)."""
    rows = list(QualityScore.objects.filter(consultation=consultation).select_related("indicator"))
    weight = sum(r.indicator.weight for r in rows)
    if not weight:
        return None
    return round(sum(r.score * r.indicator.weight for r in rows) / weight)
