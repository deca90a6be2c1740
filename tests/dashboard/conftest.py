"""The page browsers of tests/web, for the home page's tests."""

from tests.web.conftest import other_pages, pages

__all__ = ["other_pages", "pages"]
