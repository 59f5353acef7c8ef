"""API of emulation clusters and blocks (cụm, khối thi đua) and emulation pacts (giao ước thi đua).

A thin layer: reads through thidua.pacts.selectors (scoped to the actor), writes through
thidua.pacts.services (permissions, audit, one transaction). Outside the actor's scope a grouping
or a pact is answered exactly like one that does not exist. Signed documents are uploaded on the
pact's page (multipart form), not through this JSON API.
"""
from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_field, extend_schema_view
from rest_framework import serializers, status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from thidua.core import api
from thidua.core.errors import UserError
from thidua.core.scales import YEAR_MAX, YEAR_MIN
from thidua.organisations.api import org_ref
from thidua.pacts import selectors as sel
from thidua.pacts import services as svc
from thidua.pacts.models import Grouping, Pact, PactParty, PactTarget

TAG = "Cụm, khối và giao ước thi đua"
ID_MAX = 2**31 - 1


# --- Serializers (comments, not docstrings: drf-spectacular would publish a docstring) ----------------


class PactOrgRefSerializer(serializers.Serializer):
    code = serializers.CharField(label="mã")
    name = serializers.CharField(label="tên")


class GroupingMemberSerializer(serializers.Serializer):
    organisation = PactOrgRefSerializer(label="đơn vị")
    joined = serializers.DateField(label="ngày vào")
    left = serializers.DateField(label="ngày rời", allow_null=True)


class GroupingLeaderSerializer(serializers.Serializer):
    year = serializers.IntegerField(label="năm")
    role = serializers.CharField(label="vai trò", help_text="leader: cụm trưởng; deputy: cụm phó.")
    organisation = PactOrgRefSerializer(label="đơn vị")


class GroupingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(label="loại", help_text="cluster: cụm; block: khối; twinning: giao ước kết nghĩa.")
    name = serializers.CharField(label="tên")
    owner = PactOrgRefSerializer(label="đơn vị thành lập")
    valid_from = serializers.DateField(label="hoạt động từ")
    valid_to = serializers.DateField(label="hoạt động đến", allow_null=True)
    decision = serializers.CharField(label="quyết định thành lập")
    replaced_by = serializers.IntegerField(label="được thay bằng", allow_null=True, source="replaced_by_id")
    members = GroupingMemberSerializer(many=True, label="thành viên qua các thời kỳ", source="members.all")
    leaders = GroupingLeaderSerializer(many=True, label="cụm trưởng, cụm phó", source="leaders.all")


class GroupingCreateSerializer(api.InputSerializer):
    kind = api.CharField(label="loại", max_length=16, help_text="cluster: cụm; block: khối; twinning: giao ước kết nghĩa.")
    name = api.CharField(label="tên", max_length=255)
    owner = api.CharField(label="đơn vị thành lập", max_length=32, help_text="Mã đơn vị.")
    valid_from = api.IsoDateField(label="hoạt động từ")
    valid_to = api.IsoDateField(label="hoạt động đến", required=False, allow_null=True, default=None)
    members = api.ListField(label="đơn vị thành viên", child=api.CharField(max_length=32), required=False, default=list,
                            max_length=200)
    decision = api.CharField(label="quyết định thành lập", max_length=255, required=False, allow_blank=True, default="")
    replaces = api.IntegerField(label="thay cho cụm, khối", min_value=1, max_value=ID_MAX, required=False, allow_null=True,
                                default=None)
    reason = api.ReasonField()


class GroupingMemberAddSerializer(api.InputSerializer):
    organisation = api.CharField(label="đơn vị", max_length=32)
    joined = api.IsoDateField(label="ngày vào")
    reason = api.ReasonField()


class GroupingLeaderSetSerializer(api.InputSerializer):
    year = api.IntegerField(label="năm", min_value=YEAR_MIN, max_value=YEAR_MAX)
    organisation = api.CharField(label="đơn vị", max_length=32)
    role = api.CharField(label="vai trò", max_length=8, required=False, default="leader", help_text="leader hoặc deputy.")
    reason = api.ReasonField()


class GroupingMeetingSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    held_on = serializers.DateField(label="ngày họp")
    place = serializers.CharField(label="địa điểm")
    attendees = PactOrgRefSerializer(many=True, label="đơn vị dự họp", source="attendees.all")
    minutes = serializers.CharField(label="biên bản")


class GroupingMeetingCreateSerializer(api.InputSerializer):
    held_on = api.IsoDateField(label="ngày họp")
    place = api.CharField(label="địa điểm", max_length=255)
    attendees = api.ListField(label="đơn vị dự họp", child=api.CharField(max_length=32), min_length=1, max_length=200)
    minutes = api.CharField(label="biên bản", max_length=20000, required=False, allow_blank=True, default="")
    reason = api.ReasonField()


class GroupingRankingRowSerializer(serializers.Serializer):
    rank = serializers.IntegerField(label="hạng", allow_null=True)
    organisation = PactOrgRefSerializer(label="đơn vị")
    score = serializers.DecimalField(label="điểm", max_digits=6, decimal_places=2, allow_null=True)
    pacts = serializers.IntegerField(label="số giao ước đã chấm xong")
    leader = serializers.BooleanField(label="cụm trưởng năm đó")


class PactPersonRefSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    full_name = serializers.CharField(label="họ và tên")


class PactPartySerializer(serializers.Serializer):
    id = serializers.IntegerField()
    organisation = PactOrgRefSerializer(label="đơn vị")
    person = PactPersonRefSerializer(label="cá nhân", allow_null=True)
    signatory = serializers.CharField(label="người ký")


class PactTargetSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    position = serializers.IntegerField(label="thứ tự")
    title = serializers.CharField(label="chỉ tiêu")
    weight = serializers.IntegerField(label="trọng số")


class PactSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    kind = serializers.CharField(label="loại", help_text="personal, department hoặc grouping.")
    title = serializers.CharField(label="tên giao ước")
    year = serializers.IntegerField(label="năm")
    signed_on = serializers.DateField(label="ngày ký")
    organisation = PactOrgRefSerializer(label="đơn vị quản lý")
    grouping = serializers.IntegerField(label="cụm, khối", allow_null=True, source="grouping_id")
    parties = PactPartySerializer(many=True, label="các bên ký", source="parties.all")
    targets = PactTargetSerializer(many=True, label="chỉ tiêu", source="targets.all")


class PactPartyResultSerializer(serializers.Serializer):
    party = serializers.IntegerField(label="bên ký", source="party.pk")
    self_total = serializers.DecimalField(label="tổng điểm tự chấm", max_digits=6, decimal_places=2, allow_null=True)
    final = serializers.DecimalField(label="điểm cuối cùng", max_digits=6, decimal_places=2, allow_null=True,
                                     help_text="Tổng điểm trung bình chấm chéo; null khi chưa chấm xong.")
    rank = serializers.IntegerField(label="hạng", allow_null=True)


class PactDetailSerializer(PactSerializer):
    results = serializers.SerializerMethodField()

    @extend_schema_field(PactPartyResultSerializer(many=True))
    def get_results(self, pact):
        return PactPartyResultSerializer(sel.pact_results(pact=pact), many=True).data


class PactTargetInputSerializer(api.InputSerializer):
    title = api.CharField(label="chỉ tiêu", max_length=500)
    weight = api.IntegerField(label="trọng số", min_value=1, max_value=100)


class PactCreateSerializer(api.InputSerializer):
    grouping = api.IntegerField(label="cụm, khối", min_value=1, max_value=ID_MAX)
    title = api.CharField(label="tên giao ước", max_length=500)
    year = api.IntegerField(label="năm", min_value=YEAR_MIN, max_value=YEAR_MAX)
    signed_on = api.IsoDateField(label="ngày ký")
    targets = api.ListField(label="chỉ tiêu", child=PactTargetInputSerializer(), min_length=1, max_length=50,
                            help_text="Tổng trọng số phải bằng 100.")
    parties = api.ListField(label="đơn vị ký", child=api.CharField(max_length=32), required=False, default=list, max_length=200,
                            help_text="Mã các đơn vị thành viên ký; để trống: mọi thành viên vào ngày ký.")
    reason = api.ReasonField()


class PactScoreInputSerializer(api.InputSerializer):
    party = api.IntegerField(label="bên được chấm", min_value=1, max_value=ID_MAX)
    target = api.IntegerField(label="chỉ tiêu", min_value=1, max_value=ID_MAX)
    scorer = api.IntegerField(label="bên chấm", min_value=1, max_value=ID_MAX, required=False, allow_null=True, default=None,
                              help_text="Bỏ trống: điểm tự chấm của bên được chấm; có: điểm chấm chéo của bên khác.")
    value = api.CharField(label="điểm", max_length=20, help_text="Từ 0 đến trọng số của chỉ tiêu, tối đa hai chữ số thập phân.")
    reason = api.ReasonField()


class PactScoreSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    party = serializers.IntegerField(source="party_id")
    scorer = serializers.IntegerField(source="scorer_id")
    target = serializers.IntegerField(source="target_id")
    value = serializers.DecimalField(max_digits=6, decimal_places=2)


class PactCountsSerializer(serializers.Serializer):
    organisation = serializers.CharField(label="mã đơn vị")
    year = serializers.IntegerField(label="năm")
    clusters = serializers.IntegerField(label="số cụm, khối đơn vị là thành viên trong năm")
    clusters_led = serializers.IntegerField(label="số cụm, khối đơn vị làm cụm trưởng")
    pacts = serializers.IntegerField(label="số giao ước đã ký (cả nhánh)")
    pacts_by_kind = serializers.DictField(child=serializers.IntegerField(), label="theo loại giao ước")
    meetings = serializers.IntegerField(label="số buổi giao ban của các cụm, khối")
    meetings_attended = serializers.IntegerField(label="số buổi đơn vị dự")


# --- Helpers -----------------------------------------------------------------------------------------


def _year(request) -> int:
    raw = api.query_text(request, "year")
    if not raw:
        return api.today().year
    try:
        year = int(raw)
    except ValueError:
        year = None
    if year is None or not YEAR_MIN <= year <= YEAR_MAX:
        raise UserError(f"Tham số year «{raw}» không hợp lệ: hãy nhập một năm từ {YEAR_MIN} đến {YEAR_MAX}.", field="year")
    return year


YEAR_PARAM = OpenApiParameter("year", OpenApiTypes.INT, description=f"Năm ({YEAR_MIN}–{YEAR_MAX}); mặc định năm nay.")


def _pk(raw) -> int:
    try:
        value = int(raw)
    except (TypeError, ValueError):
        return 0
    return value if 0 < value <= ID_MAX else 0


def _orgs(actor, codes: list[str], field: str) -> list:
    return [org_ref(actor, code, field) for code in codes]


# --- Groupings ---------------------------------------------------------------------------------------


@extend_schema(tags=[TAG])
@extend_schema_view(
    list=extend_schema(summary="Các cụm, khối thi đua trong phạm vi của bạn",
                       parameters=[OpenApiParameter("year", OpenApiTypes.INT, description="Chỉ những cụm, khối hoạt động trong năm này.")],
                       responses={200: GroupingSerializer(many=True), **api.error_responses(400)}),
    retrieve=extend_schema(summary="Một cụm, khối: thành viên qua các thời kỳ, cụm trưởng theo năm",
                           responses={200: GroupingSerializer, **api.error_responses(404)}),
    create=extend_schema(summary="Thành lập cụm, khối", description="Cần quyền quản lý thi đua trên đơn vị thành lập. "
                         "Các thành viên phải trực thuộc đơn vị thành lập. Với `replaces`, cụm, khối cũ kết thúc "
                         "trước ngày bắt đầu và giữ liên kết tới cụm, khối mới.",
                         request=GroupingCreateSerializer, responses={201: GroupingSerializer, **api.error_responses(400, 404)}),
)
class GroupingViewSet(viewsets.GenericViewSet):
    # Never read: every query goes through the selectors. It tells the schema what `id` is.
    queryset = Grouping.objects.none()
    serializer_class = GroupingSerializer
    parser_classes = [JSONParser]
    pagination_class = api.Pagination

    def get_object(self) -> Grouping:
        return sel.grouping_get(actor=self.request.user, pk=_pk(self.kwargs["pk"]))

    def list(self, request):
        year = _year(request) if api.query_text(request, "year") else None
        groupings = sel.grouping_list(actor=request.user, year=year).prefetch_related("members__organisation", "leaders__organisation")
        page = self.paginate_queryset(groupings)
        return self.get_paginated_response(GroupingSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(GroupingSerializer(self.get_object()).data)

    def create(self, request):
        actor = request.user
        data = api.validated(GroupingCreateSerializer, request.data)
        owner = org_ref(actor, data["owner"], "owner")
        replaces = sel.grouping_get(actor=actor, pk=data["replaces"]) if data["replaces"] else None
        grouping = svc.grouping_create(actor=actor, kind=data["kind"], name=data["name"], owner=owner, valid_from=data["valid_from"],
                                       valid_to=data["valid_to"], members=_orgs(actor, data["members"], "members"),
                                       decision=data["decision"], replaces=replaces, reason=data["reason"])
        return Response(GroupingSerializer(grouping).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Thêm một đơn vị thành viên", request=GroupingMemberAddSerializer,
                   responses={201: GroupingSerializer, **api.error_responses(400, 404)})
    @action(detail=True, methods=["post"])
    def members(self, request, pk=None):
        grouping = self.get_object()
        svc.require_grouping_owner(request.user, grouping)
        data = api.validated(GroupingMemberAddSerializer, request.data)
        svc.grouping_member_add(actor=request.user, grouping=grouping, organisation=org_ref(request.user, data["organisation"], "organisation"),
                                joined=data["joined"], reason=data["reason"])
        return Response(GroupingSerializer(grouping).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Phân công cụm trưởng hoặc cụm phó của một năm", request=GroupingLeaderSetSerializer,
                   responses={201: GroupingSerializer, **api.error_responses(400, 404)})
    @action(detail=True, methods=["post"])
    def leaders(self, request, pk=None):
        grouping = self.get_object()
        svc.require_grouping_owner(request.user, grouping)
        data = api.validated(GroupingLeaderSetSerializer, request.data)
        svc.grouping_leader_set(actor=request.user, grouping=grouping, year=data["year"], role=data["role"],
                                organisation=org_ref(request.user, data["organisation"], "organisation"), reason=data["reason"])
        return Response(GroupingSerializer(grouping).data, status=status.HTTP_201_CREATED)

    @extend_schema(methods=["GET"], summary="Các buổi giao ban", responses={200: GroupingMeetingSerializer(many=True), **api.error_responses(404)})
    @extend_schema(methods=["POST"], summary="Ghi một buổi giao ban", description="Tệp biên bản được tải lên trên trang của cụm, khối.",
                   request=GroupingMeetingCreateSerializer, responses={201: GroupingMeetingSerializer, **api.error_responses(400, 404)})
    @action(detail=True, methods=["get", "post"], pagination_class=None)
    def meetings(self, request, pk=None):
        grouping = self.get_object()
        if request.method == "GET":
            return Response(GroupingMeetingSerializer(sel.grouping_meetings(grouping=grouping), many=True).data)
        data = api.validated(GroupingMeetingCreateSerializer, request.data)
        svc.require_grouping_manager(request.user, grouping, data["held_on"].year)
        meeting = svc.meeting_record(actor=request.user, grouping=grouping, held_on=data["held_on"], place=data["place"],
                                     attendees=_orgs(request.user, data["attendees"], "attendees"), minutes=data["minutes"],
                                     reason=data["reason"])
        return Response(GroupingMeetingSerializer(meeting).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Xếp hạng cuối năm của các thành viên theo điểm giao ước",
                   description="Điểm của một đơn vị: trung bình, trên các giao ước của cụm trong năm đã chấm xong, của điểm "
                               "cuối cùng (tổng điểm trung bình chấm chéo theo từng chỉ tiêu). Bằng điểm thì cùng hạng.",
                   parameters=[YEAR_PARAM], responses={200: GroupingRankingRowSerializer(many=True), **api.error_responses(400, 404)})
    @action(detail=True, methods=["get"], pagination_class=None)
    def ranking(self, request, pk=None):
        grouping = self.get_object()
        rows = sel.grouping_ranking(actor=request.user, grouping=grouping, year=_year(request))
        return Response(GroupingRankingRowSerializer(rows, many=True).data)


# --- Pacts -------------------------------------------------------------------------------------------


@extend_schema(tags=[TAG])
@extend_schema_view(
    list=extend_schema(summary="Các giao ước thi đua trong phạm vi của bạn",
                       parameters=[OpenApiParameter("year", OpenApiTypes.INT, description="Chỉ giao ước của năm này.")],
                       responses={200: PactSerializer(many=True), **api.error_responses(400)}),
    retrieve=extend_schema(summary="Một giao ước: các bên, chỉ tiêu, điểm cuối cùng và hạng",
                           responses={200: PactDetailSerializer, **api.error_responses(404)}),
    create=extend_schema(summary="Ghi giao ước giữa các đơn vị của một cụm, khối",
                         description="Mọi đơn vị ký phải là thành viên của cụm, khối vào ngày ký; tổng trọng số bằng 100. "
                                     "Giao ước cá nhân, khoa, phòng được ghi trên trang giao ước.",
                         request=PactCreateSerializer, responses={201: PactDetailSerializer, **api.error_responses(400, 404)}),
)
class PactViewSet(viewsets.GenericViewSet):
    queryset = Pact.objects.none()
    serializer_class = PactSerializer
    parser_classes = [JSONParser]
    pagination_class = api.Pagination

    def get_object(self) -> Pact:
        return sel.pact_get(actor=self.request.user, pk=_pk(self.kwargs["pk"]))

    def list(self, request):
        year = _year(request) if api.query_text(request, "year") else None
        pacts = sel.pact_list(actor=request.user, year=year).prefetch_related("parties__organisation", "parties__person", "targets")
        page = self.paginate_queryset(pacts)
        return self.get_paginated_response(PactSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(PactDetailSerializer(self.get_object()).data)

    def create(self, request):
        actor = request.user
        data = api.validated(PactCreateSerializer, request.data)
        grouping = sel.grouping_get(actor=actor, pk=data["grouping"])
        svc.require_grouping_manager(actor, grouping, data["year"])
        pact = svc.pact_create_grouping(
            actor=actor, grouping=grouping, title=data["title"], year=data["year"], signed_on=data["signed_on"],
            targets=[svc.TargetInput(t["title"], t["weight"]) for t in data["targets"]],
            parties=_orgs(actor, data["parties"], "parties") or None, reason=data["reason"])
        return Response(PactDetailSerializer(pact).data, status=status.HTTP_201_CREATED)

    @extend_schema(summary="Ghi điểm tự chấm hoặc chấm chéo cho một chỉ tiêu",
                   description="Không có `scorer`: điểm tự chấm của `party`. Có `scorer`: điểm bên đó chấm chéo cho `party` "
                               "(một bên không tự chấm chéo cho mình). Điểm từ 0 đến trọng số của chỉ tiêu. Cần quyền quản lý "
                               "thi đua trên đơn vị của bên chấm.",
                   request=PactScoreInputSerializer, responses={201: PactScoreSerializer, **api.error_responses(400, 404)})
    @action(detail=True, methods=["post"])
    def scores(self, request, pk=None):
        pact = self.get_object()
        data = api.validated(PactScoreInputSerializer, request.data)

        def pick(model, value, field, label):
            row = model.objects.filter(pact=pact, pk=value).first()
            if row is None:
                raise UserError(f"{label.capitalize()} số {value} không thuộc giao ước này.", field=field)
            return row

        party = pick(PactParty, data["party"], "party", "bên được chấm")
        scorer = pick(PactParty, data["scorer"], "scorer", "bên chấm") if data["scorer"] else None
        target = pick(PactTarget, data["target"], "target", "chỉ tiêu")
        score = svc.pact_score(actor=request.user, pact=pact, target=target, party=party, scorer=scorer, value=data["value"],
                               reason=data["reason"])
        return Response(PactScoreSerializer(score).data, status=status.HTTP_201_CREATED)


# --- Counts per unit and year ------------------------------------------------------------------------


@extend_schema(tags=[TAG])
class PactCountsViewSet(viewsets.ViewSet):
    @extend_schema(summary="Số liệu cụm, khối và giao ước của một đơn vị trong một năm",
                   parameters=[OpenApiParameter("organisation", str, required=True, description="Mã đơn vị."), YEAR_PARAM],
                   responses={200: PactCountsSerializer, **api.error_responses(400, 404)})
    def list(self, request):
        code = api.query_text(request, "organisation")
        if not code:
            raise UserError("Hãy cho biết mã đơn vị (tham số organisation).", field="organisation")
        org = org_ref(request.user, code, "organisation")
        year = _year(request)
        counts = sel.pact_counts(actor=request.user, organisation=org, year=year)
        return Response(PactCountsSerializer({"organisation": org.code, "year": year, **counts.__dict__}).data)


def register(router) -> None:
    """Add this app's viewsets to the API router (thidua/api_urls.py calls it)."""
    router.register("groupings", GroupingViewSet, basename="grouping")
    router.register("pacts", PactViewSet, basename="pact")
    router.register("pact-counts", PactCountsViewSet, basename="pact-counts")
