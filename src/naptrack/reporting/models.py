"""Reporting: rounds, each agency's report with its values, narrative, evidence and history."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from naptrack.core.models import TimeStampedModel, translated


class RoundState(models.TextChoices):
    OPEN = "open", _("Open")
    CLOSED = "closed", _("Closed")


class Round(TimeStampedModel):
    """A call to the agencies of a plan to report on one period, with its dates."""

    plan = models.ForeignKey(
        "frameworks.Plan", verbose_name=_("plan"), on_delete=models.PROTECT, related_name="rounds"
    )
    period = models.ForeignKey(
        "periods.Period", verbose_name=_("period"), on_delete=models.PROTECT, related_name="+"
    )
    title_th = models.CharField(_("title (Thai)"), max_length=300, blank=True)
    title_en = models.CharField(_("title (English)"), max_length=300, blank=True)
    title_vi = models.CharField(_("title (Vietnamese)"), max_length=300, blank=True)
    opens_on = models.DateField(_("opens on"))
    due_on = models.DateField(_("due on"))
    closes_on = models.DateField(_("closes on"))
    state = models.CharField(
        _("state"), max_length=16, choices=RoundState.choices, default=RoundState.OPEN
    )
    opened_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("opened by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    closed_at = models.DateTimeField(_("closed at"), null=True, blank=True)

    class Meta:
        ordering = ["-period__start", "plan__code"]
        verbose_name = _("reporting round")
        verbose_name_plural = _("reporting rounds")
        constraints = [
            models.UniqueConstraint(
                fields=["plan", "period"],
                name="round_unique_period",
                violation_error_message=_("A round for this plan and period exists already."),
            ),
            models.CheckConstraint(
                condition=models.Q(due_on__gte=models.F("opens_on")), name="round_due_after_open"
            ),
            models.CheckConstraint(
                condition=models.Q(closes_on__gte=models.F("due_on")), name="round_closes_after_due"
            ),
        ]

    def __str__(self) -> str:
        return self.title

    @property
    def title(self) -> str:
        return translated(self, "title") or f"{self.plan.short_title} · {self.period.label()}"

    def clean(self) -> None:
        from django.core.exceptions import ValidationError

        errors = {}
        if self.opens_on and self.due_on and self.due_on < self.opens_on:
            errors["due_on"] = _("The due date cannot be before the round opens.")
        if self.due_on and self.closes_on and self.closes_on < self.due_on:
            errors["closes_on"] = _("The round cannot close before its due date.")
        if errors:
            raise ValidationError(errors)


class ReportState(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved by the agency")
    ACCEPTED = "accepted", _("Accepted")
    LOCKED = "locked", _("Locked")


# States in which the agency's reporters may change the report.
EDITABLE_STATES = (ReportState.DRAFT, ReportState.RETURNED)
# States whose data count as accepted (shown to viewers and used in progress).
ACCEPTED_STATES = (ReportState.ACCEPTED, ReportState.LOCKED)


class Report(TimeStampedModel):
    """One agency's report for a round: its indicators' values, narrative and evidence."""

    round = models.ForeignKey(
        Round, verbose_name=_("round"), on_delete=models.CASCADE, related_name="reports"
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("agency"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    state = models.CharField(
        _("state"), max_length=16, choices=ReportState.choices, default=ReportState.DRAFT
    )
    # Raised by every save of the narrative or of a state: a stale form is refused, never applied.
    version = models.PositiveIntegerField(_("version"), default=1)
    progress = models.TextField(_("progress"), blank=True)
    problems = models.TextField(_("problems and obstacles"), blank=True)
    next_steps = models.TextField(_("next steps"), blank=True)
    support_needed = models.TextField(_("support needed"), blank=True)
    submitted_at = models.DateTimeField(_("submitted at"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    last_activity_at = models.DateTimeField(_("last activity"), null=True, blank=True)

    class Meta:
        ordering = ["round", "organization__code"]
        verbose_name = _("report")
        verbose_name_plural = _("reports")
        constraints = [
            models.UniqueConstraint(
                fields=["round", "organization"],
                name="report_unique_agency",
                violation_error_message=_("This agency already has a report in this round."),
            )
        ]

    def __str__(self) -> str:
        return f"{self.round} · {self.organization.short_name}"

    @property
    def is_editable(self) -> bool:
        return self.state in EDITABLE_STATES

    @property
    def is_accepted(self) -> bool:
        return self.state in ACCEPTED_STATES


class Rating(models.TextChoices):
    ACHIEVED = "achieved", _("Achieved")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    NO_DATA = "no_data", _("No data")


class ReportLine(TimeStampedModel):
    """One indicator in one report: the agency's comment and its own status rating."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="lines"
    )
    indicator = models.ForeignKey(
        "frameworks.Indicator",
        verbose_name=_("indicator"),
        on_delete=models.PROTECT,
        related_name="report_lines",
    )
    comment = models.TextField(_("comment"), blank=True)
    rating = models.CharField(_("status rating"), max_length=16, choices=Rating.choices, blank=True)
    rating_reason = models.TextField(_("reason for the rating"), blank=True)
    # Raised by every save of the line or of its values (optimistic locking).
    version = models.PositiveIntegerField(_("version"), default=1)
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("updated by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["report", "indicator__plan", "indicator__sort_order", "indicator__code"]
        verbose_name = _("report line")
        verbose_name_plural = _("report lines")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "indicator"], name="report_line_unique_indicator"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report} · {self.indicator.code}"


class Value(TimeStampedModel):
    """A reported figure for an indicator in a report: the total or one breakdown."""

    line = models.ForeignKey(
        ReportLine, verbose_name=_("report line"), on_delete=models.CASCADE, related_name="values"
    )
    breakdown = models.ForeignKey(
        "frameworks.Breakdown",
        verbose_name=_("breakdown"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    value = models.DecimalField(_("value"), max_digits=20, decimal_places=4, null=True, blank=True)
    numerator = models.DecimalField(
        _("numerator"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    denominator = models.DecimalField(
        _("denominator"), max_digits=20, decimal_places=4, null=True, blank=True
    )
    text = models.TextField(_("text"), blank=True)
    milestone_status = models.CharField(_("milestone status"), max_length=16, blank=True)
    # Who typed the figure first; approving or accepting never changes it.
    entered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("entered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    updated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("last changed by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["line", models.F("breakdown__key").asc(nulls_first=True)]
        verbose_name = _("value")
        verbose_name_plural = _("values")
        constraints = [
            models.UniqueConstraint(fields=["line", "breakdown"], name="value_unique_breakdown"),
            models.UniqueConstraint(
                fields=["line"],
                condition=models.Q(breakdown__isnull=True),
                name="value_unique_total",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.line} {self.breakdown.key if self.breakdown_id else 'total'}"

    @property
    def is_empty(self) -> bool:
        return (
            self.value is None
            and self.numerator is None
            and self.denominator is None
            and not self.text
            and not self.milestone_status
        )

    def snapshot(self) -> dict:
        """The figure as a plain dict, for history rows."""

        def num(d: Decimal | None):
            return None if d is None else format(d.normalize(), "f")

        return {
            "value": num(self.value),
            "numerator": num(self.numerator),
            "denominator": num(self.denominator),
            "text": self.text,
            "milestone_status": self.milestone_status,
        }


class ValueChange(models.Model):
    """One change to a figure: who, when, before and after, and why when the report was approved."""

    value = models.ForeignKey(
        Value, verbose_name=_("value"), on_delete=models.CASCADE, related_name="changes"
    )
    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="value_changes"
    )
    changed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("changed by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    changed_at = models.DateTimeField(_("changed at"), auto_now_add=True)
    before = models.JSONField(_("before"), default=dict)
    after = models.JSONField(_("after"), default=dict)
    reason = models.TextField(_("reason"), blank=True)

    class Meta:
        ordering = ["-changed_at", "-pk"]
        verbose_name = _("value change")
        verbose_name_plural = _("value changes")

    def __str__(self) -> str:
        return f"{self.value} @ {self.changed_at:%Y-%m-%d %H:%M}"


class EventKind(models.TextChoices):
    OPENED = "opened", _("Round opened")
    SAVED = "saved", _("Saved")
    SUBMITTED = "submitted", _("Submitted")
    RETURNED = "returned", _("Returned")
    APPROVED = "approved", _("Approved")
    ACCEPTED = "accepted", _("Accepted")
    REOPENED = "reopened", _("Reopened")
    LOCKED = "locked", _("Locked")
    CONFLICT = "conflict", _("Save refused: changed by someone else")
    EVIDENCE_ADDED = "evidence_added", _("Evidence added")
    EVIDENCE_REMOVED = "evidence_removed", _("Evidence removed")


class Event(models.Model):
    """A step in a report's life, as data: who did what, when, from which state to which."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=24, choices=EventKind.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)
    state_before = models.CharField(_("state before"), max_length=16, blank=True)
    state_after = models.CharField(_("state after"), max_length=16, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("report event")
        verbose_name_plural = _("report events")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} · {self.report_id}"


def evidence_upload_to(instance: Evidence, filename: str) -> str:
    # The stored name is the checksum, never the uploaded name: no path tricks, no clashes.
    return f"evidence/{instance.report.round_id}/{instance.report_id}/{instance.sha256}{instance.extension}"


class Evidence(TimeStampedModel):
    """A file or a link that proves a report or one of its values."""

    report = models.ForeignKey(
        Report, verbose_name=_("report"), on_delete=models.CASCADE, related_name="evidence"
    )
    line = models.ForeignKey(
        ReportLine,
        verbose_name=_("indicator"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    file = models.FileField(_("file"), upload_to=evidence_upload_to, max_length=300, blank=True)
    url = models.URLField(_("link"), max_length=1000, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("file type"), max_length=100, blank=True)
    extension = models.CharField(_("extension"), max_length=10, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["report", "line", "created_at"]
        verbose_name = _("evidence")
        verbose_name_plural = _("evidence")

    def __str__(self) -> str:
        return self.title
