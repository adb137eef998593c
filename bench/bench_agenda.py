"""`draft agenda` over many cases: the analysis only, no LibreOffice, no PDF library.

    python bench/bench_agenda.py [--cas 1000] [--runs 5]

Builds N case folders from the four samples in turn, each a variant (its own reference,
drafting date moved 0 to 29 days later, titre expiring 0 to 89 days later), the evidence
linked rather than copied; then prints the median wall time of the whole command,
`draft agenda DIR --ics FICHIER`, process start included. Issue target (2-core machine):
1,000 cases in under 10 s.
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = sorted(p.parent for p in (ROOT / "samples").glob("*/dossier.toml"))


def _decaler(texte: str, cle: str, jours: int) -> str:
    def plus(m: re.Match) -> str:
        return f"{m.group(1)}{dt.date.fromisoformat(m.group(2)) + dt.timedelta(days=jours)}"
    return re.sub(rf"^({cle} = )(\d{{4}}-\d{{2}}-\d{{2}})$", plus, texte, count=1, flags=re.MULTILINE)


def fabriquer(dossier: Path, n: int) -> None:
    # The evidence is hard-linked from one copy of each sample: a case's pièces must be
    # files of its own folder (a symbolic link to elsewhere is refused), and 1,000 copies
    # would write 350 MB.
    modeles = dossier / "_modeles"
    for source in SAMPLES:
        shutil.copytree(source, modeles / source.name, ignore=shutil.ignore_patterns("attendu", "dossier.toml"))
    for i in range(n):
        source = SAMPLES[i % len(SAMPLES)]
        cible = dossier / "cas" / f"{i:04d}-{source.name}"
        shutil.copytree(modeles / source.name, cible, copy_function=os.link)
        texte = (source / "dossier.toml").read_text("utf-8")
        texte = re.sub(r'^reference = ".*"\n', "", texte, flags=re.MULTILINE)
        texte = texte.replace("[dossier]\n", f'[dossier]\nreference = "BANC-{i:04d}"\n', 1)
        texte = _decaler(_decaler(texte, "date", i % 30), "expire_le", i % 90)
        (cible / "dossier.toml").write_text(texte, "utf-8")


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cas", type=int, default=1000)
    ap.add_argument("--runs", type=int, default=5)
    args = ap.parse_args()
    print(f"machine : {os.cpu_count()} cœurs, {sys.platform}, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        fabriquer(Path(tmp), args.cas)
        cas = Path(tmp) / "cas"
        commande = [sys.executable, "-m", "drafting.cli", "agenda", str(cas), "--date", "2026-12-01",
                    "--ics", str(Path(tmp) / "agenda.ics")]
        temps = []
        for _ in range(args.runs):
            t = time.perf_counter()
            r = subprocess.run(commande, capture_output=True, text=True, cwd=ROOT)
            temps.append(time.perf_counter() - t)
            if r.returncode != 0:
                sys.exit(f"draft agenda a échoué ({r.returncode}) : {r.stderr}")
        echeances = r.stdout.splitlines()[0]
        print(f"draft agenda, {args.cas} cas, avec --ics : médiane de {args.runs} : {statistics.median(temps):.2f} s "
              f"(de {min(temps):.2f} à {max(temps):.2f}) — {echeances}")


if __name__ == "__main__":
    main()
