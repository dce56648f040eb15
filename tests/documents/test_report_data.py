"""What a progress report holds: figures, breakdowns, narratives, evidence, in the reader's terms."""

from __future__ import annotations

import pytest
from django.utils import translation

from naptrack.analytics.models import IndicatorProgress
from naptrack.documents.contracts import DocumentSpec
from naptrack.documents.report_data import DocumentError, build_report
from naptrack.frameworks.models import Indicator


def spec(plan, **kwargs) -> DocumentSpec:
    return DocumentSpec(plan_code=plan.code, **{"period_code": "FY2568", "format": "pdf", **kwargs})


def lines(document) -> dict:
    found = {}

    def walk(sections):
        for section in sections:
            for line in section.indicators:
                found[line.code] = line
            walk(section.children)

    walk(document.sections)
    return found


def stored(plan, code, period="FY2568", provisional=False, organization=None):
    return IndicatorProgress.objects.get(
        indicator__plan=plan,
        indicator__code=code,
        period__code=period,
        provisional=provisional,
        option=None,
        organization=organization,
    )


def test_a_thai_report_holds_every_indicator_with_its_figures(report_plan):
    document = build_report(spec(report_plan.plan, language="th"))

    assert document.period_label == "ปีงบประมาณ พ.ศ. 2568"
    assert document.plan_name == "แผนปฏิบัติการด้านสตรี สันติภาพ และความมั่นคง"
    assert "2568" in document.title
    assert [s.code for s in document.sections] == ["1", "2"]
    assert document.sections[0].title == "การมีส่วนร่วมของผู้ใหญ่"
    assert [c.code for c in document.sections[0].children] == ["1.1"]
    found = lines(document)
    assert set(found) == {"1.1.1", "1.1.2", "2.1.1"}
    trained = found["1.1.1"]
    row = stored(report_plan.plan, "1.1.1")
    assert trained.name == "จำนวนผู้ใหญ่ที่ผ่านการอบรมการไกล่เกลี่ย"
    assert trained.actual == f"{int(row.value):,}"
    assert trained.baseline == "350"
    assert trained.target == "550"
    assert trained.lead_agency == "ศอ.บต."
    assert trained.unit == "คน"
    assert trained.status_key == row.status
    assert trained.provisional is False
    incidents = found["2.1.1"]
    assert incidents.actual == "104"
    assert incidents.target == "100"
    assert incidents.lead_agency == "ตร."
    # Summary by pillar, with counts by status adding up to the pillar's indicators.
    assert [row.code for row in document.summary] == ["1", "2"]
    assert [row.indicators for row in document.summary] == [2, 1]
    assert sum(document.overall_counts.values()) == 3
    assert document.basis_label == "เฉพาะรายงานที่รับรองแล้ว" or document.basis_label


def test_breakdowns_by_sex_and_province_come_from_the_stored_option_rows(report_plan):
    document = build_report(spec(report_plan.plan, language="en"))

    trained = lines(document)["1.1.1"]
    tables = {t.header[0]: t for t in trained.breakdowns}
    # Both agencies' figures: women 80 + 40 + 10 + 10, men 50 + 30 + 10 + 10.
    assert tables["sex"].rows == [["female", "140"], ["male", "100"]]
    assert tables["province"].rows == [["pattani", "150"], ["yala", "90"]]
    assert tables["sex"].title == "By sex"
    # The chart of key indicators by sex shows the same figures.
    by_sex = next(c for c in document.charts if c.kind == "sex")
    assert by_sex.labels == ["1.1.1 People trained in mediation"]
    assert [s["values"] for s in by_sex.series] == [[140.0], [100.0]]


def test_charts_follow_the_summary(report_plan):
    document = build_report(spec(report_plan.plan, language="en"))

    bars = next(c for c in document.charts if c.kind == "bars")
    assert bars.labels == ["1 Participation", "2 Protection"]
    assert bars.series[0]["labels"] == [row.achievement or "–" for row in document.summary]
    status = next(c for c in document.charts if c.kind == "status")
    assert [s["name"] for s in status.series] == [
        "Achieved",
        "On track",
        "At risk",
        "Off track",
        "No data",
    ]
    assert [sum(s["values"][i] for s in status.series) for i in range(2)] == [2, 1]


def test_english_text_and_thai_digits(report_plan):
    english = build_report(spec(report_plan.plan, language="en"))
    assert english.period_label == "FY2568 (Oct 2024 – Sep 2025)"
    assert english.basis_label == "Accepted reports only"
    assert english.labels["baseline"] == "Baseline"
    assert lines(english)["1.1.1"].status in {"Achieved", "On track", "At risk", "Off track"}

    thai = build_report(spec(report_plan.plan, language="th", thai_digits=True))
    assert thai.period_label == "ปีงบประมาณ พ.ศ. ๒๕๖๘"
    assert lines(thai)["2.1.1"].actual == "๑๐๔"
    assert lines(thai)["1.1.1"].baseline == "๓๕๐"
    assert not any(ch.isascii() and ch.isdigit() for ch in thai.generated_label)
    # Thai digits are for Thai documents only.
    assert (
        lines(build_report(spec(report_plan.plan, language="en", thai_digits=True)))["2.1.1"].actual
        == "104"
    )


def test_narratives_and_evidence_of_accepted_reports(report_plan):
    document = build_report(spec(report_plan.plan, language="en"))

    by_agency = {n.agency: n for n in document.narratives}
    assert set(by_agency) == {"SBPAC", "Royal Thai Police"}
    sbpac = by_agency["SBPAC"]
    assert sbpac.progress.startswith("ศอ.บต. ดำเนินการอบรม")
    assert sbpac.problems == "น้ำท่วมในบางพื้นที่ทำให้ต้องเลื่อนการอบรม"
    assert sbpac.state == "Accepted"
    assert [(e.agency, e.title, e.kind, e.name) for e in document.evidence] == [
        ("SBPAC", "ภาพการดำเนินการอบรม", "link", "https://example.org/evidence/training")
    ]


def test_provisional_figures_are_included_only_when_asked_and_marked(report_plan):
    plan = report_plan.plan
    accepted = build_report(spec(plan, period_code="FY2567", language="en"))
    assert lines(accepted)["2.1.1"].actual == ""
    assert lines(accepted)["2.1.1"].status_key == "no_data"
    assert accepted.narratives == []

    provisional = build_report(spec(plan, period_code="FY2567", language="en", provisional=True))
    line = lines(provisional)["2.1.1"]
    assert line.actual == "112"
    assert line.provisional is True
    assert lines(provisional)["1.1.2"].provisional is False  # nothing new for it
    assert "provisional" in provisional.basis_label.lower()
    assert [n.state for n in provisional.narratives] == ["Submitted"]


def test_one_agency_report_shows_its_indicators_and_its_own_figure(report_plan):
    document = build_report(spec(report_plan.plan, language="en", agency_code="sbpac"))

    assert document.agency_name == "SBPAC"
    assert "SBPAC" in document.subtitle
    found = lines(document)
    assert set(found) == {"1.1.1", "1.1.2"}  # SBPAC has no part in pillar 2
    assert [s.code for s in document.sections] == ["1"]
    own = stored(report_plan.plan, "1.1.1", organization=report_plan.orgs["sbpac"])
    assert found["1.1.1"].agency_actual == f"{int(own.value):,}"
    assert found["1.1.1"].actual == f"{int(stored(report_plan.plan, '1.1.1').value):,}"
    assert [n.agency for n in document.narratives] == ["SBPAC"]
    assert sum(document.overall_counts.values()) == 2


def test_end_of_plan_report_uses_the_life_of_plan_targets(report_plan):
    document = build_report(spec(report_plan.plan, period_code="", language="en", end_of_plan=True))

    assert document.title == "End-of-plan progress report"
    assert document.period_label == "FY2567–FY2570 (Oct 2023 – Sep 2027)"
    assert lines(document)["1.1.1"].target == "1,200"
    assert lines(document)["1.1.2"].target == "60.0"
    # Every round's accepted narratives, each with its period.
    assert {n.agency for n in document.narratives} == {
        "SBPAC · FY2568",
        "Royal Thai Police · FY2568",
    }


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"plan_code": "no-such-plan"}, "There is no plan with the code “no-such-plan”."),
        (
            {"period_code": "FY2590"},
            "The plan “nap” has no progress figures for the period “FY2590”. "
            "Periods with figures: FY2567, FY2568.",
        ),
        ({"agency_code": "nobody"}, "There is no agency with the code “nobody”."),
        (
            {"agency_code": "dwf"},
            "The agency “dwf” leads or supports no indicator of the plan “nap”.",
        ),
    ],
)
def test_unknown_plan_period_or_agency_is_a_clear_error(report_plan, changes, message):
    asked = {"plan_code": report_plan.plan.code, "period_code": "FY2568", "format": "pdf"}
    with pytest.raises(DocumentError) as error:
        build_report(DocumentSpec(**{**asked, **changes, "language": "en"}))
    assert str(error.value) == message


def test_a_plan_without_figures_says_so(build):
    plan = build.plan("empty").plan
    with pytest.raises(DocumentError, match="has no progress figures yet"):
        build_report(DocumentSpec(plan.code, "FY2568", "pdf", language="en"))


def test_the_error_is_in_the_document_language(report_plan):
    with translation.override("en"), pytest.raises(DocumentError) as error:
        build_report(DocumentSpec("no-such-plan", "FY2568", "pdf", language="th"))
    assert "no-such-plan" in str(error.value)


def test_the_number_of_queries_does_not_grow_with_the_plan(
    report_plan, django_assert_max_num_queries
):
    with django_assert_max_num_queries(16):
        small = build_report(spec(report_plan.plan, language="en"))
    node = report_plan.nodes["1.1"]
    Indicator.objects.bulk_create(
        Indicator(
            plan=report_plan.plan,
            node=node,
            code=f"1.1.{n}",
            name_en=f"Extra {n}",
            sort_order=n,
        )
        for n in range(10, 40)
    )
    from naptrack.analytics.services import plan_progress_rebuild

    plan_progress_rebuild(report_plan.plan)
    with django_assert_max_num_queries(16):
        large = build_report(spec(report_plan.plan, language="en"))
    assert len(lines(large)) == len(lines(small)) + 30
