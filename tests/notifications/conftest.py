"""The reporting world (a plan, an open round, two reporting agencies) serves these tests too."""

from tests.reporting.conftest import english, world  # noqa: F401  (fixtures)
