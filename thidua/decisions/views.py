"""Pages of commendation decisions (quyết định khen thưởng): the list, drafting (from a dossier or by hand),
the draft's list, issuing, revoking, correcting, the Word document, decisions of higher levels recorded
here, each organisation's document settings and its counts of awards.

Thin: reads through thidua.decisions.selectors, writes through thidua.decisions.services (permissions,
audit, one transaction). A form the service refuses is shown again with the service's Vietnamese
sentence (status 400); nothing is written. Dates are read and shown dd/mm/yyyy.
"""
from __future__ import annotations

from datetime import date

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.timezone import localdate
from django.views.decorators.http import require_http_methods, require_POST

from thidua.core.errors import NotFound, UserError
from thidua.core.permissions import Action, path_in_scope, require
from thidua.core.views import form_date, form_text, page, refused_message
from thidua.decisions import selectors, services
from thidua.decisions.models import Decision, DocumentSettings
from thidua.organisations.models import Organisation
from thidua.organisations.selectors import org_ancestors, org_get, org_grants_of, org_subtree
from thidua.people.selectors import person_list, person_visible
from thidua.rules import catalogue

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
PICK_LIMIT = 500


def award_choices(*, issuer: Organisation | None = None, on: date) -> list[tuple[str, str]]:
    """(code, name) of the awards in force on `on` that `issuer` may confer (all of them without an issuer)."""
    return [(code, a.name) for code, a in catalogue().items()
            if a.in_force_on(on) and (issuer is None or issuer.kind in a.conferred_by)]


def _int(raw, *, field: str, label: str) -> int:
    text = str(raw or "").strip()
    if not text.isdigit() or len(text) > 15:
        raise UserError(f"{label} «{text[:20]}» không hợp lệ: hãy nhập một số nguyên.", field=field)
    return int(text)


def _money(raw, *, field: str = "tien_thuong") -> int:
    text = str(raw or "").strip().replace(".", "").replace(" ", "").removesuffix("đ")
    return _int(text or "0", field=field, label="Tiền thưởng")


def _picked_people(actor, ids) -> list:
    wanted = [_int(v, field="nguoi", label="Người được chọn") for v in ids if str(v).strip()]
    people = list(person_visible(actor=actor).filter(pk__in=wanted))
    if len(people) != len(set(wanted)):
        raise NotFound("Không tìm thấy một người đã chọn trong phạm vi của bạn.")
    return people


def _picked_units(actor, codes) -> list[Organisation]:
    return [org_get(actor=actor, code=code) for code in codes if str(code).strip()]


def _signer_form(request) -> dict:
    return {"ngay": form_text(request, "ngay").strip(), "nguoi_ky": form_text(request, "nguoi_ky", 150).strip(),
            "chuc_vu": form_text(request, "chuc_vu", 100).strip(), "tham_quyen": form_text(request, "tham_quyen", 100).strip()}


def _signer_defaults(org: Organisation) -> dict:
    settings = DocumentSettings.objects.filter(organisation=org).first()
    return {"ngay": localdate().strftime("%d/%m/%Y"), "nguoi_ky": settings.signer_name if settings else "",
            "chuc_vu": settings.signer_title if settings else services.DEFAULT_SIGNER_TITLE,
            "tham_quyen": settings.signer_authority if settings else services.DEFAULT_SIGNER_AUTHORITY}


def _managed(actor) -> list[Organisation]:
    managed = [g.organisation for g in org_grants_of(actor=actor)
               if path_in_scope(actor, g.organisation.path, Action.MANAGE_COMMENDATIONS)]
    return list({o.pk: o for o in managed}.values())


# --- The list -----------------------------------------------------------------------------------


@page
def index(request):
    actor = request.user
    raw_year = (request.GET.get("nam") or "").strip()
    year = _int(raw_year, field="nam", label="Năm") if raw_year else None
    decisions = list(selectors.decision_list(actor=actor, year=year)[:200])
    return render(request, "decisions/index.html", {
        "current": "decisions-index", "decisions": decisions, "year": raw_year, "managed": _managed(actor),
    })


# --- Drafting -----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@page
def draft_new(request, code: str):
    """A new draft of `code` conferring one award; its list is filled on the draft's page."""
    actor = request.user
    org = org_get(actor=actor, code=code)
    require(actor, Action.MANAGE_COMMENDATIONS, org)
    today = localdate()
    choices = award_choices(issuer=org, on=today)
    form = {"danh_hieu": choices[0][0] if choices else "", "trich_yeu": ""}
    error = error_field = ""
    status = 200
    if request.method == "POST":
        form = {"danh_hieu": form_text(request, "danh_hieu").strip(), "trich_yeu": form_text(request, "trich_yeu", 500).strip()}
        try:
            draft = services.decision_draft(actor=actor, issuer=org, award=form["danh_hieu"], subject=form["trich_yeu"], on=today)
        except UserError as exc:
            error, error_field, status = refused_message(exc), exc.field or "", 400
        else:
            messages.success(request, "Đã lập dự thảo quyết định: hãy thêm cá nhân, tập thể vào danh sách.")
            return redirect("decisions-detail", draft.pk)
    return render(request, "decisions/draft_new.html", {
        "org": org, "ancestors": org_ancestors(actor=actor, org=org), "form": form, "choices": choices,
        "error": error, "error_field": error_field,
    }, status=status)


@require_http_methods(["GET", "POST"])
@page
def draft_from_dossier(request, pk: int):
    """The draft decision of the organisation holding a dossier, listing the proposals its council passed."""
    actor = request.user
    dossier = selectors.dossier_for_decision(actor=actor, pk=pk)
    holder = dossier.holder
    proposals = sorted(dossier.proposals.select_related("person", "organisation"), key=selectors.list_order)
    error = ""
    status = 200
    if request.method == "POST":
        require(actor, Action.MANAGE_COMMENDATIONS, holder)
        try:
            draft = services.decision_draft(actor=actor, issuer=holder, award=dossier.award,
                                            subject=form_text(request, "trich_yeu", 500).strip(), on=localdate(), dossiers=[dossier])
        except UserError as exc:
            error, status = refused_message(exc), 400
        else:
            messages.success(request, f"Đã lập dự thảo quyết định từ hồ sơ «{dossier.title}».")
            return redirect("decisions-detail", draft.pk)
    entry = catalogue().get(dossier.award)
    return render(request, "decisions/draft_from_dossier.html", {
        "dossier": dossier, "proposals": proposals, "award_name": entry.name if entry else dossier.award,
        "can_manage": path_in_scope(actor, holder.path, Action.MANAGE_COMMENDATIONS), "error": error,
    }, status=status)


# --- One decision -------------------------------------------------------------------------------


def _detail_context(actor, decision: Decision, **extra) -> dict:
    owner = decision.owner
    can_manage = path_in_scope(actor, owner.path, Action.MANAGE_COMMENDATIONS)
    entry = catalogue().get(decision.award)
    context = {
        "decision": decision, "items": selectors.decision_items(decision=decision),
        "amendments": selectors.amendments_of(actor=actor, decision=decision),
        "award_name": entry.name if entry else decision.award, "can_manage": can_manage,
        "is_draft": decision.status == Decision.Status.DRAFT,
        "error": "", "error_field": "", "item_form": {"nam": str(localdate().year - 1), "thanh_tich": "", "tien_thuong": "0"},
        "issue_form": _signer_defaults(owner) if decision.issuer_id else {}, "edit_form": {
            "trich_yeu": decision.subject, "can_cu": decision.grounds},
    }
    if can_manage and decision.status == Decision.Status.DRAFT:
        context["people"] = list(person_list(actor=actor, under=decision.issuer)[:PICK_LIMIT])
        context["units"] = list(org_subtree(actor=actor, org=decision.issuer, on=localdate()).order_by("path")[:PICK_LIMIT])
    context.update(extra)
    return context


@page
def detail(request, pk: int):
    actor = request.user
    decision = selectors.decision_get(actor=actor, pk=pk)
    return render(request, "decisions/detail.html", _detail_context(actor, decision))


@require_POST
@page
def item_add(request, pk: int):
    actor = request.user
    decision = selectors.decision_get(actor=actor, pk=pk)
    require(actor, Action.MANAGE_COMMENDATIONS, decision.owner)
    form = {"nguoi": form_text(request, "nguoi").strip(), "tap_the": form_text(request, "tap_the").strip(),
            "nam": form_text(request, "nam").strip(), "thanh_tich": form_text(request, "thanh_tich").strip(),
            "tien_thuong": form_text(request, "tien_thuong").strip()}
    try:
        if bool(form["nguoi"]) == bool(form["tap_the"]):
            raise UserError("Hãy chọn một cá nhân hoặc một tập thể (chỉ một) để thêm vào danh sách.", field="nguoi")
        person = _picked_people(actor, [form["nguoi"]])[0] if form["nguoi"] else None
        unit = _picked_units(actor, [form["tap_the"]])[0] if form["tap_the"] else None
        year = _int(form["nam"], field="nam", label="Năm thành tích") if form["nam"] else None
        item = services.decision_item_add(actor=actor, decision=decision, on=localdate(), item=services.ItemInput(
            person=person, organisation=unit, year=year, achievement=form["thanh_tich"], amount=_money(form["tien_thuong"])))
    except UserError as exc:
        return render(request, "decisions/detail.html", _detail_context(
            actor, decision, error=refused_message(exc), error_field=exc.field or "", item_form=form), status=400)
    messages.success(request, f"Đã thêm «{item.subject}» vào danh sách.")
    return redirect("decisions-detail", decision.pk)


@require_POST
@page
def item_remove(request, pk: int):
    actor = request.user
    item = selectors.decision_item_get(actor=actor, pk=pk)
    decision = item.decision
    require(actor, Action.MANAGE_COMMENDATIONS, decision.owner)
    try:
        services.decision_item_remove(actor=actor, item=item)
    except UserError as exc:
        return render(request, "decisions/detail.html", _detail_context(actor, decision, error=refused_message(exc)), status=400)
    messages.success(request, f"Đã bỏ «{item.subject}» khỏi danh sách.")
    return redirect("decisions-detail", decision.pk)


@require_POST
@page
def draft_edit(request, pk: int):
    actor = request.user
    decision = selectors.decision_get(actor=actor, pk=pk)
    require(actor, Action.MANAGE_COMMENDATIONS, decision.owner)
    form = {"trich_yeu": form_text(request, "trich_yeu", 500).strip(), "can_cu": form_text(request, "can_cu", 5000).strip()}
    try:
        services.decision_draft_update(actor=actor, decision=decision, subject=form["trich_yeu"], grounds=form["can_cu"])
    except UserError as exc:
        return render(request, "decisions/detail.html", _detail_context(
            actor, decision, error=refused_message(exc), error_field=exc.field or "", edit_form=form), status=400)
    messages.success(request, "Đã lưu trích yếu và căn cứ của dự thảo.")
    return redirect("decisions-detail", decision.pk)


@require_POST
@page
def issue(request, pk: int):
    actor = request.user
    decision = selectors.decision_get(actor=actor, pk=pk)
    require(actor, Action.MANAGE_COMMENDATIONS, decision.owner)
    form = _signer_form(request)
    try:
        on = form_date(form["ngay"], label="ngày ban hành", field="ngay")
        decision = services.decision_issue(actor=actor, decision=decision, on=on, signer_name=form["nguoi_ky"],
                                           signer_title=form["chuc_vu"], signer_authority=form["tham_quyen"])
    except UserError as exc:
        return render(request, "decisions/detail.html", _detail_context(
            actor, decision, error=refused_message(exc), error_field=exc.field or "", issue_form=form), status=400)
    messages.success(request, f"Đã ban hành {decision}.")
    return redirect("decisions-detail", decision.pk)


@require_http_methods(["GET", "POST"])
@page
def revoke(request, pk: int):
    actor = request.user
    decision = selectors.decision_get(actor=actor, pk=pk)
    require(actor, Action.MANAGE_COMMENDATIONS, decision.owner)
    items = [i for i in selectors.decision_items(decision=decision) if i.award_record_id and not i.award_record.revoked_on]
    form = {**(_signer_defaults(decision.owner) if decision.issuer_id else {}), "ly_do": "", "muc": []}
    error = error_field = ""
    status = 200
    if request.method == "POST":
        form = {**_signer_form(request), "ly_do": form_text(request, "ly_do").strip(), "muc": request.POST.getlist("muc")}
        try:
            chosen = {_int(v, field="muc", label="Dòng được chọn") for v in form["muc"]}
            picked = [i for i in items if i.pk in chosen]
            if len(picked) != len(chosen):
                raise UserError("Một dòng đã chọn không còn khen thưởng để thu hồi: hãy tải lại trang.", field="muc")
            on = form_date(form["ngay"], label="ngày ban hành", field="ngay")
            revocation = services.decision_revoke(
                actor=actor, decision=decision, on=on, signer_name=form["nguoi_ky"], signer_title=form["chuc_vu"],
                signer_authority=form["tham_quyen"], reason=form["ly_do"], items=picked or None)
        except UserError as exc:
            error, error_field, status = refused_message(exc), exc.field or "", 400
        else:
            messages.success(request, f"Đã ban hành {revocation} thu hồi khen thưởng.")
            return redirect("decisions-detail", revocation.pk)
    return render(request, "decisions/revoke.html", {
        "decision": decision, "items": items, "form": form, "error": error, "error_field": error_field,
    }, status=status)


@require_http_methods(["GET", "POST"])
@page
def correct(request, pk: int):
    actor = request.user
    decision = selectors.decision_get(actor=actor, pk=pk)
    require(actor, Action.MANAGE_COMMENDATIONS, decision.owner)
    items = [i for i in selectors.decision_items(decision=decision) if i.award_record_id and not i.award_record.revoked_on]
    form = {**(_signer_defaults(decision.owner) if decision.issuer_id else {}), "ly_do": "", "muc": []}
    rows = {i.pk: {"danh_hieu": i.award, "nam": str(i.year), "tien": str(i.amount)} for i in items}
    error = error_field = ""
    status = 200
    if request.method == "POST":
        form = {**_signer_form(request), "ly_do": form_text(request, "ly_do").strip(), "muc": request.POST.getlist("muc")}
        for item in items:
            rows[item.pk] = {"danh_hieu": form_text(request, f"danh_hieu_{item.pk}").strip() or item.award,
                             "nam": form_text(request, f"nam_{item.pk}").strip() or str(item.year),
                             "tien": form_text(request, f"tien_{item.pk}").strip() or str(item.amount)}
        try:
            chosen = {_int(v, field="muc", label="Dòng được chọn") for v in form["muc"]}
            corrections = [
                services.Correction(item=item, award=rows[item.pk]["danh_hieu"],
                                    year=_int(rows[item.pk]["nam"], field="nam", label="Năm thành tích"),
                                    amount=_money(rows[item.pk]["tien"], field="tien"))
                for item in items if item.pk in chosen
            ]
            if len(corrections) != len(chosen):
                raise UserError("Một dòng đã chọn không còn khen thưởng để đính chính: hãy tải lại trang.", field="muc")
            on = form_date(form["ngay"], label="ngày ban hành", field="ngay")
            correcting = services.decision_correct(
                actor=actor, decision=decision, on=on, signer_name=form["nguoi_ky"], signer_title=form["chuc_vu"],
                signer_authority=form["tham_quyen"], reason=form["ly_do"], corrections=corrections)
        except UserError as exc:
            error, error_field, status = refused_message(exc), exc.field or "", 400
        else:
            messages.success(request, f"Đã ban hành {correcting} đính chính, sửa đổi.")
            return redirect("decisions-detail", correcting.pk)
    issuer = decision.issuer
    return render(request, "decisions/correct.html", {
        "decision": decision, "rows": [(i, rows[i.pk]) for i in items], "form": form, "error": error, "error_field": error_field,
        "choices": award_choices(issuer=issuer, on=localdate()) if issuer else [],
    }, status=status)


@page
def docx(request, pk: int):
    from thidua.documents.word import decision_docx

    actor = request.user
    decision = selectors.decision_get(actor=actor, pk=pk)
    if decision.issuer_id is None:
        raise UserError(f"{decision} do {decision.issuer_name} ban hành: văn bản gốc do cơ quan đó phát hành.")
    content = decision_docx(selectors.decision_doc(decision=decision, on=localdate()))
    name = f"quyet-dinh-{decision.number:02d}-{decision.year}.docx" if decision.number else f"du-thao-quyet-dinh-{decision.pk}.docx"
    response = HttpResponse(content, content_type=DOCX)
    response["Content-Disposition"] = f'attachment; filename="{name}"'
    return response


# --- Decisions of higher levels, document settings, counts ------------------------------------------


@require_http_methods(["GET", "POST"])
@page
def record_received(request, code: str):
    actor = request.user
    org = org_get(actor=actor, code=code)
    require(actor, Action.MANAGE_COMMENDATIONS, org)
    today = localdate()
    form = {"co_quan": "", "so": "", "ngay": "", "danh_hieu": "", "trich_yeu": "", "nguoi_ky": "", "nam": str(today.year - 1),
            "nguoi": [], "tap_the": []}
    error = error_field = ""
    status = 200
    if request.method == "POST":
        form = {name: form_text(request, name).strip() for name in form if name not in ("nguoi", "tap_the")}
        form.update({"nguoi": request.POST.getlist("nguoi"), "tap_the": request.POST.getlist("tap_the")})
        try:
            issued_on = form_date(form["ngay"], label="ngày ban hành", field="ngay")
            year = _int(form["nam"], field="nam", label="Năm thành tích") if form["nam"] else None
            items = [services.ItemInput(person=p, year=year) for p in _picked_people(actor, form["nguoi"])]
            items += [services.ItemInput(organisation=o, year=year) for o in _picked_units(actor, form["tap_the"])]
            received = services.decision_record_received(
                actor=actor, received_by=org, issuer_name=form["co_quan"], number_text=form["so"], issued_on=issued_on,
                award=form["danh_hieu"], subject=form["trich_yeu"], items=items, signer_name=form["nguoi_ky"])
        except UserError as exc:
            error, error_field, status = refused_message(exc), exc.field or "", 400
        else:
            messages.success(request, f"Đã ghi nhận {received} của {received.issuer_name}.")
            return redirect("decisions-detail", received.pk)
    return render(request, "decisions/received.html", {
        "org": org, "ancestors": org_ancestors(actor=actor, org=org), "form": form, "error": error, "error_field": error_field,
        "choices": award_choices(on=today), "people": list(person_list(actor=actor, under=org)[:PICK_LIMIT]),
        "units": list(org_subtree(actor=actor, org=org, on=today).order_by("path")[:PICK_LIMIT]),
    }, status=status)


@require_http_methods(["GET", "POST"])
@page
def settings_view(request, code: str):
    actor = request.user
    org = org_get(actor=actor, code=code)
    require(actor, Action.MANAGE_COMMENDATIONS, org)
    current = services.letterhead_for(org)
    form = {"co_quan_chu_quan": current.parent_body, "co_quan": current.issuer, "ky_hieu": current.symbol,
            "dia_danh": current.place, "tham_quyen": current.signer_authority, "chuc_vu": current.signer_title,
            "nguoi_ky": current.signer_name}
    error = error_field = ""
    status = 200
    if request.method == "POST":
        form = {name: form_text(request, name, 255).strip() for name in form}
        try:
            services.document_settings_save(
                actor=actor, organisation=org, parent_body=form["co_quan_chu_quan"], issuer=form["co_quan"],
                symbol=form["ky_hieu"], place=form["dia_danh"], signer_authority=form["tham_quyen"],
                signer_title=form["chuc_vu"], signer_name=form["nguoi_ky"])
        except UserError as exc:
            error, error_field, status = refused_message(exc), exc.field or "", 400
        else:
            messages.success(request, "Đã lưu thông tin trình bày văn bản.")
            return redirect("decisions-settings", org.code)
    return render(request, "decisions/settings.html", {
        "org": org, "ancestors": org_ancestors(actor=actor, org=org), "form": form, "error": error, "error_field": error_field,
        "saved": selectors.document_settings_of(actor=actor, organisation=org) is not None,
    }, status=status)


@page
def counts(request, code: str):
    actor = request.user
    org = org_get(actor=actor, code=code)
    today = localdate()
    raw_from, raw_to = (request.GET.get("tu") or "").strip(), (request.GET.get("den") or "").strip()
    date_from = form_date(raw_from, label="từ ngày", field="tu", required=False) or date(today.year, 1, 1)
    date_to = form_date(raw_to, label="đến ngày", field="den", required=False) or date(today.year, 12, 31)
    rows = selectors.award_counts(actor=actor, organisation=org, date_from=date_from, date_to=date_to)
    return render(request, "decisions/counts.html", {
        "org": org, "ancestors": org_ancestors(actor=actor, org=org), "rows": rows,
        "sentences": selectors.award_sentences(rows), "date_from": date_from, "date_to": date_to,
        "total": sum(r.count for r in rows),
    })
