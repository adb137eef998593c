"""`draft depot` freezes the numbering of the pièces filed; `draft complement` produces the pièces
added since, numbered after the last one filed (issue 18, items 2 and 3)."""

from __future__ import annotations

import datetime as dt
import json
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from conftest import SAMPLES, pdf_text
from drafting.case import load_case
from drafting.cli import main
from drafting.depot import enregistrer_depot, rediger_complement
from drafting.errors import CaseError
from drafting.exhibits import numeroter
from drafting.finalisation import finaliser_dossier

LE = dt.date(2026, 12, 4)
APRES = dt.date(2026, 12, 10)
IDENTITE = """
[[pieces]]
id = "carte-consulaire"
titre = "Carte d'identité consulaire"
fichier = "pieces/carte-consulaire.pdf"
categorie = "identite"
"""


@pytest.fixture
def cas(tmp_path) -> Path:
    """The 16-pièce sample, copied: its dossier.toml."""
    dossier = tmp_path / "kone"
    shutil.copytree(SAMPLES / "renouvellement-bobigny", dossier, ignore=shutil.ignore_patterns("attendu"))
    return dossier / "dossier.toml"


def _ajouter_identite(toml: Path) -> None:
    """An identity document, received after the filing: its natural place is first."""
    shutil.copy(toml.parent / "pieces" / "titre-de-sejour.pdf", toml.parent / "pieces" / "carte-consulaire.pdf")
    toml.write_text(toml.read_text("utf-8") + IDENTITE, "utf-8")


def _plat(texte: str) -> str:
    """One line, ordinary spaces (dates are printed with no-break ones)."""
    return " ".join(texte.split())


def _numeros(toml: Path) -> dict[str, int]:
    return {p.source.name: p.numero for p in numeroter(load_case(toml))}


def test_the_filing_is_recorded_in_the_case_file_and_the_numbering_frozen_beside_it(cas):
    avant = cas.read_text("utf-8")
    numeros = _numeros(cas)
    case, pieces = enregistrer_depot(cas, le=LE, numero="2601234", aujourd_hui=APRES)

    texte = cas.read_text("utf-8")
    assert texte.startswith(avant.rstrip("\n"))   # comments and layout kept: only [depot] is added
    assert "[depot]" in texte and "le = 2026-12-04" in texte and 'numero = "2601234"' in texte
    assert case.depot is not None and case.depot.le == LE and case.depot.numero == "2601234"
    inventaire = cas.parent / "dossier.depot.toml"
    assert case.depot.inventaire == inventaire.name and inventaire.is_file()
    assert [p.numero for p in case.depot.pieces] == list(range(1, 17))
    assert all(len(p.sha256) == 64 and p.complement == 0 for p in case.depot.pieces)
    assert {p.source.name: p.numero for p in pieces} == numeros

    r = CliRunner().invoke(main, ["analyse", str(cas)])
    assert r.exit_code == 0
    assert ("Requête déposée le vendredi 4 décembre 2026, n° 2601234 : 16 pièces avec la requête ; numéros figés "
            "(dossier.depot.toml)") in _plat(r.output)
    doc = json.loads(CliRunner().invoke(main, ["analyse", "--json", str(cas)]).output)
    assert doc["depot"] == {"le": "2026-12-04", "numero": "2601234", "pieces": 16}

    with pytest.raises(CaseError, match="déjà enregistrée comme déposée le 4\u00a0décembre\u00a02026"):
        enregistrer_depot(cas, le=LE, aujourd_hui=APRES)


def test_a_filing_date_in_the_future_is_refused_and_nothing_is_written(cas):
    avant = cas.read_text("utf-8")
    r = CliRunner().invoke(main, ["depot", str(cas), "--le", "2099-01-01"])
    assert r.exit_code == 2 and "dans le futur" in r.output and "Traceback" not in r.output
    assert cas.read_text("utf-8") == avant and not (cas.parent / "dossier.depot.toml").exists()


def test_after_the_filing_a_new_pièce_follows_the_last_one_and_the_others_keep_their_numbers(cas):
    avant = _numeros(cas)
    enregistrer_depot(cas, le=LE, aujourd_hui=APRES)
    _ajouter_identite(cas)
    apres = _numeros(cas)
    assert apres.pop("carte-consulaire.pdf") == 17
    assert apres == avant
    # Before any filing, the same case would have put it with the identity documents, second,
    # and renumbered the 15 pièces after it.
    sans = cas.read_text("utf-8").split("\n[depot]")[0] + IDENTITE
    autre = cas.with_name("sans-depot.toml")
    autre.write_text(sans, "utf-8")
    naturels = _numeros(autre)
    assert naturels.pop("carte-consulaire.pdf") == 2
    assert sum(naturels[nom] != n for nom, n in avant.items()) == 15


def test_a_filed_pièce_changed_or_removed_is_an_error_naming_it(cas):
    enregistrer_depot(cas, le=LE, aujourd_hui=APRES)
    quittance = cas.parent / "pieces" / "quittance-2026-11.pdf"
    original = quittance.read_bytes()
    quittance.write_bytes(original + b"\n% retouche")
    r = CliRunner().invoke(main, ["analyse", str(cas)])
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert ("la pièce n° 3 (Quittance de loyer de novembre 2026, « pieces/quittance-2026-11.pdf »), déposée le "
            "4 décembre 2026, a changé depuis") in _plat(r.output)
    quittance.write_bytes(original)
    load_case(cas)

    cas.write_text(cas.read_text("utf-8").replace('fichier = "pieces/quittance-2026-11.pdf"',
                                                  'fichier = "pieces/passeport.pdf"'), "utf-8")
    with pytest.raises(CaseError) as e:
        load_case(cas)
    assert ("la pièce n° 3 (Quittance de loyer de novembre 2026, « pieces/quittance-2026-11.pdf »), déposée le "
            "4 décembre 2026, n'est plus dans le dossier") in _plat(e.value.message)


def test_complement_numbers_the_new_pièce_17_and_every_earlier_stamp_stays_as_filed(cas, tmp_path, soffice):
    from drafting.pipeline import rediger_dossier

    premier = rediger_dossier(cas, tmp_path / "depose").dossier
    enregistrer_depot(cas, le=LE, numero="2601234", depose=premier, aujourd_hui=APRES)
    _ajouter_identite(cas)

    res = rediger_complement(cas, tmp_path / "complement")
    assert res.rang == 1 and [p.numero for p in res.nouvelles] == [17] and res.deja == 16
    sortie = tmp_path / "complement"
    assert sorted(p.name for p in (sortie / "telerecours").iterdir()) == ["17_Carte_d_identite_consulaire.pdf"]
    assert "Pièce n° 17 – p. 1/2" in pdf_text(sortie / "telerecours" / "17_Carte_d_identite_consulaire.pdf", 0)
    bordereau = " ".join(pdf_text(sortie / "bordereau-complementaire.pdf").split())
    assert "Bordereau des pièces complémentaires" in bordereau and "Premier complément" in bordereau
    assert "Requête n° 2601234, déposée le 4 décembre 2026" in bordereau
    assert "n° 17 Carte d'identité consulaire" in bordereau and "n° 1 Passeport" in bordereau
    assert (sortie / "bordereau-complementaire.docx").is_file()
    complet = pdf_text(sortie / "dossier-complet.pdf")
    assert "Pièce n° 1 – p. 1/1" in complet and "Pièce n° 17 – p. 2/2" in complet
    # The reading copy holds both: the petition and the bordereau filed, then the complement.
    lecture = PdfReader(sortie / "dossier-complet.pdf")
    titres = [i.title for i in lecture.outline if not isinstance(i, list)]
    assert titres == ["Requête en référé mesures utiles", "Bordereau des pièces",
                      "Bordereau des pièces complémentaires (premier complément)", "Pièces"]
    assert lecture.page_labels[0] == "R-1" and "BC-1" in lecture.page_labels
    manifeste = json.loads((sortie / "manifest.json").read_text("utf-8"))
    assert manifeste["complement"] == 1 and [p["numero"] for p in manifeste["pieces"]] == [17]
    # The bordereau complémentaire edited in Word: draft finaliser converts it alone and puts it
    # back in the reading copy, between the bordereau filed and the pièces.
    from docx import Document

    d = Document(str(sortie / "bordereau-complementaire.docx"))
    d.paragraphs[2].insert_paragraph_before("Pièce produite en réponse au mémoire en défense.")
    d.save(str(sortie / "bordereau-complementaire.docx"))
    fini = finaliser_dossier(sortie)
    assert fini.convertis == ["bordereau-complementaire.docx"] and fini.reconstruits == ["dossier-complet.pdf",
                                                                                        "manifest.json"]
    relue = PdfReader(sortie / "dossier-complet.pdf")
    assert [i.title for i in relue.outline if not isinstance(i, list)] == titres
    assert relue.page_labels == lecture.page_labels
    premiere = relue.page_labels.index("BC-1")
    assert "en réponse au mémoire en défense" in relue.pages[premiere].extract_text()
    assert "en réponse au mémoire en défense" in pdf_text(sortie / "bordereau-complementaire.pdf")

    # A later draft refere keeps the filed numbers: every filed pièce's Télérecours file is the
    # one filed, byte for byte (01_Passeport.pdf and its stamp included); the new one is 17.
    plus_tard = rediger_dossier(cas, tmp_path / "plus-tard").dossier
    deposes = {p.name: p.read_bytes() for p in (premier / "telerecours").iterdir() if p.name[:2].isdigit()}
    maintenant = {p.name: p.read_bytes() for p in (plus_tard / "telerecours").iterdir() if p.name[:2].isdigit()}
    assert "01_Passeport.pdf" in deposes
    assert maintenant.pop("17_Carte_d_identite_consulaire.pdf")
    assert maintenant == deposes
    assert "Pièce n° 17 : Carte d'identité consulaire" in " ".join(pdf_text(plus_tard / "bordereau.pdf").split()) \
        or "n° 17 Carte d'identité consulaire" in " ".join(pdf_text(plus_tard / "bordereau.pdf").split())

    # A second complement follows the first; drafted again without a new pièce, it is rebuilt.
    shutil.copy(cas.parent / "pieces" / "quittance-2026-11.pdf", cas.parent / "pieces" / "quittance-2026-12.pdf")
    cas.write_text(cas.read_text("utf-8") + '\n[[pieces]]\nid = "quittance-decembre"\ntitre = "Quittance de loyer '
                   'de décembre 2026"\nfichier = "pieces/quittance-2026-12.pdf"\ncategorie = "domicile"\n', "utf-8")
    second = rediger_complement(cas, tmp_path / "complement-2")
    assert second.rang == 2 and [p.numero for p in second.nouvelles] == [18] and second.deja == 17
    encore = rediger_complement(cas, tmp_path / "complement-2", force=True)
    assert encore.rang == 2 and [p.numero for p in encore.nouvelles] == [18]
    assert "Deuxième complément" in pdf_text(tmp_path / "complement-2" / "bordereau-complementaire.pdf")


def test_complement_before_any_filing_says_what_to_do(cas):
    r = CliRunner().invoke(main, ["complement", str(cas), "-o", str(cas.parent.parent / "c")])
    assert r.exit_code == 2 and "Traceback" not in r.output
    assert "draft depot DOSSIER.toml --le AAAA-MM-JJ" in r.output


def test_the_numbering_frozen_is_that_of_the_folder_filed_when_it_is_given(cas, tmp_path):
    """An attempt logged between the drafting and the filing: its natural place is among the
    captures, but the court has the dossier as drafted; it comes after the last pièce filed."""
    from drafting.edition import ajouter_tentative
    from drafting.pipeline import rediger_dossier

    depose = rediger_dossier(cas, tmp_path / "depose", pdf=False).dossier
    filed = {p["source"]: p["numero"] for p in json.loads((depose / "manifest.json").read_text("utf-8"))["pieces"]}
    capture = tmp_path / "IMG_2231.png"
    shutil.copy(cas.parent / "pieces" / "captures" / "2026-10-19-0830.png", capture)
    ajouter_tentative(cas, le=dt.datetime(2026, 11, 30, 9, 10), capture=capture,
                      maintenant=dt.datetime(2026, 12, 1, 8, 0))
    assert _numeros(cas)["2026-11-30-0910.png"] == 12   # its place before the filing

    case, pieces = enregistrer_depot(cas, le=LE, depose=depose, aujourd_hui=APRES)
    assert case.depot is not None and len(case.depot.pieces) == 16
    numeros = {p.source.relative_to(cas.parent).as_posix(): p.numero for p in pieces}
    assert numeros.pop("pieces/captures/2026-11-30-0910.png") == 17
    assert numeros == filed

    autre = tmp_path / "autre"
    shutil.copytree(SAMPLES / "premiere-demande-lyon", autre, ignore=shutil.ignore_patterns("attendu"))
    r = CliRunner().invoke(main, ["depot", str(autre / "dossier.toml"), "--le", "2026-12-01",
                                  "--dossier-depose", str(depose)])
    assert r.exit_code == 2 and "est le dossier d'un autre cas" in r.output


def test_a_complement_refused_its_output_folder_records_nothing(cas):
    enregistrer_depot(cas, le=LE, aujourd_hui=APRES)
    _ajouter_identite(cas)
    inventaire = (cas.parent / "dossier.depot.toml").read_bytes()
    r = CliRunner().invoke(main, ["complement", str(cas), "-o", str(cas.parent)])
    assert r.exit_code == 2 and "contient le dossier à rédiger" in r.output
    assert (cas.parent / "dossier.depot.toml").read_bytes() == inventaire
    assert _numeros(cas)["carte-consulaire.pdf"] == 17   # still to be produced, by the next complement
