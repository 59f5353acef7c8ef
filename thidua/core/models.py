"""Core records: role grants on the union tree, and the append-only audit log."""
from __future__ import annotations

from django.conf import settings
from django.db import models


class Role(models.TextChoices):
    SYSTEM_ADMIN = "system_admin", "Quản trị hệ thống"
    UNION_OFFICER = "union_officer", "Cán bộ công đoàn"
    EMULATION_OFFICER = "emulation_officer", "Cán bộ thi đua – khen thưởng"
    COUNCIL_MEMBER = "council_member", "Thành viên hội đồng"
    VIEWER = "viewer", "Người xem"


class RoleGrant(models.Model):
    """One role held by one user on one organisation and everything below it."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="role_grants")
    organisation = models.ForeignKey("organisations.Organisation", on_delete=models.PROTECT, related_name="role_grants")
    role = models.CharField("vai trò", max_length=32, choices=Role.choices)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "phân quyền"
        verbose_name_plural = "phân quyền"
        constraints = [
            models.UniqueConstraint(fields=["user", "organisation", "role"], name="unique_role_grant"),
        ]

    def __str__(self) -> str:
        return f"{self.user} – {self.get_role_display()} – {self.organisation}"


class AuditQuerySet(models.QuerySet):
    def update(self, **kwargs):
        raise PermissionError("Nhật ký thay đổi không thể sửa.")

    def delete(self):
        raise PermissionError("Nhật ký thay đổi không thể xoá.")


class AuditEntry(models.Model):
    """Who changed which record when, the fields before and after, and why. Never changed."""

    class Action(models.TextChoices):
        CREATE = "create", "Tạo mới"
        UPDATE = "update", "Cập nhật"
        DELETE = "delete", "Xoá"

    at = models.DateTimeField("thời điểm", auto_now_add=True, db_index=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField("người thực hiện", max_length=150, blank=True)
    action = models.CharField("thao tác", max_length=10, choices=Action.choices)
    model = models.CharField("loại bản ghi", max_length=100)
    object_id = models.CharField(max_length=64)
    object_repr = models.CharField("bản ghi", max_length=300)
    # The organisation path the record belonged to, so officers see history within their scope.
    org_path = models.CharField(max_length=255, blank=True, db_index=True)
    before = models.JSONField("trước", null=True, blank=True)
    after = models.JSONField("sau", null=True, blank=True)
    reason = models.TextField("lý do", blank=True)

    objects = AuditQuerySet.as_manager()

    class Meta:
        verbose_name = "nhật ký thay đổi"
        verbose_name_plural = "nhật ký thay đổi"
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["model", "object_id"], name="audit_object_idx")]

    def save(self, *args, **kwargs):
        if self.pk is not None:
            raise PermissionError("Nhật ký thay đổi không thể sửa.")
        super().save(*args, **kwargs)

    def delete(self, *args, **kwargs):
        raise PermissionError("Nhật ký thay đổi không thể xoá.")

    @property
    def changes(self) -> list[tuple[str, object, object]]:
        before, after = self.before or {}, self.after or {}
        keys = sorted(set(before) | set(after))
        return [(k, before.get(k), after.get(k)) for k in keys if before.get(k) != after.get(k)]
