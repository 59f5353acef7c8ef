"""People: one row per human, apart from their employment in units and their union membership."""
from __future__ import annotations

from django.db import models

from thidua.core.scales import Discipline, Rating
from thidua.organisations.models import Organisation


class Gender(models.TextChoices):
    MALE = "male", "Nam"
    FEMALE = "female", "Nữ"


class Profession(models.TextChoices):
    DOCTOR = "doctor", "Bác sĩ"
    PHYSICIAN_ASSISTANT = "physician_assistant", "Y sĩ"
    NURSE = "nurse", "Điều dưỡng"
    MIDWIFE = "midwife", "Hộ sinh"
    TECHNICIAN = "technician", "Kỹ thuật viên"
    PHARMACIST = "pharmacist", "Dược sĩ"
    PUBLIC_HEALTH = "public_health", "Cán bộ y tế công cộng"
    ADMINISTRATION = "administration", "Nhân viên hành chính"
    WORKER = "worker", "Công nhân"
    OTHER = "other", "Khác"


class Person(models.Model):
    full_name = models.CharField("họ và tên", max_length=150)
    family_name = models.CharField("họ", max_length=50, blank=True)
    middle_name = models.CharField("tên đệm", max_length=100, blank=True)
    given_name = models.CharField("tên", max_length=50)
    gender = models.CharField("giới tính", max_length=8, choices=Gender.choices, blank=True)
    date_of_birth = models.DateField("ngày sinh", null=True, blank=True)
    cccd = models.CharField("số CCCD", max_length=12, null=True, blank=True, unique=True)
    phone = models.CharField("điện thoại", max_length=20, blank=True)
    email = models.EmailField("thư điện tử", blank=True)
    # Derived keys (see thidua.core.text): accent-free search, Vietnamese alphabetical order.
    search_full = models.CharField(max_length=150, editable=False)
    search_given_first = models.CharField(max_length=150, editable=False)
    sort_key = models.CharField(max_length=400, editable=False)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "người"
        verbose_name_plural = "người"
        ordering = ["sort_key", "id"]
        # With the id in the index, "ORDER BY key, id LIMIT n" reads the index in order and stops
        # after n rows on both engines (PostgreSQL would otherwise sort each run of equal names).
        indexes = [
            models.Index(fields=["search_full", "id"], name="person_search_full_idx"),
            models.Index(fields=["search_given_first", "id"], name="person_search_given_idx"),
            models.Index(fields=["sort_key", "id"], name="person_sort_idx"),
            # An import finds the people of the same name and date of birth with one probe per row.
            models.Index(fields=["date_of_birth", "search_full"], name="person_birth_name_idx"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def honorific(self) -> str:
        return {"male": "Ông", "female": "Bà"}.get(self.gender, "Ông/Bà")


class Employment(models.Model):
    """Work in one unit over one period (inclusive dates; open-ended while it lasts)."""

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="employments")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="employments", verbose_name="đơn vị")
    position = models.CharField("chức vụ", max_length=100, blank=True)
    profession = models.CharField("chức danh nghề nghiệp", max_length=32, choices=Profession.choices, blank=True)
    start = models.DateField("từ ngày")
    end = models.DateField("đến ngày", null=True, blank=True)

    class Meta:
        verbose_name = "quá trình công tác"
        verbose_name_plural = "quá trình công tác"
        ordering = ["-start", "-id"]
        indexes = [models.Index(fields=["organisation", "end"], name="employment_org_end_idx")]

    def __str__(self) -> str:
        return f"{self.person} – {self.organisation.name}"


class Membership(models.Model):
    """Union membership in one organisation; a transfer ends one row and starts another."""

    class EndReason(models.TextChoices):
        TRANSFERRED = "transferred", "Chuyển sinh hoạt"
        LEFT = "left", "Thôi sinh hoạt"
        RETIRED = "retired", "Nghỉ hưu"
        DECEASED = "deceased", "Từ trần"

    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="memberships", verbose_name="công đoàn")
    card_number = models.CharField("số thẻ đoàn viên", max_length=20, blank=True, db_index=True)
    joined = models.DateField("ngày vào")
    left = models.DateField("ngày rời", null=True, blank=True)
    # The organisation's path, copied here so that "members of this subtree on this date" is one
    # index range on this table (no join): kept in step by thidua.people.services when units move.
    org_path = models.CharField(max_length=255, default="", editable=False)
    end_reason = models.CharField("lý do rời", max_length=16, choices=EndReason.choices, blank=True)

    class Meta:
        verbose_name = "sinh hoạt công đoàn"
        verbose_name_plural = "sinh hoạt công đoàn"
        ordering = ["-joined", "-id"]
        # Covers "active on a date anywhere in this subtree", so counting members reads the index only.
        indexes = [models.Index(fields=["org_path", "left", "joined"], name="membership_subtree_idx")]

    def __str__(self) -> str:
        return f"{self.person} – {self.organisation.name}"


class YearlyAppraisal(models.Model):
    """One person's year as the eligibility rules read it: rating, discipline, absence, registration.

    A year without a row is unknown to the rules (MISSING), never "nothing happened"; inside a row,
    an empty discipline means "not disciplined" and an empty number "not recorded".
    """

    # Indexed by the (person, year) constraint.
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="appraisals", db_index=False)
    year = models.PositiveSmallIntegerField("năm")
    rating = models.CharField("xếp loại", max_length=8, choices=Rating.choices, blank=True, help_text="Để trống khi chưa xếp loại.")
    discipline = models.CharField("kỷ luật", max_length=16, choices=Discipline.choices, blank=True, help_text="Để trống khi không bị kỷ luật.")
    absent_days = models.PositiveSmallIntegerField("số ngày nghỉ làm việc", null=True, blank=True)
    maternity_days = models.PositiveSmallIntegerField("trong đó nghỉ thai sản", null=True, blank=True)
    registered = models.BooleanField("đăng ký thi đua đầu năm", null=True, blank=True)
    note = models.TextField("ghi chú", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "đánh giá, xếp loại năm"
        verbose_name_plural = "đánh giá, xếp loại năm"
        ordering = ["person_id", "-year"]
        constraints = [models.UniqueConstraint(fields=["person", "year"], name="unique_appraisal_person_year")]

    def __str__(self) -> str:
        return f"{self.person} – năm {self.year}"
