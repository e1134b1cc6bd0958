"""Pages of the annual scoring (issue 15): the office's rule sets, scoring run, 公示,
objections, freeze, ranking and annual report; a member's score lines and objection form
(phone first); a committee's staff reading their members' scores; the 履职档案 and its PDF;
the body's plenary sessions and standing-committee meetings. Views are thin: access helper
→ form → service → redirect; a failed form is shown again with what was typed."""

from __future__ import annotations

from decimal import Decimal

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisation.access import is_office, office_required
from portal.access import roles_of
from portal.feedback import form_errors, run_service
from portal.registry import score_sources
from portal.workflow import transitions_of

from .dossier import member_dossier
from .models_scoring import (
    BodyMeeting,
    MeetingAttendance,
    MemberScore,
    Objection,
    Rule,
    RuleSet,
    ScoreLine,
    ScoringRun,
    Speech,
)
from .scoring import access, selectors, services
from .scoring.forms import (
    CopyForm,
    MeetingForm,
    ObjectionForm,
    ResolveForm,
    RuleForm,
    RuleSetForm,
    SpeechForm,
)
from .scoring.workflow import RUN

S = ScoringRun.Status


def _this_year() -> int:
    return timezone.localdate().year


def _staff_or_office(request: HttpRequest) -> None:
    if not access.may_see_scores_of_others(request.user):
        raise PermissionDenied


# ---- overview -----------------------------------------------------------------------------


@login_required
def scoring_home(request: HttpRequest) -> HttpResponse:
    """The office: the years, their runs and the rule sets. Staff: the public years."""
    _staff_or_office(request)
    office = is_office(request.user)
    runs = ScoringRun.objects.filter(body_id=request.user.body_id).select_related("rule_set")
    if not office:
        runs = runs.exclude(status=S.COMPUTED)
    return render(
        request,
        "evaluation/scoring/home.html",
        {
            "office": office,
            "runs": runs,
            "rule_sets": selectors.rule_sets_of(request.user.body_id) if office else [],
            "this_year": _this_year(),
        },
    )


# ---- rule sets ----------------------------------------------------------------------------


@office_required
def ruleset_create(request: HttpRequest) -> HttpResponse:
    form = RuleSetForm(request.POST or None, initial={"year": _this_year()})
    if request.method == "POST" and form.is_valid():
        try:
            rule_set = services.ruleset_create(
                body_id=request.user.body_id, data=form.cleaned_data, by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("规则集已创建，请添加细则。"))
            return redirect("evaluation:ruleset_detail", pk=rule_set.pk)
    return render(
        request, "evaluation/scoring/ruleset_form.html", {"form": form}, status=_status(form)
    )


def _status(form) -> int:
    return 422 if form.is_bound and form.errors else 200


@office_required
def ruleset_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rule_set = access.get_office_rule_set(request.user, pk)
    rules = list(rule_set.rules.all())
    # Roles and kinds by their labels, as each score source names them.
    for rule in rules:
        source = score_sources.get(rule.source) if rule.source in score_sources else None
        roles = dict(source.roles) if source else {}
        kinds = dict(source.kinds) if source else {}
        rule.role_labels = [str(roles.get(r, r)) for r in rule.roles]
        rule.kind_labels = [str(kinds.get(k, k)) for k in rule.kinds]
    return render(
        request,
        "evaluation/scoring/ruleset_detail.html",
        {
            "rule_set": rule_set,
            "rules": rules,
            "own": rule_set.body_id == request.user.body_id,
            "copy_form": CopyForm(initial={"year": _this_year()}),
            "sources": dict(selectors.source_choices()),
            "log": transitions_of(rule_set),
        },
    )


@office_required
def ruleset_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rule_set = access.get_office_rule_set(request.user, pk)
    if rule_set.body_id != request.user.body_id:
        raise PermissionDenied
    form = RuleSetForm(request.POST or None, instance=rule_set)
    if request.method == "POST" and form.is_valid():
        try:
            services.ruleset_update(
                rule_set=RuleSet.objects.get(pk=pk), data=form.cleaned_data, by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("规则集已保存。"))
            return redirect("evaluation:ruleset_detail", pk=pk)
    return render(
        request,
        "evaluation/scoring/ruleset_form.html",
        {"form": form, "rule_set": rule_set},
        status=_status(form),
    )


@require_POST
@office_required
def ruleset_copy(request: HttpRequest, pk: int) -> HttpResponse:
    rule_set = access.get_office_rule_set(request.user, pk)
    form = CopyForm(request.POST)
    if not form.is_valid():
        messages.error(request, form_errors(form))
        return redirect("evaluation:ruleset_detail", pk=pk)
    copy = services.ruleset_copy(rule_set=rule_set, year=form.cleaned_data["year"], by=request.user)
    messages.success(request, _("已复制为%(year)s年度的草稿。") % {"year": copy.year})
    return redirect("evaluation:ruleset_detail", pk=copy.pk)


@require_POST
@office_required
def ruleset_publish(request: HttpRequest, pk: int) -> HttpResponse:
    rule_set = access.get_office_rule_set(request.user, pk)
    run_service(
        request,
        lambda: services.ruleset_publish(rule_set=rule_set, by=request.user),
        _("规则已发布。"),
    )
    return redirect("evaluation:ruleset_detail", pk=pk)


@require_POST
@office_required
def ruleset_unpublish(request: HttpRequest, pk: int) -> HttpResponse:
    rule_set = access.get_office_rule_set(request.user, pk)
    comment = request.POST.get("comment", "")
    run_service(
        request,
        lambda: services.ruleset_unpublish(rule_set=rule_set, by=request.user, comment=comment),
        _("已撤回发布，规则回到草稿。"),
    )
    return redirect("evaluation:ruleset_detail", pk=pk)


@require_POST
@office_required
def ruleset_delete(request: HttpRequest, pk: int) -> HttpResponse:
    rule_set = access.get_office_rule_set(request.user, pk)
    if run_service(
        request,
        lambda: services.ruleset_delete(rule_set=rule_set, by=request.user),
        _("规则集已删除。"),
    ):
        return redirect("evaluation:scoring_home")
    return redirect("evaluation:ruleset_detail", pk=pk)


def _rule_form_page(request: HttpRequest, rule_set: RuleSet, rule: Rule | None) -> HttpResponse:
    if rule_set.body_id != request.user.body_id:
        raise PermissionDenied
    form = RuleForm(request.POST or None, instance=rule)
    if request.method == "POST" and form.is_valid():
        try:
            services.rule_save(
                rule_set=rule_set,
                rule=Rule.objects.get(pk=rule.pk) if rule else None,
                data=form.service_data(),
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("细则已保存。"))
            return redirect("evaluation:ruleset_detail", pk=rule_set.pk)
    return render(
        request,
        "evaluation/scoring/rule_form.html",
        {"form": form, "rule_set": rule_set, "rule": rule},
        status=_status(form),
    )


@office_required
def rule_create(request: HttpRequest, pk: int) -> HttpResponse:
    return _rule_form_page(request, access.get_office_rule_set(request.user, pk), None)


@office_required
def rule_edit(request: HttpRequest, pk: int) -> HttpResponse:
    rule = access.get_office_rule(request.user, pk)
    return _rule_form_page(request, rule.rule_set, rule)


@require_POST
@office_required
def rule_delete(request: HttpRequest, pk: int) -> HttpResponse:
    rule = access.get_office_rule(request.user, pk)
    run_service(
        request, lambda: services.rule_delete(rule=rule, by=request.user), _("细则已删除。")
    )
    return redirect("evaluation:ruleset_detail", pk=rule.rule_set_id)


# ---- the run ------------------------------------------------------------------------------


@require_POST
@office_required
def run_compute(request: HttpRequest, year: int) -> HttpResponse:
    if not 2000 <= year <= 2100:
        raise Http404
    if run_service(
        request,
        lambda: services.run_compute(body_id=request.user.body_id, year=year, by=request.user),
        _("%(year)s年度得分已计算。") % {"year": year},
    ):
        return redirect("evaluation:run_detail", year=year)
    return redirect("evaluation:scoring_home")


@require_POST
@office_required
def run_compute_year(request: HttpRequest) -> HttpResponse:
    """The form of the overview page: the year is typed in."""
    try:
        year = int(request.POST.get("year", ""))
    except ValueError:
        messages.error(request, _("请填写正确的年度。"))
        return redirect("evaluation:scoring_home")
    if not 2000 <= year <= 2100:
        messages.error(request, _("请填写正确的年度。"))
        return redirect("evaluation:scoring_home")
    return run_compute(request, year)


@login_required
def run_detail(request: HttpRequest, year: int) -> HttpResponse:
    """Ranking with grades and the score distribution: the office sees the whole body (and
    the actions of the run); a committee's staff see their members once it is public."""
    _staff_or_office(request)
    run = access.get_run(request.user, year)
    office = is_office(request.user)
    if not access.run_visible(request.user, run):
        raise Http404
    members = None if office else access.staff_members(request.user, year)
    page = Paginator(selectors.ranking(run, members), 50).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluation/scoring/run_detail.html",
        {
            "run": run,
            "office": office,
            "page": page,
            "bands": selectors.distribution(run, members),
            "grades": selectors.grade_counts(run, members),
            "open_objections": selectors.open_objections(run).count() if office else 0,
            "actions": RUN.available(run, request.user) if office else [],
            "log": transitions_of(run) if office else [],
        },
    )


@require_POST
@office_required
def run_publish(request: HttpRequest, year: int) -> HttpResponse:
    run = access.get_run(request.user, year)
    run_service(
        request,
        lambda: services.run_publish(run=run, by=request.user),
        _("得分已公示，委员可在异议期内提出异议。"),
    )
    return redirect("evaluation:run_detail", year=year)


@require_POST
@office_required
def run_withdraw(request: HttpRequest, year: int) -> HttpResponse:
    run = access.get_run(request.user, year)
    comment = request.POST.get("comment", "")
    run_service(
        request,
        lambda: services.run_withdraw(run=run, by=request.user, comment=comment),
        _("已撤回公示。"),
    )
    return redirect("evaluation:run_detail", year=year)


@require_POST
@office_required
def run_freeze(request: HttpRequest, year: int) -> HttpResponse:
    run = access.get_run(request.user, year)
    comment = request.POST.get("comment", "")
    run_service(
        request,
        lambda: services.run_freeze(run=run, by=request.user, comment=comment),
        _("%(year)s年度考评已冻结，今后规则或记录的变化不再影响本年度得分。") % {"year": year},
    )
    return redirect("evaluation:run_detail", year=year)


@require_POST
@office_required
def run_report(request: HttpRequest, year: int) -> HttpResponse:
    """The body's annual performance report (PDF), made in the background."""
    from portal.jobs import job_start

    run = access.get_run(request.user, year)
    job = job_start(
        kind="scoring_annual_report",
        title=_("%(year)s年度委员履职考评报告（PDF）") % {"year": run.year},
        params={"run_id": run.pk},
        by=request.user,
    )
    return redirect("portal:job_detail", pk=job.pk)


@require_POST
@office_required
def run_dossiers(request: HttpRequest, year: int) -> HttpResponse:
    """Every scored member's 履职档案 of the year in one PDF, made in the background."""
    from portal.jobs import job_start

    run = access.get_run(request.user, year)
    job = job_start(
        kind="scoring_all_dossiers",
        title=_("%(year)s年度全体委员履职档案（PDF）") % {"year": run.year},
        params={"run_id": run.pk},
        by=request.user,
    )
    return redirect("portal:job_detail", pk=job.pk)


# ---- objections ---------------------------------------------------------------------------


@office_required
def objection_list(request: HttpRequest, year: int) -> HttpResponse:
    run = access.get_run(request.user, year)
    objections = run.objections.select_related("member", "line", "adjustment", "resolved_by")
    return render(
        request,
        "evaluation/scoring/objection_list.html",
        {"run": run, "objections": objections},
    )


@office_required
def objection_resolve(request: HttpRequest, pk: int) -> HttpResponse:
    objection = access.get_office_objection(request.user, pk)
    form = ResolveForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            services.objection_resolve(
                objection=objection,
                by=request.user,
                response=form.cleaned_data["response"],
                points=form.cleaned_data["points"],
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("异议已处理。"))
            return redirect("evaluation:objection_list", year=objection.run.year)
    lines = selectors.member_lines(objection.run, objection.member)
    return render(
        request,
        "evaluation/scoring/objection_resolve.html",
        {
            "objection": objection,
            "form": form,
            "lines": lines,
            "total": selectors.line_total(lines),
        },
        status=_status(form),
    )


# ---- a member's score ---------------------------------------------------------------------


@login_required
def member_score(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    """A member's score lines, each linked to its record; his objection form when it is his
    own score and the 公示 is open."""
    run = access.get_run(request.user, year)
    member = access.get_member_for(request.user, pk, year)
    if not access.run_visible(request.user, run):
        raise Http404
    score = MemberScore.objects.filter(run=run, member=member).first()
    if score is None:
        raise Http404
    own = roles_of(request.user).member
    is_own = own is not None and own.pk == member.pk
    form = None
    if is_own and run.objections_open:
        form = ObjectionForm(lines=ScoreLine.objects.filter(run=run, member=member))
    lines = selectors.member_lines(run, member)
    return render(
        request,
        "evaluation/scoring/member_score.html",
        {
            "run": run,
            "member": member,
            "score": score,
            "lines": lines,
            "total": selectors.line_total(lines),
            "is_own": is_own,
            "form": form,
            "objections": Objection.objects.filter(run=run, member=member).select_related(
                "line", "adjustment"
            ),
        },
    )


@require_POST
@login_required
def objection_file(request: HttpRequest, year: int) -> HttpResponse:
    """A member files an objection against his own score."""
    member = roles_of(request.user).member
    if member is None:
        raise PermissionDenied
    run = access.get_run(request.user, year)
    if not access.run_visible(request.user, run):
        raise Http404
    form = ObjectionForm(request.POST, lines=ScoreLine.objects.filter(run=run, member=member))
    if form.is_valid():
        try:
            services.objection_file(
                run=run,
                member=member,
                line=form.cleaned_data["line"],
                reason=form.cleaned_data["reason"],
                by=request.user,
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
        else:
            messages.success(request, _("异议已提交，办公室处理后会在此显示结果。"))
            return redirect("evaluation:member_score", year=year, pk=member.pk)
    else:
        messages.error(request, form_errors(form))
    score = MemberScore.objects.filter(run=run, member=member).first()
    if score is None:
        raise Http404
    lines = selectors.member_lines(run, member)
    return render(
        request,
        "evaluation/scoring/member_score.html",
        {
            "run": run,
            "member": member,
            "score": score,
            "lines": lines,
            "total": selectors.line_total(lines),
            "is_own": True,
            "form": form,
            "objections": Objection.objects.filter(run=run, member=member),
        },
        status=422,
    )


@login_required
def my_score(request: HttpRequest) -> HttpResponse:
    """A member's scores of the public and frozen years."""
    member = roles_of(request.user).member
    if member is None:
        raise PermissionDenied
    scores = (
        MemberScore.objects.filter(member=member)
        .exclude(run__status=S.COMPUTED)
        .select_related("run")
        .order_by("-run__year")
    )
    return render(request, "evaluation/scoring/my_score.html", {"scores": scores})


# ---- 履职档案 -------------------------------------------------------------------------------


@login_required
def my_dossier(request: HttpRequest) -> HttpResponse:
    member = roles_of(request.user).member
    if member is None:
        raise PermissionDenied
    return redirect("evaluation:dossier", pk=member.pk, year=_this_year())


def _dossier_for(request: HttpRequest, pk: int, year: int):
    if not 2000 <= year <= 2100:
        raise Http404
    member = access.get_member_for(request.user, pk, year)
    run = ScoringRun.objects.filter(body_id=member.body_id, year=year).first()
    with_score = run is not None and access.run_visible(request.user, run)
    return member_dossier(member, year, with_score=with_score)


@login_required
def dossier(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    """One member's 履职档案 for a year: every record of every score source, linked."""
    record = _dossier_for(request, pk, year)
    years = range(_this_year(), _this_year() - 4, -1)
    return render(request, "evaluation/scoring/dossier.html", {"dossier": record, "years": years})


@login_required
def dossier_pdf(request: HttpRequest, pk: int, year: int) -> HttpResponse:
    from portal.pdf import PdfTimeout, pdf_response

    record = _dossier_for(request, pk, year)
    try:
        return pdf_response(
            "evaluation/scoring/dossier_pdf.html",
            {"dossier": record, "today": timezone.localdate()},
            filename=_("%(name)s%(year)s年度履职档案.pdf")
            % {"name": record.member.name, "year": year},
        )
    except PdfTimeout:
        messages.error(request, _("生成 PDF 超时，请稍后重试。"))
        return redirect("evaluation:dossier", pk=pk, year=year)


# ---- plenary sessions and standing-committee meetings -----------------------------------


@office_required
def meeting_list(request: HttpRequest) -> HttpResponse:
    meetings = BodyMeeting.objects.filter(body_id=request.user.body_id)
    page = Paginator(meetings, 30).get_page(request.GET.get("page"))
    form = MeetingForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        meeting = services.meeting_create(
            body_id=request.user.body_id, data=form.cleaned_data, by=request.user
        )
        messages.success(request, _("会议已登记，请核对考勤。"))
        return redirect("evaluation:meeting_detail", pk=meeting.pk)
    return render(
        request,
        "evaluation/scoring/meeting_list.html",
        {"page": page, "form": form},
        status=_status(form),
    )


def _may_read_meetings(request: HttpRequest) -> bool:
    """The body's meetings are read by its office, its members and the committees' staff
    (who open them from their members' 档案)."""
    user = request.user
    if not user.is_authenticated or user.body_id is None:
        return False
    return roles_of(user).member is not None or access.may_see_scores_of_others(user)


def _get_meeting(request: HttpRequest, pk: int) -> BodyMeeting:
    if not _may_read_meetings(request):
        raise Http404
    try:
        return BodyMeeting.objects.get(pk=pk, body_id=request.user.body_id)
    except BodyMeeting.DoesNotExist:
        raise Http404 from None


@login_required
def meeting_detail(request: HttpRequest, pk: int) -> HttpResponse:
    """The office records attendance and speeches; the body's people read the meeting and
    its speeches, and a member his own attendance."""
    meeting = _get_meeting(request, pk)
    office = is_office(request.user)
    member = roles_of(request.user).member
    rows = meeting.attendance.select_related("member").order_by("member__code")
    if not office:
        rows = rows.filter(member=member) if member is not None else rows.none()
    status = 200
    if request.method == "POST":
        if not office:
            raise PermissionDenied
        entries = {
            row.pk: (request.POST.get(f"status_{row.pk}", row.status),
                     request.POST.get(f"reason_{row.pk}", row.reason))
            for row in rows
        }  # fmt: skip
        try:
            changed = services.meeting_attendance_record(
                meeting=meeting, entries=entries, by=request.user
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
            status = 422
            # Shown again as typed: nothing the office entered is lost.
            rows = list(rows)
            for row in rows:
                row.status, row.reason = entries[row.pk]
        else:
            messages.success(request, _("考勤已保存（%(n)d 人有变化）。") % {"n": changed})
            return redirect("evaluation:meeting_detail", pk=pk)
    speeches = meeting.speeches.select_related("member")
    return render(
        request,
        "evaluation/scoring/meeting_detail.html",
        {
            "meeting": meeting,
            "office": office,
            "rows": rows,
            "statuses": MeetingAttendance.Status.choices,
            "speeches": speeches,
            "speech_form": SpeechForm(members=_meeting_members(meeting)) if office else None,
        },
        status=status,
    )


def _meeting_members(meeting: BodyMeeting):
    from members.models import Member

    return Member.objects.filter(body_id=meeting.body_id).order_by("code")


@require_POST
@office_required
def speech_add(request: HttpRequest, pk: int) -> HttpResponse:
    meeting = _get_meeting(request, pk)
    form = SpeechForm(request.POST, members=_meeting_members(meeting))
    if form.is_valid():
        run_service(
            request,
            lambda: services.speech_add(meeting=meeting, data=form.cleaned_data, by=request.user),
            _("大会发言已登记。"),
        )
    else:
        messages.error(request, form_errors(form))
    return redirect("evaluation:meeting_detail", pk=pk)


@login_required
def speech_detail(request: HttpRequest, pk: int) -> HttpResponse:
    if not _may_read_meetings(request):
        raise Http404
    try:
        speech = Speech.objects.select_related("meeting", "member").get(
            pk=pk, meeting__body_id=request.user.body_id
        )
    except Speech.DoesNotExist:
        raise Http404 from None
    return render(request, "evaluation/scoring/speech_detail.html", {"speech": speech})


__all__ = ["Decimal"]


# ---- 履职报告表 (Q23) ------------------------------------------------------------------------


@login_required
def my_reports(request: HttpRequest) -> HttpResponse:
    """A member's 履职报告表 of each year; this year's is opened (pre-filled) from here."""
    from .models_scoring import PerformanceReport

    member = roles_of(request.user).member
    if member is None:
        raise PermissionDenied
    reports = PerformanceReport.objects.filter(member=member).order_by("-year")
    return render(
        request,
        "evaluation/scoring/my_reports.html",
        {"reports": reports, "this_year": _this_year(), "member": member},
    )


@login_required
def my_report(request: HttpRequest, year: int) -> HttpResponse:
    """The member's report of `year`: pre-filled counts from his 档案, his own text, save or
    submit; read only once submitted (until returned)."""
    from .scoring import reports as report_services
    from .scoring.forms import ReportForm

    member = roles_of(request.user).member
    if member is None:
        raise PermissionDenied
    if not 2000 <= year <= _this_year():
        raise Http404
    report = report_services.report_open(member=member, year=year, by=request.user)
    form = ReportForm(request.POST or None, instance=report, standing=member.is_standing)
    status = 200
    if request.method == "POST":
        if not report.is_editable:
            raise PermissionDenied
        if form.is_valid():
            try:
                report_services.report_save(
                    report=report,
                    data={k: form.cleaned_data[k] for k in form.fields},
                    by=request.user,
                    submit="submit" in request.POST,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("履职报告表已提交，等待审核。")
                    if "submit" in request.POST
                    else _("已保存。"),
                )
                return redirect("evaluation:my_report", year=year)
        status = 422
    return render(
        request,
        "evaluation/scoring/report_form.html",
        {"report": report, "form": form if report.is_editable else None, "member": member,
         "log": transitions_of(report)},
        status=status,
    )  # fmt: skip


@login_required
def report_list(request: HttpRequest) -> HttpResponse:
    """Staff and the office: the reports of the members they review, for a year."""
    from .models_scoring import PerformanceReport

    _staff_or_office(request)
    try:
        year = int(request.GET.get("year", _this_year()))
    except ValueError:
        year = _this_year()
    members = access.members_scoped(request.user, year)
    if not is_office(request.user):
        members = access.staff_members(request.user, year)
    reports = (
        PerformanceReport.objects.filter(year=year, member__in=members)
        .exclude(status=PerformanceReport.Status.DRAFT)
        .select_related("member")
        .order_by("status", "member__code")
    )
    missing = members.exclude(
        pk__in=PerformanceReport.objects.filter(year=year)
        .exclude(status=PerformanceReport.Status.DRAFT)
        .values("member_id")
    ).count()
    page = Paginator(reports, 50).get_page(request.GET.get("page"))
    return render(
        request,
        "evaluation/scoring/report_list.html",
        {
            "page": page,
            "year": year,
            "missing": missing,
            "years": range(_this_year(), _this_year() - 4, -1),
        },
    )


def _reviewable_report(request: HttpRequest, pk: int):
    from .models_scoring import PerformanceReport

    _staff_or_office(request)
    try:
        report = PerformanceReport.objects.select_related("member__sector").get(
            pk=pk, member__body_id=request.user.body_id
        )
    except PerformanceReport.DoesNotExist:
        raise Http404 from None
    if not access.may_review(request.user, report.member, report.year):
        raise Http404
    if report.status == PerformanceReport.Status.DRAFT:
        raise Http404  # a draft is the member's own
    return report


@login_required
def report_review(request: HttpRequest, pk: int) -> HttpResponse:
    from .models_scoring import PerformanceReport
    from .scoring import reports as report_services
    from .scoring.forms import ReviewForm

    report = _reviewable_report(request, pk)
    standing = report.member.is_standing
    form = ReviewForm(request.POST or None, standing=standing)
    status = 200
    if request.method == "POST":
        if form.is_valid():
            try:
                report_services.report_review(
                    report=report,
                    by=request.user,
                    confirm=form.cleaned_data["decision"] == "confirm",
                    comment=form.cleaned_data.get("comment", ""),
                    account_date=form.cleaned_data.get("account_date"),
                    party_comments=form.cleaned_data.get("party_comments", ""),
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("审核结果已保存。"))
                return redirect("evaluation:report_list")
        status = 422
    return render(
        request,
        "evaluation/scoring/report_review.html",
        {
            "report": report,
            "form": form if report.status == PerformanceReport.Status.SUBMITTED else None,
            "log": transitions_of(report),
        },
        status=status,
    )
