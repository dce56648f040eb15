"""A small plan with two agencies reporting, used across the reporting tests.

world.plan, world.round, world.dwf (owner), world.sbpac and world.rtp (reporting agencies)
world.users["reporter.sbpac"] … one user per role and agency
world.report("sbpac") → that agency's report in the open round
"""

import datetime as dt
from dataclasses import dataclass, field

import pytest

from naptrack.core.services import SYSTEM
from naptrack.periods.services import period_get_or_create
from naptrack.reporting import services
from naptrack.reporting.models import Report


@dataclass
class World:
    plan: object
    round: object
    indicators: dict
    orgs: dict
    users: dict = field(default_factory=dict)

    def report(self, org_code: str) -> Report:
        return Report.objects.get(round=self.round, organization=self.orgs[org_code])

    def line(self, org_code: str, indicator_code: str):
        return self.report(org_code).lines.get(indicator__code=indicator_code)


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English; Thai ones are checked where the test says so."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def world(build):
    dwf = build.organization(
        "dwf",
        name_en="Department of Women's Affairs and Family Development",
        abbreviation_en="DWF",
        abbreviation_th="สค.",
    )
    sbpac = build.organization(
        "sbpac",
        name_en="Southern Border Provinces Administrative Centre",
        abbreviation_en="SBPAC",
        abbreviation_th="ศอ.บต.",
    )
    rtp = build.organization(
        "rtp", name_en="Royal Thai Police", abbreviation_en="RTP", abbreviation_th="ตร."
    )
    sex = build.dimension("sex", "female", "male")
    handle = build.plan("nap", title="NAP WPS", owner=dwf)
    outcome = handle.node("1", "Participation").child("1.1", "Women take part")
    mediators = outcome.indicator(
        "1.1.1", "Women mediators trained", lead=sbpac, unit_en="persons"
    ).breakdown_by(sex)
    mediators.supported_by(rtp)
    mediators.target("FY2568", 100)
    share = outcome.indicator(
        "1.1.2", "Share of women in peace committees", lead=sbpac, value_type="percentage"
    )
    share.target("FY2568", 30)
    policy = outcome.indicator("1.1.3", "Gender policy adopted", lead=rtp, value_type="yes_no")
    users = {}
    for org in (dwf, sbpac, rtp):
        for role in ("reporter", "approver", "coordinator", "viewer"):
            users[f"{role}.{org.code}"] = build.user(
                f"{role}.{org.code}",
                organization=org,
                role=role,
                email=f"{role}.{org.code}@example.go.th",
            )
    users["reporter2.sbpac"] = build.user("reporter2.sbpac", organization=sbpac, role="reporter")
    round_ = services.round_open(
        actor=SYSTEM,
        plan=handle.plan,
        period=period_get_or_create("FY2568"),
        opens_on=dt.date(2025, 10, 1),
        due_on=dt.date(2025, 11, 15),
        closes_on=dt.date(2025, 12, 31),
    )
    return World(
        plan=handle.plan,
        round=round_,
        indicators={
            "mediators": mediators.indicator,
            "share": share.indicator,
            "policy": policy.indicator,
        },
        orgs={"dwf": dwf, "sbpac": sbpac, "rtp": rtp},
        users=users,
    )


def fill_sbpac(world, actor=None):
    """Fill SBPAC's report so that it can be submitted."""
    actor = actor or world.users["reporter.sbpac"]
    report = world.report("sbpac")
    line = world.line("sbpac", "1.1.1")
    services.line_save(
        actor=actor,
        line=line,
        expected_version=line.version,
        figures={
            None: {"value": "120"},
            "sex=female": {"value": "70"},
            "sex=male": {"value": "50"},
        },
        rating="on_track",
    )
    line = world.line("sbpac", "1.1.2")
    services.line_save(
        actor=actor,
        line=line,
        expected_version=line.version,
        figures={None: {"numerator": "12", "denominator": "40"}},
        rating="achieved",
    )
    report.refresh_from_db()
    services.report_save_narrative(
        actor=actor,
        report=report,
        expected_version=report.version,
        progress="Training held in Pattani, Yala and Narathiwat.",
    )
    report.refresh_from_db()
    return report
