"""(being written)"""

from django.http import Http404


def pivot(request, code):
    raise Http404
