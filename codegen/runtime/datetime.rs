//! A precise UTC date-time type for Smithy timestamps, with the three Smithy wire formats.
//!
//! [`DateTime`] is an instant on the proleptic Gregorian calendar, stored as whole seconds
//! since the Unix epoch plus nanoseconds. It is formatted and parsed in the Smithy
//! `timestampFormat`s: `date-time` (RFC 3339), `epoch-seconds` and `http-date` (RFC 7231).
//!
//! Two edge cases have a documented behaviour:
//! - Leap seconds: a second of `60` is accepted when parsing and read as `59` (keeping
//!   its fraction), since POSIX time has no room for a leap second.
//! - Years outside `0..=9999` are written as ISO 8601 expanded years (an explicit sign and
//!   at least four digits, e.g. `+10000-01-01T00:00:00Z` or `-0001-12-31T00:00:00Z`), and
//!   the parsers accept that form back, so every `DateTime` round-trips through every format.

use std::fmt;
use std::str::FromStr;
use std::time::{Duration, SystemTime};

const NANOS_PER_SECOND: u32 = 1_000_000_000;
const SECONDS_PER_DAY: i64 = 86_400;
/// Enough digits for any year a `DateTime` can reach (about ±292 billion years).
const MAX_YEAR_DIGITS: usize = 12;
/// The longest input quoted back in a [`DateTimeParseError`].
const MAX_QUOTED_INPUT_CHARS: usize = 64;

const WEEKDAY_NAMES: [&str; 7] = ["Sun", "Mon", "Tue", "Wed", "Thu", "Fri", "Sat"];
const LONG_WEEKDAY_NAMES: [&str; 7] = [
    "Sunday",
    "Monday",
    "Tuesday",
    "Wednesday",
    "Thursday",
    "Friday",
    "Saturday",
];
const MONTH_NAMES: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// A UTC instant with nanosecond precision, as carried by Smithy `timestamp` shapes.
///
/// Ordering, equality and hashing follow the instant in time.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateTime {
    /// Whole seconds since 1970-01-01T00:00:00Z; negative before 1970.
    seconds: i64,
    /// Nanoseconds after `seconds`, always below one second (also for negative `seconds`).
    subsec_nanos: u32,
}

/// The Smithy `timestampFormat` values.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum TimestampFormat {
    /// RFC 3339 `date-time` in UTC, e.g. `2014-04-29T18:30:38Z`.
    DateTime,
    /// Seconds since the Unix epoch with an optional fraction, e.g. `1398796238.123`.
    EpochSeconds,
    /// RFC 7231 IMF-fixdate, e.g. `Tue, 29 Apr 2014 18:30:38 GMT`.
    HttpDate,
}

impl TimestampFormat {
    /// The name Smithy gives the format, used in error messages.
    fn smithy_name(self) -> &'static str {
        match self {
            Self::DateTime => "date-time",
            Self::EpochSeconds => "epoch-seconds",
            Self::HttpDate => "http-date",
        }
    }
}

impl DateTime {
    /// 1970-01-01T00:00:00Z.
    pub const UNIX_EPOCH: DateTime = DateTime::from_secs(0);
    /// The earliest representable instant; conversions saturate to it.
    const MIN: DateTime = DateTime {
        seconds: i64::MIN,
        subsec_nanos: 0,
    };
    /// The latest representable instant; conversions saturate to it.
    const MAX: DateTime = DateTime {
        seconds: i64::MAX,
        subsec_nanos: NANOS_PER_SECOND - 1,
    };

    /// The instant `seconds` whole seconds after the Unix epoch (before it if negative).
    pub const fn from_secs(seconds: i64) -> Self {
        Self {
            seconds,
            subsec_nanos: 0,
        }
    }

    /// The instant `seconds` plus `subsec_nanos` nanoseconds after the Unix epoch.
    ///
    /// Nanoseconds of a second or more carry into the seconds; a result beyond the
    /// representable range saturates to the latest representable instant.
    pub fn from_secs_and_nanos(seconds: i64, subsec_nanos: u32) -> Self {
        let total_nanos =
            i128::from(seconds) * i128::from(NANOS_PER_SECOND) + i128::from(subsec_nanos);
        Self::from_total_nanos(total_nanos)
    }

    /// The instant `millis` milliseconds after the Unix epoch (before it if negative).
    pub fn from_millis(millis: i64) -> Self {
        Self::from_total_nanos(i128::from(millis) * 1_000_000)
    }

    /// Whole seconds since the Unix epoch, rounded towards the past (so `-0.5s` is `-1`).
    pub const fn secs(&self) -> i64 {
        self.seconds
    }

    /// Nanoseconds after [`secs`](Self::secs), always below `1_000_000_000`.
    pub const fn subsec_nanos(&self) -> u32 {
        self.subsec_nanos
    }

    /// Writes the instant in `format`; see [`TimestampFormat`] and the module docs.
    ///
    /// A non-zero fraction of a second is written with trailing zeros trimmed
    /// (`…56.123Z`, `1398796238.5`, `… 18:30:38.25 GMT`); a zero fraction is left out.
    pub fn format(&self, format: TimestampFormat) -> String {
        Formatted {
            instant: *self,
            format,
        }
        .to_string()
    }

    /// Reads an instant written in `format`.
    ///
    /// - `DateTime`: `YYYY-MM-DDThh:mm:ss[.fraction](Z|+hh:mm|-hh:mm)`, case-insensitive
    ///   `T` and `Z`, any number of fraction digits (digits past nanoseconds are dropped,
    ///   not rounded), the offset applied to get UTC.
    /// - `EpochSeconds`: `[+|-]digits[.digits]`; no exponent.
    /// - `HttpDate`: IMF-fixdate (`Tue, 29 Apr 2014 18:30:38 GMT`), RFC 850
    ///   (`Tuesday, 29-Apr-14 18:30:38 GMT`, two-digit years `70..=99` are 19xx, `00..=69`
    ///   are 20xx) or asctime (`Tue Apr 29 18:30:38 2014`); each may carry a fraction of a
    ///   second. Names are matched case-insensitively; the weekday must be a weekday name
    ///   but is not checked against the date.
    ///
    /// # Errors
    ///
    /// [`DateTimeParseError`] when `text` does not follow `format`: out-of-range fields
    /// (including February 29 outside leap years), missing parts, trailing characters, or
    /// an instant beyond what `DateTime` can represent.
    pub fn parse(text: &str, format: TimestampFormat) -> Result<Self, DateTimeParseError> {
        let parsed = match format {
            TimestampFormat::DateTime => parse_rfc3339(text),
            TimestampFormat::EpochSeconds => parse_epoch_seconds(text),
            TimestampFormat::HttpDate => parse_http_date(text),
        };
        parsed.ok_or_else(|| DateTimeParseError::new(format, text))
    }

    /// The instant `total_nanos` nanoseconds after the epoch, saturating at the range ends.
    fn from_total_nanos(total_nanos: i128) -> Self {
        let nanos_per_second = i128::from(NANOS_PER_SECOND);
        let seconds = total_nanos.div_euclid(nanos_per_second);
        let subsec_nanos = total_nanos.rem_euclid(nanos_per_second);
        match (i64::try_from(seconds), u32::try_from(subsec_nanos)) {
            (Ok(seconds), Ok(subsec_nanos)) => Self {
                seconds,
                subsec_nanos,
            },
            _ if seconds < 0 => Self::MIN,
            _ => Self::MAX,
        }
    }

    /// Days since the epoch and the second within that day.
    fn days_and_second_of_day(&self) -> (i64, i64) {
        (
            self.seconds.div_euclid(SECONDS_PER_DAY),
            self.seconds.rem_euclid(SECONDS_PER_DAY),
        )
    }
}

impl From<SystemTime> for DateTime {
    /// Converts any `SystemTime`, including times before 1970; saturates at the range ends.
    fn from(time: SystemTime) -> Self {
        let (magnitude, sign) = match time.duration_since(SystemTime::UNIX_EPOCH) {
            Ok(after) => (after, 1),
            Err(before) => (before.duration(), -1),
        };
        // A `Duration` holds at most about 1.8e28 nanoseconds, which fits in an i128.
        let nanos = i128::try_from(magnitude.as_nanos()).unwrap_or(i128::MAX);
        Self::from_total_nanos(sign * nanos)
    }
}

/// The error of converting a [`DateTime`] that `std::time::SystemTime` cannot hold on
/// this platform into one.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SystemTimeRangeError {
    instant: DateTime,
}

impl fmt::Display for SystemTimeRangeError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "{} is outside the range of std::time::SystemTime",
            self.instant
        )
    }
}

impl std::error::Error for SystemTimeRangeError {}

impl TryFrom<DateTime> for SystemTime {
    type Error = SystemTimeRangeError;

    /// Converts the instant, failing with [`SystemTimeRangeError`] when it lies outside
    /// what `SystemTime` can represent on this platform.
    fn try_from(instant: DateTime) -> Result<Self, Self::Error> {
        let converted = if instant.seconds >= 0 {
            let after = Duration::new(instant.seconds.unsigned_abs(), instant.subsec_nanos);
            SystemTime::UNIX_EPOCH.checked_add(after)
        } else {
            SystemTime::UNIX_EPOCH.checked_sub(duration_before_epoch(instant))
        };
        converted.ok_or(SystemTimeRangeError { instant })
    }
}

/// How long before the epoch a pre-1970 instant (`seconds < 0`) lies.
fn duration_before_epoch(instant: DateTime) -> Duration {
    let whole_seconds = instant.seconds.unsigned_abs();
    if instant.subsec_nanos == 0 {
        Duration::from_secs(whole_seconds)
    } else {
        // E.g. -2s + 0.5s is 1.5s before the epoch.
        Duration::new(whole_seconds - 1, NANOS_PER_SECOND - instant.subsec_nanos)
    }
}

impl fmt::Display for DateTime {
    /// Writes the instant as RFC 3339, the same as [`DateTime::format`] with
    /// [`TimestampFormat::DateTime`].
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write_rfc3339(f, *self)
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("DateTime(")?;
        write_rfc3339(f, *self)?;
        f.write_str(")")
    }
}

impl FromStr for DateTime {
    type Err = DateTimeParseError;

    /// Parses RFC 3339, the same as [`DateTime::parse`] with [`TimestampFormat::DateTime`].
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Self::parse(text, TimestampFormat::DateTime)
    }
}

/// The error of parsing text that is not a valid timestamp in the expected format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DateTimeParseError {
    format: TimestampFormat,
    /// The offending input, cut to its first [`MAX_QUOTED_INPUT_CHARS`] characters.
    input: String,
}

impl DateTimeParseError {
    fn new(format: TimestampFormat, text: &str) -> Self {
        let mut input: String = text.chars().take(MAX_QUOTED_INPUT_CHARS).collect();
        if input.len() < text.len() {
            input.push('…');
        }
        Self { format, input }
    }

    /// The format the input was expected in.
    pub fn format(&self) -> TimestampFormat {
        self.format
    }

    /// The offending input, cut to its first 64 characters (followed by `…` when cut).
    pub fn input(&self) -> &str {
        &self.input
    }
}

impl fmt::Display for DateTimeParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "invalid {} timestamp: {:?}",
            self.format.smithy_name(),
            self.input
        )
    }
}

impl std::error::Error for DateTimeParseError {}

// ---------------------------------------------------------------------------------------
// Calendar arithmetic (Howard Hinnant's algorithms, http://howardhinnant.github.io/date_algorithms.html)
// ---------------------------------------------------------------------------------------

/// Days from 1970-01-01 to the given proleptic Gregorian date.
///
/// Cannot overflow for `|year| < 10^12` (the years the parsers accept).
fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    // Count years from March so that the leap day is the last day of the year.
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year.rem_euclid(400);
    let month_from_march = i64::from((month + 9) % 12);
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1;
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The proleptic Gregorian `(year, month, day)` of a day counted from 1970-01-01.
///
/// Cannot overflow for the `|days| < 1.1e14` that an `i64` of seconds spans.
fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * month_from_march + 2) / 5 + 1;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    // Both are small by construction: day in 1..=31, month in 1..=12.
    (year, small_to_u32(month), small_to_u32(day))
}

/// Narrows a value already known to be a small non-negative calendar field.
fn small_to_u32(value: i64) -> u32 {
    u32::try_from(value).unwrap_or_default()
}

fn is_leap_year(year: i64) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        2 if is_leap_year(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// Index into [`WEEKDAY_NAMES`] of a day counted from 1970-01-01 (a Thursday).
fn weekday_index(days: i64) -> usize {
    // rem_euclid(7) is in 0..7, so the conversion cannot fail.
    usize::try_from((days + 4).rem_euclid(7)).unwrap_or_default()
}

/// A calendar date as written in a timestamp; not yet validated.
struct Date {
    year: i64,
    month: u32,
    day: u32,
}

/// A time of day as written in a timestamp; not yet validated.
struct TimeOfDay {
    hour: u32,
    minute: u32,
    second: u32,
    nanos: u32,
}

impl Date {
    fn of(instant: DateTime) -> Self {
        let (days, _) = instant.days_and_second_of_day();
        let (year, month, day) = civil_from_days(days);
        Self { year, month, day }
    }

    fn is_valid(&self) -> bool {
        (1..=12).contains(&self.month)
            && (1..=days_in_month(self.year, self.month)).contains(&self.day)
    }
}

impl TimeOfDay {
    fn of(instant: DateTime) -> Self {
        let (_, second_of_day) = instant.days_and_second_of_day();
        let second_of_day = u32::try_from(second_of_day).unwrap_or_default();
        Self {
            hour: second_of_day / 3600,
            minute: second_of_day / 60 % 60,
            second: second_of_day % 60,
            nanos: instant.subsec_nanos,
        }
    }

    /// Seconds since midnight, reading a leap second (`60`) as `59`.
    fn second_of_day(&self) -> Option<i64> {
        if self.hour > 23 || self.minute > 59 || self.second > 60 {
            return None;
        }
        let second = self.second.min(59);
        Some(i64::from(self.hour * 3600 + self.minute * 60 + second))
    }
}

/// The UTC instant of a local `date` and `time` at `offset_seconds` east of UTC, if the
/// fields are valid and the instant is representable.
fn instant_from_fields(date: &Date, time: &TimeOfDay, offset_seconds: i64) -> Option<DateTime> {
    if !date.is_valid() {
        return None;
    }
    let days = days_from_civil(date.year, date.month, date.day);
    // i128: days * 86_400 may pass i64::MIN even when the final instant does not.
    let seconds = i128::from(days) * i128::from(SECONDS_PER_DAY)
        + i128::from(time.second_of_day()?)
        - i128::from(offset_seconds);
    Some(DateTime {
        seconds: i64::try_from(seconds).ok()?,
        subsec_nanos: time.nanos,
    })
}

// ---------------------------------------------------------------------------------------
// Formatting
// ---------------------------------------------------------------------------------------

/// Displays an instant in a given [`TimestampFormat`].
struct Formatted {
    instant: DateTime,
    format: TimestampFormat,
}

impl fmt::Display for Formatted {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self.format {
            TimestampFormat::DateTime => write_rfc3339(f, self.instant),
            TimestampFormat::EpochSeconds => write_epoch_seconds(f, self.instant),
            TimestampFormat::HttpDate => write_http_date(f, self.instant),
        }
    }
}

/// Displays a year with four digits, or as an ISO 8601 expanded year (sign and at least
/// four digits) outside `0..=9999`.
struct Year(i64);

impl fmt::Display for Year {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if (0..=9999).contains(&self.0) {
            write!(f, "{:04}", self.0)
        } else {
            // The width includes the sign: `+10000`, `-0001`.
            write!(f, "{:+05}", self.0)
        }
    }
}

/// Displays a fraction of a second as `.` and its digits without trailing zeros, or
/// nothing for zero.
struct Fraction(u32);

impl fmt::Display for Fraction {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.0 == 0 {
            return Ok(());
        }
        let mut digits = self.0;
        let mut width = 9;
        while digits.is_multiple_of(10) {
            digits /= 10;
            width -= 1;
        }
        write!(f, ".{digits:0width$}")
    }
}

fn write_rfc3339(f: &mut impl fmt::Write, instant: DateTime) -> fmt::Result {
    let date = Date::of(instant);
    let time = TimeOfDay::of(instant);
    write!(
        f,
        "{}-{:02}-{:02}T{:02}:{:02}:{:02}{}Z",
        Year(date.year),
        date.month,
        date.day,
        time.hour,
        time.minute,
        time.second,
        Fraction(time.nanos)
    )
}

fn write_epoch_seconds(f: &mut impl fmt::Write, instant: DateTime) -> fmt::Result {
    if instant.seconds < 0 && instant.subsec_nanos > 0 {
        // The stored fraction counts up from a more negative second: -2s + 0.5s is -1.5.
        // Writing the sign separately keeps it for values between -1 and 0.
        let whole = (instant.seconds + 1).unsigned_abs();
        let fraction = NANOS_PER_SECOND - instant.subsec_nanos;
        write!(f, "-{whole}{}", Fraction(fraction))
    } else {
        write!(f, "{}{}", instant.seconds, Fraction(instant.subsec_nanos))
    }
}

fn write_http_date(f: &mut impl fmt::Write, instant: DateTime) -> fmt::Result {
    let (days, _) = instant.days_and_second_of_day();
    let date = Date::of(instant);
    let time = TimeOfDay::of(instant);
    let month_name = MONTH_NAMES
        .get(date.month.saturating_sub(1) as usize)
        .unwrap_or(&"???");
    let weekday_name = WEEKDAY_NAMES.get(weekday_index(days)).unwrap_or(&"???");
    write!(
        f,
        "{weekday_name}, {:02} {month_name} {} {:02}:{:02}:{:02}{} GMT",
        date.day,
        Year(date.year),
        time.hour,
        time.minute,
        time.second,
        Fraction(time.nanos)
    )
}

// ---------------------------------------------------------------------------------------
// Parsing
// ---------------------------------------------------------------------------------------

/// Reads a timestamp from the front. Works on bytes, so any input (including non-ASCII)
/// is safe; every reader returns `None` on a mismatch.
struct Cursor<'a> {
    rest: &'a [u8],
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Self {
            rest: text.as_bytes(),
        }
    }

    fn peek(&self) -> Option<u8> {
        self.rest.first().copied()
    }

    /// Consumes the next byte if it is one of `choices`, returning it.
    fn one_of(&mut self, choices: &[u8]) -> Option<u8> {
        let (&next, rest) = self.rest.split_first()?;
        if !choices.contains(&next) {
            return None;
        }
        self.rest = rest;
        Some(next)
    }

    fn byte(&mut self, expected: u8) -> Option<()> {
        self.one_of(&[expected]).map(drop)
    }

    /// Consumes the longest run of bytes matching `predicate`.
    fn run(&mut self, predicate: impl Fn(&u8) -> bool) -> &'a [u8] {
        let length = self
            .rest
            .iter()
            .position(|byte| !predicate(byte))
            .unwrap_or(self.rest.len());
        let (run, rest) = self.rest.split_at(length);
        self.rest = rest;
        run
    }

    fn word(&mut self) -> &'a [u8] {
        self.run(u8::is_ascii_alphabetic)
    }

    fn digits(&mut self) -> &'a [u8] {
        self.run(u8::is_ascii_digit)
    }

    /// Reads a decimal number of `min_digits..=max_digits` digits.
    fn number(&mut self, min_digits: usize, max_digits: usize) -> Option<u64> {
        let digits = self.digits();
        if !(min_digits..=max_digits).contains(&digits.len()) {
            return None;
        }
        digits.iter().try_fold(0_u64, |value, digit| {
            value.checked_mul(10)?.checked_add(u64::from(digit - b'0'))
        })
    }

    /// Reads a small decimal field, such as a month or an hour.
    fn field(&mut self, min_digits: usize, max_digits: usize) -> Option<u32> {
        u32::try_from(self.number(min_digits, max_digits)?).ok()
    }

    /// Reads a four-digit year, or an ISO 8601 expanded year (`+` or `-` and more digits).
    fn year(&mut self) -> Option<i64> {
        let sign = self.one_of(b"+-");
        let max_digits = if sign.is_some() { MAX_YEAR_DIGITS } else { 4 };
        let magnitude = i64::try_from(self.number(4, max_digits)?).ok()?;
        Some(if sign == Some(b'-') {
            -magnitude
        } else {
            magnitude
        })
    }

    /// Reads an optional `.` and fraction digits as nanoseconds; digits past the ninth
    /// are dropped (truncation, so an instant never moves into the next second).
    fn optional_fraction(&mut self) -> Option<u32> {
        if self.byte(b'.').is_none() {
            return Some(0);
        }
        let digits = self.digits();
        if digits.is_empty() {
            return None;
        }
        let nanos = digits
            .iter()
            .chain(std::iter::repeat(&b'0'))
            .take(9)
            .fold(0, |nanos, digit| nanos * 10 + u32::from(digit - b'0'));
        Some(nanos)
    }

    /// Reads `hh:mm:ss[.fraction]`.
    fn time_of_day(&mut self) -> Option<TimeOfDay> {
        let hour = self.field(2, 2)?;
        self.byte(b':')?;
        let minute = self.field(2, 2)?;
        self.byte(b':')?;
        let second = self.field(2, 2)?;
        let nanos = self.optional_fraction()?;
        Some(TimeOfDay {
            hour,
            minute,
            second,
            nanos,
        })
    }

    /// Reads `Z` or `±hh:mm` as seconds east of UTC.
    fn utc_offset(&mut self) -> Option<i64> {
        let sign = match self.one_of(b"Zz+-")? {
            b'+' => 1,
            b'-' => -1,
            _ => return Some(0),
        };
        let hours = self.field(2, 2).filter(|&hours| hours <= 23)?;
        self.byte(b':')?;
        let minutes = self.field(2, 2).filter(|&minutes| minutes <= 59)?;
        Some(sign * i64::from(hours * 3600 + minutes * 60))
    }

    /// Reads a three-letter month name as its number.
    fn month_name(&mut self) -> Option<u32> {
        let position = position_ignoring_case(&MONTH_NAMES, self.word())?;
        u32::try_from(position + 1).ok()
    }

    fn keyword(&mut self, expected: &str) -> Option<()> {
        self.word()
            .eq_ignore_ascii_case(expected.as_bytes())
            .then_some(())
    }

    fn end(&self) -> Option<()> {
        self.rest.is_empty().then_some(())
    }
}

fn position_ignoring_case(names: &[&str], word: &[u8]) -> Option<usize> {
    names
        .iter()
        .position(|name| name.as_bytes().eq_ignore_ascii_case(word))
}

/// `YYYY-MM-DDThh:mm:ss[.fraction](Z|±hh:mm)`
fn parse_rfc3339(text: &str) -> Option<DateTime> {
    let mut cursor = Cursor::new(text);
    let year = cursor.year()?;
    cursor.byte(b'-')?;
    let month = cursor.field(2, 2)?;
    cursor.byte(b'-')?;
    let day = cursor.field(2, 2)?;
    cursor.one_of(b"Tt")?;
    let time = cursor.time_of_day()?;
    let offset = cursor.utc_offset()?;
    cursor.end()?;
    instant_from_fields(&Date { year, month, day }, &time, offset)
}

/// `[+|-]digits[.digits]`
fn parse_epoch_seconds(text: &str) -> Option<DateTime> {
    let mut cursor = Cursor::new(text);
    let negative = cursor.one_of(b"+-") == Some(b'-');
    let whole = i128::from(cursor.number(1, usize::MAX)?);
    let nanos = i128::from(cursor.optional_fraction()?);
    cursor.end()?;
    let magnitude = whole * i128::from(NANOS_PER_SECOND) + nanos;
    let total_nanos = if negative { -magnitude } else { magnitude };
    let instant = DateTime::from_total_nanos(total_nanos);
    // from_total_nanos saturates; out of range must be an error here instead.
    let round_trip = i128::from(instant.seconds) * i128::from(NANOS_PER_SECOND)
        + i128::from(instant.subsec_nanos);
    (round_trip == total_nanos).then_some(instant)
}

/// IMF-fixdate, RFC 850 or asctime, told apart by the weekday and what follows it.
fn parse_http_date(text: &str) -> Option<DateTime> {
    let mut cursor = Cursor::new(text);
    let weekday = cursor.word();
    let is_short_weekday = position_ignoring_case(&WEEKDAY_NAMES, weekday).is_some();
    let is_long_weekday = position_ignoring_case(&LONG_WEEKDAY_NAMES, weekday).is_some();
    let (date, time) = match cursor.peek()? {
        b',' if is_short_weekday => imf_fixdate_after_weekday(&mut cursor)?,
        b',' if is_long_weekday => rfc850_after_weekday(&mut cursor)?,
        b' ' if is_short_weekday => asctime_after_weekday(&mut cursor)?,
        _ => return None,
    };
    cursor.end()?;
    instant_from_fields(&date, &time, 0)
}

/// `, DD Mon YYYY hh:mm:ss[.fraction] GMT`
fn imf_fixdate_after_weekday(cursor: &mut Cursor<'_>) -> Option<(Date, TimeOfDay)> {
    cursor.byte(b',')?;
    cursor.byte(b' ')?;
    let day = cursor.field(1, 2)?;
    cursor.byte(b' ')?;
    let month = cursor.month_name()?;
    cursor.byte(b' ')?;
    let year = cursor.year()?;
    cursor.byte(b' ')?;
    let time = cursor.time_of_day()?;
    cursor.byte(b' ')?;
    cursor.keyword("GMT")?;
    Some((Date { year, month, day }, time))
}

/// `, DD-Mon-YY hh:mm:ss GMT` (a four-digit year is accepted too)
fn rfc850_after_weekday(cursor: &mut Cursor<'_>) -> Option<(Date, TimeOfDay)> {
    cursor.byte(b',')?;
    cursor.byte(b' ')?;
    let day = cursor.field(1, 2)?;
    cursor.byte(b'-')?;
    let month = cursor.month_name()?;
    cursor.byte(b'-')?;
    let year = rfc850_year(cursor)?;
    cursor.byte(b' ')?;
    let time = cursor.time_of_day()?;
    cursor.byte(b' ')?;
    cursor.keyword("GMT")?;
    Some((Date { year, month, day }, time))
}

/// A two-digit year is placed in 1970..=2069, the common reading of RFC 850 dates, which
/// keeps parsing independent of the current clock.
fn rfc850_year(cursor: &mut Cursor<'_>) -> Option<i64> {
    let digits = cursor.digits();
    if digits.len() != 2 && digits.len() != 4 {
        return None;
    }
    let year = digits
        .iter()
        .fold(0, |year, digit| year * 10 + i64::from(digit - b'0'));
    Some(match (digits.len(), year) {
        (2, 70..) => 1900 + year,
        (2, _) => 2000 + year,
        _ => year,
    })
}

/// ` Mon DD hh:mm:ss YYYY`, where a one-digit day is padded with a space.
fn asctime_after_weekday(cursor: &mut Cursor<'_>) -> Option<(Date, TimeOfDay)> {
    cursor.byte(b' ')?;
    let month = cursor.month_name()?;
    cursor.byte(b' ')?;
    // The optional padding space before a one-digit day.
    let _ = cursor.byte(b' ');
    let day = cursor.field(1, 2)?;
    cursor.byte(b' ')?;
    let time = cursor.time_of_day()?;
    cursor.byte(b' ')?;
    let year = cursor.year()?;
    Some((Date { year, month, day }, time))
}

#[cfg(test)]
mod tests {
    use super::*;

    const ALL_FORMATS: [TimestampFormat; 3] = [
        TimestampFormat::DateTime,
        TimestampFormat::EpochSeconds,
        TimestampFormat::HttpDate,
    ];

    fn date_time(text: &str) -> DateTime {
        DateTime::parse(text, TimestampFormat::DateTime).unwrap()
    }

    /// A deterministic pseudo-random sequence (Knuth's MMIX LCG), so sweeps repeat exactly.
    struct Lcg(u64);

    impl Lcg {
        fn next_u64(&mut self) -> u64 {
            self.0 = self
                .0
                .wrapping_mul(6_364_136_223_846_793_005)
                .wrapping_add(1_442_695_040_888_963_407);
            self.0
        }

        fn next_in(&mut self, low: i64, high: i64) -> i64 {
            let span = (high - low) as u64 + 1;
            low + (self.next_u64() % span) as i64
        }

        fn nanos(&mut self) -> u32 {
            // Mix whole, millisecond and nanosecond fractions, so trimming is exercised.
            let nanos = (self.next_u64() % u64::from(NANOS_PER_SECOND)) as u32;
            match self.next_u64() % 4 {
                0 => 0,
                1 => nanos / 1_000_000 * 1_000_000,
                _ => nanos,
            }
        }
    }

    #[test]
    fn formats_known_values() {
        let cases: [(DateTime, &str, &str, &str); 7] = [
            (
                DateTime::UNIX_EPOCH,
                "1970-01-01T00:00:00Z",
                "0",
                "Thu, 01 Jan 1970 00:00:00 GMT",
            ),
            (
                DateTime::from_secs(1_398_796_238),
                "2014-04-29T18:30:38Z",
                "1398796238",
                "Tue, 29 Apr 2014 18:30:38 GMT",
            ),
            (
                DateTime::from_millis(946_845_296_123),
                "2000-01-02T20:34:56.123Z",
                "946845296.123",
                "Sun, 02 Jan 2000 20:34:56.123 GMT",
            ),
            (
                DateTime::from_secs_and_nanos(946_845_296, 1),
                "2000-01-02T20:34:56.000000001Z",
                "946845296.000000001",
                "Sun, 02 Jan 2000 20:34:56.000000001 GMT",
            ),
            (
                DateTime::from_secs(1_709_164_800),
                "2024-02-29T00:00:00Z",
                "1709164800",
                "Thu, 29 Feb 2024 00:00:00 GMT",
            ),
            (
                DateTime::from_secs(-1),
                "1969-12-31T23:59:59Z",
                "-1",
                "Wed, 31 Dec 1969 23:59:59 GMT",
            ),
            (
                DateTime::from_secs(253_402_300_799),
                "9999-12-31T23:59:59Z",
                "253402300799",
                "Fri, 31 Dec 9999 23:59:59 GMT",
            ),
        ];
        for (instant, rfc3339, epoch, http) in cases {
            assert_eq!(instant.format(TimestampFormat::DateTime), rfc3339);
            assert_eq!(instant.format(TimestampFormat::EpochSeconds), epoch);
            assert_eq!(instant.format(TimestampFormat::HttpDate), http);
            assert_eq!(date_time(rfc3339), instant);
            assert_eq!(
                DateTime::parse(epoch, TimestampFormat::EpochSeconds).unwrap(),
                instant
            );
            assert_eq!(
                DateTime::parse(http, TimestampFormat::HttpDate).unwrap(),
                instant
            );
        }
    }

    #[test]
    fn formats_negative_epoch_seconds_with_their_true_value() {
        let cases = [
            (DateTime::from_secs_and_nanos(-2, 500_000_000), "-1.5"),
            (DateTime::from_secs_and_nanos(-1, 500_000_000), "-0.5"),
            (
                DateTime::from_secs_and_nanos(-1, 999_999_999),
                "-0.000000001",
            ),
            (DateTime::from_millis(-1), "-0.001"),
            (DateTime::from_secs(-42), "-42"),
        ];
        for (instant, text) in cases {
            assert_eq!(instant.format(TimestampFormat::EpochSeconds), text);
            assert_eq!(
                DateTime::parse(text, TimestampFormat::EpochSeconds).unwrap(),
                instant
            );
        }
        assert_eq!(
            DateTime::from_secs_and_nanos(-2, 500_000_000).to_string(),
            "1969-12-31T23:59:58.5Z"
        );
    }

    #[test]
    fn formats_years_outside_four_digits_as_expanded_years() {
        let year_10000 = DateTime::from_secs(253_402_300_800);
        assert_eq!(year_10000.to_string(), "+10000-01-01T00:00:00Z");
        let year_zero = date_time("0000-01-01T00:00:00Z");
        assert_eq!(year_zero.to_string(), "0000-01-01T00:00:00Z");
        let year_minus_one = DateTime::from_secs(year_zero.secs() - 1);
        assert_eq!(year_minus_one.to_string(), "-0001-12-31T23:59:59Z");
        assert_eq!(
            year_minus_one.format(TimestampFormat::HttpDate),
            "Fri, 31 Dec -0001 23:59:59 GMT"
        );
        for instant in [year_10000, year_zero, year_minus_one] {
            assert_eq!(date_time(&instant.to_string()), instant);
        }
    }

    #[test]
    fn debug_wraps_the_rfc3339_form() {
        assert_eq!(
            format!("{:?}", DateTime::from_secs(1_398_796_238)),
            "DateTime(2014-04-29T18:30:38Z)"
        );
    }

    #[test]
    fn from_secs_and_nanos_carries_and_saturates() {
        let carried = DateTime::from_secs_and_nanos(1, 2_500_000_000);
        assert_eq!((carried.secs(), carried.subsec_nanos()), (3, 500_000_000));
        let saturated = DateTime::from_secs_and_nanos(i64::MAX, u32::MAX);
        assert_eq!(saturated, DateTime::MAX);
        let millis = DateTime::from_millis(-1500);
        assert_eq!((millis.secs(), millis.subsec_nanos()), (-2, 500_000_000));
    }

    #[test]
    fn applies_utc_offsets() {
        let expected = date_time("2019-12-16T23:48:18Z");
        assert_eq!(date_time("2019-12-16T22:48:18-01:00"), expected);
        assert_eq!(date_time("2019-12-17T00:48:18+01:00"), expected);
        assert_eq!(date_time("2019-12-16T23:48:18+00:00"), expected);
        assert_eq!(date_time("2019-12-16t23:48:18z"), expected);
        assert_eq!(date_time("2019-12-17T05:18:18+05:30"), expected);
    }

    #[test]
    fn keeps_nanoseconds_and_truncates_extra_fraction_digits() {
        let parsed = date_time("2000-01-02T20:34:56.1234567899999Z");
        assert_eq!(parsed.subsec_nanos(), 123_456_789);
        assert_eq!(
            date_time("2000-01-02T20:34:56.5Z").subsec_nanos(),
            500_000_000
        );
        let epoch = DateTime::parse("1.9999999999", TimestampFormat::EpochSeconds).unwrap();
        assert_eq!((epoch.secs(), epoch.subsec_nanos()), (1, 999_999_999));
    }

    #[test]
    fn reads_a_leap_second_as_59() {
        assert_eq!(
            date_time("2016-12-31T23:59:60Z"),
            date_time("2016-12-31T23:59:59Z")
        );
        assert_eq!(
            date_time("2016-12-31T23:59:60.5Z"),
            date_time("2016-12-31T23:59:59.5Z")
        );
    }

    #[test]
    fn parses_obsolete_http_date_forms() {
        let expected = DateTime::from_secs(1_398_796_238);
        let accepted = [
            "Tue, 29 Apr 2014 18:30:38 GMT",
            "tue, 29 apr 2014 18:30:38 gmt",
            "Tuesday, 29-Apr-14 18:30:38 GMT",
            "Tuesday, 29-Apr-2014 18:30:38 GMT",
            "Tue Apr 29 18:30:38 2014",
        ];
        for text in accepted {
            assert_eq!(
                DateTime::parse(text, TimestampFormat::HttpDate).unwrap(),
                expected,
                "{text}"
            );
        }
        let single_digit_day =
            DateTime::parse("Wed Apr  9 18:30:38 2014", TimestampFormat::HttpDate);
        assert_eq!(
            single_digit_day.unwrap(),
            DateTime::from_secs(1_398_796_238 - 20 * 86_400)
        );
        let last_century =
            DateTime::parse("Sunday, 06-Nov-94 08:49:37 GMT", TimestampFormat::HttpDate);
        assert_eq!(last_century.unwrap(), date_time("1994-11-06T08:49:37Z"));
    }

    #[test]
    fn rejects_invalid_date_times() {
        let rejected = [
            "",
            "2014-04-29",
            "2014-04-29T18:30:38",
            "2014-04-29T18:30:38Zjunk",
            "2014-04-29T18:30:38Z ",
            " 2014-04-29T18:30:38Z",
            "2014-04-29 18:30:38Z",
            "2014-13-01T00:00:00Z",
            "2014-00-01T00:00:00Z",
            "2014-04-00T00:00:00Z",
            "2014-04-31T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "1900-02-29T00:00:00Z",
            "2014-04-29T24:00:00Z",
            "2014-04-29T18:60:00Z",
            "2014-04-29T18:30:61Z",
            "2014-04-29T18:30:38.Z",
            "2014-04-29T18:30:38+24:00",
            "2014-04-29T18:30:38+01:60",
            "2014-04-29T18:30:38+0100",
            "2014-04-29T18:30:38+01",
            "14-04-29T18:30:38Z",
            "20140-04-29T18:30:38Z",
            "2014-4-29T18:30:38Z",
            "2014-04-29T8:30:38Z",
            "+999999999999-01-01T00:00:00Z",
            "+1000000000000-01-01T00:00:00Z",
            "2014-04-29T18:30:38\u{e9}",
            "2014\u{e9}04-29T18:30:38Z",
        ];
        for text in rejected {
            assert!(
                DateTime::parse(text, TimestampFormat::DateTime).is_err(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn rejects_invalid_epoch_seconds() {
        let rejected = [
            "",
            "-",
            "+",
            ".5",
            "1.",
            "1.5e9",
            "1e9",
            " 1",
            "1 ",
            "0x10",
            "--1",
            "1.2.3",
            "9223372036854775808",
            "-9223372036854775809",
            "9223372036854775808.5",
            "-9223372036854775808.5",
            "99999999999999999999999999999999999999999999",
            "１",
        ];
        for text in rejected {
            assert!(
                DateTime::parse(text, TimestampFormat::EpochSeconds).is_err(),
                "{text:?}"
            );
        }
        let extremes = [
            ("9223372036854775807", DateTime::from_secs(i64::MAX)),
            ("-9223372036854775808", DateTime::MIN),
            ("+7", DateTime::from_secs(7)),
            ("-0", DateTime::UNIX_EPOCH),
            (
                "9223372036854775807.5",
                DateTime::from_secs_and_nanos(i64::MAX, 500_000_000),
            ),
            (
                "-9223372036854775807.5",
                DateTime::from_secs_and_nanos(i64::MIN, 500_000_000),
            ),
        ];
        for (text, expected) in extremes {
            assert_eq!(
                DateTime::parse(text, TimestampFormat::EpochSeconds).unwrap(),
                expected
            );
        }
    }

    #[test]
    fn rejects_invalid_http_dates() {
        let rejected = [
            "",
            "Tue",
            "Tue,",
            "Tue, 29 Apr 2014 18:30:38",
            "Tue, 29 Apr 2014 18:30:38 UTC",
            "Tue, 29 Apr 2014 18:30:38 GMT ",
            "Tue, 29 Apr 14 18:30:38 GMT",
            "Tue, 29 Foo 2014 18:30:38 GMT",
            "Tue, 31 Apr 2014 18:30:38 GMT",
            "Tue, 29 Feb 2014 18:30:38 GMT",
            "Tue, 29 Apr 2014 24:30:38 GMT",
            "Tue, 29 Apr 2014 18:30 GMT",
            "Tue, 29-Apr-2014 18:30:38 GMT",
            "Tuesday, 29 Apr 2014 18:30:38 GMT",
            "Tuesday, 29-Apr-014 18:30:38 GMT",
            "Xyz, 29 Apr 2014 18:30:38 GMT",
            "Tue Apr 29 18:30:38 2014 GMT",
            "Tue Apr 29 18:30:38",
            "Tue, 29 Apr 2014 18:30:38 GMT\u{1F600}",
            "Tue,\u{a0}29 Apr 2014 18:30:38 GMT",
        ];
        for text in rejected {
            assert!(
                DateTime::parse(text, TimestampFormat::HttpDate).is_err(),
                "{text:?}"
            );
        }
    }

    #[test]
    fn error_names_the_format_and_a_truncated_input() {
        let error = DateTime::parse("nope", TimestampFormat::HttpDate).unwrap_err();
        assert_eq!(error.to_string(), r#"invalid http-date timestamp: "nope""#);
        assert_eq!(error.format(), TimestampFormat::HttpDate);

        let long = "é".repeat(100);
        let error = DateTime::parse(&long, TimestampFormat::EpochSeconds).unwrap_err();
        assert_eq!(error.input().chars().count(), MAX_QUOTED_INPUT_CHARS + 1);
        assert!(
            error
                .to_string()
                .starts_with("invalid epoch-seconds timestamp: \"éé")
        );
        assert_eq!(
            "x".parse::<DateTime>().unwrap_err().to_string(),
            r#"invalid date-time timestamp: "x""#
        );
    }

    #[test]
    fn formats_and_reparses_the_extremes_without_panicking() {
        let extremes = [
            DateTime::MIN,
            DateTime::MAX,
            DateTime::from_secs(i64::MIN),
            DateTime::from_secs(i64::MAX),
            DateTime::from_secs_and_nanos(i64::MIN, 1),
        ];
        for instant in extremes {
            for format in ALL_FORMATS {
                let text = instant.format(format);
                assert_eq!(DateTime::parse(&text, format).unwrap(), instant, "{text}");
            }
        }
        assert_eq!(
            DateTime::MAX.to_string(),
            "+292277026596-12-04T15:30:07.999999999Z"
        );
        assert_eq!(DateTime::MIN.to_string(), "-292277022657-01-27T08:29:52Z");
        assert_eq!(
            DateTime::MIN.format(TimestampFormat::EpochSeconds),
            "-9223372036854775808"
        );
    }

    #[test]
    fn round_trips_a_pseudo_random_sweep_in_every_format() {
        let mut random = Lcg(0x5eed);
        let year_0000 = date_time("0000-01-01T00:00:00Z").secs();
        let year_9999_end = date_time("9999-12-31T23:59:59Z").secs();
        for round in 0..20_000 {
            let seconds = match round % 3 {
                0 => random.next_in(year_0000, year_9999_end),
                1 => random.next_in(-10 * 86_400, 10 * 86_400),
                _ => random.next_u64() as i64,
            };
            let instant = DateTime::from_secs_and_nanos(seconds, random.nanos());
            for format in ALL_FORMATS {
                let text = instant.format(format);
                assert_eq!(DateTime::parse(&text, format).unwrap(), instant, "{text}");
            }
            assert_eq!(instant.to_string().parse::<DateTime>().unwrap(), instant);
        }
    }

    #[test]
    fn calendar_agrees_with_a_day_by_day_walk() {
        // Walk every day of 1600..2401 and check that day numbers advance by one.
        let mut days = days_from_civil(1600, 1, 1);
        for year in 1600..2401 {
            for month in 1..=12 {
                for day in 1..=days_in_month(year, month) {
                    assert_eq!(days_from_civil(year, month, day), days);
                    assert_eq!(civil_from_days(days), (year, month, day));
                    days += 1;
                }
            }
        }
        assert_eq!(days_from_civil(1970, 1, 1), 0);
    }

    #[test]
    fn converts_to_and_from_system_time() {
        let cases = [
            DateTime::UNIX_EPOCH,
            DateTime::from_secs_and_nanos(1_398_796_238, 123_456_789),
            DateTime::from_secs_and_nanos(-2, 500_000_000),
            DateTime::from_secs(-86_400 * 365 * 100),
        ];
        for instant in cases {
            let system_time = SystemTime::try_from(instant).unwrap();
            assert_eq!(DateTime::from(system_time), instant);
        }
        let before = SystemTime::UNIX_EPOCH - Duration::from_millis(1500);
        assert_eq!(DateTime::from(before), DateTime::from_millis(-1500));
        let after = SystemTime::UNIX_EPOCH + Duration::new(1_398_796_238, 5);
        assert_eq!(
            DateTime::from(after),
            DateTime::from_secs_and_nanos(1_398_796_238, 5)
        );
        let now = SystemTime::now();
        assert_eq!(SystemTime::try_from(DateTime::from(now)).unwrap(), now);
    }

    #[test]
    fn converts_the_extremes_exactly_or_reports_the_range() {
        // Whether SystemTime reaches them depends on the platform.
        for instant in [DateTime::MAX, DateTime::MIN] {
            match SystemTime::try_from(instant) {
                Ok(system_time) => assert_eq!(DateTime::from(system_time), instant),
                Err(error) => assert_eq!(error, SystemTimeRangeError { instant }),
            }
        }
        let error = SystemTimeRangeError {
            instant: DateTime::from_secs(0),
        };
        assert_eq!(
            error.to_string(),
            "1970-01-01T00:00:00Z is outside the range of std::time::SystemTime"
        );
    }
}
