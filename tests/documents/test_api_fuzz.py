"""Schemathesis calls the documents operations anonymously and as the plan's coordinator.

The coordinator has asked for documents before: one made (its file ready), one expired, one still
waiting, and another person has one. Generated tokens and request bodies are mostly swapped for
real ones — those jobs, the plan, its period and agencies — so that the requests reach the jobs
and the service rather than stop at 404 or 400. Whatever is sent, the API must not answer 500,
must answer only the status codes and content types it documents, every answer must match its
schema, invalid input must be refused and valid input accepted. Jobs asked for here are never
run: the test's transaction never commits.
"""

import datetime as dt
import json

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from django.utils import timezone
from hypothesis import HealthCheck, settings
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from naptrack.documents import services
from naptrack.documents.api import DocumentRequestSerializer
from naptrack.documents.contracts import DocumentSpec
from naptrack.documents.models import DocumentJob
from naptrack.wsgi import application
from tests.documents import jobs_fixtures as fixtures

world, fake_render, media = fixtures.world, fixtures.fake_render, fixtures.media

COORDINATOR = "coordinator.dwf"
DOCUMENTS = r"^/api/v1/documents/"


def documents_schema(**config):
    # Loaded when the module is collected: the schema view needs no database.
    loaded = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
    loaded = loaded.include(path_regex=DOCUMENTS)
    if config:
        loaded.config.update(**config)
    return loaded


anonymous_schema = documents_schema()
coordinator_schema = documents_schema(basic_auth=(COORDINATOR, f"pass-{COORDINATOR}"))

# Filled in by the fixture, read by aim() below.
REAL: dict[str, list] = {}


def _pick(pool: list, seed) -> object:
    return pool[len(str(seed)) % len(pool)]


def aim(case) -> None:
    """Aim three requests in four at real jobs, or at the real plan, periods and agencies."""
    meta = case.meta
    if not (meta and meta.is_negative_at(ParameterLocation.PATH)):
        token = case.path_parameters.get("token")
        if isinstance(token, str) and len(token) % 4:
            case.path_parameters["token"] = _pick(REAL["tokens"], token)
    if not (meta and meta.is_negative_at(ParameterLocation.BODY)) and isinstance(case.body, dict):
        body = case.body
        for field, pool in (("plan", "plans"), ("period", "periods"), ("agency", "agencies")):
            value = body.get(field)
            if isinstance(value, str) and len(value) % 4:
                body[field] = _pick(REAL[pool], value)


@pytest.fixture
def documents_world(world, fake_render, django_capture_on_commit_callbacks):
    coordinator = world.users[COORDINATOR]

    def made(actor, **changes):
        spec = DocumentSpec(
            **{"plan_code": "nap", "period_code": "FY2568", "format": "xlsx", **changes}
        )
        with django_capture_on_commit_callbacks(execute=True):
            return services.document_request(actor=actor, spec=spec)

    ready = made(coordinator)
    expired = made(coordinator, format="docx")
    DocumentJob.objects.filter(pk=expired.pk).update(expires_at=timezone.now() - dt.timedelta(1))
    waiting = services.document_request(
        actor=coordinator,
        spec=DocumentSpec(plan_code="nap", period_code="FY2568", format="pdf"),
    )
    theirs = made(world.users["viewer.dwf"], language="en")
    REAL.update(
        tokens=[ready.token, ready.token, expired.token, waiting.token, theirs.token],
        plans=["nap", "nap", "nope"],
        periods=["FY2568", "FY2568", "FY2599", "CY2024"],
        agencies=["", "sbpac", "rtp", "dwf"],
    )
    # Django closes the database connection when a request ends, which would end the test's
    # transaction; Django's own test client switches this off in the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield world
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)
    REAL.clear()


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


def call(case) -> None:
    aim(case)
    excluded = []
    if case.method.upper() == "POST":
        body = case.body
        # What the schema calls valid, the serializer accepts (DRF refuses NUL in any text, which
        # OpenAPI cannot say) …
        if (
            isinstance(body, dict)
            and not case.meta.is_negative_at(ParameterLocation.BODY)
            and "\\u0000" not in json.dumps(body)
        ):
            checked = DocumentRequestSerializer(data=body)
            assert checked.is_valid(), (body, checked.errors)
        # … but a valid body may still name a period that does not exist, or ask for what the
        # caller may not have: only the documented answers are required of the write.
        excluded = [positive_data_acceptance, negative_data_rejection]
    elif case.path.endswith("/file/"):
        # The file of an expired document is gone (410, documented): a state of the job, not a
        # refusal of the request.
        excluded = [positive_data_acceptance]
    case.call_and_validate(excluded_checks=excluded)


@anonymous_schema.parametrize()
@FUZZ_SETTINGS
def test_documents_answer_anonymous_callers_as_documented(case, documents_world):
    call(case)


@coordinator_schema.parametrize()
@FUZZ_SETTINGS
def test_documents_answer_the_coordinator_as_documented(case, documents_world):
    call(case)
