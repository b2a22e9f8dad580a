"""The task runner as production runs it: the database backend and `manage.py db_worker`.

Elsewhere in the suite tasks run inline (tests/conftest.py). Here the work waits in the database
until a worker takes it, so these tests see the states in between, on SQLite and on PostgreSQL.
"""

import signal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django_tasks_db.models import DBTaskResult

from tests.conftest import login
from tests.units.staff_import.test_import import HEADER, csv_file, valid_lines
from units.models import Employee, StaffImport

DATABASE_TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend", "QUEUES": ["default"]}}


@pytest.fixture
def database_tasks(settings):
    settings.TASKS = DATABASE_TASKS


def run_worker():
    """Run every task waiting, as `manage.py db_worker` does, then return (it sets signal handlers
    for a graceful stop: put pytest's back)."""
    kept = {s: signal.getsignal(s) for s in (signal.SIGINT, signal.SIGTERM, signal.SIGQUIT)}
    try:
        call_command("db_worker", "--batch", "--no-startup-delay", "--no-reload", verbosity=0)
    finally:
        for number, handler in kept.items():
            signal.signal(number, handler)


# The worker reads what the request committed, as a separate process would: no test transaction.
@pytest.mark.django_db(transaction=True)
def test_it_reads_and_writes_an_import_on_the_database_worker(client, world, database_tasks):
    login(client, world.admin_user)
    response = client.post("/pegawai/impor/", {"file": csv_file([HEADER, *valid_lines(3)])})
    assert response.status_code == 302
    job = StaffImport.objects.get()
    assert response.url == f"/pegawai/impor/{job.code}/"
    assert (job.status, job.rows) == (StaffImport.Status.PARSING, [])
    assert DBTaskResult.objects.ready().count() == 1
    assert "Sedang membaca berkas…" in client.get(response.url).content.decode()

    run_worker()
    job.refresh_from_db()
    assert job.status == StaffImport.Status.PREVIEW
    assert [r["action"] for r in job.rows] == ["create"] * 3
    assert job.upload is None
    assert "Impor 3 pegawai baru?" in client.get(response.url).content.decode()

    client.post(f"/pegawai/impor/{job.code}/proses/")
    client.post(f"/pegawai/impor/{job.code}/proses/")  # pressed twice: enqueued once
    job.refresh_from_db()
    assert (job.status, job.processed) == (StaffImport.Status.RUNNING, 0)
    assert DBTaskResult.objects.ready().count() == 1
    poll = client.get(response.url, headers={"HX-Request": "true", "HX-Target": "import-run"})
    assert "0 dari 3 baris" in poll.content.decode()

    run_worker()
    job.refresh_from_db()
    assert (job.status, job.processed, job.summary["created"]) == (StaffImport.Status.DONE, 3, 3)
    assert Employee.objects.filter(full_name__startswith="Pegawai ").count() == 3
    assert not DBTaskResult.objects.exclude(status="SUCCESSFUL").exists()


@pytest.mark.django_db(transaction=True)
def test_it_shows_a_file_the_worker_refused(client, world, database_tasks):
    login(client, world.admin_user)
    file = SimpleUploadedFile("pegawai.csv", b"NIP;Nama\n198612032015051001;Andi\n")
    response = client.post("/pegawai/impor/", {"file": file})
    run_worker()
    html = client.get(response.url).content.decode()
    assert "Berkas ditolak" in html and "Kolom wajib tidak ditemukan" in html
    assert StaffImport.objects.get().upload is None
