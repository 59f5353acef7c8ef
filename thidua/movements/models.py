"""Initiatives (sáng kiến) and research topics (đề tài), and the science councils that review them.

The app keeps its old label `movements` (ADR 0005): movements themselves live in `campaigns`.

An initiative or topic is registered by its authors in a unit for a year, reviewed by a science
council (hội đồng khoa học, hội đồng sáng kiến) of an organisation for a year at a meeting with a
quorum, approved or rejected by the council's result, carried out, and finally accepted (nghiệm
thu, công nhận) at a scope by a numbered decision. The eligibility rules read the accepted ones.
"""
from __future__ import annotations

from django.db import models
from django.db.models import Q

from thidua.core.scales import Scope
from thidua.organisations.models import Organisation
from thidua.people.models import Person


class Initiative(models.Model):
    """An initiative or a research topic, its authors, where it stands, and the level that accepted it.

    `accepted` mirrors `status == accepted` (a database constraint keeps the two equal): the
    eligibility run reads it as a plain column in its hot loop (thidua.commendations.records). For
    the rules an initiative counts once accepted (công nhận) at `scope`; a topic is passed on with
    its `accepted` flag (nghiệm thu), which the criteria themselves weigh.
    """

    class Kind(models.TextChoices):
        INITIATIVE = "initiative", "Sáng kiến"
        TOPIC = "topic", "Đề tài khoa học"

    class Status(models.TextChoices):
        REGISTERED = "registered", "Đã đăng ký"
        APPROVED = "approved", "Được hội đồng duyệt"
        REJECTED = "rejected", "Không được duyệt"
        IN_PROGRESS = "in_progress", "Đang triển khai"
        ACCEPTED = "accepted", "Đã công nhận, nghiệm thu"

    kind = models.CharField("loại", max_length=16, choices=Kind.choices)
    title = models.CharField("tên", max_length=500)
    year = models.PositiveSmallIntegerField("năm", db_index=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="initiatives", verbose_name="đơn vị áp dụng")
    authors = models.ManyToManyField(Person, related_name="initiatives", verbose_name="tác giả")
    status = models.CharField("trạng thái", max_length=16, choices=Status.choices, default=Status.REGISTERED, db_index=True)
    registered_on = models.DateField("ngày đăng ký", null=True, blank=True)
    scope = models.CharField("phạm vi công nhận", max_length=16, choices=Scope.choices, null=True, blank=True)
    accepted = models.BooleanField("đã công nhận, nghiệm thu", default=False)
    decision_number = models.CharField("số quyết định", max_length=64, blank=True)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "sáng kiến, đề tài"
        verbose_name_plural = "sáng kiến, đề tài"
        ordering = ["-year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(status="accepted", accepted=True) | (~Q(status="accepted") & Q(accepted=False)),
                name="initiative_accepted_mirrors_status",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} «{self.title}» ({self.year})"

    @property
    def is_open(self) -> bool:
        """Still waiting for the council's result."""
        return self.status == self.Status.REGISTERED


class InitiativeStep(models.Model):
    """One change of an initiative's status: when, by whom, on what ground (the status history)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="steps")
    status = models.CharField("trạng thái", max_length=16, choices=Initiative.Status.choices)
    on = models.DateField("ngày")
    meeting = models.ForeignKey("CouncilMeeting", null=True, blank=True, on_delete=models.PROTECT, related_name="decisions",
                                verbose_name="phiên họp hội đồng")
    note = models.CharField("ghi chú", max_length=2000, blank=True)
    actor_name = models.CharField("người ghi", max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "bước xử lý sáng kiến, đề tài"
        verbose_name_plural = "bước xử lý sáng kiến, đề tài"
        ordering = ["on", "id"]

    def __str__(self) -> str:
        return f"{self.get_status_display()} ({self.on:%d/%m/%Y})"


class Council(models.Model):
    """A science council (hội đồng khoa học, hội đồng sáng kiến) of an organisation for one year."""

    class Method(models.TextChoices):
        VOTE = "vote", "Biểu quyết (tán thành / không tán thành)"
        SCORE = "score", "Chấm điểm (0–100)"

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="science_councils", verbose_name="tổ chức")
    year = models.PositiveSmallIntegerField("năm", db_index=True)
    name = models.CharField("tên hội đồng", max_length=255)
    method = models.CharField("cách đánh giá", max_length=8, choices=Method.choices, default=Method.VOTE)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "hội đồng khoa học"
        verbose_name_plural = "hội đồng khoa học"
        ordering = ["-year", "name", "id"]
        constraints = [models.UniqueConstraint(fields=["organisation", "year", "name"], name="unique_council_name_per_year")]

    def __str__(self) -> str:
        return f"{self.name} ({self.year})"


class CouncilMember(models.Model):
    """A person sitting on a council, with their role in it."""

    class Role(models.TextChoices):
        CHAIR = "chair", "Chủ tịch hội đồng"
        SECRETARY = "secretary", "Thư ký hội đồng"
        MEMBER = "member", "Ủy viên"

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members")
    person = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="council_seats", verbose_name="thành viên")
    role = models.CharField("vai trò", max_length=16, choices=Role.choices, default=Role.MEMBER)

    class Meta:
        verbose_name = "thành viên hội đồng"
        verbose_name_plural = "thành viên hội đồng"
        ordering = ["council", "role", "id"]
        constraints = [
            models.UniqueConstraint(fields=["council", "person"], name="unique_council_seat"),
            models.UniqueConstraint(fields=["council"], condition=Q(role="chair"), name="one_chair_per_council"),
            models.UniqueConstraint(fields=["council"], condition=Q(role="secretary"), name="one_secretary_per_council"),
        ]

    def __str__(self) -> str:
        return f"{self.person} – {self.get_role_display()}"


class CouncilMeeting(models.Model):
    """A meeting (phiên họp) of a council: its date, who attended, the initiatives on its agenda."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField("ngày họp")
    attendees = models.ManyToManyField(CouncilMember, related_name="meetings_attended", verbose_name="thành viên có mặt")
    agenda = models.ManyToManyField(Initiative, related_name="meetings", verbose_name="sáng kiến, đề tài được xét")
    minutes = models.TextField("biên bản tóm tắt", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "phiên họp hội đồng"
        verbose_name_plural = "phiên họp hội đồng"
        ordering = ["held_on", "id"]

    def __str__(self) -> str:
        return f"Phiên họp ngày {self.held_on:%d/%m/%Y} – {self.council.name}"


class Review(models.Model):
    """One member's vote or score on one initiative at one meeting."""

    class Vote(models.TextChoices):
        APPROVE = "approve", "Tán thành"
        REJECT = "reject", "Không tán thành"

    meeting = models.ForeignKey(CouncilMeeting, on_delete=models.CASCADE, related_name="reviews")
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="reviews")
    member = models.ForeignKey(CouncilMember, on_delete=models.PROTECT, related_name="reviews")
    vote = models.CharField("biểu quyết", max_length=8, choices=Vote.choices, blank=True)
    score = models.PositiveSmallIntegerField("điểm", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "ý kiến thành viên hội đồng"
        verbose_name_plural = "ý kiến thành viên hội đồng"
        ordering = ["meeting", "initiative", "member"]
        constraints = [
            models.UniqueConstraint(fields=["meeting", "initiative", "member"], name="one_review_per_member"),
            models.CheckConstraint(condition=Q(score__isnull=True) | Q(score__lte=100), name="review_score_0_100"),
        ]

    def __str__(self) -> str:
        return f"{self.member.person}: {self.get_vote_display() if self.vote else self.score}"
