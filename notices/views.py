"""Pages of notices: a member's inbox and a notice with its reply slip (phone first); the
publisher's list, form, receipts, export and actions. Views are thin: access helper →
form → service → redirect; a failed form is shown again with what was typed."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access import is_office
from portal.feedback import run_service
from portal.spreadsheets import Column, export_response
from portal.uploads import attachment_response
from portal.workflow import transitions_of

from . import services
from .access import may_publish, publishing_committees
from .forms import AttachmentForm, NoticeForm, ReplyForm, WithdrawForm
from .models import Notice, NoticeAttachment, Receipt
from .selectors import (
    SHOW,
    NoticeAccess,
    get_notice_for,
    inbox,
    managed_notices,
    notice_counts,
    receipts_of,
)
from .workflow import NOTICE

S = Notice.Status


def _publisher_only(request: HttpRequest) -> None:
    if not may_publish(request.user):
        raise PermissionDenied


def _managed(request: HttpRequest, pk: int) -> NoticeAccess:
    """The notice for its publishers: 404 outside the user's reach, 403 for a recipient."""
    access = get_notice_for(request.user, pk)
    if not access.manage:
        raise PermissionDenied
    return access


# ---- members ------------------------------------------------------------------------------


@login_required
def notice_list(request: HttpRequest) -> HttpResponse:
    """The notices the member received, newest first, unread ones marked."""
    page = Paginator(inbox(request.user), 20).get_page(request.GET.get("page"))
    return render(
        request,
        "notices/notice_list.html",
        {"page": page, "publisher": may_publish(request.user)},
    )


@login_required
def notice_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """A recipient reads the notice (which records the read receipt — the one thing this
    GET writes) and answers the reply slip; its publishers see where it stands."""
    access = get_notice_for(request.user, pk)
    if access.receipt is not None and access.can_read_content:
        services.receipt_read(receipt=access.receipt, by=request.user)
    return _render_detail(request, access)


def _render_detail(
    request: HttpRequest,
    access: NoticeAccess,
    *,
    reply_form: ReplyForm | None = None,
    withdraw_form: WithdrawForm | None = None,
    status: int = 200,
) -> HttpResponse:
    notice = access.notice
    receipt = access.receipt
    answering = receipt is not None and notice.reply_open()
    if answering and reply_form is None:
        reply_form = ReplyForm(notice=notice, receipt=receipt)
    context = {
        "notice": notice,
        "access": access,
        "receipt": receipt,
        "reply_form": reply_form if answering else None,
        "attachments": list(notice.attachments.all()) if access.can_read_content else [],
    }
    if access.manage:
        context |= {
            "counts": notice_counts(notice) if not notice.is_draft else None,
            "can_publish": NOTICE.can(notice, S.PUBLISHED, request.user),
            "can_close": NOTICE.can(notice, S.CLOSED, request.user),
            "can_withdraw": NOTICE.can(notice, S.WITHDRAWN, request.user),
            "withdraw_form": withdraw_form or WithdrawForm(),
            "attachment_form": AttachmentForm() if notice.is_draft else None,
            "log": [(e, S(e.to_state).label) for e in transitions_of(notice)],
            "audience": _audience_names(notice),
        }
    return render(request, "notices/notice_detail.html", context, status=status)


def _audience_names(notice: Notice) -> list[str]:
    A = Notice.Audience
    if notice.audience == A.COMMITTEES:
        return [c.name for c in notice.committees.all()]
    if notice.audience == A.SECTOR_GROUPS:
        return [g.name for g in notice.sector_groups.all()]
    if notice.audience == A.MEMBERS:
        return [m.name for m in notice.members.order_by("code")]
    return []


@require_POST
@login_required
def notice_reply(request: HttpRequest, pk: int) -> HttpResponse:
    access = get_notice_for(request.user, pk)
    if access.receipt is None:
        raise PermissionDenied
    form = ReplyForm(request.POST, notice=access.notice)
    if form.is_valid():
        try:
            services.receipt_answer(receipt=access.receipt, reply=form.reply(), by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("回执已提交，谢谢。截止前可以修改。"))
            return redirect("notices:notice_detail", pk=pk)
    return _render_detail(request, access, reply_form=form, status=422)


# ---- publishers ---------------------------------------------------------------------------


@login_required
def notice_manage(request: HttpRequest) -> HttpResponse:
    _publisher_only(request)
    notices = managed_notices(request.user)
    status = request.GET.get("status", "")
    if status in S.values:
        notices = notices.filter(status=status)
    page = Paginator(notices, 20).get_page(request.GET.get("page"))
    return render(
        request,
        "notices/notice_manage.html",
        {"page": page, "status": status, "statuses": S.choices},
    )


def _form(request: HttpRequest, **kwargs) -> NoticeForm:
    return NoticeForm(
        request.POST or None,
        body_id=request.user.body_id,
        office=is_office(request.user),
        committees=publishing_committees(request.user),
        **kwargs,
    )


@login_required
def notice_create(request: HttpRequest) -> HttpResponse:
    _publisher_only(request)
    form = _form(request, initial={"kind": Notice.Kind.ANNOUNCEMENT, "remind_hours": 24})
    if request.method == "POST" and form.is_valid():
        try:
            notice = services.notice_create(
                body_id=request.user.body_id, draft=form.draft(), by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("草稿已保存。可添加附件，确认无误后发布。"))
            return redirect("notices:notice_detail", pk=notice.pk)
    return render(
        request,
        "notices/notice_form.html",
        {"form": form, "notice": None},
        status=422 if form.errors else 200,
    )


@login_required
def notice_edit(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _managed(request, pk).notice
    if not notice.is_draft:
        messages.error(request, _("已发布的通知不能修改；如有变化，请撤回后重新发布。"))
        return redirect("notices:notice_detail", pk=pk)
    form = _form(request, initial=NoticeForm.initial_of(notice))
    if request.method == "POST" and form.is_valid():
        try:
            services.notice_update(
                notice=notice,
                draft=form.draft(),
                version=form.cleaned_data["version"] or 0,
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("草稿已保存。"))
            return redirect("notices:notice_detail", pk=pk)
    return render(
        request,
        "notices/notice_form.html",
        {"form": form, "notice": notice},
        status=422 if form.errors else 200,
    )


@require_POST
@login_required
def notice_publish(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _managed(request, pk).notice
    run_service(
        request,
        lambda: services.notice_publish(notice=notice, by=request.user),
        _("通知已发布，委员将收到提醒。"),
    )
    return redirect("notices:notice_detail", pk=pk)


@require_POST
@login_required
def notice_close(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _managed(request, pk).notice
    run_service(
        request,
        lambda: services.notice_close(notice=notice, by=request.user),
        _("通知已结束，不再接受回执。"),
    )
    return redirect("notices:notice_detail", pk=pk)


@require_POST
@login_required
def notice_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    access = _managed(request, pk)
    form = WithdrawForm(request.POST)
    if form.is_valid():
        try:
            services.notice_withdraw(
                notice=access.notice, reason=form.cleaned_data["reason"], by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("通知已撤回，已告知收到通知的委员。"))
            return redirect("notices:notice_detail", pk=pk)
    return _render_detail(request, access, withdraw_form=form, status=422)


@require_POST
@login_required
def notice_delete(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _managed(request, pk).notice
    if run_service(
        request,
        lambda: services.notice_delete(notice=notice, by=request.user),
        _("草稿已删除。"),
    ):
        return redirect("notices:notice_manage")
    return redirect("notices:notice_detail", pk=pk)


@require_POST
@login_required
def notice_remind(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _managed(request, pk).notice
    try:
        sent = services.notice_remind(notice=notice, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
    else:
        messages.success(
            request,
            _("已提醒 %(n)d 位尚未回执的委员（每天最多提醒一次）。") % {"n": sent},
        )
    return redirect("notices:notice_receipts", pk=pk)


@login_required
def notice_receipts(request: HttpRequest, pk: int) -> HttpResponse:
    """Who received it, who read it, who answered what."""
    notice = _managed(request, pk).notice
    show = request.GET.get("show", "")
    page = Paginator(receipts_of(notice, show), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "notices/notice_receipts.html",
        {
            "notice": notice,
            "page": page,
            "show": show if show in SHOW else "",
            "counts": notice_counts(notice),
            "labels": [f["label"] for f in notice.reply_fields],
        },
    )


def _columns(notice: Notice) -> list[Column]:
    columns = [
        Column(_("委员编号"), lambda r: r.member.code),
        Column(_("姓名"), lambda r: r.member.name),
        Column(_("界别"), lambda r: r.member.sector.name),
        Column(_("手机号码"), lambda r: r.member.phone),
        Column(_("阅读时间"), lambda r: r.read_at),
    ]
    if notice.wants_reply:
        columns += [
            Column(_("回执"), lambda r: r.get_response_display()),
            Column(_("请假事由"), lambda r: r.leave_reason),
            *[
                Column(f["label"], lambda r, label=f["label"]: r.answers.get(label, ""))
                for f in notice.reply_fields
            ],
            Column(_("回执时间"), lambda r: r.answered_at),
            Column(_("填报人"), lambda r: r.answered_by or ""),
        ]
    return columns


@login_required
def notice_export(request: HttpRequest, pk: int, fmt: str) -> HttpResponse:
    notice = _managed(request, pk).notice
    receipts = receipts_of(notice, request.GET.get("show", ""))
    return export_response(fmt, f"回执-{notice.title[:40]}", _columns(notice), receipts)


@login_required
def receipt_record(request: HttpRequest, pk: int) -> HttpResponse:
    """The publisher records an answer a member gave by phone or in person."""
    receipt = get_object_or_404(Receipt.objects.select_related("member", "notice"), pk=pk)
    notice = _managed(request, receipt.notice_id).notice
    receipt.notice = notice
    form = ReplyForm(request.POST or None, notice=notice, receipt=receipt)
    if request.method == "POST" and form.is_valid():
        try:
            services.receipt_answer(receipt=receipt, reply=form.reply(), by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已为 %(name)s 登记回执。") % {"name": receipt.member.name})
            return redirect("notices:notice_receipts", pk=notice.pk)
    return render(
        request,
        "notices/receipt_record.html",
        {"notice": notice, "receipt": receipt, "form": form},
        status=422 if form.errors else 200,
    )


# ---- attachments --------------------------------------------------------------------------


@require_POST
@login_required
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    notice = _managed(request, pk).notice
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择要上传的文件。"))
    else:
        run_service(
            request,
            lambda: services.attachment_add(
                notice=notice, upload=form.cleaned_data["file"], by=request.user
            ),
            _("附件已上传。"),
        )
    return redirect("notices:notice_detail", pk=pk)


def _attachment(request: HttpRequest, pk: int) -> tuple[NoticeAttachment, NoticeAccess]:
    attachment = get_object_or_404(NoticeAttachment, pk=pk)
    access = get_notice_for(request.user, attachment.notice_id)
    if not access.can_read_content:
        raise PermissionDenied
    return attachment, access


@login_required
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment, _access = _attachment(request, pk)
    return attachment_response(attachment.file, attachment.name, attachment.content_type)


@require_POST
@login_required
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment, access = _attachment(request, pk)
    if not access.manage:
        raise PermissionDenied
    run_service(
        request,
        lambda: services.attachment_delete(attachment=attachment, by=request.user),
        _("附件已删除。"),
    )
    return redirect("notices:notice_detail", pk=attachment.notice_id)
