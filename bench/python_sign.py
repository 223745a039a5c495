#!/usr/bin/env python3
"""Measures the OFFICIAL Python SDKs' cost to serialize and sign one request, the way
`cargo bench -p doc2sdk --bench runtime` measures ours (`sign_serialize` and `client_request`).

Two levels, per scheme:
  signer          the request's headers and body already built; serialize the body, hash it and
                  sign (Alibaba: Utils.to_form + Utils.hash + Utils.get_authorization;
                  Huawei: Signer.sign on an SdkRequest)
  client_request  the SDK client's own method, from a request model object to the request handed
                  to the HTTP library (which is replaced by a stub that raises, so nothing is sent)

Prints one JSON object per line: {"sdk", "scheme", "level", "iterations", "median_us", "min_us"}.
Run with the interpreter that has the oracles (`.venv-oracles/bin/python` or
`$DOC2SDK_ORACLE_PYTHON`): `python bench/python_sign.py [--quick]`.
"""

import json
import os
import statistics
import sys
import time

for _var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy",
             "ALIBABA_CLOUD_ACCESS_KEY_ID", "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
             "HUAWEICLOUD_SDK_AK", "HUAWEICLOUD_SDK_SK"):
    os.environ.pop(_var, None)

AK, SK = "LTAI5tBenchAccessKey", "bench-secret-not-real"

# The same typical request as the Rust bench: CreateEdgeContainerAppVersion with one container.
ESA_PARAMS = {
    "AppId": "app-88068867578379****",
    "Name": "version-1",
    "Remarks": "first version",
    "Containers": [{
        "Name": "web",
        "Image": "registry.cn-hangzhou.aliyuncs.com/acme/web:1.0",
        "IsACRImage": False,
        "Spec": "1C2G",
        "Storage": "0.5G",
        "ProbeType": "httpGet",
        "ProbeContent": {"Path": "/healthz", "Port": 8080},
    }],
}
IOTEDGE_BODY = {"version": "1.0.0", "description": "bench", "deploy_type": "docker"}


class Sent(Exception):
    """Raised instead of sending: the request reached the HTTP layer."""


SENT = {"count": 0}


def measure(fn, iterations, batches=7):
    for _ in range(max(1, iterations // 10)):
        fn()
    per = []
    for _ in range(batches):
        start = time.perf_counter_ns()
        for _ in range(iterations):
            fn()
        per.append((time.perf_counter_ns() - start) / iterations / 1000.0)
    return statistics.median(per), min(per)


def report(sdk, scheme, level, iterations, fn):
    before = SENT["count"]
    median, fastest = measure(fn, iterations)
    if level == "client_request" and SENT["count"] - before < iterations:
        raise SystemExit(f"{scheme}: the SDK did not reach the HTTP layer on every call")
    print(json.dumps({"sdk": sdk, "scheme": scheme, "level": level, "iterations": iterations,
                      "median_us": round(median, 2), "min_us": round(fastest, 2)}), flush=True)


def alibaba(iterations):
    from alibabacloud_esa20240910 import models
    from alibabacloud_esa20240910.client import Client
    from alibabacloud_tea_openapi import client as openapi_client
    from alibabacloud_tea_openapi import utils_models
    from alibabacloud_tea_openapi.utils import Utils
    from darabonba.core import DaraCore
    from darabonba.policy.retry import RetryOptions
    from darabonba.request import DaraRequest
    from darabonba.runtime import RuntimeOptions

    def stub(request, runtime=None, *args, **kwargs):
        assert request.headers.get("Authorization") or request.query.get("Signature")
        SENT["count"] += 1
        raise Sent()

    DaraCore.do_action = staticmethod(stub)
    openapi_client.DaraCore.do_action = staticmethod(stub)

    for algorithm, scheme in ((None, "ACS3-HMAC-SHA256"), ("v2", "ACS-RPC-HMAC-SHA1")):
        config = utils_models.Config(access_key_id=AK, access_key_secret=SK,
                                     endpoint="esa.cn-hangzhou.aliyuncs.com", protocol="https",
                                     region_id="cn-hangzhou",
                                     retry_options=RetryOptions({"retryable": False}))
        if algorithm:
            config.signature_algorithm = algorithm
        client = Client(config)

        def call():
            request = models.CreateEdgeContainerAppVersionRequest().from_map(ESA_PARAMS)
            try:
                client.create_edge_container_app_version_with_options(request, RuntimeOptions())
            except Exception as e:  # the SDK wraps the stub's exception after its retry check
                if "Sent" not in repr(e) and not isinstance(e, Sent):
                    context = getattr(e, "inner_exception", None)
                    if not isinstance(context, Sent):
                        raise
        report("official python", scheme, "client_request", iterations, call)

    # Signer alone: the V3 steps do_request runs once the request is assembled.
    form_input = {k: (json.dumps(v) if isinstance(v, list) else v) for k, v in ESA_PARAMS.items()}

    def sign_v3():
        req = DaraRequest()
        req.protocol, req.method, req.pathname = "https", "POST", "/"
        req.query = {}
        req.headers = {
            "host": "esa.cn-hangzhou.aliyuncs.com",
            "x-acs-version": "2024-09-10",
            "x-acs-action": "CreateEdgeContainerAppVersion",
            "user-agent": "bench",
            "x-acs-date": Utils.get_timestamp(),
            "x-acs-signature-nonce": Utils.get_nonce(),
            "accept": "application/json",
        }
        form = Utils.to_form(form_input)
        payload = Utils.hash(form.encode("utf-8"), "ACS3-HMAC-SHA256")
        req.body = form
        req.headers["content-type"] = "application/x-www-form-urlencoded"
        req.headers["x-acs-content-sha256"] = payload.hex()
        req.headers["Authorization"] = Utils.get_authorization(
            req, "ACS3-HMAC-SHA256", payload.hex(), AK, SK)

    report("official python", "ACS3-HMAC-SHA256", "signer", iterations, sign_v3)


def huawei(iterations):
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkcore.http import http_client
    from huaweicloudsdkcore.http.http_config import HttpConfig
    from huaweicloudsdkcore.sdk_request import SdkRequest
    from huaweicloudsdkcore.signer.signer import Signer
    from huaweicloudsdkiotedge.v2 import IoTEdgeClient
    from huaweicloudsdkiotedge.v2.model import (CreateEdgeApplicationVersionDTO,
                                                CreateEdgeApplicationVersionRequest)

    def stub(self, request):
        assert request.header_params.get("Authorization", "").startswith("SDK-HMAC-SHA256")
        SENT["count"] += 1
        raise Sent()

    http_client.HttpClient.do_request_sync = stub
    config = HttpConfig.get_default_config()
    config.retry_times = 0
    credentials = BasicCredentials(AK, SK, "0123456789abcdef0123456789abcdef")
    client = (IoTEdgeClient.new_builder().with_credentials(credentials).with_http_config(config)
              .with_endpoints(["https://iotedge-api.cn-north-4.myhuaweicloud.com"]).build())

    def call():
        body = CreateEdgeApplicationVersionDTO(**IOTEDGE_BODY)
        request = CreateEdgeApplicationVersionRequest(edge_app_id="app-1", body=body)
        try:
            client.create_edge_application_version(request)
        except Sent:
            pass

    report("official python", "SDK-HMAC-SHA256", "client_request", iterations, call)

    signer = Signer(credentials)
    body = json.dumps(IOTEDGE_BODY)

    def sign():
        request = SdkRequest(method="POST", schema="https",
                             host="iotedge-api.cn-north-4.myhuaweicloud.com",
                             resource_path="/v2/0123456789abcdef0123456789abcdef/edge-apps/app-1/versions",
                             query_params=[], header_params={
                                 "Content-Type": "application/json",
                                 "X-Project-Id": "0123456789abcdef0123456789abcdef",
                                 "User-Agent": "bench"},
                             body=body)
        signer.sign(request)

    report("official python", "SDK-HMAC-SHA256", "signer", iterations, sign)


def main():
    iterations = 200 if "--quick" in sys.argv else 3000
    alibaba(iterations)
    huawei(iterations)


if __name__ == "__main__":
    main()
