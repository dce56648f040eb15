"""Reporting periods, made from calendars and named by unambiguous codes (FY2568, CY2024-Q1)."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

from naptrack.periods import calendars


class Calendar(models.TextChoices):
    THAI_FISCAL = "thai_fiscal", _("Thai fiscal year (1 October – 30 September, B.E.)")
    GREGORIAN = "gregorian", _("Calendar year (January – December)")


class PeriodKind(models.TextChoices):
    FISCAL_YEAR = calendars.Kind.FISCAL_YEAR.value, _("Fiscal year")
    FISCAL_HALF = calendars.Kind.FISCAL_HALF.value, _("Half of a fiscal year")
    FISCAL_QUARTER = calendars.Kind.FISCAL_QUARTER.value, _("Quarter of a fiscal year")
    FISCAL_TO_DATE = (
        calendars.Kind.FISCAL_TO_DATE.value,
        _("First months of a fiscal year (9-month round)"),
    )
    CALENDAR_YEAR = calendars.Kind.CALENDAR_YEAR.value, _("Calendar year")
    CALENDAR_QUARTER = calendars.Kind.CALENDAR_QUARTER.value, _("Calendar quarter")
    MONTH = calendars.Kind.MONTH.value, _("Month")
    LIFETIME = calendars.Kind.LIFETIME.value, _("Life of plan")


class Period(models.Model):
    """A span of dates that values and targets are set for; made only through periods.services."""

    code = models.CharField(_("code"), max_length=40, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=PeriodKind.choices)
    start = models.DateField(_("start"))
    end = models.DateField(_("end"))
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="parts",
    )

    class Meta:
        ordering = ["start", "-end"]
        verbose_name = _("period")
        verbose_name_plural = _("periods")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(end__gte=models.F("start")), name="period_end_after_start"
            )
        ]

    def __str__(self) -> str:
        return self.label()

    @property
    def spec(self) -> calendars.PeriodSpec:
        return calendars.PeriodSpec(self.code, calendars.Kind(self.kind), self.start, self.end)

    def label(self, language: str | None = None, *, short: bool = False) -> str:
        return calendars.period_label(self.spec, language or get_language() or "th", short=short)

    @property
    def short_label(self) -> str:
        return self.label(short=True)

    def clean(self) -> None:
        try:
            spec = calendars.parse_period_code(self.code)
        except calendars.PeriodCodeError as exc:
            raise ValidationError(
                {
                    "code": _(
                        "This is not a period code such as FY2568, FY2568-Q1, CY2024 or M2024-03."
                    )
                }
            ) from exc
        # One spelling per period: "fy2568" would otherwise be stored beside FY2568 and mislabelled.
        self.code = spec.code
        if (spec.kind.value, spec.start, spec.end) != (self.kind, self.start, self.end):
            raise ValidationError(
                {
                    "code": _("The kind and dates must be those of the code %(code)s.")
                    % {"code": spec.code}
                }
            )
