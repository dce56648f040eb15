"""Schemathesis posts generated files and fields to POST /api/v1/imports/, anonymously and as the
plan's coordinator. Whatever is sent, the API must not answer 500, must answer only the status codes
and content types it documents, and every answer must match its schema. Nothing a stranger sends is
written."""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.specs.openapi.checks import positive_data_acceptance

from naptrack.reporting.models import Value
from naptrack.wsgi import application
from tests.reporting import conftest as reporting

english = reporting.english  # the reporting tests' fixture
world = reporting.world  # the reporting tests' fixture


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    """Uploaded files go to a temporary folder, never to var/media."""
    settings.MEDIA_ROOT = tmp_path / "media"


COORDINATOR = "coordinator.dwf"


def imports_schema(**config):
    loaded = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
    loaded = loaded.include(path_regex=r"^/api/v1/imports/$")
    if config:
        loaded.config.update(**config)
    return loaded


anonymous_schema = imports_schema()
coordinator_schema = imports_schema(basic_auth=(COORDINATOR, f"pass-{COORDINATOR}"))

FUZZ_SETTINGS = settings(
    max_examples=10,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.filter_too_much,
    ],
)


@pytest.fixture
def connected(world):
    # Django closes the database connection when a request ends, which would end the test's
    # transaction; Django's own test client switches this off in the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield world
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@anonymous_schema.parametrize()
@FUZZ_SETTINGS
def test_imports_answer_anonymous_callers_as_documented(case, connected):
    case.call_and_validate()
    assert not Value.objects.exists()


@coordinator_schema.parametrize()
@FUZZ_SETTINGS
def test_imports_answer_the_coordinator_as_documented(case, connected):
    # A file that matches the schema may still hold no valid value: 422 with its problems is the
    # documented answer, not a refusal of valid data.
    case.call_and_validate(excluded_checks=[positive_data_acceptance])
