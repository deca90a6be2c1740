"""The coach's pages: every concept's and the workspace's page routers, in the order they match."""

from coachboard.web.pages.account import router as account_pages
from coachboard.web.pages.accounts import router as accounts_pages
from coachboard.web.pages.calendar_feeds import router as calendar_feed_pages
from coachboard.web.pages.clients import router as clients_pages
from coachboard.web.pages.commitments import router as commitments_pages
from coachboard.web.pages.dashboard import router as home_page
from coachboard.web.pages.goals import router as goals_pages
from coachboard.web.pages.mail import link_router as unsubscribe_pages
from coachboard.web.pages.mail import router as mail_pages
from coachboard.web.pages.portal import router as portal_pages
from coachboard.web.pages.search import router as search_page
from coachboard.web.pages.sessions import router as sessions_pages
from coachboard.web.pages.shell import router as shell_pages
from coachboard.web.pages.sprints import router as sprints_pages
from coachboard.web.pages.targets import router as targets_pages
from coachboard.web.pages.topics import router as topics_pages
from coachboard.web.pages.transfer import router as transfer_pages
from coachboard.web.workspace.graph import router as graph_tab
from coachboard.web.workspace.history import router as history_pages
from coachboard.web.workspace.review import router as review_tab
from coachboard.web.workspace.shell import placeholder_router
from coachboard.web.workspace.tree import router as tree_tab

# Pages opened from a link that carries its own signed secret (unsubscribe): no CSRF check.
LINK_ROUTERS = [unsubscribe_pages]

# A workspace view's router goes before placeholder_router, whose catch-all tab route stands
# in for views not written yet.
PAGE_ROUTERS = [
    shell_pages,
    home_page,
    accounts_pages,
    account_pages,
    portal_pages,
    calendar_feed_pages,
    transfer_pages,  # before clients_pages and the workspace's catch-all tab route
    clients_pages,
    goals_pages,
    targets_pages,
    sprints_pages,
    sessions_pages,
    commitments_pages,
    topics_pages,
    search_page,
    mail_pages,
    tree_tab,
    graph_tab,
    review_tab,
    history_pages,
    placeholder_router,
]
