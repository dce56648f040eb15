"""HTTP Basic sign-in for API clients, refusing credentials the database cannot even look up."""

from django.utils.translation import gettext_lazy as _
from drf_spectacular.authentication import BasicScheme
from rest_framework import authentication, exceptions


class BasicAuthentication(authentication.BasicAuthentication):
    def authenticate_credentials(self, userid, password, request=None):
        # PostgreSQL refuses text with NUL bytes outright: answer 401, not a server error.
        if "\x00" in userid or "\x00" in password:
            raise exceptions.AuthenticationFailed(_("Invalid username/password."))
        return super().authenticate_credentials(userid, password, request)


class BasicAuthenticationScheme(BasicScheme):
    """Documents the sign-in above as HTTP Basic in the OpenAPI schema."""

    target_class = BasicAuthentication
