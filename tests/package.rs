//! The Linux packages of `cargo xtask package` (the README's test command builds them
//! before the tests): what the .deb and the .rpm hold, the service unit checked by
//! systemd, the packaged binary run from a folder with no source tree, and, as root, the
//! .deb installed, upgraded, removed and purged on this computer (config and data kept).
//! One test in this binary: installing touches /etc and /var, so nothing runs beside it.

mod common;

use std::path::{Path, PathBuf};
use std::process::Command;

use common::query;

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn artifact(name: &str) -> PathBuf {
    let p = root().join("target/package").join(name);
    assert!(p.exists(), "{} is missing: run `cargo xtask package`", p.display());
    p
}

use common::stdout_of as out;

fn cmd(program: &str, args: &[&str]) -> Command {
    let mut c = Command::new(program);
    c.args(args);
    c
}

fn mb(p: &Path) -> f64 {
    std::fs::metadata(p).unwrap().len() as f64 / 1e6
}

#[test]
fn the_packages_hold_takt_its_desktop_entry_and_a_hardened_service_and_install_keeping_config_and_data() {
    let v = env!("CARGO_PKG_VERSION");
    let deb = artifact(&format!("takt_{v}_amd64.deb"));
    let rpm = artifact(&format!("takt-{v}.x86_64.rpm"));
    eprintln!("deb {:.1} MB, rpm {:.1} MB", mb(&deb), mb(&rpm));
    assert!(mb(&deb) < 25.0, "the .deb is {:.1} MB", mb(&deb));
    let deb_s = deb.to_str().unwrap();

    // Its control data: the libraries the window needs are declared, so apt pulls them.
    let depends = out(&mut cmd("dpkg-deb", &["-f", deb_s, "Depends"]));
    for lib in ["libwebkit2gtk-4.1-0", "libgtk-3-0", "libc6"] {
        assert!(depends.contains(lib), "Depends: {depends}");
    }
    assert_eq!(out(&mut cmd("dpkg-deb", &["-f", deb_s, "Version"])).trim(), v);
    let files = out(&mut cmd("dpkg-deb", &["-c", deb_s]));
    let listed = |p: &str| files.lines().any(|l| l.ends_with(p));
    for p in [
        "./usr/bin/takt",
        "./usr/share/applications/takt.desktop",
        "./usr/share/icons/hicolor/128x128/apps/takt.png",
        "./usr/share/icons/hicolor/256x256/apps/takt.png",
        "/systemd/system/takt.service",
        "./usr/lib/sysusers.d/takt.conf",
        "./usr/share/takt/takt.toml",
        "./usr/share/takt/setup-data",
    ] {
        assert!(listed(p), "{p} not in the .deb:\n{files}");
    }
    // No config is shipped as a file of the package: the first one is made by postinst
    // only when there is none, so neither installing nor upgrading overwrites it.
    assert!(!files.contains("./etc/takt/takt.toml"), "{files}");

    let dir = tempfile::tempdir().unwrap();
    let x = dir.path().join("x");
    out(&mut cmd("dpkg-deb", &["-x", deb_s, x.to_str().unwrap()]));
    let unit_path = ["lib", "usr/lib"]
        .iter()
        .map(|d| x.join(d).join("systemd/system/takt.service"))
        .find(|p| p.exists())
        .unwrap();
    let unit = std::fs::read_to_string(&unit_path).unwrap();
    for line in [
        "User=takt",
        "SupplementaryGroups=dialout",
        "ExecStart=/usr/bin/takt --config /etc/takt/takt.toml --db /var/lib/takt/takt.db run",
        "ProtectSystem=strict",
        "ReadWritePaths=/var/lib/takt",
        "NoNewPrivileges=yes",
        "PrivateTmp=yes",
        "DeviceAllow=char-ttyUSB rw",
    ] {
        assert!(unit.lines().any(|l| l == line), "{line} not in the unit");
    }
    assert!(!unit.contains("PrivateDevices=yes"), "it would hide the serial ports");
    let scripts = dir.path().join("control");
    out(&mut cmd("dpkg-deb", &["-e", deb_s, scripts.to_str().unwrap()]));
    let postinst = std::fs::read_to_string(scripts.join("postinst")).unwrap();
    assert!(postinst.contains("/usr/share/takt/setup-data"), "{postinst}");
    // Installed, not enabled, not started: the plant's config comes first.
    assert!(!postinst.contains("deb-systemd-invoke start"), "{postinst}");

    // systemd reads the unit without a complaint (with ExecStart on the extracted binary:
    // `verify` checks that it exists), and rates its exposure.
    let bin = x.join("usr/bin/takt");
    if Command::new("systemd-analyze").arg("--version").output().is_ok() {
        let local = dir.path().join("takt.service");
        std::fs::write(&local, unit.replace("/usr/bin/takt", bin.to_str().unwrap())).unwrap();
        let verify = Command::new("systemd-analyze")
            .arg("verify")
            .arg(&local)
            .output()
            .unwrap();
        let said = String::from_utf8_lossy(&verify.stderr);
        let complaints: Vec<&str> = said
            .lines()
            .filter(|l| l.contains("takt.service"))
            // Users and groups exist on an installed system only.
            .filter(|l| !l.contains("User=") && !l.contains("Group="))
            .collect();
        assert!(verify.status.success() && complaints.is_empty(), "{said}");
        let security = Command::new("systemd-analyze")
            .args(["security", "--offline=yes", "--no-pager"])
            .arg(&local)
            .output()
            .unwrap();
        let text = String::from_utf8_lossy(&security.stdout);
        let exposure = text
            .lines()
            .find_map(|l| l.trim().strip_prefix("→ Overall exposure level for takt.service:"))
            .and_then(|r| r.split_whitespace().next()?.parse::<f64>().ok())
            .unwrap_or_else(|| panic!("no exposure level: {text}{}", String::from_utf8_lossy(&security.stderr)));
        eprintln!("systemd-analyze security: exposure {exposure}");
        assert!(exposure <= 2.5, "exposure {exposure}:\n{text}");
    }

    // The packaged binary runs from a folder with no source tree and its own data dir.
    let home = dir.path().join("home");
    std::fs::create_dir_all(&home).unwrap();
    let packaged = |args: &[&str]| {
        let mut c = Command::new(&bin);
        c.current_dir(&home)
            .env_clear()
            .env("PATH", "/usr/bin:/bin")
            .env("HOME", &home)
            .env("XDG_DATA_HOME", home.join("data"))
            .args(args);
        c
    };
    assert_eq!(out(&mut packaged(&["--version"])).trim(), format!("takt {v}"));
    out(&mut packaged(&[
        "demo",
        "--headless",
        "--port",
        "0",
        "--history",
        "1d",
        "--for",
        "10s",
    ]));
    let demo_db = home.join("data/takt/demo/takt.db");
    let counted = query(&demo_db, "SELECT count(*) FROM count_bucket");
    assert_ne!(counted[0][0], "0");
    // The first config the package makes passes `takt check`.
    let template = x.join("usr/share/takt/takt.toml");
    out(&mut packaged(&[
        "--config",
        template.to_str().unwrap(),
        "check",
        "--offline",
    ]));

    // The .rpm holds the same files and the library dependencies in rpm's terms.
    let rpm_s = rpm.to_str().unwrap();
    let rpm_files = out(&mut cmd("rpm", &["-qpl", rpm_s]));
    for p in [
        "/usr/bin/takt",
        "/usr/lib/systemd/system/takt.service",
        "/usr/share/applications/takt.desktop",
        "/usr/lib/sysusers.d/takt.conf",
        "/usr/share/takt/setup-data",
    ] {
        assert!(rpm_files.lines().any(|l| l == p), "{p} not in the .rpm:\n{rpm_files}");
    }
    let requires = out(&mut cmd("rpm", &["-qp", "--requires", rpm_s]));
    assert!(requires.contains("libwebkit2gtk-4.1.so.0"), "{requires}");
    let rpm_scripts = out(&mut cmd("rpm", &["-qp", "--scripts", rpm_s]));
    assert!(rpm_scripts.contains("/usr/share/takt/setup-data"), "{rpm_scripts}");

    // The Windows installer (run under wine by `cargo xtask test-windows`) is there.
    let setup = artifact(&format!("takt-{v}-setup.exe"));
    eprintln!("setup.exe {:.1} MB", mb(&setup));
    assert_eq!(&std::fs::read(&setup).unwrap()[..2], b"MZ");

    install_upgrade_remove(&deb);
}

/// As root on a computer without Takt installed: `dpkg -i`, an upgrade over a changed
/// config, `dpkg -r` and `dpkg --purge`; everything the test made is removed after.
fn install_upgrade_remove(deb: &Path) {
    let root_user = out(&mut cmd("id", &["-u"])).trim() == "0";
    let installed = Command::new("dpkg")
        .args(["-s", "takt"])
        .output()
        .is_ok_and(|o| o.status.success());
    if !root_user || installed || Path::new("/etc/takt").exists() {
        eprintln!("dpkg -i not tried: needs root and a computer without Takt installed");
        return;
    }
    let had_user = Command::new("id")
        .arg("takt")
        .output()
        .is_ok_and(|o| o.status.success());
    let had_data = Path::new("/var/lib/takt").exists();
    let deb_s = deb.to_str().unwrap();
    let started = std::time::Instant::now();
    out(&mut cmd("dpkg", &["-i", deb_s]));
    eprintln!("dpkg -i: {:.1} s", started.elapsed().as_secs_f64());
    let cleanup = Cleanup { had_user, had_data };
    assert_eq!(
        out(&mut cmd("/usr/bin/takt", &["--version"])).trim(),
        format!("takt {}", env!("CARGO_PKG_VERSION"))
    );
    let groups = out(&mut cmd("id", &["-nG", "takt"]));
    assert!(groups.split_whitespace().any(|g| g == "dialout"), "{groups}");
    let stat = |p: &str| out(&mut cmd("stat", &["-c", "%U:%G %a", p])).trim().to_string();
    assert_eq!(stat("/etc/takt/takt.toml"), "root:takt 640");
    assert_eq!(stat("/var/lib/takt"), "takt:takt 770");
    out(&mut cmd(
        "/usr/bin/takt",
        &["--config", "/etc/takt/takt.toml", "check", "--offline"],
    ));

    // The plant edits its config and records; an upgrade (the same package again) keeps both.
    let mut config = std::fs::read_to_string("/etc/takt/takt.toml").unwrap();
    config.push_str("\n# edited by the plant\n");
    std::fs::write("/etc/takt/takt.toml", &config).unwrap();
    std::fs::write("/var/lib/takt/takt.db", b"recorded").unwrap();
    out(&mut cmd("dpkg", &["-i", deb_s]));
    assert_eq!(std::fs::read_to_string("/etc/takt/takt.toml").unwrap(), config);
    // Removing keeps config and data; purging removes the config, never the data.
    out(&mut cmd("dpkg", &["-r", "takt"]));
    assert!(!Path::new("/usr/bin/takt").exists());
    assert_eq!(std::fs::read_to_string("/etc/takt/takt.toml").unwrap(), config);
    out(&mut cmd("dpkg", &["--purge", "takt"]));
    assert!(!Path::new("/etc/takt/takt.toml").exists());
    assert_eq!(std::fs::read("/var/lib/takt/takt.db").unwrap(), b"recorded");
    drop(cleanup);
}

/// Leaves the computer as the test found it.
struct Cleanup {
    had_user: bool,
    had_data: bool,
}

impl Drop for Cleanup {
    fn drop(&mut self) {
        let _ = Command::new("dpkg").args(["--purge", "takt"]).output();
        if !self.had_data {
            let _ = std::fs::remove_dir_all("/var/lib/takt");
        }
        if !self.had_user {
            let _ = Command::new("userdel").arg("takt").output();
            let _ = Command::new("groupdel").arg("takt").output();
        }
    }
}
