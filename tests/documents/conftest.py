"""Plans with accepted reports for the document tests, and how to tell whether Chromium is here.

report_plan … the analytics tests' small NAP (tests/analytics/conftest.py: pillars 1 and 2, three
  indicators, SBPAC and the police reporting), with Thai names and narratives holding the words
  whose PDF text layer is checked (ดำเนินการ น้ำ ผู้ใหญ่ ปั้นน้ำ), FY2568 reports accepted from
  both agencies, a link as evidence, and the police's FY2567 report only submitted (provisional).
"""

from __future__ import annotations

import os
import shutil

import pytest

from naptrack.frameworks.models import Indicator, Plan, ResultNode
from naptrack.reporting import services
from naptrack.reporting.models import Report
from tests.analytics.conftest import ProgressPlan, keys, nap  # noqa: F401  (fixture)

CHROMIUM = (
    os.environ.get("NAPTRACK_CHROMIUM")
    or shutil.which("chromium")
    or shutil.which("chromium-browser")
)
IN_CI = os.environ.get("CI", "").lower() == "true"

# Off CI a machine without Chromium skips the PDF tests; on CI a missing browser is a failure.
requires_chromium = pytest.mark.skipif(
    CHROMIUM is None and not IN_CI,
    reason="Debian's chromium is not installed (apt-get install chromium)",
)
# pdftotext and pdffonts (poppler-utils) read the PDFs back.
requires_poppler = pytest.mark.skipif(
    (shutil.which("pdftotext") is None or shutil.which("pdffonts") is None) and not IN_CI,
    reason="poppler-utils (pdftotext, pdffonts) is not installed (apt-get install poppler-utils)",
)

THAI_WORDS = ("ดำเนินการ", "น้ำ", "ผู้ใหญ่", "ปั้นน้ำ")

SBPAC_FY2568 = {
    "1.1.1": {
        None: {"value": "200"},
        **keys(female_pattani="80", female_yala="40", male_pattani="50", male_yala="30"),
    },
    "1.1.2": {
        None: {"numerator": "15", "denominator": "40"},
        "sex=female": {"numerator": "10", "denominator": "20"},
        "sex=male": {"numerator": "5", "denominator": "20"},
    },
}
RTP_FY2568 = {
    "1.1.1": {
        None: {"value": "40"},
        **keys(female_pattani="10", female_yala="10", male_pattani="10", male_yala="10"),
    },
    "1.1.2": {None: {"numerator": "8", "denominator": "10"}},
    "2.1.1": {None: {"value": "104"}},
}


@pytest.fixture
def report_plan(nap: ProgressPlan) -> ProgressPlan:  # noqa: F811
    """The small NAP with Thai names, accepted FY2568 reports, narratives and evidence."""
    plan = nap.plan
    Plan.objects.filter(pk=plan.pk).update(title_th="แผนปฏิบัติการด้านสตรี สันติภาพ และความมั่นคง")
    ResultNode.objects.filter(pk=nap.nodes["1"].pk).update(title_th="การมีส่วนร่วมของผู้ใหญ่")
    ResultNode.objects.filter(pk=nap.nodes["2"].pk).update(title_th="การคุ้มครองและการป้องกัน")
    Indicator.objects.filter(pk=nap.indicators["1.1.1"].pk).update(
        name_th="จำนวนผู้ใหญ่ที่ผ่านการอบรมการไกล่เกลี่ย", unit_th="คน", is_key=True
    )
    Indicator.objects.filter(pk=nap.indicators["1.1.2"].pk).update(
        name_th="สัดส่วนสตรีในคณะกรรมการที่ดำเนินการด้านสันติภาพ"
    )
    Indicator.objects.filter(pk=nap.indicators["2.1.1"].pk).update(
        name_th="จำนวนเหตุการณ์ความรุนแรงต่อสตรีในพื้นที่ลุ่มน้ำ"
    )
    nap.plan.refresh_from_db()

    sbpac = nap.fill("FY2568", "sbpac", SBPAC_FY2568)
    services.evidence_add(
        actor=nap.users["reporter.sbpac"],
        report=sbpac,
        title="ภาพการดำเนินการอบรม",
        url="https://example.org/evidence/training",
    )
    sbpac.refresh_from_db()
    nap.advance(sbpac)
    nap.deliver("FY2568", "rtp", RTP_FY2568)
    Report.objects.filter(round__period__code="FY2568", organization__code="sbpac").update(
        progress="ศอ.บต. ดำเนินการอบรมผู้ใหญ่บ้านครบทุกอำเภอ ไม่มีการปั้นน้ำเป็นตัว",
        problems="น้ำท่วมในบางพื้นที่ทำให้ต้องเลื่อนการอบรม",
        next_steps="ขยายการอบรมไปยังผู้ใหญ่บ้านในจังหวัดนราธิวาส",
    )
    # The police's FY2567 report is submitted but not accepted: provisional figures.
    nap.deliver("FY2567", "rtp", {"2.1.1": {None: {"value": "112"}}}, to="submitted")
    return nap
