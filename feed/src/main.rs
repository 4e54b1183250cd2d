//! `tasklane-feed`: serves the simulated Kraken exchange on `ws://127.0.0.1:<port>` until SIGTERM or
//! ctrl-c (see the library for the faults and the control frame).

use std::process::ExitCode;

use tokio::net::TcpListener;

#[tokio::main(flavor = "current_thread")]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    if args.iter().any(|a| a == "--help" || a == "-h") {
        println!("{}", tasklane_feed::USAGE);
        return ExitCode::SUCCESS;
    }
    let options = match tasklane_feed::parse_args(args) {
        Ok(options) => options,
        Err(e) => {
            eprintln!("tasklane-feed: {e}\n{}", tasklane_feed::USAGE);
            return ExitCode::from(2);
        }
    };
    let listener = match TcpListener::bind(("127.0.0.1", options.port)).await {
        Ok(listener) => listener,
        Err(e) => {
            eprintln!("tasklane-feed: cannot listen on 127.0.0.1:{}: {e}", options.port);
            return ExitCode::FAILURE;
        }
    };
    let port = listener.local_addr().map_or(options.port, |a| a.port());
    println!("tasklane-feed listening on ws://127.0.0.1:{port}");
    match tasklane_feed::serve(listener, options, stopped()).await {
        Ok(()) => {
            println!("tasklane-feed stopped");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("tasklane-feed: {e}");
            ExitCode::FAILURE
        }
    }
}

/// Completes on ctrl-c, or on SIGTERM where there is one.
async fn stopped() {
    #[cfg(unix)]
    {
        use tokio::signal::unix::{SignalKind, signal};
        if let Ok(mut term) = signal(SignalKind::terminate()) {
            tokio::select! {
                _ = tokio::signal::ctrl_c() => {}
                _ = term.recv() => {}
            }
            return;
        }
    }
    let _ = tokio::signal::ctrl_c().await;
}
