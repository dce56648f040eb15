"""The Seal's scoring rules, as pure functions (no database).

- Compliance = 100 × the weight of the benchmarks met ÷ the weight of the applicable benchmarks,
  rounded half-up to two decimals. A benchmark is applicable unless it is "not applicable" or has
  no answer yet. "Partly met" and "not met" count as not met. With every weight 1 this is simply
  benchmarks met ÷ applicable benchmarks. Nothing applicable → no compliance (None).
- The award level is the highest of Gold, Silver and Bronze whose threshold the compliance reaches
  and for which every benchmark mandatory at that level is met. A mandatory benchmark that does
  not apply does not block; one not answered yet does (nothing proves it is met).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

MET = "met"
PARTLY_MET = "partly_met"
NOT_MET = "not_met"
NOT_APPLICABLE = "not_applicable"
ANSWERS = (MET, PARTLY_MET, NOT_MET, NOT_APPLICABLE)

BRONZE, SILVER, GOLD = "bronze", "silver", "gold"
LEVELS_ASCENDING = (BRONZE, SILVER, GOLD)
DEFAULT_THRESHOLDS = {BRONZE: Decimal("60"), SILVER: Decimal("70"), GOLD: Decimal("80")}

_HUNDRED = Decimal("100")
_CENTS = Decimal("0.01")


def _decimal(value) -> Decimal:
    return value if isinstance(value, Decimal) else Decimal(str(value))


def is_applicable(answer: str | None) -> bool:
    return bool(answer) and answer != NOT_APPLICABLE


def compliance(results: Iterable[tuple[str, Decimal]]) -> Decimal | None:
    """Percentage of the applicable weight that is met; None when nothing applies."""
    met = applicable = Decimal(0)
    for answer, weight in results:
        if not is_applicable(answer):
            continue
        weight = _decimal(weight)
        applicable += weight
        if answer == MET:
            met += weight
    if applicable <= 0:
        return None
    return (_HUNDRED * met / applicable).quantize(_CENTS, rounding=ROUND_HALF_UP)


def thresholds_of(programme) -> dict[str, Decimal]:
    """The thresholds of a programme (anything with bronze/silver/gold_threshold attributes)."""
    return {level: _decimal(getattr(programme, f"{level}_threshold")) for level in LEVELS_ASCENDING}


def _threshold(thresholds: Mapping[str, Decimal] | None, level: str) -> Decimal:
    thresholds = thresholds or DEFAULT_THRESHOLDS
    return _decimal(thresholds.get(level, DEFAULT_THRESHOLDS[level]))


def reaches(compliance_value: Decimal | None, level: str, thresholds=None) -> bool:
    if compliance_value is None:
        return False
    return _decimal(compliance_value) >= _threshold(thresholds, level)


def award_level(
    compliance: Decimal | None,
    mandatory_unmet: Mapping[str, int] | None,
    thresholds: Mapping[str, Decimal] | None = None,
) -> str | None:
    """The highest level reached with none of its mandatory benchmarks unmet, or None."""
    mandatory_unmet = mandatory_unmet or {}
    for level in reversed(LEVELS_ASCENDING):
        if reaches(compliance, level, thresholds) and not mandatory_unmet.get(level):
            return level
    return None


@dataclass(frozen=True)
class BenchmarkFacts:
    """What scoring needs of a benchmark: its code, dimension, weight and the levels it is
    mandatory for."""

    code: str
    dimension_code: str = ""
    weight: Decimal = Decimal("1")
    mandatory: frozenset[str] = frozenset()

    @classmethod
    def of(cls, benchmark) -> BenchmarkFacts:
        """From a Benchmark row (its standard and dimension fetched, ideally with select_related)."""
        return cls(
            code=benchmark.code,
            dimension_code=benchmark.standard.dimension.code,
            weight=benchmark.weight,
            mandatory=frozenset(
                level for level in LEVELS_ASCENDING if getattr(benchmark, f"mandatory_{level}")
            ),
        )


@dataclass
class Outcome:
    compliance: Decimal | None
    level: str | None
    # level → {"reached_threshold": bool, "threshold": Decimal, "blocking": [codes]}
    levels: dict[str, dict]
    next_level: str | None
    # What stands between the current level and the next one.
    next_level_blocking: list[str] = field(default_factory=list)
    next_level_gap: Decimal | None = None  # percentage points still missing (0 if reached)
    counts: dict[str, int] = field(default_factory=dict)  # by answer; "" = not answered
    # dimension code → compliance within it (None when nothing applies there)
    by_dimension: dict[str, Decimal | None] = field(default_factory=dict)
    applicable: int = 0
    met: int = 0

    @property
    def blocking(self) -> dict[str, list[str]]:
        return {level: facts["blocking"] for level, facts in self.levels.items()}


def assess(
    benchmarks: Iterable[BenchmarkFacts],
    results: Mapping[str, str | None],
    thresholds: Mapping[str, Decimal] | None = None,
) -> Outcome:
    """Score a set of answers (benchmark code → answer) against the benchmarks and thresholds."""
    benchmarks = list(benchmarks)
    pairs = []
    counts = {answer: 0 for answer in (*ANSWERS, "")}
    dimensions: dict[str, list[tuple[str, Decimal]]] = {}
    blocking: dict[str, list[str]] = {level: [] for level in LEVELS_ASCENDING}
    for facts in benchmarks:
        answer = results.get(facts.code) or ""
        counts[answer if answer in counts else ""] += 1
        pairs.append((answer, facts.weight))
        dimensions.setdefault(facts.dimension_code, []).append((answer, facts.weight))
        if answer not in (MET, NOT_APPLICABLE):
            for level in facts.mandatory:
                if level in blocking:
                    blocking[level].append(facts.code)
    value = compliance(pairs)
    levels = {
        level: {
            "reached_threshold": reaches(value, level, thresholds),
            "threshold": _threshold(thresholds, level),
            "blocking": blocking[level],
        }
        for level in LEVELS_ASCENDING
    }
    level = award_level(value, {lv: len(codes) for lv, codes in blocking.items()}, thresholds)
    index = LEVELS_ASCENDING.index(level) + 1 if level else 0
    next_level = LEVELS_ASCENDING[index] if index < len(LEVELS_ASCENDING) else None
    gap = None
    next_blocking: list[str] = []
    if next_level:
        next_blocking = list(blocking[next_level])
        missing = _threshold(thresholds, next_level) - (value or Decimal(0))
        gap = max(missing, Decimal(0)).quantize(_CENTS, rounding=ROUND_HALF_UP)
    return Outcome(
        compliance=value,
        level=level,
        levels=levels,
        next_level=next_level,
        next_level_blocking=next_blocking,
        next_level_gap=gap,
        counts=counts,
        by_dimension={code: compliance(items) for code, items in dimensions.items()},
        applicable=sum(1 for answer, _ in pairs if is_applicable(answer)),
        met=counts[MET],
    )
