"""Settings from the environment (COACHBOARD_*), read once per process."""

import secrets
from functools import lru_cache
from pathlib import Path

from pydantic import Field
from pydantic_settings import BaseSettings, SettingsConfigDict
from sqlalchemy.engine import make_url

DEFAULT_DATABASE_URL = "sqlite:///./coachboard.db"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="COACHBOARD_", extra="ignore")

    database_url: str = DEFAULT_DATABASE_URL
    secret_key: str | None = Field(default=None, repr=False)
    access_token_minutes: int = 60
    # Password attempts (web sign-in, API token) allowed per window before 429: per account from
    # one address, per address, and per account from all addresses together, past which only an
    # address that has not tried this account in the window may (accounts/throttle.py).
    throttle_window_seconds: int = Field(default=15 * 60, gt=0)
    throttle_attempts_per_account_and_address: int = Field(default=5, gt=0)
    throttle_attempts_per_address: int = Field(default=20, gt=0)
    throttle_attempts_per_account: int = Field(default=50, gt=0)

    def resolved_secret_key(self) -> str:
        """The configured secret, or one generated once and kept beside the database file."""
        if self.secret_key:
            return self.secret_key
        key_file = secret_key_file(self.database_url)
        if key_file.exists():
            return key_file.read_text().strip()
        key_file.parent.mkdir(parents=True, exist_ok=True)
        key = secrets.token_urlsafe(48)
        key_file.write_text(key)
        key_file.chmod(0o600)
        return key


def secret_key_file(database_url: str) -> Path:
    """Where the generated secret lives: next to a SQLite file, else in the working directory."""
    url = make_url(database_url)
    if url.get_backend_name() == "sqlite" and url.database and url.database != ":memory:":
        database = Path(url.database)
        return database.with_name(database.name + ".secret")
    return Path("coachboard.secret")


@lru_cache
def get_settings() -> Settings:
    return Settings()
