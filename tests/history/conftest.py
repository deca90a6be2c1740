from tests.portal.conftest import sam, sam_account, sam_api

__all__ = ["sam", "sam_account", "sam_api"]
