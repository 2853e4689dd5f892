//! The `TIMESTAMP` of a `PASSWORD_VERIFIER` answer, in the format Cognito
//! checks: `EEE MMM d HH:mm:ss 'UTC' yyyy` with English names and the day of
//! the month not zero-padded ("Tue Nov 3 07:04:11 UTC 2026"), as the AWS SDKs
//! write it (amazon-cognito-identity-js `DateHelper.getNowString`, Amplify
//! `getNowString`).

use std::fmt;

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A formatted `TIMESTAMP`; it is also the last part of the signed message.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CognitoTimestamp(String);

impl CognitoTimestamp {
    /// The text to send and sign.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for CognitoTimestamp {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Formats `epoch_seconds` (seconds since 1970-01-01T00:00:00Z, e.g.
/// `Date.now() / 1000` in the browser) as Cognito's `TIMESTAMP`, in UTC.
pub fn cognito_timestamp(epoch_seconds: u64) -> CognitoTimestamp {
    let days = epoch_seconds / 86_400;
    let secs = epoch_seconds % 86_400;
    let (year, month, day) = civil_from_days(days);
    // 1970-01-01 was a Thursday.
    let weekday = WEEKDAYS[((days + 4) % 7) as usize];
    CognitoTimestamp(format!(
        "{weekday} {month} {day} {:02}:{:02}:{:02} UTC {year}",
        secs / 3600,
        secs % 3600 / 60,
        secs % 60,
        month = MONTHS[(month - 1) as usize],
    ))
}

/// Proleptic Gregorian (year, month 1–12, day 1–31) of a day count since
/// 1970-01-01: Howard Hinnant's `civil_from_days`
/// (<https://howardhinnant.github.io/date_algorithms.html#civil_from_days>),
/// for non-negative day counts.
fn civil_from_days(days: u64) -> (u64, u64, u64) {
    // Shift the epoch to 0000-03-01 so that leap days end each 400-year era.
    let z = days + 719_468;
    let era = z / 146_097;
    let day_of_era = z % 146_097;
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153; // March = 0
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + u64::from(month <= 2);
    (year, month, day)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn single_digit_day_is_not_padded() {
        assert_eq!(
            cognito_timestamp(1_793_689_451).as_str(),
            "Tue Nov 3 07:04:11 UTC 2026"
        );
    }

    #[test]
    fn epoch_zero() {
        assert_eq!(
            cognito_timestamp(0).to_string(),
            "Thu Jan 1 00:00:00 UTC 1970"
        );
    }

    #[test]
    fn boundaries() {
        for (epoch, want) in [
            (86_399, "Thu Jan 1 23:59:59 UTC 1970"),
            (86_400, "Fri Jan 2 00:00:00 UTC 1970"),
            (951_782_399, "Mon Feb 28 23:59:59 UTC 2000"),
            (951_782_400, "Tue Feb 29 00:00:00 UTC 2000"), // 2000: divisible by 400
            (951_868_800, "Wed Mar 1 00:00:00 UTC 2000"),
            (1_709_251_199, "Thu Feb 29 23:59:59 UTC 2024"),
            (1_772_323_199, "Sat Feb 28 23:59:59 UTC 2026"),
            (1_772_323_200, "Sun Mar 1 00:00:00 UTC 2026"),
            (4_107_542_399, "Sun Feb 28 23:59:59 UTC 2100"), // 2100: not a leap year
            (4_107_542_400, "Mon Mar 1 00:00:00 UTC 2100"),
            (946_684_799, "Fri Dec 31 23:59:59 UTC 1999"),
            (946_684_800, "Sat Jan 1 00:00:00 UTC 2000"),
            (1_735_689_599, "Tue Dec 31 23:59:59 UTC 2024"), // day 366
            (1_774_915_200, "Tue Mar 31 00:00:00 UTC 2026"),
            (1_775_001_600, "Wed Apr 1 00:00:00 UTC 2026"),
        ] {
            assert_eq!(cognito_timestamp(epoch).as_str(), want, "epoch {epoch}");
        }
    }

    /// Every day for 2000 years: the day count round-trips through the
    /// calendar (a day-by-day walk of month lengths, leap rules included).
    #[test]
    fn calendar_walk_matches_civil_from_days() {
        let (mut y, mut m, mut d) = (1970u64, 1u64, 1u64);
        for days in 0..(2000 * 366) {
            assert_eq!(civil_from_days(days), (y, m, d), "day {days}");
            let leap = y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
            let len = match m {
                2 if leap => 29,
                2 => 28,
                4 | 6 | 9 | 11 => 30,
                _ => 31,
            };
            d += 1;
            if d > len {
                d = 1;
                m += 1;
                if m > 12 {
                    m = 1;
                    y += 1;
                }
            }
        }
    }
}
