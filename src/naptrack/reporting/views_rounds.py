"""Placeholder until the pages are written."""

from django.http import Http404


def _missing(*args, **kwargs):
    raise Http404


round_create = _missing
round_list = _missing
round_overview = _missing
round_close = _missing
