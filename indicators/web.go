package indicators

import (
	"bytes"
	"net"
	"net/url"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/net/idna"
	"golang.org/x/net/publicsuffix"
)

// host matches a host name: labels of letters, digits and inner hyphens,
// in any script (international names are converted to their ASCII form).
const host = `(?:[\p{L}\p{N}](?:[\p{L}\p{N}-]*[\p{L}\p{N}])?\.)+\p{L}(?:[\p{L}\p{N}-]*[\p{L}\p{N}])?`

var (
	// webRe finds addresses that say they are web addresses: a scheme or
	// "www.". What follows runs to the next space, quote, angle bracket or
	// "|" (Slack writes links as <https://x.example/a|x.example/a>).
	webRe = regexp.MustCompile(`(?i)\b(?:https?://|www\.)[^\s<>|"'\x{201C}\x{201D}\x{2018}\x{2019}\x{00AB}\x{00BB}]+`)
	// emailRe finds e-mail addresses. The local part is ASCII, as nearly
	// every real address is; the domain may be international.
	emailRe = regexp.MustCompile(`(?i)[a-z0-9_%+-](?:[a-z0-9._%+-]*[a-z0-9_%+-])?@` + host)
	// bareRe finds host names written without a scheme ("voice-eu.com",
	// "t.me/name"), with an optional path.
	bareRe = regexp.MustCompile(host + `(?:/[^\s<>|"'\x{201C}\x{201D}\x{2018}\x{2019}\x{00AB}\x{00BB}]*)?`)
	// handleRe finds "@name", and Matrix user IDs "@name:server".
	handleRe = regexp.MustCompile(`@([A-Za-z0-9_](?:[A-Za-z0-9_.=-]*[A-Za-z0-9_])?)(?::(` + host + `))?`)
)

// hostProfile maps host names as a browser does before a look-up, and
// refuses labels over 63 bytes and names over 253.
var hostProfile = idna.New(idna.MapForLookup(), idna.VerifyDNSLength(true))

// fileExtensions are top-level domains that are more often the end of a
// file name in an evidence list ("notes.md", "call.mov") than a web site:
// written without a scheme, such names are not taken as domains.
var fileExtensions = map[string]bool{"zip": true, "mov": true, "md": true, "py": true, "sh": true, "ps": true}

// trackingParams are query parameters that say who shared a link, not
// what it points to; they are dropped from URLs.
var trackingParams = map[string]bool{"fbclid": true, "gclid": true, "igshid": true, "mc_cid": true, "mc_eid": true, "si": true, "ref_src": true}

func (x *Extractor) webAddresses(b []byte, add func(Kind, string)) {
	if !containsFold(b, "http") && !containsFold(b, "www.") {
		return // every match starts with one of them: spare the search
	}
	for _, m := range webRe.FindAllIndex(b, -1) {
		end := m[0] + trimURLEnd(string(b[m[0]:m[1]]))
		if x.webAddress(string(b[m[0]:end]), add) {
			mask(b, m[0], end)
		}
	}
}

func (x *Extractor) bareDomains(b []byte, add func(Kind, string)) {
	if !hasDotLetter(b) {
		return // every host name has a dot before a letter: spare the search
	}
	for _, m := range bareRe.FindAllIndex(b, -1) {
		if m[0] > 0 {
			if r, _ := utf8.DecodeLastRune(b[:m[0]]); isWordRune(r) || strings.ContainsRune(".@-_/:", r) {
				continue
			}
		}
		end := m[0] + trimURLEnd(string(b[m[0]:m[1]]))
		raw := string(b[m[0]:end])
		hostPart, _, _ := strings.Cut(raw, "/")
		tld := hostPart[strings.LastIndexByte(hostPart, '.')+1:]
		// "meeting.It was..." is a missing space, not a domain: a bare
		// name must end in a lower- or upper-case top-level domain.
		if tld != strings.ToLower(tld) && tld != strings.ToUpper(tld) {
			continue
		}
		if fileExtensions[strings.ToLower(tld)] && !strings.Contains(raw, "/") {
			continue
		}
		if x.webAddress(raw, add) {
			mask(b, m[0], end)
		}
	}
}

// trimURLEnd returns the length of s without the punctuation that ends the
// sentence around it: trailing dots and commas, and closing brackets that
// were not opened inside it.
func trimURLEnd(s string) int {
	for s != "" {
		last := s[len(s)-1]
		switch {
		case strings.IndexByte(".,;:!?*", last) >= 0:
		case last == ')' && strings.Count(s, "(") < strings.Count(s, ")"):
		case last == ']' && strings.Count(s, "[") < strings.Count(s, "]"):
		case last == '}' && strings.Count(s, "{") < strings.Count(s, "}"):
		default:
			return len(s)
		}
		s = s[:len(s)-1]
	}
	return 0
}

// webAddress adds the indicators of one web address (with or without its
// scheme) and reports whether it was one.
func (x *Extractor) webAddress(raw string, add func(Kind, string)) bool {
	if !strings.Contains(strings.ToLower(raw), "://") {
		raw = "https://" + raw
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") {
		return false
	}
	h, ok := normHost(u.Hostname())
	if !ok {
		return false
	}
	site := h
	if port := u.Port(); port != "" && port != "80" && port != "443" {
		site += ":" + port
	}
	reg := registrable(h)
	add(Domain, reg)
	path := strings.TrimRight((&url.URL{Path: u.Path}).EscapedPath(), "/")
	q := u.Query()
	for k := range q {
		if trackingParams[strings.ToLower(k)] || strings.HasPrefix(strings.ToLower(k), "utm_") {
			delete(q, k)
		}
	}
	query := q.Encode()
	if path != "" || query != "" {
		v := site + path
		if query != "" {
			v += "?" + query
		}
		add(URL, v)
	}
	x.profile(reg, strings.Split(strings.Trim(u.Path, "/"), "/"), q, add)
	return true
}

// normHost returns the ASCII, lower-case form of a host name without
// "www." and a trailing dot; ok is false when it is not a name under a
// known top-level domain (nor an IP address).
func normHost(h string) (string, bool) {
	h = strings.TrimSuffix(h, ".")
	if ip := net.ParseIP(h); ip != nil {
		return ip.String(), true
	}
	a, err := hostProfile.ToASCII(h)
	if err != nil || !strings.Contains(a, ".") {
		return "", false
	}
	a = strings.ToLower(a)
	if !knownTLD(a) {
		return "", false
	}
	if rest, ok := strings.CutPrefix(a, "www."); ok && strings.Contains(rest, ".") {
		a = rest
	}
	return a, true
}

// knownTLD reports whether the last label of h is a top-level domain that
// ICANN delegates.
func knownTLD(h string) bool {
	tld := h[strings.LastIndexByte(h, '.')+1:]
	s, icann := publicsuffix.PublicSuffix(tld)
	return icann && s == tld
}

// registrable returns the part of h that someone registered (the public
// suffix plus one label), h itself for IP addresses and public suffixes.
func registrable(h string) string {
	if net.ParseIP(h) != nil {
		return ""
	}
	d, err := publicsuffix.EffectiveTLDPlusOne(h)
	if err != nil {
		return h
	}
	return d
}

// reserved are the first path segments of social sites that name a page
// of the site, not an account.
var reserved = map[string]bool{
	"joinchat": true, "s": true, "c": true, "share": true, "addstickers": true, "proxy": true, "iv": true,
	"home": true, "search": true, "intent": true, "i": true, "hashtag": true, "explore": true, "settings": true,
	"p": true, "reel": true, "reels": true, "stories": true, "accounts": true, "groups": true, "events": true,
	"pages": true, "watch": true, "sharer": true, "sharer.php": true, "profile.php": true, "photo": true,
	"story.php": true, "permalink.php": true, "people": true, "login": true, "messages": true, "notifications": true,
}

// profile adds the handle (or phone number) that a social or messenger
// address names: t.me/name and the like give "@name", LinkedIn profiles
// "linkedin:in/slug", wa.me/32470123456 the phone number.
func (x *Extractor) profile(site string, seg []string, q url.Values, add func(Kind, string)) {
	first := seg[0]
	switch site {
	case "t.me", "telegram.me", "telegram.dog", "x.com", "twitter.com", "instagram.com", "facebook.com", "vk.com":
		if !reserved[strings.ToLower(first)] {
			add(Handle, normHandle(first))
		}
	case "tiktok.com", "youtube.com", "threads.net", "threads.com":
		if strings.HasPrefix(first, "@") {
			add(Handle, normHandle(first[1:]))
		}
	case "linkedin.com":
		if len(seg) >= 2 && seg[1] != "" {
			switch t := strings.ToLower(first); t {
			case "in", "pub", "company", "school", "showcase":
				add(Handle, "linkedin:"+t+"/"+strings.ToLower(seg[1]))
			}
		}
	case "wa.me":
		add(Phone, x.e164("+"+first))
	case "whatsapp.com":
		if p := q.Get("phone"); p != "" {
			add(Phone, x.e164("+"+strings.TrimPrefix(p, "+")))
		}
	}
}

// normHandle returns "@name" in lower case, or "" when name is not a
// plausible handle: letters, digits, "_" and ".", at least three
// characters, at least one letter.
func normHandle(name string) string {
	name = strings.ToLower(strings.TrimPrefix(name, "@"))
	if len(name) < 3 || len(name) > 64 {
		return ""
	}
	letter := false
	for _, r := range name {
		switch {
		case r >= 'a' && r <= 'z':
			letter = true
		case r >= '0' && r <= '9', r == '_', r == '.':
		default:
			return ""
		}
	}
	if !letter {
		return ""
	}
	return "@" + name
}

// containsFold reports whether b contains the ASCII string s in any case.
func containsFold(b []byte, s string) bool {
	for i := 0; i+len(s) <= len(b); i++ {
		if bytes.EqualFold(b[i:i+len(s)], []byte(s)) {
			return true
		}
	}
	return false
}

// hasDotLetter reports whether b has a dot followed by a letter, as every
// host name has before its top-level domain.
func hasDotLetter(b []byte) bool {
	for i := bytes.IndexByte(b, '.'); i >= 0; {
		if r, _ := utf8.DecodeRune(b[i+1:]); unicode.IsLetter(r) {
			return true
		}
		next := bytes.IndexByte(b[i+1:], '.')
		if next < 0 {
			return false
		}
		i += 1 + next
	}
	return false
}

func emails(b []byte, add func(Kind, string)) {
	if bytes.IndexByte(b, '@') < 0 {
		return // spare the search: most texts hold no address
	}
	for _, m := range emailRe.FindAllIndex(b, -1) {
		local, domain, _ := strings.Cut(string(b[m[0]:m[1]]), "@")
		h, ok := normHost(domain)
		if !ok || net.ParseIP(h) != nil || strings.Trim(strings.SplitN(local, "+", 2)[0], ".") == "" {
			continue
		}
		add(Email, normEmail(local, h))
		add(EmailDomain, h)
		add(Domain, registrable(h))
		mask(b, m[0], m[1])
	}
}

// normEmail returns local@domain in lower case, without a "+tag"
// sub-address; at Gmail, where dots in the local part are ignored,
// without them too.
func normEmail(local, domain string) string {
	local = strings.ToLower(local)
	if i := strings.IndexByte(local, '+'); i > 0 {
		local = strings.TrimRight(local[:i], ".")
	}
	if domain == "googlemail.com" {
		domain = "gmail.com"
	}
	if domain == "gmail.com" {
		local = strings.ReplaceAll(local, ".", "")
	}
	return local + "@" + domain
}

func handles(b []byte, add func(Kind, string)) {
	for _, m := range handleRe.FindAllSubmatchIndex(b, -1) {
		if m[0] > 0 {
			// "<@U123>" is a Slack mention and "a@b" what is left of an
			// address: neither is a handle.
			if r, _ := utf8.DecodeLastRune(b[:m[0]]); isWordRune(r) || strings.ContainsRune("<@.", r) {
				continue
			}
		}
		name := string(b[m[2]:m[3]])
		var v string
		if m[4] >= 0 {
			if h, ok := normHost(string(b[m[4]:m[5]])); ok {
				v = "@" + strings.ToLower(name) + ":" + h
			}
		} else {
			v = normHandle(name)
		}
		if v != "" {
			add(Handle, v)
			mask(b, m[0], m[1])
		}
	}
}

func isWordRune(r rune) bool {
	return r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r)
}
