"""Uploaded spreadsheets and bulk files of values: checked first, shown as a preview, applied once."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class BatchKind(models.TextChoices):
    TEMPLATE = "template", _("Data-entry workbook of one report")
    BULK = "bulk", _("Bulk import of values")


class BatchState(models.TextChoices):
    CHECKED = "checked", _("Checked, waiting for confirmation")
    INVALID = "invalid", _("Has errors")
    APPLIED = "applied", _("Applied")
    DISCARDED = "discarded", _("Discarded")
    FAILED = "failed", _("Failed")


def batch_upload_to(batch: ImportBatch, filename: str) -> str:
    return f"imports/{timezone.now():%Y/%m}/{batch.token}/{filename}"


class ImportBatch(models.Model):
    """One uploaded file: what it would change, the problems found, and whether it was applied."""

    token = models.CharField(_("token"), max_length=32, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=12, choices=BatchKind.choices)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="import_batches",
    )
    # A template belongs to one report; a bulk file may touch many reports of one or more plans.
    report = models.ForeignKey(
        "reporting.Report",
        verbose_name=_("report"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="import_batches",
    )
    plan = models.ForeignKey(
        "frameworks.Plan",
        verbose_name=_("plan"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="import_batches",
    )
    file = models.FileField(_("file"), upload_to=batch_upload_to, max_length=300, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    file_format = models.CharField(_("format"), max_length=8, blank=True)
    encoding = models.CharField(_("encoding"), max_length=20, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    reason = models.TextField(_("reason for the changes"), blank=True)
    state = models.CharField(_("state"), max_length=12, choices=BatchState.choices)
    # Counts: rows, values, new, changed, unchanged, errors (and anything else worth showing).
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    # The first problems found: [{"sheet", "cell", "row", "column", "message"}], capped.
    errors = models.JSONField(_("problems"), default=list, blank=True)
    # The first changes it would make: [{"indicator", "agency", "period", "breakdown", "before", "after"}], capped.
    changes = models.JSONField(_("changes"), default=list, blank=True)
    created_at = models.DateTimeField(_("uploaded at"), default=timezone.now)
    applied_at = models.DateTimeField(_("applied at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return self.original_name or f"{self.kind} #{self.pk}"
