//! The address a request comes from, for login throttling: the peer, or —
//! when the peer is a reverse proxy named in `trusted_proxies` — the client
//! the proxy names in `X-Forwarded-For`. Behind a proxy every user would
//! otherwise share one address, and twenty failures would lock everyone out;
//! from anyone else the header is ignored, so it cannot be used to dodge a lock.

use crate::AppState;
use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use std::net::{IpAddr, SocketAddr};

pub struct ClientAddress(pub String);

impl FromRequestParts<AppState> for ClientAddress {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(address)| address.ip());
        let forwarded: Vec<&str> = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|value| value.to_str().ok())
            .flat_map(|value| value.split(','))
            .map(str::trim)
            .collect();
        let client = client_of(peer, &forwarded, &state.settings.trusted_proxies);
        Ok(ClientAddress(
            client.map_or_else(|| "unknown".to_owned(), |ip| ip.to_string()),
        ))
    }
}

/// The client: the peer unless it is a trusted proxy, then the last address
/// in the forwarded chain that is not itself a trusted proxy.
pub fn client_of(peer: Option<IpAddr>, forwarded: &[&str], trusted: &[IpAddr]) -> Option<IpAddr> {
    let peer = peer?;
    if !trusted.contains(&peer) {
        return Some(peer);
    }
    let mut client = peer;
    for hop in forwarded.iter().rev() {
        let Ok(address) = hop.parse::<IpAddr>() else {
            break;
        };
        client = address;
        if !trusted.contains(&address) {
            break;
        }
    }
    Some(client)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    #[test]
    fn only_a_trusted_proxy_names_the_client() {
        let proxy = [ip("10.0.0.1")];
        assert_eq!(
            client_of(Some(ip("10.0.0.1")), &["203.0.113.7"], &proxy),
            Some(ip("203.0.113.7"))
        );
        assert_eq!(
            client_of(Some(ip("198.51.100.2")), &["203.0.113.7"], &proxy),
            Some(ip("198.51.100.2")),
            "anyone else's header is ignored"
        );
        assert_eq!(
            client_of(Some(ip("10.0.0.1")), &["1.2.3.4", "203.0.113.7"], &proxy),
            Some(ip("203.0.113.7")),
            "the hop the proxy saw, not what the client claims"
        );
        assert_eq!(
            client_of(Some(ip("10.0.0.1")), &[], &proxy),
            Some(ip("10.0.0.1"))
        );
        assert_eq!(
            client_of(Some(ip("10.0.0.1")), &["garbage"], &proxy),
            Some(ip("10.0.0.1"))
        );
    }
}
