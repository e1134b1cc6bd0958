"""The editors' pages of 社情民意: key topics, the queue, decisions, revising, merging, adoptions
and 批示, the body's reference lists."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisation.models import Committee
from portal.feedback import form_errors, run_service
from portal.paging import counted_page
from portal.params import as_id

from .. import access, services
from ..forms import (
    AdoptionForm,
    DecisionForm,
    EditForm,
    InstructionForm,
    KeyTopicForm,
    MergeForm,
    ResultForm,
)
from ..models import Instruction, KeyTopic, Report
from ..selectors import (
    REPORT_COUNTS,
    forwardings_to,
    get_report_for,
    queue,
    report_list,
)
from .common import S, _editor_only
from .detail import _diffs, _render_detail

# The merge page offers the reports chosen in the queue and this many of the latest.
MERGE_LATEST = 50

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
    page = counted_page(request, queue(request.user), 30, counts=REPORT_COUNTS)
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
        year=int(year) if year.isdecimal() and len(year) == 4 else None,
    )
    page = counted_page(request, rows, 30, counts=REPORT_COUNTS)
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
        chosen = request.POST.getlist("reports")
    else:
        chosen = request.GET.getlist("r")
        form = MergeForm(candidates=candidates, initial={"reports": _ids(chosen)})
    # A region's body has thousands of reports waiting: the page offers the ones chosen in
    # the queue and the latest few, not every one (validation above used them all).
    latest = list(candidates.values_list("pk", flat=True)[:MERGE_LATEST])
    form.fields["reports"].queryset = candidates.filter(pk__in={*latest, *_ids(chosen)})
    return render(
        request,
        "public_opinion/merge.html",
        {"form": form, "latest": MERGE_LATEST},
        status=status,
    )


def _ids(values: list[str]) -> list[int]:
    return [n for n in map(as_id, values) if n is not None]


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


# ---- the body's data -----------------------------------------------------------------------


@login_required
def data_settings(request: HttpRequest) -> HttpResponse:
    """The standard reasons for 不予采用 and the adoption levels: data the editors keep."""
    from ..forms import LevelForm, ReasonForm
    from ..models import AdoptionLevel, RejectionReason

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
