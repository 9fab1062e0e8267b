//! Every answer as CSV, for a spreadsheet or a teacher.

use super::StoredAttempt;

const HEADER: &str = "id,answered_at_ms,lesson,kind,skill,ladder,level,material,expected,answer,correct,score,response_ms";

/// The attempts as CSV (RFC 4180 quoting), oldest first as given.
pub fn attempts_csv(attempts: &[StoredAttempt]) -> String {
    let mut out = String::from(HEADER);
    out.push('\n');
    for s in attempts {
        let a = &s.attempt;
        let fields = [
            s.id.to_string(),
            a.answered_at.to_string(),
            quote(&a.lesson),
            quote(&a.kind),
            quote(&a.skill),
            quote(&a.ladder),
            format!("{}", a.level),
            quote(&a.material),
            quote(&a.expected),
            quote(&a.answer),
            (a.correct as u8).to_string(),
            format!("{:.3}", a.score),
            a.response_ms.to_string(),
        ];
        out.push_str(&fields.join(","));
        out.push('\n');
    }
    out
}

/// A field quoted when it holds a comma, a quote or a line break.
fn quote(field: &str) -> String {
    if field.contains([',', '"', '\n', '\r']) {
        format!("\"{}\"", field.replace('"', "\"\""))
    } else {
        field.to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fields_with_commas_and_quotes_are_quoted() {
        assert_eq!(quote("4 kHz"), "4 kHz");
        assert_eq!(quote("Bass EQ 250 Hz, +3 dB"), "\"Bass EQ 250 Hz, +3 dB\"");
        assert_eq!(quote("the \"kick\""), "\"the \"\"kick\"\"\"");
        assert_eq!(attempts_csv(&[]), format!("{HEADER}\n"));
    }
}
