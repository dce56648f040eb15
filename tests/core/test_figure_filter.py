"""The `figure` filter rounds a stored figure to the places asked, never cuts it."""

from decimal import Decimal

import pytest
from django.utils import translation

from naptrack.core.templatetags.naptrack import figure


@pytest.mark.parametrize(
    ("value", "places", "shown"),
    [
        (Decimal("16.6667"), 1, "16.7"),
        (Decimal("16.65"), 1, "16.7"),
        (Decimal("16.64"), 1, "16.6"),
        (Decimal("1234.5"), 0, "1,235"),
        (Decimal("12.5000"), None, "12.5"),
        (None, 1, "–"),
    ],
)
def test_a_figure_is_rounded_half_up_and_grouped(value, places, shown):
    with translation.override("en"):
        assert figure(value, places) == shown
