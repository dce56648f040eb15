"""The demo Seal: the illustrative programme and BMA's two cycles, made through the services.

Loaded once for this module (reference data, accounts, then the Seal) inside a transaction that
is rolled back at the end; each test runs in its own savepoint within it.
"""

import datetime as dt
from collections import Counter
from decimal import Decimal

import pytest
from django.apps import apps
from django.db import transaction
from django.db.models import Max

from naptrack.demo import loaders
from naptrack.demo.loaders import LoadStats
from naptrack.demo.seal_loader import INSTITUTION, OWNERS, load_seal, programme_data
from naptrack.seal.models import (
    Award,
    Benchmark,
    Enrolment,
    ItemState,
    Programme,
    SealEvidence,
    Stage,
    StageEvent,
)
from naptrack.seal.permissions import is_unit_of

TODAY = dt.date(2026, 12, 3)


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        stats = LoadStats()
        loaders.load_areas(stats)
        organizations = loaders.load_organizations(stats)
        loaders.load_accounts(stats, organizations)
        summary = load_seal(stats, today=TODAY)
        yield summary
        transaction.set_rollback(True)


def _snapshot() -> dict:
    snapshot = {}
    for model in apps.get_models():
        fields = {f.name for f in model._meta.get_fields()}
        latest = (
            model.objects.aggregate(latest=Max("updated_at"))["latest"]
            if "updated_at" in fields
            else None
        )
        snapshot[model._meta.label] = (model.objects.count(), latest)
    return snapshot


def test_the_programme_is_illustrative_and_covers_the_three_levels(demo, db):
    programme = Programme.objects.get(code="ges-demo", version="2024")
    assert programme.is_illustrative and programme.is_published
    assert "illustrative" in programme.name_en and "สาธิต" in programme.name_th
    assert "not UNDP's official list" in programme.description_en
    assert [d.name_en for d in programme.dimensions.order_by("sort_order")] == [
        "Leadership and political commitment",
        "Public policy cycle management",
        "Organisational and institutional management",
    ]
    benchmarks = Benchmark.objects.filter(programme=programme)
    assert benchmarks.count() >= 27 and demo.benchmarks == benchmarks.count()
    assert all(
        b.is_illustrative and b.text_th and b.text_en and b.verification_th for b in benchmarks
    )
    assert all(b.weight == 1 for b in benchmarks)
    policy = benchmarks.get(code="1.1.1")
    assert policy.mandatory_bronze and policy.mandatory_silver and policy.mandatory_gold
    mandatory = Counter(
        level
        for b in benchmarks
        for level in ("bronze", "silver", "gold")
        if b.mandatory_for(level)
    )
    assert 0 < mandatory["bronze"] < mandatory["silver"] < mandatory["gold"] < benchmarks.count()
    # Every benchmark of the data file has an owning unit in the story.
    owned = {code for codes in OWNERS.values() for code in codes}
    assert owned == {b.code for b in benchmarks}


def test_the_first_cycle_is_complete_with_its_bronze_award(demo, db):
    first = Enrolment.objects.get(institution__code=INSTITUTION, cycle=1)
    assert first.stage == Stage.AWARD
    assert first.started_on == dt.date(2023, 8, 15)
    assert first.commitment_signed_on == dt.date(2023, 8, 15)
    assert first.self_assessment_submitted_at.date() == dt.date(2023, 12, 15)
    assert first.committee.count() == 5
    award = Award.objects.get(enrolment=first)
    assert award.level == "bronze"
    assert award.awarded_on == dt.date(2024, 6, 20)
    assert award.expires_on == dt.date(2027, 6, 20)
    assert award.certificate_number.startswith("GES-BMA-2024-")
    assert first.assessment.compliance == Decimal("61.29")
    assert first.actions.count() == 4 and first.actions.filter(updates__isnull=False).exists()
    assert first.items.filter(evidence_requests__state="closed").count() == 1
    # The history is real and dated in the story, not today.
    kinds = set(first.events.values_list("kind", flat=True))
    assert {
        "created",
        "stage",
        "assigned",
        "answered",
        "returned",
        "submitted",
        "concluded",
    } <= kinds
    concluded = first.events.get(kind="concluded")
    assert concluded.created_at.date() == dt.date(2024, 6, 20) and concluded.stage == Stage.AWARD
    latest = StageEvent.objects.filter(enrolment=first).aggregate(m=Max("created_at"))["m"]
    assert latest.date() < dt.date(2025, 1, 1)
    assert first.events.filter(kind="answered").exclude(actor=None).exists()


def test_the_second_cycle_is_in_its_self_assessment_with_mixed_states(demo, db):
    second = Enrolment.objects.get(institution__code=INSTITUTION, cycle=2)
    first = Enrolment.objects.get(institution__code=INSTITUTION, cycle=1)
    assert second.previous == first
    assert second.stage == Stage.SELF_ASSESSMENT and second.self_assessment_submitted_at is None
    states = Counter(second.items.values_list("state", flat=True))
    assert {ItemState.ASSIGNED, ItemState.ANSWERED, ItemState.RETURNED, ItemState.REVIEWED} <= set(
        states
    )
    assert SealEvidence.objects.filter(item__enrolment=second).exclude(url="").exists()
    assert second.items.filter(unit=None).count() == 0
    assert all(is_unit_of(item.unit, second.institution_id) for item in second.items.all())
    assert second.items.exclude(feedback="").filter(state=ItemState.RETURNED).count() == 2
    latest = second.events.aggregate(m=Max("created_at"))["m"]
    assert latest.date() <= TODAY


def test_a_second_run_creates_and_changes_nothing(demo, db):
    before = _snapshot()
    stats = LoadStats()

    again = load_seal(stats, today=TODAY)

    assert again.created_enrolments == 0
    assert not stats.changed, (dict(stats.created), dict(stats.updated))
    assert _snapshot() == before


def test_the_programme_data_file_is_complete(db):
    data = programme_data()
    codes = [b["code"] for d in data["dimensions"] for s in d["standards"] for b in s["benchmarks"]]
    assert len(codes) == len(set(codes)) >= 27
    for dimension in data["dimensions"]:
        for standard in dimension["standards"]:
            for benchmark in standard["benchmarks"]:
                assert set(benchmark["text"]) == {"th", "en", "vi"}
                assert set(benchmark["mandatory"]) <= {"bronze", "silver", "gold"}
