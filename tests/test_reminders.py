"""Deadline reminders: to each lead unit's contact, N days before and once overdue, never twice."""
import datetime
from unittest import mock

import pytest
from django.core import mail
from django.core.management import call_command

from checklist.models import TaskStatus
from reports.models import Reminder
from reports.reminders import send_deadline_reminders
from tests import gap_factories as make
from tests.gap_factories import TODAY

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _settings(settings):
    make.default_rule_settings(settings)  # the nightly job flags gaps too
    settings.LAWGOV_REMINDER_DAYS_BEFORE = 7
    settings.LAWGOV_SITE_URL = ""
    settings.DEFAULT_FROM_EMAIL = "fzb@donghe.gov.cn"


@pytest.fixture
def region():
    return make.region()


@pytest.fixture
def plan(region):
    return make.plan(region, 2025, title="东河区2025年度法治政府建设工作计划")


@pytest.fixture
def justice(region):
    return make.unit(region, "区司法局", email="sfj@donghe.gov.cn", contact="王科长")


def test_due_soon_reminder_goes_to_the_lead_units_contact(plan, justice):
    task = make.task(plan, 12, "推进行政执法三项制度", leads=[justice], due=TODAY + datetime.timedelta(days=3))
    result = send_deadline_reminders(TODAY)
    assert (result.sent, result.failed, result.units_without_email) == (1, 0, [])
    [message] = mail.outbox
    assert message.to == ["sfj@donghe.gov.cn"] and message.from_email == "fzb@donghe.gov.cn"
    assert message.subject == "【任务即将到期】12. 推进行政执法三项制度（2025年7月3日到期）"
    assert message.body.startswith("王科长：")
    for text in ("还有3天到期", "《东河区2025年度法治政府建设工作计划》", "任务：12. 推进行政执法三项制度",
                 "完成时限：2025年7月3日", "当前状态：进行中", "地区：东河区"):  # fmt: skip
        assert text in message.body
    assert "任务页面" not in message.body  # no LAWGOV_SITE_URL
    reminder = Reminder.objects.get()
    assert (reminder.task, reminder.unit, reminder.kind, reminder.due_date, reminder.recipient) == (
        task, justice, "due_soon", task.due_date, "sfj@donghe.gov.cn"
    )


def test_second_run_sends_nothing(plan, justice):
    make.task(plan, 1, leads=[justice], due=TODAY + datetime.timedelta(days=2))
    make.task(plan, 2, leads=[justice], due=TODAY - datetime.timedelta(days=2))
    assert send_deadline_reminders(TODAY).sent == 2
    assert send_deadline_reminders(TODAY).sent == 0
    assert send_deadline_reminders(TODAY + datetime.timedelta(days=1)).sent == 0
    assert len(mail.outbox) == 2 and Reminder.objects.count() == 2


def test_overdue_reminder_follows_the_due_soon_one(plan, justice):
    task = make.task(plan, 5, leads=[justice], due=TODAY)
    send_deadline_reminders(TODAY)
    assert "今天到期" in mail.outbox[0].body
    result = send_deadline_reminders(TODAY + datetime.timedelta(days=4))
    assert result.sent == 1
    overdue = mail.outbox[1]
    assert overdue.subject == "【任务已逾期】5. 第5项工作任务（完成时限2025年6月30日）"
    assert "已逾期4天" in overdue.body
    assert sorted(Reminder.objects.filter(task=task).values_list("kind", flat=True)) == ["due_soon", "overdue"]


def test_window_edges_and_finished_tasks(plan, justice):
    make.task(plan, 1, leads=[justice], due=TODAY + datetime.timedelta(days=7))  # first day of the window
    make.task(plan, 2, leads=[justice], due=TODAY + datetime.timedelta(days=8))  # not yet
    make.task(plan, 3, leads=[justice], due=TODAY - datetime.timedelta(days=1), status=TaskStatus.DONE)
    make.task(plan, 4, leads=[justice], due=TODAY, status=TaskStatus.NOT_APPLICABLE)
    make.task(plan, 5, leads=[justice])  # no due date
    assert send_deadline_reminders(TODAY).sent == 1
    assert mail.outbox[0].subject.startswith("【任务即将到期】1. ")


def test_only_lead_units_are_reminded_and_units_without_email_are_counted(region, plan, justice):
    from checklist.models import TaskResponsibleUnit

    reform = make.unit(region, "区发改委")  # no email yet
    everyone = make.unit(region, "区政府各部门", collective=True)
    helper = make.unit(region, "区财政局", email="czj@donghe.gov.cn")
    task = make.task(plan, 1, leads=[reform, justice, everyone], due=TODAY + datetime.timedelta(days=1))
    TaskResponsibleUnit.objects.create(task=task, unit=helper, position=0)
    result = send_deadline_reminders(TODAY)
    assert result.sent == 1 and result.units_without_email == ["区发改委"]
    assert "1 个牵头单位未填写联系人邮箱，未能提醒：区发改委" in result.summary()
    assert [m.to for m in mail.outbox] == [["sfj@donghe.gov.cn"]]
    # Once the unit has an address, it gets its reminder on the next run.
    reform.contact_email = "fgw@donghe.gov.cn"
    reform.save()
    assert send_deadline_reminders(TODAY).sent == 1
    assert mail.outbox[1].to == ["fgw@donghe.gov.cn"] and mail.outbox[1].body.startswith("区发改委：")


def test_a_new_due_date_is_reminded_again(plan, justice):
    task = make.task(plan, 1, leads=[justice], due=TODAY + datetime.timedelta(days=2))
    send_deadline_reminders(TODAY)
    task.due_date = TODAY + datetime.timedelta(days=5)
    task.save()
    assert send_deadline_reminders(TODAY).sent == 1


def test_link_to_the_task_page_when_the_site_address_is_set(plan, justice, settings):
    settings.LAWGOV_SITE_URL = "https://fzzf.donghe.gov.cn"
    task = make.task(plan, 1, leads=[justice], due=TODAY)
    send_deadline_reminders(TODAY)
    assert f"任务页面：https://fzzf.donghe.gov.cn/admin/checklist/task/{task.pk}/change/" in mail.outbox[0].body


def test_a_failed_send_is_not_recorded_and_is_retried(region, plan, justice):
    other = make.unit(region, "区发改委", email="fgw@donghe.gov.cn")
    make.task(plan, 1, leads=[justice, other], due=TODAY)
    real_send = mail.EmailMessage.send

    def flaky(message, *args, **kwargs):
        if message.to == ["sfj@donghe.gov.cn"]:
            raise OSError("mail server refused")
        return real_send(message, *args, **kwargs)

    with mock.patch.object(mail.EmailMessage, "send", flaky):
        result = send_deadline_reminders(TODAY)
    assert (result.sent, result.failed) == (1, 1)
    assert list(Reminder.objects.values_list("unit__name", flat=True)) == ["区发改委"]
    assert send_deadline_reminders(TODAY).sent == 1
    assert mail.outbox[-1].to == ["sfj@donghe.gov.cn"]


def test_send_reminders_command(plan, justice, capsys):
    make.task(plan, 1, leads=[justice], due=datetime.date(2025, 7, 1))
    call_command("send_reminders", "--today", "2025-06-30")
    assert "已发送到期提醒邮件 1 封。" in capsys.readouterr().out
    call_command("send_reminders", "--today", "2025-06-30")
    assert "已发送到期提醒邮件 0 封。" in capsys.readouterr().out


def test_nightly_job_sends_reminders(plan, justice):
    from reports.tasks import nightly

    make.task(plan, 1, leads=[justice], due=datetime.date(2025, 6, 1))
    summary = nightly.delay("2025-06-30").get()
    assert summary["reminders"]["sent"] == 1
    assert mail.outbox[0].subject.startswith("【任务已逾期】")
    assert summary["regions"][0]["created"] >= 1  # the overdue task is a gap too
