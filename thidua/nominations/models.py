"""Đề nghị khen thưởng: rounds, dossiers that climb the union tree, and the councils that vote on them.

- `Round` (đợt khen thưởng): an organisation's call for proposals of one kind (yearly, end of a
  stage, theme, ad hoc, lifetime, years of service, foreign), with a deadline for each level.
- `Dossier` (hồ sơ đề nghị): one proposing unit's request for one award of the catalogue, sent to
  the organisation that holds it now (`holder`). A dossier within the proposer's own authority is
  decided at home; otherwise it is submitted (trình) to the nearest ancestor whose kind may confer
  the award, which accepts it, returns it with a reason, or decides. An organisation without the
  authority that received it forwards its passed proposals upward in a dossier of its own
  (`forwarded_from`).
- `Proposal`: one person or one collective in a dossier, with the rules engine's pre-check stored
  as shown to the proposer; an ineligible one goes forward only with a written reason.
- `Step`: every transition of a dossier, with actor, time and reason (the processing slip).
- `PublicComment`: comments received during a high-level dossier's public comment window.
- `Council` (Hội đồng thi đua – khen thưởng) of an organisation for a term, its `Seat`s, its
  `Meeting`s; per proposal on a meeting's agenda a secret ballot: `BallotCast` records that a seat
  voted (so nobody votes twice), `Tally` keeps the counts, and nothing links a seat to its choice.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from thidua.organisations.models import Organisation
from thidua.people.models import Person


class Round(models.Model):
    class Kind(models.TextChoices):
        YEARLY = "yearly", "Tổng kết năm"
        STAGE = "stage", "Tổng kết giai đoạn"
        THEME = "theme", "Chuyên đề, phong trào"
        AD_HOC = "ad_hoc", "Đột xuất"
        LIFETIME = "lifetime", "Quá trình cống hiến"
        SERVICE_YEARS = "service_years", "Theo niên hạn"
        FOREIGN = "foreign", "Đối ngoại"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="commendation_rounds",
                                     verbose_name="tổ chức mở đợt")
    kind = models.CharField("loại đợt", max_length=16, choices=Kind.choices)
    title = models.CharField("tên đợt", max_length=255)
    year = models.PositiveSmallIntegerField("năm", db_index=True)
    stage_from = models.PositiveSmallIntegerField("giai đoạn từ năm", null=True, blank=True)
    stage_to = models.PositiveSmallIntegerField("giai đoạn đến năm", null=True, blank=True)
    theme = models.CharField("chuyên đề", max_length=255, blank=True)
    opened_on = models.DateField("ngày mở đợt")
    note = models.TextField("ghi chú", blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "đợt khen thưởng"
        verbose_name_plural = "đợt khen thưởng"
        ordering = ["-year", "-opened_on", "id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.organisation.name})"


class Deadline(models.Model):
    """Until when dossiers of a round are received from organisations of one kind (inclusive)."""

    round = models.ForeignKey(Round, on_delete=models.CASCADE, related_name="deadlines")
    org_kind = models.CharField("cấp gửi hồ sơ", max_length=32)  # an OrgKind value
    due_on = models.DateField("hạn nộp")

    class Meta:
        verbose_name = "hạn nộp hồ sơ"
        verbose_name_plural = "hạn nộp hồ sơ"
        ordering = ["round_id", "due_on"]
        constraints = [models.UniqueConstraint(fields=["round", "org_kind"], name="unique_deadline_round_kind")]

    def __str__(self) -> str:
        return f"{self.org_kind}: {self.due_on:%d/%m/%Y}"


class Dossier(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", "Đang lập"
        SUBMITTED = "submitted", "Đã trình"
        ACCEPTED = "accepted", "Đã tiếp nhận"
        RETURNED = "returned", "Trả lại"
        FORWARDED = "forwarded", "Đã trình lên cấp trên"
        DECIDED = "decided", "Đã có quyết định"

    round = models.ForeignKey(Round, on_delete=models.PROTECT, related_name="dossiers", verbose_name="đợt khen thưởng")
    proposer = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="dossiers_proposed", verbose_name="đơn vị đề nghị")
    holder = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="dossiers_held", verbose_name="nơi đang xử lý")
    award = models.CharField("danh hiệu, hình thức đề nghị", max_length=64)
    status = models.CharField("trạng thái", max_length=16, choices=Status.choices, default=Status.DRAFT, db_index=True)
    title = models.CharField("trích yếu", max_length=500)
    forwarded_from = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="forwarded_as",
                                       verbose_name="hồ sơ gốc")
    submitted_on = models.DateField("ngày trình", null=True, blank=True)
    comment_until = models.DateField("lấy ý kiến công khai đến", null=True, blank=True)
    public_token = models.CharField("mã công khai", max_length=32, unique=True, null=True, blank=True)
    achievement_report = models.BinaryField("báo cáo thành tích", null=True, blank=True)
    achievement_report_name = models.CharField(max_length=255, blank=True)
    minutes_file = models.BinaryField("biên bản họp", null=True, blank=True)
    minutes_file_name = models.CharField(max_length=255, blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "hồ sơ đề nghị khen thưởng"
        verbose_name_plural = "hồ sơ đề nghị khen thưởng"
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["holder", "status"], name="dossier_holder_status_idx")]

    def __str__(self) -> str:
        return f"{self.title} – {self.proposer.name}"


class Proposal(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", "Đề nghị"
        PASSED = "passed", "Hội đồng thông qua"
        FAILED = "failed", "Hội đồng không thông qua"
        DECIDED = "decided", "Đã khen thưởng"
        WITHDRAWN = "withdrawn", "Rút khỏi hồ sơ"

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="proposals")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="proposals", verbose_name="cá nhân")
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="proposals",
                                     verbose_name="tập thể")
    award = models.CharField("danh hiệu, hình thức", max_length=64)
    year = models.PositiveSmallIntegerField("năm thành tích")
    achievement = models.TextField("tóm tắt thành tích", blank=True)
    amount = models.PositiveBigIntegerField("tiền thưởng (đồng)", default=0)
    verdict = models.CharField("kết quả kiểm tra điều kiện", max_length=20, blank=True)
    reasons = models.JSONField("lý do", default=list)  # [{"criterion", "met", "explanation", "citation"}]
    override_reason = models.TextField("lý do vẫn đề nghị", blank=True)
    status = models.CharField("trạng thái", max_length=16, choices=Status.choices, default=Status.PROPOSED, db_index=True)
    source = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="carried_as",
                               verbose_name="đề nghị ở cấp dưới")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "đề nghị"
        verbose_name_plural = "đề nghị"
        ordering = ["dossier_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, organisation__isnull=True) | Q(person__isnull=True, organisation__isnull=False),
                name="proposal_one_subject",
            ),
            models.UniqueConstraint(fields=["dossier", "person"], condition=Q(person__isnull=False), name="unique_proposal_person"),
            models.UniqueConstraint(fields=["dossier", "organisation"], condition=Q(organisation__isnull=False),
                                    name="unique_proposal_organisation"),
        ]

    @property
    def subject(self):
        return self.person or self.organisation

    def __str__(self) -> str:
        return f"{self.subject} – {self.award}"


class Step(models.Model):
    """One transition of a dossier: who moved it, where, when and why."""

    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="steps")
    status = models.CharField("trạng thái", max_length=16, choices=Dossier.Status.choices)
    at_organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="tại")
    on = models.DateField("ngày")
    reason = models.TextField("lý do, ghi chú", blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField("người thực hiện", max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "bước xử lý hồ sơ"
        verbose_name_plural = "bước xử lý hồ sơ"
        ordering = ["dossier_id", "created_at", "id"]


class PublicComment(models.Model):
    dossier = models.ForeignKey(Dossier, on_delete=models.CASCADE, related_name="public_comments")
    name = models.CharField("họ và tên người góp ý", max_length=255)
    contact = models.CharField("địa chỉ liên hệ", max_length=255, blank=True)
    text = models.TextField("nội dung góp ý")
    received_at = models.DateTimeField("thời điểm nhận", auto_now_add=True)

    class Meta:
        verbose_name = "ý kiến góp ý công khai"
        verbose_name_plural = "ý kiến góp ý công khai"
        ordering = ["dossier_id", "received_at", "id"]


class Council(models.Model):
    """An organisation's emulation-commendation council for a term (nhiệm kỳ)."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="commendation_councils",
                                     verbose_name="tổ chức")
    name = models.CharField("tên hội đồng", max_length=255)
    term_from = models.DateField("nhiệm kỳ từ")
    term_to = models.DateField("nhiệm kỳ đến", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "hội đồng thi đua – khen thưởng"
        verbose_name_plural = "hội đồng thi đua – khen thưởng"
        ordering = ["organisation_id", "-term_from", "id"]

    def __str__(self) -> str:
        return self.name


class Seat(models.Model):
    class Role(models.TextChoices):
        CHAIR = "chair", "Chủ tịch hội đồng"
        VICE_CHAIR = "vice_chair", "Phó Chủ tịch hội đồng"
        SECRETARY = "secretary", "Thư ký"
        MEMBER = "member", "Ủy viên"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="seats")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="commendation_council_seats", verbose_name="thành viên")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="council_seats",
                             verbose_name="tài khoản bỏ phiếu")
    role = models.CharField("vai trò", max_length=16, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        verbose_name = "thành viên hội đồng"
        verbose_name_plural = "thành viên hội đồng"
        ordering = ["council_id", "id"]
        constraints = [models.UniqueConstraint(fields=["council", "person"], name="unique_seat_council_person")]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()}"


class Meeting(models.Model):
    council = models.ForeignKey(Council, on_delete=models.PROTECT, related_name="meetings")
    starts_at = models.DateTimeField("bắt đầu")
    ends_at = models.DateTimeField("kết thúc", null=True, blank=True)
    place = models.CharField("địa điểm", max_length=255)
    attendees = models.ManyToManyField(Seat, related_name="meetings_attended", verbose_name="thành viên có mặt")
    agenda = models.ManyToManyField(Proposal, related_name="meetings", verbose_name="đề nghị được xét")
    closed = models.BooleanField("đã kết thúc bỏ phiếu", default=False)
    conclusion = models.TextField("kết luận", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "phiên họp hội đồng"
        verbose_name_plural = "phiên họp hội đồng"
        ordering = ["-starts_at", "-id"]

    def __str__(self) -> str:
        return f"{self.council.name} – {self.starts_at:%d/%m/%Y}"


class Recusal(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="recusals")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="recusals")
    seat = models.ForeignKey(Seat, on_delete=models.CASCADE, related_name="recusals")
    reason = models.CharField("lý do", max_length=500)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "proposal", "seat"], name="unique_recusal")]


class BallotCast(models.Model):
    """That a seat has voted on a proposal at a meeting; its choice is only in the tally."""

    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="ballots_cast")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="ballots_cast")
    seat = models.ForeignKey(Seat, on_delete=models.PROTECT, related_name="ballots_cast")

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "proposal", "seat"], name="unique_ballot_cast")]


class Tally(models.Model):
    meeting = models.ForeignKey(Meeting, on_delete=models.CASCADE, related_name="tallies")
    proposal = models.ForeignKey(Proposal, on_delete=models.CASCADE, related_name="tallies")
    votes_for = models.PositiveIntegerField("đồng ý", default=0)
    votes_against = models.PositiveIntegerField("không đồng ý", default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["meeting", "proposal"], name="unique_tally")]

    @property
    def votes_cast(self) -> int:
        return self.votes_for + self.votes_against
