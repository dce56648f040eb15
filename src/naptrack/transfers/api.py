"""POST /api/v1/imports/: import a file of values, or check it (dry run), for integrations.

The same service as the web page and `naptrack import_values` (transfers.services_bulk.bulk_import):
the caller's permissions, all or nothing, the problems by row and column.
"""

from __future__ import annotations

from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework import serializers, status
from rest_framework.parsers import FormParser, MultiPartParser
from rest_framework.response import Response

from naptrack.api.reporting import ERROR_403, ERROR_415, WRITE_400, InvalidBody, ReportingViewSet
from naptrack.frameworks.models import Plan
from naptrack.transfers import services_bulk
from naptrack.transfers.models import BatchState
from naptrack.transfers.readers import FORMATS

# Room for the other fields and the multipart boundaries beside the file itself.
FORM_OVERHEAD_BYTES = 256 * 1024


class ImportUploadSerializer(serializers.Serializer):
    file = serializers.FileField(
        allow_empty_file=True,
        help_text="CSV (UTF-8, UTF-8 with BOM, UTF-16 or TIS-620/cp874; comma, semicolon or tab), "
        'XLSX (the sheet “values”, else the first) or JSON (a list of objects, or {"values": '
        "[…]}). One row per value: indicator, period, agency, one column per breakdown "
        "dimension (sex, age-group, province …; empty for the total), value or numerator and "
        "denominator, text, milestone_status; plan to tell plans apart.",
    )
    dry_run = serializers.BooleanField(
        required=False, default=False, help_text="Check and count only; write nothing."
    )
    reason = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=2000,
        help_text="Why the values change; required when a report was approved by its agency.",
    )
    plan = serializers.CharField(
        required=False,
        allow_blank=True,
        max_length=64,
        help_text="Read indicator codes in this plan only (its code).",
    )


class ImportProblemSerializer(serializers.Serializer):
    row = serializers.IntegerField(
        help_text="Row of the file (the header is row 1); item for JSON."
    )
    column = serializers.CharField(help_text="The column as the file names it; empty for the row.")
    message = serializers.CharField()
    sheet = serializers.CharField(required=False)
    cell = serializers.CharField(required=False)


class ImportSummarySerializer(serializers.Serializer):
    rows = serializers.IntegerField()
    values = serializers.IntegerField()
    new = serializers.IntegerField()
    changed = serializers.IntegerField()
    unchanged = serializers.IntegerField()
    skipped_empty = serializers.IntegerField()
    errors = serializers.IntegerField(help_text="All problems found; at most 1,000 are listed.")
    reports = serializers.IntegerField(help_text="Reports whose values change.")
    plans = serializers.ListField(child=serializers.CharField())
    seconds = serializers.FloatField()


class ImportAnswerSerializer(serializers.Serializer):
    token = serializers.CharField()
    state = serializers.ChoiceField(choices=BatchState.choices)
    dry_run = serializers.BooleanField()
    format = serializers.ChoiceField(choices=[(f, f) for f in FORMATS], allow_blank=True)
    encoding = serializers.CharField(allow_blank=True)
    summary = ImportSummarySerializer()
    errors = ImportProblemSerializer(many=True)
    changes = serializers.ListField(
        child=serializers.DictField(),
        help_text="The first changes (at most 200): row, plan, indicator, agency, period, "
        "breakdown, before (null when new) and after.",
    )


def _answer(batch, dry_run: bool) -> dict:
    return {
        "token": batch.token,
        "state": batch.state,
        "dry_run": dry_run,
        "format": batch.file_format,
        "encoding": batch.encoding,
        "summary": {
            k: batch.summary.get(k, 0 if k != "plans" else [])
            for k in (
                "rows",
                "values",
                "new",
                "changed",
                "unchanged",
                "skipped_empty",
                "errors",
                "reports",
                "plans",
                "seconds",
            )
        },
        "errors": batch.errors,
        "changes": batch.changes,
    }


@extend_schema(tags=["imports"])
class ImportViewSet(ReportingViewSet):
    """Bulk import of values."""

    http_method_names = ["post"]
    parser_classes = [MultiPartParser, FormParser]

    @extend_schema(
        summary="Import a file of values (or check it with dry_run)",
        description="All or nothing: one problem and nothing is written; the problems come back "
        "by row and column (422). Importing the same file twice changes nothing the second time. "
        "Coordinators import into every report of their plans not yet accepted; an agency's "
        "reporters into the agency's own reports while it may edit them.",
        request={
            "multipart/form-data": ImportUploadSerializer,
            "application/x-www-form-urlencoded": ImportUploadSerializer,
        },
        responses={
            200: OpenApiResponse(ImportAnswerSerializer, description="Dry run: no problem."),
            201: OpenApiResponse(ImportAnswerSerializer, description="Imported."),
            400: WRITE_400,
            403: ERROR_403,
            415: ERROR_415,
            422: OpenApiResponse(
                ImportAnswerSerializer, description="The file has problems: nothing was written."
            ),
        },
    )
    def create(self, request):
        declared = request.META.get("CONTENT_LENGTH") or "0"
        if declared.isdigit() and int(declared) > services_bulk.max_bytes() + FORM_OVERHEAD_BYTES:
            raise InvalidBody({"file": [services_bulk.too_large_message()]})
        data = self.body(ImportUploadSerializer)
        plan = None
        if data.get("plan"):
            plan = Plan.objects.filter(code=data["plan"]).first()
            if plan is None:
                raise InvalidBody({"plan": [_("No plan with this code.")]})
        upload = data["file"]
        batch = services_bulk.bulk_import(
            actor=request.user,
            path_or_file=upload,
            dry_run=data["dry_run"],
            reason=data.get("reason", ""),
            plan=plan,
            original_name=upload.name,
            keep_file=not data["dry_run"],
        )
        body = _answer(batch, data["dry_run"])
        if batch.state == BatchState.APPLIED:
            return Response(body, status=status.HTTP_201_CREATED)
        if batch.state == BatchState.CHECKED:
            return Response(body, status=status.HTTP_200_OK)
        return Response(body, status=status.HTTP_422_UNPROCESSABLE_ENTITY)
