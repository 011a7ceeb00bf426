"""Benchmark: importing a 10,000-row task ledger (台账), in one run, against two baselines.

    .venv/bin/python bench/import_tasks.py [--rows 10000] [--repeat 1] [--profile]
    .venv/bin/python bench/import_tasks.py --database-url postgres://USER@HOST:5432/postgres

Phases, each timed in its own subprocess so that peak memory (ru_maxrss) does not mix:

  floor     openpyxl alone: load_workbook(read_only=True) and every cell value of the sheet read.
  default   django-import-export's default row-by-row path: a plain ModelResource for Task,
            tablib.Dataset().load(..., format="xlsx"), resource.import_data(dry_run=False,
            use_transactions=True); all rows new.
  project   this project's import (what `manage.py import_tasks FILE --plan …` runs):
            open_ledger + check_ledger + apply_ledger into another fresh plan; all rows new.
  reimport  the same file again into the plan `project` filled: every row unchanged.

Times cover the import only (file read included); Django start-up, migrations, building the
file and the checks afterwards are not timed. Ratios are taken within the run, because the
machine's speed varies from run to run. The database is a fresh SQLite file in a temporary
directory, or with --database-url a scratch PostgreSQL database (lawgov_bench) created on that
server and dropped afterwards. Nothing is written to the project's own database.
"""
import argparse
import datetime
import json
import os
import random
import resource
import shutil
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from bench.scratch_db import scratch_postgres, use_scratch_database  # noqa: E402
from bench.vocabulary import OBJECTS, SUFFIXES, VERBS  # noqa: E402

REGION = "东河区"
SCRATCH_DB = "lawgov_bench"
PHASES = ("floor", "default", "project", "reimport")

UNITS = [
    "区司法局", "区委政法委", "区人民法院", "区人民检察院", "区公安分局", "区财政局", "区发展和改革委员会",
    "区教育局", "区民政局", "区人力资源和社会保障局", "区自然资源分局", "区生态环境分局", "区住房和城乡建设局",
    "区交通运输局", "区农牧局", "区商务局", "区文化旅游体育局", "区卫生健康委员会", "区退役军人事务局",
    "区应急管理局", "区审计局", "区市场监督管理局", "区统计局", "区医疗保障局", "区信访局",
    "区城市管理综合执法局", "区政务服务中心", "区总工会", "区妇联", "区融媒体中心",
]
SENTENCES = [
    "严格落实行政执法公示、执法全过程记录、重大执法决定法制审核制度，做到执法信息及时准确公开。",
    "各单位要明确专人负责，细化工作措施，建立工作台账，按月报送工作进展情况。",
    "组织开展行政执法案卷评查，对发现的问题逐项整改，整改情况纳入年度法治政府建设考核。",
    "推动公共法律服务实体平台、热线平台、网络平台融合发展，实现群众办事“只进一扇门”。",
    "健全重大行政决策公众参与、专家论证、风险评估、合法性审查和集体讨论决定程序。",
    "加强行政复议规范化建设，畅通复议渠道，依法纠正违法或者不当的行政行为。",
    "深化“谁执法谁普法”普法责任制，落实国家工作人员学法用法制度，开展法治文化阵地建设。",
    "完善人民调解、行政调解、司法调解联动工作体系，把矛盾纠纷化解在基层、消除在萌芽状态。",
    "清理与优化营商环境不相适应的规范性文件，依法平等保护各类市场主体合法权益。",
    "建立健全行政执法人员资格管理和持证上岗制度，全面开展执法人员轮训。",
    "对标上级部署要求，结合本地实际制定实施方案，明确时间表、路线图和责任人。",
    "定期召开联席会议，通报工作进展，研究解决工作推进中遇到的重点难点问题。",
]
PROGRESS = [
    "已制定实施方案并召开专题部署会，相关制度正在起草中，预计按期完成。",
    "已完成第一阶段排查工作，共梳理问题清单十二项，正在逐项推进整改。",
    "已召开联席会议两次，形成会议纪要，相关单位按分工推进落实。",
]


def peak_mb() -> float:
    """Peak resident memory of this process, in MB.

    On Linux this is VmHWM of /proc/self/status: ru_maxrss survives execve(), so a phase started
    by the parent (which holds Django and the generated workbook) would report the parent's peak.
    """
    try:
        with open("/proc/self/status") as status:
            for line in status:
                if line.startswith("VmHWM:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    usage = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return usage / (1024 * 1024 if sys.platform == "darwin" else 1024)  # bytes on macOS, kB elsewhere


def setup_django():
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "lawgov.settings")
    import django
    import openpyxl  # noqa: F401  imported up front in every phase: module imports are not timed

    django.setup()


# --- the ledger file -----------------------------------------------------------------------

def ledger_rows(count: int, seed: int = 2021) -> list[list]:
    """Rows in the column order of checklist.ledger_export.HEADERS, with realistic Chinese content."""
    rnd = random.Random(seed)
    rows = []
    for number in range(1, count + 1):
        title = rnd.choice(VERBS) + rnd.choice(OBJECTS) + rnd.choice(SUFFIXES)
        text = "".join(rnd.sample(SENTENCES, 4))[:rnd.randint(140, 160)]
        lead = rnd.sample(UNITS, rnd.randint(1, 3))
        responsible = rnd.choice([u for u in UNITS if u not in lead])
        year = rnd.choice((2025, 2026, 2027))
        due = rnd.choice([
            f"{year}年{rnd.randint(1, 12)}月底前", f"{year}年底前", f"{year}年6月30日前", "持续推进", "长期坚持",
            datetime.date(year, rnd.randint(1, 12), 28), datetime.date(year, 12, 31),
        ])
        status = rnd.choice(("未开始", "进行中"))
        progress = rnd.choice(PROGRESS) if status == "进行中" else ""
        rows.append([number, title, text, "、".join(lead), responsible, due, status, progress, ""])
    return rows


# --- phases (each runs in its own subprocess) ----------------------------------------------

def phase_floor(args) -> dict:
    from openpyxl import load_workbook

    start_mb = peak_mb()
    started = time.perf_counter()
    wb = load_workbook(args.file, read_only=True)
    rows = cells = 0
    for row in wb.worksheets[0].iter_rows(values_only=True):
        rows += 1
        for _value in row:
            cells += 1
    wb.close()
    seconds = time.perf_counter() - started
    return {"seconds": seconds, "start_mb": start_mb, "rows": rows - 1, "cells": cells}


def _default_resource():
    from import_export import fields, resources, widgets

    from checklist.models import OrgUnit, Plan, Task

    def units():
        return widgets.ManyToManyWidget(OrgUnit, field="name", separator="、")

    class TaskResource(resources.ModelResource):
        plan = fields.Field(attribute="plan", column_name="plan", widget=widgets.ForeignKeyWidget(Plan))
        number = fields.Field(attribute="number", column_name="序号", widget=widgets.IntegerWidget())
        title = fields.Field(attribute="title", column_name="任务名称", widget=widgets.CharWidget())
        text = fields.Field(attribute="text", column_name="具体内容", widget=widgets.CharWidget())
        lead_units = fields.Field(attribute="lead_units", column_name="牵头单位", widget=units())
        responsible_units = fields.Field(attribute="responsible_units", column_name="责任单位", widget=units())
        due_text = fields.Field(attribute="due_text", column_name="完成时限", widget=widgets.CharWidget())
        status = fields.Field(attribute="status", column_name="状态", widget=widgets.CharWidget())
        progress = fields.Field(attribute="progress", column_name="进展情况", widget=widgets.CharWidget())

        class Meta:
            model = Task
            import_id_fields = ("plan", "number")
            fields = ("plan", "number", "title", "text", "lead_units", "responsible_units", "due_text", "status",
                      "progress")

    return TaskResource()


def phase_default(args) -> dict:
    setup_django()
    import tablib

    from checklist.ledger import parse_status
    from checklist.models import Plan, Task, TaskLeadUnit, TaskResponsibleUnit

    res = _default_resource()
    plan = Plan.objects.get(pk=args.plan_id)
    start_mb = peak_mb()
    started = time.perf_counter()
    with open(args.file, "rb") as handle:
        dataset = tablib.Dataset().load(handle.read(), format="xlsx")
    # The model stores status keys; the ledger shows labels: converted up front (timed).
    statuses = [parse_status(label)[0] or "" for label in dataset["状态"]]
    del dataset["状态"]
    dataset.append_col(statuses, header="状态")
    dataset.append_col([plan.pk] * len(dataset), header="plan")
    result = res.import_data(dataset, dry_run=False, use_transactions=True)
    seconds = time.perf_counter() - started

    errors = [f"row {n}: {e.error!r}" for n, row_errors in result.row_errors() for e in row_errors]
    errors += [f"row {r.number}: {r.error_dict}" for r in result.invalid_rows]
    errors += [repr(e.error) for e in result.base_errors]
    if errors:
        raise SystemExit("default path reported errors:\n" + "\n".join(errors[:10]))
    expected = json.loads(Path(args.file).with_suffix(".json").read_text())
    tasks = Task.objects.filter(plan=plan).count()
    assert tasks == expected["rows"], (tasks, expected)
    assert TaskLeadUnit.objects.filter(task__plan=plan).count() == expected["lead_links"]
    assert TaskResponsibleUnit.objects.filter(task__plan=plan).count() == expected["responsible_links"]
    return {"seconds": seconds, "start_mb": start_mb, "rows": tasks, "totals": dict(result.totals),
            "history": Task.history.filter(plan_id=plan.pk).count()}


def _project_import(args):
    """Exactly what `manage.py import_tasks FILE --plan …` does to import, minus argument parsing and output
    (the gap re-check it runs afterwards is timed apart: _gap_recheck)."""
    from checklist.ledger import open_ledger
    from checklist.ledger_import import apply_ledger, check_ledger
    from checklist.models import Plan

    plan = Plan.objects.get(pk=args.plan_id)
    started = time.perf_counter()
    with open_ledger(args.file) as ledger:
        check = check_ledger(ledger, plan, create_units=False)
    if check.errors:
        raise SystemExit("project path refused rows:\n" + "\n".join(str(e.to_dict()) for e in check.errors[:10]))
    checked = time.perf_counter()
    apply_ledger(check)
    return plan, check, {"check_s": checked - started, "apply_s": time.perf_counter() - checked}


def _gap_recheck(plan) -> float:
    """The re-check of the region's gaps the command runs after an import (seconds); not part of the ratio."""
    from checklist.models import Task
    from checklist.signals import notify_tasks_changed

    started = time.perf_counter()
    notify_tasks_changed(Task, plan_ids=[plan.pk])
    return time.perf_counter() - started


def phase_project(args, expect: str = "new") -> dict:
    setup_django()
    import checklist.ledger_import  # noqa: F401  imports are not timed (nor are they in the other phases)
    from checklist.models import Task, TaskLeadUnit, TaskResponsibleUnit

    start_mb = peak_mb()
    if args.profile:
        import cProfile
        import pstats

        profiler = cProfile.Profile()
        started = time.perf_counter()
        plan, check, split = profiler.runcall(_project_import, args)
        seconds = time.perf_counter() - started
        stats = pstats.Stats(profiler, stream=sys.stderr)
        stats.sort_stats("cumulative").print_stats(40)
        stats.sort_stats("tottime").print_stats(25)
    else:
        started = time.perf_counter()
        plan, check, split = _project_import(args)
        seconds = time.perf_counter() - started

    split["import_peak_mb"] = peak_mb()  # the import's own peak, before the re-check adds its rows
    split["gaps_s"] = _gap_recheck(plan)
    expected = json.loads(Path(args.file).with_suffix(".json").read_text())
    rows = expected["rows"]
    assert check.count(expect) == rows, (expect, check.to_dict() | {"errors": len(check.errors)})
    assert Task.objects.filter(plan=plan).count() == rows
    assert Task.history.filter(plan_id=plan.pk).count() == rows  # one entry per task, none for unchanged rows
    assert TaskLeadUnit.objects.filter(task__plan=plan).count() == expected["lead_links"]
    assert TaskResponsibleUnit.objects.filter(task__plan=plan).count() == expected["responsible_links"]
    return {"seconds": seconds, "start_mb": start_mb, "rows": rows, "totals": check.to_dict() | {"errors": 0},
            "history": rows, **split}


def run_phase(args) -> None:
    if args.phase == "floor":
        out = phase_floor(args)
    elif args.phase == "default":
        out = phase_default(args)
    elif args.phase == "project":
        out = phase_project(args, "new")
    else:
        out = phase_project(args, "skip")
    out["phase"] = args.phase
    out["peak_mb"] = out.pop("import_peak_mb", None) or peak_mb()
    out["gaps_peak_mb"] = peak_mb()
    print(json.dumps(out, ensure_ascii=False))


# --- the parent: database, data, subprocesses, table ----------------------------------------



def prepare(args, workdir: Path) -> dict:
    """Migrated database, region with units, one fresh plan per import run, the ledger file."""
    from django.core.management import call_command

    call_command("migrate", verbosity=0, interactive=False)
    from checklist.ledger_export import write_xlsx
    from checklist.models import OrgUnit, Plan, Region

    region = Region.objects.create(name=REGION)
    OrgUnit.objects.bulk_create([OrgUnit(region=region, name=name) for name in UNITS])

    def plan(label, n):
        return Plan.objects.create(region=region, year=2021 + n, title=f"{REGION}{2021 + n}年法治政府建设工作要点（{label}）").pk

    runs = args.repeat
    plans = {
        "default": [plan("基准·默认导入", r) for r in range(runs)],
        "project": [plan("基准·本项目导入", r) for r in range(runs)],
        "profile": plan("基准·性能分析", runs) if args.profile else None,
    }
    rows = ledger_rows(args.rows)
    path = workdir / "ledger.xlsx"
    with open(path, "wb") as stream:
        write_xlsx(rows, stream)
    path.with_suffix(".json").write_text(json.dumps({
        "rows": len(rows),
        "lead_links": sum(len(r[3].split("、")) for r in rows),
        "responsible_links": len(rows),
    }))
    return {"file": path, "plans": plans, "bytes": path.stat().st_size}


def spawn(phase: str, file: Path, plan_id=None, profile=False) -> dict:
    cmd = [sys.executable, str(Path(__file__).resolve()), "--phase", phase, "--file", str(file)]
    if plan_id is not None:
        cmd += ["--plan-id", str(plan_id)]
    if profile:
        cmd.append("--profile")
    proc = subprocess.run(cmd, capture_output=True, text=True, env=os.environ.copy(), cwd=ROOT)
    if proc.returncode != 0:
        sys.stderr.write(proc.stderr)
        raise SystemExit(f"phase {phase} failed (exit {proc.returncode})")
    if profile:
        sys.stderr.write(proc.stderr)
    return json.loads(proc.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10000)
    parser.add_argument("--repeat", type=int, default=1, help="runs of each phase; the fastest is reported")
    parser.add_argument("--database-url", help="PostgreSQL server to use (a scratch database is created there)")
    parser.add_argument("--profile", action="store_true", help="also cProfile one more project import and re-import (stderr)")
    parser.add_argument("--phase", choices=PHASES, help=argparse.SUPPRESS)
    parser.add_argument("--file", help=argparse.SUPPRESS)
    parser.add_argument("--plan-id", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.phase:
        return run_phase(args)

    workdir = Path(tempfile.mkdtemp(prefix="lawgov-bench-"))
    backend = use_scratch_database(args.database_url, SCRATCH_DB, workdir)
    try:
        setup_django()
        from django.db import connections

        print(f"Preparing {args.rows} rows on {backend} …", file=sys.stderr)
        data = prepare(args, workdir)
        connections.close_all()
        results: dict[str, list[dict]] = {phase: [] for phase in PHASES}
        for r in range(args.repeat):
            for phase in PHASES:
                plan_id = None if phase == "floor" else data["plans"]["default" if phase == "default" else "project"][r]
                print(f"  run {r + 1}/{args.repeat}: {phase} …", file=sys.stderr)
                results[phase].append(spawn(phase, data["file"], plan_id))
        if args.profile:
            for phase in ("project", "reimport"):
                print(f"\n=== cProfile: {phase}, one more run (not in the table) ===", file=sys.stderr)
                spawn(phase, data["file"], data["plans"]["profile"], profile=True)
        report(args, backend, data, results)
    finally:
        from django.db import connections

        connections.close_all()
        if args.database_url:
            scratch_postgres(args.database_url, SCRATCH_DB, create=False)
        shutil.rmtree(workdir, ignore_errors=True)


def report(args, backend, data, results) -> None:
    best = {phase: min(runs, key=lambda r: r["seconds"]) for phase, runs in results.items()}
    peak = {phase: max(r["peak_mb"] for r in runs) for phase, runs in results.items()}
    sec = {phase: best[phase]["seconds"] for phase in PHASES}
    floor_ratio = sec["project"] / sec["floor"]
    speedup = sec["default"] / sec["project"]
    names = {
        "floor": "(a) openpyxl floor", "default": "(b) import-export default",
        "project": "(c) this project (new rows)", "reimport": "(c') re-import (unchanged)",
    }
    print(f"\n{data['file'].name}: {args.rows} rows, {data['bytes'] / 1e6:.1f} MB; {backend}; "
          f"{os.cpu_count()} CPUs; {datetime.date.today().isoformat()}; best of {args.repeat}")
    print(f"{'phase':30} {'seconds':>9} {'rows/s':>9} {'peak MB':>8} {'history':>8}")
    for phase in PHASES:
        rows = best[phase]["rows"]
        history = best[phase].get("history", "")
        print(f"{names[phase]:30} {sec[phase]:9.2f} {rows / sec[phase]:9.0f} {peak[phase]:8.0f} {history!s:>8}")
    for phase in ("project", "reimport"):
        print(f"  {names[phase].split(' ')[0]} = open_ledger+check_ledger {best[phase]['check_s']:.2f} s"
              f" + apply_ledger {best[phase]['apply_s']:.2f} s; then the gap re-check {best[phase]['gaps_s']:.2f} s,"
              f" peak {best[phase]['gaps_peak_mb']:.0f} MB (neither in the figures above)")
    print(f"\n(c)/(a)  = {floor_ratio:.2f}   target ≤ 3      {'met' if floor_ratio <= 3 else 'NOT met'}")
    print(f"(b)/(c)  = {speedup:.2f}   target ≥ 5      {'met' if speedup >= 5 else 'NOT met'}")
    print(f"(c) peak = {peak['project']:.0f} MB   target < 300 MB {'met' if peak['project'] < 300 else 'NOT met'}")
    print(f"(c')/(a) = {sec['reimport'] / sec['floor']:.2f}")


if __name__ == "__main__":
    main()
