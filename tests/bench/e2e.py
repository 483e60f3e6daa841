#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0-or-later
"""End-to-end figures: amisim floods amitui over loopback.

    tests/bench/e2e.py dump     [--rates 100000,200000,...] [--seconds 30]
    tests/bench/e2e.py console  [--rates ...] [--seconds 30]
    tests/bench/e2e.py latency  [--rate 50000] [--trials 100]
    tests/bench/e2e.py memory   [--rate 100000] [--seconds 30] [--scrollback 64]
    tests/bench/e2e.py all      (the four, as the README reports them)

amisim runs with --control on a free loopback port, pinned to CPU 1; amitui is
pinned to CPU 0 (one core, as the targets say). A separate admin connection with
Events: off starts the flood (SimFlood Rate/Seconds) and reads SimStats every
second. amitui logs in as admin (read=all), so it receives every flood event
(VarSet, 400 bytes, Privilege dialplan,all).

"Sustained" (did not fall behind), for a run of RATE events/s during SECONDS:
  - amisim generated at least 99% of RATE x SECONDS (the generator kept up);
  - SlowReadersCut == 0: amisim never cut amitui, neither for its write timeout
    (100 ms without progress, Asterisk's writetimeout) nor for the queue bound;
  - EventsDropped == 0;
  - amisim's queue stayed bounded: QueueDepth (events generated and not yet
    taken by every session) never above RATE/2, i.e. half a second of traffic,
    and back to 0 within 2 s of the flood's end (amitui had read everything);
  - amitui was still running at the end.
The highest sustained RATE of a rising series is reported (the series stops at
the first failure).

Keystroke to screen: the console in tmux (200x50) on the Events view, a flood
of RATE events/s running; each trial sends "2" (Calls) or "1" (Events) through
a tmux control-mode client and polls capture-pane through the same client until
the view's column header shows; the time from sending the key to seeing the
change, median and 95th percentile over the trials.

Memory: the console in tmux under a flood far larger than its scrollback; its
resident memory (VmRSS) sampled every second may grow, from the logged-in
console's, by at most the scrollback budget plus 8 MiB (the budget covers the
raw bytes and the index; the interned names, the call table and the view's
index are outside it).

Needs python3, tmux, taskset. Build first (meson compile -C build); --build DIR
picks the build directory holding amitui and amisim (default: ./build).
"""
import argparse
import os
import random
import re
import select
import socket
import statistics
import subprocess
import sys
import tempfile
import time

SECRET = "adminpw"  # amisim's built-in demo account admin (read=all write=all)


def log(*a):
    print(*a, flush=True)


# ---- amisim and its control connection ----

class Sim:
    """amisim --control on a free port, pinned to one CPU."""

    def __init__(self, build, cpu):
        cmd = ["taskset", "-c", str(cpu), os.path.join(build, "amisim"), "--control",
               "-p", "0", "--bind", "127.0.0.1"]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL,
                                     text=True)
        line = self.proc.stdout.readline()
        m = re.search(r"listening on 127\.0\.0\.1:(\d+)", line)
        if not m:
            raise SystemExit("amisim did not start: %r" % line)
        self.port = int(m.group(1))

    def stop(self):
        self.proc.terminate()
        self.proc.wait(5)


class Ctl:
    """An admin session with Events: off that asks SimFlood and SimStats."""

    def __init__(self, port):
        self.sock = socket.create_connection(("127.0.0.1", port))
        self.f = self.sock.makefile("rb")
        self.f.readline()  # banner
        self.n = 0
        r = self.action("Login", Username="admin", Secret=SECRET, Events="off")
        if r.get("Response") != "Success":
            raise SystemExit("control login failed: %r" % r)

    def _msg(self):
        d = {}
        while True:
            line = self.f.readline().decode("utf-8", "replace")
            if line == "":
                raise SystemExit("amisim closed the control connection")
            if line in ("\r\n", "\n"):
                if d:
                    return d
                continue
            k, _, v = line.rstrip("\r\n").partition(": ")
            d.setdefault(k, v)

    def action(self, name, **hdrs):
        self.n += 1
        aid = "e2e-%d" % self.n
        req = "Action: %s\r\nActionID: %s\r\n" % (name, aid)
        req += "".join("%s: %s\r\n" % kv for kv in hdrs.items()) + "\r\n"
        self.sock.sendall(req.encode())
        while True:
            m = self._msg()
            if m.get("ActionID") == aid:
                return m

    def stats(self):
        m = self.action("SimStats")
        return {k: int(m.get(k, "0")) for k in
                ("Sessions", "QueueDepth", "EventsDropped", "SlowReadersCut",
                 "FloodGenerated", "BytesWritten")}


# ---- the process under test ----

def proc_cpu_s(pid):
    """user+system CPU seconds of a process (/proc/PID/stat)."""
    with open("/proc/%d/stat" % pid) as f:
        fields = f.read().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")


def proc_rss_kb(pid):
    with open("/proc/%d/status" % pid) as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return 0


def alive(pid):
    try:
        with open("/proc/%d/stat" % pid) as f:
            return f.read().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


class Dump:
    """amitui --dump --json > /dev/null, pinned to one CPU."""

    def __init__(self, build, port, cpu):
        env = dict(os.environ, AMITUI_SECRET=SECRET)
        cmd = ["taskset", "-c", str(cpu), os.path.join(build, "amitui"), "--dump", "--json",
               "-H", "127.0.0.1", "-P", str(port), "-u", "admin"]
        self.proc = subprocess.Popen(cmd, stdout=subprocess.DEVNULL, env=env)
        self.pid = self.proc.pid

    def stop(self):
        self.proc.terminate()
        try:
            self.proc.wait(5)
        except subprocess.TimeoutExpired:
            self.proc.kill()


class Console:
    """The console in a private tmux server, pinned to one CPU; a control-mode client."""

    def __init__(self, build, port, cpu, cols=200, rows=50, scrollback=None):
        self.sock = "amitui-e2e-%d" % os.getpid()
        self.dir = tempfile.mkdtemp(prefix="amitui-e2e-")
        pidfile = os.path.join(self.dir, "pid")
        conf = os.path.join(self.dir, "amitui")
        os.makedirs(conf)
        with open(os.path.join(conf, "amitui.conf"), "w") as f:
            f.write("[general]\n")
            if scrollback:
                f.write("scrollback = %d\n" % scrollback)
        # sh records its pid, then execs down to amitui: the pid stays amitui's
        inner = ("echo $$ > %s; exec env AMITUI_SECRET=%s XDG_CONFIG_HOME=%s "
                 "XDG_STATE_HOME=%s taskset -c %d %s -H 127.0.0.1 -P %d -u admin" %
                 (pidfile, SECRET, self.dir, self.dir, cpu, os.path.join(build, "amitui"),
                  port))
        subprocess.check_call(["tmux", "-L", self.sock, "-f", "/dev/null", "new-session",
                               "-d", "-s", "e2e", "-x", str(cols), "-y", str(rows),
                               "-e", "TERM=xterm-256color", "-e", "LANG=C.UTF-8",
                               "sh", "-c", inner])
        for _ in range(100):
            if os.path.exists(pidfile) and open(pidfile).read().strip():
                break
            time.sleep(0.05)
        self.pid = int(open(pidfile).read())
        self.ctl = subprocess.Popen(["tmux", "-L", self.sock, "-C", "attach", "-t", "e2e"],
                                    stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True,
                                    bufsize=1)
        self.cmd("refresh-client -f no-output")

    def cmd(self, line):
        """One tmux command through the control client; its output lines."""
        self.ctl.stdin.write(line + "\n")
        self.ctl.stdin.flush()
        out, inside = [], False
        while True:
            l = self.ctl.stdout.readline()
            if l == "":
                raise SystemExit("tmux control client ended")
            l = l.rstrip("\n")
            if l.startswith("%begin"):
                inside, out = True, []
            elif l.startswith("%end") or l.startswith("%error"):
                if inside:
                    return out
            elif inside:
                out.append(l)

    def screen(self):
        return self.cmd("capture-pane -p -t e2e")

    def stop(self):
        try:
            self.ctl.stdin.close()
            self.ctl.wait(2)
        except Exception:
            self.ctl.kill()
        subprocess.call(["tmux", "-L", self.sock, "kill-server"], stderr=subprocess.DEVNULL)
        subprocess.call(["rm", "-rf", self.dir])


def wait_logged_in(ctl, n=2, timeout=10):
    t = time.monotonic()
    while time.monotonic() - t < timeout:
        if ctl.stats()["Sessions"] >= n:
            time.sleep(1.0)  # the login-time questions (ListCommands, ...) are answered
            return True
        time.sleep(0.1)
    return False


# ---- one flood run ----

def flood_run(kind, args, rate, seconds, scrollback=None, quiet=False):
    sim = Sim(args.build, args.sim_cpu)
    app = None
    try:
        ctl = Ctl(sim.port)
        if kind == "dump":
            app = Dump(args.build, sim.port, args.app_cpu)
        else:
            app = Console(args.build, sim.port, args.app_cpu, scrollback=scrollback)
        if not wait_logged_in(ctl):
            raise SystemExit("amitui did not log in")
        cpu0, rss0 = proc_cpu_s(app.pid), proc_rss_kb(app.pid)
        s0 = ctl.stats()
        ctl.action("SimFlood", Rate=rate, Seconds=seconds)
        t0 = time.monotonic()
        samples = []
        while time.monotonic() - t0 < seconds + 2:
            time.sleep(1.0 - (time.monotonic() - t0) % 1.0)
            if not alive(app.pid):
                break
            st = ctl.stats()
            st["t"] = time.monotonic() - t0
            st["rss_kb"] = proc_rss_kb(app.pid)
            samples.append(st)
            if not quiet:
                log("  %5.1fs generated=%d queue=%d cut=%d rss=%.1fMiB" % (
                    st["t"], st["FloodGenerated"], st["QueueDepth"], st["SlowReadersCut"],
                    st["rss_kb"] / 1024))
        end = samples[-1] if samples else ctl.stats()
        running = alive(app.pid)
        cpu = (proc_cpu_s(app.pid) - cpu0) if running else float("nan")
        during = [s for s in samples if s["t"] <= seconds + 0.5]
        maxq = max((s["QueueDepth"] for s in during), default=0)
        res = {
            "kind": kind, "rate": rate, "seconds": seconds,
            "generated": end["FloodGenerated"],
            "cut": end["SlowReadersCut"] - s0["SlowReadersCut"],
            "dropped": end["EventsDropped"] - s0["EventsDropped"],
            "max_queue": maxq,
            "final_queue": end["QueueDepth"],
            "running": running,
            "app_cpu_pct": 100.0 * cpu / (seconds + 2),
            "rss_start_mib": rss0 / 1024,
            "rss_max_mib": max((s["rss_kb"] for s in samples), default=0) / 1024,
            "rss_end_mib": samples[-1]["rss_kb"] / 1024 if samples else 0,
        }
        res["ok"] = (res["generated"] >= rate * seconds * 99 // 100 and res["cut"] == 0 and
                     res["dropped"] == 0 and res["max_queue"] <= rate // 2 and
                     res["final_queue"] == 0 and running)
        return res, app, sim, ctl
    except BaseException:
        if app:
            app.stop()
        sim.stop()
        raise


def report(res):
    log("%s rate=%d seconds=%d generated=%d cut=%d dropped=%d max_queue=%d final_queue=%d "
        "running=%s amitui_cpu=%.0f%% rss_max=%.1fMiB sustained=%s" % (
            res["kind"], res["rate"], res["seconds"], res["generated"], res["cut"],
            res["dropped"], res["max_queue"], res["final_queue"],
            "yes" if res["running"] else "NO", res["app_cpu_pct"], res["rss_max_mib"],
            "yes" if res["ok"] else "NO"))


def series(kind, args):
    best = 0
    for rate in args.rates:
        res, app, sim, _ = flood_run(kind, args, rate, args.seconds, quiet=not args.verbose)
        app.stop()
        sim.stop()
        report(res)
        if not res["ok"]:
            break
        best = rate
    log("%s highest_sustained_events_per_s=%d (%d s each)" % (kind, best, args.seconds))
    return best


# ---- keystroke to screen ----

HEADERS = {"1": " Time ", "2": " Call / channel "}


def view_shown(screen, key):
    return any(line.startswith(HEADERS[key]) for line in screen[:8])


def latency(args):
    sim = Sim(args.build, args.sim_cpu)
    con = None
    try:
        ctl = Ctl(sim.port)
        con = Console(args.build, sim.port, args.app_cpu)
        if not wait_logged_in(ctl):
            raise SystemExit("amitui did not log in")
        seconds = args.trials // 2 + 30
        ctl.action("SimFlood", Rate=args.rate, Seconds=seconds)
        time.sleep(2.0)  # the flood is under way, the store filling
        times, key, polls = [], "2", 0
        for i in range(args.trials):
            if not view_shown(con.screen(), "1" if key == "2" else "2"):
                time.sleep(0.2)  # the previous switch must be on screen first
            t0 = time.monotonic()
            con.cmd("send-keys -t e2e %s" % key)
            while True:
                polls += 1
                if view_shown(con.screen(), key):
                    break
                if time.monotonic() - t0 > 5:
                    raise SystemExit("the screen did not change within 5 s")
            times.append((time.monotonic() - t0) * 1000)
            key = "1" if key == "2" else "2"
            time.sleep(random.uniform(0.05, 0.25))
        st = ctl.stats()
        times.sort()
        p95 = times[min(len(times) - 1, int(len(times) * 0.95))]
        log("latency rate=%d trials=%d median_ms=%.1f p95_ms=%.1f max_ms=%.1f min_ms=%.1f "
            "polls_per_trial=%.1f cut=%d" % (args.rate, len(times), statistics.median(times),
                                              p95, times[-1], times[0], polls / len(times),
                                              st["SlowReadersCut"]))
        # what one poll costs: the resolution of the figure
        t0 = time.monotonic()
        for _ in range(20):
            con.screen()
        log("latency capture_pane_ms=%.2f (one poll, the figure's resolution)" %
            ((time.monotonic() - t0) * 1000 / 20))
        ctl.action("SimFlood", Rate=0)
    finally:
        if con:
            con.stop()
        sim.stop()


# ---- memory under a flood far above the scrollback ----

def memory(args):
    res, app, sim, _ = flood_run("console", args, args.rate, args.seconds,
                                 scrollback=args.scrollback, quiet=not args.verbose)
    app.stop()
    sim.stop()
    report(res)
    raw_mib = args.rate * args.seconds * 400 / 2**20
    growth = res["rss_max_mib"] - res["rss_start_mib"]
    log("memory rate=%d seconds=%d raw_through_mib=%.0f scrollback_mib=%d rss_start_mib=%.1f "
        "rss_max_mib=%.1f rss_end_mib=%.1f growth_mib=%.1f within_scrollback_plus_8mib=%s" % (
            args.rate, args.seconds, raw_mib, args.scrollback, res["rss_start_mib"],
            res["rss_max_mib"], res["rss_end_mib"], growth,
            "yes" if growth <= args.scrollback + 8 else "NO"))


def main():
    here = os.path.dirname(os.path.abspath(__file__))
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("what", choices=["dump", "console", "latency", "memory", "all"])
    ap.add_argument("--build", default=os.path.join(here, "..", "..", "build"))
    ap.add_argument("--rates", default="50000,100000,150000,200000,250000,300000,400000,"
                    "500000,600000,800000,1000000")
    ap.add_argument("--rate", type=int, default=None,
                    help="latency: 50000 events/s; memory: 100000 events/s")
    ap.add_argument("--seconds", type=int, default=30)
    ap.add_argument("--trials", type=int, default=100)
    ap.add_argument("--scrollback", type=int, default=64)
    ap.add_argument("--app-cpu", type=int, default=0)
    ap.add_argument("--sim-cpu", type=int, default=1)
    ap.add_argument("-v", "--verbose", action="store_true")
    args = ap.parse_args()
    args.build = os.path.abspath(args.build)
    args.rates = [int(r) for r in args.rates.split(",")]
    for prog in ("amitui", "amisim"):
        if not os.access(os.path.join(args.build, prog), os.X_OK):
            raise SystemExit("no %s in %s: build first, or give --build" % (prog, args.build))
    log("# e2e %s build=%s cpus=%d amitui_cpu=%d amisim_cpu=%d %s" % (
        args.what, args.build, os.cpu_count(), args.app_cpu, args.sim_cpu,
        time.strftime("%Y-%m-%d %H:%M:%S")))
    if args.what in ("dump", "all"):
        series("dump", args)
    if args.what in ("console", "all"):
        series("console", args)
    given = args.rate
    if args.what in ("latency", "all"):
        args.rate = given or 50000
        latency(args)
    if args.what in ("memory", "all"):
        args.rate = given or 100000
        memory(args)


if __name__ == "__main__":
    main()
