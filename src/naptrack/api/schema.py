"""OpenAPI details that drf-spectacular cannot guess: named enums shared across components."""

from django.db import models
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from rest_framework import serializers


class NamedChoiceField(serializers.ChoiceField):
    """A choice field documented once as a named enum (PlanKindEnum), wherever it appears.

    Plans, organizations and periods all have a `kind`; left to itself drf-spectacular would name
    the three choice sets after the field and warn about the clash.
    """

    def __init__(self, choices_class: type[models.TextChoices], **kwargs):
        self.enum_name = f"{choices_class.__name__}Enum"
        super().__init__(choices=choices_class.choices, **kwargs)


class NamedChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = NamedChoiceField

    def get_name(self) -> str:
        return self.target.enum_name

    def map_serializer_field(self, auto_schema, direction):
        choices = self.target.choices
        return {
            "type": "string",
            "enum": list(choices),
            "description": "\n".join(f"* `{value}` - {label}" for value, label in choices.items()),
        }
