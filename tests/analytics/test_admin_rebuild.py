"""Editing a framework in the admin recomputes the plan's stored progress, after the commit."""

from naptrack.frameworks.models import Target
from tests.analytics.test_services import SBPAC_FY2567


def test_a_target_changed_in_the_admin_changes_the_stored_achievement(nap, admin_client):
    nap.deliver("FY2567", "sbpac", SBPAC_FY2567)
    assert nap.progress("1.1.1", "FY2567").target == 250
    target = Target.objects.get(indicator=nap.indicators["1.1.1"], period__code="FY2567")
    page = admin_client.get(f"/en/admin/frameworks/target/{target.pk}/change/")
    form = {
        name: value
        for name, value in page.context["adminform"].form.initial.items()
        if value is not None
    }
    form.update(value="120", indicator=target.indicator_id, period=target.period_id)

    with nap.on_commit(execute=True):
        response = admin_client.post(f"/en/admin/frameworks/target/{target.pk}/change/", form)

    assert response.status_code == 302, response.context["adminform"].form.errors
    trained = nap.progress("1.1.1", "FY2567")
    assert (trained.target, trained.status) == (120, "achieved")


def test_a_target_deleted_in_the_admin_gives_way_to_the_path_to_the_life_target(nap, admin_client):
    nap.deliver("FY2567", "sbpac", SBPAC_FY2567)
    target = Target.objects.get(indicator=nap.indicators["1.1.1"], period__code="FY2567")

    with nap.on_commit(execute=True):
        response = admin_client.post(
            f"/en/admin/frameworks/target/{target.pk}/delete/", {"post": "yes"}
        )

    assert response.status_code == 302
    trained = nap.progress("1.1.1", "FY2567")
    # A cumulative count from zero toward 1,200 over four years: a quarter of the way.
    assert (trained.target, trained.target_source) == (300, "interpolated")
