//! The app's addresses: which page a URL path names (the home page, a recipe's page, or none).

use super::share::decode;

/// The page a path names. Recipes are named by slug; whether a slug names a recipe is the shell's
/// question (it knows the registry), so any one-segment path is a `Recipe`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Route {
    /// `/`: the recipe list's welcome.
    Home,
    /// `/:slug`, percent-decoded (`/fan%2Dout` is `fan-out`; a malformed escape is kept as written).
    Recipe(String),
    /// A path of more than one segment, such as `/fan-out/extra`.
    NotFound,
}

impl Route {
    /// Reads a URL path (`location.pathname`); one trailing slash is ignored. Never panics.
    ///
    /// ```
    /// use tasklane::model::route::Route;
    /// assert_eq!(Route::parse("/"), Route::Home);
    /// assert_eq!(Route::parse("/fan-out"), Route::Recipe("fan-out".into()));
    /// assert_eq!(Route::parse("/fan-out/"), Route::Recipe("fan-out".into()));
    /// assert_eq!(Route::parse("/fan%2Dout"), Route::Recipe("fan-out".into()));
    /// assert_eq!(Route::parse("/%zz"), Route::Recipe("%zz".into()));
    /// assert_eq!(Route::parse("/fan-out/extra"), Route::NotFound);
    /// ```
    pub fn parse(path: &str) -> Route {
        let path = path.strip_prefix('/').unwrap_or(path);
        let segment = path.strip_suffix('/').unwrap_or(path);
        if segment.is_empty() {
            Route::Home
        } else if segment.contains('/') {
            Route::NotFound
        } else {
            // A path's `+` is itself, not a space as in a query string.
            Route::Recipe(decode(&segment.replace('+', "%2B")).unwrap_or_else(|| segment.to_string()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::Route;

    fn recipe(slug: &str) -> Route {
        Route::Recipe(slug.to_string())
    }

    #[test]
    fn the_root_with_or_without_slashes_is_home() {
        for path in ["", "/", "//"] {
            assert_eq!(Route::parse(path), Route::Home, "{path:?}");
        }
    }

    #[test]
    fn one_segment_names_a_recipe_percent_decoded() {
        assert_eq!(Route::parse("/cron"), recipe("cron"));
        assert_eq!(Route::parse("cron"), recipe("cron"));
        assert_eq!(Route::parse("/a+b"), recipe("a+b"));
        assert_eq!(Route::parse("/a%20b"), recipe("a b"));
        assert_eq!(Route::parse("/%3Cscript%3E"), recipe("<script>"));
        assert_eq!(Route::parse("/%E2%9C%93"), recipe("✓"));
        assert_eq!(Route::parse("/✓"), recipe("✓"));
    }

    #[test]
    fn odd_escapes_are_kept_as_written_never_a_panic() {
        for path in ["/%", "/%2", "/%zz", "/%+1", "/%FF", "/%C3", "/%E2%9C", "/100%", "/%%%", "/%é"] {
            assert_eq!(Route::parse(path), recipe(&path[1..]), "{path:?}");
        }
    }

    #[test]
    fn more_than_one_segment_names_nothing() {
        for path in ["/fan-out/extra", "/a/b/", "///", "/a//", "/%2F/x"] {
            assert_eq!(Route::parse(path), Route::NotFound, "{path:?}");
        }
        // An encoded slash stays inside its segment.
        assert_eq!(Route::parse("/a%2Fb"), recipe("a/b"));
    }
}
