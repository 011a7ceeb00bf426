"""ingest_report: a report file becomes passages, facts and evidence; re-runs leave the same rows."""
import dataclasses
import io
import json
from datetime import date

import pytest
from django.core.management import CommandError, call_command

from checklist.models import Region, Task
from reports.models import AnnualReport, Evidence, EvidenceState, Fact, Passage, ReportStatus
from tests.helpers import ROOT, import_donghe

REPORTS = ROOT / "fixtures" / "documents"
BAOTOU = REPORTS / "report-baotou.txt"
SHIYAN = REPORTS / "report-shiyan-2023.txt"

pytestmark = pytest.mark.django_db


def ingest(path, *extra, region="包头市/东河区", year=2021):
    out = io.StringIO()
    call_command("ingest_report", str(path), "--region", region, "--year", str(year), *extra, stdout=out)
    return out.getvalue()


def ingest_json(path, *extra, **kw):
    return json.loads(ingest(path, "--json", *extra, **kw))


def snapshot():
    return (
        list(Passage.objects.order_by("pk").values_list("pk", "report_id", "index", "heading", "text", "start", "end")),
        list(Fact.objects.order_by("pk").values_list("pk", "passage_id", "metric", "value", "unit", "start", "end")),
        list(Evidence.objects.order_by("pk").values_list("pk", "passage_id", "task_id", "indicator_id", "state", "score", "matched_terms")),
    )


@pytest.fixture
def donghe():
    import_donghe()
    return Task.objects.filter(plan__region__name="东河区")


def test_json_output_follows_the_original_text(donghe):
    out = ingest_json(BAOTOU, "--plan", "东河区:2021")
    report = AnnualReport.objects.get()
    assert out["report"]["year"] == 2021 and out["report"]["plans"] == ["东河区:2021"]
    assert len(out["passages"]) > 20
    for p in out["passages"]:
        assert report.text[p["start"]:p["end"]] == p["text"]
        assert len(p["tasks"]) <= 5 and len(p["indicators"]) <= 5
        scores = [t["score"] for t in p["tasks"]]
        assert scores == sorted(scores, reverse=True)
        assert all(t["plan"] == "东河区:2021" and 1 <= t["number"] <= 26 for t in p["tasks"])
    attached = [(p["index"], t["number"]) for p in out["passages"] for t in p["tasks"] if t["attached"]]
    assert attached, "the matcher attached no evidence to any passage"
    assert Evidence.objects.filter(task__isnull=False).count() == len(attached)
    assert set(Evidence.objects.values_list("state", flat=True)) == {EvidenceState.SUGGESTED}
    assert report.status == ReportStatus.DONE and report.progress == 100


def test_evidence_keeps_its_provenance(donghe):
    ingest(BAOTOU, "--plan", "东河区:2021")
    ev = Evidence.objects.select_related("passage", "report").filter(task__isnull=False).first()
    assert ev.report.year == 2021 == ev.year
    assert (ev.start, ev.end) == (ev.passage.start, ev.passage.end)
    assert ev.method and ev.method_version and ev.score > 0
    assert ev.matched_terms and all(isinstance(t, str) and t for t in ev.matched_terms)
    # every suggestion says which rule attached it, and the JSON says the same
    bases = set(Evidence.objects.values_list("basis", flat=True))
    assert bases and bases <= {"score", "sentence", "clause", "title", "report"}


def test_json_says_why_each_attached_task_was_attached(donghe):
    passages = ingest_json(BAOTOU, "--plan", "东河区:2021")
    tasks = [t for p in passages["passages"] for t in p["tasks"]]
    assert {t["basis"] for t in tasks if t["attached"]} <= {"score", "sentence", "clause", "title", "report"}
    assert {t["basis"] for t in tasks if not t["attached"]} == {""}
    assert {t["basis"] for t in tasks if t["attached"]} >= {"score", "report"}


def test_running_twice_leaves_the_same_rows(donghe):
    ingest(BAOTOU, "--plan", "东河区:2021")
    first = snapshot()
    second_out = ingest(BAOTOU, "--plan", "东河区:2021")
    assert snapshot() == first
    assert "已有报告" in second_out and "本次新增 0 条" in second_out
    assert AnnualReport.objects.count() == 1


def test_a_rejected_pair_is_not_suggested_again_and_a_confirmed_one_stays(donghe, monkeypatch):
    ingest(BAOTOU, "--plan", "东河区:2021")
    rejected, confirmed = Evidence.objects.filter(task__isnull=False).order_by("pk")[:2]
    Evidence.objects.filter(pk=rejected.pk).update(state=EvidenceState.REJECTED)
    Evidence.objects.filter(pk=confirmed.pk).update(state=EvidenceState.CONFIRMED)

    ingest(BAOTOU, "--plan", "东河区:2021")
    assert Evidence.objects.get(pk=rejected.pk).state == EvidenceState.REJECTED
    assert Evidence.objects.filter(passage=rejected.passage, task=rejected.task).count() == 1

    # A matcher that attaches nothing any more drops its suggestions but never staff decisions.
    from reports.matching import Matcher

    real_judge = Matcher.judge_report

    def judge_without_attaching(self, *args, **kwargs):
        return [dataclasses.replace(v, attached=frozenset()) for v in real_judge(self, *args, **kwargs)]

    monkeypatch.setattr(Matcher, "judge_report", judge_without_attaching)
    ingest(BAOTOU, "--plan", "东河区:2021")
    assert set(Evidence.objects.values_list("pk", flat=True)) == {rejected.pk, confirmed.pk}


def test_the_same_report_as_docx_is_the_same_report_with_the_same_passages(donghe, tmp_path):
    import docx

    out_txt = ingest_json(BAOTOU, "--plan", "东河区:2021")
    document = docx.Document()
    for line in BAOTOU.read_text(encoding="utf-8").splitlines():
        document.add_paragraph(line)
    path = tmp_path / "包头报告.docx"
    document.save(path)
    out_docx = ingest_json(path, "--plan", "东河区:2021")

    assert AnnualReport.objects.count() == 1  # recognised by its content
    squeeze = lambda s: "".join(s.split())  # noqa: E731
    assert [squeeze(p["text"]) for p in out_docx["passages"]] == [squeeze(p["text"]) for p in out_txt["passages"]]
    ranked = lambda out: [[t["number"] for t in p["tasks"]] for p in out["passages"]]  # noqa: E731
    assert ranked(out_docx) == ranked(out_txt)


def test_traditional_report_is_matched_like_simplified_text(donghe):
    out = ingest_json(SHIYAN, "--plan", "东河区:2021", region="湖北省/十堰市", year=2023)
    assert any(t["attached"] for p in out["passages"] for t in p["tasks"])
    report = AnnualReport.objects.get()
    assert report.title == "十堰市人民政府关于2023年法治政府建设情况的报告"  # pinyin annotations gone
    assert "關(guān)" in report.text  # the original is kept as it came


def test_default_scope_is_the_region_and_the_regions_above(donghe):
    out = ingest_json(BAOTOU, region="包头市/东河区")
    assert out["report"]["plans"] == ["东河区:2021"]
    other = ingest_json(SHIYAN, region="湖北省/十堰市", year=2023)
    assert other["report"]["plans"] == []
    assert not any(p["tasks"] for p in other["passages"])


def test_the_default_scope_climbs_every_level_and_named_plans_replace_it(donghe):
    from checklist.models import Plan
    from checklist.plan_import import resolve_region
    from reports.candidates import plans_in_scope
    from reports.intake import register_report

    district = Region.objects.get(name="东河区")
    province = resolve_region("内蒙古自治区")
    Region.objects.filter(pk=district.parent_id).update(parent=province)
    city_plan = Plan.objects.create(region_id=district.parent_id, year=2021, title="包头市计划")
    province_plan = Plan.objects.create(region=province, year=2021, title="自治区计划")
    sibling_plan = Plan.objects.create(region=resolve_region("包头市/昆都仑区"), year=2021, title="昆都仑区计划")
    Plan.objects.create(region=resolve_region("包头市/东河区/西脑包街道"), year=2021, title="街道计划")  # below: not in scope
    report, _ = register_report(district, 2021, BAOTOU.read_bytes(), BAOTOU.name)

    in_scope = plans_in_scope(report)
    assert len(in_scope) == 3 and {city_plan, province_plan} < set(in_scope)
    assert {p.region_id for p in in_scope} == {district.pk, district.parent_id, province.pk}
    report.plans.set([sibling_plan])
    assert plans_in_scope(report) == [sibling_plan]


def test_a_split_that_moves_every_passage_rewrites_the_facts_once(donghe, monkeypatch):
    ingest(BAOTOU, "--plan", "东河区:2021")
    facts_before = Fact.objects.count()

    import reports.analysis
    from reports.parsing.segment import split_report as real_split

    def split_shorter(report_text):  # every passage ends a character earlier: no passage keeps its span
        segmented = real_split(report_text)
        shorter = [dataclasses.replace(p, text=p.text[:-1], end=p.end - 1) for p in segmented.passages]
        return dataclasses.replace(segmented, passages=shorter)

    monkeypatch.setattr(reports.analysis, "split_report", split_shorter)
    ingest(BAOTOU, "--plan", "东河区:2021")
    facts = list(Fact.objects.select_related("passage"))
    assert len(facts) == facts_before
    assert all(f.passage.start <= f.start < f.end <= f.passage.end for f in facts)
    first = snapshot()
    ingest(BAOTOU, "--plan", "东河区:2021")
    assert snapshot() == first


def test_facts_are_stored_with_their_passage(donghe):
    ingest(REPORTS / "report-ordos-2023.txt", region="内蒙古自治区/鄂尔多斯市", year=2023)
    facts = list(Fact.objects.select_related("passage"))
    assert facts
    for f in facts:
        assert f.passage.start <= f.start < f.end <= f.passage.end
        assert f.report.text[f.start:f.end] == f.quote


@pytest.mark.parametrize(
    "name, content, message",
    [
        ("report.xls", b"\xd0\xcf\x11\xe0", "不支持"),
        ("report.txt", b"", "空"),
    ],
)
def test_bad_files_are_refused_and_nothing_is_written(tmp_path, name, content, message):
    path = tmp_path / name
    path.write_bytes(content)
    with pytest.raises(CommandError, match=message):
        ingest(path, region="新地区", year=2023)
    assert not Region.objects.filter(name="新地区").exists()
    assert AnnualReport.objects.count() == 0


def test_unknown_plan_is_refused(donghe):
    with pytest.raises(CommandError, match="没有 2030 年度的计划"):
        ingest(BAOTOU, "--plan", "东河区:2030")
    assert AnnualReport.objects.count() == 0


def test_a_failure_while_writing_leaves_no_passages_and_marks_the_report(donghe, monkeypatch):
    import reports.evidence_sync as sync

    def broken(*args, **kwargs):
        raise RuntimeError("磁盘已满")

    monkeypatch.setattr(sync, "_sync_evidence", broken)
    with pytest.raises(CommandError, match="磁盘已满"):
        ingest(BAOTOU, "--plan", "东河区:2021")
    report = AnnualReport.objects.get()
    assert report.status == ReportStatus.FAILED and "磁盘已满" in report.error
    assert Passage.objects.count() == 0 and Fact.objects.count() == 0 and Evidence.objects.count() == 0

    monkeypatch.undo()
    ingest(BAOTOU, "--plan", "东河区:2021")  # the retry completes the report
    report.refresh_from_db()
    assert report.status == ReportStatus.DONE and report.error == "" and Passage.objects.exists()


def test_a_city_report_closes_the_evidence_gaps_of_the_district_plan_it_proves(donghe):
    from reports.gaps.flagging import flag_gaps
    from reports.models import Gap, GapState

    district = Region.objects.get(name="东河区")
    flag_gaps(district)
    open_before = set(Gap.objects.filter(region=district, rule="task_no_evidence", state=GapState.OPEN)
                      .values_list("task_id", flat=True))
    assert len(open_before) == 26

    ingest(BAOTOU, "--plan", "东河区:2021", region="包头市", year=date.today().year)

    proved = set(Evidence.objects.filter(task__isnull=False).values_list("task_id", flat=True))
    still_open = set(Gap.objects.filter(region=district, rule="task_no_evidence", state=GapState.OPEN)
                     .values_list("task_id", flat=True))
    assert proved and still_open == open_before - proved


def test_the_same_report_as_pdf_gives_the_same_passages_and_matches(donghe):
    txt = ingest_json(REPORTS / "report-yuanbaoshan-2024.txt", "--plan", "东河区:2021", year=2024)
    pdf = ingest_json(ROOT / "tests" / "data" / "reports" / "report-yuanbaoshan-2024.pdf", "--plan", "东河区:2021", year=2024)

    squeeze = lambda s: "".join(s.split())  # noqa: E731
    assert [squeeze(p["text"]) for p in pdf["passages"]] == [squeeze(p["text"]) for p in txt["passages"]]
    ranked = lambda out: [[(t["number"], t["attached"]) for t in p["tasks"]] for p in out["passages"]]  # noqa: E731
    assert ranked(pdf) == ranked(txt)


def test_a_rate_below_the_mark_becomes_a_gap_and_a_later_report_at_the_mark_closes_it(tmp_path):
    from reports.models import Gap, GapState

    year = date.today().year
    low = tmp_path / "low.txt"
    low.write_text(f"{year - 1}年法治政府建设情况报告\n一、依法行政\n(一)支持行政诉讼。全年行政机关负责人出庭应诉率为85%，"
                   "出庭应诉案件20件。\n", encoding="utf-8")
    ingest(low, region="新城区", year=year - 1)

    gap = Gap.objects.get(region__name="新城区", rule="fact_below_target")
    assert gap.state == GapState.OPEN and "85" in gap.message
    assert gap.fact.report.year == year - 1 and "出庭应诉率" in gap.fact.metric

    high = tmp_path / "high.txt"
    high.write_text(f"{year}年法治政府建设情况报告\n一、依法行政\n(一)支持行政诉讼。全年行政机关负责人出庭应诉率达到100%。\n",
                    encoding="utf-8")
    ingest(high, region="新城区", year=year)
    gap.refresh_from_db()
    assert gap.state == GapState.RESOLVED and gap.resolved_at is not None


def test_a_rate_raised_to_the_mark_is_no_gap(tmp_path):
    from reports.models import Gap

    report = tmp_path / "raised.txt"
    report.write_text("2023年法治政府建设情况报告\n一、依法行政\n(一)支持行政诉讼。行政机关负责人出庭应诉率由2022年的"
                      "95%提升至100%。\n", encoding="utf-8")
    ingest(report, region="新城区", year=date.today().year)
    assert not Gap.objects.filter(region__name="新城区", rule="fact_below_target").exists()


def test_matching_follows_edited_tasks_although_the_scope_is_kept_between_reports(donghe):
    from reports.candidates import build_scope

    ingest(BAOTOU, "--plan", "东河区:2021")
    report = AnnualReport.objects.get()
    before = build_scope(report)
    assert build_scope(report) is before  # nothing changed: the worker reuses what it built

    task = Task.objects.get(plan__region__name="东河区", number=1)
    task.title = "建立健全外卖骑手权益保障机制"
    task.save()
    after = build_scope(report)
    assert after is not before
    assert any("外卖骑手" in c.text for c in after.candidates if c.key == f"task:{task.pk}")


def test_a_file_over_the_size_limit_is_refused_and_nothing_is_written(tmp_path, monkeypatch):
    import reports.intake

    monkeypatch.setattr(reports.intake, "MAX_REPORT_BYTES", 1024)
    path = tmp_path / "big.txt"
    path.write_text("一、总体情况\n" + "推进法治政府建设。" * 400, encoding="utf-8")
    with pytest.raises(CommandError, match="超过"):
        ingest(path, region="新地区", year=2023)
    assert not Region.objects.filter(name="新地区").exists() and AnnualReport.objects.count() == 0


def test_a_new_way_of_splitting_keeps_staff_decisions_on_the_same_text(donghe, monkeypatch):
    ingest(BAOTOU, "--plan", "东河区:2021")
    confirmed = Evidence.objects.filter(task__isnull=False, passage__index__gt=1).select_related("passage").first()
    Evidence.objects.filter(pk=confirmed.pk).update(state=EvidenceState.CONFIRMED)
    first = Passage.objects.order_by("index").first()
    on_first = Evidence.objects.filter(passage=first).first()  # 包头's opening names a result: evidence
    Evidence.objects.filter(pk=on_first.pk).update(state=EvidenceState.REJECTED)
    text, start = confirmed.passage.text, confirmed.passage.start

    # A later segmenter drops the first passage: every other passage is numbered one lower.
    import reports.analysis
    from reports.parsing.segment import split_report as real_split

    def split_without_first(report_text):
        segmented = real_split(report_text)
        rest = [dataclasses.replace(p, index=p.index - 1) for p in segmented.passages[1:]]
        return dataclasses.replace(segmented, passages=rest)

    monkeypatch.setattr(reports.analysis, "split_report", split_without_first)
    ingest(BAOTOU, "--plan", "东河区:2021")

    kept = Evidence.objects.select_related("passage").get(pk=confirmed.pk)
    assert kept.state == EvidenceState.CONFIRMED
    assert (kept.passage.text, kept.passage.start) == (text, start)  # same text, new number
    assert kept.passage.index == confirmed.passage.index - 1
    # the decision on the passage that is gone stays, with its offsets, on the report
    gone = Evidence.objects.get(pk=on_first.pk)
    assert gone.state == EvidenceState.REJECTED and gone.passage is None and gone.start == first.start
