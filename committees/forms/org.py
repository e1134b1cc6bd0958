from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from committees.models import Body, Committee, Department, PartyGroup, Sector, SectorGroup, Term
from members.models import Member
from portal.models import User

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class BodyScopedForm(forms.ModelForm):
    """A model form whose choices come from one body only, and whose instance gets that
    body: an id from another body is not a valid choice."""

    body_scoped_fields: dict[str, type] = {}

    def __init__(self, *args, body_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.body_id = body_id
        if hasattr(self.instance, "body_id") and self.instance.body_id is None:
            self.instance.body_id = body_id
        for name, model in self.body_scoped_fields.items():
            if name in self.fields:
                qs = model.objects.filter(body_id=body_id)
                if self.instance.pk and model is type(self.instance):
                    qs = qs.exclude(pk=self.instance.pk)
                self.fields[name].queryset = qs


class CommitteeForm(BodyScopedForm):
    """The office's form: everything about a committee."""

    body_scoped_fields = {"counterpart_departments": Department}
    vice_chair = forms.ModelChoiceField(
        label=_("分管副主席"), queryset=User.objects.none(), required=False
    )

    class Meta:
        model = Committee
        fields = [
            "name",
            "kind",
            "order",
            "description",
            "phone",
            "office_address",
            "counterpart_departments",
            "counterparts",
            "is_active",
        ]
        widgets = {
            "counterpart_departments": forms.SelectMultiple(attrs={"size": 8}),
            "counterparts": forms.SelectMultiple(attrs={"size": 6}),
        }

    def __init__(self, *args, body_id: int, vice_chair: User | None = None, **kwargs) -> None:
        super().__init__(*args, body_id=body_id, **kwargs)
        self.fields["vice_chair"].queryset = User.objects.filter(
            body_id=body_id, is_active=True
        ).order_by("full_name")
        self.fields["vice_chair"].initial = vice_chair
        # §15: counterpart committees are those of the parent and the banner/district bodies.
        related = Body.objects.filter(Q(children__id=body_id) | Q(parent_id=body_id))
        self.fields["counterparts"].queryset = Committee.objects.filter(
            body__in=related
        ).select_related("body")
        self.fields["counterparts"].label_from_instance = lambda c: (
            f"{c.body.short_name} · {c.name}"
        )


class BodyForm(forms.ModelForm):
    """The office edits its own body and creates or edits its banner/district bodies."""

    class Meta:
        model = Body
        fields = ["name", "short_name"]


class CommitteeProfileForm(forms.ModelForm):
    """What the committee's own staff may edit."""

    class Meta:
        model = Committee
        fields = ["description", "phone", "office_address"]


class TermForm(BodyScopedForm):
    class Meta:
        model = Term
        fields = ["number", "name", "start_date", "end_date"]
        widgets = {"start_date": DATE, "end_date": DATE}


class SectorForm(BodyScopedForm):
    body_scoped_fields = {"group": SectorGroup}

    class Meta:
        model = Sector
        fields = ["name", "group", "order"]


class SectorGroupForm(BodyScopedForm):
    body_scoped_fields = {"committee": Committee}

    class Meta:
        model = SectorGroup
        fields = ["name", "committee", "order"]


class DepartmentForm(BodyScopedForm):
    class Meta:
        model = Department
        fields = [
            "name",
            "kind",
            "is_handling_unit",
            "contact_person",
            "contact_phone",
            "address",
            "is_active",
        ]


class PartyGroupForm(forms.ModelForm):
    class Meta:
        model = PartyGroup
        fields = ["name", "leader", "leader_appointed_by_chair_meeting"]

    def __init__(self, *args, body_id: int, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["leader"].queryset = Member.objects.filter(
            body_id=body_id, affiliation=Member.Affiliation.CPC
        ).order_by("code")
