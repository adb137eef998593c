"""The render stage: the case and its analysis → the DOCX of the dossier.

One model sits between the analysis and the documents, as pandoc puts one document model
between its readers and its writers: the context (contexte.py), a tree of French fields
listed in data/champs.toml, built from the Case, the Analysis and the numbered pièces. The
Word templates and the clauses read it and nothing else; it decides nothing of the law.

    values.py    how a value prints: strict fields, never None, defaults marked
    contexte.py  the context, section by section
    clauses.py   the clause library: reading and checking it, its sandbox, choosing and
                 rendering the clauses of a document
    markdown.py  a clause's Markdown → Word paragraphs, French typography
    docx.py      docxtpl: a Word template around the clauses → DOCX bytes
    styles.py    what a rendered DOCX does not need: unused styles, leftovers

Nothing is imported here: each caller imports the module it needs (`draft analyse` never
loads docxtpl).
"""
