"""Signals other apps listen to: the checklist depends on no other app of the project.

tasks_changed is sent after staff changed tasks in the admin (status, due date, units, indicators), with
task_ids. A receiver may return a sentence for staff; the admin shows it after its own message (the
reports app re-checks the gaps of the tasks' regions and says what changed).
"""
from django.dispatch import Signal

tasks_changed = Signal()


def notify_tasks_changed(sender, task_ids) -> list[str]:
    """Send tasks_changed; the sentences receivers returned, for the message to staff."""
    if not task_ids:
        return []
    return [reply for _, reply in tasks_changed.send(sender=sender, task_ids=list(task_ids)) if reply]
