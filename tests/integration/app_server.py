"""The app served by a real WSGI server in a thread, for browser tests (test helper)."""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path


@contextmanager
def serve_app(driver, settings, users_file: Path, port: int, secret: str) -> Iterator[str]:
    """Yield the base URL of the app (dev settings, cookies over plain HTTP) on ``port``."""
    from werkzeug.serving import make_server

    from dashboards.app import create_app
    from dashboards.settings import AppSettings

    aset = AppSettings(app_env="dev", secret_key=secret, users_file=users_file, secure_cookies=False)
    app = create_app(settings, aset, driver=driver)
    srv = make_server("127.0.0.1", port, app.server, threaded=True)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        srv.shutdown()
        srv.server_close()  # free the port for the next module that uses it
