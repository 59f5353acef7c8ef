"""The union tree as the API shows it, and the bodies of the requests that change it."""
from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from thidua.core import api
from thidua.core.models import AuditEntry
from thidua.core.permissions import path_in_scope
from thidua.organisations.models import Organisation, OrgKind

CODE_HELP = "Mã tổ chức: chữ cái không dấu, chữ số, dấu chấm, gạch ngang hoặc gạch dưới, tối đa 32 ký tự."


class OrganisationSerializer(serializers.ModelSerializer):
    kind_label = serializers.CharField(source="get_kind_display", read_only=True, help_text="Tên loại tổ chức.")
    parent = serializers.SerializerMethodField(help_text="Mã tổ chức cấp trên; null ở cấp cao nhất hoặc khi cấp trên nằm ngoài phạm vi của bạn.")
    successor = serializers.SerializerMethodField(help_text="Mã đơn vị kế thừa sau hợp nhất, nếu có.")
    province_name = serializers.CharField(read_only=True)
    ward_name = serializers.CharField(read_only=True)

    class Meta:
        model = Organisation
        fields = [
            "id", "code", "name", "kind", "kind_label", "parent", "depth", "valid_from", "valid_to",
            "successor", "province_code", "province_name", "ward_code", "ward_name", "address",
        ]
        read_only_fields = fields

    def _visible_code(self, org: Organisation | None) -> str | None:
        # A unit outside the reader's scope is not named, as everywhere else.
        if org is None:
            return None
        request = self.context.get("request")
        return org.code if request is not None and path_in_scope(request.user, org.path) else None

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_parent(self, org: Organisation) -> str | None:
        return self._visible_code(org.parent)

    @extend_schema_field(serializers.CharField(allow_null=True))
    def get_successor(self, org: Organisation) -> str | None:
        return self._visible_code(org.successor)


# One unit in the tree as it stood on a date, with the units under it; used only to document
# the tree, which `TreeNode.as_dict` writes.
class TreeNodeSerializer(serializers.Serializer):

    id = serializers.IntegerField()
    code = serializers.CharField()
    name = serializers.CharField(help_text="Tên của đơn vị vào ngày được hỏi.")
    kind = serializers.ChoiceField(choices=OrgKind.choices)


TreeNodeSerializer._declared_fields["children"] = TreeNodeSerializer(many=True)


class AuditEntrySerializer(serializers.ModelSerializer):
    changes = serializers.SerializerMethodField(help_text="Các trường đã đổi: tên trường, giá trị trước, giá trị sau.")

    class Meta:
        model = AuditEntry
        fields = ["id", "at", "actor_name", "action", "model", "object_id", "object_repr", "before", "after", "changes", "reason"]
        read_only_fields = fields

    @extend_schema_field(
        {
            "type": "array",
            "items": {
                "type": "object",
                "properties": {"field": {"type": "string"}, "before": {}, "after": {}},
                "required": ["field", "before", "after"],
            },
        }
    )
    def get_changes(self, entry: AuditEntry) -> list[dict]:
        return [{"field": name, "before": old, "after": new} for name, old, new in entry.changes]


# --- Request bodies -----------------------------------------------------------------------------


def _code(**kwargs) -> api.CharField:
    kwargs.setdefault("max_length", 32)
    kwargs.setdefault("help_text", CODE_HELP)
    return api.CharField(**kwargs)


class OrganisationCreateSerializer(api.InputSerializer):
    code = _code(label="mã tổ chức")
    name = api.CharField(label="tên tổ chức", max_length=255)
    kind = api.ChoiceField(label="loại tổ chức", choices=OrgKind.choices)
    parent = _code(
        label="mã tổ chức cấp trên", required=False, allow_null=True, allow_blank=True, default=None,
        help_text="Mã tổ chức cấp trên; bỏ trống để tạo tổ chức cấp cao nhất (chỉ quản trị hệ thống).",
    )
    valid_from = api.IsoDateField(label="ngày hiệu lực", help_text="Ngày tổ chức bắt đầu hoạt động (YYYY-MM-DD).")
    province_code = api.IntegerField(label="mã tỉnh, thành phố", required=False, allow_null=True, default=None, min_value=1, max_value=2_147_483_647)
    ward_code = api.IntegerField(label="mã xã, phường", required=False, allow_null=True, default=None, min_value=1, max_value=2_147_483_647)
    address = api.CharField(label="địa chỉ", required=False, allow_blank=True, default="", max_length=255)
    reason = api.ReasonField()


class OrganisationRenameSerializer(api.InputSerializer):
    name = api.CharField(label="tên mới", max_length=255)
    on = api.IsoDateField(label="ngày hiệu lực", help_text="Ngày tên mới có hiệu lực (YYYY-MM-DD).")
    reason = api.ReasonField()


class OrganisationMoveSerializer(api.InputSerializer):
    parent = _code(label="mã tổ chức cấp trên mới")
    on = api.IsoDateField(label="ngày hiệu lực", help_text="Ngày chuyển trực thuộc có hiệu lực (YYYY-MM-DD).")
    reason = api.ReasonField()


class OrganisationMergeSerializer(api.InputSerializer):
    sources = api.ListField(
        label="các tổ chức được hợp nhất", child=_code(), max_length=100,
        help_text="Mã các tổ chức hợp nhất vào tổ chức trong địa chỉ; chúng ngừng hoạt động từ ngày trước ngày hiệu lực.",
    )
    on = api.IsoDateField(label="ngày hiệu lực", help_text="Ngày hợp nhất có hiệu lực (YYYY-MM-DD).")
    reason = api.ReasonField()


class OrganisationSplitSerializer(api.InputSerializer):
    into = api.ListField(
        label="các tổ chức kế thừa", child=_code(), max_length=100,
        help_text="Mã các tổ chức kế thừa (ít nhất hai, đã được tạo, hoạt động từ ngày hiệu lực).",
    )
    on = api.IsoDateField(label="ngày hiệu lực", help_text="Ngày chia tách có hiệu lực (YYYY-MM-DD).")
    reason = api.ReasonField()
