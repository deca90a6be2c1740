"""Where a client's agenda topics land: the first session on or after the day they were added
(in the coach's time zone), or the session after the one they were deferred from."""

from datetime import date, datetime

import pytest
from sqlalchemy.orm import Session

from coachboard.core.database import transaction
from coachboard.core.errors import Conflict, InvalidInput, NotFound
from coachboard.models.accounts import User
from coachboard.models.sessions import CoachingSession
from coachboard.models.topics import AgendaTopic
from coachboard.topics import service as topics
from coachboard.topics.schemas import TopicMark, TopicPriority
from tests.client_writes import Topics
from tests.commitments.records import Records


def on(db: Session, coach: User, coaching_session: CoachingSession) -> dict[str, bool]:
    """The topics on the session: text → whether it waits to be handled there."""
    found, total = topics.for_session(db, coach=coach, coaching_session=coaching_session)
    assert total == len(found)
    return {topic.text: topic.to_handle for topic in found}


def test_a_session_gets_the_topics_added_since_the_previous_session_up_to_its_day(
    db: Session, coach: User, records: Records
) -> None:
    client = records.client()
    first = records.session(client, date(2026, 3, 2))
    second = records.session(client, date(2026, 3, 9))
    third = records.session(client, date(2026, 3, 16))
    agenda = Topics(db, client)
    agenda.add("Long before", datetime(2026, 2, 20, 9))
    agenda.add("On the first day", datetime(2026, 3, 2, 23, 30))
    agenda.add("Between", datetime(2026, 3, 3, 0, 0))
    agenda.add("On the second day", datetime(2026, 3, 9, 8))
    agenda.add("After the last", datetime(2026, 3, 20))

    assert on(db, coach, first) == {"Long before": True, "On the first day": True}
    assert on(db, coach, second) == {"Between": True, "On the second day": True}
    assert on(db, coach, third) == {}


def test_the_day_a_topic_was_added_is_the_coachs_day(
    db: Session, coach: User, records: Records
) -> None:
    with transaction(db):
        db.merge(coach).time_zone = "Pacific/Auckland"  # UTC+13 in March
    coach = db.get_one(User, coach.id)
    client = records.client()
    first = records.session(client, date(2026, 3, 2))
    second = records.session(client, date(2026, 3, 9))
    # 12:00 UTC on 2 March is 01:00 on 3 March in Auckland: after the first session's day.
    Topics(db, client).add("Late in the evening", datetime(2026, 3, 2, 12))

    assert on(db, coach, first) == {}
    assert on(db, coach, second) == {"Late in the evening": True}


def test_of_two_sessions_on_one_day_the_first_made_gets_the_days_topics(
    db: Session, coach: User, records: Records
) -> None:
    client = records.client()
    morning = records.session(client, date(2026, 3, 2), "Morning")
    evening = records.session(client, date(2026, 3, 2), "Evening")
    Topics(db, client).add("Sleep", datetime(2026, 3, 1))

    assert on(db, coach, morning) == {"Sleep": True}
    assert on(db, coach, evening) == {}


def test_deferring_moves_a_topic_to_the_following_session_and_remembers_where_from(
    db: Session, coach: User, records: Records
) -> None:
    client = records.client()
    first = records.session(client, date(2026, 3, 2))
    second = records.session(client, date(2026, 3, 9))
    agenda = Topics(db, client)
    talked = agenda.add("Talked about", datetime(2026, 3, 1))
    later = agenda.add("Not today", datetime(2026, 3, 1))

    topics.mark(db, coach=coach, topic_id=talked.id, status=TopicMark.discussed)
    deferred = topics.mark(db, coach=coach, topic_id=later.id, status=TopicMark.deferred)

    assert (deferred.status, deferred.session_id) == ("deferred", first.id)
    assert deferred.deferred_from_session_id == first.id
    assert on(db, coach, first) == {"Talked about": False, "Not today": False}
    assert on(db, coach, second) == {"Not today": True}

    handled = topics.mark(db, coach=coach, topic_id=later.id, status=TopicMark.discussed)

    assert (handled.status, handled.session_id) == ("discussed", second.id)
    assert handled.deferred_from_session_id == first.id
    assert on(db, coach, first) == {"Talked about": False, "Not today": False}
    assert on(db, coach, second) == {"Not today": False}


def test_a_topic_deferred_from_the_last_session_waits_for_the_next_one_made(
    db: Session, coach: User, records: Records
) -> None:
    client = records.client()
    last = records.session(client, date(2026, 3, 2))
    agenda = Topics(db, client)
    topic = agenda.add("Next time", datetime(2026, 3, 1))
    agenda.add("Added after", datetime(2026, 3, 5))

    topics.mark(db, coach=coach, topic_id=topic.id, status=TopicMark.deferred)

    assert on(db, coach, last) == {"Next time": False}
    with pytest.raises(Conflict):
        topics.mark(db, coach=coach, topic_id=topic.id, status=TopicMark.discussed)

    following = records.session(client, date(2026, 3, 9))

    assert on(db, coach, following) == {"Next time": True, "Added after": True}


def test_a_topic_added_after_the_last_session_is_on_no_session_yet(
    db: Session, coach: User, records: Records
) -> None:
    client = records.client()
    records.session(client, date(2026, 3, 2))
    topic = Topics(db, client).add("Soon", datetime(2026, 3, 5))

    with pytest.raises(Conflict):
        topics.mark(db, coach=coach, topic_id=topic.id, status=TopicMark.dropped)
    assert [t.text for t in topics.pending(db, client_id=client.id)] == ["Soon"]


def test_a_withdrawn_topic_is_on_no_session_and_cannot_be_marked(
    db: Session, coach: User, records: Records
) -> None:
    client = records.client()
    coaching_session = records.session(client, date(2026, 3, 2))
    topic = Topics(db, client).add("Never mind", datetime(2026, 3, 1))

    topics.withdraw(db, client_id=client.id, topic_id=topic.id)

    assert on(db, coach, coaching_session) == {}
    with pytest.raises(Conflict):
        topics.mark(db, coach=coach, topic_id=topic.id, status=TopicMark.discussed)
    # Withdrawn again: unchanged, no error.
    assert topics.withdraw(db, client_id=client.id, topic_id=topic.id).status == "withdrawn"


def test_a_client_withdraws_only_their_own_topics(db: Session, records: Records) -> None:
    client, other = records.client(), records.client("Eli")
    topic = Topics(db, client).add("Mine")

    with pytest.raises(NotFound):
        topics.withdraw(db, client_id=other.id, topic_id=topic.id)


def test_another_coach_cannot_mark_a_topic(
    db: Session, other_coach: User, records: Records
) -> None:
    client = records.client()
    records.session(client, date(2026, 3, 2))
    topic = Topics(db, client).add("Mine", datetime(2026, 3, 1))

    with pytest.raises(NotFound):
        topics.mark(db, coach=other_coach, topic_id=topic.id, status=TopicMark.discussed)


def test_topics_are_added_last_and_reordered_as_the_client_says(
    db: Session, coach: User, records: Records
) -> None:
    client = records.client()
    coaching_session = records.session(client, date(2026, 3, 9))
    agenda = Topics(db, client)
    first, second, third = (agenda.add(t, datetime(2026, 3, 1)) for t in ("A", "B", "C"))

    assert [first.position, second.position, third.position] == [0, 1, 2]
    topics.reorder(db, client_id=client.id, ids=[third.id, first.id, second.id])

    assert list(on(db, coach, coaching_session)) == ["C", "A", "B"]
    assert [t.text for t in topics.pending(db, client_id=client.id)] == ["C", "A", "B"]


@pytest.mark.parametrize("which", ["missing one", "twice", "another client's"])
def test_a_reorder_must_name_each_waiting_topic_once(
    db: Session, records: Records, which: str
) -> None:
    client, other = records.client(), records.client("Eli")
    a, b = Topics(db, client).add("A"), Topics(db, client).add("B")
    foreign = Topics(db, other).add("Theirs")
    ids = {
        "missing one": [a.id],
        "twice": [a.id, b.id, a.id],
        "another client's": [a.id, b.id, foreign.id],
    }[which]

    with pytest.raises(InvalidInput) as refused:
        topics.reorder(db, client_id=client.id, ids=ids)
    assert refused.value.problems[0].field == "ids"


@pytest.mark.parametrize("text", ["", "   ", "x" * 501])
def test_a_topic_needs_1_to_500_characters(db: Session, records: Records, text: str) -> None:
    client = records.client()

    with pytest.raises(InvalidInput) as refused:
        topics.add(db, client_id=client.id, text=text, priority=TopicPriority.low, author=None)
    assert refused.value.problems[0].field == "text"


def test_a_topic_keeps_its_author(db: Session, coach: User, records: Records) -> None:
    client = records.client()
    topic = topics.add(
        db, client_id=client.id, text="Hi", priority=TopicPriority.high, author=coach
    )

    assert db.get_one(AgendaTopic, topic.id).author_user_id == coach.id


def test_a_deferred_topic_the_client_withdraws_leaves_both_sessions(
    db: Session, coach: User, records: Records
) -> None:
    client = records.client()
    first = records.session(client, date(2026, 3, 2))
    second = records.session(client, date(2026, 3, 9))
    topic = Topics(db, client).add("Later", datetime(2026, 3, 1))
    topics.mark(db, coach=coach, topic_id=topic.id, status=TopicMark.deferred)

    topics.withdraw(db, client_id=client.id, topic_id=topic.id)

    assert on(db, coach, first) == {}
    assert on(db, coach, second) == {}


def test_a_session_lists_its_first_topics_and_counts_them_all(
    db: Session, coach: User, records: Records
) -> None:
    client = records.client()
    coaching_session = records.session(client, date(2026, 3, 9))
    agenda = Topics(db, client)
    for n in range(5):
        agenda.add(f"Topic {n}", datetime(2026, 3, 5))

    found, total = topics.for_session(db, coach=coach, coaching_session=coaching_session, limit=3)

    assert ([t.text for t in found], total) == (["Topic 0", "Topic 1", "Topic 2"], 5)
