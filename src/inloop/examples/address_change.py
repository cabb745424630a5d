"""Address change: the customer gives the new address, confirms it, and the CRM is updated."""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import BaseModel, Field

import inloop
from inloop.examples.shared import app

__all__ = ["address_change", "app"]


class AddressChangeRequest(BaseModel):
    text: str = Field(min_length=1, max_length=5000, description="What the customer wrote")


class NewAddress(BaseModel):
    street: str = Field(min_length=2, max_length=200, title="Street and number")
    postcode: str = Field(pattern=r"^[0-9A-Za-z -]{3,10}$", title="Postcode")
    city: str = Field(min_length=1, max_length=100, title="City")
    valid_from: date = Field(title="Valid from")


CRM: dict[str, dict[str, object]] = {}
"""Stands in for the company's CRM in this example; keyed by idempotency key."""


async def update_crm_address(key: str, customer_id: str | None, address: dict[str, object]) -> str:
    CRM.setdefault(key, {"customer": customer_id, "address": address})
    return key


@app.process(
    "address_change",
    stages=["Received", "Your new address", "Confirmation", "Done"],
    input=AddressChangeRequest,
)
async def address_change(case: inloop.Case) -> dict[str, object]:
    """Change a customer's postal address with the customer's confirmation."""
    case.set_stage("Your new address")
    address = await case.ask(
        NewAddress,
        prompt={"en": "Where do you live now?", "de": "Wie lautet Ihre neue Adresse?"},
        deadline=timedelta(days=7),
        reminders=[timedelta(days=2), timedelta(days=5)],
    )
    case.set_stage("Confirmation")
    confirmation = await case.confirm(
        {
            "en": f"Change your address to {address.street}, {address.postcode} {address.city} "
            f"from {address.valid_from:%d %B %Y}?",
            "de": f"Ihre Adresse ab {address.valid_from:%d.%m.%Y} auf {address.street}, "
            f"{address.postcode} {address.city} ändern?",
        }
    )
    if not confirmation:
        await case.hand_to_agent("addresses", reason="the customer did not accept the change")
        return {"updated": False}
    await case.step(
        update_crm_address,
        case.idempotency_key(),
        case.customer.id,
        address.model_dump(mode="json"),
    )
    case.set_stage("Done")
    await case.notify(
        {"en": "Your address has been updated.", "de": "Ihre Adresse wurde geändert."}
    )
    return {"updated": True}
