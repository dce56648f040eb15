"""Template filters for dates, periods and numbers as Thai and English readers expect them."""

import datetime as dt
from decimal import ROUND_HALF_UP, Decimal

from django import template
from django.urls import translate_url
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import get_language

from naptrack.core.models import translated
from naptrack.core.preferences import wants_thai_digits
from naptrack.periods import calendars

register = template.Library()


@register.filter
def be_date(value, style: str = "short"):
    """24 มิ.ย. 2567 in Thai, 24 Jun 2024 in English; `long` writes the month in full."""
    if not value:
        return ""
    if isinstance(value, dt.datetime):
        # A moment is shown as the day it was in Thailand (or the site's time zone), not in UTC.
        value = (timezone.localtime(value) if timezone.is_aware(value) else value).date()
    return calendars.format_date(
        value, get_language(), long=style == "long", use_thai_digits=wants_thai_digits()
    )


@register.filter
def tr(obj, field: str):
    """The field of an object in the current language, with fallback: {{ plan|tr:"title" }}."""
    return translated(obj, field)


@register.filter
def period_label(period, style: str = ""):
    if period is None:
        return ""
    label = period.label(get_language(), short=style == "short")
    return calendars.thai_digits(label) if wants_thai_digits() else label


@register.filter
def figure(value, decimals=None):
    """Format a stored Decimal without trailing zeros, grouped by thousands."""
    if value is None or value == "":
        return "–"
    value = Decimal(value)
    if decimals in (None, ""):
        decimals = min(4, max(0, -value.normalize().as_tuple().exponent))
    decimals = int(decimals)
    # number_format cuts extra digits off; a figure is rounded (half up, as officers round by hand).
    value = value.quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    text = number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)
    return calendars.thai_digits(text) if wants_thai_digits() else text


@register.simple_tag(takes_context=True)
def url_in_language(context, language: str) -> str:
    """The current page's address in another language (/th/… → /en/…)."""
    request = context.get("request")
    if request is None:
        return f"/{language}/"
    url = translate_url(request.get_full_path(), language)
    return url
