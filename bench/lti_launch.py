"""lti.launch_vs_floor: LTI 1.3 launches per second, each one whole (the OIDC login initiation,
the signed token posted to /lti/launch/ and checked against the platform's keys, which the tool
keeps in the cache after its first fetch, the LMS user's account found and signed in, and the
module page served), divided by the floor's requests per second for a page of the same size,
same gunicorn, rotating rounds: the median ratio; target >= 0.2. Each request's median latency
is printed with it. lti.sign_in_vs_floor (no target) is the same without the page: the login
initiation and the launch POST only, the part of a launch that is LTI's own.

The bench plays the platform: its key signs the tokens and a thread on 127.0.0.1 serves its
JWKS. The tool's workers share their cache through Redis (REDIS_URL, database 14), as an LMS
deployment must: the login and the launch may reach different workers.
"""

import http.client
import json
import statistics
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, urlencode, urlsplit

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa

from bench.harness import BenchError, emit, fetch, gunicorn, log, python_rate
from courses.models import ModulePage
from integrations.lti import registration

TARGET_RATIO = 0.2
REDIS_URL = "redis://127.0.0.1:6379/14"
L = "https://purl.imsglobal.org/spec/lti/claim/"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"


class Platform:
    """The signing key and a JWKS server on 127.0.0.1."""

    def __init__(self):
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        public.update(kid="bench-key", alg="RS256", use="sig")
        body = json.dumps({"keys": [public]}).encode()

        class Keys(BaseHTTPRequestHandler):
            def do_GET(self):  # noqa: N802 (the standard library's name)
                self.send_response(200)
                self.send_header("Content-Type", "application/json")
                self.end_headers()
                self.wfile.write(body)

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Keys)
        self.base = f"http://127.0.0.1:{self.server.server_port}"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def token(self, nonce, launch_url, page_id, learner):
        now = int(time.time())
        claims = {
            "iss": self.base,
            "aud": "bench-client",
            "sub": f"bench-learner-{learner}",
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            "given_name": "Bench",
            "family_name": f"Learner {learner}",
            L + "message_type": "LtiResourceLinkRequest",
            L + "version": "1.3.0",
            L + "deployment_id": "bench-deployment",
            L + "target_link_uri": launch_url,
            L + "resource_link": {"id": "bench-link"},
            L + "roles": [LEARNER],
            L + "context": {"id": "bench-course", "title": "Bench course"},
            L + "custom": {"storybridge_page": str(page_id)},
        }
        return jwt.encode(claims, self.key, algorithm="RS256", headers={"kid": "bench-key"})


def prepare(platform, module_path):
    found = registration.save(
        name="Bench LMS",
        issuer=platform.base,
        client_id="bench-client",
        auth_url=f"{platform.base}/auth",
        token_url=f"{platform.base}/token",
        keyset_url=f"{platform.base}/jwks",
        deployment_ids=["bench-deployment"],
    )
    module = next(m for m in ModulePage.objects.live() if m.url == module_path)
    return found, module


def one_launch(
    conn, platform, login_path, launch_path, launch_url, page_id, learner, steps=None, page=True
):
    """The three requests of a launch on one kept-alive connection; the page's size. With
    `steps`, each request's seconds are added to its list there; without `page`, the launch
    stops at the launch's answer (the page is not asked for) and returns 0."""
    started = time.perf_counter()
    query = {
        "iss": platform.base,
        "login_hint": "bench",
        "target_link_uri": launch_url,
        "lti_message_hint": "bench",
        "client_id": "bench-client",
        "lti_deployment_id": "bench-deployment",
        "lti1p3_new_window": "1",
    }
    conn.request("GET", f"{login_path}?{urlencode(query)}")
    answer = conn.getresponse()
    answer.read()
    if answer.status != 302:
        raise BenchError(f"the LTI login answered {answer.status}")
    logged_in = time.perf_counter()
    auth = parse_qs(urlsplit(answer.getheader("Location")).query)
    cookies = "; ".join(
        value.split(";", 1)[0] for name, value in answer.getheaders() if name == "Set-Cookie"
    )
    body = urlencode(
        {
            "id_token": platform.token(auth["nonce"][0], launch_url, page_id, learner),
            "state": auth["state"][0],
        }
    )
    headers = {"Content-Type": "application/x-www-form-urlencoded", "Cookie": cookies}
    signed = time.perf_counter()
    conn.request("POST", launch_path, body=body, headers=headers)
    answer = conn.getresponse()
    content = answer.read()
    if answer.status != 302:
        raise BenchError(f"the LTI launch answered {answer.status}: {content[:300]!r}")
    session = next(
        value.split(";", 1)[0]
        for name, value in answer.getheaders()
        if name == "Set-Cookie" and value.startswith("sessionid=")
    )
    launched = time.perf_counter()
    if not page:
        return 0
    conn.request("GET", urlsplit(answer.getheader("Location")).path, headers={"Cookie": session})
    page = conn.getresponse()
    content = page.read()
    if page.status != 200:
        raise BenchError(f"the launched page answered {page.status}")
    if steps is not None:
        steps["login"].append(logged_in - started)
        steps["launch"].append(launched - signed)
        steps["page"].append(time.perf_counter() - launched)
    return len(content)


def launch_rate(base, platform, found, module, duration, threads, steps, page=True):
    parts = urlsplit(base)
    login_path = f"/lti/login/{found.uuid}/"
    launch_url = base + "/lti/launch/"
    done, failures = [0] * threads, []
    stop = time.monotonic() + duration

    def run(slot):
        conn = http.client.HTTPConnection(parts.hostname, parts.port, timeout=30)
        try:
            while time.monotonic() < stop:
                one_launch(
                    conn,
                    platform,
                    login_path,
                    "/lti/launch/",
                    launch_url,
                    module.pk,
                    slot,
                    steps if page else None,
                    page,
                )
                done[slot] += 1
        except (OSError, http.client.HTTPException, BenchError) as error:
            failures.append(repr(error))
        finally:
            conn.close()

    workers = [threading.Thread(target=run, args=(slot,)) for slot in range(threads)]
    started = time.monotonic()
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    if failures:
        raise BenchError(failures[0])
    return sum(done) / (time.monotonic() - started)


def metrics(env, module_path, mode):
    platform = Platform()
    found, module = prepare(platform, module_path)
    env = {**env, "REDIS_URL": REDIS_URL}
    with gunicorn(env) as (_server, base):
        conn = http.client.HTTPConnection("127.0.0.1", urlsplit(base).port, timeout=30)
        size = one_launch(
            conn,
            platform,
            f"/lti/login/{found.uuid}/",
            "/lti/launch/",
            base + "/lti/launch/",
            module.pk,
            0,
        )  # the first fetches the platform's keys, and makes the learners' account
        conn.close()
        status, _body = fetch(f"{base}/bench/floor/?bytes={size}")
        if status != 200:
            raise BenchError("the floor did not answer")
        floor = f"{base}/bench/floor/?bytes={size}"
        launches, floors, sign_ins = [], [], []
        steps = {"login": [], "launch": [], "page": []}
        order = ("launch", "floor", "sign-in")
        for round_number in range(mode["rounds"]):
            shift = round_number % len(order)
            for name in order[shift:] + order[:shift]:
                if name in ("launch", "sign-in"):
                    rate = launch_rate(
                        base,
                        platform,
                        found,
                        module,
                        mode["duration"],
                        mode["connections"],
                        steps,
                        page=name == "launch",
                    )
                    (launches if name == "launch" else sign_ins).append(rate)
                else:
                    floors.append(python_rate(floor, None, mode["duration"], mode["connections"]))
            rates = (
                f"{launches[-1]:.1f} launches/s, {sign_ins[-1]:.1f} without the page/s, "
                f"floor {floors[-1]:.0f} req/s"
            )
            log(f"round {round_number + 1}: {rates}")
    ratios = [a / b for a, b in zip(launches, floors, strict=True)]
    emit(
        "lti.launch_vs_floor",
        round(statistics.median(ratios), 3),
        "ratio",
        f">= {TARGET_RATIO}",
        launches_per_s=round(statistics.median(launches), 1),
        floor_rps=round(statistics.median(floors), 1),
        page_bytes=size,
        requests_per_launch=3,
        # Each request's median latency under the same load (the login initiation, the launch
        # POST, the module page it opens), to show where a launch's time goes.
        **{f"{name}_ms": round(1000 * statistics.median(s), 1) for name, s in steps.items()},
        keys_cached=True,
        rounds=mode["rounds"],
    )
    # The same without the page: the login initiation and the launch POST (token checked,
    # account found, signed in, redirected), the part of a launch that is LTI's own.
    emit(
        "lti.sign_in_vs_floor",
        round(statistics.median(a / b for a, b in zip(sign_ins, floors, strict=True)), 3),
        "ratio",
        None,
        per_s=round(statistics.median(sign_ins), 1),
        floor_rps=round(statistics.median(floors), 1),
        requests=2,
        rounds=mode["rounds"],
    )
    platform.server.shutdown()
