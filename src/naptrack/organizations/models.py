"""Agencies, bodies and institutions, and what each user may do for them."""

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from naptrack.core.models import NamedModel, translated


class OrganizationKind(models.TextChoices):
    GOVERNMENT = "government", _("Government")
    MINISTRY = "ministry", _("Ministry")
    DEPARTMENT = "department", _("Department")
    AGENCY = "agency", _("Agency or centre")
    PROVINCIAL_OFFICE = "provincial_office", _("Provincial office")
    LOCAL_GOVERNMENT = "local_government", _("Local government")
    CIVIL_SOCIETY = "civil_society", _("Civil-society organisation")
    UN_AGENCY = "un_agency", _("UN agency")
    REGIONAL_BODY = "regional_body", _("Regional body")
    MEMBER_STATE = "member_state", _("Member state")


class Organization(NamedModel):
    """An agency in a tree: a department under its ministry, a member state under a regional body."""

    code = models.SlugField(_("code"), max_length=64, unique=True)
    kind = models.CharField(_("kind"), max_length=32, choices=OrganizationKind.choices)
    parent = models.ForeignKey(
        "self",
        verbose_name=_("part of"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="children",
    )
    abbreviation_th = models.CharField(_("abbreviation (Thai)"), max_length=64, blank=True)
    abbreviation_en = models.CharField(_("abbreviation (English)"), max_length=64, blank=True)
    abbreviation_vi = models.CharField(_("abbreviation (Vietnamese)"), max_length=64, blank=True)
    country = models.ForeignKey(
        "geo.Area",
        verbose_name=_("country"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="organizations",
    )
    website = models.URLField(_("website"), blank=True)
    is_active = models.BooleanField(_("active"), default=True)

    class Meta:
        ordering = ["code"]
        verbose_name = _("organization")
        verbose_name_plural = _("organizations")

    @property
    def abbreviation(self) -> str:
        return translated(self, "abbreviation")

    @property
    def short_name(self) -> str:
        return self.abbreviation or self.name

    def ancestors(self) -> list["Organization"]:
        chain, node = [], self.parent
        while node is not None:
            chain.append(node)
            node = node.parent
        return chain

    def clean(self) -> None:
        super().clean()
        if self.parent_id and self.pk:
            node = self.parent
            seen = set()
            while node is not None and node.pk not in seen:
                if node.pk == self.pk:
                    raise ValidationError(
                        {
                            "parent": _(
                                "An organization cannot be part of itself or of one of its own units."
                            )
                        }
                    )
                seen.add(node.pk)
                node = node.parent


class Role(models.TextChoices):
    VIEWER = "viewer", _("Viewer")
    REPORTER = "reporter", _("Reporter")
    APPROVER = "approver", _("Approver")
    COORDINATOR = "coordinator", _("Coordinator")
    ASSESSOR = "assessor", _("Assessor")
    ADMIN = "admin", _("Administrator")


class Membership(models.Model):
    """A user's role in an organization; a user may hold several roles in several organizations."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    organization = models.ForeignKey(
        Organization,
        verbose_name=_("organization"),
        on_delete=models.CASCADE,
        related_name="memberships",
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["organization__code", "role"]
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organization", "role"], name="membership_unique_role"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user} · {self.organization.short_name} · {self.get_role_display()}"
