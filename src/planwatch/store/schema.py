"""The store's tables, as SQLAlchemy 2 typed declarative models.

Every key of a content row is derived from the content itself (a document is
keyed by the SHA-256 of its file, a statement by that hash and its span, a
region by its full name), and no row carries a timestamp: ingesting the same
files twice, or into two databases, yields the same rows. ``dump`` relies on it.

Schema changes go through Alembic (``store/migrations``); a change here needs a
new revision there.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import JSON, Float, ForeignKey, Index, Integer, MetaData, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

#: Constraint names stay the same on every backend, so migrations can name them.
NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)


class Region(Base):
    """A government's region, by its full name (``天津市河西区``), in the administrative tree."""

    __tablename__ = "regions"
    name: Mapped[str] = mapped_column(String(200), primary_key=True)
    parent: Mapped[str | None] = mapped_column(ForeignKey("regions.name"), index=True)
    #: 0 for the country, 1 province level, 2 prefecture (city) level, 3 county (district) level.
    level: Mapped[int | None] = mapped_column(Integer)
    #: The administrative division code where the gazetteer knows it.
    adcode: Mapped[str | None] = mapped_column(String(12))


class DocumentRow(Base):
    """One version of one document, keyed by the SHA-256 of its file's bytes."""

    __tablename__ = "documents"
    sha256: Mapped[str] = mapped_column(String(64), primary_key=True)
    name: Mapped[str] = mapped_column(String(500), index=True)
    #: The file it was read from (absolute path); versions of one file share it.
    source: Mapped[str] = mapped_column(Text, index=True)
    version: Mapped[int] = mapped_column(Integer, default=1)
    #: The sha256 of the newer version of the same source, when there is one.
    superseded_by: Mapped[str | None] = mapped_column(ForeignKey("documents.sha256"), index=True)
    format: Mapped[str] = mapped_column(String(20))
    encoding: Mapped[str | None] = mapped_column(String(100))
    meta: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    # the document's facts (shared/spec/documents.md)
    region: Mapped[str | None] = mapped_column(ForeignKey("regions.name"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    delivered: Mapped[str | None] = mapped_column(String(10))
    published: Mapped[str | None] = mapped_column(String(10))
    reviews: Mapped[list[Any]] = mapped_column(JSON, default=list)
    plans: Mapped[list[Any]] = mapped_column(JSON, default=list)
    #: Facts the engine is unsure of (DocumentFacts.unsure).
    unsure: Mapped[list[Any]] = mapped_column(JSON, default=list)
    # the rest of its structure
    body_start: Mapped[int | None] = mapped_column(Integer)
    body_end: Mapped[int | None] = mapped_column(Integer)
    furniture: Mapped[list[Any]] = mapped_column(JSON, default=list)
    length: Mapped[int] = mapped_column(Integer)


class DocumentText(Base):
    """A document's canonical text (and its analysis text when that differs).

    Kept apart from ``documents`` so listings stay light, and as the place where
    full-text search will hang its index.
    """

    __tablename__ = "document_text"
    sha256: Mapped[str] = mapped_column(
        ForeignKey("documents.sha256", ondelete="CASCADE"), primary_key=True
    )
    text: Mapped[str] = mapped_column(Text)
    #: ``Document.analysis`` when it differs from ``text``, else null.
    analysis: Mapped[str | None] = mapped_column(Text)


class SectionRow(Base):
    """One heading of a document's outline."""

    __tablename__ = "sections"
    doc_sha: Mapped[str] = mapped_column(
        ForeignKey("documents.sha256", ondelete="CASCADE"), primary_key=True
    )
    idx: Mapped[int] = mapped_column(Integer, primary_key=True)
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    heading_start: Mapped[int] = mapped_column(Integer)
    heading_end: Mapped[int] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(Text)
    level: Mapped[int] = mapped_column(Integer)
    label: Mapped[str] = mapped_column(String(20))
    periods: Mapped[list[Any]] = mapped_column(JSON, default=list)
    parent: Mapped[int | None] = mapped_column(Integer)


class StatementRow(Base):
    """One quantitative statement: every field of the extraction contract, and its span."""

    __tablename__ = "statements"
    #: ``statement_id(doc_sha, start, end, n)``: stable across ingests.
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    doc_sha: Mapped[str] = mapped_column(ForeignKey("documents.sha256", ondelete="CASCADE"), index=True)
    doc: Mapped[str] = mapped_column(String(500))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    indicator: Mapped[str] = mapped_column(Text)
    canonical: Mapped[str | None] = mapped_column(String(100), index=True)
    value: Mapped[float] = mapped_column(Float)
    unit: Mapped[str] = mapped_column(String(100))
    comparator: Mapped[str] = mapped_column(String(4))
    kind: Mapped[str] = mapped_column(String(20), index=True)
    measure: Mapped[str] = mapped_column(String(20), index=True)
    direction: Mapped[str] = mapped_column(String(10))
    period: Mapped[str] = mapped_column(String(20), index=True)
    doubts: Mapped[list[Any]] = mapped_column(JSON, default=list)
    sentence_start: Mapped[int | None] = mapped_column(Integer)
    sentence_end: Mapped[int | None] = mapped_column(Integer)

    __table_args__ = (Index("ix_statements_doc_sha_start", "doc_sha", "start"),)


class IndicatorRow(Base):
    """A headline indicator of ``indicators.tsv``."""

    __tablename__ = "indicators"
    id: Mapped[str] = mapped_column(String(100), primary_key=True)
    name: Mapped[str] = mapped_column(Text)
    measure: Mapped[str] = mapped_column(String(20))
    unit: Mapped[str] = mapped_column(String(100))
    better: Mapped[str] = mapped_column(String(5))
    synonyms: Mapped[list[Any]] = mapped_column(JSON, default=list)


class IndicatorName(Base):
    """An indicator name seen in a statement, with the canonical id it was given ('' for none)."""

    __tablename__ = "indicator_names"
    name: Mapped[str] = mapped_column(Text, primary_key=True)
    canonical: Mapped[str] = mapped_column(String(100), primary_key=True, default="")


class JudgementRow(Base):
    """The judgement of one target statement."""

    __tablename__ = "judgements"
    id: Mapped[str] = mapped_column(String(40), primary_key=True)
    #: The target's statement row, when the target is stored.
    statement_id: Mapped[str | None] = mapped_column(
        ForeignKey("statements.id", ondelete="CASCADE"), index=True
    )
    doc: Mapped[str] = mapped_column(String(500))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    indicator: Mapped[str] = mapped_column(Text)
    canonical: Mapped[str | None] = mapped_column(String(100), index=True)
    region: Mapped[str | None] = mapped_column(String(200), index=True)
    period: Mapped[str] = mapped_column(String(20), index=True)
    status: Mapped[str] = mapped_column(String(20), index=True)
    reason: Mapped[str] = mapped_column(Text, default="")
    #: The whole target statement as a contract record (with doubts), to rebuild it without a join.
    target: Mapped[dict[str, Any]] = mapped_column(JSON)

    #: The order of the target listing (Alembic revision ``0004``).
    __table_args__ = (Index("ix_judgements_listing", "region", "period", "doc", "start", "id"),)


class EvidenceRow(Base):
    """One statement used to judge a target; keeps doc/start/end/text even if the statement goes."""

    __tablename__ = "evidence"
    judgement_id: Mapped[str] = mapped_column(
        ForeignKey("judgements.id", ondelete="CASCADE"), primary_key=True
    )
    idx: Mapped[int] = mapped_column(Integer, primary_key=True)
    statement_id: Mapped[str | None] = mapped_column(
        ForeignKey("statements.id", ondelete="SET NULL"), index=True
    )
    role: Mapped[str] = mapped_column(String(12))
    region: Mapped[str | None] = mapped_column(String(200))
    doc: Mapped[str] = mapped_column(String(500))
    start: Mapped[int] = mapped_column(Integer)
    end: Mapped[int] = mapped_column(Integer)
    text: Mapped[str] = mapped_column(Text)
    value: Mapped[float] = mapped_column(Float)
    period: Mapped[str] = mapped_column(String(20))
    kind: Mapped[str] = mapped_column(String(20))
    statement: Mapped[dict[str, Any]] = mapped_column(JSON)


class RegionMark(Base):
    """A region whose documents, corrections or facts changed since tracking last judged it.

    Written in the transaction that changes them (``store.dirty.mark``); ``planwatch track`` judges
    the marked regions and deletes the mark it read (by ``generation``, so a mark made while it
    judged stays) in the transaction that writes their judgements (Alembic revision ``0007``).
    """

    __tablename__ = "region_marks"
    #: The region's full name; ``""`` for documents without a region.
    region: Mapped[str] = mapped_column(String(200), primary_key=True)
    #: Bumped at every mark.
    generation: Mapped[int] = mapped_column(Integer, default=1)
    marked_at: Mapped[str] = mapped_column(String(32))


class RegionTrack(Base):
    """What tracking last read of a region: its share of the linker's word weights (profiles and
    each word's count), its latest dates (for "today") and the year it was judged as of."""

    __tablename__ = "region_track"
    region: Mapped[str] = mapped_column(String(200), primary_key=True)
    profiles: Mapped[int] = mapped_column(Integer, default=0)
    words: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    delivered: Mapped[str | None] = mapped_column(String(10))
    published: Mapped[str | None] = mapped_column(String(10))
    #: The year of "today" the region's judgements were made with (None: not judged yet).
    judged_year: Mapped[int | None] = mapped_column(Integer)


class TrackWord(Base):
    """How many profiles of the whole store hold a word: the sum of ``region_track.words``."""

    __tablename__ = "track_words"
    word: Mapped[str] = mapped_column(String(200), primary_key=True)
    df: Mapped[int] = mapped_column(Integer)


class RegionStatusCount(Base):
    """Targets per region, period and status: replaced with the judgements of the region, so the
    overview never counts the judgements table (``""`` region: documents without one)."""

    __tablename__ = "region_status_counts"
    region: Mapped[str] = mapped_column(String(200), primary_key=True)
    period: Mapped[str] = mapped_column(String(20), primary_key=True)
    status: Mapped[str] = mapped_column(String(20), primary_key=True)
    count: Mapped[int] = mapped_column(Integer)


#: Content tables in dependency order (parents first), for dumps and clean-ups.
CONTENT_TABLES: tuple[str, ...] = (
    "regions", "indicators", "documents", "document_text", "sections", "statements",
    "indicator_names", "judgements", "evidence",
)
