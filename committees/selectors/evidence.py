"""When an activity counts as done (issue 9, "done means done"): it was marked held, at
least one member is recorded present, and — unless its kind leaves no document
(`types.WITHOUT_OUTPUT`) — an output was uploaded; a 旗区对口专委会工作座谈会 also needs a
banner/district counterpart committee recorded among its participants (Q21, §15). A held
activity with nobody present or nothing recorded does not count for a quota. This is the
one rule; the quota board and the committee pages use it."""

from __future__ import annotations

from django.db.models import Exists, OuterRef, Q

from ..models import Activity, ActivityInvitation, ActivityOutput, ActivityParticipant
from ..models.types import WITH_COUNTERPART, WITHOUT_OUTPUT

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


def counterpart_took_part() -> Exists:
    return Exists(
        ActivityParticipant.objects.filter(
            activity=OuterRef("pk"), kind=ActivityParticipant.Kind.COUNTERPART
        )
    )


def evidenced() -> Q:
    """Filter on Activity: held, with attendance recorded, (where its kind makes one) an
    output, and for a 旗区对口专委会工作座谈会 a counterpart committee among the participants."""
    return (
        Q(status=HELD)
        & Q(someone_present())
        & (Q(type__in=WITHOUT_OUTPUT) | Q(has_output()))
        & (~Q(type__in=WITH_COUNTERPART) | Q(counterpart_took_part()))
    )


def held_without_evidence() -> Q:
    """Held, but missing attendance or output: shown on the board as not counted."""
    return Q(status=HELD) & ~evidenced()
