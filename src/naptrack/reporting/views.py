"""The report pages: my reports, one report with all its indicators, saving, and the workflow.

Every write goes through reporting.services; a page the user may not read is a 404, a step they
may not take is a 403 that says why. Without JavaScript every form still works: a full-page POST
that redirects back, or shows the page again with what was typed and the refusals beside it.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from naptrack.frameworks.models import MilestoneStatus
from naptrack.reporting import forms, permissions, selectors, services
from naptrack.reporting.models import Rating, Report

ACTIONS = ("submit", "approve", "return", "accept", "reopen")
# The field a submission problem points to, when it is not one of the line's own inputs.
PROBLEM_ANCHORS = {
    "rating": "l{pk}-rating",
    "rating_reason": "l{pk}-rating_reason",
    "breakdown": "l{pk}-grid",
    "evidence": "line-{pk}-evidence",
}


def _report_or_404(user, pk: int) -> Report:
    report = selectors.report_get_for_user(user, pk)
    if report is None:
        raise Http404
    return report


def _forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    message = str(exc) or _("You do not have permission to do this.")
    template = "reporting/partials/forbidden.html" if request.htmx else "reporting/forbidden.html"
    return render(request, template, {"message": message}, status=403)


# --- Pages ----------------------------------------------------------------------------------------


@login_required
@require_GET
def report_list(request: HttpRequest) -> HttpResponse:
    """The reports the user may see, by round, with what waits for them."""
    everything = request.GET.get("all") == "1"
    groups = selectors.report_list_for_user(request.user, everything=everything)
    fmt = request.GET.get("format", "").strip().lower()
    if fmt:
        response = _report_list_download(groups, fmt, everything)
        if response is not None:
            return response
        messages.warning(
            request,
            _("Downloads are in CSV or XLSX; “%(format)s” is not one of them.")
            % {"format": fmt[:20]},
        )
    return render(
        request,
        "reporting/report_list.html",
        {"groups": groups, "everything": everything, "nav": "reports"},
    )


def _report_list_download(groups, fmt: str, everything: bool) -> HttpResponse | None:
    """The rows of the list as CSV or XLSX (None for an unknown format): what the page shows."""
    from naptrack.analytics.exports import FORMATS, table_response

    if fmt not in FORMATS:
        return None
    columns = [
        _("Plan code"),
        _("Plan"),
        _("Period code"),
        _("Period"),
        _("Agency code"),
        _("Agency"),
        _("State"),
        _("Indicators with a value"),
        _("Indicators"),
        _("Due date"),
        _("Late"),
        _("Waiting for you"),
        _("Last activity"),
    ]
    rows = []
    for round_, report_rows in groups:
        for row in report_rows:
            report = row.report
            if row.waiting.edit:
                waiting = _("Fill in and submit")
            elif row.waiting.approve:
                waiting = _("Review and approve")
            elif row.waiting.accept:
                waiting = _("Review and accept")
            else:
                waiting = ""
            rows.append(
                [
                    round_.plan.code,
                    round_.plan.short_title,
                    round_.period.code,
                    round_.period.label(),
                    report.organization.code,
                    report.organization.name,
                    report.get_state_display(),
                    row.filled_count,
                    row.line_count,
                    row.timing.due_on,
                    _("Yes") if row.timing.late else _("No"),
                    waiting,
                    timezone.localtime(report.last_activity_at).date()
                    if report.last_activity_at
                    else None,
                ]
            )
    return table_response("reports-all" if everything else "my-reports", columns, rows, fmt)


@login_required
@require_GET
def report_detail(request: HttpRequest, pk: int) -> HttpResponse:
    report = _report_or_404(request.user, pk)
    return _render_report(request, report)


def _problem_links(entries, problems, confirmations: dict[str, str]) -> list[dict]:
    codes = {entry.pk: entry for entry in entries}
    links = []
    for problem in problems:
        entry = codes.get(problem.line_id)
        if entry is None:
            anchor = f"narrative-{problem.field}" if problem.line_id is None else ""
        elif problem.field == "value":
            anchor = entry.first_input_id
        else:
            anchor = PROBLEM_ANCHORS.get(problem.field, "line-{pk}").format(pk=entry.pk)
        links.append(
            {
                "problem": problem,
                "entry": entry,
                "anchor": anchor,
                "confirmation": confirmations.get(str(problem.line_id), ""),
            }
        )
    return links


def _render_report(
    request: HttpRequest,
    report: Report,
    *,
    line_override: selectors.LineEntry | None = None,
    narrative: forms.NarrativeForm | None = None,
    problems: list | None = None,
    confirmations: dict[str, str] | None = None,
    action_errors: dict[str, str] | None = None,
    action_values: dict[str, str] | None = None,
    status: int = 200,
) -> HttpResponse:
    actions = permissions.allowed_actions(request.user, report)
    entries = selectors.line_entries(report)
    if line_override is not None:
        entries = [line_override if e.pk == line_override.pk else e for e in entries]
    narrative = narrative or forms.NarrativeForm.from_report(report)
    problems = problems or []
    for problem in problems:
        if problem.line_id is None:
            narrative.problems.setdefault(problem.field, []).append(problem)
    by_line = {entry.pk: entry for entry in entries}
    for problem in problems:
        entry = by_line.get(problem.line_id)
        if entry is not None:
            entry.problems.setdefault(problem.field, []).append(problem)
    confirmations = confirmations or {}
    links = _problem_links(entries, problems, confirmations)
    warned = {str(link["problem"].line_id) for link in links if link["problem"].warning}
    kept = [(k, v) for k, v in confirmations.items() if v.strip() and k not in warned]
    context = {
        "report": report,
        "round": report.round,
        "plan": report.round.plan,
        "entries": entries,
        "actions": actions,
        "can_edit": actions["edit"],
        "waiting": any(actions[a] for a in ("submit", "approve", "accept")),
        "timing": selectors.report_timing(report),
        "filled": sum(1 for entry in entries if entry.filled),
        "line_count": len(entries),
        "narrative": narrative,
        "narrative_labels": forms.narrative_labels(),
        "errors": [link for link in links if not link["problem"].warning],
        "warnings": [link for link in links if link["problem"].warning],
        "kept_confirmations": kept,
        "action_errors": action_errors or {},
        "action_values": action_values or {},
        "feedback": selectors.last_feedback(report),
        "timeline": selectors.report_timeline(report),
        "evidence": selectors.report_evidence(report),
        "nav": "reports",
        **_choices(),
    }
    context["needs_reason"] = report.approved_at is not None
    return render(request, "reporting/report_detail.html", context, status=status)


def _choices() -> dict:
    return {"ratings": Rating.choices, "milestone_statuses": MilestoneStatus.choices}


# --- Saving a line --------------------------------------------------------------------------------


def _line_response(
    request: HttpRequest, report: Report, entry: selectors.LineEntry, status: int
) -> HttpResponse:
    """The line's fragment for htmx, or the whole page (a redirect when the save went through)."""
    if request.htmx:
        filled, line_count = selectors.completeness(report)
        context = {
            "report": report,
            "entry": entry,
            "can_edit": True,
            "needs_reason": report.approved_at is not None,
            "filled": filled,
            "line_count": line_count,
            "round": report.round,
            **_choices(),
        }
        # htmx swaps only successful answers; the state of the save is in the fragment itself.
        return render(request, "reporting/partials/line_response.html", context)
    if entry.save_state == "saved":
        return redirect(reverse("report-detail", args=[report.pk]) + f"#line-{entry.pk}")
    return _render_report(request, report, line_override=entry, status=status)


@login_required
@require_http_methods(["GET", "POST"])
def line_save(request: HttpRequest, pk: int, line_pk: int) -> HttpResponse:
    """Save one indicator's figures, comment and rating; a refusal keeps what was typed."""
    report = _report_or_404(request.user, pk)
    if not report.lines.filter(pk=line_pk).exists():
        raise Http404
    if request.method == "GET":
        # "Discard my values": the line as saved now.
        if not request.htmx:
            return redirect(reverse("report-detail", args=[report.pk]) + f"#line-{line_pk}")
        if not permissions.can_edit_report(request.user, report):
            raise PermissionDenied
        return _line_response(request, report, selectors.line_entry(report, line_pk), 200)
    post = request.POST
    version = forms.expected_version(post)
    line = report.lines.get(pk=line_pk)
    try:
        services.line_save(
            actor=request.user,
            line=line,
            expected_version=version,
            figures=forms.figures_from_post(post),
            reason=(post.get("reason") or "")[: forms.MAX_INPUT],
            **forms.line_fields_from_post(post),
        )
    except PermissionDenied as exc:
        return _forbidden(request, exc)
    except services.ConflictError as conflict:
        saved = selectors.line_entry(report, line_pk)
        view = forms.conflict_view(
            saved, post, message=conflict.message, changed_by=conflict.changed_by
        )
        entry = saved
        forms.apply_typed(entry, post)
        entry.conflict = view
        # The form stays on the version the user saw, so that typing on never overwrites the
        # other person's values; only "Keep my values" posts the newer version.
        entry.version = version
        entry.save_state = "conflict"
        return _line_response(request, report, entry, 409)
    except services.FigureInvalid as invalid:
        entry = selectors.line_entry(report, line_pk)
        forms.apply_typed(entry, post)
        forms.apply_figure_errors(entry, invalid.figure_errors)
        entry.save_state = "invalid"
        return _line_response(request, report, entry, 422)
    except ValidationError as invalid:
        entry = selectors.line_entry(report, line_pk)
        forms.apply_typed(entry, post)
        forms.apply_validation_error(entry, invalid)
        entry.save_state = "invalid"
        return _line_response(request, report, entry, 422)
    report.refresh_from_db()
    entry = selectors.line_entry(report, line_pk)
    entry.save_state = "saved"
    return _line_response(request, report, entry, 200)


# --- Narrative --------------------------------------------------------------------------------------


@login_required
@require_POST
def narrative_save(request: HttpRequest, pk: int) -> HttpResponse:
    """Save the report's narrative; a refusal keeps what was typed."""
    report = _report_or_404(request.user, pk)
    posted = forms.narrative_from_post(request.POST)
    version = forms.expected_version(request.POST)
    narrative = forms.NarrativeForm.from_report(report)
    status = 200
    try:
        report = services.report_save_narrative(
            actor=request.user, report=report, expected_version=version, **posted
        )
    except PermissionDenied as exc:
        return _forbidden(request, exc)
    except services.ConflictError as conflict:
        report.refresh_from_db()
        narrative = forms.NarrativeForm.from_report(report)
        narrative.conflict = forms.narrative_conflict(report, posted, conflict.message)
        narrative.values.update(posted)
        narrative.version = version
        narrative.save_state = "conflict"
        status = 409
    except ValidationError as invalid:
        narrative.values.update(posted)
        narrative.errors = {
            name: " ".join(messages) for name, messages in invalid.message_dict.items()
        }
        narrative.save_state = "invalid"
        status = 422
    else:
        report = selectors.report_get_for_user(request.user, report.pk) or report
        narrative = forms.NarrativeForm.from_report(report)
        narrative.save_state = "saved"
    if request.htmx:
        return render(
            request,
            "reporting/partials/narrative.html",
            {
                "report": report,
                "narrative": narrative,
                "narrative_labels": forms.narrative_labels(),
                "can_edit": True,
            },
        )
    if narrative.save_state == "saved":
        return redirect(reverse("report-detail", args=[report.pk]) + "#narrative")
    return _render_report(request, report, narrative=narrative, status=status)


# --- Workflow ---------------------------------------------------------------------------------------


@login_required
@require_POST
def report_action(request: HttpRequest, pk: int, action: str) -> HttpResponse:
    """Submit, approve, return, accept or reopen the report, as the services allow."""
    if action not in ACTIONS:
        raise Http404
    report = _report_or_404(request.user, pk)
    post = request.POST
    text = (post.get("comment") or post.get("feedback") or post.get("reason") or "")[
        : forms.MAX_INPUT
    ]
    confirmations = {
        name.removeprefix("confirm-"): (value or "")[:2000]
        for name, value in post.items()
        if name.startswith("confirm-")
    }
    try:
        if action == "submit":
            services.report_submit(actor=request.user, report=report, confirmations=confirmations)
            done = _("The report was submitted. Your agency's approver will review it.")
        elif action == "return":
            services.report_return(actor=request.user, report=report, feedback=text)
            done = _("The report was returned to the reporters with your feedback.")
        elif action == "approve":
            services.report_approve(actor=request.user, report=report, comment=text)
            done = _("The report was approved and sent to the plan's coordinator.")
        elif action == "accept":
            services.report_accept(actor=request.user, report=report, comment=text)
            done = _("The report was accepted. Its figures now count in the plan's progress.")
        else:
            services.report_reopen(actor=request.user, report=report, reason=text)
            done = _("The report was reopened for correction.")
    except PermissionDenied as exc:
        return _forbidden(request, exc)
    except services.SubmissionRefused as refused:
        return _render_report(
            request,
            report,
            problems=refused.problems,
            confirmations=confirmations,
            status=422,
        )
    except ValidationError as invalid:
        return _render_report(
            request,
            report,
            action_errors={action: " ".join(invalid.messages)},
            action_values={action: text},
            status=422,
        )
    messages.success(request, done)
    return redirect("report-detail", pk=report.pk)
