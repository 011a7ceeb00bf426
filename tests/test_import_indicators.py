"""import_indicators: the shipped 2021 fixture, stable codes across re-imports, completeness, refusals."""
import json
from io import StringIO

import openpyxl
import pytest
from django.core.management import CommandError, call_command

from checklist.models import Indicator, IndicatorSystem
from tests.helpers import INDICATORS_2021, indicator_table_pdf
from tests.test_indicator_parser import _document

pytestmark = pytest.mark.django_db


def run(*args, **kwargs):
    out = StringIO()
    call_command("import_indicators", *args, stdout=out, **kwargs)
    return out.getvalue()


def test_fixture_loads_verbatim_with_codes_and_completeness():
    out = json.loads(run(str(INDICATORS_2021), json=True))
    codes = [i["code"] for i in out["indicators"]]
    assert codes == ["2021-L1-001", "2021-L2-001", "2021-L3-001", "2021-L3-002", "2021-L3-003"]
    source = json.loads(INDICATORS_2021.read_text(encoding="utf-8"))
    texts = [lvl3["text"] for lvl3 in source["level1"][0]["level2"][0]["level3"]]
    assert [i["text"] for i in out["indicators"][2:]] == texts
    assert out["indicators"][2]["parent"] == "2021-L2-001"
    level3 = next(c for c in out["completeness"]["levels"] if c["level"] == 3)
    assert (level3["loaded"], level3["expected"]) == (3, 100)
    system = IndicatorSystem.objects.get()
    assert system.version == "2021" and system.issuer == "中央依法治国办"
    assert "三级指标 3/100" in system.completeness_text()
    assert "三级指标 3/100" in run(str(INDICATORS_2021))


def test_reimport_updates_in_place_by_code(tmp_path):
    run(str(INDICATORS_2021))
    ids = dict(Indicator.objects.values_list("code", "id"))
    data = json.loads(INDICATORS_2021.read_text(encoding="utf-8"))
    data["level1"][0]["level2"][0]["level3"][0]["text"] += "（修订）"
    changed = tmp_path / "indicators.json"
    changed.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert "更新 1 条" in run(str(changed))
    assert dict(Indicator.objects.values_list("code", "id")) == ids
    assert Indicator.objects.get(code="2021-L3-001").text.endswith("（修订）")
    assert IndicatorSystem.objects.count() == 1


def test_xlsx_system_loads_with_scores(tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["某省法治政府建设指标体系"])
    ws.append(["一级指标", "二级指标", "序号", "三级指标", "分值", "评估方法", "佐证材料"])
    ws.append(["一、依法全面履行政府职能", "1.深化行政审批制度改革", 1, "全面推行审批服务马上办。", 2, "查阅资料", "工作方案"])
    ws.append([None, None, 2, "行政许可事项清单向社会公布。", 3, "网上检查", "清单"])
    path = tmp_path / "system.xlsx"
    wb.save(path)
    run(str(path), name="某省法治政府建设指标体系", version="2023")
    leaf = Indicator.objects.get(system__version="2023", level=3, number="2")
    assert leaf.text == "行政许可事项清单向社会公布。"
    assert leaf.score == 3
    assert leaf.parent.name == "深化行政审批制度改革"
    assert leaf.parent.parent.name == "依法全面履行政府职能"


def test_provincial_text_with_weights_and_basic_requirement(tmp_path):
    text = (
        "某自治区法治政府建设指标体系\n"
        "一、行政决策(占总分值的15%)\n"
        "基本要求：重大行政决策程序制度健全，决策科学民主依法。\n"
        "1.制定并公布重大行政决策事项目录。\n"
        "2.重大行政决策履行公众参与程序。\n"
        "二、行政执法(占总分值的20%)\n"
        "1.全面落实行政执法三项制度。\n"
    )
    path = tmp_path / "system.txt"
    path.write_text(text, encoding="utf-8")
    run(str(path), version="2023")
    top = Indicator.objects.get(level=1, number="一")
    assert top.score == 15
    assert top.description.startswith("重大行政决策程序制度健全")
    assert top.children.count() == 2
    assert Indicator.objects.get(level=1, number="二").score == 20


def test_bad_json_is_refused_and_nothing_written(tmp_path):
    path = tmp_path / "broken.json"
    path.write_text("{not json", encoding="utf-8")
    with pytest.raises(CommandError):
        run(str(path))
    assert IndicatorSystem.objects.count() == 0


def test_unsupported_suffix_is_refused(tmp_path):
    path = tmp_path / "system.pptx"
    path.write_bytes(b"PK")
    with pytest.raises(CommandError):
        run(str(path))
    assert IndicatorSystem.objects.count() == 0


def test_pdf_table_with_merged_level_cells_loads(tmp_path):
    run(str(indicator_table_pdf(tmp_path / "system.pdf")), "--name", "测试指标体系", "--version", "test")
    system = IndicatorSystem.objects.get(name="测试指标体系")
    counts = [Indicator.objects.filter(system=system, level=level).count() for level in (1, 2, 3)]
    assert counts == [3, 9, 27]
    assert Indicator.objects.get(system=system, level=3, number="5").parent.name == "测试二级指标1.2"


def test_docx_with_first_level_rows_imports_whole_tree(tmp_path):
    # placeholder wording; the layout: 一级 as rows merged across a 二级/三级 table, a 总分 row, 说明 under it
    rows = [["二级指标", "三级指标", "分值", "测评方法"], ["一、测试一级指标A（30分）", "", "", ""],
            ["（一）测试二级指标A1", "1.测试三级指标一。", "10", "测试测评方法一。"], ["", "2.测试三级指标二。", "10", ""],
            ["（二）测试二级指标A2", "3.测试三级指标三。", "10", ""], ["二、测试一级指标B（70分）", "", "", ""],
            ["（一）测试二级指标B1", "4.测试三级指标四。", "70", ""], ["总分", "", "100", ""]]
    path = _document(tmp_path / "system.docx", "测试市法治政府建设示范创建指标（2023年版）",
                     "本指标体系共2个一级指标、3个二级指标、4个三级指标。",
                     (rows, [((1, 0), (1, 3)), ((5, 0), (5, 3)), ((2, 0), (3, 0))]), "说明：测试说明。")
    run(str(path))
    system = IndicatorSystem.objects.get()
    assert (system.name, system.version) == ("测试市法治政府建设示范创建指标(2023年版)", "2023")
    assert system.completeness_text() == "一级指标 2/2；二级指标 3/3；三级指标 4/4"
    assert system.notes == "说明：测试说明。"
    leaf = Indicator.objects.get(system=system, code="2023-L3-002")
    assert (leaf.text, leaf.parent.name, leaf.parent.parent.name) == ("测试三级指标二。", "测试二级指标A1", "测试一级指标A")
    assert Indicator.objects.get(system=system, level=1, number="二").score == 70
    assert not Indicator.objects.filter(text__contains="总分").exists()
    assert "未变 9 条" in run(str(path))  # a re-import finds every code again


def test_xlsx_cover_sheet_and_outline_numbers_import_with_stated_counts(tmp_path):
    # placeholder wording; the layout: a 说明 sheet stating the counts, the table on sheet 2 numbered 1.1 / 1.1.1
    wb = openpyxl.Workbook()
    wb.active.title = "说明"
    wb.active.append(["测试省法治政府建设示范指标体系(2024年版)"])
    wb.active.append(["本指标体系共2个一级指标、2个二级指标、3个三级指标。"])
    ws = wb.create_sheet("指标")
    ws.append(["一级指标", "二级指标", "三级指标", "分值", "评分标准", "考评方式"])
    ws.append(["1.测试一级甲", "1.1测试二级甲", "1.1.1测试指标甲。", "4分", "未建立扣2分。", "查阅资料"])
    ws.append([None, None, "1.1.2测试指标乙。", 4, None, None])
    ws.append(["2.测试一级乙", "2.1测试二级乙", "2.1.1测试指标丙。", 2, None, None])
    path = tmp_path / "system.xlsx"
    wb.save(path)
    assert "一级指标 2/2；二级指标 2/2；三级指标 3/3" in run(str(path))
    system = IndicatorSystem.objects.get()
    assert (system.name, system.version) == ("测试省法治政府建设示范指标体系(2024年版)", "2024")
    leaf = Indicator.objects.get(system=system, number="1.1.2")
    assert (leaf.code, leaf.parent.name, leaf.score) == ("2024-L3-01.01.02", "测试二级甲", 4)
    assert Indicator.objects.get(number="1.1.1").assessment_method == "未建立扣2分。\n考评方式：查阅资料"


@pytest.mark.parametrize("name, content", [("empty.txt", b""), ("empty.json", b" "), ("notice.txt", "特此通知。".encode())])
def test_empty_or_indicator_less_file_is_refused_and_nothing_written(tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError, match="是空的|未找到任何指标"):
        run(str(path))
    assert IndicatorSystem.objects.count() == 0 and Indicator.objects.count() == 0
