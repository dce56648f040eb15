"""What the Seal API reads and answers: programmes, enrolments, items, evidence, assessment, actions.

The input serializers only check the shape of a request; the rules of the Seal (who may answer,
what a stage needs) stay in `seal.services`, which answer in the request language. Every choice is
a NamedChoiceField so that each set of choices is one named enum in the OpenAPI document.
"""

from __future__ import annotations

from django.urls import reverse
from drf_spectacular.extensions import OpenApiSerializerFieldExtension
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from naptrack.api.filters import MAX_ID, _choice, _code
from naptrack.api.serializers import OrganizationRefSerializer
from naptrack.api.serializers_reporting import MAX_VERSION, NamedChoiceField
from naptrack.reporting.rules import MAX_TEXT
from naptrack.seal.models import (
    Action,
    ActionStatus,
    ActionUpdate,
    Answer,
    Assessment,
    AssessmentState,
    Award,
    Benchmark,
    BenchmarkScore,
    CommitteeMember,
    CommitteeRole,
    Enrolment,
    EvidenceRequest,
    ItemState,
    Level,
    Programme,
    RequestState,
    SealDimension,
    SealEvidence,
    SelfAssessmentItem,
    Stage,
    StageEvent,
    Standard,
)

LEVEL = {"enum_name": "SealLevelEnum"}
STAGE = {"enum_name": "SealStageEnum"}
ANSWER = {"enum_name": "SealAnswerEnum"}
ITEM_STATE = {"enum_name": "SealItemStateEnum"}
REQUEST_STATE = {"enum_name": "SealRequestStateEnum"}
ASSESSMENT_STATE = {"enum_name": "SealAssessmentStateEnum"}
ACTION_STATUS = {"enum_name": "SealActionStatusEnum"}
COMMITTEE_ROLE = {"enum_name": "SealCommitteeRoleEnum"}


class BlankableChoiceField(NamedChoiceField):
    """A choice that may also be empty (""): not yet answered, no level reached, no stage."""

    def __init__(self, choices, *, enum_name: str, **kwargs):
        super().__init__(choices, enum_name=enum_name, allow_blank=True, **kwargs)


class BlankableChoiceFieldExtension(OpenApiSerializerFieldExtension):
    target_class = BlankableChoiceField

    def get_name(self) -> str:
        return self.target.enum_name

    def map_serializer_field(self, auto_schema, direction):
        labels = "\n".join(f"* `{key}` - {label}" for key, label in self.target.choices.items())
        return {
            "type": "string",
            "enum": ["", *self.target.choices],
            "description": f"{labels}\n* `` (empty) - none",
        }


def _percent(help_text: str = "", **kwargs) -> serializers.DecimalField:
    return serializers.DecimalField(
        max_digits=5,
        decimal_places=2,
        coerce_to_string=False,
        read_only=True,
        help_text=help_text,
        **kwargs,
    )


def _name_of(user) -> str | None:
    if user is None:
        return None
    return user.get_full_name() or user.get_username()


class UserNameField(serializers.CharField):
    """A person as the pages name them (full name, else the username); null when unknown."""

    def __init__(self, **kwargs):
        super().__init__(read_only=True, allow_null=True, **kwargs)

    def to_representation(self, value):
        return _name_of(value)


def _absolute(context: dict, path: str) -> str:
    request = context.get("request")
    return request.build_absolute_uri(path) if request else path


# --- Filters ------------------------------------------------------------------------------------


class SealProgrammeFilters(serializers.Serializer):
    code = _code("Only versions of the programme with this code.")


class SealEnrolmentFilters(serializers.Serializer):
    institution = _code("Only enrolments of the institution with this organization code.")
    stage = _choice(Stage.choices, "Only enrolments at this stage.")


class SealItemFilters(serializers.Serializer):
    unit = _code("Only benchmarks assigned to the unit with this organization code.")
    state = _choice(ItemState.choices, "Only benchmarks in this state.")


# --- Programmes ----------------------------------------------------------------------------------


class SealBenchmarkSerializer(serializers.ModelSerializer):
    text = serializers.CharField(read_only=True, help_text="The benchmark in the request language.")
    verification = serializers.CharField(
        read_only=True, help_text="Means of verification in the request language."
    )
    weight = serializers.DecimalField(
        max_digits=6, decimal_places=2, coerce_to_string=False, read_only=True
    )

    class Meta:
        model = Benchmark
        fields = [
            "id",
            "code",
            "text",
            "text_th",
            "text_en",
            "text_vi",
            "verification",
            "verification_th",
            "verification_en",
            "verification_vi",
            "mandatory_bronze",
            "mandatory_silver",
            "mandatory_gold",
            "weight",
            "is_illustrative",
        ]
        read_only_fields = fields


class SealStandardSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="Name in the request language.")
    benchmarks = SealBenchmarkSerializer(many=True, read_only=True)

    class Meta:
        model = Standard
        fields = ["id", "code", "name", "name_th", "name_en", "name_vi", "benchmarks"]
        read_only_fields = fields


class SealDimensionSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="Name in the request language.")
    standards = SealStandardSerializer(many=True, read_only=True)

    class Meta:
        model = SealDimension
        fields = ["id", "code", "name", "name_th", "name_en", "name_vi", "standards"]
        read_only_fields = fields


class SealProgrammeRefSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="Name in the request language.")

    class Meta:
        model = Programme
        fields = ["id", "code", "version", "name", "is_illustrative"]
        read_only_fields = fields


class SealProgrammeSerializer(serializers.ModelSerializer):
    name = serializers.CharField(read_only=True, help_text="Name in the request language.")
    description = serializers.CharField(read_only=True)
    bronze_threshold = _percent("Compliance from which Bronze is reached (%).")
    silver_threshold = _percent("Compliance from which Silver is reached (%).")
    gold_threshold = _percent("Compliance from which Gold is reached (%).")
    previous = serializers.IntegerField(
        source="previous_id", read_only=True, allow_null=True, help_text="Id of the version before."
    )
    benchmark_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = Programme
        fields = [
            "id",
            "code",
            "version",
            "name",
            "name_th",
            "name_en",
            "name_vi",
            "description",
            "bronze_threshold",
            "silver_threshold",
            "gold_threshold",
            "award_years",
            "is_published",
            "is_illustrative",
            "previous",
            "benchmark_count",
        ]
        read_only_fields = fields


class SealProgrammeDetailSerializer(SealProgrammeSerializer):
    dimensions = SealDimensionSerializer(many=True, read_only=True)

    class Meta(SealProgrammeSerializer.Meta):
        fields = [*SealProgrammeSerializer.Meta.fields, "dimensions"]
        read_only_fields = fields


# --- Enrolments ----------------------------------------------------------------------------------


class SealAwardSerializer(serializers.ModelSerializer):
    level = NamedChoiceField(Level.choices, read_only=True, **LEVEL)
    level_label = serializers.CharField(source="get_level_display", read_only=True)
    compliance = _percent()

    class Meta:
        model = Award
        fields = [
            "id",
            "level",
            "level_label",
            "compliance",
            "awarded_on",
            "expires_on",
            "certificate_number",
        ]
        read_only_fields = fields


class SealStageEventSerializer(serializers.ModelSerializer):
    stage = BlankableChoiceField(Stage.choices, read_only=True, enum_name="SealStageOrBlankEnum")
    actor = UserNameField(help_text="Who did it; null for the platform.")
    data = serializers.DictField(read_only=True, help_text="Details of the step (ids, codes …).")

    class Meta:
        model = StageEvent
        fields = ["id", "kind", "stage", "actor", "created_at", "comment", "data"]
        read_only_fields = fields


class SealCommitteeMemberSerializer(serializers.ModelSerializer):
    unit = serializers.CharField(source="unit.code", read_only=True, allow_null=True, default=None)
    role = NamedChoiceField(CommitteeRole.choices, read_only=True, **COMMITTEE_ROLE)

    class Meta:
        model = CommitteeMember
        fields = ["name", "position", "unit", "role"]
        read_only_fields = fields


class SealProgressSerializer(serializers.Serializer):
    """How far the self-assessment is: benchmarks by state."""

    total = serializers.IntegerField()
    answered = serializers.IntegerField(help_text="Answered or reviewed.")
    assigned = serializers.IntegerField()
    answered_waiting = serializers.IntegerField(help_text="Answered, waiting for review.")
    returned = serializers.IntegerField()
    reviewed = serializers.IntegerField()
    unassigned = serializers.IntegerField(help_text="Not given to a unit yet.")


class SealEnrolmentSerializer(serializers.ModelSerializer):
    institution = OrganizationRefSerializer(read_only=True)
    programme = SealProgrammeRefSerializer(read_only=True)
    previous = serializers.IntegerField(
        source="previous_id", read_only=True, allow_null=True, help_text="Id of the cycle before."
    )
    stage = NamedChoiceField(Stage.choices, read_only=True, **STAGE)
    stage_label = serializers.CharField(source="get_stage_display", read_only=True)
    progress = serializers.SerializerMethodField()
    award = serializers.SerializerMethodField()

    class Meta:
        model = Enrolment
        fields = [
            "id",
            "institution",
            "programme",
            "cycle",
            "previous",
            "stage",
            "stage_label",
            "started_on",
            "commitment_signed_on",
            "self_assessment_due_on",
            "self_assessment_submitted_at",
            "version",
            "progress",
            "award",
        ]
        read_only_fields = fields

    @extend_schema_field(SealProgressSerializer)
    def get_progress(self, enrolment: Enrolment) -> dict:
        counts = self.context.get("progress", {}).get(enrolment.pk, {})
        by_state = counts.get("states", {})
        return {
            "total": counts.get("total", 0),
            "answered": by_state.get(ItemState.ANSWERED, 0) + by_state.get(ItemState.REVIEWED, 0),
            "assigned": by_state.get(ItemState.ASSIGNED, 0),
            "answered_waiting": by_state.get(ItemState.ANSWERED, 0),
            "returned": by_state.get(ItemState.RETURNED, 0),
            "reviewed": by_state.get(ItemState.REVIEWED, 0),
            "unassigned": counts.get("unassigned", 0),
        }

    @extend_schema_field(SealAwardSerializer(allow_null=True))
    def get_award(self, enrolment: Enrolment):
        award = getattr(enrolment, "award", None) if _has_award(enrolment) else None
        return SealAwardSerializer(award, context=self.context).data if award else None


def _has_award(enrolment: Enrolment) -> bool:
    try:
        return enrolment.award is not None
    except Award.DoesNotExist:
        return False


class SealAssessmentSerializer(serializers.ModelSerializer):
    state = NamedChoiceField(AssessmentState.choices, read_only=True, **ASSESSMENT_STATE)
    compliance = _percent(allow_null=True)
    level = BlankableChoiceField(Level.choices, read_only=True, enum_name="SealLevelOrBlankEnum")
    assessors = serializers.SerializerMethodField(help_text="Names of the assessors.")

    class Meta:
        model = Assessment
        fields = [
            "id",
            "state",
            "started_at",
            "concluded_at",
            "compliance",
            "level",
            "conclusion",
            "assessors",
        ]
        read_only_fields = fields

    def get_assessors(self, assessment: Assessment) -> list[str]:
        return [_name_of(user) for user in assessment.assessors.all()]


AllowedSealActionsSerializer = type(
    "AllowedSealActionsSerializer",
    (serializers.Serializer,),
    {
        "__doc__": "What you may do with the enrolment now.",
        **{
            name: serializers.BooleanField(read_only=True, help_text=help_text)
            for name, help_text in (
                ("manage", "Change the engagement and move the stages on."),
                ("assign", "Assign benchmarks to units."),
                ("review", "Accept answers or send them back."),
                ("submit", "Submit the whole self-assessment."),
                ("start_assessment", "Start the external assessment with its assessors."),
                ("edit_actions", "Create and change the actions of the plan."),
                ("score", "Score benchmarks (assessors)."),
                ("request_evidence", "Ask the units for more evidence (assessors)."),
                ("conclude", "Conclude the assessment (assessors)."),
            )
        },
    },
)


class SealEnrolmentDetailSerializer(SealEnrolmentSerializer):
    events = SealStageEventSerializer(many=True, read_only=True)
    committee = SealCommitteeMemberSerializer(many=True, read_only=True)
    assessment = serializers.SerializerMethodField(
        help_text="The external assessment, for the institution and its assessors; null before "
        "it starts."
    )
    allowed_actions = serializers.SerializerMethodField()

    class Meta(SealEnrolmentSerializer.Meta):
        fields = [
            *SealEnrolmentSerializer.Meta.fields,
            "committee",
            "events",
            "assessment",
            "allowed_actions",
        ]
        read_only_fields = fields

    @extend_schema_field(SealAssessmentSerializer(allow_null=True))
    def get_assessment(self, enrolment: Enrolment):
        assessment = self.context.get("assessment")
        return (
            SealAssessmentSerializer(assessment, context=self.context).data if assessment else None
        )

    @extend_schema_field(AllowedSealActionsSerializer)
    def get_allowed_actions(self, enrolment: Enrolment) -> dict[str, bool]:
        return self.context["allowed_actions"]


# --- Items, evidence, requests, scores ------------------------------------------------------------


class SealItemBenchmarkSerializer(serializers.ModelSerializer):
    text = serializers.CharField(read_only=True, help_text="The benchmark in the request language.")
    verification = serializers.CharField(read_only=True)
    standard = serializers.CharField(source="standard.code", read_only=True)
    dimension = serializers.CharField(source="standard.dimension.code", read_only=True)

    class Meta:
        model = Benchmark
        fields = [
            "id",
            "code",
            "dimension",
            "standard",
            "text",
            "verification",
            "mandatory_bronze",
            "mandatory_silver",
            "mandatory_gold",
        ]
        read_only_fields = fields


class SealEvidenceSerializer(serializers.ModelSerializer):
    item = serializers.IntegerField(source="item_id", read_only=True)
    request = serializers.IntegerField(
        source="request_id",
        read_only=True,
        allow_null=True,
        help_text="The assessors' request this evidence answers; null otherwise.",
    )
    url = serializers.CharField(read_only=True, help_text="The link, for evidence given as a link.")
    download_url = serializers.SerializerMethodField(
        help_text="Where to download the file (signed in, with permission); null for a link."
    )
    uploaded_by = UserNameField()

    class Meta:
        model = SealEvidence
        fields = [
            "id",
            "item",
            "request",
            "title",
            "description",
            "url",
            "download_url",
            "original_name",
            "content_type",
            "size",
            "sha256",
            "uploaded_by",
            "created_at",
        ]
        read_only_fields = fields

    def get_download_url(self, evidence: SealEvidence) -> str | None:
        if not evidence.file:
            return None
        return _absolute(self.context, reverse("api-seal-evidence-download", args=[evidence.pk]))


class SealEvidenceRequestSerializer(serializers.ModelSerializer):
    item = serializers.IntegerField(source="item_id", read_only=True)
    state = NamedChoiceField(RequestState.choices, read_only=True, **REQUEST_STATE)
    requested_by = UserNameField()
    responded_by = UserNameField()

    class Meta:
        model = EvidenceRequest
        fields = [
            "id",
            "item",
            "message",
            "requested_by",
            "state",
            "response",
            "responded_by",
            "responded_at",
            "created_at",
        ]
        read_only_fields = fields


class SealScoreSerializer(serializers.ModelSerializer):
    benchmark = serializers.CharField(
        source="benchmark.code", read_only=True, help_text="Code of the benchmark."
    )
    result = BlankableChoiceField(Answer.choices, read_only=True, enum_name="SealAnswerOrBlankEnum")
    scored_by = UserNameField()
    version = serializers.IntegerField(
        read_only=True, help_text="Send it back as expected_version when scoring."
    )

    class Meta:
        model = BenchmarkScore
        fields = ["id", "benchmark", "result", "comment", "scored_by", "scored_at", "version"]
        read_only_fields = fields


class SealItemSerializer(serializers.ModelSerializer):
    enrolment = serializers.IntegerField(source="enrolment_id", read_only=True)
    benchmark = SealItemBenchmarkSerializer(read_only=True)
    unit = OrganizationRefSerializer(read_only=True, allow_null=True)
    state = NamedChoiceField(ItemState.choices, read_only=True, **ITEM_STATE)
    state_label = serializers.CharField(source="get_state_display", read_only=True)
    answer = BlankableChoiceField(Answer.choices, read_only=True, enum_name="SealAnswerOrBlankEnum")
    answered_by = UserNameField()
    version = serializers.IntegerField(
        read_only=True, help_text="Send it back as expected_version when answering."
    )
    evidence_count = serializers.IntegerField(read_only=True)

    class Meta:
        model = SelfAssessmentItem
        fields = [
            "id",
            "enrolment",
            "benchmark",
            "unit",
            "due_on",
            "state",
            "state_label",
            "answer",
            "not_applicable_reason",
            "description",
            "feedback",
            "answered_by",
            "answered_at",
            "version",
            "evidence_count",
        ]
        read_only_fields = fields


class SealItemDetailSerializer(SealItemSerializer):
    evidence = SealEvidenceSerializer(many=True, read_only=True)
    evidence_requests = SealEvidenceRequestSerializer(many=True, read_only=True)
    score = serializers.SerializerMethodField(
        help_text="The assessors' result: for the assessors while they assess, for the "
        "institution once concluded; null otherwise."
    )

    class Meta(SealItemSerializer.Meta):
        fields = [*SealItemSerializer.Meta.fields, "evidence", "evidence_requests", "score"]
        read_only_fields = fields

    @extend_schema_field(SealScoreSerializer(allow_null=True))
    def get_score(self, item: SelfAssessmentItem):
        score = self.context.get("score")
        return SealScoreSerializer(score, context=self.context).data if score else None


# --- Action plan --------------------------------------------------------------------------------


class SealActionUpdateSerializer(serializers.ModelSerializer):
    status = NamedChoiceField(ActionStatus.choices, read_only=True, **ACTION_STATUS)
    reported_by = UserNameField()

    class Meta:
        model = ActionUpdate
        fields = ["id", "reported_on", "progress", "status", "note", "reported_by", "created_at"]
        read_only_fields = fields


class SealActionSerializer(serializers.ModelSerializer):
    enrolment = serializers.IntegerField(source="enrolment_id", read_only=True)
    unit = OrganizationRefSerializer(read_only=True, allow_null=True)
    status = NamedChoiceField(ActionStatus.choices, read_only=True, **ACTION_STATUS)
    benchmarks = serializers.SerializerMethodField(help_text="Codes of the benchmarks addressed.")
    updates = SealActionUpdateSerializer(many=True, read_only=True)
    version = serializers.IntegerField(
        read_only=True, help_text="Send it back as expected_version when changing the action."
    )

    class Meta:
        model = Action
        fields = [
            "id",
            "enrolment",
            "title",
            "description",
            "unit",
            "due_on",
            "status",
            "progress",
            "benchmarks",
            "updates",
            "version",
        ]
        read_only_fields = fields

    def get_benchmarks(self, action: Action) -> list[str]:
        return sorted(b.code for b in action.benchmarks.all())


class SealConcludedSerializer(serializers.Serializer):
    """The concluded assessment and the award (null when no level is reached)."""

    assessment = SealAssessmentSerializer()
    award = SealAwardSerializer(allow_null=True)


# --- Requests -------------------------------------------------------------------------------------


def _long_text(help_text: str = "", **kwargs) -> serializers.CharField:
    return serializers.CharField(
        required=False, allow_blank=True, max_length=MAX_TEXT, help_text=help_text, **kwargs
    )


def _version(what: str) -> serializers.IntegerField:
    return serializers.IntegerField(
        min_value=1,
        max_value=MAX_VERSION,
        help_text=f"The {what}'s version as you read it; a save based on an older one is refused "
        "(409).",
    )


# Required texts are not trimmed here: a text of spaces is refused by the services with their own
# message, so that the schema (which cannot say "not only spaces") never promises more than this.


class SealAssignInputSerializer(serializers.Serializer):
    items = serializers.ListField(
        child=serializers.IntegerField(min_value=1, max_value=MAX_ID),
        min_length=1,
        max_length=1000,
        help_text="Ids of the enrolment's benchmarks (self-assessment items) to assign.",
    )
    unit = serializers.SlugField(
        max_length=64, help_text="Code of the unit (a department or district office)."
    )
    due_on = serializers.DateField(
        required=False, allow_null=True, help_text="When the unit should answer (YYYY-MM-DD)."
    )


class SealAnswerInputSerializer(serializers.Serializer):
    expected_version = _version("benchmark")
    answer = NamedChoiceField(Answer.choices, **ANSWER)
    description = _long_text("What the unit does to meet the benchmark.")
    not_applicable_reason = _long_text("Required when the answer is not_applicable.")


class SealEvidenceUploadSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=300, trim_whitespace=False)
    description = _long_text()
    file = serializers.FileField(
        required=False,
        allow_empty_file=True,
        help_text="PDF, JPEG, PNG, WebP, Word or Excel, checked from the content. Give a file or "
        "a url, not both.",
    )
    url = serializers.URLField(required=False, allow_blank=True, max_length=1000)
    request = serializers.IntegerField(
        required=False,
        allow_null=True,
        min_value=1,
        max_value=MAX_ID,
        help_text="Id of the assessors' request this evidence answers.",
    )


class SealReviewInputSerializer(serializers.Serializer):
    accept = serializers.BooleanField(help_text="true: accept; false: send back with feedback.")
    feedback = _long_text("What the unit should change; required to send back.")
    expected_version = serializers.IntegerField(required=False, min_value=1, max_value=MAX_VERSION)


class SealAdvanceInputSerializer(serializers.Serializer):
    to_stage = NamedChoiceField(Stage.choices, help_text="The next stage.", **STAGE)
    comment = _long_text()


class SealAssessmentStartInputSerializer(serializers.Serializer):
    assessors = serializers.ListField(
        child=serializers.CharField(max_length=150, trim_whitespace=False),
        min_length=1,
        max_length=50,
        help_text="Usernames of the assessors (each holds the assessor role).",
    )


class SealScoreInputSerializer(serializers.Serializer):
    expected_version = _version("score")
    result = NamedChoiceField(Answer.choices, **ANSWER)
    comment = _long_text()


class SealRequestCreateInputSerializer(serializers.Serializer):
    message = serializers.CharField(
        max_length=MAX_TEXT, trim_whitespace=False, help_text="What evidence is needed."
    )


class SealRequestAnswerInputSerializer(serializers.Serializer):
    response = _long_text("The unit's answer; attach evidence with the request's id.")


class SealConcludeInputSerializer(serializers.Serializer):
    conclusion = _long_text("The assessors' conclusion.")


class SealActionInputSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=500, trim_whitespace=False)
    description = _long_text()
    unit = serializers.SlugField(
        required=False,
        allow_blank=True,
        allow_null=True,
        max_length=64,
        help_text="Code of the owning unit; empty for none.",
    )
    due_on = serializers.DateField(required=False, allow_null=True)
    status = NamedChoiceField(
        ActionStatus.choices, required=False, default=ActionStatus.PLANNED, **ACTION_STATUS
    )
    progress = serializers.IntegerField(required=False, default=0, min_value=0, max_value=100)
    benchmarks = serializers.ListField(
        child=serializers.CharField(max_length=20, trim_whitespace=False),
        required=False,
        max_length=500,
        help_text="Codes of the benchmarks the action addresses.",
    )


class SealActionSaveInputSerializer(SealActionInputSerializer):
    expected_version = _version("action")


class SealActionReportInputSerializer(serializers.Serializer):
    progress = serializers.IntegerField(min_value=0, max_value=100)
    status = NamedChoiceField(ActionStatus.choices, **ACTION_STATUS)
    note = _long_text()
    reported_on = serializers.DateField(required=False, allow_null=True)
