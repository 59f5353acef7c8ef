"""Reads for eligibility: the rules' Situation built from the database, verdicts, and stored runs.

Every selector checks the actor's scope first: a person or unit outside it is simply not found.
The facts are built by thidua.commendations.facts from the rows of thidua.commendations.records,
the same code the batch run uses, so a person's page and a run agree.
"""
from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from datetime import date

from django.db.models import Count, QuerySet

from thidua.commendations.facts import PersonFacts, unit_subject, window
from thidua.commendations.models import AwardRecord, EligibilityResult, EligibilityRun, OrganisationRule, ParameterCorrection
from thidua.commendations.records import population_query, read_chunk, registrations_of, rows_of
from thidua.core.db import path_chain, prefix_q
from thidua.core.errors import Forbidden, NotFound, UserError
from thidua.core.permissions import Action, is_system_admin, require, scope_q
from thidua.core.scales import YEAR_MAX, YEAR_MIN
from thidua.organisations.models import Organisation, OrgYearlyAppraisal
from thidua.people.models import Person, YearlyAppraisal
from thidua.people.selectors import person_get
from thidua.rules import Parameters, ParamValue, Result, Situation, awards_in_force, catalogue, evaluate
from thidua.rules.model import MISSING, Citation
from thidua.rules.org_rules import OrgRule

LDTT, CSTDCS = "lao_dong_tien_tien", "chien_si_thi_dua_co_so"
COMPLETED = ("HTXSNV", "HTTNV", "HTNV")


# --- inputs, checked the same way everywhere -------------------------------------------------------


def clean_award(code: str, *, subject: str | None = None):
    """The catalogue entry of `code`, or a UserError; with `subject`, it must apply to that kind."""
    award = catalogue().get(code) if isinstance(code, str) else None
    if award is None:
        raise UserError(f"Mã danh hiệu, hình thức khen thưởng «{code}» không có trong danh mục "
                        "(xem danh mục bằng lệnh «thidua rules list»).", field="award")
    if subject and award.subject not in (subject, "both"):
        who = "cá nhân" if subject == "individual" else "tập thể"
        raise UserError(f"«{award.name}» không xét cho {who}.", field="award")
    return award


def clean_judged_year(year, on: date) -> int:
    """The year judged: a whole year, not after the year of the proposal date."""
    if isinstance(year, bool) or not isinstance(year, int) or not YEAR_MIN <= year <= YEAR_MAX:
        raise UserError(f"Năm xét «{year}» không hợp lệ: hãy nhập một năm từ {YEAR_MIN} đến {YEAR_MAX}.", field="year")
    if not isinstance(on, date):
        raise UserError(f"Ngày xét «{on}» không hợp lệ: hãy nhập một ngày.", field="on")
    if year > on.year:
        raise UserError(f"Không thể xét năm {year} vào ngày {on:%d/%m/%Y}: ngày xét phải từ năm {year} trở đi.", field="year")
    return year


def award_categories() -> dict[str, str]:
    """award code → "title" or "form", from the rules catalogue."""
    return {code: award.category for code, award in catalogue().items()}


# --- parameters and organisation rules ----------------------------------------------------------------


def parameter_overrides() -> list[ParamValue]:
    return [
        ParamValue(c.param, c.effective, c.value, Citation(c.document, c.article, c.clause, c.confidence))
        for c in ParameterCorrection.objects.order_by("effective", "id")
    ]


def parameters_in_force() -> Parameters:
    """The YAML defaults with every administrator's correction, each from its date of effect."""
    return Parameters(overrides=parameter_overrides())


def _frozen(value):
    return tuple(_frozen(v) for v in value) if isinstance(value, list) else value


def org_rule_of(rule: OrganisationRule, name: str) -> OrgRule:
    return OrgRule(
        id=str(rule.pk), organisation=name, awards=tuple(rule.awards or ()), kind=rule.kind, value=_frozen(rule.value),
        since=rule.since, until=rule.until, citation=Citation(rule.document, rule.article, rule.clause, rule.confidence),
    )


class OrgRules:
    """Every organisation rule, read once; `for_path` gives those of a unit and all its ancestors."""

    def __init__(self):
        self._by_org: dict[int, list[OrgRule]] = {}
        for rule in OrganisationRule.objects.select_related("organisation").order_by("since", "id"):
            self._by_org.setdefault(rule.organisation_id, []).append(org_rule_of(rule, rule.organisation.name))
        self._by_path: dict[str, tuple] = {}
        self._shared: dict[tuple, tuple] = {}

    def for_path(self, path: str) -> tuple:
        rules = self._by_path.get(path)
        if rules is None:
            ids = path_chain(path)
            found = tuple(rule for org_id in ids for rule in self._by_org.get(org_id, ()))
            # Units with the same rules share one tuple, so the batch's memo shares what it learnt.
            rules = self._by_path[path] = self._shared.setdefault(found, found)
        return rules


def _unit_path(organisation_id: int | None) -> str:
    if organisation_id is None:
        return ""
    return Organisation.objects.filter(pk=organisation_id).values_list("path", flat=True).first() or ""


# --- a person ------------------------------------------------------------------------------------------


def person_facts(person_id: int, *, year: int, on: date, rules: OrgRules | None = None):
    """(Subject, org rules) of one person for judging `year` on `on`, read and built as the batch run does.
    No scope check: callers do it. The rules are those of the unit employing them on the reference date
    (thidua.commendations.facts.reference_date) and of all its ancestors."""
    rows = read_chunk([person_id], year)
    employments, appraisals, awards, initiatives = rows_of(rows, person_id)
    facts = PersonFacts(year=year, on=on, employments=employments, appraisals=appraisals, awards=awards,
                        initiatives=initiatives, categories=award_categories(), registrations=registrations_of(rows, person_id))
    current = facts.current
    return facts.subject(), (rules or OrgRules()).for_path(_unit_path(current[0] if current else None))


def situation_for_person(*, actor, person: Person, award: str, year: int, on: date) -> Situation:
    """The rules' Situation of `person` for `award` in `year`, proposed on `on`."""
    person = person_get(actor=actor, pk=getattr(person, "pk", person))
    year = clean_judged_year(year, on)
    code = clean_award(award, subject="individual").code
    subject, org_rules = person_facts(person.pk, year=year, on=on)
    return Situation(award=code, year=year, on=on, subject=subject, org_rules=org_rules)


def individual_awards(on: date) -> list[str]:
    return [a.code for a in awards_in_force(on) if a.subject in ("individual", "both")]


def eligibility_for_person(*, actor, person: Person, year: int, on: date) -> list[Result]:
    """The verdict, with its reasons, on every individual award in force on `on`."""
    person = person_get(actor=actor, pk=getattr(person, "pk", person))
    year = clean_judged_year(year, on)
    subject, org_rules = person_facts(person.pk, year=year, on=on)
    params = parameters_in_force()
    return [
        evaluate(Situation(code, year, on, subject, org_rules), code, on=on, year=year, params=params)
        for code in individual_awards(on)
    ]


# --- a unit --------------------------------------------------------------------------------------------


def unit_member_counts(organisation: Organisation, year: int) -> dict:
    """The member figures of a collective for `year`, over everyone employed in its subtree that year.

    Titles held are counted from the award records (the register). The counts that need every
    member's appraisal (completed, disciplined) are MISSING while some member has none for the year.
    """
    population = population_query(organisation, year)
    members = population.count()
    graded = Counter()
    rated = 0
    disciplined: list[str] = []
    for rating, discipline, n in (
        YearlyAppraisal.objects.filter(person_id__in=population, year=year).order_by()
        .values_list("rating", "discipline").annotate(n=Count("id"))
    ):
        graded[rating] += n
        rated += n if rating else 0
        disciplined += [discipline] * n if discipline else []
    titles = dict(
        AwardRecord.objects.filter(person_id__in=population, year=year, revoked_on__isnull=True, award__in=(LDTT, CSTDCS))
        .order_by().values_list("award").annotate(n=Count("person_id", distinct=True))
    )
    complete = rated == members
    appraised = sum(graded.values()) == members
    return {
        "members": members,
        "members_completed": sum(graded[r] for r in COMPLETED) if complete else MISSING,
        "members_ldtt": titles.get(LDTT, 0),
        "members_cstdcs": titles.get(CSTDCS, 0),
        "members_disciplined": tuple(sorted(disciplined)) if appraised else MISSING,
    }


def unit_facts(organisation: Organisation, *, year: int):
    first, last = window(year)
    ratings = dict(OrgYearlyAppraisal.objects.filter(organisation=organisation, year__gte=first, year__lte=last).values_list("year", "rating"))
    awards = AwardRecord.objects.filter(organisation=organisation, revoked_on__isnull=True).values_list("award", "year")
    from thidua.registrations.models import Registration

    registered = Registration.objects.filter(organisation=organisation, year=year, withdrawn_on__isnull=True).values_list("award", "year")
    subject = unit_subject(year=year, ratings=ratings, awards=list(awards), members=unit_member_counts(organisation, year),
                           categories=award_categories(), registrations=list(registered))
    return subject, OrgRules().for_path(organisation.path)


def situation_for_unit(*, actor, organisation: Organisation, award: str, year: int, on: date) -> Situation:
    """The rules' Situation of a collective (the unit and everyone employed in its subtree that year)."""
    require(actor, Action.VIEW, organisation)
    year = clean_judged_year(year, on)
    code = clean_award(award, subject="collective").code
    subject, org_rules = unit_facts(organisation, year=year)
    return Situation(award=code, year=year, on=on, subject=subject, org_rules=org_rules)


def eligibility_for_unit(*, actor, organisation: Organisation, year: int, on: date) -> list[Result]:
    """The verdict, with its reasons, on every collective award in force on `on`."""
    require(actor, Action.VIEW, organisation)
    year = clean_judged_year(year, on)
    subject, org_rules = unit_facts(organisation, year=year)
    params = parameters_in_force()
    codes = [a.code for a in awards_in_force(on) if a.subject in ("collective", "both")]
    return [evaluate(Situation(code, year, on, subject, org_rules), code, on=on, year=year, params=params) for code in codes]


# --- stored runs ------------------------------------------------------------------------------------------


def eligibility_run_list(*, actor, organisation: Organisation | None = None) -> QuerySet[EligibilityRun]:
    runs = EligibilityRun.objects.filter(scope_q(actor, field="organisation__path")).select_related("organisation")
    if organisation is not None:
        runs = runs.filter(organisation=organisation)
    return runs.order_by("-started_at", "-id")


def eligibility_run_get(*, actor, pk) -> EligibilityRun:
    try:
        return eligibility_run_list(actor=actor).get(pk=pk)
    except (EligibilityRun.DoesNotExist, ValueError, TypeError):
        raise NotFound("Không tìm thấy đợt xét này trong phạm vi của bạn.") from None


@dataclass
class ResultRow:
    id: int
    person_id: int
    full_name: str
    award: str
    verdict: str
    failed: list[str]
    unknown: list[str]


@dataclass
class RunResults:
    run: EligibilityRun
    counts: dict  # {award: {verdict: n}}
    totals: dict  # {verdict: n}
    matching: int  # rows matching the filters
    rows: list[ResultRow]


def eligibility_run_results(*, actor, run, award: str | None = None, verdict: str | None = None,
                            offset: int = 0, limit: int = 50) -> RunResults:
    """One page of a run's stored results (in person order), with its counts per award and verdict."""
    run = eligibility_run_get(actor=actor, pk=getattr(run, "pk", run))
    results = EligibilityResult.objects.filter(run=run)
    if award:
        results = results.filter(award=award)
    if verdict:
        results = results.filter(verdict=verdict)
    page = results.order_by("person_id", "award").values_list("id", "person_id", "person__full_name", "award", "verdict", "failed", "unknown")
    rows = [ResultRow(i, p, name, a, v, f.split(), u.split()) for i, p, name, a, v, f, u in page[offset:offset + limit]]
    totals = {"eligible": run.eligible, "ineligible": run.ineligible, "insufficient_data": run.insufficient_data, "not_in_force": run.not_in_force}
    if award or verdict:
        matching = sum(n for a, by in run.counts.items() if not award or a == award for v, n in by.items() if not verdict or v == verdict)
    else:
        matching = sum(totals.values())
    return RunResults(run=run, counts=run.counts, totals=totals, matching=matching, rows=rows)


def eligibility_result_explain(*, actor, result) -> Result:
    """A stored result's full reasons, recomputed from the records as they are now."""
    pk = getattr(result, "pk", result)
    try:
        stored = EligibilityResult.objects.select_related("run").get(pk=pk)
    except (EligibilityResult.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    run = eligibility_run_get(actor=actor, pk=stored.run_id)
    subject, org_rules = person_facts(stored.person_id, year=run.year, on=run.on)
    return evaluate(Situation(stored.award, run.year, run.on, subject, org_rules), stored.award, on=run.on, year=run.year,
                    params=parameters_in_force())


# --- what the eligibility pages and API list ----------------------------------------------------------

ADMIN_ONLY = "Chỉ quản trị hệ thống được xem và điều chỉnh tham số của quy định thi đua, khen thưởng."


def eligibility_runs_under(*, actor, organisation: Organisation) -> QuerySet:
    """The runs over `organisation` and every unit under it, newest first."""
    require(actor, Action.VIEW, organisation)
    return eligibility_run_list(actor=actor).filter(prefix_q("organisation__path", organisation.path))


@dataclass(frozen=True)
class StoredResult:
    id: int
    run_id: int
    person_id: int
    full_name: str
    award: str
    verdict: str


def eligibility_result_get(*, actor, pk) -> StoredResult:
    """One stored result of a run in the actor's scope (what it is about, not its reasons)."""
    try:
        row = EligibilityResult.objects.values_list("id", "run_id", "person_id", "person__full_name", "award", "verdict").get(pk=pk)
    except (EligibilityResult.DoesNotExist, ValueError, TypeError):
        raise NotFound() from None
    eligibility_run_get(actor=actor, pk=row[1])  # the run decides the scope
    return StoredResult(*row)


def parameter_correction_list(*, actor) -> QuerySet[ParameterCorrection]:
    """Every correction of a rules parameter, newest first (system administrators only)."""
    if not is_system_admin(actor):
        raise Forbidden(ADMIN_ONLY)
    return ParameterCorrection.objects.select_related("actor").order_by("-created_at", "-id")


def organisation_rule_list(*, actor, organisation: Organisation) -> list[OrganisationRule]:
    """The stricter rules that apply to `organisation`'s subtree: its own and its ancestors', oldest first."""
    require(actor, Action.VIEW, organisation)
    ids = path_chain(organisation.path)
    rules = OrganisationRule.objects.filter(organisation_id__in=ids).select_related("organisation", "actor")
    depth = {org_id: i for i, org_id in enumerate(ids)}
    return sorted(rules, key=lambda r: (depth.get(r.organisation_id, 0), r.since, r.pk))
