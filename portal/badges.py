"""Status badges, declared next to the status choices instead of status strings compared
in templates. A model with a `status` field mixes in StatusBadge and maps its statuses to
Bootstrap colours:

    class Status(models.TextChoices): ...
    BADGES = {Status.APPROVED: "success", Status.RETURNED: "danger"}

Templates then write `{% status_badge obj %}` (portal_tags): a span with the classes
`badge text-bg-<colour>` and the status's label."""

from __future__ import annotations

from typing import ClassVar


class StatusBadge:
    """The colour of an object's status badge: BADGES[status], else BADGE_DEFAULT."""

    BADGES: ClassVar[dict[str, str]] = {}
    BADGE_DEFAULT: ClassVar[str] = "secondary"

    @property
    def badge(self) -> str:
        return self.BADGES.get(self.status, self.BADGE_DEFAULT)
