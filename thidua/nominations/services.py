"""Writes of commendation dossiers: rounds, dossiers and their proposals, attachments, the route up the tree,
public comments.

Every function checks access through thidua.core.permissions, refuses bad input with a Vietnamese
sentence before writing anything, runs in one transaction and leaves an audit row per record; each
transition of a dossier also leaves a `Step` (the processing slip). Dates are parameters (`on`).

Who does what: the proposing unit's officers (MANAGE_COMMENDATIONS on the proposer) build a dossier
while it is a draft or returned, and submit it; the holder's officers accept it, return it with a
reason, or forward (trình tiếp) the proposals their council passed when the holder has no authority
for the award. Where a dossier goes is thidua.nominations.routing.
"""
from __future__ import annotations

import secrets
from datetime import date, timedelta
from types import SimpleNamespace

from django.db import transaction
from django.db.models import Q

from thidua.core import files
from thidua.core.audit import audit_record, snapshot
from thidua.core.db import prefix_q
from thidua.core.errors import Forbidden, NotFound, UserError
from thidua.core.models import AuditEntry
from thidua.core.permissions import Action, path_in_scope, require
from thidua.core.scales import clean_year
from thidua.core.text import normalise
from thidua.nominations.models import Deadline, Dossier, Proposal, PublicComment, Round, Step
from thidua.nominations.routing import award_entry, first_holder, is_high_level, next_holder
from thidua.organisations.models import Organisation, OrgKind
from thidua.people.models import Employment, Person

# The project's default length of a high-level dossier's public comment window, in days.
COMMENT_DAYS = 15
TEXT_MAX = 2000
ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENT_KINDS = (files.PDF, files.DOCX, files.JPEG, files.PNG)
ATTACHMENTS = {"report": ("achievement_report", "báo cáo thành tích"), "minutes": ("minutes_file", "biên bản họp")}
COMMENT_LIMITS = {"name": 255, "contact": 255, "text": 4000}
EDITABLE = (Dossier.Status.DRAFT, Dossier.Status.RETURNED)
PUBLIC = SimpleNamespace(pk=None, username="người góp ý công khai")
CREATE, UPDATE = AuditEntry.Action.CREATE, AuditEntry.Action.UPDATE


def _fmt(on: date) -> str:
    return on.strftime("%d/%m/%Y")


def _check_date(value, *, field: str, label: str) -> date:
    if not isinstance(value, date):
        raise UserError(f"{label} «{value}» không hợp lệ: hãy nhập một ngày dạng dd/mm/yyyy.", field=field)
    return value


def _text(value, *, field: str, label: str, limit: int = TEXT_MAX) -> str:
    text = normalise(value or "").strip()
    if len(text) > limit:
        raise UserError(f"{label} dài quá {limit} ký tự.", field=field)
    return text


def _stamp(actor):
    return actor if getattr(actor, "pk", None) else None


def _actor_name(actor) -> str:
    user = _stamp(actor)
    if user is None:
        return getattr(actor, "username", "") or "hệ thống"
    return (user.get_full_name() or user.username)[:150]


def record_step(actor, dossier: Dossier, status: str, at: Organisation, on: date, reason: str = "") -> Step:
    """One transition of a dossier, on its processing slip and in the audit log."""
    step = Step.objects.create(dossier=dossier, status=status, at_organisation=at, on=on, reason=reason, actor=_stamp(actor),
                               actor_name=_actor_name(actor))
    audit_record(actor=actor, action=CREATE, obj=step, before=None, after=snapshot(step), reason=reason, org_path=at.path)
    return step


# --- Rounds -------------------------------------------------------------------------------------


@transaction.atomic
def round_open(
    *,
    actor,
    organisation: Organisation,
    kind: str,
    title: str,
    year: int,
    on: date,
    deadlines: dict[str, date],
    stage_from: int | None = None,
    stage_to: int | None = None,
    theme: str = "",
    note: str = "",
) -> Round:
    """`organisation` calls its subtree for proposals of `kind` for `year`; `deadlines` per kind of proposing organisation."""
    require(actor, Action.MANAGE_COMMENDATIONS, organisation)
    if kind not in Round.Kind.values:
        raise UserError(f"Loại đợt «{kind}» không hợp lệ: hãy chọn một loại trong danh sách.", field="kind")
    year = clean_year(year, label="Năm")
    on = _check_date(on, field="on", label="Ngày mở đợt")
    title = _text(title, field="title", label="Tên đợt", limit=255)
    if not title:
        raise UserError("Hãy nhập tên đợt khen thưởng.", field="title")
    theme = _text(theme, field="theme", label="Chuyên đề", limit=255)
    note = _text(note, field="note", label="Ghi chú")
    if kind == Round.Kind.STAGE:
        if stage_from is None or stage_to is None:
            raise UserError("Đợt tổng kết giai đoạn cần năm bắt đầu và năm kết thúc giai đoạn (ví dụ 2015–2020).", field="stage_from")
        stage_from = clean_year(stage_from, label="Năm bắt đầu giai đoạn")
        stage_to = clean_year(stage_to, label="Năm kết thúc giai đoạn")
        if stage_from >= stage_to:
            raise UserError(f"Giai đoạn {stage_from}–{stage_to} không hợp lệ: năm bắt đầu phải trước năm kết thúc.", field="stage_to")
    else:
        stage_from = stage_to = None
    if kind == Round.Kind.THEME and not theme:
        raise UserError("Đợt khen thưởng chuyên đề cần ghi tên chuyên đề, phong trào (ví dụ «Phòng, chống dịch COVID-19»).",
                        field="theme")
    clean_deadlines: dict[str, date] = {}
    for org_kind, due in (deadlines or {}).items():
        if org_kind not in OrgKind.values:
            raise UserError(f"Cấp gửi hồ sơ «{org_kind}» không hợp lệ.", field="deadlines")
        due = _check_date(due, field="deadlines", label=f"Hạn nộp của {OrgKind(org_kind).label}")
        if due < on:
            raise UserError(f"Hạn nộp {_fmt(due)} của {OrgKind(org_kind).label} sớm hơn ngày mở đợt {_fmt(on)}.", field="deadlines")
        clean_deadlines[org_kind] = due
    if not clean_deadlines:
        raise UserError("Hãy đặt hạn nộp hồ sơ cho ít nhất một cấp.", field="deadlines")
    if not organisation.is_active_on(on):
        raise UserError(f"«{organisation.name}» không hoạt động vào ngày {_fmt(on)}: không mở đợt khen thưởng được.",
                        field="organisation")
    round_ = Round.objects.create(organisation=organisation, kind=kind, title=title, year=year, stage_from=stage_from,
                                  stage_to=stage_to, theme=theme, opened_on=on, note=note, actor=_stamp(actor))
    audit_record(actor=actor, action=CREATE, obj=round_, before=None, after=snapshot(round_), org_path=organisation.path)
    for org_kind, due in clean_deadlines.items():
        deadline = Deadline.objects.create(round=round_, org_kind=org_kind, due_on=due)
        audit_record(actor=actor, action=CREATE, obj=deadline, before=None, after=snapshot(deadline), org_path=organisation.path)
    return round_


def deadline_for(round_: Round, org_kind: str) -> date | None:
    return Deadline.objects.filter(round=round_, org_kind=org_kind).values_list("due_on", flat=True).first()


# --- Dossiers -----------------------------------------------------------------------------------


@transaction.atomic
def dossier_create(*, actor, round: Round, proposer: Organisation, award: str, on: date, title: str = "") -> Dossier:
    """A draft dossier of `proposer` for `award` in `round`."""
    require(actor, Action.MANAGE_COMMENDATIONS, proposer)
    round_ = round
    on = _check_date(on, field="on", label="Ngày lập hồ sơ")
    if not proposer.path.startswith(round_.organisation.path):
        raise UserError(f"«{proposer.name}» không thuộc {round_.organisation.name}, nơi mở đợt «{round_.title}»: "
                        "hãy lập hồ sơ trong đợt của cấp trên đơn vị mình.", field="proposer")
    entry = award_entry(award)
    if not entry.in_force_on(on):
        raise UserError(f"«{entry.name}» không có hiệu lực vào ngày {_fmt(on)}: không đề nghị được.", field="award")
    if not proposer.is_active_on(on):
        raise UserError(f"«{proposer.name}» không hoạt động vào ngày {_fmt(on)}: không lập hồ sơ được.", field="proposer")
    due = deadline_for(round_, proposer.kind)
    if due is not None and on > due:
        raise UserError(f"Đã quá hạn nộp hồ sơ ({_fmt(due)}) của {OrgKind(proposer.kind).label.lower()} trong đợt "
                        f"«{round_.title}»: không lập hồ sơ mới được. Hãy liên hệ {round_.organisation.name}.", field="on")
    title = _text(title, field="title", label="Trích yếu", limit=500) or f"Đề nghị tặng {entry.name} – {round_.title}"
    dossier = Dossier.objects.create(round=round_, proposer=proposer, holder=proposer, award=entry.code, title=title[:500],
                                     actor=_stamp(actor))
    audit_record(actor=actor, action=CREATE, obj=dossier, before=None, after=_dossier_snapshot(dossier), org_path=proposer.path)
    record_step(actor, dossier, Dossier.Status.DRAFT, proposer, on, "Lập hồ sơ")
    return dossier


def _dossier_snapshot(dossier: Dossier) -> dict:
    data = snapshot(dossier)
    for name in ("achievement_report", "minutes_file"):
        data[name] = f"{len(bytes(data[name]))} byte" if data.get(name) else None
    return data


def _visible(actor, dossier: Dossier) -> bool:
    return path_in_scope(actor, dossier.proposer.path) or path_in_scope(actor, dossier.holder.path)


def _require_proposer(actor, dossier: Dossier, *, editable: bool = True) -> None:
    if not _visible(actor, dossier):
        raise NotFound("Không tìm thấy hồ sơ đề nghị này trong phạm vi của bạn.")
    if not path_in_scope(actor, dossier.proposer.path, Action.MANAGE_COMMENDATIONS):
        raise Forbidden(f"Chỉ cán bộ của {dossier.proposer.name} (đơn vị đề nghị) mới sửa và trình hồ sơ này.")
    if editable and dossier.status not in EDITABLE:
        raise UserError(f"Hồ sơ đang ở trạng thái «{dossier.get_status_display()}»: chỉ sửa được hồ sơ đang lập hoặc bị trả lại.",
                        field="status")


def _require_holder(actor, dossier: Dossier) -> None:
    if not _visible(actor, dossier):
        raise NotFound("Không tìm thấy hồ sơ đề nghị này trong phạm vi của bạn.")
    if not path_in_scope(actor, dossier.holder.path, Action.MANAGE_COMMENDATIONS):
        raise Forbidden(f"Chỉ cán bộ của {dossier.holder.name} (nơi đang xử lý hồ sơ) mới tiếp nhận, trả lại hoặc trình tiếp "
                        "hồ sơ này.")


def _locked(dossier: Dossier) -> Dossier:
    return Dossier.objects.select_for_update().select_related("round", "round__organisation", "proposer", "holder").get(pk=dossier.pk)


# --- Proposals ----------------------------------------------------------------------------------


def _employed_in(person: Person, unit: Organisation, on: date) -> bool:
    return Employment.objects.filter(prefix_q("organisation__path", unit.path), person=person, start__lte=on).filter(
        Q(end__isnull=True) | Q(end__gte=on)).exists()


def precheck(*, actor, award: str, year: int, on: date, person: Person | None = None,
             organisation: Organisation | None = None) -> tuple[str, list[dict]]:
    """The rules engine's verdict on the subject for `award` (code, reasons as stored on a proposal)."""
    from thidua.commendations.selectors import parameters_in_force, situation_for_person, situation_for_unit
    from thidua.rules import evaluate

    if person is not None:
        situation = situation_for_person(actor=actor, person=person, award=award, year=year, on=on)
    else:
        situation = situation_for_unit(actor=actor, organisation=organisation, award=award, year=year, on=on)
    result = evaluate(situation, award, on=on, year=year, params=parameters_in_force())
    reasons = [{"criterion": c.id, "met": c.met, "explanation": c.explanation, "citation": c.citation,
                **({"for_council": True} if c.for_council else {})} for c in result.criteria]
    return result.verdict.value, reasons


VERDICT_TEXT = {"eligible": "đủ điều kiện", "ineligible": "không đủ điều kiện", "insufficient_data": "thiếu dữ liệu",
                "not_in_force": "không có quy định áp dụng"}


def check_subject(dossier: Dossier, *, person: Person | None, organisation: Organisation | None, on: date):
    """The award entry, once the subject is one person employed in the proposer's subtree on `on` or one unit inside it."""
    entry = award_entry(dossier.award)
    proposer = dossier.proposer
    if (person is None) == (organisation is None):
        raise UserError("Hãy chọn một cá nhân hoặc một tập thể (chỉ một) để đề nghị.", field="person")
    if person is not None:
        if entry.subject == "collective":
            raise UserError(f"«{entry.name}» là hình thức dành cho tập thể, không đề nghị cho cá nhân được.", field="person")
        if not _employed_in(person, proposer, on):
            raise UserError(f"«{person.full_name}» không công tác tại «{proposer.name}» hay đơn vị trực thuộc vào ngày {_fmt(on)}: "
                            "đơn vị chỉ đề nghị khen thưởng người của mình.", field="person")
    else:
        if entry.subject == "individual":
            raise UserError(f"«{entry.name}» là danh hiệu dành cho cá nhân, không đề nghị cho tập thể được.", field="organisation")
        if not organisation.path.startswith(proposer.path):
            raise UserError(f"«{organisation.name}» không phải «{proposer.name}» hay đơn vị trực thuộc: đơn vị chỉ đề nghị khen thưởng "
                            "tập thể của mình.", field="organisation")
        if not organisation.is_active_on(on):
            raise UserError(f"«{organisation.name}» không hoạt động vào ngày {_fmt(on)}: không đề nghị được.", field="organisation")
    return entry


@transaction.atomic
def proposal_add(
    *,
    actor,
    dossier: Dossier,
    person: Person | None = None,
    organisation: Organisation | None = None,
    year: int,
    achievement: str = "",
    amount: int = 0,
    override_reason: str = "",
    on: date,
) -> Proposal:
    """Propose one person or one collective of the proposer in `dossier`, pre-checked by the rules engine."""
    _require_proposer(actor, dossier)
    dossier = _locked(dossier)
    _require_proposer(actor, dossier)
    on = _check_date(on, field="on", label="Ngày đề nghị")
    if isinstance(year, bool) or not isinstance(year, int):
        raise UserError(f"Năm thành tích «{year}» không hợp lệ: hãy nhập một năm, ví dụ {on.year - 1}.", field="year")
    year = clean_year(year, label="Năm thành tích")
    if year > on.year:
        raise UserError(f"Năm thành tích {year} chưa đến (ngày đề nghị {_fmt(on)}).", field="year")
    if isinstance(amount, bool) or not isinstance(amount, int) or amount < 0:
        raise UserError(f"Tiền thưởng «{amount}» không hợp lệ: hãy nhập số đồng (số nguyên, từ 0 trở lên).", field="amount")
    achievement = _text(achievement, field="achievement", label="Tóm tắt thành tích", limit=4000)
    override_reason = _text(override_reason, field="override_reason", label="Lý do vẫn đề nghị")
    entry = check_subject(dossier, person=person, organisation=organisation, on=on)
    existing = Proposal.objects.filter(dossier=dossier).filter(Q(person=person) if person else Q(organisation=organisation)).first()
    name = person.full_name if person else organisation.name
    if existing is not None and existing.status != Proposal.Status.WITHDRAWN:
        raise UserError(f"«{name}» đã có trong hồ sơ này.", field="person" if person else "organisation")
    verdict, reasons = precheck(actor=actor, award=entry.code, year=year, on=on, person=person, organisation=organisation)
    if verdict != "eligible" and not override_reason:
        failed = [r["explanation"] for r in reasons if r["met"] is not True and not r.get("for_council")]
        detail = f" ({'; '.join(failed[:3])})" if failed else ""
        raise UserError(f"«{name}» {VERDICT_TEXT.get(verdict, verdict)} cho «{entry.name}» năm {year}{detail}. "
                        "Chỉ đề nghị được khi ghi rõ lý do vẫn đề nghị.", field="override_reason")
    if verdict == "eligible":
        override_reason = ""
    fields = dict(award=entry.code, year=year, achievement=achievement, amount=amount, verdict=verdict, reasons=reasons,
                  override_reason=override_reason, status=Proposal.Status.PROPOSED)
    if existing is not None:  # withdrawn earlier: proposed again
        before = snapshot(existing)
        for key, value in fields.items():
            setattr(existing, key, value)
        existing.save()
        audit_record(actor=actor, action=UPDATE, obj=existing, before=before, after=snapshot(existing), reason=override_reason,
                     org_path=dossier.proposer.path)
        return existing
    proposal = Proposal.objects.create(dossier=dossier, person=person, organisation=organisation, **fields)
    audit_record(actor=actor, action=CREATE, obj=proposal, before=None, after=snapshot(proposal), reason=override_reason,
                 org_path=dossier.proposer.path)
    return proposal


@transaction.atomic
def proposal_remove(*, actor, proposal: Proposal, reason: str = "") -> Proposal:
    """Take a proposal out of its dossier (kept as history, status withdrawn)."""
    _require_proposer(actor, proposal.dossier)
    _locked(proposal.dossier)
    proposal = Proposal.objects.select_for_update().get(pk=proposal.pk)
    if proposal.status == Proposal.Status.WITHDRAWN:
        raise UserError("Đề nghị này đã được rút khỏi hồ sơ.", field="proposal")
    reason = _text(reason, field="reason", label="Lý do")
    before = snapshot(proposal)
    proposal.status = Proposal.Status.WITHDRAWN
    proposal.save(update_fields=["status"])
    audit_record(actor=actor, action=UPDATE, obj=proposal, before=before, after=snapshot(proposal), reason=reason,
                 org_path=proposal.dossier.proposer.path)
    return proposal


def active_proposals(dossier: Dossier):
    return dossier.proposals.exclude(status=Proposal.Status.WITHDRAWN).select_related("person", "organisation").order_by("id")


def ldtt_count(dossier: Dossier) -> int:
    """The proposer's Lao động tiên tiến for the year: people holding it (award records) or proposed for it in this round."""
    from thidua.commendations.models import AwardRecord

    unit = dossier.proposer
    year = dossier.round.year
    held = set(AwardRecord.objects.filter(award="lao_dong_tien_tien", year=year, revoked_on__isnull=True, person__isnull=False)
               .filter(prefix_q("person__employments__organisation__path", unit.path)).values_list("person_id", flat=True))
    proposed = set(Proposal.objects.filter(dossier__round=dossier.round, dossier__proposer=unit, award="lao_dong_tien_tien",
                                           person__isnull=False).exclude(status=Proposal.Status.WITHDRAWN)
                   .values_list("person_id", flat=True))
    return len(held | proposed)


def dossier_quota_check(dossier: Dossier):
    """The quotas (thidua.rules.quotas) over the dossier's proposals in force, in the order they were added."""
    from thidua.commendations.selectors import parameters_in_force
    from thidua.rules.quotas import CSTDCS, check_quotas

    proposals = list(active_proposals(dossier))
    count = ldtt_count(dossier) if any(p.award == CSTDCS for p in proposals) else None
    items = [{"id": str(p.pk), "award": p.award, "unit": dossier.proposer.code,
              "ldtt_count": count if p.award == CSTDCS else None} for p in proposals]
    return check_quotas(items, year=dossier.round.year, params=parameters_in_force())


def quota_problems(report) -> list[str]:
    return [check.explanation for check in report.checks if check.status == "exceeded"]


# --- Attachments --------------------------------------------------------------------------------


@transaction.atomic
def dossier_attach(*, actor, dossier: Dossier, kind: str, uploaded_file) -> Dossier:
    """Attach the achievement report ("report") or the meeting minutes ("minutes"): PDF, Word or a scan."""
    _require_proposer(actor, dossier)
    if kind not in ATTACHMENTS:
        raise UserError(f"Loại tệp «{kind}» không hợp lệ: chỉ đính kèm báo cáo thành tích hoặc biên bản họp.", field="kind")
    if uploaded_file is None:
        raise UserError("Hãy chọn một tệp để đính kèm.", field="file")
    name = normalise(getattr(uploaded_file, "name", "") or "").replace("/", "_").replace("\\", "_")[:255]
    if not name:
        raise UserError("Tệp tải lên không có tên: hãy chọn lại tệp.", field="file")
    content = uploaded_file.read(ATTACHMENT_MAX_BYTES + 1) if hasattr(uploaded_file, "read") else bytes(uploaded_file)
    files.check_file(name, content, kinds=ATTACHMENT_KINDS, max_bytes=ATTACHMENT_MAX_BYTES, field="file", match_name=True)
    dossier = _locked(dossier)
    _require_proposer(actor, dossier)
    attribute, label = ATTACHMENTS[kind]
    before = _dossier_snapshot(dossier)
    setattr(dossier, attribute, content)
    setattr(dossier, f"{attribute}_name", name)
    dossier.save(update_fields=[attribute, f"{attribute}_name"])
    audit_record(actor=actor, action=UPDATE, obj=dossier, before=before, after=_dossier_snapshot(dossier), reason=f"Đính kèm {label}",
                 org_path=dossier.proposer.path)
    return dossier


# --- The route up the tree ----------------------------------------------------------------------


def _open_window(dossier: Dossier, on: date) -> None:
    if is_high_level(dossier.award):
        dossier.comment_until = on + timedelta(days=COMMENT_DAYS)
        if not dossier.public_token:
            dossier.public_token = secrets.token_urlsafe(18)


@transaction.atomic
def dossier_submit(*, actor, dossier: Dossier, on: date, reason: str = "") -> Dossier:
    """Trình: a draft or returned dossier goes to the organisation with authority (routing.first_holder);
    within the proposer's own authority it stays home, accepted, to be decided there."""
    _require_proposer(actor, dossier)
    on = _check_date(on, field="on", label="Ngày trình")
    reason = _text(reason, field="reason", label="Ghi chú")
    dossier = _locked(dossier)
    _require_proposer(actor, dossier)
    proposals = list(active_proposals(dossier))
    if not proposals:
        raise UserError("Hồ sơ chưa có đề nghị nào: hãy thêm cá nhân, tập thể được đề nghị trước khi trình.", field="proposals")
    over = quota_problems(dossier_quota_check(dossier))
    if over:
        raise UserError("Hồ sơ vượt hạn mức khen thưởng: " + " ".join(over) + ". Hãy bớt đề nghị rồi trình lại.", field="proposals")
    if not dossier.proposer.is_active_on(on):
        raise UserError(f"«{dossier.proposer.name}» không hoạt động vào ngày {_fmt(on)}: không trình hồ sơ được.", field="on")
    entry = award_entry(dossier.award)
    target = first_holder(dossier.award, round_org=dossier.round.organisation, proposer=dossier.proposer, on=on)
    before = _dossier_snapshot(dossier)
    dossier.holder = target
    dossier.submitted_on = on
    if target == dossier.proposer:
        dossier.status = Dossier.Status.ACCEPTED
        note = reason or f"Thuộc thẩm quyền của {target.name}: xét và quyết định tại đơn vị."
    else:
        dossier.status = Dossier.Status.SUBMITTED
        note = reason or f"Trình {target.name}."
        if not entry.conferred_by:
            note += (f" Không cấp nào trong hệ thống có thẩm quyền tặng «{entry.name}»: hồ sơ được trình tiếp lên cấp cao nhất "
                     "để chuyển sang quy trình khen thưởng Nhà nước.")
        _open_window(dossier, on)
    dossier.save()
    audit_record(actor=actor, action=UPDATE, obj=dossier, before=before, after=_dossier_snapshot(dossier), reason=note,
                 org_path=dossier.proposer.path)
    record_step(actor, dossier, dossier.status, dossier.proposer, on, note)
    return dossier


def _holder_transition(actor, dossier: Dossier, *, allowed: tuple, verb: str) -> Dossier:
    _require_holder(actor, dossier)
    dossier = _locked(dossier)
    _require_holder(actor, dossier)
    if dossier.status not in allowed:
        raise UserError(f"Hồ sơ đang ở trạng thái «{dossier.get_status_display()}»: không {verb} được.", field="status")
    return dossier


@transaction.atomic
def dossier_accept(*, actor, dossier: Dossier, on: date, reason: str = "") -> Dossier:
    """The holder receives a submitted dossier (tiếp nhận)."""
    on = _check_date(on, field="on", label="Ngày tiếp nhận")
    reason = _text(reason, field="reason", label="Ghi chú")
    dossier = _holder_transition(actor, dossier, allowed=(Dossier.Status.SUBMITTED,), verb="tiếp nhận")
    before = _dossier_snapshot(dossier)
    dossier.status = Dossier.Status.ACCEPTED
    dossier.save(update_fields=["status"])
    audit_record(actor=actor, action=UPDATE, obj=dossier, before=before, after=_dossier_snapshot(dossier), reason=reason,
                 org_path=dossier.holder.path)
    record_step(actor, dossier, dossier.status, dossier.holder, on, reason or "Tiếp nhận hồ sơ")
    return dossier


@transaction.atomic
def dossier_return(*, actor, dossier: Dossier, on: date, reason: str) -> Dossier:
    """The holder sends the dossier back to the proposer with a reason; its proposals can be edited again."""
    on = _check_date(on, field="on", label="Ngày trả lại")
    reason = _text(reason, field="reason", label="Lý do trả lại")
    dossier = _holder_transition(actor, dossier, allowed=(Dossier.Status.SUBMITTED, Dossier.Status.ACCEPTED), verb="trả lại")
    if not reason:
        raise UserError("Hãy ghi lý do trả lại hồ sơ để đơn vị đề nghị biết cần bổ sung, sửa gì.", field="reason")
    if dossier.holder == dossier.proposer:
        raise UserError("Hồ sơ đang được xét tại chính đơn vị đề nghị: không có nơi nào để trả lại.", field="status")
    at = dossier.holder
    before = _dossier_snapshot(dossier)
    dossier.status = Dossier.Status.RETURNED
    dossier.holder = dossier.proposer
    dossier.save(update_fields=["status", "holder"])
    for proposal in dossier.proposals.filter(status__in=(Proposal.Status.PASSED, Proposal.Status.FAILED)):
        before_p = snapshot(proposal)
        proposal.status = Proposal.Status.PROPOSED
        proposal.save(update_fields=["status"])
        audit_record(actor=actor, action=UPDATE, obj=proposal, before=before_p, after=snapshot(proposal), reason=reason,
                     org_path=at.path)
    audit_record(actor=actor, action=UPDATE, obj=dossier, before=before, after=_dossier_snapshot(dossier), reason=reason,
                 org_path=at.path)
    record_step(actor, dossier, dossier.status, at, on, reason)
    return dossier


@transaction.atomic
def dossier_forward(*, actor, dossier: Dossier, on: date, reason: str = "") -> Dossier:
    """Trình tiếp: the holder, without authority for the award, sends the proposals its council passed upward in a
    dossier of its own. Returns the new dossier."""
    on = _check_date(on, field="on", label="Ngày trình")
    reason = _text(reason, field="reason", label="Ghi chú")
    dossier = _holder_transition(actor, dossier, allowed=(Dossier.Status.SUBMITTED, Dossier.Status.ACCEPTED), verb="trình tiếp")
    holder = dossier.holder
    entry = award_entry(dossier.award)
    target = next_holder(dossier.award, holder, on)
    if target is None:
        if holder.kind in entry.conferred_by:
            raise UserError(f"{holder.name} có thẩm quyền tặng «{entry.name}»: hãy xét và quyết định tại đây, không cần trình lên.",
                            field="status")
        raise UserError(f"{holder.name} là cấp cao nhất trong hệ thống: đề nghị «{entry.name}» được gửi theo quy trình khen thưởng "
                        "Nhà nước, ngoài hệ thống.", field="status")
    passed = list(dossier.proposals.filter(status=Proposal.Status.PASSED).order_by("id"))
    if not passed:
        raise UserError("Chưa có đề nghị nào được Hội đồng thi đua – khen thưởng thông qua: chỉ trình tiếp các đề nghị đã được "
                        "thông qua.", field="proposals")
    note = reason or f"Trình tiếp {target.name}."
    upward = Dossier.objects.create(
        round=dossier.round, proposer=holder, holder=target, award=dossier.award, status=Dossier.Status.SUBMITTED,
        title=f"{holder.name} trình {target.name}: đề nghị tặng {entry.name}"[:500], forwarded_from=dossier, submitted_on=on,
        actor=_stamp(actor),
    )
    _open_window(upward, on)
    upward.save()
    audit_record(actor=actor, action=CREATE, obj=upward, before=None, after=_dossier_snapshot(upward), reason=note,
                 org_path=holder.path)
    for source in passed:
        carried = Proposal.objects.create(
            dossier=upward, person=source.person, organisation=source.organisation, award=source.award, year=source.year,
            achievement=source.achievement, amount=source.amount, verdict=source.verdict, reasons=source.reasons,
            override_reason=source.override_reason, source=source,
        )
        audit_record(actor=actor, action=CREATE, obj=carried, before=None, after=snapshot(carried), reason=note, org_path=holder.path)
    before = _dossier_snapshot(dossier)
    dossier.status = Dossier.Status.FORWARDED
    dossier.save(update_fields=["status"])
    audit_record(actor=actor, action=UPDATE, obj=dossier, before=before, after=_dossier_snapshot(dossier), reason=note,
                 org_path=holder.path)
    record_step(actor, dossier, Dossier.Status.FORWARDED, holder, on, note)
    record_step(actor, upward, Dossier.Status.SUBMITTED, holder, on, note)
    return upward


# --- Public comments ----------------------------------------------------------------------------


@transaction.atomic
def public_comment_add(*, dossier: Dossier, name: str, contact: str, text: str, on: date) -> PublicComment:
    """A comment from anyone holding the public link, while the dossier's comment window is open."""
    if not dossier.public_token or dossier.comment_until is None:
        raise NotFound("Mã công khai không tồn tại.")
    on = _check_date(on, field="on", label="Ngày góp ý")
    if on > dossier.comment_until:
        raise UserError(f"Đã hết thời hạn lấy ý kiến (đến hết ngày {_fmt(dossier.comment_until)}): không nhận thêm góp ý.",
                        field="text")
    values = {}
    for field, label in (("name", "Họ và tên"), ("contact", "Địa chỉ liên hệ"), ("text", "Nội dung góp ý")):
        raw = {"name": name, "contact": contact, "text": text}[field]
        values[field] = _text(raw, field=field, label=label, limit=COMMENT_LIMITS[field])
    if not values["name"]:
        raise UserError("Hãy ghi họ và tên người góp ý.", field="name")
    if not values["text"]:
        raise UserError("Hãy ghi nội dung góp ý.", field="text")
    comment = PublicComment.objects.create(dossier=dossier, **values)
    audit_record(actor=PUBLIC, action=CREATE, obj=comment, before=None, after=snapshot(comment), org_path=dossier.holder.path)
    return comment
