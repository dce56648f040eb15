"""Pages that belong to no part of the domain: health check, sign-in."""

import time

from django.db import connection
from django.http import JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from naptrack import __version__


@never_cache
@require_GET
def healthz(request):
    """Answer whether the platform and its database work, for load balancers and CI."""
    started = time.monotonic()
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
        database = {"status": "ok", "vendor": connection.vendor}
    except Exception as exc:  # the health check reports any database failure rather than raising it
        database = {"status": "error", "vendor": connection.vendor, "error": exc.__class__.__name__}
    healthy = database["status"] == "ok"
    body = {
        "status": "ok" if healthy else "error",
        "version": __version__,
        "database": database,
        "duration_ms": round((time.monotonic() - started) * 1000, 1),
    }
    return JsonResponse(body, status=200 if healthy else 503)
