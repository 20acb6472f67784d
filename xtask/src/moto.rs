//! A local moto server playing EC2: installed into a virtual environment
//! under `target/`, started on a free loopback port with signature checks on,
//! and stopped when dropped.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use anyhow::{Context, Result, bail};

/// The moto release the tests are written against.
const MOTO_REQUIREMENT: &str = "moto[server]==5.2.5";

/// Unsigned requests moto accepts before it checks every signature: the
/// three that create the IAM user and its access key (see `moto_setup.py`).
const UNSIGNED_REQUESTS: &str = "3";

/// A running moto server and an access key it accepts.
pub struct Moto {
    child: Child,
    python: PathBuf,
    setup_script: PathBuf,
    pub url: String,
    pub access_key_id: String,
    pub secret_access_key: String,
}

impl Moto {
    /// Installs moto if needed (or uses the Python in `MOTO_PYTHON`), starts
    /// it and creates the access key.
    pub fn start(root: &Path) -> Result<Moto> {
        let python = python_with_moto(root)?;
        let port = free_port()?;
        let url = format!("http://127.0.0.1:{port}");
        let log_path = root.join("target/moto.log");
        let log = std::fs::File::create(&log_path)
            .with_context(|| format!("cannot create `{}`", log_path.display()))?;
        let child = Command::new(&python)
            .args([
                "-m",
                "moto.server",
                "-H",
                "127.0.0.1",
                "-p",
                &port.to_string(),
            ])
            .env("INITIAL_NO_AUTH_ACTION_COUNT", UNSIGNED_REQUESTS)
            .stdout(log.try_clone()?)
            .stderr(log)
            .spawn()
            .with_context(|| format!("cannot start moto with `{}`", python.display()))?;
        let mut moto = Moto {
            child,
            python,
            setup_script: root.join("xtask/moto/moto_setup.py"),
            url,
            access_key_id: String::new(),
            secret_access_key: String::new(),
        };
        moto.wait_until_listening(port, &log_path)?;
        let keys = moto.setup(&["bootstrap"])?;
        moto.access_key_id = value_of(&keys, "AWS_ACCESS_KEY_ID")?;
        moto.secret_access_key = value_of(&keys, "AWS_SECRET_ACCESS_KEY")?;
        println!(
            "moto is listening on {} (log: {})",
            moto.url,
            log_path.display()
        );
        Ok(moto)
    }

    fn wait_until_listening(&mut self, port: u16, log: &Path) -> Result<()> {
        let started = Instant::now();
        while started.elapsed() < Duration::from_secs(60) {
            if let Some(status) = self.child.try_wait()? {
                bail!("moto exited ({status}); see {}", log.display());
            }
            if TcpStream::connect(("127.0.0.1", port)).is_ok() {
                return Ok(());
            }
            std::thread::sleep(Duration::from_millis(100));
        }
        bail!(
            "moto did not listen on port {port} within a minute; see {}",
            log.display()
        )
    }

    /// Runs `moto_setup.py COMMAND URL ARGS...` signed with this server's key
    /// and returns its `NAME=VALUE` lines.
    pub fn setup(&self, arguments: &[&str]) -> Result<Vec<(String, String)>> {
        let (command, rest) = arguments.split_first().context("no setup command")?;
        let output = Command::new(&self.python)
            .arg(&self.setup_script)
            .arg(command)
            .arg(&self.url)
            .args(rest)
            .envs(self.environment())
            .output()
            .context("cannot run moto_setup.py")?;
        if !output.status.success() {
            bail!(
                "moto_setup.py {} failed: {}",
                arguments.join(" "),
                String::from_utf8_lossy(&output.stderr)
            );
        }
        Ok(String::from_utf8_lossy(&output.stdout)
            .lines()
            .filter_map(|line| line.split_once('='))
            .map(|(name, value)| (name.to_owned(), value.to_owned()))
            .collect())
    }

    /// The variables that point an AWS client at this server, as a user
    /// pointing the crate at EC2 would set them.
    pub fn environment(&self) -> Vec<(&'static str, String)> {
        vec![
            ("AWS_ENDPOINT_URL", self.url.clone()),
            ("AWS_REGION", "us-east-1".to_owned()),
            ("AWS_ACCESS_KEY_ID", self.access_key_id.clone()),
            ("AWS_SECRET_ACCESS_KEY", self.secret_access_key.clone()),
            // No profile of the machine's user, and no instance metadata
            // service, may interfere.
            ("AWS_CONFIG_FILE", "/dev/null".to_owned()),
            ("AWS_SHARED_CREDENTIALS_FILE", "/dev/null".to_owned()),
            ("AWS_EC2_METADATA_DISABLED", "true".to_owned()),
        ]
    }
}

impl Drop for Moto {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// The value of `name` in the `NAME=VALUE` lines `moto_setup.py` printed.
pub fn value_of(values: &[(String, String)], name: &str) -> Result<String> {
    values
        .iter()
        .find(|(key, _)| key == name)
        .map(|(_, value)| value.clone())
        .with_context(|| format!("moto_setup.py printed no {name}"))
}

fn free_port() -> Result<u16> {
    let listener = TcpListener::bind("127.0.0.1:0").context("cannot find a free port")?;
    Ok(listener.local_addr()?.port())
}

/// `MOTO_PYTHON`, or the Python of `target/moto-venv`, made with moto in it
/// the first time.
fn python_with_moto(root: &Path) -> Result<PathBuf> {
    if let Ok(python) = std::env::var("MOTO_PYTHON") {
        return Ok(PathBuf::from(python));
    }
    let venv = root.join("target/moto-venv");
    let python = venv.join("bin/python");
    let has_moto = python.exists()
        && Command::new(&python)
            .args(["-c", "import moto.server, boto3"])
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .status()
            .is_ok_and(|status| status.success());
    if has_moto {
        return Ok(python);
    }
    println!("installing {MOTO_REQUIREMENT} into {}", venv.display());
    let status = Command::new("python3")
        .args(["-m", "venv"])
        .arg(&venv)
        .status()
        .context("cannot run python3 -m venv (is Python 3 installed?)")?;
    if !status.success() {
        bail!("python3 -m venv {} failed ({status})", venv.display());
    }
    let status = Command::new(&python)
        .args([
            "-m",
            "pip",
            "install",
            "--quiet",
            "--disable-pip-version-check",
            MOTO_REQUIREMENT,
        ])
        .status()
        .context("cannot run pip")?;
    if !status.success() {
        bail!("pip install {MOTO_REQUIREMENT} failed ({status})");
    }
    Ok(python)
}
