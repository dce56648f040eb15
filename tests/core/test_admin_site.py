"""The configuration admin opens in Thai and English, and every page of every model renders."""

import pytest
from django.contrib import admin
from django.core import checks
from django.urls import reverse
from django.utils.translation import override

from naptrack.core.services import SYSTEM
from naptrack.frameworks import services
from naptrack.frameworks.models import ReferenceFramework, ReferenceItem
from naptrack.geo.models import Area, AreaGroup, AreaLevel
from naptrack.organizations.models import Role

REGISTERED = sorted(admin.site._registry.items(), key=lambda item: item[0]._meta.label)
OURS = [
    (model, model_admin)
    for model, model_admin in REGISTERED
    if model._meta.app_label in {"geo", "organizations", "periods", "frameworks"}
]


def ids(registered):
    return [model._meta.label for model, _ in registered]


@pytest.fixture
def framework(build):
    """A plan with a little of everything the admin lists."""
    thailand = build.country()
    pattani = Area.objects.create(
        code="TH-94", level=AreaLevel.PROVINCE, parent=thailand, name_th="ปัตตานี", name_en="Pattani"
    )
    AreaGroup.objects.create(code="southern-border", name_en="Southern border provinces").areas.add(
        pattani
    )
    plan = build.plan("nap-wps", title="NAP WPS 2567–2570", area=thailand)
    outcome = plan.node("1", "Participation").child("1.1", "Women take part in peace processes")
    sdg = ReferenceFramework.objects.create(code="sdg", name_en="Sustainable Development Goals")
    outcome.node.references.add(
        ReferenceItem.objects.create(
            framework=sdg, code="5.5.2", title_en="Women in managerial positions"
        )
    )
    sex = build.dimension("sex", "female", "male")
    mediators = (
        outcome.indicator("1.1.1", "Women mediators", lead="dwf")
        .breakdown_by(sex)
        .supported_by(build.organization("sbpac"))
    )
    mediators.baseline(12, source="DWF records 2566")
    mediators.target("FY2568", 30)
    mediators.target("FY2568", 20, breakdown=build.breakdown(build.option("sex", "female")))
    share = outcome.indicator(
        "1.1.2", "Share of women negotiators", value_type="percentage", aggregation="ratio"
    )
    services.target_set(
        actor=SYSTEM,
        indicator=share.indicator,
        period=mediators.indicator.targets.first().period,
        numerator=1,
        denominator=4,
    )
    build.user("somchai", organization="dwf", role=Role.REPORTER)
    return plan


def admin_url(name: str, language: str, *args) -> str:
    with override(language):
        return reverse(f"admin:{name}", args=args)


def url_name(model, page: str) -> str:
    return f"{model._meta.app_label}_{model._meta.model_name}_{page}"


@pytest.mark.parametrize("language", ["th", "en"])
def test_the_admin_index_opens_in_the_language_of_its_address(admin_client, language):
    response = admin_client.get(f"/{language}/admin/")

    assert response.status_code == 200
    assert f'<html lang="{language}"' in response.text
    assert ("ออกจากระบบ" if language == "th" else "Log out") in response.text


def test_the_english_admin_is_named_after_the_platform(admin_client):
    response = admin_client.get("/en/admin/")

    assert "NAPtrack administration" in response.text
    for name in ("Plans", "Indicators", "Targets", "Periods", "Organizations", "Areas"):
        assert name in response.text


def test_someone_signed_out_is_sent_to_the_admin_sign_in(client, db):
    response = client.get("/th/admin/frameworks/plan/")

    assert response.status_code == 302
    assert response["Location"].startswith("/th/admin/login/")


def test_every_model_of_the_domain_is_registered():
    registered = {model._meta.label for model, _ in OURS}

    assert registered == {
        "geo.Area", "geo.AreaGroup", "organizations.Organization", "organizations.Membership", "periods.Period",
        "frameworks.Plan", "frameworks.PlanLevel", "frameworks.ReferenceFramework", "frameworks.ReferenceItem",
        "frameworks.ResultNode", "frameworks.Dimension", "frameworks.Option", "frameworks.Breakdown",
        "frameworks.Indicator", "frameworks.IndicatorDimension", "frameworks.Assignment", "frameworks.Baseline",
        "frameworks.Target",
    }  # fmt: skip


def test_the_admin_configuration_passes_djangos_checks():
    assert [str(message) for message in checks.run_checks(tags=[checks.Tags.admin])] == []


@pytest.mark.parametrize("language", ["th", "en"])
@pytest.mark.parametrize(("model", "model_admin"), REGISTERED, ids=ids(REGISTERED))
def test_every_changelist_renders_with_rows_and_with_a_search(
    admin_client, framework, model, model_admin, language
):
    url = admin_url(url_name(model, "changelist"), language)

    listed = admin_client.get(url)
    searched = admin_client.get(url, {"q": "1"})

    assert listed.status_code == 200
    assert searched.status_code == 200
    if model._meta.app_label in {"frameworks", "geo", "organizations", "periods"}:
        assert listed.context["cl"].result_count > 0, "the fixture should give every list a row"


@pytest.mark.parametrize(("model", "model_admin"), OURS, ids=ids(OURS))
def test_every_add_and_change_page_renders(admin_client, framework, model, model_admin):
    first = model._default_manager.order_by("pk").first()

    assert admin_client.get(admin_url(url_name(model, "add"), "en")).status_code == 200
    assert admin_client.get(admin_url(url_name(model, "change"), "th", first.pk)).status_code == 200
    assert admin_client.get(admin_url(url_name(model, "change"), "en", first.pk)).status_code == 200


@pytest.mark.parametrize(("model", "model_admin"), OURS, ids=ids(OURS))
def test_every_autocomplete_finds_what_it_offers(admin_client, framework, model, model_admin):
    for field_name in model_admin.autocomplete_fields:
        response = admin_client.get(
            admin_url("autocomplete", "en"),
            {
                "app_label": model._meta.app_label,
                "model_name": model._meta.model_name,
                "field_name": field_name,
                "term": "",
            },
        )
        assert response.status_code == 200, field_name
