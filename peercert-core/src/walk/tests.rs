use std::path::{Path, PathBuf};

use super::*;

/// A folder of its own for each test, removed at the end.
struct TempDir(PathBuf);

impl TempDir {
    fn new(name: &str) -> TempDir {
        let path =
            std::env::temp_dir().join(format!("peercert-walk-{name}-{}", std::process::id()));
        let _ = fs::remove_dir_all(&path);
        fs::create_dir_all(&path).unwrap();
        TempDir(path.canonicalize().unwrap())
    }

    fn join(&self, name: &str) -> PathBuf {
        self.0.join(name)
    }

    fn file(&self, name: &str) {
        let path = self.join(name);
        fs::create_dir_all(path.parent().unwrap()).unwrap();
        fs::write(path, "").unwrap();
    }

    /// What a walk of `paths` finds, each as one line with this folder as `[dir]`.
    fn walk(&self, paths: &[PathBuf]) -> Vec<String> {
        Walk::new(paths.iter().cloned())
            .map(|found| {
                let line = match found {
                    Found::File(path) => format!("file `{}`", path.display()),
                    Found::Skipped(skipped) => {
                        format!("{skipped}{}", if skipped.folder { " (folder)" } else { "" })
                    }
                    Found::Unreadable { path, error } => {
                        format!("unreadable `{}`: {error}", path.display())
                    }
                };
                line.replace(&self.0.display().to_string(), "[dir]")
            })
            .collect()
    }
}

impl Drop for TempDir {
    fn drop(&mut self) {
        let _ = fs::remove_dir_all(&self.0);
    }
}

#[cfg(unix)]
fn link(target: &Path, link: &Path) {
    std::os::unix::fs::symlink(target, link).unwrap();
}

#[test]
fn files_are_found_in_name_order_and_the_rest_is_skipped() {
    let dir = TempDir::new("order");
    dir.file("b.toml");
    dir.file("a/z.toml");
    dir.file("a/notes.md");
    dir.file(".hidden.toml");
    dir.file(".git/config.toml");
    dir.file("a.toml");
    assert_eq!(
        dir.walk(std::slice::from_ref(&dir.0)),
        [
            "skipped `[dir]/.git`: hidden (folder)",
            "skipped `[dir]/.hidden.toml`: hidden",
            "skipped `[dir]/a/notes.md`: not a `*.toml` file",
            "file `[dir]/a/z.toml`",
            "file `[dir]/a.toml`",
            "file `[dir]/b.toml`",
        ]
    );
}

#[test]
fn a_path_named_is_taken_as_it_is() {
    let dir = TempDir::new("named");
    dir.file(".hidden.txt");
    assert_eq!(
        dir.walk(&[dir.join(".hidden.txt"), dir.join("missing.toml")]),
        ["file `[dir]/.hidden.txt`", "file `[dir]/missing.toml`"]
    );
}

#[cfg(unix)]
#[test]
fn symbolic_links_are_followed_once_and_never_into_a_loop() {
    let outside = TempDir::new("links-outside");
    outside.file("far.toml");
    outside.file("shared/s.toml");
    let dir = TempDir::new("links");
    dir.file("a/one.toml");
    // A loop: `a/back` leads to `a`'s parent, the folder walked.
    link(&dir.0, &dir.join("a/back"));
    // A loop of two links, each to the other's folder.
    fs::create_dir(dir.join("b")).unwrap();
    fs::create_dir(dir.join("c")).unwrap();
    link(&dir.join("c"), &dir.join("b/to-c"));
    link(&dir.join("b"), &dir.join("c/to-b"));
    // Two links to one file, and the file itself.
    link(&dir.join("a/one.toml"), &dir.join("d1.toml"));
    link(&dir.join("a/one.toml"), &dir.join("d2.toml"));
    // A link to a file outside the tree, and two to a folder outside it.
    link(&outside.join("far.toml"), &dir.join("e.toml"));
    link(&outside.join("shared"), &dir.join("f1"));
    link(&outside.join("shared"), &dir.join("f2"));
    // A link that leads nowhere.
    link(&dir.join("nowhere.toml"), &dir.join("g.toml"));
    let found = dir
        .walk(std::slice::from_ref(&dir.0))
        .into_iter()
        .map(|line| line.replace(&outside.0.display().to_string(), "[outside]"))
        .collect::<Vec<_>>();
    assert_eq!(
        found,
        [
            "skipped `[dir]/a/back`: a symbolic link to `[dir]`, a folder it is inside (folder)",
            "file `[dir]/a/one.toml`",
            "skipped `[dir]/b/to-c/to-b`: a symbolic link to `[dir]/b`, a folder it is inside (folder)",
            "skipped `[dir]/c`: the same as `[dir]/b/to-c`, already read (folder)",
            "skipped `[dir]/d1.toml`: the same as `[dir]/a/one.toml`, already read",
            "skipped `[dir]/d2.toml`: the same as `[dir]/a/one.toml`, already read",
            "file `[dir]/e.toml`",
            "file `[dir]/f1/s.toml`",
            "skipped `[dir]/f2`: the same as `[dir]/f1`, already read (folder)",
            "file `[dir]/g.toml`",
        ]
    );
    // The same folder named twice, and a file inside it named again.
    assert_eq!(
        outside.walk(&[
            outside.join("shared"),
            outside.join("shared/s.toml"),
            outside.join("shared"),
        ]),
        [
            "file `[dir]/shared/s.toml`",
            "skipped `[dir]/shared/s.toml`: the same as `[dir]/shared/s.toml`, already read",
            "skipped `[dir]/shared`: the same as `[dir]/shared`, already read (folder)",
        ]
    );
}

#[cfg(unix)]
#[test]
fn pipes_sockets_and_devices_are_skipped_unopened() {
    let dir = TempDir::new("special");
    dir.file("a.toml");
    let status = std::process::Command::new("mkfifo")
        .arg(dir.join("pipe.toml"))
        .status()
        .unwrap();
    assert!(status.success());
    let _socket = std::os::unix::net::UnixListener::bind(dir.join("socket.toml")).unwrap();
    link(Path::new("/dev/null"), &dir.join("null.toml"));
    // Opening the pipe would wait for a writer forever: the walk never does.
    assert_eq!(
        dir.walk(std::slice::from_ref(&dir.0)),
        [
            "file `[dir]/a.toml`",
            "skipped `[dir]/null.toml`: a device, not a regular file",
            "skipped `[dir]/pipe.toml`: a named pipe, not a regular file",
            "skipped `[dir]/socket.toml`: a socket, not a regular file",
        ]
    );
}

#[test]
fn skipped_files_and_folders_are_counted() {
    let skipped = |folder| Skipped {
        path: PathBuf::from("x"),
        folder,
        reason: SkipReason::Hidden,
    };
    assert_eq!(count(&[skipped(false)]), "1 file skipped");
    assert_eq!(count(&[skipped(false), skipped(false)]), "2 files skipped");
    assert_eq!(count(&[skipped(true)]), "1 folder skipped");
    assert_eq!(
        count(&[skipped(true), skipped(false), skipped(true)]),
        "1 file and 2 folders skipped"
    );
    assert_eq!(count(&[]), "0 files skipped");
}
