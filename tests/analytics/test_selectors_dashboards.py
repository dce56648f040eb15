"""The dashboards' tables: what a plan, an indicator and an agency show, from figures the engine stored.

Every figure here comes from the real workflow: agencies fill their reports, submit, approve, the
plan's coordinator accepts, and the progress engine refreshes its stored roll-ups after each step.
"""

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
import time_machine
from django.contrib.auth.models import AnonymousUser
from django.utils import translation

from naptrack.analytics import selectors_dashboards as dashboards
from naptrack.core.services import SYSTEM
from naptrack.frameworks.models import Option
from naptrack.geo.models import Area, AreaLevel
from naptrack.periods.services import period_get_or_create
from naptrack.reporting import services
from naptrack.reporting.models import Report

BANGKOK = ZoneInfo("Asia/Bangkok")


def at(day: str, hour: int = 10):
    """Travel to a day in Bangkok."""
    return time_machine.travel(
        dt.datetime.combine(dt.date.fromisoformat(day), dt.time(hour), tzinfo=BANGKOK), tick=False
    )


@pytest.fixture(autouse=True)
def english():
    with translation.override("en"):
        yield


@dataclass
class DashWorld:
    """A plan with two pillars, four indicators (by sex, a percentage, by province, yes/no) and
    optionally more pillars of plain counts; SBPAC and RTP report on them."""

    plan: object
    round: object
    orgs: dict
    users: dict
    indicators: dict = field(default_factory=dict)

    def report(self, org: str) -> Report:
        return Report.objects.get(round=self.round, organization=self.orgs[org])

    def fill(self, org: str, figures: dict[str, dict], *, rating="on_track", filler=None):
        """Fill an agency's report: figures by indicator code, and `filler` for the other lines."""
        actor = self.users[f"reporter.{org}"]
        report = self.report(org)
        for line in report.lines.select_related("indicator").order_by("indicator__code"):
            code = line.indicator.code
            if code not in figures and filler is None:
                continue
            line_figures, line_rating = figures.get(code, ({None: {"value": filler}}, rating))
            services.line_save(
                actor=actor,
                line=line,
                expected_version=line.version,
                figures=line_figures,
                rating=line_rating,
                rating_reason=""
                if line_rating in ("achieved", "on_track")
                else "Delays in the field",
            )
        report.refresh_from_db()
        services.report_save_narrative(
            actor=actor, report=report, expected_version=report.version, progress="Work goes on."
        )

    def submit(self, org: str, *, approve=True, accept=False):
        report = services.report_submit(
            actor=self.users[f"reporter.{org}"], report=self.report(org)
        )
        if approve:
            report = services.report_approve(actor=self.users[f"approver.{org}"], report=report)
        if accept:
            services.report_accept(actor=self.users["coordinator.dwf"], report=report)


def build_world(
    build, *, code: str = "nap", suffix: str = "", extra_pillars: int = 0, per_outcome: int = 0
) -> DashWorld:
    """Build the plan; a second world in the same test takes another plan code and user suffix."""
    dwf = build.organization(
        "dwf",
        name_en="Department of Women's Affairs and Family Development",
        abbreviation_en="DWF",
    )
    sbpac = build.organization(
        "sbpac",
        name_en="Southern Border Provinces Administrative Centre",
        name_th="ศูนย์อำนวยการบริหารจังหวัดชายแดนภาคใต้",
        abbreviation_en="SBPAC",
        abbreviation_th="ศอ.บต.",
    )
    rtp = build.organization(
        "rtp", name_en="Royal Thai Police", abbreviation_en="RTP", abbreviation_th="ตร."
    )
    unwomen = build.organization("unwomen", name_en="UN Women", abbreviation_en="UN Women")
    sex = build.dimension("sex", "female", "male")
    province = build.dimension("province", "pattani", "yala")
    country = build.country()
    for area_code, option, name in (("TH-94", "pattani", "Pattani"), ("TH-95", "yala", "Yala")):
        area, _ = Area.objects.get_or_create(
            code=area_code,
            defaults={"level": AreaLevel.PROVINCE, "parent": country, "name_en": name},
        )
        Option.objects.filter(dimension=province, code=option).update(area=area, name_en=name)

    handle = build.plan(code, title="NAP WPS", owner=dwf)
    take_part = handle.node("1", "Participation").child("1.1", "Women take part")
    mediators = take_part.indicator(
        "1.1.1", "Women mediators trained", lead=sbpac, unit_en="persons"
    ).breakdown_by(sex)
    mediators.supported_by(rtp)
    mediators.baseline(40)
    mediators.target("FY2568", 100)
    share = take_part.indicator(
        "1.1.2", "Share of women in peace committees", lead=sbpac, value_type="percentage"
    )
    share.target("FY2568", 30)
    helped = handle.node("2", "Protection").child("2.1", "Survivors get help")
    survivors = helped.indicator(
        "2.1.1", "Survivors helped", lead=rtp, unit_en="persons"
    ).breakdown_by(province)
    survivors.baseline(100)
    survivors.target("FY2568", 200)
    helped.indicator("2.1.2", "Gender policy adopted", lead=rtp, value_type="yes_no")
    for p in range(3, 3 + extra_pillars):
        outcome = handle.node(str(p), f"Pillar {p}").child(f"{p}.1", f"Outcome {p}.1")
        for i in range(1, per_outcome + 1):
            filler = outcome.indicator(
                f"{p}.1.{i}", f"Count {p}.1.{i}", lead=sbpac if i % 2 else rtp, unit_en="events"
            )
            filler.target("FY2568", 10)

    users = {}
    for org in (dwf, sbpac, rtp):
        for role in ("reporter", "approver", "coordinator", "viewer"):
            users[f"{role}.{org.code}"] = build.user(
                f"{role}.{org.code}{suffix}", organization=org, role=role
            )
    users["viewer.unwomen"] = build.user(
        f"viewer.unwomen{suffix}", organization=unwomen, role="viewer"
    )
    round_ = services.round_open(
        actor=SYSTEM,
        plan=handle.plan,
        period=period_get_or_create("FY2568"),
        opens_on=dt.date(2025, 10, 1),
        due_on=dt.date(2025, 11, 15),
        closes_on=dt.date(2025, 12, 31),
    )
    return DashWorld(
        plan=handle.plan,
        round=round_,
        orgs={"dwf": dwf, "sbpac": sbpac, "rtp": rtp, "unwomen": unwomen},
        users=users,
        indicators={i.code: i for i in handle.plan.indicators.all()},
    )


def report_figures(world: DashWorld, run_callbacks, *, rtp_accepted=False, rtp_submits=True):
    """SBPAC reports on time and is accepted; RTP reports late and waits for acceptance."""
    with at("2025-11-10"), run_callbacks(execute=True):
        world.fill(
            "sbpac",
            {
                "1.1.1": (
                    {
                        None: {"value": "120"},
                        "sex=female": {"value": "70"},
                        "sex=male": {"value": "50"},
                    },
                    "on_track",
                ),
                "1.1.2": ({None: {"numerator": "12", "denominator": "40"}}, "achieved"),
            },
            filler="4",
            rating="off_track",
        )
        world.submit("sbpac", accept=True)
    if not rtp_submits:
        return world
    with at("2025-11-20"), run_callbacks(execute=True):
        world.fill(
            "rtp",
            {
                "1.1.1": ({None: {"value": "30"}}, "on_track"),
                "2.1.1": (
                    {
                        None: {"value": "150"},
                        "province=pattani": {"value": "90"},
                        "province=yala": {"value": "60"},
                    },
                    "at_risk",
                ),
                "2.1.2": ({None: {"value": "0"}}, "off_track"),
            },
            filler="9",
        )
        world.submit("rtp", accept=rtp_accepted)
    return world


@pytest.fixture
def dash(build):
    return build_world(build)


@pytest.fixture
def reported(dash, django_capture_on_commit_callbacks):
    return report_figures(dash, django_capture_on_commit_callbacks)


def rows(table) -> list[list]:
    """The values of the rows as the page shows them (without what every row shares)."""
    return [[cell.value for cell in row] for row in table.rows]


def column(table, label: str) -> list:
    """One column of the download."""
    index = table.headers().index(label)
    return [row[index] for row in table.export_rows()]


# --- The plan dashboard -------------------------------------------------------------------------------


def test_the_plan_dashboard_reads_the_accepted_figures_of_the_latest_period(reported):
    board = dashboards.plan_dashboard(reported.plan, reported.users["viewer.unwomen"], {})
    assert board.filters.period.code == "FY2568"
    assert board.filters.provisional is False
    indicators = board.indicators.table
    assert column(indicators, "Code") == ["1.1.1", "1.1.2", "2.1.1", "2.1.2"]
    # SBPAC's 120 counts; RTP's 30 waits for acceptance.
    assert column(indicators, "Actual") == [Decimal("120"), Decimal("30.0"), None, None]
    assert column(indicators, "Status") == ["Achieved", "Achieved", "No data", "No data"]
    assert column(indicators, "Lead agency") == ["SBPAC", "SBPAC", "RTP", "RTP"]
    assert board.computed_at is not None


def test_pillars_and_outcomes_carry_their_counts_by_status_and_achievement(reported):
    board = dashboards.plan_dashboard(reported.plan, AnonymousUser(), {})
    assert rows(board.results.table) == [
        ["1", "Participation", "Pillar", 2, 0, 0, 0, 0, 2, Decimal("100.0"), "Achieved"],
        ["1.1", "Women take part", "Outcome", 2, 0, 0, 0, 0, 2, Decimal("100.0"), "Achieved"],
        ["2", "Protection", "Pillar", 0, 0, 0, 0, 2, 2, None, "No data"],
        ["2.1", "Survivors get help", "Outcome", 0, 0, 0, 0, 2, 2, None, "No data"],
    ]
    first_bar = board.results.table.rows[0][1].bar
    assert [(s["status"], s["count"], s["width"]) for s in first_bar] == [
        ("achieved", 2, "100.000")
    ]
    assert board.overall["achievement"].text == "100.0%"
    assert [(s["status"], s["count"]) for s in board.overall["segments"]] == [
        ("achieved", 2),
        ("no_data", 2),
    ]


def test_coordinators_see_provisional_figures_and_every_one_is_marked(reported):
    board = dashboards.plan_dashboard(
        reported.plan, reported.users["coordinator.dwf"], {"provisional": "1"}
    )
    assert board.filters.provisional is True
    indicators = board.indicators.table
    # 120 accepted from SBPAC plus RTP's approved 30; RTP's survivors and its policy.
    assert column(indicators, "Actual") == [Decimal("150"), Decimal("30.0"), Decimal("150"), "No"]
    assert column(indicators, "Status") == ["Achieved", "Achieved", "At risk", "Off track"]
    figures = [row[i] for row in indicators.rows for i in (4, 8, 9)]
    assert all(cell.provisional for cell in figures if cell.text != "–")
    assert not any(row[5].provisional for row in indicators.rows)  # targets are the plan's own
    assert board.filters.params == {"period": "FY2568", "provisional": "1"}


@pytest.mark.parametrize("username", ["viewer.unwomen", "reporter.rtp", None])
def test_provisional_figures_are_refused_to_everyone_but_coordinators(reported, username):
    user = reported.users[username] if username else AnonymousUser()
    board = dashboards.plan_dashboard(reported.plan, user, {"provisional": "1"})
    assert board.filters.provisional is False
    assert board.filters.provisional_refused is True
    assert column(board.indicators.table, "Actual")[0] == Decimal("120")
    assert "provisional" not in board.filters.params


def test_the_indicators_most_off_track_come_off_track_first_then_at_risk(reported):
    board = dashboards.plan_dashboard(
        reported.plan, reported.users["coordinator.dwf"], {"provisional": "1"}
    )
    assert column(board.off_track.table, "Code") == ["2.1.2", "2.1.1"]
    assert column(board.off_track.table, "Achievement") == [None, Decimal("50.0")]
    chart = board.off_track.chart.spec
    assert chart["categories"] == ["2.1.2", "2.1.1"]
    assert chart["colours"] == ["off_track", "at_risk"]
    assert chart["labels"] == ["–", "50.0%"]


def test_no_indicator_off_track_says_so(reported):
    board = dashboards.plan_dashboard(reported.plan, AnonymousUser(), {})
    assert board.off_track.table.rows == []
    assert board.off_track.note == "No indicator is off track or at risk in this view."


def test_a_pillar_narrows_the_dashboard_to_its_subtree(reported):
    board = dashboards.plan_dashboard(reported.plan, AnonymousUser(), {"pillar": "2"})
    assert board.filters.pillar.code == "2"
    assert column(board.results.table, "Code") == ["2", "2.1"]
    assert column(board.indicators.table, "Code") == ["2.1.1", "2.1.2"]
    assert board.overall["total"] == 2


def test_an_agency_narrows_the_indicators_to_those_it_is_assigned(reported):
    board = dashboards.plan_dashboard(reported.plan, AnonymousUser(), {"agency": "rtp"})
    assert board.filters.agency.short_name == "RTP"
    # RTP leads 2.1.1 and 2.1.2 and supports 1.1.1.
    assert column(board.indicators.table, "Code") == ["1.1.1", "2.1.1", "2.1.2"]
    # The status counts follow the agency's indicators.
    assert column(board.results.table, "Indicators") == [1, 1, 2, 2]
    assert board.overall["total"] == 3


def test_a_province_adds_its_figure_for_indicators_broken_down_by_province(
    dash, django_capture_on_commit_callbacks
):
    report_figures(dash, django_capture_on_commit_callbacks, rtp_accepted=True)
    board = dashboards.plan_dashboard(dash.plan, AnonymousUser(), {"province": "TH-94"})
    assert board.filters.province.code == "TH-94"
    headers = board.indicators.table.headers()
    # Beside the indicator's total.
    assert headers[headers.index("Actual") + 1] == "Figure for Pattani"
    assert column(board.indicators.table, "Figure for Pattani") == [
        "not by province",
        "not by province",
        Decimal("90"),
        "not by province",
    ]
    assert [c.value for c in board.filters.province_choices] == ["TH-94", "TH-95"]


@pytest.mark.parametrize(
    ("params", "message"),
    [
        (
            {"period": "FY2599"},
            "There are no figures for the period “FY2599” in this plan. "
            "Showing FY2568 (Oct 2024 – Sep 2025) instead.",
        ),
        ({"pillar": "9.9"}, "This plan has no result with the code “9.9”; showing every result."),
        (
            {"agency": "nobody"},
            "No agency with the code “nobody” is assigned to this plan's indicators; "
            "showing every agency.",
        ),
        (
            {"province": "TH-00"},
            "No indicator of this plan is broken down by a province with the code “TH-00”; "
            "the province filter is off.",
        ),
    ],
)
def test_unknown_filters_are_dropped_with_a_message(reported, params, message):
    board = dashboards.plan_dashboard(reported.plan, AnonymousUser(), params)
    assert board.filters.messages == [message]
    assert board.filters.params == {"period": "FY2568"}
    assert len(board.indicators.table) == 4


def test_a_plan_without_a_round_explains_why_it_has_no_figures(build):
    plan = build.plan("empty", title="Empty plan").plan
    board = dashboards.plan_dashboard(plan, AnonymousUser(), {})
    assert board.filters.period is None
    assert board.empty_reason.startswith("No reporting round has been opened for this plan yet")


def test_period_codes_are_written_beside_their_names_in_thai(reported):
    with translation.override("th"):
        board = dashboards.indicator_dashboard(
            reported.plan, reported.indicators["1.1.1"], AnonymousUser(), {}
        )
    (row,) = board.over_time.table.export_rows()
    code = row.index("FY2568")
    assert row[code + 1] == "ปีงบประมาณ พ.ศ. 2568"


# --- Reporting timeliness ------------------------------------------------------------------------------


def test_coordinators_see_each_agencys_timeliness_and_completeness(
    dash, django_capture_on_commit_callbacks
):
    report_figures(dash, django_capture_on_commit_callbacks, rtp_submits=False)
    with at("2025-11-25"):
        board = dashboards.plan_dashboard(dash.plan, dash.users["coordinator.dwf"], {})
    table = board.timeliness.table
    assert [r[0] for r in rows(table)] == ["RTP", "SBPAC"]
    assert column(table, "Submitted on") == [None, dt.date(2025, 11, 10)]
    assert column(table, "Timeliness") == ["Not yet submitted", "On time"]
    assert column(table, "Days late") == [10, 0]
    assert column(table, "Lines with values") == [0, 2]
    assert column(table, "Lines") == [3, 2]
    assert column(table, "Completeness") == [Decimal("0.0"), Decimal("100.0")]
    assert [(t["kind"], t["count"]) for t in board.timeliness_counts] == [
        ("on_time", 1),
        ("late", 0),
        ("not_submitted", 1),
    ]


def test_a_report_submitted_after_the_due_date_is_late(reported):
    board = dashboards.plan_dashboard(reported.plan, reported.users["coordinator.dwf"], {})
    assert column(board.timeliness.table, "Timeliness") == ["Late", "On time"]
    assert column(board.timeliness.table, "Days late") == [5, 0]


def test_an_agency_follows_only_its_own_reports_and_the_public_none(reported):
    own = dashboards.plan_dashboard(reported.plan, reported.users["reporter.sbpac"], {})
    assert [r[0] for r in rows(own.timeliness.table)] == ["SBPAC"]
    assert own.timeliness.note == "You see your own agency's reports only."
    public = dashboards.plan_dashboard(reported.plan, AnonymousUser(), {})
    assert public.timeliness.table.rows == []
    assert public.timeliness.note == (
        "Reporting timeliness is shown to the plan's coordinators, and to each agency for its "
        "own reports."
    )


# --- The indicator dashboard ----------------------------------------------------------------------------


def test_an_indicator_over_time_against_target_and_baseline(reported):
    board = dashboards.indicator_dashboard(
        reported.plan, reported.indicators["1.1.1"], AnonymousUser(), {}
    )
    assert rows(board.over_time.table) == [
        [
            "FY2568",
            "FY2568 (Oct 2024 – Sep 2025)",
            Decimal("120"),
            Decimal("100"),
            Decimal("40"),
            Decimal("133.3"),
            "Achieved",
            1,
        ]
    ]
    spec = board.over_time.chart.spec
    assert spec["series"][0]["values"] == [120.0]
    assert spec["series"][1]["values"] == [100.0]
    assert spec["baseline"]["value"] == 40.0
    assert board.current["status"] == "achieved"


def test_an_indicator_is_broken_down_by_sex_and_by_agency(reported):
    board = dashboards.indicator_dashboard(
        reported.plan,
        reported.indicators["1.1.1"],
        reported.users["coordinator.dwf"],
        {"provisional": "1"},
    )
    (by_sex,) = board.breakdowns
    assert by_sex.table.name == "breakdown-sex"
    assert rows(by_sex.table) == [["female", Decimal("70"), 1], ["male", Decimal("50"), 1]]
    assert rows(board.agencies.table) == [
        ["SBPAC", "Southern Border Provinces Administrative Centre", "Lead agency", Decimal("120")],
        ["RTP", "Royal Thai Police", "Supporting agency", Decimal("30")],
    ]


def test_an_indicator_by_province_shows_each_province(dash, django_capture_on_commit_callbacks):
    report_figures(dash, django_capture_on_commit_callbacks, rtp_accepted=True)
    board = dashboards.indicator_dashboard(dash.plan, dash.indicators["2.1.1"], AnonymousUser(), {})
    (by_province,) = board.breakdowns
    assert [r[:2] for r in rows(by_province.table)] == [
        ["Pattani", Decimal("90")],
        ["Yala", Decimal("60")],
    ]


# --- The agency scorecard -------------------------------------------------------------------------------


def test_an_agencys_scorecard_lists_its_indicators_with_its_own_contribution(reported):
    card = dashboards.agency_scorecard(reported.orgs["rtp"], reported.users["coordinator.dwf"], {})
    table = card.indicators.table
    assert column(table, "Code") == ["1.1.1", "2.1.1", "2.1.2"]
    assert column(table, "Role") == ["Support", "Lead", "Lead"]
    assert column(table, "Period code") == ["FY2568"] * 3
    assert column(table, "Actual") == [Decimal("120"), None, None]
    # RTP's own figures wait for acceptance: none on the accepted basis.
    assert column(table, "Agency's own figure") == [None, None, None]
    assert rows(card.status.table) == [
        [
            "NAP WPS",
            "FY2568",
            "FY2568 (Oct 2024 – Sep 2025)",
            "Accepted reports only",
            1,
            0,
            0,
            0,
            2,
            3,
        ]
    ]


def test_a_scorecard_with_provisional_figures_shows_the_agencys_share(reported):
    card = dashboards.agency_scorecard(
        reported.orgs["rtp"], reported.users["coordinator.dwf"], {"provisional": "1"}
    )
    assert card.filters.provisional is True
    assert column(card.indicators.table, "Agency's own figure") == [
        Decimal("30"),
        Decimal("150"),
        "No",
    ]


def test_a_scorecard_lists_the_agencys_reports_for_its_members_and_coordinators(reported):
    for user in (reported.users["reporter.rtp"], reported.users["coordinator.dwf"]):
        card = dashboards.agency_scorecard(reported.orgs["rtp"], user, {})
        assert rows(card.reports.table) == [
            [
                "NAP WPS",
                "FY2568",
                "FY2568 (Oct 2024 – Sep 2025)",
                dt.date(2025, 11, 15),
                dt.date(2025, 11, 20),
                "Approved by the agency",
                "Late",
                5,
                3,
                3,
                Decimal("100.0"),
            ]
        ]
    card = dashboards.agency_scorecard(reported.orgs["rtp"], reported.users["viewer.unwomen"], {})
    assert card.reports.table.rows == []
    assert card.reports.note == (
        "Reports are shown to the agency's own members and to the coordinators of each plan."
    )


def test_a_download_says_what_every_row_shares_in_leading_columns(reported):
    board = dashboards.plan_dashboard(
        reported.plan, reported.users["coordinator.dwf"], {"provisional": "1", "agency": "rtp"}
    )
    table = board.indicators.table
    assert table.headers()[:5] == ["Period code", "Period", "Figures", "Agency", "Code"]
    assert table.export_rows()[0][:5] == [
        "FY2568",
        "FY2568 (Oct 2024 – Sep 2025)",
        "Provisional: includes reports not yet accepted",
        "RTP",
        "1.1.1",
    ]
    indicator = dashboards.indicator_dashboard(
        reported.plan, reported.indicators["1.1.1"], AnonymousUser(), {}
    )
    breakdown = indicator.breakdowns[0].table
    assert breakdown.headers() == [
        "Indicator code",
        "Indicator",
        "Unit",
        "Period code",
        "Period",
        "Figures",
        "sex",
        "Actual",
        "Agencies reporting",
    ]
    assert breakdown.export_rows()[0] == [
        "1.1.1",
        "Women mediators trained",
        "persons",
        "FY2568",
        "FY2568 (Oct 2024 – Sep 2025)",
        "Accepted reports only",
        "female",
        Decimal("70"),
        1,
    ]


@pytest.mark.parametrize("language", ["th", "en", "vi"])
def test_figures_are_written_as_the_figure_filter_writes_them(language):
    from naptrack.core.templatetags.naptrack import figure

    values = [("1234567.8", 1), ("-1234", 0), ("12.00", 2), ("0.0", 1), ("999", 0), ("1000.25", 2)]
    with translation.override(language):
        for raw, places in values:
            assert dashboards.number(Decimal(raw), places) == figure(Decimal(raw), places)
