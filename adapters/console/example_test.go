package console_test

import (
	"context"
	"fmt"
	"os"
	"strings"

	"vigil/adapters/console"
	"vigil/bot"
	"vigil/internal/testkit"
)

// A bot with an adapter: the core on a store, the adapter registered so
// that replies and notices reach it, then the adapter's Run feeds it
// messages (here two lines of a script) until its input ends.
func Example() {
	core := bot.New(bot.Options{Store: testkit.NewMemStore()}) // in production: storage.Open, knowledge.Load
	chat := console.New(strings.NewReader("status\nmelden\n"), os.Stdout, false, "")
	core.Register(chat)
	if err := chat.Run(context.Background(), core); err != nil {
		fmt.Println(err)
	}
	// Output:
	// vigil> Usage: `status <reference or receipt code>`, for example `status VGL-2026-0042`.
	//
	// vigil> Halten wir fest, was passiert ist. Ich stelle Ihnen einige kurze Fragen; antworten Sie jederzeit `zurück`, um zur vorigen Frage zu gehen, `überspringen`, um eine freiwillige Frage auszulassen, oder `abbrechen`, um aufzuhören. Nichts wird übermittelt, bevor Sie bestätigen.
	//
	//        Welche Art von Kontaktaufnahme war es? Antworten Sie mit einer Nummer:
	//        1. Angebot von Geld oder bezahlter Arbeit
	//        2. Geschenk oder Bewirtung
	//        3. Gesponserte Reise oder Einladung
	//        4. Kontakt durch Diplomaten oder Amtsträger
	//        5. Online-Kontaktaufnahme oder Anwerber
	//        6. Druck, Drohung oder Erpressung
	//        7. Verdacht auf Desinformation oder Manipulation
	//        8. Cyber (Phishing, Konto, Gerät)
	//        9. Sonstiges
}
