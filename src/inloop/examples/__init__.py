"""Example processes, loaded by ``inloop serve`` when no ``--app`` is given: one App with the
address change and the card services (which uses the built-in intent model)."""

from inloop.examples import address_change, card_services
from inloop.examples.shared import app

__all__ = ["address_change", "app", "card_services"]
