"""A small Thai NAP whose agencies report through the real workflow, for the progress tests.

nap = progress_plan … the plan FY2567–FY2570 (1 Oct 2023 – 30 Sep 2027) with
  1 Participation → 1.1 → 1.1.1 people trained in mediation: a cumulative count by sex × province,
                               baseline 350 (before the plan), targets FY2567 250, FY2568 550,
                               life-of-plan 1,200; SBPAC leads, the police support
                       → 1.1.2 share of women in peace committees: a latest-value percentage,
                               baseline 20 %, life-of-plan 60 %; SBPAC leads, the police support
  2 Protection    → 2.1 → 2.1.1 incidents of violence against women: counted per year, to go
                               down from 118 to 100 in FY2568 (110 in FY2567); the police lead

nap.deliver("FY2568", "sbpac", {"1.1.1": {...}}) opens the round if needed, fills the agency's
lines, and takes the report through submit, approve and accept (or stops earlier).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

import pytest

from naptrack.analytics.models import IndicatorProgress, NodeProgress
from naptrack.periods.models import Period
from naptrack.periods.services import period_get_or_create
from naptrack.reporting import services
from naptrack.reporting.models import Report, Round

STEPS = ("draft", "submitted", "approved", "accepted")


@pytest.fixture
def english():
    """Messages are asserted in English (asked for by the modules that need it)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@dataclass
class ProgressPlan:
    build: object
    plan: object
    orgs: dict
    indicators: dict
    nodes: dict
    users: dict = field(default_factory=dict)
    # Runs what a step schedules after commit (the refresh task), as the worker would.
    on_commit: object = None

    def round(self, period_code: str) -> Round:
        period = period_get_or_create(period_code)
        existing = Round.objects.filter(plan=self.plan, period=period).first()
        if existing:
            return existing
        # Rounds open after their period ends; the dates matter only to reminders.
        return services.round_open(
            actor=self.users["coordinator.dwf"],
            plan=self.plan,
            period=period,
            opens_on=period.end + dt.timedelta(days=1),
            due_on=period.end + dt.timedelta(days=45),
            closes_on=period.end + dt.timedelta(days=90),
        )

    def report(self, period_code: str, org_code: str) -> Report:
        return Report.objects.get(round=self.round(period_code), organization=self.orgs[org_code])

    def fill(self, period_code: str, org_code: str, figures: dict[str, dict]) -> Report:
        """Type an agency's figures (indicator code → breakdown key → input) and its narrative."""
        report = self.report(period_code, org_code)
        actor = self.users[f"reporter.{org_code}"]
        for line in report.lines.select_related("indicator"):
            code = line.indicator.code
            typed = figures.get(code)
            services.line_save(
                actor=actor,
                line=line,
                expected_version=line.version,
                figures=typed or {},
                rating="on_track" if typed else "no_data",
                rating_reason="" if typed else "Not collected this year.",
            )
        report.refresh_from_db()
        services.report_save_narrative(
            actor=actor,
            report=report,
            expected_version=report.version,
            progress="Work went ahead as planned.",
        )
        report.refresh_from_db()
        return report

    def deliver(
        self, period_code: str, org_code: str, figures: dict[str, dict], *, to: str = "accepted"
    ) -> Report:
        """Fill an agency's report and take it as far as `to` in the workflow."""
        report = self.fill(period_code, org_code, figures)
        return self.advance(report, to=to)

    def advance(self, report: Report, *, to: str = "accepted") -> Report:
        org_code = report.organization.code
        # A report sent back is taken through the steps again from the start.
        state = "draft" if report.state == "returned" else report.state
        for step in STEPS[STEPS.index(state) + 1 : STEPS.index(to) + 1]:
            with self.on_commit(execute=True):
                if step == "submitted":
                    report = services.report_submit(
                        actor=self.users[f"reporter.{org_code}"],
                        report=report,
                        confirmations=self._confirmations(report),
                    )
                elif step == "approved":
                    report = services.report_approve(
                        actor=self.users[f"approver.{org_code}"], report=report
                    )
                else:
                    report = services.report_accept(
                        actor=self.users["coordinator.dwf"], report=report
                    )
        return report

    def _confirmations(self, report: Report) -> dict[str, str]:
        # A figure far from last year's asks for a reason; the tests' figures are deliberate.
        return {str(line.pk): "Checked with the field offices." for line in report.lines.all()}

    def reopen(self, report: Report) -> Report:
        with self.on_commit(execute=True):
            return services.report_reopen(
                actor=self.users["coordinator.dwf"], report=report, reason="A figure was wrong."
            )

    def close(self, period_code: str) -> Round:
        with self.on_commit(execute=True):
            return services.round_close(
                actor=self.users["coordinator.dwf"], round_=self.round(period_code)
            )

    # --- Reading the stored roll-ups -----------------------------------------------------------

    def progress(
        self, code: str, period_code: str, *, provisional=False, option=None, org=None
    ) -> IndicatorProgress | None:
        return IndicatorProgress.objects.filter(
            indicator=self.indicators[code],
            period__code=self.period_code(period_code),
            provisional=provisional,
            option=option,
            organization=self.orgs[org] if org else None,
        ).first()

    def value(self, code: str, period_code: str, **kwargs) -> Decimal | None:
        row = self.progress(code, period_code, **kwargs)
        return None if row is None else row.value

    def node(self, node_code: str | None, period_code: str, *, provisional=False) -> NodeProgress:
        return NodeProgress.objects.get(
            plan=self.plan,
            node=self.nodes[node_code] if node_code else None,
            period__code=self.period_code(period_code),
            provisional=provisional,
        )

    def period_code(self, code: str) -> str:
        if code == "LIFE":
            return Period.objects.get(kind="lifetime", start=self.plan.start_date).code
        return code


def keys(**cells) -> dict:
    """Breakdown cells as line_save takes them: keys(female_pattani="30") → {"province=pattani;sex=female": …}."""
    result = {}
    for name, value in cells.items():
        sex, province = name.split("_")
        result[f"province={province};sex={sex}"] = {"value": value}
    return result


@pytest.fixture
def nap(build, django_capture_on_commit_callbacks) -> ProgressPlan:
    dwf = build.organization("dwf", name_en="DWF", abbreviation_en="DWF", abbreviation_th="สค.")
    sbpac = build.organization(
        "sbpac", name_en="SBPAC", abbreviation_en="SBPAC", abbreviation_th="ศอ.บต."
    )
    rtp = build.organization(
        "rtp", name_en="Royal Thai Police", abbreviation_en="RTP", abbreviation_th="ตร."
    )
    sex = build.dimension("sex", "female", "male")
    province = build.dimension("province", "pattani", "yala")
    handle = build.plan("nap", title="NAP WPS 2567–2570", owner=dwf)
    participation = handle.node("1", "Participation")
    voice = participation.child("1.1", "Women take part")
    trained = voice.indicator(
        "1.1.1",
        "People trained in mediation",
        lead=sbpac,
        cumulative_mode="cumulative",
        life_target_value=Decimal(1200),
    ).breakdown_by(sex, province)
    trained.supported_by(rtp)
    trained.baseline(350)
    trained.target("FY2567", 250)
    trained.target("FY2568", 550)
    share = voice.indicator(
        "1.1.2",
        "Share of women in peace committees",
        lead=sbpac,
        value_type="percentage",
        cumulative_mode="latest",
        life_target_value=Decimal(60),
    ).breakdown_by(sex)
    share.supported_by(rtp)
    share.baseline(20)
    protection = handle.node("2", "Protection")
    safety = protection.child("2.1", "Women are safe")
    incidents = safety.indicator(
        "2.1.1",
        "Incidents of violence against women",
        lead=rtp,
        direction="decrease",
        cumulative_mode="per_period",
    )
    incidents.baseline(118)
    incidents.target("FY2567", 110)
    incidents.target("FY2568", 100)
    users = {"coordinator.dwf": build.user("coordinator.dwf", organization=dwf, role="coordinator")}
    for org in (sbpac, rtp):
        for role in ("reporter", "approver"):
            users[f"{role}.{org.code}"] = build.user(
                f"{role}.{org.code}", organization=org, role=role
            )
    return ProgressPlan(
        build=build,
        plan=handle.plan,
        orgs={"dwf": dwf, "sbpac": sbpac, "rtp": rtp},
        indicators={
            "1.1.1": trained.indicator,
            "1.1.2": share.indicator,
            "2.1.1": incidents.indicator,
        },
        nodes={
            "1": participation.node,
            "1.1": voice.node,
            "2": protection.node,
            "2.1": safety.node,
        },
        users=users,
        on_commit=django_capture_on_commit_callbacks,
    )
