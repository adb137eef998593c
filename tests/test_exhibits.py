import re

from drafting.case import load_case
from drafting.exhibits import nom_fichier, numeroter

from conftest import SHARED_CASES


def test_numbering_follows_the_order_of_citation():
    case = load_case(SHARED_CASES / "renouvellement-nanterre" / "dossier.toml")
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
    case = load_case(SHARED_CASES / "aes-paris" / "dossier.toml")
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
