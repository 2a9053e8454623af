//! Links the `trawl` binary as a position-dependent executable on Linux. A position-independent
//! one makes the dynamic loader apply some 50,000 relocations (tantivy's and serde's tables of
//! pointers) at every start, about 3 ms of each query's whole-process time; a command-line tool
//! started once per query gains nothing from address randomisation of its own code.

fn main() {
    let os = std::env::var("CARGO_CFG_TARGET_OS").unwrap_or_default();
    let env = std::env::var("CARGO_CFG_TARGET_ENV").unwrap_or_default();
    if os == "linux" && env == "gnu" {
        println!("cargo:rustc-link-arg-bins=-no-pie");
    }
    println!("cargo:rerun-if-changed=build.rs");
}
