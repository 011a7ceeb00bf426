"""Plan upload, the indicator tree with task counts, and merging duplicate units in the admin."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from checklist.indicator_import import import_system
from checklist.models import Indicator, OrgUnit, Plan, Region, Task, UnitAlias
from checklist.parsing.indicators import load_indicator_file
from reports.models import Gap, GapState
from tests.helpers import DONGHE_PLAN, INDICATORS_2021, import_donghe, pdf_from_html

pytestmark = pytest.mark.django_db


def test_plan_upload_imports_the_document(admin_client, admin_user):
    upload = SimpleUploadedFile("plan.txt", DONGHE_PLAN.read_bytes())
    response = admin_client.post(
        reverse("admin:checklist_plan_upload"), {"file": upload, "region": "包头市/东河区", "year": 2021}, follow=True
    )
    assert "新增任务 26 项" in response.content.decode()
    assert Task.objects.count() == 26
    # the new plan's gaps are flagged at once (no task has evidence yet), and the message says so
    assert Gap.objects.filter(rule="task_no_evidence", state=GapState.OPEN).count() == 26
    assert "差距清单已随之更新：新出现差距" in response.content.decode()
    assert Task.objects.first().history.first().history_user == admin_user


def test_plan_upload_of_a_pdf_task_table_with_its_indicators(admin_client, tmp_path):
    import_system(load_indicator_file(INDICATORS_2021))
    rows = "".join(f"<tr><td>{n}</td><td>{task}</td><td>区司法局</td><td>{ref}</td><td>2021年12月底</td></tr>"
                   for n, task, ref in [(1, "严格落实重大行政决策程序，公布年度决策事项目录。", "第1项"),
                                        (2, "加强行政规范性文件备案审查。", "第99项")])
    path = pdf_from_html(tmp_path / "plan.pdf", "<h2>东河区2021年法治政府建设任务分工表</h2><table><tr><th>序号</th>"
                         "<th>工作任务</th><th>牵头单位</th><th>对应指标</th><th>完成时限</th></tr>" + rows + "</table>")
    upload = SimpleUploadedFile("分工表.pdf", path.read_bytes())
    page = admin_client.post(reverse("admin:checklist_plan_upload"),
                             {"file": upload, "region": "包头市/东河区", "year": 2021}, follow=True).content.decode()
    assert "新增任务 2 项" in page
    assert "对应指标未能识别 1 处" in page and "第99项" in page
    first = Task.objects.get(number=1)
    assert first.lead_units.get().name == "区司法局"
    assert first.indicators.count() == 1


def test_plan_upload_without_tasks_shows_message_and_writes_nothing(admin_client):
    upload = SimpleUploadedFile("notice.txt", "关于放假的通知\n各单位：\n放假三天。".encode())
    response = admin_client.post(
        reverse("admin:checklist_plan_upload"), {"file": upload, "region": "包头市/东河区", "year": 2021}
    )
    assert response.status_code == 200
    assert "任务" in response.context["form"].errors["file"][0]
    assert (Plan.objects.count(), Task.objects.count(), Region.objects.count()) == (0, 0, 0)


def test_indicator_tree_counts_serving_tasks(admin_client):
    system = import_system(load_indicator_file(INDICATORS_2021)).system
    plan = import_donghe().plan
    indicator = Indicator.objects.get(system=system, code="2021-L3-003")
    Task.objects.get(plan=plan, number=3).indicators.add(indicator)
    response = admin_client.get(reverse("admin:checklist_indicator_changelist"), {"system__id__exact": system.pk})
    rows = {i.code: i.task_count for i in response.context["cl"].result_list}
    assert rows["2021-L3-003"] == 1 and rows["2021-L3-001"] == 0
    systems = admin_client.get(reverse("admin:checklist_indicatorsystem_changelist")).content.decode()
    assert "三级指标 3/100" in systems


def test_merge_action_folds_duplicates_into_one_unit(admin_client):
    plan = import_donghe().plan
    keep = OrgUnit.objects.get(name="区司法局")
    dup = OrgUnit.objects.create(region=plan.region, name="东河区司法行政局")
    task = Task.objects.get(number=14)
    task.taskleadunit_set.create(unit=dup, position=5)
    url = reverse("admin:checklist_orgunit_changelist")
    confirm = admin_client.post(url, {"action": "merge_selected", "_selected_action": [keep.pk, dup.pk]})
    assert "请选择要保留的单位" in confirm.content.decode()
    admin_client.post(
        url, {"action": "merge_selected", "_selected_action": [keep.pk, dup.pk], "merge_target": keep.pk}
    )
    assert not OrgUnit.objects.filter(pk=dup.pk).exists()
    assert UnitAlias.objects.filter(unit=keep, name="东河区司法行政局").exists()
    assert keep in task.lead_units.all()


def test_indicator_upload_loads_the_system_and_shows_completeness(admin_client):
    upload = SimpleUploadedFile("indicators-2021.json", INDICATORS_2021.read_bytes())
    response = admin_client.post(reverse("admin:checklist_indicatorsystem_upload"), {"file": upload}, follow=True)
    assert "三级指标 3/100" in response.content.decode()
    assert Indicator.objects.count() == 5


def test_indicator_upload_of_a_wrong_file_says_why_and_writes_nothing(admin_client):
    from checklist.models import IndicatorSystem

    upload = SimpleUploadedFile("system.json", b"{broken")
    response = admin_client.post(reverse("admin:checklist_indicatorsystem_upload"), {"file": upload})
    assert response.status_code == 200 and response.context["form"].errors["file"]
    assert IndicatorSystem.objects.count() == 0


def test_plan_upload_with_a_paragraph_as_region_is_refused_and_writes_nothing(admin_client):
    upload = SimpleUploadedFile("plan.txt", DONGHE_PLAN.read_bytes())
    region = "包头市/" + "东河区人民政府办公室关于印发2021年度法治政府建设工作计划的通知" * 4
    response = admin_client.post(reverse("admin:checklist_plan_upload"), {"file": upload, "region": region, "year": 2021})
    assert "地区名称过长" in response.context["form"].errors["region"][0]
    assert (Plan.objects.count(), Region.objects.count()) == (0, 0)


def test_indicator_upload_submitted_without_anything_says_the_file_is_missing(admin_client):
    response = admin_client.post(reverse("admin:checklist_indicatorsystem_upload"), {})
    assert response.context["form"].errors["file"] == ["这个字段是必填项。"]


def test_indicator_upload_without_a_title_asks_for_name_and_version_and_writes_nothing(admin_client):
    from checklist.models import IndicatorSystem

    table = "一级指标,二级指标\n一、依法全面履行政府职能,1.深化行政审批制度改革\n".encode("gbk")
    url = reverse("admin:checklist_indicatorsystem_upload")
    response = admin_client.post(url, {"file": SimpleUploadedFile("指标.csv", table)})
    errors = response.context["form"].errors
    assert "未能从文件中识别指标体系的名称" in errors["name"][0]
    assert "未能从文件中识别指标体系的版本" in errors["version"][0]
    assert IndicatorSystem.objects.count() == 0
    response = admin_client.post(url, {"file": SimpleUploadedFile("指标.csv", table), "name": "市县法治政府建设示范指标体系",
                                       "version": "2021"}, follow=True)
    assert "已创建指标体系《市县法治政府建设示范指标体系》（2021）" in response.content.decode()
