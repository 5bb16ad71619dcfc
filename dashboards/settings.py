"""Settings of the app (environment variables, prefix ``KINSCOPE_``).

| variable | default | meaning |
|---|---|---|
| ``KINSCOPE_APP_ENV`` | ``production`` | ``production`` refuses to start without ``KINSCOPE_SECRET_KEY``; ``dev`` generates one into ``<home>/app/secret_key`` |
| ``KINSCOPE_SECRET_KEY`` | — | signs session cookies |
| ``KINSCOPE_USERS_FILE`` | ``<home>/app/users.toml`` | users, teams, roles (password hashes) |
| ``KINSCOPE_AUTH_MODE`` | ``password`` | or ``header`` (trusted SSO header from the council's proxy) |
| ``KINSCOPE_AUTH_HEADER`` | ``X-Remote-User`` | header carrying the user id in header mode |
| ``KINSCOPE_AUTH_TEAMS_HEADER`` / ``KINSCOPE_AUTH_ROLES_HEADER`` | — | optional ``;``-separated teams / roles headers |
| ``KINSCOPE_AUTH_TRUSTED_PROXIES`` | ``127.0.0.1,::1`` | addresses allowed to send the header; header mode refuses to start when empty |
| ``KINSCOPE_AUTH_DEFAULT_ROLES`` | — (none) | ``;``-separated roles of an SSO user the users file does not know (never ``admin``) |
| ``KINSCOPE_AUTH_CLIENT_ADDRESS_HEADER`` | — | e.g. ``X-Forwarded-For``: its last entry is the client address (for sign-in throttling) when the connection comes from a trusted proxy |
| ``KINSCOPE_AUTH_HEADER_MAY_GRANT_ADMIN`` | ``false`` | whether the roles header may grant ``admin`` (otherwise only the users file can) |
| ``KINSCOPE_SESSION_IDLE_MINUTES`` | ``30`` | sign out after this long without use (checked server-side) |
| ``KINSCOPE_SESSION_MAX_HOURS`` | ``10`` | sign out after this long in all (checked server-side) |
| ``KINSCOPE_SECURE_COOKIES`` | production: ``true`` | cookies only over HTTPS; the cookie is then ``__Host-kinscope_session`` |
| ``KINSCOPE_SIGNIN_MAX_FAILURES`` | ``5`` | failed sign-ins for one user name before it is locked |
| ``KINSCOPE_SIGNIN_MAX_FAILURES_PER_ADDRESS`` | ``30`` | failed sign-ins from one client address before it is locked (offices share addresses) |
| ``KINSCOPE_SIGNIN_LOCK_MINUTES`` | ``15`` | how long a lock lasts; failures are forgotten after this long without one |
| ``KINSCOPE_SIGNIN_BACKOFF_SECONDS`` | ``1`` | first back-off delay (doubling) once half the allowed failures are used |
| ``KINSCOPE_SIGNIN_CONCURRENT_HASHES`` | ``4`` | password checks at once per process; more get 503 "try again" |
| ``KINSCOPE_APP_STATE_DIR`` | ``<home>/app`` | folder (0700) of ``auth.sqlite3`` (0600): sessions and sign-in throttle, shared by workers |
| ``KINSCOPE_APP_HOST`` / ``KINSCOPE_APP_PORT`` | ``127.0.0.1`` / ``8050`` | where ``main()`` serves |
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict

from kinscope.settings import Settings


class AppSettings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="KINSCOPE_", extra="ignore")

    app_env: str = Field("production", pattern="^(production|dev)$")
    secret_key: str | None = None
    users_file: Path | None = None
    auth_mode: str = Field("password", pattern="^(password|header)$")
    auth_header: str = "X-Remote-User"
    auth_teams_header: str | None = None
    auth_roles_header: str | None = None
    auth_trusted_proxies: str = "127.0.0.1,::1"
    auth_default_roles: str = ""
    auth_header_may_grant_admin: bool = False
    auth_client_address_header: str | None = None
    session_idle_minutes: float = Field(30.0, gt=0)
    session_max_hours: float = Field(10.0, gt=0)
    secure_cookies: bool | None = None
    signin_max_failures: int = Field(5, ge=1)
    signin_max_failures_per_address: int = Field(30, ge=1)
    signin_lock_minutes: float = Field(15.0, ge=0)
    signin_backoff_seconds: float = Field(1.0, ge=0)
    signin_concurrent_hashes: int = Field(4, ge=1)
    app_state_dir: Path | None = None
    app_host: str = "127.0.0.1"
    app_port: int = 8050

    @property
    def dev(self) -> bool:
        return self.app_env == "dev"

    @property
    def trusted_proxies(self) -> list[str]:
        return [p.strip() for p in (self.auth_trusted_proxies or "").split(",") if p.strip()]

    @property
    def default_roles(self) -> frozenset[str]:
        return frozenset(r.strip() for r in (self.auth_default_roles or "").replace(",", ";").split(";")
                         if r.strip())

    def check_auth(self) -> None:
        """Refuse a sign-in configuration that would let anyone in (called when the app is built)."""
        if self.auth_mode == "header" and not self.trusted_proxies:
            raise RuntimeError(
                "KINSCOPE_AUTH_MODE=header needs KINSCOPE_AUTH_TRUSTED_PROXIES: the addresses of the "
                "council's authenticating proxy (comma-separated). Without them anyone could send "
                f"{self.auth_header} and be signed in as anybody."
            )
        if "admin" in self.default_roles:
            raise RuntimeError(
                "KINSCOPE_AUTH_DEFAULT_ROLES may not include 'admin': name administrators in the users "
                "file (kinscope users add --roles practitioner;admin)."
            )

    def resolve(self, core: Settings) -> AppSettings:
        """Fill defaults that depend on the state directory; refuse an unsafe production start."""
        app_dir = core.home / "app"
        if self.users_file is None:
            self.users_file = app_dir / "users.toml"
        if self.app_state_dir is None:
            self.app_state_dir = app_dir
        if self.secure_cookies is None:
            self.secure_cookies = not self.dev
        if not self.secret_key:
            if not self.dev:
                raise RuntimeError(
                    "KINSCOPE_SECRET_KEY is not set. In production the app needs a secret key "
                    "(e.g. `python -c 'import secrets; print(secrets.token_hex(32))'`); "
                    "set KINSCOPE_APP_ENV=dev to generate one for development."
                )
            key_file = app_dir / "secret_key"
            if not key_file.exists():
                app_dir.mkdir(parents=True, exist_ok=True)
                fd = os.open(key_file, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
                with os.fdopen(fd, "w") as fh:
                    fh.write(secrets.token_hex(32))
            self.secret_key = key_file.read_text().strip()
        return self
