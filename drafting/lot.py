"""Many cases in one run (`draft lot`, `draft refere A.toml B.toml …`).

Each case is drafted as `draft refere` drafts it, in its own folder, and one bad case
never stops the others. The work is shared among N jobs (default: the number of cores),
each a process with its own LibreOffice profile: a job renders its cases' DOCX, converts
them all in a few soffice calls, then stamps the pièces and finishes each dossier.
Starting LibreOffice costs over half a second; converting one more file in the same
call, about a tenth: that is where the speed comes from. A converting LibreOffice keeps
its core busy on its own (98 % measured), so a job does its Python work before and after
the calls, not beside them: overlapping the two, wave by wave, gained nothing measurable.
"""

from __future__ import annotations

import os
import re
import tempfile
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
import multiprocessing
from multiprocessing import Manager
from pathlib import Path
from collections.abc import Callable

from .errors import DossierBloque, DraftError, OutputError, erreur_inattendue
from .sortie import dossier_des_copies


@dataclass
class Issue:
    """How one case ended, for the summary table."""

    dossier: str                 # the case file, as given
    sortie: str
    statut: str                  # "écrit" | "bloqué" | "erreur"
    code: int = 0
    procedure: str = ""
    tribunal: str = ""
    pieces: int = 0
    alertes: int = 0
    message: str = ""
    avertissements: list[str] = field(default_factory=list)


def trouver_cas(racine: Path | str) -> list[Path]:
    """Every dossier.toml under racine, in order (golden files' folders left out): the cases
    of `draft lot` and `draft agenda`."""
    # os.walk follows links to case folders (rglob does not, before Python 3.13).
    return sorted(Path(dossier) / "dossier.toml" for dossier, _, fichiers in os.walk(racine, followlinks=True)
                  if "dossier.toml" in fichiers and "attendu" not in Path(dossier).parts)


def sorties_uniques(cas: list[Path], racine: Path) -> list[Path]:
    """One output folder per case, named after the case's folder, never twice the same."""
    # Compared without case: on a Mac or a shared Windows drive, A and a are one folder. A
    # name taken, by another case or by a suffix given earlier, gets the next free suffix.
    pris: set[str] = set()
    out = []
    for c in cas:
        nom = c.resolve().parent.name if c.name == "dossier.toml" else c.stem
        candidat, n = nom, 2
        while candidat.casefold() in pris:
            candidat, n = f"{nom}-{n}", n + 1
        pris.add(candidat.casefold())
        out.append(racine / candidat)
    return out


def verifier_racine(cas: list[Path], racine: Path) -> None:
    """The folder that receives one output folder per case never holds the cases themselves
    (`draft lot DIR -o DIR`): each output would land on its case's own folder."""
    r = Path(racine).resolve()
    for c in cas:
        if Path(c).resolve().is_relative_to(r):
            raise OutputError(f"le dossier de sortie « {racine} » contient les dossiers à rédiger ({c}) : draft "
                              f"n'écrit jamais à la place d'un dossier de cas ; choisissez un autre dossier de sortie.")


def _issue(chemin: Path, sortie: Path, res=None, erreur: DraftError | None = None) -> Issue:
    i = Issue(str(chemin), str(sortie), "écrit")
    if res is not None:
        a = res.analyse
        i.procedure, i.tribunal, i.pieces = a.procedure, a.juridiction.tribunal, res.pieces
        i.alertes = sum(1 for al in a.alertes if al.niveau != "info")
        i.avertissements = list(res.avertissements)
        from .pipeline import annonce_bibliotheque
        if (ligne := annonce_bibliotheque(res.bibliotheque)) is not None:
            i.avertissements.insert(0, ligne)
        if res.copies:
            i.avertissements.append("fichiers modifiés ou ajoutés à la main, gardés dans "
                                    f"{sortie}/{dossier_des_copies(res.copies)}/")
    if erreur is not None:
        i.statut = "bloqué" if isinstance(erreur, DossierBloque) else "erreur"
        i.code, i.message = erreur.exit_code, erreur.message
    return i


def _job(travaux: list[tuple[str, str]], options: dict, file_progression) -> list[Issue]:
    """One job: prepare its cases, convert all their DOCX with one profile, finish them."""
    from . import convert, pipeline
    from .convert import LibreOfficeAbsent

    issues: dict[int, Issue] = {}
    prets: list[tuple[int, pipeline.Travail]] = []
    for k, (chemin, sortie) in enumerate(travaux):
        try:
            prets.append((k, pipeline.preparer(chemin, sortie, **options)))
        except DraftError as e:
            issues[k] = _issue(Path(chemin), Path(sortie), erreur=e)
            file_progression.put(1)
        except Exception as e:  # a failing case never stops the others (preparer cleaned up after itself)
            issues[k] = _issue(Path(chemin), Path(sortie), erreur=erreur_inattendue(e))
            file_progression.put(1)
    pdfs: dict[Path, Path | convert.ConversionError] = {}
    absent = None
    docx = [d for _, t in prets for d in t.docx] if options.get("pdf", True) else []
    if docx:
        with tempfile.TemporaryDirectory(prefix="draft-profil-", ignore_cleanup_errors=True) as profil:
            try:
                pdfs = convert.convertir_lot(docx, Path(profil))
            except LibreOfficeAbsent as e:
                absent = e
            except Exception as e:
                # The conversion of the whole job failed: each of its cases says so, and the
                # jobs of other cases go on.
                erreur = e if isinstance(e, DraftError) else erreur_inattendue(e)
                for k, t in prets:
                    pipeline.abandonner(t)
                    issues[k] = _issue(Path(travaux[k][0]), Path(travaux[k][1]), erreur=erreur)
                    file_progression.put(1)
                prets = []
            except BaseException:
                for _, t in prets:
                    pipeline.abandonner(t)
                raise
    for k, t in prets:
        chemin, sortie = travaux[k]
        try:
            pipeline.tamponner_pieces(t)
            erreurs = [err for d in t.docx if isinstance(err := pdfs.get(d), DraftError)]
            if erreurs:
                pipeline.abandonner(t)
                raise erreurs[0]
            lus = {d.stem: p.read_bytes() for d in t.docx if isinstance(p := pdfs.get(d), Path)}
            res = pipeline.terminer(t, lus, absent)
            issue = _issue(Path(chemin), Path(sortie), res)
            if absent is not None:
                issue.statut, issue.code, issue.message = "erreur", absent.exit_code, absent.message
            issues[k] = issue
        except DossierBloque as e:
            issues[k] = _issue(Path(chemin), Path(sortie), t.res, e)
        except DraftError as e:
            pipeline.abandonner(t)  # already done on most roads; harmless twice
            issues[k] = _issue(Path(chemin), Path(sortie), erreur=e)
        except Exception as e:
            pipeline.abandonner(t)
            issues[k] = _issue(Path(chemin), Path(sortie), erreur=erreur_inattendue(e))
        file_progression.put(1)
    return [issues[k] for k in range(len(travaux))]




_TABLES_LOURDES = re.compile(rb"^[ \t]*\[\[[ \t]*(?:pieces|tentatives)[ \t]*\]\]", re.MULTILINE)


def _poids(chemin: Path) -> int:
    """A case's share of the work, guessed from its file without parsing it (the parent
    process does this for every case before any job starts): each pièce is stamped and
    merged, each attempt is a row of the petition's tables. An unreadable file weighs 1
    (it fails at once when drafted)."""
    try:
        return 1 + len(_TABLES_LOURDES.findall(Path(chemin).read_bytes()))
    except (OSError, ValueError):  # ValueError: a path the system cannot even name
        return 1


def repartir(poids: list[int], jobs: int) -> list[list[int]]:
    """The cases' indices shared among the jobs so that their loads are close: heaviest
    first, each to the job with the least so far. With round robin, cases drafted from a
    few models in turn fell into the same jobs (two jobs, four models: one got both heavy
    ones and finished seconds after the other)."""
    groupes: list[list[int]] = [[] for _ in range(jobs)]
    charges = [0] * jobs
    for k in sorted(range(len(poids)), key=lambda k: -poids[k]):
        j = charges.index(min(charges))
        groupes[j].append(k)
        charges[j] += poids[k]
    return [sorted(g) for g in groupes]


def rediger_lot(cas: list[Path], racine: Path, *, jobs: int | None = None, progression: Callable[[int], None] | None = None,
                **options) -> list[Issue]:
    """Draft every case into racine/<case folder>; return how each ended, in the given order."""
    verifier_racine(cas, racine)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(cas)))
    sorties = sorties_uniques(cas, Path(racine))
    travaux = [(str(c), str(s)) for c, s in zip(cas, sorties)]
    groupes = repartir([_poids(c) for c in cas], jobs)
    issues: list[Issue | None] = [None] * len(travaux)
    with Manager() as m:
        file_progression = m.Queue()
        pool = ProcessPoolExecutor(max_workers=jobs)
        try:
            futures = [(g, pool.submit(_job, [travaux[k] for k in g], options, file_progression)) for g in groupes if g]
            faits = 0
            while faits < len(travaux):
                if all(f.done() for _, f in futures) and file_progression.empty():
                    break
                try:
                    faits += file_progression.get(timeout=0.2)
                    if progression:
                        progression(1)
                except Exception:
                    continue
            for g, f in futures:
                try:
                    resultats = f.result()
                except Exception as e:  # the job's process died (killed, out of memory): its cases say so
                    resultats = [_issue(Path(travaux[k][0]), Path(travaux[k][1]), erreur=erreur_inattendue(e))
                                 for k in g]
                for k, issue in zip(g, resultats):
                    issues[k] = issue
        except BaseException:
            # Ctrl-C or a kill: the jobs stop too (each abandons its temporary folders and
            # stops its LibreOffice, as a single run does), rather than finish unseen.
            pool.shutdown(wait=False, cancel_futures=True)
            for job in multiprocessing.active_children():
                job.terminate()
            raise
        pool.shutdown()
    return [i for i in issues if i is not None]
