#!/usr/bin/env python3
"""Start-up, memory and per-echo cost of ping, beside a reference iputils ping.

    bench/bench.py [--smoke] [--dgram] [--ref PATH] [--pairs PATH] PING

Every figure is measured on the loopback (127.0.0.1) and needs root: -i 0
and -f are root's.  Wall times come from paired, alternating runs
(hyperfine when installed, else a timer here) and are compared only as
ratios of medians; instructions from callgrind, system calls from strace,
peak RSS from GNU time.  A figure whose tool is missing says so.

--pairs names bench/pairs (built with the tree): start-up is then also
measured in 1,500 alternating pairs, one spawn and one wait a run, which
this busy machine's noise moves far less than hyperfine's batches.

Everything runs in a private network namespace, so that the raw socket
hears no other ICMP of the host.  There nftables drops every hundredth echo
request to 127.0.0.2 (1 % loss, the same requests in every run), for the
flood-with-loss figure: a flood must keep its rate through a lost reply
(issue 20).  --dgram opens that namespace's
ping_group_range to every group, so both programs use the datagram socket
(no checksums computed in user space) instead of the raw one.

--smoke measures our binary alone with small counts and checks that every
figure could be taken; it never judges a time.  Exit status: 0, 1 when a
tool that is installed failed, 77 when not root.
"""
import argparse
import json
import os
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time

DST = "127.0.0.1"
LOSSY = "127.0.0.2"     # 1 % of the echo requests to it dropped (LOSS_RULES)
LOSS_RULES = f"""table ip bench_loss {{
	chain output {{
		type filter hook output priority 0; policy accept;
		ip daddr {LOSSY} icmp type echo-request numgen inc mod 100 0 drop
	}}
}}
"""


class Failed(Exception):
    """A measuring tool that is installed did not give its figure."""


def into_netns(dgram):
    """
    Runs this script again in a private network namespace: a raw socket there
    hears no other ICMP of the host.  With dgram its ping_group_range admits
    every group; otherwise it stays closed (a new namespace's default), so
    root gets the raw socket.
    """
    setup = 'ip link set lo up && '
    if dgram:
        setup += 'sysctl -qw net.ipv4.ping_group_range="0 2147483647" && '
    setup += 'exec "$@"'
    env = dict(os.environ, BENCH_IN_NETNS="1")
    os.execvpe("unshare", ["unshare", "-n", "sh", "-c", setup, "sh",
                           sys.executable] + sys.argv, env)


def run(cmd, **kw):
    """cmd's completed process; Failed when it could not be run."""
    try:
        return subprocess.run(cmd, check=False, **kw)
    except OSError as e:
        raise Failed(f"{cmd[0]}: {e}") from e


def lossy_setup():
    """The 1 % loss to LOSSY; Failed when nft is installed but refuses it."""
    p = run(["nft", "-f", "-"], input=LOSS_RULES, text=True,
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if p.returncode != 0:
        raise Failed("nft: " + p.stderr.strip()[-200:])


def wall_hyperfine(cmds, rounds, runs, pipe):
    """Medians (s) of alternating hyperfine batches, the order reversed each round."""
    times = {c: [] for c in cmds}
    for r in range(rounds):
        order = cmds if r % 2 == 0 else cmds[::-1]
        with tempfile.NamedTemporaryFile(suffix=".json") as out:
            args = ["hyperfine", "-N", "--warmup", "2", "--runs", str(runs),
                    "--export-json", out.name]
            if pipe:
                args += ["--output", "pipe"]
            p = run(args + order, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
            if p.returncode != 0:
                raise Failed("hyperfine: " + p.stderr.strip()[-200:])
            for res in json.load(open(out.name))["results"]:
                times[res["command"]].extend(res["times"])
    return {c: statistics.median(t) for c, t in times.items()}


def wall_timer(cmds, rounds, runs, pipe):
    """The same without hyperfine: one run of each command in turn."""
    times = {c: [] for c in cmds}
    out = subprocess.PIPE if pipe else subprocess.DEVNULL
    for r in range(rounds * runs):
        for c in (cmds if r % 2 == 0 else cmds[::-1]):
            t0 = time.perf_counter()
            run(c.split(), stdout=out, stderr=subprocess.DEVNULL)
            times[c].append(time.perf_counter() - t0)
    return {c: statistics.median(t) for c, t in times.items()}


def wall(cmds, rounds, runs, pipe=False):
    """Median wall time of each command line, from alternating runs."""
    if shutil.which("hyperfine"):
        return wall_hyperfine(cmds, rounds, runs, pipe)
    return wall_timer(cmds, rounds, runs, pipe)


def instructions(binary, args):
    """User-space instructions of one run, from callgrind."""
    p = run(["valgrind", "--tool=callgrind", "--callgrind-out-file=/dev/null",
                   binary] + args + [DST],
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    m = re.search(r"Collected : (\d+)", p.stderr)
    if p.returncode != 0 or not m:
        raise Failed("callgrind: " + p.stderr.strip()[-200:])
    return int(m.group(1))


def per_echo(binary, args, n):
    """Instructions per echo: the difference of a 2n and an n echo run, over n."""
    a = instructions(binary, args + ["-i", "0", "-c", str(n)])
    b = instructions(binary, args + ["-i", "0", "-c", str(2 * n)])
    return (b - a) / n


def syscalls(binary):
    """System calls of `ping -c 1`, as strace -c -f counts them."""
    with tempfile.NamedTemporaryFile(mode="r", suffix=".strace") as out:
        p = run(["strace", "-f", "-c", "-o", out.name, binary, "-c", "1", DST],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        m = re.search(r"^\S+\s+\S+\s+\S+\s+(\d+)\s+(?:\d+\s+)?total$", out.read(), re.M)
    if p.returncode != 0 or not m:
        raise Failed("strace: " + p.stderr.strip()[-200:])
    return int(m.group(1))


def peak_rss_kb(binary, count, runs):
    """Median peak RSS (KiB) of `ping -q -i 0 -c count`, from GNU time."""
    got = []
    for _ in range(runs):
        p = run(["/usr/bin/time", "-f", "%M", binary, "-q", "-i", "0", "-c", str(count), DST],
                stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        last = p.stderr.strip().splitlines()[-1:] or [""]
        if p.returncode != 0 or not last[0].isdigit():
            raise Failed("time: " + p.stderr.strip()[-200:])
        got.append(int(last[0]))
    return statistics.median(got)


def rtt_avg_us(binary, count):
    """The avg of `ping -q -i 0 -c count`'s rtt line, in microseconds."""
    p = run([binary, "-q", "-i", "0", "-c", str(count), DST],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    m = re.search(r"= [\d.]+/([\d.]+)/", p.stdout)
    if p.returncode != 0 or not m:
        raise Failed(f"{binary}: no rtt line: {p.stderr.strip()[-200:]}")
    return float(m.group(1)) * 1000


class Sizes:
    """Counts and repetitions: the real ones, or small ones that only show the tools work."""

    def __init__(self, smoke):
        self.rounds, self.runs = (1, 3) if smoke else (10, 30)
        self.pairs = 5 if smoke else 1500
        self.flood_rounds, self.flood_runs = (1, 1) if smoke else (4, 3)
        self.echo = 20 if smoke else 1000
        self.flood = 2000 if smoke else 100000
        # With loss: small enough that a flood slowed to one request per
        # 10 ms after a loss (the fault of issue 20) still ends in seconds.
        self.flood_loss = 300 if smoke else 2000
        self.rtt = 100 if smoke else 10000
        self.rtt_runs = 1 if smoke else 7
        self.rss = 200 if smoke else 1000
        self.rss_runs = 1 if smoke else 9


def start_pairs(pairs, bins, n):
    """Start-up medians (s) of each binary from alternating pairs (bench/pairs)."""
    a, b = bins[0], bins[-1]
    p = run([pairs, str(n), a, "-c", "1", DST, "--", b, "-c", "1", DST],
            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    m = re.fullmatch(r"a_us=([0-9.]+) b_us=([0-9.]+) ratio=([0-9.]+)\s*", p.stdout)
    if p.returncode != 0 or not m:
        raise Failed("pairs: " + (p.stderr.strip() or p.stdout.strip())[-200:])
    return {a: float(m.group(1)) / 1e6, b: float(m.group(2)) / 1e6}


def walls(bins, sz, pairs=None):
    """The wall-time figures: start-up, and flood with marks (to a pipe) and without."""
    start = wall([f"{b} -c 1 {DST}" for b in bins], sz.rounds, sz.runs)
    paired = start_pairs(pairs, bins, sz.pairs) if pairs else None
    flood = wall([f"{b} -f{q} -c {sz.flood} {DST}" for b in bins for q in ("", " -q")],
                 sz.flood_rounds, sz.flood_runs, pipe=True)
    loss = None
    if shutil.which("nft"):
        lossy_setup()
        loss = wall([f"{b} -f -q -c {sz.flood_loss} {LOSSY}" for b in bins],
                    sz.flood_rounds, sz.flood_runs, pipe=True)
    out = {}
    for b in bins:
        name = f"flood `-f -q -c {sz.flood_loss}`, 1 % of requests dropped, wall (ms)"
        out[b] = {
            "start-up wall, `-c 1` (ms)": start[f"{b} -c 1 {DST}"] * 1e3,
            f"start-up wall, `-c 1`, {sz.pairs:,} alternating pairs (ms)":
                paired[b] * 1e3 if paired else "n/a (no --pairs)",
            "`-f` with marks / `-f -q`, wall": flood[f"{b} -f -c {sz.flood} {DST}"] /
            flood[f"{b} -f -q -c {sz.flood} {DST}"],
            f"flood `-f -q -c {sz.flood}`, wall (ms)": flood[f"{b} -f -q -c {sz.flood} {DST}"] * 1e3,
            name: loss[f"{b} -f -q -c {sz.flood_loss} {LOSSY}"] * 1e3 if loss else "n/a (nft not installed)",
        }
    return out


def figure(table, b, name, tool, fn, *args):
    """table[b][name] = fn(*args), or why not: the tool is missing."""
    if tool and not shutil.which(tool):
        table[b][name] = f"n/a ({tool} not installed)"
        return
    table[b][name] = fn(*args)


def measure(bins, sz, pairs=None):
    """Every figure of every binary: {binary: {figure: value}}."""
    table = {b: {} for b in bins}
    w = walls(bins, sz, pairs)
    for b in bins:
        table[b].update(w[b])
        figure(table, b, "fixed instructions, `-c 1`", "valgrind", instructions, b, ["-c", "1"])
        figure(table, b, f"peak RSS, `-q -i 0 -c {sz.rss}` (KiB)", "/usr/bin/time",
               peak_rss_kb, b, sz.rss, sz.rss_runs)
        figure(table, b, "system calls, `-c 1`", "strace", syscalls, b)
        figure(table, b, "instructions per echo, printed line", "valgrind", per_echo, b, [], sz.echo)
        figure(table, b, "instructions per echo, `-q`", "valgrind", per_echo, b, ["-q"], sz.echo)
    rtt = {b: [] for b in bins}
    for r in range(sz.rtt_runs):
        for b in (bins if r % 2 == 0 else bins[::-1]):
            rtt[b].append(rtt_avg_us(b, sz.rtt))
    for b in bins:
        table[b][f"RTT avg, `-q -i 0 -c {sz.rtt}`, median of {sz.rtt_runs} (us)"] = \
            statistics.median(rtt[b])
    return table


def show(table, bins):
    """A Markdown table: each figure for each binary, and our ratio to the reference."""
    head = ["figure", "pingsock"] + (["iputils", "ratio"] if len(bins) > 1 else [])
    print("| " + " | ".join(head) + " |")
    print("|" + "---|" * len(head))
    for name, ours in table[bins[0]].items():
        cells = [name, fmt(ours)]
        if len(bins) > 1:
            ref = table[bins[1]][name]
            ratio = ours / ref if isinstance(ours, float | int) and isinstance(ref, float | int) and ref else None
            cells += [fmt(ref), f"{ratio:.2f}x" if ratio is not None else "-"]
        print("| " + " | ".join(cells) + " |")


def fmt(v):
    """A figure as the table shows it."""
    if isinstance(v, float):
        return f"{v:,.2f}" if v < 100 else f"{v:,.0f}"
    if isinstance(v, int):
        return f"{v:,}"
    return str(v)


def main():
    """Parses the arguments, measures, prints; see the module's text."""
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("ping", help="our ping binary")
    ap.add_argument("--ref", help="a reference iputils ping (default: tests/integration/iputils-ref.sh)")
    ap.add_argument("--smoke", action="store_true", help="small counts, our binary only, no judging")
    ap.add_argument("--dgram", action="store_true", help="datagram sockets, in a private namespace")
    ap.add_argument("--pairs", help="bench/pairs, for start-up in alternating pairs")
    a = ap.parse_args()
    if os.geteuid() != 0:
        print("bench: needs root (-i 0 and -f are root's)", file=sys.stderr)
        return 77
    if not os.environ.get("BENCH_IN_NETNS"):
        into_netns(a.dgram)
    bins = [os.path.abspath(a.ping)]
    ref = a.ref if a.ref is not None else find_ref(a.ping)
    if ref and not a.smoke:
        bins.append(ref)
    try:
        table = measure(bins, Sizes(a.smoke), os.path.abspath(a.pairs) if a.pairs else None)
    except Failed as e:
        print(f"bench: {e}", file=sys.stderr)
        return 1
    print(f"socket: {'datagram' if a.dgram else 'raw'}, in a private network namespace")
    show(table, bins)
    return 0


def find_ref(ping):
    """The reference iputils ping of the integration suite (downloaded there, never installed)."""
    script = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "tests",
                          "integration", "iputils-ref.sh")
    env = dict(os.environ, PING=os.path.abspath(ping))
    p = run(["bash", script], stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env)
    return p.stdout.strip() or None


if __name__ == "__main__":
    sys.exit(main())
