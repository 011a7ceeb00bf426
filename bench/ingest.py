"""Benchmark: report ingestion throughput, per worker process, against the floor of reading the text.

    .venv/bin/python bench/ingest.py [--reports 200] [--tasks 500]
    .venv/bin/python bench/ingest.py --database-url postgres://USER@HOST:5432/postgres

Set-up (not timed): a city plan of --tasks tasks (the Donghe plan's tasks, repeated with varied
wording) on the 2021 indicator system, and --districts districts under the city, each with its own
plan (the 26 Donghe tasks) on the same system. The reports are filed under the districts in turn, so
each is matched against its district's 26 tasks, the city's 500 and the indicators, as in real use,
and a worker moves from one district's scope to the next's between reports.

Timed in this one process, one report after another (what one Celery worker process does):
  floor     read_report (decode) + normalize_for_matching of each file: reading the text only.
  no gaps   register_report, then read → split → facts → match → write passages, facts and evidence
            (reports of 2022).
  chain     the same plus the gap re-check the chain ends with (reports of 2023). Before it, untimed,
            the nightly run flags every region's gaps, so each district and the city have open gaps
            (tasks and indicators without evidence, figures below target) for the re-check to look at.

The reports are the four seed reports, repeated. Ratios are taken within the run (noisy machines).
The database is a fresh SQLite file in a temporary directory, or with --database-url a scratch
PostgreSQL database (lawgov_bench_ingest) created there and dropped afterwards.
"""
import argparse
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

SCRATCH_DB = "lawgov_bench_ingest"
SEEDS = ["report-baotou.txt", "report-shiyan-2023.txt", "report-ordos-2023.txt", "report-yuanbaoshan-2024.txt"]




def prepare(task_count: int, district_count: int):
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from checklist.indicator_import import import_system
    from checklist.models import Plan, Task
    from checklist.parsing.indicators import load_indicator_file
    from checklist.plan_import import import_plan_file, resolve_region

    city = resolve_region("包头市")
    result = import_plan_file(ROOT / "fixtures" / "documents" / "donghe-2021-plan.txt", city, 2021)
    plan = result.plan
    system = import_system(load_indicator_file(ROOT / "fixtures" / "indicators-2021.json")).system
    Plan.objects.filter(pk=plan.pk).update(indicator_system=system)
    base = list(Task.objects.filter(plan=plan).values("title", "text", "section_id"))
    rng = random.Random(2021)
    extra = []
    for number in range(len(base) + 1, task_count + 1):
        a, b = rng.sample(base, 2)
        sentences = (a["text"] + b["text"]).split("。")
        rng.shuffle(sentences)
        extra.append(Task(plan=plan, section_id=a["section_id"], number=number,
                          title=a["title"][: len(a["title"]) // 2] + b["title"][len(b["title"]) // 2:],
                          text="。".join(sentences[:4]) + "。"))
    Task.objects.bulk_create(extra)
    districts = []
    for i in range(district_count):
        district = resolve_region(f"包头市/第{i + 1}区")
        own = import_plan_file(ROOT / "fixtures" / "documents" / "donghe-2021-plan.txt", district, 2021).plan
        Plan.objects.filter(pk=own.pk).update(indicator_system=system)
        districts.append(district)
    return city, districts


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--reports", type=int, default=200)
    parser.add_argument("--tasks", type=int, default=500)
    parser.add_argument("--districts", type=int, default=10, help="districts with a plan of their own")
    parser.add_argument("--database-url", help="PostgreSQL server to use (a scratch database is created there)")
    args = parser.parse_args()

    workdir = Path(tempfile.mkdtemp(prefix="lawgov-bench-"))
    backend = use_scratch_database(args.database_url, SCRATCH_DB, workdir)
    os.environ["LAWGOV_MEDIA_ROOT"] = str(workdir / "media")
    os.environ.pop("REDIS_URL", None)  # jobs in-process: this measures one process's work
    try:
        import django

        django.setup()
        from checklist.models import Task
        from reports.gaps.flagging import flag_all_regions
        from reports.intake import register_report
        from reports.models import AnnualReport, Evidence, Gap, Passage
        from reports.parsing.normalize import normalize_for_matching
        from reports.parsing.reader import read_report
        from reports.pipeline import process_report

        print(f"Preparing {args.tasks} tasks on {backend} …", file=sys.stderr)
        city, districts = prepare(args.tasks, args.districts)
        files = [(name, (ROOT / "fixtures" / "documents" / name).read_bytes()) for name in SEEDS]
        # Each copy ends with a date line of its own (dates are not passages): a different text, so no copy is
        # taken for one already filed (same district, year and content) and no cache keyed on the text serves it.
        work = [(name, data + f"\n{1 + i % 12}月{1 + i // 12}日\n".encode("utf-8")) for i, (name, data) in
                ((i, files[i % len(files)]) for i in range(args.reports))]
        # warm up module imports and caches (OpenCC dictionaries), not timed
        for name, data in files:
            normalize_for_matching(read_report(data, name).text)

        t0 = time.perf_counter()
        for name, data in work:
            normalize_for_matching(read_report(data, name).text)
        floor = time.perf_counter() - t0

        def ingest(year: int, flag: bool) -> float:
            t0 = time.perf_counter()
            for i, (name, data) in enumerate(work):
                report, _ = register_report(districts[i % len(districts)], year, data, name)
                process_report(report.pk, flag=flag)
            return time.perf_counter() - t0

        without_gaps = ingest(2022, flag=False)
        flag_all_regions()  # the nightly run: open gaps for the chain's re-check to look at
        open_gaps = Gap.objects.exclude(state="resolved").count()
        chain = ingest(2023, flag=True)
        reports = AnnualReport.objects.count()
        if reports != 2 * args.reports:
            raise SystemExit(f"expected {2 * args.reports} reports, found {reports}: copies were taken for one another")

        tasks = Task.objects.count()
        passages, evidence = Passage.objects.count(), Evidence.objects.count()
        print(f"\nIngest benchmark ({backend}): {args.reports} reports per phase, {tasks} tasks "
              f"({len(districts)} districts with a plan), {passages} passages, {evidence} evidence rows written, "
              f"{open_gaps} open gaps before the whole chain\n")
        print("| phase | seconds | reports/s per process | × floor |")
        print("|---|---:|---:|---:|")
        for label, seconds in (("floor (read + normalise)", floor),
                               ("read, split, match, write (no gap re-check)", without_gaps),
                               ("whole chain (with the gap re-check)", chain)):
            print(f"| {label} | {seconds:.2f} | {args.reports / seconds:.1f} | {seconds / floor:.1f} |")
    finally:
        from django.db import connections

        connections.close_all()
        if args.database_url:
            scratch_postgres(args.database_url, SCRATCH_DB, create=False)
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    main()
