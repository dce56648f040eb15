"""Messages to users: an in-app inbox, mirrored by e-mail, and a record of reminders sent."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class NotificationKind(models.TextChoices):
    ROUND_OPENED = "round_opened", _("Round opened")
    REMINDER = "reminder", _("Reminder")
    SUBMITTED = "submitted", _("Report submitted")
    RETURNED = "returned", _("Report returned")
    APPROVED = "approved", _("Report approved")
    ACCEPTED = "accepted", _("Report accepted")
    REOPENED = "reopened", _("Report reopened")
    DOCUMENT_READY = "document_ready", _("Document ready")
    SEAL_ASSIGNED = "seal_assigned", _("Seal benchmark assigned")
    SEAL_RETURNED = "seal_returned", _("Seal answer sent back")
    SEAL_EVIDENCE_REQUESTED = "seal_evidence", _("More evidence requested")
    SEAL_REMINDER = "seal_reminder", _("Seal reminder")
    SEAL_SUBMITTED = "seal_submitted", _("Self-assessment submitted")
    SEAL_AWARDED = "seal_awarded", _("Seal awarded")


class Notification(models.Model):
    """One message in a user's inbox."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("user"),
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    kind = models.CharField(_("kind"), max_length=24, choices=NotificationKind.choices)
    title = models.CharField(_("title"), max_length=300)
    body = models.TextField(_("message"), blank=True)
    url = models.CharField(_("link"), max_length=500, blank=True)
    report = models.ForeignKey(
        "reporting.Report",
        verbose_name=_("report"),
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="notifications",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    read_at = models.DateTimeField(_("read"), null=True, blank=True)
    emailed_at = models.DateTimeField(_("e-mailed"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("notification")
        verbose_name_plural = _("notifications")
        indexes = [models.Index(fields=["user", "read_at"])]

    def __str__(self) -> str:
        return self.title


class ReminderSent(models.Model):
    """A reminder sent for a report N days before its due date: each is sent once."""

    report = models.ForeignKey(
        "reporting.Report",
        verbose_name=_("report"),
        on_delete=models.CASCADE,
        related_name="reminders",
    )
    days_before = models.SmallIntegerField(_("days before the due date"))
    sent_at = models.DateTimeField(_("sent at"), auto_now_add=True)
    recipients = models.PositiveIntegerField(_("recipients"), default=0)

    class Meta:
        ordering = ["-sent_at"]
        verbose_name = _("reminder sent")
        verbose_name_plural = _("reminders sent")
        constraints = [
            models.UniqueConstraint(
                fields=["report", "days_before"], name="reminder_once_per_report_and_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.report_id} −{self.days_before}d"
