"""Writes about accounts and their role grants."""
from __future__ import annotations

from django.contrib.auth import get_user_model
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction

from thidua.core.audit import audit_record, snapshot
from thidua.core.errors import Forbidden, UserError
from thidua.core.models import AuditEntry, Role, RoleGrant
from thidua.core.permissions import Action, is_system_admin, require


def _clean_role(role: str) -> str:
    if role not in Role.values:
        raise UserError(f"Vai trò «{role}» không hợp lệ. Các vai trò: {', '.join(Role.values)}.", field="role")
    return role


@transaction.atomic
def role_grant(*, actor, user, role: str, organisation, reason: str = "") -> RoleGrant:
    role = _clean_role(role)
    require(actor, Action.MANAGE_ORGS, organisation)
    if role == Role.SYSTEM_ADMIN and not is_system_admin(actor):
        raise Forbidden("Chỉ quản trị hệ thống được cấp quyền quản trị hệ thống.")
    grant, created = RoleGrant.objects.get_or_create(user=user, role=role, organisation=organisation)
    if created:
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=grant, before=None, after=snapshot(grant), reason=reason, org_path=organisation.path)
    return grant


@transaction.atomic
def user_create_with_role(*, actor, username: str, password: str, role: str, organisation, full_name: str = "", validate: bool = True):
    User = get_user_model()
    username = (username or "").strip()
    if not username:
        raise UserError("Tên đăng nhập không được để trống.", field="username")
    if User.objects.filter(username__iexact=username).exists():
        raise UserError(f"Tên đăng nhập «{username}» đã có người dùng.", field="username")
    _clean_role(role)
    user = User(username=username, first_name=full_name[:150])
    if validate:
        try:
            validate_password(password, user)
        except ValidationError as exc:
            raise UserError("Mật khẩu chưa đủ mạnh: " + " ".join(exc.messages), field="password") from None
    user.set_password(password)
    user.save()
    audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=user, before=None,
                 after={"username": user.username, "first_name": user.first_name}, org_path=organisation.path)
    role_grant(actor=actor, user=user, role=role, organisation=organisation)
    return user
