//! Bad input at the program level, one table: each row is a command line (and files in the
//! working directory) that must fail with exit code 2, a message containing the expected text,
//! and no output written. Parameter values themselves are covered row by row in
//! `crates/grassroot_config/tests/bad_inputs.rs`.

mod support;

use std::path::Path;

use support::grassroot;

struct Case {
    /// Files to create in the working directory first: (name, contents).
    files: &'static [(&'static str, &'static str)],
    args: &'static [&'static str],
    /// Text the error message must contain.
    expect: &'static [&'static str],
}

const CASES: &[Case] = &[
    Case { files: &[], args: &["--set", "FEE_RATE=1.5"], expect: &["FEE_RATE = 1.5", "allowed"] },
    Case { files: &[], args: &["--steps", "0"], expect: &["TOTAL_STEPS", "0"] },
    Case { files: &[], args: &["--steps", "-5"], expect: &["TOTAL_STEPS", "-5"] },
    Case { files: &[], args: &["--steps", "ten"], expect: &["TOTAL_STEPS", "ten"] },
    Case { files: &[], args: &["--seed", "1.5"], expect: &["SEED", "1.5"] },
    Case { files: &[], args: &["--set", "TOTAL_STPES=10"], expect: &["TOTAL_STPES", "did you mean", "TOTAL_STEPS"] },
    Case { files: &[], args: &["--set", "NO_EQUALS_SIGN"], expect: &["NO_EQUALS_SIGN"] },
    Case { files: &[], args: &["--set", "DEGEN_USER_SHARE=0.5"], expect: &["sum", "1"] },
    Case {
        files: &[],
        args: &["--set", "ACTIVE_USER_INITIAL_DDT=0.0000000000000000001"],
        expect: &["ACTIVE_USER_INITIAL_DDT", "18"],
    },
    Case {
        files: &[],
        args: &["--set", "ACTIVE_USER_INITIAL_DDT=1000000000000000000000000000000"],
        expect: &["ACTIVE_USER_INITIAL_DDT"],
    },
    Case { files: &[], args: &["--set", "POWER_USER_PIE_USE=burn"], expect: &["POWER_USER_PIE_USE", "burn", "keep"] },
    Case { files: &[], args: &["--config", "missing.toml"], expect: &["missing.toml"] },
    Case {
        files: &[("run.toml", "total_step = 10\n")],
        args: &["--config", "run.toml"],
        expect: &["total_step", "did you mean", "total_steps"],
    },
    Case { files: &[("run.toml", "total_steps = \"many\"\n")], args: &["--config", "run.toml"], expect: &["many"] },
    Case { files: &[("run.toml", "total_steps = [\n")], args: &["--config", "run.toml"], expect: &["run.toml"] },
    Case { files: &[(".env", "TOTAL_STEPS=10\nthis line is broken\n")], args: &[], expect: &[".env", "line 2"] },
    Case { files: &[(".env", "FEE_RATE=0.0031234\n")], args: &[], expect: &["FEE_RATE", ".env line 1"] },
    Case { files: &[("taken", "keep me")], args: &["--out", "taken"], expect: &["taken", "not a folder"] },
    Case {
        files: &[],
        args: &["--out", "/proc/grassroot-cannot-create-this"],
        expect: &["OUTPUT_DIR", "/proc/grassroot"],
    },
    Case { files: &[], args: &["--replay", "nowhere/run.json"], expect: &["--replay", "nowhere/run.json"] },
    Case { files: &[("run.json", "{ not json")], args: &["--replay", "run.json"], expect: &["--replay", "run.json"] },
];

fn listing(dir: &Path) -> Vec<String> {
    let mut v: Vec<String> =
        std::fs::read_dir(dir).expect("dir").map(|e| e.expect("entry").file_name().to_string_lossy().into()).collect();
    v.sort();
    v
}

#[test]
fn every_bad_input_exits_2_with_a_clear_message_and_writes_nothing() {
    for (i, case) in CASES.iter().enumerate() {
        let dir = tempfile::tempdir().expect("a temporary folder");
        for (name, text) in case.files {
            std::fs::write(dir.path().join(name), text).expect("write");
        }
        let before = listing(dir.path());
        let out = grassroot(dir.path(), case.args);
        let err = String::from_utf8_lossy(&out.stderr);
        assert_eq!(out.status.code(), Some(2), "case {i} {:?}: {err}", case.args);
        for text in case.expect {
            assert!(err.contains(text), "case {i} {:?}: '{text}' missing from: {err}", case.args);
        }
        assert!(!err.contains("panicked"), "case {i}: {err}");
        assert_eq!(listing(dir.path()), before, "case {i} {:?} wrote or removed files", case.args);
        for (name, text) in case.files {
            assert_eq!(std::fs::read_to_string(dir.path().join(name)).expect("read"), *text, "case {i} changed {name}");
        }
    }
}
