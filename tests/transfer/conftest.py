"""The page fixtures for the download and import pages."""

from tests.web.conftest import other_pages, pages

__all__ = ["other_pages", "pages"]
