"""A coach's client with an email, and that client's account."""

from collections.abc import Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient
from sqlalchemy.orm import Session

from coachboard.accounts import service as accounts
from coachboard.accounts.models import User
from coachboard.clients import service as clients
from coachboard.clients.models import Client
from coachboard.clients.schemas import ClientCreate
from tests.portal.accounts import join
from tests.web.conftest import anonymous, pages, signed_in_browser

__all__ = ["anonymous", "pages"]


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
