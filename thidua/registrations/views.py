"""Pages of the start-of-year registration (đăng ký thi đua): rounds, the roster page where a unit
registers its people and collectives, a registration and its withdrawal, the export of a round.

Thin: reads through thidua.registrations.selectors, writes through thidua.registrations.services
(permissions, audit, one transaction). A form the service refuses is shown again with the
service's Vietnamese sentence (status 400); nothing is written. Dates are read and shown dd/mm/yyyy;
the registration date is today's.
"""
from __future__ import annotations

import tempfile
from pathlib import Path

from django.contrib import messages
from django.http import FileResponse
from django.shortcuts import redirect, render
from django.utils.timezone import localdate
from django.views.decorators.http import require_http_methods, require_POST

from thidua.core.dates import format_date
from thidua.core.errors import NotFound, UserError
from thidua.core.permissions import Action, path_in_scope, require
from thidua.core.views import form_date, form_text, page, refused_message
from thidua.organisations.models import Organisation
from thidua.organisations.selectors import org_ancestors, org_get, org_grants_of
from thidua.people.selectors import person_visible
from thidua.registrations import selectors
from thidua.registrations.services import registration_bulk_create, registration_withdraw, round_open
from thidua.rules import catalogue

TEXT_MAX = 2000
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def award_choices(*, subject: str, year: int) -> list[tuple[str, str]]:
    """(code, name) of the catalogue's awards for `subject` in force during `year`, in catalogue order."""
    from datetime import date

    first, last = date(year, 1, 1), date(year, 12, 31)
    return [
        (code, award.name) for code, award in catalogue().items()
        if award.subject in (subject, "both") and any(p.since <= last and (p.until is None or p.until >= first) for p in award.in_force)
    ]


# --- Rounds -------------------------------------------------------------------------------------


@page
def index(request):
    actor = request.user
    year = selectors.clean_year_param(request.GET.get("nam"))
    rounds = selectors.round_list(actor=actor, year=year)
    managed = [g.organisation for g in org_grants_of(actor=actor)
               if path_in_scope(actor, g.organisation.path, Action.MANAGE_COMMENDATIONS)]
    return render(request, "registrations/index.html", {
        "current": "registrations-index", "rounds": rounds, "year": year or "",
        "managed": list({o.pk: o for o in managed}.values()),
    })


@require_http_methods(["GET", "POST"])
@page
def round_open_view(request, code: str):
    actor = request.user
    org = org_get(actor=actor, code=code)
    require(actor, Action.MANAGE_COMMENDATIONS, org)
    today = localdate()
    form = {"year": str(today.year), "deadline": "", "title": "", "note": ""}
    error = error_field = ""
    status = 200
    if request.method == "POST":
        form = {name: form_text(request, name).strip() for name in form}
        try:
            try:
                year = int(form["year"])
            except ValueError:
                raise UserError(f"Năm thi đua «{form['year'][:20]}» không hợp lệ: hãy nhập một năm, ví dụ {today.year}.",
                                field="year") from None
            deadline = form_date(form["deadline"], label="hạn đăng ký", field="deadline")
            round_ = round_open(actor=actor, organisation=org, year=year, deadline=deadline, on=today,
                                title=form["title"], note=form["note"])
        except UserError as exc:
            error, error_field, status = refused_message(exc), exc.field or "", 400
        else:
            messages.success(request, f"Đã mở đợt «{round_.title}», hạn đăng ký {format_date(round_.deadline)}.")
            return redirect("registrations-round", round_.pk)
    return render(request, "registrations/round_open.html", {
        "org": org, "ancestors": org_ancestors(actor=actor, org=org), "form": form, "error": error,
        "error_field": error_field,
    }, status=status)


@page
def round_detail(request, pk: int):
    actor = request.user
    round_ = selectors.round_get(actor=actor, pk=pk)
    registrations = list(selectors.registration_list(actor=actor, round=round_))
    units = selectors.units_of_round(actor=actor, round=round_, action=Action.MANAGE_COMMENDATIONS)
    today = localdate()
    return render(request, "registrations/round_detail.html", {
        "round": round_, "registrations": registrations, "units": units,
        "active": sum(1 for r in registrations if r.active),
        "late": sum(1 for r in registrations if r.active and r.late),
        "past_deadline": today > round_.deadline, "today": today,
    })


# --- Registering from a unit's roster -------------------------------------------------------------


def _ids(values) -> list[int]:
    out = []
    for value in values:
        try:
            out.append(int(value))
        except (TypeError, ValueError):
            raise UserError(f"Lựa chọn «{str(value)[:20]}» không hợp lệ: hãy chọn trong danh sách.", field="person") from None
    return out


@require_http_methods(["GET", "POST"])
@page
def unit_register(request, pk: int, code: str):
    """A unit's roster for a round: tick people (or collectives), pick a title, save."""
    actor = request.user
    round_ = selectors.round_get(actor=actor, pk=pk)
    unit = org_get(actor=actor, code=code)
    if not unit.path.startswith(round_.organisation.path):
        raise NotFound("Đơn vị này không thuộc phạm vi của đợt đăng ký.")
    can_manage = path_in_scope(actor, unit.path, Action.MANAGE_COMMENDATIONS)
    today = localdate()
    form = {"kind": "ca_nhan", "award": "chien_si_thi_dua_co_so", "collective_award": "tap_the_lao_dong_tien_tien",
            "people": [], "units": [], "late": False, "late_reason": ""}
    error = error_field = ""
    status = 200
    if request.method == "POST":
        require(actor, Action.MANAGE_COMMENDATIONS, unit)
        kind = "tap_the" if request.POST.get("loai") == "tap_the" else "ca_nhan"
        form.update({
            "kind": kind, "late": bool(request.POST.get("muon")), "late_reason": form_text(request, "ly_do_muon").strip(),
            "people": request.POST.getlist("nguoi"), "units": request.POST.getlist("tap_the"),
        })
        if kind == "ca_nhan":
            form["award"] = form_text(request, "danh_hieu").strip()
        else:
            form["collective_award"] = form_text(request, "danh_hieu").strip()
        try:
            if kind == "ca_nhan":
                ids = _ids(form["people"])
                people = list(person_visible(actor=actor).filter(pk__in=ids))
                if len(people) != len(set(ids)):
                    raise NotFound("Không tìm thấy một người đã chọn trong phạm vi của bạn.")
                orgs = []
            else:
                ids = _ids(form["units"])
                orgs = list(Organisation.objects.filter(pk__in=ids))
                if len(orgs) != len(set(ids)) or not all(path_in_scope(actor, o.path) for o in orgs):
                    raise NotFound("Không tìm thấy một tập thể đã chọn trong phạm vi của bạn.")
                people = []
            made = registration_bulk_create(
                actor=actor, round=round_, unit=unit, award=form["award"] if kind == "ca_nhan" else form["collective_award"],
                on=today, people=people, organisations=orgs, late=form["late"], late_reason=form["late_reason"],
            )
        except UserError as exc:
            error, error_field, status = refused_message(exc), exc.field or "", 400
        else:
            late = " (đăng ký muộn)" if made and made[0].late else ""
            messages.success(request, f"Đã đăng ký «{made[0].award_name}» cho {len(made)} "
                                      f"{'cá nhân' if kind == 'ca_nhan' else 'tập thể'}{late}.")
            return redirect("registrations-unit", round_.pk, unit.code)
    rows, total = selectors.roster(actor=actor, unit=unit, round=round_)
    return render(request, "registrations/unit_register.html", {
        "round": round_, "org": unit, "ancestors": org_ancestors(actor=actor, org=unit),
        "rows": rows, "total": total, "limit": selectors.ROSTER_LIMIT,
        "collectives": selectors.collectives_of(actor=actor, unit=unit, round=round_),
        "registrations": list(selectors.registration_list(actor=actor, round=round_, unit=unit)),
        "can_manage": can_manage, "form": form, "error": error, "error_field": error_field,
        "past_deadline": today > round_.deadline, "today": today,
        "award_choices": award_choices(subject="individual", year=round_.year),
        "collective_choices": award_choices(subject="collective", year=round_.year),
    }, status=status)


# --- One registration ---------------------------------------------------------------------------


@page
def registration_detail(request, pk: int):
    actor = request.user
    registration = selectors.registration_get(actor=actor, pk=pk)
    return render(request, "registrations/registration_detail.html", {
        "registration": registration,
        "can_manage": path_in_scope(actor, registration.unit.path, Action.MANAGE_COMMENDATIONS),
        "error": "", "reason": "",
    })


@require_POST
@page
def registration_withdraw_view(request, pk: int):
    actor = request.user
    registration = selectors.registration_get(actor=actor, pk=pk)
    require(actor, Action.MANAGE_COMMENDATIONS, registration.unit)
    reason = form_text(request, "ly_do").strip()
    try:
        registration_withdraw(actor=actor, registration=registration, on=localdate(), reason=reason)
    except UserError as exc:
        return render(request, "registrations/registration_detail.html", {
            "registration": registration, "can_manage": True, "error": refused_message(exc), "reason": reason,
        }, status=400)
    messages.success(request, "Đã rút đăng ký.")
    return redirect("registrations-detail", registration.pk)


# --- Export -------------------------------------------------------------------------------------


@page
def round_export(request, pk: int):
    from thidua.registrations.spreadsheets import registrations_export

    actor = request.user
    round_ = selectors.round_get(actor=actor, pk=pk)
    handle = tempfile.NamedTemporaryFile(suffix=".xlsx", delete=False)
    handle.close()
    path = Path(handle.name)
    registrations_export(actor=actor, round=round_, out=path)
    stream = path.open("rb")
    path.unlink()  # the open handle keeps the data until the response is sent
    return FileResponse(stream, as_attachment=True, filename=f"dang-ky-thi-dua-{round_.year}-{round_.organisation.code}.xlsx",
                        content_type=XLSX)
