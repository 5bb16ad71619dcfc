"""Start, stop and inspect Kinscope's embedded Neo4j 5.26 Community + Open GDS 2.13 server.

The server is a separate JVM (`neo4j-server/`, built with Maven from Maven Central jars) so it
outlives the command that started it and can be shared by the pipeline, the app and the tests.
State lives in `settings.neo4j_dir` (git-ignored): `data/`, `logs/`, `conf/neo4j.conf`
(regenerated at every start), `neo4j.pid`, `neo4j.log` (the JVM's stdout and stderr) and
`password` (mode 0600, generated at the first start unless NEO4J_PASSWORD is set).
The state folders Kinscope creates (`settings.home`, `neo4j/`, `neo4j/data/`) are mode 0700, the
pid file and log 0600, and the JVM runs with umask 077 so the store it writes is private too.

The password reaches the JVM through its environment, never its command line, so `ps` does not
show it; the launcher sets it on the `neo4j` user at every start.
"""

from __future__ import annotations

import os
import secrets
import shutil
import signal
import socket
import subprocess
import time
from dataclasses import dataclass
from pathlib import Path
from typing import IO, Any

from kinscope.errors import MissingToolError, ServerError
from kinscope.private_files import make_private_dir
from kinscope.settings import REPO_ROOT, Settings

SERVER_PROJECT = REPO_ROOT / "neo4j-server"
TARGET = SERVER_PROJECT / "target"
LAUNCHER_JAR = TARGET / "kinscope-neo4j.jar"
BUILD_STAMP = TARGET / ".kinscope-build-ok"
MAIN_CLASS = "org.kinscope.server.KinscopeNeo4j"
ADMIN_CLASS = "org.neo4j.cli.AdminTool"  # what the `neo4j-admin` script runs
STOP_TIMEOUT_S = 60.0

# What Neo4j's own start script passes (neo4j.conf `server.jvm.additional`), minus pre-touch.
# The --add-opens let the page cache and transaction logs use direct buffers and native file
# advice instead of slower fallbacks.
JVM_OPTIONS = [
    "-XX:+UseG1GC",
    "-XX:-OmitStackTraceInFastThrow",
    "-XX:+UnlockExperimentalVMOptions",
    "-XX:+TrustFinalNonStaticFields",
    "-XX:+DisableExplicitGC",
    "-Djdk.nio.maxCachedBufferSize=1024",
    "-Dio.netty.tryReflectionSetAccessible=true",
    "-Dlog4j2.disable.jmx=true",
    "--add-opens=java.base/java.nio=ALL-UNNAMED",
    "--add-opens=java.base/java.io=ALL-UNNAMED",
    "--add-opens=java.base/sun.nio.ch=ALL-UNNAMED",
    "--add-opens=java.base/java.lang=ALL-UNNAMED",
]


@dataclass(frozen=True)
class ServerStatus:
    pid: int | None
    running: bool
    bolt_ready: bool
    uri: str
    data_dir: Path

    def describe(self) -> str:
        if not self.running:
            return f"not running (data in {self.data_dir})"
        bolt = (
            f"Bolt ready at {self.uri}" if self.bolt_ready else f"Bolt not answering at {self.uri}"
        )
        return f"running (pid {self.pid}), {bolt}, data in {self.data_dir}"


# ---------------------------------------------------------------------------------------------
# public API


def status(settings: Settings) -> ServerStatus:
    pid = _read_pid(settings)
    running = pid is not None and _is_our_server(pid)
    ready = running and _bolt_ready(settings)
    return ServerStatus(
        pid=pid if running else None,
        running=running,
        bolt_ready=ready,
        uri=_uri(settings),
        data_dir=settings.neo4j_dir / "data",
    )


def start(settings: Settings) -> ServerStatus:
    """Start the server unless it already runs; return once Bolt accepts our credentials."""
    current = status(settings)
    if current.running and current.bolt_ready:
        return current
    if current.running:
        # Still starting (another `start` is polling) or wedged: wait for it like we would.
        _wait_until_ready(settings, None, current.pid, log_offset=0)
        return status(settings)

    java, mvn = _require_tools()
    _build_if_needed(mvn)
    if _port_in_use(settings.neo4j_bolt_port):
        raise ServerError(
            f"port {settings.neo4j_bolt_port} on 127.0.0.1 is already in use by another process "
            "(not the Kinscope Neo4j from this directory); stop it, or choose another port with "
            "KINSCOPE_NEO4J_BOLT_PORT (and NEO4J_URI to match)"
        )

    home = settings.neo4j_dir
    make_private_dir(settings.home)  # the state folder: loads, models and the store
    make_private_dir(home)
    make_private_dir(home / "data")
    _make_tree_private(home)  # a store written before Kinscope made it private
    password = _ensure_password(settings)
    env = dict(os.environ, KINSCOPE_NEO4J_PASSWORD=password)
    env.pop("KINSCOPE_NEO4J_PASSWORD_FILE", None)
    cmd = [
        java,
        f"-Xms{settings.neo4j_heap}",
        f"-Xmx{settings.neo4j_heap}",
        *JVM_OPTIONS,
        "-cp",
        os.pathsep.join(
            [str(LAUNCHER_JAR), str(TARGET / "lib" / "*"), str(TARGET / "plugins" / "*")]
        ),
        MAIN_CLASS,
        str(home),
        str(settings.neo4j_bolt_port),
        settings.neo4j_pagecache,
        str(TARGET / "plugins"),
    ]
    log_path = _log_path(settings)
    offset = log_path.stat().st_size if log_path.exists() else 0
    with _open_private(log_path, "ab") as log:
        log.write(
            f"\n==== {time.strftime('%Y-%m-%d %H:%M:%S')} kinscope neo4j start ====\n".encode()
        )
        log.flush()
        proc = subprocess.Popen(
            cmd,
            cwd=home,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=log,
            stderr=subprocess.STDOUT,
            start_new_session=True,  # survives this command and its Ctrl-C
            umask=0o077,  # the store, logs and generated conf: owner only
        )
    with _open_private(_pid_path(settings), "w") as pid_file:
        pid_file.write(f"{proc.pid}\n")
    _wait_until_ready(settings, proc, proc.pid, log_offset=offset)
    return status(settings)


def stop(settings: Settings) -> bool:
    """SIGTERM the server (a clean shutdown), SIGKILL it after a timeout; True if it ran."""
    pid = _read_pid(settings)
    if pid is None or not _is_our_server(pid):
        _pid_path(settings).unlink(missing_ok=True)
        return False
    os.kill(pid, signal.SIGTERM)
    deadline = time.monotonic() + STOP_TIMEOUT_S
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.25)
    if _alive(pid):
        try:
            os.killpg(pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
        while _alive(pid):
            time.sleep(0.1)
    _pid_path(settings).unlink(missing_ok=True)
    return True


def is_embedded(settings: Settings) -> bool:
    """Whether settings point at this machine's embedded server (whose files Kinscope owns)."""
    return settings.neo4j_uri.rstrip("/") in (_uri(settings), f"neo4j://127.0.0.1:{settings.neo4j_bolt_port}")


def database_dirs(settings: Settings, database: str) -> list[Path]:
    """The store and transaction-log folders of one database of the embedded server."""
    data = settings.neo4j_dir / "data"
    return [data / "databases" / database, data / "transactions" / database]


def admin_command(settings: Settings, *args: str) -> tuple[list[str], dict[str, str]]:
    """The command line and environment of `neo4j-admin ARGS` for the embedded server.

    There is no tarball and so no `neo4j-admin` script: the admin tool's entry point runs from
    the same Maven-built jars as the server (`neo4j-import-tool` comes with `org.neo4j:neo4j`),
    with NEO4J_HOME/NEO4J_CONF pointing at the server's state folder so it finds the same data
    directory and the conf the launcher generated. Run it only while the server is stopped.
    """
    java, mvn = _require_tools()
    _build_if_needed(mvn)
    home = settings.neo4j_dir
    env = dict(os.environ, NEO4J_HOME=str(home), NEO4J_CONF=str(home / "conf"))
    for secret in ("KINSCOPE_NEO4J_PASSWORD", "KINSCOPE_NEO4J_PASSWORD_FILE", "NEO4J_PASSWORD"):
        env.pop(secret, None)
    cmd = [
        java,
        f"-Xmx{settings.neo4j_heap}",
        *JVM_OPTIONS,
        "-cp",
        str(TARGET / "lib" / "*"),
        ADMIN_CLASS,
        *args,
    ]
    return cmd, env


# ---------------------------------------------------------------------------------------------
# helpers


def _make_tree_private(root: Path) -> None:
    """Remove group and other permissions from everything under `root` that this user owns."""
    uid = os.geteuid()
    for folder, dirs, files in os.walk(root):
        for path in [Path(folder) / d for d in dirs] + [Path(folder) / f for f in files]:
            try:
                info = path.lstat()
                if info.st_uid == uid and not path.is_symlink() and info.st_mode & 0o077:
                    os.chmod(path, info.st_mode & 0o700)
            except OSError:
                continue


def _open_private(path: Path, mode: str) -> IO[Any]:
    """Open for writing ("w"), or appending ("ab"), as mode 0600 whatever the umask."""
    flags = os.O_WRONLY | os.O_CREAT | (os.O_APPEND if "a" in mode else os.O_TRUNC)
    fd = os.open(path, flags, 0o600)
    os.fchmod(fd, 0o600)
    return os.fdopen(fd, mode)


def _uri(settings: Settings) -> str:
    return f"bolt://127.0.0.1:{settings.neo4j_bolt_port}"


def _pid_path(settings: Settings) -> Path:
    return settings.neo4j_dir / "neo4j.pid"


def _log_path(settings: Settings) -> Path:
    return settings.neo4j_dir / "neo4j.log"


def _read_pid(settings: Settings) -> int | None:
    try:
        return int(_pid_path(settings).read_text().strip())
    except (FileNotFoundError, ValueError):
        return None


def _alive(pid: int) -> bool:
    try:
        # Reap it if it is our own child, else a finished child lingers as a zombie.
        if os.waitpid(pid, os.WNOHANG)[0] == pid:
            return False
    except ChildProcessError:
        pass
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    try:
        stat = Path(f"/proc/{pid}/stat").read_text()
        return stat.rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return True


def _is_our_server(pid: int) -> bool:
    """Alive and running our launcher (a stale pid file may name a recycled pid)."""
    if not _alive(pid):
        return False
    try:
        return MAIN_CLASS.encode() in Path(f"/proc/{pid}/cmdline").read_bytes()
    except OSError:
        return True  # no /proc (macOS): trust the pid file


def _bolt_ready(settings: Settings, timeout: float = 3.0) -> bool:
    import neo4j

    try:
        auth = (settings.neo4j_user, settings.resolved_neo4j_password())
    except RuntimeError:
        return False
    try:
        with neo4j.GraphDatabase.driver(_uri(settings), auth=auth, connection_timeout=timeout) as d:
            d.verify_connectivity()
        return True
    except Exception:  # noqa: BLE001 - any failure means "not ready yet"
        return False


def _port_in_use(port: int) -> bool:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.settimeout(1.0)
        return s.connect_ex(("127.0.0.1", port)) == 0


def _require_tools() -> tuple[str, str]:
    java = shutil.which("java")
    if java is None:
        raise MissingToolError(
            "java not found: install Java 17 or 21 (apt-get install openjdk-17-jre-headless)"
        )
    mvn = shutil.which("mvn")
    if mvn is None and not _build_is_current():
        raise MissingToolError("mvn not found: install Maven (apt-get install maven)")
    return java, mvn or "mvn"


def _sources() -> list[Path]:
    return [SERVER_PROJECT / "pom.xml", *(SERVER_PROJECT / "src").rglob("*")]


def _build_is_current() -> bool:
    if not (BUILD_STAMP.exists() and LAUNCHER_JAR.exists()):
        return False
    built = BUILD_STAMP.stat().st_mtime
    return all(p.stat().st_mtime <= built for p in _sources() if p.is_file())


def _build_if_needed(mvn: str) -> None:
    """`mvn package` the launcher, offline first (works once ~/.m2 holds everything)."""
    if _build_is_current():
        return
    base = [mvn, "-q", "-B", "-f", str(SERVER_PROJECT / "pom.xml"), "package", "-DskipTests"]
    # Stale jars from an older pom would stay on the classpath: rebuild the copies cleanly.
    for d in ("lib", "plugins"):
        shutil.rmtree(TARGET / d, ignore_errors=True)
    result = subprocess.run([*base, "-o"], capture_output=True, text=True, check=False)
    if result.returncode != 0:
        result = subprocess.run(base, capture_output=True, text=True, check=False)
    if result.returncode != 0:
        tail = "\n".join((result.stdout + result.stderr).strip().splitlines()[-15:])
        raise ServerError(f"building neo4j-server with Maven failed:\n{tail}")
    BUILD_STAMP.write_text(time.strftime("%Y-%m-%dT%H:%M:%S\n"))


def _ensure_password(settings: Settings) -> str:
    if settings.neo4j_password:
        return settings.neo4j_password
    path = settings.embedded_password_file
    if path.exists():
        return path.read_text().strip()
    password = secrets.token_urlsafe(24)
    fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    with os.fdopen(fd, "w") as f:
        f.write(password + "\n")
    return password


def _log_tail(settings: Settings, offset: int, lines: int = 25) -> str:
    try:
        with open(_log_path(settings), "rb") as f:
            f.seek(offset)
            text = f.read().decode("utf-8", "replace")
    except OSError:
        return "(no log)"
    # Java stack frames bury the messages that say what went wrong: keep only the messages.
    kept = [
        line
        for line in text.strip().splitlines()
        if not line.lstrip().startswith("at ") and not line.lstrip().startswith("... ")
    ]
    return "\n".join(kept[-lines:])


def _wait_until_ready(
    settings: Settings, proc: subprocess.Popen | None, pid: int | None, log_offset: int
) -> None:
    deadline = time.monotonic() + settings.neo4j_start_timeout_s
    while time.monotonic() < deadline:
        exited = proc.poll() is not None if proc is not None else not (pid and _alive(pid))
        if exited:
            _pid_path(settings).unlink(missing_ok=True)
            raise ServerError(
                f"Neo4j exited during startup; last lines of {_log_path(settings)}:\n"
                + _log_tail(settings, log_offset)
            )
        if _bolt_ready(settings):
            return
        time.sleep(1.0)
    stop(settings)
    raise ServerError(
        f"Neo4j did not answer on {_uri(settings)} within {settings.neo4j_start_timeout_s:.0f} s "
        f"(stopped it; raise KINSCOPE_NEO4J_START_TIMEOUT_S if the machine is slow); "
        f"last lines of {_log_path(settings)}:\n" + _log_tail(settings, log_offset)
    )
