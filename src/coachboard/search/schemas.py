import uuid
from enum import StrEnum

from pydantic import Field

from coachboard.core.schemas import OutputModel


class SearchKind(StrEnum):
    client = "client"
    goal = "goal"
    target = "target"
    sprint = "sprint"
    session = "session"
    commitment = "commitment"


class SearchClient(OutputModel):
    id: uuid.UUID
    name: str


class SearchHit(OutputModel):
    kind: SearchKind = Field(description="What was found; `target` is an outcome.")
    id: uuid.UUID = Field(description="The record's id (for a client, the client's).")
    title: str = Field(
        description="A client's name, or the record's title (a session's may be empty)."
    )
    client: SearchClient
    snippet: str = Field(
        description=(
            "An excerpt of the notes or description, plain text, each matched word between "
            "U+0002 (start of text) and U+0003 (end of text); empty when there are none."
        )
    )


class SearchResults(OutputModel):
    items: list[SearchHit]
    total: int = Field(description="How many records match in all (items holds at most limit).")
