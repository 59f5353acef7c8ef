"""Certificates (Giấy khen, Bằng khen) as PDF: full design or fields only for pre-printed blanks.

A certificate follows the text order of DOCUMENTS.md §4: Quốc hiệu and Tiêu ngữ, the issuing
authority (red), "TẶNG", the form name (red), the recipient, position/unit, achievement, then the
decision reference and a verification QR code bottom-left and the place, date and signer
bottom-right. Overlay mode prints only the variable fields at positions measured on a blank
(phôi), so the pre-printed border, emblem and headings are left to the paper.

Plain data in, PDF bytes out: no Django models here. Large batches are rendered in chunks by two
worker processes and merged with pypdf, because one WeasyPrint layout of thousands of pages is
slow and memory-hungry.
"""
from __future__ import annotations

import io
import multiprocessing
import os
from collections.abc import Mapping, Sequence
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass
from datetime import date

import segno
from django.template.loader import render_to_string
from pypdf import PageObject, PdfReader, PdfWriter
from pypdf.generic import ArrayObject, DecodedStreamObject, DictionaryObject, IndirectObject, NameObject

from thidua.documents.data import Letterhead

INDIVIDUAL = "individual"
COLLECTIVE = "collective"

# The full design is drawn for A4 landscape; other page sizes scale it (A3 is A4 × √2).
DESIGN_WIDTH_MM = 297.0
DESIGN_HEIGHT_MM = 210.0
QR_SIZE_MM = 24.0
# Quiet zone around the QR code, in modules, drawn as part of the symbol so that a blank's
# decoration never touches it.
QR_BORDER = 4
QR_MASK = 2

# Pages per WeasyPrint run when a batch is split over worker processes.
CHUNK_PAGES = 250
WORKERS = 2


@dataclass(frozen=True)
class PageSize:
    width_mm: float
    height_mm: float


A4_LANDSCAPE = PageSize(297.0, 210.0)
A3_LANDSCAPE = PageSize(420.0, 297.0)


@dataclass(frozen=True)
class Certificate:
    """Everything printed on one certificate, already decided by the caller."""

    letterhead: Letterhead
    award_name: str  # "Giấy khen", "Bằng khen"
    recipient_name: str
    recipient_kind: str  # INDIVIDUAL or COLLECTIVE
    gender: str  # "male", "female" or "" when unknown
    position_unit: str
    achievement: str
    decision_text: str  # "05/QĐ-CĐYT"
    decision_date: date
    golden_book_number: str
    verification_code: str
    verification_url: str
    # The red authority line; empty means derived from the letterhead (see issuing_authority).
    authority: str = ""

    def __post_init__(self):
        if self.recipient_kind not in (INDIVIDUAL, COLLECTIVE):
            raise ValueError(f"Loại người được khen không hợp lệ: {self.recipient_kind!r}.")

    @property
    def issuing_authority(self) -> str:
        """The body that awards: signer authority "TM. BAN CHẤP HÀNH" and issuer "CÔNG ĐOÀN …"
        give "BAN CHẤP HÀNH CÔNG ĐOÀN …"; without a "TM." body, the issuer alone."""
        if self.authority:
            return self.authority
        issuer = self.letterhead.issuer.strip()
        signing_body = self.letterhead.signer_authority.strip()
        if signing_body.upper().startswith("TM."):
            body = signing_body[3:].strip()
            if body and not issuer.upper().startswith(body.upper()):
                return f"{body} {issuer}".upper()
        return issuer.upper()


@dataclass(frozen=True)
class FieldPosition:
    """A field's box on the page, from the top-left corner, in millimetres.

    Text is wrapped inside the box width and aligned within it. For the QR code the box is a
    square of side width_mm and font_size_pt is not used.
    """

    x_mm: float
    y_mm: float
    font_size_pt: float
    width_mm: float
    align: str = "left"


OVERLAY_FIELDS = {
    "recipient": "Họ tên người được khen",
    "position_unit": "Chức vụ, đơn vị",
    "achievement": "Nội dung khen thưởng",
    "decision": "Số, ngày quyết định",
    "place_date": "Địa danh, ngày ký",
    "signer_title": "Chức vụ người ký",
    "signer_name": "Họ tên người ký",
    "qr": "Mã QR",
    "verification_code": "Mã xác minh",
}
ALIGNS = ("left", "center", "right")
PT_TO_MM = 25.4 / 72


@dataclass(frozen=True)
class OverlayLayout:
    """Where each field goes on a pre-printed blank; stored per form as JSON (as_json/from_json)."""

    page_width_mm: float
    page_height_mm: float
    fields: Mapping[str, FieldPosition]

    def __post_init__(self):
        _check_number(self.page_width_mm, "Chiều rộng trang")
        _check_number(self.page_height_mm, "Chiều cao trang")
        if self.page_width_mm <= 0 or self.page_height_mm <= 0:
            raise ValueError("Kích thước trang của phôi phải lớn hơn 0 mm.")
        unknown = sorted(set(self.fields) - set(OVERLAY_FIELDS))
        if unknown:
            raise ValueError(
                f"Bố cục in phôi có trường không xác định: {', '.join(unknown)}. "
                f"Các trường hợp lệ: {', '.join(OVERLAY_FIELDS)}."
            )
        missing = [name for name in OVERLAY_FIELDS if name not in self.fields]
        if missing:
            labels = ", ".join(f"{OVERLAY_FIELDS[name]} ({name})" for name in missing)
            raise ValueError(f"Bố cục in phôi thiếu vị trí của trường: {labels}.")
        for name, box in self.fields.items():
            self._check_box(name, box)
        # A copy in the canonical order, so that the caller's dict can change without moving the layout.
        object.__setattr__(self, "fields", {name: self.fields[name] for name in OVERLAY_FIELDS})

    def _check_box(self, name: str, box: FieldPosition) -> None:
        label = OVERLAY_FIELDS[name]
        for attr, what in (("x_mm", "x"), ("y_mm", "y"), ("font_size_pt", "cỡ chữ"), ("width_mm", "độ rộng")):
            _check_number(getattr(box, attr), f"{what} của trường «{label}»")
        if box.x_mm < 0 or box.y_mm < 0:
            raise ValueError(f"Vị trí của trường «{label}» không được âm (x = {box.x_mm} mm, y = {box.y_mm} mm).")
        if box.width_mm <= 0:
            raise ValueError(f"Độ rộng của trường «{label}» phải lớn hơn 0 mm.")
        if name != "qr" and not 0 < box.font_size_pt <= 200:
            raise ValueError(f"Cỡ chữ của trường «{label}» phải lớn hơn 0 và không quá 200 pt.")
        if box.align not in ALIGNS:
            raise ValueError(f"Căn lề của trường «{label}» phải là left, center hoặc right.")
        height = box.width_mm if name == "qr" else box.font_size_pt * PT_TO_MM
        if box.x_mm + box.width_mm > self.page_width_mm or box.y_mm + height > self.page_height_mm:
            raise ValueError(
                f"Trường «{label}» nằm ngoài trang {_mm(self.page_width_mm)}×{_mm(self.page_height_mm)} mm: "
                "hãy giảm toạ độ hoặc độ rộng."
            )

    @classmethod
    def from_json(cls, data: Mapping) -> OverlayLayout:
        if not isinstance(data, Mapping) or not isinstance(data.get("fields"), Mapping):
            raise ValueError("Bố cục in phôi không hợp lệ: cần kích thước trang và danh sách vị trí các trường.")
        if "page_width_mm" not in data or "page_height_mm" not in data:
            raise ValueError("Bố cục in phôi thiếu kích thước trang (page_width_mm, page_height_mm).")
        fields = {}
        for name, box in data["fields"].items():
            label = OVERLAY_FIELDS.get(name, name)
            if not isinstance(box, Mapping):
                raise ValueError(f"Vị trí của trường «{label}» không hợp lệ.")
            try:
                fields[name] = FieldPosition(
                    x_mm=box["x_mm"],
                    y_mm=box["y_mm"],
                    font_size_pt=box.get("font_size_pt", 12),
                    width_mm=box["width_mm"],
                    align=box.get("align", "left"),
                )
            except KeyError as missing:
                raise ValueError(f"Vị trí của trường «{label}» thiếu giá trị {missing.args[0]}.") from None
        return cls(page_width_mm=data["page_width_mm"], page_height_mm=data["page_height_mm"], fields=fields)

    def as_json(self) -> dict:
        return {
            "page_width_mm": self.page_width_mm,
            "page_height_mm": self.page_height_mm,
            "fields": {
                name: {
                    "x_mm": box.x_mm,
                    "y_mm": box.y_mm,
                    "font_size_pt": box.font_size_pt,
                    "width_mm": box.width_mm,
                    "align": box.align,
                }
                for name, box in self.fields.items()
            },
        }


def _check_number(value, what: str) -> None:
    if isinstance(value, bool) or not isinstance(value, (int, float)):
        raise ValueError(f"Giá trị {what} phải là một số (mm hoặc pt), không phải {value!r}.")


def _mm(value: float) -> str:
    return f"{value:g}"


# A blank A4 landscape phôi: its printed headings and "GIẤY KHEN" end about 85 mm from the top.
DEFAULT_OVERLAY = OverlayLayout(
    page_width_mm=297.0,
    page_height_mm=210.0,
    fields={
        "recipient": FieldPosition(40, 88, 20, 217, "center"),
        "position_unit": FieldPosition(40, 100, 14, 217, "center"),
        "achievement": FieldPosition(50, 110, 14, 197, "center"),
        "decision": FieldPosition(25, 150, 12, 115, "left"),
        "qr": FieldPosition(25, 163, 0, 24, "left"),
        "verification_code": FieldPosition(50, 175, 9, 85, "left"),
        "place_date": FieldPosition(162, 148, 13, 110, "center"),
        "signer_title": FieldPosition(162, 155, 13, 110, "center"),
        "signer_name": FieldPosition(162, 186, 13, 110, "center"),
    },
)


# Where the fields sit in the full design (A4 landscape, under the printed heading and form name).
DESIGN_LAYOUT = OverlayLayout(
    page_width_mm=DESIGN_WIDTH_MM,
    page_height_mm=DESIGN_HEIGHT_MM,
    fields={
        "recipient": FieldPosition(22, 72, 22, 253, "center"),
        "position_unit": FieldPosition(30, 84, 15, 237, "center"),
        "achievement": FieldPosition(34, 99, 15, 229, "center"),
        "decision": FieldPosition(22, 148, 12, 115, "left"),
        "qr": FieldPosition(21, 162, 0, QR_SIZE_MM, "left"),
        "verification_code": FieldPosition(46, 174, 9, 85, "left"),
        "place_date": FieldPosition(165, 146, 13, 110, "center"),
        "signer_title": FieldPosition(165, 152, 13, 110, "center"),
        "signer_name": FieldPosition(165, 183, 13, 110, "center"),
    },
)


def salutation(kind: str, gender: str) -> str:
    """The word before an individual's name, Ông or Bà; nothing for a collective or an unknown gender."""
    if kind == INDIVIDUAL:
        return {"male": "Ông", "female": "Bà"}.get(gender, "")
    if kind == COLLECTIVE:
        return ""
    raise ValueError(f"Loại người được khen không hợp lệ: {kind!r}.")


def qr_svg(url: str) -> str:
    """The verification URL as an inline SVG QR code (vector, sized by the surrounding CSS), for web pages."""
    return _qr(url).svg_inline(border=QR_BORDER, omitsize=True)


def _qr(url: str) -> segno.QRCode:
    # Error correction M survives a scratched or folded certificate. The mask is fixed: every
    # mask gives a valid code that any reader decodes, and scoring all eight (segno's default)
    # cost 4 ms per code, a quarter of the time of a 5,000-certificate batch.
    return segno.make_qr(url, error="m", mask=QR_MASK)


def _qr_png_uri(url: str) -> str:
    # In the PDF the QR code is a PNG of one pixel per module, scaled up unsmoothed
    # (image-rendering: pixelated): as sharp as the SVG, and far cheaper for WeasyPrint to
    # draw than an SVG path of a few hundred segments on each of thousands of pages.
    return _qr(url).png_data_uri(scale=1, border=QR_BORDER)


def certificate_pdf(
    cert: Certificate, *, overlay: OverlayLayout | None = None, page: PageSize = A4_LANDSCAPE
) -> bytes:
    """One certificate on one page; with `overlay`, only its fields, for printing on a blank."""
    return certificates_pdf([cert], overlay=overlay, page=page)


def certificates_pdf(
    certs: Sequence[Certificate], *, overlay: OverlayLayout | None = None, page: PageSize = A4_LANDSCAPE
) -> bytes:
    """All certificates of a decision in one PDF, one page each, in the given order.

    Batches larger than CHUNK_PAGES are split into chunks rendered by worker processes (which set
    Django up again from the same settings module, for the templates) and merged with pypdf.
    """
    if not certs:
        raise ValueError("Không có giấy khen nào để in.")
    certs = list(certs)
    chunks = [certs[start : start + CHUNK_PAGES] for start in range(0, len(certs), CHUNK_PAGES)]
    settings_module = _settings_module()
    if len(chunks) == 1 or settings_module is None:
        parts = [_chunk_pdf(chunk, overlay, page) for chunk in chunks]
    else:
        # Forkserver, not fork: workers never inherit the caller's threads, locks or database connections.
        context = multiprocessing.get_context("forkserver")
        workers = max(1, min(WORKERS, os.cpu_count() or 1, len(chunks)))
        with ProcessPoolExecutor(
            max_workers=workers, mp_context=context, initializer=_worker_setup, initargs=(settings_module,)
        ) as pool:
            parts = list(pool.map(_chunk_pdf, chunks, [overlay] * len(chunks), [page] * len(chunks)))
    if len(parts) == 1:
        return parts[0]
    writer = PdfWriter()
    for part in parts:
        writer.append(PdfReader(io.BytesIO(part)))
    writer.add_metadata({"/Title": _title(certs)})
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _settings_module() -> str | None:
    from django.conf import settings

    return getattr(settings, "SETTINGS_MODULE", None)


def _worker_setup(settings_module: str) -> None:
    import django

    os.environ["DJANGO_SETTINGS_MODULE"] = settings_module
    django.setup()


def _chunk_pdf(certs: Sequence[Certificate], overlay: OverlayLayout | None, page: PageSize) -> bytes:
    """Pages of a chunk: what every certificate of a decision shares is laid out once per distinct
    content (the static layer: border, heading, achievement, decision, signer) and laid under the
    pages that WeasyPrint renders with only each recipient's own fields (the variable layer).
    Laying out the shared text again on every page was three quarters of the time."""
    fields = [_fields(cert) for cert in certs]
    variable_pdf = _render(_html(fields, "variable", overlay, page), overlay, page)
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(variable_pdf)))
    underlays = {}
    for sheet, cert_fields in zip(writer.pages, fields):
        key = tuple(cert_fields[name] for name in STATIC_FIELDS)
        if key not in underlays:
            static_pdf = _render(_html([cert_fields], "static", overlay, page), overlay, page)
            underlays[key] = _underlay(writer, PdfReader(io.BytesIO(static_pdf)).pages[0], len(underlays))
        name, form, call = underlays[key]
        resources = sheet["/Resources"].get_object()
        if "/XObject" not in resources:
            resources[NameObject("/XObject")] = DictionaryObject()
        resources["/XObject"].get_object()[name] = form
        contents = sheet.raw_get("/Contents")  # the reference: a stream must stay an indirect object
        parts = list(contents.get_object()) if isinstance(contents.get_object(), ArrayObject) else [contents]
        sheet[NameObject("/Contents")] = ArrayObject([call, *parts])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


def _underlay(writer: PdfWriter, static: PageObject, index: int) -> tuple[NameObject, IndirectObject, IndirectObject]:
    """The static page as a form XObject drawn first on each page that shares it: stored once,
    where pypdf's merge_page would copy and re-parse its content for every page."""
    form = DecodedStreamObject()
    form.set_data(static.get_contents().get_data())
    form[NameObject("/Type")] = NameObject("/XObject")
    form[NameObject("/Subtype")] = NameObject("/Form")
    form[NameObject("/BBox")] = ArrayObject(static.mediabox)
    form[NameObject("/Resources")] = static["/Resources"].get_object().clone(writer)
    name = NameObject(f"/CertificateStatic{index}")
    call = DecodedStreamObject()
    call.set_data(f"q {name} Do Q\n".encode())
    return name, writer._add_object(form), writer._add_object(call)


def _render(html: str, overlay: OverlayLayout | None, page: PageSize) -> bytes:
    from weasyprint import HTML

    return HTML(string=html).write_pdf(zoom=1.0 if overlay else _zoom(page))


def _zoom(page: PageSize) -> float:
    return min(page.width_mm / DESIGN_WIDTH_MM, page.height_mm / DESIGN_HEIGHT_MM)


def _html(fields: list[dict], layer: str, overlay: OverlayLayout | None, page: PageSize) -> str:
    context = {"title": fields[0]["title"], "certificates": fields, "layer": layer, "decorated": overlay is None}
    if overlay is None:
        zoom = _zoom(page)
        # The design is laid out at A4 size and WeasyPrint's zoom scales it to the real page.
        context["page"] = PageSize(round(page.width_mm / zoom, 3), round(page.height_mm / zoom, 3))
        context["boxes"] = list(DESIGN_LAYOUT.fields.items())
    else:
        context["page"] = PageSize(overlay.page_width_mm, overlay.page_height_mm)
        context["boxes"] = list(overlay.fields.items())
    return render_to_string("documents/certificate.html", context)


def _title(certs: Sequence[Certificate]) -> str:
    first = certs[0]
    return f"{first.award_name} - Quyết định số {first.decision_text}"


# Printed once per distinct value in the static layer; everything else is per recipient.
STATIC_FIELDS = (
    "title", "authority", "form_name", "achievement", "decision", "place_date",
    "signer_authority", "signer_title", "signer_name",
)


def _fields(cert: Certificate) -> dict:
    letterhead = cert.letterhead
    prefix = salutation(cert.recipient_kind, cert.gender)
    day = cert.decision_date
    return {
        "title": _title([cert]),
        "authority": cert.issuing_authority,
        "form_name": cert.award_name.upper(),
        "recipient": f"{prefix} {cert.recipient_name}" if prefix else cert.recipient_name,
        "position_unit": cert.position_unit,
        "achievement": cert.achievement,
        "decision": f"Quyết định số {cert.decision_text} ngày {day:%d/%m/%Y}",
        "golden_book": f"Số sổ vàng: {cert.golden_book_number}" if cert.golden_book_number else "",
        "place_date": f"{letterhead.place}, ngày {day:%d} tháng {day:%m} năm {day:%Y}",
        "signer_authority": letterhead.signer_authority,
        "signer_title": letterhead.signer_title,
        "signer_name": letterhead.signer_name,
        "qr_uri": _qr_png_uri(cert.verification_url),
        "code_line": f"Mã xác minh: {cert.verification_code}",
        "url": cert.verification_url,
    }
