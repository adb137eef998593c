"""Render stage: build the template context from the case, the analysis and the pièces,
then render each DOCX template with docxtpl, strictly.

Strict means: a variable the case does not define is an error naming its full path
(``requerant.telephone``), never an empty gap; ``None`` never reaches a document; every
value is XML-escaped (``&``, ``<``, quotes) by autoescape. Templates run in Jinja's
sandbox: they can read the context and nothing else.
"""

from __future__ import annotations

import datetime as dt
import io
import re
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from docxtpl import DocxTemplate, RichTextParagraph
from lxml import etree
from jinja2 import StrictUndefined, TemplateError as JinjaTemplateError, UndefinedError
from markupsafe import Markup, escape
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from . import clauses
from .analysis import Analysis
from .case import Case
from .citations import cite, citation
from .errors import TemplateError
from .exhibits import Piece
from .fr import date_courte, date_fr, euros, heure_fr
from .rapport import semainier
from .reproductible import figer_zip, instant
from .jurisdiction import de_departement
from .paths import templates_dir
from .rules import libelles, ref_pieces

# Names of pièce groups a clause may give piece()/pieces(), besides categories and ids.
GROUPES = ("titre", "captures", "courriers", "urgence", "urgence_emploi")

MODELES = {
    "mesures-utiles": "requete-mesures-utiles.docx",
    "liberte": "requete-liberte.docx",
    "lettre": "lettre-prefecture.docx",
    "bordereau": "bordereau.docx",
}


# --- strict context ---------------------------------------------------------------


class Champ(dict):
    """A context mapping that knows its dotted path, so an error can name the field.

    It also knows the fields left empty for this case (``connus``), to tell "not filled
    in this case file" from "no such field" (a typo in a template or a clause)."""

    def __init__(self, chemin: str, valeurs: dict[str, Any]):
        super().__init__({k: _champ(f"{chemin}.{k}" if chemin else k, v) for k, v in valeurs.items() if v is not None})
        self.chemin = chemin
        self.connus = frozenset(valeurs)


def _champ(chemin: str, v: Any) -> Any:
    if isinstance(v, dict) and not isinstance(v, Champ):
        return Champ(chemin, v)
    if isinstance(v, list) and not isinstance(v, Groupes):
        return [_champ(f"{chemin}[{i}]", x) for i, x in enumerate(v, 1)]
    return v


class Groupes(list):
    """A list of pièce numbers, kept as is by Champ."""


class ChampManquant(StrictUndefined):
    def _chemin(self) -> str:
        parent = getattr(self._undefined_obj, "chemin", None)
        nom = self._undefined_name
        return f"{parent}.{nom}" if parent else str(nom)

    def _fail_with_undefined_error(self, *args, **kwargs):
        if self._undefined_exception is SecurityError:
            raise SecurityError(self._undefined_hint or "accès interdit")
        parent = self._undefined_obj
        connus = getattr(parent, "connus", None)
        if connus is not None and self._undefined_name not in connus and not isinstance(parent, Groupes):
            raise UndefinedError(f"champ inconnu « {self._chemin()} » (champs : {', '.join(sorted(connus))})")
        raise UndefinedError(f"la valeur « {self._chemin()} » n'est pas définie")

    __str__ = __iter__ = __len__ = __bool__ = __eq__ = __ne__ = __hash__ = _fail_with_undefined_error  # type: ignore[assignment]


class Defaut:
    """A value the case file did not give (a documented default): with --projet it prints
    highlighted, so the lawyer sees what to check before filing. It compares and computes
    like the plain value."""

    defaut = True


class EntierDefaut(Defaut, int):
    pass


class TexteDefaut(Defaut, str):
    pass


def par_defaut(valeur: Any, oui: bool) -> Any:
    if not oui or valeur is None:
        return valeur
    return EntierDefaut(valeur) if isinstance(valeur, int) and not isinstance(valeur, bool) else TexteDefaut(valeur)


def _jamais_none(valeur: Any) -> Any:
    if valeur is None:
        raise UndefinedError("une valeur vide (None) allait être imprimée")
    if isinstance(valeur, Defaut):
        # Its own run, shaded: docxtpl splices this XML in the run the tag sits in.
        texte = escape(str(valeur))
        return Markup(f'</w:t></w:r><w:r><w:rPr><w:shd w:val="clear" w:color="auto" w:fill="{clauses.SURLIGNAGE}"/></w:rPr>'
                      f'<w:t xml:space="preserve">{texte}</w:t></w:r><w:r><w:t xml:space="preserve">')
    return valeur


def _majuscule(s: str) -> str:
    return s[:1].upper() + s[1:]


class _Environnement(ImmutableSandboxedEnvironment):
    """The templates' sandbox, which compiles each template part once per process: docxtpl
    hands it the same XML for every case, and compiling is a third of a case's rendering."""

    # The environment lives as long as the process (one per process, never freed): the
    # cache holding it alive is what is wanted, not a leak.
    @lru_cache(maxsize=64)  # noqa: B019
    def from_string(self, source, globals=None, template_class=None):  # noqa: A002 (Jinja's name)
        return super().from_string(source, globals, template_class)


@lru_cache(maxsize=32)
def _xml_nettoye(xml: str) -> str:
    return DocxTemplate.patch_xml(None, xml)  # reads nothing from its instance


class _Modele(DocxTemplate):
    """docxtpl's template, which cleans each template part's XML once per process: the same
    part comes back for every case, and the cleaning (two dozen regular expressions over
    the whole part) was a quarter of a document's rendering."""

    def patch_xml(self, src_xml: str) -> str:
        return _xml_nettoye(src_xml)

    def resolve_listing(self, xml: str) -> str:
        # docxtpl turns the tabs, newlines, \a and \f of values into Word runs, in a pass of
        # nested regular expressions over every paragraph (a tenth of the rendering); with
        # none of them in the part, that pass gives back the same text.
        if not any(c in xml for c in "\t\n\a\f"):
            return xml
        return super().resolve_listing(xml)


@lru_cache(maxsize=1)
def environnement() -> ImmutableSandboxedEnvironment:
    env = _Environnement(undefined=ChampManquant, autoescape=True, finalize=_jamais_none)
    env.filters["majuscule"] = _majuscule
    env.globals["cite"] = cite
    return env


# --- context ------------------------------------------------------------------------


@dataclass(frozen=True)
class PieceRendue:
    piece: Piece
    pages: int
    fichier: str  # Télérecours file name


def _plat(texte: str) -> str:
    return " ".join(texte.replace("\u00a0", " ").split())


def _barreau(nom: str) -> str:
    """'barreau des Hauts-de-Seine', 'barreau de Toulouse', 'barreau d'Angers'."""
    formes = libelles()["barreau"]
    if (de := de_departement(nom)) is not None:
        return formes["departement"].format(de_departement=de)
    return formes["ville_voyelle" if nom[:1].lower() in "aeiouyéèêîâh" else "ville"].format(nom=nom)


def _lieu(case: Case) -> str:
    """Where the filing is signed: the city of the lawyer, else of the applicant."""
    adresse = case.conseil.adresse if case.conseil else case.requerant.adresse
    m = re.search(r"\b\d{5}\s+([^,\d]+?)(?:\s+cedex.*)?\s*$", adresse, re.IGNORECASE)
    if m:
        return m.group(1).strip()
    raise TemplateError(
        f"{case.fichier} : impossible de lire la ville (code postal puis ville) à la fin de l'adresse "
        f"« {adresse} » ({'conseil' if case.conseil else 'requerant'}.adresse)."
    )


def contexte(case: Case, a: Analysis, pieces: list[PieceRendue], projet: bool = False) -> dict[str, Any]:
    """Everything a template may print. Dates the case turns on carry their weekday."""
    lib = libelles()
    g = lib["genre"][case.requerant.civilite]
    par_id = {p.piece.id: p.piece.numero for p in pieces if p.piece.id}
    par_tentative = {p.piece.tentative: p.piece.numero for p in pieces if p.piece.tentative is not None}
    par_champ = {p.piece.champ: p.piece.numero for p in pieces}
    r = case.requerant
    jur = a.juridiction

    # The names a clause can give piece()/pieces(): an id of [[pieces]], a category, or a group.
    groupes: dict[str, list[int]] = {pid: [n] for pid, n in par_id.items()}
    for p in pieces:
        if p.piece.categorie:
            groupes.setdefault(p.piece.categorie, []).append(p.piece.numero)
    if "titre.fichier" in par_champ:
        groupes["titre"] = [par_champ["titre.fichier"]]
    if par_tentative:
        groupes["captures"] = sorted(par_tentative.values())
    lettres = sorted(n for champ, n in par_champ.items() if champ.startswith("courriers["))
    if lettres:
        groupes["courriers"] = lettres
    urgentes = sorted({par_id[x] for u in case.urgence for x in u.pieces})
    if urgentes:
        groupes["urgence"] = urgentes
    emploi_urgent = sorted({par_id[x] for u in case.urgence for x in u.pieces
                            if next(p.categorie for p in case.pieces if p.id == x) == "emploi"})
    if emploi_urgent:
        groupes["urgence_emploi"] = emploi_urgent
    refs: dict[str, Any] = {nom: ref_pieces(nums) for nom, nums in groupes.items()}

    chrono = sorted(range(len(case.tentatives)), key=lambda k: case.tentatives[k].le)
    tentatives = []
    for n, k in enumerate(chrono, 1):
        t = case.tentatives[k]
        canal = lib["canal_tentative"][t.canal]
        tentatives.append({
            "numero": n,
            "date": date_fr(t.le.date(), jour_semaine=True),
            "heure": heure_fr(t.le) if t.heure_connue else lib["piece"]["aucune"],
            "canal": canal["libelle"],
            "resultat": t.resultat or par_defaut(canal["resultat"], projet),
            "piece": ref_pieces([par_tentative[k]]) if k in par_tentative else lib["piece"]["aucune"],
        })

    calendrier = [{"semaine": date_courte(sem.lundi), "jours": [" ; ".join(j) for j in sem.jours]}
                  for sem in semainier(case, par_tentative)]

    courriers = []
    for i, ca in enumerate(a.courriers, 1):
        c = ca.courrier
        nums = [par_champ[f"courriers[{i}].{f}"] for f in ("fichier", "accuse") if f"courriers[{i}].{f}" in par_champ]
        t = lib["courrier"][c.type]
        courriers.append({
            "libelle": t["libelle"],
            "accord": t["accord"],
            "envoye_le": date_fr(c.envoye_le),
            "recu_le": date_fr(c.recu_le) if c.recu_le else None,
            "refs": ref_pieces(nums) if nums else None,
            "delai_jours": c.delai_jours,
            "echeance": date_fr(ca.echeance, jour_semaine=True) if ca.echeance else None,
            "echeance_passee": ca.echeance_passee,
        })

    urgence = []
    for u in case.urgence:
        nums = [par_id[x] for x in u.pieces]
        urgence.append({
            "fait": u.fait.rstrip(" ."),
            "lettre": (u.lettre or u.fait).rstrip(" ."),
            "le": date_fr(u.le, jour_semaine=True) if u.le else None,
            # The fact's date is printed beside it unless the fact already says it.
            "le_ecrit": u.le is not None and _plat(date_fr(u.le)) in _plat(u.fait),
            "refs": ref_pieces(nums) if nums else None,
        })
    categories = {p.categorie for p in case.pieces}

    titre = None
    if case.titre:
        t = case.titre
        premier = t.nature.split()[0].lower() if t.nature.split() else ""
        article = lib["article_titre"].get(premier)
        titre = {
            "nature": t.nature,
            # "une carte de séjour…", "un certificat…"; an unknown word: "un titre de séjour (…)".
            "une_nature": f"{article} {t.nature}" if article else f"un titre de séjour ({t.nature})",
            "numero": t.numero,
            "expire_le": date_fr(t.expire_le, jour_semaine=True),
            "expire": a.titre_expire,
            "jours": abs(a.jours_avant_expiration or 0),
            "anef": t.anef,
        }

    fenetre = None
    if a.fenetre is not None:
        fenetre = {
            "debut": date_fr(a.fenetre.debut, jour_semaine=True),
            "fin": date_fr(a.fenetre.fin, jour_semaine=True),
            "position": a.fenetre.position,
        }

    return Champ("", {
        "projet": projet,
        "fenetre": fenetre,
        "dossier": {
            "reference": case.dossier.reference,
            "date": date_fr(case.dossier.date),
            "procedure": lib["procedure"][a.procedure],
        },
        "requerant": {
            "civilite": r.civilite,
            "nom": r.nom,
            "prenoms": r.prenoms,
            "date_naissance": date_fr(r.date_naissance),
            "lieu_naissance": r.lieu_naissance,
            "nationalite": r.nationalite,
            "adresse": r.adresse,
            "telephone": r.telephone,
            "courriel": r.courriel,
            "numero_etranger": r.numero_etranger,
        },
        "g": g,
        "conseil": None if case.conseil is None else {
            "nom": case.conseil.nom,
            "barreau": _barreau(case.conseil.barreau),
            "adresse": case.conseil.adresse,
            "telephone": case.conseil.telephone,
            "courriel": case.conseil.courriel,
        },
        "titre": titre,
        "demande": {
            "objet": case.demande.objet,
            "objet_libelle": lib["objet"][case.demande.objet],
            "objet_lettre": lib["objet" if case.conseil else "objet_moi"][case.demande.objet],
            "anef": case.demande.canal == "anef",
            "en_france_depuis": date_fr(case.demande.en_france_depuis) if case.demande.en_france_depuis else None,
            "convocation_le": (date_fr(case.demande.convocation_le, jour_semaine=True)
                               if case.demande.convocation_le else None),
            "oqtf_le": date_fr(case.demande.oqtf_le) if case.demande.oqtf_le else None,
        },
        "juridiction": {
            "autorite": jur.autorite,
            "prefecture": jur.prefecture,
            "prefecture_ville": jur.prefecture_ville,
            "prefecture_adresse": jur.prefecture_adresse,
            "tribunal": jur.tribunal[:1].lower() + jur.tribunal[1:],
            "tribunal_adresse": jur.tribunal_adresse,
            "departement": jur.nom_departement,
        },
        "preuve": {
            "nombre": a.preuve.nombre,
            "semaines": a.preuve.semaines,
            "heures_variees": a.preuve.heures_variees,
            "site_seul": a.preuve.site_seul,
            "premiere": date_fr(a.preuve.premiere.date()) if a.preuve.premiere else None,
            "derniere": date_fr(a.preuve.derniere.date()) if a.preuve.derniere else None,
        },
        "tentatives": tentatives,
        "calendrier": calendrier,
        "courriers": courriers,
        "urgence": urgence,
        "analyse": {
            "procedure": a.procedure,
            "urgence_presumee": a.urgence_presumee,
            "urgence_rapprochee": a.urgence_rapprochee,
            "titre_expire": a.titre_expire,
            "jours_avant_expiration": a.jours_avant_expiration,
            "anef": case.demande.canal == "anef",
            "emploi": "emploi" in categories,
            "emploi_en_cours": a.emploi_en_cours,
            "echeance_urgence": date_fr(a.echeance_urgence, jour_semaine=True) if a.echeance_urgence else None,
            "convocation_apres_expiration": a.convocation_apres_expiration,
            "convocation_apres_urgence": a.convocation_apres_urgence,
            "attestation_prolongation": a.attestation_prolongation,
            "famille": "famille" in categories,
            "courriers": len(a.courriers),
            "courriers_sans_reponse": a.courriers_sans_reponse,
            "convocation": case.demande.convocation_le is not None,
            "oqtf": case.demande.oqtf_le is not None,
        },
        # With --projet, what the case file did not say is marked: the lawyer checks it.
        "conclusions": {
            "delai_jours": par_defaut(a.delai_jours, projet and a.delai_jours_par_defaut),
            "astreinte": par_defaut(a.astreinte_euros, projet and a.astreinte_par_defaut),
            "astreinte_texte": par_defaut(euros(a.astreinte_euros), projet and a.astreinte_par_defaut),
            "frais": par_defaut(a.frais_l761_1, projet and a.frais_par_defaut),
            "frais_texte": par_defaut(euros(a.frais_l761_1), projet and a.frais_par_defaut),
            "aide_juridictionnelle": case.conclusions.aide_juridictionnelle,
            "delai_tenue": par_defaut(a.delai_tenue, projet),
            "delai_document_heures": par_defaut(a.delai_document_heures, projet),
        },
        "lettre": {
            "delai_jours": par_defaut(a.lettre_delai_jours, projet),
            "reception": date_fr(a.lettre_reception, jour_semaine=True),
            "echeance": date_fr(a.lettre_echeance, jour_semaine=True),
        },
        "refs": refs,
        "groupes": {nom: Groupes(nums) for nom, nums in groupes.items()},
        "inventaire": [{"numero": p.piece.numero, "libelle": p.piece.libelle, "pages": p.pages} for p in pieces],
        "signature": {
            "lieu": _lieu(case),
            "nom": case.conseil.nom if case.conseil else f"{r.prenoms} {r.nom}",
        },
    })


# --- rendering ----------------------------------------------------------------------


@lru_cache(maxsize=16)
def _emplacements(chemin: Path, version: int) -> frozenset[str]:
    """The clause placeholders ({{p clauses.X }}) a Word template holds."""
    tpl = _Modele(str(chemin))
    tpl.init_docx()
    xml = tpl.patch_xml(tpl.get_xml())
    return frozenset(re.findall(r"clauses\.([A-Za-z_]\w*)", xml))


def pieces_du_contexte(ctx: Champ) -> clauses.Pieces:
    """What piece() and pieces() resolve in a clause: the pièce groups of this case."""
    return clauses.Pieces({nom: list(nums) for nom, nums in ctx.get("groupes", {}).items()}, ref_pieces)


def rediger_document(document: str, modele: str, ctx: Champ, bib: clauses.Bibliotheque,
                     dossier_modeles: Path | None = None, *, jour: dt.date | None = None
                     ) -> tuple[bytes, clauses.Rendu]:
    """Select and render the clauses of one document, then the Word template around them.
    ``jour``: the drafting date, which dates the file (see rendre)."""
    rendu = clauses.rediger(bib, document, ctx, pieces_du_contexte(ctx))
    chemin = (dossier_modeles or templates_dir()) / MODELES.get(modele, modele)
    places = _emplacements(chemin, chemin.stat().st_mtime_ns)
    for section in bib.plans[document]:
        # A section whose placeholder the template lacks would vanish without a word.
        if section.emplacement in rendu.emplacements and section.emplacement not in places:
            raise TemplateError(
                f"modèle {chemin.name} : pas d'emplacement {{{{p clauses.{section.emplacement} }}}} pour la section "
                f"« {section.id} » de {bib.dossier / 'plan.toml'} ; corrigez « emplacement » dans le plan ou le modèle.")
    # Every placeholder of the plan exists, empty when no clause applies: the paragraph goes.
    emplacements = {s.emplacement: RichTextParagraph() for s in bib.plans[document]}
    emplacements.update(rendu.emplacements)
    complet = Champ("", {})
    complet.update(ctx)
    complet["clauses"] = emplacements
    # The template's own citations (its title) come from the same registry as the clauses'.
    complet["cite"] = lambda cle: citation(cle, bib.registre).complet
    complet.connus = ctx.connus | {"clauses", "cite"}
    return rendre(modele, complet, dossier_modeles, jour=jour), rendu


# A document rendered outside a case (a test, a template check) has no drafting date: it is
# dated the first day a zip can say, never the day it was run.
SANS_DATE = dt.date(1980, 1, 1)


def rendre(modele: str, ctx: dict[str, Any], dossier_modeles: Path | None = None, *,
           jour: dt.date | None = None) -> bytes:
    """Render one template to DOCX bytes; a missing value raises TemplateError naming it.

    The same context and ``jour`` (the drafting date) give the same bytes: the document's
    properties and its zip entries are dated ``jour``, never the time of the run."""
    chemin = (dossier_modeles or templates_dir()) / MODELES.get(modele, modele)
    tpl = _Modele(str(chemin))
    try:
        tpl.render(ctx, environnement(), autoescape=True)
    except UndefinedError as e:
        raise TemplateError(f"modèle {chemin.name} : {e} ; complétez le dossier ou corrigez le modèle.") from None
    except SecurityError as e:
        raise TemplateError(f"modèle {chemin.name} : accès refusé par le bac à sable ({e}).") from None
    except JinjaTemplateError as e:
        raise TemplateError(f"modèle {chemin.name} : erreur dans le modèle ({e}).") from None
    except (TypeError, ValueError, AttributeError) as e:
        # {% include %} (there is no loader: templates read no file), a bad call…
        raise TemplateError(f"modèle {chemin.name} : balise refusée ou invalide ({e}).") from None
    jour = jour or SANS_DATE
    props = tpl.docx.core_properties
    props.created = props.modified = instant(jour)
    props.last_modified_by = "draft"
    props.revision = 1
    alleger(tpl.docx)
    sans_restes(tpl.docx)
    out = io.BytesIO()
    tpl.save(out)
    return figer_zip(out.getvalue(), jour)


# --- what python-docx's default document leaves behind -----------------------------------

_VIGNETTE = "http://schemas.openxmlformats.org/package/2006/relationships/metadata/thumbnail"
_XML_PERSONNALISE = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/customXml"
_SOURCES = "{http://schemas.openxmlformats.org/officeDocument/2006/bibliography}Sources"


def _bibliographie_vide(partie) -> bool:
    try:
        racine = etree.fromstring(partie.blob)
    except (etree.XMLSyntaxError, ValueError):
        return False
    return racine.tag == _SOURCES and len(racine) == 0


def sans_restes(document) -> None:
    """Remove what python-docx's default document (the templates' origin) carries and the
    dossier has no use for: the thumbnail (a picture of an empty page, shown by file browsers
    instead of the document) and the empty bibliography store (customXml, item and
    properties). A part no relationship reaches is not written, nor its content type. A
    custom XML part holding data (a firm template's bound fields) is kept."""
    paquet = document.part.package
    for rid, rel in list(paquet.rels.items()):
        if rel.reltype == _VIGNETTE:
            del paquet.rels[rid]
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype == _XML_PERSONNALISE and not rel.is_external and _bibliographie_vide(rel.target_part):
            del document.part.rels[rid]


# --- lighter DOCX for LibreOffice -------------------------------------------------------

_W = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
_STYLES_AVEC_EFFETS = "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects"
_REFERENCES_DE_STYLE = etree.XPath(
    ".//w:pStyle/@w:val | .//w:rStyle/@w:val | .//w:tblStyle/@w:val | .//w:numStyleLink/@w:val"
    " | .//w:styleLink/@w:val | .//w:clickAndTypeStyle/@w:val", namespaces={"w": _W})
_CODES_DE_CHAMP = etree.XPath(".//w:instrText/text() | .//w:fldSimple/@w:instr", namespaces={"w": _W})


def _racines_xml(document):
    """The XML of every Word part but the styles: body, headers, footers, numbering,
    settings, and the footnotes or comments python-docx keeps as raw bytes."""
    styles = document.styles.element
    for partie in document.part.package.iter_parts():
        element = getattr(partie, "_element", None)
        if element is styles:
            continue
        if element is not None:
            yield element
        elif str(partie.partname).startswith("/word/") and partie.content_type.endswith("+xml"):
            try:
                yield etree.fromstring(partie.blob)
            except etree.XMLSyntaxError:
                continue


def alleger(document, garder: tuple[str, ...] = ()) -> None:
    """Remove the styles nothing in the document uses, and Word 2010's copy of them.

    A template made from Word's (or python-docx's) default carries about 160 styles and
    800 KB of style XML, which LibreOffice reads for every file: removing them cut its
    conversion time by a third (README, "Mesures de vitesse"). What is printed is unchanged:
    a style no paragraph, run, table, numbering or STYLEREF field refers to cannot be seen,
    and the styles a used one is based on or linked to are kept. Word's built-in styles
    stay offered in Word through the latent styles, which are kept. ``garder``: style ids
    kept although unused (a template keeps those the clause bodies print in)."""
    racine = document.styles.element
    par_id = {s.get(f"{{{_W}}}styleId"): s for s in racine.iterchildren(f"{{{_W}}}style")}
    par_nom = {}
    for sid, s in par_id.items():
        nom = s.find(f"{{{_W}}}name")
        if nom is not None:
            par_nom[nom.get(f"{{{_W}}}val")] = sid
    a_garder = [sid for sid, s in par_id.items() if s.get(f"{{{_W}}}default") in ("1", "true", "on")]
    a_garder += garder
    for xml in _racines_xml(document):
        a_garder += _REFERENCES_DE_STYLE(xml)
        for code in _CODES_DE_CHAMP(xml):
            for entre_guillemets, seul in re.findall(r'STYLEREF\s+(?:"([^"]+)"|(\S+))', code):
                nom = entre_guillemets or seul
                a_garder.append(par_nom.get(nom, nom))
    gardes: set[str] = set()
    while a_garder:
        sid = a_garder.pop()
        if sid in gardes or sid not in par_id:
            continue
        gardes.add(sid)
        for lien in ("basedOn", "link", "next"):
            e = par_id[sid].find(f"{{{_W}}}{lien}")
            if e is not None:
                a_garder.append(e.get(f"{{{_W}}}val"))
    for sid, s in par_id.items():
        if sid not in gardes:
            racine.remove(s)
    for rid, rel in list(document.part.rels.items()):
        if rel.reltype == _STYLES_AVEC_EFFETS:
            del document.part.rels[rid]
