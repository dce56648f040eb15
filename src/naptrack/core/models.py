"""Building blocks shared by every app: timestamps and names kept in several languages."""

from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _

# The order in which a missing translation falls back to another language.
FALLBACK_LANGUAGES = ("en", "th", "vi")


def translated(obj: object, field: str, language: str | None = None) -> str:
    """Return obj.<field>_<language>, falling back to the other languages when it is empty."""
    language = (language or get_language() or "th").split("-")[0]
    for code in (language, *FALLBACK_LANGUAGES):
        value = getattr(obj, f"{field}_{code}", "")
        if value:
            return value
    return ""


class TimeStampedModel(models.Model):
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        abstract = True


class NamedModel(TimeStampedModel):
    """A record with a name in Thai, English and Vietnamese."""

    name_th = models.CharField(_("name (Thai)"), max_length=500, blank=True)
    name_en = models.CharField(_("name (English)"), max_length=500, blank=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=500, blank=True)

    class Meta:
        abstract = True

    def __str__(self) -> str:
        return self.name or str(getattr(self, "code", self.pk))

    @property
    def name(self) -> str:
        return translated(self, "name")

    def clean(self) -> None:
        super().clean()
        if not (self.name_th or self.name_en or self.name_vi):
            from django.core.exceptions import ValidationError

            raise ValidationError({"name_en": _("Give a name in at least one language.")})
