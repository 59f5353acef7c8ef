"""Emulation movements (phong trào thi đua) as launched and answered.

An organisation launches a movement, alone or jointly with partner bodies (Sở Y tế…), for a period,
asking either its whole subtree or chosen units inside it to respond. Inside a movement: peak
campaigns (đợt thi đua cao điểm) with their own dates, the units' responses (hưởng ứng: a plan,
then periodic results), models registered as its entries ("Dân vận khéo"), and contests (hội thi)
with entries, judges and judges' scores. (Initiatives and research topics live in the app called
`movements`; see docs/adr/0005-emulation-year-apps.md.) Attached files keep their bytes in the
database, like pact documents and training scans (docs/adr/0006-attached-files-in-the-database.md).
"""
from __future__ import annotations

from django.conf import settings
from django.core.files.storage import FileSystemStorage
from django.db import models

from thidua.organisations.models import Organisation
from thidua.people.models import Person


def document_storage() -> FileSystemStorage:
    """Where attached files lived on disk before they moved into the database: only the migrations use it."""
    return FileSystemStorage(location=settings.THIDUA_UPLOAD_DIR / "phong-trao", base_url=None)


class TargetMode(models.TextChoices):
    SUBTREE = "subtree", "Toàn bộ các đơn vị trực thuộc"
    CHOSEN = "chosen", "Các đơn vị được chọn"


class Movement(models.Model):
    name = models.CharField("tên phong trào", max_length=300)
    theme = models.TextField("chủ đề, nội dung", blank=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="launched_movements",
                                     verbose_name="đơn vị phát động")
    partners = models.ManyToManyField(Organisation, blank=True, related_name="joint_movements",
                                      verbose_name="cơ quan phối hợp phát động")
    co_issuers = models.CharField("cơ quan đồng phát động khác", max_length=500, blank=True)
    launched_on = models.DateField("ngày phát động")
    start = models.DateField("từ ngày")
    end = models.DateField("đến ngày")
    target_mode = models.CharField("đối tượng hưởng ứng", max_length=16, choices=TargetMode.choices, default=TargetMode.SUBTREE)
    targets = models.ManyToManyField(Organisation, blank=True, related_name="targeted_movements",
                                     verbose_name="đơn vị được chọn hưởng ứng")
    criteria = models.JSONField("tiêu chí", default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "phong trào thi đua"
        verbose_name_plural = "phong trào thi đua"
        ordering = ["-start", "-id"]
        indexes = [models.Index(fields=["start", "end"], name="movement_period_idx")]

    def __str__(self) -> str:
        return self.name


class WithoutBytes(models.Manager):
    """Rows without their bytes: lists never read them; `data` is fetched when first read (the download)."""

    def get_queryset(self):
        return super().get_queryset().defer("data")


class MovementDocument(models.Model):
    """A document of the movement (the launching decision, its plan…), its bytes kept in the row."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField("tên tài liệu", max_length=255)
    name = models.CharField("tên tệp", max_length=255)
    content_type = models.CharField("loại tệp", max_length=100)
    size = models.PositiveIntegerField("dung lượng (byte)")
    data = models.BinaryField("nội dung")
    created_at = models.DateTimeField(auto_now_add=True)

    objects = WithoutBytes()

    class Meta:
        verbose_name = "tài liệu phong trào"
        verbose_name_plural = "tài liệu phong trào"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class PeakCampaign(models.Model):
    """Đợt thi đua cao điểm: a stretch of the movement with its own dates (before a holiday, say)."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="campaigns")
    name = models.CharField("tên đợt thi đua", max_length=300)
    description = models.TextField("nội dung", blank=True)
    start = models.DateField("từ ngày")
    end = models.DateField("đến ngày")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "đợt thi đua cao điểm"
        verbose_name_plural = "đợt thi đua cao điểm"
        ordering = ["start", "id"]

    def __str__(self) -> str:
        return self.name


class MovementResponse(models.Model):
    """Hưởng ứng: a targeted unit's answer to the movement, with its plan."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="responses")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="movement_responses",
                                     verbose_name="đơn vị hưởng ứng")
    responded_on = models.DateField("ngày hưởng ứng")
    plan = models.TextField("kế hoạch hưởng ứng")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "hưởng ứng phong trào"
        verbose_name_plural = "hưởng ứng phong trào"
        ordering = ["movement_id", "organisation__path"]
        constraints = [models.UniqueConstraint(fields=["movement", "organisation"], name="unique_movement_response")]

    def __str__(self) -> str:
        return f"{self.organisation.name} hưởng ứng «{self.movement.name}»"


class ResponsePlanFile(models.Model):
    """The plan document attached to a response (PDF, Word .docx or image), at most one, its bytes in the row.

    A table of its own, so that reading responses never reads the bytes.
    """

    response = models.OneToOneField(MovementResponse, on_delete=models.CASCADE, related_name="plan_file",
                                    verbose_name="bản hưởng ứng")
    name = models.CharField("tên tệp", max_length=255)
    content_type = models.CharField("loại tệp", max_length=100)
    size = models.PositiveIntegerField("dung lượng (byte)")
    data = models.BinaryField("nội dung")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "tệp kế hoạch hưởng ứng"
        verbose_name_plural = "tệp kế hoạch hưởng ứng"

    def __str__(self) -> str:
        return self.name


class ResultReport(models.Model):
    """A periodic result of a response: the period, a narrative and figures ([{"label", "value"}])."""

    response = models.ForeignKey(MovementResponse, on_delete=models.CASCADE, related_name="results")
    campaign = models.ForeignKey(PeakCampaign, null=True, blank=True, on_delete=models.PROTECT, related_name="results",
                                 verbose_name="đợt cao điểm")
    period = models.CharField("kỳ báo cáo", max_length=100)
    reported_on = models.DateField("ngày báo cáo")
    text = models.TextField("kết quả")
    figures = models.JSONField("số liệu", default=list, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "kết quả thực hiện phong trào"
        verbose_name_plural = "kết quả thực hiện phong trào"
        ordering = ["reported_on", "id"]

    def __str__(self) -> str:
        return f"{self.response.organisation.name} – {self.period}"


class MovementModel(models.Model):
    """A model ("mô hình", e.g. "Dân vận khéo") registered by a unit as an entry of the movement."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="models")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="movement_models",
                                     verbose_name="đơn vị đăng ký")
    name = models.CharField("tên mô hình", max_length=300)
    description = models.TextField("mô tả ngắn", blank=True)
    people = models.ManyToManyField(Person, blank=True, related_name="movement_models", verbose_name="người tham gia")
    registered_on = models.DateField("ngày đăng ký")
    recognition = models.CharField("ghi nhận, công nhận", max_length=500, blank=True)
    recognised_on = models.DateField("ngày công nhận", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "mô hình"
        verbose_name_plural = "mô hình"
        ordering = ["registered_on", "id"]

    def __str__(self) -> str:
        return self.name


class Contest(models.Model):
    """Hội thi inside a movement; judges score entries within [score_min, score_max]."""

    movement = models.ForeignKey(Movement, on_delete=models.CASCADE, related_name="contests")
    name = models.CharField("tên hội thi", max_length=300)
    description = models.TextField("thể lệ, nội dung", blank=True)
    score_min = models.DecimalField("điểm thấp nhất", max_digits=6, decimal_places=2, default=0)
    score_max = models.DecimalField("điểm cao nhất", max_digits=6, decimal_places=2, default=10)
    judges = models.ManyToManyField(Person, blank=True, related_name="judged_contests", verbose_name="giám khảo")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "hội thi"
        verbose_name_plural = "hội thi"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.name


class ContestEntry(models.Model):
    """A contest entry by a unit, or by a person in it (then `person` is set)."""

    contest = models.ForeignKey(Contest, on_delete=models.CASCADE, related_name="entries")
    title = models.CharField("tên bài dự thi", max_length=300)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="contest_entries",
                                     verbose_name="đơn vị dự thi")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="contest_entries",
                               verbose_name="tác giả")
    submitted_on = models.DateField("ngày nộp")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "bài dự thi"
        verbose_name_plural = "bài dự thi"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.title


class ContestScore(models.Model):
    entry = models.ForeignKey(ContestEntry, on_delete=models.CASCADE, related_name="scores")
    judge = models.ForeignKey(Person, on_delete=models.PROTECT, related_name="contest_scores", verbose_name="giám khảo")
    score = models.DecimalField("điểm", max_digits=6, decimal_places=2)
    note = models.CharField("nhận xét", max_length=500, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "điểm chấm"
        verbose_name_plural = "điểm chấm"
        ordering = ["entry_id", "judge_id"]
        constraints = [models.UniqueConstraint(fields=["entry", "judge"], name="unique_contest_score")]

    def __str__(self) -> str:
        return f"{self.judge.full_name}: {self.score}"
