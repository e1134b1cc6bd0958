"""Refuse requests no page can serve (issue 11), before any view sees them: a NUL or
another control character in the path or in a query or form key or value, or a query
value longer than any search box sends. The person gets the Chinese 400 page, not a 500
from the database ("A string literal cannot contain NUL") or a header that cannot be sent.

Line breaks and tabs stay allowed in form values (textareas hold them) and in query values
(a view decides what a search term may be); one-line form fields refuse them
(portal.inputs). Parameters whose name means the same on every page (`year`, `committee`…)
are checked here too (portal.params.QUERY_RULES).

A request that finds the database down (PostgreSQL restarting, the network to it cut)
gets a clean 503 page in Chinese with Retry-After, not a 500 and not a traceback
(`DatabaseUnavailableMiddleware`). The portal needs no restart afterwards: Django checks a
kept connection before reusing it (CONN_HEALTH_CHECKS) and opens a new one when PostgreSQL
is back."""

from __future__ import annotations

import logging
import re
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext as _

from .errors import bad_request_page, database_unavailable
from .params import BadParameter, check_query

# Control characters no form or link of the portal sends (line breaks and tab excepted).
FORBIDDEN = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
# In a path or a key, nothing but printable characters.
FORBIDDEN_IN_NAME = re.compile(r"[\x00-\x1f\x7f]")
# The longest query value a page of the portal sends (the similar-reports lookup sends a
# 200-character title and 300 characters of text); keys are short names.
MAX_QUERY_VALUE = 2000
MAX_KEY = 100


def refusal(request: HttpRequest) -> str | None:
    """Why the request is refused, or None when it may go on."""
    if FORBIDDEN_IN_NAME.search(request.path_info):
        return _("网址中含有不可见的控制字符。")
    for key, values in request.GET.lists():
        if len(key) > MAX_KEY or FORBIDDEN_IN_NAME.search(key):
            return _("网址中的参数名无效。")
        for value in values:
            if FORBIDDEN.search(value):
                return _("网址中的参数含有不可见的控制字符。")
            if len(value) > MAX_QUERY_VALUE:
                return _("网址中的参数过长。")
    if request.method == "POST":
        for key, values in request.POST.lists():
            if len(key) > MAX_KEY or FORBIDDEN_IN_NAME.search(key):
                return _("提交的表单含有无效的字段名。")
            if any(FORBIDDEN.search(value) for value in values):
                return _("提交的内容含有不可见的控制字符（如空字符），请删除后再提交。")
        for _key, files in request.FILES.lists():
            if any(FORBIDDEN_IN_NAME.search(f.name or "") for f in files):
                return _("上传的文件名含有不可见的控制字符，请改名后再上传。")
    return None


class RequestSanityMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        reason = refusal(request)
        if reason is None:
            try:
                check_query(request.GET)
            except BadParameter as error:
                reason = str(error)
        if reason is not None:
            return bad_request_page(reason)
        return self.get_response(request)


log = logging.getLogger(__name__)

DATABASE_ERRORS = (OperationalError, InterfaceError)


class DatabaseUnavailableMiddleware:
    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exception: Exception) -> HttpResponse | None:
        if isinstance(exception, DATABASE_ERRORS):
            log.error("数据库不可用：%s %s", request.method, request.path, exc_info=exception)
            return database_unavailable(request)
        return None
