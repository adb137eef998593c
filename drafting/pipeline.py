"""The run: load → analyse → number → render → convert → assemble, then move into place.

Everything is written into a temporary folder beside the destination and renamed into
place only once complete: a failed run leaves no half dossier, and ``--force``
replaces an existing dossier only with a finished one.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import fcntl
import glob
import json
import os
import shutil
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import bundle, convert, lettres, rapport, reproductible
from . import sortie as sortie_
from .analysis import Analysis, analyse
from .case import Case, load_case
from .citations import Citeur
from .documents import BORDEREAU, DOCUMENTS, LETTRE, REQUETE, Document
from .paths import Sources, empreinte_bibliotheque, sources_du_cas
from .errors import ConversionError, DossierBloque, OutputError, raison_systeme
from .verrou import Verrou
from .assainissement import resume as resume_des_retraits
from .exhibits import Piece, PieceRendue, largeur_numeros, nom_fichier, nombre_de_pages, numeroter, piece_tamponnee
from .convert import LibreOfficeAbsent
from .render.clauses import avec_aides, charger, pieces_du_contexte
from .render.contexte import contexte
from .render.docx import rediger_document
from .rules import libelles, valeur

if TYPE_CHECKING:
    from pypdf import PdfWriter


@dataclass
class Resultat:
    dossier: Path
    analyse: Analysis
    fichiers: list[str] = field(default_factory=list)
    avertissements: list[str] = field(default_factory=list)
    pages: int | None = None
    pieces: int = 0
    sans_libreoffice: LibreOfficeAbsent | None = None
    projet: bool = False
    copies: list[str] = field(default_factory=list)   # the lawyer's files kept in modifications/
    clauses_retenues: set[str] = field(default_factory=set)   # ids of the clauses whose condition held
    clauses_imprimees: set[str] = field(default_factory=set)  # … and whose text was not empty
    bibliotheque: dict[str, dict[str, str]] = field(default_factory=dict)  # a library not bundled: path, hash


_VERROUS: dict[Path, int] = {}  # temp folder -> fd holding its flock while the run lives


def _nettoyer_abandonnes(parent: Path, nom: str) -> None:
    """Remove the temp folders of runs that were killed (SIGKILL, SIGTERM, power cut): the
    kernel released their lock when they died; a live run's folder stays locked."""
    for reste in parent.glob(f".{glob.escape(nom)}.en-cours-*"):
        try:
            fd = os.open(reste, os.O_RDONLY | os.O_DIRECTORY)
        except OSError:
            continue
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            shutil.rmtree(reste, ignore_errors=True)
        except BlockingIOError:
            pass  # another draft run is writing there
        finally:
            os.close(fd)


def preparer_sortie(sortie: Path, *, force: bool, garder_copie: bool, seuls: set[str] | None,
                     fichier_dossier: Path, sources: list[Path], requerant: str
                     ) -> tuple[Path, Verrou, dict | None, list[str]]:
    """Check that draft may write ``sortie``, lock it against another run, and make the
    temporary folder beside it: (temporary folder, lock, manifest of the folder replaced,
    the lawyer's files kept from a run killed mid-swap)."""
    sortie_.refuser_si_dangereux(sortie, fichier_dossier, sources)
    parent = sortie.resolve().parent
    try:
        parent.mkdir(parents=True, exist_ok=True)
    except OSError as e:
        raise OutputError(f"impossible d'écrire dans « {parent} » ({raison_systeme(e)}).") from None
    verrou = verrouiller_sortie(sortie)
    try:
        recuperes = sortie_.recuperer(parent / sortie.name)
        manifeste = sortie_.autoriser(sortie, force=force, garder_copie=garder_copie, seuls=seuls,
                                     requerant=requerant)
        tmp = dossier_temporaire(parent / sortie.name)
        return tmp, verrou, manifeste, recuperes
    except OSError as e:
        verrou.liberer()
        raise OutputError(f"impossible d'écrire dans « {parent} » ({raison_systeme(e)}).") from None
    except BaseException:
        verrou.liberer()
        raise


def verrouiller_sortie(sortie: Path) -> Verrou:
    """The lock of an output folder: one draft at a time writes it."""
    return Verrou(sortie.resolve().parent / sortie.name,
                  occupe=f"un autre draft écrit déjà « {sortie} » ; attendez qu'il ait fini, puis relancez.").prendre()


def dossier_temporaire(sortie: Path) -> Path:
    """The temporary folder beside ``sortie`` (absolute) where a run writes, locked while the
    run lives; the folders of killed runs are removed first. Release it with liberer()."""
    _nettoyer_abandonnes(sortie.parent, sortie.name)
    # Same parent, same file system: the final rename is atomic. Locked before it gets
    # its .en-cours- name, so that no other run ever sees it unlocked while it lives.
    prepa = Path(tempfile.mkdtemp(prefix=f".{sortie.name}.prepa-", dir=sortie.parent))
    # mkdtemp makes it 0700: the dossier gets the user's usual rights, for colleagues.
    os.chmod(prepa, 0o777 & ~sortie_.umask())
    fd = os.open(prepa, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
    tmp = prepa.with_name(prepa.name.replace(".prepa-", ".en-cours-", 1))
    prepa.rename(tmp)
    _VERROUS[tmp] = fd
    return tmp


def liberer(tmp: Path) -> None:
    fd = _VERROUS.pop(tmp, None)
    if fd is not None:
        os.close(fd)


@dataclass
class Travail:
    """One case between the stages: what is drafted before LibreOffice and what is left after."""

    case: Case
    analyse: Analysis
    sortie: Path
    tmp: Path
    res: Resultat
    bloque: bool
    lettre_seule: bool
    pdf: bool
    verrou: Verrou | None = None
    remplace: dict | None = None       # manifest of the dossier this run replaces
    seuls: set[str] | None = None      # only these files of that dossier are replaced (draft lettre)
    lettre: Document = LETTRE          # the letter drafted alone: the dossier's, or another (draft lettre --type)
    docx: list[Path] = field(default_factory=list)
    rendues: list = field(default_factory=list)       # PieceRendue, known before stamping
    tamponnees: list = field(default_factory=list)    # (stamped bytes, their PdfWriter, PieceRendue)
    retraits: dict[int, list[str]] = field(default_factory=dict)  # pièce number -> what sanitising removed


def tamponner_pieces(t: Travail) -> None:
    """Stamp every pièce of a case ("Pièce n° N – p. x/y"); an unusable one stops the case."""
    try:
        for pr in t.rendues:
            retraits = t.retraits.setdefault(pr.piece.numero, [])
            data, ecrivain = piece_tamponnee(t.case, pr.piece, retraits)
            t.tamponnees.append((data, ecrivain, pr))
        if (ligne := resume_des_retraits(t.retraits)) is not None:
            t.res.avertissements.append(ligne)
    except BaseException:
        abandonner(t)
        raise


def preparer(chemin: str | Path | Case, sortie: str | Path, *, date: dt.date | None = None,
             procedure: str | None = None, pdf: bool = True, force: bool = False,
             garder_copie: bool = False, lettre_seule: bool = False, projet: bool = False,
             clauses: Path | None = None, modeles: Path | None = None, pieces_hors_dossier: bool = False,
             type_lettre: str = lettres.PAR_DEFAUT) -> Travail:
    """Everything up to the DOCX, in a temporary folder: load, analyse, number (with page
    counts), render. The pièces are stamped afterwards (tamponner_pieces), while LibreOffice converts.
    ``chemin``: the case file, or a case already loaded (with its date and procedure).
    ``type_lettre``: with ``lettre_seule``, the letter drafted (draft lettre --type)."""
    case = chemin if isinstance(chemin, Case) else load_case(chemin, date=date, procedure=procedure,
                                                             pieces_hors_dossier=pieces_hors_dossier)
    biblio = sources_du_cas(case.fichier, clauses, modeles)
    a = analyse(case)
    pieces = numeroter(case)
    sortie = Path(sortie)
    if sortie.name in ("", ".", "..") or str(sortie).startswith("~"):
        sortie = sortie_.normaliser(sortie)  # `-o .`: the lock and the rename need a real name
    doc_lettre = lettres.document_de_la_lettre(type_lettre)
    seuls = {f"{doc_lettre.fichier}.docx", f"{doc_lettre.fichier}.pdf"} if lettre_seule else None
    avertis = lettres.verifier_lettre(type_lettre, case, a) if lettre_seule else []
    if lettre_seule and doc_lettre is LETTRE and not (a.lettre_utile or a.lettre.sur_demande):
        raise DossierBloque(f"aucune lettre n'est rédigée pour ce dossier. {_pourquoi_pas_de_lettre(a)}")
    convert.recolter_abandonnes()
    tmp, verrou, remplace, recuperes = preparer_sortie(
        sortie, force=force, garder_copie=garder_copie, seuls=seuls, fichier_dossier=case.fichier,
        sources=[p.source for p in pieces], requerant=identite(case))
    res = Resultat(dossier=sortie, analyse=a, pieces=len(pieces), projet=projet, copies=recuperes,
                   bibliotheque=bibliotheque_utilisee(biblio, case.dossier_dir), avertissements=avertis)
    # A blocking alert: no petition, but the letter, which is the right next step.
    bloque = a.bloquant and not lettre_seule and not projet
    t = Travail(case, a, sortie, tmp, res, bloque, lettre_seule or bloque, pdf, verrou, remplace, seuls, doc_lettre)
    try:
        if not lettre_seule:
            (tmp / "analyse.md").write_text(rapport.markdown(case, a), encoding="utf-8")
        # Only the letter of the analysis's choice: none where it would contradict the petition.
        if not (bloque and not a.lettre_utile):
            _rediger_docx(t, pieces, biblio, projet=projet)
    except BaseException:
        abandonner(t)
        raise
    return t


def abandonner(t: Travail) -> None:
    shutil.rmtree(t.tmp, ignore_errors=True)
    liberer(t.tmp)
    if t.verrou is not None:
        t.verrou.liberer()


def terminer(t: Travail, pdfs: dict[str, bytes] | None = None, sans_libreoffice: LibreOfficeAbsent | None = None
             ) -> Resultat:
    """After LibreOffice: Télérecours export, merged PDF, manifest; then move into place."""
    try:
        t.res.sans_libreoffice = sans_libreoffice
        if t.docx:
            _assembler(t, _figer(t, pdfs or {}))
        _manifeste(t)
        t.res.fichiers = sorted(p.relative_to(t.tmp).as_posix() for p in t.tmp.rglob("*") if p.is_file())
        copies, avertissements = mettre_en_place(t.tmp, t.sortie, t.remplace, seuls=t.seuls)
        t.res.copies += copies
        t.res.avertissements += avertissements
    except BaseException:
        shutil.rmtree(t.tmp, ignore_errors=True)
        raise
    finally:
        liberer(t.tmp)
        if t.verrou is not None:
            t.verrou.liberer()
    if t.bloque:
        a = t.analyse
        alertes = " ".join(al.message + (f" ({al.fondement})" if al.fondement else "")
                           for al in a.alertes if al.niveau == "bloquant")
        quand = f" {a.depot_conseil}" if a.depot_conseil else ""
        ecrits = "La lettre à la préfecture et l'analyse sont écrites" if a.lettre_utile else "L'analyse est écrite"
        raise DossierBloque(f"aucune requête n'a été rédigée. {alertes}{quand} {ecrits} dans {t.sortie}/ ; "
                            f"--projet rédige quand même un projet de requête.")
    return t.res


@contextlib.contextmanager
def en_cours(tmp: Path, verrou: Verrou, lance: convert.LibreOfficeLance | None = None) -> Iterator[None]:
    """The life of a run's temporary folder: removed if the run fails; released, with the output
    folder's lock and LibreOffice started ahead, whatever happens."""
    try:
        yield
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        liberer(tmp)
        verrou.liberer()
        if lance is not None:
            lance.arreter()


def installer_le_dossier(tmp: Path, sortie: Path, remplace: dict | None) -> tuple[list[str], list[str], list[str]]:
    """The files the run wrote (relative to its folder), then the folder swapped in: the
    lawyer's files kept and the warnings (mettre_en_place)."""
    fichiers = sorted(f.relative_to(tmp).as_posix() for f in tmp.rglob("*") if f.is_file())
    copies, avertissements = mettre_en_place(tmp, sortie, remplace)
    return fichiers, copies, avertissements


def mettre_en_place(tmp: Path, sortie: Path, remplace: dict | None, *, seuls: set[str] | None = None
                    ) -> tuple[list[str], list[str]]:
    """Swap the finished folder in (sortie.installer): the lawyer's files kept (relative to the
    new folder), and a warning when the old folder could not be removed entirely."""
    try:
        return sortie_.installer(tmp, sortie, remplace, seuls=seuls), []
    except sortie_.ResteAncien as e:
        # The new dossier is in place and the lawyer's files are kept: a warning, not a failure.
        return e.gardes, [e.message]
    except OSError as e:
        raise OutputError(f"impossible de mettre le dossier en place dans « {sortie} » ({e.strerror}) ; "
                          f"l'ancien dossier est resté tel quel.") from None


def _figer(t: Travail, pdfs: dict[str, bytes]) -> dict[str, bytes]:
    """LibreOffice's PDFs dated the drafting date, with an identifier drawn from their
    content instead of the time of the run: the same case gives the same files. Each is
    rewritten where LibreOffice left it, beside its DOCX."""
    figes = {}
    for nom, data in pdfs.items():
        figes[nom] = reproductible.figer_pdf(data, t.case.dossier.date)
        if figes[nom] is not data:
            (t.tmp / f"{nom}.pdf").write_bytes(figes[nom])
    return figes


def rediger_dossier(chemin: str | Path | Case, sortie: str | Path, *, date: dt.date | None = None,
                    procedure: str | None = None, pdf: bool = True, force: bool = False,
                    garder_copie: bool = False, lettre_seule: bool = False, projet: bool = False,
                    clauses: Path | None = None, modeles: Path | None = None,
                    lance: convert.LibreOfficeLance | None = None, pieces_hors_dossier: bool = False,
                    type_lettre: str = lettres.PAR_DEFAUT) -> Resultat:
    """Draft the dossier. ``projet`` drafts the petition even when blocked, marked on every page.
    ``clauses`` and ``modeles`` point to a firm's own library (else draft.toml, else the bundled one).
    ``lance``: LibreOffice started ahead by the caller; it converts the DOCX, and is stopped
    whatever happens."""
    pdfs: dict[str, bytes] = {}
    absent = None
    conversion = None
    t = None
    try:
        t = preparer(chemin, sortie, date=date, procedure=procedure, pdf=pdf, force=force, garder_copie=garder_copie,
                     lettre_seule=lettre_seule, projet=projet, clauses=clauses, modeles=modeles,
                     pieces_hors_dossier=pieces_hors_dossier, type_lettre=type_lettre)
        if pdf and t.docx:
            try:
                conversion = convert.Conversion(t.docx, t.tmp, lance=lance)
            except LibreOfficeAbsent as e:
                absent = e
        # LibreOffice runs on one core while the pièces are stamped on the other.
        tamponner_pieces(t)
        if conversion is not None:
            for chemin_pdf in attendre_conversion(conversion):
                pdfs[chemin_pdf.stem] = chemin_pdf.read_bytes()
    except BaseException:
        if conversion is not None:
            conversion.arreter()
        if t is not None:
            abandonner(t)
        raise
    finally:
        if lance is not None:
            lance.arreter()  # unused (no DOCX, --sans-pdf, an error) or already finished
    return terminer(t, pdfs, absent)


def attendre_conversion(conversion: convert.Conversion) -> list[Path]:
    """The PDFs of a conversion. The LibreOffice started ahead restarts once on a new profile
    (its first start syncs its extensions, then exits with code 81): files handed to it at
    that moment are lost. Once more then, in a call of its own. Each call stops its soffice
    on failure."""
    try:
        return conversion.attendre()
    except convert.ConversionExpiree:
        raise
    except ConversionError:
        if conversion.lance is None:
            raise
        return convert.Conversion(conversion.docx, conversion.dossier_sortie).attendre()


def contexte_du_dossier(chemin: str | Path, *, date: dt.date | None = None, procedure: str | None = None,
                        clauses: Path | None = None) -> tuple[Sources, dict]:
    """What a clause sees for this case (for `draft clauses`): nothing is written."""
    case = load_case(chemin, date=date, procedure=procedure)
    a = analyse(case)
    biblio = sources_du_cas(case.fichier, clauses, None)
    bib = charger(biblio.clauses)
    ctx = contexte(case, a, [PieceRendue(p, 0, "") for p in numeroter(case)])
    return biblio, avec_aides(ctx, pieces_du_contexte(ctx), Citeur(bib.registre))


def _rediger_docx(t: Travail, pieces, biblio: Sources, *, projet: bool) -> None:
    case, a, tmp, res = t.case, t.analyse, t.tmp, t.res
    largeur = largeur_numeros(len(pieces))
    longueur = valeur("telerecours.nom_longueur_max")
    if not t.lettre_seule:
        # Page counts only: the stamping itself is done while LibreOffice converts (tamponner_pieces).
        t.rendues = [PieceRendue(p, nombre_de_pages(case, p), nom_fichier(p.numero, p.libelle, largeur, longueur))
                     for p in pieces]
    rendues = t.rendues or [PieceRendue(p, 0, "") for p in pieces]
    ctx = contexte(case, a, rendues, projet=projet)

    bib = charger(biblio.clauses)

    def document(doc: Document) -> bytes:
        modele = doc.modele(a.procedure)
        # A firm's template folder need not hold the other letters' templates: the bundled ones print them.
        modeles = biblio.modeles if biblio.modeles is None or doc in DOCUMENTS or (biblio.modeles / modele).is_file() else None
        data, rendu = rediger_document(doc.nom, modele, ctx, bib, modeles, jour=case.dossier.date)
        res.clauses_retenues |= {c.clause.id for c in rendu.choix if c.retenue}
        res.clauses_imprimees |= rendu.imprimees
        return data

    # The letter first (a fault in two documents is reported in the letter's), then the
    # others; the files in the order of the dossier.
    rendus = {t.lettre: document(t.lettre)} if t.lettre_seule else {LETTRE: document(LETTRE)} if a.lettre_utile else {}
    if not t.lettre_seule:
        rendus = {d: rendus[d] if d in rendus else document(d) for d in DOCUMENTS if d in rendus or d != LETTRE}
    for doc, data in rendus.items():
        (tmp / f"{doc.fichier}.docx").write_bytes(data)
        t.docx.append(tmp / f"{doc.fichier}.docx")


def _assembler(t: Travail, pdfs: dict[str, bytes]) -> None:
    case, a, tmp, res, tamponnees = t.case, t.analyse, t.tmp, t.res, t.tamponnees
    if t.lettre_seule:
        return
    if t.pdf:
        telerecours = tmp / "telerecours"
        telerecours.mkdir()
        limite = valeur("telerecours.taille_max")
        for data, _, pr in tamponnees:
            (telerecours / pr.fichier).write_bytes(data)
            if len(data) > limite:
                res.avertissements.append(
                    f"{pr.fichier} pèse {len(data) / 2**20:.1f} Mo : Télérecours citoyens refuse les fichiers de plus de {limite // 2**20} Mo.")
    if REQUETE.fichier in pdfs:
        (tmp / "telerecours" / fichier_requete(a.procedure)).write_bytes(pdfs[REQUETE.fichier])
        r = case.requerant
        titre = libelles()["dossier_complet"]["titre"].format(procedure=libelles()["procedure"][a.procedure],
                                                              civilite=r.civilite, nom=r.nom)
        auteur = case.conseil.nom if case.conseil else f"{r.prenoms} {r.nom}"
        complet, res.pages = assembler_dossier(
            documents_de_la_requete(a.procedure, pdfs[REQUETE.fichier], pdfs[BORDEREAU.fichier]),
            [(pr.piece, ecrivain) for _, ecrivain, pr in tamponnees], titre=titre, auteur=auteur, jour=case.dossier.date)
        (tmp / DOSSIER_COMPLET).write_bytes(complet)


DOSSIER_COMPLET = "dossier-complet.pdf"


def fichier_requete(procedure: str) -> str:
    """The petition's name in the Télérecours export (telerecours/Requete_refere_….pdf)."""
    return libelles()["dossier_complet"]["fichier_requete"][procedure]


def documents_de_la_requete(procedure: str, requete: bytes, bordereau: bytes) -> list[tuple[str, bytes, str]]:
    """The petition and the bordereau as the reading copy opens: (bookmark, PDF, page label prefix)."""
    lib = libelles()["dossier_complet"]
    return [(lib["requete"].format(procedure=libelles()["procedure"][procedure]), requete, "R-"),
            (lib["bordereau"], bordereau, "B-")]


def assembler_dossier(documents: Sequence[tuple[str, bytes, str]], pieces: Sequence[tuple[Piece, bytes | PdfWriter]],
                      *, titre: str, auteur: str, jour: dt.date) -> tuple[bytes, int]:
    """A reading copy (dossier-complet.pdf): the documents (bookmark, PDF, page label prefix),
    then every stamped pièce under one bookmark, its pages labelled P3-1, P3-2…; and its
    page count."""
    parties = [
        *[bundle.Partie(titre_doc, pdf, prefixe) for titre_doc, pdf, prefixe in documents],
        *[bundle.Partie(piece.titre_complet, pdf, f"P{piece.numero}-", groupe=libelles()["dossier_complet"]["pieces"])
          for piece, pdf in pieces],
    ]
    return bundle.assembler(parties, titre=titre, auteur=auteur, jour=jour)


def _pourquoi_pas_de_lettre(a: Analysis) -> str:
    """The analysis's own sentence on the letter (its alert), else the next step it advises."""
    codes = (f"lettre-{a.lettre.motif}", "route-refus", "route-rejet-implicite", "route-depot-en-cours")
    return next((al.message for c in codes for al in a.alertes if al.code == c), a.depot_conseil or "")


FICHIERS_LETTRE = (f"{LETTRE.fichier}.docx", f"{LETTRE.fichier}.pdf")


def bibliotheque_utilisee(biblio: Sources, base: Path) -> dict[str, dict[str, str]]:
    """The clause library and templates of a run when they are not the bundled ones (--clauses,
    --modeles, or a draft.toml that came with the case folder): where (relative to the case
    folder, never absolute) and the SHA-256 of their content, for the manifest and the run."""
    return {nom: {"dossier": os.path.relpath(chemin, base), "sha256": empreinte_bibliotheque(chemin)}
            for nom, chemin in (("clauses", biblio.clauses), ("modeles", biblio.modeles)) if chemin is not None}


def annonce_bibliotheque(bibliotheque: dict[str, dict[str, str]]) -> str | None:
    """The run's line that names a library not bundled with draft, or None."""
    noms = {"clauses": "clauses", "modeles": "modèles Word"}
    if not bibliotheque:
        return None
    return ("Bibliothèque qui n'est pas celle fournie avec draft : "
            + ", ".join(f"{noms[nom]} de « {b['dossier']} » (SHA-256 {b['sha256'][:16]}…)" for nom, b in bibliotheque.items())
            + ".")


def identite(case: Case) -> str:
    """Whose dossier a folder is: draft lettre never adds a letter to another client's."""
    r = case.requerant
    return f"{r.civilite} {r.prenoms} {r.nom}, né{libelles()['genre'][r.civilite]['e']} le {r.date_naissance.isoformat()}"


def _memes_fichiers(pieces: Any) -> str | None:
    """Two pièces that are one file (the same capture for two attempts, one PDF named
    twice): their SHA-256 are equal. Said, not refused: a lawyer may mean it."""
    par_empreinte: dict[str, list[int]] = {}
    for p in pieces:
        par_empreinte.setdefault(p["source_sha256"], []).append(p["numero"])
    groupes = [numeros for numeros in par_empreinte.values() if len(numeros) > 1]
    if not groupes:
        return None
    dits = " ; ".join(" et ".join(f"n° {n}" for n in numeros) for numeros in groupes)
    return (f"pièces faites du même fichier (même empreinte SHA-256) : {dits} ; vérifiez qu'une capture ou un "
            f"document n'a pas été donné deux fois.")


def _manifeste(t: Travail) -> None:
    """What was filed, from which evidence, and every file draft wrote: the hashes let a
    lawyer prove nothing changed, and let draft tell its own files from the lawyer's."""
    case, a, tmp = t.case, t.analyse, t.tmp
    base = case.dossier_dir
    manifeste = {
        "dossier": case.fichier.name,
        "date": a.date.isoformat(),
        "procedure": a.procedure,
        "tribunal": a.juridiction.tribunal,
        "requerant": identite(case),
        "pieces": [{**piece_au_manifeste(pr, base), "retire": t.retraits.get(pr.piece.numero, [])}
                   for _, _, pr in t.tamponnees],
        **({"bibliotheque": t.res.bibliotheque} if t.res.bibliotheque else {}),
    }
    if (ligne := _memes_fichiers(manifeste["pieces"])) is not None:
        t.res.avertissements.append(ligne)
    ecrire_manifeste(tmp, manifeste)


def piece_au_manifeste(pr: PieceRendue, base: Path) -> dict:
    """One pièce in a manifest: its number and title, its source (relative to the case
    folder, never absolute) with its hash, and its Télérecours file."""
    return {
        "numero": pr.piece.numero,
        "libelle": pr.piece.libelle,
        "pages": pr.pages,
        "source": os.path.relpath(pr.piece.source, base),
        "source_sha256": sortie_.empreinte(pr.piece.source),
        "telerecours": pr.fichier,
    }


def ecrire_manifeste(tmp: Path, manifeste: dict) -> None:
    """manifest.json, last: the hash of every file the run wrote in ``tmp`` closes it."""
    manifeste = {**manifeste, "fichiers": sortie_.empreintes(tmp)}
    (tmp / sortie_.MANIFESTE).write_text(json.dumps(manifeste, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")
