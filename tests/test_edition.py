"""draft nouveau and draft tentative, run as a user runs them: the files they write, the
comments they keep, what they refuse."""

from __future__ import annotations

import datetime as dt
import hashlib
import shutil
import tomllib
from pathlib import Path

from click.testing import CliRunner
from PIL import Image

from drafting.case import load_case
from drafting.cli import main

from conftest import SAMPLES, copy_case


def _run(*args, input=None):
    r = CliRunner().invoke(main, list(map(str, args)), input=input)
    r.texte = r.output.replace("\u00a0", " ")
    return r


REPONSES = "\n".join([
    "Mme", "n'diaye", "Aïssatou", "1995-07-21", "Dakar (Sénégal)", "sénégalaise",
    "12 rue de l'Exemple, 69007 Lyon",
    "o", "carte de séjour temporaire portant la mention « salarié »", "6900000001", "2027-01-15", "n",
    "",        # objet: the default after a permit, renouvellement
    "",        # canal: rendez-vous-en-ligne
    "999",     # an unknown département is asked again
    "69",
    "o", "Me Jeanne MARTIN", "Lyon", "25 cours de l'Exemple, 69002 Lyon",
]) + "\n"


def test_nouveau_asks_the_first_meeting_questions_and_writes_a_readable_case(tmp_path):
    chemin = tmp_path / "ndiaye" / "dossier.toml"
    r = _run("nouveau", chemin, input=REPONSES)
    assert r.exit_code == 0, r.output
    assert "département « 999 » inconnu" in r.texte
    texte = chemin.read_text("utf-8")
    assert "# Dossier draft — Mme Aïssatou N'DIAYE" in texte
    assert 'nationalite = "sénégalaise"   # nationalité, au féminin : « sénégalaise »' in texte
    case = load_case(chemin)
    assert case.requerant.nom == "N'DIAYE" and case.requerant.date_naissance == dt.date(1995, 7, 21)
    assert case.titre.expire_le == dt.date(2027, 1, 15) and case.titre.anef is False
    assert case.demande.objet == "renouvellement" and case.prefecture.departement == "69"
    assert case.conseil.barreau == "Lyon"
    assert f"draft tentative {chemin} --capture" in r.texte


def test_nouveau_sans_questions_writes_a_template_draft_refuses_until_filled(tmp_path):
    chemin = tmp_path / "modele.toml"
    r = _run("nouveau", chemin, "--sans-questions")
    assert r.exit_code == 0, r.output
    texte = chemin.read_text("utf-8")
    tomllib.loads(texte)
    assert "# [conseil]   # l'avocat ; absent, la personne agit seule" in texte
    r = _run("analyse", chemin)
    assert r.exit_code == 2 and "champ « requerant.civilite »" in r.texte
    # It never overwrites a case file.
    assert _run("nouveau", chemin, "--sans-questions").exit_code == 2


def _cas(tmp_path: Path) -> Path:
    dossier = tmp_path / "bobigny"
    shutil.copytree(SAMPLES / "renouvellement-bobigny", dossier, ignore=shutil.ignore_patterns("attendu"))
    toml = dossier / "dossier.toml"
    texte = toml.read_text("utf-8").replace(
        "[[tentatives]]\nle = 2026-10-19T08:30:00",
        "# Tentatives notées par Mme Roux, bénévole, le soir même.\n[[tentatives]]\nle = 2026-10-19T08:30:00", 1)
    toml.write_text(texte, "utf-8")
    return toml


def _capture(chemin: Path, exif_date: str | None = None) -> Path:
    img = Image.new("RGB", (64, 40), "white")
    if exif_date:
        exif = Image.Exif()
        exif[306] = exif_date
        img.save(chemin, exif=exif)
    else:
        img.save(chemin)
    return chemin


def test_tentative_appends_keeps_comments_and_files_the_capture_under_a_dated_name(tmp_path):
    toml = _cas(tmp_path)
    avant = toml.read_text("utf-8")
    r = _run("tentative", toml, "--le", "2026-11-20 07:45", "--capture", _capture(tmp_path / "IMG_2231.png"))
    assert r.exit_code == 0, r.output
    apres = toml.read_text("utf-8")
    assert "# Tentatives notées par Mme Roux, bénévole, le soir même." in apres
    # The new entry follows the last attempt; every other line is where it was.
    nouvelle = ('[[tentatives]]\nle = 2026-11-20T07:45:00\ncanal = "site"\n'
                'capture = "pieces/captures/2026-11-20-0745.png"\n')
    assert 'capture = "pieces/captures/2026-11-26-0930.png"\n\n' + nouvelle in apres
    assert apres.replace(nouvelle, "", 1).replace("\n\n\n", "\n\n") == avant
    assert (toml.parent / "pieces" / "captures" / "2026-11-20-0745.png").is_file()
    assert "Tentative ajoutée : vendredi 20 novembre 2026 à 07 h 45 (heure donnée), site" in r.texte
    assert "Preuve : 10 tentatives sur 6 semaines distinctes" in r.texte
    assert "la preuve des tentatives suffit" in r.texte


def test_tentative_takes_the_time_from_the_screenshot(tmp_path):
    toml = _cas(tmp_path)
    r = _run("tentative", toml, "--capture", _capture(tmp_path / "photo.jpg", "2026:11:19 21:05:00"))
    assert r.exit_code == 0, r.output
    assert "jeudi 19 novembre 2026 à 21 h 05 (heure lue dans la capture)" in r.texte
    assert "le = 2026-11-19T21:05:00" in toml.read_text("utf-8")


def test_a_refused_attempt_changes_nothing(tmp_path):
    toml = _cas(tmp_path)
    empreinte = hashlib.sha256(toml.read_bytes()).hexdigest()
    # Ten years ahead: after the drafting date, refused by the same rules as draft refere.
    r = _run("tentative", toml, "--le", "2036-11-20 07:45", "--capture", _capture(tmp_path / "x.png"))
    assert r.exit_code == 2 and str(toml) in r.texte and "tentatives[10]" in r.texte
    assert hashlib.sha256(toml.read_bytes()).hexdigest() == empreinte
    assert not (toml.parent / "pieces" / "captures" / "2036-11-20-0745.png").exists()
    assert not list(toml.parent.glob(".dossier.toml.*"))
    r = _run("tentative", toml, "--capture", tmp_path / "absente.png")
    assert r.exit_code == 2 and hashlib.sha256(toml.read_bytes()).hexdigest() == empreinte


def test_with_attempts_in_one_week_it_says_when_filing_becomes_sensible(tmp_path):
    toml = tmp_path / "journal" / "dossier.toml"
    assert _run("nouveau", toml, input=REPONSES).exit_code == 0
    r = None
    for quand in ("2026-11-16 08:30", "2026-11-18 23:50"):
        r = _run("tentative", toml, "--le", quand, "--canal", "telephone")
        assert r.exit_code == 0, r.output
    assert "Preuve : 2 tentatives sur 1 semaine distincte" in r.texte
    assert "Reste à faire : Les 2 tentatives ne s'étalent que du 16 novembre 2026 au 18 novembre 2026" in r.texte
    assert "[bloquant]" not in r.texte
    assert "Dépôt : Le dépôt de la requête deviendra raisonnable à partir du" in r.texte


def test_an_attempt_after_the_case_files_own_date_is_flagged_as_refere_would_refuse_it(tmp_path):
    # draft refere checks attempts against the case's [dossier] date: say so when logging one.
    toml = copy_case(SAMPLES / "renouvellement-bobigny", tmp_path / "cas")
    toml.write_text(toml.read_text("utf-8").replace("date = 2026-12-04", "date = 2026-11-27"), "utf-8")
    r = _run("tentative", toml, "--le", "2026-11-30 09:15", "--canal", "telephone")
    assert r.exit_code == 0, r.output
    assert ("Attention : le dossier est daté du 27 novembre 2026 ; draft refere refusera les tentatives "
            "postérieures à cette date.") in r.texte.replace("\u00a0", " ")
