"""Pièces sanitised on the way in: nothing active or private reaches a filing.

Pièces come from clients' phones and e-mails. A PDF may carry JavaScript (run at opening,
on a page, in a form field), actions that launch a program or open an address, attached
files, the lawyer's own sticky notes, and form scripts; a photo carries EXIF (the phone's
model, the date, often the GPS position of where it was taken) and sometimes a thumbnail
of the uncropped picture. None of it is evidence, and all of it would travel to the
préfecture and the court inside the Télérecours files and dossier-complet.pdf.

What is kept is what prints: a page's own content, and the printable appearance of its
form fields and drawn annotations (a filled-in CERFA keeps its values), drawn into the
page instead of being left as annotations. The pixels of an image are kept as they are:
a JPEG loses its metadata segments byte for byte, without being decoded again; an EXIF
orientation is applied (as a rotation of the page, or by Pillow for a mirrored one).

This module knows nothing of a case: it takes a pypdf reader, a writer's page or an
image's bytes, and says in French what it removed, for the manifest and the run's line.
pypdf and Pillow are imported where they are used (``draft analyse`` imports none).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from PIL import Image
    from pypdf import PageObject, PdfReader

# What is removed, as the manifest and the run say it.
JAVASCRIPT = "JavaScript"
LANCEMENT = "action qui lance un programme"
ACTION = "liens et autres actions"
FICHIER_JOINT = "fichiers joints"
NOTE = "notes (annotations)"
ANNOTATION = "autres annotations"
FORMULAIRE = "formulaire interactif (les valeurs imprimées sont gardées)"
XFA = "formulaire XFA"
EXIF = "métadonnées EXIF"
GPS = "position GPS"
XMP = "métadonnées XMP"
COMMENTAIRE = "commentaire de l'image"
IPTC = "métadonnées IPTC"
VIGNETTE = "vignette de l'image"
# One order for every list, whatever the order things were found in.
ORDRE = (JAVASCRIPT, LANCEMENT, ACTION, FICHIER_JOINT, NOTE, ANNOTATION, FORMULAIRE, XFA,
         EXIF, GPS, XMP, IPTC, COMMENTAIRE, VIGNETTE)

# Page keys never copied into an output: additional actions (/AA: scripts run when the
# page opens or closes), annotations (drawn into the page when printable, see aplatir),
# the page's own XMP metadata, an application's private data, and a thumbnail that may
# show another picture than the page.
CLES_DE_PAGE_RETIREES = ("/Annots", "/AA", "/Metadata", "/PieceInfo", "/Thumb")

# Annotations whose printable appearance is part of what the page shows: form fields and
# drawn markup. Notes, pop-ups, links, attachments and media are dropped whatever they look like.
_DESSINEES = {"/Widget", "/FreeText", "/Stamp", "/Square", "/Circle", "/Line", "/Polygon", "/PolyLine",
              "/Ink", "/Highlight", "/Underline", "/StrikeOut", "/Squiggly", "/Caret", "/Redact"}
_NOTES = {"/Text", "/Popup"}
_ANNOTATION_IMPRIMEE, _ANNOTATION_CACHEE, _ANNOTATION_INVISIBLE, _ANNOTATION_SANS_VUE = 4, 2, 1, 32
# Nesting allowed while following actions (/Next) and fields (/Kids): a hostile file
# may nest them without end.
_PROFONDEUR_MAX = 64


def ordonner(retraits: set[str] | list[str]) -> list[str]:
    return sorted(set(retraits), key=ORDRE.index)


def _objet(x: Any) -> Any:
    return x.get_object() if x is not None and hasattr(x, "get_object") else x


def _actions(action: Any, trouves: set[str], profondeur: int = 0) -> None:
    """The kinds of an action dictionary (or an array of them) and of the actions it chains."""
    action = _objet(action)
    if profondeur > _PROFONDEUR_MAX or action is None:
        return
    if isinstance(action, list):
        for a in action:
            _actions(a, trouves, profondeur + 1)
        return
    if not hasattr(action, "get"):
        return  # an /OpenAction that is a destination (a page to show): nothing runs
    sorte = action.get("/S")
    if sorte == "/JavaScript" or "/JS" in action:  # a /Rendition action may carry a script too
        trouves.add(JAVASCRIPT)
    elif sorte == "/Launch":
        trouves.add(LANCEMENT)
    elif sorte is not None:
        trouves.add(ACTION)
    _actions(action.get("/Next"), trouves, profondeur + 1)


def _actions_supplementaires(d: Any, trouves: set[str]) -> None:
    """/AA: actions run on events (page opened, field changed, key pressed, document saved)."""
    aa: Any = _objet(d.get("/AA")) if hasattr(d, "get") else None
    if hasattr(aa, "values"):
        for action in aa.values():
            _actions(action, trouves)


def _champs(champs: Any, trouves: set[str], profondeur: int = 0) -> None:
    champs = _objet(champs)
    if profondeur > _PROFONDEUR_MAX or not isinstance(champs, list):
        return
    for champ in champs:
        champ = _objet(champ)
        if hasattr(champ, "get"):
            _actions_supplementaires(champ, trouves)
            _actions(champ.get("/A"), trouves)
            _champs(champ.get("/Kids"), trouves, profondeur + 1)


def retraits_du_document(reader: PdfReader) -> set[str]:
    """What the document as a whole carries and no output copies (pages are copied one by
    one, never the catalogue): scripts run at opening, attached files, forms and their scripts."""
    trouves: set[str] = set()
    racine = _objet(reader.trailer.get("/Root"))
    if not hasattr(racine, "get"):
        return trouves
    _actions(racine.get("/OpenAction"), trouves)
    _actions_supplementaires(racine, trouves)
    noms = _objet(racine.get("/Names"))
    if hasattr(noms, "get"):
        if "/JavaScript" in noms:
            trouves.add(JAVASCRIPT)
        if "/EmbeddedFiles" in noms:
            trouves.add(FICHIER_JOINT)
    formulaire = _objet(racine.get("/AcroForm"))
    if hasattr(formulaire, "get"):
        champs = _objet(formulaire.get("/Fields"))
        if champs:
            trouves.add(FORMULAIRE)
        if "/XFA" in formulaire:
            trouves.add(XFA)
        _champs(champs, trouves)
    return trouves


def retraits_de_page(page: PageObject) -> set[str]:
    """What a page carries that no output copies (CLES_DE_PAGE_RETIREES)."""
    trouves: set[str] = set()
    _actions_supplementaires(page, trouves)
    for annotation in _annotations(page):
        sorte = annotation.get("/Subtype")
        _actions(annotation.get("/A"), trouves)
        _actions_supplementaires(annotation, trouves)
        if sorte == "/FileAttachment":
            trouves.add(FICHIER_JOINT)
        elif sorte in _NOTES:
            trouves.add(NOTE)
        elif sorte == "/Widget":
            trouves.add(FORMULAIRE)
        elif sorte == "/Link":
            trouves.add(ACTION)
        else:
            trouves.add(ANNOTATION)
    return trouves


def _annotations(page: Any) -> list[Any]:
    annots = _objet(page.get("/Annots"))
    if not isinstance(annots, list):
        return []
    return [a for a in (_objet(x) for x in annots) if hasattr(a, "get")]


def _apparence(annotation: Any) -> Any:
    """The normal appearance an annotation prints, or None (not printed, or none drawn)."""
    if annotation.get("/Subtype") not in _DESSINEES:
        return None
    try:
        drapeaux = int(annotation.get("/F", 0))
    except (TypeError, ValueError):
        return None
    if not drapeaux & _ANNOTATION_IMPRIMEE or drapeaux & (_ANNOTATION_CACHEE | _ANNOTATION_INVISIBLE):
        return None
    ap = _objet(annotation.get("/AP"))
    normale = ap.get("/N") if hasattr(ap, "get") else None
    flux = _objet(normale)
    if hasattr(flux, "get") and not hasattr(flux, "get_data"):
        # A check box or a radio button: one appearance per state, /AS says which one shows.
        normale = flux.get(annotation.get("/AS"))
        flux = _objet(normale)
    if not hasattr(flux, "get_data") or "/BBox" not in flux:
        return None
    return normale


def _nombres(x: Any, n: int) -> list[float] | None:
    x = _objet(x)
    try:
        valeurs = [float(_objet(v)) for v in x]
    except (TypeError, ValueError):
        return None
    return valeurs if len(valeurs) == n else None


def aplatir(source: PageObject, copie: PageObject) -> None:
    """Draw onto ``copie`` (the page as added to a writer, without its annotations) the
    printable appearance of the annotations of ``source``: what a printer would print.

    Each appearance is a form XObject placed as ISO 32000 §12.5.5 says: its bounding box,
    transformed by its matrix, is mapped onto the annotation's rectangle. The page's own
    content is wrapped in q … Q first, so that a graphics state it leaves cannot move them."""
    from pypdf.generic import DictionaryObject, NameObject

    placements = []
    for annotation in _annotations(source):
        normale = _apparence(annotation)
        rect = _nombres(annotation.get("/Rect"), 4)
        if normale is None or rect is None:
            continue
        flux = _objet(normale)
        bbox = _nombres(flux.get("/BBox"), 4)
        matrice = _nombres(flux.get("/Matrix"), 6) or [1.0, 0.0, 0.0, 1.0, 0.0, 0.0]
        if bbox is None:
            continue
        a, b, c, d, e, f = matrice
        coins = [(a * x + c * y + e, b * x + d * y + f) for x in (bbox[0], bbox[2]) for y in (bbox[1], bbox[3])]
        x0, x1 = min(p[0] for p in coins), max(p[0] for p in coins)
        y0, y1 = min(p[1] for p in coins), max(p[1] for p in coins)
        rx0, rx1 = sorted((rect[0], rect[2]))
        ry0, ry1 = sorted((rect[1], rect[3]))
        if x1 - x0 <= 0 or y1 - y0 <= 0:
            continue
        sx, sy = (rx1 - rx0) / (x1 - x0), (ry1 - ry0) / (y1 - y0)
        placements.append((normale, (sx, sy, rx0 - x0 * sx, ry0 - y0 * sy)))
    if not placements:
        return

    assert copie.indirect_reference is not None  # a page of a writer always has one
    ecrivain = copie.indirect_reference.pdf
    ressources = _objet(copie.get("/Resources"))
    if not isinstance(ressources, DictionaryObject):
        ressources = DictionaryObject()
        copie[NameObject("/Resources")] = ressources
    xobjets = _objet(ressources.get("/XObject"))
    if not isinstance(xobjets, DictionaryObject):
        xobjets = DictionaryObject()
        ressources[NameObject("/XObject")] = xobjets
    ops = []
    for k, (normale, (sx, sy, tx, ty)) in enumerate(placements):
        forme = _objet(normale).clone(ecrivain)
        forme[NameObject("/Type")] = NameObject("/XObject")
        forme[NameObject("/Subtype")] = NameObject("/Form")
        nom = f"/DraftApparence{k}"
        while nom in xobjets:
            nom += "_"
        xobjets[NameObject(nom)] = forme.indirect_reference or ecrivain._add_object(forme)
        ops.append(f"q {sx:.6f} 0 0 {sy:.6f} {tx:.4f} {ty:.4f} cm {nom} Do Q")

    entourer_contenu(copie, b"q\n", ("\nQ\n" + "\n".join(ops) + "\n").encode("ascii"))


def entourer_contenu(page: PageObject, avant: bytes, apres: bytes) -> None:
    """Put ``avant`` and ``apres`` around a writer's page content, each as one more content
    stream: the page's own streams are kept as they are, never parsed nor encoded again."""
    from pypdf.generic import ArrayObject, DecodedStreamObject, NameObject

    assert page.indirect_reference is not None  # a page of a writer always has one
    ecrivain = page.indirect_reference.pdf

    def flux(donnees: bytes):
        s = DecodedStreamObject()
        s.set_data(donnees)
        return ecrivain._add_object(s)

    contenu = page.get("/Contents")
    existants = []
    if contenu is not None:
        objet = contenu.get_object()
        existants = list(objet) if isinstance(objet, ArrayObject) else [contenu]
    page[NameObject("/Contents")] = ArrayObject([flux(avant), *existants, flux(apres)])


# --- images --------------------------------------------------------------------------

# EXIF orientation → the clockwise rotation of the page that shows the picture upright
# (img2pdf's convention); the mirrored ones (2, 4, 5, 7) are applied by Pillow instead.
ROTATIONS = {1: 0, 3: 180, 6: 90, 8: 270}
_GPS_IFD = 0x8825
_ORIENTATION = 0x0112


def orientation(im: Image.Image) -> int:
    try:
        valeur = int(im.getexif().get(_ORIENTATION, 1))
    except Exception:  # an EXIF block Pillow cannot parse: no orientation to apply
        return 1
    return valeur if 1 <= valeur <= 8 else 1


def retraits_d_image(im: Image.Image) -> set[str]:
    """What an image carries besides its pixels (as Pillow reads it), none of which the PDF keeps."""
    trouves: set[str] = set()
    info = im.info
    try:
        exif = im.getexif()
        if len(exif):
            trouves.add(EXIF)
            if exif.get_ifd(_GPS_IFD) or exif.get(_GPS_IFD):
                trouves.add(GPS)
    except Exception:  # unreadable EXIF is still EXIF
        trouves.add(EXIF)
    if "exif" in info:
        trouves.add(EXIF)
    if "xmp" in info or "XML:com.adobe.xmp" in info:
        trouves.add(XMP)
    if "photoshop" in info:
        trouves.add(IPTC)
    if info.get("comment"):
        trouves.add(COMMENTAIRE)
    if any(k in info for k in ("Comment", "Description", "Author", "Title", "Software")):
        trouves.add(COMMENTAIRE)
    return trouves


# JPEG segments kept: JFIF (resolution), the ICC colour profile, Adobe (CMYK colour
# transform). Every other application segment (APP1 EXIF and XMP, APP13 IPTC, APP2 MPF,
# APP0 JFXX thumbnails…) and every comment goes.
_SEGMENTS_GARDES = {0xE0: b"JFIF\x00", 0xE2: b"ICC_PROFILE\x00", 0xEE: b"Adobe"}


def jpeg_sans_metadonnees(data: bytes) -> bytes:
    """The JPEG with its metadata segments removed, every other byte as it was: the pixels
    are not decoded again (no loss). Anything after the end-of-image marker (some phones
    append their own records there) goes too. ValueError on a layout it cannot follow."""
    if not data.startswith(b"\xff\xd8"):
        raise ValueError("pas un JPEG")
    out = bytearray(b"\xff\xd8")
    i, n = 2, len(data)
    while i < n:
        if data[i] != 0xFF or i + 1 >= n:
            raise ValueError("marqueur attendu")
        marqueur = data[i + 1]
        if marqueur == 0xFF:  # fill byte before a marker
            i += 1
            continue
        if marqueur == 0xD9:  # end of image
            out += b"\xff\xd9"
            return bytes(out)
        if 0xD0 <= marqueur <= 0xD7 or marqueur in (0x01, 0xD8):
            out += data[i:i + 2]
            i += 2
            continue
        if i + 4 > n:
            raise ValueError("segment tronqué")
        longueur = int.from_bytes(data[i + 2:i + 4], "big")
        if longueur < 2 or i + 2 + longueur > n:
            raise ValueError("segment tronqué")
        segment = data[i:i + 2 + longueur]
        metadonnee = 0xE0 <= marqueur <= 0xEF or marqueur == 0xFE
        if not metadonnee or segment[4:].startswith(_SEGMENTS_GARDES.get(marqueur, b"\x00\x00")):
            out += segment
        i += 2 + longueur
        if marqueur == 0xDA:
            # Entropy-coded data: up to the next marker that is neither a stuffed 0xFF
            # (FF 00) nor a restart marker (FF D0-D7).
            j = i
            while True:
                j = data.find(b"\xff", j)
                if j < 0 or j + 1 >= n:
                    out += data[i:]  # cut short: kept as it was, Pillow tells if it is readable
                    return bytes(out)
                suivant = data[j + 1]
                if suivant == 0x00 or 0xD0 <= suivant <= 0xD7:
                    j += 2
                elif suivant == 0xFF:
                    j += 1
                else:
                    break
            out += data[i:j]
            i = j
    return bytes(out)


def resume(retraits: dict[int, list[str]]) -> str | None:
    """The run's one line: which pièce lost what, or None when nothing was removed."""
    if not any(retraits.values()):
        return None
    parties = [f"pièce n° {numero} : {', '.join(quoi)}" for numero, quoi in sorted(retraits.items()) if quoi]
    return ("retiré des pièces avant dépôt (rien de cela n'est une preuve, tout partirait au tribunal) — "
            + " ; ".join(parties) + ".")
