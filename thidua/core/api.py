"""What every API endpoint shares: errors as Vietnamese sentences, input fields, query parameters.

Every error leaves the API in one shape, `{"detail": "<câu tiếng Việt>", "field": "<tên trường>"|null}`:

* `UserError` from a service or selector → 400; its `NotFound` → 404; its `Forbidden` → 403;
* Django's `Http404` and DRF's `NotFound` → 404 with the same sentence as a record outside the
  actor's scope, so "missing" and "not allowed" cannot be told apart;
* DRF's own errors (malformed JSON, a wrong method, no credentials…) → DRF's status code, with a
  Vietnamese sentence: DRF's "vi" catalogue translates only a handful of its messages.

Input is checked by the small serializers in each app's `serializers.py`, built from the fields
below, whose messages are Vietnamese. `validated` turns the first problem into a `UserError` whose
sentence names the field by its Vietnamese label.
"""
from __future__ import annotations

import base64
import hashlib
import re
from datetime import date

from django.core.exceptions import PermissionDenied as DjangoPermissionDenied
from django.http import Http404
from django.utils import timezone
from rest_framework import exceptions, serializers
from rest_framework.pagination import LimitOffsetPagination
from rest_framework.response import Response
from rest_framework.settings import api_settings
from rest_framework.views import exception_handler as drf_exception_handler
from rest_framework.views import set_rollback

from thidua.core.dates import parse_iso_date
from thidua.core.errors import Forbidden, NotFound, UserError

# --- The exception handler ----------------------------------------------------------------------

NOT_FOUND_MESSAGE = NotFound().message
FORBIDDEN_MESSAGE = Forbidden().message

# DRF's exceptions by code, as sentences a user can act on. Codes not listed keep DRF's text.
_DRF_MESSAGES = {
    "parse_error": "Nội dung gửi lên không đọc được: hãy gửi một đối tượng JSON hợp lệ, mã hoá UTF-8.",
    "not_authenticated": "Bạn cần đăng nhập (phiên đăng nhập hoặc HTTP Basic) để dùng API này.",
    "authentication_failed": "Đăng nhập không thành công: tên đăng nhập hoặc mật khẩu không đúng, hoặc tài khoản đã bị khoá.",
    "permission_denied": FORBIDDEN_MESSAGE,
    "not_found": NOT_FOUND_MESSAGE,
    "not_acceptable": "Không trả lời được theo định dạng yêu cầu trong tiêu đề Accept: API trả về JSON (application/json).",
    "throttled": "Bạn gửi quá nhiều yêu cầu trong thời gian ngắn: hãy thử lại sau ít phút.",
}

# Messages of validators DRF adds by itself (their texts are not taken from `error_messages`).
_VALIDATION_MESSAGES = {
    "null_characters_not_allowed": "Không được chứa ký tự rỗng (NUL).",
    "surrogate_characters_not_allowed": "Chứa ký tự Unicode không hợp lệ.",
}

# A ValidationError raised with this code already carries a whole sentence naming its field.
WHOLE_SENTENCE = "thidua"


def _error(detail: str, status: int, field: str | None = None, headers: dict | None = None) -> Response:
    return Response({"detail": detail, "field": field}, status=status, headers=headers)


def _first_error(detail, path: tuple = ()) -> tuple[tuple, object]:
    """The first message in DRF's nested errors, and the keys (field names, item indexes) to it."""
    if isinstance(detail, dict):
        steps = list(detail.items())
    elif isinstance(detail, (list, tuple)):
        # Items of a nested list are per element; a field's own errors are a list of messages.
        steps = [(i, v) if isinstance(v, (dict, list, tuple)) else (None, v) for i, v in enumerate(detail)]
    else:
        return path, detail
    for key, value in steps:
        if isinstance(value, (dict, list, tuple)) and not value:
            continue  # a valid element of a list
        return _first_error(value, path if key is None else path + (key,))
    return path, ""


def _message_of(error) -> str:
    code = getattr(error, "code", None)
    return _VALIDATION_MESSAGES.get(code) or str(error)


def _validation_sentence(exc: exceptions.ValidationError, labels: dict[str, str] | None = None) -> tuple[str, str | None]:
    path, error = _first_error(exc.detail)
    names = [str(p) for p in path if not isinstance(p, int)]
    field = names[0] if names and names[0] != api_settings.NON_FIELD_ERRORS_KEY else None
    message = _message_of(error)
    if getattr(error, "code", None) == WHOLE_SENTENCE or field is None:
        return message, field
    label = (labels or {}).get(field) or field
    items = [p for p in path if isinstance(p, int)]
    where = f"{label.capitalize()} (phần tử thứ {items[0] + 1})" if items else label.capitalize()
    return f"{where}: {message}", field


def exception_handler(exc, context):
    """DRF's EXCEPTION_HANDLER: every error as `{"detail", "field"}`, the detail in Vietnamese."""
    if isinstance(exc, UserError):
        set_rollback()
        if isinstance(exc, NotFound):
            return _error(exc.message, 404, exc.field)
        if isinstance(exc, Forbidden):
            return _error(exc.message, 403, exc.field)
        return _error(exc.message, 400, exc.field)
    if isinstance(exc, (Http404, exceptions.NotFound)):
        set_rollback()
        return _error(NOT_FOUND_MESSAGE, 404)
    if isinstance(exc, DjangoPermissionDenied):
        set_rollback()
        return _error(FORBIDDEN_MESSAGE, 403)

    response = drf_exception_handler(exc, context)
    if response is None:
        return None  # not an API error: a bug, let it be a 500 and be logged
    headers = {k: v for k, v in response.headers.items() if k.lower() in ("www-authenticate", "allow", "retry-after")}
    if isinstance(exc, exceptions.ValidationError):
        message, field = _validation_sentence(exc)
        return _error(message, response.status_code, field, headers)
    request = context.get("request")
    if isinstance(exc, exceptions.MethodNotAllowed):
        method = getattr(request, "method", "")
        message = f"Phương thức {method} không dùng được ở địa chỉ này."
    elif isinstance(exc, exceptions.UnsupportedMediaType):
        message = "Kiểu nội dung gửi lên không được hỗ trợ: hãy gửi JSON, với tiêu đề Content-Type: application/json."
    else:
        codes = exc.get_codes() if isinstance(exc, exceptions.APIException) else None
        message = _DRF_MESSAGES.get(codes if isinstance(codes, str) else "", str(getattr(exc, "detail", exc)))
    return _error(message, response.status_code, None, headers)


# --- Input fields with Vietnamese messages ------------------------------------------------------

_COMMON = {
    "required": "Trường này là bắt buộc.",
    "null": "Trường này không nhận giá trị null.",
}


class CharField(serializers.CharField):
    default_error_messages = {
        **_COMMON,
        "invalid": "Cần một chuỗi ký tự.",
        "blank": "Không được để trống.",
        "max_length": "Dài quá {max_length} ký tự.",
        "min_length": "Cần ít nhất {min_length} ký tự.",
    }


class IntegerField(serializers.IntegerField):
    default_error_messages = {
        **_COMMON,
        "invalid": "Cần một số nguyên.",
        "max_value": "Không được lớn hơn {max_value}.",
        "min_value": "Không được nhỏ hơn {min_value}.",
        "max_string_length": "Số quá dài.",
    }


class ChoiceField(serializers.ChoiceField):
    """A choice whose error lists the accepted values."""

    default_error_messages = {**_COMMON, "blank": "Không được để trống."}

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        accepted = ", ".join(str(key) for key in self.choices if key != "")
        self.error_messages["invalid_choice"] = "«{input}» không hợp lệ. Các giá trị được nhận: " + accepted + "."


class ListField(serializers.ListField):
    default_error_messages = {
        **_COMMON,
        "not_a_list": "Cần một danh sách (mảng JSON).",
        "empty": "Danh sách không được rỗng.",
        "min_length": "Danh sách cần ít nhất {min_length} phần tử.",
        "max_length": "Danh sách có nhiều nhất {max_length} phần tử.",
    }


# Dates the union records: far enough back for any birth, far enough ahead for any plan, and
# never near the ends of Python's calendar, where "the day before" would not exist.
EARLIEST_DATE, LATEST_DATE = date(1900, 1, 1), date(2100, 12, 31)


def check_date_range(value: date, label: str) -> None:
    if not (EARLIEST_DATE <= value <= LATEST_DATE):
        raise UserError(
            f"{label.capitalize()} {value.isoformat()} nằm ngoài khoảng cho phép "
            f"({EARLIEST_DATE.isoformat()} đến {LATEST_DATE.isoformat()}).",
        )


class IsoDateField(serializers.DateField):
    """A date written YYYY-MM-DD, read by `thidua.core.dates.parse_iso_date` as everywhere else."""

    default_error_messages = {**_COMMON, "invalid": "Cần một ngày dạng YYYY-MM-DD, ví dụ 2025-07-01."}

    def to_internal_value(self, value):
        if not isinstance(value, str):
            self.fail("invalid")
        label = self.label or self.field_name or "ngày"
        try:
            parsed = parse_iso_date(value, field=label)
            check_date_range(parsed, label)
        except UserError as exc:
            raise serializers.ValidationError(exc.message, code=WHOLE_SENTENCE) from None
        return parsed


class ReasonField(CharField):
    def __init__(self, **kwargs):
        kwargs.setdefault("label", "lý do")
        kwargs.setdefault("required", False)
        kwargs.setdefault("allow_blank", True)
        kwargs.setdefault("default", "")
        kwargs.setdefault("max_length", 2000)
        kwargs.setdefault("help_text", "Lý do thay đổi, ghi vào nhật ký.")
        super().__init__(**kwargs)


# The base of the request bodies: a body that is not a JSON object is refused in Vietnamese.
# (Comments, not docstrings, on serializers: drf-spectacular would publish a docstring.)
class InputSerializer(serializers.Serializer):

    default_error_messages = {"invalid": "Nội dung gửi lên phải là một đối tượng JSON (các cặp tên – giá trị)."}


def validated(serializer_class: type[serializers.Serializer], data, *, partial: bool = False) -> dict:
    """The checked input, or a `UserError` naming the first field that is wrong."""
    serializer = serializer_class(data=data, partial=partial)
    if serializer.is_valid():
        return dict(serializer.validated_data)
    labels = {name: str(field.label or name) for name, field in serializer.fields.items()}
    message, field = _validation_sentence(exceptions.ValidationError(serializer.errors), labels)
    raise UserError(message, field=field)


# The body of every error response; used only to document them.
class ErrorSerializer(serializers.Serializer):

    detail = serializers.CharField(help_text="Điều gì sai và cần làm gì, bằng tiếng Việt.")
    field = serializers.CharField(allow_null=True, help_text="Trường dữ liệu bị lỗi, nếu có.")


def error_responses(*codes: int) -> dict:
    """OpenAPI responses for the error codes an operation can give."""
    from drf_spectacular.utils import OpenApiResponse

    texts = {
        400: "Dữ liệu không hợp lệ.",
        403: "Không có quyền thực hiện thao tác, hoặc chưa đăng nhập.",
        404: "Không tìm thấy, hoặc nằm ngoài phạm vi của bạn.",
    }
    return {code: OpenApiResponse(ErrorSerializer, description=texts[code]) for code in (*codes, 403)}


# --- Query parameters ---------------------------------------------------------------------------

MAX_QUERY_TEXT = 200


def query_text(request, name: str) -> str:
    """A text query parameter, trimmed; "" when absent."""
    value = (request.query_params.get(name) or "").strip()
    if "\x00" in value:
        raise UserError(f"Tham số «{name}» chứa ký tự không hợp lệ.", field=name)
    if len(value) > MAX_QUERY_TEXT:
        raise UserError(f"Tham số «{name}» dài quá {MAX_QUERY_TEXT} ký tự.", field=name)
    return value


def query_date(request, name: str, *, default: date | None = None) -> date | None:
    """A YYYY-MM-DD query parameter; `default` when absent or empty."""
    value = query_text(request, name)
    if not value:
        return default
    try:
        parsed = parse_iso_date(value, field=f"tham số {name}")
        check_date_range(parsed, f"tham số {name}")
    except UserError as exc:
        raise UserError(exc.message, field=name) from None
    return parsed


def today() -> date:
    """The date the API assumes when a request names none: today, in Việt Nam."""
    return timezone.localdate()


# --- Pagination ---------------------------------------------------------------------------------


class Pagination(LimitOffsetPagination):
    """`?limit=&offset=` as DRF reads them, with bounds no database will choke on."""

    default_limit = 50
    max_limit = 500
    max_offset = 1_000_000_000

    def get_offset(self, request) -> int:
        return min(super().get_offset(request), self.max_offset)

    def paginate_window(self, request, *, count: int, fetch) -> list:
        """A page from a selector that takes `offset` and `limit` itself (and knows its own order)."""
        self.request = request
        self.limit = self.get_limit(request)
        self.offset = self.get_offset(request)
        self.count = count
        return fetch(offset=self.offset, limit=self.limit) if count > self.offset else []

    def get_schema_operation_parameters(self, view):
        return [
            {
                "name": self.limit_query_param, "required": False, "in": "query",
                "description": f"Số kết quả mỗi trang (mặc định {self.default_limit}, tối đa {self.max_limit}).",
                "schema": {"type": "integer", "minimum": 1},
            },
            {
                "name": self.offset_query_param, "required": False, "in": "query",
                "description": "Vị trí bắt đầu trong danh sách (bỏ qua bao nhiêu kết quả đầu).",
                "schema": {"type": "integer", "minimum": 0},
            },
        ]


# --- The documentation page ---------------------------------------------------------------------


def _inline_style_hashes(template_name: str) -> list[str]:
    """CSP hashes of the <style> blocks of a template with no template tags inside them."""
    from django.template.loader import get_template

    source = get_template(template_name).template.source
    return [
        "'sha256-" + base64.b64encode(hashlib.sha256(block.encode()).digest()).decode() + "'"
        for block in re.findall(r"<style>(.*?)</style>", source, flags=re.S)
    ]


def api_docs_view():
    """Swagger UI, from drf-spectacular-sidecar's static files: no CDN.

    The split view loads its start-up script from its own address, so scripts stay 'self'. The
    one exception to the site's CSP is the page's small inline <style>, allowed by its hash only.
    """
    from csp.decorators import csp_update
    from drf_spectacular.views import SpectacularSwaggerSplitView

    view = SpectacularSwaggerSplitView.as_view(url_name="api-schema")
    hashes = _inline_style_hashes(SpectacularSwaggerSplitView.template_name)
    return csp_update({"style-src": hashes})(view) if hashes else view
