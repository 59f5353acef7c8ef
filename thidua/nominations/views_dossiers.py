"""Pages of commendation rounds and dossiers: the index, opening a round, a round's dossiers, a dossier with its
proposals, pre-check reasons, quota check, attachments, steps and public comments, the buttons of the route
(submit, accept, return, forward), the printable processing slip, the submission letter (tờ trình, .docx),
and the public comment page of a high-level dossier.

Thin: reads through thidua.nominations.selectors, writes through thidua.nominations.services. A form
the service refuses is shown again with its Vietnamese sentence (status 400); nothing is written.
The public page needs no sign-in, so it does not use `page`; it is a CSRF-protected form.
"""
from __future__ import annotations

from datetime import date
from urllib.parse import quote

from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.timezone import localdate
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.core.dates import format_date
from thidua.core.errors import NotFound, UserError
from thidua.core.permissions import Action, path_in_scope, require
from thidua.core.views import PageNotFound, form_date, form_text, page, refused_message
from thidua.nominations import selectors, services
from thidua.nominations.councils import meetings_awaiting_vote
from thidua.nominations.models import Dossier, Proposal, Round
from thidua.nominations.routing import award_entry, is_high_level, next_holder
from thidua.organisations.models import Organisation, OrgKind
from thidua.organisations.selectors import org_ancestors, org_get, org_grants_of
from thidua.people.selectors import person_get, person_search
from thidua.rules import catalogue

DOCX = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
DEADLINE_KINDS = [OrgKind.PROVINCIAL_SECTOR_UNION, OrgKind.PROVINCIAL_FEDERATION, OrgKind.NATIONAL_SECTOR_UNION,
                  OrgKind.GRASSROOTS_PUBLIC, OrgKind.GRASSROOTS_BUSINESS, OrgKind.PARTNER]


def _int(raw: str, *, label: str, field: str) -> int | None:
    text = (raw or "").strip()
    if not text:
        return None
    try:
        return int(text)
    except ValueError:
        raise UserError(f"{label} «{text[:20]}» không hợp lệ: hãy nhập một số nguyên.", field=field) from None


def award_choices(on: date) -> list[tuple[str, str]]:
    return [(code, award.name) for code, award in catalogue().items() if award.in_force_on(on)]


# --- Index and rounds ---------------------------------------------------------------------------


@page
def index(request):
    actor = request.user
    managed = [g.organisation for g in org_grants_of(actor=actor)
               if path_in_scope(actor, g.organisation.path, Action.MANAGE_COMMENDATIONS)]
    return render(request, "nominations/index.html", {
        "rounds": selectors.round_list(actor=actor)[:100], "to_handle": selectors.dossiers_to_handle(actor=actor),
        "managed": list({o.pk: o for o in managed}.values()),
        "awaiting_vote": meetings_awaiting_vote(actor=actor),
    })


@require_http_methods(["GET", "POST"])
@page
def round_open_view(request, code: str):
    actor = request.user
    org = org_get(actor=actor, code=code)
    require(actor, Action.MANAGE_COMMENDATIONS, org)
    today = localdate()
    form = {"kind": "yearly", "title": "", "year": str(today.year - 1), "stage_from": "", "stage_to": "", "theme": "", "note": "",
            **{f"han_{k}": "" for k in DEADLINE_KINDS}}
    error = error_field = ""
    status = 200
    if request.method == "POST":
        form = {name: form_text(request, name).strip() for name in form}
        try:
            year = _int(form["year"], label="Năm", field="year")
            if year is None:
                raise UserError("Hãy nhập năm của đợt khen thưởng.", field="year")
            deadlines = {}
            for kind in DEADLINE_KINDS:
                due = form_date(form[f"han_{kind}"], label=f"hạn nộp của {OrgKind(kind).label.lower()}", field="deadlines",
                                required=False)
                if due is not None:
                    deadlines[str(kind)] = due
            round_ = services.round_open(
                actor=actor, organisation=org, kind=form["kind"], title=form["title"], year=year, on=today, deadlines=deadlines,
                stage_from=_int(form["stage_from"], label="Năm bắt đầu giai đoạn", field="stage_from"),
                stage_to=_int(form["stage_to"], label="Năm kết thúc giai đoạn", field="stage_to"), theme=form["theme"],
                note=form["note"],
            )
        except UserError as exc:
            error, error_field, status = refused_message(exc), exc.field or "", 400
        else:
            messages.success(request, f"Đã mở đợt «{round_.title}».")
            return redirect("nominations-round", round_.pk)
    return render(request, "nominations/round_open.html", {
        "org": org, "ancestors": org_ancestors(actor=actor, org=org), "form": form, "error": error, "error_field": error_field,
        "kinds": Round.Kind.choices, "deadline_kinds": [(str(k), OrgKind(k).label, form[f"han_{k}"]) for k in DEADLINE_KINDS],
    }, status=status)


def _round_context(request, round_: Round, **extra) -> dict:
    actor = request.user
    return {"round": round_, "dossiers": selectors.dossiers_of_round(actor=actor, round=round_),
            "units": selectors.units_of_round(actor=actor, round=round_), "awards": award_choices(round_.opened_on),
            "deadlines": list(round_.deadlines.all()), "error": "", "form": {"proposer": "", "award": "", "title": ""}, **extra}


@page
def round_detail(request, pk: int):
    round_ = selectors.round_get(actor=request.user, pk=pk)
    return render(request, "nominations/round_detail.html", _round_context(request, round_))


@require_POST
@page
def dossier_create_view(request, pk: int):
    actor = request.user
    round_ = selectors.round_get(actor=actor, pk=pk)
    form = {name: form_text(request, name).strip() for name in ("proposer", "award", "title")}
    proposer = org_get(actor=actor, code=form["proposer"]) if form["proposer"] else None
    try:
        if proposer is None:
            raise UserError("Hãy chọn đơn vị đề nghị.", field="proposer")
        dossier = services.dossier_create(actor=actor, round=round_, proposer=proposer, award=form["award"], on=localdate(),
                                          title=form["title"])
    except UserError as exc:
        return render(request, "nominations/round_detail.html", _round_context(request, round_, error=refused_message(exc), form=form),
                      status=400)
    messages.success(request, f"Đã lập hồ sơ «{dossier.title}».")
    return redirect("nominations-dossier", dossier.pk)


# --- A dossier ----------------------------------------------------------------------------------


def _dossier_context(request, dossier: Dossier, **extra) -> dict:
    actor = request.user
    entry = award_entry(dossier.award)
    report = services.dossier_quota_check(dossier)
    proposals = selectors.proposals_of(dossier)
    can_edit = dossier.status in services.EDITABLE and path_in_scope(actor, dossier.proposer.path, Action.MANAGE_COMMENDATIONS)
    can_handle = (dossier.holder_id != dossier.proposer_id or dossier.status == Dossier.Status.ACCEPTED) and path_in_scope(
        actor, dossier.holder.path, Action.MANAGE_COMMENDATIONS)
    handling = dossier.status in (Dossier.Status.SUBMITTED, Dossier.Status.ACCEPTED)
    upward = next_holder(dossier.award, dossier.holder, localdate()) if handling else None
    return {
        "dossier": dossier, "award": entry, "proposals": proposals, "quota": report,
        "over_quota": services.quota_problems(report), "steps": selectors.steps_of(dossier),
        "comments": selectors.comments_of(actor=actor, dossier=dossier) if dossier.public_token else [],
        "can_edit": can_edit, "can_submit": can_edit and any(p.status != Proposal.Status.WITHDRAWN for p in proposals),
        "can_accept": can_handle and dossier.status == Dossier.Status.SUBMITTED,
        "can_return": can_handle and handling and dossier.holder_id != dossier.proposer_id,
        "can_forward": can_handle and handling and upward is not None, "upward": upward,
        # The holder may confer the award: its council's passed proposals go into a draft decision.
        "can_decide": can_handle and handling and dossier.holder.kind in entry.conferred_by
        and any(p.status == Proposal.Status.PASSED for p in proposals),
        "can_convene": can_handle and handling,
        "no_authority": not entry.conferred_by, "high_level": is_high_level(dossier.award),
        "forwarded_as": list(dossier.forwarded_as.select_related("holder")),
        "error": "", "reason": "", **extra,
    }


@page
def dossier_detail(request, pk: int):
    dossier = selectors.dossier_get(actor=request.user, pk=pk)
    return render(request, "nominations/dossier_detail.html", _dossier_context(request, dossier))


def _refused(request, dossier: Dossier, exc: UserError, reason: str = ""):
    message = refused_message(exc)
    dossier = selectors.dossier_get(actor=request.user, pk=dossier.pk)
    return render(request, "nominations/dossier_detail.html", _dossier_context(request, dossier, error=message, reason=reason),
                  status=400)


TRANSITIONS = {
    "submit": (services.dossier_submit, "Đã trình hồ sơ."),
    "accept": (services.dossier_accept, "Đã tiếp nhận hồ sơ."),
    "return": (services.dossier_return, "Đã trả lại hồ sơ cho đơn vị đề nghị."),
    "forward": (services.dossier_forward, "Đã trình tiếp các đề nghị được thông qua lên cấp trên."),
}


def _transition(request, pk: int, name: str):
    actor = request.user
    dossier = selectors.dossier_get(actor=actor, pk=pk)
    reason = form_text(request, "ly_do").strip()
    function, done = TRANSITIONS[name]
    try:
        result = function(actor=actor, dossier=dossier, on=localdate(), reason=reason)
    except UserError as exc:
        return _refused(request, dossier, exc, reason)
    messages.success(request, done)
    return redirect("nominations-dossier", result.pk)


@require_POST
@page
def dossier_submit_view(request, pk: int):
    return _transition(request, pk, "submit")


@require_POST
@page
def dossier_accept_view(request, pk: int):
    return _transition(request, pk, "accept")


@require_POST
@page
def dossier_return_view(request, pk: int):
    return _transition(request, pk, "return")


@require_POST
@page
def dossier_forward_view(request, pk: int):
    return _transition(request, pk, "forward")


# --- Proposals ----------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@page
def proposal_add_view(request, pk: int):
    """Pick a person by search (within the proposing unit) or a collective, then the year and the achievement."""
    actor = request.user
    dossier = selectors.dossier_get(actor=actor, pk=pk)
    require(actor, Action.MANAGE_COMMENDATIONS, dossier.proposer)
    entry = award_entry(dossier.award)
    query = (request.GET.get("q") or "").strip()[:100]
    form = {"nguoi": request.GET.get("nguoi", ""), "tap_the": "", "nam": str(dossier.round.year), "thanh_tich": "", "tien": "0",
            "ly_do": ""}
    error = error_field = ""
    status = 200
    if request.method == "POST":
        form = {name: form_text(request, name, 4000).strip() for name in form}
        try:
            person = organisation = None
            if form["nguoi"]:
                person_id = _int(form["nguoi"], label="Người được đề nghị", field="person")
                person = person_get(actor=actor, pk=person_id)
            elif form["tap_the"]:
                organisation = org_get(actor=actor, code=form["tap_the"])
            year = _int(form["nam"], label="Năm thành tích", field="year")
            amount = _int(form["tien"].replace(".", "").replace(" ", ""), label="Tiền thưởng", field="amount") or 0
            services.proposal_add(actor=actor, dossier=dossier, person=person, organisation=organisation, year=year,
                                  achievement=form["thanh_tich"], amount=amount, override_reason=form["ly_do"], on=localdate())
        except UserError as exc:
            error, error_field, status = refused_message(exc), exc.field or "", 400
        else:
            messages.success(request, "Đã thêm đề nghị vào hồ sơ.")
            return redirect("nominations-dossier", dossier.pk)
    people = person_search(actor=actor, query=query, under=dossier.proposer, limit=30) if query else []
    chosen = None
    if form["nguoi"]:
        try:
            chosen = person_get(actor=actor, pk=int(form["nguoi"]))
        except (NotFound, ValueError):
            chosen = None
    collectives = []
    if entry.subject in ("collective", "both"):
        from thidua.core.db import prefix_q

        collectives = list(Organisation.objects.filter(prefix_q("path", dossier.proposer.path)).order_by("path")[:200])
    return render(request, "nominations/proposal_add.html", {
        "dossier": dossier, "award": entry, "query": query, "people": people, "chosen": chosen, "collectives": collectives,
        "individual": entry.subject in ("individual", "both"), "form": form, "error": error, "error_field": error_field,
    }, status=status)


@require_POST
@page
def proposal_remove_view(request, pk: int):
    actor = request.user
    proposal = selectors.proposal_get(actor=actor, pk=pk)
    try:
        services.proposal_remove(actor=actor, proposal=proposal, reason=form_text(request, "ly_do"))
    except UserError as exc:
        return _refused(request, proposal.dossier, exc)
    messages.success(request, "Đã rút đề nghị khỏi hồ sơ.")
    return redirect("nominations-dossier", proposal.dossier_id)


# --- Attachments --------------------------------------------------------------------------------

FILE_KINDS = {"bao-cao": "report", "bien-ban": "minutes"}


@require_POST
@page
def dossier_attach_view(request, pk: int):
    actor = request.user
    dossier = selectors.dossier_get(actor=actor, pk=pk)
    kind = form_text(request, "loai").strip()
    try:
        services.dossier_attach(actor=actor, dossier=dossier, kind=FILE_KINDS.get(kind, kind), uploaded_file=request.FILES.get("tep"))
    except UserError as exc:
        return _refused(request, dossier, exc)
    messages.success(request, "Đã đính kèm tệp.")
    return redirect("nominations-dossier", dossier.pk)


@require_GET
@page
def dossier_file(request, pk: int, kind: str):
    dossier = selectors.dossier_get(actor=request.user, pk=pk)
    if kind not in FILE_KINDS:
        raise NotFound("Không có loại tệp này.")
    attribute, _ = services.ATTACHMENTS[FILE_KINDS[kind]]
    content, name = getattr(dossier, attribute), getattr(dossier, f"{attribute}_name")
    if not content:
        raise NotFound("Hồ sơ chưa có tệp này.")
    from thidua.core import files

    found = next((k for k in services.ATTACHMENT_KINDS if name.lower().endswith(k.suffixes)), files.PDF)
    response = HttpResponse(bytes(content), content_type=found.content_type)
    response["Content-Disposition"] = f"attachment; filename*=UTF-8''{quote(name, safe='')}"
    response["X-Content-Type-Options"] = "nosniff"
    return response


# --- The processing slip and the submission letter --------------------------------------------------


@require_GET
@page
def dossier_slip(request, pk: int):
    dossier = selectors.dossier_get(actor=request.user, pk=pk)
    return render(request, "nominations/dossier_slip.html", {
        "dossier": dossier, "award": award_entry(dossier.award), "steps": selectors.steps_of(dossier),
        "proposals": selectors.proposals_of(dossier, include_withdrawn=False), "today": localdate(),
    })


def letterhead_of(org: Organisation):
    from thidua.documents.data import Letterhead

    from thidua.decisions.models import DocumentSettings

    settings_ = DocumentSettings.objects.filter(organisation=org).first()
    if settings_ is not None:
        return Letterhead(parent_body=settings_.parent_body, issuer=settings_.issuer, symbol=settings_.symbol,
                          place=settings_.place, signer_authority=settings_.signer_authority,
                          signer_title=settings_.signer_title, signer_name=settings_.signer_name)
    parent = org.parent
    return Letterhead(parent_body=parent.name.upper() if parent else "", issuer=org.name.upper(), symbol=org.code,
                      place="", signer_authority="TM. BAN CHẤP HÀNH", signer_title="CHỦ TỊCH", signer_name="")


def recipients_of(proposals: list[Proposal], on: date):
    from thidua.documents.data import Recipient
    from thidua.people.models import Employment

    out = []
    for i, p in enumerate(proposals, start=1):
        name = award_entry(p.award).name
        if p.person_id:
            job = Employment.objects.filter(person=p.person, start__lte=on).select_related("organisation").order_by("-start").first()
            where = ", ".join(x for x in (job.position, job.organisation.name) if x) if job else ""
            out.append(Recipient(index=i, name=p.person.full_name, kind="individual", gender=p.person.gender or "",
                                 position_unit=where, award_name=name, amount=p.amount))
        else:
            parent = p.organisation.parent
            out.append(Recipient(index=i, name=p.organisation.name, kind="collective", gender="",
                                 position_unit=parent.name if parent else "", award_name=name, amount=p.amount))
    return out


@require_GET
@page
def submission_docx_view(request, pk: int):
    from thidua.documents.data import SubmissionDoc
    from thidua.documents.word import submission_docx

    dossier = selectors.dossier_get(actor=request.user, pk=pk)
    entry = award_entry(dossier.award)
    on = dossier.submitted_on or localdate()
    to = dossier.holder if dossier.holder_id != dossier.proposer_id else (dossier.proposer.parent or dossier.proposer)
    proposals = sorted(selectors.proposals_of(dossier, include_withdrawn=False), key=lambda p: (p.person_id is None, p.id))
    doc = SubmissionDoc(
        letterhead=letterhead_of(dossier.proposer), number=None, date=on, subject=f"Về việc đề nghị tặng {entry.name}",
        to=f"Ban Chấp hành {to.name}", grounds=[entry.citation.__str__()] if entry.citation else [],
        body=f"Thực hiện đợt «{dossier.round.title}» của {dossier.round.organisation.name}, {dossier.proposer.name} đã tổ chức "
             f"bình xét và đề nghị tặng {entry.name} cho các cá nhân, tập thể có thành tích.",
        recipients=recipients_of(proposals, on), receivers=["Như trên", "Lưu: VT"],
    )
    response = HttpResponse(submission_docx(doc), content_type=DOCX)
    response["Content-Disposition"] = f"attachment; filename=to-trinh-ho-so-{dossier.pk}.docx"
    return response


# --- The public comment page --------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
def public_dossier(request, token: str):
    """No sign-in: the proposals (name, unit, award only) of a dossier put to public comment, and a comment form."""
    try:
        dossier = selectors.dossier_by_token(token)
    except NotFound as exc:
        raise PageNotFound(exc.message) from None
    today = localdate()
    form = {"name": "", "contact": "", "text": ""}
    error = ""
    status = 200
    if request.method == "POST":
        form = {name: (request.POST.get(name) or "")[:5000] for name in form}
        try:
            services.public_comment_add(dossier=dossier, name=form["name"], contact=form["contact"], text=form["text"], on=today)
        except UserError as exc:
            error, status = exc.message, 400
        else:
            messages.success(request, "Cảm ơn bạn đã góp ý. Ý kiến đã được ghi nhận.")
            return redirect("nominations-public", token)
    rows = []
    for p in selectors.proposals_of(dossier, include_withdrawn=False):
        if p.person_id:
            job = p.person.employments.filter(start__lte=today).select_related("organisation").order_by("-start").first()
            rows.append((p.person.full_name, job.organisation.name if job else dossier.proposer.name, award_entry(p.award).name))
        else:
            rows.append((p.organisation.name, (p.organisation.parent.name if p.organisation.parent else ""), award_entry(p.award).name))
    return render(request, "nominations/public_dossier.html", {
        "dossier": dossier, "rows": rows, "award": award_entry(dossier.award), "open": today <= dossier.comment_until,
        "until": format_date(dossier.comment_until), "form": form, "error": error, "limits": services.COMMENT_LIMITS,
    }, status=status)
