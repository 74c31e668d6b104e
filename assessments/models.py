# Questionnaires, knowledge checks and reflections arrive with the attitude-measurement issue.
