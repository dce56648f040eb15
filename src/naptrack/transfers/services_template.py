"""Data-entry workbooks of a report: check an upload (writing nothing but the batch), apply it on
confirmation through reporting.services.line_save, or discard it.

What counts as a change: for each input cell, the workbook's value against the value it held when
downloaded (kept in the workbook's signed keys) and the value saved now. A cell the officer did not
touch never overwrites what a colleague saved since; a cell they changed that a colleague changed
too is a conflict, shown with both values, and applied only if the officer says so.
"""

from __future__ import annotations

import secrets
from collections import defaultdict
from dataclasses import dataclass, field

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from naptrack.core.services import require
from naptrack.frameworks.models import MilestoneStatus, ValueType
from naptrack.reporting import permissions, rules
from naptrack.reporting import services as reporting
from naptrack.reporting.models import Rating, Report, ReportLine
from naptrack.reporting.selectors import field_label
from naptrack.transfers import template_build, template_read
from naptrack.transfers.models import BatchKind, BatchState, ImportBatch
from naptrack.transfers.template_build import LINE_FIELDS, stored_text
from naptrack.transfers.template_read import Problem, Reading


class ApplyRefused(Exception):
    """The batch could not be applied; nothing was changed."""

    def __init__(self, message: str):
        super().__init__(message)
        self.message = message


def _token() -> str:
    return secrets.token_hex(16)


def _safe_name(name: str) -> str:
    name = (name or "").replace("\\", "/").rsplit("/", 1)[-1]
    name = "".join(ch for ch in name if ch.isprintable() and ch not in '<>:"|?*')
    return name.strip()[:200] or "workbook.xlsx"


# --- Download -------------------------------------------------------------------------------------------


def template_download(*, actor, report: Report, layout: str = "pillar") -> bytes:
    """The prefilled workbook of a report, for anyone who may read the report."""
    require(permissions.can_view_report(actor, report), _("You cannot open this report."))
    return template_build.workbook_bytes(report, layout)


# --- Check -------------------------------------------------------------------------------------------------


def shown_value(text: str, name: str, value_type: str) -> str:
    """A canonical cell value in words for the preview."""
    if text in (None, ""):
        return "–"
    if name == "value" and value_type == ValueType.YES_NO:
        return _("Yes") if text == "1" else _("No")
    if name == "milestone_status" and text in MilestoneStatus.values:
        return str(MilestoneStatus(text).label)
    if name == "rating" and text in Rating.values:
        return str(Rating(text).label)
    if len(text) > 300:
        return text[:297] + "…"
    return text


@dataclass
class SlotPlan:
    """One figure (or the line's own fields) as the workbook has it."""

    key: str
    readings: dict[str, Reading] = field(default_factory=dict)


def _now_values(line: ReportLine) -> dict[str, object]:
    return {(v.breakdown.key if v.breakdown_id else ""): v for v in line.values.all()}


def _now_text(line: ReportLine, values: dict, key: str, name: str) -> str:
    if name in LINE_FIELDS:
        return getattr(line, name) or ""
    return stored_text(values.get(key), name)


def _problem(reading: Reading, message: str, code: str = "") -> Problem:
    column = "".join(ch for ch in reading.cell if ch.isalpha())
    row = int("".join(ch for ch in reading.cell if ch.isdigit()) or 0)
    prefix = f"{code} · " if code else ""
    return Problem(
        prefix + message, sheet=reading.sheet, cell=reading.cell, row=row or None, column=column
    )


def _plan_changes(report: Report, contents: template_read.Contents, lines: dict[int, ReportLine]):
    """Compare the workbook with the saved report: planned saves, the change list, problems."""
    record = contents.record
    problems: list[Problem] = []
    changes: list[dict] = []
    plan: dict[str, dict] = {}
    counts = defaultdict(int)
    by_line: dict[int, dict[str, SlotPlan]] = defaultdict(dict)
    for reading in contents.readings.values():
        cell = reading.input
        slot = by_line[cell.line_id].setdefault(
            "|line" if cell.field in LINE_FIELDS else cell.breakdown,
            SlotPlan(cell.breakdown),
        )
        slot.readings[cell.field] = reading
    allowed_cache: dict[int, dict] = {}
    for line_id, slots in by_line.items():
        line = lines[line_id]
        indicator = line.indicator
        kind = indicator.value_type
        values = _now_values(line)
        downloaded_version = record.lines.get(line_id, ("", 0))[1]
        line_plan: dict = {"version": line.version, "figures": {}}
        for slot_key, slot in slots.items():
            if any(r.text is None for r in slot.readings.values()):
                continue  # an unreadable cell is reported already; its figure is not checked
            changed = {}
            conflicts = {}
            merged = {}
            for name, reading in slot.readings.items():
                mine = reading.text
                now = _now_text(line, values, slot.key, name)
                before = reading.input.downloaded
                if mine == now:
                    merged[name] = now
                    counts["unchanged"] += 1
                elif mine == before:
                    # Changed on the platform since the download, untouched in the workbook.
                    merged[name] = now
                    counts["kept"] += 1
                else:
                    merged[name] = mine
                    changed[name] = (now, mine)
                    if now != before:
                        conflicts[name] = before
            if slot_key == "|line":
                for name, (_saved, mine) in changed.items():
                    if len(mine) > rules.MAX_TEXT:
                        problems.append(
                            _problem(
                                slot.readings[name],
                                _("The text is too long (at most %(max)s characters).")
                                % {"max": rules.MAX_TEXT},
                                indicator.code,
                            )
                        )
                        continue
                    line_plan[name] = mine
            else:
                data = {name: merged[name] for name in slot.readings}
                figure, errors = rules.figure_from_input(indicator, data, slot.key or None)
                if slot.key:
                    if line_id not in allowed_cache:
                        allowed_cache[line_id] = reporting._allowed_breakdowns(line)
                    if slot.key not in allowed_cache[line_id] and changed:
                        errors = {
                            next(iter(slot.readings)): _(
                                "This breakdown is no longer part of the indicator: leave its cell as it was."
                            )
                        }
                for name, message in errors.items():
                    reading = slot.readings.get(name) or next(iter(slot.readings.values()))
                    label = reading.input.label
                    problems.append(_problem(reading, f"{label}: {message}", indicator.code))
                if changed and not errors:
                    line_plan["figures"][slot.key] = data
            for name, (now, mine) in changed.items():
                reading = slot.readings[name]
                counts["changed"] += 1
                if name in conflicts:
                    counts["conflicts"] += 1
                changes.append(
                    {
                        "line": line_id,
                        "indicator": indicator.code,
                        "indicator_name": indicator.name,
                        "key": slot.key,
                        # The line's own fields (rating, comment) belong to no breakdown.
                        "breakdown": "" if name in LINE_FIELDS else reading.input.label,
                        "field": str(field_label(name, kind)),
                        "before": shown_value(now, name, kind),
                        "after": shown_value(mine, name, kind),
                        "conflict": name in conflicts,
                        "downloaded": shown_value(conflicts.get(name, ""), name, kind)
                        if name in conflicts
                        else "",
                        "sheet": reading.sheet,
                        "cell": reading.cell,
                    }
                )
        if downloaded_version != line.version:
            counts["lines_changed_since_download"] += 1
        if line_plan["figures"] or any(name in line_plan for name in LINE_FIELDS):
            plan[str(line_id)] = line_plan
    return plan, changes, problems, counts


def template_check(*, actor, report: Report, upload) -> ImportBatch:
    """Read an uploaded workbook and store what it would change and every problem; change nothing else."""
    require(
        permissions.can_edit_report(actor, report),
        _(
            "Workbooks can be uploaded only by the agency's reporters while the report is being prepared."
        ),
    )
    size = getattr(upload, "size", None) or 0
    batch = ImportBatch(
        token=_token(),
        kind=BatchKind.TEMPLATE,
        uploaded_by=actor if getattr(actor, "pk", None) else None,
        report=report,
        plan=report.round.plan,
        original_name=_safe_name(getattr(upload, "name", "")),
        file_format="xlsx",
        size=size,
    )
    lines = {
        line.pk: line
        for line in report.lines.select_related("indicator").prefetch_related("values__breakdown")
    }
    try:
        contents = template_read.read_workbook(
            upload, size, {pk: line.indicator.value_type for pk, line in lines.items()}
        )
    except template_read.WorkbookRefused as refused:
        batch.state = BatchState.INVALID
        batch.errors = [Problem(refused.message).as_dict()]
        batch.summary = {"refused": refused.code, "errors": 1}
        batch.save()
        return batch
    record = contents.record
    if record.meta.get("report") != str(report.pk) or not set(record.lines) <= set(lines):
        batch.state = BatchState.INVALID
        batch.errors = [
            Problem(
                _(
                    "This workbook was downloaded for another report (%(label)s). Download the workbook of this report from its page and type your figures there."
                )
                % {"label": record.meta.get("report_label", "")[:200] or "?"}
            ).as_dict()
        ]
        batch.summary = {"refused": "other_report", "errors": 1}
        batch.save()
        return batch
    plan, changes, problems, counts = _plan_changes(report, contents, lines)
    problems = contents.problems + problems
    errors = [p for p in problems if not p.warning]
    warnings = [p for p in problems if p.warning]
    batch.errors = [p.as_dict() for p in (errors + warnings)[: template_read.MAX_PROBLEMS]]
    batch.changes = changes
    batch.state = BatchState.INVALID if errors else BatchState.CHECKED
    batch.summary = {
        "values": contents.cells_read,
        "changed": counts["changed"],
        "unchanged": counts["unchanged"],
        "kept": counts["kept"],
        "conflicts": counts["conflicts"],
        "lines_changed_since_download": counts["lines_changed_since_download"],
        "errors": len(errors),
        "warnings": len(warnings),
        "report_version": report.version,
        "downloaded_version": record.meta.get("report_version", ""),
        "downloaded_at": record.meta.get("downloaded_at", ""),
        "plan": plan,
    }
    upload.seek(0)
    batch.file.save(f"{batch.token}.xlsx", upload, save=False)
    try:
        batch.save()
    except BaseException:
        batch.file.storage.delete(batch.file.name)
        raise
    return batch


# --- Apply and discard ------------------------------------------------------------------------------------


def _may_handle(actor, batch: ImportBatch) -> bool:
    return batch.uploaded_by_id is not None and batch.uploaded_by_id == getattr(actor, "pk", None)


def template_apply(
    *, actor, batch: ImportBatch, reason: str = "", replace_conflicts: bool = False
) -> ImportBatch:
    """Apply a checked workbook: every changed line through line_save, all or nothing."""
    report = batch.report
    require(
        _may_handle(actor, batch) and permissions.can_edit_report(actor, report),
        _("This report cannot be changed now."),
    )
    if batch.state != BatchState.CHECKED:
        raise ValidationError(
            {
                "state": _("This upload cannot be applied: it is “%(state)s”.")
                % {"state": batch.get_state_display()}
            }
        )
    if batch.summary.get("conflicts") and not replace_conflicts:
        raise ValidationError(
            {
                "replace_conflicts": _(
                    "Some values were changed on the platform after you downloaded the workbook. Tick the box to replace them with yours, or discard this upload."
                )
            }
        )
    needs_reason = report.approved_at is not None
    reason = rules.clean_text(reason)
    if needs_reason and batch.summary.get("plan") and not reason:
        raise ValidationError(
            {"reason": _("This report was approved before: say why you change its figures.")}
        )
    try:
        with transaction.atomic():
            locked = ImportBatch.objects.select_for_update(of=("self",)).get(pk=batch.pk)
            if locked.state != BatchState.CHECKED:
                raise ApplyRefused(_("This upload was already applied or discarded."))
            lines = {str(line.pk): line for line in ReportLine.objects.filter(report_id=report.pk)}
            for line_id, line_plan in (locked.summary.get("plan") or {}).items():
                line = lines.get(line_id)
                if line is None:
                    raise ApplyRefused(
                        _("An indicator of the workbook is no longer in the report.")
                    )
                reporting.line_save(
                    actor=actor,
                    line=line,
                    expected_version=line_plan["version"],
                    figures={(key or None): data for key, data in line_plan["figures"].items()},
                    comment=line_plan.get("comment"),
                    rating=line_plan.get("rating"),
                    rating_reason=line_plan.get("rating_reason"),
                    reason=reason,
                )
            locked.state = BatchState.APPLIED
            locked.applied_at = timezone.now()
            locked.reason = reason
            locked.save(update_fields=["state", "applied_at", "reason"])
            return locked
    except reporting.ConflictError:
        message = _(
            "Someone changed the report after your workbook was checked, so nothing was saved. Upload the workbook again to see the changes against the report as it is now."
        )
    except reporting.FigureInvalid as invalid:
        parts = [m for by_field in invalid.figure_errors.values() for m in by_field.values()]
        message = _("Nothing was saved: %(problems)s") % {"problems": " ".join(parts)[:500]}
    except PermissionDenied:
        raise
    except ApplyRefused as refused:
        message = refused.message
    except ValidationError as invalid:
        if "reason" in getattr(invalid, "message_dict", {}):
            raise
        message = _("Nothing was saved: %(problems)s") % {
            "problems": " ".join(invalid.messages)[:500]
        }
    ImportBatch.objects.filter(pk=batch.pk, state=BatchState.CHECKED).update(
        state=BatchState.FAILED,
        errors=[*batch.errors, Problem(message).as_dict()],
    )
    raise ApplyRefused(message)


def template_discard(*, actor, batch: ImportBatch) -> ImportBatch:
    """Set an upload aside without applying it."""
    require(
        _may_handle(actor, batch), _("Only the person who uploaded the workbook can discard it.")
    )
    with transaction.atomic():
        locked = ImportBatch.objects.select_for_update(of=("self",)).get(pk=batch.pk)
        if locked.state in (BatchState.CHECKED, BatchState.INVALID):
            locked.state = BatchState.DISCARDED
            locked.save(update_fields=["state"])
        return locked
