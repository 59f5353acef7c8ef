"""The objects the access tests work on: inside the Hà Nội officers' scope and outside it (Huế).

Each app of the emulation year adds its own objects and rows through thidua/<app>/tests/scope.py;
tests/test_scope_matrix.py walks the routes over them, tests/test_schemathesis.py takes real ids
from them.
"""
from __future__ import annotations

import importlib

SCOPE_MODULES = [importlib.import_module(f"thidua.{app}.tests.scope")
                 for app in ("campaigns", "registrations", "pacts", "movements", "training", "nominations", "decisions")]


def build_world(tree) -> dict:
    """Inside and outside objects, with what writes need on each side."""
    from datetime import date

    from thidua.core.permissions import SYSTEM
    from thidua.organisations.models import OrgKind
    from thidua.organisations.services import org_create

    def unit(code, parent):
        return org_create(actor=SYSTEM, code=code, name=f"Công đoàn {code}", kind=OrgKind.GRASSROOTS_PUBLIC,
                          parent=parent, valid_from=date(2025, 7, 1))

    inside = {"org": tree.bach_mai, "person": tree.hoa, "parent": tree.hanoi_pharma.code, "sibling": tree.hanoi_pharma.code,
              "unit": tree.bach_mai.code}
    outside = {"org": tree.hue_central, "person": tree.hoa2, "parent": tree.hue.code, "sibling": tree.hue.code,
               "unit": tree.hue_central.code}
    for side, parent, prefix in ((inside, tree.hanoi, "HN"), (outside, tree.hue, "HUE")):
        side["new1"], side["new2"] = unit(f"{prefix}-A", parent).code, unit(f"{prefix}-B", parent).code
    # The split source must have no children: Bạch Mai's department moves out first (inside only).
    from thidua.organisations.services import org_move

    org_move(actor=SYSTEM, org=tree.cardio, new_parent=tree.hanoi_pharma, on=date(2025, 1, 1))
    # An eligibility run of each hospital, and one of its stored results.
    from thidua.commendations.models import EligibilityResult
    from thidua.commendations.services import eligibility_run

    for side in (inside, outside):
        side["run"] = eligibility_run(actor=SYSTEM, organisation=side["org"], year=2024, on=date(2025, 1, 15))
        side["result"] = EligibilityResult.objects.filter(run=side["run"]).first()
    for module in SCOPE_MODULES:
        module.world(tree, inside, outside)
    return {"in": inside, "out": outside}
