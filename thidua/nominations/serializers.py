"""Commendation rounds, dossiers and proposals over the API: what is read, and the bodies of the requests that write."""
from __future__ import annotations

from rest_framework import serializers

from thidua.core import api
from thidua.core.scales import YEAR_MAX, YEAR_MIN
from thidua.nominations.models import Dossier, Proposal, Round


class RoundSerializer(serializers.ModelSerializer):
    organisation = serializers.CharField(source="organisation.code", read_only=True, label="tổ chức mở đợt")
    organisation_name = serializers.CharField(source="organisation.name", read_only=True, label="tên tổ chức mở đợt")
    deadlines = serializers.SerializerMethodField(label="hạn nộp theo cấp", help_text="Loại tổ chức → hạn nộp (YYYY-MM-DD).")

    class Meta:
        model = Round
        fields = ["id", "organisation", "organisation_name", "kind", "title", "year", "stage_from", "stage_to", "theme", "opened_on",
                  "note", "deadlines"]
        read_only_fields = fields

    def get_deadlines(self, obj: Round) -> dict[str, str]:
        return {d.org_kind: d.due_on.isoformat() for d in obj.deadlines.all()}


class RoundCreateSerializer(api.InputSerializer):
    organisation = api.CharField(label="tổ chức mở đợt", max_length=32)
    kind = serializers.ChoiceField(label="loại đợt", choices=Round.Kind.choices)
    title = api.CharField(label="tên đợt", max_length=255)
    year = api.IntegerField(label="năm", min_value=YEAR_MIN, max_value=YEAR_MAX)
    deadlines = serializers.DictField(child=api.IsoDateField(), label="hạn nộp theo cấp",
                                      help_text="Loại tổ chức (grassroots_public, …) → hạn nộp hồ sơ (YYYY-MM-DD).")
    stage_from = api.IntegerField(label="giai đoạn từ năm", min_value=YEAR_MIN, max_value=YEAR_MAX, required=False, allow_null=True)
    stage_to = api.IntegerField(label="giai đoạn đến năm", min_value=YEAR_MIN, max_value=YEAR_MAX, required=False, allow_null=True)
    theme = api.CharField(label="chuyên đề", max_length=255, required=False, allow_blank=True, default="")
    note = api.CharField(label="ghi chú", max_length=2000, required=False, allow_blank=True, default="")
    on = api.IsoDateField(label="ngày mở đợt", required=False, help_text="Mặc định hôm nay.")


class ProposalSerializer(serializers.ModelSerializer):
    dossier = serializers.IntegerField(source="dossier_id", read_only=True, label="hồ sơ")
    person = serializers.IntegerField(source="person_id", read_only=True, allow_null=True, label="cá nhân")
    full_name = serializers.SerializerMethodField(label="họ và tên")
    organisation = serializers.SerializerMethodField(label="tập thể")
    source = serializers.IntegerField(source="source_id", read_only=True, allow_null=True, label="đề nghị ở cấp dưới")

    class Meta:
        model = Proposal
        fields = ["id", "dossier", "person", "full_name", "organisation", "award", "year", "achievement", "amount", "verdict",
                  "reasons", "override_reason", "status", "source"]
        read_only_fields = fields

    def get_full_name(self, obj: Proposal) -> str | None:
        return obj.person.full_name if obj.person_id else None

    def get_organisation(self, obj: Proposal) -> str | None:
        return obj.organisation.code if obj.organisation_id else None


class ProposalCreateSerializer(api.InputSerializer):
    dossier = api.IntegerField(label="hồ sơ", min_value=1, max_value=2**31 - 1)
    person = api.IntegerField(label="cá nhân", min_value=1, max_value=2**63 - 1, required=False, allow_null=True)
    organisation = api.CharField(label="tập thể", max_length=32, required=False, allow_blank=True, default="")
    year = api.IntegerField(label="năm thành tích", min_value=YEAR_MIN, max_value=YEAR_MAX)
    achievement = api.CharField(label="tóm tắt thành tích", max_length=4000, required=False, allow_blank=True, default="")
    amount = api.IntegerField(label="tiền thưởng (đồng)", min_value=0, max_value=10**12, required=False, default=0)
    override_reason = api.CharField(label="lý do vẫn đề nghị", max_length=2000, required=False, allow_blank=True, default="",
                                    help_text="Bắt buộc khi kiểm tra điều kiện cho kết quả không đủ điều kiện hoặc thiếu dữ liệu.")
    on = api.IsoDateField(label="ngày đề nghị", required=False, help_text="Mặc định hôm nay.")


class DossierSerializer(serializers.ModelSerializer):
    round = serializers.IntegerField(source="round_id", read_only=True, label="đợt")
    proposer = serializers.CharField(source="proposer.code", read_only=True, label="đơn vị đề nghị")
    holder = serializers.CharField(source="holder.code", read_only=True, label="nơi đang xử lý")
    forwarded_from = serializers.IntegerField(source="forwarded_from_id", read_only=True, allow_null=True, label="hồ sơ gốc")
    proposals = serializers.SerializerMethodField(label="đề nghị")

    class Meta:
        model = Dossier
        fields = ["id", "round", "proposer", "holder", "award", "status", "title", "forwarded_from", "submitted_on", "comment_until",
                  "proposals"]
        read_only_fields = fields

    def get_proposals(self, obj: Dossier) -> list[dict]:
        items = obj.proposals.select_related("person", "organisation").order_by("id")
        return ProposalSerializer(items, many=True).data


class DossierCreateSerializer(api.InputSerializer):
    round = api.IntegerField(label="đợt", min_value=1, max_value=2**31 - 1)
    proposer = api.CharField(label="đơn vị đề nghị", max_length=32)
    award = api.CharField(label="danh hiệu, hình thức", max_length=64)
    title = api.CharField(label="trích yếu", max_length=500, required=False, allow_blank=True, default="")
    on = api.IsoDateField(label="ngày lập", required=False, help_text="Mặc định hôm nay.")


class TransitionSerializer(api.InputSerializer):
    reason = api.CharField(label="lý do, ghi chú", max_length=2000, required=False, allow_blank=True, default="",
                           help_text="Bắt buộc khi trả lại hồ sơ.")
    on = api.IsoDateField(label="ngày", required=False, help_text="Mặc định hôm nay.")
