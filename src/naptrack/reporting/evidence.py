"""Check an uploaded evidence file from its content: type, size, checksum, a safe name."""

from __future__ import annotations

import hashlib
import os
import unicodedata
from dataclasses import dataclass

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

# Types accepted, by what the content says they are (never by the name).
ACCEPTED_TYPES = {
    "application/pdf": ".pdf",
    "image/jpeg": ".jpg",
    "image/png": ".png",
    "image/webp": ".webp",
    "application/vnd.openxmlformats-officedocument.wordprocessingml.document": ".docx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet": ".xlsx",
    "application/msword": ".doc",
    "application/vnd.ms-excel": ".xls",
}


@dataclass(frozen=True)
class UploadFacts:
    content_type: str
    extension: str
    size: int
    sha256: str
    safe_name: str


def max_bytes() -> int:
    return settings.NAPTRACK_EVIDENCE_MAX_MB * 1024 * 1024


def safe_name(name: str) -> str:
    """The uploaded name without folders or control characters, for display only."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = "".join(
        ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C"
    )
    return base.strip(" .")[:200] or "file"


def _ooxml_kind(head: bytes, upload) -> str | None:
    """Tell a Word from an Excel file: both are ZIP archives with a telling first folder."""
    import zipfile

    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
    except zipfile.BadZipFile:
        return None
    finally:
        upload.seek(0)
    if any(n.startswith("word/") for n in names):
        return "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
    if any(n.startswith("xl/") for n in names):
        return "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    return None


def inspect_upload(upload) -> UploadFacts:
    """Return what the file really is, or refuse it with a message the reporter understands."""
    size = upload.size
    if size == 0:
        raise ValidationError({"file": _("The file is empty.")})
    if size > max_bytes():
        raise ValidationError(
            {
                "file": _("The file is too large: %(size)s MB; the limit is %(limit)s MB.")
                % {"size": round(size / 1048576, 1), "limit": settings.NAPTRACK_EVIDENCE_MAX_MB}
            }
        )
    upload.seek(0)
    head = upload.read(8192)
    upload.seek(0)
    kind = filetype.guess(head)
    content_type = kind.mime if kind else None
    if content_type == "application/zip":
        content_type = _ooxml_kind(head, upload)
    if content_type == "application/x-ole-storage" or (
        content_type is None and head.startswith(b"\xd0\xcf\x11\xe0")
    ):
        name = (upload.name or "").lower()
        content_type = "application/vnd.ms-excel" if name.endswith(".xls") else "application/msword"
    if content_type not in ACCEPTED_TYPES:
        raise ValidationError(
            {
                "file": _(
                    "This kind of file is not accepted. Attach a PDF, an image (JPEG, PNG), a Word or an Excel file."
                )
            }
        )
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return UploadFacts(
        content_type, ACCEPTED_TYPES[content_type], size, digest.hexdigest(), safe_name(upload.name)
    )
