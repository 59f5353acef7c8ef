"""API of commendation decisions: list, read, draft, issue, revoke, correct, record a decision of a higher
level, and the counts of awards of a unit's subtree over a period.

A thin layer: reads go through the selectors (scoped to the actor), writes through the services
(permissions, audit, one transaction). Outside the actor's scope a decision is answered exactly
like one that does not exist.
"""
from __future__ import annotations

from datetime import date

from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from thidua.core import api
from thidua.core.errors import NotFound, UserError
from thidua.decisions import selectors, services
from thidua.decisions.models import Decision
from thidua.decisions.serializers import (
    AwardCountsSerializer,
    DecisionCorrectSerializer,
    DecisionDraftSerializer,
    DecisionIssueSerializer,
    DecisionReceivedSerializer,
    DecisionRevokeSerializer,
    DecisionSerializer,
)
from thidua.organisations.api import org_ref
from thidua.people.selectors import person_get

TAG = "Quyết định khen thưởng"


def _person(actor, pk, field: str):
    try:
        return person_get(actor=actor, pk=pk)
    except NotFound as exc:
        exc.field = field
        raise


def _items(actor, rows: list[dict], field: str = "items") -> list[services.ItemInput]:
    items = []
    for row in rows:
        person = _person(actor, row["person"], field) if row.get("person") is not None else None
        organisation = org_ref(actor, row["organisation"], field) if row.get("organisation") else None
        items.append(services.ItemInput(person=person, organisation=organisation, year=row.get("year"),
                                        achievement=row.get("achievement", ""), amount=row.get("amount", 0)))
    return items


def _decision_items(decision: Decision, ids, field: str) -> dict:
    found = {i.pk: i for i in decision.items.select_related("person", "organisation", "award_record").filter(pk__in=list(ids))}
    missing = [pk for pk in ids if pk not in found]
    if missing:
        raise UserError(f"Dòng {missing[0]} không có trong {decision}.", field=field)
    return found


@extend_schema(tags=[TAG])
@extend_schema_view(
    list=extend_schema(
        summary="Các quyết định khen thưởng trong phạm vi của bạn",
        description="Gồm dự thảo, quyết định đã ban hành và quyết định của cấp trên được ghi nhận.",
        parameters=[
            OpenApiParameter("organisation", str, description="Chỉ các quyết định do tổ chức này hoặc tổ chức trực thuộc ban hành, ghi nhận."),
            OpenApiParameter("year", int, description="Chỉ các quyết định của năm này."),
            OpenApiParameter("status", str, enum=Decision.Status.values, description="draft (dự thảo) hoặc issued (đã ban hành)."),
        ],
        responses={200: DecisionSerializer(many=True), **api.error_responses(400, 404)},
    ),
    retrieve=extend_schema(summary="Một quyết định và danh sách kèm theo", responses={200: DecisionSerializer, **api.error_responses(404)}),
    create=extend_schema(
        summary="Lập dự thảo quyết định khen thưởng",
        description=("Tổ chức chỉ tặng được những hình thức mà loại tổ chức của mình có thẩm quyền tặng. Danh sách gồm các đề nghị "
                     "được Hội đồng thông qua của các hồ sơ tổ chức đang giữ, và những cá nhân, tập thể thêm trực tiếp."),
        request=DecisionDraftSerializer,
        responses={201: DecisionSerializer, **api.error_responses(400, 404)},
    ),
)
class DecisionViewSet(viewsets.GenericViewSet):
    queryset = Decision.objects.none()
    serializer_class = DecisionSerializer
    parser_classes = [JSONParser]
    pagination_class = api.Pagination

    def get_object(self) -> Decision:
        return selectors.decision_get(actor=self.request.user, pk=self.kwargs["pk"])

    def list(self, request):
        actor = request.user
        code = api.query_text(request, "organisation")
        organisation = org_ref(actor, code, "organisation") if code else None
        raw_year = api.query_text(request, "year")
        year = None
        if raw_year:
            if not raw_year.isdigit() or len(raw_year) > 4:
                raise UserError(f"Năm «{raw_year[:20]}» không hợp lệ: hãy dùng một năm, ví dụ 2026.", field="year")
            year = int(raw_year)
        state = api.query_text(request, "status")
        if state and state not in Decision.Status.values:
            raise UserError(f"Trạng thái «{state[:20]}» không hợp lệ: dùng draft hoặc issued.", field="status")
        decisions = selectors.decision_list(actor=actor, organisation=organisation, year=year, status=state or None)
        page = self.paginate_queryset(decisions.prefetch_related("items__person", "items__organisation", "items__award_record"))
        return self.get_paginated_response(DecisionSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(DecisionSerializer(self.get_object()).data)

    def create(self, request):
        actor = request.user
        data = api.validated(DecisionDraftSerializer, request.data)
        issuer = org_ref(actor, data["issuer"], "issuer")
        dossiers = []
        for pk in data["dossiers"]:
            try:
                dossiers.append(selectors.dossier_for_decision(actor=actor, pk=pk))
            except NotFound as exc:
                exc.field = "dossiers"
                raise
        draft = services.decision_draft(actor=actor, issuer=issuer, award=data["award"], subject=data["subject"],
                                        on=data.get("on") or api.today(), dossiers=dossiers, items=_items(actor, data["items"]),
                                        reason=data["reason"])
        return Response(DecisionSerializer(draft).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Ban hành một dự thảo",
        description=("Cấp số tiếp theo của tổ chức trong năm của ngày ban hành, ghi khen thưởng và mã xác minh cho từng dòng. "
                     "Quyết định đã ban hành không sửa được."),
        request=DecisionIssueSerializer,
        responses={200: DecisionSerializer, **api.error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def issue(self, request, pk=None):
        decision = self.get_object()
        data = api.validated(DecisionIssueSerializer, request.data)
        decision = services.decision_issue(actor=request.user, decision=decision, on=data.get("on") or api.today(),
                                           signer_name=data["signer_name"], signer_title=data["signer_title"],
                                           signer_authority=data["signer_authority"], reason=data["reason"])
        return Response(DecisionSerializer(decision).data)

    @extend_schema(
        summary="Thu hồi khen thưởng của một quyết định",
        description=("Ban hành quyết định thu hồi (số tiếp theo của cùng tổ chức) dẫn chiếu quyết định này; khen thưởng của các "
                     "dòng được chọn (mặc định cả danh sách) bị thu hồi và kết quả xét điều kiện dựa trên đó được xét lại."),
        request=DecisionRevokeSerializer,
        responses={201: DecisionSerializer, **api.error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def revoke(self, request, pk=None):
        decision = self.get_object()
        data = api.validated(DecisionRevokeSerializer, request.data)
        items = None
        if data["items"] is not None:
            items = list(_decision_items(decision, data["items"], "items").values())
        revocation = services.decision_revoke(
            actor=request.user, decision=decision, on=data.get("on") or api.today(), signer_name=data["signer_name"],
            signer_title=data["signer_title"], signer_authority=data["signer_authority"], reason=data["reason"], items=items,
            subject=data["subject"])
        return Response(DecisionSerializer(revocation).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Đính chính, sửa đổi một quyết định",
        description=("Ban hành quyết định đính chính dẫn chiếu quyết định này: khen thưởng cũ của từng dòng đính chính bị thu hồi, "
                     "khen thưởng đúng (hình thức, năm, người hoặc tập thể, thành tích, tiền thưởng) được ghi với mã xác minh mới."),
        request=DecisionCorrectSerializer,
        responses={201: DecisionSerializer, **api.error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def correct(self, request, pk=None):
        actor = request.user
        decision = self.get_object()
        data = api.validated(DecisionCorrectSerializer, request.data)
        found = _decision_items(decision, [row["item"] for row in data["corrections"]], "corrections")
        corrections = []
        for row in data["corrections"]:
            person = _person(actor, row["person"], "corrections") if row.get("person") is not None else None
            organisation = org_ref(actor, row["organisation"], "corrections") if row.get("organisation") else None
            corrections.append(services.Correction(
                item=found[row["item"]], award=row.get("award"), year=row.get("year"), person=person, organisation=organisation,
                achievement=row.get("achievement"), amount=row.get("amount")))
        correcting = services.decision_correct(
            actor=actor, decision=decision, on=data.get("on") or api.today(), signer_name=data["signer_name"],
            signer_title=data["signer_title"], signer_authority=data["signer_authority"], reason=data["reason"],
            corrections=corrections, subject=data["subject"])
        return Response(DecisionSerializer(correcting).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Ghi nhận quyết định khen thưởng của cấp trên",
        description=("Quyết định của cấp trên (Tổng Liên đoàn, Liên đoàn Lao động, Công đoàn ngành, cơ quan nhà nước) khen thưởng "
                     "người, tập thể trong đơn vị ghi nhận; khen thưởng được ghi vào lịch sử để xét các danh hiệu sau."),
        request=DecisionReceivedSerializer,
        responses={201: DecisionSerializer, **api.error_responses(400, 404)},
    )
    @action(detail=False, methods=["post"])
    def received(self, request):
        actor = request.user
        data = api.validated(DecisionReceivedSerializer, request.data)
        received_by = org_ref(actor, data["received_by"], "received_by")
        decision = services.decision_record_received(
            actor=actor, received_by=received_by, issuer_name=data["issuer_name"], number_text=data["number_text"],
            issued_on=data["issued_on"], award=data["award"], subject=data["subject"], items=_items(actor, data["items"]),
            signer_name=data["signer_name"], reason=data["reason"])
        return Response(DecisionSerializer(decision).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Số khen thưởng của một đơn vị trong một khoảng thời gian",
        description=("Khen thưởng theo các quyết định ban hành hoặc ghi nhận trong đơn vị và các đơn vị trực thuộc, theo cấp, "
                     "hình thức, đối tượng (tập thể, cá nhân) và cơ quan ban hành; không tính khen thưởng đã bị thu hồi. "
                     "Mặc định cả năm nay."),
        parameters=[
            OpenApiParameter("organisation", str, required=True, description="Mã đơn vị."),
            OpenApiParameter("from", date, description="Từ ngày (YYYY-MM-DD)."),
            OpenApiParameter("to", date, description="Đến ngày (YYYY-MM-DD)."),
        ],
        responses={200: AwardCountsSerializer, **api.error_responses(400, 404)},
    )
    @action(detail=False, methods=["get"], pagination_class=None)
    def counts(self, request):
        actor = request.user
        code = api.query_text(request, "organisation")
        if not code:
            raise UserError("Hãy chỉ rõ đơn vị (tham số organisation).", field="organisation")
        organisation = org_ref(actor, code, "organisation")
        today = api.today()
        date_from = api.query_date(request, "from", default=date(today.year, 1, 1))
        date_to = api.query_date(request, "to", default=date(today.year, 12, 31))
        rows = selectors.award_counts(actor=actor, organisation=organisation, date_from=date_from, date_to=date_to)
        return Response(AwardCountsSerializer({
            "organisation": organisation.code, "date_from": date_from, "date_to": date_to, "rows": rows,
            "sentences": selectors.award_sentences(rows),
        }).data)


def register(router) -> None:
    """Add this app's viewsets to the API router (thidua/api_urls.py calls it)."""
    router.register("decisions", DecisionViewSet, basename="decision")
