"""The agent's side in a real browser: an agent logs in, finds a task the AI escalated for low
confidence, reads the case, corrects the intent, notes something internal, completes the task,
answers the question the process then asks the customer on their behalf, and the process
finishes; a supervisor reassigns a task; the customer's portal shows that
a person is looking at the request, never the internal note. The inbox and the case view pass
axe-core's WCAG 2.1 A and AA rules."""

from __future__ import annotations

import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from axe_playwright_python.async_playwright import Axe
from playwright.async_api import Browser, BrowserContext, Page, expect

from tests.e2e.conftest import ROOT, Server, screenshot_path, serve
from tests.e2e.test_accessibility import audit

PASSWORD = "correct horse battery"
REASON = "low confidence 0.41 for card_arrival"
LOOKING = "A member of our team is looking at your request."


@pytest.fixture
def agent_server(tmp_path: Path) -> Iterator[Server]:
    with serve(tmp_path, "tests.apps.agent_app:app") as running:
        for email, name, role, queues in (
            ("ann@example.com", "Ann", "agent", ["cards"]),
            ("cid@example.com", "Cid", "agent", ["cards"]),
            ("sue@example.com", "Sue", "supervisor", []),
        ):
            args = [a for q in queues for a in ("--queue", q)]
            subprocess.run(
                [
                    sys.executable,
                    "-m",
                    "inloop.cli.main",
                    "users",
                    "create",
                    email,
                    "--name",
                    name,
                    "--role",
                    role,
                    *args,
                    "--password-stdin",
                    "--database",
                    running.database,
                ],
                input=PASSWORD + "\n",
                text=True,
                cwd=ROOT,
                check=True,
                capture_output=True,
            )
        yield running


async def start_case(browser: Browser, server: Server, email: str) -> tuple[BrowserContext, Page]:
    """A customer sends the contact form and stays on their case page."""
    context = await browser.new_context()
    page = await context.new_page()
    await page.goto(f"{server.url}/start")
    await page.locator("#f-email").fill(email)
    await page.locator("#f-message").fill("My new card has not arrived yet.")
    await page.get_by_role("button", name="Send").click()
    await page.wait_for_url("**/case")
    return context, page


async def log_in(browser: Browser, server: Server, email: str) -> tuple[BrowserContext, Page]:
    context = await browser.new_context()
    page = await context.new_page()
    await page.goto(f"{server.url}/staff/login")
    await page.get_by_label("Email address").fill(email)
    await page.get_by_label("Password").fill(PASSWORD)
    await page.get_by_role("button", name="Log in").click()
    await page.wait_for_url("**/staff/")
    return context, page


async def test_an_agent_works_an_escalated_case(browser: Browser, agent_server: Server) -> None:
    server = agent_server
    axe = Axe()
    found: dict[str, list[str]] = {}
    customer, portal = await start_case(browser, server, "ada@example.com")
    other_customer, _ = await start_case(browser, server, "bea@example.com")
    agent, page = await log_in(browser, server, "ann@example.com")
    refused: list[str] = []  # the strict policy must not block the inbox's own script
    page.on("console", lambda m: refused.append(m.text) if "Refused" in m.text else None)
    try:
        await page.get_by_role("link", name="Open the inbox").click()
        # "My tasks" is empty: it names what waits, and the Queue tab counts it
        await expect(page.locator("#task-list")).to_contain_text(
            "Open tasks waiting in your queues: 2."
        )
        await page.get_by_role("link", name="Queue (2)", exact=True).click()
        await expect(page.get_by_role("link", name=REASON)).to_have_count(2)
        await expect(page.locator("#task-list")).to_contain_text("no SLA")
        loaded = await page.evaluate(
            "performance.getEntriesByType('resource').some(e => e.name.endsWith('/staff.js'))"
        )
        assert loaded, "the inbox did not load its refresh script"
        await page.screenshot(path=screenshot_path("agent-inbox"), full_page=True)
        await audit(axe, page, "inbox", found)

        await page.get_by_role("link", name=REASON).first.click()
        await page.wait_for_url("**/staff/cases/*")
        timeline = page.locator(".timeline")
        await expect(timeline).to_contain_text("AI proposal")
        await expect(timeline).to_contain_text("confidence 0.41")
        await expect(timeline).to_contain_text("model intent-test-1")
        await expect(timeline).to_contain_text("Task created")
        await expect(page.locator("#h-data + dl")).to_contain_text("My new card has not arrived")
        await expect(page.locator("#h-replies")).to_be_visible()
        await expect(page.locator(".reply-text")).to_have_count(3)
        await page.screenshot(path=screenshot_path("agent-case"), full_page=True)
        await audit(axe, page, "case view", found)
        case_url = page.url.split("?")[0]

        await page.get_by_role("button", name="Claim", exact=True).click()
        await expect(page.get_by_role("status")).to_have_text("You hold this task now.")
        await page.get_by_role("button", name="Use this text").first.click()
        suggested = (await page.locator("#reply-1").text_content() or "").strip()
        # the text goes where the process takes the reply from: the outcome's "reply"
        await expect(page.get_by_label("Reply to the customer")).to_have_value(suggested)
        await expect(page.get_by_label("Message to the customer")).to_have_value("")
        await page.get_by_label("Note (only staff see it)").fill("Customer sounds worried.")
        await page.get_by_role("button", name="Add note").click()
        await expect(page.get_by_role("status")).to_have_text("Your note was added.")
        await page.get_by_label("Field").select_option("intent")
        await page.get_by_label("Correct value").fill("lost_or_stolen_card")
        await page.get_by_role("button", name="Record the correction").click()
        await expect(page.get_by_role("status")).to_have_text("Your correction was recorded.")
        await expect(timeline).to_contain_text("AI corrected")
        await expect(timeline).to_contain_text("lost_or_stolen_card")

        await portal.reload()
        await expect(portal.locator("body")).to_contain_text(LOOKING)
        assert "worried" not in await portal.content()
        await portal.screenshot(path=screenshot_path("customer-team-looking"), full_page=True)

        await page.get_by_label("Intent").fill("lost_or_stolen_card")
        await page.get_by_label("Reply to the customer").fill("Hi")
        await page.get_by_role("button", name="Complete task").click()
        await expect(page.locator(".error-summary")).to_contain_text("nothing changed")
        await page.screenshot(path=screenshot_path("agent-outcome-errors"), full_page=True)
        await audit(axe, page, "case view with errors", found)
        await page.get_by_label("Reply to the customer").fill("We are sending a new card.")
        ask = page.get_by_role("group", name="Ask the customer which card")
        await ask.get_by_label("Yes").check()
        await page.get_by_role("button", name="Complete task").click()
        await expect(page.get_by_role("status")).to_contain_text("The task is done")

        # the process now asks the customer which card; the agent answers in their place
        await page.goto(case_url)
        requests = page.locator("#h-requests + .card")
        await expect(requests).to_contain_text("Which card is it?")
        await requests.get_by_label("Last four digits of the card").fill("4242")
        await requests.get_by_role("button", name="Answer on the customer's behalf").click()
        await expect(page.get_by_role("status")).to_contain_text("on the customer's behalf")
        for _ in range(50):
            await page.goto(case_url)
            if "Case completed" in await timeline.inner_text():
                break
            await page.wait_for_timeout(200)
        await expect(timeline).to_contain_text("Case completed")
        await page.screenshot(path=screenshot_path("agent-case-done"), full_page=True)

        await portal.reload()
        await expect(portal.locator("body")).to_contain_text("Your request is complete.")
        assert "worried" not in await portal.content()

        supervisor, sue = await log_in(browser, server, "sue@example.com")
        try:
            await sue.goto(f"{server.url}/staff/tasks?tab=all")
            await expect(sue.get_by_role("link", name=REASON)).to_have_count(1)
            await sue.get_by_role("link", name=REASON).click()
            await sue.get_by_label("Give the task to").select_option(label="Ann (ann@example.com)")
            await sue.get_by_role("button", name="Reassign").click()
            await expect(sue.get_by_role("status")).to_have_text(
                "The task was given to someone else."
            )
            await expect(sue.locator(".card[id^=task-]")).to_contain_text("Ann")
            await sue.screenshot(path=screenshot_path("supervisor-reassigned"), full_page=True)
            await page.goto(f"{server.url}/staff/tasks?tab=mine")
            await expect(page.get_by_role("link", name=REASON)).to_have_count(1)
            await page.goto(f"{server.url}/staff/tasks?lang=de")
            await expect(page.locator("h1")).to_have_text("Posteingang")
            await audit(axe, page, "inbox (de)", found)
        finally:
            await supervisor.close()
    finally:
        await agent.close()
        await customer.close()
        await other_customer.close()
    assert found == {}
    assert refused == []
