from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from . import services, todos
from .access import office_required, roles_of
from .forms import HistoryFilterForm
from .history import Cursor, cached_history_page
from .models import Notification, Role
from .registry import home_sections
from .todos import counts_for

FAVICON = settings.BASE_DIR / "static" / "img" / "favicon.ico"


def favicon(request: HttpRequest) -> HttpResponse:
    """Browsers ask for /favicon.ico whatever the page says: the icon, no login needed."""
    response = FileResponse(FAVICON.open("rb"), content_type="image/x-icon")
    response["Cache-Control"] = "public, max-age=86400"
    return response


def health(request: HttpRequest) -> HttpResponse:
    """For load balancers and the benchmarks' baseline: no database, no template."""
    return HttpResponse("ok", content_type="text/plain")


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """One page per person: the sections the modules registered (portal.registry) that
    apply to him, each rendered with its own context, then his unread notifications."""
    user = request.user
    roles = roles_of(user)
    today = timezone.localdate()
    base = {"today": today, "roles": roles}
    sections = []
    for section in home_sections:
        context = section.context(request)
        if context is not None:
            sections.append(render_to_string(section.template, base | context, request=request))
    duties = [a for a in roles.assignments if a.role in (Role.REVIEWER, Role.ARCHIVES_EDITOR)]
    notifications = Notification.objects.filter(recipient=user, read_at__isnull=True)[:5]
    return render(
        request,
        "portal/home.html",
        base | {"sections": sections, "duties": duties, "notifications": notifications},
    )


# To-do ---------------------------------------------------------------------------------


@login_required
def todo_list(request: HttpRequest) -> HttpResponse:
    """Everything the user has to do, from every module, oldest first; or one kind of it,
    page by page (?kind=)."""
    found = counts_for(request)
    key = request.GET.get("kind", "")
    context: dict = {"found": found, "kind": None}
    work = todos.todo_page(request.user, key) if key else None
    if work is not None:
        kind, qs = work
        page = Paginator(qs, 30).get_page(request.GET.get("page"))
        context |= {"kind": kind, "page": page, "items": todos.as_todos(kind, page.object_list)}
    else:
        listed = todos.todo_list(request.user, found, per_kind=TODO_PER_KIND)
        context |= {"items": listed.items, "more": listed.more}
    return render(request, "portal/todo_list.html", context)


TODO_PER_KIND = 50


# Notifications --------------------------------------------------------------------------


@login_required
def notification_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(Notification.objects.filter(recipient=request.user), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "portal/notification_list.html", {"page": page})


@require_POST
@login_required
def notification_open(request: HttpRequest, pk: int) -> HttpResponse:
    """Mark one of the user's notifications read and follow its link."""
    notification = get_object_or_404(Notification, pk=pk, recipient=request.user)
    services.notifications_mark_read(user=request.user, ids=[notification.pk])
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("portal:notification_list")


@require_POST
@login_required
def notifications_read_all(request: HttpRequest) -> HttpResponse:
    count = services.notifications_mark_read(user=request.user)
    messages.success(request, _("已将 %(count)d 条通知标为已读。") % {"count": count})
    return redirect("portal:notification_list")


# History -----------------------------------------------------------------------------------


@office_required
def history(request: HttpRequest) -> HttpResponse:
    """Who changed which record of the body, when, and what changed: newest first, a page
    at a time (keyset: `older`/`newer` carry the last row seen), narrowed by kind of
    record, person and days."""
    form = HistoryFilterForm(request.GET or None, body_id=request.user.body_id)
    older = Cursor.decode(request.GET.get("older", ""))
    newer = Cursor.decode(request.GET.get("newer", "")) if older is None else None
    page = cached_history_page(
        body_id=request.user.body_id,
        filters=form.filters(),
        cursor=older or newer,
        older=newer is None,
    )
    return render(request, "portal/history.html", {"form": form, "page": page})
