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
    + [
        (intent, request, reply)
        for intent, requests, reply in (
            (
                "card_payment_not_recognised",
                ("there is a card payment I did not make", "I don't recognise a payment"),
                {
                    "en": "Dear {{Name}}, thank you for telling us. Shops often appear on the "
                    "statement under their company's name, so please check the date and the "
                    "amount once more. If the payment is still not yours, we block your card "
                    "and dispute the payment for you: reply to this message and we do it "
                    "straight away.",
                    "de": "Guten Tag {{Name}}, danke für Ihren Hinweis. Händler erscheinen auf "
                    "dem Auszug oft unter dem Namen ihrer Firma; bitte prüfen Sie Datum und "
                    "Betrag noch einmal. Ist die Zahlung trotzdem nicht von Ihnen, sperren wir "
                    "Ihre Karte und widersprechen der Zahlung für Sie: Antworten Sie auf diese "
                    "Nachricht, dann erledigen wir das sofort.",
                },
            ),
            (
                "compromised_card",
                ("I think someone has my card details", "my card details were stolen"),
                {
                    "en": "Dear {{Name}}, we have blocked your card to keep your money safe, "
                    "and a new card with a new number is on its way. Please tell us which "
                    "payments are not yours, so that we can dispute them.",
                    "de": "Guten Tag {{Name}}, wir haben Ihre Karte zu Ihrer Sicherheit "
                    "gesperrt; eine neue Karte mit neuer Nummer ist unterwegs. Bitte nennen Sie "
                    "uns die Zahlungen, die nicht von Ihnen sind, damit wir ihnen widersprechen.",
                },
            ),
            (
                "extra_charge_on_statement",
                ("there is an extra charge on my statement", "I was charged twice"),
                {
                    "en": "Dear {{Name}}, a payment can show twice for a few days while the "
                    "shop confirms it; the second one then disappears by itself. If it is "
                    "still there after five working days, we get the money back for you.",
                    "de": "Guten Tag {{Name}}, eine Zahlung kann ein paar Tage doppelt "
                    "erscheinen, bis der Händler sie bestätigt; die zweite verschwindet dann "
                    "von selbst. Ist sie nach fünf Werktagen noch da, holen wir das Geld für "
                    "Sie zurück.",
                },
            ),
            (
                "direct_debit_payment_not_recognised",
                ("there is a direct debit I did not set up", "unknown direct debit"),
                {
                    "en": "Dear {{Name}}, you can have a direct debit you did not authorise "
                    "paid back within 13 months. We have started the refund; the money is "
                    "back on your account within a few working days.",
                    "de": "Guten Tag {{Name}}, eine Lastschrift, die Sie nicht erteilt haben, "
                    "können Sie innerhalb von 13 Monaten zurückgeben lassen. Wir haben die "
                    "Rückbuchung veranlasst; das Geld ist in wenigen Werktagen wieder auf Ihrem "
                    "Konto.",
                },
            ),
            (
                "pin_blocked",
                ("my PIN is blocked", "I entered the wrong PIN three times"),
                {
                    "en": "Dear {{Name}}, after three wrong PINs the card is locked for your "
                    "safety. You can unlock it in the app under Card > PIN, or at any of our "
                    "cash machines with the right PIN.",
                    "de": "Guten Tag {{Name}}, nach drei falschen PIN-Eingaben wird die Karte "
                    "zu Ihrer Sicherheit gesperrt. Sie können sie in der App unter Karte > PIN "
                    "oder an jedem unserer Geldautomaten mit der richtigen PIN entsperren.",
                },
            ),
            (
                "activate_my_card",
                ("how do I activate my card", "my new card needs activating"),
                {
                    "en": "Dear {{Name}}, you activate your new card in the app under Card > "
                    "Activate, or by paying with it once with your PIN.",
                    "de": "Guten Tag {{Name}}, Sie aktivieren Ihre neue Karte in der App unter "
                    "Karte > Aktivieren oder indem Sie einmal mit PIN damit bezahlen.",
                },
            ),
        )
        for request in requests
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
