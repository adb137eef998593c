"""Convert stage: DOCX → PDF with LibreOffice headless.

All documents of a run go through one soffice process, with its own profile folder
(a shared profile serialises or even kills other LibreOffice instances) and a time
limit that kills the whole process group. soffice exits 0 even when a file failed,
so every expected PDF is checked afterwards.
"""

from __future__ import annotations

import fcntl
import functools
import json
import math
import os
import re
import secrets
import shutil
import signal
import stat
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from .errors import ConversionError

DELAI_SECONDES = 120
# DRAFT_DELAI_LIBREOFFICE: the time limit of one conversion, in seconds (default
# DELAI_SECONDES). Raise it on a slow machine; the tests lower it to simulate a hung
# LibreOffice without waiting two minutes (tests/test_pannes.py).
VARIABLE_DELAI = "DRAFT_DELAI_LIBREOFFICE"
INSTALLATION = "sudo apt-get install libreoffice-writer-nogui  (Debian/Ubuntu)"


def trouver_soffice() -> str | None:
    for nom in ("soffice", "libreoffice"):
        chemin = shutil.which(nom)
        if chemin:
            return chemin
    return None


class ConversionExpiree(ConversionError):
    """LibreOffice did not finish within the time limit (and was stopped)."""


class LibreOfficeAbsent(ConversionError):
    def __init__(self) -> None:
        super().__init__(
            "LibreOffice est introuvable (ni « soffice » ni « libreoffice » dans le PATH) : "
            f"les DOCX sont écrits, mais pas les PDF. Installez-le : {INSTALLATION}."
        )


def delai_conversion() -> float:
    """The time limit: DRAFT_DELAI_LIBREOFFICE if set, else DELAI_SECONDES."""
    brut = os.environ.get(VARIABLE_DELAI, "").strip()
    if not brut:
        return DELAI_SECONDES
    try:
        delai = float(brut.replace(",", "."))
    except ValueError:
        delai = math.nan
    if not (math.isfinite(delai) and delai > 0):
        raise ConversionError(f"{VARIABLE_DELAI} vaut « {brut} » : il faut un nombre de secondes positif "
                              f"(par défaut {DELAI_SECONDES}).")
    return delai


def _secondes(delai: float) -> str:
    return f"{delai:g}".replace(".", ",")


# DRAFT_JEMALLOC=non: LibreOffice with the system's malloc, where jemalloc is suspected.
VARIABLE_JEMALLOC = "DRAFT_JEMALLOC"


@functools.cache
def _jemalloc() -> str | None:
    """Debian's libjemalloc2 for this machine's architecture (a 32-bit copy installed
    beside it would be refused by the loader, silently), or None; Linux only."""
    if not sys.platform.startswith("linux"):
        return None
    for chemin in (f"/usr/lib/{os.uname().machine}-linux-gnu/libjemalloc.so.2", "/usr/lib64/libjemalloc.so.2",
                   "/usr/lib/libjemalloc.so.2", "/usr/local/lib/libjemalloc.so.2"):
        if os.path.exists(chemin):
            return chemin
    return None


def _jemalloc_actif() -> bool:
    return _jemalloc() is not None and \
        os.environ.get(VARIABLE_JEMALLOC, "").strip().lower() not in ("non", "0", "no", "false")


def environnement_soffice() -> dict[str, str]:
    """The environment LibreOffice runs in: draft's own, with jemalloc (Debian's
    libjemalloc2) preloaded where it is installed on Linux.

    Converting our DOCX, LibreOffice spends about a fifth of its time in glibc's malloc
    and free; with jemalloc, the same 48 DOCX took 15 to 25 % less CPU (measured in
    alternation), with the same PDFs (same text, same pixels). Without it, or with
    DRAFT_JEMALLOC=non, LibreOffice runs as installed: slower, not different."""
    env = dict(os.environ)
    if _jemalloc_actif():
        env["LD_PRELOAD"] = " ".join(filter(None, (env.get("LD_PRELOAD", ""), _jemalloc())))
    return env


# --- LibreOffice left behind by a killed run ---------------------------------------------
# soffice runs in a process group of its own (a Ctrl-C in the terminal must reach draft,
# which then stops it). A draft killed outright (SIGKILL, a closed session) cannot stop it:
# each LibreOffice draft starts carries a mark of its own in its environment (inherited by
# soffice.bin and anything it starts), written down in a small file that draft holds
# locked while it lives. The next run finds the files whose lock died with their owner and
# kills the processes that carry that mark, and only those (a process number or a group
# number can be reused; a random mark in the environment cannot), then removes the profile.
VARIABLE_MARQUE = "DRAFT_LIBREOFFICE"


def _registre() -> Path | None:
    """The user's own folder of records, or None where it cannot be trusted (a folder of
    that name made by someone else could make draft kill the user's other processes)."""
    base = os.environ.get("XDG_RUNTIME_DIR") or tempfile.gettempdir()
    registre = Path(base) / f"draft-soffice-{os.getuid()}"
    try:
        registre.mkdir(mode=0o700, exist_ok=True)
        st = os.lstat(registre)
    except OSError:
        return None
    if not stat.S_ISDIR(st.st_mode) or st.st_uid != os.getuid() or stat.S_IMODE(st.st_mode) & 0o077:
        return None
    return registre


def _porteurs(marque: str) -> list[int]:
    """The processes whose environment carries this run's mark (Linux /proc; elsewhere none)."""
    cle = f"{VARIABLE_MARQUE}={marque}".encode()
    pids = []
    racine = Path("/proc")
    for entree in racine.iterdir() if (racine / "self").exists() else ():
        if not entree.name.isdigit():
            continue
        try:
            if cle in (entree / "environ").read_bytes().split(b"\0"):
                pids.append(int(entree.name))
        except OSError:
            continue
    return pids


class Inscription:
    """The record of one LibreOffice draft started, locked while draft lives."""

    def __init__(self, marque: str, profil: Path | None):
        self.chemin: Path | None = None
        self.fd: int | None = None
        registre = _registre()
        if registre is None:
            return  # unrecorded: only a killed run would then leave it behind
        try:
            self.chemin = registre / f"{marque}.json"
            self.fd = os.open(self.chemin, os.O_RDWR | os.O_CREAT | os.O_EXCL, 0o600)
            fcntl.flock(self.fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            os.write(self.fd, json.dumps({"marque": marque, "profil": str(profil) if profil else None}).encode())
        except OSError:
            self.retirer()

    def retirer(self) -> None:
        if self.fd is not None:
            try:
                if self.chemin is not None:
                    os.unlink(self.chemin)
            except OSError:
                pass
            os.close(self.fd)
            self.fd = None


def recolter_abandonnes() -> int:
    """Kill the LibreOffice processes of draft runs that died without stopping them, and
    remove their profile folders; returns how many processes were killed."""
    tues = 0
    registre = _registre()
    for fichier in sorted(registre.glob("*.json")) if registre is not None else ():
        try:
            fd = os.open(fichier, os.O_RDWR | os.O_NOFOLLOW)
        except OSError:
            continue
        try:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                continue  # its run is alive
            try:
                donnees = json.loads(fichier.read_text() or "{}")
            except (OSError, ValueError):
                donnees = {}
            marque = donnees.get("marque")
            if isinstance(marque, str) and len(marque) >= 16:
                for pid in _porteurs(marque):
                    try:
                        os.kill(pid, signal.SIGKILL)
                        tues += 1
                    except OSError:
                        pass
            profil = donnees.get("profil")
            if isinstance(profil, str) and Path(profil).parent == Path(tempfile.gettempdir()) \
                    and Path(profil).name.startswith(("draft-lo-", "draft-profil-")):
                shutil.rmtree(profil, ignore_errors=True)
            try:
                fichier.unlink()
            except OSError:
                pass
        finally:
            os.close(fd)
    return tues


def _demarrer(cmd: list[str], profil: Path | None, **options) -> tuple[subprocess.Popen, Inscription]:
    marque = secrets.token_hex(16)
    env = {**environnement_soffice(), VARIABLE_MARQUE: marque}
    inscription = Inscription(marque, profil)  # before the start: a kill in between leaves nothing unrecorded
    try:
        proc = subprocess.Popen(cmd, stdin=subprocess.DEVNULL, start_new_session=True, env=env, **options)
    except BaseException:
        inscription.retirer()
        raise
    return proc, inscription


def _arreter(proc: subprocess.Popen) -> None:
    """Kill soffice and everything it started (soffice.bin): SIGKILL to the process group,
    which no process can ignore. The group is still ours: its leader is not yet reaped."""
    if proc.returncode is None:
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
    try:
        proc.communicate(timeout=5)
    except subprocess.TimeoutExpired:
        # A process outside the group still holds the pipes: stop reading, reap soffice.
        for flux in (proc.stdout, proc.stderr):
            if flux:
                flux.close()
        proc.wait()


def _est_pdf(chemin: Path) -> bool:
    """A whole PDF: the header, and the end-of-file marker a cut-short write lacks."""
    try:
        with chemin.open("rb") as f:
            debut = f.read(5)
            f.seek(0, os.SEEK_END)
            f.seek(max(0, f.tell() - 1024))
            fin = f.read()
    except OSError:
        return False
    return debut == b"%PDF-" and b"%%EOF" in fin


def _cause(code: int) -> str:
    if code < 0:
        try:
            nom = signal.Signals(-code).name
        except ValueError:
            nom = str(-code)
        return f"LibreOffice s'est arrêté brutalement (signal {nom})"
    return f"LibreOffice s'est arrêté en erreur (code de sortie {code})"


def _liste(noms: list[str]) -> str:
    return noms[0] if len(noms) == 1 else ", ".join(noms[:-1]) + " et " + noms[-1]


OPTIONS = ("--headless", "--norestore", "--nologo", "--nodefault", "--nolockcheck")


@functools.cache
def _version_installee(soffice: str) -> str | None:
    """The installation's "7.4", read in its share/registry/main.xcd (a few ms; a process
    asking soffice --version would cost a tenth of a second). None where it is not found."""
    programme = Path(os.path.realpath(soffice)).parent
    for xcd in (programme.parent / "share" / "registry" / "main.xcd",          # Linux, Windows
                programme.parent / "Resources" / "registry" / "main.xcd"):    # macOS bundle
        try:
            texte = xcd.read_bytes()
        except OSError:
            continue
        debut = texte.find(b'<prop oor:name="ooSetupVersion">')
        trouve = re.match(rb'<prop oor:name="ooSetupVersion">\s*<value>(\d+\.\d+)</value>',
                          texte[debut:debut + 200]) if debut >= 0 else None
        if trouve:
            return trouve.group(1).decode()
    return None


def preparer_profil(profil: Path, soffice: str) -> None:
    """Write into a new profile folder that it has already run this LibreOffice version.

    At every start, LibreOffice runs its graphics render tests (about a second of CPU,
    to decide whether Skia can draw on screen) when the profile's last-used version is
    older than its own. A headless run never records that version (a profile after a
    conversion holds none), so the tests ran on every call, even with a reused profile.
    A one-file conversion on this machine: 1.8 s -> 0.65 s with a new profile, 1.35 s ->
    0.30 s with a reused one. A profile LibreOffice has already written is left as it is;
    an unknown version writes nothing (slower, not wrong)."""
    fichier = Path(profil) / "user" / "registrymodifications.xcu"
    version = _version_installee(soffice)
    if version is None or fichier.exists():
        return
    try:
        fichier.parent.mkdir(parents=True, exist_ok=True)
        fichier.write_text(
            '<?xml version="1.0" encoding="UTF-8"?>\n'
            '<oor:items xmlns:oor="http://openoffice.org/2001/registry" '
            'xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">\n'
            '<item oor:path="/org.openoffice.Setup/Product"><prop oor:name="ooSetupLastVersion" oor:op="fuse">'
            f'<value>{version}</value></prop></item>\n'
            '</oor:items>\n', encoding="utf-8")
    except OSError:
        pass  # LibreOffice then says itself what is wrong with the folder


class LibreOfficeLance:
    """soffice started before its documents exist, so that its start (over half a second)
    runs on one core while draft imports, analyses and renders on the other.

    It opens no document: the conversion call made later with the same profile finds it
    through LibreOffice's single-instance pipe, hands it the files, waits until they are
    converted, and this instance then exits by itself. If it is not ready in time, or has
    died, the call converts the files itself: either way the PDFs come from one call."""

    def __init__(self) -> None:
        soffice = trouver_soffice()
        if soffice is None:
            raise LibreOfficeAbsent()
        self._temporaire = tempfile.TemporaryDirectory(prefix="draft-lo-", ignore_cleanup_errors=True)
        self.profil = Path(self._temporaire.name)
        preparer_profil(self.profil, soffice)
        # A file, not a pipe: nobody reads its messages until the end, and a full pipe blocks.
        self._messages = tempfile.TemporaryFile()
        self.proc, self.inscription = _demarrer([soffice, f"-env:UserInstallation={self.profil.as_uri()}", *OPTIONS],
                                                self.profil, stdout=subprocess.DEVNULL, stderr=self._messages)

    def messages(self) -> str:
        self._messages.seek(0)
        return self._messages.read().decode("utf-8", "replace")

    def finir(self, attente: float = 5) -> str:
        """After the conversion call: let it exit (it does once the files are done), clean
        up, and return what it printed."""
        try:
            self.proc.wait(timeout=attente)
        except subprocess.TimeoutExpired:
            pass
        messages = self.messages()
        self.arreter()
        return messages

    def arreter(self) -> None:
        _arreter(self.proc)
        self.inscription.retirer()
        self._messages.close()
        self._temporaire.cleanup()


class Conversion:
    """One soffice call under way: started when made, collected by attendre(), stopped by
    arreter(). Between the two, draft does the work that does not need the PDFs.

    ``lance``: a LibreOffice started earlier (LibreOfficeLance), which does the work."""

    def __init__(self, docx: list[Path], dossier_sortie: Path, delai: float | None = None,
                 profil: Path | None = None, lance: LibreOfficeLance | None = None):
        soffice = trouver_soffice()
        if soffice is None:
            if lance is not None:
                lance.arreter()
            raise LibreOfficeAbsent()
        self.delai = delai if delai is not None else delai_conversion()
        self.docx, self.dossier_sortie, self.lance = list(docx), dossier_sortie, lance
        # A profile of its own only when none is given (a killed run's is removed by the next).
        self._temporaire = tempfile.TemporaryDirectory(prefix="draft-lo-", ignore_cleanup_errors=True) \
            if lance is None and profil is None else None
        if lance is not None:
            profil = lance.profil
        elif profil is None:
            assert self._temporaire is not None
            profil = Path(self._temporaire.name)
        preparer_profil(profil, soffice)
        cmd = [
            soffice,
            f"-env:UserInstallation={Path(profil).as_uri()}",
            *OPTIONS,
            "--convert-to", "pdf", "--outdir", str(dossier_sortie),
            *map(str, self.docx),
        ]
        self.debut = time.monotonic()
        # Its own session: a Ctrl-C in the terminal reaches draft, which stops soffice itself.
        self.proc, self.inscription = _demarrer(cmd, Path(profil), stdout=subprocess.PIPE, stderr=subprocess.PIPE)

    def arreter(self) -> None:
        _arreter(self.proc)
        self.inscription.retirer()
        if self.lance is not None:
            self.lance.arreter()
        if self._temporaire is not None:
            self._temporaire.cleanup()

    def attendre(self) -> list[Path]:
        """The PDFs, in the order of the DOCX, each checked; else one sentence saying what failed."""
        proc, delai = self.proc, self.delai
        try:
            _, err = proc.communicate(timeout=max(0.0, delai - (time.monotonic() - self.debut)))
        except subprocess.TimeoutExpired:
            self.arreter()
            raise ConversionExpiree(
                f"LibreOffice ne répondait plus : il a été arrêté après {_secondes(delai)} secondes, avant d'avoir "
                f"écrit les PDF (délai réglable par la variable {VARIABLE_DELAI})."
            ) from None
        except BaseException:
            # Ctrl-C (KeyboardInterrupt) or any other error while waiting: never leave soffice behind.
            self.arreter()
            raise
        self.inscription.retirer()
        if self._temporaire is not None:
            self._temporaire.cleanup()
        messages = err.decode("utf-8", "replace")
        if self.lance is not None:
            messages += self.lance.finir()  # a forwarded file's error is printed there
        sorties = [self.dossier_sortie / (d.stem + ".pdf") for d in self.docx]
        manquants = [s.name for s in sorties if not s.exists()]
        invalides = [s.name for s in sorties if s.exists() and not _est_pdf(s)]
        if manquants or invalides:
            constats = []
            if manquants:
                constats.append(f"n'a pas produit {_liste(manquants)}")
            if invalides:
                constats.append(f"a écrit {_liste(invalides)}, qui n'{'est' if len(invalides) == 1 else 'sont'} "
                                f"pas un PDF complet")
            debut = _cause(proc.returncode) + " et " if proc.returncode else "LibreOffice "
            detail = " ".join(l.strip() for l in messages.splitlines() if "rror" in l)
            conseil = (f" Si cela se répète, {VARIABLE_JEMALLOC}=non fait tourner LibreOffice sans jemalloc."
                       if proc.returncode < 0 and _jemalloc_actif() else "")
            raise ConversionError(debut + " et ".join(constats) + (f" ({detail})" if detail else "") + "." + conseil)
        return sorties


def docx_vers_pdf(docx: list[Path], dossier_sortie: Path, delai: float | None = None,
                  profil: Path | None = None) -> list[Path]:
    """Convert the files in one soffice call; return the PDFs in the same order.

    ``profil``: a profile folder to reuse across calls (a batch job); by default a fresh one."""
    return Conversion(docx, dossier_sortie, delai, profil).attendre()


# soffice silently drops files past about 250 arguments: stay far below. A job's files
# are split in equal calls of at most this many (150 files: two calls of 75, not 60+60+30):
# each call pays LibreOffice's start once.
FICHIERS_PAR_APPEL = 100
DELAI_PAR_FICHIER = 10   # seconds added to the limit for each file of a call


def parts_egales(fichiers: list, maximum: int = FICHIERS_PAR_APPEL) -> list[list]:
    """The files in as few calls as the maximum allows, of equal sizes."""
    if not fichiers:
        return []
    taille = math.ceil(len(fichiers) / math.ceil(len(fichiers) / maximum))
    return [fichiers[i:i + taille] for i in range(0, len(fichiers), taille)]


def convertir_lot(docx: list[Path], profil: Path, delai: float | None = None
                  ) -> dict[Path, Path | ConversionError]:
    """Convert many DOCX from many cases with one LibreOffice profile, in calls of at most
    FICHIERS_PAR_APPEL files: each PDF lands beside its DOCX, or its error is returned.

    Cases share file names (requete.docx): each call works on uniquely named links in a
    staging folder. A PDF missing after a call is tried once more, alone with the others
    that failed, before it is reported; one bad file never fails the others.
    """
    resultats: dict[Path, Path | ConversionError] = {}
    base = delai if delai is not None else delai_conversion()
    with tempfile.TemporaryDirectory(prefix="draft-lot-", ignore_cleanup_errors=True) as dossier_atelier:
        atelier = Path(dossier_atelier)
        noms = {d: f"{i:05d}-{d.name}" for i, d in enumerate(docx)}
        for d, nom in noms.items():
            lien = atelier / nom
            try:
                os.link(d, lien)
            except OSError:
                shutil.copyfile(d, lien)
        a_faire = list(docx)
        for essai in (1, 2):
            echecs: list[Path] = []
            for i, appel in enumerate(parts_egales(a_faire)):
                sortie = atelier / f"pdf-{essai}-{i}"
                sortie.mkdir()
                try:
                    docx_vers_pdf([atelier / noms[d] for d in appel], sortie,
                                  delai=base + DELAI_PAR_FICHIER * len(appel), profil=profil)
                    erreur = None
                except LibreOfficeAbsent:
                    raise
                except ConversionError as e:
                    erreur = e  # some PDFs may still be there: keep them, retry the others
                for d in appel:
                    pdf = sortie / (Path(noms[d]).stem + ".pdf")
                    if pdf.exists() and _est_pdf(pdf):
                        cible = d.with_suffix(".pdf")
                        shutil.move(pdf, cible)
                        resultats[d] = cible
                    else:
                        echecs.append(d)
                        cause = f" ({erreur.message})" if erreur is not None and essai == 2 else ""
                        resultats[d] = ConversionError(f"LibreOffice n'a pas produit {d.stem}.pdf, même au second "
                                                       f"essai{cause}.")
            a_faire = echecs
            if not a_faire:
                break
    return resultats
