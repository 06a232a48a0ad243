package export

import (
	"time"

	"github.com/google/uuid"
)

// vigilNamespace roots every UUIDv5 Vigil derives, so that re-exporting a
// case yields the same STIX ids and MISP uuids. Never change it.
var vigilNamespace = uuid.MustParse("0e71e95d-d2ce-4d4a-82c4-cff871d8295d")

// mappingTime is the created/modified time of the objects shared by all
// cases (producer identity, DISARM attack patterns, locations). It is fixed
// so that re-exports are byte-stable; move it forward when the mapping of
// those objects changes, so that consumers take the new version.
var mappingTime = time.Date(2026, 11, 22, 0, 0, 0, 0, time.UTC)

// ids derives stable identifiers for one producer.
type ids struct{ ns uuid.UUID }

func newIDs(producer string) ids {
	return ids{ns: uuid.NewSHA1(vigilNamespace, []byte("producer:"+producer))}
}

// uuid returns the UUIDv5 of name in the producer's namespace.
func (i ids) uuid(name string) string { return uuid.NewSHA1(i.ns, []byte(name)).String() }

// stix returns a STIX identifier "<type>--<uuidv5(type:name)>".
func (i ids) stix(typ, name string) string { return typ + "--" + i.uuid(typ+":"+name) }

// identity returns the producer's identity id, also used as MISP Orgc uuid.
func (i ids) identity() string { return "identity--" + i.ns.String() }

// caseUUID is the uuid of a case: the STIX report id suffix and the MISP
// event uuid, so that both exports of a case can be matched.
func (i ids) caseUUID(ref string) string { return i.uuid("report:" + ref) }

// The TLP 2.0 extension of STIX as published by OASIS in
// cti-stix-common-objects (extension-definition-specifications/tlp-2.0);
// the levels' marking definitions are in tlpLevels.
const (
	tlpExtensionID = "extension-definition--60a3c5c5-0d10-413e-aab3-9e08dde9e88d"
	tlpCreated     = "2022-10-01T00:00:00.000Z"
)
