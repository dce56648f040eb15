"""After the self-assessment: the gap analysis, the action plan (the institution's improvement
path, reported on until reassessment) and the award's certificate as PDF."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST, require_safe

from naptrack.seal import certificate, forms, permissions, selectors, services
from naptrack.seal.models import Action, ActionStatus, Enrolment
from naptrack.seal.views import enrolment_context, enrolment_or_404, flash_errors, forbidden
from naptrack.seal.views_items import CONFLICTS


@login_required
@require_GET
def gap_analysis(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = enrolment_or_404(request.user, pk)
    context = enrolment_context(request, enrolment, "gaps")
    context["gaps"] = selectors.gap_analysis(enrolment)
    context["thresholds"] = selectors.thresholds_of(enrolment.programme)
    return render(request, "seal/gaps.html", context)


# --- Action plan -----------------------------------------------------------------------------------


def _benchmark_choices(enrolment: Enrolment) -> list[tuple[int, str]]:
    return [
        (b.pk, f"{b.code} {b.text[:80]}")
        for b in selectors.programme_benchmarks(enrolment.programme)
    ]


def _action_form(enrolment, data=None, **kwargs):
    return forms.ActionForm(
        data,
        units=selectors.institution_units(enrolment),
        benchmark_choices=_benchmark_choices(enrolment),
        **kwargs,
    )


@login_required
@require_GET
def action_plan(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = enrolment_or_404(request.user, pk)
    return _render_plan(request, enrolment)


def _render_plan(request, enrolment, *, form=None, editing=None, status=200) -> HttpResponse:
    user = request.user
    rows = selectors.action_rows(enrolment)
    can_edit = permissions.can_edit_actions(user, enrolment)
    unmet = selectors.unmet_benchmarks(enrolment) if can_edit else []
    if form is None and can_edit:
        suggested = [b.pk for b, _result, covered in unmet if not covered]
        form = _action_form(enrolment, initial={"benchmarks": suggested[:3]})
    context = enrolment_context(request, enrolment, "actions")
    context.update(
        {
            "rows": rows,
            "summary": selectors.action_summary(rows),
            "can_edit": can_edit,
            "reportable": {
                row.action.pk for row in rows if permissions.can_report_action(user, row.action)
            },
            "unmet": unmet,
            "form": form,
            "editing": editing,
            "units": selectors.institution_units(enrolment) if can_edit else [],
            "statuses": ActionStatus.choices,
            "benchmark_choices": _benchmark_choices(enrolment) if can_edit else [],
            "selected_benchmarks": [str(v) for v in (form["benchmarks"].value() or [])]
            if form is not None
            else [],
        }
    )
    return render(request, "seal/actions.html", context, status=status)


def _action_or_404(user, enrolment: Enrolment, action_pk: int) -> Action:
    action = enrolment.actions.select_related("unit", "enrolment").filter(pk=action_pk).first()
    if action is None:
        raise Http404
    return action


@login_required
@require_POST
def action_save(request: HttpRequest, pk: int, action_pk: int | None = None) -> HttpResponse:
    """Add an action (no action_pk) or change one; the coordinator's."""
    enrolment = enrolment_or_404(request.user, pk)
    action = _action_or_404(request.user, enrolment, action_pk) if action_pk else None
    form = _action_form(enrolment, request.POST)
    if not form.is_valid():
        return _render_plan(request, enrolment, form=form, editing=action, status=400)
    data = form.cleaned_data
    benchmarks = list(
        enrolment.programme.benchmarks.filter(pk__in=data["benchmarks"]).order_by("code")
    )
    try:
        saved = services.action_save(
            actor=request.user,
            enrolment=enrolment,
            action=action,
            expected_version=data["version"] if action else None,
            title=data["title"],
            description=data["description"],
            unit=data["unit"],
            due_on=data["due_on"],
            status=data["status"],
            progress=data["progress"],
            benchmarks=benchmarks,
        )
    except PermissionDenied as exc:
        return forbidden(request, exc)
    except CONFLICTS as exc:
        messages.error(request, getattr(exc, "message", "") or str(exc))
        return _render_plan(request, enrolment, form=form, editing=action, status=409)
    except ValidationError as exc:
        for name, problems in getattr(exc, "message_dict", {"": exc.messages}).items():
            for problem in problems:
                form.add_error(name if name in form.fields else None, problem)
        return _render_plan(request, enrolment, form=form, editing=action, status=400)
    messages.success(request, _("The action “%(title)s” is saved.") % {"title": saved.title})
    return redirect(reverse("seal-actions", args=[enrolment.pk]) + f"#action-{saved.pk}")


@login_required
@require_POST
def action_report(request: HttpRequest, pk: int, action_pk: int) -> HttpResponse:
    """Progress on an action, by the coordinator or the action's unit; kept in its history."""
    enrolment = enrolment_or_404(request.user, pk)
    action = _action_or_404(request.user, enrolment, action_pk)
    form = forms.ActionReportForm(request.POST)
    back = reverse("seal-actions", args=[enrolment.pk]) + f"#action-{action.pk}"
    if not form.is_valid():
        for name, problems in form.errors.items():
            label = form.fields[name].label if name in form.fields else ""
            for problem in problems:
                messages.error(request, f"{action.title[:60]} · {label}: {problem}")
        return redirect(back)
    data = form.cleaned_data
    try:
        services.action_report(
            actor=request.user,
            action=action,
            progress=data["progress"],
            status=data["status"],
            note=data["note"],
            reported_on=data["reported_on"],
        )
    except PermissionDenied as exc:
        return forbidden(request, exc)
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect(back)
    messages.success(request, _("The progress is reported."))
    return redirect(back)


# --- Certificate -----------------------------------------------------------------------------------


@login_required
@require_safe
def certificate_pdf(request: HttpRequest, pk: int) -> HttpResponse:
    """The award's certificate, one A4 page, in Thai (?lang=th) or English (?lang=en)."""
    enrolment = enrolment_or_404(request.user, pk)
    award = selectors.award_for(enrolment)
    if award is None:
        raise Http404
    language = request.GET.get("lang", "th")
    if language not in certificate.LANGUAGES:
        language = "th"
    try:
        pdf = certificate.render(enrolment, award, language)
    except certificate.DocumentError as exc:
        messages.error(request, str(exc))
        return redirect(reverse("seal-detail", args=[enrolment.pk]) + "#award")
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = (
        f'attachment; filename="{certificate.file_name(enrolment, award, language)}"'
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Cache-Control"] = "private, no-store"
    return response
