"""Signals other apps listen to: the checklist depends on no other app of the project.

tasks_changed is sent after tasks were changed: by staff in the admin (status, due date, units,
indicators), with task_ids; or by importing a plan document or a task ledger, with plan_ids. A receiver
may return a sentence for staff, shown after the caller's own message (the reports app re-checks the gaps
of the regions concerned and says what changed).
"""
from django.dispatch import Signal

tasks_changed = Signal()


def notify_tasks_changed(sender, task_ids=(), plan_ids=()) -> list[str]:
    """Send tasks_changed; the sentences receivers returned, for the message to staff."""
    if not task_ids and not plan_ids:
        return []
    replies = tasks_changed.send(sender=sender, task_ids=list(task_ids), plan_ids=list(plan_ids))
    return [reply for _, reply in replies if reply]
