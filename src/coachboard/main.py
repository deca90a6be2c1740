"""The FastAPI application: JSON API under /api/v1 and the coach's pages, one process."""

from functools import cache

from fastapi import FastAPI, Request
from fastapi.exception_handlers import http_exception_handler
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse, Response
from fastapi.routing import iter_route_contexts
from sqlalchemy import Engine, text
from sqlalchemy.exc import SQLAlchemyError
from starlette.exceptions import HTTPException
from starlette.routing import Match

from coachboard.api.router import API_PREFIX, include_api
from coachboard.core import interpreter
from coachboard.core.body_limit import BodySizeLimit
from coachboard.core.database import get_engine
from coachboard.core.errors import Conflict, InvalidInput, NotFound
from coachboard.core.migrations import current_revision
from coachboard.core.problems import shown_problems
from coachboard.core.settings import Settings, get_settings
from coachboard.listeners import install_listeners
from coachboard.mail.worker import worker_alongside
from coachboard.transfer.schemas import MAX_IMPORT_BYTES
from coachboard.web.api_docs import install_api_docs
from coachboard.web.app import install_web
from coachboard.web.pages import LINK_ROUTERS, PAGE_ROUTERS

# A client document may be far larger than any other body (the whole client at once); the
# upload form's multipart framing adds a little to it.
IMPORT_BODY_LIMITS = {
    f"{API_PREFIX}/clients/import": MAX_IMPORT_BYTES,
    "/clients/import": MAX_IMPORT_BYTES + 64 * 1024,
}


def create_app(settings: Settings | None = None) -> FastAPI:
    settings = settings or get_settings()
    install_listeners()
    engine = get_engine(settings.database_url)
    app = FastAPI(
        lifespan=worker_alongside(engine, settings),
        title="coachboard",
        version="0.1.0",
        summary="Goals → outcomes → sprints and commitments, for professional coaches.",
        openapi_url=f"{API_PREFIX}/openapi.json",
        docs_url=None,  # install_api_docs serves it, without a CDN
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.engine = engine
    install_error_handlers(app)
    include_api(app)
    install_api_docs(app, f"{API_PREFIX}/docs")
    # Added before install_web's middlewares, so inside them: a 413 gets their headers too.
    app.add_middleware(BodySizeLimit, max_bytes=settings.max_body_bytes, larger=IMPORT_BODY_LIMITS)
    install_web(
        app, PAGE_ROUTERS, LINK_ROUTERS
    )  # the coach's pages, after the API's error handlers it keeps for /api/

    schema_revision = cache(lambda: current_revision(engine))
    interpreter.settle()

    @app.get("/healthz", tags=["health"])
    def healthz() -> dict[str, str | None]:
        """Liveness, with the schema revision the database was at when this process first
        asked (read once: a probe polled every second must not open a migration context)."""
        return {"status": "ok", "revision": schema_revision()}

    @app.get("/readyz", tags=["health"], responses={503: {"description": "Database unreachable"}})
    def readyz() -> JSONResponse:
        """Readiness: one `SELECT 1` on a pooled connection; 503 while the database is away."""
        ready = database_answers(engine)
        return JSONResponse(
            status_code=200 if ready else 503, content={"status": "ok" if ready else "unavailable"}
        )

    return app


def database_answers(engine: Engine) -> bool:
    try:
        with engine.connect() as connection:
            connection.execute(text("SELECT 1"))
    except SQLAlchemyError:
        return False
    return True


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(NotFound)
    def not_found(_request: Request, error: NotFound) -> JSONResponse:
        return JSONResponse(status_code=404, content={"detail": str(error)})

    @app.exception_handler(InvalidInput)
    def invalid_input(_request: Request, error: InvalidInput) -> JSONResponse:
        detail = [
            {
                "loc": ["body", *(problem.location or problem.field.split("."))],
                "msg": problem.message,
                "type": problem.kind,
                **({"pointer": problem.field} if problem.location is not None else {}),
            }
            for problem in error.problems
        ]
        return JSONResponse(status_code=422, content={"detail": detail})

    @app.exception_handler(RequestValidationError)
    def request_invalid(_request: Request, error: RequestValidationError) -> JSONResponse:
        # FastAPI's own handler echoes each value whole: a 10 MB body came back as a 7 MB
        # answer, and a value that cannot be encoded made the answer itself fail with a 500.
        return JSONResponse(status_code=422, content={"detail": shown_problems(error.errors())})

    @app.exception_handler(Conflict)
    def conflict(_request: Request, error: Conflict) -> JSONResponse:
        return JSONResponse(status_code=409, content={"detail": str(error)})

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        if error.status_code == 405:
            allow = ", ".join(sorted(allowed_methods(request)))
            error.headers = {**(error.headers or {}), "Allow": allow}
        return await http_exception_handler(request, error)


def allowed_methods(request: Request) -> set[str]:
    """Every method a route serves at the request's path. Starlette's 405 names only the first
    matching route's, but GET, PATCH and DELETE of one item are three routes."""
    methods: set[str] = set()
    for route in iter_route_contexts(request.app.routes):
        if route.methods and route.matches(request.scope)[0] != Match.NONE:
            methods |= route.methods
    return methods
