"""The union tree over time: units, their names and parents by period, and the events that changed them.

`Organisation.parent` and `path` describe the tree as it stands now. A unit that was merged away
hangs (closed) under its successor, so everything recorded against it stays inside the
successor's subtree: reachable from it, and in the scope of the successor's officers.
The tree as of any earlier date is read from `OrganisationVersion`.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models

from thidua.core.scales import Rating


class OrgKind(models.TextChoices):
    CONFEDERATION = "confederation", "Tổng Liên đoàn Lao động Việt Nam"
    PROVINCIAL_FEDERATION = "provincial_federation", "Liên đoàn Lao động tỉnh, thành phố"
    NATIONAL_SECTOR_UNION = "national_sector_union", "Công đoàn ngành trung ương"
    PROVINCIAL_SECTOR_UNION = "provincial_sector_union", "Công đoàn ngành tỉnh, thành phố"
    GRASSROOTS_PUBLIC = "grassroots_public", "Công đoàn cơ sở khu vực hành chính sự nghiệp"
    GRASSROOTS_BUSINESS = "grassroots_business", "Công đoàn cơ sở doanh nghiệp"
    UNION_GROUP = "union_group", "Tổ công đoàn, khoa, phòng"
    PARTNER = "partner", "Cơ quan phối hợp"


class Organisation(models.Model):
    code = models.CharField("mã", max_length=32, unique=True)
    name = models.CharField("tên", max_length=255)
    kind = models.CharField("loại", max_length=32, choices=OrgKind.choices)
    parent = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="children", verbose_name="trực thuộc")
    # Materialised path of ids, "/1/7/42/": a subtree is a prefix, answered from an index.
    path = models.CharField(max_length=255, db_index=True, editable=False)
    depth = models.PositiveSmallIntegerField(default=0, editable=False)
    valid_from = models.DateField("hiệu lực từ")
    valid_to = models.DateField("hiệu lực đến", null=True, blank=True, help_text="Ngày cuối cùng đơn vị còn hoạt động.")
    successor = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="predecessors", verbose_name="đơn vị kế thừa")
    province_code = models.PositiveIntegerField("tỉnh, thành phố", null=True, blank=True)
    ward_code = models.PositiveIntegerField("xã, phường", null=True, blank=True)
    address = models.CharField("địa chỉ", max_length=255, blank=True)
    search_name = models.CharField(max_length=255, db_index=True, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "tổ chức"
        verbose_name_plural = "tổ chức"
        ordering = ["path"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def is_active_on(self, on) -> bool:
        return self.valid_from <= on and (self.valid_to is None or self.valid_to >= on)

    @property
    def province_name(self) -> str:
        from thidua.organisations.places import province_name

        return province_name(self.province_code)

    @property
    def ward_name(self) -> str:
        from thidua.organisations.places import ward_name

        return ward_name(self.ward_code)


class OrganisationVersion(models.Model):
    """A unit's name and parent during one period (inclusive dates; open-ended when valid_to is empty)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="versions")
    name = models.CharField("tên", max_length=255)
    parent = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    valid_from = models.DateField("từ ngày")
    valid_to = models.DateField("đến ngày", null=True, blank=True)

    class Meta:
        verbose_name = "giai đoạn của tổ chức"
        verbose_name_plural = "giai đoạn của tổ chức"
        ordering = ["organisation_id", "valid_from"]
        indexes = [models.Index(fields=["valid_from", "valid_to"], name="orgversion_period_idx")]


class OrganisationEvent(models.Model):
    class Kind(models.TextChoices):
        CREATED = "created", "Thành lập"
        RENAMED = "renamed", "Đổi tên"
        MOVED = "moved", "Chuyển trực thuộc"
        MERGED = "merged", "Hợp nhất, sáp nhập"
        SPLIT = "split", "Chia tách"
        DISSOLVED = "dissolved", "Giải thể"

    kind = models.CharField("sự kiện", max_length=16, choices=Kind.choices)
    effective = models.DateField("ngày hiệu lực")
    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="events")
    # For merges and splits: the units on the other side (successor or predecessors).
    related = models.ManyToManyField(Organisation, blank=True, related_name="+")
    details = models.JSONField(default=dict, blank=True)
    reason = models.TextField("lý do", blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "sự kiện tổ chức"
        verbose_name_plural = "sự kiện tổ chức"
        ordering = ["effective", "id"]


class OrgYearlyAppraisal(models.Model):
    """A unit's yearly rating (mức độ hoàn thành nhiệm vụ of the collective), read by the collective titles."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="appraisals", db_index=False)
    year = models.PositiveSmallIntegerField("năm")
    rating = models.CharField("xếp loại", max_length=8, choices=Rating.choices)
    note = models.TextField("ghi chú", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "xếp loại tập thể năm"
        verbose_name_plural = "xếp loại tập thể năm"
        ordering = ["organisation_id", "-year"]
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="unique_org_appraisal_year")]

    def __str__(self) -> str:
        return f"{self.organisation.name} – năm {self.year}"
