"""Emulation movements' fruits the rules read: initiatives (sáng kiến) and research topics (đề tài)."""
from __future__ import annotations

from django.db import models

from thidua.core.scales import Scope
from thidua.organisations.models import Organisation
from thidua.people.models import Person


class Initiative(models.Model):
    """An initiative or a research topic, its authors, and the level that recognised (or accepted) it.

    For the rules an initiative counts once `accepted` (công nhận) at `scope`; a topic is passed on
    with its `accepted` flag (nghiệm thu), which the criteria themselves weigh.
    """

    class Kind(models.TextChoices):
        INITIATIVE = "initiative", "Sáng kiến"
        TOPIC = "topic", "Đề tài khoa học"

    kind = models.CharField("loại", max_length=16, choices=Kind.choices)
    title = models.CharField("tên", max_length=500)
    year = models.PositiveSmallIntegerField("năm", db_index=True)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="initiatives", verbose_name="đơn vị áp dụng")
    authors = models.ManyToManyField(Person, related_name="initiatives", verbose_name="tác giả")
    scope = models.CharField("phạm vi công nhận", max_length=16, choices=Scope.choices, null=True, blank=True)
    accepted = models.BooleanField("đã công nhận, nghiệm thu", default=False)
    decision_number = models.CharField("số quyết định", max_length=64, blank=True)
    decision_date = models.DateField("ngày quyết định", null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "sáng kiến, đề tài"
        verbose_name_plural = "sáng kiến, đề tài"
        ordering = ["-year", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} «{self.title}» ({self.year})"
