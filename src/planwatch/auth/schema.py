"""The sign-in's tables, on the store's SQLAlchemy metadata (Alembic revisions ``0002``, ``0004``).

Users (with their role and session version), API tokens (hashes only) and server settings such as
the key that signs session cookies. ``planwatch.auth`` alone reads and writes them; the review
tables (corrections, audit log) are ``planwatch.review.schema``.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from planwatch.store.schema import Base

#: From least to most allowed: ``viewer`` reads, ``editor`` corrects, ``admin`` manages users.
ROLES: tuple[str, ...] = ("viewer", "editor", "admin")


class UserRow(Base):
    """A person who may sign in: ``viewer`` reads, ``editor`` corrects, ``admin`` manages users."""

    __tablename__ = "users"
    name: Mapped[str] = mapped_column(String(100), primary_key=True)
    #: The account's identity, random and never reused: sessions and tokens are bound to it, not to the
    #: name, so removing a user and adding another of the same name leaves every old cookie void.
    uid: Mapped[str] = mapped_column(String(32), unique=True, index=True)
    #: An argon2id hash (never the password).
    password_hash: Mapped[str] = mapped_column(Text)
    role: Mapped[str] = mapped_column(String(10))
    #: The session version, bumped on sign-out, password and role change: older cookies stop working.
    #: A new account starts it at a random value (see ``planwatch.auth.users.add_user``).
    epoch: Mapped[int] = mapped_column(Integer, default=0)
    created: Mapped[str] = mapped_column(String(40))


class ApiTokenRow(Base):
    """A token for scripts (``Authorization: Bearer``); only its SHA-256 is stored.

    It is bound to the account's ``uid`` and ends at ``expires``; removing the user, changing their
    password or role, or ``planwatch users revoke`` deletes it.
    """

    __tablename__ = "api_tokens"
    id: Mapped[str] = mapped_column(String(16), primary_key=True)
    user: Mapped[str] = mapped_column(ForeignKey("users.name", ondelete="CASCADE"), index=True)
    label: Mapped[str] = mapped_column(String(200), default="")
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    #: The ``users.uid`` of the account it was made for.
    user_uid: Mapped[str] = mapped_column(String(32))
    created: Mapped[str] = mapped_column(String(40))
    #: ISO 8601 UTC time after which the token is refused.
    expires: Mapped[str] = mapped_column(String(40))
    last_used: Mapped[str | None] = mapped_column(String(40))


class SettingRow(Base):
    """Server settings kept in the database, e.g. the key that signs session cookies."""

    __tablename__ = "app_settings"
    key: Mapped[str] = mapped_column(String(100), primary_key=True)
    value: Mapped[str] = mapped_column(Text)
