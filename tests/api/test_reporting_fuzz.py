"""Schemathesis calls every reporting operation as a signed-in reporter of SBPAC.

Generated ids are mostly swapped for real ones — SBPAC's own draft, RTP's draft (not SBPAC's to
see), their lines, the round — so that the requests reach the services rather than stop at 404.
Whatever is sent, the API must not answer 500, must answer only the status codes and content
types it documents, and every answer must match its schema. Writes may be refused (4xx): the
figures the schema allows are not all valid figures, and the report moves on once submitted.
A body the schema accepts must also be accepted by the view's input serializer, so that the
schema never promises more than the API takes.
"""

import json

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from naptrack.api import serializers_reporting as s
from naptrack.reporting.models import Report, ReportLine
from naptrack.wsgi import application
from tests.reporting import conftest as reporting
from tests.reporting.conftest import fill_sbpac

world = reporting.world  # the reporting tests' fixture: agencies and their users

REPORTER = "reporter.sbpac"
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application).include(
    path_regex=r"^/api/v1/(reports|rounds)/"
)
# HTTP Basic as the reporter: schemathesis then knows the credentials are real (and checks that
# the API refuses the same request without them, or with made-up ones).
schema.config.update(basic_auth=(REPORTER, f"pass-{REPORTER}"))

# Filled in by the fixture, read by the hook below: {"reports": [...], "lines": [...], "rounds": [...]}
REAL_IDS: dict[str, list[int]] = {}

# What each write reads its JSON body with.
BODY_SERIALIZERS = {
    "/api/v1/reports/{id}/lines/{line_id}/": s.LineSaveSerializer,
    "/api/v1/reports/{id}/narrative/": s.NarrativeSaveSerializer,
    "/api/v1/reports/{id}/submit/": s.SubmitSerializer,
    "/api/v1/reports/{id}/return/": s.ReturnSerializer,
    "/api/v1/reports/{id}/approve/": s.CommentSerializer,
    "/api/v1/reports/{id}/accept/": s.CommentSerializer,
    "/api/v1/reports/{id}/reopen/": s.ReopenSerializer,
}


@schema.hook
def map_case(ctx, case):
    """Aim most requests at real records, so that they reach the services rather than a 404.

    Three ids in four are swapped for real ones (SBPAC's report, its lines, RTP's report, the
    round); the fourth keeps the generated id. Half the expected versions are made current, so
    that saves are judged on their figures rather than refused as stale.
    """
    if not REAL_IDS or not isinstance(case.path_parameters, dict):
        return case
    # A deliberately invalid id (0, negative) must stay invalid, or the API rightly answers 200
    # to what schemathesis then reports as a schema-violating request accepted.
    if case.meta is not None and case.meta.is_negative_at(ParameterLocation.PATH):
        return case
    kind = "rounds" if case.path.startswith("/api/v1/rounds/") else "reports"
    for name, pool in (("id", REAL_IDS[kind]), ("line_id", REAL_IDS["lines"])):
        generated = case.path_parameters.get(name)
        if isinstance(generated, int) and not isinstance(generated, bool) and generated % 4:
            case.path_parameters[name] = pool[generated % len(pool)]
    body = case.body
    if isinstance(body, dict) and isinstance(body.get("expected_version"), int):
        if body["expected_version"] % 2:
            body["expected_version"] = current_version(case.path_parameters)
    return case


def current_version(path_parameters: dict) -> int:
    def number(name: str) -> int:
        value = path_parameters.get(name)
        return value if isinstance(value, int) and 0 < value < 2**63 else 0

    line = ReportLine.objects.filter(pk=number("line_id")).first()
    if line is not None:
        return line.version
    report = Report.objects.filter(pk=number("id")).first()
    return report.version if report is not None else 1


@pytest.fixture
def reporting_world(world, settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    fill_sbpac(world)
    sbpac, rtp = world.report("sbpac"), world.report("rtp")
    REAL_IDS.update(
        reports=[sbpac.pk, sbpac.pk, rtp.pk],
        lines=[
            *sbpac.lines.values_list("pk", flat=True),
            rtp.lines.values_list("pk", flat=True)[0],
        ],
        rounds=[world.round.pk],
    )
    # Django closes the database connection when a request ends, which would end the test's
    # transaction; Django's own test client switches this off in the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield world
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)
    REAL_IDS.clear()


@schema.parametrize()
@settings(
    max_examples=10,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.filter_too_much,
    ],
)
def test_every_reporting_operation_answers_as_documented(case, reporting_world):
    if case.method.upper() == "POST":
        serializer = BODY_SERIALIZERS.get(case.path)
        body = case.body if isinstance(case.body, dict) else {}
        # DRF refuses NUL in any text (PostgreSQL could not store it), which OpenAPI cannot say.
        if (
            serializer is not None
            and not case.meta.is_negative_at(ParameterLocation.BODY)
            and "\\u0000" not in json.dumps(body)
        ):
            checked = serializer(data=body)
            assert checked.is_valid(), (body, checked.errors)
        # A write with a valid body may still be refused by the rules (a percentage of 140, a
        # report already submitted), and DRF accepts "1" for an integer: only the documented
        # answers are required of writes, not acceptance or rejection.
        excluded = [positive_data_acceptance, negative_data_rejection]
    else:
        excluded = []
    case.call_and_validate(excluded_checks=excluded)
