"""split_units / is_collective: unit fields as plans write them."""
import pytest

from checklist.parsing.units import clean_unit, is_collective, looks_like_unit, split_units


@pytest.mark.parametrize("field, expected", [
    ("区发改委、区商务局、区政务服务局", ["区发改委", "区商务局", "区政务服务局"]),
    ("市司法局，市发改委；市财政局; 市教育局/市民政局", ["市司法局", "市发改委", "市财政局", "市教育局", "市民政局"]),
    ("各县(市、区)人民政府、市直各部门", ["各县(市、区)人民政府", "市直各部门"]),
    ("各县（市、区）人民政府，市直各有关单位", ["各县(市、区)人民政府", "市直各有关单位"]),
    ("市司法局\n市发改委", ["市司法局", "市发改委"]),
    ("市司法局 市发改委  市财政局", ["市司法局", "市发改委", "市财政局"]),
    ("市司法 局、市发 改委", ["市司法局", "市发改委"]),  # spaces from PDF extraction
    ("区司法局、区司法局、区信访局", ["区司法局", "区信访局"]),
    ("市司法局、市发改委牵头", ["市司法局", "市发改委"]),
    ("市直各部门按职责分工负责", ["市直各部门"]),
    ("各县(市、区)人民政府配合", ["各县(市、区)人民政府"]),
    ("市公安局、市交通局等部门", ["市公安局", "市交通局"]),
    ("市司法局等", ["市司法局"]),
    ("由市司法局负责", ["市司法局"]),
    ("市住房和城乡建设局、市人力资源和社会保障局", ["市住房和城乡建设局", "市人力资源和社会保障局"]),
    ("區司法局、區政府各部門", ["区司法局", "区政府各部门"]),  # traditional characters
    ("  、、 ", []),
    ("无", []),
])
def test_split_units(field, expected):
    assert split_units(field) == expected


def test_split_keeps_bracketed_qualifiers():
    assert split_units("区政府各部门(单位)、区委办公室") == ["区政府各部门(单位)", "区委办公室"]
    assert clean_unit("区政府各部门)") == "区政府各部门"


@pytest.mark.parametrize("name", [
    "区政府各部门", "区政府各相关行政执法部门", "各县(市、区)人民政府", "各苏木乡镇街道", "市直各部门", "各有关单位",
    "区政府各行政执法部门", "县(市、区)人民政府", "有关部门", "市法治政府建设领导小组成员单位", "乡镇人民政府",
    "旗县区人民政府", "区政府相关部门", "各级行政机关",
])
def test_collective(name):
    assert is_collective(name)


@pytest.mark.parametrize("name", [
    "区司法局", "区委编办", "区人大常委会法工委", "区纪委监委机关", "包头市东河区人民政府办公室", "市市场监督管理局",
    "区委依法治区办", "县人民法院", "和平街道办事处", "区政务服务局",
])
def test_single_unit(name):
    assert not is_collective(name)


def test_looks_like_unit():
    assert looks_like_unit("市司法局") and looks_like_unit("各县(市、区)人民政府")
    assert not looks_like_unit("各部门要高度重视") and not looks_like_unit("落实第一责任人职责")
