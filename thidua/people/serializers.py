"""People as the API shows them, with their work and union membership, and the bodies that change them."""
from __future__ import annotations

from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from thidua.core import api
from thidua.organisations.models import Organisation
from thidua.people.models import Employment, Gender, Membership, Person, Profession
from thidua.people.selectors import current_unit, employments_of, memberships_of


class OrgRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Organisation
        fields = ["code", "name"]
        read_only_fields = fields


class PersonRefSerializer(serializers.ModelSerializer):
    class Meta:
        model = Person
        fields = ["id", "full_name"]
        read_only_fields = fields


# A person in a list: the name, and what tells namesakes apart.
class PersonSerializer(serializers.ModelSerializer):

    class Meta:
        model = Person
        fields = ["id", "full_name", "family_name", "middle_name", "given_name", "gender", "date_of_birth"]
        read_only_fields = fields


class EmploymentSerializer(serializers.ModelSerializer):
    organisation = OrgRefSerializer(read_only=True)

    class Meta:
        model = Employment
        fields = ["id", "organisation", "position", "profession", "start", "end"]
        read_only_fields = fields


class MembershipSerializer(serializers.ModelSerializer):
    organisation = OrgRefSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "organisation", "card_number", "joined", "left", "end_reason"]
        read_only_fields = fields


# A membership in force, with its person: one row of a unit's member list.
class MemberSerializer(serializers.ModelSerializer):

    person = PersonRefSerializer(read_only=True)
    organisation = OrgRefSerializer(read_only=True)

    class Meta:
        model = Membership
        fields = ["id", "person", "organisation", "card_number", "joined", "left"]
        read_only_fields = fields


# One person, with where they work now and the whole of their work and membership.
class PersonDetailSerializer(serializers.ModelSerializer):
    # Stored addresses are checked by the service; "" (none given) is not an e-mail format.
    email = serializers.CharField(read_only=True)
    current_unit = serializers.SerializerMethodField(help_text="Đơn vị công tác vào ngày hôm nay, nếu có.")
    employments = serializers.SerializerMethodField()
    memberships = serializers.SerializerMethodField()

    class Meta:
        model = Person
        fields = [
            "id", "full_name", "family_name", "middle_name", "given_name", "gender", "date_of_birth",
            "cccd", "phone", "email", "current_unit", "employments", "memberships",
        ]
        read_only_fields = fields

    @extend_schema_field(OrgRefSerializer(allow_null=True))
    def get_current_unit(self, person: Person) -> dict | None:
        unit = current_unit(person=person, on=api.today())
        return OrgRefSerializer(unit).data if unit else None

    @extend_schema_field(EmploymentSerializer(many=True))
    def get_employments(self, person: Person) -> list[dict]:
        return EmploymentSerializer(employments_of(person=person), many=True).data

    @extend_schema_field(MembershipSerializer(many=True))
    def get_memberships(self, person: Person) -> list[dict]:
        return MembershipSerializer(memberships_of(person=person), many=True).data


# --- Request bodies -----------------------------------------------------------------------------


class _PersonFields(api.InputSerializer):
    full_name = api.CharField(label="họ và tên", max_length=150, help_text="Họ, tên đệm và tên, theo thứ tự Việt Nam.")
    gender = api.ChoiceField(label="giới tính", choices=Gender.choices, required=False, allow_blank=True, default="")
    date_of_birth = api.IsoDateField(label="ngày sinh", required=False, allow_null=True, default=None)
    cccd = api.CharField(
        label="số CCCD", max_length=32, required=False, allow_null=True, allow_blank=True, default=None,
        help_text="12 chữ số; được kiểm tra với mã tỉnh, năm sinh và giới tính.",
    )
    phone = api.CharField(label="điện thoại", max_length=32, required=False, allow_blank=True, default="")
    email = api.CharField(label="thư điện tử", max_length=254, required=False, allow_blank=True, default="")


class PersonCreateSerializer(_PersonFields):
    unit = api.CharField(label="mã đơn vị công tác", max_length=32)
    start = api.IsoDateField(label="ngày bắt đầu công tác")
    profession = api.ChoiceField(label="chức danh nghề nghiệp", choices=Profession.choices, required=False, allow_blank=True, default="")
    position = api.CharField(label="chức vụ", max_length=100, required=False, allow_blank=True, default="")
    member_since = api.IsoDateField(
        label="ngày vào công đoàn", required=False, allow_null=True, default=None,
        help_text="Nếu có: người này là đoàn viên của đơn vị từ ngày này.",
    )
    card_number = api.CharField(label="số thẻ đoàn viên", max_length=20, required=False, allow_blank=True, default="")
    reason = api.ReasonField()


# Every field optional: only those sent are changed.
class PersonUpdateSerializer(_PersonFields):

    reason = api.ReasonField()
