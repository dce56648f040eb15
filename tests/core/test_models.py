"""Names kept in Thai, English and Vietnamese, and which one a reader sees."""

from types import SimpleNamespace

import pytest
from django.utils.translation import override

from naptrack.core.models import translated


def names(th: str = "", en: str = "", vi: str = "") -> SimpleNamespace:
    return SimpleNamespace(name_th=th, name_en=en, name_vi=vi)


MOFA = names(th="กระทรวงการต่างประเทศ", en="Ministry of Foreign Affairs", vi="Bộ Ngoại giao")


@pytest.mark.parametrize(
    ("language", "expected"),
    [("th", "กระทรวงการต่างประเทศ"), ("en", "Ministry of Foreign Affairs"), ("vi", "Bộ Ngoại giao")],
)
def test_a_name_is_read_in_the_asked_language(language, expected):
    assert translated(MOFA, "name", language) == expected


def test_a_thai_reader_falls_back_to_english_then_vietnamese():
    assert (
        translated(names(en="Ministry of Foreign Affairs", vi="Bộ Ngoại giao"), "name", "th")
        == "Ministry of Foreign Affairs"
    )
    assert translated(names(vi="Bộ Ngoại giao"), "name", "th") == "Bộ Ngoại giao"


def test_an_english_reader_falls_back_to_thai_before_vietnamese():
    assert (
        translated(names(th="กระทรวงการต่างประเทศ", vi="Bộ Ngoại giao"), "name", "en")
        == "กระทรวงการต่างประเทศ"
    )


def test_a_vietnamese_reader_falls_back_to_english_before_thai():
    assert (
        translated(names(th="กระทรวงการต่างประเทศ", en="Ministry of Foreign Affairs"), "name", "vi")
        == "Ministry of Foreign Affairs"
    )


def test_a_record_with_no_name_reads_as_empty():
    assert translated(names(), "name", "th") == ""


def test_the_active_language_is_used_when_none_is_given():
    with override("en"):
        assert translated(MOFA, "name") == "Ministry of Foreign Affairs"
    with override("th"):
        assert translated(MOFA, "name") == "กระทรวงการต่างประเทศ"


def test_a_regional_language_code_reads_its_language():
    assert translated(MOFA, "name", "en-us") == "Ministry of Foreign Affairs"


def test_a_language_without_columns_falls_back_to_english():
    assert translated(MOFA, "name", "fr") == "Ministry of Foreign Affairs"
