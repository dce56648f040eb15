"""The read API: thin views that parse the query, call a selector and serialize the answer."""

from __future__ import annotations

from django.db.models import QuerySet
from django.urls import reverse
from django.utils import translation
from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import (
    OpenApiParameter,
    OpenApiResponse,
    extend_schema,
    extend_schema_view,
)
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.exceptions import NotFound
from rest_framework.request import Request
from rest_framework.response import Response
from rest_framework.views import APIView

from naptrack.api import filters, serializers
from naptrack.api.errors import ErrorSerializer, api_exception_handler
from naptrack.api.pagination import ApiPagination
from naptrack.frameworks import selectors
from naptrack.geo.models import Area
from naptrack.periods.models import Period

LANGUAGE_PARAMETERS = [
    OpenApiParameter(
        "lang",
        str,
        enum=filters.LANGUAGE_CODES,
        description="Language of the localized fields (title, name, label …). "
        "Without it the Accept-Language header decides, then Thai.",
    ),
    OpenApiParameter(
        "Accept-Language",
        str,
        OpenApiParameter.HEADER,
        description="Preferred languages (th, en, vi), used when `lang` is not given.",
    ),
]
ERROR_400 = OpenApiResponse(ErrorSerializer, description="A query parameter is not valid.")
ERROR_404 = OpenApiResponse(
    ErrorSerializer,
    description="No such record, or one you may not see (drafts answer 404, never 403).",
)


class ApiSchema(AutoSchema):
    """Document the language parameters, and that empty parameters are ignored, everywhere."""

    def get_override_parameters(self):
        return [*LANGUAGE_PARAMETERS, *super().get_override_parameters()]

    def get_operation(self, *args, **kwargs):
        operation = super().get_operation(*args, **kwargs)
        # Say what the views do: an empty optional parameter (?kind=) counts as not given.
        for parameter in (operation or {}).get("parameters", []):
            if parameter["in"] == "query" and not parameter.get("required"):
                parameter["allowEmptyValue"] = True
        return operation


def _list_schema(serializer, params, summary: str, description: str = ""):
    return extend_schema(
        summary=summary,
        description=description,
        parameters=[params],
        responses={200: serializer(many=True), 400: ERROR_400},
    )


def _detail_schema(serializer, summary: str, description: str = ""):
    return extend_schema(
        summary=summary,
        description=description,
        responses={200: serializer, 400: ERROR_400, 404: ERROR_404},
    )


class ApiViewSet(viewsets.GenericViewSet):
    # Read-only endpoints answering in the language asked for, with JSON errors. (A comment, not a
    # docstring: drf-spectacular would show a docstring as the description of every operation.)

    schema = ApiSchema()
    pagination_class = ApiPagination
    # GET (and HEAD) only: OPTIONS would describe nothing that the OpenAPI schema does not.
    http_method_names = ["get", "head"]
    lookup_field = "code"
    lookup_value_regex = "[-a-zA-Z0-9_]+"

    def get_exception_handler(self):
        return api_exception_handler

    def dispatch(self, request, *args, **kwargs):
        # ?lang= switches the language for this request only; the previous one comes back after.
        with translation.override(translation.get_language()):
            return super().dispatch(request, *args, **kwargs)

    def initial(self, request: Request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        language = self.params(filters.LanguageParams).get("lang")
        if language:
            translation.activate(language)

    def finalize_response(self, request, response, *args, **kwargs):
        response = super().finalize_response(request, response, *args, **kwargs)
        response["Content-Language"] = translation.get_language()
        return response

    def params(self, serializer_class) -> dict:
        serializer = serializer_class(data=self.request.query_params)
        serializer.is_valid(raise_exception=True)
        return serializer.validated_data

    def page(self, queryset: QuerySet, serializer_class, **context) -> Response:
        items = self.paginate_queryset(queryset)
        return self.get_paginated_response(
            serializer_class(items, many=True, context=self.context(**context)).data
        )

    def one(self, obj, serializer_class, **context) -> Response:
        return Response(serializer_class(obj, context=self.context(**context)).data)

    def context(self, **extra) -> dict:
        return {**self.get_serializer_context(), **extra}

    def get_or_404(self, queryset: QuerySet, **lookup):
        # The same answer whether the record is missing or hidden (a draft): a 403 would tell.
        obj = queryset.filter(**lookup).first()
        if obj is None:
            raise NotFound()
        return obj

    def get_by_id_or_404(self, queryset: QuerySet, pk: str):
        # The URL takes only digits; a number beyond 64 bits would overflow the database driver.
        if int(pk) > filters.MAX_ID:
            raise NotFound()
        return self.get_or_404(queryset, pk=int(pk))


@extend_schema(tags=["plans"])
@extend_schema_view(
    list=_list_schema(
        serializers.PlanSerializer,
        filters.PlanFilters,
        "List plans",
        "Plans in force and ended plans for everyone; drafts only for members of the owning or an assigned "
        "organization and for platform administrators.",
    ),
    retrieve=_detail_schema(serializers.PlanDetailSerializer, "Get a plan by its code"),
    tree=_detail_schema(
        serializers.PlanTreeSerializer,
        "Get the results tree of a plan",
        "Pillars, outcomes and outputs nested as the plan orders them, each with its indicators summarised.",
    ),
)
class PlanViewSet(ApiViewSet):
    """Plans: results frameworks such as Thailand's NAP on Women, Peace and Security."""

    def list(self, request):
        params = self.params(filters.PlanFilters)
        plans = selectors.plan_list_for_api(
            request.user,
            kind=params.get("kind"),
            status=params.get("status"),
            owner_code=params.get("owner"),
            area_code=params.get("area"),
        )
        return self.page(plans, serializers.PlanSerializer)

    def retrieve(self, request, code: str):
        plan = self.get_or_404(selectors.plan_list_for_api(request.user), code=code)
        return self.one(plan, serializers.PlanDetailSerializer)

    @action(detail=True, url_path="tree")
    def tree(self, request, code: str):
        plan = self.get_or_404(selectors.plan_list_for_api(request.user), code=code)
        forest = selectors.plan_tree(plan)
        levels = {level.depth: level for level in plan.levels.all()}
        depths: dict[int, tuple] = {}

        def walk(tree_nodes, depth):
            for tree_node in tree_nodes:
                depths[tree_node.node.pk] = (depth, levels.get(depth))
                walk(tree_node.children, depth + 1)

        walk(forest, 1)
        return self.one(
            {"plan": plan, "nodes": forest}, serializers.PlanTreeSerializer, levels=depths
        )


_ID = OpenApiParameter(
    "id",
    {"type": "integer", "format": "int64", "minimum": 1, "maximum": filters.MAX_ID},
    OpenApiParameter.PATH,
    description="The record's id.",
)


@extend_schema(tags=["results"])
@extend_schema_view(
    list=_list_schema(
        serializers.NodeSerializer, filters.NodeFilters, "List results (pillars, outcomes, outputs)"
    ),
    retrieve=extend_schema(
        summary="Get a result by its id",
        parameters=[_ID],
        responses={200: serializers.NodeSerializer, 400: ERROR_400, 404: ERROR_404},
    ),
)
class NodeViewSet(ApiViewSet):
    """Results of plans: pillars, outcomes and outputs, as the plan names its levels."""

    lookup_field = "id"
    lookup_value_regex = "[0-9]+"

    def list(self, request):
        params = self.params(filters.NodeFilters)
        nodes = selectors.node_list_for_user(
            request.user, plan_code=params.get("plan"), parent_id=params.get("parent")
        )
        items = self.paginate_queryset(nodes)
        levels = selectors.node_levels(items)
        data = serializers.NodeSerializer(
            items, many=True, context=self.context(levels=levels)
        ).data
        return self.get_paginated_response(data)

    def retrieve(self, request, id: str):
        node = self.get_by_id_or_404(selectors.node_list_for_user(request.user), id)
        return self.one(node, serializers.NodeSerializer, levels=selectors.node_levels([node]))


@extend_schema(tags=["indicators"])
@extend_schema_view(
    list=_list_schema(
        serializers.IndicatorSerializer,
        filters.IndicatorFilters,
        "List indicators with their full definition",
    ),
    retrieve=extend_schema(
        summary="Get an indicator by its id",
        parameters=[_ID],
        responses={200: serializers.IndicatorSerializer, 400: ERROR_400, 404: ERROR_404},
    ),
)
class IndicatorViewSet(ApiViewSet):
    """Indicators: what is measured, how, by which agencies, from which baseline to which targets."""

    lookup_field = "id"
    lookup_value_regex = "[0-9]+"

    def list(self, request):
        params = self.params(filters.IndicatorFilters)
        indicators = selectors.indicator_list_for_user(
            request.user,
            plan_code=params.get("plan"),
            node_id=params.get("node"),
            organization_code=params.get("organization"),
            value_type=params.get("value_type"),
        )
        return self.page(indicators, serializers.IndicatorSerializer)

    def retrieve(self, request, id: str):
        indicator = self.get_by_id_or_404(selectors.indicator_list_for_user(request.user), id)
        return self.one(indicator, serializers.IndicatorSerializer)


@extend_schema(tags=["organizations"])
@extend_schema_view(
    list=_list_schema(
        serializers.OrganizationSerializer, filters.OrganizationFilters, "List organizations"
    ),
    retrieve=_detail_schema(serializers.OrganizationSerializer, "Get an organization by its code"),
)
class OrganizationViewSet(ApiViewSet):
    """Ministries, departments, provincial offices, regional bodies and other agencies."""

    def list(self, request):
        params = self.params(filters.OrganizationFilters)
        organizations = selectors.organization_list_for_api(
            request.user,
            kind=params.get("kind"),
            parent_code=params.get("parent"),
            country_code=params.get("country"),
        )
        return self.page(organizations, serializers.OrganizationSerializer)

    def retrieve(self, request, code: str):
        organization = self.get_or_404(selectors.organization_list_for_api(request.user), code=code)
        return self.one(organization, serializers.OrganizationSerializer)


@extend_schema(tags=["areas"])
@extend_schema_view(
    list=_list_schema(
        serializers.AreaSerializer,
        filters.AreaFilters,
        "List areas (countries, provinces, districts)",
    ),
    retrieve=_detail_schema(serializers.AreaSerializer, "Get an area by its code, e.g. TH-90"),
)
class AreaViewSet(ApiViewSet):
    """Countries, provinces and districts, keyed by codes such as TH-90."""

    def list(self, request):
        params = self.params(filters.AreaFilters)
        areas = Area.objects.select_related("parent").order_by("code")
        if params.get("level"):
            areas = areas.filter(level=params["level"])
        if params.get("parent"):
            areas = areas.filter(parent__code=params["parent"])
        return self.page(areas, serializers.AreaSerializer)

    def retrieve(self, request, code: str):
        return self.one(
            self.get_or_404(Area.objects.select_related("parent"), code=code),
            serializers.AreaSerializer,
        )


@extend_schema(tags=["periods"])
@extend_schema_view(
    list=_list_schema(
        serializers.PeriodSerializer,
        filters.PeriodFilters,
        "List reporting periods",
        "Fiscal years (Thai, B.E.) and their halves and quarters, calendar years, quarters, months and plan "
        "lifetimes. With date_from and date_to: the periods that overlap that range.",
    ),
    retrieve=_detail_schema(
        serializers.PeriodSerializer, "Get a period by its code, e.g. FY2568 or FY2568-Q1"
    ),
)
class PeriodViewSet(ApiViewSet):
    """Reporting periods, named by codes such as FY2568, FY2568-Q1, CY2024 or M2024-03."""

    lookup_value_regex = "[-a-zA-Z0-9]+"

    def list(self, request):
        params = self.params(filters.PeriodFilters)
        periods = Period.objects.select_related("parent").order_by("start", "-end", "code")
        if params.get("kind"):
            periods = periods.filter(kind=params["kind"])
        if params.get("parent"):
            periods = periods.filter(parent__code=params["parent"].upper())
        if params.get("date_from"):
            periods = periods.filter(end__gte=params["date_from"])
        if params.get("date_to"):
            periods = periods.filter(start__lte=params["date_to"])
        return self.page(periods, serializers.PeriodSerializer)

    def retrieve(self, request, code: str):
        period = self.get_or_404(Period.objects.select_related("parent"), code=code.upper())
        return self.one(period, serializers.PeriodSerializer)


class ApiIndexView(APIView):
    """Where each collection of the API is."""

    http_method_names = ["get", "head"]

    def get_exception_handler(self):
        return api_exception_handler

    @extend_schema(
        operation_id="api_index",
        summary="List the endpoints of the API",
        tags=["index"],
        responses={200: serializers.ApiIndexSerializer},
    )
    def get(self, request):
        names = ["plans", "nodes", "indicators", "organizations", "areas", "periods"]
        links = {name: request.build_absolute_uri(reverse(f"api-{name}-list")) for name in names}
        links["schema"] = request.build_absolute_uri(reverse("api-schema"))
        links["docs"] = request.build_absolute_uri(reverse("api-docs"))
        return Response(links)
