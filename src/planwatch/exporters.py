"""Exporter registries: for each kind of output, one table from format name to the function writing it.

Every stage that writes a kind of output keeps its registry next to its writers and fills it with
one :meth:`Exporters.add` a format; the CLI (``--format`` choices), the API (one download route a
format) and the report look formats up here instead of dispatching by ``if``/``elif``, so a new
format is one entry:

- statements (``planwatch.extract.output.STATEMENTS``): jsonl, csv, table, html;
- target records (``planwatch.track.render.TARGETS``): jsonl, csv, tsv, xlsx;
- the evaluation report (``planwatch.track.render.REPORTS``): md, html, xlsx, docx (each also a download
  of the region page, ``/api/regions/{name}/report.<format>``);
- downloads of stored rows (``planwatch.serve.exports.ROWS``): csv, jsonl, xlsx, parquet.

An exporter either returns the output (text, or chunks of bytes for downloads) or, with
``to_file``, writes a file at a path it is given (a workbook is never written to standard output).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Exporter:
    """One format of one kind of output."""

    fmt: str
    write: Callable[..., Any]
    #: The HTTP media type of a download in this format ("" where it is never served).
    media_type: str = ""
    #: True where ``write`` takes a path and writes a file there (xlsx), not returning the output.
    to_file: bool = False


class Exporters:
    """The formats of one kind of output, in the order they were added (the order choices are shown)."""

    def __init__(self, kind: str) -> None:
        self.kind = kind
        self._by_format: dict[str, Exporter] = {}

    def add(
        self, fmt: str, write: Callable[..., Any], *, media_type: str = "", to_file: bool = False
    ) -> None:
        if fmt in self._by_format:
            raise ValueError(f"{self.kind}: format {fmt!r} registered twice")
        self._by_format[fmt] = Exporter(fmt, write, media_type, to_file)

    @property
    def formats(self) -> tuple[str, ...]:
        return tuple(self._by_format)

    def __contains__(self, fmt: object) -> bool:
        return fmt in self._by_format

    def get(self, fmt: str) -> Exporter:
        """The exporter of ``fmt``; ValueError naming the formats there are when there is none."""
        found = self._by_format.get(fmt)
        if found is None:
            raise ValueError(f"unknown format {fmt!r} (choose from {', '.join(self._by_format)})")
        return found
