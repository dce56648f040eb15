"""The rules a reported figure and a report must meet: pure functions, no database writes.

Errors block a save or a submission; warnings (a value far from last period's) block a submission
until the reporter confirms them with a reason.
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field
from decimal import Decimal, InvalidOperation

from django.utils.translation import gettext as _

from naptrack.frameworks.models import Aggregation, Indicator, MilestoneStatus, ValueType

THAI_DIGITS = str.maketrans("๐๑๒๓๔๕๖๗๘๙", "0123456789")
MAX_TEXT = 20_000
MAX_ABS = Decimal("1e15")
# A value more than this many times (or less than 1/this) last period's asks for confirmation.
SWING_FACTOR = Decimal("2")


class FigureError(ValueError):
    def __init__(self, field: str, message: str):
        super().__init__(message)
        self.field = field
        self.message = message


def parse_decimal(raw, field: str) -> Decimal | None:
    """Read a number as officers type it: 1,200 · 1 200 · ๑๒๐๐ · 12.5 · empty for none."""
    if raw is None:
        return None
    if isinstance(raw, (int, Decimal)):
        number = Decimal(raw)
    elif isinstance(raw, float):
        number = Decimal(str(raw))
    else:
        text = (
            str(raw)
            .strip()
            .translate(THAI_DIGITS)
            .replace(",", "")
            .replace(" ", "")
            .replace("\u00a0", "")
        )
        if text == "":
            return None
        try:
            number = Decimal(text)
        except InvalidOperation as exc:
            raise FigureError(
                field, _("“%(text)s” is not a number.") % {"text": str(raw)[:40]}
            ) from exc
    if not number.is_finite() or abs(number) >= MAX_ABS:
        raise FigureError(field, _("This number is too large."))
    if number != number.quantize(Decimal("0.0001")):
        number = number.quantize(Decimal("0.0001"))
    return number


def clean_text(raw) -> str:
    """A typed text without NUL bytes (which no database stores) or surrounding spaces."""
    return str(raw or "").replace("\x00", "").strip()


@dataclass
class Figure:
    """A figure as entered: parsed numbers and texts, keyed by its breakdown (None for the total)."""

    breakdown_key: str | None = None
    value: Decimal | None = None
    numerator: Decimal | None = None
    denominator: Decimal | None = None
    text: str = ""
    milestone_status: str = ""

    @property
    def is_empty(self) -> bool:
        return (
            self.value is None
            and self.numerator is None
            and self.denominator is None
            and not self.text
            and not self.milestone_status
        )


def figure_from_input(
    indicator: Indicator, data: dict, breakdown_key: str | None = None
) -> tuple[Figure, dict[str, str]]:
    """Parse and check one figure; return it with the errors by field (empty when it is valid)."""
    errors: dict[str, str] = {}
    figure = Figure(breakdown_key=breakdown_key)
    for name in ("value", "numerator", "denominator"):
        try:
            setattr(figure, name, parse_decimal(data.get(name), name))
        except FigureError as exc:
            errors[exc.field] = exc.message
    figure.text = clean_text(data.get("text"))
    figure.milestone_status = clean_text(data.get("milestone_status"))
    if len(figure.text) > MAX_TEXT:
        errors["text"] = _("The text is too long (at most %(max)s characters).") % {"max": MAX_TEXT}
    if not errors:
        errors.update(check_figure(indicator, figure))
    return figure, errors


def check_figure(indicator: Indicator, figure: Figure) -> dict[str, str]:
    """The rules of the indicator's value type; fills in a percentage from its parts."""
    errors: dict[str, str] = {}
    kind = indicator.value_type
    if kind == ValueType.PERCENTAGE:
        if figure.numerator is not None or figure.denominator is not None:
            if figure.numerator is None or figure.denominator is None:
                errors["numerator" if figure.numerator is None else "denominator"] = _(
                    "Give both the numerator and the denominator."
                )
            elif figure.denominator <= 0:
                errors["denominator"] = _("The denominator must be greater than zero.")
            elif figure.numerator < 0:
                errors["numerator"] = _("The numerator cannot be negative.")
            elif figure.numerator > figure.denominator:
                errors["numerator"] = _(
                    "The numerator (%(n)s) cannot be larger than the denominator (%(d)s)."
                ) % {
                    "n": _plain(figure.numerator),
                    "d": _plain(figure.denominator),
                }
            else:
                figure.value = (figure.numerator * 100 / figure.denominator).quantize(
                    Decimal("0.0001")
                )
        if figure.value is not None and not errors and not (0 <= figure.value <= 100):
            errors["value"] = _("A percentage must be between 0 and 100; %(value)s is not.") % {
                "value": _plain(figure.value)
            }
    elif kind == ValueType.NUMBER:
        if figure.value is not None and figure.value < 0:
            errors["value"] = _("A count or amount cannot be negative.")
        if figure.numerator is not None or figure.denominator is not None:
            errors["value"] = _("Only a percentage indicator has a numerator and denominator.")
    elif kind == ValueType.YES_NO:
        if figure.value is not None and figure.value not in (0, 1):
            errors["value"] = _("Answer yes or no.")
    elif kind == ValueType.MILESTONE:
        if figure.milestone_status and figure.milestone_status not in MilestoneStatus.values:
            errors["milestone_status"] = _("Choose a milestone status from the list.")
        if figure.value is not None:
            errors["value"] = _("A milestone takes a status and a description, not a number.")
    elif kind == ValueType.QUALITATIVE:
        if figure.value is not None:
            errors["value"] = _("A qualitative indicator takes a text, not a number.")
    return errors


def _plain(number: Decimal) -> str:
    text = format(number.normalize(), "f")
    return text


@dataclass
class Problem:
    """Something that stops a submission (or asks for confirmation), attached to a field."""

    line_id: int | None
    field: str
    message: str
    warning: bool = False


@dataclass
class LineFacts:
    """What the completeness rules need to know about one report line."""

    line_id: int
    indicator: Indicator
    total: Figure | None
    parts: list[Figure] = field(default_factory=list)
    # breakdown key → {dimension code: option code}
    part_options: dict[str, dict[str, str]] = field(default_factory=dict)
    # dimension code → all option codes the indicator uses
    dimension_options: dict[str, list[str]] = field(default_factory=dict)
    rating: str = ""
    rating_reason: str = ""
    evidence_count: int = 0
    previous_value: Decimal | None = None
    confirmation: str = ""


def complete_grids(facts: LineFacts) -> list[list[Figure]]:
    """Groups of parts that together cover every combination of some dimensions (a full grid)."""
    by_dims: dict[tuple[str, ...], dict[tuple[str, ...], Figure]] = {}
    for part in facts.parts:
        options = facts.part_options.get(part.breakdown_key or "", {})
        dims = tuple(sorted(options))
        by_dims.setdefault(dims, {})[tuple(options[d] for d in dims)] = part
    grids = []
    for dims, cells in by_dims.items():
        if not dims:
            continue
        wanted = set(itertools.product(*(facts.dimension_options.get(d, []) for d in dims)))
        if wanted and wanted <= set(cells):
            grids.append([cells[k] for k in sorted(wanted)])
    return grids


def parts_must_add_up(indicator: Indicator) -> bool:
    return indicator.value_type == ValueType.NUMBER and indicator.aggregation == Aggregation.SUM


def computed_total(facts: LineFacts) -> Decimal | None:
    """The total that a full grid of parts adds up to, when the indicator's parts add up."""
    if not parts_must_add_up(facts.indicator):
        return None
    for grid in complete_grids(facts):
        if all(cell.value is not None for cell in grid):
            return sum((cell.value for cell in grid), Decimal(0))
    return None


def has_figure(indicator: Indicator, figure: Figure | None) -> bool:
    if figure is None:
        return False
    if indicator.value_type in (ValueType.NUMBER, ValueType.PERCENTAGE, ValueType.YES_NO):
        return figure.value is not None
    if indicator.value_type == ValueType.MILESTONE:
        return bool(figure.milestone_status)
    return bool(figure.text)


def line_problems(facts: LineFacts) -> list[Problem]:
    """Everything that stops this line from being submitted, and the warnings to confirm."""
    problems: list[Problem] = []
    ind = facts.indicator
    no_data = facts.rating == "no_data"
    if not has_figure(ind, facts.total) and not no_data:
        problems.append(
            Problem(
                facts.line_id,
                "value",
                _("Enter a value, or rate the indicator “No data” and say why."),
            )
        )
    if not facts.rating:
        problems.append(Problem(facts.line_id, "rating", _("Choose a status rating.")))
    elif facts.rating in ("at_risk", "off_track", "no_data") and not facts.rating_reason.strip():
        problems.append(
            Problem(facts.line_id, "rating_reason", _("Say why the indicator is rated this way."))
        )
    if facts.total is not None and facts.total.value is not None and parts_must_add_up(ind):
        for grid in complete_grids(facts):
            if all(cell.value is not None for cell in grid):
                parts_sum = sum((cell.value for cell in grid), Decimal(0))
                if parts_sum != facts.total.value:
                    problems.append(
                        Problem(
                            facts.line_id,
                            "breakdown",
                            _("The breakdown adds up to %(parts)s but the total is %(total)s.")
                            % {"parts": _plain(parts_sum), "total": _plain(facts.total.value)},
                        )
                    )
                    break
    if ind.evidence_required and facts.evidence_count == 0 and not no_data:
        problems.append(
            Problem(facts.line_id, "evidence", _("Attach evidence for this indicator."))
        )
    total = facts.total.value if facts.total is not None else None
    previous = facts.previous_value
    if (
        total is not None
        and previous is not None
        and previous > 0
        and ind.value_type == ValueType.NUMBER
    ):
        if total > previous * SWING_FACTOR or total * SWING_FACTOR < previous:
            if not facts.confirmation.strip():
                problems.append(
                    Problem(
                        facts.line_id,
                        "value",
                        _(
                            "%(value)s is far from last period's %(previous)s. Check it, or confirm it with a reason."
                        )
                        % {"value": _plain(total), "previous": _plain(previous)},
                        warning=True,
                    )
                )
    return problems
