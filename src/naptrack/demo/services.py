"""Load the demo: reference data, the six demo plans and the demo accounts, in one transaction."""

from __future__ import annotations

import time
from dataclasses import dataclass, field

from django.db import transaction

from naptrack.demo import loaders
from naptrack.demo.data.plans import PLANS
from naptrack.demo.loaders import AccountRow, LoadStats
from naptrack.demo.plan_loader import PlanLoader
from naptrack.demo.reporting_loader import load_rounds
from naptrack.demo.seal_loader import load_seal
from naptrack.frameworks.models import Plan
from naptrack.periods.models import Period


@dataclass
class DemoLoadResult:
    stats: LoadStats
    plans: list[Plan] = field(default_factory=list)
    accounts: list[AccountRow] = field(default_factory=list)
    seconds: float = 0.0


def demo_load(*, plans: bool = True, accounts: bool = True) -> DemoLoadResult:
    """Create or bring up to date the demo data; running it again changes nothing.

    With plans=False only the reference data is loaded: areas, organizations, outside frameworks
    and breakdown dimensions, which a real deployment needs as well.
    """
    started = time.perf_counter()
    stats = LoadStats()
    result = DemoLoadResult(stats=stats)
    with transaction.atomic():
        periods_before = Period.objects.count()
        loaders.load_areas(stats)
        organizations = loaders.load_organizations(stats)
        references = loaders.load_references(stats)
        options = loaders.load_dimensions(stats)
        if plans:
            loader = PlanLoader(
                stats, organizations=organizations, references=references, options=options
            )
            result.plans = [loader.load(spec) for spec in PLANS]
        if accounts:
            result.accounts = loaders.load_accounts(stats, organizations)
        if plans and accounts:  # the rounds' and the Seal's history is made by the demo users
            load_rounds(stats)
            load_seal(stats)
        stats.add(Period._meta.label, created=Period.objects.count() - periods_before)
    result.seconds = time.perf_counter() - started
    return result
