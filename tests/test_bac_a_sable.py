"""Issue 6, item 6: a clause or a template from someone else cannot reach Python, the file
system or the network; evidence is read relative to the case file and hashed in the manifest."""

from __future__ import annotations

import hashlib
import json
import shutil

import pytest
from docx import Document

from drafting.analysis import analyse
from drafting.case import load_case
from drafting.errors import TemplateError
from drafting.exhibits import PieceRendue, numeroter
from drafting.pipeline import rediger_dossier
from drafting.render.contexte import contexte
from drafting.render.docx import rendre

from conftest import SAMPLES
from test_clauses import _clause_fautive, _refus

@pytest.mark.parametrize("corps", [
    "{% include '/etc/passwd' %}",
    "{% import 'os' as os %}{{ os.system('id') }}",
    "{{ lipsum.__globals__['os'] }}",
    "{{ cycler.__init__.__globals__ }}",
    "{{ range.__self__ }}",
    "{{ requerant.nom.__class__.__mro__[1].__subclasses__() }}",
    "{{ (requerant|attr('__class__')) }}",
    "{{ '{0.__class__}'.format(requerant) }}",
])
def test_a_clause_cannot_reach_python_or_files(tmp_path, corps):
    copie, fichier = _clause_fautive(tmp_path, corps + "\n")
    message = _refus(copie, tmp_path)
    assert str(fichier) in message


@pytest.mark.parametrize("balise", [
    "{% include '/etc/passwd' %}",
    "{{ lipsum.__globals__ }}",
    "{{ cite.__globals__ }}",
    "{{ ''.__class__.__mro__ }}",
])
def test_a_template_cannot_reach_python_or_files(tmp_path, balise):
    case = load_case(SAMPLES / "renouvellement-bobigny" / "dossier.toml")
    ctx = contexte(case, analyse(case), [PieceRendue(p, 1, "") for p in numeroter(case)])
    doc = Document()
    doc.add_paragraph(balise)
    doc.save(tmp_path / "essai.docx")
    with pytest.raises(TemplateError) as e:
        rendre("essai.docx", ctx, tmp_path)
    assert "essai.docx" in e.value.message
    assert "root:" not in e.value.message


def test_evidence_is_read_beside_the_case_file_and_hashed(tmp_path):
    dossier = tmp_path / "cas"
    shutil.copytree(SAMPLES / "renouvellement-bobigny", dossier)
    out = tmp_path / "out"
    rediger_dossier(dossier / "dossier.toml", out, pdf=False)
    manifeste = json.loads((out / "manifest.json").read_text("utf-8"))
    for p in manifeste["pieces"]:
        assert not p["source"].startswith("/")  # relative to the case file
        assert p["source_sha256"] == hashlib.sha256((dossier / p["source"]).read_bytes()).hexdigest()
    assert manifeste["pieces"][1]["source"] == "pieces/titre-de-sejour.pdf"
