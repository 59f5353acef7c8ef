"""API of the councils (Hội đồng thi đua – khen thưởng): councils, seats, meetings and their votes.

Thin: reads through the selectors of thidua.nominations.councils (scoped to the actor), writes through
its services. A meeting outside the actor's scope is answered like one that does not exist. A vote
is cast by the account tied to a seat present at the meeting, whatever its role.
"""
from __future__ import annotations

from django.contrib.auth import get_user_model
from drf_spectacular.utils import extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from thidua.core import api
from thidua.core.errors import NotFound, UserError
from thidua.nominations import councils
from thidua.nominations.council_serializers import (
    CloseSerializer,
    CommendationCouncilCreateSerializer,
    CommendationCouncilSerializer,
    CommendationMeetingCreateSerializer,
    MeetingResultSerializer,
    CommendationMeetingSerializer,
    RecuseSerializer,
    SeatCreateSerializer,
    SeatSerializer,
    CommendationTallySerializer,
    VoteSerializer,
)
from thidua.nominations.models import Council, Meeting, Proposal, Seat
from thidua.organisations.api import org_ref
from thidua.people.selectors import person_get

TAG = "Hội đồng thi đua – khen thưởng"


def _council(actor, pk, field: str = "council") -> Council:
    try:
        return councils.council_get(actor=actor, pk=pk)
    except NotFound as exc:
        exc.field = field
        raise


def _agenda_item(meeting: Meeting, pk: int) -> Proposal:
    proposal = meeting.agenda.filter(pk=pk).first()
    if proposal is None:
        raise UserError("Đề nghị này không có trong chương trình của phiên họp.", field="proposal")
    return proposal


@extend_schema(tags=[TAG])
@extend_schema_view(
    list=extend_schema(summary="Các Hội đồng thi đua – khen thưởng trong phạm vi của bạn",
                       responses={200: CommendationCouncilSerializer(many=True), **api.error_responses(400)}),
    retrieve=extend_schema(summary="Một Hội đồng và các thành viên", responses={200: CommendationCouncilSerializer, **api.error_responses(404)}),
    create=extend_schema(summary="Lập Hội đồng thi đua – khen thưởng của một tổ chức cho một nhiệm kỳ",
                         request=CommendationCouncilCreateSerializer, responses={201: CommendationCouncilSerializer, **api.error_responses(400, 404)}),
)
class CouncilViewSet(viewsets.GenericViewSet):
    queryset = Council.objects.none()
    serializer_class = CommendationCouncilSerializer
    parser_classes = [JSONParser]
    pagination_class = api.Pagination

    def list(self, request):
        page = self.paginate_queryset(councils.council_list(actor=request.user).prefetch_related("seats__person"))
        return self.get_paginated_response(CommendationCouncilSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(CommendationCouncilSerializer(councils.council_get(actor=request.user, pk=pk)).data)

    def create(self, request):
        data = api.validated(CommendationCouncilCreateSerializer, request.data)
        org = org_ref(request.user, data["organisation"], "organisation")
        council = councils.council_create(actor=request.user, organisation=org, name=data["name"], term_from=data["term_from"],
                                          term_to=data["term_to"], reason=data["reason"])
        return Response(CommendationCouncilSerializer(council).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=[TAG])
@extend_schema_view(
    create=extend_schema(summary="Thêm một thành viên vào Hội đồng",
                         description="Người phải công tác hoặc sinh hoạt công đoàn trong tổ chức của Hội đồng; mỗi Hội đồng "
                                     "một Chủ tịch; không bổ sung được sau khi Hội đồng đã họp.",
                         request=SeatCreateSerializer, responses={201: SeatSerializer, **api.error_responses(400, 404)}),
)
class SeatViewSet(viewsets.GenericViewSet):
    queryset = Seat.objects.none()
    serializer_class = SeatSerializer
    parser_classes = [JSONParser]

    def create(self, request):
        actor = request.user
        data = api.validated(SeatCreateSerializer, request.data)
        council = _council(actor, data["council"])
        try:
            person = person_get(actor=actor, pk=data["person"])
        except NotFound as exc:
            exc.field = "person"
            raise
        user = None
        if data["user"]:
            user = get_user_model().objects.filter(username=data["user"], is_active=True).first()
            if user is None:
                raise UserError(f"Không có tài khoản «{data['user']}»: hãy nhập đúng tên đăng nhập.", field="user")
        seat = councils.seat_add(actor=actor, council=council, person=person, role=data["role"], user=user, reason=data["reason"])
        return Response(SeatSerializer(seat).data, status=status.HTTP_201_CREATED)


@extend_schema(tags=[TAG])
@extend_schema_view(
    retrieve=extend_schema(summary="Một phiên họp Hội đồng", responses={200: CommendationMeetingSerializer, **api.error_responses(404)}),
    create=extend_schema(summary="Mở một phiên họp Hội đồng",
                         description="Cần đủ số thành viên có mặt (tham số council.quorum). Thành viên là người được đề nghị, "
                                     "hoặc công tác tại tập thể được đề nghị, tự động không tham gia biểu quyết đề nghị đó.",
                         request=CommendationMeetingCreateSerializer, responses={201: CommendationMeetingSerializer, **api.error_responses(400, 404)}),
)
class MeetingViewSet(viewsets.GenericViewSet):
    queryset = Meeting.objects.none()
    serializer_class = CommendationMeetingSerializer
    parser_classes = [JSONParser]

    def get_object(self) -> Meeting:
        return councils.meeting_get(actor=self.request.user, pk=self.kwargs["pk"])

    def retrieve(self, request, pk=None):
        return Response(CommendationMeetingSerializer(self.get_object()).data)

    def create(self, request):
        actor = request.user
        data = api.validated(CommendationMeetingCreateSerializer, request.data)
        council = _council(actor, data["council"])
        seats = list(council.seats.filter(pk__in=data["attendees"]))
        if len(seats) != len(set(data["attendees"])):
            raise UserError("Có người có mặt không phải thành viên của Hội đồng này.", field="attendees")
        proposals = list(Proposal.objects.filter(pk__in=data["proposals"]))
        if len(proposals) != len(set(data["proposals"])):
            raise UserError("Không tìm thấy một đề nghị đã chọn.", field="proposals")
        meeting = councils.meeting_open(actor=actor, council=council, starts_at=data["starts_at"], place=data["place"],
                                        attendees=seats, proposals=proposals, reason=data["reason"])
        return Response(CommendationMeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Bỏ phiếu kín cho một đề nghị",
                   description="Chỉ tài khoản gắn với một thành viên có mặt mới bỏ phiếu được; mỗi thành viên một phiếu cho "
                               "một đề nghị; phần mềm chỉ ghi số phiếu, không ghi ai chọn gì.",
                   request=VoteSerializer, responses={204: None, **api.error_responses(400, 404)})
    @action(detail=True, methods=["post"])
    def vote(self, request, pk=None):
        meeting = self.get_object()
        data = api.validated(VoteSerializer, request.data)
        councils.ballot_cast(actor=request.user, meeting=meeting, proposal=_agenda_item(meeting, data["proposal"]),
                             approve=data["approve"])
        return Response(status=status.HTTP_204_NO_CONTENT)

    @extend_schema(summary="Nhập kết quả kiểm phiếu giấy của một đề nghị", request=CommendationTallySerializer,
                   responses={200: MeetingResultSerializer, **api.error_responses(400, 404)})
    @action(detail=True, methods=["post"])
    def tally(self, request, pk=None):
        meeting = self.get_object()
        data = api.validated(CommendationTallySerializer, request.data)
        councils.tally_record(actor=request.user, meeting=meeting, proposal=_agenda_item(meeting, data["proposal"]),
                              votes_for=data["votes_for"], votes_against=data["votes_against"], reason=data["reason"])
        return Response(MeetingResultSerializer(councils.meeting_result(meeting=meeting)).data)

    @extend_schema(summary="Ghi một thành viên không tham gia biểu quyết một đề nghị", request=RecuseSerializer,
                   responses={200: MeetingResultSerializer, **api.error_responses(400, 404)})
    @action(detail=True, methods=["post"])
    def recuse(self, request, pk=None):
        meeting = self.get_object()
        data = api.validated(RecuseSerializer, request.data)
        seat = meeting.attendees.filter(pk=data["seat"]).first()
        if seat is None:
            raise UserError("Chỉ thành viên có mặt ở phiên họp mới cần ghi không tham gia biểu quyết.", field="seat")
        councils.recuse(actor=request.user, meeting=meeting, proposal=_agenda_item(meeting, data["proposal"]), seat=seat,
                        reason=data["reason"])
        return Response(MeetingResultSerializer(councils.meeting_result(meeting=meeting)).data)

    @extend_schema(summary="Kết thúc bỏ phiếu: mỗi đề nghị được thông qua hay không theo ngưỡng của nó", request=CloseSerializer,
                   responses={200: MeetingResultSerializer, **api.error_responses(400, 404)})
    @action(detail=True, methods=["post"])
    def close(self, request, pk=None):
        meeting = self.get_object()
        data = api.validated(CloseSerializer, request.data)
        meeting = councils.meeting_close(actor=request.user, meeting=meeting, ends_at=data["ends_at"], conclusion=data["conclusion"])
        return Response(MeetingResultSerializer(councils.meeting_result(meeting=meeting)).data)

    @extend_schema(summary="Kết quả bỏ phiếu của phiên họp",
                   description="Mỗi đề nghị: số phiếu đồng ý, không đồng ý, tỷ lệ, ngưỡng thông qua và căn cứ, kết quả.",
                   responses={200: MeetingResultSerializer, **api.error_responses(400, 404)})
    @action(detail=True, methods=["get"])
    def result(self, request, pk=None):
        return Response(MeetingResultSerializer(councils.meeting_result(meeting=self.get_object())).data)


def register(router) -> None:
    """Add the councils' viewsets to the API router (thidua/nominations/api.py calls it)."""
    router.register("commendation-councils", CouncilViewSet, basename="commendation-council")
    router.register("commendation-council-seats", SeatViewSet, basename="commendation-council-seat")
    router.register("commendation-council-meetings", MeetingViewSet, basename="commendation-council-meeting")
