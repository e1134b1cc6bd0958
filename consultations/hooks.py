"""What 协商 brings to the kernel's shared pages (portal.registry)."""

from __future__ import annotations


def register() -> None:
    pass
