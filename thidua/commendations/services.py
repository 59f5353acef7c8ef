"""Writes about commendations: award records and their revocation, parameter corrections,
organisation rules, and the batch eligibility run. Each takes `actor=`, runs in one transaction and
leaves audit rows."""
from __future__ import annotations

from collections import defaultdict
from datetime import date

from django.db import transaction
from django.utils import timezone

from thidua.commendations.batch import DEFAULT_CHUNK, default_run_awards, judge_population
from thidua.commendations.memo import compact
from thidua.commendations.models import AwardRecord, EligibilityResult, EligibilityRun, OrganisationRule, ParameterCorrection
from thidua.commendations.selectors import OrgRules, clean_award, clean_judged_year, parameters_in_force, person_facts
from thidua.core.audit import audit_record, snapshot
from thidua.core.db import insert_rows
from thidua.core.errors import Forbidden, UserError
from thidua.core.models import AuditEntry
from thidua.core.permissions import Action, is_system_admin, require, require_path
from thidua.core.scales import Confidence, Discipline, clean_choice, clean_year
from thidua.core.text import normalise
from thidua.organisations.models import Organisation
from thidua.people.models import Person
from thidua.people.services import person_home_path
from thidua.rules import DEFAULTS, Situation, evaluate
from thidua.rules.model import DISCIPLINES, RATINGS, SCOPES
from thidua.rules.org_rules import KINDS
from thidua.rules.params import default_values, descriptions


def _required_text(value, *, field: str, message: str, limit: int = 255) -> str:
    text = normalise(value or "")
    if not text:
        raise UserError(message, field=field)
    if len(text) > limit:
        raise UserError(f"Nội dung quá dài (tối đa {limit} ký tự).", field=field)
    return text


def _citation(document, article, clause, confidence) -> tuple[str, str, str, str]:
    document = _required_text(document, field="document", message="Hãy ghi căn cứ: tên văn bản (số, ký hiệu).")
    article = _required_text(article, field="article", message="Hãy ghi căn cứ: điều của văn bản.")
    clause = normalise(clause or "")
    confidence = clean_choice(confidence, Confidence, field="confidence", label="Độ tin cậy")
    return document, article, clause, confidence


def _check_date(value, *, field: str, label: str) -> date:
    if not isinstance(value, date):
        raise UserError(f"{label} «{value}» không hợp lệ: hãy nhập một ngày.", field=field)
    return value


# --- award records ----------------------------------------------------------------------------------


def _subject_path(*, person: Person | None, organisation: Organisation | None) -> str:
    return person_home_path(person) if person is not None else organisation.path


@transaction.atomic
def award_record_add(
    *,
    actor,
    award: str,
    year: int,
    person: Person | None = None,
    organisation: Organisation | None = None,
    decision_number: str,
    decision_date: date,
    issuing_body: str = "",
    reason: str = "",
) -> AwardRecord:
    """Record a title or form of commendation conferred on one person or one organisation."""
    if (person is None) == (organisation is None):
        raise UserError("Khen thưởng phải ghi cho đúng một đối tượng: một cá nhân hoặc một tập thể.", field="person")
    path = _subject_path(person=person, organisation=organisation)
    require_path(actor, Action.MANAGE_COMMENDATIONS, path)
    entry = clean_award(award, subject="individual" if person is not None else "collective")
    year = clean_year(year)
    number = _required_text(decision_number, field="decision_number", message="Hãy ghi số quyết định khen thưởng.", limit=64)
    decided = _check_date(decision_date, field="decision_date", label="Ngày quyết định")
    if decided.year < year:
        raise UserError(f"Ngày quyết định {decided:%d/%m/%Y} sớm hơn năm {year} được khen thưởng.", field="decision_date")
    body = normalise(issuing_body or "")
    if entry.category == "title":
        same = AwardRecord.objects.filter(award=entry.code, year=year, revoked_on__isnull=True)
        same = same.filter(person=person) if person is not None else same.filter(organisation=organisation)
        if same.exists():
            raise UserError(f"Danh hiệu «{entry.name}» năm {year} đã được ghi nhận cho đối tượng này.", field="award")
    record = AwardRecord.objects.create(
        award=entry.code, year=year, person=person, organisation=organisation,
        decision_number=number, decision_date=decided, issuing_body=body,
    )
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=record, before=None, after=snapshot(record), reason=reason, org_path=path)
    return record


@transaction.atomic
def award_revoke(*, actor, record: AwardRecord, on: date, reason: str) -> AwardRecord:
    """Revoke an award from `on`; the stored eligibility results it may have decided are recomputed."""
    record = AwardRecord.objects.select_for_update(of=("self",)).select_related("person", "organisation").get(pk=record.pk)
    path = _subject_path(person=record.person, organisation=record.organisation)
    require_path(actor, Action.MANAGE_COMMENDATIONS, path)
    if record.revoked_on is not None:
        raise UserError(f"Khen thưởng này đã bị thu hồi từ ngày {record.revoked_on:%d/%m/%Y}.")
    reason = _required_text(reason, field="reason", message="Hãy ghi lý do thu hồi (và căn cứ quyết định thu hồi).", limit=2000)
    on = _check_date(on, field="on", label="Ngày thu hồi")
    if record.decision_date and on < record.decision_date:
        raise UserError(f"Ngày thu hồi {on:%d/%m/%Y} sớm hơn ngày quyết định khen thưởng {record.decision_date:%d/%m/%Y}.", field="on")
    before = snapshot(record)
    record.revoked_on, record.revoke_reason = on, reason
    record.save(update_fields=["revoked_on", "revoke_reason"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=record, before=before, after=snapshot(record), reason=reason, org_path=path)
    if record.person_id is not None:
        eligibility_recompute_person(actor=actor, person_id=record.person_id, from_year=record.year,
                                     reason=f"Xét lại do thu hồi khen thưởng «{record}»: {reason}", org_path=path)
    return record


def eligibility_recompute_person(*, actor, person_id: int, from_year: int, reason: str, org_path: str = "") -> int:
    """Recompute the stored results of one person in runs judging `from_year` or later; returns how many changed.

    Called inside the transaction of the change that made them stale (a revocation). Each changed
    result leaves an audit row, and its run's counts follow.
    """
    stored = list(EligibilityResult.objects.filter(person_id=person_id, run__year__gte=from_year).select_related("run"))
    by_run: dict[int, list[EligibilityResult]] = defaultdict(list)
    for result in stored:
        by_run[result.run_id].append(result)
    params, rules, changed = parameters_in_force(), OrgRules(), 0
    for results in by_run.values():
        run = results[0].run
        subject, org_rules = person_facts(person_id, year=run.year, on=run.on, rules=rules)
        for result in results:
            verdict, failed, unknown = compact(evaluate(Situation(result.award, run.year, run.on, subject, org_rules),
                                                        result.award, on=run.on, year=run.year, params=params))
            if (verdict, failed, unknown) == (result.verdict, result.failed, result.unknown):
                continue
            before = snapshot(result)
            old = result.verdict
            result.verdict, result.failed, result.unknown = verdict, failed, unknown
            result.save(update_fields=["verdict", "failed", "unknown"])
            audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=result, before=before, after=snapshot(result),
                         reason=reason, org_path=org_path or run.organisation.path)
            if old != verdict:
                by_award = run.counts.setdefault(result.award, {})
                by_award[old] = by_award.get(old, 0) - 1
                by_award[verdict] = by_award.get(verdict, 0) + 1
                setattr(run, old, getattr(run, old) - 1)
                setattr(run, verdict, getattr(run, verdict) + 1)
                run.save(update_fields=["counts", "eligible", "ineligible", "insufficient_data", "not_in_force"])
            changed += 1
    return changed


# --- parameter corrections and organisation rules ----------------------------------------------------------


def _clean_param_value(param: str, value):
    """The value must be of the kind the defaults hold: a rating, a discipline level, a scope, a number, …"""
    defaults = [v.value for v in default_values()[param]]
    present = [v for v in defaults if v is not None]
    if value is None:
        if None in defaults or not present:
            return None
        raise UserError(f"Tham số «{param}» cần một giá trị, không được để trống.", field="value")
    for codes, label in ((RATINGS, "mức xếp loại"), (DISCIPLINES, "hình thức kỷ luật"), (SCOPES, "phạm vi công nhận")):
        if present and all(isinstance(v, str) and v in codes for v in present):
            if value not in codes:
                raise UserError(f"Giá trị «{value}» không phải {label} hợp lệ. Các giá trị được nhận: {', '.join(codes)}.", field="value")
            return value
    if present and all(isinstance(v, bool) for v in present):
        if not isinstance(value, bool):
            raise UserError(f"Tham số «{param}» chỉ nhận có (true) hoặc không (false).", field="value")
        return value
    if present and all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in present):
        if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
            raise UserError(f"Tham số «{param}» phải là một số không âm.", field="value")
        if all(isinstance(v, int) for v in present) and not float(value).is_integer():
            raise UserError(f"Tham số «{param}» phải là một số nguyên.", field="value")
        return int(value) if all(isinstance(v, int) for v in present) else value
    return value


@transaction.atomic
def parameter_correct(
    *,
    actor,
    param: str,
    value,
    effective: date,
    document: str,
    article: str,
    clause: str = "",
    confidence: str = Confidence.V,
    reason: str,
) -> ParameterCorrection:
    """Correct a rules parameter from `effective` on (administrators only); the YAML keeps the default."""
    if not is_system_admin(actor):
        raise Forbidden("Chỉ quản trị hệ thống được điều chỉnh tham số của quy định thi đua, khen thưởng.")
    if param not in DEFAULTS.ids():
        raise UserError(f"Tham số «{param}» không có trong bộ quy định (xem danh sách tham số trong thidua/rules/data/params).", field="param")
    value = _clean_param_value(param, value)
    effective = _check_date(effective, field="effective", label="Ngày hiệu lực")
    document, article, clause, confidence = _citation(document, article, clause, confidence)
    reason = _required_text(reason, field="reason", message="Hãy ghi lý do điều chỉnh tham số.", limit=2000)
    correction = ParameterCorrection.objects.create(
        param=param, value=value, effective=effective, document=document, article=article, clause=clause,
        confidence=confidence, reason=reason, actor=actor if getattr(actor, "pk", None) else None,
    )
    after = {**snapshot(correction), "description": descriptions().get(param, "")}
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=correction, before=None, after=after, reason=reason)
    return correction


def _clean_rule_value(kind: str, value):
    if kind == "min_months":
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 12:
            raise UserError(f"Thời gian công tác tối thiểu «{value}» không hợp lệ: hãy nhập số tháng từ 1 đến 12.", field="value")
    elif kind == "max_absent_days":
        if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= 366:
            raise UserError(f"Số ngày nghỉ tối đa «{value}» không hợp lệ: hãy nhập số ngày từ 1 đến 366.", field="value")
    elif kind in ("require_registration", "registered_for_award"):
        if value is not True:
            raise UserError("Quy định «phải đăng ký thi đua» chỉ nhận giá trị có (true).", field="value")
    elif kind == "no_discipline_from":
        clean_choice(value, Discipline, field="value", label="Mức kỷ luật")
    return value


@transaction.atomic
def organisation_rule_add(
    *,
    actor,
    organisation: Organisation,
    kind: str,
    awards: list[str],
    value,
    since: date,
    until: date | None = None,
    document: str,
    article: str,
    clause: str = "",
    confidence: str = Confidence.V,
    reason: str = "",
) -> OrganisationRule:
    """A stricter criterion `organisation` sets for the awards of everyone in its subtree, from `since`."""
    require(actor, Action.MANAGE_ORGS, organisation)
    if kind not in KINDS:
        known = "; ".join(f"«{k}» ({label.lower()})" for k, label in KINDS.items())
        raise UserError(f"Loại quy định «{kind}» không hợp lệ. Các loại được nhận: {known}.", field="kind")
    if not isinstance(awards, (list, tuple)) or not awards:
        raise UserError("Hãy chọn ít nhất một danh hiệu, hình thức khen thưởng mà quy định áp dụng.", field="awards")
    codes = list(dict.fromkeys(clean_award(code).code for code in awards))
    value = _clean_rule_value(kind, value)
    since = _check_date(since, field="since", label="Ngày hiệu lực")
    if until is not None and (_check_date(until, field="until", label="Ngày hết hiệu lực") < since):
        raise UserError(f"Ngày hết hiệu lực {until:%d/%m/%Y} sớm hơn ngày hiệu lực {since:%d/%m/%Y}.", field="until")
    document, article, clause, confidence = _citation(document, article, clause, confidence)
    rule = OrganisationRule.objects.create(
        organisation=organisation, kind=kind, awards=codes, value=value, since=since, until=until, document=document,
        article=article, clause=clause, confidence=confidence, reason=normalise(reason or ""),
        actor=actor if getattr(actor, "pk", None) else None,
    )
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=rule, before=None, after=snapshot(rule), reason=reason, org_path=organisation.path)
    return rule


# --- the batch run --------------------------------------------------------------------------------------------

_RESULT_FIELDS = ["run", "person", "award", "verdict", "failed", "unknown"]


@transaction.atomic
def eligibility_run(
    *,
    actor,
    organisation: Organisation,
    year: int,
    on: date,
    awards: list[str] | None = None,
    reason: str = "",
    chunk_size: int = DEFAULT_CHUNK,
) -> EligibilityRun:
    """Judge everyone employed in `organisation`'s subtree during `year`, on `on`, and store the results.

    `awards` defaults to the yearly individual titles (see batch.default_run_awards). People are
    streamed in chunks: each chunk read in a few queries, judged, and its results inserted before
    the next is read, all in one transaction.
    """
    require(actor, Action.MANAGE_COMMENDATIONS, organisation)
    year = clean_judged_year(year, on)
    if awards is not None and not isinstance(awards, (list, tuple)):
        raise UserError("Danh sách danh hiệu, hình thức khen thưởng không hợp lệ.", field="awards")
    codes = list(dict.fromkeys(clean_award(code, subject="individual").code for code in (awards or default_run_awards(on))))
    if not codes:
        raise UserError(f"Ngày {on:%d/%m/%Y} không có danh hiệu cá nhân nào đang có hiệu lực để xét.", field="awards")
    run = EligibilityRun.objects.create(
        organisation=organisation, year=year, on=on, awards=codes,
        actor=actor if getattr(actor, "pk", None) else None, actor_name=getattr(actor, "username", "") or "hệ thống",
    )

    def sink(rows: list[tuple]) -> None:
        insert_rows(EligibilityResult, _RESULT_FIELDS, [(run.pk,) + row for row in rows])

    tally = judge_population(root=organisation, year=year, on=on, awards=codes, params=parameters_in_force(),
                             sink=sink, chunk_size=chunk_size)
    totals = tally.totals()
    run.people = tally.people
    run.counts = {code: dict(sorted(counter.items())) for code, counter in tally.counts.items()}
    run.eligible, run.ineligible = totals["eligible"], totals["ineligible"]
    run.insufficient_data, run.not_in_force = totals["insufficient_data"], totals["not_in_force"]
    run.finished_at = timezone.now()
    run.save()
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=run, before=None, after=snapshot(run),
                 reason=reason, org_path=organisation.path)
    return run
