"""A real LTI 1.3 / Advantage platform for the tests (Flask + PyJWT + cryptography, on 127.0.0.1):
OIDC authentication with strict checks, RS256-signed launch and deep-linking tokens, its JWKS,
an OAuth 2 token endpoint that checks the tool's signed client assertion against the tool's JWKS
fetched over HTTP, Assignment and Grade Services (line items, scores, failures on demand) and
Names and Role Provisioning (paged). It is the LMS; nothing of Storybridge is imported."""

import html
import json
import secrets
import threading
import time
from urllib.parse import urlencode

import jwt
from cryptography.hazmat.primitives.asymmetric import rsa
from flask import Flask, Response, abort, jsonify, redirect, request
from werkzeug.serving import make_server

L = "https://purl.imsglobal.org/spec/lti/claim/"
AGS = "https://purl.imsglobal.org/spec/lti-ags/claim/endpoint"
NRPS = "https://purl.imsglobal.org/spec/lti-nrps/claim/namesroleservice"
DL = "https://purl.imsglobal.org/spec/lti-dl/claim/"
AGS_SCOPES = [
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem",
    "https://purl.imsglobal.org/spec/lti-ags/scope/lineitem.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/result.readonly",
    "https://purl.imsglobal.org/spec/lti-ags/scope/score",
]
NRPS_SCOPE = "https://purl.imsglobal.org/spec/lti-nrps/scope/contextmembership.readonly"
INSTRUCTOR = "http://purl.imsglobal.org/vocab/lis/v2/membership#Instructor"
LEARNER = "http://purl.imsglobal.org/vocab/lis/v2/membership#Learner"
USERS = {
    "teacher": {"given_name": "Tess", "family_name": "Teacher", "roles": [INSTRUCTOR]},
    "student": {"given_name": "Sam", "family_name": "Student", "roles": [LEARNER]},
    "quiet": {"given_name": "Quinn", "family_name": "Quiet", "roles": [LEARNER]},
}
CONTEXT = {"id": "NURS-101", "label": "NURS101", "title": "Nursing 101", "type": []}


class Platform:
    def __init__(
        self, client_id="storybridge-tool", deployment_id="deployment-1", host="127.0.0.1"
    ):
        self.client_id, self.deployment_id = client_id, deployment_id
        self.key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
        self.kid = "platform-key-1"
        self.tool = {}  # login, launch, jwks: set once the tool is registered
        self.hints, self.tokens, self.jtis = {}, {}, set()
        self.lineitems, self.scores, self.deep_links = {}, [], []
        self.fail_scores = 0
        self.app = self._app()
        self.server = make_server("127.0.0.1", 0, self.app, threaded=True)
        # `host` names it (it always listens on 127.0.0.1): "localhost" puts it on the same site
        # as the live server, "127.0.0.1" on another one, as most LMSs are.
        self.base = f"http://{host}:{self.server.server_port}"
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    # --- running -------------------------------------------------------------------------
    def start(self):
        self.thread.start()
        return self

    def stop(self):
        self.server.shutdown()
        self.thread.join(timeout=5)

    @property
    def urls(self):
        return {
            "issuer": self.base,
            "auth_url": f"{self.base}/auth",
            "token_url": f"{self.base}/token",
            "keyset_url": f"{self.base}/jwks",
        }

    def jwks(self):
        public = json.loads(jwt.algorithms.RSAAlgorithm.to_jwk(self.key.public_key()))
        public.update(kid=self.kid, alg="RS256", use="sig")
        return {"keys": [public]}

    # --- what a test asks for -------------------------------------------------------------
    def start_url(self, user="student", kind="resource", **custom):
        return f"{self.base}/start?" + urlencode({"user": user, "kind": kind, **custom})

    def claims(self, user, nonce, kind="resource", custom=None, **changes):
        now = int(time.time())
        person = USERS[user]
        claims = {
            "iss": self.base,
            "aud": self.client_id,
            "azp": self.client_id,
            "sub": f"lms-user-{user}",
            "iat": now,
            "exp": now + 300,
            "nonce": nonce,
            "given_name": person["given_name"],
            "family_name": person["family_name"],
            "name": f"{person['given_name']} {person['family_name']}",
            "email": f"{user}@university.example",
            L + "version": "1.3.0",
            L + "deployment_id": self.deployment_id,
            L + "target_link_uri": self.tool["launch"],
            L + "roles": person["roles"],
            L + "context": CONTEXT,
            L + "tool_platform": {"guid": "test-lms", "name": "Test LMS"},
            L + "launch_presentation": {"document_target": "iframe"},
            L + "custom": dict(custom or {}),
            NRPS: {
                "context_memberships_url": f"{self.base}/contexts/{CONTEXT['id']}/memberships",
                "service_versions": ["2.0"],
            },
            AGS: {
                "scope": AGS_SCOPES,
                "lineitems": f"{self.base}/contexts/{CONTEXT['id']}/lineitems",
            },
        }
        if kind == "deeplink":
            claims[L + "message_type"] = "LtiDeepLinkingRequest"
            claims[DL + "deep_linking_settings"] = {
                "deep_link_return_url": f"{self.base}/deep_link_return",
                "accept_types": ["ltiResourceLink"],
                "accept_presentation_document_targets": ["iframe", "window"],
                "accept_multiple": False,
                "data": "platform-data-42",
            }
        else:
            claims[L + "message_type"] = "LtiResourceLinkRequest"
            claims[L + "resource_link"] = {"id": "link-1", "title": "Storybridge"}
            lineitem = f"{self.base}/contexts/{CONTEXT['id']}/lineitems/link-1"
            self.lineitems.setdefault(lineitem, {"id": lineitem, "scoreMaximum": 100})
            claims[AGS]["lineitem"] = lineitem
        claims.update(changes)
        return claims

    def sign(self, claims, key=None, kid=None):
        return jwt.encode(
            claims, key or self.key, algorithm="RS256", headers={"kid": kid or self.kid}
        )

    # --- the web app ----------------------------------------------------------------------
    def _app(self):
        app = Flask(__name__)
        platform = self

        @app.get("/jwks")
        def jwks():
            return jsonify(platform.jwks())

        @app.get("/start")
        def start():
            hint = secrets.token_urlsafe(8)
            args = dict(request.args)
            platform.hints[hint] = {
                "user": args.pop("user", "student"),
                "kind": args.pop("kind", "resource"),
                "custom": args,
            }
            query = {
                "iss": platform.base,
                "login_hint": platform.hints[hint]["user"],
                "target_link_uri": platform.tool["launch"],
                "lti_message_hint": hint,
                "client_id": platform.client_id,
                "lti_deployment_id": platform.deployment_id,
            }
            return redirect(f"{platform.tool['login']}?{urlencode(query)}")

        @app.route("/auth", methods=["GET", "POST"])
        def auth():
            p = request.values
            checks = (
                p.get("scope") == "openid",
                p.get("response_type") == "id_token",
                p.get("response_mode") == "form_post",
                p.get("prompt") == "none",
                p.get("client_id") == platform.client_id,
                bool(p.get("nonce")) and bool(p.get("state")),
                p.get("redirect_uri") == platform.tool["launch"],
            )
            if not all(checks):
                abort(400, "invalid authentication request")
            hint = platform.hints.pop(p.get("lti_message_hint"), None)
            if hint is None or hint["user"] != p.get("login_hint"):
                abort(400, "bad login hint")
            claims = platform.claims(hint["user"], p["nonce"], hint["kind"], hint["custom"])
            form = (
                f'<form id="f" method="post" action="{html.escape(p["redirect_uri"])}">'
                f'<input type="hidden" name="id_token" value="{platform.sign(claims)}">'
                f'<input type="hidden" name="state" value="{html.escape(p["state"])}">'
                '<button type="submit">Continue</button></form>'
                "<script>document.getElementById('f').submit()</script>"
            )
            return Response(form, mimetype="text/html")

        def tool_claims(token, audience):
            keys = jwt.PyJWKClient(platform.tool["jwks"], cache_keys=False)  # over HTTP
            key = keys.get_signing_key_from_jwt(token)
            return jwt.decode(token, key.key, algorithms=["RS256"], audience=audience)

        @app.post("/token")
        def token():
            form = request.form
            if form.get("grant_type") != "client_credentials":
                return jsonify(error="unsupported_grant_type"), 400
            try:
                assertion = tool_claims(form["client_assertion"], [f"{platform.base}/token"])
            except Exception as problem:  # noqa: BLE001 - any failure is a refusal
                return jsonify(error="invalid_client", detail=str(problem)), 401
            if (
                assertion.get("iss") != platform.client_id
                or assertion.get("sub") != platform.client_id
                or assertion.get("jti") in platform.jtis
            ):
                return jsonify(error="invalid_client"), 401
            platform.jtis.add(assertion["jti"])
            scopes = [s for s in form.get("scope", "").split() if s in AGS_SCOPES + [NRPS_SCOPE]]
            access = secrets.token_urlsafe(24)
            platform.tokens[access] = scopes
            return jsonify(
                access_token=access, token_type="Bearer", expires_in=3600, scope=" ".join(scopes)
            )

        def require(scope):
            header = request.headers.get("Authorization", "")
            if scope not in platform.tokens.get(header.removeprefix("Bearer "), []):
                abort(401)

        @app.post("/contexts/<cid>/lineitems/<lid>/scores")
        def scores(cid, lid):
            require(AGS_SCOPES[3])
            if platform.fail_scores:
                platform.fail_scores -= 1
                return jsonify(error="unavailable"), 503
            if not request.content_type.startswith("application/vnd.ims.lis.v1.score+json"):
                abort(415)
            body = request.get_json(force=True)
            platform.scores.append(
                {"lineitem": f"{platform.base}/contexts/{cid}/lineitems/{lid}", **body}
            )
            return "", 204

        @app.get("/contexts/<cid>/memberships")
        def memberships(cid):
            require(NRPS_SCOPE)
            members = [
                {
                    "user_id": f"lms-user-{name}",
                    "status": "Active",
                    "given_name": person["given_name"],
                    "family_name": person["family_name"],
                    "name": f"{person['given_name']} {person['family_name']}",
                    "roles": person["roles"],
                }
                for name, person in USERS.items()
            ]
            page = int(request.args.get("page", "0"))
            body = {"id": request.url, "context": CONTEXT, "members": members[page : page + 2]}
            response = Response(
                json.dumps(body),
                mimetype="application/vnd.ims.lti-nrps.v2.membershipcontainer+json",
            )
            if page + 2 < len(members):
                next_page = f"{platform.base}/contexts/{cid}/memberships?page={page + 2}"
                response.headers["Link"] = f'<{next_page}>; rel="next"'
            return response

        @app.post("/deep_link_return")
        def deep_link_return():
            claims = tool_claims(request.form["JWT"], platform.base)
            if (
                claims.get("iss") != platform.client_id
                or claims.get(DL + "data") != "platform-data-42"
            ):
                abort(400)
            platform.deep_links.append(claims)
            return Response("<h1>Added to your course</h1>", mimetype="text/html")

        @app.get("/lms")
        def lms():
            src = html.escape(platform.start_url(**request.args))
            page = (
                '<h1>Test LMS</h1><iframe title="Storybridge" width="900" height="600" '
                f'src="{src}"></iframe>'
            )
            return Response(page, mimetype="text/html")

        return app
