"""The shape of the code (ARCHITECTURE.md): the import graph of drafting/, read with `ast`.

Every import counts, a function's own included: a lazy import hides a circle from the
interpreter at start-up, not from the design. The graph has no circle; each module imports
only modules of its own layer or of a lower one; inside the render stage the parts import
each other in one direction; no module reads another's private names; and the context,
the model between the analysis and the documents, decides nothing.
"""

from __future__ import annotations

import ast
import sys
from dataclasses import dataclass
from pathlib import Path

from conftest import ROOT

PAQUET = ROOT / "drafting"

# Lowest first. A module may import its own layer and the layers below, never one above.
COUCHES: list[tuple[str, set[str]]] = [
    ("base: no knowledge of a case", {"drafting", "errors", "fr", "reproductible", "calendrier", "documents",
                                      "format_dossier", "paths", "assainissement", "limits"}),
    ("the case and the law", {"case", "citations", "rules", "jurisdiction"}),
    ("analyse, number the pièces", {"analysis", "ordonnance", "exhibits"}),
    ("the analysis as a report", {"rapport"}),
    ("render", {"render", "render.values", "render.markdown", "render.styles", "render.clauses",
                "render.contexte", "render.docx"}),
    ("convert, assemble, write the output", {"bundle", "convert", "sortie", "verrou"}),
    ("the runs and the tools", {"pipeline", "lot", "edition", "schema", "check", "agenda",
                                 "finalisation", "depot", "lettres", "execution"}),
    ("the command line", {"cli", "cli_fr"}),
]

# Inside the render stage: which parts each part may import.
RENDU = {
    "render.values": set(),                  # how a value prints: knows no other part
    "render.styles": set(),                  # DOCX pruning: knows no other part
    "render.markdown": {"render.values"},
    "render.contexte": {"render.values"},    # the model knows neither Word nor the clauses
    "render.clauses": {"render.values", "render.markdown"},
    "render.docx": {"render.values", "render.clauses", "render.styles"},
}


def _nom(chemin: Path) -> str:
    """drafting/render/docx.py → 'render.docx'; drafting/__init__.py → 'drafting'."""
    parts = chemin.relative_to(PAQUET).with_suffix("").parts
    if parts[-1] == "__init__":
        parts = parts[:-1]
    return ".".join(parts) or "drafting"


MODULES = {_nom(p): p for p in sorted(PAQUET.rglob("*.py"))}


def _paquet(nom: str) -> list[str]:
    """The package a module's relative imports start from, as a list of parts."""
    est_paquet = MODULES[nom].name == "__init__.py"
    parts = [] if nom == "drafting" else nom.split(".")
    return parts if est_paquet else parts[:-1]


def _module(parts: list[str]) -> str | None:
    nom = ".".join(parts) or "drafting"
    return nom if nom in MODULES else None


@dataclass(frozen=True)
class Import:
    cible: str                 # the module imported ("render.clauses")
    ligne: int
    noms: tuple[str, ...] = ()  # the names taken from it (`from .rules import valeur`)
    lie: str | None = None      # the local name bound to the module itself (`from . import rapport`)


def _imports(nom: str) -> list[Import]:
    """Every import of one of draft's own modules, anywhere in the module (functions included)."""
    out = []
    for n in ast.walk(ast.parse(MODULES[nom].read_text("utf-8"))):
        if isinstance(n, ast.Import):
            for alias in n.names:
                if alias.name == "drafting" or alias.name.startswith("drafting."):
                    cible = _module(alias.name.split(".")[1:])
                    if cible:
                        out.append(Import(cible, n.lineno, lie=alias.asname))
        elif isinstance(n, ast.ImportFrom):
            if n.level:
                base = _paquet(nom)
                base = base[: len(base) - (n.level - 1)] + (n.module.split(".") if n.module else [])
            elif n.module and (n.module == "drafting" or n.module.startswith("drafting.")):
                base = n.module.split(".")[1:]
            else:
                continue
            pris = []
            for alias in n.names:
                sous = _module(base + [alias.name])
                if sous:       # `from . import rapport`, `from .render import clauses`
                    out.append(Import(sous, n.lineno, lie=alias.asname or alias.name))
                else:
                    pris.append(alias.name)
            if pris and (cible := _module(base)):
                out.append(Import(cible, n.lineno, tuple(pris)))
    return out


GRAPHE = {nom: {i.cible for i in _imports(nom) if i.cible != nom} for nom in MODULES}


def test_the_graph_is_read_from_real_imports():
    # A guard on the reader itself: if it found nothing, the tests below would pass vacuously.
    assert {"render.contexte", "render.docx", "analysis", "documents"} <= GRAPHE["pipeline"]
    assert "pipeline" in GRAPHE["lot"]          # a function-level import
    assert "render.clauses" in GRAPHE["cli"]    # idem, from a subpackage
    assert "documents" in GRAPHE["render.clauses"]   # `from ..documents import …`


def _cycle() -> list[str] | None:
    etat: dict[str, int] = {}   # 1: on the current path, 2: done
    pile: list[str] = []

    def visiter(n: str) -> list[str] | None:
        etat[n] = 1
        pile.append(n)
        for m in sorted(GRAPHE[n]):
            if etat.get(m) == 1:
                return pile[pile.index(m):] + [m]
            if m not in etat and (c := visiter(m)):
                return c
        pile.pop()
        etat[n] = 2
        return None

    for n in sorted(GRAPHE):
        if n not in etat and (c := visiter(n)):
            return c
    return None


def test_no_import_circle():
    cycle = _cycle()
    assert cycle is None, "cercle d'imports : " + " → ".join(cycle)


def test_every_module_has_a_layer():
    ranges = [nom for _, noms in COUCHES for nom in noms]
    assert len(ranges) == len(set(ranges))
    sans = sorted(set(MODULES) - set(ranges))
    assert not sans, f"modules sans couche (ajoutez-les à COUCHES, et à ARCHITECTURE.md) : {', '.join(sans)}"


def test_no_import_runs_back_up_a_layer():
    rang = {nom: i for i, (_, noms) in enumerate(COUCHES) for nom in noms}
    fautes = []
    for nom in MODULES:
        for i in _imports(nom):
            if rang.get(i.cible, -1) > rang.get(nom, len(COUCHES)):
                fautes.append(f"{MODULES[nom].relative_to(ROOT)}:{i.ligne} importe {i.cible} "
                              f"(couche « {COUCHES[rang[i.cible]][0]} », au-dessus de « {COUCHES[rang[nom]][0]} »)")
    assert not fautes, "\n".join(fautes)


def test_the_render_parts_import_each_other_in_one_direction():
    assert set(RENDU) == {n for n in MODULES if n.startswith("render.")}
    for nom, permis in RENDU.items():
        parts = {c for c in GRAPHE[nom] if c.startswith("render")}
        assert parts <= permis, f"{nom} importe {sorted(parts - permis)}"


def test_the_packages_import_nothing_of_draft():
    # `import drafting.render.values` runs drafting/__init__.py and render/__init__.py first:
    # an import there would reach modules the caller never asked for, and could close a circle.
    assert GRAPHE["drafting"] == set() and GRAPHE["render"] == set()


def test_no_module_takes_the_name_of_a_standard_module():
    # calendar.py did: a script run from drafting/ imported it instead of Python's own.
    pris = sorted(nom for nom in MODULES if nom.rsplit(".", 1)[-1] in sys.stdlib_module_names)
    assert not pris, f"modules nommés comme un module standard : {', '.join(pris)}"


def test_no_module_reads_another_modules_private_names():
    fautes = []
    for nom, chemin in MODULES.items():
        imports = _imports(nom)
        ou = chemin.relative_to(ROOT)
        fautes += [f"{ou}:{i.ligne} importe {i.cible}.{n}" for i in imports for n in i.noms if n.startswith("_")]
        lies = {i.lie for i in imports if i.lie}
        fautes += [f"{ou}:{n.lineno} lit {n.value.id}.{n.attr}" for n in ast.walk(ast.parse(chemin.read_text("utf-8")))
                   if isinstance(n, ast.Attribute) and isinstance(n.value, ast.Name) and n.value.id in lies
                   and n.attr.startswith("_") and not n.attr.startswith("__")]
    assert not fautes, "\n".join(fautes)


def test_the_context_decides_nothing():
    """The legal predicates are the analysis's (analysis.py): the context only formats them.
    It compares no dates or durations, and reads no legal number or calendar of its own."""
    arbre = ast.parse(MODULES["render.contexte"].read_text("utf-8"))
    comparaisons = [n.lineno for n in ast.walk(arbre) if isinstance(n, ast.Compare)
                    and any(isinstance(op, (ast.Lt, ast.LtE, ast.Gt, ast.GtE)) for op in n.ops)]
    assert not comparaisons, f"render/contexte.py compare aux lignes {comparaisons} : une décision pour analysis.py"
    assert "calendrier" not in GRAPHE["render.contexte"]
    lus = {n for i in _imports("render.contexte") if i.cible == "rules" for n in i.noms}
    assert not lus & {"valeur", "parametre", "regles"}, "un nombre juridique se lit dans analysis.py"


def test_a_public_name_means_one_thing_in_the_whole_package():
    """Two modules never give the same public name to two different things (two Bibliotheque,
    two rediger, two tamponner once did). Allowed: a name that means the same act."""
    import collections

    memes = {
        "analyse": "the command draft analyse and the analysis it runs",
        "json_texte": "an object of the module as JSON text (the schema, the analysis)",
    }
    noms: dict[str, list[str]] = collections.defaultdict(list)
    for f in sorted((ROOT / "drafting").rglob("*.py")):
        for noeud in ast.parse(f.read_text("utf-8")).body:
            if isinstance(noeud, (ast.FunctionDef, ast.ClassDef)) and not noeud.name.startswith("_"):
                noms[noeud.name].append(f.relative_to(ROOT).as_posix())
    doubles = {nom: ou for nom, ou in noms.items() if len(ou) > 1 and nom not in memes}
    assert not doubles, doubles
