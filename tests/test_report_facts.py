"""extract_facts on sentences from the seed reports and on the phrasings assessors look for."""
from decimal import Decimal
from pathlib import Path

import pytest

from reports.parsing.facts import _cn_int, extract_facts
from reports.parsing.segment import split_report

DOCS = Path(__file__).resolve().parent.parent / "fixtures" / "documents"


def facts(text: str) -> list[tuple[str, Decimal, str, bool]]:
    return [(f.metric, f.value, f.unit, f.is_rate) for f in extract_facts(text)]


@pytest.mark.parametrize("text, want", [
    # the three rates assessors check first
    ("2023年行政机关负责人出庭应诉率100%。", ("行政机关负责人出庭应诉率", Decimal(100), "%", True)),
    ("行政机关负责人出庭应诉率达到100%。", ("行政机关负责人出庭应诉率", Decimal(100), "%", True)),
    ("在自治区率先出台行政应诉工作办法，出庭应诉率连续保持100%。", ("行政机关负责人出庭应诉率", Decimal(100), "%", True)),
    ("行政機(jī)關(guān)負(fù)責(zé)人出庭提升至100%。", ("行政机关负责人出庭应诉率", Decimal(100), "%", True)),
    ("落实行政机关负责人出庭应诉定期通报制度，应诉率连续4年保持100%。", ("行政机关负责人出庭应诉率", Decimal(100), "%", True)),
    ("县政府法律顾问覆盖率达到100%。", ("县政府法律顾问覆盖率", Decimal(100), "%", True)),
    ("实现聘请法律顾问、参与政府决策100%全覆盖。", ("聘请法律顾问、参与政府决策覆盖率", Decimal(100), "%", True)),
    ("规范性文件备案审查率100%。", ("规范性文件备案审查率", Decimal(100), "%", True)),
    ("全市规范性文件备案审查率为百分之百。", ("规范性文件备案审查率", Decimal(100), "%", True)),
    # other rates
    ("全市政务服务网办率达99.97%", ("政务服务网办率", Decimal("99.97"), "%", True)),
    ("预包装食品、药品抽检合格率稳定在98%以上", ("预包装食品、药品抽检合格率", Decimal(98), "%", True)),
    ("行政复议纠错率为11.25%", ("行政复议纠错率", Decimal("11.25"), "%", True)),
    ("企业满意度达到９５％以上", ("企业满意度", Decimal(95), "%", True)),
    # counts
    ("审核规范性文件55件", ("审核规范性文件", Decimal(55), "件", False)),
    ("办理行政复议案件120件。", ("办理行政复议案件", Decimal(120), "件", False)),
    ("共审核市政府各类文件55件，", ("审核市政府各类文件", Decimal(55), "件", False)),
    ("累计录入行政处罚案件63253件。", ("录入行政处罚案件", Decimal(63253), "件", False)),
    ("将全市7.4万户企业纳入风险监控名单。", ("企业", Decimal(74000), "户", False)),
    ("共调处各类矛盾纠纷2.7万余件", ("调处各类矛盾纠纷", Decimal(27000), "件", False)),
    ("解决争议金额3556万元。", ("解决争议金额", Decimal(3556), "万元", False)),
    ("设立10个基层联系点。", ("设立基层联系点", Decimal(10), "个", False)),
    ("动态调整公布市本级行政权力事项 6246 项。", ("动态调整公布市本级行政权力事项", Decimal(6246), "项", False)),
])
def test_single_facts(text, want):
    assert facts(text) == [want]


def test_a_count_before_a_rate():
    assert facts("全市2196个服务窗口好评率达99.9%以上。") == [
        ("服务窗口", Decimal(2196), "个", False),
        ("服务窗口好评率", Decimal("99.9"), "%", True),
    ]


def test_a_sentence_with_many_figures():
    text = ("全市共收到行政復(fù)議申請429件,其中市本級收到行政復(fù)議申請120件,受理95件,辦結(jié)80件,"
            "糾錯9件,糾錯率11.25%。")
    got = facts(text)
    assert got == [
        ("收到行政复议申请", Decimal(429), "件", False),
        ("收到行政复议申请", Decimal(120), "件", False),
        ("受理行政复议", Decimal(95), "件", False),
        ("办结行政复议", Decimal(80), "件", False),
        ("纠错行政复议", Decimal(9), "件", False),
        ("行政复议纠错率", Decimal("11.25"), "%", True),
    ]


def test_shares_and_yearly_rates_take_the_metric_before_them():
    assert facts("评查出优秀案卷28卷，占比31%，合格案卷62卷，占比69%。") == [
        ("评查出优秀案卷", Decimal(28), "卷", False),
        ("评查出优秀案卷占比", Decimal(31), "%", True),
        ("合格案卷", Decimal(62), "卷", False),
        ("合格案卷占比", Decimal(69), "%", True),
    ]
    # the earlier year's figure is history: read as this year's, it would be compared with the target
    assert facts("我区审结复议案件纠错率近几年呈下降趋势，2022年为28.12%，2023年为7.89%。") == [
        ("审结复议案件纠错率", Decimal("7.89"), "%", True),
    ]


@pytest.mark.parametrize("text", [
    "2023年，在市委的坚强领导下，",  # years
    "2024年1月17日",  # dates
    "在包头市第十三次党代会上明确提出",  # ordinals
    "开展第3次专项检查",
    "印发《通知》(鄂府发〔2023〕62号)",  # document numbers
    "拨打12345政务服务热线",
    "每年培训3-5次",  # ranges
    "每个乡镇配备法律顾问3名至5名",
    "升级到2.0版",
])
def test_not_facts(text):
    assert facts(text) == []


def test_offsets_and_quotes_point_into_the_original():
    text = "（二）加强行政復(fù)議和應(yīng)訴工作。全市共收到行政復(fù)議申請429件，糾錯率１１.２５％。"
    got = extract_facts(text)
    # the quote starts where the metric does: scope words (全市共) are left out
    assert [f.quote for f in got] == ["收到行政復(fù)議申請429件", "糾錯率１１.２５％"]
    for f in got:
        assert text[f.start:f.end] == f.quote
    assert got[1].value == Decimal("11.25")


def test_seed_reports():
    found = {}
    for name in ("report-baotou.txt", "report-shiyan-2023.txt", "report-ordos-2023.txt", "report-yuanbaoshan-2024.txt"):
        for passage in split_report((DOCS / name).read_text(encoding="utf-8")).passages:
            for f in extract_facts(passage.text):
                assert passage.text[f.start:f.end] == f.quote
                assert 2 <= len(f.metric) <= 20
                assert f.value == f.value.quantize(Decimal("0.0001"))  # fits the database column
                found.setdefault(name, []).append((f.metric, f.value, f.unit))
    assert ("行政机关负责人出庭应诉率", Decimal(100), "%") in found["report-baotou.txt"]
    assert ("形成数据资产", Decimal(122000000), "条") in found["report-baotou.txt"]
    assert ("述法干部", Decimal(1000), "人") in found["report-baotou.txt"]  # 全市述法干部超千人
    assert ("审核市政府各类文件", Decimal(55), "件") in found["report-shiyan-2023.txt"]
    assert ("行政复议纠错率", Decimal("11.25"), "%") in found["report-shiyan-2023.txt"]
    assert ("审查各旗区、各部门规范性文件", Decimal(29), "件") in found["report-ordos-2023.txt"]
    assert ("行政机关负责人出庭应诉率", Decimal(100), "%") in found["report-ordos-2023.txt"]
    assert ("镇乡街法律顾问聘用率", Decimal(100), "%") in found["report-yuanbaoshan-2024.txt"]
    assert ("处罚金额", Decimal("53.2381"), "万元") in found["report-yuanbaoshan-2024.txt"]
    assert not any(unit == "年" or value in (2022, 2023, 2024) for rows in found.values() for _, value, unit in rows)


# ---------------------------------------------------------------- counts in Chinese numerals

def counted(text: str) -> list[tuple[str, Decimal, str]]:
    found = extract_facts(text)
    for f in found:
        assert text[f.start:f.end] == f.quote
    return [(f.metric, f.value, f.unit) for f in found]


@pytest.mark.parametrize("numeral, value", [
    ("三", 3), ("十", 10), ("十二", 12), ("五十五", 55), ("一百零五", 105), ("一百二十", 120), ("两千", 2000),
    ("一千零二十三", 1023), ("一万二千", 12000), ("一万二", 12000), ("二十万", 200000), ("一亿二千万", 120000000),
    ("百", 100), ("九十九点五", Decimal("99.5")),
])
def test_chinese_numerals(numeral, value):
    assert _cn_int(numeral) == value


@pytest.mark.parametrize("numeral", ["十三五", "三五", "十二三", "二〇二三", "百千", "亿万", "十两"])
def test_what_is_not_one_chinese_number(numeral):
    assert _cn_int(numeral) is None  # a plan period, a range, a year, a phrase


@pytest.mark.parametrize("text, want", [
    ("审核规范性文件五十五件。", ("审核规范性文件", Decimal(55), "件")),
    ("全年召开常务会议专题学法三次。", ("召开常务会议专题学法", Decimal(3), "次")),
    ("全年办理行政复议案件一百二十件。", ("办理行政复议案件", Decimal(120), "件")),
    ("新增市场主体一百零五户。", ("新增市场主体", Decimal(105), "户")),
    ("组织行政执法人员培训两千余人次。", ("组织行政执法人员培训", Decimal(2000), "人次")),
    ("共举办法治讲座十余场，", ("举办法治讲座", Decimal(10), "场")),
    ("全年培训基层干部二十万人次。", ("培训基层干部", Decimal(200000), "人次")),
    ("全年共受理行政复议申请一万二千件。", ("受理行政复议申请", Decimal(12000), "件")),
    ("办理各类案件两万余件。", ("办理各类案件", Decimal(20000), "件")),
    ("推送普法短信十余万条。", ("推送普法短信", Decimal(100000), "条")),
    ("解决争议金额十二万元。", ("解决争议金额", Decimal(12), "万元")),  # as 12万元
    ("罚没款共计三十二万五千元。", ("罚没款", Decimal(325000), "元")),
    ("参训人员3万余人次。", ("参训人员", Decimal(30000), "人次")),
    ("全市述法干部超千人。", ("述法干部", Decimal(1000), "人")),  # a bare 千 with 超 is a figure
    ("累计制定地方法规、规章近百部，", ("制定地方法规、规章", Decimal(100), "部")),
    ("设立十二个基层立法联系点。", ("设立基层立法联系点", Decimal(12), "个")),
    ("建立基层立法联系点两个。", ("建立基层立法联系点", Decimal(2), "个")),
    ("二〇二三年全年办理复议案件九十五件。", ("办理复议案件", Decimal(95), "件")),
])
def test_chinese_counts(text, want):
    assert counted(text) == [want]


def test_chinese_counts_keep_their_sentence_logic():
    assert counted("全年新收行政复议案件一千零二十三件；审结九百六十八件，直接纠错率为12.1%。") == [
        ("新收行政复议案件", Decimal(1023), "件"),
        ("审结行政复议", Decimal(968), "件"),
        ("直接纠错率", Decimal("12.1"), "%"),
    ]
    assert counted("全市法律顾问、公职律师分别达到三百二十名、一百五十六名。") == [
        ("法律顾问", Decimal(320), "名"), ("公职律师", Decimal(156), "名")]
    assert counted("审批时限由二十个工作日压缩至五个工作日。") == [("审批时限", Decimal(5), "个工作日")]
    assert counted("全年辦(bàn)理行政復(fù)議案件一百二十件，審核規範性文件五十五件。") == [
        ("办理行政复议案件", Decimal(120), "件"), ("审核规范性文件", Decimal(55), "件")]
    got = extract_facts("全年辦(bàn)理行政復(fù)議案件一百二十件。")
    assert got[0].quote == "辦(bàn)理行政復(fù)議案件一百二十件"


@pytest.mark.parametrize("chinese, arabic", [
    ("共办理人大代表建议一百二十八件、政协委员提案二百零六件，办复率100%。",
     "共办理人大代表建议128件、政协委员提案206件，办复率100%。"),
    ("评查出优秀案卷二十八卷，占比31%。", "评查出优秀案卷28卷，占比31%。"),
    ("全年收到行政复议申请四百二十九件,受理九十五件,办结八十件。", "全年收到行政复议申请429件,受理95件,办结80件。"),
    ("办理行政复议案件一百二十件，同比增长12.5%。", "办理行政复议案件120件，同比增长12.5%。"),
])
def test_a_chinese_count_reads_as_the_same_count_in_digits(chinese, arabic):
    assert counted(chinese) == counted(arabic)


@pytest.mark.parametrize("text", [
    "一是深入推进新一轮机构改革，二是加强执法队伍建设。",
    "市农牧局被评为第三批全国农业综合行政执法示范单位。",
    "全面落实行政执法三项制度。",
    "深入开展“八五”普法，推进十四五规划实施，总结十三五经验。",
    "推行一站式服务、一网通办、一次办好，推动“一件事”联办。",
    "构建市县乡三级体系，实行四十五证合一，市县两级全覆盖。",
    "实行一张清单管理，压实一把手责任，坚持一月一主题，打造五心服务。",
    "聚焦完成两件大事，增强四个意识，做到两个维护。",
    "学习贯彻党的二十大和党的十九届六中全会精神。",
    "推进一体化平台建设，深入一线，打造一批示范点，出台一系列措施。",
    "开展三年行动，评选十佳执法案卷。",
    "推行双随机一公开监管，加强两法衔接，落实四制度一评议。",
    "实行一号对外，开展百日攻坚，实施千人培训，打造万家企业服务品牌。",
    "二〇二三年十月，召开全市法治工作会议。",
    "推进“四所一庭”联动，以“三个四”工作任务为抓手。",  # in quotes
    "建立健全五位一体工作机制，推行五个一百工程。",  # next to another numeral
    "实施二期工程，完成二次审核。",  # 二 before a counter is an ordinal
    "市委十二届三次全会作出部署，区人大常委会十二次会议审议通过。",
    "每季度召开会议不少于两次。",  # rules, not tallies
    "由两名以上执法人员实施。",
    "分三批公布赋权事项，名列全省前十名。",
    "开展为期三天的集中培训，十五个工作日内办结，连续十二个月保持稳定。",
    "一式三份。",
    "每个乡镇配备三至五名法律顾问，每村配备三五名调解员。",  # ranges
    "全国十四亿人民共同奋斗，十二部门联合印发方案。",  # the counter starts a word
    "千家万户受益，数十人参加，几十家单位参与。",
    "建立两个基层立法联系点，用好三张清单。",  # a small number before what it counts is mostly a name
])
def test_chinese_numerals_that_count_nothing(text):
    assert extract_facts(text) == []


@pytest.mark.parametrize("text, want", [
    # a change's base value is not the figure now: a gap rule would read 85% or 95% as this year's rate
    ("行政机关负责人出庭应诉率由85%提升至98.6%。", [("行政机关负责人出庭应诉率", Decimal("98.6"), "%")]),
    ("行政机关负责人出庭应诉率由2022年的95%提高到100%。", [("行政机关负责人出庭应诉率", Decimal(100), "%")]),
    ("“掌上办”事项由1593个增加到2349个。", [("掌上办事项", Decimal(2349), "个")]),
    ("办理时限由20个工作日压缩至5个工作日。", [("办理时限", Decimal(5), "个工作日")]),
    # rates listed before one value: one figure each, a short name taking the subject of the first
    ("规范性文件报备率、及时率、规范率均达100%。", [
        ("规范性文件报备率", Decimal(100), "%"), ("规范性文件及时率", Decimal(100), "%"),
        ("规范性文件规范率", Decimal(100), "%")]),
    ("规范性文件备案审查率、合法性审核率均为100%。", [
        ("规范性文件备案审查率", Decimal(100), "%"), ("合法性审核率", Decimal(100), "%")]),
    ("预包装食品、药品抽检合格率稳定在98%以上。", [("预包装食品、药品抽检合格率", Decimal(98), "%")]),
    # the rate's standard name only for the rate, not for the count beside it
    ("全市行政机关负责人出庭应诉236件次，出庭应诉率100%。", [
        ("行政机关负责人出庭应诉", Decimal(236), "件次"), ("行政机关负责人出庭应诉率", Decimal(100), "%")]),
])
def test_changes_lists_of_rates_and_counts_beside_rates(text, want):
    assert counted(text) == want


# ---------------------------------------------------------------- figures that are not this year's result

@pytest.mark.parametrize("text", [
    # targets and rules: a gap would close (or open) on a number nobody reported as done
    "到2025年，行政机关负责人出庭应诉率不低于95%。",
    "下一步，力争行政机关负责人出庭应诉率达到100%。",
    "2024年工作目标：行政复议纠错率不高于10%。",
    "确保重大行政决策合法性审核率达到100%。",
    "全面推行“双随机、一公开”监管，抽查比例不低于5%。",
    "年内举办法治专题讲座不少于2次。",
    "每季度至少开展1次执法检查。",
    "对申请人在3个工作日内作出答复。",  # a time limit
    # someone else's figure or last year's
    "高于全省平均水平（85.6%）。",
    "较全省平均水平高2个百分点。",
    "上年为92%。",
    "比上年减少15件。",  # a change of nothing named
    # a change of a rate in % is neither points nor the rate: 行政机关负责人出庭应诉率…5% would read as the rate
    "行政机关负责人出庭应诉率较上年提高5%。",
    "行政复议纠错率同比下降2.1%。",
    # the size of a ranking's field
    "评估得分在全市12个旗区中位列第2名。",
])
def test_targets_rules_benchmarks_and_history_are_not_facts(text):
    assert facts(text) == []


@pytest.mark.parametrize("text, want", [
    ("行政机关负责人出庭应诉率100%，高于全省平均水平（85.6%）。", [("行政机关负责人出庭应诉率", Decimal(100), "%")]),
    ("出庭应诉率100%，上年为92%。", [("行政机关负责人出庭应诉率", Decimal(100), "%")]),
    ("出庭应诉率100%，比上年提高12%。", [("行政机关负责人出庭应诉率", Decimal(100), "%")]),
    ("行政复议纠错率2023年为7.9%，2022年为12.4%。", [("行政复议纠错率", Decimal("7.9"), "%")]),
    ("2022年、2023年出庭应诉率分别为92%、100%。", [("行政机关负责人出庭应诉率", Decimal(100), "%")]),
    ("2022年出庭应诉率为92%，2023年为100%。", [("行政机关负责人出庭应诉率", Decimal(100), "%")]),
    # a change in points stays, named after the rate, and is no rate itself
    ("行政诉讼败诉率为3.2%，较上年下降1.5个百分点。", [
        ("行政诉讼败诉率", Decimal("3.2"), "%"), ("行政诉讼败诉率较上年下降", Decimal("1.5"), "个百分点")]),
    ("重大执法决定法制审核率达100%，较上年提高了3个百分点。", [
        ("重大执法决定法制审核率", Decimal(100), "%"), ("重大执法决定法制审核率较上年提高了", Decimal(3), "个百分点")]),
    # a change of a count stays, without a 率 added to it
    ("全年共办理行政复议案件128件，同比增长15.3%。", [
        ("办理行政复议案件", Decimal(128), "件"), ("办理行政复议案件同比增长", Decimal("15.3"), "%")]),
    ("涉企行政检查同比减少42%。", [("涉企行政检查同比减少", Decimal(42), "%")]),
    # bounds keep the metric before them
    ("行政诉讼案件败诉率控制在5%以内。", [("行政诉讼案件败诉率", Decimal(5), "%")]),
    ("企业开办时间压缩至1个工作日内。", [("企业开办时间", Decimal(1), "个工作日")]),
    # names with 最多 or a year in quotes are not rules
    ("“最多跑一次”事项占比95%。", [("最多跑一次事项占比", Decimal(95), "%")]),
    ("2023年，区政府共召开常务会议学法4次。", [("召开常务会议学法", Decimal(4), "次")]),
    ("全年应当出庭的行政诉讼案件86件。", [("应当出庭的行政诉讼案件", Decimal(86), "件")]),
    ("每万人拥有律师2.8名。", [("每万人拥有律师", Decimal("2.8"), "名")]),  # a density, not a rule
    ("行政执法“三项制度”在全市42个执法部门全面推行。", [("执法部门", Decimal(42), "个")]),
])
def test_what_stays_beside_them(text, want):
    assert counted(text) == want


def test_a_base_value_is_quoted_with_its_metric():
    got = extract_facts("全区行政机关负责人出庭应诉率从上年的87.5%提升到100%。")
    assert [(f.metric, f.value) for f in got] == [("行政机关负责人出庭应诉率", Decimal(100))]
    assert got[0].quote == "行政机关负责人出庭应诉率从上年的87.5%提升到100%"


@pytest.mark.parametrize("text, want", [
    # a long list is split before it is shortened: 审查率 alone would miss the 规范性文件备案审查率 target
    ("规范性文件备案审查率、合法性审核率、法律顾问覆盖率均保持100%。",
     ["规范性文件备案审查率", "合法性审核率", "法律顾问覆盖率"]),
    ("行政执法公示率、执法全过程记录率、重大执法决定法制审核率三项指标均达到100%。",
     ["行政执法公示率", "执法全过程记录率", "重大执法决定法制审核率"]),
    # short names of a "分别为" list take the subject of the first
    ("全市规范性文件备案率、审查率、纠错率分别为100%、100%、3.5%。",
     ["规范性文件备案率", "规范性文件审查率", "规范性文件纠错率"]),
])
def test_lists_of_rates_name_each_rate(text, want):
    assert [f.metric for f in extract_facts(text)] == want
