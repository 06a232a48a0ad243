package indicators

// Kind says what an indicator is. Its string form is what the storage side
// keeps beside each hash and what a notice names ("same phone number").
type Kind string

// The kinds of indicator, in the order Extract returns them and Links
// lists matching kinds: the most specific first.
const (
	Email       Kind = "email"        // an e-mail address
	Phone       Kind = "phone"        // a phone number in E.164 form
	IBAN        Kind = "iban"         // a bank account number that passes the mod-97 check
	Handle      Kind = "handle"       // a social or messenger handle, "@name" or "linkedin:in/slug"
	URL         Kind = "url"          // a web address with a path, without scheme or "www."
	Name        Kind = "name"         // a person's name as given, normalised
	Org         Kind = "org"          // an organisation as given, normalised
	EmailDomain Kind = "email-domain" // the domain of an e-mail address
	Domain      Kind = "domain"       // a registrable domain (public suffix list)
)

// Kinds returns every kind, from the most to the least specific.
func Kinds() []Kind {
	return []Kind{Email, Phone, IBAN, Handle, URL, Name, Org, EmailDomain, Domain}
}

// CompareKinds orders kinds from the most to the least specific, as
// Extract and Links do: negative when a is more specific than b, zero
// when they are the same kind. Unknown kinds come last.
func CompareKinds(a, b Kind) int { return a.rank() - b.rank() }

// rank orders kinds from the most to the least specific.
func (k Kind) rank() int {
	switch k {
	case Email:
		return 0
	case Phone:
		return 1
	case IBAN:
		return 2
	case Handle:
		return 3
	case URL:
		return 4
	case Name:
		return 5
	case Org:
		return 6
	case EmailDomain:
		return 7
	case Domain:
		return 8
	}
	return 9
}

// Indicator is one normalised value found in a report. Two reports that
// wrote the same thing differently (a phone number with or without its
// country code, an address in another case) give the same Indicator.
type Indicator struct {
	Kind  Kind
	Value string
}
