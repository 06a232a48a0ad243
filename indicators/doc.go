// Package indicators finds what ties reports of foreign interference
// together (the same e-mail address, phone number, web site, handle, bank
// account, name or organisation, however each reporter wrote it) and
// links cases through a blind index, so that the database holds no
// indicator in clear.
//
// It is the self-contained foundation of linked cases: it imports no
// other Vigil package. The core calls it at filing; the storage side keeps
// the hashes.
//
// # At filing
//
//	x, _ := indicators.NewExtractor("BE")        // region of national phone numbers
//	key, _ := indicators.NewKey(dataKey)         // once, from the 32-byte data key
//	common, _ := indicators.NewCommon(extra...)  // once, with the operator's entries
//
//	inds := x.Extract(indicators.Fields{Approacher: ..., Country: ..., Description: ..., Evidence: ...})
//	hashed := key.HashAll(inds, common)
//	// store every hashed row for the new case, in the transaction that files it;
//	// fetch the stored rows whose hash is in indicators.LookupHashes(hashed);
//	links := indicators.Links(ref, hashed, rows)
//
// Links gives each linked case with the kinds that matched ("same phone
// number"), never the values: a notice names the kinds, and only a team
// member who opens both cases sees the values, from their encrypted
// fields.
//
// # What Extract finds
//
// Every field is searched for e-mail addresses (lower case, without a
// "+tag"; at Gmail without dots) with their domain and registrable domain;
// phone numbers, parsed and validated by github.com/nyaruka/phonenumbers
// (a port of Google's libphonenumber) and written in E.164, with numbers
// without a country code read as numbers of the Extractor's region; web
// addresses and bare domains ("voice-eu.com"), as the address without
// scheme, "www.", fragment or tracking parameters, and the registrable
// domain from the public suffix list (golang.org/x/net/publicsuffix);
// handles ("@name", "@name:server" on Matrix, t.me/name and the profile
// addresses of X, Instagram, Facebook, TikTok, YouTube and VK as "@name",
// LinkedIn profiles as "linkedin:in/slug") and WhatsApp links (wa.me/...)
// as phone numbers; and IBANs that pass the mod-97 check.
//
// The name and organisation come from the "who approached" field alone,
// which the report conversation asks for as "name and organisation". It is
// split at punctuation and at words such as "from", "at" and "called";
// the first part of two to five words that marks no organisation is the
// name ("Jan Novák"), and parts with a word such as "consulting",
// "embassy" or "GmbH", or joined with "of" or "for", are organisations.
// Both are folded (case, accents, punctuation), stripped of titles,
// particles, company forms and filler ("a man called"), and their words
// sorted: "Dr. Jan Novák" and "NOVAK Jan" are both "jan novak". Names in
// the description are not read: a sentence names too many people.
//
// # Common values
//
// Some values are shared by unrelated reports: gmail.com, linkedin.com,
// europarl.europa.eu. They are listed in common.txt (embedded, with a
// header that says how to review it) and operators add their own through
// NewCommon. They are stored like the other indicators, so that a change
// of the list applies to earlier cases too, but a match on them never
// links: two reports that share only gmail.com are not linked.
//
// # Blind index
//
// Key is derived from the data key with HKDF-SHA256 under a fixed info
// string, and Hash is HMAC-SHA256(key, kind || 0x00 || value). Without the
// key, a hash reveals nothing about its value, though equal hashes show
// that two cases share something. A new data key gives new hashes: rotating
// the key means extracting the indicators again from the decrypted reports.
//
// # Storage
//
// Linking must cost at most 1 ms per report with 500,000 stored
// indicators. The storage side meets it with one row per indicator and
// case, clustered on the hash, so that a look-up is one index seek per
// hash of the new report, whatever the table's size:
//
//	CREATE TABLE case_indicators (
//	    hash    BLOB NOT NULL,   -- Key.Hash, 32 bytes
//	    kind    TEXT NOT NULL,   -- Kind
//	    case_id TEXT NOT NULL,   -- the case's reference
//	    PRIMARY KEY (hash, case_id, kind)
//	) WITHOUT ROWID;
//	CREATE INDEX case_indicators_case ON case_indicators (case_id); -- purge
//
//	SELECT case_id, kind, hash FROM case_indicators WHERE hash IN (?, ?, ...);
//
// with the hashes of LookupHashes as parameters, and the rows passed to
// Links. Vigil's database (storage/migrations/0005_links.sql) keeps the
// case's integer ID instead, deleted with the case, and passes it written
// out as Entry.Case: any name that tells cases apart will do. BenchmarkLink runs exactly this on SQLite with 100,000 cases and
// 500,000 indicators (go test -tags goolm -run '^$' -bench Link
// ./indicators): about 0.1 ms per report to hash, look up and link, and
// 0.2 to 0.3 ms with storing the new rows, on a shared 2-core machine.
// The same table without an index on hash takes about 130 ms: a full
// scan per report.
package indicators
