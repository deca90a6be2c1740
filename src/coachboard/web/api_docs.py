"""The API's docs page: Swagger UI from the installed fastapi-offline package, not a CDN.

FastAPI's own page loads Swagger UI from a public CDN and starts it with an inline script. This
one serves the same files from this origin and starts Swagger UI from a script file of ours, so
its Content-Security-Policy allows scripts and styles from this origin alone: no CDN, no
'unsafe-inline', no hash to keep in step with FastAPI's markup.
"""

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from coachboard.web.middleware import CONTENT_SECURITY_POLICY

# Mounted before the pages' /static, which would otherwise answer 404 for these paths.
ASSETS = "/static/swagger-ui"

DOCS_PAGE = f"""<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>coachboard API</title>
<link rel="icon" href="/static/favicon.svg" type="image/svg+xml">
<link rel="stylesheet" href="{ASSETS}/swagger-ui.css">
</head>
<body>
<div id="swagger-ui"></div>
<script src="{ASSETS}/swagger-ui-bundle.js"></script>
<script src="/static/api-docs.js" data-openapi-url="{{openapi_url}}"></script>
</body>
</html>
"""


def install_api_docs(app: FastAPI, docs_url: str) -> None:
    """Serve the docs page at docs_url (the app must be made with docs_url=None)."""
    app.mount(ASSETS, StaticFiles(packages=[("fastapi_offline", "static")]), name="swagger-ui")
    page = DOCS_PAGE.replace("{openapi_url}", app.openapi_url or "")

    async def api_docs(_request: Request) -> HTMLResponse:
        return HTMLResponse(page, headers={"Content-Security-Policy": CONTENT_SECURITY_POLICY})

    # A plain route, as FastAPI adds its own docs page: not an API operation.
    app.add_route(docs_url, api_docs, include_in_schema=False)
