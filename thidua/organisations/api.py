"""The union tree over the API: list, read and create units, and the events of their lives.

A thin layer: reads go through `organisations.selectors` (scoped to the actor), writes through
`organisations.services` (which check permissions, write the audit log and run in one
transaction). A code outside the actor's scope is answered exactly like a code that does not exist.
"""
from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from thidua.commendations import api as eligibility_api
from thidua.core import api
from thidua.core.errors import NotFound
from thidua.core.permissions import Action, require
from thidua.organisations.models import Organisation
from thidua.organisations.selectors import org_get, org_history, org_list, org_tree_as_of
from thidua.organisations.serializers import (
    AuditEntrySerializer,
    OrganisationCreateSerializer,
    OrganisationMergeSerializer,
    OrganisationMoveSerializer,
    OrganisationRenameSerializer,
    OrganisationSerializer,
    OrganisationSplitSerializer,
    TreeNodeSerializer,
)
from thidua.organisations.services import org_create, org_merge, org_move, org_rename, org_split
from thidua.people.selectors import member_page, members_in_subtree
from thidua.people.serializers import MemberSerializer

TAG = "Tổ chức"

ON_PARAM = OpenApiParameter(
    "on", OpenApiTypes.DATE, description="Ngày xem (YYYY-MM-DD); mặc định là hôm nay.",
)


def org_ref(actor, code: str, field: str) -> Organisation:
    """A unit named in a request body; missing or out of scope, it is a 404 naming the field."""
    try:
        return org_get(actor=actor, code=code)
    except NotFound as exc:
        exc.field = field
        raise


def _distinct(orgs: list[Organisation]) -> list[Organisation]:
    """The same unit named twice (perhaps in another case) counts once."""
    seen: dict[int, Organisation] = {}
    for org in orgs:
        seen.setdefault(org.pk, org)
    return list(seen.values())


@extend_schema(tags=[TAG])
@extend_schema_view(
    list=extend_schema(
        summary="Danh sách tổ chức trong phạm vi của bạn",
        parameters=[
            OpenApiParameter("under", str, description="Chỉ các tổ chức trong nhánh của tổ chức có mã này (kể cả nó)."),
            OpenApiParameter("on", OpenApiTypes.DATE, description="Chỉ các tổ chức hoạt động vào ngày này (YYYY-MM-DD)."),
            OpenApiParameter("q", str, description="Tìm theo tên (không phân biệt dấu) hoặc đúng mã."),
        ],
        responses={200: OrganisationSerializer(many=True), **api.error_responses(400, 404)},
    ),
    retrieve=extend_schema(
        summary="Một tổ chức", responses={200: OrganisationSerializer, **api.error_responses(404)},
    ),
    create=extend_schema(
        summary="Thành lập tổ chức",
        request=OrganisationCreateSerializer,
        responses={201: OrganisationSerializer, **api.error_responses(400, 404)},
    ),
)
class OrganisationViewSet(viewsets.GenericViewSet):
    lookup_field = "code"
    lookup_value_regex = r"[^/]+"  # codes may contain dots
    # Never read: every query goes through the selectors. It tells the schema what `code` is.
    queryset = Organisation.objects.none()
    serializer_class = OrganisationSerializer
    parser_classes = [JSONParser]
    pagination_class = api.Pagination

    def get_object(self) -> Organisation:
        return org_get(actor=self.request.user, code=self.kwargs["code"])

    def _out(self, org: Organisation, status_code: int = status.HTTP_200_OK) -> Response:
        return Response(OrganisationSerializer(org, context=self.get_serializer_context()).data, status=status_code)

    def list(self, request):
        actor = request.user
        under_code = api.query_text(request, "under")
        under = org_ref(actor, under_code, "under") if under_code else None
        orgs = org_list(
            actor=actor, under=under, on=api.query_date(request, "on"), q=api.query_text(request, "q"),
        ).select_related("parent", "successor")
        page = self.paginate_queryset(orgs)
        return self.get_paginated_response(OrganisationSerializer(page, many=True, context=self.get_serializer_context()).data)

    def retrieve(self, request, code=None):
        return self._out(self.get_object())

    def create(self, request):
        data = api.validated(OrganisationCreateSerializer, request.data)
        parent_code = data.pop("parent")
        parent = org_ref(request.user, parent_code, "parent") if parent_code else None
        org = org_create(actor=request.user, parent=parent, **data)
        return self._out(org, status.HTTP_201_CREATED)

    @extend_schema(
        summary="Đổi tên tổ chức từ một ngày",
        request=OrganisationRenameSerializer,
        responses={200: OrganisationSerializer, **api.error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def rename(self, request, code=None):
        org = self.get_object()
        data = api.validated(OrganisationRenameSerializer, request.data)
        return self._out(org_rename(actor=request.user, org=org, **data))

    @extend_schema(
        summary="Chuyển tổ chức sang trực thuộc tổ chức khác từ một ngày",
        request=OrganisationMoveSerializer,
        responses={200: OrganisationSerializer, **api.error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def move(self, request, code=None):
        org = self.get_object()
        data = api.validated(OrganisationMoveSerializer, request.data)
        new_parent = org_ref(request.user, data["parent"], "parent")
        return self._out(org_move(actor=request.user, org=org, new_parent=new_parent, on=data["on"], reason=data["reason"]))

    @extend_schema(
        summary="Hợp nhất các tổ chức vào tổ chức này (tổ chức kế thừa)",
        request=OrganisationMergeSerializer,
        responses={200: OrganisationSerializer, **api.error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def merge(self, request, code=None):
        into = self.get_object()
        data = api.validated(OrganisationMergeSerializer, request.data)
        sources = _distinct([org_ref(request.user, c, "sources") for c in data["sources"]])
        return self._out(org_merge(actor=request.user, sources=sources, into=into, on=data["on"], reason=data["reason"]))

    @extend_schema(
        summary="Chia tách tổ chức này thành các tổ chức kế thừa",
        description="Trả về tổ chức bị chia tách, đã ngừng hoạt động từ ngày trước ngày hiệu lực.",
        request=OrganisationSplitSerializer,
        responses={200: OrganisationSerializer, **api.error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def split(self, request, code=None):
        source = self.get_object()
        data = api.validated(OrganisationSplitSerializer, request.data)
        into = _distinct([org_ref(request.user, c, "into") for c in data["into"]])
        org_split(actor=request.user, source=source, into=into, on=data["on"], reason=data["reason"])
        source.refresh_from_db()
        return self._out(source)

    @extend_schema(
        summary="Cây tổ chức tại một ngày",
        description="Tên và quan hệ trực thuộc của ngày được hỏi; chỉ các đơn vị hoạt động ngày đó, trong phạm vi của bạn.",
        parameters=[
            ON_PARAM,
            OpenApiParameter("root", str, description="Chỉ nhánh của tổ chức có mã này."),
        ],
        responses={200: TreeNodeSerializer(many=True), **api.error_responses(400, 404)},
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def tree(self, request):
        root_code = api.query_text(request, "root")
        root = org_ref(request.user, root_code, "root") if root_code else None
        on = api.query_date(request, "on", default=api.today())
        nodes = org_tree_as_of(actor=request.user, on=on, root=root)
        return Response([node.as_dict() for node in nodes])

    @extend_schema(
        summary="Nhật ký thay đổi của tổ chức",
        description="Cần quyền xem nhật ký trên tổ chức này.",
        responses={200: AuditEntrySerializer(many=True), **api.error_responses(404)},
    )
    @action(detail=True, methods=["get"])
    def history(self, request, code=None):
        org = self.get_object()
        require(request.user, Action.VIEW_AUDIT, org)
        page = self.paginate_queryset(org_history(org=org))
        return self.get_paginated_response(AuditEntrySerializer(page, many=True).data)

    @extend_schema(
        summary="Đoàn viên đang sinh hoạt trong nhánh của tổ chức",
        description="Các quá trình sinh hoạt công đoàn còn hiệu lực vào ngày được hỏi, ở tổ chức này và mọi tổ chức trực thuộc.",
        parameters=[ON_PARAM],
        responses={200: MemberSerializer(many=True), **api.error_responses(400, 404)},
    )
    @action(detail=True, methods=["get"])
    def members(self, request, code=None):
        org = self.get_object()
        on = api.query_date(request, "on", default=api.today())
        page = self.paginator.paginate_window(
            request,
            count=members_in_subtree(actor=request.user, org=org, on=on).count(),
            fetch=lambda offset, limit: member_page(actor=request.user, org=org, on=on, offset=offset, limit=limit),
        )
        return self.get_paginated_response(MemberSerializer(page, many=True).data)

    @eligibility_api.ORG_ELIGIBILITY_SCHEMA
    @action(detail=True, methods=["get"], pagination_class=None)
    def eligibility(self, request, code=None):
        return eligibility_api.org_eligibility(request, self.get_object())

    @eligibility_api.ORG_RULES_SCHEMAS[0]
    @eligibility_api.ORG_RULES_SCHEMAS[1]
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def rules(self, request, code=None):
        return eligibility_api.org_rules(request, self.get_object(), self.get_serializer_context())
