"""Pages of 社情民意: the member's items (phone first: write, character count, similar
items, co-authors), the staff's collective items and key topics, the editors' queue,
decisions, editing with a diff, merging, issues of 《社情民意》, adoptions and 批示, and
forwarding between bodies. Thin: access helper → form → service → redirect; a failed
form is shown again with what was typed."""

from __future__ import annotations

import difflib

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.html import escape
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisation.models import Committee
from portal.feedback import form_errors, run_service
from portal.uploads import attachment_response
from portal.workflow import transitions_of

from . import access, reports, services
from .forms import (
    AdoptionForm,
    AttachmentForm,
    DecisionForm,
    DeclineForm,
    EditForm,
    ForwardForm,
    InstructionForm,
    IssueForm,
    KeyTopicForm,
    MergeForm,
    ReportForm,
    ResultForm,
)
from .models import Attachment, Author, Instruction, Issue, KeyTopic, Report
from .selectors import (
    accepted_for_issue,
    authors_of,
    credited_adoptions,
    credited_instructions,
    forwardings_to,
    get_forwarding_for,
    get_issue_for,
    get_report_for,
    issues_visible_to,
    may_open_attachment_of,
    my_reports,
    queue,
    report_list,
    similar_reports,
)
from .workflow import REPORT

S = Report.Status


def _editor_only(request: HttpRequest) -> None:
    if not access.powers_of(request.user).edits:
        raise PermissionDenied


def _writer_only(request: HttpRequest) -> None:
    powers = access.powers_of(request.user)
    if powers.member_id is None and not powers.staff:
        raise PermissionDenied


# ---- members and staff: their items --------------------------------------------------------


@login_required
def my_list(request: HttpRequest) -> HttpResponse:
    powers = access.powers_of(request.user)
    if not powers.any:
        raise PermissionDenied
    page = Paginator(my_reports(request.user), 20).get_page(request.GET.get("page"))
    invitations = []
    if powers.member_id is not None:
        invitations = list(
            Author.objects.filter(
                member_id=powers.member_id,
                status=Author.Status.INVITED,
                report__status=S.AWAITING_COAUTHORS,
            ).select_related("report")
        )
    return render(
        request,
        "public_opinion/my_list.html",
        {"page": page, "powers": powers, "invitations": invitations},
    )


def _form_page(
    request: HttpRequest, form: ReportForm, report: Report | None, status: int = 200
) -> HttpResponse:
    return render(
        request,
        "public_opinion/report_form.html",
        {"form": form, "report": report, "warn_length": Report.WARN_LENGTH},
        status=status,
    )


@login_required
def report_create(request: HttpRequest) -> HttpResponse:
    _writer_only(request)
    powers = access.powers_of(request.user)
    collective = request.GET.get("collective") == "1" or powers.member_id is None
    if collective and not powers.staff:
        raise PermissionDenied
    kwargs = {"body_id": request.user.body_id, "powers": powers, "collective": collective}
    if request.method == "POST":
        form = ReportForm(request.POST, **kwargs)
        if form.is_valid():
            try:
                report = services.report_create(
                    body_id=request.user.body_id, draft=form.draft(), by=request.user
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if request.POST.get("then") == "submit":
                    if not run_service(
                        request,
                        lambda: services.report_submit(report=report, by=request.user),
                        _("信息已提交。"),
                    ):
                        return redirect("public_opinion:report_detail", pk=report.pk)
                else:
                    messages.success(request, _("草稿已保存。"))
                return redirect("public_opinion:report_detail", pk=report.pk)
        return _form_page(request, form, None, status=422)
    return _form_page(request, ReportForm(**kwargs), None)


@login_required
def report_edit(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for(request.user, pk)
    if not access.writes(report, request.user):
        raise PermissionDenied
    if report.status not in Report.EDITABLE_STATES:
        messages.error(request, _("只有草稿或退回修改的信息可以修改。"))
        return redirect("public_opinion:report_detail", pk=pk)
    kwargs = {
        "body_id": report.body_id,
        "powers": access.powers_of(request.user),
        "collective": report.is_collective,
    }
    if request.method == "POST":
        form = ReportForm(request.POST, **kwargs)
        if report.is_collective:
            form.fields["organiser"].required = False
        if form.is_valid():
            draft = form.draft()
            if report.is_collective:
                draft = services.Draft(
                    **{
                        **draft.__dict__,
                        "organiser_committee": None,
                        "organiser_sector_group": None,
                    }
                )
            try:
                services.report_update(
                    report=report,
                    draft=draft,
                    version=form.cleaned_data.get("version") or 0,
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if request.POST.get("then") == "submit":
                    run_service(
                        request,
                        lambda: services.report_submit(report=report, by=request.user),
                        _("信息已提交。"),
                    )
                else:
                    messages.success(request, _("已保存。"))
                return redirect("public_opinion:report_detail", pk=pk)
        return _form_page(request, form, report, status=422)
    initial = {
        "title": report.title,
        "topic": report.topic,
        "key_topic": report.key_topic_id,
        "situation": report.situation,
        "analysis": report.analysis,
        "suggestions": report.suggestions,
        "version": report.version,
        "coauthors": list(
            report.authors.filter(role=Author.Role.CO).values_list("member_id", flat=True)
        ),
    }
    form = ReportForm(initial=initial, **kwargs)
    if report.is_collective:
        form.fields["organiser"].required = False
        form.fields["organiser"].disabled = True
    return _form_page(request, form, report)


def _diff(original: str, edited: str) -> str:
    """Character diff of the authors' text and the editors' version, as safe HTML."""
    if not edited or edited == original:
        return ""
    out = []
    matcher = difflib.SequenceMatcher(a=original, b=edited, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            out.append(escape(original[a1:a2]))
        if op in ("delete", "replace"):
            out.append(f"<del>{escape(original[a1:a2])}</del>")
        if op in ("insert", "replace"):
            out.append(f"<ins>{escape(edited[b1:b2])}</ins>")
    return mark_safe("".join(out))  # noqa: S308 - every piece is escaped above


def _diffs(report: Report) -> list[tuple[str, str]]:
    pairs = [
        (_("标题"), report.title, report.edited_title),
        (_("基本情况"), report.situation, report.edited_situation),
        (_("问题分析"), report.analysis, report.edited_analysis),
        (_("意见建议"), report.suggestions, report.edited_suggestions),
    ]
    return [(label, _diff(a, b)) for label, a, b in pairs if b and a != b]


@login_required
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for(request.user, pk)
    return _render_detail(request, report)


def _render_detail(
    request: HttpRequest, report: Report, status: int = 200, **forms
) -> HttpResponse:
    user = request.user
    powers = access.powers_of(user)
    edits = access.edits(report, user)
    writes = access.writes(report, user)
    editable = writes and report.status in Report.EDITABLE_STATES
    authors = authors_of(report)
    mine = next(
        (a for a in authors if powers.member_id is not None and a.member_id == powers.member_id),
        None,
    )
    context = {
        "report": report,
        "authors": authors,
        "my_invitation": mine if mine and mine.status == Author.Status.INVITED
        and report.status == S.AWAITING_COAUTHORS else None,
        "writes": writes,
        "edits": edits,
        "attachments": list(report.attachments.all()),
        "adoptions": credited_adoptions(report),
        "instructions": credited_instructions(report),
        "diffs": _diffs(report) if report.is_edited else [],
        "log": [(e, S(e.to_state).label if e.to_state in S.values else e.to_state)
                for e in transitions_of(report)],
        "can_submit": writes and REPORT.can(report, S.SUBMITTED, user)
        or writes and REPORT.can(report, S.AWAITING_COAUTHORS, user),
        "can_recall": writes and REPORT.can(report, S.DRAFT, user),
        "can_withdraw": writes and REPORT.can(report, S.WITHDRAWN, user),
        "can_edit_text": editable,
        "attachment_form": AttachmentForm() if editable else None,
        "similar": similar_reports(
            user, title=report.title, body_text=report.situation + report.suggestions,
            exclude_pk=report.pk,
        ) if report.status in (S.DRAFT, S.SUBMITTED, S.RETURNED) else [],
    }  # fmt: skip
    if edits:
        context |= {
            "decision_form": forms.get("decision_form")
            or (DecisionForm(body_id=report.body_id) if report.status == S.SUBMITTED else None),
            "can_revise": report.status in services.EDITABLE_BY_EDITORS,
            "adoption_form": forms.get("adoption_form")
            or (AdoptionForm(body_id=report.body_id, initial={"adopted_on": timezone.localdate()})
                if report.status in services.ADOPTABLE else None),
            "instruction_form": forms.get("instruction_form")
            or (InstructionForm(initial={"instructed_on": timezone.localdate()})
                if report.status not in (*Report.UNSUBMITTED_STATES, S.SUBMITTED, S.RETURNED,
                                         S.REJECTED, S.WITHDRAWN, S.MERGED) else None),
            "forward_form": forms.get("forward_form")
            or (ForwardForm(targets=services.forward_targets(report.body_id))
                if report.status in services.FORWARDABLE else None),
            "forwardings": list(report.forwardings.select_related("to_body", "copy")),
        }  # fmt: skip
    return render(request, "public_opinion/report_detail.html", context, status=status)


def _writer_action(request: HttpRequest, pk: int, action, success: str) -> HttpResponse:
    report = get_report_for(request.user, pk)
    if not access.writes(report, request.user):
        raise PermissionDenied
    run_service(request, lambda: action(report=report, by=request.user), success)
    return redirect("public_opinion:report_detail", pk=pk)


@require_POST
@login_required
def report_submit(request: HttpRequest, pk: int) -> HttpResponse:
    return _writer_action(request, pk, services.report_submit, _("信息已提交。"))


@require_POST
@login_required
def report_recall(request: HttpRequest, pk: int) -> HttpResponse:
    return _writer_action(request, pk, services.report_recall, _("已收回，可以修改后重新提交。"))


@require_POST
@login_required
def report_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    return _writer_action(request, pk, services.report_withdraw, _("信息已撤回。"))


@require_POST
@login_required
def report_delete(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for(request.user, pk)
    if not access.writes(report, request.user):
        raise PermissionDenied
    if run_service(
        request, lambda: services.report_delete(report=report, by=request.user), _("草稿已删除。")
    ):
        return redirect("public_opinion:my_list")
    return redirect("public_opinion:report_detail", pk=pk)


@require_POST
@login_required
def coauthor_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The invited co-author confirms or declines (404 for anyone else)."""
    member_id = access.powers_of(request.user).member_id
    author = get_object_or_404(
        Author.objects.select_related("report"), pk=pk, member_id=member_id or 0
    )
    confirm = request.POST.get("confirm") == "1"
    run_service(
        request,
        lambda: services.coauthor_answer(author=author, confirm=confirm, by=request.user),
        _("已确认联名。") if confirm else _("已谢绝联名。"),
    )
    return redirect("public_opinion:report_detail", pk=author.report_id)


@login_required
def similar(request: HttpRequest) -> HttpResponse:
    """The similar earlier items, for the form (htmx fragment)."""
    if not access.powers_of(request.user).any:
        raise PermissionDenied
    exclude = request.GET.get("exclude", "")
    found = similar_reports(
        request.user,
        title=request.GET.get("title", "")[:200],
        body_text=request.GET.get("text", "")[:2000],
        exclude_pk=int(exclude) if exclude.isdigit() else None,
    )
    return render(request, "public_opinion/similar.html", {"similar": found, "asked": True})


# ---- attachments ---------------------------------------------------------------------------


@require_POST
@login_required
def attachment_upload(request: HttpRequest, pk: int) -> HttpResponse:
    report = get_report_for(request.user, pk)
    if not access.writes(report, request.user):
        raise PermissionDenied
    form = AttachmentForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, form_errors(form))
    else:
        run_service(
            request,
            lambda: services.attachment_add(
                report=report, upload=form.cleaned_data["file"], by=request.user
            ),
            _("附件已上传。"),
        )
    return redirect("public_opinion:report_detail", pk=pk)


@login_required
def attachment_download(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(Attachment.objects.select_related("report"), pk=pk)
    if not may_open_attachment_of(request.user, attachment.report):
        raise Http404
    return attachment_response(attachment.file, attachment.name, attachment.content_type)


@require_POST
@login_required
def attachment_delete(request: HttpRequest, pk: int) -> HttpResponse:
    attachment = get_object_or_404(Attachment.objects.select_related("report"), pk=pk)
    report = get_report_for(request.user, attachment.report_id)
    if not access.writes(report, request.user):
        raise PermissionDenied
    run_service(
        request,
        lambda: services.attachment_delete(attachment=attachment, by=request.user),
        _("附件已删除。"),
    )
    return redirect("public_opinion:report_detail", pk=report.pk)


# ---- key information topics ----------------------------------------------------------------


@login_required
def key_topics(request: HttpRequest) -> HttpResponse:
    """The committees' key information topics (重点信息课题); staff add their committee's,
    the office any committee's."""
    powers = access.powers_of(request.user)
    if not (powers.staff or powers.edits):
        raise PermissionDenied
    committees = (
        Committee.objects.filter(body_id=request.user.body_id, is_active=True)
        if powers.office
        else Committee.objects.filter(pk__in=powers.staff_committee_ids)
    )
    form = KeyTopicForm(committees=committees, initial={"year": timezone.localdate().year})
    status = 200
    if request.method == "POST":
        form = KeyTopicForm(request.POST, committees=committees)
        if form.is_valid():
            try:
                services.key_topic_create(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("重点信息课题已登记。"))
                return redirect("public_opinion:key_topics")
        status = 422
    topics = KeyTopic.objects.filter(body_id=request.user.body_id).select_related("committee")
    if not powers.edits:
        topics = topics.filter(committee_id__in=powers.staff_committee_ids)
    return render(
        request,
        "public_opinion/key_topics.html",
        {"topics": topics.order_by("-year", "committee__order", "id")[:200],
         "form": form if committees.exists() else None},
        status=status,
    )  # fmt: skip


# ---- editors -------------------------------------------------------------------------------


@login_required
def editor_queue(request: HttpRequest) -> HttpResponse:
    _editor_only(request)
    page = Paginator(queue(request.user), 30).get_page(request.GET.get("page"))
    pending = forwardings_to(request.user).filter(status="pending").count()
    return render(request, "public_opinion/queue.html", {"page": page, "pending": pending})


@login_required
def report_list_view(request: HttpRequest) -> HttpResponse:
    _editor_only(request)
    search = request.GET.get("q", "").strip()[:50]
    status = request.GET.get("status", "")
    status = status if status in S.values else ""
    year = request.GET.get("year", "")
    rows = report_list(
        request.user,
        search=search,
        status=status,
        year=int(year) if year.isdigit() and len(year) == 4 else None,
    )
    page = Paginator(rows, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "public_opinion/report_list.html",
        {"page": page, "q": search, "status": status, "year": year, "statuses": S.choices},
    )


def _edited_report(request: HttpRequest, pk: int) -> Report:
    report = get_report_for(request.user, pk)
    if not access.edits(report, request.user):
        raise PermissionDenied
    return report


@require_POST
@login_required
def report_decide(request: HttpRequest, pk: int) -> HttpResponse:
    report = _edited_report(request, pk)
    form = DecisionForm(request.POST, body_id=report.body_id)
    if form.is_valid():
        d = form.cleaned_data
        decision, comment, by = d["decision"], d["comment"], request.user
        actions = {
            S.ACCEPTED: lambda: services.report_accept(report=report, comment=comment, by=by),
            S.RETURNED: lambda: services.report_return(report=report, comment=comment, by=by),
            S.REJECTED: lambda: services.report_reject(
                report=report, reason=d["reason"], comment=comment, by=by
            ),
            S.TO_PROPOSAL: lambda: services.report_pass_on(
                report=report, target=S.TO_PROPOSAL, comment=comment, by=by
            ),
            S.TO_DEPARTMENT: lambda: services.report_pass_on(
                report=report, target=S.TO_DEPARTMENT, comment=comment, by=by
            ),
        }
        try:
            actions[decision]()
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已处理：%(d)s。") % {"d": S(decision).label})
            return redirect("public_opinion:report_detail", pk=pk)
    return _render_detail(request, report, status=422, decision_form=form)


@login_required
def report_revise(request: HttpRequest, pk: int) -> HttpResponse:
    """The editors' version of the text, with the diff against the original."""
    report = _edited_report(request, pk)
    if report.status not in services.EDITABLE_BY_EDITORS:
        messages.error(request, _("只有待受理或已受理、尚未编发的信息可以编辑。"))
        return redirect("public_opinion:report_detail", pk=pk)
    status = 200
    if request.method == "POST":
        form = EditForm(request.POST)
        if form.is_valid():
            try:
                services.report_edit(report=report, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("编辑已保存，原文保留。"))
                return redirect("public_opinion:report_revise", pk=pk)
        status = 422
    else:
        form = EditForm(
            initial={
                "title": report.final_title,
                "situation": report.final_situation,
                "analysis": report.final_analysis,
                "suggestions": report.final_suggestions,
                "version": report.version,
            }
        )
    return render(
        request,
        "public_opinion/report_revise.html",
        {"report": report, "form": form, "diffs": _diffs(report)},
        status=status,
    )


@login_required
def report_merge(request: HttpRequest) -> HttpResponse:
    _editor_only(request)
    candidates = Report.objects.filter(
        body_id=request.user.body_id, status__in=(S.SUBMITTED, S.ACCEPTED)
    ).order_by("-submitted_at")
    status = 200
    if request.method == "POST":
        form = MergeForm(request.POST, candidates=candidates)
        if form.is_valid():
            d = form.cleaned_data
            try:
                combined = services.reports_merge(
                    reports=list(d["reports"]), title=d["title"], situation=d["situation"],
                    analysis=d["analysis"], suggestions=d["suggestions"], topic=d["topic"],
                    by=request.user,
                )  # fmt: skip
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("已合并为综合信息 %(n)s。") % {"n": combined.number})
                return redirect("public_opinion:report_detail", pk=combined.pk)
        status = 422
    else:
        ids = [int(i) for i in request.GET.getlist("r") if i.isdigit()]
        form = MergeForm(candidates=candidates, initial={"reports": ids})
    return render(request, "public_opinion/merge.html", {"form": form}, status=status)


@require_POST
@login_required
def adoption_add(request: HttpRequest, pk: int) -> HttpResponse:
    report = _edited_report(request, pk)
    form = AdoptionForm(request.POST, body_id=report.body_id)
    if form.is_valid():
        try:
            services.adoption_record(report=report, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("采用记录已登记。"))
            return redirect("public_opinion:report_detail", pk=pk)
    return _render_detail(request, report, status=422, adoption_form=form)


@require_POST
@login_required
def instruction_add(request: HttpRequest, pk: int) -> HttpResponse:
    report = _edited_report(request, pk)
    form = InstructionForm(request.POST)
    if form.is_valid():
        try:
            services.instruction_record(report=report, data=form.data_object(), by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("领导批示已登记。"))
            return redirect("public_opinion:report_detail", pk=pk)
    return _render_detail(request, report, status=422, instruction_form=form)


@require_POST
@login_required
def instruction_result(request: HttpRequest, pk: int) -> HttpResponse:
    instruction = get_object_or_404(Instruction.objects.select_related("report"), pk=pk)
    report = _edited_report(request, instruction.report_id)
    form = ResultForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.instruction_set_result(
                instruction=instruction, result=form.cleaned_data["result"], by=request.user
            ),
            _("落实情况已更新。"),
        )
    else:
        messages.error(request, form_errors(form))
    return redirect("public_opinion:report_detail", pk=report.pk)


@require_POST
@login_required
def report_forward(request: HttpRequest, pk: int) -> HttpResponse:
    report = _edited_report(request, pk)
    form = ForwardForm(request.POST, targets=services.forward_targets(report.body_id))
    if form.is_valid():
        try:
            services.report_forward(report=report, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已报送。"))
            return redirect("public_opinion:report_detail", pk=pk)
    return _render_detail(request, report, status=422, forward_form=form)


# ---- forwarded from lower bodies -----------------------------------------------------------


@login_required
def forwarding_list(request: HttpRequest) -> HttpResponse:
    _editor_only(request)
    page = Paginator(forwardings_to(request.user), 30).get_page(request.GET.get("page"))
    return render(request, "public_opinion/forwarding_list.html", {"page": page})


@login_required
def forwarding_detail(request: HttpRequest, pk: int) -> HttpResponse:
    forwarding = get_forwarding_for(request.user, pk)
    report = forwarding.report
    receiving = request.user.body_id == forwarding.to_body_id
    return render(
        request,
        "public_opinion/forwarding_detail.html",
        {
            "forwarding": forwarding,
            "report": report,
            "receiving": receiving,
            "attachments": list(report.attachments.all()),
            "authors": authors_of(report),
            "decline_form": DeclineForm(),
        },
    )


def _receiving(request: HttpRequest, pk: int):
    forwarding = get_forwarding_for(request.user, pk)
    if request.user.body_id != forwarding.to_body_id or not access.powers_of(request.user).edits:
        raise PermissionDenied
    return forwarding


@require_POST
@login_required
def forwarding_accept(request: HttpRequest, pk: int) -> HttpResponse:
    forwarding = _receiving(request, pk)
    try:
        copy = services.forwarding_accept(forwarding=forwarding, by=request.user)
    except ValidationError as error:
        messages.error(request, error.messages[0])
        return redirect("public_opinion:forwarding_detail", pk=pk)
    messages.success(request, _("已接收，信息已进入本级待受理队列。"))
    return redirect("public_opinion:report_detail", pk=copy.pk)


@require_POST
@login_required
def forwarding_decline(request: HttpRequest, pk: int) -> HttpResponse:
    forwarding = _receiving(request, pk)
    form = DeclineForm(request.POST)
    if form.is_valid():
        run_service(
            request,
            lambda: services.forwarding_decline(
                forwarding=forwarding, answer=form.cleaned_data["answer"], by=request.user
            ),
            _("已退回报送单位。"),
        )
    else:
        messages.error(request, form_errors(form))
    return redirect("public_opinion:forwarding_detail", pk=pk)


# ---- issues of 《社情民意》 ------------------------------------------------------------------


@login_required
def issue_list(request: HttpRequest) -> HttpResponse:
    if not access.powers_of(request.user).any:
        raise PermissionDenied
    issues = issues_visible_to(request.user).order_by("-year", "-number")
    page = Paginator(issues, 30).get_page(request.GET.get("page"))
    return render(
        request,
        "public_opinion/issue_list.html",
        {"page": page, "edits": access.powers_of(request.user).edits},
    )


@login_required
def issue_create(request: HttpRequest) -> HttpResponse:
    _editor_only(request)
    status = 200
    if request.method == "POST":
        form = IssueForm(request.POST)
        if form.is_valid():
            try:
                issue = services.issue_create(
                    body_id=request.user.body_id, by=request.user, **form.cleaned_data
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("已新建 %(i)s，请编入信息。") % {"i": issue})
                return redirect("public_opinion:issue_detail", pk=issue.pk)
        status = 422
    else:
        form = IssueForm(initial={"year": timezone.localdate().year})
    return render(request, "public_opinion/issue_form.html", {"form": form}, status=status)


@login_required
def issue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_issue_for(request.user, pk)
    edits = access.powers_of(request.user).edits
    entries = list(issue.entries.select_related("report").order_by("order"))
    context = {"issue": issue, "entries": entries, "edits": edits}
    if edits and issue.status == Issue.Status.DRAFT:
        chosen = {e.report_id for e in entries}
        context["available"] = [r for r in accepted_for_issue(request.user) if r.pk not in chosen]
    return render(request, "public_opinion/issue_detail.html", context)


@require_POST
@login_required
def issue_entries(request: HttpRequest, pk: int) -> HttpResponse:
    """The issue's items in the order posted (`report` repeated; ↑/↓ and 移除 re-post)."""
    issue = get_issue_for(request.user, pk)
    _editor_only(request)
    ids = [int(i) for i in request.POST.getlist("report") if i.isdigit()]
    move = request.POST.get("move", "")
    if move:
        op, _sep, raw = move.partition(":")
        if raw.isdigit() and int(raw) in ids:
            i = ids.index(int(raw))
            if op == "up" and i > 0:
                ids[i - 1], ids[i] = ids[i], ids[i - 1]
            elif op == "down" and i < len(ids) - 1:
                ids[i + 1], ids[i] = ids[i], ids[i + 1]
            elif op == "remove":
                ids.pop(i)
    run_service(
        request,
        lambda: services.issue_set_entries(issue=issue, report_ids=ids, by=request.user),
        _("篇目已更新。"),
    )
    return redirect("public_opinion:issue_detail", pk=pk)


@require_POST
@login_required
def issue_publish(request: HttpRequest, pk: int) -> HttpResponse:
    issue = get_issue_for(request.user, pk)
    _editor_only(request)
    run_service(
        request,
        lambda: services.issue_publish(issue=issue, by=request.user),
        _("本期已印发，PDF 已生成。"),
    )
    return redirect("public_opinion:issue_detail", pk=pk)


@login_required
def issue_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The published PDF as it was published; a draft's preview for the editors."""
    from portal.pdf import pdf_response

    issue = get_issue_for(request.user, pk)
    filename = f"社情民意{issue.year}年第{issue.number}期.pdf"
    if issue.status == Issue.Status.PUBLISHED and issue.pdf:
        return attachment_response(issue.pdf, filename, "application/pdf")
    return pdf_response(
        "public_opinion/issue_pdf.html", services.issue_context(issue), filename=filename
    )


# ---- statistics ----------------------------------------------------------------------------


def _stats_year(request: HttpRequest) -> int:
    raw = request.GET.get("year", "")
    year = int(raw) if raw.isdigit() and len(raw) == 4 else timezone.localdate().year
    return min(max(year, 2000), 2100)


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    """By state, topic, committee, sector group, member and adoption level, with charts."""
    _editor_only(request)
    year = _stats_year(request)
    stats = reports.statistics(request.user.body_id, year)
    return render(
        request,
        "public_opinion/statistics.html",
        {"stats": stats, "tables": reports.tables(stats), "year": year},
    )


@login_required
def statistics_xlsx(request: HttpRequest) -> HttpResponse:
    _editor_only(request)
    stats = reports.statistics(request.user.body_id, _stats_year(request))
    return reports.statistics_xlsx(stats, request.user.body.short_name)


@login_required
def adoption_report_pdf(request: HttpRequest) -> HttpResponse:
    """The annual 社情民意 adoption report."""
    from portal.pdf import pdf_response

    _editor_only(request)
    year = _stats_year(request)
    stats = reports.statistics(request.user.body_id, year)
    return pdf_response(
        "public_opinion/adoption_report_pdf.html",
        {
            "stats": stats,
            "tables": reports.tables(stats),
            "adoptions": reports.adopted_items(request.user.body_id, year),
            "body": request.user.body,
            "today": timezone.localdate(),
        },
        filename=f"社情民意采用情况-{year}.pdf",
    )


# ---- the body's data -----------------------------------------------------------------------


@login_required
def data_settings(request: HttpRequest) -> HttpResponse:
    """The standard reasons for 不予采用 and the adoption levels: data the editors keep."""
    from .forms import LevelForm, ReasonForm
    from .models import AdoptionLevel, RejectionReason

    _editor_only(request)
    body_id = request.user.body_id
    reason_form, level_form, status = ReasonForm(), LevelForm(), 200
    if request.method == "POST":
        kind = request.POST.get("kind")
        form = ReasonForm(request.POST) if kind == "reason" else LevelForm(request.POST)
        if form.is_valid():
            d = form.cleaned_data
            try:
                if kind == "reason":
                    services.rejection_reason_save(body_id=body_id, by=request.user, **d)
                else:
                    services.adoption_level_save(body_id=body_id, by=request.user, **d)
            except (ValidationError, RejectionReason.DoesNotExist, AdoptionLevel.DoesNotExist) as e:
                form.add_error(None, e if isinstance(e, ValidationError) else _("记录不存在。"))
            else:
                messages.success(request, _("已保存。"))
                return redirect("public_opinion:data_settings")
        status = 422
        if kind == "reason":
            reason_form = form
        else:
            level_form = form
    return render(
        request,
        "public_opinion/data_settings.html",
        {
            "reasons": RejectionReason.objects.filter(body_id=body_id),
            "levels": AdoptionLevel.objects.filter(body_id=body_id),
            "reason_form": reason_form,
            "level_form": level_form,
        },
        status=status,
    )
