"""Indicator-system parser (checklist/parsing/indicators.py, indicator_tables.py, indicator_text.py): pure Python,
no database.

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

from checklist.parsing.indicator_tables import parse_indicator_xlsx
from checklist.parsing.indicator_text import parse_indicator_text
from checklist.parsing.indicators import (
    IndicatorParseError, ParsedIndicator, ParsedSystem, assign_codes, load_indicator_file, numeral_value,
    parse_indicator_json, split_number,
)
from tests.helpers import indicator_table_pdf, pdf_from_html

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
    assert system.notes == "注：测试注释。\n编号“5”后没有指标正文，未载入"


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


def test_tab_table_missing_middle_column():
    # two levels are a table of their own (tested below); 一级 and 三级 without 二级 are a header misread
    with pytest.raises(IndicatorParseError, match="^缺少列：二级指标$"):
        parse_indicator_text("一级指标\t三级指标\t序号\n一、测试\t1.测试\t1\n")


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


def test_xlsx_missing_middle_column(tmp_path):
    book, _ = _workbook(tmp_path / "m.xlsx", ["一级指标", "三级指标", "序号", "评分标准"], [["一、测试", "1.测试", 1, "x"]])
    book.save(tmp_path / "m.xlsx")
    with pytest.raises(IndicatorParseError, match="^缺少列：二级指标$"):
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


# ---------------------------------------------------------------- layouts of the files users hold
# Every wording below is a placeholder (测试…): only the layout is real.

def _document(path, *parts):
    """A Word file of paragraphs (str) and tables ((rows, merges): rows of cell texts with "\n" between a cell's
    paragraphs and "" for a cell a merge covers; merges as ((row, col), (row, col)) corners)."""
    import docx

    document = docx.Document()
    for part in parts:
        if isinstance(part, str):
            document.add_paragraph(part)
            continue
        rows, merges = part
        table = document.add_table(rows=len(rows), cols=len(rows[0]))
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                for k, paragraph in enumerate(value.split("\n") if value else []):
                    cell = table.cell(r, c)
                    (cell.paragraphs[0] if k == 0 else cell.add_paragraph()).text = paragraph
        for (r0, c0), (r1, c1) in merges:
            table.cell(r0, c0).merge(table.cell(r1, c1))
    document.save(path)
    return path


def _docx(path, before, rows, merges=(), after=()):
    """Paragraphs, one table, paragraphs."""
    return _document(path, *before, (rows, merges), *after)


def _tree(system):
    return [(i.level, i.number, i.parent) for i in system.indicators]


def test_docx_table_under_attachment_title_with_merged_levels_and_notes(tmp_path):
    # 一级/二级 merged down, 三级 numbered in its cell, a 测评方法 column, 说明 with a numbered list under the table
    rows = [["一级指标", "二级指标", "三级指标", "分值", "测评方法"]]
    for n in range(1, 5):
        rows.append([f"一、测试一级指标A（20分）" if n == 1 else "", "（一）测试二级指标A1" if n == 1 else
                     "（二）测试二级指标A2" if n == 3 else "", f"{n}.测试三级指标{n}，要求测试。", "5", f"测试测评方法{n}。"])
    path = _docx(tmp_path / "t.docx", ["附件", "测试省法治政府建设示范指标体系", "（2023年版）"], rows,
                 merges=[((1, 0), (4, 0)), ((1, 1), (2, 1)), ((3, 1), (4, 1))],
                 after=["说明", "1.测试说明一。", "2.测试说明二。"])
    system = load_indicator_file(path)
    assert (system.name, system.version, system.preamble) == ("测试省法治政府建设示范指标体系(2023年版)", "2023", "")
    assert _tree(system) == [(1, "一", None), (2, "一", 0), (3, "1", 1), (3, "2", 1), (2, "二", 0), (3, "3", 4),
                             (3, "4", 4)]
    assert system.indicators[0].score == Decimal("20")
    assert [i.assessment_method for i in system.indicators if i.level == 3] == [f"测试测评方法{n}。" for n in range(1, 5)]
    assert system.notes == "说明\n1.测试说明一。\n2.测试说明二。"
    assert codes(system)[-1] == "2023-L3-004"


@pytest.mark.parametrize("repeat_header", [True, False])
def test_pdf_table_over_pages(tmp_path, repeat_header):
    system = load_indicator_file(indicator_table_pdf(tmp_path / "t.pdf", repeat_header))
    assert (system.name, system.issuer, system.version) == ("测试市法治政府建设示范指标体系", "测试市人民政府办公室", "2023")
    assert system.preamble == "本指标体系共3个一级指标、9个二级指标、27个三级指标。"
    assert system.completeness()["complete"] is True  # 3/3, 9/9, 27/27
    leaves = [i for i in system.indicators if i.level == 3]
    assert [i.number for i in leaves] == [str(n) for n in range(1, 28)]  # also a row a page end cut in two
    assert all(i.text.endswith(i.number) and i.assessment_method == f"测试评分标准{i.number}：未建立的扣1分。"
               for i in leaves)
    assert [i.score for i in leaves] == [Decimal(c) for _ in range(9) for c in (1, 2, 3)]
    parents = [system.indicators[i.parent].name for i in leaves]
    assert parents == [f"测试二级指标{a}.{b}" for a in (1, 2, 3) for b in (1, 2, 3) for _ in range(3)]
    assert [system.indicators[i.parent].name for i in system.indicators if i.level == 2] == [
        f"测试一级指标{a}" for a in (1, 2, 3) for _ in range(3)]
    assert codes(system)[-1] == "2023-L3-027"
    assert system.notes == "说明：1.测试说明一。2.测试说明二。"  # the 版记 (抄送, 印发) is no note


SEVERAL_IN_A_CELL = [  # (一级, 二级, the 三级 cell's paragraphs)
    ("一、测试一级指标A", "1.测试二级指标A1", ["1.测试三级指标一，要求甲。", "2.测试三级指标二，要求乙。", "3.测试三级指标三。"]),
    ("一、测试一级指标A", "2.测试二级指标A2", ["4.测试三级指标四，比例达到1.5%以上。", "5.测试三级指标五。"]),
    ("二、测试一级指标B", "3.测试二级指标B1", ["6.测试三级指标六：1.测试要点；2.测试要点。"]),  # a list inside one item
]


def _several_in_a_cell(path):
    header = ["一级指标", "二级指标", "三级指标", "评分标准"]
    if path.suffix == ".docx":
        return _docx(path, ["测试指标体系"], [header, *[[a, b, "\n".join(c), "测试评分标准。"] for a, b, c in SEVERAL_IN_A_CELL]])
    if path.suffix == ".pdf":
        cells = "".join(f"<tr><td>{a}</td><td>{b}</td><td>{'<br>'.join(c)}</td><td>测试评分标准。</td></tr>"
                        for a, b, c in SEVERAL_IN_A_CELL)
        return pdf_from_html(path, "<h3>测试指标体系</h3><table><tr>" + "".join(f"<th>{h}</th>" for h in header)
                             + f"</tr>{cells}</table>")
    book, sheet = _workbook(path, header, [[a, b, "\n".join(c), "测试评分标准。"] for a, b, c in SEVERAL_IN_A_CELL],
                            title="测试指标体系")
    book.save(path)
    return path


@pytest.mark.parametrize("suffix", [".docx", ".pdf", ".xlsx"])
def test_several_numbered_items_in_one_cell(tmp_path, suffix):
    system = load_indicator_file(_several_in_a_cell(tmp_path / f"t{suffix}"))
    leaves = [i for i in system.indicators if i.level == 3]
    assert [(i.number, i.text) for i in leaves] == [
        ("1", "测试三级指标一，要求甲。"), ("2", "测试三级指标二，要求乙。"), ("3", "测试三级指标三。"),
        ("4", "测试三级指标四，比例达到1.5%以上。"), ("5", "测试三级指标五。"), ("6", "测试三级指标六：1.测试要点；2.测试要点。")]
    assert [system.indicators[i.parent].number for i in leaves] == ["1", "1", "1", "2", "2", "3"]
    assert all(i.assessment_method == "测试评分标准。" for i in leaves)
    assert codes(system)[-1] == "L3-006" and system.notes == ""


@pytest.mark.parametrize("text, items", [
    ("1.测试甲。2.测试乙。", [("1", "测试甲。"), ("2", "测试乙。")]),
    ("7.测试甲； 8.测试乙。", [("7", "测试甲；"), ("8", "测试乙。")]),
    ("1.测试甲。3.测试乙。", [("1", "测试甲。3.测试乙。")]),  # not running on: one item
    ("1.测试，含第2、3项。2.测试乙。", [("1", "测试，含第2、3项。"), ("2", "测试乙。")]),
    ("1.测试要求：1.测试甲；2.测试乙。", [("1", "测试要求：1.测试甲；2.测试乙。")]),  # a list inside one item
    ("测试甲。2.测试乙。", [("", "测试甲。2.测试乙。")]),  # the cell does not start numbered
])
def test_cell_items(text, items):
    from checklist.parsing.indicator_tables import _cell_items

    assert _cell_items(text) == items


def test_two_level_table_with_total_row(tmp_path):
    rows = [["一级指标", "二级指标", "分值", "评分标准"],
            ["一、测试一级指标A（20分）", "1.测试二级指标A1，要求甲。", "10", "测试评分标准甲。"],
            ["", "2.测试二级指标A2，要求乙。", "10", "测试评分标准乙。"],
            ["二、测试一级指标B（10分）", "3.测试二级指标B1，要求丙。", "10", "测试评分标准丙。"],
            ["合计", "", "30", ""]]
    path = _docx(tmp_path / "t.docx", ["测试省法治政府建设考核指标（2022年）"], rows,
                 merges=[((1, 0), (2, 0)), ((4, 0), (4, 1))])
    system = load_indicator_file(path)
    assert (system.name, system.version) == ("测试省法治政府建设考核指标(2022年)", "2022")
    assert _tree(system) == [(1, "一", None), (2, "1", 0), (2, "2", 0), (1, "二", None), (2, "3", 3)]
    assert [i.score for i in system.indicators] == [Decimal(n) for n in (20, 10, 10, 10, 10)]
    assert system.indicators[4].assessment_method == "测试评分标准丙。"
    assert [l["level"] for l in system.completeness()["levels"]] == [1, 2]


BANNER_ROWS = [["二级指标", "三级指标", "分值", "测评方法"],
               ["一、测试一级指标A（30分）"] * 4,
               ["（一）测试二级指标A1", "1.测试三级指标一。", "5", "测试测评方法一。"],
               ["", "2.测试三级指标二。", "5", "测试测评方法二。"],
               ["（二）测试二级指标A2", "3.测试三级指标三。", "20", "测试测评方法三。"],
               ["二、测试一级指标B（70分）"] * 4,
               ["（一）测试二级指标B1", "4.测试三级指标四。", "70", "测试测评方法四。"],
               ["总分", "", "100", ""]]


def _banner_file(path):
    if path.suffix == ".docx":
        rows = [row if len(set(row)) > 1 else [row[0], "", "", ""] for row in BANNER_ROWS]
        return _docx(path, ["测试市法治政府建设示范创建指标"], rows,
                     merges=[((1, 0), (1, 3)), ((5, 0), (5, 3)), ((2, 0), (3, 0))])
    if path.suffix == ".pdf":
        html = "".join(f'<tr><td colspan="4">{row[0]}</td></tr>' if len(set(row)) == 1 else
                       "<tr>" + "".join(f"<td>{v}</td>" for v in row) + "</tr>" for row in BANNER_ROWS)
        return pdf_from_html(path, f"<h3>测试市法治政府建设示范创建指标</h3><table>{html}</table>")
    book, sheet = _workbook(path, BANNER_ROWS[0], [row if len(set(row)) > 1 else row[:1] for row in BANNER_ROWS[1:]],
                            title="测试市法治政府建设示范创建指标")
    sheet.merge_cells("A3:D3")  # in a worksheet a merged row holds its text in the first cell only
    sheet.merge_cells("A7:D7")
    book.save(path)
    return path


@pytest.mark.parametrize("suffix", [".docx", ".pdf", ".xlsx"])
def test_first_level_as_rows_merged_across_the_table(tmp_path, suffix):
    system = load_indicator_file(_banner_file(tmp_path / f"t{suffix}"))
    assert system.name == "测试市法治政府建设示范创建指标"
    assert _tree(system) == [(1, "一", None), (2, "一", 0), (3, "1", 1), (3, "2", 1), (2, "二", 0), (3, "3", 4),
                             (1, "二", None), (2, "一", 6), (3, "4", 7)]
    assert [(i.name, i.score, i.assessment_method) for i in system.indicators if i.level == 1] == [
        ("测试一级指标A", Decimal("30"), ""), ("测试一级指标B", Decimal("70"), "")]
    assert [i.assessment_method for i in system.indicators if i.level == 3] == [
        "测试测评方法一。", "测试测评方法二。", "测试测评方法三。", "测试测评方法四。"]


def test_first_level_row_beside_a_number_column(tmp_path):
    # 序号 first: the merged 一级 row's text stands in the 序号 column
    book, sheet = _workbook(tmp_path / "t.xlsx", ["序号", "一级指标", "二级指标", "三级指标", "分值"], [
        ["一、测试一级指标A"], [1, None, "测试二级指标A1", "测试三级指标一。", 20], [2, None, None, "测试三级指标二。", 20]])
    sheet.merge_cells("A3:E3")
    book.save(tmp_path / "t.xlsx")
    system = load_indicator_file(tmp_path / "t.xlsx")
    assert _tree(system) == [(1, "一", None), (2, "", 0), (3, "1", 1), (3, "2", 1)]


NOTICE = """测试省人民政府办公厅
测政办发〔2023〕18号
测试省人民政府办公厅关于印发《测试省法治政府建设示范创建指标体系》的通知
各市、县（区）人民政府，省政府各部门：
现将《测试省法治政府建设示范创建指标体系》印发给你们，请认真贯彻执行。
测试省人民政府办公厅
2023年6月1日
附件
测试省法治政府建设示范创建指标体系
一、测试一级指标A（占总分值的15%）
基本要求：测试基本要求甲。
（一）测试二级指标A1（8分）
1.测试三级指标一，要求甲。
评分标准：
1.未建立测试制度的，扣2分；
2.测试制度未公布的，扣1分。
2.测试三级指标二，要求乙。
测评方法：查阅测试资料。
（二）测试二级指标A2（7分）
3.测试三级指标三。
评分标准：测试评分标准，不得分。
二、测试一级指标B（占总分值的85%）
（一）测试二级指标B1
4.测试三级指标四。
佐证材料：
1.测试方案；
2.测试台账。
说明
1.本指标体系测试说明一。
2.本指标体系测试说明二。
抄送：测试单位甲，测试单位乙。
测试省人民政府办公厅 2023年6月2日印发
"""


def test_notice_with_attachment_labelled_paragraphs_and_colophon():
    system = parse_indicator_text(NOTICE)
    assert (system.name, system.issuer, system.version) == ("测试省法治政府建设示范创建指标体系", "测试省人民政府办公厅", "2023")
    assert system.preamble == ""  # the notice above the attachment is no preamble
    assert [(i.level, i.number, i.parent, i.score) for i in system.indicators] == [
        (1, "一", None, Decimal("15")), (2, "一", 0, Decimal("8")), (3, "1", 1, None), (3, "2", 1, None),
        (2, "二", 0, Decimal("7")), (3, "3", 4, None), (1, "二", None, Decimal("85")), (2, "一", 6, None),
        (3, "4", 7, None)]
    first, second, third, fourth = [i for i in system.indicators if i.level == 3]
    assert system.indicators[0].description == "测试基本要求甲。"
    assert first.assessment_method == "1.未建立测试制度的，扣2分；2.测试制度未公布的，扣1分。"  # a list, no indicators
    assert (second.text, second.assessment_method) == ("测试三级指标二，要求乙。", "查阅测试资料。")
    assert third.assessment_method == "测试评分标准，不得分。"
    assert fourth.expected_materials == "1.测试方案；2.测试台账。"
    assert system.notes == "说明\n1.本指标体系测试说明一。\n2.本指标体系测试说明二。"  # the 版记 is dropped


def test_scoring_list_or_next_item():
    text = ("一、测试一级\n1.测试三级一。\n评分标准：测试评分标准，未达到的扣1分。\n"
            "2.测试三级二，每少1次扣0.5分。\n"  # an item after a closed paragraph, though it names points
            "评分标准：\n(1)测试情形，扣1分。\n(2)测试情形，扣2分。\n3.测试三级三。\n")
    system = parse_indicator_text(text)
    assert [(i.level, i.number) for i in system.indicators] == [(1, "一"), (2, "1"), (2, "2"), (2, "3")]
    assert system.indicators[2].assessment_method == "(1)测试情形，扣1分。(2)测试情形，扣2分。"


def test_note_under_an_item_ends_before_the_next_item():
    system = parse_indicator_text("一、测试一级\n1.测试三级一。\n注：测试注释。\n2.测试三级二。\n")
    assert [i.number for i in system.indicators] == ["一", "1", "2"]
    assert system.notes == "注：测试注释。"


def test_xlsx_header_under_a_title_block_with_total_and_note(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["附件2"], ["测试县法治政府建设示范指标体系（2024年版）"], [None, None, None, None, None, "单位：分"],
                ["序号", "一级指标", "二级指标", "三级指标", "分值", "测评要点"],
                [1, "测试一级指标A", "测试二级指标A1", "测试三级指标一。", 5, "测试测评要点一。"],
                [2, None, None, "测试三级指标二。", 5, "测试测评要点二。"],
                [3, None, "测试二级指标A2", "测试三级指标三。", 10, None],
                [4, "测试一级指标B", "测试二级指标B1", "测试三级指标四。", 80, "测试测评要点四。"],
                ["合计", None, None, None, 100, None], [], ["注：本指标体系共2个一级指标、3个二级指标、4个三级指标。"]):
        sheet.append(row)
    sheet.merge_cells("B5:B7")
    sheet.merge_cells("C5:C6")
    sheet.merge_cells("A9:D9")
    book.save(tmp_path / "t.xlsx")
    system = load_indicator_file(tmp_path / "t.xlsx")
    assert (system.name, system.version, system.preamble) == ("测试县法治政府建设示范指标体系(2024年版)", "2024", "")
    assert _tree(system) == [(1, "", None), (2, "", 0), (3, "1", 1), (3, "2", 1), (2, "", 0), (3, "3", 4),
                             (1, "", None), (2, "", 6), (3, "4", 7)]
    assert [i.assessment_method for i in system.indicators if i.level == 3] == [
        "测试测评要点一。", "测试测评要点二。", "", "测试测评要点四。"]
    assert system.notes == "注：本指标体系共2个一级指标、3个二级指标、4个三级指标。"
    assert system.expected_counts == {1: 2, 2: 3, 3: 4} and system.completeness()["complete"] is True


def test_xlsx_two_row_header_rows_across_and_shared_score(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    for row in (["测试市法治政府建设示范创建指标（2022年）"], ["指标", None, "分值", "测评方法"], ["二级指标", "三级指标"],
                ["一、测试一级指标A（30分）"],
                ["（一）测试二级指标A1", "1.测试三级指标一。\n2.测试三级指标二。", 10, "测试测评方法。"],
                [None, "3.测试三级指标三。", 20], ["总分", None, 100]):
        sheet.append(row)
    for cells in ("A2:B2", "C2:C3", "D2:D3", "A4:D4", "A5:A6"):
        sheet.merge_cells(cells)
    book.save(tmp_path / "t.xlsx")
    system = load_indicator_file(tmp_path / "t.xlsx")
    assert _tree(system) == [(1, "一", None), (2, "一", 0), (3, "1", 1), (3, "2", 1), (3, "3", 1)]
    assert [(i.score, i.assessment_method) for i in system.indicators[2:]] == [
        (None, "测试测评方法。"), (None, "测试测评方法。"), (Decimal("20"), "")]
    assert system.notes == "三级指标 1-2 同在一个单元格，共用分值 10 分，未分到各项"


def test_docx_two_row_header_repeated_after_a_continued_table(tmp_path):
    header = [["指标", "", "", "分值", "评分标准"], ["一级指标", "二级指标", "三级指标", "", ""]]
    header_merges = [((0, 0), (0, 2)), ((0, 3), (1, 3)), ((0, 4), (1, 4))]
    first = [*header, ["一、测试一级指标A", "（一）测试二级指标A1", "1.测试三级指标一。", "3", "测试评分一。"],
             ["", "", "2.测试三级指标二。", "2", "测试评分二。"]]
    second = [*header, ["", "（二）测试二级指标A2", "3.测试三级指标三。", "5", "测试评分三。"],
              ["二、测试一级指标B", "（一）测试二级指标B1", "4.测试三级指标四。", "", ""]]
    _document(tmp_path / "t.docx", "测试区法治政府建设指标体系及评分细则",
              (first, [*header_merges, ((2, 0), (3, 0)), ((2, 1), (3, 1))]), "续表", (second, header_merges))
    system = load_indicator_file(tmp_path / "t.docx")
    assert _tree(system) == [(1, "一", None), (2, "一", 0), (3, "1", 1), (3, "2", 1), (2, "二", 0), (3, "3", 4),
                             (1, "二", None), (2, "一", 6), (3, "4", 7)]
    assert [(i.score, i.assessment_method) for i in system.indicators if i.level == 3][:3] == [
        (Decimal("3"), "测试评分一。"), (Decimal("2"), "测试评分二。"), (Decimal("5"), "测试评分三。")]
    assert system.notes == ""


def test_number_cells_holding_several_numbers_or_a_group_number(tmp_path):
    rows = [["序号", "一级指标", "二级指标", "三级指标"],
            ["一", "测试一级指标A", "测试二级指标A1", "1.测试三级指标一。"],  # 序号 merged down with the 一级
            ["", "", "", "2.测试三级指标二。"],
            ["二", "测试一级指标B", "测试二级指标B1", "3.测试三级指标三。"],
            ["4\n5\n6", "", "", "测试三级指标四。\n测试三级指标五。\n测试三级指标六。"],  # paragraphs side by side
            ["7\n8", "", "", "测试三级指标七。"]]
    path = _docx(tmp_path / "t.docx", ["测试指标体系"], rows, merges=[((1, 0), (2, 0)), ((1, 1), (2, 1)), ((1, 2), (2, 2)),
                                                                    ((3, 1), (5, 1)), ((3, 2), (5, 2))])
    system = load_indicator_file(path)
    assert _tree(system) == [(1, "一", None), (2, "", 0), (3, "1", 1), (3, "2", 1), (1, "二", None), (2, "", 4),
                             (3, "3", 5), (3, "4", 5), (3, "5", 5), (3, "6", 5), (3, "7", 5)]
    assert system.indicators[8].text == "测试三级指标五。"
    assert system.notes == "序号“7 8”同在一个单元格，正文未能逐项分开，按一条载入"


def test_paragraph_under_a_docx_table_is_no_part_of_its_last_cell(tmp_path):
    path = _docx(tmp_path / "t.docx", ["测试指标体系"], [["一级指标", "二级指标", "三级指标"],
                                                        ["一、测试一级", "1.测试二级", "1.测试三级。"]],
                 after=["1.测试表后段落。"])
    system = load_indicator_file(path)
    assert system.indicators[-1].text == "测试三级。"
    assert system.notes == "1.测试表后段落。"


def test_pdf_running_text_with_cover_notice(tmp_path):
    paras = ["测试省人民政府办公厅文件", "测政办发〔2022〕7号", "测试省人民政府办公厅关于印发《测试省法治政府建设示范指标体系》的通知",
             "各市人民政府：", "现将《测试省法治政府建设示范指标体系》印发给你们，请认真贯彻落实。", "测试省人民政府办公厅",
             "2022年3月1日", "附件", "测试省法治政府建设示范指标体系", "本指标体系共1个一级指标、2个二级指标、4个三级指标。",
             "一、测试一级指标A（占总分值的100%）", "基本要求：" + "测试基本要求正文，内容较长需要换行显示。" * 4]
    for b, bn in ((1, "一"), (2, "二")):
        paras.append(f"（{bn}）测试二级指标{b}")
        for n in (2 * b - 1, 2 * b):
            paras += [f"{n}.测试三级指标{n}，" + "要求测试内容较长需要换行显示，" * 5 + "并有效运行。",
                      "评分标准：" + "测试评分内容，" * 3 + "未达到的扣1分。"]
    paras += ["说明", "1.本指标体系测试说明一。", "抄送：测试单位甲。", "测试省人民政府办公厅 2022年3月2日印发"]
    system = load_indicator_file(pdf_from_html(tmp_path / "t.pdf", "".join(f"<p>{p}</p>" for p in paras)))
    assert (system.name, system.issuer, system.version) == ("测试省法治政府建设示范指标体系", "测试省人民政府办公厅", "2022")
    assert _tree(system) == [(1, "一", None), (2, "一", 0), (3, "1", 1), (3, "2", 1), (2, "二", 0), (3, "3", 4),
                             (3, "4", 4)]
    assert system.indicators[0].description == "测试基本要求正文，内容较长需要换行显示。" * 4
    assert system.indicators[-1].text == "测试三级指标4，" + "要求测试内容较长需要换行显示，" * 5 + "并有效运行。"
    assert system.indicators[-1].assessment_method == "测试评分内容，" * 3 + "未达到的扣1分。"
    assert system.completeness()["complete"] is True
    assert system.notes == "说明\n1.本指标体系测试说明一。"


def test_more_items_than_stated_is_not_complete():
    system = parse_indicator_text("本体系共1个一级指标、1个二级指标。\n一、测试一级\n1.测试二级甲。\n2.测试二级乙。\n")
    assert system.completeness()["complete"] is False
    assert system.notes == "二级指标载入 2 条，多于文件所称 1 条，请核对"


def test_docx_one_table_per_first_level_heading(tmp_path):
    header = ["二级指标", "三级指标", "分值"]
    _document(tmp_path / "t.docx", "测试省法治政府建设指标体系", "一、测试一级指标A（20分）",
              ([header, ["（一）测试二级指标A1", "1.测试三级指标一。", "10"], ["", "2.测试三级指标二。", "10"]], []),
              "二、测试一级指标B（80分）", "基本要求：测试基本要求乙。",
              ([header, ["（一）测试二级指标B1", "3.测试三级指标三。", "80"]], []))
    system = load_indicator_file(tmp_path / "t.docx")
    assert system.preamble == ""
    assert _tree(system) == [(1, "一", None), (2, "一", 0), (3, "1", 1), (3, "2", 1), (1, "二", None), (2, "一", 4),
                             (3, "3", 5)]
    assert [(i.name, i.score, i.description) for i in system.indicators if i.level == 1] == [
        ("测试一级指标A", Decimal("20"), ""), ("测试一级指标B", Decimal("80"), "测试基本要求乙。")]
    assert system.indicators[3].score == Decimal("10")


def test_wrapped_line_ending_in_yinfa_is_no_colophon():
    text = ("测试指标体系\n一、测试一级\n1.测试三级，落实\n测试机关2021年8月11日印发\n的测试文件。\n2.测试三级二。\n"
            "抄送：测试单位。\n测试办公厅 2023年1月1日印发\n")
    system = parse_indicator_text(text)
    assert [i.text for i in system.indicators[1:]] == ["测试三级，落实测试机关2021年8月11日印发的测试文件。", "测试三级二。"]
    assert system.notes == ""


def test_content_column_under_two_level_columns_holds_the_items(tmp_path):
    rows = [["一级指标", "二级指标", "考核内容", "分值"], ["一、测试一级指标A", "1.测试二级指标A1", "测试考核内容一。", "5"],
            ["", "", "测试考核内容二。", "5"], ["", "2.测试二级指标A2", "测试考核内容三。", "10"]]
    path = _docx(tmp_path / "t.docx", ["测试省法治政府建设考核指标"], rows, merges=[((1, 0), (3, 0)), ((1, 1), (2, 1))])
    system = load_indicator_file(path)
    assert _tree(system) == [(1, "一", None), (2, "1", 0), (3, "", 1), (3, "", 1), (2, "2", 0), (3, "", 4)]
    assert [(i.text, i.score) for i in system.indicators if i.level == 3] == [
        ("测试考核内容一。", Decimal("5")), ("测试考核内容二。", Decimal("5")), ("测试考核内容三。", Decimal("10"))]
    # with a 三级 column as well, the content is the item's description
    text = "一级指标\t二级指标\t三级指标\t测评内容\n一、测试一级\t1.测试二级\t1.测试三级。\t测试测评内容。\n"
    assert parse_indicator_text(text).indicators[-1].description == "测试测评内容。"


# ---------------------------------------------------------------- more layouts: outline numbers, parts, cover sheets

def test_text_outline_numbers_nest_by_depth():
    # 1 / 1.1 / 1.1.1 outline: the top line has only a space after its number; a decimal line stays text
    text = ("测试市法治政府建设示范指标体系\n1 测试一级甲(20分)\n1.1 测试二级甲\n1.1.1 测试指标甲：建立测试制度，\n"
            "2.5万元以上的按程序报批。\n1.1.2 测试指标乙。\n2 测试一级乙\n2.1 测试二级乙\n2.1.1 测试指标丙。\n")
    system = parse_indicator_text(text)
    assert [(i.level, i.number, i.parent) for i in system.indicators] == [
        (1, "1", None), (2, "1.1", 0), (3, "1.1.1", 1), (3, "1.1.2", 1), (1, "2", None), (2, "2.1", 4), (3, "2.1.1", 5)]
    assert system.indicators[0].score == Decimal("20")
    assert system.indicators[2].text == "测试指标甲：建立测试制度，2.5万元以上的按程序报批。"
    assert codes(system) == ["L1-001", "L2-01.01", "L3-01.01.01", "L3-01.01.02", "L1-002", "L2-02.01", "L3-02.01.01"]
    assert system.notes == ""  # outline numbers restart under each parent: no false gap report


def test_bare_number_before_text_is_no_indicator_without_an_outline():
    system = parse_indicator_text("一、测试一级\n1.测试条目一：在\n30 日内办结。\n2.测试条目二。\n")
    assert [i.text for i in system.indicators[1:]] == ["测试条目一：在30 日内办结。", "测试条目二。"]


def test_part_headings_over_chinese_numbered_sections():
    text = ("测试省指标体系\n第一部分 测试一级甲\n一、测试二级甲\n1.测试指标甲。\n2.测试指标乙。\n"
            "第二部分 测试一级乙\n一、测试二级乙\n1.测试指标丙。\n")
    system = parse_indicator_text(text)
    assert [(i.level, i.number, i.name or i.text, i.parent) for i in system.indicators] == [
        (1, "一", "测试一级甲", None), (2, "一", "测试二级甲", 0), (3, "1", "测试指标甲。", 1), (3, "2", "测试指标乙。", 1),
        (1, "二", "测试一级乙", None), (2, "一", "测试二级乙", 4), (3, "1", "测试指标丙。", 5)]
    assert system.indicators[3].text == "测试指标乙。"  # the next part's heading is not glued to it


def test_full_width_numbers_are_given_in_ascii_digits():
    system = parse_indicator_text("測試指標體系\n一、測試一級（１５０分）\n１．測試指標甲。（４分）\n２．測試指標乙。\n")
    assert [(i.number, i.score) for i in system.indicators] == [("一", Decimal("150")), ("1", Decimal("4")), ("2", None)]
    assert system.indicators[1].text == "测试指标甲。(４分)"  # the wording stays as printed, simplified


def test_xlsx_cover_sheet_gives_title_and_stated_counts(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    book.active.title = "说明"
    book.active.append(["测试省法治政府建设示范指标体系(2024年版)"])
    book.active.append(["本指标体系共2个一级指标、2个二级指标、3个三级指标。"])
    sheet = book.create_sheet("指标")
    sheet.append(["一级指标", "二级指标", "三级指标", "分值"])
    sheet.append(["测试一级甲", "测试二级甲", "测试指标甲。", 5])
    sheet.append([None, None, "测试指标乙。", 5])
    sheet.append(["测试一级乙", "测试二级乙", "测试指标丙。", "5分"])
    book.save(tmp_path / "s.xlsx")
    system = load_indicator_file(tmp_path / "s.xlsx")
    assert (system.name, system.version) == ("测试省法治政府建设示范指标体系(2024年版)", "2024")
    assert system.expected_counts == {1: 2, 2: 2, 3: 3}
    assert system.completeness()["complete"] is True


def test_xlsx_list_in_one_column_reads_as_text(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    for line in ["测试县指标体系", "一、测试一级甲", "1.测试指标甲。", "2.测试指标乙。"]:
        book.active.append([line])
    book.save(tmp_path / "list.xlsx")
    system = load_indicator_file(tmp_path / "list.xlsx")
    assert [(i.level, i.number) for i in system.indicators] == [(1, "一"), (2, "1"), (2, "2")]
    openpyxl.Workbook().save(tmp_path / "empty.xlsx")
    with pytest.raises(IndicatorParseError, match="Excel 文件中没有内容"):
        load_indicator_file(tmp_path / "empty.xlsx")


def test_table_second_method_column_and_outline_numbers(tmp_path):
    import openpyxl

    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(["序号", "一级指标", "二级指标", "三级指标", "分值", "评分标准", "考评方式", "责任单位"])
    sheet.append(["1.1.1", "1 测试一级甲", "1.1测试二级甲", "测试指标甲。", "4分", "未建立扣2分。", "查阅资料", "测试局"])
    sheet.append(["1.1.2", None, None, "测试指标乙。", 4, None, "实地察看", "测试局"])
    book.save(tmp_path / "t.xlsx")
    system = load_indicator_file(tmp_path / "t.xlsx")
    got = [(i.level, i.number, i.name, i.score) for i in system.indicators]
    assert got == [(1, "", "1 测试一级甲", None), (2, "1.1", "测试二级甲", None), (3, "1.1.1", "", Decimal("4")),
                   (3, "1.1.2", "", Decimal("4"))]
    assert system.indicators[2].assessment_method == "未建立扣2分。\n考评方式：查阅资料"
    assert system.indicators[3].assessment_method == "考评方式：实地察看"
    assert codes(system)[2:] == ["L3-01.01.01", "L3-01.01.02"]


def test_csv_table_in_gbk_with_a_cell_over_two_lines(tmp_path):
    path = tmp_path / "指标.csv"
    path.write_bytes("一级指标,二级指标,三级指标,分值\n测试一级甲,测试二级甲,\"测试指标甲：\n第二段。\",4\n"
                     ",,测试指标乙。,3分\n".encode("gbk"))
    system = load_indicator_file(path)
    assert [(i.level, i.text, i.score) for i in system.indicators] == [
        (1, "测试一级甲", None), (2, "测试二级甲", None), (3, "测试指标甲：第二段。", Decimal("4")), (3, "测试指标乙。", Decimal("3"))]


@pytest.mark.parametrize("name, content, message", [
    ("empty.json", b"", "是空的"),
    ("bad.json", b'{"title": ', "JSON 文件无法解析：第 1 行"),
    ("empty.csv", b"\n", "是空的"),
    ("system.pptx", b"PK", r"不支持的文件类型：\.pptx，请上传 .*\.pdf"),
    ("broken.xlsx", b"not a zip", "无法读取 Excel 文件：文件已损坏或不是 .xlsx 格式"),
])
def test_refusals_are_said_in_chinese(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(IndicatorParseError, match=message):
        load_indicator_file(path)
    with pytest.raises(IndicatorParseError, match="找不到文件：missing.xlsx"):
        load_indicator_file(tmp_path / "missing.xlsx")
