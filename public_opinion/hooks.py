"""What 社情民意 brings to the kernel's shared pages (portal.registry)."""

from __future__ import annotations

from django.db.models.signals import post_save

from organisation.models import Body


def _body_created(sender, instance: Body, created: bool, raw: bool, **kwargs) -> None:
    """Every new body starts with the standard rejection reasons and adoption levels."""
    if created and not raw:
        from .services import defaults_create

        defaults_create(body=instance)


def register() -> None:
    post_save.connect(_body_created, sender=Body, dispatch_uid="public_opinion_body_defaults")
