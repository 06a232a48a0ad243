// Package bot is Vigil's platform-neutral core. It defines what the rest
// of Vigil stands on: messages and replies, the adapter contract
// (adapter.go), reports and cases, and the interfaces of the store, the
// guidance and the exporter. It imports no adapter and no SQL driver.
//
// Inside, one type per job, each built in New: the Bot routes text to a
// table of commands (bot.go); guide answers questions (guide.go); the
// conversation takes a report step by step (conversation.go, steps.go);
// forms handles a platform's report form (forms.go); filing files reports
// (filing.go); followUp serves the reporter's status and additions
// (followup.go); teamDesk is the security team's case work (team.go);
// notices tells the team and reporters (notices.go); the courier delivers
// the durable outbox, through which references, receipts and notices go
// (outbox.go); maintenance runs the scheduled work (maintenance.go), the
// weekly digest among it (digest.go);
// charts draws and sends the picture of `stats` (charts.go, stats.go, with
// package chart). Linked cases (linking.go): the linker reads a report's
// indicators (package indicators) and hashes them for the store at filing
// and on additions (linker.go); the linkDesk shows a case's links with
// the values they rest on and records the team's decisions (links.go). Reaching staff before an approach (outreach_parts.go):
// subscriptions (subscriptions.go); the composer writes an advisory with a
// team member and the advisoryDesk serves, lists and withdraws them
// (compose.go, advisories.go); the broadcaster delivers advisories, their
// retractions and the scenario of the week from the outbox in batches
// (broadcast.go, weekly.go); practice gives awareness scenarios and keeps
// progress (practice.go, with package awareness). Every text a user reads, and every word
// Vigil understands, is in one catalogue per language (catalogue.go,
// messages_<lang>.go).
package bot
