"""Write the evidence files (pièces) of the bad-input corpus in tests/corpus/.

Each case folder holds a hand-written ``dossier.toml``; this script writes, next to it,
every evidence file that the case file names (a path of BASE or of SPECIAUX that
appears in its text), so that the binary files are never made by hand. A path that
appears in no table is left absent on purpose (the "missing file" cases).

The two heavy files (a 40 MB image, a 300-page PDF) are not committed: the test
writes them into its temporary copy of the case with ``AU_TEST``.

Deterministic: no timestamps, fixed PDF identifiers, fixed "random" bytes; running
the script twice gives byte-identical files. From the repository root:

    python tests/corpus/fabriquer.py
"""

from __future__ import annotations

import io
import os
import random
import shutil
import unicodedata
import zipfile
import zlib
from pathlib import Path
from collections.abc import Callable
from unittest import mock

from PIL import Image, ImageDraw

CORPUS = Path(__file__).resolve().parent


# --- PDF ------------------------------------------------------------------------------


def _pdf_chaine(texte: str) -> str:
    octets = texte.encode("cp1252")
    return "(" + "".join(f"\\{b:03o}" if b > 126 or chr(b) in "()\\" else chr(b) for b in octets) + ")"


def pdf_texte(*pages: str) -> bytes:
    """A small valid A4 PDF, one page per text, Helvetica, no date and a fixed /ID."""
    objets: list[bytes] = []
    n = len(pages)
    kids = " ".join(f"{4 + 2 * i} 0 R" for i in range(n))
    objets.append(b"<< /Type /Catalog /Pages 2 0 R >>")
    objets.append(f"<< /Type /Pages /Kids [{kids}] /Count {n} >>".encode())
    objets.append(b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>")
    for i, texte in enumerate(pages):
        flux = f"BT /F1 14 Tf 72 770 Td {_pdf_chaine(texte)} Tj 0 -20 Td /F1 9 Tf " \
               f"{_pdf_chaine('Pièce fictive – corpus de tests de draft')} Tj ET".encode("latin-1")
        objets.append(f"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 3 0 R >> >> "
                      f"/Contents {5 + 2 * i} 0 R >>".encode())
        objets.append(f"<< /Length {len(flux)} >>\nstream\n".encode() + flux + b"\nendstream")
    return _pdf_assembler(objets)


def _pdf_assembler(objets: list[bytes]) -> bytes:
    out = io.BytesIO()
    out.write(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    positions = []
    for i, corps in enumerate(objets, 1):
        positions.append(out.tell())
        out.write(f"{i} 0 obj\n".encode() + corps + b"\nendobj\n")
    xref = out.tell()
    out.write(f"xref\n0 {len(objets) + 1}\n0000000000 65535 f \n".encode())
    for p in positions:
        out.write(f"{p:010d} 00000 n \n".encode())
    ident = zlib.crc32(out.getvalue()).to_bytes(4, "big").hex() * 4
    out.write(f"trailer\n<< /Size {len(objets) + 1} /Root 1 0 R /ID [<{ident}> <{ident}>] >>\n"
              f"startxref\n{xref}\n%%EOF\n".encode())
    return out.getvalue()


def pdf_chiffre(texte: str) -> bytes:
    """A PDF that needs a password to open (a bank statement sent by e-mail)."""
    from pypdf import PdfReader, PdfWriter

    w = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_texte(texte))))
    # pypdf draws the file identifier at random; fixed bytes keep the file reproducible.
    with mock.patch("secrets.token_bytes", lambda k: bytes(range(k))):
        w.encrypt(user_password="releve-2026", owner_password="banque", algorithm="RC4-128")
        out = io.BytesIO()
        w.write(out)
    return out.getvalue()


def pdf_proprietaire(texte: str) -> bytes:
    """A payslip that opens without a password but carries an owner password (no editing)."""
    from pypdf import PdfReader, PdfWriter

    w = PdfWriter(clone_from=PdfReader(io.BytesIO(pdf_texte(texte))))
    with mock.patch("secrets.token_bytes", lambda k: bytes(range(k))):
        w.encrypt(user_password="", owner_password="employeur", algorithm="RC4-128", permissions_flag=4)
        out = io.BytesIO()
        w.write(out)
    return out.getvalue()


def pdf_endommage(texte: str) -> bytes:
    """A download cut short: the header is there, the page tree and the trailer are not."""
    return pdf_texte(texte)[:300]


def pdf_pages(nombre: int) -> bytes:
    """A long PDF (a full file of payslips or a scanned bundle)."""
    return pdf_texte(*(f"Page {i} sur {nombre}" for i in range(1, nombre + 1)))


# --- images ---------------------------------------------------------------------------


def _capture(taille: tuple[int, int] = (480, 300), mode: str = "RGB") -> Image.Image:
    """A booking page with no free slot: banner, a red message box, grey lines of text."""
    im = Image.new("RGB", taille, "white")
    d = ImageDraw.Draw(im)
    w, h = taille
    d.rectangle([0, 0, w, h // 8], fill=(0, 0, 145))
    d.rectangle([w // 10, h // 3, w - w // 10, h // 3 + h // 6], fill=(250, 220, 220), outline=(200, 0, 0))
    for k in range(4):
        y = h // 3 + h // 4 + k * h // 14
        d.rectangle([w // 10, y, w - w // 4 - 30 * (k % 2), y + h // 40], fill=(120, 120, 120))
    return im.convert(mode)


def _encoder(im: Image.Image, format: str, **options) -> bytes:
    out = io.BytesIO()
    im.save(out, format=format, **options)
    return out.getvalue()


def png_capture() -> bytes:
    return _encoder(_capture(), "PNG")


def jpeg_cmjn() -> bytes:
    """A scan saved in CMYK (the default of some office scanners and of print shops)."""
    return _encoder(_capture((300, 420)).convert("CMYK"), "JPEG", quality=85)


def png_transparent() -> bytes:
    """A screenshot cropped on a phone: transparent corners (RGBA)."""
    im = _capture().convert("RGBA")
    masque = Image.new("L", im.size, 255)
    ImageDraw.Draw(masque).rectangle([0, 0, 40, 40], fill=0)
    im.putalpha(masque)
    return _encoder(im, "PNG")


def png_palette_transparente() -> bytes:
    """An indexed PNG with a transparent colour (what many image editors export)."""
    im = _capture().convert("P", palette=Image.Palette.ADAPTIVE, colors=16)
    return _encoder(im, "PNG", transparency=0)


def webp_photo() -> bytes:
    """A photo received through a messaging app, saved as WebP (lossy)."""
    return _encoder(_capture((400, 560)), "WEBP", quality=80, method=0)


def heic_photo() -> bytes:
    """The start of an iPhone photo (HEIC): an ISO-BMFF 'ftyp' box with the heic brand.

    Pillow cannot decode HEIC without a plugin, and draft refuses it before decoding,
    on this signature alone: the image data itself does not matter here.
    """
    ftyp = b"ftyp" + b"heic" + (0).to_bytes(4, "big") + b"mif1heicmiaf"
    corps = (len(ftyp) + 4).to_bytes(4, "big") + ftyp
    meta = b"meta" + bytes(64)
    return corps + (len(meta) + 4).to_bytes(4, "big") + meta


def png_tronque() -> bytes:
    """A capture whose copy stopped half-way (a full disk, a cut transfer)."""
    data = png_capture()
    return data[: len(data) // 2]


def image_geante() -> bytes:
    """A PNG that announces 20 000 × 10 000 pixels (200 megapixels) in a few bytes."""
    def bloc(type_: bytes, corps: bytes) -> bytes:
        return len(corps).to_bytes(4, "big") + type_ + corps + zlib.crc32(type_ + corps).to_bytes(4, "big")
    ihdr = (20000).to_bytes(4, "big") + (10000).to_bytes(4, "big") + bytes([8, 2, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + bloc(b"IHDR", ihdr) + bloc(b"IDAT", zlib.compress(bytes(64))) + bloc(b"IEND", b"")


def docx_attestation() -> bytes:
    """A minimal Word document (the attestation the employer sent as .docx)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for nom, texte in (
            ("[Content_Types].xml", '<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/package/'
                                    '2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>'),
            ("word/document.xml", '<?xml version="1.0"?><w:document xmlns:w="http://schemas.openxmlformats.org/'
                                  'wordprocessingml/2006/main"><w:body><w:p><w:r><w:t>Attestation</w:t></w:r></w:p>'
                                  '</w:body></w:document>'),
        ):
            z.writestr(zipfile.ZipInfo(nom, date_time=(2026, 11, 25, 0, 0, 0)), texte)
    return out.getvalue()


def grande_image(cible: int = 40 * 2**20) -> bytes:
    """A photo of about 40 MB: noise does not compress, so a PNG of it keeps its size."""
    cote = int((cible / 3) ** 0.5) + 1  # 3 740 × 3 740 pixels
    brut = random.Random(40).randbytes(cote * cote * 3)
    return _encoder(Image.frombytes("RGB", (cote, cote), brut), "PNG", compress_level=0)


# --- the corpus -------------------------------------------------------------------------

Fabrique = Callable[[Path], None]


def fichier(data: Callable[[], bytes]) -> Fabrique:
    def ecrire(chemin: Path) -> None:
        chemin.parent.mkdir(parents=True, exist_ok=True)
        chemin.write_bytes(data())
    return ecrire


def dossier_de_pdf(chemin: Path) -> None:
    """A folder of payslips named where one file is expected."""
    chemin.mkdir(parents=True, exist_ok=True)
    for mois in ("2026-09", "2026-10"):
        (chemin / f"bulletin-{mois}.pdf").write_bytes(pdf_texte(f"Bulletin de salaire {mois}"))


def lien(cible: str) -> Fabrique:
    """A symbolic link (relative, so that the corpus works wherever it is cloned)."""
    def ecrire(chemin: Path) -> None:
        chemin.parent.mkdir(parents=True, exist_ok=True)
        chemin.unlink(missing_ok=True)
        chemin.symlink_to(cible)
    return ecrire


def nom_nfd(data: Callable[[], bytes]) -> Fabrique:
    """The file named with decomposed accents (NFD), as a Mac writes it, while the case
    file has them composed (NFC), as typed on any keyboard."""
    def ecrire(chemin: Path) -> None:
        vrai = chemin.parent / unicodedata.normalize("NFD", chemin.name)
        fichier(data)(vrai)
    return ecrire


# The evidence of the small valid case every corpus case starts from.
BASE: dict[str, Fabrique] = {
    "pieces/passeport.pdf": fichier(lambda: pdf_texte("Passeport")),
    "pieces/titre.pdf": fichier(lambda: pdf_texte("Carte de séjour temporaire")),
    "pieces/capture.png": fichier(png_capture),
    "pieces/contrat.pdf": fichier(lambda: pdf_texte("Contrat de travail")),
}

# What a case changes: its own evidence files, by case folder.
SPECIAUX: dict[str, dict[str, Fabrique]] = {
    "piece-dossier": {"pieces/bulletins": dossier_de_pdf},
    "texte-en-pdf": {"pieces/contrat.pdf": fichier(lambda: b"Contrat de travail (copie du texte)\n")},
    "piece-word": {"pieces/attestation.docx": fichier(docx_attestation)},
    "pdf-en-png": {"pieces/capture.png": fichier(lambda: pdf_texte("Capture enregistrée en PDF"))},
    "png-en-jpg": {"pieces/capture.jpg": fichier(png_capture)},
    "pdf-endommage": {"pieces/contrat.pdf": fichier(lambda: pdf_endommage("Contrat de travail"))},
    "pdf-mot-de-passe": {"pieces/releve.pdf": fichier(lambda: pdf_chiffre("Relevé bancaire"))},
    "pdf-proprietaire": {"pieces/bulletin.pdf": fichier(lambda: pdf_proprietaire("Bulletin de salaire"))},
    "fichier-vide": {"pieces/contrat.pdf": fichier(lambda: b"")},
    "photo-heic": {"pieces/capture.heic": fichier(heic_photo)},
    "image-endommagee": {"pieces/capture.png": fichier(png_tronque)},
    "image-geante": {"pieces/photo-geante.png": fichier(image_geante)},
    "image-cmjn": {"pieces/capture.jpg": fichier(jpeg_cmjn)},
    "image-transparente": {"pieces/capture.png": fichier(png_transparent),
                           "pieces/quittance.png": fichier(png_palette_transparente)},
    "photo-webp": {"pieces/capture.webp": fichier(webp_photo)},
    "piece-lien-hors-dossier": {"pieces/lien-contrat.pdf": lien("../../valide/pieces/contrat.pdf")},
    "piece-lien-dev-zero": {"pieces/zero.pdf": lien("/dev/zero")},
    "texte-mentionnant-pdf": {"pieces/contrat.pdf": fichier(
        lambda: b"Notes : le contrat (fichier %PDF-1.7 de 2 pages) est joint au courriel de l'employeur.\n")},
    "image-svg": {"pieces/capture.png": fichier(
        lambda: b'<?xml version="1.0"?>\n<svg xmlns="http://www.w3.org/2000/svg" width="480" height="300"/>\n')},
    "image-13000-transparente": {"pieces/capture.png": fichier(lambda: image_13000_transparente())},
    "chemin-espaces-accents": {
        "pièces du dossier/passeport de M. KONÉ.pdf": fichier(lambda: pdf_texte("Passeport")),
        "pièces du dossier/capture d'écran n°3 (été).png": nom_nfd(png_capture),
    },
}

def image_13000_transparente() -> bytes:
    """A transparent PNG that announces 13 000 × 13 000 pixels (169 megapixels, under
    Pillow's own bomb limit): decoded and flattened it would take gigabytes."""
    def bloc(type_: bytes, corps: bytes) -> bytes:
        return len(corps).to_bytes(4, "big") + type_ + corps + zlib.crc32(type_ + corps).to_bytes(4, "big")
    ihdr = (13000).to_bytes(4, "big") + (13000).to_bytes(4, "big") + bytes([8, 6, 0, 0, 0])
    return b"\x89PNG\r\n\x1a\n" + bloc(b"IHDR", ihdr) + bloc(b"IDAT", zlib.compress(bytes(64))) + bloc(b"IEND", b"")


def tube(chemin: Path) -> None:
    """A FIFO where a file is expected: reading it would wait for a writer forever."""
    chemin.parent.mkdir(parents=True, exist_ok=True)
    chemin.unlink(missing_ok=True)
    os.mkfifo(chemin)


def fichier_creux(octets: int) -> Fabrique:
    """A sparse file of ``octets`` bytes (a 3 Go "PDF"): no disk space used, every byte zero."""
    def ecrire(chemin: Path) -> None:
        chemin.parent.mkdir(parents=True, exist_ok=True)
        with open(chemin, "wb") as f:
            f.write(b"%PDF-1.4\n")
            f.truncate(octets)
    return ecrire


# --- a firm's library, for the cases about clauses and templates ---------------------------

CLAUSE_HOSTILE = """+++
id = "hostile"
documents = ["lettre"]
section = "politesse"
ordre = 99
citations = []
description = "Une clause reçue d'un confrère."
+++
{corps}
"""


def bibliotheque(dossier: Path) -> tuple[Path, Path]:
    """The bundled clauses and templates, copied into the case as its firm's library
    (named by the case's draft.toml): (clauses, modeles)."""
    racine = Path(__file__).resolve().parents[2]
    clauses, modeles = dossier / "clauses-cabinet", dossier / "modeles-cabinet"
    shutil.copytree(racine / "clauses", clauses)
    modeles.mkdir()
    for f in (racine / "templates").glob("*.docx"):
        shutil.copy(f, modeles / f.name)
    return clauses, modeles


def clause(corps: str) -> Callable[[Path], None]:
    def ecrire(dossier: Path) -> None:
        clauses, _ = bibliotheque(dossier)
        (clauses / "lettre" / "zz-hostile.md").write_text(CLAUSE_HOSTILE.format(corps=corps), "utf-8")
    return ecrire


def clause_speciale(fabrique: Fabrique) -> Callable[[Path], None]:
    def ecrire(dossier: Path) -> None:
        clauses, _ = bibliotheque(dossier)
        fabrique(clauses / "lettre" / "zz-hostile.md")
    return ecrire


def lien_vers(cible: str) -> Fabrique:
    def ecrire(chemin: Path) -> None:
        chemin.symlink_to(cible)
    return ecrire


def modele(transformer: Callable[[bytes], bytes]) -> Callable[[Path], None]:
    """The firm's letter template, transformed (its document.xml, or the whole file)."""
    def ecrire(dossier: Path) -> None:
        _, modeles = bibliotheque(dossier)
        chemin = modeles / "lettre-prefecture.docx"
        chemin.write_bytes(transformer(chemin.read_bytes()))
    return ecrire


def avec_balise(balise: str) -> Callable[[bytes], bytes]:
    def transformer(data: bytes) -> bytes:
        entree, sortie = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
        with zipfile.ZipFile(sortie, "w", zipfile.ZIP_DEFLATED) as z:
            for info in entree.infolist():
                contenu = entree.read(info)
                if info.filename == "word/document.xml":
                    contenu = contenu.replace(b"</w:body>", f"<w:p><w:r><w:t>{balise}</w:t></w:r></w:p></w:body>"
                                              .encode(), 1)
                z.writestr(info, contenu)
        return sortie.getvalue()
    return transformer


def bombe_zip(data: bytes) -> bytes:
    """The template with one more part of 150 Mo of zeros: 150 Ko on disk."""
    entree, sortie = zipfile.ZipFile(io.BytesIO(data)), io.BytesIO()
    with zipfile.ZipFile(sortie, "w", zipfile.ZIP_DEFLATED) as z:
        for info in entree.infolist():
            z.writestr(info, entree.read(info))
        zeros = zipfile.ZipInfo("word/media/zeros.bin", date_time=(2026, 1, 1, 0, 0, 0))
        zeros.compress_type = zipfile.ZIP_DEFLATED
        with z.open(zeros, "w") as f:
            bloc = bytes(2**20)
            for _ in range(150):
                f.write(bloc)
    return sortie.getvalue()


def valeur_d_espaces(dossier: Path) -> None:
    """An address with 250,000 spaces inside it (a paste gone wrong)."""
    toml = dossier / "dossier.toml"
    texte = toml.read_text("utf-8")
    toml.write_text(texte.replace('adresse = "18 rue du Modèle, 93000 Bobigny"',
                                  f'adresse = "18 rue du Modèle,{" " * 250_000}93000 Bobigny"', 1), "utf-8")


# Run by the test on its temporary copy of the case, after the files above: what cannot be
# committed (a FIFO, a 3 Go file, a copy of the whole library) or is made from the library
# as it is today.
APRES_COPIE: dict[str, Callable[[Path], None]] = {
    "piece-tube": lambda d: tube(d / "pieces" / "contrat.pdf"),
    "piece-3-go": lambda d: fichier_creux(3 * 2**30)(d / "pieces" / "contrat.pdf"),
    "clause-tube": clause_speciale(tube),
    "clause-lien-dev-zero": clause_speciale(lien_vers("/dev/zero")),
    "clause-boucles-imbriquees": clause(
        "{% for a in range(100000) %}{% for b in range(100000) %}x{% endfor %}{% endfor %}"),
    "clause-center": clause('{{ "x"|center(2*10**7) }}'),
    "modele-etoile": modele(avec_balise('{{ "x" * 10**9 }}')),
    "modele-boucles-imbriquees": modele(avec_balise(
        "{% for a in range(10000) %}{% for b in range(10000) %}x{% endfor %}{% endfor %}")),
    "modele-bombe-zip": modele(bombe_zip),
    "plan-toml-invalide": lambda d: (bibliotheque(d)[0] / "plan.toml").write_text("[requete\n", "utf-8"),
    "valeur-250000-espaces": valeur_d_espaces,
}

# Written by the test into its temporary copy of the case: too heavy to commit.
AU_TEST: dict[str, dict[str, Fabrique]] = {
    "image-40-mo": {"pieces/photo-40-mo.png": fichier(grande_image)},
    "pdf-300-pages": {"pieces/bulletins.pdf": fichier(lambda: pdf_pages(300))},
}


def fabriquer(dossier: Path, tables: tuple[dict[str, Fabrique], ...]) -> list[str]:
    """Write into ``dossier`` the files of ``tables`` that its dossier.toml names."""
    # "replace": the Latin-1 case file is part of the corpus too.
    texte = (dossier / "dossier.toml").read_text("utf-8", errors="replace")
    fabriques: dict[str, Fabrique] = {}
    for table in tables:
        fabriques.update(table)
    ecrits = []
    for relatif, fabrique in fabriques.items():
        if f'"{relatif}"' in texte:
            fabrique(dossier / relatif)
            ecrits.append(relatif)
    return ecrits


def main() -> None:
    for dossier in sorted(p.parent for p in CORPUS.glob("*/dossier.toml")):
        # Start clean: a renamed evidence file must not linger from an earlier run.
        for sous in dossier.iterdir():
            if sous.is_dir():
                shutil.rmtree(sous)
        ecrits = fabriquer(dossier, (BASE, SPECIAUX.get(dossier.name, {})))
        print(f"{dossier.name}: {', '.join(ecrits) or '—'}")


if __name__ == "__main__":
    main()
