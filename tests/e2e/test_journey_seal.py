"""The Gender Equality Seal in a browser, in Thai: the coordinator assigns a benchmark to a unit,
the unit answers with an evidence file, the coordinator accepts it and submits the
self-assessment; the assessor scores, asks for more evidence, the unit answers, the assessor
concludes; the award shows, the certificate PDF downloads, the gap analysis draws its chart and
the action plan shows the improvement path. A shorter journey in English follows an assessor.

The slow parts that are not under test (engagement, the other nine benchmarks, the action, the
start of the assessment) go through the services, as tests/seal/conftest.py's world does.
"""

from __future__ import annotations

import re
import subprocess

import pytest

from tests.e2e.conftest import requires_browser
from tests.e2e.test_journey_progress import check_page, download, translated
from tests.reporting.evidence_samples import PDF

pytestmark = [pytest.mark.e2e, requires_browser]


@pytest.fixture
def seal_world(transactional_db, build, settings, tmp_path, django_capture_on_commit_callbacks):
    """BMA enrolled at the self-assessment stage: every benchmark but 1.1.1 answered."""
    from tests.seal.conftest import BENCHMARKS, UNIT_OF, _seal_world

    settings.MEDIA_ROOT = tmp_path / "media"
    world = _seal_world(build, django_capture_on_commit_callbacks)
    world.engage()
    others = [code for code in BENCHMARKS if code != "1.1.1"]
    for unit in ("finance", "health", "bangrak"):
        codes = [code for code in others if UNIT_OF[code[0]] == unit]
        world.assign(codes, unit)
    for code in others:
        world.answer(code, "met")
    return world


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def success(page, language: str = "th"):
    from playwright.sync_api import expect

    message = page.locator(".messages .message-success")
    expect(message).to_be_visible()
    return message


def test_from_assignment_to_award_in_thai(seal_world, browse, tmp_path):
    from playwright.sync_api import expect

    from naptrack.seal import services
    from naptrack.seal.models import Award, EvidenceRequest, ItemState, Stage

    world = seal_world
    e = world.enrolment.pk
    finance = world.units["finance"]

    # 1. The coordinator gives benchmark 1.1.1 to the Finance Department.
    coordinator = browse(username="seal.coordinator", language="th")
    coordinator.goto(f"/th/seal/{e}/benchmarks/")
    coordinator.locator(f"#pick-{world.item('1.1.1').pk}").check()
    coordinator.select_option("#assign-unit", str(finance.pk))
    coordinator.fill("#assign-due", "2024-12-20")
    coordinator.locator("#assign-button").click()
    success(coordinator)
    row = coordinator.locator("tr[data-code='1.1.1']")
    expect(row).to_contain_text("สำนักการคลัง")
    expect(row).to_contain_text("20 ธ.ค. 2567")  # the due date in the Buddhist Era
    check_page(coordinator, "seal-items-th")

    # 2. The Finance Department's owner finds it waiting, answers and attaches the order.
    owner = browse(username="seal.finance", language="th")
    owner.goto("/th/seal/")
    owner.locator("#to-answer a[href$='/benchmarks/1.1.1/']").click()
    expect(owner).to_have_url(re.compile(rf"/th/seal/{e}/benchmarks/1\.1\.1/$"))
    owner.locator("#answer-met").check()
    owner.fill("#description", "กรุงเทพมหานครประกาศนโยบายความเท่าเทียมทางเพศแล้ว")
    owner.locator("#save-answer").click()
    expect(owner.locator("#item-answer")).to_have_text(translated("Met", "th"))
    owner.fill("#ev-title", "คำสั่งแต่งตั้งคณะทำงาน")
    owner.set_input_files(
        "#ev-file", files=[{"name": "คำสั่ง.pdf", "mimeType": "application/pdf", "buffer": PDF}]
    )
    owner.locator("#attach-evidence").click()  # htmx swaps the evidence block
    expect(owner.locator("#item-evidence-block .evidence-list")).to_contain_text(
        "คำสั่งแต่งตั้งคณะทำงาน"
    )
    check_page(owner, "seal-item-answer-th")

    # 3. The coordinator accepts the answer and submits the self-assessment.
    coordinator.goto(f"/th/seal/{e}/benchmarks/1.1.1/")
    coordinator.locator("#review-accept").click()
    expect(coordinator.locator("#item-state")).to_have_text(
        translated(str(ItemState.REVIEWED.label), "th")
    )
    coordinator.goto(f"/th/seal/{e}/")
    coordinator.locator("#submit-self-assessment").click()
    success(coordinator)
    expect(coordinator.locator("[data-stage='action_plan']")).to_have_attribute(
        "data-state", "current"
    )
    assert world.refresh().stage == Stage.ACTION_PLAN

    # The action plan and the start of the assessment, quickly.
    world.add_action(title="อบรมผู้ประสานงานด้านเพศทุกสำนัก")
    world.start_assessment()
    world.act(
        services.stage_advance,
        actor=world.coordinator,
        enrolment=world.refresh(),
        to_stage=Stage.EXTERNAL_ASSESSMENT,
    )

    # 4. The assessor scores 1.1.1 on the sheet and asks for more evidence.
    assessor = browse(username="seal.assessor", language="th")
    assessor.goto("/th/seal/")
    assessor.locator(f"#my-assessments a[href$='/seal/{e}/assessment/']").click()
    sheet_row = assessor.locator("tr[data-code='1.1.1']")
    sheet_row.locator("select[name=result]").select_option("met")
    sheet_row.locator("input[name=comment]").fill("มีคำสั่งแต่งตั้ง")
    sheet_row.locator("button[type=submit]").click()
    expect(assessor.locator("tr[data-code='1.1.1'] .saved-mark")).to_be_visible()
    check_page(assessor, "seal-assessment-th")
    assessor.locator("tr[data-code='1.1.1'] a").first.click()
    assessor.fill("#request-message", "ขอสำเนาคำสั่งที่ลงนามแล้ว")
    assessor.locator("#ask-evidence").click()
    success(assessor)
    request = EvidenceRequest.objects.get(item=world.item("1.1.1"))

    # 5. The unit answers with the signed copy.
    owner.goto("/th/seal/")
    owner.locator("#to-answer a[href$='/benchmarks/1.1.1/']").click()
    owner.fill(f"#response-{request.pk}", "แนบสำเนาที่ลงนามแล้ว")
    owner.set_input_files(
        f"#response-file-{request.pk}",
        files=[{"name": "คำสั่งลงนาม.pdf", "mimeType": "application/pdf", "buffer": PDF}],
    )
    owner.locator(f"#answer-request-{request.pk}").click()
    success(owner)
    expect(owner.locator(f"#request-{request.pk}")).to_have_attribute("data-state", "answered")

    # 6. The assessor scores the rest (3.1.1 not met: Gold is blocked) and concludes.
    for code in world.programme.benchmarks.exclude(code="1.1.1").values_list("code", flat=True):
        score = world.score(code)
        world.act(
            services.score_set,
            actor=world.assessor,
            score=score,
            expected_version=score.version,
            result="not_met" if code == "3.1.1" else "met",
        )
    assessor.goto(f"/th/seal/{e}/assessment/")
    assessor.locator("#conclude-link").click()
    expect(assessor.locator("#preview-compliance")).to_have_text("90.00%")
    expect(assessor.locator("#preview-level")).to_contain_text(translated("Silver", "th"))
    assessor.locator("#confirm-conclude").click()
    expect(assessor.locator("#award-badge")).to_have_text(translated("Silver", "th"))
    award = Award.objects.get(enrolment=world.enrolment)

    # 7. The coordinator sees the award and downloads the certificate.
    coordinator.goto(f"/th/seal/{e}/")
    expect(coordinator.locator("#award")).to_contain_text(award.certificate_number)
    expect(coordinator.locator("#award")).to_contain_text(str(award.expires_on.year + 543))
    check_page(coordinator, "seal-award-th")
    name, content = download(coordinator, "#certificate-th")
    assert name == f"seal-certificate-{award.certificate_number}-th.pdf"
    text = pdf_text(content, tmp_path)
    assert "กรุงเทพมหานคร" in text and translated("Silver", "th") in text

    # 8. The gap analysis draws its chart; the action plan shows the improvement path.
    coordinator.locator(f".seal-tabs a[href='/th/seal/{e}/gaps/']").click()
    chart = coordinator.locator("[data-seal-chart]")
    expect(chart.locator("svg").first).to_be_visible()
    expect(chart.locator(".chart-fallback")).to_have_count(0)
    expect(coordinator.locator("#blocker-list")).to_contain_text("3.1.1")
    check_page(coordinator, "seal-gaps-th")
    coordinator.locator(f".seal-tabs a[href='/th/seal/{e}/actions/']").click()
    expect(coordinator.locator(".action-card").first).to_contain_text("อบรมผู้ประสานงานด้านเพศทุกสำนัก")
    check_page(coordinator, "seal-actions-th")


def test_an_assessor_reviews_and_an_outsider_is_turned_away_in_english(seal_world, browse):
    from playwright.sync_api import expect

    world = seal_world
    world.answer_all()
    world.submit()
    world.add_action()
    world.start_assessment()
    e = world.enrolment.pk

    assessor = browse(username="seal.assessor", language="en")
    assessor.goto(f"/en/seal/{e}/assessment/")
    expect(assessor.locator("#unscored")).to_have_text("10")
    row = assessor.locator("tr[data-code='2.1.1']")
    row.locator("select[name=result]").select_option("not_met")
    row.locator("button[type=submit]").click()
    expect(assessor.locator("tr[data-code='2.1.1']")).to_have_class(re.compile("row-differs"))
    assessor.goto(f"/en/seal/{e}/benchmarks/2.1.1/")
    expect(assessor.locator("#answer-form")).to_have_count(0)  # never the institution's answer
    expect(assessor.locator("#score-result")).to_have_text("Not met")
    check_page(assessor, "seal-item-en")

    outsider = browse(username="seal.assessor2", language="en")
    response = outsider.goto(f"/en/seal/{e}/assessment/")
    assert response.status == 404
