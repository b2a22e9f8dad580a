"""Fault demo (issue 6): PostgreSQL restarted in the middle of a check-in rush, and a gunicorn worker
killed mid-request. Run from the repository root:

    make faults                 # or: .venv/bin/python bench/faults.py [--staff 300]

It builds everything it needs in a temporary directory and removes it at the end, failure or not:
a private PostgreSQL cluster on 127.0.0.1:5499 (never the machine's own server), the demo
organisation with a few hundred staff, and gunicorn with production settings on 127.0.0.1:8300.

Fault 1: staff check in from many threads; after a quarter of them PostgreSQL is stopped (fast
shutdown: open connections are cut), stays down a few seconds and is started again. Every client
retries a failed request with the same form token until it is recorded, as the check-in page lets a
person do. Then PostgreSQL is restarted while idle and a few more people check in: no request may
get a connection the restart cut. Fault 2: the next group checks in while the first checks out, and
gunicorn workers are killed (SIGKILL) while they serve a request; the clients retry. Last, a worker
is killed the moment a check-in's row is committed, before it answers: the retry must get that row.

After each fault the database is read back: one row per successful person and kind, each row
complete and matching what its client sent and was shown, no "in" twice. Exits 1 if a check fails.

To compare pool settings (bench/faults_settings.py): FAULTS_POOL='{"timeout": 10}' overrides pool
options, FAULTS_HEALTH_CHECKS=0 stops the pool checking connections on checkout.
"""

import argparse
import http.client
import json
import os
import random
import secrets
import shutil
import signal
import string
import subprocess
import sys
import tempfile
import threading
import time
import uuid
from dataclasses import dataclass
from decimal import Decimal
from pathlib import Path
from urllib.parse import urlencode

ROOT = Path(__file__).resolve().parent.parent
PG_PORT = 5499
APP_PORT = 8300
WORKERS = 3
DATABASE = "hadir"
CHECKIN_PATH = "/saya/presensi/"
FRIENDLY = "Layanan sedang gangguan sebentar"  # templates/503.html
DUPLICATE_TEXT = "Sudah tercatat sebelumnya"  # templates/attendance/my_day.html
OUTAGE_SECONDS = 8.0
KILLS = 4
PROBES = 5  # staff kept aside for the kill right after a commit
QUIET = 12  # staff checking in after a restart with no traffic
RETRY_FOR_SECONDS = 60.0


# --- Pure helpers (tests/test_faults.py) ---------------------------------------------------------


@dataclass
class Attempt:
    """One HTTP request of one client: "ok", "503", "cut" (connection reset or closed without an
    answer), "timeout" or "error" (anything else: a bug, the demo stops retrying)."""

    key: tuple  # (employee id, kind)
    started: float
    ended: float
    outcome: str
    status: int = 0
    friendly: bool = False
    checkin: int | None = None
    duplicate: bool = False
    detail: str = ""


def classify(key, started, ended, status: int, body: str) -> Attempt:
    """What an answer to the check-in POST (sent with HX-Request) means."""
    if status == 200 and 'data-checkin="' in body:
        pk = int(body.split('data-checkin="', 1)[1].split('"', 1)[0])
        return Attempt(key, started, ended, "ok", status, checkin=pk, duplicate=DUPLICATE_TEXT in body)
    if status == 503:
        return Attempt(key, started, ended, "503", status, friendly=FRIENDLY in body)
    snippet = " ".join(body.split())[:160]
    return Attempt(key, started, ended, "error", status, detail=f"HTTP {status}: {snippet}")


def check_rows(rows: list[dict], expected: dict) -> list[str]:
    """Problems found comparing the check-in rows stored with what the clients were told.

    `expected` maps (employee, kind) to what that client sent and saw: token, checkin (the row id
    in the answer), user, date, latitude, longitude, accuracy. Every stored row must belong to a
    client that got a success, once, and be complete."""
    problems = []
    seen: dict[tuple, list[dict]] = {}
    for row in rows:
        seen.setdefault((row["employee_id"], row["kind"]), []).append(row)
    for key, found in sorted(seen.items()):
        if key not in expected:
            problems.append(f"employee {key[0]}: {len(found)} '{key[1]}' row(s) no client was told about")
        elif len(found) != 1:
            problems.append(f"employee {key[0]}: {len(found)} '{key[1]}' rows (doubled)")
    for key, sent in sorted(expected.items()):
        found = seen.get(key, [])
        if not found:
            problems.append(f"employee {key[0]}: '{key[1]}' answered as saved but not stored (lost)")
            continue
        problems += [f"row {found[0]['id']} (employee {key[0]}, {key[1]}): {p}" for p in _row_problems(found[0], sent)]
    return problems


def _row_problems(row: dict, sent: dict) -> list[str]:
    problems = []
    if row["id"] != sent["checkin"]:
        problems.append(f"the answer showed row {sent['checkin']}")
    if str(row["token"]) != str(sent["token"]):
        problems.append("token differs from the form's")
    if row["created_by_id"] != sent["user"]:
        problems.append("created_by is not the person's user")
    if str(row["date"]) != sent["date"]:
        problems.append(f"date {row['date']} is not {sent['date']}")
    if row["at"] is None or row["unit_id"] is None or not row["planned_mode"] or row["method"] != "phone":
        problems.append("time, unit, planned mode or method missing")
    if row["location"] not in ("inside", "not_checked"):
        problems.append(f"location {row['location']!r}")
    for field, column in (("latitude", "latitude"), ("longitude", "longitude")):
        if row[column] is None or Decimal(str(row[column])) != Decimal(f"{sent[field]:.6f}"):
            problems.append(f"{field} {row[column]} is not the {sent[field]} sent")
    if row["accuracy_m"] != sent["accuracy"]:
        problems.append(f"accuracy {row['accuracy_m']} is not the {sent['accuracy']} sent")
    return problems


def summarise(attempts: list[Attempt]) -> dict:
    counts = {"requests": len(attempts)}
    for outcome in ("ok", "503", "cut", "timeout", "error"):
        counts[outcome] = sum(1 for a in attempts if a.outcome == outcome)
    counts["503_friendly"] = sum(1 for a in attempts if a.outcome == "503" and a.friendly)
    return counts


def parse_ppid(stat: str) -> int:
    """The parent pid from /proc/<pid>/stat ("pid (comm) state ppid …"; comm may hold spaces)."""
    return int(stat.rsplit(")", 1)[1].split()[1])


# --- The private PostgreSQL cluster --------------------------------------------------------------


class Cluster:
    def __init__(self, base: Path):
        candidates = sorted(
            Path("/usr/lib/postgresql").glob("*/bin/pg_ctl"), key=lambda p: float(p.parts[-3])
        )
        if not candidates:
            raise SystemExit("No PostgreSQL server binaries under /usr/lib/postgresql/*/bin (apt-get install postgresql).")
        self.bin = candidates[-1].parent
        self.base = base
        self.data = base / "pgdata"
        self.log = base / "postgres.log"
        self.as_postgres = os.geteuid() == 0  # initdb refuses root: run the server as `postgres`
        self.running = False

    def _run(self, program, *args, check=True):
        command = [str(self.bin / program), *map(str, args)]
        if self.as_postgres:
            command = ["runuser", "-u", "postgres", "--", *command]
        result = subprocess.run(command, capture_output=True, text=True)
        if check and result.returncode != 0:
            raise RuntimeError(f"{program} failed: {result.stderr.strip() or result.stdout.strip()}")
        return result

    def init(self):
        if self.as_postgres:
            shutil.chown(self.base, "postgres", "postgres")
        self._run("initdb", "-D", self.data, "-U", "postgres", "-A", "trust", "-E", "UTF8", "--locale=C", "--no-instructions")

    def start(self):
        options = f"-p {PG_PORT} -k {self.base} -c listen_addresses=127.0.0.1 -c fsync=on -c max_connections=100"
        self._run("pg_ctl", "-D", self.data, "-l", self.log, "-o", options, "-w", "-t", "60", "start")
        self.running = True

    def stop(self, mode="fast"):
        self._run("pg_ctl", "-D", self.data, "-m", mode, "-w", "-t", "60", "stop", check=False)
        self.running = False


def create_database():
    import psycopg

    with psycopg.connect(host="127.0.0.1", port=PG_PORT, user="postgres", dbname="postgres", autocommit=True) as conn:
        conn.execute(f"CREATE DATABASE {DATABASE}")


def stored_rows() -> list[dict]:
    import psycopg
    from psycopg.rows import dict_row

    with psycopg.connect(host="127.0.0.1", port=PG_PORT, user="postgres", dbname=DATABASE) as conn:
        conn.row_factory = dict_row
        return conn.execute(
            "SELECT id, employee_id, kind, date, at, method, unit_id, planned_mode, latitude, longitude, "
            "accuracy_m, location, token, created_by_id FROM attendance_checkin ORDER BY id"
        ).fetchall()


# --- The app -------------------------------------------------------------------------------------


def app_env(base: Path) -> dict:
    env = dict(os.environ)
    env.update(
        DEBUG="0",
        SECRET_KEY=secrets.token_urlsafe(50),
        ALLOWED_HOSTS="127.0.0.1",
        HTTPS="0",
        BEHIND_PROXY="0",
        DATABASE_URL=f"postgres://postgres@127.0.0.1:{PG_PORT}/{DATABASE}",
        DJANGO_SETTINGS_MODULE="bench.faults_settings",
        FAULTS_STATIC_ROOT=str(base / "static"),
        LOG_LEVEL="WARNING",
        PYTHONPATH=str(ROOT),
    )
    return env


def manage(env, *args):
    result = subprocess.run([sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True)
    if result.returncode != 0:
        raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{result.stderr[-2000:]}")
    return result.stdout


class Gunicorn:
    def __init__(self, base: Path, env: dict):
        self.log = base / "gunicorn.log"
        self.env = env
        self.process = None

    def start(self):
        command = [
            str(Path(sys.executable).parent / "gunicorn"), "config.wsgi",
            "--bind", f"127.0.0.1:{APP_PORT}", "--workers", str(WORKERS), "--graceful-timeout", "5",
        ]
        self.process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=subprocess.DEVNULL, stderr=open(self.log, "w")
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"gunicorn exited:\n{self.log.read_text()[-2000:]}")
            if len(self.workers()) == WORKERS and _get("/masuk/") == 200:
                return
            time.sleep(0.2)
        raise RuntimeError("gunicorn did not answer within 60 s")

    def workers(self) -> list[int]:
        pids = []
        for entry in os.listdir("/proc"):
            if entry.isdigit():
                try:
                    stat = Path(f"/proc/{entry}/stat").read_text()
                except OSError:
                    continue
                if parse_ppid(stat) == self.process.pid:
                    pids.append(int(entry))
        return sorted(pids)

    def stop(self):
        if self.process and self.process.poll() is None:
            self.process.send_signal(signal.SIGTERM)
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait()


def client_sockets(client_port: int | None = None) -> set[str]:
    """Socket inodes of the established connections to the app (from one client port, or all)."""
    inodes = set()
    for line in Path("/proc/net/tcp").read_text().splitlines()[1:]:
        fields = line.split()
        if int(fields[1].split(":")[1], 16) != APP_PORT or fields[3] != "01" or fields[9] == "0":
            continue
        if client_port is None or int(fields[2].split(":")[1], 16) == client_port:
            inodes.add(fields[9])
    return inodes


def holds(pid: int, inodes: set[str]) -> bool:
    """Whether the process has one of these sockets open (a worker serving that request)."""
    try:
        links = [os.readlink(f"/proc/{pid}/fd/{fd}") for fd in os.listdir(f"/proc/{pid}/fd")]
    except OSError:
        return False
    return any(link.startswith("socket:[") and link[8:-1] in inodes for link in links)


def _get(path) -> int:
    try:
        conn = http.client.HTTPConnection("127.0.0.1", APP_PORT, timeout=5)
        conn.request("GET", path)
        status = conn.getresponse().status
        conn.close()
        return status
    except OSError:
        return 0


# --- The clients ---------------------------------------------------------------------------------


CSRF = "".join(secrets.choice(string.ascii_letters + string.digits) for _ in range(32))


def post_checkin(person: dict, kind: str, token: str, conn=None) -> Attempt:
    """The check-in button as htmx sends it: the form's fields, the session and CSRF cookies."""
    key = (person["employee"], kind)
    body = urlencode(
        {
            "csrfmiddlewaretoken": CSRF,
            "token": token,
            "kind": kind,
            "latitude": f"{person['latitude']:.6f}",
            "longitude": f"{person['longitude']:.6f}",
            "accuracy": person["accuracy"],
            "location_status": "ok",
        }
    )
    headers = {
        "Cookie": f"sessionid={person['session']}; csrftoken={CSRF}",
        "HX-Request": "true",
        "Content-Type": "application/x-www-form-urlencoded",
    }
    started = time.monotonic()
    conn = conn or http.client.HTTPConnection("127.0.0.1", APP_PORT, timeout=30)
    try:
        conn.request("POST", CHECKIN_PATH, body, headers)
        response = conn.getresponse()
        text = response.read().decode("utf-8", "replace")
    except TimeoutError:
        return Attempt(key, started, time.monotonic(), "timeout")
    except (OSError, http.client.HTTPException) as error:  # reset, refused, closed without answer
        return Attempt(key, started, time.monotonic(), "cut", detail=type(error).__name__)
    finally:
        conn.close()
    return classify(key, started, time.monotonic(), response.status, text)


class Rush:
    """Clients in threads; each sends one person's check-in and retries it with the same token
    after a short pause until it is recorded (a 503, a cut connection or a timeout is retried)."""

    def __init__(self, jobs: list[tuple[dict, str]], threads: int):
        self.jobs = list(jobs)
        self.threads = threads
        self.attempts: list[Attempt] = []
        self.sent: dict[tuple, dict] = {}  # (employee, kind) -> token, the answer, the person
        self.failed: list[Attempt] = []
        self.lock = threading.Lock()
        self.ok = 0
        self.done = threading.Event()

    def run(self):
        workers = [threading.Thread(target=self._work) for _ in range(self.threads)]
        for worker in workers:
            worker.start()
        for worker in workers:
            worker.join()
        self.done.set()

    def _next(self):
        with self.lock:
            return self.jobs.pop() if self.jobs else None

    def _work(self):
        while (job := self._next()) is not None:
            person, kind = job
            token, pause = str(uuid.uuid4()), 0.2
            deadline = time.monotonic() + RETRY_FOR_SECONDS
            while True:
                attempt = post_checkin(person, kind, token)
                with self.lock:
                    self.attempts.append(attempt)
                if attempt.outcome == "ok":
                    with self.lock:
                        self.ok += 1
                        self.sent[attempt.key] = {**person, "token": token, "checkin": attempt.checkin}
                    break
                if attempt.outcome == "error" or time.monotonic() > deadline:
                    with self.lock:
                        self.failed.append(attempt)
                    break
                time.sleep(pause)
                pause = min(pause * 1.5, 1.0)


# --- The two faults ------------------------------------------------------------------------------


class Report:
    def __init__(self):
        self.checks: list[tuple[str, bool]] = []

    def check(self, label: str, ok: bool):
        self.checks.append((label, ok))
        print(f"  [{'ok' if ok else 'FAIL'}] {label}")

    @property
    def ok(self) -> bool:
        return all(ok for _, ok in self.checks)


def db_check(report: Report, label: str, expected: dict):
    rows = stored_rows()
    problems = check_rows(rows, expected)
    ins = [r for r in rows if r["kind"] == "in"]
    doubled_in = len(ins) - len({r["employee_id"] for r in ins})
    print(f"  database: {len(rows)} check-in rows stored; {len(expected)} successful answers so far")
    for problem in problems[:10]:
        print(f"    - {problem}")
    report.check(f"{label}: rows stored == successful answers ({len(rows)} == {len(expected)})", len(rows) == len(expected))
    report.check(f"{label}: no one has two 'in' rows ({doubled_in} doubled)", doubled_in == 0)
    report.check(f"{label}: every row complete and as sent and shown ({len(problems)} problems)", not problems)


def fault_restart(report, cluster, people, threads, outage, expected):
    print(f"\nFault 1: PostgreSQL restarted during a rush of {len(people)} check-ins ({threads} clients)")
    rush = Rush([(p, "in") for p in people], threads)
    times = {}
    trigger = max(1, len(people) // 4)

    def restart():
        while rush.ok < trigger and not rush.done.is_set():
            time.sleep(0.01)
        times["stop"] = time.monotonic()
        cluster.stop("fast")
        times["down"] = time.monotonic()
        time.sleep(outage)
        times["start"] = time.monotonic()
        cluster.start()
        times["up"] = time.monotonic()

    restarter = threading.Thread(target=restart)
    started = time.monotonic()
    restarter.start()
    rush.run()
    restarter.join()
    elapsed = time.monotonic() - started
    expected.update(rush.sent)

    counts = summarise(rush.attempts)
    up, down = times["up"], times["down"]
    after_up = [a for a in rush.attempts if a.outcome == "ok" and a.ended > up]
    first_ok = min((a.ended - up for a in after_up), default=None)
    sent_after = [a for a in rush.attempts if a.started >= up]
    first_ok_sent_after = min((a.ended - up for a in sent_after if a.outcome == "ok"), default=None)
    failed_after_up = sum(1 for a in sent_after if a.outcome != "ok")
    during = [a for a in rush.attempts if a.started < up and a.ended > times["stop"]]
    longest = max((a.ended - a.started for a in rush.attempts), default=0)
    print(
        f"  {counts['requests']} requests in {elapsed:.1f} s: {counts['ok']} recorded, {counts['503']} x 503, "
        f"{counts['cut']} cut, {counts['timeout']} timed out, {counts['error']} other errors"
    )
    print(
        f"  PostgreSQL stopped after {trigger} check-ins: fast shutdown {down - times['stop']:.2f} s, "
        f"down {times['start'] - down:.1f} s, start {up - times['start']:.2f} s"
    )
    print(f"  requests overlapping the outage: {len(during)}; longest single request {longest:.2f} s")
    waits = sorted(a.ended - a.started for a in rush.attempts if a.outcome == "503")
    print(f"  503 answers with the friendly page: {counts['503_friendly']} of {counts['503']}"
          + (f", after {waits[0]:.2f}–{waits[-1]:.2f} s (median {waits[len(waits) // 2]:.2f} s)" if waits else ""))
    if first_ok is not None:
        print(f"  first check-in recorded {first_ok:.2f} s after PostgreSQL was back")
    if first_ok_sent_after is not None:
        print(f"  first request sent after it was back recorded in {first_ok_sent_after:.2f} s; "
              f"{failed_after_up} of {len(sent_after)} requests sent after it was back failed")
    for attempt in rush.failed[:5]:
        print(f"    gave up: employee {attempt.key[0]}: {attempt.outcome} {attempt.detail}")
    report.check(f"fault 1: the outage produced 503 answers ({counts['503']})", counts["503"] > 0)
    report.check("fault 1: every 503 was the friendly page", counts["503"] == counts["503_friendly"])
    report.check("fault 1: no other error", counts["error"] == 0 and not rush.failed)
    report.check(
        f"fault 1: every person recorded after retries ({len(rush.sent)} of {len(people)})", len(rush.sent) == len(people)
    )
    report.check("fault 1: the app recovered by itself (check-ins recorded after the restart)", bool(after_up))
    db_check(report, "fault 1", expected)


def quiet_restart(report, cluster, people, expected):
    """A restart while no one checks in leaves every pooled connection dead; the pool's check on
    checkout (Django's CONN_HEALTH_CHECKS) must drop them rather than hand them to a request."""
    print(f"\nFault 1b: PostgreSQL restarted while idle, then {len(people)} check-ins one after another")
    cluster.stop("fast")
    cluster.start()
    attempts = []
    for person in people:
        token = str(uuid.uuid4())
        while True:
            attempt = post_checkin(person, "in", token)
            attempts.append(attempt)
            if attempt.outcome == "ok":
                expected[attempt.key] = {**person, "token": token, "checkin": attempt.checkin}
            if attempt.outcome in ("ok", "error") or len(attempts) > 10 * len(people):
                break
            time.sleep(0.2)
    counts = summarise(attempts)
    slowest = max(a.ended - a.started for a in attempts)
    print(
        f"  {counts['requests']} requests: {counts['ok']} recorded, {counts['503']} x 503, {counts['error']} other "
        f"errors; slowest {slowest:.2f} s"
    )
    report.check(
        f"fault 1b: no request got a connection the restart had cut ({counts['503']} x 503)",
        counts["503"] == 0 and counts["ok"] == len(people),
    )


def fault_kill(report, app, jobs, threads, expected):
    print(f"\nFault 2: gunicorn workers killed mid-request during {len(jobs)} check-ins/outs ({threads} clients)")
    rush = Rush(jobs, threads)
    kills = []
    trigger = max(1, len(jobs) // 5)

    def kill():
        while rush.ok < trigger and not rush.done.is_set():
            time.sleep(0.01)
        for _ in range(KILLS):
            if rush.done.is_set():
                return
            for _ in range(100):  # a worker holding a client's connection; else any, after 1 s
                workers = app.workers()
                inodes = client_sockets()
                busy = [pid for pid in workers if holds(pid, inodes)]
                if busy:
                    break
                time.sleep(0.01)
            victim = random.choice(busy or workers)
            os.kill(victim, signal.SIGKILL)
            killed = time.monotonic()
            replaced = None
            while time.monotonic() - killed < 30:
                now = app.workers()
                if victim not in now and len(now) == WORKERS:
                    replaced = time.monotonic() - killed
                    break
                time.sleep(0.02)
            kills.append({"pid": victim, "busy": bool(busy), "replaced_in": replaced})
            time.sleep(0.4)

    killer = threading.Thread(target=kill)
    started = time.monotonic()
    killer.start()
    rush.run()
    killer.join()
    elapsed = time.monotonic() - started
    expected.update(rush.sent)

    counts = summarise(rush.attempts)
    print(
        f"  {counts['requests']} requests in {elapsed:.1f} s: {counts['ok']} recorded, {counts['cut']} cut by a kill, "
        f"{counts['503']} x 503, {counts['timeout']} timed out, {counts['error']} other errors"
    )
    for k in kills:
        state = "mid-request" if k["busy"] else "idle"
        replaced = f"replaced in {k['replaced_in']:.2f} s" if k["replaced_in"] is not None else "NOT replaced"
        print(f"  killed worker {k['pid']} ({state}); the master {replaced}")
    by_key: dict[tuple, list[Attempt]] = {}
    for attempt in rush.attempts:
        by_key.setdefault(attempt.key, []).append(attempt)
    cut_keys = [key for key, attempts in by_key.items() if any(a.outcome == "cut" for a in attempts)]
    committed = [key for key in cut_keys if by_key[key][-1].outcome == "ok" and by_key[key][-1].duplicate]
    print(
        f"  {len(cut_keys)} clients had a request cut; on retry with the same token {len(committed)} were told "
        f"'{DUPLICATE_TEXT}' (the cut request had been saved), {len(cut_keys) - len(committed)} were saved then"
    )
    log = app.log.read_text()
    print(f"  gunicorn's log: {log.count('was sent SIGKILL')} 'worker was sent SIGKILL', "
          f"{log.count('Booting worker')} 'Booting worker' lines in all")
    report.check(f"fault 2: workers killed mid-request ({sum(k['busy'] for k in kills)} of {len(kills)})",
                 any(k["busy"] for k in kills))
    report.check("fault 2: the master replaced every killed worker", all(k["replaced_in"] is not None for k in kills))
    report.check(f"fault 2: requests were cut ({counts['cut']})", counts["cut"] > 0)
    report.check("fault 2: no other error", counts["error"] == 0 and not rush.failed)
    report.check(f"fault 2: everyone recorded after retries ({len(rush.sent)} of {len(jobs)})", len(rush.sent) == len(jobs))
    db_check(report, "fault 2", expected)


def until_ok(person: dict, kind: str, token: str) -> Attempt:
    deadline = time.monotonic() + RETRY_FOR_SECONDS
    while True:
        attempt = post_checkin(person, kind, token)
        if attempt.outcome in ("ok", "error") or time.monotonic() > deadline:
            return attempt
        time.sleep(0.2)


def kill_after_commit(app: "Gunicorn", person: dict) -> dict:
    """Send one check-in, find the worker holding its connection, watch the database for the row
    with its token and SIGKILL the worker the moment the row is committed: the worker is then still
    building its answer. The client retries with the same token."""
    import psycopg

    token, sent, ready = str(uuid.uuid4()), {}, threading.Event()

    def send():
        conn = http.client.HTTPConnection("127.0.0.1", APP_PORT, timeout=30)
        conn.connect()
        sent["port"] = conn.sock.getsockname()[1]
        ready.set()
        sent["first"] = post_checkin(person, "in", token, conn=conn)

    workers = app.workers()
    with psycopg.connect(host="127.0.0.1", port=PG_PORT, user="postgres", dbname=DATABASE, autocommit=True) as db:
        sender = threading.Thread(target=send)
        sender.start()
        ready.wait(10)
        deadline, worker, row = time.monotonic() + 10, None, None
        while worker is None and time.monotonic() < deadline:
            inodes = client_sockets(sent["port"])
            worker = next((pid for pid in workers if holds(pid, inodes)), None)
        while row is None and time.monotonic() < deadline and "first" not in sent:
            row = db.execute("SELECT id FROM attendance_checkin WHERE token = %s", (token,)).fetchone()
        committed = time.monotonic()
        if row is not None and worker is not None:
            os.kill(worker, signal.SIGKILL)
        killed = time.monotonic()
        sender.join()
    retry = until_ok(person, "in", token)
    return {
        "worker": worker,
        "row": row[0] if row else None,
        "kill_ms": (killed - committed) * 1000,
        "first": sent["first"],
        "retry": retry,
        "token": token,
    }


def probes_after_commit(report, app, people, expected):
    print(f"\n  Killing the worker right after the commit, before its answer ({len(people)} tries at most):")
    shown = False
    for person in people:
        probe = kill_after_commit(app, person)
        first, retry = probe["first"], probe["retry"]
        if retry.outcome == "ok":
            expected[retry.key] = {**person, "token": probe["token"], "checkin": retry.checkin}
        if first.outcome != "cut":
            print(f"    employee {person['employee']}: answered ({first.outcome}) before the kill; trying another")
            continue
        said = DUPLICATE_TEXT if retry.duplicate else "saved now"
        print(
            f"    employee {person['employee']}: row {probe['row']} committed, worker {probe['worker']} killed "
            f"{probe['kill_ms']:.1f} ms later; the client saw {first.detail}; its retry with the same token: "
            f"'{said}', row {retry.checkin}"
        )
        shown = retry.outcome == "ok" and retry.duplicate and retry.checkin == probe["row"]
        break
    report.check("fault 2: a check-in cut after its commit, retried with its token, gives back the same row", shown)


# --- Main ----------------------------------------------------------------------------------------


def setup(base: Path, cluster: Cluster, app: "Gunicorn", staff: int) -> list[dict]:
    """The private cluster, the demo data, the signed-in staff and gunicorn; prints each step's time."""
    steps, t = [], time.monotonic()

    def step(name):
        nonlocal t
        steps.append(f"{name} {time.monotonic() - t:.1f} s")
        t = time.monotonic()

    cluster.init()
    cluster.start()
    create_database()
    step("initdb+start")
    # Only the setup's own sessions (migrate, load_demo) skip waiting for the disk; gunicorn's
    # connections keep the server's defaults: synchronous commits, fsync on.
    env = {**app.env, "PGOPTIONS": "-c synchronous_commit=off"}
    static = subprocess.Popen(  # needs no database: runs beside migrate
        [sys.executable, "manage.py", "collectstatic", "--no-input", "-v0"],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
    )
    try:
        manage(env, "migrate", "--no-input", "-v0")
        step("migrate")
        manage(env, "load_demo", "--employees", str(staff), "--history-days", "0")
        step("load_demo")
        staff_file = base / "staff.json"
        prepared = subprocess.run(
            [sys.executable, "-m", "bench.faults_prepare", str(staff_file), str(staff)],
            cwd=ROOT, env=env, capture_output=True, text=True,
        )
        if prepared.returncode != 0:
            raise RuntimeError(f"faults_prepare failed:\n{prepared.stderr[-2000:]}")
        people = json.loads(staff_file.read_text())
        step("sessions")
        if static.wait() != 0:
            raise RuntimeError(f"collectstatic failed:\n{static.stderr.read()[-2000:]}")
    finally:
        if static.poll() is None:
            static.kill()
            static.wait()
    app.start()
    step("gunicorn")
    print(prepared.stdout.strip())
    print(
        f"Setup: PostgreSQL {cluster.bin.parent.name} on 127.0.0.1:{PG_PORT} (private, fsync on), {len(people)} staff "
        f"signed in, gunicorn {WORKERS} workers on 127.0.0.1:{APP_PORT} ({', '.join(steps)})"
    )
    return people


def port_free(port: int) -> bool:
    import socket

    with socket.socket() as s:
        return s.connect_ex(("127.0.0.1", port)) != 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--staff", type=int, default=300, help="demo staff to seed (default 300)")
    parser.add_argument("--threads", type=int, default=16, help="concurrent clients (default 16)")
    parser.add_argument("--outage", type=float, default=OUTAGE_SECONDS, help="seconds PostgreSQL stays down (default 8)")
    parser.add_argument("--keep", action="store_true", help="keep the temporary directory (logs)")
    args = parser.parse_args(argv)
    for port in (PG_PORT, APP_PORT):
        if not port_free(port):
            print(f"Port {port} is in use: another fault demo running?", file=sys.stderr)
            return 2

    t0 = time.monotonic()
    base = Path(tempfile.mkdtemp(prefix="hadir-faults-"))
    cluster, app, report = Cluster(base), Gunicorn(base, app_env(base)), Report()
    try:
        people = setup(base, cluster, app, args.staff)
        random.Random(6).shuffle(people)
        first, second = people[: len(people) * 2 // 3], people[len(people) * 2 // 3 :]
        expected: dict[tuple, dict] = {}
        fault_restart(report, cluster, first, args.threads, args.outage, expected)
        quiet, second, probes = second[:QUIET], second[QUIET:-PROBES], second[-PROBES:]
        quiet_restart(report, cluster, quiet, expected)
        jobs = [(p, "in") for p in second] + [(p, "out") for p in first[: len(second)]]
        random.Random(7).shuffle(jobs)
        fault_kill(report, app, jobs, args.threads, expected)
        probes_after_commit(report, app, probes, expected)
        db_check(report, "fault 2 after the targeted kills", expected)
        warnings = (base / "gunicorn.log").read_text().count("Database unavailable on")
        print(f"\nThe app logged {warnings} 'Database unavailable' warnings (units.unavailable).")
    except Exception as error:  # noqa: BLE001 - any failure is reported, then everything is cleaned up
        report.check(f"the demo ran to the end ({type(error).__name__}: {error})", False)
    finally:
        app.stop()
        if cluster.running or cluster.data.exists():
            cluster.stop("fast")
        if args.keep:
            print(f"Kept {base}")
        else:
            shutil.rmtree(base, ignore_errors=True)

    passed = sum(ok for _, ok in report.checks)
    print(f"\nSummary: {passed} of {len(report.checks)} checks passed in {time.monotonic() - t0:.0f} s.")
    if not report.ok:
        print("FAILED: " + "; ".join(label for label, ok in report.checks if not ok))
    return 0 if report.ok else 1


if __name__ == "__main__":
    sys.exit(main())
