from fastapi.testclient import TestClient


def test_a_coach_creates_reads_updates_and_lists_clients(api: TestClient) -> None:
    created = api.post("/api/v1/clients", json={"name": "Dana Doe", "email": "dana@example.com"})
    assert created.status_code == 201
    client_id = created.json()["id"]

    api.post("/api/v1/clients", json={"name": "ari Able"})
    renamed = api.patch(
        f"/api/v1/clients/{client_id}", json={"name": "Dana D.", "status": "archived"}
    )

    assert renamed.status_code == 200
    assert renamed.json()["name"] == "Dana D."
    assert renamed.json()["status"] == "archived"
    listing = api.get("/api/v1/clients").json()
    assert listing["total"] == 2
    assert [c["name"] for c in listing["items"]] == ["ari Able", "Dana D."]
    assert api.get("/api/v1/clients", params={"q": "DANA"}).json()["total"] == 1


def test_a_client_body_with_an_unknown_field_is_refused_naming_it(api: TestClient) -> None:
    response = api.post("/api/v1/clients", json={"name": "Dana", "nickname": "D"})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "nickname"]


def test_another_coachs_client_is_not_found_for_every_verb(
    api: TestClient, other_api: TestClient
) -> None:
    client_id = api.post("/api/v1/clients", json={"name": "Dana"}).json()["id"]

    assert other_api.get(f"/api/v1/clients/{client_id}").status_code == 404
    assert other_api.patch(f"/api/v1/clients/{client_id}", json={"name": "x"}).status_code == 404
    assert other_api.delete(f"/api/v1/clients/{client_id}").status_code == 404
    assert other_api.get("/api/v1/clients").json()["total"] == 0
    assert api.get(f"/api/v1/clients/{client_id}").json()["name"] == "Dana"


def test_the_api_needs_a_bearer_token(client: TestClient) -> None:
    response = client.get("/api/v1/clients")

    assert response.status_code == 401
    assert response.headers["www-authenticate"] == "Bearer"


def test_text_with_a_nul_character_is_refused_naming_the_field(api: TestClient) -> None:
    response = api.post("/api/v1/clients", json={"name": "Dana\x00Doe"})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "name"]


def test_a_search_with_a_nul_character_finds_by_the_rest(api: TestClient) -> None:
    api.post("/api/v1/clients", json={"name": "Dana Doe"})

    response = api.get("/api/v1/clients", params={"q": "Da\x00na"})

    assert response.status_code == 200
    assert response.json()["total"] == 1


def test_an_offset_beyond_any_list_is_refused_not_a_server_error(api: TestClient) -> None:
    response = api.get("/api/v1/clients", params={"offset": 10**20})

    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["query", "offset"]


def test_a_search_for_an_underscore_matches_only_names_with_one(api: TestClient) -> None:
    api.post("/api/v1/clients", json={"name": "Dana Doe"})
    api.post("/api/v1/clients", json={"name": "team_alpha"})

    names = [c["name"] for c in api.get("/api/v1/clients", params={"q": "_"}).json()["items"]]

    assert names == ["team_alpha"]
