"""Server-side, revocable sign-in sessions in a small SQLite file shared by all worker processes.

The browser's (Flask-signed) cookie carries only a random session id; this store knows whose it
is, when it was created and last used, and a fingerprint of the user's password hash at sign-in.
Ending a session is deleting its row, so a copied cookie stops working at once: on sign-out
(every session of that user), when the password hash in the users file changes, when the user
leaves the users file, after ``idle`` seconds without use and ``max_age`` seconds in all.

Only a SHA-256 of each session id is stored: reading the file gives no usable cookie.
"""

from __future__ import annotations

import hashlib
import os
import secrets
import sqlite3
import stat
import time
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path

DB_NAME = "auth.sqlite3"

# last_seen is written at most this often per session (seconds): one write per request
# would serialise every worker on the database lock for no gain in precision.
SEEN_WRITE_INTERVAL = 15.0


def private_db(directory: Path, name: str = DB_NAME) -> Path:
    """The path of a SQLite file created 0600 in a 0700 directory (tightened when ours and looser)."""
    directory = Path(directory)
    directory.mkdir(mode=0o700, parents=True, exist_ok=True)
    st = directory.stat()
    if st.st_uid == os.getuid() and stat.S_IMODE(st.st_mode) & 0o077:
        directory.chmod(0o700)
    path = directory / name
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)  # before sqlite3 creates it with the umask
    os.close(fd)
    if stat.S_IMODE(path.stat().st_mode) & 0o077:
        path.chmod(0o600)
    return path


def connect(path: Path) -> sqlite3.Connection:
    """A connection in autocommit mode (explicit BEGIN IMMEDIATE where read-modify-write)."""
    conn = sqlite3.connect(path, timeout=10.0, isolation_level=None)
    conn.execute("PRAGMA busy_timeout = 10000")
    return conn


@contextmanager
def immediate_transaction(path: Path) -> Iterator[sqlite3.Connection]:
    """One read-modify-write as a ``BEGIN IMMEDIATE`` transaction (workers queue on the file's
    write lock): committed when the block ends, rolled back when it raises."""
    conn = connect(path)
    try:
        conn.execute("BEGIN IMMEDIATE")
        yield conn
        conn.execute("COMMIT")
    except BaseException:
        if conn.in_transaction:
            conn.execute("ROLLBACK")
        raise
    finally:
        conn.close()


def create_tables(path: Path, *statements: str) -> None:
    """Create a state file's tables (write-ahead log, so several workers share it)."""
    conn = connect(path)
    try:
        conn.execute("PRAGMA journal_mode = WAL")
        for statement in statements:
            conn.execute(statement)
    finally:
        conn.close()


def password_fingerprint(password_hash: str | None) -> str:
    """A short digest of a user's password hash: changes exactly when the password does."""
    return hashlib.sha256((password_hash or "").encode()).hexdigest()[:32]


def _key(session_id: str) -> str:
    return hashlib.sha256(session_id.encode()).hexdigest()


@dataclass(frozen=True)
class Session:
    username: str
    created: float
    seen: float
    fingerprint: str


class SessionStore:
    """Sessions of one app (all its worker processes share the file)."""

    def __init__(self, path: Path, *, idle: float, max_age: float,
                 clock: Callable[[], float] = time.time) -> None:
        self.path = Path(path)
        self.idle = idle
        self.max_age = max_age
        self.clock = clock
        create_tables(self.path,
                      "CREATE TABLE IF NOT EXISTS sessions (key TEXT PRIMARY KEY, username TEXT NOT NULL,"
                      " created REAL NOT NULL, seen REAL NOT NULL, fingerprint TEXT NOT NULL)",
                      "CREATE INDEX IF NOT EXISTS sessions_user ON sessions (username)")

    def _conn(self) -> sqlite3.Connection:
        return connect(self.path)

    def create(self, username: str, fingerprint: str) -> str:
        """A new session for ``username``; returns the id the cookie carries."""
        sid = secrets.token_urlsafe(32)
        now = self.clock()
        conn = self._conn()
        try:
            conn.execute("DELETE FROM sessions WHERE seen < ? OR created < ?",
                         (now - self.idle, now - self.max_age))  # expired ones, anybody's
            conn.execute("INSERT INTO sessions VALUES (?, ?, ?, ?, ?)", (_key(sid), username, now, now, fingerprint))
        finally:
            conn.close()
        return sid

    def get(self, session_id: str | None) -> Session | None:
        """The live session with this id (its last use updated), or None (expired ones are deleted)."""
        if not session_id or not isinstance(session_id, str) or len(session_id) > 200:
            return None
        key = _key(session_id)
        now = self.clock()
        conn = self._conn()
        try:
            row = conn.execute("SELECT username, created, seen, fingerprint FROM sessions WHERE key = ?",
                               (key,)).fetchone()
            if row is None:
                return None
            sess = Session(*row)
            if now - sess.created > self.max_age or now - sess.seen > self.idle:
                conn.execute("DELETE FROM sessions WHERE key = ?", (key,))
                return None
            if now - sess.seen >= SEEN_WRITE_INTERVAL:
                conn.execute("UPDATE sessions SET seen = ? WHERE key = ?", (now, key))
            return sess
        finally:
            conn.close()

    def end(self, session_id: str | None) -> None:
        if session_id:
            conn = self._conn()
            try:
                conn.execute("DELETE FROM sessions WHERE key = ?", (_key(str(session_id)),))
            finally:
                conn.close()

    def end_user(self, username: str) -> int:
        """End every session of one user; returns how many there were."""
        conn = self._conn()
        try:
            return conn.execute("DELETE FROM sessions WHERE username = ?", (username,)).rowcount
        finally:
            conn.close()

    def prune(self, fingerprints: Mapping[str, str]) -> int:
        """End the sessions of users no longer in ``fingerprints`` (username → password
        fingerprint) or whose password changed since they signed in; returns how many."""
        with immediate_transaction(self.path) as conn:
            rows = conn.execute("SELECT key, username, fingerprint FROM sessions").fetchall()
            gone = [(k,) for k, user, fp in rows if fingerprints.get(user) != fp]
            conn.executemany("DELETE FROM sessions WHERE key = ?", gone)
        return len(gone)

    def count(self, username: str | None = None) -> int:
        conn = self._conn()
        try:
            if username is None:
                return conn.execute("SELECT count(*) FROM sessions").fetchone()[0]
            return conn.execute("SELECT count(*) FROM sessions WHERE username = ?", (username,)).fetchone()[0]
        finally:
            conn.close()
