"""The external assessment sheet: every benchmark with the institution's answer, its evidence and
the assessors' score, and the conclusion (previewed with seal.scoring before it is confirmed)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from naptrack.seal import forms, permissions, selectors, services
from naptrack.seal.models import Answer, Assessment, AssessmentState, Enrolment, Level
from naptrack.seal.views import enrolment_context, enrolment_or_404, flash_errors, forbidden


def _assessment_or_404(user, enrolment: Enrolment) -> Assessment:
    assessment = selectors.assessment_of(enrolment)
    if assessment is None or not permissions.can_view_scores(user, assessment):
        raise Http404
    return assessment


def _context(request, enrolment, assessment) -> dict:
    user = request.user
    context = enrolment_context(request, enrolment, "assessment")
    context.update(
        {
            "assessment": assessment,
            "assessors": list(assessment.assessors.all()),
            "can_score": assessment.state == AssessmentState.IN_PROGRESS
            and permissions.is_assessor(user, enrolment),
            "can_conclude": permissions.can_conclude(user, assessment),
            "answers": Answer.choices,
            "unscored": selectors.assessment_unscored(assessment),
            "open_requests": selectors.assessment_open_requests(assessment),
        }
    )
    return context


@login_required
@require_GET
def assessment_sheet(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = enrolment_or_404(request.user, pk)
    assessment = _assessment_or_404(request.user, enrolment)
    context = _context(request, enrolment, assessment)
    # Before the institution submits, its answers are not the assessors' to read.
    context["groups"] = (
        selectors.assessment_rows(request.user, assessment)
        if permissions.is_submitted(enrolment)
        else []
    )
    return render(request, "seal/assessment.html", context)


def score_row(request, enrolment, item, *, error: str = "") -> HttpResponse:
    """One row of the sheet after a score was saved from it (htmx)."""
    assessment = selectors.assessment_of(enrolment)
    rows = selectors.assessment_rows(request.user, assessment)
    row = next(
        r
        for group in rows
        for standard in group.standards
        for r in standard.items
        if r.item.pk == item.pk
    )
    context = _context(request, enrolment, assessment)
    context.update({"row": row, "score_error": error, "saved": not error})
    return render(request, "seal/partials/score_row.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def assessment_conclude(request: HttpRequest, pk: int) -> HttpResponse:
    """GET shows what concluding would give; POST concludes and awards."""
    enrolment = enrolment_or_404(request.user, pk)
    assessment = _assessment_or_404(request.user, enrolment)
    if not permissions.can_conclude(request.user, assessment):
        if assessment.state == AssessmentState.CONCLUDED:
            return redirect(reverse("seal-detail", args=[enrolment.pk]) + "#award")
        raise Http404
    form = forms.ConcludeForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            award = services.assessment_conclude(
                actor=request.user,
                assessment=assessment,
                conclusion=form.cleaned_data["conclusion"],
            )
        except PermissionDenied as exc:
            return forbidden(request, exc)
        except ValidationError as exc:
            flash_errors(request, exc)
        else:
            if award is not None:
                messages.success(
                    request,
                    _("The assessment is concluded: %(level)s awarded.")
                    % {"level": Level(award.level).label},
                )
            else:
                messages.success(
                    request, _("The assessment is concluded: no level is reached this time.")
                )
            return redirect(reverse("seal-detail", args=[enrolment.pk]) + "#award")
    outcome = selectors.assessment_preview(assessment)
    context = _context(request, enrolment, assessment)
    context.update(
        {
            "form": form,
            "outcome": outcome,
            "level_label": Level(outcome.level).label if outcome.level else "",
            "levels": [
                {
                    "code": level,
                    "label": Level(level).label,
                    "threshold": info["threshold"],
                    "reached": info["reached_threshold"],
                    "blocking": info["blocking"],
                }
                for level, info in reversed(list(outcome.levels.items()))
            ],
            "counts": [
                (Answer(code).label, count)
                for code, count in outcome.counts.items()
                if code and count
            ],
            "not_scored": outcome.counts.get("", 0),
        }
    )
    return render(request, "seal/assessment_conclude.html", context)
