package bot

// englishOutreach is everything Vigil says about subscriptions, advisories
// and awareness scenarios in English.
var englishOutreach = outreachTexts{
	languages:       map[string]string{langEN: "English", langFR: "French", langDE: "German"},
	outreachOff:     "Advisories and practice scenarios are not available in this deployment.",
	platformTrouble: "Sorry, I could not ask the chat platform just now. Please try again in a moment.",

	subscribeInDirect: "To subscribe, send me `subscribe` in a direct message: advisories are sent to you personally.",
	subscribed:        "You are subscribed. The security team's advisories (and a practice scenario each week, if the team runs one) will come here, in %s. Type `unsubscribe` to stop them.",
	subscribedAgain:   "You were already subscribed. Advisories now come here, in %s.",
	notSubscribed:     "You are not subscribed, so there is nothing to stop.",
	unsubscribed:      "You are unsubscribed: no more advisories will be sent to you. Type `subscribe` to receive them again.",

	advisoryHeader:  "Security advisory #%[1]d from the security team: %[2]s",
	advisoryFooter:  "Type `advisories` for recent advisories, `unsubscribe` to stop receiving them, or `report` if you have seen something like this.",
	withdrawnNotice: "Security advisory #%d was withdrawn by the security team.",

	noAdvisories:        "No advisories have been sent yet.",
	advisoriesHeader:    "Recent security advisories:",
	advisoriesHint:      "Type `advisories <number>` to read one.",
	advisoriesUsage:     "Usage: `advisories` for the list, or `advisories <number>` to read one, e.g. `advisories 3`.",
	noSuchAdvisory:      "There is no advisory #%d.",
	advisoryCounts:      "reached %[1]d of %[2]d · %[3]d pending · %[4]d failed",
	advisoryWithdrawnOn: "withdrawn on %[1]s by %[2]s",
	advisoryView:        "Advisory #%[1]d: %[2]s\nWritten by %[3]s, sent on %[4]s by %[5]s\nDeliveries: %[6]s",
	advisoryUsage:       "Usage: `advisory new` to write an advisory, or `advisory <number>` to see one in full.",

	noTargets:          "No channels or rooms have been added. Invite me to one, then type `target add <channel or room>`.",
	targetsHeader:      "Channels and rooms that can receive advisories:",
	targetLine:         "%[1]s (%[2]s, %[3]s)",
	everyLanguage:      "every language written",
	targetUsage:        "Usage: `target add <channel or room> [en|fr|de]` or `target remove <channel or room>`, e.g. `target add #general` or `target add #news:example.org fr`.",
	targetsUnsupported: "Channels and rooms can only be added from Slack or Matrix, where I can check that I was invited.",
	targetUnknown:      "I cannot see a channel or room %s. Check the name, and invite me to it first.",
	targetNotMember:    "I am not a member of %s, and I only post where I was invited. Invite me to it, then try again.",
	targetExists:       "%s is already a target.",
	targetAdded:        "Added %s. Advisories can now be sent there.",
	targetNotListed:    "%s is not a target.",
	targetRemoved:      "Removed %s. Advisories will no longer be sent there.",

	withdrawUsage: "Usage: `withdraw <advisory number>`, e.g. `withdraw 3`.",
	withdrawn:     "Advisory #%[1]d (%[2]s) is withdrawn: %[3]d delivered messages are being deleted (or marked withdrawn where they cannot be deleted), and %[4]d not yet delivered will not be sent.",

	composeIntro:         "Let's write an advisory. At any point reply `back` to go to the previous step or `cancel` to discard it. Nothing is sent until you confirm.",
	composeMoved:         "I have sent you a direct message to write the advisory.",
	composeHelp:          "You are writing an advisory. Reply `back` for the previous step or `cancel` to discard it.",
	composeTitlePrompt:   "What is the advisory's title? One line, for example `Fake think tank inviting assistants to Baku`.",
	composeTitleTooLong:  "Please give a title of one line and at most %d characters.",
	composeTextPrompt:    "Now the text. Start with its language, then write it: `en <text>`, `fr <text>` or `de <text>`. You can add the other languages the same way.",
	composeTextFormat:    "Please start with the language of the text: `en`, `fr` or `de`, then the text. Reply `done` when every language you want is written.",
	composeTextSaved:     "Text in %[1]s saved (written so far: %[2]s). Add another language the same way, send the same language again to replace its text, or reply `done`. Staff whose language is missing get the first text written.",
	composeTextMore:      "Texts written so far: %s. Add or replace a text with `en <text>`, `fr <text>` or `de <text>`, or reply `done`.",
	composeTargetsPrompt: "Who should receive it? Reply with one or more numbers, e.g. `1` or `1 3`:",
	allSubscribers:       "every subscriber (%d), each in their language",
	composeTargetsRange:  "Please reply with one or more numbers from 1 to %d, separated by spaces.",
	composePreviewIntro:  "Here is exactly what will be sent.",
	previewSubscribers:   "Subscribers in %[1]s (of %[2]d subscribers in all)",
	previewFallback:      "(no text in their language: they get the %s one)",
	previewTarget:        "In %s:",
	composeSendOrCancel:  "Reply `send` to send it, `back` to change the recipients, or `cancel` to discard it.",
	composeCancelled:     "Advisory discarded. Nothing was sent.",
	composeExpired:       "Your unfinished advisory was discarded after %s without an answer; nothing was sent. Type `advisory new` to start again.",
	advisorySent:         "Advisory #%[1]d is on its way to %[2]d recipients. Type `advisories` to follow its delivery, or `withdraw %[1]d` to take it back.",

	scenarioIntro:    "Practice scenario: %s",
	weeklyIntro:      "Scenario of the week: %s",
	scenarioHow:      "What would you do? Reply with the number of your choice.",
	scenarioProgress: "You have practised %[1]d of %[2]d topics and got %[3]d of %[4]d scenarios right first time.",
	scenarioNext:     "Type `scenario` for another one.",

	practiceTooFew: "Fewer than %[2]d people answered a practice scenario since %[1]s, so nothing is shown.",
	practiceHeader: "Practice since %[1]s: %[2]d people answered %[3]d scenarios, %[4]d%% right first time.\nPer topic:",
	practiceTopic:  "%[1]s: %[2]d people, %[3]d%% right first time",
	practiceHidden: "%[1]d topics practised by fewer than %[2]d people are not shown.",

	outreachWords: outreachVocabulary{
		send: []string{"send"},
		done: []string{"done", "finished", "next"},
		new:  []string{"new"},
	},
}
