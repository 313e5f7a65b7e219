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
    "ja": ("一方", "ものの", "しかし"),
    "zh": ("而", "但", "但是", "然而", "不过", "不過"),
    "ko": ("반면", "하지만", "그러나", "한편"),
}
# A bare "from" marks the next figure as an old term ("extended from 2030 to 2032"), but not a
# name ("compute from Oracle").
OLD_FROM = {"en": ("from",), "fr": (), "de": (), "es": (), "it": ("dal", "dai"), "zh": ("从", "從")}
# Old terms that point at the next figure or phrase only ("up from 2030", "au lieu de", "statt").
OLD_FORWARD = {
    "en": ("up from", "down from", "instead of", "rather than", "replacing", "replaces", "compared with"),
    "fr": ("au lieu de", "contre", "passant de", "passe de", "remplace", "remplaçant", "par rapport à"),
    "de": ("statt", "anstelle von", "ersetzt", "gegenüber"),
    "es": ("en lugar de", "en vez de", "frente a", "sustituye", "reemplaza"),
    "it": ("invece di", "anziché", "rispetto a", "sostituisce"),
    "ja": ("に代わり", "に代えて"),
    "zh": ("而非", "取代", "相比"),
    "ko": ("대신",),
}
# Old and new terms that point at the next figure, or the previous one at a clause end.
OLD = {
    "en": ("previously", "formerly", "before", "earlier", "originally", "prior"),
    "fr": ("auparavant", "précédemment", "avant", "jusqu'ici", "initialement", "ancien", "ancienne"),
    "de": ("zuvor", "bisher", "vorher", "früher", "ursprünglich", "bislang"),
    "es": ("anteriormente", "antes", "previamente", "inicialmente"),
    "it": ("in precedenza", "prima", "precedentemente", "inizialmente"),
    "ja": ("以前", "当初", "かつて", "前回"),
    "zh": ("此前", "先前", "原本", "原先", "原为", "原為", "早前", "此前为", "此前為"),
    "ko": ("종전", "이전", "앞서", "당초"),
}
NEW = {
    "en": ("now", "new", "extended", "extends", "extend", "henceforth"),
    "fr": ("désormais", "maintenant", "nouveau", "nouvel", "nouvelle", "prolongé*", "étendu*", "jusqu'en"),
    "de": ("jetzt", "nun", "neu", "neue*", "verlängert", "künftig"),
    "es": ("ahora", "nuevo", "nueva", "ampliado*", "extendido*", "prorrogado*"),
    "it": ("ora", "adesso", "nuovo", "nuova", "esteso", "estesi", "prorogat*"),
    "ja": ("現在", "新たに", "延長"),
    "zh": ("现在", "現在", "目前", "如今", "延长至", "延長至"),
    "ko": ("현재", "이제", "연장"),
}
# A claim only in prospect: "negotiating a definitive agreement" has not been signed.
PROSPECT = {
    "en": ("negotiat*", "working toward*", "work toward*", "toward*", "pave* the way", "paving the way", "pending",
           "ahead of", "yet to", "lead to", "in talks", "aim* to", "plan* to", "intend*", "prepar*", "anticipat*"),
    "fr": ("négoci*", "en attendant", "doit encore", "déboucher sur", "aboutir à", "prépare*", "préparer", "anticipe*", "vers", "en vue d'", "en vue de", "ouvre la voie",
           "préalable", "devrait", "devraient", "pourrait", "pourraient"),
    "de": ("verhandel*", "auf dem weg", "hin zu", "vorbereit*", "soll", "sollen", "sollte", "könnte", "im hinblick auf"),
    "es": ("negoci*", "hacia", "desembocar en", "conducir a", "en espera de", "prepara*", "con vistas a", "debería", "podría"),
    "it": ("negozi*", "verso", "portare a", "sfociare in", "in vista di", "in attesa di", "prepara*", "dovrebbe", "potrebbe"),
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
    "ja": ("交渉", "協議", "に向け", "目指", "見込み", "予定", "締結へ", "合意へ"),
    "zh": ("谈判", "談判", "尚待", "有待", "仍在", "铺路", "鋪路"),
    "ko": ("협상", "위한", "추진", "예정", "목표", "앞두고", "향한"),
}
# Hypothetical figures, not stated as fact.
MAYBE = {
    "en": ("could", "might", "expected to", "considering", "in talks", "ipo"),
    "fr": ("pourrait", "pourraient", "envisage*", "introduction en bourse"),
    "de": ("könnte", "könnten", "erwägt", "börsengang"),
    "es": ("podría", "podrían", "considera", "salida a bolsa"),
    "it": ("potrebbe", "potrebbero", "valuta di", "quotazione"),
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
    "ja": ("株価", "時価総額", "株式市場", "ナスダック", "時間外取引", "終値", "株式相場"),
    "zh": ("股价", "股價", "市值", "纳斯达克", "那斯達克", "納斯達克", "盘后", "盤後", "开盘", "開盤", "收盘", "收盤", "股市"),
    "ko": ("주가", "시가총액", "시총", "나스닥", "증시", "장외", "주식시장"),
}


# "a stake in OpenAI", "which backs OpenAI": a party after these words is what the figure is
# about, not who holds it.
OBJECT_PREPOSITIONS = ("in", "into", "behind", "dans", "derrière", "an", "am", "hinter", "en", "detrás de", "nel", "nella", "dietro", "sur", "au capital de")
OBJECT_ARTICLES = ("the", "der", "die", "la", "el")  # and the elided l', which no space follows
OBJECT_RELATIVES = ("which", "that", "who", "qui", "que", "der", "die", "das", "che")  # then one verb
# Chinese, Japanese and Korean: the words before a party (Chinese) or the particles after it
# (Japanese, Korean) that make it what a figure is about, not who holds it: "持有 OpenAI 的股权",
# "OpenAIに出資", "PBCの株式の26%", "오픈AI에 투자". ("오픈AI 지분", "Xの株式" alone are not: "MS 지분",
# "マイクロソフトの株式" are Microsoft's own.)
OBJECT_BEFORE_CJK = ("持有", "对", "對", "向", "入股", "投资", "投資", "注资", "注資")
OBJECT_AFTER_CJK = ("へ", "を", "への", "の株式の", "の株式を", "の株式約", "に対する", "に出資", "に投資", "に投じ", "에", "에게", "을", "를")
