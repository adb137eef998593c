"""`draft schema`: the JSON Schema an editor uses accepts every real case file and refuses
what draft refuses (an unknown key, a value outside its list, a missing required field)."""

from __future__ import annotations

import datetime as dt
import json
import tomllib

import pytest
from click.testing import CliRunner
from jsonschema import Draft4Validator

from drafting.cli import main

from conftest import SAMPLES, reference_cases

CAS = [*reference_cases(), *sorted(SAMPLES.glob("*/dossier.toml"))]


def _json(valeur):
    """TOML as an editor hands it to the schema: dates and date-times as ISO strings."""
    if isinstance(valeur, dict):
        return {k: _json(v) for k, v in valeur.items()}
    if isinstance(valeur, list):
        return [_json(v) for v in valeur]
    if isinstance(valeur, (dt.date, dt.datetime)):
        return valeur.isoformat()
    return valeur


@pytest.fixture(scope="module")
def validateur():
    r = CliRunner().invoke(main, ["schema"])
    assert r.exit_code == 0
    schema = json.loads(r.output)
    Draft4Validator.check_schema(schema)
    return Draft4Validator(schema)


@pytest.mark.parametrize("chemin", CAS, ids=lambda p: p.parent.name)
def test_every_real_case_file_is_valid(validateur, chemin):
    donnees = _json(tomllib.loads(chemin.read_text("utf-8")))
    erreurs = [e.message for e in validateur.iter_errors(donnees)]
    assert erreurs == []


def _bobigny():
    return _json(tomllib.loads((SAMPLES / "renouvellement-bobigny" / "dossier.toml").read_text("utf-8")))


def test_an_unknown_key_is_flagged(validateur):
    d = _bobigny()
    d["requerant"]["prenom"] = "Karim"
    assert any("prenom" in e.message for e in validateur.iter_errors(d))


def test_a_value_outside_its_list_is_flagged(validateur):
    d = _bobigny()
    d["tentatives"][0]["canal"] = "fax"
    assert any("'fax' is not one of" in e.message for e in validateur.iter_errors(d))


def test_a_missing_required_field_is_flagged(validateur):
    d = _bobigny()
    del d["requerant"]["nom"]
    assert any("'nom' is a required property" in e.message for e in validateur.iter_errors(d))


def test_the_schema_describes_fields_in_french(validateur):
    requerant = validateur.schema["properties"]["requerant"]["properties"]
    assert requerant["nationalite"]["description"] == "nationalité, au féminin : « sénégalaise »"
    assert validateur.schema["properties"]["pieces"]["items"]["properties"]["categorie"]["enum"] == [
        "identite", "sejour", "domicile", "emploi", "famille", "autre"]
