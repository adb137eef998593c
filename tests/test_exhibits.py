import re

from drafting.case import load_case
from drafting.exhibits import nom_fichier, numeroter

from conftest import reference_case


def test_numbering_follows_the_order_of_citation():
    case = load_case(reference_case("renouvellement-nanterre"))
    libelles = [p.libelle.replace("\u00a0", " ") for p in numeroter(case)]
    assert libelles[0] == "Passeport"
    assert libelles[1] == "Titre de séjour n° 9200000117 expirant le 18 décembre 2026"
    assert libelles[2] == "Quittance de loyer d'octobre 2026"
    captures = libelles[3:11]
    assert captures[0] == "Capture d'écran du 26 octobre 2026 à 08 h 30"
    assert captures[-1] == "Capture d'écran du 24 novembre 2026 à 09 h 00"
    assert libelles[11] == "Lettre recommandée avec avis de réception du 9 novembre 2026"
    assert libelles[12] == "Avis de réception du 12 novembre 2026"
    # Urgency proofs in the order the [[urgence]] entry cites them, then the others.
    assert libelles[13:] == ["Lettre de l'employeur du 20 novembre 2026",
                             "Contrat de travail à durée indéterminée du 3 janvier 2022",
                             "Bulletins de salaire d'août à octobre 2026"]
    assert [p.numero for p in numeroter(case)] == list(range(1, 17))


def test_attempts_are_numbered_chronologically_even_if_listed_out_of_order():
    case = load_case(reference_case("aes-paris"))
    captures = [p for p in numeroter(case) if p.tentative is not None]
    instants = [case.tentatives[p.tentative].le for p in captures]
    assert instants == sorted(instants)


def test_telerecours_names():
    nom = nom_fichier(3, "Attestation de M. Martin & Mme « Roux » / 100 % d'accord", 2, 80)
    assert nom.startswith("03_")
    assert nom.endswith(".pdf") and nom.count(".") == 1
    assert re.fullmatch(r"[A-Za-z0-9_-]+\.pdf", nom)
    assert "Roux" in nom
    long = nom_fichier(12, "Capture d'écran " * 20, 2, 80)
    assert len(long) <= 80 and long.startswith("12_") and not long[:-4].endswith("_")


def _page_hostile(writer, nom_police: str):
    """A page whose content scales everything and never restores it, and whose own font
    is called /FTampon: the stamp must neither move nor take that font."""
    from pypdf.generic import DecodedStreamObject, DictionaryObject, NameObject

    page = writer.add_blank_page(width=595, height=842)
    police = DictionaryObject({NameObject("/Type"): NameObject("/Font"), NameObject("/Subtype"): NameObject("/Type1"),
                               NameObject("/BaseFont"): NameObject("/Courier")})
    page[NameObject("/Resources")] = DictionaryObject(
        {NameObject("/Font"): DictionaryObject({NameObject(nom_police): police})})
    flux = DecodedStreamObject()
    flux.set_data(f"q 0.5 0 0 0.5 0 0 cm BT {nom_police} 12 Tf 72 700 Td (Texte du document) Tj ET".encode())
    page[NameObject("/Contents")] = writer._add_object(flux)


def test_the_stamp_is_drawn_in_its_band_whatever_the_page_leaves_behind():
    import io

    from pypdf import PdfReader, PdfWriter

    from drafting.exhibits import BANDE, tamponner_page

    source = PdfWriter()
    _page_hostile(source, "/FTampon")
    brut = io.BytesIO()
    source.write(brut)
    writer = PdfWriter()
    page = writer.add_page(PdfReader(brut).pages[0])
    tamponner_page(page, "Pièce n° 7 – p. 1/1")
    sortie = io.BytesIO()
    writer.write(sortie)

    relue = PdfReader(sortie).pages[0]
    assert float(relue.mediabox.top) == 842 + BANDE
    polices = relue["/Resources"]["/Font"]
    assert polices["/FTampon"]["/BaseFont"] == "/Courier"  # the page's own font, untouched
    assert polices["/FTampon1"]["/BaseFont"] == "/Helvetica-Bold"
    positions = []

    def noter(texte, cm, tm, fonte, taille):
        if texte.strip():
            positions.append((texte.strip(), round(tm[4] * cm[0] + cm[4]), round(tm[5] * cm[3] + cm[5])))

    relue.extract_text(visitor_text=noter)
    tampon = next(p for p in positions if p[0].startswith("Pièce"))
    assert tampon[0] == "Pièce n° 7 – p. 1/1"
    # In the band above the former page top, at full size, not halved by the page's "cm".
    assert 842 < tampon[2] < 842 + BANDE and tampon[1] > 400
    assert ("Texte du document", 36, 350) in positions
