// Package classifier is a small multinomial logistic regression over
// hashed text features: words, word pairs and character 4-grams of each
// word, weighted by their rarity. It learns a few thousand messages in a
// fraction of a second and answers in microseconds, and it copes with
// typos, inflection and compounds because words that differ by a letter
// still share most of their character grams.
//
// No Go library fitted: the machine-learning packages for Go are either
// dense-matrix toolkits (gonum, gorgonia) that would need a sparse layer
// written on top, or unmaintained; the model here is a hundred lines.
package classifier
