"""API of registrations (đăng ký thi đua): rounds, registrations (create, withdraw), counts per unit and year.

A thin layer: reads go through the selectors (scoped to the actor), writes through the services
(permissions, audit, one transaction). Outside the actor's scope a round or a registration is
answered exactly like one that does not exist.
"""
from __future__ import annotations

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from thidua.core import api
from thidua.core.errors import NotFound, UserError
from thidua.core.permissions import path_in_scope
from thidua.organisations.api import org_ref
from thidua.people.selectors import person_get
from thidua.registrations import selectors
from thidua.registrations.models import Registration, RegistrationRound
from thidua.registrations.serializers import (
    RegistrationCountsSerializer,
    RegistrationCreateSerializer,
    RegistrationRoundCreateSerializer,
    RegistrationRoundSerializer,
    RegistrationSerializer,
    RegistrationWithdrawSerializer,
)
from thidua.registrations.services import registration_create, registration_withdraw, round_open

TAG = "Đăng ký thi đua"


def _year(request) -> int | None:
    raw = api.query_text(request, "year")
    return selectors.clean_year_param(raw) if raw else None


@extend_schema(tags=[TAG])
@extend_schema_view(
    list=extend_schema(
        summary="Các đợt đăng ký thi đua trong phạm vi của bạn",
        description="Gồm cả các đợt do tổ chức cấp trên mở cho nhánh của bạn.",
        parameters=[OpenApiParameter("year", int, description="Chỉ các đợt của năm thi đua này.")],
        responses={200: RegistrationRoundSerializer(many=True), **api.error_responses(400)},
    ),
    retrieve=extend_schema(summary="Một đợt đăng ký thi đua", responses={200: RegistrationRoundSerializer, **api.error_responses(404)}),
    create=extend_schema(
        summary="Mở đợt đăng ký thi đua cho cả nhánh của một tổ chức",
        request=RegistrationRoundCreateSerializer,
        responses={201: RegistrationRoundSerializer, **api.error_responses(400, 404)},
    ),
)
class RegistrationRoundViewSet(viewsets.GenericViewSet):
    queryset = RegistrationRound.objects.none()
    serializer_class = RegistrationRoundSerializer
    parser_classes = [JSONParser]
    pagination_class = api.Pagination

    def get_object(self) -> RegistrationRound:
        return selectors.round_get(actor=self.request.user, pk=self.kwargs["pk"])

    def list(self, request):
        page = self.paginate_queryset(selectors.round_list(actor=request.user, year=_year(request)))
        return self.get_paginated_response(RegistrationRoundSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(RegistrationRoundSerializer(self.get_object()).data)

    def create(self, request):
        data = api.validated(RegistrationRoundCreateSerializer, request.data)
        org = org_ref(request.user, data["organisation"], "organisation")
        round_ = round_open(actor=request.user, organisation=org, year=data["year"], deadline=data["deadline"], on=api.today(),
                            title=data["title"], note=data["note"], reason=data["reason"])
        return Response(RegistrationRoundSerializer(round_).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Số đăng ký của một đơn vị trong năm của đợt",
        description=("Số cá nhân, tập thể đã đăng ký (không tính đăng ký đã rút) trong đơn vị và các đơn vị trực thuộc, "
                     "theo từng danh hiệu, và số đăng ký muộn. Mặc định là tổ chức mở đợt."),
        parameters=[OpenApiParameter("unit", str, description="Mã đơn vị cần đếm.")],
        responses={200: RegistrationCountsSerializer, **api.error_responses(400, 404)},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def counts(self, request, pk=None):
        round_ = self.get_object()
        code = api.query_text(request, "unit")
        if code:
            unit = org_ref(request.user, code, "unit")
        elif path_in_scope(request.user, round_.organisation.path):
            unit = round_.organisation
        else:
            raise UserError("Hãy chỉ rõ đơn vị cần đếm (tham số unit): tổ chức mở đợt nằm ngoài phạm vi của bạn.", field="unit")
        counts = selectors.registration_counts(actor=request.user, organisation=unit, year=round_.year)
        return Response(RegistrationCountsSerializer(counts).data)


@extend_schema(tags=[TAG])
@extend_schema_view(
    list=extend_schema(
        summary="Các đăng ký thi đua trong phạm vi của bạn",
        parameters=[
            OpenApiParameter("round", int, description="Chỉ các đăng ký của đợt này."),
            OpenApiParameter("unit", str, description="Chỉ các đăng ký do đơn vị này hoặc đơn vị trực thuộc thực hiện."),
            OpenApiParameter("year", int, description="Chỉ các đăng ký của năm thi đua này."),
        ],
        responses={200: RegistrationSerializer(many=True), **api.error_responses(400, 404)},
    ),
    retrieve=extend_schema(summary="Một đăng ký thi đua", responses={200: RegistrationSerializer, **api.error_responses(404)}),
    create=extend_schema(
        summary="Đăng ký thi đua cho một cá nhân hoặc một tập thể",
        description="Sau hạn đăng ký của đợt, chỉ nhận khi `late` là true và có `late_reason`.",
        request=RegistrationCreateSerializer,
        responses={201: RegistrationSerializer, **api.error_responses(400, 404)},
    ),
)
class RegistrationViewSet(viewsets.GenericViewSet):
    queryset = Registration.objects.none()
    serializer_class = RegistrationSerializer
    parser_classes = [JSONParser]
    pagination_class = api.Pagination

    def get_object(self) -> Registration:
        return selectors.registration_get(actor=self.request.user, pk=self.kwargs["pk"])

    def list(self, request):
        actor = request.user
        round_id = api.query_text(request, "round")
        round_ = None
        if round_id:
            if not round_id.isdigit() or len(round_id) > 18:
                raise UserError(f"Mã đợt «{round_id[:20]}» không hợp lệ: hãy dùng một số nguyên.", field="round")
            round_ = selectors.round_get(actor=actor, pk=int(round_id))
        code = api.query_text(request, "unit")
        unit = org_ref(actor, code, "unit") if code else None
        registrations = selectors.registration_list(actor=actor, round=round_, unit=unit, year=_year(request))
        page = self.paginate_queryset(registrations)
        return self.get_paginated_response(RegistrationSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(RegistrationSerializer(self.get_object()).data)

    def create(self, request):
        actor = request.user
        data = api.validated(RegistrationCreateSerializer, request.data)
        try:
            round_ = selectors.round_get(actor=actor, pk=data["round"])
        except NotFound as exc:
            exc.field = "round"
            raise
        unit = org_ref(actor, data["unit"], "unit")
        person = organisation = None
        if data.get("person") is not None:
            try:
                person = person_get(actor=actor, pk=data["person"])
            except NotFound as exc:
                exc.field = "person"
                raise
        if data.get("organisation"):
            organisation = org_ref(actor, data["organisation"], "organisation")
        registration = registration_create(
            actor=actor, round=round_, unit=unit, award=data["award"], on=data.get("on") or api.today(), person=person,
            organisation=organisation, late=data["late"], late_reason=data["late_reason"], reason=data["reason"],
        )
        return Response(RegistrationSerializer(registration).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Rút một đăng ký thi đua",
        description="Đăng ký vẫn được giữ làm lịch sử, không còn được tính; lý do được ghi vào nhật ký.",
        request=RegistrationWithdrawSerializer,
        responses={200: RegistrationSerializer, **api.error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def withdraw(self, request, pk=None):
        registration = self.get_object()
        data = api.validated(RegistrationWithdrawSerializer, request.data)
        registration = registration_withdraw(actor=request.user, registration=registration, on=data.get("on") or api.today(),
                                             reason=data["reason"])
        return Response(RegistrationSerializer(registration).data)


def register(router) -> None:
    """Add this app's viewsets to the API router (thidua/api_urls.py calls it)."""
    router.register("registration-rounds", RegistrationRoundViewSet, basename="registration-round")
    router.register("registrations", RegistrationViewSet, basename="registration")
