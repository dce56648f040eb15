"""(being written)"""

from django.http import Http404


def province_map(request, code):
    raise Http404
