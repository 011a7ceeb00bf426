"""Deadline reminders: an email to each lead unit's contact before a task falls due, and once it is overdue.

A task still open (未开始/进行中) gets a 即将到期 reminder from LAWGOV_REMINDER_DAYS_BEFORE days before
its due date, and a 已逾期 reminder once the date has passed. Each (task, unit, kind, due date) is sent
once: a Reminder row records it, so the nightly job may run any number of times; a new due date
starts over. Collective names (区政府各部门) have no contact and are skipped; units without an email
address are counted and logged.
"""
import datetime
import logging
from dataclasses import dataclass, field

from django.conf import settings
from django.core.mail import EmailMessage, get_connection
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone

from checklist.models import TaskLeadUnit, TaskStatus
from checklist.models.plans import OPEN_STATUSES

from .models import Reminder

logger = logging.getLogger(__name__)


@dataclass
class ReminderResult:
    sent: int = 0
    failed: int = 0
    units_without_email: list[str] = field(default_factory=list)

    def summary(self) -> str:
        text = f"已发送到期提醒邮件 {self.sent} 封"
        if self.failed:
            text += f"，发送失败 {self.failed} 封（下次运行时重试）"
        if self.units_without_email:
            text += (
                f"；{len(self.units_without_email)} 个牵头单位未填写联系人邮箱，未能提醒："
                + "、".join(self.units_without_email)
            )
        return text + "。"

    def as_dict(self) -> dict:
        return {"sent": self.sent, "failed": self.failed, "units_without_email": self.units_without_email}


def send_deadline_reminders(today: datetime.date | None = None) -> ReminderResult:
    """Send the reminders due on `today` (default: today) that were not sent before."""
    today = today or timezone.localdate()
    horizon = today + datetime.timedelta(days=settings.LAWGOV_REMINDER_DAYS_BEFORE)
    links = (
        TaskLeadUnit.objects.filter(
            task__status__in=OPEN_STATUSES, task__due_date__isnull=False, task__due_date__lte=horizon, unit__is_collective=False
        )
        .order_by("task__due_date", "task_id", "position", "id")
        .values(
            "task_id", "unit_id", "unit__name", "unit__contact_name", "unit__contact_email",
            "task__number", "task__title", "task__due_date", "task__status", "task__plan__title", "task__plan__region__name",
        )
    )  # fmt: skip
    sent_before = set(
        Reminder.objects.filter(task__status__in=OPEN_STATUSES, task__due_date__lte=horizon).values_list(
            "task_id", "unit_id", "kind", "due_date"
        )
    )
    result = ReminderResult()
    missing = {}
    # Each message opens its own session on the shared backend, so a dropped one spoils no others.
    connection = get_connection()
    try:
        for link in links:
            due = link["task__due_date"]
            kind = Reminder.Kind.OVERDUE if due < today else Reminder.Kind.DUE_SOON
            if (link["task_id"], link["unit_id"], kind, due) in sent_before:
                continue
            email = link["unit__contact_email"].strip()
            if not email:
                missing[link["unit_id"]] = link["unit__name"]
                continue
            if _send(_message(link, kind, today, email, connection)):
                _record(link, kind, email)
                result.sent += 1
            else:
                result.failed += 1
    finally:
        connection.close()
    result.units_without_email = sorted(missing.values())
    if missing:
        logger.warning("以下牵头单位未填写联系人邮箱，未发送到期提醒：%s", "、".join(result.units_without_email))
    return result


def _send(message: EmailMessage) -> bool:
    try:
        message.send()
    except Exception:  # noqa: BLE001 - one bad address or a mail server hiccup must not stop the others
        logger.exception("到期提醒发送失败：%s", ", ".join(message.to))
        return False
    return True


def _record(link: dict, kind: str, email: str) -> None:
    try:
        with transaction.atomic():
            Reminder.objects.create(
                task_id=link["task_id"], unit_id=link["unit_id"], kind=kind, due_date=link["task__due_date"], recipient=email
            )
    except IntegrityError:
        pass  # another run sent the same reminder at the same moment and recorded it


def _date(day: datetime.date) -> str:
    return f"{day.year}年{day.month}月{day.day}日"


def _message(link: dict, kind: str, today: datetime.date, email: str, connection) -> EmailMessage:
    due = link["task__due_date"]
    task = f"{link['task__number']}. {link['task__title']}"
    days = (due - today).days
    if kind == Reminder.Kind.OVERDUE:
        subject = f"【任务已逾期】{task}（完成时限{_date(due)}）"
        when = f"已逾期{-days}天"
        ask = "请尽快完成，并在系统中更新任务状态和进展情况；完成时限已按程序调整的，请及时告知以便更新。"
    else:
        subject = f"【任务即将到期】{task}（{_date(due)}到期）"
        when = "今天到期" if days == 0 else f"还有{days}天到期"
        ask = "请抓紧推进，按时完成，并在系统中及时更新任务状态和进展情况。"
    lines = [
        f"{link['unit__contact_name'] or link['unit__name']}：",
        "",
        f"贵单位（{link['unit__name']}）牵头的以下任务{when}。{ask}",
        "",
        f"地区：{link['task__plan__region__name']}",
        f"工作计划：《{link['task__plan__title']}》",
        f"任务：{task}",
        f"完成时限：{_date(due)}（{when}）",
        f"当前状态：{TaskStatus(link['task__status']).label}",
    ]
    if settings.LAWGOV_SITE_URL:
        lines.append("任务页面：" + settings.LAWGOV_SITE_URL + reverse("admin:checklist_task_change", args=[link["task_id"]]))
    lines += ["", "此邮件由法治政府建设示范创建工作台自动发送，请勿直接回复。"]
    return EmailMessage(
        subject=subject, body="\n".join(lines), from_email=settings.DEFAULT_FROM_EMAIL, to=[email], connection=connection
    )
