"""The coach's pages: every concept's and the workspace's page routers, in the order they match."""

from coachboard.accounts.account_pages import router as account_pages
from coachboard.accounts.pages import router as accounts_pages
from coachboard.calendar_feeds.pages import router as calendar_feed_pages
from coachboard.clients.pages import router as clients_pages
from coachboard.commitments.pages import router as commitments_pages
from coachboard.dashboard.pages import router as home_page
from coachboard.goals.pages import router as goals_pages
from coachboard.mail.pages import link_router as unsubscribe_pages
from coachboard.mail.pages import router as mail_pages
from coachboard.portal.pages import router as portal_pages
from coachboard.search.pages import router as search_page
from coachboard.sessions.pages import router as sessions_pages
from coachboard.sprints.pages import router as sprints_pages
from coachboard.targets.pages import router as targets_pages
from coachboard.topics.pages import router as topics_pages
from coachboard.transfer.pages import router as transfer_pages
from coachboard.web.pages import router as shell_pages
from coachboard.workspace.graph import router as graph_tab
from coachboard.workspace.history import router as history_pages
from coachboard.workspace.review import router as review_tab
from coachboard.workspace.shell import placeholder_router
from coachboard.workspace.tree import router as tree_tab

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
