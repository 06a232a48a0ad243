package awareness

// phrases are the few texts Judge adds around a scenario's feedback.
type phrases struct {
	right    string // the answer was right
	wrong    string // the answer was wrong: %d the right number, %s its choice
	guidance string // the link to the guidance: %s the topic title
}

// messages holds the phrases per language.
var messages = map[string]phrases{
	"en": {
		right:    "Right.",
		wrong:    "Not quite. The best choice was %d: %s",
		guidance: "Guidance: `ask %s`",
	},
	"fr": {
		right:    "Bonne réponse.",
		wrong:    "Pas tout à fait. La meilleure réponse était la %d : %s",
		guidance: "Pour en savoir plus : `ask %s`",
	},
	"de": {
		right:    "Richtig.",
		wrong:    "Nicht ganz. Richtig wäre %d gewesen: %s",
		guidance: "Mehr dazu: `ask %s`",
	},
}
