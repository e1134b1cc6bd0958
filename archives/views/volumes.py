"""Volumes (辑): list, writing, their manuscripts and order, publishing, the PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.feedback import run_service
from portal.pdf import PdfError, pdf_response

from .. import selectors, services
from ..access import (
    is_editor,
)
from ..forms import (
    ReorderForm,
    VolumeAddForm,
    VolumeForm,
)
from ..models import Manuscript, VolumeEntry
from ..reports import VOLUME_PDF_INLINE_ARTICLES, volume_pdf_context, volume_pdf_name
from .common import S, _editor_only

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
    entries = list(selectors.volume_contents(volume).defer("manuscript__text"))
    return render(
        request,
        "archives/volume_detail.html",
        {
            "volume": volume,
            "entries": entries,
            "editor": editor,
            "candidates": candidates,
            "pdf_in_background": len(entries) > VOLUME_PDF_INLINE_ARTICLES,
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
    chapter): proofs for the editors, the published book for everyone. A long volume is
    made in the background (volume_pdf_start), never in a request."""
    volume = selectors.get_volume_for(request.user, pk)
    entries = list(selectors.volume_contents(volume))
    if len(entries) > VOLUME_PDF_INLINE_ARTICLES:
        messages.info(request, _("本辑篇目较多，请点击“生成 PDF”在后台生成，完成后下载。"))
        return redirect("archives:volume_detail", pk=pk)
    try:
        return pdf_response(
            "archives/volume_pdf.html",
            volume_pdf_context(volume, entries),
            filename=volume_pdf_name(volume),
        )
    except PdfError:
        messages.error(request, _("PDF 生成超时或失败，请稍后再试。"))
        return redirect("archives:volume_detail", pk=pk)


@require_POST
@login_required
def volume_pdf_start(request: HttpRequest, pk: int) -> HttpResponse:
    """Whoever may see the volume asks for its PDF: made in the background, downloaded
    from the job's page."""
    from portal.jobs import job_start

    volume = selectors.get_volume_for(request.user, pk)
    job = job_start(
        kind="archives_volume_pdf",
        title=_("%(volume)s（PDF）") % {"volume": volume},
        params={"volume_id": volume.pk},
        by=request.user,
    )
    return redirect("portal:job_detail", pk=job.pk)
