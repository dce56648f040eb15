"""Assert that the platform refuses something with the exact message, beside the right field."""

from collections.abc import Callable

import pytest
from django.core.exceptions import ValidationError
from django.utils.translation import override


def refusal(call: Callable[[], object], language: str = "en") -> dict[str, list[str]]:
    """Run call in a language and return the messages it was refused with, by field."""
    with override(language):
        with pytest.raises(ValidationError) as refused:
            call()
        return refused.value.message_dict


def assert_refused(call: Callable[[], object], expected: dict[str, list[str]]) -> None:
    """Assert the exact English messages, and that a Thai reader is refused on the same fields.

    Thai wording is not asserted here: the catalogues are translated separately.
    """
    assert refusal(call, "en") == expected
    assert refusal(call, "th").keys() == expected.keys()
