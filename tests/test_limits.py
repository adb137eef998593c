"""Budgets (drafting/limits.py): files read only if regular and small enough, clauses and
templates that cannot build huge texts or loop for hours, a linear escaping of values. The
corpus (tests/corpus/) runs the same inputs through `draft refere`; these check the parts."""

from __future__ import annotations

import os
import random
import re
import threading
import time

import pytest
from jinja2.sandbox import SecurityError

from drafting import limits
from drafting.render.clauses import bac_a_sable, budget
from drafting.render.docx import environnement
from drafting.render.values import une_ligne


def test_a_fifo_is_refused_without_waiting(tmp_path):
    tube = tmp_path / "tube.md"
    os.mkfifo(tube)
    resultat: list[BaseException] = []

    def lire():
        try:
            limits.lire_fichier(tube, 100)
        except BaseException as e:  # noqa: BLE001 (what is raised is the test's object)
            resultat.append(e)

    t = threading.Thread(target=lire, daemon=True)
    t.start()
    t.join(5)
    assert not t.is_alive(), "lire_fichier attend un écrivain sur le tube"
    assert isinstance(resultat[0], limits.FichierRefuse) and "fichier ordinaire" in resultat[0].raison


def test_size_and_special_files(tmp_path):
    gros = tmp_path / "gros.pdf"
    with open(gros, "wb") as f:
        f.truncate(3 * 2**30)
    with pytest.raises(limits.FichierRefuse) as e:
        limits.lire_fichier(gros, limits.PIECE_OCTETS_MAX)
    assert e.value.trop_gros and "3,0 Go" in e.value.raison
    with pytest.raises(limits.FichierRefuse):
        limits.lire_fichier("/dev/zero", 10)
    assert limits.lire_debut(gros, 5) == b"\0" * 5
    petit = tmp_path / "petit.md"
    petit.write_bytes("\ufeffbonjour".encode())
    assert limits.lire_texte(petit) == "bonjour"


def test_une_ligne_is_the_regular_expression_in_linear_time():
    rng = random.Random(22)
    for _ in range(5000):
        texte = "".join(rng.choice(" \n\t\r\x0bab\u00a0\u2028") for _ in range(rng.randint(0, 14)))
        assert une_ligne(texte) == re.sub(r"\s*\n\s*", " ", texte), repr(texte)
    debut = time.perf_counter()
    assert une_ligne("a" + " " * 250_000 + "\n" + " " * 250_000 + "b") == "a b"
    assert time.perf_counter() - debut < 1


@pytest.mark.parametrize("env", [bac_a_sable, environnement], ids=["clauses", "modeles"])
@pytest.mark.parametrize("source", [
    '{{ "x"|center(2*10**7) }}',
    '{{ "x"|indent(10**9) }}',
    '{{ "x" * 10**9 }}',
    '{{ ["x"] * 10**9 }}',
    '{{ "%1000000000d" % 1 }}',
    '{{ "ab".replace("", "ab") }}',
    '{{ "a"' + '|replace("", "abcdefgh")' * 6 + ' }}',
    '{{ "%s"|format(1) }}',
    '{{ range(10**9)|list|length }}',
    '{% for a in range(10000) %}{% for b in range(10000) %}{% endfor %}{% endfor %}',
    '{% set ns = namespace(s="xx") %}{% for i in range(40) %}{% set ns.s = ns.s ~ ns.s %}{% endfor %}',
    '{% set ns = namespace(s="xx") %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}{% endfor %}',
    '{{ [1, 2]|slice(10**9)|list }}',
], ids=lambda s: s[:40])
def test_the_sandboxes_bound_what_a_text_may_cost(env, source):
    debut = time.perf_counter()
    with pytest.raises((SecurityError, Exception)) as e, budget():
        env().from_string(source).render()
    assert time.perf_counter() - debut < 2
    assert not isinstance(e.value, MemoryError)


@pytest.mark.parametrize("env", [bac_a_sable, environnement], ids=["clauses", "modeles"])
def test_what_a_clause_really_does_still_works(env):
    source = ('{% for i in range(3) %}{{ i }}{% endfor %} {{ 7 % 3 }} {{ 2 ** 10 }} {{ "a" ~ 1 }} {{ "a" + "b" }} '
              '{{ ["a", "b"]|join(" ") }} {{ "abc"|replace("b", "B") }} {{ "x"|center(5) }}|')
    with budget():
        assert env().from_string(source).render() == "012 1 1024 a1 ab a b aBc   x  |"


def test_the_range_budget_is_per_rendering():
    env = bac_a_sable()
    gabarit = env.from_string("{% for a in range(300) %}{% for b in range(300) %}{% endfor %}{% endfor %}ok")
    for _ in range(3):  # 90 300 items each time: under the budget, which starts again
        with budget():
            assert gabarit.render() == "ok"


# --- the targets, measured on the hostile inputs of the corpus --------------------------

RUNAWAY = ["piece-3-go", "image-13000-transparente", "image-geante", "clause-boucles-imbriquees", "clause-center",
           "clause-tube", "modele-etoile", "modele-boucles-imbriquees", "modele-bombe-zip", "valeur-250000-espaces",
           "toml-listes-imbriquees-20000", "piece-tube"]


@pytest.mark.lent
@pytest.mark.parametrize("cas", RUNAWAY)
def test_hostile_inputs_stay_under_1_gb_and_a_minute(cas, tmp_path):
    """Each runaway input of issue 22, run as a user runs it in a process of its own: it ends
    within 60 s and its peak memory (resident) stays under 1 GB."""
    import subprocess
    import sys

    import test_corpus

    dossier = test_corpus._dossier_du_cas(cas, tmp_path)
    sortie = tmp_path / "out"
    code = (f"import resource, sys, runpy; sys.argv = ['draft', 'refere', {str(dossier / 'dossier.toml')!r}, '-o', "
            f"{str(sortie)!r}, '--sans-pdf']\n"
            "try:\n    runpy.run_module('drafting.cli', run_name='__main__')\n"
            "finally:\n    print('pic', resource.getrusage(resource.RUSAGE_SELF).ru_maxrss, file=sys.stderr)\n")
    debut = time.perf_counter()
    r = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert time.perf_counter() - debut < 60
    assert "Traceback" not in r.stderr, r.stderr
    pic_ko = int(r.stderr.rsplit("pic ", 1)[1].split()[0])
    assert pic_ko < 1024 * 1024, f"{cas} : {pic_ko // 1024} Mo"
    attendu = test_corpus.CORPUS / cas / "attendu.txt"
    assert r.returncode == (2 if attendu.exists() else 0), r.stderr
