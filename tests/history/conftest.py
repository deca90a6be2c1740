from tests.portal.conftest import sam, sam_account, sam_api
from tests.web.conftest import other_pages, pages

__all__ = ["other_pages", "pages", "sam", "sam_account", "sam_api"]
