"""OpenAPI descriptions of the error answers many routes share, so that the document lists every
status a route can give (FastAPI itself adds 422 to each route that takes input)."""

from typing import Any

Responses = dict[int | str, dict[str, Any]]

# Every /api/v1 route answers 401 without a live bearer token (the token route: bad credentials).
UNAUTHORIZED: Responses = {401: {"description": "Missing, expired or revoked bearer token"}}

# A coach's route answers a client's account 404, as a route that does not exist; a route's
# own 404 (no such record, or not yours) describes it more closely where it has one.
COACH_ONLY: Responses = {404: {"description": "Not found (what a client's account always gets)"}}

# A portal route answers a coach's account 404 the same way: the portal is the client's own.
CLIENT_ONLY: Responses = {404: {"description": "Not found (what a coach's account always gets)"}}

# FastAPI answers 400 when a body cannot be decoded at all (e.g. it is not UTF-8).
UNREADABLE_BODY: Responses = {400: {"description": "The body could not be decoded"}}
