//! TLS to the database, with libpq's `sslmode` meanings: `disable` (never), `prefer` (the
//! default: when the server offers it) and `require` encrypt without checking the server's
//! certificate; `verify-ca` checks that a trusted authority signed it, `verify-full` also that
//! it names the host. The authorities are `sslrootcert=FILE` (PEM), else libpq's default
//! `~/.postgresql/root.crt`.
//!
//! The client crate knows only disable, prefer and require, and no `sslrootcert`: those two
//! are taken out of the connection string here.

use std::path::PathBuf;
use std::sync::Arc;

use rustls::client::danger::{HandshakeSignatureValid, ServerCertVerified, ServerCertVerifier};
use rustls::client::{VerifierBuilderError, WebPkiServerVerifier};
use rustls::crypto::{WebPkiSupportedAlgorithms, verify_tls12_signature, verify_tls13_signature};
use rustls::pki_types::pem::PemObject;
use rustls::pki_types::{CertificateDer, ServerName, UnixTime};
use rustls::{CertificateError, DigitallySignedStruct, RootCertStore, SignatureScheme};

use super::StoreError;

/// How far the server is trusted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Check {
    /// No TLS.
    Disable,
    /// TLS when the server offers it (prefer) or always (require); the certificate unchecked.
    Encrypt,
    /// The certificate signed by a trusted authority.
    VerifyCa,
    /// That, and it names the host.
    VerifyFull,
}

/// A connection string with the TLS settings the client crate does not take taken out.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Settings {
    /// The rest of the connection string, in the client crate's terms.
    pub url: String,
    /// How the server is checked.
    pub check: Check,
    /// The trusted authorities' certificates (PEM), if named.
    pub root: Option<PathBuf>,
}

/// Splits `url` (key=value or `postgres://…?…`) into what the client crate reads and the TLS
/// settings.
pub fn settings(url: &str) -> Settings {
    let mut check = Check::Encrypt;
    let mut root = None;
    let mut take = |key: &str, value: &str| -> Option<&'static str> {
        match (key, value) {
            ("sslmode", "disable") => check = Check::Disable,
            ("sslmode", "verify-ca") => {
                check = Check::VerifyCa;
                return Some("require");
            }
            ("sslmode", "verify-full") => {
                check = Check::VerifyFull;
                return Some("require");
            }
            ("sslrootcert", v) => {
                root = Some(PathBuf::from(v));
                return Some("");
            }
            _ => {}
        }
        None
    };
    let url = if url.starts_with("postgres://") || url.starts_with("postgresql://") {
        match url.split_once('?') {
            None => url.to_string(),
            Some((base, query)) => {
                let kept: Vec<String> = query
                    .split('&')
                    .filter_map(|pair| {
                        let (k, v) = pair.split_once('=').unwrap_or((pair, ""));
                        match take(k, &percent_decode(v)) {
                            Some("") => None,
                            Some(mode) => Some(format!("{k}={mode}")),
                            None => Some(pair.to_string()),
                        }
                    })
                    .collect();
                if kept.is_empty() { base.to_string() } else { format!("{base}?{}", kept.join("&")) }
            }
        }
    } else {
        let mut out = Vec::new();
        for (key, value, raw) in key_values(url) {
            match take(&key, &value) {
                Some("") => {}
                Some(mode) => out.push(format!("{key}={mode}")),
                None => out.push(raw),
            }
        }
        out.join(" ")
    };
    Settings { url, check, root }
}

/// The pairs of a key=value connection string: (key, value unquoted, the pair as written).
/// Values may be quoted with `'`, with `\` escaping.
fn key_values(s: &str) -> Vec<(String, String, String)> {
    let chars: Vec<char> = s.chars().collect();
    let mut out = Vec::new();
    let mut i = 0;
    while i < chars.len() {
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        let start = i;
        let mut key = String::new();
        while i < chars.len() && chars[i] != '=' && !chars[i].is_whitespace() {
            key.push(chars[i]);
            i += 1;
        }
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        if i < chars.len() && chars[i] == '=' {
            i += 1;
        }
        while i < chars.len() && chars[i].is_whitespace() {
            i += 1;
        }
        let mut value = String::new();
        if chars.get(i) == Some(&'\'') {
            i += 1;
            while i < chars.len() && chars[i] != '\'' {
                if chars[i] == '\\' && i + 1 < chars.len() {
                    i += 1;
                }
                value.push(chars[i]);
                i += 1;
            }
            i += 1;
        } else {
            while i < chars.len() && !chars[i].is_whitespace() {
                if chars[i] == '\\' && i + 1 < chars.len() {
                    i += 1;
                }
                value.push(chars[i]);
                i += 1;
            }
        }
        if !key.is_empty() {
            out.push((key, value, chars[start..i.min(chars.len())].iter().collect()));
        }
    }
    out
}

/// `%XX` escapes decoded (a URL's query values).
fn percent_decode(s: &str) -> String {
    let bytes = s.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes.get(i + 1..i + 3).and_then(|h| std::str::from_utf8(h).ok());
        match (bytes[i], hex.and_then(|h| u8::from_str_radix(h, 16).ok())) {
            (b'%', Some(b)) => {
                out.push(b);
                i += 3;
            }
            (b, _) => {
                out.push(b);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&out).into_owned()
}

/// The rustls configuration for `settings` (not for [`Check::Disable`]).
pub fn client_config(settings: &Settings) -> Result<rustls::ClientConfig, StoreError> {
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let chain = match settings.check {
        Check::Disable | Check::Encrypt => None,
        Check::VerifyCa | Check::VerifyFull => {
            let (roots, trusted) = roots(settings.root.as_ref())?;
            let webpki = WebPkiServerVerifier::builder_with_provider(Arc::new(roots), Arc::clone(&provider))
                .build()
                .map_err(|e: VerifierBuilderError| StoreError(format!("database: TLS: {e}")))?;
            Some((webpki, trusted))
        }
    };
    let verifier = Arc::new(Verifier::new(settings.check, chain, provider.signature_verification_algorithms));
    Ok(rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .map_err(|e| StoreError(format!("database: TLS: {e}")))?
        .dangerous()
        .with_custom_certificate_verifier(verifier)
        .with_no_client_auth())
}

/// The trusted authorities: `file`, or libpq's default; and their certificates as read.
fn roots(file: Option<&PathBuf>) -> Result<(RootCertStore, Vec<CertificateDer<'static>>), StoreError> {
    let default = std::env::var_os("HOME").map(|h| PathBuf::from(h).join(".postgresql/root.crt"));
    let Some(path) = file.cloned().or(default) else {
        return Err(StoreError("database: sslmode=verify-ca and verify-full need sslrootcert=FILE".into()));
    };
    let shown = crate::display::for_terminal(&path.display().to_string());
    let hint = if file.is_none() {
        " (name them with sslrootcert=FILE, or encrypt unchecked with sslmode=require)"
    } else {
        ""
    };
    let cannot = |e: &dyn std::fmt::Display| format!("database: cannot read the root certificates {shown}: {e}{hint}");
    let pem = crate::small_file::read(&path).map_err(|e| StoreError(cannot(&e)))?;
    let certs: Vec<CertificateDer> =
        CertificateDer::pem_slice_iter(&pem).collect::<Result<_, _>>().map_err(|e| StoreError(cannot(&e)))?;
    let mut store = RootCertStore::empty();
    let (added, _) = store.add_parsable_certificates(certs.iter().cloned());
    if added == 0 {
        return Err(StoreError(format!("database: no certificate in {shown}")));
    }
    Ok((store, certs))
}

/// Checks the server's certificate as `check` says: not at all (libpq's prefer and require),
/// its chain against `chain` (verify-ca), or also the host it names (verify-full). The
/// handshake's signatures are checked always, so the server must hold its certificate's key.
///
/// A server certificate that is itself one of the trusted certificates is accepted as libpq
/// (OpenSSL) accepts it — the PostgreSQL manual's self-signed recipe, whose certificate says it
/// is an authority, which webpki refuses as a server's ("CaUsedAsEndEntity") — with its host
/// name still checked under verify-full, and its dates checked as for any other.
#[derive(Debug)]
struct Verifier {
    check: Check,
    /// The trusted authorities' verifier and their certificates; `None` when certificates are
    /// not checked.
    chain: Option<(Arc<WebPkiServerVerifier>, Vec<CertificateDer<'static>>)>,
    algorithms: WebPkiSupportedAlgorithms,
}

impl Verifier {
    fn new(
        check: Check,
        chain: Option<(Arc<WebPkiServerVerifier>, Vec<CertificateDer<'static>>)>,
        algorithms: WebPkiSupportedAlgorithms,
    ) -> Verifier {
        Verifier { check, chain, algorithms }
    }
}

impl ServerCertVerifier for Verifier {
    fn verify_server_cert(
        &self,
        end_entity: &CertificateDer<'_>,
        intermediates: &[CertificateDer<'_>],
        server_name: &ServerName<'_>,
        ocsp: &[u8],
        now: UnixTime,
    ) -> Result<ServerCertVerified, rustls::Error> {
        let Some((chain, trusted)) = &self.chain else { return Ok(ServerCertVerified::assertion()) };
        match chain.verify_server_cert(end_entity, intermediates, server_name, ocsp, now) {
            Err(rustls::Error::InvalidCertificate(
                CertificateError::NotValidForName | CertificateError::NotValidForNameContext { .. },
            )) if self.check == Check::VerifyCa => Ok(ServerCertVerified::assertion()),
            // Dates are checked before what a certificate may be used for: an error of the
            // latter kind means the dates were right.
            Err(rustls::Error::InvalidCertificate(CertificateError::Other(_) | CertificateError::UnknownIssuer))
                if trusted.iter().any(|t| t.as_ref() == end_entity.as_ref()) =>
            {
                if self.check == Check::VerifyFull {
                    let parsed = rustls::server::ParsedCertificate::try_from(end_entity)?;
                    rustls::client::verify_server_name(&parsed, server_name)?;
                }
                Ok(ServerCertVerified::assertion())
            }
            other => other,
        }
    }

    fn verify_tls12_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls12_signature(message, cert, dss, &self.algorithms)
    }

    fn verify_tls13_signature(
        &self,
        message: &[u8],
        cert: &CertificateDer<'_>,
        dss: &DigitallySignedStruct,
    ) -> Result<HandshakeSignatureValid, rustls::Error> {
        verify_tls13_signature(message, cert, dss, &self.algorithms)
    }

    fn supported_verify_schemes(&self) -> Vec<SignatureScheme> {
        self.algorithms.supported_schemes()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn what_the_client_crate_cannot_read_is_taken_out() {
        let s = settings("host=db.example.org user=me sslmode=verify-full sslrootcert='/etc/my ca.pem' dbname=x");
        assert_eq!(s.url, "host=db.example.org user=me sslmode=require dbname=x");
        assert_eq!((s.check, s.root), (Check::VerifyFull, Some(PathBuf::from("/etc/my ca.pem"))));
        let s = settings("postgres://me:pw@db/x?sslmode=verify-ca&sslrootcert=%2Fca.pem&application_name=n");
        assert_eq!(s.url, "postgres://me:pw@db/x?sslmode=require&application_name=n");
        assert_eq!((s.check, s.root), (Check::VerifyCa, Some(PathBuf::from("/ca.pem"))));
        let s = settings("postgres://db/x?sslrootcert=ca.pem");
        assert_eq!((s.url.as_str(), s.check), ("postgres://db/x", Check::Encrypt));
        assert_eq!(settings("host=/tmp sslmode=disable").check, Check::Disable);
        assert_eq!(settings("host=/tmp sslmode=require").url, "host=/tmp sslmode=require");
    }

    /// The PostgreSQL manual's recipe: `openssl req -new -x509 … -subj "/CN=localhost"`, a
    /// certificate that is its own authority, trusted by naming it as `sslrootcert`.
    #[test]
    fn a_trusted_self_signed_server_certificate_is_accepted_as_libpq_accepts_it() {
        let pem = include_bytes!("../../tests/fixtures/tls/self-signed.crt");
        let other = include_bytes!("../../tests/fixtures/tls/ca.crt");
        let verifier = |check: Check, trusted: &[u8]| {
            let provider = Arc::new(rustls::crypto::ring::default_provider());
            let certs: Vec<CertificateDer<'static>> =
                CertificateDer::pem_slice_iter(trusted).collect::<Result<_, _>>().unwrap();
            let mut roots = RootCertStore::empty();
            roots.add_parsable_certificates(certs.iter().cloned());
            let webpki =
                WebPkiServerVerifier::builder_with_provider(Arc::new(roots), Arc::clone(&provider)).build().unwrap();
            Verifier::new(check, Some((webpki, certs)), provider.signature_verification_algorithms)
        };
        let cert = CertificateDer::pem_slice_iter(pem).next().unwrap().unwrap();
        // 2030-01-01, inside the certificate's dates; and 2200, after them.
        let (now, later) = (
            UnixTime::since_unix_epoch(std::time::Duration::from_secs(1_893_456_000)),
            UnixTime::since_unix_epoch(std::time::Duration::from_secs(7_258_118_400)),
        );
        let name = |n: &str| ServerName::try_from(n.to_string()).unwrap();
        let ask = |v: &Verifier, host: &str, at: UnixTime| v.verify_server_cert(&cert, &[], &name(host), &[], at);
        assert!(ask(&verifier(Check::VerifyFull, pem), "localhost", now).is_ok());
        assert!(ask(&verifier(Check::VerifyCa, pem), "db.invalid", now).is_ok(), "verify-ca checks no name");
        let wrong_name = ask(&verifier(Check::VerifyFull, pem), "db.invalid", now).unwrap_err();
        assert!(wrong_name.to_string().contains("not valid for name"), "{wrong_name}");
        assert!(ask(&verifier(Check::VerifyFull, pem), "localhost", later).is_err(), "an expired one is refused");
        assert!(ask(&verifier(Check::VerifyFull, other), "localhost", now).is_err(), "trusted only if named");
    }
}
