"""The Seal API under /api/v1/seal/: programmes, enrolments, their benchmarks, evidence, the
external assessment and the action plan, read and written through the Seal's services.

Reads are GETs, and every write is a POST to an action that names it, which calls the same service
as the web pages (checking permission, validating, recording the enrolment's history). What the
caller may not see answers 404 on every endpoint — another institution's enrolment, a benchmark of
another unit, a self-assessment an assessor is not yet given — never 403, so that nothing of it can
be counted. 403 means: you see it, but may not do this (an assessor changing an answer). A save
based on an old version answers 409 with both versions.
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db.models import Count, Prefetch, QuerySet
from django.http import Http404
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.response import Response

from naptrack.api.errors import ErrorSerializer
from naptrack.api.reporting import (
    _ID,
    ERROR_415,
    FORM_OVERHEAD_BYTES,
    InvalidBody,
    ReportingViewSet,
)
from naptrack.api.serializers_reporting import ConflictSerializer, WriteErrorSerializer
from naptrack.api.views import ERROR_400
from naptrack.organizations.models import Organization
from naptrack.organizations.permissions import is_platform_admin
from naptrack.seal import permissions, services
from naptrack.seal import serializers as s
from naptrack.seal.models import (
    Action,
    Assessment,
    Benchmark,
    BenchmarkScore,
    Enrolment,
    EvidenceRequest,
    Programme,
    SealDimension,
    SealEvidence,
    SelfAssessmentItem,
    Standard,
)

# --- Documented answers ---------------------------------------------------------------------------

ERROR_403 = OpenApiResponse(
    ErrorSerializer,
    description="Not signed in, or you may see it but not do this now (your role, its stage).",
)
ERROR_404 = OpenApiResponse(
    ErrorSerializer,
    description="No such record, or one you may not see: another institution's enrolment, "
    "another unit's benchmark, a self-assessment not yet submitted to its assessors. Always 404, "
    "never 403.",
)
WRITE_400 = OpenApiResponse(
    WriteErrorSerializer,
    description="The body is not valid, or the Seal's rules refused it; the messages are given "
    "by field.",
)
ERROR_409 = OpenApiResponse(
    ConflictSerializer,
    description="Someone saved after you read it: nothing was saved; both versions are given.",
)


def _read_schema(response, summary: str, description: str = "", *, detail=True, params=None):
    responses = {200: response, 400: ERROR_400, 403: ERROR_403}
    if detail:
        responses[404] = ERROR_404
    parameters = [_ID] if detail else []
    if params is not None:
        parameters.append(params)
    return extend_schema(
        summary=summary, description=description, parameters=parameters, responses=responses
    )


def _write_schema(
    request, response, summary: str, description: str = "", *, created=False, conflict=False
):
    responses = {
        (201 if created else 200): response,
        400: WRITE_400,
        403: ERROR_403,
        404: ERROR_404,
        415: ERROR_415,
    }
    if conflict:
        responses[409] = ERROR_409
    return extend_schema(
        summary=summary,
        description=description,
        parameters=[_ID],
        request=request,
        responses=responses,
    )


# --- Reads ----------------------------------------------------------------------------------------


def progress_counts(enrolment_ids: list[int]) -> dict[int, dict]:
    """Benchmarks of each enrolment: total, by state, and how many have no unit yet."""
    counts: dict[int, dict] = {
        pk: {"total": 0, "states": {}, "unassigned": 0} for pk in enrolment_ids
    }
    rows = (
        SelfAssessmentItem.objects.filter(enrolment_id__in=enrolment_ids)
        .order_by()
        .values_list("enrolment_id", "state", "unit_id")
    )
    for enrolment_id, state, unit_id in rows:
        entry = counts[enrolment_id]
        entry["total"] += 1
        entry["states"][state] = entry["states"].get(state, 0) + 1
        if unit_id is None:
            entry["unassigned"] += 1
    return counts


def _items() -> QuerySet[SelfAssessmentItem]:
    return SelfAssessmentItem.objects.select_related(
        "enrolment", "benchmark__standard__dimension", "unit", "answered_by"
    ).annotate(evidence_count=Count("evidence", distinct=True))


def _programmes_for(user) -> QuerySet[Programme]:
    """Published programmes, those of enrolments the user sees, and all for administrators."""
    programmes = Programme.objects.annotate(benchmark_count=Count("benchmarks", distinct=True))
    if is_platform_admin(user):
        return programmes.order_by("code", "-version")
    enrolled = permissions.visible_enrolments(user).values("programme_id")
    return (
        (programmes.filter(is_published=True) | programmes.filter(pk__in=enrolled))
        .distinct()
        .order_by("code", "-version")
    )


def scores_visible(user, enrolment: Enrolment, assessment: Assessment | None) -> bool:
    return assessment is not None and permissions.can_view_scores(user, assessment)


# --- Views ----------------------------------------------------------------------------------------


class SealViewSet(ReportingViewSet):
    # Signed in; GET reads, POST writes; ids in the address; the reporting API's error answers.

    def enrolment(self, id) -> Enrolment:
        enrolments = permissions.visible_enrolments(self.request.user).select_related(
            "institution", "programme"
        )
        return self.get_by_id_or_404(enrolments, id)

    def item(self, id) -> SelfAssessmentItem:
        item = self.get_by_id_or_404(
            _items().filter(enrolment__in=permissions.visible_enrolments(self.request.user)), id
        )
        if not permissions.can_view_item(self.request.user, item):
            raise Http404
        return item

    def answer_item(self, item: SelfAssessmentItem) -> Response:
        user = self.request.user
        item = (
            _items()
            .prefetch_related(
                Prefetch("evidence", SealEvidence.objects.select_related("uploaded_by")),
                Prefetch(
                    "evidence_requests",
                    EvidenceRequest.objects.select_related("requested_by", "responded_by"),
                ),
            )
            .get(pk=item.pk)
        )
        if not permissions.can_view_item(user, item):
            raise Http404
        assessment = Assessment.objects.filter(enrolment_id=item.enrolment_id).first()
        score = None
        if scores_visible(user, item.enrolment, assessment):
            score = (
                BenchmarkScore.objects.select_related("benchmark", "scored_by")
                .filter(assessment=assessment, benchmark_id=item.benchmark_id)
                .first()
            )
        return Response(s.SealItemDetailSerializer(item, context=self.context(score=score)).data)

    def answer_enrolment(self, enrolment: Enrolment) -> Response:
        user = self.request.user
        enrolment = (
            Enrolment.objects.select_related("institution", "programme", "award")
            .prefetch_related("events__actor", "committee__unit")
            .get(pk=enrolment.pk)
        )
        assessment = (
            Assessment.objects.filter(enrolment=enrolment).prefetch_related("assessors").first()
        )
        if assessment is not None and not permissions.can_view_assessment(user, assessment):
            assessment = None
        context = self.context(
            progress=progress_counts([enrolment.pk]),
            assessment=assessment,
            allowed_actions=permissions.allowed_actions(user, enrolment),
        )
        return Response(s.SealEnrolmentDetailSerializer(enrolment, context=context).data)

    def unit(self, code, enrolment: Enrolment, field: str = "unit") -> Organization | None:
        if not code:
            return None
        unit = Organization.objects.filter(code=code).first()
        if unit is None or not permissions.is_unit_of(unit, enrolment.institution_id):
            raise InvalidBody(
                {field: [_("No unit of this institution has the code %(code)s.") % {"code": code}]}
            )
        return unit


@extend_schema(tags=["seal"])
class ProgrammeViewSet(SealViewSet):
    """Seal programmes: dimensions, standards and benchmarks, with the award thresholds."""

    http_method_names = ["get", "head"]

    @_read_schema(
        s.SealProgrammeSerializer(many=True),
        "List the Seal programmes",
        "Published programmes, and those of enrolments you may see.",
        detail=False,
        params=s.SealProgrammeFilters,
    )
    def list(self, request):
        params = self.params(s.SealProgrammeFilters)
        programmes = _programmes_for(request.user)
        if params.get("code"):
            programmes = programmes.filter(code=params["code"])
        return self.page(programmes, s.SealProgrammeSerializer)

    @_read_schema(
        s.SealProgrammeDetailSerializer,
        "Get a programme with its dimensions, standards and benchmarks",
    )
    def retrieve(self, request, id: str):
        programme = self.get_by_id_or_404(_programmes_for(request.user), id)
        benchmarks = Benchmark.objects.order_by("sort_order", "code")
        standards = Standard.objects.prefetch_related(Prefetch("benchmarks", benchmarks))
        dimensions = SealDimension.objects.prefetch_related(Prefetch("standards", standards))
        programme = (
            _programmes_for(request.user)
            .prefetch_related(Prefetch("dimensions", dimensions))
            .get(pk=programme.pk)
        )
        return self.one(programme, s.SealProgrammeDetailSerializer)


@extend_schema(tags=["seal"])
class EnrolmentViewSet(SealViewSet):
    """Institutions' enrolments in the Seal, cycle by cycle, and what is done on them."""

    @_read_schema(
        s.SealEnrolmentSerializer(many=True),
        "List the Seal enrolments you may see",
        "Your institution's (or the institution above your unit), and those you assess.",
        detail=False,
        params=s.SealEnrolmentFilters,
    )
    def list(self, request):
        params = self.params(s.SealEnrolmentFilters)
        enrolments = permissions.visible_enrolments(request.user).select_related(
            "institution", "programme", "award"
        )
        if params.get("institution"):
            enrolments = enrolments.filter(institution__code=params["institution"])
        if params.get("stage"):
            enrolments = enrolments.filter(stage=params["stage"])
        enrolments = enrolments.order_by("institution__code", "-cycle", "pk")
        page = self.paginate_queryset(enrolments)
        context = self.context(progress=progress_counts([e.pk for e in page]))
        return self.get_paginated_response(
            s.SealEnrolmentSerializer(page, many=True, context=context).data
        )

    @_read_schema(
        s.SealEnrolmentDetailSerializer,
        "Get an enrolment with its stage, history, progress, assessment and award",
    )
    def retrieve(self, request, id: str):
        return self.answer_enrolment(self.enrolment(id))

    @_read_schema(
        s.SealItemSerializer(many=True),
        "List the enrolment's benchmarks (self-assessment items)",
        "All of them for the institution; a unit's members see their unit's; the assessors see "
        "them once the self-assessment is submitted.",
        params=s.SealItemFilters,
    )
    @action(detail=True, methods=["get"])
    def items(self, request, id: str):
        enrolment = self.enrolment(id)
        params = self.params(s.SealItemFilters)
        ids = permissions.visible_items(request.user, enrolment).values("pk")
        items = _items().filter(pk__in=ids)
        if params.get("unit"):
            items = items.filter(unit__code=params["unit"])
        if params.get("state"):
            items = items.filter(state=params["state"])
        items = items.order_by("benchmark__sort_order", "benchmark__code", "pk")
        return self.page(items, s.SealItemSerializer)

    @_read_schema(
        s.SealScoreSerializer(many=True),
        "List the assessors' scores",
        "For the assessors while they assess, for the institution once the assessment is "
        "concluded; an empty list otherwise.",
    )
    @action(detail=True, methods=["get"])
    def scores(self, request, id: str):
        enrolment = self.enrolment(id)
        assessment = Assessment.objects.filter(enrolment=enrolment).first()
        scores = BenchmarkScore.objects.none()
        if scores_visible(request.user, enrolment, assessment):
            scores = (
                BenchmarkScore.objects.filter(assessment=assessment)
                .select_related("benchmark", "scored_by")
                .order_by("benchmark__sort_order", "benchmark__code")
            )
        return self.page(scores, s.SealScoreSerializer)

    @_read_schema(s.SealActionSerializer(many=True), "List the actions of the improvement plan")
    @action(detail=True, methods=["get"], url_path="actions", url_name="actions")
    def action_plan(self, request, id: str):
        enrolment = self.enrolment(id)
        actions = (
            Action.objects.filter(enrolment=enrolment)
            .select_related("unit")
            .prefetch_related("benchmarks", "updates__reported_by")
            .order_by("due_on", "pk")
        )
        return self.page(actions, s.SealActionSerializer)

    # --- Writes ---

    @_write_schema(
        s.SealAssignInputSerializer,
        s.SealEnrolmentDetailSerializer,
        "Assign benchmarks to a unit with a due date",
        "By the institution's coordinators, until the self-assessment is submitted; the unit's "
        "owners are told once.",
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def assign(self, request, id: str):
        enrolment = self.enrolment(id)
        data = self.body(s.SealAssignInputSerializer)
        unit = self.unit(data["unit"], enrolment)
        items = list(SelfAssessmentItem.objects.filter(enrolment=enrolment, pk__in=data["items"]))
        if len(items) != len(set(data["items"])):
            raise InvalidBody({"items": [_("Some benchmarks are not part of this enrolment.")]})
        services.items_assign(
            actor=request.user,
            enrolment=enrolment,
            items=items,
            unit=unit,
            due_on=data.get("due_on"),
        )
        return self.answer_enrolment(enrolment)

    @_write_schema(
        None,
        s.SealEnrolmentDetailSerializer,
        "Submit the whole self-assessment",
        "By the institution's coordinators once every benchmark is answered (none still to "
        "answer or sent back); the answers are then fixed and the stage becomes the action plan. "
        "Refused with every open benchmark listed under `errors.items`.",
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def submit(self, request, id: str):
        enrolment = self.enrolment(id)
        services.self_assessment_submit(actor=request.user, enrolment=enrolment)
        return self.answer_enrolment(enrolment)

    @_write_schema(
        s.SealAdvanceInputSerializer,
        s.SealEnrolmentDetailSerializer,
        "Move the enrolment on to the next stage",
        "Only one step forward, once that stage's conditions are met (the award comes only "
        "from concluding the assessment).",
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def advance(self, request, id: str):
        enrolment = self.enrolment(id)
        data = self.body(s.SealAdvanceInputSerializer)
        services.stage_advance(
            actor=request.user,
            enrolment=enrolment,
            to_stage=data["to_stage"],
            comment=data.get("comment", ""),
        )
        return self.answer_enrolment(enrolment)

    @_write_schema(
        s.SealAssessmentStartInputSerializer,
        s.SealEnrolmentDetailSerializer,
        "Start the external assessment with its assessors",
        "By the institution's coordinators once the self-assessment is submitted; each assessor "
        "holds the assessor role and works outside the institution. Sent again while the "
        "assessment runs, it changes the list of assessors.",
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def assessment(self, request, id: str):
        enrolment = self.enrolment(id)
        data = self.body(s.SealAssessmentStartInputSerializer)
        names = list(dict.fromkeys(data["assessors"]))
        users = list(get_user_model().objects.filter(username__in=names, is_active=True))
        unknown = sorted(set(names) - {u.get_username() for u in users})
        if unknown:
            raise InvalidBody(
                {"assessors": [_("No such user: %(names)s.") % {"names": ", ".join(unknown)}]}
            )
        services.assessment_start(actor=request.user, enrolment=enrolment, assessors=users)
        return self.answer_enrolment(enrolment)

    @_write_schema(
        s.SealConcludeInputSerializer,
        s.SealConcludedSerializer,
        "Conclude the external assessment",
        "By a listed assessor once every benchmark is scored and no request for more evidence "
        "waits. Returns the compliance, the level and the award (null when no level is reached).",
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def conclude(self, request, id: str):
        enrolment = self.enrolment(id)
        assessment = Assessment.objects.filter(enrolment=enrolment).first()
        if assessment is None:
            raise InvalidBody(
                {"non_field_errors": [_("The external assessment has not started yet.")]}
            )
        data = self.body(s.SealConcludeInputSerializer)
        award = services.assessment_conclude(
            actor=request.user, assessment=assessment, conclusion=data.get("conclusion", "")
        )
        assessment.refresh_from_db()
        body = {
            "assessment": s.SealAssessmentSerializer(assessment, context=self.context()).data,
            "award": s.SealAwardSerializer(award, context=self.context()).data if award else None,
        }
        return Response(body)

    @_write_schema(
        s.SealActionInputSerializer,
        s.SealActionSerializer,
        "Add an action to the improvement plan",
        "By the institution's coordinators; benchmarks are named by their codes.",
        created=True,
    )
    @action(detail=True, methods=["post"], url_path="add-action", parser_classes=[JSONParser])
    def add_action(self, request, id: str):
        enrolment = self.enrolment(id)
        data = self.body(s.SealActionInputSerializer)
        created = services.action_save(
            actor=request.user, enrolment=enrolment, **_action_fields(self, data, enrolment)
        )
        return Response(
            s.SealActionSerializer(_action(created.pk), context=self.context()).data,
            status=status.HTTP_201_CREATED,
        )


def _action(pk: int) -> Action:
    return (
        Action.objects.select_related("unit")
        .prefetch_related("benchmarks", "updates__reported_by")
        .get(pk=pk)
    )


def _action_fields(view: SealViewSet, data: dict, enrolment: Enrolment) -> dict:
    codes = list(dict.fromkeys(data.get("benchmarks") or []))
    benchmarks = list(Benchmark.objects.filter(programme_id=enrolment.programme_id, code__in=codes))
    unknown = sorted(set(codes) - {b.code for b in benchmarks})
    if unknown:
        raise InvalidBody(
            {
                "benchmarks": [
                    _("The programme has no benchmark %(codes)s.") % {"codes": ", ".join(unknown)}
                ]
            }
        )
    return {
        "title": data["title"],
        "description": data.get("description", ""),
        "unit": view.unit(data.get("unit"), enrolment),
        "due_on": data.get("due_on"),
        "status": data.get("status") or "planned",
        "progress": data.get("progress", 0),
        "benchmarks": benchmarks,
    }


@extend_schema(tags=["seal"])
class ItemViewSet(SealViewSet):
    """One benchmark of an enrolment: the unit's answer, its evidence, the assessors' requests."""

    @_read_schema(
        s.SealItemDetailSerializer,
        "Get a benchmark of an enrolment with its answer, evidence and requests",
    )
    def retrieve(self, request, id: str):
        return self.answer_item(self.item(id))

    @_write_schema(
        s.SealAnswerInputSerializer,
        s.SealItemDetailSerializer,
        "Answer the benchmark",
        "By the owners of the benchmark's unit (or the institution's coordinators) until the "
        "self-assessment is submitted. not_applicable needs a reason.",
        conflict=True,
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def answer(self, request, id: str):
        item = self.item(id)
        data = self.body(s.SealAnswerInputSerializer)
        services.item_answer(
            actor=request.user,
            item=item,
            expected_version=data["expected_version"],
            answer=data["answer"],
            description=data.get("description", ""),
            not_applicable_reason=data.get("not_applicable_reason", ""),
        )
        return self.answer_item(item)

    @_write_schema(
        s.SealReviewInputSerializer,
        s.SealItemDetailSerializer,
        "Accept the answer or send it back to the unit",
        "By the institution's coordinators; sending back needs feedback and tells the unit.",
        conflict=True,
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def review(self, request, id: str):
        item = self.item(id)
        data = self.body(s.SealReviewInputSerializer)
        services.item_review(
            actor=request.user,
            item=item,
            accept=data["accept"],
            feedback=data.get("feedback", ""),
            expected_version=data.get("expected_version"),
        )
        return self.answer_item(item)

    @extend_schema(
        summary="Attach a file or a link as evidence",
        description="multipart/form-data with a file, or a url. The type is read from the "
        "content, never the name. With `request`, the evidence answers the assessors' request.",
        parameters=[_ID],
        request={
            "multipart/form-data": s.SealEvidenceUploadSerializer,
            "application/x-www-form-urlencoded": s.SealEvidenceUploadSerializer,
        },
        responses={
            201: s.SealEvidenceSerializer,
            400: WRITE_400,
            403: ERROR_403,
            404: ERROR_404,
            415: ERROR_415,
        },
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def evidence(self, request, id: str):
        from naptrack.reporting import evidence as evidence_files

        item = self.item(id)
        declared = request.META.get("CONTENT_LENGTH") or "0"
        if declared.isdigit() and int(declared) > evidence_files.max_bytes() + FORM_OVERHEAD_BYTES:
            message = _("The file is too large: the limit is %(limit)s MB.") % {
                "limit": settings.NAPTRACK_EVIDENCE_MAX_MB
            }
            raise InvalidBody({"file": [message]})
        data = self.body(s.SealEvidenceUploadSerializer)
        evidence_request = None
        if data.get("request"):
            evidence_request = EvidenceRequest.objects.filter(pk=data["request"], item=item).first()
            if evidence_request is None:
                raise InvalidBody({"request": [_("This request is not about this benchmark.")]})
        added = services.evidence_add(
            actor=request.user,
            item=item,
            title=data["title"],
            description=data.get("description", ""),
            upload=data.get("file"),
            url=data.get("url", ""),
            request=evidence_request,
        )
        return Response(
            s.SealEvidenceSerializer(added, context=self.context()).data,
            status=status.HTTP_201_CREATED,
        )

    @_write_schema(
        s.SealRequestCreateInputSerializer,
        s.SealEvidenceRequestSerializer,
        "Ask the unit for more evidence",
        "By a listed assessor while the assessment runs; the unit's owners are told.",
        created=True,
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="evidence-requests",
        url_name="evidence-requests",
        parser_classes=[JSONParser],
    )
    def evidence_requests(self, request, id: str):
        item = self.item(id)
        data = self.body(s.SealRequestCreateInputSerializer)
        created = services.evidence_request_create(
            actor=request.user, item=item, message=data["message"]
        )
        return Response(
            s.SealEvidenceRequestSerializer(created, context=self.context()).data,
            status=status.HTTP_201_CREATED,
        )


@extend_schema(tags=["seal"])
class SealEvidenceViewSet(SealViewSet):
    """Evidence files and links of the benchmarks you may see."""

    def evidence(self, id) -> SealEvidence:
        visible = permissions.visible_enrolments(self.request.user)
        found = self.get_by_id_or_404(
            SealEvidence.objects.filter(item__enrolment__in=visible).select_related(
                "item__enrolment", "request"
            ),
            id,
        )
        if not permissions.can_view_evidence(self.request.user, found):
            raise Http404
        return found

    @extend_schema(
        summary="Download an evidence file",
        parameters=[_ID],
        responses={
            (200, "application/octet-stream"): OpenApiResponse(
                description="The file, as an attachment."
            ),
            302: OpenApiResponse(description="A link given as evidence: redirect to it."),
            400: ERROR_400,
            403: ERROR_403,
            404: ERROR_404,
        },
    )
    @action(detail=True, methods=["get"], url_path="download")
    def download(self, request, id: str):
        from naptrack.reporting.views_evidence import evidence_response

        return evidence_response(self.evidence(id))

    @_write_schema(
        None,
        s.SealItemDetailSerializer,
        "Remove evidence",
        "By the owners of the benchmark's unit until the self-assessment is submitted (evidence "
        "answering a request: while the request is open). Answers the benchmark as it is now.",
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def remove(self, request, id: str):
        evidence = self.evidence(id)
        item = evidence.item
        services.evidence_remove(actor=request.user, evidence=evidence)
        return self.answer_item(item)


@extend_schema(tags=["seal"])
class EvidenceRequestViewSet(SealViewSet):
    """The assessors' requests for more evidence, answered by the units."""

    def evidence_request(self, id) -> EvidenceRequest:
        visible = permissions.visible_enrolments(self.request.user)
        found = self.get_by_id_or_404(
            EvidenceRequest.objects.filter(item__enrolment__in=visible).select_related(
                "item__enrolment", "requested_by", "responded_by"
            ),
            id,
        )
        if not permissions.can_view_item(self.request.user, found.item):
            raise Http404
        return found

    def answer_request(self, pk: int) -> Response:
        found = EvidenceRequest.objects.select_related("requested_by", "responded_by").get(pk=pk)
        return Response(s.SealEvidenceRequestSerializer(found, context=self.context()).data)

    @_write_schema(
        s.SealRequestAnswerInputSerializer,
        s.SealEvidenceRequestSerializer,
        "Answer the assessors' request",
        "By the owners of the benchmark's unit (or the coordinators) while it is open; attach "
        "evidence first with the request's id. The assessors are told.",
    )
    @action(detail=True, methods=["post"], url_path="answer", parser_classes=[JSONParser])
    def respond(self, request, id: str):
        found = self.evidence_request(id)
        data = self.body(s.SealRequestAnswerInputSerializer)
        services.evidence_request_answer(
            actor=request.user, request=found, response=data.get("response", "")
        )
        return self.answer_request(found.pk)

    @_write_schema(
        None, s.SealEvidenceRequestSerializer, "Close the request", "By a listed assessor."
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def close(self, request, id: str):
        found = self.evidence_request(id)
        services.evidence_request_close(actor=request.user, request=found)
        return self.answer_request(found.pk)


@extend_schema(tags=["seal"])
class ScoreViewSet(SealViewSet):
    """The assessors' result for one benchmark."""

    @_write_schema(
        s.SealScoreInputSerializer,
        s.SealScoreSerializer,
        "Score a benchmark",
        "By a listed assessor while the assessment runs.",
        conflict=True,
    )
    @action(detail=True, methods=["post"], url_path="save", parser_classes=[JSONParser])
    def save(self, request, id: str):
        user = request.user
        score = self.get_by_id_or_404(
            BenchmarkScore.objects.filter(
                assessment__enrolment__in=permissions.visible_enrolments(user)
            ).select_related("assessment__enrolment", "benchmark"),
            id,
        )
        if not scores_visible(user, score.assessment.enrolment, score.assessment):
            raise Http404
        data = self.body(s.SealScoreInputSerializer)
        saved = services.score_set(
            actor=user,
            score=score,
            expected_version=data["expected_version"],
            result=data["result"],
            comment=data.get("comment", ""),
        )
        saved = BenchmarkScore.objects.select_related("benchmark", "scored_by").get(pk=saved.pk)
        return self.one(saved, s.SealScoreSerializer)


@extend_schema(tags=["seal"])
class ActionViewSet(SealViewSet):
    """Actions of an institution's improvement plan, and progress reports on them."""

    def plan_action(self, id) -> Action:
        visible = permissions.visible_enrolments(self.request.user)
        return self.get_by_id_or_404(
            Action.objects.filter(enrolment__in=visible).select_related("enrolment"), id
        )

    @_read_schema(s.SealActionSerializer, "Get an action of the improvement plan")
    def retrieve(self, request, id: str):
        return self.one(_action(self.plan_action(id).pk), s.SealActionSerializer)

    @_write_schema(
        s.SealActionSaveInputSerializer,
        s.SealActionSerializer,
        "Change an action",
        "By the institution's coordinators; every field is replaced.",
        conflict=True,
    )
    @action(detail=True, methods=["post"], url_path="save", parser_classes=[JSONParser])
    def save(self, request, id: str):
        found = self.plan_action(id)
        data = self.body(s.SealActionSaveInputSerializer)
        services.action_save(
            actor=request.user,
            enrolment=found.enrolment,
            action=found,
            expected_version=data["expected_version"],
            **_action_fields(self, data, found.enrolment),
        )
        return self.one(_action(found.pk), s.SealActionSerializer)

    @_write_schema(
        s.SealActionReportInputSerializer,
        s.SealActionSerializer,
        "Report progress on an action",
        "By the institution's coordinators or the action's unit.",
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def report(self, request, id: str):
        found = self.plan_action(id)
        data = self.body(s.SealActionReportInputSerializer)
        services.action_report(
            actor=request.user,
            action=found,
            progress=data["progress"],
            status=data["status"],
            note=data.get("note", ""),
            reported_on=data.get("reported_on"),
        )
        return self.one(_action(found.pk), s.SealActionSerializer)
