"""Indicator-system parser (checklist/parsing/indicators.py): pure Python, no database.

Wording taken from fixtures/indicators-2021.json is the verified 2021 text. Every other indicator
wording below is a made-up placeholder marked 测试 (test): it only exercises layouts and must never be
taken for real indicator text.
"""
import json
import sys
import types
from decimal import Decimal
from pathlib import Path

import pytest

from checklist.parsing.indicators import (
    IndicatorParseError, ParsedIndicator, ParsedSystem, assign_codes, load_indicator_file, numeral_value,
    parse_indicator_json, parse_indicator_text, parse_indicator_xlsx, split_number,
)

REFERENCE = Path(__file__).resolve().parent.parent / "fixtures" / "indicators-2021.json"
# The verified text as published, without the structure counts the fixture adds (tested separately).
DATA = {k: v for k, v in json.loads(REFERENCE.read_text(encoding="utf-8")).items()
        if k not in ("expected_counts", "expected_counts_source")}
L3 = [item["text"] for item in DATA["level1"][0]["level2"][0]["level3"]]  # verified 2021 三级 #1-#3
PREAMBLE = DATA["preamble"]


def codes(system):
    return [ind.code for ind in system.indicators]


# ---------------------------------------------------------------- helpers

@pytest.mark.parametrize("numeral, value", [
    ("一", 1), ("九", 9), ("十", 10), ("十一", 11), ("二十七", 27), ("一百", 100), ("一百零四", 104),
    ("27", 27), ("①", 1), ("⑳", 20), ("", None), ("甲", None),
])
def test_numeral_value(numeral, value):
    assert numeral_value(numeral) == value


@pytest.mark.parametrize("cell, expected", [
    ("一、政府职能依法全面履行", ("cn", "一", "政府职能依法全面履行")),
    ("1.加大简政放权力度", ("arabic", "1", "加大简政放权力度")),
    ("27、测试", ("arabic", "27", "测试")),
    ("(1)测试子项", ("arabic_paren", "1", "测试子项")),
    ("(三)测试", ("cn_paren", "三", "测试")),
    ("②测试", ("circled", "②", "测试")),
    ("4", ("arabic", "4", "")),
    ("1.5%的测试", ("", "", "1.5%的测试")),
    ("2021年测试", ("", "", "2021年测试")),
])
def test_split_number(cell, expected):
    assert split_number(cell) == expected


# ---------------------------------------------------------------- JSON reference data

def test_reference_json_loads_verbatim():
    system = parse_indicator_json(DATA)
    assert (system.name, system.version, system.issuer) == ("市县法治政府建设示范指标体系(2021年版)", "2021", "中央依法治国办")
    assert system.sources == DATA["sources"]
    assert system.preamble == PREAMBLE
    assert codes(system) == ["2021-L1-001", "2021-L2-001", "2021-L3-001", "2021-L3-002", "2021-L3-003"]
    assert [(i.level, i.number, i.parent) for i in system.indicators] == [
        (1, "一", None), (2, "1", 0), (3, "1", 1), (3, "2", 1), (3, "3", 1)]
    assert [i.name for i in system.indicators[:2]] == ["政府职能依法全面履行", "加大简政放权力度"]
    assert [i.text for i in system.indicators[2:]] == L3
    assert all(i.source == "https://czj.chuzhou.gov.cn/ztzl/yfxz/1104200385.html" for i in system.indicators)
    assert system.expected_counts == {}
    assert system.completeness() == {"complete": False, "levels": [
        {"level": 1, "label": "一级指标", "loaded": 1, "expected": None},
        {"level": 2, "label": "二级指标", "loaded": 1, "expected": None},
        {"level": 3, "label": "三级指标", "loaded": 3, "expected": None}]}


def test_reference_json_notes_and_unplaced_candidate():
    system = parse_indicator_json(DATA)
    assert system.notes.startswith(DATA["completeness"])
    for gap in DATA["gaps"]:
        assert gap in system.notes
    assert "未载入 1 条位置未核实的候选指标（编号 27）" in system.notes
    # the #27 candidate must not be loaded
    assert not any(DATA["unplaced_candidates"][0]["text"] == i.text for i in system.indicators)
    assert "27" not in [i.number for i in system.indicators]


def test_json_expected_counts_and_completeness():
    system = parse_indicator_json({**DATA, "expected_counts": {"1": 9, "2": 32, "3": 100}})
    assert system.expected_counts == {1: 9, 2: 32, 3: 100}
    assert [(l["loaded"], l["expected"]) for l in system.completeness()["levels"]] == [(1, 9), (1, 32), (3, 100)]
    assert system.completeness()["complete"] is False
    whole = parse_indicator_json({**DATA, "expected_counts": {"1": 1, "2": 1, "3": 3}})
    assert whole.completeness()["complete"] is True


def test_to_dict():
    d = parse_indicator_json(DATA).to_dict()
    assert {k: d["system"][k] for k in ("name", "version", "issuer", "expected_counts")} == {
        "name": "市县法治政府建设示范指标体系(2021年版)", "version": "2021", "issuer": "中央依法治国办", "expected_counts": {}}
    assert {k: d["indicators"][2][k] for k in ("code", "level", "number", "name", "text", "score", "parent")} == {
        "code": "2021-L3-001", "level": 3, "number": "1", "name": "", "text": L3[0], "score": None, "parent": "2021-L2-001"}
    assert d["indicators"][0]["parent"] is None
    assert d["completeness"]["levels"][2]["loaded"] == 3
    json.dumps(d, ensure_ascii=False)  # serialisable as is


def test_json_bad_shape():
    with pytest.raises(IndicatorParseError, match="JSON 格式不符"):
        parse_indicator_json({"title": "x"})


# ---------------------------------------------------------------- text layouts

NATIONAL = f"""市县法治政府建设示范指标体系(2021年版)

{PREAMBLE}

一、政府职能依法全面履行
1.加大简政放权力度
1.{L3[0]}
2.{L3[1]}
2.测试二级指标乙
3.{L3[2]}
二、测试一级指标
3.测试二级指标丙
4.测试三级指标四的正文，含逗号。
5.测试三级指标五的正文。
"""


def test_national_one_item_per_line():
    system = parse_indicator_text(NATIONAL)
    assert (system.name, system.version, system.preamble) == ("市县法治政府建设示范指标体系(2021年版)", "2021", PREAMBLE)
    got = [(i.level, i.number, i.name, i.parent) for i in system.indicators]
    assert got == [
        (1, "一", "政府职能依法全面履行", None), (2, "1", "加大简政放权力度", 0), (3, "1", "", 1), (3, "2", "", 1),
        (2, "2", "测试二级指标乙", 0), (3, "3", "", 4), (1, "二", "测试一级指标", None), (2, "3", "测试二级指标丙", 6),
        (3, "4", "", 7), (3, "5", "", 7)]
    assert [i.text for i in system.indicators if i.level == 3][:3] == L3
    assert codes(system) == ["2021-L1-001", "2021-L2-001", "2021-L3-001", "2021-L3-002", "2021-L2-002",
                             "2021-L3-003", "2021-L1-002", "2021-L2-003", "2021-L3-004", "2021-L3-005"]
    assert system.notes == ""


# The 2021 web page: a table flattened to one cell per line, numbers alone on their lines, trailing bare "4".
FLATTENED = f"""市县法治政府建设示范指标体系(2021年版)
{PREAMBLE}
一级指标
二级指标
三级指标
一、政府职能依法全面履行
{chr(10) * 14}
1.加大简政放权力度

1
{L3[0]}
2.

{L3[1]}
3
{L3[2]}
4
"""


def test_flattened_table_layout():
    system = parse_indicator_text(FLATTENED)
    assert system.preamble == PREAMBLE
    assert [(i.level, i.number, i.parent) for i in system.indicators] == [
        (1, "一", None), (2, "1", 0), (3, "1", 1), (3, "2", 1), (3, "3", 1)]
    assert [i.text for i in system.indicators[2:]] == L3
    assert codes(system) == ["2021-L1-001", "2021-L2-001", "2021-L3-001", "2021-L3-002", "2021-L3-003"]
    assert system.notes == "编号“4”后没有指标正文，未载入"
    assert [l["loaded"] for l in system.completeness()["levels"]] == [1, 1, 3]


def test_wrapped_lines_join_and_stated_counts():
    text = ("测试指标体系(2023年版)\n本指标体系共9个一级指标、32个二级指标、100个三级指标。\n"
            "一、测试一级\n1.测试二级\n1.测试三级指标第一行\n接续第二行。\n")
    system = parse_indicator_text(text)
    assert system.expected_counts == {1: 9, 2: 32, 3: 100}
    assert system.indicators[2].text == "测试三级指标第一行接续第二行。"
    assert system.indicators[2].level == 3
    assert system.completeness()["levels"][2] == {"level": 3, "label": "三级指标", "loaded": 1, "expected": 100}


# Provincial layout (宁夏 2023 pattern), typed in traditional characters with full-width brackets.
PROVINCIAL = """測試省法治政府建設指標體系（2023年）
一、行政決策（占總分值的15%）
基本要求：測試基本要求第一句，
第二行。
1.測試決策事項目錄制度。
2.測試決策程序：
（1）測試子項一。
（2）測試子項二。
二、測試一級乙（占總分值10%）
1.測試條目甲。
評分標準：測試評分標準。
佐證材料：測試材料。
三、測試一級丙（5分）
1.測試條目乙。
"""


def test_provincial_weights_description_subitems():
    system = parse_indicator_text(PROVINCIAL)
    assert (system.name, system.version) == ("测试省法治政府建设指标体系(2023年)", "2023")
    got = [(i.level, i.number, i.name, i.parent, i.score) for i in system.indicators]
    assert got == [
        (1, "一", "行政决策", None, Decimal("15")), (2, "1", "", 0, None), (2, "2", "", 0, None),
        (3, "1", "", 2, None), (3, "2", "", 2, None),
        (1, "二", "测试一级乙", None, Decimal("10")), (2, "1", "", 5, None),
        (1, "三", "测试一级丙", None, Decimal("5")), (2, "1", "", 7, None)]
    first = system.indicators[0]
    assert first.text == "行政决策(占总分值的15%)"
    assert first.description == "测试基本要求第一句，第二行。"
    assert system.indicators[3].text == "测试子项一。"
    assert system.indicators[6].assessment_method == "测试评分标准。"
    assert system.indicators[6].expected_materials == "测试材料。"
    # 二级 numbering restarts per section → path codes; the only (1)(2) are unique at level 3 → plain codes
    assert codes(system) == ["2023-L1-001", "2023-L2-01.01", "2023-L2-01.02", "2023-L3-001",
                             "2023-L3-002", "2023-L1-002", "2023-L2-02.01", "2023-L1-003", "2023-L2-03.01"]


def test_short_item_in_provincial_list_stays_a_sibling():
    # one item without sentence punctuation must not become a heading over the next ones
    system = parse_indicator_text("一、测试一级\n1.测试条目一。\n2.测试短条目\n3.测试条目三。\n")
    assert [(i.level, i.parent) for i in system.indicators] == [(1, None), (2, 0), (2, 0), (2, 0)]
    assert system.indicators[2].name == "测试短条目"


TAB_TABLE = (
    "测试指标体系(2021年版)\n"
    "一级指标\t二级指标\t序号\t三级指标\t分值\t评估方法\t佐证材料\n"
    f"一、政府职能依法全面履行\t1.加大简政放权力度\t1\t{L3[0]}\t2\t测试方法一\t测试材料一\n"
    f"\t\t2\t{L3[1]}\t3分\t\t\n"
    f"一、政府职能依法全面履行\t2.测试二级乙\t3.\t{L3[2]}\t\t\t\n"
    "二、测试一级(占总分值的10%)\t3.测试二级丙\t4\t测试三级四。\t\t\t\n"
    "\t\t5\t\t\t\t\n"
    "注：测试注释。\n"
)


def test_tab_separated_table_text():
    system = parse_indicator_text(TAB_TABLE)
    assert system.name == "测试指标体系(2021年版)"
    got = [(i.level, i.number, i.name, i.parent, i.score) for i in system.indicators]
    assert got == [
        (1, "一", "政府职能依法全面履行", None, None), (2, "1", "加大简政放权力度", 0, None),
        (3, "1", "", 1, Decimal("2")), (3, "2", "", 1, Decimal("3")), (2, "2", "测试二级乙", 0, None),
        (3, "3", "", 4, None), (1, "二", "测试一级", None, Decimal("10")), (2, "3", "测试二级丙", 6, None),
        (3, "4", "", 7, None)]
    assert [i.text for i in system.indicators if i.level == 3][:3] == L3
    assert system.indicators[2].assessment_method == "测试方法一"
    assert system.indicators[2].expected_materials == "测试材料一"
    assert codes(system)[-1] == "2021-L3-004"
    assert system.notes == "注：测试注释。"


def test_tab_table_with_multi_paragraph_merged_cells():
    # python-docx gives a merged cell's paragraphs joined by newlines, so one row spans several lines
    text = ("一级指标\t二级指标\t序号\t三级指标\n"
            f"一、政府职能依法全面履行\n\n\t1.加大简政放权力度\n\n\t1\t{L3[0]}\n"
            f"\t\t2\t{L3[1][:10]}\n{L3[1][10:]}\n"  # last cell of a row in two paragraphs
            f"\n\t\t3\t{L3[2][:20]}\n{L3[2][20:]}\n"
            "注：测试注释。\n")
    system = parse_indicator_text(text)
    assert [(i.level, i.number, i.parent) for i in system.indicators] == [
        (1, "一", None), (2, "1", 0), (3, "1", 1), (3, "2", 1), (3, "3", 1)]
    assert [i.text for i in system.indicators[2:]] == L3
    assert system.notes == "注：测试注释。"


def test_tab_table_missing_column():
    with pytest.raises(IndicatorParseError, match="^缺少列：三级指标$"):
        parse_indicator_text("一级指标\t二级指标\t序号\n一、测试\t1.测试\t1\n")


def test_no_indicators():
    with pytest.raises(IndicatorParseError, match="未找到任何指标"):
        parse_indicator_text("只是一段说明文字，没有编号。\n")


def test_numbering_gap_reported():
    system = parse_indicator_text("一、测试一级\n1.测试二级\n1.测试三级一。\n3.测试三级三。\n")
    assert [i.level for i in system.indicators] == [1, 2, 3, 3]
    assert system.notes == "三级指标编号不连续，文件中缺少：2"


# ---------------------------------------------------------------- codes

def test_assign_codes_unnumbered_and_duplicates():
    system = ParsedSystem(version="2023", indicators=[
        ParsedIndicator(1, "", "甲", "甲", None), ParsedIndicator(2, "1", "", "x。", 0), ParsedIndicator(2, "1", "", "y。", 0),
        ParsedIndicator(1, "", "乙", "乙", None), ParsedIndicator(2, "", "", "z。", 3)])
    assign_codes(system)
    assert codes(system) == ["2023-L1-01", "2023-L2-01.01", "2023-L2-01.01-2", "2023-L1-02", "2023-L2-02.01"]


# ---------------------------------------------------------------- xlsx

def _workbook(path, header, rows, title="测试省指标体系(2023年版)"):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append([title])
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    return book, sheet


def test_xlsx_with_title_row_and_merged_cells(tmp_path):
    header = ["一级指标", "二级指标", "序号", "三级指标", "分值", "评分标准", "佐证材料"]
    book, sheet = _workbook(tmp_path / "s.xlsx", header, [
        ["一、测试一级甲(占总分值的15%)", "1.测试二级甲", 1, "测试三级一。", 2, "测试评分一", "测试材料一"],
        [None, None, 2, "测试三级二。", 1.5, None, None],
        [None, "2.测试二级乙", 3, "测试三级三。", None, None, None],
        ["二、测试一级乙", "1.测试二级丙", 4, "测试三级四。", "3分", None, None],
        [None, None, 5, None, None, None, None],
    ])
    sheet.merge_cells("A3:A5")  # 一级 merged over three rows
    book.save(tmp_path / "s.xlsx")
    system = parse_indicator_xlsx(tmp_path / "s.xlsx")
    assert (system.name, system.version) == ("测试省指标体系(2023年版)", "2023")
    got = [(i.level, i.number, i.name, i.parent, i.score) for i in system.indicators]
    assert got == [
        (1, "一", "测试一级甲", None, Decimal("15")), (2, "1", "测试二级甲", 0, None),
        (3, "1", "", 1, Decimal("2")), (3, "2", "", 1, Decimal("1.5")), (2, "2", "测试二级乙", 0, None),
        (3, "3", "", 4, None), (1, "二", "测试一级乙", None, None), (2, "1", "测试二级丙", 6, None),
        (3, "4", "", 7, Decimal("3"))]
    assert system.indicators[2].assessment_method == "测试评分一"
    assert system.indicators[2].expected_materials == "测试材料一"
    # 二级 restarts under 二、 → path codes; 三级 numbers run through → plain codes
    assert codes(system) == ["2023-L1-001", "2023-L2-01.01", "2023-L3-001", "2023-L3-002", "2023-L2-01.02",
                             "2023-L3-003", "2023-L1-002", "2023-L2-02.01", "2023-L3-004"]


def test_xlsx_missing_column(tmp_path):
    book, _ = _workbook(tmp_path / "m.xlsx", ["一级指标", "二级指标", "序号", "评分标准"], [["一、测试", "1.测试", 1, "x"]])
    book.save(tmp_path / "m.xlsx")
    with pytest.raises(IndicatorParseError, match="^缺少列：三级指标$"):
        parse_indicator_xlsx(tmp_path / "m.xlsx")


def test_xlsx_without_header(tmp_path):
    book, _ = _workbook(tmp_path / "n.xlsx", ["甲", "乙"], [["1", "2"]])
    book.save(tmp_path / "n.xlsx")
    with pytest.raises(IndicatorParseError, match="未找到表头"):
        parse_indicator_xlsx(tmp_path / "n.xlsx")


# ---------------------------------------------------------------- files

def test_load_json_file_with_overrides(tmp_path):
    path = tmp_path / "ref.json"
    path.write_text(json.dumps(DATA, ensure_ascii=False), encoding="utf-8")
    assert codes(load_indicator_file(path))[-1] == "2021-L3-003"
    system = load_indicator_file(path, name="自定义名称", version="2021b")
    assert system.name == "自定义名称"
    assert codes(system) == ["2021b-L1-001", "2021b-L2-001", "2021b-L3-001", "2021b-L3-002", "2021b-L3-003"]


def test_load_gbk_text_version_from_filename(tmp_path):
    path = tmp_path / "测试体系2023年.txt"
    path.write_bytes("一、测试一级\n1.测试条目。\n".encode("gbk"))
    system = load_indicator_file(path)
    assert (system.version, codes(system)) == ("2023", ["2023-L1-001", "2023-L2-001"])


def test_load_text_file_guesses_version_from_title(tmp_path):
    path = tmp_path / "national.txt"
    path.write_text(FLATTENED, encoding="utf-8")
    system = load_indicator_file(path)
    assert system.version == "2021"
    assert codes(system)[-1] == "2021-L3-003"


def test_load_bad_json_and_unsupported(tmp_path):
    bad = tmp_path / "bad.json"
    bad.write_text("{not json", encoding="utf-8")
    with pytest.raises(IndicatorParseError, match="JSON 文件无法解析"):
        load_indicator_file(bad)
    doc = tmp_path / "old.doc"
    doc.write_bytes(b"x")
    with pytest.raises(IndicatorParseError, match=r"不支持的文件类型：\.doc.*另存为"):
        load_indicator_file(doc)


def test_load_docx_dispatches_to_read_document(tmp_path, monkeypatch):
    # documents.read_document is written separately; its contract: docx table rows → tab-joined cells
    fake = types.ModuleType("checklist.parsing.documents")
    fake.read_document = lambda path: TAB_TABLE
    monkeypatch.setitem(sys.modules, "checklist.parsing.documents", fake)
    path = tmp_path / "table.docx"
    path.write_bytes(b"")
    system = load_indicator_file(path)
    assert len(system.indicators) == 9
    assert codes(system)[0] == "2021-L1-001"


def test_load_real_docx_table(tmp_path):
    pytest.importorskip("checklist.parsing.documents")
    import docx

    document = docx.Document()
    document.add_paragraph("测试指标体系(2021年版)")
    table = document.add_table(rows=4, cols=4)
    for r, row in enumerate([["一级指标", "二级指标", "序号", "三级指标"],
                             ["一、政府职能依法全面履行", "1.加大简政放权力度", "1", L3[0]],
                             ["", "", "2", L3[1]], ["", "", "3", L3[2]]]):
        for c, value in enumerate(row):
            table.cell(r, c).text = value
    table.cell(1, 0).merge(table.cell(3, 0))  # 一级/二级 cells merged down, as in the published table
    table.cell(1, 1).merge(table.cell(3, 1))
    document.save(tmp_path / "t.docx")
    system = load_indicator_file(tmp_path / "t.docx")
    assert (system.name, system.version) == ("测试指标体系(2021年版)", "2021")
    assert [i.text for i in system.indicators if i.level == 3] == L3
    assert codes(system) == ["2021-L1-001", "2021-L2-001", "2021-L3-001", "2021-L3-002", "2021-L3-003"]


def test_load_damaged_docx(tmp_path):
    pytest.importorskip("checklist.parsing.documents")
    path = tmp_path / "broken.docx"
    path.write_bytes(b"not a zip")
    with pytest.raises(IndicatorParseError, match="无法读取 Word 文件"):
        load_indicator_file(path)
