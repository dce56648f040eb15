"""A plan reported by province and sex, for the province map and pivot table tests.

Thailand's 77 provinces and the four southern border districts of Songkhla come from geothai, the
southern border group is made as the demo makes it, and every figure goes through the reporting
workflow (line_save → submit → approve → accept), which refreshes the stored progress.

    world = ProvinceWorld.build(build, run_on_commit)
    world.report("sbpac", "FY2568", {"1.1.1": {None: 10, "sex=female": 6, ...}})
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

import pytest

from naptrack.core.services import SYSTEM
from naptrack.frameworks.models import Option
from naptrack.geo.models import Area, AreaLevel
from naptrack.geo.services import (
    AreaSpec,
    area_group_sync,
    areas_sync,
    thai_district_specs,
    thai_province_specs,
)
from naptrack.periods.services import period_get_or_create
from naptrack.reporting import services
from naptrack.reporting.models import Report, ReportState

SOUTH = ("TH-90", "TH-94", "TH-95", "TH-96")
SOUTHERN_DISTRICTS = ("9003", "9004", "9005", "9006")


# Two agencies' reports for FY2568: SBPAC types every level (total, singles, crosses) of the
# count 1.1.1 and the percentage 1.1.2 by province; RTP types no province singles, only crosses.
SBPAC_FY2568 = {
    "1.1.1": {
        None: 10,
        "sex=female": 6,
        "sex=male": 4,
        "province=TH-94": 5,
        "province=TH-95": 3,
        "province=TH-96": 2,
        "province=TH-94;sex=female": 3,
        "province=TH-94;sex=male": 2,
        "province=TH-95;sex=female": 2,
        "province=TH-95;sex=male": 1,
        "province=TH-96;sex=female": 1,
        "province=TH-96;sex=male": 1,
    },
    "1.1.2": {
        None: {"numerator": "30", "denominator": "100"},
        "province=TH-94": {"numerator": "10", "denominator": "40"},
        "province=TH-95": {"numerator": "20", "denominator": "60"},
    },
}
# RTP types no province singles, only the full cross of sex and province.
RTP_FY2568 = {
    "1.1.1": {
        None: 7,
        "sex=female": 5,
        "sex=male": 2,
        "province=TH-90;sex=female": 3,
        "province=TH-90;sex=male": 1,
        "province=TH-94;sex=female": 2,
        "province=TH-94;sex=male": 1,
    },
    "1.1.2": {
        None: {"numerator": "5", "denominator": "50"},
        "province=TH-94": {"numerator": "5", "denominator": "50"},
    },
    "2.1": {None: 1},
}


def thai_areas() -> None:
    """Thailand, its 77 provinces and the southern border group, as the demo loads them."""
    areas_sync(
        actor=SYSTEM,
        specs=[
            AreaSpec(code="TH", level=AreaLevel.COUNTRY, name_th="ไทย", name_en="Thailand"),
            *thai_province_specs("TH"),
            *thai_district_specs(SOUTHERN_DISTRICTS),
        ],
    )
    area_group_sync(
        actor=SYSTEM,
        code="southern-border",
        area_codes=["TH-94", "TH-95", "TH-96", *(f"TH-{c}" for c in SOUTHERN_DISTRICTS)],
        name_th="จังหวัดชายแดนภาคใต้",
        name_en="Southern border provinces",
    )


def province_dimension(build, codes=(*SOUTH, "TH-10")):
    """A province dimension whose options are the areas (option code = area code, as in the demo)."""
    dimension = build.dimension("province")
    dimension.name_th, dimension.name_en = "จังหวัด", "Province"
    dimension.save()
    for order, area in enumerate(Area.objects.filter(code__in=codes).order_by("official_code")):
        Option.objects.get_or_create(
            dimension=dimension,
            code=area.code,
            defaults={
                "area": area,
                "name_th": area.name_th,
                "name_en": area.name_en,
                "sort_order": order,
            },
        )
    return dimension


@dataclass
class ProvinceWorld:
    plan: object
    indicators: dict
    orgs: dict
    users: dict
    run_on_commit: object
    rounds: dict = field(default_factory=dict)

    @classmethod
    def build(cls, build, run_on_commit, *, status: str = "published") -> ProvinceWorld:
        thai_areas()
        dwf = build.organization(
            "dwf", name_en="Department of Women's Affairs", abbreviation_en="DWF"
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
        Option.objects.filter(dimension=sex, code="female").update(name_th="หญิง", name_en="Female")
        Option.objects.filter(dimension=sex, code="male").update(name_th="ชาย", name_en="Male")
        sex.name_th, sex.name_en = "เพศ", "Sex"
        sex.save()
        province = province_dimension(build)
        handle = build.plan("nap", title="NAP WPS", owner=dwf, status=status)
        pillar = handle.node("1", "Participation")
        outcome = pillar.child("1.1", "Women take part")
        mediators = outcome.indicator(
            "1.1.1",
            "Women mediators trained",
            name_th="ผู้ไกล่เกลี่ยหญิงที่ได้รับการอบรม",
            lead=sbpac,
            unit_en="persons",
        ).breakdown_by(sex, province)
        mediators.supported_by(rtp)
        share = outcome.indicator(
            "1.1.2",
            "Share of women in peace committees",
            lead=sbpac,
            value_type="percentage",
            aggregation="ratio",
        ).breakdown_by(province)
        share.supported_by(rtp)
        policy = handle.node("2", "Protection").indicator(
            "2.1", "Gender policy adopted", lead=rtp, value_type="yes_no"
        )
        story = outcome.indicator(
            "1.1.3", "Stories of change", lead=sbpac, value_type="qualitative", aggregation="latest"
        )
        users = {}
        for org in (dwf, sbpac, rtp):
            for role in ("reporter", "approver", "coordinator", "viewer"):
                users[f"{role}.{org.code}"] = build.user(
                    f"{role}.{org.code}", organization=org, role=role
                )
        return cls(
            plan=handle.plan,
            indicators={
                "mediators": mediators.indicator,
                "share": share.indicator,
                "policy": policy.indicator,
                "story": story.indicator,
            },
            orgs={"dwf": dwf, "sbpac": sbpac, "rtp": rtp},
            users=users,
            run_on_commit=run_on_commit,
        )

    def round(self, period_code: str):
        if period_code not in self.rounds:
            period = period_get_or_create(period_code)
            self.rounds[period_code] = services.round_open(
                actor=self.users["coordinator.dwf"],
                plan=self.plan,
                period=period,
                opens_on=period.end + dt.timedelta(days=1),
                due_on=period.end + dt.timedelta(days=45),
                closes_on=period.end + dt.timedelta(days=90),
            )
        return self.rounds[period_code]

    def report(
        self, org_code: str, period_code: str, figures: dict, *, until: str = "accepted"
    ) -> Report:
        """An agency's report: `figures` maps indicator codes to line_save figures (plain numbers
        are values; dicts are passed on). Lines left out are rated "no data" with a reason."""
        round_ = self.round(period_code)
        report = Report.objects.get(round=round_, organization=self.orgs[org_code])
        reporter = self.users[f"reporter.{org_code}"]
        with self.run_on_commit(execute=True):
            for line in report.lines.select_related("indicator"):
                given = figures.get(line.indicator.code)
                if given is None:
                    services.line_save(
                        actor=reporter,
                        line=line,
                        expected_version=line.version,
                        figures={},
                        rating="no_data",
                        rating_reason="Not measured this period.",
                    )
                    continue
                services.line_save(
                    actor=reporter,
                    line=line,
                    expected_version=line.version,
                    figures={
                        key: value if isinstance(value, dict) else {"value": str(value)}
                        for key, value in given.items()
                    },
                    rating="on_track",
                )
            report.refresh_from_db()
            services.report_save_narrative(
                actor=reporter,
                report=report,
                expected_version=report.version,
                progress="Training held in the southern border provinces.",
            )
            report.refresh_from_db()
            if until == "draft":
                return report
            report = services.report_submit(actor=reporter, report=report)
            if until == "submitted":
                return report
            report = services.report_approve(
                actor=self.users[f"approver.{org_code}"], report=report
            )
            if until == "approved":
                return report
            report = services.report_accept(actor=self.users["coordinator.dwf"], report=report)
        assert report.state == ReportState.ACCEPTED
        return report


@pytest.fixture
def province_world(build, django_capture_on_commit_callbacks):
    return ProvinceWorld.build(build, django_capture_on_commit_callbacks)


@pytest.fixture(autouse=True)
def english():
    """Messages are asserted in English unless a test switches to Thai."""
    from django.utils import translation

    with translation.override("en"):
        yield
