"""Certificates of issued decisions and their public verification, and certificate forms (phôi).

- `certificate_for(item, base_url)` turns one DecisionItem of an issued decision into the plain
  `thidua.documents.certificates.Certificate` the PDF generator prints; its QR code points to the
  public verification page (`/xac-minh/<code>/`) under `base_url`.
- `certificates_of(decision)` says which items of a decision get a certificate: those of an award
  or correction decision this system issued whose award record still stands. A revocation has
  none; a revoked item has none.
- `verification_lookup(raw)` is what the public page reads: one indexed lookup of the code, and
  only the fields a stranger may see (no birth date, CCCD, phone, address).
- `CertificateForm` rows keep the field positions of an organisation's pre-printed blank as the
  JSON of `OverlayLayout`; `certificate_form_save` validates it through `OverlayLayout.from_json`.
"""
from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.db import transaction
from django.db.models import Q, QuerySet
from django.urls import reverse

from thidua.core.audit import audit_record, snapshot
from thidua.core.db import path_chain
from thidua.core.errors import NotFound, UserError
from thidua.core.models import AuditEntry
from thidua.core.permissions import Action, path_in_scope, require, scope_q
from thidua.core.text import normalise
from thidua.decisions.models import CertificateForm, Decision, DecisionItem
from thidua.decisions.selectors import list_order
from thidua.decisions.services import decision_letterhead
from thidua.decisions.services import normalise_verification_code
from thidua.documents.certificates import COLLECTIVE, INDIVIDUAL, Certificate, OverlayLayout
from thidua.documents.data import Letterhead
from thidua.organisations.models import Organisation
from thidua.rules import catalogue

UNKNOWN_CODE = "Mã xác minh không tồn tại."
NAME_MAX = 255


def _fmt(on: date) -> str:
    return on.strftime("%d/%m/%Y")


# --- Verification codes -------------------------------------------------------------------------


def public_base_url(request=None) -> str:
    """Where the public verification page lives: settings.THIDUA_PUBLIC_URL, else this request's host."""
    configured = getattr(settings, "THIDUA_PUBLIC_URL", "") or ""
    if configured:
        return configured.rstrip("/")
    if request is None:
        return ""
    return request.build_absolute_uri("/").rstrip("/")


def verification_url(code: str, base_url: str) -> str:
    return f"{base_url.rstrip('/')}{reverse('verify', args=[code])}"


# --- What goes on a certificate -----------------------------------------------------------------


def award_name(code: str) -> str:
    award = catalogue().get(code)
    return award.name if award is not None else code


def default_achievement(year: int) -> str:
    return f"Đã có thành tích xuất sắc trong phong trào thi đua năm {year}"


def certificate_for(item: DecisionItem, base_url: str, *, letterhead: Letterhead | None = None) -> Certificate:
    """The certificate of one item of an issued decision; `letterhead` saves a query per item in a batch."""
    decision = item.decision
    if item.person_id is not None:
        person = item.person
        name, kind, gender = person.full_name, INDIVIDUAL, person.gender or ""
    else:
        name, kind, gender = item.organisation.name, COLLECTIVE, ""
    return Certificate(
        letterhead=letterhead or decision_letterhead(decision),
        award_name=award_name(item.award),
        recipient_name=name,
        recipient_kind=kind,
        gender=gender if gender in ("male", "female") else "",
        position_unit=item.position_unit,
        achievement=item.achievement.strip() or default_achievement(item.year),
        decision_text=decision.number_text,
        decision_date=decision.issued_on,
        golden_book_number="",
        verification_code=item.verification_code or "",
        verification_url=verification_url(item.verification_code, base_url) if item.verification_code else "",
    )


def _revocation_of(item: DecisionItem) -> Decision | None:
    """The earliest issued decision that revoked or corrected `item`: one that refers to its decision
    and lists it as a target.

    Looked up from the referring decisions (a few thousand rows at most) and then their items, not
    from `target` directly: `target` is empty on almost every row, so SQLite's statistics make that
    index look useless and the planner walks all the items (0,6 s over 3 million)."""
    referring = {d.pk: d for d in Decision.objects.filter(refers_to_id=item.decision_id, status=Decision.Status.ISSUED)
                 .order_by("issued_on", "pk")}
    if not referring:
        return None
    hits = set(DecisionItem.objects.filter(decision_id__in=list(referring), target_id=item.pk).order_by()
               .values_list("decision_id", flat=True))
    return next((decision for pk, decision in referring.items() if pk in hits), None)


def revoked_sentence(item: DecisionItem) -> str:
    """"Đã bị thu hồi theo Quyết định số … ngày …" for a revoked item; "" when it stands."""
    record = item.award_record
    if record is None or record.revoked_on is None:
        return ""
    decision = _revocation_of(item)
    if decision is None:
        return f"Đã bị thu hồi ngày {_fmt(record.revoked_on)}."
    verb = "Đã được đính chính, sửa đổi" if decision.kind == Decision.Kind.CORRECTION else "Đã bị thu hồi"
    return f"{verb} theo Quyết định số {decision.number_text} ngày {_fmt(decision.issued_on)}."


def _check_printable(decision: Decision) -> None:
    if decision.status != Decision.Status.ISSUED:
        raise UserError("Quyết định này chưa ban hành: chỉ in giấy khen của quyết định đã ban hành (có số, ngày).")
    if decision.issuer_id is None:
        raise UserError(f"Quyết định số {decision.number_text} do «{decision.issuer_name}» ban hành và chỉ được ghi nhận "
                        "tại đây: giấy khen do cơ quan ban hành in và trao.")
    if decision.kind == Decision.Kind.REVOCATION:
        raise UserError(f"Quyết định số {decision.number_text} là quyết định thu hồi, hủy bỏ: không có giấy khen để in.")


def certificate_items(decision: Decision) -> list[DecisionItem]:
    """The items of `decision` that get a certificate, in the decision's order; UserError when none."""
    _check_printable(decision)
    items = list(decision.items.filter(award_record__isnull=False, award_record__revoked_on__isnull=True,
                                       verification_code__isnull=False)
                 .select_related("decision__issuer", "award_record", "person", "organisation"))
    if not items:
        raise UserError(f"Mọi khen thưởng trong Quyết định số {decision.number_text} đã bị thu hồi: không còn giấy khen để in.")
    return sorted(items, key=list_order)


def certificates_of(decision: Decision, base_url: str) -> list[Certificate]:
    items = certificate_items(decision)
    letterhead = decision_letterhead(decision)
    return [certificate_for(item, base_url, letterhead=letterhead) for item in items]


def certificate_of_item(item: DecisionItem, base_url: str) -> Certificate:
    """One item's certificate; UserError for an item of a draft or revocation, or a revoked one."""
    _check_printable(item.decision)
    if item.award_record_id is None or not item.verification_code:
        raise UserError("Mục này chưa có khen thưởng được ghi nhận nên không có giấy khen.")
    revoked = revoked_sentence(item)
    if revoked:
        raise UserError(f"Khen thưởng «{award_name(item.award)}» của {item.subject} {revoked[0].lower()}{revoked[1:-1]}: "
                        "không in giấy khen.")
    return certificate_for(item, base_url)


# --- Scoped reads for the officers' pages ---------------------------------------------------------


def decision_visible(*, actor, action: Action = Action.VIEW) -> QuerySet[Decision]:
    """Decisions whose owner (issuer, or the unit that recorded a received one) lies in the actor's scope."""
    issued = Q(issuer__isnull=False) & scope_q(actor, action, field="issuer__path")
    received = Q(issuer__isnull=True) & scope_q(actor, action, field="received_by__path")
    return Decision.objects.filter(issued | received)


def decision_for_certificates(*, actor, pk: int) -> Decision:
    decision = decision_visible(actor=actor).select_related("issuer", "received_by").filter(pk=pk).first()
    if decision is None:
        raise NotFound()
    return decision


def item_for_certificate(*, actor, pk: int) -> DecisionItem:
    item = (DecisionItem.objects.select_related("decision__issuer", "decision__received_by", "award_record", "person", "organisation")
            .filter(pk=pk).first())
    if item is None or not path_in_scope(actor, item.decision.owner.path):
        raise NotFound()
    return item


def certificate_form_list(*, actor, organisation: Organisation) -> list[CertificateForm]:
    if not path_in_scope(actor, organisation.path):
        raise NotFound()
    return list(CertificateForm.objects.filter(organisation=organisation))


def certificate_form_get(*, actor, pk: int) -> CertificateForm:
    form = CertificateForm.objects.select_related("organisation").filter(pk=pk).first()
    if form is None or not path_in_scope(actor, form.organisation.path):
        raise NotFound()
    return form


def certificate_forms_for_decision(*, actor, decision: Decision) -> list[CertificateForm]:
    """Forms an officer may print this decision on: the issuer's and those of its ancestors in the actor's scope."""
    ids = path_chain(decision.owner.path)
    return list(CertificateForm.objects.filter(organisation_id__in=ids).filter(scope_q(actor, field="organisation__path"))
                .select_related("organisation").order_by("organisation__depth", "name", "id"))


def form_layout(form: CertificateForm) -> OverlayLayout:
    try:
        return OverlayLayout.from_json(form.layout)
    except ValueError as exc:  # stored before a rule changed: ask for the positions again
        raise UserError(f"Mẫu phôi «{form.name}» có bố cục không còn hợp lệ: {exc} Hãy sửa lại vị trí các trường.") from None


# --- Writes: certificate forms --------------------------------------------------------------------


@dataclass(frozen=True)
class _Clean:
    name: str
    layout: dict


def _clean_form(name, layout_json) -> _Clean:
    text = normalise(name or "").strip()
    if not text:
        raise UserError("Hãy đặt tên cho mẫu phôi (ví dụ «Phôi giấy khen A4 năm 2026»).", field="name")
    if len(text) > NAME_MAX:
        raise UserError(f"Tên mẫu phôi dài quá {NAME_MAX} ký tự.", field="name")
    try:
        layout = OverlayLayout.from_json(layout_json)
    except ValueError as exc:
        raise UserError(str(exc), field="layout") from None
    return _Clean(text, layout.as_json())


@transaction.atomic
def certificate_form_save(*, actor, organisation: Organisation, name: str, layout_json: dict,
                          form: CertificateForm | None = None, reason: str = "") -> CertificateForm:
    """Create `organisation`'s form (phôi), or change `form`'s name and positions; the layout is validated first."""
    if form is not None:
        organisation = form.organisation
    require(actor, Action.MANAGE_COMMENDATIONS, organisation)
    clean = _clean_form(name, layout_json)
    if form is None:
        form = CertificateForm.objects.create(organisation=organisation, name=clean.name, layout=clean.layout)
        audit_record(actor=actor, action=AuditEntry.Action.CREATE, obj=form, before=None, after=snapshot(form),
                     reason=reason, org_path=organisation.path)
        return form
    form = CertificateForm.objects.select_for_update().get(pk=form.pk)
    before = snapshot(form)
    form.name, form.layout = clean.name, clean.layout
    form.save(update_fields=["name", "layout"])
    audit_record(actor=actor, action=AuditEntry.Action.UPDATE, obj=form, before=before, after=snapshot(form),
                 reason=reason, org_path=organisation.path)
    return form


# --- The public verification page ------------------------------------------------------------------


@dataclass(frozen=True)
class Verification:
    """What the public page shows: the award and the recipient's name, nothing more personal."""

    code: str
    award_name: str
    recipient_name: str
    collective: bool
    position_unit: str
    year: int
    decision_number: str
    decision_date: date
    issuer_name: str
    revoked: str  # the revocation sentence, "" when the award stands


# Only these columns are read: a stranger holding a code never gets more than the page shows.
_PUBLIC_FIELDS = (
    "id", "award", "year", "position_unit", "verification_code", "person_id", "organisation_id", "decision_id",
    "award_record_id", "decision__number_text", "decision__issued_on", "decision__issuer_name", "decision__status",
    "award_record__revoked_on", "person__full_name", "organisation__name",
)


def verification_query(code: str) -> QuerySet[DecisionItem]:
    """The one query of the public page, on the unique index of the code (bench/verification.py explains its plan)."""
    return (DecisionItem.objects.select_related("decision", "award_record", "person", "organisation").only(*_PUBLIC_FIELDS)
            .filter(verification_code=code, decision__status=Decision.Status.ISSUED).order_by())


def verification_lookup(raw: str | None) -> Verification | None:
    """The award a code verifies, or None for a malformed, unknown or forged code (they look the same)."""
    code = normalise_verification_code(raw)
    if code is None:
        return None
    # The code is unique: no ORDER BY (which .first() would add), just the index probe.
    found = list(verification_query(code)[:1])
    if not found or found[0].award_record_id is None:
        return None
    item = found[0]
    decision = item.decision
    return Verification(
        code=code, award_name=award_name(item.award),
        recipient_name=item.person.full_name if item.person_id else item.organisation.name,
        collective=item.person_id is None, position_unit=item.position_unit, year=item.year,
        decision_number=decision.number_text, decision_date=decision.issued_on, issuer_name=decision.issuer_name,
        revoked=revoked_sentence(item),
    )
