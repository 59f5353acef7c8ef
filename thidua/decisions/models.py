"""Quyết định khen thưởng: numbered decisions, their lists, the award records they make, certificates.

- `DocumentSettings`: what an issuing organisation prints at the top and bottom of its documents
  (parent body, its own name as printed, the symbol in numbers, place, signer) — NĐ 30/2020 leaves
  these to each body.
- `NumberSequence`: the last number an organisation used for its decisions of a year; numbers are
  taken under a row lock, so two officers issuing at once never get the same number and there are
  no gaps.
- `Decision`: issued by an organisation (or received from a higher level and recorded), with a
  number unique for the issuer and year, a date, a signer and the list (`DecisionItem`). Once
  issued it never changes: a correction or a revocation is a new decision that refers to it.
- `DecisionItem`: one recipient of a decision; issuing makes its `AwardRecord` (the award history
  the rules engine reads) and its verification code, printed as a QR code on the certificate.
- `CertificateForm`: the positions of the fields on an organisation's pre-printed blank (phôi).
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from thidua.commendations.models import AwardRecord
from thidua.nominations.models import Proposal, Round
from thidua.organisations.models import Organisation
from thidua.people.models import Person


class DocumentSettings(models.Model):
    organisation = models.OneToOneField(Organisation, on_delete=models.CASCADE, related_name="document_settings")
    parent_body = models.CharField("tên cơ quan chủ quản", max_length=255, blank=True)
    issuer = models.CharField("tên cơ quan ban hành (in hoa)", max_length=255)
    symbol = models.CharField("chữ viết tắt trong số ký hiệu", max_length=32)
    place = models.CharField("địa danh", max_length=100)
    signer_authority = models.CharField("thẩm quyền ký", max_length=100, default="TM. BAN CHẤP HÀNH")
    signer_title = models.CharField("chức vụ người ký", max_length=100, default="CHỦ TỊCH")
    signer_name = models.CharField("họ tên người ký", max_length=150, blank=True)

    class Meta:
        verbose_name = "thông tin trình bày văn bản"
        verbose_name_plural = "thông tin trình bày văn bản"


class NumberSequence(models.Model):
    issuer = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+")
    year = models.PositiveSmallIntegerField()
    last = models.PositiveIntegerField(default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["issuer", "year"], name="unique_number_sequence")]


class Decision(models.Model):
    class Kind(models.TextChoices):
        AWARD = "award", "Khen thưởng"
        CORRECTION = "correction", "Đính chính, sửa đổi"
        REVOCATION = "revocation", "Thu hồi, hủy bỏ"

    class Status(models.TextChoices):
        DRAFT = "draft", "Dự thảo"
        ISSUED = "issued", "Đã ban hành"

    kind = models.CharField("loại quyết định", max_length=16, choices=Kind.choices, default=Kind.AWARD)
    status = models.CharField("trạng thái", max_length=8, choices=Status.choices, default=Status.DRAFT, db_index=True)
    issuer = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions_issued",
                               verbose_name="cơ quan ban hành")
    received_by = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions_received",
                                    verbose_name="đơn vị ghi nhận")  # set for decisions of higher levels recorded here
    issuer_name = models.CharField("tên cơ quan ban hành", max_length=255)
    year = models.PositiveSmallIntegerField("năm", null=True, blank=True)
    number = models.PositiveIntegerField("số", null=True, blank=True)
    number_text = models.CharField("số, ký hiệu", max_length=64, blank=True)
    issued_on = models.DateField("ngày ban hành", null=True, blank=True)
    subject = models.CharField("trích yếu", max_length=500)
    award = models.CharField("danh hiệu, hình thức", max_length=64, blank=True)
    grounds = models.TextField("căn cứ", blank=True)  # one per line
    signer_authority = models.CharField("thẩm quyền ký", max_length=100, blank=True)
    signer_title = models.CharField("chức vụ người ký", max_length=100, blank=True)
    signer_name = models.CharField("người ký", max_length=150, blank=True)
    refers_to = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="amended_by",
                                  verbose_name="quyết định được sửa đổi, thu hồi")
    reason = models.TextField("lý do", blank=True)
    round = models.ForeignKey(Round, null=True, blank=True, on_delete=models.PROTECT, related_name="decisions", verbose_name="đợt khen thưởng")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "quyết định khen thưởng"
        verbose_name_plural = "quyết định khen thưởng"
        ordering = ["-issued_on", "-number", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["issuer", "year", "number"], condition=Q(number__isnull=False),
                                    name="unique_decision_number"),
        ]
        indexes = [models.Index(fields=["issuer", "issued_on"], name="decision_issuer_on_idx")]

    def __str__(self) -> str:
        if self.status == self.Status.ISSUED:
            return f"Quyết định số {self.number_text} ngày {self.issued_on:%d/%m/%Y}"
        return f"Dự thảo quyết định: {self.subject}"

    @property
    def owner(self) -> Organisation:
        """The organisation whose officers see and handle this decision."""
        return self.issuer or self.received_by


class DecisionItem(models.Model):
    decision = models.ForeignKey(Decision, on_delete=models.CASCADE, related_name="items")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="decision_items")
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="decision_items")
    award = models.CharField("danh hiệu, hình thức", max_length=64)
    year = models.PositiveSmallIntegerField("năm thành tích")
    position_unit = models.CharField("chức vụ, đơn vị", max_length=500, blank=True)
    achievement = models.TextField("thành tích", blank=True)
    amount = models.PositiveBigIntegerField("tiền thưởng (đồng)", default=0)
    proposal = models.ForeignKey(Proposal, null=True, blank=True, on_delete=models.PROTECT, related_name="decision_items")
    target = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="amendments",
                               verbose_name="khen thưởng bị sửa đổi, thu hồi")
    award_record = models.OneToOneField(AwardRecord, null=True, blank=True, on_delete=models.PROTECT, related_name="decision_item")
    verification_code = models.CharField("mã xác minh", max_length=20, unique=True, null=True, blank=True)

    class Meta:
        verbose_name = "người, tập thể trong quyết định"
        verbose_name_plural = "danh sách kèm quyết định"
        ordering = ["decision_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, organisation__isnull=True) | Q(person__isnull=True, organisation__isnull=False),
                name="decision_item_one_subject",
            ),
        ]

    @property
    def subject(self):
        return self.person or self.organisation

    def __str__(self) -> str:
        return f"{self.subject} – {self.award}"


class CertificateForm(models.Model):
    """An organisation's pre-printed blank: page size and where each field is printed (OverlayLayout JSON)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.CASCADE, related_name="certificate_forms")
    name = models.CharField("tên mẫu phôi", max_length=255)
    layout = models.JSONField("vị trí các trường")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "mẫu phôi"
        verbose_name_plural = "mẫu phôi"
        ordering = ["organisation_id", "name", "id"]
