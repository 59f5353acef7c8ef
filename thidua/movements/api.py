"""API of initiatives, research topics and science councils (sáng kiến, đề tài, hội đồng khoa học).

A thin layer: reads through thidua.movements.selectors (scoped to the actor), writes through
thidua.movements.services (permissions, audit, one transaction). Outside the actor's scope a record
is answered exactly like one that does not exist.
"""
from __future__ import annotations

from types import SimpleNamespace

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from thidua.core import api
from thidua.core.errors import NotFound, UserError
from thidua.core.scales import YEAR_MAX, YEAR_MIN
from thidua.movements import selectors as s
from thidua.movements import services
from thidua.movements.models import Council, CouncilMeeting, Initiative
from thidua.movements.serializers import (
    AcceptSerializer,
    CouncilCreateSerializer,
    CouncilSerializer,
    CountsSerializer,
    DecideSerializer,
    InitiativeCreateSerializer,
    InitiativeDetailSerializer,
    InitiativeSerializer,
    MeetingCreateSerializer,
    MeetingSerializer,
    ReviewsSerializer,
    StartSerializer,
)
from thidua.people.selectors import person_visible

TAG = "Sáng kiến, đề tài và hội đồng khoa học"


def _org(actor, code: str, field: str):
    from thidua.organisations.api import org_ref

    return org_ref(actor, code, field)


def _year(request, *, required: bool = False) -> int | None:
    raw = api.query_text(request, "year")
    if not raw:
        if required:
            raise UserError("Hãy cho tham số year (năm).", field="year")
        return None
    try:
        year = int(raw)
    except ValueError:
        year = None
    if year is None or not YEAR_MIN <= year <= YEAR_MAX:
        raise UserError(f"Tham số year «{raw}» không hợp lệ: hãy nhập một năm từ {YEAR_MIN} đến {YEAR_MAX}.", field="year")
    return year


def _people(actor, ids, field: str) -> list:
    found = {p.pk: p for p in person_visible(actor=actor).filter(pk__in=list(ids))}
    for pk in ids:
        if pk not in found:
            raise UserError(f"Không tìm thấy người có mã {pk} trong phạm vi của bạn.", field=field)
    return [found[pk] for pk in ids]


def _council_data(council: Council) -> dict:
    return CouncilSerializer(council).data


def _meeting_data(meeting: CouncilMeeting) -> dict:
    items = []
    for item in meeting.agenda.order_by("id"):
        tally = s.review_tally(meeting=meeting, initiative=item)
        items.append(SimpleNamespace(initiative=item.pk, title=item.title, status=item.status, members=tally.members,
                                     present=tally.present, needed=tally.needed, quorum=tally.quorum, approvals=tally.approvals,
                                     rejections=tally.rejections, mean_score=tally.mean_score, lines=tally.lines))
    attendees = sorted(meeting.attendees.values_list("person_id", flat=True))
    return MeetingSerializer(SimpleNamespace(id=meeting.pk, council_id=meeting.council_id, held_on=meeting.held_on,
                                             attendees=attendees, minutes=meeting.minutes, items=items)).data


@extend_schema(tags=[TAG])
@extend_schema_view(
    list=extend_schema(
        summary="Sáng kiến, đề tài trong phạm vi của bạn",
        parameters=[
            OpenApiParameter("year", OpenApiTypes.INT, description="Chỉ năm này."),
            OpenApiParameter("status", str, description="Chỉ trạng thái này: registered, approved, rejected, in_progress, accepted."),
            OpenApiParameter("kind", str, description="Chỉ sáng kiến (initiative) hoặc chỉ đề tài (topic)."),
            OpenApiParameter("under", str, description="Chỉ của đơn vị có mã này và các đơn vị trực thuộc."),
        ],
        responses={200: InitiativeSerializer(many=True), **api.error_responses(400, 404)},
    ),
    retrieve=extend_schema(summary="Một sáng kiến, đề tài với quá trình xử lý",
                           responses={200: InitiativeDetailSerializer, **api.error_responses(404)}),
    create=extend_schema(
        summary="Đăng ký một sáng kiến, đề tài",
        description="Trạng thái ban đầu là «đã đăng ký». Cần quyền quản lý thi đua, khen thưởng trên đơn vị.",
        request=InitiativeCreateSerializer, responses={201: InitiativeDetailSerializer, **api.error_responses(400, 404)},
    ),
)
class InitiativeViewSet(viewsets.GenericViewSet):
    queryset = Initiative.objects.none()
    serializer_class = InitiativeSerializer
    parser_classes = [JSONParser]
    pagination_class = api.Pagination

    def get_object(self) -> Initiative:
        return s.initiative_get(actor=self.request.user, pk=self.kwargs["pk"])

    def list(self, request):
        status_ = api.query_text(request, "status")
        kind = api.query_text(request, "kind")
        if status_ and status_ not in Initiative.Status.values:
            raise UserError(f"Trạng thái «{status_}» không hợp lệ. Các giá trị được nhận: {', '.join(Initiative.Status.values)}.",
                            field="status")
        if kind and kind not in Initiative.Kind.values:
            raise UserError(f"Loại «{kind}» không hợp lệ. Các giá trị được nhận: {', '.join(Initiative.Kind.values)}.", field="kind")
        under = api.query_text(request, "under")
        items = s.initiative_list(actor=request.user, year=_year(request), status=status_ or None, kind=kind or None,
                                  unit=_org(request.user, under, "under") if under else None)
        page = self.paginate_queryset(items)
        return self.get_paginated_response(InitiativeSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(InitiativeDetailSerializer(self.get_object()).data)

    def create(self, request):
        data = api.validated(InitiativeCreateSerializer, request.data)
        org = _org(request.user, data["organisation"], "organisation")
        item = services.initiative_register(actor=request.user, kind=data["kind"], title=data["title"], year=data["year"],
                                            organisation=org, authors=_people(request.user, data["authors"], "authors"),
                                            on=data["registered_on"], reason=data["reason"])
        return Response(InitiativeDetailSerializer(item).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Chuyển một sáng kiến, đề tài đã được duyệt sang đang triển khai", request=StartSerializer,
                   responses={200: InitiativeDetailSerializer, **api.error_responses(400, 404)})
    @action(detail=True, methods=["post"])
    def start(self, request, pk=None):
        item = self.get_object()
        data = api.validated(StartSerializer, request.data)
        item = services.initiative_start(actor=request.user, initiative=item, on=data["on"], reason=data["reason"])
        return Response(InitiativeDetailSerializer(item).data)

    @extend_schema(
        summary="Công nhận, nghiệm thu một sáng kiến, đề tài theo quyết định",
        description="Cần phạm vi công nhận, số và ngày quyết định; thiếu quyết định thì bị từ chối.",
        request=AcceptSerializer, responses={200: InitiativeDetailSerializer, **api.error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def accept(self, request, pk=None):
        item = self.get_object()
        data = api.validated(AcceptSerializer, request.data)
        item = services.initiative_accept(actor=request.user, initiative=item, scope=data["scope"],
                                          decision_number=data["decision_number"], decision_date=data.get("decision_date"),
                                          reason=data["reason"])
        return Response(InitiativeDetailSerializer(item).data)

    @extend_schema(
        summary="Số sáng kiến, đề tài của một đơn vị trong một năm",
        description="Đăng ký, được duyệt (gồm cả đã triển khai, đã công nhận), không duyệt, đang triển khai, đã công nhận theo "
                    "phạm vi; tính trên đơn vị và các đơn vị trực thuộc, riêng sáng kiến và đề tài.",
        parameters=[OpenApiParameter("organisation", str, required=True, description="Mã đơn vị."),
                    OpenApiParameter("year", OpenApiTypes.INT, required=True, description="Năm.")],
        responses={200: CountsSerializer, **api.error_responses(400, 404)},
    )
    @action(detail=False, methods=["get"])
    def counts(self, request):
        code = api.query_text(request, "organisation")
        if not code:
            raise UserError("Hãy cho tham số organisation (mã đơn vị).", field="organisation")
        org = _org(request.user, code, "organisation")
        year = _year(request, required=True)
        counts = s.initiative_counts(actor=request.user, organisation=org, year=year)
        return Response({"organisation": org.code, "year": year, **{kind: c.as_dict() for kind, c in counts.items()}})


@extend_schema(tags=[TAG])
@extend_schema_view(
    list=extend_schema(
        summary="Hội đồng khoa học, hội đồng sáng kiến trong phạm vi của bạn",
        parameters=[OpenApiParameter("year", OpenApiTypes.INT, description="Chỉ năm này.")],
        responses={200: CouncilSerializer(many=True), **api.error_responses(400)},
    ),
    retrieve=extend_schema(summary="Một hội đồng với các thành viên", responses={200: CouncilSerializer, **api.error_responses(404)}),
    create=extend_schema(
        summary="Lập một hội đồng của một tổ chức cho một năm",
        description="Ít nhất 3 thành viên, đúng một chủ tịch và một thư ký. Cần quyền quản lý thi đua, khen thưởng trên tổ chức.",
        request=CouncilCreateSerializer, responses={201: CouncilSerializer, **api.error_responses(400, 404)},
    ),
)
class CouncilViewSet(viewsets.GenericViewSet):
    queryset = Council.objects.none()
    serializer_class = CouncilSerializer
    parser_classes = [JSONParser]
    pagination_class = api.Pagination

    def get_object(self) -> Council:
        return s.council_get(actor=self.request.user, pk=self.kwargs["pk"])

    def list(self, request):
        page = self.paginate_queryset(s.council_list(actor=request.user, year=_year(request)))
        return self.get_paginated_response([_council_data(c) for c in page])

    def retrieve(self, request, pk=None):
        return Response(_council_data(self.get_object()))

    def create(self, request):
        data = api.validated(CouncilCreateSerializer, request.data)
        org = _org(request.user, data["organisation"], "organisation")
        seats = data["members"]
        people = _people(request.user, [seat["person"] for seat in seats], "members")
        council = services.council_create(actor=request.user, organisation=org, year=data["year"], name=data["name"],
                                          method=data["method"], members=[(p, seat["role"]) for p, seat in zip(people, seats)],
                                          reason=data["reason"])
        return Response(_council_data(council), status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Ghi một phiên họp của hội đồng: ngày, thành viên có mặt, sáng kiến, đề tài được xét",
        request=MeetingCreateSerializer, responses={201: MeetingSerializer, **api.error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def meetings(self, request, pk=None):
        council = self.get_object()
        data = api.validated(MeetingCreateSerializer, request.data)
        agenda = list(s.initiative_visible(actor=request.user).filter(pk__in=data["agenda"]))
        missing = set(data["agenda"]) - {i.pk for i in agenda}
        if missing:
            raise UserError(f"Không tìm thấy sáng kiến, đề tài có mã {min(missing)} trong phạm vi của bạn.", field="agenda")
        meeting = services.meeting_record(actor=request.user, council=council, held_on=data["held_on"],
                                          attendees=_people(request.user, data["attendees"], "attendees"), agenda=agenda,
                                          minutes=data["minutes"], reason=data["reason"])
        return Response(_meeting_data(meeting), status=status.HTTP_201_CREATED)


@extend_schema(tags=[TAG])
@extend_schema_view(
    retrieve=extend_schema(summary="Một phiên họp: có mặt, số lượng tối thiểu, biểu quyết hoặc điểm từng sáng kiến, đề tài",
                           responses={200: MeetingSerializer, **api.error_responses(404)}),
)
class MeetingViewSet(viewsets.GenericViewSet):
    queryset = CouncilMeeting.objects.none()
    serializer_class = MeetingSerializer
    parser_classes = [JSONParser]

    def get_object(self) -> CouncilMeeting:
        return s.meeting_get(actor=self.request.user, pk=self.kwargs["pk"])

    def retrieve(self, request, pk=None):
        return Response(_meeting_data(self.get_object()))

    def _item(self, meeting, pk: int) -> Initiative:
        item = meeting.agenda.filter(pk=pk).first()
        if item is None:
            raise UserError(f"Sáng kiến, đề tài có mã {pk} không có trong danh sách xét của phiên họp.", field="initiative")
        return item

    @extend_schema(
        summary="Ghi biểu quyết hoặc điểm của các thành viên có mặt về một sáng kiến, đề tài",
        description="Tất cả hoặc không: một ý kiến của người không phải thành viên, vắng mặt, phải rút (tác giả, cùng khoa, "
                    "phòng với tác giả) hoặc điểm ngoài 0–100 làm cả danh sách bị từ chối.",
        request=ReviewsSerializer, responses={200: MeetingSerializer, **api.error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def reviews(self, request, pk=None):
        meeting = self.get_object()
        data = api.validated(ReviewsSerializer, request.data)
        item = self._item(meeting, data["initiative"])
        people = {p.pk: p for p in person_visible(actor=request.user).filter(pk__in=[r["person"] for r in data["reviews"]])}
        lines = []
        for r in data["reviews"]:
            person = people.get(r["person"])
            if person is None:
                raise UserError(f"Người có mã {r['person']} không phải thành viên {meeting.council.name}: chỉ thành viên hội đồng "
                                "mới được biểu quyết, chấm điểm.", field="member")
            lines.append((person, r.get("vote") or "", r.get("score")))
        services.reviews_record(actor=request.user, meeting=meeting, initiative=item, reviews=lines, reason=data["reason"])
        return Response(_meeting_data(meeting))

    @extend_schema(
        summary="Ghi kết quả của hội đồng về một sáng kiến, đề tài (duyệt hoặc không duyệt)",
        description="Từ chối khi phiên họp chưa đủ hai phần ba số thành viên, hoặc còn thành viên có mặt chưa cho ý kiến.",
        request=DecideSerializer, responses={200: InitiativeDetailSerializer, **api.error_responses(400, 404)},
    )
    @action(detail=True, methods=["post"])
    def decide(self, request, pk=None):
        meeting = self.get_object()
        data = api.validated(DecideSerializer, request.data)
        item = services.initiative_decide(actor=request.user, meeting=meeting, initiative=self._item(meeting, data["initiative"]),
                                          reason=data["reason"])
        return Response(InitiativeDetailSerializer(item).data)


def register(router) -> None:
    """Add this app's viewsets to the API router (thidua/api_urls.py calls it)."""
    router.register("initiatives", InitiativeViewSet, basename="initiative")
    router.register("science-councils", CouncilViewSet, basename="science-council")
    router.register("council-meetings", MeetingViewSet, basename="council-meeting")
