"""Eligibility over the API: the case and verdict of contracts/rules-check.md, runs and their results,
parameter corrections and organisation rules, and the bodies of the requests that write them."""
from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from thidua.commendations import present
from thidua.commendations.models import EligibilityRun, OrganisationRule, ParameterCorrection
from thidua.core import api
from thidua.core.permissions import path_in_scope
from thidua.core.scales import YEAR_MAX, YEAR_MIN, Confidence
from thidua.rules.catalogue import CATEGORIES, KINDS as AWARD_KINDS, LEVELS, SUBJECTS
from thidua.rules.org_rules import KINDS as RULE_KINDS
from thidua.rules.params import DEFAULTS

VERDICT_CHOICES = list(present.VERDICT_LABELS.items())
# Named in SPECTACULAR_SETTINGS["ENUM_NAME_OVERRIDES"]: "kind" is also the organisations' field.
RULE_KIND_CHOICES = list(RULE_KINDS.items())

# --- The contract of `thidua rules check` (documentation of the JSON the engine reads and writes) ----------


# One year of the subject's history; every field may be left out (unknown).
class CaseYearSerializer(serializers.Serializer):

    rating = serializers.ChoiceField(choices=["HTXSNV", "HTTNV", "HTNV", "KHTNV"], allow_null=True, required=False)
    titles = serializers.ListField(child=serializers.CharField(), required=False, help_text="Mã danh hiệu đã được công nhận cho năm đó.")
    initiatives = serializers.ListField(child=serializers.DictField(), required=False, help_text="Sáng kiến: [{\"scope\": \"co_so\" | \"tinh\" | \"toan_quoc\"}].")
    topics = serializers.ListField(child=serializers.DictField(), required=False, help_text="Đề tài: [{\"scope\": …, \"accepted\": true}].")
    discipline = serializers.ChoiceField(
        choices=["khien_trach", "canh_cao", "ha_bac_luong", "giang_chuc", "cach_chuc", "buoc_thoi_viec"], allow_null=True, required=False,
        help_text="null: không bị kỷ luật; bỏ trống: chưa rõ.",
    )
    absent_days = serializers.IntegerField(min_value=0, required=False)
    registered = serializers.BooleanField(required=False)


# The subject judged: a person ("individual") or a collective, with its history by year.
class CaseSubjectSerializer(serializers.Serializer):

    kind = serializers.ChoiceField(choices=["individual", "collective"], required=False)
    hired_on = serializers.DateField(required=False, help_text="YYYY-MM-DD")
    years = serializers.DictField(child=CaseYearSerializer(), required=False, help_text="Khoá là năm (\"2024\").")
    awards = serializers.ListField(child=serializers.DictField(), required=False, help_text="[{\"award\": mã, \"year\": năm}]")
    service = serializers.DictField(required=False, help_text="{\"direct_years\", \"sector_years\", \"manager\"}")
    physician_titles = serializers.ListField(child=serializers.DictField(), required=False)
    science_tasks = serializers.ListField(child=serializers.DictField(), required=False)


class CaseSerializer(serializers.Serializer):

    award = serializers.CharField(help_text="Mã danh hiệu, hình thức khen thưởng (xem /api/v1/eligibility/catalogue/).")
    year = serializers.IntegerField(min_value=1900, max_value=YEAR_MAX, help_text="Năm được xét.")
    on = serializers.DateField(required=False, help_text="Ngày đề nghị (YYYY-MM-DD); mặc định 15/01 năm sau.")
    subject = CaseSubjectSerializer()


class CriterionSerializer(serializers.Serializer):

    id = serializers.CharField()
    met = serializers.BooleanField(allow_null=True, help_text="true: đạt; false: không đạt; null: chưa rõ (thiếu dữ liệu).")
    explanation = serializers.CharField(help_text="Câu giải thích bằng tiếng Việt, có thể đưa vào hồ sơ.")
    citation = serializers.CharField(help_text="Căn cứ: văn bản, điều, khoản.")
    confidence = serializers.ChoiceField(choices=Confidence.choices, help_text="Độ tin cậy của căn cứ (V, S, U).")
    for_council = serializers.BooleanField(required=False, help_text="Có mặt (true) khi tiêu chí để Hội đồng xác nhận, không quyết định kết luận.")


class VerdictSerializer(serializers.Serializer):

    award = serializers.CharField()
    year = serializers.IntegerField()
    on = serializers.DateField()
    verdict = serializers.ChoiceField(choices=VERDICT_CHOICES)
    regime = serializers.CharField(help_text="Giai đoạn pháp lý áp dụng; rỗng khi không có quy định áp dụng.")
    criteria = CriterionSerializer(many=True)


class NamedVerdictSerializer(VerdictSerializer):

    name = serializers.CharField(help_text="Tên danh hiệu, hình thức khen thưởng.")


class PeriodSerializer(serializers.Serializer):

    to = serializers.DateField(allow_null=True)


PeriodSerializer._declared_fields = {"from": serializers.DateField(), **PeriodSerializer._declared_fields}


class AwardSerializer(serializers.Serializer):

    code = serializers.CharField()
    name = serializers.CharField()
    category = serializers.ChoiceField(choices=list(CATEGORIES.items()))
    subject = serializers.ChoiceField(choices=list(SUBJECTS.items()))
    level = serializers.ChoiceField(choices=list(LEVELS.items()))
    kind = serializers.ChoiceField(choices=list(AWARD_KINDS.items()))
    authority = serializers.CharField(help_text="Cấp có thẩm quyền quyết định.")
    conferred_by = serializers.ListField(child=serializers.CharField(), help_text="Loại tổ chức được tặng, công nhận.")
    prerequisites = serializers.ListField(child=serializers.CharField())
    in_force = PeriodSerializer(many=True)
    citation = serializers.CharField()
    confidence = serializers.ChoiceField(choices=Confidence.choices)


# --- Runs --------------------------------------------------------------------------------------------------


class EligibilityRunSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.code", read_only=True, help_text="Mã đơn vị được xét (cả nhánh).")
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    counts = serializers.SerializerMethodField(help_text="Số kết quả theo danh hiệu, rồi theo kết luận: {mã: {kết luận: số}}.")

    class Meta:
        model = EligibilityRun
        fields = [
            "id", "organisation", "organisation_name", "year", "on", "awards", "people", "eligible", "ineligible",
            "insufficient_data", "not_in_force", "counts", "started_at", "finished_at", "actor_name",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.DictField(child=serializers.DictField(child=serializers.IntegerField())))
    def get_counts(self, run: EligibilityRun) -> dict:
        return run.counts or {}


class EligibilityRunCreateSerializer(api.InputSerializer):
    organisation = api.CharField(label="đơn vị", max_length=32, help_text="Mã đơn vị: xét mọi người công tác trong nhánh của nó.")
    year = api.IntegerField(label="năm xét", min_value=YEAR_MIN, max_value=YEAR_MAX)
    on = api.IsoDateField(label="ngày xét", required=False, help_text="Ngày đề nghị (YYYY-MM-DD); mặc định hôm nay.")
    awards = api.ListField(
        label="danh hiệu", child=api.CharField(max_length=64), required=False, allow_empty=True, max_length=50,
        help_text="Mã các danh hiệu cá nhân cần xét; mặc định Lao động tiên tiến và Chiến sĩ thi đua cơ sở.",
    )
    reason = api.ReasonField()


class EligibilityResultSerializer(serializers.Serializer):

    id = serializers.IntegerField()
    person = serializers.IntegerField(source="person_id")
    full_name = serializers.CharField()
    award = serializers.CharField()
    verdict = serializers.ChoiceField(choices=VERDICT_CHOICES)
    failed = serializers.ListField(child=serializers.CharField(), help_text="Mã các tiêu chí không đạt.")
    unknown = serializers.ListField(child=serializers.CharField(), help_text="Mã các tiêu chí thiếu dữ liệu.")


# --- Parameter corrections and organisation rules -------------------------------------------------------------


class ParameterCorrectionSerializer(serializers.ModelSerializer):
    value = serializers.JSONField(help_text="Giá trị mới, theo kiểu của giá trị mặc định.")
    actor = serializers.CharField(source="actor.username", default=None, read_only=True)

    class Meta:
        model = ParameterCorrection
        fields = ["id", "param", "value", "effective", "document", "article", "clause", "confidence", "reason", "actor", "created_at"]
        read_only_fields = fields


class ParameterCorrectionCreateSerializer(api.InputSerializer):
    param = api.ChoiceField(label="tham số", choices=DEFAULTS.ids())
    value = serializers.JSONField(label="giá trị", allow_null=True, required=False, default=None,
                                  help_text="Theo kiểu của giá trị mặc định: số, true/false, mã, danh sách…")
    effective = api.IsoDateField(label="ngày hiệu lực")
    document = api.CharField(label="văn bản", max_length=255)
    article = api.CharField(label="điều", max_length=255)
    clause = api.CharField(label="khoản, điểm", max_length=255, required=False, allow_blank=True, default="")
    confidence = api.ChoiceField(label="độ tin cậy", choices=Confidence.choices, required=False, default=Confidence.V)
    reason = api.CharField(label="lý do", max_length=2000, help_text="Bắt buộc: vì sao điều chỉnh.")


class OrganisationRuleSerializer(serializers.ModelSerializer):
    organisation = serializers.SerializerMethodField(help_text="Mã đơn vị ban hành; null khi nằm ngoài phạm vi của bạn.")
    organisation_name = serializers.CharField(source="organisation.name", read_only=True)
    kind_label = serializers.SerializerMethodField()
    value = serializers.JSONField()

    class Meta:
        model = OrganisationRule
        fields = [
            "id", "organisation", "organisation_name", "kind", "kind_label", "awards", "value", "since", "until",
            "document", "article", "clause", "confidence", "reason", "created_at",
        ]
        read_only_fields = fields

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_organisation(self, rule: OrganisationRule) -> str | None:
        request = self.context.get("request")
        visible = request is not None and path_in_scope(request.user, rule.organisation.path)
        return rule.organisation.code if visible else None

    def get_kind_label(self, rule: OrganisationRule) -> str:
        return RULE_KINDS.get(rule.kind, rule.kind)


class OrganisationRuleCreateSerializer(api.InputSerializer):
    kind = api.ChoiceField(label="loại quy định", choices=RULE_KIND_CHOICES)
    awards = api.ListField(label="danh hiệu", child=api.CharField(max_length=64), max_length=50,
                           help_text="Mã các danh hiệu, hình thức mà quy định áp dụng.")
    value = serializers.JSONField(label="giá trị", allow_null=True, required=False, default=None,
                                  help_text="Số tháng (min_months), số ngày (max_absent_days), true (require_registration, registered_for_award), mã mức kỷ luật (no_discipline_from).")
    since = api.IsoDateField(label="ngày hiệu lực")
    until = api.IsoDateField(label="ngày hết hiệu lực", required=False, allow_null=True, default=None)
    document = api.CharField(label="văn bản", max_length=255)
    article = api.CharField(label="điều", max_length=255)
    clause = api.CharField(label="khoản, điểm", max_length=255, required=False, allow_blank=True, default="")
    confidence = api.ChoiceField(label="độ tin cậy", choices=Confidence.choices, required=False, default=Confidence.V)
    reason = api.ReasonField()
