"""Typed text that cannot break a page (issue 11): one-line fields refuse control
characters, and text headed for a one-line place (an e-mail subject) is made one line.

`install()` (PortalConfig.ready) adds the check to every `forms.CharField` of the project
— every form of every module, the admin's and the login's included — so a new form needs
nothing: a field shown as one line (any widget but a textarea) refuses line breaks, tabs
and other control characters with a Chinese error; a textarea keeps its line breaks and,
as Django's own validator already ensures, refuses the NUL character.
"""

from __future__ import annotations

import re

from django import forms
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

# C0 and C1 control characters, DEL, and the Unicode line and paragraph separators: none
# belongs in a line of text (a title, a name, a topic, a search).
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")
# In a textarea line breaks and tabs are text; the other control characters are not.
CONTROL_IN_TEXT = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\u2028\u2029]")
ONE_LINE_ERROR = _("此处只能填写一行文字，不能包含换行符、制表符或其他控制字符。")
TEXT_ERROR = _("内容包含不可见的控制字符，请删除后再提交。")


def one_line(text: str) -> str:
    """`text` as one line: each run of control characters and white space becomes one
    space (an e-mail subject, a file name, a header)."""
    return re.sub(r"\s+", " ", CONTROL.sub(" ", str(text))).strip()


def check_typed_text(field: forms.Field, value: object) -> None:
    """Refuse control characters in what was typed into `field` (see the module)."""
    if not isinstance(value, str) or not value:
        return
    if isinstance(field.widget, forms.Textarea):
        if CONTROL_IN_TEXT.search(value):
            raise ValidationError(TEXT_ERROR, code="control_characters")
    elif CONTROL.search(value):
        raise ValidationError(ONE_LINE_ERROR, code="control_characters")


_installed = False


def install() -> None:
    """Make every `forms.CharField` (and its subclasses: e-mail, URL, slug…) check what
    was typed. Idempotent."""
    global _installed
    if _installed:
        return
    _installed = True
    original = forms.CharField.clean

    def clean(self: forms.CharField, value: object) -> object:
        value = original(self, value)
        check_typed_text(self, value)
        return value

    clean.__doc__ = original.__doc__
    forms.CharField.clean = clean  # type: ignore[method-assign]


def login_username(request, credentials: dict | None) -> str:
    """The username django-axes records for a login attempt (AXES_USERNAME_CALLABLE), cut
    to what its column holds: Django's login form does not enforce the username's length,
    and a 5000-character name made the failed attempt's INSERT a 500."""
    from django.conf import settings

    field = getattr(settings, "AXES_USERNAME_FORM_FIELD", "username")
    value = credentials.get(field) if credentials else request.POST.get(field)
    return str(value or "")[:150]
