"""After the filing: `draft depot` freezes the numbering of the pièces filed, `draft complement`
produces the pièces that come after.

Once a petition is filed, its pièces' numbers are the court's: the bordereau, the stamps on
every page and the Télérecours file names carry them. `draft depot` records the filing in
the case file ([depot], with tomlkit, under the case file's lock) and writes beside it the
inventory of the pièces filed — number, title, file, SHA-256 — which the loader reads and
the numbering (exhibits.numeroter) keeps from then on: a pièce added later is numbered after
the last one filed, wherever its natural place would be.

`draft complement` produces the pièces added since (R. 414-5 CJA applies to later filings
too: one file per pièce, named after its number): stamped, a "bordereau des pièces
complémentaires" that recalls the pièces already produced, a Télérecours folder with only
the new pièces, and a reading copy that holds them all. Each complement is numbered (the
first, the second…) and recorded in the inventory as it is drafted, so that several can
follow one another; drafting it again without new pièces rebuilds the last one.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import tempfile
from dataclasses import dataclass, field
from pathlib import Path

import tomlkit

from . import convert, reproductible
from . import sortie as sortie_
from .analysis import analyse
from .case import Case, load_case
from .convert import LibreOfficeAbsent
from .documents import BORDEREAU, REQUETE
from .edition import ecrire_en_place, verrou_du_dossier
from .errors import CaseError, OutputError
from .exhibits import Piece, PieceRendue, largeur_numeros, nom_fichier, numeroter, piece_tamponnee
from .format_dossier import CHAMPS_INVENTAIRE, DOSSIER_DEPOSE
from .fr import date_fr
from .pipeline import (DOSSIER_COMPLET, assembler_dossier, attendre_conversion, documents_de_la_requete, ecrire_manifeste,
                       en_cours, identite, installer_le_dossier, piece_au_manifeste, preparer_sortie)
from .render.contexte import contexte
from .render.styles import alleger, sans_restes
from .rules import libelles, ref_pieces, valeur

SUFFIXE_INVENTAIRE = ".depot.toml"   # dossier.toml → dossier.depot.toml
BORDEREAU_COMPLEMENTAIRE = "bordereau-complementaire"
PREFIXE_COMPLEMENT = "BC-"   # its pages in the reading copy: BC-1, BC-2…
TELERECOURS = "telerecours"
ORDINAUX = ("premier", "deuxième", "troisième", "quatrième", "cinquième", "sixième", "septième", "huitième",
            "neuvième", "dixième")


def _ordinal(n: int) -> str:
    return ORDINAUX[n - 1] if n <= len(ORDINAUX) else f"{n}e"


def _empreinte(case: Case, p: Piece) -> str:
    try:
        return sortie_.empreinte(p.source)
    except OSError:
        raise CaseError(case.fichier, p.champ, f"« {p.source} » ne peut pas être lu (droits d'accès ?).") from None


def _ecrire_inventaire(case: Case, chemin: Path, pieces: list[tuple[Piece, int]], depose: Path | None) -> None:
    """The inventory of the pièces filed, written beside the case file, all or nothing;
    ``depose``: the output folder that was filed, when known."""
    doc = tomlkit.document()
    doc.add(tomlkit.comment("Écrit par draft depot et draft complement : le numéro, l'intitulé et l'empreinte de "
                            "chaque pièce déposée."))
    doc.add(tomlkit.comment("Ne le modifiez pas à la main : les numéros déposés ne changent plus."))
    if depose is not None:
        doc.add(DOSSIER_DEPOSE, Path(os.path.relpath(depose, case.dossier_dir)).as_posix())
    liste = tomlkit.aot()
    for p, complement in sorted(pieces, key=lambda x: x[0].numero):
        relatif = os.path.relpath(p.source, case.dossier_dir)
        valeurs = (p.numero, p.libelle, Path(relatif).as_posix(), _empreinte(case, p), complement)
        entree = tomlkit.table()
        for nom, v in zip(CHAMPS_INVENTAIRE, valeurs):
            entree.add(nom, v)
        liste.append(entree)
    doc.add(tomlkit.nl())
    doc.add("pieces", liste)
    fd, tmp = tempfile.mkstemp(prefix=f".{chemin.name}.", dir=chemin.parent)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(tomlkit.dumps(doc))
        os.chmod(tmp, 0o666 & ~sortie_.umask())
        os.replace(tmp, chemin)
    finally:
        if os.path.exists(tmp):
            os.unlink(tmp)


def _chemin_reel(chemin: Path) -> Path:
    # The file itself, not a link to it (edition.ajouter_tentative says why).
    chemin = Path(os.path.realpath(chemin))
    if not chemin.is_file():
        raise CaseError(chemin, None, "fichier introuvable.")
    return chemin


def _pieces_deposees(case: Case, dossier: Path) -> list[Piece]:
    """The pièces of the dossier that was filed, as its manifest numbered them; each file must
    still be the one stamped then."""
    manifeste = sortie_.lire_manifeste(dossier)
    if manifeste is None or not manifeste.get("pieces"):
        raise OutputError(f"« {dossier} » n'est pas un dossier écrit par draft refere avec ses pièces (pas de "
                          f"{sortie_.MANIFESTE} qui les liste) : donnez le dossier déposé, ou omettez "
                          f"{OPTION_DEPOSE} pour figer la numérotation actuelle.")
    if manifeste.get("requerant") != identite(case):
        raise OutputError(f"« {dossier} » est le dossier d'un autre cas ({manifeste.get('requerant')}) : donnez le "
                          f"dossier déposé pour {case.requerant.prenoms} {case.requerant.nom}.")
    pieces = []
    for x in manifeste["pieces"]:
        source = (case.dossier_dir / x["source"]).resolve()
        p = Piece(int(x["numero"]), str(x["libelle"]), source, "pieces")
        if not source.is_file() or _empreinte(case, p) != x["source_sha256"]:
            raise CaseError(case.fichier, None, f"la pièce n° {p.numero} du dossier déposé ({p.libelle}, "
                                                f"« {x['source']} ») a changé ou disparu depuis sa rédaction : "
                                                f"remettez le fichier déposé, puis relancez.")
        pieces.append(p)
    return pieces


OPTION_DEPOSE = "--dossier-depose"


def enregistrer_depot(chemin: Path, *, le: dt.date, numero: str | None = None, depose: Path | None = None,
                      aujourd_hui: dt.date | None = None) -> tuple[Case, tuple[Piece, ...]]:
    """Record the filing in the case file and freeze the numbering of its pièces: that of the
    folder filed (``depose``, from its manifest), else as they are numbered now. Return the case
    as loaded afterwards and its pièces."""
    chemin = _chemin_reel(Path(chemin))
    with verrou_du_dossier(chemin):
        case = load_case(chemin)
        if case.depot is not None:
            raise CaseError(chemin, "depot", f"la requête est déjà enregistrée comme déposée le {date_fr(case.depot.le)} "
                                             f"({case.depot.inventaire}) : les numéros déposés ne changent plus ; les "
                                             f"pièces nouvelles se produisent avec draft complement.")
        if le > (aujourd_hui or dt.date.today()):
            raise CaseError(chemin, "depot.le", f"la date du dépôt ({le:%d/%m/%Y}) est dans le futur.")
        if numero is not None and not numero.strip():
            raise CaseError(chemin, "depot.numero", "le numéro d'enregistrement est vide.")
        pieces = _pieces_deposees(case, Path(depose)) if depose is not None else numeroter(case)
        inventaire = chemin.with_name(chemin.stem + SUFFIXE_INVENTAIRE)
        try:
            doc = tomlkit.parse(chemin.read_text("utf-8"))
        except tomlkit.exceptions.ParseError as e:
            raise CaseError(chemin, None, f"TOML invalide ({e}).") from None
        table = tomlkit.table()
        table.add(tomlkit.comment("Écrit par draft depot : les pièces gardent désormais leur numéro."))
        table.add("le", le)
        if numero:
            table.add("numero", numero.strip())
        table.add("inventaire", inventaire.name)
        if "depot" in doc:
            del doc["depot"]   # a [depot] written by hand whose inventory is missing
        doc.add(tomlkit.nl())
        doc.add("depot", table)
        ancien = inventaire.read_bytes() if inventaire.exists() else None
        _ecrire_inventaire(case, inventaire, [(p, 0) for p in pieces], Path(depose).resolve() if depose else None)
        try:
            case = ecrire_en_place(chemin, tomlkit.dumps(doc), lambda tmp: load_case(tmp))
        except BaseException:
            if ancien is None:
                inventaire.unlink(missing_ok=True)
            else:
                inventaire.write_bytes(ancien)
            raise
    return case, numeroter(case)


# --- draft complement -------------------------------------------------------------------


@dataclass
class Complement:
    dossier: Path
    rang: int
    nouvelles: list[Piece]
    deja: int                               # pièces produced before this complement
    fichiers: list[str] = field(default_factory=list)
    avertissements: list[str] = field(default_factory=list)
    copies: list[str] = field(default_factory=list)
    pages: int | None = None
    sans_libreoffice: LibreOfficeAbsent | None = None


def _figer_complement(chemin: Path, date: dt.date | None, sortie: Path | None, *, force: bool, garder_copie: bool
                      ) -> tuple[Case, tuple[Piece, ...], int, Path]:
    """Under the case file's lock: the pièces not yet filed become the next complement, in
    the inventory, once its output folder is known to be writable. Without any, the last
    complement is drafted again."""
    with verrou_du_dossier(chemin):
        case = load_case(chemin, date=date)
        if case.depot is None:
            raise CaseError(chemin, "depot", "la requête n'est pas encore enregistrée comme déposée : après le dépôt "
                                             "sur Télérecours, draft depot DOSSIER.toml --le AAAA-MM-JJ fige la "
                                             "numérotation, puis draft complement produit les pièces nouvelles.")
        pieces = numeroter(case)
        dernier = max((p.depot or 0 for p in pieces), default=0)
        nouvelles = [p for p in pieces if p.depot is None]
        if not nouvelles:
            if dernier == 0:
                raise CaseError(chemin, "pieces", f"aucune pièce n'a été ajoutée au dossier depuis le dépôt du "
                                                  f"{date_fr(case.depot.le)} : ajoutez-la ([[pieces]], une tentative "
                                                  f"avec sa capture, un courrier), puis relancez.")
            return case, pieces, dernier, _sortie(case, sortie, dernier, pieces, force=force, garder_copie=garder_copie)
        rang = dernier + 1
        sortie = _sortie(case, sortie, rang, pieces, force=force, garder_copie=garder_copie)
        inventaire = case.dossier_dir / case.depot.inventaire
        _ecrire_inventaire(case, inventaire, [(p, p.depot if p.depot is not None else rang) for p in pieces],
                           case.depot.dossier_depose)
        case = load_case(chemin, date=date)
        return case, numeroter(case), rang, sortie


def _sortie(case: Case, sortie: Path | None, rang: int, pieces: tuple[Piece, ...], *, force: bool,
            garder_copie: bool) -> Path:
    """The complement's output folder, refused now if draft may not write it (checked again,
    under its own lock, when it is written)."""
    sortie = Path(sortie) if sortie is not None else sortie_par_defaut(case.fichier, rang)
    if sortie.name in ("", ".", "..") or str(sortie).startswith("~"):
        sortie = sortie_.normaliser(sortie)
    sortie_.refuser_si_dangereux(sortie, case.fichier, [p.source for p in pieces])
    sortie_.autoriser(sortie, force=force, garder_copie=garder_copie)
    return sortie


def rediger_complement(chemin: Path, sortie: Path | None = None, *, date: dt.date | None = None,
                       pdf: bool = True, force: bool = False, garder_copie: bool = False,
                       lance: convert.LibreOfficeLance | None = None) -> Complement:
    """Draft the next complement (or the last one again): stamped new pièces, the bordereau of
    complementary pièces (DOCX, PDF), their Télérecours folder, a reading copy of them all.
    ``lance``: a LibreOffice started ahead by the caller, stopped whatever happens."""
    try:
        return _rediger_complement(_chemin_reel(Path(chemin)), sortie, date=date, pdf=pdf, force=force,
                                   garder_copie=garder_copie, lance=lance)
    finally:
        if lance is not None:
            lance.arreter()


def sortie_par_defaut(chemin: Path, rang: int) -> Path:
    return Path("out") / f"{Path(chemin).resolve().parent.name}-complement-{rang}"


def _rediger_complement(chemin: Path, sortie: Path | None, *, date, pdf, force, garder_copie, lance) -> Complement:
    case, pieces, rang, sortie = _figer_complement(chemin, date, sortie, force=force, garder_copie=garder_copie)
    assert case.depot is not None
    nouvelles = [p for p in pieces if p.depot == rang]
    anciennes = [p for p in pieces if p.depot is not None and p.depot < rang]
    a = analyse(case)
    tmp, verrou, remplace, recuperes = preparer_sortie(
        sortie, force=force, garder_copie=garder_copie, seuls=None, fichier_dossier=case.fichier,
        sources=[p.source for p in pieces], requerant=identite(case))
    res = Complement(sortie, rang, nouvelles, len(anciennes), copies=recuperes)
    with en_cours(tmp, verrou, lance):
        largeur = largeur_numeros(max(p.numero for p in pieces))
        longueur = valeur("telerecours.nom_longueur_max")
        rendues = [PieceRendue(p, 0, nom_fichier(p.numero, p.libelle, largeur, longueur)) for p in pieces]
        tamponnees = {}
        for pr in rendues:
            data, ecrivain = piece_tamponnee(case, pr.piece)
            tamponnees[pr.piece.numero] = (data, ecrivain, PieceRendue(pr.piece, len(ecrivain.pages), pr.fichier))
        docx = tmp / f"{BORDEREAU_COMPLEMENTAIRE}.docx"
        docx.write_bytes(_bordereau(case, a, rang, [tamponnees[p.numero][2] for p in nouvelles],
                                    [tamponnees[p.numero][2] for p in anciennes]))
        if pdf:
            (tmp / TELERECOURS).mkdir()
            limite = valeur("telerecours.taille_max")
            for p in nouvelles:
                data, _, pr = tamponnees[p.numero]
                (tmp / TELERECOURS / pr.fichier).write_bytes(data)
                if len(data) > limite:
                    res.avertissements.append(f"{pr.fichier} pèse {len(data) / 2**20:.1f} Mo : Télérecours refuse "
                                              f"les fichiers de plus de {limite // 2**20} Mo.")
            try:
                conversion = convert.Conversion([docx], tmp, lance=lance)
                lance = None   # handed over: the conversion stops it
                bordereau = reproductible.figer_pdf(attendre_conversion(conversion)[0].read_bytes(), case.dossier.date)
                (tmp / f"{BORDEREAU_COMPLEMENTAIRE}.pdf").write_bytes(bordereau)
                r = case.requerant
                titre = f"{titre_complement(rang)} – {r.civilite} {r.nom}"
                auteur = case.conseil.nom if case.conseil else f"{r.prenoms} {r.nom}"
                documents = _documents_deposes(case, res) + [(titre_complement(rang), bordereau, PREFIXE_COMPLEMENT)]
                complet, res.pages = assembler_dossier(
                    documents, [(p, tamponnees[p.numero][1]) for p in pieces],
                    titre=titre, auteur=auteur, jour=case.dossier.date)
                (tmp / DOSSIER_COMPLET).write_bytes(complet)
            except LibreOfficeAbsent as e:
                res.sans_libreoffice = e
        _manifeste(case, tmp, rang, [tamponnees[p.numero][2] for p in nouvelles])
        res.fichiers, copies, avertissements = installer_le_dossier(tmp, sortie, remplace)
        res.copies += copies
        res.avertissements += avertissements
    return res


def _documents_deposes(case: Case, res: Complement) -> list[tuple[str, bytes, str]]:
    """The petition and the bordereau filed, from the folder filed (draft depot --dossier-depose),
    for the reading copy, when they are there as draft wrote or finished them."""
    assert case.depot is not None
    dossier = case.depot.dossier_depose
    if dossier is None:
        return []
    manifeste = sortie_.lire_manifeste(dossier)
    noms = (f"{REQUETE.fichier}.pdf", f"{BORDEREAU.fichier}.pdf")
    if manifeste is None or any(not (dossier / n).is_file()
                                or sortie_.empreinte(dossier / n) != manifeste["fichiers"].get(n) for n in noms):
        res.avertissements.append(f"le dossier déposé « {dossier} » n'a plus la requête et le bordereau tels que "
                                  f"draft les a écrits : {DOSSIER_COMPLET} ne reprend que le bordereau complémentaire "
                                  f"et les pièces.")
        return []
    return documents_de_la_requete(manifeste.get("procedure", "mesures-utiles"), (dossier / noms[0]).read_bytes(),
                                   (dossier / noms[1]).read_bytes())


def titre_complement(rang: int) -> str:
    return f"Bordereau des pièces complémentaires ({_ordinal(rang)} complément)"


def _manifeste(case: Case, tmp: Path, rang: int, nouvelles: list[PieceRendue]) -> None:
    base = case.dossier_dir
    assert case.depot is not None
    manifeste = {
        "dossier": case.fichier.name,
        "date": case.dossier.date.isoformat(),
        "complement": rang,
        "depot": {"le": case.depot.le.isoformat(), "numero": case.depot.numero},
        "requerant": identite(case),
        "pieces": [piece_au_manifeste(pr, base) for pr in nouvelles],
    }
    ecrire_manifeste(tmp, manifeste)


def _bordereau(case: Case, a, rang: int, nouvelles: list[PieceRendue], anciennes: list[PieceRendue]) -> bytes:
    """The bordereau of complementary pièces (R. 412-2 CJA, an inventaire détaillé): the court,
    the petition it follows, the pièces already produced recalled, the new ones listed."""
    from docx import Document
    from docx.enum.text import WD_ALIGN_PARAGRAPH
    from docx.shared import Cm, Pt

    ctx = contexte(case, a, sorted(anciennes + nouvelles, key=lambda pr: pr.piece.numero))
    depot = case.depot
    assert depot is not None
    doc = Document()
    style = doc.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(12)

    def ligne(texte: str, *, gras: bool = False, centre: bool = False, taille: int | None = None) -> None:
        p = doc.add_paragraph()
        run = p.add_run(texte)
        run.bold = gras
        if taille:
            run.font.size = Pt(taille)
        if centre:
            p.alignment = WD_ALIGN_PARAGRAPH.CENTER

    r = case.requerant
    ligne("Bordereau des pièces complémentaires", gras=True, centre=True, taille=16)
    ligne(f"{_ordinal(rang)[:1].upper()}{_ordinal(rang)[1:]} complément – inventaire détaillé (article R. 412-2 du "
          f"code de justice administrative)", centre=True)
    ligne(f"Juridiction : {a.juridiction.tribunal} – juge des référés")
    ligne(f"Requête n° {depot.numero}, déposée le {date_fr(depot.le)}" if depot.numero
          else f"Requête déposée le {date_fr(depot.le)}")
    ligne(f"Requérant{libelles()['genre'][r.civilite]['e']} : {r.civilite} {r.prenoms} {r.nom}")
    ligne(f"Défendeur : {a.juridiction.autorite[:1].upper()}{a.juridiction.autorite[1:]}")
    if case.dossier.reference:
        ligne(f"Référence : {case.dossier.reference}")
    produites = ref_pieces([pr.piece.numero for pr in anciennes])
    nums = [pr.piece.numero for pr in nouvelles]
    une = len(nouvelles) == 1
    ligne(f"La requête et les productions antérieures sont accompagnées des {produites}, rappelées ci-dessous. "
          + (f"Est produite à l'appui de la requête la pièce complémentaire suivante ({ref_pieces(nums)}), dont le "
             f"numéro continue" if une else
             f"Sont produites à l'appui de la requête les {len(nouvelles)} pièces complémentaires suivantes "
             f"({ref_pieces(nums)}), dont la numérotation continue")
          + " celle du premier inventaire ; chaque pièce porte son numéro sur chacune de ses pages.")

    def tableau(lignes: list[tuple[str, str, str]]) -> None:
        t = doc.add_table(rows=1, cols=3)
        t.style = "Table Grid"
        for cellule, texte in zip(t.rows[0].cells, ("Pièce", "Intitulé", "Pages")):
            cellule.text = ""
            cellule.paragraphs[0].add_run(texte).bold = True
        for valeurs in lignes:
            for cellule, texte in zip(t.add_row().cells, valeurs):
                cellule.text = texte
        t.autofit = False
        for i, largeur in enumerate((2.4, 11.6, 2.0)):   # the widths of the first bordereau's table
            t.columns[i].width = Cm(largeur)
            for cellule in t.columns[i].cells:
                cellule.width = Cm(largeur)
        doc.add_paragraph()

    ligne("Pièces complémentaires produites", gras=True)
    tableau([(f"n° {pr.piece.numero}", pr.piece.libelle, str(pr.pages)) for pr in nouvelles])
    ligne("Rappel des pièces déjà produites", gras=True)
    tableau([(f"n° {pr.piece.numero}", pr.piece.libelle, str(pr.pages)) for pr in anciennes])
    ligne("")
    ligne(f"Fait à {ctx['signature']['lieu']}, le {date_fr(case.dossier.date)}")
    ligne(str(ctx["signature"]["nom"]))
    out = io.BytesIO()
    doc.core_properties.title = titre_complement(rang)
    doc.core_properties.author = str(ctx["signature"]["nom"])
    doc.core_properties.created = doc.core_properties.modified = reproductible.instant(case.dossier.date)
    doc.core_properties.last_modified_by = "draft"
    # As the other documents: no unused style for LibreOffice to read, dated the drafting date.
    alleger(doc)
    sans_restes(doc)
    doc.save(out)
    return reproductible.figer_zip(out.getvalue(), case.dossier.date)
