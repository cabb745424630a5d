"""The one App that every example process registers on: ``inloop serve`` without ``--app``
serves it as ``inloop.examples:app``.

Its AI is the example bank's: approved card replies, a lost or stolen card never handled
automatically, hand-overs to the ``cards`` queue. The model is the ``intent_model`` setting's,
else the built-in Banking77 model (see :mod:`inloop.ai.builtin`).
"""

from __future__ import annotations

import inloop
from inloop.ai.process import AI
from inloop.ai.replies import ReplyLibrary

REPLIES = ReplyLibrary.from_rows(
    [
        (
            "card_arrival",
            "my card has not arrived yet",
            {
                "en": "Dear {{Name}}, new cards arrive within 5 working days of the order. If "
                "yours is not there by then, we send a new one free of charge.",
                "de": "Guten Tag {{Name}}, neue Karten kommen innerhalb von 5 Werktagen nach der "
                "Bestellung an. Ist Ihre bis dahin nicht da, senden wir Ihnen kostenlos eine "
                "neue.",
            },
        ),
        (
            "card_arrival",
            "when will I get my new card",
            {
                "en": "Dear {{Name}}, your card is on its way and arrives within 5 working days.",
                "de": "Guten Tag {{Name}}, Ihre Karte ist unterwegs und kommt innerhalb von 5 "
                "Werktagen an.",
            },
        ),
        (
            "lost_or_stolen_card",
            "I lost my card",
            {
                "en": "We have blocked your card; a replacement is on its way.",
                "de": "Wir haben Ihre Karte gesperrt; eine Ersatzkarte ist unterwegs.",
            },
        ),
        (
            "card_not_working",
            "my card does not work",
            {
                "en": "Please check that your card is activated and not expired, then try again.",
                "de": "Bitte prüfen Sie, ob Ihre Karte aktiviert und noch gültig ist, und "
                "versuchen Sie es dann erneut.",
            },
        ),
        (
            "declined_card_payment",
            "why was my card payment declined",
            {
                "en": "A payment can be declined when the card limit is reached or the shop is "
                "not supported. We are checking your payment.",
                "de": "Eine Zahlung kann abgelehnt werden, wenn das Kartenlimit erreicht ist "
                "oder der Händler nicht unterstützt wird. Wir prüfen Ihre Zahlung.",
            },
        ),
    ]
)
"""The bank's approved replies, by intent, in English and German."""

app = inloop.App(
    ai=AI(
        replies=REPLIES,
        risk={"lost_or_stolen_card": "never_auto"},
        queue="cards",
        text_fields=("message", "text"),
    )
)
