"""analysis.report_vs_floor: the course dashboard's statistics on 10,000 enrolments x 20 items x
pre and post in PostgreSQL, against a floor that does the least possible work for the same
numbers: one hand-written SQL query through the database driver into numpy arrays, and numpy
(with scipy's distribution functions, which numpy lacks) computing the same statistics.

Runs in the bench process, inside Django, on the bench database (see bench/run.py).
"""

import time
import tracemalloc
import uuid

import numpy as np
from django.db import connection, reset_queries
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from scipy import stats

from assessments.models import (
    CourseQuestionnaires,
    Instrument,
    InstrumentItem,
    QuestionnaireResponse,
    ScalePoint,
    Subscale,
)
from assessments.questionnaires.scoring import InstrumentSpec, score
from bench.fixtures import course_page
from bench.harness import emit, log
from core.models import User
from courses.models import Enrolment
from reporting.attitude.report import dashboard_statistics_for_benchmark

ITEMS = 20
REVERSED = (3, 7, 11, 15, 19)  # item positions scored min + max - x
SUBSCALES = ("hope", "distance")  # items alternate between them
SCALE = (1, 2, 3, 4, 5)


def seed(learners, slug="analysis-bench", seed_value=7):
    """A course with one 20-item instrument and `learners` enrolments, each with a submitted
    pre and post response: bulk inserts, then COPY for the item answers."""
    course = course_page(slug, f"Analysis benchmark ({learners} learners)")
    instrument = Instrument(name="Benchmark attitudes", version=slug, reliability=0.85)
    for value in SCALE:
        instrument.scale_points.add(ScalePoint(label=str(value), value=value, sort_order=value))
    for key in SUBSCALES:
        instrument.subscales.add(Subscale(key=key, name=key.title()))
    for position in range(ITEMS):
        instrument.items.add(
            InstrumentItem(
                text=f"Statement {position + 1}",
                reverse_scored=position in REVERSED,
                subscale=SUBSCALES[position % 2],
                sort_order=position,
            )
        )
    instrument.save()
    course.questionnaires = [
        CourseQuestionnaires(baseline_questionnaire=instrument, post_questionnaire=instrument)
    ]
    course.save_revision().publish()
    instrument = Instrument.objects.prefetch_related("items", "scale_points", "subscales").get(
        pk=instrument.pk
    )
    spec = InstrumentSpec.from_instrument(instrument)
    items = list(instrument.items.all())

    rng = np.random.default_rng(seed_value)
    roles = ["nursing_trainee", "psychology_trainee", "care_assistant", "other_staff"]
    users = User.objects.bulk_create(
        [
            User(username=f"{slug}-{n}", email=f"{n}@{slug}.invalid", role=roles[n % 4])
            for n in range(learners)
        ],
        batch_size=5000,
    )
    enrolments = Enrolment.objects.bulk_create(
        [Enrolment(user=user, course=course, completed_at=timezone.now()) for user in users],
        batch_size=5000,
    )
    # Answers: a person-level attitude plus item noise, shifted upwards after the course.
    attitude = rng.normal(3.0, 0.6, size=learners)
    shift = rng.normal(0.35, 0.4, size=learners)
    now = timezone.now()
    responses, answer_rows = [], []
    for timepoint, extra in (("pre", 0.0), ("post", 1.0)):
        level = attitude + extra * shift
        raw = np.clip(np.rint(level[:, None] + rng.normal(0, 0.8, (learners, ITEMS))), 1, 5)
        raw[:, list(REVERSED)] = 6 - raw[:, list(REVERSED)]
        raw = raw.astype(int)
        for row, enrolment in enumerate(enrolments):
            answers = {str(item.uuid): int(raw[row, col]) for col, item in enumerate(items)}
            responses.append(
                QuestionnaireResponse(
                    uuid=uuid.uuid4(),
                    enrolment=enrolment,
                    instrument=instrument,
                    timepoint=timepoint,
                    status=QuestionnaireResponse.Status.SUBMITTED,
                    submitted_at=now,
                    scores=score(spec, answers).as_dict(),
                )
            )
            answer_rows.append(raw[row])
    responses = QuestionnaireResponse.objects.bulk_create(responses, batch_size=5000)
    item_ids = [item.pk for item in items]
    with connection.cursor() as cursor:
        with cursor.copy(
            "COPY assessments_itemanswer (response_id, item_id, value) FROM STDIN"
        ) as copy:
            for response, values in zip(responses, answer_rows, strict=True):
                for item_id, value in zip(item_ids, values, strict=True):
                    copy.write_row((response.pk, item_id, int(value)))
    return course, instrument


FLOOR_SQL = """
SELECT r.enrolment_id, r.timepoint = 'post', i.sort_order, a.value
FROM assessments_itemanswer a
JOIN assessments_questionnaireresponse r ON r.id = a.response_id
JOIN assessments_instrumentitem i ON i.id = a.item_id
JOIN courses_enrolment e ON e.id = r.enrolment_id
WHERE e.course_id = %s AND r.status = 'submitted' AND r.timepoint IN ('pre', 'post')
"""


def floor(course_id, reliability=0.85):
    """The least work for the dashboard's numbers: one query, numpy, scipy's distributions."""
    with connection.cursor() as cursor:
        cursor.execute(FLOOR_SQL, [course_id])
        data = np.array(cursor.fetchall(), dtype=np.int64)
    people, person = np.unique(data[:, 0], return_inverse=True)
    cube = np.full((2, len(people), ITEMS), np.nan)
    cube[data[:, 1], person, data[:, 2]] = data[:, 3]
    cube[:, :, list(REVERSED)] = 6 - cube[:, :, list(REVERSED)]
    results = {}
    columns = {"total": slice(None), "hope": slice(0, None, 2), "distance": slice(1, None, 2)}
    for name, cols in columns.items():
        block = cube[:, :, cols]
        pre, post = block[0].mean(axis=1), block[1].mean(axis=1)
        change = post - pre
        n = len(change)
        sd_change = change.std(ddof=1)
        t = change.mean() / (sd_change / np.sqrt(n))
        half = stats.t.ppf(0.975, n - 1) * sd_change / np.sqrt(n)
        sd_pre, sd_post = pre.std(ddof=1), post.std(ddof=1)
        se_diff = sd_pre * np.sqrt(2) * np.sqrt(1 - reliability)
        rci = change / se_diff
        alphas = []
        for matrix in block:
            k = matrix.shape[1]
            alphas.append(
                k
                / (k - 1)
                * (1 - matrix.var(axis=0, ddof=1).sum() / matrix.sum(axis=1).var(ddof=1))
            )
        results[name] = {
            "mean_change": change.mean(),
            "ci": (change.mean() - half, change.mean() + half),
            "p_t": 2 * stats.t.sf(abs(t), n - 1),
            "p_wilcoxon": stats.wilcoxon(change).pvalue,
            "d_z": change.mean() / sd_change,
            "d_av": change.mean() / ((sd_pre + sd_post) / 2),
            "r": np.corrcoef(pre, post)[0, 1],
            "improved": int((rci > 1.96).sum()),
            "deteriorated": int((rci < -1.96).sum()),
            "alpha": alphas,
        }
    return results


def timed(function, repeats):
    """The best of `repeats` wall-clock timings, and the last result."""
    best, result = float("inf"), None
    for _ in range(repeats):
        start = time.perf_counter()
        result = function()
        best = min(best, time.perf_counter() - start)
    return best, result


def peak_memory_mib(function):
    tracemalloc.start()
    try:
        function()
        return tracemalloc.get_traced_memory()[1] / 2**20
    finally:
        tracemalloc.stop()


def metrics(learners=10_000, repeats=3):
    """Seed, then time the dashboard's statistics against the floor; print the figures."""
    log(f"analysis: storing {learners} enrolments x {ITEMS} items x pre and post")
    course, _ = seed(learners)
    small, _ = seed(max(learners // 50, 20), slug="analysis-bench-small", seed_value=11)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")

    def report():
        return dashboard_statistics_for_benchmark(course)

    def query_count(target):
        """Queries of one report on a fresh copy of the course page (nothing kept on it from
        an earlier report, as for a request)."""
        fresh = type(target).objects.get(pk=target.pk)
        reset_queries()
        with CaptureQueriesContext(connection) as queries:
            dashboard_statistics_for_benchmark(fresh)
        return len(queries)

    report()  # warm: imports, Django's query compilation caches, PostgreSQL's buffers
    floor(course.pk)
    rounds = []
    for _ in range(repeats):
        report_s, _ = timed(report, 1)
        floor_s, _ = timed(lambda: floor(course.pk), 1)
        rounds.append((report_s, floor_s))
        log(f"analysis: report {report_s * 1000:.0f} ms, floor {floor_s * 1000:.0f} ms")
    ratios = sorted(r / f for r, f in rounds)
    report_ms = min(r for r, _ in rounds) * 1000
    floor_ms = min(f for _, f in rounds) * 1000
    emit(
        "analysis.report_vs_floor",
        round(ratios[len(ratios) // 2], 2),
        "ratio",
        "<= 2",
        report_ms=round(report_ms, 1),
        floor_ms=round(floor_ms, 1),
        learners=learners,
        items=ITEMS,
        rounds=repeats,
    )
    big, few = query_count(course), query_count(small)
    emit("analysis.queries", big, "queries", "no growth", learners=learners)
    emit(
        "analysis.queries_growth",
        big - few,
        "queries",
        "0",
        learners=f"{max(learners // 50, 20)}->{learners}",
    )
    emit("analysis.report_peak_memory", round(peak_memory_mib(report), 1), "MiB", None)
