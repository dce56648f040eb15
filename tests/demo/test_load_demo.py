"""load_demo: what it loads, that all of it is valid, and that a second run changes nothing.

The demo is loaded once for this module inside a transaction that is rolled back at the end;
each test runs in its own savepoint within it.
"""

import datetime as dt
from dataclasses import replace
from io import StringIO

import pytest
from django.apps import apps
from django.contrib.auth import get_user_model
from django.core.management import call_command
from django.db import transaction
from django.db.models import Count, F, Max, Q

from naptrack.demo.data.accounts import DEMO_PASSWORD
from naptrack.demo.data.plans import PLANS
from naptrack.demo.data.schema import tx
from naptrack.demo.services import demo_load
from naptrack.frameworks.models import (
    Assignment,
    AssignmentRole,
    Baseline,
    CumulativeMode,
    Direction,
    Indicator,
    Option,
    Plan,
    ResultNode,
    Target,
    ValueType,
)
from naptrack.geo.models import Area, AreaGroup, AreaLevel
from naptrack.organizations.models import Membership, Organization, OrganizationKind

ASEAN_MEMBERS = {"BN", "KH", "ID", "LA", "MY", "MM", "PH", "SG", "TH", "VN"}
SOUTHERN_BORDER = {"TH-94", "TH-95", "TH-96", "TH-9003", "TH-9004", "TH-9005", "TH-9006"}


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        result = demo_load()
        yield result
        transaction.set_rollback(True)


def _snapshot() -> dict[str, tuple]:
    """Row counts of every model, and the latest update time of those that keep one."""
    snapshot = {}
    for model in apps.get_models():
        fields = {f.name for f in model._meta.get_fields()}
        latest = (
            model.objects.aggregate(latest=Max("updated_at"))["latest"]
            if "updated_at" in fields
            else None
        )
        snapshot[model._meta.label] = (model.objects.count(), latest)
    return snapshot


# --- Running it again ---------------------------------------------------------------------------


def test_a_second_run_creates_and_changes_nothing(demo, db):
    assert demo.stats.changed
    before = _snapshot()

    again = demo_load()

    assert not again.stats.changed, (dict(again.stats.created), dict(again.stats.updated))
    assert _snapshot() == before


def test_a_second_run_keeps_a_password_the_user_changed(demo, db):
    user = get_user_model().objects.get(username="reporter.sbpac")
    user.set_password("my-own-secret-2568")
    user.save()

    rows = {row.username: row for row in demo_load().accounts}

    user.refresh_from_db()
    assert user.check_password("my-own-secret-2568")
    assert rows["reporter.sbpac"].password == "(changed)"
    assert rows["reporter.rtp"].password == DEMO_PASSWORD


def test_the_command_prints_the_plans_and_the_accounts(demo, db):
    out = StringIO()

    call_command("load_demo", stdout=out)

    text = out.getvalue()
    assert "nothing changed" in text
    assert "th-nap-wps-2567" in text
    assert "coordinator.dwf" in text and "coordinator" in text and DEMO_PASSWORD in text
    assert "สค. · Department of Women's Affairs and Family Development" in text


def _with_indicator_changed(plan, code, **changes):
    def node(n):
        return replace(
            n,
            children=tuple(node(c) for c in n.children),
            indicators=tuple(replace(i, **changes) if i.code == code else i for i in n.indicators),
        )

    return replace(plan, nodes=tuple(node(n) for n in plan.nodes))


def test_a_run_after_the_data_changed_updates_rows_in_place(demo, db, monkeypatch):
    nap = next(p for p in PLANS if p.code == "th-nap-wps-2567")
    peacekeepers = next(i for i in nap.all_indicators() if i.code == "1.1.2.2")
    changed = _with_indicator_changed(
        replace(nap, status="closed"),
        "1.1.2.2",
        name=tx("จำนวนสตรีในภารกิจรักษาสันติภาพ", "Women peacekeepers"),
        lead="rtp",
        support=("mod-th",),
        targets={**peacekeepers.targets, "FY2570": 45},
    )
    monkeypatch.setattr(
        "naptrack.demo.services.PLANS", tuple(changed if p is nap else p for p in PLANS)
    )
    counts = {label: count for label, (count, _) in _snapshot().items()}

    result = demo_load()

    assert dict(result.stats.created) == {}
    assert dict(result.stats.updated) == {
        "frameworks.Plan": 1,
        "frameworks.Indicator": 1,
        "frameworks.Assignment": 2,
        "frameworks.Target": 1,
    }
    assert {label: count for label, (count, _) in _snapshot().items()} == counts
    indicator = Indicator.objects.get(plan__code="th-nap-wps-2567", code="1.1.2.2")
    assert indicator.name_en == "Women peacekeepers"
    assert dict(indicator.assignments.values_list("organization__code", "role")) == {
        "rtp": "lead",
        "mod-th": "support",
        "mfa-th": "support",
    }
    assert indicator.targets.get(period__code="FY2570", breakdown=None).value == 45
    assert Plan.objects.get(code="th-nap-wps-2567").status == "closed"


# --- Every loaded object is valid ---------------------------------------------------------------


def test_every_loaded_object_passes_full_clean(demo, db):
    checked = 0
    for app_label in ("geo", "organizations", "periods", "frameworks"):
        for model in apps.get_app_config(app_label).get_models():
            for obj in model.objects.all():
                obj.full_clean()
                checked += 1
    assert checked > 1000


def test_every_target_lies_within_its_plan(demo, db):
    outside = Target.objects.filter(
        Q(period__start__lt=F("indicator__plan__start_date"))
        | Q(period__end__gt=F("indicator__plan__end_date"))
    )
    assert Target.objects.count() > 200
    assert not outside.exists()


# --- Areas ----------------------------------------------------------------------------------------


def test_the_77_thai_provinces_have_official_codes_and_names(demo, db):
    provinces = Area.objects.filter(level=AreaLevel.PROVINCE, parent__code="TH")
    assert provinces.count() == 77
    codes = sorted(int(a.official_code) for a in provinces)
    assert codes[0] == 10 and codes[-1] == 96
    assert all(a.code == f"TH-{a.official_code}" for a in provinces)
    names = {a.official_code: (a.name_th, a.name_en) for a in provinces}
    assert names["10"] == ("กรุงเทพมหานคร", "Bangkok")
    assert names["90"] == ("สงขลา", "Songkhla")
    assert names["94"] == ("ปัตตานี", "Pattani")


def test_the_southern_border_group_holds_three_provinces_and_four_songkhla_districts(demo, db):
    group = AreaGroup.objects.get(code="southern-border")
    assert group.name_th == "จังหวัดชายแดนภาคใต้"
    assert set(group.areas.values_list("code", flat=True)) == SOUTHERN_BORDER
    districts = Area.objects.filter(level=AreaLevel.DISTRICT).order_by("code")
    assert [(d.code, d.name_en, d.parent.code) for d in districts] == [
        ("TH-9003", "Chana", "TH-90"),
        ("TH-9004", "Na Thawi", "TH-90"),
        ("TH-9005", "Thepha", "TH-90"),
        ("TH-9006", "Saba Yoi", "TH-90"),
    ]


def test_vietnam_has_34_provinces_and_no_districts(demo, db):
    vietnam = Area.objects.get(code="VN")
    provinces = Area.objects.filter(parent=vietnam)
    assert provinces.count() == 34
    assert set(provinces.values_list("level", flat=True)) == {AreaLevel.PROVINCE}
    assert not Area.objects.filter(parent__parent=vietnam).exists()
    hanoi = Area.objects.get(code="VN-01")
    assert (hanoi.name_vi, hanoi.name_en, hanoi.name_th) == ("Hà Nội", "Ha Noi", "ฮานอย")
    assert Area.objects.get(code="VN-79").name_vi == "TP. Hồ Chí Minh"
    assert all(p.name_vi and p.name_en and p.name_th for p in provinces)
    assert all(p.name_en.isascii() for p in provinces)


def test_asean_has_its_ten_member_states(demo, db):
    region = Area.objects.get(code="ASEAN", level=AreaLevel.REGION)
    assert set(region.children.values_list("code", flat=True)) == ASEAN_MEMBERS
    assert all(c.name_th and c.name_en and c.name_vi for c in region.children.all())


# --- Organizations and breakdowns -----------------------------------------------------------------


def test_organizations_form_the_agency_trees(demo, db):
    def org(code):
        return Organization.objects.get(code=code)

    assert org("dwf").parent.code == "msdhs"
    assert (org("dwf").name_th, org("dwf").abbreviation_th) == ("กรมกิจการสตรีและสถาบันครอบครัว", "สค.")
    assert org("sbpac-ccw").parent.code == "sbpac"
    assert org("sbpac-ccw").abbreviation_th == "ศป.ดส."
    assert org("bma-bang-rak").parent.code == "bma"
    assert org("vn-mps").name_vi == "Bộ Công an"
    member_states = Organization.objects.filter(kind=OrganizationKind.MEMBER_STATE)
    assert member_states.count() == 10
    assert set(member_states.values_list("parent__code", flat=True)) == {"somswd"}
    assert set(member_states.values_list("country__code", flat=True)) == ASEAN_MEMBERS
    civil_society = Organization.objects.filter(
        kind=OrganizationKind.CIVIL_SOCIETY, country__code="TH"
    )
    assert civil_society.count() == 2
    assert all("(demo)" in o.name_en and "สาธิต" in o.name_th for o in civil_society)


def test_breakdown_dimensions_and_their_options(demo, db):
    def options(dimension):
        return Option.objects.filter(dimension__code=dimension)

    assert set(options("sex").values_list("code", flat=True)) == {"female", "male", "not-stated"}
    assert options("age-group").count() == 4
    assert set(options("disability").values_list("code", flat=True)) == {"with", "without"}
    provinces = options("province")
    assert provinces.count() == 77
    assert not provinces.filter(area__isnull=True).exists()
    assert provinces.get(code="TH-94").area.name_en == "Pattani"
    assert set(options("member-state").values_list("area__code", flat=True)) == ASEAN_MEMBERS


# --- Plans -----------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("code", "top_level"),
    [
        ("th-wps-measures-2566", 5),
        ("th-nap-wps-2567", 4),
        ("vn-nap-wps-2024", 4),
        ("vn-mps-wps-2025", 3),
        ("asean-somswd-2021", 4),
        ("bma-gender-seal-2567", 3),
    ],
)
def test_each_plan_has_its_top_level_results(demo, db, code, top_level):
    plan = Plan.objects.get(code=code)
    assert ResultNode.objects.filter(plan=plan, parent=None).count() == top_level
    assert plan.levels.count() >= 2
    assert plan.has_demo_figures


def test_plans_have_their_owners_calendars_and_status(demo, db):
    plans = {p.code: p for p in Plan.objects.select_related("owner", "area", "parent")}
    expected = {
        "th-wps-measures-2566": (
            "dwf",
            "TH",
            "thai_fiscal",
            "closed",
            dt.date(2022, 10, 1),
            dt.date(2025, 9, 30),
        ),
        "th-nap-wps-2567": (
            "dwf",
            "TH",
            "thai_fiscal",
            "published",
            dt.date(2023, 10, 1),
            dt.date(2027, 9, 30),
        ),
        "vn-nap-wps-2024": (
            "vn-mofa",
            "VN",
            "gregorian",
            "published",
            dt.date(2024, 1, 1),
            dt.date(2030, 12, 31),
        ),
        "vn-mps-wps-2025": (
            "vn-mps",
            "VN",
            "gregorian",
            "draft",
            dt.date(2025, 1, 1),
            dt.date(2030, 12, 31),
        ),
        "asean-somswd-2021": (
            "somswd",
            "ASEAN",
            "gregorian",
            "closed",
            dt.date(2021, 1, 1),
            dt.date(2025, 12, 31),
        ),
        "bma-gender-seal-2567": (
            "bma",
            "TH-10",
            "thai_fiscal",
            "published",
            dt.date(2023, 10, 1),
            dt.date(2026, 9, 30),
        ),
    }
    assert {
        code: (p.owner.code, p.area.code, p.calendar, p.status, p.start_date, p.end_date)
        for code, p in plans.items()
    } == expected
    assert plans["vn-mps-wps-2025"].parent.code == "vn-nap-wps-2024"
    assert plans["vn-nap-wps-2024"].adopted_on == dt.date(2024, 1, 25)
    assert "101/QĐ-TTg" in plans["vn-nap-wps-2024"].adopted_by
    assert all(p.title_th and p.title_en for p in plans.values())
    assert all(plans[c].title_vi for c in ("vn-nap-wps-2024", "vn-mps-wps-2025"))


def test_the_nap_pillars_follow_the_plan_and_link_to_unscr_1325_and_the_asean_rpa(demo, db):
    pillars = ResultNode.objects.filter(plan__code="th-nap-wps-2567", parent=None).order_by(
        "sort_order"
    )
    assert [p.title_th for p in pillars] == [
        "การมีส่วนร่วมและการส่งเสริมศักยภาพ",
        "การคุ้มครองพิทักษ์สิทธิ",
        "การป้องกัน",
        "การฟื้นฟูเยียวยา",
    ]
    for pillar in pillars:
        frameworks = set(pillar.references.values_list("framework__code", flat=True))
        assert frameworks == {"unscr-1325", "asean-rpa-wps"}
    assert [level.name_th for level in Plan.objects.get(code="th-nap-wps-2567").levels.all()] == [
        "เสาหลัก",
        "ผลลัพธ์",
        "ผลผลิต",
    ]


def test_at_least_40_indicators_each_with_one_lead_a_baseline_and_a_target(demo, db):
    indicators = Indicator.objects.annotate(
        leads=Count("assignments", filter=Q(assignments__role=AssignmentRole.LEAD), distinct=True),
        baseline_count=Count("baselines", distinct=True),
        target_count=Count("targets", distinct=True),
    )
    assert indicators.count() >= 40
    incomplete = [
        i.code for i in indicators if i.leads != 1 or not i.baseline_count or not i.target_count
    ]
    assert incomplete == []


def test_every_figure_is_flagged_as_demo(demo, db):
    assert Baseline.objects.exists() and Target.objects.exists()
    assert not Baseline.objects.filter(is_demo=False).exists()
    assert not Target.objects.filter(is_demo=False).exists()
    assert not Plan.objects.filter(has_demo_figures=False).exists()


def test_the_nap_shows_every_kind_of_indicator(demo, db):
    indicators = Indicator.objects.filter(plan__code="th-nap-wps-2567")
    assert indicators.count() >= 16
    assert set(indicators.values_list("value_type", flat=True)) == set(ValueType.values)
    assert set(indicators.values_list("cumulative_mode", flat=True)) == set(CumulativeMode.values)
    assert indicators.filter(direction=Direction.DECREASE).exists()
    leads = set(
        Assignment.objects.filter(indicator__in=indicators, role=AssignmentRole.LEAD).values_list(
            "organization__code", flat=True
        )
    )
    assert {"dwf", "moi", "sbpac", "rtp", "mod-th", "mfa-th", "nsc-th", "nso-th"} <= leads
    assert Assignment.objects.filter(indicator__in=indicators, role=AssignmentRole.SUPPORT).exists()
    assert indicators.filter(references__framework__code="sdg").exists()


def test_the_nap_percentage_indicator_has_numerator_and_denominator_figures(demo, db):
    indicator = Indicator.objects.get(plan__code="th-nap-wps-2567", code="2.1.1.1")
    assert indicator.value_type == ValueType.PERCENTAGE
    baseline = indicator.baselines.get(breakdown=None)
    assert (baseline.numerator, baseline.denominator, baseline.value) == (1845, 2460, 75)
    targets = {t.period.code: t for t in indicator.targets.filter(breakdown=None)}
    assert list(targets) == ["FY2567", "FY2568", "FY2569", "FY2570"]
    assert targets["FY2570"].numerator == 2375 and targets["FY2570"].value == 95
    assert indicator.life_target_value == 95


def test_the_nap_has_yearly_targets_and_a_separate_life_of_plan_target(demo, db):
    indicator = Indicator.objects.get(plan__code="th-nap-wps-2567", code="1.2.1.1")
    targets = indicator.targets.filter(breakdown=None).order_by("period__start")
    assert [t.period.code for t in targets] == ["FY2567", "FY2568", "FY2569", "FY2570"]
    # Networks supported in several years count once over the plan: not the sum of the years.
    assert indicator.life_target_value == 80
    assert sum(t.value for t in targets) != indicator.life_target_value


def test_nap_breakdowns_by_sex_and_age_and_by_southern_border_province(demo, db):
    trained = Indicator.objects.get(plan__code="th-nap-wps-2567", code="1.1.1.1")
    assert list(trained.indicator_dimensions.values_list("dimension__code", flat=True)) == [
        "sex",
        "age-group",
    ]
    assert trained.targets.filter(breakdown__key="age-group=18-24;sex=female").exists()
    committees = Indicator.objects.get(plan__code="th-nap-wps-2567", code="1.1.1.2")
    link = committees.indicator_dimensions.get()
    assert set(link.options.values_list("code", flat=True)) == {"TH-90", "TH-94", "TH-95", "TH-96"}
    assert committees.baselines.exclude(breakdown=None).count() == 4


def test_somswd_kpis_are_led_by_somswd_and_reported_by_the_member_states(demo, db):
    kpis = Indicator.objects.filter(
        plan__code="asean-somswd-2021", code__in=["5.1.1", "5.1.2", "5.1.3", "5.1.4"]
    )
    assert kpis.count() == 4
    for kpi in kpis:
        assert kpi.value_type == ValueType.NUMBER
        lead = kpi.assignments.get(role=AssignmentRole.LEAD)
        assert lead.organization.code == "somswd"
        reporters = kpi.assignments.filter(
            role=AssignmentRole.SUPPORT,
            reports=True,
            organization__kind=OrganizationKind.MEMBER_STATE,
        )
        assert reporters.count() == 10
    by_state = kpis.get(code="5.1.1")
    assert by_state.indicator_dimensions.get().dimension.code == "member-state"
    assert by_state.targets.exclude(breakdown=None).count() == 10


def test_vietnam_indicators_are_named_in_vietnamese(demo, db):
    for code in ("vn-nap-wps-2024", "vn-mps-wps-2025"):
        indicators = Indicator.objects.filter(plan__code=code)
        assert indicators.exists()
        assert all(i.name_vi and i.name_en and i.name_th for i in indicators)


# --- Accounts ----------------------------------------------------------------------------------------


def test_demo_users_hold_their_roles(demo, db):
    expected = {
        ("coordinator.dwf", "dwf", "coordinator"),
        ("reporter.sbpac", "sbpac", "reporter"),
        ("approver.sbpac", "sbpac", "approver"),
        ("reporter.rtp", "rtp", "reporter"),
        ("approver.rtp", "rtp", "approver"),
        ("reporter.vn-mps", "vn-mps", "reporter"),
        ("coordinator.somswd", "somswd", "coordinator"),
        ("reporter.somswd-th", "somswd-th", "reporter"),
        ("assessor.undp", "undp", "assessor"),
        ("viewer.unwomen", "un-women", "viewer"),
    }
    held = set(Membership.objects.values_list("user__username", "organization__code", "role"))
    assert expected <= held
    admin = get_user_model().objects.get(username="admin")
    assert admin.is_superuser and admin.is_staff
    assert admin.check_password(DEMO_PASSWORD)
    assert {row.username for row in demo.accounts} >= {username for username, _, _ in expected} | {
        "admin"
    }
