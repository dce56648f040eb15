"""Schemathesis calls every Seal operation as BMA's coordinator and as the listed assessor.

BMA's enrolment is in its external assessment (tests/seal/conftest.py drives it there through
the services): items answered with a file as evidence, an action, scores, a request for more
evidence. Generated ids are mostly swapped for real ones — BMA's records, and Chiang Mai's
enrolment and benchmark, which neither caller may see — so that the requests reach the services
rather than stop at 404. Whatever is sent, the API must not answer 500, must answer only the
status codes and content types it documents, and every answer must match its schema. A body the
schema accepts must also be accepted by the view's input serializer.
"""

import json

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.core.parameters import ParameterLocation
from schemathesis.specs.openapi.checks import negative_data_rejection, positive_data_acceptance

from naptrack.seal import serializers as s
from naptrack.seal import services
from naptrack.seal.models import (
    Action,
    BenchmarkScore,
    EvidenceRequest,
    SealEvidence,
    SelfAssessmentItem,
    Stage,
)
from naptrack.wsgi import application

COORDINATOR = "seal.coordinator"
ASSESSOR = "seal.assessor"


def seal_schema(username: str):
    # Loaded when the module is collected: the schema view needs no database.
    loaded = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application).include(
        path_regex=r"^/api/v1/seal/"
    )
    loaded.config.update(basic_auth=(username, f"pass-{username}"))
    return loaded


coordinator_schema = seal_schema(COORDINATOR)
assessor_schema = seal_schema(ASSESSOR)

BODY_SERIALIZERS = {
    "/api/v1/seal/enrolments/{id}/assign/": s.SealAssignInputSerializer,
    "/api/v1/seal/enrolments/{id}/advance/": s.SealAdvanceInputSerializer,
    "/api/v1/seal/enrolments/{id}/assessment/": s.SealAssessmentStartInputSerializer,
    "/api/v1/seal/enrolments/{id}/conclude/": s.SealConcludeInputSerializer,
    "/api/v1/seal/enrolments/{id}/add-action/": s.SealActionInputSerializer,
    "/api/v1/seal/items/{id}/answer/": s.SealAnswerInputSerializer,
    "/api/v1/seal/items/{id}/review/": s.SealReviewInputSerializer,
    "/api/v1/seal/items/{id}/evidence-requests/": s.SealRequestCreateInputSerializer,
    "/api/v1/seal/evidence-requests/{id}/answer/": s.SealRequestAnswerInputSerializer,
    "/api/v1/seal/scores/{id}/save/": s.SealScoreInputSerializer,
    "/api/v1/seal/actions/{id}/save/": s.SealActionSaveInputSerializer,
    "/api/v1/seal/actions/{id}/report/": s.SealActionReportInputSerializer,
}

# Filled in by the fixture, read by the hook: the real ids of each kind of record.
REAL_IDS: dict[str, list[int]] = {}
KINDS = {
    "programmes": "programmes",
    "enrolments": "enrolments",
    "items": "items",
    "evidence": "evidence",
    "evidence-requests": "requests",
    "scores": "scores",
    "actions": "actions",
}
MODELS = {
    "items": SelfAssessmentItem,
    "scores": BenchmarkScore,
    "actions": Action,
}


def _kind(path: str) -> str:
    return KINDS.get(path.split("/")[4], "enrolments")


def _hook(ctx, case):
    """Swap three ids in four for real ones and make half the expected versions current."""
    if not REAL_IDS or not isinstance(case.path_parameters, dict):
        return case
    if case.meta is not None and case.meta.is_negative_at(ParameterLocation.PATH):
        return case
    kind = _kind(case.path)
    generated = case.path_parameters.get("id")
    if isinstance(generated, int) and not isinstance(generated, bool) and generated % 4:
        pool = REAL_IDS[kind]
        case.path_parameters["id"] = pool[generated % len(pool)]
    body = case.body
    if isinstance(body, dict) and isinstance(body.get("expected_version"), int):
        model = MODELS.get(kind)
        number = case.path_parameters.get("id")
        if model is not None and body["expected_version"] % 2 and isinstance(number, int):
            current = model.objects.filter(pk=number).values_list("version", flat=True).first()
            if current:
                body["expected_version"] = current
    return case


def _register(schema) -> None:
    @schema.hook
    def map_case(ctx, case):
        return _hook(ctx, case)


_register(coordinator_schema)
_register(assessor_schema)


@pytest.fixture
def fuzz_world(seal):
    seal.to_stage(Stage.EXTERNAL_ASSESSMENT)
    item = seal.item("2.1.1")
    seal.act(
        services.evidence_request_create,
        actor=seal.assessor,
        item=item,
        message="Please send the budget lines.",
    )
    SealEvidence.objects.create(item=item, title="Stored file", file="seal/x.pdf")
    other_item = seal.item("1.1.1", seal.other_enrolment)
    hidden_evidence = SealEvidence.objects.create(
        item=other_item, title="Chiang Mai's link", url="https://example.org/cnx"
    )
    REAL_IDS.update(
        programmes=[seal.programme.pk],
        enrolments=[seal.enrolment.pk, seal.enrolment.pk, seal.other_enrolment.pk],
        items=[
            *SelfAssessmentItem.objects.filter(enrolment=seal.enrolment).values_list(
                "pk", flat=True
            ),
            other_item.pk,
        ],
        evidence=[
            *SealEvidence.objects.filter(item__enrolment=seal.enrolment).values_list(
                "pk", flat=True
            ),
            hidden_evidence.pk,
        ],
        requests=list(EvidenceRequest.objects.values_list("pk", flat=True)),
        scores=list(BenchmarkScore.objects.values_list("pk", flat=True)),
        actions=list(Action.objects.values_list("pk", flat=True)),
    )
    # Django closes the database connection when a request ends, which would end the test's
    # transaction; Django's own test client switches this off in the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield seal
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)
    REAL_IDS.clear()


FUZZ_SETTINGS = settings(
    max_examples=6,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.filter_too_much,
    ],
)


def call(case) -> None:
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
        # A valid body may still be refused by the Seal's rules (a stage not reached, a unit that
        # is not the institution's), and DRF accepts "1" for an integer: only the documented
        # answers are required of writes, not acceptance or rejection.
        excluded = [positive_data_acceptance, negative_data_rejection]
    else:
        excluded = []
    case.call_and_validate(excluded_checks=excluded)


@coordinator_schema.parametrize()
@FUZZ_SETTINGS
def test_every_seal_operation_answers_the_coordinator_as_documented(case, fuzz_world):
    call(case)


@assessor_schema.parametrize()
@FUZZ_SETTINGS
def test_every_seal_operation_answers_the_assessor_as_documented(case, fuzz_world):
    call(case)
