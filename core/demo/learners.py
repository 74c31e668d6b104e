"""Simulated learners for the demo. The learner-journey work replaces `simulate_learners`."""


def simulate_learners(count, courses, write):
    """Enrol `count` simulated learners in `courses` and walk them through the modules.

    Enrolments, progress and questionnaires do not exist yet, so this only says so. `write`
    takes one line of output.
    """
    if count:
        write(
            f"Learner simulation arrives with the learner-journey work: "
            f"--learners {count} was accepted, and no learners were simulated."
        )
