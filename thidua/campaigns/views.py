"""Pages of movements (phong trào thi đua): the list by year, launching, one movement with its
peak campaigns, targeted units and their responses, models and contests, a contest with its
entries, judges, scores and ranking, attached files and the response table as a spreadsheet.

Thin: reads through thidua.campaigns.selectors, writes through thidua.campaigns.services (which
check permissions, audit and run in one transaction). A form a service refuses is shown again on
its page with the service's Vietnamese sentence (status 400); nothing is written.
"""
from __future__ import annotations


from django.contrib import messages
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import content_disposition_header
from django.utils.timezone import localdate
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from thidua.campaigns import selectors as sel
from thidua.campaigns import services
from thidua.campaigns.files import ACCEPT
from thidua.campaigns.models import TargetMode
from thidua.core.dates import format_date
from thidua.core.db import prefix_q
from thidua.core.errors import Forbidden, NotFound, UserError
from thidua.core.permissions import Action, path_in_scope, require, scope_paths
from thidua.core.scales import YEAR_MAX, YEAR_MIN
from thidua.core.text import search_key
from thidua.core.views import form_date, form_text, page, refused_message
from thidua.organisations.models import Organisation, OrgKind
from thidua.organisations.selectors import active_on_q, org_ancestors, org_get, org_visible

TEXT_MAX = 20000


# --- Small helpers --------------------------------------------------------------------------------------


def _year_param(request) -> int | None:
    raw = (request.GET.get("nam") or "").strip()
    if not raw:
        return None
    try:
        year = int(raw)
    except ValueError:
        year = None
    if year is None or not YEAR_MIN <= year <= YEAR_MAX:
        raise UserError(f"Năm «{raw[:20]}» không hợp lệ: hãy chọn một năm từ {YEAR_MIN} đến {YEAR_MAX}.", field="nam")
    return year


def _unit(actor, code: str, field: str) -> Organisation:
    code = (code or "").strip()
    if not code:
        raise UserError("Hãy chọn đơn vị.", field=field)
    try:
        return org_get(actor=actor, code=code)
    except NotFound:
        raise UserError(f"Không tìm thấy đơn vị có mã «{code[:32]}» trong phạm vi của bạn.", field=field) from None


def _person_by_name(actor, name: str, under: Organisation, field: str):
    """The one person of `under`'s subtree with this full name (accents and case ignored)."""
    from thidua.people.selectors import person_search

    key = search_key(name)
    matches = [p for p in person_search(actor=actor, query=name, under=under, limit=20) if p.search_full == key]
    if not matches:
        raise UserError(f"Không tìm thấy người tên «{name[:80]}» trong {under.name}: hãy nhập đúng họ và tên.", field=field)
    if len(matches) > 1:
        births = ", ".join(format_date(p.date_of_birth) or "không rõ ngày sinh" for p in matches)
        raise UserError(f"Có {len(matches)} người tên «{name[:80]}» trong {under.name} (sinh {births}): "
                        "hãy nhờ cán bộ công đoàn của đơn vị phân biệt trước khi chọn.", field=field)
    return matches[0]


def _people_by_names(actor, text: str, under: Organisation, field: str) -> list:
    return [_person_by_name(actor, line.strip(), under, field) for line in (text or "").splitlines() if line.strip()]


def _launchable(actor) -> list[Organisation]:
    """Units where the actor may launch a movement, today, in tree order."""
    return list(
        org_visible(actor=actor, action=Action.MANAGE_COMMENDATIONS).filter(active_on_q(localdate()))
        .exclude(kind=OrgKind.PARTNER).exclude(kind=OrgKind.UNION_GROUP).order_by("path")[:500]
    )


# --- The list ----------------------------------------------------------------------------------------------


@require_GET
@page
def index(request):
    actor = request.user
    year = _year_param(request)
    movements = list(sel.movement_list(actor=actor, year=year)[:200])
    return render(request, "campaigns/index.html", {
        "movements": movements,
        "year": year,
        "years": sel.movement_years(actor=actor),
        "can_launch": bool(scope_paths(actor, Action.MANAGE_COMMENDATIONS) is None or scope_paths(actor, Action.MANAGE_COMMENDATIONS)),
        "today": localdate(),
    })


# --- Launching ----------------------------------------------------------------------------------------------


@require_GET
@page
def launch_choose(request):
    """Where "Phát động phong trào" leads: the form of the chosen unit (or of the only one)."""
    actor = request.user
    roots = scope_paths(actor, Action.MANAGE_COMMENDATIONS)
    if roots == []:
        raise Forbidden("Bạn không có quyền phát động phong trào ở đơn vị nào.")
    code = (request.GET.get("don_vi") or "").strip()
    if code:
        return redirect("campaigns-launch", org_get(actor=actor, code=code).code)
    units = _launchable(actor)
    if not units:
        raise Forbidden("Bạn không có quyền phát động phong trào ở đơn vị nào đang hoạt động.")
    return redirect("campaigns-launch", units[0].code)


def _launch_form(request) -> dict:
    return {
        "name": form_text(request, "name", 300), "theme": form_text(request, "theme", TEXT_MAX), "start": form_text(request, "start", 20),
        "end": form_text(request, "end", 20), "launched_on": form_text(request, "launched_on", 20),
        "target_mode": form_text(request, "target_mode", 20) or TargetMode.SUBTREE,
        "targets": request.POST.getlist("targets"), "partners": request.POST.getlist("partners"),
        "co_issuers": form_text(request, "co_issuers", 500), "criteria": form_text(request, "criteria", TEXT_MAX), "reason": form_text(request, "reason", 2000),
    }


@require_http_methods(["GET", "POST"])
@page
def launch(request, code: str):
    return _movement_page(request, org_get(actor=request.user, code=code), None)


@require_http_methods(["GET", "POST"])
@page
def edit(request, pk: int):
    movement = sel.movement_get(actor=request.user, pk=pk)
    return _movement_page(request, movement.organisation, movement)


def _movement_page(request, org: Organisation, movement) -> HttpResponse:
    """Launching a movement (`movement` None) or correcting one: the same form, filled from the movement."""
    actor = request.user
    require(actor, Action.MANAGE_COMMENDATIONS, org)
    today = localdate()
    if movement is None:
        form = {"name": "", "theme": "", "start": "", "end": "", "launched_on": format_date(today), "target_mode": TargetMode.SUBTREE,
                "targets": [], "partners": [], "co_issuers": "", "criteria": "", "reason": ""}
    else:
        form = {"name": movement.name, "theme": movement.theme, "start": format_date(movement.start), "end": format_date(movement.end),
                "launched_on": format_date(movement.launched_on), "target_mode": movement.target_mode,
                "targets": [u.code for u in movement.targets.all()], "partners": [p.code for p in movement.partners.all()],
                "co_issuers": movement.co_issuers, "criteria": "\n".join(movement.criteria or []), "reason": ""}
    error = error_field = ""
    status = 200
    units = list(org_visible(actor=actor).filter(prefix_q("path", org.path)).exclude(pk=org.pk).exclude(kind=OrgKind.PARTNER)
                 .filter(active_on_q(today)).order_by("path"))
    partners = list(org_visible(actor=actor).filter(kind=OrgKind.PARTNER).order_by("name"))
    if request.method == "POST":
        form = _launch_form(request)
        try:
            by_code = {u.code: u for u in units}
            targets = []
            if form["target_mode"] == TargetMode.CHOSEN:
                for target in form["targets"]:
                    unit = by_code.get(target) or _unit(actor, target, "targets")
                    targets.append(unit)
            partner_by_code = {p.code: p for p in partners}
            chosen_partners = [partner_by_code.get(c) or _unit(actor, c, "partners") for c in form["partners"]]
            fields = dict(
                name=form["name"], theme=form["theme"], start=form_date(form["start"], label="ngày bắt đầu", field="start"),
                end=form_date(form["end"], label="ngày kết thúc", field="end"), target_mode=form["target_mode"], targets=targets,
                partners=chosen_partners, co_issuers=form["co_issuers"], criteria=form["criteria"].splitlines(), reason=form["reason"],
            )
            if movement is None:
                movement = services.movement_launch(
                    actor=actor, organisation=org, documents=request.FILES.getlist("documents"),
                    launched_on=form_date(form["launched_on"], label="ngày phát động", field="launched_on", required=False) or today,
                    **fields,
                )
                messages.success(request, f"Đã phát động phong trào «{movement.name}».")
            else:
                services.movement_update(actor=actor, movement=movement, **fields)
                messages.success(request, f"Đã lưu các thay đổi của phong trào «{movement.name}».")
        except UserError as exc:
            error, error_field, status = refused_message(exc), exc.field or "", 400
        else:
            return redirect("campaigns-detail", movement.pk)
    return render(request, "campaigns/launch.html", {
        "org": org,
        "movement": movement,
        "form": form,
        "error": error,
        "error_field": error_field,
        "units": [(u, "\u2003" * (u.depth - org.depth - 1)) for u in units],
        "partners": partners,
        "launchable": _launchable(actor) if movement is None else [],
        "accept": ACCEPT,
        "modes": TargetMode.choices,
    }, status=status)


# --- One movement --------------------------------------------------------------------------------------------


def _detail_context(request, movement, *, errors: dict | None = None, forms: dict | None = None) -> dict:
    actor = request.user
    rows = sel.response_table(actor=actor, movement=movement)
    can_manage = sel.can_manage_movement(actor, movement)
    return {
        "movement": movement,
        "launcher_link": path_in_scope(actor, movement.organisation.path),
        "partners": list(movement.partners.all()),
        "documents": list(sel.documents_of(movement=movement)),
        "campaigns": list(sel.campaigns_of(movement=movement)),
        "rows": rows,
        "responded": sum(1 for r in rows if r.responded),
        "models": list(sel.models_of(movement=movement)),
        "contests": list(sel.contests_of(movement=movement)),
        "can_manage": can_manage,
        "respondable": sel.respondable_units(actor=actor, movement=movement),
        "managed_responses": sel.managed_responses(actor=actor, movement=movement),
        "managed_targets": sel.managed_targets(actor=actor, movement=movement),
        "targets": list(movement.targets.all()) if movement.target_mode == TargetMode.CHOSEN else [],
        "errors": errors or {},
        "forms": forms or {},
        "accept": ACCEPT,
        "today": localdate(),
    }


@require_GET
@page
def detail(request, pk: int):
    movement = sel.movement_get(actor=request.user, pk=pk)
    return render(request, "campaigns/detail.html", _detail_context(request, movement))


def _movement_form(request, pk: int, form_name: str, act, success: str, anchor: str):
    """Run one form of the movement page: `act(movement)` writes; refused, the page comes back with the message."""
    movement = sel.movement_get(actor=request.user, pk=pk)
    try:
        act(movement)
    except UserError as exc:
        message = refused_message(exc)
        form = {key: request.POST.get(key, "") for key in request.POST if key != "csrfmiddlewaretoken"}
        context = _detail_context(request, movement, errors={form_name: message}, forms={form_name: form})
        return render(request, "campaigns/detail.html", context, status=400)
    messages.success(request, success)
    return redirect(reverse("campaigns-detail", args=[movement.pk]) + f"#{anchor}")


@require_POST
@page
def campaign_add(request, pk: int):
    def act(movement):
        services.campaign_add(
            actor=request.user, movement=movement, name=form_text(request, "name", 300), description=form_text(request, "description", TEXT_MAX),
            start=form_date(form_text(request, "start", 20), label="ngày bắt đầu của đợt", field="start"),
            end=form_date(form_text(request, "end", 20), label="ngày kết thúc của đợt", field="end"),
        )
    return _movement_form(request, pk, "campaign", act, "Đã thêm đợt thi đua cao điểm.", "dot-cao-diem")


@require_POST
@page
def respond(request, pk: int):
    def act(movement):
        unit = _unit(request.user, form_text(request, "don_vi", 32), "organisation")
        services.response_submit(actor=request.user, movement=movement, organisation=unit, plan=form_text(request, "plan", TEXT_MAX),
                                 plan_file=request.FILES.get("plan_file"), on=localdate())
    return _movement_form(request, pk, "respond", act, "Đã ghi nhận hưởng ứng của đơn vị.", "huong-ung")


@require_POST
@page
def result_add(request, pk: int):
    response = sel.response_get(actor=request.user, pk=pk)

    def act(movement):
        campaign_id = form_text(request, "campaign", 20).strip()
        campaign = movement.campaigns.filter(pk=campaign_id).first() if campaign_id.isdigit() else None
        services.result_report(actor=request.user, response=response, period=form_text(request, "period", 100), text=form_text(request, "text", TEXT_MAX),
                               figures=services.parse_figures(form_text(request, "figures", TEXT_MAX)), campaign=campaign, on=localdate())
    return _movement_form(request, response.movement_id, "result", act, "Đã ghi kết quả thực hiện.", "huong-ung")


@require_POST
@page
def model_add(request, pk: int):
    def act(movement):
        unit = _unit(request.user, form_text(request, "don_vi", 32), "organisation")
        people = _people_by_names(request.user, form_text(request, "people", 5000), unit, "people")
        services.model_register(actor=request.user, movement=movement, organisation=unit, name=form_text(request, "name", 300),
                                description=form_text(request, "description", 5000), people=people, on=localdate())
    return _movement_form(request, pk, "model", act, "Đã đăng ký mô hình.", "mo-hinh")


@require_POST
@page
def model_recognise(request, pk: int):
    from thidua.campaigns.models import MovementModel

    try:
        model = MovementModel.objects.select_related("movement__organisation", "organisation").get(pk=pk)
    except MovementModel.DoesNotExist:
        raise NotFound() from None
    sel.movement_get(actor=request.user, pk=model.movement_id)

    def act(movement):
        services.model_recognise(actor=request.user, model=model, recognition=form_text(request, "recognition", 500), on=localdate())
    return _movement_form(request, model.movement_id, "recognise", act, "Đã ghi nhận công nhận mô hình.", "mo-hinh")


@require_POST
@page
def contest_add(request, pk: int):
    def act(movement):
        judges = _people_by_names(request.user, form_text(request, "judges", 5000), movement.organisation, "judges")
        contest = services.contest_add(actor=request.user, movement=movement, name=form_text(request, "name", 300),
                                       description=form_text(request, "description", TEXT_MAX), score_min=form_text(request, "score_min", 20),
                                       score_max=form_text(request, "score_max", 20), judges=judges)
        request._campaigns_contest = contest
    response = _movement_form(request, pk, "contest", act, "Đã thêm hội thi.", "hoi-thi")
    contest = getattr(request, "_campaigns_contest", None)
    return redirect("campaigns-contest", contest.pk) if contest is not None else response


@require_POST
@page
def document_add(request, pk: int):
    def act(movement):
        services.movement_document_add(actor=request.user, movement=movement, upload=request.FILES.get("documents"),
                                       title=form_text(request, "title", 255))
    return _movement_form(request, pk, "document", act, "Đã đính kèm tài liệu.", "tai-lieu")


@require_GET
@page
def document_download(request, pk: int):
    document = sel.document_get(actor=request.user, pk=pk)
    return _attachment(bytes(document.data), name=document.name, content_type=document.content_type)


@require_GET
@page
def plan_download(request, pk: int):
    plan = sel.plan_file_get(actor=request.user, response_pk=pk)
    return _attachment(bytes(plan.data), name=plan.name, content_type=plan.content_type)


def _attachment(data: bytes, *, name: str, content_type: str) -> HttpResponse:
    """A file kept in the database, offered for download under its name."""
    response = HttpResponse(data, content_type=content_type)
    response["Content-Disposition"] = content_disposition_header(as_attachment=True, filename=name)
    return response


@require_GET
@page
def export_responses(request, pk: int):
    from thidua.campaigns.export import response_table_export
    from thidua.imports.views import _xlsx_response

    movement = sel.movement_get(actor=request.user, pk=pk)
    return _xlsx_response(lambda out: response_table_export(actor=request.user, movement=movement, out=out),
                          f"huong-ung-phong-trao-{movement.pk}.xlsx")


# --- A contest --------------------------------------------------------------------------------------------------


def _contest_context(request, contest, *, error: str = "", error_form: str = "", form: dict | None = None) -> dict:
    actor = request.user
    movement = contest.movement
    return {
        "contest": contest,
        "movement": movement,
        "judges": list(contest.judges.order_by("sort_key", "id")),
        "results": sel.contest_results(contest=contest),
        "can_manage": sel.can_manage_movement(actor, movement),
        "managed_targets": sel.managed_targets(actor=actor, movement=movement),
        "error": error,
        "error_form": error_form,
        "form": form or {},
    }


@require_GET
@page
def contest_detail(request, pk: int):
    contest = sel.contest_get(actor=request.user, pk=pk)
    return render(request, "campaigns/contest.html", _contest_context(request, contest))


def _contest_form(request, pk: int, form_name: str, act, success: str):
    contest = sel.contest_get(actor=request.user, pk=pk)
    try:
        act(contest)
    except UserError as exc:
        message = refused_message(exc)
        form = {key: request.POST.get(key, "") for key in request.POST if key != "csrfmiddlewaretoken"}
        context = _contest_context(request, contest, error=message, error_form=form_name, form=form)
        return render(request, "campaigns/contest.html", context, status=400)
    messages.success(request, success)
    return redirect("campaigns-contest", contest.pk)


@require_POST
@page
def entry_add(request, pk: int):
    def act(contest):
        unit = _unit(request.user, form_text(request, "don_vi", 32), "organisation")
        author = form_text(request, "person", 200).strip()
        person = _person_by_name(request.user, author, unit, "person") if author else None
        services.contest_entry_add(actor=request.user, contest=contest, organisation=unit, title=form_text(request, "title", 300),
                                   person=person, on=localdate())
    return _contest_form(request, pk, "entry", act, "Đã ghi nhận bài dự thi.")


@require_POST
@page
def judge_add(request, pk: int):
    def act(contest):
        person = _person_by_name(request.user, form_text(request, "judge", 200).strip(), contest.movement.organisation, "judge") \
            if form_text(request, "judge", 200).strip() else None
        if person is None:
            raise UserError("Hãy nhập họ và tên giám khảo.", field="judge")
        services.contest_judge_add(actor=request.user, contest=contest, person=person)
    return _contest_form(request, pk, "judge", act, "Đã thêm giám khảo.")


@require_POST
@page
def score_add(request, pk: int):
    def act(contest):
        entry_id = form_text(request, "entry", 20).strip()
        judge_id = form_text(request, "judge", 20).strip()
        entry = contest.entries.filter(pk=entry_id).first() if entry_id.isdigit() else None
        if entry is None:
            raise UserError("Hãy chọn bài dự thi cần chấm.", field="entry")
        judge = contest.judges.filter(pk=judge_id).first() if judge_id.isdigit() else None
        if judge is None:
            raise UserError("Hãy chọn một giám khảo của hội thi.", field="judge")
        services.contest_score(actor=request.user, entry=entry, judge=judge, score=form_text(request, "score", 20),
                               note=form_text(request, "note", 500))
    return _contest_form(request, pk, "score", act, "Đã ghi điểm.")
