"""Documents are asked for in the reporting tests' world (a plan, three agencies, one user per
role), and made by a fake renderer unless a test asks for the real one.

fake_render.calls … the specifications it was given; fake_render.fail_with = SomeError(...) makes
the next render raise.
"""

from __future__ import annotations

import importlib
import sys
import types

import pytest

from naptrack.documents.contracts import RenderedFile
from tests.reporting import conftest as reporting

world = reporting.world
english = reporting.english

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
CONTENT = b"PK\x03\x04 fake workbook"


def render_module(monkeypatch):
    """The renderer module, or a stand-in where it is not written yet."""
    try:
        return importlib.import_module("naptrack.documents.render")
    except ImportError:
        import naptrack.documents

        module = types.ModuleType("naptrack.documents.render")
        monkeypatch.setitem(sys.modules, "naptrack.documents.render", module)
        monkeypatch.setattr(naptrack.documents, "render", module, raising=False)
        return module


def document_error(monkeypatch, module):
    """The renderers' own error class (a stand-in if the renderer defines none)."""
    error = getattr(module, "DocumentError", None)
    if error is None:
        try:
            from naptrack.documents.report_data import DocumentError as error
        except ImportError:
            error = None
    if error is None:
        error = type("DocumentError", (Exception,), {})
        monkeypatch.setattr(module, "DocumentError", error, raising=False)
    return error


class FakeRender:
    def __init__(self):
        self.calls = []
        self.fail_with: Exception | None = None

    def __call__(self, spec, progress):
        self.calls.append(spec)
        progress(10, "Reading the figures")
        progress(60, "Drawing the tables")
        if self.fail_with is not None:
            raise self.fail_with
        name = f"report-{spec.plan_code}-{spec.period_code}.{spec.format}"
        return RenderedFile(content=CONTENT, filename=name, content_type=XLSX)


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


@pytest.fixture
def fake_render(monkeypatch, media):
    module = render_module(monkeypatch)
    fake = FakeRender()
    fake.module = module
    fake.DocumentError = document_error(monkeypatch, module)
    monkeypatch.setattr(module, "render_document", fake, raising=False)
    return fake
