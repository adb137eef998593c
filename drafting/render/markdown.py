"""A clause's light Markdown → Word paragraphs in the templates' own styles.

Parsed with markdown-it-py, never with regular expressions: paragraphs, bulleted and
numbered lists, quotations, *italique*, **gras**. French spacing is applied to the text
(a no-break space before ; : ! ? » and after «), and a default value (values.Defaut, between
its markers) becomes a highlighted run.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from docxtpl import RichText, RichTextParagraph
from markdown_it import MarkdownIt

from .values import DEBUT_DEFAUT, FIN_DEFAUT, SURLIGNAGE

# Word styles of the templates (scripts/build_templates.py) a clause body maps to.
STYLES = {"paragraphe": "Normal", "puce": "ListBullet", "numero": "Numero", "citation": "Quote",
          "intertitre": "Heading2"}
TABULATION = "<w:r><w:tab/></w:r>"
SAUT_DE_LIGNE = "<w:r><w:br/></w:r>"


class MarkdownRefuse(Exception):
    """Markdown a clause may not hold (a heading, a table…): the message, and its line."""

    def __init__(self, message: str, ligne: int | None):
        super().__init__(message)
        self.message = message
        self.ligne = ligne


@dataclass
class Bloc:
    genre: str                                            # paragraphe | puce | numero | citation | intertitre
    segments: list[tuple[str, bool, bool]] = field(default_factory=list)   # (text, bold, italic)
    numero: str | None = None

    @property
    def texte(self) -> str:
        return "".join(s for s, _, _ in self.segments)


_md = MarkdownIt("commonmark", {"html": False, "typographer": False})


def blocs(markdown: str) -> list[Bloc]:
    """Light Markdown: paragraphs, bulleted and numbered lists, quotations, *italique*, **gras**.
    Anything else raises MarkdownRefuse."""
    out: list[Bloc] = []
    pile: list[tuple[str, int]] = []   # open lists: ("puce" | "numero", next number)
    citation = 0
    for tok in _md.parse(markdown):
        t = tok.type
        if t == "heading_open":
            raise MarkdownRefuse("pas d'intertitre (#) dans une clause : les intertitres viennent de plan.toml.",
                                 tok.map[0] + 1 if tok.map else None)
        if t in ("fence", "code_block", "hr", "html_block", "table_open"):
            raise MarkdownRefuse(f"élément Markdown non pris en charge dans une clause ({t}).",
                                 tok.map[0] + 1 if tok.map else None)
        if t == "bullet_list_open":
            pile.append(("puce", 0))
        elif t == "ordered_list_open":
            pile.append(("numero", int(tok.attrGet("start") or 1)))
        elif t in ("bullet_list_close", "ordered_list_close"):
            pile.pop()
        elif t == "blockquote_open":
            citation += 1
        elif t == "blockquote_close":
            citation -= 1
        elif t == "list_item_open" and pile and pile[-1][0] == "numero":
            genre, n = pile[-1]
            pile[-1] = (genre, n + 1)
            out.append(Bloc("numero", numero=f"{n}."))
        elif t == "list_item_open":
            out.append(Bloc("puce"))
        elif t == "inline":
            # The first paragraph of a list item fills the item's block; any other is its own.
            if out and out[-1].genre in ("puce", "numero") and not out[-1].segments and pile:
                bloc = out[-1]
            else:
                bloc = Bloc("citation" if citation else "paragraphe")
                out.append(bloc)
            gras = italique = False
            for enfant in tok.children or []:
                k = enfant.type
                if k == "strong_open":
                    gras = True
                elif k == "strong_close":
                    gras = False
                elif k == "em_open":
                    italique = True
                elif k == "em_close":
                    italique = False
                elif k == "softbreak":
                    bloc.segments.append((" ", gras, italique))
                elif k == "hardbreak":
                    bloc.segments.append(("\n", gras, italique))
                elif k in ("text", "code_inline"):
                    bloc.segments.append((enfant.content, gras, italique))
                elif k in ("link_open", "link_close", "image"):
                    continue
                else:
                    bloc.segments.append((enfant.content, gras, italique))
    return [b for b in out if b.texte.strip()]


def ponctuer(b: Bloc, fin: str) -> None:
    """A chef de conclusions ends with ';' or, the last one, '.': the clause writes neither."""
    texte, gras, italique = b.segments[-1]
    texte = texte.rstrip().rstrip(" ;.")
    b.segments[-1] = (texte + fin, gras, italique)


_AVANT_PONCTUATION = re.compile(r" ([;:!?»])")
_APRES_GUILLEMET = re.compile(r"« ")
# "article L. 761-1", "n° 9400000001", "pièce n° 4": a reference never breaks across lines.
# The hyphen of an article number becomes a no-break hyphen (U+2011), which LibreOffice
# prints with the font's own hyphen and extracts as "-".
_ARTICLE = re.compile(r"\b([LRD])\. ?(\d+)-(\d+)")
_NUMERO = re.compile(r"\bn° (?=\w)")
# "72 heures", "15 décembre 2026", "M. DIALLO": a number with its unit, a day with its month and
# year, a civility with its name, on one line.
_MOIS = "janvier|février|mars|avril|mai|juin|juillet|août|septembre|octobre|novembre|décembre"
_INSECABLES = (
    re.compile(r"\b(\d+) (?=(?:jours?|heures?|mois|semaines?|euros|ans|reprises|tentatives)\b)"),
    re.compile(rf"\b(\d{{1,2}}|1er) (?=(?:{_MOIS})\b)"),
    re.compile(rf"\b({_MOIS}) (?=\d{{4}}\b)"),
    re.compile(r"(?<![\w.])(M\.|Mme|Me) (?=[A-ZÀ-Ý])"),
)


def typographie(texte: str) -> str:
    """French spacing: a no-break space before ; : ! ? » and after «, so none starts a line;
    references (an article, a number) kept on one line."""
    texte = _NUMERO.sub("n°\u00a0", _ARTICLE.sub("\\1.\u00a0\\2\u2011\\3", texte))
    for motif in _INSECABLES:
        texte = motif.sub("\\1\u00a0", texte)
    return _APRES_GUILLEMET.sub("«\u00a0", _AVANT_PONCTUATION.sub("\u00a0\\1", texte))


def paragraphe(rtp: RichTextParagraph, b: Bloc) -> None:
    """Append one block to ``rtp`` as a Word paragraph in its style."""
    rt = RichText()
    if b.numero:
        rt.add(b.numero)
        rt.xml += TABULATION  # RichText escapes text: a tab or a line break is a run of its own
    for texte, gras, italique in b.segments:
        if texte == "\n":
            rt.xml += SAUT_DE_LIGNE
            continue
        # Default values (--projet) come between markers: each becomes a highlighted run.
        for i, morceau in enumerate(re.split(f"[{DEBUT_DEFAUT}{FIN_DEFAUT}]", texte)):
            if morceau:
                rt.add(typographie(morceau), bold=gras, italic=italique,
                       highlight=SURLIGNAGE if i % 2 else None)
    # A lead-in ("… de :", "… toujours en vain :") stays on the page of what it announces, and a
    # list with what follows it: the chefs of the conclusions stay together, and with "Sous
    # toutes réserves", the place, the date and the signature.
    suite = "<w:keepNext/>" if b.texte.rstrip().endswith((":", ";")) or b.genre == "puce" else ""
    rtp.xml += f'<w:p><w:pPr><w:pStyle w:val="{STYLES[b.genre]}"/>{suite}</w:pPr>{rt.xml}</w:p>'
