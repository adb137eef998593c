"""The case-file format is declared once (drafting/format_dossier.py): the loader, the JSON
Schema, the template of `draft nouveau` and the fields a clause may read all follow it.
Each test fails when one of them drifts from the declaration."""

from __future__ import annotations

import dataclasses
import tomllib
from pathlib import Path

import pytest

from drafting import case as case_module
from drafting.format_dossier import TABLES, table
from drafting.schema import schema

from conftest import ROOT

# The dataclass each table is loaded into, and the fields it adds of its own.
CLASSES = {
    "dossier": (case_module.Dossier, set()),
    "requerant": (case_module.Requerant, set()),
    "conseil": (case_module.Conseil, set()),
    "titre": (case_module.Titre, set()),
    "demande": (case_module.Demande, set()),
    "prefecture": (case_module.Prefecture, set()),
    "tribunal": (case_module.Tribunal, set()),
    "tentatives": (case_module.Tentative, {"heure_connue"}),   # from the form of `le`
    "courriers": (case_module.Courrier, set()),
    "demande_en_ligne": (case_module.DemandeEnLigne, set()),
    "urgence": (case_module.Urgence, set()),
    "pieces": (case_module.PieceDeclaree, set()),
    "conclusions": (case_module.Conclusions, set()),
    "ordonnance": (case_module.Ordonnance, set()),
    "elu": (case_module.Elu, set()),
    "depot": (case_module.Depot, {"pieces", "dossier_depose"}),   # from the inventory it names
}


def test_every_table_is_loaded_into_a_class_with_exactly_its_fields():
    assert {t.nom for t in TABLES} == set(CLASSES)
    for t in TABLES:
        classe, propres = CLASSES[t.nom]
        assert {f.name for f in dataclasses.fields(classe)} == {c.nom for c in t.champs} | propres, t.nom


def test_the_case_holds_every_table():
    assert {f.name for f in dataclasses.fields(case_module.Case)} - {"fichier"} == set(CLASSES)


def test_the_json_schema_is_the_declaration():
    s = schema()
    assert set(s["properties"]) == {t.nom for t in TABLES}
    assert s["required"] == ["requerant", "demande", "prefecture"]
    for t in TABLES:
        proprietes = s["properties"][t.nom]
        objet = proprietes["items"] if t.liste else proprietes
        assert list(objet["properties"]) == [c.nom for c in t.champs]
        assert objet.get("required", []) == [c.nom for c in t.champs if c.requis]
        for c in t.champs:
            if c.choix:
                assert objet["properties"][c.nom]["enum"] == list(c.choix)


def _chemin(champs: dict, chemin: str) -> bool:
    noeud = champs
    for partie in chemin.replace("[]", ".[]").split("."):
        if not isinstance(noeud, dict) or partie not in noeud:
            return False
        noeud = noeud[partie]
    return True


def test_every_field_a_clause_may_read_is_in_the_list_clauses_are_checked_against():
    champs = tomllib.loads((ROOT / "drafting" / "data" / "champs.toml").read_text("utf-8"))
    manquants = []
    for t in TABLES:
        for c in t.champs:
            if c.clause is None:
                continue
            chemin = c.clause or (f"{t.nom}[].{c.nom}" if t.liste else f"{t.nom}.{c.nom}")
            if not _chemin(champs, chemin):
                manquants.append(f"{t.nom}.{c.nom} → {chemin}")
    assert not manquants, manquants


@pytest.mark.parametrize("nom", ["requerant", "demande", "prefecture"])
def test_a_required_table_missing_is_named(tmp_path, nom):
    from drafting.errors import CaseError

    toml = tmp_path / "dossier.toml"
    texte = (ROOT / "samples" / "renouvellement-bobigny" / "dossier.toml").read_text("utf-8")
    lignes, garder = [], True
    for ligne in texte.splitlines():
        if ligne.startswith("["):
            garder = ligne.strip() != f"[{nom}]"
        if garder:
            lignes.append(ligne)
    toml.write_text("\n".join(lignes), "utf-8")
    (tmp_path / "pieces").symlink_to(ROOT / "samples" / "renouvellement-bobigny" / "pieces")
    with pytest.raises(CaseError, match=f"champ « {nom} » : ce champ obligatoire est absent"):
        case_module.load_case(toml, pieces_hors_dossier=True)  # pieces/ links to the sample's
    assert table(nom).requise


def test_nouveau_template_names_every_field_of_the_first_meeting_tables():
    from drafting import edition
    from drafting.edition import nouveau_dossier

    # Every table of the format has its place: a new one cannot be left out silently.
    places = edition.TABLES_DU_PREMIER_RENDEZ_VOUS + edition.TABLES_EN_EXEMPLE + edition.TABLES_APRES_LE_DEPOT
    assert sorted(places) == sorted(t.nom for t in TABLES)
    gabarit = nouveau_dossier(None)
    for nom in ("requerant", "conseil", "titre", "demande", "prefecture"):
        for c in table(nom).champs:
            if c.type == "fichier":
                continue
            assert f"{c.nom} = " in gabarit, f"{nom}.{c.nom} absent du modèle de draft nouveau"


def test_no_other_module_lists_the_allowed_values_again():
    """Each list of allowed values lives in the declaration only (the CLI's choices included)."""
    from drafting import format_dossier

    listes = [v for v in vars(format_dossier).values()
              if isinstance(v, tuple) and len(v) > 1 and all(isinstance(x, str) for x in v)]
    assert len(listes) >= 7
    for f in (ROOT / "drafting").rglob("*.py"):
        if f.name == "format_dossier.py":
            continue
        texte = f.read_text("utf-8").replace("'", '"')
        for valeurs in listes:
            assert ", ".join(f'"{x}"' for x in valeurs) not in texte, f"{f.relative_to(ROOT)} déclare encore {valeurs}"


def test_the_declaration_is_the_loaders_only_source(tmp_path):
    """A field the declaration lacks is refused as unknown: the loader reads nothing else."""
    from drafting.errors import CaseError

    cas = tmp_path / "cas"
    import shutil

    shutil.copytree(ROOT / "samples" / "renouvellement-bobigny", cas)
    toml = cas / "dossier.toml"
    toml.write_text(toml.read_text("utf-8").replace("[requerant]", "[requerant]\nsurnom = \"Momo\""), "utf-8")
    with pytest.raises(CaseError, match=r"requerant\.surnom » : champ inconnu"):
        case_module.load_case(toml)
    assert Path(toml).exists()


def test_the_reference_of_the_format_documents_every_table_and_field_as_declared():
    """docs/format-dossier.md is written for lawyers, by hand: it must still name every table
    and every field the declaration has, and say which are required."""
    import re

    texte = (ROOT / "docs" / "format-dossier.md").read_text("utf-8")
    sections = re.split(r"^### ", texte, flags=re.M)
    manque = []
    for t in TABLES:
        entete = f"`[[{t.nom}]]`" if t.liste else f"`[{t.nom}]`"
        section = next((s for s in sections if s.startswith(entete)), None)
        if section is None:
            manque.append(f"table {entete}")
            continue
        rangees = [[x.strip() for x in l.strip().strip("|").split("|")] for l in section.splitlines()
                   if l.startswith("|") and not l.startswith("|---")]
        colonnes = rangees[0] if rangees else []
        lignes = {r[0].strip("`"): r for r in rangees[1:]}
        for c in t.champs:
            if c.nom not in lignes:
                manque.append(f"{t.nom}.{c.nom}")
                continue
            # A table without an "obligatoire" column has only optional fields.
            requis = lignes[c.nom][colonnes.index("obligatoire")] == "oui" if "obligatoire" in colonnes else False
            if requis != c.requis:
                manque.append(f"{t.nom}.{c.nom} : obligatoire dans la doc = {requis}, déclaré requis = {c.requis}")
    assert not manque, manque
