"""The password rule, in one place: account creation, change, reset and the operator's
set-password all call check().

At least 12 characters; not one of 20,000 common passwords (common_passwords.txt.gz, see
common_passwords.LICENSE), compared without regard to case, nor one with only digits or
punctuation added at its end ("Password2024!"); and not the account's own email or name.
"""

import gzip
from functools import cache
from pathlib import Path

from coachboard.core.errors import InvalidInput

MIN_LENGTH = 12
MAX_LENGTH = 200
COMMON_PASSWORDS_FILE = Path(__file__).with_name("common_passwords.txt.gz")
# What people tack on to a common word to get past a rule: "monkey123456", "summer!!!!!!".
SUFFIX_CHARACTERS = "0123456789!@#$%^&*()-_=+.,?~ "


@cache
def common_passwords() -> frozenset[str]:
    """The shipped list, lower-cased; read once per process (about 20,000 short strings)."""
    return frozenset(gzip.decompress(COMMON_PASSWORDS_FILE.read_bytes()).decode().split("\n"))


def problem(password: str, *, email: str, name: str) -> str | None:
    """Why the password may not be used, in words a coach reads; None when it may."""
    if len(password) < MIN_LENGTH:
        return f"Use at least {MIN_LENGTH} characters."
    if len(password) > MAX_LENGTH:
        return f"Use at most {MAX_LENGTH} characters."
    folded = password.strip().lower()
    stem = folded.rstrip(SUFFIX_CHARACTERS)
    if folded in common_passwords() or (stem and stem in common_passwords()):
        return "This password is too common: choose one that is harder to guess."
    email = email.strip().lower()
    if folded in {email, email.split("@")[0], name.strip().lower()}:
        return "Don't use your email or your name as your password."
    return None


def check(password: str, *, email: str, name: str, field: str = "password") -> None:
    """Refuse a password that breaks the rule: 422 naming the field it was typed in."""
    message = problem(password, email=email, name=name)
    if message is not None:
        raise InvalidInput.field(field, message, kind="password_rule")
