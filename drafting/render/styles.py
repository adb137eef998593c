"""What a rendered DOCX does not need: the styles nothing uses, and what python-docx's
default document leaves behind. Used on every rendered document (docx.py) and on the
templates when they are built (scripts/build_templates.py)."""

from __future__ import annotations

import re

from lxml import etree

# --- what python-docx's default document leaves behind -----------------------------------

_VIGNETTE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
_XML_PERSONNALISE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
_SOURCES = "{http://schemas.openxmlformats.org/officeDocument/2006/bibliography}Sources"


def _bibliographie_vide(partie) -> bool:
    try:
        racine = etree.fromstring(partie.blob)
    except (etree.XMLSyntaxError, ValueError):
        return False
    return racine.tag == _SOURCES and len(racine) == 0


def sans_restes(document) -> None:
    """Remove what python-docx's default document (the templates' origin) carries and the
    dossier has no use for: the thumbnail (a picture of an empty page, shown by file browsers
    instead of the document) and the empty bibliography store (customXml, item and
    properties). A part no relationship reaches is not written, nor its content type. A
    custom XML part holding data (a firm template's bound fields) is kept."""
    paquet = document.part.package
    for rid, rel in list(paquet.rels.items()):
        if rel.reltype == _VIGNETTE:
            del paquet.rels[rid]
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype == _XML_PERSONNALISE and not rel.is_external and _bibliographie_vide(rel.target_part):
            del document.part.rels[rid]


# --- lighter DOCX for LibreOffice -------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_STYLES_AVEC_EFFETS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_REFERENCES_DE_STYLE = etree.XPath(
    ".//w:pStyle/@w:val | .//w:rStyle/@w:val | .//w:tblStyle/@w:val | .//w:numStyleLink/@w:val"
    " | .//w:styleLink/@w:val | .//w:clickAndTypeStyle/@w:val", namespaces={"w": _W})
_CODES_DE_CHAMP = etree.XPath(".//w:instrText/text() | .//w:fldSimple/@w:instr", namespaces={"w": _W})


def _racines_xml(document):
    """The XML of every Word part but the styles: body, headers, footers, numbering,
    settings, and the footnotes or comments python-docx keeps as raw bytes."""
    styles = document.styles.element
    for partie in document.part.package.iter_parts():
        element = getattr(partie, "_element", None)
        if element is styles:
            continue
        if element is not None:
            yield element
        elif str(partie.partname).startswith("/word/") and partie.content_type.endswith("+xml"):
            try:
                yield etree.fromstring(partie.blob)
            except etree.XMLSyntaxError:
                continue


def alleger(document, garder: tuple[str, ...] = ()) -> None:
    """Remove the styles nothing in the document uses, and Word 2010's copy of them.

    A template made from Word's (or python-docx's) default carries about 160 styles and
    800 KB of style XML, which LibreOffice reads for every file: removing them cut its
    conversion time by a third (README, "Mesures de vitesse"). What is printed is unchanged:
    a style no paragraph, run, table, numbering or STYLEREF field refers to cannot be seen,
    and the styles a used one is based on or linked to are kept. Word's built-in styles
    stay offered in Word through the latent styles, which are kept. ``garder``: style ids
    kept although unused (a template keeps those the clause bodies print in)."""
    racine = document.styles.element
    par_id = {s.get(f"{{{_W}}}styleId"): s for s in racine.iterchildren(f"{{{_W}}}style")}
    par_nom = {}
    for sid, s in par_id.items():
        nom = s.find(f"{{{_W}}}name")
        if nom is not None:
            par_nom[nom.get(f"{{{_W}}}val")] = sid
    a_garder = [sid for sid, s in par_id.items() if s.get(f"{{{_W}}}default") in ("1", "true", "on")]
    a_garder += garder
    for xml in _racines_xml(document):
        a_garder += _REFERENCES_DE_STYLE(xml)
        for code in _CODES_DE_CHAMP(xml):
            for entre_guillemets, seul in re.findall(r'STYLEREF\s+(?:"([^"]+)"|(\S+))', code):
                nom = entre_guillemets or seul
                a_garder.append(par_nom.get(nom, nom))
    gardes: set[str] = set()
    while a_garder:
        sid = a_garder.pop()
        if sid in gardes or sid not in par_id:
            continue
        gardes.add(sid)
        for lien in ("basedOn", "link", "next"):
            e = par_id[sid].find(f"{{{_W}}}{lien}")
            if e is not None:
                a_garder.append(e.get(f"{{{_W}}}val"))
    for sid, s in par_id.items():
        if sid not in gardes:
            racine.remove(s)
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype == _STYLES_AVEC_EFFETS:
            del document.part.rels[rid]
