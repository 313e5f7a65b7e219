"""The fact engine in Portuguese, Dutch, Polish, Russian, Ukrainian and Turkish.

Each language states the deal's facts the way its press does: the stakes (Microsoft about 27 %,
worth about $135bn; the foundation 26 %, about $130bn), the valuation, the memorandum of
understanding against the definitive agreement (a definitive agreement still being negotiated is
no definitive agreement), the $50M grant fund, the IP rights until 2032, Microsoft's $13bn
investment, the $250bn Azure commitment, the AGI expert panel and the two attorneys general.
Polish, Russian, Ukrainian and Turkish inflect their words, so the catalogue's stems (a trailing
*) must catch the forms the sentences use and nothing else.
"""

from __future__ import annotations

import pytest
from shipped_catalogue import facts_of

from monitor.facts.reported_speech import reported_source
from monitor.facts.sentences import split_sentences

B = 1e9
MS_PCT = ("microsoft_stake_pct", 27.0)
MS_USD = ("microsoft_stake_usd", 135 * B)
NP_PCT = ("nonprofit_stake_pct", 26.0)
NP_USD = ("nonprofit_stake_usd", 130 * B)
VALUATION = ("openai_valuation_usd", 500 * B)
MOU = ("agreement_stage", "mou")
DEFINITIVE = ("agreement_stage", "definitive")
GRANT = ("grant_fund_usd", 50e6)
IP = ("ip_rights_until", 2032.0)
INVESTED = ("microsoft_investment_usd", 13 * B)
AZURE = ("azure_commitment_usd", 250 * B)
PANEL = ("agi_expert_panel", "true")
AGS = ("regulators", ("california_ag", "delaware_ag"))
CONTROL = ("nonprofit_oversight", "true")




SENTENCES = [
    # Portuguese (Brazilian and European press)
    ("pt", "A Microsoft ficará com cerca de 27% do OpenAI Group PBC, uma participação avaliada em US$ 135 bilhões.", {MS_PCT, MS_USD}),
    ("pt", "A OpenAI Foundation detém 26% da empresa, uma fatia de aproximadamente US$ 130 bilhões.", {NP_PCT, NP_USD}),
    ("pt", "Com a operação, a OpenAI passa a ser avaliada em US$ 500 bilhões.", {VALUATION}),
    ("pt", "As duas empresas assinaram um memorando de entendimento não vinculativo.", {MOU}),
    ("pt", "A OpenAI e a Microsoft ainda negociam um acordo definitivo.", {MOU}),
    ("pt", "A Microsoft e a OpenAI assinaram um acordo definitivo.", {DEFINITIVE}),
    ("pt", "A OpenAI lançou um fundo de US$ 50 milhões em subsídios para organizações sem fins lucrativos.", {GRANT}),
    ("pt", "A Microsoft mantém os direitos de propriedade intelectual sobre os modelos até 2032.", {IP}),
    ("pt", "Desde 2019, a Microsoft investiu US$ 13 bilhões na OpenAI.", {INVESTED}),
    ("pt", "A OpenAI vai contratar mais US$ 250 bilhões em serviços do Azure.", {AZURE}),
    ("pt", "A chegada da inteligência artificial geral será confirmada por um painel de especialistas.", {PANEL}),
    ("pt", "A reestruturação foi analisada pelos procuradores-gerais da Califórnia e de Delaware.", {AGS}),
    # Dutch
    ("nl", "Microsoft krijgt een belang van zo'n 27 procent, goed voor 135 miljard dollar.", {MS_PCT, ("microsoft_stake_usd", 135 * B)}),
    ("nl", "De OpenAI Foundation bezit 26 procent van de aandelen, ter waarde van ongeveer 130 miljard dollar.", {NP_PCT, NP_USD}),
    ("nl", "OpenAI wordt gewaardeerd op 500 miljard dollar.", {VALUATION}),
    ("nl", "Microsoft en OpenAI tekenden een niet-bindende intentieverklaring.", {MOU}),
    ("nl", "De bedrijven onderhandelen nog over een definitieve overeenkomst.", {MOU}),
    ("nl", "Microsoft en OpenAI hebben een definitieve overeenkomst getekend.", {DEFINITIVE}),
    ("nl", "OpenAI zet een fonds van 50 miljoen dollar op voor subsidies aan maatschappelijke organisaties.", {GRANT}),
    ("nl", "Microsoft behoudt de intellectuele eigendomsrechten op de modellen tot 2032.", {IP}),
    ("nl", "Microsoft heeft 13 miljard dollar in OpenAI geïnvesteerd.", {INVESTED}),
    ("nl", "OpenAI neemt voor 250 miljard dollar extra Azure-capaciteit af.", {AZURE}),
    ("nl", "Een onafhankelijk expertpanel moet bevestigen dat algemene kunstmatige intelligentie is bereikt.", {PANEL}),
    ("nl", "De stichting blijft de controle over OpenAI houden.", {CONTROL}),
    # Polish
    ("pl", "Microsoft otrzyma 27 proc. udziałów w OpenAI, wartych około 135 mld dolarów.", {MS_PCT, MS_USD}),
    ("pl", "Fundacja OpenAI Foundation będzie miała 26 proc. udziałów o wartości 130 mld dolarów.", {NP_PCT, NP_USD}),
    ("pl", "Wycena OpenAI wynosi 500 mld dolarów.", {VALUATION}),
    ("pl", "Microsoft i OpenAI podpisały niewiążące memorandum o porozumieniu.", {MOU}),
    ("pl", "Firmy wciąż negocjują ostateczną umowę.", {MOU}),
    ("pl", "Microsoft i OpenAI zawarły ostateczną umowę.", {DEFINITIVE}),
    ("pl", "OpenAI uruchamia fundusz grantów o wartości 50 mln dolarów.", {GRANT}),
    ("pl", "Microsoft zachowa prawa własności intelektualnej do modeli OpenAI do 2032 roku.", {IP}),
    ("pl", "Microsoft zainwestował w OpenAI 13 mld dolarów.", {INVESTED}),
    ("pl", "OpenAI kupi usługi Azure za dodatkowe 250 mld dolarów.", {AZURE}),
    ("pl", "Osiągnięcie ogólnej sztucznej inteligencji zweryfikuje panel ekspertów.", {PANEL}),
    ("pl", "Zmiany zatwierdzili prokuratorzy generalni Kalifornii i Delaware.", {AGS}),
    # Russian
    ("ru", "Доля Microsoft в OpenAI составит около 27%, ее стоимость оценивается в $135 млрд.", {MS_PCT, MS_USD}),
    ("ru", "Фонду OpenAI Foundation будет принадлежать 26% акций стоимостью $130 млрд.", {NP_PCT, NP_USD}),
    ("ru", "OpenAI оценивается в $500 млрд.", {VALUATION}),
    ("ru", "Компании подписали меморандум о взаимопонимании.", {MOU}),
    ("ru", "Стороны ведут переговоры об окончательном соглашении.", {MOU}),
    ("ru", "Microsoft и OpenAI заключили окончательное соглашение.", {DEFINITIVE}),
    ("ru", "OpenAI создает грантовый фонд на $50 млн.", {GRANT}),
    ("ru", "Права Microsoft на интеллектуальную собственность OpenAI действуют до 2032 года.", {IP}),
    ("ru", "С 2019 года Microsoft вложила в OpenAI $13 млрд.", {INVESTED}),
    ("ru", "OpenAI обязалась приобрести услуги Azure еще на $250 млрд.", {AZURE}),
    ("ru", "Достижение общего искусственного интеллекта подтвердит независимая группа экспертов.", {PANEL}),
    ("ru", "Сделку проверяли генпрокуроры Калифорнии и Делавэра.", {AGS}),
    # Ukrainian
    ("uk", "Частка Microsoft в OpenAI становитиме близько 27%, її вартість оцінюють у $135 млрд.", {MS_PCT, MS_USD}),
    ("uk", "Фонду OpenAI Foundation належатиме 26% акцій вартістю $130 млрд.", {NP_PCT, NP_USD}),
    ("uk", "OpenAI оцінюється в $500 млрд.", {VALUATION}),
    ("uk", "Компанії підписали меморандум про взаєморозуміння.", {MOU}),
    ("uk", "Сторони ведуть переговори щодо остаточної угоди.", {MOU}),
    ("uk", "Microsoft і OpenAI уклали остаточну угоду.", {DEFINITIVE}),
    ("uk", "OpenAI створює грантовий фонд на $50 млн.", {GRANT}),
    ("uk", "Права Microsoft на інтелектуальну власність OpenAI діятимуть до 2032 року.", {IP}),
    ("uk", "Microsoft інвестувала в OpenAI $13 млрд.", {INVESTED}),
    ("uk", "OpenAI зобов'язалася придбати послуги Azure ще на $250 млрд.", {AZURE}),
    ("uk", "Досягнення загального штучного інтелекту підтвердить незалежна група експертів.", {PANEL}),
    ("uk", "Угоду перевіряли генеральні прокурори Каліфорнії та Делаверу.", {AGS}),
    # Turkish
    ("tr", "Microsoft, yaklaşık 135 milyar dolar değerindeki yüzde 27'lik hisseye sahip olacak.", {MS_PCT, MS_USD}),
    ("tr", "OpenAI Vakfı yüzde 26'lık bir paya sahip; bu hissenin değeri 130 milyar dolar.", {NP_PCT, NP_USD}),
    ("tr", "OpenAI'nin değeri 500 milyar dolar olarak belirlendi.", {VALUATION}),
    ("tr", "İki şirket bağlayıcı olmayan bir mutabakat zaptı imzaladı.", {MOU}),
    ("tr", "Nihai anlaşma için müzakereler sürüyor.", {MOU}),
    ("tr", "Microsoft ve OpenAI nihai anlaşmayı imzaladı.", {DEFINITIVE}),
    ("tr", "OpenAI, 50 milyon dolarlık bir hibe fonu kurdu.", {GRANT}),
    ("tr", "Microsoft'un fikri mülkiyet hakları 2032'ye kadar geçerli olacak.", {IP}),
    ("tr", "Microsoft bugüne kadar OpenAI'ye 13 milyar dolar yatırım yaptı.", {INVESTED}),
    ("tr", "OpenAI, 250 milyar dolarlık ek Azure hizmeti satın alacak.", {AZURE}),
    ("tr", "Genel yapay zekâ iddiasını bağımsız bir uzman paneli doğrulayacak.", {PANEL}),
    ("tr", "Yeni yapı Kaliforniya ve Delaware başsavcılarının onayından geçti.", {AGS}),
]


@pytest.mark.parametrize("language, text, expected", SENTENCES)
def test_each_language_reads_the_deal(language, text, expected, catalogue):
    assert facts_of(text, catalogue, language) == expected


# Old terms, hypotheses and market figures: the same rules as in the first five languages.
RULES = [
    ("pt", "Os direitos, que antes valiam até 2030, agora vão até 2032.", {IP}),
    ("nl", "De rechten liepen eerder tot 2030 en zijn nu verlengd tot 2032.", {IP}),
    ("pl", "Prawa obowiązywały wcześniej do 2030 roku, a teraz do 2032 roku.", {IP}),
    ("ru", "Ранее права действовали до 2030 года, теперь они продлены до 2032 года.", {IP}),
    ("uk", "Раніше права діяли до 2030 року, тепер їх подовжено до 2032 року.", {IP}),
    ("tr", "Haklar daha önce 2030'a kadar geçerliydi, artık 2032'ye kadar geçerli.", {IP}),
    ("pt", "Num eventual IPO, a OpenAI poderia ser avaliada em US$ 1 trilhão.", set()),
    ("ru", "При выходе на биржу OpenAI может оцениваться в $1 трлн.", set()),
    ("pt", "A fundação não perde o controle da OpenAI.", {CONTROL}),
    ("pl", "Fundacja zachowuje kontrolę nad OpenAI.", {CONTROL}),
    ("ru", "Некоммерческий фонд сохраняет контроль над OpenAI.", {CONTROL}),
    ("uk", "Некомерційний фонд зберігає контроль над OpenAI.", {CONTROL}),
    ("tr", "Kâr amacı gütmeyen vakıf, şirketin kontrolünü elinde tutuyor.", {CONTROL}),
    # a share of revenue is no stake
    ("pt", "A Microsoft tem direito a 20% da receita da OpenAI.", set()),
    ("ru", "Microsoft имеет право на 20% выручки OpenAI.", set()),
    ("tr", "Microsoft, OpenAI gelirinin yüzde 20'sini alma hakkına sahip.", set()),
    # the fund named in one clause, its amount in the next (the foundation's pledge cue cannot be $50M)
    ("pt", "Em julho, a OpenAI lançou o People-First AI Fund, comprometendo-se a destinar US$ 50 milhões a organizações.", {GRANT}),
    # a definitive agreement still being worked on
    ("nl", "De deal is niet-bindend: de partijen werken nog aan een definitieve overeenkomst.", {MOU}),
    ("pt", "As empresas assinaram um memorando e trabalham em um acordo definitivo.", {MOU}),
    # "shares …, whose worth is put at $135bn": a plural relative speaks of the shares, not of OpenAI's valuation
    ("uk", "Microsoft отримає 27% акцій у комерційній структурі OpenAI, вартість яких оцінюється у $135 млрд.", {MS_PCT, MS_USD}),
    ("ru", "Microsoft получит 27% акций в коммерческой структуре OpenAI, стоимость которых оценивается в $135 млрд.", {MS_PCT, MS_USD}),
    # "26 % of the new OpenAI Group": the group is what the foundation holds a share of
    ("pt", "A OpenAI Foundation, braço sem fins lucrativos, vai deter 26% do novo OpenAI Group.", {NP_PCT}),
]


@pytest.mark.parametrize("language, text, expected", RULES)
def test_old_terms_hypotheses_and_negations(language, text, expected, catalogue):
    assert facts_of(text, catalogue, language) == expected


@pytest.mark.parametrize("sentence, source", [
    ("Segundo a Reuters, a Microsoft terá 27% da OpenAI.", "Reuters"),
    ("A Microsoft terá 27% da OpenAI, informou a Bloomberg.", "Bloomberg"),
    ("Volgens Bloomberg krijgt Microsoft 27 procent.", "Bloomberg"),
    ("Według agencji Reuters Microsoft dostanie 27 proc. udziałów.", "Reuters"),
    ("По данным Bloomberg, Microsoft получит 27%.", "Bloomberg"),
    ("Как сообщает Коммерсантъ, доля Microsoft составит 27%.", "Коммерсантъ"),
    ("За даними Reuters, частка Microsoft становитиме 27%.", "Reuters"),
    ("Reuters'a göre Microsoft yüzde 27 paya sahip olacak.", "Reuters"),
    ("Bloomberg’in haberine göre Microsoft yüzde 27 paya sahip olacak.", "Bloomberg"),
    ("Segundo fontes próximas, a fundação terá 26%.", "unnamed sources"),
    ("Volgens ingewijden krijgt de stichting 26 procent.", "unnamed sources"),
    ("По словам источников, фонд получит 26%.", "unnamed sources"),
    ("Konuya yakın kaynaklara göre vakıf yüzde 26 alacak.", "unnamed sources"),
    ("Według analityków wycena sięgnie 500 mld dolarów.", "analysts"),
])
def test_reported_speech(sentence, source):
    assert reported_source(sentence) == source


@pytest.mark.parametrize("language, text, count", [
    ("pl", "Microsoft ma 27 proc. udziałów w OpenAI. Fundacja ma 26 proc.", 2),
    ("ru", "Microsoft вложила около 13 млрд долл. США в OpenAI. Фонд получит 26%.", 2),
    ("ru", "Microsoft получит долю стоимостью $135 млрд. Фонд получит 26%.", 2),
    ("pt", "O Sr. Altman falou com a Dra. Silva. A Microsoft terá 27%.", 2),
    ("nl", "Het gaat o.a. om bijv. rekenkracht. Microsoft krijgt 27 procent.", 2),
])
def test_abbreviations_do_not_end_a_sentence(language, text, count):
    assert len(split_sentences(text, language)) == count
