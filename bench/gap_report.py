"""Benchmark: building the gap report for a city of 10 districts × 300 tasks, against the 30-task case.

    .venv/bin/python bench/gap_report.py [--districts 10] [--tasks 300] [--small-tasks 3] [--repeat 3]
    .venv/bin/python bench/gap_report.py --database-url postgres://USER@HOST:5432/postgres

Set-up (not timed): two cities of the same shape in one database, built with bulk_create:

  large  --districts districts × --tasks tasks (3,000), three years of annual reports with passages,
         evidence on tasks and on indicators (suggested, confirmed and rejected), and gaps;
  small  the same with --small-tasks tasks per district (30 tasks in the city).

Each district has its own plan (following a 9/32/100 indicator system shared by all), 20 units,
8 plan sections, 1–2 lead units and 1 responsible unit per task, 0–2 indicators per task.

Timed, for the city and for its first district, in each size: the admin page (the report built
and content.html rendered, as the page view does), and each download (xlsx, pdf, json), building
the report included. The best of --repeat runs is reported, with the SQL queries each one ran.
Ratios large/small are taken within the run, because the machine's speed varies between runs.
The database is a fresh SQLite file in a temporary directory, or with --database-url a scratch
PostgreSQL database (lawgov_bench_gap_report) created on that server and dropped afterwards.
"""
import argparse
import datetime
import os
import random
import shutil
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.scratch_db import scratch_postgres, use_scratch_database  # noqa: E402
from bench.vocabulary import OBJECTS, SUFFIXES, VERBS  # noqa: E402

SCRATCH_DB = "lawgov_bench_gap_report"
TODAY = datetime.date(2025, 6, 30)
YEARS = (2022, 2023, 2024)
DISTRICTS = ["东河区", "昆都仑区", "青山区", "石拐区", "白云鄂博矿区", "九原区", "土默特右旗", "固阳县", "达茂旗", "稀土高新区"]
UNITS = [
    "司法局", "发展和改革委员会", "教育局", "公安分局", "民政局", "财政局", "人力资源和社会保障局", "自然资源分局",
    "生态环境分局", "住房和城乡建设局", "交通运输局", "农牧水务局", "商务局", "文化旅游体育局", "卫生健康委员会",
    "应急管理局", "审计局", "市场监督管理局", "政务服务局", "城市管理综合执法局",
]
SECTIONS = [
    "一、深入推进法治化营商环境建设", "二、健全依法行政制度体系", "三、推进重大行政决策科学化民主化法治化",
    "四、深化行政执法体制改革", "五、强化对行政权力的制约和监督", "六、依法有效化解社会矛盾纠纷",
    "七、提升政府工作人员法治思维和依法行政能力", "八、加强党对法治政府建设的领导",
]
PASSAGE = "我区严格落实行政执法公示、执法全过程记录、重大执法决定法制审核制度，全年组织开展行政执法案卷评查两次，发现问题逐项整改。"
CN = "一二三四五六七八九十"
FORMATS = ("page", "xlsx", "pdf", "json")


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lawgov.settings")
    import django

    django.setup()


# --- the data (also used by tests/test_gap_report_queries.py) ---------------------------------


def build_system(version: str = "2021"):
    """An indicator system shaped like the 2021 one: 9 first-level, 32 second-level, 100 third-level.

    The names are placeholders ("示例一级指标一"): this is test data, not the published text.
    """
    from checklist.models import Indicator, IndicatorSystem

    system = IndicatorSystem.objects.create(name=f"示例指标体系（{version}）", version=version)
    position = iter(range(10_000))
    tops = Indicator.objects.bulk_create([
        Indicator(system=system, level=1, code=f"{version}-L1-{i:02d}", number=CN[i - 1], name=f"示例一级指标{CN[i - 1]}",
                  position=next(position))
        for i in range(1, 10)
    ])
    mids_per_top = [4, 4, 4, 4, 4, 3, 3, 3, 3]
    mids = Indicator.objects.bulk_create([
        Indicator(system=system, parent=top, level=2, code=f"{version}-L2-{sum(mids_per_top[:t]) + k:02d}",
                  number=str(k), name=f"示例二级指标{t + 1}.{k}", position=next(position))
        for t, top in enumerate(tops) for k in range(1, mids_per_top[t] + 1)
    ])
    leaves, n = [], 0
    for m, mid in enumerate(mids):
        for _ in range(4 if m < 4 else 3):
            n += 1
            leaves.append(Indicator(system=system, parent=mid, level=3, code=f"{version}-L3-{n:03d}", number=str(n),
                                    name=f"示例三级指标{n}", text=f"三级指标{n}的要求。", position=next(position)))
    leaves = Indicator.objects.bulk_create(leaves)
    return system, leaves


def build_city(name: str, districts: int, tasks: int, system=None, leaves=None, seed: int = 2024, today=TODAY) -> dict:
    """A city with `districts` districts of `tasks` tasks each, three years of reports, evidence and gaps."""
    from checklist.models import OrgUnit, Plan, PlanSection, Region, Task, TaskLeadUnit, TaskResponsibleUnit
    from reports.models import AnnualReport, Evidence, EvidenceKind, EvidenceState, Gap, GapState, Passage

    rnd = random.Random(seed)
    if system is None:
        system, leaves = build_system()
    city = Region.objects.create(name=name)
    regions = Region.objects.bulk_create([
        Region(name=DISTRICTS[i] if i < len(DISTRICTS) else f"第{i + 1}区", parent=city) for i in range(districts)
    ])
    TaskIndicator = Task.indicators.through
    states = [EvidenceState.SUGGESTED] * 5 + [EvidenceState.CONFIRMED] * 4 + [EvidenceState.REJECTED]
    statuses = ["done"] * 4 + ["in_progress"] * 4 + ["not_started"] * 3 + ["not_applicable"]
    for region in regions:
        units = OrgUnit.objects.bulk_create([OrgUnit(region=region, name=region.name[:2] + "区" + u) for u in UNITS])
        units.append(OrgUnit.objects.create(region=region, name="区政府各部门", is_collective=True))
        plan = Plan.objects.create(region=region, year=YEARS[0], title=f"{region.name}{YEARS[0]}—{YEARS[-1]}年法治政府建设工作计划",
                                   indicator_system=system)
        sections = PlanSection.objects.bulk_create([PlanSection(plan=plan, title=t, position=i) for i, t in enumerate(SECTIONS)])
        rows = Task.objects.bulk_create([
            Task(plan=plan, number=n, section=sections[(n - 1) * len(sections) // tasks],
                 title=rnd.choice(VERBS) + rnd.choice(OBJECTS) + rnd.choice(SUFFIXES),
                 status=rnd.choice(statuses), due_date=datetime.date(rnd.choice(YEARS + (2025, 2026)), rnd.randint(1, 12), 28),
                 due_text="")
            for n in range(1, tasks + 1)
        ])
        leads, responsible, links = [], [], []
        for t in rows:
            for pos, u in enumerate(rnd.sample(units[:-1], rnd.randint(1, 2))):
                leads.append(TaskLeadUnit(task=t, unit=u, position=pos))
            responsible.append(TaskResponsibleUnit(task=t, unit=units[-1], position=0))
            for leaf in rnd.sample(leaves, rnd.choice((0, 1, 1, 2))):
                links.append(TaskIndicator(task_id=t.pk, indicator_id=leaf.pk))
        TaskLeadUnit.objects.bulk_create(leads)
        TaskResponsibleUnit.objects.bulk_create(responsible)
        TaskIndicator.objects.bulk_create(links)

        evidence, evidenced = [], set()
        for year in YEARS:
            report = AnnualReport.objects.create(region=region, year=year, title=f"{region.name}{year}年法治政府建设情况报告",
                                                 status="done")
            passages = Passage.objects.bulk_create([
                Passage(report=report, index=i, heading="一、主要举措", text=PASSAGE, start=i * 100, end=i * 100 + 60)
                for i in range(40)
            ])
            for t in rows:
                if rnd.random() < 0.6:
                    state = rnd.choice(states)
                    evidence.append(Evidence(task=t, kind=EvidenceKind.PASSAGE, report=report, passage=rnd.choice(passages),
                                             year=year, state=state, score=round(rnd.random(), 3), matched_terms=["行政执法"]))
                    if state != EvidenceState.REJECTED:
                        evidenced.add(t.pk)
            for leaf in rnd.sample(leaves, 20):
                evidence.append(Evidence(indicator=leaf, kind=EvidenceKind.PASSAGE, report=report, passage=rnd.choice(passages),
                                         year=year, state=rnd.choice(states), score=0.5, matched_terms=["执法"]))
        Evidence.objects.bulk_create(evidence, batch_size=2000)

        gaps, overdue_by_unit = [], {}
        lead_of = {}
        for link in leads:
            lead_of.setdefault(link.task_id, []).append(link.unit)
        for t in rows:
            if t.status == "not_applicable":
                continue
            if t.pk not in evidenced:
                gaps.append(Gap(rule="task_no_evidence", key=f"task:{t.pk}", region=region, plan=plan, task=t,
                                message=f"任务“{t.number}. {t.title}”在评估期内没有已确认或建议的佐证。",
                                remedy="上传年度报告或补充佐证材料，并在佐证列表中确认。",
                                state=GapState.ACKNOWLEDGED if t.number % 7 == 0 else GapState.OPEN))
            if t.status in ("not_started", "in_progress") and t.due_date < today:
                gaps.append(Gap(rule="task_overdue", key=f"task:{t.pk}", region=region, plan=plan, task=t,
                                message=f"任务“{t.number}. {t.title}”的完成时限为{t.due_date.year}年{t.due_date.month}月{t.due_date.day}日，已逾期。",
                                remedy="督促牵头单位完成任务并更新状态。"))
                for u in lead_of.get(t.pk, ()):
                    overdue_by_unit[u.pk] = (u, overdue_by_unit.get(u.pk, (u, 0))[1] + 1)
        served = {link.indicator_id for link in links}
        for leaf in leaves:
            if leaf.pk not in served:
                gaps.append(Gap(rule="indicator_no_task", key=f"indicator:{leaf.pk}", region=region, indicator=leaf,
                                message=f"指标“{leaf.code} {leaf.name}”没有本地区工作计划中的任务承接。",
                                remedy="在承接该指标的任务中将其选为“对应指标”。"))
        for u, count in overdue_by_unit.values():
            if count > 3:
                gaps.append(Gap(rule="unit_overdue", key=f"unit:{u.pk}", region=region, unit=u,
                                message=f"{u.name}牵头的任务中有{count}项已逾期未完成。", remedy=f"督促{u.name}逐项完成逾期任务。"))
        Gap.objects.bulk_create(gaps, batch_size=2000)
    return {"city": city, "districts": regions, "system": system, "leaves": leaves}


# --- timing ------------------------------------------------------------------------------------


def produce(region, fmt: str, today=TODAY) -> int:
    """What the admin page or a download does for `fmt`; returns the size of the output."""
    from django.template.loader import render_to_string

    from reports.gap_report import build_gap_report, needs_evidence_list, render_output
    from reports.gap_report.render import context

    if fmt == "page":
        report = build_gap_report(region, today=today, evidence_list=False)
        return len(render_to_string("reports/gap_report/content.html", context(report, links=True)))
    report = build_gap_report(region, today=today, evidence_list=needs_evidence_list(fmt))
    return len(render_output(report, fmt))


def measure(region, fmt: str, repeat: int) -> dict:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    best = None
    for _ in range(repeat):
        with CaptureQueriesContext(connection) as queries:
            started = time.perf_counter()
            size = produce(region, fmt)
            seconds = time.perf_counter() - started
        if best is None or seconds < best["seconds"]:
            best = {"seconds": seconds, "queries": len(queries), "bytes": size}
    return best




def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--districts", type=int, default=10)
    parser.add_argument("--tasks", type=int, default=300, help="tasks per district in the large city")
    parser.add_argument("--small-tasks", type=int, default=3, help="tasks per district in the small city")
    parser.add_argument("--repeat", type=int, default=3, help="runs of each measurement; the fastest is reported")
    parser.add_argument("--database-url", help="PostgreSQL server to use (a scratch database is created there)")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="lawgov-bench-"))
    backend = use_scratch_database(args.database_url, SCRATCH_DB, workdir)
    try:
        setup_django()
        from django.core.management import call_command

        from reports.models import Evidence, Gap

        call_command("migrate", verbosity=0, interactive=False)
        print(f"Preparing on {backend} …", file=sys.stderr)
        started = time.perf_counter()
        system, leaves = build_system()
        large = build_city("大型示例市", args.districts, args.tasks, system, leaves, seed=1)
        small = build_city("小型示例市", args.districts, args.small_tasks, system, leaves, seed=2)
        print(f"  built in {time.perf_counter() - started:.1f} s: {Evidence.objects.count()} evidence, "
              f"{Gap.objects.count()} gaps", file=sys.stderr)
        import weasyprint  # noqa: F401  loaded before timing: pango start-up is not the report's cost

        produce(small["districts"][0], "pdf")  # warm-up: templates, fonts
        cases = [
            ("city", large["city"], small["city"], args.districts * args.tasks, args.districts * args.small_tasks),
            ("district", large["districts"][0], small["districts"][0], args.tasks, args.small_tasks),
        ]
        results = []
        for label, big, little, n_big, n_little in cases:
            for fmt in FORMATS:
                print(f"  {label} {fmt} …", file=sys.stderr)
                results.append((label, fmt, n_little, measure(little, fmt, args.repeat), n_big, measure(big, fmt, args.repeat)))
        report(args, backend, results)
    finally:
        from django.db import connections

        connections.close_all()
        if args.database_url:
            scratch_postgres(args.database_url, SCRATCH_DB, create=False)
        shutil.rmtree(workdir, ignore_errors=True)


def report(args, backend, results) -> None:
    print(f"\nGap report: {args.districts} districts × {args.tasks} tasks vs × {args.small_tasks}; {backend}; "
          f"{os.cpu_count()} CPUs; {datetime.date.today().isoformat()}; best of {args.repeat}")
    print(f"{'scope':9} {'output':6} {'tasks':>6} {'s':>7} {'queries':>7} {'KB':>7}   {'tasks':>6} {'s':>7} {'queries':>7} "
          f"{'KB':>7}   {'time ×':>6}")
    for label, fmt, n_little, little, n_big, big in results:
        print(f"{label:9} {fmt:6} {n_little:6} {little['seconds']:7.3f} {little['queries']:7} {little['bytes'] / 1024:7.0f}   "
              f"{n_big:6} {big['seconds']:7.3f} {big['queries']:7} {big['bytes'] / 1024:7.0f}   "
              f"{big['seconds'] / little['seconds']:6.1f}")
    same = all(little["queries"] == big["queries"] for *_, little, _, big in results)
    print(f"\nqueries equal for both sizes in every case: {'yes' if same else 'NO'}")


if __name__ == "__main__":
    main()
