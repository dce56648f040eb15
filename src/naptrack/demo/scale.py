"""Synthetic plans at scale, for benchmarks and load tests: `naptrack generate --scale … --seed …`.

EVERY FIGURE MADE HERE IS SYNTHETIC. The plans say so in their titles and descriptions, carry
has_demo_figures, and their baselines and targets are marked is_demo. They are made on top of the
demo's reference data (run `naptrack load_demo` first): the breakdowns sex, age group and province
(the 77 Thai provinces from the geo app), the ten ASEAN member states, and the demo organizations,
which lead, support and report the generated indicators.

Scales (see SCALES):

- small: a few dozen indicators over three fiscal years, every kind of indicator and breakdown;
  quick enough for tests;
- national: 1,040 indicators, 77 provinces, eight fiscal years (FY2562–FY2569), sex × age group and
  province breakdowns, some indicators as a full cross sex × age group × province; over two million
  values;
- regional: the ten ASEAN member states reporting one work plan by calendar year (CY2021–CY2025),
  each indicator led by an ASEAN body that does not report itself.

What is varied: value types (numbers, percentages as numerator ÷ denominator, a few yes/no),
directions (increase, decrease), cumulative modes (each period, cumulative, latest), aggregations
(sum, average, maximum, latest, ratio — only those frameworks.models.ALLOWED_AGGREGATIONS allows,
checked when this module is imported), baselines, yearly targets or only a life-of-plan target,
one lead and up to two supporting agencies per indicator, reports on time and late, agencies that
never report in a round, submitted reports never accepted, and a last round still open with reports
at every step, so that dashboards have something to show.

How it is written, and where it departs from the services, on purpose, for speed:

- the plan goes through frameworks.services.plan_create (validated like any plan); results,
  indicators, breakdown links, assignments, baselines and targets are written with bulk_create;
- rounds are opened the way reporting.services.round_open opens them (one report per agency that
  leads or supports an indicator and reports values, with exactly those indicators, and an
  "opened" event), in bulk and without the round-opened notifications, so that the demo users of
  the reporting agencies are not sent a message per generated round;
- the reports' states and dates (submitted_at, approved_at, accepted_at) are SET DIRECTLY: nobody
  submitted, approved or accepted these reports through the workflow. One event per report says so;
- values are streamed in batches: PostgreSQL's COPY, elsewhere one INSERT executed many times
  (executemany), with the columns taken from the Value model itself. Django's bulk_create would be
  seven times slower here in a 100,000-row test (it builds and prepares a model instance per value);
- analytics.services.plan_progress_rebuild runs once at the end.

Determinism: every random draw comes from a random.Random seeded with the seed and the names of
what it is drawn for (the scale, an indicator's code, a period, an agency), never from database ids
or the order rows come back in, and only exact arithmetic (+ − × ÷, no logarithms) turns draws into
figures, so the same seed gives the same data on SQLite and PostgreSQL.
"""

from __future__ import annotations

import datetime as dt
import itertools
import random
import sys
import time
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from django.db import connection, transaction
from django.db.models import Count
from django.utils import timezone

from naptrack.analytics.models import Contribution, IndicatorProgress, NodeProgress
from naptrack.analytics.services import plan_progress_rebuild
from naptrack.core.services import SYSTEM
from naptrack.frameworks import services as framework_services
from naptrack.frameworks.models import (
    ALLOWED_AGGREGATIONS,
    Aggregation,
    Assignment,
    AssignmentRole,
    Baseline,
    Breakdown,
    CumulativeMode,
    Dimension,
    Direction,
    Indicator,
    IndicatorDimension,
    Option,
    Plan,
    PlanKind,
    PlanStatus,
    ResultNode,
    Target,
    ValueType,
    breakdown_key,
)
from naptrack.geo.models import Area
from naptrack.organizations.models import Organization
from naptrack.periods.models import Calendar, Period
from naptrack.periods.services import period_get_or_create, periods_for_plan_span
from naptrack.reporting.models import (
    Event,
    EventKind,
    Rating,
    Report,
    ReportLine,
    ReportState,
    Round,
    RoundState,
    Value,
    ValueChange,
)


class GenerateError(Exception):
    """The generator cannot run: the plan exists, or the demo's reference data is missing."""


# --- Scales ------------------------------------------------------------------------------------------

TOTAL, SEX, SEX_AGE, PROVINCE, FULL = "total", "sex", "sex_age", "province", "full"
BREAKDOWN_KINDS = (TOTAL, SEX, SEX_AGE, PROVINCE, FULL)


@dataclass(frozen=True)
class Scale:
    name: str
    region: str  # "TH" (fiscal years, Thai provinces) or "ASEAN" (calendar years, member states)
    first_year: int  # B.E. fiscal year, or C.E. calendar year
    years: int
    pillars: int
    outcomes: int  # per pillar
    outputs: int  # per outcome
    per_output: int  # indicators under each output
    per_outcome: int  # key indicators on each outcome itself
    mix: tuple[tuple[str, int], ...]  # breakdown kind and its share of the indicators, in percent
    owner: str
    agencies: tuple[str, ...]  # organizations that lead and support, and report
    lead_bodies: tuple[str, ...] = ()  # leads that coordinate and do not report (regional)
    supports: tuple[int, ...] = (0, 1, 1, 2)  # drawn per indicator: how many supporting agencies

    @property
    def indicator_count(self) -> int:
        return self.pillars * self.outcomes * (self.outputs * self.per_output + self.per_outcome)

    @property
    def calendar(self) -> str:
        return Calendar.THAI_FISCAL if self.region == "TH" else Calendar.GREGORIAN

    def period_codes(self) -> list[str]:
        prefix = "FY" if self.region == "TH" else "CY"
        return [f"{prefix}{self.first_year + n}" for n in range(self.years)]


THAI_AGENCIES = (
    "dwf",
    "ops-msdhs",
    "msdhs",
    "moi",
    "sbpac",
    "sbpac-ccw",
    "mfa-th",
    "mod-th",
    "rtp",
    "isoc",
    "nsc-th",
    "nso-th",
    "bma",
    "bma-sdd",
    "bma-sed",
    "bma-csc",
    "bma-bang-rak",
    "csn-women-weaving-peace",
    "csn-young-women-narathiwat",
)
MEMBER_STATES = tuple(
    f"somswd-{code}" for code in ("bn", "kh", "id", "la", "my", "mm", "ph", "sg", "th", "vn")
)

SCALES = {
    "small": Scale(
        name="small",
        region="TH",
        first_year=2567,
        years=3,
        pillars=2,
        outcomes=2,
        outputs=2,
        per_output=4,
        per_outcome=1,
        mix=((TOTAL, 40), (SEX, 20), (SEX_AGE, 30), (PROVINCE, 7), (FULL, 3)),
        owner="dwf",
        agencies=("dwf", "sbpac", "rtp", "moi", "nso-th"),
    ),
    "national": Scale(
        name="national",
        region="TH",
        first_year=2562,
        years=8,
        pillars=4,
        outcomes=5,
        outputs=5,
        per_output=10,
        per_outcome=2,
        mix=((TOTAL, 24), (SEX, 10), (SEX_AGE, 20), (PROVINCE, 24), (FULL, 22)),
        owner="dwf",
        agencies=THAI_AGENCIES,
    ),
    "regional": Scale(
        name="regional",
        region="ASEAN",
        first_year=2021,
        years=5,
        pillars=4,
        outcomes=3,
        outputs=4,
        per_output=5,
        per_outcome=0,
        mix=((TOTAL, 40), (SEX, 25), (SEX_AGE, 35)),
        owner="somswd",
        agencies=MEMBER_STATES,
        lead_bodies=("acw", "acwc", "aipr", "asec"),
    ),
}


def plan_code(scale: str, seed: int) -> str:
    return f"gen-{scale}-{seed}"


# --- Kinds of indicators -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Profile:
    """A kind of indicator: what it measures, how it combines and how big its figures are."""

    name_th: str
    name_en: str
    value_type: str
    aggregation: str
    mode: str
    direction: str = Direction.INCREASE
    unit_th: str = ""
    unit_en: str = ""
    decimals: int = 0
    kinds: tuple[str, ...] = (TOTAL,)
    low: float = 0  # baseline (or a year's amount for cumulative ones), drawn between low and high
    high: float = 0
    weight: int = 1  # how often it is drawn among the profiles that fit a breakdown kind


N, P, YN = ValueType.NUMBER, ValueType.PERCENTAGE, ValueType.YES_NO
ALL_KINDS = BREAKDOWN_KINDS
CELL_KINDS = (TOTAL, SEX, SEX_AGE, PROVINCE)

PROFILES = (
    Profile(
        "จำนวนผู้หญิงที่ได้รับการอบรมด้านการไกล่เกลี่ยและการแก้ไขความขัดแย้ง",
        "Women trained in mediation and conflict resolution",
        N,
        Aggregation.SUM,
        CumulativeMode.PER_PERIOD,
        unit_th="คน",
        unit_en="people",
        kinds=ALL_KINDS,
        low=2_000,
        high=40_000,
        weight=3,
    ),
    Profile(
        "จำนวนผู้รอดชีวิตจากความรุนแรงบนฐานเพศที่ได้รับบริการ",
        "Survivors of gender-based violence who received services",
        N,
        Aggregation.SUM,
        CumulativeMode.PER_PERIOD,
        unit_th="คน",
        unit_en="people",
        kinds=ALL_KINDS,
        low=3_000,
        high=60_000,
        weight=3,
    ),
    Profile(
        "จำนวนเวทีเสวนาสันติภาพในชุมชนที่มีผู้หญิงเข้าร่วม",
        "Community peace dialogues with women taking part",
        N,
        Aggregation.SUM,
        CumulativeMode.PER_PERIOD,
        unit_th="ครั้ง",
        unit_en="dialogues",
        kinds=(TOTAL, PROVINCE),
        low=100,
        high=3_000,
    ),
    Profile(
        "จำนวนเจ้าหน้าที่ที่ได้รับการอบรมด้านความมั่นคงที่ตอบสนองต่อมิติเพศ",
        "Officers trained in gender-responsive security",
        N,
        Aggregation.SUM,
        CumulativeMode.PER_PERIOD,
        unit_th="คน",
        unit_en="officers",
        kinds=ALL_KINDS,
        low=1_500,
        high=30_000,
        weight=2,
    ),
    Profile(
        "จำนวนคดีความรุนแรงในครอบครัวที่ได้รับแจ้ง",
        "Reported cases of domestic violence",
        N,
        Aggregation.SUM,
        CumulativeMode.PER_PERIOD,
        direction=Direction.DECREASE,
        unit_th="คดี",
        unit_en="cases",
        kinds=ALL_KINDS,
        low=4_000,
        high=50_000,
        weight=2,
    ),
    Profile(
        "จำนวนผู้หญิงและเด็กที่ได้รับผลกระทบจากเหตุการณ์ความไม่สงบ",
        "Women and children affected by violent incidents",
        N,
        Aggregation.SUM,
        CumulativeMode.PER_PERIOD,
        direction=Direction.DECREASE,
        unit_th="คน",
        unit_en="people",
        kinds=(TOTAL, SEX_AGE, PROVINCE, FULL),
        low=1_000,
        high=20_000,
    ),
    Profile(
        "จำนวนเครือข่ายสตรีเพื่อสันติภาพที่จัดตั้งขึ้น (สะสม)",
        "Women's peace networks set up (cumulative)",
        N,
        Aggregation.SUM,
        CumulativeMode.CUMULATIVE,
        unit_th="เครือข่าย",
        unit_en="networks",
        kinds=(TOTAL, PROVINCE),
        low=40,
        high=600,
    ),
    Profile(
        "จำนวนผู้หญิงที่ได้รับการสนับสนุนด้านอาชีพหลังความขัดแย้งหรือภัยพิบัติ (สะสม)",
        "Women given livelihood support after conflict or disaster (cumulative)",
        N,
        Aggregation.SUM,
        CumulativeMode.CUMULATIVE,
        unit_th="คน",
        unit_en="women",
        kinds=ALL_KINDS,
        low=2_000,
        high=30_000,
        weight=2,
    ),
    Profile(
        "จำนวนผู้หญิงที่ดำรงตำแหน่งผู้ใหญ่บ้านและกำนัน",
        "Women serving as village or sub-district heads",
        N,
        Aggregation.SUM,
        CumulativeMode.LATEST,
        unit_th="คน",
        unit_en="women",
        kinds=(TOTAL, SEX_AGE, PROVINCE),
        low=800,
        high=6_000,
    ),
    Profile(
        "จำนวนวันเฉลี่ยในการดำเนินคดีความรุนแรงต่อผู้หญิง",
        "Average days to close a case of violence against women",
        N,
        Aggregation.AVERAGE,
        CumulativeMode.PER_PERIOD,
        direction=Direction.DECREASE,
        unit_th="วัน",
        unit_en="days",
        decimals=1,
        kinds=CELL_KINDS,
        low=30,
        high=120,
    ),
    Profile(
        "คะแนนความพึงพอใจเฉลี่ยของผู้รับบริการ (เต็ม 100)",
        "Average satisfaction score of service users (out of 100)",
        N,
        Aggregation.AVERAGE,
        CumulativeMode.LATEST,
        unit_th="คะแนน",
        unit_en="points",
        decimals=1,
        kinds=(TOTAL, SEX, SEX_AGE),
        low=55,
        high=75,
    ),
    Profile(
        "จำนวนผู้หญิงสูงสุดในคณะพูดคุยเพื่อสันติภาพคณะใดคณะหนึ่ง",
        "Most women in any one peace dialogue delegation",
        N,
        Aggregation.MAXIMUM,
        CumulativeMode.PER_PERIOD,
        unit_th="คน",
        unit_en="women",
        kinds=(TOTAL, SEX),
        low=2,
        high=12,
    ),
    Profile(
        "จำนวนจังหวัดที่มีคณะกรรมการด้านสตรี สันติภาพ และความมั่นคง",
        "Provinces with a committee on women, peace and security",
        N,
        Aggregation.LATEST,
        CumulativeMode.LATEST,
        unit_th="จังหวัด",
        unit_en="provinces",
        low=5,
        high=30,
    ),
    Profile(
        "ร้อยละของผู้หญิงในผู้เข้าร่วมการพูดคุยเพื่อสันติภาพ",
        "Share of women among participants in peace dialogues",
        P,
        Aggregation.RATIO,
        CumulativeMode.PER_PERIOD,
        decimals=1,
        kinds=(TOTAL, SEX_AGE, PROVINCE, FULL),
        low=15,
        high=35,
        weight=3,
    ),
    Profile(
        "ร้อยละของผู้เสียหายที่ได้รับการส่งต่อบริการภายใน 24 ชั่วโมง",
        "Share of survivors referred to services within 24 hours",
        P,
        Aggregation.RATIO,
        CumulativeMode.PER_PERIOD,
        decimals=1,
        kinds=ALL_KINDS,
        low=40,
        high=70,
        weight=2,
    ),
    Profile(
        "ร้อยละของผู้หญิงในเจ้าหน้าที่ด้านความมั่นคง",
        "Share of women among security officers",
        P,
        Aggregation.RATIO,
        CumulativeMode.LATEST,
        decimals=1,
        kinds=(TOTAL, SEX_AGE, PROVINCE),
        low=8,
        high=25,
    ),
    Profile(
        "ร้อยละของคดีที่ค้างการพิจารณาเกินหกเดือน",
        "Share of reported cases still pending after six months",
        P,
        Aggregation.RATIO,
        CumulativeMode.PER_PERIOD,
        direction=Direction.DECREASE,
        decimals=1,
        kinds=(TOTAL, PROVINCE, FULL),
        low=25,
        high=55,
    ),
    Profile(
        "ร้อยละของงบประมาณที่ระบุว่าตอบสนองต่อมิติเพศ",
        "Share of the budget tagged as gender-responsive",
        P,
        Aggregation.LATEST,
        CumulativeMode.LATEST,
        decimals=1,
        low=2,
        high=10,
    ),
    Profile(
        "มีการประกาศใช้แนวทางการจัดทำงบประมาณที่ตอบสนองต่อมิติเพศ",
        "A gender-responsive budgeting guideline is in force",
        YN,
        Aggregation.LATEST,
        CumulativeMode.LATEST,
    ),
    Profile(
        "มีกลไกรับเรื่องร้องเรียนสำหรับผู้หญิงในพื้นที่ความขัดแย้ง",
        "A complaint mechanism for women in conflict areas is in place",
        YN,
        Aggregation.MAXIMUM,
        CumulativeMode.LATEST,
    ),
)

for _profile in PROFILES:  # a generated indicator must be one the platform would accept
    assert _profile.aggregation in ALLOWED_AGGREGATIONS[_profile.value_type], _profile.name_en

PILLARS = (
    ("การป้องกัน", "Prevention"),
    ("การมีส่วนร่วม", "Participation"),
    ("การคุ้มครอง", "Protection"),
    ("การบรรเทาทุกข์และการฟื้นฟู", "Relief and recovery"),
)

TEXTS = {
    "TH": {
        "plan_th": "แผนปฏิบัติการจำลองระดับ{scale_th} (ข้อมูลสังเคราะห์ ชุดที่ {seed})",
        "plan_en": "Synthetic {scale} plan (generated data, seed {seed})",
        "description_th": (
            "ตัวเลขทุกตัวในแผนนี้สร้างขึ้นด้วยคำสั่ง naptrack generate เพื่อทดสอบระบบกับข้อมูลจำนวนมาก "
            "ไม่ใช่ข้อมูลทางการ"
        ),
        "description_en": (
            "Every figure in this plan was made up by `naptrack generate` to test the platform at "
            "scale; none is an official figure."
        ),
        "narrative": "รายงานจำลองที่สร้างขึ้นเพื่อทดสอบระบบ (ข้อมูลสังเคราะห์)",
        "late": "ดำเนินงานล่าช้ากว่าแผน (ข้อมูลสังเคราะห์)",
        "event": "ข้อมูลสังเคราะห์: สถานะนี้ตั้งโดยตรงด้วยคำสั่ง naptrack generate ไม่ได้ผ่านขั้นตอนการรายงาน",
    },
    "ASEAN": {
        "plan_th": "แผนงานระดับภูมิภาคอาเซียนจำลอง (ข้อมูลสังเคราะห์ ชุดที่ {seed})",
        "plan_en": "Synthetic ASEAN regional work plan (generated data, seed {seed})",
        "description_th": (
            "ตัวเลขทุกตัวในแผนนี้สร้างขึ้นด้วยคำสั่ง naptrack generate เพื่อทดสอบระบบกับข้อมูลจำนวนมาก "
            "ไม่ใช่ข้อมูลทางการ"
        ),
        "description_en": (
            "Every figure in this plan was made up by `naptrack generate` to test the platform at "
            "scale; none is an official figure."
        ),
        "narrative": "A synthetic report made to test the platform (generated data).",
        "late": "Behind schedule (generated data).",
        "event": (
            "Generated data: this state was set directly by `naptrack generate`, not through the "
            "reporting workflow."
        ),
    },
}
SCALE_NAMES_TH = {"small": "เล็ก", "national": "ชาติ", "regional": "ภูมิภาค"}

# How far each report goes: closed rounds, and the last round, still open.
MISSING, PARTIAL, EMPTY = "missing", "partial", "empty"
CLOSED_STORIES = (
    (MISSING, 7),  # never submitted: locked as a draft when the round closed
    (ReportState.SUBMITTED, 5),  # submitted and approved, never accepted before the close
    (ReportState.ACCEPTED, 88),
)
OPEN_STORIES = (
    (EMPTY, 15),
    (PARTIAL, 10),
    (ReportState.RETURNED, 5),
    (ReportState.SUBMITTED, 10),
    (ReportState.APPROVED, 15),
    (ReportState.ACCEPTED, 45),
)
LATE_SHARE = 0.15
DRAFT_TOTAL_SHARE = 0.5  # lines of drafts whose total is typed; the others are derived
VALUE_BATCH = 20_000
PLACES = Decimal("0.0001")
TZ = dt.timezone(dt.timedelta(hours=7))


def _rng(*names) -> random.Random:
    return random.Random("|".join(str(n) for n in names))


def _skewed(rng: random.Random, low: float, high: float) -> float:
    """A draw between low and high, most often near low (like most real sizes)."""
    return low + (high - low) * rng.random() ** 3


def _pick(rng: random.Random, weighted: Iterable[tuple[object, int]]):
    items = list(weighted)
    return rng.choices([i for i, _ in items], weights=[w for _, w in items])[0]


# --- Reference data -------------------------------------------------------------------------------


@dataclass
class Reference:
    """What the generator takes from the demo's reference data."""

    organizations: dict[str, Organization]
    area: Area
    sex: Dimension
    age: Dimension
    province: Dimension | None
    sexes: list[Option]  # female, male
    ages: list[Option]
    provinces: list[Option]


def reference_for(scale: Scale) -> Reference:
    """Read the reference data a scale needs; refuse, naming what is missing."""
    codes = {scale.owner, *scale.agencies, *scale.lead_bodies}
    organizations = Organization.objects.in_bulk(list(codes), field_name="code")
    dimensions = Dimension.objects.in_bulk(["sex", "age-group", "province"], field_name="code")
    area = Area.objects.filter(code=scale.region).first()
    missing = [f"organization “{code}”" for code in sorted(codes - set(organizations))]
    missing += [f"breakdown “{code}”" for code in ("sex", "age-group") if code not in dimensions]
    if scale.region == "TH" and "province" not in dimensions:
        missing.append("breakdown “province”")
    if area is None:
        missing.append(f"area “{scale.region}”")
    options: dict[str, list[Option]] = {code: [] for code in ("sex", "age-group", "province")}
    if not missing:
        for option in Option.objects.filter(dimension__in=dimensions.values()).select_related(
            "dimension"
        ):
            options[option.dimension.code].append(option)
        for listed in options.values():
            listed.sort(key=lambda o: (o.sort_order, o.code))
        sexes = [o for o in options["sex"] if o.code in ("female", "male")]
        if len(sexes) != 2:
            missing.append("sex options “female” and “male”")
        if not options["age-group"]:
            missing.append("age group options")
        if scale.region == "TH" and len(options["province"]) != 77:
            missing.append(f"the 77 province options (found {len(options['province'])})")
    if missing:
        raise GenerateError(
            "The demo's reference data is missing: "
            + ", ".join(missing)
            + ". Run `naptrack load_demo` first."
        )
    return Reference(
        organizations=organizations,
        area=area,
        sex=dimensions["sex"],
        age=dimensions["age-group"],
        province=dimensions.get("province") if scale.region == "TH" else None,
        sexes=sorted(sexes, key=lambda o: o.code != "female"),
        ages=options["age-group"],
        provinces=options["province"] if scale.region == "TH" else [],
    )


@dataclass
class Cells:
    """The breakdown cells of each kind, as (breakdown id, index of its sex, age group and province),
    with how the provinces weigh (Bangkok heaviest) and which are the southern border provinces."""

    by_kind: dict[str, list[tuple[int, tuple[int, int, int]]]]
    provinces: list[float]
    southern: frozenset[int]


SOUTHERN_BORDER = ("TH-90", "TH-94", "TH-95", "TH-96")


def cells_for(ref: Reference, seed: int, scale: Scale) -> Cells:
    """Find or create the breakdowns every kind of indicator reports by."""
    sexes = [(n, ("sex", o.code), o) for n, o in enumerate(ref.sexes)]
    ages = [(n, ("age-group", o.code), o) for n, o in enumerate(ref.ages)]
    provinces = [(n, ("province", o.code), o) for n, o in enumerate(ref.provinces)]
    combos: dict[str, list[tuple[tuple, tuple[int, int, int]]]] = {
        SEX: [((s,), (s[0], -1, -1)) for s in sexes],
        SEX_AGE: [((s, a), (s[0], a[0], -1)) for s, a in itertools.product(sexes, ages)],
        PROVINCE: [((p,), (-1, -1, p[0])) for p in provinces],
        FULL: [
            ((s, a, p), (s[0], a[0], p[0])) for s, a, p in itertools.product(sexes, ages, provinces)
        ],
    }
    if not provinces:
        combos.pop(PROVINCE)
        combos.pop(FULL)
    wanted: dict[str, list[Option]] = {}
    for rows in combos.values():
        for parts, _ in rows:
            wanted[breakdown_key(pair for _, pair, _ in parts)] = [o for _, _, o in parts]
    existing = dict(Breakdown.objects.filter(key__in=list(wanted)).values_list("key", "pk"))
    missing = [key for key in wanted if key not in existing]
    if missing:
        made = _ids(Breakdown.objects.bulk_create([Breakdown(key=key) for key in missing]))
        through = Breakdown.options.through
        through.objects.bulk_create(
            [through(breakdown_id=b.pk, option_id=o.pk) for b in made for o in wanted[b.key]],
            batch_size=5000,
        )
        existing.update({b.key: b.pk for b in made})
    province_rng = _rng(seed, scale.name, "provinces")
    return Cells(
        by_kind={
            kind: [
                (existing[breakdown_key(pair for _, pair, _ in parts)], index)
                for parts, index in rows
            ]
            for kind, rows in combos.items()
        },
        provinces=[
            8.0 if o.code == "TH-10" else _skewed(province_rng, 0.4, 3.0) for o in ref.provinces
        ],
        southern=frozenset(n for n, o in enumerate(ref.provinces) if o.code in SOUTHERN_BORDER),
    )


# --- The plan and its indicators --------------------------------------------------------------------


@dataclass
class Spec:
    """One generated indicator: its kind, its figures and who reports it."""

    code: str
    profile: Profile
    kind: str
    lead: str
    supports: list[str]
    lead_reports: bool
    shares: dict[str, float]
    baseline: float | None
    path: list[float]  # the planned level (or running total) for each year
    life: float  # the life-of-plan target
    has_yearly_targets: bool
    actual: list[float]  # what the agencies together report for each year
    quality: float
    sex_weights: list[float]
    age_weights: list[float]
    southern: bool
    adopted_in: int  # yes/no: the year (index) from which the answer is yes
    pk: int | None = None
    _weights: dict[str, list[float]] = field(default_factory=dict)

    @property
    def reporters(self) -> list[str]:
        return ([self.lead] if self.lead_reports else []) + self.supports

    def cell_weights(self, cells: Cells) -> list[float]:
        """Each cell's share of the agency's amount: by sex, age group and province."""
        weights = self._weights.get(self.kind)
        if weights is None:
            raw = []
            for _, (s, a, p) in cells.by_kind[self.kind]:
                w = 1.0
                if s >= 0:
                    w *= self.sex_weights[s]
                if a >= 0:
                    w *= self.age_weights[a]
                if p >= 0:
                    w *= cells.provinces[p] * (
                        4.0 if self.southern and p in cells.southern else 1.0
                    )
                raw.append(w)
            total = sum(raw)
            weights = self._weights[self.kind] = [w / total for w in raw]
        return weights


def _kinds_for(scale: Scale, seed: int) -> list[str]:
    """The breakdown kind of every indicator: exact shares, in a shuffled order."""
    n = scale.indicator_count
    counts = {kind: n * share // 100 for kind, share in scale.mix}
    for kind, _ in sorted(scale.mix, key=lambda kv: -kv[1]):
        if sum(counts.values()) >= n:
            break
        counts[kind] += 1
    kinds = [kind for kind, _ in scale.mix for _ in range(counts[kind])]
    _rng(seed, scale.name, "kinds").shuffle(kinds)
    return kinds


def _spec(scale: Scale, seed: int, code: str, kind: str, agencies: list[str]) -> Spec:
    rng = _rng(seed, scale.name, "indicator", code)
    profile = _pick(rng, ((p, p.weight) for p in PROFILES if kind in p.kinds))
    years = scale.years
    # Who leads and who supports.
    if scale.lead_bodies:
        lead, lead_reports = rng.choice(scale.lead_bodies), False
        supports = list(agencies)
    else:
        lead, lead_reports = rng.choice(agencies), True
        others = [a for a in agencies if a != lead]
        supports = rng.sample(others, min(len(others), rng.choice(scale.supports)))
    reporters = ([lead] if lead_reports else []) + supports
    lead_share = rng.uniform(0.5, 0.8) if lead_reports and supports else 1.0
    raw = [rng.uniform(0.5, 1.5) for _ in supports]
    rest = (1.0 - lead_share) if lead_reports else 1.0
    shares = {lead: lead_share} if lead_reports else {}
    shares.update({a: rest * w / sum(raw) for a, w in zip(supports, raw, strict=True)})
    # How well it goes: mostly on track, some behind, a few far behind or past the target.
    quality = _pick(rng, ((1.15, 15), (0.92, 35), (0.68, 30), (0.3, 20))) * rng.uniform(0.9, 1.1)
    value_type, mode = profile.value_type, profile.mode
    increase = profile.direction == Direction.INCREASE
    if value_type == YN:
        baseline, life = 0.0, 1.0
        path = [1.0] * years
    elif mode == CumulativeMode.CUMULATIVE:
        baseline = 0.0
        yearly = _skewed(rng, profile.low, profile.high)
        path = [yearly * (y + 1) for y in range(years)]
    else:
        baseline = _skewed(rng, profile.low, profile.high)
        if value_type == P:
            life = (
                min(95.0, baseline + rng.uniform(10, 30))
                if increase
                else max(2.0, baseline - rng.uniform(10, 25))
            )
        elif profile.aggregation == Aggregation.AVERAGE and increase:
            life = min(98.0, baseline + rng.uniform(5, 20))
        elif profile.aggregation == Aggregation.LATEST:
            life = min(77.0, baseline * rng.uniform(1.5, 2.5))
        else:
            life = baseline * (rng.uniform(1.3, 2.2) if increase else rng.uniform(0.4, 0.8))
        path = [baseline + (life - baseline) * (y + 1) / years for y in range(years)]
    # What is reported: part of the way from the baseline to the path, with some noise.
    if value_type == YN:
        adopted_in = rng.randrange(0, years + 2)  # past the last year: never adopted
        actual = [1.0 if y >= adopted_in else 0.0 for y in range(years)]
    else:
        adopted_in = 0
        start = 0.0 if mode == CumulativeMode.CUMULATIVE else baseline
        actual = []
        for y in range(years):
            step = path[y] - (path[y - 1] if y and mode == CumulativeMode.CUMULATIVE else start)
            done = step * quality * rng.uniform(0.85, 1.15)
            if mode == CumulativeMode.CUMULATIVE:
                actual.append(max(0.0, done))  # this year's own amount
            else:
                actual.append(max(0.0, start + done))
        if value_type == P:
            actual = [min(100.0, a) for a in actual]
    female = rng.uniform(0.45, 0.75)
    ages = [rng.uniform(0.5, 1.5) for _ in range(4)]
    per_period_count = value_type == N and mode == CumulativeMode.PER_PERIOD
    if per_period_count and profile.aggregation == Aggregation.SUM:
        # A count per period reaches its life-of-plan target summed over the whole plan.
        life = sum(path)
    elif value_type != YN:
        life = path[-1]
    return Spec(
        code=code,
        profile=profile,
        kind=kind,
        lead=lead,
        supports=supports,
        lead_reports=lead_reports,
        shares=shares if reporters else {},
        baseline=None if rng.random() < 0.12 and value_type != YN else baseline,
        path=path,
        life=life,
        # A count per period without yearly targets has none to be judged against (its life-of-plan
        # target is for the whole plan), so most have them; the others show the interpolated path.
        has_yearly_targets=rng.random() < (0.9 if per_period_count else 0.6),
        actual=actual,
        quality=quality,
        sex_weights=[female, 1.0 - female],
        age_weights=[a / sum(ages) for a in ages],
        southern=rng.random() < 0.3,
        adopted_in=adopted_in,
    )


def _figure(profile: Profile, level: float) -> Decimal:
    if profile.value_type == YN:
        return Decimal(int(round(level)))
    if profile.decimals:
        return Decimal(str(round(level, profile.decimals)))
    return Decimal(int(round(level)))


def _create_plan(scale: Scale, seed: int, code: str, ref: Reference, periods: list[Period]):
    texts = TEXTS[scale.region]
    owner = ref.organizations[scale.owner]
    fmt = {"scale": scale.name, "scale_th": SCALE_NAMES_TH[scale.name], "seed": seed}
    plan = framework_services.plan_create(
        actor=SYSTEM,
        code=code,
        owner=owner,
        kind=PlanKind.NATIONAL_ACTION_PLAN if scale.region == "TH" else PlanKind.REGIONAL_WORK_PLAN,
        area=ref.area,
        title_th=texts["plan_th"].format(**fmt),
        title_en=texts["plan_en"].format(**fmt),
        short_title_th=f"แผนจำลอง {code}",
        short_title_en=f"Synthetic {code}",
        description_th=texts["description_th"],
        description_en=texts["description_en"],
        start_date=periods[0].start,
        end_date=periods[-1].end,
        calendar=scale.calendar,
        status=PlanStatus.PUBLISHED,
        languages="th,en" if scale.region == "TH" else "en,th",
        has_demo_figures=True,
        level_names=[
            {"th": "เสาหลัก", "en": "Pillar"},
            {"th": "ผลลัพธ์", "en": "Outcome"},
            {"th": "ผลผลิต", "en": "Output"},
        ],
    )
    return plan


def _create_tree(scale: Scale, plan: Plan) -> list[tuple[str, int, bool]]:
    """Pillars, outcomes and outputs; return the indicators' places: (code, node id, is key)."""
    order = itertools.count(1)
    pillars = ResultNode.objects.bulk_create(
        [
            ResultNode(
                plan=plan,
                code=str(p),
                title_th=PILLARS[(p - 1) % 4][0],
                title_en=PILLARS[(p - 1) % 4][1],
                sort_order=next(order),
            )
            for p in range(1, scale.pillars + 1)
        ]
    )
    pillars = _ids(pillars)
    outcomes = []
    for pillar in pillars:
        theme_th, theme_en = PILLARS[(int(pillar.code) - 1) % 4]
        for o in range(1, scale.outcomes + 1):
            node_code = f"{pillar.code}.{o}"
            outcomes.append(
                ResultNode(
                    plan=plan,
                    parent=pillar,
                    code=node_code,
                    title_th=f"{theme_th}: ผลลัพธ์ที่ {node_code}",
                    title_en=f"{theme_en}: outcome {node_code}",
                    sort_order=next(order),
                )
            )
    outcomes = _ids(ResultNode.objects.bulk_create(outcomes))
    outputs = []
    for outcome in outcomes:
        for q in range(1, scale.outputs + 1):
            node_code = f"{outcome.code}.{q}"
            outputs.append(
                ResultNode(
                    plan=plan,
                    parent=outcome,
                    code=node_code,
                    title_th=f"ผลผลิตที่ {node_code}",
                    title_en=f"Output {node_code}",
                    sort_order=next(order),
                )
            )
    outputs = _ids(ResultNode.objects.bulk_create(outputs))
    slots: list[tuple[str, int, bool]] = []
    outputs_of: dict[int, list[ResultNode]] = {}
    for output in outputs:
        outputs_of.setdefault(output.parent_id, []).append(output)
    for outcome in outcomes:
        slots += [
            (f"{outcome.code}-{k}", outcome.pk, True) for k in range(1, scale.per_outcome + 1)
        ]
        for output in outputs_of.get(outcome.pk, []):
            slots += [
                (f"{output.code}.{i}", output.pk, False) for i in range(1, scale.per_output + 1)
            ]
    return slots


def _ids(objects: list) -> list:
    """Objects just bulk-created: SQLite (3.35 and later) and PostgreSQL give back their ids."""
    if any(o.pk is None for o in objects):
        raise GenerateError(
            "This database does not return the ids of rows created in bulk; use PostgreSQL or "
            "SQLite 3.35 or later."
        )
    return objects


def _create_indicators(
    scale: Scale, seed: int, plan: Plan, ref: Reference, periods: list[Period], baseline_period
) -> list[Spec]:
    slots = _create_tree(scale, plan)
    kinds = _kinds_for(scale, seed)
    specs = [
        _spec(scale, seed, code, kind, list(scale.agencies))
        for (code, _, _), kind in zip(slots, kinds, strict=True)
    ]
    indicators = []
    for order, ((code, node_id, is_key), spec) in enumerate(zip(slots, specs, strict=True), 1):
        profile = spec.profile
        indicators.append(
            Indicator(
                plan=plan,
                node_id=node_id,
                code=code,
                name_th=profile.name_th,
                name_en=profile.name_en,
                definition_en="Generated indicator: its figures are synthetic.",
                definition_th="ตัวชี้วัดสังเคราะห์ ตัวเลขทั้งหมดเป็นข้อมูลจำลอง",
                value_type=profile.value_type,
                unit_th=profile.unit_th,
                unit_en=profile.unit_en,
                decimals=profile.decimals,
                direction=profile.direction,
                cumulative_mode=profile.mode,
                aggregation=profile.aggregation,
                frequency="annual",
                life_target_value=_figure(profile, spec.life),
                is_key=is_key,
                sort_order=order,
            )
        )
    indicators = _ids(Indicator.objects.bulk_create(indicators, batch_size=500))
    for spec, indicator in zip(specs, indicators, strict=True):
        spec.pk = indicator.pk

    links, chosen = [], []
    dimensions = {SEX: [ref.sex], SEX_AGE: [ref.sex, ref.age], PROVINCE: [ref.province]}
    dimensions[FULL] = [ref.sex, ref.age, ref.province]
    for spec in specs:
        for position, dimension in enumerate(dimensions.get(spec.kind, []), 1):
            links.append(
                IndicatorDimension(indicator_id=spec.pk, dimension=dimension, sort_order=position)
            )
    links = _ids(IndicatorDimension.objects.bulk_create(links, batch_size=1000))
    through = IndicatorDimension.options.through
    for link in links:
        if link.dimension_id == ref.sex.pk:  # female and male only: "not stated" is not asked
            chosen += [through(indicatordimension_id=link.pk, option_id=o.pk) for o in ref.sexes]
    through.objects.bulk_create(chosen, batch_size=2000)

    assignments, baselines, targets = [], [], []
    for spec in specs:
        assignments.append(
            Assignment(
                indicator_id=spec.pk,
                organization=ref.organizations[spec.lead],
                role=AssignmentRole.LEAD,
                reports=spec.lead_reports,
            )
        )
        assignments += [
            Assignment(
                indicator_id=spec.pk,
                organization=ref.organizations[code],
                role=AssignmentRole.SUPPORT,
            )
            for code in spec.supports
        ]
        if spec.baseline is not None:
            baselines.append(
                Baseline(
                    indicator_id=spec.pk,
                    value=_figure(spec.profile, spec.baseline),
                    period=baseline_period,
                    source="Generated (naptrack generate)",
                    is_demo=True,
                )
            )
        if spec.has_yearly_targets:
            targets += [
                Target(
                    indicator_id=spec.pk,
                    period=period,
                    value=_figure(spec.profile, level),
                    is_demo=True,
                )
                for period, level in zip(periods, spec.path, strict=True)
            ]
    Assignment.objects.bulk_create(assignments, batch_size=1000)
    Baseline.objects.bulk_create(baselines, batch_size=1000)
    Target.objects.bulk_create(targets, batch_size=1000)
    return specs


# --- Rounds, reports and values -----------------------------------------------------------------------


class ValueWriter:
    """Streams values into reporting_value in batches: COPY on PostgreSQL, executemany elsewhere."""

    def __init__(self, now: dt.datetime, batch: int = VALUE_BATCH):
        self.fields = [f for f in Value._meta.concrete_fields if not f.primary_key]
        self.columns = [f.column for f in self.fields]
        self.batch = batch
        self.rows: list[list] = []
        self.count = 0
        postgres = connection.vendor == "postgresql"
        stamp = now if postgres else connection.ops.adapt_datetimefield_value(now)
        self.template = []
        for f in self.fields:
            if getattr(f, "auto_now", False) or getattr(f, "auto_now_add", False):
                self.template.append(stamp)
            else:  # the model's default: "" for a blank text, None for an empty relation
                self.template.append(f.get_default())
        index = {f.attname: n for n, f in enumerate(self.fields)}
        self.slots = [index[name] for name in ("line_id", "breakdown_id", "value")]
        self.ratio_slots = [index["numerator"], index["denominator"]]
        self.postgres = postgres

    def add(self, line_id: int, breakdown_id, value, numerator=None, denominator=None) -> None:
        row = self.template.copy()
        a, b, c = self.slots
        row[a], row[b], row[c] = line_id, breakdown_id, value
        if denominator is not None:
            n, d = self.ratio_slots
            row[n], row[d] = numerator, denominator
        self.rows.append(row)
        if len(self.rows) >= self.batch:
            self.flush()

    def flush(self) -> None:
        if not self.rows:
            return
        table = connection.ops.quote_name(Value._meta.db_table)
        columns = ", ".join(connection.ops.quote_name(c) for c in self.columns)
        with connection.cursor() as cursor:
            if self.postgres:
                with cursor.cursor.copy(f"COPY {table} ({columns}) FROM STDIN") as copy:
                    for row in self.rows:
                        copy.write_row(row)
            else:
                marks = ", ".join(["%s"] * len(self.columns))
                cursor.executemany(f"INSERT INTO {table} ({columns}) VALUES ({marks})", self.rows)
        self.count += len(self.rows)
        self.rows = []


def _percent(numerator: int, denominator: int) -> Decimal:
    """A percentage's value from its parts, exactly as reporting.rules works it out."""
    return (Decimal(numerator) * 100 / Decimal(denominator)).quantize(PLACES)


def line_values(
    spec: Spec, year: int, organization: str, rng: random.Random, cells: Cells, typed_total: bool
) -> list[tuple]:
    """One agency's figures for one indicator and year: (breakdown id or None, value, num, den).

    The total is typed when asked (a report cannot be submitted without it, and a typed total adds
    up with its breakdown); a draft may leave it to be derived from the cells.
    """
    profile = spec.profile
    kind_cells = cells.by_kind.get(spec.kind, [])
    level = spec.actual[year]
    share = spec.shares.get(organization, 0.0)
    typed_total = typed_total or not kind_cells
    out: list[tuple] = []
    if profile.value_type == YN:
        return [(None, Decimal(int(level)), None, None)]
    if profile.value_type == P:
        denominator = max(20, int(round(_skewed(rng, 300, 30_000) * max(share, 0.05))))
        percent = min(100.0, max(0.0, level * rng.uniform(0.9, 1.1)))
        if not kind_cells:
            numerator = min(denominator, int(round(denominator * percent / 100)))
            return [(None, _percent(numerator, denominator), numerator, denominator)]
        weights = spec.cell_weights(cells)
        sum_n = sum_d = 0
        for (breakdown_id, _), weight in zip(kind_cells, weights, strict=True):
            d = max(1, int(round(denominator * weight * rng.uniform(0.8, 1.2))))
            n = min(d, int(round(d * percent / 100 * rng.uniform(0.85, 1.15))))
            out.append((breakdown_id, _percent(n, d), n, d))
            sum_n, sum_d = sum_n + n, sum_d + d
        if typed_total:
            out.append((None, _percent(sum_n, sum_d), sum_n, sum_d))
        return out
    aggregation = profile.aggregation
    if aggregation in (Aggregation.AVERAGE, Aggregation.MAXIMUM, Aggregation.LATEST):
        # Each agency gives its own level (an average, a highest figure, a count of provinces).
        own = level * rng.uniform(0.9, 1.1)
        if aggregation == Aggregation.MAXIMUM:
            own = level * rng.uniform(0.75, 1.0)
        if not kind_cells:
            return [(None, _figure(profile, own), None, None)]
        figures = [
            (breakdown_id, _figure(profile, max(0.0, own * rng.uniform(0.85, 1.15))))
            for breakdown_id, _ in kind_cells
        ]
        out = [(b, f, None, None) for b, f in figures]
        if typed_total:
            if aggregation == Aggregation.MAXIMUM:
                total = max(f for _, f in figures)
            else:
                total = (sum(f for _, f in figures) / len(figures)).quantize(PLACES)
            out.append((None, total, None, None))
        return out
    # A sum: the agency's share of the year's amount, spread over the cells.
    amount = level * share
    if not kind_cells:
        return [(None, Decimal(int(round(amount))), None, None)]
    weights = spec.cell_weights(cells)
    total = 0
    uniform = rng.random
    for (breakdown_id, _), weight in zip(kind_cells, weights, strict=True):
        figure = int(amount * weight * (0.85 + 0.3 * uniform()) + 0.5)
        out.append((breakdown_id, figure, None, None))
        total += figure
    if typed_total:
        out.append((None, total, None, None))
    return out


def _rating(spec: Spec, year: int) -> str:
    if spec.profile.value_type == YN:
        return Rating.ACHIEVED if spec.actual[year] else Rating.OFF_TRACK
    if spec.quality >= 1.0:
        return Rating.ACHIEVED
    if spec.quality >= 0.8:
        return Rating.ON_TRACK
    if spec.quality >= 0.5:
        return Rating.AT_RISK
    return Rating.OFF_TRACK


@dataclass
class Story:
    """How far one report went, and when."""

    kind: str  # a ReportState, or MISSING, PARTIAL, EMPTY
    state: str
    submitted_at: dt.datetime | None = None
    approved_at: dt.datetime | None = None
    accepted_at: dt.datetime | None = None
    late: bool = False

    @property
    def has_values(self) -> bool:
        return self.kind != EMPTY

    @property
    def partial(self) -> bool:
        return self.kind in (MISSING, PARTIAL)


def _at(day: dt.date, rng: random.Random) -> dt.datetime:
    return dt.datetime.combine(day, dt.time(rng.randrange(8, 18), rng.randrange(60)), tzinfo=TZ)


def _story(rng: random.Random, round_: Round, closed: bool) -> Story:
    kind = _pick(rng, CLOSED_STORIES if closed else OPEN_STORIES)
    if kind in (MISSING, EMPTY, PARTIAL):
        state = ReportState.LOCKED if closed else ReportState.DRAFT
        return Story(kind=kind, state=state)
    late = kind == ReportState.ACCEPTED and rng.random() < LATE_SHARE
    if late:
        submitted_on = round_.due_on + dt.timedelta(days=rng.randrange(1, 30))
    else:
        submitted_on = round_.due_on - dt.timedelta(days=rng.randrange(0, 45))
    story = Story(kind=kind, state=kind, submitted_at=_at(submitted_on, rng), late=late)
    if kind != ReportState.SUBMITTED or closed:
        story.approved_at = story.submitted_at + dt.timedelta(days=rng.randrange(0, 6), hours=2)
    if kind == ReportState.ACCEPTED:
        story.accepted_at = story.approved_at + dt.timedelta(days=rng.randrange(1, 15), hours=3)
    if closed:
        story.state = ReportState.LOCKED
    return story


def _open_round(plan: Plan, period: Period, closed: bool) -> Round:
    opens = period.end + dt.timedelta(days=1)
    round_ = Round(
        plan=plan,
        period=period,
        title_th=f"รายงานผลการดำเนินงาน {period.label('th')} (ข้อมูลสังเคราะห์)",
        title_en=f"Progress report, {period.label('en')} (generated data)",
        opens_on=opens,
        due_on=opens + dt.timedelta(days=59),
        closes_on=opens + dt.timedelta(days=90),
        state=RoundState.CLOSED if closed else RoundState.OPEN,
    )
    if closed:
        round_.closed_at = dt.datetime.combine(round_.closes_on, dt.time(17), tzinfo=TZ)
    round_.full_clean()
    round_.save()
    return round_


def _write_round(
    *,
    scale: Scale,
    seed: int,
    round_: Round,
    year: int,
    closed: bool,
    specs: list[Spec],
    ref: Reference,
    cells: Cells,
    writer: ValueWriter,
    counts: Counter,
) -> None:
    """The reports of one round as round_open makes them, their stories, lines and values."""
    texts = TEXTS[scale.region]
    by_org: dict[str, list[Spec]] = {}
    for spec in specs:  # specs are in the plan's order, as round_open orders the lines
        for org in spec.reporters:
            by_org.setdefault(org, []).append(spec)
    period_code = round_.period.code
    reports, stories = [], {}
    for org in sorted(by_org):
        story = _story(_rng(seed, scale.name, "report", period_code, org), round_, closed)
        stories[org] = story
        last = story.accepted_at or story.approved_at or story.submitted_at
        reports.append(
            Report(
                round=round_,
                organization=ref.organizations[org],
                state=story.state,
                version=1 if story.kind in (EMPTY, MISSING) else 3,
                progress=texts["narrative"] if story.submitted_at else "",
                submitted_at=story.submitted_at,
                approved_at=story.approved_at,
                accepted_at=story.accepted_at,
                last_activity_at=last
                or dt.datetime.combine(round_.opens_on, dt.time(9), tzinfo=TZ),
            )
        )
        counts[f"reports {story.state}"] += 1
        counts["reports late"] += story.late
    reports = _ids(Report.objects.bulk_create(reports))
    report_of = {r.organization.code: r for r in reports}

    events = []
    lines: list[ReportLine] = []
    plans_for_lines: list[tuple[ReportLine, Spec, random.Random, bool]] = []
    for org in sorted(by_org):
        report, story = report_of[org], stories[org]
        events.append(
            Event(
                report=report,
                kind=EventKind.OPENED,
                state_after=ReportState.DRAFT,
                data={"indicators": [s.code for s in by_org[org]], "generated": True},
            )
        )
        if story.state != ReportState.DRAFT or story.kind == PARTIAL:
            events.append(
                Event(
                    report=report,
                    kind=_event_kind(story),
                    state_before=ReportState.DRAFT,
                    state_after=story.state,
                    comment=texts["event"],
                    data={"generated": True, "late": story.late},
                )
            )
        counted = story.submitted_at is not None
        for spec in by_org[org]:
            rng = _rng(seed, scale.name, "line", spec.code, period_code, org)
            filled = story.has_values and not (story.partial and rng.random() < 0.5)
            rating = _rating(spec, year) if filled and counted else ""
            line = ReportLine(
                report=report,
                indicator_id=spec.pk,
                rating=rating,
                rating_reason=texts["late"] if rating in (Rating.AT_RISK, Rating.OFF_TRACK) else "",
                version=2 if filled else 1,
            )
            lines.append(line)
            plans_for_lines.append((line, spec, rng, filled))
    Event.objects.bulk_create(events, batch_size=500)
    _ids(ReportLine.objects.bulk_create(lines, batch_size=1000))
    counts["report lines"] += len(lines)
    for line, spec, rng, filled in plans_for_lines:
        if not filled:
            continue
        org = line.report.organization.code
        # Submitted reports met the submission rules: every line has its total and a rating.
        typed_total = line.report.submitted_at is not None or rng.random() < DRAFT_TOTAL_SHARE
        for breakdown_id, value, numerator, denominator in line_values(
            spec, year, org, rng, cells, typed_total
        ):
            writer.add(line.pk, breakdown_id, value, numerator, denominator)
    writer.flush()


def _event_kind(story: Story) -> str:
    return {
        ReportState.SUBMITTED: EventKind.SUBMITTED,
        ReportState.APPROVED: EventKind.APPROVED,
        ReportState.ACCEPTED: EventKind.ACCEPTED,
        ReportState.RETURNED: EventKind.RETURNED,
        ReportState.LOCKED: EventKind.LOCKED,
        ReportState.DRAFT: EventKind.SAVED,
    }[story.state]


# --- Deleting a generated plan ------------------------------------------------------------------------


def _delete_plan(plan: Plan) -> None:
    """Delete a generated plan with its rounds, reports, values and progress, quickly.

    Values are deleted with one statement: Django's cascade would first load millions of rows.
    """
    NodeProgress.objects.filter(plan=plan).delete()
    IndicatorProgress.objects.filter(indicator__plan=plan).delete()
    Contribution.objects.filter(report__round__plan=plan).delete()
    ValueChange.objects.filter(report__round__plan=plan).delete()
    ids = Value.objects.filter(line__report__round__plan=plan).values("pk")
    sql, params = ids.query.sql_with_params()
    table = connection.ops.quote_name(Value._meta.db_table)
    with connection.cursor() as cursor:
        # A sub-select of the ids: SQLite cannot delete with a join.
        cursor.execute(f"DELETE FROM {table} WHERE id IN ({sql})", params)
    Round.objects.filter(plan=plan).delete()
    plan.delete()


def _analyze(*models) -> None:
    """Bring PostgreSQL's planner statistics up to date after a bulk load, as autovacuum would
    later: queries on millions of new rows are planned as they will be in production."""
    if connection.vendor != "postgresql":
        return
    tables = ", ".join(connection.ops.quote_name(m._meta.db_table) for m in models)
    with connection.cursor() as cursor:
        cursor.execute(f"ANALYZE {tables}")


# --- The whole run ----------------------------------------------------------------------------------


@dataclass
class GenerateResult:
    plan: Plan
    scale: str
    seed: int
    counts: dict[str, int]
    timings: dict[str, float]
    peak_memory_mb: float | None
    replaced: bool = False

    def summary(self) -> list[str]:
        c = self.counts
        states = ", ".join(
            f"{state} {c[f'reports {state}']:,}"
            for state in ReportState.values
            if c.get(f"reports {state}")
        )
        lines = [
            f"Generated plan {self.plan.code} (scale {self.scale}, seed {self.seed})"
            + (", replacing the previous one" if self.replaced else "")
            + f" in {sum(self.timings.values()):.1f} s. Every figure is synthetic.",
            f"  {c['indicators']:,} indicators under {c['results']:,} results; "
            f"{c['assignments']:,} agency assignments, {c['baselines']:,} baselines, "
            f"{c['targets']:,} yearly targets",
            f"  {c['rounds']:,} rounds ({c['rounds open']} open), {c['reports']:,} reports "
            f"({states}; {c['reports late']:,} submitted late), {c['report lines']:,} report lines",
            f"  {c['values']:,} values; progress rows: {c['indicator progress']:,} indicator, "
            f"{c['node progress']:,} result, {c['contributions']:,} contributions",
            "  time: " + ", ".join(f"{k} {v:.1f} s" for k, v in self.timings.items()),
        ]
        if self.peak_memory_mb is not None:
            lines.append(f"  peak memory of this process: {self.peak_memory_mb:,.0f} MB")
        return lines


def peak_memory_mb() -> float | None:
    """The process's peak resident memory in MB (None where the resource module is missing)."""
    try:
        import resource
    except ImportError:  # pragma: no cover - Windows
        return None
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1024 * 1024) if sys.platform == "darwin" else peak / 1024


def generate(
    scale_name: str,
    seed: int,
    *,
    replace: bool = False,
    progress: bool = True,
    log: Callable[[str], None] | None = None,
) -> GenerateResult:
    """Generate the plan of a scale and seed; refuse if it exists, unless asked to replace it."""
    if scale_name not in SCALES:
        raise GenerateError(
            f"Unknown scale “{scale_name}”: choose one of {', '.join(sorted(SCALES))}."
        )
    scale = SCALES[scale_name]
    code = plan_code(scale.name, seed)
    say = log or (lambda message: None)
    timings: dict[str, float] = {}
    started = time.perf_counter()

    def lap(name: str) -> None:
        nonlocal started
        now = time.perf_counter()
        timings[name] = now - started
        started = now
        say(f"{name}: {timings[name]:.1f} s")

    existing = Plan.objects.filter(code=code).first()
    if existing is not None and not replace:
        raise GenerateError(
            f"The plan {code} exists already. Run again with --replace to delete it and "
            "generate it anew."
        )
    ref = reference_for(scale)
    counts: Counter = Counter()
    with transaction.atomic():
        if existing is not None:
            _delete_plan(existing)
            lap("delete the previous plan")
        periods = [period_get_or_create(c) for c in scale.period_codes()]
        # The plan's span as platform plans have it: its years and its life-of-plan period.
        periods_for_plan_span(scale.calendar, periods[0].start, periods[-1].end, with_parts=False)
        before = period_get_or_create(
            f"{scale.period_codes()[0][:2]}{scale.first_year - 1}"
        )  # the year the baselines were measured in
        plan = _create_plan(scale, seed, code, ref, periods)
        cells = cells_for(ref, seed, scale)
        specs = _create_indicators(scale, seed, plan, ref, periods, before)
        lap("plan, results, indicators, targets")

        writer = ValueWriter(timezone.now())
        for year, period in enumerate(periods):
            closed = year < len(periods) - 1
            round_ = _open_round(plan, period, closed)
            _write_round(
                scale=scale,
                seed=seed,
                round_=round_,
                year=year,
                closed=closed,
                specs=specs,
                ref=ref,
                cells=cells,
                writer=writer,
                counts=counts,
            )
            say(f"  {period.code}: {writer.count:,} values so far")
        counts["values"] = writer.count
        lap("rounds, reports and values")
    lap("commit")
    _analyze(Value, ReportLine, Report)
    if progress:
        plan_progress_rebuild(plan)
        _analyze(Contribution, IndicatorProgress, NodeProgress)
        lap("progress rebuild")
    counts.update(
        indicators=len(specs),
        results=ResultNode.objects.filter(plan=plan).count(),
        assignments=Assignment.objects.filter(indicator__plan=plan).count(),
        baselines=Baseline.objects.filter(indicator__plan=plan).count(),
        targets=Target.objects.filter(indicator__plan=plan).count(),
        rounds=len(periods),
        reports=Report.objects.filter(round__plan=plan).count(),
        contributions=Contribution.objects.filter(report__round__plan=plan).count(),
    )
    counts["rounds open"] = 1
    counts["indicator progress"] = IndicatorProgress.objects.filter(indicator__plan=plan).count()
    counts["node progress"] = NodeProgress.objects.filter(plan=plan).count()
    return GenerateResult(
        plan=plan,
        scale=scale.name,
        seed=seed,
        counts=dict(counts),
        timings=timings,
        peak_memory_mb=peak_memory_mb(),
        replaced=existing is not None,
    )


def plan_totals(plan: Plan) -> dict[str, object]:
    """Counts and sums of a generated plan's data, to compare two runs with the same seed."""
    from django.db.models import Sum

    values = Value.objects.filter(line__report__round__plan=plan)
    sums = values.aggregate(
        count=Count("pk"),
        value=Sum("value"),
        numerator=Sum("numerator"),
        denominator=Sum("denominator"),
    )
    return {
        "indicators": Indicator.objects.filter(plan=plan).count(),
        "reports": dict(
            Report.objects.filter(round__plan=plan)
            .values_list("state")
            .annotate(n=Count("pk"))
            .order_by("state")
        ),
        "lines": ReportLine.objects.filter(report__round__plan=plan).count(),
        **{f"values_{k}": v for k, v in sums.items()},
    }
