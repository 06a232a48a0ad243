package knowledge_test

import (
	"context"
	"fmt"
	"strings"

	"vigil/knowledge"
)

// Load the built-in guidance (it learns its models from the articles and
// the example bank) and answer a question in the language it was asked.
func ExampleBase_Answer() {
	kb, err := knowledge.Load("")
	if err != nil {
		fmt.Println(err)
		return
	}
	a, err := kb.Answer(context.Background(), "Un diplomate m'a offert une montre de luxe après une réunion, elle est sur mon bureau. Que dois-je en faire ?", "")
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(a.Lang, a.Confident, a.Results[0].ID)
	fmt.Println(a.OfferReport, a.Category, strings.Contains(a.Text, a.Results[0].Title+"\n"))
	// Output:
	// fr true gifts-and-hospitality
	// true gift true
}
