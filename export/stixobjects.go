package export

import "time"

// stixTime is a STIX timestamp: UTC with exactly three fractional digits.
type stixTime time.Time

// MarshalJSON implements json.Marshaler.
func (t stixTime) MarshalJSON() ([]byte, error) {
	b := make([]byte, 0, 26)
	b = append(b, '"')
	b = time.Time(t).UTC().AppendFormat(b, "2006-01-02T15:04:05.000Z")
	return append(b, '"'), nil
}

// stixCommon holds the properties every object Vigil emits carries.
type stixCommon struct {
	Type              string   `json:"type"`
	SpecVersion       string   `json:"spec_version"`
	ID                string   `json:"id"`
	CreatedByRef      string   `json:"created_by_ref,omitempty"`
	Created           stixTime `json:"created"`
	Modified          stixTime `json:"modified"`
	ObjectMarkingRefs []string `json:"object_marking_refs"`
}

type stixExternalRef struct {
	SourceName  string `json:"source_name"`
	ExternalID  string `json:"external_id,omitempty"`
	URL         string `json:"url,omitempty"`
	Description string `json:"description,omitempty"`
}

type stixKillChainPhase struct {
	KillChainName string `json:"kill_chain_name"`
	PhaseName     string `json:"phase_name"`
}

type stixIdentity struct {
	stixCommon
	Name          string `json:"name"`
	IdentityClass string `json:"identity_class"`
}

type stixAttackPattern struct {
	stixCommon
	Name               string               `json:"name"`
	ExternalReferences []stixExternalRef    `json:"external_references"`
	KillChainPhases    []stixKillChainPhase `json:"kill_chain_phases"`
}

type stixThreatActor struct {
	stixCommon
	Name             string   `json:"name"`
	Description      string   `json:"description"`
	ThreatActorTypes []string `json:"threat_actor_types"`
}

type stixLocation struct {
	stixCommon
	Name    string `json:"name"`
	Country string `json:"country"`
}

type stixRelationship struct {
	stixCommon
	RelationshipType string `json:"relationship_type"`
	Description      string `json:"description,omitempty"`
	SourceRef        string `json:"source_ref"`
	TargetRef        string `json:"target_ref"`
}

type stixIndicator struct {
	stixCommon
	Name           string   `json:"name"`
	Description    string   `json:"description"`
	IndicatorTypes []string `json:"indicator_types"`
	Pattern        string   `json:"pattern"`
	PatternType    string   `json:"pattern_type"`
	ValidFrom      stixTime `json:"valid_from"`
}

type stixNote struct {
	stixCommon
	Abstract   string   `json:"abstract"`
	Content    string   `json:"content"`
	ObjectRefs []string `json:"object_refs"`
}

type stixReport struct {
	stixCommon
	Name               string            `json:"name"`
	Description        string            `json:"description"`
	ReportTypes        []string          `json:"report_types"`
	Published          stixTime          `json:"published"`
	ObjectRefs         []string          `json:"object_refs"`
	Labels             []string          `json:"labels"`
	ExternalReferences []stixExternalRef `json:"external_references"`
}

// stixMarking is a TLP 2.0 marking definition exactly as OASIS publishes it.
type stixMarking struct {
	Type        string                      `json:"type"`
	SpecVersion string                      `json:"spec_version"`
	ID          string                      `json:"id"`
	Created     string                      `json:"created"`
	Name        string                      `json:"name"`
	Extensions  map[string]stixTLPExtension `json:"extensions"`
}

type stixTLPExtension struct {
	ExtensionType string `json:"extension_type"`
	TLP           string `json:"tlp_2_0"`
}
