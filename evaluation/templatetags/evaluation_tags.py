"""Template helpers of the quota board: a unit's progress for one quota, and the colours
of the traffic lights."""

from django import template
from django.utils.html import format_html
from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from ..periods import Light

register = template.Library()

LIGHT_CLASSES = {
    Light.MET: "text-bg-success",
    Light.ON_TRACK: "text-bg-info",
    Light.BEHIND: "text-bg-warning",
    Light.MISSED: "text-bg-danger",
    Light.UNAVAILABLE: "text-bg-secondary",
    Light.NOT_APPLICABLE: "text-bg-light border",
}


@register.filter
def progress(unit, code: str):
    """`{{ unit|progress:quota.code }}`: the unit's Progress for that quota, or None."""
    return unit.progress.get(code)


@register.filter
def light_class(light: str) -> str:
    return LIGHT_CLASSES.get(light, "text-bg-light")


@register.filter
def light_label(light: str) -> str:
    return str(Light(light).label) if light in Light.values else ""


@register.filter
def lookup(mapping: dict, key):
    return mapping.get(key, "") if mapping else ""


@register.simple_tag
def light(p) -> SafeString:
    """One progress as a coloured badge (value/target, or % for coverage) with the number
    of activities already scheduled. A tag, not an include: the board has hundreds."""
    if p is None:
        return format_html('<span class="text-muted">{}</span>', "·")
    if p.light == Light.UNAVAILABLE:
        shown = "—"
    elif p.light == Light.NOT_APPLICABLE:
        shown = _("不适用")
    elif p.quota.is_percent:
        shown = f"{p.value}%"
    else:
        shown = f"{p.value}/{p.target}"
    title = light_label(p.light) + (f"：{p.note}" if p.note else "")
    badge = format_html(
        '<span class="badge {} light" data-light="{}" title="{}">{}</span>',
        light_class(p.light),
        p.light,
        title,
        shown,
    )
    if p.scheduled and p.light != Light.MET:
        badge += format_html(
            ' <small class="text-muted" title="{}">+{}</small>', _("已安排尚未举行"), p.scheduled
        )
    return badge
