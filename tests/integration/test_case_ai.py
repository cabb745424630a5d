"""``case.ai`` in processes on real SQLite files: classify, route, extract, ask for what is
missing, suggest a reply; every step recorded, so a replay never asks the model again."""

from __future__ import annotations

import csv
import json
import shutil
from collections import defaultdict
from pathlib import Path
from typing import Any

import pytest
from pydantic import BaseModel, Field

import inloop
from inloop import CaseStatus, Settings
from inloop.ai import IntentModel, ModelInvalid, builtin
from inloop.ai.process import AI, model_info
from inloop.ai.replies import ReplyLibrary
from inloop.channels.timeline import case_view
from inloop.errors import ConfigError
from inloop.testing import Harness

DATA = Path(__file__).resolve().parents[2] / "data" / "banking77" / "train.csv"
INTENTS = (
    "activate_my_card",
    "card_arrival",
    "card_not_working",
    "card_payment_fee_charged",
    "change_pin",
    "declined_card_payment",
    "edit_personal_details",
    "exchange_rate",
    "lost_or_stolen_card",
    "top_up_failed",
)
# Routes of these texts under the model trained below (10 intents x 40 rows, deterministic):
AUTO = "When will my new card arrive? It still has not arrived after two weeks."  # 0.999
NEVER_AUTO = "I lost my card, please block it"  # lost_or_stolen_card, 0.999: risk never_auto
CONFIRM = "money"  # top_up_failed 0.74: likely alone, not sure enough for auto
MENU = "my card?"  # card_not_working 0.38 with two close others: a menu of three
UNSURE = "hello, I have a question about when"  # card_arrival 0.55: an agent decides
CONTACT = " My name is Anna Schmidt, you can call me on 030 1234567."
FEE = "Why was I charged an extra fee for my card payment?"  # card_payment_fee_charged, auto


class Start(BaseModel):
    text: str = Field(min_length=1)


class Contact(BaseModel):
    name: str = Field(min_length=2, title="Name on the card")
    phone: str = Field(title="Phone")
    postcode: str = Field(pattern=r"^\d{5}$", title="Postcode")


REPLIES = ReplyLibrary.from_rows(
    [
        ("card_arrival", "my card has not arrived", "Your card {{Name}} is on its way."),
        ("card_arrival", "where is my new card", "Cards arrive within 5 working days."),
        ("lost_or_stolen_card", "I lost my card", "We have blocked your card."),
        ("top_up_failed", "my top up failed", "Your top-up is being checked."),
        ("card_not_working", "my card does not work", "Please try your card again."),
    ]
)


@pytest.fixture(scope="module")
def model_dir(tmp_path_factory: pytest.TempPathFactory) -> Path:
    rows: dict[str, list[str]] = defaultdict(list)
    with DATA.open(encoding="utf-8-sig", newline="") as f:
        for row in csv.DictReader(f):
            if row["category"] in INTENTS and len(rows[row["category"]]) < 40:
                rows[row["category"]].append(row["text"])
    texts = [t for i in INTENTS for t in rows[i]]
    labels = [i for i in INTENTS for _ in rows[i]]
    directory = tmp_path_factory.mktemp("model") / "banking10"
    IntentModel().train(texts, labels).save(directory)
    return directory


def card_app(ai: AI) -> inloop.App:
    app = inloop.App(ai=ai)

    @app.process("card", input=Start)
    async def card(case: inloop.Case) -> dict[str, Any]:
        classification = await case.ai.classify()
        routing = await case.ai.route(classification)
        if routing.intent is None:
            return {"intent": None, "by": routing.by}
        contact = await case.ai.ask_missing(Contact)
        replies = await case.ai.suggest_reply(fields=contact.model_dump(), k=2)
        return {
            "intent": routing.intent,
            "by": routing.by,
            "action": routing.action,
            "contact": contact.model_dump(),
            "reply": replies.best.template_id if replies.best else None,
        }

    return app


def make_ai(model_dir: Path, **kwargs: Any) -> AI:
    kwargs.setdefault("replies", REPLIES)
    return AI(model=model_dir, **kwargs)


async def payloads(h: Harness, case_id: str, event_type: str) -> list[dict[str, Any]]:
    return [e.payload for e in await h.events(case_id) if e.type == event_type]


async def test_auto_route_then_only_the_missing_fields_are_asked(
    model_dir: Path, tmp_path: Path
) -> None:
    ai = make_ai(model_dir)
    async with Harness(card_app(ai), tmp_path / "db.sqlite") as h:
        case_id = await h.start("card", {"text": AUTO + CONTACT}, customer={"locale": "de"})
        request = await h.open_request(case_id)
        assert request is not None and request.kind.value == "ask"
        schema = request.spec["schema"]
        # the phone number was found with confidence: only name (unsure) and postcode are asked
        assert list(schema["properties"]) == ["name", "postcode"]
        assert request.spec["prefill"] == {"name": "Anna Schmidt"}
        hints = {k: v["description"] for k, v in schema["properties"].items()}
        assert hints["postcode"] == "Wie lautet Ihre Postleitzahl?"
        assert schema["properties"]["postcode"]["i18n"]["en"]["description"] == (
            "What is your postcode?"
        )

        await h.answer(case_id, {"name": "Anna Schmidt", "postcode": "10115"})
        case = await h.case(case_id)
        assert case.status is CaseStatus.COMPLETED, case.error
        assert case.result == {
            "intent": "card_arrival",
            "by": "ai",
            "action": "auto",
            "contact": {"name": "Anna Schmidt", "phone": "+49301234567", "postcode": "10115"},
            "reply": case.result["reply"],
        }
        assert case.result["reply"] is not None

        types = await h.event_types(case_id)
        assert types.index("ai.classified") < types.index("ai.routed") < types.index("ai.extracted")
        assert "ai.intent_confirmed" not in types  # nobody confirmed an automatic decision
        classified = (await payloads(h, case_id, "ai.classified"))[0]
        model = IntentModel.load(model_dir)
        assert classified["model"]["version"] == model_info(model)["version"]
        assert classified["model"]["features"] == "tfidf"
        assert classified["intent"] == "card_arrival" and classified["confidence"] > 0.9
        assert classified["scores"][0]["intent"] == "card_arrival"
        assert len(classified["scores"]) == 4  # menu of 3 + 1
        assert classified["decision"]["route"] == "auto"
        assert classified["decision"]["reason"] == "confident"
        assert classified["decision"]["t_auto"] == model.metadata["thresholds"]["t_auto"]
        routed = (await payloads(h, case_id, "ai.routed"))[0]
        assert routed["reason"] == f"confident: {classified['confidence']:.2f} for card_arrival"

        extracted = (await payloads(h, case_id, "ai.extracted"))[0]
        assert extracted["proposed"] == {"name": 0.7, "phone": 0.9}
        assert extracted["missing"] == ["postcode"]
        questions = (await payloads(h, case_id, "ai.questions_prepared"))[0]
        assert questions["fields"] == ["name", "postcode"]
        suggested = (await payloads(h, case_id, "ai.reply_suggested"))[0]
        assert suggested["suggestions"][0]["template_id"] == case.result["reply"]
        # no customer text or extracted value in any AI event
        for event in await h.events(case_id):
            if event.type.startswith("ai."):
                dumped = json.dumps(event.payload)
                assert "Anna" not in dumped and "1234567" not in dumped, event.type


async def test_never_auto_risk_asks_the_customer_to_confirm(
    model_dir: Path, tmp_path: Path
) -> None:
    ai = make_ai(model_dir, risk={"lost_or_stolen_card": "never_auto"})
    async with Harness(card_app(ai), tmp_path / "db.sqlite") as h:
        case_id = await h.start("card", {"text": NEVER_AUTO})
        classified = (await payloads(h, case_id, "ai.classified"))[0]
        assert classified["confidence"] > classified["decision"]["t_auto"]
        assert classified["decision"]["route"] == "customer"
        assert classified["decision"]["reason"] == "never_auto"
        assert classified["decision"]["risk"] == "never_auto"
        routed = (await payloads(h, case_id, "ai.routed"))[0]
        assert routed["reason"] == (
            "lost_or_stolen_card is never automatic (risk setting): the customer confirms it"
        )
        request = await h.open_request(case_id)
        assert request is not None and request.kind.value == "confirm"
        assert request.spec["prompt"]["en"].startswith("Did we understand correctly: ")
        assert request.spec["prompt"]["de"].startswith("Haben wir Sie richtig verstanden: ")

        await h.answer(case_id, {"decision": "accept"})
        confirmed = (await payloads(h, case_id, "ai.intent_confirmed"))[0]
        assert confirmed["predicted"] == confirmed["chosen"] == "lost_or_stolen_card"
        assert confirmed["correct"] is True and confirmed["by"] == "customer"
        assert confirmed["action"] == "confirm"
        assert (await h.open_request(case_id)) is not None  # now the contact form


async def test_a_likely_top_intent_is_confirmed_and_a_decline_goes_to_an_agent(
    model_dir: Path, tmp_path: Path
) -> None:
    async with Harness(card_app(make_ai(model_dir)), tmp_path / "db.sqlite") as h:
        case_id = await h.start("card", {"text": CONFIRM})
        routed = (await payloads(h, case_id, "ai.routed"))[0]
        assert routed["action"] == "confirm" and routed["options"] == ["top_up_failed"]
        assert routed["reason"].startswith("the customer confirms top_up_failed (confidence 0.")
        await h.answer(case_id, {"decision": "decline"})
        task = await h.open_task(case_id)
        assert task is not None
        assert "did not confirm the intent top_up_failed" in task.reason
        await h.complete_task(case_id, {"intent": "exchange_rate", "comment": "asks for rates"})
        confirmed = (await payloads(h, case_id, "ai.intent_confirmed"))[0]
        assert confirmed["predicted"] == "top_up_failed"
        assert confirmed["chosen"] == "exchange_rate"
        assert confirmed["correct"] is False and confirmed["by"] == "agent:test"


async def test_a_menu_with_labels_and_none_of_these_goes_to_an_agent(
    model_dir: Path, tmp_path: Path
) -> None:
    async with Harness(card_app(make_ai(model_dir)), tmp_path / "db.sqlite") as h:
        case_id = await h.start("card", {"text": MENU}, customer={"locale": "de"})
        request = await h.open_request(case_id)
        assert request is not None and request.kind.value == "choose"
        options = request.spec["options"]
        assert len(options) == 3
        assert options[0] == {
            "value": "card_not_working",
            "label": options[0]["label"],
            "description": None,
        }
        assert {o["value"] for o in options} >= {"card_not_working", "lost_or_stolen_card"}
        assert all(o["label"] != o["value"] for o in options)  # customer-readable, German
        assert request.spec["prompt"]["de"] == "Welches dieser Anliegen meinen Sie?"

        await h.answer(case_id, {"none_of_these": True, "comment": "my card was eaten"})
        task = await h.open_task(case_id)
        assert task is not None and "none of the offered intents fits" in task.reason
        await h.complete_task(case_id, {"selected": ["card_arrival"]})
        confirmed = (await payloads(h, case_id, "ai.intent_confirmed"))[0]
        assert confirmed == {
            "position": confirmed["position"],
            "predicted": "card_not_working",
            "chosen": "card_arrival",
            "correct": False,
            "action": "choose",
            "by": "agent:test",
            "comment": None,
            "model_version": confirmed["model_version"],
        }
        assert (await h.open_request(case_id)) is not None  # goes on with card_arrival


async def test_an_uncertain_request_goes_to_an_agent_with_the_reason(
    model_dir: Path, tmp_path: Path
) -> None:
    async with Harness(card_app(make_ai(model_dir, queue="cards")), tmp_path / "db.sqlite") as h:
        case_id = await h.start("card", {"text": UNSURE})
        task = await h.open_task(case_id)
        assert task is not None and task.queue == "cards"
        classified = (await payloads(h, case_id, "ai.classified"))[0]
        assert (
            classified["decision"] | {"route": "agent", "reason": "uncertain"}
            == (classified["decision"])
        )
        assert task.reason == f"low confidence {classified['confidence']:.2f} for card_arrival"
        assert task.spec["context"]["predicted"][0]["intent"] == "card_arrival"
        routed = (await payloads(h, case_id, "ai.routed"))[0]
        assert routed["reason"] == task.reason and routed["queue"] == "cards"

        await h.complete_task(case_id, {"intent": None, "comment": "wants a human"})
        case = await h.case(case_id)
        assert case.status is CaseStatus.COMPLETED
        assert case.result == {"intent": None, "by": "agent:test"}


async def test_replay_after_a_restart_never_asks_the_model_again(
    model_dir: Path, tmp_path: Path
) -> None:
    database = tmp_path / "db.sqlite"
    good = Settings(sqlite_synchronous="NORMAL", intent_model=str(model_dir))
    async with Harness(card_app(AI(replies=REPLIES)), database, settings=good) as h:
        case_id = await h.start("card", {"text": MENU})
        assert (await h.open_request(case_id)).kind.value == "choose"  # type: ignore[union-attr]

    broken = tmp_path / "broken-model"
    broken.mkdir()
    (broken / "model.json").write_text("{not json", encoding="utf-8")
    with pytest.raises(ModelInvalid):
        IntentModel.load(broken)
    settings = Settings(sqlite_synchronous="NORMAL", intent_model=str(broken))
    async with Harness(card_app(AI(replies=REPLIES)), database, settings=settings) as h:
        await h.answer(case_id, {"selected": ["card_not_working"]})
        assert (await h.open_request(case_id)).kind.value == "ask"  # type: ignore[union-attr]

    # another restart while the form of the missing fields is open: the answer is checked
    # against the stored form (the form class is made at run time, so it cannot be imported)
    async with Harness(card_app(AI(replies=REPLIES)), database, settings=settings) as h:
        error = await h.answer_invalid(case_id, {"name": "Anna", "phone": "1", "postcode": "abc"})
        assert [e["field"] for e in error.data["errors"]] == ["postcode"]
        await h.answer(
            case_id, {"name": "Anna Schmidt", "phone": "030 1234567", "postcode": "10115"}
        )
        case = await h.case(case_id)
        assert case.status is CaseStatus.COMPLETED, case.error
        assert case.result is not None and case.result["intent"] == "card_not_working"
        types = await h.event_types(case_id)
        assert types.count("ai.classified") == 1 and types.count("ai.routed") == 1

        # a new case needs the model, and says which setting points to the broken one
        other = await h.start("card", {"text": MENU})
        failed = await h.case(other)
        assert failed.status is CaseStatus.FAILED
        assert failed.error is not None and failed.error["code"] == "model_invalid"


async def test_bad_configuration_fails_when_the_app_is_made(
    model_dir: Path, tmp_path: Path
) -> None:
    with pytest.raises(ModelInvalid, match="does not exist"):
        AI(model=tmp_path / "no-such-model")
    with pytest.raises(ConfigError, match="card_blocking"):
        AI(model=model_dir, risk={"card_blocking": "never_auto"})
    with pytest.raises(ConfigError, match="never_auto, agent"):
        AI(risk={"card_arrival": "sometimes"})
    with pytest.raises(ConfigError, match="menu_size"):
        AI(menu_size=0)
    with pytest.raises(ModelInvalid, match="not trained"):
        AI(model=IntentModel())
    with pytest.raises(TypeError, match=r"App\(ai=\.\.\.\)"):
        inloop.App(ai="models/banking")  # type: ignore[arg-type]


async def test_a_model_that_is_not_pydantic_and_a_missing_text_are_named(tmp_path: Path) -> None:
    app = inloop.App(ai=AI())

    @app.process("not_a_model")
    async def not_a_model(case: inloop.Case) -> None:
        await case.ai.extract(dict)  # type: ignore[arg-type]

    @app.process("no_text")
    async def no_text(case: inloop.Case) -> None:
        await case.ai.suggest_reply()

    async with Harness(app, tmp_path / "db.sqlite") as h:
        for name, code, words in [
            ("not_a_model", "process_error", "pydantic model class"),
            ("no_text", "data_invalid", "no request text in text or message"),
        ]:
            case = await h.case(await h.start(name, {"subject": "x"}))
            assert case.status is CaseStatus.FAILED
            assert case.error is not None and words in case.error["message"], case.error
            assert case.error["code"] == code, case.error
            assert not [t for t in await h.event_types(case.id) if t.startswith("ai.")]


async def test_without_a_model_case_ai_uses_the_built_in_one_next_to_the_database(
    model_dir: Path, tmp_path: Path, caplog: pytest.LogCaptureFixture
) -> None:
    # as if `inloop model prepare --database sqlite:///<tmp>/db.sqlite` had run (with a model
    # trained on part of Banking77, so the test does not train the whole one)
    settings = Settings(database_url=f"sqlite:///{tmp_path / 'db.sqlite'}")
    prepared = builtin.model_path(builtin.cache_dir(settings))
    assert prepared.parent == tmp_path / "inloop-models"
    shutil.copytree(model_dir, prepared)
    app = card_app(AI(replies=REPLIES))
    async with Harness(app, tmp_path / "db.sqlite") as h:
        case_id = await h.start("card", {"text": AUTO + CONTACT})
        classified = (await payloads(h, case_id, "ai.classified"))[0]
    assert classified["intent"] == "card_arrival"
    assert classified["model"]["version"] == model_info(IntentModel.load(model_dir))["version"]
    assert not [r for r in caplog.records if "training" in r.getMessage()]


async def test_the_card_services_example(model_dir: Path, tmp_path: Path) -> None:
    from inloop.examples import card_services

    settings = Settings(sqlite_synchronous="NORMAL", intent_model=str(model_dir))
    async with Harness(card_services.app, tmp_path / "db.sqlite", settings=settings) as h:
        lost = await h.start(
            "card_services",
            {"message": NEVER_AUTO + CONTACT},
            customer={"id": "c-1", "locale": "de"},
        )
        assert (await h.open_request(lost)).kind.value == "confirm"  # type: ignore[union-attr]
        await h.answer(lost, {"decision": "accept"})
        request = await h.open_request(lost)
        assert request is not None and request.spec["prefill"] == {"name": "Anna Schmidt"}
        assert set(request.spec["schema"]["properties"]) == {"name", "postcode"}
        await h.answer(lost, {"name": "Anna Schmidt", "postcode": "10115"})
        case = await h.case(lost)
        assert case.status is CaseStatus.COMPLETED, case.error
        assert case.result == {"intent": "lost_or_stolen_card", "replacement": True}
        assert {"step.completed", "notification.queued"} <= set(await h.event_types(lost))

        # "Yes, but with a change": nothing is blocked; an agent reads the comment and settles
        # the intent, and with a comment nothing is answered automatically either
        changed = await h.start("card_services", {"message": NEVER_AUTO})
        comment = "Not lost: my new card never arrived."
        await h.answer(changed, {"decision": "change", "comment": comment})
        task = await h.open_task(changed)
        assert task is not None and task.reason.startswith(
            "the customer asked for a change to the intent lost_or_stolen_card ("
        )
        assert task.spec["context"]["customer_comment"] == comment
        assert "step.completed" not in await h.event_types(changed)  # the card is not blocked
        await h.complete_task(changed, {"intent": "card_arrival", "comment": "never arrived"})
        (settled,) = await payloads(h, changed, "ai.intent_confirmed")
        assert settled["chosen"] == "card_arrival" and settled["comment"] == "never arrived"
        task = await h.open_task(changed)
        assert task is not None and task.reason.startswith("My card has not arrived yet")
        assert task.spec["context"] == {"comment": "never arrived", "comment_by": "agent:test"}

        waiting = await h.start("card_services", {"message": AUTO + " My name is Anna Schmidt."})
        case = await h.case(waiting)
        assert case.status is CaseStatus.COMPLETED, case.error
        assert case.result is not None and case.result["intent"] == "card_arrival"
        suggested = (await payloads(h, waiting, "ai.reply_suggested"))[0]
        assert suggested["suggestions"][0]["missing"] == []
        assert suggested["suggestions"][0]["language"] == "en"

        # a German customer gets the bank's German text of the same approved reply
        german = await h.start(
            "card_services",
            {"message": AUTO + " My name is Anna Schmidt."},
            customer={"locale": "de"},
        )
        case = await h.case(german)
        assert case.status is CaseStatus.COMPLETED, case.error
        chosen = (await payloads(h, german, "ai.reply_suggested"))[0]["suggestions"][0]
        assert chosen["language"] == "de"
        assert case.result == {"intent": "card_arrival", "reply": chosen["template_id"]}
        (sent,) = [o for o in await h.engine.store.list_outbox(case_id=german)]
        assert sent.kind == "notification" and "Werktagen" in str(sent.payload["message"])

        other = await h.start("card_services", {"message": "Why was my payment declined?"})
        task = await h.open_task(other)
        assert task is not None and task.queue == "cards"
        # the agent reads the request in the customer's words, with the intent's code
        assert task.reason.startswith("My card payment was declined (declined_card_payment)")
        picked = (await payloads(h, other, "ai.reply_suggested"))[0]["suggestions"]
        assert picked[0]["intent"] == "declined_card_payment"
        assert picked[0]["fits_intent"] is True

        # the bank has no approved reply about fees: the closest ones are marked as being for
        # other intents, and an agent answers
        fee = await h.start("card_services", {"message": FEE})
        assert (await payloads(h, fee, "ai.classified"))[0]["intent"] == "card_payment_fee_charged"
        task = await h.open_task(fee)
        assert task is not None and task.queue == "cards"
        picked = (await payloads(h, fee, "ai.reply_suggested"))[0]["suggestions"]
        assert picked and all(s["fits_intent"] is False for s in picked), picked
        # the agent writes the answer as the task's outcome; the process sends it
        assert set(task.spec["schema"]["properties"]) == {"reply"}
        answer = "The fee is the bank's charge for payments in another currency."
        await h.complete_task(fee, {"reply": answer})
        case = await h.case(fee)
        assert case.status is CaseStatus.COMPLETED, case.error
        assert case.result == {"intent": "card_payment_fee_charged", "reply": "agent"}
        (sent,) = [o for o in await h.engine.store.list_outbox(case_id=fee)]
        assert sent.kind == "notification" and sent.payload["message"] == {"en": answer}
        # the customer's page shows the stage this case did not need as such
        view = await case_view(h.engine, fee, "en")
        assert [s.state for s in view.stages] == ["done", "done", "skipped", "done"]


async def test_an_llm_orders_the_menu_and_words_questions_but_never_routes(
    model_dir: Path, tmp_path: Path
) -> None:
    from inloop.ai.llm import LLMCall, LLMProvider
    from tests.llm_stub import Reply, llm_stub

    seen: list[LLMCall] = []
    async with llm_stub() as stub:
        provider = LLMProvider(url=stub.url, model="stub-model", on_call=seen.append)
        ai = make_ai(model_dir, llm=provider)
        async with Harness(card_app(ai), tmp_path / "db.sqlite") as h:
            stub.then(
                Reply.answer({"intent": "lost_or_stolen_card"}),  # the menu's first option
                Reply.answer({"name": None, "phone": None, "postcode": "10115"}),  # extraction
            )
            case_id = await h.start("card", {"text": MENU})
            classified = (await payloads(h, case_id, "ai.classified"))[0]
            routed = (await payloads(h, case_id, "ai.routed"))[0]
            assert routed["action"] == "choose"
            assert routed["decision"]["route"] == classified["decision"]["route"] == "customer"
            assert routed["decision"]["reason"] == classified["decision"]["reason"]
            assert routed["options"][0] == "lost_or_stolen_card"
            assert set(routed["options"]) == set(classified["decision"]["options"])
            assert routed["options"] != classified["decision"]["options"]
            assert [c["operation"] for c in routed["llm"]] == ["choose_intent"]
            assert routed["llm"][0]["outcome"] == "accepted" and routed["llm"][0]["model"] == (
                "stub-model"
            )
            request = await h.open_request(case_id)
            assert request is not None
            assert request.spec["options"][0]["value"] == "lost_or_stolen_card"

            await h.answer(case_id, {"selected": ["card_not_working"]})
            extracted = (await payloads(h, case_id, "ai.extracted"))[0]
            assert extracted["proposed"] == {"postcode": 0.6}
            assert extracted["sources"] == {"postcode": "llm"}
            assert extracted["extractor"] == "inloop.extract+stub-model"
            prepared = (await payloads(h, case_id, "ai.questions_prepared"))[0]
            assert prepared["sources"] == dict.fromkeys(["name", "phone", "postcode"], "llm")
            assert [c["operation"] for c in prepared["llm"]] == ["word_question"] * 3
            request = await h.open_request(case_id)
            assert request is not None and request.spec["prefill"] == {"postcode": "10115"}
            hint = request.spec["schema"]["properties"]["postcode"]["description"]
            assert hint == "What detail can you give us?"
            # the German hint stays the template's: the LLM only worded the case's language
            assert request.spec["schema"]["properties"]["postcode"]["i18n"]["de"][
                "description"
            ] == ("Wie lautet Ihre Postleitzahl?")
            assert len(seen) == 5  # the provider's own callback still gets every call

            calls_before = len(stub.seen)
            await h.answer(
                case_id, {"name": "Anna Schmidt", "phone": "0301234567", "postcode": "10115"}
            )
            assert (await h.case(case_id)).status is CaseStatus.COMPLETED
            assert len(stub.seen) == calls_before  # the replays asked the LLM nothing


async def test_an_agent_risk_sends_even_a_sure_request_to_a_person(
    model_dir: Path, tmp_path: Path
) -> None:
    ai = make_ai(model_dir, risk={"card_arrival": "agent"})
    async with Harness(card_app(ai), tmp_path / "db.sqlite") as h:
        case_id = await h.start("card", {"text": AUTO})
        classified = (await payloads(h, case_id, "ai.classified"))[0]
        assert classified["confidence"] > classified["decision"]["t_auto"]
        assert classified["decision"]["route"] == "agent"
        assert classified["decision"]["reason"] == "risk"
        task = await h.open_task(case_id)
        assert task is not None
        assert task.reason == "card_arrival is always handled by a person (risk setting)"
        await h.complete_task(case_id, {"intent": "card_arrival"})
        confirmed = (await payloads(h, case_id, "ai.intent_confirmed"))[0]
        assert confirmed["correct"] is True and confirmed["action"] == "agent"
