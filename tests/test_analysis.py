"""The legal engine: the decision matrix of caselaw.md §5 (docs/sources/), the evidence rules of §4,
urgency, and every deadline, with dates worked out by hand in the comments."""

from __future__ import annotations

import datetime as D_
import textwrap

import pytest

from drafting.analysis import analyse
from drafting.case import load_case

from conftest import SAMPLES

D = D_.date


def _nbsp(s: str) -> str:
    return s.replace("\u00a0", " ").replace("\u202f", " ")


def dossier(tmp_path, *, date="2026-11-30", procedure="auto", objet="renouvellement", canal="rendez-vous-en-ligne",
            departement="92", titre: str | None = "expire_le = 2026-12-18", demande="", tentatives=None,
            extra="") -> object:
    """A minimal case file; attempts default to 6 spread over 4 ISO weeks (W44–W47 of 2026)."""
    if tentatives is None:
        tentatives = ["2026-10-26T08:30:00", "2026-10-29T23:55:00", "2026-11-03T09:00:00",
                      "2026-11-10T08:00:00", "2026-11-13T12:00:00", "2026-11-17T08:15:00"]
    lignes = [f'[dossier]\ndate = {date}\nprocedure = "{procedure}"\n',
              '[requerant]\ncivilite = "M."\nnom = "TEST"\nprenoms = "Ali"\ndate_naissance = 1990-01-01\n'
              'lieu_naissance = "Dakar (Sénégal)"\nnationalite = "sénégalaise"\nadresse = "1 rue X, 92000 Nanterre"\n']
    if titre is not None:
        lignes.append(f'[titre]\nnature = "carte de séjour temporaire"\n{titre}\n')
    lignes.append(f'[demande]\nobjet = "{objet}"\ncanal = "{canal}"\n{demande}\n')
    lignes.append(f'[prefecture]\ndepartement = "{departement}"\n')
    for t in tentatives:
        lignes.append(f'[[tentatives]]\nle = {t}\ncanal = "site"\n')
    lignes.append(textwrap.dedent(extra))
    chemin = tmp_path / "dossier.toml"
    chemin.write_text("\n".join(lignes), encoding="utf-8")
    return analyse(load_case(chemin))


def codes(a, niveau=None):
    return {al.code for al in a.alertes if niveau is None or al.niveau == niveau}


URGENCE_LOIN = '''
[[urgence]]
fait = "La promesse d'embauche tombe si la demande n'est pas déposée avant le 15 janvier 2027"
le = 2027-01-15
'''


# --- the decision matrix (caselaw.md §5), row by row ------------------------------------

def test_renewal_without_decision_goes_to_mesures_utiles_with_presumed_urgency(tmp_path):
    a = dossier(tmp_path)
    assert (a.procedure, a.procedure_conseillee) == ("mesures-utiles", "mesures-utiles")
    assert a.urgence_presumee and not a.bloquant
    assert "renouvellement" in a.motifs[0]


def test_first_application_needs_dated_urgency_facts(tmp_path):
    sans = dossier(tmp_path, objet="admission-exceptionnelle", titre=None)
    assert "urgence-sans-faits" in codes(sans, "bloquant")
    assert "9 juin 2022, n° 453391" in _nbsp(next(al.fondement for al in sans.alertes if al.code == "urgence-sans-faits"))
    non_datee = dossier(tmp_path, objet="premiere-demande", titre=None,
                        extra='[[urgence]]\nfait = "Trois enfants scolarisés"\n')
    assert "urgence-non-datee" in codes(non_datee, "attention") and not non_datee.bloquant
    datee = dossier(tmp_path, objet="admission-exceptionnelle", titre=None, extra=URGENCE_LOIN)
    assert datee.procedure == "mesures-utiles" and not datee.bloquant and not datee.urgence_presumee


def test_anef_malfunction_asks_for_a_substitute_route(tmp_path):
    a = dossier(tmp_path, canal="anef", titre="expire_le = 2027-04-30\nanef = true", date="2027-04-02",
                tentatives=["2027-01-05T10:00:00", "2027-01-14T21:30:00", "2027-01-26T08:00:00",
                            "2027-02-03T14:00:00", "2027-02-16T09:10:00", "2027-02-25T18:45:00"])
    assert a.procedure_conseillee == "mesures-utiles" and "substitution" in a.motifs[0]


def test_expired_permit_and_imminent_dated_harm_suggests_refere_liberte(tmp_path):
    a = dossier(tmp_path, date="2026-11-16", titre="expire_le = 2026-11-10",
                tentatives=["2026-09-28T08:00:00", "2026-10-07T09:30:00", "2026-10-13T08:10:00",
                            "2026-10-21T23:58:00", "2026-11-03T09:00:00", "2026-11-12T08:30:00"],
                extra='[[urgence]]\nfait = "Entretien préalable au licenciement"\nle = 2026-11-26\n')
    assert a.procedure == "liberte"
    assert "liberte-risque" in codes(a, "attention")
    # The judge rules within 48 hours: filed Monday 16 November → Wednesday 18 November (indicative).
    assert a.delai("jugement-liberte").date == D(2026, 11, 18)
    assert a.delai("jugement-liberte").nature == "indicatif"


def test_expired_permit_without_imminent_harm_stays_mesures_utiles(tmp_path):
    a = dossier(tmp_path, date="2026-11-16", titre="expire_le = 2026-11-10", extra=URGENCE_LOIN,
                tentatives=["2026-09-28T08:00:00", "2026-10-07T09:30:00", "2026-10-13T08:10:00"])
    assert a.procedure == "mesures-utiles"


def test_explicit_refusal_is_another_route_with_its_two_month_delai_franc(tmp_path):
    a = dossier(tmp_path, demande="refus_le = 2026-10-02")
    assert a.procedure_conseillee == "autre-voie"
    assert "route-refus" in codes(a, "bloquant")
    # Friday 2 October 2026 + 2 months = Wednesday 2 December, + 1 (franc) = Thursday 3 December.
    assert a.delai("recours-refus").date == D(2026, 12, 3)
    assert a.delai("recours-refus").nature == "franc"
    assert "R. 421-1" in a.delai("recours-refus").fondement


def test_appointment_already_given_asks_first_to_bring_it_forward(tmp_path):
    a = dossier(tmp_path, titre=None, objet="premiere-demande", extra=URGENCE_LOIN.replace("2027-01-15", "2027-06-15"),
                demande="convocation_le = 2027-03-15")
    assert a.procedure_conseillee == "autre-voie" and "route-convocation" in codes(a, "bloquant")


def test_appointment_given_after_a_dated_urgency_allows_mesures_utiles(tmp_path):
    # The job offer lapses on 15 January 2027, the appointment is on 15 March: too late (avis 436288).
    a = dossier(tmp_path, titre=None, objet="premiere-demande", extra=URGENCE_LOIN,
                demande="convocation_le = 2027-03-15")
    assert a.procedure_conseillee == "mesures-utiles" and not a.bloquant
    assert "15 mars 2027" in _nbsp(a.motifs[0])


def test_appointment_date_already_past_blocks(tmp_path):
    a = dossier(tmp_path, demande="convocation_le = 2026-11-02")
    assert "route-convocation-passee" in codes(a, "bloquant")


def test_application_filed_more_than_four_months_ago_is_implicitly_rejected(tmp_path):
    a = dossier(tmp_path, date="2026-11-20", demande="depot_le = 2026-05-31")
    assert a.procedure_conseillee == "autre-voie" and "route-rejet-implicite" in codes(a, "bloquant")
    # 31 May 2026 + 4 months = 30 September (no 31 September; a fixed date, not moved).
    assert a.delai("rejet-implicite").date == D(2026, 9, 30)
    # 30 September + 2 months = 30 November, + 1 (franc) = Tuesday 1 December 2026.
    assert a.delai("recours-rejet-implicite").date == D(2026, 12, 1)


def test_application_filed_recently_waits_for_the_decision(tmp_path):
    # Its récépissé was given: nothing is owed, the decision is awaited.
    a = dossier(tmp_path, date="2026-11-20", demande="depot_le = 2026-09-15\nrecepisse_le = 2026-09-15")
    assert "route-depot-en-cours" in codes(a, "bloquant")
    # 15 September + 4 months = Friday 15 January 2027.
    assert a.delai("rejet-implicite").date == D(2027, 1, 15)
    assert "15 janvier 2027" in _nbsp(next(al.message for al in a.alertes if al.code == "route-depot-en-cours"))


def test_unexecuted_oqtf_changes_the_advice_unless_the_lawyer_chooses(tmp_path):
    auto = dossier(tmp_path, demande="oqtf_le = 2024-03-10")
    assert auto.procedure_conseillee == "autre-voie" and "route-oqtf" in codes(auto, "bloquant")
    choisie = dossier(tmp_path, procedure="mesures-utiles", demande="oqtf_le = 2024-03-10")
    assert choisie.procedure == "mesures-utiles" and not choisie.bloquant
    assert "oqtf-procedure-imposee" in codes(choisie, "attention")


def test_an_explicit_choice_is_respected_and_the_contrary_advice_shown(tmp_path):
    a = dossier(tmp_path, procedure="liberte")
    assert a.procedure == "liberte" and a.procedure_conseillee == "mesures-utiles"
    al = next(al for al in a.alertes if al.code == "procedure-contraire")
    assert "référé-liberté" in al.message and "référé mesures utiles" in al.message


# --- evidence (caselaw.md §4) ----------------------------------------------------------

def test_attempts_all_in_one_week_block_the_petition_naming_ce_435594(tmp_path):
    a = dossier(tmp_path, tentatives=["2026-11-23T08:00:00", "2026-11-25T09:00:00", "2026-11-27T23:50:00"])
    al = next(al for al in a.alertes if al.code == "preuve-une-semaine")
    assert al.niveau == "bloquant" and "du 23 novembre 2026 au 27 novembre 2026, soit 4 jours" in _nbsp(al.message)
    assert "W48" not in al.message and "jusqu'au lundi 30 novembre 2026" in _nbsp(al.message)
    assert "CE, 10 juin 2020, n° 435594" in _nbsp(al.fondement)
    # Drafted Monday 30 November (W49, no attempt yet): two more weeks are needed, W49 and W50,
    # so attempts can be complete on Monday 7 December. The letter drafted today is presumed
    # received Wednesday 2 December; 8 days (the permit expires within 30 days) → Thursday
    # 10 December; filing makes sense the next working day, Friday 11 December.
    assert a.depot_conseille_le == D(2026, 12, 11)
    assert "vendredi 11 décembre 2026" in _nbsp(a.depot_conseil)


def test_iso_week_53_and_week_1_are_two_weeks_but_28_dec_and_1_jan_one(tmp_path):
    une = dossier(tmp_path, date="2027-01-08", titre="expire_le = 2027-02-01",
                  tentatives=["2026-12-28T08:00:00", "2027-01-01T10:00:00", "2027-01-03T21:00:00"])
    assert une.preuve.semaines == 1 and une.preuve.semaines_iso == ("2026-W53",)
    assert "preuve-une-semaine" in codes(une, "bloquant")
    deux = dossier(tmp_path, date="2027-01-08", titre="expire_le = 2027-02-01",
                   tentatives=["2026-12-28T08:00:00", "2027-01-01T10:00:00", "2027-01-04T09:00:00"])
    assert deux.preuve.semaines_iso == ("2026-W53", "2027-W01") and not deux.bloquant
    assert {"preuve-peu-de-semaines", "preuve-peu-de-tentatives"} <= codes(deux, "attention")


def test_no_attempt_at_all_blocks(tmp_path):
    assert "preuve-aucune" in codes(dossier(tmp_path, tentatives=[]), "bloquant")


def test_attempts_without_time_or_capture_are_named(tmp_path):
    a = dossier(tmp_path, tentatives=["2026-10-26", "2026-11-03T09:00:00", "2026-11-10T08:00:00"])
    al = {x.code: x for x in a.alertes}
    assert al["tentatives-sans-heure"].message.startswith("Tentatives sans heure : n° 1.")
    assert "n° 1, n° 2, n° 3" in al["tentatives-sans-capture"].message


# --- dates -----------------------------------------------------------------------------

def test_renewal_window_r431_5_for_an_ordinary_permit(tmp_path):
    a = dossier(tmp_path)  # expires Friday 18 December 2026, first attempt 26 October
    debut, fin = a.delai("renouvellement-debut"), a.delai("renouvellement-fin")
    # The two months before expiry: from Sunday 18 October (a fixed date, flagged, not moved).
    assert (debut.date, fin.date) == (D(2026, 10, 18), D(2026, 12, 18))
    assert debut.jour_chome == "dimanche"
    assert a.fenetre.position == "dans"
    assert "R. 431-5" in debut.fondement


def test_renewal_window_for_an_anef_permit_and_a_late_first_attempt(tmp_path):
    # ANEF: 120th to 60th day before Friday 30 April 2027 → Thursday 31 December 2026 to Monday 1 March 2027.
    a = dossier(tmp_path, date="2027-04-02", titre="expire_le = 2027-04-30\nanef = true",
                tentatives=["2027-03-05T10:00:00", "2027-03-12T10:00:00", "2027-03-19T10:00:00"])
    assert (a.fenetre.debut, a.fenetre.fin) == (D(2026, 12, 31), D(2027, 3, 1))
    assert a.fenetre.position == "apres" and "renouvellement-tardif" in codes(a, "attention")


def test_letter_deadline_from_the_ar_date_or_two_working_days_after_dispatch(tmp_path):
    a = dossier(tmp_path, extra='''
        [[courriers]]
        type = "lrar"
        envoye_le = 2026-04-28
        recu_le = 2026-04-30
        delai_jours = 8

        [[courriers]]
        type = "courriel"
        envoye_le = 2026-11-20
        delai_jours = 15
        ''')
    lrar, courriel = a.courriers
    # Received Thursday 30 April + 8 = Friday 8 May (holiday), weekend → Monday 11 May; passed.
    assert lrar.echeance == D(2026, 5, 11) and lrar.echeance_passee
    # Sent Friday 20 November, presumed received Tuesday 24 November; + 15 = Wednesday 9 December.
    assert (courriel.reception, courriel.reception_presumee) == (D(2026, 11, 24), True)
    assert courriel.echeance == D(2026, 12, 9) and not courriel.echeance_passee
    assert "courrier-delai-en-cours" in codes(a, "info")
    calcul = next(d.calcul for d in a.delais if d.code == "courrier" and d.date == D(2026, 5, 11))
    assert "8 mai 2026 (Fête de la Victoire)" in _nbsp(calcul)


def test_letter_drafted_today_gives_a_computed_deadline(tmp_path):
    # Drafted Monday 30 November 2026, presumed received Wednesday 2 December; the permit
    # expires within 30 days: 8 days → Thursday 10 December.
    a = dossier(tmp_path)
    assert (a.lettre_reception, a.lettre_echeance, a.lettre_delai_jours) == (D(2026, 12, 2), D(2026, 12, 10), 8)
    # Far from expiry: 15 days. Drafted Monday 2 November 2026 (expiry 18 December), presumed
    # received Wednesday 4 November; + 15 = Thursday 19 November.
    b = dossier(tmp_path, date="2026-11-02", tentatives=["2026-10-12T08:00:00", "2026-10-20T08:00:00",
                                                         "2026-10-27T08:00:00"])
    assert (b.lettre_echeance, b.lettre_delai_jours) == (D(2026, 11, 19), 15)


def test_letter_deadline_moved_only_by_good_friday_in_strasbourg_is_flagged(tmp_path):
    # Received Thursday 11 March 2027 + 15 = Friday 26 March, Good Friday in the Bas-Rhin,
    # then the weekend and Easter Monday → Tuesday 30 March; in Paris it stays 26 March.
    extra = '[[courriers]]\ntype = "lrar"\nenvoye_le = 2027-03-09\nrecu_le = 2027-03-11\ndelai_jours = 15\n'
    kw = dict(date="2027-03-15", titre="expire_le = 2027-06-30", extra=extra,
              tentatives=["2027-02-01T08:00:00", "2027-02-09T08:00:00", "2027-02-16T08:00:00"])
    strasbourg = dossier(tmp_path, departement="67", **kw)
    assert strasbourg.courriers[0].echeance == D(2027, 3, 30)
    al = next(x for x in strasbourg.alertes if x.code == "terme-jour-local")
    assert "Vendredi saint" in al.message and "vendredi 26 mars 2027" in _nbsp(al.message)
    paris = dossier(tmp_path, departement="75", **kw)
    assert paris.courriers[0].echeance == D(2027, 3, 26)
    assert "terme-jour-local" not in codes(paris)


def test_expiry_on_a_non_working_day_is_flagged_not_moved(tmp_path):
    # 25 December 2026 is a Friday and Christmas.
    a = dossier(tmp_path, date="2026-12-01", titre="expire_le = 2026-12-25")
    exp = a.delai("expiration-titre")
    assert exp.date == D(2026, 12, 25) and exp.jour_chome == "Noël"
    al = next(x for x in a.alertes if x.code == "date-fixe-chomee" and "Expiration" in x.message)
    assert "jeudi 24 décembre 2026" in _nbsp(al.message)


def test_appeal_and_cassation_delays_from_the_notification(tmp_path):
    # Notified Friday 4 December 2026: + 15 = Saturday 19, + 1 (franc) = Sunday 20 → Monday 21 December.
    extra = "[ordonnance]\nnotifiee_le = 2026-12-04\n"
    mu = dossier(tmp_path, date="2026-12-04", extra=extra)
    assert mu.delai("cassation").date == D(2026, 12, 21)
    assert "R. 523-1" in mu.delai("cassation").fondement and mu.delai("cassation").nature == "franc"
    liberte = dossier(tmp_path, date="2026-12-04", procedure="liberte", extra=extra)
    assert liberte.delai("appel-liberte").date == D(2026, 12, 21)
    assert "L. 523-1" in liberte.delai("appel-liberte").fondement


def test_month_end_term_warns_and_proposes_the_earlier_date(tmp_path):
    # Refusal notified Friday 31 July 2026: + 2 months = 30 September (no 31st), + 1 (franc)
    # = Thursday 1 October; the month-end rule is unsettled: prudent date Wednesday 30 September.
    a = dossier(tmp_path, date="2026-08-10", demande="refus_le = 2026-07-31",
                tentatives=["2026-07-06T08:00:00", "2026-07-15T08:00:00", "2026-07-22T08:00:00"])
    assert a.delai("recours-refus").date == D(2026, 10, 1)
    al = next(x for x in a.alertes if x.code == "terme-fin-de-mois")
    assert "mercredi 30 septembre 2026" in _nbsp(al.message) and "31" in al.message


def test_an_oqtf_prevails_over_an_appointment_already_given(tmp_path):
    a = dossier(tmp_path, titre=None, objet="premiere-demande", extra=URGENCE_LOIN,
                demande="convocation_le = 2027-03-15\noqtf_le = 2024-03-10")
    assert a.procedure_conseillee == "autre-voie" and "route-oqtf" in codes(a, "bloquant")


def test_refusal_next_step_is_a_recours_and_no_appointment_letter(tmp_path):
    a = dossier(tmp_path, demande="refus_le = 2026-10-02")
    assert not a.lettre_utile and "recours pour excès de pouvoir" in a.depot_conseil
    assert dossier(tmp_path, demande="convocation_le = 2027-03-15").lettre_utile


def test_missing_urgency_facts_say_what_to_add(tmp_path):
    a = dossier(tmp_path, objet="admission-exceptionnelle", titre=None)
    assert "décrire dans le dossier les circonstances" in a.depot_conseil and a.depot_conseille_le is None


def test_renewal_without_a_permit_is_flagged(tmp_path):
    assert "titre-absent" in codes(dossier(tmp_path, titre=None), "attention")


def test_future_refusal_is_refused_naming_the_field(tmp_path):
    from drafting.errors import CaseError

    with pytest.raises(CaseError) as e:
        dossier(tmp_path, demande="refus_le = 2027-01-05")
    assert "demande.refus_le" in str(e.value)


def test_liberte_appeal_gives_the_prudent_date_too(tmp_path):
    # Notified Friday 4 December 2026: franc → Monday 21 December; not franc: Saturday 19 →
    # Monday 21 as well. Notified Monday 7 December: franc → + 16 = Wednesday 23; not franc → Tuesday 22.
    a = dossier(tmp_path, date="2026-12-07", procedure="liberte", extra="[ordonnance]\nnotifiee_le = 2026-12-07\n")
    appel = a.delai("appel-liberte")
    assert appel.date == D(2026, 12, 23) and "mardi 22 décembre 2026" in _nbsp(appel.calcul)


def test_a_letter_whose_deadline_has_passed_does_not_delay_filing(tmp_path):
    # Same one-week case, but an LRAR received 12 November gave 8 days (→ Friday 20 November,
    # passed): only the evidence waits, for weeks W49 and W50 → Monday 7 December 2026.
    a = dossier(tmp_path, tentatives=["2026-11-23T08:00:00", "2026-11-25T09:00:00", "2026-11-27T23:50:00"],
                extra='[[courriers]]\ntype = "lrar"\nenvoye_le = 2026-11-09\nrecu_le = 2026-11-12\ndelai_jours = 8\n')
    assert a.courriers[0].echeance == D(2026, 11, 20) and a.courriers[0].echeance_passee
    assert a.depot_conseille_le == D(2026, 12, 7)


def _seul(tmp_path, retirer: tuple[str, ...], aide: bool | None = None):
    """The Marseille sample (an applicant acting alone), without some of her details."""
    import shutil

    from drafting.case import load_case

    cas = tmp_path / "cas"
    shutil.copytree(SAMPLES / "liberte-marseille", cas)
    toml = cas / "dossier.toml"
    lignes = [l for l in toml.read_text("utf-8").splitlines() if l.split("=")[0].strip() not in retirer]
    texte = "\n".join(lignes) + "\n"
    if aide is not None:
        texte = texte.replace("aide_juridictionnelle = true", f"aide_juridictionnelle = {'true' if aide else 'false'}")
    toml.write_text(texte, "utf-8")
    return analyse(load_case(toml))


def test_an_applicant_acting_alone_is_told_to_give_a_telephone_and_an_email(tmp_path):
    a = _seul(tmp_path, ("telephone", "courriel"))
    [al] = [al for al in a.alertes if al.code == "seul-coordonnees"]
    assert al.niveau == "attention"
    assert al.message.startswith("La requérante agit sans avocat et le dossier ne donne pas son téléphone ni son courriel")
    assert "R. 522-6" in al.fondement
    a = _seul(tmp_path / "2", ("courriel",))
    assert "ne donne pas son courriel :" in next(al.message for al in a.alertes if al.code == "seul-coordonnees")
    # With both, or with a lawyer, nothing to say.
    assert "seul-coordonnees" not in codes(_seul(tmp_path / "3", ()), "attention")


def test_legal_aid_asked_for_says_how_it_is_applied_for(tmp_path):
    a = _seul(tmp_path, (), aide=True)
    [al] = [al for al in a.alertes if al.code == "aide-juridictionnelle"]
    assert "ne se fait pas par Télérecours citoyens" in al.message and "504162" in al.fondement
    assert "aide-juridictionnelle" not in codes(_seul(tmp_path / "2", (), aide=False), "info")
