package awareness_test

import (
	"fmt"
	"math/rand/v2"

	"vigil/awareness"
)

// A staffer who has done every topic but one gets a scenario from that
// topic, in French, and answers it.
func Example() {
	set, err := awareness.Load("") // the embedded scenarios only
	if err != nil {
		fmt.Println(err)
		return
	}
	set = set.WithSource(rand.NewPCG(1, 1)) // repeatable picks

	done := map[string]bool{}
	for _, topic := range set.Topics() {
		done[topic] = topic != "gifts-and-hospitality"
	}
	sc := set.Pick("fr", done)
	fmt.Println(sc.Topic, sc.Lang, len(sc.Choices) >= 3)

	right, _ := set.Judge(sc.ID, sc.Lang, sc.Right)
	fmt.Println("right answer:", right)

	right, feedback := set.Judge("gifts-1", "en", 1)
	fmt.Println("choice 1:", right)
	fmt.Println(feedback[:len("Not quite. The best choice was 3")])
	// Output:
	// gifts-and-hospitality fr true
	// right answer: true
	// choice 1: false
	// Not quite. The best choice was 3
}
