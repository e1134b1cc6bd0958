"""Pages of 文史资料. Thin: access helper → form → service → redirect; a failed form is
shown again with what was typed (status 422). Every object is reached through a selector
that answers 404 for what the user may not read, and 403 for what he may read but not do."""

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
from portal.pdf import PdfError, pdf_response
from portal.workflow import transitions_of

from . import search, selectors, services
from .access import (
    culture_committees,
    edits,
    is_author,
    is_collector,
    is_editor,
    manages_plan,
    may_edit_text,
    may_register,
    may_submit,
)
from .files import file_response
from .forms import (
    CommentForm,
    FileForm,
    ItemForm,
    ManuscriptForm,
    PlanForm,
    RegisterAuthorForm,
    ReorderForm,
    SearchForm,
    VolumeAddForm,
    VolumeForm,
)
from .models import ArchiveItem, CollectionPlan, Manuscript, ManuscriptVersion, VolumeEntry
from .reports import statistics_response
from .workflow import MANUSCRIPT, PLAN, VOLUME_MOVES

S = Manuscript.Status
P = CollectionPlan.Status


def _editor_only(request: HttpRequest) -> None:
    if not is_editor(request.user):
        raise PermissionDenied


def _staff_only(request: HttpRequest) -> None:
    if not (is_editor(request.user) or is_collector(request.user)):
        raise PermissionDenied


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
    if plan.isdigit():
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
    if plan_id.isdigit():
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
    against_number = int(against_number) if against_number.isdigit() else number - 1
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


# ---- collection plans -------------------------------------------------------------------


@login_required
def plan_list(request: HttpRequest) -> HttpResponse:
    page = Paginator(selectors.plans_with_progress(request.user), 20).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "archives/plan_list.html",
        {"page": page, "may_create": culture_committees(request.user).exists()},
    )


@login_required
def plan_create(request: HttpRequest) -> HttpResponse:
    committees = culture_committees(request.user)
    if not committees.exists():
        raise PermissionDenied
    form = PlanForm(request.POST or None, committees=committees)
    if request.method == "POST" and form.is_valid():
        data = {f: v for f, v in form.cleaned_data.items() if f != "version"}
        try:
            plan = services.plan_create(body_id=request.user.body_id, data=data, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("征集计划已保存为草稿。"))
            return redirect("archives:plan_detail", pk=plan.pk)
    return render(
        request,
        "archives/plan_form.html",
        {"form": form, "plan": None},
        status=422 if form.errors else 200,
    )


@login_required
def plan_detail(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.get_plan_for(request.user, pk)
    progress = selectors.plans_with_progress(request.user).get(pk=plan.pk)
    return render(
        request,
        "archives/plan_detail.html",
        {
            "plan": progress,
            "manage": manages_plan(plan, request.user),
            "moves": PLAN.available(plan, request.user),
            "comment_form": CommentForm(),
            "log": [(e, P(e.to_state).label) for e in transitions_of(plan)],
            "may_submit": may_submit(request.user) and plan.accepting,
        },
    )


@login_required
def plan_edit(request: HttpRequest, pk: int) -> HttpResponse:
    plan = selectors.get_plan_for(request.user, pk)
    if not manages_plan(plan, request.user):
        raise PermissionDenied
    form = PlanForm(
        request.POST or None,
        instance=plan,
        committees=culture_committees(request.user),
        initial={"version": plan.version},
    )
    if request.method == "POST" and form.is_valid():
        data = {f: v for f, v in form.cleaned_data.items() if f != "version"}
        try:
            services.plan_update(
                plan=plan, data=data, version=form.cleaned_data["version"] or 0, by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("征集计划已保存。"))
            return redirect("archives:plan_detail", pk=pk)
    return render(
        request,
        "archives/plan_form.html",
        {"form": form, "plan": plan},
        status=422 if form.errors else 200,
    )


@require_POST
@login_required
def plan_move(request: HttpRequest, pk: int, target: str) -> HttpResponse:
    plan = selectors.get_plan_for(request.user, pk)
    if target not in P.values:
        raise Http404
    if not (manages_plan(plan, request.user) or PLAN.can(plan, target, request.user)):
        raise PermissionDenied
    form = CommentForm(request.POST)
    comment = form.cleaned_data["comment"] if form.is_valid() else ""
    run_service(
        request,
        lambda: services.plan_move(plan=plan, target=target, comment=comment, by=request.user),
        _("已办理：%(s)s。") % {"s": P(target).label},
    )
    return redirect("archives:plan_detail", pk=pk)


# ---- volumes ----------------------------------------------------------------------------


@login_required
def volume_list(request: HttpRequest) -> HttpResponse:
    volumes = selectors.volumes_visible_to(request.user).order_by("series", "-number")
    return render(
        request,
        "archives/volume_list.html",
        {"volumes": volumes, "editor": is_editor(request.user)},
    )


@login_required
def volume_create(request: HttpRequest) -> HttpResponse:
    _editor_only(request)
    form = VolumeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            volume = services.volume_create(
                body_id=request.user.body_id, data=form.cleaned_data, by=request.user
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已新建。可从待入选稿件中选入篇目。"))
            return redirect("archives:volume_detail", pk=volume.pk)
    return render(
        request,
        "archives/volume_form.html",
        {"form": form, "volume": None},
        status=422 if form.errors else 200,
    )


@login_required
def volume_detail(request: HttpRequest, pk: int) -> HttpResponse:
    volume = selectors.get_volume_for(request.user, pk)
    editor = is_editor(request.user)
    candidates = []
    if editor and volume.status == "editing":
        candidates = list(
            Manuscript.objects.filter(body_id=volume.body_id, status=S.READY)
            .defer("text")
            .order_by("status_changed_at", "pk")
        )
    return render(
        request,
        "archives/volume_detail.html",
        {
            "volume": volume,
            "entries": list(selectors.volume_contents(volume).defer("manuscript__text")),
            "editor": editor,
            "candidates": candidates,
        },
    )


@login_required
def volume_edit(request: HttpRequest, pk: int) -> HttpResponse:
    _editor_only(request)
    volume = selectors.get_volume_for(request.user, pk)
    form = VolumeForm(request.POST or None, instance=volume)
    if request.method == "POST" and form.is_valid():
        try:
            services.volume_update(volume=volume, data=form.cleaned_data, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("archives:volume_detail", pk=pk)
    return render(
        request,
        "archives/volume_form.html",
        {"form": form, "volume": volume},
        status=422 if form.errors else 200,
    )


@require_POST
@login_required
def volume_add(request: HttpRequest, pk: int) -> HttpResponse:
    _editor_only(request)
    volume = selectors.get_volume_for(request.user, pk)
    form = VolumeAddForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("请选择稿件。"))
        return redirect("archives:volume_detail", pk=pk)
    m = get_object_or_404(
        Manuscript, pk=form.cleaned_data["manuscript"], body_id=request.user.body_id
    )
    run_service(
        request,
        lambda: services.volume_add(volume=volume, manuscript=m, by=request.user),
        _("「%(t)s」已选入本辑。") % {"t": m.title},
    )
    return redirect("archives:volume_detail", pk=pk)


@require_POST
@login_required
def volume_remove(request: HttpRequest, pk: int) -> HttpResponse:
    _editor_only(request)
    entry = get_object_or_404(
        VolumeEntry.objects.select_related("volume"), pk=pk, volume__body_id=request.user.body_id
    )
    run_service(
        request,
        lambda: services.volume_remove(entry=entry, by=request.user),
        _("已移出本辑。"),
    )
    return redirect("archives:volume_detail", pk=entry.volume_id)


@require_POST
@login_required
def volume_reorder(request: HttpRequest, pk: int) -> HttpResponse:
    _editor_only(request)
    volume = selectors.get_volume_for(request.user, pk)
    form = ReorderForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("篇目顺序格式不正确。"))
    else:
        run_service(
            request,
            lambda: services.volume_reorder(
                volume=volume, entry_ids=form.cleaned_data["order"], by=request.user
            ),
            _("目录顺序已保存。"),
        )
    return redirect("archives:volume_detail", pk=pk)


@require_POST
@login_required
def volume_publish(request: HttpRequest, pk: int) -> HttpResponse:
    _editor_only(request)
    volume = selectors.get_volume_for(request.user, pk)
    run_service(
        request,
        lambda: services.volume_publish(volume=volume, by=request.user),
        _("本辑已出版，所收稿件已进入文史资料库。"),
    )
    return redirect("archives:volume_detail", pk=pk)


@login_required
def volume_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The volume laid out as a book (cover, contents with page numbers, one article per
    chapter): proofs for the editors, the published book for everyone."""
    volume = selectors.get_volume_for(request.user, pk)
    entries = list(selectors.volume_contents(volume))
    try:
        return pdf_response(
            "archives/volume_pdf.html",
            {"volume": volume, "entries": entries, "proof": volume.status != "published"},
            filename=f"{volume.series}第{volume.number}辑.pdf",
        )
    except PdfError:
        messages.error(request, _("PDF 生成超时或失败，请稍后再试。"))
        return redirect("archives:volume_detail", pk=pk)


# ---- the digital archive ----------------------------------------------------------------


@login_required
def item_list(request: HttpRequest) -> HttpResponse:
    items = selectors.items_visible_to(request.user)
    kind = request.GET.get("kind", "")
    if kind in ArchiveItem.Kind.values:
        items = items.filter(kind=kind)
    year = request.GET.get("year", "")
    if year.isdigit():
        y = int(year)
        items = items.filter(Q(year_from__lte=y) | Q(year_from__isnull=True)).filter(
            Q(year_to__gte=y) | Q(year_to__isnull=True, year_from=y)
        )
    place = request.GET.get("place", "").strip()[:100]
    if place:
        items = items.filter(place__icontains=place)
    museum = request.GET.get("museum") == "1"
    if museum:
        items = items.exclude(exhibit_location="")
    page = Paginator(items.defer("description").order_by("-created_at", "-pk"), 30).get_page(
        request.GET.get("page")
    )
    return render(
        request,
        "archives/item_list.html",
        {
            "page": page,
            "kinds": ArchiveItem.Kind.choices,
            "kind": kind,
            "year": year,
            "place": place,
            "museum": museum,
            "may_create": may_register(request.user),
        },
    )


def _item_form(request: HttpRequest, instance: ArchiveItem | None = None) -> ItemForm:
    return ItemForm(
        request.POST or None,
        request.FILES or None,
        instance=instance,
        manuscripts=selectors.manuscripts_visible_to(request.user).only("pk", "title"),
        editor=is_editor(request.user),
    )


@login_required
def item_create(request: HttpRequest) -> HttpResponse:
    if not may_register(request.user):
        raise PermissionDenied
    form = _item_form(request)
    if request.method == "POST" and form.is_valid():
        try:
            item = services.item_create(
                body_id=request.user.body_id,
                data=form.values(),
                upload=form.cleaned_data.get("upload"),
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("档案条目已著录。"))
            return redirect("archives:item_detail", pk=item.pk)
    return render(
        request,
        "archives/item_form.html",
        {"form": form, "item": None},
        status=422 if form.errors else 200,
    )


@login_required
def item_detail(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_item_for(request.user, pk)
    return render(
        request,
        "archives/item_detail.html",
        {"item": item, "may_edit": may_register(request.user)},
    )


@login_required
def item_edit(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_item_for(request.user, pk)
    if not may_register(request.user):
        raise PermissionDenied
    form = _item_form(request, item)
    if request.method == "POST" and form.is_valid():
        try:
            services.item_update(
                item=item,
                data=form.values(),
                upload=form.cleaned_data.get("upload"),
                by=request.user,
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("已保存。"))
            return redirect("archives:item_detail", pk=pk)
    return render(
        request,
        "archives/item_form.html",
        {"form": form, "item": item},
        status=422 if form.errors else 200,
    )


@login_required
def item_file(request: HttpRequest, pk: int) -> HttpResponse:
    item = selectors.get_item_for(request.user, pk)
    return file_response(
        request,
        item.file,
        filename=item.file_name or "file",
        content_type=item.content_type or "application/octet-stream",
        inline=request.GET.get("play") == "1",
    )


# ---- statistics -------------------------------------------------------------------------


def _year(request: HttpRequest) -> int | None:
    year = request.GET.get("year", "")
    return int(year) if year.isdigit() and 1949 <= int(year) <= 2100 else None


@login_required
def statistics(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    year = _year(request)
    return render(
        request,
        "archives/statistics.html",
        {"stats": selectors.statistics(request.user, year), "year": year or ""},
    )


@login_required
def statistics_export(request: HttpRequest) -> HttpResponse:
    _staff_only(request)
    year = _year(request)
    return statistics_response(selectors.statistics(request.user, year), year)
