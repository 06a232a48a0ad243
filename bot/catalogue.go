package bot

import (
	"fmt"
	"slices"
	"strings"
	"time"
)

// Languages Vigil speaks. Each has a file of its own, messages_<lang>.go,
// holding every text a user reads and every word Vigil understands in it.
const (
	langEN = "en"
	langFR = "fr"
	langDE = "de"
)

// catalogues are the texts of every language, English first. A new
// language is a new messages_<lang>.go file and its entry here (and its
// guidance articles); the catalogue test names anything it lacks.
var catalogues = []*texts{&english, &french, &german}

// catalogue holds the texts of every language, by code.
var catalogue = func() map[string]*texts {
	m := map[string]*texts{}
	for _, x := range catalogues {
		m[x.code] = x
	}
	return m
}()

// spoken lists the languages' codes in the order of catalogues.
var spoken = func() []string {
	codes := make([]string, len(catalogues))
	for i, x := range catalogues {
		codes[i] = x.code
	}
	return codes
}()

// Languages returns the languages Vigil speaks, English first.
func Languages() []string { return slices.Clone(spoken) }

// spokenLang returns lang when Vigil speaks it, and English for anything
// else (including "", the language of sessions stored before languages
// existed).
func spokenLang(lang string) string {
	if _, ok := catalogue[lang]; ok {
		return lang
	}
	return langEN
}

// languagesFrom returns lang (made a spoken language) followed by the other
// spoken languages.
func languagesFrom(lang string) []string {
	lang = spokenLang(lang)
	out := []string{lang}
	for _, l := range spoken {
		if l != lang {
			out = append(out, l)
		}
	}
	return out
}

// tr returns the texts for lang, English when the language is not spoken.
func tr(lang string) *texts { return catalogue[spokenLang(lang)] }

// texts is everything Vigil says, and the words it understands, in one
// language. Strings with verbs are fmt formats; the verbs are the same in
// every language (a test checks it).
type texts struct {
	code string // the language: en, fr, de
	reportTexts
	commandTexts
	followUpTexts
	teamTexts
	digestTexts
	linkTexts
	outreachTexts
	form  FormText   // the report form of adapters that have one
	words vocabulary // what Vigil understands
}

// reportTexts is everything a reporter reads during a guided report.
type reportTexts struct {
	intro         string // before the first question
	movedToDirect string // in the group where a report was started

	// Prompts, one per step. Menu prompts are followed by the numbered menu;
	// confirm takes the summary.
	promptCategory, promptDate, promptChannel, promptWho, promptCountry,
	promptDescription, promptAccepted, promptAcceptedDetail, promptEvidence,
	promptAnonymity, promptContact, promptConfirm, promptEdit string

	// promptCategoryKept replaces promptCategory when a category is
	// already filled in (guessed from the question, or before an edit);
	// %s: its label.
	promptCategoryKept string

	// Problems with an answer.
	numberRange     string // %d: menu length
	editRange       string // %d: menu length
	dateFuture      string
	dateUnknown     string
	tooLong         string // %d: limit, %d: length of the answer
	messageTooLong  string // %d: length of the message, %d: limit
	answerAccepted  string
	answerAnonymity string
	answerYesNo     string
	answerConfirm   string
	firstQuestion   string
	cannotSkip      string
	helpInFlow      string
	cancelled       string
	noReport        string // cancel without a report in progress

	// Replies about a platform's report form.
	formNotFiled        string // the report was not stored (a technical fault)
	formNeedsCorrecting string // followed by the ValidationError's messages
	formKept            string // %[1]s: how to open the form again, %[2]s: for how long the answers are kept
	formKeptLater       string // formKept after the hourly limit refused the report, kept from its end; %[3]s: when that is
	formNotOpened       string // %s: how to open the form another way

	incomplete       string // %s: the fields to correct
	answersKept      string // after rateReports, when a submit was refused
	filingFailed     string
	storageTrouble   string
	rateMessages     string
	rateReports      string
	filed            string // %s: case reference
	receipt          string // %[1]s: the receipt code
	statusHint       string // %s: case reference
	expired          string // %s: the idle time
	oneHour          string
	hours, minutes   string // %d
	labelSeparator   string // between a summary label and its value
	notGiven         string
	noneListed       string
	yes, no, unsure  string
	withName         string
	anonymous        string
	contactAllowed   string // appended to withName
	contactForbidden string // appended to withName

	// Summary labels; the edit menu uses them too, with editIdentity for
	// the identity line.
	labelCategory, labelWhen, labelHow, labelWho, labelCountry, labelWhat,
	labelAccepted, labelEvidence, labelSource, labelIdentity, editIdentity string

	// Problems with a complete report (Report.Validate); tooLong serves
	// for answers over a limit.
	missingCategory, missingDate, dateAhead, missingChannel, missingDescription,
	missingAccepted string

	categories map[Category]string
	channels   map[Channel]string
	statuses   map[Status]string
	weekdays   [7]string  // Sunday first, as time.Weekday
	months     [12]string // January first
	dayFormat  string     // %[1]s weekday, %[2]d day, %[3]s month, %[4]d year
	dateFormat string     // %[1]d day, %[2]s month, %[3]d year
}

// commandTexts are help, the commands' usage lines, and the router's and
// guidance's replies.
type commandTexts struct {
	helpIntro     string // before the list of commands
	helpTeam      string // heading of the team's commands
	helpEmergency string // after the list
	commands      map[string]commandText
	unknown       string // %q: the word typed
	teamOnly      string
	askEmpty      string
	noGuidance    string // a question before the guidance is loaded
	noTopics      string // topics before the guidance is loaded
	guidanceDown  string
	sentPrivately string // in a group, when the answer went to a direct message
}

// commandText is one command's line in help.
type commandText struct {
	usage, summary string
}

// followUpTexts are the reporter's replies after filing: status and add,
// and the team's replies that reach them.
type followUpTexts struct {
	statusUsage string
	notYours    string // no such report of the sender's

	lookupsPaused string // %s: how long look-ups stay refused after repeated failures

	statusView  string // %[1]s reference, %[2]s category, %[3]s filed, %[4]s status
	teamWrote   string // %[1]s date, %[2]s the team's reply
	addHint     string // %s: the reference or receipt
	addUsage    string
	added       string // %s: the reference
	teamReplied string // %[1]s reference, %[2]s the team's reply
}

// teamTexts are the security team's replies and notices.
type teamTexts struct {
	usageExample      string // %[1]s usage, %[2]s example
	noSuchCase        string // %s: the reference
	casesUnknown      string // %[1]q the word, %[2]s the categories
	noCases           string
	casesHeader       string // %d: how many
	caseView          string // %[1]s ref, %[2]s status, %[3]s severity, %[4]s assignee, %[5]s filed, %[6]s reporter, %[7]s summary
	anonymousReporter string
	nobody            string
	theReporter       string
	eventFiled        string // %s: who
	eventStatus       string // %[1]s who, %[2]s status
	eventSeverity     string // %[1]s who, %[2]s severity
	eventAssigned     string // %[1]s who, %[2]s assignee
	eventNote         string // %s: who
	eventReply        string // %s: who
	eventAddition     string // %s: who
	unknownStatus     string // %q: the word
	needResolution    string // %s: the reference
	statusNow         string // %[1]s ref, %[2]s status
	unknownSeverity   string // %q: the word
	severityNow       string // %[1]s ref, %[2]s severity
	assignWhom        string // %[1]s: the reference
	notInTeam         string // %s: the user
	assignedTo        string // %[1]s ref, %[2]s assignee
	noteEmpty         string // %s: the reference
	noteAdded         string // %s: the reference
	replyEmpty        string // %s: the reference
	replyAnonymous    string // %s: the reference
	replyNamed        string // %s: the reference
	replyConsole      string // %s: the reference of a report filed in the terminal
	statsPeriod       string // %q: the period
	statsHeader       string // %[1]s since, %[2]d total
	byCategory        string
	byStatus          string
	byWeek            string
	exportOff         string
	exportUsage       string // %s: the formats
	exportPeriod      string // %q: the period
	noFiles           string
	exportFailed      string
	exportSent        string
	newReport         string // %[1]s ref, %[2]s category, %[3]s severity, %[4]s filed, %[5]s reporter
	anonymousNotice   string // the reporter of an anonymous report, in newReport
	additionNotice    string // %s: the reference
}

// digestTexts are the words of the stats chart and of the weekly digest
// to the security team.
type digestTexts struct {
	severities     map[Severity]string // names of the severities under the chart's bars
	chartTitle     string              // %[1]s first week, %[2]s last week
	chartWeekly    string              // the weekly panel's title
	chartOpen      string              // the severity panel's title
	chartReports   string              // the weekly panel's axis
	chartCases     string              // the severity panel's axis
	chartNoReports string
	chartNoOpen    string
	chartFailed    string // after the stats, when the chart could not be sent
	digestHeader   string // %[1]s ISO week, %[2]s since (date and time)
	digestNew      string // %d: how many cases were filed
	digestNoNew    string
	digestHigh     string // %[1]d how many, %[2]s their references
	digestMore     string // %d: references not listed
	digestNoHigh   string
	digestOldest   string // %[1]s reference, %[2]s filed, %[3]d days ago
	digestNoOldest string
	digestLinks    string // %d: how many links between cases were found
}

// vocabulary is what Vigil understands in one language: answers during a
// report, the words that start one, and words for days. Every language's
// words are accepted whatever the conversation's language, so that a
// French speaker in an English conversation (or the reverse) is
// understood.
type vocabulary struct {
	back, skip, cancel, help, submit, edit []string
	yes, no, unsure, named, anonymous      []string
	report                                 []string // words that start a report in this language, besides `report`

	recentDays     map[string]int // "yesterday": 1
	daysAgo        string         // regular expression; its one group is the number of days
	lastBefore     []string       // "last " before a weekday: the one before today
	lastAfter      []string       // " dernier" after a weekday
	weekdayBefore  []string       // "am " before a plain weekday
	weekdayAbbrevs map[string]time.Weekday
	monthSpellings map[string]time.Month // spellings besides the months' names
}

// LabelIn returns the name of the category in lang (en, fr or de; other
// values give English). Stored reports keep the canonical code.
func (c Category) LabelIn(lang string) string {
	if l, ok := tr(lang).categories[c]; ok {
		return l
	}
	return string(c)
}

// LabelIn returns the name of the channel in lang (en, fr or de; other
// values give English). Stored reports keep the canonical code.
func (c Channel) LabelIn(lang string) string {
	if l, ok := tr(lang).channels[c]; ok {
		return l
	}
	return string(c)
}

// day renders a date such as "Tuesday 17 November 2026".
func (x *texts) day(t time.Time) string {
	return fmt.Sprintf(x.dayFormat, x.weekdays[t.Weekday()], t.Day(), x.months[t.Month()-1], t.Year())
}

// date renders a date such as "17 November 2026".
func (x *texts) date(t time.Time) string {
	return fmt.Sprintf(x.dateFormat, t.Day(), x.months[t.Month()-1], t.Year())
}

// status names a case status for its reporter.
func (x *texts) status(s Status) string {
	if l, ok := x.statuses[s]; ok {
		return l
	}
	return string(s)
}

// duration renders an idle time such as "1 hour" or "30 minutes".
func (x *texts) duration(d time.Duration) string {
	switch {
	case d == time.Hour:
		return x.oneHour
	case d > time.Hour && d%time.Hour == 0:
		return fmt.Sprintf(x.hours, d/time.Hour)
	case d >= time.Minute:
		return fmt.Sprintf(x.minutes, d/time.Minute)
	default:
		return d.String()
	}
}

// editLabel names an answer in the edit menu.
func (x *texts) editLabel(s Step) string {
	switch s {
	case StepCategory:
		return x.labelCategory
	case StepDate:
		return x.labelWhen
	case StepChannel:
		return x.labelHow
	case StepWho:
		return x.labelWho
	case StepCountry:
		return x.labelCountry
	case StepDescription:
		return x.labelWhat
	case StepAccepted:
		return x.labelAccepted
	case StepEvidence:
		return x.labelEvidence
	case StepAnonymity:
		return x.editIdentity
	}
	return string(s)
}

// fieldLabels names the report fields of a ValidationError (category,
// occurred_on, ...) with their summary labels, in a stable order.
func (x *texts) fieldLabels(fields map[string]string) string {
	byField := map[string]string{
		"category": x.labelCategory, "occurred_on": x.labelWhen, "channel": x.labelHow,
		"approacher": x.labelWho, "approacher_country": x.labelCountry, "description": x.labelWhat,
		"accepted": x.labelAccepted, "accepted_detail": x.labelAccepted, "evidence": x.labelEvidence,
		"source_link": x.labelSource,
	}
	var names []string
	seen := map[string]bool{}
	for _, f := range sortedKeys(fields) {
		name, ok := byField[f]
		if !ok {
			name = f
		}
		if !seen[name] {
			seen[name] = true
			names = append(names, name)
		}
	}
	return strings.Join(names, ", ")
}

// FormText is the report form of a FormOpener (the Slack modal) in one
// language: its title and buttons, and a label for each answer with menu
// placeholders and hints. Answer menus use Category.LabelIn and
// Channel.LabelIn with Lang. What the reporter is told about the form
// comes from the core.
type FormText struct {
	Lang string // en, fr or de

	Title, Submit, Close string // Slack allows 24 characters for each
	Intro                string // above the questions
	// Filing replaces the form when the report is still being filed as
	// the platform stops waiting: the reference comes by direct message.
	// Done closes the form once it shows that (or the reference).
	Filing, Done string

	Category, CategoryPlaceholder string
	Date                          string
	Channel, ChannelPlaceholder   string
	Who, WhoHint                  string
	Country                       string
	Description, DescriptionHint  string
	Accepted, AcceptedHint        string
	Yes, No, Unsure               string // answers to Accepted
	AcceptedDetail                string
	Evidence, EvidenceHint        string
	Source                        string // link to a reported message
	Identity                      string
	IdentityHint                  string // %[1]s: the platform's name
	Anonymous                     string // the check box that makes the report anonymous
	Contact, ContactHint          string
	ContactAllowed                string // the check box that allows contact
}

// FormTextIn returns the report form's texts in lang (en, fr or de; other
// values give English).
func FormTextIn(lang string) FormText {
	x := tr(lang)
	f := x.form
	f.Lang = x.code
	f.Yes, f.No, f.Unsure = x.yes, x.no, x.unsure
	f.Source, f.Identity = x.labelSource, x.labelIdentity
	return f
}
