"""Query parameters of the list endpoints, validated so that a bad value answers 400, never 500."""

from django.conf import settings
from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from naptrack.frameworks.models import PlanKind, PlanStatus, ValueType
from naptrack.geo.models import AreaLevel
from naptrack.organizations.models import OrganizationKind
from naptrack.periods.models import PeriodKind

LANGUAGE_CODES = [code for code, _name in settings.LANGUAGES]
# The largest id a 64-bit primary key can hold; a larger number overflows the database driver.
MAX_ID = 2**63 - 1


def _code(help_text: str) -> serializers.CharField:
    return serializers.CharField(required=False, max_length=64, help_text=help_text)


def _id(help_text: str) -> serializers.IntegerField:
    return serializers.IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text=help_text)


class LanguageParams(serializers.Serializer):
    lang = serializers.ChoiceField(
        choices=LANGUAGE_CODES,
        required=False,
        help_text="Language of the localized fields (title, name, label …); "
        "without it, the Accept-Language header decides, then Thai.",
    )


class PlanFilters(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PlanKind.choices, required=False, help_text="Only plans of this kind.")
    status = serializers.ChoiceField(
        choices=PlanStatus.choices, required=False, help_text="Only plans in this status."
    )
    owner = _code("Only plans owned by the organization with this code.")
    area = _code("Only plans of the country or region with this area code.")


class NodeFilters(serializers.Serializer):
    plan = _code("Only results of the plan with this code.")
    parent = _id("Only the direct sub-results of the result with this id.")


class IndicatorFilters(serializers.Serializer):
    plan = _code("Only indicators of the plan with this code.")
    node = _id("Only indicators attached to the result with this id.")
    organization = _code("Only indicators that the organization with this code leads or supports.")
    value_type = serializers.ChoiceField(
        choices=ValueType.choices, required=False, help_text="Only indicators of this value type."
    )


class OrganizationFilters(serializers.Serializer):
    kind = serializers.ChoiceField(
        choices=OrganizationKind.choices, required=False, help_text="Only organizations of this kind."
    )
    parent = _code("Only the direct units of the organization with this code.")
    country = _code("Only organizations of the country with this area code.")


class AreaFilters(serializers.Serializer):
    level = serializers.ChoiceField(choices=AreaLevel.choices, required=False, help_text="Only areas of this level.")
    parent = serializers.CharField(
        required=False, max_length=32, help_text="Only the areas directly inside the area with this code."
    )


class PeriodFilters(serializers.Serializer):
    kind = serializers.ChoiceField(choices=PeriodKind.choices, required=False, help_text="Only periods of this kind.")
    parent = serializers.CharField(
        required=False, max_length=40, help_text="Only the parts of the period with this code (FY2568 → its halves)."
    )
    date_from = serializers.DateField(
        required=False, help_text="Only periods that end on or after this date (YYYY-MM-DD)."
    )
    date_to = serializers.DateField(
        required=False, help_text="Only periods that start on or before this date (YYYY-MM-DD)."
    )

    def validate(self, attrs):
        start, end = attrs.get("date_from"), attrs.get("date_to")
        if start and end and end < start:
            raise serializers.ValidationError({"date_to": [_("date_to must not be before date_from.")]})
        return attrs
