//! Headless Chromium driven through chromedriver (WebDriver, with the fantoccini crate), for
//! the tests of `trawl serve` in a real browser. `.ci/run` installs Debian's `chromium` and
//! `chromium-driver`; where they are missing the tests fail, naming them.

use std::net::{TcpListener, TcpStream};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::Arc;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::time::{Duration, Instant};

use fantoccini::wd::Capabilities;
use fantoccini::{Client, ClientBuilder};
use hyper_util::client::legacy::connect::HttpConnector;

/// The browser binary Debian's `chromium` package installs.
pub const CHROMIUM: &str = "/usr/bin/chromium";
/// The driver Debian's `chromium-driver` package installs.
pub const CHROMEDRIVER: &str = "/usr/bin/chromedriver";

/// A chromedriver of this test, stopped when dropped.
pub struct Driver {
    child: Child,
    port: u16,
}

impl Driver {
    /// Starts chromedriver on a free port and waits until it accepts connections.
    pub fn start() -> Driver {
        for tool in [CHROMIUM, CHROMEDRIVER] {
            assert!(
                Path::new(tool).exists(),
                "{tool} is missing: install Debian's chromium and chromium-driver (.ci/run does)"
            );
        }
        let port = free_port();
        let child = Command::new(CHROMEDRIVER)
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .expect("chromedriver starts");
        let start = Instant::now();
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            assert!(
                start.elapsed() < Duration::from_secs(20),
                "chromedriver did not listen"
            );
            std::thread::sleep(Duration::from_millis(50));
        }
        Driver { child, port }
    }

    /// A new headless browser session whose downloads go to `downloads`.
    pub async fn browser(&self, downloads: &Path) -> Client {
        let options = serde_json::json!({
            "binary": CHROMIUM,
            "args": [
                "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                "--window-size=1280,1000", "--no-first-run", "--disable-extensions",
                "--lang=en-GB", "--accept-lang=en-GB,en",
            ],
            "prefs": {
                "download.default_directory": downloads.to_str().expect("utf8 path"),
                "download.prompt_for_download": false,
                "intl.accept_languages": "en-GB,en",
            },
        });
        let mut capabilities = Capabilities::new();
        capabilities.insert("goog:chromeOptions".into(), options);
        ClientBuilder::new(HttpConnector::new())
            .capabilities(capabilities)
            .connect(&format!("http://127.0.0.1:{}", self.port))
            .await
            .expect("a browser session")
    }
}

impl Drop for Driver {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

/// A port free at the time of asking.
pub fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

/// A listener that stands for the rest of the world: it counts every connection made to it.
/// A page that fetched anything named in a hostile email would connect here.
pub struct Beacon {
    /// Its port on 127.0.0.1.
    pub port: u16,
    hits: Arc<AtomicUsize>,
}

impl Beacon {
    /// Starts listening on a free port, counting connections on a thread of its own.
    pub fn start() -> Beacon {
        let listener = TcpListener::bind("127.0.0.1:0").expect("beacon listens");
        let port = listener.local_addr().expect("beacon address").port();
        let hits = Arc::new(AtomicUsize::new(0));
        let counted = Arc::clone(&hits);
        std::thread::spawn(move || {
            for stream in listener.incoming() {
                counted.fetch_add(1, Ordering::SeqCst);
                drop(stream);
            }
        });
        Beacon { port, hits }
    }

    /// Connections made so far.
    pub fn hits(&self) -> usize {
        self.hits.load(Ordering::SeqCst)
    }
}

/// Waits up to 20 s for a file to appear complete in `dir` (no `.crdownload` name, not
/// empty, its size steady), and returns its path.
pub fn downloaded(dir: &Path) -> PathBuf {
    let start = Instant::now();
    loop {
        let done: Vec<PathBuf> = std::fs::read_dir(dir)
            .expect("downloads dir")
            .filter_map(|e| e.ok().map(|e| e.path()))
            .filter(|p| !p.to_string_lossy().ends_with(".crdownload"))
            .collect();
        // Chromium may name the file before it has written it: wait for a size that holds.
        if let [one] = done.as_slice() {
            let size = std::fs::metadata(one).map_or(0, |m| m.len());
            std::thread::sleep(Duration::from_millis(200));
            if size > 0 && std::fs::metadata(one).is_ok_and(|m| m.len() == size) {
                return one.clone();
            }
        }
        assert!(
            start.elapsed() < Duration::from_secs(20),
            "no download in {}",
            dir.display()
        );
        std::thread::sleep(Duration::from_millis(100));
    }
}

/// Runs an async test body on a runtime of its own.
pub fn run<F: std::future::Future<Output = ()>>(body: F) {
    tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .expect("a runtime")
        .block_on(body);
}
