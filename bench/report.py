"""The benchmark's outputs: a Markdown report and an SVG chart written by hand (no plot library)."""
import html
import statistics

import os

TARGETS = {"cold_ms": 2500, "warm_ms": 400, "floor_ratio": 3.0, "build_s": 60, "query_ms": 50}
# Issue 15, mobile profile, medians.
FEEL_TARGETS = {"first_screen_ms": {"cold": 900, "warm": 400, "offline": 400},
                "ready_ms": {"warm": 900, "offline": 900},
                "click_ms": {"cold": 100, "warm": 100, "offline": 100},
                "longest_task_ms": {"cold": 50, "warm": 50, "offline": 50}}
MODES = ("cold", "warm", "offline")
COLOURS = {"cold": "#3f51b5", "warm": "#26a69a", "offline": "#8d6e63"}
FEEL_PAGES = ("helper", "quiz", "audit")


def median(values):
    return statistics.median(values) if values else None


def median_of(runs, field):
    """Median of one field over a list of page loads."""
    return median([run[field] for run in runs])


def percentile(values, share):
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] if ordered else None


def ms(value):
    return "—" if value is None else f"{value:.0f}"


def kb(value):
    return "—" if value is None else f"{value / 1024:.0f}"


def verdict(ok):
    return "✅" if ok else "❌"


def table(headings, rows):
    """A Markdown table; a heading ending in ':' is a right-aligned (number) column."""
    head = "| " + " | ".join(h.rstrip(":") for h in headings) + " |"
    rule = "|" + "|".join("---:" if h.endswith(":") else "---" for h in headings) + "|"
    return "\n".join([head, rule] + ["| " + " | ".join(str(cell) for cell in row) + " |" for row in rows])


def machine_note(loads, plan):
    """The load average at the start and the end of the run: a busy machine slows every
    figure, so a report says how busy it was."""
    (start, end) = loads
    return (f"Load average (1, 5, 15 min) at the start: {start[0]:.1f}, {start[1]:.1f}, "
            f"{start[2]:.1f}; at the end: {end[0]:.1f}, {end[1]:.1f}, {end[2]:.1f}; "
            f"{os.cpu_count()} CPUs. Runs: {plan['runs']} interleaved per figure; profiles: "
            f"{', '.join(plan['profiles'])}.")


def _feel_cell(runs, field, mode, profile):
    value = median([r[field] for r in runs if r.get(field) is not None])
    target = FEEL_TARGETS.get(field, {}).get(mode) if profile == "mobile" else None
    if value is None:
        return "—"
    shown = ms(value) if field != "longest_task_ms" or value else "< 50"
    return shown if target is None else f"{shown} {verdict(value <= target)}"


def feel_table(timings, profile, runs):
    """Per app page and mode: first screen painted, interpreter, ready, click, longest task."""
    rows = []
    for page in [name for page in FEEL_PAGES for name in (page + " (before)", page)]:
        for mode in MODES:
            loads = timings.get((page, profile, mode), [])
            if not loads:
                continue
            rows.append((page, mode, *[_feel_cell(loads, field, mode, profile) for field in
                         ("fcp_ms", "first_screen_ms", "interpreter_ms", "ready_ms",
                          "longest_task_ms", "click_ms")]))
    return table(("page", "mode", "first paint:", "first screen painted, clickable:",
                  "interpreter started:", "app ready:", "longest task while loading:",
                  "click → answer painted:"), rows) + (
        f"\n\nMedians of {runs} interleaved runs, ms from navigation start (the click: from "
        "the click's own timestamp to the painted answer, taken a second after ready). Longest "
        "task: from first paint to a second after ready (\"< 50\": no task over 50 ms). "
        "Targets (mobile): first screen ≤ 400 warm and offline, ≤ 900 cold; ready ≤ 900 warm "
        "and offline; click ≤ 100; longest task ≤ 50.")


def ready_table(timings, runs, profiles):
    """The shared helper link and the quiz beside their floor, per profile."""
    pairs = [(app, its_floor) for app, its_floor in (("helper-link", "helper-floor"),
                                                     ("quiz", "quiz-floor"))]
    pairs = [(name, its_floor) for app, its_floor in pairs for name in (app + " (before)", app)
             if (name, profiles[0], "cold") in timings]
    rows = [ready_row(timings, app, its_floor, profile) for app, its_floor in pairs
            for profile in profiles]
    return table(("page", "profile", "cold:", "warm:", "floor cold:", "floor warm:",
                  "cold ÷ floor:", "bytes until ready, cold (KB):", "requests cold:", "targets"), rows) + (
        f"\n\nMedians of {runs} interleaved runs, in ms from navigation start to the app's "
        "ready signal (helper-link: a shared link to an answer, shown once Python has run). "
        "Floor: the same page with its Python replaced by plain JS giving the same answer "
        "(bench/floor.py). Targets (mobile): cold ≤ 2500 ms, warm ≤ 400 ms, cold ≤ 3× floor.")


def ready_row(timings, app, its_floor, profile):
    got = {mode: median_of(timings.get((app, profile, mode), []), "ready_ms") for mode in ("cold", "warm")}
    floor = {mode: median_of(timings.get((its_floor, profile, mode), []), "ready_ms")
             for mode in ("cold", "warm")}
    cold_runs = timings.get((app, profile, "cold"), [])
    ratio = got["cold"] / floor["cold"] if got["cold"] and floor["cold"] else None
    checks = ""
    if profile == "mobile" and ratio is not None:
        checks = " ".join([f"cold {verdict(got['cold'] <= TARGETS['cold_ms'])}",
                           f"warm {verdict(got['warm'] <= TARGETS['warm_ms'])}",
                           f"÷floor {verdict(ratio <= TARGETS['floor_ratio'])}"])
    return (app, profile, ms(got["cold"]), ms(got["warm"]), ms(floor["cold"]),
            ms(floor["warm"]), "—" if ratio is None else f"{ratio:.1f}×",
            kb(median_of(cold_runs, "bytes")), median_of(cold_runs, "requests") or "—", checks)


def phases_table(timings):
    """Where a mobile load's time goes, for the apps (medians, ms from navigation start)."""
    rows = []
    for app in FEEL_PAGES:
        for mode in MODES:
            runs = timings.get((app, "mobile", mode), [])
            if not runs:
                continue
            phase = lambda name: median([r["phases"][name] for r in runs if name in r["phases"]])
            rows.append((app, mode, ms(phase("html_theme_ms")), ms(phase("interpreter_ms")),
                         ms(median_of(runs, "ready_ms")), kb(median_of(runs, "bytes"))))
    return table(("page", "mode", "HTML parsed (DOMContentLoaded):",
                  "interpreter started:", "app ready:", "bytes until ready (KB):"), rows)


def scale_table(by_orders):
    """by_orders[(orders, app, profile)] -> cold loads: the app pages must not grow."""
    rows = [(app, profile, orders, ms(median_of(runs, "ready_ms")), kb(median_of(runs, "bytes")),
             median_of(runs, "requests"))
            for (orders, app, profile), runs in sorted(by_orders.items(),
                                                       key=lambda item: (item[0][1], item[0][2], item[0][0]))]
    return table(("page", "profile", "orders:", "ready cold (ms):", "bytes until ready (KB):",
                  "requests:"), rows)


def build_table(builds):
    rows = [(count, f"{build['seconds']:.1f}", build["files"], kb(build["offline_bytes"]),
             f"≤ 60 s {verdict(build['seconds'] <= TARGETS['build_s'])}")
            for count, build in sorted(builds.items())]
    return table(("orders:", "build (s):", "site files:", "offline copy, gzip (KB):", "target"), rows)


def search_table(searches):
    rows = []
    for (orders, profile), found in sorted(searches.items()):
        times = found["query_ms"]
        rows.append((orders, profile, ms(found["ready_ms"]), ms(median(times)),
                     ms(percentile(times, 0.9)), ms(max(times)),
                     f"≤ 50 ms {verdict(median(times) <= TARGETS['query_ms'])}"))
    return table(("orders:", "profile", "index ready (ms):", "query median (ms):",
                  "query p90 (ms):", "query max (ms):", "target"), rows)


def pagefind_table(pagefinds):
    """Pagefind's query time, the first time each word is asked for and again."""
    if not pagefinds:
        return "Not measured: the pinned Pagefind binary (npm `pagefind`) is not installed."
    rows = []
    for (orders, profile), found in sorted(pagefinds.items()):
        for name, times in (("first time (index and excerpts fetched)", found["first"]),
                            ("again (in memory)", found["again"])):
            rows.append((orders, profile, name, ms(median(times)), ms(percentile(times, 0.9)),
                         f"≤ 50 ms {verdict(median(times) <= TARGETS['query_ms'])}"))
    return table(("orders:", "profile", "query", "median (ms):", "p90 (ms):", "target"), rows) + (
        "\n\nThe same queries through Pagefind's own API on the same site (its index built by "
        "the pinned binary into the bench's copy): results and the data of the first five "
        "pages, not drawn. Material's search (above) answers from an index already in memory; "
        "Pagefind fetches each word's index chunk and each result's excerpt on demand.")


def markdown(sections):
    """sections: [(title, body)] -> the whole report."""
    parts = ["# Policy Desk benchmark\n"]
    for title, body in sections:
        parts.append(f"## {title}\n\n{body}\n")
    return "\n".join(parts)


# --- the chart: grouped bars of the median ready times, one panel per profile ---

WIDTH, PANEL_HEIGHT, LEFT, TOP, BAR, GAP = 1000, 230, 60, 64, 22, 26
HEADROOM = 1.12   # space above the tallest bar for its label


def chart_svg(timings, profiles):
    pages = ("helper", "helper-link", "helper-floor", "quiz", "quiz-floor", "audit")
    panels = [panel_svg(timings, profile, pages, index) for index, profile in enumerate(profiles)]
    height = TOP + len(profiles) * (PANEL_HEIGHT + 50)
    legend = "".join(f'<rect x="{LEFT + 110 * i}" y="10" width="12" height="12" fill="{COLOURS[m]}"/>'
                     f'<text x="{LEFT + 110 * i + 18}" y="21">{m}</text>' for i, m in enumerate(MODES))
    return (f'<svg xmlns="http://www.w3.org/2000/svg" width="{WIDTH}" height="{height}" '
            f'font-family="sans-serif" font-size="12"><rect width="100%" height="100%" fill="#fff"/>'
            f'{legend}{"".join(panels)}</svg>\n')


def panel_svg(timings, profile, pages, index):
    top = TOP + index * (PANEL_HEIGHT + 50)
    values = {(page, mode): median_of(timings.get((page, profile, mode), []), "ready_ms")
              for page in pages for mode in MODES}
    scale_max = HEADROOM * max([v for v in values.values() if v] + [TARGETS["cold_ms"] if profile == "mobile" else 0, 1])
    y_of = lambda value: top + PANEL_HEIGHT - value / scale_max * PANEL_HEIGHT
    parts = [f'<text x="{LEFT}" y="{top - 12}" font-weight="bold">Ready time, {profile} '
             f'(median ms)</text>',
             f'<line x1="{LEFT}" y1="{top + PANEL_HEIGHT}" x2="{WIDTH - 10}" '
             f'y2="{top + PANEL_HEIGHT}" stroke="#333"/>']
    if profile == "mobile":
        parts += [target_line(y_of(TARGETS["cold_ms"]), "2.5 s cold target"),
                  target_line(y_of(TARGETS["warm_ms"]), "0.4 s warm target")]
    for slot, page in enumerate(pages):
        x = LEFT + 20 + slot * (3 * BAR + GAP + 60)
        parts.append(f'<text x="{x}" y="{top + PANEL_HEIGHT + 16}">{html.escape(page)}</text>')
        for offset, mode in enumerate(MODES):
            value = values[(page, mode)]
            if value:
                parts.append(bar_svg(x + offset * BAR, y_of(value), top + PANEL_HEIGHT, mode, value))
    return "".join(parts)


def bar_svg(x, y, base, mode, value):
    return (f'<rect x="{x:.0f}" y="{y:.0f}" width="{BAR - 2}" height="{base - y:.0f}" '
            f'fill="{COLOURS[mode]}"/><text x="{x:.0f}" y="{y - 3:.0f}" font-size="9">{value:.0f}</text>')


def target_line(y, label):
    return (f'<line x1="{LEFT}" y1="{y:.0f}" x2="{WIDTH - 10}" y2="{y:.0f}" stroke="#c62828" '
            f'stroke-dasharray="4 3"/><text x="{WIDTH - 130}" y="{y - 3:.0f}" fill="#c62828">{label}</text>')
