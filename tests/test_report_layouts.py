"""split_report and extract_facts on report layouts the seed reports do not have: numbered titles that start
with a year, closing matter (signature with seal, Chinese date, 抄送, 印发, attachments), running headers and
lines broken at the page width, web pages that lost their line breaks, and the figure phrasings of other
cities' reports."""
from decimal import Decimal

from reports.parsing.facts import extract_facts
from reports.parsing.normalize import normalize_for_matching
from reports.parsing.segment import split_report


def rows(text: str) -> list[tuple[str, str]]:
    """(heading, first twelve characters) of every passage; checks that passages are slices of the text."""
    report = split_report(text)
    previous_end = 0
    for p in report.passages:
        assert text[p.start:p.end] == p.text == p.text.strip()
        assert p.start >= previous_end
        previous_end = p.end
    return [(p.heading, p.norm[:12]) for p in report.passages]


def facts(text: str) -> list[tuple[str, Decimal, str]]:
    found = extract_facts(text)
    for f in found:
        assert text[f.start:f.end] == f.quote
    return [(f.metric, f.value, f.unit) for f in found]


# ---------------------------------------------------------------- headings and closing matter

YEAR_TITLES_AND_CLOSING = """XX县人民政府
关于2023年度法治政府建设情况的报告
X政报〔2024〕5号
县人大常委会：
2023年，在县委的坚强领导下，县政府全面推进依法行政。现将有关情况报告如下：
一、2023年推进法治政府建设的主要举措和成效
（一）加强党对法治政府建设的领导
1、强化理论学习。县政府常务会议专题学习习近平法治思想6次。
2、压实主体责任。制定年度法治政府建设工作要点，明确重点任务35项。
二、存在的不足和原因
一是法治思维有待提升。二是执法规范化水平还需提高。
三、2024年工作安排
2024年，县政府将重点做好以下工作：一是加强党的领导；二是深化行政执法改革。
附件：1.2023年度行政复议案件统计表
　　　2.2023年度行政执法情况统计表
XX县人民政府（盖章）
二〇二四年三月二十八日
抄送：市司法局。
XX县人民政府办公室　　　　　　2024年3月28日印发
联系人：张三　联系电话：0123-4567890
公开方式：主动公开
"""


def test_numbered_titles_starting_with_a_year_and_closing_matter():
    report = split_report(YEAR_TITLES_AND_CLOSING)
    assert report.title == "XX县人民政府关于2023年度法治政府建设情况的报告"  # the document number is left out
    assert rows(YEAR_TITLES_AND_CLOSING) == [
        ("", "2023年，在县委的坚强"),
        ("一、2023年推进法治政府建设的主要举措和成效 > (一)加强党对法治政府建设的领导 > 1、强化理论学习", "1、强化理论学习。县政府"),
        ("一、2023年推进法治政府建设的主要举措和成效 > (一)加强党对法治政府建设的领导 > 2、压实主体责任", "2、压实主体责任。制定年"),
        ("二、存在的不足和原因 > 一是法治思维有待提升", "一是法治思维有待提升。"),
        ("二、存在的不足和原因 > 二是执法规范化水平还需提高", "二是执法规范化水平还需提"),
        ("三、2024年工作安排", "2024年，县政府将重点"),
    ]  # attachments, seal, date, 抄送, 印发, contact and 公开方式 are not passages


# ---------------------------------------------------------------- page furniture and broken lines

PRINTED_COPY = """XX市司法局2023年法治政府建设年度报告
— 1 —
一、主要工作成效
（一）深入学习贯彻习近平法治思想。全年开展党组理论学习中心组学习12次。
（二）严格规范公正文明执法。组织开展行政执法案卷评查，共评查案卷3000余卷，发现问题
第2页 共5页
XX市司法局2023年法治政府建设年度报告
并督促整改，全市行政执法案卷合格率达到98%。
二、存在的问题
执法队伍专业化水平有待提高。
XX市司法局2023年法治政府建设年度报告
第3页 共5页
"""


def test_running_headers_and_a_sentence_broken_across_a_page():
    report = split_report(PRINTED_COPY)
    assert rows(PRINTED_COPY) == [
        ("一、主要工作成效 > (一)深入学习贯彻习近平法治思想", "(一)深入学习贯彻习近平"),
        ("一、主要工作成效 > (二)严格规范公正文明执法", "(二)严格规范公正文明执"),
        ("二、存在的问题", "执法队伍专业化水平有待提"),
    ]
    broken = report.passages[1]
    assert broken.text.endswith("并督促整改，全市行政执法案卷合格率达到98%。")
    # the matching text reads on over the page break, without the page number and the running header
    assert "发现问题并督促整改" in broken.norm and "第2页" not in broken.norm
    assert ("行政执法案卷合格率", Decimal(98), "%") in facts(broken.text)


FIXED_WIDTH = """　　XX市2023年法治政府建设情况报告
　　2023年，我市坚持以习近平新时代中国特色社会主义思想为指导，全面贯彻党
的二十大精神，法治政府建设各项工作取得新成效。现将有关情况报告如下：
一、主要工作成效
　　（一）坚持党的领导，法治政府建设责任有效落实。市委常委会会议、市政府
常务会议先后12次研究法治政府建设工作，制定年度工作要点，细化重点任务6
8项，逐项明确责任单位和完成时限。
　　（二）深化“放管服”改革，政府职能加快转变。全面推行行政许可事项清单管
理，公布市级行政许可事项426项，政务服务事项网上可办率达到99.2%，企业开办
实现1个工作日办结。
二、存在的问题
　　一是部分领导干部运用法治思维和法治方式推动工作的能力还需提升；二是行
政执法规范化水平有待进一步提高；三是基层法治建设力量较为薄弱。
"""


def test_lines_broken_at_the_page_width_are_joined_into_paragraphs():
    report = split_report(FIXED_WIDTH)
    assert report.title == "XX市2023年法治政府建设情况报告"
    assert rows(FIXED_WIDTH) == [
        ("", "2023年，我市坚持以习"),
        ("一、主要工作成效 > (一)坚持党的领导，法治政府建设责任有效落实", "(一)坚持党的领导，法治"),
        ("一、主要工作成效 > (二)深化“放管服”改革，政府职能加快转变", "(二)深化“放管服”改革"),
        ("二、存在的问题 > 一是部分领导干部运用法治思维和法治方式推动工作的能力还需提升", "一是部分领导干部运用法治"),
        ("二、存在的问题 > 二是行政执法规范化水平有待进一步提高", "二是行政执法规范化水平有"),
        ("二、存在的问题 > 三是基层法治建设力量较为薄弱", "三是基层法治建设力量较为"),
    ]
    first = report.passages[1]
    assert "\n" in first.text and "\n" not in first.norm  # a slice of the file; matching text without the breaks
    assert "细化重点任务68项" in first.norm
    assert ("细化重点任务", Decimal(68), "项") in facts(first.text)


def test_a_heading_with_a_comma_before_its_paragraph_is_not_joined_to_it():
    text = "一、主要举措\n（一）坚持高位推动，压实法治建设责任\n县委县政府高度重视法治政府建设工作，全年召开专题会议4次。\n"
    assert rows(text) == [("一、主要举措 > (一)坚持高位推动，压实法治建设责任", "县委县政府高度重视法治政")]


# ---------------------------------------------------------------- web pages without line breaks

ONE_PARAGRAPH = (
    "XX区2023年法治政府建设年度报告\n"
    "2023年，XX区深入贯彻落实习近平法治思想，法治政府建设取得积极成效。现将有关情况报告如下：一、主要举措和成效"
    "（一）加强党的领导。区委常委会专题听取法治政府建设工作汇报2次，区政府常务会议学法8次，将法治建设纳入全区高质量发展"
    "综合绩效考核。（二）深化“放管服”改革。全面推行证明事项告知承诺制，取消证明事项36项，政务服务事项全程网办率达到92%。"
    "（三）规范行政执法。开展行政执法案卷评查，评查案卷215卷，组织执法人员培训12场次，培训人员1500余人次。"
    "二、存在的问题一是法治宣传的针对性有待提升；二是基层执法力量相对薄弱。"
    "三、2024年工作打算（一）持续深化法治政府建设示范创建。（二）全面提升行政执法质量和效能。\n"
)


def test_a_web_page_that_lost_its_line_breaks_keeps_its_structure():
    assert rows(ONE_PARAGRAPH) == [
        ("", "2023年，XX区深入贯"),
        ("一、主要举措和成效 > (一)加强党的领导", "(一)加强党的领导。区委"),
        ("一、主要举措和成效 > (二)深化“放管服”改革", "(二)深化“放管服”改革"),
        ("一、主要举措和成效 > (三)规范行政执法", "(三)规范行政执法。开展"),
        ("二、存在的问题 > 一是法治宣传的针对性有待提升", "一是法治宣传的针对性有待"),
        ("二、存在的问题 > 二是基层执法力量相对薄弱", "二是基层执法力量相对薄弱"),
        ("三、2024年工作打算 > (一)持续深化法治政府建设示范创建", "(一)持续深化法治政府建"),
        ("三、2024年工作打算 > (二)全面提升行政执法质量和效能", "(二)全面提升行政执法质"),
    ]


def test_numbered_items_on_one_line_and_a_short_list_inside_a_sentence():
    text = "三、下一步工作打算\n（一）深化学习宣传。（二）加强执法监督。（三）推进基层法治建设。\n"
    assert [h for h, _ in rows(text)] == [
        "三、下一步工作打算 > (一)深化学习宣传", "三、下一步工作打算 > (二)加强执法监督",
        "三、下一步工作打算 > (三)推进基层法治建设"]
    inside = "二、存在问题\n主要表现在：（一）学法不深；（二）用法不活。这些问题需要认真解决。\n"
    assert rows(inside) == [("二、存在问题", "主要表现在：(一)学法不")]  # a list inside a sentence stays


# ---------------------------------------------------------------- figures


def test_the_passages_own_numbering_is_not_part_of_the_metric():
    assert facts("1.审核规范性文件55件。") == [("审核规范性文件", Decimal(55), "件")]
    assert facts("（2）办理行政复议案件120件。") == [("办理行政复议案件", Decimal(120), "件")]
    assert facts("一是审核规范性文件55件。") == [("审核规范性文件", Decimal(55), "件")]
    assert facts("——全年办理法律援助案件1200件。") == [("办理法律援助案件", Decimal(1200), "件")]


def test_changes_on_last_year_name_the_figure_they_change():
    assert facts("全年办理行政复议案件356件，同比增长12.5%。") == [
        ("办理行政复议案件", Decimal(356), "件"),
        ("办理行政复议案件同比增长", Decimal("12.5"), "%"),
    ]
    assert facts("行政机关负责人出庭应诉率为100%，较上年提高5个百分点。") == [
        ("行政机关负责人出庭应诉率", Decimal(100), "%"),
        ("行政机关负责人出庭应诉率较上年提高", Decimal(5), "个百分点"),
    ]


def test_respective_lists_give_each_figure_its_own_name():
    assert facts("备案率、纠错率分别为100%、8.3%。") == [("备案率", Decimal(100), "%"), ("纠错率", Decimal("8.3"), "%")]
    assert facts("全市法律顾问、公职律师分别达到320名、156名。") == [
        ("法律顾问", Decimal(320), "名"), ("公职律师", Decimal(156), "名")]


def test_scope_words_inside_the_phrase_and_other_link_verbs():
    assert facts("全区行政执法机关共办理行政处罚案件1.2万件。") == [("办理行政处罚案件", Decimal(12000), "件")]
    assert facts("全市共有行政执法人员12,345名。") == [("行政执法人员", Decimal(12345), "名")]
    assert facts("企业开办时间压缩至1个工作日。") == [("企业开办时间", Decimal(1), "个工作日")]
    assert facts("在全市推行“综合查一次”，减少检查频次30%以上。") == [("减少检查频次", Decimal(30), "%")]
    got = extract_facts("“最多跑一次”事项占比95%。")
    assert got[0].quote == "“最多跑一次”事项占比95%"  # the quote keeps its opening mark


def test_what_is_counted_carries_over_a_semicolon():
    assert facts("全年新收行政复议案件1023件；审结968件，直接纠错率为12.1%。") == [
        ("新收行政复议案件", Decimal(1023), "件"),
        ("审结行政复议", Decimal(968), "件"),
        ("直接纠错率", Decimal("12.1"), "%"),
    ]


def test_matching_text_of_a_wrapped_passage_is_the_normalised_text_without_breaks():
    report = split_report(FIXED_WIDTH)
    for p in report.passages:
        assert p.norm == normalize_for_matching(p.text).replace("\n", "")
