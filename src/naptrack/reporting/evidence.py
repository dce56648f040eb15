"""Check an uploaded evidence file from its content: type, size, checksum, a safe name.

Only the bytes count, never the file's name nor the content type the browser claims. A file is
accepted when its content is a PDF, a JPEG/PNG/WebP image, or a Word or Excel document (modern or
97-2003) without macros; everything else is refused with a message the reporter understands:
programs, scripts, web pages and SVG images whatever their name, archives, damaged or
password-protected documents, and archives built to expand far beyond their size (zip bombs).
The name is used for display only, cleaned of folders and control characters; the file is stored
under its checksum.
"""

from __future__ import annotations

import hashlib
import lzma
import os
import re
import struct
import unicodedata
import zipfile
import zlib
from dataclasses import dataclass
from pathlib import PurePosixPath
from urllib.parse import urlsplit

import filetype
from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import URLValidator
from django.utils.translation import gettext as _

PDF = "application/pdf"
JPEG = "image/jpeg"
PNG = "image/png"
WEBP = "image/webp"
DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
DOC = "application/msword"
XLS = "application/vnd.ms-excel"

# Types accepted, by what the content says they are, with the extension they are stored under.
ACCEPTED_TYPES = {
    PDF: ".pdf",
    JPEG: ".jpg",
    PNG: ".png",
    WEBP: ".webp",
    DOCX: ".docx",
    XLSX: ".xlsx",
    DOC: ".doc",
    XLS: ".xls",
}
# For the file input's `accept`: what the picker offers; the server still checks the content.
ACCEPT_ATTRIBUTE = ".pdf,.jpg,.jpeg,.png,.webp,.doc,.docx,.xls,.xlsx"

# A name and a content of the same family may differ harmlessly (a PNG saved as .jpg, an old
# .doc named .docx); across families the name misleads the reviewer (a Word file named .pdf).
_FAMILY_OF_EXTENSION = {
    ".pdf": "pdf",
    ".jpg": "image",
    ".jpeg": "image",
    ".png": "image",
    ".webp": "image",
    ".doc": "word",
    ".docx": "word",
    ".xls": "excel",
    ".xlsx": "excel",
}
_FAMILY_OF_TYPE = {
    PDF: "pdf",
    JPEG: "image",
    PNG: "image",
    WEBP: "image",
    DOC: "word",
    DOCX: "word",
    XLS: "excel",
    XLSX: "excel",
}
_EXTENSIONS_OF_TYPE = {JPEG: {".jpg", ".jpeg"}}

HEAD_BYTES = 8192
# Zip bombs: an Office file is a ZIP archive; one built to expand far beyond its size is refused
# without expanding it. Real documents stay far below these (XML compresses about 10-30 times).
MAX_ZIP_ENTRIES = 5000
MAX_ZIP_EXPANDED_BYTES = 1024**3
MAX_ZIP_RATIO = 200
ZIP_RATIO_FLOOR_BYTES = 1024 * 1024
MAX_CONTENT_TYPES_BYTES = 1024 * 1024

_OLE_SIGNATURE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_ZIP_SIGNATURE = b"PK\x03\x04"
_PROGRAM_SIGNATURES = (
    b"MZ",  # Windows programs and libraries
    b"\x7fELF",  # Linux programs
    b"\xfe\xed\xfa\xce",  # macOS programs (Mach-O) …
    b"\xfe\xed\xfa\xcf",
    b"\xce\xfa\xed\xfe",
    b"\xcf\xfa\xed\xfe",
    b"\xca\xfe\xba\xbe",  # … and universal binaries, Java classes
    b"dex\n",  # Android
)
_PROGRAM_TYPES = {
    "application/x-msdownload",
    "application/x-executable",
    "application/x-mach-binary",
    "application/x-shockwave-flash",
    "application/x-sharedlib",
}
_MARKUP_START = re.compile(rb"^\s*<")
_MARKUP_ANYWHERE = re.compile(
    rb"<\s*(?:script|html|svg|iframe|object|embed|body|head|meta|!doctype\s+html)\b", re.I
)
# Only what cannot be ordinary text: any other text file is refused as "not accepted" anyway.
_SCRIPT_START = re.compile(
    rb"^\s*(?:#!|@echo\s+off\b|'use strict'|\"use strict\"|function\s+\w+\s*\(|"
    rb"(?:var|let|const)\s+\w+\s*=)",
    re.I,
)
_WINDOWS_RESERVED = re.compile(r'[<>:"/\\|?*]')
_WINDOWS_DEVICES = {"con", "prn", "aux", "nul", *(f"com{i}" for i in range(10))} | {
    f"lpt{i}" for i in range(10)
}


@dataclass(frozen=True)
class UploadFacts:
    content_type: str
    extension: str
    size: int
    sha256: str
    safe_name: str


@dataclass(frozen=True)
class _Content:
    """What the bytes are: an accepted type, or a description for the refusal message."""

    content_type: str | None
    # "a Word document", "a program" … for messages; None when nothing more can be said.
    description: str | None
    dangerous: bool = False


def max_bytes() -> int:
    return settings.NAPTRACK_EVIDENCE_MAX_MB * 1024 * 1024


def too_large_message(size: int | None = None) -> str:
    limit = settings.NAPTRACK_EVIDENCE_MAX_MB
    if size is None:
        return _("The file is too large: the limit is %(limit)s MB.") % {"limit": limit}
    return _("The file is too large: %(size)s MB; the limit is %(limit)s MB.") % {
        "size": round(size / 1048576, 1),
        "limit": limit,
    }


def _refuse(message: str, code: str) -> ValidationError:
    return ValidationError({"file": ValidationError(message, code=code)})


def check_size(size: int | None) -> None:
    """Refuse an empty or too large file before a byte of it is read."""
    if size is None:
        raise _refuse(_("The file could not be read. Attach it again."), "unreadable")
    if size <= 0:
        raise _refuse(_("The file is empty."), "empty")
    if size > max_bytes():
        raise _refuse(too_large_message(size), "too_large")


def is_web_address(url: str) -> bool:
    try:
        URLValidator(schemes=["http", "https"])(url)
    except ValidationError:
        return False
    return urlsplit(url).scheme.lower() in ("http", "https")


def check_web_address(url: str) -> None:
    """Accept only an http:// or https:// address: never javascript:, data:, file: or ftp:."""
    if not is_web_address(url):
        raise ValidationError(
            {
                "url": ValidationError(
                    _("Give a web address that starts with http:// or https://."),
                    code="invalid_url",
                )
            }
        )


def safe_name(name: str) -> str:
    """The uploaded name without folders, control or reserved characters, for display only."""
    base = os.path.basename((name or "").replace("\\", "/"))
    base = "".join(
        ch for ch in unicodedata.normalize("NFC", base) if unicodedata.category(ch)[0] != "C"
    )
    base = _WINDOWS_RESERVED.sub("_", base)
    base = re.sub(r"\s+", " ", base).strip(" .")
    stem, extension = os.path.splitext(base)
    if len(extension) > 10:
        stem, extension = base, ""
    if stem.lower() in _WINDOWS_DEVICES:
        stem = f"_{stem}"
    stem = stem[: 200 - len(extension)].rstrip(" .")
    return f"{stem}{extension}" if stem else "file"


def display_name(name: str, content_type: str) -> str:
    """The safe name, ending with the extension its content really has."""
    base = safe_name(name)
    stem, extension = os.path.splitext(base)
    expected = ACCEPTED_TYPES.get(content_type, "")
    if not expected or extension.lower() in _EXTENSIONS_OF_TYPE.get(content_type, {expected}):
        return base
    if extension.lower() in _FAMILY_OF_EXTENSION:
        base = stem or "file"
    return f"{base}{expected}"


def _claimed_description(family: str) -> str:
    return {
        "pdf": _("a PDF file"),
        "image": _("an image"),
        "word": _("a Word document"),
        "excel": _("an Excel workbook"),
    }[family]


def _markup_or_script(head: bytes) -> _Content | None:
    text = head
    for bom, encoding in (
        (b"\xef\xbb\xbf", "utf-8"),
        (b"\xff\xfe", "utf-16-le"),
        (b"\xfe\xff", "utf-16-be"),
    ):
        if text.startswith(bom):
            text = text[len(bom) :].decode(encoding, "ignore").encode("utf-8", "ignore")
            break
    text = text.lstrip(b"\x00\t\n\r\x0c ")
    if _MARKUP_START.match(text) or _MARKUP_ANYWHERE.search(text[:1024]):
        if re.search(rb"<\s*svg\b", text, re.I):
            return _Content(None, _("an SVG image, which can hold scripts"), dangerous=True)
        return _Content(None, _("a web page (HTML or XML)"), dangerous=True)
    if _SCRIPT_START.match(text):
        return _Content(None, _("a script"), dangerous=True)
    return None


def _read_at(upload, offset: int, length: int) -> bytes:
    upload.seek(offset)
    return upload.read(length)


def _damaged() -> ValidationError:
    return _refuse(
        _(
            "The file seems damaged and cannot be checked. Open it, save it again and attach the new copy."
        ),
        "damaged",
    )


def _macros() -> ValidationError:
    return _refuse(
        _(
            "Word and Excel files with macros are not accepted. Save the file as an ordinary document (.docx or .xlsx) and attach it again."
        ),
        "macros",
    )


def _encrypted() -> ValidationError:
    return _refuse(
        _(
            "Password-protected files are not accepted: reviewers could not open them. Remove the password, save the file and attach it again."
        ),
        "encrypted",
    )


def _zip_content(upload, size: int) -> _Content:
    """A Word or Excel (OOXML) document with its expected parts, no macros and no zip bomb."""
    upload.seek(0)
    try:
        with zipfile.ZipFile(upload) as archive:
            infos = archive.infolist()
            expanded = sum(i.file_size for i in infos)
            if len(infos) > MAX_ZIP_ENTRIES or expanded > MAX_ZIP_EXPANDED_BYTES:
                raise _zip_bomb()
            names: set[str] = set()
            for info in infos:
                path = PurePosixPath(info.filename)
                if (
                    info.filename in names
                    or info.filename.startswith("/")
                    or "\\" in info.filename
                    or ".." in path.parts
                ):
                    raise _damaged()
                names.add(info.filename)
                if info.flag_bits & 0x1:
                    raise _encrypted()
                ratio = info.file_size / max(info.compress_size, 1)
                if info.file_size > ZIP_RATIO_FLOOR_BYTES and ratio > MAX_ZIP_RATIO:
                    raise _zip_bomb()
            if sum(i.compress_size for i in infos) > size:
                raise _damaged()
            content_types = b""
            if "[Content_Types].xml" in names:
                with archive.open("[Content_Types].xml") as part:
                    content_types = part.read(MAX_CONTENT_TYPES_BYTES)
    except (
        zipfile.BadZipFile,
        zipfile.LargeZipFile,
        zlib.error,
        lzma.LZMAError,
        EOFError,
        OSError,
        ValueError,
        RuntimeError,
        NotImplementedError,  # a compression method Office never uses
    ):
        raise _damaged() from None
    finally:
        upload.seek(0)

    lowered = {n.lower() for n in names}
    if "[Content_Types].xml" not in names:
        if any(n.startswith(("word/", "xl/")) for n in lowered):
            raise _incomplete()
        return _Content(None, _("a ZIP archive"))
    if (
        any(n.endswith("vbaproject.bin") or "/activex/" in n for n in lowered)
        or b"macroenabled" in content_types.lower()
    ):
        raise _macros()
    word = "word/document.xml" in lowered
    excel = "xl/workbook.xml" in lowered
    if word and not excel:
        return _Content(DOCX, _claimed_description("word"))
    if excel and not word:
        return _Content(XLSX, _claimed_description("excel"))
    if "ppt/presentation.xml" in lowered:
        return _Content(None, _("a PowerPoint presentation"))
    raise _incomplete()


def _zip_bomb() -> ValidationError:
    return _refuse(
        _(
            "The file is refused as unsafe: it is an archive that would expand far beyond its size. Open it, save it again and attach the new copy."
        ),
        "zip_bomb",
    )


def _incomplete() -> ValidationError:
    return _refuse(
        _(
            "The file is not a complete Word or Excel document (parts are missing). Open it in Word or Excel, save it again and attach the new copy."
        ),
        "incomplete",
    )


_OLE_FREE = 0xFFFFFFFA  # sector numbers from here up mark free sectors and the ends of chains


def _ole_names(upload, size: int) -> set[str]:
    """The names of the streams and storages in a compound file (the .doc and .xls format).

    Only the directory is read, sector by sector: a crafted file cannot make it read more than
    its own size, loop, or build large tables in memory.
    """
    header = _read_at(upload, 0, 512)
    if len(header) < 512:
        raise _damaged()
    sector_shift = struct.unpack_from("<H", header, 0x1E)[0]
    if sector_shift not in (9, 12):
        raise _damaged()
    sector_size = 1 << sector_shift
    per_sector = sector_size // 4
    max_sectors = size // sector_size + 1
    fat_count, first_directory = struct.unpack_from("<II", header, 0x2C)
    first_difat, difat_count = struct.unpack_from("<II", header, 0x44)
    fat_count = min(fat_count, max_sectors)

    def sector(number: int) -> bytes:
        if number >= max_sectors:
            raise _damaged()
        data = _read_at(upload, (number + 1) * sector_size, sector_size)
        if not data:
            raise _damaged()
        return data.ljust(sector_size, b"\x00")

    # Where the allocation table lives: 109 sectors named in the header, the rest in a chain.
    fat_sectors = [n for n in struct.unpack_from("<109I", header, 0x4C) if n < _OLE_FREE]
    number, seen = first_difat, 0
    while number < _OLE_FREE and len(fat_sectors) < fat_count:
        seen += 1
        if seen > min(difat_count, max_sectors):
            raise _damaged()
        entries = struct.unpack(f"<{per_sector}I", sector(number))
        fat_sectors.extend(n for n in entries[:-1] if n < _OLE_FREE)
        number = entries[-1]
    fat_sectors = fat_sectors[:fat_count]

    def next_sector(number: int) -> int:
        index, offset = divmod(number, per_sector)
        if index >= len(fat_sectors):
            raise _damaged()
        return struct.unpack_from("<I", sector(fat_sectors[index]), offset * 4)[0]

    names: set[str] = set()
    number, visited = first_directory, set()
    while number < _OLE_FREE:
        if number in visited:
            raise _damaged()
        visited.add(number)
        data = sector(number)
        for offset in range(0, sector_size, 128):
            name_length = struct.unpack_from("<H", data, offset + 0x40)[0]
            kind = data[offset + 0x42]
            if kind in (1, 2, 5) and 2 <= name_length <= 64 and name_length % 2 == 0:
                names.add(data[offset : offset + name_length - 2].decode("utf-16-le", "replace"))
        number = next_sector(number)
    return names


def _ole_content(upload, size: int) -> _Content:
    try:
        names = _ole_names(upload, size)
    except (struct.error, OSError, ValueError):
        raise _damaged() from None
    finally:
        upload.seek(0)
    if "EncryptedPackage" in names:
        raise _encrypted()
    if names & {"Macros", "_VBA_PROJECT_CUR", "_VBA_PROJECT", "VBA"}:
        raise _macros()
    if "WordDocument" in names:
        return _Content(DOC, _claimed_description("word"))
    if names & {"Workbook", "Book"}:
        return _Content(XLS, _claimed_description("excel"))
    if "PowerPoint Document" in names:
        return _Content(None, _("a PowerPoint presentation"))
    return _Content(None, None)


def _content(upload, head: bytes, size: int) -> _Content:
    """What the file is, from its first bytes and, for Office files, its structure."""
    if head.startswith(b"%PDF-"):
        return _Content(PDF, _claimed_description("pdf"))
    if head.startswith(_ZIP_SIGNATURE):
        return _zip_content(upload, size)
    if head.startswith(_OLE_SIGNATURE):
        return _ole_content(upload, size)
    if head.startswith(_PROGRAM_SIGNATURES):
        return _Content(None, _("a program"), dangerous=True)
    kind = filetype.guess(head)
    mime = kind.mime if kind else None
    if mime == "image/apng":  # an animated PNG is a PNG
        mime = PNG
    if mime in (JPEG, PNG, WEBP):
        return _Content(mime, _claimed_description("image"))
    if mime in _PROGRAM_TYPES:
        return _Content(None, _("a program"), dangerous=True)
    markup = _markup_or_script(head)
    if markup is not None:
        return markup
    if mime and mime.startswith("image/"):
        return _Content(None, _("an image of a kind that is not accepted"))
    return _Content(None, None)


def _refusal(name: str, claimed: str | None, content: _Content) -> ValidationError:
    """The message for a file whose content is not accepted or does not match its name."""
    sentences = []
    if claimed:
        if content.description is None:
            sentences.append(
                _("“%(name)s” is named as %(claimed)s, but its content is not one.")
                % {"name": name, "claimed": _claimed_description(claimed)}
            )
        else:
            sentences.append(
                _("“%(name)s” is named as %(claimed)s, but its content is %(actual)s.")
                % {
                    "name": name,
                    "claimed": _claimed_description(claimed),
                    "actual": content.description,
                }
            )
    elif content.dangerous:
        sentences.append(_("This file is %(actual)s.") % {"actual": content.description})
    if content.dangerous:
        sentences.append(_("Programs, scripts and web pages are not accepted as evidence."))
        code = "dangerous"
    elif content.content_type is not None:
        sentences.append(
            _("Attach it under its real name (%(extension)s) or save it again as %(claimed)s.")
            % {
                "extension": ACCEPTED_TYPES[content.content_type],
                "claimed": _claimed_description(claimed or "pdf"),
            }
        )
        code = "name_mismatch"
    else:
        sentences.append(
            _(
                "This kind of file is not accepted. Attach a PDF, an image (JPEG, PNG, WebP), a Word or an Excel file."
            )
            if not claimed
            else _(
                "Attach the real file: a PDF, an image (JPEG, PNG, WebP), a Word or an Excel file."
            )
        )
        code = "unsupported_type"
    return _refuse(" ".join(sentences), code)


def inspect_upload(upload) -> UploadFacts:
    """Return what the file really is, or refuse it with a message the reporter understands."""
    size = getattr(upload, "size", None)
    # The size is checked before any byte is read: a 200 MB upload is refused as it stands.
    check_size(size)
    name = safe_name(getattr(upload, "name", "") or "")
    upload.seek(0)
    head = upload.read(HEAD_BYTES)
    upload.seek(0)
    if not head:
        raise _refuse(_("The file is empty."), "empty")
    content = _content(upload, head, size)
    claimed = _FAMILY_OF_EXTENSION.get(os.path.splitext(name)[1].lower())
    if content.content_type is None or (
        claimed and claimed != _FAMILY_OF_TYPE[content.content_type]
    ):
        raise _refusal(name, claimed, content)
    digest = hashlib.sha256()
    read = 0
    for chunk in upload.chunks():
        read += len(chunk)
        if read > max_bytes():  # a size that lied
            raise _refuse(too_large_message(read), "too_large")
        digest.update(chunk)
    upload.seek(0)
    if read == 0:
        raise _refuse(_("The file is empty."), "empty")
    return UploadFacts(
        content.content_type,
        ACCEPTED_TYPES[content.content_type],
        read,
        digest.hexdigest(),
        display_name(name, content.content_type),
    )
