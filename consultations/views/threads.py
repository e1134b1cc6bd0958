"""协商 online discussion threads and posts."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisation.access import WORK_IN_COMMITTEE, committees_where
from organisation.models import Committee
from portal.access import is_office, roles_of
from portal.feedback import form_errors, run_service

from .. import forms, services
from ..access import runs_committee_work
from ..models import (
    Consultation,
    Post,
)
from ..selectors import (
    get_thread_for,
    thread_posts,
    threads_for_member,
    threads_managed,
)
from ..workflow import (
    THREAD,
)
from .base import _attempt, _form_page

# ---- online deliberation ----------------------------------------------------------------------


def _thread_committees(request: HttpRequest):
    if is_office(request.user):
        return Committee.objects.filter(body_id=request.user.body_id, is_active=True)
    return committees_where(request.user, WORK_IN_COMMITTEE)


@login_required
def thread_list(request: HttpRequest) -> HttpResponse:
    user = request.user
    member = roles_of(user).member is not None
    runs = runs_committee_work(user)
    if not (member or runs):
        raise PermissionDenied
    return render(
        request,
        "consultations/thread_list.html",
        {
            "joinable": threads_for_member(user)[:50] if member else [],
            "managed": threads_managed(user)[:50] if runs else [],
            "runs": runs,
        },
    )


@login_required
def thread_create(request: HttpRequest) -> HttpResponse:
    if not runs_committee_work(request.user):
        raise PermissionDenied
    committees = _thread_committees(request)
    consultations = (
        Consultation.objects.filter(committee__in=committees)
        .exclude(status=Consultation.Status.CANCELLED)
        .order_by("-created_at")
    )
    form = forms.ThreadForm(
        request.POST or None, committees=committees, consultations=consultations
    )
    if request.method == "POST" and form.is_valid():
        thread = _attempt(
            form,
            lambda: services.thread_create(
                body_id=request.user.body_id, by=request.user, **form.cleaned_data
            ),
        )
        if thread is not None:
            messages.success(request, _("网络议政已创建，确认后点“开始议政”。"))
            return redirect("consultations:thread_detail", pk=thread.pk)
    return _form_page(
        request,
        form,
        title=_("组织网络议政"),
        back=reverse("consultations:thread_list"),
        status=422 if form.errors else 200,
    )


def _thread_page(request, access, *, post_form=None, close_form=None, status=200):
    thread = access.thread
    posts = thread_posts(thread, moderate=access.moderate)
    page = Paginator(posts, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "consultations/thread_detail.html",
        {
            "thread": thread,
            "access": access,
            "page": page,
            "post_form": post_form or (forms.PostForm() if access.may_post else None),
            "close_form": close_form or forms.CloseThreadForm(),
            "moves": THREAD.available(thread, request.user) if access.moderate else [],
        },
        status=status,
    )


@login_required
def thread_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return _thread_page(request, get_thread_for(request.user, pk))


@require_POST
@login_required
def post_create(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_thread_for(request.user, pk)
    if roles_of(request.user).member is None:
        raise PermissionDenied
    form = forms.PostForm(request.POST, request.FILES)
    if form.is_valid():
        post = _attempt(
            form,
            lambda: services.post_add(
                thread=access.thread,
                text=form.cleaned_data["text"],
                upload=form.cleaned_data["file"],
                by=request.user,
            ),
        )
        if post is not None:
            messages.success(request, _("您的意见已发表。"))
            return redirect(reverse("consultations:thread_detail", args=[pk]) + f"#p{post.pk}")
    return _thread_page(request, access, post_form=form, status=422)


@login_required
def post_file(request: HttpRequest, pk: int) -> HttpResponse:
    """A post's attachment, to those who may read the post (a hidden one: moderators)."""
    from portal.uploads import attachment_response

    post = Post.objects.filter(pk=pk).first()
    if post is None or not post.file:
        raise Http404
    access = get_thread_for(request.user, post.thread_id)
    if post.status == Post.Status.HIDDEN and not access.moderate:
        raise Http404
    return attachment_response(post.file, post.file_name, post.file_type)


@require_POST
@login_required
def thread_move(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_thread_for(request.user, pk)
    if not access.moderate:
        raise PermissionDenied
    run_service(
        request,
        lambda: services.thread_move(
            thread=access.thread,
            target=request.POST.get("target", ""),
            summary=request.POST.get("summary", ""),
            by=request.user,
        ),
        _("网络议政状态已更新。"),
    )
    return redirect("consultations:thread_detail", pk=pk)


@require_POST
@login_required
def post_moderate(request: HttpRequest, pk: int) -> HttpResponse:
    post = Post.objects.filter(pk=pk).first()
    if post is None:
        raise Http404
    access = get_thread_for(request.user, post.thread_id)
    if not access.moderate:
        raise PermissionDenied
    form = forms.HideForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.post_moderate(
                post=post,
                target=form.cleaned_data["target"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            ),
            _("已更新发言的显示状态。"),
        )
    else:
        messages.error(request, form_errors(form))
    return redirect(reverse("consultations:thread_detail", args=[post.thread_id]) + f"#p{pk}")
