"""Bad input: one French sentence naming the file and the field, exit 2, nothing written."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from drafting.case import load_case
from drafting.cli import main

from conftest import SAMPLES, copy_case, reference_cases


@pytest.mark.parametrize("chemin", reference_cases(), ids=lambda p: p.parent.name)
def test_reference_cases_load_as_they_are(chemin):
    case = load_case(chemin)
    assert case.tentatives and case.requerant.nom


def _run_with(tmp_path: Path, edit, *args) -> tuple[int, str, Path]:
    toml = copy_case(SAMPLES / "premiere-demande-lyon", tmp_path / "cas")
    text = toml.read_text("utf-8")
    toml.write_text(edit(text), "utf-8")
    out = tmp_path / "sortie"
    result = CliRunner().invoke(main, ["refere", str(toml), "-o", str(out), "--sans-pdf", *args])
    return result.exit_code, result.output, out


def test_missing_required_field_names_file_and_field(tmp_path):
    code, msg, out = _run_with(tmp_path, lambda t: t.replace('nom = "N\'DIAYE"\n', ""))
    assert code == 2
    assert "dossier.toml" in msg and "« requerant.nom »" in msg and "obligatoire" in msg
    assert not out.exists()
    assert "Traceback" not in msg


def test_missing_evidence_file_names_the_attempt(tmp_path):
    code, msg, out = _run_with(tmp_path, lambda t: t.replace("captures/2026-11-09-0005.jpg", "captures/absente.jpg"))
    assert code == 2
    assert re.search(r"« tentatives\[\d+\]\.capture »", msg)
    assert "absente.jpg" in msg and "introuvable" in msg
    assert not out.exists()
    assert not list(out.parent.glob(".sortie.en-cours-*")), "no temporary folder left behind"


def test_toml_syntax_error_gives_the_line(tmp_path):
    code, msg, out = _run_with(tmp_path, lambda t: t.replace('[requerant]', '[requerant', 1))
    assert code == 2 and "syntaxe TOML invalide" in msg and "ligne" in msg
    assert not out.exists()


def test_impossible_date_is_refused(tmp_path):
    code, msg, _ = _run_with(tmp_path, lambda t: t.replace("date_naissance = 1995-07-21", "date_naissance = 1995-02-30"))
    assert code == 2 and "dossier.toml" in msg


def test_unknown_key_suggests_the_right_one(tmp_path):
    code, msg, _ = _run_with(tmp_path, lambda t: t.replace("nationalite =", "nationalitee ="))
    assert code == 2
    assert "« requerant.nationalite »" in msg and "« nationalitee » est-il une faute de frappe" in msg


def test_unknown_optional_key_is_refused_with_a_suggestion(tmp_path):
    code, msg, _ = _run_with(tmp_path, lambda t: t.replace("telephone =", "telephon ="))
    assert code == 2
    assert "« requerant.telephon »" in msg and "vouliez-vous dire « telephone »" in msg


def test_unknown_departement(tmp_path):
    code, msg, _ = _run_with(tmp_path, lambda t: t.replace('departement = "69"', 'departement = "100"'))
    assert code == 2 and "« prefecture.departement »" in msg and "inconnu" in msg


def test_attempt_after_drafting_date(tmp_path):
    code, msg, _ = _run_with(tmp_path, lambda t: t, "--date", "2026-11-20")
    assert code == 2 and "postérieure à la date du dossier" in msg


def test_existing_output_needs_force(tmp_path):
    out = tmp_path / "sortie"
    out.mkdir()
    (out / "a-garder.txt").write_text("x")
    code, msg, _ = _run_with(tmp_path, lambda t: t)
    assert code == 2 and "--force" in msg
    assert (out / "a-garder.txt").exists()


def test_command_line_procedure_overrides_the_file(tmp_path):
    from drafting.analysis import analyse

    from conftest import reference_case

    chemin = reference_case("renouvellement-nanterre")
    assert analyse(load_case(chemin, procedure="liberte")).procedure == "liberte"
    assert analyse(load_case(chemin, procedure="auto")).procedure == "mesures-utiles"
