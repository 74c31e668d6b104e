"""Validate xAPI statements against Ralph's strict pydantic models. Runs under Ralph's own
Python (.deps/ralph), not ours: `tests/tracking/ralph_models.py` calls it.

Reads a JSON list of statements on stdin and prints a JSON list with, for each statement,
{"models": [names of the Ralph models whose selector matched], "error": null or the
message}. A statement that matches a Ralph model (a Video Profile statement, an LMS Profile
registration...) must validate against one of them; one that matches none must still
validate against Ralph's base xAPI statement model."""

import json
import sys

from pydantic import ValidationError
from ralph.exceptions import UnknownEventException
from ralph.models.selector import ModelSelector
from ralph.models.xapi.base.statements import BaseXapiStatement


def check(selector, statement):
    try:
        models = list(selector.get_models(statement))
    except UnknownEventException:
        models = []
    candidates = models or [BaseXapiStatement]
    errors = []
    for model in candidates:
        try:
            model(**statement)
            return {"models": [m.__name__ for m in models], "error": None}
        except ValidationError as error:
            errors.append(f"{model.__name__}: {error}")
    return {"models": [m.__name__ for m in models], "error": "\n".join(errors)}


def main():
    selector = ModelSelector(module="ralph.models.xapi")
    statements = json.load(sys.stdin)
    json.dump([check(selector, statement) for statement in statements], sys.stdout)


if __name__ == "__main__":
    main()
