"""schemathesis against the app's own OpenAPI document, in process, as a coach with real data,
and over the portal's operations as that coach's client.

Every operation gets generated requests (boundary values, then random ones, valid and invalid)
and every answer must pass schemathesis's default checks: no 5xx, a documented status code and
content type, a body matching its schema, invalid input refused, valid input accepted, auth
enforced, a correct Allow header on 405. Generated ids are mostly swapped for the estate's, so
requests reach real records. After a write that succeeded the estate is restored; after one
that was refused, the database must be exactly as before: no half-written change.
"""

import os
from collections.abc import Iterator
from typing import Any

import pytest
import schemathesis
from fastapi import FastAPI
from hypothesis import strategies as st
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import positive_data_acceptance
from sqlalchemy import Engine
from sqlalchemy.orm import Session

from coachboard.accounts import service as accounts
from tests.api.conftest import Estate, image_of, restore, without_bookkeeping
from tests.portal.accounts import join

READS = frozenset({"GET", "HEAD", "OPTIONS"})

# Generated examples per operation in the fuzzing phase (the coverage phase adds its own);
# raise it for a deeper run: COACHBOARD_SCHEMATHESIS_EXAMPLES=500 pytest tests/api/...
MAX_EXAMPLES = int(os.environ.get("COACHBOARD_SCHEMATHESIS_EXAMPLES", "30"))
# The default run draws the same examples every time, so a red CI can be replayed; a deeper
# run asked for through the variable explores afresh.
DETERMINISTIC = "COACHBOARD_SCHEMATHESIS_EXAMPLES" not in os.environ

# Rules the OpenAPI document cannot state. A 422 that cites only these is a fair answer to
# input the schema allows; any other 422 to such input means the document promises too much.
RULES_BEYOND_THE_SCHEMA = (
    "date_order",  # a sprint ends after it starts
    "link_not_found",  # linked ids name records of the same client
    "must not contain NUL characters",  # PostgreSQL text cannot hold NUL
    "leaves no day",  # a due-date range in order (due_from/due_after before due_to/due_before)
    "value is not a valid email address",  # a domain fit for mail, not just a@b.c
    "unknown_time_zone",  # a time zone is an IANA name the server knows
    "email_in_use",  # an account's email is no other account's
    "email_missing",  # a client is invited at their email, which the record may lack
    "client_archived",  # an archived client is not invited
    "topics_not_waiting",  # an order of topics lists exactly the client's waiting ones
    "date_out_of_range",  # every day a person enters is from 1900 to 2999
    "single_line",  # titles, names and addresses hold no control character or line break
    # An imported document holds together: its references name its own records, once each.
    "dangling_reference",
    "duplicate_id",
    "duplicate_link",
    "history_action",  # a history entry holds what its action records
    "metadata_too_large",  # a record's metadata is at most 16 KiB as JSON
)


def is_beyond_the_schema(problem: dict[str, Any]) -> bool:
    if problem.get("type") == "string_too_short":
        # Text is trimmed (InputModel), so whitespace alone is as empty as "".
        return isinstance(problem.get("input"), str) and not problem["input"].strip()
    return any(
        rule == problem.get("type") or rule in problem.get("msg", "")
        for rule in RULES_BEYOND_THE_SCHEMA
    )


def cites_only_rules_beyond_the_schema(response: schemathesis.Response) -> bool:
    try:
        problems = response.json()["detail"]
    except (ValueError, KeyError, TypeError):
        return False
    return (
        isinstance(problems, list) and bool(problems) and all(map(is_beyond_the_schema, problems))
    )


@schemathesis.check
def schema_valid_input_is_accepted(
    ctx: schemathesis.CheckContext, response: schemathesis.Response, case: schemathesis.Case
) -> bool | None:
    """positive_data_acceptance, except that a 422 may cite the rules beyond the schema."""
    if response.status_code == 422 and cites_only_rules_beyond_the_schema(response):
        return None
    return positive_data_acceptance(ctx, response, case)


class EstateKeeper:
    """Hands every request the estate as built, and holds refused writes to changing nothing."""

    def __init__(self, engine: Engine) -> None:
        self.engine = engine
        self.image = image_of(engine)
        self.changed = False

    def before(self) -> None:
        if self.changed:
            restore(self.engine, self.image)
            self.changed = False

    def after(self, case: schemathesis.Case, response: schemathesis.Response) -> None:
        if case.method.upper() in READS:
            return
        if 200 <= response.status_code < 300:
            self.changed = True
            return
        now = without_bookkeeping(image_of(self.engine))
        assert now == without_bookkeeping(self.image), (
            f"{case.method} {case.formatted_path} answered {response.status_code} "
            "but changed the database"
        )


def mostly(ids: list[str], generated: Any) -> st.SearchStrategy[Any]:
    """One of the estate's ids three times in four, else the generated value."""
    return st.sampled_from([*ids, *ids, *ids, generated])


def estate_ids_hook(estate: Estate) -> Any:
    """A flatmap_case hook: ids in generated requests become, mostly, ids of the estate.

    Only in parts generated as valid: swapping an id into a deliberately invalid part could make
    a request valid that schemathesis expects to be refused.
    """
    by_parameter = {k: [str(i) for i in v] for k, v in estate.ids_by_parameter.items()}
    by_link_field = {k: [str(i) for i in v] for k, v in estate.ids_by_link_field.items()}

    def parameters(values: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
        return st.fixed_dictionaries(
            {
                name: mostly(by_parameter[name], value) if name in by_parameter else st.just(value)
                for name, value in values.items()
            }
        )

    def body(values: dict[str, Any]) -> st.SearchStrategy[dict[str, Any]]:
        strategies = {}
        for name, value in values.items():
            ids = by_link_field.get(name)
            if ids is None:
                strategies[name] = st.just(value)
            elif isinstance(value, list):
                # Keep a list non-empty when it was: some must name at least one record.
                real = st.lists(st.sampled_from(ids), min_size=min(len(value), 1))
                strategies[name] = st.one_of(real, st.just(value))
            else:
                strategies[name] = mostly(ids, value)
        return st.fixed_dictionaries(strategies)

    @st.composite
    def with_estate_ids(draw: st.DrawFn, case: schemathesis.Case) -> schemathesis.Case:
        def valid(location: ParameterLocation) -> bool:
            return case.meta is None or not case.meta.is_negative_at(location)

        if case.path_parameters and valid(ParameterLocation.PATH):
            case.path_parameters = draw(parameters(case.path_parameters))
        if case.query and valid(ParameterLocation.QUERY):
            case.query = draw(parameters(case.query))
        if isinstance(case.body, dict) and valid(ParameterLocation.BODY):
            case.body = draw(body(case.body))
        return case

    def flatmap_case(_context: schemathesis.HookContext, case: schemathesis.Case) -> Any:
        return with_estate_ids(case)

    return flatmap_case


@pytest.fixture
def api_schema(app: FastAPI, estate: Estate) -> Iterator[Any]:
    """The app's OpenAPI document as schemathesis reads it, sending the coach's token."""
    config = schemathesis.Config.from_dict(
        {
            "headers": estate.headers,
            "generation": {"max-examples": MAX_EXAMPLES, "deterministic": DETERMINISTIC},
        }
    )
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app, config=config)
    schema.hook("flatmap_case")(estate_ids_hook(estate))
    yield schema


@pytest.fixture
def keeper(engine: Engine, estate: Estate) -> EstateKeeper:
    return EstateKeeper(engine)


# The operations in two tests, reads and writes, which pytest-xdist runs on two workers at once:
# as one test they took 81 s on SQLite alone, the longest item of the suite.
schema = schemathesis.pytest.from_fixture("api_schema")


def answers_as_documented(case: schemathesis.Case, keeper: EstateKeeper) -> None:
    keeper.before()
    response = case.call_and_validate(
        excluded_checks=[positive_data_acceptance],
        additional_checks=[schema_valid_input_is_accepted],
    )
    keeper.after(case, response)


@schema.include(method="GET").parametrize()
def test_every_read_answers_as_its_openapi_document_says(
    case: schemathesis.Case, keeper: EstateKeeper
) -> None:
    answers_as_documented(case, keeper)


@schema.exclude(method="GET").parametrize()
def test_every_write_answers_as_its_openapi_document_says(
    case: schemathesis.Case, keeper: EstateKeeper
) -> None:
    answers_as_documented(case, keeper)


@pytest.fixture
def client_portal_schema(app: FastAPI, db: Session, estate: Estate) -> Iterator[Any]:
    """The portal's operations as schemathesis reads them, sending the estate's client's token
    (the client joined through an invitation, as a client does)."""
    account = join(db, estate.coach, estate.client_id)
    token = accounts.create_token(db, user=account, name="schemathesis")
    config = schemathesis.Config.from_dict(
        {
            "headers": {"Authorization": f"Bearer {token}"},
            "generation": {"max-examples": MAX_EXAMPLES, "deterministic": DETERMINISTIC},
        }
    )
    schema = schemathesis.openapi.from_asgi("/api/v1/openapi.json", app, config=config)
    schema.hook("flatmap_case")(estate_ids_hook(estate))
    yield schema


# The filter goes on the lazy schema: the fixture's own would be dropped.
portal_schema = schemathesis.pytest.from_fixture("client_portal_schema").include(
    path_regex="^/api/v1/portal/"
)


@portal_schema.parametrize()
def test_every_portal_operation_answers_a_client_as_its_openapi_document_says(
    case: schemathesis.Case, keeper: EstateKeeper
) -> None:
    answers_as_documented(case, keeper)
