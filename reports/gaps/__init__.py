"""Gap rules: each names what is missing before the assessment and how to close it."""

# Stable codes stored in Gap.rule, with the label staff see.
RULE_LABELS = {
    "task_no_evidence": "任务缺少佐证",
    "task_overdue": "任务逾期未完成",
    "task_no_lead_unit": "任务无牵头单位",
    "task_no_indicator": "任务未对应指标",
    "indicator_no_task": "指标无任务承接",
    "indicator_no_evidence": "指标缺少佐证",
    "unit_overdue": "单位逾期任务过多",
    "fact_below_target": "数据未达标",
}
