"""The documents, declared once: those of a dossier (the petition, the letter to the
préfecture, the bordereau), the other letters one can ask for, and the request for the
execution of an ordonnance with its bordereau — their names in the clause plan, the files
they are written to, and the Word templates that print them.

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

# The other letters `draft lettre --type` writes on demand, outside the dossier: each its own
# plan and clauses, printed by the template of its addressee (the préfet, the Défenseur des
# droits, an élu). The mise en demeure, and the request to advance an appointment, are the
# dossier's letter: the analysis chooses its form.
LETTRE_EXECUTION = Document("lettre-execution", "lettre-execution", {"": "courrier-prefet.docx"})
LETTRE_DEFENSEUR = Document("lettre-defenseur-des-droits", "lettre-defenseur-des-droits",
                            {"": "courrier-defenseur.docx"})
LETTRE_ELU = Document("lettre-elu", "lettre-elu", {"": "courrier-elu.docx"})
LETTRE_RECOURS_GRACIEUX = Document("lettre-recours-gracieux", "lettre-recours-gracieux", {"": "courrier-prefet.docx"})
LETTRE_MOTIFS = Document("lettre-motifs", "lettre-motifs", {"": "courrier-prefet.docx"})
# `draft lettre --type`: the type, and the document it writes (the first is the default).
LETTRES = {
    "mise-en-demeure": LETTRE,
    "execution": LETTRE_EXECUTION,
    "defenseur-des-droits": LETTRE_DEFENSEUR,
    "elu": LETTRE_ELU,
    "avancer-rendez-vous": LETTRE,
    "recours-gracieux": LETTRE_RECOURS_GRACIEUX,
    "motifs": LETTRE_MOTIFS,
}
# `draft execution`: the request to the judge once the ordonnance went unexecuted, and its bordereau.
REQUETE_EXECUTION = Document("requete-execution", "requete-execution", {"": "requete-execution.docx"})
BORDEREAU_EXECUTION = Document("bordereau-execution", "bordereau-execution", {"": "bordereau.docx"})
EXECUTION = (REQUETE_EXECUTION, BORDEREAU_EXECUTION)

# Every document of the clause library: the dossier's, then the others. A firm's library
# may leave out the plans and templates of the others; its own are used where it has them.
AUTRES = tuple(dict.fromkeys(d for d in (*LETTRES.values(), *EXECUTION) if d not in DOCUMENTS))
TOUS = DOCUMENTS + AUTRES
NOMS_TOUS = tuple(d.nom for d in TOUS)
TOUS_PAR_NOM = {d.nom: d for d in TOUS}
