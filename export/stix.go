package export

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"iter"
	"strings"

	"vigil/bot"
	"vigil/indicators"
)

// stixWriter streams a STIX 2.1 bundle: the bundle header, then each object
// as soon as it is built, then the closing brackets. The only state kept
// across cases is which shared objects (attack patterns, locations) were
// already written, bounded by the mapping and the ISO country list, and
// the report ids of the cases with links, bounded by the number of linked
// cases.
type stixWriter struct {
	bw         *bufio.Writer
	buf        bytes.Buffer
	enc        *json.Encoder
	n          int
	o          options
	ids        ids
	identityID string
	marking    []string
	written    map[string]bool
	refs       []string
	linked     map[string]string // reference -> report id, for the cases with links written so far
}

func writeSTIX(bw *bufio.Writer, records iter.Seq2[Record, error], o options) error {
	s := &stixWriter{bw: bw, o: o, ids: newIDs(o.producer), written: map[string]bool{}, linked: map[string]string{}}
	s.enc = json.NewEncoder(&s.buf)
	s.enc.SetEscapeHTML(false)
	s.identityID = s.ids.identity()
	s.marking = []string{o.tlp.stixMarking}

	bundleID := "bundle--" + s.ids.uuid("bundle:"+o.now().UTC().Format("2006-01-02T15:04:05.000000000Z"))
	s.bw.WriteString(`{"type":"bundle","id":"` + bundleID + `","objects":[`)
	if err := s.writeHeaderObjects(); err != nil {
		return err
	}
	for rec, err := range records {
		if err != nil {
			return fmt.Errorf("export: reading cases: %w", err)
		}
		if err := s.writeCase(newView(rec, o.now)); err != nil {
			return err
		}
	}
	if _, err := s.bw.WriteString("\n]}\n"); err != nil {
		return fmt.Errorf("export: writing stix: %w", err)
	}
	return nil
}

// object appends one object to the bundle.
func (s *stixWriter) object(v any) error {
	s.buf.Reset()
	if err := s.enc.Encode(v); err != nil {
		return fmt.Errorf("export: encoding stix: %w", err)
	}
	sep := ",\n"
	if s.n == 0 {
		sep = "\n"
	}
	s.n++
	s.bw.WriteString(sep)
	if _, err := s.bw.Write(bytes.TrimSuffix(s.buf.Bytes(), []byte("\n"))); err != nil {
		return fmt.Errorf("export: writing stix: %w", err)
	}
	return nil
}

func (s *stixWriter) common(typ, id string, v view) stixCommon {
	return stixCommon{Type: typ, SpecVersion: "2.1", ID: id, CreatedByRef: s.identityID,
		Created: stixTime(v.filed), Modified: stixTime(v.updated), ObjectMarkingRefs: s.marking}
}

// shared returns the common properties of an object shared by all cases.
func (s *stixWriter) shared(typ, id string) stixCommon {
	return stixCommon{Type: typ, SpecVersion: "2.1", ID: id, CreatedByRef: s.identityID,
		Created: stixTime(mappingTime), Modified: stixTime(mappingTime), ObjectMarkingRefs: s.marking}
}

func (s *stixWriter) writeHeaderObjects() error {
	tlp := s.o.tlp
	if err := s.object(stixMarking{
		Type: "marking-definition", SpecVersion: "2.1", ID: tlp.stixMarking, Created: tlpCreated,
		Name:       "TLP:" + strings.ToUpper(tlp.name),
		Extensions: map[string]stixTLPExtension{tlpExtensionID: {ExtensionType: "property-extension", TLP: tlp.name}},
	}); err != nil {
		return err
	}
	id := s.shared("identity", s.identityID)
	id.CreatedByRef = ""
	return s.object(stixIdentity{stixCommon: id, Name: s.o.producer, IdentityClass: "organization"})
}

// once writes the object built by mk the first time id is seen.
func (s *stixWriter) once(id string, mk func() any) error {
	if s.written[id] {
		return nil
	}
	s.written[id] = true
	return s.object(mk())
}

func (s *stixWriter) writeCase(v view) error {
	c, r := v.Case, v.Case.Report
	reportID := "report--" + s.ids.caseUUID(c.Ref)
	s.refs = s.refs[:0]
	patterns := make([]string, 0, len(v.techniques))
	for _, t := range v.techniques {
		id := s.ids.stix("attack-pattern", t.ID)
		if err := s.once(id, func() any { return s.attackPattern(id, t) }); err != nil {
			return err
		}
		patterns = append(patterns, id)
	}
	s.refs = append(s.refs, patterns...)

	var locationID string
	if code, ok := countryCode(r.ApproacherCountry); ok {
		locationID = s.ids.stix("location", code)
		if err := s.once(locationID, func() any {
			return stixLocation{stixCommon: s.shared("location", locationID), Name: countryName(code), Country: code}
		}); err != nil {
			return err
		}
		s.refs = append(s.refs, locationID)
	}

	if approacher := strings.TrimSpace(r.Approacher); approacher != "" {
		actorID := s.ids.stix("threat-actor", c.Ref)
		if err := s.object(stixThreatActor{stixCommon: s.common("threat-actor", actorID, v), Name: approacher,
			Description: threatActorDescription(r), ThreatActorTypes: []string{"unknown"}}); err != nil {
			return err
		}
		s.refs = append(s.refs, actorID)
		targets := patterns
		if locationID != "" {
			targets = append(targets[:len(targets):len(targets)], locationID)
		}
		for _, target := range targets {
			kind := "uses"
			if target == locationID {
				kind = "located-at"
			}
			relID := s.ids.stix("relationship", c.Ref+":"+kind+":"+target)
			if err := s.object(stixRelationship{stixCommon: s.common("relationship", relID, v),
				RelationshipType: kind, SourceRef: actorID, TargetRef: target}); err != nil {
				return err
			}
			s.refs = append(s.refs, relID)
		}
	}
	inds, err := s.writeIndicators(v, reportID)
	if err != nil {
		return err
	}
	if err := s.writeLinks(v, reportID); err != nil {
		return err
	}
	if len(s.refs) == 0 {
		// STIX requires at least one reference; with no technique, actor
		// or country, the report points at its producer.
		s.refs = append(s.refs, s.identityID)
	}

	if err := s.object(stixReport{
		stixCommon: s.common("report", reportID, v), Name: c.Ref + ": " + r.Category.Label(),
		Description: reportDescription(v), ReportTypes: reportTypes(v, inds), Published: stixTime(v.filed),
		ObjectRefs: s.refs, Labels: []string{string(r.Category)},
		ExternalReferences: []stixExternalRef{{SourceName: s.o.producer, ExternalID: c.Ref}},
	}); err != nil {
		return err
	}
	return s.writeNotes(v, reportID)
}

func (s *stixWriter) attackPattern(id string, t technique) stixAttackPattern {
	return stixAttackPattern{
		stixCommon: s.shared("attack-pattern", id), Name: t.Name,
		ExternalReferences: []stixExternalRef{{SourceName: "DISARM", ExternalID: t.ID, URL: t.URL(), Description: disarmVersion}},
		KillChainPhases:    []stixKillChainPhase{{KillChainName: disarmKillChain, PhaseName: t.Tactic}},
	}
}

// writeNotes writes a note for each non-empty team note and addition by
// the reporter; replies to the reporter and workflow events are not
// exported.
func (s *stixWriter) writeNotes(v view, reportID string) error {
	for i, ev := range v.Events {
		var abstract string
		switch ev.Kind {
		case bot.EventNote:
			abstract = "Security team note"
		case bot.EventAddition:
			abstract = "Information added by the reporter"
		default:
			continue
		}
		if strings.TrimSpace(ev.Text) == "" {
			continue // STIX requires content
		}
		at := ev.At.UTC()
		if at.IsZero() {
			at = v.updated
		}
		id := s.ids.stix("note", eventKey(v.Case.Ref, ev, i))
		n := stixNote{stixCommon: s.common("note", id, v), Abstract: abstract, Content: ev.Text, ObjectRefs: []string{reportID}}
		n.Created, n.Modified = stixTime(at), stixTime(at)
		if err := s.object(n); err != nil {
			return err
		}
	}
	return nil
}

func reportTypes(v view, indicators int) []string {
	types := []string{"threat-report"}
	if strings.TrimSpace(v.Case.Report.Approacher) != "" {
		types = append(types, "threat-actor")
	}
	if len(v.techniques) > 0 {
		types = append(types, "attack-pattern")
	}
	if indicators > 0 {
		types = append(types, "indicator")
	}
	return types
}

// writeIndicators writes an indicator object for each of the case's
// indicators that STIX patterns can express (e-mail addresses, domains,
// web addresses, handles), each with a related-to relationship from the
// report, and returns how many it wrote. Ids derive from the case and the
// value, so that each case keeps its own objects (with its dates) and
// nothing is remembered across cases; equal patterns tie cases together
// in the consumer.
func (s *stixWriter) writeIndicators(v view, reportID string) (int, error) {
	n := 0
	for _, ind := range v.indicators(s.o) {
		pattern, ok := stixPattern(ind)
		if !ok {
			continue
		}
		id := s.ids.stix("indicator", v.Case.Ref+":"+string(ind.Kind)+":"+ind.Value)
		if err := s.object(stixIndicator{stixCommon: s.common("indicator", id, v),
			Name: indicatorNames[ind.Kind] + ": " + ind.Value, Description: "Found in the report by Vigil (" + string(ind.Kind) + "); not verified.",
			IndicatorTypes: []string{"attribution"}, Pattern: pattern, PatternType: "stix", ValidFrom: stixTime(v.filed)}); err != nil {
			return n, err
		}
		relID := s.ids.stix("relationship", v.Case.Ref+":related-to:"+id)
		if err := s.object(stixRelationship{stixCommon: s.common("relationship", relID, v),
			RelationshipType: "related-to", SourceRef: reportID, TargetRef: id}); err != nil {
			return n, err
		}
		s.refs = append(s.refs, id, relID)
		n++
	}
	return n, nil
}

// writeLinks writes a related-to relationship from the report to the
// report of each case it is linked to that the bundle already holds
// (cases come oldest first, so each pair gets one, with the later case).
// Its description names the kinds of indicator that matched, never the
// values.
func (s *stixWriter) writeLinks(v view, reportID string) error {
	if len(v.Links) == 0 {
		return nil
	}
	s.linked[v.Case.Ref] = reportID
	for _, l := range v.Links {
		other, ok := s.linked[l.Ref]
		if !ok {
			continue
		}
		a, b := l.Ref, v.Case.Ref
		if b < a {
			a, b = b, a
		}
		relID := s.ids.stix("relationship", "link:"+a+":"+b)
		if err := s.object(stixRelationship{stixCommon: s.common("relationship", relID, v),
			RelationshipType: "related-to", SourceRef: reportID, TargetRef: other, Description: linkDescription(l)}); err != nil {
			return err
		}
		s.refs = append(s.refs, relID)
	}
	return nil
}

// linkDescription says why two cases are linked and who decided.
func linkDescription(l bot.CaseLink) string {
	d := "Linked by the security team"
	if kinds := linkKinds(l); len(kinds) > 0 {
		d = "Linked by Vigil: the reports share indicators (" + strings.Join(kinds, ", ") + ")"
	}
	if l.State == bot.LinkConfirmed {
		return d + "; confirmed by the security team."
	}
	return d + "; not yet confirmed."
}

// indicatorNames name the kinds of indicator in STIX objects.
var indicatorNames = map[indicators.Kind]string{
	indicators.Email: "E-mail address", indicators.EmailDomain: "E-mail domain", indicators.Domain: "Domain",
	indicators.URL: "Web address", indicators.Handle: "Handle",
}

// stixPattern returns the STIX pattern that matches ind, or false for the
// kinds no STIX Cyber-observable Object holds (phone numbers, bank
// accounts, names, organisations: MISP carries those). Web addresses are
// stored without their scheme, so their pattern takes either.
func stixPattern(ind indicators.Indicator) (string, bool) {
	v := stixQuote(ind.Value)
	switch ind.Kind {
	case indicators.Email:
		return "[email-addr:value = " + v + "]", true
	case indicators.EmailDomain, indicators.Domain:
		return "[domain-name:value = " + v + "]", true
	case indicators.URL:
		return "[url:value = " + stixQuote("https://"+ind.Value) + " OR url:value = " + stixQuote("http://"+ind.Value) + "]", true
	case indicators.Handle:
		if h, ok := strings.CutPrefix(ind.Value, "linkedin:"); ok {
			return "[user-account:account_type = 'linkedin' AND user-account:account_login = " + stixQuote(h) + "]", true
		}
		if strings.Contains(ind.Value, ":") { // a Matrix ID, @name:server
			return "[user-account:user_id = " + v + "]", true
		}
		return "[user-account:account_login = " + stixQuote(strings.TrimPrefix(ind.Value, "@")) + "]", true
	}
	return "", false
}

// stixQuote is a STIX pattern string literal: quoted, with backslashes and
// quotes escaped.
func stixQuote(s string) string {
	return "'" + strings.ReplaceAll(strings.ReplaceAll(s, `\`, `\\`), "'", `\'`) + "'"
}

func threatActorDescription(r bot.Report) string {
	d := "Approacher as named by the reporter; not verified."
	if country := strings.TrimSpace(r.ApproacherCountry); country != "" {
		d += " Country given by the reporter: " + country + "."
	}
	return d
}

// reportDescription is the reporter's account followed by the structured
// facts of the case. The reporter's identity is never included.
func reportDescription(v view) string {
	c, r := v.Case, v.Case.Report
	var b strings.Builder
	b.WriteString(r.Description)
	b.WriteString("\n\nCategory: " + r.Category.Label())
	b.WriteString("\nChannel: " + r.Channel.Label())
	b.WriteString("\nOccurred on: " + v.occurredOn().Format(dateLayout))
	if r.Approacher != "" || r.ApproacherCountry != "" {
		b.WriteString("\nApproacher: " + r.Approacher)
		if r.ApproacherCountry != "" {
			b.WriteString(" (country: " + r.ApproacherCountry + ")")
		}
	}
	b.WriteString("\nAnything accepted or promised: " + string(r.Accepted))
	if r.AcceptedDetail != "" {
		b.WriteString(" (" + r.AcceptedDetail + ")")
	}
	if r.Evidence != "" {
		b.WriteString("\nEvidence kept: " + r.Evidence)
	}
	if r.SourceLink != "" {
		b.WriteString("\nSource link: " + r.SourceLink)
	}
	b.WriteString("\nStatus: " + string(c.Status))
	if c.Resolution != "" {
		b.WriteString(" (" + c.Resolution + ")")
	}
	b.WriteString("; severity: " + string(c.Severity))
	return b.String()
}
