"""The clause library: the texts of the documents, one clause a file, edited by paralegals.

A clause file is a TOML front matter between ``+++`` lines and a body in light Markdown
with Jinja placeholders::

    +++
    id = "urgence-renouvellement"
    documents = ["requete"]
    section = "urgence"
    ordre = 10
    quand = "analyse.urgence_presumee"
    citations = ["CE-2022-06-09-453391"]
    description = "Urgence présumée pour un renouvellement."
    +++
    Lorsque l'étranger sollicite le renouvellement de son titre… ({{ cite("CE-2022-06-09-453391") }}).

``clauses/plan.toml`` gives each document its sections, in order, with their headings and
the placeholder of the Word template where they print (``{{p clauses.discussion }}``).

Conditions and bodies run in Jinja's immutable sandbox with strict undefined values: they
read the case, the analysis and the pièces (the fields listed in data/champs.toml) and
nothing else. Every error names the clause file and the line. The rendered Markdown
becomes Word paragraphs in the template's own styles (markdown.py).
"""

from __future__ import annotations

import contextlib
import contextvars
import datetime as dt
import re
import tomllib
import traceback
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any
from collections.abc import Callable, Iterator

from docxtpl import RichTextParagraph
import jinja2
from jinja2 import TemplateSyntaxError, UndefinedError, nodes
from jinja2.compiler import CodeGenerator, Frame
from jinja2.runtime import markup_join, str_join
from jinja2.sandbox import ImmutableSandboxedEnvironment, SecurityError

from ..citations import Citation, Citeur, registre
from ..documents import NOMS, NOMS_TOUS
from .. import limits
from ..errors import TemplateError, syntaxe_toml
from ..fr import date_fr, en_lettres, euros
from ..paths import clauses_dir
from ..rules import ref_pieces
from .markdown import Bloc, MarkdownRefuse, blocs, paragraphe, ponctuer
from .values import ChampManquant, echapper_markdown, par_defaut

DELIMITEUR = "+++"
CHAMPS_CLAUSE = {
    "id": str, "documents": list, "section": str, "ordre": int,
    "quand": str, "citations": list, "description": str,
}
REQUIS = ("id", "documents", "section", "ordre", "description")
# Helpers a clause may call; anything else it reads comes from data/champs.toml.
AIDES = ("cite", "piece", "pieces", "euros", "date", "lettres", "range", "loop", "namespace", "true", "false", "none",
         "True", "False", "None")


# --- the library ---------------------------------------------------------------------


@dataclass(frozen=True)
class Section:
    id: str
    emplacement: str          # {{p clauses.<emplacement> }} in the Word template
    titre: str | None = None  # heading, printed when at least one clause applies
    liste: bool = False       # chefs de conclusions: "… ;" and "… ." on the last one


@dataclass(frozen=True)
class Clause:
    id: str
    fichier: Path
    documents: tuple[str, ...]
    section: str
    ordre: int
    quand: str
    citations: tuple[str, ...]
    description: str
    corps: str                # the body, preceded by blank lines so Jinja's line numbers are the file's
    ligne_quand: int


@dataclass(frozen=True)
class Bibliotheque:
    dossier: Path
    plans: dict[str, tuple[Section, ...]]
    numerotation: dict[str, dict[str, str]]   # document → emplacement → heading number prefix ("II.")
    clauses: tuple[Clause, ...]
    registre: dict[str, Citation]

    def du_document(self, document: str) -> list[Clause]:
        rang = {s.id: i for i, s in enumerate(self.plans[document])}
        return sorted((c for c in self.clauses if document in c.documents),
                      key=lambda c: (rang[c.section], c.ordre, c.id))


def _erreur(fichier: Path, message: str, ligne: int | None = None) -> TemplateError:
    try:
        fichier = Path(fichier).resolve().relative_to(Path.cwd())  # short, as the user typed it
    except ValueError:
        pass
    ou = f"{fichier}, ligne {ligne}" if ligne else str(fichier)
    return TemplateError(f"clause {ou} : {message}")


def lire_plan(dossier: Path) -> tuple[dict[str, tuple[Section, ...]], dict[str, dict[str, str]]]:
    chemin = dossier / "plan.toml"
    try:
        data = limits.lire_toml(chemin)
    except FileNotFoundError:
        raise TemplateError(f"{chemin} introuvable : le plan des documents manque à la bibliothèque de clauses.") from None
    plans, numeros = {}, {}
    for doc in NOMS_TOUS:
        if doc not in data and doc in NOMS:
            raise TemplateError(f"{chemin} : le document « {doc} » n'a pas de plan ([{doc}]).")
        if doc not in data:   # a firm's library older than the other letters: no plan for them there
            data[doc] = {}
        sections = []
        for i, s in enumerate(data[doc].get("sections", []), 1):
            inconnus = set(s) - {"id", "emplacement", "titre", "liste"}
            if inconnus or "id" not in s or "emplacement" not in s:
                raise TemplateError(f"{chemin} : [[{doc}.sections]] n° {i} : champs attendus id, emplacement, "
                                    f"titre (facultatif), liste (facultatif).")
            sections.append(Section(s["id"], s["emplacement"], s.get("titre"), bool(s.get("liste", False))))
        ids = [s.id for s in sections]
        if len(set(ids)) != len(ids):
            raise TemplateError(f"{chemin} : une section apparaît deux fois dans le plan de « {doc} ».")
        plans[doc] = tuple(sections)
        numeros[doc] = dict(data[doc].get("numeros", {}))
    return plans, numeros


def _decouper(fichier: Path, texte: str) -> tuple[dict, str, int]:
    """(front matter, body, line of ``quand``)."""
    lignes = texte.splitlines()
    if not lignes or lignes[0].strip() != DELIMITEUR:
        raise _erreur(fichier, f"le fichier doit commencer par une ligne « {DELIMITEUR} » suivie de l'en-tête TOML.", 1)
    try:
        fin = next(i for i in range(1, len(lignes)) if lignes[i].strip() == DELIMITEUR)
    except StopIteration:
        raise _erreur(fichier, f"l'en-tête TOML n'est pas fermé par une ligne « {DELIMITEUR} ».", 1) from None
    try:
        entete = tomllib.loads("\n".join(lignes[1:fin]))
    except tomllib.TOMLDecodeError as e:
        # tomllib counts lines from the first line of the front matter, the file's second.
        raise _erreur(fichier, f"en-tête : {syntaxe_toml(e, decalage=1)}.") from None
    ligne_quand = next((i + 1 for i in range(1, fin) if lignes[i].lstrip().startswith("quand")), 1)
    corps = "\n" * (fin + 1) + "\n".join(_garder_fin_de_ligne(x) for x in lignes[fin + 1:]) + "\n"
    return entete, corps, ligne_quand


_BALISES_SEULES = re.compile(r"^\s*(\{%(?:(?!%\}).)*%\}\s*)+$")
_BALISE_FINALE = re.compile(r"(?<![-+])%\}\s*$")
_COMMENTAIRE_FINAL = re.compile(r"\{#(?:(?!#\}).)*#\}\s*$")


def _garder_fin_de_ligne(ligne: str) -> str:
    """A line holding only ``{% if %}`` vanishes (trim_blocks); a block tag that merely ends a
    line of text keeps its line break (Jinja's ``+%}``), or two Markdown lines would fuse."""
    if _BALISES_SEULES.match(ligne):
        return ligne
    ligne = _COMMENTAIRE_FINAL.sub("", ligne)  # a note after the text: keep the line break
    return _BALISE_FINALE.sub("+%}", ligne)


def _verifier_entete(fichier: Path, e: dict, plans: dict[str, tuple[Section, ...]],
                     reg: dict[str, Citation]) -> None:
    if inconnus := sorted(set(e) - set(CHAMPS_CLAUSE)):
        raise _erreur(fichier, f"champ(s) inconnu(s) dans l'en-tête : {', '.join(inconnus)} "
                               f"(champs permis : {', '.join(CHAMPS_CLAUSE)}).")
    if manque := [k for k in REQUIS if k not in e]:
        raise _erreur(fichier, f"champ(s) manquant(s) dans l'en-tête : {', '.join(manque)}.")
    for k, t in CHAMPS_CLAUSE.items():
        if k in e and not isinstance(e[k], t) or (t is int and isinstance(e.get(k), bool)):
            raise _erreur(fichier, f"« {k} » doit être {'un texte' if t is str else 'une liste' if t is list else 'un nombre entier'}.")
    for doc in e["documents"]:
        if doc not in NOMS_TOUS:
            raise _erreur(fichier, f"document inconnu « {doc} » (documents : {', '.join(NOMS_TOUS)}).")
        if e["section"] not in {s.id for s in plans[doc]}:
            raise _erreur(fichier, f"section « {e['section']} » absente du plan de « {doc} » dans plan.toml "
                                   f"(sections : {', '.join(s.id for s in plans[doc])}).")
    for cle in e.get("citations", []):
        c = reg.get(cle)
        if c is None:
            raise _erreur(fichier, f"citation « {cle} » absente du registre citations.toml.")
        if not c.citable:
            raise _erreur(fichier, f"citation « {cle} » de confiance {c.confiance} : elle ne peut pas figurer dans un acte.")


# --- the sandbox ---------------------------------------------------------------------


# The filters that make a text as long as a number asks, and the str methods that do the
# same: bounded, so that neither a clause nor a template can build gigabytes.
_METHODES_REFUSEES = frozenset({"center", "ljust", "rjust", "zfill", "expandtabs", "format", "format_map",
                                "replace", "join", "split", "rsplit", "splitlines"})
_BUDGET_RANGE: contextvars.ContextVar[list[int] | None] = contextvars.ContextVar("budget_range", default=None)


def _borne(resultat: Any, quoi: str) -> Any:
    if isinstance(resultat, (str, list, tuple)) and len(resultat) > limits.TEXTE_LONGUEUR_MAX:
        raise SecurityError(f"{quoi} : plus de {limits.TEXTE_LONGUEUR_MAX} caractères ou éléments, refusé")
    return resultat


def _largeur(n: Any, quoi: str) -> Any:
    if isinstance(n, int) and abs(n) > limits.TEXTE_LONGUEUR_MAX:
        raise SecurityError(f"{quoi}({n}) : plus de {limits.TEXTE_LONGUEUR_MAX}, refusé")
    return n


class _Generateur(CodeGenerator):
    """Jinja's code generator, with '~' (string concatenation) going through the
    environment, where its result is bounded: doubling a text in a loop stops early."""

    def visit_Concat(self, node: nodes.Concat, frame: Frame) -> None:
        self.write("environment.concatener((")
        for arg in node.nodes:
            self.visit(arg, frame)
            self.write(", ")
        self.write("))")


class BacASable(ImmutableSandboxedEnvironment):
    """The sandbox of clauses and Word templates, bounded: '*' and '**' kept to arithmetic on
    small numbers, '+' and '~' to texts of limits.TEXTE_LONGUEUR_MAX characters, no
    printf-style '%' on a text; the filters that take a width (center, indent…) bounded;
    range() bounded per call and, over one rendering (see budget), in total, so that nested
    loops cannot run for hours. A clause prints text, it does not build a 50-million-character
    string."""

    code_generator_class = _Generateur
    intercepted_binops = frozenset(["*", "**", "+", "%"])

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.globals["range"] = self.range_borne
        self.globals.pop("lipsum", None)
        filtres = self.filters
        for nom in ("center", "indent", "wordwrap", "truncate", "batch", "slice", "join", "replace", "format"):
            filtres[nom] = self._filtre_borne(nom, filtres[nom])

    def call_binop(self, context, operator, left, right):
        nombres = all(isinstance(x, (int, float)) and not isinstance(x, bool) for x in (left, right))
        if operator in ("*", "**") and (not nombres or (operator == "**" and abs(right) > 64)):
            raise SecurityError(f"opération « {operator} » refusée : réservée aux petits nombres")
        if operator == "%" and not nombres:
            raise SecurityError("opération « % » refusée sur un texte")
        return _borne(super().call_binop(context, operator, left, right), f"opération « {operator} »")

    def is_safe_attribute(self, obj: Any, attr: str, value: Any) -> bool:
        if isinstance(obj, str) and attr in _METHODES_REFUSEES:
            return False
        return super().is_safe_attribute(obj, attr, value)

    def concatener(self, valeurs: tuple) -> str:
        joint = markup_join(valeurs) if self.autoescape else str_join(valeurs)
        return _borne(joint, "texte assemblé par « ~ »")

    def _filtre_borne(self, nom: str, filtre: Callable) -> Callable:
        if nom == "format":
            def refuse(*args: Any, **kwargs: Any) -> Any:
                raise SecurityError("filtre « format » refusé")
            return refuse

        debut = 1 if hasattr(filtre, "jinja_pass_arg") else 0  # the environment or context comes first

        def borne(*args: Any, **kwargs: Any) -> Any:
            valeur, options = args[debut] if len(args) > debut else None, args[debut + 1:]
            for n in [*options, *kwargs.values()]:
                _largeur(n, nom)
            if nom == "replace" and len(options) >= 2 and isinstance(valeur, str):
                ancien, nouveau = str(options[0]), str(options[1])
                fois = valeur.count(ancien) if ancien else len(valeur) + 1
                _largeur(len(valeur) + fois * max(0, len(nouveau) - len(ancien)), nom)
            return _borne(filtre(*args, **kwargs), f"filtre « {nom} »")
        # Jinja passes the environment or the context to some filters: keep their marks.
        for marque in ("jinja_pass_arg",):
            if hasattr(filtre, marque):
                setattr(borne, marque, getattr(filtre, marque))
        return borne

    @staticmethod
    def range_borne(*args: int) -> range:
        r = range(*args)
        if len(r) > limits.RANGE_ELEMENTS_MAX:
            raise SecurityError(f"range() de {len(r)} éléments : plus de {limits.RANGE_ELEMENTS_MAX}, refusé")
        compte = _BUDGET_RANGE.get()
        if compte is not None:
            compte[0] += len(r)
            if compte[0] > limits.RANGE_TOTAL_MAX:
                raise SecurityError(f"boucles de plus de {limits.RANGE_TOTAL_MAX} tours en tout, refusées")
        return r


@contextlib.contextmanager
def budget() -> Iterator[None]:
    """One rendering (a clause, a condition, a Word template): the range() calls inside it
    share one budget of limits.RANGE_TOTAL_MAX items."""
    jeton = _BUDGET_RANGE.set([0])
    try:
        yield
    finally:
        _BUDGET_RANGE.reset(jeton)


@lru_cache(maxsize=1)
def bac_a_sable() -> ImmutableSandboxedEnvironment:
    """The sandbox clause conditions and bodies run in (built once per process), with the
    same strict undefined as the templates."""
    return BacASable(undefined=ChampManquant, autoescape=False, finalize=echapper_markdown,
                      trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True)


@lru_cache(maxsize=1)
def champs() -> dict[str, Any]:
    """The fields a clause may read (data/champs.toml): name → description, or nested fields."""
    chemin = Path(__file__).resolve().parent.parent / "data" / "champs.toml"
    return tomllib.loads(chemin.read_text("utf-8"))


def noms_lus(arbre: nodes.Template) -> list[tuple[list[str], int]]:
    """Each chain of names the template reads (``titre.expire_le``), with its line; loop and
    ``set`` variables are resolved to the list they iterate over (``urgence[]``)."""
    locaux: dict[str, list[str] | None] = {}
    for boucle in arbre.find_all(nodes.For):
        cibles = [n.name for n in boucle.target.find_all(nodes.Name)] if not isinstance(boucle.target, nodes.Name) else [boucle.target.name]
        source = _chaine(boucle.iter)
        for nom in cibles:
            locaux[nom] = source + ["[]"] if source and len(cibles) == 1 else None
    for bloc in arbre.find_all(nodes.With):
        for cible in bloc.targets:
            for n in [cible] if isinstance(cible, nodes.Name) else cible.find_all(nodes.Name):
                locaux[n.name] = None
    for affectation in arbre.find_all((nodes.Assign, nodes.AssignBlock)):
        affectee: nodes.Node = affectation.target  # type: ignore[attr-defined]  # Assign and AssignBlock both have one
        for n in affectee.find_all(nodes.Name) if not isinstance(affectee, nodes.Name) else [affectee]:
            locaux[n.name] = None
    for definition in arbre.find_all((nodes.Macro, nodes.CallBlock)):
        for n in getattr(definition, "args", []):
            locaux[n.name] = None
    chaines = []
    vues: set[int] = set()
    for noeud in arbre.find_all((nodes.Getattr, nodes.Getitem, nodes.Filter, nodes.Name)):
        if id(noeud) in vues:
            continue
        chaine = _chaine(noeud, vues)
        if not chaine:
            continue
        racine = chaine[0]
        if racine in locaux:
            locale = locaux[racine]
            if locale is None:
                continue
            chaine = locale + chaine[1:]
        chaines.append((chaine, noeud.lineno))
    return chaines


# Filters that keep a list a list (so a loop over them still yields its elements), and
# filters that pick one element.
FILTRES_LISTE = ("reverse", "sort", "list", "unique", "selectattr", "rejectattr", "batch", "slice")
FILTRES_ELEMENT = ("first", "last", "random")


def _chaine(noeud: nodes.Node, vues: set[int] | None = None) -> list[str]:
    """``a.b.c`` → ['a', 'b', 'c']; ``a[0].b`` and ``(a|first).b`` → ['a', '[]', 'b'];
    anything that is not a chain of names → []."""
    parts: list[str] = []
    while True:
        if vues is not None:
            vues.add(id(noeud))
        if isinstance(noeud, nodes.Getattr):
            parts.append(noeud.attr)
            noeud = noeud.node
        elif isinstance(noeud, nodes.Getitem) and isinstance(noeud.arg, nodes.Const):
            cle = noeud.arg.value
            parts.append("[]" if isinstance(cle, int) else str(cle))
            noeud = noeud.node
        elif isinstance(noeud, nodes.Filter) and noeud.name in FILTRES_LISTE and noeud.node is not None:
            noeud = noeud.node
        elif isinstance(noeud, nodes.Filter) and noeud.name in FILTRES_ELEMENT and noeud.node is not None:
            parts.append("[]")
            noeud = noeud.node
        else:
            break
    if isinstance(noeud, nodes.Name) and noeud.ctx == "load":
        return [noeud.name] + parts[::-1]
    return []


def interdits(arbre: nodes.Template) -> list[tuple[str, int]]:
    """Sandbox escapes start with a leading underscore (``__class__``), ``format`` or ``attr``."""
    out = []
    for noeud in arbre.find_all((nodes.Getattr, nodes.Getitem, nodes.Name)):
        arg = getattr(noeud, "arg", None)
        nom = (noeud.attr if isinstance(noeud, nodes.Getattr) else noeud.name if isinstance(noeud, nodes.Name)
               else arg.value if isinstance(arg, nodes.Const) else "")
        if isinstance(nom, str) and (nom.startswith("_") or nom in ("format", "format_map")):
            out.append((f"accès refusé par le bac à sable : « {nom} » n'est pas un champ du dossier.", noeud.lineno))
    for filtre in arbre.find_all(nodes.Filter):
        if filtre.name in ("attr", "format"):
            out.append((f"accès refusé par le bac à sable : le filtre « {filtre.name} » n'est pas permis "
                        f"dans une clause.", filtre.lineno))
    return out


def champs_inconnus(arbre: nodes.Template, connus: dict[str, Any] | None = None,
                    aides: tuple[str, ...] = AIDES) -> list[tuple[str, str, int]]:
    """(dotted path, fields possible there, line) for each name read that data/champs.toml lacks."""
    connus = champs() if connus is None else connus
    out = []
    for chaine, ligne in noms_lus(arbre):
        if chaine[0] in aides:
            continue
        niveau: Any = connus
        for i, nom in enumerate(chaine):
            if nom == "[]":
                niveau = niveau.get("[]", niveau) if isinstance(niveau, dict) else niveau
                continue
            if not isinstance(niveau, dict) or niveau.get("_ouvert"):
                break  # a value's own attribute (a string's .upper), or any pièce id
            if nom not in niveau:
                chemin = ".".join(chaine[: i + 1]).replace(".[]", "[]")
                proposes = ", ".join(k for k in niveau if k != "[]" and not k.startswith("_"))
                out.append((chemin, proposes, ligne))
                break
            niveau = niveau[nom]
    return out


def verifier_champs(fichier: Path, source: str, decalage: int = 0) -> None:
    """A name a clause reads must be a field of data/champs.toml or a helper; the first one
    that is not, or any reach for Python's internals, is an error naming file and line."""
    arbre = bac_a_sable().parse(source)
    for message, ligne in interdits(arbre):
        raise _erreur(fichier, message, ligne + decalage)
    for chemin, proposes, ligne in champs_inconnus(arbre):
        raise _erreur(fichier, f"champ inconnu « {chemin} » (champs possibles ici : {proposes}).", ligne + decalage)


def _citations_du_corps(arbre: nodes.Template) -> list[tuple[str, int]]:
    out = []
    for appel in arbre.find_all(nodes.Call):
        if isinstance(appel.node, nodes.Name) and appel.node.name == "cite":
            if len(appel.args) != 1 or not isinstance(appel.args[0], nodes.Const):
                raise TemplateError(f"ligne {appel.lineno} : cite() prend une clé du registre entre guillemets.")
            out.append((appel.args[0].value, appel.lineno))
    return out


def charger(dossier: Path | None = None) -> Bibliotheque:
    """Read and check the whole library; any defect is an error naming its file and line.

    A firm's library without its own citations.toml uses the bundled registry."""
    dossier = Path(dossier).resolve() if dossier is not None else clauses_dir()
    if not dossier.is_dir():
        raise TemplateError(f"bibliothèque de clauses introuvable : {dossier}.")
    fichiers = sorted(dossier.rglob("*.md")) + sorted(dossier.glob("*.toml"))
    # Reloaded whenever a file changes: a paralegal's edit shows at the next run of the same process.
    signature = tuple((str(f), f.stat().st_mtime_ns, f.stat().st_size) for f in fichiers)
    return _charger(dossier, signature)


def registre_de(dossier: Path) -> dict[str, Citation]:
    propre = dossier / "citations.toml"
    return registre(propre if propre.exists() else clauses_dir() / "citations.toml")


def fichiers_de_clauses(dossier: Path) -> list[Path]:
    return [f for f in sorted(dossier.rglob("*.md")) if f.name.lower() != "readme.md"]


def lire_clause(fichier: Path, plans: dict[str, tuple[Section, ...]], reg: dict[str, Citation]) -> Clause:
    """One clause file, checked: front matter, condition, body, fields read, citations."""
    env = bac_a_sable()
    try:
        texte = limits.lire_texte(fichier)  # a BOM, as Notepad writes it, is not an error
    except UnicodeDecodeError:
        raise _erreur(fichier, "le fichier n'est pas en UTF-8.") from None
    except limits.FichierRefuse as refus:
        raise _erreur(fichier, f"le fichier {refus.raison}.") from None
    except OSError as erreur:
        raise _erreur(fichier, f"le fichier ne peut pas être lu ({erreur.strerror}).") from None
    e, corps, ligne_quand = _decouper(fichier, texte)
    _verifier_entete(fichier, e, plans, reg)
    quand = e.get("quand", "true").strip() or "true"
    try:
        env.compile_expression(quand)
    except TemplateSyntaxError as err:
        raise _erreur(fichier, f"condition « quand » invalide ({err.message}).", ligne_quand) from None
    try:
        arbre = env.parse(corps)
    except TemplateSyntaxError as err:
        raise _erreur(fichier, f"erreur de syntaxe Jinja ({err.message}).", err.lineno) from None
    if any(isinstance(n.node, nodes.Name) and n.node.name in ("cite", "piece", "pieces")
           for n in env.parse("{{ " + quand + " }}").find_all(nodes.Call)):
        raise _erreur(fichier, "la condition « quand » ne peut pas appeler cite(), piece() ni pieces() : "
                               "elle décide, le texte imprime.", ligne_quand)
    verifier_champs(fichier, "{{ " + quand + " }}", ligne_quand - 1)
    verifier_champs(fichier, corps)
    try:
        utilisees = _citations_du_corps(arbre)
    except TemplateError as err:
        raise _erreur(fichier, err.message) from None
    declarees = list(e.get("citations", []))
    for cle, ligne in utilisees:
        if cle not in reg:
            raise _erreur(fichier, f"citation « {cle} » absente du registre citations.toml.", ligne)
        if cle not in declarees:
            raise _erreur(fichier, f"citation « {cle} » utilisée mais non déclarée dans « citations » de l'en-tête.", ligne)
    if inutiles := sorted(set(declarees) - {c for c, _ in utilisees}):
        raise _erreur(fichier, f"citation(s) déclarée(s) mais jamais citée(s) dans le texte : {', '.join(inutiles)}.")
    return Clause(
        id=e["id"], fichier=fichier, documents=tuple(e["documents"]), section=e["section"], ordre=e["ordre"],
        quand=quand, citations=tuple(declarees), description=e["description"], corps=corps,
        ligne_quand=ligne_quand,
    )


def identifiants_en_double(clauses: list[Clause]) -> list[tuple[Clause, TemplateError]]:
    vus: dict[str, Path] = {}
    erreurs = []
    for c in clauses:
        if c.id in vus:
            erreurs.append((c, _erreur(c.fichier, f"l'identifiant « {c.id} » est déjà celui de {vus[c.id]}.")))
        else:
            vus[c.id] = c.fichier
    return erreurs


@lru_cache(maxsize=8)
def _charger(dossier: Path, signature: tuple) -> Bibliotheque:
    reg = registre_de(dossier)
    plans, numeros = lire_plan(dossier)
    clauses = [lire_clause(f, plans, reg) for f in fichiers_de_clauses(dossier)]
    if doubles := identifiants_en_double(clauses):
        raise doubles[0][1]
    return Bibliotheque(dossier, plans, numeros, tuple(clauses), reg)


# --- helpers offered to clauses --------------------------------------------------------


@dataclass
class Pieces:
    """Resolves a pièce id, a group ("captures", "courriers", "titre") or a category to numbers."""

    groupes: dict[str, list[int]]
    formater: Callable[[list[int]], str]

    def numeros(self, noms: tuple[str, ...]) -> list[int]:
        out: list[int] = []
        for nom in noms:
            if nom not in self.groupes:
                raise UndefinedError(f"aucune pièce « {nom} » dans ce dossier (noms possibles : "
                                     f"{', '.join(sorted(self.groupes))})")
            out.extend(self.groupes[nom])
        return sorted(set(out))

    def piece(self, nom: str) -> str:
        nums = self.numeros((nom,))
        if len(nums) != 1:
            raise UndefinedError(f"« {nom} » désigne {len(nums)} pièces : utilisez pieces(\"{nom}\")")
        return f"({self.formater(nums)})"

    def pieces(self, *noms: str) -> str:
        return f"({self.formater(self.numeros(noms))})"


def _euros(montant: Any) -> str:
    if isinstance(montant, bool) or not isinstance(montant, int):
        raise UndefinedError(f"euros() attend un nombre entier d'euros (reçu {montant!r})")
    return par_defaut(euros(montant), getattr(montant, "defaut", False))


def _lettres(n: Any, feminin: bool = False) -> str:
    """lettres(9) → "neuf", lettres(1, feminin=true) → "une"; 17 and above stay in figures."""
    if isinstance(n, bool) or not isinstance(n, int):
        raise UndefinedError(f"lettres() attend un nombre entier (reçu {n!r})")
    return en_lettres(n, feminin)


def _date(valeur: Any, jour: bool = False) -> str:
    """date("2026-12-18") → "18 décembre 2026"; jour=true adds the weekday."""
    if isinstance(valeur, str):
        try:
            valeur = dt.date.fromisoformat(valeur)
        except ValueError:
            raise UndefinedError(f"date() attend une date AAAA-MM-JJ (reçu « {valeur} »)") from None
    if not isinstance(valeur, dt.date):
        raise UndefinedError(f"date() attend une date (reçu {valeur!r})")
    return date_fr(valeur, jour_semaine=jour)


def pieces_du_contexte(ctx: dict[str, Any]) -> Pieces:
    """What piece() and pieces() resolve in a clause: the pièce groups of this case."""
    return Pieces({nom: list(nums) for nom, nums in ctx.get("groupes", {}).items()}, ref_pieces)


def avec_aides(ctx: dict[str, Any], pieces: Pieces, cite: Callable[[str], str]) -> dict[str, Any]:
    """The context a clause sees: the case's fields and the helpers."""
    return {**ctx, "cite": cite, "piece": lambda nom: pieces.piece(nom),
            "pieces": lambda *noms: pieces.pieces(*noms), "euros": _euros, "date": _date,
            "lettres": _lettres}


# --- selection and rendering -----------------------------------------------------------


@dataclass(frozen=True)
class Choix:
    clause: Clause
    retenue: bool


def _ligne(err: BaseException, fichier: Path) -> int | None:
    ligne = None
    for cadre in traceback.extract_tb(err.__traceback__):
        if cadre.filename == str(fichier):
            ligne = cadre.lineno
    return ligne


@lru_cache(maxsize=512)
def _condition(quand: str):
    return bac_a_sable().compile_expression(quand, undefined_to_none=False)


def _evaluer(clause: Clause, ctx: dict[str, Any]) -> bool:
    expr = _condition(clause.quand)
    try:
        with budget():
            return bool(expr(**ctx))
    except UndefinedError as e:
        raise _erreur(clause.fichier, f"condition « quand » : {e}.", clause.ligne_quand) from None
    except SecurityError as e:
        raise _erreur(clause.fichier, f"condition « quand » : accès refusé par le bac à sable ({e}).",
                      clause.ligne_quand) from None
    except Exception as e:  # a comparison of a number with a text, an overflow…: still name the clause
        raise _erreur(clause.fichier, f"condition « quand » : erreur à l'évaluation ({type(e).__name__} : {e}).",
                      clause.ligne_quand) from None


def choisir(bib: Bibliotheque, document: str, ctx: dict[str, Any]) -> list[Choix]:
    out = []
    for c in bib.du_document(document):
        out.append(Choix(c, _evaluer(c, ctx)))
    return out


@lru_cache(maxsize=256)
def _compiler(clause: Clause):
    # Compiled with the file's path, so a runtime error's traceback names its line.
    env = bac_a_sable()
    code = env.compile(clause.corps, name=clause.id, filename=str(clause.fichier))
    return env.template_class.from_code(env, code, env.make_globals(None))


def rendre_clause(clause: Clause, ctx: dict[str, Any]) -> str:
    """The clause's Markdown for this case."""
    try:
        with budget():
            return _compiler(clause).render(**ctx)
    except SecurityError as e:
        raise _erreur(clause.fichier, f"accès refusé par le bac à sable ({e}).", _ligne(e, clause.fichier)) from None
    except UndefinedError as e:
        raise _erreur(clause.fichier, f"{e}.", _ligne(e, clause.fichier)) from None
    except TemplateError as e:
        raise _erreur(clause.fichier, e.message, _ligne(e, clause.fichier)) from None
    except Exception as e:  # whatever the body does wrong, the message names the clause and line
        raise _erreur(clause.fichier, f"erreur à l'évaluation ({type(e).__name__} : {e}).",
                      _ligne(e, clause.fichier)) from None


@dataclass
class Rendu:
    emplacements: dict[str, RichTextParagraph]
    choix: list[Choix]
    imprimees: set[str] = field(default_factory=set)   # clauses whose text is not empty


def blocs_de(clause: Clause, ctx: dict[str, Any]) -> list[Bloc]:
    """The clause's paragraphs for this case."""
    try:
        return blocs(rendre_clause(clause, ctx))
    except MarkdownRefuse as e:
        raise _erreur(clause.fichier, e.message, e.ligne) from None


def rediger_clauses(bib: Bibliotheque, document: str, ctx: dict[str, Any], pieces: Pieces,
                    formes: Callable[[str], str] | None = None, jour: dt.date | None = None) -> Rendu:
    """Select the clauses that apply to this case and render them, section by section.
    ``jour``: the drafting date; a decision rendered after it cannot be cited."""
    citeur = Citeur(bib.registre, jour)
    ctx = avec_aides(ctx, pieces, formes or (lambda cle: citeur(cle)))  # a closure: no attribute to read
    choix = choisir(bib, document, ctx)
    retenues = [c.clause for c in choix if c.retenue]
    par_emplacement: dict[str, list[Bloc]] = {}
    compteurs: dict[str, int] = {}
    dernier_chef: dict[str, Bloc] = {}
    imprimees: set[str] = set()
    for section in bib.plans[document]:
        dans = [c for c in retenues if c.section == section.id]
        liste = par_emplacement.setdefault(section.emplacement, [])
        rendus = [(c, blocs_de(c, ctx)) for c in dans]
        rendus = [(c, bs) for c, bs in rendus if bs]
        imprimees |= {c.id for c, _ in rendus}
        if not rendus:
            continue
        if section.titre:
            prefixe = bib.numerotation[document].get(section.emplacement)
            titre = section.titre
            if prefixe:
                compteurs[section.emplacement] = compteurs.get(section.emplacement, 0) + 1
                titre = f"{prefixe}{compteurs[section.emplacement]} {titre}"
            liste.append(Bloc("intertitre", [(titre, False, False)]))
        for _, bs in rendus:
            if section.liste:
                ponctuer(bs[-1], " ;")
                dernier_chef[section.emplacement] = bs[-1]
            liste.extend(bs)
    for b in dernier_chef.values():
        ponctuer(b, ".")
    emplacements = {}
    for nom, bs in par_emplacement.items():
        rtp = RichTextParagraph()
        for b in bs:
            paragraphe(rtp, b)
        emplacements[nom] = rtp
    return Rendu(emplacements, choix, imprimees)


# --- the catalogue (`draft clauses`) -------------------------------------------------------


def _valeur_fr(v: Any) -> str:
    if isinstance(v, bool):
        return "vrai" if v else "faux"
    if isinstance(v, (list, tuple)):
        return f"{len(v)} élément{'s' if len(v) > 1 else ''}" if v else "aucun"
    if isinstance(v, str):
        return f"« {v} »"
    return str(v)


def valeurs_lues(clause: Clause, ctx: dict[str, Any]) -> list[str]:
    """The fields the condition reads, with their value for this case: why it applies or not."""
    env = bac_a_sable()
    out: list[str] = []
    for chaine, _ in noms_lus(env.parse("{{ " + clause.quand + " }}")):
        if chaine[0] in AIDES or "[]" in chaine:
            continue
        nom = ".".join(chaine)
        if any(x.startswith(nom + " =") for x in out):
            continue
        try:
            v = env.compile_expression(nom, undefined_to_none=False)(**ctx)
            texte = "absent" if isinstance(v, jinja2.Undefined) else _valeur_fr(v)
        except (UndefinedError, SecurityError):
            texte = "absent"
        out.append(f"{nom} = {texte}")
    return out


def catalogue(bib: Bibliotheque, documents: tuple[str, ...], ctx: dict[str, Any] | None = None) -> str:
    """The library as a paralegal reads it; with a case, which clauses apply and why."""
    lignes = [f"Bibliothèque de clauses : {bib.dossier} ({len(bib.clauses)} clauses)"]
    for doc in documents:
        lignes += ["", f"{doc.upper()}"]
        choix = {c.clause.id: c for c in choisir(bib, doc, ctx)} if ctx is not None else {}
        section = None
        for c in bib.du_document(doc):
            if c.section != section:
                section = c.section
                titre = next(s.titre for s in bib.plans[doc] if s.id == section)
                lignes.append(f"  [{section}]" + (f" {titre}" if titre else ""))
            if ctx is None:
                marque = "-"
            else:
                marque = "✔" if choix[c.id].retenue else "✘"
            lignes.append(f"    {marque} {c.id} — {c.description}")
            details = [f"fichier : {c.fichier.relative_to(bib.dossier)}"]
            if c.quand != "true":
                details.append(f"quand : {c.quand}")
            if c.citations:
                details.append(f"cite : {', '.join(c.citations)}")
            lignes.append("        " + " ; ".join(details))
            if ctx is not None and c.quand != "true":
                pourquoi = "s'applique" if choix[c.id].retenue else "ne s'applique pas"
                lignes.append(f"        {pourquoi} : " + (", ".join(valeurs_lues(c, ctx)) or c.quand))
    return "\n".join(lignes) + "\n"


def liste_champs() -> str:
    """data/champs.toml as a list: what a clause may read, and what it holds."""
    lignes = ["CHAMPS QU'UNE CLAUSE PEUT LIRE", "  aides : cite(\"clé\"), piece(\"id\"), pieces(\"groupe\", …), "
              "euros(montant), date(\"AAAA-MM-JJ\", jour=true), lettres(nombre, feminin=true)"]

    def parcourir(niveau: dict, prefixe: str) -> None:
        for k, v in niveau.items():
            if k.startswith("_"):
                continue
            nom = f"{prefixe}{k}" if k != "[]" else prefixe.rstrip(".") + "[]."
            if isinstance(v, dict):
                if k == "[]":
                    parcourir(v, nom)
                else:
                    if v.get("_ouvert"):
                        lignes.append(f"  {nom}.<nom> : toute pièce, catégorie ou groupe")
                    parcourir(v, nom + ".")
            else:
                lignes.append(f"  {nom} : {v}")

    parcourir(champs(), "")
    return "\n".join(lignes) + "\n"
