"""Every body starts with the standard reply categories (A/B/C), which its office may
then edit. Bodies that existed before this app got theirs from migration 0003."""

from __future__ import annotations

from typing import Any

from organisation.models import Body


def body_created(sender: type[Body], instance: Body, created: bool, raw: bool, **kwargs: Any):
    if not created or raw:
        return
    from .services.office import reply_categories_create_defaults

    reply_categories_create_defaults(body=instance)
