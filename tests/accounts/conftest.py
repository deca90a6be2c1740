"""The page browsers of tests/web, for account tests that go through a page."""

from tests.web.conftest import anonymous, pages

__all__ = ["anonymous", "pages"]
