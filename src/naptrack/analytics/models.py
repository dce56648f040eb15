"""Stored roll-ups: what the progress engine computed, so that dashboards read rows, not values.

Three tables, refreshed by `analytics.services` for exactly what a report's transition touched:

- Contribution: one agency's figure for one indicator in one round, in total and per option
  (female, 18–24, Pattani), derived from that report's values only;
- IndicatorProgress: an indicator's actual value for a period in total, per option and per agency,
  with target, baseline, achievement and status — once on accepted data and once provisional;
- NodeProgress: a result's (or the whole plan's) weighted achievement and counts by status.
"""

from __future__ import annotations

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from naptrack.core.models import TimeStampedModel


class Status(models.TextChoices):
    ACHIEVED = "achieved", _("Achieved")
    ON_TRACK = "on_track", _("On track")
    AT_RISK = "at_risk", _("At risk")
    OFF_TRACK = "off_track", _("Off track")
    NO_DATA = "no_data", _("No data")


class TargetSource(models.TextChoices):
    PERIOD = "period", _("Target for the period")
    INTERPOLATED = "interpolated", _("On the path to the life-of-plan target")
    LIFE = "life", _("Life-of-plan target")
    NONE = "", _("No target")


# Defaults, documented in docs/progress.md: at least 80 % of the way is on track, 50 % at risk.
DEFAULT_ON_TRACK = Decimal("80")
DEFAULT_AT_RISK = Decimal("50")


class ProgressSettings(TimeStampedModel):
    """How a plan judges progress: the achievement thresholds of its statuses."""

    plan = models.OneToOneField(
        "frameworks.Plan",
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="progress_settings",
    )
    on_track_from = models.DecimalField(
        _("on track from (% achieved)"),
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_ON_TRACK,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )
    at_risk_from = models.DecimalField(
        _("at risk from (% achieved)"),
        max_digits=5,
        decimal_places=2,
        default=DEFAULT_AT_RISK,
        validators=[MinValueValidator(Decimal("0")), MaxValueValidator(Decimal("100"))],
    )

    class Meta:
        verbose_name = _("progress settings")
        verbose_name_plural = _("progress settings")

    def __str__(self) -> str:
        return str(self.plan)

    def clean(self) -> None:
        if (
            self.on_track_from is not None
            and self.at_risk_from is not None
            and self.at_risk_from > self.on_track_from
        ):
            raise ValidationError({"at_risk_from": _("“At risk” must start below “on track”.")})


class Figures(models.Model):
    """A computed figure: the value, and for percentages the sums it was divided from."""

    value = models.DecimalField(_("value"), max_digits=24, decimal_places=4, null=True)
    numerator = models.DecimalField(_("numerator"), max_digits=24, decimal_places=4, null=True)
    denominator = models.DecimalField(_("denominator"), max_digits=24, decimal_places=4, null=True)
    milestone_status = models.CharField(_("milestone status"), max_length=16, blank=True)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        abstract = True


class Contribution(Figures):
    """One agency's figure for an indicator in one report, in total (option empty) or per option."""

    report = models.ForeignKey(
        "reporting.Report", on_delete=models.CASCADE, related_name="contributions"
    )
    indicator = models.ForeignKey(
        "frameworks.Indicator", on_delete=models.CASCADE, related_name="+"
    )
    option = models.ForeignKey(
        "frameworks.Option", null=True, on_delete=models.CASCADE, related_name="+"
    )
    rating = models.CharField(_("status rating"), max_length=16, blank=True)

    class Meta:
        verbose_name = _("contribution")
        verbose_name_plural = _("contributions")
        # Rows are replaced per report under a row lock (services), so no unique constraint on
        # nullable columns is needed; SQLite could not enforce one across NULLs anyway.
        indexes = [
            models.Index(fields=["indicator", "option"], name="contribution_indicator"),
            models.Index(fields=["report"], name="contribution_report"),
        ]

    def __str__(self) -> str:
        return f"{self.report_id} · {self.indicator_id} · {self.option_id or 'total'}"


class IndicatorProgress(Figures):
    """An indicator's progress in a period: in total, for one option, or for one agency."""

    indicator = models.ForeignKey(
        "frameworks.Indicator", on_delete=models.CASCADE, related_name="progress"
    )
    period = models.ForeignKey("periods.Period", on_delete=models.CASCADE, related_name="+")
    provisional = models.BooleanField(_("includes data not yet accepted"), default=False)
    # Empty for the total over every agency and breakdown.
    option = models.ForeignKey(
        "frameworks.Option", null=True, on_delete=models.CASCADE, related_name="+"
    )
    organization = models.ForeignKey(
        "organizations.Organization", null=True, on_delete=models.CASCADE, related_name="+"
    )
    baseline = models.DecimalField(_("baseline"), max_digits=24, decimal_places=4, null=True)
    target = models.DecimalField(_("target"), max_digits=24, decimal_places=4, null=True)
    target_source = models.CharField(
        _("target from"), max_length=16, choices=TargetSource.choices, blank=True
    )
    life_target = models.DecimalField(
        _("life-of-plan target"), max_digits=24, decimal_places=4, null=True
    )
    # Share of the way from the baseline to the target, in percent; may exceed 100 or fall below 0.
    achievement = models.DecimalField(
        _("achievement (%)"), max_digits=12, decimal_places=2, null=True
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    agencies_reporting = models.PositiveIntegerField(_("agencies reporting"), default=0)
    agencies_expected = models.PositiveIntegerField(_("agencies expected"), default=0)

    class Meta:
        verbose_name = _("indicator progress")
        verbose_name_plural = _("indicator progress")
        indexes = [
            models.Index(
                fields=["period", "provisional", "indicator", "option", "organization"],
                name="progress_period",
            ),
            models.Index(fields=["indicator", "period"], name="progress_indicator"),
        ]

    def __str__(self) -> str:
        return f"{self.indicator_id} · {self.period_id} · {self.option_id or 'total'}"


class NodeProgress(models.Model):
    """A result's progress in a period (node empty: the whole plan), rolled up from below."""

    plan = models.ForeignKey("frameworks.Plan", on_delete=models.CASCADE, related_name="progress")
    node = models.ForeignKey(
        "frameworks.ResultNode", null=True, on_delete=models.CASCADE, related_name="progress"
    )
    period = models.ForeignKey("periods.Period", on_delete=models.CASCADE, related_name="+")
    provisional = models.BooleanField(_("includes data not yet accepted"), default=False)
    achievement = models.DecimalField(
        _("achievement (%)"), max_digits=12, decimal_places=2, null=True
    )
    status = models.CharField(_("status"), max_length=16, choices=Status.choices)
    indicators = models.PositiveIntegerField(_("indicators"), default=0)
    achieved = models.PositiveIntegerField(_("achieved"), default=0)
    on_track = models.PositiveIntegerField(_("on track"), default=0)
    at_risk = models.PositiveIntegerField(_("at risk"), default=0)
    off_track = models.PositiveIntegerField(_("off track"), default=0)
    no_data = models.PositiveIntegerField(_("no data"), default=0)
    computed_at = models.DateTimeField(_("computed at"))

    class Meta:
        verbose_name = _("result progress")
        verbose_name_plural = _("result progress")
        indexes = [
            models.Index(fields=["plan", "period", "provisional"], name="node_progress_period")
        ]

    def __str__(self) -> str:
        return f"{self.plan_id} · {self.node_id or 'plan'} · {self.period_id}"

    def counts(self) -> dict[str, int]:
        return {status: getattr(self, status) for status in Status.values}
