"""extract_facts on sentences from the seed reports and on the phrasings assessors look for."""
from decimal import Decimal
from pathlib import Path

import pytest

from reports.parsing.facts import extract_facts
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
    assert facts("我区审结复议案件纠错率近几年呈下降趋势，2022年为28.12%，2023年为7.89%。") == [
        ("审结复议案件纠错率", Decimal("28.12"), "%", True),
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
    assert ("审核市政府各类文件", Decimal(55), "件") in found["report-shiyan-2023.txt"]
    assert ("行政复议纠错率", Decimal("11.25"), "%") in found["report-shiyan-2023.txt"]
    assert ("审查各旗区、各部门规范性文件", Decimal(29), "件") in found["report-ordos-2023.txt"]
    assert ("行政机关负责人出庭应诉率", Decimal(100), "%") in found["report-ordos-2023.txt"]
    assert ("镇乡街法律顾问聘用率", Decimal(100), "%") in found["report-yuanbaoshan-2024.txt"]
    assert ("处罚金额", Decimal("53.2381"), "万元") in found["report-yuanbaoshan-2024.txt"]
    assert not any(unit == "年" or value in (2022, 2023, 2024) for rows in found.values() for _, value, unit in rows)
