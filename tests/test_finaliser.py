"""`draft finaliser DIR`: the DOCX as the lawyer edited them become the dossier (issue 18, item 1)."""

from __future__ import annotations

import json
import re
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner
from docx import Document
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls
from pypdf import PdfReader

from conftest import SAMPLES, pdf_text
from drafting.cli import main
from drafting.errors import DraftError
from drafting.finalisation import finaliser_dossier, pieces_citees, verifier_textes
from drafting.sortie import empreinte

AJOUT = "Le requérant verse en outre sa dernière quittance de loyer (pièce\u00a0n°\u00a03), qui établit son domicile."
FAUX = "Il produit enfin l'attestation de son employeur (pièces n° 14 et 99)."


@pytest.fixture
def dossier(bobigny, tmp_path) -> Path:
    """A copy of the drafted 16-pièce sample, for one test to edit."""
    _, out = bobigny
    copie = tmp_path / "dossier"
    shutil.copytree(out, copie)
    return copie


def _ajouter(docx: Path, texte: str) -> None:
    """A paragraph typed in Word in the statement of facts, before the first that cites a pièce."""
    d = Document(str(docx))
    p = next(p for p in d.paragraphs if "pièce" in p.text)
    p.insert_paragraph_before(texte, style=p.style)
    d.save(str(docx))


def _empreintes(dossier: Path) -> dict[str, str]:
    return {p.relative_to(dossier).as_posix(): empreinte(p) for p in sorted(dossier.rglob("*")) if p.is_file()}


def test_the_citations_are_read_in_every_form_the_documents_use():
    assert pieces_citees("(pièce\u00a0n°\u00a02). Il") == [2]
    assert pieces_citees("(pièces n°\u202f12 et 13), le") == [12, 13]
    assert pieces_citees("les captures (pièces n° 4 à 11) :") == list(range(4, 12))
    assert pieces_citees("Pièces n° 2, 4 et 7") == [2, 4, 7]
    assert pieces_citees("Pièce n° 16 : Bulletins") == [16]
    assert pieces_citees("titre n° 9300000342 (CE, 10 juin 2020, n° 435594)") == []


def test_an_edited_petition_goes_into_every_pdf_and_the_lawyers_files_stay(dossier):
    (dossier / "notes.txt").write_text("à relire avant l'audience", "utf-8")
    (dossier / "~$quete.docx").write_bytes(b"Word")   # Word still has the petition open
    avant = _empreintes(dossier)
    _ajouter(dossier / "requete.docx", AJOUT)

    res = finaliser_dossier(dossier)

    assert res.convertis == ["requete.docx"]   # the letter and the bordereau did not change
    assert res.avertissements == ["requete.docx semble encore ouvert dans Word (~$quete.docx) : c'est sa dernière "
                                  "version enregistrée qui a été reprise."]
    attendu = AJOUT.replace("\u00a0", " ")
    for pdf in ("requete.pdf", "telerecours/Requete_refere_mesures_utiles.pdf", "dossier-complet.pdf"):
        assert attendu in " ".join(pdf_text(dossier / pdf).split()), pdf
    apres = _empreintes(dossier)
    for inchange in ("notes.txt", "~$quete.docx", "bordereau.pdf", "telerecours/01_Passeport.pdf"):
        assert apres[inchange] == avant[inchange], inchange
    assert not (dossier / "modifications").exists()
    # The reading copy keeps its bookmarks, page labels and metadata.
    complet = PdfReader(dossier / "dossier-complet.pdf")
    assert complet.page_labels[0] == "R-1" and complet.page_labels[-1].startswith("P16-")
    titres = [i.title for i in complet.outline if not isinstance(i, list)]
    assert titres[:2] == ["Requête en référé mesures utiles", "Bordereau des pièces"]
    assert "KONÉ" in complet.metadata.title
    # The manifest: the new hashes, the edited DOCX as the lawyer's, the notes left out.
    m = json.loads((dossier / "manifest.json").read_text("utf-8"))
    assert m["retouches"] == ["requete.docx"]
    assert "notes.txt" not in m["fichiers"]
    for rel, h in m["fichiers"].items():
        assert apres[rel] == h, rel
    # Nothing changed since: nothing to do.
    assert finaliser_dossier(dossier).convertis == []
    assert _empreintes(dossier) == apres


def test_a_cited_pièce_that_is_not_in_the_bordereau_is_refused_by_name(dossier):
    _ajouter(dossier / "requete.docx", FAUX)
    avant = _empreintes(dossier)
    with pytest.raises(DraftError) as e:
        finaliser_dossier(dossier)
    assert e.value.exit_code == 2
    assert "requete.docx" in e.value.message
    assert "« Il produit enfin l'attestation de son…" in e.value.message
    assert "la pièce n° 99 n'est pas au bordereau (pièces n°\u00a01 à 16)" in e.value.message
    assert _empreintes(dossier) == avant   # nothing written

    r = CliRunner().invoke(main, ["finaliser", str(dossier)])
    assert r.exit_code == 2
    assert r.output.startswith("Erreur : requete.docx, paragraphe") and "n° 99" in r.output
    assert "Traceback" not in r.output


def test_a_pièce_never_cited_is_a_warning(dossier):
    d = Document(str(dossier / "requete.docx"))
    for p in d.paragraphs:
        if " ".join(p.text.split()).startswith("Pièce n° 3 :"):   # split() takes the no-break spaces too
            p._p.getparent().remove(p._p)
    d.save(str(dossier / "requete.docx"))
    avertissements = verifier_textes(dossier, {n: f"pièce {n}" for n in range(1, 17)}, projet=False)
    assert avertissements == ["la pièce n° 3 (pièce 3) n'est citée ni dans la requête ni dans la lettre."]


def test_the_draft_mark_and_highlighted_defaults_are_refused_unless_meant(dossier):
    pieces = {n: "" for n in range(1, 17)}
    d = Document(str(dossier / "requete.docx"))
    d.sections[0].header.paragraphs[0].text = "PROJET – NE PAS DÉPOSER"
    d.save(str(dossier / "requete.docx"))
    with pytest.raises(DraftError, match="requete.docx porte encore la marque « PROJET – NE PAS DÉPOSER ».*--projet"):
        verifier_textes(dossier, pieces, projet=False)
    verifier_textes(dossier, pieces, projet=True)

    d.sections[0].header.paragraphs[0].text = ""
    p = next(p for p in d.paragraphs if "pièce" in p.text)
    run = p.add_run(" 8 jours")
    run._r.get_or_add_rPr().append(parse_xml(f'<w:shd {nsdecls("w")} w:val="clear" w:color="auto" w:fill="FFF200"/>'))
    d.save(str(dossier / "requete.docx"))
    with pytest.raises(DraftError, match=r"paragraphe « .* la valeur par défaut « 8 jours » est "
                                         r"encore surlignée"):
        verifier_textes(dossier, pieces, projet=False)
    assert verifier_textes(dossier, pieces, projet=True) == []


def test_after_finaliser_a_redraft_never_replaces_the_edited_petition_silently(dossier):
    _ajouter(dossier / "requete.docx", AJOUT)
    finaliser_dossier(dossier)
    r = CliRunner().invoke(main, ["refere", str(SAMPLES / "renouvellement-bobigny" / "dossier.toml"),
                                  "-o", str(dossier), "--force", "--sans-pdf"])
    assert r.exit_code == 2
    assert "requete.docx (modifié)" in r.output


def test_a_folder_draft_did_not_write_is_refused(tmp_path):
    (tmp_path / "requete.docx").write_bytes(b"")
    with pytest.raises(DraftError, match="n'a pas été écrit par draft"):
        finaliser_dossier(tmp_path)


def test_a_pdf_edited_by_hand_whose_docx_is_converted_again_is_kept(dossier):
    (dossier / "requete.pdf").write_bytes((dossier / "requete.pdf").read_bytes() + b"\n% annotation")
    res = finaliser_dossier(dossier)
    assert res.convertis == ["requete.docx"]   # its PDF no longer matched: the DOCX is the truth
    assert len(res.copies) == 1 and res.copies[0].startswith("modifications/") \
        and res.copies[0].endswith("/requete.pdf")
    assert (dossier / res.copies[0]).read_bytes().endswith(b"% annotation")
    assert not (dossier / "requete.pdf").read_bytes().endswith(b"% annotation")


def test_another_draft_on_the_same_folder_is_refused(dossier):
    from drafting.verrou import Verrou

    _ajouter(dossier / "requete.docx", AJOUT)
    avant = _empreintes(dossier)
    with Verrou(dossier, occupe="occupé"):
        with pytest.raises(DraftError, match="un autre draft écrit déjà"):
            finaliser_dossier(dossier)
    assert _empreintes(dossier) == avant


def test_help_lists_the_commands_in_the_order_a_lawyer_uses_them():
    r = CliRunner().invoke(main, ["--help"])
    liste = re.split(r"\n(?:Commands|Commandes) ?:\n", r.output)[1]   # click's words, or their French
    commandes = [l.split()[0] for l in liste.splitlines() if l.strip()]
    ordre = ["nouveau", "tentative", "analyse", "lettre", "refere", "finaliser", "depot", "complement"]
    assert commandes[:len(ordre)] == ordre


def test_a_redraft_with_garder_copie_keeps_the_finalised_petition(dossier):
    from drafting.pipeline import rediger_dossier

    _ajouter(dossier / "requete.docx", AJOUT)
    finaliser_dossier(dossier)
    retouchee = (dossier / "requete.docx").read_bytes()
    res = rediger_dossier(SAMPLES / "renouvellement-bobigny" / "dossier.toml", dossier, garder_copie=True, pdf=False)
    gardes = [c for c in res.copies if c.endswith("/requete.docx")]
    assert len(gardes) == 1 and (dossier / gardes[0]).read_bytes() == retouchee


def test_a_letter_drafted_again_alone_is_no_longer_counted_as_retouched(tmp_path):
    from drafting.sortie import reprendre

    ancien, nouveau = tmp_path / "ancien", tmp_path / "nouveau"
    ancien.mkdir()
    nouveau.mkdir()
    for nom in ("requete.docx", "lettre-prefecture.docx"):
        (ancien / nom).write_bytes(b"ancien")
    (nouveau / "lettre-prefecture.docx").write_bytes(b"nouveau")
    (nouveau / "manifest.json").write_text(json.dumps({"fichiers": {"lettre-prefecture.docx": "n"}}), "utf-8")
    manifeste = {"fichiers": {"requete.docx": "r", "lettre-prefecture.docx": "l"},
                 "retouches": ["lettre-prefecture.docx", "requete.docx"]}
    reprendre(ancien, nouveau, manifeste, {"lettre-prefecture.docx", "lettre-prefecture.pdf"})
    m = json.loads((nouveau / "manifest.json").read_text("utf-8"))
    assert m["retouches"] == ["requete.docx"] and m["fichiers"]["lettre-prefecture.docx"] == "n"
