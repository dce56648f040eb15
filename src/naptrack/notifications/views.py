"""Placeholder until the pages are written."""

from django.http import Http404


def _missing(*args, **kwargs):
    raise Http404


inbox = _missing
mark_read = _missing
