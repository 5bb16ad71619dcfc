"""Failed sign-ins, throttled per user name and per client address, shared by worker processes.

After half the allowed failures a key (``user:<name>`` or ``addr:<address>``) must wait before
its next try, the wait doubling with each failure; at the limit it is locked for a while. User
names are throttled whether or not they exist, so a lock tells an attacker nothing about which
names are real, and the sign-in form answers a locked or waiting name with the same message as
a wrong password. Tries made while waiting or locked are refused without checking the password
(no hashing work for an attacker to cause) and do not count. Failures are forgotten after
``lock`` seconds without one; a successful sign-in clears the user name (not the address, so
an attacker cannot reset an address by signing in to their own account).

State lives in a table of the app's private SQLite file (:func:`dashboards.sessions.private_db`).
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from dashboards.sessions import connect, create_tables, immediate_transaction


def backoff(failures: int, *, max_failures: int, base: float, lock: float) -> float:
    """Seconds a key waits after ``failures`` failures: none for the first half of the allowance,
    then ``base``, doubling, at most ``lock``; ``lock`` at the limit."""
    if failures >= max_failures:
        return lock
    free = max_failures // 2
    if failures <= free:
        return 0.0
    return min(base * 2 ** (failures - free - 1), lock)


@dataclass(frozen=True)
class Verdict:
    allowed: bool
    retry_after: float = 0.0
    locked: bool = False


@dataclass(frozen=True)
class Lock:
    key: str
    failures: int
    until: float


class SignInThrottle:
    """Counts failures per key in SQLite; every read-modify-write is one IMMEDIATE transaction."""

    def __init__(self, path: Path, *, max_failures: int = 5, max_failures_per_address: int = 30,
                 lock_seconds: float = 900.0, backoff_seconds: float = 1.0,
                 clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path)
        self.max_failures = max_failures
        self.max_failures_per_address = max_failures_per_address
        self.lock_seconds = lock_seconds
        self.backoff_seconds = backoff_seconds
        self.clock = clock
        create_tables(self.path, "CREATE TABLE IF NOT EXISTS signin_failures (key TEXT PRIMARY KEY,"
                                 " failures INTEGER NOT NULL, last_at REAL NOT NULL, locked_until REAL)")

    @staticmethod
    def keys(username: str, address: str | None) -> list[str]:
        keys = ["user:" + username.strip().casefold()[:200]]
        if address:
            keys.append("addr:" + address[:100])
        return keys

    def _limit(self, key: str) -> int:
        return self.max_failures_per_address if key.startswith("addr:") else self.max_failures

    def _live(self, row: tuple | None, now: float) -> tuple[int, float, float | None]:
        """(failures, last_at, locked_until) with expired locks and stale failures forgotten."""
        if row is None:
            return 0, 0.0, None
        failures, last_at, locked_until = row
        if locked_until is not None and locked_until <= now:
            return 0, 0.0, None
        if locked_until is None and now - last_at > self.lock_seconds:
            return 0, 0.0, None
        return failures, last_at, locked_until

    def check(self, username: str, address: str | None) -> Verdict:
        """May this user name try a password now, from this address?"""
        now = self.clock()
        conn = connect(self.path)
        try:
            worst = Verdict(True)
            for key in self.keys(username, address):
                row = conn.execute("SELECT failures, last_at, locked_until FROM signin_failures WHERE key = ?",
                                   (key,)).fetchone()
                failures, last_at, locked_until = self._live(row, now)
                if locked_until is not None:
                    return Verdict(False, locked_until - now, locked=True)
                wait = backoff(failures, max_failures=self._limit(key), base=self.backoff_seconds,
                               lock=self.lock_seconds)
                if now < last_at + wait and last_at + wait - now > worst.retry_after:
                    worst = Verdict(False, last_at + wait - now)
            return worst
        finally:
            conn.close()

    def failure(self, username: str, address: str | None) -> list[Lock]:
        """Count one failed sign-in; returns the locks it started (for the audit trail)."""
        now = self.clock()
        locks: list[Lock] = []
        with immediate_transaction(self.path) as conn:
            for key in self.keys(username, address):
                row = conn.execute("SELECT failures, last_at, locked_until FROM signin_failures WHERE key = ?",
                                   (key,)).fetchone()
                failures, _last, locked_until = self._live(row, now)
                if locked_until is not None:
                    continue  # already locked: does not count, does not extend
                failures += 1
                until = now + self.lock_seconds if failures >= self._limit(key) and self.lock_seconds > 0 else None
                conn.execute("INSERT OR REPLACE INTO signin_failures VALUES (?, ?, ?, ?)", (key, failures, now, until))
                if until is not None:
                    locks.append(Lock(key, failures, until))
        return locks

    def success(self, username: str) -> None:
        """A correct password: forget the user name's failures."""
        conn = connect(self.path)
        try:
            conn.execute("DELETE FROM signin_failures WHERE key = ?", (self.keys(username, None)[0],))
        finally:
            conn.close()
