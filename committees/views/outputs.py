"""An activity's outputs (成果): adding, downloading, deleting."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from committees.forms.activities import (
    OutputForm,
)
from committees.models import (
    ActivityOutput,
)
from committees.selectors.activities import (
    activities_visible_to,
    activity_access,
)
from committees.services import activities as services
from members.models import Member
from portal.uploads import attachment_response

from .activities import _managed, _run, _submit


@require_POST
@login_required
def output_add(request: HttpRequest, pk: int) -> HttpResponse:
    activity = _managed(request, pk)
    form = OutputForm(
        request.POST,
        request.FILES,
        speakers=Member.objects.filter(invitations__activity=activity),
    )
    return _submit(
        request,
        activity,
        form,
        "output_form",
        lambda data: services.output_add(
            activity=activity,
            kind=data["kind"],
            title=data["title"],
            upload=data["file"],
            speaker=data["speaker"],
            by=request.user,
        ),
        _("成果已上传。"),
    )


def _visible_output(request: HttpRequest, pk: int) -> ActivityOutput:
    return get_object_or_404(
        ActivityOutput.objects.select_related("activity"),
        pk=pk,
        activity__in=activities_visible_to(request.user),
    )


@login_required
def output_file(request: HttpRequest, pk: int) -> FileResponse:
    """The file, to whoever may see its activity: as an attachment, never rendered inline,
    with its checked type and nosniff."""
    output = _visible_output(request, pk)
    return attachment_response(output.file, output.original_name, output.content_type)


@require_POST
@login_required
def output_delete(request: HttpRequest, pk: int) -> HttpResponse:
    output = _visible_output(request, pk)
    if not activity_access(request.user, output.activity).manage:
        raise PermissionDenied
    return _run(
        request,
        output.activity_id,
        lambda: services.output_delete(output=output, by=request.user),
        _("已删除。"),
    )
