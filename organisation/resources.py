"""The departments (单位) spreadsheet: its columns and how a row becomes a department,
matched by name within the body. Run by `portal.imports`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy
from import_export.fields import Field

from portal.imports import BodyResource, ChoiceWidget, TextWidget, YesNoWidget

from .models import Department
from .services import org_record_save

# The column headers are the file format, shared with the template: not translated.
FIELDS = ("name", "kind", "is_handling_unit", "contact_person", "contact_phone", "address")


class DepartmentResource(BodyResource):
    name = Field("name", "单位名称", TextWidget(required=True))
    kind = Field("kind", "类型", ChoiceWidget(Department.Kind, default=Department.Kind.GOVERNMENT))
    is_handling_unit = Field("is_handling_unit", "提案承办单位", YesNoWidget(default=True))
    contact_person = Field("contact_person", "联系人", TextWidget())
    contact_phone = Field("contact_phone", "联系电话", TextWidget())
    address = Field("address", "地址", TextWidget())

    sheet_title = gettext_lazy("单位名单")
    notes = {
        "单位名称": gettext_lazy("本级政协内唯一；再次导入同一名称会更新该单位的信息。"),
        "类型": gettext_lazy("留空为政府部门。"),
        "提案承办单位": gettext_lazy("填写“是”或“否”，留空为是。"),
    }

    class Meta:
        model = Department
        fields = FIELDS
        import_order = FIELDS
        import_id_fields = ("name",)

    def persist(self, instance: Department, *, is_create: bool, row: dict) -> None:
        org_record_save(instance=instance, by=self.user)

    def new_detail(self, instance: Department) -> str:
        return str(instance.get_kind_display())
