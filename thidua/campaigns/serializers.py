"""Movements as the API shows them, and the bodies that launch, answer and score them."""
from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from thidua.campaigns.models import (
    Contest,
    ContestScore,
    Movement,
    MovementDocument,
    MovementModel,
    MovementResponse,
    PeakCampaign,
    ResponsePlanFile,
    ResultReport,
    TargetMode,
)
from thidua.core import api
from thidua.people.serializers import OrgRefSerializer, PersonRefSerializer

ID_MAX = 2**31 - 1


class MovementDocumentSerializer(serializers.ModelSerializer):
    class Meta:
        model = MovementDocument
        fields = ["id", "title", "content_type", "size"]
        read_only_fields = fields


class PeakCampaignSerializer(serializers.ModelSerializer):
    class Meta:
        model = PeakCampaign
        fields = ["id", "movement", "name", "description", "start", "end"]
        read_only_fields = fields


class MovementModelEntrySerializer(serializers.ModelSerializer):
    organisation = OrgRefSerializer(read_only=True)
    people = PersonRefSerializer(many=True, read_only=True)

    class Meta:
        model = MovementModel
        fields = ["id", "name", "description", "organisation", "people", "registered_on", "recognition", "recognised_on"]
        read_only_fields = fields


# A movement: who launched it (with whom), when, who should respond, its criteria and documents.
class MovementSerializer(serializers.ModelSerializer):
    organisation = OrgRefSerializer(read_only=True)
    partners = OrgRefSerializer(many=True, read_only=True)
    targets = OrgRefSerializer(many=True, read_only=True, help_text="Các đơn vị được chọn (rỗng khi phát động toàn bộ nhánh).")
    criteria = serializers.ListField(child=serializers.CharField(), read_only=True)
    documents = MovementDocumentSerializer(many=True, read_only=True)
    campaigns = PeakCampaignSerializer(many=True, read_only=True)
    models = MovementModelEntrySerializer(many=True, read_only=True)

    class Meta:
        model = Movement
        fields = ["id", "name", "theme", "organisation", "partners", "co_issuers", "launched_on", "start", "end",
                  "target_mode", "targets", "criteria", "documents", "campaigns", "models"]
        read_only_fields = fields


class MovementResultSerializer(serializers.ModelSerializer):
    figures = serializers.ListField(child=serializers.DictField(), read_only=True,
                                    help_text="Các số liệu: [{\"label\": tên chỉ tiêu, \"value\": số nguyên}].")

    class Meta:
        model = ResultReport
        fields = ["id", "campaign", "period", "reported_on", "text", "figures"]
        read_only_fields = fields


class MovementResponseSerializer(serializers.ModelSerializer):
    organisation = OrgRefSerializer(read_only=True)
    results = MovementResultSerializer(many=True, read_only=True)
    has_plan_file = serializers.SerializerMethodField()

    class Meta:
        model = MovementResponse
        fields = ["id", "movement", "organisation", "responded_on", "plan", "has_plan_file", "results"]
        read_only_fields = fields

    def get_has_plan_file(self, response: MovementResponse) -> bool:
        known = getattr(response, "has_plan_file", None)  # annotated by the selectors
        return known if known is not None else ResponsePlanFile.objects.filter(response=response).exists()


class MovementResponseRowSerializer(serializers.Serializer):
    organisation = OrgRefSerializer(read_only=True)
    responded = serializers.BooleanField(read_only=True)
    response = serializers.SerializerMethodField()

    @extend_schema_field(MovementResponseSerializer(allow_null=True))
    def get_response(self, row) -> dict | None:
        return MovementResponseSerializer(row.response).data if row.response else None


class ContestSerializer(serializers.ModelSerializer):
    judges = PersonRefSerializer(many=True, read_only=True)

    class Meta:
        model = Contest
        fields = ["id", "movement", "name", "description", "score_min", "score_max", "judges"]
        read_only_fields = fields


class ContestScoreSerializer(serializers.ModelSerializer):
    judge = PersonRefSerializer(read_only=True)

    class Meta:
        model = ContestScore
        fields = ["judge", "score", "note"]
        read_only_fields = fields


class ContestRankedEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField(source="entry.pk", read_only=True)
    title = serializers.CharField(source="entry.title", read_only=True)
    organisation = OrgRefSerializer(source="entry.organisation", read_only=True)
    person = PersonRefSerializer(source="entry.person", read_only=True, allow_null=True)
    rank = serializers.IntegerField(read_only=True, allow_null=True, help_text="Hạng (bằng điểm trung bình thì đồng hạng); null khi chưa được chấm.")
    average = serializers.DecimalField(max_digits=6, decimal_places=2, read_only=True, allow_null=True)
    missing = serializers.IntegerField(read_only=True, help_text="Số giám khảo chưa chấm bài này.")
    note = serializers.CharField(read_only=True, help_text="Giải thích đồng hạng, giám khảo chưa chấm.")
    scores = ContestScoreSerializer(many=True, read_only=True)


class ContestEntrySerializer(serializers.Serializer):
    id = serializers.IntegerField(read_only=True)
    title = serializers.CharField(read_only=True)
    organisation = OrgRefSerializer(read_only=True)
    person = PersonRefSerializer(read_only=True, allow_null=True)
    submitted_on = serializers.DateField(read_only=True)


# --- Request bodies -----------------------------------------------------------------------------------


def _codes(label: str, **kwargs):
    return api.ListField(child=api.CharField(max_length=32), label=label, required=False, default=list, max_length=500, **kwargs)


class MovementCreateSerializer(api.InputSerializer):
    organisation = api.CharField(label="mã đơn vị phát động", max_length=32)
    name = api.CharField(label="tên phong trào", max_length=300)
    theme = api.CharField(label="chủ đề, nội dung", max_length=20000, required=False, allow_blank=True, default="")
    start = api.IsoDateField(label="ngày bắt đầu")
    end = api.IsoDateField(label="ngày kết thúc")
    launched_on = api.IsoDateField(label="ngày phát động", required=False, allow_null=True, default=None,
                                   help_text="Mặc định là hôm nay.")
    target_mode = api.ChoiceField(label="đối tượng hưởng ứng", choices=TargetMode.choices, required=False, default=TargetMode.SUBTREE)
    targets = _codes("mã các đơn vị được chọn", help_text="Khi target_mode là chosen: mã các đơn vị trong nhánh của đơn vị phát động.")
    partners = _codes("mã các cơ quan phối hợp", help_text="Các tổ chức loại «cơ quan phối hợp» (partner) cùng phát động.")
    co_issuers = api.CharField(label="cơ quan đồng phát động khác", max_length=500, required=False, allow_blank=True, default="")
    criteria = api.ListField(child=api.CharField(max_length=1000), label="tiêu chí", required=False, default=list, max_length=50)
    reason = api.ReasonField()


class MovementUpdateSerializer(api.InputSerializer):
    name = api.CharField(label="tên phong trào", max_length=300, required=False)
    theme = api.CharField(label="chủ đề, nội dung", max_length=20000, required=False, allow_blank=True)
    start = api.IsoDateField(label="ngày bắt đầu", required=False)
    end = api.IsoDateField(label="ngày kết thúc", required=False)
    target_mode = api.ChoiceField(label="đối tượng hưởng ứng", choices=TargetMode.choices, required=False)
    targets = api.ListField(child=api.CharField(max_length=32), label="mã các đơn vị được chọn", required=False, max_length=500)
    partners = api.ListField(child=api.CharField(max_length=32), label="mã các cơ quan phối hợp", required=False, max_length=500)
    co_issuers = api.CharField(label="cơ quan đồng phát động khác", max_length=500, required=False, allow_blank=True)
    criteria = api.ListField(child=api.CharField(max_length=1000), label="tiêu chí", required=False, max_length=50)
    reason = api.ReasonField()


class _MovementRefInput(api.InputSerializer):
    movement = api.IntegerField(label="mã số phong trào", min_value=1, max_value=ID_MAX)


class PeakCampaignCreateSerializer(_MovementRefInput):
    name = api.CharField(label="tên đợt thi đua", max_length=300)
    description = api.CharField(label="nội dung", max_length=20000, required=False, allow_blank=True, default="")
    start = api.IsoDateField(label="ngày bắt đầu")
    end = api.IsoDateField(label="ngày kết thúc")
    reason = api.ReasonField()


class MovementResponseCreateSerializer(_MovementRefInput):
    organisation = api.CharField(label="mã đơn vị hưởng ứng", max_length=32)
    plan = api.CharField(label="kế hoạch hưởng ứng", max_length=20000)
    on = api.IsoDateField(label="ngày hưởng ứng", required=False, allow_null=True, default=None, help_text="Mặc định là hôm nay.")
    reason = api.ReasonField()


class MovementFigureSerializer(api.InputSerializer):
    label = api.CharField(label="tên chỉ tiêu", max_length=200)
    value = api.IntegerField(label="số liệu", min_value=0, max_value=10**12)


class MovementResultCreateSerializer(api.InputSerializer):
    period = api.CharField(label="kỳ báo cáo", max_length=100)
    text = api.CharField(label="kết quả", max_length=20000)
    figures = api.ListField(child=MovementFigureSerializer(), label="số liệu", required=False, default=list, max_length=50)
    campaign = api.IntegerField(label="mã số đợt cao điểm", min_value=1, max_value=ID_MAX, required=False, allow_null=True, default=None)
    on = api.IsoDateField(label="ngày báo cáo", required=False, allow_null=True, default=None, help_text="Mặc định là hôm nay.")
    reason = api.ReasonField()


class ContestCreateSerializer(_MovementRefInput):
    name = api.CharField(label="tên hội thi", max_length=300)
    description = api.CharField(label="thể lệ, nội dung", max_length=20000, required=False, allow_blank=True, default="")
    score_min = api.CharField(label="điểm thấp nhất", max_length=20, required=False, default="0")
    score_max = api.CharField(label="điểm cao nhất", max_length=20, required=False, default="10")
    judges = api.ListField(child=api.IntegerField(min_value=1, max_value=ID_MAX), label="mã số người của các giám khảo",
                           required=False, default=list, max_length=100)
    reason = api.ReasonField()


class ContestEntryCreateSerializer(api.InputSerializer):
    organisation = api.CharField(label="mã đơn vị dự thi", max_length=32)
    title = api.CharField(label="tên bài dự thi", max_length=300)
    person = api.IntegerField(label="mã số người của tác giả", min_value=1, max_value=ID_MAX, required=False, allow_null=True,
                              default=None, help_text="Để trống khi là bài của tập thể đơn vị.")
    on = api.IsoDateField(label="ngày nộp", required=False, allow_null=True, default=None, help_text="Mặc định là hôm nay.")
    reason = api.ReasonField()


class ContestScoreCreateSerializer(api.InputSerializer):
    entry = api.IntegerField(label="mã số bài dự thi", min_value=1, max_value=ID_MAX)
    judge = api.IntegerField(label="mã số người của giám khảo", min_value=1, max_value=ID_MAX)
    score = api.CharField(label="điểm", max_length=20, help_text="Một số trong thang điểm của hội thi, ví dụ «8.5».")
    note = api.CharField(label="nhận xét", max_length=500, required=False, allow_blank=True, default="")
    reason = api.ReasonField()
