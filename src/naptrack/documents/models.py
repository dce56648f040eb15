"""Documents made in the background: progress reports and exports, with progress and expiry."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class DocumentFormat(models.TextChoices):
    PDF = "pdf", _("PDF")
    DOCX = "docx", _("Word (.docx)")
    XLSX = "xlsx", _("Excel (.xlsx)")


class JobState(models.TextChoices):
    QUEUED = "queued", _("Waiting")
    RUNNING = "running", _("Being made")
    DONE = "done", _("Ready")
    FAILED = "failed", _("Failed")
    EXPIRED = "expired", _("Expired")


def document_upload_to(job: DocumentJob, filename: str) -> str:
    return f"documents/{job.created_at:%Y/%m}/{job.pk}-{job.token}/{filename}"


class DocumentJob(models.Model):
    """A document someone asked for: what, for whom, how far it has got, and the file when ready."""

    token = models.CharField(_("token"), max_length=32, unique=True, editable=False)
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("requested by"),
        on_delete=models.CASCADE,
        related_name="document_jobs",
    )
    plan = models.ForeignKey(
        "frameworks.Plan",
        verbose_name=_("plan"),
        on_delete=models.CASCADE,
        related_name="document_jobs",
    )
    period = models.ForeignKey(
        "periods.Period",
        verbose_name=_("period"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="+",
    )
    organization = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("agency"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
    )
    # "report" (the progress report) or "data" (the values behind it); more kinds may follow.
    kind = models.CharField(_("kind"), max_length=20, default="report")
    format = models.CharField(_("format"), max_length=8, choices=DocumentFormat.choices)
    language = models.CharField(_("language"), max_length=8, default="th")
    # Other choices: {"provisional": bool, "thai_digits": bool, "end_of_plan": bool}
    options = models.JSONField(_("options"), default=dict, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=JobState.choices, default=JobState.QUEUED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    step = models.CharField(_("current step"), max_length=200, blank=True)
    error = models.TextField(_("error"), blank=True)
    file = models.FileField(_("file"), upload_to=document_upload_to, max_length=300, blank=True)
    filename = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("file type"), max_length=100, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    created_at = models.DateTimeField(_("requested at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)
    expires_at = models.DateTimeField(_("expires at"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        indexes = [
            models.Index(fields=["requested_by", "-created_at"]),
            models.Index(fields=["state", "expires_at"]),
        ]

    def __str__(self) -> str:
        return self.filename or f"{self.kind} {self.format} #{self.pk}"

    @property
    def is_expired(self) -> bool:
        return self.state == JobState.EXPIRED or (
            self.expires_at is not None and self.expires_at <= timezone.now()
        )
