"""The progress API: what the progress engine stored for a plan, a period and an indicator.

Thin views over `analytics.selectors` and `analytics.selectors_api`: a fixed number of queries
whatever the size of the plan. Accepted figures of a plan are public like the plan itself;
provisional figures (submitted, not yet accepted) only for the plan's coordinators, who ask for
them with provisional=true; anyone else asking gets 403, never accepted figures in their place.
"""

from __future__ import annotations

from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from drf_spectacular.utils import OpenApiParameter, OpenApiResponse, extend_schema
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.response import Response

from naptrack.analytics import selectors, selectors_api
from naptrack.analytics.permissions import can_view_provisional
from naptrack.api import serializers_progress as s
from naptrack.api.errors import ErrorSerializer
from naptrack.api.filters import MAX_ID
from naptrack.api.views import ERROR_400, ApiViewSet
from naptrack.frameworks.models import Plan
from naptrack.periods.models import Period

ERROR_403 = OpenApiResponse(
    ErrorSerializer,
    description="provisional=true from someone who is not a coordinator of the plan.",
)
PLAN_404 = OpenApiResponse(
    ErrorSerializer,
    description="No such plan, or one you may not see (drafts answer 404, never 403); or no "
    "progress stored for the period asked for (or none at all yet), said in `detail`.",
)
INDICATOR_404 = OpenApiResponse(
    ErrorSerializer,
    description="No such indicator, or one of a plan you may not see (404, never 403).",
)
_ID = OpenApiParameter(
    "id",
    {"type": "integer", "format": "int64", "minimum": 1, "maximum": MAX_ID},
    OpenApiParameter.PATH,
    description="The indicator's id.",
)


class ProgressViewSet(ApiViewSet):
    # GET only, in the request language, with JSON errors (ApiViewSet); no list or detail of its
    # own: the router adds only the actions below the plans' and indicators' addresses.

    def language(self) -> str:
        return (translation.get_language() or "th").split("-")[0]

    def check_provisional(self, plan: Plan, provisional: bool) -> None:
        if provisional and not can_view_provisional(self.request.user, plan):
            raise PermissionDenied(
                _(
                    "Only the plan's coordinators may see provisional figures (submitted but not "
                    "yet accepted). Leave out provisional, or set it to false, for the accepted "
                    "figures."
                )
            )


@extend_schema(tags=["progress"])
class PlanProgressViewSet(ProgressViewSet):
    """A plan's progress: results and indicators against their targets, period by period."""

    def plan(self, code: str) -> Plan:
        plan = selectors_api.plan_for_progress(self.request.user, code)
        if plan is None:
            raise NotFound()
        return plan

    def periods_url(self, plan: Plan) -> str:
        return self.request.build_absolute_uri(
            reverse("api-plan-progress-periods", kwargs={"code": plan.code})
        )

    def not_stored(self, plan: Plan, period_code: str) -> str:
        return _(
            "No progress is stored for the period %(period)s of this plan. The periods that "
            "have progress are listed at %(url)s"
        ) % {"period": period_code, "url": self.periods_url(plan)}

    def period(self, plan: Plan, code: str, provisional: bool) -> Period:
        if code:
            period = selectors_api.stored_period(plan, code, provisional=provisional)
            if period is None:
                raise NotFound(self.not_stored(plan, code.upper()))
            return period
        period = selectors.default_period(plan)
        if period is None:
            raise NotFound(
                _(
                    "No progress has been computed for this plan yet: it is computed once "
                    "agencies report in a round."
                )
            )
        return period

    @extend_schema(
        summary="Get a plan's progress in a period",
        description="The plan's dashboard data as the progress engine stored them: the whole "
        "plan's and every result's achievement and status with its indicators counted by "
        "status, and every indicator's value, target, baseline, achievement and status. "
        "Without `period`: the latest year with accepted figures.",
        parameters=[s.PlanProgressParams],
        responses={
            200: s.PlanProgressSerializer,
            400: ERROR_400,
            403: ERROR_403,
            404: PLAN_404,
        },
    )
    @action(detail=True, url_path="progress", url_name="progress")
    def progress(self, request, code: str):
        params = self.params(s.PlanProgressParams)
        plan = self.plan(code)
        provisional = params["provisional"]
        self.check_provisional(plan, provisional)
        period = self.period(plan, params.get("period", ""), provisional)
        language = self.language()
        progress = selectors.plan_progress(plan, period, provisional=provisional, language=language)
        if progress.overall is None:
            # Rebuilt between the two reads without this period (its round deleted).
            raise NotFound(self.not_stored(plan, period.code))
        context = self.context(
            levels=selectors_api.level_names(plan),
            codes={row.id: row.code for row in progress.nodes},
            leads=selectors_api.lead_agencies(plan, language),
        )
        return Response(s.PlanProgressSerializer(progress, context=context).data)

    @extend_schema(
        summary="List the periods a plan has stored progress for",
        description="Latest first, with the period that /progress/ shows by default.",
        responses={200: s.ProgressPeriodsSerializer, 400: ERROR_400, 404: PLAN_404},
    )
    @action(detail=True, url_path="progress/periods", url_name="progress-periods")
    def periods(self, request, code: str):
        plan = self.plan(code)
        default = selectors.default_period(plan)
        data = {
            "plan": plan.code,
            "default_period": default.code if default else None,
            "periods": selectors.progress_periods_for_plan(plan),
        }
        return self.one(data, s.ProgressPeriodsSerializer)


@extend_schema(tags=["progress"])
class IndicatorProgressViewSet(ProgressViewSet):
    """An indicator's progress over the periods, with its breakdowns and agencies."""

    lookup_field = "id"
    lookup_value_regex = "[0-9]+"

    @extend_schema(
        summary="Get an indicator's progress in every stored period",
        description="Per period: the total over every agency (value, target, baseline, "
        "achievement, status), the value for each option of its breakdowns (sex, age group, "
        "province …) and each agency's figure. Oldest period first; an indicator with nothing "
        "stored yet has no periods.",
        parameters=[_ID, s.IndicatorProgressParams],
        responses={
            200: s.IndicatorSeriesSerializer,
            400: ERROR_400,
            403: ERROR_403,
            404: INDICATOR_404,
        },
    )
    @action(detail=True, url_path="progress", url_name="progress")
    def progress(self, request, id: str):
        params = self.params(s.IndicatorProgressParams)
        # The address takes only digits; a number beyond 64 bits would overflow the driver.
        indicator = (
            selectors_api.indicator_for_progress(request.user, int(id))
            if int(id) <= MAX_ID
            else None
        )
        if indicator is None:
            raise NotFound()
        provisional = params["provisional"]
        self.check_provisional(indicator.plan, provisional)
        series = selectors_api.indicator_progress_series(indicator, provisional=provisional)
        return self.one(series, s.IndicatorSeriesSerializer)
