"""Councils (Hội đồng thi đua – khen thưởng) over the API: what is read, and the bodies of the requests that write."""
from __future__ import annotations

from rest_framework import serializers

from thidua.core import api
from thidua.nominations.models import Council, Meeting, Seat

ID_MAX = 2**63 - 1


class SeatSerializer(serializers.ModelSerializer):
    council = serializers.IntegerField(source="council_id", read_only=True, label="hội đồng")
    person = serializers.IntegerField(source="person_id", read_only=True, label="thành viên")
    full_name = serializers.CharField(source="person.full_name", read_only=True, label="họ và tên")
    role_name = serializers.CharField(source="get_role_display", read_only=True, label="tên vai trò")
    has_account = serializers.SerializerMethodField(label="có tài khoản bỏ phiếu")

    class Meta:
        model = Seat
        fields = ["id", "council", "person", "full_name", "role", "role_name", "has_account"]
        read_only_fields = fields

    def get_has_account(self, obj: Seat) -> bool:
        return obj.user_id is not None


class CommendationCouncilSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.code", read_only=True, label="tổ chức")
    organisation_name = serializers.CharField(source="organisation.name", read_only=True, label="tên tổ chức")
    seats = SeatSerializer(many=True, read_only=True, label="thành viên")

    class Meta:
        model = Council
        fields = ["id", "organisation", "organisation_name", "name", "term_from", "term_to", "seats"]
        read_only_fields = fields


class CommendationCouncilCreateSerializer(api.InputSerializer):
    organisation = api.CharField(label="tổ chức", max_length=32, help_text="Mã tổ chức lập Hội đồng.")
    name = api.CharField(label="tên hội đồng", max_length=255)
    term_from = api.IsoDateField(label="nhiệm kỳ từ")
    term_to = api.IsoDateField(label="nhiệm kỳ đến", required=False, allow_null=True, default=None)
    reason = api.ReasonField()


class SeatCreateSerializer(api.InputSerializer):
    council = api.IntegerField(label="hội đồng", min_value=1, max_value=ID_MAX)
    person = api.IntegerField(label="thành viên", min_value=1, max_value=ID_MAX, help_text="Mã người trong tổ chức của Hội đồng.")
    role = api.ChoiceField(label="vai trò", choices=Seat.Role.choices)
    user = api.CharField(label="tài khoản bỏ phiếu", max_length=150, required=False, allow_blank=True, default="",
                         help_text="Tên đăng nhập của tài khoản bỏ phiếu cho thành viên này (bỏ trống: chỉ bỏ phiếu giấy).")
    reason = api.ReasonField()


class CommendationMeetingSerializer(serializers.ModelSerializer):
    council = serializers.IntegerField(source="council_id", read_only=True, label="hội đồng")
    attendees = serializers.SerializerMethodField(label="thành viên có mặt")
    agenda = serializers.SerializerMethodField(label="đề nghị được xét")

    class Meta:
        model = Meeting
        fields = ["id", "council", "starts_at", "ends_at", "place", "closed", "conclusion", "attendees", "agenda"]
        read_only_fields = fields

    def get_attendees(self, obj: Meeting) -> list[int]:
        return sorted(obj.attendees.values_list("pk", flat=True))

    def get_agenda(self, obj: Meeting) -> list[int]:
        return sorted(obj.agenda.values_list("pk", flat=True))


class CommendationMeetingCreateSerializer(api.InputSerializer):
    council = api.IntegerField(label="hội đồng", min_value=1, max_value=ID_MAX)
    starts_at = serializers.DateTimeField(label="bắt đầu", help_text="Thời gian bắt đầu (ISO 8601, ví dụ 2025-03-10T08:00:00+07:00).",
                                          error_messages={"invalid": "Cần ngày giờ dạng ISO 8601, ví dụ 2025-03-10T08:00:00+07:00.",
                                                          "required": "Bắt buộc.", "null": "Không được để trống."})
    place = api.CharField(label="địa điểm", max_length=255)
    attendees = api.ListField(label="thành viên có mặt", child=api.IntegerField(min_value=1, max_value=ID_MAX), max_length=500,
                              help_text="Mã các thành viên (ghế) của Hội đồng có mặt.")
    proposals = api.ListField(label="đề nghị được xét", child=api.IntegerField(min_value=1, max_value=ID_MAX), max_length=500,
                              allow_empty=False)
    reason = api.ReasonField()


class VoteSerializer(api.InputSerializer):
    proposal = api.IntegerField(label="đề nghị", min_value=1, max_value=ID_MAX)
    approve = serializers.BooleanField(label="đồng ý", help_text="true: đồng ý; false: không đồng ý.")


class CommendationTallySerializer(api.InputSerializer):
    proposal = api.IntegerField(label="đề nghị", min_value=1, max_value=ID_MAX)
    votes_for = api.IntegerField(label="số phiếu đồng ý", min_value=0, max_value=10_000)
    votes_against = api.IntegerField(label="số phiếu không đồng ý", min_value=0, max_value=10_000)
    reason = api.ReasonField()


class RecuseSerializer(api.InputSerializer):
    proposal = api.IntegerField(label="đề nghị", min_value=1, max_value=ID_MAX)
    seat = api.IntegerField(label="thành viên", min_value=1, max_value=ID_MAX)
    reason = api.CharField(label="lý do", max_length=500)


class CloseSerializer(api.InputSerializer):
    ends_at = serializers.DateTimeField(label="kết thúc", help_text="Thời gian kết thúc (ISO 8601).",
                                        error_messages={"invalid": "Cần ngày giờ dạng ISO 8601, ví dụ 2025-03-10T11:00:00+07:00.",
                                                        "required": "Bắt buộc.", "null": "Không được để trống."})
    conclusion = api.CharField(label="kết luận", max_length=2000, required=False, allow_blank=True, default="")


class ResultLineSerializer(serializers.Serializer):
    proposal = serializers.IntegerField(source="proposal.pk", label="đề nghị")
    name = serializers.CharField(label="cá nhân, tập thể")
    award = serializers.CharField(source="proposal.award", label="mã danh hiệu, hình thức")
    award_name = serializers.CharField(label="danh hiệu, hình thức")
    votes_for = serializers.IntegerField(label="đồng ý")
    votes_against = serializers.IntegerField(label="không đồng ý")
    votes_cast = serializers.IntegerField(label="số phiếu")
    voters = serializers.IntegerField(label="số thành viên được biểu quyết")
    base = serializers.IntegerField(label="số tính tỷ lệ")
    needed = serializers.IntegerField(label="số phiếu đồng ý cần có")
    percent = serializers.CharField(label="tỷ lệ đồng ý")
    threshold = serializers.CharField(source="threshold.text", label="ngưỡng thông qua")
    citation = serializers.CharField(source="threshold.citation", label="căn cứ")
    confidence = serializers.CharField(source="threshold.confidence", label="độ tin cậy của căn cứ")
    passed = serializers.BooleanField(label="thông qua")
    recused = serializers.SerializerMethodField(label="không tham gia biểu quyết")

    def get_recused(self, obj) -> list[str]:
        return [name for name, _ in obj.recused]


class MeetingResultSerializer(serializers.Serializer):
    meeting = serializers.IntegerField(source="meeting.pk", label="phiên họp")
    closed = serializers.BooleanField(source="meeting.closed", label="đã kết thúc")
    members = serializers.IntegerField(label="tổng số thành viên")
    present = serializers.IntegerField(label="số có mặt")
    quorum_needed = serializers.IntegerField(label="số có mặt tối thiểu")
    quorum = serializers.CharField(source="quorum.text", label="quy định số có mặt")
    quorum_citation = serializers.CharField(source="quorum.citation", label="căn cứ")
    lines = ResultLineSerializer(many=True, label="kết quả từng đề nghị")
