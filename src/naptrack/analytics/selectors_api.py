"""Reads of the stored progress for the API, beside `selectors.plan_progress`: each in one query.

The plan's dashboard data come from `selectors.plan_progress`; this module finds the plan and the
period asked for, the indicators' lead agencies and the result levels' names, and an indicator's
series over the stored periods with its breakdown and agency rows.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from decimal import Decimal

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import F, OuterRef, Prefetch, Subquery

from naptrack.analytics.models import IndicatorProgress, NodeProgress
from naptrack.core.models import FALLBACK_LANGUAGES
from naptrack.frameworks.models import (
    Assignment,
    AssignmentRole,
    Indicator,
    IndicatorDimension,
    Plan,
    PlanLevel,
)
from naptrack.frameworks.permissions import visible_plans
from naptrack.periods.models import Period

# The grammar of period codes (periods.calendars), letters in either case. Written for both Python
# and ECMAScript, so that the OpenAPI schema states exactly what the API takes.
PERIOD_CODE_PATTERN = (
    r"\A(?:[Ff][Yy][0-9]{4}(?:-[Hh][12]|-[Qq][1-4]|-[Mm]9)?"
    r"|[Cc][Yy][0-9]{4}(?:-[Qq][1-4])?"
    r"|[Mm][0-9]{4}-[0-9]{2}"
    r"|[Ll][Ii][Ff][Ee]-[0-9]{8}-[0-9]{8})\Z"
)
PERIOD_CODE = re.compile(PERIOD_CODE_PATTERN)


def _pick(row: dict, prefix: str, language: str) -> str:
    for code in (language, *FALLBACK_LANGUAGES):
        text = row.get(f"{prefix}_{code}")
        if text:
            return text
    return ""


def plan_for_progress(user: User | AnonymousUser, code: str) -> Plan | None:
    """The plan with this code if the user may see it."""
    return visible_plans(user).filter(code=code).first()


def stored_period(plan: Plan, code: str, *, provisional: bool) -> Period | None:
    """The period with this code (any case) if the plan has progress stored for it."""
    row = (
        NodeProgress.objects.filter(
            plan=plan, node__isnull=True, provisional=provisional, period__code=code.upper()
        )
        .select_related("period")
        .first()
    )
    return row.period if row else None


def level_names(plan: Plan) -> dict[int, str]:
    """What the plan calls each depth of its tree (1: Pillar …), in the active language."""
    return {level.depth: level.name for level in PlanLevel.objects.filter(plan=plan)}


@dataclass
class AgencyRef:
    code: str
    name: str
    abbreviation: str


def lead_agencies(plan: Plan, language: str) -> dict[int, AgencyRef]:
    """The agency leading each indicator of the plan: {indicator id: agency}."""
    names = [f"organization__{f}_{c}" for f in ("name", "abbreviation") for c in ("th", "en", "vi")]
    leads = {}
    for row in Assignment.objects.filter(indicator__plan=plan, role=AssignmentRole.LEAD).values(
        "indicator_id", "organization__code", *names
    ):
        org = {key.removeprefix("organization__"): value for key, value in row.items()}
        leads[row["indicator_id"]] = AgencyRef(
            code=org["code"],
            name=_pick(org, "name", language),
            abbreviation=_pick(org, "abbreviation", language),
        )
    return leads


# --- An indicator's series ------------------------------------------------------------------------


def indicator_for_progress(user: User | AnonymousUser, pk: int) -> Indicator | None:
    """The indicator if the user may see its plan, with its plan and agencies."""
    assignments = Assignment.objects.select_related("organization").order_by(
        "role", "organization__code"
    )
    return (
        Indicator.objects.filter(pk=pk, plan__in=visible_plans(user).values("pk"))
        .select_related("plan")
        .prefetch_related(Prefetch("assignments", queryset=assignments))
        .first()
    )


@dataclass
class OptionFigures:
    """The indicator's figure for one option of a breakdown (female; Pattani) in a period."""

    dimension: str
    dimension_name: str
    code: str
    name: str
    area: str | None
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    milestone_status: str
    agencies_reporting: int


@dataclass
class AgencyFigures:
    """One agency's figure for the indicator in a period."""

    code: str
    name: str
    abbreviation: str
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    milestone_status: str


@dataclass
class PeriodFigures:
    """The indicator's total for a period with its target, achievement and status."""

    period: Period
    computed_at: dt.datetime
    value: Decimal | None
    numerator: Decimal | None
    denominator: Decimal | None
    milestone_status: str
    baseline: Decimal | None
    target: Decimal | None
    target_source: str
    life_target: Decimal | None
    achievement: Decimal | None
    status: str
    agencies_reporting: int
    agencies_expected: int
    options: list[OptionFigures] = field(default_factory=list)
    agencies: list[AgencyFigures] = field(default_factory=list)


@dataclass
class IndicatorSeries:
    indicator: Indicator
    provisional: bool
    computed_at: dt.datetime | None
    periods: list[PeriodFigures]


def indicator_progress_series(indicator: Indicator, *, provisional: bool) -> IndicatorSeries:
    """The indicator's stored progress in every period, oldest first: one query, any length.

    Names (options, dimensions, agencies) are in the active language.
    """
    # Breakdowns in the order the indicator lists them (sex, then province), as its definition.
    dimension_order = IndicatorDimension.objects.filter(
        indicator=indicator, dimension=OuterRef("option__dimension")
    ).values("sort_order")[:1]
    rows = (
        IndicatorProgress.objects.filter(indicator=indicator, provisional=provisional)
        .select_related("period", "option__dimension", "option__area", "organization")
        .annotate(dimension_order=Subquery(dimension_order))
        .order_by(
            "period__start",
            "-period__end",
            "period__code",
            F("dimension_order").asc(nulls_last=True),
            "option__dimension__sort_order",
            "option__dimension__code",
            "option__sort_order",
            "option__code",
            "organization__code",
        )
    )
    totals: dict[int, PeriodFigures] = {}
    options: dict[int, list[OptionFigures]] = {}
    agencies: dict[int, list[AgencyFigures]] = {}
    for row in rows:
        if row.option_id is not None:
            option = row.option
            options.setdefault(row.period_id, []).append(
                OptionFigures(
                    dimension=option.dimension.code,
                    dimension_name=option.dimension.name,
                    code=option.code,
                    name=option.name,
                    area=option.area.code if option.area_id else None,
                    value=row.value,
                    numerator=row.numerator,
                    denominator=row.denominator,
                    milestone_status=row.milestone_status,
                    agencies_reporting=row.agencies_reporting,
                )
            )
        elif row.organization_id is not None:
            agencies.setdefault(row.period_id, []).append(
                AgencyFigures(
                    code=row.organization.code,
                    name=row.organization.name,
                    abbreviation=row.organization.abbreviation,
                    value=row.value,
                    numerator=row.numerator,
                    denominator=row.denominator,
                    milestone_status=row.milestone_status,
                )
            )
        else:
            totals[row.period_id] = PeriodFigures(
                period=row.period,
                computed_at=row.computed_at,
                value=row.value,
                numerator=row.numerator,
                denominator=row.denominator,
                milestone_status=row.milestone_status,
                baseline=row.baseline,
                target=row.target,
                target_source=row.target_source,
                life_target=row.life_target,
                achievement=row.achievement,
                status=row.status,
                agencies_reporting=row.agencies_reporting,
                agencies_expected=row.agencies_expected,
            )
    # Every stored period has its total row; the breakdown and agency rows go under it.
    for period_id, total in totals.items():
        total.options = options.get(period_id, [])
        total.agencies = agencies.get(period_id, [])
    periods = list(totals.values())
    return IndicatorSeries(
        indicator=indicator,
        provisional=provisional,
        computed_at=max((p.computed_at for p in periods), default=None),
        periods=periods,
    )
