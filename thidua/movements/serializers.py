"""Initiatives, topics and science councils over the API: what is shown, and the bodies of the writes."""
from __future__ import annotations

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from thidua.core import api
from thidua.core.scales import YEAR_MAX, YEAR_MIN, Scope
from thidua.movements.models import Council, CouncilMember, Initiative, Review

# Enum names of their own: "kind", "status", "role" and "method" are fields of other apps too.
INITIATIVE_KINDS = Initiative.Kind.choices
INITIATIVE_STATUSES = Initiative.Status.choices


class AuthorSerializer(serializers.Serializer):

    id = serializers.IntegerField(label="mã người")
    full_name = serializers.CharField(label="họ và tên")


class StepSerializer(serializers.Serializer):

    status = serializers.CharField(label="trạng thái")
    on = serializers.DateField(label="ngày")
    meeting = serializers.IntegerField(source="meeting_id", allow_null=True, label="phiên họp hội đồng")
    note = serializers.CharField(label="ghi chú")


class InitiativeSerializer(serializers.Serializer):

    id = serializers.IntegerField(read_only=True)
    kind = serializers.CharField(label="loại", help_text="initiative (sáng kiến) hoặc topic (đề tài khoa học).")
    title = serializers.CharField(label="tên")
    year = serializers.IntegerField(label="năm")
    organisation = serializers.CharField(source="organisation.code", label="mã đơn vị áp dụng")
    organisation_name = serializers.CharField(source="organisation.name", label="đơn vị áp dụng")
    status = serializers.CharField(label="trạng thái", help_text="registered, approved, rejected, in_progress, accepted.")
    status_label = serializers.CharField(source="get_status_display", label="trạng thái (chữ)")
    registered_on = serializers.DateField(allow_null=True, label="ngày đăng ký")
    scope = serializers.CharField(allow_null=True, label="phạm vi công nhận", help_text="co_so, tinh, toan_quoc; null khi chưa công nhận.")
    accepted = serializers.BooleanField(label="đã công nhận, nghiệm thu")
    decision_number = serializers.CharField(label="số quyết định")
    decision_date = serializers.DateField(allow_null=True, label="ngày quyết định")
    authors = AuthorSerializer(many=True, source="authors.all", label="tác giả")


class InitiativeDetailSerializer(InitiativeSerializer):

    steps = StepSerializer(many=True, source="steps.all", label="quá trình xử lý")


class InitiativeCreateSerializer(api.InputSerializer):

    # Plain text, checked by the service: an enum named "kind" would collide with the organisations' one.
    kind = api.CharField(max_length=16, label="loại", help_text="initiative (sáng kiến) hoặc topic (đề tài khoa học).")
    title = api.CharField(max_length=500, label="tên")
    year = api.IntegerField(min_value=YEAR_MIN, max_value=YEAR_MAX, label="năm")
    organisation = api.CharField(max_length=32, label="mã đơn vị", help_text="Mã đơn vị áp dụng (trong phạm vi của bạn).")
    authors = api.ListField(child=api.IntegerField(min_value=1, max_value=2**62), min_length=1, max_length=50, label="tác giả",
                            help_text="Mã (id) của các tác giả.")
    registered_on = api.IsoDateField(label="ngày đăng ký")
    reason = api.ReasonField()


class StartSerializer(api.InputSerializer):

    on = api.IsoDateField(label="ngày bắt đầu triển khai")
    reason = api.ReasonField()


class AcceptSerializer(api.InputSerializer):

    scope = api.ChoiceField(choices=Scope.choices, label="phạm vi công nhận")
    decision_number = api.CharField(max_length=64, label="số quyết định", allow_blank=True)
    decision_date = api.IsoDateField(label="ngày quyết định", required=False, allow_null=True)
    reason = api.ReasonField()


class KindCountsSerializer(serializers.Serializer):

    registered = serializers.IntegerField(label="đăng ký")
    approved = serializers.IntegerField(label="được duyệt", help_text="Gồm cả những cái đã triển khai hoặc công nhận.")
    rejected = serializers.IntegerField(label="không được duyệt")
    in_progress = serializers.IntegerField(label="đang triển khai")
    accepted = serializers.IntegerField(label="đã công nhận, nghiệm thu")
    accepted_by_scope = serializers.DictField(child=serializers.IntegerField(), label="đã công nhận theo phạm vi")


class CountsSerializer(serializers.Serializer):

    organisation = serializers.CharField(label="mã đơn vị")
    year = serializers.IntegerField(label="năm")
    initiative = KindCountsSerializer(label="sáng kiến")
    topic = KindCountsSerializer(label="đề tài khoa học")


class CouncilSeatSerializer(serializers.Serializer):

    person = serializers.IntegerField(source="person_id", label="mã người")
    full_name = serializers.CharField(source="person.full_name", label="họ và tên")
    role = serializers.CharField(label="vai trò", help_text="chair, secretary, member.")


class CouncilSerializer(serializers.Serializer):

    id = serializers.IntegerField(read_only=True)
    organisation = serializers.CharField(source="organisation.code", label="mã tổ chức")
    organisation_name = serializers.CharField(source="organisation.name", label="tổ chức")
    year = serializers.IntegerField(label="năm")
    name = serializers.CharField(label="tên hội đồng")
    method = serializers.CharField(label="cách đánh giá", help_text="vote (biểu quyết) hoặc score (chấm điểm 0–100).")
    members = CouncilSeatSerializer(many=True, source="members.all", label="thành viên")
    quorum = serializers.SerializerMethodField(label="số thành viên tối thiểu có mặt")

    @extend_schema_field(OpenApiTypes.INT)
    def get_quorum(self, council) -> int:
        from thidua.movements.selectors import quorum_needed

        return quorum_needed(council.members.count())


class SeatInputSerializer(api.InputSerializer):

    person = api.IntegerField(min_value=1, max_value=2**62, label="mã người")
    role = api.ChoiceField(choices=CouncilMember.Role.choices, label="vai trò")


class CouncilCreateSerializer(api.InputSerializer):

    organisation = api.CharField(max_length=32, label="mã tổ chức")
    year = api.IntegerField(min_value=YEAR_MIN, max_value=YEAR_MAX, label="năm")
    name = api.CharField(max_length=255, label="tên hội đồng")
    method = api.ChoiceField(choices=Council.Method.choices, label="cách đánh giá", required=False, default=Council.Method.VOTE)
    members = api.ListField(child=SeatInputSerializer(), min_length=1, max_length=100, label="thành viên")
    reason = api.ReasonField()


class MeetingCreateSerializer(api.InputSerializer):

    held_on = api.IsoDateField(label="ngày họp")
    attendees = api.ListField(child=api.IntegerField(min_value=1, max_value=2**62), min_length=1, max_length=100,
                              label="thành viên có mặt", help_text="Mã (id) người của các thành viên có mặt.")
    agenda = api.ListField(child=api.IntegerField(min_value=1, max_value=2**62), min_length=1, max_length=300,
                           label="sáng kiến, đề tài được xét", help_text="Mã (id) các sáng kiến, đề tài.")
    minutes = api.CharField(max_length=20000, required=False, allow_blank=True, default="", label="biên bản tóm tắt")
    reason = api.ReasonField()


class ReviewLineSerializer(serializers.Serializer):

    member = serializers.IntegerField(source="member.person_id", label="mã người")
    full_name = serializers.CharField(source="member.person.full_name", label="họ và tên")
    role = serializers.CharField(source="member.role", label="vai trò")
    present = serializers.BooleanField(label="có mặt")
    recused = serializers.CharField(label="lý do rút khỏi việc xét", help_text="Rỗng khi không phải rút.")
    vote = serializers.CharField(source="review.vote", allow_null=True, default=None, label="biểu quyết")
    score = serializers.IntegerField(source="review.score", allow_null=True, default=None, label="điểm")


class TallySerializer(serializers.Serializer):

    initiative = serializers.IntegerField(label="mã sáng kiến, đề tài")
    title = serializers.CharField(label="tên")
    status = serializers.CharField(label="trạng thái")
    members = serializers.IntegerField(label="số thành viên")
    present = serializers.IntegerField(label="số có mặt")
    needed = serializers.IntegerField(label="số tối thiểu có mặt")
    quorum = serializers.BooleanField(label="đủ số lượng tối thiểu")
    approvals = serializers.IntegerField(label="số tán thành")
    rejections = serializers.IntegerField(label="số không tán thành")
    mean_score = serializers.FloatField(allow_null=True, label="điểm trung bình")
    lines = ReviewLineSerializer(many=True, label="ý kiến từng thành viên")


class MeetingSerializer(serializers.Serializer):

    id = serializers.IntegerField(read_only=True)
    council = serializers.IntegerField(source="council_id", label="mã hội đồng")
    held_on = serializers.DateField(label="ngày họp")
    attendees = serializers.ListField(child=serializers.IntegerField(), label="thành viên có mặt (mã người)")
    minutes = serializers.CharField(label="biên bản tóm tắt")
    items = TallySerializer(many=True, label="sáng kiến, đề tài được xét")


class ReviewInputSerializer(api.InputSerializer):

    person = api.IntegerField(min_value=1, max_value=2**62, label="mã người")
    vote = api.ChoiceField(choices=Review.Vote.choices, required=False, allow_blank=True, default="", label="biểu quyết")
    score = api.IntegerField(required=False, allow_null=True, default=None, min_value=-1000, max_value=1000, label="điểm",
                             help_text="Từ 0 đến 100, với hội đồng chấm điểm.")


class ReviewsSerializer(api.InputSerializer):

    initiative = api.IntegerField(min_value=1, max_value=2**62, label="mã sáng kiến, đề tài")
    reviews = api.ListField(child=ReviewInputSerializer(), min_length=1, max_length=100, label="ý kiến")
    reason = api.ReasonField()


class DecideSerializer(api.InputSerializer):

    initiative = api.IntegerField(min_value=1, max_value=2**62, label="mã sáng kiến, đề tài")
    reason = api.ReasonField()
