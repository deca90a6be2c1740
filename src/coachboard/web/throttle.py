"""Slow down guessing passwords: each failed sign-in makes the next one wait longer.

Failures are counted per email and per client address, in this process's memory: a restart
forgets them, and with several app processes each keeps its own count. That is enough to turn
an online guessing attack from thousands of tries a minute into a handful, without a table.
"""

import threading
import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass

MAX_FACTOR = 16  # the 5th failure in a row and later each wait 16 times the base delay
FORGET_AFTER_SECONDS = 15 * 60
MAX_ENTRIES = 10_000


@dataclass
class _Failures:
    count: int
    last: float


class SignInThrottle:
    def __init__(self, base_delay: float, *, clock: Callable[[], float] = time.monotonic) -> None:
        self.base_delay = base_delay
        self.clock = clock
        self._failures: dict[str, _Failures] = {}
        self._lock = threading.Lock()

    def delay(self, count: int) -> float:
        """How long the count-th failure in a row waits: base, twice it, 4 times, up to 16 times the base."""
        return self.base_delay * min(2 ** max(count - 1, 0), MAX_FACTOR) if count else 0.0

    def wait_remaining(self, keys: Iterable[str]) -> float:
        """Seconds before any of these keys may try again (0 when they may now)."""
        now = self.clock()
        with self._lock:
            return max(
                (
                    entry.last + self.delay(entry.count) - now
                    for key in keys
                    if (entry := self._live(key, now))
                ),
                default=0.0,
            )

    def record_failure(self, keys: Iterable[str]) -> float:
        """Count one failure against each key; returns how long this failure should wait."""
        now = self.clock()
        with self._lock:
            if len(self._failures) > MAX_ENTRIES:
                self._forget_old(now)
            worst = 0
            for key in keys:
                entry = self._live(key, now) or _Failures(0, now)
                entry.count += 1
                entry.last = now
                self._failures[key] = entry
                worst = max(worst, entry.count)
        return self.delay(worst)

    def record_success(self, keys: Iterable[str]) -> None:
        with self._lock:
            for key in keys:
                self._failures.pop(key, None)

    def _live(self, key: str, now: float) -> _Failures | None:
        entry = self._failures.get(key)
        if entry and now - entry.last > FORGET_AFTER_SECONDS:
            del self._failures[key]
            return None
        return entry

    def _forget_old(self, now: float) -> None:
        for key in [k for k, e in self._failures.items() if now - e.last > FORGET_AFTER_SECONDS]:
            del self._failures[key]
