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


@pytest.fixture(autouse=True)
def _english_outside_requests():
    """Every test starts in English, whatever the test before it left active.

    A request through the test client activates its page's language and leaves it active in the
    thread afterwards, so messages made outside a request (services, commands) would otherwise be
    in the language of whichever page the previous test on that worker opened. Tests that want
    Thai say so (a /th/ page, or translation.override("th")).
    """
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture
def build(db):
    """A builder for results frameworks: build.plan(...).pillar(...).indicator(...)."""
    return PlanBuilder()
