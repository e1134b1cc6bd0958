"""Input of 文史资料: parsing and field checks only (the services decide the rest). Forms
offer only the fields a person may set: status, author, body and counts are never read
from a request."""

from __future__ import annotations

from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .models import ArchiveItem, CollectionPlan, FileKind, Manuscript, Volume


class _Bootstrap:
    def _style(self) -> None:
        for field in self.fields.values():
            widget = field.widget
            if isinstance(widget, forms.CheckboxInput):
                widget.attrs.setdefault("class", "form-check-input")
            elif isinstance(widget, forms.Select):
                widget.attrs.setdefault("class", "form-select")
            else:
                widget.attrs.setdefault("class", "form-control")


class PlanForm(_Bootstrap, forms.ModelForm):
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = CollectionPlan
        fields = [
            "committee",
            "kind",
            "year",
            "title",
            "description",
            "themes",
            "target_articles",
            "target_words",
            "target_oral_histories",
            "call_text",
            "closes_on",
        ]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 3}),
            "themes": forms.Textarea(attrs={"rows": 4}),
            "call_text": forms.Textarea(attrs={"rows": 6}),
            "closes_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(self, *args, committees=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["committee"].queryset = committees
        self.fields["committee"].empty_label = None
        self.fields["year"].initial = timezone.localdate().year
        self._style()

    def clean_year(self) -> int:
        year = self.cleaned_data["year"]
        if not 1949 <= year <= 2100:
            raise forms.ValidationError(_("年度应在 1949 至 2100 之间。"))
        return year


class CommentForm(_Bootstrap, forms.Form):
    comment = forms.CharField(
        label=_("意见"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class ManuscriptForm(_Bootstrap, forms.ModelForm):
    """A manuscript or an oral history. `register`: staff and editors may name the author
    (an outside author, or a member); a member writes as himself."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    note = forms.CharField(label=_("修改说明"), required=False, max_length=300)

    class Meta:
        model = Manuscript
        fields = [
            "kind",
            "title",
            "plan",
            "theme",
            "witness",
            "period",
            "place",
            "origin",
            "author_name",
            "author_contact",
            "text",
            "restricted",
            "interviewee",
            "interviewers",
            "interview_date",
            "interview_place",
            "duration_minutes",
        ]
        widgets = {
            "text": forms.Textarea(attrs={"rows": 14}),
            "interview_date": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
        }

    def __init__(
        self, *args, plans=None, register: bool = False, editor: bool = False, **kwargs
    ) -> None:
        super().__init__(*args, **kwargs)
        self.fields["plan"].queryset = plans
        self.fields["plan"].required = False
        self.fields["plan"].empty_label = _("（不属于征集计划）")
        self.fields["theme"].help_text = _("征集计划中的主题之一；可不填。")
        if register:
            self.fields["author_name"].required = False
            self.fields["author_name"].help_text = _("选择了撰稿委员时可不填。")
        else:
            self.fields.pop("author_name")
            self.fields["author_contact"].help_text = _("便于编审联系您，可不填。")
        if not editor:
            self.fields.pop("restricted")
        if not self.instance.pk:
            self.fields.pop("note")
        self._style()

    def clean(self) -> dict:
        data = super().clean()
        if data.get("kind") == Manuscript.Kind.ORAL_HISTORY and not data.get("interviewee"):
            self.add_error("interviewee", _("口述史须填写口述人。"))
        plan = data.get("plan")
        theme = data.get("theme")
        if plan and theme and theme not in plan.theme_list:
            self.add_error(
                "theme",
                _("该征集计划的主题是：%(t)s") % {"t": "、".join(plan.theme_list)},
            )
        return data

    def values(self) -> dict:
        return {f: v for f, v in self.cleaned_data.items() if f not in ("version", "note")}


class RegisterAuthorForm(_Bootstrap, forms.Form):
    """Whose manuscript staff register: a member of the body, or an outside author."""

    contributor = forms.ModelChoiceField(
        label=_("撰稿委员"), queryset=None, required=False, empty_label=_("（非委员作者）")
    )

    def __init__(self, *args, members=None, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["contributor"].queryset = members
        self._style()


class FileForm(_Bootstrap, forms.Form):
    kind = forms.ChoiceField(label=_("类别"), choices=FileKind.choices)
    file = forms.FileField(label=_("文件"))

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._style()


class VolumeForm(_Bootstrap, forms.ModelForm):
    class Meta:
        model = Volume
        fields = [
            "series",
            "number",
            "title",
            "is_special",
            "editor_in_chief",
            "permit",
            "published_on",
            "print_run",
        ]
        widgets = {"published_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")}

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self._style()

    def validate_unique(self) -> None:
        """The service says when the number is taken (body is not a form field)."""


class VolumeAddForm(forms.Form):
    manuscript = forms.IntegerField(min_value=1)


class ReorderForm(forms.Form):
    order = forms.CharField(max_length=5000)

    def clean_order(self) -> list[int]:
        try:
            return [int(x) for x in self.cleaned_data["order"].split(",") if x.strip()]
        except ValueError:
            raise forms.ValidationError(_("篇目顺序格式不正确。")) from None


class ItemForm(_Bootstrap, forms.ModelForm):
    upload = forms.FileField(label=_("文件"), required=False)

    class Meta:
        model = ArchiveItem
        fields = [
            "kind",
            "title",
            "creator",
            "period",
            "year_from",
            "year_to",
            "place",
            "persons",
            "keywords",
            "description",
            "rights",
            "provenance",
            "restricted",
            "manuscript",
            "exhibit_location",
            "acquisition",
            "lender",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 6})}

    def __init__(self, *args, manuscripts=None, editor: bool = False, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["manuscript"]
        field.queryset = manuscripts  # what a submitted choice is checked against
        # The options as (id, title) rows: no model instance per manuscript.
        field.widget.choices = [("", field.empty_label)] + [
            (pk, title) for pk, title in manuscripts.values_list("pk", "title")
        ]
        if not editor:
            self.fields.pop("restricted")
        self._style()

    def values(self) -> dict:
        data = {f: v for f, v in self.cleaned_data.items() if f != "upload"}
        data.setdefault("restricted", self.instance.restricted if self.instance.pk else False)
        return data


class SearchForm(forms.Form):
    q = forms.CharField(label=_("关键词"), required=False, max_length=100)
    kind = forms.ChoiceField(
        label=_("类别"),
        required=False,
        choices=[("", _("全部"))] + list(Manuscript.Kind.choices),
    )
    witness = forms.ChoiceField(
        label=_("三亲类型"),
        required=False,
        choices=[("", _("全部"))] + list(Manuscript.Witness.choices),
    )
    theme = forms.CharField(label=_("主题"), required=False, max_length=100)
    place = forms.CharField(label=_("地点"), required=False, max_length=100)
    period = forms.CharField(label=_("时期"), required=False, max_length=100)
