"""Pages of certificates: printing a decision's certificates (full design or on a pre-printed blank),
the forms (phôi) with their field positions and a test print, and the public verification page.

Officers' pages are scoped to the decision's owner organisation through thidua.decisions.certificates;
writes go through `certificate_form_save`. The verification page is public (no login): it answers
a known code with the award and the recipient's name only, and anything else with one sentence.
"""
from __future__ import annotations

import io
import math
from datetime import date
from urllib.parse import quote

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.text import slugify
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_http_methods
from pypdf import PdfReader, PdfWriter

from thidua.core.errors import NotFound, UserError
from thidua.core.permissions import Action, path_in_scope, require
from thidua.core.views import form_text, page, refused_message
from thidua.decisions import certificates as certs
from thidua.decisions.services import normalise_verification_code
from thidua.documents.certificates import (
    DEFAULT_OVERLAY, OVERLAY_FIELDS, Certificate, FieldPosition, OverlayLayout, certificate_pdf, certificates_pdf,
)
from thidua.documents.data import Letterhead
from thidua.organisations.selectors import org_ancestors, org_get

PDF = "application/pdf"
ALIGN_LABELS = {"left": "Trái", "center": "Giữa", "right": "Phải"}
# Blank sizes offered when a form is created; positions start from the A4 default, scaled.
SIZES = {"a4": ("A4 ngang (297 × 210 mm)", 297.0, 210.0), "a3": ("A3 ngang (420 × 297 mm)", 420.0, 297.0)}
# Labels of the numbers asked for each field on the positions form: (suffix, key, label).
BOX_INPUTS = (("x", "x_mm", "cách lề trái (mm)"), ("y", "y_mm", "cách mép trên (mm)"),
              ("co", "font_size_pt", "cỡ chữ (pt)"), ("rong", "width_mm", "độ rộng (mm)"))


def _pdf(data: bytes, filename: str) -> HttpResponse:
    response = HttpResponse(data, content_type=PDF)
    response["Content-Disposition"] = f"inline; filename=\"{filename}\"; filename*=UTF-8''{quote(filename)}"
    response["Cache-Control"] = "private, no-store"  # names and units of people: kept by no cache on the way
    return response


def _decision_slug(decision) -> str:
    return slugify(decision.number_text.replace("/", "-").replace("Đ", "D").replace("đ", "d")) or str(decision.pk)


# --- A decision's certificates ----------------------------------------------------------------------


@page
def decision_certificates(request, pk: int):
    """The printing page of a decision: all certificates in one PDF, on plain paper or on a chosen blank."""
    actor = request.user
    decision = certs.decision_for_certificates(actor=actor, pk=pk)
    items = list(decision.items.select_related("award_record", "person", "organisation"))
    try:
        printable = {item.pk for item in certs.certificate_items(decision)}
        refusal = ""
    except UserError as exc:
        printable, refusal = set(), exc.message
    rows = [{"item": item, "award_name": certs.award_name(item.award), "printable": item.pk in printable,
             "revoked": certs.revoked_sentence(item) if item.award_record_id else ""} for item in items]
    return render(request, "decisions/certificate_print.html", {
        "decision": decision, "rows": rows, "refusal": refusal, "count": len(printable),
        "forms": certs.certificate_forms_for_decision(actor=actor, decision=decision),
        "can_manage_forms": path_in_scope(actor, decision.owner.path, Action.MANAGE_COMMENDATIONS),
    })


def _chosen_layout(request, decision) -> OverlayLayout | None:
    raw = (request.GET.get("phoi") or "").strip()
    if not raw:
        return None
    try:
        pk = int(raw)
    except ValueError:
        raise NotFound("Không tìm thấy mẫu phôi đã chọn.") from None
    for form in certs.certificate_forms_for_decision(actor=request.user, decision=decision):
        if form.pk == pk:
            return certs.form_layout(form)
    raise NotFound("Không tìm thấy mẫu phôi đã chọn.")


@require_GET
@page
def decision_certificates_pdf(request, pk: int):
    """All of a decision's certificates in one PDF; `?phoi=<form>` prints only the fields, for that blank."""
    decision = certs.decision_for_certificates(actor=request.user, pk=pk)
    overlay = _chosen_layout(request, decision)
    data = certificates_pdf(certs.certificates_of(decision, certs.public_base_url(request)), overlay=overlay)
    suffix = "-phoi" if overlay else ""
    return _pdf(data, f"giay-khen-{_decision_slug(decision)}{suffix}.pdf")


@require_GET
@page
def item_certificate_pdf(request, pk: int):
    item = certs.item_for_certificate(actor=request.user, pk=pk)
    overlay = _chosen_layout(request, item.decision)
    data = certificate_pdf(certs.certificate_of_item(item, certs.public_base_url(request)), overlay=overlay)
    return _pdf(data, f"giay-khen-{_decision_slug(item.decision)}-{item.pk}.pdf")


# --- Certificate forms (phôi) -----------------------------------------------------------------------


def _number(request, name: str, label: str) -> float:
    raw = (request.POST.get(name) or "").strip()
    if not raw:
        raise UserError(f"Hãy nhập {label}.", field=name)
    try:
        value = float(raw.replace(",", "."))
    except ValueError:
        value = math.nan
    if not math.isfinite(value):
        raise UserError(f"{label[:1].upper()}{label[1:]} «{raw[:20]}» không phải là một số: hãy nhập số, ví dụ 12,5.", field=name)
    return value


def layout_from_post(request) -> dict:
    """The layout JSON typed into the positions form (validated afterwards by OverlayLayout.from_json)."""
    fields = {}
    for name, title in OVERLAY_FIELDS.items():
        box = {}
        for suffix, key, label in BOX_INPUTS:
            if name == "qr" and key == "font_size_pt":
                continue
            box[key] = _number(request, f"{name}-{suffix}", f"{label} của trường «{title}»")
        if name == "qr":
            box["font_size_pt"] = 0
        box["align"] = (request.POST.get(f"{name}-can") or "left").strip()
        fields[name] = box
    return {"page_width_mm": _number(request, "trang-rong", "chiều rộng trang (mm)"),
            "page_height_mm": _number(request, "trang-cao", "chiều cao trang (mm)"), "fields": fields}


def _scaled_default(width: float, height: float) -> dict:
    """DEFAULT_OVERLAY (A4 landscape) stretched to another blank size, rounded down to 0,1 mm."""
    factor = min(width / DEFAULT_OVERLAY.page_width_mm, height / DEFAULT_OVERLAY.page_height_mm)

    def scale(value: float) -> float:
        return math.floor(value * factor * 10) / 10

    return OverlayLayout(page_width_mm=width, page_height_mm=height, fields={
        name: FieldPosition(scale(b.x_mm), scale(b.y_mm), round(b.font_size_pt * factor, 1), scale(b.width_mm), b.align)
        for name, b in DEFAULT_OVERLAY.fields.items()
    }).as_json()


@require_http_methods(["GET", "POST"])
@page
def certificate_forms(request, code: str):
    """An organisation's forms, and a new one (its positions start from the default and are edited next)."""
    actor = request.user
    org = org_get(actor=actor, code=code)
    form = {"name": "", "size": "a4"}
    error = error_field = ""
    status = 200
    if request.method == "POST":
        require(actor, Action.MANAGE_COMMENDATIONS, org)
        form = {"name": form_text(request, "ten", 300), "size": request.POST.get("kho") or "a4"}
        try:
            if form["size"] not in SIZES:
                raise UserError("Hãy chọn khổ giấy của phôi trong danh sách (A4 ngang hoặc A3 ngang).", field="kho")
            _, width, height = SIZES[form["size"]]
            made = certs.certificate_form_save(actor=actor, organisation=org, name=form["name"],
                                               layout_json=_scaled_default(width, height))
        except UserError as exc:
            error, error_field, status = refused_message(exc), exc.field or "", 400
        else:
            messages.success(request, f"Đã tạo mẫu phôi «{made.name}». Hãy đo trên phôi thật rồi chỉnh vị trí các trường.")
            return redirect("certificates-form", made.pk)
    return render(request, "decisions/certificate_forms.html", {
        "org": org, "ancestors": org_ancestors(actor=actor, org=org),
        "forms": certs.certificate_form_list(actor=actor, organisation=org),
        "can_manage": path_in_scope(actor, org.path, Action.MANAGE_COMMENDATIONS),
        "sizes": [(key, label) for key, (label, _, _) in SIZES.items()],
        "form": form, "error": error, "error_field": "ten" if error_field == "name" else error_field,
    }, status=status)


def _position_rows(layout: dict, posted=None) -> list[dict]:
    rows = []
    for name, title in OVERLAY_FIELDS.items():
        box = layout["fields"].get(name, {})
        inputs = []
        for suffix, key, label in BOX_INPUTS:
            if name == "qr" and key == "font_size_pt":
                inputs.append(None)
                continue
            field = f"{name}-{suffix}"
            value = posted.get(field, "") if posted is not None else _show(box.get(key))
            inputs.append({"name": field, "value": value, "label": f"{title}: {label}"})
        align = posted.get(f"{name}-can", "left") if posted is not None else box.get("align", "left")
        rows.append({"name": name, "title": title, "inputs": inputs, "align_name": f"{name}-can", "align": align})
    return rows


def _show(value) -> str:
    if value is None:
        return ""
    return f"{value:g}".replace(".", ",") if isinstance(value, (int, float)) else str(value)


@require_http_methods(["GET", "POST"])
@page
def certificate_form_edit(request, pk: int):
    """The positions of a form's fields: numbers in millimetres from the blank's top-left corner."""
    actor = request.user
    form = certs.certificate_form_get(actor=actor, pk=pk)
    layout = form.layout if isinstance(form.layout, dict) and isinstance(form.layout.get("fields"), dict) \
        else DEFAULT_OVERLAY.as_json()
    name = form.name
    page_size = {"trang_rong": _show(layout.get("page_width_mm")), "trang_cao": _show(layout.get("page_height_mm"))}
    posted = None
    error = error_field = ""
    status = 200
    if request.method == "POST":
        require(actor, Action.MANAGE_COMMENDATIONS, form.organisation)
        posted = {key: str(value)[:50] for key, value in request.POST.items()}
        name = form_text(request, "ten", 300)
        page_size = {"trang_rong": posted.get("trang-rong", ""), "trang_cao": posted.get("trang-cao", "")}
        try:
            certs.certificate_form_save(actor=actor, organisation=form.organisation, name=name,
                                        layout_json=layout_from_post(request), form=form)
        except UserError as exc:
            error, error_field, status = refused_message(exc), exc.field or "", 400
        else:
            messages.success(request, "Đã lưu vị trí các trường của mẫu phôi. Hãy in thử để kiểm tra trên phôi thật.")
            return redirect("certificates-form", form.pk)
    return render(request, "decisions/certificate_form.html", {
        "form_obj": form, "org": form.organisation, "ancestors": org_ancestors(actor=actor, org=form.organisation),
        "name": name, "page_size": page_size, "rows": _position_rows(layout, posted), "aligns": ALIGN_LABELS,
        "can_manage": path_in_scope(actor, form.organisation.path, Action.MANAGE_COMMENDATIONS),
        "error": error, "error_field": error_field,
    }, status=status)


SAMPLE = Certificate(
    letterhead=Letterhead(parent_body="", issuer="CÔNG ĐOÀN MẪU", symbol="CĐ", place="Hà Nội",
                          signer_authority="TM. BAN CHẤP HÀNH", signer_title="CHỦ TỊCH", signer_name="Nguyễn Văn Ký"),
    award_name="Giấy khen", recipient_name="Trần Thị Mẫu", recipient_kind="individual", gender="female",
    position_unit="Điều dưỡng, Khoa Nội – Bệnh viện Mẫu",
    achievement="Đã có thành tích xuất sắc trong phong trào thi đua năm 2026",
    decision_text="01/QĐ-CĐ", decision_date=date(2026, 1, 5), golden_book_number="",
    verification_code="ABCD-EFGH-JKMN-PQRS", verification_url="https://example.invalid/xac-minh/ABCD-EFGH-JKMN-PQRS/",
)


def sample_print_pdf(layout: OverlayLayout, title: str) -> bytes:
    """One page: a 10 mm grid with each field's box outlined and named, and sample text at the positions."""
    from weasyprint import HTML

    boxes = [{"name": name, "title": OVERLAY_FIELDS[name], "box": box,
              "height_mm": box.width_mm if name == "qr" else round(box.font_size_pt * 25.4 / 72 * 1.2, 2)}
             for name, box in layout.fields.items()]
    html = render_to_string("decisions/certificate_grid.html", {
        "title": title, "width": layout.page_width_mm, "height": layout.page_height_mm, "boxes": boxes,
        "columns": [x for x in range(0, int(layout.page_width_mm) + 1, 10)],
        "lines": [y for y in range(0, int(layout.page_height_mm) + 1, 10)],
    })
    writer = PdfWriter(clone_from=PdfReader(io.BytesIO(HTML(string=html).write_pdf())))
    writer.pages[0].merge_page(PdfReader(io.BytesIO(certificate_pdf(SAMPLE, overlay=layout))).pages[0])
    out = io.BytesIO()
    writer.write(out)
    return out.getvalue()


@require_GET
@page
def certificate_form_test_print(request, pk: int):
    form = certs.certificate_form_get(actor=request.user, pk=pk)
    return _pdf(sample_print_pdf(certs.form_layout(form), form.name), f"in-thu-phoi-{form.pk}.pdf")


# --- Public verification ------------------------------------------------------------------------------


def _public(response: HttpResponse) -> HttpResponse:
    response["X-Robots-Tag"] = "noindex, nofollow"
    response["Referrer-Policy"] = "no-referrer"
    return response


@never_cache
@require_GET
def verify_index(request):
    """A form to type the code printed under the QR code; a well-formed code goes to its page."""
    raw = (request.GET.get("ma") or "")[:100]
    if raw.strip():
        code = normalise_verification_code(raw)
        if code is not None:
            return redirect("verify", code)
        return _public(render(request, "decisions/verify.html", {"unknown": certs.UNKNOWN_CODE}, status=404))
    return _public(render(request, "decisions/verify.html", {}))


@never_cache
@require_GET
def verify(request, code: str):
    """Xác minh khen thưởng: the award a code stands for, or "Mã xác minh không tồn tại." (404)."""
    found = certs.verification_lookup(code)
    if found is None:
        # The same page for a malformed, an unknown and a forged code: nothing tells them apart.
        return _public(render(request, "decisions/verify.html", {"unknown": certs.UNKNOWN_CODE}, status=404))
    return _public(render(request, "decisions/verify.html", {"found": found}))
