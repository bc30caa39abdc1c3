//! The test database: `.ci/run` starts a PostgreSQL and names it in `NEWSLENS_TEST_DB`.
//! Without it the tests that need it say so loudly and pass, unless `NEWSLENS_REQUIRE_DB` is
//! set (as in CI), when they fail.

use std::io::Write;

/// The test database, each test in a schema of its own, or `None` (said loudly) without one.
pub fn database(schema: &str) -> Option<String> {
    database_at("NEWSLENS_TEST_DB", schema)
}

/// The test database as the variable `var` names it.
pub fn database_at(var: &str, schema: &str) -> Option<String> {
    let Ok(url) = std::env::var(var) else {
        assert!(std::env::var_os("NEWSLENS_REQUIRE_DB").is_none(), "NEWSLENS_REQUIRE_DB is set but {var} is not");
        // Written to the process's stderr, which the test harness does not capture: one loud line.
        let _ =
            writeln!(std::io::stderr(), "SKIPPED {schema}: no {var}; `.ci/run` starts a PostgreSQL for these tests");
        return None;
    };
    let mut client = postgres::Client::connect(&url, postgres::NoTls).expect("the test database answers");
    client.batch_execute(&format!("DROP SCHEMA IF EXISTS {schema} CASCADE; CREATE SCHEMA {schema}")).unwrap();
    Some(format!("{url} options='-c search_path={schema}'"))
}
