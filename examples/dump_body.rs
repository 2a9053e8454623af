fn main() {
    for p in std::env::args().skip(1) {
        let raw = std::fs::read(&p).unwrap();
        let e = trawl::message::parse(&raw);
        print!("{}", e.body);
    }
}
