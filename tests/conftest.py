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
    # A module imported at start-up may already have asked django-tasks for its backend; the
    # signal makes it forget the database queue, so jobs run at commit in every test.
    from django.core.signals import setting_changed

    setting_changed.send(
        sender=type(settings._wrapped), setting="TASKS", value=settings.TASKS, enter=True
    )
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    os.environ.setdefault("DJANGO_ALLOW_ASYNC_UNSAFE", "true")
    os.makedirs(settings.STATIC_ROOT, exist_ok=True)


@pytest.fixture
def build(db):
    """A builder for results frameworks: build.plan(...).pillar(...).indicator(...)."""
    return PlanBuilder()
