//! `takt`: machine monitoring and OEE for small plants.

fn main() -> std::process::ExitCode {
    takt::cli::main()
}
