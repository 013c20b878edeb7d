"""The yearly statistical report of a city (or the province): the same tables as the page, as XLSX and as PDF."""

from __future__ import annotations

import io
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any
from xml.sax.saxutils import escape

from django.utils.translation import gettext as _
from reportlab.lib import colors
from reportlab.lib.pagesizes import A4, landscape
from reportlab.lib.styles import ParagraphStyle
from reportlab.lib.units import mm
from reportlab.platypus import LongTable, Paragraph, SimpleDocTemplate, Spacer, TableStyle

from patentbridge.core.pdf import BODY, FONT, TITLE
from patentbridge.core.spreadsheets import Sheet, xlsx_bytes
from patentbridge.monitoring.models import COMPONENTS

CELL = ParagraphStyle("cell", fontName=FONT, fontSize=7.5, leading=10, wordWrap="CJK")
HEADING = ParagraphStyle("heading", fontName=FONT, fontSize=12, leading=18, spaceBefore=8, spaceAfter=4)


@dataclass
class Table:
    title: str
    header: list[str]
    rows: list[list[Any]]
    emphasis: list[bool] = field(default_factory=list)  # rows that are a class or a total


def region_name(stats: dict[str, Any]) -> str:
    return stats["city_name"] or _("Guangdong Province")


def title(stats: dict[str, Any]) -> str:
    return _("Patent-intensive industry statistics of %(region)s, %(year)s") % {"region": region_name(stats),
                                                                               "year": stats["year"]}


def not_entered(value: Any) -> Any:
    return _("not entered") if value is None else value


def row_label(row: dict[str, Any]) -> str:
    if row["level"] == "total":
        return _("Patent-intensive industries, total")
    if row["level"] == "outside":
        return _("Industries outside the classification")
    if row["level"] == "unclassified":
        return _("Patents not yet classified to an industry")
    return row["name"]


def _employees(row: dict[str, Any]) -> Any:
    if row["level"] in ("outside", "unclassified"):
        return "—"
    if row["employees"] is None:
        return not_entered(None)
    employees = row["employees"].quantize(Decimal(1))
    return employees if row["employees_complete"] else _("%(value)s (incomplete)") % {"value": shown(employees)}


def _per_10k(row: dict[str, Any]) -> Any:
    if row["level"] in ("outside", "unclassified"):
        return "—"
    return not_entered(row["per_10k_employees"])


def statistics_table(stats: dict[str, Any]) -> Table:
    header = [_("Code"), _("Industry"), _("Patents applied for"), _("Invention patents held at year end"),
              _("Employees at year end"), _("Invention patents per 10,000 employees"), _("Patents converted"),
              _("Filed products"), _("Output of filed products (RMB)")]
    rows = [[r["code"] if r["level"] in ("class", "middle") else "", row_label(r), r["patents_filed"],
             r["inventions_held"], _employees(r), _per_10k(r), r["conversions"], r["products"], r["output"]]
            for r in stats["rows"]]
    return Table(_("Patents, conversions and products by industry"), header, rows,
                 [r["level"] in ("class", "total") for r in stats["rows"]])


def _working(code: str, name: str, item: dict[str, Any]) -> list[Any]:
    figures = [not_entered(item[c]) for c in COMPONENTS]
    added = item["value_added"]
    state = "" if added is None else (_("complete") if item["complete"] else _("incomplete: a part is not entered"))
    return [code, name, *figures, not_entered(added), state, ", ".join(f"#{pk}" for pk in item["account_ids"])]


def value_added_table(stats: dict[str, Any]) -> Table:
    added = stats["value_added"]
    header = [_("Code"), _("Industry"), _("Compensation of employees"), _("Net production taxes"),
              _("Depreciation of fixed assets"), _("Operating surplus"), _("Value added"), _("Coverage"),
              _("Entered rows")]
    rows, emphasis = [], []
    for item in added["classes"]:
        rows.append(_working(item["code"], item["name"], item))
        rows += [_working(m["code"], "　" + m["name"], m) for m in item["middles"]]
        emphasis += [True] + [False] * len(item["middles"])
    rows.append(_working("", _("Patent-intensive industries, total"), {**added["total"], "account_ids": []}))
    rows.append(["", _("GDP"), "", "", "", "", not_entered(added["gdp"]), added["gdp_source"] or "", ""])
    rows.append(["", _("Share of GDP (%)"), "", "", "", "", not_entered(added["share_percent"]), "", ""])
    return Table(_("Value added by the income approach (RMB 10,000)"), header, rows, [*emphasis, True, True, True])


def accounts_table(stats: dict[str, Any]) -> Table:
    header = [_("Row"), _("City"), _("Level"), _("Code"), _("Name"), _("Employees at year end"),
              _("Compensation of employees"), _("Net production taxes"), _("Depreciation of fixed assets"),
              _("Operating surplus"), _("Partial-inclusion weight"), _("Weighted value added"), _("Source"),
              _("Entered by")]
    levels = {"class": _("class"), "middle": _("middle class"), "small": _("small class")}
    rows = [[f"#{a['id']}", a["city_name"], levels[a["level"]], a["code"], a["name"], not_entered(a["employees"]),
             *[not_entered(a[c]) for c in COMPONENTS], a["weight"], not_entered(a["value_added"]), a["source"],
             a["entered_by"] or ""] for a in stats["accounts"]]
    return Table(_("Entered accounts"), header, rows)


def notes(stats: dict[str, Any]) -> list[str]:
    """What the figures rest on and what in them is not verified."""
    weights = stats["weights"]
    weight_note = (_("Partially included (*) small classes counted with a weight: %(list)s.") % {
        "list": "; ".join(f"{w['industry']} × {w['weight']} ({w['source']})" for w in weights)} if weights else
        _("The bundled classification marks no small class as partially included (*), and no weight is set: every "
          "small class counts in full."))
    gdp = stats["gdp_entry"]
    return [
        _("Classification: 知识产权（专利）密集型产业统计分类（2019）, 7 classes, 31 middle classes, 188 small classes, "
          "from a third-party copy not checked line by line against the NBS document; the PA codes are that copy's, "
          "not NBS's."),
        weight_note,
        _("Value added = compensation of employees + net production taxes + depreciation of fixed assets + operating "
          "surplus (income approach), summed over the entered rows; a class's total is marked incomplete where a "
          "part of it is not entered. Amounts in RMB 10,000 as entered, each row with its source."),
        _("GDP: %(source)s.") % {"source": gdp["source"]} if gdp else _("GDP: not entered, so no share of GDP."),
        _("Patents are counted in industries by each patent's most trusted classification route (applicant's "
          "declared industry, then the strategic-emerging-industry concordance, then the learned IPC table), "
          "fractionally by that route's weights; the classification is automatic and not verified patent by patent."),
        _("A patent's city is its own (from its address), else its first applicant's; patents of no Guangdong city "
          "are not counted."),
        _("Invention patents held at year end: granted by then and not expired by then. The register keeps a "
          "patent's current legal status, not the date it lapsed, so a patent lapsed for other reasons is left out "
          "of every year."),
        _("Invention patents per 10,000 employees are shown only where the employees of every part of the industry "
          "are entered; otherwise \"not entered\"."),
        _("Conversions: patents licensed (open or negotiated), transferred or invested with effect in the year, "
          "once recorded or registered."),
        _("Products: products standing filed at year end in that industry, by the filer's city; output as the "
          "filers reported it for the year (not audited)."),
    ]


def by_city_table(stats: dict[str, Any]) -> Table:
    header = [_("Code"), _("City"), _("Patents applied for"), _("Invention patents held at year end"),
              _("Employees at year end"), _("Invention patents per 10,000 employees"), _("Patents converted"),
              _("Filed products"), _("Output of filed products (RMB)"), _("Value added"), _("Share of GDP (%)")]
    rows = [[c["code"], c["name"], c["patents_filed"], c["inventions_held"], _employees(c), _per_10k(c),
             c["conversions"], c["products"], c["output"], not_entered(c["value_added"]),
             not_entered(c["share_percent"])] for c in stats["by_city"]]
    return Table(_("Patent-intensive industries by city"), header, rows)


def tables(stats: dict[str, Any]) -> list[Table]:
    """The report's tables: by industry, the value-added working, (for the province) by city, the entered rows."""
    return [statistics_table(stats), value_added_table(stats), *([by_city_table(stats)] if stats["by_city"] else []),
            accounts_table(stats)]


def report_xlsx(stats: dict[str, Any]) -> bytes:
    sheets = [Sheet(t.title[:31], t.rows, t.header) for t in tables(stats)]
    sheets.append(Sheet(_("Sources and notes")[:31], [[title(stats)], *[[n] for n in notes(stats)]]))
    return xlsx_bytes(*sheets)


def shown(value: Any) -> str:
    """A figure as a page or the PDF shows it: grouped digits, at most two decimals, no trailing zeros."""
    if isinstance(value, bool) or value is None:
        return "" if value is None else str(value)
    if isinstance(value, int):
        return f"{value:,}"
    if isinstance(value, Decimal):
        text = f"{value:,.2f}"
        return text.rstrip("0").rstrip(".") if "." in text else text
    return str(value)


def shown_rows(table: Table) -> list[list[str]]:
    return [[shown(value) for value in row] for row in table.rows]


def _cell(value: Any) -> Paragraph:
    return Paragraph(escape(shown(value)), CELL)


def _pdf_table(table: Table, width: float) -> LongTable:
    data = [[_cell(h) for h in table.header], *[[_cell(v) for v in row] for row in table.rows]]
    result = LongTable(data, colWidths=[width / len(table.header)] * len(table.header), repeatRows=1)
    result.setStyle(TableStyle([("GRID", (0, 0), (-1, -1), 0.3, colors.grey),
                                ("BACKGROUND", (0, 0), (-1, 0), colors.HexColor("#eeeeee")),
                                ("VALIGN", (0, 0), (-1, -1), "TOP")]))
    return result


def report_pdf(stats: dict[str, Any]) -> bytes:
    buffer = io.BytesIO()
    page = landscape(A4)
    document = SimpleDocTemplate(buffer, pagesize=page, leftMargin=12 * mm, rightMargin=12 * mm, topMargin=12 * mm,
                                 bottomMargin=12 * mm, title=title(stats), author="PatentBridge")
    story: list[Any] = [Paragraph(escape(title(stats)), TITLE)]
    for table in tables(stats):
        story += [Paragraph(escape(table.title), HEADING), _pdf_table(table, page[0] - 24 * mm)]
    story += [Paragraph(escape(_("Sources and notes")), HEADING)]
    story += [Paragraph(escape(f"{i}. {n}"), BODY) for i, n in enumerate(notes(stats), start=1)]
    story.append(Spacer(1, 6))
    document.build(story)
    return buffer.getvalue()
