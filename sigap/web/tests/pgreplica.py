"""A private primary PostgreSQL cluster and a streaming replica of it, for the read-replica tests.

The primary is initialised with initdb on a free port (never the machine's own server); the standby
is made with pg_basebackup (-R writes its primary_conninfo) and started on another port.
"""

from __future__ import annotations

import contextlib
import subprocess
from pathlib import Path

from sigap.api.tests.faults import PG_BIN, PrivatePostgres, free_port


def replica_tools_available() -> bool:
    return all((PG_BIN / name).exists() for name in ("initdb", "pg_ctl", "pg_basebackup", "pg_dump", "psql"))


class FastPostgres(PrivatePostgres):
    """A throw-away cluster tuned for speed, not durability (nothing here outlives the test)."""

    def start(self) -> None:
        self._run(str(PG_BIN / "initdb"), "-D", str(self.data), "-U", "postgres", "-A", "trust", "-E", "UTF8", "-N")
        options = (
            f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c max_connections=200"
            " -c fsync=off -c synchronous_commit=off"
        )
        self._pg_ctl("-o", options, "start")
        self._run(str(PG_BIN / "createdb"), "-h", "127.0.0.1", "-p", str(self.port), "-U", "postgres", "sigap")


class PrimaryWithReplica:
    def __init__(self) -> None:
        self.primary = FastPostgres(free_port(30000, 34999))
        self.replica_port = free_port(35000, 39999)
        self.standby = self.primary.dir / "standby"

    def start_primary(self) -> None:
        self.primary.start()

    def load(self, source_url: str) -> None:
        """Copy a database (schema and rows) into the primary's `sigap` database."""
        dump = subprocess.Popen(
            [str(PG_BIN / "pg_dump"), "--no-owner", "--no-privileges", source_url], stdout=subprocess.PIPE
        )
        with open(self.primary.dir / "load.out", "ab") as out:
            subprocess.run(
                [str(PG_BIN / "psql"), "-q", "-v", "ON_ERROR_STOP=1", self.primary.url],
                stdin=dump.stdout,
                stdout=out,
                stderr=out,
                check=True,
                timeout=300,
            )
        assert dump.stdout is not None
        dump.stdout.close()
        assert dump.wait(timeout=60) == 0, "pg_dump failed"

    def start_replica(self) -> None:
        run_as = self.primary.run_as
        with open(self.primary.dir / "standby.out", "ab") as out:
            subprocess.run(
                [
                    *run_as, str(PG_BIN / "pg_basebackup"), "-h", "127.0.0.1", "-p", str(self.primary.port),
                    "-U", "postgres", "-D", str(self.standby), "-R", "-X", "stream", "-c", "fast", "--no-sync",
                ],
                check=True, stdout=out, stderr=out, timeout=300,
            )  # fmt: skip
            # A hot standby needs at least the primary's max_connections.
            options = (
                f"-p {self.replica_port} -k {self.primary.dir} -c listen_addresses=127.0.0.1"
                " -c max_connections=200 -c fsync=off"
            )
            subprocess.run(
                [
                    *run_as, str(PG_BIN / "pg_ctl"), "-D", str(self.standby),
                    "-l", str(self.primary.dir / "standby.log"), "-w", "-o", options, "start",
                ],
                check=True, stdout=out, stderr=out, timeout=120,
            )  # fmt: skip

    def stop_replica(self) -> None:
        with contextlib.suppress(subprocess.CalledProcessError, subprocess.TimeoutExpired):
            subprocess.run(
                [*self.primary.run_as, str(PG_BIN / "pg_ctl"), "-D", str(self.standby), "-m", "immediate", "stop"],
                check=True,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
                timeout=60,
            )

    def stop(self) -> None:
        self.stop_replica()
        self.primary.stop()

    @property
    def replica_url(self) -> str:
        return f"postgres://postgres@127.0.0.1:{self.replica_port}/sigap"

    def sql(self, url: str, statement: str) -> list[tuple[object, ...]]:
        import psycopg

        with psycopg.connect(url.replace("postgres://", "postgresql://"), autocommit=True) as conn:
            cursor = conn.execute(statement)  # type: ignore[arg-type]
            return cursor.fetchall() if cursor.description else []

    def log(self) -> str:
        parts = []
        for name in ("log", "standby.log", "standby.out", "load.out"):
            path = Path(self.primary.dir / name)
            if path.exists():
                parts.append(f"--- {name} ---\n" + "\n".join(path.read_text(errors="replace").splitlines()[-20:]))
        return "\n".join(parts)
