"""The router every page module starts from: HTML answers, kept out of the API's OpenAPI."""

from fastapi import APIRouter
from fastapi.responses import HTMLResponse


def page_router(**options) -> APIRouter:
    """A router for pages; web.app.install_web includes it behind the CSRF check, so no form can forget it."""
    return APIRouter(include_in_schema=False, default_response_class=HTMLResponse, **options)
