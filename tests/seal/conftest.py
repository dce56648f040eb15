"""A small Seal world for the tests of every Seal module.

seal_world (alias `seal`) holds:
- programme "ges-test" 2025 (published; thresholds 60/70/80; award for 3 years) with three
  dimensions, five standards and ten benchmarks (weight 1, so each benchmark is 10 %):
      1 Leadership and commitment        1.1.1 (mandatory Bronze, Silver, Gold), 1.1.2, 1.2.1
      2 Public policy cycle              2.1.1 (mandatory Silver, Gold), 2.1.2, 2.2.1
      3 Organisational management        3.1.1 (mandatory Gold), 3.1.2, 3.2.1, 3.2.2
- the institution BMA (Bangkok Metropolitan Administration) with its units: departments
  "finance" (bma-finance) and "health" (bma-health), a hospital under the health department
  ("hospital", two levels down) and the district office "bangrak" (bma-bangrak);
- another institution, "cnx" (Chiang Mai Municipality), with its own enrolment and coordinator;
- users (world.users[...], also as attributes): coordinator (BMA coordinator), owner_finance,
  owner_health (reporters of their department), viewer (BMA viewer), assessor (assessor role,
  listed when the assessment starts), assessor_other (assessor role, never listed),
  other_coordinator (coordinator of cnx), admin (platform administrator), stranger (no role);
- world.enrolment: BMA's enrolment, cycle 1, started 1 Oct 2024, at the engage stage;
  world.other_enrolment: cnx's.

Helpers move the enrolment along the real services (notifications delivered as after commit):
world.engage(), world.assign(codes, "finance"), world.answer("1.1.1", "met"),
world.answer_all({...}), world.submit(), world.start_assessment(), world.score_all({...}),
world.add_action(), world.conclude(), or world.to_stage("external_assessment") for all of it.
world.item("1.1.1"), world.score("1.1.1"), world.pdf("name.pdf"), world.exe().
"""

from __future__ import annotations

import datetime as dt
from contextlib import nullcontext
from dataclasses import dataclass, field
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from naptrack.core.services import SYSTEM
from naptrack.organizations.models import OrganizationKind, Role
from naptrack.seal import services
from naptrack.seal.models import (
    Assessment,
    Benchmark,
    BenchmarkScore,
    Enrolment,
    Programme,
    SealDimension,
    SelfAssessmentItem,
    Stage,
    Standard,
)
from tests.reporting.evidence_samples import EXE, PDF

STARTED_ON = dt.date(2024, 10, 1)
DUE_ON = dt.date(2024, 12, 20)

# code → (dimension, standard, mandatory levels)
BENCHMARKS = {
    "1.1.1": ("1", "1.1", {"bronze", "silver", "gold"}),
    "1.1.2": ("1", "1.1", set()),
    "1.2.1": ("1", "1.2", set()),
    "2.1.1": ("2", "2.1", {"silver", "gold"}),
    "2.1.2": ("2", "2.1", set()),
    "2.2.1": ("2", "2.2", set()),
    "3.1.1": ("3", "3.1", {"gold"}),
    "3.1.2": ("3", "3.1", set()),
    "3.2.1": ("3", "3.2", set()),
    "3.2.2": ("3", "3.2", set()),
}
DIMENSIONS = {
    "1": ("ภาวะผู้นำและความมุ่งมั่น", "Leadership and commitment"),
    "2": ("วงจรนโยบายสาธารณะ", "Public policy cycle"),
    "3": ("การบริหารจัดการองค์กร", "Organisational management"),
}
# Which unit owns which benchmarks in world.answer_all().
UNIT_OF = {"1": "finance", "2": "health", "3": "bangrak"}


@pytest.fixture
def english():
    """Messages are asserted in English (asked for by the modules that need it)."""
    from django.utils import translation

    with translation.override("en"):
        yield


@pytest.fixture
def seal_media(settings, tmp_path):
    """Uploaded files go to a temporary folder."""
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def make_programme(code: str = "ges-test", version: str = "2025", **fields) -> Programme:
    programme = Programme.objects.create(
        code=code,
        version=version,
        name_th="ตราสัญลักษณ์ความเท่าเทียมทางเพศ (ทดสอบ)",
        name_en="Gender Equality Seal (test)",
        is_published=fields.pop("is_published", True),
        **fields,
    )
    dimensions, standards = {}, {}
    for order, (dim_code, (name_th, name_en)) in enumerate(DIMENSIONS.items()):
        dimensions[dim_code] = SealDimension.objects.create(
            programme=programme, code=dim_code, name_th=name_th, name_en=name_en, sort_order=order
        )
    for order, (code, (dim_code, std_code, mandatory)) in enumerate(BENCHMARKS.items()):
        if std_code not in standards:
            standards[std_code] = Standard.objects.create(
                dimension=dimensions[dim_code],
                code=std_code,
                name_th=f"มาตรฐาน {std_code}",
                name_en=f"Standard {std_code}",
                sort_order=len(standards),
            )
        Benchmark.objects.create(
            standard=standards[std_code],
            programme=programme,
            code=code,
            text_th=f"เกณฑ์ {code}",
            text_en=f"Benchmark {code}",
            verification_en=f"Document proving {code}",
            mandatory_bronze="bronze" in mandatory,
            mandatory_silver="silver" in mandatory,
            mandatory_gold="gold" in mandatory,
            weight=Decimal("1"),
            is_illustrative=True,
            sort_order=order,
        )
    return programme


@dataclass
class SealWorld:
    build: object
    programme: Programme
    orgs: dict
    units: dict
    users: dict
    enrolment: Enrolment
    other_enrolment: Enrolment
    capture: object = None
    uploads: list = field(default_factory=list)

    def __getattr__(self, name):
        users = self.__dict__.get("users") or {}
        if name in users:
            return users[name]
        raise AttributeError(name)

    # --- Looking things up -------------------------------------------------------------------

    @property
    def bma(self):
        return self.orgs["bma"]

    @property
    def cnx(self):
        return self.orgs["cnx"]

    def refresh(self) -> Enrolment:
        self.enrolment.refresh_from_db()
        return self.enrolment

    def item(self, code: str, enrolment: Enrolment | None = None) -> SelfAssessmentItem:
        return SelfAssessmentItem.objects.get(
            enrolment=enrolment or self.enrolment, benchmark__code=code
        )

    def items(self, *codes: str) -> list[SelfAssessmentItem]:
        return [self.item(code) for code in codes]

    def score(self, code: str) -> BenchmarkScore:
        return BenchmarkScore.objects.get(
            assessment__enrolment=self.enrolment, benchmark__code=code
        )

    def owner_of(self, unit_key: str):
        return {"finance": self.users["owner_finance"], "health": self.users["owner_health"]}.get(
            unit_key, self.users["coordinator"]
        )

    # --- Files -----------------------------------------------------------------------------------

    @staticmethod
    def pdf(name: str = "หนังสือเวียน.pdf") -> SimpleUploadedFile:
        return SimpleUploadedFile(name, PDF, content_type="application/pdf")

    @staticmethod
    def exe(name: str = "report.pdf") -> SimpleUploadedFile:
        return SimpleUploadedFile(name, EXE, content_type="application/pdf")

    # --- Doing things through the services ------------------------------------------------------

    def act(self, function, **kwargs):
        """Run a service and the work it schedules after commit (notifications)."""
        with self.capture(execute=True) if self.capture else nullcontext():
            return function(**kwargs)

    def engage(self, *, to_self_assessment: bool = True) -> Enrolment:
        self.act(
            services.engagement_save,
            actor=self.users["coordinator"],
            enrolment=self.enrolment,
            commitment_signed_on=STARTED_ON,
            self_assessment_due_on=DUE_ON,
            committee=[
                {"name": "Somchai Jaidee", "position": "Deputy Governor", "role": "chair"},
                {"name": "Malee Suksan", "unit": self.units["finance"], "role": "secretary"},
            ],
        )
        if to_self_assessment:
            self.act(
                services.stage_advance,
                actor=self.users["coordinator"],
                enrolment=self.refresh(),
                to_stage=Stage.SELF_ASSESSMENT,
            )
        return self.refresh()

    def assign(self, codes, unit_key: str, due_on: dt.date = DUE_ON) -> int:
        return self.act(
            services.items_assign,
            actor=self.users["coordinator"],
            enrolment=self.refresh(),
            items=self.items(*codes),
            unit=self.units[unit_key],
            due_on=due_on,
        )

    def answer(self, code: str, answer: str = "met", *, actor=None, reason: str = ""):
        item = self.item(code)
        actor = actor or self._answerer(item)
        if answer == "not_applicable" and not reason:
            reason = "The institution has no such service."
        return self.act(
            services.item_answer,
            actor=actor,
            item=item,
            expected_version=item.version,
            answer=answer,
            description=f"What we do for {code}",
            not_applicable_reason=reason,
        )

    def _answerer(self, item):
        for key, unit in self.units.items():
            if unit.pk == item.unit_id:
                return self.owner_of(key)
        return self.users["coordinator"]

    def answer_all(self, answers: dict[str, str] | None = None, *, default: str = "met"):
        """Assign every benchmark to its unit (UNIT_OF) if not assigned, and answer it."""
        answers = answers or {}
        if self.refresh().stage == Stage.ENGAGE:
            self.engage()
        by_unit: dict[str, list[str]] = {}
        for code in BENCHMARKS:
            if self.item(code).unit_id is None:
                by_unit.setdefault(UNIT_OF[code[0]], []).append(code)
        for unit_key, codes in by_unit.items():
            self.assign(codes, unit_key)
        for code in BENCHMARKS:
            self.answer(code, answers.get(code, default))
        return self.refresh()

    def submit(self) -> Enrolment:
        self.act(
            services.self_assessment_submit,
            actor=self.users["coordinator"],
            enrolment=self.refresh(),
        )
        return self.refresh()

    def start_assessment(self, assessors=None):
        return self.act(
            services.assessment_start,
            actor=self.users["coordinator"],
            enrolment=self.refresh(),
            assessors=assessors or [self.users["assessor"]],
        )

    def score_all(self, results: dict[str, str] | None = None, *, default: str = "met"):
        results = results or {}
        for code in BENCHMARKS:
            score = self.score(code)
            self.act(
                services.score_set,
                actor=self.users["assessor"],
                score=score,
                expected_version=score.version,
                result=results.get(code, default),
                comment=f"Checked {code}",
            )

    def add_action(self, **fields):
        fields.setdefault("title", "Train every department's gender focal point")
        fields.setdefault("unit", self.units["health"])
        fields.setdefault("due_on", dt.date(2025, 6, 30))
        fields.setdefault("benchmarks", [self.item("2.1.1").benchmark])
        return self.act(
            services.action_save,
            actor=self.users["coordinator"],
            enrolment=self.refresh(),
            **fields,
        )

    def conclude(self, today: dt.date = dt.date(2025, 9, 15), conclusion: str = "Well done."):
        return self.act(
            services.assessment_conclude,
            actor=self.users["assessor"],
            assessment=self.refresh().assessment,
            conclusion=conclusion,
            today=today,
        )

    def to_stage(self, stage: str, *, answers=None, results=None) -> Enrolment:
        """Drive BMA's enrolment through the real workflow up to the given stage, from wherever
        it is (steps already done are skipped)."""
        order = [s.value for s in Stage]
        target = order.index(stage)

        def at(step):
            return order.index(self.refresh().stage) >= order.index(step)

        if target >= order.index(Stage.SELF_ASSESSMENT) and not at(Stage.SELF_ASSESSMENT):
            self.engage()
        if target >= order.index(Stage.ACTION_PLAN) and not at(Stage.ACTION_PLAN):
            self.answer_all(answers)
            self.submit()
        if target >= order.index(Stage.EXTERNAL_ASSESSMENT) and not at(Stage.EXTERNAL_ASSESSMENT):
            if not self.enrolment.actions.exists():
                self.add_action()
            if not Assessment.objects.filter(enrolment=self.enrolment).exists():
                self.start_assessment()
            self.act(
                services.stage_advance,
                actor=self.users["coordinator"],
                enrolment=self.refresh(),
                to_stage=Stage.EXTERNAL_ASSESSMENT,
            )
        if target >= order.index(Stage.AWARD) and not at(Stage.AWARD):
            self.score_all(results)
            self.conclude()
        return self.refresh()


def _seal_world(build, capture) -> SealWorld:
    programme = make_programme()
    bma = build.organization(
        "bma",
        kind=OrganizationKind.LOCAL_GOVERNMENT,
        name_th="กรุงเทพมหานคร",
        name_en="Bangkok Metropolitan Administration",
        abbreviation_th="กทม.",
        abbreviation_en="BMA",
    )
    units = {
        "finance": build.organization(
            "bma-finance",
            parent=bma,
            name_th="สำนักการคลัง",
            name_en="Finance Department",
        ),
        "health": build.organization(
            "bma-health", parent=bma, name_th="สำนักอนามัย", name_en="Health Department"
        ),
        "bangrak": build.organization(
            "bma-bangrak",
            kind=OrganizationKind.LOCAL_GOVERNMENT,
            parent=bma,
            name_th="สำนักงานเขตบางรัก",
            name_en="Bang Rak District Office",
        ),
    }
    units["hospital"] = build.organization(
        "bma-health-hospital",
        kind=OrganizationKind.AGENCY,
        parent=units["health"],
        name_th="โรงพยาบาลกลาง",
        name_en="Klang Hospital",
    )
    cnx = build.organization(
        "cnx",
        kind=OrganizationKind.LOCAL_GOVERNMENT,
        name_th="เทศบาลนครเชียงใหม่",
        name_en="Chiang Mai Municipality",
        abbreviation_en="CNX",
    )
    cnx_unit = build.organization("cnx-social", parent=cnx, name_en="Social Welfare Division")
    assessors_org = build.organization(
        "seal-assessors", kind=OrganizationKind.UN_AGENCY, name_en="Seal Assessors Pool"
    )
    users = {
        "coordinator": build.user(
            "seal.coordinator", organization=bma, role=Role.COORDINATOR, email="coord@bma.test"
        ),
        "owner_finance": build.user(
            "seal.finance",
            organization=units["finance"],
            role=Role.REPORTER,
            email="finance@bma.test",
        ),
        "owner_health": build.user(
            "seal.health", organization=units["health"], role=Role.REPORTER, email="health@bma.test"
        ),
        "viewer": build.user("seal.viewer", organization=bma, role=Role.VIEWER),
        "assessor": build.user(
            "seal.assessor", organization=assessors_org, role=Role.ASSESSOR, email="a@seal.test"
        ),
        "assessor_other": build.user(
            "seal.assessor2", organization=assessors_org, role=Role.ASSESSOR
        ),
        "other_coordinator": build.user("seal.cnx", organization=cnx, role=Role.COORDINATOR),
        "other_owner": build.user("seal.cnx.unit", organization=cnx_unit, role=Role.REPORTER),
        "admin": build.user("seal.admin", is_superuser=True, is_staff=True),
        "stranger": build.user("seal.stranger"),
    }
    enrolment = services.enrolment_create(
        actor=users["coordinator"], institution=bma, programme=programme, started_on=STARTED_ON
    )
    other = services.enrolment_create(
        actor=users["other_coordinator"],
        institution=cnx,
        programme=programme,
        started_on=STARTED_ON,
    )
    return SealWorld(
        build=build,
        programme=programme,
        orgs={"bma": bma, "cnx": cnx, "cnx-social": cnx_unit, "assessors": assessors_org},
        units=units,
        users=users,
        enrolment=enrolment,
        other_enrolment=other,
        capture=capture,
    )


@pytest.fixture
def seal_world(build, seal_media, django_capture_on_commit_callbacks) -> SealWorld:
    return _seal_world(build, django_capture_on_commit_callbacks)


@pytest.fixture
def seal(seal_world) -> SealWorld:
    return seal_world


@pytest.fixture
def seal_system():
    """The platform itself, for set-ups that bypass permissions."""
    return SYSTEM
