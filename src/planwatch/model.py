"""The one data model every stage shares.

All offsets are ``[start, end)`` character offsets (Python ``str`` indices) into
``Document.text``, the document's canonical text. Nothing here imports another
part of PlanWatch.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from enum import StrEnum
from typing import Any, Literal, Self, get_args

Kind = Literal["target", "actual", "estimate"]
Measure = Literal["level", "growth", "share", "delta"]
Comparator = Literal["=", ">=", ">", "<=", "<", "~"]
Direction = Literal["up", "down", "none"]
SectionLabel = Literal["review", "plan", "glossary", "other"]
DocKind = Literal["work_report", "plan_report", "five_year_plan", "evaluation", "other"]
Status = Literal[
    "achieved", "missed", "likely_achieved", "likely_missed", "on_track", "at_risk", "no_data"
]
#: The statuses of a target, in the spec's order of precedence (shared/spec/tracking.md). Their one
#: Chinese name each is data: ``labels.status`` of ``rules/<lang>/tracking.yaml``.
STATUSES: tuple[Status, ...] = get_args(Status)



class _Recorded(StrEnum):
    """A kind of doubt recorded by its value (stable: the store keeps it), sometimes with a detail in
    brackets (:meth:`detail`); its words for the reader are data (``rules/<lang>/review.yaml``)."""

    def detail(self, text: str) -> str:
        """The doubt with a detail: ``kind from section (review)``."""
        return f"{self.value} ({text})"

    @classmethod
    def of(cls, recorded: str) -> Self | None:
        """The doubt a recorded entry is (itself or with a detail); None for one unknown here."""
        for d in cls:
            if recorded == d.value or recorded.startswith(d.value + " ("):
                return d
        return None


class Doubt(_Recorded):
    """Why the engine is unsure of a statement (``Statement.doubts``; labels: ``doubts`` of
    ``review.yaml``, keyed by name)."""

    no_indicator = "no indicator found"
    no_period = "no period found"
    indicator_from_previous_figure = "indicator taken from the previous figure"
    indicator_from_previous_clause = "indicator taken from the previous clause"
    indicator_after_figure = "indicator read after the figure"
    kind_from_section = "kind from section"
    no_headline = "no headline indicator"


class FactDoubt(_Recorded):
    """Why the engine is unsure of a document's fact (``DocumentFacts.unsure``: ``field: reason``;
    labels: ``facts`` of ``review.yaml``, keyed by name)."""

    region_shared_name = "region: a name several divisions share, the text names neither's city"
    region_city_unnamed = "region: the text does not name the city it is in"
    region_short_form = "region: named only by its short form"
    region_few_mentions = "region: named only a few times"
    region_rival = "region: another division is named about as often"
    region_speaker_unnamed = "region: the speaker speaks for a division the text does not name"
    region_not_in_table = "region: the speaker's division is not in the division table"
    region_none = "region: the text names no division"
    region_no_speaker = "region: read from the places the text names, no speaker line"
    year_none = "year: neither the text nor the file name says which year it plans for"
    year_split = "year: the text points to more than one year"
    kind_none = "kind: neither a title nor the opening says what kind of document it is"

    @property
    def field(self) -> str:
        """The fact it is about: region, year or kind."""
        return self.value.split(":", 1)[0]


#: The fields of a statement record, in contract order (shared/spec/statements.md).
RECORD_FIELDS: tuple[str, ...] = (
    "doc", "start", "end", "text", "indicator", "canonical", "value", "unit",
    "comparator", "kind", "measure", "direction", "period",
)
#: Facts a person gave for a document (``planwatch ingest --region/--year/--kind``, the upload form, an
#: edit in the dashboard). They live in ``Document.meta`` under these keys, win over what the structure
#: stage reads, and so survive re-extraction.
GIVEN_FACT_KEYS: tuple[str, ...] = ("given_region", "given_year", "given_kind")
#: The fields of a document record (shared/spec/documents.md).
FACT_FIELDS: tuple[str, ...] = ("doc", "region", "kind", "delivered", "published", "reviews", "plans")


@dataclass(frozen=True, slots=True)
class Span:
    start: int
    end: int

    def __post_init__(self) -> None:
        if not 0 <= self.start <= self.end:
            raise ValueError(f"bad span [{self.start}, {self.end})")

    def __len__(self) -> int:
        return self.end - self.start

    def contains(self, offset: int) -> bool:
        return self.start <= offset < self.end


@dataclass(frozen=True)
class Document:
    """A document as PlanWatch reads it.

    ``text`` is the canonical text: for a ``.txt`` file, exactly the decoded
    file; for HTML/PDF/DOCX, the report's text as extracted. ``analysis`` has
    the same length as ``text`` (character for character), with traditional
    characters converted to simplified, so that rules match on it and offsets
    found there hold in ``text``.
    """

    name: str
    text: str
    analysis: str
    source: str = ""
    format: str = "txt"
    encoding: str | None = None
    sha256: str = ""
    meta: Mapping[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if len(self.analysis) != len(self.text):
            raise ValueError(f"{self.name}: analysis text must align with the canonical text")


@dataclass(frozen=True)
class Section:
    """One heading of the outline and the text it governs.

    ``start``/``end`` cover the heading and its body up to the next heading of
    the same or a higher level; ``heading`` is the heading line alone.
    ``level`` is 1 for the outermost headings (titled lines like
    ``2020年主要工作任务`` or ``一、``), deeper numbers for ``(一)``, ``1.``.
    """

    start: int
    end: int
    heading: Span
    title: str
    level: int
    label: SectionLabel
    periods: tuple[str, ...] = ()
    parent: int | None = None  # index into Structure.sections


@dataclass(frozen=True)
class DocumentFacts:
    doc: str
    region: str | None
    kind: DocKind
    delivered: str | None
    published: str | None
    reviews: tuple[str, ...] = ()
    plans: tuple[str, ...] = ()
    #: The facts the engine could not establish with confidence, each as ``field: reason``
    #: (``region: …``, ``year: …``, ``kind: …``); shown as unsure, never a silent guess.
    unsure: tuple[str, ...] = ()

    def to_record(self) -> dict[str, Any]:
        d = asdict(self)
        d["reviews"], d["plans"] = list(self.reviews), list(self.plans)
        return {k: d[k] for k in FACT_FIELDS}


@dataclass(frozen=True)
class Structure:
    """What PlanWatch knows about a document before reading any figure."""

    facts: DocumentFacts
    sections: tuple[Section, ...] = ()
    furniture: tuple[Span, ...] = ()  # page furniture: menus, footers, header bars
    body: Span | None = None  # where the report itself starts and ends

    def sections_at(self, offset: int) -> list[Section]:
        """The sections containing ``offset``, outermost first."""
        return sorted(
            (s for s in self.sections if s.start <= offset < s.end), key=lambda s: s.level
        )

    def section_at(self, offset: int) -> Section | None:
        """The innermost section containing ``offset``."""
        found = self.sections_at(offset)
        return found[-1] if found else None

    def label_at(self, offset: int) -> SectionLabel:
        """The label governing ``offset``: the innermost section whose label is not ``other``."""
        for s in reversed(self.sections_at(offset)):
            if s.label != "other":
                return s.label
        return "other"

    def in_furniture(self, offset: int) -> bool:
        return any(f.contains(offset) for f in self.furniture)


@dataclass(frozen=True)
class Statement:
    """One quantitative statement (shared/spec/statements.md)."""

    doc: str
    start: int
    end: int
    text: str
    indicator: str
    canonical: str | None
    value: float
    unit: str
    comparator: Comparator
    kind: Kind
    measure: Measure
    direction: Direction
    period: str
    #: Why the engine is unsure of this statement (empty when it is sure).
    doubts: tuple[str, ...] = ()
    #: The sentence the statement stands in.
    sentence: Span | None = None

    def to_record(self) -> dict[str, Any]:
        """The contract record: exactly the fields of ``RECORD_FIELDS``."""
        value: float | int = self.value
        if isinstance(value, float) and value.is_integer() and abs(value) < 2**53:
            value = int(value)
        rec = {k: getattr(self, k) for k in RECORD_FIELDS}
        rec["value"] = value
        return rec


@dataclass(frozen=True)
class Evidence:
    """A statement used to judge a target, and how it was used."""

    statement: Statement
    region: str | None
    role: Literal["direct", "indirect", "superseded"]


@dataclass(frozen=True)
class Judgement:
    target: Statement
    region: str | None
    status: Status
    evidence: tuple[Evidence, ...] = ()
    reason: str = ""
