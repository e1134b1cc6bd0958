"""Settings of the annual scoring, each with a default (override in settings.py)."""

from __future__ import annotations

from django.conf import settings


def objection_days() -> int:
    """How many days members may file an objection once the scores are made public."""
    return int(getattr(settings, "SCORING_OBJECTION_DAYS", 7))
