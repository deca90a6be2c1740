"""Rendering a message from its templates: mail/templates/<kind>.txt and <kind>.html.

The text template's first line is "Subject: …"; the rest is the plain-text body. The HTML
template extends _layout.html. Both get the same context, plus `public_url` for links.
"""

from dataclasses import dataclass
from functools import cache
from pathlib import Path
from typing import Any

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from coachboard.core.settings import get_settings

TEMPLATES = Path(__file__).parent / "templates"


@dataclass(frozen=True)
class Rendered:
    subject: str
    text: str
    html: str


@cache
def _environment() -> Environment:
    return Environment(
        loader=FileSystemLoader(TEMPLATES),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,  # a missing value is a bug, not a blank in someone's email
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
    )


def link(path: str) -> str:
    """An absolute link into the app, at the address people reach it (COACHBOARD_PUBLIC_URL)."""
    return f"{get_settings().public_url.rstrip('/')}{path}"


def render(kind: str, context: dict[str, Any]) -> Rendered:
    environment = _environment()
    values = {**context, "link": link}
    first_line, _, text = environment.get_template(f"{kind}.txt").render(values).partition("\n")
    subject = first_line.removeprefix("Subject:").strip()
    html = environment.get_template(f"{kind}.html").render({**values, "subject": subject})
    return Rendered(subject=subject, text=text.lstrip("\n"), html=html)
