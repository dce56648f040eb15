"""Display preferences that follow the reader from page to page (kept in a cookie)."""

from contextvars import ContextVar

from django.http import HttpRequest, HttpResponseRedirect
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.http import require_POST

DIGITS_COOKIE = "naptrack_digits"
_thai_digits: ContextVar[bool] = ContextVar("naptrack_thai_digits", default=False)


def wants_thai_digits() -> bool:
    """Whether the current request asked for Thai digits (๒๕๖๘) in dates and figures."""
    return _thai_digits.get()


class PreferencesMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest):
        token = _thai_digits.set(request.COOKIES.get(DIGITS_COOKIE) == "thai")
        try:
            return self.get_response(request)
        finally:
            _thai_digits.reset(token)


@require_POST
def set_digits(request: HttpRequest):
    """Switch between Arabic and Thai digits and go back to the page."""
    next_url = request.POST.get("next") or "/"
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = "/"
    response = HttpResponseRedirect(next_url)
    if request.POST.get("digits") == "thai":
        response.set_cookie(DIGITS_COOKIE, "thai", max_age=365 * 24 * 3600, samesite="Lax")
    else:
        response.delete_cookie(DIGITS_COOKIE)
    return response


def preferences(request: HttpRequest) -> dict:
    return {"thai_digits": request.COOKIES.get(DIGITS_COOKIE) == "thai"}
