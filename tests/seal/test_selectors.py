"""The Seal's reads: progress by dimension and unit, what waits for whom, the stage track, the gap
analysis (basis, blockers, differences, the previous cycle) and the action plan."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

import pytest

from naptrack.seal import selectors, services
from naptrack.seal.models import ActionStatus, Stage

pytestmark = pytest.mark.usefixtures("english")


def by_key(rows):
    return {row.key: row for row in rows}


def test_progress_counts_answered_and_reviewed_by_dimension_and_by_unit(seal):
    seal.engage()
    seal.assign(["1.1.1", "1.1.2"], "finance")
    seal.assign(["2.1.1"], "health")
    seal.answer("1.1.1", "met")
    seal.answer("1.1.2", "not_met")
    seal.answer("2.1.1", "met")
    seal.act(services.item_review, actor=seal.coordinator, item=seal.item("1.1.1"), accept=True)
    seal.act(
        services.item_review,
        actor=seal.coordinator,
        item=seal.item("1.1.2"),
        accept=False,
        feedback="Add the order.",
    )
    progress = selectors.self_assessment_progress(
        seal.refresh(),
        today=dt.date(2025, 1, 10),  # after the due date (20 Dec 2024)
    )
    total = progress["total"]
    assert (total.total, total.answered, total.reviewed, total.returned) == (10, 2, 1, 1)
    assert total.unassigned == 7 and total.overdue == 1  # 1.1.2 sent back, late
    dims = by_key(progress["dimensions"])
    assert (dims["1"].total, dims["1"].answered, dims["1"].percent) == (3, 1, 33)
    assert (dims["2"].answered, dims["3"].answered) == (1, 0)
    units = {row.label: row for row in progress["units"]}
    assert units["Finance Department"].total == 2 and units["Finance Department"].answered == 1
    assert units["Health Department"].percent == 100
    assert progress["units"][-1].label == "Not assigned to a unit yet"
    assert progress["units"][-1].total == 7


def test_what_waits_for_a_unit_owner(seal):
    seal.engage()
    seal.assign(["1.1.1", "1.1.2"], "finance")
    seal.assign(["2.1.1"], "health")
    seal.answer("1.1.1", "met")
    waiting = selectors.items_to_answer_for_user(seal.owner_finance)
    assert [item.benchmark.code for item in waiting] == ["1.1.2"]
    assert selectors.items_to_answer_for_user(seal.viewer) == []
    assert selectors.items_to_answer_for_user(seal.other_owner) == []


def test_item_groups_follow_dimension_and_standard_and_hide_other_units(seal):
    seal.engage()
    seal.assign(["1.1.1"], "finance")
    groups = selectors.item_groups(seal.coordinator, seal.refresh(), selectors.ItemFilters())
    assert [g.dimension.code for g in groups] == ["1", "2", "3"]
    assert [s.standard.code for s in groups[0].standards] == ["1.1", "1.2"]
    assert [i.benchmark.code for i in groups[0].standards[0].items] == ["1.1.1", "1.1.2"]
    mine = selectors.item_groups(seal.owner_finance, seal.enrolment, selectors.ItemFilters())
    assert [i.benchmark.code for g in mine for s in g.standards for i in s.items] == ["1.1.1"]


def test_the_commitment_letter_is_not_evidence_of_the_first_benchmark(seal):
    seal.engage()
    seal.act(
        services.commitment_letter_attach,
        actor=seal.coordinator,
        enrolment=seal.enrolment,
        upload=seal.pdf("หนังสือแสดงเจตจำนง.pdf"),
    )
    enrolment = seal.refresh()
    item = selectors.item_get(enrolment, "1.1.1")
    assert selectors.item_evidence(item) == []
    groups = selectors.item_groups(seal.coordinator, enrolment, selectors.ItemFilters())
    assert groups[0].standards[0].items[0].evidence_count == 0


def test_the_stage_track_marks_done_current_and_upcoming_with_dates(seal):
    seal.to_stage("action_plan")
    track = selectors.stage_track(seal.refresh())
    assert [(s.code, s.state) for s in track] == [
        ("engage", "done"),
        ("self_assessment", "done"),
        ("action_plan", "current"),
        ("external_assessment", "upcoming"),
        ("award", "upcoming"),
    ]
    assert track[0].entered_at is not None and track[4].entered_at is None
    facts = dict(track[1].facts)
    assert facts["Due on"] == dt.date(2024, 12, 20) and "Submitted on" in facts


def test_the_gap_analysis_stands_on_the_self_assessment_until_the_assessors_conclude(seal):
    seal.to_stage(
        "external_assessment",
        answers={"1.1.2": "not_met", "2.1.1": "partly_met", "3.2.2": "not_applicable"},
    )
    gaps = selectors.gap_analysis(seal.refresh())
    assert gaps.basis == "self_assessment"
    # 7 met of 9 applicable = 77.78 %; 2.1.1 (mandatory for Silver) is not met: Bronze.
    assert gaps.compliance == Decimal("77.78") and gaps.level == "bronze"
    assert gaps.next_level == "silver" and gaps.next_threshold_reached
    assert [b.benchmark.code for b in gaps.blockers] == ["2.1.1"]
    dims = {d.code: d for d in gaps.dimensions}
    assert dims["1"].compliance == Decimal("66.67") and dims["1"].verdict == ""
    assert dims["3"].compliance == Decimal("100.00") and dims["3"].verdict == "strength"
    assert dims["3"].applicable == 3  # 3.2.2 does not apply
    assert [b.code for b in dims["2"].unmet] == ["2.1.1"]
    assert gaps.differences == [] and not gaps.has_scores


def test_the_gap_analysis_after_the_assessment_shows_the_differences(seal):
    seal.to_stage(
        "award",
        answers={"1.1.2": "not_met"},
        results={"1.1.2": "met", "3.1.1": "not_met", "3.1.2": "not_met", "3.2.1": "not_met"},
    )
    gaps = selectors.gap_analysis(seal.refresh())
    assert gaps.basis == "assessment"
    assert gaps.compliance == Decimal("70.00") and gaps.level == "silver"
    assert gaps.next_level == "gold" and not gaps.next_threshold_reached
    assert [b.benchmark.code for b in gaps.blockers] == ["3.1.1"]
    diffs = {d.benchmark.code: (d.self_answer, d.assessed) for d in gaps.differences}
    assert diffs == {
        "1.1.2": ("not_met", "met"),
        "3.1.1": ("met", "not_met"),
        "3.1.2": ("met", "not_met"),
        "3.2.1": ("met", "not_met"),
    }
    dims = {d.code: d for d in gaps.dimensions}
    assert dims["3"].compliance == Decimal("25.00") and dims["3"].verdict == "weakness"
    assert dims["3"].self_compliance == Decimal("100.00")
    chart = gaps.chart
    assert chart["categories"] == ["1", "2", "3"]
    assert [s["key"] for s in chart["series"]] == ["self", "assessed"]
    assert chart["series"][1]["values"] == [100.0, 100.0, 25.0]


def test_a_second_cycle_compares_with_the_first(seal):
    seal.to_stage("award", results={"3.1.1": "not_met", "3.1.2": "not_met"})
    first = seal.refresh()
    second = seal.act(
        services.enrolment_create,
        actor=seal.coordinator,
        institution=seal.bma,
        programme=seal.programme,
        started_on=dt.date(2025, 10, 1),
    )
    assert second.previous == first and second.cycle == 2
    gaps = selectors.gap_analysis(second)
    assert gaps.previous == first
    assert gaps.previous_compliance == Decimal("80.00") and gaps.previous_level == "silver"
    dims = {d.code: d for d in gaps.dimensions}
    assert dims["3"].previous_compliance == Decimal("50.00")
    assert dims["1"].previous_compliance == Decimal("100.00")
    assert gaps.compliance is None  # nothing answered in the new cycle yet
    assert [s["key"] for s in gaps.chart["series"]] == ["self", "previous"]


def test_action_rows_flag_late_actions_and_the_summary_averages_live_ones(seal):
    seal.to_stage("action_plan", answers={"2.1.1": "not_met", "3.1.1": "partly_met"})
    late = seal.add_action(
        due_on=dt.date(2025, 3, 31), progress=50, status=ActionStatus.IN_PROGRESS
    )
    seal.add_action(title="Dropped idea", status=ActionStatus.DROPPED, progress=0)
    seal.add_action(
        title="Done", status=ActionStatus.DONE, progress=100, due_on=dt.date(2025, 1, 1)
    )
    rows = selectors.action_rows(seal.refresh(), today=dt.date(2025, 4, 1))
    overdue = {row.action.title: row.overdue for row in rows}
    assert overdue == {late.title: True, "Dropped idea": False, "Done": False}
    summary = selectors.action_summary(rows)
    assert summary["progress"] == 75 and summary["overdue"] == 1
    unmet = {
        b.code: (result, covered)
        for b, result, covered in selectors.unmet_benchmarks(seal.enrolment)
    }
    assert unmet == {"2.1.1": ("not_met", True), "3.1.1": ("partly_met", False)}


def test_the_enrolment_list_counts_answers_and_carries_the_award(seal):
    seal.to_stage("award")
    rows = selectors.enrolment_list_for_user(seal.coordinator)
    assert len(rows) == 1
    row = rows[0]
    assert (row.answered, row.total, row.percent) == (10, 10, 100)
    assert row.award.level == "gold"
    assert row.enrolment.stage == Stage.AWARD
    assert selectors.enrolment_list_for_user(seal.stranger) == []
