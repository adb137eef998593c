"""Rendered DOCX carry only the styles they use (LibreOffice reads every style of every
file: the unused ones cost a third of its conversion time), and lose none they need."""

from __future__ import annotations

import io
import zipfile

from docx import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from lxml import etree

from drafting.render.markdown import STYLES
from drafting.render.styles import alleger

from conftest import ROOT

W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NS = {"w": W}


def _parties(docx: bytes) -> dict[str, bytes]:
    with zipfile.ZipFile(io.BytesIO(docx)) as z:
        return {n: z.read(n) for n in z.namelist()}


def _styles_definis(parties: dict[str, bytes]) -> set[str]:
    return set(etree.fromstring(parties["word/styles.xml"]).xpath("//w:style/@w:styleId", namespaces=NS))


def _styles_references(parties: dict[str, bytes]) -> set[str]:
    refs = set()
    for nom, xml in parties.items():
        if nom.startswith("word/") and nom.endswith(".xml") and nom != "word/styles.xml":
            refs |= set(etree.fromstring(xml).xpath("//w:pStyle/@w:val | //w:rStyle/@w:val | //w:tblStyle/@w:val",
                                                    namespaces=NS))
    return refs


def test_every_style_a_rendered_document_uses_is_defined_and_no_other(bobigny_avec_lettre):
    _, out = bobigny_avec_lettre
    for nom in ("requete", "lettre-prefecture", "bordereau"):
        parties = _parties((out / f"{nom}.docx").read_bytes())
        definis, references = _styles_definis(parties), _styles_references(parties)
        # A paragraph whose style is missing would silently print as Normal in Word.
        assert references <= definis, (nom, references - definis)
        assert len(definis) < 30, (nom, sorted(definis))
        assert "word/stylesWithEffects.xml" not in parties
        assert len(parties["word/styles.xml"]) < 40_000


def test_the_bundled_templates_keep_the_styles_clause_bodies_print_in():
    for modele in sorted((ROOT / "templates").glob("*.docx")):
        definis = _styles_definis(_parties(modele.read_bytes()))
        assert set(STYLES.values()) <= definis, (modele.name, set(STYLES.values()) - definis)


def test_styles_named_by_a_field_a_footnote_or_a_base_style_are_kept():
    doc = Document()
    doc.add_paragraph("Titre", style="Heading 3")        # based on Normal, linked to Heading3Char
    champ = doc.sections[0].footer.paragraphs[0]
    champ._p.append(etree.fromstring(f'<w:fldSimple xmlns:w="{W}" w:instr=\' STYLEREF "heading 4" \\* MERGEFORMAT \'/>'))
    # Footnotes are a part python-docx keeps as raw bytes: their styles count too.
    notes = (f'<w:footnotes xmlns:w="{W}"><w:footnote w:id="1"><w:p><w:pPr><w:pStyle w:val="Caption"/></w:pPr>'
             f'</w:p></w:footnote></w:footnotes>').encode()
    partie = Part(PackURI("/word/footnotes.xml"),
                  "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml", notes, doc.part.package)
    doc.part.relate_to(partie, RT.FOOTNOTES)
    avant = len(doc.styles.element.xpath("w:style"))

    alleger(doc, garder=("Quote",))

    restants = set(doc.styles.element.xpath("w:style/@w:styleId"))
    assert {"Heading3", "Heading3Char", "Normal", "Heading4", "Caption", "Quote"} <= restants
    assert "Heading9" not in restants and "IntenseQuote" not in restants
    assert len(restants) < avant / 4
    sortie = io.BytesIO()
    doc.save(sortie)
    parties = _parties(sortie.getvalue())
    assert "word/stylesWithEffects.xml" not in parties
    assert _styles_references(parties) <= _styles_definis(parties)
