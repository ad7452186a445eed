// See Cargo.toml: allocation-heavy stages run on every core.
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

fn main() -> std::process::ExitCode {
    dossier::cli::main()
}
