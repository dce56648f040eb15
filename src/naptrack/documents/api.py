"""The documents API: ask for a progress report, follow the job, download the file.

A document is made in the background by the same service as the web page (document_request),
which checks who may ask for what. A job belongs to the person who asked for it: anyone else gets
404 for it and its file, so that nobody learns what another person asked for.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils.translation import gettext as _
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_field,
)
from rest_framework import serializers, status
from rest_framework.decorators import action
from rest_framework.exceptions import APIException, NotFound
from rest_framework.permissions import IsAuthenticated
from rest_framework.response import Response

from naptrack.api.errors import ErrorSerializer
from naptrack.api.reporting import InvalidBody, _flatten, reporting_exception_handler
from naptrack.api.serializers_reporting import NamedChoiceField
from naptrack.api.views import ERROR_400, ApiViewSet
from naptrack.documents import selectors, services
from naptrack.documents.contracts import DocumentSpec
from naptrack.documents.models import DocumentFormat, DocumentJob, JobState
from naptrack.documents.views import file_response

LANGUAGES = {"th": "Thai", "en": "English", "vi": "Vietnamese"}
TOKEN_PATTERN = "[-_a-zA-Z0-9]{1,64}"


class NotReady(APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "not_ready"


class Gone(APIException):
    status_code = status.HTTP_410_GONE
    default_code = "expired"


# --- Serializers ----------------------------------------------------------------------------------


class DocumentRequestSerializer(serializers.Serializer):
    plan = serializers.SlugField(max_length=64, help_text="Code of the plan, e.g. `nap-wps`.")
    period = serializers.CharField(
        max_length=40,
        help_text="Code of the period the report is about, e.g. `FY2568` (Thai fiscal year "
        "2568 B.E.), `FY2568-H1`, `CY2024`.",
    )
    agency = serializers.SlugField(
        max_length=64,
        required=False,
        allow_blank=True,
        default="",
        help_text="Code of one agency for its own report; empty or left out for the whole plan.",
    )
    language = NamedChoiceField(
        LANGUAGES,
        enum_name="DocumentLanguageEnum",
        default="th",
        help_text="The document's language.",
    )
    format = NamedChoiceField(
        DocumentFormat.choices, enum_name="DocumentFormatEnum", help_text="The file type."
    )
    provisional = serializers.BooleanField(
        default=False,
        help_text="Include figures submitted but not yet accepted, marked as provisional: for the "
        "plan's coordinators, and for an agency's members in their agency's report.",
    )
    thai_digits = serializers.BooleanField(
        default=False, help_text="Thai digits (๒๕๖๘) in figures and dates; Thai documents only."
    )
    end_of_plan = serializers.BooleanField(
        default=False,
        help_text="The end-of-plan report: the whole span of the plan against its life-of-plan "
        "targets.",
    )


class DocumentLinksSerializer(serializers.Serializer):
    self = serializers.CharField(help_text="This job in the API.")
    page = serializers.CharField(help_text="The job's web page, with its progress bar.")
    file = serializers.CharField(
        allow_null=True, help_text="Where to download the file once it is ready; null until then."
    )


class DocumentOptionsSerializer(serializers.Serializer):
    provisional = serializers.BooleanField()
    thai_digits = serializers.BooleanField()
    end_of_plan = serializers.BooleanField()


class DocumentJobSerializer(serializers.Serializer):
    id = serializers.CharField(source="token", help_text="The job's token, used in its addresses.")
    state = NamedChoiceField(JobState.choices, enum_name="DocumentJobStateEnum")
    state_label = serializers.CharField(
        source="get_state_display", help_text="The state in the request language."
    )
    progress = serializers.IntegerField(min_value=0, max_value=100, help_text="Percent done.")
    step = serializers.CharField(help_text="What is being done now, in words.")
    error = serializers.CharField(help_text="Why the document could not be made (failed jobs).")
    plan = serializers.CharField(source="plan.code")
    period = serializers.CharField(source="period.code", allow_null=True)
    agency = serializers.CharField(
        source="organization.code", allow_null=True, help_text="Null for the whole plan."
    )
    language = NamedChoiceField(LANGUAGES, enum_name="DocumentLanguageEnum")
    format = NamedChoiceField(DocumentFormat.choices, enum_name="DocumentFormatEnum")
    options = serializers.SerializerMethodField()
    filename = serializers.CharField(help_text="The file's name, once ready.")
    content_type = serializers.CharField(help_text="The file's media type, once ready.")
    size = serializers.IntegerField(help_text="The file's size in bytes, once ready.")
    created_at = serializers.DateTimeField()
    started_at = serializers.DateTimeField(allow_null=True)
    finished_at = serializers.DateTimeField(allow_null=True)
    expires_at = serializers.DateTimeField(
        allow_null=True, help_text="When the file is deleted; null until it is ready."
    )
    links = serializers.SerializerMethodField()

    @extend_schema_field(DocumentOptionsSerializer)
    def get_options(self, job: DocumentJob) -> dict:
        options = job.options or {}
        return {
            key: bool(options.get(key)) for key in ("provisional", "thai_digits", "end_of_plan")
        }

    @extend_schema_field(DocumentLinksSerializer)
    def get_links(self, job: DocumentJob) -> dict:
        request = self.context.get("request")

        def absolute(path: str) -> str:
            return request.build_absolute_uri(path) if request is not None else path

        ready = job.state == JobState.DONE and not job.is_expired
        return {
            "self": absolute(reverse("api-documents-detail", args=[job.token])),
            "page": absolute(services.job_url(job)),
            "file": absolute(reverse("api-documents-file", args=[job.token])) if ready else None,
        }


# --- Views ------------------------------------------------------------------------------------------

ERROR_403 = OpenApiResponse(
    ErrorSerializer,
    description="Not signed in, or you may not ask for this document (another agency's, the "
    "whole plan, or provisional figures).",
)
ERROR_404 = OpenApiResponse(
    ErrorSerializer, description="No such document, or one asked for by someone else."
)
REQUEST_400 = OpenApiResponse(
    ErrorSerializer,
    description="The body is not valid, or names a plan, period or agency that does not exist "
    "(or that you may not see); the messages are given by field.",
)
_TOKEN = OpenApiParameter(
    "token",
    {"type": "string", "pattern": f"^{TOKEN_PATTERN}$"},
    OpenApiParameter.PATH,
    description="The document job's id (its token).",
)
FILE = OpenApiResponse(
    OpenApiTypes.BINARY, description="The file as an attachment: PDF, Word or Excel, as asked."
)
FILE_TYPES = {(200, media_type): FILE for media_type in services.CONTENT_TYPES.values()}


@extend_schema(tags=["documents"])
class DocumentViewSet(ApiViewSet):
    """Progress reports made in the background, as PDF, Word or Excel."""

    permission_classes = [IsAuthenticated]
    http_method_names = ["get", "head", "post"]
    lookup_field = "token"
    lookup_value_regex = TOKEN_PATTERN

    def get_exception_handler(self):
        return reporting_exception_handler

    def job(self, token: str) -> DocumentJob:
        job = selectors.job_get_for_user(self.request.user, token)
        if job is None:
            raise NotFound()
        return job

    def answer(self, job: DocumentJob, code: int = status.HTTP_200_OK) -> Response:
        return Response(DocumentJobSerializer(job, context=self.context()).data, status=code)

    @extend_schema(
        summary="List the documents you asked for",
        description="Newest first, with their state; files are kept for a limited time.",
        responses={200: DocumentJobSerializer(many=True), 400: ERROR_400, 403: ERROR_403},
    )
    def list(self, request):
        return self.page(selectors.job_list_for_user(request.user), DocumentJobSerializer)

    @extend_schema(
        summary="Ask for a progress report",
        description="The document is made in the background: the answer (202) is the job, whose "
        "`progress` and `state` can be followed at `links.self`; its file is at `links.file` once "
        "`state` is `done`, and you also get an inbox message and an e-mail. Asking again for "
        "the same document while it is being made, or while it can still be downloaded, gives "
        "back the same job (200 when it is already done).",
        request=DocumentRequestSerializer,
        responses={
            200: OpenApiResponse(
                DocumentJobSerializer, description="The same document, already made."
            ),
            202: OpenApiResponse(DocumentJobSerializer, description="The job, queued or running."),
            400: REQUEST_400,
            403: ERROR_403,
            415: OpenApiResponse(ErrorSerializer, description="The body is not JSON."),
        },
    )
    def create(self, request):
        serializer = DocumentRequestSerializer(data=request.data)
        if not serializer.is_valid():
            raise InvalidBody(_flatten(serializer.errors))
        data = serializer.validated_data
        job = services.document_request(
            actor=request.user,
            spec=DocumentSpec(
                plan_code=data["plan"],
                period_code=data["period"],
                agency_code=data.get("agency") or "",
                language=data["language"],
                format=data["format"],
                provisional=data["provisional"],
                thai_digits=data["thai_digits"],
                end_of_plan=data["end_of_plan"],
            ),
        )
        job.refresh_from_db()
        done = job.state == JobState.DONE
        return self.answer(job, status.HTTP_200_OK if done else status.HTTP_202_ACCEPTED)

    @extend_schema(
        summary="Get a document job: its state and progress",
        parameters=[_TOKEN],
        responses={200: DocumentJobSerializer, 400: ERROR_400, 403: ERROR_403, 404: ERROR_404},
    )
    def retrieve(self, request, token: str):
        return self.answer(self.job(token))

    @extend_schema(
        summary="Download a document's file",
        parameters=[_TOKEN],
        responses={
            **FILE_TYPES,
            400: ERROR_400,
            403: ERROR_403,
            404: ERROR_404,
            409: OpenApiResponse(
                ErrorSerializer, description="Not ready: still being made, or it failed."
            ),
            410: OpenApiResponse(
                ErrorSerializer, description="Expired: the file was deleted; ask for it again."
            ),
        },
    )
    @action(detail=True, methods=["get"], url_path="file", url_name="file")
    def file(self, request, token: str):
        job = self.job(token)
        if job.state == JobState.EXPIRED or (job.state == JobState.DONE and job.is_expired):
            raise Gone(_("This document has expired and its file was deleted. Ask for it again."))
        if job.state == JobState.FAILED:
            raise NotReady(job.error or _("The document could not be made."))
        if job.state != JobState.DONE or not job.file:
            raise NotReady(
                _("The document is not ready yet (%(percent)s %% done). Try again shortly.")
                % {"percent": job.progress}
            )
        return file_response(job)
