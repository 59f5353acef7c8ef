"""API of training (đào tạo, bồi dưỡng): list, record, read, correct and end courses; a unit's counts of a year.

A thin layer over thidua.training.selectors (scoped to the actor) and thidua.training.services
(access on the sending unit, audit rows, one transaction). A course outside the actor's scope is
simply not found.
"""
from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from thidua.core import api
from thidua.core.errors import NotFound, UserError
from thidua.core.scales import YEAR_MAX, YEAR_MIN
from thidua.organisations.api import org_ref
from thidua.people.selectors import person_get
from thidua.training.models import Training, TrainingKind, TrainingStatus
from thidua.training.selectors import has_scan, training_counts, training_get, training_list
from thidua.training.serializers import (
    TrainingCountsSerializer,
    TrainingCreateSerializer,
    TrainingEndSerializer,
    TrainingSerializer,
    TrainingUpdateSerializer,
)
from thidua.training.services import training_end, training_record, training_update

TAG = "Đào tạo, bồi dưỡng"

LIST_PARAMETERS = [
    OpenApiParameter("organisation", str, description="Mã đơn vị: chỉ các khóa do đơn vị này hoặc đơn vị trực thuộc cử đi."),
    OpenApiParameter("person", OpenApiTypes.INT, description="Mã người: chỉ các khóa của người này."),
    OpenApiParameter("year", OpenApiTypes.INT, description=f"Năm ({YEAR_MIN}–{YEAR_MAX}): các khóa diễn ra vào một lúc nào đó trong năm."),
    OpenApiParameter("kind", str, enum=TrainingKind.values, description="Loại hình đào tạo."),
    OpenApiParameter("status", str, enum=TrainingStatus.values, description="Tình trạng."),
]


def _year(request, *, required: bool) -> int | None:
    raw = api.query_text(request, "year")
    if not raw:
        if required:
            raise UserError("Hãy cho biết năm (tham số year), ví dụ year=2025.", field="year")
        return None
    try:
        year = int(raw)
    except ValueError:
        year = None
    if year is None or not YEAR_MIN <= year <= YEAR_MAX:
        raise UserError(f"Tham số year «{raw}» không hợp lệ: hãy nhập một năm từ {YEAR_MIN} đến {YEAR_MAX}.", field="year")
    return year


def _person_ref(actor, value, field: str = "person"):
    try:
        return person_get(actor=actor, pk=value)
    except NotFound as exc:
        exc.field = field
        raise


@extend_schema(tags=[TAG])
@extend_schema_view(
    list=extend_schema(
        summary="Các khóa đào tạo, bồi dưỡng trong phạm vi của bạn",
        description="Mới nhất trước. Một khóa hiện ra khi bạn được xem đơn vị cử đi.",
        parameters=LIST_PARAMETERS,
        responses={200: TrainingSerializer(many=True), **api.error_responses(400, 404)},
    ),
    retrieve=extend_schema(summary="Một khóa đào tạo, bồi dưỡng", responses={200: TrainingSerializer, **api.error_responses(404)}),
    create=extend_schema(
        summary="Ghi một khóa đào tạo, bồi dưỡng",
        description=("Cần quyền quản lý người trên đơn vị cử đi; người học phải công tác hoặc sinh hoạt công đoàn trong "
                     "nhánh của đơn vị đó vào ngày bắt đầu. Ngày kết thúc không được sớm hơn ngày bắt đầu."),
        request=TrainingCreateSerializer,
        responses={201: TrainingSerializer, **api.error_responses(400, 404)},
    ),
    partial_update=extend_schema(
        summary="Sửa một khóa đào tạo, bồi dưỡng",
        description="Chỉ các trường được gửi mới được sửa; đổi đơn vị cử đi cần quyền trên cả hai đơn vị.",
        request=TrainingUpdateSerializer,
        responses={200: TrainingSerializer, **api.error_responses(400, 404)},
    ),
)
class TrainingViewSet(viewsets.GenericViewSet):
    # Never read: every query goes through the selectors. It tells the schema what `id` is.
    queryset = Training.objects.none()
    serializer_class = TrainingSerializer
    parser_classes = [JSONParser]
    pagination_class = api.Pagination

    def get_object(self) -> Training:
        return training_get(actor=self.request.user, pk=self.kwargs["pk"])

    def _out(self, training: Training, status_code: int = status.HTTP_200_OK) -> Response:
        return Response(TrainingSerializer(training, context={"scans": has_scan([training])}).data, status=status_code)

    def list(self, request):
        actor = request.user
        code = api.query_text(request, "organisation")
        organisation = org_ref(actor, code, "organisation") if code else None
        raw_person = api.query_text(request, "person")
        person = None
        if raw_person:
            if not raw_person.isdigit() or len(raw_person) > 10:
                raise UserError(f"Tham số person «{raw_person[:20]}» không hợp lệ: hãy nhập mã người (số nguyên).", field="person")
            person = _person_ref(actor, int(raw_person))
        kind, status_ = api.query_text(request, "kind"), api.query_text(request, "status")
        trainings = training_list(actor=actor, organisation=organisation, person=person, year=_year(request, required=False),
                                  kind=kind, status=status_)
        page = self.paginate_queryset(trainings)
        return self.get_paginated_response(TrainingSerializer(page, many=True, context={"scans": has_scan(page)}).data)

    def retrieve(self, request, pk=None):
        return self._out(self.get_object())

    def create(self, request):
        data = api.validated(TrainingCreateSerializer, request.data)
        actor = request.user
        person = _person_ref(actor, data.pop("person"))
        unit = org_ref(actor, data.pop("sending_unit"), "sending_unit")
        training = training_record(actor=actor, person=person, sending_unit=unit, **data)
        return self._out(training, status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        training = self.get_object()
        changes = api.validated(TrainingUpdateSerializer, request.data, partial=True)
        reason = changes.pop("reason", "")
        if "sending_unit" in changes:
            changes["sending_unit"] = org_ref(request.user, changes["sending_unit"], "sending_unit")
        return self._out(training_update(actor=request.user, training=training, reason=reason, **changes))

    @extend_schema(
        summary="Kết thúc một khóa đang học: tốt nghiệp hoặc bỏ dở",
        request=TrainingEndSerializer,
        responses={200: TrainingSerializer, **api.error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def end(self, request, pk=None):
        training = self.get_object()
        data = api.validated(TrainingEndSerializer, request.data)
        return self._out(training_end(actor=request.user, training=training, **data))

    @extend_schema(
        summary="Số người được cử đi học và tốt nghiệp trong một năm, theo loại hình",
        description=("Cho nhánh của một đơn vị. «Cử đi học»: những người bắt đầu một khóa trong năm; «tốt nghiệp»: những "
                     "người tốt nghiệp một khóa kết thúc trong năm. Mỗi người tính một lần trong mỗi tổng và mỗi loại hình."),
        parameters=[
            OpenApiParameter("organisation", str, required=True, description="Mã đơn vị."),
            OpenApiParameter("year", OpenApiTypes.INT, required=True, description=f"Năm ({YEAR_MIN}–{YEAR_MAX})."),
        ],
        responses={200: TrainingCountsSerializer, **api.error_responses(400, 404)},
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def counts(self, request):
        code = api.query_text(request, "organisation")
        if not code:
            raise UserError("Hãy cho biết mã đơn vị (tham số organisation).", field="organisation")
        organisation = org_ref(request.user, code, "organisation")
        counts = training_counts(actor=request.user, organisation=organisation, year=_year(request, required=True))
        return Response(counts.as_dict())


def register(router) -> None:
    """Add this app's viewsets to the API router (thidua/api_urls.py calls it)."""
    router.register("trainings", TrainingViewSet, basename="training")
