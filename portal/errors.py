"""Generic error pages in Chinese: no traceback, no detail about what exists."""

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
    return _page(500, "errors/500.html")
