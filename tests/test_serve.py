"""`coachboard serve` as a real server: forwarded headers believed only from a proxy it was told
to trust, no Server header, a body past the limit refused while it is still streaming, and
`--workers auto`: a worker per core on PostgreSQL, one process on SQLite."""

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from bench.servers import COACHBOARD, HOST, Server, running, workers_of
from coachboard.core import migrations
from tests.databases import DatabaseFactory, require_backend

# Its servers are module fixtures: one pytest-xdist worker runs all its tests, starting them once.
pytestmark = pytest.mark.xdist_group("tests/test_serve.py")

API = "/api/v1"
HSTS = "strict-transport-security"
AS_IF_PROXIED = {"X-Forwarded-Proto": "https", "X-Forwarded-For": "1.2.3.4"}


@pytest.fixture(scope="module")
def served_database(tmp_path_factory: pytest.TempPathFactory) -> str:
    url = f"sqlite:///{tmp_path_factory.mktemp('served') / 'coachboard.db'}"
    migrations.upgrade(url)
    return url


def serve(database_url: str, log_dir: Path, *options: str) -> Iterator[Server]:
    command = [str(COACHBOARD), "serve", "--host", HOST, *options]
    with running("coachboard", command, database_url, log_dir, workers=1) as server:
        yield server


@pytest.fixture(scope="module")
def server(served_database: str, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    """The server as `coachboard serve` starts it, trusting no proxy."""
    yield from serve(served_database, tmp_path_factory.mktemp("logs"))


@pytest.fixture(scope="module")
def behind_proxy(
    served_database: str, tmp_path_factory: pytest.TempPathFactory
) -> Iterator[Server]:
    """The server told that the proxy on 127.0.0.1, our own address, is to be believed."""
    options = ("--forwarded-allow-ips", "127.0.0.1")
    yield from serve(served_database, tmp_path_factory.mktemp("logs"), *options)


def first_page(server: Server, headers: dict[str, str]) -> httpx.Response:
    response = httpx.get(server.url, headers=headers, timeout=10, follow_redirects=True)
    assert response.status_code == 200
    return response


def is_https_to_the_app(response: httpx.Response) -> bool:
    """Whether the app took the request for HTTPS: it then sends HSTS, and marks any cookie
    it sets Secure."""
    https = HSTS in response.headers
    cookies = response.headers.get_list("set-cookie")
    assert all(("secure" in cookie.lower()) == https for cookie in cookies)
    return https


def test_by_default_forwarded_headers_are_not_believed_even_from_localhost(server: Server) -> None:
    assert not is_https_to_the_app(first_page(server, AS_IF_PROXIED))


def test_forwarded_headers_from_a_trusted_proxy_are_believed(behind_proxy: Server) -> None:
    assert is_https_to_the_app(first_page(behind_proxy, AS_IF_PROXIED))
    assert not is_https_to_the_app(first_page(behind_proxy, {}))


@pytest.mark.parametrize(
    "path",
    ["/sign-in", "/no-such-page", "/static/app.css", f"{API}/clients", f"{API}/docs", "/healthz"],
)
def test_no_answer_names_the_server_software(server: Server, path: str) -> None:
    response = httpx.get(f"{server.url}{path}", timeout=10)

    assert "server" not in response.headers
    assert "date" in response.headers


def test_a_body_past_the_limit_gets_413_at_once_and_a_short_answer(server: Server) -> None:
    body = b'{"name": "' + b"x" * 10_000_000 + b'"}'
    started = time.monotonic()

    response = post_until_answered(server, body)

    assert response.status_code == 413
    assert time.monotonic() - started < 2
    assert "server" not in response.headers
    assert len(response.content) < 200


def test_a_chunked_body_past_the_limit_gets_413(server: Server) -> None:
    def chunks() -> Iterator[bytes]:
        yield b'{"name": "'
        for _ in range(32):  # 32 chunks of 64 KiB: 2 MiB, announced by no Content-Length
            yield b"x" * 65_536
        yield b'"}'

    response = post_until_answered(server, chunks())

    assert response.status_code == 413
    assert response.request.headers.get("transfer-encoding") == "chunked"
    assert "content-length" not in response.request.headers


def post_until_answered(server: Server, content: object) -> httpx.Response:
    """POST a JSON body to an API route open to anyone (one that needs a token refuses a
    request without one first); the server may answer (and close) before all of it is sent."""
    return httpx.post(
        f"{server.url}{API}/auth/password-reset",
        content=content,  # type: ignore[arg-type]
        headers={"Content-Type": "application/json"},
        timeout=30,
    )


def test_a_proxy_that_is_not_an_address_or_network_is_refused_at_start() -> None:
    # uvicorn would take it as a host name no peer ever matches: a typo would trust no one.
    refused = subprocess.run(
        [str(COACHBOARD), "serve", "--forwarded-allow-ips", "127.0.0.1,10.0.0.0/33"],
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert refused.returncode == 2
    assert "10.0.0.0/33" in refused.stderr


def test_workers_auto_serves_sqlite_from_one_process(
    served_database: str, tmp_path_factory: pytest.TempPathFactory
) -> None:
    # One writer at a time holds the file: more processes would only queue behind its lock.
    logs = tmp_path_factory.mktemp("logs")
    command = [str(COACHBOARD), "serve", "--host", HOST, "--workers", "auto"]
    with running("coachboard", command, served_database, logs, workers=1) as server:
        assert httpx.get(f"{server.url}/healthz", timeout=10).status_code == 200
        assert workers_of(server.process.pid) == []


def test_workers_auto_starts_a_worker_per_core_on_postgresql(
    database_factory: DatabaseFactory, tmp_path_factory: pytest.TempPathFactory
) -> None:
    require_backend("postgresql")
    url = database_factory.create("postgresql")
    migrations.upgrade(url)
    logs = tmp_path_factory.mktemp("logs")
    command = [str(COACHBOARD), "serve", "--host", HOST, "--workers", "auto", "--no-worker"]
    cores = len(os.sched_getaffinity(0))
    with running("coachboard", command, url, logs, workers=cores) as server:
        assert httpx.get(f"{server.url}/healthz", timeout=10).status_code == 200
        assert len(workers_of(server.process.pid)) == cores


@pytest.mark.parametrize("workers", ["0", "two", "-1"])
def test_a_worker_count_that_is_not_a_number_or_auto_is_refused_at_start(workers: str) -> None:
    refused = subprocess.run(
        [str(COACHBOARD), "serve", "--workers", workers],
        capture_output=True,
        text=True,
        timeout=60,
    )

    assert refused.returncode == 2
    assert "--workers" in refused.stderr
