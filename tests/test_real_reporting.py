"""How reporters write the deal's facts, in our own sentences, in every core language.

Each phenomenon found in real reporting gets sentences here: a party named in an earlier
sentence (pronouns, generic nouns, role nouns, dropped subjects), the figure whose clause
holds its cue against one that only shares its sentence, grant areas named one by one, a
definitive agreement still being finalised, a sum restated in another currency, access to the
models until a year. Their counterparts that must give nothing sit beside them.
"""

from __future__ import annotations

import pytest
from shipped_catalogue import facts_of

from monitor.facts.attribution import extract_observations

AREAS = ("ai_literacy", "community_innovation", "economic_opportunity")




@pytest.mark.parametrize(("language", "text"), [
    ("en", "Microsoft reworked its bet on OpenAI this week. The company now holds a 27% stake."),
    ("en", "Microsoft reworked its bet on OpenAI this week. Its stake now stands at 27%."),
    ("fr", "Microsoft a revu son pari sur OpenAI cette semaine. Le groupe détient désormais 27 % du capital."),
    ("de", "Microsoft hat seine Wette auf OpenAI neu geordnet. Der Konzern hält nun einen Anteil von 27 Prozent."),
    ("es", "Microsoft ha renegociado su apuesta por OpenAI. Ahora posee una participación del 27 %."),
    ("it", "Microsoft ha rinegoziato la sua scommessa su OpenAI. Ora detiene una quota del 27%."),
])
def test_a_later_sentence_speaks_of_the_party_named_before(language, text, catalogue):
    assert ("microsoft_stake_pct", 27) in facts_of(text, catalogue, language)


@pytest.mark.parametrize(("language", "text"), [
    ("en", "Microsoft signed the papers on Tuesday. The software giant holds a 27% stake."),
    ("fr", "Microsoft a signé mardi. Le géant du logiciel détient une participation de 27 %."),
    ("de", "Microsoft hat am Dienstag unterschrieben. Der Softwarekonzern hält einen Anteil von 27 Prozent."),
    ("es", "Microsoft firmó el martes. El gigante del software tiene una participación del 27 %."),
    ("it", "Microsoft ha firmato martedì. Il colosso del software detiene una quota del 27%."),
])
def test_a_role_noun_stands_for_its_party_once_named(language, text, catalogue):
    assert ("microsoft_stake_pct", 27) in facts_of(text, catalogue, language)


@pytest.mark.parametrize(("language", "text"), [
    # a paragraph break ends what the text was about
    ("en", "Microsoft reworked its bet on OpenAI this week.\nThe company now holds a 27% stake."),
    ("es", "Microsoft ha renegociado su apuesta por OpenAI.\nAhora posee una participación del 27 %."),
    # another company named in between
    ("en", "Microsoft reworked its bet on OpenAI. SoftBank also spoke on Monday. The company now holds an 11% stake."),
    ("it", "Microsoft ha rinegoziato l'accordo con OpenAI. SoftBank ha parlato lunedì. Ora detiene una quota dell'11%."),
    # a role noun before its party was ever named
    ("de", "Der Softwarekonzern hält einen Anteil von 27 Prozent."),
])
def test_no_party_is_guessed_past_a_paragraph_or_another_company(language, text, catalogue):
    assert not {key for key, _ in facts_of(text, catalogue, language)} & {"microsoft_stake_pct", "nonprofit_stake_pct"}


@pytest.mark.parametrize(("language", "text"), [
    ("en", "The OpenAI Foundation will hold a 26% stake, with 47% held by employees and investors."),
    ("fr", "La Fondation OpenAI détiendra une participation de 26 %, les 47 % restants revenant aux salariés et aux investisseurs."),
    ("de", "Die OpenAI-Stiftung hält einen Anteil von 26 Prozent, weitere 47 Prozent gehören Mitarbeitern und Investoren."),
    ("es", "La Fundación OpenAI tendrá una participación del 26 %, con un 47 % en manos de empleados e inversores."),
    ("it", "La Fondazione OpenAI deterrà una quota del 26%, con il 47% nelle mani di dipendenti e investitori."),
])
def test_the_figure_of_the_cued_clause_wins_over_another_in_the_sentence(language, text, catalogue):
    found = facts_of(text, catalogue, language)
    assert ("nonprofit_stake_pct", 26) in found
    assert ("nonprofit_stake_pct", 47) not in found


@pytest.mark.parametrize(("language", "text"), [
    ("en", "The grants go to AI literacy, community innovation and economic opportunity."),
    ("fr", "Les subventions iront à l'alphabétisation à l'IA, à l'innovation locale et aux opportunités économiques."),
    ("de", "Die Fördermittel gehen an KI-Kompetenz, lokale Innovation und wirtschaftliche Chancen."),
    ("es", "Las subvenciones irán a la alfabetización en IA, la innovación local y las oportunidades económicas."),
    ("it", "I contributi andranno all'alfabetizzazione all'IA, all'innovazione locale e alle opportunità economiche."),
    # no cue word, but a list of the areas says which fact it is
    ("en", "Think of AI literacy, community innovation and economic opportunity."),
])
def test_grant_areas_are_read_by_name(language, text, catalogue):
    assert ("grant_focus_areas", AREAS) in facts_of(text, catalogue, language)


def test_single_names_without_a_cue_are_no_set(catalogue):
    found = facts_of("Offices in California and Delaware opened, next to Google and Amazon.", catalogue, "en")
    assert not {key for key, _ in found} & {"regulators", "competitors"}


@pytest.mark.parametrize(("language", "text"), [
    ("en", "The two companies are working to finalize a definitive agreement."),
    ("fr", "Les deux groupes travaillent à finaliser un accord définitif."),
    ("de", "Beide Unternehmen arbeiten an einer endgültigen Vereinbarung."),
    ("es", "Ambas empresas sientan las bases para un posible acuerdo definitivo."),
    ("it", "Le due società lavorano per finalizzare un accordo definitivo."),
])
def test_a_definitive_agreement_being_finalised_is_still_a_memorandum(language, text, catalogue):
    assert ("agreement_stage", "mou") in facts_of(text, catalogue, language)
    assert ("agreement_stage", "definitive") not in facts_of(text, catalogue, language)


@pytest.mark.parametrize(("language", "text"), [
    ("en", "Microsoft's stake is valued at $135 billion, or about €116 billion."),
    ("fr", "Le paquet de Microsoft, 27 % du capital, est valorisé à 135 milliards de dollars, c'est-à-dire quelque 116 milliards d'euros."),
    ("de", "Die Beteiligung von Microsoft wird mit 135 Milliarden Dollar (rund 116 Milliarden Euro) bewertet."),
])
def test_a_sum_restated_in_another_currency_is_one_statement(language, text, catalogue):
    found = {(o.key, o.value, o.currency) for o in extract_observations(text, catalogue, language)}
    assert ("microsoft_stake_usd", 135e9, "USD") in found
    assert not any(key == "microsoft_stake_usd" and currency == "EUR" for key, _, currency in found)


@pytest.mark.parametrize(("language", "text"), [
    ("en", "Microsoft keeps access to OpenAI's models until 2032."),
    ("fr", "Microsoft conserve l'accès aux modèles d'OpenAI jusqu'en 2032."),
    ("de", "Microsoft behält den Zugang zu den Modellen von OpenAI bis 2032."),
    ("es", "Microsoft mantiene el acceso a los modelos de OpenAI hasta 2032."),
    ("it", "Microsoft mantiene l'accesso ai modelli di OpenAI fino al 2032."),
])
def test_access_to_the_models_until_a_year_is_the_ip_term(language, text, catalogue):
    assert ("ip_rights_until", 2032) in facts_of(text, catalogue, language)


@pytest.mark.parametrize(("language", "text"), [
    ("en", "Microsoft's rights to OpenAI's research run through 2030."),
    ("fr", "Les droits de Microsoft sur la recherche d'OpenAI courent jusqu'en 2030."),
    ("en", "The previous agreement gave Microsoft rights to the models until 2030."),
])
def test_research_rights_and_previous_terms_are_not_the_ip_term(language, text, catalogue):
    assert ("ip_rights_until", 2030) not in facts_of(text, catalogue, language)


@pytest.mark.parametrize(("language", "text"), [
    ("en", "OpenAI has contracted to purchase an incremental $250 billion of Azure services from Microsoft."),
    ("fr", "OpenAI promet à Microsoft des achats de services Azure d'un montant total de 250 milliards de dollars."),
])
def test_a_purchase_of_services_is_no_stake_or_valuation(language, text, catalogue):
    keys = {key for key, _ in facts_of(text, catalogue, language)}
    assert not keys & {"microsoft_stake_usd", "openai_valuation_usd", "microsoft_investment_usd"}


@pytest.mark.parametrize(("language", "text"), [
    # a pronoun: the party named nearest before it
    ("en", "OpenAI said its nonprofit is now the OpenAI Foundation, and it holds a stake worth about $130 billion."),
    # a possessive: the sentence's subject, however many parties come between
    ("fr", "La Fondation OpenAI, avec un OpenAI valorisé très haut par Microsoft, voit sa participation estimée à 130 milliards de dollars."),
])
def test_a_pronoun_takes_the_nearest_party_and_a_possessive_the_subject(language, text, catalogue):
    assert ("nonprofit_stake_usd", 130e9) in facts_of(text, catalogue, language)


@pytest.mark.parametrize(("language", "text"), [
    ("fr", "Microsoft a investi plus de 13 milliards de dollars, et sa participation est aujourd'hui évaluée à 135 milliards."),
    ("en", "Microsoft has put in more than $13 billion, and its stake is now put at 135 billion."),
])
def test_a_bare_sum_after_a_sum_of_money_takes_its_currency(language, text, catalogue):
    found = {(o.key, o.value, o.currency) for o in extract_observations(text, catalogue, language)}
    assert ("microsoft_stake_usd", 135e9, "USD") in found


@pytest.mark.parametrize(("language", "text"), [
    ("en", "The nonprofit, now called the OpenAI Foundation, holds equity in the new public benefit corporation valued at about $130 billion."),
    ("fr", "La structure à but non lucratif, rebaptisée Fondation OpenAI, détient une participation dans la nouvelle société, valorisée à 130 milliards de dollars."),
])
def test_an_apposition_between_the_party_and_its_figure(language, text, catalogue):
    assert ("nonprofit_stake_usd", 130e9) in facts_of(text, catalogue, language)


@pytest.mark.parametrize(("language", "text"), [
    ("en", "Microsoft's 27% stake is the largest outside the foundation."),
    ("fr", "La participation de 27 % de Microsoft reste la plus importante."),
    ("de", "Microsofts Anteil von 27 Prozent bleibt der größte."),
    ("es", "La participación del 27 % de Microsoft sigue siendo la mayor."),
    ("it", "La quota del 27% di Microsoft resta la più grande."),
    ("en", "27%: Microsoft's share, worth $135bn."),
    # other forms of the verbs, without a stake noun
    ("en", "Microsoft held 27% after the deal."),
    ("fr", "Microsoft dispose de 27 % après l'accord."),
    ("de", "Microsoft hielt nach dem Abschluss 27 Prozent."),
    ("es", "Microsoft cuenta con el 27 % tras el acuerdo."),
    ("it", "Microsoft dispone del 27% dopo l'accordo."),
])
def test_noun_phrases_headings_and_verb_forms(language, text, catalogue):
    assert ("microsoft_stake_pct", 27) in facts_of(text, catalogue, language)


@pytest.mark.parametrize(("language", "text", "figure"), [
    ("fr", "Le capital serait réparti en donnant 49 % à Microsoft.", ("microsoft_stake_pct", 49)),
    ("en", "Microsoft will receive 20% of OpenAI's revenue until the panel rules, when that share ends.", ("microsoft_stake_pct", 20)),
    ("it", "Microsoft riceverà il 20% dei ricavi di OpenAI, poi la quota si azzererà.", ("microsoft_stake_pct", 20)),
    ("es", "La fundación tendrá un 26 %, y el 47 % quedará en manos de empleados e inversores.", ("nonprofit_stake_pct", 47)),
    ("en", "The foundation will disburse $40.5 million in grants this year.", ("grant_fund_usd", 40.5e6)),
])
def test_conditionals_revenue_shares_other_holders_and_payouts_are_no_stake_or_fund(language, text, figure, catalogue):
    assert figure not in facts_of(text, catalogue, language)


@pytest.mark.parametrize(("language", "text"), [
    ("en", "The plan is under review by the authorities of California and Delaware."),
    ("fr", "Le plan a été validé par les procureurs du Delaware et de Californie."),
    ("es", "El plan está bajo el escrutinio de las autoridades de California y Delaware."),
    ("it", "Il piano è stato approvato dalle autorità del Delaware e della California."),
])
def test_regulators_named_as_authorities(language, text, catalogue):
    assert ("regulators", ("california_ag", "delaware_ag")) in facts_of(text, catalogue, language)


@pytest.mark.parametrize(("language", "text"), [
    ("en", "A claim of AGI must now be confirmed by an independent panel."),
    ("fr", "Toute annonce d'AGI devra être confirmée par un panel indépendant."),
    ("de", "Eine Ankündigung von AGI muss ein unabhängiges Gremium bestätigen."),
    ("es", "Un panel independiente deberá verificar cualquier anuncio de IAG."),
    ("it", "Un panel indipendente dovrà verificare ogni annuncio di AGI."),
])
def test_an_independent_panel_verifies_agi(language, text, catalogue):
    assert ("agi_expert_panel", "true") in facts_of(text, catalogue, language)


@pytest.mark.parametrize(("language", "text", "figure"), [
    ("es", "El acuerdo valora OpenAI en 500.000 millones de dólares y despeja el camino para que algún día cotice en bolsa.",
     ("openai_valuation_usd", 500e9)),
    ("en", "The deal values OpenAI at $500 billion and clears the way for the company to list on the stock market one day.",
     ("openai_valuation_usd", 500e9)),
])
def test_a_market_word_far_after_the_figure_does_not_speak_of_it(language, text, figure, catalogue):
    assert figure in facts_of(text, catalogue, language)


def test_a_market_word_right_after_the_figure_still_does(catalogue):
    assert not facts_of("Microsoft holds 27% on Nasdaq terms today.", catalogue, "en") & {("microsoft_stake_pct", 27)}


@pytest.mark.parametrize(("language", "text"), [
    ("en", "Microsoft acquired Activision Blizzard for $69 billion in 2023."),
    ("en", "Microsoft keeps about $80 billion in cash."),
    ("it", "Microsoft ha acquisito Activision Blizzard per 69 miliardi di dollari."),
    ("fr", "Microsoft conserve environ 80 milliards de dollars de trésorerie."),
])
def test_buying_a_company_or_keeping_cash_is_no_stake(language, text, catalogue):
    assert not {key for key, _ in facts_of(text, catalogue, language)} & {"microsoft_stake_usd", "nonprofit_stake_usd"}
