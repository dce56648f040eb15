"""Small real files for the evidence tests: PDF, PNG, Word and Excel (modern and 97-2003)."""

import io
import struct
import zipfile

from django.core.files.uploadedfile import SimpleUploadedFile

PDF = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\n"
    b"trailer << /Root 1 0 R >>\n%%EOF\n"
)
PNG = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00"
    b"\x1f\x15\xc4\x89\x00\x00\x00\rIDATx\x9cc\xf8\xff\xff?\x00\x05\xfe\x02\xfe\xa7\x35\x81"
    b"\x84\x00\x00\x00\x00IEND\xaeB`\x82"
)
EXE = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 48 + b"PE\x00\x00"
HTML = b"<!DOCTYPE html><html><body><script>alert(document.cookie)</script></body></html>"
SVG = b'<?xml version="1.0"?><svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'

CONTENT_TYPES = (
    b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
    b'<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
    b'<Default Extension="xml" ContentType="application/xml"/>'
    b'<Override PartName="/%s" ContentType="%s"/></Types>'
)


def zipped(parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, data in parts.items():
            archive.writestr(name, data)
    return buffer.getvalue()


def docx(text: str = "ผลการดำเนินงาน") -> bytes:
    main = "application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"
    return zipped(
        {
            "[Content_Types].xml": CONTENT_TYPES % (b"word/document.xml", main.encode()),
            "_rels/.rels": b"<Relationships/>",
            "word/document.xml": (
                '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main">'
                f"<w:body><w:p><w:r><w:t>{text}</w:t></w:r></w:p></w:body></w:document>"
            ).encode(),
        }
    )


def xlsx() -> bytes:
    main = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"
    return zipped(
        {
            "[Content_Types].xml": CONTENT_TYPES % (b"xl/workbook.xml", main.encode()),
            "_rels/.rels": b"<Relationships/>",
            "xl/workbook.xml": b"<workbook><sheets><sheet name='Sheet1' sheetId='1'/></sheets></workbook>",
            "xl/worksheets/sheet1.xml": b"<worksheet><sheetData/></worksheet>",
        }
    )


def compound_file(*streams: str) -> bytes:
    """A minimal OLE compound file (the .doc and .xls container) holding the named streams."""
    sector = 512
    entries = [("Root Entry", 5), *((name, 2) for name in streams)]
    none = 0xFFFFFFFF
    directory = b""
    for index, (name, kind) in enumerate(entries):
        encoded = name.encode("utf-16-le") + b"\x00\x00"
        # The root's child is the first stream; each stream points to the next as its sibling.
        right = index + 1 if 0 < index < len(entries) - 1 else none
        child = 1 if index == 0 and len(entries) > 1 else none
        directory += (
            encoded.ljust(64, b"\x00")
            + struct.pack("<HBB", len(encoded), kind, 1)
            + struct.pack("<III", none, right, child)
            + b"\x00" * 36
            + struct.pack("<IQ", 0xFFFFFFFE, 0)
        )
    directory = directory.ljust(-(-len(directory) // sector) * sector, b"\x00")
    directory_sectors = len(directory) // sector
    fat = [0xFFFFFFFD] + [n + 2 for n in range(directory_sectors - 1)] + [0xFFFFFFFE]
    fat_sector = struct.pack(f"<{len(fat)}I", *fat).ljust(sector, b"\xff")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\x00" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\x00" * 6
        + struct.pack("<IIIIIIIII", 0, 1, 1, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
        + struct.pack("<109I", 0, *([0xFFFFFFFF] * 108))
    )
    assert len(header) == 512
    return header + fat_sector + directory


def upload(name: str, data: bytes, content_type: str = "application/octet-stream"):
    """A file as the browser sends it; its content type is whatever the browser claims."""
    return SimpleUploadedFile(name, data, content_type=content_type)


class HugeUpload:
    """An upload that says it is 200 MB and fails the test if a byte of it is read."""

    name = "annual-report.pdf"
    size = 200 * 1024 * 1024
    content_type = "application/pdf"

    def __bool__(self):
        return True

    def _read(self, *args, **kwargs):
        raise AssertionError("a 200 MB upload must be refused before it is read")

    read = seek = chunks = open = _read
