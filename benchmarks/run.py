"""
The iepmodel benchmark: loading, writing, checking and memory, each as a ratio.

Usage::

    python benchmarks/run.py [--plans N] [--seed S] [--rounds R] [--json out.json]
                             [--stream N]

It generates a reproducible data set (`generate.py`, fixed seed), then measures, in one
process and in one run, each figure against its yardstick:

- loading: ``iepmodel.from_json`` per line and ``iepmodel.load_jsonl`` against
  ``orjson.loads`` of the same bytes, and against equivalent pydantic and msgspec models
  (``models_pydantic.py``, ``models_msgspec.py``);
- writing: ``iepmodel.to_json_bytes`` (and ``iepmodel.to_json``, which also decodes the
  bytes to text) against ``orjson.dumps`` of the same data as dicts (which gives bytes);
- bulk loading: ``list(iepmodel.load_jsonl(...))`` against a list of ``orjson.loads``, with
  the cyclic garbage collector running (as users run) and paused, each against the floor
  measured the same way;
- checking: ``iepmodel.check`` over the data set against ``orjson.loads`` of its lines;
- memory held per plan (tracemalloc) against the same data as dicts;
- with ``--stream N``: ``iepmodel check`` of an N-plan JSON Lines file in a child
  process, reporting its time against ``orjson.loads`` of the file's lines (in the same
  child) and its peak memory (and that of a tenth of the file, to show that memory stays
  flat).

iepmodel itself never needs orjson (msgspec is its dependency): orjson is only the
yardstick here, and the report says whether iepmodel imported it.

Method: a round applies every variant to every plan once, in chunks of ``--chunk``
plans; for each chunk the variants run back to back in a freshly shuffled order, so a
slow spell of a shared machine hits them alike. The cyclic garbage collector is paused
while timing (and ``gc.collect()`` runs before each chunk), so the figures are the
code's own cost; the bulk loads are timed with it running, and paused. Each ratio is
the median of the per-round ratios (variant over yardstick in the same round), with
their min and max.
"""

from __future__ import annotations

import argparse
import datetime as dt
import gc
import json
import os
import platform
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Sequence
from importlib import metadata
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))

import orjson
from generate import DEFAULT_SEED, iter_lines, write_jsonl

import iepmodel
from iepmodel import _fastpath

AS_OF = dt.date(2025, 6, 1)
"""The day `check` looks from: fixed, so that every run finds the same."""

TARGETS = {
    "load_from_json_vs_orjson": 2.0,
    "load_jsonl_vs_orjson": 2.0,
    "bulk_load_gc_running_vs_orjson": 2.0,
    "bulk_load_gc_paused_vs_orjson": 2.0,
    "dump_to_json_bytes_vs_orjson": 3.5,
    "check_vs_orjson_loads": 1.5,
    "memory_vs_dicts": 0.7,
}
"""The figures of the issue and their targets (writing: bytes, as the floor gives)."""

STREAM_TARGET = 4.0
"""``iepmodel check`` of a JSON Lines file, against reading its lines with orjson.loads."""

REPORTED = {
    "dump_to_json_vs_orjson": "dump: iepmodel.to_json",
}
"""Figures reported beside the targets, without one: ``to_json`` returns `str`."""

Variant = Callable[[list[Any]], None]


def _optional_models() -> tuple[Any, Any]:
    try:
        import models_msgspec
    except ImportError:
        models_msgspec = None
    try:
        import models_pydantic
    except ImportError:
        models_pydantic = None
    return models_msgspec, models_pydantic


def _orjson_imported_by_iepmodel() -> bool:
    """Whether importing and using iepmodel imports orjson (in a fresh process)."""
    code = (
        "import sys, iepmodel, iepmodel.sample as s; "
        "iepmodel.to_json(iepmodel.from_json(iepmodel.to_json(s.plans()[0]))); "
        "print('orjson' in sys.modules)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=False)
    return out.stdout.strip() == "True"


def _version(name: str) -> str | None:
    try:
        return metadata.version(name)
    except metadata.PackageNotFoundError:
        return None


def machine() -> dict[str, Any]:
    """What the figures were measured on."""
    return {
        "python": platform.python_version(),
        "implementation": platform.python_implementation(),
        "platform": platform.platform(),
        "processor": platform.processor() or platform.machine(),
        "nproc": os.cpu_count(),
        "load_average": os.getloadavg(),
        "versions": {
            name: _version(name)
            for name in ("iepmodel", "attrs", "cattrs", "orjson", "msgspec", "pydantic")
        },
        "fast_path_active": _fastpath.active,
        # iepmodel itself never imports orjson: it is only the yardstick here.
        "orjson_imported_by_iepmodel": _orjson_imported_by_iepmodel(),
    }


# --- timing -------------------------------------------------------------------------


def _each(function: Callable[[Any], Any]) -> Variant:
    def run(chunk: list[Any]) -> None:
        for item in chunk:
            function(item)

    return run


def _stream(chunk: list[bytes]) -> None:
    for _ in iepmodel.load_jsonl(chunk):
        pass


def time_rounds(
    variants: dict[str, tuple[Variant, str]],
    inputs: dict[str, list[Any]],
    *,
    rounds: int,
    chunk: int,
    seed: int,
) -> dict[str, list[float]]:
    """Per variant, its time in each round (seconds), measured chunk by chunk, shuffled."""
    count = len(next(iter(inputs.values())))
    shuffle = random.Random(seed)
    totals: dict[str, list[float]] = {name: [] for name in variants}
    names = list(variants)
    for _ in range(rounds):
        spent = dict.fromkeys(names, 0.0)
        for start in range(0, count, chunk):
            shuffle.shuffle(names)
            for name in names:
                run, kind = variants[name]
                part = inputs[kind][start : start + chunk]
                gc.collect()
                gc.disable()
                began = time.perf_counter()
                run(part)
                spent[name] += time.perf_counter() - began
                gc.enable()
        for name in names:
            totals[name].append(spent[name])
    return totals


def ratio(totals: dict[str, list[float]], name: str, floor: str) -> dict[str, float]:
    """The median, min and max over rounds of *name*'s time over *floor*'s."""
    per_round = [a / b for a, b in zip(totals[name], totals[floor], strict=True)]
    return {
        "median": statistics.median(per_round),
        "min": min(per_round),
        "max": max(per_round),
    }


def time_check(
    plans: list[iepmodel.IEP], lines: list[bytes], *, rounds: int
) -> dict[str, list[float]]:
    """
    Per round: `check` over all plans, and reading all lines with ``orjson.loads`` (a
    fixed yardstick: faster loading never makes checking look slower).
    """
    out: dict[str, list[float]] = {"check": [], "load": []}
    for _ in range(rounds):
        for name in random.sample(["check", "load"], 2):
            gc.collect()
            gc.disable()
            began = time.perf_counter()
            if name == "check":
                iepmodel.check(plans, as_of=AS_OF)
            else:
                for line in lines:
                    orjson.loads(line)
            out[name].append(time.perf_counter() - began)
            gc.enable()
    return out


def time_bulk(lines: list[bytes], *, rounds: int) -> dict[str, list[float]]:
    """
    Per round: building a list of every plan (``list(load_jsonl(...))``) and a list of
    every line as dicts (``orjson.loads``), each with the cyclic collector running (as
    users run) and paused, in a shuffled order; the lists are dropped untimed.
    """
    builds: dict[str, Callable[[], list[Any]]] = {
        "orjson": lambda: [orjson.loads(line) for line in lines],
        "iepmodel": lambda: list(iepmodel.load_jsonl(lines)),
    }
    names = [f"{name} gc {state}" for name in builds for state in ("running", "paused")]
    out: dict[str, list[float]] = {name: [] for name in names}
    for _ in range(rounds):
        random.shuffle(names)
        for name in names:
            build = builds[name.split()[0]]
            gc.collect()
            running = name.endswith("running")
            if not running:
                gc.disable()
            began = time.perf_counter()
            kept = build()
            out[name].append(time.perf_counter() - began)
            gc.enable()
            del kept
    gc.collect()
    return out


# --- memory -------------------------------------------------------------------------


def retained(build: Callable[[], list[Any]]) -> tuple[int, int]:
    """Bytes held by the list *build* returns, and the peak while building it."""
    gc.collect()
    tracemalloc.start()
    try:
        before, _ = tracemalloc.get_traced_memory()
        tracemalloc.reset_peak()
        kept = build()
        after, peak = tracemalloc.get_traced_memory()
    finally:
        tracemalloc.stop()
    del kept
    gc.collect()
    return after - before, peak - before


def memory(lines: list[bytes], models_msgspec: Any, models_pydantic: Any) -> dict[str, Any]:
    """Memory held per plan by each representation, for the same lines."""
    builds: dict[str, Callable[[], list[Any]]] = {
        "dicts (orjson.loads)": lambda: [orjson.loads(line) for line in lines],
        "iepmodel": lambda: [iepmodel.from_json(line) for line in lines],
    }
    if models_msgspec is not None:
        builds["msgspec"] = lambda: [models_msgspec.decoder.decode(line) for line in lines]
    if models_pydantic is not None:
        builds["pydantic"] = lambda: [
            models_pydantic.IEP.model_validate_json(line) for line in lines
        ]
    out: dict[str, Any] = {}
    for name, build in builds.items():
        held, peak = retained(build)
        out[name] = {"bytes_per_plan": held / len(lines), "peak_bytes": peak}
    dicts = out["dicts (orjson.loads)"]["bytes_per_plan"]
    for entry in out.values():
        entry["vs_dicts"] = entry["bytes_per_plan"] / dicts
    return out


# --- streaming check ----------------------------------------------------------------


def _status_kib(key: str) -> int | None:
    """A memory figure of this process from /proc (Linux), in KiB."""
    try:
        with open("/proc/self/status", encoding="ascii") as status:
            for line in status:
                if line.startswith(key + ":"):
                    return int(line.split()[1])
    except OSError:
        pass
    return None


def _peak_rss_kib() -> int:
    # VmHWM is this process's own peak; ru_maxrss would also count the parent's peak,
    # which a child started with fork and exec inherits.
    peak = _status_kib("VmHWM")
    return peak if peak is not None else resource.getrusage(resource.RUSAGE_SELF).ru_maxrss


def _reset_peak_rss() -> None:
    """Make the peak the current size, where Linux allows it (so the peak is the run's)."""
    try:
        with open("/proc/self/clear_refs", "w", encoding="ascii") as refs:
            refs.write("5")
    except OSError:
        pass


def stream_child(path: str) -> None:
    """In a child process: ``iepmodel check`` of the JSON Lines file *path*."""
    from iepmodel.cli import main

    gc.collect()
    _reset_peak_rss()
    base = _peak_rss_kib()
    began = time.perf_counter()
    cpu_began = time.process_time()
    with open(os.devnull, "w") as devnull:
        stdout, sys.stdout = sys.stdout, devnull
        try:
            status = main(["check", path, "--as-of", AS_OF.isoformat(), "--format", "json"])
        finally:
            sys.stdout = stdout
    seconds = time.perf_counter() - began
    # The yardstick, in the same process after the check: its lines read with orjson.loads.
    import orjson as yardstick

    floor_began = time.perf_counter()
    with open(path, "rb") as lines:
        for line in lines:
            yardstick.loads(line)
    floor = time.perf_counter() - floor_began
    result = {
        "seconds": seconds,
        "orjson_loads_seconds": floor,
        "vs_orjson": seconds / floor,
        # CPU time (user + system) of the check: steadier than wall time on a shared machine.
        "cpu_seconds": time.process_time() - cpu_began,
        "exit_status": status,
        "rss_after_import_kib": base,
        "peak_rss_kib": _peak_rss_kib(),
    }
    print(json.dumps(result))


def stream(count: int, seed: int) -> dict[str, Any]:
    """
    ``iepmodel check`` of an N-plan JSON Lines file, and of its first tenth, each in a
    child process; their peak memory (the file is read line by line, never held).
    """
    folder = Path(tempfile.mkdtemp(prefix="iepmodel-bench-"))
    full = folder / "plans.jsonl"
    tenth = folder / "tenth.jsonl"
    began = time.perf_counter()
    size = write_jsonl(full, count, seed)
    written = time.perf_counter() - began
    with full.open("rb") as source, tenth.open("wb") as target:
        for _, line in zip(range(max(count // 10, 1)), source, strict=False):
            target.write(line)
    runs = []
    try:
        for plans, path in ((max(count // 10, 1), tenth), (count, full)):
            result = subprocess.run(
                [sys.executable, __file__, "--stream-child", str(path)],
                check=True,
                capture_output=True,
                text=True,
            )
            run = json.loads(result.stdout.strip().splitlines()[-1])
            run["plans"] = plans
            run["peak_growth_mib"] = (run["peak_rss_kib"] - run["rss_after_import_kib"]) / 1024
            run["growth_kib_per_plan"] = (
                run["peak_rss_kib"] - run["rss_after_import_kib"]
            ) / plans
            runs.append(run)
    finally:
        full.unlink(missing_ok=True)
        tenth.unlink(missing_ok=True)
        folder.rmdir()
    return {"file_mib": size / 2**20, "generate_seconds": written, "runs": runs}


# --- the run ------------------------------------------------------------------------


def verify(
    lines: list[bytes], plans: list[iepmodel.IEP], models_msgspec: Any, models_pydantic: Any
) -> dict[str, Any]:
    """Check that every variant reads the same data, and the writers agree."""
    sample = range(0, len(lines), max(len(lines) // 200, 1))
    for index in sample:
        assert iepmodel.to_json(plans[index]).encode() == lines[index], "to_json differs"
        assert iepmodel.to_json_bytes(plans[index]) == lines[index], "to_json_bytes differs"
        if models_msgspec is not None:
            models_msgspec.decoder.decode(lines[index])
        if models_pydantic is not None:
            models_pydantic.IEP.model_validate_json(lines[index])
    same_as_reference = None
    if _fastpath.active:
        _fastpath.active = False
        try:
            reference = [iepmodel.from_json(lines[index]) for index in sample]
            texts = [iepmodel.to_json(plans[index]) for index in sample]
        finally:
            _fastpath.active = True
        same_as_reference = reference == [plans[index] for index in sample] and texts == [
            iepmodel.to_json(plans[index]) for index in sample
        ]
        assert same_as_reference, "the fast backend and the reference path differ"
    return {"sampled": len(sample), "fast_equals_reference": same_as_reference}


def run(args: argparse.Namespace) -> dict[str, Any]:
    """Generate the data, measure everything, and return the results."""
    models_msgspec, models_pydantic = _optional_models()
    began = time.perf_counter()
    lines = list(iter_lines(args.plans, args.seed))
    generated = time.perf_counter() - began
    plans = [iepmodel.from_json(line) for line in lines]
    dicts = [orjson.loads(line) for line in lines]
    checks = verify(lines, plans, models_msgspec, models_pydantic)

    inputs: dict[str, list[Any]] = {
        "lines": lines,
        # As a file yields them: each with its newline.
        "file lines": [line + b"\n" for line in lines],
        "plans": plans,
        "dicts": dicts,
    }
    variants: dict[str, tuple[Variant, str]] = {
        "load: orjson.loads (floor)": (_each(orjson.loads), "lines"),
        "load: json.loads": (_each(json.loads), "lines"),
        "load: iepmodel.from_json": (_each(iepmodel.from_json), "lines"),
        "load: iepmodel.load_jsonl": (_stream, "file lines"),
        "dump: orjson.dumps(dict) (floor)": (_each(orjson.dumps), "dicts"),
        "dump: iepmodel.to_json_bytes": (_each(iepmodel.to_json_bytes), "plans"),
        "dump: iepmodel.to_json": (_each(iepmodel.to_json), "plans"),
    }
    if models_msgspec is not None:
        inputs["msgspec"] = [models_msgspec.decoder.decode(line) for line in lines]
        variants["load: msgspec decode"] = (_each(models_msgspec.decoder.decode), "lines")
        variants["dump: msgspec encode"] = (_each(models_msgspec.encoder.encode), "msgspec")
    if models_pydantic is not None:
        model = models_pydantic.IEP
        inputs["pydantic"] = [model.model_validate_json(line) for line in lines]
        variants["load: pydantic model_validate_json"] = (
            _each(model.model_validate_json),
            "lines",
        )
        variants["dump: pydantic model_dump_json"] = (
            _each(lambda p: p.model_dump_json(exclude_none=True)),
            "pydantic",
        )

    # Warm up (code generation, caches), then freeze what exists, so that the collector
    # before each chunk does not walk the inputs.
    for run_variant, kind in variants.values():
        run_variant(inputs[kind][:200])
    gc.collect()
    gc.freeze()
    totals = time_rounds(variants, inputs, rounds=args.rounds, chunk=args.chunk, seed=args.seed)
    check_times = time_check(plans, lines, rounds=args.rounds)
    gc.unfreeze()

    load_floor, dump_floor = "load: orjson.loads (floor)", "dump: orjson.dumps(dict) (floor)"
    table: dict[str, Any] = {}
    for name in variants:
        floor = load_floor if name.startswith("load") else dump_floor
        row: dict[str, Any] = {
            "median_seconds": statistics.median(totals[name]),
            "us_per_plan": statistics.median(totals[name]) / len(lines) * 1e6,
            "vs_floor": ratio(totals, name, floor),
        }
        yardsticks = {
            "load": ["load: msgspec decode", "load: pydantic model_validate_json"],
            "dump": ["dump: msgspec encode", "dump: pydantic model_dump_json"],
        }
        for other in yardsticks[name[:4]]:
            if other in totals and other != name:
                row[f"vs {other.split(': ')[1].split()[0]}"] = ratio(totals, name, other)
        table[name] = row

    per_round_check = [
        c / ld for c, ld in zip(check_times["check"], check_times["load"], strict=True)
    ]
    bulk = time_bulk(inputs["file lines"], rounds=args.rounds)
    bulk_row: dict[str, Any] = {}
    for state in ("running", "paused"):
        per_round = [
            a / b
            for a, b in zip(bulk[f"iepmodel gc {state}"], bulk[f"orjson gc {state}"], strict=True)
        ]
        bulk_row[f"gc {state}"] = {
            "iepmodel_median_seconds": statistics.median(bulk[f"iepmodel gc {state}"]),
            "orjson_median_seconds": statistics.median(bulk[f"orjson gc {state}"]),
            "vs_orjson": {
                "median": statistics.median(per_round),
                "min": min(per_round),
                "max": max(per_round),
            },
        }
    findings = len(iepmodel.check(plans, as_of=AS_OF))
    check_row = {
        "check_median_seconds": statistics.median(check_times["check"]),
        "orjson_loads_median_seconds": statistics.median(check_times["load"]),
        "vs_load": {
            "median": statistics.median(per_round_check),
            "min": min(per_round_check),
            "max": max(per_round_check),
        },
        "findings": findings,
        "as_of": AS_OF.isoformat(),
    }
    held = memory(lines[: args.memory_plans], models_msgspec, models_pydantic)

    summary = {
        "load_from_json_vs_orjson": table["load: iepmodel.from_json"]["vs_floor"]["median"],
        "load_jsonl_vs_orjson": table["load: iepmodel.load_jsonl"]["vs_floor"]["median"],
        "dump_to_json_bytes_vs_orjson": table["dump: iepmodel.to_json_bytes"]["vs_floor"][
            "median"
        ],
        "bulk_load_gc_running_vs_orjson": bulk_row["gc running"]["vs_orjson"]["median"],
        "bulk_load_gc_paused_vs_orjson": bulk_row["gc paused"]["vs_orjson"]["median"],
        "check_vs_orjson_loads": check_row["vs_load"]["median"],
        "memory_vs_dicts": held["iepmodel"]["vs_dicts"],
    }
    result: dict[str, Any] = {
        "machine": machine(),
        "data": {
            "plans": len(lines),
            "seed": args.seed,
            "bytes_per_plan": sum(map(len, lines)) / len(lines),
            "generate_seconds": generated,
        },
        "method": {
            "rounds": args.rounds,
            "chunk": args.chunk,
            "gc": "paused while timing, except the bulk loads (running and paused)",
        },
        "verify": checks,
        "summary": {
            name: {"ratio": value, "target": TARGETS[name], "met": value <= TARGETS[name]}
            for name, value in summary.items()
        },
        "reported": {
            name: {"ratio": table[variant]["vs_floor"]["median"], "variant": variant}
            for name, variant in REPORTED.items()
        },
        "timing": table,
        "check": check_row,
        "bulk": bulk_row,
        "memory": held,
    }
    if args.stream:
        result["stream"] = stream(args.stream, args.seed + 1)
    return result


def print_report(result: dict[str, Any]) -> None:
    """The tables, for people."""
    data, info = result["data"], result["machine"]
    print(
        f"{data['plans']} plans, seed {data['seed']}, {data['bytes_per_plan'] / 1024:.1f} "
        f"KiB per plan; Python {info['python']}, {info['nproc']} CPUs, load "
        f"{info['load_average'][0]:.1f}; fast path {info['fast_path_active']}, "
        f"orjson used by iepmodel: {info['orjson_imported_by_iepmodel']}"
    )
    print()
    print(f"{'variant':<40} {'us/plan':>9} {'x floor':>8} {'min-max':>12}   others")
    for name, row in result["timing"].items():
        spread = f"{row['vs_floor']['min']:.2f}-{row['vs_floor']['max']:.2f}"
        others = "  ".join(
            f"{k} {v['median']:.2f}"
            for k, v in row.items()
            if k.startswith("vs ") and isinstance(v, dict)
        )
        print(
            f"{name:<40} {row['us_per_plan']:>9.1f} {row['vs_floor']['median']:>8.2f} "
            f"{spread:>12}   {others}"
        )
    check = result["check"]
    print()
    print(
        f"check: {check['check_median_seconds']:.3f} s for the data set, orjson.loads of it "
        f"{check['orjson_loads_median_seconds']:.3f} s: {check['vs_load']['median']:.2f}x "
        f"({check['findings']} findings as of {check['as_of']})"
    )
    print()
    for state, row in result["bulk"].items():
        print(
            f"bulk load to a list, {state}: iepmodel {row['iepmodel_median_seconds']:.3f} s, "
            f"orjson.loads {row['orjson_median_seconds']:.3f} s: "
            f"{row['vs_orjson']['median']:.2f}x "
            f"({row['vs_orjson']['min']:.2f}-{row['vs_orjson']['max']:.2f})"
        )
    print()
    print(f"{'memory held':<40} {'KiB/plan':>9} {'x dicts':>8}")
    for name, row in result["memory"].items():
        print(f"{name:<40} {row['bytes_per_plan'] / 1024:>9.1f} {row['vs_dicts']:>8.2f}")
    if "stream" in result:
        print()
        for entry in result["stream"]["runs"]:
            print(
                f"streaming check of {entry['plans']} plans: {entry['seconds']:.1f} s "
                f"({entry['cpu_seconds']:.1f} s CPU, "
                f"{entry['cpu_seconds'] / entry['plans'] * 1e6:.0f} us a plan), "
                f"peak RSS {entry['peak_rss_kib'] / 1024:.0f} MiB "
                f"(+{entry['peak_growth_mib']:.1f} MiB over the imports), "
                f"{entry['vs_orjson']:.2f}x orjson.loads of its lines (target "
                f"{STREAM_TARGET:.1f}x)"
            )
    print()
    print(f"{'target':<32} {'ratio':>7} {'target':>7}")
    for name, row in result["summary"].items():
        mark = "ok" if row["met"] else "MISSED"
        print(f"{name:<32} {row['ratio']:>7.2f} {row['target']:>7.2f}  {mark}")
    for name, row in result["reported"].items():
        print(f"{name:<32} {row['ratio']:>7.2f} {'-':>7}  (no target)")


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="The iepmodel benchmark (ratios).")
    parser.add_argument("--plans", type=int, default=10_000, help="plans in the data set")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED, help="the generator's seed")
    parser.add_argument("--rounds", type=int, default=5, help="timing rounds")
    parser.add_argument("--chunk", type=int, default=500, help="plans per timed chunk")
    parser.add_argument(
        "--memory-plans",
        type=int,
        default=10_000,
        help="plans held for the memory figure (at most --plans)",
    )
    parser.add_argument("--json", type=Path, help="write the results here as JSON")
    parser.add_argument(
        "--stream",
        type=int,
        default=0,
        metavar="N",
        help="also check an N-plan JSON Lines file, streamed (e.g. 100000)",
    )
    parser.add_argument("--stream-child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.stream_child:
        stream_child(args.stream_child)
        return 0
    if args.plans < 1 or args.rounds < 1 or args.chunk < 1:
        parser.error("--plans, --rounds and --chunk must be at least 1")
    result = run(args)
    print_report(result)
    if args.json is not None:
        args.json.parent.mkdir(parents=True, exist_ok=True)
        args.json.write_text(json.dumps(result, indent=2) + "\n", encoding="utf-8")
    return 0


if __name__ == "__main__":
    sys.exit(main())
