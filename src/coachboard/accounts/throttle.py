"""Password guessing, slowed in the database: one throttle for every door a password opens
(the sign-in page, the API's token endpoint, and later the portal and password reset); and,
counted the same way, a coach's client imports (admit_import).

An attempt is counted before its password is checked, by one statement that adds it and reads
the counts back, in a transaction of its own that commits before the check: concurrent attempts,
on any worker or server, each see those before them, so no more than the allowance ever reach
the password check. Each attempt counts under three keys:

- the account from this address: `per_account_and_address` attempts a window (5);
- the address, whatever account it tries: `per_address` (20);
- the account, from every address together: `per_account` (50). Past it, an address that has
  already tried the account in this window is refused, and one that has not still gets its
  try: guessing spread over many addresses gets one guess per address instead of five, and the
  owner, from an address of her own, still gets in. (Refusing every address would let anyone
  lock her out, which is what the per-address keys exist to prevent.)

A window is fixed: it begins with the first attempt under a key and ends `window` later, when
the next attempt begins a new one. A refusal says how long until the windows that refused it
end (Retry-After), whatever the client does meanwhile. A success forgets the account's count
from that address and takes its own attempt back from the other two: signing in often is never
refused.
"""

import math
import uuid
from dataclasses import dataclass
from datetime import datetime, timedelta

from sqlalchemy import Engine, case, delete, select, update
from sqlalchemy.orm import Session

from coachboard.core.database import transaction, unit_of_work, upsert
from coachboard.core.models import utcnow
from coachboard.core.security import token_digest
from coachboard.core.settings import Settings
from coachboard.models.accounts import SignInThrottle, normalize_email

# Scopes of the keys. Their first letters differ, so the keys of one attempt sort alike in
# Python and under any database collation: rows are always locked in one order (no deadlock).
ACCOUNT, ADDRESS, PAIR = "account", "address", "pair"
IMPORT = "import"
# Stale rows deleted by one attempt, at most: each attempt adds at most three, so they cannot
# pile up, and the delete stays short.
PRUNE_BATCH = 100

throttles = SignInThrottle.__table__


@dataclass(frozen=True)
class Limits:
    """How many attempts each key may make in one window."""

    window: timedelta
    per_account_and_address: int
    per_address: int
    per_account: int

    @classmethod
    def from_settings(cls, settings: Settings) -> "Limits":
        return cls(
            window=timedelta(seconds=settings.throttle_window_seconds),
            per_account_and_address=settings.throttle_attempts_per_account_and_address,
            per_address=settings.throttle_attempts_per_address,
            per_account=settings.throttle_attempts_per_account,
        )


@dataclass(frozen=True)
class Attempt:
    """Someone at `address` trying the password of `account` (an email, as typed)."""

    account: str
    address: str

    def keys(self) -> dict[str, str]:
        """The key of each scope: a digest, so a key's length is bounded and no email is kept."""
        account = normalize_email(self.account)
        values = {ACCOUNT: account, ADDRESS: self.address, PAIR: f"{account}\n{self.address}"}
        return {scope: f"{scope}:{token_digest(value)}" for scope, value in values.items()}


def reset_attempt(email: str, address: str) -> Attempt:
    """A request for a password-reset link, counted under keys of its own for the account and
    for the address: asking for links can neither flood an inbox nor use up anyone's sign-in
    attempts (an office behind one address still signs in while someone there asks for
    links)."""
    return Attempt(account=f"password-reset {email}", address=f"password-reset {address}")


@dataclass(frozen=True)
class Refused:
    """Too many attempts: answer 429 and ask the client to wait `retry_after` seconds."""

    retry_after: int


@dataclass(frozen=True)
class Window:
    """One key's count as the attempt left it, and when its window ends."""

    attempts: int
    ends_at: datetime


def admit(engine: Engine, attempt: Attempt, limits: Limits) -> Refused | None:
    """Count the attempt, committed at once, then say whether its password may be checked:
    None when it may, Refused when a count is past its allowance.

    Call it before the request's own transaction has written anything: on SQLite, a request
    that holds the write lock would wait here on itself."""
    now = utcnow()
    with unit_of_work(engine) as session:
        windows = count(session, attempt.keys(), now=now, window=limits.window)
        prune(session, before=now - limits.window)
    return verdict(windows, limits, now=now)


def admit_import(engine: Engine, coach_id: uuid.UUID, settings: Settings) -> Refused | None:
    """Count one client import of the coach, committed at once, and refuse it past
    settings.imports_per_window in a window. As admit(): call it before the request's own
    transaction has written anything."""
    now = utcnow()
    window = timedelta(seconds=settings.import_window_seconds)
    with unit_of_work(engine) as session:
        counted = count(
            session, {IMPORT: f"{IMPORT}:{token_digest(str(coach_id))}"}, now=now, window=window
        )
        prune(session, before=now - window)
    if counted[IMPORT].attempts <= settings.imports_per_window:
        return None
    seconds = math.ceil((counted[IMPORT].ends_at - now).total_seconds())
    return Refused(retry_after=min(max(seconds, 1), settings.import_window_seconds))


def succeeded(session: Session, attempt: Attempt) -> None:
    """The attempt's password was right: forget the account's attempts from this address and
    take this one back from the address's and the account's. Joins the caller's transaction,
    so it stands or falls with the sign-in."""
    keys = attempt.keys()
    # Locked in key order, as count() locks them.
    locked = (
        select(throttles.c.key)
        .where(throttles.c.key.in_(keys.values()))
        .order_by(throttles.c.key)
        .with_for_update()
    )
    with transaction(session):
        session.execute(
            update(throttles)
            .where(throttles.c.key.in_(locked))
            .values(
                attempts=case(
                    (throttles.c.key == keys[PAIR], 0),
                    (throttles.c.attempts > 0, throttles.c.attempts - 1),
                    else_=0,
                )
            )
        )


def count(
    session: Session, keys: dict[str, str], *, now: datetime, window: timedelta
) -> dict[str, Window]:
    """Add one attempt under each key and return each scope's window as it now stands; a key
    whose window has ended starts a new one with this attempt."""
    rows = [
        {"key": key, "attempts": 1, "window_started_at": now, "last_attempt_at": now}
        for key in sorted(keys.values())
    ]
    insert = upsert(session, throttles).values(rows)
    ended = throttles.c.window_started_at <= now - window
    statement = insert.on_conflict_do_update(
        index_elements=[throttles.c.key],
        set_={
            "attempts": case((ended, 1), else_=throttles.c.attempts + 1),
            "window_started_at": case(
                (ended, insert.excluded.window_started_at), else_=throttles.c.window_started_at
            ),
            "last_attempt_at": insert.excluded.last_attempt_at,
        },
    ).returning(throttles.c.key, throttles.c.attempts, throttles.c.window_started_at)
    counted = {
        key: Window(attempts, started + window)
        for key, attempts, started in session.execute(statement)
    }
    return {scope: counted[key] for scope, key in keys.items()}


def prune(session: Session, *, before: datetime) -> None:
    """Delete a bounded batch of rows whose window began before `before`: they count for nothing
    (count() would start them afresh). Rows another transaction holds are left for later."""
    stale = (
        select(throttles.c.key)
        .where(throttles.c.window_started_at <= before)
        .limit(PRUNE_BATCH)
        .with_for_update(skip_locked=True)
    )
    session.execute(delete(throttles).where(throttles.c.key.in_(stale)))


def verdict(windows: dict[str, Window], limits: Limits, *, now: datetime) -> Refused | None:
    """Refused until every window that is past its allowance has ended, else None."""
    pair, address, account = windows[PAIR], windows[ADDRESS], windows[ACCOUNT]
    free_at = []
    if pair.attempts > limits.per_account_and_address:
        free_at.append(pair.ends_at)
    if address.attempts > limits.per_address:
        free_at.append(address.ends_at)
    if account.attempts > limits.per_account and pair.attempts > 1:
        # Either end frees it: a new account window, or a new one of this address's, which
        # makes the address one that has not tried the account yet.
        free_at.append(min(account.ends_at, pair.ends_at))
    if not free_at:
        return None
    # Clamped to one window: a concurrent attempt that took its time a moment after this one
    # may have begun the window a moment "later" than now.
    seconds = math.ceil((max(free_at) - now).total_seconds())
    return Refused(retry_after=min(max(seconds, 1), math.ceil(limits.window.total_seconds())))
