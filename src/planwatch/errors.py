"""Errors PlanWatch reports to its users: each names the file and the reason."""

from __future__ import annotations


class PlanWatchError(Exception):
    """Base class of every error PlanWatch raises on purpose."""


class IngestError(PlanWatchError):
    """A file could not be read as a document."""

    def __init__(self, path: str, reason: str) -> None:
        super().__init__(f"{path}: {reason}")
        self.path = path
        self.reason = reason


class RuleError(PlanWatchError):
    """A rule file is missing, unreadable or malformed: the message names the file and the key path."""

    def __init__(self, file: str, key: str = "", reason: str = "") -> None:
        super().__init__(": ".join(p for p in (file, key, reason) if p))
        self.file = file
        self.key = key
        self.reason = reason
