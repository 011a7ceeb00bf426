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


# ---------------------------------------------------------------- second round: other provinces, levels and years
def test_notice_with_numbered_requests_wrapping_the_plan():
    plan = parse_plan_text("""某区人民政府办公室关于印发《某区2023年法治政府建设工作要点》的通知
各镇人民政府、街道办事处，区政府各部门：
现将《某区2023年法治政府建设工作要点》印发给你们，并就有关事项通知如下：
一、提高思想认识。各单位要把法治政府建设摆在重要位置。
二、按时报送进展。各单位于每季度末将工作进展报区司法局。
某区人民政府办公室
2023年4月10日
某区2023年法治政府建设工作要点
一、深入推进依法行政。完善合法性审核机制。（责任单位：区司法局、区府办，各镇街按职责分工负责）
二、规范行政执法行为。全面落实行政执法“三项制度”。（责任单位：区司法局，区政府各部门，各镇、街道）
三、优化营商环境。开展涉企规范性文件清理。（区发改局牵头，区市场监管局配合）
各镇街、各部门要于每季度末将工作进展情况报区司法局。
附件：1．某区2023年法治政府建设重点任务台账
2．某区法治政府建设联络员名单
""")
    assert (plan.title, plan.issuer, plan.written_on) == ("某区2023年法治政府建设工作要点", "某区人民政府办公室",
                                                         datetime.date(2023, 4, 10))
    assert [t.title for t in plan.tasks] == ["深入推进依法行政", "规范行政执法行为", "优化营商环境"]  # no 提高思想认识
    assert units(plan) == [(1, [], ["区司法局", "区府办", "各镇街"]), (2, [], ["区司法局", "区政府各部门", "各镇", "各街道"]),
                           (3, ["区发改局"], ["区市场监管局"])]
    assert plan.tasks[2].text == "优化营商环境。开展涉企规范性文件清理。"  # closing paragraph and attachment names left out


def test_attachment_names_numbered_like_tasks_are_no_tasks():
    plan = parse_plan_text("一、依法决策\n1．完善决策程序。（责任单位：区司法局）\n二、规范执法\n2．落实三项制度。（责任单位：区委编办）\n"
                           "附件：1．重点任务分工表\n2．联络员名单\n某区人民政府办公室\n2024年3月1日\n")
    assert [(t.number, t.title) for t in plan.tasks] == [(1, "完善决策程序"), (2, "落实三项制度")]


def test_demonstration_plan_with_leader_and_labels_on_one_line():
    plan = parse_plan_text("""某县2022年法治政府建设示范创建工作方案
一、总体要求
以习近平新时代中国特色社会主义思想为指导，力争2022年底前创建成为省级法治政府建设示范县。
二、主要任务
（一）依法全面履行政府职能
1.深化“放管服”改革。全面实行政府权责清单制度。
责任领导：王建国
牵头单位：县政务服务中心；配合单位：县委编办、县司法局；完成时限：2022年12月底
2.优化法治化营商环境。开展涉企规范性文件清理。
责任领导：李明
牵头单位：县发改局；配合单位：县市场监管局；完成时限：2022年10月底
三、保障措施
（一）加强组织领导。成立县法治政府建设示范创建工作领导小组，由县长任组长。
（二）强化督导考核。各责任单位要于每季度末将工作进展报县司法局。
""")
    assert plan.sections == ["二、主要任务", "(一)依法全面履行政府职能"]
    assert units(plan) == [(1, ["县政务服务中心"], ["县委编办", "县司法局"]), (2, ["县发改局"], ["县市场监管局"])]
    assert [t.due_text for t in plan.tasks] == ["2022年12月底", "2022年10月底"]


def test_roles_written_as_verbs_joined_by_and_or_working_with():
    plan = parse_plan_text("""某县2019年法治政府建设工作要点
（一）加强普法宣传。落实普法责任制。（县委宣传部、县司法局、县妇联和团县委按职责分工负责）
（二）加强法律援助。（责任单位：县司法局、县残联、县科协）
（三）完善矛盾纠纷多元化解机制。（县委政法委牵头，县法院、县检察院及各乡镇配合）
（四）提升营商环境法治化水平。（县发改委会同县市场监管局负责）
（五）深入学习习近平法治思想。（县委依法治县办、县司法局负责）
（六）健全学法制度。县政府常务会议全年学法不少于4次。县司法局负责，县政府办配合。
（七）住房保障。（县住房和城乡建设局、县民政局及其所属单位）
""")
    assert units(plan) == [
        (1, [], ["县委宣传部", "县司法局", "县妇联", "团县委"]), (2, [], ["县司法局", "县残联", "县科协"]),
        (3, ["县委政法委"], ["县法院", "县检察院", "各乡镇"]), (4, ["县发改委"], ["县市场监管局"]),
        (5, ["县委依法治县办", "县司法局"], []), (6, ["县司法局"], ["县政府办"]),
        (7, [], ["县住房和城乡建设局", "县民政局及其所属单位"]),
    ]
    assert plan.tasks[5].text == "健全学法制度。县政府常务会议全年学法不少于4次。"


def test_short_and_bracketed_labels():
    plan = parse_plan_text("""某市2021年法治政府建设工作计划
1.深化审批制度改革。（牵头：市行政审批局；配合：市委编办、市司法局；时间：2021年9月底前）
2.加强重要领域立法。完成立法调研。【牵头单位】市司法局【配合单位】市直有关部门【完成时限】2021年11月
3.严格落实重大行政决策程序。【责任单位】市政府办公室、市司法局【对应指标】第14项
""")
    assert units(plan) == [(1, ["市行政审批局"], ["市委编办", "市司法局"]), (2, ["市司法局"], ["市直有关部门"]),
                           (3, [], ["市政府办公室", "市司法局"])]
    assert [t.due_text for t in plan.tasks] == ["2021年9月底前", "2021年11月", ""]
    assert plan.tasks[1].text == "加强重要领域立法。完成立法调研。"
    assert plan.tasks[2].text == "严格落实重大行政决策程序。(对应指标：第14项)"


def test_units_stated_once_at_the_section_heading_hold_for_its_tasks():
    plan = parse_plan_text("""某区2022年法治政府建设工作方案
一、依法全面履行政府职能
（一）深化“放管服”改革（牵头单位：区发改局）
1．推进“证照分离”改革全覆盖。
2．全面推行证明事项告知承诺制。（责任单位：区司法局）
（二）加强事中事后监管（牵头单位：区市场监管局；责任单位：区直各执法部门）
1．全面推行“双随机、一公开”监管。
2．推进跨部门综合监管。（完成时限：2022年10月底前）
三、保障措施
（一）加强组织领导。各部门要高度重视。
""")
    assert plan.sections == ["一、依法全面履行政府职能", "(一)深化“放管服”改革", "(二)加强事中事后监管"]
    assert [t.title for t in plan.tasks] == ["推进“证照分离”改革全覆盖", "全面推行证明事项告知承诺制",
                                             "全面推行“双随机、一公开”监管", "推进跨部门综合监管"]
    assert units(plan) == [(1, ["区发改局"], []), (2, ["区发改局"], ["区司法局"]),
                           (3, ["区市场监管局"], ["区直各执法部门"]), (4, ["区市场监管局"], ["区直各执法部门"])]
    assert [t.due_text for t in plan.tasks] == ["", "", "", "2022年10月底前"]


def test_heading_units_broken_by_the_pdf_with_a_leader_and_a_closing_paragraph():
    plan = parse_plan_text("""一、深化“放管服”改革
（一）推进政务服务标准化（责任领导：张三；牵头单位：区政务服务
中心；配合单位：区直各部门）
1．推行“一网通办”，网上可办率达到
90%以上。
2．推进“跨省通办”。
（二）开展案卷评查（区司法局负责）
1．组织全区行政执法案卷评查。
各部门要高度重视，于每季度末将工作进展报区司法局。
""")
    assert plan.sections == ["一、深化“放管服”改革", "(一)推进政务服务标准化", "(二)开展案卷评查"]
    assert units(plan) == [(1, ["区政务服务中心"], ["区直各部门"]), (2, ["区政务服务中心"], ["区直各部门"]),
                           (3, ["区司法局"], [])]
    assert [t.text for t in plan.tasks] == ["推行“一网通办”，网上可办率达到90%以上。", "推进“跨省通办”。",
                                            "组织全区行政执法案卷评查。"]


def test_task_with_units_and_sub_items_among_tasks_without_sub_items():
    plan = parse_plan_text("一、健全依法决策机制。（牵头单位：区司法局）\n1.编制决策目录。\n2.开展风险评估。\n"
                           "二、规范执法。（牵头单位：区市场监管局）\n")
    assert [(t.title, t.text) for t in plan.tasks] == [
        ("健全依法决策机制", "健全依法决策机制。1.编制决策目录。2.开展风险评估。"), ("规范执法", "规范执法。")]
    assert units(plan) == [(1, ["区司法局"], []), (2, ["区市场监管局"], [])]


def test_circled_numbers_and_three_levels():
    plan = parse_plan_text("""某市2025年法治政府建设工作计划
一、健全政府机构职能体系
（一）推进政府职能优化
①深化行政审批制度改革。（市行政审批局牵头，市直各部门配合）
②加快数字法治政府建设。（市大数据中心牵头，市直有关部门配合）
二、完善依法行政制度体系
（一）加强规范性文件监督管理
①开展规范性文件清理。（市司法局牵头，市直各部门配合，2025年6月底前）
""")
    assert [(t.number, t.section, t.title) for t in plan.tasks] == [
        (1, "(一)推进政府职能优化", "深化行政审批制度改革"), (2, "(一)推进政府职能优化", "加快数字法治政府建设"),
        (3, "(一)加强规范性文件监督管理", "开展规范性文件清理")]
    assert plan.tasks[2].due_text == "2025年6月底前"


def test_circled_sub_items_and_framework_parts_with_numbered_goals():
    plan = parse_plan_text("""一、总体要求
（一）工作目标
1.法治政府建设示范创建取得突破。
二、主要任务
（一）推进政府职能优化
1.深化“放管服”改革。
①全面实行行政许可事项清单管理。
②推进“一件事一次办”改革。
（市政务服务局牵头，市直有关部门配合）
2.提升营商环境法治化水平。（市发改委会同市市场监管局负责）
三、保障措施
（一）加强组织领导。各地各部门主要负责人要切实履行第一责任人职责。
""")
    assert [t.title for t in plan.tasks] == ["深化“放管服”改革", "提升营商环境法治化水平"]
    assert plan.tasks[0].text == "深化“放管服”改革。①全面实行行政许可事项清单管理。②推进“一件事一次办”改革。"
    assert units(plan) == [(1, ["市政务服务局"], ["市直有关部门"]), (2, ["市发改委"], ["市市场监管局"])]


def test_parts_with_parenthesised_tasks_and_labels_after_the_text():
    plan = parse_plan_text("""某市2024年法治政府建设示范创建工作方案
第一部分 工作目标
力争2024年底前，全市有1个区县获评省级法治政府建设示范地区。
第二部分 重点任务
（一）强化依法行政制度建设
（1）开展规范性文件集中清理。牵头单位：市司法局；配合单位：市直各部门；完成时限：2024年6月30日前
（2）推进规范性文件统一登记。牵头单位：市政府办公室；配合单位：市司法局；完成时限：2024年全年
第三部分 工作要求
各区县、各部门要高度重视，于每季度末将工作进展报市司法局。
""")
    assert [(t.number, t.section, t.due_text) for t in plan.tasks] == [
        (1, "(一)强化依法行政制度建设", "2024年6月30日前"), (2, "(一)强化依法行政制度建设", "2024年全年")]
    assert units(plan) == [(1, ["市司法局"], ["市直各部门"]), (2, ["市政府办公室"], ["市司法局"])]


def test_title_line_over_labelled_fields():
    plan = parse_plan_text("""一、依法行政制度建设
1.规范性文件备案审查
工作措施：严格落实合法性审核机制，开展规范性文件清理。
牵头单位：区司法局
完成时限：2024年12月
2.重大行政决策目录管理
工作措施：编制并公布年度重大行政决策事项目录。
牵头单位：区政府办公室
""")
    assert [t.title for t in plan.tasks] == ["规范性文件备案审查", "重大行政决策目录管理"]
    assert plan.tasks[0].text == "规范性文件备案审查。工作措施：严格落实合法性审核机制，开展规范性文件清理。"
    assert units(plan) == [(1, ["区司法局"], []), (2, ["区政府办公室"], [])]


# ---------------------------------------------------------------- second round: 分工方案 tables
MERGED = [  # 重点任务 over two 具体措施 rows; 序号 and 重点任务 merged
    ("1", "依法全面履行政府职能", "动态调整权责清单。", "市委编办", "市直各部门", "2023年6月底前"),
    ("", "", "深化“证照分离”改革。", "市市场监管局", "市直有关部门", "2023年12月底前"),
    ("2", "健全依法决策机制", "严格落实重大行政决策程序规定。", "市司法局", "市政府各部门", "长期坚持"),
]
MERGED_TASKS = [("依法全面履行政府职能", "动态调整权责清单。", "2023年6月底前"),
                ("依法全面履行政府职能", "深化“证照分离”改革。", "2023年12月底前"),
                ("健全依法决策机制", "严格落实重大行政决策程序规定。", "长期坚持")]
MERGED_UNITS = [(1, ["市委编办"], ["市直各部门"]), (2, ["市市场监管局"], ["市直有关部门"]), (3, ["市司法局"], ["市政府各部门"])]
MERGED_HEADER = ("序号", "重点任务", "具体措施", "牵头单位", "责任单位", "完成时限")


def _tasks(plan):
    return [(t.section, t.text, t.due_text) for t in plan.tasks]


@pytest.mark.parametrize("layout", ["docx", "tabs", "cell per line"])
def test_task_over_several_rows_with_merged_cells(layout):
    if layout == "docx":  # read_document repeats a merged cell in every row it spans
        rows = [MERGED[0][:2] + row[2:] if not row[0] else row for row in MERGED]
        text = "\n".join("\t".join(row) for row in [MERGED_HEADER] + rows)
    elif layout == "tabs":  # left empty by web pages and PDF converters
        text = "\n".join("\t".join(row) for row in [MERGED_HEADER] + MERGED)
    else:  # an empty cell has no line at all
        text = "\n".join(cell for row in [MERGED_HEADER] + MERGED for cell in row if cell)
    plan = parse_plan_text(text + "\n各牵头单位要于每季度末将工作进展报市委依法治市办。\n")
    assert _tasks(plan) == MERGED_TASKS
    assert units(plan) == MERGED_UNITS


def test_task_over_several_rows_in_space_aligned_columns():
    plan = parse_plan_text("""序号   重点任务          具体措施                              牵头单位        责任单位          完成时限
 1     依法全面履行      动态调整权责清单。                    市委编办        市直各部门        2023年6月底前
       政府职能          深化“证照分离”改革。                  市市场监管局    市直有关部门      2023年12月底前
 2     健全依法决策      严格落实重大行政决策程序规定。        市司法局        市政府各部门      长期坚持
       机制
各牵头单位要于每季度末将工作进展报市委依法治市办。
""")
    assert _tasks(plan) == MERGED_TASKS
    assert units(plan) == MERGED_UNITS


def test_table_with_leader_column_two_header_rows_and_numbered_category_rows():
    plan = parse_plan_text("\n".join([
        "某区2023年法治政府建设重点任务责任分工表",
        "序号\t工作任务\t责任领导\t责任单位\t责任单位\t完成时限",
        "序号\t工作任务\t责任领导\t牵头单位\t配合单位\t完成时限",
        "一\t依法全面履行政府职能\t依法全面履行政府职能\t依法全面履行政府职能\t依法全面履行政府职能\t依法全面履行政府职能",
        "1\t健全规范性文件审核机制\t张伟\t区司法局\t区政府各部门\t2023年6月底前",
        "二\t推进政务公开\t\t\t\t",
        "2\t推进政务公开标准化\t李娜\t区政府办公室\t区政务服务中心、各街道办事处\t2023年12月底前",
    ]))
    assert plan.title == "某区2023年法治政府建设重点任务责任分工表"
    assert plan.sections == ["一、依法全面履行政府职能", "二、推进政务公开"]
    assert units(plan) == [(1, ["区司法局"], ["区政府各部门"]), (2, ["区政府办公室"], ["区政务服务中心", "各街道办事处"])]


def test_cell_per_line_table_with_numbered_category_rows():
    plan = parse_plan_text("\n".join([
        "序号", "工作任务", "牵头单位", "责任单位", "完成时限",
        "一", "依法全面履行政府职能", "1", "动态调整权责清单。", "区委编办", "区直各部门", "2023年6月底前",
        "二", "健全依法决策机制", "2", "严格落实重大行政决策程序规定。", "区司法局", "区政府各部门", "长期坚持",
    ]))
    assert [(t.number, t.section, t.title) for t in plan.tasks] == [
        (1, "一、依法全面履行政府职能", "动态调整权责清单"), (2, "二、健全依法决策机制", "严格落实重大行政决策程序规定")]
    assert units(plan) == [(1, ["区委编办"], ["区直各部门"]), (2, ["区司法局"], ["区政府各部门"])]


def test_plan_typed_with_english_punctuation():
    plan = parse_plan_text("""XX区2023年法治政府建设工作要点
一、依法全面履行政府职能
1.深化行政审批制度改革.全面推行证明事项告知承诺制,动态调整权责清单.(牵头单位:区司法局;责任单位:区政务服务中心)
2.加强行政规范性文件管理.严格落实合法性审核机制,备案审查率达到100%.(牵头单位:区司法局)
""")
    assert [(t.number, t.title, t.lead_units, t.responsible_units) for t in plan.tasks] == [
        (1, "深化行政审批制度改革", ["区司法局"], ["区政务服务中心"]),
        (2, "加强行政规范性文件管理", ["区司法局"], []),
    ]


# ---------------------------------------------------------------- other numbering, roles and pasted tables
def test_tasks_numbered_as_articles():
    plan = parse_plan_text("""某县法治政府建设重点任务清单
第一条 深入开展法治督察，依据《法治政府建设与责任落实督察工作规定》
第三条规定的内容制定督察计划。（牵头单位：县委依法治县办；责任单位：县司法局）
第二条 加强行政执法协调监督。（牵头单位：县司法局；责任单位：县直各执法部门）
""")
    assert [(t.number, t.title) for t in plan.tasks] == [(1, "深入开展法治督察"), (2, "加强行政执法协调监督")]
    assert "第三条规定的内容制定督察计划" in plan.tasks[0].text  # a wrapped line citing an article is no task
    assert units(plan) == [(1, ["县委依法治县办"], ["县司法局"]), (2, ["县司法局"], ["县直各执法部门"])]


def test_office_that_steers_or_guides_leads():
    plan = parse_plan_text("""某区2023年法治政府建设工作要点
1.完善基层治理。（区委政法委统筹，各街道办事处负责）
2.加强合法性审核。（区司法局指导，各镇（街道）落实）
""")
    assert units(plan) == [(1, ["区委政法委"], ["各街道办事处"]), (2, ["区司法局"], ["各镇(街道)"])]
    assert [t.text for t in plan.tasks] == ["完善基层治理。", "加强合法性审核。"]


def test_the_one_office_in_charge_leads():
    # a task with no lead would be flagged 任务无牵头单位; 分工负责 / 共同负责 name shares, not the one in charge
    plan = parse_plan_text("""某区2023年法治政府建设工作要点
1.加强备案审查。全面落实备案审查制度。（区司法局负责）
2.加强执法监督。区司法局负责。
3.深化行政复议改革。（区司法局、区法院共同负责）
4.落实普法责任制。（各部门按职责分工负责）
""")
    assert units(plan) == [
        (1, ["区司法局"], []), (2, ["区司法局"], []), (3, [], ["区司法局", "区法院"]), (4, [], ["各部门"]),
    ]


PASTED = """某区2023年法治政府建设重点任务分工表
序号\t工作任务\t具体措施\t牵头单位\t配合单位\t完成时限
1\t健全依法决策机制\t制定重大行政决策事项目录\t区司法局\t区政府办、区发改局、
区财政局\t2023年6月底前
2\t推进严格规范公正文明执法\t全面落实行政执法三项制度，
{}开展执法案卷评查\t区司法局\t区直各执法部门\t持续推进
3\t加强法治宣传\t落实普法责任制\t区委宣传部\t\t
各单位要高度重视，按时报送进展情况。
"""


@pytest.mark.parametrize("indent", ["", "\t\t"], ids=["rest of the row on the next line", "below empty cells"])
def test_table_pasted_as_text_with_a_cell_broken_onto_the_next_line(indent):
    plan = parse_plan_text(PASTED.format(indent))
    assert [(t.number, t.text, t.due_text) for t in plan.tasks] == [
        (1, "健全依法决策机制。制定重大行政决策事项目录", "2023年6月底前"),
        (2, "推进严格规范公正文明执法。全面落实行政执法三项制度，开展执法案卷评查", "持续推进"),
        (3, "加强法治宣传。落实普法责任制", ""),
    ]
    assert units(plan) == [(1, ["区司法局"], ["区政府办", "区发改局", "区财政局"]),
                           (2, ["区司法局"], ["区直各执法部门"]), (3, ["区委宣传部"], [])]


def test_attachment_table_after_numbered_tasks_does_not_replace_them():
    plan = parse_plan_text("""某区2023年法治政府建设工作要点
一、加强党的领导
1.学习贯彻习近平法治思想。（牵头单位：区委依法治区办；责任单位：区直各部门）
2.落实述法制度。（牵头单位：区委组织部；责任单位：区司法局）
二、强化执法监督
3.开展行政执法案卷评查。（牵头单位：区司法局；责任单位：区直各执法部门）
附件：重点任务台账
序号\t工作任务\t责任单位
1\t执法案卷评查\t区司法局
""")
    assert plan.sections == ["一、加强党的领导", "二、强化执法监督"]
    assert units(plan) == [(1, ["区委依法治区办"], ["区直各部门"]), (2, ["区委组织部"], ["区司法局"]),
                           (3, ["区司法局"], ["区直各执法部门"])]


def test_units_and_deadline_in_one_bracket_without_labels():
    plan = parse_plan_text("""某区2023年法治政府建设工作要点
一、加强制度建设
1.编制重大行政决策事项目录。（区司法局，2023年6月底前）
2.开展规范性文件清理。（区司法局、区直各部门；持续推进）
""")
    assert [(t.text, t.responsible_units, t.due_text) for t in plan.tasks] == [
        ("编制重大行政决策事项目录。", ["区司法局"], "2023年6月底前"),
        ("开展规范性文件清理。", ["区司法局", "区直各部门"], "持续推进")]


def test_unbracketed_label_ending_on_a_name_with_brackets_and_an_etc_list():
    plan = parse_plan_text("""某区2023年法治政府建设工作要点
1.加强公共法律服务。责任单位：区司法局，各镇（街道）
2.推进“八五”普法。责任单位：区司法局、区委宣传部等区普法领导小组成员单位。
3.规范行政复议。责任单位：区司法局等有关部门
""")
    assert [t.responsible_units for t in plan.tasks] == [
        ["区司法局", "各镇(街道)"], ["区司法局", "区委宣传部", "区普法领导小组成员单位"], ["区司法局"]]
    assert plan.tasks[0].text == "加强公共法律服务。"


def test_a_measure_number_at_the_start_of_a_table_cell_is_not_part_of_the_title():
    plan = parse_plan_text("某区2023年法治政府建设重点任务分工\n序号\t具体措施\t牵头单位\t完成时限\n"
                           "1\t1.全面推行行政执法公示制度。2.推进执法全过程记录。\t区司法局\t2023年底\n"
                           "2\t（1）开展案卷评查。（2）组织执法培训。\t区司法局\t2023年底\n"
                           "3\t1.5万人次参加学法考试。\t区司法局\t2023年底\n")
    assert [t.title for t in plan.tasks] == ["全面推行行政执法公示制度", "开展案卷评查", "1.5万人次参加学法考试"]
    assert plan.tasks[0].text.startswith("1.全面推行")  # the text stays as written
