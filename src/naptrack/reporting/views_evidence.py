"""Placeholder until the pages are written."""

from django.http import Http404


def _missing(*args, **kwargs):
    raise Http404


evidence_upload = _missing
evidence_download = _missing
evidence_remove = _missing
