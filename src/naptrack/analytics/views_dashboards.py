"""(being written)"""

from django.http import Http404


def plan_dashboard(request, code):
    raise Http404


def indicator_dashboard(request, plan_code, code):
    raise Http404


def agency_scorecard(request, code):
    raise Http404
