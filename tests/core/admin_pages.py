"""Post admin forms as an officer would: what the page shows, with a few fields changed."""

from __future__ import annotations

import datetime as dt

from django.db.models import Model


def _post_value(value):
    if isinstance(value, Model):
        return str(value.pk)
    if isinstance(value, bool):
        return "on" if value else None
    if isinstance(value, list | tuple | set):
        return [_post_value(item) for item in value]
    if isinstance(value, dt.date):
        return value.isoformat()
    return "" if value is None else str(value)


def _form_data(form) -> dict:
    data = {}
    for name, field in form.fields.items():
        value = _post_value(field.prepare_value(form[name].value()))
        if value is not None:
            data[form.add_prefix(name)] = value
    return data


def change_form_data(response) -> dict:
    """Return the POST data of an admin add or change page as it was rendered, inlines included."""
    data = _form_data(response.context["adminform"].form)
    for inline in response.context["inline_admin_formsets"]:
        formset = inline.formset
        data.update(_form_data(formset.management_form))
        for form in formset.forms:
            data.update(_form_data(form))
    return data


def inline_formset(response, model_name: str):
    """Return the formset of a model's inline on a page."""
    inlines = response.context["inline_admin_formsets"]
    return next(i.formset for i in inlines if i.formset.model._meta.model_name == model_name)


def add_inline_row(data: dict, response, model_name: str, row: dict) -> dict:
    """Add a new row to the inline of a model on a page, as the "Add another" link does."""
    prefix = inline_formset(response, model_name).prefix
    index = int(data[f"{prefix}-TOTAL_FORMS"])
    data[f"{prefix}-TOTAL_FORMS"] = str(index + 1)
    data.update({f"{prefix}-{index}-{name}": _post_value(value) for name, value in row.items()})
    return data


def inline_errors(response, model_name: str) -> list[dict]:
    """Return the errors of each row of a model's inline on a re-displayed page."""
    forms = inline_formset(response, model_name).forms
    return [{field: list(messages) for field, messages in form.errors.items()} for form in forms]
