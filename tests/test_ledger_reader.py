import io
import re
import zipfile
from datetime import date, datetime

import pytest
from openpyxl import Workbook
from openpyxl.worksheet._read_only import ReadOnlyWorksheet

from checklist.ledger import reader
from checklist.ledger.reader import LedgerError, LedgerRow, open_ledger

HEADER = ["序号", "任务名称", "具体内容", "牵头单位", "责任单位", "完成时限", "状态", "进展情况", "对应指标"]
TITLE = "附件1：东河区2021年度法治政府建设任务清单"


def write_xlsx(path, rows, merges=()):
    wb = Workbook()
    ws = wb.active
    for row in rows:
        ws.append(row)
    for ref in merges:
        ws.merge_cells(ref)
    wb.save(path)
    return path


def rewrite_member(path, member, change):
    """Rewrite one member of a zip (to build damaged or lying files)."""
    with zipfile.ZipFile(path) as source:
        items = [(info, source.read(info)) for info in source.infolist()]
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as target:
        for info, data in items:
            target.writestr(info.filename, change(data) if info.filename == member else data)
    return path


def refusal(source, **kwargs):
    with pytest.raises(LedgerError) as caught:
        open_ledger(source, **kwargs)
    return str(caught.value)


# --- headers ----------------------------------------------------------------------

def test_header_below_title_rows(tmp_path):
    path = write_xlsx(tmp_path / "t.xlsx", [
        [TITLE],
        [],
        HEADER,
        [1, "推进政府职能转变", "深化放管服改革", "区发改委", "区司法局、区财政局",
         datetime(2021, 12, 31), "进行中", "已召开专题会", "1.1、1.2"],
        [2.0, "完善依法行政制度体系", None, "区司法局", None, "2021年底", None, None, None],
    ])
    ledger = open_ledger(path)
    assert ledger.header_row == 3
    assert ledger.columns == {key: i for i, key in enumerate(reader.COLUMNS, start=1)}
    assert ledger.missing == []
    assert ledger.filename == "t.xlsx"
    assert list(ledger.rows()) == [
        LedgerRow(4, {"number": "1", "title": "推进政府职能转变", "text": "深化放管服改革",
                      "lead_units": "区发改委", "responsible_units": "区司法局、区财政局",
                      "due": "2021-12-31", "status": "进行中", "progress": "已召开专题会",
                      "indicators": "1.1、1.2"}, datetime(2021, 12, 31)),
        LedgerRow(5, {"number": "2", "title": "完善依法行政制度体系", "text": "", "lead_units": "区司法局",
                      "responsible_units": "", "due": "2021年底", "status": "", "progress": "",
                      "indicators": ""}, "2021年底"),
    ]


def test_headers_in_other_order_traditional_full_width_and_aliases(tmp_path):
    path = write_xlsx(tmp_path / "t.xlsx", [
        ["完成時限（年月日）", "責任單位", "工作任务", "牵头\n单位", " 序 号 ", "备注"],
        ["2022年6月底前", "區財政局", "加強執法監督", "區司法局", "１.", "无关"],
    ])
    ledger = open_ledger(path)
    assert ledger.header_row == 1
    assert ledger.columns == {"due": 1, "responsible_units": 2, "title": 3, "lead_units": 4, "number": 5}
    assert ledger.missing == ["具体内容", "状态", "进展情况", "对应指标"]
    [row] = ledger.rows()
    assert row == LedgerRow(2, {"due": "2022年6月底前", "responsible_units": "区财政局", "title": "加强执法监督",
                                "lead_units": "区司法局", "number": "1"}, "2022年6月底前")


def test_header_row_with_most_known_headers_wins(tmp_path):
    path = write_xlsx(tmp_path / "t.xlsx", [
        ["序号", "任务"],                       # looks like a header, fewer columns
        ["序号", "任务名称", "牵头单位", "状态"],
        [1, "甲", "区司法局", "未开始"],
    ])
    ledger = open_ledger(path)
    assert (ledger.header_row, ledger.columns) == (2, {"number": 1, "title": 2, "lead_units": 3, "status": 4})


def test_two_level_header(tmp_path):
    path = write_xlsx(tmp_path / "t.xlsx", [
        [TITLE],
        ["序号", "任务名称", "责任分工", None, "完成时限"],
        [None, None, "牵头单位", "配合单位", None],
        [1, "甲", "区司法局", "区财政局", "2021年底"],
    ], merges=["A1:E1", "A2:A3", "B2:B3", "C2:D2", "E2:E3"])
    ledger = open_ledger(path)
    assert ledger.header_row == 2
    assert ledger.columns == {"number": 1, "title": 2, "due": 5, "lead_units": 3, "responsible_units": 4}
    assert [r.row for r in ledger.rows()] == [4]
    assert next(iter(ledger)).values["responsible_units"] == "区财政局"


def test_header_not_found(tmp_path):
    path = write_xlsx(tmp_path / "a.xlsx", [[TITLE], ["名称", "单位"], [1, "甲"]])
    assert refusal(path) == "未找到表头：缺少列“序号”“任务名称”，请确认第一张工作表包含这些列标题"
    path = write_xlsx(tmp_path / "b.xlsx", [["序号", "内容", "牵头单位"], [1, "甲", "乙"]])
    assert refusal(path) == "未找到表头：缺少列“任务名称”，请确认第一张工作表包含这些列标题"


def test_header_is_looked_for_in_the_first_20_rows_only(tmp_path):
    path = write_xlsx(tmp_path / "t.xlsx", [["说明"]] * 20 + [["序号", "任务名称"], [1, "甲"]])
    assert refusal(path) == "未找到表头：缺少列“序号”“任务名称”，请确认第一张工作表包含这些列标题"


# --- cells ------------------------------------------------------------------------

def test_merged_cells_are_filled_down(tmp_path):
    path = write_xlsx(tmp_path / "t.xlsx", [
        ["序号", "任务名称", "牵头单位", "责任单位", "完成时限"],
        [1, "甲", "区司法局", "区财政局、区发改委", date(2021, 6, 30)],
        [2, "乙", None, None, None],
        [3, "丙", None, "区教育局", None],
        [4, "丁", "区卫健委", None, "长期坚持"],
        [5, "戊（横向合并）", None, None, None],
        [6, "己", None, None, None],
    ], merges=["C2:C4", "D2:D3", "E2:E4", "B6:E6"])
    rows = list(open_ledger(path).rows())
    assert [(r.row, r.values["lead_units"], r.values["responsible_units"], r.values["due"]) for r in rows] == [
        (2, "区司法局", "区财政局、区发改委", "2021-06-30"),
        (3, "区司法局", "区财政局、区发改委", "2021-06-30"),
        (4, "区司法局", "区教育局", "2021-06-30"),
        (5, "区卫健委", "", "长期坚持"),
        (6, "", "", ""),                          # merged across columns: not copied sideways
        (7, "", "", ""),                          # not merged: not filled from the row above
    ]
    assert rows[1].raw_due == datetime(2021, 6, 30)
    assert (rows[4].values["number"], rows[4].values["title"]) == ("5", "戊(横向合并)")


def test_task_merged_over_several_rows_is_one_row(tmp_path):
    path = write_xlsx(tmp_path / "t.xlsx", [
        ["序号", "重点任务", "具体措施", "牵头单位", "完成时限"],
        [1, "推进行政执法规范化", "全面推行三项制度", "区司法局", datetime(2021, 6, 30)],
        [None, None, "开展案卷评查", "区城管局", "2021年12月底前"],
        [None, None, "组织执法人员培训", "区司法局", None],
        [2, "深化普法", "落实普法责任制", "区司法局", "长期"],
    ], merges=["A2:A4", "B2:B4"])
    rows = list(open_ledger(path).rows())
    assert [(r.row, r.values) for r in rows] == [
        (2, {"number": "1", "title": "推进行政执法规范化", "text": "全面推行三项制度\n开展案卷评查\n组织执法人员培训",
             "lead_units": "区司法局\n区城管局", "due": "2021-06-30；2021年12月底前"}),
        (5, {"number": "2", "title": "深化普法", "text": "落实普法责任制", "lead_units": "区司法局", "due": "长期"}),
    ]
    assert rows[0].raw_due == "2021-06-30；2021年12月底前"  # read as text: the latest deadline counts


def test_rows_that_are_not_tasks_are_skipped(tmp_path):
    path = write_xlsx(tmp_path / "t.xlsx", [
        [TITLE],
        ["填报单位：东河区司法局", None, None, "填报日期：2021年7月1日"],
        ["编号", "工作任务", "主责单位", "时间节点"],
        ["一、依法全面履行政府职能"],                         # heading merged across
        [1, "深化放管服改革", "区政务服务局", "2021年底"],
        ["（二）", "完善依法行政制度体系", None, None],        # heading in the two first columns
        [2, "注重发挥法律顾问作用", None, None],                # a task that starts like a note (注…)
        ["编号", "工作任务", "主责单位", "时间节点"],           # header repeated
        [3, "加强规范性文件管理", "区司法局", None],
        [4], [5, None, None, None],                            # numbered rows of the template left empty
        ["合计", None, None, "3项"],
        ["备注：各单位于每月25日前报送。"],
        [None, "注：本表由区司法局汇总。"],
    ], merges=["A1:D1", "A4:D4", "A13:D13"])
    assert [(r.row, r.values["number"], r.values["title"]) for r in open_ledger(path).rows()] == [
        (5, "1", "深化放管服改革"), (7, "2", "注重发挥法律顾问作用"), (9, "3", "加强规范性文件管理")]


def test_ledger_with_two_columns_keeps_chinese_numbered_tasks(tmp_path):
    # 一 | title is a heading only when the sheet has other columns that it leaves empty
    path = write_xlsx(tmp_path / "t.xlsx", [["序号", "任务名称"], ["一", "甲"], ["二", "乙"]])
    assert [r.values for r in open_ledger(path).rows()] == [{"number": "一", "title": "甲"}, {"number": "二", "title": "乙"}]


@pytest.mark.parametrize("names, expected", [
    (["任务序号", "主要任务", "具体措施", "主责单位", "协同单位", "完成期限", "完成状态", "工作进展"],
     ["number", "title", "text", "lead_units", "responsible_units", "due", "status", "progress"]),
    (["序", "重点工作", "工作举措", "牵头责任单位", "配合部门", "截止时间", "任务状态", "落实情况"],
     ["number", "title", "text", "lead_units", "responsible_units", "due", "status", "progress"]),
])
def test_header_names_used_by_other_counties(tmp_path, names, expected):
    path = write_xlsx(tmp_path / "t.xlsx", [names, [1, "甲"]])
    assert list(open_ledger(path).columns) == expected


def test_empty_rows_in_the_middle_and_at_the_end_are_skipped(tmp_path):
    path = write_xlsx(tmp_path / "t.xlsx", [
        ["序号", "任务名称", "备注"],
        [1, "甲"],
        [],
        [None, "  ", "只有备注"],   # nothing in a known column
        [2, "乙"],
        [], [], [],
    ])
    ledger = open_ledger(path)
    assert [(r.row, r.values) for r in ledger.rows()] == [
        (2, {"number": "1", "title": "甲"}), (5, {"number": "2", "title": "乙"})]
    assert len(ledger) == 4  # rough: rows below the header by the sheet's dimension


def test_cell_text_conversion(tmp_path):
    path = write_xlsx(tmp_path / "t.xlsx", [
        ["序号", "任务名称", "具体内容", "完成时限", "对应指标"],
        ["1.", "依法全面\n履行政府职能", "第一段，\n  第二段（含括号）  \n", 44561, 3.5],
        ["'-", "'=HYPERLINK(\"x\")", "a   b", None, 2],
    ])
    rows = list(open_ledger(path).rows())
    assert rows[0].values == {"number": "1", "title": "依法全面履行政府职能",
                              "text": "第一段，\n第二段(含括号)", "due": "44561", "indicators": "3.5"}
    assert rows[0].raw_due == 44561
    # values escaped by export are restored; single-line columns collapse spaces
    assert rows[1].values == {"number": "-", "title": "=HYPERLINK(\"x\")", "text": "a   b", "due": "",
                              "indicators": "2"}


def test_file_object_and_bytes_are_accepted(tmp_path):
    path = write_xlsx(tmp_path / "t.xlsx", [["序号", "任务名称"], [1, "甲"]])
    data = path.read_bytes()
    handle = io.BytesIO(data)
    handle.read(10)  # a file object that was read before is rewound
    for source in (handle, data):
        ledger = open_ledger(source, filename="上传.xlsx")
        assert ledger.filename == "上传.xlsx"
        assert [r.values for r in ledger.rows()] == [{"number": "1", "title": "甲"}]


def test_rows_can_be_read_twice_and_ledger_closes(tmp_path):
    path = write_xlsx(tmp_path / "t.xlsx", [["序号", "任务名称"], [1, "甲"], [2, "乙"]])
    with open_ledger(path) as ledger:
        assert len(list(ledger.rows())) == 2
        assert len(list(ledger.rows())) == 2


# --- CSV --------------------------------------------------------------------------

def test_csv_in_gb18030_with_tabs(tmp_path):
    text = f"{TITLE}\n序号\t任务名称\t责任单位\n1\t规范行政执法\t区司法局、各街道\n\n2\t\"多行\n内容\"\t\n"
    path = tmp_path / "t.csv"
    path.write_bytes(text.encode("gb18030"))
    ledger = open_ledger(path)
    assert (ledger.header_row, ledger.columns) == (2, {"number": 1, "title": 2, "responsible_units": 3})
    assert [(r.row, r.values) for r in ledger.rows()] == [
        (3, {"number": "1", "title": "规范行政执法", "responsible_units": "区司法局、各街道"}),
        (5, {"number": "2", "title": "多行内容", "responsible_units": ""}),
    ]


def test_csv_utf8_with_bom_and_commas(tmp_path):
    path = tmp_path / "t.csv"
    path.write_bytes("序号,任务名称,完成时限\r\n1,甲,2021-12-31\r\n".encode("utf-8-sig"))
    [row] = open_ledger(path).rows()
    assert row == LedgerRow(2, {"number": "1", "title": "甲", "due": "2021-12-31"}, "2021-12-31")


def test_utf16_unicode_text_from_excel(tmp_path):
    path = tmp_path / "t.txt"
    path.write_bytes("序号\t任务名称\r\n1\t甲\r\n".encode("utf-16"))
    assert [r.values for r in open_ledger(path).rows()] == [{"number": "1", "title": "甲"}]


def test_csv_over_the_row_limit(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "MAX_ROWS", 10)
    path = tmp_path / "t.csv"
    path.write_text("序号,任务名称\n" + "".join(f"{i},任务{i}\n" for i in range(1, 11)), encoding="utf-8")
    assert refusal(path) == "工作表行数超过上限 10 行，请拆分为多个文件后分批导入"


# --- refusals ----------------------------------------------------------------------

def test_not_an_excel_file(tmp_path):
    path = tmp_path / "photo.xlsx"
    path.write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\xff\xfe\x00")
    assert refusal(path) == "不是有效的 Excel 文件（.xlsx）或 CSV 文件"
    assert refusal(b"\x80\x81\xff\xfe\xfd") == "不是有效的 Excel 文件（.xlsx）或 CSV 文件"


def test_encrypted_or_old_xls(tmp_path):
    path = tmp_path / "old.xls"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 512)
    assert refusal(path) == "文件已加密或为旧版 .xls 格式，请在 Excel 中取消密码并另存为 .xlsx 后再导入"


def test_html_saved_as_xls():
    data = "<html><body><table><tr><td>序号</td></tr></table></body></html>".encode("utf-8")
    assert refusal(data) == "文件是网页（HTML/XML）格式而非真正的 Excel 文件，请在 Excel 中打开并另存为 .xlsx 后再导入"


def test_zip_that_is_not_an_xlsx(tmp_path):
    path = tmp_path / "t.xlsx"
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("readme.txt", "hello")
    assert refusal(path) == "压缩文件中没有 Excel 工作簿，请上传 .xlsx 格式的台账"
    # a Word document is a zip with content types too
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("[Content_Types].xml", '<Types><Override PartName="/word/document.xml" ContentType='
                         '"application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>')
    assert refusal(path) == "压缩文件中没有 Excel 工作簿，请上传 .xlsx 格式的台账"


def test_damaged_xlsx(tmp_path):
    data = write_xlsx(tmp_path / "t.xlsx", [["序号", "任务名称"], [1, "甲"]]).read_bytes()
    assert refusal(data[: len(data) // 2]) == "Excel 文件已损坏或无法读取，请在 Excel 中打开并另存为 .xlsx 后再导入"
    path = rewrite_member(tmp_path / "t.xlsx", "xl/workbook.xml", lambda xml: xml[:40])
    assert refusal(path) == "Excel 文件已损坏或无法读取，请在 Excel 中打开并另存为 .xlsx 后再导入"


def test_damage_found_while_streaming(tmp_path):
    path = write_xlsx(tmp_path / "t.xlsx", [["序号", "任务名称"]] + [[i, f"任务{i}"] for i in range(1, 40)])
    path = rewrite_member(path, "xl/worksheets/sheet1.xml", lambda xml: xml.replace(b'<row r="35"', b'<row r="35"<<'))
    ledger = open_ledger(path)
    with pytest.raises(LedgerError) as caught:
        list(ledger.rows())
    assert str(caught.value) == "Excel 文件已损坏或无法读取，请在 Excel 中打开并另存为 .xlsx 后再导入"


def test_zip_bomb_is_refused_before_openpyxl(tmp_path, monkeypatch):
    path = write_xlsx(tmp_path / "bomb.xlsx", [["序号", "任务名称"], [1, "甲"]])
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as archive:
        with archive.open("xl/media/zeros.bin", "w", force_zip64=True) as member:
            chunk = b"\x00" * (1024 * 1024)
            for _ in range(250):
                member.write(chunk)
    assert path.stat().st_size < 1024 * 1024
    monkeypatch.setattr("openpyxl.load_workbook", lambda *a, **k: pytest.fail("openpyxl was called"))
    assert refusal(path) == "文件解压后超过 200 MB，可能不是正常的台账文件，已拒绝导入"


def test_file_too_big(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "MAX_FILE_BYTES", 1024)
    path = tmp_path / "t.csv"
    path.write_text("序号,任务名称\n" + "1,甲\n" * 500, encoding="utf-8")
    assert refusal(path) == "文件超过 0 MB 上限，请拆分后分批导入"
    assert refusal(io.BytesIO(path.read_bytes())) == "文件超过 0 MB 上限，请拆分后分批导入"


def test_empty_file():
    assert refusal(b"") == "文件为空"


def test_sheet_over_max_rows_is_refused_before_reading(tmp_path, monkeypatch):
    monkeypatch.setattr(reader, "MAX_ROWS", 50)
    path = write_xlsx(tmp_path / "t.xlsx", [["序号", "任务名称"]] + [[i, f"任务{i}"] for i in range(1, 60)])
    monkeypatch.setattr(ReadOnlyWorksheet, "_cells_by_row", lambda *a, **k: pytest.fail("rows were read"))
    assert refusal(path) == "工作表行数超过上限 50 行，请拆分为多个文件后分批导入"


def test_lying_dimension_is_ignored_and_the_limit_enforced_while_streaming(tmp_path, monkeypatch):
    path = write_xlsx(tmp_path / "t.xlsx", [["序号", "任务名称"]] + [[i, f"任务{i}"] for i in range(1, 60)])
    lie = lambda xml: re.sub(rb'<dimension ref="[^"]+"', b'<dimension ref="A1:B1"', xml)  # noqa: E731
    rewrite_member(path, "xl/worksheets/sheet1.xml", lie)
    assert len(list(open_ledger(path).rows())) == 59  # not cut off at the dimension

    monkeypatch.setattr(reader, "MAX_ROWS", 50)
    ledger = open_ledger(path)
    seen = []
    with pytest.raises(LedgerError) as caught:
        for row in ledger.rows():
            seen.append(row.row)
    assert str(caught.value) == "工作表行数超过上限 50 行，请拆分为多个文件后分批导入"
    assert seen == list(range(2, 51))
