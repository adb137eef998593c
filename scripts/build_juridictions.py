#!/usr/bin/env python3
"""Build drafting/data/juridictions.csv from the research notes' tables.

Usage: python3 scripts/build_juridictions.py [SOURCE_CSV] [--output PATH]

SOURCE_CSV defaults to docs/sources/ta-jurisdiction.csv (see docs/sources/README.md) and
--output to drafting/data/juridictions.csv, both in this repository. The postal addresses
are joined from prefectures-adresses.csv (by département) and ta-adresses.csv (by court),
read beside SOURCE_CSV; each address keeps its source URLs, their confidence and the date
of the most recent of them, so that a later refresh of the data shows what changed.
"""

from __future__ import annotations

import argparse
import csv
import re
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent
DEFAULT_SOURCE = REPO_ROOT / "docs" / "sources" / "ta-jurisdiction.csv"
DEFAULT_OUTPUT = REPO_ROOT / "drafting" / "data" / "juridictions.csv"
PREFECTURES_ADRESSES = "prefectures-adresses.csv"
TA_ADRESSES = "ta-adresses.csv"

SOURCE_COLUMNS = (
    "departement_code",
    "departement_name",
    "prefecture_city",
    "tribunal_administratif",
    "ta_address",
    "comment",
)
OUTPUT_COLUMNS = (
    "departement",
    "nom",
    "prefecture_ville",
    "autorite",
    "prefecture",
    "tribunal",
    "tribunal_adresse",
    "source",
    "prefecture_adresse",
    "prefecture_adresse_confiance",
    "prefecture_adresse_date",
    "prefecture_adresse_source",
    "tribunal_adresse_confiance",
    "tribunal_adresse_date",
    "tribunal_adresse_source",
)
PREFECTURE_COLUMNS = ("departement", "destinataire", "service", "adresse", "code_postal", "ville",
                      "source_url", "confidence")
TA_COLUMNS = ("tribunal", "adresse", "code_postal", "ville", "source_url", "confidence")

# The date of the data each source gives (adresses-notes.md, "Sources utilisées, et leur
# date"), by URL prefix. A source dated by its month or year only is given the first day of
# it, so that it never looks more recent than it is. None: the page carries no date (a court's
# history page); such a source dates nothing, and a row needs at least one dated source. An
# address whose every URL is missing here stops the build: a new source must be dated first.
SOURCE_DATES: tuple[tuple[str, str | None], ...] = (
    # Annuaire de l'administration (DILA) as frozen in the camino repository, April 2022.
    ("https://github.com/MTES-MCT/camino/", "2022-04-28"),
    # Annuaire service-public extracts and the CADA list of PRADA, last commit 22/10/2019.
    ("https://github.com/okfnfr/dada-france-authorities/", "2019-10-22"),
    # DILA "données locales" collected in July 2026.
    ("https://github.com/Dahliyaal/justicelibre/", "2026-07-01"),
    ("https://www.guyane.gouv.fr/", "2023-09-15"),
    ("http://www.haute-loire.gouv.fr/", "2020-01-01"),
    ("https://manualzilla.com/doc/6331774/raa_30-juillet-2015", "2015-07-30"),
    ("http://nimes.tribunal-administratif.fr/", "2020-01-01"),
    ("http://marseille.tribunal-administratif.fr/", "2021-12-01"),
    ("https://madeinmarseille.net/", "2022-02-01"),
    ("https://www.nouvellespublications.com/", "2022-01-01"),
    ("https://www.pressreader.com/france/nice-matin-cannes/20181030/", "2018-10-30"),
    ("http://www.pressreader.com/monaco/monaco-matin/20181029/", "2018-10-29"),
    ("https://unidivers.fr/", "2025-09-01"),
    ("https://fr.wikipedia.org/wiki/?title=Tribunal_administratif_de_Montreuil&oldid=179358087", "2021-01-29"),
    ("http://fr.wikipedia.com/wiki/Tribunal_administratif_de_Toulouse", None),
    ("https://lille.tribunal-administratif.fr/", None),
    ("https://nice.tribunal-administratif.fr/", None),
)
CONFIDENCES = {"H", "M"}   # an L address is never printed in a filing
POSTCODE = re.compile(r"\d{5}")

# Preposition + article placed between "préfet"/"préfecture" and the name.
# French usage is idiosyncratic, so this is a hand-checked table, not a rule.
# The name is stored too: the article is only valid for that exact spelling,
# so a renamed or re-spelled source row must stop the build for review.
#
# The ten "X-et-Y" départements (two river names) take no article in official
# usage (décrets de nomination, préfecture sites): "préfet de Maine-et-Loire",
# "préfet d'Ille-et-Vilaine", not "du Maine-et-Loire" / "de l'Ille-et-Vilaine".
# Compound names that are not "X-et-Y" (Loire-Atlantique, Seine-Saint-Denis,
# Charente-Maritime, ...) keep their article.
ARTICLES: dict[str, tuple[str, str]] = {
    "01": ("de l'", "Ain"),
    "02": ("de l'", "Aisne"),
    "03": ("de l'", "Allier"),
    "04": ("des", "Alpes-de-Haute-Provence"),
    "05": ("des", "Hautes-Alpes"),
    "06": ("des", "Alpes-Maritimes"),
    "07": ("de l'", "Ardèche"),
    "08": ("des", "Ardennes"),
    "09": ("de l'", "Ariège"),
    "10": ("de l'", "Aube"),
    "11": ("de l'", "Aude"),
    "12": ("de l'", "Aveyron"),
    "13": ("des", "Bouches-du-Rhône"),
    "14": ("du", "Calvados"),
    "15": ("du", "Cantal"),
    "16": ("de la", "Charente"),
    "17": ("de la", "Charente-Maritime"),
    "18": ("du", "Cher"),
    "19": ("de la", "Corrèze"),
    "2A": ("de la", "Corse-du-Sud"),
    "2B": ("de la", "Haute-Corse"),
    "21": ("de la", "Côte-d'Or"),
    "22": ("des", "Côtes-d'Armor"),
    "23": ("de la", "Creuse"),
    "24": ("de la", "Dordogne"),
    "25": ("du", "Doubs"),
    "26": ("de la", "Drôme"),
    "27": ("de l'", "Eure"),
    "28": ("d'", "Eure-et-Loir"),
    "29": ("du", "Finistère"),
    "30": ("du", "Gard"),
    "31": ("de la", "Haute-Garonne"),
    "32": ("du", "Gers"),
    "33": ("de la", "Gironde"),
    "34": ("de l'", "Hérault"),
    "35": ("d'", "Ille-et-Vilaine"),
    "36": ("de l'", "Indre"),
    "37": ("d'", "Indre-et-Loire"),
    "38": ("de l'", "Isère"),
    "39": ("du", "Jura"),
    "40": ("des", "Landes"),
    "41": ("de", "Loir-et-Cher"),
    "42": ("de la", "Loire"),
    "43": ("de la", "Haute-Loire"),
    "44": ("de la", "Loire-Atlantique"),
    "45": ("du", "Loiret"),
    "46": ("du", "Lot"),
    "47": ("de", "Lot-et-Garonne"),
    "48": ("de la", "Lozère"),
    "49": ("de", "Maine-et-Loire"),
    "50": ("de la", "Manche"),
    "51": ("de la", "Marne"),
    "52": ("de la", "Haute-Marne"),
    "53": ("de la", "Mayenne"),
    "54": ("de", "Meurthe-et-Moselle"),
    "55": ("de la", "Meuse"),
    "56": ("du", "Morbihan"),
    "57": ("de la", "Moselle"),
    "58": ("de la", "Nièvre"),
    "59": ("du", "Nord"),
    "60": ("de l'", "Oise"),
    "61": ("de l'", "Orne"),
    "62": ("du", "Pas-de-Calais"),
    "63": ("du", "Puy-de-Dôme"),
    "64": ("des", "Pyrénées-Atlantiques"),
    "65": ("des", "Hautes-Pyrénées"),
    "66": ("des", "Pyrénées-Orientales"),
    "67": ("du", "Bas-Rhin"),
    "68": ("du", "Haut-Rhin"),
    "69": ("du", "Rhône"),
    "70": ("de la", "Haute-Saône"),
    "71": ("de", "Saône-et-Loire"),
    "72": ("de la", "Sarthe"),
    "73": ("de la", "Savoie"),
    "74": ("de la", "Haute-Savoie"),
    # Never used as such: Paris is overridden by PARIS_OVERRIDE below.
    "75": ("de", "Paris"),
    "76": ("de la", "Seine-Maritime"),
    "77": ("de", "Seine-et-Marne"),
    "78": ("des", "Yvelines"),
    "79": ("des", "Deux-Sèvres"),
    "80": ("de la", "Somme"),
    "81": ("du", "Tarn"),
    "82": ("de", "Tarn-et-Garonne"),
    "83": ("du", "Var"),
    "84": ("du", "Vaucluse"),
    "85": ("de la", "Vendée"),
    "86": ("de la", "Vienne"),
    "87": ("de la", "Haute-Vienne"),
    "88": ("des", "Vosges"),
    "89": ("de l'", "Yonne"),
    "90": ("du", "Territoire de Belfort"),
    "91": ("de l'", "Essonne"),
    "92": ("des", "Hauts-de-Seine"),
    "93": ("de la", "Seine-Saint-Denis"),
    "94": ("du", "Val-de-Marne"),
    "95": ("du", "Val-d'Oise"),
    "971": ("de la", "Guadeloupe"),
    "972": ("de la", "Martinique"),
    "973": ("de la", "Guyane"),
    # The capital "La" is part of the official name, so the article is "de".
    "974": ("de", "La Réunion"),
    "976": ("de", "Mayotte"),
}

ALLOWED_ARTICLES = {"du", "de la", "de l'", "d'", "des", "de"}

# In Paris the residence-permit authority is the préfet de police
# (CESEDA R.431-20), not the préfet de Paris, so both columns are replaced.
PARIS_CODE = "75"
PARIS_OVERRIDE = {"autorite": "préfet de police", "prefecture": "préfecture de police"}


def with_article(article: str, name: str) -> str:
    # Elided forms ("de l'", "d'") attach to the name without a space.
    return f"{article}{name}" if article.endswith("'") else f"{article} {name}"


def check_table() -> None:
    bad = {code: art for code, (art, _) in ARTICLES.items() if art not in ALLOWED_ARTICLES}
    if bad:
        raise SystemExit(f"error: unknown article(s) in ARTICLES table: {bad}")


def read_source(path: Path) -> list[dict[str, str]]:
    # utf-8-sig so that a BOM added by a spreadsheet export does not corrupt
    # the first column name.
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in SOURCE_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise SystemExit(f"error: {path}: missing column(s) {missing}")
        rows = list(reader)

    codes = [r["departement_code"].strip() for r in rows]
    duplicates = sorted({c for c in codes if codes.count(c) > 1})
    if duplicates:
        raise SystemExit(f"error: {path}: duplicate département code(s) {duplicates}")

    unknown = sorted(set(codes) - ARTICLES.keys())
    absent = sorted(ARTICLES.keys() - set(codes))
    if unknown or absent:
        raise SystemExit(
            f"error: {path}: source and ARTICLES table disagree; "
            f"codes without an article entry: {unknown}; "
            f"table entries missing from source: {absent}"
        )

    for row in rows:
        code = row["departement_code"].strip()
        expected = ARTICLES[code][1]
        if row["departement_name"].strip() != expected:
            raise SystemExit(
                f"error: {path}: département {code} is named "
                f"{row['departement_name']!r} in the source but {expected!r} in the "
                "ARTICLES table; re-check the article before updating the table"
            )
    return rows


def read_addresses(path: Path, columns: tuple[str, ...], key: str) -> dict[str, dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in columns if c not in (reader.fieldnames or [])]
        if missing:
            raise SystemExit(f"error: {path}: missing column(s) {missing}")
        rows = [{k: (v or "").strip() for k, v in r.items()} for r in reader]
    keys = [r[key] for r in rows]
    duplicates = sorted({k for k in keys if keys.count(k) > 1})
    if duplicates:
        raise SystemExit(f"error: {path}: duplicate {key}(s) {duplicates}")
    return {r[key]: r for r in rows}


def source_date(urls: list[str], where: str) -> str:
    dates = []
    for url in urls:
        known = [d for prefix, d in SOURCE_DATES if url.startswith(prefix)]
        if not known:
            raise SystemExit(f"error: {where}: source {url!r} has no date in SOURCE_DATES")
        if known[0] is not None:
            dates.append(known[0])
    if not dates:
        raise SystemExit(f"error: {where}: no dated source")
    return max(dates)


def address(row: dict[str, str] | None, where: str) -> dict[str, str]:
    """'street, postcode city' with its confidence, date and sources; empty when unknown."""
    if row is None or not row["adresse"]:
        return {"adresse": "", "confiance": "", "date": "", "source": ""}
    if not POSTCODE.fullmatch(row["code_postal"]) or not row["ville"]:
        raise SystemExit(f"error: {where}: postcode {row['code_postal']!r} or city {row['ville']!r} invalid")
    if row["confidence"] not in CONFIDENCES:
        raise SystemExit(f"error: {where}: confidence {row['confidence']!r} not in {sorted(CONFIDENCES)}")
    urls = [u.strip() for u in row["source_url"].split(";") if u.strip()]
    return {
        "adresse": f"{row['adresse']}, {row['code_postal']} {row['ville']}",
        "confiance": row["confidence"],
        "date": source_date(urls, where),
        "source": " ; ".join(urls),
    }


def build_row(row: dict[str, str], prefectures: dict[str, dict[str, str]],
              tribunaux: dict[str, dict[str, str]]) -> dict[str, str]:
    code = row["departement_code"].strip()
    article, name = ARTICLES[code]
    out = {
        "departement": code,
        "nom": name,
        "prefecture_ville": row["prefecture_city"].strip(),
        "autorite": f"préfet {with_article(article, name)}",
        "prefecture": f"préfecture {with_article(article, name)}",
        "tribunal": row["tribunal_administratif"].strip(),
        "source": row["comment"].strip(),
    }
    # Left empty when the sources have none: an invented address in a filing is worse than
    # a blank the drafter has to fill in. The dated address tables replace the court
    # addresses of ta-jurisdiction.csv, which carry neither a date nor a confidence.
    tribunal = out["tribunal"]
    if tribunal not in tribunaux:
        raise SystemExit(f"error: {TA_ADRESSES}: no row for {tribunal!r}")
    if code not in prefectures:
        raise SystemExit(f"error: {PREFECTURES_ADRESSES}: no row for département {code}")
    ta = address(tribunaux[tribunal], f"{TA_ADRESSES}, {tribunal}")
    pref = address(prefectures[code], f"{PREFECTURES_ADRESSES}, {code}")
    out["tribunal_adresse"] = ta["adresse"]
    out["prefecture_adresse"] = pref["adresse"]
    for prefix, a in (("prefecture_adresse", pref), ("tribunal_adresse", ta)):
        for k in ("confiance", "date", "source"):
            out[f"{prefix}_{k}"] = a[k]
    if code == PARIS_CODE:
        out.update(PARIS_OVERRIDE)
    return out


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("source", nargs="?", type=Path, default=DEFAULT_SOURCE)
    parser.add_argument("--output", type=Path, default=DEFAULT_OUTPUT)
    args = parser.parse_args(argv)

    check_table()
    rows = read_source(args.source)
    prefectures = read_addresses(args.source.parent / PREFECTURES_ADRESSES, PREFECTURE_COLUMNS, "departement")
    tribunaux = read_addresses(args.source.parent / TA_ADRESSES, TA_COLUMNS, "tribunal")
    unknown = sorted(prefectures.keys() - ARTICLES.keys())
    if unknown:
        raise SystemExit(f"error: {PREFECTURES_ADRESSES}: unknown département(s) {unknown}")
    out_rows = [build_row(r, prefectures, tribunaux) for r in rows]
    for r in out_rows:
        if not r["tribunal"]:
            raise SystemExit(f"error: département {r['departement']} has no tribunal")

    args.output.parent.mkdir(parents=True, exist_ok=True)
    # "\n" line endings keep the generated file diff-friendly in git.
    with args.output.open("w", encoding="utf-8", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=OUTPUT_COLUMNS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(out_rows)
    print(f"wrote {len(out_rows)} rows to {args.output}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
