"""Pages for reporting rounds: open one, list those you take part in, follow one, close it."""

from __future__ import annotations

import datetime as dt
from collections import OrderedDict

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from naptrack.frameworks import selectors as framework_selectors
from naptrack.reporting import permissions, selectors_rounds, services
from naptrack.reporting.forms_rounds import RoundForm
from naptrack.reporting.models import EDITABLE_STATES, ReportState, RoundState

# Suggested dates for a new round: reports due a month after it opens, closed a month later.
DEFAULT_DAYS_TO_DUE = 30
DEFAULT_DAYS_TO_CLOSE = 60


def _period_groups(choices) -> list[tuple[str, list]]:
    """Group the period choices by year (FY2568 with its halves and quarters) for the select."""
    groups: OrderedDict[str, list] = OrderedDict()
    for choice in choices:
        code = choice.period.code
        key = code.split("-")[0] if not code.startswith("LIFE-") else "LIFE"
        groups.setdefault(key, []).append(choice)
    return list(groups.items())


def _date_field(form: RoundForm, name: str) -> dict:
    """A date input with its value for the picker (ISO) and the date as Thai readers write it."""
    bound = form[name]
    day = None
    if form.is_bound:
        try:
            day = form.fields[name].clean(bound.value())
        except ValidationError:
            day = None
    else:
        day = bound.value()
    is_date = isinstance(day, dt.date)
    return {
        "field": bound,
        # What the user typed stays in the box when it is not a date (a picker would drop it).
        "input_type": "date" if is_date or not bound.value() else "text",
        "value": day.isoformat() if is_date else (bound.value() or ""),
        "day": day if is_date else None,
    }


@login_required
@require_http_methods(["GET", "POST"])
def round_create(request, code: str):
    """Open a reporting round for a plan: one report per agency that reports on its indicators."""
    plan = framework_selectors.plan_get_for_user(request.user, code)
    if plan is None:
        raise Http404
    if not permissions.coordinates_plan(request.user, plan):
        raise PermissionDenied(_("Only the plan's coordinators can open a reporting round."))
    choices = selectors_rounds.round_period_choices(plan)
    today = timezone.localdate()
    form = RoundForm(
        request.POST or None,
        choices=choices,
        initial={
            "opens_on": today,
            "due_on": today + dt.timedelta(days=DEFAULT_DAYS_TO_DUE),
            "closes_on": today + dt.timedelta(days=DEFAULT_DAYS_TO_CLOSE),
        },
    )
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            round_ = services.round_open(
                actor=request.user,
                plan=plan,
                period=form.period_obj,
                opens_on=data["opens_on"],
                due_on=data["due_on"],
                closes_on=data["closes_on"],
                titles=form.titles(),
            )
        except ValidationError as error:
            form.add_service_errors(error)
        except IntegrityError:
            # Two coordinators opened the same round at once; the other one won.
            form.add_error("period", _("A round for this plan and period exists already."))
        else:
            count = round_.reports.count()
            messages.success(
                request,
                ngettext(
                    "The round is open: %(count)s agency has a report to fill in.",
                    "The round is open: %(count)s agencies have a report to fill in.",
                    count,
                )
                % {"count": count},
            )
            return redirect("round-overview", pk=round_.pk)
    return render(
        request,
        "reporting/round_create.html",
        {
            "plan": plan,
            "form": form,
            "date_fields": [
                _date_field(form, name) for name in ("opens_on", "due_on", "closes_on")
            ],
            "period_groups": _period_groups(choices),
            "selected_period": (form["period"].value() or "").strip().upper(),
            "nav": "rounds",
        },
    )


@login_required
@require_GET
def round_list(request):
    """The rounds the user takes part in, and the plans they may open a round for."""
    rounds = list(selectors_rounds.round_list_for_user(request.user))
    coordinated = list(selectors_rounds.plans_user_can_open_rounds_for(request.user))
    coordinated_ids = {p.pk for p in coordinated}
    for round_ in rounds:
        # The same rule as permissions.can_manage_round, without a query per round.
        round_.can_manage = round_.plan_id in coordinated_ids
    return render(
        request,
        "reporting/round_list.html",
        {
            "open_rounds": [r for r in rounds if r.state == RoundState.OPEN],
            "closed_rounds": [r for r in rounds if r.state != RoundState.OPEN],
            "plans_to_open": coordinated,
            "today": timezone.localdate(),
            "nav": "rounds",
        },
    )


def _days_late(report, due_on: dt.date, today: dt.date) -> int:
    if not report.is_late:
        return 0
    day = report.submitted_day if report.state not in EDITABLE_STATES else None
    return ((day or today) - due_on).days


@login_required
@require_GET
def round_overview(request, pk: int):
    """Every agency's report in a round: state, completeness, lateness, activity, reminders."""
    round_ = selectors_rounds.round_get_for_user(request.user, pk)
    if round_ is None:
        raise Http404
    today = timezone.localdate()
    state = request.GET.get("state", "")
    state = state if state in ReportState.values else ""
    late = request.GET.get("late", "")
    late = late if late in selectors_rounds.LATE_CHOICES else ""
    can_manage = permissions.can_manage_round(request.user, round_)
    reports = list(
        selectors_rounds.round_reports(
            round_, request.user, today=today, state=state, late=late, can_manage=can_manage
        )
    )
    readable = set(
        permissions.visible_reports(request.user).filter(round=round_).values_list("pk", flat=True)
    )
    for report in reports:
        report.days_late = _days_late(report, round_.due_on, today)
        report.readable = report.pk in readable
        report.percent = (
            round(100 * report.lines_filled / report.lines_total) if report.lines_total else 0
        )
    fmt = request.GET.get("format", "").strip().lower()
    if fmt:
        response = _round_reports_download(round_, reports, fmt)
        if response is not None:
            return response
        messages.warning(
            request,
            _("Downloads are in CSV or XLSX; “%(format)s” is not one of them.")
            % {"format": fmt[:20]},
        )
    context = {
        "round": round_,
        "reports": reports,
        "summary": selectors_rounds.round_summary(
            round_, request.user, today=today, can_manage=can_manage
        ),
        "can_manage": can_manage,
        "filters": {"state": state, "late": late},
        "filtered": bool(state or late),
        "state_choices": ReportState.choices,
        "days_to_due": (round_.due_on - today).days,
        "days_past_due": (today - round_.due_on).days,
        "today": today,
        "nav": "rounds",
    }
    if request.htmx and request.htmx.target == "round-reports":
        return render(request, "reporting/partials/round_reports.html", context)
    return render(request, "reporting/round_overview.html", context)


def _round_reports_download(round_, reports, fmt: str):
    """The overview's rows (with its filters) as CSV or XLSX; None for an unknown format."""
    from naptrack.analytics.exports import FORMATS, table_response

    if fmt not in FORMATS:
        return None
    columns = [
        _("Plan code"),
        _("Period code"),
        _("Period"),
        _("Agency code"),
        _("Agency"),
        _("State"),
        _("Indicators with a value"),
        _("Indicators"),
        _("Due date"),
        _("Late"),
        _("Days late"),
        _("Submitted on"),
        _("Last activity"),
        _("Reminders sent"),
    ]

    def day(moment):
        return timezone.localtime(moment).date() if moment else None

    rows = [
        [
            round_.plan.code,
            round_.period.code,
            round_.period.label(),
            report.organization.code,
            report.organization.name,
            report.get_state_display(),
            report.lines_filled,
            report.lines_total,
            round_.due_on,
            _("Yes") if report.is_late else _("No"),
            report.days_late,
            day(report.submitted_at),
            day(report.last_activity_at),
            len(report.reminders.all()),
        ]
        for report in reports
    ]
    name = f"{round_.plan.code}-{round_.period.code}-reports"
    return table_response(name, columns, rows, fmt)


@login_required
@require_POST
def round_close(request, pk: int):
    """Close a round after confirmation: every report is locked as it stands."""
    round_ = selectors_rounds.round_get_for_user(request.user, pk)
    if round_ is None:
        raise Http404
    if not permissions.can_manage_round(request.user, round_):
        raise PermissionDenied(_("Only the plan's coordinators can close a round."))
    overview = reverse("round-overview", args=[round_.pk])
    if round_.state == RoundState.CLOSED:
        messages.info(request, _("This round is closed already."))
        return redirect(overview)
    if request.POST.get("confirm") != "yes":
        messages.error(
            request,
            _("Tick the box to confirm that every report will be locked, then close the round."),
        )
        return redirect(f"{overview}#close-round")
    services.round_close(actor=request.user, round_=round_)
    messages.success(request, _("The round is closed. Every report is locked as it stands."))
    return redirect(overview)
