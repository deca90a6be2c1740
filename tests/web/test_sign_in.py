"""Signing in and out of the pages, the session cookie's flags, and where visitors are sent."""

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from coachboard.models.accounts import User
from coachboard.models.clients import Client
from coachboard.web.auth import SESSION_COOKIE
from tests.web.conftest import browser_for, field_error, sign_in, submit


def session_cookie_header(response) -> str:
    headers = [h for h in response.headers.get_list("set-cookie") if h.startswith(SESSION_COOKIE)]
    assert headers, "no session cookie set"
    return headers[-1].lower()


def test_signing_in_sets_an_httponly_samesite_lax_cookie_not_secure_over_http(
    anonymous: TestClient, coach: User
) -> None:
    response = sign_in(anonymous, coach.email)

    flags = [part.strip() for part in session_cookie_header(response).split(";")]
    assert "httponly" in flags
    assert "samesite=lax" in flags
    assert "secure" not in flags
    assert response.headers["location"] == "/"


def test_over_https_the_session_cookie_is_secure(app: FastAPI, coach: User) -> None:
    with browser_for(app, base_url="https://testserver") as browser:
        response = sign_in(browser, coach.email)

        flags = [part.strip() for part in session_cookie_header(response).split(";")]
        assert "secure" in flags and "httponly" in flags and "samesite=lax" in flags
        assert browser.get("/clients").url.path == "/clients"


def test_a_signed_out_visitor_is_sent_to_sign_in_and_brought_back_after(
    anonymous: TestClient, coach: User, dana: Client
) -> None:
    wanted = f"/clients/{dana.id}/edit"

    bounced = anonymous.get(wanted, follow_redirects=False)

    assert bounced.status_code == 303
    assert bounced.headers["location"] == f"/sign-in?next=%2Fclients%2F{dana.id}%2Fedit"
    page = anonymous.get(bounced.headers["location"])
    assert f'name="next" value="{wanted}"' in page.text
    signed_in = submit(
        anonymous, "/sign-in", {"email": coach.email, "password": "s3cret-pass-42", "next": wanted}
    )
    assert signed_in.url.path == wanted


@pytest.mark.parametrize(
    "elsewhere", ["https://evil.example", "//evil.example", "/\\evil", "/\t/evil"]
)
def test_after_sign_in_a_next_address_off_this_site_goes_to_the_client_list(
    anonymous: TestClient, coach: User, elsewhere: str
) -> None:
    response = submit(
        anonymous,
        "/sign-in",
        {"email": coach.email, "password": "s3cret-pass-42", "next": elsewhere},
        follow_redirects=False,
    )

    assert response.headers["location"] == "/"


def test_a_wrong_password_is_refused_with_a_message_and_the_email_kept(
    anonymous: TestClient, coach: User
) -> None:
    response = submit(anonymous, "/sign-in", {"email": coach.email, "password": "wrong-pass"})

    assert response.status_code == 422
    assert "That email and password don&#39;t match an account." in response.text
    assert f'value="{coach.email}"' in response.text
    assert anonymous.get("/clients").url.path == "/sign-in"


def test_an_empty_sign_in_form_names_the_missing_fields(anonymous: TestClient, coach: User) -> None:
    response = submit(anonymous, "/sign-in", {"email": "", "password": ""})

    assert response.status_code == 422
    assert field_error(response.text, "email") == "Enter your email address."
    assert field_error(response.text, "password") == "Enter your password."


def test_signing_out_ends_the_session(pages: TestClient) -> None:
    response = submit(pages, "/sign-out", follow_redirects=False)

    assert response.headers["location"] == "/sign-in"
    assert "You&#39;re signed out." in pages.get("/sign-in").text
    assert pages.get("/clients", follow_redirects=False).status_code == 303


def test_a_session_cookie_that_was_tampered_with_counts_as_signed_out(
    pages: TestClient,
) -> None:
    value = pages.cookies[SESSION_COOKIE]
    pages.cookies.set(SESSION_COOKIE, value[:-2] + ("AA" if not value.endswith("AA") else "BB"))

    assert pages.get("/clients", follow_redirects=False).status_code == 303


def test_the_front_door_shows_a_signed_in_coach_their_week(pages: TestClient) -> None:
    response = pages.get("/", follow_redirects=False)

    assert response.status_code == 200
    assert "<h1>This week</h1>" in response.text


def test_the_front_door_sends_a_visitor_to_sign_in_once_an_account_exists(
    anonymous: TestClient, coach: User
) -> None:
    assert anonymous.get("/", follow_redirects=False).headers["location"] == "/sign-in"
    assert anonymous.get("/welcome", follow_redirects=False).headers["location"] == "/sign-in"


def test_pages_carry_security_headers_and_are_not_cached(anonymous: TestClient) -> None:
    response = anonymous.get("/sign-in")

    assert "frame-ancestors 'none'" in response.headers["content-security-policy"]
    assert response.headers["x-content-type-options"] == "nosniff"
    assert response.headers["cache-control"] == "no-store"
    assert "content-security-policy" not in anonymous.get("/api/v1/openapi.json").headers


def test_unknown_pages_answer_an_html_404_and_unknown_api_paths_json(
    anonymous: TestClient,
) -> None:
    page = anonymous.get("/no-such-page")
    api = anonymous.get("/api/v1/no-such-thing")

    assert page.status_code == 404 and "Not found" in page.text
    assert api.status_code == 404 and api.json() == {"detail": "Not Found"}
