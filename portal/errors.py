"""Generic error pages in Chinese: no traceback, no detail about what exists."""

import sys

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


def _page(status: int, template: str, context: dict | None = None) -> HttpResponse:
    return HttpResponse(render_to_string(template, context), status=status)


def bad_request_page(reason: str = "") -> HttpResponse:
    """The 400 page; `reason` (Chinese) says what was wrong with the request."""
    return _page(400, "errors/400.html", {"reason": reason})


def bad_request(request: HttpRequest, exception: Exception) -> HttpResponse:
    # Only the portal's own refusals (portal.params) carry a message meant for people;
    # Django's (a bad host, a broken upload) are described by the page alone.
    from .params import BadParameter

    return bad_request_page(str(exception) if isinstance(exception, BadParameter) else "")


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _page(404, "errors/404.html")


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _page(403, "errors/403.html")


def server_error(request: HttpRequest) -> HttpResponse:
    # The database failed outside a view (loading the session, saving it after the view):
    # the same 503 as portal.middleware gives inside one.
    if isinstance(sys.exc_info()[1], (OperationalError, InterfaceError)):
        return database_unavailable(request)
    return _page(500, "errors/500.html")


def database_unavailable(request: HttpRequest) -> HttpResponse:
    """PostgreSQL cannot be reached: try again in a moment. Rendered without the request
    (its context processors would ask the database)."""
    response = _page(503, "errors/503.html")
    response["Retry-After"] = "30"
    return response
