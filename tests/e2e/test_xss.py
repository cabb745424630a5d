"""Script in customer fields is shown as text and never runs (rendered in real Chromium)."""

from __future__ import annotations

import re

from playwright.async_api import Browser, Dialog

from tests.e2e.conftest import Server, screenshot_path

VECTORS = [
    "<script>window.__xss=1;alert(1)</script>",
    "<img src=x onerror=alert(1)>",
    "<svg onload=alert(1)>",
    '"><script>alert(1)</script>',
    "'><img src=x onerror=alert(1)>",
    "<iframe src=javascript:alert(1)>",
    "<body onload=alert(1)>",
    "<a href=javascript:alert(1)>x</a>",
    "<details open ontoggle=alert(1)>",
    "<math><mtext></mtext><mglyph><svg><mtext><style><img src=x onerror=alert(1)>",
    "</textarea><script>alert(1)</script>",
    "</title><script>alert(1)</script>",
    "<input autofocus onfocus=alert(1)>",
    "<video><source onerror=alert(1)>",
    "<object data=javascript:alert(1)>",
    "{{7*7}}<script>alert(1)</script>",
    "javascript:alert(1)//",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    "<marquee onstart=alert(1)>",
    "\u202e<script>alert(1)</script>",
]


def payloads() -> list[str]:
    out = []
    for i in range(200):
        base = VECTORS[i % len(VECTORS)]
        out.append(base.replace("alert(1)", f"alert({i})") + f" #{i}")
    return out


async def test_two_hundred_xss_payloads_execute_none(browser: Browser, server: Server) -> None:
    context = await browser.new_context()
    page = await context.new_page()
    dialogs: list[str] = []

    async def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        await dialog.dismiss()

    page.on("dialog", on_dialog)
    try:
        await page.goto(f"{server.url}/start")
        await page.locator("#f-email").fill("kim@example.com")
        await page.locator("#f-message").fill(payloads()[0])
        await page.get_by_role("button", name="Send").click()
        await page.locator("#f-policy_number").wait_for()
        shown = 0
        items = payloads()
        for a, b in zip(items[::2], items[1::2], strict=True):
            html = await page.content()
            csrf = re.search(r'name="csrf" value="([0-9a-f]+)"', html)
            action = re.search(r'action="(/case/requests/[^"]+)"', html)
            assert csrf and action
            response = await page.request.post(
                server.url + action.group(1),
                form={"csrf": csrf.group(1), "action": "save", "policy_number": a, "email": b},
                headers={"origin": server.url},
            )
            assert response.ok
            await page.goto(f"{server.url}/case?saved=1")
            assert await page.locator("#f-policy_number").input_value() == a
            assert await page.locator("#f-email").input_value() == b
            assert await page.evaluate("window.__xss === undefined")
            shown += 2
        await page.screenshot(path=screenshot_path("xss-last"), full_page=True)
        assert shown == 200
        assert dialogs == []
    finally:
        await context.close()
