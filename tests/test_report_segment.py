"""split_report and the matching text: the four seed reports, the gold passage labels, and small reports in
the other layouts seen in government documents."""
import json
from collections import defaultdict
from pathlib import Path

import pytest

from reports.parsing.normalize import normalize_for_matching, normalize_with_map
from reports.parsing.segment import MAX_PASSAGE_CHARS, split_report

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "fixtures" / "documents"
# copy of the shared gold labels (doc = seed file name; the fixtures hold the same texts)
GOLD = Path(__file__).parent / "data" / "reports" / "report-passages-gold.jsonl"
SEEDS = {
    "000_31e9b28047362aa7.txt": "report-baotou.txt",
    "001_f02a42a4a0b0201c.txt": "report-shiyan-2023.txt",
    "002_7951bc3bed980814.txt": "report-ordos-2023.txt",
    "004_e7e9fa6d3e319639.txt": "report-yuanbaoshan-2024.txt",
}


def seed(name: str) -> str:
    return (DOCS / name).read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def segmented():
    return {name: (seed(name), split_report(seed(name))) for name in SEEDS.values()}


# ---------------------------------------------------------------- matching text


def test_normalize_pinyin_width_and_spaces():
    assert normalize_for_matching("十堰市人民政府關(guān)於2023年法治政府建設(shè)情況的報告") == "十堰市人民政府关于2023年法治政府建设情况的报告"
    assert normalize_for_matching("（市、区）(2023)(试行)蒙速办(app)") == "(市、区)(2023)(试行)蒙速办(app)"
    assert normalize_for_matching("达到 95% 以上,共1,000件") == "达到95%以上，共1,000件"
    assert normalize_for_matching("全市１２３件，占比９８．５％") == "全市123件，占比98.5%"
    assert normalize_for_matching("报\ufffd\ufffd告\x07") == "报告"
    assert normalize_for_matching("市司法 局\r\n第二行\r第三行") == "市司法局\n第二行\n第三行"


def test_normalize_map_points_back_to_the_original():
    original = "　（一）深學(xué)篤行習(xí)近平法治思想。\r\n全年１２件"
    norm, index = normalize_with_map(original)
    assert norm == "(一)深学笃行习近平法治思想。\n全年12件"
    assert len(index) == len(norm)
    assert index == sorted(index)
    assert original[index[norm.index("习")]] == "習"
    assert original[index[norm.index("12")]] == "１"


def test_traditional_conversion_is_opencc_t2s():
    # normalize_with_map converts like checklist's to_simplified, only faster (tables instead of the converter)
    import opencc

    from checklist.parsing.text import to_simplified
    from reports.parsing.normalize import _simplified

    traditional = seed("report-shiyan-2023.txt")
    converted = opencc.OpenCC("s2t").convert(seed("report-ordos-2023.txt"))
    for text in (traditional, converted, "一目瞭然，反覆", "沈默是金，覆盖", "有序覆盖", "全面覆盖"):
        assert _simplified(text) == to_simplified(text)


def test_normalize_never_crashes_on_garbage():
    garbage = "".join(chr(c) for c in range(0, 0x3000, 7)) + "\ufffd(ā)(zz)()" + "\ud7ff"
    norm, index = normalize_with_map(garbage)
    assert len(norm) == len(index)
    assert normalize_with_map("") == ("", [])


# ---------------------------------------------------------------- the seed reports


@pytest.mark.parametrize("name, count, title", [
    ("report-baotou.txt", 23, "包头市聚力打造法治政府建设新名片"),
    ("report-shiyan-2023.txt", 27, "十堰市人民政府關(guān)于2023年法治政府建設(shè)情況的報告"),
    ("report-ordos-2023.txt", 25, ""),
    ("report-yuanbaoshan-2024.txt", 21, ""),
])
def test_seed_passage_counts_and_titles(segmented, name, count, title):
    text, report = segmented[name]
    assert len(report.passages) == count
    assert report.title == title


def test_passages_are_slices_of_the_original(segmented):
    for text, report in segmented.values():
        previous_end = 0
        for i, p in enumerate(report.passages):
            assert p.index == i
            assert text[p.start:p.end] == p.text == p.text.strip()
            assert p.start >= previous_end  # in order, no overlap
            previous_end = p.end
            assert p.norm == normalize_for_matching(p.text)
            assert p.kind in ("item", "paragraph")
            assert len(p.norm) <= MAX_PASSAGE_CHARS


def test_seed_headings(segmented):
    baotou = segmented["report-baotou.txt"][1].passages
    assert baotou[1].heading == "一、聚焦加强党的领导，不断健全法治政府建设的组织机制体系 > 强化政治引领"
    assert baotou[1].text.startswith("——强化政治引领。")
    shiyan = segmented["report-shiyan-2023.txt"][1].passages
    assert shiyan[1].heading == "一、全面加强党对法治政府建设的组织领导 > (一)深学笃行习近平法治思想"
    assert shiyan[1].text.startswith("(一)深學(xué)篤行習(xí)近平法治思想。市縣各級")
    assert shiyan[24].heading == "八、筑牢基层治理安全屏障 > (二)加强行政复议和应诉工作"
    assert shiyan[-1].heading == ""  # the concluding paragraph is not part of section 八
    yuanbaoshan = segmented["report-yuanbaoshan-2024.txt"][1].passages
    assert yuanbaoshan[4].heading == "一、工作进展和成效 > (二)强化统筹推动健全政府机构职能体系 > 二是提升政务服务水平"
    assert yuanbaoshan[4].text.startswith("二是提升政务服务水平。") and yuanbaoshan[4].text.endswith("并联审批模式。")
    assert yuanbaoshan[19].heading == "二、存在问题和不足"
    ordos = segmented["report-ordos-2023.txt"][1].passages
    assert ordos[16].heading == "六、赋能基层社会治理，着力防范化解矛盾纠纷 > 一)扎实推进市域社会治理"  # "(" lost in the source


def test_headings_dates_and_signatures_are_not_passages(segmented):
    for text, report in segmented.values():
        for p in report.passages:
            assert not p.norm.startswith(("一、", "二、", "三、")), p.text  # structure headings on their own line
            assert p.text != "2024年1月17日"
            assert len(p.norm) > 8
    shiyan_text, shiyan = segmented["report-shiyan-2023.txt"]
    assert shiyan.passages[-1].text.endswith("工作水平不斷提升。")  # the date line after it is left out
    assert not any("十堰市人民政府\n" in p.text for p in shiyan.passages)


def _gold():
    return [json.loads(line) for line in GOLD.read_text(encoding="utf-8").splitlines() if line.strip()]


def test_every_gold_quote_lies_in_exactly_one_passage(segmented):
    quotes_by_passage = defaultdict(list)
    for label in _gold():
        text, report = segmented[SEEDS[label["doc"]]]
        assert text.count(label["quote"]) == 1
        at = text.index(label["quote"])
        holders = [p.index for p in report.passages if p.start <= at and at + len(label["quote"]) <= p.end]
        assert len(holders) == 1, label["quote"]
        quotes_by_passage[(label["doc"], holders[0])].append(label["quote"])
    shared = {k: v for k, v in quotes_by_passage.items() if len(v) > 1}
    assert shared == {}  # every labelled passage is a passage of its own
    assert len(quotes_by_passage) == 91


def test_every_passage_of_a_seed_is_labelled_except_the_split_plans(segmented):
    labelled = defaultdict(set)
    for label in _gold():
        text, report = segmented[SEEDS[label["doc"]]]
        at = text.index(label["quote"])
        labelled[SEEDS[label["doc"]]].update(p.index for p in report.passages if p.start <= at < p.end)
    for name, (text, report) in segmented.items():
        unlabelled = [p for p in report.passages if p.index not in labelled[name]]
        if name == "report-ordos-2023.txt":
            # the closing paragraph's plans "一是深化…五是…" are titled items: passages the gold keeps together
            assert [p.norm[:2] for p in unlabelled] == ["一是", "二是", "三是", "四是", "五是"]
        else:
            assert unlabelled == []


# ---------------------------------------------------------------- other layouts


def _prefixed(rows):
    """(heading, first ten characters of the passage, …): enough to tell passages apart."""
    return [(heading, norm[:10], *rest) for heading, norm, *rest in rows]


OWN_LINE_HEADINGS = """XX区人民政府关于2022年度法治政府建设情况的报告

区人大常委会：
　　2022年，我区坚持以习近平法治思想为指导，全面推进法治政府建设。现将有关情况报告如下：
　　一、主要工作及成效
　　（一）加强党的领导
　　全区各级党组织把法治政府建设摆在全局工作的突出位置，区政府常务会议专题研究法治政府建设工作4次。
　　区政府主要负责人切实履行推进法治建设第一责任人职责，带头述法。
　　（二）深化“放管服”改革
　　1.推进简政放权。全面梳理区级行政权力事项，公布权责清单1200项。
　　2.优化营商环境。持续开展营商环境评价，企业满意度达到95%以上。
　　（三）规范行政执法
　　（1）完善执法制度。制定行政执法公示办法，全面落实“三项制度”。
　　（2）加强执法监督。开展行政执法案卷评查，评查案卷300卷，合格率98%。
　　二、存在的问题
　　一是部分干部法治意识不强；二是执法队伍专业化水平不高；三是基层法治建设薄弱。
　　三、下一步工作安排
　　第一，持续深入学习贯彻习近平法治思想，推动领导干部带头尊法学法守法用法。第二，深化行政执法体制改革，提升执法质量。第三，加强法治宣传教育。

　　　　　　　　　　　　　　　　　　XX区人民政府
　　　　　　　　　　　　　　　　　　2023年1月15日
"""


def test_own_line_headings_numbered_items_and_inline_lists():
    report = split_report(OWN_LINE_HEADINGS)
    assert report.title == "XX区人民政府关于2022年度法治政府建设情况的报告"
    got = [(p.heading, p.norm, p.kind) for p in report.passages]
    assert _prefixed(got) == [
        ("", "2022年，我区坚持", "paragraph"),
        ("一、主要工作及成效 > (一)加强党的领导", "全区各级党组织把法治", "paragraph"),
        ("一、主要工作及成效 > (一)加强党的领导", "区政府主要负责人切实", "paragraph"),
        ("一、主要工作及成效 > (二)深化“放管服”改革 > 1.推进简政放权", "1.推进简政放权。全", "item"),
        ("一、主要工作及成效 > (二)深化“放管服”改革 > 2.优化营商环境", "2.优化营商环境。持", "item"),
        ("一、主要工作及成效 > (三)规范行政执法 > (1)完善执法制度", "(1)完善执法制度。", "item"),
        ("一、主要工作及成效 > (三)规范行政执法 > (2)加强执法监督", "(2)加强执法监督。", "item"),
        ("二、存在的问题 > 一是部分干部法治意识不强", "一是部分干部法治意识", "item"),
        ("二、存在的问题 > 二是执法队伍专业化水平不高", "二是执法队伍专业化水", "item"),
        ("二、存在的问题 > 三是基层法治建设薄弱", "三是基层法治建设薄弱", "item"),
        ("三、下一步工作安排 > 第一，持续深入学习贯彻习近平法治思想，推动领导干部带头尊法学法守法用法", "第一，持续深入学习贯", "item"),
        ("三、下一步工作安排 > 第二，深化行政执法体制改革，提升执法质量", "第二，深化行政执法体", "item"),
        ("三、下一步工作安排 > 第三，加强法治宣传教育", "第三，加强法治宣传教", "item"),
    ]
    # addressee, signature and date are not passages
    assert not any(p.norm.startswith(("区人大常委会", "XX区人民政府", "2023年1月15日")) for p in report.passages)


WEB_PAGE_BULLETS = """关于2023年度法治政府建设工作情况的报告
发布时间：2024-01-20　来源：区司法局　【字体：大 中 小】
今年以来，在市委、市政府的坚强领导下，我市法治政府建设取得新成效。
● 坚持党的领导，统筹推进法治政府建设。市委常委会会议、市政府常务会议先后12次研究法治政府建设工作。
● 提升行政复议质效。全年办理行政复议案件120件，纠错率8.3%，行政机关负责人出庭应诉率达100%。
第一部分 2023年工作情况
①严格规范公正文明执法。开展执法监督检查5次。②强化行政权力制约监督。主动接受人大监督，办理人大代表建议86件。
- 3 -
特此报告。
XX市人民政府
2024年1月20日
"""


def test_bullets_page_furniture_and_circled_numbers():
    report = split_report(WEB_PAGE_BULLETS)
    assert report.title == "关于2023年度法治政府建设工作情况的报告"
    got = [(p.heading, p.norm) for p in report.passages]
    assert _prefixed(got) == [
        ("", "今年以来，在市委、市"),
        ("坚持党的领导，统筹推进法治政府建设", "●坚持党的领导，统筹"),
        ("提升行政复议质效", "●提升行政复议质效。"),
        ("第一部分2023年工作情况 > ①严格规范公正文明执法", "①严格规范公正文明执"),
        ("第一部分2023年工作情况 > ②强化行政权力制约监督", "②强化行政权力制约监"),
    ]


LEAD_AND_TITLED_ITEMS = """XX县2023年法治政府建设年度报告
一、主要举措和成效
（一）坚持高位推动，压实法治建设责任
县委县政府高度重视法治政府建设工作。一是强化组织领导。成立以县长为组长的法治政府建设领导小组，定期召开会议研究部署重点工作，全年召开专题会议4次。二是强化考核督察。将法治政府建设纳入年度目标考核，开展法治督察2轮，发现问题23个并全部完成整改。三是强化述法评议。组织38名部门主要负责人现场述法，述法评议结果纳入干部考核档案。
（二）健全依法决策机制。一是严格决策程序。全年作出重大行政决策6项，均履行法定程序。二是发挥法律顾问作用。县政府法律顾问覆盖率达到100%。
二、存在的不足
一年来，我县法治政府建设取得一定成效，但仍存在一些不足：一是法治政府建设推进不够平衡；二是执法人员素质有待提高。
"""


def test_lead_sentences_run_in_titles_and_short_lists():
    report = split_report(LEAD_AND_TITLED_ITEMS)
    got = [(p.heading.split(" > ")[-1], p.norm) for p in report.passages]
    assert _prefixed(got) == [
        ("(一)坚持高位推动，压实法治建设责任", "县委县政府高度重视法"),  # the lead is a passage of its own
        ("一是强化组织领导", "一是强化组织领导。成"),
        ("二是强化考核督察", "二是强化考核督察。将"),
        ("三是强化述法评议", "三是强化述法评议。组"),
        ("一是严格决策程序", "一是严格决策程序。全"),  # "(二)…机制。" is only a title: in the heading path
        ("二是发挥法律顾问作用", "二是发挥法律顾问作用"),
        ("二、存在的不足", "一年来，我县法治政府"),  # a short list inside a paragraph stays with it
    ]
    assert report.passages[4].heading == "一、主要举措和成效 > (二)健全依法决策机制 > 一是严格决策程序"


def test_long_items_are_cut_at_sentence_ends():
    sentence = "持续深化行政执法体制改革，推进综合行政执法队伍规范化建设，全年开展执法检查一百余次。"
    text = "一、工作成效\n（一）规范执法。" + sentence * 30
    report = split_report(text)
    assert len(report.passages) == 3
    assert all(p.text.endswith("。") for p in report.passages)
    assert max(len(p.norm) for p in report.passages) - min(len(p.norm) for p in report.passages) < len(sentence) * 2
    assert {p.heading for p in report.passages} == {"一、工作成效 > (一)规范执法"}
    assert "".join(p.text for p in report.passages) == text.split("\n", 1)[1]


def test_a_table_is_one_passage():
    # docx tables arrive as one line per row, cells joined with tabs
    text = "一、主要数据\n指标\t2023年\t备注\n行政复议案件\t120件\t全部办结\n规范性文件备案\t55件\t\n二、存在问题\n执法不规范。"
    report = split_report(text)
    assert [(p.heading, p.norm) for p in report.passages] == [
        ("一、主要数据", "指标2023年备注\n行政复议案件120件全部办结\n规范性文件备案55件"),
        ("二、存在问题", "执法不规范。"),
    ]


def test_empty_and_title_only():
    assert split_report("").passages == []
    report = split_report("关于2023年法治政府建设情况的报告\n")
    assert report.title == "关于2023年法治政府建设情况的报告"
    assert report.passages == []
