"""`make bench`: the morning-rush benchmark (README.md, "Benchmark").

    N=5000 CONNECTIONS=50,200 .venv/bin/python -m bench.run

1. A fresh PostgreSQL database (BENCH_DATABASE_URL; its name must contain "bench"): migrate, the demo
   organisation at N staff, a 200-staff unit and 150 units, a year of history (SQL), today a working
   day for everyone, nine in ten phones signed in (session rows), the floor's table. BENCH_REUSE=1 keeps
   the database of the previous run and only resets the day and the sessions.
2. gunicorn with production settings (DEBUG off) and bench.settings, which adds the framework floor.
3. For each concurrency level: the tenth of the staff without a session sign in through the login form
   (reported on its own line), every staff member POSTs once to the floor insert, then every staff
   member checks in once; the database is checked (stored = confirmed, none doubled) and the day reset;
   then every unit asks for a face photo and every staff member checks in once more with a 100 KB photo
   (checked again, and the photo files' size on disk per check-in measured, then removed).
4. Sequentially: the floor's 200-row page, the unit board (200 staff) as its head, the city board as
   admin, and the city recap export driven like the browser (page, progress steps, XLSX).
5. JSON (docs/benchmarks.json and bench/results/), docs/benchmarks.md, the table on stdout. Exit code 0
   even when targets are missed; 1 on errors, lost or doubled check-ins; 2 when the bench itself failed.
"""

import datetime as dt
import json
import os
import platform
import secrets
import shutil
import statistics
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlparse, urlunparse

from bench import driver, report

ROOT = Path(__file__).resolve().parent.parent
RESULTS = ROOT / "bench" / "results"
MEDIA = RESULTS / "media"  # the server's MEDIA_ROOT: the check-in photos of a rush, removed after measuring
PHOTO_BYTES = 100 * 1024  # the largest JPEG static/js/photo.js sends
HOST = "127.0.0.1"
SECRET_KEY = "bench-not-a-secret-" + "x" * 40  # fixed: the seeded sessions must stay valid across runs
DEFAULT_DATABASE_URL = "postgres://postgres@127.0.0.1:5432/hadir_bench"
CITY_CENTRE = (-3.7956, 102.2592)
# gunicorn on a 2-core machine: see README.md ("Benchmark") for how this was chosen.
DEFAULT_WORKERS = 2
DEFAULT_WORKER_CLASS = "gthread"
DEFAULT_THREADS = 4


@dataclass
class Config:
    n: int = 5000
    connections: list[int] = field(default_factory=lambda: [50, 200])
    database_url: str = DEFAULT_DATABASE_URL
    port: int = 8200
    workers: int = DEFAULT_WORKERS
    worker_class: str = DEFAULT_WORKER_CLASS
    threads: int = DEFAULT_THREADS
    reuse: bool = False
    keep_alive: bool = False  # each phone on its own connection (as behind a proxy); 1: kept-alive connections
    sign_in: str = "phased"  # or "interleaved": sign-ins mixed into the check-in rush
    repeat: int = 20
    export_repeat: int = 3
    json_path: Path = ROOT / "docs" / "benchmarks.json"
    docs: bool = True

    @classmethod
    def from_env(cls, env=os.environ) -> "Config":
        cfg = cls()
        cfg.n = int(env.get("N") or cfg.n)
        if env.get("CONNECTIONS"):
            cfg.connections = [int(c) for c in env["CONNECTIONS"].split(",") if c.strip()]
        cfg.database_url = env.get("BENCH_DATABASE_URL") or cfg.database_url
        cfg.port = int(env.get("BENCH_PORT") or cfg.port)
        cfg.workers = int(env.get("BENCH_WORKERS") or cfg.workers)
        cfg.worker_class = env.get("BENCH_WORKER_CLASS") or cfg.worker_class
        cfg.threads = int(env.get("BENCH_THREADS") or (DEFAULT_THREADS if cfg.worker_class == "gthread" else 1))
        cfg.reuse = env.get("BENCH_REUSE", "") in ("1", "true", "yes")
        cfg.keep_alive = env.get("BENCH_KEEPALIVE", "") in ("1", "true", "yes")
        cfg.sign_in = env.get("BENCH_SIGNIN") or cfg.sign_in
        if cfg.sign_in not in ("phased", "interleaved"):
            raise SystemExit("BENCH_SIGNIN must be phased or interleaved")
        cfg.repeat = int(env.get("BENCH_REPEAT") or cfg.repeat)
        cfg.export_repeat = int(env.get("BENCH_EXPORT_REPEAT") or cfg.export_repeat)
        cfg.json_path = Path(env.get("BENCH_OUTPUT") or cfg.json_path)
        cfg.docs = env.get("BENCH_DOCS", "1") not in ("0", "false", "no")
        return cfg

    @property
    def command(self) -> str:
        parts = ["make bench", f"N={self.n}", f"CONNECTIONS={','.join(map(str, self.connections))}"]
        if self.reuse:
            parts.append("BENCH_REUSE=1")
        if self.keep_alive:
            parts.append("BENCH_KEEPALIVE=1")
        if self.sign_in != "phased":
            parts.append(f"BENCH_SIGNIN={self.sign_in}")
        if (self.workers, self.worker_class, self.threads) != (DEFAULT_WORKERS, DEFAULT_WORKER_CLASS, DEFAULT_THREADS):
            parts.append(f"BENCH_WORKERS={self.workers} BENCH_WORKER_CLASS={self.worker_class}")
            if self.worker_class == "gthread":
                parts.append(f"BENCH_THREADS={self.threads}")
        return " ".join(parts)

    @property
    def server_description(self) -> str:
        if self.worker_class == "gthread":
            return f"{self.workers} gthread workers × {self.threads} threads"
        return f"{self.workers} {self.worker_class} workers"


def log(message: str) -> None:
    print(f"[bench] {message}", flush=True)


# --- Environment and database -------------------------------------------------------------------------


ORIGINAL_ENV = dict(os.environ)  # before setup_django changes this process's own settings


def server_env(cfg: Config) -> dict:
    """Production settings on plain HTTP on localhost, the bench database, the floor's URLconf; the
    production connection pool unless DATABASE_POOL was set by whoever ran the bench."""
    env = dict(ORIGINAL_ENV)
    env.update(
        DJANGO_SETTINGS_MODULE="bench.settings",
        DEBUG="0",
        SECRET_KEY=SECRET_KEY,
        ALLOWED_HOSTS=HOST,
        HTTPS="0",
        DATABASE_URL=cfg.database_url,
        BENCH_STATIC_ROOT=str(RESULTS / "static"),
        MEDIA_ROOT=str(MEDIA),
    )
    return env


def recreate_database(url: str) -> None:
    import psycopg
    from psycopg import sql

    parsed = urlparse(url)
    name = parsed.path.lstrip("/")
    if "bench" not in name:
        raise SystemExit(f"refusing to drop {name!r}: the bench database's name must contain 'bench'")
    maintenance = urlunparse(parsed._replace(path="/postgres"))
    with psycopg.connect(maintenance, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    log(f"database {name} created")


def setup_django(cfg: Config) -> None:
    os.environ.update(server_env(cfg))
    os.environ["DATABASE_POOL"] = "0"  # this process: plain connections; gunicorn keeps the production pool
    import django

    django.setup()


def local_midnight():
    from django.utils import timezone

    from units import clock

    today = clock.today()
    return today, timezone.make_aware(dt.datetime.combine(today, dt.time()))


def prepare(cfg: Config) -> dict:
    """Seed (or reuse) the database; returns what the report says about the data."""
    from bench import seed

    started = time.monotonic()
    data = {}
    today, midnight = local_midnight()
    if not cfg.reuse:
        seed.load_organisation(cfg.n)
        data.update(seed.add_bench_units(cfg.n))
        history = seed.load_history(today)
        data.update(history_checkins=history["checkins"], history_first=history["first"],
                    history_last=history["last"], history_seconds=history["seconds"])
        data.update(seed.lock_closed_months(*previous_month(today)))
    elif not fetch_one("SELECT count(*) FROM units_unit WHERE code = %s", [seed.BIG_UNIT]):
        raise SystemExit("BENCH_REUSE=1 needs a database seeded by an earlier run; run without it first")
    seed.make_working_days([today, today + dt.timedelta(days=1)])
    seed.set_photo_required(False)  # the check-in rush without photos; photo_phase turns them on
    seed.create_floor_table()
    data["presence_build_seconds"] = round(seed.reset_day(midnight), 2)
    counts = seed.counts()
    data.update(staff=counts["staff"], units=counts["units"], big_unit_staff=seed.BIG_UNIT_STAFF,
                big_unit=seed.BIG_UNIT, seed_seconds=round(time.monotonic() - started, 1))
    if cfg.reuse:
        first, last = seed.fetch("SELECT min(date), max(date) FROM attendance_checkin")[0]
        data.update(history_checkins=counts["checkins"], history_first=str(first), history_last=str(last))
    return data


def fetch_one(sql: str, params=None):
    rows = fetch_all(sql, params)
    return rows[0][0] if rows else None


def collectstatic() -> None:
    from django.core.management import call_command

    started = time.monotonic()
    call_command("collectstatic", "--no-input", verbosity=0)
    log(f"collectstatic in {time.monotonic() - started:.1f} s")


# --- The server ----------------------------------------------------------------------------------------


def start_server(cfg: Config) -> subprocess.Popen:
    command = [
        sys.executable, "-m", "gunicorn", "config.wsgi",
        "--bind", f"{HOST}:{cfg.port}",
        "--workers", str(cfg.workers),
        "--worker-class", cfg.worker_class,
        "--log-level", "warning",
    ]
    if cfg.worker_class == "gthread":
        command += ["--threads", str(cfg.threads)]
    process = subprocess.Popen(command, cwd=ROOT, env=server_env(cfg))
    deadline = time.monotonic() + 60
    probe = driver.build_request("GET", "/masuk/", f"{HOST}:{cfg.port}")
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"gunicorn exited with {process.returncode}")
        try:
            if driver.exchange(HOST, cfg.port, probe).status == 200:
                log(f"gunicorn up: {cfg.server_description} on {HOST}:{cfg.port}")
                return process
        except OSError:
            pass
        time.sleep(0.3)
    process.terminate()
    raise SystemExit("gunicorn did not answer within 60 s")


def stop_server(process: subprocess.Popen) -> None:
    process.terminate()
    try:
        process.wait(timeout=30)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


# --- Where the CPU went: gunicorn's processes and the bench database's backends (Linux /proc) ---------


def process_cpu(pids) -> dict[int, float]:
    """CPU seconds (user + system) so far of each process still alive."""
    ticks = os.sysconf("SC_CLK_TCK")
    found = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
            found[pid] = (int(fields[11]) + int(fields[12])) / ticks
        except (OSError, IndexError, ValueError):
            continue
    return found


def children(parent: int) -> list[int]:
    pids = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                if int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1]) == parent:
                    pids.append(int(entry.name))
            except (OSError, IndexError, ValueError):
                continue
    return pids


class CpuProbe:
    """CPU spent by the server under test during a rush, whatever else the machine is doing: a steadier
    figure than wall time on a shared machine. The database backends are those connected to the bench
    database (gunicorn's pools), read from pg_stat_activity."""

    def __init__(self, server_pid: int):
        self.server_pid = server_pid

    def sample(self) -> dict:
        backends = []
        try:
            from django.db import connection

            with connection.cursor() as cursor:
                cursor.execute(
                    "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
                )
                backends = [row[0] for row in cursor.fetchall()]
        except Exception:  # a report detail, never a reason to stop the bench
            pass
        return {"app": process_cpu([self.server_pid, *children(self.server_pid)]), "db": process_cpu(backends)}

    @staticmethod
    def spent(before: dict, after: dict, requests: int) -> dict:
        result = {}
        for side in ("app", "db"):
            seconds = sum(value - before[side].get(pid, 0.0) for pid, value in after[side].items())
            result[f"{side}_cpu_s"] = round(seconds, 2)
            result[f"{side}_cpu_ms_per_request"] = round(1000 * seconds / requests, 2) if requests else None
        return result


def measured_rush(probe: CpuProbe | None, items, connections, port) -> tuple[driver.Rush, dict]:
    before = probe.sample() if probe else None
    result = driver.rush(HOST, port, items, connections, JUDGES)
    spent = CpuProbe.spent(before, probe.sample(), len(result.results)) if probe else {}
    return result, spent


# --- Requests ------------------------------------------------------------------------------------------


@dataclass
class Phone:
    """A phone during one rush: who, and the cookies it holds (None until it signs in)."""

    seed: object  # bench.seed.Phone
    csrf: str
    cookies: dict | None

    @property
    def key(self) -> int:
        return self.seed.employee_id


def csrf_secret() -> str:
    """A CSRF secret of Django's own shape (32 characters), used as both the cookie and the form field."""
    return secrets.token_hex(16)


def position(phone) -> tuple[float, float]:
    """Inside the office fence: the office point moved by a few metres (the same for the same person)."""
    lat, lon = (phone.latitude, phone.longitude) if phone.latitude is not None else CITY_CENTRE
    jitter = (phone.employee_id % 7 - 3) * 0.00001  # ≤ 3.3 m
    return lat + jitter, lon - jitter


class Requests:
    """Prepared request bytes for the phones (built before the clock starts)."""

    def __init__(self, port: int, keep_alive: bool = False):
        self.host = f"{HOST}:{port}"
        self.keep_alive = keep_alive

    def request(self, method: str, path: str, **kwargs) -> bytes:
        return driver.build_request(method, path, self.host, keep_alive=self.keep_alive, **kwargs)

    def sign_in(self, phone: Phone) -> bytes:
        body = driver.form_body({
            "csrfmiddlewaretoken": phone.csrf,
            "username": phone.seed.nip,
            "password": demo_password(),
            "next": "/saya/",
        })
        return self.request("POST", "/masuk/", cookies={"csrftoken": phone.csrf}, body=body)

    def checkin(self, phone: Phone) -> bytes:
        lat, lon = position(phone.seed)
        body = driver.form_body({
            "csrfmiddlewaretoken": phone.cookies["csrftoken"],
            "token": str(uuid.uuid4()),
            "kind": "in",
            "latitude": f"{lat:.6f}",
            "longitude": f"{lon:.6f}",
            "accuracy": "12",
            "location_status": "ok",
            "reason": "",
        })
        headers = {"HX-Request": "true", "HX-Target": "checkin", "HX-Current-URL": f"http://{self.host}/saya/"}
        return self.request("POST", "/saya/presensi/", cookies=phone.cookies, headers=headers, body=body)

    def checkin_photo(self, phone: Phone, photo: bytes) -> tuple[bytes, ...]:
        """The same check-in with the face photo, multipart as htmx sends it (hx-encoding); the photo's
        bytes are one object shared by every phone's request (driver.build_request_parts)."""
        lat, lon = position(phone.seed)
        boundary = "----hadirbench" + uuid.uuid4().hex
        body = driver.multipart_body(
            {
                "csrfmiddlewaretoken": phone.cookies["csrftoken"],
                "token": str(uuid.uuid4()),
                "kind": "in",
                "latitude": f"{lat:.6f}",
                "longitude": f"{lon:.6f}",
                "accuracy": "12",
                "location_status": "ok",
                "reason": "",
            },
            {"photo": ("foto.jpg", "image/jpeg", photo)},
            boundary,
        )
        headers = {
            "HX-Request": "true", "HX-Target": "checkin", "HX-Current-URL": f"http://{self.host}/saya/",
            "Content-Type": f"multipart/form-data; boundary={boundary}",
        }
        return driver.build_request_parts(
            "POST", "/saya/presensi/", self.host, cookies=phone.cookies, headers=headers, body=body,
            keep_alive=self.keep_alive,
        )

    def floor_insert(self, phone: Phone) -> bytes:
        body = driver.form_body({"csrfmiddlewaretoken": phone.cookies["csrftoken"]})
        return self.request("POST", "/bench/floor/insert/", cookies=phone.cookies, body=body)

    def get(self, path: str, cookies: dict, htmx: bool = False) -> bytes:
        headers = {"HX-Request": "true"} if htmx else None
        return self.request("GET", path, cookies=cookies, headers=headers)

    def post(self, path: str, cookies: dict, fields: dict, htmx: bool = False) -> bytes:
        headers = {"HX-Request": "true"} if htmx else None
        body = driver.form_body({"csrfmiddlewaretoken": cookies["csrftoken"], **fields})
        return self.request("POST", path, cookies=cookies, headers=headers, body=body)


def demo_password() -> str:
    from units.demo import DEMO_PASSWORD

    return DEMO_PASSWORD


def judge_checkin(response: driver.Response):
    """A recorded (or duplicate) check-in: 200 with the check-in partial pointing at the stored row."""
    if response.status == 200 and b"data-checkin=" in response.body:
        return True, b"Sudah tercatat" not in response.body
    return False, f"{response.status} {response.body[:200]!r}"


def judge_sign_in(response: driver.Response):
    cookies = driver.set_cookies(response.headers)
    if response.status == 302 and "sessionid" in cookies:
        return True, cookies
    return False, f"{response.status} {response.body[:200]!r}"


def judge_floor(response: driver.Response):
    if response.status == 200 and response.body.startswith(b"ok "):
        return True, int(response.body[3:])
    return False, f"{response.status} {response.body[:200]!r}"


def judge_page(response: driver.Response):
    if response.status == 200:
        return True, len(response.body)
    return False, f"{response.status} {response.body[:200]!r}"


def judge_rows(response: driver.Response):
    if response.status == 200 and response.body.count(b"<tr>") >= 200:
        return True, len(response.body)
    return False, f"{response.status} {response.body[:200]!r}"


JUDGES = {"checkin": judge_checkin, "photo": judge_checkin, "signin": judge_sign_in, "floor": judge_floor}


# --- The rush ------------------------------------------------------------------------------------------


def stored_since(since: dt.datetime) -> list[tuple[int, str]]:
    """(employee id, kind) of the check-ins written since `since`."""
    from django.utils import timezone

    return fetch_all(
        "SELECT employee_id, kind FROM attendance_checkin WHERE date >= %s AND at >= %s",
        [timezone.localdate(since) - dt.timedelta(days=1), since],
    )


def floor_rows_stored() -> list[tuple[int, str]]:
    """(row id, "in") of the floor's table, emptied before each level."""
    from bench.seed import FLOOR_TABLE

    return fetch_all(f"SELECT id, 'in' FROM {FLOOR_TABLE}")


def fetch_all(sql: str, params=None) -> list[tuple]:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(sql, params)
        return cursor.fetchall()


def server_now() -> dt.datetime:
    from django.utils import timezone

    return timezone.now()


def signed_in_cookies(phones: list[Phone], rush: driver.Rush) -> None:
    cookies = {r.key: r.detail for r in rush.of("signin") if r.ok}
    for phone in phones:
        if phone.key in cookies:
            phone.cookies = {"sessionid": cookies[phone.key]["sessionid"],
                             "csrftoken": cookies[phone.key].get("csrftoken", phone.csrf)}


def one_level(cfg: Config, requests: Requests, seeded: list, connections: int, probe: CpuProbe | None) -> dict:
    """Sign-ins, the floor rush and the check-in rush at one concurrency, each checked in the database."""
    phones = [Phone(p, csrf, {"sessionid": p.session, "csrftoken": csrf} if p.session else None)
              for p, csrf in ((p, csrf_secret()) for p in seeded)]
    signing = [p for p in phones if p.cookies is None]
    started_at = server_now()
    level = {"connections": connections, "signed_in_sessions": []}
    if cfg.sign_in == "phased":
        sign_in_phase(cfg, requests, signing, level, probe)
    floor_phase(cfg, requests, phones, level, probe)
    if cfg.sign_in == "interleaved":
        for phone in signing:
            phone.cookies = None  # the floor's sign-ins are not reused: they sign in again in this rush
    checkin_phase(cfg, requests, phones, level, probe, started_at)
    photo_phase(cfg, requests, phones, level, probe)
    return level


def sign_in_phase(cfg, requests: Requests, signing: list[Phone], level: dict, probe) -> None:
    """The phones without a session sign in through the login form, all of them at this concurrency."""
    items = [driver.Item(p.key, "signin", requests.sign_in(p)) for p in signing]
    rush, cpu = measured_rush(probe, items, level["connections"], cfg.port)
    signed_in_cookies(signing, rush)
    level["sign_in"] = {**rush.summary("signin"), "server_cpu": cpu}
    level["signed_in_sessions"] += [p.cookies["sessionid"] for p in signing if p.cookies]
    log(f"{level['connections']} connections: {level['sign_in']['ok']} sign-ins in {rush.seconds:.1f} s")


def floor_phase(cfg, requests: Requests, phones: list[Phone], level: dict, probe) -> None:
    """Every phone POSTs once to the floor's insert; the rows stored must be the ids answered."""
    if cfg.sign_in == "phased":
        items = [driver.Item(p.key, "floor", requests.floor_insert(p)) for p in phones if p.cookies]
    else:
        items = interleaved_items(requests, phones, "floor")
    rush, cpu = measured_rush(probe, items, level["connections"], cfg.port)
    level["floor"] = {**rush.summary("floor"), "server_cpu": cpu}
    level["floor_db"] = report.consistency(
        [r.detail for r in rush.of("floor") if r.ok], floor_rows_stored()
    )
    level["signed_in_sessions"] += [r.detail["sessionid"] for r in rush.of("signin") if r.ok]
    f = level["floor"]
    log(f"{level['connections']} connections: floor {f['ok']} inserts, {f['throughput_per_s']}/s, "
        f"p95 {f['latency']['p95_ms']} ms")


def checkin_phase(cfg, requests: Requests, phones: list[Phone], level: dict, probe, started_at) -> None:
    """Every phone checks in once; then: stored = confirmed, nobody with two "in" rows."""
    if cfg.sign_in == "phased":
        items = [driver.Item(p.key, "checkin", requests.checkin(p)) for p in phones if p.cookies]
    else:
        items = interleaved_items(requests, phones, "checkin")
    rush, cpu = measured_rush(probe, items, level["connections"], cfg.port)
    answers = rush.of("checkin")
    level["checkin"] = {**rush.summary("checkin"), "server_cpu": cpu}
    if cfg.sign_in == "interleaved":
        level["sign_in"] = rush.summary("signin")
        level["signed_in_sessions"] += [r.detail["sessionid"] for r in rush.of("signin") if r.ok]
    level["not_sent"] = len(phones) - len(answers)  # a phone whose sign-in failed never checked in
    level["duplicates_answered"] = sum(1 for r in answers if r.ok and r.detail is False)
    level["checkin_db"] = report.consistency([r.key for r in answers if r.ok], stored_since(started_at))
    c, db = level["checkin"], level["checkin_db"]
    log(f"{level['connections']} connections: {c['ok']}/{len(phones)} check-ins in {c['seconds']:.1f} s, "
        f"{c['throughput_per_s']}/s, p50 {c['latency']['p50_ms']} p95 {c['latency']['p95_ms']} "
        f"p99 {c['latency']['p99_ms']} ms, errors {c['errors'] + level['not_sent']}, "
        f"lost {db['lost']}, doubled {db['doubled']}, stored {db['stored']}")


def bench_photo() -> bytes:
    """A drawn face (attendance.checkin.face_sample, never a real person) as a 640 × 480 JPEG of about
    PHOTO_BYTES: what a phone sends at the most."""
    from attendance.checkin import face_sample

    return face_sample.face_jpeg_of_about(PHOTO_BYTES)


def clear_media() -> None:
    shutil.rmtree(MEDIA / "presensi", ignore_errors=True)


def photo_storage(since: dt.datetime) -> dict:
    """What the photo rush left: its rows with a photo key, the files under MEDIA_ROOT (their bytes, and the
    blocks they take on disk), per check-in; files beyond the rows would be photos no row kept."""
    from django.utils import timezone

    rows, key_bytes = fetch_all(
        "SELECT count(*), coalesce(sum(length(photo)), 0) FROM attendance_checkin "
        "WHERE date >= %s AND at >= %s AND photo <> ''",
        [timezone.localdate(since) - dt.timedelta(days=1), since],
    )[0]
    files = file_bytes = disk_bytes = 0
    for path in (MEDIA / "presensi").rglob("*"):
        if path.is_file():
            stat = path.stat()
            files, file_bytes, disk_bytes = files + 1, file_bytes + stat.st_size, disk_bytes + stat.st_blocks * 512
    per = (lambda total: round(total / rows, 1)) if rows else (lambda total: None)
    return {
        "checkins": rows, "files": files, "orphan_files": files - rows, "file_bytes": file_bytes,
        "disk_bytes": disk_bytes, "file_bytes_per_checkin": per(file_bytes),
        "disk_bytes_per_checkin": per(disk_bytes), "key_bytes_per_checkin": per(key_bytes),
    }


def photo_phase(cfg, requests: Requests, phones: list[Phone], level: dict, probe) -> None:
    """Every phone checks in once more, on a fresh day, now with a face photo (every unit asks for one): the
    check-in rush plus the upload, the face check and the file write. Then: stored = confirmed, nobody with
    two "in" rows, one file per row, and the storage per check-in; the files are removed afterwards."""
    from bench import seed

    _today, midnight = local_midnight()
    seed.reset_day(midnight)
    clear_media()
    photo = bench_photo()
    items = [driver.Item(p.key, "photo", requests.checkin_photo(p, photo)) for p in phones if p.cookies]
    started_at = server_now()
    seed.set_photo_required(True)
    try:
        rush, cpu = measured_rush(probe, items, level["connections"], cfg.port)
    finally:
        seed.set_photo_required(False)
    answers = rush.of("photo")
    level["photo"] = {**rush.summary("photo"), "server_cpu": cpu, "photo_bytes": len(photo),
                      "storage": photo_storage(started_at)}
    level["photo_not_sent"] = len(phones) - len(answers)
    level["photo_db"] = report.consistency([r.key for r in answers if r.ok], stored_since(started_at))
    clear_media()
    p, db, st = level["photo"], level["photo_db"], level["photo"]["storage"]
    log(f"{level['connections']} connections: {p['ok']}/{len(phones)} check-ins with a {len(photo) // 1024} KB photo "
        f"in {p['seconds']:.1f} s, {p['throughput_per_s']}/s, p95 {p['latency']['p95_ms']} ms, errors {p['errors']}, "
        f"lost {db['lost']}, doubled {db['doubled']}; {st['files']} files, "
        f"{st['disk_bytes_per_checkin']} bytes on disk per check-in")


def interleaved_items(requests: Requests, phones: list[Phone], kind: str) -> list[driver.Item]:
    """A rush with the sign-ins in it: a phone without a session signs in, then sends its request."""
    build = {"checkin": requests.checkin, "floor": requests.floor_insert}[kind]

    def after_sign_in(phone):
        def then(_response, cookies):
            if not isinstance(cookies, dict) or "sessionid" not in cookies:
                return None
            phone.cookies = {"sessionid": cookies["sessionid"], "csrftoken": cookies.get("csrftoken", phone.csrf)}
            return driver.Item(phone.key, kind, build(phone))

        return then

    items = []
    for phone in phones:
        if phone.cookies:
            items.append(driver.Item(phone.key, kind, build(phone)))
        else:
            items.append(driver.Item(phone.key, "signin", requests.sign_in(phone), after_sign_in(phone)))
    return items


def forget_sessions(keys: list[str]) -> None:
    """The sessions made by this level's sign-ins: the next level signs the same phones in again."""
    from bench.seed import execute

    execute("DELETE FROM django_session WHERE session_key = ANY(%s)", [keys])


def warm_up(cfg: Config, requests: Requests, seeded: list) -> None:
    """Load every worker's code paths before measuring: a few check-ins and floor inserts (undone)."""
    from bench import seed

    _today, midnight = local_midnight()
    sample = [p for p in seeded if p.session][: cfg.workers * cfg.threads * 6]
    phones = [Phone(p, csrf, {"sessionid": p.session, "csrftoken": csrf})
              for p, csrf in ((p, csrf_secret()) for p in sample)]
    items = [driver.Item(p.key, "checkin", requests.checkin(p)) for p in phones]
    items += [driver.Item(p.key, "floor", requests.floor_insert(p)) for p in phones]
    rush = driver.rush(HOST, cfg.port, items, cfg.workers * cfg.threads, JUDGES)
    failed = [r for r in rush.results if not r.ok]
    if failed:
        raise SystemExit(f"warm-up failed: {len(failed)} of {len(rush.results)}: {failed[0].detail}")
    seed.reset_day(midnight)
    # Each worker thread loads its face detector at its first photo (attendance.checkin.photos).
    photo = bench_photo()
    seed.set_photo_required(True)
    try:
        items = [driver.Item(p.key, "photo", requests.checkin_photo(p, photo)) for p in phones]
        rush = driver.rush(HOST, cfg.port, items, cfg.workers * cfg.threads, JUDGES)
    finally:
        seed.set_photo_required(False)
    failed = [r for r in rush.results if not r.ok]
    if failed:
        raise SystemExit(f"warm-up with photos failed: {len(failed)} of {len(rush.results)}: {failed[0].detail}")
    seed.reset_day(midnight)
    clear_media()


# --- Pages ---------------------------------------------------------------------------------------------


def session_of(seeded: list, employee_id: int) -> dict:
    phone = next(p for p in seeded if p.employee_id == employee_id)
    return {"sessionid": phone.session, "csrftoken": csrf_secret()}


def time_page(cfg: Config, data: bytes, judge, before=None) -> dict:
    """`repeat` sequential requests after two to warm up; `before()`, when given, runs before each one
    (outside the timing): the boards after a change, which their snapshots cannot answer."""
    if before is None:
        driver.sequential(HOST, cfg.port, data, 2, judge)  # warm: templates, caches
        results = driver.sequential(HOST, cfg.port, data, cfg.repeat, judge)
    else:
        results = []
        for _ in range(cfg.repeat + 2):
            before()
            results += driver.sequential(HOST, cfg.port, data, 1, judge)
        results = results[2:]
    summary = driver.latency_summary([r.seconds for r in results])
    summary["errors"] = sum(1 for r in results if not r.ok)
    summary["bytes"] = results[-1].detail if results and results[-1].ok else None
    if summary["errors"]:
        summary["error_examples"] = [str(r.detail)[:300] for r in results if not r.ok][:3]
    return summary


SCAN_REPEAT = 3


def time_scan() -> dict:
    """The minute task (attendance/alerts/tasks.py: the coverage scan and the reminders to staff) as the task
    worker runs it, in this process against the bench database: the median of SCAN_REPEAT runs (the first raises
    the alerts and sends the reminders, the others keep them), wall time and this process's CPU (the database's
    work is in the wall time). Its alerts and notices are removed."""
    from attendance.alerts import reminders, scan
    from attendance.models import CoverageAlert
    from units import clock
    from units.models import Employee, Notification, Unit

    walls, cpus, result = [], [], None
    for _ in range(SCAN_REPEAT):
        wall, cpu = time.perf_counter(), time.process_time()
        result = scan.scan(clock.now())
        reminders.remind(clock.now())
        walls.append(time.perf_counter() - wall)
        cpus.append(time.process_time() - cpu)
    units = Unit.objects.active().filter(is_frontline=True)
    found = {
        "seconds": round(sorted(walls)[len(walls) // 2], 2),
        "cpu_seconds": round(sorted(cpus)[len(cpus) // 2], 2),
        "staff": Employee.objects.active().count(),
        "frontline_staff": Employee.objects.active().filter(unit__in=units).count(),
        "units": units.count(),
        "short": result.short if result else 0,
        "repeat": SCAN_REPEAT,
    }
    Notification.objects.all().delete()
    CoverageAlert.objects.all().delete()
    return found


def time_scoring() -> dict:
    """The nightly spoofing-signal scoring (attendance/integrity/scoring.py) as the task worker runs it, in this
    process against the bench database (its history: every staff member's phone check-ins, wandering around the
    office point); then the signals on the labelled set (attendance/integrity/planted.py) at the bench's size:
    planted cheaters caught, honest staff flagged. Its cases are removed."""
    from attendance.integrity import planted, scoring, signals
    from attendance.models import IntegrityRules, SuspicionCase

    wall, cpu = time.perf_counter(), time.process_time()
    found = scoring.score()
    result = {
        "seconds": round(time.perf_counter() - wall, 1), "cpu_seconds": round(time.process_time() - cpu, 1),
        "units": found.units, "checkins": found.fixes, "flagged": found.flagged,
        "period_days": IntegrityRules.current().period_days,
    }
    SuspicionCase.objects.all().delete()
    labelled = planted.generate(honest=2000, per_kind=50)
    rates = planted.rates(labelled, signals.find(labelled.fixes))
    result["labelled"] = {
        "honest": rates.honest_flagged[1], "honest_flagged": rates.honest_flagged[0],
        "planted": {kind: list(found) for kind, found in rates.caught.items()}, "by_signal": rates.by_signal,
        "caught_share": round(rates.caught_share, 4), "honest_share": round(rates.honest_share, 4),
    }
    return result


def previous_month(today: dt.date) -> tuple[int, int]:
    return (today.year, today.month - 1) if today.month > 1 else (today.year - 1, 12)


def time_export(cfg: Config, requests: Requests, cookies: dict) -> dict:
    """The city's monthly recap file as the browser gets it: the page, "Siapkan berkas" (counting
    again from the start), the progress steps htmx posts one after another, then the XLSX download."""
    today, _midnight = local_midnight()
    year, month = previous_month(today)
    bulan = f"{year:04d}-{month:02d}"
    page = requests.get(f"/rekap/kota/unduh/?bulan={bulan}", cookies)
    xlsx = requests.get(f"/rekap/kota/rekap.xlsx?bulan={bulan}", cookies)
    runs, errors, steps, step_seconds = [], [], 0, []
    for _ in range(cfg.export_repeat):
        started = time.perf_counter()
        try:
            response = driver.exchange(HOST, cfg.port, page)
            if response.status != 200:
                raise RuntimeError(f"page {response.status}")
            fields = {"bulan": bulan, "ulang": "1"}
            steps = 0
            while True:
                step_started = time.perf_counter()
                response = driver.exchange(HOST, cfg.port, requests.post("/rekap/kota/unduh/", cookies, fields, htmx=True))
                step_seconds.append(time.perf_counter() - step_started)
                if response.status != 200:
                    raise RuntimeError(f"step {steps + 1}: {response.status} {response.body[:200]!r}")
                steps += 1
                if b"rekap.xlsx?bulan=" in response.body:
                    break
                if steps > 13:
                    raise RuntimeError("the export never became ready")
                fields = {"bulan": bulan}
            response = driver.exchange(HOST, cfg.port, xlsx)
            if response.status != 200 or b"spreadsheetml" not in (response.header(b"content-type") or b""):
                raise RuntimeError(f"xlsx {response.status} {response.body[:200]!r}")
            runs.append(time.perf_counter() - started)
        except (RuntimeError, OSError) as error:
            errors.append(str(error))
    return {
        "month": bulan,
        "runs": len(runs),
        "steps": steps,
        "seconds": [round(s, 2) for s in runs],
        "p50_s": round(statistics.median(runs), 2) if runs else None,
        "max_s": round(max(runs), 2) if runs else None,
        "step_p50_s": round(statistics.median(step_seconds), 2) if step_seconds else None,
        "xlsx_bytes": len(response.body) if runs else None,
        "errors": len(errors),
        "error_examples": errors[:3],
    }


API_SYNC_ROWS = 5_000  # issue 18: a staff sync of 5,000 rows in one call


def time_api(cfg: Config) -> dict:
    """Issue 18 through the server: a staff sync of API_SYNC_ROWS people in one call (the bench's staff as the
    staff system would send them, every other one with a new position title), then last month's recap of the whole
    city streamed as NDJSON (/api/v1/recap/…/export). A whole-city client with write scope is registered for it."""
    import json

    from api.clients import keys
    from units.models import Employee

    issued = keys.register(f"bench {uuid.uuid4().hex[:8]}", "bench@example.org", whole_city=True, write=True)
    headers = {"Authorization": f"Bearer {issued.plain}"}
    staff = Employee.objects.filter(is_active=True).select_related("unit").order_by("pk")[:API_SYNC_ROWS]
    rows = [
        {"nip": e.nip, "full_name": e.full_name, "asn_type": e.asn_type,
         "position_title": e.position_title + (" (bench)" if i % 2 else ""),
         "position_category": e.position_category, "unit": e.unit.code, "service_role": e.service_role}
        for i, e in enumerate(staff)
    ]
    body = json.dumps({"rows": rows}).encode()
    sync = driver.build_request("POST", "/api/v1/staff/sync", f"{HOST}:{cfg.port}",
                                headers={**headers, "Content-Type": "application/json"}, body=body)
    started = time.perf_counter()
    response = driver.exchange(HOST, cfg.port, sync)
    seconds = time.perf_counter() - started
    answer = json.loads(response.body) if response.status == 200 else {}
    found = {"rows": len(rows), "status": response.status, "seconds": round(seconds, 2),
             "written": answer.get("written"), "errors": (answer.get("counts") or {}).get("error")}
    today, _midnight = local_midnight()
    year, month = previous_month(today)
    export = driver.build_request("GET", f"/api/v1/recap/{year}/{month}/export", f"{HOST}:{cfg.port}", headers=headers)
    started = time.perf_counter()
    response = driver.exchange(HOST, cfg.port, export)
    found["export"] = {"month": f"{year:04d}-{month:02d}", "status": response.status,
                       "seconds": round(time.perf_counter() - started, 2),
                       "lines": response.body.count(b"\n"), "bytes": len(response.body)}
    return found


# --- Machine -------------------------------------------------------------------------------------------


def machine() -> dict:
    import django
    import gunicorn

    cpu, ram = "?", None
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
        for line in Path("/proc/meminfo").read_text().splitlines():
            if line.startswith("MemTotal"):
                ram = round(int(line.split()[1]) / 1024 / 1024, 1)
    except OSError:
        pass
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "ram_gb": ram,
        "os": f"{platform.system()} {platform.release()}",
        "python": platform.python_version(),
        "django": django.get_version(),
        "postgresql": fetch_one("SHOW server_version"),
        "gunicorn": gunicorn.__version__,
        "load_average": ", ".join(f"{x:.2f}" for x in os.getloadavg()),
    }


def hash_cost() -> dict:
    """CPU time of one password check with the configured hasher, measured in this process (the least of
    five: the hasher's own cost, without what other work on the machine adds)."""
    from django.contrib.auth.hashers import get_hasher

    hasher = get_hasher()
    encoded = hasher.encode(demo_password(), hasher.salt())
    times = []
    for _ in range(5):
        started = time.process_time()
        hasher.verify(demo_password(), encoded)
        times.append(time.process_time() - started)
    return {"algorithm": hasher.algorithm, "iterations": getattr(hasher, "iterations", None),
            "cpu_ms": round(min(times) * 1000, 1), "cpu_ms_median": round(statistics.median(times) * 1000, 1)}


# --- Main ----------------------------------------------------------------------------------------------


def run(cfg: Config) -> dict:
    started = time.monotonic()
    results = {"date": dt.datetime.now().astimezone().isoformat(timespec="seconds"), "command": cfg.command,
               "config": {"n": cfg.n, "connections": cfg.connections, "sign_in": cfg.sign_in,
                          "repeat": cfg.repeat, "export_repeat": cfg.export_repeat, "reuse": cfg.reuse,
                          "keep_alive": cfg.keep_alive},
               "server": {"workers": cfg.workers, "worker_class": cfg.worker_class, "threads": cfg.threads,
                          "description": cfg.server_description}}
    if not cfg.reuse:
        recreate_database(cfg.database_url)
    setup_django(cfg)
    from bench import seed

    results["machine"] = machine()
    results["data"] = prepare(cfg)
    users = seed.board_users()
    seeded = seed.make_phones(keep=set(users.values()))
    seed.analyze()
    collectstatic()
    results["sign_in_hash"] = hash_cost()
    log(f"one password hash: {results['sign_in_hash']}")
    server = start_server(cfg)
    try:
        requests = Requests(cfg.port, cfg.keep_alive)
        warm_up(cfg, requests, seeded)
        results["levels"] = []
        for index, connections in enumerate(cfg.connections):
            level = one_level(cfg, requests, seeded, connections, CpuProbe(server.pid))
            forget_sessions(level.pop("signed_in_sessions"))
            results["levels"].append(level)
            if index < len(cfg.connections) - 1:
                _today, midnight = local_midnight()
                seed.reset_day(midnight)  # a fresh day for the next level; the last one stays for the boards
        head, admin = session_of(seeded, users["head"]), session_of(seeded, users["admin"])
        results["pages"] = {
            "floor_rows": time_page(cfg, requests.get("/bench/floor/rows/", head), judge_rows),
            "unit_board": time_page(cfg, requests.get(f"/papan/unit/{seed.BIG_UNIT}/", head), judge_page),
            "city_board": time_page(cfg, requests.get("/papan/kota/", admin), judge_page),
        }
        # The same boards when each request follows a change (an edit of one person of the big unit), so
        # that their snapshots (attendance/boards/snapshot.py) cannot answer: what a board costs during the rush.
        touch = seed.touch_big_unit
        results["pages"]["unit_board_changed"] = time_page(
            cfg, requests.get(f"/papan/unit/{seed.BIG_UNIT}/", head), judge_page, before=touch)
        results["pages"]["city_board_changed"] = time_page(
            cfg, requests.get("/papan/kota/", admin), judge_page, before=touch)
        for name, page in results["pages"].items():
            log(f"{name}: p50 {page['p50_ms']} ms, p95 {page['p95_ms']} ms, errors {page['errors']}")
        results["scan"] = time_scan()
        log(f"minute task: {results['scan']['seconds']} s ({results['scan']['cpu_seconds']} s CPU) over "
            f"{results['scan']['staff']:,} staff, {results['scan']['units']} frontline units")
        results["scoring"] = time_scoring()
        log(f"spoofing scoring: {results['scoring']['seconds']} s over {results['scoring']['checkins']:,} check-ins "
            f"({results['scoring']['units']} units), {results['scoring']['flagged']} flagged")
        results["export"] = time_export(cfg, requests, admin)
        log(f"city export {results['export']['month']}: {results['export']['seconds']} s "
            f"({results['export']['steps']} steps), errors {results['export']['errors']}")
        results["api"] = time_api(cfg)
        log(f"API staff sync of {results['api']['rows']:,} rows: {results['api']['seconds']} s "
            f"(status {results['api']['status']}); month streamed: {results['api']['export']}")
    finally:
        stop_server(server)
    results["seconds"] = round(time.monotonic() - started, 1)
    results["targets"] = report.targets(results)
    results["ok"] = not report.failed_integrity(results)
    return results


def write(cfg: Config, results: dict) -> str:
    table = report.markdown(results)
    RESULTS.mkdir(parents=True, exist_ok=True)
    text = json.dumps(results, indent=2, default=str) + "\n"
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    (RESULTS / f"{stamp}.json").write_text(text)
    (RESULTS / "latest.json").write_text(text)
    if cfg.docs:
        cfg.json_path.parent.mkdir(parents=True, exist_ok=True)
        cfg.json_path.write_text(text)
        doc = ROOT / "docs" / "benchmarks.md"
        doc.write_text(report.update_document(doc.read_text() if doc.exists() else None, table))
    return table


def main() -> int:
    cfg = Config.from_env()
    log(f"{cfg.command}: database {urlparse(cfg.database_url).path.lstrip('/')}, port {cfg.port}")
    results = run(cfg)
    table = write(cfg, results)
    print()
    print(table)
    where = f"{cfg.json_path} and docs/benchmarks.md" if cfg.docs else "bench/results/latest.json"
    log(f"results in {where}")
    if not results["ok"]:
        log("FAILED: errors, lost or doubled check-ins (see above)")
        return 1
    return 0


if __name__ == "__main__":
    try:
        sys.exit(main())
    except KeyboardInterrupt:
        sys.exit(130)
    except SystemExit:
        raise
    except Exception:  # the bench itself broke: not a measurement
        import traceback

        traceback.print_exc()
        sys.exit(2)
