"""API of commendation rounds, dossiers (with the route: submit, accept, return, forward) and proposals.

A thin layer: reads go through the selectors (scoped to the actor), writes through the services
(permissions, audit, one transaction). Outside the actor's scope a record is answered exactly like
one that does not exist.
"""
from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from thidua.core import api
from thidua.core.errors import NotFound, UserError
from thidua.nominations import selectors, services
from thidua.nominations.models import Dossier, Proposal, Round
from thidua.nominations.serializers import (
    DossierCreateSerializer,
    DossierSerializer,
    ProposalCreateSerializer,
    ProposalSerializer,
    RoundCreateSerializer,
    RoundSerializer,
    TransitionSerializer,
)
from thidua.organisations.api import org_ref
from thidua.people.selectors import person_get

TAG = "Khen thưởng: đợt và hồ sơ đề nghị"


def _id(request, name: str) -> int | None:
    raw = api.query_text(request, name)
    if not raw:
        return None
    if not raw.isdigit() or len(raw) > 18:
        raise UserError(f"Mã «{raw[:20]}» không hợp lệ: hãy dùng một số nguyên.", field=name)
    return int(raw)


def _ref(getter, field: str, **kwargs):
    try:
        return getter(**kwargs)
    except NotFound as exc:
        exc.field = field
        raise


@extend_schema(tags=[TAG])
@extend_schema_view(
    list=extend_schema(summary="Các đợt khen thưởng trong phạm vi của bạn",
                       parameters=[OpenApiParameter("year", int, description="Chỉ các đợt của năm này.")],
                       responses={200: RoundSerializer(many=True), **api.error_responses(400)}),
    retrieve=extend_schema(summary="Một đợt khen thưởng", responses={200: RoundSerializer, **api.error_responses(404)}),
    create=extend_schema(summary="Mở đợt khen thưởng", request=RoundCreateSerializer,
                         responses={201: RoundSerializer, **api.error_responses(400, 404)}),
)
class RoundViewSet(viewsets.GenericViewSet):
    queryset = Round.objects.none()
    serializer_class = RoundSerializer
    parser_classes = [JSONParser]
    pagination_class = api.Pagination

    def list(self, request):
        raw = api.query_text(request, "year")
        year = None
        if raw:
            if not raw.isdigit() or len(raw) > 4:
                raise UserError(f"Năm «{raw[:20]}» không hợp lệ: hãy nhập một năm, ví dụ 2024.", field="year")
            year = int(raw)
        page = self.paginate_queryset(selectors.round_list(actor=request.user, year=year))
        return self.get_paginated_response(RoundSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(RoundSerializer(selectors.round_get(actor=request.user, pk=pk)).data)

    def create(self, request):
        data = api.validated(RoundCreateSerializer, request.data)
        org = org_ref(request.user, data["organisation"], "organisation")
        round_ = services.round_open(
            actor=request.user, organisation=org, kind=data["kind"], title=data["title"], year=data["year"],
            on=data.get("on") or api.today(), deadlines=data["deadlines"], stage_from=data.get("stage_from"),
            stage_to=data.get("stage_to"), theme=data["theme"], note=data["note"])
        return Response(RoundSerializer(round_).data, status=status.HTTP_201_CREATED)


def _transition_schema(summary: str, description: str = ""):
    return extend_schema(summary=summary, description=description, request=TransitionSerializer,
                         responses={200: DossierSerializer, **api.error_responses(400, 403, 404)})


@extend_schema(tags=[TAG])
@extend_schema_view(
    list=extend_schema(summary="Các hồ sơ đề nghị trong phạm vi của bạn",
                       description="Hồ sơ của đơn vị đề nghị hoặc đang ở tổ chức trong phạm vi của bạn.",
                       parameters=[OpenApiParameter("round", int, description="Chỉ các hồ sơ của đợt này."),
                                   OpenApiParameter("status", str, description="Chỉ các hồ sơ ở trạng thái này.")],
                       responses={200: DossierSerializer(many=True), **api.error_responses(400, 404)}),
    retrieve=extend_schema(summary="Một hồ sơ đề nghị", responses={200: DossierSerializer, **api.error_responses(404)}),
    create=extend_schema(summary="Lập hồ sơ đề nghị khen thưởng", request=DossierCreateSerializer,
                         responses={201: DossierSerializer, **api.error_responses(400, 403, 404)}),
)
class DossierViewSet(viewsets.GenericViewSet):
    queryset = Dossier.objects.none()
    serializer_class = DossierSerializer
    parser_classes = [JSONParser]
    pagination_class = api.Pagination

    def get_object(self) -> Dossier:
        return selectors.dossier_get(actor=self.request.user, pk=self.kwargs["pk"])

    def list(self, request):
        round_id = _id(request, "round")
        round_ = _ref(selectors.round_get, "round", actor=request.user, pk=round_id) if round_id else None
        wanted = api.query_text(request, "status")
        if wanted and wanted not in Dossier.Status.values:
            raise UserError(f"Trạng thái «{wanted[:20]}» không hợp lệ.", field="status")
        page = self.paginate_queryset(selectors.dossier_list(actor=request.user, round=round_, status=wanted or None))
        return self.get_paginated_response(DossierSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(DossierSerializer(self.get_object()).data)

    def create(self, request):
        data = api.validated(DossierCreateSerializer, request.data)
        round_ = _ref(selectors.round_get, "round", actor=request.user, pk=data["round"])
        proposer = org_ref(request.user, data["proposer"], "proposer")
        dossier = services.dossier_create(actor=request.user, round=round_, proposer=proposer, award=data["award"],
                                          on=data.get("on") or api.today(), title=data["title"])
        return Response(DossierSerializer(dossier).data, status=status.HTTP_201_CREATED)

    def _move(self, request, function):
        dossier = self.get_object()
        data = api.validated(TransitionSerializer, request.data)
        kwargs = {"reason": data["reason"]}
        result = function(actor=request.user, dossier=dossier, on=data.get("on") or api.today(), **kwargs)
        return Response(DossierSerializer(result).data)

    @_transition_schema("Trình hồ sơ", "Đơn vị đề nghị trình hồ sơ lên tổ chức có thẩm quyền (hoặc xét tại đơn vị).")
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        return self._move(request, services.dossier_submit)

    @_transition_schema("Tiếp nhận hồ sơ")
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        return self._move(request, services.dossier_accept)

    @_transition_schema("Trả lại hồ sơ", "Bắt buộc ghi lý do.")
    @action(detail=True, methods=["post"], url_path="return")
    def send_back(self, request, pk=None):
        return self._move(request, services.dossier_return)

    @_transition_schema("Trình tiếp lên cấp trên", "Trả về hồ sơ mới lập ở cấp trên với các đề nghị đã được thông qua.")
    @action(detail=True, methods=["post"])
    def forward(self, request, pk=None):
        return self._move(request, services.dossier_forward)


@extend_schema(tags=[TAG])
@extend_schema_view(
    create=extend_schema(summary="Thêm một đề nghị vào hồ sơ",
                         description="Kiểm tra điều kiện theo quy định; chưa đủ điều kiện thì phải có `override_reason`.",
                         request=ProposalCreateSerializer, responses={201: ProposalSerializer, **api.error_responses(400, 403, 404)}),
    destroy=extend_schema(summary="Rút một đề nghị khỏi hồ sơ",
                          description="Đề nghị được giữ làm lịch sử với trạng thái «rút khỏi hồ sơ»; trả về đề nghị đó.",
                          responses={200: ProposalSerializer, **api.error_responses(400, 403, 404)}),
)
class ProposalViewSet(viewsets.GenericViewSet):
    queryset = Proposal.objects.none()
    serializer_class = ProposalSerializer
    parser_classes = [JSONParser]

    def create(self, request):
        actor = request.user
        data = api.validated(ProposalCreateSerializer, request.data)
        dossier = _ref(selectors.dossier_get, "dossier", actor=actor, pk=data["dossier"])
        person = _ref(person_get, "person", actor=actor, pk=data["person"]) if data.get("person") is not None else None
        organisation = org_ref(actor, data["organisation"], "organisation") if data.get("organisation") else None
        proposal = services.proposal_add(actor=actor, dossier=dossier, person=person, organisation=organisation, year=data["year"],
                                         achievement=data["achievement"], amount=data["amount"],
                                         override_reason=data["override_reason"], on=data.get("on") or api.today())
        return Response(ProposalSerializer(proposal).data, status=status.HTTP_201_CREATED)

    def destroy(self, request, pk=None):
        proposal = selectors.proposal_get(actor=request.user, pk=pk)
        return Response(ProposalSerializer(services.proposal_remove(actor=request.user, proposal=proposal)).data)


def register(router) -> None:
    router.register("commendation-rounds", RoundViewSet, basename="commendation-round")
    router.register("dossiers", DossierViewSet, basename="dossier")
    router.register("proposals", ProposalViewSet, basename="proposal")
