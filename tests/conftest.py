import os

import pytest

from tests.builders import PlanBuilder


def pytest_configure(config):
    from django.conf import settings

    # Tests render templates without running collectstatic first.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    settings.TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    os.makedirs(settings.STATIC_ROOT, exist_ok=True)


@pytest.fixture
def build(db):
    """A builder for results frameworks: build.plan(...).pillar(...).indicator(...)."""
    return PlanBuilder()
