"""Word documents (.docx) in the administrative layout of Decree 30/2020/NĐ-CP.

Three documents of the commendation workflow: the decision (Quyết định, also for corrections and
revocations), the submission to the level above (Tờ trình) and the council minutes (Biên bản).
Each builder takes a plain dataclass from ``thidua.documents.data`` and returns the file's bytes.

Layout, as Appendix I of the decree sets it: A4 portrait, margins 20/20/30/15 mm, Times New Roman;
a borderless two-column header (issuer and number on the left, national title, motto and
place-date on the right); page numbers centred in the top margin from page 2; the recipients list as
an appendix section with its own page numbering. Recipient tables are written as WordprocessingML
directly because python-docx's ``add_row`` grows slower with every row of a large table.
"""

from __future__ import annotations

import datetime
import io
from xml.sax.saxutils import escape

from docx import Document
from docx.enum.section import WD_SECTION
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement, parse_xml
from docx.oxml.ns import nsdecls, qn
from docx.shared import Cm, Emu, Mm, Pt

from thidua.documents.data import DecisionDoc, MinutesDoc, Recipient, SubmissionDoc

FONT = "Times New Roman"
NATIONAL_TITLE = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
MOTTO_WIDTH = Mm(53)  # the motto set in 13 pt bold Times is 53 mm wide; its rule matches it
SHORT_RULE = Mm(25)  # rules under the issuer and the subject: 1/3 to 1/2 of the text above
TEXT_WIDTH = Mm(165)  # A4 width minus the 30 mm left and 15 mm right margins
HEADER_LEFT, HEADER_RIGHT = Mm(65), Mm(100)
CELL_MARGIN = Mm(1.9)  # Word's default left/right padding inside a table cell
FIRST_LINE = Cm(1.27)
SIGN_GAP_LINES = 4

# Word rejects property elements out of schema order: these are the siblings a new border must precede.
AFTER_P_BORDER = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:kinsoku", "w:wordWrap", "w:overflowPunct",
                  "w:topLinePunct", "w:autoSpaceDE", "w:autoSpaceDN", "w:bidi", "w:adjustRightInd", "w:snapToGrid",
                  "w:spacing", "w:ind", "w:contextualSpacing", "w:mirrorIndents", "w:suppressOverlap", "w:jc",
                  "w:textDirection", "w:textAlignment", "w:textboxTightWrap", "w:outlineLvl", "w:divId",
                  "w:cnfStyle", "w:rPr", "w:sectPr", "w:pPrChange")
AFTER_TABLE_BORDERS = ("w:shd", "w:tblLayout", "w:tblCellMar", "w:tblLook", "w:tblCaption", "w:tblDescription",
                       "w:tblPrChange")
AFTER_PAGE_NUMBERS = ("w:cols", "w:formProt", "w:vAlign", "w:noEndnote", "w:titlePg", "w:textDirection", "w:bidi",
                      "w:rtlGutter", "w:docGrid", "w:printerSettings", "w:sectPrChange")

ALIGN = {
    "left": WD_ALIGN_PARAGRAPH.LEFT,
    "center": WD_ALIGN_PARAGRAPH.CENTER,
    "right": WD_ALIGN_PARAGRAPH.RIGHT,
    "justify": WD_ALIGN_PARAGRAPH.JUSTIFY,
}


# --- texts --------------------------------------------------------------------------------------


def number_text(number: int | None, type_code: str, symbol: str) -> str:
    """'Số: 05/QĐ-CĐYT'; numbers below 10 get a leading zero; None leaves room to write by hand."""
    if number is None:
        return f"Số:{' ' * 6}/{type_code}-{symbol}"
    return f"Số: {number:02d}/{type_code}-{symbol}"


def place_date_text(place: str, date: datetime.date) -> str:
    """'Hà Nội, ngày 05 tháng 01 năm 2026': days below 10 and months 1–2 get a leading zero."""
    month = f"{date.month:02d}" if date.month <= 2 else str(date.month)
    return f"{place}, ngày {date.day:02d} tháng {month} năm {date.year}"


def money_text(amount: int) -> str:
    """Integer đồng with dots between thousands: '1.000.000 đ'."""
    return f"{amount:,}".replace(",", ".") + " đ"


def _reference_text(number: int | None, type_code: str, symbol: str, date: datetime.date) -> str:
    """'số 05/QĐ-CĐYT ngày 05/01/2026', as a document is cited in running text."""
    return f"số {number_text(number, type_code, symbol)[len('Số: '):]} ngày {date:%d/%m/%Y}"


def _punctuated(lines: list[str], *, bullet: str = "") -> list[str]:
    """Each line ends with ';' and the last with '.', whatever the caller typed."""
    cleaned = [line.strip().lstrip("-").strip().rstrip(";.,").strip() for line in lines]
    cleaned = [line for line in cleaned if line]
    return [f"{bullet}{line}{'.' if i == len(cleaned) - 1 else ';'}" for i, line in enumerate(cleaned)]


def _counts(recipients: list[Recipient]) -> tuple[int, int]:
    collectives = sum(1 for r in recipients if r.is_collective)
    return collectives, len(recipients) - collectives


def _who(collectives: int, individuals: int, *, counted: bool, individuals_first: bool = False) -> str:
    """'2 tập thể và 3 cá nhân' (counted) or 'tập thể, cá nhân' (the kinds present)."""
    parts = []
    if collectives:
        parts.append(f"{collectives} tập thể" if counted else "tập thể")
    if individuals:
        parts.append(f"{individuals} cá nhân" if counted else "cá nhân")
    if individuals_first:
        parts.reverse()
    return (" và " if counted else ", ").join(parts)


def _strip_prefix(text: str, prefix: str) -> str:
    text = text.strip()
    return text[len(prefix):].strip() if text.lower().startswith(prefix.lower()) else text


# --- low-level layout ---------------------------------------------------------------------------


def _new_document():
    document = Document()
    normal = document.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(14)
    fonts = normal.element.get_or_add_rPr().get_or_add_rFonts()
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), FONT)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.line_spacing = 1.0

    section = document.sections[0]
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    section.header_distance = Mm(10)
    # No page number on page 1: an empty first-page header, the PAGE field on the others.
    section.different_first_page_header_footer = True
    section.first_page_header.is_linked_to_previous = False
    _page_number(section.header.paragraphs[0])
    return document


def _page_number(paragraph) -> None:
    """A PAGE field (begin, instruction, separate, placeholder result, end), centred, 13 pt."""
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    w = nsdecls("w")
    for inner in (
        f'<w:fldChar {w} w:fldCharType="begin"/>',
        f'<w:instrText {w} xml:space="preserve"> PAGE </w:instrText>',
        f'<w:fldChar {w} w:fldCharType="separate"/>',
        f"<w:t {w}>2</w:t>",
        f'<w:fldChar {w} w:fldCharType="end"/>',
    ):
        run = paragraph.add_run()
        run.font.size = Pt(13)
        run._r.append(parse_xml(inner))


def _para(container, text: str = "", *, bold=False, italic=False, size=14, align="justify",
          first_line=None, before=0, after=0, keep_with_next=False):
    paragraph = container.add_paragraph()
    paragraph.alignment = ALIGN[align]
    fmt = paragraph.paragraph_format
    fmt.space_before, fmt.space_after = Pt(before), Pt(after)
    if first_line is not None:
        fmt.first_line_indent = first_line
    if keep_with_next:
        fmt.keep_with_next = True
    if text:
        _run(paragraph, text, bold=bold, italic=italic, size=size)
    return paragraph


def _run(paragraph, text: str, *, bold=False, italic=False, size=14):
    run = paragraph.add_run(text)
    run.bold, run.italic, run.font.size = bold or None, italic or None, Pt(size)
    return run


def _rule(container, width, available) -> None:
    """A centred line `width` long: the bottom border of an empty paragraph indented on both sides."""
    paragraph = _para(container, align="center")
    side = Emu(max((available - width) // 2, 0))
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = side
    paragraph.paragraph_format.line_spacing = Pt(4)
    border = parse_xml(
        f'<w:pBdr {nsdecls("w")}><w:bottom w:val="single" w:sz="6" w:space="1" w:color="000000"/></w:pBdr>'
    )
    paragraph._p.get_or_add_pPr().insert_element_before(border, *AFTER_P_BORDER)


def _borderless_table(container, widths, rows=1):
    table = container.add_table(rows=rows, cols=len(widths))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    borders = parse_xml(
        f'<w:tblBorders {nsdecls("w")}>'
        + "".join(f'<w:{side} w:val="nil"/>' for side in ("top", "left", "bottom", "right", "insideH", "insideV"))
        + "</w:tblBorders>"
    )
    table._tbl.tblPr.insert_element_before(borders, *AFTER_TABLE_BORDERS)
    for row in table.rows:
        for cell, width in zip(row.cells, widths):
            cell.width = width
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths):
        column.w = width
    return table


def _cell(table, row: int, column: int):
    """A table cell emptied of its initial blank paragraph, ready for `_para`."""
    cell = table.cell(row, column)
    for paragraph in cell.paragraphs:
        paragraph._p.getparent().remove(paragraph._p)
    return cell


def _letterhead(document, letterhead, number_line: str, date: datetime.date) -> None:
    """Row 1: issuer | national title and motto; row 2: number | place and date, level with each other."""
    table = _borderless_table(document, (HEADER_LEFT, HEADER_RIGHT), rows=2)
    left, right = _cell(table, 0, 0), _cell(table, 0, 1)
    if letterhead.parent_body:
        _para(left, letterhead.parent_body.upper(), size=12, align="center")
    _para(left, letterhead.issuer.upper(), bold=True, size=12, align="center")
    _rule(left, SHORT_RULE, HEADER_LEFT - 2 * CELL_MARGIN)
    _para(right, NATIONAL_TITLE, bold=True, size=12, align="center")
    _para(right, MOTTO, bold=True, size=13, align="center")
    _rule(right, MOTTO_WIDTH, HEADER_RIGHT - 2 * CELL_MARGIN)
    _para(_cell(table, 1, 0), number_line, size=13, align="center", before=4)
    _para(_cell(table, 1, 1), place_date_text(letterhead.place, date), italic=True, size=13, align="center",
          before=4)


def _title(document, type_name: str, subject: str) -> None:
    _para(document, type_name, bold=True, align="center", before=18, keep_with_next=True)
    _para(document, subject, bold=True, align="center", keep_with_next=True)
    _rule(document, Mm(40), TEXT_WIDTH)


def _grounds(document, lines: list[str]) -> None:
    for line in _punctuated(lines):
        _para(document, line, italic=True, first_line=FIRST_LINE, after=3)


def _body(document, text: str, *, after=6):
    return _para(document, text, first_line=FIRST_LINE, after=after)


def _article(document, number: int, text: str) -> None:
    paragraph = _para(document, first_line=FIRST_LINE, after=6)
    _run(paragraph, f"Điều {number}. ", bold=True)
    _run(paragraph, text)


def _signature(container, authority: str, title: str, name: str, *, before=6) -> None:
    if authority:
        _para(container, authority.upper(), bold=True, align="center", before=before)
    _para(container, title.upper(), bold=True, align="center", before=0 if authority else before)
    for _ in range(SIGN_GAP_LINES):
        _para(container, align="center")
    _para(container, name, bold=True, align="center")


def _closing(document, letterhead, receivers: list[str]) -> None:
    """'Nơi nhận:' on the left, level with the signer's block on the right."""
    table = _borderless_table(document, (Mm(75), Mm(90)))
    left, right = _cell(table, 0, 0), _cell(table, 0, 1)
    _para(left, "Nơi nhận:", bold=True, italic=True, size=12, align="left", before=6)
    lines = list(receivers)
    if not any(line.strip().lstrip("-").strip().lower().startswith("lưu") for line in lines):
        lines.append("Lưu: VT")
    for line in _punctuated(lines, bullet="- "):
        _para(left, line, size=11, align="left")
    _signature(right, letterhead.signer_authority, letterhead.signer_title, letterhead.signer_name)


def _to_bytes(document) -> bytes:
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


# --- fast tables --------------------------------------------------------------------------------


def _cell_xml(text: str, width, *, bold=False, align="left", span=1, size=12) -> str:
    span_xml = f'<w:gridSpan w:val="{span}"/>' if span > 1 else ""
    bold_xml = "<w:b/>" if bold else ""
    return (
        f'<w:tc><w:tcPr><w:tcW w:w="{width.twips}" w:type="dxa"/>{span_xml}<w:vAlign w:val="center"/></w:tcPr>'
        f'<w:p><w:pPr><w:spacing w:before="40" w:after="40"/><w:jc w:val="{align}"/></w:pPr>'
        f'<w:r><w:rPr>{bold_xml}<w:sz w:val="{size * 2}"/><w:szCs w:val="{size * 2}"/></w:rPr>'
        f'<w:t xml:space="preserve">{escape(text)}</w:t></w:r></w:p></w:tc>'
    )


def _row_xml(cells: list[str], *, header=False) -> str:
    repeat = "<w:tblHeader/>" if header else ""
    return f"<w:tr><w:trPr><w:cantSplit/>{repeat}</w:trPr>{''.join(cells)}</w:tr>"


def _grid_table(document, widths, rows_xml: list[str]):
    """A bordered table whose rows are given as WordprocessingML, parsed in one go."""
    table = document.add_table(rows=0, cols=len(widths))
    table.style = document.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    for column, width in zip(table._tbl.tblGrid.gridCol_lst, widths):
        column.w = width
    parsed = parse_xml(f'<w:tbl {nsdecls("w")}>{"".join(rows_xml)}</w:tbl>')
    for row in list(parsed):
        table._tbl.append(row)
    return table


def _recipients_table(document, recipients: list[Recipient], *, individuals_first=False) -> None:
    """STT, name, position – unit, award (and amount): collectives and individuals in groups I, II."""
    with_money = any(r.amount for r in recipients)
    widths = [Mm(13), Mm(52), Mm(70), Mm(30)]
    if with_money:
        widths = [Mm(13), Mm(45), Mm(57), Mm(25), Mm(25)]
    heads = ["STT", "Họ và tên / Tên tập thể", "Chức vụ – đơn vị", "Hình thức"]
    if with_money:
        heads.append("Số tiền (đ)")
    rows = [_row_xml([_cell_xml(h, w, bold=True, align="center") for h, w in zip(heads, widths)], header=True)]

    collectives = sorted((r for r in recipients if r.is_collective), key=lambda r: r.index)
    individuals = sorted((r for r in recipients if not r.is_collective), key=lambda r: r.index)
    groups = [("Tập thể", collectives), ("Cá nhân", individuals)]
    if individuals_first:
        groups.reverse()
    numerals = iter(("I", "II"))
    full_width = Emu(sum(widths))
    for label, members in groups:
        if not members:
            continue
        rows.append(_row_xml([_cell_xml(f"{next(numerals)}. {label} ({len(members)})", full_width,
                                         bold=True, span=len(widths))]))
        for r in members:
            texts = [str(r.index), r.name, r.position_unit, r.award_name]
            aligns = ["center", "left", "left", "left"]
            if with_money:
                texts.append(money_text(r.amount).removesuffix(" đ") if r.amount else "")
                aligns.append("right")
            rows.append(_row_xml([_cell_xml(t, w, align=a) for t, w, a in zip(texts, widths, aligns)]))
    if with_money:
        total = money_text(sum(r.amount for r in recipients)).removesuffix(" đ")
        label_width = Emu(sum(widths[:-1]))
        rows.append(_row_xml([
            _cell_xml("Tổng cộng", label_width, bold=True, align="center", span=len(widths) - 1),
            _cell_xml(total, widths[-1], bold=True, align="right"),
        ]))
    _grid_table(document, widths, rows)


def _appendix(document, title: str, attached_to: str, recipients, *, individuals_first=False) -> None:
    """The attached list: a new section on a new page, with its own page numbering."""
    section = document.add_section(WD_SECTION.NEW_PAGE)
    page_numbers = OxmlElement("w:pgNumType")
    page_numbers.set(qn("w:start"), "1")
    section._sectPr.insert_element_before(page_numbers, *AFTER_PAGE_NUMBERS)
    _para(document, "DANH SÁCH", bold=True, align="center", keep_with_next=True)
    _para(document, title.upper(), bold=True, align="center", keep_with_next=True)
    _para(document, f"(Kèm theo {attached_to})", italic=True, align="center", after=12, keep_with_next=True)
    _recipients_table(document, recipients, individuals_first=individuals_first)


# --- documents ----------------------------------------------------------------------------------


def decision_docx(doc: DecisionDoc) -> bytes:
    """The decision: award (Điều 1 who, Điều 2 money if any, then execution), correction or revocation."""
    letterhead = doc.letterhead
    document = _new_document()
    _letterhead(document, letterhead, number_text(doc.number, doc.type_code, letterhead.symbol), doc.date)
    _title(document, "QUYẾT ĐỊNH", doc.subject)
    _para(document, doc.authority_line.upper(), bold=True, align="center", before=6, after=6)
    proposer = doc.proposer.strip()
    if proposer and not proposer.lower().startswith("theo đề nghị"):
        proposer = f"Theo đề nghị của {proposer}"
    _grounds(document, [*doc.grounds, proposer] if proposer else list(doc.grounds))
    _para(document, "QUYẾT ĐỊNH:", bold=True, align="center", before=6, after=6)

    collectives, individuals = _counts(doc.recipients)
    counted = _who(collectives, individuals, counted=True)
    kinds = _who(collectives, individuals, counted=False) or "tập thể, cá nhân"
    total = sum(r.amount for r in doc.recipients)
    # "sửa đổi Quyết định số …" → "Quyết định số …": the verb is chosen here.
    cited = doc.refers_to.strip()
    if "quyết định" in cited.lower():
        cited = cited[cited.lower().index("quyết định"):]

    if doc.revocation:
        if not cited:
            raise ValueError("Quyết định thu hồi phải nêu rõ quyết định bị thu hồi (số, ngày).")
        if doc.recipients:
            _article(document, 1, f"Thu hồi {doc.award_name} đã tặng cho {counted} tại {cited} "
                                  "(có danh sách kèm theo).")
        else:
            _article(document, 1, f"Thu hồi {cited}.")
        returned = f"{doc.award_name} và số tiền thưởng đã nhận" if total else doc.award_name
        money = f"; tổng số tiền thu hồi: {money_text(total)}" if total else ""
        _article(document, 2, f"Các {kinds} có tên tại Điều 1 có trách nhiệm nộp lại {returned}{money}.")
        execution = 3
    else:
        achievement = ""
        if "có thành tích" in doc.subject:
            achievement = " đã " + doc.subject[doc.subject.index("có thành tích"):].rstrip(".")
        award = f"Tặng {doc.award_name} cho {counted}{achievement} (có danh sách kèm theo)."
        if cited:
            award = f"Sửa đổi {cited} như sau: {award[0].lower()}{award[1:]}"
        _article(document, 1, award)
        execution = 2
        if total:
            _article(document, 2, f"Kèm theo {doc.award_name} là tiền thưởng theo mức ghi trong danh sách; "
                                  f"tổng số tiền thưởng là {money_text(total)}.")
            execution = 3
    _article(document, execution, "Quyết định có hiệu lực kể từ ngày ký. Văn phòng, các đơn vị liên quan và "
                                  f"các {kinds} có tên tại Điều 1 chịu trách nhiệm thi hành Quyết định này./.")
    receivers = doc.receivers or [f"Như Điều {execution}"]
    _closing(document, letterhead, receivers)

    if doc.recipients:
        verb = "BỊ THU HỒI" if doc.revocation else "ĐƯỢC TẶNG"
        reference = _reference_text(doc.number, doc.type_code, letterhead.symbol, doc.date)
        authority = doc.authority_name or doc.authority_line
        _appendix(document, f"CÁC {kinds} {verb} {doc.award_name}",
                  f"Quyết định {reference} của {authority}", doc.recipients)
    return _to_bytes(document)


def submission_docx(doc: SubmissionDoc) -> bytes:
    """The submission to the level above, its list attached (individuals first, as TT 38 has it)."""
    letterhead = doc.letterhead
    document = _new_document()
    _letterhead(document, letterhead, number_text(doc.number, "TTr", letterhead.symbol), doc.date)
    _title(document, "TỜ TRÌNH", doc.subject)
    addressee = _strip_prefix(doc.to, "Kính gửi:")
    _para(document, f"Kính gửi: {addressee}", align="center", before=6, after=6)
    _grounds(document, doc.grounds)
    if doc.body:
        _body(document, doc.body)

    awards: dict[str, list[Recipient]] = {}
    for r in doc.recipients:
        awards.setdefault(r.award_name, []).append(r)
    lines = []
    for award, members in awards.items():
        collectives, individuals = _counts(members)
        lines.append(f"{award}: {_who(collectives, individuals, counted=True, individuals_first=True)}")
    if lines:
        _body(document, f"Đề nghị {addressee} xét, tặng:", after=0)
        for line in _punctuated(lines, bullet="- "):
            _body(document, line, after=0)
        _body(document, "(Có danh sách kèm theo)", after=6)
    _body(document, f"Kính trình {addressee} xem xét, quyết định./.")
    _closing(document, letterhead, doc.receivers)

    if doc.recipients:
        collectives, individuals = _counts(doc.recipients)
        kinds = _who(collectives, individuals, counted=False, individuals_first=True)
        reference = _reference_text(doc.number, "TTr", letterhead.symbol, doc.date)
        _appendix(document, f"CÁC {kinds} ĐƯỢC ĐỀ NGHỊ KHEN THƯỞNG", f"Tờ trình {reference}", doc.recipients,
                  individuals_first=True)
    return _to_bytes(document)


def _clock(moment: datetime.datetime) -> str:
    return f"{moment.hour:02d} giờ {moment.minute:02d} phút"


def _share(votes_for: int, votes_cast: int) -> str:
    """'85,7%' with a decimal comma; '–' when nobody voted."""
    if not votes_cast:
        return "–"
    return f"{votes_for * 100 / votes_cast:.1f}".replace(".", ",").removesuffix(",0") + "%"


def minutes_docx(doc: MinutesDoc) -> bytes:
    """Council minutes: time, place, who attended, agenda, ballot results, conclusion, two signatures."""
    letterhead = doc.letterhead
    document = _new_document()
    _letterhead(document, letterhead, number_text(doc.number, "BB", letterhead.symbol), doc.date)
    _title(document, "BIÊN BẢN", doc.subject)
    _para(document, after=6)
    _body(document, f"Thời gian bắt đầu: {_clock(doc.started_at)}, ngày {doc.started_at:%d/%m/%Y}.")
    _body(document, f"Địa điểm: {doc.place}.")
    _body(document, f"Chủ trì: {doc.chair}.")
    _body(document, f"Thư ký: {doc.secretary}.")
    _body(document, f"Thành phần: có mặt {len(doc.present)}/{doc.members_total} thành viên Hội đồng:", after=0)
    for line in _punctuated(doc.present, bullet="- "):
        _body(document, line, after=0)
    absent = "; ".join(doc.absent) if doc.absent else "không"
    _body(document, f"Vắng mặt: {absent}.", after=6)
    _body(document, f"Nội dung: {doc.agenda.rstrip('.')}.")
    _body(document, "Kết quả bỏ phiếu:", after=6)

    widths = [Mm(13), Mm(50), Mm(36), Mm(24), Mm(20), Mm(22)]
    heads = ["STT", "Tên cá nhân, tập thể", "Hình thức đề nghị", "Số phiếu đồng ý", "Tỷ lệ", "Kết quả"]
    rows = [_row_xml([_cell_xml(h, w, bold=True, align="center") for h, w in zip(heads, widths)], header=True)]
    for line in doc.results:
        texts = [str(line.index), line.name, line.award_name, f"{line.votes_for}/{line.votes_cast}",
                 _share(line.votes_for, line.votes_cast), "Đạt" if line.passed else "Không đạt"]
        aligns = ["center", "left", "left", "center", "center", "center"]
        rows.append(_row_xml([_cell_xml(t, w, align=a) for t, w, a in zip(texts, widths, aligns)]))
    _grid_table(document, widths, rows)

    _para(document, after=6)
    if doc.conclusion:
        _body(document, doc.conclusion)
    same_day = doc.ended_at.date() == doc.started_at.date()
    day = "cùng ngày" if same_day else f"ngày {doc.ended_at:%d/%m/%Y}"
    _body(document, f"Cuộc họp kết thúc vào {_clock(doc.ended_at)} {day}./.")

    table = _borderless_table(document, (Mm(80), Mm(85)))
    _signature(_cell(table, 0, 0), "", "THƯ KÝ", doc.secretary, before=12)
    _signature(_cell(table, 0, 1), "", "CHỦ TỌA", doc.chair, before=12)
    return _to_bytes(document)
