package export

import "vigil/bot"

// DISARM Red Framework release the technique IDs, names and tactics below
// were checked against: the DISARMframeworks repository and the MISP galaxy
// "disarm-techniques" built from it. See README.md for the reasoning.
const (
	disarmVersion   = "DISARM Red Framework v1.4"
	disarmPageURL   = "https://github.com/DISARMFoundation/DISARMframeworks/blob/main/generated_pages/techniques/"
	disarmKillChain = "disarm"
)

// technique is one DISARM Red technique.
type technique struct {
	ID     string // T-code, e.g. T0100.001
	Name   string // as in the framework and the MISP galaxy value
	Tactic string // STIX kill-chain phase name of its tactic
}

// URL returns the technique's page in the DISARM repository.
func (t technique) URL() string { return disarmPageURL + t.ID + ".md" }

var (
	tCoOptIndividuals   = technique{"T0100.001", "Co-Opt Trusted Individuals", "establish-legitimacy"}
	tRecruitContractors = technique{"T0091.001", "Recruit Contractors", "establish-assets"}
	tBaitInfluencer     = technique{"T0039", "Bait Influencer", "maximise-exposure"}
	tDiplomaticChannels = technique{"T0110", "Formal Diplomatic Channels", "select-channels-and-affordances"}
	tCreatePersonas     = technique{"T0097", "Create Personas", "establish-legitimacy"}
	tHarass             = technique{"T0048", "Harass", "drive-online-harms"}
	tIntimidate         = technique{"T0140.002", "Intimidate", "plan-objectives"}
	tDistortFacts       = technique{"T0023", "Distort Facts", "develop-content"}
	tTextContent        = technique{"T0085", "Develop Text-Based Content", "develop-content"}
	tCompromisedAccount = technique{"T0141.001", "Acquire Compromised Account", "establish-assets"}
	tPrivateDocuments   = technique{"T0089", "Obtain Private Documents", "develop-content"}
)

// categoryTechniques maps each report category to the DISARM techniques an
// approach of that kind is an instance of. "other" maps to none.
var categoryTechniques = map[bot.Category][]technique{
	bot.CategoryPayment:        {tCoOptIndividuals, tRecruitContractors},
	bot.CategoryGift:           {tCoOptIndividuals},
	bot.CategoryTravel:         {tCoOptIndividuals, tBaitInfluencer},
	bot.CategoryDiplomat:       {tDiplomaticChannels},
	bot.CategoryOnline:         {tCreatePersonas},
	bot.CategoryPressure:       {tHarass, tIntimidate},
	bot.CategoryDisinformation: {tDistortFacts, tTextContent},
	bot.CategoryCyber:          {tCompromisedAccount, tPrivateDocuments},
}

func techniquesFor(c bot.Category) []technique { return categoryTechniques[c] }
