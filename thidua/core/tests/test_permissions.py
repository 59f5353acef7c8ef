"""Scope: each grant covers one organisation and its subtree; roles decide what may be done there."""
import pytest

from thidua.core.errors import Forbidden, NotFound
from thidua.core.models import Role
from thidua.core.permissions import Action, SYSTEM, require, scope_paths
from thidua.core.services import role_grant
from thidua.organisations.selectors import org_get, org_visible


def test_a_grant_covers_its_subtree_only(tree, make_user):
    officer = make_user(Role.UNION_OFFICER, tree.hanoi)
    assert set(org_visible(actor=officer).values_list("code", flat=True)) == {"CDN-HN", "BV-BM", "DUOC-HN", "BV-BM-TM"}
    assert org_get(actor=officer, code="BV-BM-TM") == tree.cardio
    with pytest.raises(NotFound):
        org_get(actor=officer, code="CDN-HUE")
    with pytest.raises(NotFound):
        org_get(actor=officer, code="CDYTVN")  # not even its own parent


def test_nested_grants_collapse_to_the_widest_root(tree, make_user):
    officer = make_user(Role.UNION_OFFICER, tree.bach_mai)
    role_grant(actor=SYSTEM, user=officer, role=Role.VIEWER, organisation=tree.hanoi)
    role_grant(actor=SYSTEM, user=officer, role=Role.VIEWER, organisation=tree.cardio)
    officer = type(officer).objects.get(pk=officer.pk)
    assert scope_paths(officer, Action.VIEW) == [tree.hanoi.path]
    assert scope_paths(officer, Action.MANAGE_PEOPLE) == [tree.bach_mai.path]


@pytest.mark.parametrize(
    "role, view, manage, audit",
    [
        (Role.SYSTEM_ADMIN, True, True, True),
        (Role.UNION_OFFICER, True, True, True),
        (Role.EMULATION_OFFICER, True, False, True),
        (Role.COUNCIL_MEMBER, True, False, False),
        (Role.VIEWER, True, False, False),
    ],
)
def test_what_each_role_may_do_inside_its_scope(tree, make_user, role, view, manage, audit):
    user = make_user(role, tree.hanoi)

    def allowed(action, org):
        try:
            require(user, action, org)
            return True
        except (Forbidden, NotFound):
            return False

    assert allowed(Action.VIEW, tree.bach_mai) is view
    assert allowed(Action.MANAGE_PEOPLE, tree.bach_mai) is manage
    assert allowed(Action.MANAGE_ORGS, tree.bach_mai) is manage
    assert allowed(Action.VIEW_AUDIT, tree.bach_mai) is audit
    # Outside the scope every role meets "not found", never "forbidden".
    for action in Action:
        with pytest.raises(NotFound):
            require(user, action, tree.hue_central)


def test_only_system_administrators_grant_system_administration(tree, make_user):
    officer = make_user(Role.UNION_OFFICER, tree.hanoi)
    other = make_user(Role.VIEWER, tree.bach_mai)
    with pytest.raises(Forbidden):
        role_grant(actor=officer, user=other, role=Role.SYSTEM_ADMIN, organisation=tree.bach_mai)
    assert role_grant(actor=officer, user=other, role=Role.EMULATION_OFFICER, organisation=tree.bach_mai).role == Role.EMULATION_OFFICER


def test_anonymous_and_grantless_users_see_nothing(tree, django_user_model):
    from django.contrib.auth.models import AnonymousUser

    assert org_visible(actor=AnonymousUser()).count() == 0
    assert org_visible(actor=django_user_model.objects.create_user("x", password="y")).count() == 0
    assert org_visible(actor=SYSTEM).count() == 7
