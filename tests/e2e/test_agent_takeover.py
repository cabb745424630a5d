"""An agent asks the customer a new question and takes a case over, in a real browser: the
customer sees the question on their case page and replies there, the agent reads the reply in
the case's timeline, takes the case over (the customer sees that a person handles it) and hands
it back. The changed pages pass axe-core's WCAG 2.1 A and AA rules."""

from __future__ import annotations

from axe_playwright_python.async_playwright import Axe
from playwright.async_api import Browser, BrowserContext, Page, expect

from tests.e2e.conftest import Server, screenshot_path
from tests.e2e.test_accessibility import audit
from tests.e2e.test_agent_flow import REASON, agent_server, log_in

__all__ = ["agent_server"]  # the fixture, used by name

QUESTION = "Is it the card ending in 4242?"
ANSWER = "Yes, the one ending in 4242."


async def customer_case(browser: Browser, server: Server) -> tuple[BrowserContext, Page]:
    context = await browser.new_context(bypass_csp=True)  # axe is injected as a script
    page = await context.new_page()
    await page.goto(f"{server.url}/start")
    await page.locator("#f-email").fill("ada@example.com")
    await page.locator("#f-message").fill("My new card has not arrived yet.")
    await page.get_by_role("button", name="Send").click()
    await page.wait_for_url("**/case")
    return context, page


async def test_a_new_question_a_reply_and_a_take_over(
    browser: Browser, agent_server: Server
) -> None:
    server = agent_server
    axe = Axe()
    found: dict[str, list[str]] = {}
    customer, portal = await customer_case(browser, server)
    agent, page = await log_in(browser, server, "ann@example.com")
    try:
        await page.goto(f"{server.url}/staff/tasks?tab=queue")
        await page.get_by_role("link", name=REASON).click()
        await page.wait_for_url("**/staff/cases/*")
        await expect(page.locator("h1")).to_have_text("Case of ada@example.com")
        await expect(page.locator(".case-head")).to_contain_text("Waiting for an agent")
        await page.get_by_role("button", name="Claim", exact=True).click()
        await expect(page.get_by_role("status")).to_have_text("You hold this task now.")

        await page.get_by_role("button", name="Send the question").click()
        await expect(page.locator(".error-summary")).to_contain_text(
            "Please write a message of 1 to 2,000 characters."
        )
        await audit(axe, page, "case view, empty question", found)
        await page.get_by_label("Message to the customer").fill(QUESTION)
        await page.get_by_role("button", name="Send the question").click()
        await expect(page.get_by_role("status")).to_have_text(
            "Your question was sent to the customer."
        )
        await page.screenshot(path=screenshot_path("agent-question-sent"), full_page=True)

        await portal.reload()
        question = portal.locator(".team-question")
        await expect(question).to_contain_text("Our team has a question")
        await expect(question).to_contain_text(QUESTION)
        await portal.screenshot(path=screenshot_path("customer-team-question"), full_page=True)
        await audit(axe, portal, "portal with a question", found)
        await portal.get_by_role("button", name="Send reply").click()
        await expect(portal.locator(".team-question .error")).to_contain_text(
            "Please write a reply of 1 to 2,000 characters."
        )
        await audit(axe, portal, "portal with an empty reply", found)
        await portal.get_by_label("Your reply").fill(ANSWER)
        await portal.get_by_role("button", name="Send reply").click()
        await expect(portal.locator("body")).to_contain_text(
            "Thank you, your reply was sent to our team."
        )
        await expect(portal.locator(".timeline")).to_contain_text(f"You wrote: {ANSWER}")
        await expect(portal.locator(".team-question")).to_have_count(0)
        await portal.screenshot(path=screenshot_path("customer-replied"), full_page=True)

        await page.reload()
        timeline = page.locator(".timeline")
        await expect(timeline).to_contain_text("Message from the customer")
        await expect(timeline).to_contain_text(ANSWER)

        await page.get_by_role("button", name="Take over").click()
        await expect(page.get_by_role("status")).to_have_text(
            "You have taken this case over: automation is paused."
        )
        await expect(page.locator(".automation")).to_contain_text("Automation paused by Ann since")
        await page.screenshot(path=screenshot_path("agent-taken-over"), full_page=True)
        await audit(axe, page, "case view, taken over", found)
        await portal.reload()
        await expect(portal.locator(".status")).to_contain_text(
            "A member of our team is handling your request."
        )
        await portal.screenshot(path=screenshot_path("customer-team-handling"), full_page=True)

        await page.get_by_role("button", name="Hand back to automation").click()
        await expect(page.get_by_role("status")).to_have_text("The case is back with automation.")
        await expect(page.locator(".automation")).to_contain_text(
            "Automation is running for this case."
        )
        await expect(timeline).to_contain_text("Handed back to automation")
        await page.screenshot(path=screenshot_path("agent-handed-back"), full_page=True)
        await page.goto(page.url.split("?")[0] + "?lang=de")
        await expect(page.locator(".case-head")).to_contain_text("Wartet auf das Team")
        await audit(axe, page, "case view (de)", found)
    finally:
        await agent.close()
        await customer.close()
    assert found == {}
