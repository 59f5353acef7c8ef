"""Web pages shared by every app: sign-in, the home page, error pages, and the `page` decorator.

`page` is the one place where the pages meet the domain errors: a record that is missing or
outside the user's part of the tree (`NotFound`) becomes a 404, an action the user may not take
(`Forbidden`) a 403, and any other `UserError` a 400 page showing its Vietnamese message.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date
from functools import wraps
from urllib.parse import urlencode

from django.apps import apps
from django.conf import settings
from django.contrib.auth import views as auth_views
from django.contrib.auth.forms import AuthenticationForm
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import PermissionDenied
from django.db import models
from django.http import Http404, HttpResponse
from django.shortcuts import render, resolve_url
from django.utils.timezone import localdate

from thidua.core.dates import format_date, parse_user_date
from thidua.core.errors import Forbidden, NotFound, UserError
from thidua.core.models import AuditEntry
from thidua.core.permissions import has_everything, is_system_admin
from thidua.core.templatetags.vn import ngay
from thidua.organisations.models import Organisation
from thidua.organisations.places import province_name, ward_name
from thidua.organisations.selectors import org_grants_of, org_visible

PAGE_SIZE = 50
EMPTY = "—"


# --- Errors -------------------------------------------------------------------------------------


class PageNotFound(Http404):
    """A 404 whose message is ours (Vietnamese, safe to show)."""


class PageForbidden(PermissionDenied):
    """A 403 whose message is ours (Vietnamese, safe to show)."""


def _message(exception, kind: type) -> str:
    if isinstance(exception, kind) and exception.args and isinstance(exception.args[0], str):
        return exception.args[0]
    return ""


def not_found(request, exception=None):
    return render(request, "errors/404.html", {"message": _message(exception, PageNotFound)}, status=404)


def forbidden(request, exception=None):
    return render(request, "errors/403.html", {"message": _message(exception, PageForbidden)}, status=403)


def bad_request(request, exception=None, message: str = ""):
    return render(request, "errors/400.html", {"message": message}, status=400)


def server_error(request):
    # No context processors: whatever broke may break them too.
    return render(None, "errors/500.html", status=500)


def page(view):
    """A page for signed-in users, with the domain errors turned into error pages."""

    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if not request.user.is_authenticated:
            if getattr(request, "htmx", False):
                # A fragment must not be swapped for the login form: send the whole tab there.
                response = HttpResponse(status=204)
                response["HX-Redirect"] = f"{resolve_url(settings.LOGIN_URL)}?{urlencode({'next': request.get_full_path()})}"
                return response
            return redirect_to_login(request.get_full_path())
        try:
            return view(request, *args, **kwargs)
        except NotFound as exc:
            raise PageNotFound(exc.message) from exc
        except Forbidden as exc:
            raise PageForbidden(exc.message) from exc
        except UserError as exc:
            return bad_request(request, message=exc.message)

    return wrapper


# --- Small helpers shared by the pages ------------------------------------------------------------


FORM_TEXT_MAX = 2000


def form_text(request, name: str, limit: int = FORM_TEXT_MAX) -> str:
    """A posted text field, cut to `limit` characters ("" when absent); not stripped."""
    return (request.POST.get(name) or "")[:limit]


def form_date(raw: str | None, *, label: str, field: str, required: bool = True) -> date | None:
    """A dd/mm/yyyy form field: None when blank and optional; a form error naming `field` otherwise."""
    text = (raw or "").strip()
    if not text:
        if required:
            raise UserError(f"Hãy nhập {label} (dd/mm/yyyy).", field=field)
        return None
    try:
        return parse_user_date(text, field=label)
    except UserError as exc:
        raise UserError(exc.message, field=field) from None


def refused_message(exc: UserError) -> str:
    """The message of a refused form; "not found" and "not allowed" are not form errors: re-raised."""
    if isinstance(exc, (NotFound, Forbidden)):
        raise exc
    return exc.message


def date_param(request, name: str = "ngay") -> tuple[date, bool]:
    """The as-of date from `?ngay=dd/mm/yyyy` (today when absent) and whether it was given."""
    raw = (request.GET.get(name) or "").strip()
    if not raw:
        return localdate(), False
    return parse_user_date(raw, field="ngày xem"), True


def date_query(on: date, explicit: bool) -> str:
    """`?ngay=…` to carry an explicit as-of date over to the next page; empty for today."""
    return "?" + urlencode({"ngay": format_date(on)}) if explicit else ""


def page_param(request, name: str = "trang") -> int:
    raw = (request.GET.get(name) or "1").strip()
    try:
        number = int(raw)
    except ValueError:
        number = 0
    if number < 1:
        raise UserError(f"Số trang «{raw}» không hợp lệ: hãy dùng một số nguyên từ 1 trở lên.")
    return number


# --- Audit rows as people read them ---------------------------------------------------------------

# Keys only derived from others (the name parts come from the full name), and the person a
# person's own history is about.
_HIDDEN_FIELDS = {
    "search_name", "search_full", "search_given_first", "sort_key", "person_id",
    "family_name", "middle_name", "given_name",
}


@dataclass
class Change:
    label: str
    before: str
    after: str


@dataclass
class AuditRow:
    entry: AuditEntry
    what: str
    changes: list[Change] = field(default_factory=list)


def _first_upper(text: str) -> str:
    """'số CCCD' → 'Số CCCD' (str.capitalize would lower the rest)."""
    return text[:1].upper() + text[1:]


def _fields_by_attname(model) -> dict[str, models.Field]:
    return {f.attname: f for f in model._meta.concrete_fields} if model else {}


def _display(value, model_field: models.Field | None, org_names: dict[int, str]) -> str:
    if value is None or value == "":
        return EMPTY
    if model_field is None:
        return str(value)
    if model_field.attname == "province_code":
        return province_name(value) or str(value)
    if model_field.attname == "ward_code":
        return ward_name(value) or str(value)
    if isinstance(model_field, models.ForeignKey) and model_field.related_model is Organisation:
        return org_names.get(value, "(tổ chức ngoài phạm vi xem)")
    if model_field.choices:
        return str(dict(model_field.flatchoices).get(value, value))
    if isinstance(model_field, models.BooleanField):
        return "Có" if value else "Không"
    if isinstance(model_field, models.DateField):
        return ngay(value)
    return str(value)


def audit_rows(entries, *, actor) -> list[AuditRow]:
    """Audit entries with field labels in Vietnamese and values written out (dates, names, choices)."""
    entries = list(entries)
    parsed = []
    org_ids: set[int] = set()
    for entry in entries:
        try:
            model = apps.get_model(entry.model)
        except (LookupError, ValueError):
            model = None
        fields = _fields_by_attname(model)
        if entry.action == AuditEntry.Action.DELETE:
            pairs = [(k, v, None) for k, v in sorted((entry.before or {}).items())]
        else:
            pairs = entry.changes
        pairs = [(k, b, a) for k, b, a in pairs if k not in _HIDDEN_FIELDS and not (b in (None, "") and a in (None, ""))]
        # The model's own field order reads better than the alphabetical order of the stored keys.
        order = {name: i for i, name in enumerate(fields)}
        pairs.sort(key=lambda pair: order.get(pair[0], len(order)))
        for key, before, after in pairs:
            f = fields.get(key)
            if isinstance(f, models.ForeignKey) and f.related_model is Organisation:
                org_ids.update(v for v in (before, after) if isinstance(v, int))
        parsed.append((entry, model, fields, pairs))
    org_names = dict(org_visible(actor=actor).filter(pk__in=org_ids).values_list("pk", "name")) if org_ids else {}
    rows = []
    for entry, model, fields, pairs in parsed:
        what = _first_upper(str(model._meta.verbose_name)) if model else entry.model
        row = AuditRow(entry=entry, what=what)
        for key, before, after in pairs:
            f = fields.get(key)
            label = _first_upper(str(f.verbose_name)) if f is not None else key
            row.changes.append(Change(label, _display(before, f, org_names), _display(after, f, org_names)))
        rows.append(row)
    return rows


# --- Sign-in ---------------------------------------------------------------------------------------


class LoginForm(AuthenticationForm):
    error_messages = {
        "invalid_login": (
            "Tên đăng nhập hoặc mật khẩu không đúng. Hãy kiểm tra lại (mật khẩu phân biệt chữ hoa, chữ thường)."
        ),
        "inactive": "Tài khoản này đã ngừng hoạt động. Hãy liên hệ quản trị hệ thống.",
    }

    def __init__(self, request=None, *args, **kwargs):
        super().__init__(request, *args, **kwargs)
        self.fields["username"].label = "Tên đăng nhập"
        self.fields["password"].label = "Mật khẩu"
        self.fields["username"].error_messages["required"] = "Hãy nhập tên đăng nhập."
        self.fields["password"].error_messages["required"] = "Hãy nhập mật khẩu."


login_view = auth_views.LoginView.as_view(
    template_name="registration/login.html",
    authentication_form=LoginForm,
    redirect_authenticated_user=True,
)
logout_view = auth_views.LogoutView.as_view()


# --- Home ------------------------------------------------------------------------------------------


@page
def home(request):
    return render(request, "core/home.html", {
        "grants": org_grants_of(actor=request.user),
        "everything": has_everything(request.user),
        "system_admin": is_system_admin(request.user),
        "today": localdate(),
    })
