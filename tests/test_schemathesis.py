"""The API against its own OpenAPI schema: whatever the input, never a server error.

Schemathesis reads /api/schema/ from the WSGI application in this process and, for every
operation, generates requests from the schema: valid ones (positive) and ones that break it
(negative), first with generated codes and ids, then with those of a real unit and person so the
requests reach the services. Each request is sent as a superuser over HTTP Basic, against the
test database holding the `tree` fixture. Hypothesis runs derandomised with a bounded number of
examples, so the run is repeatable and takes well under a minute.
"""
from __future__ import annotations

import base64
from collections import Counter, defaultdict
from datetime import date

import pytest
import schemathesis
from django.contrib.auth import get_user_model
from django.core.wsgi import get_wsgi_application
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.core.failures import FailureGroup
from schemathesis.hooks import HookDispatcher, HookScope

PASSWORD = "Mat-khau-schemathesis-2026"
MAX_EXAMPLES = 25

EXPECTED_OPERATIONS = {
    "GET /api/v1/organisations/",
    "POST /api/v1/organisations/",
    "GET /api/v1/organisations/{code}/",
    "GET /api/v1/organisations/{code}/history/",
    "GET /api/v1/organisations/{code}/members/",
    "POST /api/v1/organisations/{code}/merge/",
    "POST /api/v1/organisations/{code}/move/",
    "POST /api/v1/organisations/{code}/rename/",
    "POST /api/v1/organisations/{code}/split/",
    "GET /api/v1/organisations/tree/",
    "GET /api/v1/people/",
    "POST /api/v1/people/",
    "GET /api/v1/people/{id}/",
    "PATCH /api/v1/people/{id}/",
    "GET /api/v1/people/{id}/history/",
    "GET /api/v1/people/{id}/eligibility/",
    "GET /api/v1/organisations/{code}/eligibility/",
    "GET /api/v1/organisations/{code}/rules/",
    "POST /api/v1/organisations/{code}/rules/",
    "POST /api/v1/eligibility/check/",
    "GET /api/v1/eligibility/catalogue/",
    "GET /api/v1/eligibility-runs/",
    "POST /api/v1/eligibility-runs/",
    "GET /api/v1/eligibility-runs/{id}/",
    "GET /api/v1/eligibility-runs/{id}/results/",
    "GET /api/v1/parameter-corrections/",
    "POST /api/v1/parameter-corrections/",
}

from tests.scope_world import SCOPE_MODULES, build_world  # noqa: E402

# The apps of the emulation year list their own operations beside their code.
EXPECTED_OPERATIONS |= {label for module in SCOPE_MODULES for label in getattr(module, "API_OPERATIONS", ())}

# Reads that, given a real unit or person and any valid query, must answer with data.
MUST_SUCCEED = {label for label in EXPECTED_OPERATIONS if label.startswith("GET")}

HYPOTHESIS = settings(
    max_examples=MAX_EXAMPLES,
    derandomize=True,
    database=None,
    deadline=None,
    suppress_health_check=list(HealthCheck),
    print_blob=False,
)


# Generated from the schema alone, dates fall anywhere in 0001–9999 and codes are random text,
# so nearly every write stops at validation. The "realistic" pass swaps in, some of the time,
# dates around the fixture's and the codes of real units, so requests reach the services too:
# merges, splits, cycles, dates before a unit existed.
DATE_FIELDS = {"on", "valid_from", "start", "member_since", "date_of_birth", "effective", "since", "until"}
CODE_FIELDS = {"parent", "unit", "under", "root", "organisation"}
YEAR_FIELDS = {"year"}
CODE_LIST_FIELDS = {"sources", "into"}


def _realistic(values, codes: list[str]) -> st.SearchStrategy:
    if not isinstance(values, dict):
        return st.just(values)
    parts = {}
    for key, value in values.items():
        if key in DATE_FIELDS:
            parts[key] = st.one_of(st.just(value), st.dates(date(2019, 6, 1), date(2027, 12, 31)).map(date.isoformat))
        elif key in YEAR_FIELDS and value is not None:
            parts[key] = st.one_of(st.just(value), st.integers(2018, 2026).map(lambda y: y if isinstance(value, int) else str(y)))
        elif key in CODE_FIELDS and value is not None:
            parts[key] = st.one_of(st.just(value), st.sampled_from(codes))
        elif key in CODE_LIST_FIELDS:
            parts[key] = st.one_of(st.just(value), st.lists(st.sampled_from(codes), min_size=1, max_size=3))
        else:
            parts[key] = st.just(value)
    return st.fixed_dictionaries(parts)


def realistic_hooks(codes: list[str]) -> HookDispatcher:
    hooks = HookDispatcher(scope=HookScope.TEST)

    def flatmap_case(context, case):
        def apply(values):
            body, query = values
            if isinstance(case.body, dict):
                case.body = body
            case.query = query
            return case

        return st.tuples(_realistic(case.body, codes), _realistic(case.query or {}, codes)).map(apply)

    hooks.register_hook_with_name(flatmap_case, "flatmap_case")
    return hooks


@pytest.fixture
def schema(transactional_db, tree):
    # transactional_db: requests go through the real WSGI stack, which ends each one by closing
    # stale connections; outside a wrapping transaction that is harmless.
    get_user_model().objects.create_superuser("schemathesis", "st@example.vn", PASSWORD)
    return schemathesis.openapi.from_wsgi("/api/schema/", get_wsgi_application())


def test_no_operation_gives_a_server_error(schema, tree):
    from thidua.commendations.services import eligibility_run
    from thidua.core.permissions import SYSTEM

    auth = {"Authorization": "Basic " + base64.b64encode(f"schemathesis:{PASSWORD}".encode()).decode()}
    known = {"code": tree.bach_mai.code, "id": tree.duc.pk}
    # The ids of eligibility runs are not those of people, nor those of the emulation year's records.
    run = eligibility_run(actor=SYSTEM, organisation=tree.hanoi, year=2024, on=date(2025, 1, 15))
    inside = build_world(tree)["in"]
    known_by_path = {"/api/v1/eligibility-runs/": {**known, "id": run.pk}}
    for module in SCOPE_MODULES:
        for prefix, kind in getattr(module, "API_IDS", {}).items():
            known_by_path[prefix] = {**known, "id": inside[kind].pk}
    realistic = realistic_hooks([tree.hanoi.code, tree.bach_mai.code, tree.hanoi_pharma.code, tree.cardio.code, tree.hue_central.code])
    operations = [result.ok() for result in schema.get_all_operations()]
    assert {op.label for op in operations} == EXPECTED_OPERATIONS

    calls: Counter[str] = Counter()
    statuses: dict[str, Counter[int]] = defaultdict(Counter)
    failures: dict[str, str] = {}

    for operation in operations:
        names = {p.name for p in operation.path_parameters}
        ids = next((v for prefix, v in known_by_path.items() if operation.path.startswith(prefix)), known)
        real = {name: ids[name] for name in names} or None
        runs = [
            ("positive", GenerationMode.POSITIVE, None, None),
            ("negative", GenerationMode.NEGATIVE, None, None),
            ("realistic", GenerationMode.POSITIVE, real, realistic),
        ]
        if names:
            runs += [
                ("positive, real path", GenerationMode.POSITIVE, real, None),
                ("negative, real path", GenerationMode.NEGATIVE, real, None),
            ]
        for name, mode, path_parameters, hooks in runs:

            @HYPOTHESIS
            @given(case=operation.as_strategy(generation_mode=mode, path_parameters=path_parameters, hooks=hooks))
            def run(case):
                response = case.call(headers=auth)
                calls[operation.label] += 1
                statuses[operation.label][response.status_code] += 1
                case.validate_response(response, checks=[not_a_server_error], headers=auth)

            try:
                run()
            except (Exception, FailureGroup) as exc:  # collect every operation's failures, report them all
                failures[f"{operation.label} ({name})"] = str(exc)

    assert not failures, "\n\n".join(f"{label}:\n{message}" for label, message in failures.items())
    # The run really exercised every operation, and the reads really reached data.
    assert set(calls) == EXPECTED_OPERATIONS
    assert all(count >= MAX_EXAMPLES // 2 for count in calls.values()), calls
    reached = {label for label, by_status in statuses.items() if by_status[200] or by_status[201]}
    assert MUST_SUCCEED <= reached, {label: dict(statuses[label]) for label in MUST_SUCCEED - reached}
