"""Invitations to committee activities: inviting, removing, the member's own activities (upcoming
and past tabs), answering."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from committees.forms.activities import (
    InviteForm,
    RespondForm,
)
from committees.models import (
    ActivityInvitation,
)
from committees.selectors.activities import (
    activities_visible_to,
    activity_access,
    committee_member_ids,
    group_member_ids,
    invitable_members,
    my_invitations,
)
from committees.services import activities as services
from members.models import Member
from portal.access import roles_of
from portal.feedback import form_errors, run_service

from .activities import A, _managed, _run

# ---- invitations and answers ------------------------------------------------------------------


@require_POST
@login_required
def activity_invite(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _managed(request, pk)
    form = InviteForm(request.POST, members=invitable_members(activity))
    if not form.is_valid():
        messages.error(request, _("所选委员无效（可能不在任或已邀请），请刷新后重试。"))
        return redirect("committees:activity_detail", pk=pk)
    ids = {m.pk for m in form.cleaned_data["members"]}
    day = activity.local_date
    if form.cleaned_data["whole_committee"] and activity.owner_committee is not None:
        ids |= set(committee_member_ids(activity.owner_committee, day))
    if form.cleaned_data["organiser_groups"]:
        group_ids = list(activity.sector_groups.values_list("pk", flat=True))
        ids |= set(group_member_ids(group_ids, activity.body_id, day))
    members = Member.objects.filter(pk__in=ids, body_id=activity.body_id)
    if not members:
        messages.error(request, _("请选择要邀请的委员。"))
        return redirect("committees:activity_detail", pk=pk)
    try:
        added = services.invitations_add(activity=activity, members=members, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(request, _("新邀请 %(n)d 人。") % {"n": added})
    return redirect("committees:activity_detail", pk=pk)


def _invitation_of_managed(request: HttpRequest, pk: int) -> ActivityInvitation:
    invitation = get_object_or_404(
        ActivityInvitation.objects.select_related("activity", "member"),
        pk=pk,
        activity__in=activities_visible_to(request.user),
    )
    if not activity_access(request.user, invitation.activity).manage:
        raise PermissionDenied
    return invitation


@require_POST
@login_required
def invitation_remove(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = _invitation_of_managed(request, pk)
    return _run(
        request,
        invitation.activity_id,
        lambda: services.invitation_remove(invitation=invitation, by=request.user),
        _("已取消对 %(name)s 的邀请。") % {"name": invitation.member.name},
    )


@login_required
def my_activities(request: HttpRequest) -> HttpResponse:
    """A member's invitations on his phone: upcoming to answer, and past ones."""
    member = roles_of(request.user).member
    if member is None:
        raise PermissionDenied
    now = timezone.now()
    invitations = my_invitations(member)
    past = invitations.filter(activity__ends_at__lt=now)
    shown = PastTab.parse(request.GET.get("past"))
    counts = past.aggregate(**{tab.key: Count("pk", filter=tab.filter) for tab in PAST_TABS})
    page = Paginator(
        past.filter(shown.filter).order_by("-activity__starts_at", "-pk"), MY_PAST_PER_PAGE
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "committees/my_activities.html",
        {
            "upcoming": invitations.filter(activity__ends_at__gte=now).order_by(
                "activity__starts_at"
            ),
            "tabs": [(tab, counts[tab.key]) for tab in PAST_TABS],
            "shown": shown,
            "page": page,
            "form": RespondForm(),
            "now": now,
        },
    )


MY_PAST_PER_PAGE = 20


@dataclass(frozen=True)
class PastTab:
    """One part of a member's past activities, split by his recorded attendance."""

    key: str
    label: str
    filter: Q

    @staticmethod
    def parse(value: str | None) -> PastTab:
        return next((tab for tab in PAST_TABS if tab.key == value), PAST_TABS[0])


_I = ActivityInvitation.Attendance
_HELD_OR_ON = ~Q(activity__status=A.CANCELLED)
PAST_TABS = (
    PastTab("attended", gettext_lazy("已参加"), Q(attendance=_I.PRESENT) & _HELD_OR_ON),
    PastTab("excused", gettext_lazy("请假"), Q(attendance=_I.EXCUSED) & _HELD_OR_ON),
    PastTab("absent", gettext_lazy("缺席"), Q(attendance=_I.ABSENT) & _HELD_OR_ON),
    PastTab(
        "unrecorded",
        gettext_lazy("待登记或已取消"),
        Q(attendance="") | Q(activity__status=A.CANCELLED),
    ),
)


@require_POST
@login_required
def invitation_respond(request: HttpRequest, pk: int) -> HttpResponse:
    invitation = get_object_or_404(
        ActivityInvitation.objects.select_related("activity"), pk=pk, member__user=request.user
    )
    form = RespondForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        run_service(
            request,
            lambda: services.invitation_respond(
                invitation=invitation,
                response=form.cleaned_data["response"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            ),
            _("已回复。"),
        )
    target = request.POST.get("next")
    if target == "detail":
        return redirect("committees:activity_detail", pk=invitation.activity_id)
    return redirect("committees:my_activities")
