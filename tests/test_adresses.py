"""Postal addresses: every préfecture's in the data, printed in the letter's recipient block
and for the défendeur in the petition (R. 411-1 CJA: the parties' domicile), the court's in
the petition's heading; a visible blank and one alert when an address is unknown; an info
line when an address of the data rests on one secondary source or on an old one."""

from __future__ import annotations

import csv
import datetime as dt
import re
import shutil
from pathlib import Path

import pytest

from drafting.analysis import analyse
from drafting.case import load_case
from drafting.errors import DossierBloque
from drafting.jurisdiction import _table, juridiction
from drafting.pipeline import rediger_dossier
from drafting.rules import valeur

from conftest import ROOT, SAMPLES, copy_case, docx_text, lettre_du_cas, reference_case

A_COMPLETER = "[ADRESSE À COMPLÉTER]"
CODE_POSTAL = re.compile(r"\b(\d{5})\b")


def _avec(toml: Path, avant: str, apres: str) -> Path:
    texte = toml.read_text("utf-8")
    assert avant in texte, avant
    toml.write_text(texte.replace(avant, apres, 1), "utf-8")
    return toml


def _cas(tmp_path: Path, departement: str | None = None, ajout: str = "") -> Path:
    toml = copy_case(reference_case("renouvellement-nanterre").parent, tmp_path / "cas")
    if departement is not None:
        _avec(toml, 'departement = "92"', f'departement = "{departement}"')
    if ajout:
        toml.write_text(toml.read_text("utf-8") + "\n" + ajout + "\n", "utf-8")
    return toml


def _codes(a, niveau: str | None = None) -> list[str]:
    return [al.code for al in a.alertes if niveau is None or al.niveau == niveau]


def _rediger(toml: Path, out: Path) -> tuple[str, str]:
    """The petition, and the letter ("" where no letter fits the case). A sample the analysis
    blocks (a refusal, an implicit rejection) is drafted as draft check does, as a --projet."""
    try:
        rediger_dossier(toml, out, pdf=False)
    except DossierBloque:
        shutil.rmtree(out, ignore_errors=True)
        rediger_dossier(toml, out, pdf=False, projet=True)
    lettre = lettre_du_cas(toml, out)
    return docx_text(out / "requete.docx"), docx_text(lettre) if lettre else ""


def test_every_departement_has_a_prefecture_postal_address_with_a_postcode():
    table = _table()
    assert len(table) == 101
    for code, row in table.items():
        assert CODE_POSTAL.search(row["prefecture_adresse"]), code
        assert row["prefecture_adresse_confiance"] in ("H", "M"), code
        dt.date.fromisoformat(row["prefecture_adresse_date"])
        assert row["prefecture_adresse_source"].startswith("http"), code


def test_every_known_court_address_has_its_source_and_date():
    for code, row in _table().items():
        if row["tribunal_adresse"]:
            assert CODE_POSTAL.search(row["tribunal_adresse"]), code
            assert row["tribunal_adresse_confiance"] in ("H", "M"), code
            dt.date.fromisoformat(row["tribunal_adresse_date"])
        else:
            assert not row["tribunal_adresse_date"], code
    sans = {row["tribunal"] for row in _table().values() if not row["tribunal_adresse"]}
    assert sans == {"Tribunal administratif de Toulon", "Tribunal administratif de la Martinique",
                    "Tribunal administratif de Mayotte"}


def test_paris_is_the_prefecture_de_police():
    row = _table()["75"]
    assert row["prefecture"] == "préfecture de police" and row["autorite"] == "préfet de police"
    assert row["prefecture_adresse"] == "1 bis rue de Lutèce, 75004 Paris"
    # Not the regional préfecture of the CADA list (5 rue Leblanc), which does not deal with residence.
    assert "Leblanc" not in row["prefecture_adresse"]


def test_the_visitor_address_is_not_taken_for_the_postal_address():
    table = _table()
    assert table["69"]["prefecture_adresse"].startswith("106 rue Pierre-Corneille")
    assert "Feuchères, 30045 Nîmes Cedex 9" in table["30"]["prefecture_adresse"]
    assert "Claude-Bonnier" not in table["33"]["prefecture_adresse"]


def test_the_sources_are_the_ones_in_docs_sources():
    with (ROOT / "docs" / "sources" / "prefectures-adresses.csv").open(encoding="utf-8") as fh:
        source = {r["departement"]: r for r in csv.DictReader(fh)}
    for code, row in _table().items():
        s = source[code]
        assert row["prefecture_adresse"] == f"{s['adresse']}, {s['code_postal']} {s['ville']}"
        assert row["prefecture_adresse_confiance"] == s["confidence"]


@pytest.mark.parametrize("echantillon", sorted(p.parent.name for p in SAMPLES.glob("*/dossier.toml")))
def test_each_sample_prints_the_addresses(echantillon, tmp_path):
    toml = SAMPLES / echantillon / "dossier.toml"
    jur = juridiction(load_case(toml))
    requete, lettre = _rediger(toml, tmp_path / "out")
    code_postal = CODE_POSTAL.search(jur.prefecture_adresse).group(1)
    # No letter where none fits the case (a référé-liberté, the récépissé route).
    assert code_postal in lettre or not analyse(load_case(toml)).lettre.sur_demande
    assert jur.prefecture_adresse in requete                    # the défendeur's domicile
    assert jur.tribunal_adresse and jur.tribunal_adresse in requete
    assert A_COMPLETER not in requete + lettre


def test_the_letter_prints_the_street_then_postcode_and_city_on_their_own_line(tmp_path):
    _, lettre = _rediger(_cas(tmp_path, "94"), tmp_path / "out")
    lignes = lettre.splitlines()
    i = lignes.index("21-29 avenue du Général-de-Gaulle")
    assert lignes[i + 1] == "94038 Créteil Cedex"


def test_an_unknown_court_address_prints_a_blank_and_one_alert(tmp_path):
    toml = _cas(tmp_path, "83")
    a = analyse(load_case(toml))
    assert a.juridiction.tribunal == "Tribunal administratif de Toulon"
    assert _codes(a).count("tribunal-adresse") == 1 and "prefecture-adresse" not in _codes(a)
    requete, lettre = _rediger(toml, tmp_path / "out")
    assert requete.count(A_COMPLETER) == 1
    assert A_COMPLETER not in lettre and "83070 Toulon Cedex" in lettre
    assert "None" not in requete


def test_an_unknown_prefecture_address_prints_a_blank_and_one_alert(tmp_path, monkeypatch):
    import drafting.jurisdiction as j

    vraie = dict(_table())
    monkeypatch.setattr(j, "_table", lambda: {**vraie, "92": {**vraie["92"], "prefecture_adresse": ""}})
    toml = _cas(tmp_path)
    a = analyse(load_case(toml))
    assert _codes(a).count("prefecture-adresse") == 1
    al = next(al for al in a.alertes if al.code == "prefecture-adresse")
    assert al.niveau == "attention" and "R. 411-1" in al.fondement
    requete, lettre = _rediger(toml, tmp_path / "out")
    assert A_COMPLETER in requete and A_COMPLETER in lettre


def test_the_case_file_overrides_both_addresses(tmp_path):
    toml = _cas(tmp_path, "83", '[tribunal]\nadresse = "5 rue Racine, 83041 Toulon Cedex 9"')
    _avec(toml, 'departement = "83"', 'departement = "83"\nadresse = "Boîte postale 1, 83000 Toulon"')
    a = analyse(load_case(toml))
    assert a.juridiction.tribunal_adresse == "5 rue Racine, 83041 Toulon Cedex 9"
    assert a.juridiction.prefecture_adresse == "Boîte postale 1, 83000 Toulon"
    assert not {"tribunal-adresse", "prefecture-adresse", "adresse-a-verifier"} & set(_codes(a))
    requete, lettre = _rediger(toml, tmp_path / "out")
    assert "5 rue Racine, 83041 Toulon Cedex 9" in requete and A_COMPLETER not in requete
    assert "Boîte postale 1" in lettre and "83000 Toulon" in lettre


def test_tribunal_adresse_wins_over_the_older_prefecture_field(tmp_path):
    toml = _cas(tmp_path, ajout='[tribunal]\nadresse = "1 rue Neuve, 95000 Cergy"')
    _avec(toml, 'departement = "92"', 'departement = "92"\ntribunal_adresse = "2 rue Vieille, 95000 Cergy"')
    assert juridiction(load_case(toml)).tribunal_adresse == "1 rue Neuve, 95000 Cergy"


def test_the_older_prefecture_tribunal_adresse_still_works(tmp_path):
    toml = _cas(tmp_path)
    _avec(toml, 'departement = "92"', 'departement = "92"\ntribunal_adresse = "2 rue Vieille, 95000 Cergy"')
    assert juridiction(load_case(toml)).tribunal_adresse == "2 rue Vieille, 95000 Cergy"


def test_another_court_named_in_the_case_file_does_not_take_the_data_courts_address(tmp_path):
    toml = _cas(tmp_path)
    _avec(toml, 'departement = "92"', 'departement = "92"\ntribunal = "Tribunal administratif de Paris"')
    a = analyse(load_case(toml))
    assert a.juridiction.tribunal_adresse is None and "tribunal-adresse" in _codes(a)


def test_a_secondary_source_gives_an_info_line_not_an_alert(tmp_path):
    toml = _cas(tmp_path, "06")      # the Alpes-Maritimes préfecture: confidence M
    a = analyse(load_case(toml))
    lignes = [al for al in a.alertes if al.code == "adresse-a-verifier" and "préfecture" in al.message]
    assert len(lignes) == 1 and lignes[0].niveau == "info"
    assert "source secondaire" in lignes[0].message and "vérifiez-la" in lignes[0].message
    assert "attention" not in {al.niveau for al in a.alertes if "adresse" in al.code}


def test_an_old_source_gives_an_info_line_after_the_threshold(tmp_path):
    row = _table()["92"]
    date_source = dt.date.fromisoformat(row["prefecture_adresse_date"])
    ans = valeur("adresses.anciennete_max")
    toml = _cas(tmp_path)

    def prefecture(jour: dt.date) -> list[str]:
        a = analyse(load_case(toml, date=jour))
        return [al.niveau for al in a.alertes if al.code == "adresse-a-verifier" and "préfecture" in al.message]

    limite = date_source.replace(year=date_source.year + ans)
    assert prefecture(limite - dt.timedelta(days=1)) == []
    assert prefecture(limite) == ["info"]


def test_no_sample_raises_an_address_alert():
    for toml in SAMPLES.glob("*/dossier.toml"):
        a = analyse(load_case(toml))
        assert not {"prefecture-adresse", "tribunal-adresse"} & set(_codes(a)), toml
