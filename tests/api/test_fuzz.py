"""Schemathesis calls every GET operation of the schema with generated parameters.

Whatever the parameters — valid or not — the API must not answer 500, must answer only the status
codes and content types it documents, and every answer must match its schema. Invalid parameters
must be refused (4xx) and valid ones accepted.
"""

import datetime as dt

import pytest
import schemathesis
from django.core import signals
from django.db import close_old_connections
from hypothesis import HealthCheck, settings

from naptrack.periods.services import periods_for_plan_span
from naptrack.wsgi import application
from tests.api.conftest import build_frameworks

# Loaded when the module is collected: the schema view needs no database. (A lazy schema from a
# fixture, schemathesis.pytest.from_fixture, fails on pytest 9.2, whose nodes lost `_nodeid`.)
# The progress operations are fuzzed in test_progress_fuzz.py, on a plan with stored progress,
# anonymously and as the plan's coordinator.
schema = schemathesis.openapi.from_wsgi("/api/v1/schema/?format=json", application).exclude(
    path_regex=r"/progress/"
)


@schema.hook
def filter_query(ctx, query):
    """Leave out date ranges that end before they start: valid dates, refused with 400 by design."""
    try:
        return dt.date.fromisoformat(query["date_to"]) >= dt.date.fromisoformat(query["date_from"])
    except (KeyError, TypeError, ValueError):
        return True


@pytest.fixture
def plan_in_database(build):
    build_frameworks(build)
    periods_for_plan_span("thai_fiscal", dt.date(2023, 10, 1), dt.date(2027, 9, 30))
    # Django closes the database connection when a request ends, which would end the test's
    # transaction; Django's own test client switches this off in the same way.
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    yield
    signals.request_started.connect(close_old_connections)
    signals.request_finished.connect(close_old_connections)


@schema.parametrize()
@settings(
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=[
        HealthCheck.too_slow,
        HealthCheck.function_scoped_fixture,
        HealthCheck.filter_too_much,
    ],
)
def test_every_get_operation_answers_as_documented(case, plan_in_database):
    case.call_and_validate()
