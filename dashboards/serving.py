"""Serving the app: uvicorn over the WSGI app (a2wsgi), one process or several workers, or the
Dash development server with ``--dev``. The access log never holds query strings (search words)
or ids: paths are redacted by :class:`dashboards.auth.AccessLogFilter`."""

from __future__ import annotations

import argparse
import logging
from collections.abc import Callable
from typing import Any

from dashboards.settings import AppSettings
from kinscope.settings import get_settings


def serve(create_app: Callable[..., Any], argv: list[str] | None = None) -> None:
    """Parse ``--host --port --dev --workers`` and serve what ``create_app`` builds."""
    from dashboards.auth import AccessLogFilter, access_log_config

    parser = argparse.ArgumentParser(description="Serve the Kinscope app.")
    parser.add_argument("--host", default=None)
    parser.add_argument("--port", type=int, default=None)
    parser.add_argument("--dev", action="store_true", help="Dash development server (never in production)")
    parser.add_argument("--workers", type=int, default=1, help="uvicorn worker processes (production)")
    args = parser.parse_args(argv)
    aset = AppSettings()
    if args.dev:
        aset.app_env = "dev"
    host, port = args.host or aset.app_host, args.port or aset.app_port
    if args.dev:
        logging.getLogger("werkzeug").addFilter(AccessLogFilter())
        app = create_app(app_settings=aset)
        app.run(host=host, port=port, debug=False)
        return
    aset.resolve(get_settings())  # fail fast on a missing secret key
    aset.check_auth()  # ... and on a header mode without trusted proxies
    import uvicorn

    options: dict[str, Any] = {"host": host, "port": port, "proxy_headers": False, "log_level": "info",
                               "log_config": access_log_config(), "server_header": False}
    if args.workers > 1:
        # each worker builds the Dash app before it answers: uvicorn's 5 s health check would
        # kill it and start another, for ever, on a loaded machine
        uvicorn.run("dashboards.app:asgi_app", factory=True, workers=args.workers,
                    timeout_worker_healthcheck=120, **options)
    else:
        from a2wsgi import WSGIMiddleware

        uvicorn.run(WSGIMiddleware(create_app(app_settings=aset).server, workers=8), **options)
