"""Every change to rounds and reports. Each step checks permission, validates, locks the rows it
changes, records an event and schedules its side effects (notifications) after commit."""

from __future__ import annotations

import datetime as dt
import itertools

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from naptrack.core.services import require
from naptrack.frameworks.models import Assignment, Option, Plan, breakdown_key
from naptrack.frameworks.services import breakdown_get_or_create
from naptrack.periods.models import Period
from naptrack.reporting import permissions, rules
from naptrack.reporting.models import (
    Event,
    EventKind,
    Evidence,
    Rating,
    Report,
    ReportLine,
    ReportState,
    Round,
    RoundState,
    Value,
    ValueChange,
)


class ConflictError(Exception):
    """A save based on an old version: someone else changed the line or report meanwhile."""

    def __init__(
        self,
        message: str,
        *,
        current: dict,
        attempted: dict,
        changed_by: str = "",
        report_id=None,
        data=None,
    ):
        super().__init__(message)
        self.message = message
        self.current = current
        self.attempted = attempted
        self.changed_by = changed_by
        self.report_id = report_id
        self.data = data or {}


def _record_conflict(actor, conflict: ConflictError) -> None:
    """Keep the refused save in the report's history; it is written after the refused transaction."""
    with transaction.atomic():
        report = Report.objects.get(pk=conflict.report_id)
        _event(
            report,
            EventKind.CONFLICT,
            actor,
            data={**conflict.data, "attempted": conflict.attempted, "current": conflict.current},
        )


def _keeping_conflicts(function):
    """Run a save; if it is refused as stale, record the conflict, then refuse."""
    import functools

    @functools.wraps(function)
    def wrapper(*, actor, **kwargs):
        try:
            return function(actor=actor, **kwargs)
        except ConflictError as conflict:
            _record_conflict(actor, conflict)
            raise

    return wrapper


class SubmissionRefused(Exception):
    """A report that cannot be submitted yet; every problem is listed at once."""

    def __init__(self, problems: list[rules.Problem]):
        super().__init__(_("The report cannot be submitted yet."))
        self.problems = problems

    @property
    def errors(self) -> list[rules.Problem]:
        return [p for p in self.problems if not p.warning]

    @property
    def warnings(self) -> list[rules.Problem]:
        return [p for p in self.problems if p.warning]


class FigureInvalid(ValidationError):
    """Figures of a line that break the indicator's rules, by breakdown key and field."""

    def __init__(self, errors: dict[str, dict[str, str]]):
        super().__init__(_("Some figures are not valid."))
        self.figure_errors = errors


def _now() -> dt.datetime:
    return timezone.now()


def _event(
    report: Report,
    kind: str,
    actor,
    *,
    before: str = "",
    after: str = "",
    comment: str = "",
    data=None,
) -> Event:
    return Event.objects.create(
        report=report,
        kind=kind,
        actor=actor if getattr(actor, "pk", None) else None,
        state_before=before,
        state_after=after,
        comment=comment,
        data=data or {},
    )


def _user(actor):
    return actor if getattr(actor, "pk", None) else None


def _refresh_progress(report_id: int) -> None:
    """Which data count changed with this step: the progress roll-ups follow, after commit."""
    from naptrack.analytics.tasks import schedule_report_refresh

    schedule_report_refresh(report_id)


def _notify(kind: str, report_id: int, actor_id: int | None, comment: str = "") -> None:
    from naptrack.notifications import services as notifications

    transaction.on_commit(
        lambda: notifications.report_event(kind, report_id, actor_id=actor_id, comment=comment)
    )


# --- Rounds ---------------------------------------------------------------------------------------


@transaction.atomic
def round_open(
    *,
    actor,
    plan: Plan,
    period: Period,
    opens_on: dt.date,
    due_on: dt.date,
    closes_on: dt.date,
    titles: dict[str, str] | None = None,
) -> Round:
    """Open a round: one report per agency that leads or supports an indicator, with exactly those indicators."""
    require(
        permissions.coordinates_plan(actor, plan),
        _("Only the plan's coordinators can open a reporting round."),
    )
    round_ = Round(
        plan=plan,
        period=period,
        opens_on=opens_on,
        due_on=due_on,
        closes_on=closes_on,
        opened_by=_user(actor),
        **{f"title_{lang}": text for lang, text in (titles or {}).items()},
    )
    if period.start > plan.end_date or period.end < plan.start_date:
        raise ValidationError({"period": _("The period is outside the plan.")})
    round_.full_clean()
    round_.save()
    assignments = (
        Assignment.objects.filter(indicator__plan=plan, reports=True)
        .select_related("indicator")
        .order_by("organization_id", "indicator__sort_order", "indicator__code")
    )
    by_org: dict[int, list] = {}
    for assignment in assignments:
        by_org.setdefault(assignment.organization_id, []).append(assignment.indicator)
    for org_id, indicators in by_org.items():
        report = Report.objects.create(
            round=round_, organization_id=org_id, last_activity_at=_now()
        )
        ReportLine.objects.bulk_create(
            [ReportLine(report=report, indicator=ind) for ind in indicators]
        )
        _event(
            report,
            EventKind.OPENED,
            actor,
            after=ReportState.DRAFT,
            data={"indicators": [i.code for i in indicators]},
        )
    round_id = round_.pk
    from naptrack.notifications import services as notifications

    transaction.on_commit(lambda: notifications.round_opened(round_id))
    # The new period gets its progress rows (no data yet) before any report reaches it.
    from naptrack.analytics.tasks import schedule_plan_fill

    schedule_plan_fill(plan.pk)
    return round_


@transaction.atomic
def round_close(*, actor, round_: Round) -> Round:
    """Close a round: every report is locked as it stands."""
    require(
        permissions.can_manage_round(actor, round_),
        _("Only the plan's coordinators can close a round."),
    )
    round_ = Round.objects.select_for_update().get(pk=round_.pk)
    if round_.state == RoundState.CLOSED:
        return round_
    for report in (
        Report.objects.select_for_update().filter(round=round_).exclude(state=ReportState.LOCKED)
    ):
        before = report.state
        report.state = ReportState.LOCKED
        report.version += 1
        report.save(update_fields=["state", "version", "updated_at"])
        _event(
            report,
            EventKind.LOCKED,
            actor,
            before=before,
            after=ReportState.LOCKED,
            comment=_("The round closed."),
        )
    round_.state = RoundState.CLOSED
    round_.closed_at = _now()
    round_.save(update_fields=["state", "closed_at", "updated_at"])
    return round_


# --- Saving values and narrative ------------------------------------------------------------------


def _allowed_breakdowns(line: ReportLine) -> dict[str, list[Option]]:
    """The option sets the indicator may be reported by, keyed by their breakdown key.

    Every option of a single dimension and every full cross of the dimensions are valid cells.
    """
    links = list(
        line.indicator.indicator_dimensions.select_related("dimension").prefetch_related(
            "options", "dimension__options"
        )
    )
    option_lists = [[(link.dimension, o) for o in link.allowed_options()] for link in links]
    combos = [[c] for options in option_lists for c in options]
    if len(option_lists) > 1:
        combos += [list(c) for c in itertools.product(*option_lists)]
    return {
        breakdown_key((d.code, o.code) for d, o in combo): [o for _, o in combo] for combo in combos
    }


@_keeping_conflicts
@transaction.atomic
def line_save(
    *,
    actor,
    line: ReportLine,
    expected_version: int,
    figures: dict[str | None, dict],
    comment: str | None = None,
    rating: str | None = None,
    rating_reason: str | None = None,
    reason: str = "",
) -> ReportLine:
    """Save an indicator's figures (total and breakdowns), comment and rating.

    `figures` maps a breakdown key (None for the total) to the raw input {value, numerator,
    denominator, text, milestone_status}. A save based on an old version is refused with the
    current values; invalid figures are refused with their messages and nothing is stored.
    """
    report = Report.objects.select_for_update().select_related("round").get(pk=line.report_id)
    require(permissions.can_edit_report(actor, report), _("This report cannot be changed now."))
    line = ReportLine.objects.select_for_update().select_related("indicator").get(pk=line.pk)
    indicator = line.indicator

    parsed: dict[str | None, rules.Figure] = {}
    errors: dict[str, dict[str, str]] = {}
    allowed = _allowed_breakdowns(line) if any(k for k in figures) else {}
    for key, data in figures.items():
        key = key or None
        if key is not None and key not in allowed:
            errors[key] = {
                "breakdown": _("“%(key)s” is not a breakdown of this indicator.")
                % {"key": key[:80]}
            }
            continue
        figure, figure_errors = rules.figure_from_input(indicator, data or {}, key)
        if figure_errors:
            errors[key or ""] = figure_errors
        parsed[key] = figure
    if rating not in (None, "") and rating not in Rating.values:
        errors.setdefault("", {})["rating"] = _("Choose a status rating from the list.")
    if line.version != expected_version:
        current = {
            (v.breakdown.key if v.breakdown_id else ""): v.snapshot()
            for v in line.values.select_related("breakdown")
        }
        attempted = {
            (k or ""): {
                n: (str(getattr(f, n)) if getattr(f, n) is not None else None)
                for n in ("value", "numerator", "denominator", "text", "milestone_status")
            }
            for k, f in parsed.items()
        }
        who = (
            line.updated_by.get_full_name() or line.updated_by.username
            if line.updated_by_id
            else ""
        )
        raise ConflictError(
            _(
                "%(who)s changed this indicator after you opened it. Your values were not saved: compare them with the saved ones below."
            )
            % {"who": who or _("Someone")},
            current=current,
            attempted=attempted,
            changed_by=who,
            report_id=report.pk,
            data={"indicator": indicator.code},
        )
    if errors:
        raise FigureInvalid(errors)

    needs_reason = report.approved_at is not None
    existing = {
        v.breakdown.key if v.breakdown_id else None: v
        for v in line.values.select_related("breakdown")
    }
    changed = False
    for key, figure in parsed.items():
        value = existing.get(key)
        if value is None:
            if figure.is_empty:
                continue
            value = Value(
                line=line,
                breakdown=breakdown_get_or_create(allowed[key]) if key else None,
                entered_by=_user(actor),
            )
            before = {}
        else:
            before = value.snapshot()
        value.value, value.numerator, value.denominator = (
            figure.value,
            figure.numerator,
            figure.denominator,
        )
        value.text, value.milestone_status = figure.text, figure.milestone_status
        after = value.snapshot()
        if before == after:
            continue
        if needs_reason and not rules.clean_text(reason):
            raise ValidationError(
                {"reason": _("This report was approved before: say why you change its figures.")}
            )
        value.updated_by = _user(actor)
        value.save()
        ValueChange.objects.create(
            value=value,
            report=report,
            changed_by=_user(actor),
            before=before,
            after=after,
            reason=rules.clean_text(reason),
        )
        changed = True
    for name, new in (("comment", comment), ("rating", rating), ("rating_reason", rating_reason)):
        if new is not None and getattr(line, name) != rules.clean_text(new):
            setattr(line, name, rules.clean_text(new))
            changed = True
    if changed:
        line.version += 1
        line.updated_by = _user(actor)
        line.save()
        report.last_activity_at = _now()
        report.save(update_fields=["last_activity_at", "updated_at"])
    return line


NARRATIVE_FIELDS = ("progress", "problems", "next_steps", "support_needed")


@_keeping_conflicts
@transaction.atomic
def report_save_narrative(*, actor, report: Report, expected_version: int, **fields: str) -> Report:
    """Save the narrative (progress, problems and obstacles, next steps, support needed)."""
    report = Report.objects.select_for_update().select_related("round").get(pk=report.pk)
    require(permissions.can_edit_report(actor, report), _("This report cannot be changed now."))
    if report.version != expected_version:
        current = {name: getattr(report, name) for name in NARRATIVE_FIELDS}
        raise ConflictError(
            _(
                "Someone changed the narrative after you opened it. Your text was not saved: compare it with the saved text below."
            ),
            current=current,
            attempted={k: v for k, v in fields.items() if k in NARRATIVE_FIELDS},
            report_id=report.pk,
            data={"narrative": True},
        )
    changed = False
    for name in NARRATIVE_FIELDS:
        if name in fields and fields[name] is not None:
            text = rules.clean_text(fields[name])
            if len(text) > rules.MAX_TEXT:
                raise ValidationError(
                    {
                        name: _("The text is too long (at most %(max)s characters).")
                        % {"max": rules.MAX_TEXT}
                    }
                )
            if getattr(report, name) != text:
                setattr(report, name, text)
                changed = True
    if changed:
        report.version += 1
        report.last_activity_at = _now()
        report.save()
    return report


# --- Workflow ---------------------------------------------------------------------------------------


def line_facts(
    report: Report, confirmations: dict[str, str] | None = None
) -> list[rules.LineFacts]:
    """Gather what the completeness rules need for every line of a report, in a few queries."""
    confirmations = confirmations or {}
    lines = list(
        report.lines.select_related("indicator").prefetch_related(
            "values__breakdown__options__dimension",
            "indicator__indicator_dimensions__options",
            "indicator__indicator_dimensions__dimension__options",
            "evidence",
        )
    )
    previous = previous_totals(report)
    facts = []
    for line in lines:
        total = None
        parts, part_options = [], {}
        for value in line.values.all():
            figure = rules.Figure(
                breakdown_key=value.breakdown.key if value.breakdown_id else None,
                value=value.value,
                numerator=value.numerator,
                denominator=value.denominator,
                text=value.text,
                milestone_status=value.milestone_status,
            )
            if value.breakdown_id is None:
                total = figure
            else:
                parts.append(figure)
                part_options[value.breakdown.key] = {
                    o.dimension.code: o.code for o in value.breakdown.options.all()
                }
        dimension_options = {
            link.dimension.code: [o.code for o in link.allowed_options()]
            for link in line.indicator.indicator_dimensions.all()
        }
        facts.append(
            rules.LineFacts(
                line_id=line.pk,
                indicator=line.indicator,
                total=total,
                parts=parts,
                part_options=part_options,
                dimension_options=dimension_options,
                rating=line.rating,
                rating_reason=line.rating_reason,
                evidence_count=len(line.evidence.all()),
                previous_value=previous.get(line.indicator_id),
                confirmation=confirmations.get(str(line.pk), ""),
            )
        )
    return facts


def previous_totals(report: Report) -> dict[int, object]:
    """The agency's accepted totals for the same indicators in the plan's previous round."""
    earlier = (
        Round.objects.filter(
            plan_id=report.round.plan_id, period__end__lt=report.round.period.start
        )
        .order_by("-period__end")
        .values_list("pk", flat=True)[:1]
    )
    rows = Value.objects.filter(
        line__report__round_id__in=list(earlier),
        line__report__organization_id=report.organization_id,
        line__report__state__in=(ReportState.ACCEPTED, ReportState.LOCKED),
        breakdown__isnull=True,
    ).values_list("line__indicator_id", "value")
    return dict(rows)


def report_problems(
    report: Report, confirmations: dict[str, str] | None = None
) -> list[rules.Problem]:
    problems = []
    for facts in line_facts(report, confirmations):
        problems.extend(rules.line_problems(facts))
    if not report.progress.strip():
        problems.append(
            rules.Problem(None, "progress", _("Describe the progress made in this period."))
        )
    return problems


def _transition(
    report: Report, actor, kind: str, to_state: str, comment: str = "", data=None
) -> Report:
    before = report.state
    report.state = to_state
    report.version += 1
    report.last_activity_at = _now()
    report.save()
    _event(report, kind, actor, before=before, after=to_state, comment=comment, data=data)
    _notify(kind, report.pk, getattr(actor, "pk", None), comment)
    _refresh_progress(report.pk)
    return report


def _locked(report: Report) -> Report:
    return Report.objects.select_for_update().select_related("round__plan").get(pk=report.pk)


@transaction.atomic
def report_submit(*, actor, report: Report, confirmations: dict[str, str] | None = None) -> Report:
    """Submit to the agency's approver once every rule is met; warnings need a confirming reason."""
    report = _locked(report)
    require(permissions.can_submit_report(actor, report), _("You cannot submit this report now."))
    problems = report_problems(report, confirmations)
    if problems:
        raise SubmissionRefused(problems)
    # Timeliness counts the first submission; a resubmission after a return is not "late".
    if report.submitted_at is None:
        report.submitted_at = _now()
    confirmed = {
        rules.clean_text(k): rules.clean_text(v)
        for k, v in (confirmations or {}).items()
        if rules.clean_text(v)
    }
    return _transition(
        report,
        actor,
        EventKind.SUBMITTED,
        ReportState.SUBMITTED,
        data={"confirmations": confirmed} if confirmed else None,
    )


@transaction.atomic
def report_return(*, actor, report: Report, feedback: str) -> Report:
    """Send a report back to the agency's reporters with feedback."""
    report = _locked(report)
    require(permissions.can_return_report(actor, report), _("You cannot return this report now."))
    if not rules.clean_text(feedback):
        raise ValidationError({"feedback": _("Tell the reporters what to fix.")})
    return _transition(
        report, actor, EventKind.RETURNED, ReportState.RETURNED, comment=rules.clean_text(feedback)
    )


@transaction.atomic
def report_approve(*, actor, report: Report, comment: str = "") -> Report:
    """The agency's approver vouches for the report; who entered the data stays as it was."""
    report = _locked(report)
    require(permissions.can_approve_report(actor, report), _("You cannot approve this report now."))
    report.approved_at = _now()
    return _transition(
        report, actor, EventKind.APPROVED, ReportState.APPROVED, comment=rules.clean_text(comment)
    )


@transaction.atomic
def report_accept(*, actor, report: Report, comment: str = "") -> Report:
    """The plan's coordinator accepts the report: its data now count."""
    report = _locked(report)
    require(permissions.can_accept_report(actor, report), _("You cannot accept this report now."))
    report.accepted_at = _now()
    return _transition(
        report, actor, EventKind.ACCEPTED, ReportState.ACCEPTED, comment=rules.clean_text(comment)
    )


@transaction.atomic
def report_reopen(*, actor, report: Report, reason: str) -> Report:
    """Reopen an accepted or locked report for correction, with a reason."""
    report = _locked(report)
    require(permissions.can_reopen_report(actor, report), _("You cannot reopen this report."))
    if not rules.clean_text(reason):
        raise ValidationError({"reason": _("Give the reason for reopening the report.")})
    if report.round.state == RoundState.CLOSED:
        # A correction reopens the round for this report; the others stay locked.
        round_ = Round.objects.select_for_update().get(pk=report.round_id)
        round_.state, round_.closed_at = RoundState.OPEN, None
        round_.save(update_fields=["state", "closed_at", "updated_at"])
    # No longer accepted: its data leave the progress figures until it is accepted again.
    report.accepted_at = None
    return _transition(
        report, actor, EventKind.REOPENED, ReportState.RETURNED, comment=rules.clean_text(reason)
    )


# --- Evidence -----------------------------------------------------------------------------------------


def evidence_add(
    *,
    actor,
    report: Report,
    title: str,
    description: str = "",
    upload=None,
    url: str = "",
    line: ReportLine | None = None,
) -> Evidence:
    """Attach a file (checked from its content) or a link to a report or one of its indicators."""
    from naptrack.reporting import evidence as evidence_files

    refused = _("Evidence can be added only while the report is being prepared.")
    # Everything that needs no lock is checked first, so that reading and storing a large file
    # never holds the report's row (nor, on SQLite, the database's write lock).
    require(permissions.can_edit_report(actor, report), refused)
    if line is not None and line.report_id != report.pk:
        raise ValidationError({"line": _("This indicator is not part of the report.")})
    if not rules.clean_text(title):
        raise ValidationError({"title": _("Give the evidence a title.")})
    if len(description) > rules.MAX_TEXT:
        raise ValidationError(
            {
                "description": _("The text is too long (at most %(max)s characters).")
                % {"max": rules.MAX_TEXT}
            }
        )
    url = (url or "").strip()
    if not upload and not url:
        raise ValidationError({"file": _("Attach a file or give a link.")})
    if upload and url:
        raise ValidationError({"file": _("Attach a file or give a link, not both.")})
    item = Evidence(
        report=report,
        line=line,
        title=rules.clean_text(title)[:300],
        description=rules.clean_text(description),
        uploaded_by=_user(actor),
    )
    if upload:
        facts = evidence_files.inspect_upload(upload)
        item.content_type, item.extension, item.size, item.sha256 = (
            facts.content_type,
            facts.extension,
            facts.size,
            facts.sha256,
        )
        item.original_name = facts.safe_name
    else:
        evidence_files.check_web_address(url)
        item.url = url
    item.full_clean(exclude=["file"])
    stored = ""
    if upload:
        # Stored under its checksum (see evidence_upload_to), never under the uploaded name.
        item.file.save(f"{item.sha256}{item.extension}", upload, save=False)
        stored = item.file.name
    try:
        with transaction.atomic():
            report = _locked(report)
            require(permissions.can_edit_report(actor, report), refused)
            item.report = report
            item.save()
            _event(
                report,
                EventKind.EVIDENCE_ADDED,
                actor,
                comment=item.title,
                data={"evidence": item.pk, "line": line.pk if line else None},
            )
            report.last_activity_at = _now()
            report.save(update_fields=["last_activity_at", "updated_at"])
    except BaseException:
        # Nothing stored half-way: a file whose row was not written goes too.
        if stored:
            item.file.storage.delete(stored)
        raise
    return item


@transaction.atomic
def evidence_remove(*, actor, evidence: Evidence) -> None:
    report = _locked(evidence.report)
    require(
        permissions.can_edit_report(actor, report),
        _("Evidence can be removed only while the report is being prepared."),
    )
    title = evidence.title
    stored = evidence.file.name if evidence.file else ""
    storage = evidence.file.storage if evidence.file else None
    evidence.delete()
    _event(report, EventKind.EVIDENCE_REMOVED, actor, comment=title)
    if stored and storage is not None and not Evidence.objects.filter(file=stored).exists():
        transaction.on_commit(lambda: storage.delete(stored))
