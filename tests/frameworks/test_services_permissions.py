"""Who may change a results framework: the owner's coordinators and administrators, platform admins, SYSTEM."""

import datetime as dt
from types import SimpleNamespace

import pytest
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import PermissionDenied
from django.utils.translation import override

from naptrack.core.services import SYSTEM
from naptrack.frameworks import services
from naptrack.frameworks.models import (
    Assignment,
    Baseline,
    Indicator,
    IndicatorDimension,
    Plan,
    ResultNode,
    Target,
)
from naptrack.organizations.models import Role
from naptrack.periods.services import period_get_or_create


@pytest.fixture
def world(build):
    """A NAP owned by the Department of Women's Affairs (dwf), and people in and around it."""
    plan = build.plan("nap-wps", owner="dwf")
    participation = plan.node("1", "Participation")
    outcome = participation.child("1.1", "Women take part in peace processes")
    indicator = outcome.indicator("1.1.1", "Women mediators", lead="dwf")
    sbpac = build.organization("sbpac")
    return SimpleNamespace(
        plan=plan.plan,
        pillar=participation.node,
        prevention=plan.node("2", "Prevention").node,
        outcome=outcome.node,
        indicator=indicator.indicator,
        dwf=plan.plan.owner,
        sbpac=sbpac,
        sex=build.dimension("sex", "female", "male"),
        fy2568=period_get_or_create("FY2568"),
        actors={
            "coordinator of the owner": build.user(
                "coordinator", organization="dwf", role=Role.COORDINATOR
            ),
            "administrator of the owner": build.user(
                "owner-admin", organization="dwf", role=Role.ADMIN
            ),
            "superuser": build.user("root", is_superuser=True, is_staff=True),
            "system": SYSTEM,
            "viewer of the owner": build.user("viewer", organization="dwf", role=Role.VIEWER),
            "reporter of the owner": build.user("reporter", organization="dwf", role=Role.REPORTER),
            "approver of the owner": build.user("approver", organization="dwf", role=Role.APPROVER),
            "coordinator of another agency": build.user(
                "sbpac-coordinator", organization=sbpac, role=Role.COORDINATOR
            ),
            "anonymous": AnonymousUser(),
            "nobody": None,
        },
    )


# Each change a framework can undergo, made by an actor.
CHANGES = {
    "plan_create": lambda w, actor: services.plan_create(
        actor=actor,
        code="dwf-plan-2",
        owner=w.dwf,
        kind="ministry_plan",
        title_en="Second plan",
        start_date=dt.date(2024, 10, 1),
        end_date=dt.date(2026, 9, 30),
    ),  # fmt: skip
    "plan_update": lambda w, actor: services.plan_update(
        actor=actor, plan=w.plan, title_en="Renamed"
    ),
    "node_create": lambda w, actor: services.node_create(
        actor=actor, plan=w.plan, code="3", title_en="Protection"
    ),
    "node_move": lambda w, actor: services.node_move(
        actor=actor, node=w.outcome, parent=w.prevention
    ),
    "indicator_create": lambda w, actor: services.indicator_create(
        actor=actor, node=w.outcome, code="1.1.2", name_en="Women negotiators"
    ),
    "indicator_set_dimensions": lambda w, actor: services.indicator_set_dimensions(
        actor=actor, indicator=w.indicator, dimensions=[(w.sex, None)]
    ),
    "assignment_set": lambda w, actor: services.assignment_set(
        actor=actor, indicator=w.indicator, organization=w.sbpac, role="support"
    ),
    "baseline_set": lambda w, actor: services.baseline_set(
        actor=actor, indicator=w.indicator, value=5
    ),
    "target_set": lambda w, actor: services.target_set(
        actor=actor, indicator=w.indicator, period=w.fy2568, value=10
    ),
}
ALLOWED = ["coordinator of the owner", "administrator of the owner", "superuser", "system"]
REFUSED = [
    "viewer of the owner",
    "reporter of the owner",
    "approver of the owner",
    "coordinator of another agency",
    "anonymous",
    "nobody",
]


def snapshot() -> tuple:
    """What any change of a framework would alter."""
    return (
        sorted(Plan.objects.values_list("code", "title_en")),
        sorted(ResultNode.objects.values_list("code", "parent__code")),
        sorted(Indicator.objects.values_list("code", flat=True)),
        Assignment.objects.count(),
        IndicatorDimension.objects.count(),
        Baseline.objects.count(),
        Target.objects.count(),
    )


@pytest.mark.parametrize("actor", REFUSED)
@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_by_someone_who_does_not_shape_the_plan_is_refused_and_leaves_nothing(
    world, change, actor
):
    before = snapshot()

    with override("en"), pytest.raises(PermissionDenied) as refused:
        CHANGES[change](world, world.actors[actor])

    assert str(refused.value) == "You do not have permission to do this."
    assert snapshot() == before


@pytest.mark.parametrize("actor", ALLOWED)
@pytest.mark.parametrize("change", list(CHANGES))
def test_a_change_by_the_owners_coordinator_an_admin_or_the_system_is_made(world, change, actor):
    before = snapshot()

    CHANGES[change](world, world.actors[actor])

    assert snapshot() != before


def test_a_coordinator_cannot_create_a_plan_for_another_agency(world):
    coordinator = world.actors["coordinator of the owner"]

    with pytest.raises(PermissionDenied):
        services.plan_create(
            actor=coordinator, code="sbpac-plan", owner=world.sbpac, kind="ministry_plan", title_en="SBPAC plan",
            start_date=dt.date(2024, 10, 1), end_date=dt.date(2026, 9, 30),
        )  # fmt: skip

    assert not Plan.objects.filter(code="sbpac-plan").exists()


def test_a_refused_move_leaves_the_tree_as_it_was(world):
    with pytest.raises(PermissionDenied):
        services.node_move(
            actor=world.actors["reporter of the owner"], node=world.outcome, parent=world.prevention
        )

    assert ResultNode.objects.get(pk=world.outcome.pk).parent == world.pillar


def test_the_administrator_of_another_agency_cannot_change_the_plan(build, world):
    sbpac_admin = build.user("sbpac-admin", organization=world.sbpac, role=Role.ADMIN)

    with pytest.raises(PermissionDenied):
        services.plan_update(
            actor=sbpac_admin, plan=world.plan, title_en="Renamed by another agency"
        )
