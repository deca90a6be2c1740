"""Count the SQL statements an engine runs, for guards against N+1 queries."""

from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

from sqlalchemy import Engine, event


@dataclass
class StatementLog:
    statements: list[str] = field(default_factory=list)

    @property
    def count(self) -> int:
        """Statements that touch data; transaction control (BEGIN, COMMIT) is not counted."""
        return sum(
            1
            for sql in self.statements
            if not sql.lstrip()
            .upper()
            .startswith(("BEGIN", "COMMIT", "ROLLBACK", "SAVEPOINT", "RELEASE"))
        )


@contextmanager
def count_statements(engine: Engine) -> Iterator[StatementLog]:
    log = StatementLog()

    def record(_conn, _cursor, statement, _parameters, _context, _executemany) -> None:
        log.statements.append(statement)

    event.listen(engine, "before_cursor_execute", record)
    try:
        yield log
    finally:
        event.remove(engine, "before_cursor_execute", record)
