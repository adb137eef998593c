"""Generate the evidence files of the sample cases in samples/.

For each sample case, the script reads its dossier.toml and writes, next to
it, every file the case refers to:

- one screenshot per [[tentatives]] capture, showing the attempt's time and
  date: a 1280×800 desktop browser capture for a `.png` path, a 720×1520
  phone capture for a `.jpg` path. It shows the préfecture booking site with
  no free slot, or, when the case's demande.canal is "anef", the ANEF
  téléservice refusing to validate the application on a technical error;
- text PDFs (A4, Helvetica with WinAnsiEncoding, extractable text) for the
  permit, the letters, the acknowledgement of receipt and the other pièces,
  whose content is written out in DOCUMENTS below.

Every person, number, address and web site is fictitious, and every file says
so. The output is deterministic: no timestamps anywhere and a PDF /ID derived
from the content, so running the script twice gives byte-identical files.

Run from the repository root (Python 3.11, Pillow):

    python samples/make_samples.py
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
import textwrap
import tomllib
import zlib
from datetime import datetime
from pathlib import Path

from PIL import Image, ImageDraw, ImageFont

SAMPLES = Path(__file__).resolve().parent
FONT_DIR = Path("/usr/share/fonts/truetype/dejavu")

PREFECTURES = {
    "93": "Préfecture de la Seine-Saint-Denis",
    "69": "Préfecture du Rhône",
    "13": "Préfecture des Bouches-du-Rhône",
    "38": "Préfecture de l'Isère",
    "91": "Préfecture de l'Essonne",
    "94": "Préfecture du Val-de-Marne",
}
OBJETS = {
    "renouvellement": "Renouvellement d'un titre de séjour",
    "premiere-demande": "Première demande de titre de séjour",
    "admission-exceptionnelle": "Admission exceptionnelle au séjour",
}
NO_SLOT = (
    "Il n'existe plus de plage horaire libre pour votre demande de "
    "rendez-vous. Veuillez recommencer ultérieurement."
)
ANEF_TITLE = "Administration numérique pour les étrangers en France"
ANEF_URL = (
    "https://administration-etrangers-en-france.example/particuliers/"
    "#/espace-personnel/demande/renouvellement/recapitulatif"
)
ANEF_ERROR = (
    "Erreur technique : le dossier ne peut pas être validé. Une erreur technique "
    "empêche l'enregistrement de votre demande ; veuillez réessayer ultérieurement."
)
FICTION_NOTE = "Capture fictive – exemple (site .example inexistant)"
JOURS = ["lundi", "mardi", "mercredi", "jeudi", "vendredi", "samedi", "dimanche"]


def booking_url(departement: str) -> str:
    return f"https://rdv.prefecture-{departement}.example/rendez-vous/titre-de-sejour/creneaux"


@dataclass(frozen=True)
class Page:
    """What a capture shows: the web page open in the browser."""

    url: str
    tab: str        # browser tab title (desktop)
    site: str       # site name in the blue banner
    subtitle: str   # line under the site name
    heading: str
    motif: str
    message: str    # text of the red error box
    button: str     # greyed-out button under the box


def booking_page(departement: str, objet: str) -> Page:
    """The préfecture booking site with no free slot (the default)."""
    prefecture = PREFECTURES[departement]
    return Page(
        url=booking_url(departement),
        tab=f"Rendez-vous – {prefecture}",
        site=prefecture,
        subtitle="Prise de rendez-vous en ligne",
        heading="Demande de rendez-vous — titre de séjour",
        motif=f"Motif : {objet}",
        message=NO_SLOT,
        button="Suivant",
    )


def anef_page(objet: str) -> Page:
    """The ANEF téléservice failing to validate the application."""
    return Page(
        url=ANEF_URL,
        tab=ANEF_TITLE,
        site=ANEF_TITLE,
        subtitle="Mon espace personnel – demande de titre de séjour",
        heading="Ma demande — récapitulatif et validation",
        motif=f"Démarche : {objet}",
        message=ANEF_ERROR,
        button="Valider ma demande",
    )


# --------------------------------------------------------------------------
# Screenshots
# --------------------------------------------------------------------------

def font(size: int, bold: bool = False) -> ImageFont.FreeTypeFont:
    name = "DejaVuSans-Bold.ttf" if bold else "DejaVuSans.ttf"
    return ImageFont.truetype(str(FONT_DIR / name), size)


def wrap_px(draw: ImageDraw.ImageDraw, text: str, fnt, width: int) -> list[str]:
    """Greedy word wrap on rendered pixel width."""
    lines, current = [], ""
    for word in text.split():
        candidate = f"{current} {word}".strip()
        if current and draw.textlength(candidate, font=fnt) > width:
            lines.append(current)
            current = word
        else:
            current = candidate
    return lines + [current] if current else lines


def fit_px(draw: ImageDraw.ImageDraw, text: str, fnt, width: int) -> str:
    """Cut text with an ellipsis, the way a narrow address bar does."""
    if draw.textlength(text, font=fnt) <= width:
        return text
    while draw.textlength(text + "…", font=fnt) > width:
        text = text[:-1]
    return text + "…"


def draw_lines(draw, x: int, y: int, lines: list[str], fnt, fill, step: int) -> int:
    for line in lines:
        draw.text((x, y), line, font=fnt, fill=fill)
        y += step
    return y


def desktop_capture(path: Path, when: datetime, departement: str, objet: str,
                    page: Page | None = None) -> None:
    page = page or booking_page(departement, objet)
    img = Image.new("RGB", (1280, 800), "white")
    d = ImageDraw.Draw(img)

    # Tab strip and toolbar, so the capture reads as a browser window.
    d.rectangle([0, 0, 1280, 36], fill="#d5d8de")
    d.rounded_rectangle([10, 6, 330, 44], radius=8, fill="#f1f3f5")
    tab_title = fit_px(d, page.tab, font(14), 290)
    d.text((24, 13), tab_title, font=font(14), fill="#222")
    d.rectangle([0, 36, 1280, 86], fill="#f1f3f5")
    d.text((18, 48), "←  →  ↻", font=font(20), fill="#555")
    d.rounded_rectangle([120, 44, 1150, 78], radius=16, fill="white", outline="#c8ccd2")
    d.text((140, 51), fit_px(d, page.url, font(16), 990), font=font(16), fill="#333")
    d.line([0, 86, 1280, 86], fill="#c8ccd2")

    d.rectangle([0, 87, 1280, 172], fill="#000091")
    d.text((40, 102), page.site, font=font(28, bold=True), fill="white")
    d.text((40, 140), page.subtitle, font=font(16), fill="#dfe3ff")

    d.text((40, 205), page.heading, font=font(26, bold=True), fill="#161616")
    d.text((40, 248), page.motif, font=font(17), fill="#3a3a3a")

    d.rectangle([40, 295, 1240, 375], fill="#fbe9e9", outline="#c62828", width=3)
    msg = wrap_px(d, page.message, font(18), 1150)
    draw_lines(d, 62, 318, msg, font(18), "#8e1414", 28)

    label_w = d.textlength(page.button, font=font(18, bold=True))
    d.rounded_rectangle([40, 425, max(220, 124 + label_w), 470], radius=6, fill="#c9c9c9")
    d.text((82, 436), page.button, font=font(18, bold=True), fill="#f5f5f5")

    d.text((40, 720), FICTION_NOTE, font=font(13), fill="#9a9a9a")

    # Taskbar clock: the time and date a court looks for on a capture.
    d.rectangle([0, 760, 1280, 800], fill="#1f1f27")
    for i in range(4):
        d.rounded_rectangle([16 + 44 * i, 768, 44 + 44 * i, 792], radius=5, fill="#4a4a58")
    clock = f"{when:%H:%M}   {when:%d/%m/%Y}"
    d.text((1260 - d.textlength(clock, font=font(18)), 769), clock, font=font(18), fill="white")

    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, format="PNG", optimize=False)


def phone_capture(path: Path, when: datetime, departement: str, objet: str,
                  page: Page | None = None) -> None:
    page = page or booking_page(departement, objet)
    width, height = 720, 1520
    img = Image.new("RGB", (width, height), "white")
    d = ImageDraw.Draw(img)

    # Status bar: time on the left, date line under it, network and battery on the right.
    d.rectangle([0, 0, width, 104], fill="#101114")
    d.text((28, 14), f"{when:%H:%M}", font=font(30, bold=True), fill="white")
    d.text((28, 60), f"{JOURS[when.weekday()]} {when:%d/%m/%Y}", font=font(24), fill="#c9cbd1")
    for i in range(4):
        bar_h = 8 + 6 * i
        d.rectangle([540 + 12 * i, 44 - bar_h, 548 + 12 * i, 44], fill="white")
    d.rounded_rectangle([606, 20, 662, 44], radius=4, outline="white", width=2)
    d.rectangle([662, 27, 667, 37], fill="white")
    d.rectangle([610, 24, 646, 40], fill="white")

    d.rectangle([0, 104, width, 196], fill="#f1f3f5")
    d.rounded_rectangle([20, 120, 700, 180], radius=30, fill="white", outline="#c8ccd2")
    url = page.url.removeprefix("https://")
    d.text((48, 136), fit_px(d, url, font(22), 620), font=font(22), fill="#333")

    banner = wrap_px(d, page.site, font(34, bold=True), 660)
    banner_bottom = 286 + 44 * len(banner)  # 330 for a one-line site name
    d.rectangle([0, 196, width, banner_bottom], fill="#000091")
    y = draw_lines(d, 30, 216, banner, font(34, bold=True), "white", 44)
    d.text((30, y + 10), fit_px(d, page.subtitle, font(20), 660), font=font(20), fill="#dfe3ff")

    heading = wrap_px(d, page.heading, font(34, bold=True), 660)
    y = draw_lines(d, 30, banner_bottom + 40, heading, font(34, bold=True), "#161616", 46)
    motif = wrap_px(d, page.motif, font(24), 660)
    y = draw_lines(d, 30, y + 14, motif, font(24), "#3a3a3a", 34)

    msg = wrap_px(d, page.message, font(26), 610)
    box_top = y + 36
    box_bottom = box_top + 40 + 38 * len(msg)
    d.rectangle([30, box_top, 690, box_bottom], fill="#fbe9e9", outline="#c62828", width=3)
    draw_lines(d, 52, box_top + 20, msg, font(26), "#8e1414", 38)

    d.rounded_rectangle([30, box_bottom + 40, 690, box_bottom + 110], radius=10, fill="#c9c9c9")
    label = page.button
    d.text((360 - d.textlength(label, font=font(26, bold=True)) / 2, box_bottom + 58),
           label, font=font(26, bold=True), fill="#f5f5f5")

    note = wrap_px(d, FICTION_NOTE, font(20), 660)
    draw_lines(d, 30, 1360, note, font(20), "#9a9a9a", 28)

    d.rectangle([0, 1440, width, height], fill="#101114")
    d.rounded_rectangle([290, 1474, 430, 1484], radius=5, fill="#d0d0d0")

    path.parent.mkdir(parents=True, exist_ok=True)
    img.save(path, format="JPEG", quality=88, optimize=False, progressive=False)


# --------------------------------------------------------------------------
# PDF documents
# --------------------------------------------------------------------------
# Written as raw PDF syntax rather than through a library so that the bytes
# are fully under our control (no creation date, no random /ID). The base-14
# Helvetica needs no embedding; WinAnsiEncoding is cp1252, which covers
# French accents, « », – and €.

PAGE_W, PAGE_H = 595.28, 841.89
MARGIN = 56
BODY_SIZE, BODY_LEADING = 10.5, 15
WRAP_CHARS = 96  # Helvetica 10.5 pt averages ~4.6 pt a character on French text.


def pdf_string(text: str) -> bytes:
    raw = text.encode("cp1252")
    return b"(" + raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)") + b")"


def pdf_info_string(text: str) -> bytes:
    # Document info strings are PDFDocEncoding or UTF-16BE; the latter is unambiguous.
    return b"<FEFF" + text.encode("utf-16-be").hex().upper().encode() + b">"


def page_content(title: str, lines: list[str], page_no: int, page_count: int) -> bytes:
    """One page: title, fiction notice, body, footer with page x/y.

    A body line starting with "## " is set in bold; "" is a blank line.
    The top and bottom 40 pt stay empty for the stamps `draft` adds.
    """
    top = PAGE_H - 80
    ops = [
        f"BT /F2 15 Tf {MARGIN} {top:.2f} Td ".encode() + pdf_string(title) + b" Tj ET",
        f"q 0.55 0 0 rg BT /F1 9 Tf {MARGIN} {top - 18:.2f} Td ".encode()
        + pdf_string("Document fictif – exemple, sans valeur juridique") + b" Tj ET Q",
        f"q 0.6 G 0.5 w {MARGIN} {top - 28:.2f} m {PAGE_W - MARGIN} {top - 28:.2f} l S Q".encode(),
        f"BT /F1 {BODY_SIZE} Tf {BODY_LEADING} TL {MARGIN} {top - 50:.2f} Td".encode(),
    ]
    for line in lines:
        bold = line.startswith("## ")
        text = line[3:] if bold else line
        if bold:
            ops.append(f"/F2 {BODY_SIZE + 0.5} Tf".encode())
        for part in textwrap.wrap(text, WRAP_CHARS) or [""]:
            ops.append(pdf_string(part) + b" Tj T*")
        if bold:
            ops.append(f"/F1 {BODY_SIZE} Tf".encode())
    ops.append(b"ET")
    footer = f"Document fictif – exemple · {title} · page {page_no}/{page_count}"
    ops.append(f"q 0.4 g BT /F1 8 Tf {MARGIN} 48 Td ".encode() + pdf_string(footer) + b" Tj ET Q")
    return b"\n".join(ops) + b"\n"


def write_pdf(path: Path, title: str, pages: list[list[str]]) -> None:
    # Object numbers: 1 catalog, 2 page tree, 3-4 fonts, 5 info, then page/content pairs.
    page_ids = [6 + 2 * i for i in range(len(pages))]
    objects: dict[int, bytes] = {
        1: b"<< /Type /Catalog /Pages 2 0 R >>",
        2: b"<< /Type /Pages /Kids [" + b" ".join(b"%d 0 R" % i for i in page_ids)
        + b"] /Count %d >>" % len(pages),
        3: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        4: b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica-Bold /Encoding /WinAnsiEncoding >>",
        5: b"<< /Title " + pdf_info_string(title)
        + b" /Producer " + pdf_info_string("samples/make_samples.py (document fictif)") + b" >>",
    }
    for n, (page_id, lines) in enumerate(zip(page_ids, pages), start=1):
        stream = zlib.compress(page_content(title, lines, n, len(pages)), 9)
        objects[page_id] = (
            b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %.2f %.2f]" % (PAGE_W, PAGE_H)
            + b" /Resources << /Font << /F1 3 0 R /F2 4 0 R >> >> /Contents %d 0 R >>" % (page_id + 1)
        )
        objects[page_id + 1] = (
            b"<< /Length %d /Filter /FlateDecode >>\nstream\n" % len(stream) + stream + b"\nendstream"
        )

    out = bytearray(b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")
    offsets = {}
    for num in sorted(objects):
        offsets[num] = len(out)
        out += b"%d 0 obj\n" % num + objects[num] + b"\nendobj\n"
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for num in sorted(objects):
        out += b"%010d 00000 n \n" % offsets[num]
    file_id = hashlib.md5(bytes(out)).hexdigest().upper().encode()
    out += (
        b"trailer\n<< /Size %d /Root 1 0 R /Info 5 0 R /ID [<%s> <%s>] >>\n"
        % (len(objects) + 1, file_id, file_id)
        + b"startxref\n%d\n%%%%EOF\n" % xref_at
    )
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes(bytes(out))


# --------------------------------------------------------------------------
# Content of the sample documents: {case: {path: (title, pages)}}
# --------------------------------------------------------------------------

EMPLOYEUR_93 = "Société Exemple Logistique SAS, 3 allée du Prototype, 93000 Bobigny"

BULLETIN = [
    "## Employeur",
    EMPLOYEUR_93,
    "SIRET 000 000 000 00000 (fictif)",
    "## Salarié",
    "M. Karim KONÉ – préparateur de commandes – coefficient 140 – entrée le 1er mars 2021",
    "",
    "Salaire de base (151,67 h) : 2 050,00 €",
    "Heures supplémentaires à 125 % (8 h) : 135,16 €",
    "Prime d'ancienneté : 61,50 €",
    "Salaire brut : 2 246,66 €",
    "Cotisations salariales : -494,27 €",
    "Net à payer avant impôt : 1 752,39 €",
    "",
    "Paiement par virement. Bulletin à conserver sans limitation de durée.",
]

EMPLOYEUR_13 = "Société Exemple Restauration Collective SAS, 12 boulevard du Prototype, 13002 Marseille"
ECOLE_13 = "École élémentaire publique de l'Exemple (école fictive), 15 boulevard du Spécimen, 13003 Marseille"
UNIVERSITE_38 = "Université de l'Exemple – campus de Grenoble (établissement fictif), 1 avenue du Spécimen, 38000 Grenoble"


def bulletin_13(mois: str, suspendu: bool = False) -> list[str]:
    """A monthly payslip of the Marseille sample; November shows the unpaid suspension."""
    lignes = [
        f"## Bulletin de paie – {mois} 2026",
        "## Employeur",
        EMPLOYEUR_13,
        "SIRET 000 000 000 00000 (fictif)",
        "## Salariée",
        "Mme Mariam TRAORÉ – aide de cuisine – niveau II – entrée le 1er avril 2019",
        "",
        "Salaire de base (151,67 h) : 1 850,00 €",
        "Prime d'ancienneté (3 %) : 55,50 €",
    ]
    if suspendu:
        lignes += [
            "Absence non rémunérée – suspension du contrat du 28 au 30 novembre 2026 (3/30) : -190,55 €",
            "Salaire brut : 1 714,95 €",
            "Cotisations salariales : -377,29 €",
            "Net à payer avant impôt : 1 337,66 €",
        ]
    else:
        lignes += [
            "Salaire brut : 1 905,50 €",
            "Cotisations salariales : -419,21 €",
            "Net à payer avant impôt : 1 486,29 €",
        ]
    return lignes + ["", "Paiement par virement. Bulletin à conserver sans limitation de durée."]

DOCUMENTS: dict[str, dict[str, tuple[str, list[list[str]]]]] = {
    "renouvellement-bobigny": {
        "pieces/titre-de-sejour.pdf": ("Titre de séjour (recto et verso)", [
            [
                "## Recto – reproduction fictive",
                "RÉPUBLIQUE FRANÇAISE – TITRE DE SÉJOUR",
                "Nom : KONÉ",
                "Prénoms : Karim",
                "Sexe : M – Nationalité : ivoirienne",
                "Date et lieu de naissance : 02/04/1990, Abidjan (Côte d'Ivoire)",
                "Type de titre : carte de séjour temporaire",
                "Mention : « salarié »",
                "Valable du 01/01/2026 au 31/12/2026",
                "N° 9300000342",
            ],
            [
                "## Verso – reproduction fictive",
                "Adresse : 18 rue du Modèle, 93000 Bobigny",
                "Délivré par le préfet de la Seine-Saint-Denis",
                "Observations : autorise son titulaire à exercer une activité salariée.",
                "Zone de lecture automatique : IRFRA0000000000<<<<<<<<<<<<<<< (fictive)",
            ],
        ]),
        "pieces/passeport.pdf": ("Passeport", [[
            "## Page d'identité – reproduction fictive",
            "République de Côte d'Ivoire – Passeport",
            "Nom : KONÉ – Prénom : Karim",
            "Né le 02/04/1990 à Abidjan (Côte d'Ivoire) – Nationalité : ivoirienne",
            "Passeport n° 000000342 (fictif)",
            "Délivré le 15/03/2022 – expire le 14/03/2032",
        ]]),
        "pieces/quittance-2026-11.pdf": ("Quittance de loyer de novembre 2026", [[
            "Bailleur : SCI du Modèle, 1 place de l'Essai, 93000 Bobigny",
            "Locataire : M. Karim KONÉ",
            "Logement : 18 rue du Modèle, appartement 12, 93000 Bobigny",
            "",
            "Période : du 1er au 30 novembre 2026",
            "Loyer : 640,00 € – provision sur charges : 85,00 € – total : 725,00 €",
            "",
            "Le bailleur reconnaît avoir reçu la somme de 725,00 € le 5 novembre 2026 "
            "au titre du loyer et des charges de la période ci-dessus, et en donne quittance, "
            "sous réserve de tous ses droits.",
            "",
            "Fait à Bobigny, le 5 novembre 2026.",
        ]]),
        "pieces/contrat-cdi.pdf": ("Contrat de travail à durée indéterminée du 1er mars 2021", [
            [
                "## Entre les soussignés",
                EMPLOYEUR_93 + ", représentée par sa gérante, ci-après « l'employeur »,",
                "et M. Karim KONÉ, demeurant 18 rue du Modèle, 93000 Bobigny, ci-après « le salarié ».",
                "",
                "## Article 1 – Engagement",
                "Le salarié est engagé à durée indéterminée à compter du 1er mars 2021, sous réserve "
                "de la détention d'un titre de séjour l'autorisant à travailler.",
                "## Article 2 – Fonctions",
                "Le salarié exerce les fonctions de préparateur de commandes, coefficient 140 de la "
                "convention collective applicable.",
                "## Article 3 – Période d'essai",
                "Le contrat ne deviendra définitif qu'à l'issue d'une période d'essai de deux mois.",
                "## Article 4 – Durée du travail",
                "La durée hebdomadaire du travail est de 35 heures, réparties du lundi au vendredi.",
            ],
            [
                "## Article 5 – Rémunération",
                "Le salarié perçoit une rémunération mensuelle brute de 1 850,00 € pour 151,67 heures.",
                "## Article 6 – Lieu de travail",
                "Le salarié exerce ses fonctions à l'entrepôt de Bobigny.",
                "## Article 7 – Titre de séjour",
                "Le salarié s'engage à informer l'employeur de l'échéance de son titre de séjour et à "
                "lui présenter son renouvellement ou le récépissé de sa demande.",
                "",
                "Fait en deux exemplaires à Bobigny, le 1er mars 2021.",
                "L'employeur (signature fictive) – le salarié (signature fictive)",
            ],
        ]),
        "pieces/lettre-employeur.pdf": ("Lettre de l'employeur du 25 novembre 2026", [[
            EMPLOYEUR_93,
            "",
            "À l'attention de M. Karim KONÉ",
            "Bobigny, le 25 novembre 2026",
            "",
            "## Objet : échéance de votre titre de séjour",
            "Monsieur,",
            "Votre carte de séjour temporaire expire le 31 décembre 2026. Nous vous rappelons que "
            "nous ne pouvons pas employer un salarié dépourvu de titre l'autorisant à travailler "
            "(article L. 8251-1 du code du travail).",
            "Faute de nous remettre, au plus tard le 31 décembre 2026, un nouveau titre ou un "
            "récépissé de demande de renouvellement, nous serons contraints de suspendre votre "
            "contrat de travail à durée indéterminée à compter du 1er janvier 2027, sans maintien "
            "de salaire.",
            "Nous tenons à souligner la qualité de votre travail depuis mars 2021 et souhaitons "
            "vivement poursuivre notre collaboration.",
            "",
            "Veuillez agréer, Monsieur, nos salutations distinguées.",
            "La gérante (signature fictive)",
        ]]),
        "pieces/bulletins-salaire.pdf": ("Bulletins de salaire de septembre à novembre 2026", [
            [f"## Bulletin de paie – {mois} 2026", *BULLETIN]
            for mois in ("septembre", "octobre", "novembre")
        ]),
        "pieces/lrar-2026-11-16.pdf": ("Lettre recommandée avec AR du 16 novembre 2026", [[
            "Me Claire LEFÈVRE, cabinet Lefèvre & Associés – avocate au barreau de Seine-Saint-Denis",
            "10 avenue de l'Exemple, 93000 Bobigny – contact@lefevre-associes.example",
            "",
            "Monsieur le préfet de la Seine-Saint-Denis",
            "Service de l'immigration et de l'intégration",
            "",
            "Bobigny, le 16 novembre 2026 – Réf. 2026-0342",
            "Lettre recommandée avec demande d'avis de réception n° 1A 000 000 0342 0 (fictif)",
            "",
            "## Objet : demande de rendez-vous – renouvellement du titre de séjour de M. Karim KONÉ",
            "Monsieur le préfet,",
            "Mon client, M. Karim KONÉ, né le 2 avril 1990 à Abidjan (Côte d'Ivoire), titulaire d'une carte "
            "de séjour temporaire portant la mention « salarié » qui expire le 31 décembre 2026, "
            "cherche en vain depuis le 19 octobre 2026 à obtenir un rendez-vous pour déposer sa "
            "demande de renouvellement.",
            "Le site de prise de rendez-vous de la préfecture affiche systématiquement qu'aucune "
            "plage horaire n'est disponible, à toute heure du jour et de la nuit, et le serveur "
            "vocal est saturé.",
            "Je vous prie de bien vouloir lui fixer un rendez-vous dans un délai de huit jours à "
            "compter de la réception de la présente. À défaut, il saisira le juge des référés du "
            "tribunal administratif.",
            "",
            "Je vous prie d'agréer, Monsieur le préfet, l'expression de ma considération distinguée.",
            "Me Claire LEFÈVRE (signature fictive)",
        ]]),
        "pieces/avis-de-reception-2026-11-18.pdf": ("Avis de réception du 18 novembre 2026", [[
            "## Avis de réception – lettre recommandée – reproduction fictive",
            "Numéro de l'envoi : 1A 000 000 0342 0 (fictif)",
            "Expéditeur : cabinet Lefèvre & Associés, 10 avenue de l'Exemple, 93000 Bobigny",
            "Destinataire : Préfecture de la Seine-Saint-Denis – service de l'immigration",
            "Déposée le : 16/11/2026",
            "Présentée / distribuée le : 18/11/2026",
            "Signature du destinataire : (illisible) – cachet du service courrier",
        ]]),
    },
    "premiere-demande-lyon": {
        "identite/passeport.pdf": ("Passeport", [[
            "## Page d'identité – reproduction fictive",
            "République du Sénégal – Passeport",
            "Nom : N'DIAYE – Prénom : Aïssatou",
            "Née le 21/07/1995 à Dakar (Sénégal) – Nationalité : sénégalaise",
            "Passeport n° A00001130 (fictif)",
            "Délivré le 02/09/2020 – expire le 01/09/2030",
        ]]),
        "identite/attestation-hebergement.pdf": ("Attestation d'hébergement", [[
            "Nous soussignés, M. Paul ROUX et Mme Claire ROUX, demeurant 12 rue de l'Exemple, "
            "69007 Lyon, attestons sur l'honneur héberger à notre domicile, à titre gratuit, "
            "Mme Aïssatou N'DIAYE, née le 21 juillet 1995 à Dakar (Sénégal), depuis le 1er mars 2023.",
            "",
            "Nous joignons la copie de nos pièces d'identité et une facture d'électricité récente.",
            "",
            "Fait à Lyon, le 2 novembre 2026, pour servir et valoir ce que de droit.",
            "M. et Mme Roux (signatures fictives)",
        ]]),
        "famille/acte-naissance.pdf": ("Acte de naissance de l'enfant", [
            [
                "## Extrait d'acte de naissance avec filiation – reproduction fictive",
                "Mairie du 7e arrondissement de Lyon – acte n° 0000 (fictif)",
                "",
                "Le 3 mars 2024 est née à Lyon (7e) : Awa, Marie LEROY, de sexe féminin, fille de "
                "Julien LEROY, né le 12 mai 1992 à Villeurbanne (Rhône), de nationalité française, et "
                "d'Aïssatou N'DIAYE, née le 21 juillet 1995 à Dakar (Sénégal), de nationalité sénégalaise.",
            ],
            [
                "## Mentions marginales",
                "Reconnaissance par le père le 10 janvier 2024 à Lyon (7e).",
                "Reconnaissance par la mère le 10 janvier 2024 à Lyon (7e).",
                "",
                "Extrait délivré le 6 novembre 2026 – l'officier de l'état civil (signature fictive).",
            ],
        ]),
        "emploi/promesse-embauche.pdf": ("Promesse d'embauche du 4 novembre 2026", [[
            "Crèche associative Les Petits Exemples, 4 rue du Spécimen, 69007 Lyon",
            "",
            "À l'attention de Mme Aïssatou N'DIAYE",
            "Lyon, le 4 novembre 2026",
            "",
            "## Objet : promesse d'embauche",
            "Madame,",
            "Nous avons le plaisir de vous proposer un contrat de travail à durée indéterminée à "
            "temps plein en qualité d'« auxiliaire de puériculture », pour une rémunération "
            "mensuelle brute de 1 900,00 €.",
            "Cette proposition est subordonnée à la présentation d'un titre de séjour vous autorisant "
            "à travailler. Elle deviendra caduque si vous ne pouvez pas prendre votre poste au plus "
            "tard le 15 janvier 2027.",
            "",
            "Veuillez agréer, Madame, nos salutations distinguées.",
            "La directrice (signature fictive)",
        ]]),
        "courriers/courriel-2026-11-10.pdf": ("Courriel à la préfecture du 10 novembre 2026", [[
            "De : Aïssatou N'DIAYE <a.ndiaye@example.org>",
            "À : pref-titres-sejour@prefecture-69.example",
            "Date : mardi 10 novembre 2026, 21:14",
            "Objet : Demande de rendez-vous – première demande de titre de séjour",
            "",
            "Madame, Monsieur,",
            "Je suis de nationalité sénégalaise, en France depuis le 14 février 2021, et mère d'une "
            "enfant française née le 3 mars 2024. Je souhaite déposer une première demande de titre "
            "de séjour.",
            "Depuis le 2 novembre 2026, le site de prise de rendez-vous de la préfecture du Rhône "
            "m'indique à chaque connexion qu'aucune plage horaire n'est libre. J'ai une promesse "
            "d'embauche qui ne tiendra que jusqu'au 15 janvier 2027.",
            "Je vous remercie de bien vouloir me fixer un rendez-vous.",
            "",
            "Aïssatou N'DIAYE – chez M. & Mme Roux, 12 rue de l'Exemple, 69007 Lyon – 07 00 00 11 30",
        ]]),
    },
    "liberte-marseille": {
        "pieces/titre-de-sejour.pdf": ("Titre de séjour (recto et verso)", [
            [
                "## Recto – reproduction fictive",
                "RÉPUBLIQUE FRANÇAISE – TITRE DE SÉJOUR",
                "Nom : TRAORÉ",
                "Prénoms : Mariam",
                "Sexe : F – Nationalité : malienne",
                "Date et lieu de naissance : 03/05/1988, Bamako (Mali)",
                "Type de titre : carte de séjour pluriannuelle",
                "Mention : « salarié »",
                "Valable du 28/11/2022 au 27/11/2026",
                "N° 1300000713",
            ],
            [
                "## Verso – reproduction fictive",
                "Adresse : 7 rue de l'Exemple, 13003 Marseille",
                "Délivré par le préfet des Bouches-du-Rhône",
                "Observations : autorise son titulaire à exercer une activité salariée.",
                "Zone de lecture automatique : IRFRA0000000000<<<<<<<<<<<<<<< (fictive)",
            ],
        ]),
        "pieces/passeport.pdf": ("Passeport", [[
            "## Page d'identité – reproduction fictive",
            "République du Mali – Passeport",
            "Nom : TRAORÉ – Prénom : Mariam",
            "Née le 03/05/1988 à Bamako (Mali) – Nationalité : malienne",
            "Passeport n° AA0000713 (fictif)",
            "Délivré le 14/03/2023 – expire le 13/03/2028",
        ]]),
        "pieces/quittance-2026-11.pdf": ("Quittance de loyer de novembre 2026", [[
            "Bailleur : Office Exemple Habitat Méditerranée (bailleur social fictif), "
            "2 quai du Modèle, 13002 Marseille",
            "Locataire : Mme Mariam TRAORÉ",
            "Logement : 7 rue de l'Exemple, bâtiment B, appartement 21, 13003 Marseille",
            "",
            "Période : du 1er au 30 novembre 2026",
            "Loyer : 512,40 € – provision sur charges : 96,60 € – total : 609,00 €",
            "Aide personnalisée au logement versée au bailleur : 231,00 €",
            "Reste à charge de la locataire : 378,00 €",
            "",
            "Le bailleur reconnaît avoir reçu de la locataire la somme de 378,00 € le 6 novembre "
            "2026 et, de l'organisme payeur, l'aide personnalisée au logement de 231,00 €, au titre "
            "du loyer et des charges de la période ci-dessus, et en donne quittance, sous réserve "
            "de tous ses droits.",
            "",
            "Fait à Marseille, le 6 novembre 2026.",
        ]]),
        "pieces/lettre-employeur.pdf": ("Lettre de l'employeur du 27 novembre 2026", [[
            EMPLOYEUR_13,
            "",
            "Lettre remise en main propre contre décharge",
            "À l'attention de Mme Mariam TRAORÉ",
            "Marseille, le 27 novembre 2026",
            "",
            "## Objet : suspension de votre contrat de travail",
            "Madame,",
            "Votre carte de séjour pluriannuelle portant la mention « salarié » expire ce jour, "
            "27 novembre 2026, et vous n'avez pu nous remettre ni nouveau titre ni récépissé de "
            "demande de renouvellement. Or nous ne pouvons pas employer un salarié dépourvu de "
            "titre l'autorisant à travailler (article L. 8251-1 du code du travail).",
            "Nous avons bien noté les démarches que vous nous avez décrites auprès de la préfecture. "
            "Nous sommes néanmoins contraints de suspendre votre contrat de travail à durée "
            "indéterminée à compter du 28 novembre 2026, sans maintien de salaire, jusqu'à la "
            "présentation d'un titre ou d'un récépissé vous autorisant à travailler.",
            "Nous attirons votre attention sur le fait que, si cette situation devait se prolonger, "
            "nous serions amenés à envisager la rupture de votre contrat de travail.",
            "Nous tenons à souligner la qualité de votre travail depuis avril 2019 et souhaitons "
            "pouvoir vous réintégrer dans votre poste dès que possible.",
            "",
            "Veuillez agréer, Madame, nos salutations distinguées.",
            "Le responsable des ressources humaines (signature fictive)",
            "",
            "Reçu en main propre le 27 novembre 2026 – Mariam TRAORÉ (signature fictive)",
        ]]),
        "pieces/convocation-entretien.pdf": ("Convocation à un entretien préalable du 30 novembre 2026", [[
            EMPLOYEUR_13,
            "",
            "Lettre remise en main propre contre décharge",
            "À l'attention de Mme Mariam TRAORÉ, 7 rue de l'Exemple, 13003 Marseille",
            "Marseille, le 30 novembre 2026",
            "",
            "## Objet : convocation à un entretien préalable à un éventuel licenciement",
            "Madame,",
            "Faute pour vous de justifier, depuis le 28 novembre 2026, d'un titre de séjour vous "
            "autorisant à travailler, nous sommes amenés à envisager à votre égard une mesure de "
            "licenciement.",
            "Conformément à l'article L. 1232-2 du code du travail, nous vous convoquons à un "
            "entretien préalable qui se tiendra le lundi 14 décembre 2026 à 10 h 00, au siège de "
            "la société, 12 boulevard du Prototype, 13002 Marseille, au service des ressources "
            "humaines.",
            "Au cours de cet entretien, nous vous exposerons les motifs de la décision envisagée et "
            "recueillerons vos explications. Vous pourrez vous faire assister par une personne de "
            "votre choix appartenant au personnel de l'entreprise.",
            "Si vous nous présentez d'ici là un titre de séjour ou un récépissé vous autorisant à "
            "travailler, cette procédure sera abandonnée.",
            "",
            "Veuillez agréer, Madame, nos salutations distinguées.",
            "Le responsable des ressources humaines (signature fictive)",
            "",
            "Reçu en main propre le 30 novembre 2026 – Mariam TRAORÉ (signature fictive)",
        ]]),
        "pieces/bulletins-salaire.pdf": ("Bulletins de salaire de septembre à novembre 2026", [
            bulletin_13("septembre"), bulletin_13("octobre"), bulletin_13("novembre", suspendu=True),
        ]),
        "pieces/livret-famille.pdf": ("Livret de famille", [[
            "## Livret de famille – reproduction fictive",
            "Ville de Marseille – officier de l'état civil",
            "Livret délivré le 20 juin 2017 à la mère, lors de la naissance de son premier enfant.",
            "",
            "## Mère",
            "TRAORÉ Mariam, née le 3 mai 1988 à Bamako (Mali), de nationalité malienne",
            "",
            "## Enfants",
            "1. TRAORÉ Moussa, né le 12 juin 2017 à Marseille (3e) – acte n° 0000 (fictif)",
            "   Filiation établie à l'égard de la mère seule.",
            "2. TRAORÉ Aminata, née le 9 février 2020 à Marseille (3e) – acte n° 0000 (fictif)",
            "   Filiation établie à l'égard de la mère seule.",
            "",
            "Extraits certifiés conformes aux registres de l'état civil (signature et cachet fictifs).",
        ]]),
        "pieces/certificats-scolarite.pdf": ("Certificats de scolarité des deux enfants (2026-2027)", [
            [
                "## Certificat de scolarité – année scolaire 2026-2027",
                ECOLE_13,
                "",
                "Je soussignée, directrice de l'école, certifie que l'élève :",
                "TRAORÉ Moussa, né le 12 juin 2017 à Marseille (3e),",
                "responsable légal : Mme Mariam TRAORÉ, 7 rue de l'Exemple, 13003 Marseille,",
                "est inscrit dans l'établissement en classe de CM1 pour l'année scolaire 2026-2027 et "
                "le fréquente régulièrement depuis la rentrée de septembre 2026.",
                "",
                "Fait à Marseille, le 2 décembre 2026, pour servir et valoir ce que de droit.",
                "La directrice (signature et cachet fictifs)",
            ],
            [
                "## Certificat de scolarité – année scolaire 2026-2027",
                ECOLE_13,
                "",
                "Je soussignée, directrice de l'école, certifie que l'élève :",
                "TRAORÉ Aminata, née le 9 février 2020 à Marseille (3e),",
                "responsable légal : Mme Mariam TRAORÉ, 7 rue de l'Exemple, 13003 Marseille,",
                "est inscrite dans l'établissement en classe de CP pour l'année scolaire 2026-2027 et "
                "le fréquente régulièrement depuis la rentrée de septembre 2026.",
                "",
                "Fait à Marseille, le 2 décembre 2026, pour servir et valoir ce que de droit.",
                "La directrice (signature et cachet fictifs)",
            ],
        ]),
        "pieces/lrar-2026-11-09.pdf": ("Lettre recommandée avec AR du 9 novembre 2026", [[
            "Mme Mariam TRAORÉ",
            "7 rue de l'Exemple, 13003 Marseille – 06 00 00 07 13 – m.traore@example.org",
            "",
            "Monsieur le préfet des Bouches-du-Rhône",
            "Direction des migrations, de l'intégration et de la nationalité",
            "",
            "Marseille, le 9 novembre 2026",
            "Lettre recommandée avec demande d'avis de réception n° 1A 000 000 0713 0 (fictif)",
            "",
            "## Objet : demande de rendez-vous – renouvellement de ma carte de séjour n° 1300000713",
            "Monsieur le préfet,",
            "Je suis titulaire d'une carte de séjour pluriannuelle portant la mention « salarié », "
            "n° 1300000713, qui expire le 27 novembre 2026. Je vis en France depuis le 1er mars "
            "2016 et je travaille depuis avril 2019 comme aide de cuisine, en contrat à durée "
            "indéterminée.",
            "Depuis le 1er octobre 2026, je me connecte régulièrement, le matin, à midi et la "
            "nuit, au site de prise de rendez-vous de la préfecture pour déposer ma demande de "
            "renouvellement. Le site affiche chaque fois qu'il n'existe plus de plage horaire "
            "libre. Le 29 octobre 2026, je me suis présentée à l'accueil de la préfecture : on "
            "m'a refusé l'accès parce que je n'avais pas de convocation.",
            "Sans récépissé, mon employeur ne pourra plus me faire travailler après le 27 novembre "
            "2026. J'élève seule mes deux enfants, scolarisés à Marseille.",
            "Je vous demande de bien vouloir me fixer un rendez-vous dans un délai de huit jours à "
            "compter de la réception de cette lettre. À défaut, je saisirai le juge des référés du "
            "tribunal administratif de Marseille.",
            "Je joins la copie de ma carte de séjour, de mon passeport et des captures d'écran du site.",
            "",
            "Je vous prie d'agréer, Monsieur le préfet, l'expression de ma considération distinguée.",
            "Mariam TRAORÉ (signature fictive)",
        ]]),
        "pieces/avis-de-reception-2026-11-12.pdf": ("Avis de réception du 12 novembre 2026", [[
            "## Avis de réception – lettre recommandée – reproduction fictive",
            "Numéro de l'envoi : 1A 000 000 0713 0 (fictif)",
            "Expéditeur : Mme Mariam TRAORÉ, 7 rue de l'Exemple, 13003 Marseille",
            "Destinataire : Préfecture des Bouches-du-Rhône – direction des migrations",
            "Déposée le : 09/11/2026",
            "Présentée / distribuée le : 12/11/2026",
            "Signature du destinataire : (illisible) – cachet du service courrier",
        ]]),
    },
    "anef-grenoble": {
        "pieces/titre-de-sejour.pdf": ("Titre de séjour (recto et verso)", [
            [
                "## Recto – reproduction fictive",
                "RÉPUBLIQUE FRANÇAISE – TITRE DE SÉJOUR",
                "Nom : SOUZA",
                "Prénoms : Rafael",
                "Sexe : M – Nationalité : brésilienne",
                "Date et lieu de naissance : 17/08/1999, Recife (Brésil)",
                "Type de titre : carte de séjour temporaire",
                "Mention : « étudiant »",
                "Valable du 21/01/2026 au 20/01/2027",
                "N° 3800000538",
            ],
            [
                "## Verso – reproduction fictive",
                "Adresse : 3 place de l'Exemple, 38000 Grenoble",
                "Délivré par le préfet de l'Isère",
                "Observations : autorise l'exercice, à titre accessoire, d'une activité professionnelle "
                "salariée dans la limite de 60 % de la durée de travail annuelle.",
                "Zone de lecture automatique : IRFRA0000000000<<<<<<<<<<<<<<< (fictive)",
            ],
        ]),
        "pieces/passeport.pdf": ("Passeport", [[
            "## Page d'identité – reproduction fictive",
            "République fédérative du Brésil – Passeport",
            "Nom : SOUZA – Prénom : Rafael",
            "Né le 17/08/1999 à Recife (Brésil) – Nationalité : brésilienne",
            "Passeport n° FA000538 (fictif)",
            "Délivré le 05/05/2021 – expire le 04/05/2031",
        ]]),
        "pieces/attestation-domicile.pdf": ("Attestation de domicile", [[
            "Agence Exemple Immobilier (agence fictive), 9 rue du Modèle, 38000 Grenoble",
            "",
            "Nous soussignés, Agence Exemple Immobilier, mandataire du propriétaire du logement "
            "situé 3 place de l'Exemple, appartement 4, 38000 Grenoble, attestons que M. Rafael "
            "SOUZA, né le 17 août 1999 à Recife (Brésil), est locataire de ce logement en vertu "
            "d'un bail ayant pris effet le 1er septembre 2023, et qu'il y réside à ce jour.",
            "",
            "M. SOUZA est à jour du paiement de ses loyers et charges.",
            "",
            "Fait à Grenoble, le 1er décembre 2026, pour servir et valoir ce que de droit.",
            "La gestionnaire locative (signature et cachet fictifs)",
        ]]),
        "pieces/certificat-scolarite-2026-2027.pdf": ("Certificat de scolarité 2026-2027", [[
            "## Certificat de scolarité – année universitaire 2026-2027",
            UNIVERSITE_38,
            "",
            "Le service de la scolarité certifie que :",
            "M. Rafael SOUZA, né le 17 août 1999 à Recife (Brésil),",
            "numéro d'étudiant : 00000538 (fictif),",
            "est régulièrement inscrit pour l'année universitaire 2026-2027 en :",
            "Master mention Génie des procédés, parcours Énergie et environnement – 2e année",
            "Régime : formation initiale – date d'inscription : 8 septembre 2026",
            "",
            "La deuxième année du master comprend un stage obligatoire de six mois, dont la "
            "validation conditionne la délivrance du diplôme.",
            "",
            "Fait à Grenoble, le 15 septembre 2026.",
            "Pour le président et par délégation, la responsable de la scolarité (signature fictive)",
        ]]),
        "pieces/convention-stage.pdf": ("Convention de stage du 23 novembre 2026", [
            [
                "## Convention de stage n° 2026-0538 (fictive)",
                "## Entre",
                "L'établissement d'enseignement : " + UNIVERSITE_38 + ", représentée par son président,",
                "l'organisme d'accueil : Exemple Énergie SAS (société fictive), 8 avenue du Prototype, "
                "38100 Grenoble, représentée par son directeur technique,",
                "et le stagiaire : M. Rafael SOUZA, né le 17 août 1999 à Recife (Brésil), inscrit en "
                "2e année de master Génie des procédés, 3 place de l'Exemple, 38000 Grenoble.",
                "",
                "## Article 1 – Objet",
                "La présente convention règle les rapports entre les signataires pour le stage "
                "obligatoire de fin d'études, intégré au cursus du stagiaire (articles L. 124-1 et "
                "suivants du code de l'éducation).",
                "## Article 2 – Dates et durée",
                "Le stage se déroule du lundi 4 janvier 2027 au mercredi 30 juin 2027, à raison de "
                "35 heures par semaine, dans les locaux de l'organisme d'accueil.",
                "## Article 3 – Missions",
                "Modélisation des pertes thermiques d'un réseau de chaleur urbain et étude de "
                "scénarios de récupération de chaleur fatale.",
                "## Article 4 – Gratification",
                "Le stagiaire perçoit une gratification mensuelle de 700,00 €.",
            ],
            [
                "## Article 5 – Situation administrative du stagiaire",
                "Le stagiaire de nationalité étrangère doit être titulaire, pendant toute la durée du "
                "stage, d'un titre de séjour en cours de validité. Faute de présenter au premier jour "
                "du stage un titre ou un document provisoire de séjour valable, il ne pourra pas être "
                "accueilli et la convention sera suspendue, puis résiliée si la situation n'est pas "
                "régularisée dans un délai d'un mois.",
                "## Article 6 – Encadrement",
                "Enseignante référente : Mme Hélène BERTRAND, maîtresse de conférences (fictive).",
                "Tuteur dans l'organisme d'accueil : M. Louis GARNIER, ingénieur (fictif).",
                "## Article 7 – Validation",
                "La validation du stage conditionne la délivrance du diplôme de master.",
                "",
                "Fait à Grenoble, le 23 novembre 2026, en trois exemplaires.",
                "Pour l'établissement, pour l'organisme d'accueil, le stagiaire (signatures fictives)",
            ],
        ]),
        "pieces/courriel-2026-11-02.pdf": ("Courriel à la préfecture du 2 novembre 2026", [[
            "De : Rafael SOUZA <r.souza@example.org>",
            "À : pref-sejour@prefecture-38.example",
            "Date : lundi 2 novembre 2026, 20:41",
            "Objet : Renouvellement de titre de séjour « étudiant » – dépôt impossible sur l'ANEF",
            "",
            "Madame, Monsieur,",
            "Je suis étudiant, de nationalité brésilienne, titulaire d'une carte de séjour temporaire "
            "portant la mention « étudiant » n° 3800000538, valable jusqu'au 20 janvier 2027 "
            "(numéro étranger 3800000538).",
            "Depuis le 5 octobre 2026, j'essaie de déposer ma demande de renouvellement sur le "
            "téléservice de l'administration numérique pour les étrangers en France (ANEF). À chaque "
            "tentative, une fois le formulaire rempli et les justificatifs téléversés, le site "
            "affiche : « Erreur technique : le dossier ne peut pas être validé ». J'ai essayé à "
            "différentes heures et avec différents navigateurs, sans succès. Je joins les captures "
            "d'écran.",
            "Je dois commencer le 4 janvier 2027 un stage obligatoire de fin d'études, qui suppose "
            "un titre de séjour en cours de validité.",
            "Je vous remercie de bien vouloir m'indiquer comment déposer ma demande, par exemple sur "
            "papier ou lors d'un rendez-vous à la préfecture.",
            "",
            "Rafael SOUZA – 3 place de l'Exemple, 38000 Grenoble – 07 00 00 05 38",
        ]]),
        "pieces/lrar-2026-11-16.pdf": ("Lettre recommandée avec AR du 16 novembre 2026", [[
            "Me Jeanne MARTIN – avocate au barreau de Grenoble",
            "25 cours de l'Exemple, 38000 Grenoble – 04 00 00 05 38 – cabinet.martin@example.org",
            "",
            "Monsieur le préfet de l'Isère",
            "Service de l'immigration et de l'intégration",
            "",
            "Grenoble, le 16 novembre 2026 – Réf. 2026-0538",
            "Lettre recommandée avec demande d'avis de réception n° 1A 000 000 0538 0 (fictif)",
            "",
            "## Objet : renouvellement du titre de séjour de M. Rafael SOUZA – dépôt impossible sur l'ANEF",
            "Monsieur le préfet,",
            "Mon client, M. Rafael SOUZA, né le 17 août 1999 à Recife (Brésil), numéro étranger "
            "3800000538, titulaire d'une carte de séjour temporaire portant la mention « étudiant » "
            "qui expire le 20 janvier 2027, tente depuis le 5 octobre 2026 de déposer sa demande de "
            "renouvellement sur le téléservice de l'administration numérique pour les étrangers en "
            "France (ANEF).",
            "À chaque tentative, le téléservice affiche : « Erreur technique : le dossier ne peut "
            "pas être validé ». Le courriel qu'il a adressé à vos services le 2 novembre 2026 est "
            "resté sans réponse.",
            "Lorsque le téléservice ne permet pas le dépôt d'une demande, l'administration doit "
            "garantir à l'usager une solution de substitution. M. SOUZA doit en outre débuter le "
            "4 janvier 2027 un stage obligatoire de fin d'études, qui suppose un titre de séjour en "
            "cours de validité.",
            "Je vous prie de bien vouloir, dans un délai de quinze jours à compter de la réception "
            "de la présente, permettre à M. SOUZA de déposer sa demande, par le téléservice ou par "
            "tout autre moyen, et lui remettre le document provisoire de séjour correspondant. À "
            "défaut, il saisira le juge des référés du tribunal administratif de Grenoble.",
            "",
            "Je vous prie d'agréer, Monsieur le préfet, l'expression de ma considération distinguée.",
            "Me Jeanne MARTIN (signature fictive)",
        ]]),
        "pieces/avis-de-reception-2026-11-18.pdf": ("Avis de réception du 18 novembre 2026", [[
            "## Avis de réception – lettre recommandée – reproduction fictive",
            "Numéro de l'envoi : 1A 000 000 0538 0 (fictif)",
            "Expéditeur : Me Jeanne MARTIN, 25 cours de l'Exemple, 38000 Grenoble",
            "Destinataire : Préfecture de l'Isère – service de l'immigration et de l'intégration",
            "Déposée le : 16/11/2026",
            "Présentée / distribuée le : 18/11/2026",
            "Signature du destinataire : (illisible) – cachet du service courrier",
        ]]),
    },

    "demarches-evry": {
        "pieces/passeport.pdf": ("Passeport (reproduction fictive)", [[
            "## République de Guinée – Passeport – reproduction fictive",
            "Nom : DIALLO – Prénoms : Mamadou",
            "Né le 14/03/1988 à Conakry (Guinée) – nationalité guinéenne",
            "Passeport n° GN0000910 (fictif) – délivré le 02/02/2022 – expire le 01/02/2032",
        ]]),
        "pieces/accuse-demarches-2026-07-20.pdf": ("Accusé de réception démarches simplifiées", [[
            "## démarches simplifiées – accusé de réception (reproduction fictive)",
            "Démarche : Admission exceptionnelle au séjour – Préfecture de l'Essonne (fictive)",
            "Dossier n° DS-91-000910 déposé le 20 juillet 2026 à 18:42",
            "Déposant : Mamadou DIALLO – numéro étranger 9100000910",
            "",
            "Votre dossier a bien été déposé. Il sera examiné par le service instructeur, qui vous "
            "adressera une convocation pour un rendez-vous en préfecture.",
            "Aucune autre démarche n'est nécessaire : merci de ne pas déposer de nouveau dossier.",
        ]]),
        "pieces/courriel-2026-10-05.pdf": ("Courriel à la préfecture du 5 octobre 2026", [[
            "De : Mamadou DIALLO <m.diallo@example.org>",
            "À : pref-sejour@prefecture-91.example",
            "Date : lundi 5 octobre 2026, 09:12",
            "Objet : Dossier démarches simplifiées DS-91-000910 – demande de convocation",
            "",
            "Madame, Monsieur,",
            "J'ai déposé le 20 juillet 2026, sur le site démarches simplifiées, une demande "
            "d'admission exceptionnelle au séjour (dossier DS-91-000910). Je n'ai reçu depuis "
            "aucune convocation. Une entreprise de maçonnerie m'a promis un contrat à durée "
            "indéterminée, sous réserve du dépôt de ma demande.",
            "Je vous remercie de bien vouloir me convoquer pour déposer mon dossier.",
            "",
            "Mamadou DIALLO – 7 allée de l'Exemple, 91000 Évry-Courcouronnes",
        ]]),
        "pieces/promesse-embauche.pdf": ("Promesse d'embauche du 2 novembre 2026", [[
            "## Promesse d'embauche – document fictif",
            "Entreprise Bâtir Essonne SARL (fictive), 12 rue de l'Exemple, 91000 Évry-Courcouronnes",
            "Évry-Courcouronnes, le 2 novembre 2026",
            "",
            "Nous nous engageons à embaucher M. Mamadou DIALLO en contrat à durée indéterminée, à "
            "temps plein, comme maçon, au salaire brut mensuel de 2 050,00 €.",
            "Cet engagement vaut jusqu'au 15 janvier 2027 : à cette date, faute pour M. DIALLO de "
            "justifier du dépôt de sa demande de titre de séjour, le poste sera pourvu autrement.",
            "",
            "Le gérant (signature fictive)",
        ]]),
        "pieces/bulletins-salaire.pdf": ("Bulletins de salaire (extraits)", [[
            "## Bulletins de salaire – extraits fictifs",
            "Salarié : Mamadou DIALLO – emplois déclarés de 2022 à 2026 (fictifs)",
            "2022 : aide-maçon, 11 mois déclarés",
            "2023 : aide-maçon, 12 mois déclarés",
            "2024 : maçon, 12 mois déclarés",
            "2025 : maçon, 10 mois déclarés",
            "2026 : maçon, 6 mois déclarés",
        ]]),
    },
    "recepisse-creteil": {
        "pieces/passeport.pdf": ("Passeport (reproduction fictive)", [[
            "## République du Mali – Passeport – reproduction fictive",
            "Nom : FOFANA – Prénoms : Awa",
            "Née le 09/05/1992 à Bamako (Mali) – nationalité malienne",
            "Passeport n° ML0000940 (fictif) – délivré le 10/01/2021 – expire le 09/01/2031",
        ]]),
        "pieces/titre-de-sejour.pdf": ("Titre de séjour (reproduction fictive)", [[
            "## Carte de séjour temporaire – reproduction fictive",
            "Mention : « salarié » – n° 9400000940",
            "Titulaire : Awa FOFANA, née le 09/05/1992 à Bamako (Mali)",
            "Valable du 21/11/2025 au 20/11/2026",
        ]]),
        "pieces/preuve-depot.pdf": ("Convocation et attestation de dépôt du 6 octobre 2026", [[
            "## Préfecture du Val-de-Marne – convocation (reproduction fictive)",
            "Mme Awa FOFANA est convoquée le 6 octobre 2026 à 10:30 pour le dépôt de sa demande de "
            "renouvellement de titre de séjour (carte de séjour temporaire « salarié » n° 9400000940).",
            "",
            "## Mention portée au guichet le 6 octobre 2026",
            "Dossier déposé le 6 octobre 2026. Récépissé : « à venir, vous serez informée par "
            "courriel » (mention manuscrite, reproduction fictive).",
        ]]),
        "pieces/lrar-2026-11-10.pdf": ("Lettre recommandée avec AR du 10 novembre 2026", [[
            "Me Paul ROCHE – avocat au barreau du Val-de-Marne",
            "9 avenue de l'Exemple, 94000 Créteil – 01 00 00 09 40 – p.roche@avocats.example",
            "",
            "Madame la préfète du Val-de-Marne",
            "Service de l'immigration et de l'intégration",
            "",
            "Créteil, le 10 novembre 2026 – Réf. 2026-0940",
            "Lettre recommandée avec demande d'avis de réception n° 1A 000 000 0940 0 (fictif)",
            "",
            "## Objet : récépissé de la demande de renouvellement de Mme Awa FOFANA",
            "Madame la Préfète,",
            "Ma cliente, Mme Awa FOFANA, a déposé le 6 octobre 2026 sa demande de renouvellement de "
            "sa carte de séjour temporaire « salarié », qui expire le 20 novembre 2026. Aucun "
            "récépissé ne lui a été remis.",
            "Je vous prie de bien vouloir lui délivrer ce récépissé dans un délai de huit jours à "
            "compter de la réception de la présente.",
            "",
            "Je vous prie d'agréer, Madame la Préfète, l'expression de ma haute considération.",
            "Me Paul ROCHE (signature fictive)",
        ]]),
        "pieces/avis-de-reception-2026-11-12.pdf": ("Avis de réception du 12 novembre 2026", [[
            "## Avis de réception – lettre recommandée – reproduction fictive",
            "Numéro de l'envoi : 1A 000 000 0940 0 (fictif)",
            "Destinataire : Préfecture du Val-de-Marne – service de l'immigration et de l'intégration",
            "Déposée le : 10/11/2026",
            "Présentée / distribuée le : 12/11/2026",
        ]]),
        "pieces/lettre-employeur.pdf": ("Lettre de l'employeur du 27 novembre 2026", [[
            "## Nettoyage Val-de-Marne SAS (fictive) – lettre à Mme Awa FOFANA",
            "Créteil, le 27 novembre 2026",
            "",
            "Madame,",
            "Votre carte de séjour a expiré le 20 novembre 2026. Faute de nous remettre un récépissé "
            "ou tout autre document vous autorisant à travailler, nous serons contraints de suspendre "
            "votre contrat de travail à compter du 15 décembre 2026.",
            "",
            "La directrice des ressources humaines (signature fictive)",
        ]]),
        "pieces/contrat-cdi.pdf": ("Contrat de travail à durée indéterminée", [[
            "## Contrat de travail à durée indéterminée – document fictif",
            "Employeur : Nettoyage Val-de-Marne SAS (fictive)",
            "Salariée : Awa FOFANA – agente de propreté – à compter du 2 mai 2022",
            "Durée du travail : 35 heures par semaine",
        ]]),
    },
}


# After the ordonnance: the Bobigny case two weeks later, with the ordonnance and the e-mail
# left unanswered since.
DOCUMENTS["execution-bobigny"] = {
    **DOCUMENTS["renouvellement-bobigny"],
    "pieces/ordonnance-2026-12-11.pdf": ("Ordonnance du juge des référés du 11 décembre 2026", [[
        "TRIBUNAL ADMINISTRATIF DE MONTREUIL – reproduction fictive",
        "N° 2618342 – M. Karim KONÉ c/ préfet de la Seine-Saint-Denis",
        "Ordonnance du 11 décembre 2026 – le juge des référés",
        "",
        "Vu la procédure suivante : par une requête enregistrée le 4 décembre 2026, M. KONÉ demande au "
        "juge des référés, sur le fondement de l'article L. 521-3 du code de justice administrative, "
        "d'enjoindre au préfet de la Seine-Saint-Denis de lui fixer un rendez-vous.",
        "",
        "ORDONNE :",
        "Article 1er : Il est enjoint au préfet de la Seine-Saint-Denis de communiquer à M. KONÉ une date "
        "de rendez-vous en vue du dépôt de sa demande de renouvellement dans un délai de huit jours à "
        "compter de la notification de la présente ordonnance, sous astreinte de 100 euros par jour de "
        "retard.",
        "Article 2 : La présente ordonnance sera notifiée à M. KONÉ et au ministre de l'intérieur ; "
        "copie en sera adressée au préfet de la Seine-Saint-Denis.",
        "",
        "Fait à Montreuil, le 11 décembre 2026 (signature fictive).",
    ]]),
    "pieces/courriel-2026-12-22.pdf": ("Courriel à la préfecture du 22 décembre 2026", [[
        "De : contact@lefevre-associes.example",
        "À : pref-etrangers@seine-saint-denis.example (adresse fictive)",
        "Date : 22 décembre 2026, 10 h 12",
        "Objet : M. Karim KONÉ – exécution de l'ordonnance n° 2618342 du 11 décembre 2026",
        "",
        "Madame, Monsieur,",
        "Par une ordonnance du 11 décembre 2026, notifiée le 14 décembre, le juge des référés vous a "
        "enjoint de communiquer à M. KONÉ une date de rendez-vous dans un délai de huit jours. "
        "Aucune date ne lui a été communiquée à ce jour. Je vous remercie de me l'indiquer sans délai.",
        "",
        "Me Claire LEFÈVRE (signature fictive)",
    ]]),
}

# The other letters: the Lyon case refused, or given an appointment too late; the Créteil
# case filed earlier, now implicitly rejected. Same evidence.
DOCUMENTS["recours-lyon"] = DOCUMENTS["premiere-demande-lyon"]
DOCUMENTS["avancer-lyon"] = DOCUMENTS["premiere-demande-lyon"]
DOCUMENTS["motifs-creteil"] = DOCUMENTS["recepisse-creteil"]


# --------------------------------------------------------------------------

def referenced_files(case: dict) -> list[str]:
    paths = [case.get("titre", {}).get("fichier")]
    paths += [t.get("capture") for t in case.get("tentatives", [])]
    paths += [c.get(k) for c in case.get("courriers", []) for k in ("fichier", "accuse")]
    paths += [p.get("fichier") for p in case.get("pieces", [])]
    paths += [case.get("demande_en_ligne", {}).get("accuse")]
    paths += [case.get("ordonnance", {}).get("fichier")]
    return [p for p in paths if p]


def make_case(name: str) -> list[Path]:
    folder = SAMPLES / name
    with open(folder / "dossier.toml", "rb") as f:
        case = tomllib.load(f)
    departement = case["prefecture"]["departement"]
    objet = OBJETS[case["demande"]["objet"]]
    page = anef_page(objet) if case["demande"]["canal"] == "anef" else None
    written = []

    for attempt in case.get("tentatives", []):
        capture = attempt.get("capture")
        if not capture:
            continue
        path = folder / capture
        render = {".png": desktop_capture, ".jpg": phone_capture}[path.suffix]
        render(path, attempt["le"], departement, objet, page)
        written.append(path)

    for rel, (title, pages) in DOCUMENTS[name].items():
        write_pdf(folder / rel, title, pages)
        written.append(folder / rel)

    # The case file and DOCUMENTS are edited by hand: catch a path typo in either.
    expected = {folder / p for p in referenced_files(case)}
    missing = expected - set(written)
    unused = set(written) - expected
    if missing or unused:
        raise SystemExit(f"{name}: missing {sorted(map(str, missing))}, unused {sorted(map(str, unused))}")
    return written


def main() -> None:
    for name in DOCUMENTS:
        for path in make_case(name):
            print(path.relative_to(SAMPLES.parent))


if __name__ == "__main__":
    main()
