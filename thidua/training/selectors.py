"""Reads about training (đào tạo, bồi dưỡng), always within the actor's scope.

A course is visible to whoever may view its sending unit. `training_counts` is the one place the
year-end figures come from: people sent to training (by the year of the start) and people who
completed it (by the year of the end, graduated), per kind, for a unit's whole subtree.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date

from django.db.models import Count, Q, QuerySet

from thidua.core.db import prefix_q
from thidua.core.errors import NotFound, UserError
from thidua.core.permissions import Action, require_path, scope_q
from thidua.core.scales import clean_year
from thidua.organisations.models import Organisation
from thidua.people.models import Person
from thidua.training.models import Training, TrainingFile, TrainingKind, TrainingStatus


def training_visible(*, actor, action: Action = Action.VIEW) -> QuerySet[Training]:
    return Training.objects.filter(scope_q(actor, action, field="sending_unit__path")).select_related("person", "sending_unit")


def training_get(*, actor, pk) -> Training:
    try:
        return training_visible(actor=actor).get(pk=pk)
    except (Training.DoesNotExist, ValueError, TypeError, OverflowError):
        raise NotFound("Không tìm thấy khóa đào tạo này trong phạm vi của bạn.") from None


def _year_q(year: int) -> Q:
    """Courses under way at some time in `year`: begun by its end, not over before it began."""
    return Q(start__lte=date(year, 12, 31)) & (Q(end__isnull=True) | Q(end__gte=date(year, 1, 1)))


def _checked_filters(*, year, kind: str, status: str) -> None:
    if year is not None:
        clean_year(year, label="Năm lọc")
    if kind and kind not in TrainingKind.values:
        raise UserError(f"Loại hình đào tạo «{kind[:40]}» không hợp lệ: hãy chọn trong danh sách.", field="kind")
    if status and status not in TrainingStatus.values:
        raise UserError(f"Tình trạng «{status[:40]}» không hợp lệ: hãy chọn trong danh sách.", field="status")


def training_list(
    *, actor, organisation: Organisation | None = None, person: Person | None = None, year: int | None = None,
    kind: str = "", status: str = "",
) -> QuerySet[Training]:
    """Courses the actor may see; with `organisation`, those sent by a unit of its subtree; with
    `year`, those under way at some time in that year; newest first."""
    _checked_filters(year=year, kind=kind, status=status)
    query = training_visible(actor=actor)
    if organisation is not None:
        query = query.filter(prefix_q("sending_unit__path", organisation.path))
    if person is not None:
        query = query.filter(person=person)
    if year is not None:
        query = query.filter(_year_q(year))
    if kind:
        query = query.filter(kind=kind)
    if status:
        query = query.filter(status=status)
    return query.order_by("-start", "-id")


def training_of_person(*, actor, person: Person) -> QuerySet[Training]:
    """The courses of one person that the actor may see (those sent by units in the actor's scope)."""
    return training_list(actor=actor, person=person)


def training_scan(*, actor, training: Training) -> TrainingFile:
    """The scanned certificate of a visible course, or "not found"."""
    training_get(actor=actor, pk=training.pk)
    scan = TrainingFile.objects.filter(training=training).first()
    if scan is None:
        raise NotFound("Khóa học này chưa có bản scan văn bằng, chứng chỉ.")
    return scan


def training_scan_info(*, training: Training) -> TrainingFile | None:
    """The scan's name, kind and size, without its bytes (None when there is none)."""
    return TrainingFile.objects.filter(training=training).defer("data").first()


def has_scan(trainings) -> set[int]:
    """Ids of those of `trainings` that have a scan attached (one query, no file contents read)."""
    ids = [t.pk for t in trainings]
    return set(TrainingFile.objects.filter(training_id__in=ids).values_list("training_id", flat=True)) if ids else set()


@dataclass
class KindCount:
    kind: str
    label: str
    started: int
    completed: int


@dataclass
class TrainingCounts:
    organisation: Organisation
    year: int
    started: int  # people who began a course in the year (each counted once)
    completed: int  # people who graduated from a course ending in the year (each counted once)
    by_kind: list[KindCount] = field(default_factory=list)  # every kind, in the order of TrainingKind

    def as_dict(self) -> dict:
        return {
            "organisation": self.organisation.code, "year": self.year, "started": self.started, "completed": self.completed,
            "by_kind": [{"kind": k.kind, "label": k.label, "started": k.started, "completed": k.completed} for k in self.by_kind],
        }


def training_counts(*, actor, organisation: Organisation, year: int) -> TrainingCounts:
    """People sent to training and people who completed it in `year`, for `organisation`'s subtree.

    "Sent" counts the people whose course started in the year, whatever became of it; "completed"
    those who graduated from a course that ended in the year. A person is counted once in each
    total, and once per kind (two short courses in a year are one person of that kind).
    """
    require_path(actor, Action.VIEW, organisation.path)
    year = clean_year(year)
    under = Training.objects.filter(prefix_q("sending_unit__path", organisation.path))
    started = under.filter(start__gte=date(year, 1, 1), start__lte=date(year, 12, 31))
    completed = under.filter(status=TrainingStatus.GRADUATED, end__gte=date(year, 1, 1), end__lte=date(year, 12, 31))

    def per_kind(query) -> dict[str, int]:
        rows = query.order_by().values("kind").annotate(n=Count("person", distinct=True)).values_list("kind", "n")
        return dict(rows)

    started_by, completed_by = per_kind(started), per_kind(completed)
    return TrainingCounts(
        organisation=organisation,
        year=year,
        started=started.order_by().values("person").distinct().count(),
        completed=completed.order_by().values("person").distinct().count(),
        by_kind=[KindCount(kind, label, started_by.get(kind, 0), completed_by.get(kind, 0)) for kind, label in TrainingKind.choices],
    )
