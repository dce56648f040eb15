"""Bad requests answer 400 and unknown records 404, in JSON; nothing answers 500."""

import pytest


@pytest.mark.parametrize(
    ("path", "params", "field"),
    [
        ("plans/", {"kind": "novel"}, "kind"),
        ("plans/", {"status": "secret"}, "status"),
        ("nodes/", {"parent": "one"}, "parent"),
        ("nodes/", {"parent": str(2**63)}, "parent"),
        ("indicators/", {"node": "-3"}, "node"),
        ("indicators/", {"value_type": "colour"}, "value_type"),
        ("indicators/", {"plan": "nap\x00wps"}, "plan"),
        ("organizations/", {"kind": "club"}, "kind"),
        ("areas/", {"level": "planet"}, "level"),
        ("plans/", {"limit": "0"}, "limit"),
        ("plans/", {"limit": "lots"}, "limit"),
        ("plans/", {"limit": "1001"}, "limit"),
        ("plans/", {"offset": "-1"}, "offset"),
        ("plans/", {"offset": str(10**30)}, "offset"),
    ],
)
def test_a_bad_query_parameter_answers_400_naming_it(frameworks, api, path, params, field):
    response = api.get(path, headers={"Accept-Language": "en"}, **params)

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json"
    body = response.json()
    assert body["detail"] == "Some query parameters are not valid."
    assert list(body["errors"]) == [field]


@pytest.mark.parametrize(
    "path",
    [
        "plans/no-such-plan/",
        "plans/no-such-plan/tree/",
        "nodes/999999/",
        f"nodes/{2**63}/",
        f"indicators/{10**40}/",
        "indicators/-1/",
        "indicators/abc/",
        "organizations/nobody/",
        "areas/XX-99/",
        "periods/FY9999/",
        "periods/not a period/",
        "areas/%0A/",
        "plans/nap%0Awps/tree/",
        "no-such-endpoint/",
        "plans/nap-wps/leaves/",
    ],
)
def test_an_unknown_address_or_code_answers_404_in_json(frameworks, api, path):
    response = api.get(path, headers={"Accept-Language": "en"})

    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json()["detail"]


def test_an_address_without_its_slash_is_redirected(frameworks, api):
    response = api.get("plans")

    assert response.status_code == 301
    assert response["Location"] == "/api/v1/plans/"


def test_the_api_is_read_only(frameworks, client):
    response = client.post("/api/v1/plans/", {"code": "new"}, content_type="application/json")

    assert response.status_code in (403, 405)
    assert client.delete("/api/v1/plans/nap-wps/").status_code in (403, 405)


def test_the_index_lists_the_endpoints(db, api):
    body = api.get("").json()

    assert body["plans"] == "http://testserver/api/v1/plans/"
    assert body["docs"] == "http://testserver/api/v1/docs/"
