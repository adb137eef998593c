"""The legal parameters and the analysis texts are data: complete, cited, and used."""

import ast
import re
import string
from pathlib import Path

from drafting.analysis import textes
from drafting.citations import CONFIANCES_CITABLES, registre
from drafting.rules import regles

ROOT = Path(__file__).resolve().parent.parent


def test_every_parameter_has_a_basis_and_a_date_of_effect():
    params = regles()
    assert {"preuve.etendue_minimale", "delais.silence_demande_titre", "delais.cassation_refere",
            "delais.renouvellement_anef_debut", "courrier.delai_normal", "conclusions.astreinte"} <= set(params)
    for p in params.values():
        assert p.citations or p.fondement, p.nom
        assert p.confiance in ("H", "M", "L"), p.nom
        assert p.base(), p.nom


def test_parameters_cite_only_registered_citable_references():
    reg = registre()
    for p in regles().values():
        for cle in p.citations:
            assert cle in reg, (p.nom, cle)
            assert reg[cle].confiance in CONFIANCES_CITABLES, (p.nom, cle)


def test_the_numbers_the_lawyer_relies_on():
    r = regles()
    assert r["delais.cassation_refere"].valeur == 15 and "R. 523-1" in r["delais.cassation_refere"].base()
    assert r["delais.silence_demande_titre"].valeur == 4 and "R. 432-2" in r["delais.silence_demande_titre"].base()
    assert (r["delais.renouvellement_anef_debut"].valeur, r["delais.renouvellement_anef_fin"].valeur) == (120, 60)
    assert r["preuve.etendue_minimale"].valeur == 7
    assert "10 juin 2020" in r["preuve.etendue_minimale"].base().replace("\u00a0", " ")


def test_no_legal_number_is_written_in_the_analysis_code():
    # Integers the analysis may hold itself: counting from 1, 24 hours a day, a display width.
    permis = {0, 1, 24, 70}
    arbres = [ast.parse((ROOT / "drafting" / f).read_text(encoding="utf-8")) for f in ("analysis.py", "ordonnance.py")]
    nombres = {n.value for arbre in arbres for n in ast.walk(arbre)
               if isinstance(n, ast.Constant) and isinstance(n.value, int) and not isinstance(n.value, bool)}
    assert nombres <= permis, f"nombres à déplacer dans data/regles.toml : {sorted(nombres - permis)}"


def test_every_alert_is_worded_in_data_and_every_worded_alert_is_raised():
    # The ordonnance's alerts are raised by drafting/ordonnance.py, through the analysis's collector.
    code = "\n".join((ROOT / "drafting" / f).read_text(encoding="utf-8") for f in ("analysis.py", "ordonnance.py"))
    appels = set(re.findall(r'alerte\(\s*"([a-z-]+)"', code))
    chaines = {n.value for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    definis = set(textes()["alertes"])
    # The letter's branches are said by the alert "lettre-<branche>" (analysis._dire_la_lettre).
    chaines |= {f"lettre-{b}" for b, t in textes()["lettre"].items() if isinstance(t, dict) and t.get("alerte")}
    assert appels <= definis, appels - definis
    assert definis <= chaines, f"alertes jamais émises : {definis - chaines}"
    for cle, t in textes()["alertes"].items():
        assert t["niveau"] in ("bloquant", "attention", "info"), cle
        for c in t["citations"]:
            assert c in registre(), (cle, c)
        champs = {f for _, f, _, _ in string.Formatter().parse(t["message"]) if f}
        assert all(f.isidentifier() for f in champs), cle


# What the user reads names a text, a decision or a practice: never a file of the project or
# a section of the research notes (docs/sources/), which a user of draft does not have.
RENVOI_A_DES_NOTES = re.compile(r"§|\b[\w./-]+\.(?:md|csv|toml|py)\b|\bcaselaw\b|\blegal-rules\b|\bshared\b")


def _fondements(valeur, chemin=""):
    if isinstance(valeur, dict):
        for k, v in valeur.items():
            yield from _fondements(v, f"{chemin}.{k}" if chemin else k)
    elif isinstance(valeur, str) and chemin.rsplit(".", 1)[-1].startswith("fondement"):
        yield chemin, valeur


def test_no_basis_the_user_reads_points_to_a_file_or_to_notes():
    textes_lus = [*_fondements(textes()), *((p.nom, p.fondement) for p in regles().values()),
                  *((c, t["message"]) for c, t in textes()["alertes"].items())]
    assert len(textes_lus) > 60
    fautifs = [(nom, t) for nom, t in textes_lus if RENVOI_A_DES_NOTES.search(t)]
    assert not fautifs, fautifs


def test_juridictions_csv_is_built_from_the_table_in_the_repository(tmp_path):
    import importlib.util

    spec = importlib.util.spec_from_file_location("build_juridictions", ROOT / "scripts" / "build_juridictions.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.DEFAULT_SOURCE == ROOT / "docs" / "sources" / "ta-jurisdiction.csv"
    assert module.main(["--output", str(tmp_path / "juridictions.csv")]) == 0
    attendu = (ROOT / "drafting" / "data" / "juridictions.csv").read_text("utf-8")
    assert (tmp_path / "juridictions.csv").read_text("utf-8") == attendu


def test_the_project_reads_nothing_outside_the_repository():
    """A clone on its own builds, runs and passes its tests: no code, script or user document
    of the project reaches for the sibling folder the research came from (the notes copied
    into docs/sources/ keep their original wording, so they are not scanned)."""
    sortie = re.compile(r"\.\./shared|parent\s*/\s*[\"']shared[\"']|[\"']shared[\"']\s*/\s*[\"'](?:cases|legal)")
    ignores = {"out", ".git", "build", "__pycache__", ".venv", "venv", ".pytest_cache", ".hypothesis"}
    suivis = [p for p in ROOT.rglob("*") if p.is_file() and (p.suffix in (".py", ".sh", ".md") or p.name in ("run", "pyproject.toml"))
              and not ignores & set(p.relative_to(ROOT).parts) and not p.is_relative_to(ROOT / "docs" / "sources")
              and not p.is_relative_to(ROOT / "clauses")]
    assert ROOT / "README.md" in suivis and ROOT / "tests" / "conftest.py" in suivis
    fautifs = [str(p.relative_to(ROOT)) for p in suivis if sortie.search(p.read_text("utf-8", errors="replace"))]
    assert not fautifs, fautifs


def test_every_basis_the_analysis_prints_names_a_real_source():
    """An alert or a deadline gives its basis as registry citations, an article, the practice
    of the courts with the decisions that show it, a published guide, or the fact of the case
    it comes from; never a file, a section of notes, a limit of the tool or a vague crowd."""
    import re
    import tomllib

    textes = tomllib.loads((ROOT / "drafting" / "data" / "analyse.toml").read_text("utf-8"))
    faits_du_dossier = {"expiration-titre", "fait-urgence", "convocation"}   # dates the case file gives
    source = re.compile(r"\barticles?\b|\bart\.|\bCE\b|\bTA\b|pratique des tribunaux administratifs|La Cimade|Gisti"
                        r"|entrée en vigueur")
    sans_source = []
    for section in ("alertes", "delais"):
        for code, t in textes[section].items():
            fondement, citations = t.get("fondement", ""), t.get("citations", [])
            if citations or code in faits_du_dossier or not fondement:
                continue
            if not source.search(fondement) or "praticiens" in fondement or "données de l'outil" in fondement:
                sans_source.append(f"{section}.{code} : {fondement}")
    assert not sans_source, sans_source
