"""Neo4j through the Airflow Connection `neo4j_default` (provider hook `Neo4jHook`).

Tasks never read credentials themselves: they ask the hook for a driver. Where the
connection is not defined anywhere (environment, secrets backend, metadata DB), Kinscope
defines it from its own settings (`NEO4J_URI`, `NEO4J_USER`, `NEO4J_PASSWORD` or the embedded
server's generated password) as the environment variable `AIRFLOW_CONN_NEO4J_DEFAULT` of
this process only: nothing is written to disk, and a connection an operator defined
(UI, `airflow connections add`, a secrets backend) always wins.
`kinscope pipeline connection --persist` stores it in the metadata DB instead (for
`airflow standalone`, whose workers do not inherit the CLI's environment).
"""

from __future__ import annotations

import json
import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import urlsplit

from kinscope.errors import KinscopeError
from kinscope.logs import get_logger
from kinscope.settings import Settings
from pipeline.config import NEO4J_CONN_ID

if TYPE_CHECKING:
    import neo4j

log = get_logger(__name__)

ENV_VAR = f"AIRFLOW_CONN_{NEO4J_CONN_ID.upper()}"


def connection_fields(settings: Settings) -> dict[str, Any]:
    """The connection (Airflow's JSON form) for Kinscope's settings.

    `Neo4jHook` builds its URI from host/port plus extras: `neo4j_scheme` (routing `neo4j://`),
    `certs_trusted_ca` (`+s`), `certs_self_signed` (`+ssc`); the database is the `schema`.
    """
    parts = urlsplit(settings.neo4j_uri)
    scheme, _, security = parts.scheme.partition("+")
    if scheme not in ("bolt", "neo4j") or not parts.hostname:
        raise KinscopeError(f"NEO4J_URI {settings.neo4j_uri!r} is not a bolt:// or neo4j:// URI")
    extra: dict[str, Any] = {}
    if scheme == "neo4j":
        extra["neo4j_scheme"] = True
    if security == "s":
        extra["certs_trusted_ca"] = True
    elif security == "ssc":
        extra["certs_self_signed"] = True
    try:
        password = settings.resolved_neo4j_password()
    except RuntimeError as exc:
        raise KinscopeError(str(exc)) from exc
    return {
        "conn_type": "neo4j",
        "host": parts.hostname,
        "port": parts.port or 7687,
        "login": settings.neo4j_user,
        "password": password,
        "schema": settings.neo4j_database,
        "extra": extra,
    }


def _defined_in_metadata_db() -> bool:
    """Only outside tasks (the CLI): Airflow 3 tasks have no metadata DB access."""
    from airflow.models.connection import Connection
    from airflow.utils.session import create_session

    with create_session() as session:
        return session.query(Connection).filter(Connection.conn_id == NEO4J_CONN_ID).first() is not None


def ensure_connection(settings: Settings, *, persist: bool = False, check_db: bool = True) -> str:
    """Make `neo4j_default` resolvable; returns where it comes from.

    `check_db=False` inside tasks (no DB access there): then only the environment is checked
    and the task's hook lookup (secrets backends, API server) decides the rest.
    """
    if os.environ.get(ENV_VAR):
        return "environment"
    if check_db and _defined_in_metadata_db():
        return "metadata database"
    fields = connection_fields(settings)
    if persist:
        from airflow.models.connection import Connection
        from airflow.utils.session import create_session

        conn = Connection(
            conn_id=NEO4J_CONN_ID,
            conn_type=fields["conn_type"],
            host=fields["host"],
            port=fields["port"],
            login=fields["login"],
            password=fields["password"],
            schema=fields["schema"],
            extra=json.dumps(fields["extra"]),
            description="Kinscope's Neo4j (created from Kinscope settings)",
        )
        with create_session() as session:
            session.add(conn)
        log.info("airflow.connection_created", conn_id=NEO4J_CONN_ID, store="metadata database")
        return "metadata database (created from Kinscope settings)"
    os.environ[ENV_VAR] = json.dumps(fields)
    return "environment (from Kinscope settings)"


@dataclass
class GraphTarget:
    driver: neo4j.Driver
    database: str


@contextmanager
def graph(settings: Settings) -> Iterator[GraphTarget]:
    """A driver from `Neo4jHook(neo4j_default)`, closed on exit, and the database to use."""
    from airflow.providers.neo4j.hooks.neo4j import Neo4jHook
    from airflow.sdk.exceptions import AirflowNotFoundException

    hook = Neo4jHook(conn_id=NEO4J_CONN_ID)
    try:
        driver = hook.get_conn()
    except AirflowNotFoundException:
        # Not defined by the operator anywhere: define it from Kinscope's settings.
        ensure_connection(settings, check_db=False)
        hook = Neo4jHook(conn_id=NEO4J_CONN_ID)
        driver = hook.get_conn()
    database = (hook.connection.schema if hook.connection else None) or settings.neo4j_database
    try:
        driver.verify_connectivity()
        yield GraphTarget(driver=driver, database=database)
    finally:
        driver.close()
