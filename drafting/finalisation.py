"""`draft finaliser DIR`: the Word files as the lawyer left them become the dossier.

A petition is rewritten in Word before it is filed: every case has particulars no template
foresees. This run takes the DOCX of a folder draft wrote as they stand now, converts those
that changed since draft last wrote or finished the folder (one LibreOffice call), and
rebuilds what is made of them: the petition of the Télérecours export, dossier-complet.pdf
(bookmarks, page labels) and the manifest, whose hashes now name the edited DOCX as the
dossier's (listed under "retouches": a later `draft refere --force` treats them as the
lawyer's, never as its own to replace).

Before anything is written, the texts are read: every pièce the petition or the letter
cites must be in the bordereau; a pièce never cited is a warning; a document that still
carries the draft mark or a highlighted default value is refused unless the lawyer says
it is meant.

The folder is rebuilt as `draft refere` writes one: in a temporary folder beside it, under
its lock, then swapped in. Every file the lawyer added is carried over as it is; a PDF
edited by hand whose DOCX is converted again is kept in modifications/.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import shutil
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from xml.etree import ElementTree

from . import bundle, convert, reproductible
from . import sortie as sortie_
from .depot import BORDEREAU_COMPLEMENTAIRE, PREFIXE_COMPLEMENT, titre_complement
from .documents import BORDEREAU, DOCUMENTS, LETTRE, REQUETE
from .errors import DraftError, OutputError
from .exhibits import Piece
from .pipeline import (DOSSIER_COMPLET, assembler_dossier, attendre_conversion, documents_de_la_requete,
                       dossier_temporaire, fichier_requete, liberer, mettre_en_place, verrouiller_sortie)
from .render.values import SURLIGNAGE
from .rules import ref_pieces

MARQUE_PROJET = "PROJET – NE PAS DÉPOSER"   # the header of a petition drafted with --projet
OPTION_PROJET = "--projet"
TELERECOURS = "telerecours"

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
# "pièce n° 4", "pièces n° 12 et 13", "pièces n° 4 à 11", "pièces n° 2, 4 et 7"; the spaces
# may be no-break ones (U+00A0, U+202F), which \s matches.
_CITATION = re.compile(r"\bpi[eè]ces?\s+n\s*[°o]\s*(\d+(?:\s*(?:,|et|à)\s*\d+)*)", re.IGNORECASE)
_PLAGE_MAX = 500   # "pièces n° 1 à 100000" is a typo, not a thousand pièces


@dataclass
class Finalisation:
    dossier: Path
    convertis: list[str] = field(default_factory=list)       # the DOCX converted again
    reconstruits: list[str] = field(default_factory=list)    # the other files rebuilt
    avertissements: list[str] = field(default_factory=list)
    copies: list[str] = field(default_factory=list)          # the lawyer's files kept in modifications/
    pages: int | None = None


@dataclass(frozen=True)
class Paragraphe:
    texte: str
    surligne: str   # the text of its runs highlighted as a default value (--projet), "" if none

    def debut(self, mots: int = 6) -> str:
        decoupe = self.texte.split()
        return " ".join(decoupe[:mots]) + ("…" if len(decoupe) > mots else "")


def _texte(element: ElementTree.Element) -> str:
    morceaux = []
    for e in element.iter():
        if e.tag == f"{_W}t" and e.text:
            morceaux.append(e.text)
        elif e.tag in (f"{_W}tab", f"{_W}br", f"{_W}cr"):
            morceaux.append(" ")
        elif e.tag == f"{_W}noBreakHyphen":
            morceaux.append("-")
    return "".join(morceaux)


def _surligne(run: ElementTree.Element) -> bool:
    proprietes = run.find(f"{_W}rPr")
    if proprietes is None:
        return False
    ombre = proprietes.find(f"{_W}shd")
    return ombre is not None and (ombre.get(f"{_W}fill") or "").upper() == SURLIGNAGE


def lire_docx(chemin: Path) -> tuple[list[Paragraphe], str]:
    """The paragraphs of a DOCX's body and notes (tables included, deleted text of tracked
    changes left out), and the text of its headers and footers."""
    try:
        with zipfile.ZipFile(chemin) as z:
            parties = {n: z.read(n) for n in z.namelist() if re.fullmatch(r"word/[^/]+\.xml", n)}
    except (OSError, zipfile.BadZipFile, KeyError):
        raise DraftError(f"« {chemin} » n'est pas un document Word lisible : enregistrez-le au format .docx dans "
                         f"Word, puis relancez.") from None
    paragraphes: list[Paragraphe] = []
    entetes = []
    for nom in sorted(parties):
        if not re.fullmatch(r"word/(document|footnotes|endnotes|header\d*|footer\d*)\.xml", nom):
            continue
        try:
            racine = ElementTree.fromstring(parties[nom])
        except ElementTree.ParseError:
            raise DraftError(f"« {chemin} » est un document Word endommagé ({nom} illisible) : ouvrez-le dans Word "
                             f"et enregistrez-le de nouveau, puis relancez.") from None
        if "header" in nom or "footer" in nom:
            entetes.append(_texte(racine))
            continue
        for p in racine.iter(f"{_W}p"):
            surligne = "".join(_texte(r) for r in p.iter(f"{_W}r") if _surligne(r))
            paragraphes.append(Paragraphe(_texte(p), surligne))
    return paragraphes, " ".join(entetes)


def pieces_citees(texte: str) -> list[int]:
    """The pièce numbers a text cites, in order, ranges expanded."""
    nums: list[int] = []
    for m in _CITATION.finditer(texte):
        jetons = re.findall(r"\d+|à", m.group(1))
        i = 0
        while i < len(jetons):
            n = int(jetons[i])
            if i + 2 < len(jetons) and jetons[i + 1] == "à":
                fin = int(jetons[i + 2])
                nums.extend(range(n, fin + 1) if 0 <= fin - n <= _PLAGE_MAX else (n, fin))
                i += 3
            else:
                nums.append(n)
                i += 1
    return nums


def verifier_textes(dossier: Path, pieces: dict[int, str], *, projet: bool) -> list[str]:
    """The checks before finishing: unknown pièces cited, the draft mark, highlighted
    defaults (errors); pièces never cited (warnings, returned)."""
    citees: set[int] = set()
    for doc in (REQUETE, LETTRE):
        chemin = dossier / f"{doc.fichier}.docx"
        if not chemin.is_file():
            continue
        paragraphes, entetes = lire_docx(chemin)
        if not projet:
            if MARQUE_PROJET in entetes or any(MARQUE_PROJET in p.texte for p in paragraphes):
                raise DraftError(f"{chemin.name} porte encore la marque « {MARQUE_PROJET} » : retirez-la dans Word "
                                 f"(en-tête), ou relancez avec {OPTION_PROJET} si ce projet est voulu.")
            if surligne := next((p for p in paragraphes if p.surligne.strip()), None):
                raise DraftError(f"{chemin.name}, paragraphe « {surligne.debut()} » : la valeur par défaut "
                                 f"« {surligne.surligne.strip()} » est encore surlignée ; vérifiez-la et retirez le "
                                 f"surlignage dans Word, ou relancez avec {OPTION_PROJET} si ce projet est voulu.")
        if not pieces and not (dossier / f"{BORDEREAU.fichier}.docx").is_file():
            continue   # the letter alone: no bordereau to check the citations against
        for p in paragraphes:
            for n in pieces_citees(p.texte):
                if n not in pieces:
                    connues = ref_pieces(list(pieces)) if pieces else "aucune pièce"
                    raise DraftError(f"{chemin.name}, paragraphe « {p.debut()} » : la pièce n° {n} n'est pas au "
                                     f"bordereau ({connues}) ; corrigez le numéro dans Word, puis relancez.")
                citees.add(n)
    if not (dossier / f"{REQUETE.fichier}.docx").is_file():
        return []
    return [f"la pièce n° {n} ({titre}) n'est citée ni dans la requête ni dans la lettre."
            for n, titre in sorted(pieces.items()) if n not in citees]


def _a_convertir(dossier: Path, connus: dict[str, str], noms: list[str]) -> list[str]:
    """The documents (file names without extension) whose DOCX changed since draft wrote the
    folder, or whose PDF is missing or was changed by hand."""
    out = []
    for nom in noms:
        docx, pdf = dossier / f"{nom}.docx", dossier / f"{nom}.pdf"
        if not docx.is_file():
            continue
        if (sortie_.empreinte(docx) != connus.get(docx.name) or not pdf.is_file()
                or sortie_.empreinte(pdf) != connus.get(pdf.name)):
            out.append(nom)
    return out


def _titre_et_auteur(complet: Path, manifeste: dict) -> tuple[str, str]:
    """The metadata of the dossier-complet.pdf being replaced: the title and author draft gave it."""
    from pypdf import PdfReader

    try:
        meta = PdfReader(complet).metadata
        return str(meta.get("/Title") or ""), str(meta.get("/Author") or "")  # type: ignore[union-attr]
    except Exception:  # a damaged reading copy is rebuilt anyway
        return manifeste.get("requerant", ""), ""


def finaliser_dossier(dossier: Path, *, projet: bool = False, lance: convert.LibreOfficeLance | None = None) -> Finalisation:
    """Finish the folder ``dossier`` from its DOCX as they stand. ``lance``: a LibreOffice
    started ahead by the caller; it converts the documents, and is stopped whatever happens."""
    try:
        return _finaliser(Path(dossier), projet=projet, lance=lance)
    finally:
        if lance is not None:
            lance.arreter()   # unused (nothing changed, a refusal) or already finished


def _finaliser(dossier: Path, *, projet: bool, lance: convert.LibreOfficeLance | None) -> Finalisation:
    if dossier.name in ("", ".", "..") or str(dossier).startswith("~"):
        dossier = sortie_.normaliser(dossier)
    if dossier.is_symlink() or not dossier.is_dir():
        raise OutputError(f"« {dossier} » n'est pas un dossier écrit par draft refere.")
    verrou = verrouiller_sortie(dossier)
    try:
        res = Finalisation(dossier)
        res.copies += sortie_.recuperer(dossier)
        manifeste = sortie_.lire_manifeste(dossier)
        if manifeste is None:
            raise OutputError(f"« {dossier} » n'a pas été écrit par draft (il n'a pas de {sortie_.MANIFESTE} "
                              f"lisible) : draft finaliser ne termine que les dossiers écrits par draft refere.")
        complement = "complement" in manifeste   # a folder of draft complement: its bordereau alone
        noms = [BORDEREAU_COMPLEMENTAIRE] if complement else [d.fichier for d in DOCUMENTS]
        connus: dict[str, str] = manifeste["fichiers"]
        pieces = {int(p["numero"]): str(p["libelle"]) for p in manifeste.get("pieces", [])}
        if not complement:
            res.avertissements += verifier_textes(dossier, pieces, projet=projet)
        for verrou_word in sorted(dossier.glob("~$*.docx")):
            # Word's owner file: "~$" and the name, its first two letters dropped when it is long.
            ouvert = next((f"{nom}.docx" for nom in noms if f"{nom}.docx".endswith(verrou_word.name[2:])), None)
            if ouvert:
                res.avertissements.append(f"{ouvert} semble encore ouvert dans Word ({verrou_word.name}) : c'est sa "
                                          f"dernière version enregistrée qui a été reprise.")
        manquantes = [p["telerecours"] for p in manifeste.get("pieces", [])
                      if not (dossier / TELERECOURS / p["telerecours"]).is_file()]
        if manquantes and not complement and (dossier / f"{REQUETE.fichier}.docx").is_file():
            raise OutputError(f"« {dossier} » n'a pas les pièces tamponnées ({TELERECOURS}/{manquantes[0]} manque ; "
                              f"dossier rédigé avec --sans-pdf ?) : rédigez-le de nouveau avec draft refere "
                              f"--garder-copie, qui garde vos DOCX dans {sortie_.MODIFICATIONS}/, puis reportez-y "
                              f"vos modifications.")
        a_convertir = _a_convertir(dossier, connus, noms)
        if not a_convertir:
            return res
        _reconstruire(dossier, manifeste, a_convertir, res, lance, noms)
        return res
    finally:
        verrou.liberer()


def _reconstruire(dossier: Path, manifeste: dict, a_convertir: list[str], res: Finalisation,
                  lance: convert.LibreOfficeLance | None, noms: list[str]) -> None:
    jour = dt.date.fromisoformat(manifeste["date"])
    procedure = manifeste.get("procedure", "mesures-utiles")
    refaits = {f"{nom}.pdf" for nom in a_convertir}
    complement = BORDEREAU_COMPLEMENTAIRE in noms
    if complement and (dossier / DOSSIER_COMPLET).is_file():
        refaits.add(DOSSIER_COMPLET)
    # The letter is in neither the Télérecours export nor the reading copy.
    elif (dossier / TELERECOURS).is_dir() and (dossier / f"{BORDEREAU.fichier}.docx").is_file():
        if REQUETE.fichier in a_convertir:
            refaits.add(f"{TELERECOURS}/{fichier_requete(procedure)}")
        if REQUETE.fichier in a_convertir or BORDEREAU.fichier in a_convertir:
            refaits.add(DOSSIER_COMPLET)
    tmp = dossier_temporaire(dossier)
    try:
        def ignorer(racine: str, noms: list[str]) -> set[str]:
            rel = Path(racine).relative_to(dossier)
            return {n for n in noms if (rel / n).as_posix() in refaits | {sortie_.MANIFESTE, sortie_.MODIFICATIONS}}

        shutil.copytree(dossier, tmp, symlinks=True, ignore=ignorer, dirs_exist_ok=True)
        conversion = convert.Conversion([tmp / f"{nom}.docx" for nom in a_convertir], tmp, lance=lance)
        pdfs = {}
        for chemin in attendre_conversion(conversion):
            pdfs[chemin.name] = reproductible.figer_pdf(chemin.read_bytes(), jour)
            chemin.write_bytes(pdfs[chemin.name])
        res.convertis = [f"{nom}.docx" for nom in a_convertir]
        if DOSSIER_COMPLET in refaits and complement:
            _remplacer_dans_la_lecture(dossier, tmp, pdfs[f"{BORDEREAU_COMPLEMENTAIRE}.pdf"], jour, manifeste, res)
        elif DOSSIER_COMPLET in refaits:
            _assembler(dossier, tmp, manifeste, procedure, jour, refaits, res)
        res.reconstruits = sorted(refaits - set(pdfs)) + [sortie_.MANIFESTE]
        _manifeste(tmp, manifeste, refaits, noms)
        copies, avertissements = mettre_en_place(tmp, dossier, manifeste)
        res.copies += copies
        res.avertissements += avertissements
    except OSError as e:
        shutil.rmtree(tmp, ignore_errors=True)
        raise OutputError(f"impossible de finaliser « {dossier} » ({e.strerror}) ; le dossier est resté tel "
                          f"quel.") from None
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    finally:
        liberer(tmp)


def _assembler(dossier: Path, tmp: Path, manifeste: dict, procedure: str, jour: dt.date, refaits: set[str],
               res: Finalisation) -> None:
    """The petition of the Télérecours export and dossier-complet.pdf, from the PDFs as they now are."""
    requete = (tmp / f"{REQUETE.fichier}.pdf").read_bytes()
    if f"{REQUETE.fichier}.pdf" in refaits:
        (tmp / TELERECOURS / fichier_requete(procedure)).write_bytes(requete)
    pieces = []
    for p in manifeste.get("pieces", []):
        rel = f"{TELERECOURS}/{p['telerecours']}"
        if sortie_.empreinte(tmp / rel) != manifeste["fichiers"].get(rel):
            res.avertissements.append(f"{rel} a été modifié depuis que draft l'a écrit : {DOSSIER_COMPLET} le "
                                      f"reprend tel quel.")
        pieces.append((Piece(int(p["numero"]), p["libelle"], Path(p["source"]), ""), (tmp / rel).read_bytes()))
    titre, auteur = _titre_et_auteur(dossier / DOSSIER_COMPLET, manifeste)
    documents = documents_de_la_requete(procedure, requete, (tmp / f"{BORDEREAU.fichier}.pdf").read_bytes())
    complet, res.pages = assembler_dossier(documents, pieces, titre=titre, auteur=auteur, jour=jour)
    (tmp / DOSSIER_COMPLET).write_bytes(complet)


def _remplacer_dans_la_lecture(dossier: Path, tmp: Path, bordereau: bytes, jour: dt.date, manifeste: dict,
                               res: Finalisation) -> None:
    """A complement's reading copy with its bordereau converted again: the other parts (the
    petition and bordereau filed, the pièces) are taken from the copy being replaced, with
    their bookmarks and page labels."""
    from pypdf import PdfReader, PdfWriter

    lecture = PdfReader(dossier / DOSSIER_COMPLET)
    titres: dict[int, tuple[str, str | None]] = {}   # first page → (bookmark, parent bookmark)

    def parcourir(items: list, groupe: str | None) -> None:
        for i, item in enumerate(items):
            if isinstance(item, list):
                continue
            if i + 1 < len(items) and isinstance(items[i + 1], list):
                parcourir(items[i + 1], item.title)   # a group ("Pièces"): its children are the parts
            elif (page := lecture.get_destination_page_number(item)) is not None:
                titres.setdefault(page, (item.title, groupe))

    parcourir(lecture.outline, None)
    etiquettes = lecture.page_labels
    parties: list[bundle.Partie] = []
    debut = 0
    while debut < len(lecture.pages):
        prefixe = etiquettes[debut].rsplit("-", 1)[0] + "-"
        fin = debut
        while fin + 1 < len(lecture.pages) and etiquettes[fin + 1].rsplit("-", 1)[0] + "-" == prefixe:
            fin += 1
        titre, groupe = titres.get(debut, (prefixe.rstrip("-"), None))
        if prefixe == PREFIXE_COMPLEMENT or titre == titre_complement(int(manifeste["complement"])):
            pdf: bytes | PdfWriter = bordereau
        else:
            pdf = PdfWriter()
            for n in range(debut, fin + 1):
                pdf.add_page(lecture.pages[n])
        parties.append(bundle.Partie(titre, pdf, prefixe, groupe))
        debut = fin + 1
    titre, auteur = _titre_et_auteur(dossier / DOSSIER_COMPLET, manifeste)
    complet, res.pages = bundle.assembler(parties, titre=titre, auteur=auteur, jour=jour)
    (tmp / DOSSIER_COMPLET).write_bytes(complet)


def _manifeste(tmp: Path, ancien: dict, refaits: set[str], noms: list[str]) -> None:
    """The manifest of the finished folder: the new hashes of the documents' DOCX (now the
    lawyer's, listed in "retouches") and of the files rebuilt; every other file keeps what
    draft wrote of it, so that one changed by hand is still told apart; the lawyer's own
    files stay out of it."""
    connus: dict[str, str] = ancien["fichiers"]
    fichiers = {rel: h for rel, h in connus.items() if (tmp / rel).is_file()}
    retouches = set(ancien.get(sortie_.RETOUCHES, []))
    for nom in noms:
        docx = f"{nom}.docx"
        if (tmp / docx).is_file():
            fichiers[docx] = sortie_.empreinte(tmp / docx)
            if fichiers[docx] != connus.get(docx):
                retouches.add(docx)
    for rel in refaits:
        if (tmp / rel).is_file():
            fichiers[rel] = sortie_.empreinte(tmp / rel)
    nouveau = {**ancien, "fichiers": dict(sorted(fichiers.items())), sortie_.RETOUCHES: sorted(retouches)}
    (tmp / sortie_.MANIFESTE).write_text(json.dumps(nouveau, ensure_ascii=False, indent=2) + "\n", encoding="utf-8")

