"""Strict rendering: a value the case lacks is an error naming it, never a blank."""

from __future__ import annotations

import io

import pytest
from docx import Document

from drafting.analysis import analyse
from drafting.case import load_case
from drafting.errors import TemplateError
from drafting.exhibits import PieceRendue, numeroter
from drafting.render.contexte import contexte
from drafting.render.docx import rendre

from conftest import reference_case


def _contexte(nom: str):
    case = load_case(reference_case(nom))
    return contexte(case, analyse(case), [PieceRendue(p, 1, "") for p in numeroter(case)])


def _modele(tmp_path, texte: str):
    doc = Document()
    doc.add_paragraph(texte)
    doc.save(tmp_path / "essai.docx")
    return tmp_path


def test_missing_optional_value_is_named_with_its_full_path(tmp_path):
    # anef-strasbourg has no telephone for the applicant.
    with pytest.raises(TemplateError) as e:
        rendre("essai.docx", _contexte("anef-strasbourg"), _modele(tmp_path, "Tél. {{ requerant.telephone }}"))
    assert "« requerant.telephone »" in str(e.value) and "essai.docx" in str(e.value)


def test_misspelt_variable_is_an_error_not_a_blank(tmp_path):
    with pytest.raises(TemplateError) as e:
        rendre("essai.docx", _contexte("aes-paris"), _modele(tmp_path, "{{ juridiction.tribunall }}"))
    assert "« juridiction.tribunall »" in str(e.value)


def test_template_cannot_reach_python_internals(tmp_path):
    with pytest.raises(Exception) as e:
        rendre("essai.docx", _contexte("aes-paris"), _modele(tmp_path, "{{ cite.__globals__ }}"))
    assert "__globals__" in str(e.value) or "unsafe" in str(e.value).lower()


def test_unknown_citation_key_is_refused(tmp_path):
    with pytest.raises(TemplateError) as e:
        rendre("essai.docx", _contexte("aes-paris"), _modele(tmp_path, '{{ cite("CE-2099-01-01-999999") }}'))
    assert "CE-2099-01-01-999999" in str(e.value)


def test_a_template_edited_between_two_renders_gives_its_new_text(tmp_path):
    # Each template part is cleaned and compiled once per process (render.docx._Modele):
    # a paralegal's edit, or a batch run reusing the process, must still see the file as it is.
    ctx = _contexte("aes-paris")
    premier = rendre("essai.docx", ctx, _modele(tmp_path, "Tribunal : {{ juridiction.tribunal }}."))
    second = rendre("essai.docx", ctx, _modele(tmp_path, "Devant le {{ juridiction.tribunal | majuscule }} !"))
    texte = [" ".join(p.text for p in Document(io.BytesIO(d)).paragraphs) for d in (premier, second)]
    tribunal = ctx["juridiction"]["tribunal"]
    assert texte[0].strip() == f"Tribunal : {tribunal}."
    assert texte[1].strip() == f"Devant le {tribunal[:1].upper()}{tribunal[1:]} !"


def test_a_line_break_in_a_value_becomes_a_word_line_break(tmp_path):
    # The rendering skips docxtpl's pass over the runs when no value holds a tab or a
    # newline (render.docx._Modele): when one does, the pass still runs.
    data = rendre("essai.docx", _contexte("aes-paris"), _modele(tmp_path, 'Adresse : {{ "12 rue A\\nBât. B\\t2e" }}.'))
    paragraphe = Document(io.BytesIO(data)).paragraphs[0]
    xml = paragraphe._p.xml
    assert "<w:br/>" in xml and "<w:tab/>" in xml
    assert "\n" not in "".join(t.text or "" for t in paragraphe._p.iter("{*}t"))
    assert paragraphe.text == "Adresse : 12 rue A\nBât. B\t2e."
