"""The gap report in the admin: the region chooser, the page per region with its selectors, the downloads."""
import io
import json
from urllib.parse import unquote

import pytest
from django.contrib.auth.models import Permission, User
from django.urls import reverse
from openpyxl import load_workbook

from tests.test_gap_report_data import build_sample

pytestmark = pytest.mark.django_db


@pytest.fixture
def sample():
    return build_sample()


def page_url(region, **params):
    url = reverse("admin:checklist_region_gap_report", args=[region.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in params.items()) if params else "")


def test_region_list_links_to_the_reports(admin_client, sample):
    page = admin_client.get(reverse("admin:checklist_region_changelist")).content.decode()
    assert reverse("admin:checklist_region_gap_reports") in page
    assert page_url(sample["donghe"]) in page
    chooser = admin_client.get(reverse("admin:checklist_region_gap_reports")).content.decode()
    assert "差距报告" in chooser
    for region in ("city", "donghe", "qingshan"):
        assert page_url(sample[region]) in chooser
    assert "2 个" in chooser  # the city's districts


def test_gap_list_links_to_the_reports(admin_client, sample):
    page = admin_client.get(reverse("admin:reports_gap_changelist")).content.decode()
    assert f'href="{reverse("admin:checklist_region_gap_reports")}"' in page


def test_district_page(admin_client, sample):
    response = admin_client.get(page_url(sample["donghe"]))
    assert response.status_code == 200
    page = response.content.decode()
    for text in ("包头市 东河区法治政府建设差距报告", "差距概况（按规则）", "按计划章节：佐证与完成情况", "按一级指标：承接与佐证情况",
                 "各单位情况", "差距清单（7 项）", "<svg", "任务逾期未完成"):
        assert text in page, text
    # Open gaps link to their task or indicator.
    assert reverse("admin:checklist_task_change", args=[sample["tasks"][1].pk]) in page
    assert reverse("admin:checklist_indicator_change", args=[sample["leaves"][2].pk]) in page
    # Selectors: the region's plans and the years of its reports and plans.
    assert f'<option value="{sample["plan"].pk}">2024年 · 东河区2024年度法治政府建设工作计划</option>' in page
    assert '<option value="2023">2023年度</option>' in page
    download = reverse("admin:checklist_region_gap_report_download", args=[sample["donghe"].pk, "xlsx"])
    assert f'href="{download}"' in page
    assert response.context["report"]["summary"]["tasks"] == 6


def test_plan_and_year_are_chosen_on_the_page(admin_client, sample):
    response = admin_client.get(page_url(sample["donghe"], plan=sample["plan"].pk, year=2024))
    report = response.context["report"]
    assert (report["summary"]["tasks"], report["summary"]["with_evidence"], report["period"]) == (5, 1, "2024年度")
    page = response.content.decode()
    assert f'<option value="{sample["plan"].pk}" selected>' in page and '<option value="2024" selected>' in page
    download = reverse("admin:checklist_region_gap_report_download", args=[sample["donghe"].pk, "pdf"])
    assert f'{download}?plan={sample["plan"].pk}&amp;year=2024' in page
    # Another region's plan is ignored, not shown.
    other = admin_client.get(page_url(sample["qingshan"], plan=sample["plan"].pk))
    assert other.status_code == 200 and other.context["report"]["plan"] is None


def test_city_page_shows_its_districts(admin_client, sample):
    page = admin_client.get(page_url(sample["city"])).content.decode()
    assert "下辖地区对比" in page and "本级暂无工作计划" in page
    assert page_url(sample["donghe"]) in page and page_url(sample["qingshan"]) in page


@pytest.mark.parametrize("fmt, content_type", [
    ("xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"),
    ("pdf", "application/pdf"),
    ("json", "application/json; charset=utf-8"),
    ("html", "text/html; charset=utf-8"),
])
def test_downloads(admin_client, sample, fmt, content_type):
    url = reverse("admin:checklist_region_gap_report_download", args=[sample["donghe"].pk, fmt])
    response = admin_client.get(url, {"plan": sample["plan"].pk, "year": 2024})
    assert response.status_code == 200
    assert response["Content-Type"] == content_type
    disposition = response["Content-Disposition"]
    assert disposition.startswith("attachment")
    assert f"东河区差距报告-2024年计划-2024年度.{fmt}" in unquote(disposition)
    if fmt == "xlsx":
        wb = load_workbook(io.BytesIO(response.content))
        assert wb.sheetnames == ["概览", "按任务", "按指标", "按单位", "差距清单", "证据"]
    elif fmt == "json":
        data = json.loads(response.content)
        assert data["year"] == 2024 and data["summary"]["tasks"] == 5 and len(data["evidence"]) == 3
    elif fmt == "pdf":
        assert response.content.startswith(b"%PDF")
    else:
        assert "东河区法治政府建设差距报告" in response.content.decode()


def test_unknown_format_and_region(admin_client, sample):
    assert admin_client.get(reverse("admin:checklist_region_gap_report_download", args=[sample["donghe"].pk, "docx"])).status_code == 404
    assert admin_client.get(reverse("admin:checklist_region_gap_report", args=[999999])).status_code == 404


def test_staff_need_the_right_to_see_tasks(client, sample):
    user = User.objects.create_user("clerk", password="pw", is_staff=True)
    client.force_login(user)
    url = page_url(sample["donghe"])
    assert client.get(url).status_code == 403
    assert client.get(reverse("admin:checklist_region_gap_report_download", args=[sample["donghe"].pk, "json"])).status_code == 403
    user.user_permissions.add(Permission.objects.get(codename="view_task"))
    user = User.objects.get(pk=user.pk)  # permissions are cached on the instance
    client.force_login(user)
    assert client.get(url).status_code == 200


def test_login_required(client, sample):
    response = client.get(page_url(sample["donghe"]))
    assert response.status_code == 302 and "/login/" in response["Location"]


def test_a_year_without_data_shows_in_the_selector_with_a_notice(admin_client, sample):
    page = admin_client.get(page_url(sample["donghe"], year=2019)).content.decode()
    # The selector shows the year the figures are for, not "全部年度" above a 2019 report.
    assert '<option value="2019" selected>2019年度</option>' in page
    assert "尚未导入东河区2019年度法治政府建设情况报告" in page
