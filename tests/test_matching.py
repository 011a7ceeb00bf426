"""The passage→task/indicator matcher (reports.matching): ranking, attaching, cues, terms, robustness, and
its quality on the gold labels."""
import importlib.util
from pathlib import Path

import pytest

from checklist.parsing.indicators import load_indicator_file
from checklist.parsing.plan import parse_plan_text
from reports.matching import Candidate, Matcher
from reports.matching.evidence_cues import evidence_cues
from reports.parsing.normalize import normalize_for_matching as norm

ROOT = Path(__file__).resolve().parent.parent
DOCUMENTS = ROOT / "fixtures" / "documents"


@pytest.fixture(scope="module")
def plan():
    return parse_plan_text((DOCUMENTS / "donghe-2021-plan.txt").read_text(encoding="utf-8"))


@pytest.fixture(scope="module")
def matcher(plan):
    return Matcher([Candidate(f"task:{t.number}", "task", norm(f"{t.title}。{t.text}")) for t in plan.tasks])


def top(verdict) -> str:
    return verdict.matches[0].key


# Passages as the reports print them (鄂尔多斯, 十堰, 元宝山 2023–2024).
REVIEW = ("(二)加强行政复议和应诉工作。完成市县行政复议体制改革。在全市基层司法所设立122个行政复议咨询点。"
          "全市共收到行政复议申请429件，受理95件，办结80件，纠错9件。落实行政机关负责人出庭应诉定期通报制度，"
          "出庭应诉率连续4年保持100%。")
DUTY = ("(二)推动责任落实。认真落实党政主要负责人履行推进法治建设第一责任人职责，将述法工作纳入领导干部年终考核，"
        "组织民主测评。开展2轮全市法治政府督察，听取各旗区法治政府建设工作汇报。")
COUNSEL = ("(一)加强科学民主决策。依法依规履行公众参与、专家论证、合法性审查、集体讨论决定等法定程序，充分发挥政府"
           "法律顾问参与重大决策、防范法律风险等方面作用。全市设立公职律师550名，实现聘请法律顾问100%全覆盖。")
DRILLS = ("三是提高突发事件依法处置能力。开展危险化学品事故综合应急演练、特种设备事故应急救援演练、消防安全应急疏散"
          "综合演练等各类应急救援演练，切实提高应对复杂任务的实战本领。")
NEXT_YEAR = ("接下来，我区将在积极整改现存问题，补短板、强弱项的基础上，不断健全法治政府建设工作体系，持续深化法治政府"
             "建设示范创建活动，加大督察考核工作力度，发挥法律顾问作用，规范行政执法行为，化解行政争议纠纷。")
SHORTCOMINGS = ("我区在开展法治政府建设工作上取得了一定成效，但仍存在短板需进一步加以规范、整改：一是贯彻习近平法治思想"
                "有待进一步深化。二是部分行政执法人员依法行政意识较弱，重大行政决策程序落实、行政执法水平等方面与人民"
                "群众的期待尚有距离。三是行政执法人员跨专业领域执法能力不足。")
PLAN_LIST = ("2024年，市人民政府将全面贯彻落实习近平法治思想，加快建设人民满意的法治政府。一是深化法治政府示范创建。"
             "对照全国法治政府示范市的评估流程和创建指标要求，提高示范创建工作质效。二是优化行政复议监督质效。"
             "完善调解、听证、调查、案审会等工作制度，健全行政复议立案前和解与案后调解机制。")


# ---------------------------------------------------------------- ranking and attaching
@pytest.mark.parametrize("text, task", [(REVIEW, "task:22"), (DUTY, "task:24"), (COUNSEL, "task:12"),
                                        (DRILLS, "task:21")])
def test_the_obviously_right_task_comes_first_and_is_attached(matcher, text, task):
    verdict = matcher.judge(norm(text))
    assert top(verdict) == task
    assert task in verdict.attached
    assert verdict.is_evidence
    assert [m.score for m in verdict.matches] == sorted((m.score for m in verdict.matches), reverse=True)


def test_a_passage_covering_two_tasks_gets_both(matcher):
    # 行政复议 (22) and 出庭应诉 (18): one sentence each
    verdict = matcher.judge(norm(REVIEW))
    assert {"task:22", "task:18"} <= verdict.attached
    assert len(verdict.attached) <= Matcher.MAX_ATTACHED


def test_a_work_sentence_that_points_clearly_at_a_task_stands_for_the_passage(matcher):
    from reports.matching.matcher import _Scored

    def scored(total, sentences, is_evidence=True):
        return _Scored(total=total, cosine=total, sentence_bigrams=[], sentence=sentences, spans=[],
                       is_evidence=is_evidence, cues=(), positions={})

    def attached(total, sentences):
        return matcher._attach(scored(total, sentences), sorted(total, key=lambda i: -total[i]))

    weak = {0: Matcher.MIN_TOP - 0.05, 1: Matcher.MIN_TOP - 0.1, 2: 0.05}
    # below the floor, and no sentence is clear about anything: nothing
    assert attached(weak, [{0: Matcher.SENTENCE - 0.05, 1: 0.1}]) == []
    # one sentence points clearly at the best task: it is attached, with what that sentence scores close to it
    clear = Matcher.SENTENCE + 0.05
    assert attached(weak, [{0: clear, 1: Matcher.CLOSE * clear + 0.01, 2: 0.01}]) == [0, 1]
    # a sentence pointing at another task does not lift a weak passage on its own
    assert attached(weak, [{1: clear, 0: 0.05}]) == []
    # not a report of work: nothing, however clear
    assert matcher._attach(scored(weak, [{0: 0.9}], is_evidence=False), [0, 1, 2]) == []


# Four tasks of a made-up plan for the two rules below: a long one listing many pieces of work (2), and
# one whose wording two passages of a report share (3).
SMALL_PLAN = [
    ("task:1", "深化行政复议体制改革。加强行政复议规范化建设，推进行政复议咨询点建设，健全行政复议案件审理机制。"),
    ("task:2", "推进政务公开。完善政府信息公开目录，规范依申请公开办理程序，加强政府网站和政务新媒体管理，建立健全政务舆情"
               "回应机制，推动基层政务公开标准化规范化，深化决策公开、执行公开、管理公开、服务公开、结果公开，做好重大突发"
               "事件信息发布。"),
    ("task:3", "加强法治宣传教育。落实谁执法谁普法普法责任制，开展八五普法中期评估，推进法治文化阵地建设。"),
    ("task:4", "规范行政执法行为。全面推行行政执法公示制度、执法全过程记录制度、重大执法决定法制审核制度。"),
]


@pytest.fixture(scope="module")
def small():
    return Matcher([Candidate(key, "task", norm(text)) for key, text in SMALL_PLAN])


def test_a_sentence_that_reports_one_clause_of_a_long_task_attaches_it(small):
    # Task 2 lists many pieces of work; the last sentence reports one of them in the task's own words.
    text = norm("全年办理行政复议案件56件，审结率98%，在各街道设立行政复议咨询点12个，新聘行政复议委员8名。"
                "区司法局会同各部门规范依申请公开办理程序。")
    # the sentence rule alone would catch it too: take it away to see the clause rule
    without_sentences = small.tuned(SENTENCE=9.0)
    verdict = without_sentences.judge(text)
    assert verdict.attached == {"task:1", "task:2"}
    assert {m.key: m.basis for m in verdict.matches if m.basis} == {"task:1": "score", "task:2": "clause"}
    assert without_sentences.tuned(COVER=9.0).judge(text).attached == {"task:1"}


def test_a_sentence_that_names_a_tasks_title_attaches_it(small):
    # Task 4 is named by its title in one work sentence of a passage about 行政复议; the score and clause
    # rules are taken away to see the title rule on its own.
    review = "全年办理行政复议案件56件，在各街道设立行政复议咨询点12个，新聘行政复议委员8名。"
    only_titles = small.tuned(SENTENCE=9.0, COVER=9.0)
    verdict = only_titles.judge(norm(review + "组织开展规范行政执法行为专项检查3次。"))
    assert {m.key: m.basis for m in verdict.matches if m.basis} == {"task:1": "score", "task:4": "title"}
    assert only_titles.tuned(TITLE=9.0).judge(norm(review + "组织开展规范行政执法行为专项检查3次。")).attached == {"task:1"}
    # the title in a plan sentence is no report of it
    assert only_titles.judge(norm(review + "下一步，我区将进一步规范行政执法行为。")).attached == {"task:1"}
    # a few of the title's words are not the title: 行政 and 执法 alone
    assert only_titles.judge(norm(review + "组织行政执法人员培训2次。")).attached == {"task:1"}


def test_a_weak_passage_gets_the_task_it_is_the_nearest_passage_of_in_its_report(small):
    outreach = (norm("开展送法进社区活动30场，发放宣传资料2000份。"), "")
    culture = (norm("举办法治文化阵地建设现场会，新建法治文化公园3个。"), "")
    # On its own the passage is too weak for task 3 (its only candidate): nothing is attached...
    assert small.judge(*outreach).attached == frozenset()
    # ...but in a report where no other passage comes nearer to task 3, it is where the task was reported.
    [verdict] = small.judge_report([outreach])
    assert verdict.attached == {"task:3"} and verdict.matches[0].basis == "report"
    # When another passage reports task 3 more closely, that one gets it, and the weak one nothing.
    assert [v.attached for v in small.judge_report([outreach, culture])] == [frozenset(), {"task:3"}]
    # A plan for next year is never evidence, however near.
    plan = (norm("下一步，我区将继续开展送法进社区活动，发放宣传资料。"), "")
    assert [v.attached for v in small.judge_report([plan])] == [frozenset()]
    # The rule can be switched off (the indicator matcher has it off).
    assert [v.attached for v in small.tuned(REPORT_RANK=0).judge_report([outreach])] == [frozenset()]


def test_the_heading_path_helps_but_the_text_decides(matcher):
    with_heading = matcher.judge(norm(DRILLS), "一、工作进展和成效 > (五)坚持科学引领健全突发事件应对体系")
    assert top(with_heading) == "task:21"
    assert with_heading.matches[0].score > matcher.judge(norm(DRILLS)).matches[0].score


# ---------------------------------------------------------------- traditional characters
def test_traditional_text_once_normalised_matches_like_simplified(matcher):
    import opencc

    traditional = opencc.OpenCC("s2t").convert(REVIEW)
    assert traditional != REVIEW
    # as 十堰's report was scraped: pinyin after some characters
    annotated = traditional.replace("復議", "復(fù)議(yì)").replace("應訴", "應(yīng)訴")
    simplified = matcher.judge(norm(REVIEW))
    converted = matcher.judge(norm(annotated))
    assert [m.key for m in converted.matches] == [m.key for m in simplified.matches]
    assert converted.attached == simplified.attached
    assert converted.matches[0].score == pytest.approx(simplified.matches[0].score, abs=0.02)


def test_the_scraped_traditional_report_is_matched(matcher):
    text = (DOCUMENTS / "report-shiyan-2023.txt").read_text(encoding="utf-8")
    line = next(x for x in text.splitlines() if x.startswith("(二)加強(qiáng)行政復(fù)議"))
    verdict = matcher.judge(norm(line))
    assert top(verdict) == "task:22"
    assert "task:22" in verdict.attached


# ---------------------------------------------------------------- plans, shortcomings, preambles
@pytest.mark.parametrize("text, heading", [
    (NEXT_YEAR, "三、下一步工作打算"),
    (NEXT_YEAR, ""),
    (SHORTCOMINGS, "二、存在问题和不足"),
    (SHORTCOMINGS, ""),
    (PLAN_LIST, ""),
    ("2024年，元宝山区法治政府建设各项工作有序开展、成效显著。现将有关工作情况报告如下：", ""),
])
def test_plans_shortcomings_and_preambles_get_no_evidence(matcher, text, heading):
    verdict = matcher.judge(norm(text), heading)
    assert not verdict.is_evidence
    assert verdict.attached == frozenset()
    assert verdict.cues
    assert verdict.matches  # still ranked, for review


def test_a_work_item_under_a_plan_like_title_is_still_evidence(matcher):
    text = "(二)制定年度工作计划。印发《2023年度法治政府建设工作要点》，组织开展主要负责人现场述法。"
    verdict = matcher.judge(norm(text), "一、加强党的领导 > (二)制定年度工作计划")
    assert verdict.is_evidence
    assert "task:24" in verdict.attached


def test_the_object_marker_is_not_the_future():
    cues = evidence_cues(norm("将述法工作纳入领导干部年终考核，全市述法干部超千人。"))
    assert cues.is_evidence
    assert evidence_cues(norm("我们将继续推进述法工作。")).is_evidence is False


@pytest.mark.parametrize("text", [
    "针对基层执法力量薄弱问题，选派执法骨干下沉镇街开展业务指导。",
    "着力解决群众办事难、办事慢、多头跑的问题，实现一窗受理。",
    "针对乡镇执法人员不足问题，为各镇街配备执法辅助人员86名。",
])
def test_a_lack_that_the_work_tackled_is_work(text):
    assert evidence_cues(norm(text)).is_evidence


@pytest.mark.parametrize("text", [
    "行政执法人员素质有待提高。",
    "针对性培训不足，基层执法人员能力不强。",
    "执法队伍力量仍然薄弱。",
])
def test_a_lack_admitted_is_not_evidence(text):
    assert evidence_cues(norm(text)).is_evidence is False


@pytest.mark.parametrize("heading", [
    "二、存在的短板和弱项", "三、下步工作打算", "四、2025年工作安排", "三、下一年度工作计划", "四、今后努力方向",
])
def test_sections_of_lacks_and_plans_hold_no_evidence(heading):
    text = "(一)加强执法监督。开展行政执法案卷评查，评查案卷120卷。"
    assert evidence_cues(norm(text), heading).is_evidence is False
    assert evidence_cues(norm(text), "一、主要举措和成效 > (三)补齐短板弱项").is_evidence


# ---------------------------------------------------------------- terms
@pytest.mark.parametrize("text", [REVIEW, DUTY, COUNSEL, DRILLS, NEXT_YEAR])
def test_matched_terms_are_phrases_of_the_passage(matcher, text):
    passage = norm(text)
    verdict = matcher.judge(passage)
    for match in verdict.matches:
        assert match.terms, match.key
        assert len(match.terms) <= Matcher.MAX_TERMS
        for term in match.terms:
            assert term in passage
            assert len(term) >= 2


def test_adjacent_matched_bigrams_are_one_phrase_most_specific_first(matcher):
    verdict = matcher.judge(norm(REVIEW))
    terms = next(m.terms for m in verdict.matches if m.key == "task:22")
    assert "行政复议体制改革" in terms
    assert "行政复" not in terms  # merged into the longer phrase
    assert terms.index("行政复议体制改革") < len(terms) - 1


# ---------------------------------------------------------------- robustness
@pytest.mark.parametrize("text", ["", None, "   ", "12345 abc 2023-01-17", "。。。；；", "?,F(xiàn)",
                                  "鍙戝竷鏃堕棿锛�2023骞�", "法" * 5000, "一"])
def test_empty_or_garbage_input_does_not_crash(matcher, text):
    verdict = matcher.judge(text, None)
    assert verdict.attached <= {m.key for m in verdict.matches}
    assert isinstance(verdict.cues, tuple)


def test_no_candidates():
    verdict = Matcher([]).judge(norm(REVIEW), "一、标题")
    assert verdict.matches == [] and verdict.attached == frozenset()


def test_indicators_work_with_the_few_loaded():
    system = load_indicator_file(ROOT / "fixtures" / "indicators-2021.json")
    parents = {ind.parent for ind in system.indicators if ind.parent is not None}
    leaves = [ind for i, ind in enumerate(system.indicators) if i not in parents]
    indicators = Matcher([Candidate(f"indicator:{ind.code}", "indicator", norm(f"{ind.name}。{ind.text}"))
                          for ind in leaves])
    text = ("二是优化审批服务。全面推行审批服务“马上办、网上办、就近办、一次办”，1489个事项实现“应进必进”，"
            "124个高频事项实现“一次办好”，办理时限压缩60%。")
    verdict = indicators.judge(norm(text), top=5)
    assert len(verdict.matches) <= len(leaves)
    assert top(verdict) == "indicator:2021-L3-001"


def test_tuned_copies_share_the_index_and_check_their_parameters(matcher):
    strict = matcher.tuned(MIN_TOP=0.99, SENTENCE=0.99, COVER=9.0)
    assert strict.index is matcher.index
    assert strict.judge(norm(REVIEW)).attached == frozenset()
    assert matcher.judge(norm(REVIEW)).attached
    with pytest.raises(TypeError):
        matcher.tuned(NOT_A_PARAMETER=1)


# ---------------------------------------------------------------- quality on the gold labels
GOLD = ROOT / "tests" / "data" / "reports" / "report-passages-gold.jsonl"  # a copy of the shared gold labels


def _bench():
    spec = importlib.util.spec_from_file_location("evidence_quality", ROOT / "bench" / "evidence_quality.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_quality_on_the_gold_labels_stays_where_it_is():
    bench = _bench()
    plan = parse_plan_text((DOCUMENTS / "donghe-2021-plan.txt").read_text(encoding="utf-8"))
    gold = bench.load_gold(GOLD)
    segmented = bench.segment(bench.load_reports())
    rankings = bench.matcher_rankings(Matcher(bench.task_candidates(plan)), segmented)
    figures = bench.summarise([bench.score(rankings[name], gold[name]) for name in segmented])
    assert figures["counts"]["unmapped"] == 0
    # the targets that are met
    assert figures["hit@1"] >= 0.92
    assert figures["attach_precision"] >= 0.85
    assert figures["negatives_attached"] <= 0.10
    # attach recall: the target is 0.75, reached 0.735 (bench/README.md "Evidence quality"); guard against losing it
    assert figures["attach_recall"] >= 0.72
    assert figures["recall@3"] >= 0.88


# ---------------------------------------------------------------- a partly loaded indicator system
ONE_STOP = ("——优化服务用真功。大力推行政务服务事项“马上办、网上办、就近办、一次办、掌上办”改革，"
            "1489个事项全部实现“应进必进”，414个事项实现“四市互办”。")


def test_a_few_indicators_weigh_words_against_the_tasks_too(plan):
    system = load_indicator_file(ROOT / "fixtures" / "indicators-2021.json")
    parents = {ind.parent for ind in system.indicators if ind.parent is not None}
    leaves = [Candidate(f"indicator:{ind.code}", "indicator", norm(ind.text or ind.name))
              for i, ind in enumerate(system.indicators) if i not in parents and (ind.text or ind.name)]
    tasks = tuple(norm(f"{t.title}。{t.text}") for t in plan.tasks)
    alone, with_tasks = Matcher(leaves), Matcher(leaves, background=tasks)

    from reports.parsing.segment import split_report

    report = split_report((DOCUMENTS / "report-shiyan-2023.txt").read_text(encoding="utf-8"))
    supervision = next(p for p in report.passages if "21期" in p.norm and "审计" in p.norm)  # 十堰: 行政权力监督
    # Three indicators alone make 行政, 政府, 项目 look rare: the supervision item would go to 中介服务.
    assert alone.judge(supervision.norm, supervision.heading).attached
    assert not with_tasks.judge(supervision.norm, supervision.heading).attached
    # …while the item that does answer an indicator keeps it.
    verdict = with_tasks.judge(norm(ONE_STOP))
    assert verdict.attached == {verdict.matches[0].key} and "马上办" in "".join(verdict.matches[0].terms)


def test_items_of_a_list_opened_by_a_sentence_of_intent_are_plans_not_work():
    from reports.parsing.segment import split_report

    text = ("一、主要成效\n(一)推进依法决策。全年审查重大行政决策12件。\n二、下步安排\n"
            "2024年，市政府将全面贯彻落实习近平法治思想，持续推进法治政府建设。一是深化示范创建。对照评估指标，"
            "组织开展专项督察，完成问题整改。二是规范行政执法。开展行政执法案卷评查，办理复议案件。\n")
    passages = split_report(text).passages
    items = [p for p in passages if p.norm.startswith(("一是", "二是"))]
    assert len(items) == 2
    for p in items:
        assert "市政府将全面贯彻" in p.heading  # the sentence that opens the list is the items' context
        assert not evidence_cues(p.norm, p.heading).is_evidence  # its "将" makes them plans
    done = next(p for p in passages if "审查重大行政决策12件" in p.norm)
    assert evidence_cues(done.norm, done.heading).is_evidence


# ---------------------------------------------------------------- matchers kept by a worker
def test_a_worker_reuses_the_matchers_of_recent_scopes_within_its_budget(monkeypatch):
    from collections import OrderedDict

    from reports import analysis

    monkeypatch.setattr(analysis, "_MATCHERS", OrderedDict())
    monkeypatch.setattr(analysis, "MATCHER_CACHE_CANDIDATES", 4)
    first = tuple(Candidate(f"task:{i}", "task", norm(text)) for i, text in enumerate(("推进政务公开", "规范行政执法")))
    second = tuple(Candidate(f"task:{i}", "task", norm(text)) for i, text in enumerate(("加强法治宣传", "深化行政复议")))
    third = tuple(Candidate(f"task:{i}", "task", norm(text)) for i, text in enumerate(("完善信访制度", "健全调解机制")))

    kept = analysis._matcher(first)
    assert analysis._matcher(first) is kept  # the same scope again: no new index
    analysis._matcher(second)
    assert analysis._matcher(first) is kept  # two scopes of two fit in four
    analysis._matcher(third)  # over the budget: the least recently used one (second) goes
    assert analysis._matcher(first) is kept
    assert list(analysis._MATCHERS) == [(third, (), ()), (first, (), ())]


# ---------------------------------------------------------------- phrasings the four seed reports do not have
# Invented sentences in the manner of other reports (provinces, levels, years, departments): LABELING.md's line
# between work done and goals, plans, lacks, praise and openings, written the ways the seed reports do not.
WORK_PHRASED_OTHERWISE = [
    # results without a count or a listed verb: adopted, praised, passed, first, spread
    ("推动“综合查一次”改革在全市落地见效，企业迎检负担明显减轻。", ""),
    ("我局提出的《关于规范涉企行政检查的建议》被省司法厅采纳。", ""),
    ("行政复议规范化建设经验做法获省委主要领导批示肯定。", ""),
    ("顺利通过全国法治政府建设示范市实地评估。", ""),
    ("在全省率先推行涉企轻微违法行为“首违不罚”。", ""),
    ("“一件事一次办”改革经验被国务院办公厅简报转发。", ""),
    ("《XX市优化营商环境条例》经市人大常委会审议通过。", ""),
    ("2023年，我市被命名为第三批全国法治政府建设示范市。", ""),
    ("一年来，全市共办理行政复议案件318件。", ""),
    ("争取到全省行政复议规范化建设试点。", ""),
    ("(三)深化行政复议体制改革。市政府统一行使行政复议职责，行政复议案件集中受理、集中审理。全市行政复议案件受理量首次超过行政诉讼一审案件量，行政复议化解行政争议主渠道作用初步显现。", "一、主要工作"),
    ("(四)依法化解矛盾纠纷。坚持和发展新时代“枫桥经验”，完善人民调解、行政调解、司法调解联动工作体系，矛盾纠纷就地化解率达98.6%。", ""),
    # passive, 已, 均, 全部
    ("全市行政执法人员全部持证上岗。", ""),
    ("各乡镇（街道）合法性审查机制已全部建立。", ""),
    ("局机关起草的规范性文件全部经过法制科合法性审核。", ""),
    ("(五)落实述法制度。各级政府主要负责人均已在年终述职中专题述法，述法情况纳入年度考核。", ""),
    ("一是加强学习培训。市政府常务会议会前学法已实现常态化，领导干部法治素养进一步提高。", ""),
    # a problem named as what the work fixed or acted on
    ("补齐基层法治建设短板，实现村（社区）法律顾问全覆盖。", ""),
    ("对存在问题的12家单位下发整改通知书。", ""),
    ("排查发现存在问题23个，已全部整改到位。", ""),
    ("对尚未完成整改的5家单位进行约谈。", ""),
    ("着力破解行政执法中“不敢管、不会管”难题。", ""),
    ("督促尚未完成清理的部门限期完成，目前已全部清理完毕。", ""),
    ("督察发现部分单位存在规范性文件备案不及时问题，已督促整改。", ""),
    ("梳理发现制约营商环境的突出问题41个，全部完成整改。", ""),
    ("对尚未建立合法性审查机制的镇街进行通报。", ""),
    # a result, then a turn to a plan or a lack
    ("行政执法“三项制度”已在全市全面推行，下一步将向镇街延伸。", ""),
    ("全年审查规范性文件46件，今后将进一步扩大审查范围。", ""),
    ("2023年全市规范性文件清理工作已完成，2024年将开展后评估。", ""),
    ("全年评查行政执法案卷120卷，但部分案卷仍存在程序瑕疵。", ""),
    # words that also begin plans (要, 计划, 拟, 争取, 确保) used otherwise
    ("印发《2023年法治政府建设工作要点》，明确年度重点任务。", ""),
    ("会议提出要加强行政执法监督，市政府随即部署开展专项检查。", ""),
    ("强化要素保障，为重大项目依法审批开辟绿色通道。", ""),
    ("对拟提拔的23名领导干部开展任前法律知识考试。", ""),
    ("将行政执法案卷评查情况通报全市。", ""),
    ("积极争取上级资金1200万元，建成市级公共法律服务中心。", ""),
    ("拟定《XX市行政规范性文件制定程序规定》并经市政府常务会议审议通过。", ""),
    ("建立问题清单、任务清单、责任清单，确保整改任务按期完成。", ""),
    ("形成会议纪要12份，推动议定事项落实。", ""),
    ("确保了全年无重大行政执法过错责任事件发生。", ""),
    # a list of work under its lead
    ("2023年，我局主要做了以下工作：一是健全依法决策机制，出台《重大行政决策程序规定》；二是规范行政执法，全面推行行政执法“三项制度”。", ""),
    # work under headings that share words with sections of lacks and plans
    ("对督察反馈的6个问题逐项制定整改措施，已全部完成整改。", "一、主要工作 > (三)强化问题整改"),
    ("对上年度督察反馈的问题逐项整改，已全部整改到位。", "二、上年度存在问题整改情况"),
    ("将重大行政决策事项纳入年度工作计划管理，实行目录化管理。", "一、主要工作 > (二)完善工作计划管理"),
    ("开展行政执法案卷评查，评查案卷120卷。", "一、2023年重点工作完成情况"),
    ("围绕群众反映强烈的突出问题开展专项整治，查处案件35起。", "一、主要工作 > (五)聚焦难点问题攻坚"),
    ("开展行政执法案卷评查，评查案卷120卷。", "二、法治政府建设存在问题整改落实情况"),
    ("开展行政执法案卷评查，评查案卷120卷。", "一、2024年推进法治政府建设的主要举措和成效"),
]
NOT_WORK_PHRASED_OTHERWISE = [
    # plans and goals without 将
    ("2024年，要持续深化行政执法体制改革，确保综合执法改革任务全面落地。", ""),
    ("力争2025年底前全部完成示范创建任务。", ""),
    ("计划年内完成全市行政规范性文件集中清理。", ""),
    ("拟出台《XX市行政执法监督办法》，进一步规范执法行为。", ""),
    ("争取年底前建成市级行政复议服务中心。", ""),
    ("2025年，我们要坚持以习近平法治思想为指导，全面推进法治政府建设。", ""),
    ("新的一年，区政府着力在以下方面下功夫：一是深化“放管服”改革。二是严格规范公正文明执法。", ""),
    ("确保2024年底前实现行政执法人员培训全覆盖。", ""),
    ("各级各部门要进一步提高政治站位，切实扛起法治政府建设主体责任。", ""),
    ("下一年度，全面推进行政执法协调监督工作体系建设。", ""),
    ("2024年将开展规章和规范性文件后评估。", ""),
    ("2024年工作打算：一是持续深化示范创建。二是开展行政执法案卷评查。", ""),
    ("2024年，力争全部完成示范创建指标任务。", ""),
    ("2025年将全面完成行政规范性文件清理。", ""),
    ("一是要持续深化“放管服”改革，进一步优化营商环境。", ""),
    ("全市上下要切实增强建设法治政府的责任感和紧迫感。", ""),
    ("(一)持续深化示范创建。对照全国法治政府建设示范市评估指标，逐项查漏补缺，确保顺利通过评估验收。", "三、下步工作计划"),
    ("2025年是“十四五”规划收官之年。我们要坚持以习近平法治思想为指导，全面落实法治政府建设实施纲要，加快建设职能科学、权责法定、执法严明、公开公正、智能高效、廉洁诚信、人民满意的法治政府。", ""),
    ("在已取得成效的基础上，下一步将深化行政执法协调监督。", ""),
    # lacks phrased otherwise
    ("对标示范创建标准，我市在行政决策规范化方面还有差距。", ""),
    ("少数行政执法人员运用法治方式解决问题的能力有待提升。", ""),
    ("基层执法有时存在简单粗放、“一刀切”现象。", ""),
    ("与人民群众对法治政府建设的新期待新要求相比，还有一定差距。", ""),
    ("离全国示范创建标准还有距离。", ""),
    ("行政复议案件纠错率偏高，行政机关败诉案件时有发生。", ""),
    ("执法监督手段比较单一，监督合力尚未形成。", ""),
    ("少数执法人员执法理念、执法方式还比较落后。", ""),
    ("行政复议化解行政争议主渠道作用发挥不明显。", ""),
    ("与上级要求相比，我区法治政府建设工作仍有不小差距。", ""),
    ("工作中还存在以下问题：一是个别单位对合法性审查工作重视不够。二是执法案卷制作不规范，个别案卷存在程序瑕疵。三是行政复议人员配备与工作任务不相适应。", ""),
    ("虽然建立了行政执法协调监督机制，但运行还不够顺畅。", ""),
    ("部分镇街尚未配备专职法制审核人员。", ""),
    ("全市仍有3个部门未全部公开权责清单。", ""),
    ("虽然完成了行政复议体制改革，但基层行政复议力量依然薄弱。", ""),
    ("行政执法人员中具有法律专业背景的比例偏低。", ""),
    ("对照法治政府建设要求，我市依法行政工作仍面临一些困难和挑战。一是基层法治机构和队伍建设相对薄弱。二是法治宣传教育覆盖面还不够广。", ""),
    # praise of the year instead of work
    ("一年来，全市法治政府建设迈出坚实步伐。", ""),
    ("全区依法行政水平不断提升，法治化营商环境持续优化，法治政府建设取得长足进步。", ""),
    ("为全市经济社会高质量发展提供了坚实法治保障。", ""),
    ("2023年，我市法治政府建设再上新台阶。", ""),
    ("一年来，全区法治政府建设呈现出稳中有进、进中提质的良好态势。", ""),
    ("在全体干部职工的共同努力下，我局法治政府建设工作取得了新进展，为全县经济社会高质量发展营造了良好的法治环境。", ""),
    # openings
    ("2023年，在市委的坚强领导下，市政府坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党的二十大精神，深入学习贯彻习近平法治思想，扎实推进法治政府建设。", ""),
    ("回顾一年来的工作，我们深刻体会到，必须始终坚持党对法治政府建设的领导。", ""),
    ("2023年，XX市人民政府在市委的坚强领导下，深入学习贯彻习近平法治思想和党的二十大精神，认真落实中央和省委、省政府关于法治政府建设的决策部署，法治政府建设取得了新的进展。现将有关情况报告如下：", ""),
]
ITEM = "(一)加强执法监督。开展行政执法案卷评查，评查案卷120卷。"


@pytest.mark.parametrize("text, heading", WORK_PHRASED_OTHERWISE)
def test_work_is_evidence_however_it_is_phrased(text, heading):
    assert evidence_cues(norm(text), heading).is_evidence


@pytest.mark.parametrize("text, heading", NOT_WORK_PHRASED_OTHERWISE)
def test_goals_lacks_praise_and_openings_are_not_evidence_however_phrased(text, heading):
    cues = evidence_cues(norm(text), heading)
    assert not cues.is_evidence
    assert cues.cues


@pytest.mark.parametrize("heading", [
    "三、存在的困难和问题", "二、不足和短板", "二、工作中存在的问题", "二、存在的薄弱环节", "二、主要问题",
    "三、存在的问题及整改措施", "三、2025年工作思路", "三、二〇二五年工作安排", "三、下一步工作安排",
    "四、下步工作计划及措施", "四、今后工作重点", "三、下一年度重点工作", "三、工作计划", "三、工作打算",
])
def test_sections_of_lacks_and_plans_named_otherwise_hold_no_evidence(heading):
    assert evidence_cues(norm(ITEM), heading).is_evidence is False


def test_the_paragraph_that_opens_the_report_is_not_work_unless_it_counts_or_names_an_award():
    opening = ("2023年，区司法局坚持以习近平法治思想为指导，在整改巡察反馈问题中锤炼队伍，推动司法行政工作提质增效。"
               "现将有关情况报告如下：")
    assert not evidence_cues(norm(opening)).is_evidence
    award = "2023年，我市坚持依法行政，创成全省法治政府建设示范市。现将有关情况报告如下："
    assert evidence_cues(norm(award)).is_evidence


def test_a_result_reported_before_the_turn_to_a_plan_keeps_its_sentence_work():
    cues = evidence_cues(norm("行政执法“三项制度”已在全市全面推行，下一步将向镇街延伸。审查规范性文件46件。"))
    assert cues.is_evidence
    assert [s.kind for s in cues.sentences] == ["work", "work"]
    assert [s.kind for s in evidence_cues(norm("在已取得成效的基础上，下一步将深化执法监督。")).sentences] == ["plan"]


@pytest.mark.parametrize("text, evidence", [
    ("开展违规收费专项整治，查处存在乱收费现象的企业12家。", True),
    ("全区行政复议案件纠错率偏高的问题得到扭转，纠错率下降至5.2%。", True),
    ("部分乡镇司法所工作人员不足3人。", False),
])
def test_a_lack_counted_or_reported_dealt_with_in_its_clause(text, evidence):
    assert evidence_cues(norm(text)).is_evidence is evidence


@pytest.mark.parametrize("text", [
    "将于2024年底前完成行政执法综合管理监督平台建设。",
    "力求实现行政执法监督全覆盖。",
    "各镇街、各部门要切实履行法治建设职责。",
    "2024年，全区将继续把法治政府建设纳入经济社会发展总体规划。",
    "我局将进一步把法治建设纳入单位发展总体规划。",
])
def test_plans_with_a_date_an_aim_or_a_continued_disposal_are_not_evidence(text):
    assert evidence_cues(norm(text)).is_evidence is False


def test_a_disposal_reported_without_intent_is_still_evidence():
    assert evidence_cues(norm("我县将“谁执法谁普法”普法责任制落实情况纳入年度法治建设考核。")).is_evidence


@pytest.mark.parametrize("text", [
    "部分执法人员法治意识淡薄，执法不规范现象偶有发生。",
    "行政复议应诉专业人才匮乏，基层法律服务供给与群众需求之间的矛盾比较突出。",
    "部分执法人员重实体、轻程序，执法文书制作不规范。",
    "四是执法规范化水平需要进一步提升，部分执法人员执法能力与新形势新任务要求不相适应。",
    "法治宣传形式单一，群众参与度低。",
    "部分镇街工作推进缓慢，任务落实没有完全到位。",
    "四是行政复议工作力量薄弱。全区仅有专职复议人员3名，难以适应案件增长需要。",
    "行政執法人員專業素質參差不齊，部分執法人員存在重處罰、輕教育的傾向。",
])
def test_lacks_in_other_words_are_not_evidence(text):
    cues = evidence_cues(norm(text))
    assert cues.is_evidence is False
    assert {s.kind for s in cues.sentences} == {"shortcoming"}


@pytest.mark.parametrize("text", [
    "对执法不规范问题，开展专项整治，下发整改通知书。",
    "近年来，我区行政复议案件逐年增加，复议力量不足的矛盾日益突出。为此，区司法局充实复议工作人员，建立繁简分流机制。",
    "基层执法人员法律素养普遍不高。针对这一问题，我局组织开展执法人员轮训，实现培训全覆盖。",
])
def test_a_lack_followed_by_what_was_done_about_it_is_evidence(text):
    cues = evidence_cues(norm(text))
    assert cues.is_evidence
    assert cues.sentences[-1].kind == "work"


@pytest.mark.parametrize("heading", [
    "四、2024年主要工作安排", "三、2024年法治政府建设工作计划", "四、2024年推进法治政府建设的主要安排",
    "四、二〇二四年法治政府建设工作思路和举措", "四、2024年主要任务", "三、短板和不足", "三、存在的问题、困难",
])
def test_sections_of_next_year_or_of_lacks_titled_at_length_hold_no_evidence(heading):
    assert evidence_cues(norm(ITEM), heading).is_evidence is False


@pytest.mark.parametrize("heading", [
    "一、2023年法治政府建设主要工作", "二、党政主要负责人履行推进法治建设第一责任人职责情况",
    "一、2024年法治政府建设工作计划落实情况", "(二)制定2024年度工作计划",
])
def test_sections_of_the_years_work_keep_their_evidence(heading):
    assert evidence_cues(norm(ITEM), heading).is_evidence


@pytest.mark.parametrize("text", [
    "(三)2024年工作思路。一是深化行政执法体制改革，推动执法重心下移。二是完善依法决策机制，提高决策质量。",
    "三、工作打算。一是持续深化依法行政。二是完善行政决策机制。",
    "(四)主要问题。法治政府建设推进不平衡，镇街一级工作基础相对薄弱。",
])
def test_a_run_in_title_of_plans_or_lacks_governs_its_items(text):
    cues = evidence_cues(norm(text))
    assert cues.is_evidence is False
    assert "work" not in {s.kind for s in cues.sentences} and "neutral" not in {s.kind for s in cues.sentences}


def test_a_run_in_title_that_names_work_keeps_its_items():
    cues = evidence_cues(norm("(二)广泛征求意见建议。起草过程中，通过政府网站向社会公开征求意见，组织召开座谈会。"))
    assert cues.is_evidence


def test_what_the_work_is_is_not_work_done():
    assert evidence_cues(norm("法治政府建设是全面依法治国的重点任务和主体工程。")).is_evidence is False
