#!/usr/bin/env python3
"""Wire-parity oracle: send ONE request through a vendor's OFFICIAL Python SDK.

Reads one JSON object on stdin, performs exactly one SDK call (retries disabled),
prints one JSON object on stdout.  Diagnostics go to stderr only.  The official
SDKs are TEST ORACLES only; nothing here ships.

Official-SDK functions relied upon (versions pinned in requirements.txt):

  Alibaba Cloud (alibabacloud-tea-openapi 0.4.6, darabonba-core 1.0.9,
  alibabacloud-esa20240910 3.16.0, alibabacloud-sae20190506 2.11.2):
    alibabacloud_tea_openapi.utils_models.Config(access_key_id=, access_key_secret=,
        security_token=, endpoint=, protocol='http', region_id=, signature_algorithm=,
        retry_options=, connect_timeout=, read_timeout=)
        ("signature_version": "v2" sets signature_algorithm='v2', i.e. the legacy RPC
         HMAC-SHA1 query signature; otherwise the default ACS3-HMAC-SHA256 header one)
    darabonba.policy.retry.RetryOptions({'retryable': False})   -> exactly one attempt
    darabonba.runtime.RuntimeOptions()
    alibabacloud_<product><yyyymmdd>.client.Client(config)
        .<snake_op>_with_options(*path_args, request, [headers,] runtime)
        (RPC, e.g. ESA: (request, runtime); ROA, e.g. SAE: ([path args,] request, headers, runtime))
    alibabacloud_<product><yyyymmdd>.models.<Operation>Request().from_map(params)
        (then top-level []/{} that from_map invents for ABSENT keys are reset to None,
         as if the request had been built with keyword arguments)
    <Operation>Response.status_code / .body.to_map()
    errors: alibabacloud_tea_openapi.exceptions.{Client,Server,Throttling}Exception
        (AlibabaCloudException: status_code, code, message, request_id, data),
        darabonba.exceptions.UnretryableException (.inner_exception), ValidateException

  Huawei Cloud (huaweicloudsdkcore 3.1.219, huaweicloudsdkiotedge 3.1.219):
    huaweicloudsdkcore.auth.credentials.BasicCredentials(ak, sk, project_id)
    huaweicloudsdkcore.http.http_config.HttpConfig(retry_times=0, timeout=)
    huaweicloudsdk<service>.<vN>.<X>Client.new_builder().with_credentials(..)
        .with_http_config(..).with_endpoints([endpoint]).build()
    huaweicloudsdkcore.client.Client._deserialize(params, "<Operation>Request")
        -- the core's own generic dict -> model builder (driven by each model's
           openapi_types / attribute_map); the request's "body" attribute is built
           from params["body"] if present, else from the whole params object.
    client.<snake_op>(request)
    huaweicloudsdkcore.utils.http_utils.sanitize_for_serialization(response)
    errors: huaweicloudsdkcore.exceptions.exceptions.ServiceResponseException
        (status_code, error_code, error_msg, request_id) and SdkException

Input (Alibaba):
  {"vendor": "alibaba", "service": "esa"|"sae", "operation": "CreateEdgeContainerAppVersion",
   "endpoint": "127.0.0.1:PORT", "access_key_id": "...", "access_key_secret": "...",
   "security_token": null, "params": {<wire names>}, "signature_version": null|"v2",
   optional: "region_id", "headers": {<extra request headers, ROA only>}}
  ROA path parameters (SAE "ApplicationId", ...) are taken from params by wire name.
Input (Huawei):
  {"vendor": "huawei", "service": "iotedge", "operation": "CreateEdgeApplicationVersion",
   "endpoint": "http://127.0.0.1:PORT", "ak": "...", "sk": "...", "project_id": "...",
   "params": {<path/query/header params by wire name>, "body": {<wire names>}},
   optional: "api_version": "v2"}
Output:
  {"ok": true, "status_code": int, "response": <body as parsed by the SDK's response model>,
   "ignored_params": [<top-level params the SDK model did not accept>]}
  {"ok": false, "kind": "service"|"client", "error_type": str, "code": str|null,
   "message": str|null, "request_id": str|null, "status_code": int|null, "ignored_params": [...]}
Exit status: 0 when the SDK call returned or raised one of the SDK's own errors;
  2 for oracle bugs / bad input (a JSON {"ok": false, "kind": "oracle", ...} is still printed).
"""

import datetime
import decimal
import importlib
import inspect
import json
import os
import pkgutil
import re
import sys
import traceback

# The recording server is on 127.0.0.1; never let a proxy from the environment
# intercept it (darabonba reads HTTP(S)_PROXY itself, requests honours them too).
for _var in ("HTTP_PROXY", "HTTPS_PROXY", "ALL_PROXY", "http_proxy", "https_proxy", "all_proxy"):
    os.environ.pop(_var, None)
os.environ["NO_PROXY"] = os.environ["no_proxy"] = "*"

ALIBABA_PRODUCTS = {
    "esa": "alibabacloud_esa20240910",
    "sae": "alibabacloud_sae20190506",
}

SDK_MODULE_PREFIXES = ("Tea", "darabonba", "alibabacloud_", "huaweicloudsdk")


class OracleError(Exception):
    """A bug in the oracle or its input, as opposed to an error raised by the SDK."""


def norm(name):
    return re.sub(r"[^0-9a-z]", "", str(name).lower())


def find_method(cls, wanted):
    """The public method of `cls` whose name equals `wanted` ignoring case and '_'."""
    target = norm(wanted)
    hits = [n for n, _ in inspect.getmembers(cls, inspect.isfunction)
            if not n.startswith("_") and norm(n) == target]
    if len(hits) != 1:
        raise OracleError(f"{cls.__module__}.{cls.__name__} has {len(hits)} methods matching {wanted!r}")
    return hits[0]


def to_jsonable(value):
    if value is None or isinstance(value, (bool, int, float, str)):
        return value
    if isinstance(value, decimal.Decimal):
        return int(value) if value == value.to_integral_value() else float(value)
    if isinstance(value, dict):
        return {str(k): to_jsonable(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [to_jsonable(v) for v in value]
    if isinstance(value, bytes):
        try:
            return value.decode("utf-8")
        except UnicodeDecodeError:
            return value.hex()
    if isinstance(value, (datetime.date, datetime.datetime)):
        return value.isoformat()
    if hasattr(value, "to_map"):
        return to_jsonable(value.to_map())
    return str(value)


def is_sdk_exception(exc):
    return any(type(exc).__module__.startswith(p) for p in SDK_MODULE_PREFIXES)


# --------------------------------------------------------------------------- Alibaba

def alibaba_module(service):
    name = ALIBABA_PRODUCTS.get(service)
    if name is None:
        found = sorted(m.name for m in pkgutil.iter_modules()
                       if re.fullmatch(rf"alibabacloud_{re.escape(service)}\d{{8}}", m.name))
        if len(found) != 1:
            raise OracleError(f"no (unique) Alibaba Cloud SDK installed for service {service!r}: {found}")
        name = found[0]
    return importlib.import_module(name + ".client"), importlib.import_module(name + ".models")


def unset_absent_collections(request, params):
    """`Model.from_map` initialises every array-of-model (and map-of-model) attribute to
    []/{} even when the key is absent, and the client then sends it (e.g. SAE
    DeployApplication would send `InitContainersConfig=[]`).  A caller who builds the
    request with keyword arguments leaves those attributes None and nothing is sent, so
    reset top-level collections whose wire name is not in params to None."""
    provided = {norm(k) for k in params}
    for attr, value in list(vars(request).items()):
        if attr.startswith("_"):
            continue
        if isinstance(value, (list, dict)) and not value and norm(attr) not in provided:
            setattr(request, attr, None)


def run_alibaba(inp, result):
    from alibabacloud_tea_openapi import exceptions as openapi_exceptions
    from alibabacloud_tea_openapi import utils_models
    from darabonba.policy.retry import RetryOptions
    from darabonba.runtime import RuntimeOptions

    client_mod, models = alibaba_module(inp["service"])
    operation = inp["operation"]
    params = dict(inp.get("params") or {})

    endpoint = inp["endpoint"]
    endpoint = re.sub(r"^https?://", "", endpoint).rstrip("/")
    config = utils_models.Config(
        access_key_id=inp.get("access_key_id"),
        access_key_secret=inp.get("access_key_secret"),
        security_token=inp.get("security_token") or None,
        endpoint=endpoint,
        protocol="http",
        region_id=inp.get("region_id") or "cn-hangzhou",
        retry_options=RetryOptions({"retryable": False}),
        connect_timeout=5000,
        read_timeout=30000,
    )
    sig = inp.get("signature_version")
    if sig in ("v2", "V2"):
        config.signature_algorithm = "v2"  # legacy RPC HMAC-SHA1 query signature (do_rpcrequest)
    elif sig not in (None, "", "v3", "V3"):
        raise OracleError(f"unsupported signature_version {sig!r}")
    client = client_mod.Client(config)

    method_name = find_method(client_mod.Client, operation + "WithOptions")
    method = getattr(client, method_name)

    args = []
    consumed = set()
    request = None
    for p in list(inspect.signature(method).parameters.values()):
        if p.name in ("request", "tmp_req"):
            ann = str(p.annotation)
            model_name = ann.rsplit(".", 1)[-1] if ann and ann != str(inspect.Parameter.empty) \
                else operation + "Request"
            model_cls = getattr(models, model_name, None) or getattr(models, operation + "Request")
            request = model_cls().from_map(params)
            unset_absent_collections(request, params)
            accepted = set(request.to_map().keys())
            consumed |= {k for k in params if k in accepted}
            args.append(request)
        elif p.name == "headers":
            args.append(dict(inp.get("headers") or {}))
        elif p.name == "runtime":
            args.append(RuntimeOptions())
        else:
            # ROA path parameter, e.g. application_id <- params["ApplicationId"]
            keys = [k for k in params if norm(k) == norm(p.name)]
            if len(keys) != 1:
                raise OracleError(f"path parameter {p.name!r} of {operation} not found in params")
            consumed.add(keys[0])
            args.append(str(params[keys[0]]))
    result["ignored_params"] = sorted(k for k in params if k not in consumed)

    try:
        resp = method(*args)
    except openapi_exceptions.AlibabaCloudException as e:
        return {
            "ok": False, "kind": "service", "error_type": type(e).__name__,
            "code": e.code, "message": e.message, "request_id": e.request_id,
            "status_code": e.status_code, "data": to_jsonable(e.data),
        }
    body = resp.body
    return {
        "ok": True,
        "status_code": resp.status_code,
        "response": to_jsonable(body.to_map() if hasattr(body, "to_map") else body),
    }


# --------------------------------------------------------------------------- Huawei

def huawei_client_class(service, operation, api_version):
    pkg_name = "huaweicloudsdk" + service
    pkg = importlib.import_module(pkg_name)
    versions = [api_version] if api_version else sorted(
        m.name for m in pkgutil.iter_modules(pkg.__path__) if re.fullmatch(r"v\d+", m.name))
    candidates = []
    for v in versions:
        mod = importlib.import_module(f"{pkg_name}.{v}")
        classes = [c for n, c in vars(mod).items()
                   if inspect.isclass(c) and n.endswith("Client") and not n.endswith("AsyncClient")]
        for cls in classes:
            names = [n for n, _ in inspect.getmembers(cls, inspect.isfunction)
                     if not n.startswith("_") and norm(n) == norm(operation)]
            if names:
                candidates.append((v, cls, names[0]))
    if len(candidates) != 1:
        raise OracleError(f"{operation} found in {len(candidates)} client(s) of {pkg_name} "
                          f"{[c[0] for c in candidates]}; pass api_version")
    return candidates[0]


def wire_names(model_cls):
    return set(getattr(model_cls, "attribute_map", {}).values())


def run_huawei(inp, result):
    from huaweicloudsdkcore.auth.credentials import BasicCredentials
    from huaweicloudsdkcore.exceptions import exceptions as hw_exceptions
    from huaweicloudsdkcore.http.http_config import HttpConfig
    from huaweicloudsdkcore.utils.http_utils import sanitize_for_serialization

    operation = inp["operation"]
    params = dict(inp.get("params") or {})
    _version, client_cls, method_name = huawei_client_class(inp["service"], operation,
                                                           inp.get("api_version"))
    endpoint = inp["endpoint"]
    if not re.match(r"^https?://", endpoint):
        endpoint = "http://" + endpoint
    config = HttpConfig.get_default_config()
    config.retry_times = 0
    config.timeout = (5, 30)
    client = (client_cls.new_builder()
              .with_credentials(BasicCredentials(inp["ak"], inp["sk"], inp.get("project_id")))
              .with_http_config(config)
              .with_endpoints([endpoint.rstrip("/")])
              .build())

    request_cls_name = operation + "Request"
    request_cls = getattr(client.model_package, request_cls_name, None)
    if request_cls is None:
        raise OracleError(f"{client.model_package.__name__} has no {request_cls_name}")
    request = client._deserialize(params, request_cls_name)

    accepted = wire_names(request_cls)
    body_type = getattr(request_cls, "openapi_types", {}).get("body")
    if "body" in accepted and "body" not in params and isinstance(body_type, str):
        body_cls = getattr(client.model_package, body_type, None)
        if body_cls is not None:
            accepted |= wire_names(body_cls)
    result["ignored_params"] = sorted(k for k in params if k not in accepted)

    try:
        resp = getattr(client, method_name)(request)
    except hw_exceptions.ServiceResponseException as e:
        return {
            "ok": False, "kind": "service", "error_type": type(e).__name__,
            "code": e.error_code, "message": e.error_msg, "request_id": e.request_id,
            "status_code": e.status_code,
        }
    return {
        "ok": True,
        "status_code": getattr(resp, "status_code", None),
        "response": to_jsonable(sanitize_for_serialization(resp)),
    }


# --------------------------------------------------------------------------- main

def main():
    real_stdout = sys.stdout
    sys.stdout = sys.stderr  # nothing the SDKs print may corrupt our one JSON line
    result = {"ignored_params": []}
    code = 0
    try:
        raw = sys.stdin.read()
        try:
            inp = json.loads(raw)
        except ValueError as e:
            raise OracleError(f"stdin is not JSON: {e}")
        if not isinstance(inp, dict):
            raise OracleError("stdin must hold one JSON object")
        vendor = inp.get("vendor")
        runner = {"alibaba": run_alibaba, "huawei": run_huawei}.get(vendor)
        if runner is None:
            raise OracleError(f"unknown vendor {vendor!r}")
        for key in ("service", "operation", "endpoint"):
            if not inp.get(key):
                raise OracleError(f"missing {key!r}")
        try:
            out = runner(inp, result)
        except OracleError:
            raise
        except Exception as e:  # an SDK error that is not a service response
            if not is_sdk_exception(e):
                raise
            inner = getattr(e, "inner_exception", None)
            traceback.print_exc(file=sys.stderr)
            out = {
                "ok": False, "kind": "client", "error_type": type(e).__name__,
                "code": getattr(e, "code", None) or getattr(e, "error_code", None),
                "message": str(inner if inner is not None else e),
                "request_id": getattr(e, "request_id", None),
                "status_code": getattr(e, "status_code", None),
            }
            if inner is not None:
                out["inner_error_type"] = type(inner).__name__
        result.update(out)
    except Exception as e:
        traceback.print_exc(file=sys.stderr)
        result.update({"ok": False, "kind": "oracle", "error_type": type(e).__name__,
                       "code": None, "message": str(e), "request_id": None})
        code = 2
    real_stdout.write(json.dumps(to_jsonable(result), ensure_ascii=False, sort_keys=True) + "\n")
    real_stdout.flush()
    return code


if __name__ == "__main__":
    sys.exit(main())
