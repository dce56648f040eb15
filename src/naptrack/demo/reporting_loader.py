"""Demo reporting: a past, accepted round and an open round for the Thai NAP WPS and SOMSWD.

Every report is taken through the reporting services by the demo users of its agency (reporters
save and submit, approvers approve or return, the plan's coordinator accepts or returns), so the
history names real people; an agency without a demo account acts as the platform (SYSTEM). The
rounds themselves are opened and closed by SYSTEM.

The figures come from the plans' own targets with a fixed random seed per report: about 70–110 %
of the agency's share of the period target, breakdown grids that add up to the total, percentages
as numerator over denominator, ratings that follow the figure and reasons where an indicator is at
risk or off track. Words (narratives, feedback, reasons) are in data/rounds.py.

The services stamp each step with the present time. A round reported in 2024 with a history dated
today would be odd (and every report would look late), so once a step is done its timestamps are
moved to the step's place in the round's story. Notifications are trimmed the same way: none for the
closed rounds, and for each report of an open round only its latest step's (the approver of ตร.
hears of the submitted report, the coordinator is not asked to accept a report already accepted).
Those two are the only things done here besides calling the services.

A round that exists already is left exactly as it is: a second run creates and changes nothing.
"""

from __future__ import annotations

import datetime as dt
import logging
import math
import random
from collections.abc import Iterator
from contextlib import contextmanager, nullcontext
from dataclasses import dataclass, field

from django.db import transaction
from django.db.models import Case, Count, F, When
from django.db.models import Value as Val
from django.utils import timezone

from naptrack.analytics.services import plan_progress_rebuild
from naptrack.core.services import SYSTEM
from naptrack.demo.data import rounds as data
from naptrack.demo.loaders import LoadStats
from naptrack.frameworks.models import (
    AssignmentRole,
    Baseline,
    Breakdown,
    CumulativeMode,
    Direction,
    Indicator,
    Plan,
    Target,
    ValueType,
)
from naptrack.organizations.models import Membership, Role
from naptrack.periods.calendars import format_date
from naptrack.periods.services import period_get_or_create
from naptrack.reporting import services
from naptrack.reporting.models import (
    Event,
    Rating,
    Report,
    ReportLine,
    ReportState,
    Round,
    RoundState,
    Value,
    ValueChange,
)

log = logging.getLogger(__name__)

COUNTED = (Round, Report, ReportLine, Value, ValueChange, Event, Breakdown)


@dataclass
class ReportingSummary:
    """What the demo rounds hold after a load: rounds by state and reports by state."""

    rounds: dict[str, int] = field(default_factory=dict)
    reports: dict[str, int] = field(default_factory=dict)
    created_rounds: int = 0

    def __str__(self) -> str:
        rounds = sum(self.rounds.values())
        reports = sum(self.reports.values())
        by_state = ", ".join(
            f"{state} {self.reports[state]}"
            for state in ReportState.values
            if state in self.reports
        )
        made = f"{self.created_rounds} new" if self.created_rounds else "none new"
        return (
            f"Demo reporting: {rounds} rounds ({self.rounds.get(RoundState.OPEN, 0)} open, "
            f"{self.rounds.get(RoundState.CLOSED, 0)} closed; {made}), {reports} reports: {by_state}."
        )


def load_rounds(stats: LoadStats, *, today: dt.date | None = None) -> ReportingSummary:
    """Create the demo rounds that do not exist yet and log a one-line summary of all of them."""
    today = today or timezone.localdate()
    before = {model: model.objects.count() for model in COUNTED}
    created = 0
    told: set[int] = set()
    with transaction.atomic():
        for spec in data.ROUNDS:
            plan = Plan.objects.filter(code=spec.plan).select_related("owner").first()
            if plan is None:
                continue
            period = period_get_or_create(spec.period)
            if Round.objects.filter(plan=plan, period=period).exists():
                continue
            _RoundStory(spec, plan, period, today).tell()
            created += 1
            told.add(plan.pk)
        # The stories' steps queued refreshes report by report; one rebuild per plan is quicker.
        # A database from before the progress engine has rounds but no stored progress yet.
        told.update(
            Plan.objects.filter(code__in={spec.plan for spec in data.ROUNDS}, rounds__isnull=False)
            .exclude(progress__isnull=False)
            .values_list("pk", flat=True)
        )
        for plan in Plan.objects.filter(pk__in=told):
            plan_progress_rebuild(plan)
    for model in COUNTED:
        stats.add(model._meta.label, created=model.objects.count() - before[model])

    codes = {spec.plan for spec in data.ROUNDS}
    summary = ReportingSummary(created_rounds=created)
    summary.rounds = {
        row["state"]: row["n"]
        for row in Round.objects.filter(plan__code__in=codes)
        .order_by()
        .values("state")
        .annotate(n=Count("pk"))
    }
    summary.reports = {
        row["state"]: row["n"]
        for row in Report.objects.filter(round__plan__code__in=codes)
        .order_by()
        .values("state")
        .annotate(n=Count("pk"))
    }
    log.info("%s", summary)
    return summary


# --- Figures ------------------------------------------------------------------------------------


def _key(*pairs: tuple[str, str]) -> str:
    return ";".join(sorted(f"{dimension}={option}" for dimension, option in pairs))


@dataclass
class _IndicatorFacts:
    indicator: Indicator
    dims: list[tuple[str, list[str]]]
    target: Target | None
    part_targets: dict[str, Target]
    baseline: Baseline | None
    part_baselines: dict[str, Baseline]
    lead: str | None
    shares: dict[str, float]


def _indicator_facts(plan: Plan, period) -> dict[int, _IndicatorFacts]:
    indicators = plan.indicators.prefetch_related(
        "indicator_dimensions__dimension__options",
        "indicator_dimensions__options",
        "assignments__organization",
    )
    targets: dict[int, dict[str | None, Target]] = {}
    for target in Target.objects.filter(indicator__plan=plan, period=period).select_related(
        "breakdown"
    ):
        key = target.breakdown.key if target.breakdown_id else None
        targets.setdefault(target.indicator_id, {})[key] = target
    baselines: dict[int, dict[str | None, Baseline]] = {}
    for baseline in Baseline.objects.filter(indicator__plan=plan).select_related("breakdown"):
        key = baseline.breakdown.key if baseline.breakdown_id else None
        baselines.setdefault(baseline.indicator_id, {})[key] = baseline

    facts = {}
    for indicator in indicators:
        reporting = [a for a in indicator.assignments.all() if a.reports]
        lead = next((a for a in reporting if a.role == AssignmentRole.LEAD), None)
        supporters = [a for a in reporting if a is not lead]
        weights = {
            a.organization.code: data.SHARE_WEIGHTS.get(a.organization.code, 1.0)
            for a in supporters
        }
        shares: dict[str, float] = {}
        if lead is not None:
            shares[lead.organization.code] = data.LEAD_SHARE if supporters else 1.0
        rest = 1.0 - sum(shares.values())
        for code, weight in weights.items():
            shares[code] = rest * weight / sum(weights.values())
        own_targets = targets.get(indicator.pk, {})
        own_baselines = baselines.get(indicator.pk, {})
        facts[indicator.pk] = _IndicatorFacts(
            indicator=indicator,
            dims=[
                (link.dimension.code, [o.code for o in link.allowed_options()])
                for link in indicator.indicator_dimensions.all()
            ],
            target=own_targets.get(None),
            part_targets={k: t for k, t in own_targets.items() if k},
            baseline=own_baselines.get(None),
            part_baselines={k: b for k, b in own_baselines.items() if k},
            lead=lead.organization.code if lead else None,
            shares=shares,
        )
    return facts


@dataclass
class _LineFill:
    figures: dict
    rating: str | None
    reason: str = ""
    comment: str = ""
    total: float | None = None


def _rating(achievement: float) -> str:
    if achievement >= 1:
        return Rating.ACHIEVED
    if achievement >= 0.9:
        return Rating.ON_TRACK
    if achievement >= 0.8:
        return Rating.AT_RISK
    return Rating.OFF_TRACK


def _split(total: int, weights: list[float], rng: random.Random) -> list[int]:
    """Whole numbers that add up to total, roughly in proportion to the weights."""
    jittered = [w * rng.uniform(0.85, 1.15) for w in weights]
    scale = sum(jittered) or 1.0
    raw = [total * w / scale for w in jittered]
    parts = [math.floor(x) for x in raw]
    order = sorted(range(len(raw)), key=lambda i: raw[i] - parts[i], reverse=True)
    for i in order[: total - sum(parts)]:
        parts[i] += 1
    return parts


class _FigureMaker:
    """Invents an agency's figures for one indicator, in line with its targets and last period."""

    def __init__(self, spec: data.RoundSpec, period, rng: random.Random):
        self.spec = spec
        self.period = period
        self.rng = rng
        self.english = spec.language == "en"

    # The draws ---------------------------------------------------------------------------------

    def _achievement_factor(self) -> float:
        """Mostly close to the target; now and then short of it."""
        r = self.rng.random()
        if r < 0.12:
            return self.rng.uniform(0.70, 0.80)
        if r < 0.30:
            return self.rng.uniform(0.80, 0.95)
        return self.rng.uniform(0.95, 1.10)

    def _weights(self, code: str, dimension: str, options: list[str]) -> list[float]:
        table = data.WEIGHTS_BY_INDICATOR.get(code, {}).get(dimension) or data.DEFAULT_WEIGHTS.get(
            dimension, {}
        )
        return [float(table.get(option, 1.0)) for option in options]

    def _reason(self, code: str) -> str:
        pools = data.REASONS_EN if self.english else data.REASONS_TH
        return self.rng.choice(pools.get(code) or pools["*"])

    def _comment(self) -> str:
        if self.rng.random() > 0.35:
            return ""
        pool = data.LINE_COMMENTS_EN if self.english else data.LINE_COMMENTS_TH
        language = "en" if self.english else "th"
        return self.rng.choice(pool).format(end=format_date(self.period.end, language, long=True))

    # The figures -------------------------------------------------------------------------------

    def make(self, facts: _IndicatorFacts, org: str, previous) -> _LineFill:
        code = facts.indicator.code
        reason = data.NO_DATA.get((self.spec.plan, self.spec.period, org, code))
        if reason:
            return _LineFill(figures={}, rating=Rating.NO_DATA, reason=reason)
        kind = facts.indicator.value_type
        if kind == ValueType.NUMBER:
            fill = self._number(facts, org, previous)
        elif kind == ValueType.PERCENTAGE:
            fill = self._percentage(facts, org)
        elif kind == ValueType.YES_NO:
            fill = self._yes_no(facts, org)
        else:
            fill = self._text(facts, org)
        if fill.rating in (Rating.AT_RISK, Rating.OFF_TRACK) and not fill.reason:
            fill.reason = self._reason(code)
        fill.comment = fill.comment or self._comment()
        return fill

    def _own_target(self, facts: _IndicatorFacts, org: str) -> float | None:
        member = self._member_state(facts, org)
        if member:
            part = facts.part_targets.get(_key(member))
            if part is not None and part.value is not None:
                return float(part.value)
        if facts.target is None or facts.target.value is None:
            return None
        return float(facts.target.value) * facts.shares.get(org, 1.0)

    @staticmethod
    def _member_state(facts: _IndicatorFacts, org: str) -> tuple[str, str] | None:
        """("member-state", "TH") when a member state reports an indicator broken down by member state."""
        for dimension, options in facts.dims:
            if dimension == "member-state" and org.startswith("somswd-"):
                option = org.removeprefix("somswd-").upper()
                if option in options:
                    return (dimension, option)
        return None

    def _number(self, facts: _IndicatorFacts, org: str, previous) -> _LineFill:
        ind = facts.indicator
        own = self._own_target(facts, org)
        fixed = data.FIXED_VALUES.get((self.spec.plan, ind.code), {}).get(self.spec.period)
        decrease = ind.direction == Direction.DECREASE
        if fixed is not None:
            value = float(fixed.get(org, fixed.get("*", 0)))
        elif own is None:
            base = facts.baseline.value if facts.baseline and facts.baseline.value else None
            share = facts.shares.get(org, 1.0)
            value = (
                float(base) * share * self.rng.uniform(1.0, 1.1) if base else self.rng.randint(1, 5)
            )
        elif own < 0.5 and ind.decimals == 0:
            value = float(self.rng.choice((0, 0, 1)))
        else:
            factor = self._achievement_factor()
            if decrease:
                value = own * (1 + (1 - factor) * 0.8 if factor < 1 else 2 - factor)
            else:
                value = own * factor
            if own < 3 and not ind.decimals:
                # Small counts vary by a whole unit or so, not by a share of the target.
                value = max(0.0, value + self.rng.choice((-1, 0, 0, 0, 1)))
        value = round(value, ind.decimals) if ind.decimals else float(round(value))
        if previous is not None and previous > 0:
            # Within half and double last period's figure (no warning to confirm); a cumulative
            # count never goes down.
            prev = float(previous)
            low, high = math.ceil(prev / 2), math.floor(prev * 2)
            if ind.cumulative_mode == CumulativeMode.CUMULATIVE:
                low = max(low, math.ceil(prev))
            value = float(min(max(value, low), high))

        # Counts are rated against the whole number the agency could reach; one short of a small
        # target is at risk, not off track.
        goal = own if own is None or ind.decimals else float(round(own))
        if not goal:
            rating = Rating.ACHIEVED if value > 0 and not decrease else Rating.ON_TRACK
        elif decrease:
            rating = _rating(goal / value if value else 2.0)
        elif not ind.decimals and goal <= 5 and value == goal - 1:
            rating = Rating.AT_RISK
        else:
            rating = _rating(value / goal)

        total = int(value) if not ind.decimals else value
        figures: dict = {None: {"value": total}}
        if not ind.decimals:
            figures.update(self._number_parts(facts, org, int(value)))
        return _LineFill(figures=figures, rating=rating, total=value)

    def _number_parts(self, facts: _IndicatorFacts, org: str, total: int) -> dict:
        member = self._member_state(facts, org)
        if member:
            return {_key(member): {"value": total}}
        dims = [(d, options) for d, options in facts.dims if d != "member-state"]
        if not dims or len(dims) != len(facts.dims):
            return {}
        code = facts.indicator.code
        parts: dict = {}
        if len(dims) == 2:
            (d1, o1), (d2, o2) = dims
            w1, w2 = self._weights(code, d1, o1), self._weights(code, d2, o2)
            cells = [(a, b) for a in o1 for b in o2]
            values = _split(total, [w1[o1.index(a)] * w2[o2.index(b)] for a, b in cells], self.rng)
            for (a, b), v in zip(cells, values, strict=True):
                parts[_key((d1, a), (d2, b))] = {"value": v}
            for a in o1:
                parts[_key((d1, a))] = {
                    "value": sum(v for (x, _), v in zip(cells, values, strict=True) if x == a)
                }
            for b in o2:
                parts[_key((d2, b))] = {
                    "value": sum(v for (_, y), v in zip(cells, values, strict=True) if y == b)
                }
            return parts
        # One dimension, or more than two: each dimension on its own, every one adding up.
        for dimension, options in dims:
            values = _split(total, self._weights(code, dimension, options), self.rng)
            for option, v in zip(options, values, strict=True):
                parts[_key((dimension, option))] = {"value": v}
        return parts

    def _percentage(self, facts: _IndicatorFacts, org: str) -> _LineFill:
        ind = facts.indicator
        target = facts.target
        if target is not None and target.value is not None:
            target_pct = float(target.value)
        elif facts.baseline is not None and facts.baseline.value is not None:
            target_pct = float(facts.baseline.value) * 1.05
        else:
            target_pct = 50.0
        if target is not None and target.denominator and org == facts.lead:
            base = float(target.denominator)
        elif facts.baseline is not None and facts.baseline.denominator:
            base = float(facts.baseline.denominator)
        else:
            base = float(data.DEFAULT_DENOMINATOR)
        if facts.lead and org != facts.lead:
            base *= data.SUPPORT_DENOMINATOR
        denominator = max(12, round(base * self.rng.uniform(0.93, 1.08)))
        factor = self._achievement_factor()
        if ind.direction == Direction.DECREASE:
            pct = target_pct * (2 - factor)
        else:
            pct = target_pct * factor
        pct = min(pct, 97.0)

        parts: dict = {}
        dims = [(d, o) for d, o in facts.dims if d != "member-state"]
        if dims:
            dimension, options = dims[0]
            keys = [_key((dimension, option)) for option in options]
            known = [facts.part_baselines.get(k) for k in keys]
            if all(b is not None and b.denominator for b in known):
                weights = [float(b.denominator) for b in known]
            else:
                weights = self._weights(ind.code, dimension, options)
            bias = data.PERCENT_BIAS.get(ind.code, {})
            for key, den in zip(keys, _split(denominator, weights, self.rng), strict=True):
                if den <= 0:
                    continue
                part_pct = min(pct * bias.get(key, 1.0) * self.rng.uniform(0.97, 1.03), 99.0)
                parts[key] = {
                    "numerator": min(den, round(den * part_pct / 100)),
                    "denominator": den,
                }
        if parts:
            numerator = sum(p["numerator"] for p in parts.values())
            denominator = sum(p["denominator"] for p in parts.values())
        else:
            numerator = min(denominator, round(denominator * pct / 100))
        actual = numerator * 100 / denominator
        if ind.direction == Direction.DECREASE:
            rating = _rating(target_pct / actual if actual else 2.0)
        else:
            rating = _rating(actual / target_pct if target_pct else 1.0)
        figures = {None: {"numerator": numerator, "denominator": denominator}, **parts}
        return _LineFill(figures=figures, rating=rating, total=actual)

    def _yes_no(self, facts: _IndicatorFacts, org: str) -> _LineFill:
        target = facts.target.value if facts.target and facts.target.value is not None else 1
        wanted = 1 if target >= 1 else 0
        value = wanted if org == facts.lead or self.rng.random() < 0.85 else 0
        if value >= wanted:
            rating = Rating.ACHIEVED if value else Rating.ON_TRACK
        else:
            rating = Rating.AT_RISK
        return _LineFill(figures={None: {"value": value}}, rating=rating, total=value)

    def _text(self, facts: _IndicatorFacts, org: str) -> _LineFill:
        options = data.TEXT_FIGURES.get((facts.indicator.code, self.spec.period), {})
        figure = options.get(org) or options.get("*")
        if figure is None:
            text = "Work continues as planned." if self.english else "อยู่ระหว่างดำเนินการตามแผนงาน"
            figure = data.TextFigure(text, status="in_progress")
        entry = {"text": figure.text}
        if facts.indicator.value_type == ValueType.MILESTONE:
            entry["milestone_status"] = figure.status or "in_progress"
        return _LineFill(figures={None: entry}, rating=figure.rating, reason=figure.reason)


# --- Time -----------------------------------------------------------------------------------------


def _at(day: dt.date, rng: random.Random, first_hour: int = 9, last_hour: int = 17) -> dt.datetime:
    while day.weekday() >= 5:
        day += dt.timedelta(days=1)
    minute = rng.randint(first_hour * 60, last_hour * 60 - 1)
    return dt.datetime.combine(
        day, dt.time(minute // 60, minute % 60), tzinfo=timezone.get_default_timezone()
    )


class _Clock:
    """The time of a report's next step: always forward, never past a limit (nor the present)."""

    def __init__(self, start: dt.datetime, limit: dt.datetime, rng: random.Random):
        self.now = min(start, limit)
        self.limit = limit
        self.rng = rng

    def minutes(self, low: int, high: int) -> dt.datetime:
        self.now = min(self.now + dt.timedelta(minutes=self.rng.randint(low, high)), self.limit)
        return self.now

    def days(self, low: int, high: int) -> dt.datetime:
        day = self.now.date() + dt.timedelta(days=self.rng.randint(low, high))
        moment = _at(day, self.rng)
        if moment <= self.now:
            moment = self.now + dt.timedelta(minutes=self.rng.randint(20, 90))
        self.now = min(moment, self.limit)
        return self.now


# --- A round and its reports ----------------------------------------------------------------------


class _Pending:
    """The notifications the services have scheduled to go out on commit (Django's on_commit list).

    A round that closed long ago should not fill today's inboxes and mail folder, and a report
    taken through several steps should leave only its last step's message (a coordinator is not
    asked to accept a report that is already accepted). The open rounds' messages go out as they
    would have.
    """

    def __init__(self) -> None:
        connection = transaction.get_connection()
        self.callbacks = connection.run_on_commit if connection.in_atomic_block else None

    def mark(self) -> int:
        return len(self.callbacks) if self.callbacks is not None else 0

    def drop(self, start: int, end: int | None = None) -> None:
        if self.callbacks is not None:
            del self.callbacks[start:end]


@contextmanager
def _without_notifications() -> Iterator[None]:
    pending = _Pending()
    start = pending.mark()
    try:
        yield
    finally:
        pending.drop(start)


class _RoundStory:
    def __init__(self, spec: data.RoundSpec, plan: Plan, period, today: dt.date):
        self.spec = spec
        self.plan = plan
        self.period = period
        self.today = today
        # Rows the services stamp from now on carry the present time until moved into the story.
        self.started = timezone.now()
        self.present = self.started - dt.timedelta(minutes=5)
        self.rng = random.Random(f"{spec.plan}:{spec.period}")
        if spec.closed:
            self.opens_on, self.due_on, self.closes_on = spec.opens_on, spec.due_on, spec.closes_on
        else:
            # Open long enough for some work to have been done, and due a few days from now.
            self.opens_on = min(spec.opens_on, today - dt.timedelta(days=21))
            self.due_on = today + dt.timedelta(days=spec.due_in_days)
            self.closes_on = self.due_on + dt.timedelta(days=30)
        self.coordinator = self._coordinator()
        self.reporters = self._members(Role.REPORTER)
        self.approvers = self._members(Role.APPROVER)

    def _coordinator(self):
        membership = (
            Membership.objects.filter(
                organization_id=self.plan.owner_id, role=Role.COORDINATOR, user__is_active=True
            )
            .select_related("user")
            .order_by("user__username")
            .first()
        )
        return membership.user if membership else SYSTEM

    def _members(self, role: str) -> dict[int, object]:
        found: dict[int, object] = {}
        for membership in (
            Membership.objects.filter(role=role, user__is_active=True)
            .select_related("user")
            .order_by("user__username")
        ):
            found.setdefault(membership.organization_id, membership.user)
        return found

    # The story ---------------------------------------------------------------------------------

    def tell(self) -> Round:
        quiet = _without_notifications() if self.spec.closed else nullcontext()
        with quiet:
            return self._tell()

    def _tell(self) -> Round:
        opened_at = min(_at(self.opens_on, self.rng, 8, 9), self.present)
        round_ = services.round_open(
            actor=SYSTEM,
            plan=self.plan,
            period=self.period,
            opens_on=self.opens_on,
            due_on=self.due_on,
            closes_on=self.closes_on,
            titles=self.spec.title,
        )
        Round.objects.filter(pk=round_.pk).update(created_at=opened_at, updated_at=opened_at)
        Report.objects.filter(round=round_).update(
            created_at=opened_at, updated_at=opened_at, last_activity_at=opened_at
        )
        ReportLine.objects.filter(report__round=round_).update(
            created_at=opened_at, updated_at=opened_at
        )
        Event.objects.filter(report__round=round_).update(created_at=opened_at)

        facts = _indicator_facts(self.plan, self.period)
        reports = list(
            round_.reports.select_related("organization", "round__plan", "round__period").order_by(
                "organization__code"
            )
        )
        for report in reports:
            story = self.spec.stories.get(report.organization.code, self.spec.default_story)
            if story != data.DRAFT:
                _ReportStory(self, report, story, facts).tell()

        if self.spec.closed:
            closed_at = min(_at(self.closes_on, self.rng, 16, 17), self.present)
            services.round_close(actor=SYSTEM, round_=round_)
            Round.objects.filter(pk=round_.pk).update(closed_at=closed_at, updated_at=closed_at)
            Report.objects.filter(round=round_, updated_at__gte=self.started).update(
                updated_at=closed_at
            )
            Event.objects.filter(report__round=round_, created_at__gte=self.started).update(
                created_at=closed_at
            )
        return round_


class _ReportStory:
    """One agency's report taken through its story, step by step, each step in its place in time."""

    def __init__(self, round_story: _RoundStory, report: Report, story: str, facts):
        self.r = round_story
        self.report = report
        self.story = story
        self.facts = facts
        self.org = report.organization.code
        self.rng = random.Random(f"{round_story.spec.plan}:{round_story.spec.period}:{self.org}")
        self.reporter = round_story.reporters.get(report.organization_id, SYSTEM)
        self.approver = round_story.approvers.get(report.organization_id, SYSTEM)
        self.coordinator = round_story.coordinator
        self.english = round_story.spec.language == "en"
        self.clock = self._clock()
        self.times: dict[str, dt.datetime] = {}
        self.pending = _Pending()
        self.first_step = self.last_step = self.pending.mark()

    def _clock(self) -> _Clock:
        r = self.r
        if r.spec.closed:
            # Room before the due date for the steps up to the (last) submission.
            latest_start = r.due_on - dt.timedelta(days=14 if self.story == data.CORRECTED else 7)
            if self.story == data.LATE:
                start_day = r.due_on - dt.timedelta(days=self.rng.randint(0, 3))
            else:
                span = max(0, (latest_start - r.opens_on).days - 5)
                start_day = r.opens_on + dt.timedelta(days=5 + self.rng.randint(0, span))
            limit = _at(r.closes_on - dt.timedelta(days=1), self.rng, 15, 16)
        else:
            window = max(r.opens_on, r.today - dt.timedelta(days=24))
            start_day = window + dt.timedelta(days=self.rng.randint(0, 6))
            limit = r.present
        return _Clock(_at(start_day, self.rng), min(limit, r.present), self.rng)

    # Stamping ----------------------------------------------------------------------------------

    def _stamp(self, moment: dt.datetime, line: ReportLine | None = None) -> None:
        """Move what the last step wrote from the present to its moment in the story."""
        started = self.r.started
        if line is None:
            Event.objects.filter(report=self.report, created_at__gte=started).update(
                created_at=moment
            )
        else:
            ValueChange.objects.filter(report=self.report, changed_at__gte=started).update(
                changed_at=moment
            )
            Value.objects.filter(line=line, updated_at__gte=started).update(
                updated_at=moment,
                created_at=Case(
                    When(created_at__gte=started, then=Val(moment)), default=F("created_at")
                ),
            )
            ReportLine.objects.filter(pk=line.pk).update(updated_at=moment)
        self.times["last"] = moment

    def _step(self) -> None:
        """A workflow step begins: the messages of the steps before it are superseded."""
        self.last_step = self.pending.mark()

    def _finish(self) -> None:
        self.pending.drop(self.first_step, self.last_step)
        times = self.times
        fields = {"last_activity_at": times["last"], "updated_at": times["last"]}
        for name in ("submitted_at", "approved_at", "accepted_at"):
            if name in times:
                fields[name] = times[name]
        Report.objects.filter(pk=self.report.pk).update(**fields)

    # Steps -------------------------------------------------------------------------------------

    def tell(self) -> None:
        lines = list(
            self.report.lines.select_related("indicator").order_by(
                "indicator__sort_order", "indicator__code"
            )
        )
        previous = services.previous_totals(self.report)
        maker = self.maker = _FigureMaker(self.r.spec, self.r.period, self.rng)
        fills = {
            line.pk: maker.make(
                self.facts[line.indicator_id], self.org, previous.get(line.indicator_id)
            )
            for line in lines
        }
        if self.story == data.PARTIAL:
            self._partial(lines, fills)
            return

        for line in lines:
            self._save_line(line, fills[line.pk])
        self._save_narrative(self._narrative(lines, fills))
        self._submit()

        if self.story == data.SUBMITTED:
            return self._finish()
        if self.story == data.CORRECTED:
            self._return_and_correct(lines, fills)
        self._approve()
        if self.story == data.APPROVED:
            return self._finish()
        if self.story == data.RETURNED:
            feedback = data.FEEDBACK.get((self.r.spec.plan, self.r.spec.period, self.org))
            self._coordinator_return(feedback or self._default_feedback())
            return self._finish()
        self._accept()
        self._finish()

    def _partial(self, lines: list[ReportLine], fills: dict) -> None:
        """About half the indicators: all but the last of them complete, the last only begun."""
        count = max(1, math.ceil(len(lines) / 2))
        for index, line in enumerate(lines[:count]):
            fill = fills[line.pk]
            if index == count - 1 and fill.figures.get(None):
                fill = _LineFill(figures={None: fill.figures[None]}, rating=None)
            self._save_line(line, fill)
        narrative = self._narrative(lines, fills, partial=True)
        self._save_narrative(data.Narrative(progress=narrative.progress))
        self._finish()

    def _save_line(self, line: ReportLine, fill: _LineFill, *, reason: str = "") -> ReportLine:
        moment = self.clock.minutes(4, 25)
        saved = services.line_save(
            actor=self.reporter,
            line=line,
            expected_version=line.version,
            figures=fill.figures,
            rating=fill.rating,
            rating_reason=fill.reason,
            comment=fill.comment,
            reason=reason,
        )
        self._stamp(moment, saved)
        return saved

    def _save_narrative(self, narrative: data.Narrative) -> None:
        moment = self.clock.minutes(10, 40)
        self.report = services.report_save_narrative(
            actor=self.reporter,
            report=self.report,
            expected_version=self.report.version,
            progress=narrative.progress,
            problems=narrative.problems,
            next_steps=narrative.next_steps,
            support_needed=narrative.support_needed,
        )
        self._stamp(moment)

    def _submit(self) -> None:
        self._step()
        r = self.r
        if r.spec.closed and self.story == data.LATE:
            # Late: a few days after the due date, still before the round closes.
            moment = max(
                self.clock.now, _at(r.due_on + dt.timedelta(days=self.rng.randint(2, 5)), self.rng)
            )
            self.clock.now = min(moment, self.clock.limit)
            moment = self.clock.now
        else:
            moment = self.clock.days(0, 2)
        try:
            self.report = services.report_submit(actor=self.reporter, report=self.report)
        except services.SubmissionRefused as refused:
            if refused.errors:
                details = "; ".join(f"{p.line_id} {p.field}: {p.message}" for p in refused.errors)
                raise RuntimeError(
                    f"Demo report {self.report} breaks the rules: {details}"
                ) from None
            reason = (
                "Checked with the source records."
                if self.english
                else "ตรวจสอบกับข้อมูลต้นทางแล้ว ตัวเลขถูกต้อง"
            )
            confirmations = {str(p.line_id): reason for p in refused.warnings}
            self.report = services.report_submit(
                actor=self.reporter, report=self.report, confirmations=confirmations
            )
        self._stamp(moment)
        self.times["submitted_at"] = moment

    def _return_and_correct(self, lines: list[ReportLine], fills: dict) -> None:
        correction = data.CORRECTIONS.get((self.r.spec.plan, self.r.spec.period, self.org))
        if correction is None:
            return
        self._step()
        moment = self.clock.days(1, 2)
        self.report = services.report_return(
            actor=self.approver, report=self.report, feedback=correction.feedback
        )
        self._stamp(moment)
        self.clock.days(0, 1)
        line = next(line for line in lines if line.indicator.code == correction.indicator)
        line.refresh_from_db(fields=["version"])
        fill = fills[line.pk]
        total = fill.figures[None]["value"] + correction.delta
        part = fill.figures[correction.breakdown]["value"] + correction.delta
        own = self.maker._own_target(self.facts[line.indicator_id], self.org)
        rating = _rating(total / own) if own else fill.rating
        corrected = _LineFill(
            figures={None: {"value": total}, correction.breakdown: {"value": part}},
            rating=rating,
            reason=fill.reason if rating in (Rating.AT_RISK, Rating.OFF_TRACK) else "",
            comment=correction.comment,
        )
        if corrected.rating in (Rating.AT_RISK, Rating.OFF_TRACK) and not corrected.reason:
            corrected.reason = self.maker._reason(line.indicator.code)
        self._save_line(line, corrected)
        self._submit()

    def _approve(self) -> None:
        self._step()
        moment = self.clock.days(1, 4)
        pool = data.APPROVE_COMMENTS_EN if self.english else data.APPROVE_COMMENTS_TH
        self.report = services.report_approve(
            actor=self.approver, report=self.report, comment=self.rng.choice(pool)
        )
        self._stamp(moment)
        self.times["approved_at"] = moment

    def _accept(self) -> None:
        self._step()
        moment = self.clock.days(2, 8)
        pool = data.ACCEPT_COMMENTS_EN if self.english else data.ACCEPT_COMMENTS_TH
        self.report = services.report_accept(
            actor=self.coordinator, report=self.report, comment=self.rng.choice(pool)
        )
        self._stamp(moment)
        self.times["accepted_at"] = moment

    def _coordinator_return(self, feedback: str) -> None:
        self._step()
        moment = self.clock.days(1, 3)
        self.report = services.report_return(
            actor=self.coordinator, report=self.report, feedback=feedback
        )
        self._stamp(moment)

    def _default_feedback(self) -> str:
        if self.english:
            return "Please check the figures against the national records and add a comment where a figure changed a lot."
        return "ขอให้ตรวจสอบตัวเลขกับเอกสารหลักฐานอีกครั้ง และอธิบายในหมายเหตุหากตัวเลขเปลี่ยนแปลงจากปีก่อนมาก"

    # Words -------------------------------------------------------------------------------------

    def _narrative(
        self, lines: list[ReportLine], fills: dict, partial: bool = False
    ) -> data.Narrative:
        spec = self.r.spec
        if not self.english:
            own = data.NARRATIVES_TH.get((spec.period, self.org))
            if own is not None:
                return own
            agency = self.report.organization.short_name
            generic = data.GENERIC_TH
            return data.Narrative(
                progress=generic.progress.format(agency=agency),
                problems=generic.problems,
                next_steps=generic.next_steps,
                support_needed=generic.support_needed,
            )
        totals = {line.indicator.code: fills[line.pk].total for line in lines}
        year = self.r.period.start.year
        dialogues = int(totals.get("5.1.2") or 0)
        recommendations = int(totals.get("5.1.4") or 0)
        if self.org == "asec":
            n = data.ASEC_NARRATIVE
            return data.Narrative(
                progress=n.progress.format(
                    year=year,
                    dialogues=_plural(
                        dialogues, "regional dialogue", "regional dialogues and meetings"
                    ),
                    recommendations=_plural(recommendations, "recommendation", "recommendations"),
                ),
                problems=n.problems,
                next_steps=n.next_steps,
                support_needed=n.support_needed,
            )
        country = data.COUNTRY_NAMES.get(self.org, self.report.organization.short_name)
        more = self.rng.sample(data.PROGRESS_MORE_EN, 2)
        if partial:
            progress = (
                f"{country[0].upper()}{country[1:]} is compiling its figures for {year} with the "
                f"ministries concerned. {more[0]}"
            )
        else:
            took_part = _counted(data.DIALOGUES_EN, dialogues).format(n=dialogues, year=year)
            acted = _counted(data.RECOMMENDATIONS_EN, recommendations).format(n=recommendations)
            first = f"{country} {took_part}; {acted}."
            progress = f"{first[0].upper()}{first[1:]} {more[0]} {more[1]}"
        return data.Narrative(
            progress=progress,
            problems=" ".join(self.rng.sample(data.PROBLEMS_EN, 2)),
            next_steps=" ".join(self.rng.sample(data.NEXT_STEPS_EN, 2)),
            support_needed=self.rng.choice(data.SUPPORT_EN),
        )


def _plural(n: int, one: str, many: str) -> str:
    return f"one {one}" if n == 1 else f"{n} {many}"


def _counted(phrases: dict, n: int) -> str:
    return phrases.get(n, phrases["n"])
