"""Plan layouts seen in other cities' and years' plans: what the user sees for each after parse_plan_text / import."""
import datetime

import pytest

from checklist.parsing.plan import parse_plan_text


def units(plan):
    return [(t.number, t.lead_units, t.responsible_units) for t in plan.tasks]


# ---------------------------------------------------------------- numbered paragraphs
POINTS = """XX市2023年法治政府建设工作要点
2023年是全面贯彻落实党的二十大精神的开局之年。结合我市实际，制定本要点。
一、深入学习贯彻习近平法治思想
1.认真落实党政主要负责人履行推进法治建设第一责任人职责规定，将履行情况纳入年终述职内容。（市委组织部、市司法局牵头，市直各部门按职责分工负责）
2.深化综合行政执法体制改革，进一步整合执法队伍。（责任单位：市委编办、市司法局，年底前完成）
二、健全依法行政制度体系
3.严格落实合法性审核机制。（牵头单位：市司法局；责任单位：市直各部门；2023年6月底前完成；对应指标：第12项）
4.加强行政执法监督。（市司法局牵头，各相关部门按职责分工负责。长期坚持）
三、保障措施
（一）加强组织领导。各级各部门要把法治政府建设摆在工作全局的重要位置。
（二）强化督促检查。市委依法治市办要加强督促检查。
"""


def test_deadline_written_among_the_units_is_a_deadline_not_a_unit():
    plan = parse_plan_text(POINTS)
    assert units(plan)[1] == (2, [], ["市委编办", "市司法局"])
    assert plan.tasks[1].due_text == "年底前完成"
    assert units(plan)[2] == (3, ["市司法局"], ["市直各部门"])
    assert plan.tasks[2].due_text == "2023年6月底前完成"


def test_indicator_label_is_no_unit_and_stays_with_the_text():
    task = parse_plan_text(POINTS).tasks[2]
    assert "对应指标：第12项" not in task.lead_units + task.responsible_units
    assert task.text == "严格落实合法性审核机制。(对应指标：第12项)"


def test_full_stop_inside_the_units_bracket():
    task = parse_plan_text(POINTS).tasks[3]
    assert (task.lead_units, task.responsible_units, task.due_text) == (["市司法局"], ["各相关部门"], "长期坚持")
    assert task.text == "加强行政执法监督。"


def test_closing_section_numbered_one_level_down_is_not_swallowed_by_the_last_task():
    plan = parse_plan_text(POINTS)
    assert len(plan.tasks) == 4
    assert plan.tasks[-1].text == "加强行政执法监督。"
    assert plan.sections == ["一、深入学习贯彻习近平法治思想", "二、健全依法行政制度体系"]  # no empty 三、保障措施


def test_title_is_not_cut_after_a_verb_waiting_for_its_object():
    assert parse_plan_text(POINTS).tasks[0].title == "认真落实党政主要负责人履行推进法治建设第一责任人职责规定"


def test_parts_headings_and_framework_parts_leave_no_empty_sections():
    plan = parse_plan_text("""XX区2024年法治政府建设工作计划
第一部分 总体要求
以习近平新时代中国特色社会主义思想为指导。
第二部分 重点任务
一、健全政府机构职能体系
（一）推进政府机构职能优化。
1．深化行政审批制度改革。（牵头单位：区政务服务局；责任单位：区直有关部门；完成时限：2024年12月底前）
2．持续优化法治化营商环境。深入开展营商环境创新提升行动，
加强产权保护。
（牵头单位：区发改委；责任单位：区市场监管局、区司法局；完成时限：长期坚持）
第三部分 保障措施
一、加强组织领导。各部门要切实履行职责。
二、强化考核评价。将法治政府建设纳入绩效考核。
""")
    assert plan.sections == ["第二部分重点任务", "一、健全政府机构职能体系", "(一)推进政府机构职能优化"]
    assert [(t.number, t.section, t.due_text) for t in plan.tasks] == [
        (1, "(一)推进政府机构职能优化", "2024年12月底前"), (2, "(一)推进政府机构职能优化", "长期坚持")]
    assert plan.tasks[1].text == "持续优化法治化营商环境。深入开展营商环境创新提升行动，加强产权保护。"


def test_label_lines_with_department_wording():
    plan = parse_plan_text("""某县2022年度法治政府建设工作任务分工方案
（一）加强党对法治政府建设的领导
1、落实法治建设第一责任人职责。
牵头部门：县委组织部
配合单位：县司法局
完成时限：2022年12月底前
（二）完善依法行政制度体系
2、严格规范性文件备案审查。
责任部门：县司法局、
各乡镇人民政府
完成时限：持续推进
""")
    assert units(plan) == [(1, ["县委组织部"], ["县司法局"]), (2, [], ["县司法局", "各乡镇人民政府"])]
    assert [t.due_text for t in plan.tasks] == ["2022年12月底前", "持续推进"]


# ---------------------------------------------------------------- tables that lost their tabs
SPACED = """XX区2023年法治政府建设重点任务分工
  序号              工作任务                      牵头单位          责任单位           完成时限
一、加强党的领导
   1     深入学习宣传习近平法治思想，将其纳入      区委宣传部        区直各部门          全年
         政府常务会议学法内容
   2     健全重大行政决策程序                      区司法局          区政府各部门、      2023年11月
                                                                     各街道办事处        底前
二、严格执法
   3     推进行政执法三项制度                      区司法局                              持续推进
各部门要高度重视，认真抓好落实，确保各项任务按时完成，并于年底前报送落实情况。
"""


def test_table_columns_separated_by_spaces_with_wrapped_cells():
    plan = parse_plan_text(SPACED)
    assert plan.title == "XX区2023年法治政府建设重点任务分工"
    assert plan.sections == ["一、加强党的领导", "二、严格执法"]
    assert [(t.number, t.section, t.text, t.due_text) for t in plan.tasks] == [
        (1, "一、加强党的领导", "深入学习宣传习近平法治思想，将其纳入政府常务会议学法内容", "全年"),
        (2, "一、加强党的领导", "健全重大行政决策程序", "2023年11月底前"),
        (3, "二、严格执法", "推进行政执法三项制度", "持续推进"),
    ]
    assert units(plan) == [(1, ["区委宣传部"], ["区直各部门"]), (2, ["区司法局"], ["区政府各部门", "各街道办事处"]),
                           (3, ["区司法局"], [])]


CELL_PER_LINE = """XX区2023年法治政府建设重点任务清单

序号

工作任务

牵头单位

责任单位

完成时限

一、加强党的领导

1

深入学习宣传习近平法治思想。

将习近平法治思想纳入政府常务会议学法内容。

区委宣传部

区直各部门

全年

2

健全重大行政决策程序

区司法局

2023年11月底前

二、严格执法

3

推进行政执法三项制度

区司法局

各执法部门

持续推进

各部门要高度重视，认真抓好落实。
"""


def test_table_with_one_cell_per_line():
    plan = parse_plan_text(CELL_PER_LINE)
    assert plan.sections == ["一、加强党的领导", "二、严格执法"]
    assert [(t.number, t.section, t.text, t.due_text) for t in plan.tasks] == [
        (1, "一、加强党的领导", "深入学习宣传习近平法治思想。将习近平法治思想纳入政府常务会议学法内容。", "全年"),
        (2, "一、加强党的领导", "健全重大行政决策程序", "2023年11月底前"),  # its empty 责任单位 cell has no line
        (3, "二、严格执法", "推进行政执法三项制度", "持续推进"),
    ]
    assert units(plan) == [(1, ["区委宣传部"], ["区直各部门"]), (2, ["区司法局"], []), (3, ["区司法局"], ["各执法部门"])]


def test_table_with_one_cell_per_line_and_no_number_column():
    plan = parse_plan_text("工作任务\n牵头单位\n责任单位\n推进“一网通办”\n区政务服务局\n区直各部门\n"
                           "深化综合执法改革\n区委编办\n区司法局、各街道办事处\n各部门要高度重视，认真抓好落实。\n")
    assert [t.title for t in plan.tasks] == ["推进“一网通办”", "深化综合执法改革"]
    assert units(plan) == [(1, ["区政务服务局"], ["区直各部门"]), (2, ["区委编办"], ["区司法局", "各街道办事处"])]


def test_table_indicator_column_stays_with_the_task():
    plan = parse_plan_text("序号\t重点任务\t具体内容\t牵头单位\t配合单位\t完成时间\t对应指标\n"
                           "一\t依法决策\t健全重大行政决策程序。\t市司法局\t市直各部门\t2023年6月底前\t第5项\n")
    task = plan.tasks[0]
    assert (task.section, task.text, task.due_text) == ("依法决策", "健全重大行政决策程序。(对应指标：第5项)", "2023年6月底前")
    assert (task.lead_units, task.responsible_units) == (["市司法局"], ["市直各部门"])


# ---------------------------------------------------------------- deadlines in the tracker
@pytest.mark.parametrize("written, expected", [
    ("2023年6月底前完成", datetime.date(2023, 6, 30)), ("年底前", datetime.date(2023, 12, 31)),
    ("6月底前", datetime.date(2023, 6, 30)), ("上半年", datetime.date(2023, 6, 30)),
    ("2024年3月31日", datetime.date(2024, 3, 31)), ("长期坚持", None), ("持续推进", None), ("全年", None),
])
def test_deadline_date_beside_the_text(written, expected):
    from checklist.plan_import import due_date

    assert due_date(written, 2023) == expected


@pytest.mark.django_db
def test_import_keeps_the_deadline_as_written_and_as_a_date():
    from checklist.models import Task
    from checklist.plan_import import import_plan, resolve_region

    parsed = parse_plan_text("一、依法决策\n1.完善决策程序。（牵头单位：区司法局；完成时限：年底前）\n"
                             "2.推行法律顾问制度。（牵头单位：区司法局；完成时限：长期坚持）\n")
    import_plan(parsed, resolve_region("某市/某区"), 2023, source_file="plan.txt")
    assert list(Task.objects.order_by("number").values_list("due_text", "due_date")) == [
        ("年底前", datetime.date(2023, 12, 31)), ("长期坚持", None)]
    again = import_plan(parsed, resolve_region("某市/某区"), 2023, source_file="plan.txt")
    assert (again.created, again.updated, again.unchanged) == (0, 0, 2)
