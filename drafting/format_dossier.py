"""The case-file format: every table and every field, declared once.

The loader (case.py) reads each field by its type here; the JSON Schema (`draft schema`),
the template of `draft nouveau`, the questions of a first meeting and the check of the
fields a clause may read (data/champs.toml) are all derived from this declaration, so
that none of them can drift from what `draft` accepts. What a value means (a date after
the drafting date, a missing evidence file) stays for case.py to judge.
"""

from __future__ import annotations

from dataclasses import dataclass

CIVILITES = ("M.", "Mme")
PROCEDURES = ("auto", "mesures-utiles", "liberte")
OBJETS = ("premiere-demande", "renouvellement", "admission-exceptionnelle", "changement-de-statut")
CANAUX_DEMANDE = ("rendez-vous-en-ligne", "anef")
CANAUX_TENTATIVE = ("site", "courriel", "telephone", "guichet")
TYPES_COURRIER = ("lrar", "courriel", "lettre")
PREFETS = ("Madame", "Monsieur")
CANAUX_EN_LIGNE = ("demarches-simplifiees", "formulaire", "autre")
CATEGORIES = ("identite", "sejour", "domicile", "emploi", "famille", "autre")
SENS_ORDONNANCE = ("injonction", "rejet", "non-lieu")
QUALITES_ELU = ("depute", "senateur", "maire")

# Dates a case can hold: the calendar computes months and working days from them, and a
# typo such as 9999 or 2206 must be an error at loading, not an overflow later.
ANNEE_MIN, ANNEE_MAX = 1900, 2100
DELAI_MAX = 365   # days: a delay given to the préfecture or asked of the judge

# The types a field can have, as the loader reads them:
#   texte        a non-empty string (with ``choix``: one of them)
#   date         a TOML date, without quotes
#   horodatage   a TOML local date-time (a date alone: the time is unknown)
#   entier       an integer, between ``minimum`` and ``maximum``
#   booleen      true or false
#   fichier      a path relative to the case file, to an existing file: it becomes a pièce
#   textes       a list of strings
#   departement  a département code, as text ("92", "2A", "971"; 92 is accepted)
TYPES = ("texte", "date", "horodatage", "entier", "booleen", "fichier", "textes", "departement")


@dataclass(frozen=True)
class Champ:
    nom: str
    type: str
    description: str
    requis: bool = False
    choix: tuple[str, ...] | None = None
    minimum: int | None = None
    maximum: int | None = None
    # What a clause reads of it (data/champs.toml): "" the same name in the same table, a
    # dotted path when the context gives it another form ("tentatives[].date"), None when
    # only the analysis uses it.
    clause: str | None = ""


@dataclass(frozen=True)
class Table:
    nom: str
    description: str
    champs: tuple[Champ, ...]
    requise: bool = False
    liste: bool = False     # [[nom]]: a list of tables

    def champ(self, nom: str) -> Champ:
        return next(c for c in self.champs if c.nom == nom)


def _t(nom, description, requis=False, choix=None, clause="") -> Champ:
    return Champ(nom, "texte", description, requis, choix, clause=clause)


def _d(nom, description, requis=False, clause="") -> Champ:
    return Champ(nom, "date", description, requis, clause=clause)


FICHIER = "chemin du fichier, relatif au dossier TOML ; il devient une pièce"

TABLES: tuple[Table, ...] = (
    Table("dossier", "le dossier du cabinet", (
        _t("reference", "numéro de dossier du cabinet"),
        _d("date", "date de rédaction (défaut : aujourd'hui)"),
        _t("procedure", "procédure (défaut : auto)", choix=PROCEDURES),
    )),
    Table("requerant", "la personne qui saisit le juge", (
        _t("civilite", "civilité", True, CIVILITES),
        _t("nom", "nom de famille", True),
        _t("prenoms", "prénoms", True),
        _d("date_naissance", "date de naissance", True),
        _t("lieu_naissance", "lieu de naissance, avec le pays : « Dakar (Sénégal) »", True),
        _t("nationalite", "nationalité, au féminin : « sénégalaise »", True),
        _t("adresse", "adresse complète, code postal et ville à la fin", True),
        _t("telephone", "téléphone"),
        _t("courriel", "courriel"),
        _t("numero_etranger", "numéro étranger (AGDREF)"),
    ), requise=True),
    Table("conseil", "l'avocat ; absent, la personne agit seule", (
        _t("nom", "nom de l'avocat : « Me Hélène ROUSSEAU »", True),
        _t("barreau", "barreau : « Hauts-de-Seine », « Lyon »", True),
        _t("adresse", "adresse du cabinet, code postal et ville à la fin", True),
        _t("telephone", "téléphone du cabinet"),
        _t("courriel", "courriel du cabinet"),
    )),
    Table("titre", "le titre de séjour en cours ou expiré ; absent pour une première demande", (
        _t("nature", "nature du titre : « carte de séjour temporaire portant la mention « salarié » »", True),
        _t("numero", "numéro du titre"),
        _d("expire_le", "date d'expiration", True),
        Champ("anef", "booleen", "titre renouvelé sur le téléservice ANEF"),
        Champ("fichier", "fichier", FICHIER, clause="refs.titre"),
    )),
    Table("demande", "ce que la personne veut déposer", (
        _t("objet", "objet de la demande", True, OBJETS),
        _t("canal", "canal de dépôt (rendez-vous en ligne ou téléservice ANEF)", True, CANAUX_DEMANDE,
           clause="demande.anef"),
        _d("en_france_depuis", "date d'arrivée en France"),
        _d("oqtf_le", "date d'une obligation de quitter le territoire non exécutée"),
        _d("convocation_le", "date d'un rendez-vous déjà fixé, trop tardif"),
        _d("refus_le", "date d'un refus explicite de la préfecture", clause=None),   # routes the analysis
        _d("depot_le", "date d'une demande déjà déposée", clause=None),              # routes the analysis
        _d("recepisse_le", "date du récépissé ou de l'attestation de prolongation remis après ce dépôt",
           clause=None),                                                              # routes the analysis
    ), requise=True),
    Table("prefecture", "la préfecture compétente", (
        Champ("departement", "departement", "code du département : « 92 », « 2A », « 971 »", True,
              clause="juridiction.departement"),
        _t("autorite", "corrige l'autorité : « préfet de police »", clause="juridiction.autorite"),
        _t("adresse", "adresse postale de la préfecture", clause="juridiction.prefecture_adresse"),
        _t("tribunal", "corrige le tribunal administratif", clause="juridiction.tribunal"),
        _t("tribunal_adresse", "adresse du tribunal (forme ancienne de [tribunal] adresse)",
           clause="juridiction.tribunal_adresse"),
        _t("prefet", "« Madame » ou « Monsieur » : la formule d'appel de la lettre (défaut : les deux, « Madame la "
                     "Préfète, Monsieur le Préfet »)", choix=PREFETS, clause="lettre.appel"),
    ), requise=True),
    Table("tribunal", "le tribunal administratif, quand les données de draft sont à corriger", (
        _t("adresse", "adresse postale du tribunal, code postal et ville à la fin",
           clause="juridiction.tribunal_adresse"),
    )),
    Table("tentatives", "chaque tentative infructueuse d'obtenir un rendez-vous", (
        Champ("le", "horodatage", "date et heure, sans guillemets : 2026-10-19T08:30:00 (une date seule si l'heure "
                                  "est inconnue)", True, clause="tentatives[].date"),
        _t("canal", "par où", True, CANAUX_TENTATIVE),
        _t("resultat", "ce qui a été constaté (défaut selon le canal)"),
        Champ("capture", "fichier", "capture d'écran (PNG, JPEG, PDF) ; elle devient une pièce",
              clause="tentatives[].piece"),
        _t("preuve", "sans capture : l'identifiant de la [[pieces]] qui prouve la tentative (attestation d'un témoin "
                     "au guichet, réponse reçue)", clause="tentatives[].piece"),
    ), liste=True),
    Table("courriers", "les courriers déjà envoyés à la préfecture", (
        _t("type", "nature du courrier", True, TYPES_COURRIER, clause="courriers[].libelle"),
        _d("envoye_le", "date d'envoi", True),
        _d("recu_le", "date de réception (avis de réception)"),
        Champ("delai_jours", "entier", "délai donné à la préfecture, en jours", minimum=1, maximum=DELAI_MAX),
        Champ("fichier", "fichier", FICHIER, clause="courriers[].refs"),
        Champ("accuse", "fichier", "avis de réception ; il devient une pièce", clause="courriers[].refs"),
    ), liste=True),
    Table("demande_en_ligne", "une demande déposée en ligne (démarches simplifiées, formulaire de la préfecture), "
                              "restée sans réponse", (
        _d("le", "date du dépôt en ligne", True),
        _t("canal", "par où", True, CANAUX_EN_LIGNE, clause="demande_en_ligne.canal"),
        _t("reference", "numéro ou référence donné par l'accusé de réception"),
        Champ("accuse", "fichier", "accusé de réception (courriel, capture, PDF) ; il devient une pièce",
              clause="demande_en_ligne.refs"),
    )),
    Table("urgence", "les faits qui rendent la situation urgente", (
        _t("fait", "le fait, en une phrase, tel qu'il sera imprimé dans la requête", True),
        _d("le", "date du fait"),
        Champ("pieces", "textes", "identifiants des [[pieces]] qui le prouvent", clause="urgence[].refs"),
        _t("lettre", "le même fait tel que la personne l'écrit dans sa lettre"),
    ), liste=True),
    Table("pieces", "les autres pièces", (
        _t("id", "identifiant, cité par [[urgence]] pieces et par les clauses", True, clause="refs"),
        _t("titre", "intitulé au bordereau", True, clause="inventaire[].libelle"),
        Champ("fichier", "fichier", FICHIER, True, clause="inventaire[].pages"),
        _t("categorie", "catégorie", True, CATEGORIES, clause="refs"),
    ), liste=True),
    Table("conclusions", "ce qui est demandé au juge (défauts : les paramètres de draft)", (
        Champ("delai_jours", "entier", "délai demandé pour le rendez-vous, en jours", minimum=1, maximum=DELAI_MAX),
        Champ("astreinte_euros", "entier", "astreinte par jour de retard, en euros (0 : aucune)", minimum=0,
              clause="conclusions.astreinte"),
        Champ("frais_l761_1", "entier", "frais demandés au titre de l'article L. 761-1 CJA, en euros (0 : aucun)",
              minimum=0, clause="conclusions.frais"),
        Champ("aide_juridictionnelle", "booleen", "aide juridictionnelle provisoire"),
    )),
    # Only `draft lettre --type elu` reads it.
    Table("elu", "l'élu à qui écrire : député, sénateur ou maire (draft lettre --type elu)", (
        _t("civilite", "« Madame » ou « Monsieur »", True, PREFETS, clause="elu.destinataire"),
        _t("nom", "prénom et nom (« Anne DUPONT »)", True, clause="elu.destinataire"),
        _t("qualite", "« depute », « senateur » ou « maire »", True, QUALITES_ELU, clause="elu.fonction"),
        _t("mandat", "où : « de la 5e circonscription de la Seine-Saint-Denis », « de Bobigny »", True,
           clause="elu.fonction"),
        _t("adresse", "adresse postale (permanence, mairie, assemblée)", True, clause="elu.adresse_lignes"),
    )),
    Table("ordonnance", "l'ordonnance, une fois notifiée", (
        _d("notifiee_le", "date de notification", True, clause=None),   # starts the appeal delay
        _d("rendue_le", "date de l'ordonnance (défaut : la date de notification)", clause=None),
        _t("numero", "numéro de l'affaire au tribunal (défaut : [depot] numero)", clause=None),
        _t("sens", "ce que décide l'ordonnance (défaut : « injonction »)", choix=SENS_ORDONNANCE, clause=None),
        _t("injonction", "ce que l'ordonnance enjoint au préfet, tel qu'elle l'écrit, après « enjoint au préfet » "
                         "(« de communiquer à M. KONÉ une date de rendez-vous … »)", clause="ordonnance.injonction"),
        Champ("delai_jours", "entier", "délai donné au préfet, en jours à compter de la notification", minimum=1,
              maximum=DELAI_MAX, clause=None),
        Champ("astreinte_euros", "entier", "astreinte prononcée, en euros par jour de retard (0 : aucune)", minimum=0,
              clause=None),
        Champ("fichier", "fichier", "l'ordonnance (PDF) ; elle devient une pièce de la demande d'exécution",
              clause=None),
    )),
    # Written by `draft depot`: from then on the pièces keep the numbers they were filed with.
    Table("depot", "le dépôt de la requête (écrit par draft depot)", (
        _d("le", "date du dépôt sur Télérecours", True, clause=None),
        _t("numero", "numéro d'enregistrement de la requête au greffe", clause=None),
        _t("inventaire", "fichier écrit par draft depot, à côté du dossier TOML : le numéro, l'intitulé et "
                         "l'empreinte de chaque pièce déposée", True, clause=None),
    )),
)

# The inventory of the pièces filed (`[depot] inventaire`): one [[pieces]] table per pièce,
# with these fields; ``complement`` is 0 for the pièces filed with the petition, n for those
# of the n-th complement (`draft complement`).
CHAMPS_INVENTAIRE = ("numero", "titre", "fichier", "sha256", "complement")
# Before them, when draft depot was given the folder filed (--dossier-depose): its path,
# relative to the case file; draft complement's reading copy opens with its petition.
DOSSIER_DEPOSE = "dossier_depose"

PAR_NOM = {t.nom: t for t in TABLES}


def table(nom: str) -> Table:
    return PAR_NOM[nom]
