"""When an activity counts as done (issue 9, "done means done"): it was marked held, at
least one member is recorded present, and — unless its kind leaves no document
(`types.WITHOUT_OUTPUT`) — an output was uploaded. A held activity with nobody present or
nothing recorded does not count for a quota. This is the one rule; the quota board and the
committee pages use it."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from ..models import Activity, ActivityInvitation, ActivityOutput
from ..models.types import WITHOUT_OUTPUT

HELD = Activity.Status.HELD
PRESENT = ActivityInvitation.Attendance.PRESENT
# The written outputs: a photo alone is not a written result (§6 "有成果").
WRITTEN = (ActivityOutput.Kind.MINUTES, ActivityOutput.Kind.REPORT, ActivityOutput.Kind.SPEECH)


def someone_present() -> Exists:
    return Exists(ActivityInvitation.objects.filter(activity=OuterRef("pk"), attendance=PRESENT))


def has_output(*, written: bool = False) -> Exists:
    outputs = ActivityOutput.objects.filter(activity=OuterRef("pk"))
    if written:
        outputs = outputs.filter(kind__in=WRITTEN)
    return Exists(outputs)


def evidenced() -> Q:
    """Filter on Activity: held, with attendance recorded and (where its kind makes one)
    an output."""
    return Q(status=HELD) & Q(someone_present()) & (Q(type__in=WITHOUT_OUTPUT) | Q(has_output()))


def held_without_evidence() -> Q:
    """Held, but missing attendance or output: shown on the board as not counted."""
    return Q(status=HELD) & ~evidenced()
