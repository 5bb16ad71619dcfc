"""Settings of the app (environment variables, prefix ``KINSCOPE_``).

| variable | default | meaning |
|---|---|---|
| ``KINSCOPE_APP_ENV`` | ``production`` | ``production`` refuses to start without ``KINSCOPE_SECRET_KEY``; ``dev`` generates one into ``<home>/app/secret_key`` |
| ``KINSCOPE_SECRET_KEY`` | — | signs session cookies |
| ``KINSCOPE_USERS_FILE`` | ``<home>/app/users.toml`` | users, teams, roles (password hashes) |
| ``KINSCOPE_AUTH_MODE`` | ``password`` | or ``header`` (trusted SSO header from the council's proxy) |
| ``KINSCOPE_AUTH_HEADER`` | ``X-Remote-User`` | header carrying the user id in header mode |
| ``KINSCOPE_AUTH_TEAMS_HEADER`` / ``KINSCOPE_AUTH_ROLES_HEADER`` | — | optional ``;``-separated teams / roles headers |
| ``KINSCOPE_AUTH_TRUSTED_PROXIES`` | ``127.0.0.1,::1`` | addresses allowed to send the header (empty: any — only behind a proxy that strips it) |
| ``KINSCOPE_SESSION_IDLE_MINUTES`` | ``30`` | sign out after this long without use |
| ``KINSCOPE_SESSION_MAX_HOURS`` | ``10`` | sign out after this long in all |
| ``KINSCOPE_SECURE_COOKIES`` | production: ``true`` | cookies only over HTTPS |
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
    session_idle_minutes: float = 30.0
    session_max_hours: float = 10.0
    secure_cookies: bool | None = None
    app_host: str = "127.0.0.1"
    app_port: int = 8050
    search_candidates: int = 2000

    @property
    def dev(self) -> bool:
        return self.app_env == "dev"

    def resolve(self, core: Settings) -> "AppSettings":
        """Fill defaults that depend on the state directory; refuse an unsafe production start."""
        app_dir = core.home / "app"
        if self.users_file is None:
            self.users_file = app_dir / "users.toml"
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
