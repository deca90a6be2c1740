"""Errors on pages become pages; on the JSON API they stay JSON, answered by main.py's handlers."""

import inspect
from collections.abc import Callable
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from starlette.exceptions import HTTPException
from starlette.responses import Response

from coachboard.core.errors import Conflict, InvalidInput, NotFound
from coachboard.web.templating import render

API_PREFIX = "/api/"

TITLES = {
    400: ("That address isn't quite right", "Check the link, or go back and try again."),
    403: ("Not allowed", "You can't do that here."),
    404: (
        "Not found",
        "There is nothing here, or it isn't yours to see. It may have been deleted.",
    ),
    405: ("Not allowed", "That page can't be used this way."),
    409: ("That clashes with something", "Go back, reload the page and try again."),
    410: ("This link no longer works", "It has been used already, or it has expired."),
    413: ("That was too much to send", "Go back and shorten what you entered."),
    422: ("That couldn't be saved", "Go back and check what you entered."),
}


def is_api_path(path: str) -> bool:
    return path.startswith(API_PREFIX) or path in {"/healthz", "/readyz", "/api"}


def error_page(request: Request, status_code: int, detail: str | None = None) -> Response:
    title, message = TITLES.get(status_code, ("Something went wrong", "Please try again."))
    return render(
        request,
        "errors/error.html",
        {"status_code": status_code, "title": title, "message": detail or message},
        status_code=status_code,
    )


def install_page_error_handlers(app: FastAPI) -> None:
    """Give each error an HTML page off the API, keeping the JSON answer under /api/."""
    api_handlers: dict[Any, Callable[..., Any]] = {
        NotFound: app.exception_handlers[NotFound],
        InvalidInput: app.exception_handlers[InvalidInput],
        Conflict: app.exception_handlers[Conflict],
        HTTPException: app.exception_handlers[HTTPException],
        RequestValidationError: app.exception_handlers[RequestValidationError],
    }
    page_status = {NotFound: 404, InvalidInput: 422, Conflict: 409, RequestValidationError: 400}

    def either(error_class: type[Exception]) -> Callable[..., Any]:
        async def handle(request: Request, error: Exception) -> Response:
            if is_api_path(request.url.path):
                response = api_handlers[error_class](request, error)
                return await response if inspect.isawaitable(response) else response
            if isinstance(error, HTTPException):
                return error_page(request, error.status_code)
            return error_page(request, page_status[error_class])

        return handle

    for error_class in api_handlers:
        app.add_exception_handler(error_class, either(error_class))
