"""Pages of the annual scoring's rules (issue 15): the overview of the years, the office's
rule sets and their rules."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from organisation.access import is_office, office_required
from portal.feedback import form_errors, run_service
from portal.registry import committee_score_sources, score_sources
from portal.workflow import transitions_of

from ..models import (
    CommitteeRun,
    Rule,
    RuleSet,
    ScoringRun,
)
from ..scoring import access, selectors, services
from ..scoring.forms import (
    CopyForm,
    RuleForm,
    RuleSetForm,
)
from .common import _staff_or_office, _status, _this_year

S = ScoringRun.Status


# ---- overview -----------------------------------------------------------------------------


@login_required
def scoring_home(request: HttpRequest) -> HttpResponse:
    """The office: the years, their runs and the rule sets. Staff: the public years."""
    _staff_or_office(request)
    office = is_office(request.user)
    runs = ScoringRun.objects.filter(body_id=request.user.body_id).select_related("rule_set")
    committee_runs = CommitteeRun.objects.filter(body_id=request.user.body_id)
    if not office:
        runs = runs.exclude(status=S.COMPUTED)
        committee_runs = committee_runs.filter(status=CommitteeRun.Status.FROZEN)
    return render(
        request,
        "evaluation/scoring/home.html",
        {
            "office": office,
            "runs": runs,
            "rule_sets": selectors.rule_sets_of(request.user.body_id) if office else [],
            "committee_runs": committee_runs,
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


@office_required
def ruleset_detail(request: HttpRequest, pk: int) -> HttpResponse:
    rule_set = access.get_office_rule_set(request.user, pk)
    rules = list(rule_set.rules.all())
    # Roles and kinds by their labels, as each score source names them.
    registry = committee_score_sources if rule_set.for_committees else score_sources
    for rule in rules:
        source = registry.get(rule.source) if rule.source in registry else None
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
            "sources": {s.key: str(s.label) for s in registry},
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
    form = RuleForm(request.POST or None, instance=rule, target=rule_set.target)
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
