"""The JSON shapes of the API (pydantic models), shared by the pages and the OpenAPI description."""

from __future__ import annotations

from pydantic import BaseModel, Field


class DocumentOut(BaseModel):
    """One stored document version and its facts (shared/spec/documents.md)."""

    sha256: str
    name: str
    region: str | None = None
    kind: str
    delivered: str | None = None
    published: str | None = None
    reviews: list[str] = Field(default_factory=list)
    plans: list[str] = Field(default_factory=list)
    format: str = "txt"
    length: int = 0
    version: int = 1
    superseded_by: str | None = None
    statements: int = 0
    #: Facts the engine is unsure of, each ``field: reason`` (region, year, kind).
    unsure: list[str] = Field(default_factory=list)
    #: Facts a person gave (region, year, kind); they win over what the engine reads.
    given: dict[str, str] = Field(default_factory=dict)
    #: The document's title (its first lines, else its HTML/DOCX title, else composed from its facts,
    #: else the file name; ``title_from``: text, meta, facts, file) and date (delivered, else published).
    title: str = ""
    title_from: str = "file"
    date: str | None = None


class DocumentDetail(DocumentOut):
    """A document with its canonical text."""

    text: str = ""


class StatementOut(BaseModel):
    """One quantitative statement (shared/spec/statements.md) with its store id and document hash."""

    id: str
    doc_sha: str
    doc: str
    start: int
    end: int
    text: str
    indicator: str
    canonical: str | None = None
    value: float
    unit: str
    comparator: str
    kind: str
    measure: str
    direction: str
    period: str
    region: str | None = None
    doubts: list[str] = Field(default_factory=list)
    sentence_start: int | None = None
    sentence_end: int | None = None


class EvidenceOut(BaseModel):
    """A statement used to judge a target, and how (direct / indirect / superseded)."""

    role: str
    region: str | None = None
    doc: str
    doc_sha: str | None = None
    statement_id: str | None = None
    start: int
    end: int
    text: str
    value: float
    period: str
    kind: str
    #: The sentence holding the figure, and where it starts in the document.
    sentence: str | None = None
    sentence_start: int | None = None
    #: The document's title and date (see ``DocumentOut``).
    doc_title: str | None = None
    doc_date: str | None = None


class JudgementOut(BaseModel):
    """A target, its status (shared/spec/tracking.md) and the evidence behind it."""

    id: str
    statement_id: str | None = None
    doc: str
    doc_sha: str | None = None
    start: int
    end: int
    text: str
    indicator: str
    canonical: str | None = None
    region: str | None = None
    period: str
    status: str
    reason: str = ""
    value: float | None = None
    unit: str | None = None
    comparator: str | None = None
    measure: str | None = None
    #: The sentence holding the target's figure, and where it starts in the document.
    sentence: str | None = None
    sentence_start: int | None = None
    #: The document's title and date (see ``DocumentOut``).
    doc_title: str | None = None
    doc_date: str | None = None
    evidence: list[EvidenceOut] = Field(default_factory=list)


class RegionOut(BaseModel):
    """A region, its place in the hierarchy, its documents and its targets by status."""

    name: str
    parent: str | None = None
    level: int | None = None
    documents: int = 0
    targets: dict[str, int] = Field(default_factory=dict)
    #: The latest date among the region's own documents (截至).
    as_of: str | None = None


class IndicatorOut(BaseModel):
    """An indicator: a canonical one of indicators.tsv, or a name seen in statements."""

    key: str
    name: str
    canonical: bool = True
    measure: str | None = None
    unit: str | None = None
    better: str | None = None
    statements: int = 0


class SeriesPoint(BaseModel):
    """One figure of an indicator's series."""

    region: str | None = None
    period: str
    kind: str
    measure: str
    value: float
    unit: str
    comparator: str
    doc: str
    doc_sha: str
    statement_id: str
    start: int
    end: int
    text: str


class SeriesOut(BaseModel):
    """One indicator across years and regions: targets and actuals together."""

    indicator: IndicatorOut
    points: list[SeriesPoint] = Field(default_factory=list)


class SearchHit(BaseModel):
    """A document whose text holds the query, with the text around the first match."""

    doc_sha: str
    name: str
    region: str | None = None
    kind: str
    title: str = ""
    date: str | None = None
    position: int
    before: str
    match: str
    after: str
    matches: int = 1


class SearchOut(BaseModel):
    """Search results: documents by their text, statements by their fields."""

    q: str
    documents: list[SearchHit] = Field(default_factory=list)
    statements: list[StatementOut] = Field(default_factory=list)
    statements_total: int = 0
    #: A query under three characters stopped after the first 2,000 documents by name (no index
    #: serves it; its statements are looked for among the first 20,000 of the listing, unflagged:
    #: ``planwatch.serve.read.search``): a longer phrase finds them all.
    partial: bool = False


class DocumentPage(BaseModel):
    items: list[DocumentOut]
    total: int
    limit: int
    offset: int
    #: The next page (keyset: ``after=<cursor>``); null on the last page.
    next: str | None = None


class StatementPage(BaseModel):
    items: list[StatementOut]
    total: int
    limit: int
    offset: int
    #: The next page (keyset: ``after=<cursor>``); null on the last page.
    next: str | None = None


class JudgementPage(BaseModel):
    items: list[JudgementOut]
    total: int
    limit: int
    offset: int
    #: The next page (keyset: ``after=<cursor>``); null on the last page.
    next: str | None = None


class UploadOut(BaseModel):
    """What an upload stored."""

    document: DocumentOut
    created: bool
    statements: int
    url: str


class ErrorOut(BaseModel):
    detail: str
