"""The proposer's pages: the list, writing and submitting (with the similar-proposal
check), co-signing, attachments, the proposal page with its history, the PDF, the
proposer's confirmation of a contact and his evaluation of the reply."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.paging import counted_page
from portal.pdf import PdfError
from portal.uploads import attachment_response

from .. import permissions as can
from .. import reports, services
from ..forms import (
    AssignForm,
    AttachmentForm,
    CommentForm,
    CommunicationAnswerForm,
    CommunicationForm,
    EvaluationForm,
    ExcellentForm,
    ExtendForm,
    KeyForm,
    OpinionForm,
    ProposalForm,
    RequiredCommentForm,
    ReviewForm,
    SignForm,
)
from ..models import Attachment, Proposal
from ..selectors import (
    PROPOSAL_COUNTS,
    ListFilters,
    get_attachment_for,
    get_communication_for,
    proposal_history,
    proposal_list,
    similar_proposals,
)
from .common import back, proposal_and_access, require, run, submit


@login_required
def proposal_list_view(request: HttpRequest) -> HttpResponse:
    """Every proposal the user may see, newest first, with search and filters."""
    filters = ListFilters.from_query(request.GET)
    proposals = proposal_list(request.user, filters)
    page = counted_page(request, proposals, 30, counts=PROPOSAL_COUNTS)
    powers = can.powers_of(request.user)
    return render(
        request,
        "proposals/proposal_list.html",
        {
            "page": page,
            "filters": filters,
            "powers": powers,
            "statuses": Proposal.Status.choices,
            "categories": Proposal.Category.choices,
            "kinds": Proposal.Kind.choices,
            "querystring": request.GET.urlencode(),
            "can_create": _may_create(powers),
        },
    )


@login_required
def proposal_export(request: HttpRequest, fmt: str) -> HttpResponse:
    filters = ListFilters.from_query(request.GET)
    return reports.proposal_export(fmt, proposal_list(request.user, filters))


def _form(request: HttpRequest, **kwargs) -> ProposalForm:
    return ProposalForm(
        request.POST or None, user=request.user, powers=can.powers_of(request.user), **kwargs
    )


def _may_create(powers: can.Powers) -> bool:
    """Members write their own; committee staff write their committee's or groups'; the
    office registers those of parties, people's organisations and sectors (条例 §14)."""
    return powers.member_id is not None or bool(powers.staff_committee_ids) or powers.manages


@login_required
def proposal_create(request: HttpRequest) -> HttpResponse:
    require(_may_create(can.powers_of(request.user)))
    form = _form(request)
    if request.method == "POST" and form.is_valid():
        try:
            proposal = services.proposal_create(
                body=request.user.body,
                by=request.user,
                draft=form.draft(),
                signers=form.cleaned_data.get("signers") or [],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("草稿已保存。可继续修改、上传附件，确认无误后提交。"))
            return back(proposal.pk)
    return render(request, "proposals/proposal_form.html", {"form": form, "proposal": None})


@login_required
def proposal_edit(request: HttpRequest, pk: int) -> HttpResponse:
    proposal, access = proposal_and_access(request, pk)
    require(access.can_edit)
    form = _form(request, initial=ProposalForm.initial_for(proposal))
    if request.method == "POST" and form.is_valid():
        try:
            services.proposal_update(
                proposal=proposal,
                by=request.user,
                draft=form.draft(),
                version=form.cleaned_data.get("version") or 0,
                signers=form.cleaned_data.get("signers") or [],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("草稿已保存。"))
            return back(proposal.pk)
    return render(request, "proposals/proposal_form.html", {"form": form, "proposal": proposal})


@login_required
def proposal_detail(request: HttpRequest, pk: int) -> HttpResponse:
    return proposal_page(request, pk)


def proposal_page(
    request: HttpRequest, pk: int, bound: dict | None = None, status: int = 200
) -> HttpResponse:
    """The proposal's page; `bound` replaces the page's empty forms by forms that came
    back with errors (shown with what was typed)."""
    proposal, access = proposal_and_access(request, pk)
    assignments = list(
        proposal.assignments.select_related("department", "reply__category", "reply__replied_by")
        .prefetch_related("communications__recorded_by", "attachments")
        .order_by("round", "role", "id")
    )
    attachments = list(proposal.attachments.filter(purpose=Attachment.Purpose.MATERIAL))
    context = {
        "proposal": proposal,
        "access": access,
        "signers": proposal.signers.select_related("member", "merged_from").order_by("order"),
        "attachments": attachments,
        "assignments": assignments,
        "rounds": sorted({a.round for a in assignments}),
        "evaluations": proposal.evaluations.select_related("evaluator").order_by(
            "round", "created_at"
        ),
        "merged_from": proposal.merged_from.all(),
        "history": proposal_history(proposal),
        "comment_form": CommentForm(),
        "reason_form": RequiredCommentForm(),
    }
    if access.can_edit:
        context["attachment_form"] = AttachmentForm()
    if access.can_sign:
        context["sign_form"] = SignForm()
    if access.can_review:
        context["review_form"] = ReviewForm(proposal=proposal)
        context["similar"] = similar_proposals(request.user, proposal)
    if access.can_assign:
        context["assign_form"] = AssignForm(body_id=proposal.body_id)
    if access.can_mark_key:
        context["key_form"] = KeyForm(
            body_id=proposal.body_id,
            initial={
                "is_key": proposal.is_key,
                "leader": proposal.key_leader,
                "supervisor": proposal.key_supervisor_id,
            },
        )
    if access.can_mark_excellent:
        context["excellent_form"] = ExcellentForm(
            initial={"excellent": proposal.is_excellent, "note": proposal.excellent_note}
        )
    if access.can_extend:
        context["extend_form"] = ExtendForm()
    if access.can_evaluate:
        context["evaluation_form"] = EvaluationForm()
    if access.proposer:
        context["answer_form"] = CommunicationAnswerForm()
    if access.current_assignments:
        context["communication_form"] = CommunicationForm()
        context["opinion_form"] = OpinionForm()
    for name, form in (bound or {}).items():
        if name in context:  # only a form the page would show (the user may do it)
            context[name] = form
    return render(request, "proposals/proposal_detail.html", context, status=status)


@login_required
def proposal_submit(request: HttpRequest, pk: int) -> HttpResponse:
    """GET: the check before submitting — similar earlier proposals, with the choice to
    withdraw a duplicate. POST: submit."""
    proposal, access = proposal_and_access(request, pk)
    require(access.author and proposal.status == Proposal.Status.DRAFT)
    if request.method == "POST":
        success = (
            _("已发送给联名人确认；全部答复后提案进入审查。")
            if proposal.kind == Proposal.Kind.JOINT
            else _("提案已提交，等待审查。")
        )
        run(request, lambda: services.proposal_submit(proposal=proposal, by=request.user), success)
        return back(pk)
    return render(
        request,
        "proposals/proposal_submit.html",
        {
            "proposal": proposal,
            "similar": similar_proposals(request.user, proposal),
            "signers": proposal.signers.select_related("member"),
            "comment_form": CommentForm(),
        },
    )


@require_POST
@login_required
def proposal_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    proposal, access = proposal_and_access(request, pk)
    require(access.author)
    return submit(
        request,
        pk,
        CommentForm(request.POST),
        lambda data: services.proposal_withdraw(
            proposal=proposal, by=request.user, comment=data["comment"]
        ),
        _("提案已撤回。"),
    )


@require_POST
@login_required
def proposal_recall(request: HttpRequest, pk: int) -> HttpResponse:
    proposal, access = proposal_and_access(request, pk)
    require(access.author)
    run(
        request,
        lambda: services.proposal_recall(proposal=proposal, by=request.user),
        _("提案已取回为草稿；修改后再次提交，联名人需重新确认。"),
    )
    return back(pk)


@require_POST
@login_required
def proposal_sign(request: HttpRequest, pk: int) -> HttpResponse:
    proposal, access = proposal_and_access(request, pk)
    require(access.signer is not None)
    accept = request.POST.get("answer") == "confirm"
    return submit(
        request,
        pk,
        SignForm(request.POST),
        lambda data: services.signer_answer(
            proposal=proposal, by=request.user, accept=accept, comment=data["comment"]
        ),
        _("已确认联名。") if accept else _("已谢绝联名。"),
    )


# Attachments ----------------------------------------------------------------------------


@require_POST
@login_required
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    proposal, access = proposal_and_access(request, pk)
    require(access.can_edit)
    return submit(
        request,
        pk,
        AttachmentForm(request.POST, request.FILES),
        lambda data: services.attachment_add(
            proposal=proposal, by=request.user, upload=data["file"]
        ),
        _("附件已上传。"),
        redisplay="attachment_form",
    )


@login_required
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    """A file of a proposal the user may see, as a download that no browser renders."""
    attachment = get_attachment_for(request.user, pk)
    return attachment_response(attachment.file, attachment.name, attachment.content_type)


@require_POST
@login_required
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_attachment_for(request.user, pk)
    proposal, access = proposal_and_access(request, attachment.proposal_id)
    require(access.can_edit and attachment.purpose == Attachment.Purpose.MATERIAL)
    run(
        request,
        lambda: services.attachment_delete(attachment=attachment, by=request.user),
        _("附件已删除。"),
    )
    return back(proposal.pk)


@login_required
def proposal_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    proposal, _access = proposal_and_access(request, pk)
    try:
        return reports.proposal_pdf(proposal)
    except PdfError:
        messages.error(request, _("PDF 生成超时或失败，请稍后再试。"))
        return back(pk)


# The proposer during handling -------------------------------------------------------------


@require_POST
@login_required
def communication_answer(request: HttpRequest, pk: int) -> HttpResponse:
    communication = get_communication_for(request.user, pk)
    _proposal, access = proposal_and_access(request, communication.proposal_id)
    require(access.proposer)
    confirmed = request.POST.get("answer") == "confirm"
    return submit(
        request,
        communication.proposal_id,
        CommunicationAnswerForm(request.POST),
        lambda data: services.communication_answer(
            communication=communication, by=request.user, confirmed=confirmed, note=data["note"]
        ),
        _("已确认承办单位与您的沟通。")
        if confirmed
        else _("已反映未沟通，承办单位和提案委将收到通知。"),
    )


@require_POST
@login_required
def proposal_evaluate(request: HttpRequest, pk: int) -> HttpResponse:
    proposal, access = proposal_and_access(request, pk)
    require(access.proposer)
    return submit(
        request,
        pk,
        EvaluationForm(request.POST),
        lambda data: services.proposal_evaluate(
            proposal=proposal, by=request.user, result=data["result"], comment=data["comment"]
        ),
        _("评价已提交。"),
        redisplay="evaluation_form",
    )
