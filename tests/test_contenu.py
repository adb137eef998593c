"""Content that must render exactly (issue 6, item 2).

One case built from the Bobigny renewal sample, whose values carry everything a hand-typed
case file can: ``& < > " '``, « guillemets », the apostrophe ’, œ, non-breaking spaces, an
Arabic first name and a Cyrillic surname, a 200-character address, 150 attempts and 60
pièces. It is drafted once with the real LibreOffice (and a second, smaller case without a
lawyer, where the applicant signs), then read back: the DOCX text with python-docx, the PDFs
with ``pdftotext``, the structure from manifest.json and the dossier-complet.pdf outline.

Where a value is printed by a Word template (the parties, the tables, the bordereau, the
"Pièces jointes" list) it must appear byte for byte. Where a clause prints it (the body of
the letter), the clause engine applies French spacing (a no-break space inside « » and before
; : ! ?), so there the value must appear with only its spaces possibly made non-breaking.
"""

from __future__ import annotations

import datetime as dt
import io
import json
import random
import re
import shutil
import subprocess
from pathlib import Path

import pytest
from docx import Document
from pypdf import PdfReader, PdfWriter

from conftest import SAMPLES

NBSP = "\u00a0"
NOM = "Иванова"
PRENOMS = "عبد الله"
LIEU = "Saint-Jean-d’Angély (« Charente-Maritime ») & <17> \"A\" 'B'"
NATIONALITE = f"russe{NBSP}et{NBSP}algérienne"
_DEBUT = f"Résidence « Les Œillets » & <Bâtiment B>, escalier \"2\", porte '4', chez M.{NBSP}Dupont d’Aubigné, "
_FIN = f", 93000{NBSP}Bobigny"
ADRESSE = _DEBUT + ("lieu-dit des Cœurs-Vaillants, allée des Tilleuls " * 4)[: 200 - len(_DEBUT) - len(_FIN)] + _FIN
TELEPHONE = f"+33{NBSP}6{NBSP}00{NBSP}00{NBSP}03{NBSP}42"
REFERENCE = "Réf. « A&B » <2026/0342> \"bis\""
CONSEIL = "Me Zoé O'Connor & <Associés> « Cœur-de-Lion » \"SELARL\" d’Orléans"
CONSEIL_ADRESSE = "Bât. « Œ », 10 avenue de l’Exemple & <Cour> \"B\", 93000 Bobigny"
RESULTAT = "Page « Aucun créneau » & <erreur 503> \"Service indisponible\" d’après l’écran"

N_TENTATIVES = 150
N_GENEREES = 55  # + titre, 2 captures, one letter and its AR = 60 pièces
N_PIECES = 60
TITRE_LONG = ("Attestation « longue » & <annexe> d’hébergement de Mme Œ. O'Neil, " * 4)[:200]
TITRES_SPECIAUX = {
    1: "Passeport « biométrique » & <copie> \"certifiée\" d’Иванова",
    2: f"Quittance n°{NBSP}12 & <avis> d’échéance « loyer »",
    3: TITRE_LONG,
    4: "Паспорт (копия)",
    5: "شهادة السكن",
    6: "Lettre de l’employeur",
}
CATEGORIES = ["identite", "domicile", "emploi", "famille", "autre"]

BIDI = dict.fromkeys(map(ord, "\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"))


# --- building the case -------------------------------------------------------------------


def _q(s: str) -> str:
    """A TOML basic string."""
    return '"' + s.replace("\\", "\\\\").replace('"', '\\"') + '"'


def _pdf_vierge() -> bytes:
    w = PdfWriter()
    w.add_blank_page(595, 842)
    b = io.BytesIO()
    w.write(b)
    return b.getvalue()


def _tentatives() -> list[dict]:
    """150 attempts, 2 to 5 days apart from 1 July 2025 to late 2026, a few without the hour."""
    rnd = random.Random(6)
    le = dt.datetime(2025, 7, 1, 8, 30)
    out = []
    for i in range(N_TENTATIVES):
        le += dt.timedelta(days=rnd.randint(2, 4), minutes=rnd.randint(-90, 90))
        heure = i % 25 != 7
        out.append({"le": le if heure else le.date(), "canal": ["site", "telephone", "courriel", "guichet"][i % 4 if i % 3 else 0]})
    out[10]["resultat"] = RESULTAT
    out[20]["capture"] = "pieces/captures/2026-10-19-0830.png"
    out[120]["capture"] = "pieces/captures/2026-10-22-2355.png"
    return out


def _dossier(dest: Path, *, avec_conseil: bool, tentatives: list[dict], n_generees: int) -> Path:
    shutil.copytree(SAMPLES / "renouvellement-bobigny", dest)
    (dest / "generees").mkdir()
    vierge = _pdf_vierge()
    lignes = [
        "[dossier]", f"reference = {_q(REFERENCE)}", "date = 2026-12-04", "",
        "[requerant]", 'civilite = "M."', f"nom = {_q(NOM)}", f"prenoms = {_q(PRENOMS)}",
        "date_naissance = 1990-04-02", f"lieu_naissance = {_q(LIEU)}", f"nationalite = {_q(NATIONALITE)}",
        f"adresse = {_q(ADRESSE)}", f"telephone = {_q(TELEPHONE)}", 'numero_etranger = "9300000342"', "",
    ]
    if avec_conseil:
        lignes += ["[conseil]", f"nom = {_q(CONSEIL)}", 'barreau = "Seine-Saint-Denis"',
                   f"adresse = {_q(CONSEIL_ADRESSE)}", ""]
    lignes += [
        "[titre]", f"nature = {_q('carte de séjour temporaire portant la mention « salarié » & <CDI>')}",
        'numero = "9300000342"', "expire_le = 2026-12-31", 'fichier = "pieces/titre-de-sejour.pdf"', "",
        "[demande]", 'objet = "renouvellement"', 'canal = "rendez-vous-en-ligne"', "",
        "[prefecture]", 'departement = "93"', "",
    ]
    # Written out of order: the documents must sort them.
    for t in sorted(tentatives, key=lambda t: random.Random(str(t["le"])).random()):
        le = t["le"].isoformat(timespec="seconds") if isinstance(t["le"], dt.datetime) else t["le"].isoformat()
        lignes += ["[[tentatives]]", f"le = {le}", f"canal = {_q(t['canal'])}"]
        lignes += [f"{k} = {_q(t[k])}" for k in ("resultat", "capture") if k in t]
        lignes.append("")
    lignes += [
        # No deadline given by the earlier letter: the dossier carries a new mise en demeure,
        # whose text the tests below read.
        "[[courriers]]", 'type = "lrar"', "envoye_le = 2026-11-16", "recu_le = 2026-11-18",
        'fichier = "pieces/lrar-2026-11-16.pdf"', 'accuse = "pieces/avis-de-reception-2026-11-18.pdf"', "",
        "[[urgence]]", f"fait = {_q('Sans titre au 31 décembre 2026, l’employeur « Œuvres & Cie » suspendra le contrat')}",
        "le = 2027-01-01", 'pieces = ["p09", "p04"]' if n_generees >= 9 else "", "",
    ]
    for i in range(1, n_generees + 1):
        (dest / "generees" / f"p{i:02d}.pdf").write_bytes(vierge)
        titre = TITRES_SPECIAUX.get(i, f"Pièce générée n°{NBSP}{i} « Œuvre » & <essai> d’après \"l'original\"")
        lignes += ["[[pieces]]", f'id = "p{i:02d}"', f"titre = {_q(titre)}", f'fichier = "generees/p{i:02d}.pdf"',
                   f'categorie = "{CATEGORIES[i % len(CATEGORIES)] if i > 2 else ("identite", "domicile")[i - 1]}"', ""]
    toml = dest / "dossier.toml"
    toml.write_text("\n".join(lignes), encoding="utf-8")
    return toml


# --- reading it back ---------------------------------------------------------------------


def _paragraphes(chemin: Path) -> list[str]:
    """Every paragraph's text, raw (no space normalised): body, table cells, headers, footers."""
    d = Document(str(chemin))
    out = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            out += [c.text for c in row.cells]
    for s in d.sections:
        for hf in (s.header, s.footer, s.first_page_header, s.first_page_footer):
            out += [p.text for p in hf.paragraphs]
    return out


def _brut(chemin: Path) -> str:
    return "\n".join(_paragraphes(chemin))


def _espaces(texte: str) -> str:
    """Spaces, no-break spaces and narrow no-break spaces made alike (for text printed by a clause)."""
    return re.sub(r"[ \u00a0\u202f]", " ", texte)


def _table(chemin: Path, premiere_cellule: str):
    tables = [t for t in Document(str(chemin)).tables if t.rows[0].cells[0].text == premiere_cellule]
    assert len(tables) == 1, f"{chemin.name} : une table commençant par « {premiere_cellule} » attendue"
    return tables[0]


def _pdftotext(chemin: Path) -> str:
    texte = subprocess.run(["pdftotext", "-enc", "UTF-8", str(chemin), "-"], check=True,
                           capture_output=True, text=True).stdout
    return texte.translate(BIDI)


def _sans_blancs(texte: str) -> str:
    """Compared without spaces (lines wrap) nor hyphens (pdftotext joins a word cut after a hyphen)."""
    return "".join(texte.translate(BIDI).split()).replace("-", "")


@pytest.fixture(scope="module")
def rendu(tmp_path_factory, soffice):
    """The 150-attempt, 60-pièce case with a lawyer, drafted once with LibreOffice."""
    from drafting.pipeline import rediger_dossier

    base = tmp_path_factory.mktemp("contenu")
    tentatives = _tentatives()
    toml = _dossier(base / "cas", avec_conseil=True, tentatives=tentatives, n_generees=N_GENEREES)
    out = base / "sortie"
    res = rediger_dossier(toml, out)
    manifeste = json.loads((out / "manifest.json").read_text("utf-8"))
    return res, out, tentatives, manifeste


@pytest.fixture(scope="module")
def rendu_seul(tmp_path_factory, soffice):
    """A smaller case without a lawyer: the applicant's name signs every document."""
    from drafting.pipeline import rediger_dossier

    base = tmp_path_factory.mktemp("contenu-seul")
    tentatives = _tentatives()[-12:]
    toml = _dossier(base / "cas", avec_conseil=False, tentatives=tentatives, n_generees=6)
    out = base / "sortie"
    rediger_dossier(toml, out)
    return out


# --- the tests ---------------------------------------------------------------------------


def test_les_valeurs_du_cas_sont_celles_annoncees():
    assert len(ADRESSE) == 200 and ADRESSE.endswith(f"93000{NBSP}Bobigny")
    assert len(TITRE_LONG) == 200 and TITRE_LONG == TITRE_LONG.strip()
    for c in "&<>\"'«»’œŒ" + NBSP:
        assert c in ADRESSE + LIEU + CONSEIL + NATIONALITE, c


def test_la_requete_imprime_les_parties_telles_quelles(rendu):
    _, out, _, _ = rendu
    texte = _brut(out / "requete.docx")
    assert (f"M. {PRENOMS} {NOM}, né le 2{NBSP}avril{NBSP}1990 à {LIEU}, de nationalité {NATIONALITE}, "
            f"demeurant {ADRESSE}, numéro étranger (AGDREF) 9300000342.") in texte
    assert f"Téléphone : {TELEPHONE}" in texte
    assert f"Ayant pour conseil {CONSEIL}, avocat au barreau de la Seine-Saint-Denis, {CONSEIL_ADRESSE}." in texte
    assert f"Réf. : {REFERENCE}" in texte
    assert f"M. {NOM} – " in texte, "the footer names the applicant"
    assert texte.count(CONSEIL) >= 2, "the lawyer signs the petition"
    for echappe in ("&amp;", "&lt;", "&gt;", "&quot;", "&#"):
        assert echappe not in texte


def test_la_lettre_et_le_bordereau_impriment_les_noms_tels_quels(rendu):
    _, out, _, _ = rendu
    lettre = _brut(out / "lettre-prefecture.docx")
    assert f"{CONSEIL}\nAvocat au barreau de la Seine-Saint-Denis\n{CONSEIL_ADRESSE}\n" in lettre
    # The body of the letter is a clause: French spacing may make a space non-breaking, nothing else.
    assert _espaces(f"J'interviens dans l'intérêt de M. {PRENOMS} {NOM}, né le 2 avril 1990 à {LIEU}, de nationalité "
                    f"{NATIONALITE}, demeurant {ADRESSE}.") in _espaces(lettre)
    assert _espaces(f"au nom de M. {NOM},") in _espaces(lettre)
    assert f"M. {NOM} – " in lettre, "the footer names the applicant"
    bordereau = _brut(out / "bordereau.docx")
    assert f"Requérant : M. {PRENOMS} {NOM}\n" in bordereau
    assert f"Référence : {REFERENCE}\n" in bordereau
    assert bordereau.rstrip().count(CONSEIL) >= 1
    for texte in (lettre, bordereau):
        assert "&amp;" not in texte and "&lt;" not in texte and "None" not in texte


def test_les_150_tentatives_sont_numerotees_de_1_a_150_dans_l_ordre(rendu):
    from drafting.fr import date_fr

    _, out, tentatives, _ = rendu
    table = _table(out / "requete.docx", "N°")
    lignes = [[c.text for c in row.cells] for row in table.rows[1:]]
    assert [ligne[0] for ligne in lignes] == [str(n) for n in range(1, N_TENTATIVES + 1)]
    chrono = sorted(tentatives, key=lambda t: t["le"] if isinstance(t["le"], dt.datetime)
                    else dt.datetime.combine(t["le"], dt.time()))
    for ligne, t in zip(lignes, chrono):
        jour = t["le"].date() if isinstance(t["le"], dt.datetime) else t["le"]
        assert ligne[1] == date_fr(jour, jour_semaine=True)
        assert (ligne[2] == "—") == (not isinstance(t["le"], dt.datetime)), ligne
    assert [ligne[4] for ligne in lignes].count(RESULTAT) == 1
    captures = [ligne[5] for ligne in lignes if ligne[5] != "—"]
    assert len(captures) == 2 and all(re.fullmatch(r"pièce n°\u00a0\d+", c) for c in captures)
    # The letter repeats the table, without the number column.
    lettre = _table(out / "lettre-prefecture.docx", "Date")
    assert [row.cells[0].text for row in lettre.rows[1:]] == [ligne[1] for ligne in lignes]
    semaines = {(t["le"].isocalendar()[0], t["le"].isocalendar()[1]) for t in tentatives}
    requete = _espaces(_brut(out / "requete.docx"))
    assert f"{N_TENTATIVES} reprises" in requete and f"{len(semaines)} semaines distinctes" in requete


def test_le_bordereau_liste_les_60_pieces_sans_trou(rendu):
    res, out, _, manifeste = rendu
    assert res.pieces == N_PIECES
    lignes = [[c.text for c in row.cells] for row in _table(out / "bordereau.docx", "Pièce").rows[1:]]
    assert [ligne[0] for ligne in lignes] == [f"n° {n}" for n in range(1, N_PIECES + 1)]
    assert [p["numero"] for p in manifeste["pieces"]] == list(range(1, N_PIECES + 1))
    assert [ligne[1] for ligne in lignes] == [p["libelle"] for p in manifeste["pieces"]]
    titres = [ligne[1] for ligne in lignes]
    for titre in TITRES_SPECIAUX.values():
        assert titres.count(titre) == 1, titre
    assert all(ligne[2] == "1" for ligne in lignes if ligne[1].startswith("Pièce générée"))
    assert f"accompagnée de {N_PIECES} pièces" in _espaces(_brut(out / "bordereau.docx"))


def test_l_ordre_des_pieces_suit_le_readme(rendu):
    """Identity, titre, domicile, captures, letter and its AR, urgency proofs, then the others."""
    _, _, _, manifeste = rendu
    rang = {"identite": 0, "titre": 1, "domicile": 3, "capture": 4, "courrier": 5, "urgence": 6, "autre": 7}
    urgentes = {"generees/p09.pdf", "generees/p04.pdf"}

    def nature(p: dict) -> str:
        src = p["source"]
        if src in urgentes:
            return "urgence"
        if src.startswith("pieces/captures/"):
            return "capture"
        if src.startswith("pieces/titre"):
            return "titre"
        if src.startswith(("pieces/lrar", "pieces/avis")):
            return "courrier"
        i = int(src[len("generees/p"):-len(".pdf")])
        categorie = CATEGORIES[i % len(CATEGORIES)] if i > 2 else ("identite", "domicile")[i - 1]
        return categorie if categorie in ("identite", "domicile") else "autre"

    rangs = [rang[nature(p)] for p in manifeste["pieces"]]
    assert rangs == sorted(rangs)
    assert [p["source"] for p in manifeste["pieces"] if nature(p) == "urgence"] == ["generees/p09.pdf", "generees/p04.pdf"]


def test_la_requete_liste_les_pieces_jointes_dans_le_meme_ordre(rendu):
    _, out, _, manifeste = rendu
    paragraphes = [p.text for p in Document(str(out / "requete.docx")).paragraphs]
    jointes = [p for p in paragraphes if p.startswith("Pièce n° ")]
    assert jointes == [f"Pièce n° {p['numero']} : {p['libelle']}" for p in manifeste["pieces"]]
    assert f"Les {N_PIECES} pièces suivantes sont produites" in "\n".join(paragraphes)


def test_dossier_complet_a_un_signet_par_piece(rendu):
    _, out, _, manifeste = rendu
    reader = PdfReader(out / "dossier-complet.pdf")
    signets = reader.outline[-1]
    assert len(signets) == N_PIECES
    for p, signet in zip(manifeste["pieces"], signets):
        assert signet.title == f"Pièce n°{NBSP}{p['numero']} – {p['libelle']}"
        page = reader.get_destination_page_number(signet)
        assert reader.page_labels[page] == f"P{p['numero']}-1"


def test_les_noms_telerecours_suivent_la_numerotation(rendu):
    _, out, _, manifeste = rendu
    noms = sorted(p.name for p in (out / "telerecours").iterdir() if p.name[0].isdigit())
    assert noms == [p["telerecours"] for p in manifeste["pieces"]]
    for n, nom in enumerate(noms, 1):
        assert nom.startswith(f"{n:02d}_") and len(nom) <= 80, nom
        assert re.fullmatch(r"[A-Za-z0-9_-]+\.pdf", nom), nom


def test_les_pdf_portent_les_noms(rendu):
    _, out, _, _ = rendu
    requete = _sans_blancs(_pdftotext(out / "requete.pdf"))
    lettre = _sans_blancs(_pdftotext(out / "lettre-prefecture.pdf"))
    bordereau = _sans_blancs(_pdftotext(out / "bordereau.pdf"))
    for texte in (requete, lettre, bordereau):
        for valeur in (NOM, PRENOMS, CONSEIL):
            assert _sans_blancs(valeur) in texte, valeur
        assert "&amp;" not in texte and "&lt;" not in texte
    for valeur in (LIEU, ADRESSE, NATIONALITE, CONSEIL_ADRESSE, RESULTAT):
        assert _sans_blancs(valeur) in requete, valeur
    for valeur in TITRES_SPECIAUX.values():
        assert _sans_blancs(valeur) in bordereau, valeur


def test_sans_avocat_la_personne_signe_de_son_nom(rendu_seul):
    out = rendu_seul
    requete, lettre = _brut(out / "requete.docx"), _brut(out / "lettre-prefecture.docx")
    assert "Agissant sans avocat." in requete
    assert f"\n{PRENOMS} {NOM}\n" in requete
    assert f"M. {PRENOMS} {NOM}\n{ADRESSE}\nTél. {TELEPHONE}\n" in lettre
    assert _espaces(f"je demeure {ADRESSE}.") in _espaces(lettre)
    assert f"\n{PRENOMS} {NOM}\n" in lettre
    assert f"\n{PRENOMS} {NOM}" in _brut(out / "bordereau.docx")
    for pdf in ("requete.pdf", "lettre-prefecture.pdf", "bordereau.pdf"):
        texte = _sans_blancs(_pdftotext(out / pdf))
        assert _sans_blancs(PRENOMS) in texte and NOM in texte, pdf
    assert "Fait à Bobigny" in _espaces(requete)


# --- bugs found while writing these tests, now fixed: they stay as regression tests ---


def test_nom_telerecours_d_un_titre_non_latin_decrit_la_piece(rendu):
    _, _, _, manifeste = rendu
    for p in manifeste["pieces"]:
        if p["libelle"] in (TITRES_SPECIAUX[4], TITRES_SPECIAUX[5]):
            assert re.fullmatch(r"\d+_\w+.*\.pdf", p["telerecours"], re.ASCII), p["telerecours"]


def test_nom_telerecours_apostrophe_typographique(rendu):
    _, _, _, manifeste = rendu
    (p,) = [p for p in manifeste["pieces"] if p["libelle"] == TITRES_SPECIAUX[6]]
    assert p["telerecours"].endswith("_Lettre_de_l_employeur.pdf"), p["telerecours"]


def test_une_seule_piece_est_annoncee_au_singulier(tmp_path):
    from drafting.pipeline import rediger_dossier

    toml = _dossier(tmp_path / "cas", avec_conseil=True, n_generees=0, tentatives=[
        {"le": dt.datetime(2026, 10, 19, 8, 30), "canal": "site", "capture": "pieces/captures/2026-10-19-0830.png"},
        {"le": dt.datetime(2026, 11, 19, 8, 30), "canal": "site"},
    ])
    texte = toml.read_text("utf-8")
    texte = texte.replace('fichier = "pieces/titre-de-sejour.pdf"\n', "")
    texte = texte.replace('fichier = "pieces/lrar-2026-11-16.pdf"\n', "").replace(
        'accuse = "pieces/avis-de-reception-2026-11-18.pdf"\n', "")
    toml.write_text(texte, "utf-8")
    res = rediger_dossier(toml, tmp_path / "sortie", pdf=False)
    assert res.pieces == 1
    requete = _espaces(_brut(tmp_path / "sortie" / "requete.docx"))
    assert "Pièce n° 1 : Capture d'écran" in requete
    assert "Les 1 pièces" not in requete
