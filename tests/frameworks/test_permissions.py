"""Who may see which plans: plans in force or ended are public; drafts only to those who work on them."""

from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser

from naptrack.frameworks.models import PlanStatus
from naptrack.frameworks.permissions import can_edit_framework, can_view_plan, visible_plans
from naptrack.organizations.models import Role


@pytest.fixture
def world(build):
    """A draft and a published plan of the DWF, the draft with an indicator supported by the SBPAC."""
    draft = build.plan("nap-wps-2571", owner="dwf", status=PlanStatus.DRAFT)
    indicator = draft.node("1", "Participation").indicator("1.1", "Women mediators", lead="dwf")
    indicator.supported_by(build.organization("sbpac"))
    indicator.supported_by(build.organization("sbpac-south"))
    draft.node("2", "Prevention").indicator("2.1", "Women in early warning networks").supported_by(
        build.organization("sbpac")
    )
    published = build.plan("nap-wps", owner="dwf", status=PlanStatus.PUBLISHED)
    users = {
        "anonymous": AnonymousUser(),
        "viewer of another agency": build.user("mfa-viewer", organization="mfa", role=Role.VIEWER),
        "reporter of an assigned agency": build.user(
            "sbpac-reporter", organization="sbpac", role=Role.REPORTER
        ),
        "viewer of the owner": build.user("dwf-viewer", organization="dwf", role=Role.VIEWER),
        "coordinator of the owner": build.user(
            "dwf-coordinator", organization="dwf", role=Role.COORDINATOR
        ),
        "superuser": build.user("root", is_superuser=True, is_staff=True),
    }
    return SimpleNamespace(plans={"draft": draft.plan, "published": published.plan}, users=users)


@pytest.mark.parametrize(
    ("user", "status", "visible"),
    [
        ("anonymous", "draft", False),
        ("anonymous", "published", True),
        ("viewer of another agency", "draft", False),
        ("viewer of another agency", "published", True),
        ("reporter of an assigned agency", "draft", True),
        ("reporter of an assigned agency", "published", True),
        ("viewer of the owner", "draft", True),
        ("viewer of the owner", "published", True),
        ("coordinator of the owner", "draft", True),
        ("coordinator of the owner", "published", True),
        ("superuser", "draft", True),
        ("superuser", "published", True),
    ],
)
def test_who_sees_a_draft_and_a_published_plan(world, user, status, visible):
    assert can_view_plan(world.users[user], world.plans[status]) is visible


@pytest.mark.parametrize(
    "user",
    [
        "anonymous",
        "viewer of another agency",
        "reporter of an assigned agency",
        "coordinator of the owner",
        "superuser",
    ],
)
def test_a_plan_is_listed_once_however_many_of_its_indicators_an_agency_works_on(world, user):
    codes = list(visible_plans(world.users[user]).values_list("code", flat=True))

    assert len(codes) == len(set(codes))


@pytest.mark.parametrize(
    ("status", "public"),
    [
        (PlanStatus.DRAFT, False),
        (PlanStatus.PUBLISHED, True),
        (PlanStatus.CLOSED, True),
        (PlanStatus.ARCHIVED, False),
    ],
)
def test_plans_in_force_or_ended_are_public(build, status, public):
    plan = build.plan(f"plan-{status}", status=status).plan

    assert can_view_plan(AnonymousUser(), plan) is public


def test_only_the_owners_coordinators_shape_the_framework(world):
    draft = world.plans["draft"]

    assert can_edit_framework(world.users["coordinator of the owner"], draft)
    assert can_edit_framework(world.users["superuser"], draft)
    assert not can_edit_framework(world.users["viewer of the owner"], draft)
    assert not can_edit_framework(world.users["reporter of an assigned agency"], draft)
    assert not can_edit_framework(world.users["anonymous"], draft)
    assert not can_edit_framework(None, draft)
