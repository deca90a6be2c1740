"""Settings from the environment (COACHBOARD_*), read once per process."""

import ipaddress
import os
import secrets
from functools import lru_cache
from pathlib import Path
from urllib.parse import urlsplit

from pydantic import Field, field_validator
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url

from coachboard.core.files import publish_private, sqlite_file

DEFAULT_DATABASE_URL = "sqlite:///./coachboard.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="COACHBOARD_", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    secret_key: str | None = Field(default=None, repr=False)
    access_token_minutes: int = 60
    # Larger request bodies are refused with 413 before they are parsed: the largest thing the
    # app takes is a text field of 20,000 characters (at most 80 KB of UTF-8).
    max_body_bytes: int = Field(default=1024 * 1024, ge=0)
    # Proxies whose X-Forwarded-For/-Proto are believed: comma-separated addresses or networks,
    # or "*". Empty (the default): the headers are ignored, whoever sends them.
    forwarded_allow_ips: str = ""

    @field_validator("forwarded_allow_ips")
    @classmethod
    def _addresses_or_networks(cls, value: str) -> str:
        return ",".join(trusted_proxies(value))

    # A browser session ends after this many days without a request (idle), and this many
    # days after signing in whatever its use (absolute).
    session_idle_days: float = Field(default=14, gt=0)
    session_absolute_days: float = Field(default=90, gt=0)
    reset_link_minutes: int = Field(default=60, gt=0)
    # Password attempts (web sign-in, API token) allowed per window before 429: per account from
    # one address, per address, and per account from all addresses together, past which only an
    # address that has not tried this account in the window may (accounts/throttle.py).
    throttle_window_seconds: int = Field(default=15 * 60, gt=0)
    throttle_attempts_per_account_and_address: int = Field(default=5, gt=0)
    throttle_attempts_per_address: int = Field(default=20, gt=0)
    throttle_attempts_per_account: int = Field(default=50, gt=0)
    # Client imports a coach may start in a window (accounts.throttle.admit_import): a document
    # of up to 20 MiB takes seconds to read and write, so a burst of them is refused with 429.
    imports_per_window: int = Field(default=20, gt=0)
    import_window_seconds: int = Field(default=10 * 60, gt=0)
    # Email. smtp://user:pass@host:587 upgrades with STARTTLS, smtps://…:465 is TLS from the
    # first byte. None (the default): messages wait in the outbox (`coachboard mail list`).
    smtp_url: str | None = Field(default=None, repr=False)

    @field_validator("smtp_url")
    @classmethod
    def _smtp_or_smtps(cls, value: str | None) -> str | None:
        """Refused at start, where an operator sees it, rather than at every send."""
        parts = urlsplit(value) if value else None
        if parts is not None and (parts.scheme not in ("smtp", "smtps") or not parts.hostname):
            raise ValueError("must look like smtp://user:pass@host:587 or smtps://…:465")
        return value

    mail_from: str = "coachboard <coachboard@localhost>"
    # The address people reach the app at: links in emails point there.
    public_url: str = "http://127.0.0.1:8000"
    # The worker: how often it looks for due messages, and how long a claim lasts before a
    # message claimed by a worker that died may be claimed again.
    worker_poll_seconds: float = Field(default=30, gt=0)
    worker_claim_seconds: int = Field(default=300, gt=0)
    # Whether the web process runs the worker in a thread (`coachboard serve` turns it on
    # unless given --no-worker).
    run_worker: bool = False

    def resolved_secret_key(self) -> str:
        """The configured secret, or one generated once and kept beside the database file."""
        if self.secret_key:
            return self.secret_key
        key_file = secret_key_file(self.database_url)
        if key_file.exists():
            return key_file.read_text().strip()
        key_file.parent.mkdir(parents=True, exist_ok=True)
        return publish_private(key_file, secrets.token_urlsafe(48))


def trusted_proxies(value: str) -> list[str]:
    """The comma-separated proxies as a list, each "*", an IP address or a network.

    uvicorn takes anything else as a literal host name that no TCP peer ever matches, so a
    typo would quietly trust no one: refuse it instead.
    """
    proxies = [entry.strip() for entry in value.split(",") if entry.strip()]
    for proxy in proxies:
        if proxy != "*":
            try:
                ipaddress.ip_network(proxy, strict=False)
            except ValueError as error:
                raise ValueError(f"not an IP address or network: {proxy!r}") from error
    return proxies


def worker_count(value: str, database_url: str) -> int:
    """`serve --workers`: a whole number of 1 or more, or "auto". Auto is one worker per CPU
    this process may run on, on PostgreSQL; on SQLite it is 1, as one writer at a time holds
    the file, and more processes would only queue behind its lock (a number still runs that
    many)."""
    if value.strip().lower() == "auto":
        if make_url(database_url).get_backend_name() == "sqlite":
            return 1
        return len(os.sched_getaffinity(0))
    if not value.strip().isdigit() or int(value) < 1:
        raise ValueError(f"a whole number of 1 or more, or auto: {value!r}")
    return int(value)


def secret_key_file(database_url: str) -> Path:
    """Where the generated secret lives: next to a SQLite file, else in the working directory."""
    url = make_url(database_url)
    database = sqlite_file(url.database) if url.get_backend_name() == "sqlite" else None
    return database.with_name(database.name + ".secret") if database else Path("coachboard.secret")


@lru_cache
def get_settings() -> Settings:
    return Settings()
