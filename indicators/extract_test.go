package indicators

import (
	"slices"
	"strings"
	"testing"
)

func extractor(t testing.TB, region string) *Extractor {
	t.Helper()
	x, err := NewExtractor(region)
	if err != nil {
		t.Fatal(err)
	}
	return x
}

// values returns the values of kind k in inds.
func values(inds []Indicator, k Kind) []string {
	var out []string
	for _, ind := range inds {
		if ind.Kind == k {
			out = append(out, ind.Value)
		}
	}
	return out
}

func TestPhones(t *testing.T) {
	x := extractor(t, "BE")
	tests := []struct {
		text string
		want []string
	}{
		{"+32 470 12 34 56", []string{"+32470123456"}},
		{"0470/123456", []string{"+32470123456"}},
		{"0032470123456", []string{"+32470123456"}},
		{"call me on 0470 12.34.56, thanks", []string{"+32470123456"}},
		{"tel:+32-470-12-34-56.", []string{"+32470123456"}},
		{"office 02 512 34 56", []string{"+3225123456"}},
		{"+1 (202) 555-0143", []string{"+12025550143"}},
		{"+7 495 123-45-67", []string{"+74951234567"}},
		// Two numbers in one run of digits are both found.
		{"0470 12 34 56 02 512 34 56", []string{"+3225123456", "+32470123456"}},
		// Dates, amounts, references and identifiers are not numbers.
		{"on 22.11.2026 at 10:30", nil},
		{"2026-11-20", nil},
		{"EUR 1.500.000 offered", nil},
		{"case VGL-2026-0012", nil},
		{"order no. 12345678", nil},
		{"ID0470123456", nil},
		// A national number of another country needs its country code.
		{"(202) 555-0143", nil},
	}
	for _, tt := range tests {
		got := values(x.Extract(Fields{Description: tt.text}), Phone)
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: phones %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestPhoneRegion(t *testing.T) {
	// Without a region only numbers with a country code are understood.
	x := extractor(t, "")
	if got := values(x.Extract(Fields{Description: "0470/123456 or +32 470 12 34 57"}), Phone); !slices.Equal(got, []string{"+32470123457"}) {
		t.Errorf("no region: %q", got)
	}
	// In France, 06 12 34 56 78 is a French mobile.
	x = extractor(t, "fr")
	if got := values(x.Extract(Fields{Description: "06 12 34 56 78"}), Phone); !slices.Equal(got, []string{"+33612345678"}) {
		t.Errorf("FR: %q", got)
	}
	if _, err := NewExtractor("XX"); err == nil {
		t.Error("NewExtractor(XX) accepted an unknown region")
	}
}

func TestEmails(t *testing.T) {
	x := extractor(t, "BE")
	tests := []struct {
		text                  string
		email, domain, regist []string
	}{
		{"Jan.Novak@Voice-EU.com", []string{"jan.novak@voice-eu.com"}, []string{"voice-eu.com"}, []string{"voice-eu.com"}},
		{"write to JAN.NOVAK@VOICE-EU.COM.", []string{"jan.novak@voice-eu.com"}, []string{"voice-eu.com"}, []string{"voice-eu.com"}},
		{"<jan.novak+meps@news.voice-eu.com>", []string{"jan.novak@news.voice-eu.com"}, []string{"news.voice-eu.com"}, []string{"voice-eu.com"}},
		{"I.Van.Petrov@googlemail.com", []string{"ivanpetrov@gmail.com"}, []string{"googlemail.com"}, []string{"googlemail.com"}},
		{"info@bücher.de", []string{"info@xn--bcher-kva.de"}, []string{"xn--bcher-kva.de"}, []string{"xn--bcher-kva.de"}},
		{"user@localhost, a@b.invalidtld", nil, nil, nil},
	}
	for _, tt := range tests {
		got := x.Extract(Fields{Evidence: tt.text})
		if e := values(got, Email); !slices.Equal(e, tt.email) {
			t.Errorf("%q: emails %q, want %q", tt.text, e, tt.email)
		}
		if d := values(got, EmailDomain); !slices.Equal(d, tt.domain) {
			t.Errorf("%q: e-mail domains %q, want %q", tt.text, d, tt.domain)
		}
		if d := values(got, Domain); !slices.Equal(d, tt.regist) {
			t.Errorf("%q: domains %q, want %q", tt.text, d, tt.regist)
		}
	}
}

func TestURLs(t *testing.T) {
	x := extractor(t, "BE")
	tests := []struct {
		text         string
		urls, domain []string
	}{
		{"see https://www.Voice-EU.com/about/?utm_source=mail&id=7#team.", []string{"voice-eu.com/about?id=7"}, []string{"voice-eu.com"}},
		{"(http://voice-eu.com/about)", []string{"voice-eu.com/about"}, []string{"voice-eu.com"}},
		{"www.voice-eu.com/about/", []string{"voice-eu.com/about"}, []string{"voice-eu.com"}},
		{"their site voice-eu.com and news.bbc.co.uk", nil, []string{"bbc.co.uk", "voice-eu.com"}},
		{"https://voice-eu.com:8443/x", []string{"voice-eu.com:8443/x"}, []string{"voice-eu.com"}},
		{"http://192.0.2.7/login", []string{"192.0.2.7/login"}, nil},
		{"<https://voice-eu.com/a|voice-eu.com/a>", []string{"voice-eu.com/a"}, []string{"voice-eu.com"}},
		{"https://пример.рф/путь", []string{"xn--e1afmkfd.xn--p1ai/%D0%BF%D1%83%D1%82%D1%8C"}, []string{"xn--e1afmkfd.xn--p1ai"}},
		// File names and sentences without a space are not sites.
		{"screenshot.png, notes.md, call.mov, invoice.pdf", nil, nil},
		{"after the meeting.It was late", nil, nil},
		{"e.g. i.e. v1.2.3", nil, nil},
	}
	for _, tt := range tests {
		got := x.Extract(Fields{Evidence: tt.text})
		if u := values(got, URL); !slices.Equal(u, tt.urls) {
			t.Errorf("%q: urls %q, want %q", tt.text, u, tt.urls)
		}
		if d := values(got, Domain); !slices.Equal(d, tt.domain) {
			t.Errorf("%q: domains %q, want %q", tt.text, d, tt.domain)
		}
	}
}

func TestHandles(t *testing.T) {
	x := extractor(t, "BE")
	tests := []struct {
		text          string
		handles, more []string // more: phone numbers
	}{
		{"@Ivan_Petrov wrote", []string{"@ivan_petrov"}, nil},
		{"t.me/Ivan_Petrov", []string{"@ivan_petrov"}, nil},
		{"https://telegram.me/ivan_petrov/", []string{"@ivan_petrov"}, nil},
		{"https://x.com/IvanPetrov/status/1", []string{"@ivanpetrov"}, nil},
		{"https://www.tiktok.com/@ivan.petrov", []string{"@ivan.petrov"}, nil},
		{"https://be.linkedin.com/in/Jan-Novak-12ab/", []string{"linkedin:in/jan-novak-12ab"}, nil},
		{"linkedin.com/company/Voice-EU", []string{"linkedin:company/voice-eu"}, nil},
		{"@ivan:matrix.org in the room", []string{"@ivan:matrix.org"}, nil},
		{"https://wa.me/32470123456", nil, []string{"+32470123456"}},
		{"https://api.whatsapp.com/send?phone=32470123456", nil, []string{"+32470123456"}},
		// Not handles: addresses, Slack mentions, invitations, site pages.
		{"ivan@voice-eu.com", nil, nil},
		{"<@U012ABCDEF> said", nil, nil},
		{"t.me/+AbCdEf12 and t.me/joinchat/xyz", nil, nil},
		{"https://x.com/search?q=x and https://www.instagram.com/p/Cx1/", nil, nil},
		{"@12 and @a", nil, nil},
	}
	for _, tt := range tests {
		got := x.Extract(Fields{Description: tt.text})
		if h := values(got, Handle); !slices.Equal(h, tt.handles) {
			t.Errorf("%q: handles %q, want %q", tt.text, h, tt.handles)
		}
		if p := values(got, Phone); !slices.Equal(p, tt.more) {
			t.Errorf("%q: phones %q, want %q", tt.text, p, tt.more)
		}
	}
}

func TestIBANs(t *testing.T) {
	x := extractor(t, "BE")
	tests := []struct {
		text string
		want []string
	}{
		{"pay to BE68 5390 0754 7034 today", []string{"BE68539007547034"}},
		{"IBAN: DE89370400440532013000", []string{"DE89370400440532013000"}},
		{"gb82 west 1234 5698 7654 32.", []string{"GB82WEST12345698765432"}},
		{"FR14-2004-1010-0505-0001-3M02-606", []string{"FR1420041010050500013M02606"}},
		{"two: BE68 5390 0754 7034, NL91 ABNA 0417 1643 00", []string{"BE68539007547034", "NL91ABNA0417164300"}},
		{"BE68 5390 0754 7035", nil},  // wrong check digits
		{"BE68 5390 0754 70341", nil}, // too long for Belgium
		{"XX68 5390 0754 7034", nil},  // no such country
		{"ABE68 5390 0754 7034", nil}, // inside a word
		{"BE68  5390 0754 7034", nil}, // not one piece
	}
	for _, tt := range tests {
		got := x.Extract(Fields{Description: tt.text})
		if v := values(got, IBAN); !slices.Equal(v, tt.want) {
			t.Errorf("%q: IBANs %q, want %q", tt.text, v, tt.want)
		}
		if len(tt.want) > 0 {
			if p := values(got, Phone); p != nil {
				t.Errorf("%q: IBAN digits read as phone numbers %q", tt.text, p)
			}
		}
	}
}

func TestValidIBAN(t *testing.T) {
	tests := []struct {
		iban string
		want bool
	}{
		{"BE68539007547034", true},
		{"be68 5390 0754 7034", true},
		{"DE89370400440532013000", true},
		{"GB82WEST12345698765432", true},
		{"NO9386011117947", true},
		{"MT84MALT011000012345MTLCAST001S", true},
		{"BE68539007547043", false}, // two digits swapped
		{"BE69539007547034", false}, // wrong check digits
		{"BE6853900754703", false},  // too short
		{"DE89370400440532013000X", false},
		{"ZZ68539007547034", false},
		{"BEXX539007547034", false},
		{"BE68-5390-0754-7034", false}, // only spaces are allowed here
		{"", false},
	}
	for _, tt := range tests {
		if got := ValidIBAN(tt.iban); got != tt.want {
			t.Errorf("ValidIBAN(%q) = %v, want %v", tt.iban, got, tt.want)
		}
	}
}

func TestNamesAndOrgs(t *testing.T) {
	x := extractor(t, "BE")
	tests := []struct {
		approacher string
		name       []string
		orgs       []string
	}{
		{"Jan Novák", []string{"jan novak"}, nil},
		{"Jan Novak", []string{"jan novak"}, nil},
		{"NOVÁK, Jan", []string{"jan novak"}, nil},
		{"Novák, Jan Pavel, Voice of Europe", []string{"jan novak pavel"}, []string{"europe voice"}},
		{"Novák Jan (Voice of Europe)", []string{"jan novak"}, []string{"europe voice"}},
		{"jan novak from voice of europe", []string{"jan novak"}, []string{"europe voice"}},
		{"Dr. Jan NOVÁK, The Voice of Europe s.r.o.", []string{"jan novak"}, []string{"europe voice"}},
		{"someone called Ivan Petrov from the Russian embassy", []string{"ivan petrov"}, []string{"embassy russian"}},
		{"Ursula von der Leyen", []string{"leyen ursula"}, nil},
		{"Søren Ærø-Straße", []string{"aero soren strasse"}, nil},
		{"Seán O'Brien", []string{"obrien sean"}, nil},
		{"Eurasia Consulting Ltd - Peter Smith", []string{"peter smith"}, []string{"consulting eurasia"}},
		{"Peter Smith, Eurasia Partners, peter@eurasia-partners.example.com", []string{"peter smith"}, []string{"eurasia partners"}},
		{"RT", nil, []string{"rt"}},
		{"Ivan", nil, nil},
		{"a man who said he was from the embassy", nil, nil},
		{"I do not know who it was, he only spoke about the report and the vote next week", nil, nil},
	}
	for _, tt := range tests {
		got := x.Extract(Fields{Approacher: tt.approacher})
		if n := values(got, Name); !slices.Equal(n, tt.name) {
			t.Errorf("%q: name %q, want %q", tt.approacher, n, tt.name)
		}
		if o := values(got, Org); !slices.Equal(o, tt.orgs) {
			t.Errorf("%q: orgs %q, want %q", tt.approacher, o, tt.orgs)
		}
	}
	// Names are read only from the approacher field.
	if got := x.Extract(Fields{Description: "Jan Novák of Voice of Europe"}); got != nil {
		t.Errorf("names read from the description: %v", got)
	}
}

func TestExtractOrderAndDuplicates(t *testing.T) {
	x := extractor(t, "BE")
	got := x.Extract(Fields{
		Approacher:  "Jan Novák, jan@voice-eu.com",
		Country:     "Belgium, +32 470 12 34 56",
		Description: "JAN@VOICE-EU.COM called from 0470/123456, see https://voice-eu.com/a",
		Evidence:    "mail from jan@voice-eu.com",
	})
	want := []Indicator{
		{Email, "jan@voice-eu.com"},
		{Phone, "+32470123456"},
		{URL, "voice-eu.com/a"},
		{Name, "jan novak"},
		{EmailDomain, "voice-eu.com"},
		{Domain, "voice-eu.com"},
	}
	if !slices.Equal(got, want) {
		t.Errorf("Extract =\n%v\nwant\n%v", got, want)
	}
	if got := x.Extract(Fields{Description: "nothing to see here"}); got != nil {
		t.Errorf("Extract of plain text = %v", got)
	}
}

// BenchmarkExtract measures extraction from a report with every kind of
// indicator (it runs once per filing, before linking).
func BenchmarkExtract(b *testing.B) {
	x := extractor(b, "BE")
	f := Fields{
		Approacher:  "Dr. Jan Novák (Voice of Europe s.r.o.), jan.novak@voice-eu.com, +32 470 12 34 56",
		Country:     "Czech Republic",
		Description: "On 22.11.2026 he called from 0470/123456 and offered EUR 1.500.000 for a question. He sent https://www.voice-eu.com/about?utm_source=mail and t.me/voiceeu, and asked to pay via BE68 5390 0754 7034. His colleague @ivan_petrov wrote on linkedin.com/in/ivan-petrov-123.",
		Evidence:    "screenshot.png, invitation.pdf, mail from ivan.petrov@gmail.com, wa.me/32470999888",
	}
	for b.Loop() {
		if len(x.Extract(f)) == 0 {
			b.Fatal("nothing extracted")
		}
	}
}

func TestHostLength(t *testing.T) {
	x := extractor(t, "BE")
	long := strings.Repeat("a", 64) + ".com"
	if got := x.Extract(Fields{Evidence: long + " x@" + long}); got != nil {
		t.Errorf("a 64-letter label gave %v", got)
	}
	ok := strings.Repeat("a", 63) + ".com"
	if got := values(x.Extract(Fields{Evidence: ok}), Domain); !slices.Equal(got, []string{ok}) {
		t.Errorf("a 63-letter label gave %v", got)
	}
}
