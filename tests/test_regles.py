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
    assert {"preuve.semaines_minimum", "delais.silence_demande_titre", "delais.cassation_refere",
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
    assert r["preuve.semaines_minimum"].valeur == 2
    assert "10 juin 2020" in r["preuve.semaines_minimum"].base().replace("\u00a0", " ")


def test_no_legal_number_is_written_in_the_analysis_code():
    # Integers the analysis may hold itself: counting from 1, 24 hours a day, a display width.
    permis = {0, 1, 24, 70}
    arbre = ast.parse((ROOT / "drafting" / "analysis.py").read_text(encoding="utf-8"))
    nombres = {n.value for n in ast.walk(arbre)
               if isinstance(n, ast.Constant) and isinstance(n.value, int) and not isinstance(n.value, bool)}
    assert nombres <= permis, f"nombres à déplacer dans data/regles.toml : {sorted(nombres - permis)}"


def test_every_alert_is_worded_in_data_and_every_worded_alert_is_raised():
    code = (ROOT / "drafting" / "analysis.py").read_text(encoding="utf-8")
    appels = set(re.findall(r'alerte\(\s*"([a-z-]+)"', code))
    chaines = {n.value for n in ast.walk(ast.parse(code)) if isinstance(n, ast.Constant) and isinstance(n.value, str)}
    definis = set(textes()["alertes"])
    assert appels <= definis, appels - definis
    assert definis <= chaines, f"alertes jamais émises : {definis - chaines}"
    for cle, t in textes()["alertes"].items():
        assert t["niveau"] in ("bloquant", "attention", "info"), cle
        for c in t["citations"]:
            assert c in registre(), (cle, c)
        champs = {f for _, f, _, _ in string.Formatter().parse(t["message"]) if f}
        assert all(f.isidentifier() for f in champs), cle
