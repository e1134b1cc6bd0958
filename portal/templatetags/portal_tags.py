from django import template
from django.forms import BoundField
from django.utils.safestring import SafeString

register = template.Library()


@register.filter
def add_class(field: BoundField, css: str) -> SafeString:
    """Render a form field's widget with Bootstrap classes (and is-invalid on errors)."""
    classes = [css, field.field.widget.attrs.get("class", "")]
    if field.errors:
        classes.append("is-invalid")
    return field.as_widget(attrs={"class": " ".join(c for c in classes if c)})
