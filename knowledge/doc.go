// Package knowledge is Vigil's guidance knowledge base: Markdown articles
// with YAML front matter (one per topic and language, embedded in the
// binary, optionally overridden by operator files), an in-memory Bleve
// full-text index with English, French and German analyzers, language and
// incident-intent detection, and the rendering of chat answers.
//
// *Base implements bot.Guidance.
package knowledge
