"""Annual reports in the admin: upload (one or several files, refusals, duplicates), processing state and
progress on the list without N+1, the status endpoint, re-processing, and the report page with its passages."""
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from checklist.models import Region
from reports.admin import reports as report_admin
from reports.models import AnnualReport, Evidence, EvidenceState, Passage, ReportStatus
from tests.helpers import ROOT, import_donghe

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:reports_annualreport_changelist")
UPLOAD = reverse("admin:reports_annualreport_upload")
BAOTOU = ROOT / "fixtures" / "documents" / "report-baotou.txt"
ORDOS = ROOT / "fixtures" / "documents" / "report-ordos-2023.txt"


def blank_pdf() -> bytes:
    """A valid one-page PDF without any text, as a scan without a text layer reads."""
    objects = [
        b"<</Type/Catalog/Pages 2 0 R>>",
        b"<</Type/Pages/Kids[3 0 R]/Count 1>>",
        b"<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]/Contents 4 0 R/Resources<<>>>>",
        b"<</Length 0>>stream\n\nendstream",
    ]
    out, offsets = b"%PDF-1.4\n", []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % o for o in offsets)
    return out + b"trailer\n<</Size %d/Root 1 0 R>>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)


@pytest.fixture
def started(monkeypatch):
    """Processing as launched by the admin, recorded instead of run (the pipeline has tests of its own)."""
    calls = []
    monkeypatch.setattr(report_admin, "start_processing", calls.append)
    return calls


def upload(client, *files, region="包头市", year=2023, **extra):
    uploads = [SimpleUploadedFile(name, data) for name, data in files]
    return client.post(UPLOAD, {"files": uploads, "region": region, "year": year, **extra}, follow=True)


def test_upload_runs_the_whole_chain(admin_client):
    """The real chain, in-process as in the demo: read, match against the chosen plan, flag gaps."""
    plan = import_donghe().plan
    response = upload(admin_client, ("report-baotou.txt", BAOTOU.read_bytes()), plans=[plan.pk])
    page = response.content.decode()
    report = AnnualReport.objects.get()
    assert "已开始处理" in page and "report-baotou.txt" in page
    assert (report.region.name, report.year, report.original_name) == ("包头市", 2023, "report-baotou.txt")
    assert list(report.plans.all()) == [plan]
    assert report.status == ReportStatus.DONE, report.error
    assert report.progress == 100 and report.passages.exists()
    assert report.evidence.filter(task__plan=plan).exists()


def test_upload_starts_processing_and_lists_the_report(admin_client, started):
    response = upload(admin_client, ("report-baotou.txt", BAOTOU.read_bytes()))
    report = AnnualReport.objects.get()
    assert started == [report.pk]
    assert response.redirect_chain[-1][0] == CHANGELIST
    assert "包头市聚力打造法治政府建设新名片" in response.content.decode()


def test_several_files_at_once_each_told_apart(admin_client, started):
    response = upload(
        admin_client,
        ("report-baotou.txt", BAOTOU.read_bytes()),
        ("台账.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512),
        ("report-ordos-2023.txt", ORDOS.read_bytes()),
    )
    page = response.content.decode()
    assert AnnualReport.objects.count() == 2
    assert len(started) == 2
    assert "台账.xls" in page and page.count("已开始处理") == 2


@pytest.mark.parametrize(
    "name, data",
    [
        ("台账.xls", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 512),
        ("空白.txt", b""),
        ("扫描件.pdf", blank_pdf()),
    ],
)
def test_unreadable_file_is_refused_in_chinese_and_nothing_is_written(admin_client, started, name, data):
    response = upload(admin_client, (name, data), region="包头市/新区")
    assert response.status_code == 200 and not response.redirect_chain
    errors = response.context["form"].errors["files"]
    assert len(errors) == 1 and name in errors[0]
    assert any("\u4e00" <= ch <= "\u9fff" for ch in errors[0].replace(name, ""))
    if name.endswith(".pdf"):
        assert "扫描" in errors[0].replace(name, "")
    assert AnnualReport.objects.count() == 0
    assert Region.objects.count() == 0  # the region typed for it is not kept either
    assert started == []


def test_same_file_twice_is_one_report(admin_client, started):
    upload(admin_client, ("report-baotou.txt", BAOTOU.read_bytes()))
    response = upload(admin_client, ("包头市报告（重传）.txt", BAOTOU.read_bytes()))
    assert AnnualReport.objects.count() == 1
    assert "已有相同内容的报告" in response.content.decode()
    assert len(started) == 1  # not processed a second time


def test_same_file_again_redoes_a_failed_report(admin_client, started):
    upload(admin_client, ("report-baotou.txt", BAOTOU.read_bytes()))
    report = AnnualReport.objects.get()
    AnnualReport.objects.filter(pk=report.pk).update(status=ReportStatus.FAILED, error="进程中断")
    response = upload(admin_client, ("report-baotou.txt", BAOTOU.read_bytes()))
    assert "已有相同内容的报告" in response.content.decode() and "已重新开始处理" in response.content.decode()
    assert started == [report.pk, report.pk]


def test_unknown_region_spec_is_a_form_error(admin_client, started):
    Region.objects.create(name="东河区", parent=Region.objects.create(name="包头市"))
    Region.objects.create(name="东河区", parent=Region.objects.create(name="某市"))
    response = upload(admin_client, ("report-baotou.txt", BAOTOU.read_bytes()), region="东河区")
    assert "有多个地区名为“东河区”" in response.content.decode()
    assert AnnualReport.objects.count() == 0


def test_add_button_goes_to_the_upload_page(admin_client):
    assert admin_client.get(reverse("admin:reports_annualreport_add")).url == UPLOAD
    assert UPLOAD in admin_client.get(CHANGELIST).content.decode()
    page = admin_client.get(UPLOAD).content.decode()
    assert 'multiple' in page and "比对的工作计划" in page


def make_report(region, n, status=ReportStatus.DONE, passages=2, evidence=(2, 1, 1)):
    report = AnnualReport.objects.create(
        region=region, year=2020 + n % 5, title=f"报告{n}", text="正文", status=status, content_hash=f"h{n}", text_format="txt"
    )
    rows = [Passage.objects.create(report=report, index=i, text=f"第{i}段", start=0, end=3) for i in range(passages)]
    plan_tasks = list(make_report.plan.tasks.order_by("number"))
    k = 0
    for state, count in zip(EvidenceState.values, evidence):
        for _ in range(count):
            Evidence.objects.create(task=plan_tasks[k], report=report, passage=rows[0], state=state, score=0.5)
            k += 1
    return report


def test_list_shows_status_progress_and_counts_without_n_plus_one(admin_client):
    make_report.plan = plan = import_donghe().plan

    def count():
        with CaptureQueriesContext(connection) as ctx:
            response = admin_client.get(CHANGELIST)
        assert response.status_code == 200
        return len(ctx.captured_queries), response.content.decode()

    for n in range(2):
        make_report(plan.region, n)
    few, _ = count()
    for n in range(2, 10):
        make_report(plan.region, n, status=ReportStatus.PROCESSING if n == 9 else ReportStatus.DONE)
    failed = make_report(plan.region, 10, status=ReportStatus.FAILED, passages=0, evidence=(0, 0, 0))
    AnnualReport.objects.filter(pk=failed.pk).update(error="文件“x.pdf”是扫描件，无法识别文字")
    many, page = count()
    assert many == few
    assert "已完成" in page and "处理中" in page and "失败" in page
    assert "扫描件，无法识别文字" in page
    assert "data-busy" in page  # the page polls while a report is being processed
    assert ">2</a> / <a" in page and ">1</a> / <a" in page


def test_list_filters_by_status(admin_client):
    make_report.plan = plan = import_donghe().plan
    make_report(plan.region, 1, status=ReportStatus.FAILED)
    make_report(plan.region, 2)
    assert admin_client.get(CHANGELIST, {"status__exact": "failed"}).context["cl"].result_count == 1


def test_status_endpoint(admin_client, client):
    region = Region.objects.create(name="包头市")
    report = AnnualReport.objects.create(region=region, year=2023, status=ReportStatus.PROCESSING, stage="比对任务与指标", progress=50)
    url = reverse("admin:reports_annualreport_status", args=[report.pk])
    data = admin_client.get(url).json()
    assert data == {
        "status": "processing", "status_label": "处理中", "colour": data["colour"], "stage": "比对任务与指标",
        "progress": 50, "error": "", "busy": True,
    }  # fmt: skip
    assert client.get(url).status_code == 302  # staff only


def test_reprocess_action_and_button(admin_client, started):
    region = Region.objects.create(name="包头市")
    a = AnnualReport.objects.create(region=region, year=2022, status=ReportStatus.FAILED, error="x", content_hash="a")
    b = AnnualReport.objects.create(region=region, year=2023, status=ReportStatus.DONE, content_hash="b")
    response = admin_client.post(CHANGELIST, {"action": "reprocess", "_selected_action": [a.pk, b.pk]}, follow=True)
    assert "已重新开始处理 2 份报告" in response.content.decode()
    assert sorted(started) == sorted([a.pk, b.pk])
    admin_client.post(reverse("admin:reports_annualreport_reprocess", args=[a.pk]))
    assert started[-1] == a.pk


def test_a_chain_that_cannot_start_leaves_the_report_failed_with_a_reason(admin_client, monkeypatch):
    def broken(report_id):
        raise ConnectionError("Redis 无法连接")

    monkeypatch.setattr(report_admin, "start_processing", broken)
    response = upload(admin_client, ("report-baotou.txt", BAOTOU.read_bytes()))
    assert response.status_code == 200
    report = AnnualReport.objects.get()
    assert report.status == ReportStatus.FAILED and "Redis 无法连接" in report.error


def test_report_page_shows_failure_passages_and_marked_evidence(admin_client):
    plan = import_donghe().plan
    task = plan.tasks.get(number=22)
    report = AnnualReport.objects.create(
        region=plan.region, year=2023, title="东河区报告", status=ReportStatus.FAILED, error="读取原文失败：编码无法识别"
    )
    text = "全面推進行政復議體制改革<script>。"
    passage = Passage.objects.create(report=report, index=1, heading="二、行政复议", text=text, start=0, end=len(text))
    Passage.objects.create(report=report, index=2, text="其他工作。", start=len(text), end=len(text) + 5)
    Evidence.objects.create(task=task, report=report, passage=passage, score=0.91, matched_terms=["行政复议"])
    url = reverse("admin:reports_annualreport_change", args=[report.pk])
    page = admin_client.get(url).content.decode()
    assert 'class="errornote"' in page and "读取原文失败：编码无法识别" in page
    assert "推進<mark>行政復議</mark>體制改革&lt;script&gt;" in page
    assert f"{task.number}. {task.title}" in page and "0.91" in page
    assert "其他工作。" in page
    only = admin_client.get(url, {"passages": "evidence"}).content.decode()
    assert "其他工作。" not in only and "推進<mark>行政復議</mark>" in only
    assert reverse("admin:reports_annualreport_reprocess", args=[report.pk]) in page


def test_changing_plans_on_the_report_page_keeps_the_text(admin_client, started):
    plan = import_donghe().plan
    report = AnnualReport.objects.create(region=plan.region, year=2023, title="东河区报告", text="原文", status=ReportStatus.DONE)
    url = reverse("admin:reports_annualreport_change", args=[report.pk])
    response = admin_client.post(url, {"title": "东河区2023年报告", "plans": [plan.pk]}, follow=True)
    assert response.status_code == 200
    report.refresh_from_db()
    assert (report.title, report.text, list(report.plans.all())) == ("东河区2023年报告", "原文", [plan])


@pytest.mark.django_db
def test_admin_stays_in_chinese_for_a_browser_set_to_english(admin_client):
    response = admin_client.get(reverse("admin:reports_annualreport_changelist"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    page = response.content.decode()
    assert "选择 年度报告 来修改" in page
    assert "to change" not in page and "Log out" not in page and "Show counts" not in page


def test_a_report_without_a_title_line_is_listed_by_region_year_and_file(admin_client):
    region = Region.objects.create(name="元宝山区")
    AnnualReport.objects.create(region=region, year=2024, title="", original_name="2024年工作情况.txt", text="正文",
                                status=ReportStatus.DONE, content_hash="h", text_format="txt")
    page = admin_client.get(CHANGELIST).content.decode()
    assert "元宝山区 2024年报告（2024年工作情况.txt）" in page


def test_a_refused_file_beside_accepted_ones_says_it_was_not_uploaded(admin_client, started):
    response = upload(admin_client, ("report-baotou.txt", BAOTOU.read_bytes()), ("情况报告.wps", b"\xd0\xcf\x11\xe0" + bytes(600)))
    texts = [str(m) for m in response.context["messages"]]
    refused = next(t for t in texts if "情况报告.wps" in t)
    assert "此文件未上传" in refused and "其他文件不受影响" in refused
    assert list(AnnualReport.objects.values_list("original_name", flat=True)) == ["report-baotou.txt"]


def test_a_paragraph_pasted_as_the_region_is_refused_and_nothing_is_written(admin_client, started):
    region = "包头市/" + "东河区司法局关于报送2023年度法治政府建设情况报告的函" * 5
    response = upload(admin_client, ("report-baotou.txt", BAOTOU.read_bytes()), region=region)
    assert "地区名称过长" in response.context["form"].errors["region"][0]
    assert (AnnualReport.objects.count(), Region.objects.count(), started) == (0, 0, [])


def test_an_expired_upload_page_is_explained_in_chinese_and_writes_nothing(admin_user, started):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(admin_user)
    response = client.post(UPLOAD, {"files": [SimpleUploadedFile("report-baotou.txt", BAOTOU.read_bytes())],
                                    "region": "包头市", "year": 2023})
    page = response.content.decode()
    assert response.status_code == 403
    assert "页面已过期" in page and "重新" in page and "CSRF" not in page
    assert AnnualReport.objects.count() == 0
