"""Read what the report page posts, and put what the user typed back on the page after a refusal.

Input names: `total|<field>` for an indicator's total, `b|<breakdown key>|<field>` for a breakdown
cell (sex=female;age=18-24), then `comment`, `rating`, `rating_reason` and `reason`. Numbers are
parsed by the services (1,200 and Thai digits are accepted there), never here.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from naptrack.frameworks.models import MilestoneStatus, ValueType
from naptrack.reporting import rules
from naptrack.reporting.models import Rating
from naptrack.reporting.selectors import FIGURE_FIELDS, ConflictView, LineEntry, Slot, field_label
from naptrack.reporting.services import NARRATIVE_FIELDS

LINE_FIELDS = ("comment", "rating", "rating_reason")
MAX_INPUT = rules.MAX_TEXT + 1000


def _clip(raw: str | None) -> str | None:
    # A hostile post cannot make the page echo megabytes back; the services refuse long texts.
    return None if raw is None else raw[:MAX_INPUT]


def figures_from_post(post) -> dict[str | None, dict]:
    """The figures posted for a line, keyed by breakdown (None for the total)."""
    figures: dict[str | None, dict] = {}
    for name in post:
        parts = name.split("|")
        if parts[0] == "total" and len(parts) == 2 and parts[1] in FIGURE_FIELDS:
            figures.setdefault(None, {})[parts[1]] = _clip(post.get(name))
        elif parts[0] == "b" and len(parts) == 3 and parts[1] and parts[2] in FIGURE_FIELDS:
            figures.setdefault(parts[1][:400], {})[parts[2]] = _clip(post.get(name))
    return figures


def line_fields_from_post(post) -> dict[str, str | None]:
    return {name: _clip(post.get(name)) for name in LINE_FIELDS}


def expected_version(post, name: str = "expected_version") -> int:
    """The version the form was based on; taking over after a conflict posts the newer one."""
    for key in ("overwrite_version", name):
        raw = post.get(key)
        if raw:
            try:
                return int(raw)
            except ValueError:
                return 0
    return 0


def _slots(entry: LineEntry) -> dict[str, Slot]:
    slots = {"": entry.total}
    if entry.grid:
        slots.update({cell.key: cell for cell in entry.grid.cells + entry.grid.margins})
    slots.update({slot.key: slot for slot in entry.extra_values})
    return slots


def apply_typed(entry: LineEntry, post) -> None:
    """Show what the user typed instead of what is stored."""
    for slot in _slots(entry).values():
        for name in slot.fields:
            posted = post.get(f"{slot.name_prefix}|{name}")
            if posted is not None:
                slot.values[name] = _clip(posted)
    for name in LINE_FIELDS:
        posted = post.get(name)
        if posted is not None:
            setattr(entry, name, _clip(posted))
    entry.reason = _clip(post.get("reason")) or ""


LINE_LEVEL = {"rating", "rating_reason", "reason", "comment", "breakdown", "evidence"}


def apply_figure_errors(entry: LineEntry, errors: dict[str, dict[str, str]]) -> None:
    """Put each refusal beside its field; a breakdown the page does not show goes to the line."""
    slots = _slots(entry)
    for key, by_field in errors.items():
        slot = slots.get(key or "")
        for name, message in by_field.items():
            if slot is None:
                entry.errors.setdefault("breakdown", message)
            elif not key and name in LINE_LEVEL:
                entry.errors[name] = message
            else:
                slot.errors[name] = message


def apply_validation_error(entry: LineEntry, error: ValidationError) -> None:
    if hasattr(error, "error_dict"):
        for name, messages in error.message_dict.items():
            target = name if name in LINE_LEVEL else "general"
            entry.errors[target] = " ".join(messages)
    else:
        entry.errors["general"] = " ".join(error.messages)


# --- Conflicts ------------------------------------------------------------------------------------


def _same(name: str, saved: str, yours: str) -> bool:
    if name in ("value", "numerator", "denominator"):
        try:
            return rules.parse_decimal(saved, name) == rules.parse_decimal(yours, name)
        except rules.FigureError:
            return False
    return (saved or "").strip() == (yours or "").strip()


def shown(name: str, raw: str, value_type: str) -> str:
    """A field's raw value in words for the conflict table."""
    if raw in (None, ""):
        return "–"
    if name == "value" and value_type == ValueType.YES_NO:
        try:
            return _("Yes") if rules.parse_decimal(raw, name) == Decimal(1) else _("No")
        except rules.FigureError:
            return raw
    if name == "milestone_status" and raw in MilestoneStatus.values:
        return str(MilestoneStatus(raw).label)
    if name == "rating" and raw in Rating.values:
        return str(Rating(raw).label)
    return raw


def conflict_view(saved: LineEntry, post, *, message: str, changed_by: str) -> ConflictView:
    """Compare the line as saved now with what the user posted, field by field."""
    rows = []
    kind = saved.value_type
    for slot in _slots(saved).values():
        for name in slot.fields:
            yours = post.get(f"{slot.name_prefix}|{name}")
            if yours is None:
                continue
            mine = slot.values.get(name, "")
            if not _same(name, mine, yours):
                label = slot.label
                if len(slot.fields) > 1 or not slot.key:
                    label = f"{slot.label}: {field_label(name, kind)}"
                rows.append((label, shown(name, mine, kind), shown(name, _clip(yours), kind)))
    for name in LINE_FIELDS:
        yours = post.get(name)
        if yours is not None and not _same(name, getattr(saved, name), yours):
            rows.append(
                (
                    field_label(name, kind),
                    shown(name, getattr(saved, name), kind),
                    shown(name, _clip(yours), kind),
                )
            )
    return ConflictView(
        message=message, changed_by=changed_by, current_version=saved.version, rows=rows
    )


# --- Narrative ------------------------------------------------------------------------------------


@dataclass
class NarrativeForm:
    """The report's narrative as shown: stored text, or what the user typed after a refusal."""

    values: dict[str, str]
    version: int
    errors: dict[str, str] = field(default_factory=dict)
    problems: dict[str, list] = field(default_factory=dict)
    conflict: ConflictView | None = None
    save_state: str = ""

    @property
    def rows(self) -> list[dict]:
        return [
            {
                "name": name,
                "label": label,
                "value": self.values.get(name, ""),
                "error": self.errors.get(name, ""),
                "problems": self.problems.get(name, []),
            }
            for name, label in narrative_labels().items()
        ]

    @classmethod
    def from_report(cls, report) -> NarrativeForm:
        return cls(
            values={name: getattr(report, name) for name in NARRATIVE_FIELDS},
            version=report.version,
        )


def narrative_from_post(post) -> dict[str, str]:
    return {name: _clip(post.get(name)) for name in NARRATIVE_FIELDS if post.get(name) is not None}


def narrative_labels() -> dict[str, str]:
    return {
        "progress": _("Progress in this period"),
        "problems": _("Problems and obstacles"),
        "next_steps": _("Next steps"),
        "support_needed": _("Support needed"),
    }


def narrative_conflict(report, posted: dict[str, str], message: str) -> ConflictView:
    labels = narrative_labels()
    rows = [
        (labels[name], getattr(report, name) or "–", text or "–")
        for name, text in posted.items()
        if (getattr(report, name) or "").strip() != (text or "").strip()
    ]
    return ConflictView(message=message, changed_by="", current_version=report.version, rows=rows)
