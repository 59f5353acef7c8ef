"""Training (đào tạo, bồi dưỡng): the courses and qualifications of people, and the unit that sent them.

A course belongs to one person and is filed under its sending unit (đơn vị cử đi): the unit's
officers record it, and it lies in their part of the tree for as long as the unit does. Who may
see a course follows the sending unit, as for every other record of the tree.

The scanned certificate is kept apart (`TrainingFile`), in the database: a few megabytes at most,
private (served only through a scoped page), copied with every backup, and never read when lists
of courses are.
"""
from __future__ import annotations

from django.db import models

from thidua.organisations.models import Organisation
from thidua.people.models import Person


class TrainingKind(models.TextChoices):
    SPECIALIST_1 = "specialist_1", "Chuyên khoa cấp I"
    SPECIALIST_2 = "specialist_2", "Chuyên khoa cấp II"
    MASTER = "master", "Thạc sĩ"
    DOCTORATE = "doctorate", "Tiến sĩ"
    RESIDENT = "resident", "Bác sĩ nội trú"
    SHORT_COURSE = "short_course", "Bồi dưỡng ngắn hạn"
    POLITICS_ELEMENTARY = "politics_elementary", "Lý luận chính trị sơ cấp"
    POLITICS_INTERMEDIATE = "politics_intermediate", "Lý luận chính trị trung cấp"
    POLITICS_ADVANCED = "politics_advanced", "Lý luận chính trị cao cấp"
    OTHER = "other", "Khác"


class TrainingStatus(models.TextChoices):
    STUDYING = "studying", "Đang học"
    GRADUATED = "graduated", "Đã tốt nghiệp"
    DROPPED = "dropped", "Bỏ dở"


class Training(models.Model):
    """One course of one person: while studying, `end` is the planned end (if known); once over, the real one."""

    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="trainings", verbose_name="người học")
    kind = models.CharField("loại hình đào tạo", max_length=32, choices=TrainingKind.choices)
    speciality = models.CharField("chuyên ngành", max_length=200, blank=True)
    institution = models.CharField("cơ sở đào tạo", max_length=255)
    start = models.DateField("từ ngày")
    end = models.DateField("đến ngày", null=True, blank=True)
    status = models.CharField("tình trạng", max_length=16, choices=TrainingStatus.choices, default=TrainingStatus.STUDYING)
    sending_unit = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="trainings", verbose_name="đơn vị cử đi")
    certificate_number = models.CharField("số văn bằng, chứng chỉ", max_length=64, blank=True)
    certificate_date = models.DateField("ngày cấp văn bằng, chứng chỉ", null=True, blank=True)
    note = models.TextField("ghi chú", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "khóa đào tạo, bồi dưỡng"
        verbose_name_plural = "khóa đào tạo, bồi dưỡng"
        ordering = ["-start", "-id"]
        indexes = [
            models.Index(fields=["sending_unit", "start"], name="training_unit_start_idx"),
            models.Index(fields=["sending_unit", "end"], name="training_unit_end_idx"),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_kind_display()} ({self.start:%d/%m/%Y})"


class TrainingFile(models.Model):
    """The scanned certificate or diploma of a course (PDF or image), at most one per course."""

    training = models.OneToOneField(Training, on_delete=models.CASCADE, related_name="scan", verbose_name="khóa đào tạo")
    name = models.CharField("tên tệp", max_length=200)
    content_type = models.CharField("loại tệp", max_length=64)
    size = models.PositiveIntegerField("dung lượng (byte)")
    data = models.BinaryField("nội dung")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "bản scan văn bằng, chứng chỉ"
        verbose_name_plural = "bản scan văn bằng, chứng chỉ"

    def __str__(self) -> str:
        return self.name
