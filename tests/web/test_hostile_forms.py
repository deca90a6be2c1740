"""Hostile page forms: text that is not valid UTF-8 (a lone surrogate's bytes, stray bytes) is
saved with replacement characters or shown again, never answered with a 500; a form past the
body limit gets a 413 page."""

import pytest
from fastapi.testclient import TestClient

from tests.web.conftest import csrf_token

MIB = 1024 * 1024
# A lone surrogate as UTF-8 would spell it, two of them reversed, and bytes no UTF-8 has.
UNDECODABLE = [b"\xed\xa0\x80", b"\xed\xb0\x80\xed\xa0\x80", b"\xff\xfe"]


def percent_escaped(raw: bytes) -> str:
    return "".join(f"%{byte:02X}" for byte in raw)


@pytest.mark.parametrize("raw", UNDECODABLE)
def test_an_urlencoded_form_with_undecodable_escapes_is_answered_without_error(
    pages: TestClient, raw: bytes
) -> None:
    token = csrf_token(pages, "/clients/new")
    body = f"name=Sam{percent_escaped(raw)}&notes={percent_escaped(raw)}&csrf_token={token}"

    response = pages.post(
        "/clients/new",
        content=body.encode(),
        headers={"Content-Type": "application/x-www-form-urlencoded"},
    )

    assert response.status_code == 200
    assert "Sam\ufffd" in response.text  # the client's page, its name as far as it decodes


@pytest.mark.parametrize("raw", UNDECODABLE)
def test_a_multipart_form_with_undecodable_bytes_is_answered_without_error(
    pages: TestClient, raw: bytes
) -> None:
    token = csrf_token(pages, "/clients/new")

    response = pages.post(
        "/clients/new",
        files={"name": (None, b"Sam" + raw), "csrf_token": (None, token.encode())},
    )

    assert response.status_code in {200, 400, 422}
    response.content.decode("utf-8")


def test_a_large_page_form_gets_a_413_page(pages: TestClient) -> None:
    form = {
        "name": "Sam",
        "notes": "n" * (2 * MIB),
        "csrf_token": csrf_token(pages, "/clients/new"),
    }

    response = pages.post("/clients/new", data=form)

    assert response.status_code == 413
    assert response.headers["content-type"].startswith("text/html")
    assert "too much to send" in response.text
