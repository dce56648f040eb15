"""Places that values are reported for: countries, provinces and districts."""

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from naptrack.core.models import NamedModel


class AreaLevel(models.TextChoices):
    REGION = "region", _("Region")
    COUNTRY = "country", _("Country")
    PROVINCE = "province", _("Province")
    DISTRICT = "district", _("District")


# What level may sit under what.
ALLOWED_PARENT_LEVELS = {
    AreaLevel.REGION: {None},
    AreaLevel.COUNTRY: {None, AreaLevel.REGION},
    AreaLevel.PROVINCE: {AreaLevel.COUNTRY},
    AreaLevel.DISTRICT: {AreaLevel.PROVINCE},
}


class Area(NamedModel):
    """A country, province or district, keyed by a code unique across countries (TH-90, VN-01)."""

    code = models.CharField(_("code"), max_length=32, unique=True)
    official_code = models.CharField(
        _("official code"),
        max_length=32,
        blank=True,
        help_text=_("The code used by the national statistics office, e.g. 90 for Songkhla."),
    )
    level = models.CharField(_("level"), max_length=16, choices=AreaLevel.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    iso_code = models.CharField(_("ISO code"), max_length=8, blank=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("area")
        verbose_name_plural = _("areas")
        indexes = [models.Index(fields=["level", "parent"])]

    def clean(self) -> None:
        super().clean()
        parent_level = self.parent.level if self.parent_id else None
        if parent_level not in ALLOWED_PARENT_LEVELS.get(self.level, set()):
            raise ValidationError(
                {
                    "parent": _("An area of level “%(level)s” cannot be part of this area.")
                    % {"level": self.get_level_display()}
                }
            )
        node, seen = self.parent, set()
        while node is not None and node.pk not in seen:
            if node.pk == self.pk and self.pk is not None:
                raise ValidationError({"parent": _("An area cannot be part of itself.")})
            seen.add(node.pk)
            node = node.parent


class AreaGroup(NamedModel):
    """A named set of areas followed together, such as the southern border provinces."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    areas = models.ManyToManyField(Area, verbose_name=_("areas"), related_name="groups")

    class Meta:
        ordering = ["code"]
        verbose_name = _("area group")
        verbose_name_plural = _("area groups")
