"""The clause library: arguments that follow the facts, texts a paralegal edits, errors that
name the clause file, citations only from the registry.

The petitions are read from their DOCX text (python-docx), with --sans-pdf: the words and
the pièce numbers are the ones LibreOffice prints (test_dossier.py checks the PDFs)."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document

from drafting.render import clauses as bibliotheque
from drafting.render.markdown import blocs
from drafting.citations import Citeur, registre
from drafting.cli import main
from drafting.errors import TemplateError
from drafting.pipeline import rediger_dossier

from conftest import ROOT, SAMPLES, lettre_du_cas, reference_case, reference_cases, variante

# The research notes the registry relies on, copied into the repository (docs/sources/README.md).
LEGAL = ROOT / "docs" / "sources"


def _plat(texte: str) -> str:
    return re.sub(r"[ \u00a0\u202f]+", " ", texte).replace("\u2011", "-")


def texte_docx(chemin: Path) -> str:
    d = Document(chemin)
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts.append(" | ".join(c.text for c in row.cells))
    return _plat("\n".join(parts))


def bordereau(chemin: Path) -> dict[str, int]:
    """Bordereau line title → pièce number, read from the bordereau's table."""
    out = {}
    for row in Document(chemin).tables[0].rows[1:]:
        numero, titre = row.cells[0].text, row.cells[1].text
        out[_plat(titre)] = int(numero.replace("n°", "").strip())
    return out


# --- one sample, four situations ------------------------------------------------------------


def _variante(tmp_path: Path, nom: str, remplacements: list[tuple[str, str]]) -> Path:
    """A copy of the Bobigny renewal sample with its case file edited."""
    return variante("renouvellement-bobigny", tmp_path / nom, remplacements)


def _rediger(toml: Path, tmp_path: Path, **kw) -> tuple[str, dict[str, int]]:
    out = tmp_path / (toml.parent.name + "-out")
    rediger_dossier(toml, out, pdf=False, procedure="mesures-utiles", **kw)
    return texte_docx(out / "requete.docx"), bordereau(out / "bordereau.docx")


TITRE = '''[titre]
nature = "carte de séjour temporaire portant la mention « salarié »"
numero = "9300000342"
expire_le = 2026-12-31
anef = false
fichier = "pieces/titre-de-sejour.pdf"
'''

AES = [
    (TITRE, ""),
    ('objet = "renouvellement"', 'objet = "admission-exceptionnelle"'),
]
ANEF = [('anef = false', 'anef = true'), ('canal = "rendez-vous-en-ligne"', 'canal = "anef"')]
EXPIRE = [('expire_le = 2026-12-31', 'expire_le = 2026-11-20')]


@pytest.fixture(scope="module")
def situations(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("situations")
    return {
        "renouvellement": _rediger(_variante(tmp, "renouvellement", []), tmp),
        "aes": _rediger(_variante(tmp, "aes", AES), tmp),
        "anef": _rediger(_variante(tmp, "anef", ANEF), tmp),
        "expire": _rediger(_variante(tmp, "expire", EXPIRE), tmp),
    }


PRESOMPTION = "la condition d'urgence est en principe regardée comme remplie (CE, 9 juin 2022, n° 453391)"
CIRCONSTANCES = "Hors le cas d'un renouvellement, l'urgence tient à des circonstances particulières"
SUBSTITUTION = "convoquant en préfecture ou en enregistrant sa demande sur support papier"


def test_renewal_argues_presumed_urgency_and_the_job_at_risk(situations):
    texte, pieces = situations["renouvellement"]
    assert PRESOMPTION in texte
    assert CIRCONSTANCES not in texte
    assert "Le titre du requérant expire le jeudi 31 décembre 2026, dans 27 jours" in texte
    # L. 8251-1: the job is at risk, with the three emploi pièces.
    emploi = sorted(n for t, n in pieces.items() if t.startswith(("Contrat de travail", "Lettre de l'employeur", "Bulletins")))
    assert f"conserver à son service un étranger dépourvu de titre l'autorisant à travailler (article L. 8251-1 du code du travail) : l'emploi du requérant (pièces n° {emploi[0]} à {emploi[-1]}) est donc directement menacé" in texte
    assert "Un employeur ne peut embaucher" not in texte
    assert SUBSTITUTION not in texte and "Le titre du requérant a expiré" not in texte
    assert "Ce délai est écoulé sans qu'aucun rendez-vous lui ait été proposé." in texte


def test_admission_exceptionnelle_argues_the_dated_facts_with_their_pieces(situations):
    texte, pieces = situations["aes"]
    assert CIRCONSTANCES in texte
    assert PRESOMPTION not in texte
    employeur = pieces["Lettre de l'employeur du 25 novembre 2026"]
    contrat = pieces["Contrat de travail à durée indéterminée du 1er mars 2021"]
    refs = f"(pièces n° {min(employeur, contrat)} et {max(employeur, contrat)})"
    # The facts are restated where the argument needs them, not pointed at.
    assert "Elles sont réunies en l'espèce." in texte and "exposé ci-dessus" not in texte
    # The fact's date (1 January 2027) is in its text: it is not printed again beside it.
    assert f"son contrat de travail à durée indéterminée à compter du 1er janvier 2027 {refs}." in texte
    assert "2027, le vendredi 1er janvier 2027" not in texte
    # No permit: no permit paragraph, and the work argument is about being hired, not kept.
    assert "est titulaire d'une" not in texte and "Le titre du requérant" not in texte
    assert "Un employeur ne peut embaucher un étranger dépourvu de titre" in texte
    assert not any(t.startswith("Titre de séjour") for t in pieces)


def test_anef_asks_for_the_substitution_route_and_the_attestation(situations):
    texte, _ = situations["anef"]
    assert "téléservice de l'administration numérique des étrangers en France (ANEF)" in texte
    assert "CE, Section, 3 juin 2022, n° 452798, publié au recueil Lebon" in texte
    assert "arrêté du 1er août 2023" in texte
    # An injunction the préfet can execute: a convocation or a paper filing, not "a substitution route".
    assert ("mettre le requérant en mesure de déposer sa demande de renouvellement de titre de séjour en dehors du "
            f"téléservice, en le {SUBSTITUTION}") in texte
    assert "l'attestation de prolongation de l'instruction prévue à l'article R. 431-15-1 du CESEDA" in texte
    assert "module de réservation en ligne" not in texte
    assert "de communiquer au requérant" not in texte


def test_expired_permit_says_so_and_not_that_it_expires_soon(situations):
    texte, _ = situations["expire"]
    assert ("Le titre du requérant a expiré le vendredi 20 novembre 2026, il y a 14 jours, sans qu'il ait pu "
            "obtenir le moindre récépissé") in texte
    assert "et l'autorisant à travailler" in texte
    assert "qui a expiré le vendredi 20 novembre 2026 (pièce n° 2)" in texte
    assert "dans 27 jours" not in texte and "valable jusqu'au" not in texte


def test_every_piece_reference_points_at_the_piece_it_names(situations):
    texte, pieces = situations["renouvellement"]
    titre = pieces["Titre de séjour n° 9300000342 expirant le 31 décembre 2026"]
    assert f"valable jusqu'au jeudi 31 décembre 2026 (pièce n° {titre})" in texte
    captures = sorted(n for t, n in pieces.items() if t.startswith("Capture d'écran"))
    assert captures == list(range(captures[0], captures[-1] + 1))
    assert texte.count(f"(pièces n° {captures[0]} à {captures[-1]})") >= 2  # facts and utility
    lettre = pieces["Lettre recommandée avec avis de réception du 16 novembre 2026"]
    accuse = pieces["Avis de réception du 18 novembre 2026"]
    assert f"reçue le 18 novembre 2026 (pièces n° {lettre} et {accuse})" in texte
    assert f"a en outre saisi la préfecture par écrit (pièces n° {lettre} et {accuse})" in texte


def test_a_dated_urgency_fact_sets_the_latest_date_of_the_appointment(situations):
    texte, _ = situations["renouvellement"]
    # The permit expires on 31 December 2026, the contract is suspended on 1 January 2027: the
    # appointment must come before the first, with a fallback if it has passed by the ordonnance.
    assert "de communiquer au requérant, dans un délai de 8 jours" in texte
    assert ("ce rendez-vous devant avoir lieu avant le jeudi 31 décembre 2026 ou, si cette date est passée à la "
            "notification de l'ordonnance, dans les 15 jours qui suivent cette notification") in texte


def test_a_near_expiry_without_a_dated_fact_asks_for_the_appointment_within_15_days(tmp_path):
    toml = _variante(tmp_path, "sans-date", [("le = 2027-01-01\n", "")])
    texte, _ = _rediger(toml, tmp_path)
    # Expiry within 30 days (27): the appointment must take place before it, or within 15 days.
    assert ("ce rendez-vous devant avoir lieu avant le jeudi 31 décembre 2026 ou, si cette date est passée à la "
            "notification de l'ordonnance, dans les 15 jours qui suivent cette notification") in texte


def test_conclusions_end_with_semicolons_and_a_final_stop(situations):
    texte, _ = situations["renouvellement"]
    chefs = [l for l in texte.splitlines() if l.startswith(("ENJOINDRE", "ASSORTIR", "METTRE À LA CHARGE", "ADMETTRE"))]
    assert [c.split()[0] for c in chefs] == ["ENJOINDRE", "ASSORTIR", "METTRE"]
    assert all(c.endswith(" ;") for c in chefs[:-1]) and chefs[-1].endswith("du CJA.")


def test_headings_are_numbered_without_gaps(tmp_path):
    toml = _variante(tmp_path, "sans-frais", [("astreinte_euros = 100", "astreinte_euros = 0"),
                                              ("frais_l761_1 = 1500", "frais_l761_1 = 0")])
    texte, _ = _rediger(toml, tmp_path)
    titres = re.findall(r"^(II\.\d) (.+)$", texte, re.M)
    assert [n for n, _ in titres] == ["II.1", "II.2", "II.3", "II.4"]
    assert "Sur l'astreinte" not in texte and "ASSORTIR" not in texte and "METTRE À LA CHARGE" not in texte
    assert texte.splitlines()[[i for i, l in enumerate(texte.splitlines()) if l.startswith("ENJOINDRE")][0]].endswith(".")


def test_case_values_are_printed_as_written_not_as_markdown(tmp_path):
    fait = "Contrat *CDI* n° 12_3 & <avenant> [urgent] # 1. suite"
    toml = _variante(tmp_path, "markdown", [(
        "fait = \"Si le requérant ne dispose ni d'un titre ni d'un récépissé au 31 décembre 2026, son employeur suspendra son "
        "contrat de travail à durée indéterminée à compter du 1er janvier 2027.\"",
        f'fait = "{fait}"')])
    texte, _ = _rediger(toml, tmp_path)
    assert fait in texte


# --- a paralegal edits the library ---------------------------------------------------------------


def _copie_bibliotheque(tmp_path: Path) -> Path:
    copie = tmp_path / "clauses-cabinet"
    shutil.copytree(ROOT / "clauses", copie)
    return copie


def test_changing_a_sentence_in_a_clause_changes_the_petition(tmp_path):
    copie = _copie_bibliotheque(tmp_path)
    fichier = copie / "requete" / "demarches-saisine.md"
    ancien = "C'est dans ces conditions que {{ g.le_requerant }} saisit le juge des référés."
    nouveau = "Faute de toute réponse, {{ g.le_requerant }} n'a eu d'autre choix que de saisir le juge des référés."
    fichier.write_text(fichier.read_text("utf-8").replace(ancien, nouveau), "utf-8")
    toml = _variante(tmp_path, "edition", [])
    texte, _ = _rediger(toml, tmp_path, clauses=copie)
    assert "Faute de toute réponse, le requérant n'a eu d'autre choix que de saisir le juge des référés." in texte
    assert "C'est dans ces conditions" not in texte


def test_draft_toml_beside_the_case_points_to_the_firm_library(tmp_path):
    copie = _copie_bibliotheque(tmp_path)
    (copie / "requete" / "demarches-saisine.md").write_text(
        (copie / "requete" / "demarches-saisine.md").read_text("utf-8").replace(
            "C'est dans ces conditions que", "Dans ces circonstances,"), "utf-8")
    toml = _variante(tmp_path, "cabinet", [])
    (toml.parent / "draft.toml").write_text('[bibliotheque]\nclauses = "../clauses-cabinet"\n', "utf-8")
    texte, _ = _rediger(toml, tmp_path)
    assert "Dans ces circonstances, le requérant saisit le juge des référés." in texte


ENTETE = '''+++
id = "essai"
documents = ["requete"]
section = "urgence"
ordre = 99
quand = "{quand}"
citations = [{citations}]
description = "Clause d'essai."
+++
'''


def _clause_fautive(tmp_path: Path, corps: str, quand: str = "true", citations: str = "",
                    entete: str | None = None) -> tuple[Path, Path]:
    copie = _copie_bibliotheque(tmp_path)
    fichier = copie / "requete" / "essai.md"
    fichier.write_text((entete or ENTETE.format(quand=quand, citations=citations)) + corps, "utf-8")
    return copie, fichier


def _refus(copie: Path, tmp_path: Path) -> str:
    with pytest.raises(TemplateError) as e:
        bibliotheque.charger(copie)
        _rediger(_variante(tmp_path, "refus", []), tmp_path, clauses=copie)
    return e.value.message


def test_jinja_syntax_error_names_the_clause_file_and_line(tmp_path):
    copie, fichier = _clause_fautive(tmp_path, "Première ligne.\n\n{% if analyse.emploi %}\nTexte sans fin.\n")
    message = _refus(copie, tmp_path)
    assert str(fichier) in message and "syntaxe" in message


def test_unknown_field_is_refused_when_the_library_loads(tmp_path):
    copie, fichier = _clause_fautive(tmp_path, "Ligne 10.\n\nLe titre expire le {{ titre.expire_lee }}.\n")
    message = _refus(copie, tmp_path)
    assert f"{fichier}, ligne 12" in message and "« titre.expire_lee »" in message
    assert "expire_le" in message  # the fields that do exist there


def test_unknown_field_in_a_condition_is_refused(tmp_path):
    copie, fichier = _clause_fautive(tmp_path, "Texte.\n", quand="analyse.urgence_presume")
    message = _refus(copie, tmp_path)
    assert f"{fichier}, ligne 6" in message and "« analyse.urgence_presume »" in message


def test_unknown_citation_key_is_refused(tmp_path):
    copie, fichier = _clause_fautive(tmp_path, 'Voir {{ cite("CE-2099-01-01-999999") }}.\n',
                                     citations='"CE-2099-01-01-999999"')
    message = _refus(copie, tmp_path)
    assert str(fichier) in message and "CE-2099-01-01-999999" in message and "registre" in message


def test_a_citation_used_but_not_declared_is_refused(tmp_path):
    copie, fichier = _clause_fautive(tmp_path, 'Voir {{ cite("CE-2020-06-10-435594") }}.\n')
    message = _refus(copie, tmp_path)
    assert str(fichier) in message and "non déclarée" in message


@pytest.mark.parametrize("corps", [
    "{{ cite.__globals__ }}",
    "{{ ''.__class__.__mro__ }}",
    "{{ requerant.nom.__class__.__subclasses__() }}",
])
def test_reaching_python_internals_is_refused_naming_the_clause(tmp_path, corps):
    copie, fichier = _clause_fautive(tmp_path, corps + "\n")
    message = _refus(copie, tmp_path)
    assert str(fichier) in message and "bac à sable" in message


def test_unknown_front_matter_key_is_refused(tmp_path):
    entete = ENTETE.format(quand="true", citations="").replace('ordre = 99', 'ordre = 99\nsectoin = "urgence"')
    copie, fichier = _clause_fautive(tmp_path, "Texte.\n", entete=entete)
    message = _refus(copie, tmp_path)
    assert str(fichier) in message and "sectoin" in message


def test_low_confidence_entry_cannot_be_cited(tmp_path):
    copie, fichier = _clause_fautive(tmp_path, 'Voir {{ cite("CE-2022-02-18-455740") }}.\n',
                                     citations='"CE-2022-02-18-455740"')
    with (copie / "citations.toml").open("a", encoding="utf-8") as fh:
        fh.write('\n[CE-2022-02-18-455740]\ntype = "decision"\njuridiction = "CE"\ndate = 2022-02-18\n'
                 'numero = "455740"\nobjet = "Issue non retrouvée."\n'
                 'source = "https://juricaf.org/arret/FRANCE-CONSEILDETAT-20220218-455740"\nconfiance = "L"\n')
    message = _refus(copie, tmp_path)
    assert str(fichier) in message and "confiance L" in message


def test_a_value_missing_at_render_time_names_the_clause_and_line(tmp_path):
    # requerant.telephone is a known field, absent from anef-strasbourg.
    copie, fichier = _clause_fautive(tmp_path, "Texte.\n\nAppeler le {{ requerant.telephone }}.\n")
    with pytest.raises(TemplateError) as e:
        rediger_dossier(reference_case("anef-strasbourg"), tmp_path / "o", pdf=False, clauses=copie)
    assert f"{fichier}, ligne 12" in e.value.message and "« requerant.telephone »" in e.value.message
    assert not (tmp_path / "o").exists()


# --- citations --------------------------------------------------------------------------------


def test_first_citation_in_full_then_short():
    cite = Citeur(registre())
    assert cite("CE-2020-06-10-435594") == "CE, 10\u00a0juin\u00a02020, n°\u00a0435594, mentionné aux tables du recueil Lebon"
    assert cite("CE-2020-06-10-435594") == "CE, 10\u00a0juin\u00a02020, n°\u00a0435594"
    assert cite("CJA-L521-3") == "article L. 521-3 du code de justice administrative"
    assert cite("CJA-L761-1") == "article L. 761-1 du CJA"
    assert cite("CT-L8251-1") == cite("CT-L8251-1") == "article L. 8251-1 du code du travail"


def _textes_legaux() -> str:
    notes = sorted(p for p in LEGAL.glob("*.*") if p.suffix in (".md", ".csv") and p.name != "README.md")
    assert len(notes) >= 3, f"notes de recherche absentes de {LEGAL}"
    return _plat("\n".join(p.read_text("utf-8") for p in notes))


def test_every_registry_entry_is_backed_by_the_research_notes():
    legal = _textes_legaux().replace(". ", ".")
    for cle, c in registre().items():
        assert c.confiance in ("H", "M"), cle
        if c.type == "decision":
            assert cle.rsplit("-", 1)[1] in legal, cle
        elif c.type == "article":
            numero = c.complet.split(" du ")[0].split(" de la ")[0].removeprefix("article ").replace(". ", ".")
            assert numero in legal, cle


@pytest.fixture(scope="module")
def petitions(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("petitions")
    textes = {}
    for toml in [*reference_cases(), *sorted(SAMPLES.glob("*/dossier.toml"))]:
        out = tmp / toml.parent.name
        rediger_dossier(toml, out, pdf=False, projet=True)
        lettre = lettre_du_cas(toml, out)
        textes[toml.parent.name] = texte_docx(out / "requete.docx") + "\n" + (texte_docx(lettre) if lettre else "")
    return textes


def test_every_citation_printed_in_a_petition_is_in_the_registry(petitions):
    reg = registre()
    numeros = {c.cle.rsplit("-", 1)[1] for c in reg.values() if c.type == "decision"}
    articles = {_plat(c.complet.removeprefix("article ").split(" d")[0]) for c in reg.values() if c.type == "article"}
    legal = _textes_legaux()
    for nom, texte in petitions.items():
        for n in re.findall(r"\bn° (\d{6})\b", texte):
            assert n in numeros and n in legal, (nom, n)
        for a in re.findall(r"\barticles? ([LRD]\. ?\d[\d-]*\d|\d+) ", texte):
            assert a in articles, (nom, a)
        assert "préc." not in texte


def test_same_facts_different_arguments_across_the_reference_cases(petitions):
    assert PRESOMPTION in petitions["renouvellement-nanterre"]
    assert CIRCONSTANCES in petitions["aes-paris"] and PRESOMPTION not in petitions["aes-paris"]
    assert SUBSTITUTION in petitions["anef-strasbourg"] and SUBSTITUTION not in petitions["aes-paris"]
    toulouse = petitions["liberte-toulouse"]
    assert "Sur l'atteinte à une liberté fondamentale" in toulouse and "Sur l'utilité de la mesure" not in toulouse
    assert "subit une atteinte à sa liberté d'aller et venir, à sa liberté de travailler" in toulouse
    assert "La situation familiale du requérant (pièces n° 16 et 17)" in toulouse


# --- draft clauses --------------------------------------------------------------------------------


def test_draft_clauses_lists_the_library():
    r = CliRunner().invoke(main, ["clauses", "--document", "requete"])
    assert r.exit_code == 0, r.output
    assert "urgence-renouvellement — Renouvellement : l'urgence est présumée" in r.output
    assert "quand : analyse.procedure == 'mesures-utiles' and analyse.urgence_presumee ; cite : CE-2022-06-09-453391" in r.output
    assert "LETTRE" not in r.output


def test_draft_clauses_with_a_case_says_what_applies_and_why_not():
    r = CliRunner().invoke(main, ["clauses", str(reference_case("aes-paris"))])
    assert r.exit_code == 0, r.output
    lignes = r.output.splitlines()
    i = next(i for i, l in enumerate(lignes) if "✘ urgence-renouvellement" in l)
    assert "ne s'applique pas : analyse.procedure = « mesures-utiles », analyse.urgence_presumee = faux" in lignes[i + 2]
    assert any("✔ urgence-circonstances" in l for l in lignes)
    assert any("✔ lettre-qualite-requerant" in l for l in lignes)  # no lawyer: the applicant writes
    assert "BORDEREAU" in r.output


def test_draft_clauses_reports_a_broken_clause_with_exit_2(tmp_path):
    copie, fichier = _clause_fautive(tmp_path, "{{ titre.expir }}\n")
    r = CliRunner().invoke(main, ["clauses", "--clauses", str(copie)])
    assert r.exit_code == 2
    assert str(fichier) in r.output and "« titre.expir »" in r.output


def _cles(valeur, prefixe=""):
    """Every dotted field name of a context, list elements as '[]' (fields empty here included)."""
    out = set()
    if isinstance(valeur, dict):
        for k in getattr(valeur, "connus", valeur.keys()):
            out.add(prefixe + k)
            if k in valeur:
                out |= _cles(valeur[k], prefixe + k + ".")
    elif isinstance(valeur, list) and valeur and isinstance(valeur[0], dict):
        for x in valeur:
            out |= _cles(x, prefixe.rstrip(".") + "[].")
    return out


def test_champs_toml_lists_exactly_the_fields_of_the_context():
    """data/champs.toml is what a paralegal reads: no field missing from it, none stale."""
    from drafting.analysis import analyse
    from drafting.case import load_case
    from drafting.exhibits import PieceRendue, numeroter
    from drafting.render.contexte import contexte

    vus = set()
    for toml in [*reference_cases(), *sorted(SAMPLES.glob("*/dossier.toml"))]:
        case = load_case(toml)
        vus |= _cles(contexte(case, analyse(case), [PieceRendue(p, 1, "") for p in numeroter(case)]))
    vus = {c for c in vus if not c.startswith(("refs.", "groupes."))}

    def documentes(niveau, prefixe=""):
        out = set()
        for k, v in niveau.items():
            if k.startswith("_"):
                continue
            nom = prefixe.rstrip(".") + "[]" if k == "[]" else prefixe + k
            if k != "[]":
                out.add(nom)
            if isinstance(v, dict) and not v.get("_ouvert"):
                out |= documentes(v, nom + ".")
        return out

    doc = documentes(bibliotheque.champs())
    assert vus - doc == set(), "champs absents de data/champs.toml"
    assert {c for c in doc - vus if not c.startswith(("refs.", "groupes."))} == set(), "champs documentés mais absents"


def test_modeles_option_uses_the_firm_templates(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_templates", ROOT / "scripts" / "build_templates.py")
    build_templates = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(build_templates)
    src = tmp_path / "src"
    shutil.copytree(ROOT / "templates" / "src", src)
    source = src / "requete-mesures-utiles.txt"
    source.write_text(source.read_text("utf-8").replace("!! Requête en référé mesures utiles",
                                                        "!! Requête du cabinet en référé mesures utiles"), "utf-8")
    modeles = tmp_path / "modeles"
    shutil.copytree(ROOT / "templates", modeles, ignore=shutil.ignore_patterns("src"))
    (modeles / "requete-mesures-utiles.docx").write_bytes(build_templates.build(source))
    texte, _ = _rediger(_variante(tmp_path, "cas-cabinet", []), tmp_path, modeles=modeles)
    assert "Requête du cabinet en référé mesures utiles" in texte
    assert PRESOMPTION in texte  # the clauses still fill the firm's template


# --- situations found by the review -----------------------------------------------------------------


def test_anef_does_not_argue_the_anonymous_booking_page_but_the_technical_failure(situations):
    texte, _ = situations["anef"]
    assert "La page qui annonce l'absence de créneau" not in texte
    assert ("formalités préalables en ligne que l'étranger n'a pu accomplir en raison d'un dysfonctionnement "
            "technique") in texte and "(CE, 9 juin 2022, n° 453391)" in texte
    # A renewal filed in time: the attestation de prolongation is asked for.
    assert "l'attestation de prolongation de l'instruction prévue à l'article R. 431-15-1" in texte


def test_no_attestation_de_prolongation_outside_a_renewal(petitions):
    # anef-strasbourg is a changement de statut: R. 431-15-1 is not argued.
    assert "attestation de prolongation" not in petitions["anef-strasbourg"]
    assert "voie de substitution au téléservice" in petitions["anef-strasbourg"]


def test_a_woman_in_a_référé_liberte_is_written_in_the_feminine(tmp_path):
    dossier = tmp_path / "toulouse"
    shutil.copytree(reference_case("liberte-toulouse").parent, dossier)
    toml = dossier / "dossier.toml"
    texte = toml.read_text("utf-8")
    assert 'civilite = "M."' in texte
    toml.write_text(texte.replace('civilite = "M."', 'civilite = "Mme"'), "utf-8")
    out = tmp_path / "o"
    rediger_dossier(toml, out, pdf=False)
    requete = texte_docx(out / "requete.docx")
    assert "En la privant durablement" in requete and "En le privant" not in requete
    assert "Privée de tout document" in requete
    # The référé-liberté asks for the provisional document within 72 hours, with work.
    assert ("de délivrer à la requérante, dans un délai de 72 heures à compter de la notification de "
            "l'ordonnance à intervenir, un récépissé ou une attestation l'autorisant à séjourner en France et à y "
            "travailler") in requete


def test_an_appointment_given_too_late_is_argued_with_the_avis_of_2020(tmp_path):
    toml = _variante(tmp_path, "convocation", [('en_france_depuis = 2018-09-10',
                                                'en_france_depuis = 2018-09-10\nconvocation_le = 2027-02-15')])
    texte, _ = _rediger(toml, tmp_path)
    assert ("si l'urgence ne lui permet pas d'attendre la réponse à cette demande, il peut saisir le juge des "
            "référés") in texte
    assert "le rendez-vous fixé au lundi 15 février 2027 tombe après l'expiration de son titre" in texte
    assert "ne constitue pas une décision" in texte
    assert "sans qu'aucun rendez-vous lui ait été proposé" not in texte
    assert "une date de rendez-vous antérieure au lundi 15 février 2027" in texte
    out = tmp_path / "convocation-out"
    assert "Je vous demande en conséquence, au nom de M. KONÉ, d'avancer le rendez-vous fixé" in texte_docx(
        out / "lettre-prefecture.docx")


def test_an_oqtf_case_never_says_no_decision_stands_in_the_way(tmp_path):
    toml = _variante(tmp_path, "oqtf", [('en_france_depuis = 2018-09-10',
                                         'en_france_depuis = 2018-09-10\noqtf_le = 2024-03-10')])
    texte, _ = _rediger(toml, tmp_path, projet=True)
    assert "ne fait obstacle à l'exécution d'aucune décision administrative" not in texte
    assert "La mesure demandée tend seulement à l'enregistrement de la demande du requérant" in texte


def test_a_masculine_permit_takes_its_article(tmp_path):
    toml = _variante(tmp_path, "certificat", [('nature = "carte de séjour temporaire portant la mention « salarié »"',
                                               'nature = "certificat de résidence algérien portant la mention « salarié »"')])
    texte, _ = _rediger(toml, tmp_path)
    assert "est titulaire d'un certificat de résidence algérien" in texte


# --- the engine, from the review ------------------------------------------------------------------------


def test_a_condition_cannot_cite(tmp_path):
    copie, fichier = _clause_fautive(tmp_path, "Texte.\n", quand='cite(\\"CJA-L521-3\\") != \\"\\"')
    message = _refus(copie, tmp_path)
    assert f"{fichier}, ligne 6" in message and "cite()" in message


def test_a_type_error_in_a_condition_names_the_clause(tmp_path):
    copie, fichier = _clause_fautive(tmp_path, "Texte.\n", quand="preuve.nombre > 'x'")
    message = _refus(copie, tmp_path)
    assert f"{fichier}, ligne 6" in message and "TypeError" in message


def test_building_huge_values_is_refused(tmp_path):
    copie, fichier = _clause_fautive(tmp_path, '{{ ("x" * 50000000)|length }}\n')
    message = _refus(copie, tmp_path)
    assert str(fichier) in message and "refusée" in message


def test_a_byte_order_mark_and_a_note_at_the_end_of_a_line_are_harmless(tmp_path):
    copie, fichier = _clause_fautive(tmp_path, "- premier point {# note #}\n- second point\n")
    fichier.write_bytes("\ufeff".encode() + fichier.read_bytes())
    bib = bibliotheque.charger(copie)
    clause = next(c for c in bib.clauses if c.id == "essai")
    lus = blocs(bibliotheque.rendre_clause(clause, {}))
    assert [(b.genre, b.texte) for b in lus] == [("puce", "premier point"), ("puce", "second point")]


def test_a_misspelt_placeholder_in_the_plan_is_an_error_not_a_lost_section(tmp_path):
    copie = _copie_bibliotheque(tmp_path)
    plan = copie / "plan.toml"
    texte = plan.read_text("utf-8")
    plan.write_text(texte.replace('id = "frais"\nemplacement = "discussion"', 'id = "frais"\nemplacement = "discusion"'),
                    "utf-8")
    message = _refus(copie, tmp_path)
    assert "clauses.discusion" in message and "frais" in message and "plan.toml" in message


def test_an_edited_registry_is_read_again_and_used_by_the_template_title(tmp_path):
    copie = _copie_bibliotheque(tmp_path)
    reg = copie / "citations.toml"
    reg.write_text(reg.read_text("utf-8").replace('code = "code de justice administrative"',
                                                  'code = "code de justice administrative (édition du cabinet)"', 1),
                   "utf-8")
    texte, _ = _rediger(_variante(tmp_path, "registre", []), tmp_path, clauses=copie)
    assert "(article L. 521-3 du code de justice administrative (édition du cabinet))" in texte
