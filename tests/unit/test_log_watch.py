"""The suite-wide check for link tokens in logs can fail."""

from __future__ import annotations

import logging

from inloop.channels.links import new_token
from tests.conftest import _TokenWatch


def test_the_watch_sees_a_token_in_a_log_line() -> None:
    watch = _TokenWatch()
    logger = logging.getLogger("inloop.test-watch")
    logger.addHandler(watch)
    logger.propagate = False
    try:
        logger.warning("opened %s", f"/l/{new_token()}")
        logger.warning("a case id case_01M89XEHZQ4NMSW8K6A59JE2NS is fine")
        logger.warning("a hash %s is fine", "a" * 64)
    finally:
        logger.removeHandler(watch)
    assert len(watch.found) == 1 and "opened" in watch.found[0]
