"""The JSON API for other channels (chat widgets, messenger bots, the company's own app):
``create_api(engine)`` returns the FastAPI app; ``mount_api(engine)`` the route that the web app
mounts it with at ``/api/v1``."""

from __future__ import annotations

import re

from starlette.routing import Mount

from inloop.engine.engine import Engine
from inloop.web.api.app import create_api

PREFIX = "/api/v1"


def mount_api(engine: Engine) -> Mount:
    """The API at ``/api/v1``. Unlike a plain ``Mount``, it also takes paths holding a newline
    (``%0A``), so that every path below the prefix gets the API's JSON errors."""
    mount = Mount(PREFIX, app=create_api(engine), name="api")
    mount.path_regex = re.compile(mount.path_regex.pattern, re.DOTALL)
    return mount


__all__ = ["PREFIX", "create_api", "mount_api"]
