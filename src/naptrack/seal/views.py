"""The Seal pages: my enrolments, one enrolment with its stages, engagement and progress, and the
coordinator's steps (advance a stage, submit the self-assessment, start the external assessment).

An enrolment the user may not see is a 404 everywhere, so that one institution cannot learn of
another's; a step the user may see but not take is a 403 that says why. Every write goes through
seal.services; a refusal (ValidationError) comes back as a message on the page it was made from.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST

from naptrack.seal import forms, permissions, selectors, services
from naptrack.seal.models import CommitteeRole, Enrolment, Stage

NAV = "seal"


# --- Shared by the Seal views ---------------------------------------------------------------------


def enrolment_or_404(user, pk: int) -> Enrolment:
    enrolment = selectors.enrolment_get_for_user(user, pk)
    if enrolment is None:
        raise Http404
    return enrolment


def forbidden(request: HttpRequest, exc: PermissionDenied) -> HttpResponse:
    message = str(exc) or _("You do not have permission to do this.")
    template = "seal/partials/forbidden.html" if request.htmx else "seal/forbidden.html"
    return render(request, template, {"message": message, "nav": NAV}, status=403)


def error_messages(error: ValidationError) -> list[str]:
    """The messages of a refusal, each once, with the field's name where there is one."""
    if hasattr(error, "error_dict"):
        found = []
        for messages_ in error.message_dict.values():
            found.extend(messages_)
    else:
        found = list(error.messages)
    return list(dict.fromkeys(found))


def flash_errors(request: HttpRequest, error: ValidationError) -> None:
    for message in error_messages(error):
        messages.error(request, message)


def flash_form_errors(request: HttpRequest, form) -> None:
    for name, problems in form.errors.items():
        label = form.fields[name].label if name in form.fields else ""
        for problem in problems:
            messages.error(request, f"{label}: {problem}" if label else problem)


def _scores_visible(user, enrolment: Enrolment) -> bool:
    assessment = selectors.assessment_of(enrolment)
    return assessment is not None and permissions.can_view_scores(user, assessment)


def enrolment_context(request: HttpRequest, enrolment: Enrolment, tab: str) -> dict:
    """What every page of an enrolment shows in its head and tabs."""
    user = request.user
    return {
        "enrolment": enrolment,
        "award": selectors.award_for(enrolment),
        "actions": permissions.allowed_actions(user, enrolment),
        "is_coordinator": permissions.is_coordinator(user, enrolment),
        "is_assessor": permissions.is_assessor(user, enrolment),
        "has_assessment": _scores_visible(user, enrolment),
        "tab": tab,
        "nav": NAV,
    }


def back_to(enrolment: Enrolment, anchor: str = "") -> HttpResponse:
    url = reverse("seal-detail", args=[enrolment.pk])
    return redirect(f"{url}#{anchor}" if anchor else url)


# --- Pages ----------------------------------------------------------------------------------------


@login_required
@require_GET
def enrolment_list(request: HttpRequest) -> HttpResponse:
    """The enrolments the user may see, the benchmarks waiting for them, their assessments."""
    user = request.user
    return render(
        request,
        "seal/enrolment_list.html",
        {
            "rows": selectors.enrolment_list_for_user(user),
            "to_answer": selectors.items_to_answer_for_user(user),
            "assessments": selectors.assessments_for_user(user),
            "nav": NAV,
        },
    )


@login_required
@require_GET
def enrolment_detail(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = enrolment_or_404(request.user, pk)
    return _render_detail(request, enrolment)


def _render_detail(request, enrolment, *, status=200, committee_rows=None) -> HttpResponse:
    context = enrolment_context(request, enrolment, "overview")
    coordinator = context["is_coordinator"]
    units = selectors.institution_units(enrolment) if coordinator else []
    committee = list(enrolment.committee.select_related("unit"))
    next_stage = selectors.next_stage(enrolment)
    context.update(
        {
            "track": selectors.stage_track(enrolment),
            "progress": selectors.self_assessment_progress(enrolment),
            "committee": committee,
            "committee_rows": committee_rows
            if committee_rows is not None
            else [
                {"name": m.name, "position": m.position, "unit": m.unit_id, "role": m.role}
                for m in committee
            ]
            + [{"name": "", "position": "", "unit": None, "role": CommitteeRole.MEMBER}] * 2,
            "committee_roles": CommitteeRole.choices,
            "units": units,
            "next_stage": next_stage,
            "next_stage_label": Stage(next_stage).label if next_stage else "",
            # The award comes only with the assessment's conclusion; no button moves there.
            "can_advance": coordinator
            and next_stage not in (None, Stage.AWARD, Stage.EXTERNAL_ASSESSMENT),
            "assessor_choices": forms.assessor_choices() if coordinator else [],
            "assessment": selectors.assessment_of(enrolment),
            "history": selectors.enrolment_history(enrolment),
        }
    )
    return render(request, "seal/enrolment_detail.html", context, status=status)


# --- The coordinator's steps ---------------------------------------------------------------------


@login_required
@require_POST
def engagement_save(request: HttpRequest, pk: int) -> HttpResponse:
    """The commitment letter's date, the self-assessment's due date and the committee."""
    enrolment = enrolment_or_404(request.user, pk)
    form = forms.EngagementForm(request.POST)
    units = selectors.institution_units(enrolment)
    units = [enrolment.institution, *units]
    rows, problems = forms.committee_rows(request.POST, units)
    if not form.is_valid() or problems:
        flash_form_errors(request, form)
        for problem in problems:
            messages.error(request, problem)
        return back_to(enrolment, "engagement")
    try:
        services.engagement_save(
            actor=request.user,
            enrolment=enrolment,
            commitment_signed_on=form.cleaned_data["commitment_signed_on"],
            self_assessment_due_on=form.cleaned_data["self_assessment_due_on"],
            committee=rows,
        )
    except PermissionDenied as exc:
        return forbidden(request, exc)
    except ValidationError as exc:
        flash_errors(request, exc)
        return back_to(enrolment, "engagement")
    messages.success(request, _("The engagement is saved."))
    return back_to(enrolment, "engagement")


@login_required
@require_POST
def commitment_letter_upload(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = enrolment_or_404(request.user, pk)
    upload = request.FILES.get("file")
    if upload is None:
        messages.error(request, _("Choose the commitment letter's file (PDF or image)."))
        return back_to(enrolment, "engagement")
    try:
        services.commitment_letter_attach(actor=request.user, enrolment=enrolment, upload=upload)
    except PermissionDenied as exc:
        return forbidden(request, exc)
    except ValidationError as exc:
        flash_errors(request, exc)
        return back_to(enrolment, "engagement")
    messages.success(request, _("The commitment letter is attached."))
    return back_to(enrolment, "engagement")


@login_required
@require_POST
def stage_advance(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = enrolment_or_404(request.user, pk)
    to_stage = request.POST.get("to_stage", "")
    if to_stage not in Stage.values:
        messages.error(request, _("Choose the stage to move to."))
        return back_to(enrolment, "stages")
    try:
        services.stage_advance(
            actor=request.user,
            enrolment=enrolment,
            to_stage=to_stage,
            comment=request.POST.get("comment", "")[:5000],
        )
    except PermissionDenied as exc:
        return forbidden(request, exc)
    except ValidationError as exc:
        flash_errors(request, exc)
        return back_to(enrolment, "stages")
    messages.success(
        request,
        _("The enrolment is now at the stage: %(stage)s.") % {"stage": Stage(to_stage).label},
    )
    return back_to(enrolment, "stages")


@login_required
@require_POST
def self_assessment_submit(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = enrolment_or_404(request.user, pk)
    try:
        services.self_assessment_submit(actor=request.user, enrolment=enrolment)
    except PermissionDenied as exc:
        return forbidden(request, exc)
    except ValidationError as exc:
        flash_errors(request, exc)
        return back_to(enrolment, "stages")
    messages.success(
        request,
        _("The self-assessment is submitted. Next: the action plan, then the external assessment."),
    )
    return back_to(enrolment, "stages")


@login_required
@require_POST
def assessment_start(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = enrolment_or_404(request.user, pk)
    form = forms.AssessmentStartForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return back_to(enrolment, "stages")
    try:
        with transaction.atomic():
            services.assessment_start(
                actor=request.user,
                enrolment=enrolment,
                assessors=list(form.cleaned_data["assessors"]),
            )
            enrolment.refresh_from_db()
            if enrolment.stage == Stage.ACTION_PLAN:
                services.stage_advance(
                    actor=request.user, enrolment=enrolment, to_stage=Stage.EXTERNAL_ASSESSMENT
                )
    except PermissionDenied as exc:
        return forbidden(request, exc)
    except ValidationError as exc:
        flash_errors(request, exc)
        return back_to(enrolment, "stages")
    messages.success(request, _("The external assessment has started; the assessors are told."))
    return back_to(enrolment, "stages")
