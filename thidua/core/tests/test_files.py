"""The check of attached files (tệp đính kèm), on real files: each kind taken, executables, empty and
oversized files, names that disagree with their content, and sizes written the Vietnamese way."""
from __future__ import annotations

import base64
import io
import struct
import sys
import zipfile
import zlib
from pathlib import Path

import pytest

from thidua.core import files
from thidua.core.errors import UserError
from thidua.core.files import DOCX, JPEG, KINDS, PDF, PNG, accept, check_file, format_size, kinds_text

LIMIT = 5 * 1024 * 1024
SCANS = (PDF, JPEG, PNG)  # what pacts and training take: told by content alone


def _pdf() -> bytes:
    """A one-page PDF with a correct cross-reference table."""
    objects = [b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
               b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] >>"]
    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


def _docx() -> bytes:
    """A minimal Word document: content types, package relationships, one paragraph."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        archive.writestr("[Content_Types].xml",
                         '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/'
                         'content-types"><Default Extension="rels" ContentType="application/vnd.openxmlformats-package.'
                         'relationships+xml"/><Default Extension="xml" ContentType="application/xml"/><Override '
                         'PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.'
                         'wordprocessingml.document.main+xml"/></Types>')
        archive.writestr("_rels/.rels",
                         '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/'
                         'package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/'
                         'officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/></Relationships>')
        archive.writestr("word/document.xml",
                         '<?xml version="1.0" encoding="UTF-8"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                         'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Kế hoạch phát động thi đua</w:t></w:r>'
                         '</w:p></w:body></w:document>')
    return buffer.getvalue()


def _png() -> bytes:
    """A 1×1 red PNG: signature, IHDR, IDAT, IEND, each chunk with its CRC."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xc0\x39\x2b")) + chunk(b"IEND", b""))


# A 16×16 baseline JFIF photo (CPython's test image of its logo).
JPEG_BYTES = base64.b64decode(
    "/9j/4AAQSkZJRgABAQEAAQABAAD/2wBDAAMCAgICAgMCAgIDAwMDBAYEBAQEBAgGBgUGCQgKCgkICQkKDA8MCgsOCwkJDRENDg8Q"
    "EBEQCgwSExIQEw8QEBD/2wBDAQMDAwQDBAgEBAgQCwkLEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQEBAQ"
    "EBAQEBAQEBD/wAARCAAQABADASIAAhEBAxEB/8QAFgABAQEAAAAAAAAAAAAAAAAABwQF/8QAJBAAAQQBBAICAwAAAAAAAAAAAQID"
    "BAYFBwgSExEiABQJMTL/xAAVAQEBAAAAAAAAAAAAAAAAAAAABv/EACMRAAECBQMFAAAAAAAAAAAAAAECEQMEBQYhABIxFRZhgeH/"
    "2gAMAwEAAhEDEQA/ABSm0mobc8HmExLUlRzzEWPkJWW+ulrsaUVAseUgslSlH9LKuPryIKuWPZdskzXmm3fX5m2nF4GlVxx/HOpx"
    "4ks51+MiU/Iaad7UcUo4tILoS4kqcWkezS0hO/HvuRp0rO6hWnWO1UisZVuFi4GFeyEpmGepa5S5SWVPuciFKRFLgSrwetnyPIB+"
    "Vb4N9mKhQMzo5po9XLdDs9d6ZVix2VEhiL9kuNPxw2gEKcDQ/rs8AuA8VAe0vdl7VOYn+27flGAUgmITjbhSmCg3BYlyeWDkMolv"
    "w4KOp1KM6iCNvngZHwetf//Z"
)
PDF_BYTES, DOCX_BYTES, PNG_BYTES = _pdf(), _docx(), _png()
# The interpreter running these tests: a real executable (ELF, PE or Mach-O, whatever the machine's).
EXECUTABLE = Path(sys.executable).resolve().read_bytes()[:64 * 1024]

FILES = [("ke-hoach.pdf", PDF_BYTES, PDF), ("ke-hoach.docx", DOCX_BYTES, DOCX), ("anh.jpg", JPEG_BYTES, JPEG),
         ("anh.JPEG", JPEG_BYTES, JPEG), ("anh.png", PNG_BYTES, PNG)]


def _refused(**kwargs) -> UserError:
    with pytest.raises(UserError) as info:
        check_file(**{"max_bytes": LIMIT, "field": "documents", **kwargs})
    assert info.value.field == "documents"
    return info.value


def test_the_sample_files_are_what_they_claim():
    assert zipfile.ZipFile(io.BytesIO(DOCX_BYTES)).read("word/document.xml").decode().count("Kế hoạch") == 1
    assert zlib.decompress(PNG_BYTES[41:-12][:-4]) == b"\x00\xc0\x39\x2b"
    assert JPEG_BYTES.endswith(b"\xff\xd9") and PDF_BYTES.endswith(b"%%EOF\n")
    assert EXECUTABLE[:4] in (b"\x7fELF", b"\xcf\xfa\xed\xfe", b"\xca\xfe\xba\xbe") or EXECUTABLE[:2] == b"MZ"


@pytest.mark.parametrize("name, content, kind", FILES)
def test_each_kind_is_accepted_when_name_and_content_agree(name, content, kind):
    assert check_file(name, content, kinds=KINDS, max_bytes=LIMIT, match_name=True) is kind
    head = content[:files.HEAD_BYTES]
    assert check_file(name, head=head, size=len(content), kinds=KINDS, max_bytes=LIMIT, match_name=True) is kind
    if kind is not DOCX:  # by content alone, whatever the name
        assert check_file("ban-quet", content, kinds=SCANS, max_bytes=LIMIT) is kind


def test_kinds_carry_the_content_type_and_canonical_suffix():
    assert [(k.content_type, k.suffix) for k in KINDS] == [
        ("application/pdf", ".pdf"),
        ("application/vnd.openxmlformats-officedocument.wordprocessingml.document", ".docx"),
        ("image/jpeg", ".jpg"),
        ("image/png", ".png"),
    ]
    assert accept(KINDS) == ".pdf,.docx,.jpg,.jpeg,.png" and accept([PNG, PDF]) == ".pdf,.png"


@pytest.mark.parametrize("name", ["giay-chung-nhan.pdf", "anh.png"])
def test_a_renamed_executable_is_refused(name):
    suffix = Path(name).suffix
    wanted = {".pdf": "PDF", ".png": "ảnh PNG"}[suffix]
    for match_name in (False, True):
        error = _refused(name=name, content=EXECUTABLE, kinds=SCANS, match_name=match_name)
        assert error.message == (f"Tệp «{name}» không đúng định dạng {suffix}: nội dung tệp không phải {wanted}. "
                                 "Hãy lưu lại tệp dưới dạng văn bản PDF, ảnh JPEG hoặc ảnh PNG rồi tải lên lại.")


def test_an_executable_or_a_spreadsheet_under_its_own_name_is_none_of_the_kinds():
    error = _refused(name="C:\\Tai ve\\setup.exe", content=EXECUTABLE, kinds=SCANS)
    assert error.message == "Tệp «setup.exe» không được nhận: chỉ nhận văn bản PDF, ảnh JPEG hoặc ảnh PNG."
    error = _refused(name="ds.xlsx", content=DOCX_BYTES, kinds=KINDS, match_name=True)  # a ZIP, like any workbook
    assert error.message == "Tệp «ds.xlsx» không được nhận: chỉ nhận văn bản PDF, Word (.docx), ảnh JPEG hoặc ảnh PNG."
    error = _refused(name="ke-hoach.docx", content=DOCX_BYTES, kinds=SCANS)
    assert error.message == "Tệp «ke-hoach.docx» không được nhận: chỉ nhận văn bản PDF, ảnh JPEG hoặc ảnh PNG."
    error = _refused(name="bao-cao.pdf", content=PDF_BYTES, kinds=[JPEG, PNG])
    assert error.message == "Tệp «bao-cao.pdf» không được nhận: chỉ nhận ảnh JPEG hoặc ảnh PNG."


def test_an_empty_file_is_refused():
    error = _refused(name="ke-hoach.pdf", content=b"", kinds=SCANS)
    assert error.message == "Tệp «ke-hoach.pdf» rỗng: hãy chọn lại tệp."
    assert _refused(name="anh.png", head=b"", size=0, kinds=KINDS, match_name=True).message == "Tệp «anh.png» rỗng: hãy chọn lại tệp."
    assert _refused(name="", content=b"", kinds=SCANS).message == "Tệp đính kèm rỗng: hãy chọn lại tệp."


def test_a_file_too_large_is_refused_with_sizes_written_the_vietnamese_way():
    big = PDF_BYTES + b"\n" * (LIMIT + LIMIT // 10 - len(PDF_BYTES))  # 5,5 MB
    error = _refused(name="quyet-dinh.pdf", content=big, kinds=SCANS)
    assert error.message == ("Tệp «quyet-dinh.pdf» quá lớn (5,5 MB): mỗi tệp tối đa 5 MB. "
                             "Hãy quét hoặc chụp lại với độ phân giải thấp hơn rồi tải lên lại.")
    # One byte over is shown above the limit, never as "5 MB" against "5 MB".
    error = _refused(name="anh.png", head=PNG_BYTES[:16], size=LIMIT + 1, kinds=KINDS, match_name=True)
    assert "quá lớn (5,1 MB): mỗi tệp tối đa 5 MB." in error.message
    assert check_file("anh.png", head=PNG_BYTES[:16], size=LIMIT, kinds=SCANS, max_bytes=LIMIT) is PNG  # the limit itself is fine


def test_the_extension_must_agree_with_the_content_where_asked():
    error = _refused(name="anh.jpg", content=PNG_BYTES, kinds=KINDS, match_name=True)
    assert error.message == ("Tệp «anh.jpg» không đúng định dạng .jpg: nội dung tệp là ảnh PNG. "
                             "Hãy đổi đuôi tên tệp thành .png rồi tải lên lại.")
    error = _refused(name="ke-hoach.docx", content=PDF_BYTES, kinds=KINDS, match_name=True)
    assert "không đúng định dạng .docx: nội dung tệp là PDF. Hãy đổi đuôi tên tệp thành .pdf" in error.message
    error = _refused(name="ke-hoach.pdf", content=DOCX_BYTES, kinds=KINDS, match_name=True)
    assert "không đúng định dạng .pdf: nội dung tệp là Word (.docx)." in error.message
    # Without the option the content decides, and the stored file takes the kind's own suffix.
    assert check_file("anh.jpg", PNG_BYTES, kinds=SCANS, max_bytes=LIMIT).suffix == ".png"


def test_word_files_are_taken_only_where_the_name_is_checked():
    with pytest.raises(ValueError):
        check_file("ke-hoach.docx", DOCX_BYTES, kinds=KINDS, max_bytes=LIMIT)


def test_the_check_needs_the_content_or_its_head_and_size():
    with pytest.raises(TypeError):
        check_file("a.pdf", head=PDF_BYTES[:16], kinds=SCANS, max_bytes=LIMIT)


@pytest.mark.parametrize("n, down, up", [
    (0, "0 byte", "0 byte"),
    (800, "800 byte", "800 byte"),
    (1024, "1 KB", "1 KB"),
    (2088, "2 KB", "2,1 KB"),
    (1023 * 1024 + 512, "1.023,5 KB", "1.023,5 KB"),
    (5 * 1024 * 1024, "5 MB", "5 MB"),
    (int(5.5 * 1024 * 1024), "5,5 MB", "5,5 MB"),
    (5 * 1024 * 1024 + 1, "5 MB", "5,1 MB"),
    (1500 * 1024 * 1024, "1.500 MB", "1.500 MB"),
])
def test_sizes_are_written_with_a_decimal_comma(n, down, up):
    assert (format_size(n), format_size(n, up=True)) == (down, up)


def test_kinds_are_named_in_one_vietnamese_list():
    assert kinds_text(KINDS) == "văn bản PDF, Word (.docx), ảnh JPEG hoặc ảnh PNG"
    assert kinds_text([PNG, JPEG]) == "ảnh JPEG hoặc ảnh PNG"
    assert kinds_text([PDF]) == "văn bản PDF"
