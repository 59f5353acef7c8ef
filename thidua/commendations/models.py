"""Commendation records the eligibility rules read, and the stored results of batch eligibility runs.

- `AwardRecord`: titles and forms of commendation conferred (the award history), revocable.
- `ParameterCorrection`: an administrator's dated correction of a rules parameter, with its citation.
- `OrganisationRule`: stricter criteria an organisation sets for its subtree, with its document.
- `EligibilityRun` / `EligibilityResult`: "everyone in this subtree for year Y", stored compactly.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from thidua.core.scales import Confidence
from thidua.organisations.models import Organisation
from thidua.people.models import Person


class AwardRecord(models.Model):
    """A title or form of commendation conferred on one person or one organisation for a year.

    `award` is a code of the rules catalogue (thidua.rules.catalogue). A revoked record stays as
    history (`revoked_on`, `revoke_reason`) and no longer counts for the rules.
    """

    award = models.CharField("danh hiệu, hình thức", max_length=64)
    year = models.PositiveSmallIntegerField("năm")
    # Both subjects are indexed with the year (Meta.indexes).
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="award_records", db_index=False)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="award_records", db_index=False)
    decision_number = models.CharField("số quyết định", max_length=64, blank=True)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    issuing_body = models.CharField("cơ quan ban hành", max_length=255, blank=True)
    revoked_on = models.DateField("ngày thu hồi", null=True, blank=True)
    revoke_reason = models.TextField("lý do thu hồi", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "khen thưởng đã nhận"
        verbose_name_plural = "khen thưởng đã nhận"
        ordering = ["-year", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, organisation__isnull=True) | Q(person__isnull=True, organisation__isnull=False),
                name="award_record_one_subject",
            ),
        ]
        indexes = [
            models.Index(fields=["person", "year"], name="award_person_year_idx"),
            models.Index(fields=["organisation", "year"], name="award_org_year_idx"),
        ]

    def __str__(self) -> str:
        from thidua.rules import catalogue

        award = catalogue().get(self.award)
        return f"{award.name if award else self.award} năm {self.year} – {self.person or self.organisation}"


class ParameterCorrection(models.Model):
    """An administrator's correction of a rules parameter from a date of effect, with its citation.

    Read into `thidua.rules.Parameters(overrides=…)`; the YAML under thidua/rules/data keeps the
    defaults, this table and the audit log keep every correction and its reason.
    """

    param = models.CharField("tham số", max_length=100)
    value = models.JSONField("giá trị", null=True, blank=True)
    effective = models.DateField("hiệu lực từ")
    document = models.CharField("văn bản", max_length=255)
    article = models.CharField("điều", max_length=255)
    clause = models.CharField("khoản, điểm", max_length=255, blank=True)
    confidence = models.CharField("độ tin cậy", max_length=1, choices=Confidence.choices, default=Confidence.V)
    reason = models.TextField("lý do")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "điều chỉnh tham số"
        verbose_name_plural = "điều chỉnh tham số"
        ordering = ["param", "effective", "id"]

    def __str__(self) -> str:
        return f"{self.param} = {self.value!r} từ {self.effective:%d/%m/%Y}"


class OrganisationRule(models.Model):
    """A stricter criterion an organisation sets for the awards of everyone in its subtree."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="award_rules")
    kind = models.CharField("loại quy định", max_length=32)  # a key of thidua.rules.org_rules.KINDS
    awards = models.JSONField("áp dụng cho", default=list)  # award codes
    value = models.JSONField("giá trị", null=True, blank=True)
    since = models.DateField("hiệu lực từ")
    until = models.DateField("hiệu lực đến", null=True, blank=True)
    document = models.CharField("văn bản", max_length=255)
    article = models.CharField("điều", max_length=255)
    clause = models.CharField("khoản, điểm", max_length=255, blank=True)
    confidence = models.CharField("độ tin cậy", max_length=1, choices=Confidence.choices, default=Confidence.V)
    reason = models.TextField("lý do", blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "quy định riêng của tổ chức"
        verbose_name_plural = "quy định riêng của tổ chức"
        ordering = ["organisation_id", "since", "id"]

    def __str__(self) -> str:
        return f"{self.organisation.name}: {self.kind} = {self.value!r} từ {self.since:%d/%m/%Y}"


class Verdict(models.TextChoices):
    ELIGIBLE = "eligible", "Đủ điều kiện"
    INELIGIBLE = "ineligible", "Không đủ điều kiện"
    INSUFFICIENT_DATA = "insufficient_data", "Thiếu dữ liệu"
    NOT_IN_FORCE = "not_in_force", "Không có quy định áp dụng"


class EligibilityRun(models.Model):
    """One batch run: everyone who worked in `organisation`'s subtree during `year`, judged on `on`."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="eligibility_runs")
    year = models.PositiveSmallIntegerField("năm xét")
    on = models.DateField("ngày xét")
    awards = models.JSONField("danh hiệu, hình thức xét", default=list)
    started_at = models.DateTimeField("bắt đầu", auto_now_add=True)
    finished_at = models.DateTimeField("kết thúc", null=True, blank=True)
    people = models.PositiveIntegerField("số người", default=0)
    eligible = models.PositiveIntegerField("đủ điều kiện", default=0)
    ineligible = models.PositiveIntegerField("không đủ điều kiện", default=0)
    insufficient_data = models.PositiveIntegerField("thiếu dữ liệu", default=0)
    not_in_force = models.PositiveIntegerField("không có quy định", default=0)
    counts = models.JSONField("số kết quả theo danh hiệu", default=dict)  # {award: {verdict: n}}
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    actor_name = models.CharField("người chạy", max_length=150, blank=True)

    class Meta:
        verbose_name = "đợt xét điều kiện"
        verbose_name_plural = "đợt xét điều kiện"
        ordering = ["-started_at", "-id"]
        indexes = [models.Index(fields=["organisation", "year"], name="run_org_year_idx")]

    def __str__(self) -> str:
        return f"Xét năm {self.year} – {self.organisation.name} ({self.on:%d/%m/%Y})"


class EligibilityResult(models.Model):
    """One person's verdict on one award in a run, stored compactly.

    Only the verdict and the ids of the criteria that failed or are unknown are kept (a run over a
    million people stores millions of these). The full reasons, with their explanations and
    citations, are recomputed on display from the same records (`eligibility_result_explain`);
    revoking an award recomputes the stored rows it affects.
    """

    run = models.ForeignKey(EligibilityRun, on_delete=models.CASCADE, related_name="results", db_index=False)
    person = models.ForeignKey(Person, on_delete=models.CASCADE, related_name="eligibility_results")
    award = models.CharField("danh hiệu, hình thức", max_length=64)
    verdict = models.CharField("kết luận", max_length=20, choices=Verdict.choices)
    failed = models.CharField("tiêu chí không đạt", max_length=500, blank=True)  # criterion ids, space-separated
    unknown = models.CharField("tiêu chí thiếu dữ liệu", max_length=500, blank=True)

    class Meta:
        verbose_name = "kết quả xét điều kiện"
        verbose_name_plural = "kết quả xét điều kiện"
        constraints = [models.UniqueConstraint(fields=["run", "person", "award"], name="unique_result_run_person_award")]

    def __str__(self) -> str:
        return f"{self.person_id} – {self.award}: {self.verdict}"

    @property
    def failed_ids(self) -> list[str]:
        return self.failed.split()

    @property
    def unknown_ids(self) -> list[str]:
        return self.unknown.split()
