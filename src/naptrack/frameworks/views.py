from django.http import HttpResponse


def home(request):
    return HttpResponse("NAPtrack")


def plan_detail(request, code):
    return HttpResponse(code)


def indicator_detail(request, plan_code, code):
    return HttpResponse(code)


def organization_list(request):
    return HttpResponse("")


def organization_detail(request, code):
    return HttpResponse(code)
