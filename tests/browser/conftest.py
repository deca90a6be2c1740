"""Browser tests: Playwright drives Debian's Chromium against the app served by uvicorn.

The app runs in a background thread on a free localhost port, on a fresh migrated SQLite
database (the browser tests need only SQLite: the pages call the same services that the
server-side tests run on both databases). Every table is emptied after each test. Without
/usr/bin/chromium the tests skip, except in CI, where they fail. A failing test leaves a
screenshot in test-artifacts/.
"""

import os
import re
import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
import uvicorn
from playwright.sync_api import Browser, Page, sync_playwright
from sqlalchemy import Engine

from coachboard.core import migrations
from coachboard.core.database import get_engine
from coachboard.core.migrations import PROJECT_ROOT
from coachboard.core.settings import Settings
from coachboard.main import create_app
from tests.conftest import empty_all_tables

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
ARTIFACTS = PROJECT_ROOT / "test-artifacts"
DESKTOP = {"width": 1280, "height": 860}
PHONE = {"width": 390, "height": 844}
REPORTS = pytest.StashKey[dict[str, pytest.TestReport]]()


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    here = Path(__file__).parent
    for item in items:
        if here in item.path.parents:
            item.add_marker(pytest.mark.browser)


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo) -> pytest.TestReport:
    report = yield
    item.stash.setdefault(REPORTS, {})[report.when] = report
    return report


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        reason = f"browser tests need Chromium at {CHROMIUM} (apt-get install chromium)"
        if os.environ.get("CI"):
            pytest.fail(f"{reason}; they are mandatory in CI")
        pytest.skip(reason)
    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture(scope="session")
def live_engine(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    url = f"sqlite:///{tmp_path_factory.mktemp('browser') / 'coachboard.db'}"
    migrations.upgrade(url, "head")
    return get_engine(url)


@pytest.fixture(scope="session")
def live_settings(live_engine: Engine) -> Settings:
    """The settings the live app runs with."""
    return Settings(
        database_url=live_engine.url.render_as_string(hide_password=False),
        secret_key="browser-tests",
    )


@pytest.fixture(scope="session")
def live_server(live_settings: Settings) -> Iterator[str]:
    """The base URL of the app, served by uvicorn in a thread of this process."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    port = listener.getsockname()[1]
    config = uvicorn.Config(create_app(live_settings), log_level="warning", lifespan="off")
    server = uvicorn.Server(config)
    thread = threading.Thread(target=server.run, kwargs={"sockets": [listener]}, daemon=True)
    thread.start()
    deadline = time.monotonic() + 15
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("uvicorn did not start")
        time.sleep(0.05)
    yield f"http://127.0.0.1:{port}"
    server.should_exit = True
    thread.join(timeout=10)
    listener.close()


@dataclass(frozen=True)
class LiveApp:
    """The live app as a step reaches it from outside the browser: where it is served, its
    database and its settings."""

    url: str
    engine: Engine
    settings: Settings


@pytest.fixture(scope="session")
def live_app(live_server: str, live_engine: Engine, live_settings: Settings) -> LiveApp:
    return LiveApp(url=live_server, engine=live_engine, settings=live_settings)


@pytest.fixture(autouse=True)
def _empty_database_after_each_test(live_engine: Engine) -> Iterator[None]:
    yield
    empty_all_tables(live_engine)


@pytest.fixture
def new_page(browser: Browser, live_server: str, request: pytest.FixtureRequest):
    """Open pages in browser contexts of their own (own cookies); screenshots on failure."""
    contexts = []

    def open_page(
        *, java_script: bool = True, viewport: dict[str, int] = DESKTOP, time_zone: str = "UTC"
    ) -> Page:
        # The browser's own zone is what first run and joining offer: fixed, so a test reads
        # the same pages on any machine.
        context = browser.new_context(
            base_url=live_server,
            viewport=viewport,
            java_script_enabled=java_script,
            timezone_id=time_zone,
        )
        context.set_default_timeout(10_000)
        contexts.append(context)
        return context.new_page()

    yield open_page
    reports = request.node.stash.get(REPORTS, {})
    if any(report.failed for report in reports.values()):
        ARTIFACTS.mkdir(exist_ok=True)
        name = re.sub(r"[^\w.-]+", "_", request.node.nodeid.split("::", 1)[-1])
        for number, context in enumerate(contexts):
            for page in context.pages:
                page.screenshot(path=ARTIFACTS / f"{name}-{number}.png", full_page=True)
    for context in contexts:
        context.close()


@pytest.fixture
def page(new_page) -> Page:
    """A page in a fresh browser context: nobody signed in."""
    return new_page()


def save_screenshot(page: Page, name: str) -> Path:
    """A screenshot for people to look at (the README's), kept in test-artifacts/screens/."""
    path = ARTIFACTS / "screens" / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=path, full_page=True)
    return path
