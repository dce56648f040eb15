"""The framework pages as a coordinator and the public see them, in Thai and English."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from naptrack.frameworks.models import PlanStatus


@pytest.fixture
def nap(build):
    dwf = build.organization(
        "dwf",
        name_th="กรมกิจการสตรีและสถาบันครอบครัว",
        name_en="Department of Women's Affairs and Family Development",
        abbreviation_th="สค.",
        abbreviation_en="DWF",
    )
    sbpac = build.organization(
        "sbpac",
        name_th="ศูนย์อำนวยการบริหารจังหวัดชายแดนภาคใต้",
        name_en="Southern Border Provinces Administrative Centre",
        abbreviation_th="ศอ.บต.",
        abbreviation_en="SBPAC",
    )
    plan = build.plan(
        "th-nap-wps",
        title="NAP on Women, Peace and Security 2567–2570",
        title_th="แผนปฏิบัติการสตรี สันติภาพ และความมั่นคง",
        owner=dwf,
        area=build.country(),
    )
    pillar = plan.node("1", "Participation and Empowerment")
    outcome = pillar.child("1.1", "Women take part in peace processes")
    ind = outcome.indicator(
        "1.1.1",
        "Women in local peace committees",
        lead=sbpac,
        unit_en="persons",
        unit_th="คน",
        name_th="จำนวนสตรีในคณะกรรมการสันติภาพระดับพื้นที่",
    )
    ind.supported_by(dwf)
    ind.baseline(120, is_demo=True)
    ind.target("FY2568", 150, is_demo=True)
    ind.target("FY2569", 180, is_demo=True)
    plan.node("2", "Protection").child("2.1", "Survivors are protected").indicator(
        "2.1.1", "Shelters meeting the standard", lead=dwf
    )
    return plan


def test_home_lists_published_plans_in_thai(client, nap):
    response = client.get("/th/")
    html = response.content.decode()
    assert response.status_code == 200
    assert "แผนปฏิบัติการสตรี สันติภาพ และความมั่นคง" in html
    assert "ปีงบประมาณ พ.ศ. 2567–2570" in html
    assert 'lang="th"' in html


def test_home_in_english_shows_fiscal_years_with_dates(client, nap):
    html = client.get("/en/").content.decode()
    assert "NAP on Women, Peace and Security 2567–2570" in html
    assert "FY2567–FY2570 (Oct 2023 – Sep 2027)" in html


def test_a_draft_plan_is_hidden_from_the_public_and_shown_to_its_owner(client, build, nap):
    draft = build.plan(
        "mps-plan", title="Ministry plan draft", status=PlanStatus.DRAFT, owner="mps"
    )
    assert "Ministry plan draft" not in client.get("/en/").content.decode()
    assert client.get(f"/en/plans/{draft.plan.code}/").status_code == 404
    member = build.user("officer", organization="mps", role="reporter")
    client.force_login(member)
    assert "Ministry plan draft" in client.get("/en/").content.decode()
    assert client.get(f"/en/plans/{draft.plan.code}/").status_code == 200


def test_plan_page_shows_the_tree_with_lead_agency_chips(client, nap):
    html = client.get("/th/plans/th-nap-wps/").content.decode()
    assert "จำนวนสตรีในคณะกรรมการสันติภาพระดับพื้นที่" in html
    assert "ศอ.บต." in html
    assert 'href="/th/plans/th-nap-wps/indicators/1.1.1/"' in html


def test_plan_search_returns_only_matching_branches_as_an_htmx_fragment(client, nap):
    response = client.get(
        "/en/plans/th-nap-wps/?q=shelters", HTTP_HX_REQUEST="true", HTTP_HX_TARGET="plan-tree"
    )
    html = response.content.decode()
    assert response.status_code == 200
    assert "<html" not in html
    assert "Shelters meeting the standard" in html
    assert "Women in local peace committees" not in html


def test_plan_search_finds_an_indicator_by_its_lead_agency(client, nap):
    html = client.get("/th/plans/th-nap-wps/?q=ศอ.บต.").content.decode()
    assert "จำนวนสตรีในคณะกรรมการสันติภาพระดับพื้นที่" in html
    assert "Shelters meeting the standard" not in html


def test_plan_page_queries_do_not_grow_with_the_number_of_indicators(client, nap):
    def count_queries():
        with CaptureQueriesContext(connection) as ctx:
            assert client.get("/en/plans/th-nap-wps/").status_code == 200
        return len(ctx.captured_queries)

    before = count_queries()
    node = nap.plan.nodes.get(code="2.1")
    from tests.builders import NodeBuilder

    for n in range(2, 8):
        NodeBuilder(nap.builder, node).indicator(
            f"2.1.{n}", f"Extra indicator {n}", lead="dwf"
        ).target("FY2568", n)
    assert count_queries() == before


def test_indicator_page_in_thai_shows_buddhist_era_fiscal_years(client, nap):
    html = client.get("/th/plans/th-nap-wps/indicators/1.1.1/").content.decode()
    assert "ปีงบประมาณ พ.ศ. 2568" in html
    assert "ปีงบประมาณ พ.ศ. 2569" in html
    assert "150 คน" in html
    assert "ศอ.บต." in html and "สค." in html


def test_indicator_page_in_english_shows_fiscal_years_with_months(client, nap):
    html = client.get("/en/plans/th-nap-wps/indicators/1.1.1/").content.decode()
    assert "FY2568 (Oct 2024 – Sep 2025)" in html
    assert "Women in local peace committees" in html


def test_unknown_indicator_is_not_found(client, nap):
    assert client.get("/en/plans/th-nap-wps/indicators/9.9.9/").status_code == 404


def test_organization_page_lists_its_indicators_across_plans(client, nap):
    html = client.get("/en/organizations/sbpac/").content.decode()
    assert "Women in local peace committees" in html
    html = client.get("/en/organizations/").content.decode()
    assert "SBPAC" in html


def test_language_switcher_links_to_the_same_page_in_each_language(client, nap):
    html = client.get("/th/plans/th-nap-wps/").content.decode()
    assert 'href="/en/plans/th-nap-wps/"' in html
    assert 'href="/vi/plans/th-nap-wps/"' in html


def test_root_redirects_to_a_language(client, db):
    response = client.get("/", HTTP_ACCEPT_LANGUAGE="en")
    assert response.status_code == 302
    assert response["Location"] == "/en/"


def test_sign_in_and_out(client, build, nap):
    build.user("coordinator", organization="dwf", role="coordinator")
    response = client.post(
        "/en/accounts/login/", {"username": "coordinator", "password": "pass-coordinator"}
    )
    assert response.status_code == 302
    assert "coordinator" in client.get("/en/").content.decode()
    client.post("/en/accounts/logout/")
    response = client.post("/en/accounts/login/", {"username": "coordinator", "password": "wrong"})
    assert response.status_code == 200
    assert "Please enter a correct username and password" in response.content.decode()


def test_reader_can_switch_dates_and_figures_to_thai_digits(client, nap):
    response = client.post(
        "/preferences/digits", {"digits": "thai", "next": "/th/plans/th-nap-wps/indicators/1.1.1/"}
    )
    assert response.status_code == 302
    assert response["Location"] == "/th/plans/th-nap-wps/indicators/1.1.1/"
    html = client.get(response["Location"]).content.decode()
    assert "ปีงบประมาณ พ.ศ. ๒๕๖๘" in html
    assert "๑๕๐ คน" in html
    client.post("/preferences/digits", {"digits": "arabic", "next": "/th/"})
    assert (
        "ปีงบประมาณ พ.ศ. 2568"
        in client.get("/th/plans/th-nap-wps/indicators/1.1.1/").content.decode()
    )


def test_digits_switch_never_redirects_to_another_site(client, db):
    response = client.post(
        "/preferences/digits", {"digits": "thai", "next": "https://evil.example/"}
    )
    assert response["Location"] == "/"


def test_not_found_page_explains_drafts_in_the_readers_language(client, db, settings):
    settings.DEBUG = False
    response = client.get("/en/plans/no-such-plan/")
    assert response.status_code == 404
    assert (
        "Draft plans are visible only to the agencies that work on them"
        in response.content.decode()
    )
    thai = client.get("/th/plans/no-such-plan/").content.decode()
    assert "ไม่พบหน้านี้" in thai
    assert "Page not found" not in thai


def test_counts_are_right_for_a_member_of_an_assigned_agency_who_sees_a_draft(client, build):
    plan = build.plan("draft-plan", title="Draft plan", status=PlanStatus.DRAFT, owner="owner-org")
    node = plan.node("1", "Pillar")
    node.indicator("1.1", "First", lead="assigned").supported_by(build.organization("helper"))
    node.indicator("1.2", "Second", lead="owner-org")
    client.force_login(build.user("member", organization="assigned", role="reporter"))
    html = client.get("/en/").content.decode()
    assert "Draft plan" in html
    assert "<div><dt>Indicators</dt><dd>2</dd></div>" in html


def test_a_public_plan_does_not_reveal_its_draft_parent(client, build):
    parent = build.plan(
        "secret-parent", title="Secret parent plan", status=PlanStatus.DRAFT, owner="ministry"
    )
    build.plan("public-child", title="Public child plan", parent=parent.plan, owner="department")
    home = client.get("/en/").content.decode()
    assert "Public child plan" in home and "Secret parent plan" not in home
    assert "Secret parent plan" not in client.get("/en/plans/public-child/").content.decode()
