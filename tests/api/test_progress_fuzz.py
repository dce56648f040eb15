"""Schemathesis calls the progress operations anonymously and as the plan's coordinator.

The plan holds progress stored by the engine from the real workflow (tests/api/test_progress.py):
SBPAC's report accepted, the police's submitted. Generated plan codes, indicator ids and periods
are mostly swapped for real ones — the plan, a draft the caller may not see, the indicators, the
stored periods in either case — so that the requests reach the stored figures rather than stop
at 404. Whatever is sent, the API must not answer 500, must answer only the status codes and
content types it documents, every answer must match its schema, invalid parameters must be
refused and valid ones accepted. Provisional figures answer 200 to the coordinator, 403 to
anonymous callers: both are documented.
"""

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings
from schemathesis.core.parameters import ParameterLocation

from naptrack.wsgi import application
from tests.api.test_progress import IMMEDIATE_TASKS, LIFE, report_through_the_workflow
from tests.reporting import conftest as reporting

world = reporting.world  # the reporting tests' fixture: agencies and their users

COORDINATOR = "coordinator.dwf"
PROGRESS = r"^/api/v1/(plans/\{code\}|indicators/\{id\})/progress/"


def progress_schema(**config):
    # Loaded when the module is collected: the schema view needs no database.
    loaded = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application)
    loaded = loaded.include(path_regex=PROGRESS)
    if config:
        loaded.config.update(**config)
    return loaded


anonymous_schema = progress_schema()
# HTTP Basic as the plan's coordinator: schemathesis then knows the credentials are real.
coordinator_schema = progress_schema(basic_auth=(COORDINATOR, f"pass-{COORDINATOR}"))

# Filled in by the fixture, read by aim() below.
REAL: dict[str, list] = {}


def _pick(pool: list, seed) -> object:
    return pool[len(str(seed)) % len(pool)]


def aim(case) -> None:
    """Aim three requests in four at the real plan, a hidden draft or real indicators and periods.

    Done in the test rather than in a map_case hook: schemathesis makes the cases of its coverage
    phase before the fixture has made the records. Values generated to break the schema stay as
    they are: swapped, they would turn a request that must be refused into one rightly accepted.
    """
    meta = case.meta
    if not (meta and meta.is_negative_at(ParameterLocation.PATH)):
        code = case.path_parameters.get("code")
        if isinstance(code, str) and len(code) % 4:
            case.path_parameters["code"] = _pick(REAL["plans"], code)
        number = case.path_parameters.get("id")
        if str(number).isdigit() and int(number) % 4:
            case.path_parameters["id"] = REAL["indicators"][int(number) % len(REAL["indicators"])]
    if not (meta and meta.is_negative_at(ParameterLocation.QUERY)) and isinstance(case.query, dict):
        period = case.query.get("period")
        if isinstance(period, str) and period and len(period) % 3:
            case.query["period"] = _pick(REAL["periods"], period)


@pytest.fixture
def progress_world(world, build, settings, django_capture_on_commit_callbacks):
    settings.TASKS = IMMEDIATE_TASKS  # refreshes at commit (see tests/api/test_progress.py)
    report_through_the_workflow(world, build, django_capture_on_commit_callbacks)
    draft = build.plan("mfa-draft", owner=build.organization("mfa"), status="draft")
    hidden = draft.node("A", "Draft pillar").indicator("A.1", "Draft indicator", lead="mfa")
    REAL.update(
        plans=["nap", "nap", "mfa-draft"],
        indicators=[*(i.pk for i in world.indicators.values()), hidden.indicator.pk],
        periods=["FY2568", "fy2568", LIFE, "FY2567"],
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


@anonymous_schema.parametrize()
@FUZZ_SETTINGS
def test_progress_answers_anonymous_callers_as_documented(case, progress_world):
    aim(case)
    case.call_and_validate()


@coordinator_schema.parametrize()
@FUZZ_SETTINGS
def test_progress_answers_the_coordinator_as_documented(case, progress_world):
    aim(case)
    case.call_and_validate()
