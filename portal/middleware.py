"""The database is down (PostgreSQL restarting, the network to it cut): the request gets a
clean 503 page in Chinese with Retry-After, not a 500 and not a traceback. The portal needs
no restart afterwards: Django checks a kept connection before reusing it
(CONN_HEALTH_CHECKS) and opens a new one when PostgreSQL is back."""

from __future__ import annotations

import logging
from collections.abc import Callable

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse

from .errors import database_unavailable

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
