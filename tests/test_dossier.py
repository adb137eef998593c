"""End to end, on real files made by LibreOffice: what a lawyer and a judge would check."""

from __future__ import annotations

import json
import re
import subprocess
import sys

import pytest
from click.testing import CliRunner
from pypdf import PdfReader

from drafting.cli import main
from drafting.pipeline import rediger_dossier

from conftest import ROOT, SAMPLES, copy_case, docx_text, pdf_text, reference_cases

ATTENDUS = {
    "requete.docx", "requete.pdf",
    "bordereau.docx", "bordereau.pdf", "dossier-complet.pdf", "analyse.md", "manifest.json",
}


def test_dossier_has_every_document(bobigny):
    res, out = bobigny
    assert ATTENDUS <= {p.name for p in out.iterdir()}
    # Its registered letter of 16 November went unanswered: the petition relies on it, and
    # no new mise en demeure is drafted beside it.
    assert not (out / "lettre-prefecture.docx").exists() and not res.analyse.lettre_utile
    assert not list(out.parent.glob(".*en-cours*")), "temporary folder left behind"


def test_petition_names_court_parties_and_dates(bobigny):
    _, out = bobigny
    texte = " ".join(pdf_text(out / "requete.pdf").split())
    assert "REQUÊTE EN RÉFÉRÉ MESURES UTILES" in texte
    assert "tribunal administratif de Montreuil" in texte
    assert "M. Karim KONÉ" in texte and "né le 2 avril 1990 à Abidjan (Côte d'Ivoire)" in texte
    assert "Me Claire LEFÈVRE, cabinet Lefèvre & Associés" in texte
    assert "avocat au barreau de la Seine-Saint-Denis" in texte
    assert "Le préfet de la Seine-Saint-Denis" in texte
    assert "valable jusqu'au jeudi 31 décembre 2026 (pièce n° 2)" in texte
    # The letter of 16 November, received 18 November, gave 8 days: Thursday 26 November.
    assert "reçue le 18 novembre 2026 (pièces n° 12 et 13)" in texte
    assert "qui a expiré le jeudi 26 novembre 2026" in texte
    assert "neuf tentatives infructueuses, réparties sur six semaines distinctes" in texte
    assert "(pièces n° 4 à 11)" in texte
    assert "dans un délai de 8 jours à compter de la notification" in texte
    assert "astreinte de 100 euros par jour de retard" in texte
    assert "Fait à Bobigny, le 4 décembre 2026" in texte
    assert "None" not in texte


def test_attempts_table_links_each_attempt_to_its_capture(bobigny):
    _, out = bobigny
    lignes = [l for l in docx_text(out / "requete.docx").splitlines() if " | " in l]
    assert lignes[0].split(" | ") == ["N°", "Date", "Heure", "Canal", "Résultat", "Pièce"]
    rangees = [l.split(" | ") for l in lignes[1:10]]
    assert rangees[0] == ["1", "lundi 19 octobre 2026", "08 h 30", "Site de rendez-vous", "Aucun créneau disponible", "pièce n° 4"]
    assert rangees[4][1:] == ["jeudi 5 novembre 2026", "14 h 10", "Téléphone", "Serveur vocal saturé, aucun rendez-vous proposé", "—"]
    assert rangees[8][-1] == "pièce n° 11"


def test_bordereau_lists_every_piece_with_its_number(bobigny):
    res, out = bobigny
    texte = " ".join(pdf_text(out / "bordereau.pdf").split())
    manifeste = json.loads((out / "manifest.json").read_text("utf-8"))
    assert [p["numero"] for p in manifeste["pieces"]] == list(range(1, 17))
    for p in manifeste["pieces"]:
        assert f"n° {p['numero']} {' '.join(p['libelle'].split())}" in texte


def test_each_piece_starts_on_its_bookmark_with_its_stamp(bobigny):
    _, out = bobigny
    reader = PdfReader(out / "dossier-complet.pdf")
    racine = reader.outline
    titres = [o.title for o in racine if not isinstance(o, list)]
    assert titres == ["Requête en référé mesures utiles", "Bordereau des pièces", "Pièces"]
    pieces = racine[-1]
    assert len(pieces) == 16
    for n, item in enumerate(pieces, 1):
        assert item.title.startswith(f"Pièce n°\u00a0{n} – ")
        page = reader.get_destination_page_number(item)
        texte = reader.pages[page].extract_text()
        assert f"Pièce n° {n} – p. 1/" in texte, f"page {page + 1} should carry the stamp of pièce {n}"
        assert reader.page_labels[page] == f"P{n}-1"
    assert reader.page_labels[0] == "R-1"
    assert pieces[1].title == "Pièce n°\u00a02 – Titre de séjour n°\u00a09300000342 expirant le 31\u00a0décembre\u00a02026"


def test_every_page_of_a_multi_page_piece_is_stamped(bobigny):
    _, out = bobigny
    reader = PdfReader(out / "telerecours" / "16_Bulletins_de_salaire_de_septembre_a_novembre_2026.pdf")
    assert [f"Pièce n° 16 – p. {i}/3" in p.extract_text() for i, p in enumerate(reader.pages, 1)] == [True] * 3


def test_stamp_sits_in_a_band_above_the_original_page(bobigny):
    from drafting.exhibits import BANDE

    _, out = bobigny
    original = PdfReader(SAMPLES / "renouvellement-bobigny" / "pieces" / "passeport.pdf").pages[0]
    tamponnee = PdfReader(out / "telerecours" / "01_Passeport.pdf").pages[0]
    assert float(tamponnee.mediabox.height) == pytest.approx(float(original.mediabox.height) + BANDE)


def test_telerecours_export_follows_the_naming_rules(bobigny):
    _, out = bobigny
    noms = sorted(p.name for p in (out / "telerecours").iterdir())
    pieces = [n for n in noms if n[0].isdigit()]
    assert len(pieces) == 16 and "Requete_refere_mesures_utiles.pdf" in noms
    for i, nom in enumerate(pieces, 1):
        assert nom.startswith(f"{i:02d}_")
        assert len(nom) <= 80 and nom.count(".") == 1
        assert re.fullmatch(r"[A-Za-z0-9_-]+\.pdf", nom), nom


def test_letter_gives_the_computed_delay(bobigny_avec_lettre):
    _, out = bobigny_avec_lettre
    texte = " ".join(pdf_text(out / "lettre-prefecture.pdf").split())
    assert "Lettre recommandée avec demande d'avis de réception" in texte
    # The titre expires within 30 days of the drafting date: the short delay.
    assert "dans un délai de 8 jours à compter de la réception" in texte
    assert "tribunal administratif de Montreuil" in texte


@pytest.mark.parametrize("chemin", reference_cases(), ids=lambda p: p.parent.name)
def test_every_reference_case_gives_a_dossier(chemin, tmp_path, soffice):
    res = rediger_dossier(chemin, tmp_path / "out")
    out = tmp_path / "out"
    assert ATTENDUS <= {p.name for p in out.iterdir()}
    assert (out / "lettre-prefecture.pdf").exists() == res.analyse.lettre_utile
    reader = PdfReader(out / "dossier-complet.pdf")
    assert len(reader.outline[-1]) == res.pieces
    texte = pdf_text(out / "requete.pdf")
    assert "None" not in texte and res.analyse.juridiction.tribunal.lower() in " ".join(texte.lower().split())


def test_liberte_case_is_drafted_as_referé_liberte(tmp_path, soffice):
    from conftest import reference_case

    res = rediger_dossier(reference_case("liberte-toulouse"), tmp_path / "out")
    texte = " ".join(pdf_text(tmp_path / "out" / "requete.pdf").split())
    assert res.analyse.procedure == "liberte"
    assert "REQUÊTE EN RÉFÉRÉ-LIBERTÉ" in texte and "Sur l'atteinte à une liberté fondamentale" in texte
    assert "Me Paul GARNIER & associés" in texte


def test_hostile_characters_render_exactly(tmp_path, soffice):
    toml = copy_case(SAMPLES / "premiere-demande-lyon", tmp_path / "cas")
    t = toml.read_text("utf-8")
    t = t.replace('nom = "N\'DIAYE"', 'nom = "N\'DIAYE <&> \\"Ba\\""')
    t = t.replace('lieu_naissance = "Dakar (Sénégal)"', 'lieu_naissance = "Dakar « Plateau » & environs"')
    toml.write_text(t, "utf-8")
    rediger_dossier(toml, tmp_path / "out")
    for doc in ("requete.docx", "lettre-prefecture.docx", "bordereau.docx"):
        assert 'N\'DIAYE <&> "Ba"' in docx_text(tmp_path / "out" / doc)
    texte = " ".join(pdf_text(tmp_path / "out" / "requete.pdf").split())
    assert 'N\'DIAYE <&> "Ba"' in texte and "Dakar « Plateau » & environs" in texte


def test_without_libreoffice_the_docx_are_written_and_the_message_says_how(tmp_path, monkeypatch):
    from drafting import convert

    monkeypatch.setattr(convert, "trouver_soffice", lambda: None)
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["refere", str(SAMPLES / "premiere-demande-lyon" / "dossier.toml"), "-o", str(out)])
    assert result.exit_code == 4
    assert "LibreOffice est introuvable" in result.output and "apt-get install libreoffice" in result.output
    assert (out / "requete.docx").exists() and not (out / "requete.pdf").exists()


def test_force_replaces_only_with_a_complete_dossier(tmp_path, soffice):
    out = tmp_path / "out"
    rediger_dossier(SAMPLES / "premiere-demande-lyon" / "dossier.toml", out, pdf=False)
    toml = copy_case(SAMPLES / "premiere-demande-lyon", tmp_path / "cas")
    toml.write_text(toml.read_text("utf-8").replace("captures/2026-11-13-1240.jpg", "captures/perdue.jpg"), "utf-8")
    result = CliRunner().invoke(main, ["refere", str(toml), "-o", str(out), "--force"])
    assert result.exit_code == 2
    assert (out / "requete.docx").exists(), "the previous dossier must survive a failed --force run"


def test_lettre_command_writes_the_letter_alone(tmp_path, soffice):
    out = tmp_path / "lettre"
    result = CliRunner().invoke(main, ["lettre", str(SAMPLES / "premiere-demande-lyon" / "dossier.toml"), "-o", str(out)])
    assert result.exit_code == 0, result.output
    # The letter, and the manifest that marks the folder as draft's.
    assert {p.name for p in out.iterdir()} == {"lettre-prefecture.docx", "lettre-prefecture.pdf", "manifest.json"}
    texte = " ".join(pdf_text(out / "lettre-prefecture.pdf").split())
    assert "Mme Aïssatou N'DIAYE" in texte and "préfet du Rhône" in texte


def test_committed_templates_match_their_sources():
    r = subprocess.run([sys.executable, str(ROOT / "scripts" / "build_templates.py"), "--check"], capture_output=True, text=True)
    assert r.returncode == 0, r.stdout + r.stderr


def test_attempts_all_in_one_week_block_the_petition_but_write_the_letter(tmp_path, soffice):
    toml = copy_case(SAMPLES / "premiere-demande-lyon", tmp_path / "cas")
    blocs = toml.read_text("utf-8").split("[[tentatives]]")
    # Keep the attempts of Monday 2 and Thursday 5 November 2026 only: one ISO week.
    garde = "[[tentatives]]".join(blocs[:3])
    reste = blocs[-1][blocs[-1].index("[[courriers]]"):]
    toml.write_text(garde + reste, "utf-8")
    out = tmp_path / "out"
    result = CliRunner().invoke(main, ["refere", str(toml), "-o", str(out)])
    assert result.exit_code == 3, result.output
    assert "CE, 10 juin 2020, n° 435594" in result.output.replace("\u00a0", " ")
    assert "aucune requête n'a été rédigée" in result.output
    assert not (out / "requete.docx").exists()
    assert (out / "lettre-prefecture.pdf").exists()


def test_password_protected_evidence(tmp_path, soffice):
    from pypdf import PdfWriter

    toml = copy_case(SAMPLES / "premiere-demande-lyon", tmp_path / "cas")
    source = tmp_path / "cas" / "identite" / "passeport.pdf"

    def proteger(user: str) -> None:
        w = PdfWriter(clone_from=str(SAMPLES / "premiere-demande-lyon" / "identite" / "passeport.pdf"))
        w.encrypt(user_password=user, owner_password="proprietaire", algorithm="AES-128")
        w.write(str(source))

    proteger("")  # owner password only: opens without a password, so it is kept
    rediger_dossier(toml, tmp_path / "ok", pdf=False)
    proteger("secret")
    result = CliRunner().invoke(main, ["refere", str(toml), "-o", str(tmp_path / "non"), "--sans-pdf"])
    assert result.exit_code == 2
    assert "« pieces[1].fichier »" in result.output and "mot de passe" in result.output
    assert not (tmp_path / "non").exists()
