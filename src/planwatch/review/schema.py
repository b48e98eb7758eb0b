"""The review tables, on the store's SQLAlchemy metadata (Alembic revision ``0002``).

The user, token and settings tables are the sign-in's: ``planwatch.auth.schema``.

A correction is keyed by its document's content hash and the span of the
machine statement it corrects (``key_start``/``key_end``; for an added
statement, the span the person selected), so it outlives re-extraction.
``after`` is the whole statement as the person settled it (a contract record);
``before`` the statement as it was shown when the correction was made.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, ForeignKey, Index, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from planwatch.store.schema import Base

#: What a correction does to the statement at its key span.
ACTIONS: tuple[str, ...] = ("confirm", "edit", "delete", "add")
#: ``active``: it changes what the machine says; ``absorbed``: the machine now says the same.
STATES: tuple[str, ...] = ("active", "absorbed")


class CorrectionRow(Base):
    """One person's decision about the statement at one span of one document."""

    __tablename__ = "corrections"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    doc_sha: Mapped[str] = mapped_column(ForeignKey("documents.sha256", ondelete="CASCADE"), index=True)
    doc: Mapped[str] = mapped_column(String(500))
    key_start: Mapped[int] = mapped_column(Integer)
    key_end: Mapped[int] = mapped_column(Integer)
    action: Mapped[str] = mapped_column(String(10))
    #: The statement as settled (contract record); null for ``delete``.
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    #: The statement as shown when the correction was made; null for ``add``.
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    state: Mapped[str] = mapped_column(String(10), default="active")
    author: Mapped[str] = mapped_column(String(100))
    created: Mapped[str] = mapped_column(String(40))
    updated: Mapped[str] = mapped_column(String(40))

    __table_args__ = (UniqueConstraint("doc_sha", "key_start", "key_end", name="uq_corrections_key"),)


class AuditRow(Base):
    """Who changed what, when: the statement before and after (append-only)."""

    __tablename__ = "audit_log"
    id: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=True)
    at: Mapped[str] = mapped_column(String(40), index=True)
    actor: Mapped[str] = mapped_column(String(100), index=True)
    #: ``correction.confirm`` / ``correction.edit`` / ..., ``user.add``, ``token.create``...
    event: Mapped[str] = mapped_column(String(40))
    doc_sha: Mapped[str | None] = mapped_column(String(64))
    start: Mapped[int | None] = mapped_column(Integer)
    end: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)

    __table_args__ = (Index("ix_audit_log_doc_span", "doc_sha", "start", "end"),)
