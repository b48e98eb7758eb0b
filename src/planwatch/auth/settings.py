"""The security settings of a server, read from the environment once, at start-up.

| variable | default | what |
|---|---|---|
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
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field

DEFAULT_HOSTS = ("127.0.0.1", "localhost", "[::1]")


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    try:
        return int(raw) if raw else default
    except ValueError as err:
        raise ValueError(f"${name} must be a whole number, not {raw!r}") from err


def _list(name: str, default: tuple[str, ...] = ()) -> tuple[str, ...]:
    raw = os.environ.get(name)
    if raw is None or not raw.strip():
        return default
    return tuple(p.strip().lower() for p in raw.split(",") if p.strip())


@dataclass(frozen=True)
class SecuritySettings:
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
        hosts = _list("PLANWATCH_ALLOWED_HOSTS")
        return cls(
            session_idle=_int("PLANWATCH_SESSION_IDLE", 30 * 60),
            session_max=_int("PLANWATCH_SESSION_MAX", 12 * 3600),
            token_days=_int("PLANWATCH_TOKEN_DAYS", 90),
            allowed_hosts=hosts or DEFAULT_HOSTS,
            hosts_configured=bool(hosts),
            trusted_proxies=_list("PLANWATCH_TRUSTED_PROXIES"),
            secure_cookies=os.environ.get("PLANWATCH_SECURE_COOKIES", "").strip().lower()
            in ("1", "true", "yes"),
            max_form_bytes=_int("PLANWATCH_MAX_FORM_BYTES", 64 * 1024),
            max_json_bytes=_int("PLANWATCH_MAX_JSON_BYTES", 1024 * 1024),
            login_failures=_int("PLANWATCH_LOGIN_FAILURES", 5),
            login_address_failures=_int("PLANWATCH_LOGIN_ADDRESS_FAILURES", 30),
            login_window=_int("PLANWATCH_LOGIN_WINDOW", 300),
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
