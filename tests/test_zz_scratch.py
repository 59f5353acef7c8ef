from datetime import date
from thidua.commendations.selectors import eligibility_for_person, eligibility_for_unit
from thidua.commendations.tests.conftest import record_years, give
from thidua.core.permissions import SYSTEM

def test_scratch(tree):
    record_years(tree.duc, {2023: "HTXSNV", 2024: "HTXSNV"})
    for r in eligibility_for_person(actor=SYSTEM, person=tree.duc, year=2024, on=date(2025,1,15)):
        print(r.award, r.verdict.value, r.regime)
        for c in r.criteria:
            print("   ", c.as_dict())
    print("---- unit")
    for r in eligibility_for_unit(actor=SYSTEM, organisation=tree.bach_mai, year=2024, on=date(2025,1,15)):
        print(r.award, r.verdict.value, r.regime)
        for c in r.criteria:
            print("   ", c.as_dict())
