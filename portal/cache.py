"""The Redis cache, tolerant: Redis down (or slow beyond the socket timeout), a read misses
and a write is dropped, logged, instead of failing the page. Everything cached here can be
computed again (portal.caching); nothing relies on the cache to be correct."""

from __future__ import annotations

import functools
import logging
from typing import Any

from django.core.cache.backends.redis import RedisCache
from redis.exceptions import RedisError

log = logging.getLogger(__name__)


def _tolerant(fallback: Any):
    def decorate(method):
        @functools.wraps(method)
        def wrapper(self, *args, **kwargs):
            try:
                return method(self, *args, **kwargs)
            except (RedisError, OSError) as error:
                log.warning("Redis 缓存不可用（%s）：%s", method.__name__, error)
                return fallback(args, kwargs) if callable(fallback) else fallback

        return wrapper

    return decorate


def _default(args, kwargs):
    """What `get(key, default)` answers on a miss."""
    return kwargs.get("default", args[1] if len(args) > 1 else None)


class TolerantRedisCache(RedisCache):
    get = _tolerant(_default)(RedisCache.get)
    get_many = _tolerant({})(RedisCache.get_many)
    has_key = _tolerant(False)(RedisCache.has_key)
    add = _tolerant(False)(RedisCache.add)
    set = _tolerant(None)(RedisCache.set)
    set_many = _tolerant(lambda args, kwargs: list(args[0]) if args else [])(RedisCache.set_many)
    touch = _tolerant(False)(RedisCache.touch)
    delete = _tolerant(False)(RedisCache.delete)
    delete_many = _tolerant(None)(RedisCache.delete_many)
    incr = _tolerant(lambda args, kwargs: kwargs.get("delta", args[1] if len(args) > 1 else 1))(
        RedisCache.incr
    )
    clear = _tolerant(False)(RedisCache.clear)
