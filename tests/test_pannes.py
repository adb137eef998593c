"""LibreOffice faults and interrupted runs (issue 6, items 4 and 5), as a user would see them.

A fake ``soffice`` (tests/fake_soffice/soffice.py) is put first on PATH and plays each
fault: hanging with a child (soffice → soffice.bin), crashing, skipping a file, writing a
file that is not a PDF. The real pipeline runs, through the CLI. Only the test of two
simultaneous runs uses the real LibreOffice.

The tests make this process a "child subreaper" (Linux prctl) while they run, so that the
fake's orphaned children are reparented here and reaped by PID: no zombie is left behind
even where PID 1 does not reap, and a reaped child tells how it died (SIGKILL).
"""

from __future__ import annotations

import ctypes
import hashlib
import json
import os
import shutil
import signal
import subprocess
import sys
import threading
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from drafting import convert
from drafting.cli import main
from drafting.errors import ConversionError

from conftest import ROOT, SAMPLES, copy_case, pdf_text

# Processes and generated cases: the slowest of the tests that need no LibreOffice.
pytestmark = pytest.mark.lent

FAUX = Path(__file__).resolve().parent / "fake_soffice" / "soffice.py"
BOBIGNY = SAMPLES / "renouvellement-bobigny" / "dossier.toml"
# Bobigny relies on its unanswered letter: no new letter is drafted beside its petition.
PDFS = ("requete.pdf", "bordereau.pdf")
ATTENDUS = {
    "requete.docx", "requete.pdf",
    "bordereau.docx", "bordereau.pdf", "dossier-complet.pdf", "analyse.md", "manifest.json", "telerecours",
}
PR_SET_CHILD_SUBREAPER = 36


def _subreaper(actif: bool) -> None:
    libc = ctypes.CDLL(None, use_errno=True)
    if libc.prctl(PR_SET_CHILD_SUBREAPER, int(actif), 0, 0, 0) != 0:
        pytest.skip("prctl(PR_SET_CHILD_SUBREAPER) indisponible")


def etat(pid: int) -> str | None:
    """The process state as ps shows it (R, S, Z…), None when there is no such process."""
    r = subprocess.run(["ps", "-o", "stat=", "-p", str(pid)], capture_output=True, text=True)
    return r.stdout.strip() or None


def vivant(pid: int) -> bool:
    s = etat(pid)
    return s is not None and not s.startswith("Z")


def attendre(condition, delai: float = 10.0) -> bool:
    fin = time.monotonic() + delai
    while time.monotonic() < fin:
        if condition():
            return True
        time.sleep(0.02)
    return condition()


def recolter(pid: int, delai: float = 5.0) -> int | None:
    """Reap ``pid`` (a child of this process, or an orphan reparented to it): its wait status."""
    fin = time.monotonic() + delai
    while True:
        try:
            p, statut = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            return None  # not ours, or already reaped
        if p == pid:
            return statut
        if time.monotonic() > fin:
            return None
        time.sleep(0.02)


class FauxSoffice:
    def __init__(self, dossier: Path, monkeypatch):
        self.bin = dossier / "bin"
        self.journal = dossier / "journal"
        self.bin.mkdir()
        self.journal.mkdir()
        shim = self.bin / "soffice"
        # The shell notes each start before Python runs: a LibreOffice killed at once still counts.
        shim.write_text(f'#!/bin/sh\necho $$ >> "{self.journal}/demarrages"\nexec "{sys.executable}" "{FAUX}" "$@"\n')
        shim.chmod(0o755)
        self.monkeypatch = monkeypatch
        monkeypatch.setenv("PATH", f"{self.bin}{os.pathsep}{os.environ['PATH']}")
        monkeypatch.setenv("FAUX_SOFFICE_JOURNAL", str(self.journal))

    def mode(self, mode: str, cible: str = "bordereau") -> None:
        self.monkeypatch.setenv("FAUX_SOFFICE", mode)
        self.monkeypatch.setenv("FAUX_SOFFICE_CIBLE", cible)

    def appels(self) -> list[dict]:
        f = self.journal / "appels.jsonl"
        return [json.loads(l) for l in f.read_text().splitlines()] if f.exists() else []

    def demarrages(self) -> list[int]:
        f = self.journal / "demarrages"
        return [int(x) for x in f.read_text().split()] if f.exists() else []

    def pids(self) -> list[int]:
        pids = [p for a in self.appels() for p in (a["pid"], a.get("enfant")) if p]
        return pids + [p for p in self.demarrages() if p not in pids]


@pytest.fixture
def faux(tmp_path, monkeypatch):
    """A fake soffice first on PATH. Afterwards: every process it started must be gone."""
    _subreaper(True)
    f = FauxSoffice(tmp_path, monkeypatch)
    try:
        yield f
    finally:
        restes = [pid for pid in f.pids() if vivant(pid)]
        for a in f.appels():
            tuer_groupe(a)
        for pid in f.pids():
            recolter(pid, 2)
        _subreaper(False)
        assert not restes, f"processus de LibreOffice restés en vie : {restes}"
        assert not [pid for pid in f.pids() if etat(pid)], "processus zombies laissés"


def tuer_groupe(appel: dict) -> None:
    """SIGKILL the fake's process group, only while one of its recorded processes still
    lives in it (a group id is never reused while a member lives)."""
    for pid in (appel["pid"], appel.get("enfant")):
        if pid and vivant(pid):
            r = subprocess.run(["ps", "-o", "pgid=", "-p", str(pid)], capture_output=True, text=True)
            if r.stdout.strip() == str(appel["pgid"]):
                os.killpg(appel["pgid"], signal.SIGKILL)
                return


def arbre(dossier: Path) -> dict[str, str]:
    return {str(p.relative_to(dossier)): hashlib.sha256(p.read_bytes()).hexdigest()
            for p in sorted(dossier.rglob("*")) if p.is_file()}


def restes_temporaires(sortie: Path) -> list[str]:
    return sorted(p.name for p in sortie.parent.glob(f".{sortie.name}.*"))


def refere(*args: str):
    return CliRunner().invoke(main, ["refere", str(BOBIGNY), *args])


# --- LibreOffice absent -------------------------------------------------------------------
# The CLI message and exit status 4 are tested in test_dossier.py
# (test_without_libreoffice_the_docx_are_written_and_the_message_says_how); here, only that
# "absent" really means "neither name on PATH".

def test_libreoffice_is_looked_up_on_path_under_both_names(tmp_path, monkeypatch):
    vide, autre = tmp_path / "vide", tmp_path / "autre"
    vide.mkdir()
    autre.mkdir()
    monkeypatch.setenv("PATH", str(vide))
    assert convert.trouver_soffice() is None
    with pytest.raises(convert.LibreOfficeAbsent):
        convert.docx_vers_pdf([tmp_path / "a.docx"], tmp_path)
    lo = autre / "libreoffice"
    lo.write_text("#!/bin/sh\n")
    lo.chmod(0o755)
    monkeypatch.setenv("PATH", f"{vide}{os.pathsep}{autre}")
    assert convert.trouver_soffice() == str(lo)


# --- The time limit -----------------------------------------------------------------------

def test_time_limit_defaults_to_two_minutes_and_reads_the_environment(monkeypatch):
    monkeypatch.delenv(convert.VARIABLE_DELAI, raising=False)
    assert convert.delai_conversion() == 120
    monkeypatch.setenv(convert.VARIABLE_DELAI, "2,5")
    assert convert.delai_conversion() == 2.5
    for mauvais in ("abc", "0", "-3", "nan", "inf"):
        monkeypatch.setenv(convert.VARIABLE_DELAI, mauvais)
        with pytest.raises(ConversionError, match=f"DRAFT_DELAI_LIBREOFFICE vaut « {mauvais} »"):
            convert.delai_conversion()


def test_hung_libreoffice_is_stopped_with_its_children(faux, tmp_path, monkeypatch):
    faux.mode("bloque")  # ignores SIGTERM, and so does its child
    monkeypatch.setenv(convert.VARIABLE_DELAI, "2")
    out = tmp_path / "out"
    t0 = time.monotonic()
    result = refere("-o", str(out))
    duree = time.monotonic() - t0
    assert result.exit_code == 4, result.output
    assert "LibreOffice ne répondait plus : il a été arrêté après 2 secondes" in result.output
    assert "Traceback" not in result.output
    assert duree < 30
    appels = faux.appels()
    # The LibreOffice started ahead, then the conversion call that hands it the files.
    assert ["--convert-to" in a["argv"] for a in appels] == [False, True]
    for appel in appels:
        assert appel["pgid"] == appel["pid"], "soffice must lead its own process group"
        # soffice was reaped by draft; its child (soffice.bin) is an orphan reparented here.
        assert not vivant(appel["pid"])
        assert attendre(lambda enfant=appel["enfant"]: not vivant(enfant), 5), "the child of soffice is still running"
        statut = recolter(appel["enfant"])
        assert statut is not None and os.WIFSIGNALED(statut) and os.WTERMSIG(statut) == signal.SIGKILL
    assert not out.exists() and restes_temporaires(out) == []


def test_libreoffice_starts_only_for_a_readable_case_and_is_stopped_when_drafting_fails(faux, tmp_path):
    faux.mode("bloque")  # a LibreOffice that would never stop by itself
    # A case file that cannot be read: LibreOffice is never started.
    mauvais = tmp_path / "mauvais.toml"
    mauvais.write_text("[requerant\n", encoding="utf-8")
    result = CliRunner().invoke(main, ["refere", str(mauvais), "-o", str(tmp_path / "o1")])
    assert result.exit_code == 2 and "mauvais.toml" in result.output
    assert faux.appels() == []
    # --sans-pdf: no LibreOffice either.
    assert refere("-o", str(tmp_path / "o2"), "--sans-pdf").exit_code == 0
    assert faux.appels() == []
    # Started ahead, then the drafting fails (a firm clause with a typo, found once the
    # library loads): it is stopped at once.
    clauses = tmp_path / "clauses-cabinet"
    shutil.copytree(ROOT / "clauses", clauses)
    fautive = clauses / "requete" / "demarches-saisine.md"
    fautive.write_text(fautive.read_text("utf-8") + "\n{{ requerant.nom_de_jeune_fille }}\n", "utf-8")
    t0 = time.monotonic()
    result = refere("-o", str(tmp_path / "o3"), "--clauses", str(clauses))
    assert result.exit_code == 2 and "requerant.nom_de_jeune_fille" in result.output, result.output
    assert time.monotonic() - t0 < 20
    # Started once, ahead (it may be stopped before it could log its arguments), never asked
    # to convert, and gone.
    [pid] = faux.demarrages()
    appels = faux.appels()
    assert len(appels) <= 1 and all("--convert-to" not in a["argv"] for a in appels)
    assert attendre(lambda: not vivant(pid) and not any(vivant(a["enfant"]) for a in appels), 5)


# --- LibreOffice fails --------------------------------------------------------------------

@pytest.mark.parametrize("mode, cause", [
    ("plante", "LibreOffice s'est arrêté en erreur (code de sortie 1)"),
    ("signal", "LibreOffice s'est arrêté brutalement (signal SIGSEGV)"),
])
def test_crashed_libreoffice_names_the_missing_pdfs(faux, tmp_path, mode, cause):
    faux.mode(mode)
    out = tmp_path / "out"
    result = refere("-o", str(out))
    assert result.exit_code == 4, result.output
    assert cause in result.output
    assert "n'a pas produit requete.pdf et bordereau.pdf" in result.output
    if mode == "plante":
        assert "(Error: source file could not be loaded)" in result.output
    # Only a crash by signal points at jemalloc (scripts/install.sh installs it, as in CI).
    assert ("DRAFT_JEMALLOC=non fait tourner LibreOffice sans jemalloc" in result.output) == (mode == "signal")
    assert "Traceback" not in result.output
    assert not out.exists() and restes_temporaires(out) == []


@pytest.mark.parametrize("mode, message", [
    ("saute", "LibreOffice n'a pas produit bordereau.pdf."),
    ("faux-pdf", "LibreOffice a écrit bordereau.pdf, qui n'est pas un PDF complet."),
    ("tronque", "LibreOffice a écrit bordereau.pdf, qui n'est pas un PDF complet."),
])
def test_a_skipped_or_bad_pdf_is_caught_despite_exit_status_0(faux, tmp_path, mode, message):
    faux.mode(mode, cible="bordereau")
    out = tmp_path / "out"
    result = refere("-o", str(out))
    assert result.exit_code == 4, result.output
    assert f"Erreur : {message}" in result.output
    assert "requete.pdf" not in result.output and "lettre-prefecture.pdf" not in result.output
    assert not out.exists() and restes_temporaires(out) == []


def test_the_fake_libreoffice_gives_a_complete_dossier(faux, tmp_path):
    """The control: the same pipeline with a fake that works writes the whole dossier."""
    faux.mode("ok")
    out = tmp_path / "out"
    result = refere("-o", str(out))
    assert result.exit_code == 0, result.output
    assert ATTENDUS <= {p.name for p in out.iterdir()}
    assert restes_temporaires(out) == []


# --- Two runs at the same time, real LibreOffice -------------------------------------------

def test_two_simultaneous_runs_use_separate_profiles(faux, tmp_path, soffice):
    assert not soffice.startswith(str(faux.bin)), "the real soffice must be found before PATH is changed"
    faux.mode("relais")  # logs its arguments, waits for the other run, then execs the real soffice
    env = {**os.environ, "FAUX_SOFFICE_REEL": soffice, "FAUX_SOFFICE_ATTENDRE": "2",
           "PYTHONPATH": str(ROOT)}
    runs = []
    for i in (1, 2):
        toml = copy_case(SAMPLES / "renouvellement-bobigny", tmp_path / f"cas{i}")
        runs.append((tmp_path / f"out{i}", [sys.executable, "-m", "drafting.cli", "refere", str(toml),
                                            "-o", str(tmp_path / f"out{i}")]))
    resultats: dict[int, subprocess.CompletedProcess] = {}

    def lancer(i, cmd):
        resultats[i] = subprocess.run(cmd, cwd=ROOT, env=env, capture_output=True, text=True, timeout=120)

    fils = [threading.Thread(target=lancer, args=(i, cmd)) for i, (_, cmd) in enumerate(runs)]
    for t in fils:
        t.start()
    for t in fils:
        t.join()
    for i, (out, _) in enumerate(runs):
        r = resultats[i]
        assert r.returncode == 0, r.stderr
        assert ATTENDUS <= {p.name for p in out.iterdir()}
        assert len(list((out / "telerecours").iterdir())) == 17
        for nom in (*PDFS, "dossier-complet.pdf"):
            assert (out / nom).read_bytes()[:5] == b"%PDF-"
        assert "M. Karim KONÉ" in " ".join(pdf_text(out / "requete.pdf").split())
        assert restes_temporaires(out) == []
    assert pdf_text(runs[0][0] / "requete.pdf") == pdf_text(runs[1][0] / "requete.pdf")

    appels = faux.appels()
    # Each run: its LibreOffice started ahead, then its conversion call, both on its own profile.
    assert len(appels) == 4
    profils = [next(a for a in appel["argv"] if a.startswith("-env:UserInstallation=file://")) for appel in appels]
    assert len(set(profils)) == 2, "both runs used the same LibreOffice profile"
    for p in set(profils):
        par_profil = [a for a, q in zip(appels, profils) if q == p]
        assert sorted("--convert-to" in a["argv"] for a in par_profil) == [False, True]
        dossier = Path(p.split("file://", 1)[1])
        assert dossier.name.startswith("draft-lo-") and not dossier.exists(), "profile folder left behind"


# --- Interrupted runs -----------------------------------------------------------------------

def _lancer_et_attendre_soffice(faux, out: Path) -> subprocess.Popen:
    """Start `draft refere` with a hung soffice; return once draft is waiting for its conversion."""
    env = {**os.environ, "FAUX_SOFFICE": "bloque", convert.VARIABLE_DELAI: "60", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "drafting.cli", "refere", str(BOBIGNY), "-o", str(out)],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)

    def conversion_en_cours():
        return any("--convert-to" in a["argv"] and a.get("enfant") for a in faux.appels())

    if not attendre(conversion_en_cours, 30):
        proc.kill()
        pytest.fail("soffice was never started: " + proc.communicate()[1])
    time.sleep(0.3)
    assert proc.poll() is None
    return proc


@pytest.mark.parametrize("sig", [signal.SIGINT, signal.SIGTERM], ids=["ctrl-c", "kill"])
def test_ctrl_c_while_libreoffice_runs_writes_nothing_and_stops_it(faux, tmp_path, sig):
    out = tmp_path / "OUT"
    proc = _lancer_et_attendre_soffice(faux, out)
    proc.send_signal(sig)
    _, err = proc.communicate(timeout=20)
    assert proc.returncode == 130, err
    assert "Interrompu : aucun dossier n'a été écrit." in err and "Traceback" not in err
    assert not out.exists() and restes_temporaires(out) == []
    # soffice lives in its own session and never saw the Ctrl-C: draft must have stopped it,
    # both the one started ahead and the conversion call.
    assert len(faux.appels()) == 2
    assert attendre(lambda: not any(vivant(pid) for pid in faux.pids()), 5)


def test_sigkill_while_libreoffice_runs_leaves_no_output_folder_and_the_next_run_stops_it(faux, tmp_path, monkeypatch):
    # Records of its own: another draft on this machine (a second suite) would otherwise be
    # the "next run" that stops the abandoned LibreOffice before this test looks at it.
    (tmp_path / "run").mkdir(mode=0o700)
    monkeypatch.setenv("XDG_RUNTIME_DIR", str(tmp_path / "run"))
    out = tmp_path / "OUT"
    proc = _lancer_et_attendre_soffice(faux, out)
    proc.kill()
    proc.wait(timeout=10)
    assert proc.returncode == -signal.SIGKILL
    assert not out.exists()
    restes = restes_temporaires(out)
    assert all(r.startswith(".OUT.en-cours-") or r == ".OUT.verrou" for r in restes), restes
    # Nothing can run on SIGKILL: the fake soffice (and its child) outlive draft…
    assert any(vivant(pid) for pid in faux.pids())

    # …until the next run, which stops the LibreOffice a dead run left behind, removes the
    # killed run's temporary folder and takes over its lock.
    result = refere("-o", str(out), "--sans-pdf")
    assert result.exit_code == 0, result.output
    assert {"requete.docx", "bordereau.docx", "manifest.json"} <= {p.name for p in out.iterdir()}
    assert restes_temporaires(out) == []
    for pid in faux.pids():
        recolter(pid)
    assert not any(vivant(pid) for pid in faux.pids())


@pytest.mark.parametrize("mode", ["plante", "saute"])
def test_force_with_failing_libreoffice_keeps_the_old_dossier(faux, tmp_path, monkeypatch, mode):
    out = tmp_path / "out"
    faux.mode("ok")
    assert refere("-o", str(out)).exit_code == 0
    avant = arbre(out)
    assert ATTENDUS <= {p.split("/")[0] for p in avant}

    faux.mode(mode)
    result = refere("-o", str(out), "--force")
    assert result.exit_code == 4, result.output
    assert "bordereau.pdf" in result.output
    assert arbre(out) == avant, "the previous dossier must survive, complete and unchanged"
    assert restes_temporaires(out) == []


def test_a_killed_batch_stops_its_jobs_and_writes_no_half_dossier(faux, tmp_path):
    cabinet = tmp_path / "cabinet"
    for nom in ("diallo", "kone"):
        copy_case(SAMPLES / "renouvellement-bobigny", cabinet / nom)
    out = tmp_path / "sorties"
    env = {**os.environ, "FAUX_SOFFICE": "bloque", convert.VARIABLE_DELAI: "60", "PYTHONPATH": str(ROOT)}
    proc = subprocess.Popen([sys.executable, "-m", "drafting.cli", "lot", str(cabinet), "-o", str(out), "-j", "2"],
                            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    if not attendre(lambda: sum("--convert-to" in a["argv"] and bool(a.get("enfant")) for a in faux.appels()) == 2, 60):
        proc.kill()
        pytest.fail("the jobs never started LibreOffice: " + proc.communicate()[1])
    proc.send_signal(signal.SIGTERM)
    _, err = proc.communicate(timeout=30)
    assert proc.returncode == 130, err
    assert "Interrompu : les dossiers déjà terminés sont écrits" in err and "Traceback" not in err
    assert "Aborted" not in err
    # Each job stopped its LibreOffice and removed its temporary folder.
    assert attendre(lambda: not any(vivant(pid) for pid in faux.pids()), 10)
    assert not out.exists() or [p.name for p in out.iterdir() if not p.name.startswith(".")] == []
    assert not out.exists() or not [p for p in out.iterdir() if ".en-cours-" in p.name]


def test_a_conversion_lost_by_the_libreoffice_started_ahead_is_done_again_alone(faux, tmp_path):
    faux.mode("relance")
    out = tmp_path / "out"
    result = refere("-o", str(out))
    assert result.exit_code == 0, result.output
    assert "Dossier écrit" in result.output
    appels = faux.appels()
    conversions = [a for a in appels if "--convert-to" in a["argv"]]
    assert len(appels) == 3 and len(conversions) == 2
    profil = [next(x for x in a["argv"] if x.startswith("-env:UserInstallation=")) for a in appels]
    assert profil[2] != profil[0], "the second call is a call of its own, on its own profile"
    for nom in PDFS:
        assert (out / nom).read_bytes()[:5] == b"%PDF-"
