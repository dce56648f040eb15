"""The reporting API: rounds and agency reports, read and written through the reporting services.

Every write goes through the same service as the web pages (line_save, report_submit …), which
checks permission, validates and records history. A report the caller may not read answers 404
on every endpoint, never 403, so that another agency's drafts cannot even be counted.
"""

from __future__ import annotations

from django.conf import settings
from django.core.exceptions import NON_FIELD_ERRORS
from django.core.exceptions import ValidationError as DjangoValidationError
from django.db.models import Count, Prefetch, Q, QuerySet
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework import status
from rest_framework.decorators import action
from rest_framework.exceptions import APIException
from rest_framework.parsers import FormParser, JSONParser, MultiPartParser
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from naptrack.api import serializers_reporting as s
from naptrack.api.errors import ErrorSerializer, api_exception_handler
from naptrack.api.filters import MAX_ID
from naptrack.api.views import ERROR_400, ApiViewSet
from naptrack.organizations.models import Role
from naptrack.organizations.permissions import is_platform_admin, organization_ids_for
from naptrack.reporting import evidence as evidence_files
from naptrack.reporting import permissions, services
from naptrack.reporting.models import Evidence, Report, ReportLine, Value

# Room for the other fields and the multipart boundaries beside the file itself.
FORM_OVERHEAD_BYTES = 256 * 1024

# --- Errors ---------------------------------------------------------------------------------------


class InvalidBody(APIException):
    """A request body of the wrong shape, with the messages by field path."""

    status_code = status.HTTP_400_BAD_REQUEST

    def __init__(self, errors: dict[str, list[str]]):
        super().__init__(_("Some fields are not valid."))
        self.errors = errors


def _flatten(detail, prefix: str = "") -> dict[str, list[str]]:
    """DRF's nested error structure as {"figures.0.value": [messages]}."""
    if isinstance(detail, dict):
        items = detail.items()
    elif isinstance(detail, list) and any(isinstance(d, (dict, list)) for d in detail):
        items = enumerate(detail)
    else:
        messages = detail if isinstance(detail, list) else [detail]
        return {prefix or "non_field_errors": [str(m) for m in messages]}
    flat: dict[str, list[str]] = {}
    for key, value in items:
        flat.update(_flatten(value, f"{prefix}.{key}" if prefix else str(key)))
    return flat


def _line_codes(line_ids) -> dict[int, str]:
    return dict(
        ReportLine.objects.filter(pk__in=[i for i in line_ids if i]).values_list(
            "pk", "indicator__code"
        )
    )


def reporting_exception_handler(exc, context):
    """The answers of the reporting services' refusals, then the API's usual ones."""
    if isinstance(exc, InvalidBody):
        return Response({"detail": exc.detail, "errors": exc.errors}, status=400)
    if isinstance(exc, services.ConflictError):
        body = {
            "detail": exc.message,
            "current": exc.current,
            "attempted": exc.attempted,
            "changed_by": exc.changed_by,
        }
        return Response(body, status=409)
    if isinstance(exc, services.SubmissionRefused):
        codes = _line_codes(p.line_id for p in exc.problems)
        problems = [
            {
                "line": p.line_id,
                "indicator": codes.get(p.line_id),
                "field": p.field,
                "message": str(p.message),
                "warning": p.warning,
            }
            for p in exc.problems
        ]
        return Response({"detail": str(exc), "problems": problems}, status=422)
    if isinstance(exc, services.FigureInvalid):
        figures: dict[str, dict[str, list[str]]] = {}
        errors: dict[str, list[str]] = {}
        for key, by_field in exc.figure_errors.items():
            for field, message in by_field.items():
                if key == "" and field == "rating":
                    errors["rating"] = [str(message)]
                else:
                    figures.setdefault(key, {})[field] = [str(message)]
        body = {"detail": exc.message, "figures": figures}
        if errors:
            body["errors"] = errors
        return Response(body, status=400)
    if isinstance(exc, DjangoValidationError):
        if hasattr(exc, "error_dict"):
            errors = {
                ("non_field_errors" if field == NON_FIELD_ERRORS else field): messages
                for field, messages in exc.message_dict.items()
            }
        else:
            errors = {"non_field_errors": list(exc.messages)}
        first = next(iter(errors.values()), [""])[0]
        return Response({"detail": first, "errors": errors}, status=400)
    return api_exception_handler(exc, context)


ERROR_403 = OpenApiResponse(
    ErrorSerializer,
    description="Not signed in, or you may read the report but not do this now (its state, "
    "your role).",
)
ERROR_404 = OpenApiResponse(
    ErrorSerializer,
    description="No such report (or line), or one you may not read: another agency's draft "
    "answers 404, never 403.",
)
ROUND_404 = OpenApiResponse(
    ErrorSerializer, description="No such round, or one you take no part in."
)
WRITE_400 = OpenApiResponse(
    s.WriteErrorSerializer,
    description="The body or a parameter is not valid, or the service refused the values; "
    "the messages are given by field (and by breakdown for figures).",
)
ERROR_409 = OpenApiResponse(
    s.ConflictSerializer,
    description="Someone saved after you read it: nothing was saved; both versions are given.",
)
ERROR_415 = OpenApiResponse(ErrorSerializer, description="The body's media type is not accepted.")

_ID = OpenApiParameter(
    "id",
    {"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_ID},
    OpenApiParameter.PATH,
    description="The record's id.",
)
_LINE_ID = OpenApiParameter(
    "line_id",
    {"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_ID},
    OpenApiParameter.PATH,
    description="Id of a line of the report (one indicator).",
)


def _write_schema(request, response, summary: str, description: str = "", errors=None):
    responses = {
        200: response,
        400: WRITE_400,
        403: ERROR_403,
        404: ERROR_404,
        415: ERROR_415,
        **(errors or {}),
    }
    return extend_schema(
        summary=summary,
        description=description,
        parameters=[_ID],
        request=request,
        responses=responses,
    )


# --- Reads ------------------------------------------------------------------------------------------


def _with_summary(reports: QuerySet[Report]) -> QuerySet[Report]:
    return reports.select_related("round__plan", "round__period", "organization").annotate(
        line_count=Count("lines", distinct=True)
    )


def report_list_for_user(user) -> QuerySet[Report]:
    """The reports the user may read, with what a list shows."""
    return _with_summary(permissions.visible_reports(user))


def report_lines() -> QuerySet[ReportLine]:
    """Report lines with their indicator and values, and the values' breakdown options."""
    values = Value.objects.select_related("breakdown").prefetch_related(
        "breakdown__options__dimension"
    )
    return ReportLine.objects.select_related("indicator").prefetch_related(
        Prefetch("values", values)
    )


def report_details(reports: QuerySet[Report]) -> QuerySet[Report]:
    """The reports with their lines, values and evidence prefetched."""
    return _with_summary(reports).prefetch_related(
        Prefetch("lines", report_lines()), Prefetch("evidence", Evidence.objects.all())
    )


def round_state_counts(user, round_ids: list[int]) -> dict[int, dict[str, int]]:
    """Reports by state in each round: all of them for its coordinators, else the readable ones."""
    reports = Report.objects.filter(round_id__in=round_ids)
    if not is_platform_admin(user):
        coordinated = organization_ids_for(user, {Role.COORDINATOR})
        reports = reports.filter(
            Q(round__plan__owner_id__in=coordinated)
            | Q(pk__in=permissions.visible_reports(user).values("pk"))
        )
    counts: dict[int, dict[str, int]] = {}
    for round_id, state, number in (
        reports.order_by().values_list("round_id", "state").annotate(n=Count("pk"))
    ):
        counts.setdefault(round_id, {})[state] = number
    return counts


# --- Views ------------------------------------------------------------------------------------------


class ReportingViewSet(ApiViewSet):
    # Signed-in users only; reads with GET, every write is a POST to an action that names it.
    permission_classes = [IsAuthenticated]
    http_method_names = ["get", "head", "post"]
    lookup_field = "id"
    lookup_value_regex = "[0-9]+"

    def get_exception_handler(self):
        return reporting_exception_handler

    def body(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.data, context=self.context())
        if not serializer.is_valid():
            raise InvalidBody(_flatten(serializer.errors))
        return serializer.validated_data


@extend_schema(tags=["rounds"])
class RoundViewSet(ReportingViewSet):
    """Reporting rounds you take part in: of plans you coordinate, or in which your agency reports."""

    http_method_names = ["get", "head"]

    def rounds(self):
        return permissions.visible_rounds(self.request.user).select_related("plan", "period")

    def answer(self, rounds: list, many: bool = True):
        ids = [r.pk for r in rounds]
        context = self.context(counts=round_state_counts(self.request.user, ids))
        return s.RoundSerializer(rounds if many else rounds[0], many=many, context=context).data

    @extend_schema(
        summary="List the reporting rounds you take part in",
        parameters=[s.RoundFilters],
        responses={200: s.RoundSerializer(many=True), 400: ERROR_400, 403: ERROR_403},
    )
    def list(self, request):
        params = self.params(s.RoundFilters)
        rounds = self.rounds()
        if params.get("plan"):
            rounds = rounds.filter(plan__code=params["plan"])
        if params.get("state"):
            rounds = rounds.filter(state=params["state"])
        page = self.paginate_queryset(rounds)
        return self.get_paginated_response(self.answer(page, many=True))

    @extend_schema(
        summary="Get a reporting round with its reports counted by state",
        parameters=[_ID],
        responses={200: s.RoundSerializer, 400: ERROR_400, 403: ERROR_403, 404: ROUND_404},
    )
    def retrieve(self, request, id: str):
        round_ = self.get_by_id_or_404(self.rounds(), id)
        return Response(self.answer([round_], many=False))


@extend_schema(tags=["reports"])
class ReportViewSet(ReportingViewSet):
    """Agencies' reports: read them, save figures and narrative, attach evidence, move them on."""

    def report(self, id: str) -> Report:
        return self.get_by_id_or_404(permissions.visible_reports(self.request.user), id)

    def answer_report(self, report: Report) -> Response:
        # Read once the caller was allowed to: a step may take the report out of their sight (a
        # coordinator returning it to the agency), and the answer still shows where it went.
        report = report_details(Report.objects.filter(pk=report.pk)).get()
        context = self.context(
            allowed_actions=permissions.allowed_actions(self.request.user, report)
        )
        return Response(s.ReportDetailSerializer(report, context=context).data)

    @extend_schema(
        summary="List the reports you may read",
        description="Your agency's reports in every state; for the plan's coordinators, every "
        "report once submitted; for everyone signed in, accepted reports of plans they may see.",
        parameters=[s.ReportFilters],
        responses={200: s.ReportSerializer(many=True), 400: ERROR_400, 403: ERROR_403},
    )
    def list(self, request):
        params = self.params(s.ReportFilters)
        reports = report_list_for_user(request.user)
        if params.get("round"):
            reports = reports.filter(round_id=params["round"])
        if params.get("plan"):
            reports = reports.filter(round__plan__code=params["plan"])
        if params.get("state"):
            reports = reports.filter(state=params["state"])
        if params.get("organization"):
            reports = reports.filter(organization__code=params["organization"])
        return self.page(reports, s.ReportSerializer)

    @extend_schema(
        summary="Get a report with its figures, narrative, evidence and your allowed actions",
        parameters=[_ID],
        responses={
            200: s.ReportDetailSerializer,
            400: ERROR_400,
            403: ERROR_403,
            404: ERROR_404,
        },
    )
    def retrieve(self, request, id: str):
        return self.answer_report(self.report(id))

    @_write_schema(
        s.LineSaveSerializer,
        s.ReportLineSerializer,
        "Save an indicator's figures, comment and rating",
        "Each figure sent replaces the stored figure of its breakdown (null: the total); send "
        "one with every field empty to clear it. Invalid figures are refused with their "
        "messages by breakdown and nothing is saved.",
        errors={409: ERROR_409},
    )
    @extend_schema(parameters=[_LINE_ID])
    @action(
        detail=True,
        methods=["post"],
        url_path=r"lines/(?P<line_id>[0-9]+)",
        url_name="line",
        parser_classes=[JSONParser],
    )
    def line(self, request, id: str, line_id: str):
        report = self.report(id)
        line = self.get_by_id_or_404(report.lines.all(), line_id)
        data = self.body(s.LineSaveSerializer)
        figures: dict[str | None, dict] = {}
        for index, figure in enumerate(data.get("figures", [])):
            key = figure.pop("breakdown", None) or None
            if key in figures:
                raise InvalidBody(
                    {f"figures.{index}.breakdown": [_("This breakdown is given twice.")]}
                )
            figures[key] = figure
        line = services.line_save(
            actor=request.user,
            line=line,
            expected_version=data["expected_version"],
            figures=figures,
            comment=data.get("comment"),
            rating=data.get("rating"),
            rating_reason=data.get("rating_reason"),
            reason=data.get("reason", ""),
        )
        return self.one(report_lines().get(pk=line.pk), s.ReportLineSerializer)

    @_write_schema(
        s.NarrativeSaveSerializer,
        s.NarrativeSerializer,
        "Save the report's narrative",
        "Fields left out stay as they are.",
        errors={409: ERROR_409},
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def narrative(self, request, id: str):
        report = self.report(id)
        data = self.body(s.NarrativeSaveSerializer)
        expected = data.pop("expected_version")
        report = services.report_save_narrative(
            actor=request.user, report=report, expected_version=expected, **data
        )
        return self.one(report, s.NarrativeSerializer)

    @_write_schema(
        s.SubmitSerializer,
        s.ReportDetailSerializer,
        "Submit the report to the agency's approver",
        "Refused with every problem at once (422) while figures, ratings, evidence or the "
        "narrative are missing; warnings are lifted by confirming them with a reason.",
        errors={
            422: OpenApiResponse(
                s.SubmissionRefusedSerializer, description="The report cannot be submitted yet."
            )
        },
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def submit(self, request, id: str):
        report = self.report(id)
        data = self.body(s.SubmitSerializer)
        report = services.report_submit(
            actor=request.user, report=report, confirmations=data.get("confirmations") or {}
        )
        return self.answer_report(report)

    @_write_schema(
        s.ReturnSerializer,
        s.ReportDetailSerializer,
        "Return the report to the agency's reporters with feedback",
        "By the agency's approver once submitted, or by the plan's coordinator once approved. "
        "The answer shows the report as returned; a coordinator no longer reads it afterwards "
        "(404) until the agency submits it again.",
    )
    @action(
        detail=True,
        methods=["post"],
        url_path="return",
        url_name="return",
        parser_classes=[JSONParser],
    )
    def return_(self, request, id: str):
        report = self.report(id)
        data = self.body(s.ReturnSerializer)
        report = services.report_return(
            actor=request.user, report=report, feedback=data["feedback"]
        )
        return self.answer_report(report)

    @_write_schema(
        s.CommentSerializer,
        s.ReportDetailSerializer,
        "Approve the report for the agency",
        "By the agency's approver, once submitted.",
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def approve(self, request, id: str):
        report = self.report(id)
        data = self.body(s.CommentSerializer)
        report = services.report_approve(
            actor=request.user, report=report, comment=data.get("comment", "")
        )
        return self.answer_report(report)

    @_write_schema(
        s.CommentSerializer,
        s.ReportDetailSerializer,
        "Accept the report for the plan",
        "By the plan's coordinator, once approved by the agency.",
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def accept(self, request, id: str):
        report = self.report(id)
        data = self.body(s.CommentSerializer)
        report = services.report_accept(
            actor=request.user, report=report, comment=data.get("comment", "")
        )
        return self.answer_report(report)

    @_write_schema(
        s.ReopenSerializer,
        s.ReportDetailSerializer,
        "Reopen an accepted report for correction",
        "By the plan's coordinator; the report goes back to the agency as returned (and out of "
        "the coordinator's sight until submitted again).",
    )
    @action(detail=True, methods=["post"], parser_classes=[JSONParser])
    def reopen(self, request, id: str):
        report = self.report(id)
        data = self.body(s.ReopenSerializer)
        report = services.report_reopen(actor=request.user, report=report, reason=data["reason"])
        return self.answer_report(report)

    @extend_schema(
        summary="Attach a file or a link as evidence",
        description="multipart/form-data with a file, or a url. The type is read from the "
        "content, never the name; the file is stored under its checksum.",
        parameters=[_ID],
        request={
            "multipart/form-data": s.EvidenceUploadSerializer,
            "application/x-www-form-urlencoded": s.EvidenceUploadSerializer,
        },
        responses={
            201: s.EvidenceSerializer,
            400: WRITE_400,
            403: ERROR_403,
            404: ERROR_404,
            415: ERROR_415,
        },
    )
    @action(detail=True, methods=["post"], parser_classes=[MultiPartParser, FormParser])
    def evidence(self, request, id: str):
        report = self.report(id)
        # Refuse a body that cannot hold an acceptable file before reading a byte of it.
        declared = request.META.get("CONTENT_LENGTH") or "0"
        if declared.isdigit() and int(declared) > evidence_files.max_bytes() + FORM_OVERHEAD_BYTES:
            message = _("The file is too large: the limit is %(limit)s MB.") % {
                "limit": settings.NAPTRACK_EVIDENCE_MAX_MB
            }
            raise InvalidBody({"file": [message]})
        data = self.body(s.EvidenceUploadSerializer)
        line = None
        if data.get("line"):
            line = report.lines.filter(pk=data["line"]).first()
            if line is None:
                raise InvalidBody({"line": [_("This indicator is not part of the report.")]})
        item = services.evidence_add(
            actor=request.user,
            report=report,
            title=data["title"],
            description=data.get("description", ""),
            upload=data.get("file"),
            url=data.get("url", ""),
            line=line,
        )
        return Response(
            s.EvidenceSerializer(item, context=self.context()).data, status=status.HTTP_201_CREATED
        )


@extend_schema(tags=["reports"])
class EvidenceViewSet(ReportingViewSet):
    """Evidence files of the reports you may read, for clients that sign in with HTTP Basic."""

    http_method_names = ["get", "head"]

    @extend_schema(
        summary="Download an evidence file",
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
    @action(detail=True, url_path="download")
    def download(self, request, id: int):
        from django.http import Http404

        from naptrack.reporting.views_evidence import evidence_response

        item = (
            Evidence.objects.filter(pk=id, report__in=permissions.visible_reports(request.user))
            .select_related("report")
            .first()
        )
        if item is None:
            raise Http404
        return evidence_response(item)
