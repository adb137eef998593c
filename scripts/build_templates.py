"""Build the DOCX templates in templates/ from their plain-text sources in templates/src/.

    python scripts/build_templates.py          # rewrite templates/*.docx
    python scripts/build_templates.py --check  # exit 1 if a committed DOCX is stale

The sources keep the wording reviewable in a diff; this script owns the Word layout
(A4, Times New Roman 12 pt, justified, numbered headings, "x / y" page footer) so that
every document of the dossier looks the same. Source format, one paragraph per block:

    @include FILE        insert another source file here
    @footer TEXT         footer line; {PAGE} and {NUMPAGES} become Word fields
    @header TEXT         header line, bold red, centred (the "PROJET" mark of a draft)
    !! TEXT              document title (centred, bold, capitals)
    ! TEXT               subtitle (centred)
    # TEXT               heading 1          ## TEXT   heading 2
    >> TEXT              right-aligned paragraph
    .. TEXT / >. TEXT    line of a block (address, signature): no space after; >. right-aligned
    -- TEXT              bulleted paragraph
    [] TEXT              framed paragraph (consecutive ones share the frame)
    || a | b | c         table row (first row = header; a lone {%tr …%} cell = loop row)
    {%p … %}             docxtpl paragraph tag, kept as its own paragraph
    {{p clauses.X }}     where the clauses of emplacement X print (clauses/plan.toml)
    [[pagebreak]]        page break
    other lines          body text; consecutive lines join; a blank line ends the paragraph
Inline: **bold**.
"""

from __future__ import annotations

import argparse
import datetime as dt
import io
import re
import sys
import zipfile
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_BREAK
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from drafting.render.markdown import STYLES  # noqa: E402  (the styles clause bodies print in)
from drafting.render.styles import alleger, sans_restes  # noqa: E402
from drafting.reproductible import figer_zip, instant  # noqa: E402

SRC = ROOT / "templates" / "src"
OUT = ROOT / "templates"
SERIF = "Times New Roman"
# The templates' date, in their properties and zip entries: the same sources give the same files.
JOUR = dt.date(2026, 1, 1)


def _set_font(style_or_run_font_element, name: str) -> None:
    rpr = style_or_run_font_element
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    # Theme attributes win over explicit names in Word: drop them, or headings
    # come out in Calibri Light (and DejaVu under LibreOffice, which reflows pages).
    for attr in list(fonts.attrib):
        if "Theme" in attr:
            del fonts.attrib[attr]
    for attr in ("w:ascii", "w:hAnsi", "w:cs", "w:eastAsia"):
        fonts.set(qn(attr), name)


def _style(doc, name, size=12, bold=False, align=None, before=0, after=6, caps=False, italic=False, keep=False):
    st = doc.styles[name]
    st.font.size = Pt(size)
    st.font.bold = bold
    st.font.italic = italic
    st.font.all_caps = caps
    st.font.color.rgb = RGBColor(0, 0, 0)
    _set_font(st.element.get_or_add_rPr(), SERIF)
    pf = st.paragraph_format
    pf.space_before = Pt(before)
    pf.space_after = Pt(after)
    pf.line_spacing = 1.15
    if align is not None:
        pf.alignment = align
    if keep:
        pf.keep_with_next = True
    return st


def _new_document():
    doc = Document()
    # The default template's theme fonts reach tables and lists too: pin the
    # document defaults as well as the styles.
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _set_font(rpr, SERIF)
    sec = doc.sections[0]
    sec.orientation = WD_ORIENT.PORTRAIT
    sec.page_width, sec.page_height = Cm(21), Cm(29.7)
    sec.left_margin = sec.right_margin = Cm(2.5)
    sec.top_margin, sec.bottom_margin = Cm(2.2), Cm(2.2)
    sec.footer_distance = Cm(1.0)
    _style(doc, "Normal", align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _style(doc, "Title", size=14, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=6, after=4, caps=True)
    # python-docx's Title has a blue bottom border: a filing has none.
    ppr = doc.styles["Title"].element.get_or_add_pPr()
    for b in ppr.findall(qn("w:pBdr")):
        ppr.remove(b)
    _style(doc, "Subtitle", size=12, italic=False, align=WD_ALIGN_PARAGRAPH.CENTER, after=4)
    # The default Subtitle is letter-spaced and attached to a list level: neither belongs in a filing.
    sub = doc.styles["Subtitle"].element
    for tag in ("w:numPr",):
        for el in sub.get_or_add_pPr().findall(qn(tag)):
            el.getparent().remove(el)
    for el in sub.get_or_add_rPr().findall(qn("w:spacing")):
        el.getparent().remove(el)
    bloc = doc.styles.add_style("Bloc", 1)
    bloc.base_style = doc.styles["Normal"]
    bloc.paragraph_format.space_after = Pt(0)
    bloc.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
    _style(doc, "Heading 1", size=12, bold=True, before=18, after=8, caps=True, keep=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    _style(doc, "Heading 2", size=12, bold=True, before=12, after=6, keep=True, align=WD_ALIGN_PARAGRAPH.LEFT)
    _style(doc, "List Bullet", align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=4)
    # Styles the clause bodies map to (drafting/render/markdown.py STYLES): a quotation, and a
    # numbered paragraph whose number is text ("1." then a tab), so that no Word list
    # numbering can restart or run on between two lists.
    quote = _style(doc, "Quote", italic=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY, after=6)
    quote.paragraph_format.left_indent = quote.paragraph_format.right_indent = Cm(1)
    for el in quote.element.get_or_add_rPr().findall(qn("w:color")):
        el.getparent().remove(el)
    quote.font.color.rgb = RGBColor(0, 0, 0)
    numero = doc.styles.add_style("Numero", 1)
    numero.base_style = doc.styles["Normal"]
    numero.paragraph_format.left_indent = Cm(0.9)
    numero.paragraph_format.first_line_indent = Cm(-0.9)
    numero.paragraph_format.tab_stops.add_tab_stop(Cm(0.9))
    numero.paragraph_format.space_after = Pt(4)
    # A framed block: what a --projet draft cannot file as it stands, on its first page.
    encadre = doc.styles.add_style("Encadre", 1)
    encadre.base_style = doc.styles["Normal"]
    encadre.paragraph_format.space_after = Pt(2)
    encadre.paragraph_format.keep_with_next = True
    bordures = OxmlElement("w:pBdr")
    for cote in ("top", "left", "bottom", "right"):
        trait = OxmlElement(f"w:{cote}")
        for att, val in (("w:val", "single"), ("w:sz", "8"), ("w:space", "4"), ("w:color", "C00000")):
            trait.set(qn(att), val)
        bordures.append(trait)
    encadre.element.get_or_add_pPr().append(bordures)
    return doc


def _runs(paragraph, text: str, size: float | None = None, bold: bool = False) -> None:
    for i, part in enumerate(re.split(r"\*\*", text)):
        if not part:
            continue
        run = paragraph.add_run(part)
        # Only ever switch bold on: an explicit "off" would override a bold style.
        if bold or i % 2 == 1:
            run.bold = True
        if size:
            run.font.size = Pt(size)


def _field(paragraph, instr: str) -> None:
    run = paragraph.add_run()
    for kind, text in (("begin", None), (None, instr), ("separate", None), (None, "1"), ("end", None)):
        if kind:
            el = OxmlElement("w:fldChar")
            el.set(qn("w:fldCharType"), kind)
            run._r.append(el)
        elif text == instr:
            el = OxmlElement("w:instrText")
            el.set(qn("xml:space"), "preserve")
            el.text = f" {instr} "
            run._r.append(el)
        else:
            el = OxmlElement("w:t")
            el.text = text
            run._r.append(el)


def _footer(doc, text: str) -> None:
    p = doc.sections[0].footer.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    for part in re.split(r"(\{PAGE\}|\{NUMPAGES\})", text):
        if part == "{PAGE}":
            _field(p, "PAGE")
        elif part == "{NUMPAGES}":
            _field(p, "NUMPAGES")
        elif part:
            r = p.add_run(part)
            r.font.size = Pt(9)


def _header(doc, text: str) -> None:
    p = doc.sections[0].header.paragraphs[0]
    p.alignment = WD_ALIGN_PARAGRAPH.CENTER
    r = p.add_run(text)
    r.bold = True
    r.font.size = Pt(14)
    r.font.color.rgb = RGBColor(0xC0, 0x00, 0x00)


def _shade(cell, fill: str) -> None:
    tcpr = cell._tc.get_or_add_tcPr()
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    tcpr.append(shd)


def _table(doc, rows: list[list[str]], widths: list[float] | None) -> None:
    ncols = len(rows[0])
    table = doc.add_table(rows=0, cols=ncols)
    table.style = doc.styles["Table Grid"]
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for r, cells in enumerate(rows):
        row = table.add_row()
        # A row never splits across pages: "Site de rendez-" / "vous" on two pages reads badly.
        cant = OxmlElement("w:cantSplit")
        cant.set(qn("w:val"), "true")
        row._tr.get_or_add_trPr().append(cant)
        if r == 0:
            # Repeat the header row on each page of a long attempts table.
            trpr = row._tr.get_or_add_trPr()
            h = OxmlElement("w:tblHeader")
            h.set(qn("w:val"), "true")
            trpr.append(h)
        values = cells if len(cells) == ncols else cells + [""] * (ncols - len(cells))
        for c, value in enumerate(values):
            cell = row.cells[c]
            p = cell.paragraphs[0]
            p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.LEFT
            p.paragraph_format.space_after = Pt(0)
            p.paragraph_format.space_before = Pt(0)
            _runs(p, value, size=10, bold=(r == 0))
            if r == 0:
                _shade(cell, "E7E6E6")
    if widths:
        # LibreOffice sizes columns from tblGrid and ignores cell widths unless the layout is fixed.
        table.autofit = False
        tblpr = table._tbl.tblPr
        layout = OxmlElement("w:tblLayout")
        layout.set(qn("w:type"), "fixed")
        tblpr.append(layout)
        for c, w in enumerate(widths):
            table.columns[c].width = Cm(w)
        for row in table.rows:
            for c, w in enumerate(widths):
                row.cells[c].width = Cm(w)
    doc.add_paragraph().paragraph_format.space_after = Pt(0)


def _read(path: Path) -> list[str]:
    lines: list[str] = []
    for line in path.read_text("utf-8").splitlines():
        if line.startswith("@include "):
            lines.extend(_read(path.parent / line.split(maxsplit=1)[1].strip()))
        elif line.startswith("%%"):  # a comment for whoever edits the source
            continue
        else:
            lines.append(line)
    return lines


def build(source: Path) -> bytes:
    doc = _new_document()
    body = doc.paragraphs[0]._p if doc.paragraphs else None
    if body is not None:
        body.getparent().remove(body)
    pending: list[str] = []
    table_rows: list[list[str]] = []
    widths: list[float] | None = None

    def flush_text():
        if pending:
            p = doc.add_paragraph(style="Normal")
            texte = " ".join(s.strip() for s in pending)
            _runs(p, texte)
            # A lead-in ("… selon le bordereau joint :") and "Sous toutes réserves." stay on the
            # page of what follows them: the list, the place, date and signature.
            if texte.endswith(":") or texte.startswith("Sous toutes réserves"):
                p.paragraph_format.keep_with_next = True
            pending.clear()

    def flush_table():
        nonlocal widths
        if table_rows:
            _table(doc, table_rows, widths)
            table_rows.clear()
            widths = None

    for line in _read(source):
        stripped = line.strip()
        if not stripped.startswith("||"):
            flush_table()
        if stripped.startswith("@widths "):
            widths = [float(x) for x in stripped.split()[1:]]
            continue
        if stripped.startswith("@footer "):
            flush_text()
            _footer(doc, stripped[len("@footer "):])
            continue
        if stripped.startswith("@header "):
            flush_text()
            _header(doc, stripped[len("@header "):])
            continue
        if not stripped:
            flush_text()
            continue
        if stripped.startswith("||"):
            flush_text()
            table_rows.append([c.strip() for c in stripped[2:].split(" | ")])
            continue
        prefixes = (("!! ", "Title"), ("! ", "Subtitle"), ("## ", "Heading 2"), ("# ", "Heading 1"),
                    ("-- ", "List Bullet"), ("[] ", "Encadre"))
        for prefix, style in prefixes:
            if stripped.startswith(prefix):
                flush_text()
                _runs(doc.add_paragraph(style=style), stripped[len(prefix):])
                break
        else:
            if stripped[:3] in (">> ", ">. ", ".. "):
                flush_text()
                p = doc.add_paragraph(style="Normal" if stripped.startswith(">> ") else "Bloc")
                if stripped.startswith(">"):
                    p.paragraph_format.alignment = WD_ALIGN_PARAGRAPH.RIGHT
                    # "Fait à …, le …" stays with the name that signs.
                    if stripped.startswith(">> Fait à"):
                        p.paragraph_format.keep_with_next = True
                _runs(p, stripped[3:])
            elif stripped.startswith(("{%p ", "{%- p", "{{p ")):
                flush_text()
                doc.add_paragraph(stripped, style="Normal")
            elif stripped == "[[pagebreak]]":
                flush_text()
                doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
            else:
                pending.append(stripped)
    flush_text()
    flush_table()
    core = doc.core_properties
    core.author = "draft"
    core.title = source.stem
    core.comments = "Modèle généré par scripts/build_templates.py depuis templates/src/."
    core.created = core.modified = instant(JOUR)
    core.last_modified_by = "draft"
    core.revision = 1
    # Only the styles the template and the clause bodies use: LibreOffice reads every
    # style of every file it converts.
    alleger(doc, garder=tuple(STYLES.values()))
    # python-docx's default document brings a thumbnail of an empty page and an empty
    # bibliography store: no template needs them.
    sans_restes(doc)
    buf = io.BytesIO()
    doc.save(buf)
    return figer_zip(buf.getvalue(), JOUR)


def _document_xml(data: bytes) -> bytes:
    with zipfile.ZipFile(io.BytesIO(data)) as z:
        return b"".join(z.read(n) for n in ("word/document.xml", "word/header1.xml", "word/footer1.xml")
                        if n in z.namelist())


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--check", action="store_true", help="fail if a committed template differs from its source")
    args = ap.parse_args()
    stale = []
    for source in sorted(SRC.glob("*.txt")):
        if source.name.startswith("_"):
            continue  # partials, included by others
        target = OUT / f"{source.stem}.docx"
        data = build(source)
        if args.check:
            if not target.exists() or _document_xml(target.read_bytes()) != _document_xml(data):
                stale.append(target.name)
        else:
            target.write_bytes(data)
            print(f"écrit {target.relative_to(ROOT)}")
    if stale:
        print("modèles à régénérer (python scripts/build_templates.py) : " + ", ".join(stale))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
