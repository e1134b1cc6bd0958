"""The states of a notice, in one table (STYLE.md): draft → published → closed, and a
published or closed notice may be withdrawn with a reason. Services move it with
`NOTICE.move(notice, target, by=user, comment=...)`, which checks who acts and logs it."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _

from portal.workflow import Transition, Workflow

from .access import manages
from .models import Notice

S = Notice.Status

NOTICE = Workflow(
    Transition(S.DRAFT, S.PUBLISHED, _("发布"), allowed=manages),
    # No more replies; recipients still read it.
    Transition(S.PUBLISHED, S.CLOSED, _("结束"), allowed=manages),
    Transition(S.PUBLISHED, S.WITHDRAWN, _("撤回"), allowed=manages, needs_comment=True),
    Transition(S.CLOSED, S.WITHDRAWN, _("撤回"), allowed=manages, needs_comment=True),
)
