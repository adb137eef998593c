"""`draft check`: each fault planted in a copy of the templates, the clauses or the golden
files makes it exit 1 and name the right file; the project's own library passes, twice."""

from __future__ import annotations

import shutil
import zipfile
from pathlib import Path

import pytest
from click.testing import CliRunner

from drafting.cli import main

from conftest import ROOT, SAMPLES

MU = "requete-mesures-utiles.docx"


def _check(*args: str) -> tuple[int, str]:
    r = CliRunner().invoke(main, ["check", *args])
    return r.exit_code, r.output


def _modeles(tmp_path: Path) -> Path:
    copie = tmp_path / "modeles"
    shutil.copytree(ROOT / "templates", copie, ignore=shutil.ignore_patterns("src"))
    return copie


def _clauses(tmp_path: Path) -> Path:
    copie = tmp_path / "clauses"
    shutil.copytree(ROOT / "clauses", copie)
    return copie


def _remplacer_dans_docx(chemin: Path, avant: str, apres: str) -> None:
    """Edit word/document.xml the way Word would have saved it."""
    with zipfile.ZipFile(chemin) as z:
        parties = {n: z.read(n) for n in z.namelist()}
    xml = parties["word/document.xml"].decode("utf-8")
    assert avant in xml, avant
    parties["word/document.xml"] = xml.replace(avant, apres, 1).encode("utf-8")
    with zipfile.ZipFile(chemin, "w", zipfile.ZIP_DEFLATED) as z:
        for n, data in parties.items():
            z.writestr(n, data)


def test_a_tag_whose_formatting_changes_midway_is_named_with_its_paragraph(tmp_path):
    modeles = _modeles(tmp_path)
    # Word splits "{{ requerant.nom }}" when one half is restyled: here the second half loses its bold.
    _remplacer_dans_docx(modeles / MU, "<w:t>{{ requerant.nom }}</w:t></w:r>",
                         "<w:t>{{ requerant.</w:t></w:r><w:r><w:t>nom }}</w:t></w:r>")
    code, sortie = _check("--modeles", str(modeles))
    assert code == 1
    ligne = next(l for l in sortie.splitlines() if "change de mise en forme" in l)
    assert f"{modeles / MU}, corps, paragraphe" in ligne and "{{ requerant.nom }}" in ligne
    assert "paragraphe 9 (« {{ requerant.civilite }} {{ requerant.pr… »)" in ligne  # its first words, for Ctrl+F


def test_a_tag_split_by_word_spell_check_in_one_style_is_only_noted(tmp_path, soffice):
    modeles = _modeles(tmp_path)
    # What Word writes on every save around a word it does not know: same style, a proofErr mark.
    _remplacer_dans_docx(modeles / MU, "<w:rPr><w:b/></w:rPr><w:t>{{ requerant.nom }}</w:t></w:r>",
                         '<w:rPr><w:b/></w:rPr><w:t>{{ requer</w:t></w:r><w:proofErr w:type="spellStart"/>'
                         '<w:r><w:rPr><w:b/></w:rPr><w:t>ant.nom }}</w:t></w:r><w:proofErr w:type="spellEnd"/>')
    code, sortie = _check("--modeles", str(modeles), "--echantillons", str(SAMPLES / "renouvellement-bobigny"))
    assert code == 0, sortie
    assert "INFO" in sortie and "docxtpl la recolle" in sortie


def test_a_lone_closing_brace_is_reported(tmp_path):
    modeles = _modeles(tmp_path)
    _remplacer_dans_docx(modeles / MU, "{{ requerant.adresse }}", "{ requerant.adresse }}")
    code, sortie = _check("--modeles", str(modeles))
    assert code == 1 and "une balise fermée n'a pas été ouverte" in sortie and str(modeles / MU) in sortie


def test_a_misspelt_variable_is_named_with_its_full_path(tmp_path):
    modeles = _modeles(tmp_path)
    _remplacer_dans_docx(modeles / MU, "{{ requerant.adresse }}", "{{ requerant.adrese }}")
    code, sortie = _check("--modeles", str(modeles))
    assert code == 1
    ligne = next(l for l in sortie.splitlines() if "requerant.adrese" in l)
    assert str(modeles / MU) in ligne and "champ inconnu « requerant.adrese »" in ligne and "adresse" in ligne


def test_a_curly_quoted_tag_is_reported(tmp_path):
    modeles = _modeles(tmp_path)
    _remplacer_dans_docx(modeles / MU, '{{ cite("CJA-L521-3") }}', "{{ cite(“CJA-L521-3”) }}")
    code, sortie = _check("--modeles", str(modeles))
    assert code == 1
    ligne = next(l for l in sortie.splitlines() if "guillemets typographiques" in l)
    assert str(modeles / MU) in ligne and "cite(“CJA-L521-3”)" in ligne


def test_an_unknown_filter_is_reported(tmp_path):
    modeles = _modeles(tmp_path)
    _remplacer_dans_docx(modeles / MU, "{{ requerant.adresse }}", "{{ requerant.adresse|majuscules }}")
    code, sortie = _check("--modeles", str(modeles))
    assert code == 1 and "filtre inconnu « majuscules »" in sortie and str(modeles / MU) in sortie


def test_an_unknown_citation_key_in_a_clause_is_named(tmp_path):
    clauses = _clauses(tmp_path)
    fichier = clauses / "requete" / "obstacle.md"
    fichier.write_text(fichier.read_text("utf-8").replace("CE-2018-11-28-420343", "CE-2018-11-28-999999"), "utf-8")
    code, sortie = _check("--clauses", str(clauses))
    assert code == 1
    ligne = next(l for l in sortie.splitlines() if "999999" in l)
    assert str(fichier) in ligne and "registre" in ligne


def test_a_broken_condition_is_named_and_every_broken_clause_is_listed(tmp_path):
    clauses = _clauses(tmp_path)
    premiere = clauses / "requete" / "frais.md"
    premiere.write_text(premiere.read_text("utf-8").replace('quand = "conclusions.frais > 0"',
                                                            'quand = "conclusions.frais >"'), "utf-8")
    seconde = clauses / "lettre" / "politesse.md"
    seconde.write_text(seconde.read_text("utf-8") + "\n{{ requerant.prenom }}\n", "utf-8")
    code, sortie = _check("--clauses", str(clauses))
    assert code == 1
    assert f"clause {premiere}, ligne 6 : condition « quand » invalide" in sortie
    assert f"clause {seconde}" in sortie and "« requerant.prenom »" in sortie  # not only the first fault


def test_a_piece_name_no_sample_can_have_is_reported(tmp_path):
    clauses = _clauses(tmp_path)
    fichier = clauses / "requete" / "urgence-famille.md"
    fichier.write_text(fichier.read_text("utf-8").replace('pieces("famille")', 'pieces("familles")'), "utf-8")
    code, sortie = _check("--clauses", str(clauses), "--echantillons", str(SAMPLES))
    assert code == 1
    assert f'clause {fichier}, ligne 10 : pieces("familles") ne désigne ni un groupe' in sortie


def test_a_placeholder_missing_from_every_template_is_reported(tmp_path):
    clauses = _clauses(tmp_path)
    plan = clauses / "plan.toml"
    plan.write_text(plan.read_text("utf-8").replace('id = "frais"\nemplacement = "discussion"',
                                                    'id = "frais"\nemplacement = "discusion"'), "utf-8")
    code, sortie = _check("--clauses", str(clauses))
    assert code == 1 and "pas d'emplacement {{p clauses.discusion }} pour la section « frais »" in sortie
    assert str(plan) in sortie and "requete-mesures-utiles.docx" in sortie


@pytest.fixture(scope="module")
def echantillons(tmp_path_factory):
    """A copy of the samples with their golden files, to edit freely."""
    copie = tmp_path_factory.mktemp("echantillons") / "samples"
    shutil.copytree(SAMPLES, copie, ignore=shutil.ignore_patterns("make_samples.py"))
    return copie


def test_a_changed_sentence_without_updated_golden_files_fails_with_a_diff(tmp_path, echantillons, soffice):
    clauses = _clauses(tmp_path)
    fichier = clauses / "requete" / "demarches-saisine.md"
    fichier.write_text(fichier.read_text("utf-8").replace("C'est dans ces conditions que", "C'est ainsi que"), "utf-8")
    bobigny = echantillons / "renouvellement-bobigny"
    code, sortie = _check("--clauses", str(clauses), "--echantillons", str(bobigny))
    assert code == 1
    attendu = bobigny / "attendu" / "requete.txt"
    assert f"ERREUR {attendu} : le rendu a changé" in sortie
    assert "-C'est dans ces conditions que le requérant saisit le juge des référés." in sortie
    assert "+C'est ainsi que le requérant saisit le juge des référés." in sortie
    # The letter does not use that clause: its golden file still matches.
    assert "lettre-prefecture.txt" not in sortie
    # --mettre-a-jour accepts the change; the next check passes.
    assert _check("--clauses", str(clauses), "--echantillons", str(bobigny), "--mettre-a-jour")[0] == 0
    assert "C'est ainsi que le requérant" in attendu.read_text("utf-8")
    assert _check("--clauses", str(clauses), "--echantillons", str(bobigny))[0] == 0


def test_golden_structure_names_pieces_stamps_bookmarks_and_telerecours_files():
    structure = (SAMPLES / "renouvellement-bobigny" / "attendu" / "structure.txt").read_text("utf-8")
    assert "  n° 2 — Titre de séjour n° 9300000342 expirant le 31 décembre 2026 — 2 pages — telerecours/02_" in structure
    assert "    Pièce n° 2 – Titre de séjour n° 9300000342 expirant le 31 décembre 2026 → P2-1 — Pièce n° 2 – p. 1/2" in structure
    assert "TAMPON ABSENT" not in structure
    assert "  Requete_refere_mesures_utiles.pdf" in structure


def test_the_project_library_passes_twice_in_a_row(soffice):
    premier = _check("--echantillons", str(SAMPLES))
    second = _check("--echantillons", str(SAMPLES))
    assert premier[0] == 0, premier[1]
    assert second[0] == 0, second[1]
    assert "draft check : 0 erreur" in second[1]


def test_no_samples_is_never_green(tmp_path):
    code, sortie = _check("--echantillons", str(tmp_path / "nexiste-pas"))
    assert code == 1 and "dossier d'échantillons introuvable" in sortie
    vide = tmp_path / "vide"
    vide.mkdir()
    code, sortie = _check("--echantillons", str(vide))
    assert code == 1 and "aucun dossier.toml" in sortie
    # Lint only, said explicitly.
    code, sortie = _check("--sans-echantillons")
    assert code == 0 and "0 échantillon rendu" in sortie


def test_a_changed_footer_fails_the_golden_comparison(tmp_path, echantillons, soffice):
    modeles = _modeles(tmp_path)
    with zipfile.ZipFile(modeles / MU) as z:
        parties = {n: z.read(n) for n in z.namelist()}
    pied = next(n for n in parties if n.startswith("word/footer"))
    parties[pied] = parties[pied].replace("Requête en référé mesures utiles".encode(), "Requête en référé".encode())
    with zipfile.ZipFile(modeles / MU, "w") as z:
        for n, data in parties.items():
            z.writestr(n, data)
    code, sortie = _check("--modeles", str(modeles), "--echantillons", str(echantillons / "renouvellement-bobigny"))
    assert code == 1
    assert "-[pied de page] Requête en référé mesures utiles – M. KONÉ – 1 / 1" in sortie
    assert "+[pied de page] Requête en référé – M. KONÉ – 1 / 1" in sortie


def test_a_sample_with_draft_toml_has_its_own_library_linted(tmp_path, echantillons):
    modeles = _modeles(tmp_path)
    _remplacer_dans_docx(modeles / MU, '{{ cite("CJA-L521-3") }}', "{{ cite(“CJA-L521-3”) }}")
    cas = tmp_path / "cabinet"
    shutil.copytree(echantillons / "renouvellement-bobigny", cas)
    (cas / "draft.toml").write_text(f'[bibliotheque]\nmodeles = "{modeles}"\n', "utf-8")
    code, sortie = _check("--echantillons", str(cas))
    assert code == 1 and f"{modeles / MU}" in sortie and "guillemets typographiques" in sortie


def test_a_typo_in_a_group_name_is_reported(tmp_path):
    clauses = _clauses(tmp_path)
    fichier = clauses / "requete" / "faits-situation-titre.md"
    fichier.write_text(fichier.read_text("utf-8").replace("groupes.titre is defined", "groupes.titr is defined"), "utf-8")
    code, sortie = _check("--clauses", str(clauses), "--echantillons", str(SAMPLES))
    assert code == 1 and f"clause {fichier}, ligne 12 : « groupes.titr »" in sortie


def test_a_sample_without_a_date_is_refused(tmp_path, echantillons):
    cas = tmp_path / "sans-date"
    shutil.copytree(echantillons / "renouvellement-bobigny", cas)
    toml = cas / "dossier.toml"
    toml.write_text(toml.read_text("utf-8").replace("date = 2026-12-04\n", ""), "utf-8")
    code, sortie = _check("--echantillons", str(cas))
    assert code == 1 and "un échantillon doit porter [dossier] date" in sortie
