"""The Seal's certificate: one A4 page printed by Chromium, whose Thai text reads back exactly."""

from __future__ import annotations

import subprocess

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import translation

from naptrack.seal import certificate
from naptrack.seal.models import Level
from tests.documents.conftest import requires_chromium, requires_poppler


@pytest.fixture
def awarded(seal, settings, tmp_path):
    settings.VAR_DIR = tmp_path  # the patched fonts are made here
    seal.to_stage("award", results={"3.1.1": "not_met"})  # 90 %, Gold blocked: Silver
    return seal


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def page_count(content: bytes, tmp_path) -> int:
    path = tmp_path / "pages.pdf"
    path.write_bytes(content)
    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, check=True, text=True)
    line = next(line for line in info.stdout.splitlines() if line.startswith("Pages:"))
    return int(line.split()[1])


def test_the_html_says_who_what_and_when_in_the_language_asked(awarded):
    award = awarded.enrolment.award
    thai = certificate.render_html(awarded.enrolment, award, "th")
    assert "กรุงเทพมหานคร" in thai
    assert "15 กันยายน 2568" in thai  # awarded 15 Sep 2025, Buddhist Era
    assert "15 กันยายน 2571" in thai  # three years later
    assert "90%" in thai and award.certificate_number in thai
    english = certificate.render_html(awarded.enrolment, award, "en")
    assert "Bangkok Metropolitan Administration" in english
    assert "15 September 2025" in english and "15 September 2028" in english
    assert ">Silver<" in english


@requires_chromium
@requires_poppler
def test_the_thai_certificate_reads_back_the_institution_and_the_level_exactly(awarded, tmp_path):
    award = awarded.enrolment.award
    content = certificate.render(awarded.enrolment, award, "th")
    assert content.startswith(b"%PDF-")
    assert page_count(content, tmp_path) == 1
    text = pdf_text(content, tmp_path)
    assert "กรุงเทพมหานคร" in text
    with translation.override("th"):
        level = str(Level.SILVER.label)
    assert level in text
    assert "15 กันยายน 2568" in text
    assert award.certificate_number in text
    assert "ตราสัญลักษณ์ความเท่าเทียมทางเพศ (ทดสอบ)" in text  # the programme's Thai name


@requires_chromium
@requires_poppler
def test_the_certificate_downloads_as_an_attachment_for_the_institution_only(awarded, tmp_path):
    e = awarded.enrolment.pk
    with translation.override("en"):
        address = reverse("seal-certificate", args=[e])
    client = Client()
    client.force_login(awarded.viewer)
    response = client.get(address + "?lang=en")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == (
        f'attachment; filename="seal-certificate-{awarded.enrolment.award.certificate_number}-en.pdf"'
    )
    assert response["X-Content-Type-Options"] == "nosniff"
    text = pdf_text(response.content, tmp_path)
    assert "Bangkok Metropolitan Administration" in text and "Silver" in text
    for user in (awarded.other_coordinator, awarded.assessor_other, awarded.stranger):
        client.force_login(user)
        assert client.get(address).status_code == 404


def test_there_is_no_certificate_before_the_award(seal):
    client = Client()
    client.force_login(seal.coordinator)
    with translation.override("en"):
        address = reverse("seal-certificate", args=[seal.enrolment.pk])
    assert client.get(address).status_code == 404
