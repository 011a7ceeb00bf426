"""Task history as staff read it: status labels, unit names in written order, Chinese headings."""
from django.db.models import ManyToManyField
from simple_history.template_utils import HistoricalRecordContextHelper

from ..models import TaskStatus


class TaskHistoryContext(HistoricalRecordContextHelper):
    def prepare_delta_change_value(self, change, value):
        field = self.model._meta.get_field(change.field)
        if isinstance(field, ManyToManyField):
            rows = sorted(value, key=lambda row: row.get("position", 0))
            return "、".join(str(row["unit"]) for row in rows) or "（无）"
        if change.field == "status":
            return TaskStatus(value).label if value in TaskStatus.values else value
        return "（空）" if value in (None, "") else value
