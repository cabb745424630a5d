"""Example processes, loaded by ``inloop serve`` when no ``--app`` is given."""

from inloop.examples.address_change import app

__all__ = ["app"]
