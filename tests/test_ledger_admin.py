"""Task ledgers on the admin task list: template, import preview and confirm, export of the filtered list,
and large files imported by a background job with a progress page."""
import csv
import io
import time
from urllib.parse import quote

import pytest
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from openpyxl import load_workbook

from checklist.ledger_export import task_rows, write_xlsx
from checklist.ledger_jobs import run_import_job
from checklist.models import ImportJob, OrgUnit, Task
from reports.models import Gap, GapState
from tests.helpers import import_donghe
from tests.test_ledger_import import HEADERS, SHORT_HEADERS, TITLE_ROW, edit_export, state, unit_names, write_book

pytestmark = pytest.mark.django_db

CHANGELIST = reverse("admin:checklist_task_changelist")
IMPORT = reverse("admin:checklist_task_import")
PROCESS_IMPORT = reverse("admin:checklist_task_process_import")
EXPORT = reverse("admin:checklist_task_export")
TEMPLATE = reverse("admin:checklist_task_ledger_template")
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
WORKER_WAIT_SECONDS = 60


@pytest.fixture
def plan():
    return import_donghe().plan


@pytest.fixture
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"
    return settings.MEDIA_ROOT


def exported(tmp_path, plan, name="台账.xlsx"):
    path = tmp_path / name
    with open(path, "wb") as fh:
        write_xlsx(task_rows(plan.tasks.all()), fh)
    return path


def edited_export(tmp_path, plan):
    """The whole plan exported, task 5 marked done, and a new task 27 added at the bottom."""
    path = edit_export(exported(tmp_path, plan), 5, 状态="已完成", 进展情况="已清理规范性文件 12 件")
    wb = load_workbook(path)
    wb.active.append([27, "新增：推进法治政府示范创建", "", "东河区司法局", "区政府各部门", "2021年12月底前", "进行中", "", ""])
    wb.save(path)
    return path


def preview(client, plan, path, create_units=False):
    data = {"resource": "0", "format": "0", "plan": plan.pk,
            "import_file": SimpleUploadedFile(path.name, path.read_bytes())}
    if create_units:
        data["create_units"] = "on"
    return client.post(IMPORT, data)


def confirm(client, response):
    form = response.context["confirm_form"]
    data = {name: ("" if value is None else value) for name, value in form.initial.items()}
    return client.post(PROCESS_IMPORT, data)


# --- template -----------------------------------------------------------------------------------


def test_changelist_links_the_template_and_it_downloads_as_xlsx(admin_client, plan):
    page = admin_client.get(CHANGELIST).content.decode()
    assert f'<a href="{TEMPLATE}">下载模板</a>' in page

    response = admin_client.get(TEMPLATE)

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    assert response["Content-Disposition"] == "attachment; filename*=UTF-8''" + quote("任务台账模板.xlsx")
    ws = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in ws[1]] == HEADERS
    assert ws.max_row == 1
    assert ws.freeze_panes == "A2"


def test_import_page_links_the_template(admin_client, plan):
    page = admin_client.get(IMPORT).content.decode()
    assert f'<a href="{TEMPLATE}">下载模板</a>' in page
    assert "导入到计划" in page and "自动创建新单位" in page


# --- preview and confirm ------------------------------------------------------------------------


def test_preview_shows_counts_and_writes_nothing(admin_client, plan, tmp_path):
    path = edited_export(tmp_path, plan)
    before = state()

    response = admin_client.post(IMPORT, {"resource": "0", "format": "0", "plan": plan.pk,
                                          "import_file": SimpleUploadedFile(path.name, path.read_bytes())})

    assert response.status_code == 200
    check = response.context["result"].ledger_check
    assert (check.count("new"), check.count("update"), check.count("skip"), check.errors) == (1, 1, 25, [])
    page = response.content.decode()
    assert "预览：新增 1 项，更新 1 项，未变 25 项，拒绝 0 行。" in page
    assert "新增：推进法治政府示范创建" in page
    assert "<ins>已完成</ins>" in page  # the changed cells are marked
    assert response.context["confirm_form"] is not None
    assert state() == before


def test_preview_of_a_file_with_errors_lists_each_row_and_offers_no_confirm(admin_client, plan, tmp_path):
    path = write_book(tmp_path / "有误.xlsx", [
        SHORT_HEADERS,
        [27, "新增任务", "区司法局", "2021-12-31", "进行中", ""],
        ["第二十八", "另一项", "区数据局", "2021-02-30", "", ""],
        [29, "", "区司法局", "", "搁置", ""],
    ], title=TITLE_ROW)
    before = state()

    response = preview(admin_client, plan, path)

    assert response.status_code == 200
    assert "confirm_form" not in response.context
    check = response.context["result"].ledger_check
    assert [(e.row, e.column, e.value) for e in check.errors] == [
        (4, "序号", "第二十八"), (4, "完成时限", "2021-02-30"), (4, "牵头单位", "区数据局"),
        (5, "任务名称", ""), (5, "状态", "搁置"),
    ]
    invalid = response.context["result"].invalid_rows
    assert [row.number for row in invalid] == [4, 5]
    assert invalid[1].field_specific_errors == {
        "任务名称": ["“”：任务名称不能为空"],
        "状态": ["“搁置”：状态应为：未开始、进行中、已完成、不适用"],
    }
    page = response.content.decode()
    assert "以下 2 行有误，本次未导入任何数据" in page
    for cells in (
        ("4", "序号", "第二十八", "序号应为正整数，例如 1、2、3"),
        ("4", "牵头单位", "区数据局", "未找到单位“区数据局”：请先在“单位”中添加该单位或别名，或选择“自动创建新单位”"),
        ("4", "完成时限", "2021-02-30", "无法识别的日期“2021-02-30”：请填写如 2021-12-31 或 2021年12月底"),
        ("5", "任务名称", "", "任务名称不能为空"),
        ("5", "状态", "搁置", "状态应为：未开始、进行中、已完成、不适用"),
    ):
        assert "<tr>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>" in page
    assert PROCESS_IMPORT not in page
    assert state() == before


def test_a_file_that_is_not_a_ledger_is_refused_on_the_form(admin_client, plan, tmp_path):
    path = tmp_path / "台账.xlsx"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + bytes(504))

    response = preview(admin_client, plan, path)

    assert response.context["form"].errors["import_file"] == [
        "文件已加密或为旧版 .xls 格式，请在 Excel 中取消密码并另存为 .xlsx 后再导入"]
    assert "confirm_form" not in response.context


def test_confirm_writes_the_changes_with_history_by_the_admin(admin_client, admin_user, plan, tmp_path):
    path = edited_export(tmp_path, plan)
    response = preview(admin_client, plan, path)
    history = Task.history.count()
    units = OrgUnit.objects.count()
    untouched = Task.objects.get(plan=plan, number=6)
    untouched_history = list(untouched.history.values_list("history_id", flat=True))

    done = confirm(admin_client, response)

    assert done.status_code == 302
    assert done["Location"] == CHANGELIST
    page = admin_client.get(done["Location"]).content.decode()
    assert "台账已导入：新增 1 项，更新 1 项，未变 25 项，拒绝 0 行" in page
    task5 = Task.objects.get(plan=plan, number=5)
    assert (task5.status, task5.progress) == ("done", "已清理规范性文件 12 件")
    task27 = Task.objects.get(plan=plan, number=27)
    assert (task27.title, task27.status, task27.due_text) == ("新增：推进法治政府示范创建", "in_progress", "2021年12月底前")
    assert unit_names(task27) == ["区司法局"]
    assert OrgUnit.objects.count() == units
    assert Task.history.count() == history + 2
    for task, kind in ((task5, "~"), (task27, "+")):
        entry = task.history.first()
        assert (entry.history_type, entry.history_user, entry.history_change_reason) == (kind, admin_user, "台账导入")
    assert list(untouched.history.values_list("history_id", flat=True)) == untouched_history
    # the region's gaps were checked right away: the new task, due 2021 and not done, is overdue
    assert Gap.objects.filter(rule="task_overdue", task=task27, state=GapState.OPEN).exists()


def test_confirm_with_create_units_creates_the_unit(admin_client, plan, tmp_path):
    path = write_book(tmp_path / "新单位.xlsx", [SHORT_HEADERS, [27, "数据共享", "区数据局", "", "", ""]])
    response = preview(admin_client, plan, path, create_units=True)
    assert response.context["confirm_form"].initial["create_units"] is True

    confirm(admin_client, response)

    assert unit_names(Task.objects.get(plan=plan, number=27)) == ["区数据局"]
    assert OrgUnit.objects.get(name="区数据局").region == plan.region


# --- export -------------------------------------------------------------------------------------


def _export(client, query, fmt):
    form = client.get(EXPORT + query).context["form"]
    data = {"format": fmt, "resource": "0"}
    data.update({name: "on" for name, field in form.fields.items() if getattr(field, "is_selectable_field", False)})
    return client.post(EXPORT + query, data)


@pytest.fixture
def done_tasks(plan):
    Task.objects.filter(plan=plan, number__in=[3, 8]).update(status="done")
    Task.objects.filter(plan=plan, number=8).update(title="=1+1", progress="@SUM(A1:A2)")
    return plan


def test_filtered_changelist_links_a_filtered_export(admin_client, done_tasks):
    page = admin_client.get(CHANGELIST + "?status__exact=done").content.decode()
    assert f'href="{EXPORT}?status__exact=done"' in page


def test_export_xlsx_holds_only_the_filtered_tasks_with_formulas_neutralised(admin_client, done_tasks):
    response = _export(admin_client, "?status__exact=done", "0")

    assert response.status_code == 200
    assert response["Content-Type"] == XLSX
    ws = load_workbook(io.BytesIO(response.content)).active
    assert [c.value for c in ws[1]] == HEADERS
    assert [[ws.cell(r, c).value for c in (1, 2, 7, 8)] for r in range(2, ws.max_row + 1)] == [
        [3, "规范行政审批中介服务", "已完成", None],
        [8, "'=1+1", "已完成", "'@SUM(A1:A2)"],
    ]
    assert ws["B3"].data_type == "s"
    assert ws.freeze_panes == "A2"


def test_export_csv_holds_only_the_filtered_tasks_with_formulas_neutralised(admin_client, done_tasks):
    response = _export(admin_client, "?status__exact=done", "1")

    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert rows[0] == HEADERS
    assert [[r[0], r[1], r[6], r[7]] for r in rows[1:]] == [
        ["3", "规范行政审批中介服务", "已完成", ""],
        ["8", "'=1+1", "已完成", "'@SUM(A1:A2)"],
    ]


def test_exported_file_imports_back_unchanged(admin_client, done_tasks, tmp_path):
    path = tmp_path / "导出.xlsx"
    path.write_bytes(_export(admin_client, "", "0").content)
    before = state()

    response = preview(admin_client, done_tasks, path)
    confirm(admin_client, response)

    assert response.context["result"].ledger_check.to_dict() == {
        "created": 0, "updated": 0, "unchanged": 26, "errors": []}
    assert state() == before
    assert Task.objects.get(plan=done_tasks, number=8).title == "=1+1"


# --- background jobs ----------------------------------------------------------------------------


@pytest.fixture
def small_background(monkeypatch):
    monkeypatch.setattr("checklist.admin.ledger.BACKGROUND_ROWS", 5)


def test_large_file_is_imported_by_a_job_with_a_progress_page(admin_client, admin_user, plan, tmp_path, media,
                                                              small_background):
    path = edited_export(tmp_path, plan)
    response = preview(admin_client, plan, path)
    history = Task.history.count()

    done = confirm(admin_client, response)

    job = ImportJob.objects.get()
    assert done.status_code == 302
    assert done["Location"] == reverse("admin:checklist_task_import_job", args=[job.pk])
    assert (job.plan, job.user, job.file_name, job.create_units) == (plan, admin_user, "台账.xlsx", False)
    assert job.state == ImportJob.State.DONE
    assert job.result == {"created": 1, "updated": 1, "unchanged": 25, "errors": []}
    assert Task.objects.get(plan=plan, number=5).status == "done"
    assert Task.history.count() == history + 2
    assert set(Task.history.filter(history_change_reason="台账导入").values_list("history_user", flat=True)) == {
        admin_user.pk}

    page = admin_client.get(done["Location"]).content.decode()
    assert "状态：<strong>已完成</strong>" in page
    assert "新增 1 项，更新 1 项，未变 25 项，拒绝 0 行" in page
    assert "27 / 27 行（100%）" in page
    assert "差距清单已随之更新：新出现差距" in page  # the job checked the region's gaps after writing
    assert Gap.objects.filter(rule="task_overdue", task__plan=plan, task__number=27, state=GapState.OPEN).exists()
    assert 'http-equiv="refresh"' not in page  # finished: the page stops refreshing
    assert f'href="{CHANGELIST}?plan__id__exact={plan.pk}"' in page


def test_refused_job_shows_the_errors_and_writes_nothing(admin_client, plan, tmp_path, media, small_background):
    OrgUnit.objects.create(region=plan.region, name="区数据局")
    path = write_book(tmp_path / "大台账.xlsx", [SHORT_HEADERS] + [
        [n, f"新增任务{n}", "区数据局" if n == 29 else "区司法局", "", "", ""] for n in range(27, 34)
    ], title=TITLE_ROW)
    response = preview(admin_client, plan, path)
    assert response.context["confirm_form"] is not None
    OrgUnit.objects.filter(name="区数据局").delete()  # someone removes the unit before the import is confirmed
    before = state()

    done = confirm(admin_client, response)

    job = ImportJob.objects.get()
    assert done["Location"] == reverse("admin:checklist_task_import_job", args=[job.pk])
    assert job.state == ImportJob.State.REFUSED
    assert state() == before
    page = admin_client.get(done["Location"]).content.decode()
    assert "状态：<strong>已拒绝（有错误行，未写入任何数据）</strong>" in page
    assert "有错误行，未写入任何数据" in page
    message = "未找到单位“区数据局”：请先在“单位”中添加该单位或别名，或选择“自动创建新单位”"
    assert f"<tr><td>5</td><td>牵头单位</td><td>区数据局</td><td>{message}</td></tr>" in page


def _job(plan, user, content, name="台账.xlsx"):
    job = ImportJob(plan=plan, user=user, file_name=name)
    job.file.save(name, ContentFile(content), save=False)
    job.save()
    return job


def test_job_with_a_file_that_is_not_a_ledger_is_refused_with_the_message(admin_client, admin_user, plan, media):
    job = _job(plan, admin_user, b"<html><body>not a workbook</body></html>", name="台账.xls")

    run_import_job(job.pk)

    job.refresh_from_db()
    assert job.state == ImportJob.State.REFUSED
    message = "文件是网页（HTML/XML）格式而非真正的 Excel 文件，请在 Excel 中打开并另存为 .xlsx 后再导入"
    assert job.message == message
    page = admin_client.get(reverse("admin:checklist_task_import_job", args=[job.pk])).content.decode()
    assert message in page and "已拒绝" in page


def test_running_a_job_again_changes_nothing(admin_user, plan, tmp_path, media):
    job = _job(plan, admin_user, edited_export(tmp_path, plan).read_bytes())

    run_import_job(job.pk)
    after_first = state()
    job.refresh_from_db()
    first = (job.state, job.result, job.finished_at)
    assert first[:2] == (ImportJob.State.DONE, {"created": 1, "updated": 1, "unchanged": 25, "errors": []})

    run_import_job(job.pk)  # e.g. the job delivered twice
    job.refresh_from_db()
    assert (job.state, job.result, job.finished_at) == first
    assert state() == after_first

    # a worker that died after writing but before recording the result: the job runs again (acks_late)
    ImportJob.objects.filter(pk=job.pk).update(state=ImportJob.State.RUNNING, finished_at=None)
    run_import_job(job.pk)
    job.refresh_from_db()
    assert job.state == ImportJob.State.DONE
    assert job.result == {"created": 0, "updated": 0, "unchanged": 27, "errors": []}
    assert state() == after_first


@pytest.mark.celery_worker
@pytest.mark.django_db(transaction=True)
def test_large_file_job_runs_in_the_worker(celery_worker_process, admin_client, admin_user, tmp_path, small_background):
    plan = import_donghe().plan
    path = edited_export(tmp_path, plan)
    response = preview(admin_client, plan, path)

    done = confirm(admin_client, response)

    job = ImportJob.objects.get()
    try:
        assert done["Location"] == reverse("admin:checklist_task_import_job", args=[job.pk])
        deadline = time.monotonic() + WORKER_WAIT_SECONDS
        while not job.finished and time.monotonic() < deadline:
            celery_worker_process.check_alive()
            time.sleep(0.2)
            job.refresh_from_db()
        if not job.finished:
            celery_worker_process.fail(f"the import job was still {job.state} after {WORKER_WAIT_SECONDS}s")
        assert job.state == ImportJob.State.DONE, job.message
        page = admin_client.get(done["Location"]).content.decode()
        assert "状态：<strong>已完成</strong>" in page
        assert "新增 1 项，更新 1 项，未变 25 项，拒绝 0 行" in page
        task5 = Task.objects.get(plan=plan, number=5)
        assert task5.status == "done"
        assert task5.history.first().history_user == admin_user
    finally:
        job.file.delete(save=False)


def test_a_ledger_with_headers_but_no_rows_is_refused_in_chinese(admin_client, plan):
    empty = SimpleUploadedFile("台账.csv", "序号,任务名称,牵头单位,状态\n".encode())
    response = admin_client.post(IMPORT, {"resource": "0", "format": "0", "plan": plan.pk, "import_file": empty})
    errors = response.context["form"].errors["import_file"]
    assert errors == ["台账中没有任务行：请在表头下方逐行填写任务（至少“序号”“任务名称”两列）后重新上传"]


def test_confirming_the_same_preview_twice_says_it_expired_and_writes_once(admin_client, plan, tmp_path):
    response = preview(admin_client, plan, edited_export(tmp_path, plan))
    confirm(admin_client, response)
    written = state()
    again = admin_client.post(PROCESS_IMPORT, {name: ("" if value is None else value)
                                               for name, value in response.context["confirm_form"].initial.items()},
                              follow=True)
    assert again.status_code == 200
    assert again.redirect_chain[-1][0] == f"{IMPORT}?plan__id__exact={plan.pk}"
    assert any("这次导入已失效" in str(m) for m in again.context["messages"])
    assert state() == written
