"""The documents of a dossier, declared once: the petition, the letter to the préfecture and
the bordereau — their names in the clause plan, the files they are written to, and the Word
templates that print them.

Everything else reads this list: the clause library (clauses/plan.toml has one table per
document), `draft clauses --document`, the check of a firm's template folder (paths.py), the
render stage, the pipeline and `draft check`. It imports nothing of draft.
"""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass(frozen=True)
class Document:
    nom: str                  # in clauses/plan.toml, a clause's `documents`, `draft clauses --document`
    fichier: str              # the file written in the dossier, without its extension
    # The Word template that prints it, by procedure; "" whatever the procedure.
    modeles: dict[str, str] = field(compare=False)

    def modele(self, procedure: str) -> str:
        """The template's file name for this procedure ("requete-liberte.docx")."""
        return self.modeles[procedure] if procedure in self.modeles else self.modeles[""]


REQUETE = Document("requete", "requete", {"mesures-utiles": "requete-mesures-utiles.docx",
                                          "liberte": "requete-liberte.docx"})
LETTRE = Document("lettre", "lettre-prefecture", {"": "lettre-prefecture.docx"})
BORDEREAU = Document("bordereau", "bordereau", {"": "bordereau.docx"})

# In the order of the dossier: the order of the plan, of `draft clauses`, of the files.
DOCUMENTS = (REQUETE, LETTRE, BORDEREAU)
NOMS = tuple(d.nom for d in DOCUMENTS)
DOCUMENTS_PAR_NOM = {d.nom: d for d in DOCUMENTS}
# Every template a firm's template folder must hold, under these names.
FICHIERS_MODELES = tuple(sorted({f for d in DOCUMENTS for f in d.modeles.values()}))
