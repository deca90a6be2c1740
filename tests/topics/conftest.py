import pytest
from sqlalchemy.orm import Session

from coachboard.models.accounts import User
from tests.commitments.records import Records


@pytest.fixture
def records(db: Session, coach: User) -> Records:
    return Records(db, coach)


@pytest.fixture
def other_records(db: Session, other_coach: User) -> Records:
    return Records(db, other_coach)
