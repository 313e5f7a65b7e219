"""The grammar words the fact engine reads, per language: what cuts a clause, marks an old or a
new term, a prospect, a hypothesis, a negation, a market figure, or an object party.

Why apart from the engine: these are data, one table per role, keyed by language; a language is
added by adding its words here (and its fact words in sources.toml), not by touching the rules.
A trailing * matches any word ending. A language missing from a table has no word of that role.
"""

from __future__ import annotations

CLAUSE_WORDS = {
    "en": ("while", "whilst", "whereas", "but"),
    "fr": ("alors que", "tandis que", "mais"),
    "de": ("während", "wohingegen", "aber"),
    "es": ("mientras que", "mientras", "pero"),
    "it": ("mentre", "ma", "invece"),
    "pt": ("enquanto", "ao passo que", "mas", "porém"),
    "nl": ("terwijl", "maar", "daarentegen"),
    "pl": ("podczas gdy", "natomiast", "ale", "lecz", "zaś"),
    "ru": ("тогда как", "в то время как", "а", "но", "однако"),
    "uk": ("тоді як", "у той час як", "в той час як", "а", "але", "проте", "однак"),
    "tr": ("ama", "fakat", "ancak", "oysa", "buna karşılık", "öte yandan"),
    "ja": ("一方", "ものの", "しかし"),
    "zh": ("而", "但", "但是", "然而", "不过", "不過"),
    "ko": ("반면", "하지만", "그러나", "한편"),
}
# A bare "from" marks the next figure as an old term ("extended from 2030 to 2032"), but not a
# name ("compute from Oracle").
OLD_FROM = {"en": ("from",), "fr": (), "de": (), "es": (), "it": ("dal", "dai"), "pt": (), "nl": (), "pl": (), "ru": (), "uk": (), "tr": (), "zh": ("从", "從")}
# Old terms that point at the next figure or phrase only ("up from 2030", "au lieu de", "statt").
OLD_FORWARD = {
    "en": ("up from", "down from", "instead of", "rather than", "replacing", "replaces", "compared with"),
    "fr": ("au lieu de", "contre", "passant de", "passe de", "remplace", "remplaçant", "par rapport à"),
    "de": ("statt", "anstelle von", "ersetzt", "gegenüber"),
    "es": ("en lugar de", "en vez de", "frente a", "sustituye", "reemplaza"),
    "it": ("invece di", "anziché", "rispetto a", "sostituisce"),
    "pt": ("em vez de", "ao invés de", "em lugar de", "contra", "substitui", "em comparação com", "face a", "frente a"),
    "nl": ("in plaats van", "tegenover", "vergeleken met", "ten opzichte van", "vervangt"),
    "pl": ("zamiast", "w porównaniu z", "wobec", "w miejsce"),
    "ru": ("вместо", "против", "по сравнению с", "взамен"),
    "uk": ("замість", "проти", "порівняно з", "у порівнянні з", "натомість"),
    "tr": ("yerine",),
    "ja": ("に代わり", "に代えて"),
    "zh": ("而非", "取代", "相比"),
    "ko": ("대신",),
}
# Old and new terms that point at the next figure, or the previous one at a clause end.
OLD = {
    "en": ("previously", "formerly", "before", "earlier", "originally", "prior", "previous"),
    "fr": ("auparavant", "précédemment", "avant", "jusqu'ici", "initialement", "ancien", "ancienne", "précédent", "précédente"),
    "de": ("zuvor", "bisher", "vorher", "früher", "ursprünglich", "bislang", "vorherige*", "bisherige*"),
    "es": ("anteriormente", "antes", "previamente", "inicialmente", "anterior"),
    "it": ("in precedenza", "prima", "precedentemente", "inizialmente", "precedente"),
    "pt": ("anteriormente", "antes", "previamente", "inicialmente", "antigo", "antiga", "anterior"),
    "nl": ("eerder", "voorheen", "vroeger", "oorspronkelijk", "aanvankelijk", "vorige"),
    "pl": ("wcześniej", "poprzednio", "uprzednio", "pierwotnie", "poprzedni*", "wcześniejsz*"),
    "ru": ("ранее", "прежде", "раньше", "изначально", "прежн*", "до этого", "предыдущ*"),
    "uk": ("раніше", "спочатку", "до цього", "колишн*", "попереднього разу"),
    "tr": ("daha önce", "önceden", "önceki", "eskiden", "başlangıçta"),
    "ja": ("以前", "当初", "かつて", "前回"),
    "zh": ("此前", "先前", "原本", "原先", "原为", "原為", "早前", "此前为", "此前為"),
    "ko": ("종전", "이전", "앞서", "당초"),
}
NEW = {
    "en": ("now", "new", "extended", "extends", "extend", "henceforth"),
    "fr": ("désormais", "maintenant", "nouveau", "nouvel", "nouvelle", "prolongé*", "étendu*"),
    "de": ("jetzt", "nun", "neu", "neue*", "verlängert", "künftig"),
    "es": ("ahora", "nuevo", "nueva", "ampliado*", "extendido*", "prorrogado*"),
    "it": ("ora", "adesso", "nuovo", "nuova", "esteso", "estesi", "prorogat*"),
    "pt": ("agora", "novo", "nova", "passa a", "passará a", "doravante", "prorrogad*", "estendid*", "ampliad*"),
    "nl": ("nu", "voortaan", "nieuw", "nieuwe", "verlengd", "uitgebreid"),
    "pl": ("teraz", "obecnie", "nowy", "nowa", "nowe", "nowej", "nowego", "odtąd", "przedłużon*", "wydłużon*"),
    "ru": ("теперь", "отныне", "новый", "новая", "новое", "нового", "новой", "продлен*", "продлён*", "продлил*"),
    "uk": ("тепер", "відтепер", "новий", "нова", "нове", "нового", "нової", "подовжен*", "продовжено", "продовжили"),
    "tr": ("artık", "yeni", "şimdi", "uzatıldı", "uzatılan", "uzatıyor"),
    "ja": ("現在", "新たに", "延長"),
    "zh": ("现在", "現在", "目前", "如今", "延长至", "延長至"),
    "ko": ("현재", "이제", "연장"),
}
# A claim only in prospect: "negotiating a definitive agreement" has not been signed.
PROSPECT = {
    "en": ("negotiat*", "working toward*", "work toward*", "toward*", "pave* the way", "paving the way", "pending",
           "ahead of", "yet to", "lead to", "in talks", "aim* to", "plan* to", "intend*", "prepar*", "anticipat*", "finalize", "finalise", "finalizing", "finalising", "groundwork", "basis for", "framework for", "possible", "potential", "eventual", "future", "working on", "work on", "seek*"),
    "fr": ("négoci*", "en attendant", "doit encore", "déboucher sur", "aboutir à", "prépare*", "préparer", "anticipe*", "vers", "en vue d'", "en vue de", "ouvre la voie",
           "préalable", "devrait", "devraient", "pourrait", "pourraient", "finaliser", "finalisation", "jette les bases", "les bases d'un", "éventuel", "éventuelle", "possible", "futur", "future", "travaill*"),
    "de": ("verhandel*", "auf dem weg", "hin zu", "vorbereit*", "soll", "sollen", "sollte", "könnte", "im hinblick auf", "finalisieren", "Finalisierung", "Grundlage für", "den Weg für", "mögliche*", "künftige*", "arbeiten an", "arbeitet an"),
    "es": ("negoci*", "hacia", "desembocar en", "conducir a", "en espera de", "prepara*", "con vistas a", "debería", "podría", "finalizar", "finalización", "bases para", "posible", "eventual", "futuro", "trabaj*"),
    "it": ("negozi*", "verso", "portare a", "sfociare in", "in vista di", "in attesa di", "prepara*", "dovrebbe", "potrebbe", "finalizzare", "finalizzazione", "basi per", "possibile", "eventuale", "futuro", "lavor*"),
    "pt": ("negoci*", "rumo a", "em direção a", "a caminho de", "levar a", "conduzir a", "prepar*", "com vista a", "com vistas a",
           "finalizar", "trabalhando para", "trabalham para", "trabalhando em", "trabalham em", "trabalha em", "atingir", "alcançar", "chegar a", "antecip*", "à espera de", "deverá", "deverão",
           "poderá", "poderão"),
    "nl": ("onderhandel*", "werken naar", "werkt naar", "werken aan", "werkt aan", "werken nog aan", "werkt nog aan", "toewerken", "op weg naar",
           "in afwachting van", "leiden tot", "voorbereid*",
           "zou", "zouden", "moet", "moeten"),
    "pl": ("negocj*", "pracują nad", "pracuje nad", "w kierunku", "zmierza*", "przygotow*", "doprowadzić do", "w oczekiwaniu na",
           "sfinalizować", "zawrzeć", "wypracować", "powinn*", "ma zostać", "mają zostać"),
    "ru": ("переговор*", "работают над", "работаем над", "работает над", "на пути к", "в ожидании", "подготов*", "приведет к", "приведёт к",
           "привести к", "завершить", "заключить", "доработ*", "должн*", "согласовать"),
    "uk": ("переговор*", "працюють над", "працюємо над", "працює над", "на шляху до", "в очікуванні", "підготов*", "приведе до",
           "привести до", "завершити", "укласти", "доопрацю*", "має бути", "мають бути", "узгодити"),
    "tr": ("henüz", "müzakere*", "görüşme*"),
    "ja": ("交渉中", "協議中", "に向けて", "に向けた", "目指", "予定"),
    "zh": ("谈判", "談判", "协商", "協商", "磋商", "努力", "争取", "爭取", "希望", "计划", "計劃", "計畫", "准备", "準備",
           "预计", "預計", "有望", "尚未", "并未", "並未", "为最终", "為最終"),
    "ko": ("협상 중", "추진 중"),
}
# A claim still to come, said after the phrase: "the definitive agreement remains to be negotiated".
PROSPECT_AFTER = {
    "en": ("remains to be", "remain to be", "yet to be", "still to be"),
    "fr": ("reste à", "restent à", "reste encore à", "doit encore être", "doivent encore être"),
    "de": ("steht noch aus", "stehen noch aus", "noch auszuhandeln", "muss noch", "müssen noch"),
    "es": ("queda por", "quedan por", "aún debe", "aún deben", "todavía debe", "todavía deben"),
    "it": ("resta da", "restano da", "deve ancora", "devono ancora"),
    "pt": ("ainda não", "ainda por", "ainda precisa", "ainda deve", "ainda devem", "está por ser"),
    "nl": ("moet nog", "moeten nog", "nog niet", "nog worden", "onderhandel*"),
    "pl": ("jeszcze nie", "ma zostać", "mają zostać", "dopiero", "wciąż trwa*", "trwają"),
    "ru": ("ещё не", "еще не", "пока не", "предстоит", "согласовыва*", "будет заключ*"),
    "uk": ("ще не", "поки не", "узгоджу*", "буде укладен*", "має бути"),
    "tr": ("müzakere*", "görüşme*", "üzerinde çalış*", "için çalış*", "varmak için", "sürüyor", "henüz", "değil", "imzalanmadı", "imzalanmamış*", "bekleniyor"),
    "ja": ("交渉", "協議", "に向け", "目指", "見込み", "予定", "締結へ", "合意へ"),
    "zh": ("谈判", "談判", "尚待", "有待", "仍在", "铺路", "鋪路"),
    "ko": ("협상", "위한", "추진", "예정", "목표", "앞두고", "향한"),
}
# Hypothetical figures, not stated as fact.
MAYBE = {
    "en": ("could", "might", "expected to", "considering", "in talks", "ipo"),
    "fr": ("pourrait", "pourraient", "serait", "seraient", "envisage*", "introduction en bourse"),
    "de": ("könnte", "könnten", "erwägt", "börsengang"),
    "es": ("podría", "podrían", "considera", "salida a bolsa"),
    "it": ("potrebbe", "potrebbero", "valuta di", "quotazione"),
    "pt": ("poderia", "poderiam", "pode vir a", "considera", "ipo", "oferta pública", "abertura de capital"),
    "nl": ("zou kunnen", "zouden kunnen", "overweegt", "beursgang", "beursnotering"),
    "pl": ("mógłby", "mogłaby", "mogłoby", "mogłyby", "rozważa", "ipo", "debiut giełdowy", "debiutu giełdowego", "wejście na giełdę"),
    "ru": ("может", "могла бы", "мог бы", "могут", "рассматривает", "ipo", "выход на биржу", "выхода на биржу"),
    "uk": ("може", "могла б", "міг би", "можуть", "розглядає", "ipo", "вихід на біржу", "виходу на біржу"),
    "tr": ("olabilir", "olabileceği", "düşünüyor", "halka arz"),
    "ja": ("可能性", "検討", "上場", "ipo"),
    "zh": ("可能", "或将", "或將", "考虑", "考慮", "上市", "ipo"),
    "ko": ("가능성", "검토", "상장", "ipo"),
}
NEGATION = {
    "en": ("not", "no", "never", "no longer", "without", "hasn't", "haven't", "didn't", "doesn't", "isn't", "yet to"),
    "fr": ("ne", "n'", "pas", "jamais", "sans", "aucun", "aucune"),
    "de": ("nicht", "kein", "keine", "keinen", "ohne", "nie"),
    "es": ("no", "nunca", "sin", "ningún", "ninguna"),
    "it": ("non", "mai", "senza", "nessun", "nessuna"),
    "pt": ("não", "nunca", "sem", "nenhum", "nenhuma", "deixa de", "deixará de"),
    "nl": ("niet", "geen", "nooit", "zonder", "niet langer"),
    "pl": ("nie", "nigdy", "bez", "żaden", "żadnej", "żadnego"),
    "ru": ("не", "нет", "никогда", "без", "ни"),
    "uk": ("не", "ні", "ніколи", "без", "жодн*"),
    "tr": ("hiçbir", "asla"),
    "zh": ("不再", "不会", "不會", "不是", "不能", "并不", "並不", "没有", "沒有", "尚未", "并未", "並未", "从未", "從未", "未能", "未曾"),
}
# Negations said after the phrase they negate (Japanese and Korean put the verb last):
# "最終合意には至っていない", "최종 계약은 체결되지 않았다".
NEGATION_AFTER = {
    "ja": ("ていない", "ておらず", "ていません", "ない", "なかった", "されず", "至らず"),
    "ko": ("않", "못했", "못한", "못하"),
}
# A figure said of each of the parties named before it: "非营利组织和微软将分别持股约30%".
EACH = {
    "ja": ("それぞれ",),
    "zh": ("分别", "分別", "各自"),
    "ko": ("각각",),
}
# Pronouns that stand for the party named nearest before them ("…, and it holds 26 %").
PRONOUNS = {
    "en": ("it",),
    "fr": ("elle", "il", "celle-ci", "celui-ci"),
    "es": ("esta", "este", "ésta", "éste"),
    "it": ("essa", "esso"),
}
# Possessives and the generic nouns a reporter uses for a company already named ("its stake",
# "le groupe", "der Konzern"): they stand for the subject, the party named first in the sentence
# (not as an object), else for the party the paragraph was about.
POSSESSIVES = {
    "en": ("its", "the company", "the firm", "the group", "the business"),
    "fr": ("sa", "son", "ses", "l'entreprise", "la société", "le groupe", "la firme"),
    "de": ("sein", "seine", "seinen", "seinem", "seiner", "seines", "das unternehmen", "der konzern", "die firma"),
    "es": ("su", "sus", "la empresa", "la compañía", "la firma", "el grupo"),
    "it": ("sua", "suo", "suoi", "sue", "l'azienda", "la società", "il gruppo"),
}
# Languages that drop a subject pronoun ("posee el 27 %"): a sentence naming no party there is
# said of the party the paragraph was about.
PRO_DROP = frozenset({"es", "it", "pt", "pl", "ru", "uk", "tr", "ja", "zh", "ko"})
# Market values and share-price moves are never a fact of the deal (money and percent facts).
MARKET = {
    "en": ("market value", "market capitalisation", "market capitalization", "market cap", "share price", "stock",
           "shares rose", "shares fell", "shares gained", "shares climbed", "shares jumped", "shares dropped",
           "shares were up", "shares were down", "closed up", "closed down", "nasdaq", "wall street"),
    "fr": ("capitalisation", "valeur boursière", "valeur de marché", "l'action", "le titre", "bourse", "cours de l'action",
           "nasdaq", "wall street"),
    "de": ("börsenwert", "marktwert", "marktkapitalisierung", "aktie", "aktien", "aktienkurs", "börse", "nasdaq", "wall street"),
    "es": ("valor de mercado", "capitalización", "valor bursátil", "bolsa", "cotización", "las acciones", "nasdaq", "wall street"),
    "it": ("capitalizzazione", "valore di mercato", "borsa", "il titolo", "le azioni", "nasdaq", "wall street"),
    "pt": ("valor de mercado", "capitalização", "capitalização bolsista", "valor bursátil", "as ações", "ações da microsoft", "bolsa", "pregão",
           "cotação", "nasdaq", "wall street"),
    "nl": ("beurswaarde", "marktwaarde", "marktkapitalisatie", "beurskoers", "aandelenkoers", "koers*", "aandeel steeg", "aandelen stegen",
           "aandeel daalde", "aandelen daalden", "op de beurs", "nasdaq", "wall street"),
    "pl": ("kapitalizacj*", "wartość rynkowa", "wartości rynkowej", "wartość giełdowa", "wartości giełdowej", "kurs akcji", "kursu akcji",
           "notowania", "notowań", "na giełdzie", "rosną", "wzrosły", "zyskały", "zyskują", "spadły", "tracą", "nasdaq", "wall street"),
    "ru": ("капитализаци*", "рыночная стоимость", "рыночную стоимость", "рыночной стоимости", "биржев*", "на бирже", "котировк*", "выросли",
           "подорожали", "прибавили", "подешевели", "упали", "снизились", "торгах", "nasdaq", "уолл-стрит", "wall street"),
    "uk": ("капіталізаці*", "ринкова вартість", "ринкову вартість", "ринкової вартості", "біржов*", "на біржі", "котирув*", "зросли",
           "подорожчали", "додали", "подешевшали", "впали", "торгах", "nasdaq", "уолл-стріт", "wall street"),
    "tr": ("piyasa değeri", "piyasa değerini", "borsa*", "yükseldi", "geriledi", "düştü", "değer kazandı", "değer kaybetti",
           "nasdaq", "wall street"),
    "ja": ("株価", "時価総額", "株式市場", "ナスダック", "時間外取引", "終値", "株式相場"),
    "zh": ("股价", "股價", "市值", "纳斯达克", "那斯達克", "納斯達克", "盘后", "盤後", "开盘", "開盤", "收盘", "收盤", "股市"),
    "ko": ("주가", "시가총액", "시총", "나스닥", "증시", "장외", "주식시장"),
}


# "a stake in OpenAI", "which backs OpenAI": a party after these words is what the figure is
# about, not who holds it.
OBJECT_PREPOSITIONS = ("with", "avec", "mit", "con", "in", "into", "behind", "dans", "derrière", "an", "am", "hinter", "en", "detrás de", "nel", "nella", "dietro", "sur", "au capital de",
                       "na", "no", "em", "w", "we", "в", "во", "у")
OBJECT_ARTICLES = ("the", "der", "die", "la", "el", "a", "o", "os", "as", "het")  # and the elided l', which no space follows
OBJECT_RELATIVES = ("which", "that", "who", "qui", "que", "der", "die", "das", "che", "dat", "który", "która", "które", "который", "которая",
                    "которое", "який", "яка", "яке")  # then one verb
# Case endings that make a name the object in languages that mark it on the word itself (Turkish:
# "OpenAI'de" in OpenAI, "OpenAI'ye" to OpenAI, "OpenAI'den" from OpenAI), written after an apostrophe.
OBJECT_SUFFIXES = ("de", "da", "te", "ta", "ye", "ya", "e", "a", "den", "dan", "ten", "tan")
# "26 % of the new OpenAI Group", "26% do novo OpenAI Group", "26% акций OpenAI": a party named right
# after a percentage, joined by one of these words (or by nothing: the genitive of the Slavic
# languages), is what the percentage is a share of, not who holds it.
SHARE_OF = ("of", "de", "du", "des", "da", "do", "das", "dos", "di", "del", "della", "dello", "dei", "der", "van", "von",
            "акций", "акцій", "akcji", "udziałów")
# Chinese, Japanese and Korean: the words before a party (Chinese) or the particles after it
# (Japanese, Korean) that make it what a figure is about, not who holds it: "持有 OpenAI 的股权",
# "OpenAIに出資", "PBCの株式の26%", "오픈AI에 투자". ("오픈AI 지분", "Xの株式" alone are not: "MS 지분",
# "マイクロソフトの株式" are Microsoft's own.)
OBJECT_BEFORE_CJK = ("持有", "对", "對", "向", "入股", "投资", "投資", "注资", "注資")
OBJECT_AFTER_CJK = ("へ", "を", "への", "の株式の", "の株式を", "の株式約", "に対する", "に出資", "に投資", "に投じ", "에", "에게", "을", "를")
# Reporting words: a sentence without one of its language's is no reported speech, so the
# patterns of reported_speech are tried only where one is (each of them contains one).
REPORTING_WORDS = {
    "en": ("according", "report", "citing", "told", "wrote", "writes", "familiar", "close", "source", "insider", "analyst"),
    "fr": ("source", "analyst", "selon", "après", "rapport", "écrit", "proche"),
    "de": ("insider", "analyst", "laut", "bericht", "zufolge", "meldet", "kreise", "vertraute", "meld"),
    "es": ("según", "acuerdo con", "informó", "publicó", "fuente", "analista", "analist"),
    "it": ("secondo", "stando", "riport", "scrive", "fonti", "analisti", "analist"),
    "pt": ("report", "familiar", "analista", "segundo", "acordo com", "conforme", "informou", "noticiou", "publicou", "reportou",
           "escreveu", "fonte", "pessoas", "analist"),
    "nl": ("bericht", "analist", "volgens", "aldus", "meld", "schrijf", "schreef", "berichtte", "ingewijd", "bronnen"),
    "pl": ("według", "podaj", "podał", "poinformował", "pisze", "napisał", "informuje", "źródł", "osoby", "nieoficjaln", "anality"),
    "ru": ("по данным", "согласно", "сообща", "сообщил", "пишет", "написал", "переда", "со ссылкой", "источник", "собеседник",
           "знакомые", "инсайдер", "аналитик", "пише"),
    "uk": ("за даними", "згідно", "повідомля", "повідомил", "повідомив", "пише", "написав", "з посиланням", "джерел", "співрозмовник",
           "обізнані", "аналітик"),
    "tr": ("analist", "göre", "kaynak", "isminin"),
    "ja": ("によると", "報じ", "関係者", "消息筋", "アナリスト", "報道", "消息"),
    "zh": ("报道", "報導", "報道", "报导", "引述", "援引", "消息", "知情", "據報", "分析师", "分析師"),
    "ko": ("따르면", "보도", "전했", "소식통", "관계자", "애널리스트", "분석가"),
}
