"""``planwatch.settings``: one object, read from the ``PLANWATCH_*`` variables, overridable in tests."""

from __future__ import annotations

from pathlib import Path

import pytest

from planwatch.settings import Settings, override, settings


def test_defaults() -> None:
    s = Settings.parse({})
    assert (s.database_url, s.upload_dir, s.secret_key) == (None, None, None)
    assert (s.threads, s.max_pending) == (16, 256)
    assert s.security.session_idle == 1800 and s.budget("PLANWATCH_MAX_BYTES", 7) == 7


def test_read_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANWATCH_DATABASE_URL", "sqlite:////x.db")
    monkeypatch.setenv("PLANWATCH_UPLOAD_DIR", "/up")
    monkeypatch.setenv("PLANWATCH_THREADS", "0")
    monkeypatch.setenv("PLANWATCH_MAX_PENDING", "many")
    monkeypatch.setenv("PLANWATCH_MAX_BYTES", "-3")
    s = settings()
    assert s.database_url == "sqlite:////x.db" and s.upload_dir == Path("/up")
    assert (s.threads, s.max_pending) == (1, 256)
    assert s.budget("PLANWATCH_MAX_BYTES", 9) == 9
    assert settings() is s  # parsed once for the same variables
    monkeypatch.setenv("PLANWATCH_SESSION_IDLE", "12")
    assert settings().security.session_idle == 12


def test_a_bad_security_number_fails_only_where_used(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLANWATCH_SESSION_IDLE", "soon")
    s = settings()
    assert s.threads == 16
    with pytest.raises(ValueError, match="PLANWATCH_SESSION_IDLE"):
        _ = s.security


def test_override() -> None:
    with override(threads=3) as s:
        assert settings() is s and s.threads == 3
        with override(secret_key="k"):
            assert (settings().threads, settings().secret_key) == (3, "k")
        assert settings() is s
    assert settings().threads == 16
