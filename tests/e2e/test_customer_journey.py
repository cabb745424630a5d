"""A customer's whole journey in a real browser: contact form, every request kind, timeline."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.async_api import Browser, Page, expect

from tests.e2e.conftest import Server, link_in, screenshot_path

PDF = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"

TEXTS = {
    "en": {
        "contact": "Contact us",
        "send": "Send",
        "fix": "Please correct the following:",
        "yes": "Yes, go ahead",
        "payout": "Payment to my account",
        "upload": "Upload",
        "done": "Your request is complete.",
        "policy": "Policy number",
        "amount": "Estimated amount (EUR)",
        "suggested": "Suggested from your message",
        "stage_done": "Done",
    },
    "de": {
        "contact": "Kontakt",
        "send": "Senden",
        "fix": "Bitte korrigieren Sie:",
        "yes": "Ja, bitte so",
        "payout": "Payment to my account",
        "upload": "Hochladen",
        "done": "Ihr Anliegen ist erledigt.",
        "policy": "Versicherungsnummer",
        "amount": "Geschätzter Betrag (EUR)",
        "suggested": "Aus Ihrer Nachricht vorgeschlagen",
        "stage_done": "Erledigt",
    },
}


async def journey(page: Page, server: Server, lang: str, shots: str, tmp_path: Path) -> None:
    t = TEXTS[lang]
    await page.goto(f"{server.url}/start?lang={lang}")
    await expect(page.get_by_role("heading", level=1)).to_have_text(t["contact"])
    await page.screenshot(path=screenshot_path(f"{shots}-1-contact"), full_page=True)
    address = f"kim-{shots}@example.com"
    await page.locator("#f-email").fill(address)
    await page.locator("#f-message").fill("A tree fell on my car.")
    await page.get_by_role("button", name=t["send"]).click()

    # the request arrives by mail on a real SMTP server; its link opens the case in a browser
    # that has no session yet
    mail = await server.mail_to(address)
    assert mail["Message-ID"] and mail.get_body(preferencelist=("html",)) is not None
    await page.context.clear_cookies()
    await page.goto(link_in(mail))
    assert "/l/" not in page.url  # the token left the address bar at once

    # ask: the suggestion is marked; a wrong policy number is explained; correct and send
    await expect(page.get_by_label(t["policy"])).to_be_visible()
    await expect(page.get_by_text(t["suggested"]).first).to_be_visible()
    await expect(page.get_by_label(t["amount"])).to_have_value("250.0")
    await page.get_by_label(t["policy"]).fill("123")
    await page.locator("#f-damage_date").fill("2026-01-03")
    await page.locator("#f-email").fill("kim@example.com")
    await page.get_by_role("button", name=t["send"], exact=True).click()
    await expect(page.get_by_text(t["fix"])).to_be_visible()
    await page.screenshot(path=screenshot_path(f"{shots}-2-ask-error"), full_page=True)
    await page.get_by_label(t["policy"]).fill("P-123456")
    await page.get_by_role("button", name=t["send"], exact=True).click()

    # confirm
    await expect(page.locator(".prompt")).to_contain_text("P-123456")
    await page.screenshot(path=screenshot_path(f"{shots}-3-confirm"), full_page=True)
    await page.get_by_label(t["yes"]).check()
    await page.get_by_role("button", name=t["send"]).click()

    # choose
    await expect(page.get_by_label(t["payout"])).to_be_visible()
    await page.screenshot(path=screenshot_path(f"{shots}-4-choose"), full_page=True)
    await page.get_by_label(t["payout"]).check()
    await page.get_by_role("button", name=t["send"]).click()

    # upload
    pdf = tmp_path / "invoice.pdf"
    pdf.write_bytes(PDF)
    await expect(page.locator("input[type=file]")).to_be_visible()
    await page.screenshot(path=screenshot_path(f"{shots}-5-upload"), full_page=True)
    await page.locator("input[type=file]").set_input_files(str(pdf))
    await page.get_by_role("button", name=t["upload"]).click()

    # the timeline reaches "Done"
    await expect(page.get_by_text(t["done"]).first).to_be_visible()
    await expect(page.locator(".stage.done").last).to_contain_text(t["stage_done"])
    await page.screenshot(path=screenshot_path(f"{shots}-6-done"), full_page=True)


@pytest.mark.parametrize("lang", ["en", "de"])
async def test_customer_journey(
    browser: Browser, server: Server, lang: str, tmp_path: Path
) -> None:
    context = await browser.new_context(locale=lang)
    page = await context.new_page()
    try:
        await journey(page, server, lang, f"journey-{lang}", tmp_path)
    finally:
        await context.close()


async def test_customer_journey_without_javascript(
    browser: Browser, server: Server, tmp_path: Path
) -> None:
    context = await browser.new_context(java_script_enabled=False)
    page = await context.new_page()
    try:
        await journey(page, server, "en", "journey-nojs", tmp_path)
    finally:
        await context.close()
