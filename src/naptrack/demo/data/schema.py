"""The shape of the demo plans: small dataclasses that the data modules fill and the loader reads.

A plan is written as nested NodeSpecs with IndicatorSpecs on them. Codes are stable: they are
how a second run of load_demo finds what it made the first time and updates it instead of
making a copy. References name outside framework items as "framework:code" ("sdg:5.5.2"),
breakdown options as "dimension:option" ("sex:female", "province:TH-94").
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from decimal import Decimal

from naptrack.frameworks.models import Aggregation, CumulativeMode, Direction, Frequency, ValueType

Texts = dict[str, str]
Number = int | float | str | Decimal


def tx(th: str = "", en: str = "", vi: str = "") -> Texts:
    """Return a text in Thai, English and Vietnamese (empty languages are left out)."""
    return {lang: text for lang, text in (("th", th), ("en", en), ("vi", vi)) if text}


@dataclass(frozen=True, kw_only=True)
class Fig:
    """A baseline or target figure: a value, a numerator over a denominator, or a text."""

    value: Number | None = None
    numerator: Number | None = None
    denominator: Number | None = None
    text: Texts = field(default_factory=dict)
    period: str | None = None  # baselines only: the period the baseline was measured in
    source: str = ""  # baselines only


def fig(value: Number | None = None, **kwargs) -> Fig:
    return Fig(value=value, **kwargs)


def ratio(numerator: Number, denominator: Number, **kwargs) -> Fig:
    return Fig(numerator=numerator, denominator=denominator, **kwargs)


def text(th: str = "", en: str = "", vi: str = "", **kwargs) -> Fig:
    return Fig(text=tx(th, en, vi), **kwargs)


@dataclass(frozen=True, kw_only=True)
class BreakdownFigures:
    """Baselines or targets for one breakdown: options like ("sex:female", "age-group:18-24")."""

    options: tuple[str, ...]
    baseline: Fig | None = None
    targets: dict[str, Fig | Number] = field(default_factory=dict)


@dataclass(frozen=True, kw_only=True)
class IndicatorSpec:
    code: str
    name: Texts
    lead: str
    # Every indicator states how its periods relate and how values combine: no silent default.
    cumulative_mode: CumulativeMode
    aggregation: Aggregation
    baseline: Fig
    targets: dict[str, Fig | Number]
    value_type: ValueType = ValueType.NUMBER
    unit: Texts = field(default_factory=dict)
    definition: Texts = field(default_factory=dict)
    means_of_verification: Texts = field(default_factory=dict)
    decimals: int = 0
    direction: Direction = Direction.INCREASE
    frequency: Frequency = Frequency.ANNUAL
    # Supporting agencies: a code (reports values) or (code, reports) when it does not report.
    support: tuple[str | tuple[str, bool], ...] = ()
    lead_reports: bool = True
    # Breakdowns: (dimension code, option codes or None for all options).
    dimensions: tuple[tuple[str, tuple[str, ...] | None], ...] = ()
    by: tuple[BreakdownFigures, ...] = ()
    references: tuple[str, ...] = ()
    life_target: Number | None = None
    life_target_text: Texts = field(default_factory=dict)
    is_key: bool = False


@dataclass(frozen=True, kw_only=True)
class NodeSpec:
    code: str
    title: Texts
    description: Texts = field(default_factory=dict)
    references: tuple[str, ...] = ()
    children: tuple[NodeSpec, ...] = ()
    indicators: tuple[IndicatorSpec, ...] = ()

    def walk(self):
        yield self
        for child in self.children:
            yield from child.walk()


@dataclass(frozen=True, kw_only=True)
class PlanSpec:
    code: str
    kind: str
    title: Texts
    owner: str
    start: dt.date
    end: dt.date
    calendar: str
    status: str
    levels: tuple[Texts, ...]
    nodes: tuple[NodeSpec, ...]
    short_title: Texts = field(default_factory=dict)
    description: Texts = field(default_factory=dict)
    area: str | None = None
    parent: str | None = None
    adopted_on: dt.date | None = None
    adopted_by: str = ""
    languages: str = "th,en"
    # Every figure in these plans is invented; the loader flags each one and the plan.
    has_demo_figures: bool = True

    def all_nodes(self):
        for node in self.nodes:
            yield from node.walk()

    def all_indicators(self):
        for node in self.all_nodes():
            yield from node.indicators


@dataclass(frozen=True, kw_only=True)
class AccountSpec:
    username: str
    role: str | None
    organization: str | None
    first_name: str = ""
    last_name: str = ""
    is_superuser: bool = False
