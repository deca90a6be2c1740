"""The new, edit and delete pages every record tab has, written once.

A concept's pages module subclasses RecordPages: it says how to reach its service (get, create,
update, delete), what its form shows besides the fields (the choices of a select or a checkbox
group) and what a delete takes with it, then registers these routes on its router:

    GET      /clients/{client_id}/<tab>/{record_id}        the read page (when it has one)
    GET/POST /clients/{client_id}/<tab>/new
    GET/POST /clients/{client_id}/<tab>/{record_id}/edit
    GET/POST /clients/{client_id}/<tab>/{record_id}/delete

Each GET may carry ?next=<a page of this client> to return to (the form keeps it in a hidden
field). A record of another client, or another coach's, is not found, as on the API.
"""

import uuid
from collections.abc import Callable
from types import ModuleType
from typing import Any, ClassVar, Generic, TypeVar

from fastapi import APIRouter, Request
from fastapi.responses import Response
from sqlalchemy.orm import Session
from starlette.datastructures import FormData

from coachboard.core.dependencies import DbSession
from coachboard.history import service as history
from coachboard.web.forms import Form, FormDep
from coachboard.web.workspace.records import (
    NEXT_FIELD,
    RecordForm,
    after_delete,
    back_url,
    confirm_delete_page,
    done,
    form_page,
)
from coachboard.web.workspace.shell import Workspace, WorkspaceDep, find_tab, render_tab

RecordT = TypeVar("RecordT")


class RecordPages(Generic[RecordT]):
    """The form and delete pages of one kind of record, in its workspace tab."""

    tab: ClassVar[str]  # the workspace tab's slug, also the URLs' segment: "targets"
    noun: ClassVar[str]  # what a coach calls one: "outcome"
    form: ClassVar[RecordForm]
    template: ClassVar[str]  # the form page, extending records/form.html
    # The concept's service, with the contract every concept's has: get (with an optional
    # client_id), create, update, delete, each naming the record by its id keyword.
    service: ClassVar[ModuleType]
    id_keyword: ClassVar[str]  # "goal_id"
    # The read page (extending records/read.html), and its read model: a staticmethod of a
    # hierarchy.record_views function, called with coach, client_id and the id keyword.
    read_template: ClassVar[str | None] = None
    read_view: ClassVar[Callable[..., Any] | None] = None

    # The service, reached for this client's records.

    def get(self, session: Session, workspace: Workspace, record_id: uuid.UUID) -> RecordT:
        """The record, when it is one of this client's; else NotFound."""
        return self.service.get(
            session,
            coach=workspace.coach,
            client_id=workspace.client.id,
            **{self.id_keyword: record_id},
        )

    def create(self, session: Session, workspace: Workspace, fields: Any) -> RecordT:
        return self.service.create(
            session, coach=workspace.coach, client_id=workspace.client.id, fields=fields
        )

    def update(
        self, session: Session, workspace: Workspace, record_id: uuid.UUID, fields: Any
    ) -> RecordT:
        return self.service.update(
            session, coach=workspace.coach, fields=fields, **{self.id_keyword: record_id}
        )

    def delete(self, session: Session, workspace: Workspace, record_id: uuid.UUID) -> None:
        self.service.delete(session, coach=workspace.coach, **{self.id_keyword: record_id})

    # What each concept supplies.

    def consequences(
        self, session: Session, workspace: Workspace, record: RecordT
    ) -> tuple[list[str], list[str]]:
        """What deleting the record removes with it, and what stays, as lines a coach reads."""
        raise NotImplementedError

    def blank(self, session: Session, workspace: Workspace) -> Form:
        """The new-record form's values: the schema's defaults (a concept may preset more)."""
        return self.form.blank()

    def filled(self, record: RecordT) -> Form:
        """The edit form's values: the record's fields (a concept with links adds their ids)."""
        return self.form.filled(record)

    def context(
        self, session: Session, workspace: Workspace, record: RecordT | None
    ) -> dict[str, Any]:
        """What the form template needs besides the form: choices, statuses."""
        return {}

    def label(self, record: Any) -> str:
        return record.title

    def created_url(self, workspace: Workspace, record: RecordT, back: str) -> str:
        """Where a new record's coach goes next: back where the form was opened, usually."""
        return back

    # The pages.

    @property
    def history_kind(self) -> str:
        return self.id_keyword.removesuffix("_id")

    def tab_url(self, workspace: Workspace) -> str:
        return f"/clients/{workspace.client.id}/{self.tab}"

    def register(self, router: APIRouter) -> None:
        new = f"/clients/{{client_id:uuid}}/{self.tab}/new"
        item = f"/clients/{{client_id:uuid}}/{self.tab}/{{record_id:uuid}}"
        if self.read_template is not None:
            router.add_api_route(item, self.show_page, methods=["GET"])
        router.add_api_route(new, self.new_page, methods=["GET"])
        router.add_api_route(new, self.create_page, methods=["POST"])
        router.add_api_route(item + "/edit", self.edit_page, methods=["GET"])
        router.add_api_route(item + "/edit", self.update_page, methods=["POST"])
        router.add_api_route(item + "/delete", self.confirm_delete_page, methods=["GET"])
        router.add_api_route(item + "/delete", self.delete_page, methods=["POST"])

    def show_page(
        self,
        request: Request,
        workspace: WorkspaceDep,
        session: DbSession,
        record_id: uuid.UUID,
        next: str | None = None,
    ) -> Response:
        """The record, read only, with its links both ways; Edit and Delete lead to its forms
        and come back here. next: the page it was opened from (the tree, say), to go back to."""
        assert self.read_view is not None and self.read_template is not None
        view = self.read_view(
            session,
            coach=workspace.coach,
            client_id=workspace.client.id,
            **{self.id_keyword: record_id},
        )
        tab = self.tab_url(workspace)
        back = back_url(workspace, next, tab)
        context = {
            "view": view,
            "record": view.record,
            "here": f"{tab}/{record_id}",
            # Edit comes back to this page as it was asked for, its way back included.
            "edit_next": str(request.url.path)
            + (f"?{request.url.query}" if request.url.query else ""),
            "back": back,
            "back_label": f"All {find_tab(self.tab).label.lower()}" if back == tab else "Back",
            "crumb": self.label(view.record),
            "noun": self.noun,
            **history_context(session, workspace, self.history_kind, record_id),
        }
        return render_tab(request, workspace, self.tab, self.read_template, context)

    def new_page(
        self,
        request: Request,
        workspace: WorkspaceDep,
        session: DbSession,
        next: str | None = None,
    ) -> Response:
        back = back_url(workspace, next, self.tab_url(workspace))
        form = self.blank(session, workspace)
        return self.render_form(request, session, workspace, form, None, back)

    def create_page(
        self, request: Request, workspace: WorkspaceDep, session: DbSession, posted: FormDep
    ) -> Response:
        back = back_url(workspace, posted_text(posted, NEXT_FIELD), self.tab_url(workspace))
        record, form = self.form.save(
            session, posted, lambda fields: self.create(session, workspace, fields)
        )
        if record is None:
            return self.render_form(request, session, workspace, form, None, back, 422)
        url = self.created_url(workspace, record, back)
        return done(request, url, f"Added the {self.noun} “{self.label(record)}”.")

    def edit_page(
        self,
        request: Request,
        workspace: WorkspaceDep,
        session: DbSession,
        record_id: uuid.UUID,
        next: str | None = None,
    ) -> Response:
        record = self.get(session, workspace, record_id)
        back = back_url(workspace, next, self.tab_url(workspace))
        return self.render_form(request, session, workspace, self.filled(record), record, back)

    def update_page(
        self,
        request: Request,
        workspace: WorkspaceDep,
        session: DbSession,
        record_id: uuid.UUID,
        posted: FormDep,
    ) -> Response:
        self.get(session, workspace, record_id)  # another client's record: not found
        back = back_url(workspace, posted_text(posted, NEXT_FIELD), self.tab_url(workspace))
        saved, form = self.form.save(
            session,
            posted,
            lambda fields: self.update(session, workspace, record_id, fields),
            edit=True,
        )
        if saved is None:
            # A refused change rolled back and expired what was loaded: read the record again.
            record = self.get(session, workspace, record_id)
            return self.render_form(request, session, workspace, form, record, back, 422)
        return done(request, back, f"Saved the {self.noun} “{self.label(saved)}”.")

    def confirm_delete_page(
        self,
        request: Request,
        workspace: WorkspaceDep,
        session: DbSession,
        record_id: uuid.UUID,
        next: str | None = None,
    ) -> Response:
        record = self.get(session, workspace, record_id)
        removes, stays = self.consequences(session, workspace, record)
        return confirm_delete_page(
            request,
            workspace,
            self.tab,
            heading=f"Delete the {self.noun} “{self.label(record)}”?",
            removes=removes,
            stays=stays,
            action=f"{self.tab_url(workspace)}/{record_id}/delete",
            back=back_url(workspace, next, self.tab_url(workspace)),
            confirm_label=f"Delete {self.noun}",
        )

    def delete_page(
        self,
        request: Request,
        workspace: WorkspaceDep,
        session: DbSession,
        record_id: uuid.UUID,
        posted: FormDep,
    ) -> Response:
        label = self.label(self.get(session, workspace, record_id))
        self.delete(session, workspace, record_id)
        url = after_delete(
            workspace, posted_text(posted, NEXT_FIELD), self.tab_url(workspace), record_id
        )
        return done(request, url, f"Deleted the {self.noun} “{label}”.")

    def render_form(
        self,
        request: Request,
        session: Session,
        workspace: Workspace,
        form: Form,
        record: RecordT | None,
        back: str,
        status_code: int = 200,
        **extra: Any,
    ) -> Response:
        """The form page; extra: more context, from a concept that needs the request for it."""
        base = self.tab_url(workspace)
        return form_page(
            request,
            workspace,
            self.tab,
            self.template,
            self.form,
            form,
            heading=f"Edit {self.noun} “{self.label(record)}”" if record else f"New {self.noun}",
            action=f"{base}/{record.id}/edit" if record else f"{base}/new",  # type: ignore[attr-defined]
            back=back,
            submit=f"Save {self.noun}" if record else f"Add {self.noun}",
            status_code=status_code,
            record=record,
            **self.context(session, workspace, record),
            **extra,
        )


def posted_text(posted: FormData, name: str) -> str | None:
    """A posted field that should be text (an uploaded file in its place is ignored)."""
    value = posted.get(name)
    return value if isinstance(value, str) else None


def history_context(
    session: Session, workspace: Workspace, kind: str, record_id: uuid.UUID
) -> dict[str, Any]:
    """A record page's History section: its latest changes, and where they all are."""
    return {
        "history": history.latest(session, coach=workspace.coach, kind=kind, record_id=record_id),
        "history_url": history.page_url(kind, workspace.client.id, record_id),
    }
