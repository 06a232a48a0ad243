package knowledge

import (
	"testing"

	"vigil/bot"
)

func TestDetectIntent(t *testing.T) {
	cases := []struct {
		text string
		want bot.Intent
	}{
		// reports: something happened
		{"someone offered me 2000 euros to table an amendment", bot.IntentReport},
		{"I was promised a job if I leak the draft", bot.IntentReport},
		{"we've been approached by a man from the embassy", bot.IntentReport},
		{"a consultant said he'd pay my MEP for a question", bot.IntentReport},
		{"they threatened my family after the vote", bot.IntentReport},
		{"I just clicked on a link in a weird mail", bot.IntentReport},
		{"our website was hacked this morning", bot.IntentReport},
		{"got an email from a fake recruiter", bot.IntentReport},
		{"I’m being followed since the hearing", bot.IntentReport}, // typographic apostrophe
		{"on m'a proposé de l'argent", bot.IntentReport},
		{"On m’a offert une montre", bot.IntentReport},
		{"quelqu'un me menace", bot.IntentReport},
		{"j'ai reçu un cadeau d'une ambassade", bot.IntentReport},
		{"je suis victime de chantage", bot.IntentReport},
		{"jemand bedroht mich", bot.IntentReport},
		{"Mir wurde Geld angeboten", bot.IntentReport},
		{"man hat uns eine Reise bezahlt und angeboten", bot.IntentReport},
		{"ich werde erpresst", bot.IntentReport},
		{"ich habe einen USB-Stick angenommen", bot.IntentReport},
		// questions: looking for guidance
		{"can staff accept a bottle of wine", bot.IntentQuestion},
		{"what should I do if someone offers me money", bot.IntentQuestion},
		{"what is foreign interference", bot.IntentQuestion},
		{"que faire si on m'a proposé de l'argent", bot.IntentQuestion},
		{"comment reconnaître un faux recruteur ?", bot.IntentQuestion},
		{"was tun, wenn mich jemand bedroht", bot.IntentQuestion},
		{"Was tun bei Drohungen?", bot.IntentQuestion},
		{"wie schütze ich mein Konto vor Phishing", bot.IntentQuestion},
		{"", bot.IntentQuestion},
	}
	for _, c := range cases {
		if got := detectIntent(c.text); got != c.want {
			t.Errorf("detectIntent(%q) = %s, want %s", c.text, got, c.want)
		}
	}
}
