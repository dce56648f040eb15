"""How the API answers when a request cannot be served: always JSON, always the same shape."""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.exceptions import NotFound, ValidationError
from rest_framework.views import APIView, exception_handler


class ErrorSerializer(serializers.Serializer):
    """The body of every 4xx answer."""

    detail = serializers.CharField(help_text="What went wrong, in the request language.")
    errors = serializers.DictField(
        child=serializers.ListField(child=serializers.CharField()),
        required=False,
        help_text="For 400 answers: the messages for each query parameter that was refused.",
    )


def api_exception_handler(exc, context):
    """Answer as DRF does, with invalid parameters gathered under `errors` beside a `detail`."""
    response = exception_handler(exc, context)
    if response is not None and isinstance(exc, ValidationError):
        errors = (
            response.data
            if isinstance(response.data, dict)
            else {"non_field_errors": response.data}
        )
        response.data = {"detail": _("Some query parameters are not valid."), "errors": errors}
    return response


@extend_schema(exclude=True)
class NotFoundView(APIView):
    """Answer 404 in JSON for any path under /api/v1/ that names no endpoint."""

    authentication_classes: list = []
    permission_classes: list = []

    def get_exception_handler(self):
        return api_exception_handler

    def initial(self, request, *args, **kwargs):
        raise NotFound()
