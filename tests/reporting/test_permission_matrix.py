"""Who may do what with SBPAC's report, in every state, through the pages, the API and the services.

The actors are every role of SBPAC (the reporting agency), of RTP (another agency reporting in the
same round) and of DWF (the plan's owner), an anonymous visitor and a platform administrator.
The rules are those of reporting/permissions.py:

- reporters of an agency edit, attach evidence to and submit its reports while draft or returned;
- approvers of the agency approve or return them once submitted;
- the plan's coordinators read every report once submitted (not while draft or returned), return
  an approved report, accept it, and reopen an accepted one; platform administrators may do
  what coordinators do, but never what belongs to the agency;
- any member of the agency reads its reports in every state;
- accepted reports are read by viewers who may see the plan, not by other agencies' reporters;
- nobody else learns that the report exists: 404 on pages, API and downloads, never 403.

Each test builds the world once for a state and tries every action of every actor in turn, each
inside a savepoint that is rolled back, so that no step changes what the next one finds. A failure
lists every cell that differs: "submitted · approve · approver.rtp: expected hidden, got refused".
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction

from naptrack.reporting import permissions, services
from naptrack.reporting.models import Report
from tests.reporting.conftest import fill_sbpac

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)

ROLES = ("reporter", "approver", "coordinator", "viewer")
AGENCY = {f"{role}.sbpac" for role in ROLES}  # the report's own agency
ACTORS = [
    *(f"{role}.{org}" for org in ("sbpac", "rtp", "dwf") for role in ROLES),
    "anonymous",
    "superuser",
]
SIGNED_IN = set(ACTORS) - {"anonymous"}
STATES = ["draft", "submitted", "returned", "approved", "accepted"]

# Who may read the report, by state.
READERS = {
    "draft": AGENCY | {"superuser"},
    "returned": AGENCY | {"superuser"},
    "submitted": AGENCY | {"coordinator.dwf", "superuser"},
    "approved": AGENCY | {"coordinator.dwf", "superuser"},
    "accepted": AGENCY | {"coordinator.dwf", "superuser", "viewer.rtp", "viewer.dwf"},
}
# Who may take each step, by state; nobody in the states not named.
PREPARE = {"draft": {"reporter.sbpac"}, "returned": {"reporter.sbpac"}}
DOERS = {
    "save_line": PREPARE,
    "save_narrative": PREPARE,
    "evidence_upload": PREPARE,
    "submit": PREPARE,
    "approve": {"submitted": {"approver.sbpac"}},
    "return": {"submitted": {"approver.sbpac"}, "approved": {"coordinator.dwf", "superuser"}},
    "accept": {"approved": {"coordinator.dwf", "superuser"}},
    "reopen": {"accepted": {"coordinator.dwf", "superuser"}},
}
READS = ["page", "download", "api_read", "api_list"]
WRITES = list(DOERS)


def expected(action: str, state: str) -> dict[str, str]:
    """What each actor gets: ok, refused (403), hidden (404), or sign in (anonymous)."""
    outcome = {}
    for actor in ACTORS:
        if actor == "anonymous":
            outcome[actor] = "sign in"
        elif actor not in READERS[state]:
            outcome[actor] = "hidden"
        elif action in READS or actor in DOERS[action].get(state, set()):
            outcome[actor] = "ok"
        else:
            outcome[actor] = "refused"
    return outcome


# --- The world in each state ------------------------------------------------------------------------


class Rollback(Exception):
    pass


@contextmanager
def rolled_back():
    """Run a step and undo it, whatever it did."""
    try:
        with transaction.atomic():
            yield
            raise Rollback
    except Rollback:
        pass


@pytest.fixture
def matrix(world, build, settings, tmp_path):
    """SBPAC's report, filled, with a file attached, ready to be brought to a state."""
    settings.MEDIA_ROOT = tmp_path
    world.users["superuser"] = build.user("superuser", is_superuser=True)
    report = fill_sbpac(world)
    world.evidence = services.evidence_add(
        actor=world.users["reporter.sbpac"],
        report=report,
        title="Attendance",
        upload=SimpleUploadedFile("attendance.pdf", PDF),
        line=world.line("sbpac", "1.1.1"),
    )
    return world


def bring_to(world, state: str) -> Report:
    report = world.report("sbpac")
    users = world.users
    steps = {
        "draft": [],
        "submitted": [lambda r: services.report_submit(actor=users["reporter.sbpac"], report=r)],
        "returned": [
            lambda r: services.report_submit(actor=users["reporter.sbpac"], report=r),
            lambda r: services.report_return(
                actor=users["approver.sbpac"], report=r, feedback="Fix"
            ),
        ],
        "approved": [
            lambda r: services.report_submit(actor=users["reporter.sbpac"], report=r),
            lambda r: services.report_approve(actor=users["approver.sbpac"], report=r),
        ],
        "accepted": [
            lambda r: services.report_submit(actor=users["reporter.sbpac"], report=r),
            lambda r: services.report_approve(actor=users["approver.sbpac"], report=r),
            lambda r: services.report_accept(actor=users["coordinator.dwf"], report=r),
        ],
    }
    for step in steps[state]:
        report = step(report)
    assert report.state == state
    return report


# --- Pages and API ------------------------------------------------------------------------------------


def outcome_of(response, actor: str) -> str:
    status = response.status_code
    if 200 <= status < 300:
        return "ok"
    if status == 302 and "/login" in response["Location"]:
        return "sign in"
    if status == 403:
        return "sign in" if actor == "anonymous" else "refused"
    if status == 404:
        return "hidden"
    return f"HTTP {status}"


def call(client, world, action: str, report: Report, actor: str) -> str:
    report.refresh_from_db()
    line = world.line("sbpac", "1.1.2")
    api = f"/api/v1/reports/{report.pk}"
    posts = {
        "save_line": (
            f"{api}/lines/{line.pk}/",
            {
                "expected_version": line.version,
                "figures": [{"numerator": 13, "denominator": 40}],
                "reason": "Register corrected",
            },
        ),
        "save_narrative": (
            f"{api}/narrative/",
            {"expected_version": report.version, "progress": "Changed"},
        ),
        "submit": (f"{api}/submit/", {}),
        "approve": (f"{api}/approve/", {}),
        "return": (f"{api}/return/", {"feedback": "Fix the total"}),
        "accept": (f"{api}/accept/", {}),
        "reopen": (f"{api}/reopen/", {"reason": "Correction"}),
    }
    if action == "page":
        response = client.get(f"/en/reports/{report.pk}/")
    elif action == "download":
        response = client.get(f"/en/evidence/{world.evidence.pk}/download/")
    elif action == "api_read":
        response = client.get(f"{api}/")
    elif action == "api_list":
        response = client.get("/api/v1/reports/", {"round": report.round_id})
        if response.status_code == 200:
            listed = {r["id"] for r in response.json()["results"]}
            return "ok" if report.pk in listed else "hidden"
    elif action == "evidence_upload":
        response = client.post(
            f"{api}/evidence/", {"title": "Press release", "url": "https://example.org/news"}
        )
    else:
        path, body = posts[action]
        response = client.post(path, body, content_type="application/json")
    return outcome_of(response, actor)


def mismatches(found: dict[str, dict[str, str]], state: str) -> list[str]:
    return [
        f"{state} · {action} · {actor}: expected {expected(action, state)[actor]}, got {got}"
        for action, by_actor in found.items()
        for actor, got in by_actor.items()
        if got != expected(action, state)[actor]
    ]


@pytest.mark.parametrize("state", STATES)
def test_who_may_do_what_through_pages_and_api(matrix, client, state):
    report = bring_to(matrix, state)
    found: dict[str, dict[str, str]] = {action: {} for action in READS + WRITES}
    for actor in ACTORS:
        client.logout()
        if actor != "anonymous":
            client.force_login(matrix.users[actor])
        for action in READS + WRITES:
            with rolled_back():
                found[action][actor] = call(client, matrix, action, report, actor)

    assert not mismatches(found, state), "\n".join(mismatches(found, state))


# --- Services -----------------------------------------------------------------------------------------


def run_service(world, action: str, report: Report, user) -> str:
    report = Report.objects.get(pk=report.pk)
    line = world.line("sbpac", "1.1.2")
    steps = {
        "save_line": lambda: services.line_save(
            actor=user,
            line=line,
            expected_version=line.version,
            figures={None: {"numerator": "13", "denominator": "40"}},
            reason="Register corrected",
        ),
        "save_narrative": lambda: services.report_save_narrative(
            actor=user, report=report, expected_version=report.version, progress="Changed"
        ),
        "evidence_upload": lambda: services.evidence_add(
            actor=user, report=report, title="Press release", url="https://example.org/news"
        ),
        "submit": lambda: services.report_submit(actor=user, report=report),
        "approve": lambda: services.report_approve(actor=user, report=report),
        "return": lambda: services.report_return(actor=user, report=report, feedback="Fix"),
        "accept": lambda: services.report_accept(actor=user, report=report),
        "reopen": lambda: services.report_reopen(actor=user, report=report, reason="Correction"),
    }
    try:
        steps[action]()
    except PermissionDenied:
        return "refused"
    return "ok"


@pytest.mark.parametrize("state", STATES)
def test_the_services_and_permissions_agree_with_the_same_rules(matrix, state):
    report = bring_to(matrix, state)
    users = {**matrix.users, "anonymous": AnonymousUser()}

    readers = {actor for actor in ACTORS if permissions.can_view_report(users[actor], report)}
    assert readers == READERS[state]
    listed = {
        actor
        for actor in ACTORS
        if permissions.visible_reports(users[actor]).filter(pk=report.pk).exists()
    }
    assert listed == READERS[state]

    for action in WRITES:
        found = {}
        for actor in ACTORS:
            with rolled_back():
                found[actor] = run_service(matrix, action, report, users[actor])
        doers = DOERS[action].get(state, set())
        assert found == {a: "ok" if a in doers else "refused" for a in ACTORS}, action

    # The buttons (and the API's allowed_actions) offer exactly the steps the services allow.
    buttons = {"submit": "submit", "approve": "approve", "return": "return", "accept": "accept"}
    buttons |= {"reopen": "reopen", "edit": "save_line"}
    for actor in ACTORS:
        offered = permissions.allowed_actions(users[actor], report)
        for button, action in buttons.items():
            assert offered[button] == (actor in DOERS[action].get(state, set())), (actor, button)
