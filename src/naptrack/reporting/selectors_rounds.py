"""Reads for the round pages: the rounds a user takes part in, a round's overview, period choices.

Every list here is read in a fixed number of queries, however many rounds, agencies or indicators.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser, User
from django.db.models import (
    BooleanField,
    Case,
    Count,
    Exists,
    IntegerField,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.db.models.functions import Coalesce, TruncDate

from naptrack.frameworks.models import Plan
from naptrack.frameworks.permissions import visible_plans
from naptrack.notifications.models import ReminderSent
from naptrack.organizations.models import Role
from naptrack.organizations.permissions import is_platform_admin, organization_ids_for
from naptrack.periods.models import Calendar, Period
from naptrack.periods.services import periods_for_plan_span
from naptrack.reporting import permissions
from naptrack.reporting.models import (
    EDITABLE_STATES,
    Report,
    ReportLine,
    ReportState,
    Round,
)
from naptrack.reporting.models import (
    Value as FigureValue,
)

# --- Opening a round ------------------------------------------------------------------------------


@dataclass(frozen=True)
class PeriodChoice:
    period: Period
    taken: bool  # a round for this plan and period exists already


def plans_user_can_open_rounds_for(user: User | AnonymousUser) -> QuerySet[Plan]:
    """Plans whose owner the user coordinates (every visible plan for platform admins)."""
    plans = visible_plans(user).select_related("owner")
    if is_platform_admin(user):
        return plans.order_by("start_date", "code")
    return plans.filter(owner_id__in=organization_ids_for(user, {Role.COORDINATOR})).order_by(
        "start_date", "code"
    )


def round_period_choices(plan: Plan) -> list[PeriodChoice]:
    """Periods a round of the plan may cover, in the plan's calendar and within its span.

    Thai fiscal plans: each fiscal year, its halves (the 6-month round) and its quarters; calendar
    plans: each calendar year. The plan's lifetime closes the list, for an end-of-plan round.
    """
    thai = plan.calendar == Calendar.THAI_FISCAL
    periods = periods_for_plan_span(plan.calendar, plan.start_date, plan.end_date, with_parts=thai)
    periods = [p for p in periods if p.start <= plan.end_date and p.end >= plan.start_date]
    taken = set(Round.objects.filter(plan=plan).values_list("period_id", flat=True))
    return [PeriodChoice(p, p.pk in taken) for p in periods]


# --- The rounds a user takes part in --------------------------------------------------------------


def round_list_for_user(user: User | AnonymousUser) -> QuerySet[Round]:
    """Rounds the user coordinates or reports in, newest first, with counts and the user's reports."""
    own = organization_ids_for(user)
    not_submitted = Q(reports__state__in=EDITABLE_STATES)
    return (
        Round.objects.filter(pk__in=permissions.visible_rounds(user).values("pk"))
        .select_related("plan__owner", "period")
        .annotate(
            report_count=Count("reports", distinct=True),
            waiting_count=Count("reports", filter=not_submitted, distinct=True),
            accepted_count=Count(
                "reports",
                filter=Q(reports__state__in=(ReportState.ACCEPTED, ReportState.LOCKED)),
                distinct=True,
            ),
        )
        .prefetch_related(
            Prefetch(
                "reports",
                queryset=Report.objects.filter(organization_id__in=own).select_related(
                    "organization"
                ),
                to_attr="my_reports",
            )
        )
        .order_by("-opens_on", "-pk")
    )


def round_get_for_user(user: User | AnonymousUser, pk: int) -> Round | None:
    return (
        Round.objects.filter(pk__in=permissions.visible_rounds(user).values("pk"))
        .select_related("plan__owner", "period", "opened_by")
        .filter(pk=pk)
        .first()
    )


# --- A round's overview ---------------------------------------------------------------------------

LATE_CHOICES = ("late", "on_time")


def _has_figure() -> Exists:
    """A line holds a value: a figure, a numerator or denominator, a text or a milestone status."""
    return Exists(
        FigureValue.objects.filter(line=OuterRef("pk")).filter(
            Q(value__isnull=False)
            | Q(numerator__isnull=False)
            | Q(denominator__isnull=False)
            | ~Q(text="")
            | ~Q(milestone_status="")
        )
    )


def _count_lines(filled: bool) -> Coalesce:
    lines = ReportLine.objects.filter(report=OuterRef("pk"))
    if filled:
        lines = lines.filter(_has_figure())
    counted = lines.order_by().values("report").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def _is_late(round_: Round, today: dt.date) -> Case:
    """Late: not in the coordinators' hands and past the due date, or handed in after it."""
    not_in = Q(state__in=EDITABLE_STATES) | Q(submitted_at__isnull=True)
    return Case(
        When(not_in, then=Value(today > round_.due_on)),
        When(submitted_day__gt=round_.due_on, then=Value(True)),
        default=Value(False),
        output_field=BooleanField(),
    )


def _reports_followed(
    round_: Round, user: User | AnonymousUser, today: dt.date, can_manage: bool | None
) -> QuerySet[Report]:
    """The round's reports the user may follow, with their lateness.

    The plan's coordinators see every agency (state and completeness only, never draft content);
    an agency's members see their own agency's report.
    """
    if can_manage is None:
        can_manage = permissions.can_manage_round(user, round_)
    reports = Report.objects.filter(round=round_)
    if not can_manage:
        reports = reports.filter(organization_id__in=organization_ids_for(user))
    return reports.annotate(submitted_day=TruncDate("submitted_at")).annotate(
        is_late=_is_late(round_, today)
    )


def round_reports(
    round_: Round,
    user: User | AnonymousUser,
    *,
    today: dt.date,
    state: str = "",
    late: str = "",
    can_manage: bool | None = None,
) -> QuerySet[Report]:
    """The reports of the overview, filtered, with completeness, lateness and reminders sent."""
    reports = (
        _reports_followed(round_, user, today, can_manage)
        .select_related("organization")
        .annotate(lines_total=_count_lines(filled=False), lines_filled=_count_lines(filled=True))
        .prefetch_related(
            Prefetch("reminders", queryset=ReminderSent.objects.order_by("-days_before"))
        )
        .order_by("organization__code")
    )
    if state in ReportState.values:
        reports = reports.filter(state=state)
    if late == "late":
        reports = reports.filter(is_late=True)
    elif late == "on_time":
        reports = reports.filter(is_late=False)
    return reports


@dataclass(frozen=True)
class RoundSummary:
    total: int
    by_state: dict[str, int]
    late: int
    reminders: int


def round_summary(
    round_: Round, user: User | AnonymousUser, *, today: dt.date, can_manage: bool | None = None
) -> RoundSummary:
    """Counts for the head of the overview, by state and late, over all the reports followed."""
    reports = _reports_followed(round_, user, today, can_manage)
    rows = (
        reports.order_by()
        .values("state")
        .annotate(n=Count("pk"), late_n=Count("pk", filter=Q(is_late=True)))
    )
    by_state = {value: 0 for value in ReportState.values}
    late = 0
    for row in rows:
        by_state[row["state"]] = row["n"]
        late += row["late_n"]
    reminders = ReminderSent.objects.filter(report__in=reports.values("pk")).count()
    return RoundSummary(
        total=sum(by_state.values()), by_state=by_state, late=late, reminders=reminders
    )
