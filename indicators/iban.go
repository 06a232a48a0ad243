package indicators

import "strings"

// ibanLengths gives the length of an IBAN in each country that issues
// them (SWIFT's IBAN registry). An IBAN of another country, or of another
// length, is not taken.
var ibanLengths = map[string]int{
	"AD": 24, "AE": 23, "AL": 28, "AT": 20, "AZ": 28, "BA": 20, "BE": 16, "BG": 22, "BH": 22, "BI": 27,
	"BR": 29, "BY": 28, "CH": 21, "CR": 22, "CY": 28, "CZ": 24, "DE": 22, "DJ": 27, "DK": 18, "DO": 28,
	"EE": 20, "EG": 29, "ES": 24, "FI": 18, "FK": 18, "FO": 18, "FR": 27, "GB": 22, "GE": 22, "GI": 23,
	"GL": 18, "GR": 27, "GT": 28, "HN": 28, "HR": 21, "HU": 28, "IE": 22, "IL": 23, "IQ": 23, "IS": 26,
	"IT": 27, "JO": 30, "KW": 30, "KZ": 20, "LB": 28, "LC": 32, "LI": 21, "LT": 20, "LU": 20, "LV": 21,
	"LY": 25, "MC": 27, "MD": 24, "ME": 22, "MK": 19, "MN": 20, "MR": 27, "MT": 31, "MU": 30, "NI": 28,
	"NL": 18, "NO": 15, "OM": 23, "PK": 24, "PL": 28, "PS": 29, "PT": 25, "QA": 29, "RO": 24, "RS": 22,
	"RU": 33, "SA": 24, "SC": 31, "SD": 18, "SE": 24, "SI": 19, "SK": 24, "SM": 27, "SO": 23, "ST": 25,
	"SV": 28, "TL": 23, "TN": 24, "TR": 26, "UA": 29, "VA": 22, "VG": 24, "XK": 20, "YE": 30,
}

// ValidIBAN reports whether s, with or without spaces, is an IBAN: a
// country that issues them, that country's length, and the ISO 7064
// mod-97 check digits.
func ValidIBAN(s string) bool {
	s = strings.ToUpper(strings.ReplaceAll(s, " ", ""))
	if len(s) < 4 || ibanLengths[s[:2]] != len(s) || !isDigit(s[2]) || !isDigit(s[3]) {
		return false
	}
	// Move the country and check digits to the end, read letters as
	// 10..35, and take the remainder digit by digit.
	rem := 0
	for _, c := range s[4:] + s[:4] {
		switch {
		case c >= '0' && c <= '9':
			rem = (rem*10 + int(c-'0')) % 97
		case c >= 'A' && c <= 'Z':
			rem = (rem*100 + int(c-'A') + 10) % 97
		default:
			return false
		}
	}
	return rem == 1
}

// ibans adds the valid IBANs in b, written in one piece or in groups
// separated by single spaces or hyphens.
func ibans(b []byte, add func(Kind, string)) {
	for i := 0; i+4 <= len(b); i++ {
		if !isLetter(b[i]) || !isLetter(b[i+1]) || !isDigit(b[i+2]) || !isDigit(b[i+3]) {
			continue
		}
		if i > 0 && (isLetter(b[i-1]) || isDigit(b[i-1])) {
			continue
		}
		want := ibanLengths[strings.ToUpper(string(b[i:i+2]))]
		if want == 0 {
			continue
		}
		var iban []byte
		j := i
		for j < len(b) && len(iban) < want {
			c := b[j]
			switch {
			case isLetter(c) || isDigit(c):
				iban = append(iban, c)
				j++
			case (c == ' ' || c == '-') && j+1 < len(b) && (isLetter(b[j+1]) || isDigit(b[j+1])):
				j++
			default:
				j = len(b) + 1 // stop: the run ended early
			}
		}
		if len(iban) != want || j > len(b) || (j < len(b) && (isLetter(b[j]) || isDigit(b[j]))) {
			continue
		}
		if v := strings.ToUpper(string(iban)); ValidIBAN(v) {
			add(IBAN, v)
			mask(b, i, j)
			i = j
		}
	}
}

func isDigit(c byte) bool  { return c >= '0' && c <= '9' }
func isLetter(c byte) bool { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') }
