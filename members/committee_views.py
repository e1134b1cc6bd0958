"""A committee's own pages — its list, its page with the roster and leaders, the roster
PDF — and the functional party groups of the sector groups: pages about who sits where."""

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _

from organisation.models import PartyGroup, SectorGroup
from organisation.selectors import committee_access, get_committee_for, vice_chair_assignment
from portal.access import office_required

from . import services
from .forms import MembershipStartForm, PartyGroupForm
from .selectors import committee_list, committee_roster


@login_required
def committee_list_view(request: HttpRequest) -> HttpResponse:
    return render(
        request, "members/committee_list.html", {"committees": committee_list(request.user)}
    )


@login_required
def committee_detail(request: HttpRequest, pk: int) -> HttpResponse:
    committee = get_committee_for(request.user, pk)
    access = committee_access(request.user, committee)
    today = timezone.localdate()
    roster = list(committee_roster(committee, today))
    leaders = [seat for seat in roster if seat.role != "member"]
    context = {
        "committee": committee,
        "access": access,
        "leaders": leaders,
        "seat_count": len(roster),
        "sector_groups": committee.sector_groups.prefetch_related("sectors"),
        "counterpart_departments": committee.counterpart_departments.all(),
        "vice_chair": vice_chair_assignment(committee),
    }
    if access.see_roster:
        context["roster"] = roster
    if access.manage_memberships:
        context["membership_form"] = MembershipStartForm(committee=committee)
    return render(request, "members/committee_detail.html", context)


@office_required
def party_group_edit(request: HttpRequest, group_pk: int) -> HttpResponse:
    """The functional party group of a sector group (§17), created on first save."""
    group = get_object_or_404(SectorGroup, pk=group_pk, body_id=request.user.body_id)
    party_group = PartyGroup.objects.filter(sector_group=group).first() or PartyGroup(
        sector_group=group, name=_("%(group)s功能型党小组") % {"group": group.name}
    )
    form = PartyGroupForm(request.POST or None, instance=party_group, body_id=request.user.body_id)
    if request.method == "POST" and form.is_valid():
        try:
            services.party_group_save(party_group=form.instance, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("功能型党小组已保存。"))
            return redirect("organisation:sector_list")
    return render(
        request,
        "organisation/simple_form.html",
        {
            "form": form,
            "title": _("功能型党小组 · %(group)s") % {"group": group.name},
            "back": "organisation:sector_list",
        },
    )


@login_required
def committee_roster_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The committee's roster (名册) as a PDF, for those who may see the roster."""
    # Imported here: WeasyPrint is loaded by the processes that render PDFs only.
    from portal.pdf import PdfTimeout, pdf_response

    committee = get_committee_for(request.user, pk)
    if not committee_access(request.user, committee).see_roster:
        raise PermissionDenied
    today = timezone.localdate()
    try:
        return pdf_response(
            "members/roster_pdf.html",
            {"committee": committee, "roster": committee_roster(committee, today), "today": today},
            filename=_("%(name)s名册.pdf") % {"name": committee.name},
        )
    except PdfTimeout:
        messages.error(request, _("生成名册 PDF 超时，请稍后重试；如果反复出现，请联系管理员。"))
        return redirect("members:committee_detail", pk=committee.pk)
