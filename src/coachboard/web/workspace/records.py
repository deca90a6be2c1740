"""What the workspace's record tabs (goals, outcomes, sprints, sessions, commitments) share.

Each tab's pages module lists its records and serves, for one record, a form page (new and
edit) and a delete confirmation page. These are whole pages, so everything works without
JavaScript; static/records.js loads the same pages into a <dialog> and sends their forms from
there, asking with the X-Dialog header to be told where to go next instead of redirected.
"""

import uuid
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, time
from enum import Enum, StrEnum
from typing import Any, TypeVar

from fastapi import Request
from fastapi.responses import HTMLResponse
from pydantic import BaseModel
from sqlalchemy.orm import Session
from starlette.datastructures import FormData
from starlette.responses import Response

from coachboard.web.auth import safe_next
from coachboard.web.forms import Form, validate
from coachboard.web.templating import flash, redirect
from coachboard.web.workspace.shell import Workspace, render_tab

ResultT = TypeVar("ResultT")

DIALOG_HEADER = "x-dialog"  # sent by records.js with a request made from a dialog
REDIRECT_HEADER = "X-Redirect"  # where records.js should go after a save or delete
NEXT_FIELD = "next"  # a page of the workspace to return to after the form


@dataclass(frozen=True)
class RecordForm:
    """One record's form: its fields, read and checked with the API's create schema.

    An edit shows every field too, so it is validated whole the same way (a blank title is an
    error, not "keep"), then turned into the update schema, where a blank date clears it.
    """

    model: type[BaseModel]  # the create schema
    update_model: type[BaseModel]
    labels: Mapping[str, str]  # every field, in form order → its label (the error summary's)
    lists: tuple[str, ...] = ()  # fields posted as several values (checkbox groups)
    # Fields naming other records: a tampered or stale id gets this message beside the field.
    choice_errors: Mapping[str, str] = field(default_factory=dict)
    # A rule the service enforces (say, date order), in words a coach reads, by field.
    rule_errors: Mapping[str, str] = field(default_factory=dict)

    @property
    def fields(self) -> tuple[str, ...]:
        return tuple(name for name in self.labels if name not in self.lists)

    def blank(self, **values: Any) -> Form:
        """A new record's form: the schema's defaults, and values preset (a list as ids)."""
        schema = self.model.model_fields
        defaults = {
            name: None
            if schema[name].is_required()
            else schema[name].get_default(call_default_factory=True)
            for name in self.labels
        }
        return Form(values=shown({**defaults, **values}))

    def filled(self, record: Any, **lists: Iterable[uuid.UUID]) -> Form:
        """The form showing a stored record; lists are the ids each list field has checked."""
        form = Form(values=shown({name: getattr(record, name) for name in self.fields}))
        form.values.update({name: [str(i) for i in ids] for name, ids in lists.items()})
        return form

    def read(self, posted: FormData) -> tuple[Any, Form]:
        """The posted fields as the schema (None when invalid) and the form to show again."""
        fields, form = validate(self.model, posted, fields=self.fields, lists=self.lists)
        for name in self.fields:
            # A blank required field is missing, whatever its type would make of "".
            blank = not str(form.values.get(name, "")).strip()
            if name in form.errors and blank and self.model.model_fields[name].is_required():
                form.errors[name] = "This field is required."
        self._name_choices(form)
        return fields, form

    def save(
        self,
        session: Session,
        posted: FormData,
        action: Callable[[Any], ResultT],
        *,
        edit: bool = False,
    ) -> tuple[ResultT | None, Form]:
        """Read the posted form and, when valid, call action(fields) (the update schema's for
        an edit); what the service refuses becomes a message beside its field.

        Returns the service's result (None when nothing was saved) and the form to show again.
        """
        fields, form = self.read(posted)
        if fields is None:
            return None, form
        if edit:
            fields = self.update_model(**fields.model_dump())
        result = form.attempt(session, lambda: action(fields))
        self._reword(form, self.rule_errors)
        self._name_choices(form)
        return result, form

    def _name_choices(self, form: Form) -> None:
        # The schema's or the service's words name raw ids; a coach needs to know what to do.
        self._reword(form, self.choice_errors)

    @staticmethod
    def _reword(form: Form, messages: Mapping[str, str]) -> None:
        for name, message in messages.items():
            if name in form.errors:
                form.errors[name] = message


def shown(values: Mapping[str, Any]) -> dict[str, Any]:
    """Values as a form shows them: text, with no value as an empty field."""
    return {name: as_text(value) for name, value in values.items()}


def as_text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, Enum):
        return str(value.value)
    if isinstance(value, date | uuid.UUID):
        return str(value)
    if isinstance(value, time):
        return value.strftime("%H:%M")  # what <input type="time"> shows and sends back
    if isinstance(value, list | tuple):
        return [str(item) for item in value]
    return value


def options(statuses: type[StrEnum]) -> list[tuple[str, str]]:
    """A status select's options: value and the words a coach reads (not_started → Not started)."""
    return [(status.value, status.value.replace("_", " ").capitalize()) for status in statuses]


def back_url(workspace: Workspace, wanted: str | None, default: str) -> str:
    """Where a form returns to: the page it was opened from, when that is one of this client's."""
    prefix = f"/clients/{workspace.client.id}"
    wanted = safe_next(wanted) if wanted else ""
    return wanted if wanted == prefix or wanted.startswith(prefix + "/") else default


def done(request: Request, url: str, message: str) -> Response:
    """After a save or a delete: go to url and say what happened there."""
    flash(request, message, "success")
    return go_to(request, url)


def go_to(request: Request, url: str) -> Response:
    """Go to url: a redirect, or for a form sent from a dialog, where records.js should go."""
    if request.headers.get(DIALOG_HEADER):
        return Response(status_code=204, headers={REDIRECT_HEADER: url})
    return redirect(url)


def form_page(
    request: Request,
    workspace: Workspace,
    tab: str,
    template: str,
    spec: RecordForm,
    form: Form,
    *,
    heading: str,
    action: str,
    back: str,
    submit: str,
    status_code: int = 200,
    **context: Any,
) -> HTMLResponse:
    """A record's form inside the workspace; records.js shows its [data-dialog-content] part."""
    page = {
        "form": form,
        "labels": spec.labels,
        "heading": heading,
        "action": action,
        "back": back,
        "submit_label": submit,
        "crumb": heading,
        **context,
    }
    return render_tab(request, workspace, tab, template, page, status_code=status_code)


def confirm_delete_page(
    request: Request,
    workspace: Workspace,
    tab: str,
    *,
    heading: str,
    removes: Iterable[str],
    stays: Iterable[str] = (),
    action: str,
    back: str,
    confirm_label: str,
) -> HTMLResponse:
    """What a delete will remove and what it leaves, before a POST to action does it."""
    page = {
        "heading": heading,
        "removes": list(removes),
        "stays": list(stays),
        "confirm_label": confirm_label,
        "action": action,
        "back": back,
        "crumb": heading,
    }
    return render_tab(request, workspace, tab, "records/delete.html", page)


def after_delete(workspace: Workspace, wanted: str | None, default: str, gone: uuid.UUID) -> str:
    """Where to go after a delete: back where it started, unless that was the deleted record's
    own page."""
    url = back_url(workspace, wanted, default)
    return default if str(gone) in url else url


def plural(count: int, one: str, many: str | None = None) -> str:
    """'1 link', '3 links'."""
    word = one if count == 1 else many or one + "s"
    return f"{count} {word}"


def joined(words: Iterable[str]) -> str:
    """'a, b and c'."""
    words = list(words)
    return " and ".join([", ".join(words[:-1]), words[-1]]) if len(words) > 1 else "".join(words)


def quoted(titles: Iterable[str]) -> str:
    """“A”, “B” and “C”."""
    return joined(f"“{title}”" for title in titles)


NAMED = 10  # records a delete confirmation names; the rest are counted


def quoted_first(records: Any) -> str:
    """A bounded list's titles (hierarchy.record_lists.LinkedRecords): “A”, “B” and 3 more."""
    titles = [f"“{record.title}”" for record in records.first]
    if records.more:
        titles.append(f"{records.more} more")
    return joined(titles)


def parse_id(text: str) -> uuid.UUID | None:
    """A filter's id from the query string; anything else (blank, garbled) is no filter."""
    try:
        return uuid.UUID(text) if text else None
    except ValueError:
        return None


def titled(records: Iterable[Any]) -> dict[uuid.UUID, Any]:
    """Records by id, for a list that names what each of its rows links to."""
    return {record.id: record for record in records}
