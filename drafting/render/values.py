"""How a value of the context prints, in a Word template and in a clause.

Strict: a field the case does not define is an error naming its dotted path
(``requerant.telephone``), never an empty gap; ``None`` never reaches a document. A value
the case file did not give (a documented default) is a ``Defaut``: with --projet it prints
highlighted, so the lawyer sees what to check before filing.

Both the templates (docx.py) and the clauses (clauses.py) follow these rules; this module
imports neither.
"""

from __future__ import annotations

from typing import Any

from jinja2 import StrictUndefined, UndefinedError
from jinja2.sandbox import SecurityError
from markupsafe import Markup, escape

SURLIGNAGE = "FFF200"   # the yellow of a highlighter, for default values (--projet)
# A default value travels through a clause's Markdown between these two characters, which
# no case file can hold (control characters), and comes out as a highlighted run.
DEBUT_DEFAUT, FIN_DEFAUT = "\x0e", "\x0f"


class Rubrique(dict):
    """A mapping of the context (the whole of it, ``requerant``, ``juridiction``…) that knows
    its dotted path, so an error can name the field.

    It also knows the fields left empty for this case (``connus``), to tell "not filled
    in this case file" from "no such field" (a typo in a template or a clause)."""

    def __init__(self, chemin: str, valeurs: dict[str, Any]):
        super().__init__({k: _champ(f"{chemin}.{k}" if chemin else k, v) for k, v in valeurs.items() if v is not None})
        self.chemin = chemin
        self.connus = frozenset(valeurs)


def _champ(chemin: str, v: Any) -> Any:
    if isinstance(v, dict) and not isinstance(v, Rubrique):
        return Rubrique(chemin, v)
    if isinstance(v, list) and not isinstance(v, Groupes):
        return [_champ(f"{chemin}[{i}]", x) for i, x in enumerate(v, 1)]
    return v


class Groupes(list):
    """A list of pièce numbers, kept as is by Rubrique."""


class ChampManquant(StrictUndefined):
    """The strict undefined value of the templates and the clauses: its error names the field."""

    def _chemin(self) -> str:
        parent = getattr(self._undefined_obj, "chemin", None)
        nom = self._undefined_name
        return f"{parent}.{nom}" if parent else str(nom)

    def _fail_with_undefined_error(self, *args, **kwargs):
        if self._undefined_exception is SecurityError:
            raise SecurityError(self._undefined_hint or "accès interdit")
        parent = self._undefined_obj
        connus = getattr(parent, "connus", None)
        if connus is not None and self._undefined_name not in connus and not isinstance(parent, Groupes):
            raise UndefinedError(f"champ inconnu « {self._chemin()} » (champs : {', '.join(sorted(connus))})")
        raise UndefinedError(f"la valeur « {self._chemin()} » n'est pas définie")

    __str__ = __iter__ = __len__ = __bool__ = __eq__ = __ne__ = __hash__ = _fail_with_undefined_error  # type: ignore[assignment]


class Defaut:
    """A value the case file did not give (a documented default): with --projet it prints
    highlighted, so the lawyer sees what to check before filing. It compares and computes
    like the plain value."""

    defaut = True


class EntierDefaut(Defaut, int):
    pass


class TexteDefaut(Defaut, str):
    pass


def par_defaut(valeur: Any, oui: bool) -> Any:
    if not oui or valeur is None:
        return valeur
    return EntierDefaut(valeur) if isinstance(valeur, int) and not isinstance(valeur, bool) else TexteDefaut(valeur)


def jamais_none(valeur: Any) -> Any:
    """What a Word template prints of a value: never None; a default in its own shaded run."""
    if valeur is None:
        raise UndefinedError("une valeur vide (None) allait être imprimée")
    if isinstance(valeur, Defaut):
        # Its own run, shaded: docxtpl splices this XML in the run the tag sits in.
        texte = escape(str(valeur))
        return Markup(f'</w:t></w:r><w:r><w:rPr><w:shd w:val="clear" w:color="auto" w:fill="{SURLIGNAGE}"/></w:rPr>'
                      f'<w:t xml:space="preserve">{texte}</w:t></w:r><w:r><w:t xml:space="preserve">')
    return valeur


def une_ligne(texte: str) -> str:
    r"""Each line break, with the blanks around it, becomes one space: what re.sub(r"\s*\n\s*",
    " ", texte) does, in linear time. That expression tried every start in a run of blanks
    (quadratic: 250,000 spaces in a value kept draft busy for minutes, deaf to SIGTERM)."""
    if "\n" not in texte:
        return texte
    tete, *milieu, queue = texte.split("\n")
    return " ".join([tete.rstrip(), *(m.strip() for m in milieu if not m.isspace() and m), queue.lstrip()])


def echapper_markdown(valeur: Any) -> Any:
    """What a clause prints of a value: itself, its '*', '_', '[', '#', '&' are not Markdown."""
    if valeur is None:
        raise UndefinedError("une valeur vide (None) allait être imprimée")
    if isinstance(valeur, (bool, int, float, str)):
        # A value is one run of text: its line breaks and indents must not start a list or a code block.
        texte = une_ligne(str(valeur)).replace(DEBUT_DEFAUT, "").replace(FIN_DEFAUT, "")
        texte = "".join("\\" + ch if ch.isascii() and not ch.isalnum() and not ch.isspace() else ch for ch in texte)
        return f"{DEBUT_DEFAUT}{texte}{FIN_DEFAUT}" if getattr(valeur, "defaut", False) else texte
    return valeur
