#!/usr/bin/env python3
"""`dedup` side by side with the paragraph dedup tools people use today (issue 5).

    benchmarks/.venv-peers/bin/python benchmarks/compare.py all [--quick]
    benchmarks/.venv-peers/bin/python benchmarks/compare.py quality [CASES_DIR] [--seeds 40]
    benchmarks/.venv-peers/bin/python benchmarks/compare.py speed [--mb 30] [--pages 2000] [--runs 3]
    benchmarks/.venv-peers/bin/python benchmarks/compare.py clean [--corpus ../shared/corpus]

Every tool works at paragraph level on the same inputs: the text is split into paragraphs on
blank lines, the tool decides which paragraphs to keep, and the kept ones are written joined by
a blank line. `dedup` is the installed command at its default options. The peers run in the
separate venv `benchmarks/.venv-peers` (see benchmarks/requirements.txt); each run of a peer is
a fresh child process (`compare.py --child JOBFILE`), so time and peak RSS are whole processes.

`quality` scores every tool on labelled cases (the single-text cases of CASES_DIR, default
../shared/eval/dev when present, plus --seeds texts made by tests/damage.py) with the scorer
semantics of ../shared/eval/score.py (tests/damage.py's score()). `speed` times every tool on the
~30 MB mixed stream of bench_pipe.py and on a ~2,000-page folder processed as one corpus.
`clean` counts every tool's false positives on clean, edited articles (the corpora en_bbc, zh_cctv
and en_zyte of ../shared/corpus, which hold no near copies; one article per run): paragraphs
removed that are not exact repeats of a kept paragraph (see `count_clean_removals`).
`all` does all three and writes docs/BENCHMARKS.md (never edit that file by hand).
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shlex
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
import unicodedata
from collections import Counter
from pathlib import Path

HERE = Path(__file__).resolve().parent
REPO = HERE.parent
sys.path.insert(0, str(HERE))

from _common import BENCH_DAMAGE, cpu_model, load_damage, version  # noqa: E402
from peers import PEERS, split_paragraphs  # noqa: E402

ARTICLES = REPO / "tests" / "data" / "articles"
DEFAULT_CASES = REPO.parent / "shared" / "eval" / "dev"
DEFAULT_CORPUS = REPO.parent / "shared" / "corpus"
CLEAN_CORPORA = ("en_bbc", "zh_cctv", "en_zyte")  # edited articles: no near copies in them
# dedup's removals that say "this repeats a kept paragraph" (../shared/eval/clean_fp.py)
REPEAT_REASONS = {"near", "contained", "truncated", "block"}
DOC = REPO / "docs" / "BENCHMARKS.md"
MB = 1 << 20
GEN_SEED0 = 1000  # generated cases use seeds 1000.., not the small seeds the tests use
LOAD_MAX = 1.0
VERSIONED = ("dedup", "rapidfuzz", "regex", "click", "charset-normalizer", "ftfy", "trafilatura",
             "datasketch", "text-dedup", "datasets", "datatrove", "spacy", "jieba", "numpy",
             "scipy", "pyarrow", "lxml")
TOOLS = ("dedup", *PEERS)
NEAR_DUP_TOOLS = ("datasketch", "datasketch-cjk", "text-dedup-minhash", "text-dedup-minhash-cjk",
                  "text-dedup-simhash")  # peers that find near (not only exact) repeats


def dedup_command() -> str:
    local = Path(sys.executable).parent / "dedup"
    return str(local) if local.exists() else (shutil.which("dedup") or "dedup")


def dedup_has_batch() -> bool:
    """Batch mode (`dedup SRC_DIR -o OUT_DIR`) exists when --help speaks of a folder."""
    out = subprocess.run([dedup_command(), "--help"], capture_output=True, text=True).stdout
    return bool(re.search(r"\b(folder|director(y|ies))\b", out, re.I))


# ---------------------------------------------------------------------------------------------
# The child: one peer, one or more items (a text file, or a folder processed as one corpus)

def _texts(kept: list, paragraphs: list[str]) -> list[tuple[int, str]]:
    """(index, text) pairs: an adapter returns indices, or (index, text) where it trims."""
    return [k if isinstance(k, tuple) else (k, paragraphs[k]) for k in kept]


def child(jobfile: str) -> None:
    job = json.loads(Path(jobfile).read_text(encoding="utf-8"))
    decide = PEERS[job["tool"]].decide
    errors = {}
    for item in job["items"]:
        src, dst = Path(item["in"]), Path(item["out"])
        try:
            if src.is_dir():
                pages = sorted(src.glob("*.txt"))
                paragraphs, owner = [], []
                for i, page in enumerate(pages):
                    ps = split_paragraphs(page.read_text(encoding="utf-8"))
                    paragraphs += ps
                    owner += [i] * len(ps)
                kept = _texts(decide(paragraphs), paragraphs)
                per_page: list[list[str]] = [[] for _ in pages]
                for k, text in kept:
                    per_page[owner[k]].append(text)
                dst.mkdir(parents=True, exist_ok=True)
                for page, ps in zip(pages, per_page):
                    (dst / page.name).write_text("\n\n".join(ps) + "\n" if ps else "",
                                                 encoding="utf-8")
            else:
                paragraphs = split_paragraphs(src.read_text(encoding="utf-8"))
                kept = _texts(decide(paragraphs), paragraphs)
                dst.write_text("\n\n".join(t for _, t in kept) + "\n" if kept else "",
                               encoding="utf-8")
        except Exception as exc:  # reported per item; the parent shows the exact error
            errors[str(src)] = " ".join(f"{type(exc).__name__}: {exc}".split())[:400]
    if errors:
        Path(jobfile + ".errors").write_text(json.dumps(errors), encoding="utf-8")


# ---------------------------------------------------------------------------------------------
# Running a tool as a whole process

def peer_command(tool: str, items: list[dict], workdir: Path) -> list[str]:
    jobfile = workdir / f"job-{tool}-{len(list(workdir.glob('job-*')))}.json"
    jobfile.write_text(json.dumps({"tool": tool, "items": items}), encoding="utf-8")
    return [sys.executable, str(Path(__file__).resolve()), "--child", str(jobfile)]


def dedup_folder_command(src: Path, dst: Path, batch: bool) -> list[str]:
    if batch:
        return [dedup_command(), "-q", str(src), "-o", str(dst)]
    loop = (f"mkdir -p {shlex.quote(str(dst))} && for f in {shlex.quote(str(src))}/*.txt; do "
            f"{shlex.quote(dedup_command())} -q \"$f\" -o {shlex.quote(str(dst))}/\"$(basename \"$f\")\""
            f" || exit 1; done")
    return ["sh", "-c", loop]


def timed(cmd: list[str], workdir: Path, timeout: float) -> dict:
    """Run cmd under /usr/bin/time; wall seconds, peak RSS (bytes) of the biggest process."""
    stats = workdir / "time.txt"
    full = ["/usr/bin/time", "-f", "%e %M", "-o", str(stats), *cmd] if Path(
        "/usr/bin/time").exists() else cmd
    start = time.perf_counter()
    try:
        proc = subprocess.run(full, capture_output=True, text=True, timeout=timeout,
                              stdin=subprocess.DEVNULL)
    except subprocess.TimeoutExpired:
        return {"error": f"timed out after {timeout:.0f} s"}
    wall = time.perf_counter() - start
    rss = None
    if stats.exists() and full is not cmd:
        fields = stats.read_text().split()
        if len(fields) >= 2 and fields[-1].isdigit():
            rss = int(fields[-1]) * 1024
    errfile = Path(cmd[-1] + ".errors") if "--child" in cmd else None
    if proc.returncode != 0:
        tail = " ".join((proc.stderr.strip().splitlines() or ["no message"])[-1].split())
        return {"error": f"exit {proc.returncode}: {tail[:300]}", "wall": wall}
    if errfile and errfile.exists():
        errs = json.loads(errfile.read_text())
        return {"error": next(iter(errs.values())), "wall": wall, "item_errors": errs}
    return {"wall": wall, "rss": rss}


# ---------------------------------------------------------------------------------------------
# Quality

def collect_cases(cases_dir: Path | None, seeds: int, workdir: Path) -> list[dict]:
    cases = []
    if cases_dir and cases_dir.is_dir():
        for gold in sorted(cases_dir.glob("*.gold.json")):
            name = gold.name[:-len(".gold.json")]
            text = cases_dir / f"{name}.txt"
            if text.is_file():  # single-text cases only; folder cases need batch mode
                cases.append({"set": cases_dir.name, "name": name, "in": str(text),
                              "gold": json.loads(gold.read_text(encoding="utf-8"))})
    if seeds:
        damage = load_damage()
        articles = damage.load_articles(ARTICLES)
        gen = workdir / "generated"
        gen.mkdir(exist_ok=True)
        for seed in range(GEN_SEED0, GEN_SEED0 + seeds):
            rng = random.Random(seed)  # as tests/test_damage.py's pick(): 1-4 articles
            picked = rng.sample(articles, rng.randint(1, 4))
            text, gold = damage.damage(picked, seed)
            path = gen / f"gen_{seed}.txt"
            path.write_text(text, encoding="utf-8")
            cases.append({"set": "generated", "name": f"gen_{seed}", "in": str(path),
                          "gold": gold})
    return cases


def run_quality(cases: list[dict], tools: list[str], workdir: Path, log) -> dict:
    damage = load_damage()
    results = {}
    for tool in tools:
        outdir = workdir / "quality" / tool
        outdir.mkdir(parents=True, exist_ok=True)
        outs = [outdir / f"{c['set']}__{c['name']}.out.txt" for c in cases]
        start = time.perf_counter()
        error = None
        if tool == "dedup":
            for c, out in zip(cases, outs):
                p = subprocess.run([dedup_command(), "-q", c["in"], "-o", str(out)],
                                   capture_output=True, text=True)
                if p.returncode != 0:
                    error = f"{c['name']}: exit {p.returncode}: {p.stderr.strip()[-200:]}"
        else:
            items = [{"in": c["in"], "out": str(o)} for c, o in zip(cases, outs)]
            r = timed(peer_command(tool, items, workdir), workdir, timeout=1800)
            error = r.get("error")
        seconds = time.perf_counter() - start
        rows = []
        for c, out in zip(cases, outs):
            text = out.read_text(encoding="utf-8") if out.exists() else None
            if text is None:
                rows.append({"set": c["set"], "case": c["name"], "failed": True})
                continue
            s = damage.score(c["gold"], text)
            rows.append({"set": c["set"], "case": c["name"], "lost": s["lost"],
                         "lost_examples": s["lost_examples"], "residual": s["residual_copies"],
                         "removable": s["removable_copies"], "inversions": s["order_inversions"]})
        results[tool] = {"rows": rows, "error": error, "seconds": seconds}
        ok = [r for r in rows if not r.get("failed")]
        log(f"  quality {tool:<24} {len(ok)}/{len(rows)} cases scored, lost "
            f"{sum(r['lost'] for r in ok)}, residual {sum(r['residual'] for r in ok)}/"
            f"{sum(r['removable'] for r in ok)}, {seconds:.1f} s" + (f"  [{error}]" if error else ""))
    return results


def summarise(rows: list[dict]) -> dict:
    ok = [r for r in rows if not r.get("failed")]
    removable = sum(r["removable"] for r in ok)
    residual = sum(r["residual"] for r in ok)
    return {"cases": len(rows), "scored": len(ok), "lost": sum(r["lost"] for r in ok),
            "cases_losing": sum(1 for r in ok if r["lost"]), "residual": residual,
            "removable": removable,
            "recall": (1 - residual / removable) if removable else 1.0,
            "inversions": sum(r["inversions"] for r in ok),
            "cases_inverted": sum(1 for r in ok if r["inversions"])}


# ---------------------------------------------------------------------------------------------
# False positives on clean articles

def fold(text: str) -> str:
    """What counts as the same text: NFKC, spacing collapsed, case folded (clean_fp.py's)."""
    return re.sub(r"\s+", " ", unicodedata.normalize("NFKC", text)).strip().casefold()


def count_clean_removals(paragraphs: list[str], kept: list[str]) -> dict:
    """A peer's removals from one clean article: the input paragraphs not found among the kept
    ones (matched as a multiset, folded), split into *exact* (an identical paragraph was kept:
    removing repeats is the job) and *false* (nothing kept says it: a loss)."""
    left = Counter(fold(p) for p in kept)
    kept_folds = set(left)
    counts = {"removed": 0, "exact": 0, "false": 0, "examples": []}
    for paragraph in paragraphs:
        key = fold(paragraph)
        if left[key] > 0:
            left[key] -= 1
            continue
        counts["removed"] += 1
        if key in kept_folds:
            counts["exact"] += 1
        else:
            counts["false"] += 1
            counts["examples"].append(paragraph[:90])
    return counts


def count_dedup_removals(report: list[dict], output: str) -> dict:
    """dedup's removals from one clean article, counted as ../shared/eval/clean_fp.py counts
    them: a near/contained/truncated/block removal is *false* unless its text (folded) stands
    as a kept paragraph; exact-key removals are *exact*; junk lines (code, share bars) apart.
    (Read from the report, not by comparing texts: the cleanup changes what it keeps.)"""
    kept = {fold(p) for p in split_paragraphs(output)}
    counts = {"removed": 0, "exact": 0, "false": 0, "junk": 0, "examples": []}
    for record in report:
        if record.get("action") != "removed":
            continue
        counts["removed"] += 1
        reason = record.get("reason")
        if reason == "junk":
            counts["junk"] += 1
        elif reason in REPEAT_REASONS and fold(record.get("text", "")) not in kept:
            counts["false"] += 1
            counts["examples"].append(f"{reason} {record.get('score')}: "
                                      f"{record.get('text', '')[:80]}")
        else:
            counts["exact"] += 1
    return counts


def run_clean(corpus: Path, tools: list[str], workdir: Path, log, limit: int | None = None
              ) -> dict:
    """Every tool on every article of the clean corpora (the first ``limit`` of each, in name
    order, when given), one article per run: per corpus and tool, articles, paragraphs,
    removals, exact repeats among them, false positives."""
    results: dict = {}
    for name in CLEAN_CORPORA:
        folder = corpus / name
        articles = sorted(folder.glob("*.txt"))[:limit]
        if not articles:
            log(f"  clean {name}: no articles in {folder}; skipped")
            continue
        texts = {a: a.read_text(encoding="utf-8", errors="replace") for a in articles}
        results[name] = {}
        for tool in tools:
            outdir = workdir / "clean" / name / tool
            outdir.mkdir(parents=True, exist_ok=True)
            start = time.perf_counter()
            total = {"articles": 0, "paragraphs": 0, "removed": 0, "exact": 0, "false": 0,
                     "junk": 0, "examples": [], "error": None}
            if tool != "dedup":
                items = [{"in": str(a), "out": str(outdir / a.name)} for a in articles]
                r = timed(peer_command(tool, items, workdir), workdir, timeout=3600)
                total["error"] = r.get("error")
            for article in articles:
                out = outdir / article.name
                if tool == "dedup":
                    report = outdir / (article.name + ".jsonl")
                    p = subprocess.run([dedup_command(), "-q", str(article), "-o", str(out),
                                        "--report", str(report)], capture_output=True,
                                       text=True)
                    if p.returncode != 0:
                        total["error"] = f"{article.name}: exit {p.returncode}"
                        continue
                    records = [json.loads(line) for line in
                               report.read_text(encoding="utf-8").splitlines()]
                    counts = count_dedup_removals(records, out.read_text(encoding="utf-8"))
                elif out.exists():
                    counts = count_clean_removals(split_paragraphs(texts[article]),
                                                  split_paragraphs(out.read_text(
                                                      encoding="utf-8")))
                else:
                    continue
                total["articles"] += 1
                total["paragraphs"] += len(split_paragraphs(texts[article]))
                for key in ("removed", "exact", "false", "junk"):
                    total[key] += counts.get(key, 0)
                total["examples"] += [f"{article.name}: {e}" for e in counts["examples"]]
            total["seconds"] = time.perf_counter() - start
            results[name][tool] = total
            log(f"  clean {name:<8} {tool:<24} {total['articles']}/{len(articles)} articles, "
                f"{total['paragraphs']} paragraphs, removed {total['removed']} (exact repeats "
                f"{total['exact']}, false {total['false']}), {total['seconds']:.1f} s"
                + (f"  [{total['error']}]" if total["error"] else ""))
    return results


def clean_table(clean: dict) -> list[str]:
    names = list(clean)
    tools = list(dict.fromkeys(t for per_tool in clean.values() for t in per_tool))
    head = " | ".join(f"{n} ({next(iter(clean[n].values()))['articles']} articles)"
                      for n in names)
    lines = [f"| tool | {head} | total | per 1,000 paragraphs | exact repeats removed | note |",
             "|---|" + "---:|" * (len(names) + 3) + "---|"]
    for tool in tools:
        cells, false, paragraphs, exact, notes = [], 0, 0, 0, []
        for name in names:
            entry = clean[name].get(tool)
            if entry is None or not entry["articles"]:
                cells.append("–")
                notes.append(f"{name}: {entry['error'] if entry else 'not run'}")
                continue
            cells.append(str(entry["false"]))
            false += entry["false"]
            paragraphs += entry["paragraphs"]
            exact += entry["exact"]
            if entry["error"]:
                notes.append(f"{name}: {entry['error']}")
        rate = f"{1000 * false / paragraphs:.2f}" if paragraphs else "–"
        note = "; ".join(notes)
        if tool == "dedup":
            junk = sum(clean[n].get(tool, {}).get("junk", 0) for n in names)
            note = "; ".join(filter(None, [f"junk lines removed apart: {junk}", note]))
        lines.append(f"| {tool} | {' | '.join(cells)} | {false} | {rate} | {exact} | {note} |")
    return lines


# ---------------------------------------------------------------------------------------------
# Speed and memory

def make_stream(path: Path, megabytes: float, seed: int) -> dict:
    damage = load_damage()
    articles = damage.load_articles(ARTICLES)
    options = damage.DamageOptions(**BENCH_DAMAGE)
    texts = 0
    with open(path, "w", encoding="utf-8", newline="\n") as f:
        for case in damage.generate_stream(articles, seed, int(megabytes * MB), options):
            f.write(case.text + "\n")
            texts += 1
    return {"bytes": path.stat().st_size, "texts": texts}


_BOILERPLATE = {
    "en": ["Home | News | World | Business | Sport | Opinion", "Advertisement",
           "Share this article: Facebook Twitter Email",
           "Copyright © The Daily Example. All rights reserved.",
           "Sign up for our newsletter to get the day's top stories in your inbox every morning."],
    "zh": ["首页 | 新闻 | 国内 | 国际 | 财经 | 评论", "广告",
           "分享到：微信 微博 QQ空间",
           "版权所有 © 示例日报社 未经授权禁止转载",
           "欢迎订阅本报新闻早报，每天早上把当天最重要的新闻送到您的邮箱。"],
}


def make_folder(folder: Path, pages: int, seed: int) -> dict:
    """`pages` pages of one site: each an article (a variant of a base article, damaged as in
    the stream) with the site's header and footer on most pages; every 50th page re-scrapes
    an earlier one."""
    damage = load_damage()
    articles = damage.load_articles(ARTICLES)
    options = damage.DamageOptions(**BENCH_DAMAGE)
    rng = random.Random(f"folder|{seed}")
    folder.mkdir(parents=True, exist_ok=True)
    made: list[str] = []
    stream = damage.generate_stream(articles, f"folder{seed}", 1 << 40, options, per_text=(1, 1))
    for i in range(pages):
        if i >= 50 and i % 50 == 0:
            body = made[rng.randrange(len(made))]  # the same article scraped twice
        else:
            body = next(stream).text.strip("\n")
        made.append(body)
        lang = "zh" if re.search(r"[\u4e00-\u9fff]", body[:200]) else "en"
        head, foot = _BOILERPLATE[lang][:3], _BOILERPLATE[lang][3:]
        parts = ([*head] if rng.random() < 0.9 else []) + [body] + (
            [*foot] if rng.random() < 0.8 else [])
        (folder / f"page_{i:04d}.txt").write_text("\n\n".join(parts) + "\n", encoding="utf-8")
    size = sum(p.stat().st_size for p in folder.glob("*.txt"))
    return {"bytes": size, "pages": pages}


def wait_for_low_load(log, limit: float) -> float:
    """Wait (up to `limit` seconds) for the 1-minute load to drop to LOAD_MAX; return it."""
    deadline = time.monotonic() + limit
    load = os.getloadavg()[0]
    while load > LOAD_MAX and time.monotonic() < deadline:
        time.sleep(10)
        load = os.getloadavg()[0]
    if load > LOAD_MAX:
        log(f"    (load still {load:.2f} after waiting {limit:.0f} s; measuring anyway)")
    return load


def run_speed(inputs: dict[str, Path], tools: list[str], runs: int, workdir: Path, log,
              timeout: float, load_wait: float, slow: float) -> dict:
    batch = dedup_has_batch()
    (workdir / "speed").mkdir(parents=True, exist_ok=True)
    results: dict = {name: {} for name in inputs}
    for name, src in inputs.items():
        for tool in tools:
            results[name][tool] = {"runs": []}
        for run in range(runs):  # interleaved, so drift hits every tool alike
            for tool in tools:
                entry = results[name][tool]
                if entry.get("error") or (entry["runs"] and entry["runs"][0]["wall"] > slow):
                    continue  # failed, or too slow to repeat within the time budget
                dst = workdir / "speed" / f"{name}-{tool}"
                shutil.rmtree(dst, ignore_errors=True)
                if dst.suffix == "" and src.is_file():
                    dst = dst.with_suffix(".txt")
                    dst.unlink(missing_ok=True)
                if tool == "dedup":
                    cmd = (dedup_folder_command(src, dst, batch) if src.is_dir()
                           else [dedup_command(), "-q", str(src), "-o", str(dst)])
                else:
                    cmd = peer_command(tool, [{"in": str(src), "out": str(dst)}], workdir)
                load_before = wait_for_low_load(log, load_wait)
                r = timed(cmd, workdir, timeout)
                load_after = os.getloadavg()[0]
                if "error" in r:
                    entry["error"] = r["error"]
                    log(f"  speed {name:<7} {tool:<24} FAILED: {r['error']}")
                    continue
                r["load"] = (load_before, load_after)
                entry["runs"].append(r)
                log(f"  speed {name:<7} {tool:<24} run {run + 1}: {r['wall']:7.2f} s, "
                    f"{(r['rss'] or 0) / MB:7.1f} MB, load {load_before:.2f}->{load_after:.2f}")
        if src.is_dir():
            results[name]["_dedup_mode"] = ("batch: dedup SRC -o OUT" if batch else
                                            "per-page loop: dedup PAGE -o OUT/PAGE, one process "
                                            "per page (batch mode not available)")
    return results


# ---------------------------------------------------------------------------------------------
# The report

def mem_total() -> str:
    try:
        with open("/proc/meminfo", encoding="ascii") as f:
            for line in f:
                if line.startswith("MemTotal:"):
                    return f"{int(line.split()[1]) / (1 << 20):.1f} GiB"
    except OSError:
        pass
    return "unknown"


def machine_lines() -> list[str]:
    return [
        f"- Machine: {cpu_model()}, {os.cpu_count()} cores, {mem_total()} RAM, "
        f"{platform.system()} {platform.release()} {platform.machine()}",
        f"- Python: {platform.python_implementation()} {platform.python_version()} "
        f"(`{Path(sys.executable).relative_to(REPO) if Path(sys.executable).is_relative_to(REPO) else sys.executable}`)",
        "- Packages: " + ", ".join(f"{p} {version(p)}" for p in VERSIONED),
        f"- Date: {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}",
    ]


def quality_table(quality: dict, set_names: list[str]) -> list[str]:
    lines = []
    for set_name in set_names:
        any_tool = next(iter(quality.values()))
        n = sum(1 for r in any_tool["rows"] if r["set"] == set_name)
        removable = summarise([r for r in quality["dedup"]["rows"] if r["set"] == set_name]
                              )["removable"] if "dedup" in quality else 0
        lines += [f"**{set_name}** ({n} texts, {removable} removable copies)", "",
                  "| tool | paragraphs lost | texts losing | copies left | duplicate recall "
                  "| order inversions | note |",
                  "|---|---:|---:|---:|---:|---:|---|"]
        for tool, res in quality.items():
            rows = [r for r in res["rows"] if r["set"] == set_name]
            s = summarise(rows)
            note = PEERS[tool].note if tool in PEERS else "installed `dedup`, default options"
            if s["scored"] < s["cases"]:
                note = f"**failed on {s['cases'] - s['scored']} texts: {res['error']}**; " + note
            if s["scored"] == 0:
                lines.append(f"| {tool} | – | – | – | – | – | {note} |")
                continue
            lines.append(f"| {tool} | {s['lost']} | {s['cases_losing']} | {s['residual']} | "
                         f"{s['recall']:.1%} | {s['inversions']} | {note} |")
        lines.append("")
    return lines


def speed_table(speed: dict, sizes: dict) -> list[str]:
    lines = []
    for name, per_tool in speed.items():
        lines += [f"**{name}**: {sizes[name]}", "",
                  "| tool | MB/s | seconds (median) | runs (s) | peak RSS MB | load (1-min) |",
                  "|---|---:|---:|---|---:|---|"]
        size = sizes[name + "_bytes"]
        for tool, entry in per_tool.items():
            if tool.startswith("_"):
                continue
            runs = entry["runs"]
            if not runs:
                lines.append(f"| {tool} | – | – | – | – | could not run: {entry.get('error')} |")
                continue
            wall = statistics.median(r["wall"] for r in runs)
            rss = max((r["rss"] or 0) for r in runs)
            loads = " ".join(f"{r['load'][0]:.2f}" for r in runs)
            extra = f" (then failed: {entry['error']})" if entry.get("error") else ""
            lines.append(f"| {tool} | {size / MB / wall:.2f} | {wall:.2f} | "
                         + " ".join(f"{r['wall']:.2f}" for r in runs)
                         + f" | {rss / MB:.0f} | {loads}{extra} |")
        if "_dedup_mode" in per_tool:
            lines.append(f"\n`dedup` on the folder: {per_tool['_dedup_mode']}.")
        lines.append("")
    return lines


def verdict(quality: dict | None, speed: dict | None, main_set: str | None) -> list[str]:
    """The issue's bar, checked on the numbers above."""
    out = ["## The bar", ""]
    if quality:
        rows = {t: [r for r in q["rows"]] for t, q in quality.items()}
        ours = summarise(rows["dedup"])
        lossless = {t: summarise(r) for t, r in rows.items()
                    if summarise(r)["scored"] == summarise(r)["cases"] and summarise(r)["lost"] == 0}
        losing = [r["case"] for r in rows["dedup"] if r.get("lost")]
        out.append(f"- Loses no paragraph on any case: **{'yes' if not ours['lost'] else 'NO'}**"
                   + (f" ({ours['lost']} lost, in {', '.join(losing)})" if losing else "")
                   + f" — over all {ours['cases']} labelled texts.")
        best = max(lossless.items(), key=lambda kv: kv[1]["recall"], default=None)
        if "dedup" in lossless:
            better = [t for t, s in lossless.items() if t != "dedup"
                      and s["recall"] > ours["recall"]]
            out.append(f"- Highest duplicate recall among tools that lose nothing: **"
                       f"{'yes' if not better else 'NO'}** (dedup {ours['recall']:.1%}"
                       + (f"; higher: {', '.join(better)}" if better else
                          (f"; next best lossless: {best[0]} {best[1]['recall']:.1%}" if best and
                           best[0] != "dedup" else "")) + ").")
            others = sorted(((t, s["recall"]) for t, s in lossless.items() if t != "dedup"),
                            key=lambda x: -x[1])
            if others:
                out[-1] = out[-1][:-2] + "; other lossless tools: " + ", ".join(
                    f"{t} {r:.1%}" for t, r in others) + ")."
        else:
            out.append("- Highest duplicate recall among tools that lose nothing: **NO** "
                       "(dedup itself loses paragraphs).")
    if speed:
        for name, per_tool in speed.items():
            def med(tool, per_tool=per_tool):
                runs = per_tool.get(tool, {}).get("runs") or []
                return statistics.median(r["wall"] for r in runs) if runs else None
            ours = med("dedup")
            peers = {t: med(t) for t in NEAR_DUP_TOOLS if t in per_tool}
            faster = [f"{t} ({s:.1f} s)" for t, s in peers.items() if s is not None
                      and ours is not None and s < ours]
            ran = [t for t, s in peers.items() if s is not None]
            if ours is None:
                out.append(f"- Faster than every near-duplicate peer on {name}: **dedup did not "
                           f"run**.")
            else:
                out.append(f"- Faster than every near-duplicate peer on {name}: **"
                           f"{'yes' if not faster else 'NO'}** (dedup {ours:.1f} s"
                           + (f"; faster: {', '.join(faster)}" if faster else "")
                           + f"; compared with {', '.join(ran) or 'none'}).")
    return out + [""]


def write_doc(args, quality, set_names, speed, sizes, cmdline: str, clean=None) -> None:
    lines = [
        "# Benchmarks: dedup next to the tools people use today",
        "",
        "<!-- GENERATED by benchmarks/compare.py; do not edit by hand, rerun it. -->",
        "",
        "Every tool works at paragraph level on exactly the same inputs: the text is split into",
        "paragraphs at blank lines, the tool decides which to keep, and the kept paragraphs are",
        "written joined by a blank line. `dedup` is the installed command with its default options",
        "(it also cleans and rejoins hard-wrapped lines; the scorer folds punctuation, width and",
        "spacing, so cleanup neither helps nor hurts it). Peers run at their documented defaults,",
        "plus a CJK-aware setting where their default tokenisation fails on Chinese.",
        "",
        *machine_lines(),
        "",
        "## Reproduce",
        "",
        "```sh",
        "python3 -m venv benchmarks/.venv-peers",
        "benchmarks/.venv-peers/bin/pip install -r benchmarks/requirements.txt -e .",
        cmdline,
        "```",
        "",
    ]
    if quality:
        lines += [
            "## Quality",
            "",
            "Scored with the semantics of `../shared/eval/score.py` (`tests/damage.py`'s `score()`):",
            "*paragraphs lost* = labelled groups kept fewer times than their minimum (must be 0);",
            "*copies left* = copies kept beyond a group's maximum; *duplicate recall* = share of the",
            "removable copies removed; *order inversions* = groups whose first kept copy comes out of",
            "input order. The generated texts are made by `tests/damage.py` (`damage()`, default",
            f"options) from 1–4 articles of `tests/data/articles`, seeds {GEN_SEED0}.."
            f"{GEN_SEED0 + args.seeds - 1} (not the seeds the tests use).",
            "",
            *quality_table(quality, set_names),
        ]
    if clean:
        lines += [
            "## False positives on clean articles",
            "",
            "Edited articles hold no near copies, so a paragraph that a tool removes from one is a",
            "loss unless an identical paragraph was kept (an exact repeat, such as a `Buy Now` line",
            "under each product: removing those is the job). Each article of",
            f"`../shared/corpus/{{{','.join(clean)}}}`"
            + (f" (the first {args.articles} of each, by name)" if args.articles else "")
            + " is one run; a cell is the number of paragraphs",
            "removed that are not exact repeats (folded: NFKC, spacing, case). For `dedup` the",
            "count is `../shared/eval/clean_fp.py`'s: removals as `near`, `contained`,",
            "`truncated` or `block` whose text no kept paragraph holds; its junk lines (code,",
            "share bars, which are not repeats) are counted apart.",
            "",
            *clean_table(clean),
            "",
        ]
    if speed:
        lines += [
            "## Speed and memory",
            "",
            "Each run is one whole process (interpreter start-up and imports included) timed by",
            "`/usr/bin/time`; *peak RSS* is the largest resident set of that process or of any one of",
            "its children (text-dedup forks workers), highest over the runs. MB = 2^20 bytes; MB/s is",
            "input size over the median wall time. Runs alternate between tools; a tool whose first",
            f"run takes more than {args.slow:.0f} s is run once only (`--slow`), so its *runs* column",
            "shows one figure. Before every run the",
            f"script waits for the 1-minute load average to fall to {LOAD_MAX} (up to "
            f"{args.load_wait:.0f} s) and records it: the *load* column lists it per run. The",
            "machine has 2 cores: `dedup` on a stream, trafilatura, datasketch and datatrove (1 task)",
            "use one; `dedup`'s batch mode (default `--jobs`: all cores) and text-dedup (default",
            "`num_proc`: the CPU count) use both.",
            "",
            *speed_table(speed, sizes),
        ]
    lines += verdict(quality, speed, set_names[0] if set_names else None)
    lines += ["## Peers and how each is driven", ""]
    for tool, peer in PEERS.items():
        lines.append(f"- **{tool}**: {peer.how}")
    lines.append("")
    args.doc.write_text("\n".join(lines), encoding="utf-8")


# ---------------------------------------------------------------------------------------------

def main(argv=None) -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("what", choices=("quality", "speed", "clean", "all"))
    ap.add_argument("cases", nargs="?", type=Path, default=DEFAULT_CASES,
                    help="folder of labelled cases NAME.txt + NAME.gold.json "
                         "(default ../shared/eval/dev when present)")
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS,
                    help="folder holding en_bbc/, zh_cctv/ and en_zyte/ (default "
                         "../shared/corpus)")
    ap.add_argument("--articles", type=int, default=None,
                    help="clean: only the first N articles of each corpus (text-dedup and "
                         "datatrove take 1-2 s an article)")
    ap.add_argument("--seeds", type=int, default=40, help="generated labelled texts (default 40)")
    ap.add_argument("--mb", type=float, default=30.0, help="size of the stream (default 30)")
    ap.add_argument("--pages", type=int, default=2000, help="pages in the folder (default 2000)")
    ap.add_argument("--runs", type=int, default=3, help="timed runs per tool (default 3)")
    ap.add_argument("--tools", default=",".join(TOOLS), help="comma-separated subset")
    ap.add_argument("--quick", action="store_true",
                    help="small inputs, one run: --seeds 10 --mb 3 --pages 200 --runs 1")
    ap.add_argument("--timeout", type=float, default=900, help="seconds per timed run")
    ap.add_argument("--load-wait", type=float, default=60,
                    help="seconds to wait for low load before each timed run (default 60)")
    ap.add_argument("--slow", type=float, default=60,
                    help="a tool whose first run takes longer than this many seconds is run "
                         "once only (default 60), to keep `all` within ~20 minutes")
    ap.add_argument("--no-doc", action="store_true", help="do not write docs/BENCHMARKS.md")
    ap.add_argument("--doc", type=Path, default=DOC, help=argparse.SUPPRESS)  # for testing
    ap.add_argument("--keep", type=Path, help="keep inputs and outputs in this folder")
    args = ap.parse_args(argv)
    if args.quick:
        args.seeds, args.mb, args.pages, args.runs = min(args.seeds, 10), 3.0, 200, 1
    tools = [t.strip() for t in args.tools.split(",") if t.strip()]
    unknown = [t for t in tools if t not in TOOLS]
    if unknown:
        ap.error(f"unknown tools {unknown}; known: {', '.join(TOOLS)}")
    shown, skip = [], False  # the command as given, less where to keep files
    for a in (argv if argv is not None else sys.argv[1:]):
        if skip or a == "--keep" or a.startswith("--keep="):
            skip = a == "--keep"
            continue
        shown.append(shlex.quote(a))
    cmdline = "benchmarks/.venv-peers/bin/python benchmarks/compare.py " + " ".join(shown)

    def log(msg):
        print(msg, file=sys.stderr, flush=True)

    workdir = args.keep or Path(tempfile.mkdtemp(prefix="dedup-compare-"))
    workdir.mkdir(parents=True, exist_ok=True)
    quality = speed = clean = None
    set_names: list[str] = []
    sizes: dict = {}
    try:
        log("\n".join(machine_lines()))
        if args.what in ("quality", "all"):
            cases = collect_cases(args.cases, args.seeds, workdir)
            set_names = list(dict.fromkeys(c["set"] for c in cases))
            log(f"quality: {len(cases)} labelled texts ({', '.join(set_names)})")
            quality = run_quality(cases, tools, workdir, log)
            (workdir / "quality.json").write_text(json.dumps(quality, ensure_ascii=False))
        if args.what in ("speed", "all"):
            stream, folder = workdir / "stream.txt", workdir / "pages"
            s = make_stream(stream, args.mb, 0)
            shutil.rmtree(folder, ignore_errors=True)
            f = make_folder(folder, args.pages, 0)
            sizes = {"stream": f"{s['bytes'] / MB:.1f} MB, {s['texts']:,} damaged texts from "
                               "`tests/damage.py`'s `generate_stream` (seed 0, bench_pipe.py's "
                               "damage), processed as one text",
                     "stream_bytes": s["bytes"],
                     "folder": f"{f['pages']:,} pages, {f['bytes'] / MB:.1f} MB (one article "
                               "each, damaged as the stream; site header/footer on most pages; "
                               "every 50th page re-scrapes an earlier one); peers process all "
                               "pages as one corpus, so cross-page repeats count",
                     "folder_bytes": f["bytes"]}
            log(f"speed: stream {s['bytes'] / MB:.1f} MB, folder {f['pages']} pages "
                f"{f['bytes'] / MB:.1f} MB, {args.runs} run(s) per tool")
            speed = run_speed({"stream": stream, "folder": folder}, tools, args.runs, workdir,
                              log, args.timeout, args.load_wait, args.slow)
            (workdir / "speed.json").write_text(json.dumps(speed))
        if args.what in ("clean", "all"):
            log(f"clean: {', '.join(CLEAN_CORPORA)} of {args.corpus}, one article per run")
            clean = run_clean(args.corpus, tools, workdir, log, args.articles)
            (workdir / "clean.json").write_text(json.dumps(clean, ensure_ascii=False))
        if not args.no_doc:
            write_doc(args, quality, set_names, speed, sizes, cmdline, clean)
            log(f"wrote {args.doc}")
        else:
            print("\n".join(quality_table(quality, set_names) if quality else []))
            print("\n".join(speed_table(speed, sizes) if speed else []))
            print("\n".join(clean_table(clean) if clean else []))
            if quality or speed:
                print("\n".join(verdict(quality, speed, None)))
    finally:
        if not args.keep:
            shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    if len(sys.argv) == 3 and sys.argv[1] == "--child":
        child(sys.argv[2])
    else:
        main()
