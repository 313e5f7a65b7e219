"""Other deals next to the OpenAI–Microsoft one are not facts of this deal, in every language.

Nvidia's investment, Oracle's compute contract, AWS, Stargate, SoftBank, AMD, Microsoft's market
value and share price: none of their figures may be read as a stake, a valuation or a commitment
of this deal. Neighbour sentences that do state this deal's figures must keep them, so the
vetoes cannot pass by swallowing everything.

Cloud providers: `cloud_provider` lists who supplies OpenAI's computing and is not exclusive, so
OpenAI buying computing power from Oracle does add Oracle (a real change to "Microsoft provides
Azure", reported as a new member, never as a contradiction), in every language alike. A deal
that names no computing ("AWS signed a $38 billion deal") adds nobody.
"""

from __future__ import annotations

import pytest
from shipped_catalogue import facts_of

from monitor.facts.quantities import find_quantities

NOTHING: set = set()
ORACLE = {("cloud_provider", ("oracle",))}
AWS = {("cloud_provider", ("aws",))}
FIGURES = ("money", "percent", "count", "year")
CJK = pytest.mark.skipif(
    not find_quantities("1350億ドル", "ja") or not find_quantities("1,350억 달러", "ko"),
    reason="the quantity parser does not read Chinese, Japanese and Korean figures yet",
)




# (language, sentence, what it states of this deal): the seven traps, several ways each.
TRAPS = [
    # Nvidia: up to $100 billion into OpenAI
    ("fr", "Nvidia a annoncé qu'il investirait jusqu'à 100 milliards de dollars dans OpenAI.", NOTHING),
    ("fr", "L'investissement de Nvidia, jusqu'à 100 milliards de dollars, financera les puces d'OpenAI.", NOTHING),
    ("fr", "Nvidia injectera jusqu'à 100 milliards de dollars dans le capital d'OpenAI.", NOTHING),
    ("de", "Nvidia will bis zu 100 Milliarden Dollar in OpenAI investieren.", NOTHING),
    ("de", "Nvidias Investition von bis zu 100 Milliarden Dollar soll OpenAI Chips sichern.", NOTHING),
    ("de", "Nvidia steckt bis zu 100 Milliarden Dollar in OpenAI und erhält dafür Anteile.", NOTHING),
    ("es", "Nvidia invertirá hasta 100.000 millones de dólares en OpenAI.", NOTHING),
    ("es", "La inversión de Nvidia en OpenAI, de hasta 100.000 millones de dólares, se hará por etapas.", NOTHING),
    ("es", "Nvidia se quedará con una participación en OpenAI a cambio de hasta 100.000 millones de dólares.", NOTHING),
    ("it", "Nvidia investirà fino a 100 miliardi di dollari in OpenAI.", NOTHING),
    ("it", "L'investimento di Nvidia, fino a 100 miliardi di dollari, servirà a comprare chip.", NOTHING),
    ("it", "Nvidia otterrà una quota di OpenAI in cambio di un investimento fino a 100 miliardi di dollari.", NOTHING),
    # Oracle: $300 billion of computing power over five years
    ("fr", "OpenAI s'est engagé à acheter pour 300 milliards de dollars de puissance de calcul à Oracle sur cinq ans.", ORACLE),
    ("fr", "Le contrat de 300 milliards de dollars signé avec Oracle court sur cinq ans.", NOTHING),
    ("fr", "Oracle fournira à OpenAI des capacités de calcul d'une valeur de 300 milliards de dollars.", ORACLE),
    ("de", "OpenAI kauft bei Oracle über fünf Jahre Rechenleistung für 300 Milliarden Dollar.", ORACLE),
    ("de", "Der Oracle-Deal über 300 Milliarden Dollar läuft fünf Jahre.", NOTHING),
    ("de", "Oracle liefert OpenAI Rechenleistung im Wert von 300 Milliarden Dollar.", ORACLE),
    ("es", "OpenAI comprará a Oracle capacidad de cómputo por valor de 300.000 millones de dólares durante cinco años.", ORACLE),
    ("es", "El contrato de 300.000 millones de dólares firmado con Oracle durará cinco años.", NOTHING),
    ("es", "Oracle suministrará a OpenAI capacidad de computación valorada en 300.000 millones de dólares.", ORACLE),
    ("it", "OpenAI acquisterà da Oracle potenza di calcolo per 300 miliardi di dollari in cinque anni.", ORACLE),
    ("it", "Il contratto da 300 miliardi di dollari firmato con Oracle durerà cinque anni.", NOTHING),
    ("it", "Oracle fornirà a OpenAI capacità di calcolo per un valore di 300 miliardi di dollari.", ORACLE),
    # AWS: a $38 billion deal
    ("fr", "Amazon Web Services a signé un contrat de 38 milliards de dollars avec OpenAI.", NOTHING),
    ("fr", "AWS louera des serveurs à OpenAI pour 38 milliards de dollars sur sept ans.", NOTHING),
    ("fr", "L'accord avec AWS, d'une valeur de 38 milliards de dollars, porte sur sept ans.", NOTHING),
    ("de", "Amazon Web Services hat mit OpenAI einen Vertrag über 38 Milliarden Dollar geschlossen.", NOTHING),
    ("de", "Der AWS-Vertrag im Wert von 38 Milliarden Dollar läuft sieben Jahre.", NOTHING),
    ("es", "Amazon Web Services firmó un acuerdo de 38.000 millones de dólares con OpenAI.", NOTHING),
    ("es", "El acuerdo con AWS, valorado en 38.000 millones de dólares, durará siete años.", NOTHING),
    ("it", "Amazon Web Services ha firmato con OpenAI un accordo da 38 miliardi di dollari.", NOTHING),
    ("it", "L'intesa con AWS, del valore di 38 miliardi di dollari, dura sette anni.", NOTHING),
    # Stargate: $500 billion
    ("fr", "Le projet Stargate vaut 500 milliards de dollars.", NOTHING),
    ("fr", "Stargate, la coentreprise menée avec SoftBank et Oracle, représente 500 milliards de dollars d'investissements.", NOTHING),
    ("de", "Das Stargate-Projekt ist 500 Milliarden Dollar wert.", NOTHING),
    ("de", "Stargate, das Gemeinschaftsprojekt mit SoftBank und Oracle, hat einen Wert von 500 Milliarden Dollar.", NOTHING),
    ("es", "El proyecto Stargate está valorado en 500.000 millones de dólares.", NOTHING),
    ("es", "Stargate, la empresa conjunta con SoftBank y Oracle, prevé una inversión de 500.000 millones de dólares.", NOTHING),
    ("it", "Il progetto Stargate ha un valore di 500 miliardi di dollari.", NOTHING),
    ("it", "Stargate, la joint venture con SoftBank e Oracle, prevede investimenti per 500 miliardi di dollari.", NOTHING),
    # Microsoft's market value above $4 trillion, its shares up 2 %
    ("fr", "La capitalisation boursière de Microsoft a dépassé 4 000 milliards de dollars et l'action a gagné 2 %.", NOTHING),
    ("fr", "Microsoft vaut désormais plus de 4 000 milliards de dollars en Bourse, et son titre a pris 2 %.", NOTHING),
    ("fr", "Les actions de Microsoft ont progressé de 2 % à Wall Street.", NOTHING),
    ("de", "Der Börsenwert von Microsoft stieg auf über 4 Billionen Dollar, die Aktie legte um 2 Prozent zu.", NOTHING),
    ("de", "Microsofts Marktkapitalisierung liegt nun bei mehr als 4 Billionen Dollar.", NOTHING),
    ("de", "Microsoft-Aktien gewannen an der Wall Street 2 Prozent.", NOTHING),
    ("es", "La capitalización bursátil de Microsoft superó los 4 billones de dólares.", NOTHING),
    ("es", "Las acciones de Microsoft subieron un 2 % y su valor de mercado supera los 4 billones de dólares.", NOTHING),
    ("es", "Microsoft vale ya más de 4 billones de dólares en bolsa.", NOTHING),
    ("it", "La capitalizzazione di Microsoft ha superato i 4.000 miliardi di dollari.", NOTHING),
    ("it", "Le azioni di Microsoft sono salite del 2 %.", NOTHING),
    ("it", "Il titolo Microsoft ha guadagnato il 2 per cento a Wall Street.", NOTHING),
    # SoftBank: $40 billion
    ("fr", "SoftBank a promis 40 milliards de dollars au tour de table.", NOTHING),
    ("fr", "La participation de SoftBank, 40 milliards de dollars, en fait le premier investisseur.", NOTHING),
    ("de", "SoftBank hat 40 Milliarden Dollar für die Finanzierungsrunde zugesagt.", NOTHING),
    ("de", "SoftBank beteiligt sich mit 40 Milliarden Dollar an der Finanzierungsrunde.", NOTHING),
    ("es", "SoftBank se comprometió a aportar 40.000 millones de dólares a la ronda.", NOTHING),
    ("es", "La participación de SoftBank en la ronda asciende a 40.000 millones de dólares.", NOTHING),
    ("it", "SoftBank ha promesso 40 miliardi di dollari al round di finanziamento.", NOTHING),
    ("it", "La quota di SoftBank nel round vale 40 miliardi di dollari.", NOTHING),
    # AMD: OpenAI may take up to 10 % of the chipmaker
    ("fr", "AMD a indiqué qu'OpenAI pourrait prendre jusqu'à 10 % du capital du fabricant de puces.", NOTHING),
    ("fr", "OpenAI pourra monter jusqu'à 10 % du capital d'AMD.", NOTHING),
    ("de", "OpenAI könnte bis zu 10 Prozent des Chipherstellers AMD übernehmen.", NOTHING),
    ("de", "OpenAI kann über Optionsscheine einen Anteil von bis zu 10 Prozent an AMD erwerben.", NOTHING),
    ("es", "Según AMD, OpenAI podría hacerse con hasta un 10 % del fabricante de chips.", NOTHING),
    ("es", "OpenAI podrá adquirir una participación de hasta el 10 % en AMD.", NOTHING),
    ("it", "Secondo AMD, OpenAI potrebbe rilevare fino al 10 % del produttore di chip.", NOTHING),
    ("it", "OpenAI potrà acquisire una quota fino al 10 % di AMD.", NOTHING),
    # German names the other companies in the genitive too
    ("de", "Nvidias Investition von bis zu 100 Milliarden Dollar übertrifft die von Microsoft bei weitem.", NOTHING),
    ("de", "Oracles Vertrag über 300 Milliarden Dollar ist größer als die Azure-Zusage.", NOTHING),
    ("de", "SoftBanks Zusage über 40 Milliarden Dollar übertrifft Microsofts Investition.", NOTHING),
    # a market share is not a stake
    ("en", "Microsoft holds a 20 % market share in cloud computing.", NOTHING),
    ("fr", "Microsoft détient 20 % de parts de marché dans le cloud.", NOTHING),
    ("de", "Microsoft hält rund 20 Prozent Marktanteil im Cloud-Geschäft.", NOTHING),
    ("es", "Microsoft posee una cuota de mercado del 20 % en la nube.", NOTHING),
    ("it", "Microsoft detiene una quota di mercato del 20 % nel cloud.", NOTHING),
    # Microsoft's worth on Wall Street or the Nasdaq is a market value, in every language
    ("fr", "Microsoft, qui vaut plus de 4 000 milliards de dollars à Wall Street, profite de l'accord.", NOTHING),
    ("de", "Microsoft ist an der Wall Street mehr als 4 Billionen Dollar wert.", NOTHING),
    ("de", "Microsofts Anteile stiegen an der Nasdaq um 2 Prozent.", NOTHING),
    ("es", "Microsoft, que vale más de 4 billones de dólares en Wall Street, celebró el acuerdo.", NOTHING),
    ("it", "Microsoft, che vale oltre 4.000 miliardi di dollari a Wall Street, ha accolto l'accordo.", NOTHING),
    # … and without a market word: a company's worth in trillions is beyond any plausible stake
    ("en", "Microsoft is worth more than $4 trillion.", NOTHING),
    ("en", "Microsoft, now worth about $3.9 trillion, holds its stake.", NOTHING),
    ("fr", "Microsoft vaut 4 000 milliards de dollars.", NOTHING),
    ("de", "Microsoft ist mehr als 4 Billionen Dollar wert.", NOTHING),
    ("es", "Microsoft vale más de 4 billones de dólares.", NOTHING),
    ("it", "Microsoft vale oltre 4.000 miliardi di dollari.", NOTHING),
    # the same traps in Portuguese, Dutch, Polish, Russian, Ukrainian and Turkish
    ("pt", "A Nvidia anunciou que vai investir até US$ 100 bilhões na OpenAI.", NOTHING),
    ("pt", "O investimento da Nvidia, de até US$ 100 bilhões, vai financiar os chips da OpenAI.", NOTHING),
    ("pt", "A OpenAI vai comprar US$ 300 bilhões em capacidade computacional da Oracle ao longo de cinco anos.", ORACLE),
    ("pt", "O contrato de US$ 300 bilhões assinado com a Oracle dura cinco anos.", NOTHING),
    ("pt", "A Amazon Web Services fechou um acordo de US$ 38 bilhões com a OpenAI.", NOTHING),
    ("pt", "O projeto Stargate está avaliado em US$ 500 bilhões.", NOTHING),
    ("pt", "As ações da Microsoft subiram 2% e o valor de mercado da empresa passou de US$ 4 trilhões.", NOTHING),
    ("pt", "O SoftBank aportou US$ 40 bilhões na rodada e ficou com uma participação relevante.", NOTHING),
    ("pt", "Segundo a AMD, a OpenAI poderá ficar com até 10% da fabricante de chips.", NOTHING),
    ("pt", "A Microsoft detém 20% de participação de mercado na nuvem.", NOTHING),
    ("pt", "A Microsoft vale mais de US$ 4 trilhões.", NOTHING),
    ("nl", "Nvidia wil tot 100 miljard dollar in OpenAI investeren.", NOTHING),
    ("nl", "De investering van Nvidia, tot 100 miljard dollar, moet chips voor OpenAI opleveren.", NOTHING),
    ("nl", "OpenAI koopt in vijf jaar voor 300 miljard dollar rekenkracht bij Oracle.", ORACLE),
    ("nl", "Het contract van 300 miljard dollar met Oracle loopt vijf jaar.", NOTHING),
    ("nl", "Amazon Web Services sloot een deal van 38 miljard dollar met OpenAI.", NOTHING),
    ("nl", "Het Stargate-project is 500 miljard dollar waard.", NOTHING),
    ("nl", "Het aandeel Microsoft steeg 2 procent en de beurswaarde kwam boven de 4 biljoen dollar.", NOTHING),
    ("nl", "SoftBank nam voor 40 miljard dollar een belang in OpenAI.", NOTHING),
    ("nl", "OpenAI kan via warrants een belang tot 10 procent in AMD verwerven.", NOTHING),
    ("nl", "Microsoft heeft een marktaandeel van 20 procent in de cloud.", NOTHING),
    ("nl", "Microsoft is meer dan 4 biljoen dollar waard.", NOTHING),
    ("pl", "Nvidia zainwestuje w OpenAI do 100 mld dolarów.", NOTHING),
    ("pl", "Inwestycja Nvidii, sięgająca 100 mld dolarów, sfinansuje chipy dla OpenAI.", NOTHING),
    ("pl", "OpenAI kupi od Oracle moc obliczeniową za 300 mld dolarów w ciągu pięciu lat.", ORACLE),
    ("pl", "Kontrakt z Oracle o wartości 300 mld dolarów potrwa pięć lat.", NOTHING),
    ("pl", "Amazon Web Services podpisał z OpenAI umowę wartą 38 mld dolarów.", NOTHING),
    ("pl", "Projekt Stargate jest wyceniany na 500 mld dolarów.", NOTHING),
    ("pl", "Akcje Microsoftu wzrosły o 2 proc., a kapitalizacja spółki przekroczyła 4 bln dolarów.", NOTHING),
    ("pl", "SoftBank objął udziały w OpenAI za 40 mld dolarów.", NOTHING),
    ("pl", "OpenAI może objąć do 10 proc. udziałów w AMD.", NOTHING),
    ("pl", "Microsoft ma około 20 proc. udziału w rynku chmury.", NOTHING),
    ("pl", "Microsoft jest wart ponad 4 bln dolarów.", NOTHING),
    ("ru", "Nvidia вложит в OpenAI до $100 млрд.", NOTHING),
    ("ru", "Инвестиции Nvidia в OpenAI составят до $100 млрд.", NOTHING),
    ("ru", "OpenAI купит у Oracle вычислительные мощности на $300 млрд за пять лет.", ORACLE),
    ("ru", "Контракт с Oracle на $300 млрд рассчитан на пять лет.", NOTHING),
    ("ru", "Amazon Web Services заключила с OpenAI сделку на $38 млрд.", NOTHING),
    ("ru", "Стоимость проекта Stargate оценивается в $500 млрд.", NOTHING),
    ("ru", "Акции Microsoft выросли на 2%, а рыночная капитализация компании превысила $4 трлн.", NOTHING),
    ("ru", "SoftBank получил долю в OpenAI за $40 млрд.", NOTHING),
    ("ru", "OpenAI может получить до 10% акций AMD.", NOTHING),
    ("ru", "Доля рынка Microsoft в облачных услугах составляет около 20%.", NOTHING),
    ("ru", "Microsoft стоит более $4 трлн.", NOTHING),
    ("uk", "Nvidia вкладе в OpenAI до $100 млрд.", NOTHING),
    ("uk", "Інвестиції Nvidia в OpenAI сягнуть $100 млрд.", NOTHING),
    ("uk", "OpenAI придбає в Oracle обчислювальні потужності на $300 млрд за п'ять років.", ORACLE),
    ("uk", "Контракт з Oracle на $300 млрд розраховано на п'ять років.", NOTHING),
    ("uk", "Amazon Web Services уклала з OpenAI угоду на $38 млрд.", NOTHING),
    ("uk", "Вартість проєкту Stargate оцінюють у $500 млрд.", NOTHING),
    ("uk", "Акції Microsoft зросли на 2%, а ринкова капіталізація компанії перевищила $4 трлн.", NOTHING),
    ("uk", "SoftBank отримав частку в OpenAI за $40 млрд.", NOTHING),
    ("uk", "OpenAI може отримати до 10% акцій AMD.", NOTHING),
    ("uk", "Частка ринку Microsoft у хмарних послугах становить близько 20%.", NOTHING),
    ("uk", "Microsoft коштує понад $4 трлн.", NOTHING),
    ("tr", "Nvidia, OpenAI'ye 100 milyar dolara kadar yatırım yapacak.", NOTHING),
    ("tr", "Nvidia'nın 100 milyar dolarlık yatırımı OpenAI'nin çiplerini finanse edecek.", NOTHING),
    ("tr", "OpenAI beş yılda Oracle'dan 300 milyar dolarlık bulut altyapısı alacak.", ORACLE),
    ("tr", "Oracle ile imzalanan 300 milyar dolarlık sözleşme beş yıl sürecek.", NOTHING),
    ("tr", "Amazon Web Services, OpenAI ile 38 milyar dolarlık bir anlaşma imzaladı.", NOTHING),
    ("tr", "Stargate projesinin değeri 500 milyar dolar.", NOTHING),
    ("tr", "Microsoft hisseleri yüzde 2 yükseldi ve şirketin piyasa değeri 4 trilyon doları aştı.", NOTHING),
    ("tr", "SoftBank, OpenAI'de 40 milyar dolarlık bir hisse aldı.", NOTHING),
    ("tr", "OpenAI, AMD'nin yüzde 10'una kadar hissesini alabilir.", NOTHING),
    ("tr", "Microsoft'un bulut pazarındaki pazar payı yüzde 20.", NOTHING),
    ("tr", "Microsoft'un değeri 4 trilyon doları aşıyor.", NOTHING),
    # employees and other investors hold the remaining 47 %: no party of this deal's
    ("pt", "A Microsoft terá 27%, enquanto funcionários e outros investidores ficam com 47%.", {("microsoft_stake_pct", 27.0)}),
    ("nl", "Werknemers en andere investeerders houden samen 47 %, terwijl Microsoft 27 % bezit.", {("microsoft_stake_pct", 27.0)}),
    ("pl", "Microsoft ma 27 proc. udziałów, a pracownicy i inwestorzy łącznie 47 proc. udziałów.", {("microsoft_stake_pct", 27.0)}),
    ("ru", "Microsoft получит 27% акций, а сотрудники и другие инвесторы — 47% акций.", {("microsoft_stake_pct", 27.0)}),
    ("uk", "Microsoft отримає 27% акцій, а співробітники та інші інвестори — 47% акцій.", {("microsoft_stake_pct", 27.0)}),
    ("tr", "Çalışanlar ve diğer yatırımcılar yüzde 47'lik paya sahip olacak.", NOTHING),
    # Japanese, Chinese and Korean (their figures come from the quantity parser: skipped until it reads them)
    pytest.param("ja", "エヌビディアはOpenAIに最大1000億ドルを投資すると発表した。", NOTHING, marks=CJK),
    pytest.param("ja", "Nvidiaによる最大1000億ドルの出資は、OpenAIのデータセンター建設に充てられる。", NOTHING, marks=CJK),
    pytest.param("ja", "OpenAIはオラクルから5年間で3000億ドル分の計算資源を購入する。", ORACLE, marks=CJK),
    pytest.param("ja", "オラクルとの3000億ドルの契約は5年間にわたる。", NOTHING, marks=CJK),
    pytest.param("ja", "ソフトバンクは資金調達ラウンドで400億ドルを出資する。", NOTHING, marks=CJK),
    pytest.param("ja", "マイクロソフトの株価は2%上昇し、時価総額は4兆ドルを超えた。", NOTHING, marks=CJK),
    pytest.param("ja", "従業員と投資家が合わせて約47%を保有する。", NOTHING, marks=CJK),
    pytest.param("ja", "マイクロソフトは4兆ドル以上の価値がある。", NOTHING, marks=CJK),
    pytest.param("zh", "英伟达宣布将向OpenAI投资最多1000亿美元。", NOTHING, marks=CJK),
    pytest.param("zh", "輝達對OpenAI的投資最高可達1000億美元。", NOTHING, marks=CJK),
    pytest.param("zh", "OpenAI将在五年内向甲骨文购买价值3000亿美元的算力。", ORACLE, marks=CJK),
    pytest.param("zh", "与甲骨文签订的3000亿美元合同为期五年。", NOTHING, marks=CJK),
    pytest.param("zh", "软银承诺在本轮融资中出资400亿美元。", NOTHING, marks=CJK),
    pytest.param("zh", "微软股价上涨2%，市值超过4万亿美元。", NOTHING, marks=CJK),
    pytest.param("zh", "員工和其他投資者合計持有約47%的股份。", NOTHING, marks=CJK),
    pytest.param("ko", "엔비디아는 오픈AI에 최대 1000억 달러를 투자하겠다고 밝혔다.", NOTHING, marks=CJK),
    pytest.param("ko", "오픈AI는 오라클로부터 5년간 3000억 달러 규모의 컴퓨팅 파워를 구매한다.", ORACLE, marks=CJK),
    pytest.param("ko", "오라클과의 3000억 달러 계약은 5년 동안 이어진다.", NOTHING, marks=CJK),
    pytest.param("ko", "소프트뱅크는 이번 투자 라운드에 400억 달러를 출자하기로 했다.", NOTHING, marks=CJK),
    pytest.param("ko", "마이크로소프트 주가는 2% 올랐고 시가총액은 4조 달러를 넘었다.", NOTHING, marks=CJK),
    pytest.param("ko", "직원과 투자자가 약 47%를 보유한다.", NOTHING, marks=CJK),
]


@pytest.mark.parametrize("language, text, expected", TRAPS)
def test_other_deals_are_not_facts_of_this_deal(language, text, expected, catalogue):
    assert any(q.kind in FIGURES for q in find_quantities(text, language))  # the trap has a figure to resist
    assert facts_of(text, catalogue, language) == expected
    assert facts_of(text, catalogue, None) == expected  # undeclared language: every language's words


# This deal's figures next to the traps' words: they must still be read.
STAKES = {("microsoft_stake_pct", 27.0), ("microsoft_stake_usd", 135e9)}
VALUATION = {("microsoft_stake_pct", 27.0), ("openai_valuation_usd", 500e9)}
NEIGHBOURS = [
    ("en", "Microsoft holds about 27 % of OpenAI Group PBC, a stake valued at about $135 billion.", STAKES),
    ("fr", "Microsoft détient environ 27 % d'OpenAI Group PBC, une participation valorisée à environ 135 milliards de dollars.", STAKES),
    ("de", "Microsoft hält rund 27 Prozent an OpenAI Group PBC, eine Beteiligung im Wert von etwa 135 Milliarden Dollar.", STAKES),
    ("es", "Microsoft posee alrededor del 27 % de OpenAI Group PBC, una participación valorada en unos 135.000 millones de dólares.", STAKES),
    ("it", "Microsoft detiene circa il 27 % di OpenAI Group PBC, una partecipazione del valore di circa 135 miliardi di dollari.", STAKES),
    # a relative clause after "OpenAI" speaks of OpenAI: its valuation, not Microsoft's stake
    ("en", "Microsoft holds a 27 % stake in OpenAI, whose valuation reached $500 billion.", VALUATION),
    ("fr", "Microsoft détient 27 % d'OpenAI, dont la valeur est estimée à 500 milliards de dollars.", VALUATION),
    ("de", "Microsoft hält 27 Prozent an OpenAI, dessen Wert auf 500 Milliarden Dollar geschätzt wird.", VALUATION),
    ("de", "Microsoft hält 27 Prozent an OpenAI, das mit 500 Milliarden Dollar bewertet wird.", VALUATION),
    ("es", "Microsoft posee el 27 % de OpenAI, cuyo valor asciende a 500.000 millones de dólares.", VALUATION),
    ("it", "Microsoft detiene il 27 % di OpenAI, il cui valore è di 500 miliardi di dollari.", VALUATION),
    # another company's stake in one clause, Microsoft's in the next (with its verb left out)
    ("en", "SoftBank holds about 11 % of OpenAI, Microsoft about 27 %.", {("microsoft_stake_pct", 27.0)}),
    ("fr", "SoftBank détient environ 11 % d'OpenAI, Microsoft environ 27 %.", {("microsoft_stake_pct", 27.0)}),
    ("de", "SoftBank hält rund 11 Prozent an OpenAI, Microsoft rund 27 Prozent.", {("microsoft_stake_pct", 27.0)}),
    ("es", "SoftBank posee alrededor del 11 % de OpenAI, Microsoft alrededor del 27 %.", {("microsoft_stake_pct", 27.0)}),
    ("it", "SoftBank detiene circa l'11 % di OpenAI, Microsoft circa il 27 %.", {("microsoft_stake_pct", 27.0)}),
    ("en", "Microsoft holds about 27 %, SoftBank about 11 %.", {("microsoft_stake_pct", 27.0)}),
    # one sentence, both deals: only this deal's figure
    ("en", "Microsoft holds about 27 %, while Oracle's contract is worth $300 billion.", {("microsoft_stake_pct", 27.0)}),
    ("fr", "Microsoft détient environ 27 %, alors que le contrat d'Oracle vaut 300 milliards de dollars.", {("microsoft_stake_pct", 27.0)}),
    ("de", "Microsoft hält rund 27 Prozent, während der Oracle-Vertrag 300 Milliarden Dollar wert ist.", {("microsoft_stake_pct", 27.0)}),
    ("es", "Microsoft posee alrededor del 27 %, mientras que el contrato de Oracle vale 300.000 millones de dólares.", {("microsoft_stake_pct", 27.0)}),
    ("it", "Microsoft detiene circa il 27 %, mentre il contratto con Oracle vale 300 miliardi di dollari.", {("microsoft_stake_pct", 27.0)}),
    ("de", "Microsoft hält 27 Prozent, Nvidias Anteil soll bis zu 100 Milliarden Dollar wert sein.", {("microsoft_stake_pct", 27.0)}),
    # the genitive names Microsoft and OpenAI too
    ("de", "Microsofts Beteiligung von rund 27 Prozent ist etwa 135 Milliarden Dollar wert.", STAKES),
    ("de", "Microsoft hält 27 Prozent; OpenAIs Bewertung liegt bei rund 500 Milliarden Dollar.",
     {("microsoft_stake_pct", 27.0), ("openai_valuation_usd", 500e9)}),
    # Japanese, Chinese and Korean
    pytest.param("ja", "マイクロソフトはOpenAIグループPBCの約27%を保有し、その持ち分の価値は約1350億ドルだ。", STAKES, marks=CJK),
    pytest.param("zh", "微软持有OpenAI集团约27%的股份，价值约1350亿美元。", STAKES, marks=CJK),
    pytest.param("zh", "微軟持有OpenAI集團約27%股權，價值約1,350億美元。", STAKES, marks=CJK),
    pytest.param("ko", "마이크로소프트는 오픈AI 그룹 PBC 지분 약 27%를 보유하며 그 가치는 약 1350억 달러다.", STAKES, marks=CJK),
    pytest.param("zh", "软银持有OpenAI约11%的股份，微软约27%。", {("microsoft_stake_pct", 27.0)}, marks=CJK),
    pytest.param("ja", "マイクロソフトは約27%を保有する一方、オラクルの契約は3000億ドルに上る。", {("microsoft_stake_pct", 27.0)}, marks=CJK),
    pytest.param("zh", "微软持股约27%，而甲骨文的合同价值3000亿美元。", {("microsoft_stake_pct", 27.0)}, marks=CJK),
    pytest.param("ko", "마이크로소프트는 약 27%를 보유한 반면 오라클의 계약은 3000억 달러 규모다.", {("microsoft_stake_pct", 27.0)}, marks=CJK),
]


@pytest.mark.parametrize("language, text, expected", NEIGHBOURS)
def test_this_deals_figures_next_to_other_deals(language, text, expected, catalogue):
    assert facts_of(text, catalogue, language) == expected
    assert facts_of(text, catalogue, None) == expected


# OpenAI buying computing power: the seller is a cloud provider, in every language alike.
CLOUD = [
    ("en", "OpenAI agreed to buy $300 billion of computing power from Oracle over five years.", ORACLE),
    ("fr", "OpenAI a accepté d'acheter pour 300 milliards de dollars de puissance de calcul à Oracle sur cinq ans.", ORACLE),
    ("de", "OpenAI hat zugestimmt, über fünf Jahre Rechenleistung im Wert von 300 Milliarden Dollar von Oracle zu kaufen.", ORACLE),
    ("es", "OpenAI aceptó comprar a Oracle capacidad de cómputo por 300.000 millones de dólares en cinco años.", ORACLE),
    ("it", "OpenAI ha accettato di acquistare da Oracle potenza di calcolo per 300 miliardi di dollari in cinque anni.", ORACLE),
    ("fr", "Oracle construit pour OpenAI des centres de données au Texas.", ORACLE),
    ("fr", "Oracle vendra à OpenAI de la puissance informatique pendant cinq ans.", ORACLE),
    ("de", "Oracles Rechenkapazitäten sollen OpenAI ab 2027 zur Verfügung stehen.", ORACLE),
    ("es", "Oracle construye para OpenAI centros de datos en Texas.", ORACLE),
    ("es", "Oracle venderá a OpenAI potencia de cálculo durante cinco años.", ORACLE),
    ("it", "Oracle metterà a disposizione di OpenAI la sua capacità computazionale.", ORACLE),
    ("it", "Oracle costruisce per OpenAI nuovi data center in Texas.", ORACLE),
    ("en", "AWS will supply OpenAI with $38 billion of cloud computing.", AWS),
    ("fr", "AWS fournira à OpenAI des services cloud pour 38 milliards de dollars.", AWS),
    ("de", "AWS liefert OpenAI Cloud-Dienste für 38 Milliarden Dollar.", AWS),
    ("es", "AWS suministrará a OpenAI servicios en la nube por 38.000 millones de dólares.", AWS),
    ("it", "AWS fornirà a OpenAI servizi cloud per 38 miliardi di dollari.", AWS),
    # a deal that names no computing adds no provider
    ("en", "Amazon Web Services signed a $38 billion deal with OpenAI.", NOTHING),
    ("fr", "Amazon Web Services a signé un accord de 38 milliards de dollars avec OpenAI.", NOTHING),
    ("de", "Amazon Web Services hat mit OpenAI einen Vertrag über 38 Milliarden Dollar unterzeichnet.", NOTHING),
    ("es", "Amazon Web Services firmó con OpenAI un contrato de 38.000 millones de dólares.", NOTHING),
    ("it", "Amazon Web Services ha siglato con OpenAI un contratto da 38 miliardi di dollari.", NOTHING),
]


@pytest.mark.parametrize("language, text, expected", CLOUD)
def test_a_compute_seller_is_a_cloud_provider(language, text, expected, catalogue):
    assert facts_of(text, catalogue, language) == expected
    assert facts_of(text, catalogue, None) == expected
