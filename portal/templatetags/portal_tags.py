from django import template
from django.forms import BoundField
from django.utils.html import format_html
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def add_class(field: BoundField, css: str) -> SafeString:
    """Render a form field's widget with Bootstrap classes (and is-invalid on errors)."""
    classes = [css, field.field.widget.attrs.get("class", "")]
    if field.errors:
        classes.append("is-invalid")
    return field.as_widget(attrs={"class": " ".join(c for c in classes if c)})


@register.simple_tag
def status_badge(obj, extra: str = "", id: str = "") -> SafeString:
    """The badge of obj's status (portal.badges.StatusBadge): `badge text-bg-<colour>` with
    the status's label; `extra` adds classes, `id` an element id."""
    classes = f"badge text-bg-{obj.badge}" + (f" {extra}" if extra else "")
    if id:
        return format_html(
            '<span class="{}" id="{}">{}</span>', classes, id, obj.get_status_display()
        )
    return format_html('<span class="{}">{}</span>', classes, obj.get_status_display())
