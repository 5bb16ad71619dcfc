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


def save_screenshot(page, name: str) -> None:
    """With KINSCOPE_SCREENSHOTS=<dir> set (``docs/screenshots`` refreshes the README's images),
    save the visible window as ``<dir>/<name>.png``, a 128-colour palette PNG (docs images stay
    small); without it, nothing."""
    import io
    import os

    from PIL import Image

    folder = os.environ.get("KINSCOPE_SCREENSHOTS")
    if not folder:
        return
    path = Path(folder) / f"{name}.png"
    path.parent.mkdir(parents=True, exist_ok=True)
    page.wait_for_load_state("networkidle")
    page.wait_for_timeout(400)  # the map's fit animation
    img = Image.open(io.BytesIO(page.screenshot())).convert("RGB")
    img.quantize(colors=128, method=Image.Quantize.MEDIANCUT).save(path, optimize=True)
