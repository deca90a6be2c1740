"""The API docs page works in a browser with everything from our own origin, under its CSP."""

from urllib.parse import urlsplit

from playwright.sync_api import ConsoleMessage, Page, Request, expect


def test_the_api_docs_render_from_our_origin_without_a_csp_violation(
    page: Page, live_server: str
) -> None:
    requested: list[str] = []
    complaints: list[str] = []
    page.on("request", lambda request: requested.append(request.url))
    page.on("requestfailed", lambda request: complaints.append(failure(request)))
    page.on("console", lambda message: complaints.append(console_error(message)))

    response = page.goto("/api/v1/docs")

    assert response is not None and response.status == 200
    assert "script-src 'self'" in response.headers["content-security-policy"]
    expect(page.get_by_role("heading", name="coachboard")).to_be_visible()
    expect(page.locator(".opblock-summary-path", has_text="/api/v1/clients").first).to_be_visible()
    page.locator(".opblock-summary", has_text="/api/v1/clients").first.click()
    expect(page.get_by_role("button", name="Try it out").first).to_be_visible()
    assert {urlsplit(url).netloc for url in requested} == {urlsplit(live_server).netloc}
    assert [complaint for complaint in complaints if complaint] == []


def failure(request: Request) -> str:
    return f"{request.url}: {request.failure}"


def console_error(message: ConsoleMessage) -> str:
    return message.text if message.type == "error" else ""
