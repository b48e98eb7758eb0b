"""The security settings of a server: a view of :mod:`planwatch.settings`, where they are read and listed."""

from __future__ import annotations

from planwatch.settings import DEFAULT_HOSTS, SecuritySettings

__all__ = ["DEFAULT_HOSTS", "SecuritySettings"]
