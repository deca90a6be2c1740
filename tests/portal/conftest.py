"""A coach's client with an email, and that client's account."""

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coachboard.accounts import service as accounts
from coachboard.clients import service as clients
from coachboard.clients.schemas import ClientCreate
from coachboard.models.accounts import User
from coachboard.models.clients import Client
from tests.api.conftest import Estate, build_estate, other_estate
from tests.portal.accounts import join
from tests.web.conftest import anonymous, csrf_token, pages, signed_in_browser

__all__ = ["anonymous", "other_estate", "pages"]


@pytest.fixture
def sam(db: Session, coach: User) -> Client:
    """The coach's client Sam, who has an email to be invited with."""
    fields = ClientCreate(name="Sam Client", email="Sam@Example.com")
    return clients.create(db, coach=coach, fields=fields)


@pytest.fixture
def sam_account(db: Session, coach: User, sam: Client) -> User:
    return join(db, coach, sam.id)


@pytest.fixture
def sam_api(app: FastAPI, db: Session, sam_account: User) -> Iterator[TestClient]:
    """The JSON API as Sam, with a token from the token route's service."""
    token = accounts.create_token(db, user=sam_account, name="tests")
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as api:
        yield api


@pytest.fixture
def sam_pages(app: FastAPI, sam_account: User) -> Iterator[TestClient]:
    """A browser signed in as Sam."""
    with signed_in_browser(app, sam_account, check="/me") as browser:
        yield browser


@pytest.fixture
def own(db: Session, coach: User) -> Estate:
    """A client of the coach with records of every kind (tests.api.conftest.build_estate)."""
    return build_estate(db, coach, name="Dana Doe")


@pytest.fixture
def neighbour(db: Session, coach: User) -> Estate:
    """Another client of the same coach, with records of the same shape."""
    return build_estate(db, coach, name="Noor Next")


@pytest.fixture
def own_account(db: Session, own: Estate) -> User:
    return join(db, own.coach, own.client_id)


@pytest.fixture
def own_api(app: FastAPI, db: Session, own_account: User) -> Iterator[TestClient]:
    """The JSON API as the client of `own`."""
    token = accounts.create_token(db, user=own_account, name="tests")
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as api:
        yield api


@pytest.fixture
def neighbour_api(app: FastAPI, db: Session, neighbour: Estate) -> Iterator[TestClient]:
    """The JSON API as the client of `neighbour`."""
    account = join(db, neighbour.coach, neighbour.client_id)
    token = accounts.create_token(db, user=account, name="tests")
    with TestClient(app, headers={"Authorization": f"Bearer {token}"}) as api:
        yield api


@pytest.fixture
def own_pages(app: FastAPI, own_account: User) -> Iterator[TestClient]:
    """A browser signed in as the client of `own`, sending its CSRF token with every request."""
    with signed_in_browser(app, own_account, check="/me") as browser:
        browser.headers["X-CSRF-Token"] = csrf_token(browser, "/me")
        yield browser
