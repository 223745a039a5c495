//! `cargo xtask test`: the one command that runs every test on a fresh machine. It creates
//! `.venv-oracles` (the vendors' official Python SDKs, used as test oracles, and
//! openapi-spec-validator) from `tests/oracles/requirements.txt` when missing or outdated, then
//! validates every spec with the independent validator and runs every workspace test.

use std::path::{Path, PathBuf};
use std::process::{Command, ExitCode};

fn status(cmd: &mut Command) -> Result<(), String> {
    let shown = format!("{cmd:?}");
    let st = cmd.status().map_err(|e| format!("cannot run {shown}: {e}"))?;
    if st.success() {
        Ok(())
    } else {
        Err(format!("{shown} failed with {st}"))
    }
}

/// Creates or refreshes the oracle virtualenv; returns its python.
pub fn ensure_venv(root: &Path) -> Result<PathBuf, String> {
    let venv = root.join(".venv-oracles");
    let python = venv.join("bin/python");
    let requirements = root.join("tests/oracles/requirements.txt");
    let wanted = std::fs::read_to_string(&requirements).map_err(|e| format!("cannot read `{}`: {e}", requirements.display()))?;
    let stamp = venv.join("requirements.installed");
    if python.exists() && std::fs::read_to_string(&stamp).ok().as_deref() == Some(wanted.as_str()) {
        return Ok(python);
    }
    let system_python = std::env::var("PYTHON").unwrap_or_else(|_| "python3".to_owned());
    eprintln!("setting up official SDK oracles in {}", venv.display());
    status(Command::new(&system_python).args(["-m", "venv"]).arg(&venv))?;
    status(Command::new(&python).args(["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r"]).arg(&requirements))?;
    std::fs::write(&stamp, wanted).map_err(|e| e.to_string())?;
    Ok(python)
}

pub fn run(root: &Path, args: &[String]) -> Result<ExitCode, String> {
    let python = ensure_venv(root)?;
    let mut specs: Vec<PathBuf> = std::fs::read_dir(root.join("spec/openapi")).map_err(|e| e.to_string())?.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| p.extension().is_some_and(|x| x == "json")).collect();
    specs.sort();
    for spec in &specs {
        eprintln!("openapi-spec-validator {}", spec.display());
        status(Command::new(&python).args(["-m", "openapi_spec_validator"]).arg(spec))?;
    }
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    status(Command::new(&cargo).current_dir(root).args(["test", "--workspace", "--all-targets", "--no-fail-fast"]).args(args).env("DOC2SDK_ORACLE_PYTHON", &python))?;
    Ok(ExitCode::SUCCESS)
}
