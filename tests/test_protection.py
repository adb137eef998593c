"""Nothing the lawyer owns is ever lost: each way a user can point draft at their own files.

Every test plants one situation a lawyer meets (an output folder that is the case's own
folder, a petition edited in Word, notes added to a dossier, attempts logged at the same
moment, a case file shared on a drive…) and checks that every original file is still
there byte for byte, and what draft says. The PDFs are not needed to show any of it:
the runs are --sans-pdf, except where LibreOffice is part of the story.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from drafting.cli import main
from drafting.verrou import Verrou

from conftest import ROOT, SAMPLES, copy_case

LYON = SAMPLES / "premiere-demande-lyon"


def arbre(dossier: Path) -> dict[str, str]:
    """Every file under a folder, with its SHA-256: two equal trees are byte-identical."""
    return {p.relative_to(dossier).as_posix(): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(dossier.rglob("*")) if p.is_file()}


def draft(*args: str):
    r = CliRunner().invoke(main, [str(a) for a in args])
    return r.exit_code, r.output


@pytest.fixture
def cas(tmp_path) -> Path:
    """A copy of the Lyon first application (its pièces in several folders), and its tree."""
    return copy_case(LYON, tmp_path / "clients" / "ndiaye")


# --- Output folders that are the lawyer's, not draft's ----------------------------------

@pytest.mark.parametrize("commande", ["refere", "lettre"])
def test_the_case_folder_itself_is_never_an_output(cas, commande):
    avant = arbre(cas.parent)
    code, sortie = draft(commande, cas, "-o", cas.parent, "--force", "--sans-pdf")
    assert code == 2
    assert f"le dossier de sortie « {cas.parent} » contient le dossier à rédiger" in sortie
    assert "Traceback" not in sortie
    assert arbre(cas.parent) == avant


@pytest.mark.parametrize("options", [["--force"], ["--garder-copie"]])
def test_a_folder_that_contains_the_case_is_never_an_output(cas, tmp_path, options):
    autre_client = tmp_path / "clients" / "autre" / "notes.txt"
    autre_client.parent.mkdir(parents=True)
    autre_client.write_text("Rendez-vous le 3 décembre.", "utf-8")
    clients = tmp_path / "clients"
    avant = arbre(clients)
    code, sortie = draft("refere", cas, "-o", clients, "--sans-pdf", *options)
    assert code == 2 and "contient le dossier à rédiger" in sortie
    assert arbre(clients) == avant


def test_an_output_inside_the_folder_of_the_pieces_is_refused(cas):
    avant = arbre(cas.parent)
    code, sortie = draft("refere", cas, "-o", cas.parent / "identite" / "sortie", "--sans-pdf")
    assert code == 2
    assert "est dans le dossier des pièces" in sortie and "identite" in sortie
    assert arbre(cas.parent) == avant


def test_a_folder_draft_did_not_write_is_never_replaced(cas, tmp_path):
    dossier = tmp_path / "Mes documents"
    (dossier / "courriers").mkdir(parents=True)
    (dossier / "courriers" / "a-garder.odt").write_bytes(b"lettre du client")
    avant = arbre(dossier)
    code, sortie = draft("refere", cas, "-o", dossier, "--force", "--sans-pdf")
    assert code == 2
    assert f"« {dossier} » n'a pas été écrit par draft (il n'a pas de manifest.json lisible)" in sortie
    assert arbre(dossier) == avant


def test_a_folder_holding_a_case_file_is_never_replaced_even_with_a_manifest(cas, tmp_path):
    out = tmp_path / "out"
    assert draft("refere", cas, "-o", out, "--sans-pdf")[0] == 0
    (out / "dossier.toml").write_bytes(cas.read_bytes())
    avant = arbre(out)
    code, sortie = draft("refere", cas, "-o", out, "--garder-copie", "--sans-pdf")
    assert code == 2 and "contient un dossier TOML (dossier.toml)" in sortie
    assert arbre(out) == avant


def test_lot_never_writes_over_its_own_input(tmp_path):
    cas_dir = tmp_path / "cabinet"
    copy_case(LYON, cas_dir / "ndiaye")
    copy_case(SAMPLES / "renouvellement-bobigny", cas_dir / "diallo")
    avant = arbre(cas_dir)
    r = CliRunner().invoke(main, ["lot", str(cas_dir), "-o", str(cas_dir), "--force", "--sans-pdf"])
    assert r.exit_code == 2
    assert f"le dossier de sortie « {cas_dir} » contient les dossiers à rédiger" in r.output
    assert arbre(cas_dir) == avant


def test_lot_refuses_per_case_a_folder_it_did_not_write(tmp_path):
    cabinet = tmp_path / "cabinet"
    copy_case(LYON, cabinet / "ndiaye")
    sorties = tmp_path / "sorties"
    (sorties / "ndiaye").mkdir(parents=True)
    (sorties / "ndiaye" / "brouillon.docx").write_bytes(b"le brouillon de l'avocate")
    r = CliRunner().invoke(main, ["lot", str(cabinet), "-o", str(sorties), "--force", "--sans-pdf"])
    assert r.exit_code == 2
    assert "n'a pas été écrit par draft" in r.output
    assert (sorties / "ndiaye" / "brouillon.docx").read_bytes() == b"le brouillon de l'avocate"


# --- The manifest: every file, DOCX included ---------------------------------------------

def test_the_manifest_hashes_every_file_draft_wrote(cas, tmp_path):
    out = tmp_path / "out"
    assert draft("refere", cas, "-o", out, "--sans-pdf")[0] == 0
    manifeste = json.loads((out / "manifest.json").read_text("utf-8"))
    fichiers = arbre(out)
    del fichiers["manifest.json"]
    assert manifeste["fichiers"] == fichiers
    assert {"requete.docx", "lettre-prefecture.docx", "bordereau.docx", "analyse.md"} <= set(manifeste["fichiers"])


def test_an_edited_petition_is_never_replaced_without_a_copy(cas, tmp_path):
    out = tmp_path / "out"
    assert draft("refere", cas, "-o", out, "--sans-pdf")[0] == 0
    # The lawyer rewrites a paragraph in Word and adds a note for the hearing.
    edite = (out / "requete.docx").read_bytes() + b"\0edited in Word"
    (out / "requete.docx").write_bytes(edite)
    (out / "notes-audience.txt").write_text("Demander le report.", "utf-8")
    avant = arbre(out)

    code, sortie = draft("refere", cas, "-o", out, "--force", "--sans-pdf")
    assert code == 2
    assert "requete.docx (modifié), notes-audience.txt (ajouté)" in sortie
    assert "Rien n'a été remplacé ; --garder-copie remplace quand même" in sortie
    assert arbre(out) == avant

    code, sortie = draft("refere", cas, "-o", out, "--garder-copie", "--sans-pdf")
    assert code == 0, sortie
    copies = sorted((out / "modifications").iterdir())
    assert len(copies) == 1
    stamp = copies[0].name
    assert dt.datetime.strptime(stamp, "%Y-%m-%d-%H%M")
    assert f"gardés dans {out}/modifications/{stamp}/ : notes-audience.txt, requete.docx" in sortie
    assert (copies[0] / "requete.docx").read_bytes() == edite
    assert (copies[0] / "notes-audience.txt").read_text("utf-8") == "Demander le report."
    assert (out / "requete.docx").read_bytes() != edite, "a fresh petition replaces the edited one"
    assert not (out / "notes-audience.txt").exists()

    # The kept copies are the lawyer's: a later --force carries them over untouched.
    gardees = {k: v for k, v in arbre(out).items() if k.startswith("modifications/")}
    code, sortie = draft("refere", cas, "-o", out, "--force", "--sans-pdf")
    assert code == 0, sortie
    assert {k: v for k, v in arbre(out).items() if k.startswith("modifications/")} == gardees


def test_a_manifest_from_before_docx_were_hashed_protects_them(cas, tmp_path):
    out = tmp_path / "out"
    assert draft("refere", cas, "-o", out, "--sans-pdf")[0] == 0
    manifeste = json.loads((out / "manifest.json").read_text("utf-8"))
    manifeste["fichiers"] = {k: v for k, v in manifeste["fichiers"].items() if not k.endswith(".docx")}
    (out / "manifest.json").write_text(json.dumps(manifeste), "utf-8")
    code, sortie = draft("refere", cas, "-o", out, "--force", "--sans-pdf")
    assert code == 2
    assert "a été écrit par une version de draft qui ne relevait pas l'empreinte des DOCX" in sortie
    assert "impossible de savoir si bordereau.docx, lettre-prefecture.docx, requete.docx ont été modifiés" in sortie


def test_unchanged_dossier_is_replaced_with_force(cas, tmp_path):
    out = tmp_path / "out"
    assert draft("refere", cas, "-o", out, "--sans-pdf", "--date", "2026-12-01")[0] == 0
    code, sortie = draft("refere", cas, "-o", out, "--force", "--sans-pdf", "--date", "2026-12-03")
    assert code == 0, sortie
    assert json.loads((out / "manifest.json").read_text("utf-8"))["date"] == "2026-12-03"
    assert not (out / "modifications").exists()


def test_the_letter_alone_never_touches_the_rest_of_a_dossier(cas, tmp_path):
    out = tmp_path / "out"
    assert draft("refere", cas, "-o", out, "--sans-pdf")[0] == 0
    (out / "requete.docx").write_bytes((out / "requete.docx").read_bytes() + b"\0edited")
    (out / "notes.txt").write_text("à garder", "utf-8")
    avant = arbre(out)

    code, sortie = draft("lettre", cas, "-o", out, "--force", "--sans-pdf", "--date", "2026-12-03")
    assert code == 0, sortie
    apres = arbre(out)
    changes = {k for k in avant.keys() | apres.keys() if avant.get(k) != apres.get(k)}
    assert changes == {"lettre-prefecture.docx", "manifest.json"}
    # The manifest still knows the petition as draft wrote it: the edit is still seen.
    code, sortie = draft("refere", cas, "-o", out, "--force", "--sans-pdf")
    assert code == 2 and "requete.docx (modifié), notes.txt (ajouté)" in sortie


def test_an_edited_letter_is_not_replaced_by_draft_lettre(cas, tmp_path):
    out = tmp_path / "out"
    assert draft("refere", cas, "-o", out, "--sans-pdf")[0] == 0
    (out / "lettre-prefecture.docx").write_bytes(b"signed and edited")
    code, sortie = draft("lettre", cas, "-o", out, "--force", "--sans-pdf")
    assert code == 2 and "lettre-prefecture.docx (modifié)" in sortie
    assert (out / "lettre-prefecture.docx").read_bytes() == b"signed and edited"


# --- Runs that meet -----------------------------------------------------------------------

def test_a_second_run_on_an_output_being_written_refuses(cas, tmp_path):
    out = tmp_path / "out"
    with Verrou(out, occupe="occupé"):  # what a run holds from the first check to the rename
        code, sortie = draft("refere", cas, "-o", out, "--force", "--sans-pdf")
    assert code == 2
    assert f"un autre draft écrit déjà « {out} » ; attendez qu'il ait fini" in sortie
    assert not out.exists()
    assert draft("refere", cas, "-o", out, "--sans-pdf")[0] == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["clients", "out"], "no lock file left"


def test_outputs_get_the_users_rights(cas, tmp_path):
    out = tmp_path / "out"
    masque = os.umask(0o002)  # a firm's shared drive: the group writes too
    try:
        assert draft("refere", cas, "-o", out, "--sans-pdf")[0] == 0
    finally:
        os.umask(masque)
    assert out.stat().st_mode & 0o777 == 0o775
    assert (out / "requete.docx").stat().st_mode & 0o777 == 0o664


# --- The case file: attempts logged together, its rights, draft nouveau --------------------

def _tentatives(toml: Path) -> list[dict]:
    import tomllib

    return tomllib.loads(toml.read_text("utf-8")).get("tentatives", [])


def test_attempts_logged_at_the_same_moment_are_all_kept(cas, tmp_path):
    capture = next(p for p in (cas.parent / "captures").iterdir() if p.suffix == ".jpg")
    avant = len(_tentatives(cas))
    env = {**os.environ, "PYTHONPATH": str(ROOT)}
    procs = [subprocess.Popen([sys.executable, "-m", "drafting.cli", "tentative", str(cas),
                               "--le", f"2026-11-1{k} 0{k}:15", "--capture", str(capture)],
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env)
             for k in range(1, 9)]
    sorties = [p.communicate(timeout=120) for p in procs]
    assert all(p.returncode == 0 for p in procs), sorties
    tentatives = _tentatives(cas)
    assert len(tentatives) == avant + 8
    nouvelles = tentatives[avant:]
    assert sorted(t["le"] for t in nouvelles) == [dt.datetime(2026, 11, 10 + k, k, 15) for k in range(1, 9)]
    for t in nouvelles:
        assert (cas.parent / t["capture"]).read_bytes() == capture.read_bytes()
    referencees = {t["capture"] for t in tentatives if "capture" in t}
    sur_disque = {p.relative_to(cas.parent).as_posix() for p in (cas.parent / "captures").iterdir()}
    assert sur_disque == referencees, "no capture left unreferenced"


def test_logging_an_attempt_keeps_the_rights_of_the_case_file(cas):
    cas.chmod(0o664)
    code, sortie = draft("tentative", cas, "--le", "2026-11-14 09:00")
    assert code == 0, sortie
    assert cas.stat().st_mode & 0o777 == 0o664
    assert [p.name for p in cas.parent.iterdir() if p.name.startswith(".")] == [], "no lock or temp file left"


def test_a_refused_attempt_leaves_no_capture_behind(cas, tmp_path):
    capture = tmp_path / "capture.png"
    capture.write_bytes(next((cas.parent / "captures").iterdir()).read_bytes())
    avant = arbre(cas.parent)
    code, sortie = draft("tentative", cas, "--le", "2099-01-01 09:00", "--capture", capture)
    assert code == 2
    assert arbre(cas.parent) == avant


def test_nouveau_force_keeps_the_old_case_file_and_its_attempts(cas):
    original = cas.read_bytes()
    assert _tentatives(cas), "the sample has an attempts journal"
    code, sortie = draft("nouveau", cas, "--sans-questions", "--force")
    assert code == 0, sortie
    copies = list(cas.parent.glob("dossier.avant-*.toml"))
    assert len(copies) == 1 and copies[0].read_bytes() == original
    assert f"Ancien dossier gardé : {copies[0]}" in sortie
    assert _tentatives(cas) == []


def test_nouveau_checks_the_path_before_asking_anything(cas):
    original = cas.read_bytes()
    r = CliRunner().invoke(main, ["nouveau", str(cas)], input="M.\nDUPONT\n")
    assert r.exit_code == 2
    assert "existe déjà ; draft nouveau ne remplace pas un dossier" in r.output
    assert "Civilité" not in r.output, "no question is asked before the refusal"
    assert cas.read_bytes() == original


def test_a_dossier_left_hidden_by_a_run_killed_mid_swap_is_put_back(cas, tmp_path):
    out = tmp_path / "out"
    assert draft("refere", cas, "-o", out, "--sans-pdf")[0] == 0
    (out / "notes.txt").write_text("à garder", "utf-8")
    avant = arbre(out)
    # Killed between its two renames: the old dossier is under its hidden name, no new one.
    out.rename(tmp_path / ".out.ancien-x1y2z3")
    code, sortie = draft("refere", cas, "-o", out, "--sans-pdf")
    assert code == 2 and "existe déjà" in sortie
    assert arbre(out) == avant
    assert not list(tmp_path.glob(".out.*"))


def test_two_kept_copies_in_the_same_minute_are_both_kept(cas, tmp_path):
    out = tmp_path / "out"
    assert draft("refere", cas, "-o", out, "--sans-pdf")[0] == 0
    for version in ("v1", "v2"):
        (out / "analyse.md").write_text(version, "utf-8")  # sorts before modifications/
        code, sortie = draft("refere", cas, "-o", out, "--sans-pdf", "--garder-copie")
        assert code == 0, sortie
    gardees = sorted(p.read_text("utf-8") for p in (out / "modifications").rglob("analyse.md"))
    assert gardees == ["v1", "v2"]


def test_an_empty_folder_the_lawyer_made_is_kept_and_file_browser_debris_is_not_a_reason(cas, tmp_path):
    out = tmp_path / "out"
    assert draft("refere", cas, "-o", out, "--sans-pdf")[0] == 0
    (out / ".DS_Store").write_bytes(b"finder")
    (out / "Thumbs.db").write_bytes(b"explorer")
    code, sortie = draft("refere", cas, "-o", out, "--force", "--sans-pdf")
    assert code == 0, sortie
    (out / "pour-l-audience").mkdir()
    code, sortie = draft("refere", cas, "-o", out, "--force", "--sans-pdf")
    assert code == 2 and "pour-l-audience (ajouté)" in sortie
    assert draft("refere", cas, "-o", out, "--garder-copie", "--sans-pdf")[0] == 0
    assert [p.name for p in (out / "modifications").glob("*/*")] == ["pour-l-audience"]


def test_a_case_file_in_any_case_is_never_replaced(cas, tmp_path):
    out = tmp_path / "out"
    assert draft("refere", cas, "-o", out, "--sans-pdf")[0] == 0
    (out / "ancien").mkdir()
    (out / "ancien" / "Dossier.TOML").write_bytes(cas.read_bytes())
    code, sortie = draft("refere", cas, "-o", out, "--garder-copie", "--sans-pdf")
    assert code == 2 and "contient un dossier TOML (ancien/Dossier.TOML)" in sortie
    assert (out / "ancien" / "Dossier.TOML").read_bytes() == cas.read_bytes()


def test_a_piece_kept_outside_the_case_does_not_forbid_the_folders_around_it(cas, tmp_path):
    photo = next((cas.parent / "identite").iterdir())
    commun = cas.parent.parent / photo.name
    photo.rename(commun)
    cas.write_text(cas.read_text("utf-8").replace(f"identite/{photo.name}", f"../{photo.name}"), "utf-8")
    code, sortie = draft("refere", cas, "-o", cas.parent.parent / "out", "--sans-pdf", "--pieces-hors-dossier")
    assert code == 0, sortie


def test_an_unreadable_folder_in_an_output_stops_the_replacement(cas, tmp_path, monkeypatch):
    out = tmp_path / "out"
    assert draft("refere", cas, "-o", out, "--sans-pdf")[0] == 0
    (out / "secret").mkdir()
    (out / "secret" / "note.txt").write_text("confidentiel", "utf-8")
    avant = arbre(out)
    # A folder of a colleague's, closed to this user (root, who runs the tests, reads every
    # folder: the refusal of the system is played here).
    marcher = os.walk

    def walk(top, onerror=None, **options):
        for racine, dossiers, fichiers in marcher(top, **options):
            if Path(racine).name == "secret":
                onerror(PermissionError(13, "Permission denied", racine))
                continue
            yield racine, dossiers, fichiers

    monkeypatch.setattr(os, "walk", walk)
    code, sortie = draft("refere", cas, "-o", out, "--garder-copie", "--sans-pdf")
    monkeypatch.undo()
    assert code == 2
    assert f"le dossier « {out}/secret » ne peut pas être lu (Permission denied)" in sortie
    assert arbre(out) == avant


def test_an_attempts_list_that_is_not_a_list_of_tables_is_refused_and_leaves_no_capture(cas, tmp_path):
    texte = cas.read_text("utf-8")
    cas.write_text('tentatives = "x"\n' + texte.split("[[tentatives]]", 1)[0], "utf-8")
    capture = tmp_path / "capture.png"
    capture.write_bytes(b"\x89PNG")
    avant = arbre(cas.parent)
    code, sortie = draft("tentative", cas, "--le", "2026-11-14 09:00", "--capture", capture)
    assert code == 2 and "doit être une suite de tables [[tentatives]]" in sortie
    assert arbre(cas.parent) == avant


def test_an_attempt_logged_through_a_link_reaches_the_case_file(cas):
    lien = cas.parent / "raccourci.toml"
    lien.symlink_to(cas.name)
    avant = len(_tentatives(cas))
    code, sortie = draft("tentative", lien, "--le", "2026-11-14 09:00")
    assert code == 0, sortie
    assert lien.is_symlink()
    assert len(_tentatives(cas)) == avant + 1


def test_the_next_run_kills_only_the_processes_of_a_dead_runs_libreoffice(tmp_path, monkeypatch):
    from drafting import convert

    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    registre = convert._registre()
    marque = "a" * 32
    # A LibreOffice of a run that died (its record's lock died with it), and a process of
    # the same user that draft did not start, in a group of its own too.
    orphelin = subprocess.Popen(["sleep", "60"], env={**os.environ, convert.VARIABLE_MARQUE: marque},
                                start_new_session=True)
    etranger = subprocess.Popen(["sleep", "60"], start_new_session=True)
    try:
        (registre / f"{marque}.json").write_text(json.dumps({"marque": marque, "profil": None}))
        (registre / f"{'b' * 32}.json").write_text(json.dumps({"marque": "b" * 32, "profil": None}))
        assert convert.recolter_abandonnes() == 1
        assert orphelin.wait(timeout=5) == -9
        assert etranger.poll() is None, "a process draft did not start is never killed"
        assert list(registre.iterdir()) == []
    finally:
        for p in (orphelin, etranger):
            p.kill()
            p.wait()


def test_a_records_folder_someone_else_could_write_is_not_used(tmp_path, monkeypatch):
    from drafting import convert

    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path))
    (tmp_path / f"draft-soffice-{os.getuid()}").mkdir(mode=0o777)
    (tmp_path / f"draft-soffice-{os.getuid()}").chmod(0o777)
    assert convert._registre() is None


def test_the_letter_alone_is_never_added_to_another_clients_dossier(cas, tmp_path):
    out = tmp_path / "out"
    autre = copy_case(SAMPLES / "renouvellement-bobigny", tmp_path / "clients" / "autre-client")
    assert draft("refere", autre, "-o", out, "--sans-pdf")[0] == 0
    avant = arbre(out)
    code, sortie = draft("lettre", cas, "-o", out, "--force", "--sans-pdf")
    assert code == 2
    assert f"« {out} » est le dossier d'un autre cas (M." in sortie
    assert "draft n'y ajoute pas la lettre de Mme Aïssatou N'DIAYE" in sortie
    assert arbre(out) == avant


def test_lot_gives_each_case_its_own_folder_whatever_the_names():
    from drafting.lot import sorties_uniques

    cas = [Path("lot/a/dossier.toml"), Path("lot/x/a/dossier.toml"), Path("lot/a-2/dossier.toml"),
           Path("lot/A/dossier.toml")]
    noms = [p.name for p in sorties_uniques(cas, Path("out"))]
    assert noms == ["a", "a-2", "a-2-2", "A-3"]
    assert len({n.casefold() for n in noms}) == len(noms)


def test_dot_as_output_is_refused_in_a_folder_draft_did_not_write(cas, tmp_path, monkeypatch):
    ici = tmp_path / "bureau"
    ici.mkdir()
    (ici / "courrier.odt").write_bytes(b"x")
    monkeypatch.chdir(ici)
    code, sortie = draft("refere", cas, "-o", ".", "--force", "--sans-pdf")
    assert code == 2 and "n'a pas été écrit par draft" in sortie and "Traceback" not in sortie
    assert (ici / "courrier.odt").read_bytes() == b"x"
