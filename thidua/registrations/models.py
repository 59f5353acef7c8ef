"""Đăng ký thi đua đầu năm: registration rounds and the registrations made in them.

An organisation opens a round (`RegistrationRound`) for a year, with a deadline, for its whole
subtree. Each unit of that subtree registers its individuals (people employed in or members of
the unit) and its collectives (the unit itself or a unit below it) for titles and forms of
commendation of the rules catalogue (`Registration.award` is a catalogue code). A registration
made after the deadline carries the "late" flag and its reason. A withdrawn registration stays as
history (`withdrawn_on`, `withdraw_reason`) and no longer counts anywhere.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models
from django.db.models import Q

from thidua.organisations.models import Organisation
from thidua.people.models import Person


class RegistrationRound(models.Model):
    """One organisation's call for registrations for one year, open to its whole subtree."""

    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="registration_rounds",
                                     verbose_name="tổ chức mở đợt")
    year = models.PositiveSmallIntegerField("năm thi đua")
    deadline = models.DateField("hạn đăng ký")
    title = models.CharField("tên đợt", max_length=255)
    note = models.TextField("ghi chú", blank=True)
    opened_on = models.DateField("ngày mở đợt")
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "đợt đăng ký thi đua"
        verbose_name_plural = "đợt đăng ký thi đua"
        ordering = ["-year", "organisation_id", "id"]
        constraints = [models.UniqueConstraint(fields=["organisation", "year"], name="unique_registration_round_org_year")]

    def __str__(self) -> str:
        return f"{self.title} ({self.organisation.name}, năm {self.year})"


class Registration(models.Model):
    """One person or one collective registered for one award of the catalogue in a round.

    `unit` is the unit that registered (the person's unit, or the collective's parent unit or the
    collective itself): its path decides who may see and change the registration. `year` repeats
    the round's year so that "registered for this award this year" is one index lookup.
    """

    round = models.ForeignKey(RegistrationRound, on_delete=models.PROTECT, related_name="registrations", verbose_name="đợt đăng ký")
    year = models.PositiveSmallIntegerField("năm thi đua")
    award = models.CharField("danh hiệu, hình thức đăng ký", max_length=64)
    unit = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="registrations_made", verbose_name="đơn vị đăng ký")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.CASCADE, related_name="registrations",
                               verbose_name="cá nhân", db_index=False)
    organisation = models.ForeignKey(Organisation, null=True, blank=True, on_delete=models.PROTECT, related_name="registrations",
                                     verbose_name="tập thể", db_index=False)
    registered_on = models.DateField("ngày đăng ký")
    late = models.BooleanField("đăng ký muộn", default=False)
    late_reason = models.TextField("lý do đăng ký muộn", blank=True)
    withdrawn_on = models.DateField("ngày rút đăng ký", null=True, blank=True)
    withdraw_reason = models.TextField("lý do rút đăng ký", blank=True)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "đăng ký thi đua"
        verbose_name_plural = "đăng ký thi đua"
        ordering = ["round_id", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(person__isnull=False, organisation__isnull=True) | Q(person__isnull=True, organisation__isnull=False),
                name="registration_one_subject",
            ),
            # Twice the same award the same year is refused by the service; the database agrees.
            models.UniqueConstraint(fields=["person", "award", "year"], condition=Q(withdrawn_on__isnull=True, person__isnull=False),
                                    name="unique_registration_person_award_year"),
            models.UniqueConstraint(fields=["organisation", "award", "year"],
                                    condition=Q(withdrawn_on__isnull=True, organisation__isnull=False),
                                    name="unique_registration_org_award_year"),
        ]
        indexes = [
            models.Index(fields=["person", "year"], name="registration_person_year_idx"),
            models.Index(fields=["organisation", "year"], name="registration_org_year_idx"),
        ]

    def __str__(self) -> str:
        from thidua.rules import catalogue

        award = catalogue().get(self.award)
        subject = self.person.full_name if self.person_id else self.organisation.name
        return f"{subject} – {award.name if award else self.award} năm {self.year}"

    @property
    def is_individual(self) -> bool:
        return self.person_id is not None

    @property
    def active(self) -> bool:
        return self.withdrawn_on is None

    @property
    def award_name(self) -> str:
        from thidua.rules import catalogue

        award = catalogue().get(self.award)
        return award.name if award else self.award
