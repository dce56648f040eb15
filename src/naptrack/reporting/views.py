"""Placeholder until the pages are written."""

from django.http import Http404


def _missing(*args, **kwargs):
    raise Http404


report_list = _missing
report_detail = _missing
line_save = _missing
narrative_save = _missing
report_action = _missing
