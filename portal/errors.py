"""Generic error pages in Chinese: no traceback, no detail about what exists."""

from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string


def _page(status: int, template: str) -> HttpResponse:
    return HttpResponse(render_to_string(template), status=status)


def page_not_found(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _page(404, "errors/404.html")


def permission_denied(request: HttpRequest, exception: Exception) -> HttpResponse:
    return _page(403, "errors/403.html")


def server_error(request: HttpRequest) -> HttpResponse:
    return _page(500, "errors/500.html")
