"""`draft execution`: once the préfet let the ordonnance's delay run out, the request to the
same juge des référés to ensure its execution and liquidate the astreinte, with its own
bordereau.

The research (docs/sources/apres-ordonnance.md §2.4 B) puts this request first among the
routes, the quickest: it belongs to the same instance (CE 417826, CE 394333) and may be filed
only once the delay the ordonnance fixed has expired (R. 921-1-1); the applicant proves the
non-execution (CE 466827). Its pièces are numbered from 1 in its own inventory: the
ordonnance, then what the case records since its notification — the letters sent (the one
asking for execution among them) with their receipts, and the captures of the attempts that
still found no appointment. Before the delay has run out, nothing is written: exit 3 with the
date from which the request can be filed.
"""

from __future__ import annotations

from dataclasses import dataclass, field, replace
from pathlib import Path

from . import convert, reproductible
from . import sortie as sortie_
from .analysis import Analysis, analyse
from .case import Case, load_case
from .convert import LibreOfficeAbsent
from .documents import BORDEREAU_EXECUTION, EXECUTION, REQUETE_EXECUTION
from .exhibits import Piece, PieceRendue, largeur_numeros, nom_fichier, numeroter, piece_tamponnee
from .paths import sources_du_cas
from .pipeline import (DOSSIER_COMPLET, assembler_dossier, attendre_conversion, ecrire_manifeste, en_cours, identite,
                       installer_le_dossier, piece_au_manifeste, preparer_sortie)
from .render.clauses import charger
from .render.contexte import contexte
from .render.docx import rediger_document
from .lettres import verifier_inexecution
from .rules import libelles, valeur

TELERECOURS = "telerecours"


@dataclass
class Execution:
    dossier: Path
    analyse: Analysis
    pieces: list[PieceRendue] = field(default_factory=list)
    fichiers: list[str] = field(default_factory=list)
    avertissements: list[str] = field(default_factory=list)
    copies: list[str] = field(default_factory=list)
    pages: int | None = None
    sans_libreoffice: LibreOfficeAbsent | None = None
    clauses_retenues: set[str] = field(default_factory=set)
    clauses_imprimees: set[str] = field(default_factory=set)


def sortie_execution(chemin: Path) -> Path:
    return Path("out") / f"{Path(chemin).resolve().parent.name}-execution"


def pieces_de_l_execution(case: Case, a: Analysis) -> list[Piece]:
    """The ordonnance, then the letters sent since its notification with their receipts, then
    the captures of the attempts made since, numbered from 1."""
    s = a.ordonnance
    assert s is not None and case.ordonnance is not None
    depuis = {f"courriers[{i + 1}].{f}" for i in s.courriers_depuis for f in ("fichier", "accuse")}
    depuis |= {f"tentatives[{k + 1}].capture" for k in s.tentatives_depuis}
    du_dossier = [p for p in numeroter(replace(case, depot=None)) if p.champ in depuis]
    courriers = [p for p in du_dossier if p.champ.startswith("courriers[")]
    captures = [p for p in du_dossier if p.tentative is not None]
    pieces: list[Piece] = []
    if case.ordonnance.fichier is not None:
        libelle = libelles()["piece"]["ordonnance"].format(reference=s.reference)
        pieces.append(Piece(numero=0, libelle=libelle, source=case.ordonnance.fichier, champ="ordonnance.fichier"))
    return [replace(p, numero=n, depot=None) for n, p in enumerate([*pieces, *courriers, *captures], 1)]


def _vue(case: Case) -> Case:
    """The case as the request sees it: its urgency facts without the pièces of the first
    dossier, which this request does not produce."""
    return replace(case, urgence=tuple(replace(u, pieces=()) for u in case.urgence), pieces=())


def rediger_execution(chemin: Path, sortie: Path | None = None, *, date=None, pdf: bool = True, force: bool = False,
                      garder_copie: bool = False, clauses: Path | None = None, modeles: Path | None = None,
                      lance: convert.LibreOfficeLance | None = None) -> Execution:
    """Draft the request and its bordereau (DOCX, PDF), the stamped pièces for Télérecours and
    a reading copy; refuse (exit 3) before the execution delay has run out.
    ``lance``: a LibreOffice started ahead by the caller, stopped whatever happens."""
    try:
        return _rediger(Path(chemin), sortie, date=date, pdf=pdf, force=force, garder_copie=garder_copie,
                        clauses=clauses, modeles=modeles, lance=lance)
    finally:
        if lance is not None:
            lance.arreter()


def _rediger(chemin: Path, sortie: Path | None, *, date, pdf, force, garder_copie, clauses, modeles,
             lance) -> Execution:
    case = load_case(chemin, date=date)
    a = analyse(case)
    verifier_inexecution(a, "requete_execution_avant")
    assert a.ordonnance is not None
    pieces = pieces_de_l_execution(case, a)
    biblio = sources_du_cas(case.fichier, clauses, modeles)
    sortie = Path(sortie) if sortie is not None else sortie_execution(chemin)
    if sortie.name in ("", ".", "..") or str(sortie).startswith("~"):
        sortie = sortie_.normaliser(sortie)
    tmp, verrou, remplace, recuperes = preparer_sortie(
        sortie, force=force, garder_copie=garder_copie, seuls=None, fichier_dossier=case.fichier,
        sources=[p.source for p in pieces], requerant=identite(case))
    res = Execution(sortie, a, copies=recuperes)
    with en_cours(tmp, verrou, lance):
        largeur = largeur_numeros(max(len(pieces), 1))
        longueur = valeur("telerecours.nom_longueur_max")
        tamponnees = []
        for p in pieces:
            data, ecrivain = piece_tamponnee(case, p)
            tamponnees.append((data, ecrivain, PieceRendue(p, len(ecrivain.pages),
                                                           nom_fichier(p.numero, p.libelle, largeur, longueur))))
        res.pieces = [pr for _, _, pr in tamponnees]
        ctx = contexte(_vue(case), a, res.pieces)
        # The bordereau's « requête en … » names this request, not the first petition.
        ctx["dossier"]["procedure"] = libelles()["execution"]["procedure"].format(reference=a.ordonnance.reference)
        bib = charger(biblio.clauses)
        docx = []
        for doc in EXECUTION:
            modele = doc.modele(a.procedure)
            dossier_modeles = biblio.modeles if biblio.modeles is not None and (biblio.modeles / modele).is_file() else None
            data, rendu = rediger_document(doc.nom, modele, ctx, bib, dossier_modeles, jour=case.dossier.date)
            res.clauses_retenues |= {c.clause.id for c in rendu.choix if c.retenue}
            res.clauses_imprimees |= rendu.imprimees
            (tmp / f"{doc.fichier}.docx").write_bytes(data)
            docx.append(tmp / f"{doc.fichier}.docx")
        if pdf:
            (tmp / TELERECOURS).mkdir()
            for data, _, pr in tamponnees:
                (tmp / TELERECOURS / pr.fichier).write_bytes(data)
            try:
                conversion = convert.Conversion(docx, tmp, lance=lance)
                lance = None   # handed over: the conversion stops it
                pdfs = {c.stem: reproductible.figer_pdf(c.read_bytes(), case.dossier.date)
                        for c in attendre_conversion(conversion)}
                for nom, data in pdfs.items():
                    (tmp / f"{nom}.pdf").write_bytes(data)
                lib = libelles()["execution"]
                (tmp / TELERECOURS / lib["fichier_requete"]).write_bytes(pdfs[REQUETE_EXECUTION.fichier])
                r = case.requerant
                complet, res.pages = assembler_dossier(
                    [(lib["signet_requete"], pdfs[REQUETE_EXECUTION.fichier], "R-"),
                     (lib["signet_bordereau"], pdfs[BORDEREAU_EXECUTION.fichier], "B-")],
                    [(pr.piece, ecrivain) for _, ecrivain, pr in tamponnees],
                    titre=lib["titre"].format(civilite=r.civilite, nom=r.nom),
                    auteur=case.conseil.nom if case.conseil else f"{r.prenoms} {r.nom}", jour=case.dossier.date)
                (tmp / DOSSIER_COMPLET).write_bytes(complet)
            except LibreOfficeAbsent as e:
                res.sans_libreoffice = e
        _manifeste(case, a, tmp, res.pieces)
        res.fichiers, copies, avertissements = installer_le_dossier(tmp, sortie, remplace)
        res.copies += copies
        res.avertissements += avertissements
    return res


def _manifeste(case: Case, a: Analysis, tmp: Path, pieces: list[PieceRendue]) -> None:
    """As draft refere's: what was produced, from which evidence, and every file's hash."""
    base = case.dossier_dir
    assert a.ordonnance is not None
    manifeste = {
        "dossier": case.fichier.name,
        "date": case.dossier.date.isoformat(),
        "procedure": "execution",
        "ordonnance": a.ordonnance.reference,
        "tribunal": a.juridiction.tribunal,
        "requerant": identite(case),
        "pieces": [piece_au_manifeste(pr, base) for pr in pieces],
    }
    ecrire_manifeste(tmp, manifeste)

