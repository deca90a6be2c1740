"""Validation problems as a 422 answer shows them: each names its field and echoes at most a
short, encodable excerpt of the value at fault, never the whole body."""

import json
import math
from collections.abc import Iterable, Mapping
from typing import Any

from fastapi.encoders import jsonable_encoder

EXCERPT_CHARACTERS = 100


def shown_problems(errors: Iterable[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The problems of a RequestValidationError, fit to send back."""
    return [shown_problem(error) for error in errors]


def shown_problem(error: Mapping[str, Any]) -> dict[str, Any]:
    # "url" points at pydantic's site, not ours; "input" is cut down below.
    shown = {key: value for key, value in error.items() if key not in {"input", "url"}}
    # A missing field's "input" is the whole object it is missing from: not worth echoing.
    if "input" in error and error.get("type") != "missing":
        shown["input"] = excerpt(error["input"])
    return encodable(jsonable_encoder(shown, custom_encoder={float: finite_or_text}))


def excerpt(value: Any) -> Any:
    """A number, boolean or null as it is; anything else as its first characters of text."""
    if value is None or isinstance(value, bool | float):
        return value
    if isinstance(value, int) and abs(value) < 10**EXCERPT_CHARACTERS:
        return value
    text = value if isinstance(value, str) else as_text(value)
    return text[:EXCERPT_CHARACTERS]


def as_text(value: Any) -> str:
    try:
        return json.dumps(value, ensure_ascii=False, default=str)
    except ValueError:  # an int too long for str()
        return type(value).__name__


def finite_or_text(number: float) -> float | str:
    """JSON has no NaN or Infinity: an answer naming one says it in words."""
    return number if math.isfinite(number) else str(number)


def encodable(value: Any) -> Any:
    """The value with every text made encodable as UTF-8 (a lone surrogate becomes "?")."""
    if isinstance(value, str):
        return value.encode("utf-8", "replace").decode("utf-8")
    if isinstance(value, dict):
        return {encodable(key): encodable(item) for key, item in value.items()}
    if isinstance(value, list):
        return [encodable(item) for item in value]
    return value
