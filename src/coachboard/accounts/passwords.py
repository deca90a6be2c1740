"""The password rule, in one place: account creation, change, reset and the operator's
set-password all call check().

At least 12 characters; not one of 20,000 common passwords (common_passwords.txt.gz, see
common_passwords.LICENSE), compared without regard to case, nor one with only digits or
punctuation added at its end ("Password2024!"); and not the account's own email or name, with
or without digits, spaces or punctuation added (is_personal).
"""

import gzip
import re
import unicodedata
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
    if is_personal(password, email=email, name=name):
        return (
            "Don't use your email or your name as your password, "
            "not even with digits or punctuation added."
        )
    return None


# A word: a run of letters, in any script.
WORD = re.compile(r"[^\W\d_]+")


def is_personal(password: str, *, email: str, name: str) -> bool:
    """Whether the password is nothing but the account's name and email dressed up with digits,
    spaces or punctuation: its letters alone (every other character dropped, case and accents
    ignored) are words of the name and the email (runs of letters: for "Casey Coach"
    <casey@example.com>, casey, coach, example and com) in any order, each any number of
    times. So "Casey Coach!", "caseycoach2024", "CASEY COACH 1!", "casey@example.com1",
    "Casey1234!" and "Coach-Casey-2024" are refused, while a password with other words
    besides the name ("casey plants tall tomatoes") is not."""
    letters = "".join(WORD.findall(plain(password)))
    words = set(WORD.findall(plain(f"{name} {email}")))
    return bool(letters) and is_made_of(letters, words)


def plain(text: str) -> str:
    """The text without case or accents: "Zoë Müller" reads as "zoe muller"."""
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def is_made_of(text: str, words: set[str]) -> bool:
    """Whether the text is a run of the words, each any number of times."""
    # made[i]: text[:i] is such a run.
    made = [True] + [False] * len(text)
    for end in range(1, len(text) + 1):
        made[end] = any(
            len(word) <= end and made[end - len(word)] and text.endswith(word, 0, end)
            for word in words
        )
    return made[-1]


def check(password: str, *, email: str, name: str, field: str = "password") -> None:
    """Refuse a password that breaks the rule: 422 naming the field it was typed in."""
    message = problem(password, email=email, name=name)
    if message is not None:
        raise InvalidInput.field(field, message, kind="password_rule")
