"""The web app: ``create_app(engine)`` returns an ASGI app."""

from inloop.web.app import create_app

__all__ = ["create_app"]
