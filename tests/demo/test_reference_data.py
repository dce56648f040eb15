"""Loading only the reference data, and the demo data modules themselves."""

import pytest

from naptrack.demo.data.plans import PLANS
from naptrack.demo.services import demo_load
from naptrack.frameworks.models import ALLOWED_AGGREGATIONS, Plan, ReferenceItem
from naptrack.geo.models import Area
from naptrack.organizations.models import Organization


def test_reference_only_loads_areas_organizations_references_and_breakdowns_without_plans_or_users(
    db, django_user_model
):
    result = demo_load(plans=False, accounts=False)

    assert result.plans == [] and result.accounts == []
    assert Area.objects.count() == 1 + 10 + 77 + 4 + 34
    assert Organization.objects.filter(code="dwf").exists()
    assert ReferenceItem.objects.filter(framework__code="sdg", code="5.5.2").exists()
    assert not Plan.objects.exists()
    assert not django_user_model.objects.exists()


@pytest.mark.parametrize("plan", PLANS, ids=lambda p: p.code)
def test_plan_data_use_unique_codes_and_allowed_aggregations(plan):
    nodes = [node.code for node in plan.all_nodes()]
    indicators = list(plan.all_indicators())
    assert len(nodes) == len(set(nodes))
    assert len(indicators) == len({i.code for i in indicators})
    for indicator in indicators:
        assert indicator.aggregation in ALLOWED_AGGREGATIONS[indicator.value_type], indicator.code
        assert indicator.name.get("th") and indicator.name.get("en"), indicator.code


def test_organizations_sync_places_units_after_their_parents_and_updates_in_place(db):
    from django.core.exceptions import ValidationError

    from naptrack.core.services import SYSTEM
    from naptrack.organizations.services import OrganizationSpec, organizations_sync

    unit = OrganizationSpec(code="dwf", kind="department", name_en="DWF", parent="msdhs")
    ministry = OrganizationSpec(code="msdhs", kind="ministry", name_en="MSDHS")

    assert organizations_sync(actor=SYSTEM, specs=[unit, ministry]) == (2, 0)
    renamed = OrganizationSpec(
        code="dwf", kind="department", name_en="DWF", name_th="สค.", parent="msdhs"
    )
    assert organizations_sync(actor=SYSTEM, specs=[renamed, ministry]) == (0, 1)
    assert Organization.objects.get(code="dwf").parent.code == "msdhs"
    orphan = OrganizationSpec(code="bma-sdd", kind="department", name_en="SDD", parent="bma")
    with pytest.raises(ValidationError, match="bma-sdd"):
        organizations_sync(actor=SYSTEM, specs=[orphan])
