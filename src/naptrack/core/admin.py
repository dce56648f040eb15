"""What the configuration admin of every app shares: the site's name, model rules beside their fields."""

from __future__ import annotations

from collections.abc import Hashable

from django import forms
from django.contrib import admin
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.db import models
from django.db.models import Count, IntegerField, OuterRef, Subquery
from django.db.models.functions import Coalesce
from django.forms.models import BaseInlineFormSet
from django.utils.translation import gettext_lazy as _

admin.site.site_header = _("NAPtrack administration")
admin.site.site_title = _("NAPtrack administration")
admin.site.index_title = _("Configuration")

TIMESTAMPS = ("created_at", "updated_at")


class ModelRulesForm(forms.ModelForm):
    """Show each rule of the model's clean() beside its field, or above the form when it has no field here.

    Django raises ValueError when clean() names a field that the form leaves out (an inline leaves
    out several); an officer must see the rule instead of an error page.
    """

    def _update_errors(self, errors: ValidationError) -> None:
        if hasattr(errors, "error_dict"):
            placed: dict[str, list] = {}
            for field, messages in errors.error_dict.items():
                key = field if field in self.fields else NON_FIELD_ERRORS
                placed.setdefault(key, []).extend(messages)
            errors = ValidationError(placed)
        super()._update_errors(errors)


class OneRowPerKeyFormSet(BaseInlineFormSet):
    """Refuse two rows of an inline with the same key before the database does.

    The database enforces these keys with conditional or NULL-containing unique constraints, which
    Django's formset does not check: two such rows posted together would end in an IntegrityError.
    """

    key_field: str | None  # the field the message is shown beside; None for the whole row
    message = _("This row repeats another one.")

    def row_key(self, data: dict) -> Hashable | None:
        """Return what must differ between rows, or None for a row that takes part in no key."""
        raise NotImplementedError

    def clean(self) -> None:
        super().clean()
        seen: set = set()
        for form in self.forms:
            data = getattr(form, "cleaned_data", None)
            if not data or self._should_delete_form(form) or form.errors:
                continue
            key = self.row_key(data)
            if key is None:
                continue
            if key in seen:
                form.add_error(self.key_field, self.message)
            seen.add(key)


class TimestampedAdmin(admin.ModelAdmin):
    """An admin page with created and updated times shown, never edited."""

    form = ModelRulesForm
    readonly_fields: tuple[str, ...] = TIMESTAMPS
    formfield_overrides = {models.URLField: {"assume_scheme": "https"}}


def related_count(
    model: type[models.Model], field: str, counted: str = "pk", *, distinct: bool = False
) -> Coalesce:
    """Count the rows of a model that point at each listed row, in a subquery.

    A subquery keeps the list ungrouped, so the model's default ordering still applies (Django drops
    it from GROUP BY queries) and two counts do not multiply each other's joins.
    """
    rows = (
        model._default_manager.filter(**{field: OuterRef("pk")})
        .order_by()
        .values(field)
        .annotate(n=Count(counted, distinct=distinct))
        .values("n")
    )
    return Coalesce(Subquery(rows, output_field=IntegerField()), 0)
