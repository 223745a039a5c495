//! Runs the vendors' OFFICIAL Python SDKs as wire-level test oracles.
//!
//! `tests/oracles/oracle.py` reads one JSON object on stdin, sends exactly one
//! request through the official SDK (retries off) and prints one JSON object;
//! `tests/oracles/oracle_batch.py` does the same for many calls in one interpreter.
//! See those files for the input/output formats.  The interpreter is
//! `$DOC2SDK_ORACLE_PYTHON`, else `<workspace>/.venv-oracles/bin/python`, which
//! `cargo xtask test` creates from `tests/oracles/requirements.txt`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

/// Environment variable naming the Python interpreter that has the oracle SDKs.
pub const ORACLE_PYTHON_ENV: &str = "DOC2SDK_ORACLE_PYTHON";

const NOT_INSTALLED: &str = "official SDK oracles are not installed: run `cargo xtask test`, \
which creates .venv-oracles from tests/oracles/requirements.txt";

/// The workspace root (parent of the `tests` crate).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .expect("tests crate lives inside the workspace")
        .to_path_buf()
}

/// `tests/oracles/oracle.py`.
pub fn oracle_script() -> PathBuf {
    workspace_root()
        .join("tests")
        .join("oracles")
        .join("oracle.py")
}

/// `tests/oracles/oracle_batch.py`.
pub fn oracle_batch_script() -> PathBuf {
    workspace_root()
        .join("tests")
        .join("oracles")
        .join("oracle_batch.py")
}

/// The Python interpreter with the official SDKs installed: `$DOC2SDK_ORACLE_PYTHON`,
/// else `<workspace root>/.venv-oracles/bin/python`.  Panics if it does not exist.
pub fn oracle_python() -> PathBuf {
    match std::env::var_os(ORACLE_PYTHON_ENV).filter(|v| !v.is_empty()) {
        Some(p) => {
            let p = PathBuf::from(p);
            if !p.exists() {
                panic!(
                    "{ORACLE_PYTHON_ENV}={} does not exist; {NOT_INSTALLED}",
                    p.display()
                );
            }
            p
        }
        None => {
            let p = workspace_root()
                .join(".venv-oracles")
                .join("bin")
                .join("python");
            if !p.exists() {
                panic!("{NOT_INSTALLED}");
            }
            p
        }
    }
}

/// Runs `oracle.py` with `input` on stdin and returns its stdout JSON object.
///
/// Panics (with the oracle's stderr) if the oracle exits non-zero or prints
/// anything but one JSON object.  An `{"ok": false, ...}` result from an SDK or
/// service error is returned, not a panic.  The oracle's stderr is forwarded to
/// this process's stderr (captured by the test harness unless `--nocapture`).
pub fn run_oracle(input: &serde_json::Value) -> serde_json::Value {
    run_oracle_script(&oracle_script(), input)
}

/// Runs an oracle `script` (see [`oracle_script`], [`oracle_batch_script`]) as
/// [`run_oracle`] runs `oracle.py`: `input` on stdin, one JSON object back.
pub fn run_oracle_script(script: &Path, input: &serde_json::Value) -> serde_json::Value {
    let python = oracle_python();
    let stdin_bytes = serde_json::to_vec(input).expect("serialize oracle input");
    let mut cmd = Command::new(&python);
    cmd.arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .env("PYTHONIOENCODING", "utf-8")
        .env("PYTHONDONTWRITEBYTECODE", "1")
        .env("PYTHONUNBUFFERED", "1")
        // The recording servers speak plain HTTP, yet each new connection pool of an
        // official SDK loads OpenSSL's default CA store (about 45 ms each time); an empty
        // store makes a batch of calls several times faster and changes nothing on the wire.
        .env("SSL_CERT_FILE", "/dev/null")
        .env("SSL_CERT_DIR", "/nonexistent");
    // The recording server is local: no proxies, no ambient SDK credentials.
    for var in [
        "HTTP_PROXY",
        "HTTPS_PROXY",
        "ALL_PROXY",
        "http_proxy",
        "https_proxy",
        "all_proxy",
        "ALIBABA_CLOUD_ACCESS_KEY_ID",
        "ALIBABA_CLOUD_ACCESS_KEY_SECRET",
        "ALIBABA_CLOUD_SECURITY_TOKEN",
        "ALIBABA_CLOUD_PROFILE",
        "ALIBABA_CLOUD_CREDENTIALS_FILE",
        "HUAWEICLOUD_SDK_AK",
        "HUAWEICLOUD_SDK_SK",
    ] {
        cmd.env_remove(var);
    }
    let mut child = cmd
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {} {}: {e}", python.display(), script.display()));
    let mut stdin = child.stdin.take().expect("piped stdin");
    let writer = std::thread::spawn(move || stdin.write_all(&stdin_bytes));
    let output = child.wait_with_output().expect("wait for oracle");
    let write_result = writer.join().expect("stdin writer thread");
    let stdout = String::from_utf8_lossy(&output.stdout);
    let stderr = String::from_utf8_lossy(&output.stderr);
    if !output.status.success() {
        panic!(
            "oracle failed ({}) for input {input}\n--- stdout ---\n{stdout}\n--- stderr ---\n{stderr}",
            output.status
        );
    }
    if let Err(e) = write_result {
        panic!("could not write oracle stdin: {e}\n--- stderr ---\n{stderr}");
    }
    if !stderr.trim().is_empty() {
        eprintln!("--- oracle stderr ---\n{stderr}");
    }
    match serde_json::from_str::<serde_json::Value>(stdout.trim()) {
        Ok(v @ serde_json::Value::Object(_)) => v,
        Ok(other) => {
            panic!("oracle printed {other} instead of a JSON object\n--- stderr ---\n{stderr}")
        }
        Err(e) => panic!("oracle stdout is not JSON ({e}):\n{stdout}\n--- stderr ---\n{stderr}"),
    }
}
