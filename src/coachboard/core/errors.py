"""Errors a service raises; one handler per class turns them into HTTP answers."""

from collections.abc import Sequence
from dataclasses import dataclass


class DomainError(Exception):
    """Base of the errors a service may raise on purpose."""


class NotFound(DomainError):
    """The record does not exist, or belongs to someone the caller may not see."""

    def __init__(self, what: str) -> None:
        super().__init__(f"{what} not found")
        self.what = what


@dataclass(frozen=True)
class FieldProblem:
    field: str
    message: str
    kind: str = "value_error"
    # Where in a nested body the problem is (keys and list indexes), when a dotted field name
    # cannot say it: an import document's "/links/target_goals/3/goal_id".
    location: tuple[str | int, ...] | None = None


class InvalidInput(DomainError):
    """Input that passed the schema but breaks a rule; each problem names its field."""

    def __init__(self, problems: Sequence[FieldProblem]) -> None:
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))
        self.problems = list(problems)

    @classmethod
    def field(cls, field: str, message: str, kind: str = "value_error") -> "InvalidInput":
        return cls([FieldProblem(field, message, kind)])


class Conflict(DomainError):
    """The change clashes with the current state (a duplicate, a stale step)."""
