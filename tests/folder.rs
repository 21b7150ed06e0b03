//! One run per output folder, nothing stale, outputs that prove they belong together: the
//! binary tested as a cluster uses it — two processes aimed at one folder, runs killed with
//! SIGKILL at many points, `grassroot verify` on what is left — and as a hostile neighbour
//! would: a folder moved while it is written, a lock file planted as a link, the user's own
//! files under grassroot's names, a closed stdout.

mod support;

use std::path::Path;
use std::process::{Child, Stdio};
use std::time::{Duration, Instant};

use support::{command, grassroot, read_text};

/// The files a finished run with every output leaves, and the lock file.
const OUTPUTS: [&str; 5] =
    [".grassroot.lock", "run.json", "simulation_data.csv", "simulation_results.png", "transaction_history.csv"];

fn names(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> = std::fs::read_dir(dir)
        .map(|d| d.filter_map(|e| e.ok()).map(|e| e.file_name().to_string_lossy().into_owned()).collect())
        .unwrap_or_default();
    v.sort();
    v
}

/// `grassroot verify DIR` passes, and run.json says the run had `seed`.
fn verified_run_of_seed(work: &Path, out: &str) -> u64 {
    let v = grassroot(work, &["verify", out]);
    assert!(v.status.success(), "verify {out}: {}", String::from_utf8_lossy(&v.stderr));
    let manifest: serde_json::Value =
        serde_json::from_str(&read_text(&work.join(out).join("run.json"))).expect("run.json is JSON");
    manifest["seed"].as_u64().expect("a seed")
}

/// A small deterministic sequence (SplitMix64) for the kill points.
fn splitmix(state: &mut u64) -> u64 {
    *state = state.wrapping_add(0x9E37_79B9_7F4A_7C15);
    let mut z = *state;
    z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
    z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
    z ^ (z >> 31)
}

#[test]
fn a_second_process_on_a_held_folder_is_refused_and_touches_nothing() {
    let work = tempfile::tempdir().expect("tempdir");
    let first = grassroot(work.path(), &["--steps", "30", "--seed", "1", "--out", "out", "-q"]);
    assert!(first.status.success());
    let before: Vec<(String, Vec<u8>)> = names(&work.path().join("out"))
        .into_iter()
        .map(|n| (n.clone(), support::read(&work.path().join("out").join(&n))))
        .collect();
    // The first run is long enough to still hold the folder when the second starts.
    let mut holder = command(work.path(), &["--steps", "100000", "--seed", "2", "--out", "out", "-q"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let lock = work.path().join("out/.grassroot.lock");
    let deadline = Instant::now() + Duration::from_secs(30);
    while read_text(&lock).trim() != holder.id().to_string() {
        assert!(Instant::now() < deadline, "the first run never took the folder");
        std::thread::sleep(Duration::from_millis(10));
    }
    for args in [
        &["--steps", "30", "--seed", "3", "--out", "out", "-q"][..],
        &["sweep", "--config", "sweep.toml", "--out", "out", "-q"][..],
    ] {
        std::fs::write(work.path().join("sweep.toml"), "[sweep]\nruns = 2\n").expect("write");
        let second = grassroot(work.path(), args);
        let err = String::from_utf8_lossy(&second.stderr);
        assert_eq!(second.status.code(), Some(75), "{args:?}: {err}");
        assert!(err.contains("output folder 'out' is in use by grassroot process"), "{err}");
        assert!(err.contains(&holder.id().to_string()), "the holder's pid: {err}");
    }
    // A merge that would read the held folder as a shard waits for no one: it is refused too.
    let merge = grassroot(work.path(), &["merge", "out", "--out", "merged", "-q"]);
    let err = String::from_utf8_lossy(&merge.stderr);
    assert_eq!(merge.status.code(), Some(75), "{err}");
    assert!(err.contains("'out' is in use by grassroot process"), "{err}");
    assert!(!work.path().join("merged").exists(), "the merge created its folder");
    holder.kill().expect("kill");
    let _ = holder.wait();
    // The refused processes wrote nothing; the killed holder left only temporaries.
    let after: Vec<String> = names(&work.path().join("out"));
    for (name, bytes) in &before {
        if name != ".grassroot.lock" {
            assert_eq!(&support::read(&work.path().join("out").join(name)), bytes, "{name} changed");
        }
    }
    assert!(after.iter().all(|n| OUTPUTS.contains(&n.as_str()) || n.ends_with(".tmp")), "{after:?}");
    assert_eq!(verified_run_of_seed(work.path(), "out"), 1);
}

#[test]
fn runs_killed_at_random_points_leave_a_verifiable_folder_and_the_next_run_cleans_up() {
    let work = tempfile::tempdir().expect("tempdir");
    let args = |seed: &str| -> Vec<String> {
        ["--steps", "150", "--seed", seed, "--out", "out", "-q"].iter().map(|s| (*s).to_owned()).collect()
    };
    // How long one whole run takes here, to spread the kills over it.
    let started = Instant::now();
    let whole = grassroot(work.path(), &args("1000").iter().map(String::as_str).collect::<Vec<_>>());
    assert!(whole.status.success());
    let duration = started.elapsed();
    let mut state = 11;
    let mut killed_with_manifest = 0;
    let mut killed_without = 0;
    let mut stale_seen = 0;
    for i in 0..24u64 {
        // Half the kills anywhere in the run, half near its end, where files are renamed.
        let fraction = (splitmix(&mut state) % 1000) as f64 / 1000.0;
        let at = if i % 2 == 0 { fraction * 1.1 } else { 0.85 + fraction * 0.25 };
        let seed = (2000 + i).to_string();
        let mut child = command(work.path(), &args(&seed).iter().map(String::as_str).collect::<Vec<_>>())
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("spawn");
        std::thread::sleep(duration.mul_f64(at));
        let _ = child.kill(); // SIGKILL; the run may already have finished
        let _ = child.wait();
        let out = work.path().join("out");
        stale_seen += names(&out).iter().filter(|n| n.ends_with(".tmp")).count();
        if out.join("run.json").exists() {
            // Whichever run's manifest is there, the files beside it are that run's.
            let seed = verified_run_of_seed(work.path(), "out");
            assert!(seed == 1000 || (2000..=2000 + i).contains(&seed), "seed {seed}");
            killed_with_manifest += 1;
        } else {
            killed_without += 1;
        }
    }
    assert_eq!(killed_with_manifest + killed_without, 24);
    assert!(stale_seen > 0, "no kill left a temporary file: the kills missed the runs");
    let last = grassroot(work.path(), &args("7").iter().map(String::as_str).collect::<Vec<_>>());
    assert!(last.status.success(), "{}", String::from_utf8_lossy(&last.stderr));
    assert_eq!(names(&work.path().join("out")), OUTPUTS, "nothing stale after the next run");
    assert_eq!(verified_run_of_seed(work.path(), "out"), 7);
}

#[test]
fn verify_names_each_damaged_file_and_refuses_what_is_not_an_output() {
    let work = tempfile::tempdir().expect("tempdir");
    assert!(grassroot(work.path(), &["--steps", "40", "--out", "out", "-q"]).status.success());
    let ok = grassroot(work.path(), &["verify", "out"]);
    assert!(ok.status.success());
    assert!(String::from_utf8_lossy(&ok.stdout).contains("3 files"), "{}", String::from_utf8_lossy(&ok.stdout));

    let out = work.path().join("out");
    let mut data = support::read(&out.join("simulation_data.csv"));
    let last = data.len() - 2;
    data[last] = if data[last] == b'1' { b'2' } else { b'1' };
    std::fs::write(out.join("simulation_data.csv"), &data).expect("edit");
    let log = support::read(&out.join("transaction_history.csv"));
    std::fs::write(out.join("transaction_history.csv"), &log[..log.len() / 2]).expect("truncate");
    std::fs::remove_file(out.join("simulation_results.png")).expect("remove");
    let bad = grassroot(work.path(), &["verify", "out"]);
    let err = String::from_utf8_lossy(&bad.stderr);
    assert_eq!(bad.status.code(), Some(1), "{err}");
    assert!(err.contains("simulation_data.csv: changed"), "{err}");
    assert!(err.contains(&format!("transaction_history.csv: truncated: {} bytes", log.len() / 2)), "{err}");
    assert!(err.contains("simulation_results.png: missing"), "{err}");
    assert!(err.contains("3 of 3 files differ"), "{err}");

    std::fs::write(work.path().join("plain.txt"), b"x").expect("write");
    std::fs::create_dir(work.path().join("empty")).expect("mkdir");
    std::fs::create_dir(work.path().join("newer")).expect("mkdir");
    let newer = b"{\"program\": \"grassroot\", \"schema\": 7, \"files\": []}";
    std::fs::write(work.path().join("newer/run.json"), newer).expect("write");
    for (dir, says) in [
        ("nowhere", "'nowhere': no such folder"),
        ("plain.txt", "'plain.txt': is a file, not a folder"),
        ("empty", "'empty': holds no run.json or sweep.json"),
        ("newer", "newer grassroot (manifest schema 7"),
    ] {
        let o = grassroot(work.path(), &["verify", dir]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{dir}: {err}");
        assert!(err.contains(says), "{dir}: {err}");
    }
}

/// Starts a run long enough to hold `out` for the rest of a test, and waits until it has
/// taken the folder (its pid in the lock file).
fn holder(work: &Path, out: &str, seed: &str) -> Child {
    let child = command(work, &["--steps", "100000", "--seed", seed, "--out", out, "-q"])
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .spawn()
        .expect("spawn");
    let lock = work.join(out).join(".grassroot.lock");
    let deadline = Instant::now() + Duration::from_secs(30);
    while std::fs::read_to_string(&lock).unwrap_or_default().trim() != child.id().to_string() {
        assert!(Instant::now() < deadline, "the run never took the folder");
        std::thread::sleep(Duration::from_millis(10));
    }
    child
}

#[test]
fn a_run_whose_folder_is_moved_publishes_into_the_folder_it_locked() {
    let work = tempfile::tempdir().expect("tempdir");
    let mut first = holder(work.path(), "out", "2");
    // The folder is moved away while the first run writes it; a second run takes the name.
    std::fs::rename(work.path().join("out"), work.path().join("moved")).expect("rename");
    let second = grassroot(work.path(), &["--steps", "30", "--seed", "3", "--out", "out", "-q"]);
    assert!(second.status.success(), "{}", String::from_utf8_lossy(&second.stderr));
    // SIGTERM: the first run stops at a step boundary and publishes what it computed.
    let term = std::process::Command::new("kill").args(["-TERM", &first.id().to_string()]).status().expect("kill");
    assert!(term.success());
    let code = first.wait().expect("wait").code();
    assert_eq!(code, Some(130));
    assert_eq!(verified_run_of_seed(work.path(), "out"), 3, "the second run's folder was touched");
    assert_eq!(verified_run_of_seed(work.path(), "moved"), 2, "the first run's outputs are not where it wrote");
}

#[test]
fn a_lock_file_planted_as_a_link_is_refused_and_its_target_untouched() {
    let work = tempfile::tempdir().expect("tempdir");
    let victim = work.path().join("victim.txt");
    std::fs::write(&victim, b"someone's own file\n").expect("write");
    std::fs::write(work.path().join("sweep.toml"), "[sweep]\nruns = 2\n").expect("write");
    let out = work.path().join("out");
    std::fs::create_dir(&out).expect("mkdir");
    std::os::unix::fs::symlink("../victim.txt", out.join(".grassroot.lock")).expect("link");
    for args in [
        &["--steps", "20", "--out", "out", "-q"][..],
        &["sweep", "--config", "sweep.toml", "--steps", "5", "--out", "out", "-q"][..],
        &["verify", "out"][..],
    ] {
        let o = grassroot(work.path(), args);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{args:?}: {err}");
        assert!(err.contains("out/.grassroot.lock' is not a regular file"), "{args:?}: {err}");
        assert_eq!(support::read(&victim), b"someone's own file\n", "{args:?} wrote through the link");
    }
    assert_eq!(names(&out), [".grassroot.lock"], "something was written");
}

#[test]
fn a_folder_holding_the_users_own_files_under_output_names_is_refused_untouched() {
    let work = tempfile::tempdir().expect("tempdir");
    let out = work.path().join("out");
    std::fs::create_dir(&out).expect("mkdir");
    std::fs::write(out.join("simulation_data.csv"), b"my own table\n").expect("write");
    std::fs::write(out.join("simulation_results.png"), b"my own figure").expect("write");
    let o = grassroot(work.path(), &["--steps", "20", "--out", "out", "-q"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(2), "{err}");
    assert!(
        err.contains("output folder 'out' holds files that no earlier grassroot run there wrote")
            && err.contains("simulation_data.csv, simulation_results.png")
            && err.contains("nothing was touched"),
        "{err}"
    );
    assert_eq!(names(&out), ["simulation_data.csv", "simulation_results.png"]);
    assert_eq!(support::read(&out.join("simulation_data.csv")), b"my own table\n");
}

#[test]
fn verify_of_a_folder_being_written_answers_75_and_a_closed_stdout_is_a_quiet_exit() {
    let work = tempfile::tempdir().expect("tempdir");
    assert!(grassroot(work.path(), &["--steps", "20", "--out", "out", "-q"]).status.success());
    let mut writer = holder(work.path(), "out", "5");
    let o = grassroot(work.path(), &["verify", "out"]);
    let err = String::from_utf8_lossy(&o.stderr);
    assert_eq!(o.status.code(), Some(75), "{err}");
    assert!(err.contains(&format!("'out' is being written by grassroot process {}", writer.id())), "{err}");
    writer.kill().expect("kill");
    let _ = writer.wait();

    // `grassroot verify out | true`: stdout is closed before anything is written to it.
    for args in [&["verify", "out"][..], &["params"][..], &["--steps", "5", "--out", "again"][..]] {
        let (reader, stdout) = std::io::pipe().expect("pipe");
        drop(reader);
        let o = command(work.path(), args).stdout(stdout).output().expect("runs");
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(0), "{args:?}: {err}");
        assert!(err.is_empty(), "{args:?}: {err}");
    }
}

#[test]
fn merge_into_a_shard_folder_by_another_path_is_bad_input_not_in_use() {
    let work = tempfile::tempdir().expect("tempdir");
    std::fs::write(work.path().join("sweep.toml"), "[sweep]\nruns = 2\n").expect("write");
    for (i, out) in ["s0", "s1"].iter().enumerate() {
        let shard = format!("{i}/2");
        let o = grassroot(
            work.path(),
            &["sweep", "--config", "sweep.toml", "--steps", "5", "--shard", &shard, "--out", out, "-q"],
        );
        assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    }
    std::os::unix::fs::symlink("s0", work.path().join("alias")).expect("link");
    let before = support::read(&work.path().join("s0/sweep.json"));
    for out in ["alias", "s1/../s0"] {
        let o = grassroot(work.path(), &["merge", "s0", "s1", "--out", out, "-q"]);
        let err = String::from_utf8_lossy(&o.stderr);
        assert_eq!(o.status.code(), Some(2), "{out}: {err}");
        assert!(err.contains(&format!("--out {out} is the shard folder 's0'")), "{err}");
    }
    assert_eq!(support::read(&work.path().join("s0/sweep.json")), before);
}

#[test]
fn a_stale_temporary_that_is_not_a_file_is_left_alone() {
    let work = tempfile::tempdir().expect("tempdir");
    let out = work.path().join("out");
    std::fs::create_dir_all(out.join(".run.json.aB3dE9.tmp")).expect("mkdir");
    let o = grassroot(work.path(), &["--steps", "10", "--out", "out", "-q"]);
    assert!(o.status.success(), "{}", String::from_utf8_lossy(&o.stderr));
    assert!(out.join(".run.json.aB3dE9.tmp").is_dir());
    assert_eq!(verified_run_of_seed(work.path(), "out"), 42);
}
