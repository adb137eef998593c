"""Property-based tests (issue 6, item 3): generated case files, valid and broken.

A strategy builds a valid case (identity in arbitrary Unicode with & < > quotes « » ’ and
no-break spaces, 2 to 12 attempts over at least two ISO weeks, lawyer or not, titre or not,
0 to 5 pièces reusing small evidence files…) as a Python model, written out as TOML text.
Mutations of that model break it the ways a hand-typed file breaks: a required key dropped,
a date corrupted, an unknown key, broken TOML syntax, a file that is not there, a wrong type.

Properties, through the real command line (click's CliRunner, in process):

- never a traceback: the only exception a run may end with is SystemExit;
- a valid case exits 0, or 3 when the analysis blocks (exactly when ``draft analyse --json``
  says ``"bloquant": true``), and its pièces are numbered 1..N without a gap, N being every
  file the case names, the same numbers and titles in the bordereau, manifest.json, the
  petition's "Pièces jointes" list, the attempts table and the Télérecours names;
- an invalid case exits 2 with one line on stderr, "Erreur : " then the file and the field,
  and writes nothing (no output folder, no temporary folder left beside it).

The runs use --sans-pdf (no LibreOffice) except one small test that checks the Télérecours
files on disk. Hypothesis is derandomized and keeps no example database: CI sees the same
examples on every run.
"""

from __future__ import annotations

import copy
import datetime as dt
import itertools
import json
import re
import shutil
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from hypothesis import HealthCheck, event, given, settings, strategies as st

from drafting.cli import main

from conftest import SAMPLES

# Processes and generated cases: the slowest of the tests that need no LibreOffice.
pytestmark = pytest.mark.lent

NBSP = "\u00a0"
PROFIL = dict(deadline=None, derandomize=True, database=None, print_blob=True,
              suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow,
                                     HealthCheck.data_too_large, HealthCheck.filter_too_much])

# Small evidence files, copied once per test into a folder beside the generated case files:
# the case files point to them as "../preuves/…", a relative path through a parent folder.
PREUVES_PDF = {
    "passeport.pdf": SAMPLES / "renouvellement-bobigny/pieces/passeport.pdf",
    "titre.pdf": SAMPLES / "renouvellement-bobigny/pieces/titre-de-sejour.pdf",
    "quittance.pdf": SAMPLES / "renouvellement-bobigny/pieces/quittance-2026-11.pdf",
    "lrar.pdf": SAMPLES / "renouvellement-bobigny/pieces/lrar-2026-11-16.pdf",
    "ar.pdf": SAMPLES / "renouvellement-bobigny/pieces/avis-de-reception-2026-11-18.pdf",
    "promesse.pdf": SAMPLES / "premiere-demande-lyon/emploi/promesse-embauche.pdf",
}
PREUVES_CAPTURES = {
    "capture.png": SAMPLES / "renouvellement-bobigny/pieces/captures/2026-10-19-0830.png",
    "capture.jpg": SAMPLES / "premiere-demande-lyon/captures/2026-11-02-0830.jpg",
}
DEPARTEMENTS = ["93", "92", "75", "69", "13", "2A", "971", "57", "976"]
BARREAUX = ["Seine-Saint-Denis", "Hauts-de-Seine", "Paris", "Lyon", "Angers", "Marseille"]
VILLES = ["Bobigny", "Saint-Denis", "L'Haÿ-les-Roses", "Œuf-en-Ternois", "Besançon", "Lyon", "Aÿ-Champagne"]
NATURES = ["carte de séjour temporaire portant la mention « salarié »", "certificat de résidence algérien",
           "carte de résident", "récépissé de demande de titre de séjour"]


# --- the model and its TOML text -----------------------------------------------------------


class Brut(str):
    """A TOML value written as is (a corrupted date, a broken token)."""


def _valeur(v) -> str:
    if isinstance(v, Brut):
        return str(v)
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        return repr(v)
    if isinstance(v, str):
        return '"' + v.replace("\\", "\\\\").replace('"', '\\"') + '"'
    if isinstance(v, dt.datetime):
        return v.isoformat(timespec="seconds")
    if isinstance(v, dt.date):
        return v.isoformat()
    if isinstance(v, list):
        return "[" + ", ".join(_valeur(x) for x in v) + "]"
    raise TypeError(v)


def _est_table(v) -> bool:
    return isinstance(v, dict)


def _est_tableaux(v) -> bool:
    return isinstance(v, list) and bool(v) and all(isinstance(x, dict) for x in v)


def vers_toml(cas: dict) -> str:
    """Root scalars first, then tables, then arrays of tables, in the model's order."""
    lignes = [f"{k} = {_valeur(v)}" for k, v in cas.items() if not _est_table(v) and not _est_tableaux(v)]
    for k, v in cas.items():
        if _est_table(v):
            lignes += ["", f"[{k}]"] + [f"{c} = {_valeur(x)}" for c, x in v.items()]
    for k, v in cas.items():
        if _est_tableaux(v):
            for item in v:
                lignes += ["", f"[[{k}]]"] + [f"{c} = {_valeur(x)}" for c, x in item.items()]
    return "\n".join(lignes) + "\n"


# --- strategies: a valid case --------------------------------------------------------------

SPECIAUX = ["&", "<", ">", '"', "'", "« ", " »", "«\u00a0", "\u00a0»", "’", "œ", "Œ", NBSP, "\u202f", " ",
            "عبد الله", "Иванова", "N'DIAYE", "*", "**", "_", "{{ x }}", "{% if %}", "\\", "#", "- ", "1. ", "> ",
            "`", " ; ", " : ", " !", "?", "&amp;", "<w:t>", "]]>", "ß", "ﬁ", "😀", "e\u0301", "\u200b"]
# Any printable character: control characters and U+FFFE/U+FFFF are refused (see the regression tests below).
_LETTRES = st.characters(codec="utf-8", exclude_categories=("Cc", "Cs"), exclude_characters="\ufffe\uffff")
texte = (st.lists(st.one_of(st.sampled_from(SPECIAUX), st.text(_LETTRES, min_size=1, max_size=10)), min_size=1, max_size=5)
         .map("".join).map(str.strip).filter(bool))


@st.composite
def adresses(draw) -> str:
    """Anything, then the postal code and the city the documents read the place of signature from."""
    rue = draw(texte)
    return f"{rue}, {draw(st.integers(1000, 98999)):05d}{draw(st.sampled_from([' ', NBSP]))}{draw(st.sampled_from(VILLES))}"


def _jours(a: int, b: int):
    return st.integers(a, b).map(lambda n: dt.timedelta(days=n))


@st.composite
def tentatives(draw, jour: dt.date) -> list[dict]:
    """2 to 12 attempts before the drafting date, over at least two ISO weeks."""
    premier = draw(st.integers(0, 140))
    autres = draw(st.lists(st.integers(0, 150), max_size=10))
    # Seven days apart or more: two ISO weeks at least, whatever the others are.
    decalages = draw(st.permutations([premier, premier + draw(st.integers(7, 10)), *autres]))
    out = []
    for d in decalages:
        le = jour - dt.timedelta(days=d)
        t: dict = {"le": dt.datetime.combine(le, dt.time(draw(st.integers(0, 23)), draw(st.integers(0, 59))))
                   if draw(st.booleans()) else le,
                   "canal": draw(st.sampled_from(["site", "courriel", "telephone", "guichet"]))}
        if draw(st.booleans()):
            t["resultat"] = draw(texte)
        if draw(st.booleans()):
            t["capture"] = "../preuves/" + draw(st.sampled_from(sorted(PREUVES_CAPTURES)))
        out.append(t)
    return out


@st.composite
def cas_valides(draw) -> dict:
    jour = draw(st.dates(dt.date(2025, 3, 1), dt.date(2027, 12, 31)))
    naissance = jour - draw(_jours(18 * 366, 70 * 365))
    cas: dict = {"dossier": {"date": jour}}
    if draw(st.booleans()):
        cas["dossier"]["reference"] = draw(texte)
    cas["dossier"]["procedure"] = draw(st.sampled_from(["auto", "auto", "mesures-utiles", "liberte"]))
    requerant = {
        "civilite": draw(st.sampled_from(["M.", "Mme"])), "nom": draw(texte), "prenoms": draw(texte),
        "date_naissance": naissance, "lieu_naissance": draw(texte), "nationalite": draw(texte),
        "adresse": draw(adresses()),
    }
    for k in ("telephone", "courriel", "numero_etranger"):
        if draw(st.booleans()):
            requerant[k] = draw(texte)
    cas["requerant"] = requerant
    if draw(st.booleans()):
        cas["conseil"] = {"nom": draw(texte), "barreau": draw(st.one_of(st.sampled_from(BARREAUX), texte)),
                          "adresse": draw(adresses())}
    if draw(st.booleans()):
        titre = {"nature": draw(st.one_of(st.sampled_from(NATURES), texte)), "expire_le": jour + draw(_jours(-300, 400))}
        if draw(st.booleans()):
            titre["numero"] = draw(texte)
        if draw(st.booleans()):
            titre["anef"] = draw(st.booleans())
        if draw(st.booleans()):
            titre["fichier"] = "../preuves/titre.pdf"
        cas["titre"] = titre
    demande = {"objet": draw(st.sampled_from(["premiere-demande", "renouvellement", "admission-exceptionnelle",
                                              "changement-de-statut"])),
               "canal": draw(st.sampled_from(["rendez-vous-en-ligne", "anef"]))}
    if draw(st.booleans()):
        demande["en_france_depuis"] = naissance + draw(_jours(1, (jour - naissance).days - 1))
    for k in ("depot_le", "refus_le", "oqtf_le"):
        if draw(st.integers(0, 7)) == 0:
            demande[k] = jour - draw(_jours(0, 200))
    if draw(st.integers(0, 5)) == 0:
        demande["convocation_le"] = jour + draw(_jours(-30, 90))
    cas["demande"] = demande
    departement = draw(st.sampled_from(DEPARTEMENTS))
    cas["prefecture"] = {"departement": int(departement) if departement.isdigit() and draw(st.booleans()) else departement}
    cas["tentatives"] = draw(tentatives(jour))
    courriers = []
    for _ in range(draw(st.integers(0, 2))):
        envoi = jour - draw(_jours(0, 60))
        c: dict = {"type": draw(st.sampled_from(["lrar", "courriel", "lettre"])), "envoye_le": envoi}
        if draw(st.booleans()):
            c["recu_le"] = envoi + draw(_jours(0, (jour - envoi).days))
        if draw(st.booleans()):
            c["delai_jours"] = draw(st.integers(1, 30))
        if draw(st.booleans()):
            c["fichier"] = "../preuves/lrar.pdf"
        if draw(st.booleans()):
            c["accuse"] = "../preuves/ar.pdf"
        courriers.append(c)
    if courriers:
        cas["courriers"] = courriers
    ids = draw(st.lists(st.one_of(st.sampled_from(["contrat", "passeport", "bail", "p-1"]), texte),
                        max_size=5, unique=True))
    pieces = [{"id": i, "titre": draw(texte), "fichier": "../preuves/" + draw(st.sampled_from(sorted(PREUVES_PDF))),
               "categorie": draw(st.sampled_from(["identite", "sejour", "domicile", "emploi", "famille", "autre"]))}
              for i in ids]
    urgences = []
    for _ in range(draw(st.integers(0, 2))):
        u: dict = {"fait": draw(texte)}
        if draw(st.booleans()):
            u["le"] = jour + draw(_jours(-30, 90))
        if pieces and draw(st.booleans()):
            u["pieces"] = draw(st.lists(st.sampled_from(ids), min_size=1, max_size=3, unique=True))
        if draw(st.booleans()):
            u["lettre"] = draw(texte)
        urgences.append(u)
    if urgences:
        cas["urgence"] = urgences
    if pieces:
        cas["pieces"] = pieces
    if draw(st.booleans()):
        conclusions = {}
        for k, bornes in (("delai_jours", (1, 30)), ("astreinte_euros", (0, 500)), ("frais_l761_1", (0, 3000))):
            if draw(st.booleans()):
                conclusions[k] = draw(st.integers(*bornes))
        if draw(st.booleans()):
            conclusions["aide_juridictionnelle"] = draw(st.booleans())
        cas["conclusions"] = conclusions
    return cas


def fichiers_du_cas(cas: dict) -> int:
    """How many pièces the case names: each must be numbered, none silently dropped."""
    n = len(cas.get("pieces", []))
    n += "fichier" in cas.get("titre", {})
    n += sum("capture" in t for t in cas["tentatives"])
    n += sum(("fichier" in c) + ("accuse" in c) for c in cas.get("courriers", []))
    return n


# --- strategies: a broken case -------------------------------------------------------------

REQUIS = {
    "": ["requerant", "demande", "prefecture"],
    "requerant": ["civilite", "nom", "prenoms", "date_naissance", "lieu_naissance", "nationalite", "adresse"],
    "conseil": ["nom", "barreau", "adresse"],
    "titre": ["nature", "expire_le"],
    "demande": ["objet", "canal"],
    "prefecture": ["departement"],
    "tentatives": ["le", "canal"],
    "courriers": ["type", "envoye_le"],
    "urgence": ["fait"],
    "pieces": ["id", "titre", "fichier", "categorie"],
}
LIGNE = r"\b(ligne|line) \d+"
FICHIERS = {"titre": ["fichier"], "tentatives": ["capture"], "courriers": ["fichier", "accuse"], "pieces": ["fichier"]}


@dataclass
class Casse:
    texte: str
    attendu: list[str]  # what the error message must contain: plain fragments, or re:patterns
    quoi: str


def _emplacements(cas: dict):
    """(field path, the dict that holds it, key) for every value of the model."""
    for k, v in cas.items():
        if _est_table(v):
            for c in v:
                yield f"{k}.{c}", v, c, k
        elif _est_tableaux(v):
            for i, item in enumerate(v, 1):
                for c in item:
                    yield f"{k}[{i}].{c}", item, c, k


def _mauvais_type(v, cle: str, table: str):
    """Values of a type the field does not take."""
    if isinstance(v, bool):
        return ["oui", 1]
    if isinstance(v, int):
        return ["8", 8.5, True] if cle != "departement" else [True, 93.0, ["93"]]
    if isinstance(v, str):
        return [True, 12.5, [1, 2], dt.date(2026, 1, 1)]
    if isinstance(v, dt.datetime):
        return [v.isoformat(), 20261019]
    if isinstance(v, dt.date):
        return [v.isoformat(), 2026] + ([] if table == "tentatives" else [dt.datetime.combine(v, dt.time(9))])
    if isinstance(v, list):
        return ["contrat", [1]]
    raise TypeError(v)


@st.composite
def cas_casses(draw) -> Casse:
    cas = copy.deepcopy(draw(cas_valides()))
    genre = draw(st.sampled_from(["cle-absente", "date", "cle-inconnue", "syntaxe", "fichier-absent", "type",
                                  "valeur-inconnue"]))
    if genre == "cle-absente":
        choix = [("", None, k) for k in REQUIS[""]]
        for chemin, parent, cle, table in _emplacements(cas):
            if cle in REQUIS.get(table, []):
                choix.append((chemin, parent, cle))
        chemin, parent, cle = draw(st.sampled_from(choix))
        if parent is None:
            del cas[cle]
            chemin = cle
        else:
            del parent[cle]
        return Casse(vers_toml(cas), [f"« {chemin} »", "obligatoire"], f"{chemin} supprimé")
    if genre == "cle-inconnue":
        tables = [k for k, v in cas.items() if _est_table(v)]
        tableaux = [(k, i) for k, v in cas.items() if _est_tableaux(v) for i in range(len(v))]
        ou = draw(st.sampled_from([None, *tables, *tableaux]))
        connues = set(cas if ou is None else cas[ou] if isinstance(ou, str) else cas[ou[0]][ou[1]])
        connues |= {k for ks in REQUIS.values() for k in ks} | {"dossier", "conseil", "titre", "tentatives", "courriers",
                                                               "urgence", "pieces", "conclusions", "ordonnance"}
        cle = draw(st.from_regex(r"[a-z][a-z_]{0,11}", fullmatch=True).filter(lambda c: c not in connues))
        valeur = draw(st.one_of(texte, st.integers(0, 9), st.booleans()))
        if ou is None:
            cas = {cle: valeur, **cas}
            chemin = cle
        elif isinstance(ou, str):
            cas[ou][cle] = valeur
            chemin = f"{ou}.{cle}"
        else:
            cas[ou[0]][ou[1]][cle] = valeur
            chemin = f"{ou[0]}[{ou[1] + 1}].{cle}"
        return Casse(vers_toml(cas), [f"« {chemin} »", "champ inconnu"], f"clé inconnue {chemin}")
    if genre == "fichier-absent":
        choix = [(chemin, parent, cle) for chemin, parent, cle, table in _emplacements(cas) if cle in FICHIERS.get(table, [])]
        choix.append(("tentatives[1].capture", cas["tentatives"][0], "capture"))
        chemin, parent, cle = draw(st.sampled_from(choix))
        nom = draw(st.sampled_from(["absent.pdf", "../preuves/absente.png", "sous dossier/pièce é.pdf", "preuves/titre.pdf"]))
        parent[cle] = nom
        return Casse(vers_toml(cas), [f"« {chemin} »", "introuvable", nom], f"{chemin} = {nom!r} absent")
    if genre == "type":
        choix = list(_emplacements(cas))
        choix += [(k, cas, k, "") for k in ("requerant", "demande", "prefecture", "tentatives")]
        chemin, parent, cle, table = draw(st.sampled_from(choix))
        if parent is cas:
            parent[cle] = draw(st.sampled_from(["texte", 3, [1, 2]]))
        else:
            parent[cle] = draw(st.sampled_from(_mauvais_type(parent[cle], cle, table)))
        return Casse(vers_toml(cas), [f"« {chemin}"], f"{chemin} = {parent[cle]!r}")
    if genre == "valeur-inconnue":
        quoi = draw(st.sampled_from(["departement", "procedure", "objet", "civilite", "canal", "categorie", "vide",
                                     "doublon", "reference"]))
        if quoi == "departement":
            cas["prefecture"]["departement"] = draw(st.sampled_from(["100", "20", "2C", "9A", "0"]))
            return Casse(vers_toml(cas), ["« prefecture.departement »"], "département inconnu")
        if quoi == "procedure":
            cas["dossier"]["procedure"] = draw(st.sampled_from(["urgent", "Liberté", "mesures utiles"]))
            return Casse(vers_toml(cas), ["« dossier.procedure »"], "procédure inconnue")
        if quoi == "objet":
            cas["demande"]["objet"] = "renouvelement"
            return Casse(vers_toml(cas), ["« demande.objet »", "renouvellement"], "objet mal orthographié")
        if quoi == "civilite":
            cas["requerant"]["civilite"] = draw(st.sampled_from(["Monsieur", "MME", "Mlle", "M"]))
            return Casse(vers_toml(cas), ["« requerant.civilite »"], "civilité inconnue")
        if quoi == "canal":
            cas["tentatives"][-1]["canal"] = "internet"
            return Casse(vers_toml(cas), [f"« tentatives[{len(cas['tentatives'])}].canal »"], "canal inconnu")
        if quoi == "vide":
            cle = draw(st.sampled_from(["nom", "prenoms", "adresse", "nationalite"]))
            cas["requerant"][cle] = draw(st.sampled_from(["", "   ", NBSP, " \u2003 "]))
            return Casse(vers_toml(cas), [f"« requerant.{cle} »", "vide"], f"requerant.{cle} vide")
        if quoi == "doublon" and len(cas.get("pieces", [])) >= 2:
            cas["pieces"][1]["id"] = cas["pieces"][0]["id"]
            return Casse(vers_toml(cas), ["« pieces[2].id »"], "identifiant en double")
        cas.setdefault("urgence", []).append({"fait": "x", "pieces": ["inexistante-9"]})
        return Casse(vers_toml(cas), [f"« urgence[{len(cas['urgence'])}].pieces »", "inexistante-9"], "pièce inconnue")
    if genre == "date":
        quoi = draw(st.sampled_from(["impossible", "texte", "tentative-future", "naissance", "expiration", "reception",
                                     "envoi", "fuseau"]))
        if quoi == "impossible":
            chemins = [(c, p, k) for c, p, k, _ in _emplacements(cas) if isinstance(p[k], dt.date)]
            chemin, parent, cle = draw(st.sampled_from(chemins))
            parent[cle] = Brut(draw(st.sampled_from(["2026-02-30", "2026-13-01", "2026-00-10", "2025-02-29",
                                                     "26-10-19", "2026-10-19T25:00:00", "19/10/2026"])))
            # Named by its line (tomllib) or, better, by its field.
            return Casse(vers_toml(cas), [rf"re:{LIGNE}|« {re.escape(chemin)} »"], f"{chemin} = {parent[cle]}")
        if quoi == "texte":
            chemins = [(c, p, k) for c, p, k, _ in _emplacements(cas) if isinstance(p[k], dt.date)]
            chemin, parent, cle = draw(st.sampled_from(chemins))
            parent[cle] = parent[cle].isoformat()
            return Casse(vers_toml(cas), [f"« {chemin} »", "sans guillemets"], f"{chemin} entre guillemets")
        if quoi == "tentative-future":
            i = draw(st.integers(0, len(cas["tentatives"]) - 1))
            cas["tentatives"][i]["le"] = cas["dossier"]["date"] + draw(_jours(1, 400))
            return Casse(vers_toml(cas), [f"« tentatives[{i + 1}].le »", "postérieure"], "tentative future")
        if quoi == "naissance":
            cas["requerant"]["date_naissance"] = cas["dossier"]["date"] + draw(_jours(0, 400))
            return Casse(vers_toml(cas), ["« requerant.date_naissance »"], "naissance future")
        if quoi == "expiration" and "titre" in cas:
            cas["titre"]["expire_le"] = cas["requerant"]["date_naissance"] - draw(_jours(0, 400))
            return Casse(vers_toml(cas), ["« titre.expire_le »"], "expiration avant la naissance")
        if quoi == "reception" and cas.get("courriers"):
            c = cas["courriers"][0]
            c["recu_le"] = c["envoye_le"] - draw(_jours(1, 30))
            return Casse(vers_toml(cas), ["« courriers[1].recu_le »"], "réception avant l'envoi")
        if quoi == "envoi" and cas.get("courriers"):
            cas["courriers"][0]["envoye_le"] = cas["dossier"]["date"] + draw(_jours(1, 30))
            cas["courriers"][0].pop("recu_le", None)
            return Casse(vers_toml(cas), ["« courriers[1].envoye_le »"], "envoi futur")
        i = draw(st.integers(0, len(cas["tentatives"]) - 1))
        le = cas["tentatives"][i]["le"]
        le = le if isinstance(le, dt.datetime) else dt.datetime.combine(le, dt.time(9))
        cas["tentatives"][i]["le"] = Brut(le.isoformat(timespec="seconds") + "+02:00")
        return Casse(vers_toml(cas), [f"« tentatives[{i + 1}].le »", "fuseau"], "heure avec fuseau")
    # Broken TOML syntax, made in the text.
    texte_toml = vers_toml(cas)
    quoi = draw(st.sampled_from(["crochet", "guillemet", "table-double", "cle-double", "egal", "tableau"]))
    if quoi == "crochet":
        texte_toml = texte_toml.replace("[requerant]", "[requerant", 1)
    elif quoi == "guillemet":
        texte_toml = re.sub(r'^(nationalite = ".*)"$', r"\1", texte_toml, count=1, flags=re.M)
    elif quoi == "table-double":
        texte_toml = texte_toml.replace("[demande]", "[demande]\n\n[demande]", 1)
    elif quoi == "cle-double":
        texte_toml = texte_toml.replace("[requerant]\n", '[requerant]\nnom = "X"\n', 1)
    elif quoi == "egal":
        texte_toml = texte_toml.replace("\n[prefecture]\n", "\n[prefecture]\ndepartement \n", 1)
    else:
        texte_toml = texte_toml.replace("[[tentatives]]", "[[tentatives]", 1)
    tomllib_refuse = True
    try:
        tomllib.loads(texte_toml)
        tomllib_refuse = False
    except tomllib.TOMLDecodeError:
        pass
    assert tomllib_refuse, quoi
    return Casse(texte_toml, ["syntaxe TOML invalide", f"re:{LIGNE}"], f"syntaxe : {quoi}")


# --- running the command line ----------------------------------------------------------------


@dataclass
class Run:
    code: int
    stdout: str
    stderr: str
    out: Path
    toml: Path


class Atelier:
    """A working folder for one test: the evidence files once, a fresh case folder per example."""

    def __init__(self, racine: Path):
        self.racine = racine
        preuves = racine / "preuves"
        preuves.mkdir()
        for nom, src in {**PREUVES_PDF, **PREUVES_CAPTURES}.items():
            shutil.copyfile(src, preuves / nom)
        self.compteur = itertools.count(1)

    def lancer(self, texte_toml: str, *options: str, commande: str = "refere") -> Run:
        n = next(self.compteur)
        dossier = self.racine / f"cas-{n}"
        dossier.mkdir()
        toml = dossier / "dossier.toml"
        toml.write_text(texte_toml, encoding="utf-8")
        out = self.racine / f"sortie-{n}"
        args = [commande, str(toml)] + (["-o", str(out)] if commande == "refere" else []) + list(options)
        if commande in ("refere", "analyse", "lettre"):
            args.append("--pieces-hors-dossier")  # the evidence is in ../preuves/, beside the case folders
        r = CliRunner().invoke(main, args)
        # Never a traceback: a run ends normally or by sys.exit(), whatever the case file holds.
        if r.exception is not None and not isinstance(r.exception, SystemExit):
            raise AssertionError(f"traceback ({type(r.exception).__name__}: {r.exception}) for:\n{texte_toml}") from r.exception
        return Run(r.exit_code, r.stdout, r.stderr, out, toml)


def _une_ligne_erreur(run: Run) -> str:
    lignes = [ligne for ligne in run.stderr.splitlines() if ligne.strip()]
    assert len(lignes) == 1, f"one line expected on stderr, got:\n{run.stderr}"
    assert lignes[0].startswith("Erreur : "), lignes[0]
    return lignes[0]


def _rien_ecrit(run: Run) -> None:
    assert not run.out.exists(), "nothing may be written for an unusable case file"
    assert not list(run.out.parent.glob(f".{run.out.name}.*")), "no temporary folder left behind"


def _paragraphes(chemin: Path) -> list[str]:
    return [p.text for p in Document(str(chemin)).paragraphs]


def _table(chemin: Path, premiere: str) -> list[list[str]]:
    for t in Document(str(chemin)).tables:
        if t.rows[0].cells[0].text == premiere:
            return [[c.text for c in row.cells] for row in t.rows[1:]]
    raise AssertionError(f"{chemin.name} : pas de table « {premiere} »")


def verifier_numerotation(cas: dict, out: Path, *, pdf: bool) -> None:
    """One numbering, 1..N without a gap, the same in every place that prints it."""
    manifeste = json.loads((out / "manifest.json").read_text("utf-8"))
    pieces = manifeste["pieces"]
    n = len(pieces)
    assert n == fichiers_du_cas(cas), "every file the case names is a pièce, once"
    assert [p["numero"] for p in pieces] == list(range(1, n + 1))
    libelles = [p["libelle"] for p in pieces]
    for p in cas.get("pieces", []):
        assert p["titre"].strip() in libelles, p["titre"]

    bordereau = _table(out / "bordereau.docx", "Pièce")
    assert [ligne[0] for ligne in bordereau] == [f"n° {k}" for k in range(1, n + 1)]
    assert [ligne[1] for ligne in bordereau] == libelles
    assert [ligne[2] for ligne in bordereau] == [str(p["pages"]) for p in pieces]
    assert all(p["pages"] >= 1 for p in pieces)
    attendu = fr"accompagnée de {n}\s+pièce" if n else "n'est accompagnée d'aucune pièce"
    assert re.search(attendu, "\n".join(_paragraphes(out / "bordereau.docx")))

    jointes = [p for p in _paragraphes(out / "requete.docx") if p.startswith("Pièce n° ")]
    assert jointes == [f"Pièce n° {k} : {lib}" for k, lib in enumerate(libelles, 1)]

    # The attempts table cites each capture by the number the bordereau gives it.
    tableau = _table(out / "requete.docx", "N°")
    assert [ligne[0] for ligne in tableau] == [str(k) for k in range(1, len(cas["tentatives"]) + 1)]
    cites = [ligne[5] for ligne in tableau if ligne[5] != "—"]
    assert len(cites) == sum("capture" in t for t in cas["tentatives"])
    for ref in cites:
        k = int(re.fullmatch(r"pièce n°\u00a0(\d+)", ref).group(1))
        assert libelles[k - 1].startswith("Capture d'écran du "), (ref, libelles[k - 1])
    assert sorted(int(c.rsplit(NBSP, 1)[1]) for c in cites) == [int(c.rsplit(NBSP, 1)[1]) for c in cites], \
        "captures numbered in the order of the attempts"

    largeur = max(2, len(str(n)))
    noms = [p["telerecours"] for p in pieces]
    for k, nom in enumerate(noms, 1):
        assert nom.startswith(f"{k:0{largeur}d}_") and len(nom) <= 80, nom
        assert re.fullmatch(r"[A-Za-z0-9_-]+\.pdf", nom), nom
    if pdf:
        sur_disque = sorted(p.name for p in (out / "telerecours").iterdir() if p.name[0].isdigit())
        assert sur_disque == noms


# --- the properties --------------------------------------------------------------------------


@pytest.fixture
def atelier(tmp_path) -> Atelier:
    return Atelier(tmp_path)


@settings(max_examples=100, **PROFIL)
@given(cas=cas_valides(), projet=st.booleans())
def test_un_cas_valide_donne_un_dossier_numerote_sans_trou(atelier, cas, projet):
    texte_toml = vers_toml(cas)
    tomllib.loads(texte_toml)
    options = ["--sans-pdf"] + (["--projet"] if projet else [])
    run = atelier.lancer(texte_toml, *options)
    analyse = atelier.lancer(texte_toml, "--json", commande="analyse")
    assert analyse.code == 0, analyse.stderr
    bloquant = json.loads(analyse.stdout)["bloquant"]
    event(f"exit {run.code}")
    event(f"{fichiers_du_cas(cas)} pièce(s)")
    assert run.code in (0, 3), f"exit {run.code}: {run.stderr}\n{texte_toml}"
    assert run.code == (3 if bloquant and not projet else 0), run.stderr
    assert run.out.is_dir()
    if run.code == 3:
        ligne = _une_ligne_erreur(run)
        assert "aucune requête" in ligne
        assert (run.out / "analyse.md").is_file() and not (run.out / "requete.docx").exists()
        return
    assert run.stderr == ""
    verifier_numerotation(cas, run.out, pdf=False)
    r = cas["requerant"]
    identite = f"{r['civilite']} {r['prenoms'].strip()} {r['nom'].strip()}"
    assert any(p.endswith(f" : {identite}") for p in _paragraphes(run.out / "bordereau.docx")), identite


@settings(max_examples=150, **PROFIL)
@given(casse=cas_casses())
def test_un_cas_invalide_sort_avec_2_et_une_ligne(atelier, casse):
    for commande, options in (("refere", ["--sans-pdf"]), ("analyse", [])):
        run = atelier.lancer(casse.texte, *options, commande=commande)
        assert run.code == 2, f"{casse.quoi}: exit {run.code}\n{run.stdout}{run.stderr}"
        ligne = _une_ligne_erreur(run)
        assert "dossier.toml" in ligne
        for fragment in casse.attendu:
            trouve = re.search(fragment[3:], ligne) if fragment.startswith("re:") else fragment in ligne
            assert trouve, f"{casse.quoi}: « {fragment} » absent de : {ligne}"
        assert "Traceback" not in run.stdout + run.stderr and run.stdout == ""
        if commande == "refere":
            _rien_ecrit(run)


@settings(max_examples=3, **PROFIL)
@given(cas=cas_valides())
def test_avec_les_pdf_les_noms_telerecours_suivent_la_numerotation(atelier, cas, soffice):
    run = atelier.lancer(vers_toml(cas), "--projet")
    assert run.code == 0, run.stderr
    verifier_numerotation(cas, run.out, pdf=True)


# --- bugs found by these tests, now fixed: kept as regression tests ---

_BASE = {
    "dossier": {"date": dt.date(2026, 12, 4)},
    "requerant": {"civilite": "M.", "nom": "KONÉ", "prenoms": "Karim", "date_naissance": dt.date(1990, 4, 2),
                  "lieu_naissance": "Abidjan", "nationalite": "ivoirienne", "adresse": "18 rue du Modèle, 93000 Bobigny"},
    "demande": {"objet": "renouvellement", "canal": "rendez-vous-en-ligne"},
    "titre": {"nature": "carte de séjour temporaire", "expire_le": dt.date(2026, 12, 31)},
    "prefecture": {"departement": "93"},
    "tentatives": [{"le": dt.datetime(2026, 10, 19, 8, 30), "canal": "site"},
                   {"le": dt.datetime(2026, 11, 19, 8, 30), "canal": "site"}],
    "courriers": [{"type": "lrar", "envoye_le": dt.date(2026, 11, 16), "recu_le": dt.date(2026, 11, 18)}],
}


def _base(**modifs) -> str:
    cas = copy.deepcopy(_BASE)
    for chemin, v in modifs.items():
        table, cle = chemin.split("__")
        cible = cas[table][0] if isinstance(cas[table], list) else cas[table]
        cible[cle] = v
    return vers_toml(cas)


def test_le_cas_de_base_des_reproductions_est_valide(atelier):
    assert atelier.lancer(_base(), "--sans-pdf").code == 0


@pytest.mark.parametrize("caractere", ["\u0001", "\u000b", "\uffff"], ids=["U+0001", "U+000B", "U+FFFF"])
def test_un_caractere_de_controle_est_refuse_avec_le_champ(atelier, caractere):
    run = atelier.lancer(_base(requerant__nom=Brut('"KO' + f"\\u{ord(caractere):04X}" + 'NÉ"')), "--sans-pdf")
    assert run.code == 2 and "« requerant.nom »" in _une_ligne_erreur(run)
    _rien_ecrit(run)


@pytest.mark.parametrize("chemin", ["../preuves/a\\u0000b.png", "../preuves/" + "a" * 300 + ".png"], ids=["NUL", "nom-long"])
def test_un_chemin_de_preuve_impossible_est_refuse_avec_le_champ(atelier, chemin):
    run = atelier.lancer(_base(tentatives__capture=Brut(f'"{chemin}"')), "--sans-pdf")
    assert run.code == 2 and "« tentatives[1].capture »" in _une_ligne_erreur(run)
    _rien_ecrit(run)


@pytest.mark.parametrize("modif", [{"courriers__recu_le": dt.date(9999, 12, 31), "courriers__delai_jours": 8},
                                   {"courriers__delai_jours": 99_999_999},
                                   {"dossier__date": dt.date(9999, 12, 30)}], ids=["recu_le", "delai_jours", "date"])
def test_une_date_extreme_ne_donne_pas_de_traceback(atelier, modif):
    run = atelier.lancer(_base(**modif), "--sans-pdf")
    assert run.code == 2
    _une_ligne_erreur(run)
    _rien_ecrit(run)


def test_une_reception_posterieure_a_la_date_du_dossier_est_refusee(atelier):
    run = atelier.lancer(_base(courriers__recu_le=dt.date(2062, 11, 18)), "--sans-pdf")
    assert run.code == 2 and "« courriers[1].recu_le »" in _une_ligne_erreur(run)
    _rien_ecrit(run)
