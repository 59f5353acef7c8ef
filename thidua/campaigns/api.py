"""Movements (phong trào thi đua) over the API: movements, their peak campaigns, the units'
responses with their results, and contests with entries, scores and the ranking.

A thin layer over `campaigns.selectors` (scoped to the actor) and `campaigns.services` (permission
checks, audit rows, one transaction). A movement outside the actor's scope is simply not found.
Attached files are uploaded from the pages; the API lists them.
"""
from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from thidua.campaigns import selectors as sel
from thidua.campaigns import services
from thidua.campaigns.models import Contest, Movement, MovementResponse, PeakCampaign
from thidua.campaigns.serializers import (
    PeakCampaignCreateSerializer,
    PeakCampaignSerializer,
    ContestCreateSerializer,
    ContestSerializer,
    ContestEntryCreateSerializer,
    ContestEntrySerializer,
    MovementCreateSerializer,
    MovementSerializer,
    MovementUpdateSerializer,
    ContestRankedEntrySerializer,
    MovementResponseCreateSerializer,
    MovementResponseRowSerializer,
    MovementResponseSerializer,
    MovementResultCreateSerializer,
    MovementResultSerializer,
    ContestScoreCreateSerializer,
)
from thidua.core import api
from thidua.core.errors import NotFound, UserError
from thidua.core.scales import YEAR_MAX, YEAR_MIN
from thidua.organisations.api import org_ref

TAG = "Phong trào thi đua"
MOVEMENT_PARAM = OpenApiParameter("movement", OpenApiTypes.INT, description="Chỉ những bản ghi của phong trào có mã số này.")


def _movement_ref(actor, pk, field: str = "movement") -> Movement:
    try:
        return sel.movement_get(actor=actor, pk=pk)
    except NotFound as exc:
        exc.field = field
        raise


def _person_ref(actor, pk, field: str):
    from thidua.people.selectors import person_get

    try:
        return person_get(actor=actor, pk=pk)
    except NotFound as exc:
        exc.field = field
        raise


def _movement_filter(request) -> Movement | None:
    raw = api.query_text(request, "movement")
    if not raw:
        return None
    if not raw.isdigit() or int(raw) > 2**31 - 1:
        raise UserError(f"Tham số movement «{raw[:20]}» không hợp lệ: hãy nhập mã số của một phong trào.", field="movement")
    return _movement_ref(request.user, int(raw))


@extend_schema(tags=[TAG])
@extend_schema_view(
    list=extend_schema(
        summary="Các phong trào trong phạm vi của bạn",
        description="Phong trào do đơn vị trong phạm vi của bạn phát động, hoặc đề nghị một đơn vị trong phạm vi hưởng ứng.",
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, description=f"Chỉ những phong trào diễn ra trong năm này ({YEAR_MIN}–{YEAR_MAX})."),
            OpenApiParameter("under", str, description="Chỉ những phong trào do nhánh của đơn vị có mã này phát động, hoặc đề nghị đơn vị đó hưởng ứng."),
        ],
        responses={200: MovementSerializer(many=True), **api.error_responses(400, 404)},
    ),
    retrieve=extend_schema(summary="Một phong trào", responses={200: MovementSerializer, **api.error_responses(404)}),
    create=extend_schema(
        summary="Phát động một phong trào",
        description="Cần quyền quản lý thi đua, khen thưởng trên đơn vị phát động. Văn bản đính kèm tải lên ở trang của phong trào.",
        request=MovementCreateSerializer,
        responses={201: MovementSerializer, **api.error_responses(400, 404)},
    ),
    partial_update=extend_schema(
        summary="Sửa một phong trào", description="Chỉ các trường được gửi mới được sửa.",
        request=MovementUpdateSerializer, responses={200: MovementSerializer, **api.error_responses(400, 404)},
    ),
)
class MovementViewSet(viewsets.GenericViewSet):
    # Never read: every query goes through the selectors. It tells the schema what `id` is.
    queryset = Movement.objects.none()
    serializer_class = MovementSerializer
    parser_classes = [JSONParser]
    pagination_class = api.Pagination

    def get_object(self) -> Movement:
        return sel.movement_get(actor=self.request.user, pk=self.kwargs["pk"])

    def _out(self, movement: Movement, code: int = status.HTTP_200_OK) -> Response:
        return Response(MovementSerializer(movement).data, status=code)

    def list(self, request):
        raw = api.query_text(request, "year")
        year = None
        if raw:
            year = int(raw) if raw.isdigit() else None
            if year is None or not YEAR_MIN <= year <= YEAR_MAX:
                raise UserError(f"Tham số year «{raw[:20]}» không hợp lệ: hãy nhập một năm từ {YEAR_MIN} đến {YEAR_MAX}.", field="year")
        under_code = api.query_text(request, "under")
        under = org_ref(request.user, under_code, "under") if under_code else None
        movements = sel.movement_list(actor=request.user, year=year, under=under).prefetch_related(
            "partners", "targets", "documents", "campaigns", "models__people", "models__organisation")
        page = self.paginate_queryset(movements)
        return self.get_paginated_response(MovementSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return self._out(self.get_object())

    def create(self, request):
        actor = request.user
        data = api.validated(MovementCreateSerializer, request.data)
        org = org_ref(actor, data.pop("organisation"), "organisation")
        targets = [org_ref(actor, code, "targets") for code in data.pop("targets")]
        partners = [org_ref(actor, code, "partners") for code in data.pop("partners")]
        movement = services.movement_launch(actor=actor, organisation=org, targets=targets, partners=partners,
                                            launched_on=data.pop("launched_on") or api.today(), **data)
        return self._out(movement, status.HTTP_201_CREATED)

    def partial_update(self, request, pk=None):
        actor = request.user
        movement = self.get_object()
        changes = api.validated(MovementUpdateSerializer, request.data, partial=True)
        if "targets" in changes:
            changes["targets"] = [org_ref(actor, code, "targets") for code in changes["targets"]]
        if "partners" in changes:
            changes["partners"] = [org_ref(actor, code, "partners") for code in changes["partners"]]
        reason = changes.pop("reason", "")
        return self._out(services.movement_update(actor=actor, movement=movement, reason=reason, **changes))

    @extend_schema(
        summary="Bảng hưởng ứng: mọi đơn vị được đề nghị, đã hay chưa hưởng ứng",
        description="Chỉ các đơn vị trong phạm vi của bạn, theo thứ tự cây tổ chức.",
        responses={200: MovementResponseRowSerializer(many=True), **api.error_responses(404)},
    )
    @action(detail=True, methods=["get"], url_path="response-table")
    def response_table(self, request, pk=None):
        rows = sel.response_table(actor=request.user, movement=self.get_object())
        page = self.paginate_queryset(rows)
        return self.get_paginated_response(MovementResponseRowSerializer(page, many=True).data)


@extend_schema(tags=[TAG])
@extend_schema_view(
    list=extend_schema(summary="Các đợt thi đua cao điểm", parameters=[MOVEMENT_PARAM],
                       responses={200: PeakCampaignSerializer(many=True), **api.error_responses(400, 404)}),
    retrieve=extend_schema(summary="Một đợt thi đua cao điểm", responses={200: PeakCampaignSerializer, **api.error_responses(404)}),
    create=extend_schema(
        summary="Thêm một đợt thi đua cao điểm vào phong trào",
        description="Thời gian của đợt phải nằm trong thời gian của phong trào. Cần quyền trên đơn vị phát động.",
        request=PeakCampaignCreateSerializer, responses={201: PeakCampaignSerializer, **api.error_responses(400, 404)},
    ),
)
class PeakCampaignViewSet(viewsets.GenericViewSet):
    queryset = PeakCampaign.objects.none()
    serializer_class = PeakCampaignSerializer
    parser_classes = [JSONParser]
    pagination_class = api.Pagination

    def list(self, request):
        page = self.paginate_queryset(sel.campaign_list(actor=request.user, movement=_movement_filter(request)))
        return self.get_paginated_response(PeakCampaignSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(PeakCampaignSerializer(sel.campaign_get(actor=request.user, pk=pk)).data)

    def create(self, request):
        data = api.validated(PeakCampaignCreateSerializer, request.data)
        movement = _movement_ref(request.user, data.pop("movement"))
        campaign = services.campaign_add(actor=request.user, movement=movement, **data)
        return Response(PeakCampaignSerializer(campaign).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=[TAG])
@extend_schema_view(
    list=extend_schema(summary="Các bản hưởng ứng phong trào", parameters=[MOVEMENT_PARAM],
                       responses={200: MovementResponseSerializer(many=True), **api.error_responses(400, 404)}),
    retrieve=extend_schema(summary="Một bản hưởng ứng, với các kết quả đã báo cáo",
                           responses={200: MovementResponseSerializer, **api.error_responses(404)}),
    create=extend_schema(
        summary="Một đơn vị hưởng ứng phong trào",
        description="Chỉ đơn vị được phong trào đề nghị hưởng ứng, mỗi đơn vị một lần. Cần quyền trên đơn vị hưởng ứng.",
        request=MovementResponseCreateSerializer, responses={201: MovementResponseSerializer, **api.error_responses(400, 404)},
    ),
)
class ResponseViewSet(viewsets.GenericViewSet):
    queryset = MovementResponse.objects.none()
    serializer_class = MovementResponseSerializer
    parser_classes = [JSONParser]
    pagination_class = api.Pagination

    def list(self, request):
        page = self.paginate_queryset(sel.response_list(actor=request.user, movement=_movement_filter(request)))
        return self.get_paginated_response(MovementResponseSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(MovementResponseSerializer(sel.response_get(actor=request.user, pk=pk)).data)

    def create(self, request):
        data = api.validated(MovementResponseCreateSerializer, request.data)
        movement = _movement_ref(request.user, data.pop("movement"))
        unit = org_ref(request.user, data.pop("organisation"), "organisation")
        response = services.response_submit(actor=request.user, movement=movement, organisation=unit,
                                            on=data.pop("on") or api.today(), **data)
        return Response(MovementResponseSerializer(response).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Báo cáo kết quả thực hiện (theo kỳ) của một bản hưởng ứng",
        request=MovementResultCreateSerializer, responses={201: MovementResultSerializer, **api.error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def results(self, request, pk=None):
        response = sel.response_get(actor=request.user, pk=pk)
        data = api.validated(MovementResultCreateSerializer, request.data)
        campaign_id = data.pop("campaign")
        campaign = None
        if campaign_id is not None:
            campaign = response.movement.campaigns.filter(pk=campaign_id).first()
            if campaign is None:
                raise UserError("Đợt cao điểm đã chọn không thuộc phong trào này.", field="campaign")
        report = services.result_report(actor=request.user, response=response, campaign=campaign,
                                        figures=[dict(f) for f in data.pop("figures")], on=data.pop("on") or api.today(), **data)
        return Response(MovementResultSerializer(report).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=[TAG])
@extend_schema_view(
    list=extend_schema(summary="Các hội thi", parameters=[MOVEMENT_PARAM],
                       responses={200: ContestSerializer(many=True), **api.error_responses(400, 404)}),
    retrieve=extend_schema(summary="Một hội thi", responses={200: ContestSerializer, **api.error_responses(404)}),
    create=extend_schema(
        summary="Thêm một hội thi vào phong trào",
        description="Với thang điểm (mặc định 0–10) và giám khảo (mã số người). Cần quyền trên đơn vị phát động.",
        request=ContestCreateSerializer, responses={201: ContestSerializer, **api.error_responses(400, 404)},
    ),
)
class ContestViewSet(viewsets.GenericViewSet):
    queryset = Contest.objects.none()
    serializer_class = ContestSerializer
    parser_classes = [JSONParser]
    pagination_class = api.Pagination

    def get_object(self) -> Contest:
        return sel.contest_get(actor=self.request.user, pk=self.kwargs["pk"])

    def list(self, request):
        contests = sel.contest_list(actor=request.user, movement=_movement_filter(request)).prefetch_related("judges")
        page = self.paginate_queryset(contests)
        return self.get_paginated_response(ContestSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(ContestSerializer(self.get_object()).data)

    def create(self, request):
        data = api.validated(ContestCreateSerializer, request.data)
        movement = _movement_ref(request.user, data.pop("movement"))
        judges = [_person_ref(request.user, pk, "judges") for pk in data.pop("judges")]
        contest = services.contest_add(actor=request.user, movement=movement, judges=judges, **data)
        return Response(ContestSerializer(contest).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Kết quả: các bài xếp hạng theo điểm trung bình",
        description="Bằng điểm trung bình thì đồng hạng (1, 2, 2, 4), kèm giải thích; bài chưa được chấm không có hạng.",
        responses={200: ContestRankedEntrySerializer(many=True), **api.error_responses(404)},
    )
    @action(detail=True, methods=["get"], pagination_class=None)
    def results(self, request, pk=None):
        return Response(ContestRankedEntrySerializer(sel.contest_results(contest=self.get_object()), many=True).data)

    @extend_schema(
        summary="Nộp một bài dự thi",
        description="Của một đơn vị được phong trào đề nghị hưởng ứng, hoặc của một người thuộc đơn vị đó. Cần quyền trên đơn vị.",
        request=ContestEntryCreateSerializer, responses={201: ContestEntrySerializer, **api.error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def entries(self, request, pk=None):
        contest = self.get_object()
        data = api.validated(ContestEntryCreateSerializer, request.data)
        unit = org_ref(request.user, data.pop("organisation"), "organisation")
        person_id = data.pop("person")
        person = _person_ref(request.user, person_id, "person") if person_id is not None else None
        entry = services.contest_entry_add(actor=request.user, contest=contest, organisation=unit, person=person,
                                           on=data.pop("on") or api.today(), **data)
        return Response(ContestEntrySerializer(entry).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Ghi điểm của một giám khảo cho một bài",
        description=("Điểm phải nằm trong thang điểm của hội thi; giám khảo không chấm bài của chính mình; chấm lại thì thay "
                     "điểm cũ. Cần quyền trên đơn vị phát động."),
        request=ContestScoreCreateSerializer, responses={201: ContestRankedEntrySerializer(many=True), **api.error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def scores(self, request, pk=None):
        contest = self.get_object()
        data = api.validated(ContestScoreCreateSerializer, request.data)
        entry = contest.entries.filter(pk=data["entry"]).first()
        if entry is None:
            raise UserError("Không có bài dự thi này trong hội thi.", field="entry")
        judge = contest.judges.filter(pk=data["judge"]).first()
        if judge is None:
            raise UserError("Người này không phải giám khảo của hội thi: chỉ giám khảo mới được chấm.", field="judge")
        services.contest_score(actor=request.user, entry=entry, judge=judge, score=data["score"], note=data["note"],
                               reason=data["reason"])
        return Response(ContestRankedEntrySerializer(sel.contest_results(contest=contest), many=True).data, status=status.HTTP_201_CREATED)


def register(router) -> None:
    """Add this app's viewsets to the API router (thidua/api_urls.py calls it)."""
    router.register("movements", MovementViewSet, basename="movement")
    router.register("peak-campaigns", PeakCampaignViewSet, basename="peak-campaign")
    router.register("movement-responses", ResponseViewSet, basename="movement-response")
    router.register("contests", ContestViewSet, basename="contest")
