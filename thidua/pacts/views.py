"""Pages of emulation clusters and blocks (cụm, khối thi đua) and emulation pacts (giao ước thi đua).

Thin: reads through thidua.pacts.selectors, writes through thidua.pacts.services. A form the
service refuses is shown again on its page with the Vietnamese sentence (status 400), nothing
written; a grouping or pact outside the user's scope is a 404, an action they may not take a 403.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.timezone import localdate
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.dates import format_date
from thidua.core.errors import Forbidden, NotFound, UserError
from thidua.core.permissions import Action, path_in_scope, scope_paths
from thidua.core.views import form_date, form_text, page, refused_message
from thidua.organisations.models import Organisation
from thidua.organisations.selectors import org_get
from thidua.pacts import selectors as sel
from thidua.pacts import services as svc
from thidua.pacts.export import ranking_export
from thidua.pacts.models import Grouping, GroupingLeader, GroupingMember, Pact, PactParty, PactTarget
from thidua.people.selectors import person_get

TEXT_MAX = 20000


# --- Form helpers ------------------------------------------------------------------------------------


def _int(raw: str, *, label: str, field: str) -> int:
    text = (raw or "").strip()
    try:
        return int(text)
    except ValueError:
        raise UserError(f"{label} «{text[:20]}» không hợp lệ: hãy nhập một số nguyên.", field=field) from None


def _org(actor, code: str, *, field: str, label: str = "đơn vị") -> Organisation:
    """A unit named in a form: unknown or outside the scope, it is a form error, not a missing page."""
    code = (code or "").strip()
    if not code:
        raise UserError(f"Hãy chọn {label} (nhập mã đơn vị).", field=field)
    try:
        return org_get(actor=actor, code=code)
    except NotFound:
        raise UserError(f"Không tìm thấy đơn vị có mã «{code[:32]}» trong phạm vi của bạn.", field=field) from None


def _orgs(actor, codes: list[str], *, field: str) -> list[Organisation]:
    found = []
    for raw in codes:
        for code in raw.replace(",", "\n").splitlines():
            if code.strip():
                found.append(_org(actor, code, field=field))
    return found


def parse_targets(text: str) -> list[svc.TargetInput]:
    """One target a line, «nội dung | trọng số»; blank lines skipped."""
    targets = []
    for number, line in enumerate((text or "").splitlines(), start=1):
        if not line.strip():
            continue
        title, sep, weight = line.rpartition("|")
        if not sep:
            raise UserError(f"Dòng {number} «{line.strip()[:60]}» thiếu trọng số: hãy viết «nội dung | trọng số».", field="targets")
        try:
            value = int(weight.strip())
        except ValueError:
            raise UserError(f"Trọng số ở dòng {number} «{weight.strip()[:20]}» không phải số nguyên.", field="targets") from None
        targets.append(svc.TargetInput(title.strip(), value))
    return targets


def _year(request, default: int) -> int:
    raw = (request.GET.get("nam") or "").strip()
    if not raw:
        return default
    try:
        year = int(raw)
    except ValueError:
        year = 0
    if not 1975 <= year <= 2100:
        raise UserError(f"Năm «{raw[:20]}» không hợp lệ: hãy nhập một năm, ví dụ {default}.", field="nam")
    return year


def _can_commend_somewhere(actor) -> bool:
    roots = scope_paths(actor, Action.MANAGE_COMMENDATIONS)
    return roots is None or bool(roots)


# --- Groupings ---------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@page
def index(request):
    """The groupings the user sees, and the form that sets one up."""
    actor = request.user
    today = localdate()
    form = {"kind": Grouping.Kind.CLUSTER, "name": "", "owner": "", "valid_from": "", "valid_to": "", "members": "",
            "decision": "", "replaces": "", "reason": ""}
    error, status = None, 200
    if request.method == "POST":
        form = {name: form_text(request, name) for name in form}
        try:
            owner = _org(actor, form["owner"], field="owner", label="đơn vị thành lập")
            replaces = None
            if form["replaces"].strip():
                replaces = sel.grouping_get(actor=actor, pk=_int(form["replaces"], label="Cụm, khối được thay", field="replaces"))
            grouping = svc.grouping_create(
                actor=actor, kind=form["kind"], name=form["name"], owner=owner,
                valid_from=form_date(form["valid_from"], label="ngày bắt đầu", field="valid_from"),
                valid_to=form_date(form["valid_to"], label="ngày kết thúc", field="valid_to", required=False),
                members=_orgs(actor, [form["members"]], field="members"), decision=form["decision"],
                replaces=replaces, reason=form["reason"],
            )
        except UserError as exc:
            error, status = refused_message(exc), 400
        else:
            messages.success(request, f"Đã thành lập {grouping}.")
            return redirect("pacts-grouping", grouping.pk)
    year_raw = (request.GET.get("nam") or "").strip()
    year = _year(request, today.year) if year_raw else None
    groupings = sel.grouping_list(actor=actor, year=year)[:500]
    return render(request, "pacts/index.html", {
        "groupings": groupings, "year": year, "form": form, "error": error, "kinds": Grouping.Kind.choices,
        "can_create": _can_commend_somewhere(actor),
    }, status=status)


def _grouping_context(request, grouping: Grouping, *, year: int) -> dict:
    actor = request.user
    today = localdate()
    before, after = sel.grouping_chain(actor=actor, grouping=grouping)
    members = sel.grouping_members(grouping=grouping)
    can_own = path_in_scope(actor, grouping.owner.path, Action.MANAGE_COMMENDATIONS)
    leader = svc.leader_of(grouping, year)
    can_manage = can_own or (leader is not None and path_in_scope(actor, leader.path, Action.MANAGE_COMMENDATIONS))
    current = [m for m in members if m.is_active_on(today)] or [m for m in members if m.left is None]
    return {
        "grouping": grouping, "year": year, "before": before, "after": after,
        "owner_link": path_in_scope(actor, grouping.owner.path),
        "members": members, "current_members": current,
        "leaders": sel.grouping_leaders(grouping=grouping),
        "meetings": sel.grouping_meetings(grouping=grouping),
        "pacts": sel.pact_list(actor=actor, grouping=grouping),
        "ranking": sel.grouping_ranking(actor=actor, grouping=grouping, year=year),
        "can_own": can_own, "can_manage": can_manage, "roles": GroupingLeader.Role.choices,
        "forms": {}, "error": None, "error_form": "",
    }


@require_GET
@page
def grouping_detail(request, pk: int):
    grouping = sel.grouping_get(actor=request.user, pk=pk)
    return render(request, "pacts/grouping.html", _grouping_context(request, grouping, year=_year(request, localdate().year)))


def _grouping_form(request, pk: int, form_name: str, fields: list[str], act):
    """Run one of the grouping page's forms: redirect on success, the page with the error otherwise."""
    grouping = sel.grouping_get(actor=request.user, pk=pk)
    form = {name: form_text(request, name, TEXT_MAX) for name in fields}
    try:
        message = act(grouping, form)
    except UserError as exc:
        context = _grouping_context(request, grouping, year=localdate().year)
        context.update({"error": refused_message(exc), "error_form": form_name, "forms": {form_name: form}})
        return render(request, "pacts/grouping.html", context, status=400)
    messages.success(request, message)
    return redirect("pacts-grouping", grouping.pk)


@require_POST
@page
def grouping_member_add(request, pk: int):
    actor = request.user

    def act(grouping, form):
        svc.require_grouping_owner(actor, grouping)
        member = svc.grouping_member_add(actor=actor, grouping=grouping,
                                         organisation=_org(actor, form["organisation"], field="organisation"),
                                         joined=form_date(form["joined"], label="ngày vào", field="joined"), reason=form["reason"])
        return f"Đã thêm {member.organisation.name} vào {grouping.name}."

    return _grouping_form(request, pk, "member", ["organisation", "joined", "reason"], act)


@require_POST
@page
def grouping_member_leave(request, pk: int):
    actor = request.user
    try:
        member = GroupingMember.objects.select_related("grouping", "organisation").get(pk=pk)
    except GroupingMember.DoesNotExist:
        raise NotFound() from None
    sel.grouping_get(actor=actor, pk=member.grouping_id)

    def act(grouping, form):
        svc.require_grouping_owner(actor, grouping)
        svc.grouping_member_leave(actor=actor, member=member, left=form_date(form["left"], label="ngày rời", field="left"),
                                  reason=form["reason"])
        return f"Đã ghi {member.organisation.name} rời {grouping.name} ngày {format_date(member.left)}."

    return _grouping_form(request, member.grouping_id, "leave", ["left", "reason"], act)


@require_POST
@page
def grouping_leader(request, pk: int):
    actor = request.user

    def act(grouping, form):
        svc.require_grouping_owner(actor, grouping)
        row = svc.grouping_leader_set(actor=actor, grouping=grouping, year=_int(form["year"], label="Năm", field="year"),
                                      organisation=_org(actor, form["organisation"], field="organisation"),
                                      role=form["role"] or GroupingLeader.Role.LEADER, reason=form["reason"])
        return f"{row.get_role_display()} năm {row.year}: {row.organisation.name}."

    return _grouping_form(request, pk, "leader", ["year", "organisation", "role", "reason"], act)


@require_POST
@page
def grouping_meeting(request, pk: int):
    actor = request.user
    upload = request.FILES.get("file")

    def act(grouping, form):
        held_on = form_date(form["held_on"], label="ngày họp", field="held_on")
        svc.require_grouping_manager(actor, grouping, held_on.year)
        file = None
        if upload is not None:
            if upload.size > svc.MAX_DOCUMENT_BYTES:
                raise UserError(f"Tệp «{upload.name}» quá giới hạn {svc.MAX_DOCUMENT_BYTES // 1024 // 1024} MB.", field="file")
            file = svc.Upload(upload.name, upload.read())
        meeting = svc.meeting_record(actor=actor, grouping=grouping, held_on=held_on, place=form["place"],
                                     attendees=_orgs(actor, request.POST.getlist("attendees"), field="attendees"),
                                     minutes=form["minutes"], minutes_file=file, reason=form["reason"])
        return f"Đã ghi giao ban ngày {format_date(meeting.held_on)}."

    return _grouping_form(request, pk, "meeting", ["held_on", "place", "minutes", "reason"], act)


@require_POST
@page
def grouping_end(request, pk: int):
    actor = request.user

    def act(grouping, form):
        svc.require_grouping_owner(actor, grouping)
        replaced_by = None
        if form["replaced_by"].strip():
            replaced_by = sel.grouping_get(actor=actor, pk=_int(form["replaced_by"], label="Cụm, khối thay thế", field="replaced_by"))
        svc.grouping_end(actor=actor, grouping=grouping, on=form_date(form["on"], label="ngày kết thúc", field="on"),
                         replaced_by=replaced_by, reason=form["reason"])
        return f"{grouping} kết thúc ngày {format_date(grouping.valid_to)}."

    return _grouping_form(request, pk, "end", ["on", "replaced_by", "reason"], act)


@require_POST
@page
def grouping_pact(request, pk: int):
    actor = request.user

    def act(grouping, form):
        year = _int(form["year"], label="Năm", field="year")
        svc.require_grouping_manager(actor, grouping, year)
        parties = _orgs(actor, request.POST.getlist("parties"), field="parties")
        pact = svc.pact_create_grouping(actor=actor, grouping=grouping, title=form["title"], year=year,
                                        signed_on=form_date(form["signed_on"], label="ngày ký", field="signed_on"),
                                        targets=parse_targets(form["targets"]), parties=parties or None, reason=form["reason"])
        return f"Đã ghi {pact}."

    return _grouping_form(request, pk, "pact", ["title", "year", "signed_on", "targets", "reason"], act)


@require_GET
@page
def grouping_ranking_xlsx(request, pk: int):
    actor = request.user
    grouping = sel.grouping_get(actor=actor, pk=pk)
    year = _year(request, localdate().year)
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "xep-hang.xlsx"
        ranking_export(actor=actor, grouping=grouping, year=year, out=out)
        content = out.read_bytes()
    response = HttpResponse(content, content_type="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
    response["Content-Disposition"] = f'attachment; filename="xep-hang-cum-{grouping.pk}-{year}.xlsx"'
    return response


# --- Pacts -------------------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@page
def pact_index(request):
    """The pacts the user sees, and the form for a personal or a department's pact."""
    actor = request.user
    today = localdate()
    year = _year(request, today.year)
    form = {"kind": Pact.Kind.DEPARTMENT, "title": "", "year": str(year), "signed_on": "", "person": "", "department": "",
            "unit": "", "head": "", "targets": "", "reason": ""}
    error, status = None, 200
    if request.method == "POST":
        form = {name: form_text(request, name, TEXT_MAX) for name in form}
        try:
            common = dict(title=form["title"], year=_int(form["year"], label="Năm", field="year"),
                          signed_on=form_date(form["signed_on"], label="ngày ký", field="signed_on"),
                          targets=parse_targets(form["targets"]), reason=form["reason"])
            department = _org(actor, form["department"], field="department", label="khoa, phòng")
            if form["kind"] == Pact.Kind.PERSONAL:
                person = person_get(actor=actor, pk=_int(form["person"], label="Mã người", field="person"))
                pact = svc.pact_create_personal(actor=actor, person=person, department=department, head=form["head"], **common)
            elif form["kind"] == Pact.Kind.DEPARTMENT:
                unit = _org(actor, form["unit"], field="unit")
                pact = svc.pact_create_department(actor=actor, department=department, unit=unit, unit_signatory=form["head"],
                                                  **common)
            else:
                raise UserError("Hãy chọn loại giao ước: cá nhân với trưởng khoa, phòng, hoặc khoa, phòng với đơn vị "
                                "(giao ước của cụm, khối được ghi trên trang của cụm, khối).", field="kind")
        except UserError as exc:
            error, status = refused_message(exc), 400
        else:
            messages.success(request, f"Đã ghi {pact}.")
            return redirect("pacts-pact", pact.pk)
    return render(request, "pacts/pacts.html", {
        "pacts": sel.pact_list(actor=actor, year=year)[:500], "year": year, "form": form, "error": error,
        "kinds": [(k, label) for k, label in Pact.Kind.choices if k != Pact.Kind.GROUPING],
        "can_create": _can_commend_somewhere(actor),
    }, status=status)


def _pact_context(request, pact: Pact) -> dict:
    actor = request.user
    results = sel.pact_results(pact=pact)
    parties = [r.party for r in results]
    scorable = [p for p in parties if path_in_scope(actor, p.organisation.path, Action.MANAGE_COMMENDATIONS)]
    can_manage = True
    try:
        svc.require_pact_manager(actor, pact)
    except (Forbidden, NotFound):
        can_manage = False
    return {
        "pact": pact, "results": sorted(results, key=lambda r: r.party.pk), "ranked": results,
        "targets": list(pact.targets.order_by("position")), "parties": parties, "scorable": scorable,
        "documents": list(pact.documents.order_by("uploaded_at")), "can_manage": can_manage,
        "grouping_link": pact.grouping_id is not None, "error": None, "error_form": "", "forms": {},
        "max_mb": svc.MAX_DOCUMENT_BYTES // 1024 // 1024,
    }


@require_GET
@page
def pact_detail(request, pk: int):
    pact = sel.pact_get(actor=request.user, pk=pk)
    return render(request, "pacts/pact.html", _pact_context(request, pact))


def _pact_refused(request, pact, exc, form_name, form):
    context = _pact_context(request, pact)
    context.update({"error": refused_message(exc), "error_form": form_name, "forms": {form_name: form}})
    return render(request, "pacts/pact.html", context, status=400)


@require_POST
@page
def pact_score(request, pk: int):
    actor = request.user
    pact = sel.pact_get(actor=actor, pk=pk)
    form = {name: form_text(request, name) for name in ("party", "scorer", "target", "value", "reason")}
    try:
        party = _party(pact, form["party"], field="party", label="bên được chấm")
        scorer = _party(pact, form["scorer"], field="scorer", label="bên chấm") if form["scorer"].strip() else None
        target = _pick(PactTarget.objects.filter(pact=pact), form["target"], field="target", label="chỉ tiêu")
        value = form["value"].strip()
        if not value:
            raise UserError("Hãy nhập điểm.", field="value")
        svc.pact_score(actor=actor, pact=pact, target=target, party=party, scorer=scorer, value=value, reason=form["reason"])
    except UserError as exc:
        return _pact_refused(request, pact, exc, "score", form)
    messages.success(request, f"Đã ghi điểm {value} cho {party.label} (chỉ tiêu «{target.title}»).")
    return redirect("pacts-pact", pact.pk)


def _pick(query, raw: str, *, field: str, label: str):
    try:
        return query.get(pk=int((raw or "").strip()))
    except (ValueError, query.model.DoesNotExist):
        raise UserError(f"Hãy chọn {label} trong danh sách.", field=field) from None


def _party(pact: Pact, raw: str, *, field: str, label: str) -> PactParty:
    return _pick(PactParty.objects.filter(pact=pact).select_related("organisation", "person"), raw, field=field, label=label)


@require_POST
@page
def pact_document(request, pk: int):
    actor = request.user
    pact = sel.pact_get(actor=actor, pk=pk)
    svc.require_pact_manager(actor, pact)
    upload = request.FILES.get("file")
    try:
        if upload is None:
            raise UserError("Hãy chọn tệp văn bản đã ký (PDF hoặc ảnh) để tải lên.", field="file")
        if upload.size > svc.MAX_DOCUMENT_BYTES:
            raise UserError(f"Tệp «{upload.name}» quá giới hạn {svc.MAX_DOCUMENT_BYTES // 1024 // 1024} MB: hãy quét lại "
                            "với độ phân giải thấp hơn.", field="file")
        doc = svc.pact_document_attach(actor=actor, pact=pact, upload=svc.Upload(upload.name, upload.read()),
                                       reason=form_text(request, "reason"))
    except UserError as exc:
        return _pact_refused(request, pact, exc, "document", {})
    messages.success(request, f"Đã đính kèm «{doc.name}».")
    return redirect("pacts-pact", pact.pk)


@require_GET
@page
def document_download(request, pk: int):
    doc = sel.pact_document_get(actor=request.user, pk=pk)
    response = HttpResponse(bytes(doc.data), content_type=doc.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{_quote(doc.name)}"
    return response


def _quote(name: str) -> str:
    from urllib.parse import quote

    return quote(name, safe="")

