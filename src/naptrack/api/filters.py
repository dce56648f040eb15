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


# An empty parameter (?kind=) counts as not given, hence allow_blank on every optional text.


def _code(help_text: str, max_length: int = 64) -> serializers.SlugField:
    # Every code (plan, organization, area, period) is made of letters, digits, - and _.
    return serializers.SlugField(
        required=False, allow_blank=True, max_length=max_length, help_text=help_text
    )


def _choice(choices, help_text: str) -> serializers.ChoiceField:
    return serializers.ChoiceField(
        choices=choices, required=False, allow_blank=True, help_text=help_text
    )


def _id(help_text: str) -> serializers.IntegerField:
    return serializers.IntegerField(
        required=False, min_value=1, max_value=MAX_ID, help_text=help_text
    )


class LanguageParams(serializers.Serializer):
    lang = _choice(
        LANGUAGE_CODES,
        "Language of the localized fields (title, name, label …); "
        "without it, the Accept-Language header decides, then Thai.",
    )


class PlanFilters(serializers.Serializer):
    kind = _choice(PlanKind.choices, "Only plans of this kind.")
    status = _choice(PlanStatus.choices, "Only plans in this status.")
    owner = _code("Only plans owned by the organization with this code.")
    area = _code("Only plans of the country or region with this area code.")


class NodeFilters(serializers.Serializer):
    plan = _code("Only results of the plan with this code.")
    parent = _id("Only the direct sub-results of the result with this id.")


class IndicatorFilters(serializers.Serializer):
    plan = _code("Only indicators of the plan with this code.")
    node = _id("Only indicators attached to the result with this id.")
    organization = _code("Only indicators that the organization with this code leads or supports.")
    value_type = _choice(ValueType.choices, "Only indicators of this value type.")


class OrganizationFilters(serializers.Serializer):
    kind = _choice(OrganizationKind.choices, "Only organizations of this kind.")
    parent = _code("Only the direct units of the organization with this code.")
    country = _code("Only organizations of the country with this area code.")


class AreaFilters(serializers.Serializer):
    level = _choice(AreaLevel.choices, "Only areas of this level.")
    parent = _code("Only the areas directly inside the area with this code.", max_length=32)


class PeriodFilters(serializers.Serializer):
    kind = _choice(PeriodKind.choices, "Only periods of this kind.")
    parent = _code("Only the parts of the period with this code (FY2568 → its halves).", 40)
    date_from = serializers.DateField(
        required=False, help_text="Only periods that end on or after this date (YYYY-MM-DD)."
    )
    date_to = serializers.DateField(
        required=False, help_text="Only periods that start on or before this date (YYYY-MM-DD)."
    )

    def validate(self, attrs):
        start, end = attrs.get("date_from"), attrs.get("date_to")
        if start and end and end < start:
            raise serializers.ValidationError(
                {"date_to": [_("date_to must not be before date_from.")]}
            )
        return attrs
