"""split_report and extract_facts on report layouts the seed reports do not have: numbered titles that start
with a year, closing matter (signature with seal, Chinese date, 抄送, 印发, attachments), running headers and
lines broken at the page width, web pages that lost their line breaks, and the figure phrasings of other
cities' reports. Then departments' reports and other numbering styles, 【】 titles, web-page headers and
footers, attached tables, the 2019 outline, reports read to a congress, items over several paragraphs, and
Word files with tracked changes and content controls."""
import io
from decimal import Decimal

import docx
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls

from reports.parsing.facts import extract_facts
from reports.parsing.normalize import normalize_for_matching
from reports.parsing.reader import read_report
from reports.parsing.segment import MAX_PASSAGE_CHARS, split_report


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


# ---------------------------------------------------------------- department reports, numbering styles

DEPARTMENT = """XX市市场监督管理局2021年度法治政府建设情况报告
市委全面依法治市委员会办公室：
　　一、主要举措和成效
　　1.强化组织领导
　　（1）落实第一责任人职责。局主要负责人召开专题会议4次，研究部署法治建设重点任务。
　　（2）开展法治培训。举办执法人员培训班3期，培训420人次。
　　2．规范行政执法
　　(1)推行包容审慎监管。对142家市场主体依法不予处罚。
　　二、存在的问题
　　一)执法人员专业素质有待提高。部分执法人员办案能力不强。
　　二)普法宣传形式较为单一。群众参与度不高。
　　三、2022年工作思路
　　1)加强执法队伍建设，全年培训不少于40学时。
　　2)创新普法宣传方式，开展以案释法。
"""


def test_a_department_report_with_arabic_levels_and_unbracketed_numbers():
    assert rows(DEPARTMENT) == [
        ("一、主要举措和成效 > 1.强化组织领导 > (1)落实第一责任人职责", "(1)落实第一责任人职责"),
        ("一、主要举措和成效 > 1.强化组织领导 > (2)开展法治培训", "(2)开展法治培训。举办"),
        ("一、主要举措和成效 > 2.规范行政执法 > (1)推行包容审慎监管", "(1)推行包容审慎监管。"),
        ("二、存在的问题 > 一)执法人员专业素质有待提高", "一)执法人员专业素质有待"),
        ("二、存在的问题 > 二)普法宣传形式较为单一", "二)普法宣传形式较为单一"),
        ("三、2022年工作思路 > 1)加强执法队伍建设，全年培训不少于40学时", "1)加强执法队伍建设，全"),
        ("三、2022年工作思路 > 2)创新普法宣传方式，开展以案释法", "2)创新普法宣传方式，开"),
    ]


# ---------------------------------------------------------------- parts, 【】 headings and "首先…其次…最后"

PROVINCE = """XX省人民政府关于2020年法治政府建设情况的报告
第一部分 2020年法治政府建设主要工作
【坚持党的全面领导】省政府常务会议专题研究法治政府建设工作6次。
【依法全面履行政府职能】省级行政许可事项由386项精简至298项。
第二部分 2021年工作安排
首先，研究制定全省法治政府建设实施方案，明确今后五年目标任务。其次，围绕重点领域加强政府立法。最后，推进综合行政执法改革向乡镇延伸。
"""


def test_parts_bracketed_titles_and_first_next_last():
    assert rows(PROVINCE) == [
        ("第一部分2020年法治政府建设主要工作 > 坚持党的全面领导", "[坚持党的全面领导]省政"),
        ("第一部分2020年法治政府建设主要工作 > 依法全面履行政府职能", "[依法全面履行政府职能]"),
        ("第二部分2021年工作安排 > 首先，研究制定全省法治政府建设实施方案，明确今后五年目标任务", "首先，研究制定全省法治政"),
        ("第二部分2021年工作安排 > 其次，围绕重点领域加强政府立法", "其次，围绕重点领域加强政"),
        ("第二部分2021年工作安排 > 最后，推进综合行政执法改革向乡镇延伸", "最后，推进综合行政执法改"),
    ]


# ---------------------------------------------------------------- web pages

WEB_PAGE = """首页 > 政务公开 > 法治政府建设
XX市2023年法治政府建设情况报告
来源：XX市人民政府网站　发布时间：2024-03-28 10:15　浏览次数：1234
字号：大 中 小　【打印】【关闭】
　　一、主要举措和成效
　　（一）坚持高位推动。市政府常务会议学法6次，开展法治督察3轮。
　　二、下一步工作安排
　　我市将持续深化法治政府建设，推动各项工作迈上新台阶。
【打印本页】　【关闭窗口】
扫一扫在手机打开当前页
主办单位：XX市人民政府办公室　　承办：XX市大数据中心
网站标识码：1234000001　　ICP备案号：X ICP备12345678号
"""


def test_web_page_header_and_footer_are_not_passages():
    assert split_report(WEB_PAGE).title == "XX市2023年法治政府建设情况报告"
    assert rows(WEB_PAGE) == [
        ("一、主要举措和成效 > (一)坚持高位推动", "(一)坚持高位推动。市政"),
        ("二、下一步工作安排", "我市将持续深化法治政府建"),
    ]  # nor is the site's footer after the links at the end of the page
    footer_only = WEB_PAGE.replace("【打印本页】　【关闭窗口】\n扫一扫在手机打开当前页\n", "")
    assert rows(footer_only) == rows(WEB_PAGE)


def test_a_page_header_run_into_the_report_is_cut_off():
    text = ("XX市2022年度法治政府建设情况报告\n发布时间：2023-02-15 来源：市司法局 2022年，我市坚持以习近平法治思想为指导，"
            "深入推进法治政府建设。一、主要举措和成效（一）加强党的领导。市委常委会专题研究法治建设3次，市政府常务会议学法8次，"
            "开展法治督察2轮。"
            "（二）深化“放管服”改革。全市政务服务事项网上可办率达到98%，企业开办时间压缩至1个工作日。\n")
    assert rows(text) == [
        ("", "2022年，我市坚持以习"),
        ("一、主要举措和成效 > (一)加强党的领导", "(一)加强党的领导。市委"),
        ("一、主要举措和成效 > (二)深化“放管服”改革", "(二)深化“放管服”改革"),
    ]


# ---------------------------------------------------------------- tables and attachments

ATTACHED_TABLES = """XX区人民政府关于2024年度法治政府建设情况的报告
　　一、主要工作成效
　　（一）行政复议和应诉工作。全年收到行政复议申请218件，行政机关负责人出庭应诉率100%。
　　二、存在的不足
　　行政执法人员队伍建设仍需加强。
　　附件：1.2024年度法治政府建设主要指标统计表
　　　　　2.2024年度行政复议案件统计表
　　XX区人民政府
　　2025年1月22日
附件1
2024年度法治政府建设主要指标统计表
序号    指标名称                2023年    2024年    增幅
1       行政复议申请（件）        186       218       17.2%
2       负责人出庭应诉率          98%       100%      2个百分点
附件2：
2024年度行政复议案件统计表
类别\t件数
维持\t120
"""


def test_attached_tables_are_passages_under_the_attachment():
    assert rows(ATTACHED_TABLES) == [
        ("一、主要工作成效 > (一)行政复议和应诉工作", "(一)行政复议和应诉工作"),
        ("二、存在的不足", "行政执法人员队伍建设仍需"),
        ("附件1 > 2024年度法治政府建设主要指标统计表", "序号指标名称2023年2"),
        ("附件2 > 2024年度行政复议案件统计表", "类别件数\n维持120"),
    ]  # the list of attachments before the signature is not
    columns = split_report(ATTACHED_TABLES).passages[2]
    assert columns.text.endswith("2个百分点") and "186 218 17.2%" in columns.norm  # columns lined up with spaces


CELL_PER_LINE = """XX市生态环境局2023年度法治政府建设工作报告
一、主要工作
（一）推进执法规范化建设
全面落实行政执法公示制度，全年公示行政处罚决定书156份。
（二）全年主要执法数据
项目
2022年
2023年
检查企业（家次）
2860
3125
立案查处（件）
168
156
（三）开展生态环境普法
组织开展环境日法治宣传活动，发放宣传资料1.2万份。
"""


def test_a_table_copied_one_cell_a_line_is_one_passage():
    assert rows(CELL_PER_LINE) == [
        ("一、主要工作 > (一)推进执法规范化建设", "全面落实行政执法公示制度"),
        ("一、主要工作 > (二)全年主要执法数据", "项目\n2022年\n202"),  # not a heading per cell
        ("一、主要工作 > (三)开展生态环境普法", "组织开展环境日法治宣传活"),
    ]
    assert split_report(CELL_PER_LINE).passages[1].text.endswith("168\n156")  # a cell like a page number too


def test_a_long_table_is_cut_between_rows():
    table = "\n".join(f"{i}\t第{i}类行政复议案件\t{100 + i}件\t{200 + i}件" for i in range(1, 40))
    report = split_report("一、主要数据\n" + table + "\n")
    assert len(report.passages) > 1
    assert all(len(p.norm) <= MAX_PASSAGE_CHARS for p in report.passages)
    assert all(p.text.endswith("件") for p in report.passages)


# ---------------------------------------------------------------- 2019 outline, reports read to a congress

OUTLINE_2019 = """XX区2019年法治政府建设情况报告
　　一、2019年推进法治政府建设的主要举措和成效
　　（一）依法全面履行政府职能。取消和下放行政审批事项23项。
　　二、党政主要负责人履行推进法治建设第一责任人职责情况
　　区委、区政府主要负责人认真履行推进法治建设第一责任人职责，区长主持召开区政府常务会议专题研究法治政府建设工作3次。
　　三、存在的不足和原因
　　（一）存在的不足。一是法治政府建设工作发展不平衡，部分部门重视程度不够；二是行政执法人员素质参差不齐。
　　（二）原因分析。主要是部分领导干部对法治政府建设的重要性认识不足。
　　四、其他需要报告的情况
　　无。
　　中共XX区委
　　XX区人民政府
　　2020年1月20日
"""


def test_the_2019_outline_and_nothing_to_report():
    assert rows(OUTLINE_2019) == [
        ("一、2019年推进法治政府建设的主要举措和成效 > (一)依法全面履行政府职能", "(一)依法全面履行政府职"),
        ("二、党政主要负责人履行推进法治建设第一责任人职责情况", "区委、区政府主要负责人认"),
        ("三、存在的不足和原因 > (一)存在的不足 > 一是法治政府建设工作发展不平衡，部分部门重视程度不够", "一是法治政府建设工作发展"),
        ("三、存在的不足和原因 > (一)存在的不足 > 二是行政执法人员素质参差不齐", "二是行政执法人员素质参差"),
        ("三、存在的不足和原因 > (二)原因分析", "(二)原因分析。主要是部"),
    ]  # "无。" under 四、 says nothing; the two signatures and the date are not passages


TO_A_CONGRESS = """XX自治州人民政府
关于2023年度法治政府建设情况的报告
——在州十六届人大常委会第十次会议上
（2024年2月26日）
州人民政府副州长　张某某
主任、各位副主任、秘书长、各位委员：
　　受州人民政府委托，现将我州2023年度法治政府建设情况报告如下，请予审议。
　　一、工作开展情况
　　第一，坚持党的领导，法治政府建设责任更加压实。
　　州政府党组带头学习习近平法治思想，全年专题学习6次。
　　二、存在的问题
　　法治政府建设在县市之间仍不平衡。
　　以上报告，请予审议。
"""


def test_a_report_read_to_a_congress():
    assert split_report(TO_A_CONGRESS).title == "XX自治州人民政府关于2023年度法治政府建设情况的报告"
    assert rows(TO_A_CONGRESS) == [
        ("", "受州人民政府委托，现将我"),
        ("一、工作开展情况 > 第一，坚持党的领导，法治政府建设责任更加压实", "州政府党组带头学习习近平"),
        ("二、存在的问题", "法治政府建设在县市之间仍"),
    ]  # subtitle, date, speaker, addressee and "以上报告，请予审议。" are not passages


def test_letterhead_rules_box_drawing_dashes_and_a_sub_district_office_signing_for_itself():
    text = """XX街道办事处文件
X街办发〔2024〕8号
————————————————
XX街道办事处关于2023年度法治政府建设工作情况的报告
　　一、主要工作
　　（一）深化基层依法治理。全年提供法律咨询860余次。
　　二、化解矛盾纠纷
　　──健全调解机制。调处矛盾纠纷215件。
　　──加强行政复议。办理行政复议案件86件。
　　XX街道办事处（代章）
　　2024年1月18日
"""
    assert split_report(text).title == "XX街道办事处关于2023年度法治政府建设工作情况的报告"
    assert rows(text) == [
        ("一、主要工作 > (一)深化基层依法治理", "(一)深化基层依法治理。"),
        ("二、化解矛盾纠纷 > 健全调解机制", "——健全调解机制。调处矛"),  # "─" (box drawing) reads as "—"
        ("二、化解矛盾纠纷 > 加强行政复议", "——加强行政复议。办理行"),
    ]


# ---------------------------------------------------------------- items over several paragraphs

FURTHER_PARAGRAPHS = """XX镇2021年法治政府建设工作报告
　　一、主要工作及成效
　　（一）加强组织领导。镇党委、镇政府成立法治建设领导小组，全年召开专题会议3次。
　　镇主要负责人认真履行第一责任人职责，将法治建设纳入年度工作重点。
　　（二）推进依法决策。聘请法律顾问1名，审查合同协议26份。
　　通过以上举措，全镇法治氛围日益浓厚，群众学法用法意识明显增强。
　　二、存在的问题
　　镇村两级法治力量不足。
"""


def test_an_item_goes_on_in_the_paragraphs_before_its_next_sibling():
    assert rows(FURTHER_PARAGRAPHS) == [
        ("一、主要工作及成效 > (一)加强组织领导", "(一)加强组织领导。镇党"),
        ("一、主要工作及成效 > (一)加强组织领导", "镇主要负责人认真履行第一"),  # before "(二)": (一) goes on
        ("一、主要工作及成效 > (二)推进依法决策", "(二)推进依法决策。聘请"),
        ("一、主要工作及成效", "通过以上举措，全镇法治氛"),  # before "二、": the section's conclusion
        ("二、存在的问题", "镇村两级法治力量不足。"),
    ]


def test_inline_items_from_the_start_of_a_paragraph_and_titles_set_apart_by_a_space():
    text = ("3.存在问题及下一步打算\n一是学法的系统性不够，二是合法性审核力量不足。\n"
            "（一）坚持党的领导　县委常委会会议专题研究法治建设4次，县政府常务会议学法10次。\n")
    assert rows(text) == [
        ("3.存在问题及下一步打算 > 一是学法的系统性不够", "一是学法的系统性不够，"),  # not a lead
        ("3.存在问题及下一步打算 > 二是合法性审核力量不足", "二是合法性审核力量不足。"),
        ("(一)坚持党的领导", "(一)坚持党的领导县委常"),
    ]


def test_docx_text_in_tracked_changes_smart_tags_and_content_controls():
    w = nsdecls("w")
    document = docx.Document()
    body = document.element.body
    for xml in (
        f'<w:p {w}><w:r><w:t>（一）规范执法。办理行政复议案件</w:t></w:r>'
        '<w:ins w:id="1" w:author="a"><w:r><w:t>120件</w:t></w:r></w:ins>'  # a tracked insertion: kept
        '<w:del w:id="2" w:author="a"><w:r><w:delText>100件</w:delText></w:r></w:del>'  # a deletion: not
        '<w:smartTag w:uri="u" w:element="date"><w:r><w:t>，纠错率8%</w:t></w:r></w:smartTag>'
        '<w:r><w:t>。</w:t></w:r></w:p>',
        f'<w:sdt {w}><w:sdtPr/><w:sdtContent><w:p><w:r><w:t>（二）依法决策。作出重大行政决策5项。</w:t></w:r></w:p>'
        '</w:sdtContent></w:sdt>',  # a block content control
    ):
        body.insert(len(body) - 1, parse_xml(xml))  # before the section properties
    out = io.BytesIO()
    document.save(out)
    assert read_report(out.getvalue(), "report.docx").text == (
        "（一）规范执法。办理行政复议案件120件，纠错率8%。\n（二）依法决策。作出重大行政决策5项。")


# ---------------------------------------------------------------- English full stops

def test_a_report_typed_with_english_full_stops_is_cut_at_them():
    items = "".join(f"开展行政执法检查{i}次,查处违法案件{i + 1}件." for i in range(1, 60))
    report = split_report("一、主要工作\n" + items + "\n二、下一步打算\n继续推进执法规范化建设.")
    work = [p for p in report.passages if p.heading == "一、主要工作"]
    assert len(work) > 1  # long items are cut at sentence ends, here the "."
    assert all(p.text.endswith(".") for p in work)
    assert facts("审核规范性文件55件.出庭应诉率100%.") == [
        ("审核规范性文件", Decimal("55"), "件"), ("行政机关负责人出庭应诉率", Decimal("100"), "%")]


def test_dots_that_are_not_full_stops_stay():
    assert normalize_for_matching("共办理3.5万件。见www.gov.cn.1.开展等...") == "共办理3.5万件。见www.gov.cn.1.开展等..."
    assert normalize_for_matching("开展检查.下一步") == "开展检查。下一步"


# ---------------------------------------------------------------- tabs typed in Word paragraphs

def test_tabs_typed_after_a_number_or_a_title_are_no_table_columns():
    # a report saved from Word as text keeps the tabs typed to line headings up; a table's rows keep theirs
    text = ("一、\t主要举措和成效\n（一）\t加强党的领导。区委常委会会议专题研究法治政府建设工作4次。\n"
            "（二）深化“放管服”改革\t全面推行行政许可事项清单管理，公布区级行政许可事项268项。\n"
            "二、\t主要数据\n类别\t件数\n维持\t120\n")
    assert rows(text) == [
        ("一、主要举措和成效 > (一)加强党的领导", "(一)加强党的领导。区委"),
        ("一、主要举措和成效 > (二)深化“放管服”改革", "(二)深化“放管服”改革"),  # the tab set the title apart
        ("二、主要数据", "类别件数\n维持120"),  # the rows of a table: one passage
    ]


def test_a_letter_spaced_letterhead_is_no_title():
    text = "X X 区 人 民 政 府 文 件\nXX区人民政府关于2023年度法治政府建设情况的报告\n一、主要工作\n全年办理行政复议案件86件。\n"
    assert split_report(text).title == "XX区人民政府关于2023年度法治政府建设情况的报告"


# ---------------------------------------------------------------- closing matter, web editor lines, spaced tables

def test_a_township_report_signed_by_party_committee_and_government_dated_in_the_first_month():
    text = """中共XX镇委员会　XX镇人民政府
关于2022年度法治政府建设情况的报告
　　一年来的主要工作
　　第一，抓好学法用法。镇党委理论学习中心组集中学法5次，培养“法律明白人”156名。
　　第二，化解矛盾纠纷。全年排查化解矛盾纠纷178件，化解率97%。
中共XX镇委员会
XX镇人民政府
2023年元月12日
"""
    assert rows(text) == [
        ("一年来的主要工作 > 第一，抓好学法用法", "第一，抓好学法用法。镇党"),
        ("一年来的主要工作 > 第二，化解矛盾纠纷", "第二，化解矛盾纠纷。全年"),
    ]  # "元月" is January: the date is no passage


def test_dates_with_a_digit_zero_in_chinese_years_and_hao_are_no_passages():
    for date in ("二0二四年一月十五日", "二O二四年元月十五日", "2024年1月15号"):
        assert rows(f"一、主要工作\n全年办理行政复议案件86件。\nXX县司法局\n{date}\n") == [
            ("一、主要工作", "全年办理行政复议案件86")]


def test_a_web_pages_editor_lines_and_page_numbers_of_other_forms_are_no_passages():
    text = """XX区2024年法治政府建设情况报告
发布时间：2025-01-20 09:12:36  来源：区司法局
字号：[大 中 小]  分享：
一、主要举措
（一）提升行政执法质量。全年开展行政执法监督检查12次，督促整改问题38个。
共2页 第1页
·2·
二、下一步打算
持续推进示范创建，巩固提升创建成果。
（责任编辑：王五）
审核：李四
Page 2 of 2
"""
    assert rows(text) == [
        ("一、主要举措 > (一)提升行政执法质量", "(一)提升行政执法质量。"),
        ("二、下一步打算", "持续推进示范创建，巩固提"),
    ]


def test_a_table_with_columns_one_space_apart_is_one_passage_not_headings():
    # a PDF's unruled table (or a web page's) reads with one space between its cells
    text = """一、主要工作
（二）统计数据。
2019年主要行政执法数据如下：
项目 2018年 2019年 增长
行政处罚案件（件） 3210 3566 11.1%
行政许可事项（件） 15230 16821 10.4%
全年开展检查 12 次 查处 3 件
二、下一步工作安排
持续深化法治政府建设。
"""
    assert rows(text) == [
        ("一、主要工作 > (二)统计数据 > 2019年主要行政执法数据如下", "项目2018年2019年"),
        ("一、主要工作 > (二)统计数据 > 2019年主要行政执法数据如下", "全年开展检查12次查处3"),  # no row
        ("二、下一步工作安排", "持续深化法治政府建设。"),
    ]
    table = split_report(text).passages[0]
    assert "行政许可事项(件) 15230 16821 10.4%" in table.norm


def test_an_item_of_one_long_sentence_has_no_title_on_its_own_line_or_run_on():
    items = ["①深入学习贯彻习近平法治思想，把法治思维贯穿政府工作全过程，全年组织专题学法不少于4次，推动领导干部带头尊法学法守法用法。",
             "②持续深化行政执法体制改革，推进综合行政执法向基层延伸，规范乡镇（街道）执法行为，提高执法质量和效率。"]
    own_lines = "三、下步打算\n" + "\n".join(items) + "\n"
    run_on = "三、下步打算\n" + "".join(items) + "\n"  # a PDF line that ran to the margin goes on with "②…"
    expected = [("三、下步打算", "①深入学习贯彻习近平法治"), ("三、下步打算", "②持续深化行政执法体制改")]
    assert rows(own_lines) == rows(run_on) == expected
    # a short one still names itself
    assert rows("二、存在不足\n①法治宣传形式较为单一；\n②执法人员素质参差不齐。\n")[0][0] == "二、存在不足 > ①法治宣传形式较为单一"


def test_a_two_column_table_one_space_apart_is_one_passage():
    text = """第一部分 2023年法治政府建设情况
全年办理行政复议案件126件。
附件
2023年度法治政府建设主要数据
行政复议案件 126件
行政诉讼案件 58件
负责人出庭应诉率 100%
"""
    assert rows(text) == [
        ("第一部分2023年法治政府建设情况", "全年办理行政复议案件12"),  # one label and figure: a heading
        ("附件 > 2023年度法治政府建设主要数据", "行政复议案件126件\n行"),
    ]
