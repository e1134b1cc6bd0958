"""One mechanism for every workflow: a table of allowed transitions per model, and one
function that performs a transition, checks who acts, and writes the transition log.

A model's workflow module declares its table::

    WORKFLOW = Workflow(
        Transition(S.DRAFT, S.SUBMITTED, _("提交"), allowed=lambda plan, user: ...),
        Transition(S.SUBMITTED, S.APPROVED, _("批准"), allowed=...),
    )

and services call ``WORKFLOW.move(plan, S.SUBMITTED, by=user, comment=...)`` inside their
transaction, then save the object. Only services change a status.

``move`` re-reads the state under a row lock (``SELECT ... FOR UPDATE``) before it consults
the table: of two people deciding on the same record at once, the second waits for the
first to commit, then sees the new state and is refused by the table, with the usual
Chinese message. A move without an actor is a *system* move and must say so
(``by=None, system=True``); ``by=None`` alone is a programming error, never a silent
skip of the permission check.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import ValidationError
from django.db import models, transaction
from django.utils.translation import gettext as _

from .models import TransitionLog, User

Allowed = Callable[[Any, User], bool]


@dataclass(frozen=True)
class Transition:
    source: str
    target: str
    label: str
    # Who may perform it; None means any caller the service already let through.
    allowed: Allowed | None = None
    # A transition that needs a reason (e.g. a return) refuses an empty comment.
    needs_comment: bool = False


class Workflow:
    def __init__(self, *transitions: Transition, field: str = "status") -> None:
        self.field = field
        self._table: dict[tuple[str, str], Transition] = {}
        for transition in transitions:
            key = (str(transition.source), str(transition.target))
            if key in self._table:
                raise ValueError(f"duplicate transition {key}")
            self._table[key] = transition

    def moves(self) -> set[tuple[str, str, str]]:
        """Every (from, to, action) the table allows, whoever may make it."""
        return {(src, target, str(t.label)) for (src, target), t in self._table.items()}

    def targets(self, source: str) -> set[str]:
        return {target for (src, target) in self._table if src == source}

    def available(self, obj: models.Model, user: User) -> list[Transition]:
        """The transitions this user may perform on obj now, in table order."""
        current = getattr(obj, self.field)
        return [
            t
            for (src, _target), t in self._table.items()
            if src == current and (t.allowed is None or t.allowed(obj, user))
        ]

    def can(self, obj: models.Model, target: str, user: User) -> bool:
        transition = self._table.get((getattr(obj, self.field), str(target)))
        return transition is not None and (
            transition.allowed is None or transition.allowed(obj, user)
        )

    def move(
        self,
        obj: models.Model,
        target: str,
        *,
        by: User | None,
        comment: str = "",
        system: bool = False,
    ) -> TransitionLog:
        """Set obj's state to target and log it; raise ValidationError if not allowed.

        The state is re-read under a row lock first (inside the caller's transaction), so
        a decision taken meanwhile by someone else is what the table judges. The caller
        saves obj (with update_fields) in the same transaction. `system=True` marks a move
        the portal makes itself (no actor, no permission check); without it `by` is
        required.
        """
        if by is None and not system:
            raise ValueError("Workflow.move needs by=<user>, or system=True for a system move")
        current = self.locked_state(obj)
        label = _display(obj, self.field, target)
        if current == target:
            raise ValidationError(
                _("该记录已经是「%(state)s」状态，无需重复操作。") % {"state": label}
            )
        transition = self._table.get((current, str(target)))
        if transition is None:
            raise ValidationError(
                _("当前状态「%(current)s」不能变为「%(target)s」。")
                % {"current": _display(obj, self.field, current), "target": label}
            )
        if by is not None and transition.allowed is not None and not transition.allowed(obj, by):
            raise ValidationError(
                _("您无权执行「%(action)s」操作。") % {"action": transition.label}
            )
        if transition.needs_comment and not comment.strip():
            raise ValidationError(_("「%(action)s」需要填写意见。") % {"action": transition.label})
        setattr(obj, self.field, target)
        return TransitionLog.objects.create(
            content_type=ContentType.objects.get_for_model(obj),
            object_id=obj.pk,
            from_state=current,
            to_state=target,
            actor=by,
            comment=comment.strip(),
        )

    def locked_state(self, obj: models.Model) -> str:
        """obj's state as committed, read under a row lock held to the end of the caller's
        transaction (a record not saved yet: its state in memory). obj takes that state."""
        if obj.pk is None or obj._state.adding:
            return getattr(obj, self.field)
        using = obj._state.db or "default"
        rows = type(obj)._base_manager.using(using).filter(pk=obj.pk)
        if transaction.get_connection(using).in_atomic_block:
            rows = rows.select_for_update()
        stored = rows.values_list(self.field, flat=True).first()
        if stored is None:
            return getattr(obj, self.field)
        setattr(obj, self.field, stored)
        return stored


def _display(obj: models.Model, field: str, value: str) -> str:
    choices = dict(obj._meta.get_field(field).flatchoices)
    return str(choices.get(value, value))


def transitions_of(obj: models.Model) -> Iterable[TransitionLog]:
    """The log of obj, oldest first, with the actors loaded."""
    return TransitionLog.objects.filter(
        content_type=ContentType.objects.get_for_model(obj), object_id=obj.pk
    ).select_related("actor")
