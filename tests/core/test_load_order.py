"""Every read gives the same answer whatever was read before it in the same session: a page
that loads goals, outcomes, sprints and commitments may load them in any order."""

import itertools
from collections.abc import Callable
from typing import Any

from sqlalchemy import Engine
from sqlalchemy.orm import Session

from coachboard.commitments import service as commitments
from coachboard.core.database import session_factory
from coachboard.goals import service as goals
from coachboard.models.accounts import User
from coachboard.sprints import service as sprints
from coachboard.targets import service as targets
from tests.commitments.records import Records

# A read as a page shows it: plain values, comparable across sessions.
Read = Callable[[Session], list[Any]]


def test_reads_of_one_client_agree_in_every_order(db: Session, engine: Engine, coach: User) -> None:
    records = Records(db, coach)
    client = records.client()
    health, career = records.goal(client, "Health"), records.goal(client, "Career")
    january, february = records.sprint(client, "January"), records.sprint(client, "February")
    run = records.target(client, "Run 10 km", goals=[health, career], sprints=[january])
    talk = records.target(client, "Give a talk", goals=[career], sprints=[february, january])
    records.commitment(client, "Book a physio", targets=[run, talk])
    records.commitment(client, "Write the abstract", targets=[talk])

    reads: dict[str, Read] = {
        "goals": lambda s: [
            (goal.id, goal.title) for goal in goals.get_all(s, coach=coach, client_id=client.id)[0]
        ],
        "outcomes": lambda s: [
            outcome.model_dump()
            for outcome in targets.get_all(s, coach=coach, client_id=client.id)[0]
        ],
        "outcomes of a goal": lambda s: [
            outcome.model_dump()
            for outcome in targets.get_all(s, coach=coach, client_id=client.id, goal_id=career.id)[
                0
            ]
        ],
        "sprints": lambda s: [
            sprint.model_dump()
            for sprint in sprints.get_all(s, coach=coach, client_id=client.id)[0]
        ],
        "commitments": lambda s: [
            commitment.model_dump()
            for commitment in commitments.get_all(s, coach=coach, client_id=client.id)[0]
        ],
    }
    alone = {}
    for name, read in reads.items():
        with session_factory(engine)() as fresh:
            alone[name] = read(fresh)

    for order in itertools.permutations(reads):
        with session_factory(engine)() as session, session.begin():
            in_order = {name: reads[name](session) for name in order}
        assert in_order == alone, order
