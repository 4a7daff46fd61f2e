package collections

import (
	"fmt"
	"time"

	"github.com/pelletier/go-toml/v2/unstable"
)

// checkDateTime checks a date or time value whose extent and kind the
// parser found. The parser is lenient by design (it delimits the token and
// leaves its content to the consumer), so this is where 2021-02-30 and
// 25:00 are refused. The rules are RFC 3339 §5.6's, as TOML 1.0 §Offset
// Date-Time, §Local Date-Time, §Local Date and §Local Time adopt them, with
// two allowances go-toml makes (TOML 1.1): a lower-case t or z, and a
// local time without seconds (07:32). It returns the problem's offset in
// raw and a message, or "" when the value is valid.
func checkDateTime(kind unstable.Kind, raw []byte) (int, string) {
	var at int
	var problem string
	switch kind {
	case unstable.LocalDate:
		at, problem = checkDate(raw)
	case unstable.LocalTime:
		at, problem = checkTimeOnly(raw, 0)
	case unstable.LocalDateTime:
		at, problem = checkLocalDateTime(raw, false)
	case unstable.DateTime:
		at, problem = checkLocalDateTime(raw, true)
	default:
		return 0, fmt.Sprintf("unexpected value %s", raw)
	}
	if problem == "" {
		return 0, ""
	}
	return at, fmt.Sprintf("invalid date-time %s: %s", raw, problem)
}

// checkDate checks a full-date, YYYY-MM-DD, against the calendar.
func checkDate(raw []byte) (int, string) {
	if len(raw) != 10 || raw[4] != '-' || raw[7] != '-' {
		return 0, "a date is written YYYY-MM-DD"
	}
	year, ok := digitsValue(raw[0:4])
	if !ok {
		return 0, "a date is written YYYY-MM-DD"
	}
	month, ok := digitsValue(raw[5:7])
	if !ok || month < 1 || month > 12 {
		return 5, "the month must be 01 to 12"
	}
	day, ok := digitsValue(raw[8:10])
	// time.Date normalises day 0 of the next month to the last day of
	// this one: the number of days of month in year, leap years included.
	last := time.Date(year, time.Month(month)+1, 0, 0, 0, 0, 0, time.UTC).Day()
	if !ok || day < 1 || day > last {
		return 8, fmt.Sprintf("the day must be 01 to %d in %s %d", last, time.Month(month), year)
	}
	return 0, ""
}

// checkLocalDateTime checks a date, a separator (T, t or a space, RFC 3339
// §5.6 NOTE) and a time; with an offset, the time must end with Z or a
// ±HH:MM offset (time-numoffset).
func checkLocalDateTime(raw []byte, withOffset bool) (int, string) {
	if len(raw) < 11 {
		return 0, "a date-time is written YYYY-MM-DDTHH:MM:SS"
	}
	if at, problem := checkDate(raw[:10]); problem != "" {
		return at, problem
	}
	if sep := raw[10]; sep != 'T' && sep != 't' && sep != ' ' {
		return 10, "the date and the time are separated by T or a space"
	}
	rest, at, problem := scanTime(raw, 11)
	if problem != "" {
		return at, problem
	}
	if !withOffset {
		return endOfValue(raw, rest)
	}
	switch {
	case rest == len(raw):
		return rest, "the offset is missing (Z or ±HH:MM)"
	case raw[rest] == 'Z' || raw[rest] == 'z':
		return endOfValue(raw, rest+1)
	case len(raw)-rest != 6 || (raw[rest] != '+' && raw[rest] != '-') || raw[rest+3] != ':':
		return rest, "the offset is written Z, +HH:MM or -HH:MM"
	}
	if hours, ok := digitsValue(raw[rest+1 : rest+3]); !ok || hours > 23 {
		return rest + 1, "the offset's hours must be 00 to 23"
	}
	if minutes, ok := digitsValue(raw[rest+4 : rest+6]); !ok || minutes > 59 {
		return rest + 4, "the offset's minutes must be 00 to 59"
	}
	return 0, ""
}

// checkTimeOnly checks a local time starting at raw[from] and ending raw.
func checkTimeOnly(raw []byte, from int) (int, string) {
	rest, at, problem := scanTime(raw, from)
	if problem != "" {
		return at, problem
	}
	return endOfValue(raw, rest)
}

// scanTime reads HH:MM[:SS[.fraction]] from raw[from:] and returns where it
// ends, or the offset and description of its problem. The hours go to 23,
// minutes and seconds to 59: like go-toml, keyway has no leap seconds
// (RFC 3339 allows 60 only on the days one was inserted).
func scanTime(raw []byte, from int) (int, int, string) {
	t := raw[from:]
	if len(t) < 5 || t[2] != ':' {
		return 0, from, "a time is written HH:MM:SS"
	}
	if hour, ok := digitsValue(t[0:2]); !ok || hour > 23 {
		return 0, from, "the hour must be 00 to 23"
	}
	if minute, ok := digitsValue(t[3:5]); !ok || minute > 59 {
		return 0, from + 3, "the minutes must be 00 to 59"
	}
	i := 5
	if i >= len(t) || t[i] != ':' {
		return from + i, 0, ""
	}
	if len(t) < i+3 {
		return 0, from + i, "the seconds must be two digits"
	}
	if second, ok := digitsValue(t[i+1 : i+3]); !ok || second > 59 {
		return 0, from + i + 1, "the seconds must be 00 to 59"
	}
	i += 3
	if i >= len(t) || t[i] != '.' {
		return from + i, 0, ""
	}
	digits := 0
	for i+1+digits < len(t) && t[i+1+digits] >= '0' && t[i+1+digits] <= '9' {
		digits++
	}
	if digits == 0 {
		return 0, from + i, "a fraction of a second needs at least one digit"
	}
	return from + i + 1 + digits, 0, ""
}

// endOfValue is the result for a value that must end at offset end.
func endOfValue(raw []byte, end int) (int, string) {
	if end != len(raw) {
		return end, fmt.Sprintf("unexpected %q after the time", raw[end:])
	}
	return 0, ""
}

// digitsValue reads a run of ASCII digits as a number; false when some
// byte is not a digit.
func digitsValue(b []byte) (int, bool) {
	v := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		v = v*10 + int(c-'0')
	}
	return v, true
}
