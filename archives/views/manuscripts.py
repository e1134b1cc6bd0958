"""The 文史资料 hub and manuscripts: lists, the review queue, writing, the detail page, versions,
files."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.db.models import Q
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from members.models import Member
from portal.access import roles_of
from portal.feedback import run_service
from portal.workflow import transitions_of

from .. import search, selectors, services
from ..access import (
    edits,
    is_author,
    is_collector,
    is_editor,
    may_edit_text,
    may_register,
    may_submit,
)
from ..files import file_response
from ..forms import (
    CommentForm,
    FileForm,
    ManuscriptForm,
    RegisterAuthorForm,
    SearchForm,
)
from ..models import Manuscript, ManuscriptVersion, VolumeEntry
from ..workflow import MANUSCRIPT, VOLUME_MOVES
from .common import P, S, _editor_only, _staff_only

# ---- the archive: search and reading ----------------------------------------------------


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """Search the published archive (and, for their authors and the editors, manuscripts
    not yet published); the open calls for manuscripts and the published volumes."""
    form = SearchForm(request.GET or None)
    results = items = None
    query = ""
    if form.is_valid():
        data = form.cleaned_data
        query = data["q"].strip()
        manuscripts = selectors.manuscripts_visible_to(request.user).exclude(status=S.DRAFT)
        for field in ("kind", "witness"):
            if data[field]:
                manuscripts = manuscripts.filter(**{field: data[field]})
        for field in ("theme", "place", "period"):
            if data[field]:
                manuscripts = manuscripts.filter(**{f"{field}__icontains": data[field]})
        filtered = any(data[f] for f in ("kind", "witness", "theme", "place", "period"))
        if query:
            manuscripts = search.search(
                manuscripts, query, ("title", "text", "author_name", "place", "period")
            )
            items = search.search(
                selectors.items_visible_to(request.user),
                query,
                ("title", "description", "keywords", "persons", "creator", "place"),
            )[:20]
        elif filtered:
            manuscripts = manuscripts.order_by("-published_at", "-pk")
        else:
            manuscripts = None
        if manuscripts is not None:
            results = Paginator(manuscripts.select_related("plan").defer("text"), 20).get_page(
                request.GET.get("page")
            )
    return render(
        request,
        "archives/home.html",
        {
            "form": form,
            "query": query,
            "results": results,
            "items": items,
            "calls": selectors.open_calls(request.user).select_related("committee")[:5],
            "volumes": selectors.volumes_visible_to(request.user).filter(status="published")[:10],
            "may_submit": may_submit(request.user),
            "editor": is_editor(request.user),
            "staff": is_collector(request.user),
        },
    )


@login_required
def my_manuscripts(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.my_manuscripts(request.user).defer("text"), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "archives/my_manuscripts.html",
        {"page": page, "may_submit": may_submit(request.user)},
    )


@login_required
def manuscript_list(request: HttpRequest) -> HttpResponse:
    """Editors and the committee's staff: every manuscript they may see, by state."""
    _staff_only(request)
    manuscripts = selectors.manuscripts_visible_to(request.user)
    status = request.GET.get("status", "")
    if status in S.values:
        manuscripts = manuscripts.filter(status=status)
    plan = request.GET.get("plan", "")
    if plan.isdecimal():
        manuscripts = manuscripts.filter(plan_id=int(plan))
    page = Paginator(
        manuscripts.select_related("plan").defer("text").order_by("-created_at", "-pk"), 30
    ).get_page(request.GET.get("page"))
    return render(
        request,
        "archives/manuscript_list.html",
        {"page": page, "status": status, "statuses": S.choices},
    )


@login_required
def review_queue(request: HttpRequest) -> HttpResponse:
    _editor_only(request)
    page = Paginator(selectors.review_queue(request.user).defer("text"), 30).get_page(
        request.GET.get("page")
    )
    return render(request, "archives/queue.html", {"page": page})


def _plans_for_form(user, current: int | None = None):
    """Plans a manuscript may belong to: approved or open ones (and the one it has)."""
    return selectors.plans_visible_to(user).filter(
        Q(status__in=(P.APPROVED, P.OPEN)) | Q(pk=current)
    )


@login_required
def manuscript_create(request: HttpRequest) -> HttpResponse:
    user = request.user
    if not may_submit(user):
        raise PermissionDenied
    register = may_register(user)
    member = roles_of(user).member
    plans = _plans_for_form(user)
    initial = {"kind": request.GET.get("kind") or Manuscript.Kind.ARTICLE}
    plan_id = request.GET.get("plan", "")
    if plan_id.isdecimal():
        initial["plan"] = int(plan_id)
    form = ManuscriptForm(
        request.POST or None,
        plans=plans,
        register=register,
        editor=is_editor(user),
        initial=initial,
    )
    author_form = (
        RegisterAuthorForm(
            request.POST or None,
            members=Member.objects.filter(body_id=user.body_id).order_by("code"),
        )
        if register
        else None
    )
    if (
        request.method == "POST"
        and form.is_valid()
        and (author_form is None or author_form.is_valid())
    ):
        contributor = member
        if author_form is not None:
            contributor = author_form.cleaned_data["contributor"]
            if contributor is None and not form.cleaned_data.get("author_name"):
                form.add_error("author_name", _("请填写作者姓名，或选择撰稿委员。"))
        if not form.errors:
            try:
                m = services.manuscript_create(
                    body_id=user.body_id, data=form.values(), by=user, contributor=contributor
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(
                    request,
                    _("稿件已保存为草稿。请上传授权书等附件，确认无误后提交。"),
                )
                return redirect("archives:manuscript_detail", pk=m.pk)
    return render(
        request,
        "archives/manuscript_form.html",
        {"form": form, "author_form": author_form, "manuscript": None},
        status=422 if form.errors or (author_form and author_form.errors) else 200,
    )


@login_required
def manuscript_detail(request: HttpRequest, pk: int) -> HttpResponse:
    m = selectors.get_manuscript_for(request.user, pk)
    return _render_detail(request, m)


def _render_detail(
    request: HttpRequest, m: Manuscript, *, comment_form: CommentForm | None = None, status=200
) -> HttpResponse:
    user = request.user
    editor = edits(m, user)
    author = is_author(m, user)
    moves = [
        t
        for t in MANUSCRIPT.available(m, user)
        if t.target not in VOLUME_MOVES and t.target != S.REGISTERED
    ]
    files = list(m.files.select_related("uploaded_by"))
    if not (editor or author):
        files = [f for f in files if f.kind not in ("authorisation", "consent")]
    context = {
        "m": m,
        "editor": editor,
        "author": author,
        "may_edit": may_edit_text(m, user),
        "can_submit": MANUSCRIPT.can(m, S.REGISTERED, user),
        "moves": moves,
        "comment_form": comment_form or CommentForm(),
        "files": files,
        "file_form": FileForm()
        if (author or editor) and m.status not in (S.PUBLISHED, S.REJECTED)
        else None,
        "versions": list(m.versions.select_related("created_by").defer("text"))
        if (editor or author)
        else [],
        "reviews": list(m.reviews.select_related("reviewer")) if (editor or author) else [],
        "log": [(e, S(e.to_state).label) for e in transitions_of(m)] if (editor or author) else [],
        "has_authorisation": services.has_authorisation(m) if (editor or author) else None,
        "entry": VolumeEntry.objects.filter(manuscript=m).select_related("volume").first(),
    }
    return render(request, "archives/manuscript_detail.html", context, status=status)


@login_required
def manuscript_edit(request: HttpRequest, pk: int) -> HttpResponse:
    user = request.user
    m = selectors.get_manuscript_for(user, pk)
    if not may_edit_text(m, user):
        raise PermissionDenied
    form = ManuscriptForm(
        request.POST or None,
        instance=m,
        plans=_plans_for_form(user, m.plan_id),
        register=m.contributor_id is None and may_register(user),
        editor=edits(m, user),
        initial={"version": m.version},
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.manuscript_update(
                manuscript=m,
                data=form.values(),
                version=form.cleaned_data["version"] or 0,
                note=form.cleaned_data.get("note", ""),
                by=user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已保存。修改前的文本保留在版本记录中。"))
            return redirect("archives:manuscript_detail", pk=pk)
    return render(
        request,
        "archives/manuscript_form.html",
        {"form": form, "author_form": None, "manuscript": m},
        status=422 if form.errors else 200,
    )


@require_POST
@login_required
def manuscript_submit(request: HttpRequest, pk: int) -> HttpResponse:
    m = selectors.get_manuscript_for(request.user, pk)
    if not is_author(m, request.user):
        raise PermissionDenied
    run_service(
        request,
        lambda: services.manuscript_submit(manuscript=m, by=request.user),
        _("稿件已提交，文史编审将进行审理。"),
    )
    return redirect("archives:manuscript_detail", pk=pk)


@require_POST
@login_required
def manuscript_move(request: HttpRequest, pk: int, target: str) -> HttpResponse:
    m = selectors.get_manuscript_for(request.user, pk)
    if not edits(m, request.user):
        raise PermissionDenied
    if target not in S.values:
        raise Http404
    form = CommentForm(request.POST)
    if form.is_valid():
        try:
            services.manuscript_move(
                manuscript=m, target=target, comment=form.cleaned_data["comment"], by=request.user
            )
        except ValidationError as error:
            messages.error(request, error.messages[0])
            return _render_detail(request, m, comment_form=form, status=422)
        messages.success(request, _("已办理：%(s)s。") % {"s": S(target).label})
    return redirect("archives:manuscript_detail", pk=pk)


@login_required
def version_detail(request: HttpRequest, pk: int, number: int) -> HttpResponse:
    """One version's text and what changed since another (the previous one by default)."""
    m = selectors.get_manuscript_for(request.user, pk)
    if not (edits(m, request.user) or is_author(m, request.user)):
        raise Http404
    version = get_object_or_404(
        ManuscriptVersion.objects.select_related("created_by"), manuscript=m, number=number
    )
    against_number = request.GET.get("against", "")
    against_number = int(against_number) if against_number.isdecimal() else number - 1
    against = ManuscriptVersion.objects.filter(manuscript=m, number=against_number).first()
    changes = selectors.diff(against.text, version.text) if against else None
    numbers = list(m.versions.values_list("number", flat=True))
    return render(
        request,
        "archives/version_detail.html",
        {"m": m, "version": version, "against": against, "changes": changes, "numbers": numbers},
    )


# ---- files ------------------------------------------------------------------------------


@require_POST
@login_required
def file_upload(request: HttpRequest, pk: int) -> HttpResponse:
    m = selectors.get_manuscript_for(request.user, pk)
    if not (is_author(m, request.user) or edits(m, request.user)):
        raise PermissionDenied
    form = FileForm(request.POST, request.FILES)
    if not form.is_valid():
        messages.error(request, _("请选择附件类别和文件。"))
    else:
        run_service(
            request,
            lambda: services.file_add(
                manuscript=m,
                kind=form.cleaned_data["kind"],
                upload=form.cleaned_data["file"],
                by=request.user,
            ),
            _("附件已上传。"),
        )
    return redirect("archives:manuscript_detail", pk=pk)


@login_required
def file_download(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.get_file_for(request.user, pk)
    return file_response(
        request,
        record.file,
        filename=record.name,
        content_type=record.content_type,
        inline=request.GET.get("play") == "1",
    )


@require_POST
@login_required
def file_delete(request: HttpRequest, pk: int) -> HttpResponse:
    record = selectors.get_file_for(request.user, pk)
    if not may_edit_text(record.manuscript, request.user):
        raise PermissionDenied
    run_service(
        request, lambda: services.file_delete(record=record, by=request.user), _("附件已删除。")
    )
    return redirect("archives:manuscript_detail", pk=record.manuscript_id)
