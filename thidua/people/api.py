"""People over the API: search and list, read with their work and membership, create, correct.

A thin layer over `people.selectors` (scoped to the actor) and `people.services` (permission
checks, audit rows, one transaction). A person outside the actor's scope is simply not found.
"""
from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from thidua.commendations import api as eligibility_api
from thidua.core import api
from thidua.core.permissions import Action, require_path
from thidua.organisations.api import org_ref
from thidua.organisations.serializers import AuditEntrySerializer
from thidua.people.models import Person
from thidua.people.selectors import person_get, person_history, person_list, person_search
from thidua.people.serializers import (
    PersonCreateSerializer,
    PersonDetailSerializer,
    PersonSerializer,
    PersonUpdateSerializer,
)
from thidua.people.services import person_create, person_home_path, person_update

TAG = "Người"
# A search is for finding someone, not for paging through everyone: its first results suffice.
SEARCH_LIMIT = 200


@extend_schema(tags=[TAG])
@extend_schema_view(
    list=extend_schema(
        summary="Tìm kiếm, liệt kê người trong phạm vi của bạn",
        description=(
            "Với `q`: những người có họ tên bắt đầu bằng chuỗi tìm (không phân biệt dấu, theo thứ tự "
            f"họ trước hoặc tên trước), tối đa {SEARCH_LIMIT} kết quả. Không có `q`: mọi người trong "
            "phạm vi của bạn, theo thứ tự chữ cái tiếng Việt của tên."
        ),
        parameters=[
            OpenApiParameter("q", str, description="Chuỗi tìm theo họ tên, ví dụ «nguyen van duc» hay «Đức Nguyễn»."),
            OpenApiParameter("under", str, description="Chỉ những người từng công tác hoặc sinh hoạt trong nhánh của tổ chức có mã này."),
        ],
        responses={200: PersonSerializer(many=True), **api.error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="Một người, với quá trình công tác và sinh hoạt công đoàn",
        responses={200: PersonDetailSerializer, **api.error_responses(404)},
    ),
    create=extend_schema(
        summary="Thêm người vào một đơn vị",
        request=PersonCreateSerializer,
        responses={201: PersonDetailSerializer, **api.error_responses(400, 404)},
    ),
    partial_update=extend_schema(
        summary="Sửa thông tin cá nhân",
        description="Chỉ các trường được gửi mới được sửa.",
        request=PersonUpdateSerializer,
        responses={200: PersonDetailSerializer, **api.error_responses(400, 404)},
    ),
)
class PersonViewSet(viewsets.GenericViewSet):
    # Never read: every query goes through the selectors. It tells the schema what `id` is.
    queryset = Person.objects.none()
    serializer_class = PersonSerializer
    parser_classes = [JSONParser]
    pagination_class = api.Pagination

    def get_object(self) -> Person:
        return person_get(actor=self.request.user, pk=self.kwargs["pk"])

    def _out(self, person: Person, status_code: int = status.HTTP_200_OK) -> Response:
        return Response(PersonDetailSerializer(person, context=self.get_serializer_context()).data, status=status_code)

    def list(self, request):
        actor = request.user
        under_code = api.query_text(request, "under")
        under = org_ref(actor, under_code, "under") if under_code else None
        q = api.query_text(request, "q")
        if q:
            people = person_search(actor=actor, query=q, under=under, limit=SEARCH_LIMIT)
        else:
            people = person_list(actor=actor, under=under)
        page = self.paginate_queryset(people)
        return self.get_paginated_response(PersonSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return self._out(self.get_object())

    def create(self, request):
        data = api.validated(PersonCreateSerializer, request.data)
        unit = org_ref(request.user, data.pop("unit"), "unit")
        person = person_create(actor=request.user, unit=unit, **data)
        return self._out(person, status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        person = self.get_object()
        changes = api.validated(PersonUpdateSerializer, request.data, partial=True)
        reason = changes.pop("reason", "")
        return self._out(person_update(actor=request.user, person=person, reason=reason, **changes))

    @extend_schema(
        summary="Nhật ký thay đổi về một người",
        description="Gồm thay đổi về người đó, quá trình công tác và sinh hoạt công đoàn. Cần quyền xem nhật ký trên đơn vị gần nhất của người đó.",
        responses={200: AuditEntrySerializer(many=True), **api.error_responses(404)},
    )
    @action(detail=True, methods=["get"])
    def history(self, request, pk=None):
        person = self.get_object()
        require_path(request.user, Action.VIEW_AUDIT, person_home_path(person))
        page = self.paginate_queryset(person_history(person=person))
        return self.get_paginated_response(AuditEntrySerializer(page, many=True).data)

    @eligibility_api.PERSON_ELIGIBILITY_SCHEMA
    @action(detail=True, methods=["get"], pagination_class=None)
    def eligibility(self, request, pk=None):
        return eligibility_api.person_eligibility(request, self.get_object())
