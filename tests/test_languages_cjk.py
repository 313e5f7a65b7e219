"""Japanese, Chinese (simplified and traditional) and Korean: the fact engine reads them as it
reads the European languages.

Han and kana are written without spaces and Japanese and Korean glue particles to names
("マイクロソフトは", "마이크로소프트는"), so words of these scripts are found without word
boundaries, sentences end at 。！？ with no space after them and clauses at ，、；：. The
figures ("1350億ドル", "1,350억 달러") come from the quantity parser: the tests that need them
are skipped while it cannot read them.
"""

from __future__ import annotations

import pytest
from shipped_catalogue import facts_of

from monitor.facts.lexicon import compile_lexicon
from monitor.facts.quantities import find_quantities
from monitor.facts.reported_speech import reported_source
from monitor.facts.sentences import sentences_holding, split_sentences

needs_cjk_figures = pytest.mark.skipif(
    not find_quantities("1350億ドル", "ja") or not find_quantities("1,350억 달러", "ko"),
    reason="the quantity parser does not read Chinese, Japanese and Korean figures yet",
)




# ── sentences ────────────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    "language, text, sentences",
    [
        ("zh", "微软持股约27%。非营利组织持有26%！估值多少？", ["微软持股约27%。", "非营利组织持有26%！", "估值多少？"]),
        ("zh", "微軟持股約27%。非營利組織持有26%。", ["微軟持股約27%。", "非營利組織持有26%。"]),
        ("ja", "両社は合意した。マイクロソフトは約27%を保有する．", ["両社は合意した。", "マイクロソフトは約27%を保有する．"]),
        # a quotation that the sentence goes on quoting is not a sentence of its own
        ("ja", "会長は「最大の慈善団体になる。」と述べた。次の文。", ["会長は「最大の慈善団体になる。」と述べた。", "次の文。"]),
        ("ja", "「合意した。」両社は発表した。", ["「合意した。」", "両社は発表した。"]),
        ("ko", "마이크로소프트는 약 27%를 보유한다. 재단은 26%를 갖는다.", ["마이크로소프트는 약 27%를 보유한다.", "재단은 26%를 갖는다."]),
        ("zh", "第一行没有句号\n第二行。", ["第一行没有句号", "第二行。"]),
        # a decimal point is no sentence end
        ("zh", "微软此前持股约32.5%。", ["微软此前持股约32.5%。"]),
    ],
)
def test_sentences_end_at_full_width_marks(language, text, sentences):
    assert [text[start:end] for start, end in split_sentences(text, language)] == sentences
    assert [text[start:end] for start, end in split_sentences(text)] == sentences
    positions = sorted({start for start, _ in split_sentences(text, language)})
    assert sentences_holding(text, positions, language) == split_sentences(text, language)


# ── the lexicon ──────────────────────────────────────────────────────────────────────────


def words_found(text, catalogue, language):
    return [text[start:end] for start, end, _ in compile_lexicon(tuple(catalogue), language).scan(text)]


@pytest.mark.parametrize(
    "language, text, words",
    [
        ("ja", "マイクロソフトはOpenAIの株式を保有する", ["マイクロソフト", "OpenAI", "株式", "保有"]),
        ("zh", "微软持股", ["微软", "持股"]),
        ("zh", "微軟與OpenAI基金會", ["微軟", "OpenAI", "基金會"]),
        ("ko", "마이크로소프트는 오픈AI의 지분을 보유했다", ["마이크로소프트", "오픈AI", "지분", "보유"]),
        ("ko", "MS는 오픈AI 재단과", ["MS", "오픈AI", "재단"]),
        # a Latin word keeps its boundaries against Latin letters: no "OpenAI" in "OpenAIX"
        ("ja", "OpenAIXはAzure", ["Azure"]),
        ("zh", "ms-dos与微软", ["微软"]),
        # a word starting in Latin and ending in Han: the longer word, with its Latin start boundary
        ("ja", "OpenAI財団は", ["OpenAI財団"]),
        ("ja", "XOpenAI財団は", ["財団"]),
        # "İ" lowers to two characters: the text is read ignoring case, still with CJK boundaries
        ("ja", "İマイクロソフトはOpenAIの", ["マイクロソフト", "OpenAI"]),
    ],
)
def test_lexicon_finds_words_without_spaces(language, text, words, catalogue):
    assert words_found(text, catalogue, language) == words
    assert words_found(text, catalogue, None) == words


def test_european_words_keep_their_boundaries(catalogue):
    assert words_found("Microsoft holds a stake; Microsofts Anteil", catalogue, "en") == ["Microsoft", "holds", "stake"]
    assert words_found("Microsoft holds a stake", catalogue, None) == ["Microsoft", "holds", "stake"]


# ── claims ───────────────────────────────────────────────────────────────────────────────

MOU = {("agreement_stage", "mou")}
DEFINITIVE = {("agreement_stage", "definitive")}


@pytest.mark.parametrize(
    "language, text, expected",
    [
        ("ja", "両社は法的拘束力のない覚書に署名した。", MOU),
        ("ja", "マイクロソフトとOpenAIは最終合意に署名した。", DEFINITIVE),
        # negotiating a definitive agreement is still a memorandum of understanding
        ("ja", "両社は最終合意に向けて交渉を続けている。", MOU),
        ("ja", "両社はまだ最終合意に至っていない。", MOU),
        ("zh", "双方签署了一份不具约束力的谅解备忘录。", MOU),
        ("zh", "微软与OpenAI签署了最终协议。", DEFINITIVE),
        ("zh", "雙方簽署了新的最終協議。", DEFINITIVE),
        ("zh", "双方正在就最终协议进行谈判。", MOU),
        ("zh", "雙方希望在年底前敲定正式協議。", MOU),
        ("zh", "双方尚未签署最终协议。", MOU),
        ("ko", "두 회사는 비구속적 양해각서(MOU)를 체결했다.", MOU),
        ("ko", "마이크로소프트와 오픈AI는 최종 계약을 체결했다.", DEFINITIVE),
        ("ko", "두 회사는 최종 계약 체결을 위한 협상을 진행 중이다.", MOU),
        ("ko", "최종 계약은 아직 체결되지 않았다.", MOU),
    ],
)
def test_memorandum_or_definitive_agreement(language, text, expected, catalogue):
    assert facts_of(text, catalogue, language) == expected


@pytest.mark.parametrize(
    "language, text, expected",
    [
        ("ja", "AGIの達成は独立した専門家パネルが検証する。", {("agi_expert_panel", "true")}),
        ("zh", "若OpenAI宣布实现AGI，须由独立专家小组确认。", {("agi_expert_panel", "true")}),
        ("zh", "OpenAI宣佈實現通用人工智慧時，將由獨立專家小組確認。", {("agi_expert_panel", "true")}),
        ("ko", "AGI 달성은 독립적인 전문가 패널이 검증한다.", {("agi_expert_panel", "true")}),
        ("ja", "カリフォルニア州とデラウェア州の司法長官が再編を審査した。", {("regulators", ("california_ag", "delaware_ag"))}),
        ("zh", "加州和特拉华州总检察长审查了重组方案。", {("regulators", ("california_ag", "delaware_ag"))}),
        ("zh", "重組方案已與加州及德拉瓦州總檢察長溝通。", {("regulators", ("california_ag", "delaware_ag"))}),
        ("ko", "캘리포니아와 델라웨어 법무장관이 구조 개편을 검토했다.", {("regulators", ("california_ag", "delaware_ag"))}),
        ("ja", "非営利団体は引き続きOpenAIを管理する。", {("nonprofit_oversight", "true")}),
        ("zh", "非营利组织将继续控制OpenAI。", {("nonprofit_oversight", "true")}),
        ("zh", "非营利组织将不再控制OpenAI。", {("nonprofit_oversight", "false")}),
        ("ko", "비영리 재단은 오픈AI에 대한 통제권을 유지한다.", {("nonprofit_oversight", "true")}),
    ],
)
def test_claims_and_sets(language, text, expected, catalogue):
    assert facts_of(text, catalogue, language) == expected
    assert facts_of(text, catalogue, None) == expected


# ── figures ──────────────────────────────────────────────────────────────────────────────

STAKES = {("microsoft_stake_pct", 27.0), ("microsoft_stake_usd", 135e9)}
FOUNDATION = {("nonprofit_stake_pct", 26.0), ("nonprofit_stake_usd", 130e9)}


@needs_cjk_figures
@pytest.mark.parametrize(
    "language, text, expected",
    [
        ("ja", "マイクロソフトはOpenAIグループPBCの株式の約27%を保有し、その価値は約1350億ドルとなる。", STAKES),
        ("zh", "微软持有OpenAI集团约27%的股份，价值约1350亿美元。", STAKES),
        ("zh", "微軟持有約27%股份，估值約1,350億美元。", STAKES),
        ("ko", "마이크로소프트는 오픈AI 그룹 PBC의 지분 약 27%를 보유하며, 지분 가치는 약 1350억 달러로 평가된다.", STAKES),
        ("ja", "OpenAI財団はPBCの株式の26%を保有し、その価値は約1300億ドルに上る。", FOUNDATION),
        ("zh", "OpenAI基金会持有26%的股权，价值约1300亿美元。", FOUNDATION),
        ("zh", "其非營利實體持有 OpenAI 營利事業 26% 股權，價值約 1,300 億美元。", FOUNDATION),
        ("ko", "비영리 재단은 PBC 지분 26%를 보유하며 그 가치는 약 1300억 달러다.", FOUNDATION),
        # two parties in one sentence: each figure to its own
        ("zh", "非营利组织持有26%的股份，而微软持有约27%。", {("nonprofit_stake_pct", 26.0), ("microsoft_stake_pct", 27.0)}),
        ("ja", "財団が26%を保有する一方、マイクロソフトは約27%を保有する。", {("nonprofit_stake_pct", 26.0), ("microsoft_stake_pct", 27.0)}),
        ("ko", "재단은 26%를 보유한 반면 마이크로소프트는 약 27%를 보유한다.", {("nonprofit_stake_pct", 26.0), ("microsoft_stake_pct", 27.0)}),
        # a party's own stake: "MS 지분", "マイクロソフトの株式" name the holder
        ("ko", "MS 지분 27%로 확대.", {("microsoft_stake_pct", 27.0)}),
        ("ko", "마이크로소프트의 지분율은 약 27%다.", {("microsoft_stake_pct", 27.0)}),
        ("ko", "재단의 지분은 26%다.", {("nonprofit_stake_pct", 26.0)}),
        ("ja", "マイクロソフトの株式保有比率は約27%となる。", {("microsoft_stake_pct", 27.0)}),
        ("ja", "財団はPBCの株式の26%を持つ。", {("nonprofit_stake_pct", 26.0)}),
        ("zh", "微软的股份约为27%。", {("microsoft_stake_pct", 27.0)}),
        # a figure said of each of the parties named before it
        ("zh", "非营利组织和微软将分别持有约30%的股份。", {("nonprofit_stake_pct", 30.0), ("microsoft_stake_pct", 30.0)}),
        ("zh", "非牟利組織和微軟在新公司將分別持股約30%，餘下由僱員及其他投資者持有。",
         {("nonprofit_stake_pct", 30.0), ("microsoft_stake_pct", 30.0)}),
        ("ja", "財団とマイクロソフトはそれぞれ約30%を保有する。", {("nonprofit_stake_pct", 30.0), ("microsoft_stake_pct", 30.0)}),
        ("ko", "재단과 마이크로소프트는 각각 약 30%를 보유한다.", {("nonprofit_stake_pct", 30.0), ("microsoft_stake_pct", 30.0)}),
        ("zh", "微软持有约27%，各自的员工持有47%。", {("microsoft_stake_pct", 27.0)}),
        # an old term is dropped
        ("zh", "微软此前持股约32.5%。", set()),
        ("ko", "앞서 MS는 32.5%의 지분율을 보유하고 있었다.", set()),
    ],
)
def test_stakes(language, text, expected, catalogue):
    assert facts_of(text, catalogue, language) == expected
    assert facts_of(text, catalogue, None) == expected


@needs_cjk_figures
@pytest.mark.parametrize(
    "language, text, expected",
    [
        ("ja", "OpenAIの評価額は約5000億ドルとなった。", {("openai_valuation_usd", 500e9)}),
        ("zh", "OpenAI目前估值约为5000亿美元。", {("openai_valuation_usd", 500e9)}),
        ("zh", "OpenAI尋求整體估值達5000億美元（3.9萬億港元）。", {("openai_valuation_usd", 500e9)}),
        ("ko", "오픈AI의 기업가치는 약 5000억 달러로 평가된다.", {("openai_valuation_usd", 500e9)}),
        ("ja", "OpenAIは地域団体を支援する5000万ドルの助成基金を設けた。", {("grant_fund_usd", 50e6)}),
        ("zh", "OpenAI设立了5000万美元的基金，资助社区组织。", {("grant_fund_usd", 50e6)}),
        ("ko", "오픈AI는 지역 단체를 지원하는 5000만 달러 규모의 기금을 조성했다.", {("grant_fund_usd", 50e6)}),
        ("ja", "マイクロソフトはこれまでにOpenAIへ130億ドルを投資してきた。", {("microsoft_investment_usd", 13e9)}),
        ("zh", "微软自2019年以来已向OpenAI投资约130亿美元。", {("microsoft_investment_usd", 13e9)}),
        ("ko", "마이크로소프트는 2019년부터 오픈AI에 130억 달러를 투자했다.", {("microsoft_investment_usd", 13e9)}),
        ("ja", "OpenAIは新たに2500億ドル分のAzureサービスを購入する。", {("azure_commitment_usd", 250e9)}),
        ("zh", "OpenAI承诺额外采购2500亿美元的Azure云服务。", {("azure_commitment_usd", 250e9), ("cloud_provider", ("azure",))}),
        ("ko", "오픈AI는 2500억 달러 규모의 애저 서비스를 추가로 구매한다.", {("azure_commitment_usd", 250e9)}),
        ("zh", "新协议将微软对OpenAI模型和产品的知识产权延长至2032年。", {("ip_rights_until", 2032.0)}),
        ("zh", "微軟的智慧財產權原本至2030年，新協議延長至2032年。", {("ip_rights_until", 2032.0)}),
        ("ko", "마이크로소프트는 2032년까지 오픈AI 모델에 대한 지식재산권을 유지한다.", {("ip_rights_until", 2032.0)}),
        ("ja", "OpenAI財団はまず250億ドルを医療に充てる。", {("foundation_commitment_usd", 25e9)}),
    ],
)
def test_other_figures(language, text, expected, catalogue):
    assert facts_of(text, catalogue, language) == expected
    assert facts_of(text, catalogue, None) == expected


@needs_cjk_figures
def test_japanese_year_with_its_particle(catalogue):
    text = "マイクロソフトは2032年まで、モデルと製品に関する知的財産権を保持する。"
    if not find_quantities("2032年まで", "ja"):
        pytest.skip("the quantity parser does not read 2032年まで yet")
    assert facts_of(text, catalogue, "ja") == {("ip_rights_until", 2032.0)}


# ── reported speech ──────────────────────────────────────────────────────────────────────


@pytest.mark.parametrize(
    "sentence, source",
    [
        ("据路透社报道，微软将持有约27%的股份。", "路透社"),
        ("美國《華爾街日報》引述消息指出，微軟將持股約30%。", "華爾街日報"),
        ("英國《金融時報》消息則稱，微軟持股約30%。", "金融時報"),
        ("知情人士透露，微软将持有约27%。", "unnamed sources"),
        ("ロイター通信によると、マイクロソフトは約27%を保有する。", "ロイター"),
        ("日本経済新聞が報じた。", "日本経済新聞"),
        ("関係者によると、交渉は年内に決着する見通しだ。", "unnamed sources"),
        ("월스트리트저널(WSJ) 보도에 따르면 마이크로소프트는 27%의 지분을 확보했다.", "월스트리트저널"),
        ("경제매체 CNBC가 전했다.", "CNBC"),
        ("両社によると、合意は来年発効する。", None),
        ("마이크로소프트는 약 27%를 보유한다.", None),
    ],
)
def test_reported_speech(sentence, source):
    assert reported_source(sentence) == source
