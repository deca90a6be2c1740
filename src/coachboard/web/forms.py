"""Page forms: validate the posted fields with the API's own schema, keep what was typed, and
put each problem beside the field it concerns."""

from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Annotated, Any, TypeVar

from fastapi import Depends, Request
from pydantic import BaseModel, ValidationError
from pydantic_core import ErrorDetails
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from coachboard.core.database import refusable
from coachboard.core.errors import Conflict, InvalidInput
from coachboard.core.schemas import ONE_LINE

ModelT = TypeVar("ModelT", bound=BaseModel)
ResultT = TypeVar("ResultT")
WHOLE_FORM = "__form__"  # a problem of the form as a whole, shown above its fields


async def read_form(request: Request) -> FormData:
    return await request.form()


FormDep = Annotated[FormData, Depends(read_form)]


@dataclass
class Form:
    """What a form shows: its values (as typed, or as stored) and a message per field in error."""

    values: dict[str, Any] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not self.errors

    @property
    def first_error(self) -> str | None:
        """The field the browser focuses first, so a keyboard user lands on what needs fixing."""
        return next((name for name in self.errors if name != WHOLE_FORM), None)

    def attempt(self, session: Session, action: Callable[[], ResultT]) -> ResultT | None:
        """Run a service call in a savepoint; a rule it refuses leaves nothing written and
        becomes a message on the field it names."""
        try:
            with refusable(session):
                return action()
        except InvalidInput as error:
            for problem in error.problems:
                self.errors.setdefault(problem.field.split(".")[0], problem.message)
        except Conflict as error:
            self.errors[WHOLE_FORM] = str(error).capitalize() + "."
        return None


def validate(
    model: type[ModelT],
    posted: FormData,
    *,
    fields: Iterable[str],
    lists: Iterable[str] = (),
    checkboxes: Iterable[str] = (),
) -> tuple[ModelT | None, Form]:
    """The posted fields as model (or None) and the form to show again when it failed.

    A blank optional field is left out, so the schema's default (usually "none") applies. A
    checkbox is true when ticked ("on") and false when not (an unticked box is not posted).
    """
    form = Form(values={name: posted.get(name, "") for name in fields})
    form.values.update({name: posted.getlist(name) for name in lists})
    form.values.update({name: posted.get(name) == "on" for name in checkboxes})
    data = {
        name: value
        for name, value in form.values.items()
        if value != "" or model.model_fields[name].is_required()
    }
    try:
        return model.model_validate(data), form
    except ValidationError as error:
        for problem in error.errors():
            name = str(problem["loc"][0]) if problem["loc"] else WHOLE_FORM
            form.errors.setdefault(name, readable(problem))
        return None, form


def readable(problem: ErrorDetails) -> str:
    """Pydantic's message, in words a coach reads."""
    kind, context = problem["type"], problem.get("ctx") or {}
    if kind == "missing" or (kind == "string_too_short" and context.get("min_length") == 1):
        return "This field is required."
    if kind == "string_too_short":
        return f"Use at least {context['min_length']} characters."
    if kind == "string_too_long":
        return f"Use at most {context['max_length']} characters."
    if kind.startswith("date") and kind != "date_out_of_range":
        return "Enter a date as YYYY-MM-DD."
    if kind == "string_pattern_mismatch" and context.get("pattern") == ONE_LINE:
        return "Text should be one line, without control characters."
    if kind == "enum":
        return "Choose one of the options."
    message = problem["msg"].removeprefix("Value error, ")
    if "email address" in message:
        return "Enter an email address like name@example.com."
    return message[:1].upper() + message[1:] + ("" if message.endswith(".") else ".")
