"""Pages of eligibility ("Đủ điều kiện"): the section on person and unit pages, the batch runs of a
unit and their results, parameter corrections and organisation rules.

Thin: reads through thidua.commendations.selectors (and .reads), writes through
thidua.commendations.services, which check permissions, audit and run in one transaction. A form
whose input a service refuses is shown again with the service's Vietnamese sentence (status 400);
nothing is written.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from urllib.parse import urlencode

from django.contrib import messages
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.timezone import localdate
from django.views.decorators.http import require_http_methods
from django.views.decorators.vary import vary_on_headers

from thidua.commendations import present
from thidua.commendations.batch import default_run_awards
from thidua.commendations.selectors import (
    eligibility_result_get,
    eligibility_runs_under,
    organisation_rule_list,
    parameter_correction_list,
)
from thidua.commendations.selectors import (
    eligibility_result_explain,
    eligibility_run_get,
    eligibility_run_results,
    parameters_in_force,
)
from thidua.commendations.services import eligibility_run, organisation_rule_add, parameter_correct
from thidua.core.dates import format_date
from thidua.core.errors import UserError
from thidua.core.permissions import Action, path_in_scope, require
from thidua.core.scales import Confidence, Discipline
from thidua.core.views import PAGE_SIZE, form_date, form_text, page, page_param, refused_message
from thidua.organisations.selectors import org_ancestors, org_get
from thidua.rules import awards_in_force
from thidua.rules.org_rules import KINDS
from thidua.rules.params import DEFAULTS, NotInForce, descriptions

SECTION_ANCHOR = "du-dieu-kien"
TEXT_MAX = 2000


# --- Small helpers -----------------------------------------------------------------------------------


def year_param(request, *, default: int, name: str = "nam") -> tuple[int, bool]:
    """The year judged from `?nam=` (`default` when absent) and whether it was given."""
    raw = (request.GET.get(name) or "").strip()
    if not raw:
        return default, False
    try:
        return int(raw), True
    except ValueError:
        raise UserError(f"Năm xét «{raw[:20]}» không hợp lệ: hãy nhập một năm, ví dụ {default}.", field="year") from None


def _int_field(raw: str, *, label: str, field: str) -> int:
    text = (raw or "").strip()
    try:
        return int(text)
    except ValueError:
        raise UserError(f"{label} «{text[:20]}» không hợp lệ: hãy nhập một số nguyên.", field=field) from None


def eligibility_context(results, *, year: int, on: date, explicit: bool, keep: dict | None = None) -> dict:
    """What the "Đủ điều kiện năm …" section of a person or unit page shows.

    `keep`: the page's other query parameters, carried over when the year is changed.
    """
    return {
        "anchor": SECTION_ANCHOR,
        "year": year,
        "on": on,
        "explicit": explicit,
        "keep": keep or {},
        "groups": present.verdict_groups(results),
        "totals": present.verdict_totals(results),
    }


# --- Runs of a unit ----------------------------------------------------------------------------------


@dataclass
class CountRow:
    award: str
    name: str
    cells: list[tuple[str, int]]  # (verdict, count) in VERDICT_ORDER
    total: int


def _count_rows(run) -> list[CountRow]:
    rows = []
    for code in run.awards or sorted(run.counts):
        by_verdict = run.counts.get(code, {})
        cells = [(v, int(by_verdict.get(v, 0))) for v in present.VERDICT_ORDER]
        rows.append(CountRow(code, present.award_name(code), cells, sum(n for _, n in cells)))
    return rows


def _run_form_defaults(today: date) -> dict:
    return {"year": str(today.year - 1), "on": format_date(today), "awards": default_run_awards(today), "reason": ""}


@require_http_methods(["GET", "POST"])
@page
def org_eligibility_runs(request, code: str):
    actor = request.user
    org = org_get(actor=actor, code=code)
    today = localdate()
    can_run = path_in_scope(actor, org.path, Action.MANAGE_COMMENDATIONS)
    form = _run_form_defaults(today)
    error = error_field = ""
    status = 200
    if request.method == "POST":
        require(actor, Action.MANAGE_COMMENDATIONS, org)
        form = {"year": form_text(request, "year"), "on": form_text(request, "on"),
                "awards": request.POST.getlist("awards"), "reason": form_text(request, "reason")}
        try:
            year = _int_field(form["year"], label="Năm xét", field="year")
            on = form_date(form["on"], label="ngày xét", field="on")
            run = eligibility_run(actor=actor, organisation=org, year=year, on=on, awards=form["awards"] or None,
                                  reason=form["reason"])
        except UserError as exc:
            error, error_field, status = refused_message(exc), exc.field or "", 400
        else:
            messages.success(request, f"Đã xét điều kiện năm {run.year} cho {run.people} người.")
            return redirect("eligibility-run", run.pk)
    runs = eligibility_runs_under(actor=actor, organisation=org)
    number = page_param(request)
    total = runs.count()
    pages = max(1, -(-total // PAGE_SIZE))
    if number > pages:
        raise UserError(f"Không có trang {number}: danh sách đợt xét chỉ có {pages} trang.")
    return render(request, "commendations/runs.html", {
        "org": org,
        "ancestors": org_ancestors(actor=actor, org=org),
        "runs": runs[(number - 1) * PAGE_SIZE:number * PAGE_SIZE],
        "page_number": number,
        "pages": pages,
        "can_run": can_run,
        "form": form,
        "award_choices": present.award_choices(subject="individual", codes={a.code for a in awards_in_force(today)}),
        "error": error,
        "error_field": error_field,
        "verdict_labels": present.VERDICT_LABELS,
    }, status=status)


@page
def eligibility_run_view(request, pk: int):
    actor = request.user
    run = eligibility_run_get(actor=actor, pk=pk)
    award = (request.GET.get("danh_hieu") or "").strip()
    verdict = (request.GET.get("ket_luan") or "").strip()
    if award and award not in (run.awards or []):
        raise UserError(f"Đợt xét này không xét «{award[:64]}»: hãy chọn một danh hiệu trong danh sách.")
    if verdict and verdict not in present.VERDICT_LABELS:
        raise UserError(f"Kết luận «{verdict[:32]}» không hợp lệ: hãy chọn một kết luận trong danh sách.")
    number = page_param(request)
    offset = (number - 1) * PAGE_SIZE
    results = eligibility_run_results(actor=actor, run=run, award=award or None, verdict=verdict or None,
                                      offset=offset, limit=PAGE_SIZE)
    pages = max(1, -(-results.matching // PAGE_SIZE))
    if number > pages:
        raise UserError(f"Không có trang {number}: danh sách kết quả chỉ có {pages} trang.")
    totals = [(v, present.verdict_label(v), results.totals.get(v, 0)) for v in present.VERDICT_ORDER]
    return render(request, "commendations/run_detail.html", {
        "run": run,
        "org": run.organisation,
        "org_link": path_in_scope(actor, run.organisation.path),
        "count_rows": _count_rows(run),
        "totals": totals,
        "grand_total": sum(n for _, _, n in totals),
        "rows": [(row, present.award_name(row.award), present.verdict_label(row.verdict)) for row in results.rows],
        "matching": results.matching,
        "offset": offset,
        "page_number": number,
        "pages": pages,
        "award": award,
        "verdict": verdict,
        "filter_query": urlencode({k: v for k, v in (("danh_hieu", award), ("ket_luan", verdict)) if v}),
        "award_choices": present.award_choices(codes=set(run.awards or [])),
        "verdict_choices": list(present.VERDICT_LABELS.items()),
    })


@vary_on_headers("HX-Request")
@page
def eligibility_result_view(request, pk: int):
    """One stored result's reasons, recomputed now: a fragment for htmx, a page otherwise."""
    actor = request.user
    stored = eligibility_result_get(actor=actor, pk=pk)
    result = eligibility_result_explain(actor=actor, result=stored.id)
    context = {
        "stored": stored,
        "stored_label": present.verdict_label(stored.verdict),
        "row": present.verdict_row(result),
        "run": eligibility_run_get(actor=actor, pk=stored.run_id),
    }
    htmx = getattr(request, "htmx", None)
    if htmx and not htmx.history_restore_request:
        return render(request, "commendations/_result_reasons.html", context)
    return render(request, "commendations/result.html", context)


# --- Parameter corrections -------------------------------------------------------------------------


@dataclass
class ParamRow:
    id: str
    description: str
    value: str
    since: date | None
    citation: str
    confidence: str


def _param_rows(today: date) -> list[ParamRow]:
    params, texts = parameters_in_force(), descriptions()
    rows = []
    for param_id in DEFAULTS.ids():
        try:
            value = params.get(param_id, today)
        except NotInForce:
            rows.append(ParamRow(param_id, texts.get(param_id, ""), "", None, "", ""))
            continue
        rows.append(ParamRow(param_id, texts.get(param_id, ""), present.json_text(value.value), value.since,
                             value.cited, value.citation.confidence))
    return rows


@require_http_methods(["GET", "POST"])
@page
def parameter_corrections(request):
    actor = request.user
    corrections = parameter_correction_list(actor=actor)  # refuses anyone but a system administrator
    today = localdate()
    form = {"param": "", "value": "", "effective": format_date(today), "document": "", "article": "", "clause": "",
            "confidence": Confidence.V, "reason": ""}
    error = error_field = ""
    status = 200
    if request.method == "POST":
        form = {name: form_text(request, name) for name in form}
        try:
            effective = form_date(form["effective"], label="ngày hiệu lực", field="effective")
            correction = parameter_correct(
                actor=actor, param=form["param"].strip(), value=present.parse_value(form["value"]), effective=effective,
                document=form["document"], article=form["article"], clause=form["clause"],
                confidence=form["confidence"], reason=form["reason"],
            )
        except UserError as exc:
            error, error_field, status = refused_message(exc), exc.field or "", 400
        else:
            messages.success(request, f"Đã điều chỉnh tham số «{correction.param}» từ ngày {format_date(correction.effective)}.")
            return redirect("parameter-corrections")
    number = page_param(request)
    total = corrections.count()
    pages = max(1, -(-total // PAGE_SIZE))
    if number > pages:
        raise UserError(f"Không có trang {number}: danh sách điều chỉnh chỉ có {pages} trang.")
    texts = descriptions()
    return render(request, "commendations/parameters.html", {
        "corrections": [(c, present.json_text(c.value)) for c in corrections[(number - 1) * PAGE_SIZE:number * PAGE_SIZE]],
        "total": total,
        "page_number": number,
        "pages": pages,
        "param_choices": [(param_id, texts.get(param_id, "")) for param_id in DEFAULTS.ids()],
        "param_rows": _param_rows(today),
        "confidence_choices": Confidence.choices,
        "form": form,
        "error": error,
        "error_field": error_field,
        "today": today,
    }, status=status)


# --- Organisation rules ------------------------------------------------------------------------------


@require_http_methods(["GET", "POST"])
@page
def org_rules_view(request, code: str):
    actor = request.user
    org = org_get(actor=actor, code=code)
    can_manage = path_in_scope(actor, org.path, Action.MANAGE_ORGS)
    form = {"kind": "", "awards": [], "value": "", "since": "", "until": "", "document": "", "article": "", "clause": "",
            "confidence": Confidence.V, "reason": ""}
    error = error_field = ""
    status = 200
    if request.method == "POST":
        require(actor, Action.MANAGE_ORGS, org)
        form = {name: form_text(request, name) for name in form if name != "awards"}
        form["awards"] = request.POST.getlist("awards")
        try:
            since = form_date(form["since"], label="ngày hiệu lực", field="since")
            until = form_date(form["until"], label="ngày hết hiệu lực", field="until", required=False)
            rule = organisation_rule_add(
                actor=actor, organisation=org, kind=form["kind"].strip(), awards=form["awards"],
                value=present.parse_value(form["value"]), since=since, until=until, document=form["document"],
                article=form["article"], clause=form["clause"], confidence=form["confidence"], reason=form["reason"],
            )
        except UserError as exc:
            error, error_field, status = refused_message(exc), exc.field or "", 400
        else:
            messages.success(request, f"Đã thêm quy định riêng «{KINDS[rule.kind]}» từ ngày {format_date(rule.since)}.")
            return redirect("org-rules", org.code)
    rules = organisation_rule_list(actor=actor, organisation=org)
    return render(request, "commendations/org_rules.html", {
        "org": org,
        "ancestors": org_ancestors(actor=actor, org=org),
        "rules": [(rule, KINDS.get(rule.kind, rule.kind), present.json_text(rule.value),
                   [present.award_name(a) for a in rule.awards or []], path_in_scope(actor, rule.organisation.path))
                  for rule in rules],
        "can_manage": can_manage,
        "kind_choices": list(KINDS.items()),
        "award_choices": present.award_choices(subject="individual"),
        "discipline_choices": Discipline.choices,
        "confidence_choices": Confidence.choices,
        "form": form,
        "error": error,
        "error_field": error_field,
        "runs_url": reverse("org-eligibility-runs", args=[org.code]),
    }, status=status)
