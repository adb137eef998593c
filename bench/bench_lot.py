"""Many cases: `draft lot` against one `draft refere` per case, and `draft analyse`.

    python bench/bench_lot.py [--cas 50 100] [--runs 3] [--boucle 20]

Builds N cases from the four samples (copies, each in its own folder), then prints:
- the median wall time of `draft lot` on N cases (--runs runs each), each run followed by
  the floor (the same DOCX through bare soffice), and the median of their ratios;
- the time of one `draft refere` process per case, measured on --boucle cases and
  scaled to N (a loop over 100 cases takes minutes: the per-case time is what counts);
- their ratio; and the median time of `draft analyse` on one case.
Issue targets (2-core machine): 100 cases under 30 s and at least 4 × faster than the
loop; draft analyse under 0.4 s.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
from drafting.convert import parts_egales  # noqa: E402  (the calls draft itself makes)

SAMPLES = sorted(p.parent for p in (ROOT / "samples").glob("*/dossier.toml"))


def chrono(cmd: list[str]) -> float:
    t = time.perf_counter()
    subprocess.run(cmd, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - t


def fabriquer(dossier: Path, n: int) -> list[Path]:
    """n case folders, copies of the samples in turn (golden files left out)."""
    cas = []
    for i in range(n):
        source = SAMPLES[i % len(SAMPLES)]
        cible = dossier / f"{i:03d}-{source.name}"
        shutil.copytree(source, cible, ignore=shutil.ignore_patterns("attendu"))
        cas.append(cible / "dossier.toml")
    return cas


def plancher_soffice(docx: list[Path], dossier: Path) -> float:
    soffice = shutil.which("soffice") or shutil.which("libreoffice")
    n = os.cpu_count() or 1
    procs = []
    t = time.perf_counter()
    for j in range(n):
        entree = dossier / f"in-{j}"
        entree.mkdir(parents=True)
        for k, d in enumerate(docx[j::n]):
            shutil.copyfile(d, entree / f"{k:04d}-{d.name}")
    t = time.perf_counter()
    for j in range(n):
        fichiers = sorted((dossier / f"in-{j}").iterdir())
        # The same calls draft makes: equal parts of at most FICHIERS_PAR_APPEL files.
        procs.append(subprocess.Popen(
            ["bash", "-c", " && ".join(
                f"{soffice} -env:UserInstallation={(dossier / f'profil-{j}').as_uri()} --headless --convert-to pdf "
                f"--outdir {dossier / f'out-{j}'} " + " ".join(str(f) for f in appel)
                for appel in parts_egales(fichiers))],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL))
    for p in procs:
        p.wait()
    return time.perf_counter() - t


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--cas", type=int, nargs="+", default=[50, 100])
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--boucle", type=int, default=20, help="cases drafted one process each, to time the loop")
    args = ap.parse_args()
    draft = [sys.executable, "-m", "drafting.cli"]
    print(f"machine : {os.cpu_count()} cœurs, {sys.platform}, Python {sys.version.split()[0]}")
    with tempfile.TemporaryDirectory() as tmp:
        tmp = Path(tmp)
        cas = fabriquer(tmp / "cas", max(args.cas))
        # One draft refere per case: the loop a script would write.
        boucle = []
        for i, c in enumerate(cas[: args.boucle]):
            boucle.append(chrono([*draft, "refere", str(c), "-o", str(tmp / "boucle" / str(i))]))
        par_cas = statistics.median(boucle)
        print(f"draft refere, un processus par cas : médiane {par_cas:.2f} s par cas (sur {len(boucle)} cas)")
        for n in args.cas:
            lot = tmp / f"lot-{n}"
            lot.mkdir()
            for c in cas[:n]:
                (lot / c.parent.name).symlink_to(c.parent, target_is_directory=True)
            # Each run of draft lot is followed by the floor: the same DOCX through bare
            # soffice, one process per core, nothing else. This machine's speed drifts from
            # one minute to the next: a ratio within a pair is steadier than either time.
            temps, planchers = [], []
            for r in range(args.runs):
                sortie = tmp / f"out-{n}-{r}"
                temps.append(chrono([*draft, "lot", str(lot), "-o", str(sortie)]))
                docx = sorted(sortie.rglob("*.docx"))
                planchers.append(plancher_soffice(docx, tmp / f"plancher-{n}-{r}"))
                shutil.rmtree(sortie)
                shutil.rmtree(tmp / f"plancher-{n}-{r}")
            m, p = statistics.median(temps), statistics.median(planchers)
            rapports = [t / f for t, f in zip(temps, planchers)]
            print(f"draft lot, {n} cas : médiane de {args.runs} : {m:.1f} s (min {min(temps):.1f}, max {max(temps):.1f}) ; "
                  f"boucle estimée {par_cas * n:.0f} s ; rapport {par_cas * n / m:.1f} ×")
            print(f"  plancher : {len(docx)} DOCX par soffice seul, {os.cpu_count()} processus en parallèle : médiane "
                  f"{p:.1f} s (min {min(planchers):.1f}, max {max(planchers):.1f}) ; rapport draft lot / plancher, "
                  f"par paire : médiane {statistics.median(rapports):.2f} (de {min(rapports):.2f} à {max(rapports):.2f})")
        analyse = [chrono([*draft, "analyse", str(cas[0])]) for _ in range(5)]
        print(f"draft analyse, un cas : médiane de 5 : {statistics.median(analyse):.2f} s")


if __name__ == "__main__":
    main()
