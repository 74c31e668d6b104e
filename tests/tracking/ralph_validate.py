"""Validate xAPI statements against Ralph's strict pydantic models. Runs under Ralph's own
Python (.deps/ralph), not ours: `tests/tracking/ralph_models.py` calls it.

Reads a JSON list of statements on stdin and prints a JSON list with, for each statement,
{"models": [names of the Ralph models that apply], "error": null or the message}.

Ralph picks models by verb and object type alone. A profile's model applies to a statement
that declares the profile (its category activity in context.contextActivities.category):
such a statement (a Video Profile statement, an LMS Profile registration...) must validate
against one of the models. A model whose only complaint includes a missing category is a
profile the statement does not claim (Ralph matches every answered cmi.interaction to the
Virtual Classroom's poll, for one); a statement no model applies to must still validate
against Ralph's strict base xAPI statement model."""

import json
import sys

from pydantic import ValidationError
from ralph.exceptions import UnknownEventException
from ralph.models.selector import ModelSelector
from ralph.models.xapi.base.statements import BaseXapiStatement


def claims_profile(error):
    """False when the model rejects the statement for lacking its profile's category."""
    for detail in error.errors():
        if tuple(detail["loc"][-3:]) == ("context", "contextActivities", "category"):
            return False
    return True


def check(selector, statement):
    try:
        matched = list(selector.get_models(statement))
    except UnknownEventException:
        matched = []
    applied, errors = [], []
    for model in matched:
        try:
            model(**statement)
            return {"models": [model.__name__], "error": None}
        except ValidationError as error:
            if claims_profile(error):
                applied.append(model.__name__)
                errors.append(f"{model.__name__}: {error}")
    if applied:
        return {"models": applied, "error": "\n".join(errors)}
    try:
        BaseXapiStatement(**statement)
        return {"models": [], "error": None}
    except ValidationError as error:
        return {"models": [], "error": f"BaseXapiStatement: {error}"}


def main():
    selector = ModelSelector(module="ralph.models.xapi")
    statements = json.load(sys.stdin)
    json.dump([check(selector, statement) for statement in statements], sys.stdout)


if __name__ == "__main__":
    main()
