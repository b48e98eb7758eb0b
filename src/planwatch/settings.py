"""The settings of an install, in one object read from the environment.

:func:`settings` is the one place that reads ``PLANWATCH_*`` variables. It parses them once
per distinct environment (the result is cached by the variables' values, so a test that sets one
sees it at once, and a worker process sees what its parent saw); :func:`override` pins changed
settings for a test.

| variable | default | what |
|---|---|---|
| ``PLANWATCH_DATABASE_URL`` | SQLite in the user data folder | the store (``--db`` wins) |
| ``PLANWATCH_UPLOAD_DIR`` | ``uploads/`` beside a SQLite store, else the user data folder | kept uploads |
| ``PLANWATCH_SECRET_KEY`` | a key kept in the store | signs session cookies |
| ``PLANWATCH_THREADS`` | 16 | threads running the app's blocking work |
| ``PLANWATCH_MAX_PENDING`` | 256 | requests waiting for a thread before 503 |
| ``PLANWATCH_RULES_DIR`` | the package's | a folder of rule files (``<lang>/*.yaml``) |
| ``PLANWATCH_MAX_BYTES`` … | see ``ingest.limits`` | the readers' budgets (:meth:`Settings.budget`) |
| ``PLANWATCH_SESSION_IDLE`` | 1800 | seconds a session may go unused |
| ``PLANWATCH_SESSION_MAX`` | 43200 | seconds a session lasts after sign-in, used or not |
| ``PLANWATCH_TOKEN_DAYS`` | 90 | days an API token lasts |
| ``PLANWATCH_ALLOWED_HOSTS`` | 127.0.0.1, localhost, [::1] | ``Host`` names a single-user install answers |
|   |   | (any port; ``name:port`` for one port); when set, a server with users checks them too |
| ``PLANWATCH_TRUSTED_PROXIES`` | (none) | addresses whose ``X-Forwarded-Proto`` is believed |
| ``PLANWATCH_SECURE_COOKIES`` | 0 | 1: the session cookie is always ``Secure`` (TLS ends at a proxy) |
| ``PLANWATCH_MAX_FORM_BYTES`` | 65536 | request bodies of ``/login``, ``/logout`` and other small forms |
| ``PLANWATCH_MAX_JSON_BYTES`` | 1048576 | request bodies of every other route (but uploads) |
| ``PLANWATCH_LOGIN_FAILURES`` | 5 | failed sign-ins per user name and address in the window, then 429 |
| ``PLANWATCH_LOGIN_ADDRESS_FAILURES`` | 30 | failed sign-ins per address in the window |
| ``PLANWATCH_LOGIN_WINDOW`` | 300 | seconds of the sign-in window |

Two size limits on two things: an upload is at most :data:`UPLOAD_MAX_BYTES` (20 MB, one request
body; fixed), a file read from disk at most ``PLANWATCH_MAX_BYTES`` (50 MB, a reader's budget).
"""

from __future__ import annotations

import os
from collections.abc import Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from functools import cached_property, lru_cache
from pathlib import Path
from typing import Any

PREFIX = "PLANWATCH_"
ENV_DATABASE_URL = "PLANWATCH_DATABASE_URL"
ENV_UPLOAD_DIR = "PLANWATCH_UPLOAD_DIR"
ENV_SECRET_KEY = "PLANWATCH_SECRET_KEY"
ENV_THREADS = "PLANWATCH_THREADS"
ENV_MAX_PENDING = "PLANWATCH_MAX_PENDING"
ENV_RULES_DIR = "PLANWATCH_RULES_DIR"

#: The largest upload the server accepts (the body of one request).
UPLOAD_MAX_BYTES = 20 * 1024 * 1024
#: The most files one batch upload (or one .zip of it) may hold.
UPLOAD_MAX_FILES = 100
DEFAULT_HOSTS = ("127.0.0.1", "localhost", "[::1]")


def _strict_int(env: Mapping[str, str], name: str, default: int) -> int:
    raw = env.get(name, "").strip()
    try:
        return int(raw) if raw else default
    except ValueError as err:
        raise ValueError(f"${name} must be a whole number, not {raw!r}") from err


def _list(env: Mapping[str, str], name: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
    raw = env.get(name)
    if raw is None or not raw.strip():
        return default
    return tuple(p.strip().lower() for p in raw.split(",") if p.strip())


def _at_least_one(env: Mapping[str, str], name: str, default: int) -> int:
    try:
        return max(1, int(env.get(name, default)))
    except ValueError:
        return default


@dataclass(frozen=True)
class SecuritySettings:
    """The security settings of a server (``PLANWATCH_SESSION_*``, ``_ALLOWED_HOSTS``, …)."""

    session_idle: int = 30 * 60
    session_max: int = 12 * 3600
    token_days: int = 90
    allowed_hosts: tuple[str, ...] = DEFAULT_HOSTS
    #: Whether ``allowed_hosts`` was configured (then it applies with users too).
    hosts_configured: bool = False
    trusted_proxies: tuple[str, ...] = field(default_factory=tuple)
    secure_cookies: bool = False
    max_form_bytes: int = 64 * 1024
    max_json_bytes: int = 1024 * 1024
    login_failures: int = 5
    login_address_failures: int = 30
    login_window: int = 300

    @classmethod
    def from_env(cls) -> SecuritySettings:
        """The security part of :func:`settings` (a bad number is a ``ValueError`` naming its variable)."""
        return settings().security

    @classmethod
    def parse(cls, env: Mapping[str, str]) -> SecuritySettings:
        hosts = _list(env, "PLANWATCH_ALLOWED_HOSTS")
        return cls(
            session_idle=_strict_int(env, "PLANWATCH_SESSION_IDLE", 30 * 60),
            session_max=_strict_int(env, "PLANWATCH_SESSION_MAX", 12 * 3600),
            token_days=_strict_int(env, "PLANWATCH_TOKEN_DAYS", 90),
            allowed_hosts=hosts or DEFAULT_HOSTS,
            hosts_configured=bool(hosts),
            trusted_proxies=_list(env, "PLANWATCH_TRUSTED_PROXIES"),
            secure_cookies=env.get("PLANWATCH_SECURE_COOKIES", "").strip().lower() in ("1", "true", "yes"),
            max_form_bytes=_strict_int(env, "PLANWATCH_MAX_FORM_BYTES", 64 * 1024),
            max_json_bytes=_strict_int(env, "PLANWATCH_MAX_JSON_BYTES", 1024 * 1024),
            login_failures=_strict_int(env, "PLANWATCH_LOGIN_FAILURES", 5),
            login_address_failures=_strict_int(env, "PLANWATCH_LOGIN_ADDRESS_FAILURES", 30),
            login_window=_strict_int(env, "PLANWATCH_LOGIN_WINDOW", 300),
        )

    def host_allowed(self, host_header: str) -> bool:
        """Whether a ``Host`` header names this server: an allowed name on any port, or ``name:port``."""
        host = host_header.strip().lower()
        if not host:
            return False
        if host in self.allowed_hosts:
            return True
        name, _, port = host.rpartition(":")
        if name and port.isdigit() and not name.endswith(":"):  # "[::1]:8000", not a bare "::1"
            return name in self.allowed_hosts
        return False


@dataclass(frozen=True)
class Settings:
    """Everything an install is configured with; see the module's table."""

    #: The ``PLANWATCH_*`` variables these settings were read from.
    env: Mapping[str, str] = field(default_factory=dict, repr=False, compare=False)
    database_url: str | None = None
    upload_dir: Path | None = None
    secret_key: str | None = None
    threads: int = 16
    max_pending: int = 256
    rules_dir: Path | None = None

    @classmethod
    def parse(cls, env: Mapping[str, str]) -> Settings:
        """The settings the variables ``env`` give (only ``PLANWATCH_*`` ones are looked at)."""
        return cls(
            env=dict(env),
            database_url=env.get(ENV_DATABASE_URL) or None,
            upload_dir=Path(env[ENV_UPLOAD_DIR]) if env.get(ENV_UPLOAD_DIR) else None,
            secret_key=env.get(ENV_SECRET_KEY) or None,
            threads=_at_least_one(env, ENV_THREADS, 16),
            max_pending=_at_least_one(env, ENV_MAX_PENDING, 256),
            rules_dir=Path(env[ENV_RULES_DIR]) if env.get(ENV_RULES_DIR) else None,
        )

    @cached_property
    def security(self) -> SecuritySettings:
        """The security settings (parsed when first asked for: a bad value fails only where used)."""
        return SecuritySettings.parse(self.env)

    def budget(self, name: str, default: int) -> int:
        """The budget set by variable ``name``: its value if a positive integer, else ``default``."""
        raw = self.env.get(name, "").strip()
        try:
            found = int(raw)
        except ValueError:
            return default
        return found if found > 0 else default


@lru_cache(maxsize=8)
def _parsed(items: tuple[tuple[str, str], ...]) -> Settings:
    return Settings.parse(dict(items))


_pinned: list[Settings] = []


def settings() -> Settings:
    """The settings in force: the latest :func:`override`, else those of the environment."""
    if _pinned:
        return _pinned[-1]
    return _parsed(tuple(sorted((k, v) for k, v in os.environ.items() if k.startswith(PREFIX))))


@contextmanager
def override(**changes: Any) -> Iterator[Settings]:
    """Settings with ``changes`` in force inside the ``with`` block (for tests)."""
    pinned = replace(settings(), **changes)
    _pinned.append(pinned)
    try:
        yield pinned
    finally:
        _pinned.remove(pinned)
