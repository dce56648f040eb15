"""Gender Equality Seal for Public Institutions: programmes of benchmarks, an institution's
enrolment for a cycle, its self-assessment by many units with evidence, the external assessment,
the award, and the action plan that closes the gaps."""

from __future__ import annotations

from decimal import Decimal

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from naptrack.core.models import NamedModel, TimeStampedModel, translated

# --- Programmes: dimensions → standards → benchmarks, versioned ----------------------------------


class Level(models.TextChoices):
    BRONZE = "bronze", _("Bronze")
    SILVER = "silver", _("Silver")
    GOLD = "gold", _("Gold")


LEVELS_ASCENDING = (Level.BRONZE, Level.SILVER, Level.GOLD)


class Programme(NamedModel):
    """A version of the Seal's benchmark list with its award thresholds."""

    code = models.SlugField(_("code"), max_length=64)
    version = models.CharField(_("version"), max_length=20)
    description_th = models.TextField(_("description (Thai)"), blank=True)
    description_en = models.TextField(_("description (English)"), blank=True)
    description_vi = models.TextField(_("description (Vietnamese)"), blank=True)
    bronze_threshold = models.DecimalField(
        _("Bronze from (%)"), max_digits=5, decimal_places=2, default=Decimal("60")
    )
    silver_threshold = models.DecimalField(
        _("Silver from (%)"), max_digits=5, decimal_places=2, default=Decimal("70")
    )
    gold_threshold = models.DecimalField(
        _("Gold from (%)"), max_digits=5, decimal_places=2, default=Decimal("80")
    )
    award_years = models.PositiveSmallIntegerField(_("award valid for (years)"), default=3)
    is_published = models.BooleanField(_("published"), default=False)
    is_illustrative = models.BooleanField(
        _("illustrative"),
        default=False,
        help_text=_("The benchmarks are examples for the demonstration, not the official list."),
    )
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous version"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_versions",
    )

    class Meta:
        ordering = ["code", "-version"]
        verbose_name = _("Seal programme")
        verbose_name_plural = _("Seal programmes")
        constraints = [
            models.UniqueConstraint(fields=["code", "version"], name="programme_unique_version"),
            models.CheckConstraint(
                condition=models.Q(bronze_threshold__lte=models.F("silver_threshold"))
                & models.Q(silver_threshold__lte=models.F("gold_threshold"))
                & models.Q(gold_threshold__lte=100)
                & models.Q(bronze_threshold__gte=0),
                name="programme_thresholds_ordered",
            ),
        ]

    @property
    def description(self) -> str:
        return translated(self, "description")

    def threshold(self, level: str) -> Decimal:
        return getattr(self, f"{level}_threshold")


class SealDimension(NamedModel):
    """A dimension of the programme (leadership and commitment; public policy cycle; …)."""

    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="dimensions"
    )
    code = models.CharField(_("code"), max_length=20)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["programme", "sort_order", "code"]
        verbose_name = _("Seal dimension")
        verbose_name_plural = _("Seal dimensions")
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="sealdimension_unique_code")
        ]


class Standard(NamedModel):
    dimension = models.ForeignKey(
        SealDimension,
        verbose_name=_("dimension"),
        on_delete=models.CASCADE,
        related_name="standards",
    )
    code = models.CharField(_("code"), max_length=20)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["dimension", "sort_order", "code"]
        verbose_name = _("Seal standard")
        verbose_name_plural = _("Seal standards")
        constraints = [
            models.UniqueConstraint(fields=["dimension", "code"], name="standard_unique_code")
        ]


class Benchmark(TimeStampedModel):
    """One benchmark: what the institution must show, how it is proven, at which levels it is
    mandatory, and its weight in the compliance score."""

    standard = models.ForeignKey(
        Standard, verbose_name=_("standard"), on_delete=models.CASCADE, related_name="benchmarks"
    )
    # Denormalised for uniqueness and fast queries: code is unique within a programme (1.1.1).
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.CASCADE, related_name="benchmarks"
    )
    code = models.CharField(_("code"), max_length=20)
    text_th = models.TextField(_("benchmark (Thai)"), blank=True)
    text_en = models.TextField(_("benchmark (English)"), blank=True)
    text_vi = models.TextField(_("benchmark (Vietnamese)"), blank=True)
    verification_th = models.TextField(_("means of verification (Thai)"), blank=True)
    verification_en = models.TextField(_("means of verification (English)"), blank=True)
    verification_vi = models.TextField(_("means of verification (Vietnamese)"), blank=True)
    mandatory_bronze = models.BooleanField(_("mandatory for Bronze"), default=False)
    mandatory_silver = models.BooleanField(_("mandatory for Silver"), default=False)
    mandatory_gold = models.BooleanField(_("mandatory for Gold"), default=False)
    weight = models.DecimalField(_("weight"), max_digits=6, decimal_places=2, default=Decimal("1"))
    is_illustrative = models.BooleanField(_("illustrative"), default=False)
    sort_order = models.PositiveIntegerField(_("order"), default=0)

    class Meta:
        ordering = ["programme", "sort_order", "code"]
        verbose_name = _("benchmark")
        verbose_name_plural = _("benchmarks")
        constraints = [
            models.UniqueConstraint(fields=["programme", "code"], name="benchmark_unique_code"),
            models.CheckConstraint(
                condition=models.Q(weight__gt=0), name="benchmark_weight_positive"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.code} {self.text[:60]}"

    @property
    def text(self) -> str:
        return translated(self, "text")

    @property
    def verification(self) -> str:
        return translated(self, "verification")

    def mandatory_for(self, level: str) -> bool:
        return getattr(self, f"mandatory_{level}")


# --- Enrolment of an institution for a cycle -------------------------------------------------------


class Stage(models.TextChoices):
    ENGAGE = "engage", _("Engage")
    SELF_ASSESSMENT = "self_assessment", _("Baseline self-assessment")
    ACTION_PLAN = "action_plan", _("Action plan")
    EXTERNAL_ASSESSMENT = "external_assessment", _("External assessment")
    AWARD = "award", _("Award")


STAGE_ORDER = [s.value for s in Stage]


class Enrolment(TimeStampedModel):
    """An institution taking part in a cycle of the Seal, with its units and its stage."""

    institution = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("institution"),
        on_delete=models.PROTECT,
        related_name="seal_enrolments",
    )
    programme = models.ForeignKey(
        Programme, verbose_name=_("programme"), on_delete=models.PROTECT, related_name="enrolments"
    )
    cycle = models.PositiveSmallIntegerField(_("cycle"), default=1)
    previous = models.ForeignKey(
        "self",
        verbose_name=_("previous cycle"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="next_cycles",
    )
    stage = models.CharField(_("stage"), max_length=24, choices=Stage.choices, default=Stage.ENGAGE)
    started_on = models.DateField(_("started on"))
    commitment_signed_on = models.DateField(_("commitment letter signed on"), null=True, blank=True)
    commitment_letter = models.ForeignKey(
        "seal.SealEvidence",
        verbose_name=_("commitment letter"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    self_assessment_due_on = models.DateField(_("self-assessment due on"), null=True, blank=True)
    self_assessment_submitted_at = models.DateTimeField(
        _("self-assessment submitted at"), null=True, blank=True
    )
    # Optimistic locking for the coordinator's edits of the whole enrolment.
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["institution__code", "-cycle"]
        verbose_name = _("Seal enrolment")
        verbose_name_plural = _("Seal enrolments")
        constraints = [
            models.UniqueConstraint(fields=["institution", "cycle"], name="enrolment_unique_cycle")
        ]

    def __str__(self) -> str:
        return f"{self.institution} · {self.cycle}"


class StageEvent(models.Model):
    """The enrolment entered a stage (or an important step happened): who, when, what."""

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="events"
    )
    kind = models.CharField(_("kind"), max_length=32)
    stage = models.CharField(_("stage"), max_length=24, choices=Stage.choices, blank=True)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("at"), auto_now_add=True)
    comment = models.TextField(_("comment"), blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)

    class Meta:
        ordering = ["created_at", "pk"]
        verbose_name = _("Seal event")
        verbose_name_plural = _("Seal events")

    def __str__(self) -> str:
        return f"{self.enrolment} · {self.kind}"


class CommitteeRole(models.TextChoices):
    CHAIR = "chair", _("Chair")
    MEMBER = "member", _("Member")
    SECRETARY = "secretary", _("Secretary")


class CommitteeMember(models.Model):
    """A member of the institution's gender equality committee."""

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="committee"
    )
    name = models.CharField(_("name"), max_length=200)
    position = models.CharField(_("position"), max_length=300, blank=True)
    unit = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("unit"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    role = models.CharField(
        _("role"), max_length=16, choices=CommitteeRole.choices, default=CommitteeRole.MEMBER
    )

    class Meta:
        ordering = ["enrolment", "role", "name"]
        verbose_name = _("committee member")
        verbose_name_plural = _("committee members")

    def __str__(self) -> str:
        return self.name


# --- Self-assessment -------------------------------------------------------------------------------


class Answer(models.TextChoices):
    MET = "met", _("Met")
    PARTLY_MET = "partly_met", _("Partly met")
    NOT_MET = "not_met", _("Not met")
    NOT_APPLICABLE = "not_applicable", _("Not applicable")


class ItemState(models.TextChoices):
    ASSIGNED = "assigned", _("To answer")
    ANSWERED = "answered", _("Answered, waiting for review")
    RETURNED = "returned", _("Sent back")
    REVIEWED = "reviewed", _("Reviewed")


class SelfAssessmentItem(TimeStampedModel):
    """A benchmark in an enrolment's self-assessment: the owning unit, its answer and evidence."""

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="items"
    )
    benchmark = models.ForeignKey(
        Benchmark, verbose_name=_("benchmark"), on_delete=models.PROTECT, related_name="+"
    )
    unit = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("owning unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="seal_items",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    state = models.CharField(
        _("state"), max_length=12, choices=ItemState.choices, default=ItemState.ASSIGNED
    )
    answer = models.CharField(_("answer"), max_length=16, choices=Answer.choices, blank=True)
    not_applicable_reason = models.TextField(_("why it does not apply"), blank=True)
    description = models.TextField(_("what the unit does"), blank=True)
    feedback = models.TextField(_("coordinator's feedback"), blank=True)
    answered_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    answered_at = models.DateTimeField(_("answered at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["enrolment", "benchmark__sort_order", "benchmark__code"]
        verbose_name = _("self-assessment item")
        verbose_name_plural = _("self-assessment items")
        constraints = [
            models.UniqueConstraint(fields=["enrolment", "benchmark"], name="item_unique_benchmark")
        ]


def seal_evidence_upload_to(evidence: SealEvidence, filename: str) -> str:
    return f"seal/{evidence.item.enrolment_id}/{evidence.item_id}/{filename}"


class SealEvidence(TimeStampedModel):
    """A file or link proving a benchmark (checked like agency reports' evidence)."""

    item = models.ForeignKey(
        SelfAssessmentItem,
        verbose_name=_("benchmark"),
        on_delete=models.CASCADE,
        related_name="evidence",
    )
    request = models.ForeignKey(
        "seal.EvidenceRequest",
        verbose_name=_("in answer to"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="evidence",
    )
    title = models.CharField(_("title"), max_length=300)
    description = models.TextField(_("description"), blank=True)
    file = models.FileField(
        _("file"), upload_to=seal_evidence_upload_to, max_length=300, blank=True
    )
    url = models.URLField(_("link"), max_length=1000, blank=True)
    original_name = models.CharField(_("file name"), max_length=255, blank=True)
    content_type = models.CharField(_("file type"), max_length=100, blank=True)
    extension = models.CharField(_("extension"), max_length=10, blank=True)
    size = models.PositiveBigIntegerField(_("size in bytes"), default=0)
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64, blank=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("uploaded by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )

    class Meta:
        ordering = ["item", "created_at"]
        verbose_name = _("Seal evidence")
        verbose_name_plural = _("Seal evidence")

    def __str__(self) -> str:
        return self.title


# --- External assessment and award ----------------------------------------------------------------


class AssessmentState(models.TextChoices):
    IN_PROGRESS = "in_progress", _("In progress")
    CONCLUDED = "concluded", _("Concluded")


class Assessment(TimeStampedModel):
    """The external assessment of an enrolment by assessors; concluded with a score and a level."""

    enrolment = models.OneToOneField(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="assessment"
    )
    assessors = models.ManyToManyField(
        settings.AUTH_USER_MODEL, verbose_name=_("assessors"), related_name="seal_assessments"
    )
    state = models.CharField(
        _("state"),
        max_length=12,
        choices=AssessmentState.choices,
        default=AssessmentState.IN_PROGRESS,
    )
    started_at = models.DateTimeField(_("started at"), auto_now_add=True)
    concluded_at = models.DateTimeField(_("concluded at"), null=True, blank=True)
    compliance = models.DecimalField(
        _("compliance (%)"), max_digits=5, decimal_places=2, null=True, blank=True
    )
    level = models.CharField(_("level"), max_length=8, choices=Level.choices, blank=True)
    conclusion = models.TextField(_("conclusion"), blank=True)

    class Meta:
        verbose_name = _("external assessment")
        verbose_name_plural = _("external assessments")


class BenchmarkScore(TimeStampedModel):
    """The assessors' view of one benchmark."""

    assessment = models.ForeignKey(
        Assessment, verbose_name=_("assessment"), on_delete=models.CASCADE, related_name="scores"
    )
    benchmark = models.ForeignKey(
        Benchmark, verbose_name=_("benchmark"), on_delete=models.PROTECT, related_name="+"
    )
    result = models.CharField(_("result"), max_length=16, choices=Answer.choices, blank=True)
    comment = models.TextField(_("comment"), blank=True)
    scored_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("scored by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    scored_at = models.DateTimeField(_("scored at"), null=True, blank=True)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["assessment", "benchmark__sort_order", "benchmark__code"]
        verbose_name = _("benchmark score")
        verbose_name_plural = _("benchmark scores")
        constraints = [
            models.UniqueConstraint(
                fields=["assessment", "benchmark"], name="score_unique_benchmark"
            )
        ]


class RequestState(models.TextChoices):
    OPEN = "open", _("Waiting for the unit")
    ANSWERED = "answered", _("Answered")
    CLOSED = "closed", _("Closed")


class EvidenceRequest(TimeStampedModel):
    """Assessors ask the owning unit for more evidence on a benchmark; the unit answers."""

    item = models.ForeignKey(
        SelfAssessmentItem,
        verbose_name=_("benchmark"),
        on_delete=models.CASCADE,
        related_name="evidence_requests",
    )
    message = models.TextField(_("what is asked"))
    requested_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("asked by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    state = models.CharField(
        _("state"), max_length=12, choices=RequestState.choices, default=RequestState.OPEN
    )
    response = models.TextField(_("answer"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("answered by"),
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    responded_at = models.DateTimeField(_("answered at"), null=True, blank=True)

    class Meta:
        ordering = ["item", "created_at"]
        verbose_name = _("evidence request")
        verbose_name_plural = _("evidence requests")


class Award(TimeStampedModel):
    """The Seal awarded at the end of an assessment: level, date, expiry after the programme's years."""

    enrolment = models.OneToOneField(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="award"
    )
    level = models.CharField(_("level"), max_length=8, choices=Level.choices)
    compliance = models.DecimalField(_("compliance (%)"), max_digits=5, decimal_places=2)
    awarded_on = models.DateField(_("awarded on"))
    expires_on = models.DateField(_("expires on"))
    certificate_number = models.CharField(_("certificate number"), max_length=40, unique=True)

    class Meta:
        ordering = ["-awarded_on"]
        verbose_name = _("Seal award")
        verbose_name_plural = _("Seal awards")


# --- Action plan ---------------------------------------------------------------------------------


class ActionStatus(models.TextChoices):
    PLANNED = "planned", _("Planned")
    IN_PROGRESS = "in_progress", _("In progress")
    DONE = "done", _("Done")
    DROPPED = "dropped", _("Dropped")


class Action(TimeStampedModel):
    """An action of the improvement plan, closing the gap on one or more unmet benchmarks."""

    enrolment = models.ForeignKey(
        Enrolment, verbose_name=_("enrolment"), on_delete=models.CASCADE, related_name="actions"
    )
    benchmarks = models.ManyToManyField(
        Benchmark, verbose_name=_("benchmarks"), related_name="+", blank=True
    )
    title = models.CharField(_("action"), max_length=500)
    description = models.TextField(_("description"), blank=True)
    unit = models.ForeignKey(
        "organizations.Organization",
        verbose_name=_("owning unit"),
        null=True,
        blank=True,
        on_delete=models.PROTECT,
        related_name="seal_actions",
    )
    due_on = models.DateField(_("due on"), null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=ActionStatus.choices, default=ActionStatus.PLANNED
    )
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    version = models.PositiveIntegerField(_("version"), default=1)

    class Meta:
        ordering = ["enrolment", "due_on", "pk"]
        verbose_name = _("improvement action")
        verbose_name_plural = _("improvement actions")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(progress__lte=100), name="action_progress_at_most_100"
            )
        ]


class ActionUpdate(models.Model):
    """A progress report on an action until reassessment."""

    action = models.ForeignKey(
        Action, verbose_name=_("action"), on_delete=models.CASCADE, related_name="updates"
    )
    reported_on = models.DateField(_("reported on"))
    progress = models.PositiveSmallIntegerField(_("progress (%)"))
    status = models.CharField(_("status"), max_length=12, choices=ActionStatus.choices)
    note = models.TextField(_("note"), blank=True)
    reported_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reported by"),
        null=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        ordering = ["action", "-reported_on", "-pk"]
        verbose_name = _("action update")
        verbose_name_plural = _("action updates")

    def __str__(self) -> str:
        return f"{self.action} · {self.reported_on}"
