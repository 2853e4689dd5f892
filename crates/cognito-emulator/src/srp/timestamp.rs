//! The password claim's `TIMESTAMP`: `EEE MMM d HH:mm:ss 'UTC' yyyy` with
//! English day and month names and the day of the month not zero-padded,
//! e.g. `Tue Nov 3 07:04:11 UTC 2026` (amazon-cognito-identity-js
//! `DateHelper.getNowString`, pycognito `get_cognito_formatted_timestamp`).
//!
//! Cognito reads the value as a date and signs its own rendering of that
//! date: a timestamp it can read but that is not in the canonical form (a
//! zero-padded day, a weekday that does not match the date) is answered
//! "Incorrect username or password." like a wrong signature, while one it
//! cannot read at all is an `InvalidParameterException` "TIMESTAMP format
//! should be EEE MMM d HH:mm:ss z yyyy in english." (both observed against
//! real user pools: amazon-cognito-identity-js issue 683, warrant pull
//! request 12). [`parse`] reads the same way and returns the canonical
//! form, which the server signs.

use time::{Date, Month, OffsetDateTime, PrimitiveDateTime, Time};

const WEEKDAYS: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A readable `TIMESTAMP`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ClaimTimestamp {
    /// The moment it names, in Unix seconds.
    pub unix: i64,
    /// The same moment as Cognito writes it; what the claim is checked over.
    pub canonical: String,
}

/// `unix` as a Cognito `TIMESTAMP`.
pub fn format(unix: i64) -> String {
    let t = OffsetDateTime::from_unix_timestamp(unix).unwrap_or(OffsetDateTime::UNIX_EPOCH);
    format!(
        "{} {} {} {:02}:{:02}:{:02} UTC {}",
        WEEKDAYS[usize::from(t.weekday().number_days_from_sunday())],
        MONTHS[usize::from(u8::from(t.month())) - 1],
        t.day(),
        t.hour(),
        t.minute(),
        t.second(),
        t.year()
    )
}

/// Reads a `TIMESTAMP` leniently (any case of the names, one- or two-digit
/// day and time fields, a weekday that need not match), or `None` when it
/// cannot be read: wrong field count or separators, unknown names, a zone
/// other than `UTC`, a year not of four digits, a date that does not exist.
pub fn parse(text: &str) -> Option<ClaimTimestamp> {
    let fields: Vec<&str> = text.split(' ').collect();
    let [weekday, month, day, clock, zone, year] = fields.as_slice() else {
        return None;
    };
    if !WEEKDAYS.iter().any(|w| w.eq_ignore_ascii_case(weekday)) || *zone != "UTC" {
        return None;
    }
    let month = MONTHS
        .iter()
        .position(|m| m.eq_ignore_ascii_case(month))
        .and_then(|i| Month::try_from(u8::try_from(i + 1).ok()?).ok())?;
    let day = number(day, 1, 2)?;
    let year = if year.len() == 4 {
        number(year, 4, 4)?
    } else {
        return None;
    };
    let mut hms = clock.split(':');
    let (Some(h), Some(m), Some(s), None) = (hms.next(), hms.next(), hms.next(), hms.next()) else {
        return None;
    };
    let time = Time::from_hms(
        u8::try_from(number(h, 1, 2)?).ok()?,
        u8::try_from(number(m, 1, 2)?).ok()?,
        u8::try_from(number(s, 1, 2)?).ok()?,
    )
    .ok()?;
    let date =
        Date::from_calendar_date(i32::try_from(year).ok()?, month, u8::try_from(day).ok()?).ok()?;
    let unix = PrimitiveDateTime::new(date, time)
        .assume_utc()
        .unix_timestamp();
    Some(ClaimTimestamp {
        unix,
        canonical: format(unix),
    })
}

/// `min..=max` ASCII digits as a number.
fn number(text: &str, min: usize, max: usize) -> Option<u32> {
    if !(min..=max).contains(&text.len()) || !text.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    text.parse().ok()
}

#[cfg(test)]
mod tests {
    use super::*;

    /// 2026-11-03T07:04:11Z, a Tuesday.
    const NOV_3_2026: i64 = 1_793_689_451;

    #[test]
    fn formats_like_cognito_clients() {
        assert_eq!(format(NOV_3_2026), "Tue Nov 3 07:04:11 UTC 2026");
        assert_eq!(format(0), "Thu Jan 1 00:00:00 UTC 1970");
        // Two-digit days stay as they are.
        assert_eq!(
            format(NOV_3_2026 + 20 * 86_400),
            "Mon Nov 23 07:04:11 UTC 2026"
        );
    }

    #[test]
    fn canonical_timestamps_read_back_unchanged() {
        let t = parse("Tue Nov 3 07:04:11 UTC 2026").unwrap();
        assert_eq!(t.unix, NOV_3_2026);
        assert_eq!(t.canonical, "Tue Nov 3 07:04:11 UTC 2026");
    }

    #[test]
    fn readable_but_not_canonical_timestamps_read_as_their_date() {
        for odd in [
            "Tue Nov 03 07:04:11 UTC 2026",
            "Mon Nov 3 07:04:11 UTC 2026",
            "tue nov 3 07:04:11 UTC 2026",
            "Tue Nov 3 7:4:11 UTC 2026",
        ] {
            let t = parse(odd).unwrap_or_else(|| panic!("{odd:?} should be readable"));
            assert_eq!(t.unix, NOV_3_2026, "{odd:?}");
            assert_eq!(t.canonical, "Tue Nov 3 07:04:11 UTC 2026");
            assert_ne!(t.canonical, odd);
        }
    }

    #[test]
    fn unreadable_timestamps_are_refused() {
        for bad in [
            "",
            "Tue Nov 3 07:04:11 GMT 2026",
            "Tue Nov 3 07:04:11 +0000 2026",
            "Tue Nov  3 07:04:11 UTC 2026",
            "Tue Nov 3 07:04:11 UTC 26",
            "Tue Nov 3 07:04 UTC 2026",
            "Tue Nov 3 07:04:11:00 UTC 2026",
            "Tue Nov 3 24:00:00 UTC 2026",
            "Tue Nov 31 07:04:11 UTC 2026",
            "Tue Nov 0 07:04:11 UTC 2026",
            "Tue Nov 003 07:04:11 UTC 2026",
            "Di Nov 3 07:04:11 UTC 2026",
            "Tue Noviembre 3 07:04:11 UTC 2026",
            "2026-11-03T07:04:11Z",
            "Tue Nov 3 07:04:11 UTC 2026 ",
            "Tue Nov +3 07:04:11 UTC 2026",
        ] {
            assert_eq!(parse(bad), None, "{bad:?}");
        }
    }
}
