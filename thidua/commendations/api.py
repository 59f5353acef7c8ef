"""Eligibility over the API: check one case (contracts/rules-check.md), the award catalogue, batch
runs and their results, parameter corrections. The verdicts of one person or unit and a unit's own
rules hang under /people/{id}/ and /organisations/{code}/ (see `person_eligibility`,
`org_eligibility`, `org_rules` below, used by those viewsets).

A thin layer: reads go through the selectors (scoped to the actor), writes through the services
(permissions, audit, one transaction). Outside the actor's scope, a run is answered exactly like a
run that does not exist.
"""
from __future__ import annotations

from datetime import date

from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import status, viewsets
from rest_framework.decorators import action
from rest_framework.parsers import JSONParser
from rest_framework.response import Response

from thidua.commendations import present
from thidua.commendations.models import EligibilityRun
from thidua.commendations.selectors import eligibility_runs_under, organisation_rule_list, parameter_correction_list
from thidua.commendations.selectors import (
    eligibility_for_person,
    eligibility_for_unit,
    eligibility_run_get,
    eligibility_run_list,
    eligibility_run_results,
    parameters_in_force,
)
from thidua.commendations.serializers import (
    AwardSerializer,
    CaseSerializer,
    EligibilityResultSerializer,
    EligibilityRunCreateSerializer,
    EligibilityRunSerializer,
    NamedVerdictSerializer,
    OrganisationRuleCreateSerializer,
    OrganisationRuleSerializer,
    ParameterCorrectionCreateSerializer,
    ParameterCorrectionSerializer,
    VerdictSerializer,
)
from thidua.commendations.services import eligibility_run, organisation_rule_add, parameter_correct
from thidua.core import api
from thidua.core.errors import UserError
from thidua.core.scales import YEAR_MAX, YEAR_MIN
from thidua.rules import CaseError, awards_in_force, catalogue, evaluate, parse_case

TAG = "Xét điều kiện khen thưởng"

YEAR_PARAM = OpenApiParameter(
    "year", OpenApiTypes.INT, description=f"Năm được xét ({YEAR_MIN}–{YEAR_MAX}); mặc định là năm trước năm của ngày xét.",
)
ON_PARAM = OpenApiParameter("on", OpenApiTypes.DATE, description="Ngày xét, tức ngày đề nghị (YYYY-MM-DD); mặc định là hôm nay.")


def query_year(request, *, on: date) -> int:
    """`?year=`, a whole year; the year before the one of `on` when absent."""
    raw = api.query_text(request, "year")
    if not raw:
        return on.year - 1
    try:
        year = int(raw)
    except ValueError:
        year = None
    if year is None or not YEAR_MIN <= year <= YEAR_MAX:
        raise UserError(f"Tham số year «{raw}» không hợp lệ: hãy nhập một năm từ {YEAR_MIN} đến {YEAR_MAX}.", field="year")
    return year


def _year_and_date(request) -> tuple[int, date]:
    on = api.query_date(request, "on", default=api.today())
    return query_year(request, on=on), on


# --- Used by the people and organisations viewsets ----------------------------------------------------


PERSON_ELIGIBILITY_SCHEMA = extend_schema(
    tags=[TAG],
    summary="Đủ điều kiện: kết luận về mọi danh hiệu, hình thức cá nhân của một người",
    description=(
        "Mỗi phần tử theo đúng định dạng kết luận của `thidua rules check` (contracts/rules-check.md), thêm tên "
        "danh hiệu. Dữ liệu lấy từ quá trình công tác, xếp loại, khen thưởng, sáng kiến đã ghi trong hệ thống; "
        "các tham số đã được quản trị hệ thống điều chỉnh và quy định riêng của các đơn vị cấp trên được áp dụng."
    ),
    parameters=[YEAR_PARAM, ON_PARAM],
    responses={200: NamedVerdictSerializer(many=True), **api.error_responses(400, 404)},
)


def person_eligibility(request, person) -> Response:
    year, on = _year_and_date(request)
    results = eligibility_for_person(actor=request.user, person=person, year=year, on=on)
    return Response([present.verdict_dict(r) for r in results])


ORG_ELIGIBILITY_SCHEMA = extend_schema(
    tags=[TAG],
    summary="Đủ điều kiện: kết luận về mọi danh hiệu, hình thức tập thể của một đơn vị",
    description=(
        "Đơn vị được xét như một tập thể; số liệu thành viên tính trên mọi người công tác trong nhánh của đơn vị "
        "trong năm được xét. Mỗi phần tử theo định dạng kết luận của `thidua rules check`, thêm tên danh hiệu."
    ),
    parameters=[YEAR_PARAM, ON_PARAM],
    responses={200: NamedVerdictSerializer(many=True), **api.error_responses(400, 404)},
)


def org_eligibility(request, org) -> Response:
    year, on = _year_and_date(request)
    results = eligibility_for_unit(actor=request.user, organisation=org, year=year, on=on)
    return Response([present.verdict_dict(r) for r in results])


ORG_RULES_SCHEMAS = [
    extend_schema(
        methods=["GET"], tags=[TAG],
        summary="Quy định riêng áp dụng cho đơn vị (của nó và các đơn vị cấp trên)",
        responses={200: OrganisationRuleSerializer(many=True), **api.error_responses(404)},
    ),
    extend_schema(
        methods=["POST"], tags=[TAG],
        summary="Thêm quy định riêng của đơn vị cho cả nhánh",
        description="Cần quyền quản lý tổ chức trên đơn vị. Văn bản của đơn vị là căn cứ hiện trong kết quả xét.",
        request=OrganisationRuleCreateSerializer,
        responses={201: OrganisationRuleSerializer, **api.error_responses(400, 404)},
    ),
]


def org_rules(request, org, context: dict) -> Response:
    if request.method == "POST":
        data = api.validated(OrganisationRuleCreateSerializer, request.data)
        rule = organisation_rule_add(actor=request.user, organisation=org, **data)
        return Response(OrganisationRuleSerializer(rule, context=context).data, status=status.HTTP_201_CREATED)
    rules = organisation_rule_list(actor=request.user, organisation=org)
    return Response(OrganisationRuleSerializer(rules, many=True, context=context).data)


# --- Check one case, and the catalogue --------------------------------------------------------------------


def _check_bounds(raw) -> None:
    """What the engine cannot compute with, refused before it tries (a year past 2100 has no regime anyway)."""
    if isinstance(raw, dict):
        year = raw.get("year")
        if isinstance(year, int) and not isinstance(year, bool) and year > YEAR_MAX:
            raise UserError(f"year «{year}» không hợp lệ: hãy nhập một năm từ 1900 đến {YEAR_MAX}.", field="year")


def _case_field(message: str) -> str | None:
    """The case's top-level field a CaseError names first ("subject.years.2024.rating «X» …" → "subject")."""
    head = message.split(" ", 1)[0].split(":", 1)[0].split(".", 1)[0].split("[", 1)[0]
    return head if head in ("award", "year", "on", "subject") else None


@extend_schema(tags=[TAG])
class EligibilityViewSet(viewsets.ViewSet):
    parser_classes = [JSONParser]

    @extend_schema(
        summary="Xét một hồ sơ: đủ điều kiện hay không, và vì sao",
        description=(
            "Nhận một hồ sơ theo contracts/rules-check.md và trả về kết luận với lý do theo từng tiêu chí, "
            "như lệnh `thidua rules check`; không đọc dữ liệu người, đơn vị trong hệ thống (chỉ các tham số đã được "
            "điều chỉnh). Hồ sơ không hợp lệ (mã danh hiệu lạ, ngày sai dạng, xếp loại lạ…) bị từ chối với câu "
            "tiếng Việt nói cần sửa gì."
        ),
        request=CaseSerializer,
        responses={200: VerdictSerializer, **api.error_responses(400)},
    )
    @action(detail=False, methods=["post"])
    def check(self, request):
        _check_bounds(request.data)
        try:
            situation = parse_case(request.data)
        except CaseError as exc:
            raise UserError(str(exc), field=_case_field(str(exc))) from None
        return Response(evaluate(situation, params=parameters_in_force()).as_dict())

    @extend_schema(
        summary="Danh mục danh hiệu, hình thức khen thưởng kèm căn cứ",
        description="Như lệnh `thidua rules list`: với `on`, chỉ những danh hiệu, hình thức có hiệu lực vào ngày đó.",
        parameters=[OpenApiParameter("on", OpenApiTypes.DATE, description="Chỉ những danh hiệu có hiệu lực vào ngày này (YYYY-MM-DD).")],
        responses={200: AwardSerializer(many=True), **api.error_responses(400)},
    )
    @action(detail=False, methods=["get"])
    def catalogue(self, request):
        on = api.query_date(request, "on")
        awards = awards_in_force(on) if on else list(catalogue().values())
        return Response([award.as_dict() for award in awards])


# --- Runs ---------------------------------------------------------------------------------------------------


@extend_schema(tags=[TAG])
@extend_schema_view(
    list=extend_schema(
        summary="Các đợt xét điều kiện trong phạm vi của bạn",
        parameters=[OpenApiParameter("under", str, description="Chỉ các đợt xét đơn vị có mã này hoặc đơn vị trực thuộc nó.")],
        responses={200: EligibilityRunSerializer(many=True), **api.error_responses(400, 404)},
    ),
    retrieve=extend_schema(summary="Một đợt xét điều kiện", responses={200: EligibilityRunSerializer, **api.error_responses(404)}),
    create=extend_schema(
        summary="Xét điều kiện cho mọi người trong nhánh của một đơn vị",
        description=(
            "Xét ngay (đồng bộ) mọi người công tác trong nhánh của đơn vị trong năm được xét, lưu kết quả. "
            "Cần quyền quản lý thi đua, khen thưởng trên đơn vị."
        ),
        request=EligibilityRunCreateSerializer,
        responses={201: EligibilityRunSerializer, **api.error_responses(400, 404)},
    ),
)
class EligibilityRunViewSet(viewsets.GenericViewSet):
    # Never read: every query goes through the selectors. It tells the schema what `id` is.
    queryset = EligibilityRun.objects.none()
    serializer_class = EligibilityRunSerializer
    parser_classes = [JSONParser]
    pagination_class = api.Pagination

    def get_object(self) -> EligibilityRun:
        return eligibility_run_get(actor=self.request.user, pk=self.kwargs["pk"])

    def list(self, request):
        from thidua.organisations.api import org_ref

        under_code = api.query_text(request, "under")
        if under_code:
            runs = eligibility_runs_under(actor=request.user, organisation=org_ref(request.user, under_code, "under"))
        else:
            runs = eligibility_run_list(actor=request.user)
        page = self.paginate_queryset(runs)
        return self.get_paginated_response(EligibilityRunSerializer(page, many=True).data)

    def retrieve(self, request, pk=None):
        return Response(EligibilityRunSerializer(self.get_object()).data)

    def create(self, request):
        from thidua.organisations.api import org_ref

        data = api.validated(EligibilityRunCreateSerializer, request.data)
        org = org_ref(request.user, data["organisation"], "organisation")
        run = eligibility_run(actor=request.user, organisation=org, year=data["year"], on=data.get("on") or api.today(),
                              awards=data.get("awards") or None, reason=data["reason"])
        return Response(EligibilityRunSerializer(run).data, status=status.HTTP_201_CREATED)

    @extend_schema(
        summary="Kết quả của một đợt xét",
        description="Theo thứ tự người; lý do đầy đủ của một kết quả xem trên trang kết quả hoặc bằng /people/{id}/eligibility/.",
        parameters=[
            OpenApiParameter("award", str, description="Chỉ kết quả về danh hiệu có mã này."),
            OpenApiParameter("verdict", str, enum=[*present.VERDICT_LABELS], description="Chỉ kết quả có kết luận này."),
        ],
        responses={200: EligibilityResultSerializer(many=True), **api.error_responses(400, 404)},
    )
    @action(detail=True, methods=["get"])
    def results(self, request, pk=None):
        run = self.get_object()
        award = api.query_text(request, "award")
        verdict = api.query_text(request, "verdict")
        if award and award not in catalogue():
            raise UserError(f"Mã danh hiệu «{award}» không có trong danh mục (xem /api/v1/eligibility/catalogue/).", field="award")
        if verdict and verdict not in present.VERDICT_LABELS:
            raise UserError(f"Kết luận «{verdict}» không hợp lệ. Các giá trị được nhận: {', '.join(present.VERDICT_LABELS)}.",
                            field="verdict")
        first = eligibility_run_results(actor=request.user, run=run, award=award or None, verdict=verdict or None, limit=0)
        page = self.paginator.paginate_window(
            request, count=first.matching,
            fetch=lambda offset, limit: eligibility_run_results(
                actor=request.user, run=run, award=award or None, verdict=verdict or None, offset=offset, limit=limit,
            ).rows,
        )
        return self.get_paginated_response(EligibilityResultSerializer(page, many=True).data)


# --- Parameter corrections --------------------------------------------------------------------------------


@extend_schema(tags=[TAG])
@extend_schema_view(
    list=extend_schema(
        summary="Các điều chỉnh tham số của quy định (quản trị hệ thống)",
        responses={200: ParameterCorrectionSerializer(many=True), **api.error_responses()},
    ),
    create=extend_schema(
        summary="Điều chỉnh một tham số của quy định từ một ngày hiệu lực (quản trị hệ thống)",
        description=(
            "Giá trị mặc định trong YAML giữ nguyên; điều chỉnh áp dụng từ ngày hiệu lực cho mọi lần xét sau đó, "
            "kèm căn cứ và lý do (bắt buộc), ghi vào nhật ký."
        ),
        request=ParameterCorrectionCreateSerializer,
        responses={201: ParameterCorrectionSerializer, **api.error_responses(400)},
    ),
)
class ParameterCorrectionViewSet(viewsets.GenericViewSet):
    serializer_class = ParameterCorrectionSerializer
    parser_classes = [JSONParser]
    pagination_class = api.Pagination

    def list(self, request):
        page = self.paginate_queryset(parameter_correction_list(actor=request.user))
        return self.get_paginated_response(ParameterCorrectionSerializer(page, many=True).data)

    def create(self, request):
        parameter_correction_list(actor=request.user)  # administrators only, before reading the body
        data = api.validated(ParameterCorrectionCreateSerializer, request.data)
        correction = parameter_correct(actor=request.user, **data)
        return Response(ParameterCorrectionSerializer(correction).data, status=status.HTTP_201_CREATED)
