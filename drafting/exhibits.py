"""Pièces: one numbering, each exhibit normalised to PDF, stamped on every page, named for Télérecours.

The numbering (``numeroter``) is a pure function of the case: the requête, the
bordereau, the stamps, the file names and the bookmarks all read it, so they agree.
Order follows the order in which a petition cites them: identity, titre, séjour,
domicile, attempts (chronologically), letters with their AR, urgency proofs, others.
"""

from __future__ import annotations

import codecs
import io
import logging
import re
import unicodedata
import warnings
from dataclasses import dataclass
from pathlib import Path

# img2pdf, Pillow and pypdf are imported where pièces are read and stamped, not here:
# numbering is needed by `draft analyse`, which must start instantly.

from typing import TYPE_CHECKING

from . import assainissement, limits
from .case import Case
from .errors import CaseError

if TYPE_CHECKING:
    from pypdf import PageObject, PdfReader, PdfWriter
from .fr import date_fr, heure_fr
from .reproductible import date_pdf, figer_pdf
from .rules import libelles, valeur

# pypdf and img2pdf log their repairs of odd but readable files ("incorrect startxref
# pointer", "alpha channel") in English on stderr: noise beside the one French sentence
# the user gets. What they cannot repair raises, and is reported in French below.
for _bavard in ("pypdf", "img2pdf"):
    logging.getLogger(_bavard).setLevel(logging.CRITICAL)


@dataclass(frozen=True)
class Piece:
    numero: int
    libelle: str
    source: Path
    champ: str  # the case-file field that names the file, for error messages
    id: str | None = None  # [[pieces]] id, when it has one
    categorie: str | None = None  # [[pieces]] categorie, when it has one
    tentative: int | None = None  # index in case.tentatives (0-based) of the attempt it proves
    depot: int | None = None  # None: not filed yet; 0: filed with the petition; n: with the n-th complement

    @property
    def titre_complet(self) -> str:
        return libelles()["piece"]["signet"].format(numero=self.numero, libelle=self.libelle)


@dataclass(frozen=True)
class PieceRendue:
    """A numbered pièce as the dossier prints it: its page count and its Télérecours name."""

    piece: Piece
    pages: int
    fichier: str  # Télérecours file name


def numeroter(case: Case) -> tuple[Piece, ...]:
    lib = libelles()["piece"]
    entrees: list[tuple[str, Path, str, str | None, int | None]] = []
    declarees = list(enumerate(case.pieces, 1))
    categories = {p.id: p.categorie for p in case.pieces}

    def declarees_de(categorie: str) -> None:
        for i, p in declarees:
            if p.categorie == categorie:
                entrees.append((p.titre, p.fichier, f"pieces[{i}].fichier", p.id, None))

    declarees_de("identite")
    if case.titre is not None and case.titre.fichier is not None:
        titre = case.titre
        modele = lib["titre"] if titre.numero else lib["titre_sans_numero"]
        entrees.append((modele.format(numero=titre.numero, date=date_fr(titre.expire_le)), case.titre.fichier,
                        "titre.fichier", None, None))
    declarees_de("sejour")
    declarees_de("domicile")
    chrono = sorted(range(len(case.tentatives)), key=lambda k: case.tentatives[k].le)
    for k in chrono:
        t = case.tentatives[k]
        if t.capture is not None:
            modele = lib["capture_heure"] if t.heure_connue else lib["capture"]
            libelle = modele.format(date=date_fr(t.le.date()), heure=heure_fr(t.le))
            entrees.append((libelle, t.capture, f"tentatives[{k + 1}].capture", None, k))
    for i, c in sorted(enumerate(case.courriers, 1), key=lambda ic: ic[1].envoye_le):
        if c.fichier is not None:
            libelle = libelles()["courrier"][c.type]["piece"].format(date=date_fr(c.envoye_le))
            entrees.append((libelle, c.fichier, f"courriers[{i}].fichier", None, None))
        if c.accuse is not None:
            libelle = (lib["accuse"].format(date=date_fr(c.recu_le)) if c.recu_le
                       else lib["accuse_sans_date"].format(date=date_fr(c.envoye_le)))
            entrees.append((libelle, c.accuse, f"courriers[{i}].accuse", None, None))
    d = case.demande_en_ligne
    if d is not None and d.accuse is not None:
        ref = f" (référence {d.reference})" if d.reference else ""
        entrees.append((lib["accuse_en_ligne"].format(canal=libelles()["canal_en_ligne"][d.canal], date=date_fr(d.le),
                                                      reference=ref), d.accuse, "demande_en_ligne.accuse", None, None))
    deja = {e[3] for e in entrees if e[3]}
    par_id = {p.id: (i, p) for i, p in declarees}
    for u in case.urgence:
        for ref in u.pieces:
            if ref not in deja:
                i, p = par_id[ref]
                entrees.append((p.titre, p.fichier, f"pieces[{i}].fichier", p.id, None))
                deja.add(ref)
    for i, p in declarees:
        if p.id not in deja and p.categorie not in ("identite", "sejour", "domicile"):
            entrees.append((p.titre, p.fichier, f"pieces[{i}].fichier", p.id, None))
    if case.depot is not None:
        return _numeros_deposes(case, entrees, categories)
    return tuple(
        Piece(numero=n, libelle=lib, source=src, champ=champ, id=pid, tentative=k,
              categorie=categories.get(pid) if pid is not None else None)
        for n, (lib, src, champ, pid, k) in enumerate(entrees, 1)
    )


def _numeros_deposes(case: Case, entrees: list, categories: dict) -> tuple[Piece, ...]:
    """Once filed, the pièces keep the number and title they were filed with (the stamps,
    the bordereau and the Télérecours names the court has); the others follow the last one
    filed, in their natural order."""
    assert case.depot is not None
    depot = case.depot
    deposees = {p.fichier: p for p in depot.pieces}
    pieces: list[Piece] = []
    vues: set[Path] = set()
    suivant = len(depot.pieces) + 1
    for lib, src, champ, pid, k in entrees:
        d = deposees.get(src.resolve())
        if d is not None and d.fichier not in vues:
            # Unchanged: case.py checks each filed pièce against its hash when it loads the case.
            vues.add(d.fichier)
            numero, lib, origine = d.numero, d.titre, d.complement
        else:
            numero, origine, suivant = suivant, None, suivant + 1
        pieces.append(Piece(numero=numero, libelle=lib, source=src, champ=champ, id=pid, tentative=k,
                            categorie=categories.get(pid) if pid is not None else None, depot=origine))
    return tuple(sorted(pieces, key=lambda p: p.numero))


# --- Télérecours names -----------------------------------------------------------------


def _ascii(texte: str) -> str:
    texte = texte.replace("œ", "oe").replace("Œ", "OE").replace("æ", "ae").replace("Æ", "AE").replace("ß", "ss")
    texte = texte.replace("’", "'").replace("ʼ", "'")  # the typographic apostrophe separates words too
    return unicodedata.normalize("NFKD", texte).encode("ascii", "ignore").decode("ascii")


def nom_fichier(numero: int, libelle: str, largeur: int, longueur_max: int) -> str:
    """'05_Capture_d_ecran_du_26_octobre_2026_a_08_h_30.pdf': number first, ASCII, no '.', ≤ max.

    Art. R. 414-5 CJA: the name starts with the pièce's order number and describes it;
    Télérecours refuses accents, '%', '/', '&' and '.' other than the extension.
    """
    prefixe = f"{numero:0{largeur}d}_"
    corps = re.sub(r"[^A-Za-z0-9-]+", "_", _ascii(libelle)).strip("_")
    if not re.search(r"[A-Za-z]", corps):
        # A title in another script (Cyrillic, Arabic) has no ASCII letters: still describe the file.
        corps = f"Piece_{numero}" + (f"_{corps}" if corps else "")
    place = longueur_max - len(prefixe) - len(".pdf")
    if len(corps) > place:
        corps = corps[:place]
        # Cut at a word boundary when one is close, so the name stays readable.
        if "_" in corps[place // 2:]:
            corps = corps[: corps.rindex("_")]
        corps = corps.rstrip("_-")
    return f"{prefixe}{corps}.pdf"


def largeur_numeros(nombre: int) -> int:
    # Zero-padding keeps the files in order in every file browser and upload form.
    return max(2, len(str(nombre)))


# --- normalising and stamping ----------------------------------------------------------

def _mm(mm: float) -> float:
    return mm * 72 / 25.4   # points, as img2pdf.mm_to_pt


_A4_PAYSAGE = (_mm(297), _mm(210))
_A4 = (_mm(210), _mm(297))
_BORD = _mm(15)
BANDE = 26.0  # points added above each page for the stamp: it never covers the pièce


# The formats a pièce may be in: decided by the content, never by the extension (a JPEG
# saved as .png, a PDF saved as .png are common and harmless: they are what they are).
_LISIBLES = ("pdf", "png", "jpeg", "webp")
# What other common contents are, to tell the user what the file really is, and what to do.
_AUTRES = {
    "heic": ("une photo HEIC (format des iPhone)", "convertissez la photo en JPEG"),
    "avif": ("une image AVIF", "convertissez-la en JPEG ou PNG"),
    "gif": ("une image GIF", "convertissez-la en PNG"),
    "tiff": ("une image TIFF", "enregistrez-la en PDF ou en PNG"),
    "bmp": ("une image BMP", "enregistrez-la en PNG"),
    "word": ("un document Word ou OpenDocument", "exportez-le en PDF"),
    "html": ("une page web (HTML)", "imprimez-la en PDF depuis le navigateur"),
    "texte": ("du texte", "enregistrez le document en PDF"),
    "svg": ("une image SVG (un dessin vectoriel)", "exportez-la en PDF ou en PNG"),
}
_MARQUES_HEIF = (b"heic", b"heix", b"hevc", b"hevx", b"heim", b"heis", b"mif1", b"msf1")


def _nature(data: bytes) -> str | None:
    entete = data[:1024].find(b"%PDF-")
    # A PDF starts with its header, or has it within its first 1,024 bytes after some junk (a
    # download's leftovers); a text that only mentions "%PDF-" has no PDF object in it.
    if entete == 0 or (entete > 0 and b"endobj" in data):
        return "pdf"
    if data.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if data.startswith(b"\xff\xd8\xff"):
        return "jpeg"
    if data[:4] == b"RIFF" and data[8:12] == b"WEBP":
        return "webp"
    if data[4:8] == b"ftyp":
        return "avif" if data[8:12] in (b"avif", b"avis") else "heic" if data[8:12] in _MARQUES_HEIF else None
    if data[:6] in (b"GIF87a", b"GIF89a"):
        return "gif"
    if data[:4] in (b"II*\x00", b"MM\x00*"):
        return "tiff"
    if data[:2] == b"BM":
        return "bmp"
    if data[:4] == b"PK\x03\x04" and (b"word/" in data or b"opendocument.text" in data[:200]):
        return "word"
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":  # .doc of Word 97-2003
        return "word"
    debut = data[:4096]
    if debut.lstrip().lower().startswith((b"<!doctype html", b"<html")):
        return "html"
    if debut.lstrip().lower().startswith((b"<?xml", b"<svg", b"<!doctype svg")) and b"<svg" in debut.lower():
        return "svg"
    if b"\x00" not in debut:
        try:
            # Incremental: a multi-byte character cut at byte 4096 is still text.
            codecs.getincrementaldecoder("utf-8")().decode(debut, final=False)
            return "texte"
        except UnicodeDecodeError:
            pass
    return None


def _image_en_pdf(data: bytes, nature: str, taille_max: int, refus) -> tuple[bytes, set[str]]:
    """An image on an A4 page, its pixels unchanged, except what a court must not get; and
    what was removed (assainissement: EXIF with the GPS position, XMP, comments…).

    Transparency is flattened on white: what is filed is what is seen, and nothing a
    phone editor "erased" to transparent survives in the PDF. WebP (what messaging apps
    save) is decoded by Pillow and re-encoded as PNG, losslessly. A JPEG loses its
    metadata segments without being decoded again; its EXIF orientation becomes the page's
    rotation (a mirrored one is applied by Pillow, and the image re-encoded as PNG). An
    image heavier than Télérecours accepts for a file is refused rather than silently
    downscaled: the pièce must be the client's own file, and the fix is one export away.
    """
    import img2pdf
    from PIL import Image, ImageOps

    if len(data) > taille_max:
        raise refus(f"pèse {len(data) / 2**20:.1f} Mo".replace(".", ",")
                    + f", plus que les {taille_max // 2**20} Mo acceptés par fichier sur Télérecours : réduisez "
                    "l'image (2 500 pixels de large suffisent pour une page A4) puis relancez.")
    try:
        with warnings.catch_warnings():
            # Pillow warns (in English, on stderr) above 89 megapixels; above twice
            # that it raises, and the message below says so in French.
            warnings.simplefilter("ignore", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(data)) as im:
                largeur, hauteur = im.size
                if largeur * hauteur > limits.IMAGE_PIXELS_MAX:
                    raise Image.DecompressionBombError
                if getattr(im, "n_frames", 1) > 1:
                    raise refus("est une image animée ; enregistrez l'image voulue en PNG ou JPEG puis relancez.")
                retraits = assainissement.retraits_d_image(im)
                # An explicit rotation: img2pdf never looks for EXIF itself (in a PNG, that
                # decodes every pixel: a third of a case's time).
                rotation = assainissement.ROTATIONS.get(assainissement.orientation(im))
                transparente = im.mode in ("RGBA", "LA", "PA") or "transparency" in im.info
                if nature == "jpeg" and rotation is not None and not transparente:
                    try:
                        data = assainissement.jpeg_sans_metadonnees(data)
                    except ValueError:
                        rotation = None  # a layout not followed: decoded and re-encoded below
                if nature == "webp" or transparente or rotation is None:
                    im.load()
                    droite = ImageOps.exif_transpose(im) if rotation is None else im
                    if transparente:
                        fond = Image.new("RGBA", droite.size, "white")
                        fond.alpha_composite(droite.convert("RGBA"))
                        plat = fond.convert("RGB")
                    else:
                        plat = droite if droite.mode in ("RGB", "L") else droite.convert("RGB")
                    sortie = io.BytesIO()
                    plat.save(sortie, format="PNG")  # no metadata: Pillow writes none unless asked
                    data = sortie.getvalue()
                    largeur, hauteur = plat.size
                    rotation = rotation or 0
            # Landscape screenshots go on landscape A4, phone captures on portrait A4.
            page = _A4_PAYSAGE if largeur > hauteur else _A4
            layout = img2pdf.get_layout_fun(pagesize=page, border=(_BORD, _BORD), fit=img2pdf.FitMode.into)
            sens = {0: img2pdf.Rotation.none, 90: img2pdf.Rotation["90"], 180: img2pdf.Rotation["180"],
                    270: img2pdf.Rotation["270"]}[rotation]
            return img2pdf.convert(data, layout_fun=layout, rotation=sens), retraits
    except CaseError:
        raise
    except Image.DecompressionBombError:
        limite = limits.IMAGE_PIXELS_MAX // 10**6
        raise refus(f"est une image de plus de {limite} millions de pixels, trop grande pour être mise en page : "
                    "réduisez-la (2 500 pixels de large suffisent pour une page A4) puis relancez.") from None
    except Exception:  # Pillow and img2pdf raise many types, in English
        raise refus("est une image endommagée ou incomplète ; demandez-en une nouvelle copie.") from None


def _nom_affiche(case: Case, piece: Piece) -> str:
    """The path as the case file gives it (relative to it), not only the file's name."""
    try:
        return str(piece.source.relative_to(case.dossier_dir))
    except ValueError:
        return str(piece.source)


def lire_piece(case: Case, piece: Piece) -> PdfReader:
    """The pièce as a PDF: PDFs as they are, images placed losslessly on an A4 page."""
    return _lire(case, piece)[0]


def _lire(case: Case, piece: Piece) -> tuple[PdfReader, set[str]]:
    """lire_piece, and what its file carries that no output keeps (assainissement)."""
    from pypdf import PdfReader

    def refus(message: str) -> CaseError:
        return CaseError(case.fichier, piece.champ, f"« {_nom_affiche(case, piece)} » {message}")

    try:
        data = limits.lire_fichier(piece.source, limits.PIECE_OCTETS_MAX)
    except limits.FichierRefuse as e:
        suite = (f" : Télérecours n'accepte que {valeur('telerecours.taille_max') // 2**20} Mo par fichier ; "
                 "scindez ou compressez le document puis relancez." if e.trop_gros else ".")
        raise refus(e.raison + suite) from None
    except OSError:
        raise refus("ne peut pas être lu (droits d'accès ?).") from None

    if not data:
        raise refus("est vide (0 octet) ; remplacez-le par le document lui-même.")
    nature = _nature(data)
    if nature not in _LISIBLES:
        quoi, conseil = _AUTRES.get(nature or "", ("un fichier d'un format inconnu", "enregistrez le document en PDF"))
        raise refus(f"est {quoi} et non un PDF ou une image PNG, JPEG ou WebP : {conseil} puis relancez.")
    retraits: set[str] = set()
    if nature != "pdf":
        data, retraits = _image_en_pdf(data, nature, valeur("telerecours.taille_max"), refus)
    try:
        reader = PdfReader(io.BytesIO(data))
        # Payslips and administrative PDFs often carry only an owner password (no
        # password to open): those open with an empty one and are kept.
        if reader.is_encrypted and not reader.decrypt(""):
            raise refus("est protégé par un mot de passe ; déposez une copie sans protection.")
        if len(reader.pages) == 0:
            raise refus("ne contient aucune page.")
        for p in reader.pages:
            _ = p.mediabox  # touch each page: a broken page tree fails here, not mid-merge
        if nature == "pdf":
            retraits |= assainissement.retraits_du_document(reader)
    except CaseError:
        raise
    except Exception:  # pypdf raises many types on a damaged file, in English
        raise refus("est un PDF endommagé ou incomplet ; demandez-en une nouvelle copie.") from None
    return reader, retraits


# Helvetica-Bold widths (AFM, per 1000 em) for the characters a stamp can contain.
_LARGEURS = {" ": 278, "P": 667, "i": 278, "è": 556, "c": 556, "e": 556, "n": 611, "°": 400,
             "–": 556, "p": 611, ".": 278, "/": 278, **{str(d): 556 for d in range(10)}}


def _pdf_texte(s: str) -> str:
    octets = s.encode("cp1252")
    return "(" + "".join(f"\\{b:03o}" if b > 126 or chr(b) in "()\\" else chr(b) for b in octets) + ")"


def texte_tampon(numero: int, page: int, pages: int) -> str:
    return libelles()["piece"]["tampon"].format(numero=numero, page=page, pages=pages)


def tamponner_page(page: PageObject, texte: str, taille: float = 10.0) -> None:
    """Grow the page by a band at the top and write the stamp there, right-aligned.

    The page's own content is left as it is, wrapped in q … Q so that whatever graphics
    state it leaves cannot move the stamp, and the stamp is one more content stream: pypdf's
    merge_page would parse and re-encode every operator of every page (twice the time)."""
    from pypdf.generic import DictionaryObject, NameObject, RectangleObject
    if page.rotation % 360:
        page.transfer_rotation_to_content()
    box = page.cropbox
    gauche, bas, droite, haut = float(box.left), float(box.bottom), float(box.right), float(box.top)
    nouveau = RectangleObject([gauche, bas, droite, haut + BANDE])
    for cadre in ("/MediaBox", "/CropBox", "/TrimBox", "/BleedBox", "/ArtBox"):
        page[NameObject(cadre)] = nouveau
    pad = 3.0
    largeur = sum(_LARGEURS.get(ch, 600) for ch in texte) * taille / 1000 + 2 * pad
    hauteur = taille + 2 * pad
    x = droite - 14.0 - largeur
    y = haut + (BANDE - hauteur) / 2

    police = DictionaryObject({
        NameObject("/Type"): NameObject("/Font"),
        NameObject("/Subtype"): NameObject("/Type1"),
        NameObject("/BaseFont"): NameObject("/Helvetica-Bold"),
        NameObject("/Encoding"): NameObject("/WinAnsiEncoding"),
    })
    ressources = page.get("/Resources")
    ressources = ressources.get_object() if ressources is not None else None
    if not isinstance(ressources, DictionaryObject):
        ressources = DictionaryObject()
        page[NameObject("/Resources")] = ressources
    polices = ressources.get("/Font")
    polices = polices.get_object() if polices is not None else None
    if not isinstance(polices, DictionaryObject):
        polices = DictionaryObject()
        ressources[NameObject("/Font")] = polices
    # The page may already use the name (or share its resources with stamped pages).
    nom, i = "/FTampon", 0
    while nom in polices and polices[nom].get_object() != police:
        i += 1
        nom = f"/FTampon{i}"
    polices[NameObject(nom)] = police

    ops = (f"Q q 1 g 0 G 0.6 w {x:.2f} {y:.2f} {largeur:.2f} {hauteur:.2f} re B BT 0 g {nom} {taille} Tf "
           f"{x + pad:.2f} {y + pad + 0.2 * taille:.2f} Td {_pdf_texte(texte)} Tj ET Q")
    assainissement.entourer_contenu(page, b"q\n", b"\n" + ops.encode("latin-1"))


def nombre_de_pages(case: Case, piece: Piece) -> int:
    """The pièce's page count, for the bordereau, without stamping it: an image is one page
    (checked when it is stamped); a PDF is opened and checked now."""
    try:
        nature = _nature(limits.lire_debut(piece.source, 64))
    except (OSError, limits.FichierRefuse):
        nature = None  # lire_piece says why
    if nature in _LISIBLES and nature != "pdf":
        return 1
    return len(lire_piece(case, piece).pages)


def piece_tamponnee(case: Case, piece: Piece, retraits: list[str] | None = None) -> tuple[bytes, PdfWriter]:
    """The stamped pièce as PDF bytes (its Télérecours file), and the writer that made
    them: the merged PDF takes its pages from there instead of parsing the bytes again.

    Sanitised (assainissement.py): only the pages are copied, without their scripts,
    actions and annotations, the printable appearance of fields and drawn annotations
    drawn into the page; an image without its metadata. ``retraits``, when given, gets
    what was removed, in French, for the manifest."""
    from pypdf import PdfWriter
    reader, trouves = _lire(case, piece)
    writer = PdfWriter()
    total = len(reader.pages)
    for n, page in enumerate(reader.pages, 1):
        try:
            trouves |= assainissement.retraits_de_page(page)
            ajoutee = writer.add_page(page, excluded_keys=assainissement.CLES_DE_PAGE_RETIREES)
            assainissement.aplatir(page, ajoutee)
        except Exception:  # pypdf raises many types on a damaged page, in English
            raise CaseError(case.fichier, piece.champ, f"« {_nom_affiche(case, piece)} » est un PDF endommagé ou "
                                                       f"incomplet ; demandez-en une nouvelle copie.") from None
        tamponner_page(ajoutee, texte_tampon(piece.numero, n, total))
    if retraits is not None:
        retraits.extend(assainissement.ordonner(trouves))
    date = date_pdf(case.dossier.date)
    writer.add_metadata({"/Title": piece.titre_complet, "/Producer": "draft", "/CreationDate": date, "/ModDate": date})
    out = io.BytesIO()
    writer.write(out)
    return figer_pdf(out.getvalue(), case.dossier.date), writer
