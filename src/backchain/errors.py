"""The one error tree of backchain.

Every error a user can see derives from ``BackchainError`` and says what was
wrong, where, and what to do about it::

    BackchainError
    ├── KnowledgeError         a knowledge-base file or entry is invalid
    ├── ImportFailed           an export file cannot be read; names file, line, field
    ├── StoreError             the database refused an operation (unknown batch, athlete)
    │   ├── RecordNotFound     no such record among the caller's own (a workout, set, plan)
    │   └── StoreBusy          another process held the database longer than a writer waits
    ├── AccountError           a sign-up, log-in or access grant cannot be done; names the field
    ├── ProfileError           a training profile names an unknown id or has a bad field
    ├── PreferenceError        a unit, bar, plate or body weight out of range; names the field
    └── LookupFailed           a name matched nothing, or more than one thing
        ├── NotFound           nothing close enough; carries the nearest names
        └── Ambiguous          several equally good candidates
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

__all__ = [
    "AccountError",
    "Ambiguous",
    "BackchainError",
    "ImportFailed",
    "KnowledgeError",
    "KnowledgeProblem",
    "LookupFailed",
    "NotFound",
    "PreferenceError",
    "ProfileError",
    "RecordNotFound",
    "StoreBusy",
    "StoreError",
]


class BackchainError(Exception):
    """Root of every error backchain reports to a user."""


@dataclass(frozen=True, slots=True)
class KnowledgeProblem:
    """One invalid field of one knowledge-base entry, located in its file."""

    file: str
    line: int | None
    entry: str
    field: str
    message: str

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        return f"{where}: {self.entry}: {self.field}: {self.message}"


class KnowledgeError(BackchainError):
    """The knowledge base failed to load; lists every problem found."""

    def __init__(self, problems: Sequence[KnowledgeProblem]) -> None:
        self.problems = tuple(problems)
        lines = "\n".join(f"  {p}" for p in self.problems)
        super().__init__(f"the knowledge base has {len(self.problems)} problem(s):\n{lines}")


class LookupFailed(BackchainError):
    """A name given by a user did not identify exactly one catalog entry."""

    def __init__(self, query: str, candidates: Sequence[str], message: str) -> None:
        self.query = query
        self.candidates = tuple(candidates)
        super().__init__(message)


class NotFound(LookupFailed):
    """Nothing in the catalog is close enough to the name given."""

    def __init__(self, kind: str, query: str, candidates: Sequence[str]) -> None:
        hint = f"; closest: {', '.join(candidates)}" if candidates else ""
        super().__init__(query, candidates, f"no {kind} matches {query!r}{hint}")


class Ambiguous(LookupFailed):
    """Several catalog entries match the name equally well."""

    def __init__(self, kind: str, query: str, candidates: Sequence[str]) -> None:
        super().__init__(
            query,
            candidates,
            f"{query!r} could be several {kind}s: {', '.join(candidates)}; be more specific",
        )


class ImportFailed(BackchainError):
    """An export file could not be imported; nothing was written.

    The message reads ``file:line: field: what is wrong`` so editors and
    terminals can jump to the spot."""

    def __init__(
        self, file: str, message: str, *, line: int | None = None, field: str | None = None
    ) -> None:
        self.file = file
        self.line = line
        self.field = field
        self.reason = message
        where = f"{file}:{line}" if line is not None else file
        super().__init__(f"{where}: {field}: {message}" if field else f"{where}: {message}")


class StoreError(BackchainError):
    """The store cannot do what was asked (an unknown batch, athlete or exercise)."""


class RecordNotFound(StoreError):
    """No record with this id belongs to the caller (one that exists for someone
    else is reported the same way, so ids reveal nothing)."""

    def __init__(self, kind: str, record_id: int | str, hint: str = "") -> None:
        self.kind = kind
        self.record_id = record_id
        super().__init__(f"no {kind} {record_id}" + (f"; {hint}" if hint else ""))


class StoreBusy(StoreError):
    """Another process kept the database to itself for longer than a writer
    waits (SQLite takes one writer at a time); trying again later may work."""

    def __init__(self, waited_s: float) -> None:
        super().__init__(
            f"the database stayed busy with another task for {waited_s:g} seconds; "
            "nothing was saved: try again in a moment"
        )


class AccountError(BackchainError):
    """An account operation cannot be done: a user name taken, a password too
    short, a coach who does not exist. Names the field."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


class ProfileError(BackchainError):
    """A training profile cannot be used: an unknown condition, exercise or piece
    of equipment, a value out of range, or a stored profile that no longer
    validates. Names the field and the value."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)


class PreferenceError(BackchainError):
    """A lifter's setting cannot be stored: units other than kg or lb, a bar or
    plate of an impossible weight, a body weight out of range. Names the field."""

    def __init__(self, field: str, message: str) -> None:
        self.field = field
        super().__init__(message)
