"""Every kind of customer page passes axe-core's WCAG 2.1 A and AA rules (real Chromium)."""

from __future__ import annotations

from pathlib import Path

from axe_playwright_python.async_playwright import Axe
from playwright.async_api import Browser, Page

from tests.e2e.conftest import Server, link_in

RULES = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}


async def audit(axe: Axe, page: Page, what: str, found: dict[str, list[str]]) -> None:
    results = await axe.run(page, options=RULES)
    violations = results.response.get("violations", [])
    if violations:
        found[what] = [f"{v['id']}: {v['help']} ({len(v['nodes'])} nodes)" for v in violations]


async def test_customer_pages_meet_wcag_21_aa(
    browser: Browser, server: Server, tmp_path: Path
) -> None:
    axe = Axe()
    context = await browser.new_context(bypass_csp=True)  # axe is injected as a script
    page = await context.new_page()
    found: dict[str, list[str]] = {}
    try:
        for lang in ("en", "de"):
            await page.goto(f"{server.url}/start?lang={lang}")
            await audit(axe, page, f"contact form ({lang})", found)
        await page.goto(f"{server.url}/start")
        await page.get_by_role("button", name="Send").click()
        await audit(axe, page, "contact form with errors", found)
        await page.locator("#f-email").fill("ada@example.com")
        await page.locator("#f-message").fill("My bike was stolen.")
        await page.get_by_role("button", name="Send").click()
        mail = await server.mail_to("ada@example.com")
        await context.clear_cookies()
        await page.goto(link_in(mail))
        await audit(axe, page, "ask form", found)
        await page.locator("#f-policy_number").fill("wrong")
        await page.get_by_role("button", name="Send", exact=True).click()
        await audit(axe, page, "ask form with errors", found)
        await page.locator("#f-policy_number").fill("P-654321")
        await page.locator("#f-damage_date").fill("2026-01-03")
        await page.locator("#f-email").fill("ada@example.com")
        await page.get_by_role("button", name="Send", exact=True).click()
        await page.locator(".prompt").wait_for()
        await audit(axe, page, "confirm", found)
        await page.get_by_label("Yes, go ahead").check()
        await page.get_by_role("button", name="Send").click()
        await page.get_by_label("Payment to my account").wait_for()
        await audit(axe, page, "choose", found)
        await page.get_by_label("Payment to my account").check()
        await page.get_by_role("button", name="Send").click()
        await page.locator("input[type=file]").wait_for()
        await audit(axe, page, "upload", found)
        pdf = tmp_path / "x.pdf"
        pdf.write_bytes(b"%PDF-1.4\n%%EOF\n")
        await page.locator("input[type=file]").set_input_files(str(pdf))
        await page.get_by_role("button", name="Upload").click()
        await page.get_by_text("Your request is complete.").first.wait_for()
        await audit(axe, page, "status page, done", found)
        await context.clear_cookies()
        await page.goto(f"{server.url}/l/" + "A" * 43)
        await audit(axe, page, "invalid link", found)
    finally:
        await context.close()
    assert found == {}
