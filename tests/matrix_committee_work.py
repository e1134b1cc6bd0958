"""Permission expectations of every URL of committee work (plans, activities, attendance,
check-in, calendars) and the quota board, for every role (tests/test_permission_matrix.py).

Shapes: the committee's staff run its plans and activities (谁组织谁记录); its vice-chair
sees them and decides on submissions (403 for running them); the office sees everything
of its body (403 for running a committee's records); a member sees announced activities he
is invited to (404 for anything else); other bodies get 404."""

from __future__ import annotations

import datetime as dt
from contextlib import contextmanager

from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from committees.models import (
    Activity,
    ActivityInvitation,
    ActivityOutput,
    ActivityParticipant,
    CalendarFeed,
    OfficePlan,
    WorkPlan,
)
from committees.services import activities as activity_services
from committees.services import plans as plan_services
from evaluation.models import QuotaEvidence
from portal.models import Notification

from .conftest import Org
from .permissions import DONE, GONE, LOGIN, NO, OK, ROLES, Case, everyone, office_only

YEAR = timezone.localdate().year


@contextmanager
def _quietly():
    """Objects made for the matrix leave no notifications behind (the matrix test counts
    them to prove GET changes nothing)."""
    before = set(Notification.objects.values_list("pk", flat=True))
    yield
    Notification.objects.exclude(pk__in=before).delete()


def _expect(**given: int) -> dict[str, int]:
    """Anonymous users go to the login page; roles not named get 404."""
    table = {role: GONE for role in ROLES}
    table["anon"] = LOGIN
    table.update(given)
    return table


# Who sees a committee's records but may not run them.
SEE_NOT_RUN = {"vice_chair": NO, "office": NO}


# ---- objects of org (each made once, whoever asks) ------------------------------------------


def _plan(org: Org, status: str = "draft") -> int:
    from committees.models import PlanItem

    title = f"matrix-{status}"
    existing = WorkPlan.objects.filter(committee=org.economy, title=title).first()
    if existing:
        return existing.pk
    year = {"draft": YEAR, "submitted": YEAR - 1, "returned": YEAR - 2}[status]
    with _quietly():
        plan = plan_services.plan_create(
            committee=org.economy, kind="annual_plan", year=year, title=title, by=org.staff
        )
        plan_services.plan_item_save(
            item=PlanItem(plan=plan, activity_type="research", topic="专题调研", lead="张主任"),
            sector_groups=[],
            by=org.staff,
        )
        if status != "draft":
            plan_services.plan_submit(plan=plan, by=org.staff)
    return plan.pk


def _item(org: Org) -> int:
    return WorkPlan.objects.get(pk=_plan(org)).items.get().pk


def _activity(
    org: Org,
    name: str,
    *,
    status: str = "draft",
    invite_member: bool = False,
    major: bool = False,
    started: bool = False,
) -> int:
    topic = f"matrix-{name}"
    existing = Activity.objects.filter(body=org.body, topic=topic).first()
    if existing:
        return existing.pk
    now = timezone.now()
    starts_at = now - dt.timedelta(minutes=10) if started else now + dt.timedelta(days=2)
    with _quietly():
        activity = activity_services.activity_save(
            activity=Activity(
                body=org.body,
                type="theory_study",
                committee=org.economy,
                topic=topic,
                starts_at=starts_at,
                ends_at=starts_at + dt.timedelta(hours=3),
                place="市政协三楼会议室",
                is_major=major,
            ),
            sector_groups=[],
            by=org.staff,
        )
        if invite_member:
            activity_services.invitations_add(activity=activity, members=[org.member], by=org.staff)
        if status == "pending":
            activity_services.activity_submit(activity=activity, by=org.staff)
        if status in ("published", "held"):
            activity_services.activity_publish(activity=activity, by=org.staff)
        if status == "held":
            activity_services.activity_mark_held(activity=activity, by=org.staff)
    return activity.pk


def _announced(org: Org) -> int:
    """Published, started ten minutes ago, org.member invited: he may see it and check in."""
    return _activity(org, "announced", status="published", invite_member=True, started=True)


def _upcoming_invitation(org: Org) -> int:
    pk = _activity(org, "upcoming", status="published", invite_member=True)
    return ActivityInvitation.objects.get(activity_id=pk, member=org.member).pk


def _draft_invitation(org: Org) -> int:
    pk = _activity(org, "draft-invited", invite_member=True)
    return ActivityInvitation.objects.get(activity_id=pk, member=org.member).pk


def _participant(org: Org) -> int:
    activity = Activity.objects.get(pk=_announced(org))
    participant = ActivityParticipant.objects.filter(activity=activity).first()
    if participant is None:
        participant = activity_services.participant_add(
            participant=ActivityParticipant(activity=activity, name="刘处长", unit="市发改委"),
            by=org.staff,
        )
    return participant.pk


def _pdf() -> SimpleUploadedFile:
    return SimpleUploadedFile("纪要.pdf", b"%PDF-1.4\n%%EOF\n")


def _output(org: Org) -> int:
    activity = Activity.objects.get(pk=_announced(org))
    output = ActivityOutput.objects.filter(activity=activity).first()
    if output is None:
        output = activity_services.output_add(
            activity=activity, kind="minutes", title="纪要", upload=_pdf(), by=org.staff
        )
    return output.pk


def _token(org: Org) -> str:
    return Activity.objects.get(pk=_announced(org)).checkin_token


def _feed(org: Org) -> str:
    feed, _created = CalendarFeed.objects.get_or_create(member=org.member)
    return feed.token


def _approved_office_plan(org: Org) -> list:
    OfficePlan.objects.get_or_create(
        body=org.body, year=YEAR, kind="inspection", defaults={"status": "approved"}
    )
    return [YEAR, "inspection"]


def _evidence(org: Org) -> int:
    evidence = QuotaEvidence.objects.filter(body=org.body).first()
    if evidence is None:
        evidence = QuotaEvidence(
            body=org.body,
            quota_code="Q22",
            date=timezone.localdate(),
            title="履职导引",
            original_name="导引.pdf",
            content_type="application/pdf",
            recorded_by=org.office,
        )
        evidence.file.save("导引.pdf", _pdf(), save=False)
        evidence.save()
    return evidence.pk


TABLE: dict[str, Case] = {
    # Plans and summaries (§12)
    "committees:plan_list": Case(
        args=lambda o: [o.economy.pk],
        expect={
            **{r: NO for r in ROLES},
            "anon": LOGIN,
            "staff": OK,
            "vice_chair": OK,
            "office": OK,
            "outsider": GONE,
        },
    ),
    "committees:plan_create": Case(
        args=lambda o: [o.economy.pk],
        expect={**{r: NO for r in ROLES}, "anon": LOGIN, "staff": OK, "outsider": GONE},
    ),
    "committees:plan_detail": Case(
        args=lambda o: [_plan(o)], expect=_expect(staff=OK, vice_chair=OK, office=OK)
    ),
    "committees:plan_edit": Case(
        args=lambda o: [_plan(o)], expect=_expect(staff=OK, **SEE_NOT_RUN)
    ),
    "committees:plan_item_create": Case(
        args=lambda o: [_plan(o)], expect=_expect(staff=OK, **SEE_NOT_RUN)
    ),
    "committees:plan_item_edit": Case(
        args=lambda o: [_item(o)], expect=_expect(staff=OK, **SEE_NOT_RUN)
    ),
    "committees:plan_item_delete": Case(
        method="post", args=lambda o: [_item(o)], expect=_expect(staff=DONE, **SEE_NOT_RUN)
    ),
    "committees:plan_submit": Case(
        method="post", args=lambda o: [_plan(o)], expect=_expect(staff=DONE, **SEE_NOT_RUN)
    ),
    "committees:plan_approve": Case(
        method="post",
        args=lambda o: [_plan(o, "submitted")],
        expect=_expect(staff=NO, office=NO, vice_chair=DONE),
    ),
    "committees:plan_return": Case(
        method="post",
        args=lambda o: [_plan(o, "submitted")],
        data=lambda o: {"comment": "请补充"},
        expect=_expect(staff=NO, office=NO, vice_chair=DONE),
    ),
    "committees:approval_inbox": Case(
        expect={**{r: NO for r in ROLES}, "anon": LOGIN, "vice_chair": OK}
    ),
    # The office's plans (§13)
    "committees:office_plan_list": Case(expect=office_only()),
    "committees:office_plan_detail": Case(
        args=lambda o: [YEAR, "consultation"], expect=office_only()
    ),
    "committees:office_plan_approve": Case(
        method="post",
        args=lambda o: [YEAR, "consultation"],
        expect=office_only(DONE, outsider=DONE),
    ),
    "committees:office_plan_reopen": Case(
        method="post",
        args=_approved_office_plan,
        data=lambda o: {"comment": "新增安排"},
        expect=office_only(DONE, outsider=GONE),
    ),
    # Activities
    "committees:activity_list": Case(expect=everyone()),
    "committees:activity_create": Case(
        expect={**{r: NO for r in ROLES}, "anon": LOGIN, "staff": OK, "office": OK, "outsider": OK}
    ),
    "committees:activity_detail": Case(
        args=lambda o: [_announced(o)],
        expect=_expect(staff=OK, vice_chair=OK, office=OK, member=OK),
    ),
    "committees:activity_edit": Case(
        args=lambda o: [_activity(o, "draft")], expect=_expect(staff=OK, **SEE_NOT_RUN)
    ),
    "committees:activity_submit": Case(
        method="post",
        args=lambda o: [_activity(o, "major", major=True)],
        expect=_expect(staff=DONE, **SEE_NOT_RUN),
    ),
    "committees:activity_approve": Case(
        method="post",
        args=lambda o: [_activity(o, "pending", status="pending", major=True)],
        expect=_expect(staff=NO, office=NO, vice_chair=DONE),
    ),
    "committees:activity_return": Case(
        method="post",
        args=lambda o: [_activity(o, "pending", status="pending", major=True)],
        data=lambda o: {"comment": "请补充安全预案"},
        expect=_expect(staff=NO, office=NO, vice_chair=DONE),
    ),
    "committees:activity_publish": Case(
        method="post",
        args=lambda o: [_activity(o, "draft")],
        expect=_expect(staff=DONE, **SEE_NOT_RUN),
    ),
    "committees:activity_mark_held": Case(
        method="post",
        args=lambda o: [_activity(o, "started", status="published", started=True)],
        expect=_expect(staff=DONE, **SEE_NOT_RUN),
    ),
    "committees:activity_cancel": Case(
        method="post",
        args=lambda o: [_activity(o, "draft")],
        data=lambda o: {"reason": "改期"},
        expect=_expect(staff=DONE, **SEE_NOT_RUN),
    ),
    "committees:activity_invite": Case(
        method="post",
        args=lambda o: [_activity(o, "draft")],
        data=lambda o: {"members": [o.member.pk]},
        expect=_expect(staff=DONE, **SEE_NOT_RUN),
    ),
    "committees:activity_attendance": Case(
        args=lambda o: [_announced(o)], expect=_expect(staff=OK, member=NO, **SEE_NOT_RUN)
    ),
    "committees:activity_checkin_code": Case(
        args=lambda o: [_announced(o)], expect=_expect(staff=OK, member=NO, **SEE_NOT_RUN)
    ),
    "committees:participant_add": Case(
        method="post",
        args=lambda o: [_announced(o)],
        data=lambda o: {"kind": "expert", "name": "王教授", "unit": "内蒙古大学"},
        expect=_expect(staff=DONE, member=NO, **SEE_NOT_RUN),
    ),
    "committees:participant_remove": Case(
        method="post",
        args=lambda o: [_participant(o)],
        expect=_expect(staff=DONE, member=NO, **SEE_NOT_RUN),
    ),
    "committees:output_add": Case(
        method="post",
        args=lambda o: [_announced(o)],
        data=lambda o: {"kind": "minutes", "title": "纪要", "file": _pdf()},
        expect=_expect(staff=DONE, member=NO, **SEE_NOT_RUN),
    ),
    "committees:output_file": Case(
        args=lambda o: [_output(o)], expect=_expect(staff=OK, vice_chair=OK, office=OK, member=OK)
    ),
    "committees:output_delete": Case(
        method="post",
        args=lambda o: [_output(o)],
        expect=_expect(staff=DONE, member=NO, **SEE_NOT_RUN),
    ),
    "committees:invitation_remove": Case(
        method="post",
        args=lambda o: [_draft_invitation(o)],
        expect=_expect(staff=DONE, **SEE_NOT_RUN),
    ),
    "committees:invitation_respond": Case(
        method="post",
        args=lambda o: [_upcoming_invitation(o)],
        data=lambda o: {"response": "accepted"},
        expect=_expect(member=DONE),
    ),
    # QR check-in: only invited members; other people of the body are refused (403).
    "committees:checkin": Case(
        args=lambda o: [_token(o)],
        expect={**{r: NO for r in ROLES}, "anon": LOGIN, "member": OK, "outsider": GONE},
    ),
    "committees:my_activities": Case(
        expect={**{r: NO for r in ROLES}, "anon": LOGIN, "member": OK}
    ),
    # Calendars
    "committees:calendar": Case(expect=everyone()),
    "committees:calendar_feed_settings": Case(
        expect={**{r: NO for r in ROLES}, "anon": LOGIN, "member": OK}
    ),
    "committees:calendar_feed_reset": Case(
        method="post", expect={**{r: NO for r in ROLES}, "anon": LOGIN, "member": DONE}
    ),
    # The feed is public: its secret token is the key (calendar apps cannot log in).
    "committees:calendar_feed": Case(
        args=lambda o: [_feed(o)], expect={role: OK for role in ROLES}
    ),
    # The quota board
    "evaluation:board": Case(
        expect={
            **{r: NO for r in ROLES},
            "anon": LOGIN,
            "staff": OK,
            "vice_chair": OK,
            "office": OK,
            "outsider": OK,
        }
    ),
    "evaluation:board_committee": Case(
        args=lambda o: [o.economy.pk],
        expect={
            **{r: NO for r in ROLES},
            "anon": LOGIN,
            "staff": OK,
            "vice_chair": OK,
            "office": OK,
            "outsider": GONE,
        },
    ),
    "evaluation:board_members": Case(
        expect={
            **{r: NO for r in ROLES},
            "anon": LOGIN,
            "staff": OK,
            "vice_chair": OK,
            "office": OK,
            "outsider": OK,
        }
    ),
    "evaluation:quota_list": Case(expect=office_only()),
    "evaluation:quota_edit": Case(args=lambda o: ["Q1"], expect=office_only()),
    "evaluation:evidence_add": Case(
        method="post",
        data=lambda o: {"quota_code": "Q22", "date": "2024-03-01", "title": "履职导引"},
        expect=office_only(DONE, outsider=DONE),
    ),
    "evaluation:evidence_file": Case(
        args=lambda o: [_evidence(o)], expect=office_only(outsider=GONE)
    ),
    "evaluation:evidence_delete": Case(
        method="post", args=lambda o: [_evidence(o)], expect=office_only(DONE, outsider=GONE)
    ),
}
