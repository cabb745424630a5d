"""A claim process that uses every kind of customer request, for the browser tests."""

from __future__ import annotations

from datetime import date, timedelta

from pydantic import BaseModel, EmailStr, Field

import inloop


class Intake(BaseModel):
    text: str = Field(min_length=1, max_length=5000)


class ClaimDetails(BaseModel):
    policy_number: str = Field(
        pattern=r"^P-\d{6}$",
        title="Policy number",
        description="Six digits after P-, as on your policy",
        json_schema_extra={
            "i18n": {"de": {"title": "Versicherungsnummer", "description": "Sechs Ziffern nach P-"}}
        },
    )
    damage_date: date = Field(
        title="Date of the damage",
        json_schema_extra={"i18n": {"de": {"title": "Datum des Schadens"}}},
    )
    amount: float = Field(
        gt=0,
        le=100000,
        title="Estimated amount (EUR)",
        json_schema_extra={"i18n": {"de": {"title": "Geschätzter Betrag (EUR)"}}},
    )
    email: EmailStr = Field(
        title="Email for questions",
        json_schema_extra={"i18n": {"de": {"title": "E-Mail für Rückfragen"}}},
    )


app = inloop.App()


@app.process(
    "claim",
    stages=[
        inloop.Stage("Received", de="Eingegangen"),
        inloop.Stage("Details", de="Angaben"),
        inloop.Stage("Settlement", de="Regulierung"),
        inloop.Stage("Documents", de="Unterlagen"),
        inloop.Stage("Done", de="Erledigt"),
    ],
    input=Intake,
)
async def claim(case: inloop.Case) -> dict[str, object]:
    case.set_stage("Details")
    details = await case.ask(
        ClaimDetails,
        prefill={"amount": 250.0},
        prompt={"en": "Tell us about the damage.", "de": "Erzählen Sie uns vom Schaden."},
        deadline=timedelta(days=7),
    )
    ok = await case.confirm(
        {
            "en": f"Register a claim of {details.amount:.2f} EUR "
            f"for policy {details.policy_number}?",
            "de": f"Schaden über {details.amount:.2f} EUR für {details.policy_number} melden?",
        }
    )
    if not ok:
        return {"registered": False}
    case.set_stage("Settlement")
    choice = await case.choose(
        [
            inloop.Option(value="repair", label="Repair by a partner workshop"),
            inloop.Option(value="payout", label="Payment to my account"),
        ],
        prompt={"en": "How should we settle the claim?", "de": "Wie sollen wir regulieren?"},
    )
    if choice.none_of_these:
        await case.hand_to_agent("claims", reason="the customer wants another settlement")
    case.set_stage("Documents")
    await case.upload(
        prompt={
            "en": "Please upload a photo or invoice.",
            "de": "Bitte laden Sie ein Foto oder eine Rechnung hoch.",
        },
        accept=["application/pdf", "image/png", "image/jpeg"],
        max_files=2,
    )
    case.set_stage("Done")
    await case.notify({"en": "Your claim is registered.", "de": "Ihr Schaden ist gemeldet."})
    return {"registered": True, "settlement": choice.value}
