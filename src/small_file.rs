//! Reading the small files newslens is given besides data (a config file, root certificates):
//! the same rules as for data inputs, a regular file or a clear refusal, and a size cap, so a
//! FIFO cannot block start-up and `/dev/zero` cannot fill memory.

use std::io::Read;
use std::path::Path;

/// The most read from such a file.
pub const MAX: u64 = 1 << 20;

/// The bytes of the regular file at `path`, at most [`MAX`]; or why not, said for people.
pub fn read(path: &Path) -> Result<Vec<u8>, ReadError> {
    // Looked at before it is opened: opening a FIFO blocks until something writes to it.
    if !std::fs::metadata(path).map_err(ReadError::Io)?.is_file() {
        return Err(ReadError::NotAFile);
    }
    let file = std::fs::File::open(path).map_err(ReadError::Io)?;
    let mut bytes = Vec::new();
    (&file).take(MAX + 1).read_to_end(&mut bytes).map_err(ReadError::Io)?;
    if bytes.len() as u64 > MAX {
        return Err(ReadError::TooLarge);
    }
    Ok(bytes)
}

/// Why a small file could not be read.
#[derive(Debug)]
pub enum ReadError {
    /// The file system refused (not found, permission…).
    Io(std::io::Error),
    /// A directory, FIFO, socket or device.
    NotAFile,
    /// Larger than [`MAX`].
    TooLarge,
}

impl ReadError {
    /// Whether the file is not there.
    pub fn not_found(&self) -> bool {
        matches!(self, ReadError::Io(e) if e.kind() == std::io::ErrorKind::NotFound)
    }
}

impl std::fmt::Display for ReadError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            ReadError::Io(e) => f.write_str(&crate::diagnostic::io_reason(e)),
            ReadError::NotAFile => f.write_str("not a regular file (a directory, FIFO, socket or device); give a file"),
            ReadError::TooLarge => write!(f, "larger than {} KiB; not read", MAX >> 10),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_regular_files_of_bounded_size_are_read() {
        let dir = tempfile::tempdir().unwrap();
        let small = dir.path().join("c.toml");
        std::fs::write(&small, "theme = \"light\"\n").unwrap();
        assert_eq!(read(&small).unwrap(), b"theme = \"light\"\n");
        assert!(matches!(read(dir.path()), Err(ReadError::NotAFile | ReadError::Io(_))));
        let big = dir.path().join("big.toml");
        std::fs::write(&big, vec![b'#'; (MAX + 1) as usize]).unwrap();
        assert!(matches!(read(&big), Err(ReadError::TooLarge)));
        assert!(read(&dir.path().join("none")).unwrap_err().not_found());
        #[cfg(unix)]
        {
            // A device: refused without reading it.
            assert!(matches!(read(Path::new("/dev/zero")), Err(ReadError::NotAFile)));
        }
    }
}
