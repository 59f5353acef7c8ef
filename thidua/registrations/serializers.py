"""Registrations (đăng ký thi đua) over the API: what is read, and the bodies of the requests that write."""
from __future__ import annotations

from rest_framework import serializers

from thidua.core import api
from thidua.core.scales import YEAR_MAX, YEAR_MIN
from thidua.registrations.models import Registration, RegistrationRound


class RegistrationRoundSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.code", read_only=True, label="tổ chức mở đợt",
                                         help_text="Mã tổ chức mở đợt; đợt mở cho cả nhánh của tổ chức.")
    organisation_name = serializers.CharField(source="organisation.name", read_only=True, label="tên tổ chức mở đợt")

    class Meta:
        model = RegistrationRound
        fields = ["id", "organisation", "organisation_name", "year", "deadline", "title", "note", "opened_on"]
        read_only_fields = fields


class RegistrationRoundCreateSerializer(api.InputSerializer):
    organisation = api.CharField(label="tổ chức mở đợt", max_length=32, help_text="Mã tổ chức mở đợt đăng ký cho cả nhánh.")
    year = api.IntegerField(label="năm thi đua", min_value=YEAR_MIN, max_value=YEAR_MAX)
    deadline = api.IsoDateField(label="hạn đăng ký", help_text="Ngày cuối cùng nhận đăng ký đúng hạn (YYYY-MM-DD).")
    title = api.CharField(label="tên đợt", max_length=255, required=False, allow_blank=True, default="")
    note = api.CharField(label="ghi chú", max_length=2000, required=False, allow_blank=True, default="")
    reason = api.ReasonField()


class RegistrationSerializer(serializers.ModelSerializer):
    round = serializers.IntegerField(source="round_id", read_only=True, label="đợt đăng ký")
    award_name = serializers.CharField(read_only=True, label="tên danh hiệu")
    unit = serializers.CharField(source="unit.code", read_only=True, label="đơn vị đăng ký")
    person = serializers.IntegerField(source="person_id", read_only=True, allow_null=True, label="cá nhân")
    full_name = serializers.SerializerMethodField(label="họ và tên")
    organisation = serializers.SerializerMethodField(label="tập thể", help_text="Mã tập thể đăng ký (khi không phải cá nhân).")

    class Meta:
        model = Registration
        fields = ["id", "round", "year", "award", "award_name", "unit", "person", "full_name", "organisation", "registered_on",
                  "late", "late_reason", "withdrawn_on", "withdraw_reason"]
        read_only_fields = fields

    def get_full_name(self, obj: Registration) -> str | None:
        return obj.person.full_name if obj.person_id else None

    def get_organisation(self, obj: Registration) -> str | None:
        return obj.organisation.code if obj.organisation_id else None


class RegistrationCreateSerializer(api.InputSerializer):
    round = api.IntegerField(label="đợt đăng ký", min_value=1, max_value=2**31 - 1)
    unit = api.CharField(label="đơn vị đăng ký", max_length=32, help_text="Mã đơn vị đăng ký (người hoặc tập thể phải thuộc đơn vị này).")
    award = api.CharField(label="danh hiệu", max_length=64, help_text="Mã danh hiệu, hình thức trong danh mục (/api/v1/eligibility/catalogue/).")
    person = api.IntegerField(label="cá nhân", min_value=1, max_value=2**63 - 1, required=False, allow_null=True,
                              help_text="Mã người đăng ký (bỏ trống khi đăng ký tập thể).")
    organisation = api.CharField(label="tập thể", max_length=32, required=False, allow_blank=True, default="",
                                 help_text="Mã tập thể đăng ký (bỏ trống khi đăng ký cá nhân).")
    on = api.IsoDateField(label="ngày đăng ký", required=False, help_text="Mặc định hôm nay.")
    late = serializers.BooleanField(label="đăng ký muộn", required=False, default=False,
                                    help_text="Bắt buộc (true) khi đăng ký sau hạn, kèm lý do.")
    late_reason = api.CharField(label="lý do đăng ký muộn", max_length=2000, required=False, allow_blank=True, default="")
    reason = api.ReasonField()


class RegistrationWithdrawSerializer(api.InputSerializer):
    reason = api.CharField(label="lý do rút đăng ký", max_length=2000)
    on = api.IsoDateField(label="ngày rút", required=False, help_text="Mặc định hôm nay.")


class AwardCountSerializer(serializers.Serializer):
    award = serializers.CharField(label="mã danh hiệu")
    name = serializers.CharField(label="tên danh hiệu")
    individuals = serializers.IntegerField(label="số cá nhân")
    collectives = serializers.IntegerField(label="số tập thể")
    late = serializers.IntegerField(label="số đăng ký muộn")


class RegistrationCountsSerializer(serializers.Serializer):
    organisation = serializers.CharField(source="organisation.code", label="đơn vị")
    year = serializers.IntegerField(label="năm")
    individuals = serializers.IntegerField(label="số cá nhân đăng ký")
    collectives = serializers.IntegerField(label="số tập thể đăng ký")
    registrations = serializers.IntegerField(label="số đăng ký còn hiệu lực")
    late = serializers.IntegerField(label="số đăng ký muộn")
    withdrawn = serializers.IntegerField(label="số đăng ký đã rút")
    by_award = AwardCountSerializer(many=True, label="theo danh hiệu")
