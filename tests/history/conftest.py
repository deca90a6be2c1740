from tests.portal.conftest import sam, sam_account, sam_api
from tests.web.conftest import pages

__all__ = ["pages", "sam", "sam_account", "sam_api"]
