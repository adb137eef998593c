"""`draft check`: what CI runs before a template or clause edit reaches a filing.

Three passes, each finding naming its file and, where it applies, the paragraph or line:

1. the Word templates: every part parses; no tag split across Word runs or typed with
   curly quotes; every dotted path a tag reads is a field of data/champs.toml (or a
   placeholder of clauses/plan.toml); every filter exists;
2. the clause library: every clause file is read and checked as a run would, all of them
   (not only up to the first defect); every piece()/pieces() name can exist;
3. the samples: each case is drafted for real (LibreOffice included) and what a lawyer
   reads — the text of each document, the pièces, their stamps, bookmarks, page labels and
   Télérecours names — is compared with the golden files in ``attendu/`` beside the case.
   ``--mettre-a-jour`` rewrites them. Texts come from the DOCX and the structure from the
   PDFs' own data, so a second run with no change finds no difference.
"""

from __future__ import annotations

import difflib
import json
import re
import shutil
import tempfile
import tomllib
import zipfile
from dataclasses import dataclass
from pathlib import Path

from docx import Document
from docx.oxml.ns import qn
from docxtpl import DocxTemplate
from jinja2 import TemplateSyntaxError, nodes
from lxml import etree
from pypdf import PdfReader

from .case import CATEGORIES, load_case
from .documents import DOCUMENTS, DOCUMENTS_PAR_NOM, EXECUTION, FICHIERS_MODELES, LETTRE, LETTRES, TOUS, TOUS_PAR_NOM
from .errors import CaseError, DossierBloque, DraftError, TemplateError
from .paths import clauses_dir, templates_dir
from .render.clauses import (Clause, bac_a_sable, champs, champs_inconnus, fichiers_de_clauses,
                             identifiants_en_double, lire_clause, lire_plan, noms_lus, registre_de)
from .render.contexte import GROUPES
from .render.docx import emplacements_du_modele, environnement, verifier_taille_modele

ATTENDU = "attendu"
GUILLEMETS_TYPOGRAPHIQUES = "“”‘’„«»"
BALISE = re.compile(r"\{\{.*?\}\}|\{%.*?%\}|\{#.*?#\}")
DOCUMENTS_TEXTE = tuple(d.fichier for d in DOCUMENTS)
LETTRE_TEXTE = f"{DOCUMENTS_PAR_NOM['lettre'].fichier}.txt"
# The other letters and the request for execution, rendered for the samples they apply to.
AUTRES_LETTRES = {t: d for t, d in LETTRES.items() if d is not LETTRE}
STRUCTURE_EXECUTION = "structure-execution.txt"
AUTRES_ATTENDUS = ({f"{d.fichier}.txt" for d in AUTRES_LETTRES.values()} | {f"{d.fichier}.txt" for d in EXECUTION}
                   | {STRUCTURE_EXECUTION})
NOMS_ATTENDUS = {f"{n}.txt" for n in DOCUMENTS_TEXTE} | {"analyse.md", "structure.txt"} | AUTRES_ATTENDUS
LIGNES_DIFF_MAX = 60


@dataclass(frozen=True)
class Constat:
    niveau: str          # "erreur" | "avertissement" | "info"
    fichier: str
    message: str         # one French sentence, which names the place
    diff: str = ""

    def texte(self) -> str:
        tete = {"erreur": "ERREUR", "avertissement": "AVERTISSEMENT", "info": "INFO"}[self.niveau]
        out = f"{tete} {self.message}"
        return out + ("\n" + self.diff if self.diff else "")


def _court(chemin: Path) -> str:
    try:
        return str(Path(chemin).resolve().relative_to(Path.cwd()))
    except ValueError:
        return str(chemin)


# --- 1. templates ---------------------------------------------------------------------------


def _parties(z: zipfile.ZipFile) -> list[tuple[str, str]]:
    """(part name, label) of the parts docxtpl renders: body, headers, footers."""
    noms = z.namelist()
    out = [("word/document.xml", "corps")]
    out += [(n, "en-tête") for n in sorted(noms) if re.fullmatch(r"word/header\d*\.xml", n)]
    out += [(n, "pied de page") for n in sorted(noms) if re.fullmatch(r"word/footer\d*\.xml", n)]
    out += [(n, "notes") for n in ("word/footnotes.xml", "word/endnotes.xml") if n in noms]
    return out


def _balises_des_paragraphes(xml: bytes) -> list[tuple[int, str, list[tuple[str, bytes]]]]:
    """(paragraph number, text, (text, formatting) of each run) for each paragraph of a part."""
    racine = etree.fromstring(xml)
    out = []
    for i, p in enumerate(racine.iter(qn("w:p")), 1):
        segments = []
        for r in p.iter(qn("w:r")):
            rpr = r.find(qn("w:rPr"))
            segments.append(("".join(t.text or "" for t in r.iter(qn("w:t"))),
                             etree.tostring(rpr) if rpr is not None else b""))
        out.append((i, "".join(t for t, _ in segments), segments))
    return out


_OUVRANTES = re.compile(r"\{\{|\{%|\{#")
_FERMANTES = re.compile(r"\}\}|%\}|#\}")


def _delimiteurs_orphelins(texte: str) -> list[str]:
    """What is left of a paragraph once its tags are taken out: a lone '}}', '{ x }}',
    a '{{' whose end was typed in the next paragraph."""
    reste = BALISE.sub(" ", texte)
    out = []
    if _OUVRANTES.search(reste):
        out.append("une balise ouverte n'est pas fermée dans le même paragraphe")
    if _FERMANTES.search(reste):
        out.append("une balise fermée n'a pas été ouverte (accolade ou % manquant)")
    return out


def _debut(texte: str, n: int = 40) -> str:
    """The start of a paragraph, to find it in Word with Ctrl+F."""
    texte = " ".join(texte.split())
    return f"(« {texte[:n]}{'…' if len(texte) > n else ''} »)"


def verifier_modele(chemin: Path, emplacements: set[str], registre: dict) -> list[Constat]:
    f = _court(chemin)
    try:
        verifier_taille_modele(chemin)  # a zip bomb, a FIFO: refused before anything is unpacked
    except DraftError as e:
        return [Constat("erreur", f, e.message)]
    try:
        z = zipfile.ZipFile(chemin)
        parties = [(nom, lib, z.read(nom)) for nom, lib in _parties(z)]
    except (zipfile.BadZipFile, KeyError, OSError) as e:
        return [Constat("erreur", f, f"{f} : le modèle ne s'ouvre pas comme un document Word ({e}).")]
    constats: list[Constat] = []
    env = environnement()
    tpl = DocxTemplate(str(chemin))
    for _nom, lib, xml in parties:
        paragraphes = _balises_des_paragraphes(xml)
        for numero, texte, segments in paragraphes:
            ou = f"{f}, {lib}, paragraphe {numero} {_debut(texte)}"
            bornes, debut = [], 0
            for seg, rpr in segments:
                bornes.append((debut, debut + len(seg), rpr))
                debut += len(seg)
            for probleme in _delimiteurs_orphelins(texte):
                constats.append(Constat("erreur", f, f"{ou} : {probleme}."))
            for m in BALISE.finditer(texte):
                balise = m.group()
                if any(c in balise for c in GUILLEMETS_TYPOGRAPHIQUES):
                    constats.append(Constat("erreur", f, f"{ou} : guillemets typographiques dans la balise « {balise} » ; "
                                                         f"Jinja attend des guillemets droits (\" ou ')."))
                morceaux = [rpr for a, b, rpr in bornes if b > a and a < m.end() and b > m.start()]
                if len(set(morceaux)) > 1:
                    # Different formatting inside one tag: the value takes one of them, by chance.
                    constats.append(Constat("erreur", f, f"{ou} : la balise « {balise} » change de mise en forme en "
                                                         f"son milieu ({len(morceaux)} segments) ; retapez-la d'un seul "
                                                         f"tenant, dans un seul style."))
                elif len(morceaux) > 1:
                    # Word's spell-check and bookmarks split runs on every save; docxtpl joins them.
                    constats.append(Constat("info", f, f"{ou} : la balise « {balise} » est répartie par Word sur "
                                                       f"{len(morceaux)} segments de même style ; docxtpl la recolle, "
                                                       f"rien à faire."))
        # What the tags read, once docxtpl has joined the runs as it does at render time.
        source = tpl.patch_xml(xml.decode("utf-8"))
        try:
            arbre = env.parse(source)
        except TemplateSyntaxError as e:
            constats.append(Constat("erreur", f, f"{f}, {lib} : balise Jinja invalide ({e.message})."))
            continue

        def paragraphe(mot: str, paragraphes=paragraphes, lib=lib) -> str:
            trouve = next(((numero, texte) for numero, texte, _ in paragraphes if mot in texte), None)
            return f"{f}, {lib}, paragraphe {trouve[0]} {_debut(trouve[1])}" if trouve else f"{f}, {lib}"

        connus = {**champs(), "clauses": {e: "emplacement" for e in emplacements}}
        for chemin_champ, proposes, _ in champs_inconnus(arbre, connus, ("cite", "range", "loop")):
            constats.append(Constat("erreur", f, f"{paragraphe(chemin_champ)} : champ inconnu « {chemin_champ} » "
                                                 f"(champs possibles ici : {proposes})."))
        for filtre in arbre.find_all(nodes.Filter):
            if filtre.name not in env.filters:
                constats.append(Constat("erreur", f, f"{paragraphe(filtre.name)} : filtre inconnu « {filtre.name} »."))
        for test in arbre.find_all(nodes.Test):
            if test.name not in env.tests:
                constats.append(Constat("erreur", f, f"{paragraphe(test.name)} : test inconnu « is {test.name} »."))
        for appel in arbre.find_all(nodes.Call):
            if (isinstance(appel.node, nodes.Name) and appel.node.name == "cite" and appel.args
                    and isinstance(appel.args[0], nodes.Const) and appel.args[0].value not in registre):
                cle = appel.args[0].value
                constats.append(Constat("erreur", f, f"{paragraphe(cle)} : citation « {cle} » absente du registre "
                                                     f"citations.toml."))
    return constats


# --- 2. clauses ---------------------------------------------------------------------------------


def verifier_clauses(dossier: Path, ids_de_pieces: set[str]) -> tuple[list[Constat], list[Clause], dict]:
    constats: list[Constat] = []
    f = _court(dossier)
    try:
        plans, _ = lire_plan(dossier)
        reg = registre_de(dossier)
    except TemplateError as e:
        return [Constat("erreur", f, e.message)], [], {}
    lues = []
    for fichier in fichiers_de_clauses(dossier):
        try:
            lues.append(lire_clause(fichier, plans, reg))
        except TemplateError as e:
            constats.append(Constat("erreur", _court(fichier), e.message))
    constats += [Constat("erreur", _court(c.fichier), e.message) for c, e in identifiants_en_double(lues)]
    noms_possibles = set(GROUPES) | set(CATEGORIES) | ids_de_pieces
    for c in lues:
        arbre = bac_a_sable().parse(c.corps)
        for appel in arbre.find_all(nodes.Call):
            if isinstance(appel.node, nodes.Name) and appel.node.name in ("piece", "pieces"):
                for arg in appel.args:
                    if isinstance(arg, nodes.Const) and arg.value not in noms_possibles:
                        constats.append(Constat("erreur", _court(c.fichier), (
                            f"clause {_court(c.fichier)}, ligne {appel.lineno} : {appel.node.name}(\"{arg.value}\") ne "
                            f"désigne ni un groupe ({', '.join(GROUPES)}), ni une catégorie, ni l'identifiant d'une "
                            f"pièce d'un échantillon.")))
    return constats, lues, plans


# --- 3. samples ----------------------------------------------------------------------------------


def _plat(texte: str) -> str:
    """Text as a reader sees it: no-break spaces and hyphens are spaces and hyphens."""
    return texte.replace("\u00a0", " ").replace("\u202f", " ").replace("\u2011", "-")


def _lignes_de(element) -> list[str]:
    """Paragraphs and table rows in reading order, descending into content controls; an
    empty paragraph is '¶' and a page break '[saut de page]': layout faults show in a diff."""
    lignes = []
    for bloc in element.iterchildren():
        if bloc.tag == qn("w:sdt"):
            contenu = bloc.find(qn("w:sdtContent"))
            if contenu is not None:
                lignes += _lignes_de(contenu)
        elif bloc.tag == qn("w:p"):
            morceaux = []
            for x in bloc.iter(qn("w:t"), qn("w:br"), qn("w:tab")):
                if x.tag == qn("w:t"):
                    morceaux.append(x.text or "")
                elif x.tag == qn("w:tab"):
                    morceaux.append("\t")
                elif x.get(qn("w:type")) == "page":
                    morceaux.append("[saut de page]")
                else:
                    morceaux.append(" / ")
            lignes.append("".join(morceaux).rstrip() or "¶")
        elif bloc.tag == qn("w:tbl"):
            for tr in bloc.iter(qn("w:tr")):
                cellules = ["".join(t.text or "" for t in tc.iter(qn("w:t"))) for tc in tr.iter(qn("w:tc"))]
                lignes.append(" | ".join(cellules))
    return lignes


def texte_docx(chemin: Path) -> str:
    """What a DOCX says: its body in reading order, then its headers, footers and notes."""
    doc = Document(str(chemin))
    lignes = _lignes_de(doc.element.body)
    for i, section in enumerate(doc.sections, 1):
        for nom, partie in (("en-tête", section.header), ("pied de page", section.footer)):
            if not partie.is_linked_to_previous or i == 1:
                contenu = [l for l in _lignes_de(partie._element) if l != "¶"]
                lignes += [f"[{nom}] {l}" for l in contenu]
    with zipfile.ZipFile(chemin) as z:
        if "word/footnotes.xml" in z.namelist():
            notes = etree.fromstring(z.read("word/footnotes.xml"))
            for note in notes.iter(qn("w:footnote")):
                texte = "".join(t.text or "" for t in note.iter(qn("w:t"))).strip()
                if texte:
                    lignes.append(f"[note] {texte}")
    return _plat("\n".join(lignes)) + "\n"


def structure(sortie: Path) -> str:
    """The dossier as a lawyer checks it: pièces, pages, stamps, bookmarks, Télérecours names."""
    manifeste = json.loads((sortie / "manifest.json").read_text("utf-8"))
    lignes = [f"procédure : {manifeste['procedure']}", f"tribunal : {manifeste['tribunal']}",
              f"fichiers : {', '.join(sorted(p.name for p in sortie.iterdir()))}", "", "pièces :"]
    for p in manifeste["pieces"]:
        lignes.append(f"  n° {p['numero']} — {p['libelle']} — {p['pages']} page{'s' if p['pages'] > 1 else ''} "
                      f"— telerecours/{p['telerecours']}")
    telerecours = sorted(p.name for p in (sortie / "telerecours").iterdir()) if (sortie / "telerecours").is_dir() else []
    lignes += ["", "telerecours/ :"] + [f"  {n}" for n in telerecours]
    complet = sortie / "dossier-complet.pdf"
    if complet.exists():
        lecteur = PdfReader(complet)
        labels = list(lecteur.page_labels)
        lignes += ["", "signets (libellé de la page, tampon lu sur la page) :"]

        def parcourir(plan, profondeur: int) -> None:
            for x in plan:
                if isinstance(x, list):
                    parcourir(x, profondeur + 1)
                    continue
                page = lecteur.get_destination_page_number(x)
                assert page is not None  # draft's bookmarks all point at a page
                ligne = f"{'  ' * (profondeur + 1)}{_plat(x.title)} → {labels[page]}"
                m = re.match(r"Pièce n° (\d+)", _plat(x.title))
                if m:
                    tampon = re.search(rf"Pièce n° {m.group(1)} – p\. 1/\d+", _plat(lecteur.pages[page].extract_text() or ""))
                    ligne += f" — {tampon.group() if tampon else 'TAMPON ABSENT'}"
                lignes.append(ligne)

        parcourir(lecteur.outline, 0)
    return _plat("\n".join(lignes)) + "\n"


def produits(sortie: Path) -> dict[str, str]:
    """The golden files of one drafted sample: name → content."""
    out = {}
    for nom in DOCUMENTS_TEXTE:
        if (sortie / f"{nom}.docx").exists():
            out[f"{nom}.txt"] = texte_docx(sortie / f"{nom}.docx")
    if (sortie / "analyse.md").exists():
        out["analyse.md"] = (sortie / "analyse.md").read_text("utf-8")
    if (sortie / "manifest.json").exists():
        out["structure.txt"] = structure(sortie)
    return out


def cas_des_echantillons(dossiers: list[Path]) -> tuple[list[Path], list[Constat]]:
    """Every dossier.toml under the folders given (at any depth, golden folders aside)."""
    cas: list[Path] = []
    constats: list[Constat] = []
    for d in dossiers:
        d = Path(d)
        if not d.exists():
            constats.append(Constat("erreur", _court(d), f"{_court(d)} : dossier d'échantillons introuvable."))
            continue
        trouves = [d] if d.is_file() else sorted(t for t in d.rglob("dossier.toml") if ATTENDU not in t.parts)
        if not trouves:
            constats.append(Constat("erreur", _court(d), f"{_court(d)} : aucun dossier.toml dans ce dossier "
                                                         f"d'échantillons."))
        cas += trouves
    return cas, constats


@dataclass
class Couverture:
    """What the samples exercised: clauses selected, clauses that printed text."""

    retenues: set[str]
    imprimees: set[str]
    echecs: int = 0


def verifier_echantillon(toml: Path, modeles: Path | None, clauses: Path | None, mettre_a_jour: bool,
                         couverture: Couverture) -> list[Constat]:
    from .pipeline import rediger_dossier

    f = _court(toml)
    try:
        donnees = tomllib.loads(toml.read_text("utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError):
        donnees = None  # reported by the drafting below, with the loader's own message
    if donnees is not None and "date" not in donnees.get("dossier", {}):
        couverture.echecs += 1
        return [Constat("erreur", f, f"{f} : un échantillon doit porter [dossier] date ; sans elle, il est rédigé "
                                     f"à la date du jour et ses fichiers attendus changent chaque jour.")]
    with tempfile.TemporaryDirectory(prefix="draft-check-") as tmp:
        sortie = Path(tmp) / "dossier"
        try:
            try:
                # As it would be filed; a sample the analysis blocks is drafted as a --projet.
                res = rediger_dossier(toml, sortie, clauses=clauses, modeles=modeles)
            except DossierBloque:
                shutil.rmtree(sortie, ignore_errors=True)
                res = rediger_dossier(toml, sortie, projet=True, clauses=clauses, modeles=modeles)
        except DraftError as e:
            couverture.echecs += 1
            return [Constat("erreur", f, f"{f} : le rendu de l'échantillon échoue : {e.message}")]
        if res.sans_libreoffice is not None:
            raise res.sans_libreoffice  # once, for the whole check: exit 4, as draft refere
        couverture.retenues |= res.clauses_retenues
        couverture.imprimees |= res.clauses_imprimees
        obtenus = produits(sortie)
        if LETTRE_TEXTE not in obtenus and res.analyse.lettre.sur_demande:
            # No letter goes with this dossier (an earlier one went unanswered): the letter
            # `draft lettre` writes on demand is checked in its place, so that every sample
            # still exercises the letter's template and clauses where one can be written.
            seule = Path(tmp) / "lettre"
            try:
                res = rediger_dossier(toml, seule, pdf=False, lettre_seule=True, clauses=clauses, modeles=modeles)
            except DraftError as e:
                couverture.echecs += 1
                return [Constat("erreur", f, f"{f} : le rendu de la lettre de l'échantillon échoue : {e.message}")]
            couverture.retenues |= res.clauses_retenues
            couverture.imprimees |= res.clauses_imprimees
            obtenus[LETTRE_TEXTE] = produits(seule)[LETTRE_TEXTE]
        try:
            obtenus |= _autres_documents(toml, Path(tmp), modeles, clauses, couverture)
        except DraftError as e:
            couverture.echecs += 1
            return [Constat("erreur", f, f"{f} : le rendu d'une lettre ou de la demande d'exécution de l'échantillon "
                                         f"échoue : {e.message}")]
    attendu = toml.parent / ATTENDU
    constats: list[Constat] = []
    if mettre_a_jour:
        attendu.mkdir(exist_ok=True)
        for nom in NOMS_ATTENDUS - set(obtenus):
            (attendu / nom).unlink(missing_ok=True)  # only the files draft check writes
        for nom, contenu in obtenus.items():
            (attendu / nom).write_text(contenu, "utf-8")
        return [Constat("info", f, f"{_court(attendu)} : {len(obtenus)} fichiers attendus réécrits.")]
    if not attendu.is_dir():
        return [Constat("erreur", f, f"{f} : pas de fichiers attendus ({ATTENDU}/) ; relisez le rendu puis lancez "
                                     f"draft check --mettre-a-jour.")]
    presents = {p.name for p in attendu.iterdir() if p.is_file()} & NOMS_ATTENDUS
    for nom in sorted(set(obtenus) | presents):
        chemin = attendu / nom
        if nom not in obtenus:
            constats.append(Constat("erreur", _court(chemin), f"{_court(chemin)} : ce fichier attendu n'est plus produit."))
            continue
        if not chemin.exists():
            # A letter newly applicable to an older sample: said, its text written on the next update.
            niveau = "avertissement" if nom in AUTRES_ATTENDUS else "erreur"
            constats.append(Constat(niveau, _court(chemin), f"{_court(chemin)} : fichier attendu absent ; "
                                                             f"draft check --mettre-a-jour l'écrit."))
            continue
        avant = chemin.read_text("utf-8-sig")  # a BOM added by an editor is not a change
        if avant != obtenus[nom]:
            diff = list(difflib.unified_diff(avant.splitlines(), obtenus[nom].splitlines(),
                                             f"attendu/{nom}", "obtenu", lineterm="", n=1))
            if len(diff) > LIGNES_DIFF_MAX:
                diff = diff[:LIGNES_DIFF_MAX] + [f"… ({len(diff) - LIGNES_DIFF_MAX} lignes de plus)"]
            constats.append(Constat("erreur", _court(chemin), (
                f"{_court(chemin)} : le rendu a changé ; si le changement est voulu, relisez-le puis lancez "
                f"draft check --mettre-a-jour."), diff="\n".join("    " + l for l in diff)))
    return constats


def _autres_documents(toml: Path, tmp: Path, modeles: Path | None, clauses: Path | None,
                      couverture: Couverture) -> dict[str, str]:
    """The other letters (draft lettre --type) and the request for execution (draft execution)
    that apply to a sample, as golden texts; those the case does not call for are skipped."""
    from .execution import rediger_execution
    from .pipeline import rediger_dossier

    out: dict[str, str] = {}
    for type_lettre, doc in AUTRES_LETTRES.items():
        sortie = tmp / doc.fichier
        try:
            res = rediger_dossier(toml, sortie, pdf=False, lettre_seule=True, type_lettre=type_lettre,
                                  clauses=clauses, modeles=modeles)
        except (DossierBloque, CaseError):
            continue   # not for this case: no ordonnance, no refusal, no [elu]…
        couverture.retenues |= res.clauses_retenues
        couverture.imprimees |= res.clauses_imprimees
        out[f"{doc.fichier}.txt"] = texte_docx(sortie / f"{doc.fichier}.docx")
    sortie = tmp / "execution"
    try:
        ex = rediger_execution(toml, sortie, clauses=clauses, modeles=modeles)
    except DossierBloque:
        return out
    if ex.sans_libreoffice is not None:
        raise ex.sans_libreoffice
    couverture.retenues |= ex.clauses_retenues
    couverture.imprimees |= ex.clauses_imprimees
    for doc in EXECUTION:
        out[f"{doc.fichier}.txt"] = texte_docx(sortie / f"{doc.fichier}.docx")
    out[STRUCTURE_EXECUTION] = structure(sortie)
    return out


# --- the whole check --------------------------------------------------------------------------------


def _verifier_bibliotheque(dossier_modeles: Path, dossier_clauses: Path, ids_de_pieces: set[str]
                           ) -> tuple[list[Constat], list[Clause]]:
    constats, lues, plans = verifier_clauses(dossier_clauses, ids_de_pieces)
    registre = registre_de(dossier_clauses) if plans else {}
    emplacements = {s.emplacement for sections in plans.values() for s in sections}
    for nom in FICHIERS_MODELES:
        chemin = dossier_modeles / nom
        if not chemin.exists():
            constats.append(Constat("erreur", _court(chemin), f"{_court(chemin)} : modèle absent."))
            continue
        constats += verifier_modele(chemin, emplacements, registre)
    # The other documents' templates, where the folder has them (a firm's may not: the bundled ones print them).
    for nom in sorted({f for d in TOUS for f in d.modeles.values()} - set(FICHIERS_MODELES)):
        if (dossier_modeles / nom).exists():
            constats += verifier_modele(dossier_modeles / nom, emplacements, registre)
    for doc, sections in plans.items():
        if not sections:
            continue   # a firm's library without this document's plan
        for nom in TOUS_PAR_NOM[doc].modeles.values():
            if doc not in DOCUMENTS_PAR_NOM and not (dossier_modeles / nom).exists():
                continue
            chemin = dossier_modeles / nom
            try:
                places = emplacements_du_modele(chemin)
            except Exception:
                continue  # reported above
            for emplacement in sorted({s.emplacement for s in sections} - places):
                ids = ", ".join(s.id for s in sections if s.emplacement == emplacement)
                constats.append(Constat("erreur", _court(chemin), (
                    f"{_court(chemin)} : pas d'emplacement {{{{p clauses.{emplacement} }}}} pour la section « {ids} » "
                    f"du plan de « {doc} » ({_court(dossier_clauses / 'plan.toml')}) : elle ne s'imprimerait pas.")))
    # groupes.X and refs.X accept any name: a typo there is always false, so check the names.
    noms = set(GROUPES) | set(CATEGORIES) | ids_de_pieces
    for c in lues:
        for chaine, ligne in noms_lus(bac_a_sable().parse(c.corps)):
            if chaine[0] in ("groupes", "refs") and len(chaine) > 1 and chaine[1] not in noms:
                constats.append(Constat("erreur", _court(c.fichier), (
                    f"clause {_court(c.fichier)}, ligne {ligne} : « {chaine[0]}.{chaine[1]} » ne désigne ni un groupe, "
                    f"ni une catégorie, ni une pièce d'un échantillon ; la condition serait toujours fausse.")))
    return constats, lues


def verifier(modeles: Path | None = None, clauses: Path | None = None, echantillons: list[Path] | None = None,
             mettre_a_jour: bool = False) -> list[Constat]:
    from .paths import sources_du_cas

    cas, constats = cas_des_echantillons(echantillons or [])
    ids_de_pieces: set[str] = set()
    bibliotheques = {(Path(modeles) if modeles else templates_dir(), Path(clauses) if clauses else clauses_dir())}
    for toml in cas:
        try:
            ids_de_pieces |= {p.id for p in load_case(toml).pieces}
            # A draft.toml beside a sample points to the library its rendering uses: lint that one too.
            b = sources_du_cas(toml, clauses, modeles)
            bibliotheques.add((b.modeles or templates_dir(), b.clauses or clauses_dir()))
        except DraftError:
            pass  # reported when the sample is drafted
    lues: list[Clause] = []
    for dossier_modeles, dossier_clauses in sorted(bibliotheques):
        trouves, clauses_lues = _verifier_bibliotheque(dossier_modeles, dossier_clauses, ids_de_pieces)
        constats += trouves
        lues += clauses_lues
    if any(c.niveau == "erreur" for c in constats):
        return constats  # fix the library first: the samples would only repeat its faults
    couverture = Couverture(set(), set())
    for toml in cas:
        constats += verifier_echantillon(toml, modeles, clauses, mettre_a_jour, couverture)
    if cas and not couverture.echecs:
        for c in {clause.id: clause for clause in lues}.values():
            if c.id not in couverture.retenues:
                constats.append(Constat("avertissement", _court(c.fichier),
                                        f"clause {_court(c.fichier)} ({c.id}) : aucun échantillon ne la sélectionne ; "
                                        f"son texte n'est vérifié par aucun rendu."))
            elif c.id not in couverture.imprimees:
                constats.append(Constat("avertissement", _court(c.fichier),
                                        f"clause {_court(c.fichier)} ({c.id}) : sélectionnée, mais son texte est vide "
                                        f"dans tous les échantillons."))
    constats.append(Constat("info", "", f"{len(cas)} échantillon{'s' if len(cas) > 1 else ''} rendu"
                                         f"{'s' if len(cas) > 1 else ''}."))
    return constats


def rapport(constats: list[Constat]) -> str:
    erreurs = sum(c.niveau == "erreur" for c in constats)
    avertissements = sum(c.niveau == "avertissement" for c in constats)
    ordre = {"erreur": 0, "avertissement": 1, "info": 2}
    lignes = [c.texte() for c in sorted(constats, key=lambda c: ordre[c.niveau])]
    lignes.append(f"draft check : {erreurs} erreur{'s' if erreurs > 1 else ''}, "
                  f"{avertissements} avertissement{'s' if avertissements > 1 else ''}.")
    return "\n".join(lignes) + "\n"
