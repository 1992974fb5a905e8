"""Problems found in the content, each with the place it was found and how to fix it.

Every stage collects `Diagnostic`s instead of raising, so one run reports every problem.
The wording lives in `messages.py`; this module only carries and formats it.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from enum import StrEnum

from . import messages


class Severity(StrEnum):
    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True, order=True)
class Location:
    """A place in the content tree: `path` relative to the content root, 1-based line and column."""

    path: str
    line: int | None = None
    col: int | None = None

    def __str__(self) -> str:
        parts = [self.path]
        if self.line is not None:
            parts.append(str(self.line))
            if self.col is not None:
                parts.append(str(self.col))
        return ":".join(parts)


@dataclass(frozen=True)
class Diagnostic:
    """One problem: a message code from `messages.CATALOG` and the values it mentions."""

    code: str
    location: Location
    params: dict[str, object] = field(default_factory=dict, compare=False)
    severity: Severity = Severity.ERROR

    def __eq__(self, other: object) -> bool:
        return isinstance(other, Diagnostic) and (self.code, self.location, self.message) == (
            other.code, other.location, other.message)

    def __hash__(self) -> int:
        return hash((self.code, self.location, self.message))

    @property
    def message(self) -> str:
        """Japanese message, fix and English gloss, as one line."""
        return messages.render(self.code, self.params)

    def __str__(self) -> str:
        label = "エラー" if self.severity is Severity.ERROR else "警告"
        return f"{self.location}: {label}: {self.message}"

    def sort_key(self) -> tuple:
        loc = self.location
        return (loc.path, loc.line or 0, loc.col or 0, self.code, self.message)


def error(code: str, location: Location, /, **params: object) -> Diagnostic:
    return Diagnostic(code, location, params)


def warning(code: str, location: Location, /, **params: object) -> Diagnostic:
    return Diagnostic(code, location, params, Severity.WARNING)


def has_errors(diagnostics: list[Diagnostic]) -> bool:
    return any(d.severity is Severity.ERROR for d in diagnostics)


def github_annotation(diagnostic: Diagnostic, prefix: str = "") -> str:
    """A GitHub Actions workflow command, so the message shows on the changed line of a pull request."""
    loc = diagnostic.location
    props = [f"file={_escape_property(prefix + loc.path)}"]
    if loc.line is not None:
        props.append(f"line={loc.line}")
        if loc.col is not None:
            props.append(f"col={loc.col}")
    props.append("title=jointhire")
    level = "error" if diagnostic.severity is Severity.ERROR else "warning"
    message = diagnostic.message.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    return f"::{level} {','.join(props)}::{message}"


def _escape_property(value: str) -> str:
    return (value.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
            .replace(":", "%3A").replace(",", "%2C"))


def as_record(diagnostic: Diagnostic) -> dict:
    """One diagnostic as plain data, for `check --format json`."""
    loc = diagnostic.location
    return {"path": loc.path, "line": loc.line, "col": loc.col, "severity": diagnostic.severity.value,
            "code": diagnostic.code, "message": diagnostic.message}
