//! Live DNS, used only when asked (`--dkim-dns`): one TXT query for a key record, over UDP
//! and again over TCP when the answer was cut, with a time limit, so that a machine offline
//! answers at once with an error instead of stalling. trawl never builds a resolver unless the
//! flag is given.

use std::io::{Read, Write};
use std::net::{SocketAddr, TcpStream, UdpSocket};
use std::time::Duration;

use hickory_proto::op::{Message, MessageType, OpCode, Query};
use hickory_proto::rr::{Name, RData, RecordType};
use hickory_proto::serialize::binary::BinDecodable;

/// How long one query may wait for its answer.
const TIMEOUT: Duration = Duration::from_secs(5);

/// A DNS server to ask.
#[derive(Debug, Clone)]
pub struct Resolver {
    server: SocketAddr,
}

impl Resolver {
    /// Asks `server` (an address and port).
    pub fn new(server: SocketAddr) -> Resolver {
        Resolver { server }
    }

    /// Asks the first `nameserver` of `/etc/resolv.conf`.
    pub fn system() -> Result<Resolver, String> {
        let conf = std::fs::read_to_string("/etc/resolv.conf")
            .map_err(|e| format!("/etc/resolv.conf: {e}"))?;
        let server = conf
            .lines()
            .filter_map(|l| l.trim().strip_prefix("nameserver"))
            .find_map(|a| a.trim().parse::<std::net::IpAddr>().ok())
            .ok_or("/etc/resolv.conf names no nameserver")?;
        Ok(Resolver::new(SocketAddr::new(server, 53)))
    }

    /// The server asked.
    pub fn server(&self) -> SocketAddr {
        self.server
    }

    /// The TXT records at `name`, each one's strings joined; empty when the name has none.
    pub fn txt(&self, name: &str) -> Result<Vec<String>, String> {
        let query = query(name)?;
        let answer = self.udp(&query)?;
        let answer = match answer.truncated() {
            true => self.tcp(&query)?,
            false => answer,
        };
        Ok(texts(&answer))
    }

    fn udp(&self, query: &[u8]) -> Result<Message, String> {
        let any: SocketAddr = match self.server {
            SocketAddr::V4(_) => "0.0.0.0:0",
            SocketAddr::V6(_) => "[::]:0",
        }
        .parse()
        .map_err(|e| format!("{e}"))?;
        let socket = UdpSocket::bind(any).map_err(|e| self.failed(e))?;
        socket
            .set_read_timeout(Some(TIMEOUT))
            .map_err(|e| self.failed(e))?;
        socket
            .send_to(query, self.server)
            .map_err(|e| self.failed(e))?;
        let mut buf = vec![0u8; 65_535];
        let n = socket.recv(&mut buf).map_err(|e| self.failed(e))?;
        decode(&buf[..n], query)
    }

    fn tcp(&self, query: &[u8]) -> Result<Message, String> {
        let mut stream =
            TcpStream::connect_timeout(&self.server, TIMEOUT).map_err(|e| self.failed(e))?;
        stream
            .set_read_timeout(Some(TIMEOUT))
            .map_err(|e| self.failed(e))?;
        let len = u16::try_from(query.len()).map_err(|_| "query too long".to_owned())?;
        stream
            .write_all(&len.to_be_bytes())
            .map_err(|e| self.failed(e))?;
        stream.write_all(query).map_err(|e| self.failed(e))?;
        let mut len = [0u8; 2];
        stream.read_exact(&mut len).map_err(|e| self.failed(e))?;
        let mut buf = vec![0u8; usize::from(u16::from_be_bytes(len))];
        stream.read_exact(&mut buf).map_err(|e| self.failed(e))?;
        decode(&buf, query)
    }

    fn failed(&self, e: std::io::Error) -> String {
        format!("{}: {e}", self.server)
    }
}

/// A recursive TXT query for `name`, as bytes.
fn query(name: &str) -> Result<Vec<u8>, String> {
    let name = Name::from_ascii(format!("{}.", name.trim_end_matches('.')))
        .map_err(|e| format!("{name}: {e}"))?;
    let id = u16::try_from(std::process::id() & 0xffff).unwrap_or(1);
    let mut message = Message::new();
    message
        .set_id(id)
        .set_message_type(MessageType::Query)
        .set_op_code(OpCode::Query)
        .set_recursion_desired(true)
        .add_query(Query::query(name, RecordType::TXT));
    message.to_vec().map_err(|e| e.to_string())
}

/// An answer read, checked against the query's id.
fn decode(bytes: &[u8], query: &[u8]) -> Result<Message, String> {
    let message = Message::from_bytes(bytes).map_err(|e| format!("unreadable answer: {e}"))?;
    if query.get(..2) != Some(&message.id().to_be_bytes()[..]) {
        return Err("an answer to another query".into());
    }
    Ok(message)
}

fn texts(answer: &Message) -> Vec<String> {
    answer
        .answers()
        .iter()
        .filter_map(|r| match r.data() {
            RData::TXT(txt) => Some(
                txt.txt_data()
                    .iter()
                    .map(|s| String::from_utf8_lossy(s).into_owned())
                    .collect::<String>(),
            ),
            _ => None,
        })
        .collect()
}
