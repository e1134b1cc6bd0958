"""The digital archive: items, their files, statistics and their export."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from portal.paging import counted_page

from .. import selectors, services
from ..access import (
    is_editor,
    may_register,
)
from ..files import file_response
from ..forms import (
    ItemForm,
)
from ..models import ArchiveItem
from ..reports import statistics_response
from .common import _staff_only

# ---- the digital archive ----------------------------------------------------------------


@login_required
def item_list(request: HttpRequest) -> HttpResponse:
    items = selectors.items_visible_to(request.user)
    kind = request.GET.get("kind", "")
    if kind in ArchiveItem.Kind.values:
        items = items.filter(kind=kind)
    year = request.GET.get("year", "")
    if year.isdecimal():
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
    items = items.defer("description").order_by("-created_at", "-pk")
    page = counted_page(request, items, 30, counts=selectors.ITEM_COUNTS)
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
    return int(year) if year.isdecimal() and 1949 <= int(year) <= 2100 else None


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
