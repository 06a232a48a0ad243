// Package awareness holds Vigil's awareness scenarios: short realistic
// situations from the guidance topics, each with three or four numbered
// choices, one right answer and feedback that explains it. Staff practise
// recognising an approach; the package picks a scenario (preferring topics
// the person has not done yet) and judges the answer. It depends on no
// other Vigil package: the chat core keeps progress and decides when to
// ask.
//
// The scenarios are embedded in the binary (scenarios/<lang>/<topic>.md, in
// English, French and German). Load can read operator files from a
// directory as well: a file replaces the embedded file of the same topic
// and language, and a file with a new topic adds that topic (it then needs
// a file in each of the three languages).
//
// # File format
//
// One file per topic and language, UTF-8 Markdown that reads well when
// reviewed as such. It starts with YAML front matter between two "---"
// lines with exactly these four fields:
//
//	---
//	topic: gifts-and-hospitality            # the guidance topic id
//	lang: en                                # en, fr or de
//	title: Gifts, dinners and hospitality   # the guidance article's title in lang
//	reviewed: 2026-11-30                    # date of the last review
//	---
//
// Then one block per scenario, in this order:
//
//	## gifts-1
//
//	The situation: plain text, one paragraph (2 to 4 sentences).
//
//	1. First choice.
//	2. Second choice.
//	3. Third choice.
//	4. An optional fourth choice.
//
//	Answer: 2
//
//	Feedback: why 2 is right and why the tempting wrong choice is wrong.
//
// The level-2 heading is the scenario id: lower-case letters, digits and
// hyphens, unique across all topics, and the same in every language. The
// choices are numbered 1, 2, 3 (and 4) in order, one per line (a line
// directly below a choice, with no blank line between, continues it). The
// answer line is "Answer: N" in English, "Réponse : N" in French and
// "Antwort: N" in German. Everything after the answer line up to the next
// heading is the feedback; blank lines separate paragraphs. Text before the
// first heading, other heading levels and a second answer line are errors.
//
// Loading checks every file (front matter, syntax, 3 or 4 distinct
// choices of at most 300 characters, an answer that is one of them, a
// situation of at most 700 and a feedback of at most 1,000 characters)
// and the set as a whole: every
// topic has at least two scenarios in each of en, fr and de, with the same
// ids, the same number of choices and the same right answer in every
// language. Every problem is reported with the file (and the line, where
// there is one).
//
// Judge's feedback ends with a link to the guidance: the command that
// opens the topic's article, "`ask <title>`".
package awareness
