"""Demo Gender Equality Seal: an illustrative programme and Bangkok's two cycles.

The programme (data/seal_programme_demo.json) is an illustrative benchmark list written for the
demonstration — the real global list is not public — organised under the three levels at which
the Seal works. It is marked illustrative on the programme and on every benchmark, and says so in
its name and description; it is loaded like the other reference data (created when missing, brought
in line when it differs).

BMA (`bma`) is enrolled with its departments and district offices as units:

- cycle 1, started when the Governor signed the letter of intent (15 Aug 2023, B.E. 2566):
  engagement, self-assessment by five units with evidence links, review (one answer sent back and
  corrected), submission, an action plan with progress reports, the external assessment by the
  UNDP assessor (with a request for more evidence), and the conclusion: Bronze, awarded on
  20 June 2024 and valid for three years;
- cycle 2, in its self-assessment now: some benchmarks answered with evidence and reviewed, some
  waiting for review, some sent back, some still to answer.

Everything is done through the Seal's services by the demo users, so the history (StageEvents)
names real people. The services stamp each step with the present time; once a step is done its
timestamps are moved to the step's place in the story, as the demo rounds do. The first cycle's
messages are not delivered (it ended long ago); the current cycle's go out as they would have.

An enrolment that exists already is left exactly as it is: a second run creates nothing.
"""

from __future__ import annotations

import datetime as dt
import json
import logging
from dataclasses import dataclass
from pathlib import Path
from zoneinfo import ZoneInfo

from django.contrib.auth import get_user_model
from django.contrib.auth.hashers import make_password
from django.db import transaction
from django.db.models import Case, F, Q, Value, When
from django.utils import timezone

from naptrack.core.services import SYSTEM
from naptrack.demo.data import accounts as account_data
from naptrack.demo.loaders import LoadStats, texts, upsert
from naptrack.demo.reporting_loader import _without_notifications
from naptrack.organizations.models import Membership, Organization, OrganizationKind, Role
from naptrack.organizations.services import (
    OrganizationSpec,
    membership_grant,
    organizations_sync,
)
from naptrack.seal import services
from naptrack.seal.models import (
    Action,
    ActionUpdate,
    Assessment,
    Award,
    Benchmark,
    BenchmarkScore,
    CommitteeMember,
    Enrolment,
    EvidenceRequest,
    Programme,
    SealDimension,
    SealEvidence,
    SelfAssessmentItem,
    Stage,
    StageEvent,
    Standard,
)

log = logging.getLogger(__name__)

PROGRAMME_FILE = Path(__file__).parent / "data" / "seal_programme_demo.json"
INSTITUTION = "bma"
BANGKOK = ZoneInfo("Asia/Bangkok")
EVIDENCE_SITE = "https://docs.demo.naptrack.example/bma/seal"

# Units of BMA that take part besides those of the reference data (bma-sdd, bma-sed, bma-csc,
# bma-bang-rak).
UNITS = (
    OrganizationSpec(
        code="bma-health",
        kind=OrganizationKind.DEPARTMENT,
        parent=INSTITUTION,
        country="TH",
        name_th="สำนักอนามัย กรุงเทพมหานคร",
        name_en="Health Department, BMA",
        name_vi="Sở Y tế, Chính quyền Thủ đô Bangkok",
    ),
    OrganizationSpec(
        code="bma-pathum-wan",
        kind=OrganizationKind.LOCAL_GOVERNMENT,
        parent=INSTITUTION,
        country="TH",
        name_th="สำนักงานเขตปทุมวัน",
        name_en="Pathum Wan District Office, BMA",
        name_vi="Văn phòng quận Pathum Wan, Bangkok",
    ),
)


@dataclass(frozen=True)
class SealAccount:
    username: str
    organization: str
    role: str
    first_name: str
    last_name: str = "(สาธิต)"


# The demo accounts the Seal's story needs. coordinator.bma, reporter.bma-sdd and assessor.undp
# are demo accounts already; the others are made here when missing, like every demo account.
ACCOUNTS = (
    SealAccount("coordinator.bma", "bma", Role.COORDINATOR, "ผู้ประสานงาน กทม."),
    SealAccount("reporter.bma-sdd", "bma-sdd", Role.REPORTER, "ผู้รายงาน สำนักพัฒนาสังคม"),
    SealAccount("reporter.bma-sed", "bma-sed", Role.REPORTER, "ผู้รายงาน สำนักยุทธศาสตร์ฯ"),
    SealAccount("reporter.bma-csc", "bma-csc", Role.REPORTER, "ผู้รายงาน สำนักงาน ก.ก."),
    SealAccount("reporter.bma-bang-rak", "bma-bang-rak", Role.REPORTER, "ผู้รายงาน เขตบางรัก"),
    SealAccount("assessor.undp", "undp", Role.ASSESSOR, "UNDP assessor", "(demo)"),
)

# Which unit owns which benchmarks (the same in both cycles).
OWNERS = {
    "bma-sdd": ("1.1.1", "1.1.2", "1.1.4", "1.2.1", "1.2.2", "1.2.3", "2.3.1", "2.3.3"),
    "bma-sed": ("1.1.3", "1.3.1", "1.3.2", "2.1.2", "2.1.3", "2.2.1", "2.2.2", "2.3.2"),
    "bma-csc": ("1.3.3", "3.1.1", "3.1.2", "3.1.3", "3.1.4", "3.2.1", "3.3.1", "3.3.2", "3.3.3"),
    "bma-health": ("2.1.4", "3.2.2", "3.4.1"),
    "bma-bang-rak": ("2.1.1", "2.2.3"),
    "bma-pathum-wan": ("2.3.4", "3.4.2"),
}

MET, PARTLY, NOT_MET, NA = "met", "partly_met", "not_met", "not_applicable"
# Cycle 1 as the assessors found it: 19 met of 31 applicable (61.29 %): Bronze. Silver is out of
# reach twice over: below 70 %, and 2.2.3 (mandatory for Silver) only partly met.
ASSESSED_1 = {
    **dict.fromkeys(
        (
            "1.1.1 1.1.2 1.1.3 1.1.4 1.2.1 1.2.2 1.3.1 2.1.1 2.1.2 2.2.1 2.3.1 2.3.3 3.1.1 3.1.2 "
            "3.2.1 3.2.2 3.3.1 3.3.3 3.4.2"
        ).split(),
        MET,
    ),
    **dict.fromkeys("1.2.3 1.3.2 2.1.3 2.2.3 2.3.2 3.3.2".split(), PARTLY),
    **dict.fromkeys("1.3.3 2.1.4 2.2.2 2.3.4 3.1.3 3.4.1".split(), NOT_MET),
    "3.1.4": NA,
}
# The self-assessment of cycle 1 was more hopeful on three benchmarks than the assessors.
SELF_1 = {**ASSESSED_1, "1.3.2": MET, "2.2.3": MET, "3.3.2": MET}
NA_REASON = "เงินเดือนข้าราชการกรุงเทพมหานครกำหนดตามบัญชีอัตราเงินเดือนตามกฎหมาย ซึ่งเท่ากันทุกเพศในแต่ละระดับ"

ACTIONS_1 = (
    (
        "ตรวจความปลอดภัยสำหรับผู้หญิงในโครงการก่อสร้างใหม่ทุกโครงการ (แสงสว่าง ห้องน้ำ ทางเดิน)",
        "bma-bang-rak",
        ("2.2.3",),
        dt.date(2024, 9, 30),
        ((dt.date(2024, 3, 29), 40, "in_progress"), (dt.date(2024, 6, 28), 80, "in_progress")),
    ),
    (
        "ติดแท็กงบประมาณด้านความเท่าเทียมทางเพศในระบบงบประมาณ",
        "bma-sed",
        ("2.2.2", "1.3.1"),
        dt.date(2024, 12, 31),
        ((dt.date(2024, 3, 29), 25, "in_progress"),),
    ),
    (
        "โครงการพี่เลี้ยงสำหรับข้าราชการหญิงระดับชำนาญการพิเศษ",
        "bma-csc",
        ("3.1.3",),
        dt.date(2025, 3, 31),
        ((dt.date(2024, 5, 31), 30, "in_progress"),),
    ),
    (
        "สำรวจความคิดเห็นบุคลากรเรื่องความเท่าเทียมทางเพศทุกปี",
        "bma-health",
        ("3.4.1",),
        dt.date(2024, 8, 31),
        ((dt.date(2024, 2, 29), 100, "done"),),
    ),
)

# Cycle 2, in its self-assessment: what each benchmark's unit has done so far.
REVIEWED_2 = "1.1.1 1.1.2 1.2.1 1.2.2 2.1.1 2.2.1 3.1.1 3.3.1 3.4.1".split()
WAITING_2 = "1.1.3 1.3.1 2.1.2 2.2.3 3.1.2 3.2.1 3.3.3".split()
RETURNED_2 = {
    "1.2.3": "แนบรายงานการประชุมครั้งที่ 2/2569 ที่มีวาระติดตามแผนด้วย",
    "2.3.1": "สถิติเรื่องที่รับต้องแยกตามเพศและช่วงอายุ กรุณาแนบฉบับใหม่",
}
ANSWERS_2 = {
    **dict.fromkeys(REVIEWED_2 + WAITING_2 + list(RETURNED_2), MET),
    "2.2.3": PARTLY,
    "3.2.1": PARTLY,
}


@dataclass
class SealSummary:
    benchmarks: int = 0
    created_enrolments: int = 0

    def __str__(self) -> str:
        made = f"{self.created_enrolments} new" if self.created_enrolments else "none new"
        return f"Demo Seal: {self.benchmarks} illustrative benchmarks; BMA enrolments: {made}."


# --- The programme --------------------------------------------------------------------------------


def programme_data() -> dict:
    return json.loads(PROGRAMME_FILE.read_text(encoding="utf-8"))


def load_programme(stats: LoadStats) -> Programme:
    """Create the illustrative programme, or bring it in line with the data file."""
    spec = programme_data()
    thresholds = spec["thresholds"]
    programme = upsert(
        Programme,
        Programme.objects.filter(code=spec["code"], version=spec["version"]).first(),
        {"code": spec["code"], "version": spec["version"]},
        {
            **texts("name", spec["name"]),
            **texts("description", spec["description"]),
            "bronze_threshold": thresholds["bronze"],
            "silver_threshold": thresholds["silver"],
            "gold_threshold": thresholds["gold"],
            "award_years": spec["award_years"],
            "is_illustrative": True,
            "is_published": True,
        },
        stats,
    )
    dimensions = {d.code: d for d in SealDimension.objects.filter(programme=programme)}
    standards = {
        (s.dimension_id, s.code): s for s in Standard.objects.filter(dimension__programme=programme)
    }
    benchmarks = {b.code: b for b in Benchmark.objects.filter(programme=programme)}
    order = 0
    for d_order, d_spec in enumerate(spec["dimensions"], start=1):
        dimension = upsert(
            SealDimension,
            dimensions.get(d_spec["code"]),
            {"programme": programme, "code": d_spec["code"]},
            {**texts("name", d_spec["name"]), "sort_order": d_order},
            stats,
        )
        for s_order, s_spec in enumerate(d_spec["standards"], start=1):
            standard = upsert(
                Standard,
                standards.get((dimension.pk, s_spec["code"])),
                {"dimension": dimension, "code": s_spec["code"]},
                {**texts("name", s_spec["name"]), "sort_order": s_order},
                stats,
            )
            for b_spec in s_spec["benchmarks"]:
                order += 1
                mandatory = set(b_spec["mandatory"])
                upsert(
                    Benchmark,
                    benchmarks.get(b_spec["code"]),
                    {"programme": programme, "code": b_spec["code"]},
                    {
                        "standard": standard,
                        **texts("text", b_spec["text"]),
                        **texts("verification", b_spec["verification"]),
                        "mandatory_bronze": "bronze" in mandatory,
                        "mandatory_silver": "silver" in mandatory,
                        "mandatory_gold": "gold" in mandatory,
                        "weight": b_spec.get("weight", 1),
                        "is_illustrative": True,
                        "sort_order": order,
                    },
                    stats,
                )
    return programme


# --- Units and people ----------------------------------------------------------------------------


def load_units(stats: LoadStats) -> dict[str, Organization]:
    created, updated = organizations_sync(actor=SYSTEM, specs=UNITS)
    stats.add("organizations.Organization", created=created, updated=updated)
    codes = {INSTITUTION, *OWNERS, *(a.organization for a in ACCOUNTS)}
    return Organization.objects.in_bulk(list(codes), field_name="code")


def load_people(stats: LoadStats, organizations: dict[str, Organization]) -> dict:
    """The demo users of the story (made when missing, with the demo password), by username."""
    User = get_user_model()
    users = User.objects.in_bulk([a.username for a in ACCOUNTS], field_name="username")
    missing = [a for a in ACCOUNTS if a.username not in users]
    shared_hash = make_password(account_data.DEMO_PASSWORD) if missing else None
    for spec in missing:
        user = User(
            username=spec.username,
            first_name=spec.first_name,
            last_name=spec.last_name,
            email=f"{spec.username}@{account_data.DEMO_EMAIL_DOMAIN}",
            password=shared_hash,
        )
        user.full_clean()
        user.save()
        users[spec.username] = user
    stats.add("auth.User", created=len(missing))
    held = set(
        Membership.objects.filter(user__in=users.values()).values_list(
            "user_id", "organization_id", "role"
        )
    )
    for spec in ACCOUNTS:
        user, organization = users[spec.username], organizations.get(spec.organization)
        if organization is not None and (user.pk, organization.pk, spec.role) not in held:
            membership_grant(actor=SYSTEM, user=user, organization=organization, role=spec.role)
            stats.add(Membership._meta.label, created=1)
    return users


# --- The story ------------------------------------------------------------------------------------

# Rows of an enrolment and the time fields the services fill with the present.
STAMPED = (
    (Enrolment, "pk", ("created_at", "updated_at", "self_assessment_submitted_at")),
    (StageEvent, "enrolment", ("created_at",)),
    (SelfAssessmentItem, "enrolment", ("created_at", "updated_at", "answered_at")),
    (SealEvidence, "item__enrolment", ("created_at", "updated_at")),
    (EvidenceRequest, "item__enrolment", ("created_at", "updated_at", "responded_at")),
    (Assessment, "enrolment", ("created_at", "updated_at", "started_at", "concluded_at")),
    (BenchmarkScore, "assessment__enrolment", ("created_at", "updated_at", "scored_at")),
    (Award, "enrolment", ("created_at", "updated_at")),
    (Action, "enrolment", ("created_at", "updated_at")),
    (ActionUpdate, "action__enrolment", ("created_at",)),
)


def _at(day: dt.date, hour: int = 10, minute: int = 0) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(hour, minute), tzinfo=BANGKOK)


class _Story:
    """One enrolment told step by step; each step's rows are moved to the step's moment."""

    def __init__(self, programme, organizations, users, started):
        self.programme = programme
        self.orgs = organizations
        self.users = users
        self.coordinator = users["coordinator.bma"]
        self.assessor = users["assessor.undp"]
        self.started = started
        self.present = timezone.now() - dt.timedelta(minutes=5)
        self.enrolment: Enrolment | None = None

    def owner(self, unit_code: str):
        return self.users.get(f"reporter.{unit_code}", self.coordinator)

    def stamp(self, moment: dt.datetime) -> None:
        moment = min(moment, self.present)
        for model, path, fields in STAMPED:
            touched = Q()
            for name in fields:
                touched |= Q(**{f"{name}__gte": self.started})
            model.objects.filter(touched, **{path: self.enrolment.pk}).update(
                **{
                    name: Case(
                        When(**{f"{name}__gte": self.started}, then=Value(moment)),
                        default=F(name),
                    )
                    for name in fields
                }
            )

    def item(self, code: str) -> SelfAssessmentItem:
        return SelfAssessmentItem.objects.get(enrolment=self.enrolment, benchmark__code=code)

    def refresh(self) -> Enrolment:
        self.enrolment.refresh_from_db()
        return self.enrolment

    # Steps used by both cycles ---------------------------------------------------------------

    def enrol(self, started_on: dt.date, signed_on: dt.date, due_on: dt.date, previous=None):
        self.enrolment = services.enrolment_create(
            actor=self.coordinator,
            institution=self.orgs[INSTITUTION],
            programme=self.programme,
            started_on=started_on,
            previous=previous,
        )
        self.stamp(_at(started_on, 9))
        services.engagement_save(
            actor=self.coordinator,
            enrolment=self.enrolment,
            commitment_signed_on=signed_on,
            self_assessment_due_on=due_on,
            committee=self.committee(),
        )
        self.stamp(_at(signed_on + dt.timedelta(days=7), 14))
        services.stage_advance(
            actor=self.coordinator,
            enrolment=self.refresh(),
            to_stage=Stage.SELF_ASSESSMENT,
            comment="คณะกรรมการความเท่าเทียมทางเพศเห็นชอบให้เริ่มการประเมินตนเอง",
        )
        self.stamp(_at(signed_on + dt.timedelta(days=14), 10))

    def committee(self) -> list[dict]:
        return [
            {"name": "นางสาววรรณา ศรีสุข", "position": "รองผู้ว่าราชการกรุงเทพมหานคร", "role": "chair"},
            {
                "name": "นายประเสริฐ มั่นคง",
                "position": "ผู้อำนวยการสำนักพัฒนาสังคม",
                "unit": self.orgs["bma-sdd"],
                "role": "member",
            },
            {
                "name": "นางกมลา วงศ์ดี",
                "position": "ผู้อำนวยการสำนักยุทธศาสตร์และประเมินผล",
                "unit": self.orgs["bma-sed"],
                "role": "member",
            },
            {
                "name": "นายธนพล ใจงาม",
                "position": "เลขานุการสำนักงาน ก.ก.",
                "unit": self.orgs["bma-csc"],
                "role": "member",
            },
            {
                "name": "นางสาวปิยะนุช แก้วใส",
                "position": "หัวหน้ากลุ่มงานส่งเสริมความเท่าเทียมทางเพศ",
                "unit": self.orgs["bma-sdd"],
                "role": "secretary",
            },
        ]

    def assign(self, day: dt.date, due: dict[str, dt.date]) -> None:
        for unit_code, codes in OWNERS.items():
            services.items_assign(
                actor=self.coordinator,
                enrolment=self.refresh(),
                items=[self.item(code) for code in codes],
                unit=self.orgs[unit_code],
                due_on=due[unit_code],
            )
        self.stamp(_at(day, 11))

    def unit_of(self, code: str) -> str:
        return next(unit for unit, codes in OWNERS.items() if code in codes)

    def answer(self, code: str, answer: str, moment: dt.datetime, *, link: bool = True) -> None:
        item = self.item(code)
        actor = self.owner(self.unit_of(code))
        benchmark = item.benchmark
        services.item_answer(
            actor=actor,
            item=item,
            expected_version=item.version,
            answer=answer,
            description=_description(benchmark, answer),
            not_applicable_reason=NA_REASON if answer == NA else "",
        )
        if link and answer in (MET, PARTLY):
            services.evidence_add(
                actor=actor,
                item=item,
                title=benchmark.verification_th[:300] or benchmark.code,
                url=f"{EVIDENCE_SITE}/cycle-{self.enrolment.cycle}/{benchmark.code}",
                description="เอกสารหลักฐาน (ข้อมูลสาธิต)",
            )
        self.stamp(moment)

    def review(self, code: str, moment: dt.datetime, feedback: str = "") -> None:
        services.item_review(
            actor=self.coordinator, item=self.item(code), accept=not feedback, feedback=feedback
        )
        self.stamp(moment)


def _code_key(code: str) -> list:
    return [int(part) if part.isdigit() else part for part in code.split(".")]


def _description(benchmark: Benchmark, answer: str) -> str:
    if answer == MET:
        return f"ดำเนินการแล้ว: {benchmark.text_th}"
    if answer == PARTLY:
        return f"ดำเนินการแล้วบางส่วน ยังไม่ครบทุกหน่วยงาน: {benchmark.text_th}"
    if answer == NOT_MET:
        return "ยังไม่ได้ดำเนินการ อยู่ในแผนปรับปรุง"
    return ""


def _moments(first: dt.date, count: int, days: int) -> list[dt.datetime]:
    """count moments spread over days from first, during office hours."""
    return [
        _at(first + dt.timedelta(days=(i * days) // max(count, 1)), 9 + i % 7, (i * 13) % 60)
        for i in range(count)
    ]


def tell_first_cycle(story: _Story) -> Enrolment:
    """Cycle 1, B.E. 2566–2567: from the letter of intent to the Bronze award."""
    story.enrol(dt.date(2023, 8, 15), dt.date(2023, 8, 15), dt.date(2023, 12, 15))
    story.assign(dt.date(2023, 9, 5), dict.fromkeys(OWNERS, dt.date(2023, 11, 30)))
    codes = sorted(SELF_1, key=_code_key)
    for code, moment in zip(codes, _moments(dt.date(2023, 9, 20), len(codes), 60), strict=True):
        story.answer(code, SELF_1[code], moment)
    # One answer sent back and corrected before the whole was reviewed.
    story.review("1.1.1", _at(dt.date(2023, 11, 22), 15), "แนบประกาศนโยบายฉบับที่ผู้ว่าฯ ลงนามแล้ว")
    story.answer("1.1.1", MET, _at(dt.date(2023, 11, 24), 10))
    for code, moment in zip(codes, _moments(dt.date(2023, 12, 1), len(codes), 10), strict=True):
        story.review(code, moment)
    services.self_assessment_submit(actor=story.coordinator, enrolment=story.refresh())
    story.stamp(_at(dt.date(2023, 12, 15), 16))

    for number, (title, unit, benchmarks, due_on, reports) in enumerate(ACTIONS_1):
        action = services.action_save(
            actor=story.coordinator,
            enrolment=story.refresh(),
            title=title,
            unit=story.orgs[unit],
            due_on=due_on,
            benchmarks=list(
                Benchmark.objects.filter(programme=story.programme, code__in=benchmarks)
            ),
        )
        story.stamp(_at(dt.date(2024, 1, 10), 10, number * 10))
        for reported_on, progress, status in reports:
            services.action_report(
                actor=story.owner(unit),
                action=action,
                progress=progress,
                status=status,
                note=f"ความก้าวหน้า {progress}%",
                reported_on=reported_on,
            )
            story.stamp(_at(reported_on, 15))

    services.assessment_start(
        actor=story.coordinator, enrolment=story.refresh(), assessors=[story.assessor]
    )
    story.stamp(_at(dt.date(2024, 3, 1), 9))
    services.stage_advance(
        actor=story.coordinator,
        enrolment=story.refresh(),
        to_stage=Stage.EXTERNAL_ASSESSMENT,
        comment="ส่งผลการประเมินตนเองและแผนปฏิบัติการให้ผู้ประเมินภายนอก",
    )
    story.stamp(_at(dt.date(2024, 3, 1), 10))

    assessment = story.refresh().assessment
    item = story.item("2.2.3")
    request = services.evidence_request_create(
        actor=story.assessor,
        item=item,
        message="Please send the completed safety checklists of the year's construction projects.",
    )
    story.stamp(_at(dt.date(2024, 4, 10), 11))
    services.evidence_add(
        actor=story.owner("bma-bang-rak"),
        item=item,
        title="แบบตรวจความปลอดภัยโครงการปรับปรุงทางเท้า ถนนสีลม",
        url=f"{EVIDENCE_SITE}/cycle-1/2.2.3-checklist",
        request=request,
    )
    services.evidence_request_answer(
        actor=story.owner("bma-bang-rak"),
        request=request,
        response="แนบแบบตรวจของโครงการที่ตรวจแล้ว 2 จาก 5 โครงการ ที่เหลืออยู่ระหว่างดำเนินการ",
    )
    story.stamp(_at(dt.date(2024, 4, 22), 14))
    services.evidence_request_close(actor=story.assessor, request=request)
    story.stamp(_at(dt.date(2024, 4, 25), 9))

    scores = BenchmarkScore.objects.filter(assessment=assessment).select_related("benchmark")
    ordered = sorted(scores, key=lambda s: _code_key(s.benchmark.code))
    for score, moment in zip(ordered, _moments(dt.date(2024, 4, 1), len(ordered), 50), strict=True):
        result = ASSESSED_1[score.benchmark.code]
        services.score_set(
            actor=story.assessor,
            score=score,
            expected_version=score.version,
            result=result,
            comment=""
            if result == SELF_1[score.benchmark.code]
            else "The evidence covers only part of the benchmark.",
        )
        story.stamp(moment)
    services.assessment_conclude(
        actor=story.assessor,
        assessment=assessment,
        conclusion=(
            "BMA has a strong policy base and committee. Gaps: gender budget tagging, safety "
            "checks of new infrastructure, women in executive positions."
        ),
        today=dt.date(2024, 6, 20),
    )
    story.stamp(_at(dt.date(2024, 6, 20), 14))
    return story.refresh()


def tell_second_cycle(story: _Story, previous: Enrolment, today: dt.date) -> Enrolment:
    """Cycle 2, now: the self-assessment under way, due in a month."""
    started_on = today - dt.timedelta(days=60)
    story.enrol(
        started_on,
        started_on + dt.timedelta(days=3),
        today + dt.timedelta(days=30),
        previous=previous,
    )
    due = dict.fromkeys(OWNERS, today + dt.timedelta(days=14))
    due["bma-health"] = today + dt.timedelta(days=3)  # a reminder goes out soon
    due["bma-pathum-wan"] = today + dt.timedelta(days=7)
    story.assign(started_on + dt.timedelta(days=20), due)
    first = started_on + dt.timedelta(days=25)
    answered = sorted(ANSWERS_2, key=_code_key)
    for code, moment in zip(answered, _moments(first, len(answered), 25), strict=True):
        story.answer(code, ANSWERS_2[code], moment)
    for code, moment in zip(
        REVIEWED_2, _moments(today - dt.timedelta(days=9), len(REVIEWED_2), 6), strict=True
    ):
        story.review(code, moment)
    for code, feedback in RETURNED_2.items():
        story.review(code, _at(today - dt.timedelta(days=2), 15), feedback)
    return story.refresh()


def load_seal(stats: LoadStats, *, today: dt.date | None = None) -> SealSummary:
    """Load the illustrative programme and tell the BMA cycles that do not exist yet."""
    today = today or timezone.localdate()
    summary = SealSummary()
    counted = (
        Enrolment,
        StageEvent,
        CommitteeMember,
        SelfAssessmentItem,
        SealEvidence,
        EvidenceRequest,
        Assessment,
        BenchmarkScore,
        Award,
        Action,
        ActionUpdate,
    )
    with transaction.atomic():
        programme = load_programme(stats)
        summary.benchmarks = programme.benchmarks.count()
        organizations = load_units(stats)
        if INSTITUTION not in organizations:
            return summary
        users = load_people(stats, organizations)
        before = {model: model.objects.count() for model in counted}
        bma = organizations[INSTITUTION]
        started = timezone.now()
        first = Enrolment.objects.filter(institution=bma, cycle=1).first()
        if first is None:
            with _without_notifications():
                first = tell_first_cycle(_Story(programme, organizations, users, started))
            summary.created_enrolments += 1
        if not Enrolment.objects.filter(institution=bma, cycle=2).exists():
            tell_second_cycle(_Story(programme, organizations, users, started), first, today)
            summary.created_enrolments += 1
        for model in counted:
            stats.add(model._meta.label, created=model.objects.count() - before[model])
    log.info("%s", summary)
    return summary
