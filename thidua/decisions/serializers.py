"""Commendation decisions over the API: what is read, and the bodies of the requests that write."""
from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from thidua.core import api
from thidua.core.scales import YEAR_MAX, YEAR_MIN
from thidua.decisions.models import Decision, DecisionItem

ID_MAX = 2**63 - 1
AMOUNT_MAX = 10**12


class DecisionItemSerializer(serializers.ModelSerializer):
    person = serializers.IntegerField(source="person_id", read_only=True, allow_null=True, label="cá nhân")
    full_name = serializers.SerializerMethodField(label="họ và tên")
    organisation = serializers.SerializerMethodField(label="tập thể", help_text="Mã tập thể (khi không phải cá nhân).")
    organisation_name = serializers.SerializerMethodField(label="tên tập thể")
    target = serializers.IntegerField(source="target_id", read_only=True, allow_null=True, label="dòng bị sửa đổi, thu hồi")
    award_record = serializers.IntegerField(source="award_record_id", read_only=True, allow_null=True, label="khen thưởng đã ghi")
    revoked_on = serializers.SerializerMethodField(label="ngày bị thu hồi")

    class Meta:
        model = DecisionItem
        fields = ["id", "person", "full_name", "organisation", "organisation_name", "award", "year", "position_unit", "achievement",
                  "amount", "target", "award_record", "verification_code", "revoked_on"]
        read_only_fields = fields

    def get_full_name(self, obj: DecisionItem) -> str | None:
        return obj.person.full_name if obj.person_id else None

    def get_organisation(self, obj: DecisionItem) -> str | None:
        return obj.organisation.code if obj.organisation_id else None

    def get_organisation_name(self, obj: DecisionItem) -> str | None:
        return obj.organisation.name if obj.organisation_id else None

    def get_revoked_on(self, obj: DecisionItem) -> str | None:
        record = obj.award_record
        return record.revoked_on.isoformat() if record is not None and record.revoked_on else None


class DecisionSerializer(serializers.ModelSerializer):
    issuer = serializers.SerializerMethodField(label="cơ quan ban hành", help_text="Mã tổ chức ban hành (trống với quyết định của cấp trên).")
    received_by = serializers.SerializerMethodField(label="đơn vị ghi nhận", help_text="Mã đơn vị ghi nhận quyết định của cấp trên.")
    refers_to = serializers.IntegerField(source="refers_to_id", read_only=True, allow_null=True, label="quyết định được sửa đổi, thu hồi")
    items = serializers.SerializerMethodField(label="danh sách kèm theo", help_text="Tập thể trước, cá nhân sau.")

    class Meta:
        model = Decision
        fields = ["id", "kind", "status", "issuer", "received_by", "issuer_name", "year", "number", "number_text", "issued_on",
                  "subject", "award", "grounds", "signer_authority", "signer_title", "signer_name", "refers_to", "reason", "items"]
        read_only_fields = fields

    def get_issuer(self, obj: Decision) -> str | None:
        return obj.issuer.code if obj.issuer_id else None

    def get_received_by(self, obj: Decision) -> str | None:
        return obj.received_by.code if obj.received_by_id else None

    @extend_schema_field(DecisionItemSerializer(many=True))
    def get_items(self, obj: Decision) -> list:
        from thidua.decisions.selectors import decision_items

        return DecisionItemSerializer(decision_items(decision=obj), many=True).data


class ItemInputSerializer(api.InputSerializer):
    person = api.IntegerField(label="cá nhân", min_value=1, max_value=ID_MAX, required=False, allow_null=True,
                              help_text="Mã người được khen thưởng (bỏ trống khi là tập thể).")
    organisation = api.CharField(label="tập thể", max_length=32, required=False, allow_blank=True, default="",
                                 help_text="Mã tập thể được khen thưởng (bỏ trống khi là cá nhân).")
    year = api.IntegerField(label="năm thành tích", min_value=YEAR_MIN, max_value=YEAR_MAX, required=False, allow_null=True)
    achievement = api.CharField(label="thành tích", max_length=2000, required=False, allow_blank=True, default="")
    amount = api.IntegerField(label="tiền thưởng (đồng)", min_value=0, max_value=AMOUNT_MAX, required=False, default=0)


class DecisionDraftSerializer(api.InputSerializer):
    issuer = api.CharField(label="cơ quan ban hành", max_length=32, help_text="Mã tổ chức ra quyết định.")
    award = api.CharField(label="hình thức, danh hiệu", max_length=64, help_text="Mã trong danh mục (/api/v1/eligibility/catalogue/).")
    subject = api.CharField(label="trích yếu", max_length=500, required=False, allow_blank=True, default="")
    on = api.IsoDateField(label="ngày lập", required=False, help_text="Mặc định hôm nay.")
    dossiers = api.ListField(child=api.IntegerField(min_value=1, max_value=ID_MAX), label="hồ sơ đề nghị", required=False,
                             default=list, max_length=100, help_text="Các hồ sơ tổ chức đang giữ: lấy các đề nghị được Hội đồng thông qua.")
    items = api.ListField(child=ItemInputSerializer(), label="cá nhân, tập thể thêm trực tiếp", required=False, default=list,
                          max_length=1000)
    reason = api.ReasonField()


class SignerSerializer(api.InputSerializer):
    on = api.IsoDateField(label="ngày ban hành", required=False, help_text="Mặc định hôm nay.")
    signer_name = api.CharField(label="họ tên người ký", max_length=150)
    signer_title = api.CharField(label="chức vụ người ký", max_length=100, required=False, default="CHỦ TỊCH")
    signer_authority = api.CharField(label="thẩm quyền ký", max_length=100, required=False, allow_blank=True,
                                     default="TM. BAN CHẤP HÀNH")


class DecisionIssueSerializer(SignerSerializer):
    reason = api.ReasonField()


class DecisionRevokeSerializer(SignerSerializer):
    reason = api.CharField(label="lý do thu hồi", max_length=2000)
    items = api.ListField(child=api.IntegerField(min_value=1, max_value=ID_MAX), label="các dòng bị thu hồi", required=False,
                          allow_null=True, default=None, max_length=1000, help_text="Mặc định: cả danh sách.")
    subject = api.CharField(label="trích yếu", max_length=500, required=False, allow_blank=True, default="")


class CorrectionSerializer(api.InputSerializer):
    item = api.IntegerField(label="dòng cần đính chính", min_value=1, max_value=ID_MAX)
    award = api.CharField(label="hình thức đúng", max_length=64, required=False, allow_null=True, default=None)
    year = api.IntegerField(label="năm đúng", min_value=YEAR_MIN, max_value=YEAR_MAX, required=False, allow_null=True, default=None)
    person = api.IntegerField(label="cá nhân đúng", min_value=1, max_value=ID_MAX, required=False, allow_null=True, default=None)
    organisation = api.CharField(label="tập thể đúng", max_length=32, required=False, allow_blank=True, default="")
    achievement = api.CharField(label="thành tích đúng", max_length=2000, required=False, allow_null=True, default=None)
    amount = api.IntegerField(label="tiền thưởng đúng", min_value=0, max_value=AMOUNT_MAX, required=False, allow_null=True,
                              default=None)


class DecisionCorrectSerializer(SignerSerializer):
    reason = api.CharField(label="lý do đính chính", max_length=2000)
    corrections = api.ListField(child=CorrectionSerializer(), label="các dòng đính chính", max_length=1000)
    subject = api.CharField(label="trích yếu", max_length=500, required=False, allow_blank=True, default="")


class DecisionReceivedSerializer(api.InputSerializer):
    received_by = api.CharField(label="đơn vị ghi nhận", max_length=32)
    issuer_name = api.CharField(label="cơ quan ban hành", max_length=255)
    number_text = api.CharField(label="số, ký hiệu", max_length=64)
    issued_on = api.IsoDateField(label="ngày ban hành")
    award = api.CharField(label="hình thức, danh hiệu", max_length=64)
    subject = api.CharField(label="trích yếu", max_length=500, required=False, allow_blank=True, default="")
    signer_name = api.CharField(label="người ký", max_length=150, required=False, allow_blank=True, default="")
    items = api.ListField(child=ItemInputSerializer(), label="cá nhân, tập thể được khen thưởng", max_length=1000)
    reason = api.ReasonField()


class AwardCountRowSerializer(serializers.Serializer):
    level = serializers.CharField(label="cấp")
    level_name = serializers.CharField(label="tên cấp")
    award = serializers.CharField(label="mã hình thức")
    award_name = serializers.CharField(label="tên hình thức")
    recipient_kind = serializers.CharField(label="đối tượng", help_text="collective (tập thể) hoặc individual (cá nhân).")
    recipient_kind_name = serializers.CharField(label="tên đối tượng")
    issuer_name = serializers.CharField(label="cơ quan ban hành")
    count = serializers.IntegerField(label="số lượng")


class AwardCountsSerializer(serializers.Serializer):
    organisation = serializers.CharField(label="đơn vị")
    date_from = serializers.DateField(label="từ ngày")
    date_to = serializers.DateField(label="đến ngày")
    rows = AwardCountRowSerializer(many=True, label="số khen thưởng")
    sentences = serializers.ListField(child=serializers.CharField(), label="câu tóm tắt")
