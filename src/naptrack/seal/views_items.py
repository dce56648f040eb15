"""The self-assessment: the list of benchmarks with assignment, and one benchmark's page with the
unit's answer, its evidence, the coordinator's review, the assessors' score and their requests.

Evidence files are served only by evidence_download, which asks seal.permissions.can_view_evidence;
anything the user may not read is a 404.
"""

from __future__ import annotations

import logging

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_POST, require_safe

from naptrack.reporting import evidence as evidence_files
from naptrack.reporting.services import ConflictError as ReportingConflict
from naptrack.seal import forms, permissions, selectors, services
from naptrack.seal.models import (
    Answer,
    BenchmarkScore,
    Enrolment,
    EvidenceRequest,
    ItemState,
    SealEvidence,
    SelfAssessmentItem,
)
from naptrack.seal.views import (
    enrolment_context,
    enrolment_or_404,
    flash_errors,
    flash_form_errors,
    forbidden,
)

logger = logging.getLogger(__name__)

# The seal services may raise their own conflict error; both mean "changed meanwhile".
CONFLICTS = tuple({ReportingConflict, getattr(services, "ConflictError", ReportingConflict)})
# Room for the title, description and link beside the file in a multipart body.
FORM_OVERHEAD_BYTES = 1024 * 1024


def _item_or_404(user, enrolment: Enrolment, code: str) -> SelfAssessmentItem:
    item = selectors.item_get(enrolment, code)
    if item is None or not permissions.can_view_item(user, item):
        raise Http404
    return item


def _item_url(item: SelfAssessmentItem, anchor: str = "") -> str:
    url = reverse("seal-item", args=[item.enrolment_id, item.benchmark.code])
    return f"{url}#{anchor}" if anchor else url


# --- The list --------------------------------------------------------------------------------------


@login_required
@require_GET
def item_list(request: HttpRequest, pk: int) -> HttpResponse:
    enrolment = enrolment_or_404(request.user, pk)
    return _render_list(request, enrolment)


def _render_list(request, enrolment, *, form=None, status=200) -> HttpResponse:
    user = request.user
    filters = selectors.ItemFilters.from_query(request.GET)
    context = enrolment_context(request, enrolment, "benchmarks")
    groups = selectors.item_groups(user, enrolment, filters)
    units = selectors.institution_units(enrolment)
    context.update(
        {
            "groups": groups,
            "count": sum(group.count for group in groups),
            "filters": filters,
            "units": units,
            "states": ItemState.choices,
            "dimensions": selectors.dimensions_of(enrolment),
            "can_assign": context["actions"]["assign"],
            "form": form,
            "query": request.GET.urlencode(),
        }
    )
    return render(request, "seal/item_list.html", context, status=status)


@login_required
@require_POST
def items_assign(request: HttpRequest, pk: int) -> HttpResponse:
    """Give the ticked benchmarks to a unit with a due date."""
    enrolment = enrolment_or_404(request.user, pk)
    items = {item.pk: item for item in enrolment.items.select_related("benchmark")}
    form = forms.AssignForm(
        request.POST,
        units=selectors.institution_units(enrolment),
        item_choices=[(pk_, item.benchmark.code) for pk_, item in items.items()],
    )
    back = reverse("seal-items", args=[enrolment.pk]) + _query(request)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(back)
    chosen = [items[pk_] for pk_ in form.cleaned_data["items"]]
    try:
        count = services.items_assign(
            actor=request.user,
            enrolment=enrolment,
            items=chosen,
            unit=form.cleaned_data["unit"],
            due_on=form.cleaned_data["due_on"],
        )
    except PermissionDenied as exc:
        return forbidden(request, exc)
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect(back)
    messages.success(
        request,
        _("%(count)s benchmarks are assigned to %(unit)s; its owners are told.")
        % {"count": count, "unit": form.cleaned_data["unit"].name},
    )
    return redirect(back)


def _query(request) -> str:
    query = request.POST.get("return_query", "")
    return f"?{query}" if query and "\n" not in query and len(query) < 500 else ""


# --- One benchmark -----------------------------------------------------------------------------------


@login_required
@require_GET
def item_redirect(request: HttpRequest, pk: int) -> HttpResponse:
    """A benchmark named by its item's id (the links in notifications) → its page."""
    item = SelfAssessmentItem.objects.select_related("enrolment", "benchmark").filter(pk=pk).first()
    if item is None or not permissions.can_view_item(request.user, item):
        raise Http404
    return redirect(_item_url(item))


@login_required
@require_GET
def item_detail(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    enrolment = enrolment_or_404(request.user, pk)
    item = _item_or_404(request.user, enrolment, code)
    return _render_item(request, enrolment, item)


def item_context(request, enrolment, item, **extra) -> dict:
    user = request.user
    context = enrolment_context(request, enrolment, "benchmarks")
    score = selectors.item_score(item)
    requests = selectors.item_requests(item)
    before, after = selectors.item_neighbours(item)
    context.update(
        {
            "item": item,
            "benchmark": item.benchmark,
            "evidence": selectors.item_evidence(item),
            "requests": requests,
            "score": score,
            "history": selectors.item_history(item),
            "previous_code": before,
            "next_code": after,
            "answers": Answer.choices,
            "can_answer": permissions.can_answer_item(user, item),
            "can_review": permissions.can_review_item(user, item)
            and item.state in (ItemState.ANSWERED, ItemState.REVIEWED),
            "can_add_evidence": permissions.can_add_evidence(user, item),
            "can_score": score is not None and permissions.can_score(user, score),
            "can_request": permissions.can_request_evidence(user, item),
            "show_score": score is not None and permissions.can_view_scores(user, score.assessment),
            "answerable_requests": {
                r.pk for r in requests if permissions.can_answer_request(user, r)
            },
            "closable_requests": {r.pk for r in requests if permissions.can_close_request(user, r)},
            "answer_values": {},
            "answer_errors": {},
            "score_errors": {},
            "conflict": "",
        }
    )
    context.update(extra)
    return context


def _render_item(request, enrolment, item, *, status=200, **extra) -> HttpResponse:
    return render(
        request,
        "seal/item_detail.html",
        item_context(request, enrolment, item, **extra),
        status=status,
    )


@login_required
@require_POST
def item_answer(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """The unit's answer: met, partly met, not met or not applicable (with why), and what it does."""
    enrolment = enrolment_or_404(request.user, pk)
    item = _item_or_404(request.user, enrolment, code)
    form = forms.AnswerForm(request.POST)
    values = {
        k: request.POST.get(k, "") for k in ("answer", "not_applicable_reason", "description")
    }
    if not form.is_valid():
        errors = {name: " ".join(problems) for name, problems in form.errors.items()}
        return _render_item(
            request, enrolment, item, status=400, answer_values=values, answer_errors=errors
        )
    data = form.cleaned_data
    try:
        services.item_answer(
            actor=request.user,
            item=item,
            expected_version=data["version"],
            answer=data["answer"],
            description=data["description"],
            not_applicable_reason=data["not_applicable_reason"],
        )
    except PermissionDenied as exc:
        return forbidden(request, exc)
    except CONFLICTS as exc:
        item.refresh_from_db()
        return _render_item(
            request,
            enrolment,
            item,
            status=409,
            answer_values=values,
            conflict=getattr(exc, "message", "") or str(exc),
        )
    except ValidationError as exc:
        errors = {}
        if hasattr(exc, "error_dict"):
            for name, problems in exc.message_dict.items():
                key = name if name in values else "form"
                errors[key] = " ".join([errors.get(key, ""), *problems]).strip()
        else:
            errors["form"] = " ".join(exc.messages)
        return _render_item(
            request, enrolment, item, status=400, answer_values=values, answer_errors=errors
        )
    messages.success(request, _("The answer is saved; the coordinator will review it."))
    return redirect(_item_url(item, "answer"))


@login_required
@require_POST
def item_review(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    enrolment = enrolment_or_404(request.user, pk)
    item = _item_or_404(request.user, enrolment, code)
    form = forms.ReviewForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(_item_url(item, "review"))
    accept = form.cleaned_data["decision"] == "accept"
    try:
        services.item_review(
            actor=request.user, item=item, accept=accept, feedback=form.cleaned_data["feedback"]
        )
    except PermissionDenied as exc:
        return forbidden(request, exc)
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect(_item_url(item, "review"))
    if accept:
        messages.success(request, _("The answer is accepted."))
    else:
        messages.success(request, _("The answer is sent back to the unit with your feedback."))
    return redirect(_item_url(item, "review"))


# --- Evidence ------------------------------------------------------------------------------------


def _evidence_block(request, enrolment, item, *, errors=None, values=None, notice=""):
    context = item_context(request, enrolment, item)
    context.update(
        evidence_errors=errors or {}, evidence_values=values or {}, evidence_notice=notice
    )
    return render(request, "seal/partials/evidence_block.html", context)


def _declared_length(request: HttpRequest) -> int:
    try:
        return int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return 0


@login_required
@require_POST
def evidence_upload(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """Attach a file or a link to a benchmark; htmx gets the refreshed block, a form a redirect."""
    enrolment = enrolment_or_404(request.user, pk)
    item = _item_or_404(request.user, enrolment, code)
    # An upload far over the limit is refused before its body is read.
    if _declared_length(request) > evidence_files.max_bytes() + FORM_OVERHEAD_BYTES:
        message = evidence_files.too_large_message(_declared_length(request))
        if request.htmx:
            return _evidence_block(request, enrolment, item, errors={"file": [message]})
        messages.error(request, message)
        return redirect(_item_url(item, "evidence"))
    values = {name: request.POST.get(name, "") for name in ("title", "description", "url")}
    upload = request.FILES.get("file")
    errors: dict[str, list[str]] = {}
    try:
        added = services.evidence_add(
            actor=request.user,
            item=item,
            title=values["title"],
            upload=upload,
            url=values["url"],
            description=values["description"],
        )
    except PermissionDenied as exc:
        errors = {"form": [str(exc) or _("You do not have permission to do this.")]}
    except ValidationError as exc:
        errors = _errors_by_field(exc)
    if errors:
        if upload and "file" not in errors:
            errors["file_again"] = [_("Choose the file again before sending.")]
        if request.htmx:
            return _evidence_block(request, enrolment, item, errors=errors, values=values)
        for problems in errors.values():
            for message in problems:
                messages.error(request, message)
        return redirect(_item_url(item, "evidence"))
    notice = _("“%(title)s” is attached.") % {"title": added.title}
    if request.htmx:
        return _evidence_block(request, enrolment, item, notice=notice)
    messages.success(request, notice)
    return redirect(_item_url(item, "evidence"))


def _errors_by_field(error: ValidationError) -> dict[str, list[str]]:
    fields = ("title", "description", "file", "url")
    if not hasattr(error, "error_dict"):
        return {"form": list(error.messages)}
    errors: dict[str, list[str]] = {}
    for name, problems in error.message_dict.items():
        errors.setdefault(name if name in fields else "form", []).extend(problems)
    return errors


def _evidence_or_404(user, pk: int) -> SealEvidence:
    evidence = (
        SealEvidence.objects.select_related(
            "item__enrolment__institution", "item__benchmark", "request"
        )
        .filter(pk=pk)
        .first()
    )
    if evidence is None or not permissions.can_view_evidence(user, evidence):
        raise Http404
    return evidence


@login_required
@require_safe
def evidence_download(request: HttpRequest, pk: int) -> HttpResponse:
    """The file as an attachment that never runs, or a redirect to the link."""
    evidence = _evidence_or_404(request.user, pk)
    if evidence.url:
        if not evidence_files.is_web_address(evidence.url):
            raise Http404
        response = HttpResponseRedirect(evidence.url)
        response["Referrer-Policy"] = "no-referrer"
        response["Cache-Control"] = "private, no-store"
        return response
    if not evidence.file:
        raise Http404
    storage, name = evidence.file.storage, evidence.file.name
    try:
        if not storage.exists(name):
            raise FileNotFoundError(name)
        handle = storage.open(name, "rb")
    except OSError:
        logger.warning("Seal evidence %s: stored file %s is missing", evidence.pk, name)
        raise Http404 from None
    content_type = (
        evidence.content_type
        if evidence.content_type in evidence_files.ACCEPTED_TYPES
        else "application/octet-stream"
    )
    response = FileResponse(
        handle,
        as_attachment=True,
        filename=evidence_files.display_name(evidence.original_name, evidence.content_type),
        content_type=content_type,
    )
    response["X-Content-Type-Options"] = "nosniff"
    response["Content-Security-Policy"] = "sandbox"
    response["Cache-Control"] = "private, no-store"
    response["Cross-Origin-Resource-Policy"] = "same-origin"
    return response


@login_required
@require_POST
def evidence_remove(request: HttpRequest, pk: int) -> HttpResponse:
    evidence = _evidence_or_404(request.user, pk)
    item, title = evidence.item, evidence.title
    enrolment = item.enrolment
    letter = permissions.is_commitment_letter(evidence)
    try:
        services.evidence_remove(actor=request.user, evidence=evidence)
    except PermissionDenied as exc:
        if request.htmx and not letter:
            return _evidence_block(request, enrolment, item, errors={"form": [str(exc)]})
        return forbidden(request, exc)
    notice = _("“%(title)s” is removed.") % {"title": title}
    if letter:
        messages.success(request, notice)
        return redirect(reverse("seal-detail", args=[enrolment.pk]) + "#engagement")
    if request.htmx:
        item.refresh_from_db()
        return _evidence_block(request, enrolment, item, notice=notice)
    messages.success(request, notice)
    return redirect(_item_url(item, "evidence"))


# --- The assessors on one benchmark ----------------------------------------------------------------


@login_required
@require_POST
def score_save(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    """The assessors' result and comment on a benchmark; from the benchmark's page or the
    assessment sheet (htmx, answered with the sheet's row)."""
    enrolment = enrolment_or_404(request.user, pk)
    item = _item_or_404(request.user, enrolment, code)
    score = (
        BenchmarkScore.objects.filter(
            assessment__enrolment=enrolment, benchmark_id=item.benchmark_id
        )
        .select_related("assessment", "scored_by")
        .first()
    )
    if score is None or not permissions.is_assessor(request.user, enrolment):
        raise Http404
    form = forms.ScoreForm(request.POST)
    error = ""
    if form.is_valid():
        try:
            score = services.score_set(
                actor=request.user,
                score=score,
                expected_version=form.cleaned_data["version"],
                result=form.cleaned_data["result"],
                comment=form.cleaned_data["comment"],
            )
        except PermissionDenied as exc:
            return forbidden(request, exc)
        except CONFLICTS as exc:
            error = getattr(exc, "message", "") or str(exc)
            score.refresh_from_db()
        except ValidationError as exc:
            error = " ".join(exc.messages)
    else:
        error = " ".join(" ".join(p) for p in form.errors.values())
    if request.POST.get("from") == "sheet":
        if request.htmx:
            from naptrack.seal.views_assessment import score_row

            return score_row(request, enrolment, item, error=error)
        if error:
            messages.error(request, f"{item.benchmark.code}: {error}")
        return redirect(reverse("seal-assessment", args=[enrolment.pk]) + f"#b-{item.pk}")
    if error:
        messages.error(request, error)
    else:
        messages.success(request, _("The score is saved."))
    return redirect(_item_url(item, "assessors"))


@login_required
@require_POST
def request_create(request: HttpRequest, pk: int, code: str) -> HttpResponse:
    enrolment = enrolment_or_404(request.user, pk)
    item = _item_or_404(request.user, enrolment, code)
    form = forms.EvidenceRequestForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(_item_url(item, "requests"))
    try:
        services.evidence_request_create(
            actor=request.user, item=item, message=form.cleaned_data["message"]
        )
    except PermissionDenied as exc:
        return forbidden(request, exc)
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect(_item_url(item, "requests"))
    messages.success(request, _("The request is sent; the owning unit is told."))
    return redirect(_item_url(item, "requests"))


def _request_or_404(user, pk: int) -> EvidenceRequest:
    found = (
        EvidenceRequest.objects.select_related("item__enrolment", "item__benchmark")
        .filter(pk=pk)
        .first()
    )
    if found is None or not permissions.can_view_item(user, found.item):
        raise Http404
    return found


@login_required
@require_POST
def request_answer(request: HttpRequest, pk: int) -> HttpResponse:
    """The unit answers the assessors, with a file or a link when it has one."""
    evidence_request = _request_or_404(request.user, pk)
    item = evidence_request.item
    form = forms.RequestAnswerForm(request.POST)
    if not form.is_valid():
        flash_form_errors(request, form)
        return redirect(_item_url(item, f"request-{evidence_request.pk}"))
    upload = request.FILES.get("file")
    data = form.cleaned_data
    try:
        with transaction.atomic():
            if upload is not None or data["url"]:
                services.evidence_add(
                    actor=request.user,
                    item=item,
                    title=data["title"] or (upload.name if upload else data["url"])[:300],
                    upload=upload,
                    url=data["url"],
                    request=evidence_request,
                )
            services.evidence_request_answer(
                actor=request.user, request=evidence_request, response=data["response"]
            )
    except PermissionDenied as exc:
        return forbidden(request, exc)
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect(_item_url(item, f"request-{evidence_request.pk}"))
    messages.success(request, _("Your answer is sent to the assessors."))
    return redirect(_item_url(item, f"request-{evidence_request.pk}"))


@login_required
@require_POST
def request_close(request: HttpRequest, pk: int) -> HttpResponse:
    evidence_request = _request_or_404(request.user, pk)
    item = evidence_request.item
    try:
        services.evidence_request_close(actor=request.user, request=evidence_request)
    except PermissionDenied as exc:
        return forbidden(request, exc)
    except ValidationError as exc:
        flash_errors(request, exc)
        return redirect(_item_url(item, f"request-{evidence_request.pk}"))
    messages.success(request, _("The request is closed."))
    return redirect(_item_url(item, f"request-{evidence_request.pk}"))
