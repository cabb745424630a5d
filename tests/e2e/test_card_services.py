"""The card-services example in a real browser: a lost card written into the contact form is
understood, the customer confirms before anything happens, gives the missing details and the
case is done. ``inloop serve`` runs the default example app with an intent model trained on part
of Banking77 (``INLOOP_INTENT_MODEL``), so the suite does not train the built-in one."""

from __future__ import annotations

import csv
from collections import defaultdict
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.async_api import Browser, expect

from inloop.ai import IntentModel, builtin
from tests.e2e.conftest import Server, link_in, screenshot_path, serve

INTENTS = (
    "activate_my_card",
    "card_arrival",
    "card_not_working",
    "declined_card_payment",
    "lost_or_stolen_card",
    "change_pin",
    "exchange_rate",
    "top_up_failed",
)


@pytest.fixture(scope="session")
def card_model(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rows: dict[str, list[str]] = defaultdict(list)
    with builtin.training_file().open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            if row["category"] in INTENTS and len(rows[row["category"]]) < 40:
                rows[row["category"]].append(row["text"])
    texts = [t for i in INTENTS for t in rows[i]]
    labels = [i for i in INTENTS for _ in rows[i]]
    directory = tmp_path_factory.mktemp("card-model") / "model"
    IntentModel().train(texts, labels, features="tfidf").save(directory)
    return directory


@pytest.fixture
def card_server(
    tmp_path: Path, card_model: Path, monkeypatch: pytest.MonkeyPatch
) -> Iterator[Server]:
    monkeypatch.setenv("INLOOP_INTENT_MODEL", str(card_model))
    monkeypatch.setenv("INLOOP_INTAKE_PROCESS", "card_services")
    with serve(tmp_path, "inloop.examples:app") as running:
        yield running


async def test_a_lost_card_is_blocked_only_after_the_customer_confirms(
    browser: Browser, card_server: Server
) -> None:
    page = await browser.new_page()
    await page.goto(f"{card_server.url}/start?lang=en")
    await page.locator("#f-name").fill("Anna Schmidt")
    await page.locator("#f-email").fill("anna@example.com")
    await page.locator("#f-message").fill("I lost my card yesterday, please block it")
    await page.get_by_role("button", name="Send").click()

    # the process asks before it blocks anything: a lost card is never automatic
    mail = await card_server.mail_to("anna@example.com")
    await page.context.clear_cookies()
    await page.goto(link_in(mail))
    await expect(page.locator(".prompt")).to_contain_text(
        "Did we understand correctly: My card was lost or stolen?"
    )
    await page.screenshot(path=screenshot_path("card-services-1-confirm"), full_page=True)
    await page.get_by_label("Yes, go ahead").check()
    await page.get_by_role("button", name="Send").click()

    # blocked; the details for the new card are asked for, the name from the form suggested
    await expect(page.locator(".prompt")).to_contain_text("Your card is blocked.")
    await expect(page.get_by_label("Name on the card")).to_have_value("Anna Schmidt")
    await page.screenshot(path=screenshot_path("card-services-2-details"), full_page=True)
    await page.get_by_label("Phone number").fill("+49 30 1234567")
    await page.get_by_label("Postcode").fill("10115")
    await page.get_by_role("button", name="Send", exact=True).click()
    await expect(page.get_by_role("status")).to_contain_text("Your request is complete.")
    await expect(
        page.get_by_text("Your card is blocked and a new one is on its way.")
    ).to_be_visible()
    await page.screenshot(path=screenshot_path("card-services-3-done"), full_page=True)
