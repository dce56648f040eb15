"""The OpenAPI document and its interactive documentation, which must work offline."""

import re

import yaml
from django.contrib.staticfiles import finders
from django.core.management import call_command


def test_the_schema_is_yaml_by_default_and_json_on_request(db, client):
    as_yaml = client.get("/api/v1/schema/")
    as_json = client.get("/api/v1/schema/", {"format": "json"})

    assert as_yaml.status_code == as_json.status_code == 200
    assert as_yaml["Content-Type"].startswith("application/vnd.oai.openapi")
    assert as_json["Content-Type"].startswith("application/vnd.oai.openapi+json")
    document = as_json.json()
    assert yaml.safe_load(as_yaml.content)["paths"].keys() == document["paths"].keys()
    assert document["openapi"].startswith("3.")
    assert {
        "/api/v1/plans/",
        "/api/v1/plans/{code}/",
        "/api/v1/plans/{code}/tree/",
        "/api/v1/nodes/",
        "/api/v1/nodes/{id}/",
        "/api/v1/indicators/",
        "/api/v1/indicators/{id}/",
        "/api/v1/organizations/",
        "/api/v1/organizations/{code}/",
        "/api/v1/areas/",
        "/api/v1/areas/{code}/",
        "/api/v1/periods/",
        "/api/v1/periods/{code}/",
    } <= document["paths"].keys()
    # The framework, reporting and progress reads are GET; the reporting writes are each a POST to
    # an action of a report. (Documents, imports and the Seal have their own writes, tested there.)
    for path, operations in document["paths"].items():
        if path.startswith(("/api/v1/documents/", "/api/v1/imports/", "/api/v1/seal/")):
            assert set(operations) <= {"get", "post", "put", "patch", "delete"}, path
            continue
        is_write = path.startswith("/api/v1/reports/{id}/") and path != "/api/v1/reports/{id}/"
        assert set(operations) == ({"post"} if is_write else {"get"}), path


def test_every_operation_documents_lang_and_its_errors(db, client):
    document = client.get("/api/v1/schema/", {"format": "json"}).json()

    for path, operations in document["paths"].items():
        if path == "/api/v1/":
            continue
        for operation in operations.values():
            assert "lang" in {p["name"] for p in operation["parameters"]}, path
            assert "400" in operation["responses"], path
            assert {"200", "201"} & operation["responses"].keys(), path
            if "{" in path:
                assert "404" in operation["responses"], path


def test_the_schema_generates_without_warnings_and_validates(db, tmp_path):
    # --fail-on-warn turns any drf-spectacular warning or error into a SchemaGenerationError.
    call_command(
        "spectacular", "--validate", "--fail-on-warn", "--file", str(tmp_path / "schema.yaml")
    )

    assert (
        "/api/v1/indicators/{id}/"
        in yaml.safe_load((tmp_path / "schema.yaml").read_text())["paths"]
    )


def test_the_docs_page_loads_its_assets_from_this_server(db, client):
    response = client.get("/api/v1/docs/")

    assert response.status_code == 200
    html = response.content.decode()
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui-bundle.js" in html
    assert "/static/drf_spectacular_sidecar/swagger-ui-dist/swagger-ui.css" in html
    assert "/api/v1/schema/" in html
    external = re.findall(r"""(?:src|href)\s*=\s*["'](?:https?:)?//[^"']+""", html)
    assert external == []
    for cdn in ("cdn.jsdelivr.net", "unpkg.com", "cdnjs.cloudflare.com", "fonts.googleapis.com"):
        assert cdn not in html
    # Swagger UI would otherwise show a badge image from validator.swagger.io.
    assert '"validatorUrl": null' in html


def test_the_sidecar_assets_ship_with_the_static_files():
    # collectstatic copies them into STATIC_ROOT, where whitenoise serves them.
    for asset in (
        "swagger-ui-bundle.js",
        "swagger-ui-standalone-preset.js",
        "swagger-ui.css",
        "favicon-32x32.png",
    ):
        assert finders.find(f"drf_spectacular_sidecar/swagger-ui-dist/{asset}"), asset
