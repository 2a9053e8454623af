//! What the reader changes or takes away: stars and tags on a selection (the same tags as
//! `trawl tag`), and exports as a zip (the same files and manifest as `trawl export`, which
//! `trawl verify` accepts once unzipped). Each is a POST carrying the CSRF token.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use axum::Form;
use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{IntoResponse, Redirect, Response};
use walkdir::WalkDir;
use zip::write::SimpleFileOptions;

use super::app::{App, PageError, blocking};
use super::i18n::Lang;
use super::message_page::download;
use super::search_page::STAR;
use super::security::check_csrf;
use crate::error::{Error, Result};
use crate::export::{self, ExportFormat, ExportRequest};
use crate::search::Sort;
use crate::tags::{Change, Tags};

/// Documents one selection may name.
pub const MOST_SELECTED: usize = 1_000;
/// Documents one export from the browser may hold; larger exports are `trawl export`'s job.
pub const MOST_EXPORTED: usize = 10_000;

/// A form's fields, in order, repeated names kept (`id` once per ticked hit).
type Fields = Vec<(String, String)>;

fn field<'f>(fields: &'f Fields, name: &str) -> &'f str {
    fields
        .iter()
        .find(|(n, _)| n == name)
        .map_or("", |(_, v)| v.as_str())
}

/// `POST /selection`: star, unstar, tag, untag or export the ticked documents, then back to
/// the page the form was on.
pub async fn selection(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
) -> Result<Response, PageError> {
    let lang = Lang::of(&headers);
    check_csrf(&app, field(&fields, "csrf")).map_err(|e| e.in_lang(lang))?;
    let ids: Vec<String> = fields
        .iter()
        .filter(|(n, _)| n == "id")
        .map(|(_, v)| v.trim().to_ascii_lowercase())
        .collect();
    let bad = |why: String| PageError::bad_request(why).in_lang(lang);
    if ids.is_empty() {
        return Err(bad("no document selected".into()));
    }
    if ids.len() > MOST_SELECTED {
        return Err(bad(format!("at most {MOST_SELECTED} documents at once")));
    }
    if let Some(wrong) = ids
        .iter()
        .find(|id| crate::document::parse_id(id).is_none())
    {
        return Err(bad(format!("'{wrong}' is not a document id")));
    }
    let label = field(&fields, "label").trim();
    let change = match field(&fields, "action") {
        "star" => Change::Add(STAR.into()),
        "unstar" => Change::Remove(STAR.into()),
        "tag" => Change::parse(&format!("+{label}")).map_err(bad)?,
        "untag" => Change::parse(&format!("-{label}")).map_err(bad)?,
        "export" => {
            let query = format!("doc:({})", ids.join(" OR "));
            return exported(&app, query, Sort::DateAscending, lang).await;
        }
        other => return Err(bad(format!("no action named '{other}'"))),
    };
    blocking(&app, move |app| -> Result<usize> {
        let mut tags = Tags::load_for_update(&app.store.dir)?;
        let changed = tags.apply(&ids, &[change]);
        tags.save()?;
        Ok(changed)
    })
    .await?
    .map_err(|e| PageError::from(e).in_lang(lang))?;
    Ok(Redirect::to(local(field(&fields, "back"))).into_response())
}

/// `POST /export`: every result of the query, in its order, as a zip.
pub async fn export_results(
    State(app): State<Arc<App>>,
    headers: HeaderMap,
    Form(fields): Form<Fields>,
) -> Result<Response, PageError> {
    let lang = Lang::of(&headers);
    check_csrf(&app, field(&fields, "csrf")).map_err(|e| e.in_lang(lang))?;
    let sort = Sort::from_name(field(&fields, "sort")).unwrap_or(Sort::Relevance);
    exported(&app, field(&fields, "q").to_owned(), sort, lang).await
}

/// The export of `query` as a zip download, refused past [`MOST_EXPORTED`] documents.
async fn exported(
    app: &Arc<App>,
    query: String,
    sort: Sort,
    lang: Lang,
) -> Result<Response, PageError> {
    let zipped = blocking(app, move |app| zip_export(app, &query, sort))
        .await?
        .map_err(|e| PageError::from(e).in_lang(lang))?;
    let name = format!(
        "trawl-export-{}.zip",
        jiff::Timestamp::now().strftime("%Y%m%dT%H%M%SZ")
    );
    Ok(download(&name, zipped))
}

/// Runs `trawl export`'s library call into a new directory under the system's temporary
/// one, zips what it wrote under one top folder, and removes the directory.
fn zip_export(app: &App, query: &str, sort: Sort) -> Result<Vec<u8>> {
    let matched = crate::search::count(&app.store, query)?;
    if matched > MOST_EXPORTED {
        return Err(Error::Refused(format!(
            "{matched} documents match: the browser exports at most {MOST_EXPORTED}; \
             narrow the query or run `trawl export`"
        )));
    }
    let dir = scratch_dir()?;
    let folder = format!(
        "trawl-export-{}",
        jiff::Timestamp::now().strftime("%Y%m%dT%H%M%SZ")
    );
    let request = ExportRequest {
        query: query.to_owned(),
        to: dir.join(&folder),
        format: ExportFormat::Eml,
        limit: None,
        sort,
    };
    let zipped = export::export(&app.store, &request).and_then(|_| zip_dir(&dir, &folder));
    let removed = std::fs::remove_dir_all(&dir).map_err(|e| Error::io(&dir, e));
    let zipped = zipped?;
    removed?;
    Ok(zipped)
}

/// A new, empty directory of this process under the system's temporary directory.
fn scratch_dir() -> Result<PathBuf> {
    let base = std::env::temp_dir();
    for n in 0..1000u32 {
        let dir = base.join(format!("trawl-serve-{}-{n}", std::process::id()));
        match std::fs::create_dir(&dir) {
            Ok(()) => return Ok(dir),
            Err(e) if e.kind() == io::ErrorKind::AlreadyExists => continue,
            Err(e) => return Err(Error::io(&dir, e)),
        }
    }
    Err(Error::Refused(format!(
        "no free scratch directory in {}",
        base.display()
    )))
}

/// The files under `base/folder` as a zip whose paths start with `folder/`.
fn zip_dir(base: &Path, folder: &str) -> Result<Vec<u8>> {
    let mut zip = zip::ZipWriter::new(io::Cursor::new(Vec::new()));
    let options = SimpleFileOptions::default().compression_method(zip::CompressionMethod::Deflated);
    let fail = |path: &Path, e: zip::result::ZipError| Error::io(path, io::Error::other(e));
    let root = base.join(folder);
    let mut files: Vec<PathBuf> = WalkDir::new(&root)
        .into_iter()
        .filter_map(|e| e.ok())
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    files.sort();
    for path in files {
        let relative = path.strip_prefix(base).unwrap_or(&path);
        let name = relative.to_string_lossy().replace('\\', "/");
        zip.start_file(name, options).map_err(|e| fail(&path, e))?;
        let mut file = File::open(&path).map_err(|e| Error::io(&path, e))?;
        io::copy(&mut file, &mut zip).map_err(|e| Error::io(&path, e))?;
    }
    let cursor = zip.finish().map_err(|e| fail(&root, e))?;
    Ok(cursor.into_inner())
}

/// A path of this server to go back to; anything else (another site, `//host`) goes home.
fn local(back: &str) -> &str {
    match back.starts_with('/') && !back.starts_with("//") && !back.contains('\\') {
        true => back,
        false => "/",
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_paths_of_this_server_are_gone_back_to() {
        assert_eq!(local("/search?q=x"), "/search?q=x");
        assert_eq!(local("//evil.example/x"), "/");
        assert_eq!(local("https://evil.example"), "/");
        assert_eq!(local("/\\evil.example"), "/");
        assert_eq!(local(""), "/");
    }
}
