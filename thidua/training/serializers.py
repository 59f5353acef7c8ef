"""Courses (đào tạo, bồi dưỡng) as the API shows them, and the bodies that record, correct and end them."""
from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from thidua.core import api
from thidua.core.scales import YEAR_MAX, YEAR_MIN
from thidua.people.serializers import OrgRefSerializer, PersonRefSerializer
from thidua.training.models import Training, TrainingFile, TrainingKind, TrainingStatus


def _inline_choices(choices: list[tuple[str, str]]) -> type[api.ChoiceField]:
    """A choice field whose values the schema lists in place, not as a shared enum component: other
    apps have their own "kind" and "status" choices, and drf-spectacular would name the colliding
    components by hash and warn (which `check --deploy` fails on). Inside `allOf`, the enum stays
    with the property."""
    text = "; ".join(f"`{value}`: {label}" for value, label in choices)

    @extend_schema_field({"allOf": [{"type": "string", "enum": [value for value, _ in choices]}], "description": text})
    class InlineChoiceField(api.ChoiceField):
        pass

    return InlineChoiceField


KindField = _inline_choices(TrainingKind.choices)
StatusField = _inline_choices(TrainingStatus.choices)
EndStatusField = _inline_choices([(v, label) for v, label in TrainingStatus.choices if v != TrainingStatus.STUDYING])


# One course, with its person and its sending unit.
class TrainingSerializer(serializers.ModelSerializer):
    person = PersonRefSerializer(read_only=True)
    sending_unit = OrgRefSerializer(read_only=True)
    kind = KindField(choices=TrainingKind.choices, read_only=True)
    status = StatusField(choices=TrainingStatus.choices, read_only=True)
    has_scan = serializers.SerializerMethodField(help_text="Đã có bản scan văn bằng, chứng chỉ (xem trên trang khóa học).")

    class Meta:
        model = Training
        fields = ["id", "person", "kind", "speciality", "institution", "start", "end", "status", "sending_unit",
                  "certificate_number", "certificate_date", "note", "has_scan"]
        read_only_fields = fields

    def get_has_scan(self, training: Training) -> bool:
        scans = self.context.get("scans")
        if scans is not None:
            return training.pk in scans
        return TrainingFile.objects.filter(training=training).exists()


class _TrainingFields(api.InputSerializer):
    kind = KindField(label="loại hình đào tạo", choices=TrainingKind.choices)
    speciality = api.CharField(label="chuyên ngành", max_length=200, required=False, allow_blank=True, default="")
    institution = api.CharField(label="cơ sở đào tạo", max_length=255)
    start = api.IsoDateField(label="ngày bắt đầu")
    end = api.IsoDateField(label="ngày kết thúc", required=False, allow_null=True, default=None,
                           help_text="Khi đang học: ngày dự kiến kết thúc (nếu biết); bắt buộc khi đã tốt nghiệp hoặc bỏ dở.")
    status = StatusField(label="tình trạng", choices=TrainingStatus.choices, required=False, default=TrainingStatus.STUDYING)
    sending_unit = api.CharField(label="mã đơn vị cử đi", max_length=32,
                                 help_text="Người học phải công tác hoặc sinh hoạt công đoàn trong nhánh của đơn vị này vào ngày bắt đầu.")
    certificate_number = api.CharField(label="số văn bằng, chứng chỉ", max_length=64, required=False, allow_blank=True, default="")
    certificate_date = api.IsoDateField(label="ngày cấp văn bằng, chứng chỉ", required=False, allow_null=True, default=None)
    note = api.CharField(label="ghi chú", max_length=2000, required=False, allow_blank=True, default="")
    reason = api.ReasonField()


class TrainingCreateSerializer(_TrainingFields):
    person = api.IntegerField(label="mã người học", min_value=1, max_value=2**31 - 1)


# Every field optional: only those sent are changed.
class TrainingUpdateSerializer(_TrainingFields):
    pass


class TrainingEndSerializer(api.InputSerializer):
    status = EndStatusField(label="kết quả", choices=[(v, l) for v, l in TrainingStatus.choices if v != TrainingStatus.STUDYING])
    end = api.IsoDateField(label="ngày kết thúc")
    certificate_number = api.CharField(label="số văn bằng, chứng chỉ", max_length=64, required=False, allow_blank=True, default="")
    certificate_date = api.IsoDateField(label="ngày cấp văn bằng, chứng chỉ", required=False, allow_null=True, default=None)
    reason = api.ReasonField()


class KindCountSerializer(serializers.Serializer):
    kind = KindField(choices=TrainingKind.choices)
    label = serializers.CharField(help_text="Tên loại hình bằng tiếng Việt.")
    started = serializers.IntegerField(help_text="Số người bắt đầu học loại hình này trong năm.")
    completed = serializers.IntegerField(help_text="Số người tốt nghiệp loại hình này, kết thúc trong năm.")


class TrainingCountsSerializer(serializers.Serializer):
    organisation = serializers.CharField(help_text="Mã đơn vị; số liệu gồm mọi đơn vị trực thuộc.")
    year = serializers.IntegerField(min_value=YEAR_MIN, max_value=YEAR_MAX)
    started = serializers.IntegerField(help_text="Số người được cử đi học (bắt đầu trong năm), mỗi người tính một lần.")
    completed = serializers.IntegerField(help_text="Số người tốt nghiệp (kết thúc trong năm), mỗi người tính một lần.")
    by_kind = KindCountSerializer(many=True)
