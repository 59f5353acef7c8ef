"""Emulation clusters and blocks (cụm, khối thi đua) and emulation pacts (giao ước thi đua).

A `Grouping` gathers peer organisations for a period, set up by an organisation above them (its
`owner`): a provincial sector union groups its hospitals into clusters, the national union groups
provincial unions into blocks. Members join and leave over time (`GroupingMember`), a leader
(cụm trưởng) and a deputy are named per year (`GroupingLeader`), and the members meet (giao ban,
`Meeting`). A grouping that ends may be `replaced_by` another one (the twinning pacts that took
over when clusters were wound up in 2015); the old one stays, closed, with its whole history.

A `Pact` is signed between parties (`PactParty`): a person and their department, a department and
its unit, or the units of a grouping. It carries targets with weights summing to 100 (`PactTarget`),
signed documents (`PactDocument`), and at year end scores (`PactScore`): each party scores itself
on each target (self-score) and scores the other parties (cross-scores). How the final score is
made from them is written down in thidua.pacts.selectors.
"""
from __future__ import annotations

from django.conf import settings
from django.db import models

from thidua.organisations.models import Organisation
from thidua.people.models import Person


class Grouping(models.Model):
    """A cluster or block of peer organisations, for a period, set up by their `owner`."""

    class Kind(models.TextChoices):
        CLUSTER = "cluster", "Cụm thi đua"
        BLOCK = "block", "Khối thi đua"
        TWINNING = "twinning", "Giao ước kết nghĩa"

    kind = models.CharField("loại", max_length=16, choices=Kind.choices)
    name = models.CharField("tên", max_length=255)
    owner = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="owned_groupings",
                              verbose_name="đơn vị thành lập")
    valid_from = models.DateField("hoạt động từ")
    valid_to = models.DateField("hoạt động đến", null=True, blank=True)
    decision = models.CharField("quyết định thành lập", max_length=255, blank=True)
    replaced_by = models.ForeignKey("self", null=True, blank=True, on_delete=models.PROTECT, related_name="replaces",
                                    verbose_name="được thay bằng")
    note = models.TextField("ghi chú", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "cụm, khối thi đua"
        verbose_name_plural = "cụm, khối thi đua"
        ordering = ["-valid_from", "name", "id"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} «{self.name}»"

    def is_active_on(self, on) -> bool:
        return self.valid_from <= on and (self.valid_to is None or self.valid_to >= on)


class GroupingMember(models.Model):
    """One organisation's membership of a grouping over one period (inclusive dates)."""

    grouping = models.ForeignKey(Grouping, on_delete=models.CASCADE, related_name="members")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="grouping_memberships",
                                     verbose_name="đơn vị thành viên")
    joined = models.DateField("ngày vào")
    left = models.DateField("ngày rời", null=True, blank=True)

    class Meta:
        verbose_name = "thành viên cụm, khối"
        verbose_name_plural = "thành viên cụm, khối"
        ordering = ["joined", "id"]

    def __str__(self) -> str:
        return f"{self.organisation.name} – {self.grouping.name}"

    def is_active_on(self, on) -> bool:
        return self.joined <= on and (self.left is None or self.left >= on)


class GroupingLeader(models.Model):
    """The leader (cụm trưởng, khối trưởng) or deputy of a grouping for one year."""

    class Role(models.TextChoices):
        LEADER = "leader", "Cụm trưởng"
        DEPUTY = "deputy", "Cụm phó"

    grouping = models.ForeignKey(Grouping, on_delete=models.CASCADE, related_name="leaders")
    year = models.PositiveSmallIntegerField("năm")
    role = models.CharField("vai trò", max_length=8, choices=Role.choices)
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="+", verbose_name="đơn vị")

    class Meta:
        verbose_name = "cụm trưởng, cụm phó"
        verbose_name_plural = "cụm trưởng, cụm phó"
        ordering = ["-year", "role"]
        constraints = [models.UniqueConstraint(fields=["grouping", "year", "role"], name="unique_grouping_leader_year")]

    def __str__(self) -> str:
        return f"{self.get_role_display()} năm {self.year}: {self.organisation.name}"


class Meeting(models.Model):
    """A meeting of a grouping's members (giao ban): when, where, who came, the minutes."""

    grouping = models.ForeignKey(Grouping, on_delete=models.CASCADE, related_name="meetings")
    held_on = models.DateField("ngày họp")
    place = models.CharField("địa điểm", max_length=255)
    attendees = models.ManyToManyField(Organisation, related_name="+", verbose_name="đơn vị dự họp")
    minutes = models.TextField("biên bản", blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "giao ban cụm, khối"
        verbose_name_plural = "giao ban cụm, khối"
        ordering = ["-held_on", "-id"]

    def __str__(self) -> str:
        return f"Giao ban {self.grouping.name} ngày {self.held_on:%d/%m/%Y}"


class Pact(models.Model):
    """An emulation pact of one year, signed by its parties, with weighted targets.

    `organisation` is where the pact is kept: the department for a personal pact, the unit for a
    department's pact, the grouping's owner for a pact of a grouping.
    """

    class Kind(models.TextChoices):
        PERSONAL = "personal", "Cá nhân với trưởng khoa, phòng"
        DEPARTMENT = "department", "Khoa, phòng với đơn vị"
        GROUPING = "grouping", "Giữa các đơn vị trong cụm, khối"

    kind = models.CharField("loại giao ước", max_length=16, choices=Kind.choices)
    title = models.CharField("tên giao ước", max_length=500)
    year = models.PositiveSmallIntegerField("năm", db_index=True)
    signed_on = models.DateField("ngày ký")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="pacts",
                                     verbose_name="đơn vị quản lý")
    grouping = models.ForeignKey(Grouping, null=True, blank=True, on_delete=models.PROTECT, related_name="pacts",
                                 verbose_name="cụm, khối")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "giao ước thi đua"
        verbose_name_plural = "giao ước thi đua"
        ordering = ["-year", "title", "id"]

    def __str__(self) -> str:
        return f"Giao ước «{self.title}» năm {self.year}"


class PactParty(models.Model):
    """One signatory: an organisation, or a person (with the department they belong to)."""

    pact = models.ForeignKey(Pact, on_delete=models.CASCADE, related_name="parties")
    organisation = models.ForeignKey(Organisation, on_delete=models.PROTECT, related_name="pact_parties",
                                     verbose_name="đơn vị")
    person = models.ForeignKey(Person, null=True, blank=True, on_delete=models.PROTECT, related_name="pact_parties",
                               verbose_name="cá nhân")
    signatory = models.CharField("người ký", max_length=150, blank=True)

    class Meta:
        verbose_name = "bên ký giao ước"
        verbose_name_plural = "bên ký giao ước"
        ordering = ["id"]

    def __str__(self) -> str:
        return self.label

    @property
    def label(self) -> str:
        return self.person.full_name if self.person_id else self.organisation.name


class PactTarget(models.Model):
    """One target of a pact and its weight: the most points a party can score on it."""

    pact = models.ForeignKey(Pact, on_delete=models.CASCADE, related_name="targets")
    position = models.PositiveSmallIntegerField("thứ tự")
    title = models.CharField("chỉ tiêu", max_length=500)
    weight = models.PositiveSmallIntegerField("trọng số")

    class Meta:
        verbose_name = "chỉ tiêu giao ước"
        verbose_name_plural = "chỉ tiêu giao ước"
        ordering = ["position", "id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.weight} điểm)"


class PactScore(models.Model):
    """A year-end score of `party` on `target`, given by `scorer`: itself (self-score) or another party."""

    target = models.ForeignKey(PactTarget, on_delete=models.CASCADE, related_name="scores")
    party = models.ForeignKey(PactParty, on_delete=models.CASCADE, related_name="scores_received",
                              verbose_name="bên được chấm")
    scorer = models.ForeignKey(PactParty, on_delete=models.CASCADE, related_name="scores_given",
                               verbose_name="bên chấm")
    value = models.DecimalField("điểm", max_digits=6, decimal_places=2)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = "điểm giao ước"
        verbose_name_plural = "điểm giao ước"
        ordering = ["target_id", "party_id", "scorer_id"]
        constraints = [models.UniqueConstraint(fields=["target", "party", "scorer"], name="unique_pact_score")]

    @property
    def is_self(self) -> bool:
        return self.party_id == self.scorer_id


class PactDocument(models.Model):
    """A signed pact or a meeting's minutes, as a PDF or an image, kept in the database.

    Stored in the database rather than on disk: the files are small (size-limited), private (only
    served through a scoped page) and then travel with every backup of the one database.
    """

    pact = models.ForeignKey(Pact, null=True, blank=True, on_delete=models.CASCADE, related_name="documents")
    meeting = models.ForeignKey(Meeting, null=True, blank=True, on_delete=models.CASCADE, related_name="documents")
    name = models.CharField("tên tệp", max_length=255)
    content_type = models.CharField("loại tệp", max_length=64)
    size = models.PositiveIntegerField("dung lượng (byte)")
    data = models.BinaryField()
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL,
                                    related_name="+")
    uploaded_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = "văn bản giao ước, biên bản"
        verbose_name_plural = "văn bản giao ước, biên bản"
        ordering = ["uploaded_at", "id"]
        constraints = [models.CheckConstraint(
            condition=models.Q(pact__isnull=False, meeting__isnull=True) | models.Q(pact__isnull=True, meeting__isnull=False),
            name="pact_document_one_owner",
        )]

    def __str__(self) -> str:
        return self.name
