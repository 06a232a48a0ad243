package bot

// outreachTexts are the replies about subscriptions, advisories and
// awareness scenarios, in one language (messages_outreach_<lang>.go).
type outreachTexts struct {
	languages   map[string]string // the name of each language, by code, as said after "in" ("in French")
	outreachOff string            // the deployment keeps no subscriptions, advisories or scenarios
	// platformTrouble: the chat platform could not be asked.
	platformTrouble string

	// Subscriptions.
	subscribeInDirect string
	subscribed        string // %s: the language's name
	subscribedAgain   string // %s: the language's name
	notSubscribed     string
	unsubscribed      string

	// Advisories as readers see them.
	advisoryHeader  string // %[1]d the advisory's number, %[2]s its title
	advisoryFooter  string // for subscribers
	withdrawnNotice string // %d: the advisory's number; replaces a message that cannot be deleted

	// Listing advisories.
	noAdvisories        string
	advisoriesHeader    string
	advisoriesHint      string
	advisoriesUsage     string
	noSuchAdvisory      string // %d: the number
	advisoryCounts      string // %[1]d delivered, %[2]d recipients, %[3]d pending, %[4]d failed
	advisoryWithdrawnOn string // %[1]s date, %[2]s who
	advisoryView        string // %[1]d number, %[2]s title, %[3]s author, %[4]s sent on, %[5]s sender, %[6]s deliveries
	advisoryUsage       string

	// Targets.
	noTargets          string
	targetsHeader      string
	targetLine         string // %[1]s name, %[2]s platform, %[3]s language
	everyLanguage      string
	targetUsage        string
	targetsUnsupported string
	targetUnknown      string // %s: what was typed
	targetNotMember    string // %s: the channel or room
	targetExists       string // %s: the channel or room
	targetAdded        string // %s: the target's line
	targetNotListed    string // %s: the channel or room
	targetRemoved      string // %s: the channel or room

	// Withdrawing.
	withdrawUsage string
	withdrawn     string // %[1]d number, %[2]s title, %[3]d messages to take back, %[4]d dropped before delivery

	// Writing an advisory.
	composeIntro         string
	composeMoved         string
	composeHelp          string
	composeTitlePrompt   string
	composeTitleTooLong  string // %d: the limit
	composeTextPrompt    string
	composeTextFormat    string
	composeTextSaved     string // %[1]s the language saved, %[2]s every language written
	composeTextMore      string // %s: the languages written
	composeTargetsPrompt string
	allSubscribers       string // %d: how many
	composeTargetsRange  string // %d: the number of choices
	composePreviewIntro  string
	previewSubscribers   string // %[1]s the language's name, %[2]d subscribers in all
	previewFallback      string // %s: the language they get instead
	previewTarget        string // %s: the target's line
	composeSendOrCancel  string
	composeCancelled     string
	composeExpired       string // %s: the idle time
	advisorySent         string // %[1]d number, %[2]d recipients

	// Awareness scenarios.
	scenarioIntro    string // %s: the topic's title
	weeklyIntro      string // %s: the topic's title
	scenarioHow      string
	scenarioProgress string // %[1]d topics practised, %[2]d topics, %[3]d right first time, %[4]d answered
	scenarioNext     string

	// The team's aggregate practice.
	practiceTooFew string // %[1]s since, %[2]d the minimum of people
	practiceHeader string // %[1]s since, %[2]d people, %[3]d answers, %[4]d per cent right first time
	practiceTopic  string // %[1]s topic title, %[2]d people, %[3]d per cent right first time
	practiceHidden string // %[1]d topics not shown, %[2]d the minimum of people

	outreachWords outreachVocabulary
}

// outreachVocabulary is what Vigil understands about subscriptions,
// advisories and scenarios in one language. Command words are lower case
// (the router lowers the first word); answers are compared folded.
type outreachVocabulary struct {
	subscribe, unsubscribe, scenario []string // command words, besides the English ones
	send, done, new                  []string // answers while writing an advisory
}

// Answers while writing an advisory, in every language.
var (
	wordsSend = outreachWordSet(func(v *outreachVocabulary) []string { return v.send })
	wordsDone = outreachWordSet(func(v *outreachVocabulary) []string { return v.done })
	wordsNew  = outreachWordSet(func(v *outreachVocabulary) []string { return v.new })
)

// outreachWordSet returns the folded forms of one list of words of every
// language.
func outreachWordSet(list func(*outreachVocabulary) []string) map[string]bool {
	set := map[string]bool{}
	for _, lang := range spoken {
		for _, w := range list(&catalogue[lang].outreachWords) {
			set[fold(w)] = true
		}
	}
	return set
}
